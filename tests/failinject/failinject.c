/*
 * failinject.c - allocation-failure injection: the Nth allocation fails, for
 * N = 1, 2, ... until a run completes without reaching N, over the readers
 * (a DOCX and an XLSX from memory), the profile loader and the pattern
 * compiler.  Every run must end in success or a clean error with a message,
 * never a crash, and must give back every allocation it made.
 *
 * malloc and friends are replaced (alloc.c) for the library's objects linked
 * in here; libxml2, libzip and PCRE2 keep glibc's (failcheck.c fails theirs
 * too, over a whole check).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include "alloc.h"

typedef int (*scenario)(void *arg);

static const char *doc_data;
static size_t doc_len;

static int open_doc(void *arg)
{
	(void)arg;
	ds_doc *doc = NULL;
	int rc = ds_doc_open_memory(&doc, doc_data, doc_len, NULL);
	ds_doc_free(doc);
	return rc;
}

static int load_profile(void *arg)
{
	ds__profile *p = NULL;
	int rc = ds__profile_load(&p, arg);
	ds__profile_free(p);
	return rc;
}

static int compile_pattern(void *arg)
{
	ds__arena a = {0};
	ds_pattern *p = NULL;
	int rc = ds__pattern_compile(&p, arg, "test", &a);
	if (!rc && !ds_pattern_match(p, "2018—2022年", strlen("2018—2022年"), 0, NULL, NULL))
		rc = 1;
	ds__pattern_free(p);
	ds__arena_free(&a);
	return rc;
}

/* Run s with the Nth allocation failing for every N; 0 when all was clean. */
static int torture(const char *name, scenario s, void *arg)
{
	s(arg); /* warm up: one-time initialisation of the libraries */
	long n, errors = 0;
	for (n = 1;; n++) {
		long before = live;
		hit = false;
		countdown = n;
		ds__error_clear();
		int rc = s(arg);
		countdown = 0;
		/* rc == 0 after a failure is fine: the code went around it */
		if (hit && rc < 0 && !*ds_error_last()) {
			fprintf(stderr, "%s: allocation %ld failed, error %d without a message\n", name, n, rc);
			errors++;
		}
		if (live != before) {
			fprintf(stderr, "%s: allocation %ld failed, %ld allocations not given back\n", name, n,
				live - before);
			errors++;
		}
		if (!hit)
			break;
	}
	printf("%s: %ld allocation failures injected, %ld problems\n", name, n - 1, errors);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	int status = 0;
	for (int i = 1; i < argc; i++) {
		const char *path = argv[i];
		size_t len = strlen(path);
		if (len > 4 && !strcmp(path + len - 4, ".xml")) {
			status |= torture(path, load_profile, (void *)path);
			continue;
		}
		char *data = alloc_slurp(path, &doc_len);
		if (!data) {
			fprintf(stderr, "cannot read %s\n", path);
			return 2;
		}
		doc_data = data;
		status |= torture(path, open_doc, NULL);
		free(data);
	}
	status |= torture("pattern", compile_pattern,
			  "(?<![\\d.])((?:19|20)\\d{2})(?=\\s*(?:年|[-—–~～至到]\\s*(?:(?:19|20)\\d{2})))");
	printf("%d passed, %d failed\n", status ? 0 : 1, status ? 1 : 0);
	return status;
}
