/*
 * docx_text.c - a story's paragraphs, runs and tables: the text a person
 * sees (hidden, deleted and field-instruction text dropped), its spans
 * (bold, CJK language, math), marks and list labels, and the cells of its
 * tables.  A paragraph's slot is reserved at <w:p> so that text-box
 * paragraphs, nested inside their anchor paragraph, follow it in document
 * order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_story.h"

para_frame *dx_top_para(struct story *s)
{
	return s->n_paras ? &s->paras[s->n_paras - 1] : NULL;
}

void dx_fail(struct story *s, ds__xml *x, int code)
{
	if (!s->error)
		s->error = code;
	ds__xml_fail(x, code);
}

bool dx_fields_visible(const struct story *s)
{
	return !s->fld.n_instr;
}

/* Resolve a run property: direct, then character style XOR paragraph style, then defaults. */
int dx_resolve_toggle(const struct story *s, signed char direct, int field)
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
bool dx_text_shown(struct story *s)
{
	return dx_top_para(s) && !s->ctl.bound_at && dx_fields_visible(s) &&
	       dx_resolve_toggle(s, s->run.vanish, 0) <= 0;
}

void dx_add_text(struct story *s, ds__xml *x, const char *t, size_t len)
{
	para_frame *p = dx_top_para(s);
	if (!len || !dx_text_shown(s))
		return;
	size_t start = p->text.len;
	if (ds__buf_add(&p->text, t, len) < 0 || ds__doc_keep(s->doc, len) < 0) {
		dx_fail(s, x, ds_error_code());
		return;
	}
	if (dx_resolve_toggle(s, s->run.hint, 2) > 0 &&
	    span_add(&p->spans, &p->n_spans, &p->cap_spans, start, p->text.len) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	if ((dx_resolve_toggle(s, s->run.dict, 3) > 0 &&
	     span_add(&p->cjk, &p->n_cjk, &p->cap_cjk, start, p->text.len) < 0) ||
	    (s->in_math && span_add(&p->math, &p->n_math, &p->cap_math, start, p->text.len) < 0)) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	if (p->label_cjk < 0) {
		uint32_t cp;
		ds__utf8_next(t, len, &cp);
		bool asian = ds_char_classify(cp) == DS_CHAR_ASIAN;
		p->label_cjk =
			(signed char)(dx_resolve_toggle(s, asian ? s->run.dict_ea : s->run.dict, asian ? 4 : 3) > 0);
	}
	bool blank = true;
	for (size_t i = 0; i < len && blank; i++)
		blank = t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r';
	bool bold = dx_resolve_toggle(s, s->run.bold, 1) > 0;
	if (!blank) {
		if (!bold)
			p->bold_all = false;
		p->any_run = true;
	}
	/* the formatting of what was added, joined to the stretch before when the same */
	int ps = p->style >= 0 ? p->style : s->st->def_para;
	ds_runfmt f = {(uint32_t)start,
		       (uint32_t)p->text.len,
		       ds__run_font(s->st, &s->run, ps, false),
		       ds__run_font(s->st, &s->run, ps, true),
		       (uint32_t)ds__run_size(s->st, &s->run, ps),
		       bold};
	ds_runfmt *last = p->n_fmt ? &p->fmt[p->n_fmt - 1] : NULL;
	if (last && last->end == f.start && last->latin == f.latin && last->east_asia == f.east_asia &&
	    last->size == f.size && last->bold == f.bold) {
		last->end = f.end;
		return;
	}
	int error = ds__doc_built(s->doc, DS__BUILT_BYTES, sizeof f);
	if (error < 0 || ds__grow((void **)&p->fmt, &p->cap_fmt, p->n_fmt, sizeof *p->fmt) < 0) {
		dx_fail(s, x, error < 0 ? error : DS_ENOMEM);
		return;
	}
	p->fmt[p->n_fmt++] = f;
}

void dx_add_cp(struct story *s, ds__xml *x, uint32_t cp)
{
	ds__buf b = {0};
	if (ds__buf_add_cp(&b, cp) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	dx_add_text(s, x, b.p, b.len);
	ds__buf_free(&b);
}

void dx_add_control(struct story *s, ds__xml *x, para_frame *p, ds_control c)
{
	int error = ds__doc_built(s->doc, DS__BUILT_BYTES, sizeof c);
	if (error < 0) {
		dx_fail(s, x, error);
		return;
	}
	if (ds__grow((void **)&p->ctls, &p->cap_ctls, p->n_ctls, sizeof *p->ctls) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	p->ctls[p->n_ctls++] = c;
}

void dx_para_begin(struct story *s, ds__xml *x, ds_part part)
{
	ds_doc *doc = s->doc;
	int error = ds__doc_built(doc, DS__BUILT_PARA, sizeof *doc->paras);
	if (error < 0) {
		dx_fail(s, x, error);
		return;
	}
	if (ds__grow((void **)&s->paras, &s->cap_paras, s->n_paras, sizeof *s->paras) < 0 ||
	    ds__vec_grow((void **)&doc->paras, &doc->cap_paras, doc->n_paras, sizeof *doc->paras) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	para_frame *p = &s->paras[s->n_paras++];
	memset(p, 0, sizeof *p);
	p->slot = doc->n_paras++;
	/* a reserved slot is a valid empty paragraph until dx_para_end fills it,
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
	p->pp = PPROPS_UNSET;
	p->part = part;
	p->table_base = s->table_base;
	if (s->drop.len) {
		if (ds__buf_add(&p->text, s->drop.p, s->drop.len) < 0) {
			dx_fail(s, x, DS_ENOMEM);
			return;
		}
		s->drop.len = 0;
	}
	s->in_p = true;
	if (s->ctl.block_pending) {
		s->ctl.block_pending = false;
		dx_add_control(s, x, p, s->ctl.block_ctl);
		dx_show_bound(s, x);
	}
}

/* Free a paragraph frame's buffers and pop it. */
void dx_para_pop(struct story *s)
{
	para_frame *p = dx_top_para(s);
	ds__buf_free(&p->text);
	free(p->spans);
	free(p->ctls);
	free(p->marks);
	free(p->cjk);
	free(p->math);
	free(p->fmt);
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

void dx_para_end(struct story *s, ds__xml *x)
{
	para_frame *p = dx_top_para(s);
	if (!p)
		return;
	ds_doc *doc = s->doc;
	ds_para *out = &doc->paras[p->slot];
	if (p->drop_cap && p->slot + 1 == doc->n_paras && p->text.len) {
		/* a drop cap is the first letter of the next paragraph, not one of its own */
		if (ds__buf_add(&s->drop, p->text.p, p->text.len) < 0) {
			dx_fail(s, x, DS_ENOMEM);
			return;
		}
		doc->n_paras--;
		dx_para_pop(s);
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
	pprops pp = ds__para_props(s->st, p->pp, sty);
	out->line_rule = pp.line_rule > 0 ? (ds_line_rule)pp.line_rule : DS_LINE_NONE;
	out->line = out->line_rule ? pp.line : 0;
	out->first_line = pp.first != INT_MIN ? pp.first : 0;
	out->first_line_chars = pp.first_chars != INT_MIN ? pp.first_chars : 0;
	out->n_runs = p->n_fmt;
	out->runs = arena_copy(doc, p->fmt, p->n_fmt, sizeof *p->fmt);
	if (p->n_fmt && !out->runs) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	int num_id = p->num_id >= 0 ? p->num_id : CHAIN(s->st, sty, num_id);
	int ilvl = p->ilvl >= 0 ? p->ilvl : CHAIN(s->st, sty, ilvl);
	if (ilvl < 0)
		ilvl = 0;
	if (ds__numbering_label(s->nb, num_id, ilvl, &s->label, &out->bullet) < 0) {
		dx_fail(s, x, DS_ENOMEM);
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
		dx_fail(s, x, DS_ENOMEM);
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
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	dx_para_pop(s);
}

void dx_table_begin(struct story *s, ds__xml *x)
{
	ds_doc *doc = s->doc;
	if (ds__grow((void **)&s->tables, &s->cap_tables, s->n_tables, sizeof *s->tables) < 0 ||
	    ds__grow((void **)&doc->tables, &doc->cap_tables, doc->n_tables, sizeof *doc->tables) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	ds_table *t = &doc->tables[doc->n_tables];
	memset(t, 0, sizeof *t);
	t->part = s->n_paras ? dx_top_para(s)->part : s->part;
	t->parent = s->n_tables > s->table_base ? (int32_t)s->tables[s->n_tables - 1].index : -1;
	t->first_para = (uint32_t)doc->n_paras;
	t->end_para = (uint32_t)doc->n_paras;
	s->tables[s->n_tables++] = (table_frame){(uint32_t)doc->n_tables, -1, 0, 1};
	doc->n_tables++;
}

/* Record a mark at byte offset at of the paragraph's text, after the marks
 * already at or before it: the list stays in text order. */
void dx_add_mark(struct story *s, ds__xml *x, para_frame *p, size_t at, ds_mark_type type, const char *shown)
{
	int error = ds__doc_built(s->doc, DS__BUILT_BYTES, sizeof *p->marks + strlen(shown));
	if (error < 0) {
		dx_fail(s, x, error);
		return;
	}
	if (ds__grow((void **)&p->marks, &p->cap_marks, p->n_marks, sizeof *p->marks) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	const char *k = ds__doc_str(s->doc, shown, strlen(shown));
	if (!k) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	size_t i = p->n_marks++;
	for (; i > 0 && p->marks[i - 1].at > at; i--)
		p->marks[i] = p->marks[i - 1];
	p->marks[i] = (ds_mark){(uint32_t)at, type, k};
}
