/*
 * fuzz_xlsx.c - structure-aware fuzz target for SpreadsheetML: the fuzzer
 * writes the XML of a workbook's parts (see ooxml.h), guided by xlsx.dict;
 * every run is a valid package.
 */
#include "ooxml.h"

#define SML "application/vnd.openxmlformats-officedocument.spreadsheetml."

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const ooxml_part parts[] = {
	{"xl/workbook.xml", SML "sheet.main+xml", "", "officeDocument"},
	{"xl/worksheets/sheet1.xml", SML "worksheet+xml", "xl/workbook.xml", "worksheet"},
	{"xl/sharedStrings.xml", SML "sharedStrings+xml", "xl/workbook.xml", "sharedStrings"},
	{"xl/styles.xml", SML "styles+xml", "xl/workbook.xml", "styles"},
	{"xl/worksheets/sheet2.xml", SML "worksheet+xml", "xl/workbook.xml", "worksheet"},
	{"docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", "",
	 "metadata/core-properties"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ooxml_run(parts, sizeof parts / sizeof *parts, data, size);
}
