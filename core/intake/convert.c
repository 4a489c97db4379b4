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
#include <sys/prctl.h>
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

/* Start soffice with args (NULL-ended) in a process group of its own, its
 * output to /dev/null and HOME in dir; its pid is written to pgid_file, for
 * the parent should this worker be killed.  Returns the pid or -1. */
static pid_t start(const char *soffice, const char *dir, const char *pgid_file, char *const args[], bool tied)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0); /* soffice and every child it starts, killed as one */
		if (tied)
			prctl(PR_SET_PDEATHSIG, SIGKILL); /* gone with the worker, whatever kills it */
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		setenv("HOME", dir, 1);   /* nothing of it lands in the user's home, */
		setenv("TMPDIR", dir, 1); /* nor in TMPDIR when it is killed */
		execv(soffice, args);
		_exit(127);
	}
	setpgid(pid, pid);
	char num[32];
	snprintf(num, sizeof num, "%d\n", (int)pid);
	unlink(pgid_file);
	write_file(pgid_file, num, strlen(num));
	return pid;
}

/* Wait for pid until end: 0 (exited 0), -1 (failed) or 1 (still running at
 * end; killed when kill_late).  Its process group is killed either way
 * but when it is left running. */
static int wait_until(pid_t pid, double end, bool kill_late)
{
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
			if (kill_late) {
				kill(-pid, SIGKILL);
				while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
					;
			}
			return 1;
		}
		usleep(10 * 1000);
	}
}

/* ------------------------------------------------------------ warm */

/* A batch worker keeps one LibreOffice running (with an empty document
 * open, so that it does not end after a conversion), and each conversion
 * is a second start of soffice that hands its work to it and waits: a
 * tenth of a second instead of two.  It runs from the worker's private
 * folder, dies with the worker (PR_SET_PDEATHSIG), and is started afresh
 * after WARM_USES conversions or any that failed. */
#define WARM_USES 50

static struct {
	bool on;
	pid_t pid;      /* soffice.bin, 0: none running */
	char dir[4096]; /* its folder: profile/, pgid, socket, the conversion's job/ */
	char sock[512]; /* the socket it listens on for other starts */
	unsigned uses;
} warm;

/* The socket LibreOffice listens on for other starts of it (its
 * SingleOfficeIPC pipe, made in /tmp whatever TMPDIR says): the one of
 * /proc/net/unix whose inode pid holds. */
static bool find_socket(pid_t pid, char *out, size_t n)
{
	unsigned long inodes[64];
	size_t k = 0;
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	for (struct dirent *e; d && (e = readdir(d)) && k < 64;) {
		char fd[384];
		snprintf(fd, sizeof fd, "%s/%s", path, e->d_name);
		ssize_t m = readlink(fd, link, sizeof link - 1);
		unsigned long ino;
		if (m > 0 && (link[m] = '\0', sscanf(link, "socket:[%lu]", &ino) == 1))
			inodes[k++] = ino;
	}
	if (d)
		closedir(d);
	FILE *f = fopen("/proc/net/unix", "r");
	char line[1024];
	bool found = false;
	while (f && !found && fgets(line, sizeof line, f)) {
		unsigned long ino;
		char name[512];
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %lu %511s", &ino, name) != 2 || !strstr(name, "/OSL_PIPE_"))
			continue;
		for (size_t i = 0; i < k && !found; i++)
			if (inodes[i] == ino && strlen(name) < n)
				found = (strcpy(out, name), true);
	}
	if (f)
		fclose(f);
	return found;
}

static void warm_stop(void)
{
	if (warm.pid > 0) {
		int st;
		kill(-warm.pid, SIGKILL);
		while (waitpid(warm.pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (warm.sock[0])
		unlink(warm.sock); /* (a killed LibreOffice leaves it) */
	if (warm.dir[0])
		remove_tree(AT_FDCWD, warm.dir);
	warm.pid = 0;
	warm.dir[0] = warm.sock[0] = '\0';
	warm.uses = 0;
}

void ds__convert_keep_warm(bool on)
{
	warm.on = on;
	if (!on)
		warm_stop();
}

/* soffice.bin beside the soffice script (the script's own start-up is not
 * needed, and the process group's leader is LibreOffice itself), else
 * soffice. */
static void office_binary(const char *soffice, char *out, size_t n)
{
	char real[4096];
	snprintf(out, n, "%s", soffice);
	char *slash = realpath(soffice, real) ? strrchr(real, '/') : NULL;
	if (slash && (size_t)(slash - real) + sizeof "/soffice.bin" <= n) {
		strcpy(slash, "/soffice.bin");
		if (access(real, X_OK) == 0)
			strcpy(out, real);
	}
}

/* A LibreOffice ready to take conversions by end: 0, 1 (not ready in
 * time) or -1. */
static int warm_start(const char *soffice, double end)
{
	if (warm.pid > 0 && waitpid(warm.pid, &(int){0}, WNOHANG) == 0 && warm.uses < WARM_USES)
		return 0;
	if (warm.pid > 0)
		warm.pid = waitpid(warm.pid, &(int){0}, WNOHANG) == 0 ? warm.pid : -1;
	warm_stop();
	const char *tmp = getenv("TMPDIR");
	snprintf(warm.dir, sizeof warm.dir, "%s/docscreen-convert-%d-XXXXXX", tmp && *tmp ? tmp : "/tmp",
		 (int)getpid());
	if (!mkdtemp(warm.dir)) {
		warm.dir[0] = '\0';
		return -1;
	}
	char bin[4096], profile[4200], pgid[4200], sockf[4200];
	office_binary(soffice, bin, sizeof bin);
	snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", warm.dir);
	snprintf(pgid, sizeof pgid, "%s/pgid", warm.dir);
	/* a new profile is made by a start that ends at once (else the first
	 * start asks to be restarted: exit 81, which the soffice script's
	 * oosplash would do) */
	char *init[] = {bin, "--headless", "--norestore", "--nolockcheck", "--terminate_after_init", profile, NULL};
	char *args[] = {
		bin, "--headless", "--norestore", "--nolockcheck", "--nodefault", profile, "private:factory/swriter",
		NULL};
	pid_t first = start(bin, warm.dir, pgid, init, true);
	int made = first < 0 ? -1 : wait_until(first, end, true);
	if (made || (warm.pid = start(bin, warm.dir, pgid, args, true)) < 0) {
		warm_stop();
		return made == 1 ? 1 : -1;
	}
	while (!find_socket(warm.pid, warm.sock, sizeof warm.sock)) {
		int r = wait_until(warm.pid, now() + 0.02, false);
		if (r != 1 || now() > end) {
			warm.pid = r == 1 ? warm.pid : -1;
			warm_stop();
			return r == 1 ? 1 : -1;
		}
	}
	snprintf(sockf, sizeof sockf, "%s/socket", warm.dir);
	write_file(sockf, warm.sock, strlen(warm.sock)); /* (for the parent, should this worker be killed) */
	return 0;
}

/* ------------------------------------------------------------ convert */

/* Convert in.EXT in job to job/out within end: 0, 1 (timed out) or -1. */
static int run(const char *soffice, const char *job, const char *profile_dir, const char *pgid_file, const char *input,
	       const char *filter, double end)
{
	char profile[4400], outdir[4400];
	snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", profile_dir);
	snprintf(outdir, sizeof outdir, "%s/out", job);
	char *args[] = {(char *)"soffice", "--headless", "--norestore", "--nolockcheck", profile, "--convert-to",
			(char *)filter,    "--outdir",   outdir,        (char *)input,   NULL};
	pid_t pid = start(soffice, job, pgid_file, args, true);
	return pid < 0 ? -1 : wait_until(pid, end, true);
}

int ds__convert(const void *data, size_t len, const char *ext, bool sheet, double seconds, ds__buf *out)
{
	const char *soffice = ds__converter();
	if (!soffice)
		return ds__error_set(DS_EUNSUPPORTED, "%s", _("LibreOffice is not installed"));
	double end = now() + seconds;
	int r = warm.on ? warm_start(soffice, end) : -1;
	const char *tmp = getenv("TMPDIR");
	char dir[4096], job[4200], input[4300], output[4300], pgid[4300];
	if (r == 0) { /* the conversion's files in the warm one's folder */
		snprintf(dir, sizeof dir, "%s", warm.dir);
		snprintf(job, sizeof job, "%s/job", warm.dir);
		if (mkdir(job, 0700) < 0 && errno != EEXIST)
			r = -1;
	}
	if (r != 0) { /* a LibreOffice of its own, in a folder of its own */
		warm_stop();
		snprintf(dir, sizeof dir, "%s/docscreen-convert-%d-XXXXXX", tmp && *tmp ? tmp : "/tmp", (int)getpid());
		if (!mkdtemp(dir))
			return ds__error_set(DS_ERROR, _("cannot make a temporary folder: %s"), strerror(errno));
		snprintf(job, sizeof job, "%s", dir);
	}
	snprintf(input, sizeof input, "%s/in.%s", job, ext);
	snprintf(output, sizeof output, "%s/out/in.%s", job, sheet ? "xlsx" : "docx");
	snprintf(pgid, sizeof pgid, "%s/pgid-job", dir);
	int error = 0;
	if (r == 1) {
		/* (LibreOffice did not start in time) */
	} else if (write_file(input, data, len) < 0) {
		error = ds__error_set(DS_ERROR, _("cannot write to a temporary folder: %s"), strerror(errno));
	} else {
		char bin[4096]; /* (a second start of LibreOffice itself, tied to this process as the first) */
		office_binary(soffice, bin, sizeof bin);
		r = run(warm.pid > 0 ? bin : soffice, job, dir, pgid, input,
			sheet ? "xlsx:Calc MS Excel 2007 XML" : "docx:MS Word 2007 XML", end);
	}
	if (!error && r == 1) {
		error = ds__error_set_at(DS_ELIMIT, "max-convert-time", NULL,
					 _("LibreOffice took longer than %g s to convert it (limit max-convert-time)"),
					 seconds);
	} else if (!error) {
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
	if (strcmp(dir, warm.dir)) {
		remove_tree(AT_FDCWD, dir);
	} else {
		remove_tree(AT_FDCWD, job);
		unlink(pgid);
		warm.uses++;
		if (error) /* whatever went wrong may have been the warm one's */
			warm_stop();
	}
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
		static const char *const files[] = {"pgid", "pgid-job", "socket"};
		for (size_t i = 0; i < 3; i++) {
			char path[4200], buf[512] = "";
			snprintf(path, sizeof path, "%s/%s/%s", base, e->d_name, files[i]);
			FILE *f = fopen(path, "r");
			if (f && fgets(buf, sizeof buf, f)) {
				if (i < 2 && atoi(buf) > 1)
					kill(-atoi(buf), SIGKILL); /* LibreOffice and what it started */
				else if (i == 2 && strstr(buf, "/OSL_PIPE_") && !strstr(buf, "/.."))
					unlink(buf); /* the socket a killed LibreOffice left */
			}
			if (f)
				fclose(f);
		}
		remove_tree(dfd, e->d_name);
	}
	if (d)
		closedir(d);
}
