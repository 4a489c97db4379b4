/*
 * docx.c - the DOCX reader: settings, then every story (body, footnotes,
 * endnotes, headers, footers, comments) as a SAX stream, with the styles
 * (docx_styles.c) and lists (docx_numbering.c) read first.  Each w: element
 * goes to its handler through a table (the handlers of paragraphs, fields,
 * content controls and sections are in docx_text.c, docx_fields.c,
 * docx_controls.c and docx_sections.c; docx_story.h holds the state).
 *
 * Only the text a person sees is kept, as wordcount.md defines it: field
 * instructions, deleted and hidden text, separator notes and the unused
 * branch of mc:AlternateContent are dropped while streaming.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx_story.h"

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

/* ins, moveTo, cellIns, cellDel: revisions whose text (if any) shows */
static void on_tracked(const elem *e)
{
	e->s->doc->facts.tracked_changes = true;
}

/* del, moveFrom: deleted text, dropped (not in properties: a deleted mark) */
static void on_deleted(const elem *e)
{
	e->s->doc->facts.tracked_changes = true;
	if (!e->s->in_rpr && !e->s->in_ppr)
		ds__xml_skip(e->x);
}

/* pPrChange, rPrChange, numberingChange: former properties, not read */
static void on_tracked_props(const elem *e)
{
	e->s->doc->facts.tracked_changes = true;
	ds__xml_skip(e->x);
}

/* rt (ruby text: only the base counts), sectPrChange, the tables' former
 * properties */
static void on_skip(const elem *e)
{
	ds__xml_skip(e->x);
}

static void on_br(const elem *e)
{
	const char *type = elem_attr(e, "type");
	if (!type || !strcmp(type, "textWrapping"))
		dx_add_text(e->s, e->x, "\n", 1);
	else if (dx_text_shown(e->s))
		dx_add_mark(e->s, e->x, e->p, e->p->text.len, DS_MARK_BREAK, "");
}

static void on_newline(const elem *e) /* cr */
{
	dx_add_text(e->s, e->x, "\n", 1);
}

static void on_ptab(const elem *e)
{
	dx_add_text(e->s, e->x, "\t", 1);
}

static void on_tab(const elem *e)
{
	if (!e->s->in_ppr) /* pPr/tabs/tab is a tab stop, not a character */
		dx_add_text(e->s, e->x, "\t", 1);
}

static void on_no_break_hyphen(const elem *e)
{
	dx_add_cp(e->s, e->x, 0x2011);
}

static void on_sym(const elem *e)
{
	const char *c = elem_attr(e, "char");
	uint32_t cp = c ? (uint32_t)strtoul(c, NULL, 16) : 0;
	if (cp)
		dx_add_cp(e->s, e->x, cp);
}

static void on_comment(const elem *e)
{
	e->s->doc->facts.comments++;
}

static void on_p(const elem *e)
{
	struct story *s = e->s;
	/* a paragraph inside another one sits in a text box */
	bool in_box = s->n_paras > 0 && s->part == DS_PART_BODY;
	dx_para_begin(s, e->x, in_box ? DS_PART_TEXTBOX : e->p ? e->p->part : s->part);
}

static void on_ppr(const elem *e)
{
	e->s->in_ppr = 1;
}

static void on_pstyle(const elem *e)
{
	if (e->s->in_ppr && e->p)
		e->p->style = ds__style_find(e->s->st, elem_attr(e, "val"));
}

static void on_outline(const elem *e)
{
	const char *val = elem_attr(e, "val");
	if (e->s->in_ppr && e->p)
		e->p->outline = val ? atoi(val) : -1;
}

static void on_jc(const elem *e)
{
	if (e->s->in_ppr && !e->s->in_rpr && e->p)
		e->p->jc = ds__parse_jc(elem_attr(e, "val"));
}

static void on_frame(const elem *e)
{
	const char *dc = elem_attr(e, "dropCap");
	if (e->s->in_ppr && e->p)
		e->p->drop_cap = dc && (!strcmp(dc, "drop") || !strcmp(dc, "margin"));
}

static void on_numpr(const elem *e)
{
	if (e->s->in_ppr)
		e->s->in_numpr = 1;
}

static void on_num_id(const elem *e)
{
	const char *val = elem_attr(e, "val");
	if (e->s->in_numpr && e->p)
		e->p->num_id = val ? atoi(val) : 0;
}

static void on_ilvl(const elem *e)
{
	const char *val = elem_attr(e, "val");
	if (e->s->in_numpr && e->p)
		e->p->ilvl = val ? atoi(val) : 0;
}

static void on_r(const elem *e)
{
	e->s->in_run = 1;
	e->s->run = (rprops){-1, -1, -1, -1, -1, NULL, NULL, NULL, 0};
}

static void on_rpr(const elem *e)
{
	e->s->in_rpr = 1;
}

static void on_rstyle(const elem *e)
{
	struct story *s = e->s;
	if (s->in_rpr && s->in_run) {
		int k = ds__style_find(s->st, elem_attr(e, "val"));
		s->run.rstyle = k >= 0 ? s->st->v[k].id : NULL;
	}
}

static void on_t(const elem *e)
{
	const char *sp = elem_attr(e, "space");
	e->s->in_t = 2; /* w:t: collected, then trimmed unless preserved */
	e->s->t_preserve = sp && !strcmp(sp, "preserve");
	e->s->t.len = 0;
}

static void on_tbl(const elem *e)
{
	dx_table_begin(e->s, e->x);
}

static table_frame *open_table(struct story *s)
{
	return s->n_tables > s->table_base ? &s->tables[s->n_tables - 1] : NULL;
}

static void on_tr(const elem *e)
{
	table_frame *t = open_table(e->s);
	if (t) {
		t->row++;
		t->col = 0;
		t->in_row = true;
		e->s->doc->tables[t->index].rows = (uint32_t)t->row + 1;
	}
}

static void on_tc(const elem *e)
{
	table_frame *t = open_table(e->s);
	if (t) {
		t->span = 1;
		t->in_cell = true;
	}
}

static void on_grid_span(const elem *e)
{
	table_frame *t = open_table(e->s);
	const char *val = elem_attr(e, "val");
	int span = val ? atoi(val) : 1;
	if (t)
		t->span = span > 0 && span < 1000 ? (uint32_t)span : 1;
}

static void on_text_box(const elem *e) /* txbxContent */
{
	/* a text box: its paragraphs are stories of their own */
	e->s->table_base = e->s->n_tables;
	e->s->in_run = 0;
	e->s->in_p = false;
}

/* The w: elements read, by name (sorted once, then found by bsearch). */
static struct w_handler {
	const char *local;
	void (*start)(const elem *e);
} w_handlers[] = {
	{"br", on_br},
	{"cellDel", on_tracked},
	{"cellIns", on_tracked},
	{"comment", on_comment},
	{"cr", on_newline},
	{"del", on_deleted},
	{"endnote", dx_on_note},
	{"endnoteReference", dx_on_note_ref},
	{"fldChar", dx_on_fld_char},
	{"fldSimple", dx_on_fld_simple},
	{"footerReference", dx_on_sect_ref},
	{"footnote", dx_on_note},
	{"footnoteReference", dx_on_note_ref},
	{"framePr", on_frame},
	{"gridSpan", on_grid_span},
	{"headerReference", dx_on_sect_ref},
	{"ilvl", on_ilvl},
	{"ins", on_tracked},
	{"instrText", dx_on_instr_text},
	{"jc", on_jc},
	{"moveFrom", on_deleted},
	{"moveTo", on_tracked},
	{"noBreakHyphen", on_no_break_hyphen},
	{"numId", on_num_id},
	{"numPr", on_numpr},
	{"numberingChange", on_tracked_props},
	{"outlineLvl", on_outline},
	{"p", on_p},
	{"pPr", on_ppr},
	{"pPrChange", on_tracked_props},
	{"pStyle", on_pstyle},
	{"ptab", on_ptab},
	{"r", on_r},
	{"rPr", on_rpr},
	{"rPrChange", on_tracked_props},
	{"rStyle", on_rstyle},
	{"rt", on_skip},
	{"sdt", dx_on_sdt},
	{"sdtContent", dx_on_sdt_content},
	{"sdtPr", dx_on_sdt_pr},
	{"sectPr", dx_on_sect_pr},
	{"sectPrChange", on_skip},
	{"sym", on_sym},
	{"t", on_t},
	{"tab", on_tab},
	{"tbl", on_tbl},
	{"tblPrChange", on_skip},
	{"tblPrExChange", on_skip},
	{"tc", on_tc},
	{"tcPrChange", on_skip},
	{"titlePg", dx_on_title_pg},
	{"tr", on_tr},
	{"trPrChange", on_skip},
	{"txbxContent", on_text_box},
	{"type", dx_on_sect_type},
};

#define N_HANDLERS (sizeof w_handlers / sizeof *w_handlers)

static int handler_order(const void *a, const void *b)
{
	return strcmp(((const struct w_handler *)a)->local, ((const struct w_handler *)b)->local);
}

static void sort_handlers(void)
{
	qsort(w_handlers, N_HANDLERS, sizeof *w_handlers, handler_order);
}

static int handler_cmp(const void *key, const void *h)
{
	return strcmp(key, ((const struct w_handler *)h)->local);
}

/* mc:AlternateContent: the first branch whose requirements are understood */
static void mc_start(struct story *s, ds__xml *x, const char *local, const ds__attr *a, int n)
{
	if (!strcmp(local, "AlternateContent")) {
		if (ds__grow((void **)&s->ac, &s->cap_ac, s->n_ac, 1) < 0) {
			dx_fail(s, x, DS_ENOMEM);
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
}

static void story_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct story *s = ud;
	if (ns == NS_W && !strcmp(local, "body") && ds__xml_strict_seen(x))
		s->doc->facts.strict = true;
	if (ns == NS_MC) {
		mc_start(s, x, local, a, n);
		return;
	}
	if (ns == NS_M) {
		if (!strcmp(local, "t"))
			s->in_t = 1;
		else if (!strcmp(local, "oMath"))
			s->in_math++;
		return;
	}
	if (s->ctl.in_pr) {
		if (ns == NS_W || ns == NS_W14)
			dx_sdt_property(s, ns, local, a, n);
		return;
	}
	if (ns != NS_W)
		return;
	para_frame *p = dx_top_para(s);
	if (dx_in_form_field(s) && dx_form_field_data(s, x, p, local, a, n))
		return;
	if (s->in_rpr && s->in_run && ds__rpr_apply(s->st, s->doc, &s->run, local, a, n))
		return;
	if (s->in_ppr && !s->in_rpr && p && ds__ppr_apply(&p->pp, local, a, n))
		return;
	/* run properties hold property elements only: anything else in them
	 * (a paragraph, a table) is no content, as story_end ignores every end
	 * in them but rPr's own */
	if (s->in_rpr && strcmp(local, "rStyle") && strcmp(local, "rPrChange") && strcmp(local, "ins") &&
	    strcmp(local, "del") && strcmp(local, "moveFrom") && strcmp(local, "moveTo")) {
		ds__xml_skip(x);
		return;
	}
	const struct w_handler *h = bsearch(local, w_handlers, N_HANDLERS, sizeof *w_handlers, handler_cmp);
	if (h)
		h->start(&(elem){.s = s, .x = x, .local = local, .a = a, .n = n, .p = p});
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
	if ((s->in_rpr && strcmp(local, "rPr")) || (s->ctl.in_pr && strcmp(local, "sdtPr")))
		return;
	if (!strcmp(local, "p")) {
		dx_para_end(s, x);
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
			dx_add_text(s, x, t, len);
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
		s->sect.in = false;
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
		para_frame *p = dx_top_para(s);
		s->table_base = p ? p->table_base : 0;
		s->in_run = 1;
		s->in_p = p != NULL;
	} else if (!strcmp(local, "sdtPr")) {
		s->ctl.in_pr = false;
	} else if (!strcmp(local, "sdt") && s->ctl.n) {
		dx_sdt_end(s, x);
	} else if (!strcmp(local, "instrText")) {
		if (s->in_t == 3 && s->fld.n && ds__buf_addc(&s->t, '\0') == 0) {
			field_frame *f = &s->fld.v[s->fld.n - 1];
			f->page = f->page || dx_page_field(s->t.p);
			if (!f->property)
				f->property = dx_property_field(s, s->t.p);
		}
		s->in_t = 0;
	} else if (!strcmp(local, "fldSimple") && s->fld.n) {
		dx_field_end(s, x);
	}
}

static void story_text(void *ud, ds__xml *x, const char *t, size_t len)
{
	struct story *s = ud;
	if (!s->in_t)
		return;
	if (s->in_t == 1)
		dx_add_text(s, x, t, len);
	else if (ds__buf_add(&s->t, t, len) < 0)
		dx_fail(s, x, DS_ENOMEM);
	else if (s->t.len > s->doc->limits.max_text_bytes) /* before the whole w:t is held */
		dx_fail(s, x, ds__doc_keep(s->doc, s->t.len));
}

static int read_story(struct story *s, ds__pkg *pkg, const char *part, ds_part kind)
{
	static const ds__xml_handler h = {.start = story_start, .end = story_end, .text = story_text};
	s->part = kind;
	s->pkg = pkg;
	while (s->ctl.n)
		dx_sdt_pop(&s->ctl);
	s->fld.n = s->fld.n_instr = s->n_ac = s->n_tables = s->table_base = 0;
	s->in_p = s->ctl.in_pr = s->ctl.block_pending = false;
	s->in_ppr = s->in_rpr = s->in_numpr = s->in_t = s->in_run = s->in_math = 0;
	s->drop.len = 0;
	int error = ds__xml_parse_part(pkg, part, &h, s);
	/* an unclosed paragraph (error path) must not leak its frame */
	while (s->n_paras)
		dx_para_pop(s);
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
		s->sect.even_odd = ds__attr_on(a, n);
		return;
	}
	/* the reference marks' format and first number: footnotePr, endnotePr */
	if (!strcmp(local, "footnotePr") || !strcmp(local, "endnotePr")) {
		s->notes.in_pr = local[0] == 'e' ? 2 : 1;
		return;
	}
	const char *val = ds__attr_get(a, n, "val");
	if (s->notes.in_pr && val && !strcmp(local, "numFmt") && strlen(val) < sizeof s->notes.fmt[0]) {
		strcpy(s->notes.fmt[s->notes.in_pr - 1], val);
		return;
	}
	if (s->notes.in_pr && val && !strcmp(local, "numStart")) {
		s->notes.next[s->notes.in_pr - 1] = ds__clamp_number(val);
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
		s->notes.in_pr = 0;
}

/* ------------------------------------------------------------------- entry */

int ds__docx_read(ds_doc *doc, ds__pkg *pkg, const char *main)
{
	static pthread_once_t sorted = PTHREAD_ONCE_INIT;
	pthread_once(&sorted, sort_handlers);
	styles st;
	numbering nb;
	struct story s = {.doc = doc, .notes = {.fmt = {"decimal", "lowerRoman"}, .next = {1, 1}}};
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
					uses += dx_sections_using(&s, rels[j].id);
			for (size_t j = first; j < doc->n_paras; j++)
				doc->paras[j].sections = uses;
		}
done:
	ds__styles_free(&st);
	ds__numbering_free(&nb);
	free(s.paras);
	free(s.tables);
	dx_fields_free(&s.fld);
	dx_controls_free(&s.ctl);
	free(s.notes.refs);
	dx_sections_free(&s.sect);
	free(s.ac);
	ds__buf_free(&s.label);
	ds__buf_free(&s.t);
	ds__buf_free(&s.drop);
	return error;
}
