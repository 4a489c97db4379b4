/*
 * hello.c - the smallest useful docscreen plugin, built against the
 * installed headers:
 *
 *   cc -shared -fPIC -fvisibility=hidden hello.c -o hello.so $(pkg-config --cflags --libs docscreen)
 *   docscreen plugins --plugin-dir .
 *
 * Its rule, hello.title, warns when a case document has no title, with a
 * minimum title length a profile can set:
 *
 *   <docx><rule id="hello.title"><param name="min_chars">6</param></rule></docx>
 */
#include <stdio.h>
#include <string.h>

#include <docscreen/cases.h>
#include <docscreen/plugin.h>

static const ds_param_def params[] = {{"min_chars", DS_PARAM_INT, "4", "a shorter title is no title", NULL},
				      {NULL, 0, NULL, NULL, NULL}};

static const ds_message_def messages[] = {
	{"missing", DS_SEV_WARNING, "The document has no title of at least {min} characters.",
	 "文档没有至少 {min} 个字的标题。", "Put the title in the first line.", "请在第一行写上标题。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check(ds_rule_ctx *ctx)
{
	long long min = ds_params_int(ds_ctx_params(ctx), "min_chars");
	const char *title = ds_cases_title(ds_ctx_cases(ctx));
	if ((long long)strlen(title) >= min * 3) /* UTF-8: a CJK character is three bytes */
		return 0;
	char n[24];
	snprintf(n, sizeof n, "%lld", min);
	return ds_ctx_emit(ctx, "missing", NULL, "min", n, NULL);
}

static const ds_rule_def rules[] = {
	{"hello.title", "The document has a title", "文档有标题", DS_APPLIES_DOCX, params, messages, check},
};

DS_PLUGIN_DEFINE(.name = "hello", .version = "1.0", .rules = rules, .n_rules = 1)
