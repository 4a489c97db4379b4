// Browser test of the HTML roll-up: headless Chromium (Debian's) driven by
// Playwright opens a report of the fixtures, filters by status, expands a
// file and checks what a person would see.  Writes a screenshot next to
// the report.  usage: node report.test.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';

const [report, shot, reportEn, reportWaived] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = 0, passed = 0;
function check(ok, what) { if (ok) passed++; else { failed++; console.log('FAIL: ' + what); } }
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const requests = [];
  page.on('request', r => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto('file://' + report);
  check(errors.length === 0, 'script errors: ' + errors.join('; '));
  check(requests.length === 0, 'the page fetched ' + requests.join(', '));
  const title = await page.textContent('#title');
  check(title.includes('中国国际人才交流大会'), 'Chinese title, got ' + title);
  const all = await page.locator('tr.file').count();
  const total = Number(await page.textContent('.card[data-status=""] b'));
  check(all === total && all > 10, `all ${total} files listed, got ${all}`);
  // a collection: the submissions first; a click shows one unit's files
  const subs = await page.locator('#subs tr.sub').count();
  check(subs > 3, `the submissions are listed, got ${subs}`);
  const zip = page.locator('#subs tr.sub[data-source$="intake/江海市-报送材料.zip"]');
  check((await zip.textContent()).includes('江海市人力资源和社会保障局'), 'a submission is named by its 报送单位');
  await zip.click();
  const shown = await page.locator('tr.file').allTextContents();
  check(shown.length === 3 && shown.every(t => t.includes('江海市-报送材料.zip')),
        `a click on a submission shows its 3 files, got ${shown.length}`);
  await zip.click();
  check(await page.locator('tr.file').count() === all, 'a second click shows all files again');
  // what was sent twice, as clusters of places; a click on a place shows its file
  const clusters = await page.locator('#dups .cluster').count();
  const places = await page.locator('#dups .cluster').evaluateAll(cs => cs.map(c => c.querySelectorAll('.place').length));
  check(clusters > 0 && places.every(n => n >= 2), `duplicate clusters of two places or more, got ${places}`);
  const keys = await page.locator('#dups .cluster').evaluateAll(cs => cs.map(c =>
    [...c.querySelectorAll('.place')].map(p => p.textContent).sort().join('|')));
  check(new Set(keys).size === keys.length, 'each cluster is listed once');
  const place = page.locator('#dups .cluster .place').first();
  const placeText = await place.textContent();
  await place.click();
  const opened = await page.locator('tr.details').count();
  const openedPath = await page.locator('tr.file').evaluateAll(rs => rs.filter(r =>
    r.nextElementSibling && r.nextElementSibling.classList.contains('details')).map(r => r.dataset.path));
  check(opened === 1 && placeText.includes(openedPath[0]), `a click on ${placeText} opens its file, got ${openedPath}`);
  await page.locator(`tr.file[data-path="${openedPath[0]}"]`).click();
  // what must go back: the failing files and those that could not be checked
  await page.click('.card[data-status="back"]');
  const back = Number(await page.textContent('.card[data-status="back"] b'));
  const badges = await page.locator('tr.file .badge').allTextContents();
  check(badges.length === back && badges.every(b => b === '不通过' || b === '无法检查') &&
        badges.includes('无法检查') && badges.includes('不通过'),
        `the send-back filter shows ${back} files that fail or could not be read, got ${badges.join(',')}`);
  // each shows its reason without a click: its first problem, an error first
  const reasons = await page.locator('tr.file').evaluateAll(rs => rs.map(r => {
    const x = r.querySelector('.reason'); return x ? x.className : ''; }));
  check(reasons.length && reasons.every(c => c.includes('reason')) && reasons.some(c => c.includes('s-error')),
        `each file to send back shows its reason, got ${reasons.slice(0, 5)}`);
  // facts are not findings: no info finding anywhere, and no rule id until asked
  const infos = await page.locator('.finding.s-info').count();
  check(infos === 0, `info findings shown: ${infos}`);
  // filter by rule, then expand a file and read its findings
  await page.click('.card[data-status=""]');
  await page.selectOption('#rule', 'wordcount.case-length');
  const row = page.locator('tr.file', { hasText: 'trigger-short.docx' });
  check(await row.count() === 1, 'the short case is listed under wordcount.case-length');
  await row.click();
  const details = await page.textContent('tr.details');
  check(details.includes('字数仅 260'), 'expanded findings show the word count: ' + details.slice(0, 200));
  check(details.includes('请补充约'), 'expanded findings show the hint');
  check(details.includes('案例1'), 'expanded findings show the case');
  check(!details.includes('第') || !/第\d+段/.test(details), 'a place is named by its words, not a paragraph number: ' + details.slice(0, 300));
  check(await page.locator('tr.details .rule').first().isHidden(), 'rule ids are hidden');
  await page.check('#show-rules');
  check(await page.locator('tr.details .rule').first().isVisible(), 'rule ids shown on demand');
  await page.uncheck('#show-rules');
  // a hostile file name or text is shown as text, never as markup
  check(await page.locator('tr.details script').count() === 0, 'no markup from the data');
  await page.selectOption('#rule', '');
  // an e-mail's row shows who sent it and about what
  const mail = await page.textContent('tr.file[data-path$="江海市-报送邮件.eml"]');
  check(mail.includes('江海市人社局') && mail.includes('成果案例与统计表'), 'the e-mail row shows its envelope: ' + mail);
  // sorting by status puts the unreadable files last
  await page.click('#h-status');
  await page.click('#h-status');
  const first = await page.locator('tr.file .badge').first().textContent();
  check(first === '无法检查', 'descending status sort starts with unreadable files, got ' + first);
  await page.screenshot({ path: shot, fullPage: false });
  // the same report in English: English words, a failing file's reason in its row
  if (reportEn) {
    await page.goto('file://' + reportEn);
    check((await page.getAttribute('html', 'lang')) === 'en', 'the English report says lang="en"');
    const cards = await page.locator('.card span').allTextContents();
    check(cards.includes('to send back') && cards.includes('pass'), 'English cards: ' + cards.join(','));
    await page.click('.card[data-status="back"]');
    const reason = await page.locator('tr.file .reason').first().textContent();
    check(/[a-z]{3,}/.test(reason) && !/[建议位置]/.test(reason), 'an English reason: ' + reason);
    await page.screenshot({ path: shot.replace(/\.png$/, '-en.png'), fullPage: false });
  }
  // a waived finding: shown apart with its reason, counted in no column
  if (reportWaived) {
    await page.goto('file://' + reportWaived);
    const row = page.locator('tr.file', { hasText: 'trigger-short.docx' });
    const errorsCell = await row.locator('td').nth(2).textContent();
    await row.click();
    const waived = page.locator('tr.details .finding.waived');
    check(await waived.count() === 1, 'one waived finding shown');
    const text = await waived.textContent();
    check(text.includes('已豁免') && text.includes('编辑同意保留') && text.includes('王编辑'),
          'the waived finding says who and why: ' + text);
    check(errorsCell.trim() === '1', 'the waived error is not counted, got ' + errorsCell);
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
