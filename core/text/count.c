/*
 * count.c - 字数 as Word's dialog shows it (shared/specs/wordcount.md).
 *
 * Each code point falls in one class: East Asian (one each), whitespace (ends
 * a word), ignored (zero-width), hintable (East Asian only under
 * w:hint="eastAsia") or other (part of a run that counts as one word).  A
 * paragraph boundary always ends a word; the list label is its own token.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

DS_API ds_char_class ds_char_classify(uint32_t cp)
{
	if (cp < 0x80)
		return cp == 0x09 || cp == 0x0A || cp == 0x0D || cp == 0x20 ? DS_CHAR_SPACE : DS_CHAR_OTHER;
	if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000)
		return DS_CHAR_SPACE;
	if (cp == 0x200B || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
		return DS_CHAR_IGNORED;
	if (cp < 0x100) {
		switch (cp) {
		case 0xA1:
		case 0xA4:
		case 0xA7:
		case 0xA8:
		case 0xAA:
		case 0xAD:
		case 0xAF:
		case 0xB0:
		case 0xB1:
		case 0xB2:
		case 0xB3:
		case 0xB4:
		case 0xB6:
		case 0xB7:
		case 0xB8:
		case 0xB9:
		case 0xBA:
		case 0xBC:
		case 0xBD:
		case 0xBE:
		case 0xBF:
		case 0xD7:
		case 0xF7: return DS_CHAR_HINTABLE;
		default: return DS_CHAR_OTHER;
		}
	}
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x2FF0 && cp <= 0x2FFF) ||
	    (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0x3040 && cp <= 0x31FF) || (cp >= 0x3200 && cp <= 0x33FF) ||
	    (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFFEF) ||
	    (cp >= 0x1B000 && cp <= 0x1B16F) || (cp >= 0x20000 && cp <= 0x3FFFF))
		return DS_CHAR_ASIAN;
	if (cp >= 0x2000 && cp <= 0x27BF)
		return DS_CHAR_HINTABLE;
	return DS_CHAR_OTHER;
}

/* What LibreOffice puts in a paragraph's text where a content control or
 * a mark is (see lo_marks): a character that is a word of its own, a blank
 * that ends one, text, the end of a paragraph, the start or end of an input
 * field (whose line breaks it moves out: they end no word), or the start or
 * end of text it does not count (an equation's). */
typedef struct lo_mark {
	uint32_t at;
	enum { LO_WORD, LO_BLANK, LO_TEXT, LO_END, LO_FIELD_IN, LO_FIELD_OUT, LO_HIDE, LO_SHOW } kind;
	const char *text;
} lo_mark;

/* How a text is scanned: hints and dict are offsets into it. */
typedef struct scan_how {
	const ds_span *hints;
	size_t n_hints;
	bool honour_hint, lo;
	const ds_span *dict;
	size_t n_dict;
	bool dict_all;
} scan_how;

/* Counts so far, whether a word is open, and whether it is a dictionary
 * word (see scan_text). */
typedef struct scan {
	bool in_word, dict_word;
	bool in_field;    /* in a LibreOffice input field */
	unsigned hyphens; /* hyphen-minuses just before, in lo mode */
	uint64_t visible, spaces, cjk, words;
} scan;

/* Unicode punctuation (general category P), outside the East Asian ranges. */
static bool is_punct(uint32_t cp)
{
	if (cp < 0x80)
		return cp && strchr("!\"#%&'()*,-./:;?@[\\]_{}", (int)cp);
	return cp == 0xA1 || cp == 0xA7 || cp == 0xAB || cp == 0xB6 || cp == 0xB7 || cp == 0xBB || cp == 0xBF ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E && cp != 0x2044 && cp != 0x2052);
}

/* Whether the three bytes at u are an East Asian character of the ranges
 * that need no decoding: ideographs U+4E00..9FFF, CJK punctuation
 * U+3001..303F, full-width forms U+FF01..FF7F. */
static inline bool common_asian(const unsigned char *u)
{
	if ((u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
		return false;
	return (u[0] >= 0xE4 && u[0] <= 0xE9 && (u[0] > 0xE4 || u[1] >= 0xB8)) ||
	       (u[0] == 0xE3 && u[1] == 0x80 && u[2] > 0x80) ||
	       (u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD) && (u[1] == 0xBD || u[2] > 0x80));
}

/* Scan text[from, len) into *c.  With lo, LibreOffice's word breaks: en
 * and em dashes end a word and are none, a private-use character is a word
 * of its own, two or more hyphen-minuses end a word when more follows
 * ("a--b" and "-->" are two words, "--" and "a-b" one); and in text of a
 * language it breaks by dictionary (Chinese, Japanese: dict, or all of it),
 * a word that begins with a character followed by punctuation is that
 * character and the punctuation ("1.1" is two words, "12.5" one). */
static void scan_text(scan *c, const scan_how *how, const char *text, size_t from, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	const ds_span *hints = how->hints, *dict = how->dict;
	size_t n_hints = how->n_hints, n_dict = how->n_dict;
	bool lo = how->lo;
	bool in_word = c->in_word, dict_word = c->dict_word;
	unsigned hyphens = c->hyphens;
	uint64_t visible = 0, spaces = 0, cjk = 0, words = 0;
	size_t h = 0, d = 0;
	for (size_t i = from; i < len;) {
		ds_char_class cls;
		size_t at = i;
		uint32_t cp = u[i];
		/* the common cases first, without decoding: ASCII, and the
		 * three-byte ranges that are all East Asian */
		if (u[i] < 0x80) {
			cls = u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0A || u[i] == 0x0D ? DS_CHAR_SPACE
											   : DS_CHAR_OTHER;
			i++;
		} else if (i + 2 < len && common_asian(u + i)) {
			/* a run of them at once: they are most of a Chinese text */
			size_t run = i;
			do
				i += 3;
			while (i + 2 < len && common_asian(u + i));
			in_word = dict_word = false;
			hyphens = 0;
			cjk += (i - run) / 3;
			visible += (i - run) / 3;
			continue;
		} else {
			size_t step = ds__utf8_next(text + i, len - i, &cp);
			cls = ds_char_classify(cp);
			if (lo && (cp == 0x2013 || cp == 0x2014)) {
				in_word = dict_word = false;
				hyphens = 0;
				visible++;
				i += step;
				continue;
			}
			if (lo && cp >= 0xE000 && cp <= 0xF8FF) {
				in_word = dict_word = false;
				hyphens = 0;
				words++;
				visible++;
				i += step;
				continue;
			}
			if (cls == DS_CHAR_HINTABLE) {
				while (h < n_hints && hints[h].end <= i)
					h++;
				bool hinted = how->honour_hint && h < n_hints && hints[h].start <= i;
				cls = hinted ? DS_CHAR_ASIAN : DS_CHAR_OTHER;
			}
			i += step;
		}
		switch (cls) {
		case DS_CHAR_IGNORED: break;
		case DS_CHAR_SPACE:
			spaces++;
			if (cp == '\n' && c->in_field)
				break;
			in_word = dict_word = false;
			hyphens = 0;
			break;
		case DS_CHAR_ASIAN:
			in_word = dict_word = false;
			hyphens = 0;
			cjk++;
			visible++;
			break;
		default:
			if (lo) {
				if (hyphens >= 2 && cp != '-')
					in_word = dict_word = false;
				hyphens = cp == '-' ? hyphens + 1 : 0;
			}
			if (dict_word && is_punct(cp)) {
				visible++;
				break;
			}
			if (dict_word)
				in_word = dict_word = false;
			if (!in_word && lo && i < len) {
				while (d < n_dict && dict[d].end <= at)
					d++;
				if (how->dict_all || (d < n_dict && dict[d].start <= at)) {
					uint32_t next = u[i];
					if (next >= 0x80)
						ds__utf8_next(text + i, len - i, &next);
					dict_word = is_punct(next);
				}
			}
			words += !in_word;
			in_word = true;
			visible++;
			break;
		}
	}
	c->in_word = in_word;
	c->dict_word = dict_word;
	c->hyphens = hyphens;
	c->visible += visible;
	c->spaces += spaces;
	c->cjk += cjk;
	c->words += words;
}

/* Count one paragraph's text as how says, with LibreOffice's marks
 * (sorted) before the characters at their offsets. */
static void count_text(ds_count *acc, scan_how how, const char *text, size_t len, const lo_mark *marks, size_t n_marks)
{
	scan c = {0};
	const scan_how bare = {.lo = how.lo}; /* a mark's own text: no hints, no dictionary */
	size_t at = 0;
	bool hidden = false;
	for (size_t m = 0; m < n_marks; m++) {
		size_t to = marks[m].at < len ? marks[m].at : len;
		if (!hidden)
			scan_text(&c, &how, text, at, to);
		at = to;
		if (marks[m].kind == LO_HIDE || marks[m].kind == LO_SHOW) {
			hidden = marks[m].kind == LO_HIDE;
			continue;
		}
		if (marks[m].kind == LO_TEXT) {
			scan_text(&c, &bare, marks[m].text, 0, strlen(marks[m].text));
			continue;
		}
		if (marks[m].kind == LO_FIELD_IN || marks[m].kind == LO_FIELD_OUT) {
			c.in_field = marks[m].kind == LO_FIELD_IN;
			continue;
		}
		c.in_word = c.dict_word = false;
		c.hyphens = 0;
		c.words += marks[m].kind == LO_WORD;
		c.visible += marks[m].kind == LO_WORD;
		c.spaces += marks[m].kind == LO_BLANK;
	}
	if (!hidden)
		scan_text(&c, &how, text, at, len);
	acc->chars_with_spaces += c.spaces + c.visible;
	acc->cjk_chars += c.cjk;
	acc->non_cjk_words += c.words;
	acc->chars_no_spaces += c.visible;
	acc->words = acc->cjk_chars + acc->non_cjk_words;
	if (c.visible)
		acc->paragraphs++;
}

DS_API void ds_count_text(ds_count *acc, const char *text, size_t len, const ds_span *hints, size_t n_hints,
			  bool honour_hint)
{
	count_text(acc, (scan_how){.hints = hints, .n_hints = n_hints, .honour_hint = honour_hint}, text, len, NULL, 0);
}

/* What LibreOffice 7.4 adds to a paragraph's text, found by converting test
 * documents: a note reference shows its number, a page field with no
 * result "1", a TITLE, SUBJECT or KEYWORDS field the property; a page or
 * column break splits the paragraph; an equation becomes a formula object
 * whose text is not counted; an inline plain-text control becomes an input
 * field, whose start and end are a word each; another inline control
 * (citations and building blocks aside) ends in a blank; the first
 * paragraph of a block control of rich or plain text, a group or a
 * bibliography becomes an input field ending in a carriage return.  A line
 * break in an input field ends no word: LibreOffice moves it before the
 * field.  A check box form field is a word.  Returns the number of marks
 * written, sorted by offset. */
static size_t lo_marks(const ds_para *p, lo_mark *out, size_t cap)
{
	size_t n = 0;
	bool block = false;
	for (size_t i = 0; i < p->n_math_spans && n + 2 <= cap; i++) {
		out[n++] = (lo_mark){p->math_spans[i].start, LO_HIDE, NULL};
		out[n++] = (lo_mark){p->math_spans[i].end, LO_SHOW, NULL};
	}
	for (size_t i = 0; i < p->n_marks && n + 2 <= cap; i++) {
		const ds_mark *m = &p->marks[i];
		switch (m->type) {
		case DS_MARK_BREAK: out[n++] = (lo_mark){m->at, LO_END, NULL}; break;
		case DS_MARK_FIELD:
			out[n++] = (lo_mark){m->at, LO_TEXT, m->shown};
			out[n++] = (lo_mark){m->at, LO_HIDE, NULL};
			break;
		case DS_MARK_FIELD_END: out[n++] = (lo_mark){m->at, LO_SHOW, NULL}; break;
		case DS_MARK_PAGE: out[n++] = (lo_mark){m->at, LO_TEXT, "1"}; break;
		default: out[n++] = (lo_mark){m->at, LO_TEXT, m->shown}; break;
		}
	}
	for (size_t i = 0; i < p->n_controls && n + 5 <= cap; i++) {
		const ds_control *c = &p->controls[i];
		if (c->block) {
			if (block ||
			    (c->type != DS_CONTROL_RICH && c->type != DS_CONTROL_PLAIN && c->type != DS_CONTROL_GROUP &&
			     c->type != DS_CONTROL_BIBLIOGRAPHY && c->type != DS_CONTROL_EQUATION))
				continue;
			block = true;
			out[n++] = (lo_mark){0, LO_WORD, NULL};
			out[n++] = (lo_mark){0, LO_FIELD_IN, NULL};
			out[n++] = (lo_mark){c->end, LO_FIELD_OUT, NULL};
			out[n++] = (lo_mark){c->end, LO_BLANK, NULL};
			out[n++] = (lo_mark){c->end, LO_WORD, NULL};
		} else if (c->form_field || c->type == DS_CONTROL_PLAIN) {
			out[n++] = (lo_mark){c->start, LO_WORD, NULL};
			if (!c->form_field) {
				out[n++] = (lo_mark){c->start, LO_FIELD_IN, NULL};
				out[n++] = (lo_mark){c->end, LO_FIELD_OUT, NULL};
				out[n++] = (lo_mark){c->end, LO_WORD, NULL};
			}
		} else if (c->type != DS_CONTROL_CITATION && c->type != DS_CONTROL_GALLERY) {
			out[n++] = (lo_mark){c->end, LO_BLANK, NULL};
		}
	}
	for (size_t i = 1; i < n; i++) /* few: insertion sort, stable */
		for (size_t j = i; j > 0 && out[j - 1].at > out[j].at; j--) {
			lo_mark t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

DS_API int ds_count_options_init(ds_count_options *o, unsigned int version)
{
	if (ds__version_ok("ds_count_options", version, DS_COUNT_OPTIONS_VERSION) < 0)
		return DS_ERROR;
	/* an older struct is shorter: only its own fields are written */
	static const ds_count_options word = DS_COUNT_OPTIONS_INIT;
	unsigned v = version ? version : 1;
	memcpy(o, &word, v >= 2 ? sizeof word : offsetof(ds_count_options, lo_breaks));
	o->version = v;
	return 0;
}

DS_API void ds_count_para(ds_count *acc, const ds_para *p, const ds_count_options *opts)
{
	static const ds_count_options defaults = DS_COUNT_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	uint64_t paras = acc->paragraphs;
	bool lo = opts->version >= 2 && opts->lo_breaks;
	if (lo && p->section_end && !p->text_len && !p->n_controls && !p->n_marks)
		return; /* LibreOffice drops an empty paragraph that ends a section, label and all */
	lo_mark some[48], *marks = NULL;
	size_t n_marks = 0;
	if (lo && (p->n_controls || p->n_marks || p->n_math_spans)) {
		size_t cap = 5 * p->n_controls + 2 * p->n_marks + 2 * p->n_math_spans;
		marks = cap > sizeof some / sizeof *some ? malloc(cap * sizeof *marks) : some;
		/* out of memory: counted without the marks */
		n_marks = marks ? lo_marks(p, marks, cap) : 0;
	}
	count_text(acc,
		   (scan_how){.hints = p->hint_spans,
			      .n_hints = p->n_hint_spans,
			      .honour_hint = !opts->ignore_hint,
			      .lo = lo,
			      .dict = p->cjk_lang_spans,
			      .n_dict = p->n_cjk_lang_spans},
		   p->text, p->text_len, marks, n_marks);
	if (marks != some)
		free(marks);
	if (!opts->exclude_labels && p->bullet) {
		/* a bullet is one word and one character, whatever its glyph */
		acc->non_cjk_words++;
		acc->words++;
		acc->chars_no_spaces++;
		acc->chars_with_spaces++;
	} else if (!opts->exclude_labels && p->label[0]) {
		bool counted = acc->paragraphs > paras;
		count_text(acc, (scan_how){.lo = lo, .dict_all = p->label_cjk_lang}, p->label, strlen(p->label), NULL,
			   0);
		/* a label is a token of its paragraph, not a paragraph of its own */
		if (counted || acc->paragraphs > paras)
			acc->paragraphs = paras + (counted ? 1 : 0);
	}
}

DS_API void ds_count_doc(const ds_doc *doc, const ds_count_options *opts, ds_count *main, ds_count *headers,
			 ds_count *comments)
{
	static const ds_count_options defaults = DS_COUNT_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	ds_count none = {0};
	*main = none;
	if (headers)
		*headers = none;
	if (comments)
		*comments = none;
	for (size_t i = 0; i < ds_doc_para_count(doc); i++) {
		const ds_para *p = ds_doc_para(doc, i);
		switch (p->part) {
		case DS_PART_BODY: ds_count_para(main, p, opts); break;
		case DS_PART_TEXTBOX:
		case DS_PART_FOOTNOTE:
		case DS_PART_ENDNOTE:
			if (!opts->exclude_textboxes_notes)
				ds_count_para(main, p, opts);
			break;
		case DS_PART_HEADER:
		case DS_PART_FOOTER:
			/* LibreOffice counts a header once per page style showing it
			 * (counted once, then added that many times) */
			if (opts->include_headers_footers && p->sections) {
				ds_count one = {0};
				ds_count_para(&one, p, opts);
				main->words += one.words * p->sections;
				main->cjk_chars += one.cjk_chars * p->sections;
				main->non_cjk_words += one.non_cjk_words * p->sections;
				main->chars_no_spaces += one.chars_no_spaces * p->sections;
				main->chars_with_spaces += one.chars_with_spaces * p->sections;
				main->paragraphs += one.paragraphs * p->sections;
			}
			if (headers)
				ds_count_para(headers, p, opts);
			break;
		case DS_PART_COMMENT:
			if (comments)
				ds_count_para(comments, p, opts);
			break;
		}
	}
}
