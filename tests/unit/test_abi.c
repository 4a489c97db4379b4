/*
 * test_abi.c - the promises of the public headers that a compiler can
 * check: the structs handed out as arrays are frozen (model.h), and the
 * versioned structs keep their first fields where version 1 had them.
 * A change that breaks one fails the build of this test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "docscreen/count.h"
#include "docscreen/docscreen.h"
#include "docscreen/model.h"
#include "docscreen/plugin.h"
#include "docscreen/report.h"

#if defined(__x86_64__) || defined(__aarch64__)
/* frozen for ABI major 1: plugins step through these arrays by their own sizeof */
_Static_assert(sizeof(ds_cell) == 48, "ds_cell is frozen");
_Static_assert(sizeof(ds_span) == 8, "ds_span is frozen");
_Static_assert(sizeof(ds_control) == 16, "ds_control is frozen");
_Static_assert(sizeof(ds_mark) == 16, "ds_mark is frozen");
_Static_assert(sizeof(ds_range) == 16, "ds_range is frozen");
_Static_assert(sizeof(ds_runfmt) == 32, "ds_runfmt is frozen");

#endif
/* versioned structs: the version first, version 1's fields where they were */
_Static_assert(offsetof(ds_limits, version) == 0, "version first");
_Static_assert(offsetof(ds_open_options, limits) == 8, "ds_open_options v1");
_Static_assert(offsetof(ds_location, version) == 0, "version first");
_Static_assert(offsetof(ds_count_options, version) == 0, "version first");
_Static_assert(offsetof(ds_batch_options, version) == 0, "version first");
_Static_assert(offsetof(ds_engine_options, version) == 0, "version first");
_Static_assert(offsetof(ds_waiver, version) == 0, "version first");
_Static_assert(offsetof(ds_plugin_def, abi_major) == 0 && offsetof(ds_plugin_def, abi_minor) == 4,
	       "the descriptor starts with its ABI version");

static void test_abi__versions_known(void **state)
{
	(void)state;
	assert_true(DS_PLUGIN_ABI_MAJOR == 1);
	assert_true(DS_LIMITS_VERSION >= 3 && DS_COUNT_OPTIONS_VERSION >= 2 && DS_LOCATION_VERSION >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_abi__versions_known)};
	return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
