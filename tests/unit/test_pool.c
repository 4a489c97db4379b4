/*
 * test_pool.c - the worker pool (core/batch.c) as a server uses it: bytes
 * in, one-file reports out through the callback, in any order of
 * completion; two engines (profiles) in one pool; the language of reader
 * details per job; freeing with work left; ds_report_merge.  (Crashing and
 * hanging plugins: tests/batch and tests/serve.)
 */
#include <libintl.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docscreen/docscreen.h"

static ds_engine *engines[2];

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *p = malloc(*len ? *len : 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, *len, f), *len);
	fclose(f);
	return p;
}

typedef struct job {
	ds_report *r;
	int calls;
	int order; /* when it was done: 1, 2, ... */
} job;

static int finished;

static void done(void *ud, ds_report *r)
{
	job *j = ud;
	j->r = r;
	j->calls++;
	j->order = ++finished;
}

static void run_until_done(ds_pool *p)
{
	for (int i = 0; i < 2000 && ds_pool_pending(p); i++)
		assert_int_equal(ds_pool_run(p, 50), 0);
	assert_int_equal(ds_pool_pending(p), 0);
}

static char *json(const ds_report *r, const char *lang)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	assert_int_equal(ds_report_write(r, m, "json", lang, false), 0);
	fclose(m);
	return s;
}

static void test_pool__bytes_in_reports_out(void **state)
{
	(void)state;
	ds_batch_options o = DS_BATCH_OPTIONS_INIT;
	o.jobs = 2;
	ds_pool *p;
	assert_int_equal(ds_pool_new(&p, engines, 2, &o), 0);
	size_t len;
	char *sample = slurp(FIXTURES_DIR "/citec/sample/03-陈启明-典型人才案例.docx", &len);
	static const char junk[] = "PK\x03\x04 not really a zip";
	job a = {0}, b = {0}, c = {0}, d = {0};
	assert_int_equal(ds_pool_add(p, 0, "zh", "03.docx", sample, len, done, &a), 0);
	assert_int_equal(ds_pool_add(p, 1, "en", "03-basic.docx", sample, len, done, &b), 0);
	assert_int_equal(ds_pool_add(p, 0, "zh", "broken.docx", junk, sizeof junk - 1, done, &c), 0);
	assert_int_equal(ds_pool_add(p, 0, "en", "broken-en.docx", junk, sizeof junk - 1, done, &d), 0);
	assert_true(ds_pool_pending(p) == 4);
	run_until_done(p);
	assert_int_equal(a.calls + b.calls + c.calls + d.calls, 4);
	assert_non_null(a.r);
	assert_string_equal(ds_report_file_status(a.r, 0), "pass");
	char *ja = json(a.r, "zh"), *jb = json(b.r, "en");
	assert_non_null(strstr(ja, "\"path\":\"03.docx\""));
	assert_non_null(strstr(ja, "citec-2023-national"));
	assert_non_null(strstr(jb, "\"id\":\"basic\""));
	/* a damaged file is a finding; its detail comes in the job's language */
	assert_string_equal(ds_report_file_status(c.r, 0), "error");
	char *jc = json(c.r, "zh"), *jd = json(d.r, "en");
	assert_non_null(strstr(jc, "package.corrupt"));
	assert_non_null(strstr(jc, "文件末尾缺失"));
	assert_null(strstr(jd, "文件末尾缺失"));
	assert_non_null(strstr(jd, "its end is missing"));
	/* merged in the order asked, whatever the order of completion */
	ds_report *all;
	assert_int_equal(ds_report_new(&all, engines[0]), 0);
	assert_int_equal(ds_report_merge(all, c.r), 0);
	assert_int_equal(ds_report_merge(all, a.r), 0);
	assert_int_equal(ds_report_file_count(all), 2);
	char *jall = json(all, "zh");
	assert_true(strstr(jall, "broken.docx") < strstr(jall, "03.docx"));
	assert_int_equal(ds_report_exit_status(all, "error"), 1);
	free(ja), free(jb), free(jc), free(jd), free(jall);
	ds_report_free(all);
	ds_report_free(a.r), ds_report_free(b.r), ds_report_free(c.r), ds_report_free(d.r);
	ds_pool_free(p);
	free(sample);
}

static void test_pool__descriptors_and_free_with_work_left(void **state)
{
	(void)state;
	ds_batch_options o = DS_BATCH_OPTIONS_INIT;
	o.jobs = 1;
	ds_pool *p;
	assert_int_equal(ds_pool_new(&p, engines, 1, &o), 0);
	int fds[4];
	assert_int_equal(ds_pool_fds(p, fds, 4), 0); /* nothing running */
	job a = {0}, b = {0};
	static const char junk[] = "x";
	assert_int_equal(ds_pool_add(p, 0, NULL, "a.docx", junk, 1, done, &a), 0);
	assert_int_equal(ds_pool_add(p, 0, NULL, "b.docx", junk, 1, done, &b), 0);
	assert_int_equal(ds_pool_run(p, 0), 0); /* one starts, one waits */
	assert_true(ds_pool_fds(p, fds, 4) <= 1);
	assert_int_equal(ds_pool_pending(p), 2 - a.calls - b.calls);
	ds_pool_free(p); /* dropped without a call, nothing leaks */
	ds_report_free(a.r);
	ds_report_free(b.r);
}

/* One worker: owner A queues three files, then owner B one.  B's file is
 * the second done (after A's first), not the fourth. */
static void test_pool__owners_take_turns(void **state)
{
	(void)state;
	ds_batch_options o = DS_BATCH_OPTIONS_INIT;
	o.jobs = 1;
	ds_pool *p;
	assert_int_equal(ds_pool_new(&p, engines, 1, &o), 0);
	job a[3] = {{0}}, b = {0};
	static const char junk[] = "x";
	int owner_a, owner_b;
	finished = 0;
	for (int i = 0; i < 3; i++)
		assert_int_equal(ds_pool_add_owned(p, &owner_a, 0, NULL, "a.docx", junk, 1, done, &a[i]), 0);
	assert_int_equal(ds_pool_add_owned(p, &owner_b, 0, NULL, "b.docx", junk, 1, done, &b), 0);
	run_until_done(p);
	assert_int_equal(a[0].order, 1);
	assert_int_equal(b.order, 2);
	assert_int_equal(a[1].order, 3);
	assert_int_equal(a[2].order, 4);
	/* without owners, first in first out */
	job c[3] = {{0}};
	finished = 0;
	for (int i = 0; i < 3; i++)
		assert_int_equal(ds_pool_add(p, 0, NULL, "c.docx", junk, 1, done, &c[i]), 0);
	run_until_done(p);
	for (int i = 0; i < 3; i++)
		assert_int_equal(c[i].order, i + 1);
	for (int i = 0; i < 3; i++) {
		ds_report_free(a[i].r);
		ds_report_free(c[i].r);
	}
	ds_report_free(b.r);
	ds_pool_free(p);
}

/* A container's documents are jobs of their own, for any worker (more
 * jobs pending than were added), and its report is the one a check in
 * this process gives: every entry, in order. */
static void test_pool__container_documents_spread(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool documents; /* (a nest of archives, a note: none) */
	} cases[] = {{"江海市-报送材料.zip", true}, {"深蓝海洋装备-材料.7z", true}, {"收件箱.mbox", true},
		     {"江海市-报送邮件.eml", true}, {"自动编号案例.tar.gz", true},  {"套娃.zip", false},
		     {"只有说明.zip", false}};
	ds_batch_options o = DS_BATCH_OPTIONS_INIT;
	o.jobs = 2;
	ds_pool *p;
	assert_int_equal(ds_pool_new(&p, engines, 1, &o), 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *name = cases[i].name;
		char path[512];
		snprintf(path, sizeof path, "%s/intake/%s", FIXTURES_DIR, name);
		size_t len;
		char *data = slurp(path, &len);
		ds_report *here;
		assert_int_equal(ds_report_new(&here, engines[0]), 0);
		assert_int_equal(ds_engine_check_memory(engines[0], here, name, data, len), 0);
		job a = {0};
		assert_int_equal(ds_pool_add(p, 0, "en", name, data, len, done, &a), 0);
		size_t most = 0;
		for (int k = 0; k < 2000 && ds_pool_pending(p); k++) {
			assert_int_equal(ds_pool_run(p, 50), 0);
			most = ds_pool_pending(p) > most ? ds_pool_pending(p) : most;
		}
		assert_int_equal(a.calls, 1);
		assert_non_null(a.r);
		char *want = json(here, "en"), *got = json(a.r, "en");
		assert_string_equal(got, want);
		assert_int_equal(most > 1, cases[i].documents);
		free(want), free(got);
		ds_report_free(here);
		ds_report_free(a.r);
		free(data);
	}
	ds_pool_free(p);
}

static void test_pool__bad_arguments(void **state)
{
	(void)state;
	ds_pool *p;
	assert_true(ds_pool_new(&p, engines, 0, NULL) < 0);
	assert_null(p);
	assert_int_equal(ds_pool_new(&p, engines, 1, NULL), 0);
	job a = {0};
	assert_true(ds_pool_add(p, 5, NULL, "a.docx", "x", 1, done, &a) < 0); /* no such engine */
	assert_true(ds_pool_add(p, 0, NULL, NULL, "x", 1, done, &a) < 0);
	ds_pool_free(p);
}

static int setup(void **state)
{
	(void)state;
	const char *ids[2] = {"citec-2023-national", "basic"};
	for (int i = 0; i < 2; i++) {
		ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
		const char *plugins[] = {PACKAGE_PLUGIN_DIR, NULL}, *rules[] = {RULES_DIR, NULL};
		o.plugin_dirs = plugins;
		o.profile_dirs = rules;
		if (ds_engine_new(&engines[i], &o) < 0 || ds_engine_use_profile(engines[i], ids[i]) < 0) {
			fprintf(stderr, "%s\n", ds_error_last());
			return -1;
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ds_engine_free(engines[0]);
	ds_engine_free(engines[1]);
	return 0;
}

int main(void)
{
	/* the catalog of the build tree, as the command finds it */
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "en", 1);
	bindtextdomain("docscreen", LOCALE_DIR);
	bind_textdomain_codeset("docscreen", "UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool__bytes_in_reports_out),
		cmocka_unit_test(test_pool__descriptors_and_free_with_work_left),
		cmocka_unit_test(test_pool__owners_take_turns),
		cmocka_unit_test(test_pool__container_documents_spread),
		cmocka_unit_test(test_pool__bad_arguments),
	};
	return cmocka_run_group_tests_name("pool", tests, setup, teardown);
}
