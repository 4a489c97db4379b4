/*
 * tables.c - what the committee takes away from a collection, as tables:
 * the case register (a row per case: who sent it, where, its title,
 * category, 字数, contacts, status) and the submissions (a row per unit:
 * its files, table or not, cases per category, contacts, what is wrong).
 * Written as CSV (UTF-8 with BOM, for Excel) to a stream, or as XLSX with
 * libxlsxwriter (numbers as numbers, Chinese headers, the header row frozen
 * and filtered, columns as wide as their text) to a path.
 */
#include <math.h>
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
				ds__csv_field(k->csv, c[i].s);
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
			T(zh ? "涉及年份" : "years"),
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
			char key[48];
			snprintf(key, sizeof key, "case.%zu.years", rc->index);
			const char *years = ds__report_fact(r, f, key);
			tcell row[] = {T(s ? s->name : ""),
				       T(x->path),
				       N(rc->index),
				       T(*rc->title ? rc->title : "—"),
				       T(rc->category_name ? rc->category_name
					 : rc->category    ? rc->category
							   : ""),
				       T(rc->kind ? rc->kind : ""),
				       N(rc->words),
				       T(years ? years : ""),
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

/* ------------------------------------------------------ statistics */

/* A unit whose tables are merged: a submission, or (no collection) a file.
 * Its totals count one table: a unit that sent two (two versions, a copy)
 * is counted once, by the file whose name sorts last without its
 * extension -- "表（修改稿）", "表(2)", "表-0405" come after "表" and
 * "表-0401". */
typedef struct unit {
	const char *name;
	const size_t *files;
	size_t n_files;
	size_t one;   /* (the file, when there is no collection) */
	size_t table; /* the file whose figures count, or SIZE_MAX */
} unit;

/* a's name without directory and extension sorts after b's */
static bool later_name(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	sa = sa ? sa + 1 : a;
	sb = sb ? sb + 1 : b;
	const char *da = strrchr(sa, '.'), *db = strrchr(sb, '.');
	size_t la = da ? (size_t)(da - sa) : strlen(sa), lb = db ? (size_t)(db - sb) : strlen(sb);
	int c = memcmp(sa, sb, la < lb ? la : lb);
	return c ? c > 0 : la > lb;
}

static size_t units_of(const ds_report *r, unit *u, size_t max)
{
	size_t n = 0;
	if (r->collected) {
		for (size_t s = 0; s < r->n_subs && n < max; s++)
			u[n++] = (unit){r->subs[s].name, r->subs[s].files, r->subs[s].n_files, 0, SIZE_MAX};
	} else {
		for (size_t f = 0; f < r->n_files && n < max; f++) {
			u[n] = (unit){r->files[f].path, NULL, 1, f, SIZE_MAX};
			u[n].files = &u[n].one;
			n++;
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < u[i].n_files; f++) {
			size_t x = u[i].files[f];
			if (ds__report_fact(r, x, "table.metrics") &&
			    (u[i].table == SIZE_MAX || later_name(r->files[x].path, r->files[u[i].table].path)))
				u[i].table = x;
		}
	return n;
}

/* The metrics met (key, label) in the order first met, and the years. */
typedef struct metrics {
	char key[32][64], label[32][160];
	size_t n;
	int years[64];
	size_t n_years;
} metrics;

static void metrics_add(metrics *m, const char *list, const char *years)
{
	for (const char *p = list ? list : ""; *p;) {
		const char *nl = strchr(p, '\n'), *tab = strchr(p, '\t');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (tab && (size_t)(tab - p) < len) {
			char key[64];
			snprintf(key, sizeof key, "%.*s", (int)(tab - p), p);
			size_t j = 0;
			while (j < m->n && strcmp(m->key[j], key))
				j++;
			if (j == m->n && m->n < 32) {
				snprintf(m->key[j], sizeof m->key[j], "%s", key);
				snprintf(m->label[j], sizeof m->label[j], "%.*s", (int)(len - (size_t)(tab - p) - 1),
					 tab + 1);
				m->n++;
			}
		}
		p += len + (nl ? 1 : 0);
	}
	for (const char *p = years ? years : ""; *p;) {
		int y = atoi(p);
		size_t j = 0;
		while (j < m->n_years && m->years[j] != y)
			j++;
		if (y && j == m->n_years && m->n_years < 64) { /* kept in order */
			size_t k = m->n_years++;
			while (k && m->years[k - 1] > y) {
				m->years[k] = m->years[k - 1];
				k--;
			}
			m->years[k] = y;
		}
		const char *comma = strchr(p, ',');
		p = comma ? comma + 1 : p + strlen(p);
	}
}

/* The figure of a metric and year in file f: 1 a number (*v), 0 text, -1 none. */
static int figure(const ds_report *r, size_t f, const char *key, int year, double *v, const char **text,
		  const char **cell)
{
	char k[128];
	snprintf(k, sizeof k, "table.%s.%d", key, year);
	*text = ds__report_fact(r, f, k);
	snprintf(k + strlen(k), sizeof k - strlen(k), ".cell");
	*cell = ds__report_fact(r, f, k);
	if (!*text)
		return -1;
	char *end;
	*v = strtod(*text, &end);
	return end != *text && !*end;
}

/* The sum of one metric (j) over the years (one year y, or all: -1) of the
 * units [from, to), each by the table that counts; to the millionth (what
 * a figure has is at most 6 decimals, what a double adds up is not). */
static double sum_of(const ds_report *r, const unit *u, size_t from, size_t to, const metrics *m, size_t j, long y)
{
	double sum = 0;
	for (size_t i = from; i < to; i++)
		for (size_t k = 0; k < m->n_years && u[i].table != SIZE_MAX; k++) {
			double v;
			const char *text, *cell;
			if ((y < 0 || (long)k == y) &&
			    figure(r, u[i].table, m->key[j], m->years[k], &v, &text, &cell) > 0)
				sum += v;
		}
	return fabs(sum) < 1e9 ? round(sum * 1e6) / 1e6 : sum;
}

/* part 0: every figure (unit, year, metric, value, file, cell); 1: totals
 * by metric and year; 2: by unit and metric; 3: the units not merged. */
static void statistics_rows(const ds_report *r, sink *k, int lang, int part)
{
	bool zh = lang == DS__ZH;
	size_t max = r->collected ? r->n_subs : r->n_files;
	unit *u = malloc((max ? max : 1) * sizeof *u);
	metrics *m = calloc(1, sizeof *m);
	if (!u || !m) {
		free(u);
		free(m);
		return;
	}
	size_t n_u = units_of(r, u, max);
	for (size_t i = 0; i < n_u; i++)
		for (size_t f = 0; f < u[i].n_files; f++)
			metrics_add(m, ds__report_fact(r, u[i].files[f], "table.metrics"),
				    ds__report_fact(r, u[i].files[f], "table.years"));
	if (part == 0) {
		tcell head[] = {T(zh ? "报送单位" : "submission"), T(zh ? "年份" : "year"), T(zh ? "指标" : "metric"),
				T(zh ? "数值" : "value"),          T(zh ? "文件" : "file"), T(zh ? "单元格" : "cell"),
				T(zh ? "计入合计" : "in totals")};
		put_row(k, head, 7);
		for (size_t i = 0; i < n_u; i++)
			for (size_t f = 0; f < u[i].n_files; f++)
				for (size_t y = 0; y < m->n_years; y++)
					for (size_t j = 0; j < m->n; j++) {
						double v;
						const char *text, *cell;
						int got = figure(r, u[i].files[f], m->key[j], m->years[y], &v, &text,
								 &cell);
						if (got < 0)
							continue;
						tcell row[] = {T(u[i].name),
							       N(m->years[y]),
							       T(m->label[j]),
							       got ? N(v) : T(text),
							       T(r->files[u[i].files[f]].path),
							       T(cell ? cell : ""),
							       T(u[i].files[f] == u[i].table ? (zh ? "是" : "yes")
											     : (zh ? "否" : "no"))};
						put_row(k, row, 7);
					}
	} else if (part == 1) {
		tcell head[40];
		char years[64][12];
		size_t h = 0;
		head[h++] = T(zh ? "指标" : "metric");
		for (size_t y = 0; y < m->n_years && h < 38; y++) {
			snprintf(years[y], sizeof years[y], "%d", m->years[y]);
			head[h++] = T(years[y]);
		}
		head[h++] = T(zh ? "合计" : "total");
		put_row(k, head, h);
		for (size_t j = 0; j < m->n; j++) {
			tcell row[40];
			size_t c = 0;
			row[c++] = T(m->label[j]);
			for (size_t y = 0; y < m->n_years && c < 38; y++)
				row[c++] = N(sum_of(r, u, 0, n_u, m, j, (long)y));
			row[c++] = N(sum_of(r, u, 0, n_u, m, j, -1));
			put_row(k, row, c);
		}
	} else if (part == 2) {
		tcell head[40];
		size_t h = 0;
		head[h++] = T(zh ? "报送单位" : "submission");
		for (size_t j = 0; j < m->n && h < 39; j++)
			head[h++] = T(m->label[j]);
		put_row(k, head, h);
		for (size_t i = 0; i < n_u; i++) {
			if (u[i].table == SIZE_MAX)
				continue;
			tcell row[40];
			size_t c = 0;
			row[c++] = T(u[i].name);
			for (size_t j = 0; j < m->n && c < 39; j++)
				row[c++] = N(sum_of(r, u, i, i + 1, m, j, -1));
			put_row(k, row, c);
		}
	} else {
		tcell head[] = {T(zh ? "报送单位" : "submission"), T(zh ? "原因" : "why")};
		put_row(k, head, 2);
		for (size_t i = 0; i < n_u; i++) {
			bool merged = false, sheet = false;
			const char *why = NULL;
			for (size_t f = 0; f < u[i].n_files; f++) {
				const file *x = &r->files[u[i].files[f]];
				merged = merged || ds__report_fact(r, u[i].files[f], "table.metrics");
				if (strcmp(x->format, "xlsx") && strcmp(x->format, "xls"))
					continue;
				sheet = true;
				for (size_t q = 0; q < x->n && !why; q++)
					if (x->findings[q].sev == DS_SEV_ERROR)
						why = x->findings[q].msg[lang];
			}
			for (size_t f = 0; merged && f < u[i].n_files; f++) {
				size_t x = u[i].files[f];
				if (x == u[i].table || !ds__report_fact(r, x, "table.metrics"))
					continue;
				const char *a = strrchr(r->files[x].path, '/'),
					   *b = strrchr(r->files[u[i].table].path, '/');
				char note[1024];
				snprintf(
					note, sizeof note,
					zh ? "%s 未计入合计：该单位还报送了 %s，每个单位只计一份统计表（取文件名排在后的版本）"
					   : "%s is not in the totals: the unit also sent %s, and each unit counts one table "
					     "(the version whose name sorts last)",
					a ? a + 1 : r->files[x].path, b ? b + 1 : r->files[u[i].table].path);
				tcell row[] = {T(u[i].name), T(note)};
				put_row(k, row, 2);
			}
			if (merged)
				continue;
			const char *none = zh ? "没有报送统计表" : "sent no statistics table";
			const char *empty = zh ? "统计表中没有找到可汇总的数据" : "no figures found in its table";
			tcell row[] = {T(u[i].name), T(why ? why : sheet ? empty : none)};
			put_row(k, row, 2);
		}
	}
	free(u);
	free(m);
}

void ds__write_statistics(const ds_report *r, FILE *o, int lang)
{
	fputs("\xEF\xBB\xBF", o);
	sink k = {.csv = o};
	statistics_rows(r, &k, lang, 0);
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

/* One sheet of rows, frozen, filtered, its columns fitted. */
static void add_sheet(lxw_workbook *wb, lxw_format *head, const char *name, const ds_report *r, int l,
		      void (*rows)(const ds_report *, sink *, int, int), int part)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	if (!ws)
		return;
	sink k = {.ws = ws, .head = head};
	rows(r, &k, l, part);
	worksheet_freeze_panes(ws, 1, 0);
	if (k.row > 1 && k.cols)
		worksheet_autofilter(ws, 0, 0, k.row - 1, (lxw_col_t)(k.cols - 1));
	for (size_t i = 0; i < k.cols; i++)
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, k.width[i], NULL);
}

static void register_part(const ds_report *r, sink *k, int l, int part)
{
	(void)part;
	register_rows(r, k, l);
}

static void submissions_part(const ds_report *r, sink *k, int l, int part)
{
	(void)part;
	submission_rows(r, k, l);
}

DS_API int ds_report_write_xlsx(const ds_report *r, const char *path, const char *what, const char *lang)
{
	int l = ds__lang_index(lang);
	bool zh = l == DS__ZH;
	if (strcmp(what, "register") && strcmp(what, "submissions") && strcmp(what, "statistics"))
		return ds__error_set(DS_ERROR, _("unknown table '%s' (known: register, submissions, statistics)"),
				     what);
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return ds__error_set(DS_ERROR, _("cannot write %s"), path);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	if (!strcmp(what, "register")) {
		add_sheet(wb, head, zh ? "案例登记" : "cases", r, l, register_part, 0);
	} else if (!strcmp(what, "submissions")) {
		add_sheet(wb, head, zh ? "报送单位" : "submissions", r, l, submissions_part, 0);
	} else {
		add_sheet(wb, head, zh ? "汇总" : "totals", r, l, statistics_rows, 1);
		add_sheet(wb, head, zh ? "按单位" : "by submission", r, l, statistics_rows, 2);
		add_sheet(wb, head, zh ? "明细" : "figures", r, l, statistics_rows, 0);
		add_sheet(wb, head, zh ? "未汇总" : "not merged", r, l, statistics_rows, 3);
	}
	lxw_error e = workbook_close(wb);
	return e == LXW_NO_ERROR ? 0 : ds__error_set(DS_ERROR, _("cannot write %s: %s"), path, lxw_strerror(e));
}
