/*
 * walk.c - collecting the files of a batch: folders are walked in name
 * order; a file counts as a submission by its extension or, renamed, by its
 * first bytes (ds_is_submission: documents, PDF, archives).  A name that does not exist is
 * kept: its entry in the report says so.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "docscreen/doc.h"
#include "walk.h"

static int push(filelist *l, const char *path)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = strdup(path)))
		return -1;
	l->n++;
	return 0;
}

/* A glob matches the path, the path below the folder given, or the name. */
static int excluded(const char *path, const char *rel, const char *name, const char *const *ex, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fnmatch(ex[i], path, 0) || !fnmatch(ex[i], rel, 0) || !fnmatch(ex[i], name, 0))
			return 1;
	return 0;
}

static int looks_submitted(const char *path, const char *name)
{
	/* enough to see a mail's headers whole (a Maildir file has no .eml name) */
	static unsigned char head[64 * 1024];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	return ds_is_submission(name, head, n);
}

static int walk_dir(filelist *l, const char *dir, size_t root, const char *const *ex, size_t n_ex, int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0 || depth > 64)
		return 0;
	int error = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (!error && name[0] != '.' && strncmp(name, "~$", 2) &&
		    !excluded(path, path + root, name, ex, n_ex) && lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				error = walk_dir(l, path, root, ex, n_ex, depth + 1);
			else if (S_ISREG(st.st_mode) && looks_submitted(path, name))
				error = push(l, path);
		}
		free(names[i]);
	}
	free(names);
	return error;
}

int walk_add(filelist *l, const char *path, const char *const *ex, size_t n_ex)
{
	struct stat st;
	if (stat(path, &st) < 0) /* still checked: the report says it cannot be read */
		return push(l, path);
	if (S_ISDIR(st.st_mode)) {
		size_t len = strlen(path);
		char dir[4096];
		snprintf(dir, sizeof dir, "%.*s", (int)(len > 1 && path[len - 1] == '/' ? len - 1 : len), path);
		return walk_dir(l, dir, strlen(dir) + 1, ex, n_ex, 0);
	}
	return push(l, path);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void walk_sort(filelist *l)
{
	qsort(l->v, l->n, sizeof *l->v, by_path);
	size_t o = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (o && !strcmp(l->v[o - 1], l->v[i])) {
			free(l->v[i]);
			continue;
		}
		l->v[o++] = l->v[i];
	}
	l->n = o;
}

void walk_free(filelist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
