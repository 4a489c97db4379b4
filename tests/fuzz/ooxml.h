/*
 * ooxml.h - the structure-aware fuzz targets (fuzz_docx.c, fuzz_xlsx.c):
 * the fuzzer's bytes are the XML of a package's parts, separated by NUL
 * bytes (a byte XML never holds); ooxml_run() wraps them, with a content
 * types part and relationships naming every part, into a valid zip (libzip,
 * in memory), so that every run reaches the readers instead of stopping at
 * the zip.  It then opens the package, counts it both ways (Word's and
 * LibreOffice's) and walks everything `docscreen dump` shows, checking the
 * model's own promises (ranges within the text, NUL-terminated strings).
 * A dictionary of the format's elements (docx.dict, xlsx.dict) guides the
 * mutations.
 */
#ifndef DOCSCREEN_FUZZ_OOXML_H
#define DOCSCREEN_FUZZ_OOXML_H

#include <stddef.h>
#include <stdint.h>

typedef struct ooxml_part {
	const char *name;   /* "word/document.xml" */
	const char *type;   /* content type */
	const char *source; /* the part whose relationships name it ("" for the package) */
	const char *rel;    /* relationship type, the last segment ("officeDocument", "styles", ...) */
} ooxml_part;

/* parts[0] is the main part; the i-th NUL-separated piece of data is parts[i]. */
int ooxml_run(const ooxml_part *parts, size_t n, const uint8_t *data, size_t size);

#endif
