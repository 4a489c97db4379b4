/*
 * test_xlsx.c - the XLSX reader: cell types, shared and inline strings
 * (phonetic runs skipped), formulas with cached values, number formats and
 * dates (1900 and 1904), merged ranges and protection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docscreen/model.h"
#include "testzip.h"

static const char *STYLES =
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"&quot;day &quot;0;[Red]\\-0\"/>"
	"<numFmt numFmtId=\"166\" formatCode=\"[$-F800]dddd, mmmm dd, yyyy\"/></numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
	"<xf numFmtId=\"10\"/><xf numFmtId=\"4\"/><xf numFmtId=\"165\"/><xf numFmtId=\"1\"/></cellXfs></styleSheet>";

static const ds_cell *cell(const ds_doc *doc, const char *ref)
{
	const ds_sheet *sh = ds_doc_sheet(doc, 0);
	for (size_t i = 0; i < sh->n_cells; i++) {
		char buf[16];
		if (!strcmp(ds_cell_ref(sh->cells[i].row, sh->cells[i].col, buf, sizeof buf), ref))
			return &sh->cells[i];
	}
	fail_msg("no cell %s", ref);
	return NULL;
}

static void test_xlsx__types_and_strings(void **state)
{
	(void)state;
	ds_doc *doc = tz_xlsx(
		"<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c r=\"C1\" t=\"inlineStr\"><is><t>内联</t></is></c><c r=\"D1\" t=\"b\"><v>1</v></c>"
		"<c r=\"E1\" t=\"e\"><v>#REF!</v></c></row>"
		"<row r=\"3\"><c r=\"A3\"><v>2018</v></c><c r=\"B3\"><f>A3+1</f><v>2019</v></c>"
		"<c r=\"C3\" t=\"str\"><f>\"约\"&amp;A3</f><v>约2018</v></c><c r=\"D3\"><f>1/0</f></c>"
		"<c r=\"E3\" s=\"0\"/><c><v>0.1</v></c></row></sheetData>",
		"<si><t>年份</t></si><si><r><t>引进</t></r><r><rPr><b/></rPr><t>人才</t></r>"
		"<rPh sb=\"0\" eb=\"2\"><t>いんしん</t></rPh></si>",
		NULL, NULL);
	const ds_sheet *sh = ds_doc_sheet(doc, 0);
	assert_string_equal(sh->name, "统计表");
	assert_string_equal(sh->state, "visible");
	assert_string_equal(cell(doc, "A1")->raw, "年份");
	assert_string_equal(cell(doc, "B1")->shown, "引进人才");
	assert_string_equal(cell(doc, "C1")->shown, "内联");
	assert_int_equal(cell(doc, "D1")->type, DS_CELL_BOOL);
	assert_string_equal(cell(doc, "D1")->shown, "TRUE");
	assert_int_equal(cell(doc, "E1")->type, DS_CELL_ERROR);
	assert_string_equal(cell(doc, "E1")->raw, "#REF!");
	assert_int_equal(cell(doc, "A3")->type, DS_CELL_NUMBER);
	assert_true(cell(doc, "A3")->number == 2018);
	assert_true(cell(doc, "B3")->formula);
	assert_string_equal(cell(doc, "B3")->shown, "2019");
	assert_int_equal(cell(doc, "C3")->type, DS_CELL_STRING);
	assert_string_equal(cell(doc, "C3")->raw, "约2018");
	assert_true(cell(doc, "D3")->formula);
	assert_int_equal(cell(doc, "D3")->type, DS_CELL_EMPTY);
	assert_string_equal(cell(doc, "F3")->shown, "0.1"); /* no r: after E3 */
	assert_null(ds_sheet_cell(sh, 2, 4)); /* E3 had no value */
	assert_non_null(ds_sheet_cell(sh, 2, 0));
	ds_doc_free(doc);
}

static void test_xlsx__formats_and_dates(void **state)
{
	(void)state;
	ds_doc *doc = tz_xlsx(
		"<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>44927</v></c><c r=\"B1\" s=\"2\"><v>44927</v></c>"
		"<c r=\"C1\" s=\"3\"><v>0.1234</v></c><c r=\"D1\" s=\"4\"><v>1234567.891</v></c>"
		"<c r=\"E1\" s=\"5\"><v>-3</v></c><c r=\"F1\" s=\"6\"><v>2.5</v></c><c r=\"G1\"><v>0.30000000000000004</v></c>"
		"<c r=\"H1\" s=\"1\"><v>60</v></c></row></sheetData>",
		NULL, STYLES, NULL);
	assert_int_equal(cell(doc, "A1")->type, DS_CELL_DATE);
	assert_string_equal(cell(doc, "A1")->shown, "2023/1/1");
	assert_string_equal(cell(doc, "B1")->shown, "2023年1月1日");
	assert_string_equal(cell(doc, "C1")->shown, "12.34%");
	assert_string_equal(cell(doc, "D1")->shown, "1,234,567.89");
	assert_string_equal(cell(doc, "E1")->shown, "-3");
	assert_string_equal(cell(doc, "F1")->shown, "3");
	assert_string_equal(cell(doc, "G1")->shown, "0.3");
	assert_string_equal(cell(doc, "H1")->shown, "1900/2/29");
	ds_doc_free(doc);

	/* General: what needs no formatting is shown as written, the rest as Excel shows it */
	static const char *const general[][2] = {
		{"3.2", "3.2"}, {"10.0", "10"}, {"0.50", "0.5"}, {"-0", "0"}, {"007", "7"}, {"2019", "2019"},
		{"-12.75", "-12.75"}, {"12345678901", "12345678901"}, {"123456789012", "1.23457E+11"},
		{"1E3", "1000"}, {".5", "0.5"}};
	for (size_t i = 0; i < sizeof general / sizeof *general; i++) {
		char xml[256];
		snprintf(xml, sizeof xml, "<sheetData><row r=\"1\"><c r=\"A1\"><v>%s</v></c></row></sheetData>",
			 general[i][0]);
		ds_doc *g = tz_xlsx(xml, NULL, STYLES, NULL);
		assert_int_equal(cell(g, "A1")->type, DS_CELL_NUMBER);
		assert_string_equal(cell(g, "A1")->shown, general[i][1]);
		ds_doc_free(g);
	}

	doc = tz_xlsx("<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c></row></sheetData>", NULL,
		      STYLES, "<workbookPr date1904=\"1\"/>");
	assert_true(ds_doc_facts(doc)->date1904);
	assert_string_equal(cell(doc, "A1")->shown, "1904/1/1");
	ds_doc_free(doc);
}

static void test_xlsx__merged_and_protection(void **state)
{
	(void)state;
	ds_doc *doc = tz_xlsx("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>指标</t></is></c></row></sheetData>"
			      "<sheetProtection sheet=\"1\"/><mergeCells count=\"1\"><mergeCell ref=\"A1:C2\"/></mergeCells>",
			      NULL, NULL, "<workbookPr/><workbookProtection lockStructure=\"1\"/>");
	const ds_sheet *sh = ds_doc_sheet(doc, 0);
	assert_true(sh->is_protected);
	assert_true(ds_doc_facts(doc)->workbook_locked);
	assert_int_equal(sh->n_merged, 1);
	assert_int_equal(sh->merged[0].row2, 1);
	assert_int_equal(sh->merged[0].col2, 2);
	ds_doc_free(doc);
}

static void test_xlsx__unsorted_cells_are_sorted(void **state)
{
	(void)state;
	ds_doc *doc = tz_xlsx("<sheetData><row r=\"2\"><c r=\"B2\"><v>2</v></c><c r=\"A2\"><v>1</v></c></row>"
			      "<row r=\"1\"><c r=\"A1\"><v>0</v></c></row></sheetData>",
			      NULL, NULL, NULL);
	const ds_sheet *sh = ds_doc_sheet(doc, 0);
	assert_int_equal(sh->n_cells, 3);
	assert_string_equal(sh->cells[0].raw, "0");
	assert_string_equal(sh->cells[1].raw, "1");
	assert_string_equal(ds_sheet_cell(sh, 1, 1)->raw, "2");
	ds_doc_free(doc);
}

/* Opened through the model API (docscreen dump), a sheet is kept whole
 * however tall; only ds_engine's checks read it as a stream. */
static void test_xlsx__model_keeps_every_row(void **state)
{
	(void)state;
	size_t rows = 40000, cap = rows * 48 + 64, len = 0;
	char *xml = malloc(cap);
	assert_non_null(xml);
	len += (size_t)snprintf(xml + len, cap - len, "<sheetData>");
	for (size_t r = 1; r <= rows; r++)
		len += (size_t)snprintf(xml + len, cap - len, "<row r=\"%zu\"><c><v>%zu</v></c></row>", r, r);
	snprintf(xml + len, cap - len, "</sheetData>");
	ds_doc *doc = tz_xlsx(xml, NULL, NULL, NULL);
	free(xml);
	const ds_sheet *sh = ds_doc_sheet(doc, 0);
	assert_int_equal(sh->n_cells, rows);
	assert_false(sh->partial);
	assert_string_equal(sh->cells[rows - 1].shown, "40000");
	ds_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx__types_and_strings),
		cmocka_unit_test(test_xlsx__formats_and_dates),
		cmocka_unit_test(test_xlsx__merged_and_protection),
		cmocka_unit_test(test_xlsx__unsorted_cells_are_sorted),
		cmocka_unit_test(test_xlsx__model_keeps_every_row),
	};
	return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
