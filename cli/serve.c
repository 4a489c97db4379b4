/*
 * serve.c - `docscreen serve`: the self-check page and a JSON API over HTTP
 * (libmicrohttpd).
 *
 * One thread runs the HTTP daemon and the worker pool in one poll loop.  An
 * upload is gathered in memory; its files are checked by the same isolated
 * worker processes as batch checks (ds_pool, core/batch.c), and answered with
 * the JSON report `docscreen check --format json` gives.  Nothing is written
 * to disk and nothing is kept once the answer is sent.
 *
 *   GET  /                 the page (web/serve.html, web/serve.js, web/report.*)
 *   POST /api/check        multipart: files, "profile", "lang" -> the JSON report
 *   GET  /api/profiles     the profiles offered, the limits
 *   GET  /healthz          liveness and load
 *
 * The body is read as it arrives by multipart.c (libmicrohttpd's post
 * processor refuses one-character boundaries).
 *
 * Limits: bytes per request (413); requests admitted at once and bytes
 * reserved for them, the announced length or, for a chunked upload, the
 * most one may send (503 with Retry-After); an upload's rate (one that falls
 * behind MIN_RATE after GRACE seconds is dropped, and one behind it makes
 * room for a new one when the server is full); connections and idle time
 * (libmicrohttpd).  The files of different requests take turns for the
 * workers (ds_pool_add_owned), and what one answer may hold is bounded
 * (the report's own bounds, then MAX_ANSWER).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libintl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "docscreen/docscreen.h"
#include "json.h"
#include "multipart.h"
#include "serve.h"

/* web/, built in (cmake/embed.cmake) */
extern const char ds_web_report_css[], ds_web_report_js[], ds_web_serve_html[], ds_web_serve_js[];

#define _(s) gettext(s)
#define MAX_FILES 100
#define MAX_FIELD 64
/* an upload may take GRACE seconds to get going, then must average MIN_RATE */
#define GRACE 10.0
#define MIN_RATE (8.0 * 1024)
/* the most an answer may hold (the per-file bounds keep real ones far below) */
#define MAX_ANSWER (32u << 20)

/* What a request can be answered instead of its report. */
typedef struct problem {
	unsigned status;
	const char *code; /* stable id */
	const char *en, *zh;
} problem;

static const problem
	NOT_FOUND = {MHD_HTTP_NOT_FOUND, "not-found", "There is no such page.", "没有这个页面。"},
	GET_ONLY = {MHD_HTTP_METHOD_NOT_ALLOWED, "method", "This address only answers GET.", "该地址只接受 GET 请求。"},
	POST_ONLY = {MHD_HTTP_METHOD_NOT_ALLOWED, "method", "Send the files with POST.", "请用 POST 方式上传文件。"},
	NOT_MULTIPART = {MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "not-multipart", "Send the files as multipart/form-data.",
			 "请以 multipart/form-data 方式上传文件。"},
	BAD_MULTIPART = {MHD_HTTP_BAD_REQUEST, "bad-multipart",
			 "The upload is not a well-formed multipart/form-data body.",
			 "上传的数据格式不正确（multipart/form-data）。"},
	BAD_FIELD = {MHD_HTTP_BAD_REQUEST, "bad-field", "A form field is too long.", "表单字段过长。"},
	NO_FILE = {MHD_HTTP_BAD_REQUEST, "no-file", "No file was sent: choose one or more files.",
		   "没有收到文件，请选择一个或多个文件。"},
	BAD_PROFILE = {MHD_HTTP_BAD_REQUEST, "bad-profile", "There is no such profile here.", "没有这个规则集。"},
	TOO_LARGE = {MHD_HTTP_CONTENT_TOO_LARGE, "too-large", "The upload is larger than the limit for one check.",
		     "上传的文件总大小超过了单次检查的上限。"},
	TOO_MANY_FILES = {MHD_HTTP_CONTENT_TOO_LARGE, "too-many-files", "Too many files in one request: at most 100.",
			  "一次最多检查 100 个文件。"},
	BUSY = {MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
		"The server is busy checking other files; try again in a few seconds.",
		"服务器正忙于检查其他文件，请几秒钟后重试。"},
	STOPPING = {MHD_HTTP_SERVICE_UNAVAILABLE, "stopping", "The server is stopping.", "服务器正在停止。"},
	ANSWER_TOO_LARGE = {MHD_HTTP_CONTENT_TOO_LARGE, "answer-too-large",
			    "The report on these files is too large for one answer: send fewer files at a time.",
			    "这些文件的检查结果过多，无法一次返回，请分批上传。"},
	NO_MEMORY = {MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", "The check ran out of memory.", "检查时内存不足。"};

typedef struct upload {
	char *name;
	char *data;
	size_t len, cap;
	ds_report *result;
	struct request *q;
} upload;

enum state { READING, CHECKING, ANSWER };

typedef struct request {
	struct server *s;
	struct MHD_Connection *c;
	multipart *mp;
	enum state state;
	bool zh;
	const problem *problem; /* to answer with instead of the report, or NULL */
	size_t received, held;  /* bytes received; bytes reserved for it */
	size_t buffered;        /* bytes its buffers take */
	double started;
	bool dropped; /* too slow: its slot and bytes are given back */
	upload *files;
	size_t n_files, done;
	size_t part; /* the multipart part the last file came from, plus one */
	char profile[MAX_FIELD], lang[8];
	size_t engine;
	char *body; /* the answer */
	size_t body_len;
	struct request *next; /* requests being checked (suspended) */
	struct request *next_admitted;
} request;

typedef struct server {
	struct MHD_Daemon *d;
	ds_pool *pool;
	ds_engine **engines;
	char **ids;
	size_t n_engines, default_engine;
	size_t max_upload, max_requests, max_held;
	size_t active, held; /* requests admitted and not answered; bytes they hold */
	request *checking;
	request *admitted; /* every request counted in active */
	unsigned long long served, rejected, dropped;
	const char *version;
} server;

static volatile sig_atomic_t stopping;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* ------------------------------------------------------------ answers */

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
			  "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type, const char *body, size_t len,
			      bool owned, bool cache)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, (void *)body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		if (owned)
			free((void *)body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", cache ? "no-cache" : "no-store");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(r, "Retry-After", "5");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD, POST");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static bool wants_zh(struct MHD_Connection *c)
{
	const char *l = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	return !l || strcmp(l, "en");
}

/* {"error":{"status":413,"code":"too-large","message":"..."}} */
static enum MHD_Result fail(struct MHD_Connection *c, bool zh, const problem *e)
{
	char *body = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&body, &len);
	if (!o)
		return MHD_NO;
	fprintf(o, "{\"error\":{\"status\":%u,", e->status);
	json_key_str(o, "code", e->code, 0);
	json_key_str(o, "message", zh ? e->zh : e->en, 1);
	fputs("}}\n", o);
	fclose(o);
	return answer(c, e->status, "application/json; charset=utf-8", body, len, true, false);
}

static enum MHD_Result page(struct MHD_Connection *c, const char *url)
{
	static const struct {
		const char *url, *type, *body;
	} assets[] = {
		{"/", "text/html; charset=utf-8", ds_web_serve_html},
		{"/index.html", "text/html; charset=utf-8", ds_web_serve_html},
		{"/serve.js", "text/javascript; charset=utf-8", ds_web_serve_js},
		{"/report.js", "text/javascript; charset=utf-8", ds_web_report_js},
		{"/report.css", "text/css; charset=utf-8", ds_web_report_css},
		{"/favicon.svg", "image/svg+xml",
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" "
		 "rx=\"3\" fill=\"#1f3a5f\"/><path d=\"M4 8l3 3 5-6\" stroke=\"#fff\" stroke-width=\"2\" "
		 "fill=\"none\"/></svg>"},
	};
	for (size_t i = 0; i < sizeof assets / sizeof *assets; i++)
		if (!strcmp(url, assets[i].url))
			return answer(c, MHD_HTTP_OK, assets[i].type, assets[i].body, strlen(assets[i].body), false,
				      true);
	return fail(c, wants_zh(c), &NOT_FOUND);
}

static enum MHD_Result profiles(server *s, struct MHD_Connection *c)
{
	char *body = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&body, &len);
	if (!o)
		return MHD_NO;
	fputs("{", o);
	json_key_str(o, "default", s->ids[s->default_engine], 0);
	fprintf(o, ",\"max_upload\":%zu,\"max_files\":%d,\"profiles\":[", s->max_upload, MAX_FILES);
	for (size_t i = 0; i < s->n_engines; i++) {
		fputs(i ? ",{" : "{", o);
		json_key_str(o, "id", s->ids[i], 0);
		fputs(",\"title\":{", o);
		/* the titles of the profile in use (a file given by path has no entry on the search path) */
		const ds_engine *e = s->engines[i];
		size_t k = 0;
		while (k < ds_engine_profile_count(e) &&
		       strcmp(ds_engine_profile_id(e, k), ds_engine_active_profile(e)))
			k++;
		const char *zh = ds_engine_profile_title(e, k, "zh"), *en = ds_engine_profile_title(e, k, "en");
		json_key_str(o, "zh", zh ? zh : s->ids[i], 0);
		json_key_str(o, "en", en ? en : s->ids[i], 1);
		/* who it is for, in words; where a file that passes goes, by when */
		fputs("},\"description\":{", o);
		zh = ds_engine_profile_description(e, k, "zh");
		en = ds_engine_profile_description(e, k, "en");
		json_key_str(o, "zh", zh ? zh : "", 0);
		json_key_str(o, "en", en ? en : "", 1);
		fputs("},\"submit\":{", o);
		const char *to = ds_engine_profile_submit(e, k, "to"), *by = ds_engine_profile_submit(e, k, "by");
		json_key_str(o, "to", to ? to : "", 0);
		json_key_str(o, "by", by ? by : "", 1);
		fputs("}}", o);
	}
	fputs("]}\n", o);
	fclose(o);
	return answer(c, MHD_HTTP_OK, "application/json; charset=utf-8", body, len, true, false);
}

static enum MHD_Result health(server *s, struct MHD_Connection *c)
{
	char body[256];
	int n = snprintf(body, sizeof body,
			 "{\"status\":\"ok\",\"version\":\"%s\",\"requests\":%zu,\"files_queued\":%zu,"
			 "\"bytes_reserved\":%zu,\"served\":%llu,\"rejected\":%llu,\"dropped\":%llu}\n",
			 s->version, s->active, ds_pool_pending(s->pool), s->held, s->served, s->rejected, s->dropped);
	char *copy = strdup(body);
	return copy ? answer(c, MHD_HTTP_OK, "application/json; charset=utf-8", copy, (size_t)n, true, false) : MHD_NO;
}

/* ------------------------------------------------------------ uploads */

/* The request stops counting against the server's bounds. */
static void release(request *q)
{
	server *s = q->s;
	if (q->dropped)
		return;
	for (request **k = &s->admitted; *k; k = &(*k)->next_admitted)
		if (*k == q) {
			*k = q->next_admitted;
			break;
		}
	s->held -= q->held;
	q->held = 0;
	s->active--;
}

/* Too slow an upload: give its slot back now, and close its connection
 * (at its next bytes, or within a second by libmicrohttpd's timeout). */
static void drop(request *q)
{
	release(q);
	q->dropped = true;
	q->s->dropped++;
	MHD_set_connection_option(q->c, MHD_CONNECTION_OPTION_TIMEOUT, 1u);
}

/* Bytes an upload is behind MIN_RATE, counting from its start. */
static double behind(const request *q, double t)
{
	return (t - q->started) * MIN_RATE - (double)q->received;
}

static bool too_slow(const request *q, double t)
{
	return q->state == READING && t - q->started > GRACE && behind(q, t) > GRACE * MIN_RATE;
}

/* Room for one more request holding need bytes, made if needed by dropping
 * the uploads furthest behind MIN_RATE (by more than a second's worth):
 * a request that trickles cannot keep out one that sends. */
static bool make_room(server *s, size_t need)
{
	double t = now();
	while (s->active >= s->max_requests || s->held + need > s->max_held) {
		request *worst = NULL;
		for (request *q = s->admitted; q; q = q->next_admitted)
			if (q->state == READING && behind(q, t) > MIN_RATE &&
			    (!worst || behind(q, t) > behind(worst, t)))
				worst = q;
		if (!worst)
			return false;
		drop(worst);
	}
	return true;
}

static void request_free(request *q)
{
	if (!q)
		return;
	multipart_free(q->mp);
	for (size_t i = 0; i < q->n_files; i++) {
		free(q->files[i].name);
		free(q->files[i].data);
		ds_report_free(q->files[i].result);
	}
	release(q);
	free(q->files);
	free(q->body);
	free(q);
}

static void set_error(request *q, const problem *e)
{
	if (!q->problem)
		q->problem = e; /* the first problem is the one to tell */
}

/* The name a file is reported under: the last part of what the browser
 * sent, without control characters, at most 200 bytes of whole UTF-8. */
static char *clean_name(const char *sent)
{
	const char *base = sent;
	for (const char *p = sent; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = 0;
	char *out = malloc(strlen(base) + 8);
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)base; *p && n < 200; p++)
		if (*p >= 0x20 && *p != 0x7f)
			out[n++] = (char)*p;
	while (n && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
		n--; /* a cut character: drop its continuation bytes and its lead */
	if (n && ((unsigned char)out[n - 1] & 0xc0) == 0xc0 && strlen(base) > 200)
		n--;
	if (!n)
		memcpy(out, "upload", n = 6);
	out[n] = '\0';
	return out;
}

static int on_part(void *cls, size_t part, const char *key, const char *filename, const char *data, uint64_t off,
		   size_t size)
{
	request *q = cls;
	if (!filename) {
		char *dst = !strcmp(key, "profile") ? q->profile : !strcmp(key, "lang") ? q->lang : NULL;
		size_t cap = !strcmp(key, "profile") ? sizeof q->profile : sizeof q->lang;
		if (dst && off + size < cap) {
			memcpy(dst + off, data, size);
			dst[off + size] = '\0';
		} else if (dst) {
			set_error(q, &BAD_FIELD);
		}
		return 0;
	}
	if (!*filename)
		return 0;          /* a file input left empty in a plain HTML form */
	if (q->part != part + 1) { /* a new file */
		q->part = part + 1;
		if (q->n_files == MAX_FILES) {
			set_error(q, &TOO_MANY_FILES);
			return 0;
		}
		upload *f = realloc(q->files, (q->n_files + 1) * sizeof *f);
		if (!f)
			return -1;
		q->files = f;
		f[q->n_files] = (upload){clean_name(filename), NULL, 0, 0, NULL, q};
		if (!f[q->n_files].name)
			return -1;
		q->n_files++;
	}
	upload *f = &q->files[q->n_files - 1];
	if (q->problem || !size)
		return 0;
	if (f->len + size > f->cap) {
		size_t cap = f->cap ? f->cap : 65536;
		while (cap < f->len + size)
			cap *= 2;
		if (cap > q->s->max_upload)
			cap = q->s->max_upload;
		if (cap < f->len + size) {
			set_error(q, &TOO_LARGE);
			return 0;
		}
		char *p = realloc(f->data, cap);
		if (!p)
			return -1;
		q->buffered += cap - f->cap;
		if (q->buffered > q->held && !q->dropped) { /* more than reserved (buffers round up) */
			q->s->held += q->buffered - q->held;
			q->held = q->buffered;
		}
		f->data = p;
		f->cap = cap;
	}
	memcpy(f->data + f->len, data, size);
	f->len += size;
	return 0;
}

/* Write the request's report (files in the order sent) and resume it. */
static void finish(request *q)
{
	server *s = q->s;
	ds_report *all = NULL;
	FILE *o = NULL;
	if (ds_report_new(&all, s->engines[q->engine]) == 0 && (o = open_memstream(&q->body, &q->body_len))) {
		int error = 0;
		for (size_t i = 0; i < q->n_files && !error; i++)
			error = q->files[i].result ? ds_report_merge(all, q->files[i].result) : -1;
		/* several files sent together are one unit's submission; one
		 * archive or e-mail is one too */
		const char *one = q->n_files == 1 ? q->files[0].name : NULL;
		if (!error && ds_report_collect(all, s->engines[q->engine], one ? &one : NULL, one ? 1 : 0) < 0)
			error = -1;
		if (!error) {
			ds_report_drop_info(all); /* (the case objects hold the facts) */
			ds_report_for_submitters(all);
		}
		if (error || ds_report_write(all, o, "json", q->zh ? "zh" : "en", false) < 0)
			set_error(q, &NO_MEMORY);
		fclose(o);
	} else {
		set_error(q, &NO_MEMORY);
	}
	ds_report_free(all);
	if (!q->problem && q->body_len > MAX_ANSWER)
		set_error(q, &ANSWER_TOO_LARGE);
	/* the documents are not needed any more */
	for (size_t i = 0; i < q->n_files; i++) {
		free(q->files[i].data);
		q->files[i].data = NULL;
		ds_report_free(q->files[i].result);
		q->files[i].result = NULL;
	}
	if (!q->dropped) {
		s->held -= q->held;
		q->held = 0;
	}
	for (request **k = &s->checking; *k; k = &(*k)->next)
		if (*k == q) {
			*k = q->next;
			break;
		}
	q->state = ANSWER;
	MHD_resume_connection(q->c);
}

static void on_checked(void *ud, ds_report *r)
{
	upload *f = ud;
	request *q = f->q;
	f->result = r;
	free(f->data); /* the worker has its copy */
	f->data = NULL;
	if (++q->done == q->n_files)
		finish(q);
}

/* The upload is complete: hand its files to the workers. */
static enum MHD_Result start_check(server *s, request *q)
{
	struct MHD_Connection *c = q->c;
	if (multipart_end(q->mp) < 0)
		set_error(q, &BAD_MULTIPART);
	q->zh = strcmp(q->lang[0] ? q->lang : (wants_zh(c) ? "zh" : "en"), "en") != 0;
	if (!q->problem && !q->n_files)
		set_error(q, &NO_FILE);
	q->engine = s->default_engine;
	if (!q->problem && q->profile[0]) {
		size_t k = 0;
		while (k < s->n_engines && strcmp(s->ids[k], q->profile))
			k++;
		if (k == s->n_engines)
			set_error(q, &BAD_PROFILE);
		q->engine = k;
	}
	if (q->problem)
		return fail(c, q->zh, q->problem);
	for (size_t i = 0; i < q->n_files; i++) {
		upload *f = &q->files[i];
		f->q = q;
		if (ds_pool_add_owned(s->pool, q, q->engine, q->zh ? "zh" : "en", f->name, f->data, f->len, on_checked,
				      f) < 0)
			return fail(c, q->zh, &NO_MEMORY);
	}
	q->state = CHECKING;
	q->next = s->checking;
	s->checking = q;
	MHD_suspend_connection(c);
	return MHD_YES;
}

/* The first call of a POST /api/check: admit it, or say why not. */
static enum MHD_Result admit(server *s, struct MHD_Connection *c, void **ctx)
{
	bool zh = wants_zh(c);
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!type || strncasecmp(type, "multipart/form-data", 19))
		return fail(c, zh, &NOT_MULTIPART);
	unsigned long long announced = length ? strtoull(length, NULL, 10) : 0;
	if (announced > s->max_upload) {
		s->rejected++;
		return fail(c, zh, &TOO_LARGE);
	}
	request *q = calloc(1, sizeof *q);
	if (!q)
		return MHD_NO;
	if (!(q->mp = multipart_new(type, on_part, q))) {
		free(q);
		return fail(c, zh, &BAD_MULTIPART); /* no boundary, or not a valid one (or out of memory) */
	}
	/* what it may hold: what it announces, or (chunked) the most one may send */
	size_t need = length ? (size_t)announced : s->max_upload;
	if (!make_room(s, need)) {
		multipart_free(q->mp);
		free(q);
		s->rejected++;
		return fail(c, zh, &BUSY);
	}
	q->s = s;
	q->c = c;
	q->started = now();
	s->active++;
	s->held += need;
	q->held = need;
	q->next_admitted = s->admitted;
	s->admitted = q;
	*ctx = q;
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *data, size_t *size, void **ctx)
{
	(void)version;
	server *s = cls;
	request *q = *ctx;
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	if (strcmp(url, "/api/check")) {
		if (!get)
			return fail(c, wants_zh(c), &GET_ONLY);
		if (!strcmp(url, "/api/profiles"))
			return profiles(s, c);
		if (!strcmp(url, "/healthz"))
			return health(s, c);
		return page(c, url);
	}
	if (strcmp(method, "POST"))
		return fail(c, wants_zh(c), &POST_ONLY);
	if (!q)
		return admit(s, c, ctx);
	if (q->dropped || too_slow(q, now())) {
		if (!q->dropped)
			drop(q);
		return MHD_NO; /* close it */
	}
	if (q->state == READING && *size) {
		q->received += *size;
		if (q->received > s->max_upload) {
			set_error(q, &TOO_LARGE);
			if (q->received > 2 * s->max_upload + (1u << 20))
				return MHD_NO; /* no more of it: close */
		} else if (!q->problem && multipart_feed(q->mp, data, *size) < 0) {
			set_error(q, &BAD_MULTIPART);
		}
		*size = 0;
		return MHD_YES;
	}
	if (q->state == READING)
		return start_check(s, q);
	if (q->state == ANSWER) {
		s->served++;
		if (q->problem)
			return fail(c, q->zh, q->problem);
		char *body = q->body;
		q->body = NULL;
		return answer(c, MHD_HTTP_OK, "application/json; charset=utf-8", body, q->body_len, true, false);
	}
	return MHD_YES;
}

static void completed(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	request *q = *ctx;
	if (q && q->state != CHECKING) /* a request being checked is suspended: never here */
		request_free(q);
	*ctx = NULL;
}

/* ------------------------------------------------------------ the loop */

/* "127.0.0.1:8080", "[::1]:8080", ":8080" (every interface), "8080". */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	const char *port;
	memset(ss, 0, sizeof *ss);
	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');
		if (!end || end[1] != ':' || (size_t)(end - spec - 1) >= sizeof host)
			return -1;
		snprintf(host, sizeof host, "%.*s", (int)(end - spec - 1), spec + 1);
		port = end + 2;
	} else {
		const char *colon = strrchr(spec, ':');
		if (!colon) {
			snprintf(host, sizeof host, "127.0.0.1");
			port = spec;
		} else {
			if ((size_t)(colon - spec) >= sizeof host)
				return -1;
			snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
			if (!host[0])
				snprintf(host, sizeof host, "0.0.0.0");
			port = colon + 1;
		}
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		return -1;
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)p);
		*len = sizeof *v4;
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)p);
		*len = sizeof *v6;
	} else {
		return -1;
	}
	return 0;
}

int serve_run(const serve_options *o)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(o->listen, &ss, &sslen) < 0) {
		fprintf(stderr,
			_("docscreen serve: --listen takes ADDRESS:PORT (127.0.0.1:8080, [::1]:8080), not '%s'\n"),
			o->listen);
		return 2;
	}
	server s = {.engines = o->engines,
		    .ids = o->ids,
		    .n_engines = o->n_engines,
		    .default_engine = o->default_engine,
		    .max_upload = o->max_upload,
		    .max_requests = o->max_requests,
		    .version = o->version};
	/* bytes held by admitted requests: room for a few full-size ones */
	s.max_held = o->max_upload * 4 > (256u << 20) ? o->max_upload * 4 : (256u << 20);
	/* the workers start before the HTTP side has any thread or socket */
	if (ds_pool_new(&s.pool, s.engines, s.n_engines, &o->batch) < 0) {
		fprintf(stderr, "docscreen serve: %s\n", ds_error_last());
		return 2;
	}
	unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s.d = MHD_start_daemon(flags, 0, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			       MHD_OPTION_CONNECTION_LIMIT, (unsigned)(o->max_requests * 4 + 64),
			       MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(o->max_requests * 2 + 16),
			       MHD_OPTION_CONNECTION_TIMEOUT, 20u, MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
			       MHD_OPTION_END);
	if (!s.d) {
		fprintf(stderr, _("docscreen serve: cannot listen on %s: %s\n"), o->listen, strerror(errno));
		ds_pool_free(s.pool);
		return 2;
	}
	const union MHD_DaemonInfo *port = MHD_get_daemon_info(s.d, MHD_DAEMON_INFO_BIND_PORT);
	const union MHD_DaemonInfo *epfd = MHD_get_daemon_info(s.d, MHD_DAEMON_INFO_EPOLL_FD);
	char host[INET6_ADDRSTRLEN] = "";
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	printf(ss.ss_family == AF_INET6 ? "docscreen serve: http://[%s]:%u/\n" : "docscreen serve: http://%s:%u/\n",
	       host, port ? port->port : 0);
	fflush(stdout);

	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int status = 0;
	double drain_until = 0;
	for (;;) {
		if (stopping && !drain_until) {
			/* stop taking connections; answer what was admitted (30 s at most) */
			MHD_socket ls = MHD_quiesce_daemon(s.d);
			if (ls != MHD_INVALID_SOCKET)
				close(ls);
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			drain_until = (double)ts.tv_sec + 30;
		}
		if (drain_until) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			if (!s.active || (double)ts.tv_sec > drain_until)
				break;
		}
		struct pollfd fds[1 + 256];
		int wfds[256];
		size_t n = ds_pool_fds(s.pool, wfds, 256);
		fds[0] = (struct pollfd){epfd ? epfd->epoll_fd : -1, POLLIN, 0};
		for (size_t k = 0; k < n; k++)
			fds[1 + k] = (struct pollfd){wfds[k], POLLIN, 0};
		MHD_UNSIGNED_LONG_LONG to = 100;
		int ms = MHD_get_timeout(s.d, &to) == MHD_YES && to < 100 ? (int)to : 100;
		if (poll(fds, 1 + n, ms) < 0 && errno != EINTR) {
			perror("docscreen serve: poll");
			status = 1;
			break;
		}
		if (ds_pool_run(s.pool, 0) < 0)
			fprintf(stderr, "docscreen serve: %s\n", ds_error_last());
		double t = now();
		for (request *q = s.admitted, *next; q; q = next) {
			next = q->next_admitted;
			if (too_slow(q, t))
				drop(q);
		}
		MHD_run(s.d);
	}
	/* what could not be finished is answered 503, then everything stops */
	ds_pool_free(s.pool);
	while (s.checking) {
		request *q = s.checking;
		s.checking = q->next;
		set_error(q, &STOPPING);
		q->state = ANSWER;
		MHD_resume_connection(q->c);
	}
	MHD_run(s.d);
	MHD_stop_daemon(s.d);
	return status;
}
