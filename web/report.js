/*
 * report.js - draws a docscreen JSON report (docs/report.md) as cards, a
 * filterable, sortable table of files and, per file, its cases and findings
 * with locations and hints.  Text from documents only ever goes through
 * textContent, so it can never become markup.  Used inline by the HTML
 * report and as a script by the docscreen serve page.
 *
 *   dsRender(report, element, {open: true})  draw into element
 *   dsReportPage()                            the HTML report: data from #report
 */
'use strict';

var DS_TEXT = {
  zh: {pass: '通过', warn: '警告', fail: '不通过', error: '无法检查', all: '全部', file: '文件',
       status: '状态', err: '错误', warnc: '警告', cases: '案例', rules: '全部规则',
       search: '搜索文件名或问题', files: '个文件', error_s: '错误', warning: '警告', info: '提示',
       case_: '案例', para: '第{n}段', heading: '标题', begins: '以“{e}”开头的段落', whole: '段落“{e}”',
       lq: '“', rq: '”', passage: '段落中“{e}”处',
       back: '需退回', rules_: '显示规则编号', table: '表格{t}第{r}行第{c}列', sheet: '工作表', words: '字',
       profile: '规则集', none: '没有问题', sep: '，', list: '；', converted: '由 .{f} 转换',
       subs: '报送单位', sub: '报送单位', table_: '统计表', contact: '联系人', problems: '问题',
       dups: '重复报送', allsubs: '全部单位的文件', dcase: '相同或高度相似的案例（{n} 处）',
       dtable: '数字完全相同的统计表（{n} 份）', waived: '已豁免', why: '理由：'},
  en: {pass: 'pass', warn: 'warn', fail: 'fail', error: 'error', all: 'all', file: 'file',
       status: 'status', err: 'errors', warnc: 'warnings', cases: 'cases', rules: 'all rules',
       search: 'search files or findings', files: 'files', error_s: 'error', warning: 'warning',
       info: 'info', case_: 'case ', para: 'paragraph {n}', heading: 'its heading',
       begins: 'the paragraph that begins "{e}"', whole: 'the paragraph "{e}"', back: 'to send back',
       lq: ' "', rq: '"', passage: 'the passage "{e}"',
       rules_: 'show rule ids', table: 'table {t} row {r} col {c}',
       sheet: 'sheet', words: '字', profile: 'profile', none: 'no findings', sep: ', ', list: '; ',
       converted: 'converted from .{f}', subs: 'submissions', sub: 'submission', table_: 'table',
       contact: 'contact', problems: 'problems', dups: 'sent twice', allsubs: 'files of all submissions',
       dcase: 'the same case, or nearly ({n} places)', dtable: 'statistics tables with the same figures ({n})',
       waived: 'waived', why: 'why: '}
};

function dsEl(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function dsRender(R, root, opts) {
  var T = DS_TEXT[R.lang === 'zh' ? 'zh' : 'en'];
  var el = dsEl;
  opts = opts || {};
  root.textContent = '';
  R.files.forEach(function (f) {
    f.errors = 0; f.warnings = 0;
    f.findings.forEach(function (x) {
      if (x.waived) return;
      if (x.severity === 'error') f.errors++;
      else if (x.severity === 'warning') f.warnings++;
    });
  });
  var state = {status: '', rule: '', q: '', key: 'path', dir: 1, open: {}, sub: null};
  if (opts.open) R.files.forEach(function (f, i) { state.open[i] = true; });

  /* a collection: the submissions first, what each unit sent at a glance
   * (a click shows its files), and the cases sent twice */
  if (R.submissions && R.submissions.length) {
    root.appendChild(el('h2', 'section', T.subs + ' (' + R.submissions.length + ')'));
    var cats = [];
    R.submissions.forEach(function (s) {
      Object.keys(s.cases_by_category).forEach(function (k) { if (cats.indexOf(k) < 0) cats.push(k); });
    });
    var names = R.categories || {};
    var st = root.appendChild(el('table', 'subs'));
    st.id = 'subs';
    var sh = st.appendChild(el('thead')).appendChild(el('tr'));
    [T.sub, T.status, T.table_].concat(cats.map(function (k) { return names[k] || k || '—'; }), [T.contact, T.problems])
      .forEach(function (h) { sh.appendChild(el('th', null, h)); });
    var sb = st.appendChild(el('tbody'));
    R.submissions.forEach(function (s) {
      var tr = sb.appendChild(el('tr', 'sub'));
      tr.dataset.source = s.source;
      var name = tr.appendChild(el('td', null, s.name));
      if (s.name !== s.source) name.appendChild(el('div', 'envelope', s.source));
      tr.appendChild(el('td')).appendChild(el('span', 'badge b-' + s.status, T[s.status]));
      tr.appendChild(el('td', s.has_table ? 'yes' : 'no', s.has_table ? '✓' : '✗'));
      cats.forEach(function (k) { tr.appendChild(el('td', null, s.cases_by_category[k] || 0)); });
      var c = s.contacts;
      tr.appendChild(el('td', null, [c.person, c.phone, c.email].filter(Boolean).join(' · ')));
      var p = tr.appendChild(el('td'));
      s.findings.forEach(function (x) { p.appendChild(el('div', 'finding s-' + x.severity, x.message)); });
      tr.onclick = function () {
        state.sub = state.sub === s ? null : s;
        sb.querySelectorAll('tr.sub').forEach(function (r) { r.classList.toggle('sel', r === tr && !!state.sub); });
        draw();
      };
    });
    /* what was sent twice, as clusters: each duplicate finding and the
     * places it points at ("related") are one cluster; a click on a place
     * shows its file */
    var owner = {}, index = {}, clusters = [], seen = {};
    R.submissions.forEach(function (s) { s.files.forEach(function (p) { owner[p] = s; }); });
    R.files.forEach(function (f, i) { index[f.path] = i; });
    R.files.forEach(function (f) {
      f.findings.forEach(function (x) {
        if (x.rule !== 'collection.duplicate-case' && x.rule !== 'collection.duplicate-table') return;
        var places = [{path: f.path, case: x.location.case, case_title: x.location.case_title}]
          .concat(x.related || []);
        var key = x.rule + ' ' + places.map(function (p) { return p.path + '#' + (p.case || 0); }).sort().join(' ');
        if (seen[key]) return;
        seen[key] = 1;
        clusters.push({rule: x.rule, severity: x.severity, places: places});
      });
    });
    if (clusters.length) {
      root.appendChild(el('h2', 'section', T.dups + ' (' + clusters.length + ')'));
      var dl = root.appendChild(el('div', 'dups'));
      dl.id = 'dups';
      clusters.forEach(function (c) {
        var b = dl.appendChild(el('div', 'finding cluster s-' + c.severity));
        b.appendChild(el('div', 'ctitle', (c.rule === 'collection.duplicate-table' ? T.dtable : T.dcase)
          .replace('{n}', c.places.length)));
        c.places.forEach(function (p) {
          var s = owner[p.path];
          var a = b.appendChild(el('div', 'place', (s ? s.name + ' · ' : '') + p.path +
            (p.case ? ' · ' + T.case_ + p.case + (p.case_title ? T.lq + p.case_title + T.rq : '') : '')));
          a.onclick = function () {
            state.sub = null; state.status = ''; state.rule = ''; state.q = '';
            sb.querySelectorAll('tr.sub').forEach(function (r) { r.classList.remove('sel'); });
            state.open[index[p.path]] = true;
            draw();
            var row = rows.querySelector('tr.file[data-path="' + CSS.escape(p.path) + '"]');
            if (row) row.scrollIntoView();
          };
        });
      });
    }
    root.appendChild(el('h2', 'section', T.allsubs));
  }

  var cards = root.appendChild(el('div', 'cards'));
  cards.id = 'cards';
  /* what must go back (failed, or could not be checked at all), what to
   * look at, what passed */
  var count = {'': R.summary.files, back: R.summary.fail + R.summary.error, warn: R.summary.warn,
               pass: R.summary.pass};
  ['', 'back', 'warn', 'pass'].forEach(function (s) {
    var c = el('div', 'card ' + s);
    c.dataset.status = s;
    c.appendChild(el('b', null, count[s]));
    c.appendChild(el('span', null, s ? T[s] : T.all));
    c.onclick = function () { state.status = s; draw(); };
    cards.appendChild(c);
  });

  var tools = root.appendChild(el('div', 'tools'));
  var sel = tools.appendChild(el('select'));
  sel.id = 'rule';
  var rules = {};
  R.files.forEach(function (f) { f.findings.forEach(function (x) { rules[x.rule] = 1; }); });
  sel.appendChild(el('option', null, T.rules)).value = '';
  Object.keys(rules).sort().forEach(function (r) { sel.appendChild(el('option', null, r)).value = r; });
  sel.onchange = function () { state.rule = sel.value; draw(); };
  var q = tools.appendChild(el('input'));
  q.id = 'q';
  q.type = 'search';
  q.placeholder = T.search;
  q.oninput = function () { state.q = q.value.toLowerCase(); draw(); };
  /* rule ids are for the committee and CI, shown on demand */
  var ids = tools.appendChild(el('label', 'ids'));
  var box = ids.appendChild(el('input'));
  box.type = 'checkbox';
  box.id = 'show-rules';
  ids.appendChild(el('span', null, T.rules_));
  box.onchange = function () { root.classList.toggle('show-rules', box.checked); };

  var table = root.appendChild(el('table'));
  var head = table.appendChild(el('thead')).appendChild(el('tr'));
  [['path', 'path', T.file, ''], ['status', 'status', T.status, ''], ['errors', 'err', T.err, ''],
   ['warnings', 'warn', T.warnc, 'hide-narrow'], ['cases', 'cases', T.cases, 'hide-narrow']
  ].forEach(function (h) {
    var th = head.appendChild(el('th', h[3] || null, h[2]));
    th.id = 'h-' + h[1];
    th.dataset.k = h[0];
    th.onclick = function () {
      state.dir = state.key === h[0] ? -state.dir : 1;
      state.key = h[0];
      draw();
    };
  });
  var rows = table.appendChild(el('tbody'));
  rows.id = 'rows';
  var order = {pass: 0, warn: 1, fail: 2, error: 3};

  function where(l) {
    var p = [];
    if (l.case) p.push(T.case_ + l.case + (l.case_title ? T.lq + l.case_title + T.rq : ''));
    if (l.table) p.push(T.table.replace('{t}', l.table).replace('{r}', l.row).replace('{c}', l.col));
    else if (l.excerpt && l.excerpt === l.case_title) p.push(T.heading);
    else if (l.excerpt && /^…/.test(l.excerpt)) p.push(T.passage.replace('{e}', l.excerpt));
    else if (l.excerpt && /……$/.test(l.excerpt)) p.push(T.begins.replace('{e}', l.excerpt));
    else if (l.excerpt) p.push(T.whole.replace('{e}', l.excerpt));
    else if (l.paragraph && !l.case) p.push(T.para.replace('{n}', l.paragraph)); /* (a case is found by its title) */
    if (l.sheet) p.push(T.sheet + ' ' + l.sheet + (l.cell ? ' ' + l.cell : ''));
    return p.join(T.sep);
  }

  function details(f, td) {
    if (f.cases.length) {
      td.appendChild(el('div', 'cases', f.cases.map(function (k) {
        return T.case_ + k.index + T.lq + (k.title || '—') + T.rq + (k.category ? ' ' + (R.categories && R.categories[k.category] || k.category) + ' ·' : '') +
          ' ' + k.words + ' ' + T.words;
      }).join(T.list)));
    }
    if (!f.findings.length) td.appendChild(el('div', null, T.none));
    f.findings.forEach(function (x) {
      if (state.rule && x.rule !== state.rule) return;
      /* a waived finding: shown with who accepted it and why, counted nowhere */
      var b = el('div', 'finding ' + (x.waived ? 'waived' : 's-' + x.severity));
      var h = b.appendChild(el('div'));
      h.appendChild(el('strong', null, (x.waived ? T.waived : T[x.severity === 'error' ? 'error_s' : x.severity]) + ' '));
      h.appendChild(el('span', null, x.message));
      b.appendChild(el('div', 'rule', x.rule));
      var w = where(x.location);
      if (w) b.appendChild(el('div', 'where', w));
      if (x.waived) {
        b.appendChild(el('div', 'why', T.why + x.waived.reason +
          [x.waived.by, x.waived.expires].filter(Boolean).map(function (v) { return ' · ' + v; }).join('')));
      } else if (x.hint) b.appendChild(el('div', 'hint', x.hint));
      td.appendChild(b);
    });
  }

  function draw() {
    cards.querySelectorAll('.card').forEach(function (c) {
      c.classList.toggle('sel', c.dataset.status === state.status);
    });
    rows.textContent = '';
    var fs = R.files.map(function (f, i) { return {f: f, i: i}; }).filter(function (e) {
      var f = e.f;
      if (state.status && (state.status === 'back' ? f.status !== 'fail' && f.status !== 'error'
                                                    : f.status !== state.status)) return false;
      if (state.sub && state.sub.files.indexOf(f.path) < 0) return false;
      if (state.rule && !f.findings.some(function (x) { return x.rule === state.rule; })) return false;
      if (state.q) {
        var t = f.path.toLowerCase();
        if (f.message) t += ' ' + (f.message.from + ' ' + f.message.subject).toLowerCase();
        f.findings.forEach(function (x) { t += ' ' + x.message.toLowerCase(); });
        if (t.indexOf(state.q) < 0) return false;
      }
      return true;
    });
    fs.sort(function (a, b) {
      var x = a.f[state.key], y = b.f[state.key];
      if (state.key === 'status') { x = order[x]; y = order[y]; }
      if (state.key === 'cases') { x = a.f.cases.length; y = b.f.cases.length; }
      return (x < y ? -1 : x > y ? 1 : a.i - b.i) * state.dir;
    });
    fs.forEach(function (e) {
      var f = e.f;
      var tr = rows.appendChild(el('tr', 'file'));
      tr.dataset.path = f.path;
      var name = tr.appendChild(el('td', null, f.path));
      if (f.message) { /* an e-mail: who sent it, what about, when */
        name.appendChild(el('div', 'envelope', [f.message.from, f.message.subject, f.message.date]
          .filter(Boolean).join(' · ')));
      }
      if (f.converted_from) name.appendChild(el('div', 'envelope', T.converted.replace('{f}', f.converted_from)));
      /* the reason at a glance: its first problem (errors come first) */
      var first = f.findings.filter(function (x) { return x.severity !== 'info' && !x.waived; })[0];
      if (first) name.appendChild(el('div', 'reason s-' + first.severity, first.message));
      tr.appendChild(el('td')).appendChild(el('span', 'badge b-' + f.status, T[f.status]));
      tr.appendChild(el('td', null, f.errors));
      tr.appendChild(el('td', 'hide-narrow', f.warnings));
      tr.appendChild(el('td', 'hide-narrow', f.cases.length));
      tr.onclick = function () { state.open[e.i] = !state.open[e.i]; draw(); };
      if (!state.open[e.i]) return;
      var td = rows.appendChild(el('tr', 'details')).appendChild(el('td'));
      td.colSpan = 5;
      details(f, td);
    });
  }
  draw();
}

function dsReportPage() {
  var R = JSON.parse(document.getElementById('report').textContent);
  var T = DS_TEXT[R.lang === 'zh' ? 'zh' : 'en'];
  document.title = 'docscreen – ' + R.profile.title;
  document.getElementById('title').textContent = R.profile.title;
  document.getElementById('sub').textContent = R.summary.files + ' ' + T.files + ' · ' + T.profile + ' ' +
    R.profile.id + ' · docscreen ' + R.tool.version;
  dsRender(R, document.getElementById('root'));
}
