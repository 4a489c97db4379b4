/*
 * titles.c - a plugin with a rule over the whole collection, built as
 * hello.c is:
 *
 *   cc -shared -fPIC -fvisibility=hidden titles.c -o titles.so $(pkg-config --cflags --libs docscreen)
 *
 * Its rule, titles.same, warns when cases carry the same title (two units
 * that both call theirs "典型人才案例" make the committee's register hard
 * to read).  A collection rule runs once, in the
 * parent process, after every file was checked; it sees what the workers
 * sent back (ds_collect_*), never the files.  A profile turns it on in its
 * <collection> section:
 *
 *   <collection><rule id="titles.same"/></collection>
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <docscreen/plugin.h>

static const ds_message_def messages[] = {{"same", DS_SEV_WARNING,
					   "Case {case} has the title “{title}”, as {n} other cases do.",
					   "案例{case}的标题“{title}”与另外 {n} 个案例相同。",
					   "Give each case a title of its own.", "请为每个案例拟一个能区分的标题。"},
					  {NULL, 0, NULL, NULL, NULL, NULL}};

typedef struct ref {
	const char *title;
	size_t s, f, k; /* submission, file, case */
} ref;

static int by_title(const void *a, const void *b)
{
	return strcmp(((const ref *)a)->title, ((const ref *)b)->title);
}

static int same_title(ds_collect_ctx *c)
{
	size_t n = 0;
	for (size_t s = 0; s < ds_collect_submissions(c); s++)
		for (size_t f = 0; f < ds_collect_files(c, s); f++)
			n += ds_collect_cases(c, s, f);
	ref *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return DS_ENOMEM;
	n = 0;
	for (size_t s = 0; s < ds_collect_submissions(c); s++)
		for (size_t f = 0; f < ds_collect_files(c, s); f++)
			for (size_t k = 0; k < ds_collect_cases(c, s, f); k++)
				v[n++] = (ref){ds_collect_case_title(c, s, f, k), s, f, k};
	qsort(v, n, sizeof *v, by_title); /* the same titles side by side */
	int error = 0;
	for (size_t i = 0, j; i < n && !error; i = j) {
		for (j = i + 1; j < n && !strcmp(v[j].title, v[i].title);)
			j++;
		for (size_t a = i; j - i > 1 && *v[i].title && a < j && !error; a++) {
			for (size_t b = i; b < j; b++) /* the finding points at the others */
				if (b != a)
					ds_collect_refer(c, v[b].s, v[b].f, v[b].k);
			char num[24], others[24];
			snprintf(num, sizeof num, "%zu", v[a].k + 1);
			snprintf(others, sizeof others, "%zu", j - i - 1);
			error = ds_collect_emit_case(c, v[a].s, v[a].f, v[a].k, "same", "case", num, "title",
						     v[a].title, "n", others, NULL);
		}
	}
	free(v);
	return error;
}

static const ds_rule_def rules[] = {
	{"titles.same", "Cases have titles of their own", "案例标题是否各不相同", DS_APPLIES_COLLECTION, NULL, messages,
	 NULL},
};

static const ds_collect_hook hooks[] = {same_title};

DS_PLUGIN_DEFINE(.name = "titles", .version = "1.0", .rules = rules, .n_rules = 1, .collect_hooks = hooks)
