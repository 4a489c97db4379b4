/*
 * test_count.c - every worked example of shared/specs/wordcount.md, the
 * character classes, and the per-part options of ds_count_doc.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "docscreen/count.h"
#include "testzip.h"

static ds_count count_str(const char *s, bool hint, const ds_span *spans, size_t n)
{
	ds_count c = {0};
	ds_count_text(&c, s, strlen(s), spans, n, hint);
	return c;
}

static void expect(const char *s, uint64_t words, uint64_t cjk, uint64_t non, uint64_t nosp,
		   uint64_t sp)
{
	ds_count c = count_str(s, true, NULL, 0);
	if (c.words != words || c.cjk_chars != cjk || c.non_cjk_words != non ||
	    c.chars_no_spaces != nosp || c.chars_with_spaces != sp)
		fail_msg("%s: got %llu/%llu/%llu/%llu/%llu", s, (unsigned long long)c.words,
			 (unsigned long long)c.cjk_chars, (unsigned long long)c.non_cjk_words,
			 (unsigned long long)c.chars_no_spaces, (unsigned long long)c.chars_with_spaces);
}

static void test_count__spec_examples(void **state)
{
	(void)state;
	expect("2019年", 2, 1, 1, 5, 5);
	expect("CITEC2023", 1, 0, 1, 9, 9);
	expect("CITEC 2023", 2, 0, 2, 9, 10);
	expect("2019年12月", 4, 2, 2, 8, 8);
	expect("你好,世界", 5, 4, 1, 5, 5);
	expect("你好\xE3\x80\x80世界", 4, 4, 0, 4, 5);
	expect("Hello、World。", 4, 2, 2, 12, 12);
	expect("東京2024オリンピック", 9, 8, 1, 12, 12);
	expect("2019年，CITEC2023大会在北京召开（为期3天），约1,200人参加。Dr. Smith说：“AI-for-Science 很重要！”",
	       34, 26, 8, 69, 71);
}

static void test_count__spec_example_with_hint(void **state)
{
	(void)state;
	const char *s = "2019年，CITEC2023大会在北京召开（为期3天），约1,200人参加。Dr. Smith说：“AI-for-Science 很重要！”";
	const char *open = strstr(s, "“"), *close = strstr(s, "”");
	ds_span spans[2] = {{(uint32_t)(open - s), (uint32_t)(open - s + 3)},
			    {(uint32_t)(close - s), (uint32_t)(close - s + 3)}};
	ds_count c = count_str(s, true, spans, 2);
	assert_int_equal(c.words, 35);
	assert_int_equal(c.cjk_chars, 28);
	assert_int_equal(c.non_cjk_words, 7);
	assert_int_equal(c.chars_no_spaces, 69);
	assert_int_equal(c.chars_with_spaces, 71);
	/* LibreOffice's behaviour: the hint is ignored */
	c = count_str(s, false, spans, 2);
	assert_int_equal(c.words, 34);
}

static void test_count__classes(void **state)
{
	(void)state;
	assert_int_equal(ds_char_classify(0x3000), DS_CHAR_SPACE);
	assert_int_equal(ds_char_classify(0xA0), DS_CHAR_SPACE);
	assert_int_equal(ds_char_classify(0x200B), DS_CHAR_IGNORED);
	assert_int_equal(ds_char_classify(0xFEFF), DS_CHAR_IGNORED);
	assert_int_equal(ds_char_classify(0xE0100), DS_CHAR_IGNORED);
	assert_int_equal(ds_char_classify(0x4E2D), DS_CHAR_ASIAN);
	assert_int_equal(ds_char_classify(0xFF0C), DS_CHAR_ASIAN);
	assert_int_equal(ds_char_classify(0x20BB7), DS_CHAR_ASIAN);
	assert_int_equal(ds_char_classify(0xAC00), DS_CHAR_ASIAN);
	assert_int_equal(ds_char_classify(0x2014), DS_CHAR_HINTABLE);
	assert_int_equal(ds_char_classify(0x2460), DS_CHAR_HINTABLE);
	assert_int_equal(ds_char_classify(0xB7), DS_CHAR_HINTABLE);
	assert_int_equal(ds_char_classify(0xD7), DS_CHAR_HINTABLE);
	assert_int_equal(ds_char_classify(0xE9), DS_CHAR_OTHER);
	assert_int_equal(ds_char_classify(0x1F600), DS_CHAR_OTHER);
	assert_int_equal(ds_char_classify('A'), DS_CHAR_OTHER);
}

/* ds_count_text takes short cuts for ASCII and the three-byte East Asian
 * ranges: for every code point, alone and between letters, it must count
 * what its class says. */
static void test_count__every_code_point_as_classified(void **state)
{
	(void)state;
	for (uint32_t cp = 1; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		char u[8];
		size_t n = cp < 0x80 ? (u[0] = (char)cp, 1)
			   : cp < 0x800 ? (u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), 2)
			   : cp < 0x10000 ? (u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
					     u[2] = (char)(0x80 | (cp & 0x3F)), 3)
					  : (u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
					     u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), 4);
		char s[16] = "a";
		memcpy(s + 1, u, n);
		s[1 + n] = 'b';
		ds_count c = {0};
		ds_count_text(&c, s, n + 2, NULL, 0, false);
		ds_char_class k = ds_char_classify(cp);
		uint64_t want = k == DS_CHAR_ASIAN ? 3 : k == DS_CHAR_SPACE ? 2 : 1; /* a?b */
		if (c.words != want || (k == DS_CHAR_ASIAN && c.cjk_chars != 1))
			fail_msg("U+%04X: %llu words, class %d", (unsigned)cp, (unsigned long long)c.words, (int)k);
	}
}

static void test_count__zero_width_joins(void **state)
{
	(void)state;
	/* U+200B neither ends a word nor counts */
	expect("AB\xE2\x80\x8B" "CD", 1, 0, 1, 4, 4);
	/* an empty or blank paragraph is not a paragraph */
	ds_count c = count_str("  \t", true, NULL, 0);
	assert_int_equal(c.paragraphs, 0);
	assert_int_equal(c.chars_with_spaces, 3);
	c = count_str("x", true, NULL, 0);
	assert_int_equal(c.paragraphs, 1);
}

static void test_count__runs_join_and_paragraphs_split(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx("<w:p><w:r><w:t>CITEC</w:t></w:r><w:r><w:t>2023</w:t></w:r></w:p>"
			      "<w:p><w:r><w:t>AB</w:t></w:r></w:p><w:p><w:r><w:t>CD</w:t></w:r></w:p>",
			      NULL, NULL, NULL, NULL);
	ds_count c;
	ds_count_doc(doc, NULL, &c, NULL, NULL);
	assert_int_equal(c.non_cjk_words, 3);
	assert_int_equal(c.paragraphs, 3);
	ds_doc_free(doc);
}

static void test_count__hint_through_styles(void **state)
{
	(void)state;
	/* the hint comes from the paragraph style; the second run overrides it */
	ds_doc *doc = tz_docx(
		"<w:p><w:pPr><w:pStyle w:val=\"H\"/></w:pPr><w:r><w:t>中“文”</w:t></w:r>"
		"<w:r><w:rPr><w:rFonts w:hint=\"default\"/></w:rPr><w:t>“x”</w:t></w:r></w:p>",
		"<w:style w:type=\"paragraph\" w:styleId=\"H\"><w:name w:val=\"hinted\"/>"
		"<w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr></w:style>",
		NULL, NULL, NULL);
	ds_count c;
	ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	ds_count_doc(doc, &word, &c, NULL, NULL);
	assert_int_equal(c.cjk_chars, 4); /* 中 文 and the hinted quotes */
	assert_int_equal(c.non_cjk_words, 1);
	ds_count_doc(doc, &lo, &c, NULL, NULL);
	assert_int_equal(c.cjk_chars, 2);
	assert_int_equal(c.non_cjk_words, 2); /* “ and ”“x” */
	ds_doc_free(doc);
}

/* LibreOffice's word breaks, as measured with LibreOffice 7.4: dashes end
 * words and are none; a symbol font's private-use character is a word; two
 * or more hyphen-minuses end a word when more follows. */
static void test_count__libreoffice_breaks(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		unsigned long long word, lo, chars;
	} cases[] = {
		{"a–b", 1, 2, 3}, {"a — b", 3, 2, 3}, {"—", 1, 0, 1}, {"a—", 1, 1, 2},
		{"中文—中文", 5, 4, 5}, {"x - y", 3, 3, 3}, {"\xEF\x81\xA8\xE2\x89\xA0\xEF\x83\xB0" "ab", 1, 4, 5},
		{"a--b", 1, 2, 4}, {"-->", 1, 2, 3}, {"--", 1, 1, 2}, {"a--", 1, 1, 3}, {"a-b-c", 1, 1, 5},
		{"a--b--c", 1, 3, 7}, {"(--)", 1, 2, 4}, {"1---2", 1, 2, 5}, {"-- --", 2, 2, 4},
	};
	ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds_para p = {0};
		p.text = cases[i].text;
		p.text_len = strlen(cases[i].text);
		p.label = "";
		ds_count w = {0}, l = {0};
		ds_count_para(&w, &p, &word);
		ds_count_para(&l, &p, &lo);
		if (w.words != cases[i].word || l.words != cases[i].lo || l.chars_no_spaces != cases[i].chars)
			fail_msg("%s: Word %llu LibreOffice %llu chars %llu", cases[i].text, (unsigned long long)w.words,
				 (unsigned long long)l.words, (unsigned long long)l.chars_no_spaces);
	}
}

/* The characters LibreOffice 7.4 adds for content controls, and where it
 * splits a paragraph (each case converted with soffice --convert-to odt;
 * its words and characters). */
static void test_count__libreoffice_content_controls(void **state)
{
	(void)state;
#define CC(pr, x) "<w:sdt><w:sdtPr>" pr "</w:sdtPr><w:sdtContent>" x "</w:sdtContent></w:sdt>"
#define RUN(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
	static const struct {
		const char *body;
		unsigned long long words, chars, chars_no_spaces;
	} cases[] = {
		{"<w:p>" RUN("alpha ") CC("<w:text/>", RUN("beta")) RUN(" gamma") "</w:p>", 5, 18, 16},
		{"<w:p>" RUN("ab") CC("<w:text/>", RUN("cd")) RUN("ef") "</w:p>", 5, 8, 8},
		{"<w:p>" RUN("ab") CC("", RUN("cd")) RUN("ef") "</w:p>", 2, 7, 6},
		{"<w:p>" RUN("ab ") CC("", RUN("cd")) RUN("ef") "</w:p>", 3, 8, 6},
		{"<w:p>" RUN("ab") CC("<w:date/>", RUN("cd")) RUN(" ef") "</w:p>", 2, 8, 6},
		{"<w:p>" RUN("a ") CC("<w:date/>", RUN("cd")) RUN(" ef") "</w:p>", 3, 8, 5},
		{"<w:p>" RUN("a ") CC("<w:citation/>", RUN("cd")) RUN(" ef") "</w:p>", 3, 7, 5},
		{"<w:p>" RUN("中文") CC("<w:text/>", RUN("内容")) RUN("结束") "</w:p>", 8, 8, 8},
		{CC("", "<w:p>" RUN("alpha beta") "</w:p><w:p>" RUN("delta") "</w:p>") "<w:p>" RUN("gamma") "</w:p>", 6, 23, 21},
		{CC("", CC("", "<w:p>" RUN("alpha beta") "</w:p>")) "<w:p>" RUN("gamma") "</w:p>", 5, 18, 16},
		{CC("<w:date/>", "<w:p>" RUN("alpha beta") "</w:p>") "<w:p>" RUN("gamma") "</w:p>", 3, 15, 14},
		{CC("<w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/></w:docPartObj>",
		    "<w:p>" RUN("Contents") "</w:p>"), 1, 8, 8},
		{"<w:tbl><w:tr>" CC("", "<w:tc><w:p>" RUN("alpha") "</w:p></w:tc>") "<w:tc><w:p>" RUN("beta") "</w:p></w:tc>"
		 "</w:tr></w:tbl>", 4, 12, 11},
		{"<w:tbl>" CC("", "<w:tr><w:tc><w:p>" RUN("alpha") "</w:p></w:tc></w:tr>") "</w:tbl>", 1, 5, 5},
		/* a plain-text one around rows: the first cell's paragraph becomes an input field */
		{"<w:tbl>" CC("<w:text/>", "<w:tr><w:tc><w:p>" RUN("alpha beta") "</w:p></w:tc><w:tc><w:p>" RUN("gamma")
				       "</w:p></w:tc></w:tr>") "</w:tbl><w:p/>", 5, 18, 16},
		/* an equation is a formula object: its text is not counted, and ends no word */
		{"<w:p>" RUN("ab ") "<m:oMath><m:r><m:t>x=1+y</m:t></m:r></m:oMath>" RUN(" cd") "</w:p>", 2, 6, 4},
		{"<w:p>" RUN("ab") "<m:oMath><m:r><m:t>x=1+y</m:t></m:r></m:oMath>" RUN("cd") "</w:p>", 1, 4, 4},
		/* a page or column break splits the paragraph */
		{"<w:p>" RUN("ab") "<w:r><w:br w:type=\"page\"/></w:r>" RUN("cd") "</w:p>", 2, 4, 4},
		{"<w:p>" RUN("ab") "<w:r><w:br w:type=\"column\"/></w:r>" RUN("cd") "</w:p>", 2, 4, 4},
		/* a line break in an input field is moved before it: it ends no word */
		{"<w:p>" RUN("a ") CC("<w:text w:multiLine=\"1\"/>", RUN("new") "<w:r><w:br/></w:r>" RUN("line")) "</w:p>",
		 4, 12, 10},
		{CC("<w:text/>", "<w:p>" RUN("ab") "<w:r><w:br/></w:r>" RUN("cd") "</w:p>"), 3, 8, 6},
		{"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:checkBox><w:default w:val=\"0\"/>"
		 "</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>"
		 "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		 RUN(" alpha") "</w:p>", 2, 7, 6},
	};
#undef CC
#undef RUN
	ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds_doc *doc = tz_docx(cases[i].body, NULL, NULL, NULL, NULL);
		ds_count w, l;
		ds_count_doc(doc, &lo, &l, NULL, NULL);
		ds_count_doc(doc, &word, &w, NULL, NULL);
		if (l.words != cases[i].words || l.chars_with_spaces != cases[i].chars ||
		    l.chars_no_spaces != cases[i].chars_no_spaces)
			fail_msg("case %zu: %llu words %llu chars %llu non-blank", i, (unsigned long long)l.words,
				 (unsigned long long)l.chars_with_spaces, (unsigned long long)l.chars_no_spaces);
		/* Word counts the text alone (and an equation's text) */
		if (!strstr(cases[i].body, "m:oMath"))
			assert_true(w.chars_with_spaces <= l.chars_with_spaces);
		ds_doc_free(doc);
	}
}

/* The page styles LibreOffice 7.4 makes of sections, each with the headers
 * it carries, counted once each (each case converted with soffice). */
static void test_count__libreoffice_page_styles(void **state)
{
	(void)state;
#define PARA(t) "<w:p><w:r><w:t>" t "</w:t></w:r></w:p>"
#define SECT_PARA(t, sect) "<w:p><w:pPr>" sect "</w:pPr><w:r><w:t>" t "</w:t></w:r></w:p>"
#define HREF(type, id) "<w:headerReference w:type=\"" type "\" r:id=\"" id "\"/>"
#define SECT(refs, more) "<w:sectPr>" refs more "</w:sectPr>"
#define CONT "<w:type w:val=\"continuous\"/>"
#define ODD "<w:type w:val=\"oddPage\"/>"
#define TITLE "<w:titlePg/>"
	static const struct {
		const char *body, *settings;
		unsigned long long words;
	} cases[] = {
		/* the first section keeps all its headers; an even one is counted unseen */
		{PARA("x") SECT(HREF("default", "h1") HREF("even", "h3"), ""), NULL, 5},
		/* a new page repeats the default header, the first-page one only with titlePg */
		{SECT_PARA("x", SECT(HREF("default", "h1") HREF("first", "h2"), TITLE)) PARA("y") SECT("", ""), NULL, 6},
		/* a continuous section: nothing, unless titlePg (first page) or headers of its own */
		{SECT_PARA("x", SECT(HREF("default", "h1") HREF("first", "h2"), TITLE)) PARA("y") SECT("", CONT), NULL, 5},
		{SECT_PARA("x", SECT(HREF("default", "h1") HREF("first", "h2"), TITLE)) PARA("y") SECT("", CONT TITLE),
		 NULL, 7},
		{SECT_PARA("x", SECT(HREF("default", "h1"), "")) PARA("y") SECT(HREF("default", "h3"), CONT), NULL, 6},
		/* even headers go on with evenAndOddHeaders or when a section names its own */
		{SECT_PARA("x", SECT(HREF("default", "h1") HREF("even", "h3"), "")) PARA("y") SECT("", ""), NULL, 7},
		{SECT_PARA("x", SECT(HREF("default", "h1") HREF("even", "h3"), "")) PARA("y") SECT("", ""),
		 "<w:evenAndOddHeaders/>", 10},
		/* no default header, a first-page one not repeated without titlePg */
		{SECT_PARA("x", SECT(HREF("first", "h2"), TITLE)) PARA("y") SECT("", ""), NULL, 4},
		/* an odd-page section has the style it starts with twice */
		{PARA("x") SECT(HREF("default", "h1"), ODD), NULL, 3},
		{SECT_PARA("x", SECT(HREF("default", "h1") HREF("first", "h2"), ODD TITLE)) PARA("y") SECT("", ODD TITLE),
		 NULL, 12},
	};
#undef PARA
#undef SECT_PARA
#undef HREF
#undef SECT
#undef CONT
#undef ODD
#undef TITLE
	ds_count_options lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ds_doc *doc = tz_docx_headers(cases[i].body, cases[i].settings);
		ds_count c;
		ds_count_doc(doc, &lo, &c, NULL, NULL);
		if (c.words != cases[i].words)
			fail_msg("case %zu: %llu words, LibreOffice %llu", i, (unsigned long long)c.words, cases[i].words);
		ds_doc_free(doc);
	}
}

/* LibreOffice drops an empty paragraph that ends a section, with its list
 * label; Word shows the label. */
static void test_count__libreoffice_section_end(void **state)
{
	(void)state;
#define NUMBERED(t, more) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>" more \
	"</w:pPr>" t "</w:p>"
	ds_doc *doc = tz_docx(NUMBERED("<w:r><w:t>abc</w:t></w:r>", "")
			      NUMBERED("", "<w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr>")
			      NUMBERED("<w:r><w:t>def</w:t></w:r>", ""),
			      NULL,
			      "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
			      "<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>"
			      "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
			      NULL, NULL);
#undef NUMBERED
	assert_true(ds_doc_para(doc, 1)->section_end);
	assert_false(ds_doc_para(doc, 0)->section_end);
	ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	ds_count c;
	ds_count_doc(doc, &word, &c, NULL, NULL);
	assert_int_equal(c.words, 5);
	ds_count_doc(doc, &lo, &c, NULL, NULL); /* LibreOffice 7.4: 4 words, 10 characters */
	assert_int_equal(c.words, 4);
	assert_int_equal(c.chars_with_spaces, 10);
	ds_doc_free(doc);
}

/* A note's reference shows its number to LibreOffice, joined to the word
 * it touches; a note no reference shows is not read at all. */
static void test_count__note_references(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		"<w:p><w:r><w:t>abc</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
		"<w:r><w:t>def</w:t></w:r></w:p>",
		NULL, NULL,
		"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> note</w:t>"
		"</w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"2\"><w:p><w:r><w:t>orphan</w:t></w:r></w:p></w:footnote>",
		NULL);
	const ds_para *p = ds_doc_para(doc, 0);
	assert_int_equal(p->n_marks, 1);
	assert_int_equal(p->marks[0].type, DS_MARK_FOOTNOTE);
	assert_string_equal(p->marks[0].shown, "1");
	assert_int_equal(p->marks[0].at, 3);
	assert_int_equal(ds_doc_para_count(doc), 2);
	ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	ds_count c;
	ds_count_doc(doc, &word, &c, NULL, NULL);
	assert_int_equal(c.words, 2);
	assert_int_equal(c.chars_with_spaces, 11);
	ds_count_doc(doc, &lo, &c, NULL, NULL); /* as LibreOffice 7.4 counts it */
	assert_int_equal(c.words, 2);
	assert_int_equal(c.chars_with_spaces, 12);
	ds_doc_free(doc);
}

/* In text whose language is Chinese or Japanese LibreOffice 7.4 breaks by
 * dictionary: a character followed by punctuation is a word with it. */
static void test_count__libreoffice_dictionary_languages(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *text;
		unsigned long long words;
	} cases[] = {
		{"zh-CN", "a.b", 2}, {"zh-CN", "ab.cd", 1}, {"zh-CN", "1.1.1", 3}, {"zh-CN", "12.34", 1},
		{"zh-CN", "0:0:0.0", 4}, {"zh-CN", "x=1", 1}, {"zh-CN", "(a)", 1}, {"zh-CN", "a.b c.d ef.g h", 6},
		{"ja-JP", "a.b", 2}, {"zh-TW", "1,2", 2}, {"ko-KR", "a.b", 1}, {"en-US", "1.1.1", 1},
	};
	ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char body[256];
		snprintf(body, sizeof body,
			 "<w:p><w:r><w:rPr><w:lang w:val=\"%s\"/></w:rPr><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>",
			 cases[i].lang, cases[i].text);
		ds_doc *doc = tz_docx(body, NULL, NULL, NULL, NULL);
		ds_count w, l;
		ds_count_doc(doc, &lo, &l, NULL, NULL);
		ds_count_doc(doc, &word, &w, NULL, NULL);
		if (l.words != cases[i].words)
			fail_msg("%s %s: %llu words", cases[i].lang, cases[i].text, (unsigned long long)l.words);
		assert_int_equal(w.chars_no_spaces, l.chars_no_spaces);
		ds_doc_free(doc);
	}
	/* a label takes the language of the paragraph's first character */
	ds_doc *doc = tz_docx(
		"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
		"<w:r><w:rPr><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr><w:t>通用条款</w:t></w:r></w:p>",
		NULL,
		"<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
		"<w:lvlText w:val=\"%1\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
		"<w:lvlText w:val=\"%1.%2\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>",
		NULL, NULL);
	assert_string_equal(ds_doc_para(doc, 0)->label, "1.1");
	assert_true(ds_doc_para(doc, 0)->label_cjk_lang);
	ds_count l;
	ds_count_doc(doc, &lo, &l, NULL, NULL);
	assert_int_equal(l.words, 6);
	ds_doc_free(doc);
}

static void test_count__parts_and_options(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		"<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
		"<w:p><w:r><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
		"</w:txbxContent></wps:txbx></w:drawing></w:r></w:p>",
		NULL, NULL,
		"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
		"<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>脚注</w:t></w:r></w:p></w:footnote>",
		NULL);
	ds_count c;
	ds_count_options o = DS_COUNT_OPTIONS_INIT;
	ds_count_doc(doc, &o, &c, NULL, NULL);
	assert_int_equal(c.words, 7);
	o.exclude_textboxes_notes = true;
	ds_count_doc(doc, &o, &c, NULL, NULL);
	assert_int_equal(c.words, 2);
	ds_doc_free(doc);
}

static void test_count__labels(void **state)
{
	(void)state;
	const char *numbering =
		"<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
		"<w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"案例%1：\"/></w:lvl></w:abstractNum>"
		"<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
		"<w:lvlText w:val=\"\xEF\x82\xB7\"/></w:lvl></w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
		"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>";
	ds_doc *doc = tz_docx(
		"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
		"<w:r><w:t>标题</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>"
		"<w:r><w:t>要点</w:t></w:r></w:p>",
		NULL, numbering, NULL, NULL);
	ds_count c;
	ds_count_options o = DS_COUNT_OPTIONS_INIT;
	ds_count_doc(doc, &o, &c, NULL, NULL);
	/* 案例1： adds 4, the bullet 1, the texts 2 + 2 */
	assert_int_equal(c.words, 9);
	assert_int_equal(c.paragraphs, 2);
	o.exclude_labels = true;
	ds_count_doc(doc, &o, &c, NULL, NULL);
	assert_int_equal(c.words, 4);
	ds_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count__spec_examples),
		cmocka_unit_test(test_count__spec_example_with_hint),
		cmocka_unit_test(test_count__classes),
		cmocka_unit_test(test_count__every_code_point_as_classified),
		cmocka_unit_test(test_count__zero_width_joins),
		cmocka_unit_test(test_count__runs_join_and_paragraphs_split),
		cmocka_unit_test(test_count__hint_through_styles),
		cmocka_unit_test(test_count__libreoffice_breaks),
		cmocka_unit_test(test_count__libreoffice_content_controls),
		cmocka_unit_test(test_count__note_references),
		cmocka_unit_test(test_count__libreoffice_dictionary_languages),
		cmocka_unit_test(test_count__libreoffice_page_styles),
		cmocka_unit_test(test_count__libreoffice_section_end),
		cmocka_unit_test(test_count__parts_and_options),
		cmocka_unit_test(test_count__labels),
	};
	return cmocka_run_group_tests_name("count", tests, NULL, NULL);
}
