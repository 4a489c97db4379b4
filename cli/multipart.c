/*
 * multipart.c - see multipart.h.
 *
 * The body is read as "\r\n" + body, so that every delimiter, the first
 * one too, is CRLF "--" boundary.  After a delimiter comes "--" (the end)
 * or optional white space and CRLF, then a part's headers up to an empty
 * line, then its body up to the next delimiter.  Bytes that matched the
 * start of a delimiter and then stopped matching are handed on from the
 * delimiter itself: nothing of the body is held but the match's length.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"

#define MAX_BOUNDARY 70
#define MAX_HEADERS (16 * 1024)
#define MAX_LINE 256
#define MAX_NAME 1024

enum state { PREAMBLE, LINE, HEADERS, BODY, END, BROKEN };

struct multipart {
	multipart_cb cb;
	void *ud;
	char delim[4 + MAX_BOUNDARY + 1];  /* "\r\n--" boundary */
	size_t dlen, k;                    /* its length; bytes of it matched */
	size_t fail[4 + MAX_BOUNDARY + 1]; /* KMP: the longest proper border of delim[0..k) */
	enum state state;
	char line[MAX_HEADERS + 1]; /* the line after a delimiter, or the headers */
	size_t n_line;
	size_t part; /* parts begun */
	char name[MAX_NAME], filename[MAX_NAME];
	bool has_filename;
	uint64_t off; /* body bytes of the part handed on */
};

/* The boundary parameter of a Content-Type, into out; false if none is valid. */
static bool boundary_of(const char *ct, char *out)
{
	if (strncasecmp(ct, "multipart/form-data", 19))
		return false;
	for (const char *p = ct + 19; (p = strchr(p, ';'));) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9)) {
			continue;
		}
		p += 9;
		size_t n = 0;
		if (*p == '"') {
			for (p++; *p && *p != '"' && n <= MAX_BOUNDARY; p++)
				out[n++] = *p;
			if (*p != '"')
				return false;
		} else {
			for (; *p && *p != ';' && *p != ' ' && *p != '\t' && n <= MAX_BOUNDARY; p++)
				out[n++] = *p;
		}
		if (!n || n > MAX_BOUNDARY)
			return false;
		out[n] = '\0';
		return true;
	}
	return false;
}

multipart *multipart_new(const char *content_type, multipart_cb cb, void *ud)
{
	char b[MAX_BOUNDARY + 2];
	if (!content_type || !boundary_of(content_type, b))
		return NULL;
	multipart *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cb = cb;
	m->ud = ud;
	m->dlen = (size_t)snprintf(m->delim, sizeof m->delim, "\r\n--%s", b);
	/* failure function: fail[k] for k bytes matched */
	m->fail[0] = m->fail[1] = 0;
	for (size_t k = 2, j = 0; k <= m->dlen; k++) {
		while (j && m->delim[k - 1] != m->delim[j])
			j = m->fail[j];
		if (m->delim[k - 1] == m->delim[j])
			j++;
		m->fail[k] = j;
	}
	m->state = PREAMBLE;
	multipart_feed(m, "\r\n", 2);
	return m;
}

void multipart_free(multipart *m)
{
	free(m);
}

int multipart_end(const multipart *m)
{
	return m->state == END ? 0 : -1;
}

/* Body bytes of the part being read: to the callback (the preamble's are dropped). */
static int emit(multipart *m, const char *p, size_t n)
{
	if (!n || m->state != BODY)
		return 0;
	int stop = m->cb(m->ud, m->part - 1, m->name, m->has_filename ? m->filename : NULL, p, m->off, n);
	m->off += n;
	return stop ? -1 : 0;
}

static int hex(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

/* A Content-Disposition parameter's value at p (quoted or a token), into
 * out; percent-decoded when ext (filename*=charset'lang'value). */
static void param_value(const char *p, char *out, bool ext)
{
	size_t n = 0;
	if (ext) {
		const char *q = strchr(p, '\'');
		q = q ? strchr(q + 1, '\'') : NULL;
		p = q ? q + 1 : p;
		for (; *p && *p != ';' && *p != ' ' && *p != '\r' && n + 1 < MAX_NAME; p++) {
			if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
				out[n++] = (char)(hex(p[1]) * 16 + hex(p[2]));
				p += 2;
			} else {
				out[n++] = *p;
			}
		}
	} else if (*p == '"') {
		for (p++; *p && *p != '"' && *p != '\r' && n + 1 < MAX_NAME; p++) {
			if (*p == '\\' && p[1] && p[1] != '\r')
				p++;
			out[n++] = *p;
		}
	} else {
		for (; *p && *p != ';' && *p != ' ' && *p != '\r' && n + 1 < MAX_NAME; p++)
			out[n++] = *p;
	}
	out[n] = '\0';
}

/* The part's headers are in m->line: its name and file name. */
static int begin_part(multipart *m)
{
	m->name[0] = m->filename[0] = '\0';
	m->has_filename = false;
	bool ext = false;
	for (char *h = m->line; h && *h; h = strstr(h, "\r\n"), h = h ? h + 2 : NULL) {
		if (strncasecmp(h, "Content-Disposition:", 20))
			continue;
		for (char *p = h + 20; (p = strchr(p, ';')) && p < strstr(h, "\r\n");) {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!strncasecmp(p, "name=", 5)) {
				param_value(p + 5, m->name, false);
			} else if (!strncasecmp(p, "filename*=", 10)) {
				param_value(p + 10, m->filename, true);
				m->has_filename = ext = true;
			} else if (!strncasecmp(p, "filename=", 9) && !ext) {
				param_value(p + 9, m->filename, false);
				m->has_filename = true;
			}
		}
	}
	m->off = 0;
	m->part++;
	m->state = BODY;
	return m->cb(m->ud, m->part - 1, m->name, m->has_filename ? m->filename : NULL, "", 0, 0) ? -1 : 0;
}

/* One byte after a delimiter or in the headers. */
static int line_byte(multipart *m, char c)
{
	if (m->n_line >= (m->state == LINE ? MAX_LINE : MAX_HEADERS))
		return -1;
	m->line[m->n_line++] = c;
	m->line[m->n_line] = '\0';
	if (m->state == LINE) {
		if (m->n_line == 2 && !memcmp(m->line, "--", 2)) {
			m->state = END;
			return 0;
		}
		if (m->n_line < 2 || memcmp(m->line + m->n_line - 2, "\r\n", 2))
			return 0;
		for (size_t i = 0; i + 2 < m->n_line; i++)
			if (m->line[i] != ' ' && m->line[i] != '\t')
				return -1;
		m->state = HEADERS;
		m->n_line = 0;
		return 0;
	}
	/* headers end with an empty line (or are none: the first line is empty) */
	if ((m->n_line == 2 && !memcmp(m->line, "\r\n", 2)) ||
	    (m->n_line >= 4 && !memcmp(m->line + m->n_line - 4, "\r\n\r\n", 4)))
		return begin_part(m);
	return 0;
}

int multipart_feed(multipart *m, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *run = data; /* run: body bytes not yet handed on */
	while (p < end) {
		if (m->state == END)
			return 0; /* the epilogue is ignored */
		if (m->state == BROKEN)
			return -1;
		if (m->state == LINE || m->state == HEADERS) {
			if (line_byte(m, *p++) < 0)
				goto broken;
			run = p;
			continue;
		}
		/* PREAMBLE or BODY: look for the delimiter */
		if (!m->k) {
			const char *cr = memchr(p, m->delim[0], (size_t)(end - p));
			if (!cr) {
				p = end;
				break;
			}
			p = cr;
			if (emit(m, run, (size_t)(p - run)) < 0)
				goto broken;
		}
		char c = *p;
		while (m->k && m->delim[m->k] != c) {
			/* the bytes that matched and no longer do are the delimiter's first ones */
			size_t k2 = m->fail[m->k];
			if (emit(m, m->delim, m->k - k2) < 0)
				goto broken;
			m->k = k2;
		}
		if (m->delim[m->k] == c) {
			run = ++p;
			if (++m->k == m->dlen) {
				m->k = 0;
				m->state = LINE;
				m->n_line = 0;
			}
		} else {
			run = p++; /* a body byte */
		}
	}
	if (m->state == BROKEN)
		return -1;
	/* the rest is handed on, but for a partial match, whose bytes are the delimiter's */
	if (!m->k && emit(m, run, (size_t)(end - run)) < 0)
		goto broken;
	return 0;
broken:
	m->state = BROKEN;
	return -1;
}
