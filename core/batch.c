/*
 * batch.c - checking files in worker processes that may die.
 *
 * A pool forks worker processes (the engines, plugins and profiles are
 * loaded before, so workers share them copy-on-write).  It hands out one job
 * at a time over a pipe -- a file name to read, or the bytes themselves --
 * and reads the file's serialized results back.  A worker that dies
 * (crash), runs past the time limit or grows past the memory limit
 * (resident set, polled from /proc) is killed and replaced; its file gets an
 * internal.* finding.  ds_engine_check_batch() runs a pool until its files
 * are done and merges the results in the order of the paths given, so the
 * report does not depend on scheduling; docscreen serve keeps one running.
 *
 * A worker opening a container (an archive, an e-mail) sends each document
 * in it home as it finds it, and the pool hands those to all workers like
 * files of their own; their results go back where the container's result
 * left a place for each.  An archive of a thousand cases is checked as fast
 * as a folder of them.
 */
#define _GNU_SOURCE /* close_range */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* A worker is replaced after this many files, so that whatever its heap
 * kept from them does not pile up in a long-running server. */
#define RECYCLE_AFTER 256
/* ... or as soon as it holds more than this between files (a leak, or a
 * heap that kept what one big file made it grow): the next file, maybe
 * another user's, starts in a fresh one. */
#define RECYCLE_RSS (256ull << 20)
#define MAX_NAME 4096

/* GNU gettext's catalog generation; bumped when LANGUAGE changes */
extern int _nl_msg_cat_cntr;

typedef void (*blob_cb)(ds_pool *p, void *ud, char *blob, size_t len);

/* What a worker sends: {FRAME_MEMBER, name length, data length} and the
 * name of a document found in a container, then, if the pool answers one
 * byte 1 (it has room for them), the bytes: 0, the worker checks it itself;
 * in the end {FRAME_RESULT, length} and the serialized result (length 0:
 * the check itself failed, out of memory), where a line "D" stands for each
 * document sent. */
enum { FRAME_RESULT, FRAME_MEMBER };

typedef struct job {
	size_t engine;
	int lang; /* 0 as the process has it, 1 English, 2 Chinese */
	const char *name;
	const void *data; /* NULL: the worker reads the file called name */
	size_t len;
	blob_cb cb; /* gets the serialized result (owned), or NULL: out of memory */
	ds_pool_done done;
	void *ud;
	const void *owner; /* jobs of different owners take turns */
	uint64_t turn;
} job;

typedef struct worker {
	pid_t pid;
	int to, from; /* pipes: jobs out, results in */
	bool busy;
	job job;
	double started;
	uint64_t rss;  /* resident bytes when last looked at */
	uint64_t base; /* resident when it began: the parent's pages it shares */
	unsigned served;
} worker;

/* A container's documents, checked by any worker: the container's own
 * result waits for theirs. */
typedef struct part {
	struct group *g;
	char *name, *data;
	size_t len;
	char *blob; /* its result */
	size_t blen;
} part;

typedef struct group {
	struct group *next; /* the pool's groups */
	job job;            /* the container's: who gets the whole result */
	char *blob;         /* the container's own result, once in */
	size_t len;
	bool done;
	part **parts;
	size_t n, cap, pending;
} group;

struct ds_pool {
	ds_engine **engines;
	size_t n_engines;
	worker *ws;
	size_t n_ws;
	double timeout;
	uint64_t max_memory;
	job *queue; /* jobs[head..head+len) wait for a worker */
	size_t head, len, cap;
	uint64_t turn; /* the turn of the job started last */
	bool mixed;    /* jobs of more than one owner have waited since the queue was last empty */
	size_t failing;
	struct pollfd *pfd;
	group *groups;
	uint64_t held; /* bytes of their documents waiting */
	void (*old_pipe)(int);
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n)
{
	char *c = p;
	while (n) {
		ssize_t k = read(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A worker's documents sent home from the containers of one file. */
typedef struct sent {
	int in, out;
	size_t *at; /* each one's place: the number of entries before it */
	size_t n, cap;
} sent;

static int send_home(void *ud, const ds_report *r, const char *path, const void *data, size_t len)
{
	sent *s = ud;
	size_t nlen = strlen(path);
	if (nlen > MAX_NAME)
		return 1; /* (checked here, under its whole name) */
	if (ds__grow((void **)&s->at, &s->cap, s->n, sizeof *s->at) < 0)
		return DS_ENOMEM;
	uint64_t h[3] = {FRAME_MEMBER, nlen, len};
	unsigned char room;
	if (write_all(s->out, h, sizeof h) < 0 || write_all(s->out, path, nlen) < 0 || read_all(s->in, &room, 1) < 0 ||
	    (room && write_all(s->out, data, len) < 0))
		_exit(1);
	if (!room)
		return 1;
	s->at[s->n++] = ds_report_file_count(r);
	return 0;
}

/* The worker: check what it is sent until its pipe closes.  A job is
 * {engine, language, name length, data length or UINT64_MAX for "read the
 * file"}, the name, the data; the answer is frames (see FRAME_RESULT). */
static void worker_main(ds_pool *p, int in, int out)
{
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none); /* a crash must not leave a document on disk */
#if !defined(__SANITIZE_ADDRESS__)
	/* a backstop for the parent's resident-set watch: address space */
	rlim_t as = (rlim_t)(p->max_memory * 2 + (512u << 20));
	struct rlimit rl = {as, as};
	setrlimit(RLIMIT_AS, &rl);
#endif
	/* keep freed memory for the next file instead of handing it back and
	 * faulting it in again (the worker is replaced now and then anyway) */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	uint64_t h[4];
	sent home = {.in = in, .out = out};
	ds__convert_keep_warm(true);
	while (read_all(in, h, sizeof h) == 0) {
		if (h[0] >= p->n_engines || h[2] > MAX_NAME)
			_exit(2);
		if (h[1] && setenv("LANGUAGE", h[1] == 2 ? "zh_CN" : "en", 1) == 0)
			++_nl_msg_cat_cntr; /* gettext: drop what it cached for the last one */
		char *name = malloc(h[2] + 1);
		char *data = NULL;
		bool path = h[3] == UINT64_MAX;
		if (!name || read_all(in, name, h[2]) < 0)
			_exit(1);
		name[h[2]] = '\0';
		if (!path && (!(data = malloc(h[3] ? h[3] : 1)) || read_all(in, data, h[3]) < 0))
			_exit(1);
		ds_engine *e = p->engines[h[0]];
		ds_report *r = NULL;
		ds__buf b = {0};
		uint64_t len = 0;
		int error = ds_report_new(&r, e);
		home.n = 0;
		if (!error) {
			ds__report_defer(r, send_home, &home);
			error = path ? ds_engine_check_file(e, r, name)
				     : ds_engine_check_memory(e, r, name, data, h[3]);
		}
		/* one entry, or a container's and its members', with a place for
		 * each document sent home */
		for (size_t i = 0, k = 0; !error && i <= ds_report_file_count(r); i++) {
			for (; !error && k < home.n && home.at[k] == i; k++)
				error = ds__buf_add(&b, "D\n", 2);
			if (!error && i < ds_report_file_count(r))
				error = ds__report_serialize(r, i, &b);
		}
		if (!error)
			len = b.len;
		free(data);
		free(name);
		uint64_t result[3] = {FRAME_RESULT, len, 0};
		if (write_all(out, result, sizeof result) < 0 || (len && write_all(out, b.p, b.len) < 0))
			_exit(1);
		ds__buf_free(&b);
		ds_report_free(r);
	}
	ds__convert_keep_warm(false);
	_exit(0);
}

static uint64_t resident(pid_t pid);

static int spawn(ds_pool *p, worker *w)
{
	int a[2], b[2];
	if (pipe(a) < 0)
		return ds__error_set(DS_ERROR, _("cannot start a worker: %s"), strerror(errno));
	if (pipe(b) < 0) {
		close(a[0]);
		close(a[1]);
		return ds__error_set(DS_ERROR, _("cannot start a worker: %s"), strerror(errno));
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(a[0]);
		close(a[1]);
		close(b[0]);
		close(b[1]);
		return ds__error_set(DS_ERROR, _("cannot start a worker: %s"), strerror(errno));
	}
	if (pid == 0) {
		/* keep only its own pipe ends: the other workers' pipes would keep
		 * them from ever seeing the end of their input, and a server's
		 * sockets from ever closing */
		int lo = a[0] < b[1] ? a[0] : b[1], hi = a[0] < b[1] ? b[1] : a[0];
		close_range(3, (unsigned)lo - 1, 0);
		close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
		close_range((unsigned)hi + 1, ~0u, 0);
		signal(SIGPIPE, SIG_DFL);
		worker_main(p, a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	*w = (worker){.pid = pid, .to = a[1], .from = b[0], .base = resident(pid)};
	return 0;
}

static void reap(worker *w, int *status)
{
	close(w->to);
	close(w->from);
	waitpid(w->pid, status, 0);
	ds__convert_leftovers(w->pid); /* a LibreOffice it was waiting for, its folder */
	w->pid = -1;
}

static uint64_t resident(pid_t pid)
{
	char path[64];
	unsigned long long size = 0, rss = 0;
	snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &rss) != 2)
		rss = 0;
	fclose(f);
	return (uint64_t)rss * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* The resident set past which an idle worker is replaced. */
static uint64_t recycle_rss(const ds_pool *p)
{
	return p->max_memory / 4 < RECYCLE_RSS ? p->max_memory / 4 : RECYCLE_RSS;
}

/* The report's "format" of a file whose worker was lost. */
static const char *kind_format(const job *j)
{
	unsigned char head[2048];
	size_t n = 0;
	if (j->data) {
		n = j->len < sizeof head ? j->len : sizeof head;
		memcpy(head, j->data, n);
	} else {
		FILE *f = fopen(j->name, "rb");
		n = f ? fread(head, 1, sizeof head, f) : 0;
		if (f)
			fclose(f);
	}
	switch (ds_kind_detect(head, n)) {
	case DS_KIND_ZIP: {
		const char *dot = strrchr(j->name, '.');
		return dot && !strcasecmp(dot, ".xlsx") ? "xlsx" : "docx";
	}
	case DS_KIND_CFB_DOC: return "doc";
	case DS_KIND_CFB_XLS: return "xls";
	case DS_KIND_CFB_ENCRYPTED: return "encrypted";
	case DS_KIND_PDF: return "pdf";
	case DS_KIND_EMPTY: return "empty";
	default: return "unknown";
	}
}

/* Did a serialized result fail (an entry unread, or an error finding)? */
static bool is_failing(const char *buf, size_t len)
{
	for (const char *p = buf, *end = buf + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if (p[0] == 'F' && nl - p >= 2 && nl[-2] == '1')
			return true; /* "F\tpath\tformat\t1\t": unread */
		if (p[0] == 'X' && p + 2 < nl) {
			const char *t = memchr(p + 2, '\t', (size_t)(nl - p - 2));
			if (t && t + 1 < nl && t[1] == '2')
				return true;
		}
		p = nl + 1;
	}
	return false;
}

/* The result for a file whose worker was lost: an internal.* finding. */
static void lost(ds_pool *p, const job *j, const char *rule, const char *detail_en, const char *detail_zh)
{
	const char *msg[2] = {detail_en, detail_zh};
	const char *hint[2] = {"docscreen could not finish this file; the other files were checked. Report the file to "
			       "whoever runs docscreen, or raise --timeout / --max-memory if it is genuine.",
			       "docscreen 未能检查完该文件，其他文件已正常检查。请把该文件提供给 docscreen 的维护人员；"
			       "如确为正常文件，可适当放宽 --timeout 或 --max-memory。"};
	ds__buf b = {0};
	ds_report *r;
	if (ds_report_new(&r, p->engines[j->engine]) == 0) {
		if (ds__report_internal(r, j->name, kind_format(j), rule, msg, hint) < 0 ||
		    ds__report_serialize(r, 0, &b) < 0) {
			ds__buf_free(&b);
			b.len = 0;
		}
		ds_report_free(r);
	}
	p->failing++;
	j->cb(p, j->ud, b.p, b.len);
}

/* The finding of a worker that grew past the memory limit. */
static const char *over_memory(const ds_pool *p, char *en, char *zh, size_t n)
{
	unsigned long long mib = (unsigned long long)(p->max_memory >> 20);
	snprintf(en, n, "Checking this file needed more memory than the limit (--max-memory %llu MiB).", mib);
	snprintf(zh, n, "检查该文件所需内存超过了上限（--max-memory %llu MiB）。", mib);
	return "internal.memory";
}

/* Why a worker that sent no (or a bad) result was lost. */
static const char *why_lost(const ds_pool *p, const worker *w, int st, bool head, char *en, char *zh, size_t n)
{
	if (head) { /* the worker could not finish: out of memory */
		snprintf(en, n, "%s", "Checking this file ran out of memory.");
		snprintf(zh, n, "%s", "检查该文件时内存不足。");
		return "internal.memory";
	}
	/* it was growing fast and fell over: the address-space backstop (not
	 * set under ASan, whose shadow memory makes every worker look big) */
	bool backstop = true;
#if defined(__SANITIZE_ADDRESS__)
	backstop = false;
#endif
	if (backstop && w->rss > p->max_memory / 2 &&
	    (!WIFSIGNALED(st) || WTERMSIG(st) == SIGABRT || WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGKILL))
		return over_memory(p, en, zh, n);
	if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL) {
		snprintf(en, n, "Checking this file crashed a worker (signal %d, %s).", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
		snprintf(zh, n, "检查该文件时工作进程崩溃（信号 %d，%s）。", WTERMSIG(st), strsignal(WTERMSIG(st)));
		return "internal.crash";
	}
	if (WIFSIGNALED(st)) { /* killed, not by us: the kernel's OOM killer */
		snprintf(en, n, "%s", "A worker checking this file was killed (out of memory?).");
		snprintf(zh, n, "%s", "检查该文件的工作进程被系统终止（内存不足？）。");
		return "internal.memory";
	}
	snprintf(en, n, "Checking this file stopped a worker (exit status %d).", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	snprintf(zh, n, "检查该文件时工作进程意外退出（退出码 %d）。", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return "internal.crash";
}

/* The queued job to start next: the lowest turn, the first queued of
 * equals.  A job's turn is one past its owner's last job's, or the turn
 * being served if its owner has none waiting or running: owners take the
 * workers turn about, and a request of many slow files keeps another
 * request's file waiting for at most one file's time (ds_pool_add_owned). */
static size_t next_job(const ds_pool *p)
{
	size_t best = p->head;
	if (!p->mixed)
		return best; /* one owner: first in, first out */
	for (size_t i = p->head + 1; i < p->head + p->len && p->queue[best].turn > p->turn; i++)
		if (p->queue[i].turn < p->queue[best].turn)
			best = i;
	return best;
}

static uint64_t turn_of(const ds_pool *p, const void *owner)
{
	for (size_t i = p->head + p->len; i-- > p->head;)
		if (p->queue[i].owner == owner)
			return p->queue[i].turn + 1;
	uint64_t t = p->turn;
	for (size_t i = 0; i < p->n_ws; i++)
		if (p->ws[i].pid > 0 && p->ws[i].busy && p->ws[i].job.owner == owner && p->ws[i].job.turn + 1 > t)
			t = p->ws[i].job.turn + 1;
	return t;
}

static void dequeue(ds_pool *p, size_t i)
{
	if (i == p->head) {
		p->head++;
		p->len--;
		return;
	}
	memmove(p->queue + i, p->queue + i + 1, (p->head + p->len - i - 1) * sizeof *p->queue);
	p->len--;
}

/* Hand queued jobs to idle workers, starting workers as needed. */
static int feed(ds_pool *p)
{
	for (size_t i = 0; i < p->n_ws && p->len; i++) {
		worker *w = &p->ws[i];
		if (w->pid > 0 && w->busy)
			continue;
		int error;
		if (w->pid < 0 && (error = spawn(p, w)) < 0)
			return error;
		size_t pick = next_job(p);
		job *j = &p->queue[pick];
		size_t nlen = strnlen(j->name, MAX_NAME);
		uint64_t h[4] = {j->engine, (uint64_t)j->lang, nlen, j->data ? j->len : UINT64_MAX};
		if (write_all(w->to, h, sizeof h) < 0 || write_all(w->to, j->name, nlen) < 0 ||
		    (j->data && write_all(w->to, j->data, j->len) < 0)) {
			int st;
			bool fresh = !w->served;
			kill(w->pid, SIGKILL);
			reap(w, &st);
			if (!fresh)
				continue; /* died idle: another takes the job next round */
			/* a new worker that cannot take a job: do not try forever */
			job lost_job = *j;
			dequeue(p, pick);
			lost(p, &lost_job, "internal.crash", "A worker could not be started for this file.",
			     "无法为该文件启动工作进程。");
			continue;
		}
		w->job = *j;
		w->busy = true;
		w->started = now();
		w->rss = 0;
		w->served++;
		p->turn = j->turn;
		dequeue(p, pick);
	}
	if (!p->len) {
		p->head = 0;
		p->mixed = false;
	}
	return 0;
}

static int enqueue(ds_pool *p, const job *j);

static void free_group(ds_pool *p, group *g)
{
	for (group **q = &p->groups; *q; q = &(*q)->next)
		if (*q == g) {
			*q = g->next;
			break;
		}
	for (size_t i = 0; i < g->n; i++) {
		free(g->parts[i]->name);
		free(g->parts[i]->data);
		free(g->parts[i]->blob);
		free(g->parts[i]);
	}
	free(g->parts);
	free(g->blob);
	free(g);
}

/* A container whose documents are all checked: its result, each document's
 * in its place (after it, if the container's worker was lost), to whoever
 * asked. */
static void settle(ds_pool *p, group *g)
{
	if (!g->done || g->pending)
		return;
	ds__buf b = {0};
	size_t k = 0;
	bool ok = g->blob != NULL;
	for (const char *s = g->blob, *end = s + g->len; ok && s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		if (n == 2 && s[0] == 'D' && k < g->n) {
			const part *pt = g->parts[k++];
			ok = pt->blob && ds__buf_add(&b, pt->blob, pt->blen) == 0;
		} else {
			ok = ds__buf_add(&b, s, n) == 0;
		}
		s += n;
	}
	for (; ok && k < g->n; k++)
		ok = g->parts[k]->blob && ds__buf_add(&b, g->parts[k]->blob, g->parts[k]->blen) == 0;
	job j = g->job;
	free_group(p, g);
	if (!ok)
		ds__buf_free(&b);
	j.cb(p, j.ud, ok ? b.p : NULL, ok ? b.len : 0);
}

static void container_done(ds_pool *p, void *ud, char *blob, size_t len)
{
	group *g = ud;
	g->blob = blob;
	g->len = len;
	g->done = true;
	settle(p, g);
}

static void part_done(ds_pool *p, void *ud, char *blob, size_t len)
{
	part *pt = ud;
	pt->blob = blob;
	pt->blen = len;
	p->held -= pt->len;
	free(pt->data);
	pt->data = NULL;
	pt->g->pending--;
	settle(p, pt->g);
}

/* Room for one more document of the worker's container: its group, a
 * slot in it, the bytes held.  NULL: none (the worker checks it itself). */
static group *room_for(ds_pool *p, worker *w, uint64_t dlen)
{
	if (dlen > recycle_rss(p) || p->held > recycle_rss(p) - dlen)
		return NULL; /* (what the pool holds for the workers is bounded) */
	group *g = w->job.cb == container_done ? w->job.ud : NULL;
	if (!g) { /* the container's job now waits for its documents */
		if (!(g = calloc(1, sizeof *g)))
			return NULL;
		g->job = w->job;
		g->next = p->groups;
		p->groups = g;
		w->job.cb = container_done;
		w->job.ud = g;
	}
	return ds__grow((void **)&g->parts, &g->cap, g->n, sizeof *g->parts) < 0 ? NULL : g;
}

/* A document the worker found in a container: queued as a job of its own
 * if the pool has room for it, else left to the worker.  Returns 0, or -1
 * when the worker cannot be followed (it is lost). */
static int take_member(ds_pool *p, worker *w, uint64_t nlen, uint64_t dlen)
{
	if (nlen > MAX_NAME)
		return -1;
	part *pt = calloc(1, sizeof *pt);
	char *name = malloc(nlen + 1);
	if (!pt || !name || read_all(w->from, name, nlen) < 0) {
		free(pt);
		free(name);
		return -1;
	}
	name[nlen] = '\0';
	group *g = room_for(p, w, dlen);
	char *data = g ? malloc(dlen ? dlen : 1) : NULL;
	unsigned char room = data != NULL;
	job j = {w->job.engine, w->job.lang, name, data, (size_t)dlen, part_done, NULL, pt, w->job.owner, 0};
	if (write_all(w->to, &room, 1) < 0 || (room && (read_all(w->from, data, dlen) < 0 || enqueue(p, &j) < 0))) {
		free(pt);
		free(name);
		free(data);
		return -1;
	}
	if (!room) {
		free(pt);
		free(name);
		return 0;
	}
	*pt = (part){g, name, data, (size_t)dlen, NULL, 0};
	p->held += pt->len;
	g->parts[g->n++] = pt;
	g->pending++;
	return 0;
}

/* Read a busy worker's answer, or see it died, ran too long or grew too big. */
static void watch(ds_pool *p, worker *w, bool readable)
{
	char en[256], zh[256];
	const char *rule = NULL;
	int st = 0;
	if (readable) {
		uint64_t h[3] = {0}, len = 0;
		char *buf = NULL;
		bool head = read_all(w->from, h, sizeof h) == 0;
		if (head && h[0] == FRAME_MEMBER && take_member(p, w, h[1], h[2]) == 0)
			return; /* still at work on the container */
		head = head && h[0] == FRAME_RESULT;
		len = h[1];
		if (head && len && (buf = malloc(len)) && read_all(w->from, buf, len) == 0) {
			w->busy = false;
			/* what it grew by: a forked worker starts with the pages of a
			 * parent that may be large (a server's) */
			if (w->served >= RECYCLE_AFTER || resident(w->pid) > w->base + recycle_rss(p))
				reap(w, &st); /* its input closes: it exits */
			p->failing += is_failing(buf, len);
			w->job.cb(p, w->job.ud, buf, len);
			return;
		}
		free(buf);
		kill(w->pid, SIGKILL);
		reap(w, &st);
		rule = why_lost(p, w, st, head && !len, en, zh, sizeof en);
	} else if (now() - w->started > p->timeout) {
		kill(w->pid, SIGKILL);
		reap(w, &st);
		rule = "internal.timeout";
		snprintf(en, sizeof en, "Checking this file took longer than the limit (--timeout %g s).", p->timeout);
		snprintf(zh, sizeof zh, "检查该文件超过了时间上限（--timeout %g 秒）。", p->timeout);
	} else if ((w->rss = resident(w->pid)) > p->max_memory) {
		kill(w->pid, SIGKILL);
		reap(w, &st);
		rule = over_memory(p, en, zh, sizeof en);
	}
	if (rule) {
		w->busy = false;
		lost(p, &w->job, rule, en, zh);
	}
}

DS_API int ds_batch_options_init(ds_batch_options *o, unsigned int version)
{
	if (ds__version_ok("ds_batch_options", version, DS_BATCH_OPTIONS_VERSION) < 0)
		return DS_ERROR;
	*o = (ds_batch_options)DS_BATCH_OPTIONS_INIT;
	return 0;
}

DS_API int ds_pool_new(ds_pool **out, ds_engine *const *engines, size_t n, const ds_batch_options *opts)
{
	static const ds_batch_options defaults = DS_BATCH_OPTIONS_INIT;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (ds__version_ok("ds_batch_options", opts->version, DS_BATCH_OPTIONS_VERSION) < 0)
		return DS_ERROR;
	if (!n)
		return ds__error_set(DS_EPROFILE, "%s", _("no profile is in use"));
	for (size_t i = 0; i < n; i++)
		if (!ds_engine_active_profile(engines[i]))
			return ds__error_set(DS_EPROFILE, "%s", _("no profile is in use"));
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	ds_pool *p = calloc(1, sizeof *p);
	if (!p)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	p->n_ws = opts->jobs ? opts->jobs : (size_t)(cores > 0 ? cores : 1);
	p->timeout = opts->timeout > 0 ? opts->timeout : 60.0;
	p->max_memory = opts->max_memory ? opts->max_memory : (2ull << 30);
	p->engines = malloc(n * sizeof *p->engines);
	p->n_engines = n;
	p->ws = calloc(p->n_ws, sizeof *p->ws);
	p->pfd = calloc(p->n_ws, sizeof *p->pfd);
	if (!p->engines || !p->ws || !p->pfd) {
		ds_pool_free(p);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	memcpy(p->engines, engines, n * sizeof *p->engines);
	for (size_t i = 0; i < p->n_ws; i++)
		p->ws[i].pid = -1;
	p->old_pipe = signal(SIGPIPE, SIG_IGN);
	*out = p;
	return 0;
}

static void to_report(ds_pool *p, void *ud, char *blob, size_t len);

/* A job dropped unfinished: what ds_pool_add allocated for it. */
static void drop(const job *j)
{
	if (j->cb == to_report)
		free(j->ud);
}

DS_API void ds_pool_free(ds_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; p->ws && i < p->n_ws; i++)
		if (p->ws[i].pid > 0) {
			int st;
			if (p->ws[i].busy) {
				kill(p->ws[i].pid, SIGKILL);
				drop(&p->ws[i].job);
			}
			reap(&p->ws[i], &st);
		}
	for (size_t i = 0; i < p->len; i++)
		drop(&p->queue[p->head + i]);
	while (p->groups) {
		drop(&p->groups->job);
		free_group(p, p->groups);
	}
	if (p->ws)
		signal(SIGPIPE, p->old_pipe);
	free(p->engines);
	free(p->ws);
	free(p->pfd);
	free(p->queue);
	free(p);
}

static int enqueue(ds_pool *p, const job *j)
{
	if (p->head + p->len == p->cap) {
		if (p->head) {
			memmove(p->queue, p->queue + p->head, p->len * sizeof *p->queue);
			p->head = 0;
		} else {
			size_t cap = p->cap ? p->cap * 2 : 16;
			job *q = realloc(p->queue, cap * sizeof *q);
			if (!q)
				return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			p->queue = q;
			p->cap = cap;
		}
	}
	if (p->len && p->queue[p->head + p->len - 1].owner != j->owner)
		p->mixed = true;
	for (size_t i = 0; i < p->n_ws && !p->mixed; i++)
		p->mixed = p->ws[i].pid > 0 && p->ws[i].busy && p->ws[i].job.owner != j->owner;
	p->queue[p->head + p->len] = *j;
	p->queue[p->head + p->len].turn = turn_of(p, j->owner);
	p->len++;
	return 0;
}

/* ds_pool_add's jobs: the result as a one-file report. */
static void to_report(ds_pool *p, void *ud, char *blob, size_t len)
{
	const job *j = ud;
	ds_report *r = NULL;
	if (blob && ds_report_new(&r, p->engines[j->engine]) == 0 && ds__report_deserialize(r, blob, len) < 0) {
		ds_report_free(r);
		r = NULL;
	}
	free(blob);
	ds_pool_done done = j->done;
	void *done_ud = j->ud;
	free(ud);
	done(done_ud, r);
}

DS_API int ds_pool_add(ds_pool *p, size_t engine, const char *lang, const char *name, const void *data, size_t len,
		       ds_pool_done done, void *ud)
{
	return ds_pool_add_owned(p, NULL, engine, lang, name, data, len, done, ud);
}

DS_API int ds_pool_add_owned(ds_pool *p, const void *owner, size_t engine, const char *lang, const char *name,
			     const void *data, size_t len, ds_pool_done done, void *ud)
{
	if (engine >= p->n_engines || !name || !done)
		return ds__error_set(DS_ERROR, "%s", "ds_pool_add: bad argument");
	job *copy = malloc(sizeof *copy);
	if (!copy)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	int l = !lang ? 0 : !strcmp(lang, "zh") ? 2 : 1;
	*copy = (job){engine, l, name, data ? data : "", len, NULL, done, ud, owner};
	job j = *copy;
	j.cb = to_report;
	j.ud = copy;
	int error = enqueue(p, &j);
	if (error < 0)
		free(copy);
	return error;
}

DS_API size_t ds_pool_fds(const ds_pool *p, int *fds, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_ws && n < max; i++)
		if (p->ws[i].pid > 0 && p->ws[i].busy)
			fds[n++] = p->ws[i].from;
	return n;
}

DS_API size_t ds_pool_pending(const ds_pool *p)
{
	size_t n = p->len;
	for (size_t i = 0; i < p->n_ws; i++)
		n += p->ws[i].pid > 0 && p->ws[i].busy;
	return n;
}

DS_API int ds_pool_run(ds_pool *p, int timeout_ms)
{
	int error = feed(p);
	if (error < 0)
		return error;
	size_t np = 0;
	for (size_t i = 0; i < p->n_ws; i++)
		if (p->ws[i].pid > 0 && p->ws[i].busy)
			p->pfd[np++] = (struct pollfd){p->ws[i].from, POLLIN, 0};
	if (!np)
		return 0;
	if (poll(p->pfd, np, timeout_ms) < 0 && errno != EINTR)
		return ds__error_set(DS_ERROR, "poll: %s", strerror(errno));
	for (size_t i = 0, k = 0; i < p->n_ws; i++) {
		worker *w = &p->ws[i];
		if (w->pid <= 0 || !w->busy)
			continue;
		for (k = 0; k < np && p->pfd[k].fd != w->from; k++)
			;
		watch(p, w, k < np && p->pfd[k].revents);
	}
	return feed(p);
}

/* ------------------------------------------------------------ batches */

struct slot {
	char **results;
	size_t *lens;
	size_t i, *done;
};

static void keep(ds_pool *p, void *ud, char *blob, size_t len)
{
	(void)p;
	struct slot *s = ud;
	s->results[s->i] = blob;
	s->lens[s->i] = len;
	++*s->done;
}

DS_API int ds_engine_check_batch(ds_engine *e, ds_report *report, const char *const *paths, size_t n,
				 const ds_batch_options *opts)
{
	/* (workers start as jobs wait for them: fewer files, fewer workers) */
	ds_pool *p;
	int error = ds_pool_new(&p, &e, 1, opts);
	if (error < 0)
		return error;
	size_t done = 0;
	char **results = calloc(n ? n : 1, sizeof *results);
	size_t *lens = calloc(n ? n : 1, sizeof *lens);
	struct slot *slots = calloc(n ? n : 1, sizeof *slots);
	if (!results || !lens || !slots)
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t i = 0; i < n && !error; i++) {
		slots[i] = (struct slot){results, lens, i, &done};
		error = enqueue(p, &(job){0, 0, paths[i], NULL, 0, keep, NULL, &slots[i]});
	}
	const volatile int *stop = opts && opts->version >= 2 ? opts->stop : NULL;
	while (done < n && !error) {
		if (stop && *stop) {
			error = ds__error_set(DS_ERROR, "%s", _("interrupted"));
			break;
		}
		error = ds_pool_run(p, 50);
		if (opts && opts->progress)
			opts->progress(opts->progress_ud, done, n, p->failing);
	}
	ds_pool_free(p);
	for (size_t i = 0; i < n && !error; i++)
		error = results[i] ? ds__report_deserialize(report, results[i], lens[i])
				   : ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t i = 0; results && i < n; i++)
		free(results[i]);
	free(results);
	free(lens);
	free(slots);
	return error;
}
