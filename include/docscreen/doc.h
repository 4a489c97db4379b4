/*
 * doc.h - opening a submitted file: errors, limits, triage.
 *
 * ds_doc_open_file()/ds_doc_open_memory() triage the bytes, open the OOXML
 * package under the safety limits and read it into a read-only document
 * model (see model.h).  A file that cannot be read gives a negative DS_E*
 * code; ds_error_last() then says what happened, in the user's language.
 */
#ifndef DOCSCREEN_DOC_H
#define DOCSCREEN_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The package version of the library in use ("0.1.0"), set in one place:
 * project(VERSION) in CMakeLists.txt.  It is not the plugin ABI version
 * (DS_PLUGIN_ABI_MAJOR/MINOR in plugin.h) nor the soname (libdocscreen.so.0);
 * docs/versioning.md says how the three move. */
const char *ds_version(void);

/* Error codes: 0 is success, every failure is negative. */
enum {
	DS_OK = 0,
	DS_ERROR = -1,        /* generic failure (I/O, usage) */
	DS_ENOMEM = -2,       /* out of memory */
	DS_EEMPTY = -3,       /* the file is empty */
	DS_ELEGACY = -4,      /* compound file: legacy .doc/.xls or WPS .wps/.et */
	DS_EENCRYPTED = -5,   /* compound file holding an encrypted OOXML package */
	DS_EPDF = -6,         /* a PDF */
	DS_EUNKNOWN = -7,     /* neither OOXML nor anything recognised */
	DS_EUNSUPPORTED = -8, /* OOXML, but not a word processing or spreadsheet document */
	DS_ECORRUPT = -9,     /* broken zip, missing part, malformed XML, DOCTYPE, ... */
	DS_ELIMIT = -10,      /* a safety limit was hit; ds_error_limit() names it */
	DS_EZIPCRYPT = -11,   /* zip entry encrypted with zip (not Office) encryption */
	DS_EPROFILE = -12,    /* a profile is missing, invalid or does not fit the plugins */
};

/* What the first bytes say a file is (before any parsing). */
typedef enum ds_kind {
	DS_KIND_EMPTY = 0,
	DS_KIND_ZIP,           /* a zip: OOXML if it holds a package */
	DS_KIND_CFB_ENCRYPTED, /* compound file with EncryptedPackage */
	DS_KIND_CFB_DOC,       /* compound file with a WordDocument stream (.doc, .wps) */
	DS_KIND_CFB_XLS,       /* compound file with a Workbook/Book stream (.xls, .et) */
	DS_KIND_CFB_OTHER,     /* another compound file (.ppt, .msg, old WPS) */
	DS_KIND_PDF,
	DS_KIND_RTF,
	DS_KIND_HTML, /* HTML or MHT saved with a .doc name */
	DS_KIND_OTHER,
	DS_KIND_ARCHIVE, /* rar, 7z, tar, gzip/bzip2/xz (a zip is DS_KIND_ZIP) */
	DS_KIND_MAIL,    /* an e-mail message (.eml) */
	DS_KIND_MBOX,    /* a mailbox of them */
	DS_KIND_OUTLOOK  /* an Outlook message (.msg): a compound file of MAPI properties */
} ds_kind;

/* Identify bytes by their signature. Never fails. */
ds_kind ds_kind_detect(const void *data, size_t len);
/* Stable English name of a kind, e.g. "cfb-doc". */
const char *ds_kind_name(ds_kind kind);

/* Whether a file is taken for a submission, by its name's extension (.docx,
 * .xlsx, the legacy and other editable formats, PDF, archives) or, renamed,
 * by its first bytes (head, len of them): what folders and archives hand
 * to the rules; other files (images, text, web pages) are listed. */
bool ds_is_submission(const char *name, const void *head, size_t len);

/* The named safety limits.  0 in an options field means the default. */
typedef struct ds_limits {
	unsigned int version;     /* DS_LIMITS_VERSION */
	uint64_t max_parts;       /* "max-parts": zip entries, default 1000 */
	uint64_t max_part_bytes;  /* "max-part-bytes": inflated bytes per part, 256 MiB */
	uint64_t max_total_bytes; /* "max-total-bytes": inflated bytes per file, 1 GiB */
	uint64_t max_ratio;       /* "max-ratio": inflate ratio once a part passes 1 MiB, 100 */
	uint64_t max_depth;       /* "max-depth": XML element depth, 256 */
	uint64_t max_text_bytes;  /* "max-text": UTF-8 text kept per document, 64 MiB */
	/* version 2: what is built from the bytes, counted where it is created */
	uint64_t max_part_reads;  /* "max-part-reads": parts streamed per document, 2000 */
	uint64_t max_sheets;      /* "max-sheets": worksheets per workbook, 1000 */
	uint64_t max_paras;       /* "max-paragraphs": paragraphs per document, 1000000 */
	uint64_t max_cells;       /* "max-cells": cells kept per workbook, 4000000 */
	uint64_t max_model_bytes; /* "max-model": bytes of the model (text, paragraphs,
					cells, controls, marks), 192 MiB */
	/* version 3: what libxml2 looks up one by one */
	uint64_t max_attributes; /* "max-attributes": attributes of one XML element, 256 */
	uint64_t max_namespaces; /* "max-namespaces": XML namespace declarations in scope, 1024 */
	/* version 4: archives */
	uint64_t max_nesting;      /* "max-nesting": archives inside archives, 3 deep */
	uint64_t max_members;      /* "max-members": files in one archive, 1000 */
	uint64_t max_unpacked;     /* "max-unpacked": bytes unpacked from one archive, nested ones
				  included, 1 GiB (its ratio to the archive: max-ratio) */
	uint64_t max_convert_time; /* "max-convert-time": seconds LibreOffice may take to convert
				      a legacy file, 30 */
} ds_limits;

#define DS_LIMITS_VERSION 4
#define DS_LIMITS_INIT                                                                                                 \
	{                                                                                                              \
		DS_LIMITS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0                                   \
	}

/* Fill in defaults for every zero field. */
void ds_limits_defaults(ds_limits *limits);
/* Every options struct has an init function of this shape (libgit2's): it
 * fills the struct with the defaults of the version given, which is the
 * version the caller was compiled with (DS_LIMITS_VERSION, ...).  0, or
 * DS_ERROR for a version newer than the library.  Entry points that take
 * such a struct read it only as far as its version goes, and refuse a
 * version newer than theirs with an error naming the struct. */
int ds_limits_init(ds_limits *limits, unsigned int version);
/* Set a limit by its name ("max-parts", ...) from a decimal string with an
 * optional K/M/G suffix.  Returns 0 or DS_ERROR for an unknown name or value. */
int ds_limits_set(ds_limits *limits, const char *name, const char *value);

typedef struct ds_open_options {
	unsigned int version; /* DS_OPEN_OPTIONS_VERSION */
	ds_limits limits;
} ds_open_options;

#define DS_OPEN_OPTIONS_VERSION 1
#define DS_OPEN_OPTIONS_INIT                                                                                           \
	{                                                                                                              \
		DS_OPEN_OPTIONS_VERSION, DS_LIMITS_INIT                                                                \
	}
int ds_open_options_init(ds_open_options *opts, unsigned int version);

typedef struct ds_doc ds_doc;

/* Open and read a file.  On success *out owns the document (ds_doc_free). */
int ds_doc_open_file(ds_doc **out, const char *path, const ds_open_options *opts);
/* The same from memory; the bytes are not kept after the call returns. */
int ds_doc_open_memory(ds_doc **out, const void *data, size_t len, const ds_open_options *opts);
void ds_doc_free(ds_doc *doc);

/* The message of the last failure on this thread (never NULL), its code,
 * the limit name for DS_ELIMIT ("" otherwise) and the part involved (or ""). */
const char *ds_error_last(void);
int ds_error_code(void);
const char *ds_error_limit(void);
const char *ds_error_part(void);
/* Stable English id of a code, e.g. "corrupt", "limits". */
const char *ds_error_name(int code);

/* Write len bytes of UTF-8 text from a document (a title, a part name, a
 * cell) to a terminal or a text report with every control character shown
 * visibly: C0 controls but tab and DEL as their control pictures (U+241B
 * for ESC, U+240D for CR, U+240A for a line feed), C1 controls and the
 * bidirectional overrides as <U+XXXX>.  Text a file holds can then neither
 * move the cursor, erase a line nor reorder what is printed. */
void ds_fput_visible(const char *s, size_t len, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
