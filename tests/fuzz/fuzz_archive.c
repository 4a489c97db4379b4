/*
 * fuzz_archive.c - fuzz target: bytes as an archive (zip, rar, 7z, tar,
 * compressed tar) walked member by member as check walks them, each member
 * triaged and, when it is a document, opened.  Built with libFuzzer under
 * clang, or with driver.c to replay a corpus in every test run.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "docscreen/docscreen.h"
#include "intake/intake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int member(void *ud, const ds__member *m)
{
	size_t *sum = ud;
	*sum += strlen(m->name);
	if (m->error || !ds_is_submission(m->name, m->data, m->len))
		return 0;
	ds_doc *doc = NULL;
	ds_open_options o = DS_OPEN_OPTIONS_INIT;
	o.limits.max_total_bytes = 64u << 20;
	if (ds_kind_detect(m->data, m->len) == DS_KIND_ZIP && ds_doc_open_memory(&doc, m->data, m->len, &o) == 0)
		*sum += ds_doc_para_count(doc);
	ds_doc_free(doc);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_limits l = DS_LIMITS_INIT;
	l.max_unpacked = 64u << 20; /* keep each run small */
	l.max_members = 200;
	uint64_t unpacked = 0;
	size_t sum = 0;
	char format[16];
	const char *magic = ds__archive_format(data, size);
	snprintf(format, sizeof format, "%s", magic ? magic : "");
	ds__archive_each(data, size, "fuzz.zip", &l, &unpacked, format, member, &sum);
	return 0;
}
