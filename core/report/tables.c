/*
 * tables.c - what the committee takes away from a collection, as tables:
 * the case register (a row per case: who sent it, where, its title,
 * category, 字数, contacts, status) and the submissions (a row per unit:
 * its files, table or not, cases per category, contacts, what is wrong).
 * Written as CSV (UTF-8 with BOM, for Excel) to a stream, or as XLSX with
 * libxlsxwriter (numbers as numbers, Chinese headers, the header row frozen
 * and filtered, columns as wide as their text) to a path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "report.h"

/* One cell: text, or a number when num. */
typedef struct tcell {
	const char *s;
	double v;
	bool num;
} tcell;

/* Where rows go: a CSV stream or an XLSX sheet. */
typedef struct sink {
	FILE *csv;
	lxw_worksheet *ws;
	lxw_format *head;
	uint32_t row;
	double width[32];
	size_t cols;
} sink;

static void csv_text(FILE *o, const char *s)
{
	fputc('"', o);
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			fputc('"', o);
		fputc(*p, o);
	}
	fputc('"', o);
}

/* Columns a text takes in a spreadsheet: two for a wide (CJK) character. */
static double display_width(const char *s)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2.0 : 1.0;
	}
	return w;
}

static void put_row(sink *k, const tcell *c, size_t n)
{
	for (size_t i = 0; i < n && i < 32; i++) {
		char num[32];
		if (c[i].num)
			snprintf(num, sizeof num, "%.15g", c[i].v);
		double w = display_width(c[i].num ? num : c[i].s) + 2;
		if (w > k->width[i])
			k->width[i] = w > 60 ? 60 : w;
		if (k->csv) {
			if (i)
				fputc(',', k->csv);
			if (c[i].num)
				fputs(num, k->csv);
			else
				csv_text(k->csv, c[i].s);
		} else if (c[i].num) {
			worksheet_write_number(k->ws, k->row, (lxw_col_t)i, c[i].v, NULL);
		} else {
			worksheet_write_string(k->ws, k->row, (lxw_col_t)i, c[i].s ? c[i].s : "",
					       k->row ? NULL : k->head);
		}
	}
	if (n > k->cols)
		k->cols = n;
	if (k->csv)
		fputs("\r\n", k->csv);
	k->row++;
}

#define T(s) ((tcell){(s), 0, false})
#define N(x) ((tcell){NULL, (double)(x), true})

static const char *const st_zh[] = {"通过", "警告", "不通过", "无法检查"};

static const char *status_text(int st, int lang)
{
	return lang == DS__ZH ? st_zh[st] : ds__status_names[st];
}

/* The fact key on file f, else on any file of its submission, else "". */
static const char *contact(const ds_report *r, const submission *s, size_t f, const char *key)
{
	const char *v = ds__report_fact(r, f, key);
	for (size_t i = 0; s && (!v || !*v) && i < s->n_files; i++)
		v = ds__report_fact(r, s->files[i], key);
	return v ? v : "";
}

/* The submission file f belongs to, or NULL. */
static const submission *owner(const ds_report *r, size_t f)
{
	for (size_t s = 0; s < r->n_subs; s++)
		for (size_t i = 0; i < r->subs[s].n_files; i++)
			if (r->subs[s].files[i] == f)
				return &r->subs[s];
	return NULL;
}

static void register_rows(const ds_report *r, sink *k, int lang)
{
	bool zh = lang == DS__ZH;
	tcell head[] = {T(zh ? "报送单位" : "submission"),
			T(zh ? "文件" : "file"),
			T(zh ? "案例序号" : "case"),
			T(zh ? "标题" : "title"),
			T(zh ? "类别" : "category"),
			T(zh ? "类型" : "kind"),
			T(zh ? "字数" : "字"),
			T(zh ? "联系人" : "contact"),
			T(zh ? "电话" : "phone"),
			T(zh ? "邮箱" : "e-mail"),
			T(zh ? "文件状态" : "status"),
			T(zh ? "问题数" : "findings")};
	put_row(k, head, sizeof head / sizeof *head);
	for (size_t f = 0; f < r->n_files; f++) {
		const file *x = &r->files[f];
		const submission *s = owner(r, f);
		size_t problems = 0;
		for (size_t i = 0; i < x->n; i++)
			problems += x->findings[i].sev != DS_SEV_INFO;
		for (size_t c = 0; c < x->n_cases; c++) {
			const rcase *rc = &x->cases[c];
			tcell row[] = {T(s ? s->name : ""),
				       T(x->path),
				       N(rc->index),
				       T(rc->title),
				       T(rc->category_name ? rc->category_name
					 : rc->category    ? rc->category
							   : ""),
				       T(rc->kind ? rc->kind : ""),
				       N(rc->words),
				       T(contact(r, s, f, "contact.person")),
				       T(contact(r, s, f, "contact.phone")),
				       T(contact(r, s, f, "contact.email")),
				       T(status_text(x->status, lang)),
				       N(problems)};
			put_row(k, row, sizeof row / sizeof *row);
		}
	}
}

static void submission_rows(const ds_report *r, sink *k, int lang)
{
	bool zh = lang == DS__ZH;
	/* the categories met, each a column (named as the profile names them) */
	const char *key[16], *name[16];
	size_t n_cat = 0;
	for (size_t f = 0; f < r->n_files; f++)
		for (size_t c = 0; c < r->files[f].n_cases; c++) {
			const rcase *rc = &r->files[f].cases[c];
			size_t j = 0;
			while (rc->category && j < n_cat && strcmp(key[j], rc->category))
				j++;
			if (rc->category && j == n_cat && n_cat < 16) {
				key[n_cat] = rc->category;
				name[n_cat++] = rc->category_name ? rc->category_name : rc->category;
			}
		}
	tcell head[32];
	size_t h = 0;
	head[h++] = T(zh ? "报送单位" : "submission");
	head[h++] = T(zh ? "来源" : "source");
	head[h++] = T(zh ? "状态" : "status");
	head[h++] = T(zh ? "文件数" : "files");
	head[h++] = T(zh ? "统计表" : "table");
	head[h++] = T(zh ? "案例数" : "cases");
	for (size_t j = 0; j < n_cat; j++)
		head[h++] = T(name[j]);
	head[h++] = T(zh ? "联系人" : "contact");
	head[h++] = T(zh ? "电话" : "phone");
	head[h++] = T(zh ? "邮箱" : "e-mail");
	head[h++] = T(zh ? "需处理的问题" : "to resolve");
	put_row(k, head, h);
	for (size_t i = 0; i < r->n_subs; i++) {
		const submission *s = &r->subs[i];
		size_t cases = 0, per[16] = {0};
		bool table = false;
		for (size_t f = 0; f < s->n_files; f++) {
			const file *x = &r->files[s->files[f]];
			table = table || (!x->unread && !strcmp(x->format, "xlsx"));
			cases += x->n_cases;
			for (size_t c = 0; c < x->n_cases; c++)
				for (size_t j = 0; j < n_cat; j++)
					per[j] += x->cases[c].category && !strcmp(x->cases[c].category, key[j]);
		}
		ds__buf problems = {0};
		for (size_t k2 = 0; k2 < s->n; k2++)
			if (s->findings[k2].sev != DS_SEV_INFO) {
				if (problems.len)
					ds__buf_add(&problems, "\n", 1);
				ds__buf_add(&problems, s->findings[k2].msg[lang], strlen(s->findings[k2].msg[lang]));
			}
		tcell row[32];
		size_t n = 0;
		row[n++] = T(s->name);
		row[n++] = T(s->source);
		row[n++] = T(status_text(s->status, lang));
		row[n++] = N(s->n_files);
		row[n++] = T(table ? (zh ? "有" : "yes") : (zh ? "无" : "no"));
		row[n++] = N(cases);
		for (size_t j = 0; j < n_cat; j++)
			row[n++] = N(per[j]);
		row[n++] = T(contact(r, s, s->n_files ? s->files[0] : 0, "contact.person"));
		row[n++] = T(contact(r, s, s->n_files ? s->files[0] : 0, "contact.phone"));
		row[n++] = T(contact(r, s, s->n_files ? s->files[0] : 0, "contact.email"));
		row[n++] = T(problems.p ? problems.p : "");
		put_row(k, row, n);
		ds__buf_free(&problems);
	}
}

void ds__write_register(const ds_report *r, FILE *o, int lang)
{
	fputs("\xEF\xBB\xBF", o);
	sink k = {.csv = o};
	register_rows(r, &k, lang);
}

void ds__write_submissions(const ds_report *r, FILE *o, int lang)
{
	fputs("\xEF\xBB\xBF", o);
	sink k = {.csv = o};
	submission_rows(r, &k, lang);
}

DS_API int ds_report_write_xlsx(const ds_report *r, const char *path, const char *what, const char *lang)
{
	int l = ds__lang_index(lang);
	bool reg = !strcmp(what, "register");
	if (!reg && strcmp(what, "submissions"))
		return ds__error_set(DS_ERROR, _("unknown table '%s' (known: register, submissions)"), what);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return ds__error_set(DS_ERROR, _("cannot write %s"), path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, reg ? (l == DS__ZH ? "案例登记" : "cases")
							   : (l == DS__ZH ? "报送单位" : "submissions"));
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	sink k = {.ws = ws, .head = head};
	if (reg)
		register_rows(r, &k, l);
	else
		submission_rows(r, &k, l);
	worksheet_freeze_panes(ws, 1, 0);
	if (k.row > 1 && k.cols)
		worksheet_autofilter(ws, 0, 0, k.row - 1, (lxw_col_t)(k.cols - 1));
	for (size_t i = 0; i < k.cols; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, k.width[i], NULL);
	lxw_error e = workbook_close(wb);
	return e == LXW_NO_ERROR ? 0 : ds__error_set(DS_ERROR, _("cannot write %s: %s"), path, lxw_strerror(e));
}
