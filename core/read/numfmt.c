/*
 * numfmt.c - numbers as people see them: Excel number formats for cells and
 * Word numbering formats for list labels.
 *
 * Excel: a format code is split in sections (positive;negative;zero;text);
 * dates are recognised by y/m/d/h/s outside quoted and bracketed parts.
 * Word: numFmt names (decimal, chineseCounting, upperRoman, ...) render an
 * integer.  Unknown formats fall back to decimal, never to nothing.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* ------------------------------------------------------------- list labels */

static void add_cn(ds__buf *out, long n, const char *const digits[10], const char *const units[4], bool legal)
{
	if (n == 0) {
		ds__buf_add(out, digits[0], strlen(digits[0]));
		return;
	}
	if (n >= 10000) { /* 万 and beyond: digit by digit is still readable */
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%ld", n);
		for (char *c = tmp; *c; c++)
			ds__buf_add(out, digits[*c - '0'], strlen(digits[*c - '0']));
		return;
	}
	int d[4] = {(int)(n / 1000), (int)(n / 100 % 10), (int)(n / 10 % 10), (int)(n % 10)};
	bool started = false, zero = false;
	for (int i = 0; i < 4; i++) {
		if (!d[i]) {
			zero = started;
			continue;
		}
		if (zero)
			ds__buf_add(out, digits[0], strlen(digits[0]));
		zero = false;
		/* 十一 not 一十一, unless it is a legal (大写) number */
		if (!(i == 2 && d[i] == 1 && !started && !legal))
			ds__buf_add(out, digits[d[i]], strlen(digits[d[i]]));
		ds__buf_add(out, units[3 - i], strlen(units[3 - i]));
		started = true;
	}
}

static void add_letters(ds__buf *out, long n, char base)
{
	/* Word repeats the letter: 27 -> AA, 28 -> BB */
	if (n <= 0) {
		ds__buf_addc(out, '0');
		return;
	}
	long reps = (n - 1) / 26 + 1;
	char c = (char)(base + (n - 1) % 26);
	for (long i = 0; i < reps && i < 50; i++)
		ds__buf_addc(out, c);
}

static void add_roman(ds__buf *out, long n, bool upper)
{
	static const struct {
		int v;
		const char *s;
	} r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
		 {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
	if (n <= 0 || n >= 4000) {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%ld", n);
		ds__buf_add(out, tmp, strlen(tmp));
		return;
	}
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		while (n >= r[i].v) {
			for (const char *c = r[i].s; *c; c++)
				ds__buf_addc(out, upper ? (char)toupper((unsigned char)*c) : *c);
			n -= r[i].v;
		}
}

void ds__numfmt_label(ds__buf *out, const char *fmt, long n)
{
	static const char *const cn[10] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const cn_thousand[10] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const cn_units[4] = {"", "十", "百", "千"};
	static const char *const legal[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
	static const char *const legal_units[4] = {"", "拾", "佰", "仟"};
	static const char *const stems[10] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
	static const char *const zodiac[12] = {"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"};
	char tmp[32];
	if (!strcmp(fmt, "none"))
		return;
	if (!strcmp(fmt, "decimalZero")) {
		snprintf(tmp, sizeof tmp, "%02ld", n);
	} else if (!strncmp(fmt, "decimalFullWidth", 16)) {
		snprintf(tmp, sizeof tmp, "%ld", n);
		for (char *c = tmp; *c; c++)
			ds__buf_add_cp(out, *c == '-' ? 0xFF0D : 0xFF10 + (uint32_t)(*c - '0'));
		return;
	} else if (!strncmp(fmt, "decimalEnclosedCircle", 21) && n >= 1 && n <= 20) {
		ds__buf_add_cp(out, 0x2460 + (uint32_t)(n - 1));
		return;
	} else if (!strcmp(fmt, "decimalEnclosedFullstop") && n >= 1 && n <= 20) {
		ds__buf_add_cp(out, 0x2488 + (uint32_t)(n - 1));
		return;
	} else if (!strcmp(fmt, "decimalEnclosedParen") && n >= 1 && n <= 20) {
		ds__buf_add_cp(out, 0x2474 + (uint32_t)(n - 1));
		return;
	} else if (!strcmp(fmt, "chineseCounting") || !strcmp(fmt, "japaneseCounting") ||
		   !strcmp(fmt, "taiwaneseCounting")) {
		if (n >= 0 && n < 100) {
			add_cn(out, n, cn, cn_units, false);
			return;
		}
		snprintf(tmp, sizeof tmp, "%ld", n);
		for (char *c = tmp; *c && isdigit((unsigned char)*c); c++)
			ds__buf_add(out, cn[*c - '0'], strlen(cn[*c - '0']));
		return;
	} else if (!strcmp(fmt, "chineseCountingThousand") || !strcmp(fmt, "taiwaneseCountingThousand") ||
		   !strcmp(fmt, "japaneseDigitalTenThousand")) {
		add_cn(out, n < 0 ? 0 : n, cn_thousand, cn_units, false);
		return;
	} else if (!strcmp(fmt, "chineseLegalSimplified") || !strcmp(fmt, "japaneseLegal")) {
		add_cn(out, n < 0 ? 0 : n, legal, legal_units, true);
		return;
	} else if (!strcmp(fmt, "ideographTraditional") && n >= 1) {
		const char *s = stems[(n - 1) % 10];
		ds__buf_add(out, s, strlen(s));
		return;
	} else if (!strcmp(fmt, "ideographZodiac") && n >= 1) {
		const char *s = zodiac[(n - 1) % 12];
		ds__buf_add(out, s, strlen(s));
		return;
	} else if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "lowerLetter")) {
		add_letters(out, n, fmt[0] == 'u' ? 'A' : 'a');
		return;
	} else if (!strcmp(fmt, "upperRoman") || !strcmp(fmt, "lowerRoman")) {
		add_roman(out, n, fmt[0] == 'u');
		return;
	} else if (!strcmp(fmt, "ordinal")) {
		long m = n % 100;
		const char *suf = (m >= 11 && m <= 13) ? "th"
				  : n % 10 == 1        ? "st"
				  : n % 10 == 2        ? "nd"
				  : n % 10 == 3        ? "rd"
						       : "th";
		snprintf(tmp, sizeof tmp, "%ld%s", n, suf);
	} else {
		snprintf(tmp, sizeof tmp, "%ld", n);
	}
	ds__buf_add(out, tmp, strlen(tmp));
}

/* ------------------------------------------------------------ Excel formats */

/* Bytes of the UTF-8 character at p (a format code may hold \€ or _€). */
static size_t cplen(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (!p[i])
			return i;
	return n;
}

const char *ds__numfmt_builtin(unsigned id)
{
	switch (id) {
	case 0: return "General";
	case 1: return "0";
	case 2: return "0.00";
	case 3: return "#,##0";
	case 4: return "#,##0.00";
	case 5: return "\"¥\"#,##0;\"¥\"-#,##0";
	case 6: return "\"¥\"#,##0;[Red]\"¥\"-#,##0";
	case 7: return "\"¥\"#,##0.00;\"¥\"-#,##0.00";
	case 8: return "\"¥\"#,##0.00;[Red]\"¥\"-#,##0.00";
	case 9: return "0%";
	case 10: return "0.00%";
	case 11: return "0.00E+00";
	case 12: return "# ?/?";
	case 13:
		return "# ?"
		       "?/?"
		       "?";
	case 14: return "yyyy/m/d";
	case 15: return "d-mmm-yy";
	case 16: return "d-mmm";
	case 17: return "mmm-yy";
	case 18: return "h:mm AM/PM";
	case 19: return "h:mm:ss AM/PM";
	case 20: return "h:mm";
	case 21: return "h:mm:ss";
	case 22: return "yyyy/m/d h:mm";
	case 27:
	case 36:
	case 50:
	case 57: return "yyyy\"年\"m\"月\"";
	case 28:
	case 29:
	case 54: return "m\"月\"d\"日\"";
	case 30: return "m-d-yy";
	case 31:
	case 58: return "yyyy\"年\"m\"月\"d\"日\"";
	case 32: return "h\"时\"mm\"分\"";
	case 33: return "h\"时\"mm\"分\"ss\"秒\"";
	case 34:
	case 55: return "AM/PM h\"时\"mm\"分\"";
	case 35:
	case 56: return "AM/PM h\"时\"mm\"分\"ss\"秒\"";
	case 37: return "#,##0 ;(#,##0)";
	case 38: return "#,##0 ;[Red](#,##0)";
	case 39: return "#,##0.00;(#,##0.00)";
	case 40: return "#,##0.00;[Red](#,##0.00)";
	case 45: return "mm:ss";
	case 46: return "[h]:mm:ss";
	case 47: return "mmss.0";
	case 48: return "##0.0E+0";
	case 49: return "@";
	case 51:
	case 52:
	case 53: return "yyyy\"年\"m\"月\"d\"日\"";
	default: return NULL;
	}
}

/* The section of code for value (sections split at unquoted ';'). */
static void section_of(const char *code, double v, char *out, size_t size, bool *neg_section)
{
	const char *sec[4] = {code, NULL, NULL, NULL};
	size_t lens[4] = {0};
	int n = 1;
	bool q = false;
	const char *p = code;
	for (; *p; p++) {
		if (*p == '"')
			q = !q;
		else if (*p == '\\' && p[1])
			p += cplen(p + 1);
		else if (*p == ';' && !q && n < 4) {
			lens[n - 1] = (size_t)(p - sec[n - 1]);
			sec[n++] = p + 1;
		}
	}
	lens[n - 1] = (size_t)(p - sec[n - 1]);
	int k = 0;
	if (v < 0 && n >= 2)
		k = 1;
	else if (v == 0 && n >= 3)
		k = 2;
	*neg_section = k == 1;
	size_t len = lens[k] < size - 1 ? lens[k] : size - 1;
	memcpy(out, sec[k], len);
	out[len] = '\0';
}

bool ds__numfmt_is_date(const char *code)
{
	if (!code)
		return false;
	bool q = false;
	for (const char *p = code; *p; p++) {
		char c = (char)tolower((unsigned char)*p);
		if (*p == ';')
			break;
		if (*p == '"') {
			q = !q;
		} else if (q) {
			continue;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p += cplen(p + 1);
		} else if (*p == '[') {
			/* [h] [mm] [ss] are elapsed times; [Red], [$-804] are not */
			const char *e = strchr(p, ']');
			if (!e)
				break;
			char ch = (char)tolower((unsigned char)p[1]);
			if ((ch == 'h' || ch == 'm' || ch == 's') && e - p <= 4 &&
			    strspn(p + 1, "hHmMsS") == (size_t)(e - p - 1))
				return true;
			p = e;
		} else if (c == 'y' || c == 'd' || c == 'h' || c == 's' || c == 'm') {
			return true;
		} else if (c == 'e' || c == 'g' || c == 'b') {
			/* General, E+ exponents, B1/B2 calendars: skip the letters */
			if (!strncasecmp(p, "general", 7))
				p += 6;
		}
	}
	return false;
}

static void general(double v, ds__buf *out)
{
	char tmp[64];
	if (v == floor(v) && fabs(v) < 1e11) {
		snprintf(tmp, sizeof tmp, "%.0f", v);
	} else {
		for (int prec = 10; prec >= 1; prec--) {
			snprintf(tmp, sizeof tmp, "%.*G", prec, v);
			if (strlen(tmp) <= 11)
				break;
		}
		/* 1.5E+12 is shown as 1.5E+12; drop trailing zeros of plain decimals */
		if (!strchr(tmp, 'E') && strchr(tmp, '.')) {
			size_t n = strlen(tmp);
			while (n && tmp[n - 1] == '0')
				tmp[--n] = '\0';
			if (n && tmp[n - 1] == '.')
				tmp[--n] = '\0';
		}
	}
	if (!strcmp(tmp, "-0"))
		strcpy(tmp, "0");
	ds__buf_add(out, tmp, strlen(tmp));
}

static void civil(long days, int *y, int *m, int *d)
{
	/* days since 1970-01-01 -> date (Howard Hinnant's algorithm) */
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void format_date(double v, const char *code, bool date1904, ds__buf *out)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const char *const month[12] = {"January", "February", "March",     "April",   "May",      "June",
					      "July",    "August",   "September", "October", "November", "December"};
	static const char *const wday[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					    "Thursday", "Friday", "Saturday"};
	if (v < 0 || v > 2958465.0) {
		general(v, out);
		return;
	}
	long serial = (long)floor(v);
	long secs = lround((v - (double)serial) * 86400.0);
	if (secs >= 86400) {
		serial++;
		secs -= 86400;
	}
	int y, m, d;
	if (date1904) {
		civil(serial - 24107, &y, &m, &d); /* 1904-01-01 is day 0 */
	} else if (serial == 60) {
		y = 1900, m = 2, d = 29; /* Lotus's leap day that never was */
	} else {
		civil(serial - (serial > 60 ? 25569 : 25568), &y, &m, &d);
	}
	long days70 = date1904 ? serial - 24107 : serial - (serial > 60 ? 25569 : 25568);
	int wd = (int)(((days70 % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	int hh = (int)(secs / 3600), mi = (int)(secs / 60 % 60), ss = (int)(secs % 60);
	bool ampm = strcasestr(code, "AM/PM") != NULL || strstr(code, "上午/下午") != NULL;
	char tmp[64];
	bool last_h = false;
	for (const char *p = code; *p;) {
		char c = (char)tolower((unsigned char)*p);
		size_t run = 1;
		while (p[run] && tolower((unsigned char)p[run]) == c)
			run++;
		if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
			ds__buf_add(out, p + 1, n);
			p += n + (e ? 2 : 1);
			continue;
		}
		if (*p == '\\' && p[1]) {
			ds__buf_add(out, p + 1, cplen(p + 1));
			p += 1 + cplen(p + 1);
			continue;
		}
		if (*p == '[') {
			const char *e = strchr(p, ']');
			p = e ? e + 1 : p + strlen(p);
			continue;
		}
		if (!strncasecmp(p, "AM/PM", 5)) {
			ds__buf_add(out, hh < 12 ? "AM" : "PM", 2);
			p += 5;
			continue;
		}
		if (!strncmp(p, "上午/下午", strlen("上午/下午"))) {
			const char *s = hh < 12 ? "上午" : "下午";
			ds__buf_add(out, s, strlen(s));
			p += strlen("上午/下午");
			continue;
		}
		tmp[0] = '\0';
		if (c == 'y') {
			snprintf(tmp, sizeof tmp, run <= 2 ? "%02d" : "%04d", run <= 2 ? y % 100 : y);
		} else if (c == 'm') {
			/* minutes after an hour or before seconds */
			const char *q = p + run;
			while (*q && strchr(" :.", *q))
				q++;
			bool minutes = last_h || tolower((unsigned char)*q) == 's';
			if (minutes)
				snprintf(tmp, sizeof tmp, run >= 2 ? "%02d" : "%d", mi);
			else if (run >= 4)
				snprintf(tmp, sizeof tmp, "%s", month[m - 1]);
			else if (run == 3)
				snprintf(tmp, sizeof tmp, "%s", mon[m - 1]);
			else
				snprintf(tmp, sizeof tmp, run == 2 ? "%02d" : "%d", m);
		} else if (c == 'd') {
			if (run >= 4)
				snprintf(tmp, sizeof tmp, "%s", wday[wd]);
			else if (run == 3)
				snprintf(tmp, sizeof tmp, "%.3s", wday[wd]);
			else
				snprintf(tmp, sizeof tmp, run == 2 ? "%02d" : "%d", d);
		} else if (c == 'h') {
			int h = ampm ? (hh % 12 ? hh % 12 : 12) : hh;
			snprintf(tmp, sizeof tmp, run >= 2 ? "%02d" : "%d", h);
		} else if (c == 's') {
			snprintf(tmp, sizeof tmp, run >= 2 ? "%02d" : "%d", ss);
		} else {
			ds__buf_add(out, p, 1);
			p++;
			if (c != ' ' && c != ':')
				last_h = false;
			continue;
		}
		last_h = c == 'h';
		ds__buf_add(out, tmp, strlen(tmp));
		p += run;
	}
}

static void format_number(double v, const char *sec, bool neg_section, ds__buf *out)
{
	int int_zeros = 0, decimals = 0;
	bool grouping = false, percent = false, sci = false, seen_dot = false, any = false;
	for (const char *p = sec; *p; p++) {
		if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			if (!e)
				break;
			p = e;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p += cplen(p + 1);
		} else if (*p == '[') {
			const char *e = strchr(p, ']');
			if (!e)
				break;
			p = e;
		} else if (*p == '0' || *p == '#' || *p == '?') {
			any = true;
			if (sci)
				continue; /* exponent digits */
			if (seen_dot)
				decimals++;
			else if (*p == '0')
				int_zeros++;
		} else if (*p == '.' && !sci) {
			seen_dot = true;
		} else if (*p == ',' && any && !seen_dot) {
			grouping = true;
		} else if (*p == '%') {
			percent = true;
		} else if ((*p == 'E' || *p == 'e') && (p[1] == '+' || p[1] == '-')) {
			sci = true;
		} else if (*p == '/' && any) {
			general(v, out); /* fractions: show the value plainly */
			return;
		}
	}
	double a = fabs(v) * (percent ? 100.0 : 1.0);
	if (!sci && decimals < 16) {
		/* Excel rounds half away from zero on 15 significant digits */
		char t[64];
		snprintf(t, sizeof t, "%.15g", a);
		double scale = pow(10.0, decimals);
		a = floor(strtod(t, NULL) * scale + 0.5) / scale;
	}
	char num[512];
	if (!any) {
		num[0] = '\0';
	} else if (sci) {
		snprintf(num, sizeof num, "%.*E", decimals, a);
	} else {
		snprintf(num, sizeof num, "%.*f", decimals, a);
		char *dot = strchr(num, '.');
		size_t ilen = dot ? (size_t)(dot - num) : strlen(num);
		if (ilen == 1 && num[0] == '0' && int_zeros == 0) { /* "#.00" shows .50 */
			memmove(num, num + 1, strlen(num));
			ilen = 0;
		}
		if (grouping && ilen > 3) {
			char g[600];
			size_t o = 0;
			for (size_t i = 0; i < ilen; i++) {
				if (i && (ilen - i) % 3 == 0)
					g[o++] = ',';
				g[o++] = num[i];
			}
			snprintf(g + o, sizeof g - o, "%s", num + ilen);
			memcpy(num, g, strlen(g) + 1 < sizeof num ? strlen(g) + 1 : sizeof num);
			num[sizeof num - 1] = '\0';
		}
	}
	bool negative = v < 0 && !neg_section && a != 0;
	for (const char *p = sec; *p; p++)
		if (*p == '0' || *p == '#' || *p == '?')
			break;
		else if (p[0] == '-' || (p[0] == '"' && p[1] == '-'))
			negative = false; /* the section writes its own sign */
	if (negative)
		ds__buf_addc(out, '-');
	bool emitted = false;
	for (const char *p = sec; *p; p++) {
		if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
			ds__buf_add(out, p + 1, n);
			if (!e)
				break;
			p = e;
		} else if (*p == '\\' && p[1]) {
			ds__buf_add(out, p + 1, cplen(p + 1));
			p += cplen(p + 1);
		} else if (*p == '_' && p[1]) {
			ds__buf_addc(out, ' ');
			p += cplen(p + 1);
		} else if (*p == '*' && p[1]) {
			p += cplen(p + 1);
		} else if (*p == '[') {
			const char *e = strchr(p, ']');
			if (!e)
				break;
			if (p[1] == '$') { /* [$¥-804]: the currency symbol */
				const char *dash = memchr(p + 2, '-', (size_t)(e - p - 2));
				ds__buf_add(out, p + 2, (size_t)((dash ? dash : e) - p - 2));
			}
			p = e;
		} else if (strchr("0#?.,", *p) || ((*p == 'E' || *p == 'e') && sci) ||
			   ((*p == '+' || *p == '-') && sci && p > sec && (p[-1] == 'E' || p[-1] == 'e'))) {
			if (!emitted)
				ds__buf_add(out, num, strlen(num));
			emitted = true;
		} else if (*p == '@') {
			general(v, out);
		} else {
			ds__buf_addc(out, *p);
		}
	}
}

void ds__numfmt_format(double v, const char *code, bool date1904, ds__buf *out)
{
	if (!code || !*code || !strcasecmp(code, "General") || !strcmp(code, "@")) {
		general(v, out);
		return;
	}
	char sec[256];
	bool neg_section;
	section_of(code, v, sec, sizeof sec, &neg_section);
	if (!strcasecmp(sec, "General")) {
		general(v, out);
		return;
	}
	if (ds__numfmt_is_date(sec))
		format_date(v, sec, date1904, out);
	else
		format_number(v, sec, neg_section, out);
}
