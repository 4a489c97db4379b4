/*
 * emit.c - the roll-up formats derived from the report: one self-contained
 * HTML page (data as JSON inside, rendered by inline script with textContent
 * only, so document text can never become markup), CSV for Excel (UTF-8
 * with BOM), JUnit XML for CI servers and SARIF 2.1.0 for code-scanning
 * tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ------------------------------------------------------------------ HTML */

static const char html_head[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>docscreen</title>\n<style>\n"
	"body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;color:#222;background:#f6f7f9}\n"
	"header{background:#1f3a5f;color:#fff;padding:12px 16px}header h1{font-size:18px;margin:0}\n"
	"header p{margin:4px 0 0;font-size:13px;opacity:.85}main{padding:12px 16px;max-width:1100px;margin:auto}\n"
	".cards{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:12px}.card{flex:1;min-width:110px;background:#fff;"
	"border-radius:6px;padding:8px 12px;border-left:6px solid #999;cursor:pointer}.card b{display:block;font-size:22px}\n"
	".card.sel{outline:2px solid #1f3a5f}.pass{border-color:#2e7d32}.warn{border-color:#ed8b00}.fail{border-color:#c62828}"
	".error{border-color:#6a1b9a}\n"
	".tools{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:8px}.tools select,.tools input{padding:6px;font-size:14px}\n"
	"table{width:100%;border-collapse:collapse;background:#fff}th,td{padding:6px 8px;border-bottom:1px solid #e3e3e3;"
	"text-align:left;font-size:14px;vertical-align:top}th{cursor:pointer;background:#eef1f5;user-select:none}\n"
	"tr.file{cursor:pointer}tr.file:hover{background:#f0f4fa}.badge{display:inline-block;padding:1px 8px;border-radius:10px;"
	"color:#fff;font-size:12px}.b-pass{background:#2e7d32}.b-warn{background:#ed8b00}.b-fail{background:#c62828}"
	".b-error{background:#6a1b9a}\n"
	".details td{background:#fafbfc}.finding{margin:6px 0;padding-left:8px;border-left:4px solid #999}"
	".s-error{border-color:#c62828}.s-warning{border-color:#ed8b00}.s-info{border-color:#1e88e5}\n"
	".rule{font-family:monospace;font-size:12px;color:#555}.where,.hint{font-size:13px;color:#555}.hint:before{content:'\\2192  '}\n"
	".cases{font-size:13px;color:#333;margin-bottom:6px}@media(max-width:600px){.hide-narrow{display:none}}\n"
	"</style></head><body>\n<header><h1 id=\"title\"></h1><p id=\"sub\"></p></header>\n"
	"<main><div class=\"cards\" id=\"cards\"></div><div class=\"tools\"><select id=\"rule\"></select>"
	"<input id=\"q\" type=\"search\"></div>\n<table><thead><tr><th data-k=\"path\" id=\"h-path\"></th>"
	"<th data-k=\"status\" id=\"h-status\"></th><th data-k=\"errors\" id=\"h-err\"></th>"
	"<th data-k=\"warnings\" id=\"h-warn\" class=\"hide-narrow\"></th><th data-k=\"cases\" id=\"h-cases\" "
	"class=\"hide-narrow\"></th></tr></thead><tbody id=\"rows\"></tbody></table></main>\n"
	"<script type=\"application/json\" id=\"report\">";

static const char html_tail[] =
	"</script>\n<script>\n"
	"(function(){\n"
	"var R=JSON.parse(document.getElementById('report').textContent);\n"
	"var zh=R.lang==='zh';\n"
	"var T=zh?{pass:'通过',warn:'警告',fail:'不通过',error:'无法检查',all:'全部',file:'文件',status:'状态',"
	"err:'错误',warnc:'警告',cases:'案例',rules:'全部规则',search:'搜索文件名或问题',files:'个文件',"
	"error_s:'错误',warning:'警告',info:'提示',case_:'案例',para:'第{n}段',table:'表格{t}第{r}行第{c}列',"
	"sheet:'工作表',words:'字',profile:'规则集',none:'没有问题'}"
	":{pass:'pass',warn:'warn',fail:'fail',error:'error',all:'all',file:'file',status:'status',err:'errors',"
	"warnc:'warnings',cases:'cases',rules:'all rules',search:'search files or findings',files:'files',"
	"error_s:'error',warning:'warning',info:'info',case_:'case',para:'paragraph {n}',table:'table {t} row {r} col {c}',"
	"sheet:'sheet',words:'字',profile:'profile',none:'no findings'};\n"
	"function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!=null)e.textContent=x;return e}\n"
	"document.title='docscreen – '+R.profile.title;\n"
	"document.getElementById('title').textContent=R.profile.title;\n"
	"document.getElementById('sub').textContent=R.summary.files+' '+T.files+' · '+T.profile+' '+R.profile.id+' · docscreen '+R.tool.version;\n"
	"['path','status','err','warn','cases'].forEach(function(k){document.getElementById('h-'+k).textContent="
	"{path:T.file,status:T.status,err:T.err,warn:T.warnc,cases:T.cases}[k]});\n"
	"R.files.forEach(function(f){f.errors=0;f.warnings=0;f.findings.forEach(function(x){if(x.severity==='error')f.errors++;"
	"else if(x.severity==='warning')f.warnings++})});\n"
	"var state={status:'',rule:'',q:'',key:'path',dir:1,open:{}};\n"
	"var cards=document.getElementById('cards');\n"
	"['','pass','warn','fail','error'].forEach(function(s){var c=el('div','card '+s);c.dataset.status=s;"
	"c.appendChild(el('b',null,s?R.summary[s]:R.summary.files));c.appendChild(el('span',null,s?T[s]:T.all));"
	"c.onclick=function(){state.status=s;draw()};cards.appendChild(c)});\n"
	"var rules={};R.files.forEach(function(f){f.findings.forEach(function(x){rules[x.rule]=1})});\n"
	"var sel=document.getElementById('rule');sel.appendChild(el('option',null,T.rules)).value='';\n"
	"Object.keys(rules).sort().forEach(function(r){sel.appendChild(el('option',null,r)).value=r});\n"
	"sel.onchange=function(){state.rule=sel.value;draw()};\n"
	"var q=document.getElementById('q');q.placeholder=T.search;q.oninput=function(){state.q=q.value.toLowerCase();draw()};\n"
	"document.querySelectorAll('th').forEach(function(th){th.onclick=function(){var k=th.dataset.k;"
	"state.dir=state.key===k?-state.dir:1;state.key=k;draw()}});\n"
	"var order={pass:0,warn:1,fail:2,error:3};\n"
	"function where(l){var p=[];if(l.case)p.push(T.case_+l.case+(l.case_title?' “'+l.case_title+'”':''));"
	"if(l.table)p.push(T.table.replace('{t}',l.table).replace('{r}',l.row).replace('{c}',l.col));"
	"else if(l.paragraph)p.push(T.para.replace('{n}',l.paragraph)+(l.excerpt?' “'+l.excerpt+'”':''));"
	"if(l.sheet)p.push(T.sheet+' '+l.sheet+(l.cell?' '+l.cell:''));return p.join(zh?'，':', ')}\n"
	"function draw(){\n"
	"cards.querySelectorAll('.card').forEach(function(c){c.classList.toggle('sel',c.dataset.status===state.status)});\n"
	"var rows=document.getElementById('rows');rows.textContent='';\n"
	"var fs=R.files.filter(function(f){if(state.status&&f.status!==state.status)return false;"
	"if(state.rule&&!f.findings.some(function(x){return x.rule===state.rule}))return false;"
	"if(state.q){var t=f.path.toLowerCase();f.findings.forEach(function(x){t+=' '+x.message.toLowerCase()});"
	"if(t.indexOf(state.q)<0)return false}return true});\n"
	"fs.sort(function(a,b){var x=a[state.key],y=b[state.key];if(state.key==='status'){x=order[x];y=order[y]}"
	"if(state.key==='cases'){x=a.cases.length;y=b.cases.length}return (x<y?-1:x>y?1:0)*state.dir});\n"
	"fs.forEach(function(f){var tr=el('tr','file');tr.dataset.path=f.path;tr.appendChild(el('td',null,f.path));"
	"var td=el('td');td.appendChild(el('span','badge b-'+f.status,T[f.status]));tr.appendChild(td);"
	"tr.appendChild(el('td',null,f.errors));tr.appendChild(el('td','hide-narrow',f.warnings));"
	"tr.appendChild(el('td','hide-narrow',f.cases.length));"
	"tr.onclick=function(){state.open[f.path]=!state.open[f.path];draw()};rows.appendChild(tr);\n"
	"if(!state.open[f.path])return;var d=el('tr','details');var c=el('td');c.colSpan=5;d.appendChild(c);\n"
	"if(f.cases.length){var cs=el('div','cases');cs.textContent=f.cases.map(function(k){return T.case_+k.index+"
	"' “'+k.title+'” '+k.words+' '+T.words}).join(zh?'；':'; ');c.appendChild(cs)}\n"
	"if(!f.findings.length)c.appendChild(el('div',null,T.none));\n"
	"f.findings.forEach(function(x){if(state.rule&&x.rule!==state.rule)return;var b=el('div','finding s-'+x.severity);"
	"var h=el('div');h.appendChild(el('strong',null,T[x.severity==='error'?'error_s':x.severity]+' '));"
	"h.appendChild(el('span',null,x.message));b.appendChild(h);b.appendChild(el('div','rule',x.rule));"
	"var w=where(x.location);if(w)b.appendChild(el('div','where',w));if(x.hint)b.appendChild(el('div','hint',x.hint));"
	"c.appendChild(b)});rows.appendChild(d)})}\n"
	"draw()})();\n</script></body></html>\n";

/* JSON inside <script>: "</" must not close the element. */
void ds__write_html(const ds_report *r, FILE *o, int lang)
{
	char *json = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&json, &len);
	if (!m)
		return;
	ds_report_write(r, m, "json", lang == DS__ZH ? "zh" : "en", false);
	fclose(m);
	fputs(html_head, o);
	for (size_t i = 0; i < len; i++) {
		if (json[i] == '<' && i + 1 < len && json[i + 1] == '/')
			fputs("<\\", o);
		else if (json[i] == '<')
			fputs("\\u003c", o);
		else
			fputc(json[i], o);
	}
	fputs(html_tail, o);
	free(json);
}

/* ------------------------------------------------------------------- CSV */

static void csv(FILE *o, const char *s, bool last)
{
	fputc('"', o);
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			fputc('"', o);
		fputc(*p, o);
	}
	fputc('"', o);
	fputs(last ? "\r\n" : ",", o);
}

void ds__write_csv(const ds_report *r, FILE *o, int lang, bool per_file)
{
	static const char *st_zh[] = {"通过", "警告", "不通过", "无法检查"};
	static const char *sev_zh[] = {"提示", "警告", "错误"};
	fputs("\xEF\xBB\xBF", o); /* so that Excel reads UTF-8 */
	bool zh = lang == DS__ZH;
	if (per_file)
		fputs(zh ? "文件,格式,状态,错误,警告,提示,案例数,主要问题\r\n"
			 : "file,format,status,errors,warnings,infos,cases,first problem\r\n", o);
	else
		fputs(zh ? "文件,状态,规则,严重程度,案例,位置,问题,建议\r\n"
			 : "file,status,rule,severity,case,location,message,hint\r\n", o);
	for (size_t i = 0; i < r->n_files; i++) {
		const file *f = &r->files[i];
		const char *status = zh ? st_zh[f->status] : ds__status_names[f->status];
		if (per_file) {
			size_t c[3] = {0};
			const char *first = "";
			for (size_t k = 0; k < f->n; k++) {
				c[f->findings[k].sev]++;
				if (!*first && f->findings[k].sev == DS_SEV_ERROR)
					first = f->findings[k].msg[lang];
			}
			for (size_t k = 0; k < f->n && !*first; k++)
				if (f->findings[k].sev == DS_SEV_WARNING)
					first = f->findings[k].msg[lang];
			csv(o, f->path, false);
			csv(o, f->format, false);
			csv(o, status, false);
			fprintf(o, "%zu,%zu,%zu,%zu,", c[2], c[1], c[0], f->n_cases);
			csv(o, first, true);
			continue;
		}
		for (size_t k = 0; k < f->n; k++) {
			const finding *x = &f->findings[k];
			char *where = NULL, kase[32] = "";
			size_t wl = 0;
			FILE *m = open_memstream(&where, &wl);
			if (m) {
				ds__text_location(m, &x->loc, lang);
				fclose(m);
			}
			if (x->loc.case_index)
				snprintf(kase, sizeof kase, "%zu", x->loc.case_index);
			csv(o, f->path, false);
			csv(o, status, false);
			csv(o, x->rule, false);
			csv(o, zh ? sev_zh[x->sev] : ds__sev_names[x->sev], false);
			csv(o, kase, false);
			csv(o, where ? where : "", false);
			csv(o, x->msg[lang], false);
			csv(o, x->hint[lang], true);
			free(where);
		}
	}
}

/* ----------------------------------------------------------------- JUnit */

static void xml(FILE *o, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		case '&': fputs("&amp;", o); break;
		case '"': fputs("&quot;", o); break;
		case '\n': fputs("&#10;", o); break;
		case '\t': fputs("&#9;", o); break;
		default:
			if (*p >= 0x20 || *p == '\r')
				fputc(*p, o);
		}
	}
}

void ds__write_junit(const ds_report *r, FILE *o, int lang)
{
	size_t failures = 0, errors = 0;
	for (size_t i = 0; i < r->n_files; i++) {
		errors += r->files[i].status == ST_ERROR;
		failures += r->files[i].status == ST_FAIL;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", o);
	fprintf(o, "<testsuites name=\"docscreen\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", r->n_files,
		failures, errors);
	fputs("  <testsuite name=\"", o);
	xml(o, r->profile_id);
	fprintf(o, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", r->n_files, failures, errors);
	for (size_t i = 0; i < r->n_files; i++) {
		const file *f = &r->files[i];
		fputs("    <testcase classname=\"docscreen.", o);
		xml(o, f->format);
		fputs("\" name=\"", o);
		xml(o, f->path);
		fputs("\">\n", o);
		for (size_t k = 0; k < f->n; k++) {
			const finding *x = &f->findings[k];
			if (x->sev != DS_SEV_ERROR)
				continue;
			const char *tag = f->unread ? "error" : "failure";
			fprintf(o, "      <%s type=\"", tag);
			xml(o, x->rule);
			fputs("\" message=\"", o);
			xml(o, x->msg[lang]);
			fputs("\">", o);
			char *where = NULL;
			size_t wl = 0;
			FILE *m = open_memstream(&where, &wl);
			if (m) {
				ds__text_location(m, &x->loc, lang);
				fclose(m);
			}
			if (where && *where) {
				xml(o, where);
				fputs("&#10;", o);
			}
			free(where);
			xml(o, x->hint[lang]);
			fprintf(o, "</%s>\n", tag);
		}
		bool out = false;
		for (size_t k = 0; k < f->n; k++) {
			const finding *x = &f->findings[k];
			if (x->sev == DS_SEV_ERROR)
				continue;
			if (!out)
				fputs("      <system-out>", o);
			out = true;
			fprintf(o, "%s [", ds__sev_names[x->sev]);
			xml(o, x->rule);
			fputs("] ", o);
			xml(o, x->msg[lang]);
			fputs("&#10;", o);
		}
		if (out)
			fputs("</system-out>\n", o);
		fputs("    </testcase>\n", o);
	}
	fputs("  </testsuite>\n</testsuites>\n", o);
}

/* ----------------------------------------------------------------- SARIF */

static void uri(FILE *o, const char *path)
{
	fputc('"', o);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			fputc(*p, o);
		else
			fprintf(o, "%%%02X", *p);
	}
	fputc('"', o);
}

void ds__write_sarif(const ds_report *r, FILE *o, int lang)
{
	static const char *level[] = {"note", "warning", "error"};
	fprintf(o, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
		   "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"docscreen\",\"version\":\"%s\","
		   "\"informationUri\":\"https://docscreen.invalid/\",\"rules\":[",
		DS_VERSION);
	/* rules: every rule id that has a finding, in first-seen order */
	const char **ids = NULL;
	size_t n_ids = 0, cap = 0;
	for (size_t i = 0; i < r->n_files; i++)
		for (size_t k = 0; k < r->files[i].n; k++) {
			const finding *x = &r->files[i].findings[k];
			bool seen = false;
			for (size_t j = 0; j < n_ids && !seen; j++)
				seen = !strcmp(ids[j], x->rule);
			if (seen || ds__grow((void **)&ids, &cap, n_ids, sizeof *ids) < 0)
				continue;
			ids[n_ids++] = x->rule;
			fputs(n_ids > 1 ? ",{\"id\":" : "{\"id\":", o);
			ds__jstr(o, x->rule);
			fputs(",\"shortDescription\":{\"text\":", o);
			ds__jstr(o, x->rule);
			fprintf(o, "},\"defaultConfiguration\":{\"level\":\"%s\"}}", level[x->sev]);
		}
	fputs("]}},\"artifacts\":[", o);
	for (size_t i = 0; i < r->n_files; i++) {
		fputs(i ? ",{\"location\":{\"uri\":" : "{\"location\":{\"uri\":", o);
		uri(o, r->files[i].path);
		fputs("}}", o);
	}
	fputs("],\"results\":[", o);
	bool first = true;
	for (size_t i = 0; i < r->n_files; i++)
		for (size_t k = 0; k < r->files[i].n; k++) {
			const finding *x = &r->files[i].findings[k];
			size_t rule = 0;
			while (rule < n_ids && strcmp(ids[rule], x->rule))
				rule++;
			fputs(first ? "{\"ruleId\":" : ",{\"ruleId\":", o);
			first = false;
			ds__jstr(o, x->rule);
			fprintf(o, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{\"text\":", rule, level[x->sev]);
			char *text = NULL;
			size_t tl = 0;
			FILE *m = open_memstream(&text, &tl);
			if (m) {
				fputs(x->msg[lang], m);
				if (*x->hint[lang])
					fprintf(m, " (%s)", x->hint[lang]);
				fclose(m);
			}
			ds__jstr(o, text ? text : x->msg[lang]);
			free(text);
			fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", o);
			uri(o, r->files[i].path);
			fprintf(o, ",\"index\":%zu}}", i);
			char *where = NULL;
			size_t wl = 0;
			m = open_memstream(&where, &wl);
			if (m) {
				ds__text_location(m, &x->loc, lang);
				fclose(m);
			}
			if (where && *where) {
				fputs(",\"logicalLocations\":[{\"name\":", o);
				ds__jstr(o, where);
				fputs(",\"kind\":\"element\"}]", o);
			}
			free(where);
			fputs("}]}", o);
		}
	fputs("]}]}\n", o);
	free(ids);
}
