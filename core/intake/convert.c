/*
 * convert.c - legacy and other editable formats (.doc, .wps, .xls, .et,
 * .rtf, .odt, .ods) converted to DOCX or XLSX by LibreOffice, when it is
 * installed (soffice on PATH, or DOCSCREEN_SOFFICE).
 *
 * Each conversion runs in a private temporary folder (mode 0700) holding the
 * input, the output and a throw-away LibreOffice user profile, so that
 * parallel workers never share one; soffice runs in a process group of its
 * own, killed whole at max-convert-time; the folder is removed whatever
 * happened.  When the worker itself is killed in the middle (its timeout,
 * its memory), the parent finds the folder by the worker's pid in its name,
 * kills the process group it records and removes it
 * (ds__convert_leftovers).  The bytes converted come back in memory.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "intake/intake.h"

const char *ds__converter(void)
{
	static _Thread_local char found[4096];
	const char *env = getenv("DOCSCREEN_SOFFICE");
	if (env)
		return *env && access(env, X_OK) == 0 ? env : NULL;
	const char *path = getenv("PATH");
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		snprintf(found, sizeof found, "%.*s/soffice", (int)n, p);
		if (n && access(found, X_OK) == 0)
			return found;
		p += n + (colon ? 1 : 0);
	}
	return NULL;
}

/* rm -r of the private folder (no symlinks followed: it holds what soffice
 * made, which is ours) */
static void remove_tree(int dirfd_parent, const char *name)
{
	int fd = openat(dirfd_parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd >= 0) {
		DIR *d = fdopendir(fd);
		for (struct dirent *e; d && (e = readdir(d));)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				remove_tree(fd, e->d_name);
		if (d)
			closedir(d);
		else
			close(fd);
		unlinkat(dirfd_parent, name, AT_REMOVEDIR);
	} else {
		unlinkat(dirfd_parent, name, 0);
	}
}

static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -1;
	for (size_t at = 0; at < len;) {
		ssize_t n = write(fd, (const char *)data + at, len - at);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		at += (size_t)n;
	}
	return close(fd);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Run soffice over dir/in.EXT into dir/out, within seconds: 0, 1 (timed
 * out, its process group killed) or -1 (it could not be started or failed). */
static int run(const char *soffice, const char *dir, const char *input, const char *filter, double seconds)
{
	char profile[4200], outdir[4200];
	snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
	snprintf(outdir, sizeof outdir, "%s/out", dir);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0); /* soffice and every child it starts, killed as one */
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		setenv("HOME", dir, 1); /* nothing of it lands in the user's home */
		execl(soffice, "soffice", "--headless", "--norestore", "--nolockcheck", profile, "--convert-to", filter,
		      "--outdir", outdir, input, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	char pgid[4200], num[32];
	snprintf(pgid, sizeof pgid, "%s/pgid", dir);
	snprintf(num, sizeof num, "%d\n", (int)pid);
	write_file(pgid, num, strlen(num)); /* (for the parent, should this worker be killed) */
	double end = now() + seconds;
	for (;;) {
		int st;
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			kill(-pid, SIGKILL); /* what it left running */
			return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
		}
		if (r < 0 && errno != EINTR)
			return -1;
		if (now() > end) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return 1;
		}
		usleep(20 * 1000);
	}
}

int ds__convert(const void *data, size_t len, const char *ext, bool sheet, double seconds, ds__buf *out)
{
	const char *soffice = ds__converter();
	if (!soffice)
		return ds__error_set(DS_EUNSUPPORTED, "%s", _("LibreOffice is not installed"));
	const char *tmp = getenv("TMPDIR");
	char dir[4096], input[4200], output[4200];
	snprintf(dir, sizeof dir, "%s/docscreen-convert-%d-XXXXXX", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	if (!mkdtemp(dir))
		return ds__error_set(DS_ERROR, _("cannot make a temporary folder: %s"), strerror(errno));
	snprintf(input, sizeof input, "%s/in.%s", dir, ext);
	snprintf(output, sizeof output, "%s/out/in.%s", dir, sheet ? "xlsx" : "docx");
	int error = 0;
	if (write_file(input, data, len) < 0) {
		error = ds__error_set(DS_ERROR, _("cannot write to a temporary folder: %s"), strerror(errno));
	} else {
		int r = run(soffice, dir, input, sheet ? "xlsx:Calc MS Excel 2007 XML" : "docx:MS Word 2007 XML",
			    seconds);
		if (r == 1) {
			error = ds__error_set_at(DS_ELIMIT, "max-convert-time", NULL,
						 _("LibreOffice took longer than %g s to convert it (limit "
						   "max-convert-time)"),
						 seconds);
		} else {
			FILE *f = r == 0 ? fopen(output, "rb") : NULL;
			char chunk[65536];
			for (size_t k; f && !error && (k = fread(chunk, 1, sizeof chunk, f)) > 0;)
				if (ds__buf_add(out, chunk, k) < 0)
					error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			if (f)
				fclose(f);
			if (!error && (out->len < 4 || memcmp(out->p, "PK", 2)))
				error = ds__error_set(DS_ECORRUPT, "%s", _("LibreOffice could not convert it"));
		}
	}
	remove_tree(AT_FDCWD, dir);
	return error;
}

void ds__convert_leftovers(pid_t worker)
{
	const char *tmp = getenv("TMPDIR");
	const char *base = tmp && *tmp ? tmp : "/tmp";
	char prefix[64];
	snprintf(prefix, sizeof prefix, "docscreen-convert-%d-", (int)worker);
	DIR *d = opendir(base);
	int dfd = d ? dirfd(d) : -1;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		char path[4200], buf[32] = "";
		snprintf(path, sizeof path, "%s/%s/pgid", base, e->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(buf, sizeof buf, f) && atoi(buf) > 1)
			kill(-atoi(buf), SIGKILL); /* LibreOffice and what it started */
		if (f)
			fclose(f);
		remove_tree(dfd, e->d_name);
	}
	if (d)
		closedir(d);
}
