/*
 * intake.h - submissions as they arrive: the members of an archive (zip
 * that is no Office package, rar, 7z, tar, compressed tar), each handed over
 * in memory with its name decoded, for check.c to check as a file of its own.
 * Private to the core.
 */
#ifndef DOCSCREEN_CORE_INTAKE_H
#define DOCSCREEN_CORE_INTAKE_H

#include "internal.h"

/* A regular member of an archive.  data is NULL for a member that could not
 * be read; *error (a DS_E* code, its message set) says why: DS_EENCRYPTED,
 * DS_ECORRUPT or DS_ELIMIT. */
typedef struct ds__member {
	const char *name; /* UTF-8: as stored, else decoded from GB18030, else the bytes in hex */
	const void *data;
	size_t len;
	int error;
	const char *why, *limit; /* the error's message and limit, when it is not the one set */
} ds__member;

/* Called for every regular member in archive order; a negative return
 * stops the walk and is returned. */
typedef int (*ds__member_fn)(void *ud, const ds__member *m);

/* Walk the archive in data (or, data NULL, the file at path).  Members
 * count against the limits: max-members, max-part-bytes (one member),
 * max-unpacked (all members, *unpacked carried across nested archives) and
 * max-ratio (unpacked against the archive's size).  Returns 0, or an error
 * (set) for the archive itself: DS_ECORRUPT (damaged), DS_EENCRYPTED (its
 * headers are encrypted), DS_ELIMIT, DS_ENOMEM; the members read before it
 * have been handed over.  format: on the way in, what the first bytes say
 * (ds__archive_format: "gz", "bz2" and "xz" alone may hold a single file);
 * on the way out "tar.gz" (...) when the first member shows a compressed
 * tar, else left as it is. */
int ds__archive_each(const void *data, size_t len, const char *path, const ds_limits *limits, uint64_t *unpacked,
		     char format[16], ds__member_fn fn, void *ud);

/* One e-mail message: its envelope and its attachments (names decoded,
 * contents decoded), and error DS_ELIMIT (max-members, message set) when
 * it has more attachments than are read. */
typedef struct ds__message {
	const char *from, *subject, *date; /* UTF-8, "" when absent; date ISO 8601 */
	const ds__member *attachments;
	size_t n;
	int error;
} ds__message;

typedef int (*ds__message_fn)(void *ud, const ds__message *m);

/* Every message of an .eml (one) or an mbox (mbox true) in data, or data
 * NULL, in the file at path, in order.  Returns 0, or an error (set) for
 * the file: DS_ECORRUPT when no message can be read, DS_ELIMIT for more
 * than max-members messages (those before have been handed over),
 * DS_ENOMEM. */
int ds__mail_each(const void *data, size_t len, const char *path, bool mbox, const ds_limits *limits, ds__message_fn fn,
		  void *ud);

/* GMime set up, once per process (mail.c; letters.c writes with it). */
void ds__gmime_init(void);

/* An Outlook message (.msg) in data: its envelope and attachments handed
 * over once.  Returns 0, or an error (set): DS_ECORRUPT, DS_ENOMEM. */
int ds__msg_each(const void *data, size_t len, const ds_limits *limits, ds__message_fn fn, void *ud);

/* Is path an IMAP mailbox's address (imap://, imaps://)? */
bool ds__is_imap_url(const char *path);

/* Each message of the IMAP folder at url, read-only, in UID order: fn gets
 * its UID and bytes.  Messages count against max-members, max-part-bytes
 * (one) and max-unpacked (*unpacked).  Returns 0, or an error (set):
 * DS_ERROR (refused address, cannot connect or log in, the server refused
 * or went away), DS_ELIMIT, DS_ENOMEM; the messages before it have been
 * handed over. */
typedef int (*ds__imap_fn)(void *ud, unsigned long uid, const void *data, size_t len);
int ds__imap_each(const char *url, const ds_limits *limits, uint64_t *unpacked, ds__imap_fn fn, void *ud);

/* The LibreOffice that converts legacy files (soffice on PATH, or
 * DOCSCREEN_SOFFICE), or NULL when there is none. */
const char *ds__converter(void);

/* Convert bytes (a file whose extension is ext: doc, xls, rtf, odt, ods) to
 * DOCX, or XLSX when sheet, appended to out, within seconds.  Returns 0, or
 * an error (set): DS_EUNSUPPORTED when LibreOffice is not installed,
 * DS_ELIMIT (max-convert-time), DS_ECORRUPT when it could not convert,
 * DS_ERROR, DS_ENOMEM. */
int ds__convert(const void *data, size_t len, const char *ext, bool sheet, double seconds, ds__buf *out);

#endif
