/*
 * serve.js - the docscreen serve page: pick or drop files, send them to
 * POST /api/check with the profile chosen, show the report with dsRender
 * (report.js).  Chinese by default, English on the switch.  Nothing leaves
 * the page but the files sent for checking.
 */
'use strict';

var UI = {
  zh: {title: '材料自查', sub: '中国国际人才交流大会 · 提交前检查案例文档与统计表',
       profile: '规则集', drop: '把文件拖到这里，或点击选择文件',
       types: '案例文档（.docx）和统计表（.xlsx），可一次选择多个文件，合计不超过 {max}',
       check: '开始检查', clear: '清空', switch: 'English', remove: '移除',
       sending: '正在上传 {p}%…', checking: '正在检查…', none: '请先选择文件。',
       done: '共 {n} 个文件：{back} 个需要修改后重新检查，{warn} 个有警告，{pass} 个通过。',
       next: '下一步：请于 {by} 前把以上文件（可编辑的 .docx、.xlsx）发送到组委会邮箱 {to}，并写明联系人和电话。',
       nextto: '下一步：请把以上文件（可编辑的 .docx、.xlsx）发送到组委会邮箱 {to}，并写明联系人和电话。',
       fix: '请按上面的提示修改标为“不通过”或“无法检查”的文件，然后再检查一次。',
       warnings: '有警告的地方请再看一看；确认无误也可以提交。',
       save: '下载检查结果', print: '打印',
       toobig: '所选文件合计 {size}，超过了上限 {max}，请分批检查。',
       toomany: '一次最多检查 {n} 个文件，请分批检查。',
       busy: '服务器正忙，请 {s} 秒后重试。', net: '无法连接服务器，请检查网络后重试。',
       privacy: '文件只在内存中检查，检查完即丢弃，不会保存或转发。结果仅供自查，以组委会审核为准。'},
  en: {title: 'Self-check', sub: 'China International Talent Exchange Conference · check case documents and statistics tables before sending',
       profile: 'Profile', drop: 'Drop files here, or click to choose files',
       types: 'Case documents (.docx) and statistics tables (.xlsx); several at once, {max} in all at most',
       check: 'Check', clear: 'Clear', switch: '中文', remove: 'remove',
       sending: 'Uploading {p}%…', checking: 'Checking…', none: 'Choose files first.',
       done: '{n} files: {back} to fix and check again, {warn} with warnings, {pass} pass.',
       next: 'Next: send these files (editable .docx and .xlsx) to the committee at {to} by {by}, with your contact person and phone.',
       nextto: 'Next: send these files (editable .docx and .xlsx) to the committee at {to}, with your contact person and phone.',
       fix: 'Fix the files marked fail or error as the hints above say, then check them again.',
       warnings: 'Look again where there are warnings; if all is right, the files can be sent as they are.',
       save: 'Download the result', print: 'Print',
       toobig: 'The files chosen come to {size}, more than the limit of {max}; check them in smaller groups.',
       toomany: 'At most {n} files can be checked at once; check them in smaller groups.',
       busy: 'The server is busy; try again in {s} seconds.', net: 'The server cannot be reached; check the network and try again.',
       privacy: 'Files are checked in memory and discarded afterwards; nothing is stored or passed on. The result is for your own check; the committee’s review decides.'}
};

(function () {
  var $ = function (id) { return document.getElementById(id); };
  var lang = 'zh';
  try { lang = localStorage.getItem('docscreen-lang') === 'en' ? 'en' : 'zh'; } catch (e) { /* none */ }
  if (/[?&]lang=en\b/.test(location.search)) lang = 'en';
  var limits = {max_upload: 50 * 1024 * 1024, max_files: 100};
  var profiles = [], chosen = [], last = null, busy = false, shown = null;

  function t(key, args) {
    var s = UI[lang][key];
    Object.keys(args || {}).forEach(function (k) { s = s.split('{' + k + '}').join(args[k]); });
    return s;
  }
  function size(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB';
  }
  function status(text, bad) {
    $('status').textContent = text || '';
    $('status').className = bad ? 'bad' : '';
  }

  function words() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title') + ' – docscreen';
    $('title').textContent = t('title');
    $('sub').textContent = t('sub');
    $('lang').textContent = t('switch');
    $('profile-label').textContent = t('profile');
    $('drop-text').textContent = t('drop');
    $('drop-types').textContent = t('types', {max: size(limits.max_upload)});
    $('check').textContent = t('check');
    $('clear').textContent = t('clear');
    $('privacy').textContent = t('privacy');
    var sel = $('profile'), keep = sel.value;
    sel.textContent = '';
    profiles.forEach(function (p) {
      var o = dsEl('option', null, p.title[lang]);
      o.value = p.id;
      sel.appendChild(o);
    });
    if (keep) sel.value = keep;
    describe();
    $('save').textContent = t('save');
    $('print').textContent = t('print');
    list();
  }

  /* who the profile chosen is for, in words */
  function describe() {
    var p = profile();
    $('profile-desc').textContent = p && p.description ? p.description[lang] : '';
  }
  function profile() {
    var id = $('profile').value;
    return profiles.filter(function (p) { return p.id === id; })[0];
  }

  /* a date as each language writes it */
  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return iso;
    var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                  'October', 'November', 'December'];
    return lang === 'zh' ? +m[1] + '年' + +m[2] + '月' + +m[3] + '日' : +m[3] + ' ' + months[+m[2] - 1] + ' ' + m[1];
  }

  /* what to do now: fix and check again, or where to send the files */
  function next(R) {
    var box = $('next'), s = R.summary, p = profile();
    box.textContent = '';
    box.className = '';
    if (s.fail + s.error) {
      box.appendChild(dsEl('p', null, t('fix')));
      box.className = 'next bad';
      return;
    }
    if (s.warn) box.appendChild(dsEl('p', null, t('warnings')));
    if (p && p.submit && p.submit.to)
      box.appendChild(dsEl('p', null, t(p.submit.by ? 'next' : 'nextto', {to: p.submit.to, by: day(p.submit.by)})));
    box.className = 'next good';
  }

  /* the result as one self-contained page, as check --format html writes it */
  function save() {
    if (!shown) return;
    Promise.all(['/report.css', '/report.js'].map(function (u) {
      return fetch(u).then(function (r) { return r.text(); });
    })).then(function (parts) {
      var json = JSON.stringify(shown).replace(/</g, '\\u003c');
      var html = '<!DOCTYPE html>\n<html lang="' + (lang === 'zh' ? 'zh-CN' : 'en') + '"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>docscreen</title><style>' +
        parts[0] + '</style></head><body><header><h1 id="title"></h1><p id="sub"></p></header>' +
        '<main id="root"></main><script type="application/json" id="report">' + json + '</scr' + 'ipt><script>' +
        parts[1] + '\ndsReportPage();</scr' + 'ipt></body></html>\n';
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([html], {type: 'text/html'}));
      a.download = 'docscreen-' + new Date().toISOString().slice(0, 10) + '.html';
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  }

  function list() {
    var ul = $('chosen');
    ul.textContent = '';
    chosen.forEach(function (f, i) {
      var li = ul.appendChild(dsEl('li', null, f.name + ' (' + size(f.size) + ') '));
      var a = li.appendChild(dsEl('button', null, t('remove')));
      a.type = 'button';
      a.onclick = function () { chosen.splice(i, 1); list(); };
    });
    $('check').disabled = busy || !chosen.length;
    $('clear').disabled = busy || (!chosen.length && !last);
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (f) {
      if (!chosen.some(function (g) { return g.name === f.name && g.size === f.size; })) chosen.push(f);
    });
    list();
    status('');
  }

  function check(files) {
    if (!files.length) { status(t('none'), true); return; }
    var total = files.reduce(function (n, f) { return n + f.size; }, 0);
    if (total > limits.max_upload) { status(t('toobig', {size: size(total), max: size(limits.max_upload)}), true); return; }
    if (files.length > limits.max_files) { status(t('toomany', {n: limits.max_files}), true); return; }
    var form = new FormData();
    form.append('profile', $('profile').value);
    form.append('lang', lang);
    files.forEach(function (f) { form.append('file', f, f.name); });
    var x = new XMLHttpRequest();
    x.open('POST', '/api/check?lang=' + lang);
    x.responseType = 'json';
    var bar = $('progress');
    bar.hidden = false;
    bar.value = 0;
    busy = true;
    list();
    status(t('sending', {p: 0}));
    x.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var p = Math.round(100 * e.loaded / e.total);
      bar.value = p;
      status(p < 100 ? t('sending', {p: p}) : t('checking'));
    };
    x.upload.onload = function () { bar.removeAttribute('value'); status(t('checking')); };
    x.onloadend = function () {
      busy = false;
      bar.hidden = true;
      var R = x.response;
      if (x.status === 200 && R && R.files) {
        last = files;
        var s = R.summary;
        status(t('done', {n: s.files, pass: s.pass, warn: s.warn, back: s.fail + s.error}));
        dsRender(R, $('results'), {open: true});
        shown = R;
        next(R);
        $('after').hidden = false;
      } else if (x.status === 503) {
        status(t('busy', {s: x.getResponseHeader('Retry-After') || 5}), true);
      } else if (R && R.error) {
        status(R.error.message, true);
      } else {
        status(t('net'), true);
      }
      list();
    };
    x.send(form);
  }

  var drop = $('drop'), input = $('files');
  drop.onclick = function () { input.click(); };
  drop.onkeydown = function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } };
  input.onchange = function () { add(input.files); input.value = ''; };
  ['dragenter', 'dragover'].forEach(function (n) {
    drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (n) {
    drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) { add(e.dataTransfer.files); });
  $('check').onclick = function () { check(chosen.slice()); };
  $('save').onclick = save;
  $('print').onclick = function () { window.print(); };
  $('profile').onchange = describe;
  $('clear').onclick = function () {
    chosen = []; last = null; shown = null;
    $('results').textContent = '';
    $('next').textContent = '';
    $('after').hidden = true;
    status('');
    list();
  };
  $('lang').onclick = function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    try { localStorage.setItem('docscreen-lang', lang); } catch (e) { /* none */ }
    words();
    if (last && !busy) check(last); /* the findings, in the other language */
  };

  words();
  var x = new XMLHttpRequest();
  x.open('GET', '/api/profiles');
  x.responseType = 'json';
  x.onload = function () {
    var r = x.response;
    if (!r || !r.profiles) return;
    limits.max_upload = r.max_upload;
    limits.max_files = r.max_files;
    profiles = r.profiles;
    words();
    $('profile').value = r.default;
    describe();
  };
  x.send();
})();
