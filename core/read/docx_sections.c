/*
 * docx_sections.c - the body's sections, to tell on how many pages each
 * header and footer shows, and the notes a reference shows (footnotes and
 * endnotes without one, and separators, are not read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_story.h"

void dx_sections_free(struct sections *sc)
{
	for (size_t i = 0; i < sc->n; i++)
		for (int k = 0; k < 6; k++)
			free(sc->v[i].ref[k]);
	free(sc->v);
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
	section *sec = &s->sect.v[s->sect.n - 1];
	if (!id || sec->ref[k])
		return;
	if (!(sec->ref[k] = strdup(id))) {
		ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		dx_fail(s, x, DS_ENOMEM);
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
uint32_t dx_sections_using(const struct story *s, const char *rid)
{
	const char *cur[6] = {0};
	uint32_t uses = 0;
	for (size_t i = 0; i < s->sect.n; i++) {
		const section *sec = &s->sect.v[i];
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
			default: kept = i == 0 || (!first_only && (s->sect.even_odd || sec->ref[k])); break;
			}
			if (kept && cur[k] && !strcmp(cur[k], rid))
				uses += sec->parity && (k % 3 == 1) == sec->title_pg ? 2 : 1;
		}
	}
	return uses;
}

/* A footnote (endnote = 0) or endnote (1) reference: numbered in the order
 * they come, in the format settings.xml gives; the note it names is read. */
static void note_ref(struct story *s, ds__xml *x, int endnote, const ds__attr *a, int n)
{
	const char *id = ds__attr_get(a, n, "id");
	const char *custom = ds__attr_get(a, n, "customMarkFollows");
	if (id) {
		if (ds__grow((void **)&s->notes.refs, &s->notes.cap_refs, s->notes.n_refs, sizeof *s->notes.refs) < 0) {
			dx_fail(s, x, DS_ENOMEM);
			return;
		}
		s->notes.refs[s->notes.n_refs++] = atol(id) * 2 + endnote;
	}
	para_frame *p = dx_top_para(s);
	if (!p || !dx_fields_visible(s) || dx_resolve_toggle(s, s->run.vanish, 0) > 0)
		return;
	ds__buf b = {0};
	if (custom && ds__on(custom)) {
		dx_add_mark(s, x, p, p->text.len, endnote ? DS_MARK_ENDNOTE : DS_MARK_FOOTNOTE, "");
		return;
	}
	ds__numfmt_label(&b, s->notes.fmt[endnote], s->notes.next[endnote]);
	if (s->notes.next[endnote] < MAX_NUMBER)
		s->notes.next[endnote]++;
	dx_add_mark(s, x, p, p->text.len, endnote ? DS_MARK_ENDNOTE : DS_MARK_FOOTNOTE, b.p ? b.p : "");
	ds__buf_free(&b);
}

static bool note_referenced(const struct story *s, int endnote, const char *id)
{
	long k = (id ? atol(id) : 0) * 2 + endnote;
	for (size_t i = 0; i < s->notes.n_refs; i++)
		if (s->notes.refs[i] == k)
			return true;
	return false;
}

void dx_on_note_ref(const elem *e) /* footnoteReference, endnoteReference */
{
	note_ref(e->s, e->x, e->local[0] == 'e', e->a, e->n);
}

void dx_on_note(const elem *e) /* footnote, endnote */
{
	const char *type = elem_attr(e, "type");
	if (type && strcmp(type, "normal"))
		ds__xml_skip(e->x); /* separator, continuationSeparator, continuationNotice */
	else if (!note_referenced(e->s, e->local[0] == 'e', elem_attr(e, "id")))
		ds__xml_skip(e->x); /* no reference shows it */
}

void dx_on_sect_pr(const elem *e)
{
	struct sections *sc = &e->s->sect;
	if (e->s->part != DS_PART_BODY)
		return;
	if (ds__grow((void **)&sc->v, &sc->cap, sc->n, sizeof *sc->v) < 0) {
		dx_fail(e->s, e->x, DS_ENOMEM);
		return;
	}
	memset(&sc->v[sc->n++], 0, sizeof *sc->v);
	sc->in = true;
	if (e->s->in_ppr && e->p)
		e->p->section_end = true;
}

void dx_on_sect_ref(const elem *e) /* headerReference, footerReference */
{
	if (e->s->sect.in)
		sect_ref(e->s, e->x, e->local[0] == 'f' ? 3 : 0, e->a, e->n);
}

void dx_on_sect_type(const elem *e)
{
	const char *val = elem_attr(e, "val");
	if (e->s->sect.in) {
		section *sc = &e->s->sect.v[e->s->sect.n - 1];
		sc->continuous = val && !strcmp(val, "continuous");
		sc->parity = val && (!strcmp(val, "oddPage") || !strcmp(val, "evenPage"));
	}
}

void dx_on_title_pg(const elem *e)
{
	if (e->s->sect.in)
		e->s->sect.v[e->s->sect.n - 1].title_pg = ds__attr_on(e->a, e->n);
}
