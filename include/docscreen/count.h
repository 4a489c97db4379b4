/*
 * count.h - 字数 the way Word and WPS count it (shared/specs/wordcount.md).
 *
 * ds_count_text() counts one paragraph's text; ds_count_doc() adds up a
 * document's paragraphs by part under the options.  Counting never fails.
 */
#ifndef DOCSCREEN_COUNT_H
#define DOCSCREEN_COUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ds_count {
	uint64_t words;             /* 字数 = cjk_chars + non_cjk_words */
	uint64_t cjk_chars;         /* 中文字符和朝鲜语单词 */
	uint64_t non_cjk_words;     /* 非中文单词 */
	uint64_t chars_no_spaces;   /* 字符数(不计空格) */
	uint64_t chars_with_spaces; /* 字符数(计空格) */
	uint64_t paragraphs;        /* 段落数: non-empty paragraphs */
} ds_count;

typedef struct ds_count_options {
	unsigned int version;         /* DS_COUNT_OPTIONS_VERSION */
	bool ignore_hint;             /* false: honour w:hint="eastAsia" (Word) */
	bool exclude_textboxes_notes; /* false: text boxes, footnotes, endnotes count */
	bool include_headers_footers; /* false: headers and footers apart (Word) */
	bool exclude_labels;          /* false: list labels count */
	/* version 2: */
	bool lo_breaks; /* true: words end as LibreOffice ends them: en and
				      em dashes (– —) end a word and are none, a
				      private-use character (a symbol font's, w:sym)
				      is a word of its own */
} ds_count_options;

#define DS_COUNT_OPTIONS_VERSION 2
#define DS_COUNT_OPTIONS_INIT                                                                                          \
	{                                                                                                              \
		DS_COUNT_OPTIONS_VERSION, false, false, false, false, false                                            \
	}
/* Word's defaults for that version (see doc.h on init functions).  The
 * counting functions return no error: a newer version is counted as far as
 * this library knows it. */
int ds_count_options_init(ds_count_options *opts, unsigned int version);
/* LibreOffice's statistics: hint ignored, headers and footers included,
 * its word breaks. */
#define DS_COUNT_OPTIONS_LIBREOFFICE                                                                                   \
	{                                                                                                              \
		DS_COUNT_OPTIONS_VERSION, true, false, true, false, true                                               \
	}

/* Character classes of wordcount.md. */
typedef enum ds_char_class {
	DS_CHAR_OTHER = 0, /* non-Asian: part of a word */
	DS_CHAR_SPACE,     /* whitespace: ends a word */
	DS_CHAR_IGNORED,   /* zero-width: neither counted nor ending a word */
	DS_CHAR_ASIAN,     /* East Asian: one each */
	DS_CHAR_HINTABLE   /* East Asian only under w:hint="eastAsia" */
} ds_char_class;

ds_char_class ds_char_classify(uint32_t cp);

/* Add the counts of one paragraph (text of len bytes, valid UTF-8) to *acc.
 * hint spans may be NULL.  The paragraph counts in acc->paragraphs when it
 * holds at least one non-whitespace character. */
void ds_count_text(ds_count *acc, const char *text, size_t len, const ds_span *hints, size_t n_hints, bool honour_hint);

/* Count a paragraph with its list label (unless excluded). */
void ds_count_para(ds_count *acc, const ds_para *para, const ds_count_options *opts);

/* Count a document: body, tables, and (by options) text boxes, notes,
 * headers and footers.  Comments never count in *main; headers/footers and
 * comments are counted apart into *headers and *comments when not NULL. */
void ds_count_doc(const ds_doc *doc, const ds_count_options *opts, ds_count *main, ds_count *headers,
		  ds_count *comments);

#ifdef __cplusplus
}
#endif
#endif
