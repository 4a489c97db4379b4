/*
 * mail.c - e-mails as they are saved or exported: one message (.eml,
 * RFC 5322/MIME) or a mailbox of them (mbox), read with GMime.
 *
 * For each message: its sender (display name decoded), subject and date,
 * then every attachment, decoded (base64, quoted-printable) and named as
 * the sender's program named it: RFC 2231 (filename*=utf-8''...) and RFC 2047
 * words in GB2312/GBK/GB18030/Big5 (filename="=?GB2312?B?...?=") both come
 * out as UTF-8, and 8-bit headers that name no charset are tried as UTF-8,
 * then GB18030, then Big5.  A message attached to a message (message/rfc822)
 * gives its attachments too, up to max-nesting.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/intake.h"

/* --------------------------------------------------------------- what it is */

/* Does the header block at d (len bytes) hold header name? */
static bool has_header(const char *d, size_t len, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + n < len;) {
		if (!strncasecmp(d + i, name, n) && d[i + n] == ':')
			return true;
		const char *nl = memchr(d + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - d) + 1;
	}
	return false;
}

/* The length of the header block at d: lines of "Name: value" and their
 * continuations up to a blank line, or 0 when d does not start with one. */
static size_t header_block(const char *d, size_t len)
{
	size_t i = 0, headers = 0;
	while (i < len) {
		const char *nl = memchr(d + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - d) : len, line = end - i;
		if (line == 0 || (line == 1 && d[i] == '\r'))
			return headers >= 2 ? i : 0;
		if (d[i] == ' ' || d[i] == '\t') {
			if (!headers)
				return 0;
		} else {
			size_t k = i;
			while (k < end && d[k] > ' ' && d[k] < 127 && d[k] != ':')
				k++;
			if (k == i || k >= end || d[k] != ':')
				return 0;
			headers++;
		}
		i = end + 1;
	}
	return 0;
}

int ds__mail_kind(const void *data, size_t len)
{
	const char *d = data;
	if (len > 64 * 1024)
		len = 64 * 1024;
	int kind = 1;
	if (len > 5 && !memcmp(d, "From ", 5)) { /* an mbox: "From sender date", then a message */
		const char *nl = memchr(d, '\n', len);
		if (!nl)
			return 0;
		len -= (size_t)(nl + 1 - d);
		d = nl + 1;
		kind = 2;
	}
	size_t n = header_block(d, len);
	if (n && kind == 2) /* "From sender date" and headers: a mailbox */
		return kind;
	/* a sender and a sign of delivery: a web page saved as MHT has neither
	 * To nor Received */
	if (!n || !has_header(d, n, "From") ||
	    !(has_header(d, n, "To") || has_header(d, n, "Received") || has_header(d, n, "Message-ID") ||
	      has_header(d, n, "Delivered-To")))
		return 0;
	return kind;
}

/* ----------------------------------------------------------------- reading */

static GMimeParserOptions *options;

static void init(void)
{
	g_mime_init();
	static const char *charsets[] = {"UTF-8", "GB18030", "BIG5", "ISO-8859-1", NULL};
	if ((options = g_mime_parser_options_new()))
		g_mime_parser_options_set_fallback_charsets(options, charsets);
	/* the converters Chinese mail needs, opened once into GMime's cache:
	 * GMime decodes with its next charset, and says nothing, when iconv
	 * cannot be opened for want of memory */
	static const char *chinese[] = {"GB2312", "GBK", "GB18030", "BIG5", "HZ-GB-2312", "ISO-8859-1", "UTF-8"};
	for (size_t i = 0; i < sizeof chinese / sizeof *chinese; i++) {
		iconv_t cd = g_mime_iconv_open("UTF-8", chinese[i]);
		if (cd != (iconv_t)-1)
			g_mime_iconv_close(cd);
	}
}

/* The attachments of one message, gathered before they are handed over. */
typedef struct gather {
	const ds_limits *lim;
	ds__member *v;
	size_t n, cap;
	unsigned depth, unnamed;
	int error; /* DS_ENOMEM, or DS_ELIMIT for max-members */
} gather;

static void gather_free(gather *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free((char *)g->v[i].name);
		free((void *)g->v[i].data);
		free((char *)g->v[i].why);
	}
	free(g->v);
}

/* A member that could not be read keeps its error's message. */
static void member_fails(gather *g, ds__member *m, int code, const char *limit)
{
	m->error = code;
	m->limit = limit;
	if (!(m->why = strdup(ds_error_last())))
		g->error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
}

static void add_part(gather *g, GMimePart *part)
{
	errno = 0;
	const char *file = g_mime_part_get_filename(part);
	if (errno == ENOMEM) { /* (an iconv GMime could not open: a name decoded wrong) */
		g->error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		return;
	}
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	/* the text of the message itself is no attachment */
	if (!file && !g_mime_part_is_attachment(part) && (!ct || g_mime_content_type_is_type(ct, "text", "*")))
		return;
	if (g->n >= g->lim->max_members) {
		g->error = ds__error_set_at(DS_ELIMIT, "max-members", NULL,
					    _("the message has more than %llu attachments (limit max-members)"),
					    (unsigned long long)g->lim->max_members);
		return;
	}
	if (ds__grow((void **)&g->v, &g->cap, g->n, sizeof *g->v) < 0) {
		g->error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		return;
	}
	char unnamed[32];
	snprintf(unnamed, sizeof unnamed, "attachment-%u", ++g->unnamed);
	ds__member *m = &g->v[g->n];
	memset(m, 0, sizeof *m);
	if (!(m->name = strdup(file && *file ? file : unnamed))) {
		g->error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		return;
	}
	g->n++;
	GMimeStream *out = g_mime_stream_mem_new();
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	if (!out) {
		g->error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	} else if (!content || g_mime_data_wrapper_write_to_stream(content, out) < 0) {
		ds__error_set_at(DS_ECORRUPT, NULL, m->name, _("the attachment %s cannot be decoded"), m->name);
		member_fails(g, m, DS_ECORRUPT, NULL);
	} else {
		GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
		if (bytes->len > g->lim->max_part_bytes) {
			ds__error_set_at(DS_ELIMIT, "max-part-bytes", m->name,
					 _("%s is larger than %llu bytes (limit max-part-bytes)"), m->name,
					 (unsigned long long)g->lim->max_part_bytes);
			member_fails(g, m, DS_ELIMIT, "max-part-bytes");
		} else if (!(m->data = malloc(bytes->len ? bytes->len : 1))) {
			g->error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		} else {
			if (bytes->len) /* (an empty attachment has no bytes at all) */
				memcpy((void *)m->data, bytes->data, bytes->len);
			m->len = bytes->len;
		}
	}
	if (out)
		g_object_unref(out);
}

static void on_part(GMimeObject *parent, GMimeObject *part, gpointer ud)
{
	(void)parent;
	gather *g = ud;
	if (g->error)
		return;
	if (GMIME_IS_MESSAGE_PART(part)) { /* a message forwarded as an attachment */
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
		if (inner && g->depth < g->lim->max_nesting) {
			g->depth++;
			g_mime_message_foreach(inner, on_part, g);
			g->depth--;
		}
	} else if (GMIME_IS_PART(part)) {
		add_part(g, GMIME_PART(part));
	}
}

/* One message: its envelope and attachments, handed over. */
static int message(GMimeMessage *msg, bool nomem, const ds_limits *lim, ds__message_fn fn, void *ud)
{
	errno = 0;
	InternetAddressList *from = g_mime_message_get_from(msg);
	char *who = from ? internet_address_list_to_string(from, NULL, FALSE) : NULL;
	nomem = nomem || errno == ENOMEM;
	GDateTime *date = g_mime_message_get_date(msg);
	char *when = date ? g_date_time_format_iso8601(date) : NULL;
	const char *subject = g_mime_message_get_subject(msg);
	nomem = nomem || errno == ENOMEM;
	gather g = {.lim = lim};
	g_mime_message_foreach(msg, on_part, &g);
	/* GMime goes on when iconv cannot be opened for want of memory (and
	 * decodes with the next charset): errno, set since the parse began, says so */
	if ((nomem || errno == ENOMEM) && !g.error)
		g.error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	int error = g.error == DS_ENOMEM ? DS_ENOMEM : 0;
	if (!error) {
		ds__message m = {.from = who ? who : "",
				 .subject = subject ? subject : "",
				 .date = when ? when : "",
				 .attachments = g.v,
				 .n = g.n,
				 .error = g.error};
		if (g.error) /* (the limit's message again: the attachments' may have followed) */
			ds__error_set_at(DS_ELIMIT, "max-members", NULL,
					 _("the message has more than %llu attachments (limit max-members)"),
					 (unsigned long long)lim->max_members);
		error = fn(ud, &m);
	}
	gather_free(&g);
	g_free(who);
	g_free(when);
	return error;
}

void ds__gmime_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init);
}

int ds__mail_each(const void *data, size_t len, const char *path, bool mbox, const ds_limits *limits, ds__message_fn fn,
		  void *ud)
{
	ds__gmime_init();
	ds_limits lim;
	ds__limits_copy(&lim, limits);
	GMimeStream *stream;
	if (data) {
		stream = g_mime_stream_mem_new_with_buffer(data, len);
	} else { /* a mailbox is read as it is parsed, never whole */
		GError *err = NULL;
		if (!(stream = g_mime_stream_fs_open(path, O_RDONLY, 0, &err))) {
			int error = ds__error_set(DS_ERROR, _("cannot open %s: %s"), path, err ? err->message : "?");
			g_clear_error(&err);
			return error;
		}
	}
	GMimeParser *parser = stream ? g_mime_parser_new_with_stream(stream) : NULL;
	if (!parser) {
		if (stream)
			g_object_unref(stream);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	g_mime_parser_set_format(parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
	int error = 0;
	size_t n = 0;
	while (!error && !g_mime_parser_eos(parser)) {
		errno = 0;
		GMimeMessage *msg = g_mime_parser_construct_message(parser, options);
		bool nomem = errno == ENOMEM;
		if (!msg && nomem)
			error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		if (!msg)
			break;
		if (++n > lim.max_members)
			error = ds__error_set_at(DS_ELIMIT, "max-members", NULL,
						 _("the mailbox has more than %llu messages (limit max-members)"),
						 (unsigned long long)lim.max_members);
		else
			error = message(msg, nomem, &lim, fn, ud);
		g_object_unref(msg);
		if (!mbox)
			break;
	}
	if (!error && !n)
		error = ds__error_set(DS_ECORRUPT, "%s", _("no message can be read from it"));
	g_object_unref(parser);
	g_object_unref(stream);
	return error;
}
