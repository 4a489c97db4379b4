/*
 * docx_story.h - the story reader's state and the functions its files share
 * (private to them; dx_ names).  docx.c dispatches each element to a
 * handler; docx_text.c builds paragraphs, runs and tables; docx_fields.c
 * reads fields and form fields; docx_controls.c content controls and their
 * bound values; docx_sections.c sections (which headers and footers show)
 * and notes.
 */
#ifndef DOCSCREEN_CORE_DOCX_STORY_H
#define DOCSCREEN_CORE_DOCX_STORY_H

#include "docx.h"

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
	pprops pp;        /* direct spacing and indent */
	ds_runfmt *fmt;   /* the text's formatting, by stretch */
	size_t n_fmt, cap_fmt;
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

/* Open fields (w:fldChar begin..end, w:fldSimple) and the drop-down form
 * field being read. */
struct fields {
	field_frame *v;
	size_t n, cap;
	size_t n_instr;     /* open fields still in their instruction (nothing of it shows) */
	ds__buf dd_entries; /* the open drop-down's entries, each ends in NUL */
	long dd_result, dd_default;
};

/* Footnotes [0] and endnotes [1]: how their reference marks are numbered,
 * and which notes a reference shows. */
struct notes {
	char fmt[2][32]; /* numFmt of their reference marks */
	long next[2];    /* the next reference's number */
	int in_pr;       /* settings.xml: in footnotePr 1, endnotePr 2 */
	long *refs;      /* referenced ids, as id * 2 + endnote */
	size_t n_refs, cap_refs;
};

/* Open content controls (w:sdt) and the values bound to custom XML. */
struct controls {
	sdt_frame *v;
	size_t n, cap;
	bool in_pr;         /* in a w:sdtPr */
	bool block_pending; /* the next paragraph opens block_ctl */
	ds_control block_ctl;
	size_t bound_at;  /* 1 + the sdt whose bound value replaces its content; 0 none */
	unsigned n_binds; /* bound values looked up (each streams a part) */
	ds__binds binds;  /* the package's custom XML stores */
};

/* The body's sections, for the headers and footers each shows. */
struct sections {
	section *v;
	size_t n, cap;
	bool in;       /* in a w:sectPr */
	bool even_odd; /* settings: w:evenAndOddHeaders */
};

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
	struct fields fld;
	struct notes notes;
	struct controls ctl;
	struct sections sect;
	unsigned char *ac; /* mc:AlternateContent stack: 1 when a branch was taken */
	size_t n_ac, cap_ac;
	bool in_p; /* the innermost open container is a paragraph */
	int in_ppr, in_rpr, in_numpr, in_t, in_run;
	int in_math;     /* open m:oMath */
	bool t_preserve; /* xml:space="preserve" on the current w:t */
	ds__buf drop;    /* a drop cap's text waiting for its paragraph */
	ds__buf t;       /* the current w:t's characters */
	rprops run;
	ds__buf label;
	int error;
};

/* An element's start as its handler sees it. */
typedef struct elem {
	struct story *s;
	ds__xml *x;
	const char *local;
	const ds__attr *a;
	int n;
	para_frame *p; /* the innermost open paragraph, or NULL */
} elem;

static inline const char *elem_attr(const elem *e, const char *name)
{
	return ds__attr_get(e->a, e->n, name);
}

/* paragraphs, runs and tables (docx_text.c) */
para_frame *dx_top_para(struct story *s);
void dx_fail(struct story *s, ds__xml *x, int code);
bool dx_fields_visible(const struct story *s);
int dx_resolve_toggle(const struct story *s, signed char direct, int field);
bool dx_text_shown(struct story *s);
void dx_add_text(struct story *s, ds__xml *x, const char *t, size_t len);
void dx_add_cp(struct story *s, ds__xml *x, uint32_t cp);
void dx_add_control(struct story *s, ds__xml *x, para_frame *p, ds_control c);
void dx_para_begin(struct story *s, ds__xml *x, ds_part part);
void dx_para_pop(struct story *s);
void dx_para_end(struct story *s, ds__xml *x);
void dx_table_begin(struct story *s, ds__xml *x);
void dx_add_mark(struct story *s, ds__xml *x, para_frame *p, size_t at, ds_mark_type type, const char *shown);

/* fields and form fields (docx_fields.c) */
void dx_fields_free(struct fields *f);
bool dx_in_form_field(const struct story *s);
bool dx_form_field_data(struct story *s, ds__xml *x, para_frame *p, const char *local, const ds__attr *a, int n);
bool dx_page_field(const char *instr);
const char *dx_property_field(const struct story *s, const char *instr);
void dx_field_end(struct story *s, ds__xml *x);
void dx_on_fld_char(const elem *e);
void dx_on_fld_simple(const elem *e);
void dx_on_instr_text(const elem *e);

/* content controls (docx_controls.c) */
void dx_sdt_pop(struct controls *c);
void dx_controls_free(struct controls *c);
void dx_show_bound(struct story *s, ds__xml *x);
void dx_sdt_property(struct story *s, int ns, const char *local, const ds__attr *a, int n);
void dx_sdt_end(struct story *s, ds__xml *x);
void dx_on_sdt(const elem *e);
void dx_on_sdt_pr(const elem *e);
void dx_on_sdt_content(const elem *e);

/* sections and notes (docx_sections.c) */
void dx_sections_free(struct sections *sc);
uint32_t dx_sections_using(const struct story *s, const char *rid);
void dx_on_note_ref(const elem *e);
void dx_on_note(const elem *e);
void dx_on_sect_pr(const elem *e);
void dx_on_sect_ref(const elem *e);
void dx_on_sect_type(const elem *e);
void dx_on_title_pg(const elem *e);

#endif
