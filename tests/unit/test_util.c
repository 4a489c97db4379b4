/*
 * test_util.c - internal helpers: arrays that grow past the mapping
 * threshold (ds__vec_*), which must keep their contents whichever way they
 * move, and the string arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* Grow one element at a time from nothing to 3 MiB of uint32_t (past the
 * 2 MiB threshold, so malloc, then a mapping, then mremap), then fit it to
 * fewer (mapped, then malloc again): the values stay. */
static void test_util__vec_keeps_contents(void **state)
{
	(void)state;
	uint32_t *v = NULL;
	size_t cap = 0, n = 0, want = 3u << 18;
	for (; n < want; n++) {
		assert_int_equal(ds__vec_grow((void **)&v, &cap, n, sizeof *v), 0);
		v[n] = (uint32_t)n * 2654435761u;
	}
	assert_true(cap * sizeof *v >= (2u << 20));
	for (size_t i = 0; i < n; i += 4099)
		assert_int_equal(v[i], (uint32_t)i * 2654435761u);
	/* fit, still mapped */
	n = 600000;
	assert_int_equal(ds__vec_fit((void **)&v, &cap, n, sizeof *v), 0);
	assert_int_equal(cap, n);
	assert_int_equal(v[n - 1], (uint32_t)(n - 1) * 2654435761u);
	/* fit below the threshold: back on the heap */
	n = 1000;
	assert_int_equal(ds__vec_fit((void **)&v, &cap, n, sizeof *v), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i], (uint32_t)i * 2654435761u);
	ds__vec_free(v, cap, sizeof *v);
	/* an empty one fits to nothing and frees */
	v = NULL;
	cap = 0;
	assert_int_equal(ds__vec_grow((void **)&v, &cap, 0, sizeof *v), 0);
	assert_int_equal(ds__vec_fit((void **)&v, &cap, 0, sizeof *v), 0);
	ds__vec_free(v, cap, sizeof *v);
}

static void test_util__arena_strings(void **state)
{
	(void)state;
	ds__arena a = {0};
	const char *first = ds__arena_strndup(&a, "人才", strlen("人才"));
	char big[100000];
	memset(big, 'x', sizeof big);
	const char *s = ds__arena_strndup(&a, big, sizeof big); /* bigger than a chunk */
	const char *last = ds__arena_strndup(&a, "交流", strlen("交流"));
	assert_string_equal(first, "人才");
	assert_int_equal(strlen(s), sizeof big);
	assert_string_equal(last, "交流");
	ds__arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util__vec_keeps_contents),
		cmocka_unit_test(test_util__arena_strings),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
