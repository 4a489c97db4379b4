/*
 * docx.c - the DOCX reader: settings, then every story (body, footnotes,
 * endnotes, headers, footers, comments) as a SAX stream, with the styles
 * (docx_styles.c) and lists (docx_numbering.c) read first.
 *
 * Only the text a person sees is kept, as wordcount.md defines it: field
 * instructions, deleted and hidden text, separator notes and the unused
 * branch of mc:AlternateContent are dropped while streaming.  A paragraph's
 * slot is reserved at <w:p> so that text-box paragraphs, which are nested
 * inside their anchor paragraph, follow it in document order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"

/* ------------------------------------------------------------------ stories */

enum { F_INSTR = 0, F_RESULT = 1 };

/* An open field: w:fldChar begin..end, or a w:fldSimple. */
typedef struct field_frame {
	unsigned char state;  /* F_INSTR, then F_RESULT */
	bool page;            /* PAGE, NUMPAGES or SECTIONPAGES */
	const char *property; /* TITLE, SUBJECT, KEYWORDS: the document's */
	bool dropdown;        /* a FORMDROPDOWN: shows the entry chosen */
	size_t para;          /* the paragraph slot and text length where */
	size_t result;        /* its result began */
} field_frame;

typedef struct para_frame {
	size_t slot; /* index in doc->paras */
	ds__buf text;
	ds_span *spans;
	size_t n_spans, cap_spans;
	ds_control *ctls;
	size_t n_ctls, cap_ctls;
	ds_mark *marks;
	size_t n_marks, cap_marks;
	ds_span *cjk; /* cjk_lang_spans */
	size_t n_cjk, cap_cjk;
	ds_span *math; /* math_spans */
	size_t n_math, cap_math;
	signed char label_cjk; /* -1 until the first character */
	int style;             /* index or -1 */
	int outline;           /* direct w:outlineLvl or -1 */
	ds_align jc;
	int num_id, ilvl; /* direct numPr, -1 unset */
	bool bold_all, any_run;
	bool drop_cap;    /* w:framePr w:dropCap: the text opens the next paragraph */
	bool section_end; /* w:sectPr in its w:pPr */
	ds_part part;
	size_t table_base; /* table stack height when the story began */
} para_frame;

/* A section's header/footer references: [0..2] headers default/first/even,
 * [3..5] footers; each an r:id or NULL (inherited from the section before). */
typedef struct section {
	char *ref[6];
	bool continuous;
	bool parity;   /* starts on an odd or even page */
	bool title_pg; /* w:titlePg: a first page of its own */
} section;

typedef struct table_frame {
	uint32_t index;
	int row;
	uint32_t col;
	uint32_t span;
	bool in_row, in_cell;
} table_frame;

/* An open w:sdt.  An inline one holds part of a paragraph's text from
 * start; a block one (around paragraphs or cells) is recorded on the first
 * paragraph it opens; one around table rows only when it is plain text
 * (LibreOffice makes an input field of the first cell's paragraph). */
typedef struct sdt_frame {
	ds_control ctl;
	size_t para; /* inline: the paragraph's slot */
	bool rows;
	char *bind[3];  /* w:dataBinding storeItemID, xpath, prefixMappings */
	char *value;    /* the bound value shown instead of the content */
	bool looked_up; /* value looked up (once per control) */
} sdt_frame;

struct story {
	ds_doc *doc;
	ds__pkg *pkg;
	styles *st;
	numbering *nb;
	ds_part part;
	para_frame *paras; /* stack: text boxes nest paragraphs */
	size_t n_paras, cap_paras;
	table_frame *tables;
	size_t n_tables, cap_tables;
	size_t table_base;
	field_frame *fields;
	size_t n_fields, cap_fields;
	size_t n_instr; /* open fields still in their instruction (nothing of it shows) */
	/* notes: [0] footnotes, [1] endnotes */
	char note_fmt[2][32]; /* numFmt of their reference marks */
	long note_next[2];    /* the next reference's number */
	int in_notepr;        /* settings.xml: in footnotePr 1, endnotePr 2 */
	ds__buf dd_entries;   /* the open drop-down form field's entries, each ends in NUL */
	long dd_result, dd_default;
	long *note_refs; /* referenced ids, as id * 2 + endnote */
	size_t n_note_refs, cap_note_refs;
	unsigned char *ac; /* mc:AlternateContent stack: 1 when a branch was taken */
	size_t n_ac, cap_ac;
	sdt_frame *sdts;
	size_t n_sdts, cap_sdts;
	bool in_p; /* the innermost open container is a paragraph */
	bool in_sdtpr;
	bool block_pending; /* the next paragraph opens block_ctl */
	ds_control block_ctl;
	size_t bound_at;  /* 1 + the sdt whose bound value replaces its content; 0 none */
	unsigned n_binds; /* bound values looked up (each streams a part) */
	ds__binds binds;  /* the package's custom XML stores */
	int in_ppr, in_rpr, in_numpr, in_t, in_run;
	int in_math;     /* open m:oMath */
	bool t_preserve; /* xml:space="preserve" on the current w:t */
	ds__buf drop;    /* a drop cap's text waiting for its paragraph */
	ds__buf t;       /* the current w:t's characters */
	rprops run;
	ds__buf label;
	section *sects;
	size_t n_sects, cap_sects;
	bool in_sect;
	bool even_odd; /* settings: w:evenAndOddHeaders */
	int error;
};

static para_frame *top_para(struct story *s)
{
	return s->n_paras ? &s->paras[s->n_paras - 1] : NULL;
}

static void fail(struct story *s, ds__xml *x, int code)
{
	if (!s->error)
		s->error = code;
	ds__xml_fail(x, code);
}

static bool fields_visible(const struct story *s)
{
	return !s->n_instr;
}

/* Resolve a run property: direct, then character style XOR paragraph style, then defaults. */
static int resolve_toggle(const struct story *s, signed char direct, int field)
{
	if (direct >= 0)
		return direct;
	const para_frame *p = &s->paras[s->n_paras - 1];
	int cs = ds__style_find(s->st, s->run.rstyle);
	int ps = p->style;
	int cv = -1, pv = -1;
	switch (field) {
	case 0:
		cv = CHAIN(s->st, cs, vanish);
		pv = CHAIN(s->st, ps, vanish);
		break;
	case 1:
		cv = CHAIN(s->st, cs, bold);
		pv = CHAIN(s->st, ps, bold);
		break;
	case 2:
		cv = CHAIN(s->st, cs, hint);
		pv = CHAIN(s->st, ps, hint);
		break;
	case 3:
		cv = CHAIN(s->st, cs, dict);
		pv = CHAIN(s->st, ps, dict);
		break;
	default:
		cv = CHAIN(s->st, cs, dict_ea);
		pv = CHAIN(s->st, ps, dict_ea);
		break;
	}
	if (field >= 2) { /* not toggles: the nearest wins */
		int dd = field == 2 ? s->st->dd_hint : field == 3 ? s->st->dd_dict : s->st->dd_dict_ea;
		return cv >= 0 ? cv : pv >= 0 ? pv : dd;
	}
	if (cv >= 0 || pv >= 0)
		return (cv > 0) ^ (pv > 0);
	return field == 0 ? s->st->dd_vanish : s->st->dd_bold;
}

/* Add [start, end) to a span list, joined to the last span when they touch. */
static int span_add(ds_span **v, size_t *n, size_t *cap, size_t start, size_t end)
{
	if (*n && (*v)[*n - 1].end == start) {
		(*v)[*n - 1].end = (uint32_t)end;
		return 0;
	}
	if (ds__grow((void **)v, cap, *n, sizeof **v) < 0)
		return -1;
	(*v)[(*n)++] = (ds_span){(uint32_t)start, (uint32_t)end};
	return 0;
}

/* Whether text read now is shown: in a paragraph, not hidden, not an
 * instruction, not replaced by a bound value. */
static bool text_shown(struct story *s)
{
	return top_para(s) && !s->bound_at && fields_visible(s) && resolve_toggle(s, s->run.vanish, 0) <= 0;
}

static void add_text(struct story *s, ds__xml *x, const char *t, size_t len)
{
	para_frame *p = top_para(s);
	if (!len || !text_shown(s))
		return;
	size_t start = p->text.len;
	if (ds__buf_add(&p->text, t, len) < 0 || ds__doc_keep(s->doc, len) < 0) {
		fail(s, x, ds_error_code());
		return;
	}
	if (resolve_toggle(s, s->run.hint, 2) > 0 &&
	    span_add(&p->spans, &p->n_spans, &p->cap_spans, start, p->text.len) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	if ((resolve_toggle(s, s->run.dict, 3) > 0 &&
	     span_add(&p->cjk, &p->n_cjk, &p->cap_cjk, start, p->text.len) < 0) ||
	    (s->in_math && span_add(&p->math, &p->n_math, &p->cap_math, start, p->text.len) < 0)) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	if (p->label_cjk < 0) {
		uint32_t cp;
		ds__utf8_next(t, len, &cp);
		bool asian = ds_char_classify(cp) == DS_CHAR_ASIAN;
		p->label_cjk =
			(signed char)(resolve_toggle(s, asian ? s->run.dict_ea : s->run.dict, asian ? 4 : 3) > 0);
	}
	bool blank = true;
	for (size_t i = 0; i < len && blank; i++)
		blank = t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r';
	if (!blank) {
		if (resolve_toggle(s, s->run.bold, 1) <= 0)
			p->bold_all = false;
		p->any_run = true;
	}
}

static void add_cp(struct story *s, ds__xml *x, uint32_t cp)
{
	ds__buf b = {0};
	if (ds__buf_add_cp(&b, cp) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	add_text(s, x, b.p, b.len);
	ds__buf_free(&b);
}

static void add_control(struct story *s, ds__xml *x, para_frame *p, ds_control c)
{
	int error = ds__doc_built(s->doc, DS__BUILT_BYTES, sizeof c);
	if (error < 0) {
		fail(s, x, error);
		return;
	}
	if (ds__grow((void **)&p->ctls, &p->cap_ctls, p->n_ctls, sizeof *p->ctls) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	p->ctls[p->n_ctls++] = c;
}

/* A control bound to custom XML (the innermost open one) shows its value in
 * place of what it holds. */
static void show_bound(struct story *s, ds__xml *x)
{
	sdt_frame *f = s->n_sdts ? &s->sdts[s->n_sdts - 1] : NULL;
	para_frame *p = top_para(s);
	if (!f || !f->value || !p || s->bound_at)
		return;
	size_t len = strlen(f->value);
	if (ds__buf_add(&p->text, f->value, len) < 0 || ds__doc_keep(s->doc, len) < 0) {
		fail(s, x, ds_error_code());
		return;
	}
	s->bound_at = s->n_sdts;
}

static void para_begin(struct story *s, ds__xml *x, ds_part part)
{
	ds_doc *doc = s->doc;
	int error = ds__doc_built(doc, DS__BUILT_PARA, sizeof *doc->paras);
	if (error < 0) {
		fail(s, x, error);
		return;
	}
	if (ds__grow((void **)&s->paras, &s->cap_paras, s->n_paras, sizeof *s->paras) < 0 ||
	    ds__vec_grow((void **)&doc->paras, &doc->cap_paras, doc->n_paras, sizeof *doc->paras) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	para_frame *p = &s->paras[s->n_paras++];
	memset(p, 0, sizeof *p);
	p->slot = doc->n_paras++;
	/* a reserved slot is a valid empty paragraph until para_end fills it,
	 * whatever the XML does meanwhile */
	doc->paras[p->slot] = (ds_para){.part = part,
					.text = "",
					.label = "",
					.style_id = "",
					.style_name = "",
					.outline_level = -1,
					.sections = 1};
	p->style = -1;
	p->outline = -1;
	p->num_id = p->ilvl = -1;
	p->label_cjk = -1;
	p->bold_all = true;
	p->part = part;
	p->table_base = s->table_base;
	if (s->drop.len) {
		if (ds__buf_add(&p->text, s->drop.p, s->drop.len) < 0) {
			fail(s, x, DS_ENOMEM);
			return;
		}
		s->drop.len = 0;
	}
	s->in_p = true;
	if (s->block_pending) {
		s->block_pending = false;
		add_control(s, x, p, s->block_ctl);
		show_bound(s, x);
	}
}

/* Free a paragraph frame's buffers and pop it. */
static void para_pop(struct story *s)
{
	para_frame *p = top_para(s);
	ds__buf_free(&p->text);
	free(p->spans);
	free(p->ctls);
	free(p->marks);
	free(p->cjk);
	free(p->math);
	s->n_paras--;
}

/* A copy of n elements in the document's arena; NULL for none (or out of memory). */
static void *arena_copy(ds_doc *doc, const void *v, size_t n, size_t size)
{
	void *c = n ? ds__arena_alloc(&doc->arena, n * size) : NULL;
	if (c)
		memcpy(c, v, n * size);
	return c;
}

static void para_end(struct story *s, ds__xml *x)
{
	para_frame *p = top_para(s);
	if (!p)
		return;
	ds_doc *doc = s->doc;
	ds_para *out = &doc->paras[p->slot];
	if (p->drop_cap && p->slot + 1 == doc->n_paras && p->text.len) {
		/* a drop cap is the first letter of the next paragraph, not one of its own */
		if (ds__buf_add(&s->drop, p->text.p, p->text.len) < 0) {
			fail(s, x, DS_ENOMEM);
			return;
		}
		doc->n_paras--;
		para_pop(s);
		return;
	}
	int sty = p->style >= 0 ? p->style : s->st->def_para;
	out->part = p->part;
	out->text = ds__doc_str(doc, p->text.p ? p->text.p : "", p->text.len);
	out->text_len = p->text.len;
	out->style_id = sty >= 0 ? s->st->v[sty].id : "";
	out->style_name = sty >= 0 ? s->st->v[sty].name : "";
	int ol = p->outline >= 0 ? p->outline : CHAIN(s->st, sty, outline);
	out->outline_level = ol >= 0 && ol <= 8 ? ol : -1;
	int jc = p->jc ? (int)p->jc : CHAIN(s->st, sty, jc);
	out->align = jc > 0 ? (ds_align)jc : DS_ALIGN_NONE;
	out->all_bold = p->any_run && p->bold_all;
	int num_id = p->num_id >= 0 ? p->num_id : CHAIN(s->st, sty, num_id);
	int ilvl = p->ilvl >= 0 ? p->ilvl : CHAIN(s->st, sty, ilvl);
	if (ilvl < 0)
		ilvl = 0;
	if (ds__numbering_label(s->nb, num_id, ilvl, &s->label, &out->bullet) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	out->label = ds__doc_str(doc, s->label.p ? s->label.p : "", s->label.len);
	out->list_level = (uint32_t)ilvl;
	out->sections = 1;
	for (size_t i = 0; i < p->n_ctls; i++)
		if (p->ctls[i].block)
			p->ctls[i].end = (uint32_t)p->text.len;
	out->hint_spans = arena_copy(doc, p->spans, p->n_spans, sizeof *p->spans);
	out->n_hint_spans = p->n_spans;
	out->controls = arena_copy(doc, p->ctls, p->n_ctls, sizeof *p->ctls);
	out->n_controls = p->n_ctls;
	out->marks = arena_copy(doc, p->marks, p->n_marks, sizeof *p->marks);
	out->n_marks = p->n_marks;
	out->cjk_lang_spans = arena_copy(doc, p->cjk, p->n_cjk, sizeof *p->cjk);
	out->n_cjk_lang_spans = p->n_cjk;
	out->math_spans = arena_copy(doc, p->math, p->n_math, sizeof *p->math);
	out->n_math_spans = p->n_math;
	out->section_end = p->section_end;
	if ((p->n_spans && !out->hint_spans) || (p->n_ctls && !out->controls) || (p->n_marks && !out->marks) ||
	    (p->n_cjk && !out->cjk_lang_spans) || (p->n_math && !out->math_spans)) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	if (p->label_cjk < 0) { /* no text: the paragraph's own language */
		int v = CHAIN(s->st, sty, dict);
		p->label_cjk = (signed char)((v >= 0 ? v : s->st->dd_dict) > 0);
	}
	out->label_cjk_lang = p->label_cjk > 0;
	if (s->n_tables > p->table_base) {
		table_frame *t = &s->tables[s->n_tables - 1];
		out->in_table = true;
		out->table = t->index;
		out->row = t->row < 0 ? 0 : (uint32_t)t->row;
		out->col = t->col;
		doc->tables[t->index].end_para = (uint32_t)p->slot + 1;
	}
	if (!out->text || !out->label) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	para_pop(s);
}

static void table_begin(struct story *s, ds__xml *x)
{
	ds_doc *doc = s->doc;
	if (ds__grow((void **)&s->tables, &s->cap_tables, s->n_tables, sizeof *s->tables) < 0 ||
	    ds__grow((void **)&doc->tables, &doc->cap_tables, doc->n_tables, sizeof *doc->tables) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	ds_table *t = &doc->tables[doc->n_tables];
	memset(t, 0, sizeof *t);
	t->part = s->n_paras ? top_para(s)->part : s->part;
	t->parent = s->n_tables > s->table_base ? (int32_t)s->tables[s->n_tables - 1].index : -1;
	t->first_para = (uint32_t)doc->n_paras;
	t->end_para = (uint32_t)doc->n_paras;
	s->tables[s->n_tables++] = (table_frame){(uint32_t)doc->n_tables, -1, 0, 1};
	doc->n_tables++;
}

static void sect_ref(struct story *s, ds__xml *x, int base, const ds__attr *a, int n)
{
	const char *type = ds__attr_get(a, n, "type");
	const char *id = NULL;
	for (int i = 0; i < n; i++)
		if (a[i].ns == NS_R && !strcmp(a[i].local, "id"))
			id = a[i].value;
	int k = base + (!type || !strcmp(type, "default") ? 0
			: !strcmp(type, "first")          ? 1
			: !strcmp(type, "even")           ? 2
							  : 0);
	section *sec = &s->sects[s->n_sects - 1];
	if (!id || sec->ref[k])
		return;
	if (!(sec->ref[k] = strdup(id))) {
		ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		fail(s, x, DS_ENOMEM);
	}
}

/* How many page styles carry the header/footer with r:id rid, as
 * LibreOffice 7.4 imports sections (found by converting test documents).
 * A section without its own reference of a kind inherits the one before
 * it.  The first section keeps all its references, shown or not.  A later
 * one gets a page style when it starts a new page or has references of
 * its own, with the default header and footer, the first-page ones if
 * titlePg is on or they are its own, the even-page ones if
 * evenAndOddHeaders is on or they are its own; a continuous one with none
 * of its own but titlePg gets a first-page style alone; else none.  A
 * section that starts on an odd or even page has the style it starts with
 * (first-page with titlePg, else default) twice. */
static uint32_t sections_using(const struct story *s, const char *rid)
{
	const char *cur[6] = {0};
	uint32_t uses = 0;
	for (size_t i = 0; i < s->n_sects; i++) {
		const section *sec = &s->sects[i];
		bool own = false;
		for (int k = 0; k < 6; k++)
			if (sec->ref[k]) {
				cur[k] = sec->ref[k];
				own = true;
			}
		bool first_only = i > 0 && sec->continuous && !own;
		if (first_only && !sec->title_pg)
			continue; /* same page, same headers */
		for (int k = 0; k < 6; k++) {
			bool kept;
			switch (k % 3) {
			case 0: kept = !first_only; break;
			case 1: kept = i == 0 || sec->title_pg || sec->ref[k]; break;
			default: kept = i == 0 || (!first_only && (s->even_odd || sec->ref[k])); break;
			}
			if (kept && cur[k] && !strcmp(cur[k], rid))
				uses += sec->parity && (k % 3 == 1) == sec->title_pg ? 2 : 1;
		}
	}
	return uses;
}

static bool requires_understood(ds__xml *x, const char *req)
{
	static const char *known[] = {
		"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
		"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
		"http://schemas.microsoft.com/office/word/2010/wordml",
	};
	if (!req || !*req)
		return false;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", req);
	for (char *tok = strtok(buf, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
		const char *uri = ds__xml_uri_of_prefix(x, tok);
		bool ok = false;
		for (size_t i = 0; uri && i < sizeof known / sizeof known[0]; i++)
			ok = ok || !strcmp(uri, known[i]);
		if (!ok)
			return false;
	}
	return true;
}

static void sdt_begin(struct story *s, ds__xml *x)
{
	if (ds__grow((void **)&s->sdts, &s->cap_sdts, s->n_sdts, sizeof *s->sdts) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	sdt_frame *f = &s->sdts[s->n_sdts++];
	memset(f, 0, sizeof *f);
	f->ctl.block = !s->in_p;
	if (f->ctl.block) {
		f->rows = s->n_tables > s->table_base && !s->tables[s->n_tables - 1].in_row;
	} else {
		para_frame *p = top_para(s);
		f->para = p->slot;
		f->ctl.start = (uint32_t)p->text.len;
	}
}

/* A child of w:sdtPr: the control's type, and whether it shows its placeholder. */
static void sdt_property(struct story *s, int ns, const char *local, const ds__attr *a, int n)
{
	static const struct {
		const char *name;
		ds_control_type type;
	} types[] = {
		{"text", DS_CONTROL_PLAIN},          {"richText", DS_CONTROL_RICH},
		{"date", DS_CONTROL_DATE},           {"dropDownList", DS_CONTROL_LIST},
		{"comboBox", DS_CONTROL_LIST},       {"picture", DS_CONTROL_PICTURE},
		{"citation", DS_CONTROL_CITATION},   {"bibliography", DS_CONTROL_BIBLIOGRAPHY},
		{"group", DS_CONTROL_GROUP},         {"docPartObj", DS_CONTROL_GALLERY},
		{"docPartList", DS_CONTROL_GALLERY}, {"equation", DS_CONTROL_EQUATION},
	};
	ds_control *c = &s->sdts[s->n_sdts - 1].ctl;
	if (ns == NS_W14) {
		if (!strcmp(local, "checkbox"))
			c->type = DS_CONTROL_CHECKBOX;
		return;
	}
	if (!strcmp(local, "showingPlcHdr")) {
		c->placeholder = ds__attr_on(a, n);
		return;
	}
	if (!strcmp(local, "dataBinding")) {
		sdt_frame *f = &s->sdts[s->n_sdts - 1];
		const char *v[3] = {ds__attr_get(a, n, "storeItemID"), ds__attr_get(a, n, "xpath"),
				    ds__attr_get(a, n, "prefixMappings")};
		for (int i = 0; i < 3; i++) {
			free(f->bind[i]);
			f->bind[i] = v[i] ? strdup(v[i]) : NULL;
		}
		return;
	}
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (!strcmp(local, types[i].name))
			c->type = types[i].type;
}

static void sdt_pop(struct story *s)
{
	sdt_frame *f = &s->sdts[--s->n_sdts];
	for (int i = 0; i < 3; i++)
		free(f->bind[i]);
	free(f->value);
	if (s->bound_at > s->n_sdts)
		s->bound_at = 0;
}

#define MAX_BINDS 256 /* bound controls looked up per document */

/* Controls bound to custom XML whose value replaces their text: plain and
 * rich text.  Dates are shown in a format, lists by an entry's display
 * text, pictures and check boxes not as text: their stored text stands. */
static void sdt_content(struct story *s, ds__xml *x)
{
	sdt_frame *f = &s->sdts[s->n_sdts - 1];
	/* each lookup streams a part: past MAX_BINDS, stored text stands */
	/* a control's value is looked up once, however many w:sdtContent it has */
	if (f->bind[1] && !f->value && !f->looked_up && !s->bound_at && s->n_binds < MAX_BINDS &&
	    (f->ctl.type == DS_CONTROL_RICH || f->ctl.type == DS_CONTROL_PLAIN)) {
		s->n_binds++;
		f->looked_up = true;
		ds__buf v = {0};
		int found = ds__bind_value(s->pkg, &s->binds, f->bind[0], f->bind[1], f->bind[2], &v);
		if (found < 0) {
			ds__buf_free(&v);
			fail(s, x, found);
			return;
		}
		if (found && v.len)
			f->value = v.p;
		else
			ds__buf_free(&v);
	}
	if (f->ctl.block && (!f->rows || f->ctl.type == DS_CONTROL_PLAIN)) {
		s->block_pending = true;
		s->block_ctl = f->ctl;
	} else if (!f->ctl.block) {
		show_bound(s, x);
	}
}

static void sdt_end(struct story *s, ds__xml *x)
{
	ds_control ctl = s->sdts[s->n_sdts - 1].ctl;
	size_t para = s->sdts[s->n_sdts - 1].para;
	sdt_pop(s);
	if (ctl.block) {
		s->block_pending = false;
		return;
	}
	para_frame *p = top_para(s);
	if (p && p->slot == para) {
		ctl.end = (uint32_t)p->text.len;
		add_control(s, x, p, ctl);
	}
}

/* Inside a field's w:fldChar begin: its form field data. */
static bool in_form_field(const struct story *s)
{
	return s->n_fields && s->fields[s->n_fields - 1].state == F_INSTR;
}

/* w:ffData inside a field's begin: a check box is a control; a drop-down
 * list shows the entry chosen (see field_end). */
static bool form_field_data(struct story *s, ds__xml *x, para_frame *p, const char *local, const ds__attr *a, int n)
{
	const char *val = ds__attr_get(a, n, "val");
	if (!strcmp(local, "checkBox")) {
		if (p)
			add_control(s, x, p,
				    (ds_control){(uint32_t)p->text.len, (uint32_t)p->text.len, DS_CONTROL_CHECKBOX,
						 false, false, true});
	} else if (!strcmp(local, "ddList")) {
		s->fields[s->n_fields - 1].dropdown = true;
		s->dd_entries.len = 0;
		s->dd_result = s->dd_default = -1;
	} else if (!strcmp(local, "result") || !strcmp(local, "default")) {
		if (val)
			*(local[0] == 'r' ? &s->dd_result : &s->dd_default) = atol(val);
	} else if (!strcmp(local, "listEntry")) {
		if (ds__buf_add(&s->dd_entries, val ? val : "", strlen(val ? val : "") + 1) < 0)
			fail(s, x, DS_ENOMEM);
	} else {
		return false;
	}
	return true;
}

/* Whether a field's instruction begins with name. */
static bool field_is(const char *instr, const char *name)
{
	while (*instr == ' ')
		instr++;
	size_t k = strcspn(instr, " \\");
	return k == strlen(name) && !strncasecmp(instr, name, k);
}

/* Whether a field instruction is a page number: PAGE, NUMPAGES, SECTIONPAGES. */
static bool page_field(const char *instr)
{
	return field_is(instr, "PAGE") || field_is(instr, "NUMPAGES") || field_is(instr, "SECTIONPAGES");
}

/* The document property a TITLE, SUBJECT or KEYWORDS field shows, or NULL. */
static const char *property_field(const struct story *s, const char *instr)
{
	const ds_facts *f = &s->doc->facts;
	return field_is(instr, "TITLE")      ? f->title
	       : field_is(instr, "SUBJECT")  ? f->subject
	       : field_is(instr, "KEYWORDS") ? f->keywords
					     : NULL;
}

/* Record a mark at byte offset at of the paragraph's text, after the marks
 * already at or before it: the list stays in text order. */
static void add_mark(struct story *s, ds__xml *x, para_frame *p, size_t at, ds_mark_type type, const char *shown)
{
	int error = ds__doc_built(s->doc, DS__BUILT_BYTES, sizeof *p->marks + strlen(shown));
	if (error < 0) {
		fail(s, x, error);
		return;
	}
	if (ds__grow((void **)&p->marks, &p->cap_marks, p->n_marks, sizeof *p->marks) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	const char *k = ds__doc_str(s->doc, shown, strlen(shown));
	if (!k) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	size_t i = p->n_marks++;
	for (; i > 0 && p->marks[i - 1].at > at; i--)
		p->marks[i] = p->marks[i - 1];
	p->marks[i] = (ds_mark){(uint32_t)at, type, k};
}

static void field_begin(struct story *s, ds__xml *x, unsigned char state, const char *instr)
{
	if (ds__grow((void **)&s->fields, &s->cap_fields, s->n_fields, sizeof *s->fields) < 0) {
		fail(s, x, DS_ENOMEM);
		return;
	}
	para_frame *p = top_para(s);
	s->n_instr += state == F_INSTR;
	s->fields[s->n_fields++] = (field_frame){
		state,           instr && page_field(instr), instr ? property_field(s, instr) : NULL, false,
		p ? p->slot : 0, p ? p->text.len : 0};
}

/* A field's end: a drop-down that shows nothing shows the entry chosen; a
 * page number field that shows nothing stands for the number the page gives
 * it (a mark); the result of a property field is marked, as LibreOffice
 * shows the property instead. */
static void field_end(struct story *s, ds__xml *x)
{
	field_frame f = s->fields[--s->n_fields];
	s->n_instr -= f.state == F_INSTR;
	para_frame *p = top_para(s);
	/* no result, or nothing added since it began */
	bool empty = p && (f.state == F_INSTR || (p->slot == f.para && p->text.len == f.result));
	if (f.dropdown && empty) {
		long k = s->dd_result >= 0 ? s->dd_result : s->dd_default >= 0 ? s->dd_default : 0;
		const char *e = s->dd_entries.p, *end = e ? e + s->dd_entries.len : NULL;
		for (; e && e < end && k > 0; k--)
			e += strlen(e) + 1;
		if (e && e < end)
			add_text(s, x, e, strlen(e));
		return;
	}
	if (f.page && empty && fields_visible(s))
		add_mark(s, x, p, p->text.len, DS_MARK_PAGE, "");
	if (f.property && p && p->slot == f.para && fields_visible(s)) {
		add_mark(s, x, p, f.result, DS_MARK_FIELD, f.property); /* before any mark in the result */
		add_mark(s, x, p, p->text.len, DS_MARK_FIELD_END, "");
	}
}

/* A footnote (endnote = 0) or endnote (1) reference: numbered in the order
 * they come, in the format settings.xml gives; the note it names is read. */
static void note_ref(struct story *s, ds__xml *x, int endnote, const ds__attr *a, int n)
{
	const char *id = ds__attr_get(a, n, "id");
	const char *custom = ds__attr_get(a, n, "customMarkFollows");
	if (id) {
		if (ds__grow((void **)&s->note_refs, &s->cap_note_refs, s->n_note_refs, sizeof *s->note_refs) < 0) {
			fail(s, x, DS_ENOMEM);
			return;
		}
		s->note_refs[s->n_note_refs++] = atol(id) * 2 + endnote;
	}
	para_frame *p = top_para(s);
	if (!p || !fields_visible(s) || resolve_toggle(s, s->run.vanish, 0) > 0)
		return;
	ds__buf b = {0};
	if (custom && ds__on(custom)) {
		add_mark(s, x, p, p->text.len, endnote ? DS_MARK_ENDNOTE : DS_MARK_FOOTNOTE, "");
		return;
	}
	ds__numfmt_label(&b, s->note_fmt[endnote], s->note_next[endnote]);
	if (s->note_next[endnote] < MAX_NUMBER)
		s->note_next[endnote]++;
	add_mark(s, x, p, p->text.len, endnote ? DS_MARK_ENDNOTE : DS_MARK_FOOTNOTE, b.p ? b.p : "");
	ds__buf_free(&b);
}

static bool note_referenced(const struct story *s, int endnote, const char *id)
{
	long k = (id ? atol(id) : 0) * 2 + endnote;
	for (size_t i = 0; i < s->n_note_refs; i++)
		if (s->note_refs[i] == k)
			return true;
	return false;
}

static void story_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct story *s = ud;
	if (ns == NS_W && !strcmp(local, "body") && ds__xml_strict_seen(x))
		s->doc->facts.strict = true;
	if (ns == NS_MC) {
		if (!strcmp(local, "AlternateContent")) {
			if (ds__grow((void **)&s->ac, &s->cap_ac, s->n_ac, 1) < 0) {
				fail(s, x, DS_ENOMEM);
				return;
			}
			s->ac[s->n_ac++] = 0;
		} else if (!strcmp(local, "Choice") && s->n_ac) {
			if (s->ac[s->n_ac - 1] || !requires_understood(x, ds__attr_get(a, n, "Requires")))
				ds__xml_skip(x);
			else
				s->ac[s->n_ac - 1] = 1;
		} else if (!strcmp(local, "Fallback") && s->n_ac) {
			if (s->ac[s->n_ac - 1])
				ds__xml_skip(x);
			else
				s->ac[s->n_ac - 1] = 1;
		}
		return;
	}
	if (ns == NS_M) {
		if (!strcmp(local, "t"))
			s->in_t = 1;
		else if (!strcmp(local, "oMath"))
			s->in_math++;
		return;
	}
	if (s->in_sdtpr) {
		if (ns == NS_W || ns == NS_W14)
			sdt_property(s, ns, local, a, n);
		return;
	}
	if (ns != NS_W)
		return;
	para_frame *p = top_para(s);
	const char *val;
	if (in_form_field(s) && form_field_data(s, x, p, local, a, n))
		return;
	if (s->in_rpr && s->in_run && ds__rpr_apply(&s->run, local, a, n))
		return;
	/* run properties hold property elements only: anything else in them
	 * (a paragraph, a table) is no content, as story_end ignores every end
	 * in them but rPr's own */
	if (s->in_rpr && strcmp(local, "rStyle") && strcmp(local, "rPrChange") && strcmp(local, "ins") &&
	    strcmp(local, "del") && strcmp(local, "moveFrom") && strcmp(local, "moveTo")) {
		ds__xml_skip(x);
		return;
	}
	switch (local[0]) {
	case 'b':
		if (!strcmp(local, "br")) {
			val = ds__attr_get(a, n, "type");
			if (!val || !strcmp(val, "textWrapping"))
				add_text(s, x, "\n", 1);
			else if (text_shown(s))
				add_mark(s, x, top_para(s), top_para(s)->text.len, DS_MARK_BREAK, "");
		}
		return;
	case 'c':
		if (!strcmp(local, "cr"))
			add_text(s, x, "\n", 1);
		else if (!strcmp(local, "comment"))
			s->doc->facts.comments++;
		else if (!strcmp(local, "cellIns") || !strcmp(local, "cellDel"))
			s->doc->facts.tracked_changes = true;
		return;
	case 'd':
		if (!strcmp(local, "del")) {
			s->doc->facts.tracked_changes = true;
			if (!s->in_rpr && !s->in_ppr)
				ds__xml_skip(x);
		}
		return;
	case 'e':
		if (!strcmp(local, "endnoteReference")) {
			note_ref(s, x, 1, a, n);
			return;
		}
		/* fall through */
	case 'f':
		if (!strcmp(local, "fldChar")) {
			val = ds__attr_get(a, n, "fldCharType");
			if (!val)
				return;
			if (!strcmp(val, "begin")) {
				field_begin(s, x, F_INSTR, NULL);
			} else if (!strcmp(val, "separate") && s->n_fields) {
				field_frame *f = &s->fields[s->n_fields - 1];
				s->n_instr -= f->state == F_INSTR;
				f->state = F_RESULT;
				if (p) {
					f->para = p->slot;
					f->result = p->text.len;
				}
			} else if (!strcmp(val, "end") && s->n_fields) {
				field_end(s, x);
			}
		} else if (!strcmp(local, "fldSimple")) {
			field_begin(s, x, F_RESULT, ds__attr_get(a, n, "instr"));
		} else if (!strcmp(local, "footnoteReference")) {
			note_ref(s, x, 0, a, n);
		} else if (!strcmp(local, "framePr") && s->in_ppr && p) {
			const char *dc = ds__attr_get(a, n, "dropCap");
			p->drop_cap = dc && (!strcmp(dc, "drop") || !strcmp(dc, "margin"));
		} else if (!strcmp(local, "footerReference") && s->in_sect) {
			sect_ref(s, x, 3, a, n);
		} else if (!strcmp(local, "footnote") || !strcmp(local, "endnote")) {
			val = ds__attr_get(a, n, "type");
			if (val && strcmp(val, "normal"))
				ds__xml_skip(x); /* separator, continuationSeparator, continuationNotice */
			else if (!note_referenced(s, local[0] == 'e', ds__attr_get(a, n, "id")))
				ds__xml_skip(x); /* no reference shows it */
		}
		return;
	case 'h':
		if (!strcmp(local, "headerReference") && s->in_sect)
			sect_ref(s, x, 0, a, n);
		return;
	case 'i':
		if (!strcmp(local, "ins")) {
			s->doc->facts.tracked_changes = true;
		} else if (!strcmp(local, "ilvl") && s->in_numpr && p) {
			val = ds__attr_get(a, n, "val");
			p->ilvl = val ? atoi(val) : 0;
		} else if (!strcmp(local, "instrText") && s->n_fields) {
			/* never counted; read for the field's kind */
			s->in_t = 3;
			s->t.len = 0;
		}
		return;
	case 'j':
		if (!strcmp(local, "jc") && s->in_ppr && !s->in_rpr && p)
			p->jc = ds__parse_jc(ds__attr_get(a, n, "val"));
		return;
	case 'm':
		if (!strcmp(local, "moveFrom")) {
			s->doc->facts.tracked_changes = true;
			if (!s->in_rpr && !s->in_ppr)
				ds__xml_skip(x);
		} else if (!strcmp(local, "moveTo")) {
			s->doc->facts.tracked_changes = true;
		}
		return;
	case 'n':
		if (!strcmp(local, "noBreakHyphen"))
			add_cp(s, x, 0x2011);
		else if (!strcmp(local, "numPr") && s->in_ppr)
			s->in_numpr = 1;
		else if (!strcmp(local, "numId") && s->in_numpr && p) {
			val = ds__attr_get(a, n, "val");
			p->num_id = val ? atoi(val) : 0;
		} else if (!strcmp(local, "numberingChange")) {
			s->doc->facts.tracked_changes = true;
			ds__xml_skip(x);
		}
		return;
	case 'o':
		if (!strcmp(local, "outlineLvl") && s->in_ppr && p) {
			val = ds__attr_get(a, n, "val");
			p->outline = val ? atoi(val) : -1;
		}
		return;
	case 'p':
		if (!strcmp(local, "p")) {
			/* a paragraph inside another one sits in a text box */
			bool in_box = s->n_paras > 0 && s->part == DS_PART_BODY;
			para_begin(s, x, in_box ? DS_PART_TEXTBOX : p ? p->part : s->part);
		} else if (!strcmp(local, "pPr")) {
			s->in_ppr = 1;
		} else if (!strcmp(local, "pStyle") && s->in_ppr && p) {
			p->style = ds__style_find(s->st, ds__attr_get(a, n, "val"));
		} else if (!strcmp(local, "ptab")) {
			add_text(s, x, "\t", 1);
		} else if (!strcmp(local, "pPrChange")) {
			s->doc->facts.tracked_changes = true;
			ds__xml_skip(x);
		}
		return;
	case 'r':
		if (!strcmp(local, "r")) {
			s->in_run = 1;
			s->run = (rprops){-1, -1, -1, -1, -1, NULL};
		} else if (!strcmp(local, "rPr")) {
			s->in_rpr = 1;
		} else if (!strcmp(local, "rStyle") && s->in_rpr && s->in_run) {
			val = ds__attr_get(a, n, "val");
			int k = ds__style_find(s->st, val);
			s->run.rstyle = k >= 0 ? s->st->v[k].id : NULL;
		} else if (!strcmp(local, "rPrChange")) {
			s->doc->facts.tracked_changes = true;
			ds__xml_skip(x);
		} else if (!strcmp(local, "rt")) {
			ds__xml_skip(x); /* ruby text: only the base counts */
		}
		return;
	case 's':
		if (!strcmp(local, "sym")) {
			val = ds__attr_get(a, n, "char");
			if (val) {
				uint32_t cp = (uint32_t)strtoul(val, NULL, 16);
				if (cp)
					add_cp(s, x, cp);
			}
		} else if (!strcmp(local, "sdt")) {
			sdt_begin(s, x);
		} else if (!strcmp(local, "sdtPr") && s->n_sdts) {
			s->in_sdtpr = true;
		} else if (!strcmp(local, "sdtContent") && s->n_sdts) {
			sdt_content(s, x);
		} else if (!strcmp(local, "sectPrChange")) {
			ds__xml_skip(x);
		} else if (!strcmp(local, "sectPr") && s->part == DS_PART_BODY) {
			if (ds__grow((void **)&s->sects, &s->cap_sects, s->n_sects, sizeof *s->sects) < 0) {
				fail(s, x, DS_ENOMEM);
				return;
			}
			memset(&s->sects[s->n_sects++], 0, sizeof *s->sects);
			s->in_sect = true;
			if (s->in_ppr && p)
				p->section_end = true;
		}
		return;
	case 't':
		if (!strcmp(local, "t")) {
			const char *sp = ds__attr_get(a, n, "space");
			s->in_t = 2; /* w:t: collected, then trimmed unless preserved */
			s->t_preserve = sp && !strcmp(sp, "preserve");
			s->t.len = 0;
		} else if (!strcmp(local, "tab")) {
			if (!s->in_ppr) /* pPr/tabs/tab is a tab stop, not a character */
				add_text(s, x, "\t", 1);
		} else if (!strcmp(local, "tbl")) {
			table_begin(s, x);
		} else if (!strcmp(local, "tr") && s->n_tables > s->table_base) {
			table_frame *t = &s->tables[s->n_tables - 1];
			t->row++;
			t->col = 0;
			t->in_row = true;
			ds_table *dt = &s->doc->tables[t->index];
			dt->rows = (uint32_t)t->row + 1;
		} else if (!strcmp(local, "tc") && s->n_tables > s->table_base) {
			s->tables[s->n_tables - 1].span = 1;
			s->tables[s->n_tables - 1].in_cell = true;
		} else if (!strcmp(local, "txbxContent")) {
			/* a text box: its paragraphs are stories of their own */
			s->table_base = s->n_tables;
			s->in_run = 0;
			s->in_p = false;
		} else if (!strcmp(local, "type") && s->in_sect) {
			val = ds__attr_get(a, n, "val");
			s->sects[s->n_sects - 1].continuous = val && !strcmp(val, "continuous");
			s->sects[s->n_sects - 1].parity = val && (!strcmp(val, "oddPage") || !strcmp(val, "evenPage"));
		} else if (!strcmp(local, "titlePg") && s->in_sect) {
			s->sects[s->n_sects - 1].title_pg = ds__attr_on(a, n);
		} else if (!strcmp(local, "tblPrChange") || !strcmp(local, "trPrChange") ||
			   !strcmp(local, "tcPrChange") || !strcmp(local, "tblPrExChange")) {
			ds__xml_skip(x);
		}
		return;
	case 'g':
		if (!strcmp(local, "gridSpan") && s->n_tables > s->table_base) {
			val = ds__attr_get(a, n, "val");
			int span = val ? atoi(val) : 1;
			s->tables[s->n_tables - 1].span = span > 0 && span < 1000 ? (uint32_t)span : 1;
		}
		return;
	default: return;
	}
}

static void story_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct story *s = ud;
	if (ns == NS_MC) {
		if (!strcmp(local, "AlternateContent") && s->n_ac)
			s->n_ac--;
		return;
	}
	if (ns == NS_M) {
		if (!strcmp(local, "t"))
			s->in_t = 0;
		else if (!strcmp(local, "oMath") && s->in_math)
			s->in_math--;
		return;
	}
	if (ns != NS_W)
		return;
	/* the many children of run and control properties end nothing here */
	if ((s->in_rpr && strcmp(local, "rPr")) || (s->in_sdtpr && strcmp(local, "sdtPr")))
		return;
	if (!strcmp(local, "p")) {
		para_end(s, x);
		s->in_ppr = s->in_rpr = s->in_numpr = 0;
		s->in_p = false;
	} else if (!strcmp(local, "t")) {
		/* Word drops the white space around an unpreserved w:t */
		const char *t = s->t.p;
		size_t len = s->t.len;
		while (!s->t_preserve && len && strchr(" \t\r\n", t[0]))
			t++, len--;
		while (!s->t_preserve && len && strchr(" \t\r\n", t[len - 1]))
			len--;
		if (s->in_t == 2 && len)
			add_text(s, x, t, len);
		s->in_t = 0;
	} else if (!strcmp(local, "r")) {
		s->in_run = 0;
		s->in_rpr = 0;
	} else if (!strcmp(local, "rPr")) {
		s->in_rpr = 0;
	} else if (!strcmp(local, "pPr")) {
		s->in_ppr = 0;
		s->in_numpr = 0;
	} else if (!strcmp(local, "numPr")) {
		s->in_numpr = 0;
	} else if (!strcmp(local, "sectPr")) {
		s->in_sect = false;
	} else if (!strcmp(local, "tc") && s->n_tables > s->table_base) {
		table_frame *t = &s->tables[s->n_tables - 1];
		t->col += t->span;
		t->in_cell = false;
		ds_table *dt = &s->doc->tables[t->index];
		if (t->col > dt->cols)
			dt->cols = t->col;
	} else if (!strcmp(local, "tr") && s->n_tables > s->table_base) {
		s->tables[s->n_tables - 1].in_row = false;
	} else if (!strcmp(local, "tbl") && s->n_tables > s->table_base) {
		s->n_tables--;
	} else if (!strcmp(local, "txbxContent")) {
		/* back to the anchor paragraph's tables */
		para_frame *p = top_para(s);
		s->table_base = p ? p->table_base : 0;
		s->in_run = 1;
		s->in_p = p != NULL;
	} else if (!strcmp(local, "sdtPr")) {
		s->in_sdtpr = false;
	} else if (!strcmp(local, "sdt") && s->n_sdts) {
		sdt_end(s, x);
	} else if (!strcmp(local, "instrText")) {
		if (s->in_t == 3 && s->n_fields && ds__buf_addc(&s->t, '\0') == 0) {
			field_frame *f = &s->fields[s->n_fields - 1];
			f->page = f->page || page_field(s->t.p);
			if (!f->property)
				f->property = property_field(s, s->t.p);
		}
		s->in_t = 0;
	} else if (!strcmp(local, "fldSimple") && s->n_fields) {
		field_end(s, x);
	}
}

static void story_text(void *ud, ds__xml *x, const char *t, size_t len)
{
	struct story *s = ud;
	if (!s->in_t)
		return;
	if (s->in_t == 1)
		add_text(s, x, t, len);
	else if (ds__buf_add(&s->t, t, len) < 0)
		fail(s, x, DS_ENOMEM);
	else if (s->t.len > s->doc->limits.max_text_bytes) /* before the whole w:t is held */
		fail(s, x, ds__doc_keep(s->doc, s->t.len));
}

static int read_story(struct story *s, ds__pkg *pkg, const char *part, ds_part kind)
{
	static const ds__xml_handler h = {.start = story_start, .end = story_end, .text = story_text};
	s->part = kind;
	s->pkg = pkg;
	while (s->n_sdts)
		sdt_pop(s);
	s->n_fields = s->n_instr = s->n_ac = s->n_tables = s->table_base = 0;
	s->in_p = s->in_sdtpr = s->block_pending = false;
	s->in_ppr = s->in_rpr = s->in_numpr = s->in_t = s->in_run = s->in_math = 0;
	s->drop.len = 0;
	int error = ds__xml_parse_part(pkg, part, &h, s);
	/* an unclosed paragraph (error path) must not leak its frame */
	while (s->n_paras)
		para_pop(s);
	return error < 0 ? error : s->error;
}

/* ---------------------------------------------------------------- settings */

static void settings_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct story *s = ud;
	ds_doc *doc = s->doc;
	if (ns != NS_W)
		return;
	if (!strcmp(local, "rsids")) {
		/* what is read here comes before the revision ids in the schema's
		 * order (and in all the corpus): Word writes thousands of them */
		ds__xml_stop(x);
		return;
	}
	if (!strcmp(local, "evenAndOddHeaders")) {
		s->even_odd = ds__attr_on(a, n);
		return;
	}
	/* the reference marks' format and first number: footnotePr, endnotePr */
	if (!strcmp(local, "footnotePr") || !strcmp(local, "endnotePr")) {
		s->in_notepr = local[0] == 'e' ? 2 : 1;
		return;
	}
	const char *val = ds__attr_get(a, n, "val");
	if (s->in_notepr && val && !strcmp(local, "numFmt") && strlen(val) < sizeof s->note_fmt[0]) {
		strcpy(s->note_fmt[s->in_notepr - 1], val);
		return;
	}
	if (s->in_notepr && val && !strcmp(local, "numStart")) {
		s->note_next[s->in_notepr - 1] = ds__clamp_number(val);
		return;
	}
	if (strcmp(local, "documentProtection"))
		return;
	const char *enforce = ds__attr_get(a, n, "enforcement");
	if (!enforce)
		enforce = ds__attr_get(a, n, "enforce");
	const char *edit = ds__attr_get(a, n, "edit");
	doc->facts.protection = enforce && ds__on(enforce);
	doc->facts.protection_edit = ds__doc_str(doc, edit ? edit : "none", strlen(edit ? edit : "none"));
}

static void settings_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct story *s = ud;
	(void)x;
	if (ns == NS_W && (!strcmp(local, "footnotePr") || !strcmp(local, "endnotePr")))
		s->in_notepr = 0;
}

/* ------------------------------------------------------------------- entry */

int ds__docx_read(ds_doc *doc, ds__pkg *pkg, const char *main)
{
	styles st;
	numbering nb;
	struct story s = {.doc = doc, .note_fmt = {"decimal", "lowerRoman"}, .note_next = {1, 1}};
	int error = ds__styles_read(doc, pkg, main, &st);
	int nerror = ds__numbering_read(pkg, main, &nb);
	if (error < 0 || (error = nerror) < 0)
		goto done;
	s.st = &st;
	s.nb = &nb;
	doc->facts.protection_edit = "";
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, main, "/settings");
	if (rel && !rel->external && ds__pkg_has(pkg, rel->target)) {
		static const ds__xml_handler h = {.start = settings_start, .end = settings_end};
		if ((error = ds__xml_parse_part(pkg, rel->target, &h, &s)) < 0)
			goto done;
	}
	if ((error = read_story(&s, pkg, main, DS_PART_BODY)) < 0)
		goto done;
	static const struct {
		const char *type;
		ds_part part;
	} stories[] = {
		{"/footnotes", DS_PART_FOOTNOTE}, {"/endnotes", DS_PART_ENDNOTE}, {"/header", DS_PART_HEADER},
		{"/footer", DS_PART_FOOTER},      {"/comments", DS_PART_COMMENT},
	};
	const ds__rel *rels;
	size_t nrels;
	if ((error = ds__pkg_rels(pkg, main, &rels, &nrels)) < 0)
		goto done;
	for (size_t k = 0; k < sizeof stories / sizeof stories[0]; k++)
		for (size_t i = 0; i < nrels; i++) {
			const char *tail = strrchr(rels[i].type, '/');
			if (rels[i].external || !tail || strcmp(tail, stories[k].type) ||
			    !ds__pkg_has(pkg, rels[i].target))
				continue;
			bool seen = false; /* a header part may be named by several sections */
			for (size_t j = 0; j < i; j++)
				seen = seen || !strcmp(rels[j].target, rels[i].target);
			if (seen)
				continue;
			size_t first = doc->n_paras;
			if ((error = read_story(&s, pkg, rels[i].target, stories[k].part)) < 0)
				goto done;
			if (stories[k].part != DS_PART_HEADER && stories[k].part != DS_PART_FOOTER)
				continue;
			uint32_t uses = 0;
			for (size_t j = 0; j < nrels; j++)
				if (!strcmp(rels[j].target, rels[i].target))
					uses += sections_using(&s, rels[j].id);
			for (size_t j = first; j < doc->n_paras; j++)
				doc->paras[j].sections = uses;
		}
done:
	ds__styles_free(&st);
	ds__numbering_free(&nb);
	free(s.paras);
	free(s.tables);
	free(s.fields);
	while (s.n_sdts)
		sdt_pop(&s);
	free(s.sdts);
	ds__binds_free(&s.binds);
	free(s.note_refs);
	free(s.ac);
	for (size_t i = 0; i < s.n_sects; i++)
		for (int k = 0; k < 6; k++)
			free(s.sects[i].ref[k]);
	free(s.sects);
	ds__buf_free(&s.label);
	ds__buf_free(&s.t);
	ds__buf_free(&s.drop);
	ds__buf_free(&s.dd_entries);
	return error;
}
