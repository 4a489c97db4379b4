/*
 * docx.h - what the DOCX reader's files share (docx.c reads the stories,
 * with the files of docx_story.h; docx_styles.c the styles,
 * docx_numbering.c the lists): private to them.
 */
#ifndef DOCSCREEN_CORE_DOCX_H
#define DOCSCREEN_CORE_DOCX_H

#include <limits.h>

#include "internal.h"

#define MAX_HOPS 32 /* style basedOn chains longer than this are cut */

/* ------------------------------------------------------------------ styles */

/* Paragraph properties of the format model (see ds_para): INT_MIN or -1 unset. */
typedef struct pprops {
	int line;              /* w:spacing w:line: 240ths of a line (auto) or twips */
	signed char line_rule; /* DS_LINE_*; -1 unset */
	int first;             /* first-line indent in twips (hanging: negative) */
	int first_chars;       /* the same in hundredths of a character */
} pprops;
#define PPROPS_UNSET ((pprops){INT_MIN, -1, INT_MIN, INT_MIN})

typedef struct style {
	const char *id, *name;                       /* in the doc arena */
	const char *based_on;                        /* malloc'd, resolved to index after the parse */
	int based;                                   /* index or -1 */
	char type;                                   /* 'p', 'c', 't', 'n' */
	signed char outline, vanish, bold, hint, jc; /* -1 unset */
	signed char dict, dict_ea;                   /* w:lang w:val, w:eastAsia: Chinese or Japanese */
	int num_id, ilvl;                            /* -1 unset */
	const char *ascii, *ea;                      /* fonts (theme resolved), NULL unset */
	int sz;                                      /* half-points, 0 unset */
	pprops pp;
} style;

/* A name or number and where it stands: sorted, an index for lookups that
 * would otherwise scan (a file with thousands of styles or lists). */
typedef struct key_at {
	const char *name;
	long id;
	size_t at;
} key_at;

typedef struct styles {
	style *v;
	size_t n, cap;
	key_at *index;                                                /* by id, once read */
	int def_para;                                                 /* default paragraph style or -1 */
	signed char dd_vanish, dd_bold, dd_hint, dd_dict, dd_dict_ea; /* docDefaults */
	const char *dd_ascii, *dd_ea;                                 /* docDefaults' fonts, or NULL */
	int dd_sz;                                                    /* docDefaults' size, 0 unset */
	pprops dd_pp;                                                 /* pPrDefault */
	const char *theme[2][2]; /* the theme's fonts: [major, minor][latin, East Asian], or NULL */
	const char **fonts;      /* font names seen, each once (in the doc arena) */
	size_t n_fonts, cap_fonts;
} styles;

/* Run properties shared by styles, docDefaults and runs. */
typedef struct rprops {
	signed char vanish, bold, hint;
	signed char dict, dict_ea; /* language (Western, East Asian) is Chinese or Japanese */
	const char *rstyle;        /* run's character style id (runs only) */
	const char *ascii, *ea;    /* fonts of Latin and East Asian text (theme resolved), NULL unset */
	int sz;                    /* size in half-points, 0 unset */
} rprops;

/* Value of a per-style field through the basedOn chain, or -1. */
#define CHAIN(s, idx, field)                                                                                           \
	__extension__({                                                                                                \
		int v_ = -1, i_ = (idx);                                                                               \
		for (int hop_ = 0; i_ >= 0 && hop_ < MAX_HOPS; hop_++, i_ = (s)->v[i_].based)                          \
			if ((s)->v[i_].field >= 0) {                                                                   \
				v_ = (s)->v[i_].field;                                                                 \
				break;                                                                                 \
			}                                                                                              \
		v_;                                                                                                    \
	})

/* --------------------------------------------------------------- numbering */

typedef struct level {
	int start;
	char fmt[32];
	char *text; /* lvlText, malloc'd */
	bool legal;
} level;

#define MAX_NUMBER 999999999

typedef struct abstract_num {
	int id;
	char *style_link;     /* w:styleLink: this list defines numbering style S */
	char *num_style_link; /* w:numStyleLink: this list is numbering style S */
	level lv[9];
	int counter[9];
	bool used[9];
} abstract_num;

typedef struct num {
	int id;
	int abs; /* index into abstracts, resolved lazily */
	int abs_id;
	int start_override[9];
	bool started;
	level *override_lv[9];
} num;

typedef struct numbering {
	abstract_num *abs;
	size_t n_abs, cap_abs;
	num *nums;
	size_t n_nums, cap_nums;
	key_at *by_id; /* nums by id, once read */
} numbering;

/* docx_styles.c */
long ds__key_find(const key_at *v, size_t n, const char *name, long id, bool last);
int ds__cmp_key_at(const void *a, const void *b);
int ds__styles_read(ds_doc *doc, ds__pkg *pkg, const char *main, styles *s);
void ds__styles_free(styles *s);
int ds__style_find(const styles *s, const char *id);
ds_align ds__parse_jc(const char *v);
bool ds__rpr_apply(styles *s, ds_doc *doc, rprops *p, const char *local, const ds__attr *a, int n);
bool ds__ppr_apply(pprops *p, const char *local, const ds__attr *a, int n);
/* A run's effective font (east_asia) or size (size) through the character
 * style, the paragraph style and the defaults. */
const char *ds__run_font(const styles *s, const rprops *run, int para_style, bool east_asia);
int ds__run_size(const styles *s, const rprops *run, int para_style);
/* A paragraph's effective properties: direct, then its style's chain, then
 * the defaults. */
pprops ds__para_props(const styles *s, pprops direct, int para_style);

/* docx_numbering.c */
int ds__clamp_number(const char *v);
int ds__numbering_read(ds__pkg *pkg, const char *main, numbering *nb);
void ds__numbering_free(numbering *nb);
int ds__numbering_label(numbering *nb, int num_id, int ilvl, ds__buf *out, bool *bullet);

#endif
