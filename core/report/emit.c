/*
 * emit.c - the roll-up formats derived from the report: one self-contained
 * HTML page (data as JSON inside, rendered by inline script with textContent
 * only, so document text can never become markup), CSV for Excel (UTF-8
 * with BOM), JUnit XML for CI servers and SARIF 2.1.0 for code-scanning
 * tools.  The page's style and script live in web/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ------------------------------------------------------------------ HTML */

/* web/report.css and web/report.js, built in (cmake/embed.cmake) */
extern const char ds_web_report_css[], ds_web_report_js[];

static const char html_meta[] = "<head><meta charset=\"utf-8\">\n"
				"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
static const char html_body[] = "</style></head><body>\n<header><h1 id=\"title\"></h1><p id=\"sub\"></p></header>\n"
				"<main id=\"root\"></main>\n<script type=\"application/json\" id=\"report\">";

/* Text as HTML text. */
static void html_text(FILE *o, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", o);
		else if (*s == '&')
			fputs("&amp;", o);
		else if (*s == '>')
			fputs("&gt;", o);
		else
			fputc(*s, o);
	}
}

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
	/* the language and the title before any script runs */
	fprintf(o, "<!DOCTYPE html>\n<html lang=\"%s\">", lang == DS__ZH ? "zh-CN" : "en");
	fputs(html_meta, o);
	html_text(o, "docscreen – ");
	html_text(o, r->profile_title[lang]);
	fputs("</title>\n<style>\n", o);
	fputs(ds_web_report_css, o);
	fputs(html_body, o);
	for (size_t i = 0; i < len; i++) {
		if (json[i] == '<' && i + 1 < len && json[i + 1] == '/')
			fputs("<\\", o);
		else if (json[i] == '<')
			fputs("\\u003c", o);
		else
			fputc(json[i], o);
	}
	fputs("</script>\n<script>\n", o);
	fputs(ds_web_report_js, o);
	fputs("dsReportPage();\n</script></body></html>\n", o);
	free(json);
}

/* ------------------------------------------------------------------- CSV */

void ds__csv_field(FILE *o, const char *s)
{
	fputc('"', o);
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			fputc('"', o);
		fputc(*p, o);
	}
	fputc('"', o);
}

static void csv(FILE *o, const char *s, bool last)
{
	ds__csv_field(o, s);
	fputs(last ? "\r\n" : ",", o);
}

void ds__write_csv(const ds_report *r, FILE *o, int lang, bool per_file)
{
	static const char *st_zh[] = {"通过", "警告", "不通过", "无法检查"};
	static const char *sev_zh[] = {"提示", "警告", "错误"};
	fputs("\xEF\xBB\xBF", o); /* so that Excel reads UTF-8 */
	bool zh = lang == DS__ZH;
	if (per_file)
		fputs(zh ? "文件,格式,状态,错误,警告,提示,案例数,主要问题,发件人,邮件主题,发送时间,转换自\r\n"
			 : "file,format,status,errors,warnings,infos,cases,first problem,from,subject,date,converted "
			   "from\r\n",
		      o);
	else
		fputs(zh ? "文件,状态,规则,严重程度,案例,位置,问题,建议\r\n"
			 : "file,status,rule,severity,case,location,message,hint\r\n",
		      o);
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
			csv(o, first, false);
			csv(o, f->from ? f->from : "", false); /* an e-mail's envelope */
			csv(o, f->subject ? f->subject : "", false);
			csv(o, f->date ? f->date : "", false);
			csv(o, f->converted_from ? f->converted_from : "", true);
			continue;
		}
		for (size_t k = 0; k < f->n; k++) {
			const finding *x = &f->findings[k];
			char *where = ds__location_text(&x->loc, lang), kase[32] = "";
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

/* One testcase: a file's or a submission's findings, those that reach
 * --fail-on as <failure> (<error> for a file that could not be read), the
 * rest in system-out. */
static void junit_case(FILE *o, const ds_report *r, const char *cls, const char *name, const finding *v, size_t n,
		       bool unread, int lang)
{
	fputs("    <testcase classname=\"docscreen.", o);
	xml(o, cls);
	fputs("\" name=\"", o);
	xml(o, name);
	fputs("\">\n", o);
	for (size_t k = 0; k < n; k++) {
		const finding *x = &v[k];
		if ((int)x->sev < r->fail_sev)
			continue;
		const char *tag = unread ? "error" : "failure";
		fprintf(o, "      <%s type=\"", tag);
		xml(o, x->rule);
		fputs("\" message=\"", o);
		xml(o, x->msg[lang]);
		fputs("\">", o);
		char *where = ds__location_text(&x->loc, lang);
		if (where && *where) {
			xml(o, where);
			fputs("&#10;", o);
		}
		free(where);
		xml(o, x->hint[lang]);
		fprintf(o, "</%s>\n", tag);
	}
	bool out = false;
	for (size_t k = 0; k < n; k++) {
		const finding *x = &v[k];
		if ((int)x->sev >= r->fail_sev)
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

/* A testcase fails when a finding reaches --fail-on (the exit status's
 * rule); one that could not be read is an error. */
static void junit_counts(const ds_report *r, const finding *v, size_t n, bool unread, size_t *failures, size_t *errors)
{
	bool fails = false;
	for (size_t k = 0; k < n; k++)
		fails = fails || (int)v[k].sev >= r->fail_sev;
	*errors += unread;
	*failures += !unread && fails;
}

void ds__write_junit(const ds_report *r, FILE *o, int lang)
{
	size_t failures = 0, errors = 0, sub_failures = 0, sub_errors = 0;
	for (size_t i = 0; i < r->n_files; i++)
		junit_counts(r, r->files[i].findings, r->files[i].n, r->files[i].unread, &failures, &errors);
	for (size_t i = 0; i < r->n_subs; i++)
		junit_counts(r, r->subs[i].findings, r->subs[i].n, false, &sub_failures, &sub_errors);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", o);
	fprintf(o, "<testsuites name=\"docscreen\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
		r->n_files + r->n_subs, failures + sub_failures, errors);
	fputs("  <testsuite name=\"", o);
	xml(o, r->profile_id);
	fprintf(o, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n", r->n_files, failures, errors);
	for (size_t i = 0; i < r->n_files; i++) {
		const file *f = &r->files[i];
		junit_case(o, r, f->format, f->path, f->findings, f->n, f->unread, lang);
	}
	fputs("  </testsuite>\n", o);
	if (r->n_subs) { /* the collection: one testcase per submission */
		fputs("  <testsuite name=\"", o);
		xml(o, r->profile_id);
		fprintf(o, ".submissions\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", r->n_subs,
			sub_failures);
		for (size_t i = 0; i < r->n_subs; i++)
			junit_case(o, r, "submission", r->subs[i].source, r->subs[i].findings, r->subs[i].n, false,
				   lang);
		fputs("  </testsuite>\n", o);
	}
	fputs("</testsuites>\n", o);
}

/* ------------------------------------------------------------- GitHub */

/* A workflow command's value: % CR LF escaped, and in a property : and , */
static void gh(FILE *o, const char *s, bool property)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '%')
			fputs("%25", o);
		else if (*p == '\r')
			fputs("%0D", o);
		else if (*p == '\n')
			fputs("%0A", o);
		else if (property && *p == ':')
			fputs("%3A", o);
		else if (property && *p == ',')
			fputs("%2C", o);
		else
			fputc(*p, o);
	}
}

/* One annotation: ::error (reaches --fail-on), ::warning or ::notice. */
static void gh_line(FILE *o, const ds_report *r, const finding *x, const char *path, int lang)
{
	const char *level = (int)x->sev >= r->fail_sev ? "error" : x->sev == DS_SEV_INFO ? "notice" : "warning";
	fprintf(o, "::%s ", level);
	if (path) {
		fputs("file=", o);
		gh(o, path, true);
		fputc(',', o);
	}
	fputs("title=", o);
	gh(o, x->rule, true);
	fputs("::", o);
	gh(o, x->msg[lang], false);
	char *where = ds__location_text(&x->loc, lang);
	if (where && *where) {
		fputs(lang == DS__ZH ? "（位置：" : " (where: ", o);
		gh(o, where, false);
		fputs(lang == DS__ZH ? "）" : ")", o);
	}
	free(where);
	if (*x->hint[lang]) {
		fputs(lang == DS__ZH ? " 建议：" : " Fix: ", o);
		gh(o, x->hint[lang], false);
	}
	fputc('\n', o);
}

void ds__write_github(const ds_report *r, FILE *o, int lang)
{
	for (size_t i = 0; i < r->n_files; i++)
		for (size_t k = 0; k < r->files[i].n; k++)
			gh_line(o, r, &r->files[i].findings[k], r->files[i].path, lang);
	/* a submission's: at the first file it points at, else at none */
	for (size_t s = 0; s < r->n_subs; s++)
		for (size_t k = 0; k < r->subs[s].n; k++) {
			const finding *x = &r->subs[s].findings[k];
			gh_line(o, r, x, x->n_related ? r->files[x->related[0].file].path : NULL, lang);
		}
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

/* A rule: its title, and as help the hints of its messages (the profile's
 * rules; a finding of the core has its id). */
static void sarif_rule(FILE *o, const ds_report *r, const finding *x, bool comma, int lang)
{
	static const char *level[] = {"note", "warning", "error"};
	const struct rinfo *ri = NULL;
	for (size_t k = 0; k < r->n_rules && !ri; k++)
		if (!strcmp(r->rules[k].id, x->rule))
			ri = &r->rules[k];
	fputs(comma ? ",{\"id\":" : "{\"id\":", o);
	ds__jstr(o, x->rule);
	fputs(",\"shortDescription\":{\"text\":", o);
	ds__jstr(o, ri ? ri->title[lang] : x->rule);
	fputs("},\"fullDescription\":{\"text\":", o);
	ds__jstr(o, ri ? ri->title[lang] : x->rule);
	fputs("},\"help\":{\"text\":", o);
	ds__jstr(o, ri && *ri->help[lang] ? ri->help[lang] : x->hint[lang]);
	fprintf(o, "},\"defaultConfiguration\":{\"level\":\"%s\"}}", level[x->sev]);
}

/* Where in the file, as SARIF lines: a paragraph's number (dump's order)
 * is the line of a document; a cell's row and column those of a sheet. */
static void sarif_region(FILE *o, const ds_location *l)
{
	if (l->cell) {
		unsigned col = 0;
		const char *p = l->cell;
		for (; *p >= 'A' && *p <= 'Z'; p++)
			col = col * 26 + (unsigned)(*p - 'A' + 1);
		unsigned long row = strtoul(p, NULL, 10);
		if (row && col)
			fprintf(o, ",\"region\":{\"startLine\":%lu,\"startColumn\":%u}", row, col);
	} else if (l->paragraph) {
		fprintf(o, ",\"region\":{\"startLine\":%zu}", l->paragraph);
	}
}

/* A finding's fingerprint, stable across runs while it stays where it is:
 * its rule, file and place (case title, sheet and cell, table and row,
 * the paragraph's opening words), not its message's figures. */
static void sarif_fingerprint(FILE *o, const finding *x, const char *path)
{
	uint64_t h = 1469598103934665603ull;
	char buf[96];
	const ds_location *l = &x->loc;
	snprintf(buf, sizeof buf, "|%u|%u|%u|%u|", (unsigned)l->in_table, l->table, l->row, l->col);
	const char *parts[] = {x->rule, path, l->case_title, l->sheet, l->cell, l->excerpt, buf};
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
		for (const char *p = parts[k] ? parts[k] : "";; p++) {
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
			if (!*p)
				break;
		}
	fprintf(o, ",\"partialFingerprints\":{\"docscreenFinding/v1\":\"%016llx\"}", (unsigned long long)h);
}

/* A location on file i (its case as a logical location); id 0: none. */
static void sarif_place(FILE *o, const ds_report *r, size_t i, size_t case_index, size_t id)
{
	if (id)
		fprintf(o, "{\"id\":%zu,", id);
	fputs(id ? "\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
		 : "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":",
	      o);
	uri(o, r->files[i].path);
	fprintf(o, ",\"index\":%zu}}", i);
	for (size_t k = 0; case_index && k < r->files[i].n_cases; k++)
		if (r->files[i].cases[k].index == case_index) {
			char name[600];
			snprintf(name, sizeof name, "%zu %s", case_index, r->files[i].cases[k].title);
			fputs(",\"logicalLocations\":[{\"name\":", o);
			ds__jstr(o, name);
			fputs(",\"kind\":\"element\"}]", o);
		}
	fputs("}", o);
}

/* One result: the finding x, on file i (SIZE_MAX: on a submission, placed
 * at the files it points at). */
static void sarif_result(FILE *o, const ds_report *r, const finding *x, size_t i, size_t rule, int lang, bool first)
{
	static const char *level[] = {"note", "warning", "error"};
	fputs(first ? "{\"ruleId\":" : ",{\"ruleId\":", o);
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
	fputs("},\"locations\":[", o);
	if (i != SIZE_MAX) {
		fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", o);
		uri(o, r->files[i].path);
		fprintf(o, ",\"index\":%zu}", i);
		sarif_region(o, &x->loc);
		fputs("}", o);
		char *where = ds__location_text(&x->loc, lang);
		if (where && *where) {
			fputs(",\"logicalLocations\":[{\"name\":", o);
			ds__jstr(o, where);
			fputs(",\"kind\":\"element\"}]", o);
		}
		free(where);
		fputs("}", o);
	} else {
		for (size_t k = 0; k < x->n_related; k++) {
			if (k)
				fputc(',', o);
			sarif_place(o, r, x->related[k].file, x->related[k].case_index, 0);
		}
	}
	fputs("]", o);
	sarif_fingerprint(o, x,
			  i != SIZE_MAX  ? r->files[i].path
			  : x->n_related ? r->files[x->related[0].file].path
					 : "");
	if (i != SIZE_MAX && x->n_related) {
		fputs(",\"relatedLocations\":[", o);
		for (size_t k = 0; k < x->n_related; k++) {
			if (k)
				fputc(',', o);
			sarif_place(o, r, x->related[k].file, x->related[k].case_index, k + 1);
		}
		fputs("]", o);
	}
	if (x->waiver) { /* accepted by a decision recorded outside the file */
		fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":", o);
		ds__jstr(o, x->waiver->reason);
		fputs(",\"properties\":{\"waiver\":", o);
		ds__jstr(o, x->waiver->name);
		fputs(",\"by\":", o);
		ds__jstr(o, x->waiver->by ? x->waiver->by : "");
		fputs(",\"expires\":", o);
		ds__jstr(o, x->waiver->expires ? x->waiver->expires : "");
		fputs(",\"source\":", o);
		ds__jstr(o, x->waiver->source ? x->waiver->source : "");
		fputs("}}]", o);
	}
	fputs("}", o);
}

/* Finding k of entry i (the files, then the submissions), the waived ones
 * after the others; NULL past the end. */
static const finding *entry_finding(const ds_report *r, size_t i, size_t k)
{
	const finding *v = i < r->n_files ? r->files[i].findings : r->subs[i - r->n_files].findings;
	const finding *w = i < r->n_files ? r->files[i].waived : r->subs[i - r->n_files].waived;
	size_t n = i < r->n_files ? r->files[i].n : r->subs[i - r->n_files].n;
	size_t nw = i < r->n_files ? r->files[i].n_waived : r->subs[i - r->n_files].n_waived;
	return k < n ? &v[k] : k < n + nw ? &w[k - n] : NULL;
}

void ds__write_sarif(const ds_report *r, FILE *o, int lang)
{
	fprintf(o,
		"{\"$schema\":\"https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json\",\"version\":\"2.1.0\","
		"\"runs\":[{\"tool\":{\"driver\":{\"name\":\"docscreen\",\"version\":\"%s\","
		"\"informationUri\":\"https://docscreen.invalid/\",\"rules\":[",
		ds_version());
	/* rules: every rule id that has a finding, in first-seen order */
	const char **ids = NULL;
	size_t n_ids = 0, cap = 0;
	for (size_t i = 0; i < r->n_files + r->n_subs; i++) {
		const finding *x;
		for (size_t k = 0; (x = entry_finding(r, i, k)); k++) {
			bool seen = false;
			for (size_t j = 0; j < n_ids && !seen; j++)
				seen = !strcmp(ids[j], x->rule);
			if (seen || ds__grow((void **)&ids, &cap, n_ids, sizeof *ids) < 0)
				continue;
			ids[n_ids++] = x->rule;
			sarif_rule(o, r, x, n_ids > 1, lang);
		}
	}
	fputs("]}},\"artifacts\":[", o);
	for (size_t i = 0; i < r->n_files; i++) {
		fputs(i ? ",{\"location\":{\"uri\":" : "{\"location\":{\"uri\":", o);
		uri(o, r->files[i].path);
		fputs("}}", o);
	}
	fputs("],\"results\":[", o);
	/* the files' findings, then the submissions': placed at the files they
	 * point at, or (none: a table that was not sent) at none */
	bool first = true;
	for (size_t i = 0; i < r->n_files + r->n_subs; i++) {
		const finding *x;
		for (size_t k = 0; (x = entry_finding(r, i, k)); k++) {
			size_t rule = 0;
			while (rule < n_ids && strcmp(ids[rule], x->rule))
				rule++;
			sarif_result(o, r, x, i < r->n_files ? i : SIZE_MAX, rule, lang, first);
			first = false;
		}
	}
	fputs("]}]}\n", o);
	free(ids);
}
