/*
 * json.c - JSON string output for the command's --json modes.
 */
#include <string.h>

#include "json.h"

void json_strn(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void json_str(FILE *out, const char *s)
{
	json_strn(out, s ? s : "", s ? strlen(s) : 0);
}

void json_key_str(FILE *out, const char *key, const char *value, int comma)
{
	if (comma)
		fputc(',', out);
	json_str(out, key);
	fputc(':', out);
	json_str(out, value);
}
