/*
 * json.h - the few JSON writing helpers the command needs: strings escaped
 * for JSON (UTF-8 kept as is, control characters as \uXXXX).
 */
#ifndef DOCSCREEN_CLI_JSON_H
#define DOCSCREEN_CLI_JSON_H

#include <stdio.h>

void json_str(FILE *out, const char *s);
void json_strn(FILE *out, const char *s, size_t n);
void json_key_str(FILE *out, const char *key, const char *value, int comma);

#endif
