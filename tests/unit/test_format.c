/*
 * test_format.c - the reader's format model (ds_para runs, line spacing,
 * first-line indent): each property resolved as ECMA-376 17.7.2 orders the
 * style hierarchy and as Word shows it -- the document's defaults (and the
 * theme's fonts), the paragraph style's basedOn chain, the run's character
 * style, the run's own properties -- and theme references winning over
 * names given beside them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "testzip.h"

/* docDefaults: Times New Roman and 宋体 at 12 pt, 1.5 lines; Normal (the
 * default paragraph style) adds nothing; Heading1 is 黑体 16 pt bold at
 * exactly 20 pt; Body indents its first line 2 characters; Emph (a
 * character style) is 10 pt. */
static const char *STYLES =
	"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	"w:eastAsia=\"宋体\"/><w:sz w:val=\"24\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:line=\"360\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:outlineLvl w:val=\"0\"/><w:spacing w:line=\"400\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>"
	"<w:rPr><w:rFonts w:eastAsia=\"黑体\"/><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Body\"><w:name w:val=\"Body\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Body2\"><w:name w:val=\"Body 2\"/><w:basedOn w:val=\"Body\"/>"
	"<w:rPr><w:sz w:val=\"28\"/></w:rPr></w:style>"
	"<w:style w:type=\"character\" w:styleId=\"Emph\"><w:name w:val=\"Emph\"/><w:rPr><w:sz w:val=\"20\"/></w:rPr>"
	"</w:style>";

static const ds_para *para(const ds_doc *d, size_t i)
{
	assert_true(i < ds_doc_para_count(d));
	return ds_doc_para(d, i);
}

static void defaults_and_chain(void **state)
{
	(void)state;
	ds_doc *d = tz_docx_themed("<w:p><w:r><w:t>正文 text</w:t></w:r></w:p>"
				   "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>第1章 绪论</w:t></w:r></w:p>"
				   "<w:p><w:pPr><w:pStyle w:val=\"Body2\"/></w:pPr><w:r><w:t>缩进</w:t></w:r></w:p>",
				   STYLES, NULL);
	const ds_para *p = para(d, 0);
	assert_int_equal(p->n_runs, 1);
	assert_string_equal(p->runs[0].latin, "Times New Roman");
	assert_string_equal(p->runs[0].east_asia, "宋体");
	assert_int_equal(p->runs[0].size, 24);
	assert_false(p->runs[0].bold);
	assert_int_equal(p->line_rule, DS_LINE_AUTO);
	assert_int_equal(p->line, 360);
	assert_int_equal(p->first_line_chars, 0);
	/* the heading style over the defaults: its font and size, its exact spacing */
	p = para(d, 1);
	assert_string_equal(p->runs[0].east_asia, "黑体");
	assert_string_equal(p->runs[0].latin, "Times New Roman");
	assert_int_equal(p->runs[0].size, 32);
	assert_true(p->runs[0].bold);
	assert_int_equal(p->line_rule, DS_LINE_EXACT);
	assert_int_equal(p->line, 400);
	assert_int_equal(p->align, DS_ALIGN_CENTER);
	/* Body2 basedOn Body: the indent comes down the chain, the size is its own */
	p = para(d, 2);
	assert_int_equal(p->first_line_chars, 200);
	assert_int_equal(p->first_line, 480);
	assert_int_equal(p->runs[0].size, 28);
	ds_doc_free(d);
}

static void character_style_and_direct(void **state)
{
	(void)state;
	ds_doc *d = tz_docx_themed(
		"<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>"
		"<w:r><w:t>一</w:t></w:r>"
		"<w:r><w:rPr><w:rStyle w:val=\"Emph\"/></w:rPr><w:t>二</w:t></w:r>"
		"<w:r><w:rPr><w:rStyle w:val=\"Emph\"/><w:rFonts w:eastAsia=\"楷体\"/><w:b w:val=\"0\"/><w:sz w:val=\"18\"/>"
		"</w:rPr><w:t>三</w:t></w:r>"
		"<w:r><w:t>四</w:t></w:r></w:p>",
		STYLES, NULL);
	const ds_para *p = para(d, 0);
	assert_int_equal(p->n_runs, 4);
	/* 一: the paragraph style's */
	assert_int_equal(p->runs[0].start, 0);
	assert_int_equal(p->runs[0].end, 3);
	assert_int_equal(p->runs[0].size, 32);
	/* 二: the character style's size over the paragraph style's */
	assert_int_equal(p->runs[1].size, 20);
	assert_string_equal(p->runs[1].east_asia, "黑体");
	/* 三: the run's own over both */
	assert_int_equal(p->runs[2].size, 18);
	assert_string_equal(p->runs[2].east_asia, "楷体");
	assert_false(p->runs[2].bold);
	/* 四: as 一, a stretch of its own (not joined across 二 and 三) */
	assert_int_equal(p->runs[3].size, 32);
	assert_int_equal(p->runs[3].start, 9);
	ds_doc_free(d);
}

static void runs_alike_are_joined(void **state)
{
	(void)state;
	ds_doc *d = tz_docx_themed("<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:rPr><w:sz w:val=\"24\"/></w:rPr><w:t>乙</w:t></w:r>"
				   "<w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/></w:rPr><w:t>丙</w:t></w:r></w:p>",
				   STYLES, NULL);
	const ds_para *p = para(d, 0);
	assert_int_equal(p->n_runs, 1); /* the same formatting written three ways */
	assert_int_equal(p->runs[0].end, strlen("甲乙丙"));
	ds_doc_free(d);
}

static void theme_fonts(void **state)
{
	(void)state;
	/* Word's own defaults: theme references; an empty a:ea means the
	 * script's font (Hans: 等线), and a theme reference wins over a name */
	static const char *styles =
		"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:hAnsiTheme=\"minorHAnsi\" "
		"w:eastAsiaTheme=\"minorEastAsia\"/><w:sz w:val=\"21\"/></w:rPr></w:rPrDefault></w:docDefaults>"
		"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"H\"><w:name w:val=\"H\"/>"
		"<w:rPr><w:rFonts w:eastAsia=\"黑体\" w:eastAsiaTheme=\"majorEastAsia\" w:ascii=\"Arial\"/></w:rPr></w:style>";
	static const char *scheme = "<a:majorFont><a:latin typeface=\"Calibri Light\"/><a:ea typeface=\"\"/>"
				    "<a:font script=\"Jpan\" typeface=\"游ゴシック\"/><a:font script=\"Hans\" typeface=\"等线 Light\"/>"
				    "</a:majorFont><a:minorFont><a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/>"
				    "<a:font script=\"Hans\" typeface=\"等线\"/></a:minorFont>";
	ds_doc *d = tz_docx_themed("<w:p><w:r><w:t>正文</w:t></w:r></w:p>"
				   "<w:p><w:pPr><w:pStyle w:val=\"H\"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>",
				   styles, scheme);
	const ds_para *p = para(d, 0);
	assert_string_equal(p->runs[0].latin, "Calibri");
	assert_string_equal(p->runs[0].east_asia, "等线");
	assert_int_equal(p->runs[0].size, 21);
	assert_int_equal(p->line_rule, DS_LINE_NONE);
	p = para(d, 1);
	assert_string_equal(p->runs[0].east_asia, "等线 Light"); /* the theme over 黑体 */
	assert_string_equal(p->runs[0].latin, "Arial");
	ds_doc_free(d);
}

static void indents_and_spacing(void **state)
{
	(void)state;
	ds_doc *d = tz_docx_themed(
		/* given in centimetres: firstLineChars 0 */
		"<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"420\"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"
		/* hanging */
		"<w:p><w:pPr><w:ind w:left=\"420\" w:hanging=\"420\"/></w:pPr><w:r><w:t>b</w:t></w:r></w:p>"
		/* the direct indent over the style's */
		"<w:p><w:pPr><w:pStyle w:val=\"Body\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>"
		"<w:r><w:t>c</w:t></w:r></w:p>"
		/* at least 12 pt */
		"<w:p><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"atLeast\"/></w:pPr><w:r><w:t>d</w:t></w:r></w:p>"
		/* a spacing without a line leaves the defaults' */
		"<w:p><w:pPr><w:spacing w:before=\"120\"/></w:pPr><w:r><w:t>e</w:t></w:r></w:p>",
		STYLES, NULL);
	assert_int_equal(para(d, 0)->first_line, 420);
	assert_int_equal(para(d, 0)->first_line_chars, 0);
	assert_int_equal(para(d, 1)->first_line, -420);
	assert_int_equal(para(d, 2)->first_line, 0);
	assert_int_equal(para(d, 2)->first_line_chars, 0);
	assert_int_equal(para(d, 3)->line_rule, DS_LINE_AT_LEAST);
	assert_int_equal(para(d, 3)->line, 240);
	assert_int_equal(para(d, 4)->line_rule, DS_LINE_AUTO);
	assert_int_equal(para(d, 4)->line, 360);
	ds_doc_free(d);
}

static void no_styles_part(void **state)
{
	(void)state;
	/* Word's built-in default when a file says nothing: 10 pt, fonts not known */
	ds_doc *d = tz_docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>", NULL, NULL, NULL, NULL);
	const ds_para *p = para(d, 0);
	assert_int_equal(p->n_runs, 1);
	assert_int_equal(p->runs[0].size, 20);
	assert_string_equal(p->runs[0].latin, "");
	assert_int_equal(p->line_rule, DS_LINE_NONE);
	ds_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_and_chain),  cmocka_unit_test(character_style_and_direct),
		cmocka_unit_test(runs_alike_are_joined), cmocka_unit_test(theme_fonts),
		cmocka_unit_test(indents_and_spacing), cmocka_unit_test(no_styles_part),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
