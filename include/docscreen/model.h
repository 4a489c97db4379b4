/*
 * model.h - the read-only document model that rules see.
 *
 * A ds_doc holds what the readers took from a DOCX (paragraphs, tables) or
 * an XLSX (sheets, cells) plus package facts.  Everything returned here is
 * lent: it lives as long as the ds_doc and must not be freed or changed.
 *
 * Growing: a struct handed out one at a time by pointer (ds_para, ds_table,
 * ds_sheet, ds_facts) may grow at the end in a minor version; a program
 * built against an older header reads the fields it knows.  The structs
 * handed out as arrays -- ds_cell, ds_span, ds_control, ds_mark, ds_range,
 * ds_runfmt (ABI 1.7) -- are frozen for ABI major 1: a program steps
 * through them by its own sizeof, so neither their size nor their layout
 * may ever change (the
 * test unit.abi fails if one does).  What they would need more comes as a
 * new field of the struct that holds the array, or a new function.
 */
#ifndef DOCSCREEN_MODEL_H
#define DOCSCREEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ds_format { DS_FORMAT_DOCX = 1, DS_FORMAT_XLSX = 2 } ds_format;

/* Where a paragraph stands. */
typedef enum ds_part {
	DS_PART_BODY = 0,
	DS_PART_TEXTBOX,
	DS_PART_FOOTNOTE,
	DS_PART_ENDNOTE,
	DS_PART_HEADER,
	DS_PART_FOOTER,
	DS_PART_COMMENT
} ds_part;

typedef enum ds_align {
	DS_ALIGN_NONE = 0, /* not set: left/both by default */
	DS_ALIGN_LEFT,
	DS_ALIGN_CENTER,
	DS_ALIGN_RIGHT,
	DS_ALIGN_BOTH,
	DS_ALIGN_DISTRIBUTE
} ds_align;

/* A byte range [start, end) of a paragraph's text. */
typedef struct ds_span {
	uint32_t start;
	uint32_t end;
} ds_span;

/* A content control (w:sdt), or a legacy check box form field. */
typedef enum ds_control_type {
	DS_CONTROL_RICH = 0, /* rich text, or no type given */
	DS_CONTROL_PLAIN,    /* plain text (w:text) */
	DS_CONTROL_DATE,
	DS_CONTROL_LIST, /* drop-down list or combo box */
	DS_CONTROL_CHECKBOX,
	DS_CONTROL_PICTURE,
	DS_CONTROL_CITATION,
	DS_CONTROL_BIBLIOGRAPHY,
	DS_CONTROL_GROUP,
	DS_CONTROL_GALLERY, /* building block: table of contents, cover page, ... */
	DS_CONTROL_EQUATION
} ds_control_type;

typedef struct ds_control {
	uint32_t start, end; /* the byte range of the paragraph's text it holds */
	ds_control_type type;
	bool block;       /* a control around whole paragraphs (or table
				 * cells), recorded on the first paragraph it
				 * holds, as [0, end of text) */
	bool placeholder; /* showing its placeholder text (w:showingPlcHdr) */
	bool form_field;  /* a FORMCHECKBOX field, not a w:sdt */
} ds_control;

/* Something a paragraph shows that is not in its text. */
typedef enum ds_mark_type {
	DS_MARK_FOOTNOTE = 0, /* a footnote reference; shown: its number, or ""
				 * when a custom mark (in the text) stands for it */
	DS_MARK_ENDNOTE,      /* an endnote reference, the same */
	DS_MARK_PAGE,         /* a page number field (PAGE, NUMPAGES,
				 * SECTIONPAGES) with no stored result; shown "" */
	DS_MARK_BREAK,        /* a page or column break inside the paragraph;
				 * shown "" */
	DS_MARK_FIELD,        /* a TITLE, SUBJECT or KEYWORDS field, whose
				 * stored result (up to the DS_MARK_FIELD_END
				 * after it) LibreOffice replaces with the
				 * property; shown: the property */
	DS_MARK_FIELD_END
} ds_mark_type;

typedef struct ds_mark {
	uint32_t at; /* byte offset in the text where it stands */
	ds_mark_type type;
	const char *shown;
} ds_mark;

/* (ABI 1.7) A stretch of a paragraph's text in one formatting, as Word
 * shows it: resolved from the document's defaults (w:docDefaults, the
 * theme's fonts) through the paragraph style's basedOn chain, the run's
 * character style and the run's own properties.  Frozen (an array). */
typedef struct ds_runfmt {
	uint32_t start, end;   /* the byte range of the paragraph's text */
	const char *latin;     /* font of Latin letters and digits (w:ascii); "" not known */
	const char *east_asia; /* font of Chinese and Japanese characters (w:eastAsia); "" not known */
	uint32_t size;         /* in half-points: 24 is 12 pt (小四), 21 is 10.5 pt (五号) */
	bool bold;
} ds_runfmt;

/* (ABI 1.7) How a paragraph's line spacing is given. */
typedef enum ds_line_rule {
	DS_LINE_NONE = 0, /* not given anywhere: single */
	DS_LINE_AUTO,     /* a multiple: line is in 240ths of a line (360: 1.5 lines) */
	DS_LINE_EXACT,    /* exactly line twips (20 pt: 400) */
	DS_LINE_AT_LEAST  /* at least line twips */
} ds_line_rule;

typedef struct ds_para {
	ds_part part;
	const char *text;       /* visible, counted text, UTF-8, NUL-terminated */
	size_t text_len;        /* bytes */
	const char *label;      /* rendered list label ("一、", "1.", "•") or "" */
	const char *style_id;   /* "" when none */
	const char *style_name; /* "" when none */
	int outline_level;      /* 0-8, or -1 for body text */
	ds_align align;
	bool all_bold; /* every visible run is bold (false when empty) */
	bool in_table;
	uint32_t table;            /* index into the tables when in_table */
	uint32_t row, col;         /* 0-based; col counts grid columns (gridSpan) */
	const ds_span *hint_spans; /* text under w:hint="eastAsia" */
	size_t n_hint_spans;
	uint32_t list_level;        /* numbering level when label is not "" */
	bool bullet;                /* the label is a bullet, not a number */
	uint32_t sections;          /* header/footer: sections that show this part
				 * (inherited ones included), else 1 */
	const ds_control *controls; /* in the order they end */
	size_t n_controls;
	const ds_mark *marks; /* in text order */
	size_t n_marks;
	const ds_span *cjk_lang_spans; /* text whose language (w:lang w:val) is
				 * Chinese or Japanese, which LibreOffice breaks
				 * into words by dictionary */
	size_t n_cjk_lang_spans;
	bool label_cjk_lang;       /* the language of the first character is Chinese
				 * or Japanese (w:eastAsia for an East Asian one) */
	const ds_span *math_spans; /* text of equations (m:oMath), which
				 * LibreOffice turns into formula objects */
	size_t n_math_spans;
	bool section_end; /* ends a section (w:sectPr in its properties);
				 * LibreOffice drops such a paragraph when empty */
	/* ABI 1.7: formatting, resolved as ds_runfmt says (table styles are
	 * not applied); align above is resolved the same way */
	const ds_runfmt *runs; /* the text's stretches of one formatting, in order */
	size_t n_runs;
	ds_line_rule line_rule;
	int32_t line;             /* see ds_line_rule */
	int32_t first_line;       /* first-line indent in twips; negative: hanging */
	int32_t first_line_chars; /* the same in hundredths of a character (200: 2 字符);
				   * 0 when it is given in twips only */
} ds_para;

typedef struct ds_table {
	ds_part part;
	uint32_t rows;
	uint32_t cols;       /* widest row, in grid columns */
	int32_t parent;      /* enclosing table for a nested table, else -1 */
	uint32_t first_para; /* paragraphs [first_para, end_para) */
	uint32_t end_para;
} ds_table;

typedef enum ds_cell_type {
	DS_CELL_EMPTY = 0,
	DS_CELL_NUMBER,
	DS_CELL_STRING,
	DS_CELL_BOOL,
	DS_CELL_ERROR,
	DS_CELL_DATE /* a number shown through a date format, or t="d" */
} ds_cell_type;

typedef struct ds_cell {
	uint32_t row, col; /* 0-based */
	ds_cell_type type;
	bool formula;       /* has a formula; raw/shown are its cached value */
	double number;      /* NUMBER, DATE (serial), BOOL (0/1) */
	const char *raw;    /* the stored value as written in the file */
	const char *shown;  /* what Excel shows */
	const char *format; /* number format code ("General" when none) */
} ds_cell;

typedef struct ds_range {
	uint32_t row1, col1, row2, col2; /* inclusive, 0-based; row1 <= row2, col1 <= col2 */
} ds_range;

typedef struct ds_sheet {
	const char *name;
	const char *state; /* "visible", "hidden", "veryHidden" */
	bool is_protected;
	const ds_cell *cells; /* in row-major order */
	size_t n_cells;
	const ds_range *merged;
	size_t n_merged;
	/* Checked by ds_engine, a sheet is read as a stream: every row goes to
	 * the rules' row hooks (plugin.h), and cells keeps the first 32768 cells
	 * (and the rest of their last row) only -- all of them while a workbook
	 * rule of a plugin built for ABI 1.1 is in use.  partial: rows were left
	 * out.  (ABI 1.2) */
	bool partial;
} ds_sheet;

/* Facts about the package and the document. */
typedef struct ds_facts {
	ds_format format;
	bool strict;                 /* ISO 29500 Strict namespaces */
	bool macros;                 /* macro-enabled content type or a VBA part */
	bool protection;             /* w:documentProtection w:enforce="1" */
	const char *protection_edit; /* its w:edit: readOnly, forms, comments, trackedChanges, none */
	bool workbook_locked;        /* workbookProtection lockStructure/lockWindows */
	bool tracked_changes;        /* w:ins/w:del/w:moveFrom/w:moveTo/ pPrChange... present */
	size_t comments;             /* number of comments */
	size_t external_rels;        /* relationships with TargetMode="External" */
	bool date1904;
	const char *title, *author, *last_modified_by, *modified, *application, *app_version;
	size_t parts;                   /* zip entries */
	const char *subject, *keywords; /* core properties */
	/* ABI 1.7: the extended properties Company and Manager, and the core
	 * property description (Word's 备注/Comments); "" when absent */
	const char *company, *manager, *description;
} ds_facts;

const ds_facts *ds_doc_facts(const ds_doc *doc);
ds_format ds_doc_format(const ds_doc *doc);

size_t ds_doc_para_count(const ds_doc *doc);
const ds_para *ds_doc_para(const ds_doc *doc, size_t i);
size_t ds_doc_table_count(const ds_doc *doc);
const ds_table *ds_doc_table(const ds_doc *doc, size_t i);

size_t ds_doc_sheet_count(const ds_doc *doc);
const ds_sheet *ds_doc_sheet(const ds_doc *doc, size_t i);
/* The cell at row/col of a sheet, or NULL when the file has none there. */
const ds_cell *ds_sheet_cell(const ds_sheet *sheet, uint32_t row, uint32_t col);

/* External relationship targets, recorded and never followed. */
size_t ds_doc_external_count(const ds_doc *doc);
const char *ds_doc_external(const ds_doc *doc, size_t i);

/* "A1"-style reference of a 0-based cell into buf (at least 16 bytes). */
char *ds_cell_ref(uint32_t row, uint32_t col, char *buf, size_t size);
const char *ds_part_name(ds_part part);

#ifdef __cplusplus
}
#endif
#endif
