/*
 * test_numfmt.c - Excel number formats and Word list-label formats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void fmt(double v, const char *code, const char *want)
{
	ds__buf b = {0};
	ds__numfmt_format(v, code, false, &b);
	if (strcmp(b.p ? b.p : "", want))
		fail_msg("%g with '%s': got '%s', want '%s'", v, code, b.p, want);
	ds__buf_free(&b);
}

static void label(const char *f, long n, const char *want)
{
	ds__buf b = {0};
	ds__numfmt_label(&b, f, n);
	if (strcmp(b.p ? b.p : "", want))
		fail_msg("%ld as %s: got '%s', want '%s'", n, f, b.p ? b.p : "", want);
	ds__buf_free(&b);
}

static void test_numfmt__excel(void **state)
{
	(void)state;
	fmt(1234.5, "General", "1234.5");
	fmt(1.0 / 3, "General", "0.333333333");
	fmt(123456789012345.0, "General", "1.23457E+14");
	fmt(42, "0", "42");
	fmt(0.5, "0.00", "0.50");
	fmt(1234567, "#,##0", "1,234,567");
	fmt(-1234.5, "#,##0.00", "-1,234.50");
	fmt(0.256, "0%", "26%");
	fmt(-5, "0;(0)", "(5)");
	fmt(0, "0;-0;\"zero\"", "zero");
	fmt(12, "0\"人\"", "12人");
	fmt(3.5, "[$¥-804]#,##0.00", "¥3.50");
	fmt(1500, "0.00E+00", "1.50E+03");
	fmt(44927.5, "yyyy-mm-dd hh:mm", "2023-01-01 12:00");
	fmt(44927.75, "h:mm AM/PM", "6:00 PM");
	fmt(45000, "mmm d, yyyy", "Mar 15, 2023");
	fmt(45000, "dddd", "Wednesday");
	fmt(45000, "m/d/yy", "3/15/23");
	/* a padding or escaped character may be more than one byte */
	fmt(10, "_-* #,##0.00\\ _€_-", " 10.00   ");
	fmt(10, "#,##0.00\\€", "10.00€");
}

static void test_numfmt__is_date(void **state)
{
	(void)state;
	assert_true(ds__numfmt_is_date("yyyy-mm-dd"));
	assert_true(ds__numfmt_is_date("[$-F800]dddd, mmmm dd, yyyy"));
	assert_true(ds__numfmt_is_date("[h]:mm:ss"));
	assert_true(ds__numfmt_is_date("yyyy\"年\"m\"月\""));
	assert_false(ds__numfmt_is_date("General"));
	assert_false(ds__numfmt_is_date("0.00"));
	assert_false(ds__numfmt_is_date("\"day \"0"));      /* y and d are quoted */
	assert_false(ds__numfmt_is_date("[Red]#,##0"));
	assert_false(ds__numfmt_is_date("0.00E+00"));
	assert_false(ds__numfmt_is_date("#,##0\\h"));
	assert_true(ds__numfmt_builtin(14) != NULL && ds__numfmt_is_date(ds__numfmt_builtin(14)));
	assert_true(ds__numfmt_is_date(ds__numfmt_builtin(31)));
	assert_false(ds__numfmt_is_date(ds__numfmt_builtin(4)));
}

static void test_numfmt__labels(void **state)
{
	(void)state;
	label("decimal", 7, "7");
	label("decimalZero", 7, "07");
	label("decimalFullWidth", 12, "１２");
	label("decimalEnclosedCircle", 1, "①");
	label("decimalEnclosedCircle", 21, "21");
	label("chineseCounting", 1, "一");
	label("chineseCounting", 10, "十");
	label("chineseCounting", 11, "十一");
	label("chineseCounting", 20, "二十");
	label("chineseCounting", 99, "九十九");
	label("chineseCountingThousand", 101, "一百零一");
	label("chineseCountingThousand", 110, "一百一十");
	label("chineseCountingThousand", 2023, "二千零二十三");
	label("chineseLegalSimplified", 12, "壹拾贰");
	label("ideographTraditional", 3, "丙");
	label("upperLetter", 1, "A");
	label("upperLetter", 28, "BB");
	label("lowerLetter", 3, "c");
	label("upperRoman", 1994, "MCMXCIV");
	label("lowerRoman", 4, "iv");
	label("none", 4, "");
	label("somethingNew", 5, "5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numfmt__excel),
		cmocka_unit_test(test_numfmt__is_date),
		cmocka_unit_test(test_numfmt__labels),
	};
	return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
