/*
 * fuzz_docx.c - structure-aware fuzz target for WordprocessingML: the
 * fuzzer writes the XML of a document's parts (see ooxml.h), guided by
 * docx.dict; every run is a valid package.
 */
#include "ooxml.h"

#define WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const ooxml_part parts[] = {
	{"word/document.xml", WML "document.main+xml", "", "officeDocument"},
	{"word/styles.xml", WML "styles+xml", "word/document.xml", "styles"},
	{"word/numbering.xml", WML "numbering+xml", "word/document.xml", "numbering"},
	{"word/footnotes.xml", WML "footnotes+xml", "word/document.xml", "footnotes"},
	{"word/header1.xml", WML "header+xml", "word/document.xml", "header"},
	{"word/comments.xml", WML "comments+xml", "word/document.xml", "comments"},
	{"word/settings.xml", WML "settings+xml", "word/document.xml", "settings"},
	{"customXml/item1.xml", "application/xml", "word/document.xml", "customXml"},
	{"docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", "",
	 "metadata/core-properties"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ooxml_run(parts, sizeof parts / sizeof *parts, data, size);
}
