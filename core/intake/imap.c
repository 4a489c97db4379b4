/*
 * imap.c - the committee's mailbox itself: the messages of an IMAP folder
 * (imaps://[user@]host[:port]/FOLDER, or imap:// to a loopback address),
 * read-only, each handed over as the bytes of an .eml with its UID.
 *
 * libcurl connects, speaks TLS and logs in (its connect phase, with
 * CURLOPT_CONNECT_ONLY); the password comes from DOCSCREEN_IMAP_PASSWORD or
 * a netrc file (DOCSCREEN_NETRC, else ~/.netrc), never from the URL; the
 * server's certificate is checked (against DOCSCREEN_IMAP_CA if set).  Then
 * three commands over curl_easy_send/recv: EXAMINE (the read-only SELECT),
 * UID SEARCH ALL and, per message, UID FETCH n BODY.PEEK[] (which, unlike
 * BODY[] and libcurl's own fetch, leaves the \Seen flag alone).  Nothing
 * is ever stored, flagged, moved or deleted.
 */
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/intake.h"

#define IO_SECONDS 60 /* a server that says nothing this long is gone */

bool ds__is_imap_url(const char *path)
{
	return !strncasecmp(path, "imap://", 7) || !strncasecmp(path, "imaps://", 8);
}

typedef struct session {
	CURL *c;
	ds__buf in; /* what was received and not yet used */
	size_t used;
	unsigned tag;
} session;

/* More bytes from the server into s->in. */
static int receive(session *s)
{
	char chunk[65536];
	for (;;) {
		size_t n = 0;
		CURLcode rc = curl_easy_recv(s->c, chunk, sizeof chunk, &n);
		if (rc == CURLE_OK && n)
			return ds__buf_add(&s->in, chunk, n) < 0 ? ds__error_set(DS_ENOMEM, "%s", _("out of memory"))
								 : 0;
		if (rc == CURLE_OK || rc != CURLE_AGAIN)
			return ds__error_set(DS_ERROR, _("the mail server closed the connection (%s)"),
					     rc == CURLE_OK ? "EOF" : curl_easy_strerror(rc));
		curl_socket_t fd;
		if (curl_easy_getinfo(s->c, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD)
			return ds__error_set(DS_ERROR, "%s", _("the mail server closed the connection"));
		struct pollfd p = {fd, POLLIN, 0};
		int k = poll(&p, 1, IO_SECONDS * 1000);
		if (k == 0)
			return ds__error_set(DS_ERROR, _("the mail server did not answer for %d s"), IO_SECONDS);
		if (k < 0 && errno != EINTR)
			return ds__error_set(DS_ERROR, "poll: %s", strerror(errno));
	}
}

/* The next line (without CRLF) into *line, *n. */
static int next_line(session *s, const char **line, size_t *n)
{
	for (;;) {
		const char *p = s->in.p ? s->in.p + s->used : NULL;
		const char *nl = p ? memchr(p, '\n', s->in.len - s->used) : NULL;
		if (nl) {
			*line = p;
			*n = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');
			s->used += (size_t)(nl - p) + 1;
			return 0;
		}
		if (s->in.len - s->used > 1 << 20)
			return ds__error_set(DS_ECORRUPT, "%s", _("the mail server sent a line too long"));
		if (s->used) { /* keep what is unread at the start */
			memmove(s->in.p, s->in.p + s->used, s->in.len - s->used);
			s->in.len -= s->used;
			s->used = 0;
		}
		int error = receive(s);
		if (error)
			return error;
	}
}

/* The n bytes of a literal into out (or dropped, out NULL). */
static int literal(session *s, uint64_t n, ds__buf *out)
{
	while (n) {
		size_t have = s->in.len - s->used;
		if (!have) {
			s->in.len = s->used = 0;
			int error = receive(s);
			if (error)
				return error;
			continue;
		}
		size_t k = have < n ? have : (size_t)n;
		if (out && ds__buf_add(out, s->in.p + s->used, k) < 0)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		s->used += k;
		n -= k;
	}
	return 0;
}

/* What a response line is about, passed to a command's reader: the line,
 * and for a line that ends in a literal {N}, its size (else UINT64_MAX). */
typedef int (*line_fn)(session *s, void *ud, const char *line, size_t n, uint64_t lit);

/* Send "TAG command" and read the answer to its tagged end: 0 when the
 * server said OK, else an error that quotes it. */
static int command(session *s, const char *cmd, line_fn fn, void *ud)
{
	char out[1200], tag[16];
	snprintf(tag, sizeof tag, "d%u", ++s->tag);
	int len = snprintf(out, sizeof out, "%s %s\r\n", tag, cmd);
	for (size_t at = 0; at < (size_t)len;) {
		size_t sent = 0;
		CURLcode rc = curl_easy_send(s->c, out + at, (size_t)len - at, &sent);
		if (rc != CURLE_OK && rc != CURLE_AGAIN)
			return ds__error_set(DS_ERROR, _("the mail server closed the connection (%s)"),
					     curl_easy_strerror(rc));
		at += sent;
	}
	size_t tlen = strlen(tag);
	for (;;) {
		const char *line = NULL;
		size_t n = 0;
		int error = next_line(s, &line, &n);
		if (error)
			return error;
		if (n > tlen && !memcmp(line, tag, tlen) && line[tlen] == ' ') {
			if (n >= tlen + 3 && !strncasecmp(line + tlen + 1, "OK", 2))
				return 0;
			return ds__error_set(DS_ERROR, _("the mail server refused %.*s: %.*s"), (int)strcspn(cmd, " "),
					     cmd, (int)(n - tlen - 1 > 200 ? 200 : n - tlen - 1), line + tlen + 1);
		}
		/* a literal: "... {123}" or "{123+}" at the line's end */
		uint64_t lit = UINT64_MAX;
		if (n > 2 && line[n - 1] == '}') {
			const char *open = line + n - 1;
			while (open > line && open[-1] != '{')
				open--;
			if (open > line)
				lit = strtoull(open, NULL, 10);
		}
		error = fn ? fn(s, ud, line, n, lit) : 0;
		if (!error && lit != UINT64_MAX && !fn)
			error = literal(s, lit, NULL);
		if (error)
			return error;
	}
}

/* ------------------------------------------------------------ commands */

typedef struct uids {
	unsigned long *v;
	size_t n, cap;
} uids;

static int on_search(session *s, void *ud, const char *line, size_t n, uint64_t lit)
{
	uids *u = ud;
	if (lit != UINT64_MAX)
		return literal(s, lit, NULL);
	if (n < 8 || strncasecmp(line, "* SEARCH", 8))
		return 0;
	for (const char *p = line + 8, *end = line + n; p < end;) {
		char *next;
		unsigned long uid = strtoul(p, &next, 10);
		if (next == p) {
			p++;
			continue;
		}
		p = next;
		if (ds__grow((void **)&u->v, &u->cap, u->n, sizeof *u->v) < 0)
			return DS_ENOMEM;
		u->v[u->n++] = uid;
	}
	return 0;
}

typedef struct fetched {
	ds__buf body;
	bool got;
	uint64_t max; /* bytes one message may have */
} fetched;

static int on_fetch(session *s, void *ud, const char *line, size_t n, uint64_t lit)
{
	fetched *f = ud;
	if (lit == UINT64_MAX)
		return 0;
	bool body = !f->got && n > 2 && line[0] == '*' && strstr(line, "BODY[]") && lit <= f->max;
	if (!f->got && n > 2 && line[0] == '*' && strstr(line, "BODY[]") && lit > f->max)
		return ds__error_set_at(DS_ELIMIT, "max-part-bytes", NULL,
					_("a message of %llu bytes is larger than the limit (max-part-bytes)"),
					(unsigned long long)lit);
	f->got = f->got || body;
	return literal(s, lit, body ? &f->body : NULL);
}

/* A folder's name as an IMAP quoted string (ASCII; others are sent as
 * they are, which servers that accept UTF-8 take). */
static void quoted(char *out, size_t size, const char *name)
{
	size_t k = 0;
	out[k++] = '"';
	for (const char *p = name; *p && k + 3 < size; p++) {
		if (*p == '"' || *p == '\\')
			out[k++] = '\\';
		out[k++] = *p;
	}
	out[k++] = '"';
	out[k] = '\0';
}

/* The folder of the URL, %-decoded: "INBOX" when none. */
static void folder_of(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	size_t k = 0;
	for (p = p ? p + 1 : ""; *p && *p != ';' && *p != '?' && k + 1 < size; p++) {
		unsigned hex;
		if (*p == '%' && sscanf(p + 1, "%2x", &hex) == 1) {
			out[k++] = (char)hex;
			p += 2;
		} else {
			out[k++] = *p;
		}
	}
	while (k && out[k - 1] == '/')
		k--;
	out[k] = '\0';
	if (!k)
		snprintf(out, size, "INBOX");
}

/* May the URL be followed: no password in it, and plain imap:// only to
 * this machine (the password would cross the network in clear). */
static int url_allowed(const char *url)
{
	const char *host = strstr(url, "://") + 3;
	const char *at = strchr(host, '@'), *slash = strchr(host, '/');
	if (at && (!slash || at < slash)) {
		const char *colon = memchr(host, ':', (size_t)(at - host));
		if (colon)
			return ds__error_set(
				DS_ERROR, "%s",
				_("a password in the address is not taken (it would show in the process "
				  "list and the shell's history): set DOCSCREEN_IMAP_PASSWORD or use a netrc "
				  "file"));
		host = at + 1;
	}
	if (!strncasecmp(url, "imap://", 7)) {
		static const char *const loopback[] = {"127.", "localhost", "[::1]"};
		bool local = false;
		for (size_t i = 0; i < 3; i++)
			local = local || !strncasecmp(host, loopback[i], strlen(loopback[i]));
		if (!local)
			return ds__error_set(
				DS_ERROR, "%s",
				_("imap:// would send the password in clear over the network: use imaps://"));
	}
	return 0;
}

int ds__imap_each(const char *url, const ds_limits *limits, uint64_t *unpacked, ds__imap_fn fn, void *ud)
{
	int error = url_allowed(url);
	if (error)
		return error;
	static bool ready;
	if (!ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ds__error_set(DS_ERROR, "%s", "curl_global_init failed");
	ready = true;
	session s = {curl_easy_init(), {0}, 0, 0};
	if (!s.c)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	/* the server alone: the folder is EXAMINEd below, never SELECTed */
	char base[2048], folder[512], q[1100], cmd[1200], err[CURL_ERROR_SIZE] = "";
	const char *host = strstr(url, "://") + 3, *slash = strchr(host, '/');
	snprintf(base, sizeof base, "%.*s/", (int)(slash ? slash - url : (ptrdiff_t)strlen(url)), url);
	folder_of(url, folder, sizeof folder);
	const char *password = getenv("DOCSCREEN_IMAP_PASSWORD"), *netrc = getenv("DOCSCREEN_NETRC"),
		   *ca = getenv("DOCSCREEN_IMAP_CA");
	curl_easy_setopt(s.c, CURLOPT_URL, base);
	curl_easy_setopt(s.c, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(s.c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(s.c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(s.c, CURLOPT_NOSIGNAL, 1L);
	if (password && *password)
		curl_easy_setopt(s.c, CURLOPT_PASSWORD, password);
	else
		curl_easy_setopt(s.c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (netrc && *netrc)
		curl_easy_setopt(s.c, CURLOPT_NETRC_FILE, netrc);
	if (ca && *ca) /* a server whose certificate the system does not know (its own CA) */
		curl_easy_setopt(s.c, CURLOPT_CAINFO, ca);
	CURLcode rc = curl_easy_perform(s.c);
	uids u = {0};
	if (rc != CURLE_OK) {
		error = ds__error_set(DS_ERROR, _("cannot log in to the mail server: %s"),
				      *err ? err : curl_easy_strerror(rc));
		goto done;
	}
	quoted(q, sizeof q, folder);
	snprintf(cmd, sizeof cmd, "EXAMINE %s", q);
	if ((error = command(&s, cmd, NULL, NULL)) || (error = command(&s, "UID SEARCH ALL", on_search, &u)))
		goto done;
	ds_limits lim;
	ds__limits_copy(&lim, limits);
	for (size_t i = 0; i < u.n && !error; i++) {
		if (i >= lim.max_members) {
			error = ds__error_set_at(DS_ELIMIT, "max-members", NULL,
						 _("the folder has more than %llu messages (limit max-members)"),
						 (unsigned long long)lim.max_members);
			break;
		}
		fetched f = {.max = lim.max_part_bytes};
		snprintf(cmd, sizeof cmd, "UID FETCH %lu BODY.PEEK[]", u.v[i]);
		error = command(&s, cmd, on_fetch, &f);
		if (!error && f.got && (*unpacked += f.body.len) > lim.max_unpacked)
			error = ds__error_set_at(DS_ELIMIT, "max-unpacked", NULL,
						 _("its messages hold more than %llu bytes (limit max-unpacked)"),
						 (unsigned long long)lim.max_unpacked);
		if (!error && f.got)
			error = fn(ud, u.v[i], f.body.p ? f.body.p : "", f.body.len);
		ds__buf_free(&f.body);
	}
	if (!error)
		command(&s, "LOGOUT", NULL, NULL);
done:
	free(u.v);
	ds__buf_free(&s.in);
	curl_easy_cleanup(s.c);
	return error;
}
