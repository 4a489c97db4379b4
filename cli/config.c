/*
 * config.c - the project's configuration, .docscreen.ini: found from the
 * checked path upwards (or --config FILE; --no-config for none), read with
 * GLib's GKeyFile.  It sets what the command line leaves unset -- the
 * profile, where profiles and plugins are, what to leave out, when to fail,
 * which reports to write -- and holds waivers: decisions that findings are
 * accepted (ds_report_waive).  Paths in it are relative to its folder.
 *
 *   [check]
 *   profile = thesis-cn
 *   profile-path = rules
 *   exclude = drafts/ *;~* (globs, as --exclude; written without the space)
 *   fail-on = warning
 *   report = sarif:out/docscreen.sarif;html:out/report.html
 *
 *   [path templates/ *.docx]         rules turned off for some files (a glob)
 *   disable = thesis.template-text
 *
 *   [waiver case3-length]            a decision, with its reason
 *   file = 江海市/ *.docx            (a glob)
 *   rule = wordcount.case-length
 *   case = 3
 *   reason = 1300 字 accepted by the editor
 *   by = 王编辑
 *   expires = 2027-01-31
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "config.h"

#define NAME ".docscreen.ini"

/* The line of [group] (key NULL) or of key in it, 1-based; 0 when not found. */
static int line_of(const char *text, const char *group, const char *key)
{
	int line = 1, in = 0;
	size_t gl = strlen(group), kl = key ? strlen(key) : 0;
	for (const char *p = text; *p; line++) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *s = p;
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (n && *s == '[') {
			in = n >= gl + 2 && !strncmp(s + 1, group, gl) && s[gl + 1] == ']';
			if (in && !key)
				return line;
		} else if (in && key && n > kl && !strncmp(s, key, kl) && (s[kl] == '=' || s[kl] == ' ')) {
			return line;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static char *where(const config *c, const char *group, const char *key)
{
	return g_strdup_printf("%s:%d", c->path, line_of(c->text, group, key));
}

/* A path of the configuration, taken from its folder. */
static char *from_dir(const config *c, const char *p)
{
	return p[0] == '/' ? g_strdup(p) : g_build_filename(c->dir, p, NULL);
}

static void set(setting *s, char *value, char *source)
{
	g_free(s->value);
	g_free(s->source);
	s->value = value;
	s->source = source;
}

/* Say what is wrong where (msg is freed); -1. */
static int fail(config *c, const char *group, const char *key, char *msg)
{
	fprintf(stderr, "docscreen: %s:%d: %s\n", c->path, line_of(c->text, group, key), msg);
	g_free(msg);
	return -1;
}

/* Each key of group is one of keys (separated by spaces). */
static int known_keys(config *c, const char *group, const char *keys)
{
	gchar **have = g_key_file_get_keys(c->kf, group, NULL, NULL);
	int error = 0;
	for (gchar **k = have; k && *k && !error; k++) {
		char pad[256];
		snprintf(pad, sizeof pad, " %s ", *k);
		char all[256];
		snprintf(all, sizeof all, " %s ", keys);
		if (!strstr(all, pad))
			error = fail(c, group, *k, g_strdup_printf(_("[%s] has no key '%s'"), group, *k));
		if (error)
			fprintf(stderr, _("docscreen: its keys: %s\n"), keys);
	}
	g_strfreev(have);
	return error;
}

static bool is_date(const char *s)
{
	int y, m, d;
	char end;
	return s && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && strlen(s) == 10 && m >= 1 && m <= 12 &&
	       d >= 1 && d <= 31;
}

static int read_check(config *c)
{
	static const char *g = "check";
	if (!g_key_file_has_group(c->kf, g))
		return 0;
	if (known_keys(c, g, "profile profile-path plugin-path exclude fail-on report") < 0)
		return -1;
	char *v;
	if ((v = g_key_file_get_string(c->kf, g, "profile", NULL))) {
		/* a profile named by a file is taken from the configuration's folder */
		if (strchr(v, '/') || g_str_has_suffix(v, ".xml")) {
			char *p = from_dir(c, v);
			g_free(v);
			v = p;
		}
		set(&c->profile, v, where(c, g, "profile"));
	}
	if ((v = g_key_file_get_string(c->kf, g, "fail-on", NULL))) {
		if (strcmp(v, "error") && strcmp(v, "warning")) {
			int e = fail(c, g, "fail-on", g_strdup_printf(_("fail-on is error or warning, not '%s'"), v));
			g_free(v);
			return e;
		}
		set(&c->fail_on, v, where(c, g, "fail-on"));
	}
	static const char *lists[4] = {"profile-path", "plugin-path", "exclude", "report"};
	for (int l = 0; l < 4; l++) {
		gchar **items = g_key_file_get_string_list(c->kf, g, lists[l], NULL, NULL);
		list *dst = l == 0   ? &c->profile_paths
			    : l == 1 ? &c->plugin_paths
			    : l == 2 ? &c->excludes
				     : &c->reports;
		for (gchar **it = items; it && *it && dst->n < CONFIG_MAX; it++) {
			char *item = g_strstrip(*it);
			if (!*item)
				continue;
			if (l == 3) { /* FORMAT:PATH, the path from the folder */
				char *colon = strchr(item, ':');
				if (!colon || !colon[1]) {
					int e = fail(c, g, "report",
						     g_strdup_printf(_("report takes FORMAT:PATH, not '%s'"), item));
					g_strfreev(items);
					return e;
				}
				*colon = '\0'; /* kept as FORMAT\0PATH: the command's report takes both halves */
				char *p = from_dir(c, colon + 1);
				dst->v[dst->n].value = g_strdup_printf("%s:%s", item, p);
				dst->v[dst->n].value[strlen(item)] = '\0';
				g_free(p);
			} else {
				dst->v[dst->n].value = l < 2 ? from_dir(c, item) : g_strdup(item);
			}
			dst->v[dst->n++].source = where(c, g, lists[l]);
		}
		g_strfreev(items);
	}
	return 0;
}

static int add_waiver(config *c, const char *group, const char *name, bool path_rule)
{
	if (c->n_waivers == CONFIG_MAX_WAIVERS)
		return fail(c, group, NULL, g_strdup_printf(_("more than %d waivers"), CONFIG_MAX_WAIVERS));
	ds_waiver *w = &c->waivers[c->n_waivers];
	memset(w, 0, sizeof *w);
	w->version = DS_WAIVER_VERSION;
	w->name = g_strdup(name);
	w->source = where(c, group, NULL);
	if (path_rule) { /* [path GLOB] disable = rule;rule: standing, never said unused */
		w->file = g_strdup(name);
		w->reason = g_strdup_printf(_("turned off for %s by %s"), name, c->path);
		w->quiet = true;
		c->n_waivers++;
		return 0;
	}
	if (known_keys(c, group, "file rule case where reason by expires") < 0)
		return -1;
	w->file = g_key_file_get_string(c->kf, group, "file", NULL);
	w->rule = g_key_file_get_string(c->kf, group, "rule", NULL);
	w->where = g_key_file_get_string(c->kf, group, "where", NULL);
	w->reason = g_key_file_get_string(c->kf, group, "reason", NULL);
	w->by = g_key_file_get_string(c->kf, group, "by", NULL);
	w->expires = g_key_file_get_string(c->kf, group, "expires", NULL);
	c->n_waivers++; /* (freed with the rest from here) */
	if (g_key_file_has_key(c->kf, group, "case", NULL)) {
		int k = g_key_file_get_integer(c->kf, group, "case", NULL);
		if (k < 1)
			return fail(c, group, "case", g_strdup(_("case is a case's number (1, 2, …)")));
		w->case_index = (size_t)k;
	}
	if (!w->rule || !*w->rule)
		return fail(c, group, NULL, g_strdup_printf(_("[%s] names no rule (rule = …)"), group));
	if (!w->reason || !*w->reason)
		return fail(c, group, NULL,
			    g_strdup_printf(_("[%s] gives no reason (reason = …): a waiver says why"), group));
	if (w->expires && !is_date(w->expires))
		return fail(c, group, "expires",
			    g_strdup_printf(_("expires is a date, YYYY-MM-DD, not '%s'"), w->expires));
	if (!w->file)
		w->file = g_strdup("*");
	return 0;
}

static int read_groups(config *c)
{
	gchar **groups = g_key_file_get_groups(c->kf, NULL);
	int error = 0;
	for (gchar **g = groups; g && *g && !error; g++) {
		if (!strcmp(*g, "check"))
			continue;
		if (!strncmp(*g, "waiver ", 7)) {
			error = add_waiver(c, *g, *g + 7, false);
		} else if (!strncmp(*g, "path ", 5)) {
			error = known_keys(c, *g, "disable");
			gchar **rules = error ? NULL : g_key_file_get_string_list(c->kf, *g, "disable", NULL, NULL);
			for (gchar **r = rules; r && *r && !error; r++) {
				if (!*g_strstrip(*r))
					continue;
				error = add_waiver(c, *g, *g + 5, true);
				if (!error)
					c->waivers[c->n_waivers - 1].rule = g_strdup(*r);
			}
			g_strfreev(rules);
		} else {
			error = fail(
				c, *g, NULL,
				g_strdup_printf(_("[%s] is no section of a configuration: [check], [path GLOB] and "
						  "[waiver NAME] are"),
						*g));
		}
	}
	g_strfreev(groups);
	return error;
}

/* The configuration file for a check of start: the nearest .docscreen.ini
 * in its folder or one above it. */
static char *find(const char *start)
{
	char buf[PATH_MAX];
	if (!start || !realpath(start, buf))
		snprintf(buf, sizeof buf, "%s", getcwd(buf, sizeof buf) ? buf : ".");
	struct stat st;
	if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(buf, '/');
		if (slash && slash != buf)
			*slash = '\0';
	}
	for (;;) {
		char *p = g_build_filename(buf, NAME, NULL);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			return p;
		g_free(p);
		char *slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			break;
		*slash = '\0';
	}
	char *p = g_build_filename("/", NAME, NULL);
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
		return p;
	g_free(p);
	return NULL;
}

int config_load(config *c, const char *explicit_path, bool none, const char *start)
{
	memset(c, 0, sizeof *c);
	if (none)
		return 0;
	c->path = explicit_path ? g_strdup(explicit_path) : find(start);
	if (!c->path)
		return 0;
	c->found_from = explicit_path ? NULL : g_strdup(start ? start : ".");
	GError *err = NULL;
	gsize len = 0;
	if (!g_file_get_contents(c->path, &c->text, &len, &err)) {
		fprintf(stderr, "docscreen: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	char *copy = g_strdup(c->path);
	c->dir = g_strdup(dirname(copy));
	g_free(copy);
	c->kf = g_key_file_new();
	if (!g_key_file_load_from_data(c->kf, c->text, len, G_KEY_FILE_NONE, &err)) {
		fprintf(stderr, "docscreen: %s: %s\n", c->path, err->message);
		g_error_free(err);
		return -1;
	}
	c->waivers = g_new0(ds_waiver, CONFIG_MAX_WAIVERS);
	return read_check(c) < 0 || read_groups(c) < 0 ? -1 : 0;
}

void config_apply(const config *c, struct opts *o)
{
	if (!o->profile && c->profile.value)
		o->profile = c->profile.value;
	if (!o->fail_on && c->fail_on.value)
		o->fail_on = c->fail_on.value;
	for (size_t i = 0; i < c->profile_paths.n && o->n_profile_dirs < 15; i++)
		o->profile_dirs[o->n_profile_dirs++] = c->profile_paths.v[i].value;
	for (size_t i = 0; i < c->plugin_paths.n && o->n_plugin_dirs < 15; i++)
		o->plugin_dirs[o->n_plugin_dirs++] = c->plugin_paths.v[i].value;
	for (size_t i = 0; i < c->excludes.n && o->n_excludes < 32; i++)
		o->excludes[o->n_excludes++] = c->excludes.v[i].value;
	for (size_t i = 0; i < c->reports.n && o->n_reports < 16; i++) {
		const char *v = c->reports.v[i].value;
		o->reports[o->n_reports].format = v;
		o->reports[o->n_reports++].path = v + strlen(v) + 1;
	}
}

const char *config_today(char *buf, size_t size)
{
	const char *fixed = getenv("DOCSCREEN_TODAY"); /* (tests: a waiver's expiry on a day of theirs) */
	if (fixed && is_date(fixed))
		return fixed;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
	return buf;
}

void config_free(config *c)
{
	set(&c->profile, NULL, NULL);
	set(&c->fail_on, NULL, NULL);
	list *lists[4] = {&c->profile_paths, &c->plugin_paths, &c->excludes, &c->reports};
	for (int l = 0; l < 4; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			g_free(lists[l]->v[i].value);
			g_free(lists[l]->v[i].source);
		}
	for (size_t i = 0; i < c->n_waivers; i++) {
		ds_waiver *w = &c->waivers[i];
		g_free((char *)w->name);
		g_free((char *)w->file);
		g_free((char *)w->rule);
		g_free((char *)w->where);
		g_free((char *)w->reason);
		g_free((char *)w->by);
		g_free((char *)w->expires);
		g_free((char *)w->source);
	}
	g_free(c->waivers);
	if (c->kf)
		g_key_file_free(c->kf);
	g_free(c->text);
	g_free(c->path);
	g_free(c->dir);
	g_free(c->found_from);
	memset(c, 0, sizeof *c);
}

/* docscreen config [PATH]: the configuration a check of PATH would use,
 * each value with where it comes from. */
void config_print(const config *c, FILE *out)
{
	if (!c->path) {
		fputs(_("# no configuration: none found (.docscreen.ini in the checked folder or above it)\n"), out);
	} else if (c->found_from) {
		fprintf(out, _("# configuration: %s (found from %s)\n"), c->path, c->found_from);
	} else {
		fprintf(out, _("# configuration: %s (--config)\n"), c->path);
	}
	fprintf(out, "profile = %s\t(%s)\n", c->profile.value ? c->profile.value : "citec-2023-national",
		c->profile.value ? c->profile.source : _("default"));
	fprintf(out, "fail-on = %s\t(%s)\n", c->fail_on.value ? c->fail_on.value : "error",
		c->fail_on.value ? c->fail_on.source : _("default"));
	static const char *names[4] = {"profile-path", "plugin-path", "exclude", "report"};
	const list *lists[4] = {&c->profile_paths, &c->plugin_paths, &c->excludes, &c->reports};
	for (int l = 0; l < 4; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			const char *v = lists[l]->v[i].value;
			if (l == 3)
				fprintf(out, "%s = %s:%s\t(%s)\n", names[l], v, v + strlen(v) + 1,
					lists[l]->v[i].source);
			else
				fprintf(out, "%s = %s\t(%s)\n", names[l], v, lists[l]->v[i].source);
		}
	for (size_t i = 0; i < c->n_waivers; i++) {
		const ds_waiver *w = &c->waivers[i];
		if (w->quiet) {
			fprintf(out, _("off: %s for %s\t(%s)\n"), w->rule, w->file, w->source);
			continue;
		}
		fprintf(out, _("waiver %s: %s in %s"), w->name, w->rule, w->file);
		if (w->case_index)
			fprintf(out, _(", case %zu"), w->case_index);
		if (w->where)
			fprintf(out, _(", at \"%s\""), w->where);
		fprintf(out, " — %s", w->reason);
		if (w->by)
			fprintf(out, " (%s)", w->by);
		if (w->expires)
			fprintf(out, _(", until %s"), w->expires);
		fprintf(out, "\t(%s)\n", w->source);
	}
}
