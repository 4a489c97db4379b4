/*
 * archive.c - the members of an archive, read with libarchive: zip (one
 * that holds no Office package), rar 4 and 5, 7z, tar, and tar (or a single
 * file) compressed with gzip, bzip2 or xz.
 *
 * Each regular member is read into memory, within the limits, and handed to
 * the caller; nothing is ever written to disk, so a member named
 * ../../x.docx is only a label.  Member names are UTF-8 when they are valid
 * UTF-8 (7z, rar and zip with the UTF-8 flag always are); a zip made on
 * Chinese Windows stores GBK without saying so, so other bytes are decoded
 * as GB18030, and what that cannot decode is shown in hex.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "intake/intake.h"

const char *ds__archive_format(const void *data, size_t len)
{
	const unsigned char *d = data;
	if (len >= 6 && !memcmp(d, "Rar!\x1a\x07", 6))
		return "rar";
	if (len >= 6 && !memcmp(d, "7z\xbc\xaf\x27\x1c", 6))
		return "7z";
	if (len >= 4 && d[0] == 'P' && d[1] == 'K' && (d[2] == 3 || d[2] == 5 || d[2] == 7))
		return "zip";
	if (len >= 2 && d[0] == 0x1f && d[1] == 0x8b)
		return "gz";
	if (len >= 3 && !memcmp(d, "BZh", 3))
		return "bz2";
	if (len >= 6 && !memcmp(d,
				"\xfd"
				"7zXZ\0",
				6))
		return "xz";
	if (len >= 262 && !memcmp(d + 257, "ustar", 5))
		return "tar";
	return NULL;
}

static bool valid_utf8(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = ds__utf8_next(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3)))
			return false;
		i += n;
	}
	return true;
}

/* The member's name, decoded (see the top); malloc'd. */
static char *member_name(struct archive_entry *e)
{
	const char *u = archive_entry_pathname_utf8(e);
	if (u && valid_utf8(u))
		return strdup(u);
	const char *raw = archive_entry_pathname(e);
	if (!raw)
		return strdup("?");
	if (valid_utf8(raw))
		return strdup(raw);
	char *gb = ds__to_utf8("GB18030", raw, strlen(raw));
	if (gb || errno == ENOMEM)
		return gb;
	size_t n = strlen(raw);
	char *hex = malloc(n * 4 + 1);
	for (size_t i = 0, o = 0; hex && i <= n; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c >= 0x80)
			o += (size_t)sprintf(hex + o, "\\x%02X", c);
		else
			hex[o++] = (char)c;
	}
	return hex;
}

/* What went wrong, in the user's language: libarchive's messages are
 * English and technical, so the common ones are said in our words. */
static const char *why(struct archive *a)
{
	const char *s = archive_error_string(a);
	if (!s || !*s || strstr(s, "runcated") || strstr(s, "remature") || strstr(s, "nexpected end") ||
	    strstr(s, "ended early"))
		return _("it ends too early: the copy or the attachment did not arrive whole");
	if (strstr(s, "nrecognized archive format"))
		return _("its format is not recognized");
	if (strstr(s, "CRC") || strstr(s, "hecksum"))
		return _("its contents fail their checksum (changed or damaged after it was saved)");
	if (strstr(s, "ecompress") || strstr(s, "ompress"))
		return _("part of it cannot be decompressed");
	return _("its structure cannot be read");
}

static bool encrypted(struct archive *a)
{
	const char *s = archive_error_string(a);
	return archive_read_has_encrypted_entries(a) > 0 || (s && (strstr(s, "ncrypt") || strstr(s, "assphrase")));
}

/* libarchive converts member names to the locale's charset and gives up in
 * the C locale (a server's, a cron job's): it reads headers in C.UTF-8, set
 * for this thread only, and for those calls only. */
static locale_t utf8;
static void make_utf8(void)
{
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static int next_header(struct archive *a, struct archive_entry **e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_utf8);
	locale_t was = utf8 ? uselocale(utf8) : (locale_t)0;
	errno = 0;
	int r = archive_read_next_header(a, e);
	bool nomem = errno == ENOMEM; /* libarchive does not always say so */
	if (was)
		uselocale(was);
	return nomem ? ARCHIVE_FATAL - 1 : r;
}

typedef struct walk {
	struct archive *a;
	char *format; /* (the caller's, 16 bytes) "tar.gz" once the first header says so */
	const ds_limits *lim;
	uint64_t *unpacked, here, packed;
	ds__buf buf;
} walk;

/* Read the current member's bytes into w->buf: 0, or an error for the
 * member (DS_EENCRYPTED, DS_ECORRUPT, DS_ELIMIT for max-part-bytes) or for
 * the archive (DS_ELIMIT max-unpacked or max-ratio: returned negated, as
 * -DS_ELIMIT > 0, so that the walk stops). */
static int read_member(walk *w, const char *name)
{
	w->buf.len = 0;
	static _Thread_local char chunk[64 * 1024];
	for (;;) {
		errno = 0;
		la_ssize_t n = archive_read_data(w->a, chunk, sizeof chunk);
		if (errno == ENOMEM) /* whatever libarchive returned */
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == ENOMEM || archive_errno(w->a) == ENOMEM)
				return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			if (encrypted(w->a))
				return ds__error_set_at(DS_EENCRYPTED, NULL, name, _("%s is encrypted"), name);
			return ds__error_set_at(DS_ECORRUPT, NULL, name, _("%s cannot be unpacked (%s)"), name,
						why(w->a));
		}
		*w->unpacked += (uint64_t)n;
		w->here += (uint64_t)n;
		if (*w->unpacked > w->lim->max_unpacked) {
			ds__error_set_at(DS_ELIMIT, "max-unpacked", name,
					 _("the archive unpacks to more than %llu bytes (limit max-unpacked)"),
					 (unsigned long long)w->lim->max_unpacked);
			return -DS_ELIMIT;
		}
		/* a solid 7z of similar files unpacks to a hundred times its size:
		 * the ratio counts once 64 MiB are out, a bomb's never more */
		if (w->here > (64u << 20) && w->here / (w->packed ? w->packed : 1) > w->lim->max_ratio) {
			ds__error_set_at(DS_ELIMIT, "max-ratio", name,
					 _("the archive unpacks to more than %llu times its size (limit max-ratio): "
					   "an archive bomb?"),
					 (unsigned long long)w->lim->max_ratio);
			return -DS_ELIMIT;
		}
		if (w->buf.len + (size_t)n > w->lim->max_part_bytes) {
			archive_read_data_skip(w->a);
			return ds__error_set_at(DS_ELIMIT, "max-part-bytes", name,
						_("%s unpacks to more than %llu bytes (limit max-part-bytes)"), name,
						(unsigned long long)w->lim->max_part_bytes);
		}
		if (ds__buf_add(&w->buf, chunk, (size_t)n) < 0)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
}

/* A member compressed alone (x.docx.gz) is named after the archive. */
static char *raw_name(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot > base ? strndup(base, (size_t)(dot - base)) : strdup("data");
}

static int walk_members(walk *w, const char *path, ds__member_fn fn, void *ud)
{
	struct archive_entry *e;
	uint64_t members = 0;
	int r, error = 0;
	while (!error && ((r = next_header(w->a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)) {
		if (!members && (archive_format(w->a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR) {
			int filter = archive_filter_code(w->a, 0);
			snprintf(w->format, 16, "tar%s",
				 filter == ARCHIVE_FILTER_GZIP    ? ".gz"
				 : filter == ARCHIVE_FILTER_BZIP2 ? ".bz2"
				 : filter == ARCHIVE_FILTER_XZ    ? ".xz"
								  : "");
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue; /* folders, links, devices */
		if (++members > w->lim->max_members)
			return ds__error_set_at(DS_ELIMIT, "max-members", NULL,
						_("the archive has more than %llu files (limit max-members)"),
						(unsigned long long)w->lim->max_members);
		bool raw = archive_format(w->a) == ARCHIVE_FORMAT_RAW;
		char *name = raw ? raw_name(path) : member_name(e);
		if (!name)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		ds__member m = {.name = name};
		if (archive_entry_is_encrypted(e))
			m.error = ds__error_set_at(DS_EENCRYPTED, NULL, name, _("%s is encrypted"), name);
		else
			m.error = read_member(w, name);
		if (m.error == DS_ENOMEM || m.error == -DS_ELIMIT) {
			free(name);
			return m.error == DS_ENOMEM ? DS_ENOMEM : DS_ELIMIT;
		}
		if (!m.error) {
			m.data = w->buf.p ? w->buf.p : "";
			m.len = w->buf.len;
		}
		error = fn(ud, &m);
		free(name);
		/* a member that could not be unpacked may leave the stream where
		 * nothing more can be read: the next header says so */
	}
	if (error)
		return error;
	if (r == ARCHIVE_FATAL - 1) /* (next_header: memory ran out) */
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	if (r == ARCHIVE_FATAL || r == ARCHIVE_FAILED) {
		if (archive_errno(w->a) == ENOMEM)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		if (encrypted(w->a))
			return ds__error_set(DS_EENCRYPTED, "%s", _("even its list of files is encrypted"));
		return ds__error_set(DS_ECORRUPT, "%s", why(w->a));
	}
	return 0;
}

/* The bytes libarchive reads, from memory or from a file, through our own
 * callbacks: libarchive 3.6's archive_read_open_memory() goes on after an
 * allocation of its own failed, and crashes. */
typedef struct source {
	const char *data; /* or NULL: f */
	size_t len, pos;
	FILE *f;
	char buf[64 * 1024];
} source;

static la_ssize_t src_read(struct archive *a, void *ud, const void **out)
{
	(void)a;
	source *s = ud;
	if (s->f) {
		size_t n = fread(s->buf, 1, sizeof s->buf, s->f);
		*out = s->buf;
		return ferror(s->f) ? -1 : (la_ssize_t)n;
	}
	*out = s->data + s->pos;
	size_t n = s->len - s->pos;
	s->pos = s->len;
	return (la_ssize_t)n;
}

static la_int64_t src_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
	(void)a;
	source *s = ud;
	if (s->f) {
		if (fseeko(s->f, (off_t)off, whence) < 0)
			return ARCHIVE_FATAL;
		return (la_int64_t)ftello(s->f);
	}
	la_int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (la_int64_t)s->pos : (la_int64_t)s->len;
	if (base + off < 0 || base + off > (la_int64_t)s->len)
		return ARCHIVE_FATAL;
	s->pos = (size_t)(base + off);
	return (la_int64_t)s->pos;
}

static la_int64_t src_skip(struct archive *a, void *ud, la_int64_t request)
{
	source *s = ud;
	la_int64_t at = src_seek(a, ud, 0, SEEK_CUR);
	la_int64_t to = src_seek(a, ud, request, SEEK_CUR);
	if (to < 0 && !s->f) /* past the end: to the end */
		to = src_seek(a, ud, 0, SEEK_END);
	return to < 0 || at < 0 ? 0 : to - at;
}

int ds__archive_each(const void *data, size_t len, const char *path, const ds_limits *limits, uint64_t *unpacked,
		     char format[16], ds__member_fn fn, void *ud)
{
	ds_limits lim;
	ds__limits_copy(&lim, limits);
	walk w = {.lim = &lim, .unpacked = unpacked, .packed = len, .format = format};
	struct stat st;
	if (!data)
		w.packed = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
	/* libarchive 3.6 does not always check its own allocations (a reader
	 * without its entry, a crash later): errno ENOMEM tells */
	errno = 0;
	if (!(w.a = archive_read_new()) || errno == ENOMEM) {
		archive_read_free(w.a);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	/* raw (one compressed file) only behind a compression filter (the
	 * format its first bytes gave): a damaged zip, rar or 7z must not pass
	 * for a file of its own */
	bool filtered = !strcmp(format, "gz") || !strcmp(format, "bz2") || !strcmp(format, "xz");
	if (archive_read_support_filter_gzip(w.a) || archive_read_support_filter_bzip2(w.a) ||
	    archive_read_support_filter_xz(w.a) || archive_read_support_format_zip(w.a) ||
	    archive_read_support_format_rar(w.a) || archive_read_support_format_rar5(w.a) ||
	    archive_read_support_format_7zip(w.a) || archive_read_support_format_tar(w.a) ||
	    (filtered && archive_read_support_format_raw(w.a)) || errno == ENOMEM) {
		archive_read_free(w.a); /* (out of memory: a reader libarchive could not set up) */
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	source *src = calloc(1, sizeof *src);
	if (!src) {
		archive_read_free(w.a);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	src->data = data;
	src->len = len;
	if (!data && !(src->f = fopen(path, "rb"))) {
		free(src);
		archive_read_free(w.a);
		return ds__error_set(DS_ERROR, _("cannot open %s: %s"), path, strerror(errno));
	}
	errno = 0;
	int r = archive_read_set_read_callback(w.a, src_read) || archive_read_set_seek_callback(w.a, src_seek) ||
				archive_read_set_skip_callback(w.a, src_skip) ||
				archive_read_set_callback_data(w.a, src)
			? ARCHIVE_FATAL - 1
			: archive_read_open1(w.a);
	if (errno == ENOMEM) /* even when libarchive says ARCHIVE_OK */
		r = ARCHIVE_FATAL - 1;
	int error = r == ARCHIVE_OK ? walk_members(&w, path, fn, ud)
		    : r == ARCHIVE_FATAL - 1 || archive_errno(w.a) == ENOMEM
			    ? ds__error_set(DS_ENOMEM, "%s", _("out of memory"))
			    : ds__error_set(DS_ECORRUPT, "%s", why(w.a));
	archive_read_free(w.a);
	if (src->f)
		fclose(src->f);
	free(src);
	ds__buf_free(&w.buf);
	return error;
}
