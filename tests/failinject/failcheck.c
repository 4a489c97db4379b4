/*
 * failcheck.c - out of memory never changes a verdict silently: a whole
 * check (the engine, the bundled plugins through dlopen, the CITEC profile)
 * of each file named, with the Nth allocation failing for N spread over
 * every allocation the check makes.  For every N the JSON report must be
 * the normal one, or say the file could not be fully checked (its status
 * "error" with an internal.memory finding, or a rule's finding that it
 * failed inside its plugin), or the check must return
 * DS_ENOMEM (the caller knows nothing was reported).  A pass with fewer
 * findings, or a fail that should be a pass, is a failure of this test.
 *   failcheck PLUGIN_DIR RULES_DIR[:DIR...] FILE...
 * FAILCHECK_PROFILE=ID checks with another profile (default citec-2023-national).
 * FAILCHECK_ALL=1 prints every silent change whole; FAILCHECK_TRACE=N the
 * backtrace of the Nth allocation failing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "docscreen/docscreen.h"

#include "alloc.h"

#define POINTS 400 /* failures injected per file, spread over its allocations */

/* The JSON report of one check, or NULL when the check or the report
 * failed (out of memory: *rc says how). */
static char *check(ds_engine *e, const char *name, const char *data, size_t len, int *rc)
{
	ds_report *r = NULL;
	char *out = NULL;
	*rc = ds_report_new(&r, e);
	if (*rc == 0)
		*rc = ds_engine_check_memory(e, r, name, data, len);
	long saved = countdown;
	countdown = 0; /* the report is written whole: what is compared is what was checked */
	if (*rc == 0) {
		size_t n = 0;
		FILE *o = open_memstream(&out, &n);
		if (!o || ds_report_write(r, o, "json", "en", false) < 0)
			*rc = DS_ENOMEM;
		if (o)
			fclose(o);
	}
	countdown = saved;
	ds_report_free(r);
	if (*rc) {
		free(out);
		out = NULL;
	}
	return out;
}

/* check() with allocation n failing; for an archive or an e-mail in a child
 * process: libarchive ends the process on some failed allocations (exit 1
 * after "Fatal Internal Error in libarchive"), GLib (under GMime, libgsf) on every
 * one (abort), which in docscreen ends a worker and gives its file an
 * internal.* finding.  *ended is set then; a crash is reported as such. */
static char *check_apart(ds_engine *e, const char *name, const char *data, size_t len, long n, bool traced, int *rc,
			 bool *ended)
{
	int fd[2];
	*ended = false;
	const char *dot = strrchr(name, '.');
	bool mail = dot && (!strcmp(dot, ".eml") || !strcmp(dot, ".mbox") || !strcmp(dot, ".msg"));
	if (!dot || (!mail && !strstr(".zip.rar.7z.tar.gz.tgz.bz2.xz", dot))) {
		/* no container: neither library is involved, the check runs here */
		hit = false;
		countdown = n;
		trace = traced;
		char *got = check(e, name, data, len, rc);
		countdown = 0;
		trace = false;
		return got;
	}
	if (pipe(fd) < 0)
		abort();
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		hit = false;
		countdown = n;
		trace = traced;
		char *got = check(e, name, data, len, rc);
		countdown = 0;
		size_t glen = got ? strlen(got) : 0;
		int head[2] = {*rc, hit};
		if (write(fd[1], head, sizeof head) != sizeof head || write(fd[1], &glen, sizeof glen) != sizeof glen ||
		    (glen && write(fd[1], got, glen) != (ssize_t)glen))
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	int head[2] = {0, 0};
	size_t glen = 0;
	char *got = NULL;
	bool ok = read(fd[0], head, sizeof head) == sizeof head && read(fd[0], &glen, sizeof glen) == sizeof glen;
	if (ok && glen) {
		got = malloc(glen + 1);
		size_t at = 0;
		for (ssize_t k; got && at < glen && (k = read(fd[0], got + at, glen - at)) > 0;)
			at += (size_t)k;
		if (got)
			got[at] = '\0';
	}
	close(fd[0]);
	int st;
	waitpid(pid, &st, 0);
	hit = ok ? head[1] != 0 : true;
	*rc = head[0];
	if (!ok && ((WIFEXITED(st) && WEXITSTATUS(st) == 1) ||
		    (mail && WIFSIGNALED(st) && (WTERMSIG(st) == SIGTRAP || WTERMSIG(st) == SIGABRT))))
		*ended = true;
	else if (!ok)
		fprintf(stderr, "%s: allocation %ld failing crashed the check (status %d)\n", name, n, st);
	return got;
}

static int torture(ds_engine *e, const char *path)
{
	size_t len;
	char *data = alloc_slurp(path, &len);
	if (!data) {
		fprintf(stderr, "cannot read %s\n", path);
		return 1;
	}
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int rc;
	long before = made;
	char *want = check(e, name, data, len, &rc);
	long total = made - before;
	if (!want) {
		fprintf(stderr, "%s: the check failed without a failure injected (%d)\n", name, rc);
		free(data);
		return 1;
	}
	long problems = 0, injected = 0, same = 0, said = 0, refused = 0, ended = 0;
	long step = total / POINTS > 0 ? total / POINTS : 1;
	long only = getenv("FAILCHECK_TRACE") ? atol(getenv("FAILCHECK_TRACE")) : 0; /* backtrace of that one */
	for (long n = 1; n <= total + 1; n += n < 200 ? 1 : step) {
		bool gave_up;
		char *got = check_apart(e, name, data, len, n, only == n, &rc, &gave_up);
		if (!hit) {
			free(got);
			continue;
		}
		injected++;
		if (gave_up) {
			ended++;
		} else if (!got && rc == DS_ENOMEM) {
			refused++;
		} else if (got && !strcmp(got, want)) {
			same++;
		} else if (got && ((strstr(got, "\"status\":\"error\"") && strstr(got, "\"rule\":\"internal.memory\"")) ||
				   strstr(got, "the rule failed inside its plugin"))) {
			said++;
		} else {
			problems++;
			if (getenv("FAILCHECK_ALL"))
				fprintf(stderr, "SILENT %ld %s\n", n, got ? got : "(none)");
			else if (problems <= 3)
				fprintf(stderr, "%s: allocation %ld of %ld failed and the report changed silently:\n%.600s\n",
					name, n, total, got ? got : "(no report, no DS_ENOMEM)");
		}
		free(got);
	}
	printf("%s: %ld allocations, %ld failures injected: %ld same report, %ld said it could not be fully "
	       "checked, %ld refused (DS_ENOMEM), %ld ended by libarchive or GLib, %ld silent changes\n",
	       name, total, injected, same, said, refused, ended, problems);
	free(want);
	free(data);
	return problems ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: failcheck PLUGIN_DIR RULES_DIR FILE...\n");
		return 2;
	}
	setenv("DOCSCREEN_NO_JIT", "1", 1); /* (a JIT allocation failing is retried without JIT anyway) */
	/* RULES_DIR may be several folders, DIR:DIR */
	const char *plugins[] = {argv[1], NULL}, *rules[8] = {NULL};
	char *dirs = strdup(argv[2]), *save = NULL;
	size_t n_rules = 0;
	for (char *d = strtok_r(dirs, ":", &save); d && n_rules < 7; d = strtok_r(NULL, ":", &save))
		rules[n_rules++] = d;
	const char *profile = getenv("FAILCHECK_PROFILE") ? getenv("FAILCHECK_PROFILE") : "citec-2023-national";
	ds_engine_options o;
	ds_engine_options_init(&o, DS_ENGINE_OPTIONS_VERSION);
	o.plugin_dirs = plugins;
	o.profile_dirs = rules;
	ds_engine *e;
	if (ds_engine_new(&e, &o) < 0 || ds_engine_use_profile(e, profile) < 0) {
		fprintf(stderr, "failcheck: %s\n", ds_error_last());
		return 2;
	}
	int status = 0;
	for (int i = 3; i < argc; i++)
		status |= torture(e, argv[i]);
	ds_engine_free(e);
	free(dirs);
	printf("%d passed, %d failed\n", status ? 0 : 1, status ? 1 : 0);
	return status;
}
