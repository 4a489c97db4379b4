/*
 * walk.h - the files a check covers: names given, and folders walked.
 */
#ifndef DOCSCREEN_CLI_WALK_H
#define DOCSCREEN_CLI_WALK_H

#include <stddef.h>

typedef struct filelist {
	char **v;
	size_t n, cap;
} filelist;

/* Add path: a file as is; a folder walked recursively for submissions
 * (Office, WPS, PDF, archives and renamed files found by their first bytes), leaving
 * out Office lock files (~$...), hidden files and excludes (fnmatch on the
 * path and on the name).  Returns -1 when out of memory. */
int walk_add(filelist *l, const char *path, const char *const *excludes, size_t n_excludes);
/* Sort by path (byte order) and drop duplicates: stable whatever -j is. */
void walk_sort(filelist *l);
void walk_free(filelist *l);

#endif
