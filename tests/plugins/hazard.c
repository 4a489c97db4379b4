/*
 * hazard.c - a test plugin that misbehaves on marked documents: it crashes
 * on CRASH-ME, loops forever on LOOP-ME, allocates without bound on
 * EAT-ME and asks for a parameter it does not declare on TYPO-ME, so that
 * the batch tests can see every other result still arrive.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "docscreen/plugin.h"

static const ds_message_def messages[] = {{"seen", DS_SEV_INFO, "seen", "已检查", NULL, NULL},
					  {NULL, 0, NULL, NULL, NULL, NULL}};

static int check(ds_rule_ctx *c)
{
	const ds_doc *doc = ds_ctx_doc(c);
	for (size_t i = 0; i < ds_doc_para_count(doc); i++) {
		const char *t = ds_doc_para(doc, i)->text;
		if (strstr(t, "CRASH-ME"))
			raise(SIGSEGV);
		if (strstr(t, "LOOP-ME"))
			for (volatile unsigned long n = 0;; n++)
				;
		if (strstr(t, "TYPO-ME"))
			return ds_params_int(ds_ctx_params(c), "no-such-param") ? -1 : 0;
		if (strstr(t, "EAT-ME"))
			for (;;) {
				char *p = malloc(64u << 20);
				if (!p)
					abort();
				memset(p, 1, 64u << 20); /* resident, not just reserved */
			}
	}
	return ds_ctx_emit(c, "seen", NULL, NULL);
}

static const ds_rule_def rules[] = {
	{"hazard.check", "Misbehaves on marked documents", "在标记的文档上出错", DS_APPLIES_DOCX, NULL, messages,
	 check},
};

DS_PLUGIN_DEFINE(.name = "hazard", .version = "0.1", .rules = rules, .n_rules = 1)
