/*
 * outlook.c - an Outlook message saved as .msg: a compound file (read with
 * libgsf) holding the message's MAPI properties as streams
 * (__substg1.0_TTTTPPPP: property TTTT of type PPPP) and one storage per
 * attachment (__attach_version1.0_#N).  What is read: the subject
 * (0037), the sender's name (0C1A) and address (0C1F, 5D01), the time it
 * was sent (0039, in __properties_version1.0), and each attachment's
 * long or short file name (3707, 3704, 3001) and bytes (3701).  Strings
 * are UTF-16LE (type 001F), or 8-bit (001E), then tried as UTF-8, then
 * GB18030 (what Chinese Outlook writes).
 */
#include <errno.h>
#include <gsf/gsf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intake/intake.h"

static void init(void)
{
	gsf_init();
}

/* A stream's bytes (malloc'd, NUL-terminated twice), or NULL when absent. */
static char *stream(GsfInfile *dir, const char *name, size_t max, size_t *len)
{
	GsfInput *in = gsf_infile_child_by_name(dir, name);
	if (!in)
		return NULL;
	gsf_off_t size = gsf_input_size(in);
	char *out = NULL;
	if (size >= 0 && (uint64_t)size <= max && !(out = malloc((size_t)size + 2)))
		ds__error_set(DS_ENOMEM, "%s", _("out of memory")); /* (the walk ends in DS_ENOMEM) */
	if (out) {
		if (size && !gsf_input_read(in, (size_t)size, (guint8 *)out)) {
			free(out);
			out = NULL;
		} else {
			out[size] = out[size + 1] = '\0';
			*len = (size_t)size;
		}
	}
	g_object_unref(in);
	return out;
}

/* bytes in charset `from` as UTF-8 (malloc'd), or NULL (out of memory: set,
 * and the walk ends in DS_ENOMEM) */
static char *to_utf8(const char *from, const char *s, size_t len)
{
	char *out = ds__to_utf8(from, s, len);
	if (!out && errno == ENOMEM)
		ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	return out;
}

/* The message's code page (PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID) for
 * its 8-bit strings: 936 GBK, 950 Big5, ...; 0 when it says none. */
static _Thread_local unsigned codepage;

/* Property id (4 hex digits) as a string: Unicode, else 8-bit (in the
 * message's code page, else UTF-8, else GB18030); malloc'd or NULL. */
static char *property(GsfInfile *dir, const char *id)
{
	char name[32];
	size_t len = 0;
	snprintf(name, sizeof name, "__substg1.0_%s001F", id);
	char *raw = stream(dir, name, 1u << 20, &len);
	if (raw) {
		char *s = to_utf8("UTF-16LE", raw, len & ~(size_t)1);
		free(raw);
		return s;
	}
	snprintf(name, sizeof name, "__substg1.0_%s001E", id);
	if (!(raw = stream(dir, name, 1u << 20, &len)))
		return NULL;
	len = strnlen(raw, len);
	char cp[16];
	snprintf(cp, sizeof cp, "CP%u", codepage);
	char *s = codepage && codepage != 65001 ? to_utf8(cp, raw, len) : NULL;
	if (!s)
		s = to_utf8("UTF-8", raw, len);
	if (!s)
		s = to_utf8("GB18030", raw, len);
	free(raw);
	return s;
}

/* From the fixed-size property entries of the top-level
 * __properties_version1.0 (32 bytes of header, then 16 per property: tag,
 * flags, value): the time the message was sent, ISO 8601 in UTC, or "";
 * and its code page. */
static void sent(GsfInfile *msg, char *out, size_t size)
{
	size_t len = 0;
	char *p = stream(msg, "__properties_version1.0", 1u << 20, &len);
	out[0] = '\0';
	codepage = 0;
	bool submitted = false;
	for (size_t at = 32; p && at + 16 <= len; at += 16) {
		const unsigned char *e = (const unsigned char *)p + at;
		uint32_t tag = (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
		uint32_t low = (uint32_t)e[8] | (uint32_t)e[9] << 8 | (uint32_t)e[10] << 16 | (uint32_t)e[11] << 24;
		if (tag == 0x3FFD0003 || (tag == 0x3FDE0003 && !codepage))
			codepage = low;
		/* the client's submit time, else the delivery time */
		if (tag != 0x00390040 && (tag != 0x0E060040 || submitted))
			continue;
		submitted = tag == 0x00390040;
		uint64_t ft = 0;
		for (int i = 7; i >= 0; i--)
			ft = ft << 8 | e[8 + i];
		time_t t = (time_t)(ft / 10000000u) - (time_t)11644473600LL;
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	free(p);
}

static void attachments(GsfInfile *msg, const ds_limits *lim, ds__member **v, size_t *n, int *error)
{
	size_t cap = 0;
	unsigned unnamed = 0;
	for (int i = 0, count = gsf_infile_num_children(msg); i < count && !*error; i++) {
		const char *child = gsf_infile_name_by_index(msg, i);
		if (!child || strncmp(child, "__attach_version1.0_#", 21))
			continue;
		GsfInput *in = gsf_infile_child_by_index(msg, i);
		if (!in || !GSF_IS_INFILE(in)) {
			if (in)
				g_object_unref(in);
			continue;
		}
		GsfInfile *att = GSF_INFILE(in);
		if (*n >= lim->max_members) {
			*error = ds__error_set_at(DS_ELIMIT, "max-members", NULL,
						  _("the message has more than %llu attachments (limit max-members)"),
						  (unsigned long long)lim->max_members);
		} else if (ds__grow((void **)v, &cap, *n, sizeof **v) < 0) {
			*error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		} else {
			ds__member *m = &(*v)[*n];
			memset(m, 0, sizeof *m);
			char *name = property(att, "3707");
			if (!name || !*name) {
				free(name);
				name = property(att, "3704");
			}
			if (!name || !*name) {
				free(name);
				name = property(att, "3001");
			}
			char unnamed_name[32];
			snprintf(unnamed_name, sizeof unnamed_name, "attachment-%u", ++unnamed);
			m->name = name && *name ? name : strdup(unnamed_name);
			if (name && !*name)
				free(name);
			size_t len = 0;
			GsfInput *data = gsf_infile_child_by_name(att, "__substg1.0_37010102");
			gsf_off_t size = data ? gsf_input_size(data) : 0;
			if (data)
				g_object_unref(data);
			if (!m->name) {
				*error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			} else if ((uint64_t)size > lim->max_part_bytes) {
				ds__error_set_at(DS_ELIMIT, "max-part-bytes", m->name,
						 _("%s is larger than %llu bytes (limit max-part-bytes)"), m->name,
						 (unsigned long long)lim->max_part_bytes);
				m->error = DS_ELIMIT;
				m->limit = "max-part-bytes";
				m->why = strdup(ds_error_last());
			} else {
				/* no bytes: an embedded message or a link, listed by its name */
				m->data = stream(att, "__substg1.0_37010102", lim->max_part_bytes, &len);
				m->len = len;
				if (!m->data)
					m->data = strdup("");
			}
			if (m->name)
				++*n;
		}
		g_object_unref(in);
	}
}

int ds__msg_each(const void *data, size_t len, const ds_limits *limits, ds__message_fn fn, void *ud)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init);
	ds_limits lim;
	ds__limits_copy(&lim, limits);
	GsfInput *in = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
	GError *err = NULL;
	errno = 0;
	GsfInfile *msg = in ? gsf_infile_msole_new(in, &err) : NULL;
	if (msg && errno == ENOMEM) { /* libgsf leaves out an entry whose name it could not convert */
		g_object_unref(msg);
		msg = NULL;
		in = (g_object_unref(in), NULL);
	}
	if (!msg) {
		int error = in ? ds__error_set(DS_ECORRUPT, _("the Outlook message cannot be read: %s"),
					       err ? err->message : "?")
			       : ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		g_clear_error(&err);
		if (in)
			g_object_unref(in);
		return error;
	}
	char date[64];
	sent(msg, date, sizeof date);
	char *name = property(msg, "0C1A"), *address = property(msg, "0C1F"), *subject = property(msg, "0037");
	if (!address || !strchr(address, '@')) { /* an Exchange address: the SMTP one if there */
		free(address);
		address = property(msg, "5D01");
	}
	char from[1024];
	snprintf(from, sizeof from, "%s%s%s%s", name ? name : "",
		 address && *address ? (name && *name ? " <" : "<") : "", address ? address : "",
		 address && *address ? ">" : "");
	ds__member *v = NULL;
	size_t n = 0;
	int limit = 0;
	attachments(msg, &lim, &v, &n, &limit);
	/* memory that ran out while the envelope or a name was read: no guess */
	int error = limit == DS_ENOMEM || ds__oom_take() ? ds__error_set(DS_ENOMEM, "%s", _("out of memory")) : 0;
	if (!error) {
		ds__message m = {.from = from,
				 .subject = subject ? subject : "",
				 .date = date,
				 .attachments = v,
				 .n = n,
				 .error = limit};
		error = fn(ud, &m);
	}
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].name);
		free((void *)v[i].data);
		free((char *)v[i].why);
	}
	free(v);
	free(name);
	free(address);
	free(subject);
	g_object_unref(msg);
	g_object_unref(in);
	return error;
}
