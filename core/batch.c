/*
 * batch.c - checking many files in worker processes that may die.
 *
 * The parent forks jobs workers (the engine, plugins and profile are loaded
 * before, so workers share them copy-on-write).  It hands out one file
 * index at a time over a pipe and reads the file's serialized results back.
 * A worker that dies (crash), runs past the time limit or grows past the
 * memory limit (resident set, polled from /proc) is killed and replaced; its
 * file gets an internal.* finding.  Results are merged in the order of the
 * paths given, so the report does not depend on scheduling.
 */
#include <errno.h>
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

typedef struct worker {
	pid_t pid;
	int to, from;      /* pipes: indices out, results in */
	size_t file;       /* the file it works on, or SIZE_MAX when idle */
	double started;
	uint64_t rss;      /* resident bytes when last looked at */
} worker;

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

/* The worker: check the files it is sent until its pipe closes. */
static void worker_main(ds_engine *e, const char *const *paths, int in, int out, uint64_t max_memory)
{
#if !defined(__SANITIZE_ADDRESS__)
	/* a backstop for the parent's resident-set watch: address space */
	struct rlimit rl = {(rlim_t)(max_memory * 2 + (512u << 20)), (rlim_t)(max_memory * 2 + (512u << 20))};
	setrlimit(RLIMIT_AS, &rl);
#else
	(void)max_memory;
#endif
	uint64_t idx;
	while (read_all(in, &idx, sizeof idx) == 0) {
		ds_report *r = NULL;
		ds__buf b = {0};
		uint64_t len = 0;
		if (ds_report_new(&r, e) == 0 && ds_engine_check_file(e, r, paths[idx]) == 0 &&
		    ds__report_serialize(r, 0, &b) == 0)
			len = b.len;
		/* len 0 tells the parent the check itself failed (out of memory) */
		if (write_all(out, &idx, sizeof idx) < 0 || write_all(out, &len, sizeof len) < 0 ||
		    (len && write_all(out, b.p, b.len) < 0))
			_exit(1);
		ds__buf_free(&b);
		ds_report_free(r);
	}
	_exit(0);
}

static int spawn(worker *w, worker *all, size_t jobs, ds_engine *e, const char *const *paths,
		 uint64_t max_memory)
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
		close(a[1]);
		close(b[0]);
		/* the other workers' pipes: holding them would keep them from ever
		 * seeing the end of their input */
		for (size_t k = 0; k < jobs; k++)
			if (&all[k] != w && all[k].pid > 0) {
				close(all[k].to);
				close(all[k].from);
			}
		signal(SIGPIPE, SIG_DFL);
		worker_main(e, paths, a[0], b[1], max_memory);
	}
	close(a[0]);
	close(b[1]);
	*w = (worker){pid, a[1], b[0], SIZE_MAX, 0, 0};
	return 0;
}

static void reap(worker *w, int *status)
{
	close(w->to);
	close(w->from);
	waitpid(w->pid, status, 0);
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

static const char *kind_format(const char *path)
{
	unsigned char head[2048];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	switch (ds_kind_detect(head, n)) {
	case DS_KIND_ZIP: {
		const char *dot = strrchr(path, '.');
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

/* Did a serialized result fail (unread, or an error finding)? */
static bool is_failing(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	if (nl && nl - buf >= 2 && nl[-2] == '1')
		return true; /* "F\tpath\tformat\t1\t": unread */
	for (const char *p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf))) && p + 3 < buf + len; p++) {
		if (p[1] != 'X')
			continue;
		const char *t = memchr(p + 3, '\t', len - (size_t)(p + 3 - buf));
		if (t && t + 1 < buf + len && t[1] == '2')
			return true;
	}
	return false;
}

/* The finding for a file whose worker was lost. */
static int lost(char **results, size_t *lens, size_t file, const char *path, const char *rule,
		const char *detail_en, const char *detail_zh, ds_engine *e)
{
	ds_report *r;
	if (ds_report_new(&r, e) < 0)
		return DS_ENOMEM;
	const char *msg[2] = {detail_en, detail_zh};
	const char *hint[2] = {
		"docscreen could not finish this file; the other files were checked. Report the file to "
		"whoever runs docscreen, or raise --timeout / --max-memory if it is genuine.",
		"docscreen 未能检查完该文件，其他文件已正常检查。请把该文件提供给 docscreen 的维护人员；"
		"如确为正常文件，可适当放宽 --timeout 或 --max-memory。"};
	ds__buf b = {0};
	int error = ds__report_internal(r, path, kind_format(path), rule, msg, hint);
	if (!error)
		error = ds__report_serialize(r, 0, &b);
	ds_report_free(r);
	if (error < 0) {
		ds__buf_free(&b);
		return error;
	}
	results[file] = b.p;
	lens[file] = b.len;
	return 0;
}

DS_API int ds_engine_check_batch(ds_engine *e, ds_report *report, const char *const *paths, size_t n,
				 const ds_batch_options *opts)
{
	static const ds_batch_options defaults = DS_BATCH_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t jobs = opts->jobs ? opts->jobs : (size_t)(cores > 0 ? cores : 1);
	double timeout = opts->timeout > 0 ? opts->timeout : 60.0;
	uint64_t max_memory = opts->max_memory ? opts->max_memory : (2ull << 30);
	if (jobs > n)
		jobs = n ? n : 1;
	if (!ds_engine_active_profile(e))
		return ds__error_set(DS_EPROFILE, "%s", _("no profile is in use"));

	int error = 0;
	char **results = calloc(n ? n : 1, sizeof *results);
	size_t *lens = calloc(n ? n : 1, sizeof *lens);
	worker *ws = calloc(jobs, sizeof *ws);
	struct pollfd *pfd = calloc(jobs, sizeof *pfd);
	if (!results || !lens || !ws || !pfd) {
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto done;
	}
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < jobs; i++)
		ws[i].pid = -1;
	size_t next = 0, finished = 0, failing = 0;
	while (finished < n && !error) {
		/* start or feed idle workers */
		for (size_t i = 0; i < jobs && next < n && !error; i++) {
			worker *w = &ws[i];
			if (w->pid < 0 && (error = spawn(w, ws, jobs, e, paths, max_memory)) < 0)
				break;
			if (w->file != SIZE_MAX)
				continue;
			uint64_t idx = next;
			if (write_all(w->to, &idx, sizeof idx) < 0) {
				int st;
				reap(w, &st); /* died idle: start another next round */
				continue;
			}
			w->file = next++;
			w->started = now();
			w->rss = 0;
		}
		size_t np = 0;
		for (size_t i = 0; i < jobs; i++)
			if (ws[i].pid >= 0 && ws[i].file != SIZE_MAX)
				pfd[np++] = (struct pollfd){ws[i].from, POLLIN, 0};
		if (!np)
			continue;
		int rc = poll(pfd, np, 50);
		if (rc < 0 && errno != EINTR) {
			error = ds__error_set(DS_ERROR, "poll: %s", strerror(errno));
			break;
		}
		for (size_t i = 0; i < jobs && !error; i++) {
			worker *w = &ws[i];
			if (w->pid < 0 || w->file == SIZE_MAX)
				continue;
			size_t file = w->file;
			bool readable = false;
			for (size_t k = 0; k < np; k++)
				readable = readable || (pfd[k].fd == w->from && pfd[k].revents);
			const char *rule = NULL;
			char en[256], zh[256];
			if (readable) {
				uint64_t idx = UINT64_MAX, len = 0;
				char *buf = NULL;
				bool head = read_all(w->from, &idx, sizeof idx) == 0 &&
					    read_all(w->from, &len, sizeof len) == 0 && idx == file;
				if (head && len && (buf = malloc(len)) && read_all(w->from, buf, len) == 0) {
					results[file] = buf;
					lens[file] = len;
					failing += is_failing(buf, len);
					w->file = SIZE_MAX;
					finished++;
					continue;
				}
				free(buf);
				int st;
				kill(w->pid, SIGKILL);
				reap(w, &st);
				rule = "internal.crash";
				if (head && !len) { /* the worker could not finish: out of memory */
					rule = "internal.memory";
					snprintf(en, sizeof en, "%s", "Checking this file ran out of memory.");
					snprintf(zh, sizeof zh, "%s", "检查该文件时内存不足。");
				} else if (w->rss > max_memory / 2 && (!WIFSIGNALED(st) || WTERMSIG(st) == SIGABRT ||
								       WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGKILL)) {
					/* it was growing fast and fell over: the address-space backstop */
					rule = "internal.memory";
					snprintf(en, sizeof en, "Checking this file needed more memory than the limit (--max-memory %llu MiB).",
						 (unsigned long long)(max_memory >> 20));
					snprintf(zh, sizeof zh, "检查该文件所需内存超过了上限（--max-memory %llu MiB）。",
						 (unsigned long long)(max_memory >> 20));
				} else if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL) {
					snprintf(en, sizeof en, "Checking this file crashed a worker (signal %d, %s).",
						 WTERMSIG(st), strsignal(WTERMSIG(st)));
					snprintf(zh, sizeof zh, "检查该文件时工作进程崩溃（信号 %d，%s）。", WTERMSIG(st),
						 strsignal(WTERMSIG(st)));
				} else if (WIFSIGNALED(st)) { /* killed, not by us: the kernel's OOM killer */
					rule = "internal.memory";
					snprintf(en, sizeof en, "%s", "A worker checking this file was killed (out of memory?).");
					snprintf(zh, sizeof zh, "%s", "检查该文件的工作进程被系统终止（内存不足？）。");
				} else {
					snprintf(en, sizeof en, "Checking this file stopped a worker (exit status %d).",
						 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
					snprintf(zh, sizeof zh, "检查该文件时工作进程意外退出（退出码 %d）。",
						 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
				}
			} else if (now() - w->started > timeout) {
				kill(w->pid, SIGKILL);
				int st;
				reap(w, &st);
				rule = "internal.timeout";
				snprintf(en, sizeof en, "Checking this file took longer than the limit (--timeout %g s).", timeout);
				snprintf(zh, sizeof zh, "检查该文件超过了时间上限（--timeout %g 秒）。", timeout);
			} else if ((w->rss = resident(w->pid)) > max_memory) {
				kill(w->pid, SIGKILL);
				int st;
				reap(w, &st);
				rule = "internal.memory";
				snprintf(en, sizeof en, "Checking this file needed more memory than the limit (--max-memory %llu MiB).",
					 (unsigned long long)(max_memory >> 20));
				snprintf(zh, sizeof zh, "检查该文件所需内存超过了上限（--max-memory %llu MiB）。",
					 (unsigned long long)(max_memory >> 20));
			}
			if (!rule)
				continue;
			w->file = SIZE_MAX;
			error = lost(results, lens, file, paths[file], rule, en, zh, e);
			failing++;
			finished++;
		}
		if (opts->progress)
			opts->progress(opts->progress_ud, finished, n, failing);
	}
	for (size_t i = 0; i < jobs; i++)
		if (ws[i].pid >= 0) {
			int st;
			reap(&ws[i], &st);
		}
	signal(SIGPIPE, old_pipe);
	for (size_t i = 0; i < n && !error; i++)
		if (results[i])
			error = ds__report_deserialize(report, results[i], lens[i]);
done:
	for (size_t i = 0; results && i < n; i++)
		free(results[i]);
	free(results);
	free(lens);
	free(ws);
	free(pfd);
	return error;
}
