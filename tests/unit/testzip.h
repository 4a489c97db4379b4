/*
 * testzip.h - build OOXML packages in memory for the unit tests.
 *
 * tz_zip() zips name/content pairs (NULL-terminated list) with libzip; the
 * tz_docx()/tz_xlsx() helpers wrap a document.xml or sheet in the minimum
 * package around it.  Every helper returns a malloc'd buffer.
 */
#ifndef TESTZIP_H
#define TESTZIP_H

#include <stddef.h>

#include "docscreen/docscreen.h"
#include "docscreen/model.h"
#include "docscreen/engine.h"
#include "docscreen/report.h"

typedef struct tz_entry {
	const char *name;
	const char *data;
	size_t len;   /* 0: strlen(data) */
	int method;   /* 0: deflate; otherwise a ZIP_CM_* */
	int encrypt;  /* 1: AES-256 zip encryption */
	int raw_name; /* 1: the name's bytes as given, without the UTF-8 flag (GBK) */
} tz_entry;

/* Zip n entries into *out (malloc'd). */
void tz_zip(const tz_entry *entries, size_t n, char **out, size_t *len);

#define W_NS                                                                                                           \
	"xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "                                    \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "                             \
	"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "                                    \
	"xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "                             \
	"xmlns:v=\"urn:schemas-microsoft-com:vml\" "                                                                   \
	"xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "                                          \
	"xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""

/* A DOCX whose body is body_xml (inside <w:body>), with optional styles,
 * numbering, footnotes and settings parts (NULL for none). */
ds_doc *tz_docx(const char *body_xml, const char *styles, const char *numbering, const char *footnotes,
		const char *settings);
/* The bytes of a DOCX whose body is body_xml, with styles (the inside of
 * <w:styles>, or NULL); free *zip. */
void tz_docx_bytes(const char *body, const char *styles, char **zip, size_t *len);
/* A DOCX with styles (the inside of <w:styles>) and a theme whose
 * <a:fontScheme> holds font_scheme (NULL: no theme part). */
ds_doc *tz_docx_themed(const char *body, const char *styles, const char *font_scheme);
/* A DOCX with three headers, r:id h1 "one", h2 "two two" and h3 "three
 * three three", for the sections of body to use; settings as in tz_docx. */
ds_doc *tz_docx_headers(const char *body, const char *settings);
/* A DOCX from its document.xml bytes (and nothing else but the package). */
ds_doc *tz_docx_raw(const char *document_xml);
/* An XLSX of one sheet: sheetdata is the inside of <worksheet>; sst the
 * inside of <sst> (or NULL); styles the whole styles.xml (or NULL). */
ds_doc *tz_xlsx(const char *sheet_xml, const char *sst, const char *styles, const char *workbook_pr);
/* The same workbook's bytes (free them). */
void tz_xlsx_bytes(const char *sheet_xml, const char *sst, const char *styles, const char *workbook_pr, char **zip,
		   size_t *len);

/* An engine on plugin_dir and rules_dir with profile in use, or NULL (the
 * error printed). */
ds_engine *tz_engine(const char *plugin_dir, const char *rules_dir, const char *profile);
/* Check data as name in memory with e and return the JSON report in lang
 * (free it). */
char *tz_check_json(ds_engine *e, const char *name, const void *data, size_t len, const char *lang);

/* Open in memory, expecting failure: returns the error code. */
int tz_open_fails(const char *data, size_t len);

#endif
