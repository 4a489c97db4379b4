/*
 * contacts.c - the contacts plugin: the submitter's contact (报送单位,
 * 联系人, 联系电话, 电子邮箱) must be there and valid, and must not be the
 * committee's own (copied from the notice).
 *
 * Fields are found as "标签：值" in any paragraph (body, tables, headers,
 * footers) or cell, or as a label cell with the value in the next cell to
 * the right (or below).  Values are read after full-width characters are
 * folded to half-width, so ０７５５－１２３４５６７８ is a phone number.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"

enum { F_ORG, F_PERSON, F_PHONE, F_EMAIL, F_N };
static const char *field_params[F_N] = {"org_labels", "person_labels", "phone_labels", "email_labels"};

typedef struct found {
	int field;
	char value[256];
	ds_location loc;
	char cell[16];
} found;

typedef struct finds {
	found v[128];
	size_t n;
	bool oom; /* memory ran out while looking: the rules fail, they do not say "not found" */
} finds;

#define CONTACT_PARAMS                                                                                                 \
	{"org_labels", DS_PARAM_STRINGS, "报送单位\n填报单位\n单位名称\n报送部门\n单位", "labels of the organisation", \
	 NULL},                                                                                                        \
		{"person_labels", DS_PARAM_STRINGS, "联系人\n填报人\n经办人", "labels of the contact person", NULL},   \
		{"phone_labels", DS_PARAM_STRINGS, "联系电话\n办公电话\n手机号码\n手机\n电话\n联系方式",               \
		 "labels of the phone", NULL},                                                                         \
	{                                                                                                              \
		"email_labels", DS_PARAM_STRINGS, "电子邮箱\n电子邮件\n邮箱\nE-mail\nEmail\nemail\nE-Mail",            \
			"labels of the e-mail", NULL                                                                   \
	}

/* ------------------------------------------------------------ extraction */

/* The labels of all fields, looked up once per file: scanning text tries
 * them at every position, so that must not go through parameter lookups. */
typedef struct labels {
	struct {
		const char *s;
		size_t len;
		int field;
	} v[64];
	size_t n;
	unsigned char bucket[256][8]; /* labels by a hash of their first two bytes */
	unsigned char in_bucket[256];
	size_t longest; /* bytes */
} labels;

static unsigned hash2(const char *s)
{
	return ((unsigned char)s[0] * 31u + (unsigned char)s[1]) & 255u;
}

static void labels_load(const ds_params *p, labels *ls)
{
	memset(ls, 0, sizeof *ls);
	for (int f = 0; f < F_N; f++)
		for (size_t i = 0, n_i = ds_params_count(p, field_params[f]); i < n_i && ls->n < 64; i++) {
			const char *l = ds_params_string_at(p, field_params[f], i);
			if (!*l)
				continue;
			unsigned h = hash2(l);
			if (ls->in_bucket[h] < 8)
				ls->bucket[h][ls->in_bucket[h]++] = (unsigned char)ls->n;
			ls->v[ls->n++] = (__typeof__(ls->v[0])){l, strlen(l), f};
			if (strlen(l) > ls->longest)
				ls->longest = strlen(l);
		}
}

/* The longest label of any field that starts at s; its field and length. */
static bool label_at(const labels *ls, const char *s, int *field, size_t *len)
{
	size_t best = 0;
	if (((unsigned char)s[0] & 0xC0) == 0x80)
		return false; /* inside a UTF-8 character: no label starts here */
	if (!s[0])
		return false;
	unsigned h = hash2(s);
	for (size_t k = 0; k < ls->in_bucket[h]; k++) {
		size_t i = ls->bucket[h][k];
		if (ls->v[i].len > best && !strncmp(s, ls->v[i].s, ls->v[i].len)) {
			best = ls->v[i].len;
			*field = ls->v[i].field;
		}
	}
	*len = best;
	return best > 0;
}

static void add(finds *fs, int field, const char *value, size_t len, const ds_location *loc)
{
	if (fs->n >= sizeof fs->v / sizeof fs->v[0])
		return;
	found *x = &fs->v[fs->n++];
	x->field = field;
	snprintf(x->value, sizeof x->value, "%.*s", (int)len, value);
	trim_value(x->value);
	x->loc = *loc;
	if (loc->cell) {
		snprintf(x->cell, sizeof x->cell, "%s", loc->cell);
		x->loc.cell = x->cell;
	}
}

/* "联系人：张三  联系电话：0755-1234" -> two fields.  Returns true when text
 * is only a label (the value is in the next cell). */
/* Can text hold a field at all?  A label counts before a colon, or alone
 * in its cell; most paragraphs of a write-up have neither, and are not
 * scanned. */
static bool may_hold(const labels *p, const char *raw, size_t len)
{
	if (memchr(raw, ':', len))
		return true;
	for (const char *e = raw; (e = memchr(e, 0xEF, len - (size_t)(e - raw))) && e + 2 < raw + len; e++)
		if (e[1] == '\xBC' && e[2] == '\x9A') /* ： */
			return true;
	while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
		len--;
	while (len >= 3 && !memcmp(raw + len - 3, "\xE3\x80\x80", 3)) /* ideographic space */
		len -= 3;
	return len <= 3 * p->longest; /* a label written in full-width letters */
}

static bool scan_text(const labels *p, const char *raw, size_t rawlen, const ds_location *loc, finds *fs,
		      int *lone_field)
{
	if (!may_hold(p, raw, rawlen))
		return false;
	char *s = halfwidth(raw, rawlen);
	if (!s) {
		fs->oom = true;
		return false;
	}
	bool lone = false;
	for (size_t i = 0; s[i];) {
		int f = -1;
		size_t l;
		if (!label_at(p, s + i, &f, &l) || (i > 0 && isalnum((unsigned char)s[i - 1]))) {
			i++;
			continue;
		}
		size_t j = i + l;
		while (s[j] == ' ' || s[j] == '\t')
			j++;
		if (s[j] != ':') {
			/* a cell that is just the label: the value is beside it */
			if (!s[j] && i == 0) {
				lone = true;
				*lone_field = f;
			}
			i += l;
			continue;
		}
		j++;
		size_t k = j;
		while (s[k]) {
			int f2 = -1;
			size_t l2;
			if (label_at(p, s + k, &f2, &l2)) {
				size_t m = k + l2;
				while (s[m] == ' ')
					m++;
				if (s[m] == ':')
					break;
			}
			k++;
		}
		add(fs, f, s + j, k - j, loc);
		i = k;
	}
	if (!lone && rawlen) {
		/* "联系人" written with a trailing colon and nothing after it */
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == ':'))
			n--;
		int f = -1;
		size_t l;
		if (label_at(p, s, &f, &l) && l == n && n) {
			lone = true;
			*lone_field = f;
		}
	}
	free(s);
	return lone;
}

/* The non-empty table cells' paragraphs, sorted by table, row, column and
 * order, so that the cell below a label is found by a binary search. */
typedef struct cellpara {
	uint32_t table, row, col;
	size_t i;
} cellpara;

static int cmp_cellpara(const void *a, const void *b)
{
	const cellpara *x = a, *y = b;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The first non-empty paragraph after paragraph i in cell (table, row, col). */
static size_t cell_after(const cellpara *v, size_t n, cellpara key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_cellpara(&v[mid], &key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].table == key.table && v[lo].row == key.row && v[lo].col == key.col ? v[lo].i : SIZE_MAX;
}

static void from_doc(const ds_rule_ctx *ctx, const labels *p, finds *fs)
{
	const ds_doc *doc = ds_ctx_doc(ctx);
	size_t n = ds_doc_para_count(doc), n_cells = 0;
	cellpara *cells = malloc((n ? n : 1) * sizeof *cells);
	fs->oom = fs->oom || !cells;
	for (size_t i = 0; cells && i < n; i++) {
		const ds_para *q = ds_doc_para(doc, i);
		if (q->in_table && q->text_len)
			cells[n_cells++] = (cellpara){q->table, q->row, q->col, i};
	}
	if (cells)
		qsort(cells, n_cells, sizeof *cells, cmp_cellpara);
	for (size_t i = 0; i < n; i++) {
		const ds_para *para = ds_doc_para(doc, i);
		if (para->part == DS_PART_COMMENT)
			continue;
		ds_location loc = DS_LOCATION_INIT;
		ds_ctx_para_location_get(ctx, i, &loc);
		int f = -1;
		if (!scan_text(p, para->text, para->text_len, &loc, fs, &f) || !para->in_table)
			continue;
		/* label cell: the next non-empty cell to the right, else the one below */
		const ds_para *val = NULL;
		size_t vi = 0;
		for (size_t j = i + 1; j < n && !val; j++) {
			const ds_para *q = ds_doc_para(doc, j);
			if (!q->in_table || q->table != para->table || q->row != para->row)
				break;
			if (q->col > para->col && q->text_len) {
				val = q;
				vi = j;
			}
		}
		if (!val && cells && para->row < UINT32_MAX &&
		    (vi = cell_after(cells, n_cells, (cellpara){para->table, para->row + 1, para->col, i})) != SIZE_MAX)
			val = ds_doc_para(doc, vi);
		if (val) {
			int f2 = -1;
			size_t l2;
			char *h = halfwidth(val->text, val->text_len);
			fs->oom = fs->oom || !h;
			bool is_label = h && label_at(p, h, &f2, &l2);
			if (!is_label && h) {
				ds_location vloc = DS_LOCATION_INIT;
				ds_ctx_para_location_get(ctx, vi, &vloc);
				add(fs, f, h, strlen(h), &vloc);
			}
			free(h);
		}
	}
	free(cells);
}

/* One row of a workbook: a field in a cell ("联系人：张三"), or a label cell
 * with its value in one of the next three cells to the right, or below. */
static void from_row(const labels *p, textcache *empty, const ds_sheet *sh, const ds_cell *row, size_t n,
		     const ds_cell *next, size_t next_n, finds *fs)
{
	for (size_t i = 0; i < n; i++) {
		const ds_cell *c = &row[i];
		size_t len = strlen(c->shown);
		if (c->type != DS_CELL_STRING || textcache_has(empty, c->shown, len) || !may_hold(p, c->shown, len))
			continue;
		char ref[16];
		ds_location loc = DS_LOCATION_INIT;
		loc.sheet = sh->name;
		loc.cell = ds_cell_ref(c->row, c->col, ref, sizeof ref);
		int f = -1;
		size_t before = fs->n;
		if (!scan_text(p, c->shown, len, &loc, fs, &f)) {
			if (fs->n == before)
				textcache_add(empty, c->shown, len);
			continue;
		}
		const ds_cell *v = NULL;
		for (uint32_t k = 1; k <= 3 && !v; k++) {
			const ds_cell *r = row_cell(row, n, c->col + k);
			if (r && *r->shown)
				v = r;
		}
		if (!v && next_n && next[0].row == c->row + 1) {
			const ds_cell *b = row_cell(next, next_n, c->col);
			if (b && *b->shown)
				v = b;
		}
		int f2 = -1;
		size_t l2;
		if (v && !label_at(p, v->shown, &f2, &l2)) {
			char vref[16];
			ds_location vloc = DS_LOCATION_INIT;
			vloc.sheet = sh->name;
			vloc.cell = ds_cell_ref(v->row, v->col, vref, sizeof vref);
			char *h = halfwidth(v->shown, strlen(v->shown));
			fs->oom = fs->oom || !h;
			if (h)
				add(fs, f, h, strlen(h), &vloc);
			free(h);
		}
	}
}

/* The fields of the file, found once for the plugin's four rules (unless a
 * profile gives them different labels). */
typedef struct shared {
	char labels[2048]; /* the labels they were found with */
	finds fs;
} shared;

/* The labels of a rule as one string: rules with the same find the same. */
static void signature(const labels *ls, char *sig, size_t size)
{
	size_t n = 0;
	sig[0] = '\0';
	for (size_t i = 0; i < ls->n && n < size; i++)
		n += (size_t)snprintf(sig + n, size - n, "%d%s\n", ls->v[i].field, ls->v[i].s);
}

/* A workbook is read row by row (on_row): each set of labels the rules use
 * gets a collection, filled by the first rule that has it. */
#define N_SETS 4

typedef struct book {
	struct {
		const ds_params *rule; /* the rule that fills it */
		char sig[2048];
		labels ls;
		textcache empty; /* texts seen to hold no field */
		finds fs;
	} set[N_SETS];
	struct {
		const ds_params *rule;
		int set; /* -1: a fifth set of labels, not collected */
	} by_rule[8];
	size_t n_sets, n_rules;
} book;

/* The collection of a rule's labels, or -1. */
static int set_of(book *b, const ds_params *p)
{
	for (size_t i = 0; i < b->n_rules; i++)
		if (b->by_rule[i].rule == p)
			return b->by_rule[i].set;
	if (b->n_rules == sizeof b->by_rule / sizeof b->by_rule[0])
		return -1;
	labels ls;
	char sig[sizeof b->set[0].sig];
	labels_load(p, &ls);
	signature(&ls, sig, sizeof sig);
	int k = 0;
	while ((size_t)k < b->n_sets && strcmp(b->set[k].sig, sig))
		k++;
	if ((size_t)k == b->n_sets && b->n_sets < N_SETS) {
		b->set[k].rule = p;
		memcpy(b->set[k].sig, sig, sizeof sig);
		b->set[k].ls = ls;
		b->n_sets++;
	}
	int set = (size_t)k < b->n_sets ? k : -1;
	b->by_rule[b->n_rules].rule = p;
	b->by_rule[b->n_rules++].set = set;
	return set;
}

static int on_row(ds_rule_ctx *ctx, const ds_sheet *sheet, const ds_cell *row, size_t n, const ds_cell *next,
		  size_t next_n)
{
	bool fresh;
	book *b = ds_ctx_shared(ctx, sizeof *b, &fresh);
	if (!b)
		return -1;
	const ds_params *p = ds_ctx_params(ctx);
	int k = set_of(b, p);
	if (k >= 0 && b->set[k].rule == p)
		from_row(&b->set[k].ls, &b->set[k].empty, sheet, row, n, next, next_n, &b->set[k].fs);
	return 0;
}

static const finds *collect(ds_rule_ctx *ctx, finds *local)
{
	const ds_doc *doc = ds_ctx_doc(ctx);
	bool fresh;
	if (ds_doc_format(doc) == DS_FORMAT_XLSX) {
		book *b = ds_ctx_shared(ctx, sizeof *b, &fresh);
		int k = b ? set_of(b, ds_ctx_params(ctx)) : -1;
		local->n = 0;
		local->oom = false;
		return k >= 0 ? &b->set[k].fs : local;
	}
	labels ls;
	labels_load(ds_ctx_params(ctx), &ls);
	char sig[sizeof((shared *)0)->labels];
	signature(&ls, sig, sizeof sig);
	shared *sh = ds_ctx_shared(ctx, sizeof *sh, &fresh);
	if (sh && !fresh && !strcmp(sh->labels, sig))
		return &sh->fs;
	finds *fs = sh && fresh ? &sh->fs : local;
	fs->n = 0;
	fs->oom = false;
	from_doc(ctx, &ls, fs);
	if (fs != local)
		snprintf(sh->labels, sizeof sh->labels, "%s", sig);
	return fs;
}

/* ------------------------------------------------------- contacts.required */

static const ds_param_def required_params[] = {CONTACT_PARAMS, {NULL, 0, NULL, NULL, NULL}};

static const ds_message_def required_msgs[] = {
	{"missing-person", DS_SEV_ERROR, "No contact person (联系人) was found.", "没有找到联系人。",
	 "Add a line such as “联系人：张三”.", "请添加“联系人：张三”这样的一行。"},
	{"missing-phone", DS_SEV_ERROR, "No contact phone (联系电话) was found.", "没有找到联系电话。",
	 "Add a line such as “联系电话：010-12345678 / 13800138000”.",
	 "请添加“联系电话：010-12345678 / 13800138000”这样的一行。"},
	{"missing-email", DS_SEV_ERROR, "No e-mail address (电子邮箱) was found.", "没有找到电子邮箱。",
	 "Add a line such as “电子邮箱：name@example.cn”.", "请添加“电子邮箱：name@example.cn”这样的一行。"},
	{"missing-org", DS_SEV_WARNING, "The submitting organisation (报送单位) is not named.", "没有写明报送单位。",
	 "Add a line such as “报送单位：某某市科学技术局”.", "请添加“报送单位：某某市科学技术局”这样的一行。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* The first value of each field, as facts for the collection (the
 * submission's contacts, which must agree across its files). */
static int record(ds_rule_ctx *ctx, const finds *fs)
{
	static const char *keys[F_N] = {"contact.org", "contact.person", "contact.phone", "contact.email"};
	int error = 0;
	for (size_t i = 0; i < fs->n && !error; i++)
		if (fs->v[i].value[0])
			error = ds_ctx_fact(ctx, keys[fs->v[i].field], fs->v[i].value);
	return error;
}

static int check_required(ds_rule_ctx *ctx)
{
	finds local;
	const finds *fs = collect(ctx, &local);
	if (fs->oom || record(ctx, fs) < 0)
		return -1; /* memory ran out while looking: the rule fails visibly */
	static const char *keys[F_N] = {"missing-org", "missing-person", "missing-phone", "missing-email"};
	int error = 0;
	for (int f = 0; f < F_N && !error; f++) {
		bool have = false;
		for (size_t i = 0; i < fs->n; i++)
			have = have || (fs->v[i].field == f && fs->v[i].value[0]);
		if (!have)
			error = ds_ctx_emit(ctx, keys[f], NULL, NULL);
	}
	return error;
}

/* ---------------------------------------------------------- contacts.phone */

static const ds_param_def phone_params[] = {
	CONTACT_PARAMS,
	{"patterns", DS_PARAM_PATTERNS,
	 "^1[3-9]\\d{9}$\n"
	 "^(010|02\\d)-?[1-9]\\d{6,7}((转|分机|ext|x|#|-)\\d{1,6})?$\n"
	 "^0[3-9]\\d{2}-?[1-9]\\d{6,7}((转|分机|ext|x|#|-)\\d{1,6})?$",
	 "valid numbers, as the numbering plan reads them: a mobile's 11 digits; a landline as "
	 "AREA-LOCAL where the area code is written apart, else its digits (3-digit area codes are 010 and "
	 "020-029, all others 4; local numbers 7 or 8 digits), then an extension; +86 taken off",
	 NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def phone_msgs[] = {
	{"invalid", DS_SEV_ERROR, "The phone number \"{value}\" is not a valid mainland mobile or landline number.",
	 "联系电话“{value}”不是有效的手机号码或固定电话。",
	 "Write a mobile number (11 digits, 1[3-9]…) or a landline with its area code, a hyphen and the 7- or "
	 "8-digit number (0755-12345678; 010 and 020–029 are the 3-digit area codes, all others have 4).",
	 "请填写 11 位手机号码，或“区号-号码”形式的固定电话（如 0755-12345678；区号 010、020–029 为三位，其余为四位；"
	 "号码为 7 或 8 位）。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_phone(ds_rule_ctx *ctx)
{
	finds local;
	const finds *fs = collect(ctx, &local);
	if (fs->oom || record(ctx, fs) < 0)
		return -1; /* memory ran out while looking: the rule fails visibly */
	const ds_params *p = ds_ctx_params(ctx);
	int error = 0;
	for (size_t i = 0; i < fs->n && !error; i++) {
		if (fs->v[i].field != F_PHONE || !fs->v[i].value[0])
			continue;
		char parts[8][96];
		size_t n = split_values(fs->v[i].value, parts[0], sizeof parts[0], 8);
		for (size_t k = 0; k < n && !error; k++) {
			char d[96];
			phone_form(parts[k], d, sizeof d);
			if (!match_list(p, "patterns", d, strlen(d), NULL, NULL))
				error = ds_ctx_emit(ctx, "invalid", &fs->v[i].loc, "value", parts[k], NULL);
		}
	}
	return error;
}

/* ---------------------------------------------------------- contacts.email */

static const ds_param_def email_params[] = {CONTACT_PARAMS,
					    {"pattern", DS_PARAM_PATTERN,
					     "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$",
					     "a valid address", NULL},
					    {NULL, 0, NULL, NULL, NULL}};

static const ds_message_def email_msgs[] = {
	{"invalid", DS_SEV_ERROR, "The e-mail address \"{value}\" is not valid.", "电子邮箱“{value}”格式不正确。",
	 "Write it as name@domain (e.g. zhangsan@example.cn), in half-width characters.",
	 "请按 名称@域名 的格式填写（如 zhangsan@example.cn），使用半角字符。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_email(ds_rule_ctx *ctx)
{
	finds local;
	const finds *fs = collect(ctx, &local);
	if (fs->oom || record(ctx, fs) < 0)
		return -1; /* memory ran out while looking: the rule fails visibly */
	const ds_params *p = ds_ctx_params(ctx);
	int error = 0;
	for (size_t i = 0; i < fs->n && !error; i++) {
		if (fs->v[i].field != F_EMAIL || !fs->v[i].value[0])
			continue;
		char parts[8][96];
		size_t n = split_values(fs->v[i].value, parts[0], sizeof parts[0], 8);
		for (size_t k = 0; k < n && !error; k++)
			if (!ds_pattern_match(ds_params_pattern(p, "pattern"), parts[k], strlen(parts[k]), 0, NULL,
					      NULL))
				error = ds_ctx_emit(ctx, "invalid", &fs->v[i].loc, "value", parts[k], NULL);
	}
	return error;
}

/* --------------------------------------------------- contacts.not-committee */

static const ds_param_def committee_params[] = {
	CONTACT_PARAMS,
	{"names", DS_PARAM_STRINGS, "肖敏志", "the committee's contact person", NULL},
	{"phones", DS_PARAM_STRINGS, "075581773059\n13560236575", "the committee's phones (digits)", NULL},
	{"emails", DS_PARAM_STRINGS, "xiaominzhi@ciep.gov.cn", "the committee's e-mail", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def committee_msgs[] = {
	{"committee", DS_SEV_WARNING, "The contact given (\"{value}\") is the committee's own, copied from the notice.",
	 "填写的联系方式（“{value}”）是组委会自己的，应是从通知中复制的。",
	 "Give your own organisation's contact person, phone and e-mail.", "请填写本单位的联系人、电话和邮箱。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static bool in_list(const ds_params *p, const char *name, const char *v)
{
	for (size_t i = 0, n_i = ds_params_count(p, name); i < n_i; i++)
		if (!strcasecmp(ds_params_string_at(p, name, i), v))
			return true;
	return false;
}

static int check_committee(ds_rule_ctx *ctx)
{
	finds local;
	const finds *fs = collect(ctx, &local);
	if (fs->oom || record(ctx, fs) < 0)
		return -1; /* memory ran out while looking: the rule fails visibly */
	const ds_params *p = ds_ctx_params(ctx);
	int error = 0;
	for (size_t i = 0; i < fs->n && !error; i++) {
		char parts[8][96];
		size_t n = split_values(fs->v[i].value, parts[0], sizeof parts[0], 8);
		for (size_t k = 0; k < n && !error; k++) {
			char d[96];
			phone_digits(parts[k], d, sizeof d);
			bool hit = (fs->v[i].field == F_PERSON && in_list(p, "names", parts[k])) ||
				   (fs->v[i].field == F_PHONE && in_list(p, "phones", d)) ||
				   (fs->v[i].field == F_EMAIL && in_list(p, "emails", parts[k]));
			if (hit)
				error = ds_ctx_emit(ctx, "committee", &fs->v[i].loc, "value", parts[k], NULL);
		}
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"contacts.required", "The submitter's contact person, phone, e-mail and organisation are given",
	 "是否写明报送单位、联系人、联系电话和电子邮箱", DS_APPLIES_DOCX | DS_APPLIES_XLSX, required_params,
	 required_msgs, check_required},
	{"contacts.phone", "Phone numbers are valid", "联系电话是否有效", DS_APPLIES_DOCX | DS_APPLIES_XLSX,
	 phone_params, phone_msgs, check_phone},
	{"contacts.email", "E-mail addresses are valid", "电子邮箱格式是否正确", DS_APPLIES_DOCX | DS_APPLIES_XLSX,
	 email_params, email_msgs, check_email},
	{"contacts.not-committee", "The contact is not the committee's own", "联系方式不是组委会自己的",
	 DS_APPLIES_DOCX | DS_APPLIES_XLSX, committee_params, committee_msgs, check_committee},
};

static const ds_row_hook row_hooks[] = {on_row, on_row, on_row, on_row};

DS_PLUGIN_DEFINE(.name = "contacts", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0],
		 .row_hooks = row_hooks)
