// Browser test of the docscreen serve page: starts `docscreen serve` on a
// free loopback port, and headless Chromium (Debian's, driven by Playwright)
// uploads a failing case document and a statistics workbook the way a
// submitter would, then reads the findings shown, in Chinese and, after the
// switch, in English; a narrow screen too.  Keeps screenshots.
//   node serve.test.mjs DOCSCREEN SOURCE_DIR SCREENSHOT_PREFIX
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const [bin, src, shots] = process.argv.slice(2);
// (no LibreOffice: a legacy file is a finding whose hint has advice for the committee too)
const server = spawn(bin, ['serve', '--listen', '127.0.0.1:0'], {
  env: { ...process.env, LANGUAGE: '', LC_ALL: 'C.UTF-8', DOCSCREEN_SOFFICE: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', d => { out += d; const m = out.match(/http:\/\/\S+/); if (m) resolve(m[0]); });
  server.on('exit', c => reject(new Error('serve exited with ' + c)));
  setTimeout(() => reject(new Error('serve did not start')), 10000);
});

let failed = 0, passed = 0;
function check(ok, what) { if (ok) passed++; else { failed++; console.log('FAIL: ' + what); } }
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const short = src + '/fixtures/citec/rules/wordcount.case-length/trigger-short.docx';
const table = src + '/fixtures/citec/sample/05-江海市-成果统计表.xlsx';
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const foreign = [], errors = [];
  page.on('request', r => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#profile option').length > 0);
  check((await page.textContent('#title')) === '材料自查', 'Chinese by default');
  check((await page.inputValue('#profile')) === 'citec-2023-national', 'the default profile is chosen');
  const options = await page.locator('#profile option').allTextContents();
  check(options.some(o => o.includes('深圳')), 'the Shenzhen profile is offered: ' + options.join(' | '));
  check(options.every(o => !/citec-|basic/.test(o)), 'profiles are named in words, not ids: ' + options.join(' | '));
  check((await page.textContent('#profile-desc')).includes('各省'), 'the profile chosen says who it is for');
  await page.selectOption('#profile', 'citec-2023-shenzhen');
  check((await page.textContent('#profile-desc')).includes('深圳市各区'), 'the Shenzhen profile says it is for the districts');
  await page.selectOption('#profile', 'citec-2023-national');
  check((await page.isDisabled('#check')), 'nothing to check before files are chosen');

  await page.setInputFiles('#files', [short, table]);
  const chosen = await page.locator('#chosen li').allTextContents();
  check(chosen.length === 2 && chosen[0].includes('trigger-short.docx'), 'the files chosen are listed: ' + chosen);
  await page.click('#check');
  await page.waitForSelector('#results tr.file', { timeout: 20000 });
  const status = await page.textContent('#status');
  check(status.includes('共 2 个文件') && status.includes('1 个需要修改后重新检查'), 'the summary line: ' + status);
  check((await page.getAttribute('#next', 'class')).includes('bad') && (await page.textContent('#next')).includes('修改'),
        'a failing file: fix it and check again');
  check(await page.locator('#results .rule').first().isHidden(), 'no rule ids for a submitter');
  const rows = await page.locator('#results tr.file').allTextContents();
  check(rows.length === 2, 'one row per file: ' + rows.join(' | '));
  const details = (await page.locator('#results tr.details').allTextContents()).join('\n');
  check(details.includes('字数仅 260'), 'the short case is named with its count: ' + details.slice(0, 300));
  check(details.includes('请补充约'), 'the hint says what to do');
  check(details.includes('案例1'), 'the finding says which case');
  const badge = await page.locator('#results tr.file', { hasText: '成果统计表' }).locator('.badge').textContent();
  check(badge === '通过', 'the statistics workbook passes: ' + badge);
  await page.screenshot({ path: shots + '-zh-fail.png', fullPage: true });

  // the English switch: the page and the findings
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#status').textContent.includes('2 files'), null,
                             { timeout: 20000 });
  check((await page.textContent('#title')) === 'Self-check', 'English on the switch');
  const en = (await page.locator('#results tr.details').allTextContents()).join('\n');
  check(/260/.test(en) && /字/.test(en) && /case/i.test(en) && !en.includes('请补充约'),
        'findings in English after the switch: ' + en.slice(0, 300));
  await page.screenshot({ path: shots + '-en-fail.png', fullPage: true });

  // a file that passes: where to send it and by when (the profile's), in both languages
  await page.click('#clear');
  await page.setInputFiles('#files', [table]);
  await page.click('#check');
  await page.waitForFunction(() => document.querySelector('#next').textContent.length > 0, null, { timeout: 20000 });
  const nextEn = await page.textContent('#next');
  check(nextEn.includes('xiaominzhi@ciep.gov.cn') && nextEn.includes('10 April 2023'), 'the next step in English: ' + nextEn);
  await page.screenshot({ path: shots + '-en-pass.png', fullPage: true });
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#next').textContent.includes('2023年4月10日'), null,
                             { timeout: 20000 });
  check((await page.getAttribute('#next', 'class')).includes('good'), 'a passing file: the next step');
  await page.screenshot({ path: shots + '-zh-pass.png', fullPage: true });
  // the result kept: a download of the report page, and a print without the controls
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  const saved = await (await import('node:fs')).promises.readFile(await download.path(), 'utf-8');
  check(saved.includes('dsReportPage') && saved.includes('05-江海市-成果统计表.xlsx') && saved.includes('lang="zh-CN"'),
        'the downloaded report is the result, self-contained');
  await page.emulateMedia({ media: 'print' });
  check(await page.locator('#drop').isHidden() && await page.locator('#results tr.file').first().isVisible(),
        'printed: the result without the controls');
  await page.emulateMedia({ media: 'screen' });

  // a legacy file: the submitter's advice only, no command line
  await page.click('#clear');
  await page.setInputFiles('#files', [src + '/fixtures/basic/legacy-word97.doc']);
  await page.click('#check');
  await page.waitForSelector('#results tr.details', { timeout: 20000 });
  const legacy = await page.textContent('#results tr.details');
  check(legacy.includes('另存为') && !legacy.includes('install-deps') && !legacy.includes('--'),
        'a hint for the submitter, without command-line advice: ' + legacy.slice(0, 300));

  // a file that is not a document is a finding, not a failure of the page
  await page.click('#clear');
  await page.setInputFiles('#files', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.click('#check');
  await page.waitForSelector('#results tr.file', { timeout: 20000 });
  check((await page.locator('#results .badge').textContent()) === '无法检查', 'a text file cannot be checked');

  // a narrow screen: nothing wider than the viewport
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await phone.goto(url);
  await phone.waitForFunction(() => document.querySelectorAll('#profile option').length > 0);
  await phone.setInputFiles('#files', [short]);
  await phone.click('#check');
  await phone.waitForSelector('#results tr.details', { timeout: 20000 });
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 360, 'fits a 360 px screen, width ' + width);
  await phone.screenshot({ path: shots + '-narrow.png', fullPage: true });

  check(errors.length === 0, 'no script or CSP errors: ' + errors.join('; '));
  check(foreign.length === 0, 'nothing fetched from elsewhere: ' + foreign.join(', '));
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
