/*
 * engine.c - plugins and profiles brought together: the loader (dlopen with
 * the ABI checks), the profile search path, binding a profile's rules to the
 * loaded plugins, and the rule listing.  What a rule is given: ctx.c;
 * running the rules over one file: check.c.
 *
 * A bad plugin is recorded with its path and the reason and never stops the
 * run; a bad profile is an error that names file and line.  A file that
 * cannot be opened still runs the rules that apply to unread files.
 */
#include <dirent.h>
#include <errno.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"
#include "report/report.h"

#ifndef DS_PLUGIN_SUBDIR
#define DS_PLUGIN_SUBDIR "lib/docscreen/plugins"
#endif
#ifndef DS_INSTALL_PREFIX
#define DS_INSTALL_PREFIX "/usr/local"
#endif

/* ------------------------------------------------------------ search path */

typedef struct dirlist {
	char **v;
	size_t n, cap;
} dirlist;

static int dirs_add(dirlist *d, const char *dir)
{
	char real[PATH_MAX];
	if (!dir || !*dir || !realpath(dir, real))
		return 0; /* a missing folder is simply not searched */
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i], real))
			return 0;
	if (ds__grow((void **)&d->v, &d->cap, d->n, sizeof *d->v) < 0)
		return DS_ENOMEM;
	if (!(d->v[d->n] = strdup(real)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	d->n++;
	return 0;
}

static int dirs_add_path(dirlist *d, const char *colon_list)
{
	if (!colon_list)
		return 0;
	char *copy = strdup(colon_list);
	if (!copy)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	int error = 0;
	for (char *tok = strtok(copy, ":"); tok && !error; tok = strtok(NULL, ":"))
		error = dirs_add(d, tok);
	free(copy);
	return error;
}

static void dirs_free(dirlist *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
}

static int search_path(dirlist *d, const char *const *first, const char *env, const char *prefix, const char *sub)
{
	char buf[PATH_MAX];
	int error = 0;
	for (size_t i = 0; first && first[i] && !error; i++)
		error = dirs_add(d, first[i]);
	if (!error)
		error = dirs_add_path(d, getenv(env));
	if (!error && prefix) {
		snprintf(buf, sizeof buf, "%s/%s", prefix, sub);
		error = dirs_add(d, buf);
	}
	if (!error) {
		snprintf(buf, sizeof buf, "%s/%s", DS_INSTALL_PREFIX, sub);
		error = dirs_add(d, buf);
	}
	return error;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Call fn(engine, path) for every file in dir ending with suffix, in name order. */
static int each_file(ds_engine *e, const char *dir, const char *suffix, int (*fn)(ds_engine *, const char *))
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0)
		return 0;
	int error = 0;
	size_t sl = strlen(suffix);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(names[i]->d_name);
		if (!error && names[i]->d_name[0] != '.' && l > sl && !strcmp(names[i]->d_name + l - sl, suffix)) {
			char path[PATH_MAX];
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			error = fn(e, path);
		}
		free(names[i]);
	}
	free(names);
	return error;
}

/* ---------------------------------------------------------------- plugins */

static int reject(ds_engine *e, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int reject(ds_engine *e, const char *path, const char *fmt, ...)
{
	char reason[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (ds__grow((void **)&e->rejected, &e->cap_rejected, e->n_rejected, sizeof *e->rejected) < 0)
		return DS_ENOMEM;
	rejected *r = &e->rejected[e->n_rejected];
	r->path = strdup(path);
	r->reason = strdup(reason);
	if (!r->path || !r->reason) {
		free(r->path);
		free(r->reason);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	e->n_rejected++;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int load_plugin(ds_engine *e, const char *path)
{
	for (size_t i = 0; i < e->n_plugins; i++)
		if (!strcmp(base_name(e->plugins[i].path), base_name(path)))
			return 0; /* shadowed by one found earlier on the path */
	dlerror();
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return reject(e, path, _("cannot be loaded: %s (run ldd on it to see what is missing)"), dlerror());
	ds_plugin_entry_fn entry = (ds_plugin_entry_fn)dlsym(h, DS_PLUGIN_ENTRY_SYMBOL);
	const ds_plugin_def *def = entry ? entry() : NULL;
	int error = 0;
	if (!entry) {
		error = reject(e, path, _("has no %s symbol: it is not a docscreen plugin"), DS_PLUGIN_ENTRY_SYMBOL);
		goto drop;
	}
	if (!def) {
		error = reject(e, path, "%s", _("its entry returned no descriptor"));
		goto drop;
	}
	if (def->abi_major != DS_PLUGIN_ABI_MAJOR || def->abi_minor > DS_PLUGIN_ABI_MINOR) {
		error = reject(e, path,
			       _("was built for plugin ABI %u.%u, but this docscreen speaks %u.%u: "
				 "rebuild it against the installed headers"),
			       def->abi_major, def->abi_minor, DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
		goto drop;
	}
	if (!def->name || !def->version || (!def->rules && def->n_rules)) {
		error = reject(e, path, "%s", _("its descriptor has no name, version or rules"));
		goto drop;
	}
	for (size_t r = 0; r < def->n_rules; r++) {
		const char *id = def->rules[r].id;
		/* a rule of the collection alone has its collect hook instead */
		bool collects = def->abi_minor >= 5 && def->collect_hooks && def->collect_hooks[r] &&
				def->rules[r].applies == DS_APPLIES_COLLECTION;
		bool kind = def->abi_minor >= 7 && (def->rules[r].applies & DS_APPLIES_KIND);
		if (kind && (!id || !*id || strchr(id, '.') || !def->rules[r].check)) {
			error = reject(e, path, _("kind %zu has no name (a word without a dot) or no check"), r);
			goto drop;
		}
		if (!kind && (!id || !strchr(id, '.') || (!def->rules[r].check && !collects))) {
			error = reject(e, path, _("rule %zu has no id of the form plugin.rule or no check"), r);
			goto drop;
		}
		for (size_t q = 0; q < r; q++)
			if (!strcmp(def->rules[q].id, id)) {
				error = reject(e, path, _("declares rule %s twice"), id);
				goto drop;
			}
		for (size_t p = 0; p < e->n_plugins; p++)
			for (size_t q = 0; q < e->plugins[p].def->n_rules; q++)
				if (!strcmp(e->plugins[p].def->rules[q].id, id)) {
					error = reject(e, path,
						       _("declares rule %s, which plugin %s (%s) already provides"), id,
						       e->plugins[p].def->name, e->plugins[p].path);
					goto drop;
				}
	}
	if (def->init) {
		int rc = def->init();
		if (rc != 0) {
			error = reject(e, path, _("its init function failed (returned %d)"), rc);
			goto drop;
		}
	}
	if (ds__grow((void **)&e->plugins, &e->cap_plugins, e->n_plugins, sizeof *e->plugins) < 0) {
		if (def->fini)
			def->fini();
		error = DS_ENOMEM;
		goto drop;
	}
	e->plugins[e->n_plugins] = (loaded){h, def, strdup(path)};
	if (!e->plugins[e->n_plugins].path) {
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto drop;
	}
	e->n_plugins++;
	return 0;
drop:
	dlclose(h);
	return error;
}

/* --------------------------------------------------------------- profiles */

static int add_profile(ds_engine *e, const char *path)
{
	ds__profile *p = ds__profile_peek(path);
	if (!p)
		return 0; /* reported when someone asks for it by path */
	for (size_t i = 0; i < e->n_profiles; i++)
		if (!strcmp(e->profiles[i].peek->id, p->id)) {
			ds__profile_free(p); /* shadowed */
			return 0;
		}
	if (ds__grow((void **)&e->profiles, &e->cap_profiles, e->n_profiles, sizeof *e->profiles) < 0) {
		ds__profile_free(p);
		return DS_ENOMEM;
	}
	e->profiles[e->n_profiles].peek = p;
	if (!(e->profiles[e->n_profiles].path = strdup(path))) {
		ds__profile_free(p);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	e->n_profiles++;
	return 0;
}

DS_API int ds_engine_options_init(ds_engine_options *o, unsigned int version)
{
	if (ds__version_ok("ds_engine_options", version, DS_ENGINE_OPTIONS_VERSION) < 0)
		return DS_ERROR;
	*o = (ds_engine_options)DS_ENGINE_OPTIONS_INIT;
	return 0;
}

DS_API int ds_engine_new(ds_engine **out, const ds_engine_options *opts)
{
	static const ds_engine_options defaults = DS_ENGINE_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	ds__error_clear();
	*out = NULL;
	if (ds__version_ok("ds_engine_options", opts->version, DS_ENGINE_OPTIONS_VERSION) < 0 ||
	    ds__version_ok("ds_open_options", opts->open.version, DS_OPEN_OPTIONS_VERSION) < 0 ||
	    ds__version_ok("ds_limits", opts->open.limits.version, DS_LIMITS_VERSION) < 0)
		return DS_ERROR;
	ds_engine *e = calloc(1, sizeof *e);
	if (!e)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	e->open = opts->open;
	dirlist pd = {0}, rd = {0};
	int error = search_path(&pd, opts->plugin_dirs, "DOCSCREEN_PLUGIN_PATH", opts->prefix, DS_PLUGIN_SUBDIR);
	if (!error)
		error = search_path(&rd, opts->profile_dirs, "DOCSCREEN_PROFILE_PATH", opts->prefix,
				    "share/docscreen/rules");
	for (size_t i = 0; i < pd.n && !error; i++)
		error = each_file(e, pd.v[i], ".so", load_plugin);
	for (size_t i = 0; i < rd.n && !error; i++)
		error = each_file(e, rd.v[i], ".xml", add_profile);
	dirs_free(&pd);
	dirs_free(&rd);
	if (error < 0) {
		ds_engine_free(e);
		return error;
	}
	*out = e;
	return 0;
}

static void release_profile(ds_engine *e)
{
	if (e->cases_bound) {
		ds__params_release(&e->cases_cfg);
		ds__params_release(&e->letter_cfg);
	}
	e->cases_bound = false;
	for (size_t i = 0; i < e->n_rules; i++)
		ds__params_release(&e->rules[i].params);
	free(e->rules);
	e->rules = NULL;
	e->n_rules = 0;
	e->row_hooks = e->whole_sheets = false;
	ds__profile_free(e->active);
	e->active = NULL;
	for (size_t i = 0; i < e->n_chain; i++)
		ds__profile_free(e->chain[i]);
	free(e->chain);
	e->chain = NULL;
	e->n_chain = 0;
	ds__arena_free(&e->arena);
}

DS_API void ds_engine_free(ds_engine *e)
{
	if (!e)
		return;
	release_profile(e);
	for (size_t i = 0; i < e->n_plugins; i++) {
		if (e->plugins[i].def->fini)
			e->plugins[i].def->fini();
		dlclose(e->plugins[i].handle);
		free(e->plugins[i].path);
	}
	free(e->plugins);
	for (size_t i = 0; i < e->n_rejected; i++) {
		free(e->rejected[i].path);
		free(e->rejected[i].reason);
	}
	free(e->rejected);
	for (size_t i = 0; i < e->n_profiles; i++) {
		ds__profile_free(e->profiles[i].peek);
		free(e->profiles[i].path);
	}
	free(e->profiles);
	free(e);
}

DS_API size_t ds_engine_plugin_count(const ds_engine *e)
{
	return e->n_plugins;
}
DS_API const char *ds_engine_plugin_name(const ds_engine *e, size_t i)
{
	return i < e->n_plugins ? e->plugins[i].def->name : NULL;
}
DS_API const char *ds_engine_plugin_version(const ds_engine *e, size_t i)
{
	return i < e->n_plugins ? e->plugins[i].def->version : NULL;
}
DS_API const char *ds_engine_plugin_path(const ds_engine *e, size_t i)
{
	return i < e->n_plugins ? e->plugins[i].path : NULL;
}
DS_API size_t ds_engine_plugin_rule_count(const ds_engine *e, size_t i)
{
	return i < e->n_plugins ? e->plugins[i].def->n_rules : 0;
}
DS_API const char *ds_engine_plugin_rule(const ds_engine *e, size_t i, size_t k)
{
	return i < e->n_plugins && k < e->plugins[i].def->n_rules ? e->plugins[i].def->rules[k].id : NULL;
}
DS_API size_t ds_engine_rejected_count(const ds_engine *e)
{
	return e->n_rejected;
}
DS_API const char *ds_engine_rejected_path(const ds_engine *e, size_t i)
{
	return i < e->n_rejected ? e->rejected[i].path : NULL;
}
DS_API const char *ds_engine_rejected_reason(const ds_engine *e, size_t i)
{
	return i < e->n_rejected ? e->rejected[i].reason : NULL;
}
DS_API size_t ds_engine_profile_count(const ds_engine *e)
{
	return e->n_profiles;
}
DS_API const char *ds_engine_profile_id(const ds_engine *e, size_t i)
{
	return i < e->n_profiles ? e->profiles[i].peek->id : NULL;
}
DS_API const char *ds_engine_profile_path(const ds_engine *e, size_t i)
{
	return i < e->n_profiles ? e->profiles[i].path : NULL;
}
DS_API const char *ds_engine_profile_title(const ds_engine *e, size_t i, const char *lang)
{
	return i < e->n_profiles ? e->profiles[i].peek->title[ds__lang_index(lang)] : NULL;
}
DS_API const char *ds_engine_profile_description(const ds_engine *e, size_t i, const char *lang)
{
	return i < e->n_profiles ? e->profiles[i].peek->desc[ds__lang_index(lang)] : NULL;
}

DS_API const char *ds_engine_profile_submit(const ds_engine *e, size_t i, const char *what)
{
	/* a profile that does not say takes what the one it extends says */
	for (size_t depth = 0; i < e->n_profiles && depth < 16; depth++) {
		const ds__profile *p = e->profiles[i].peek;
		const char *v = !strcmp(what, "to") ? p->submit_to : !strcmp(what, "by") ? p->submit_by : NULL;
		if (v || !p->extends)
			return v;
		size_t k = 0;
		while (k < e->n_profiles && strcmp(e->profiles[k].peek->id, p->extends))
			k++;
		i = k;
	}
	return NULL;
}

const ds_params *ds__engine_letter(const ds_engine *e)
{
	return e->cases_bound ? &e->letter_cfg : NULL;
}

DS_API const ds_params *ds_engine_cases_params(const ds_engine *e)
{
	return e->cases_bound ? &e->cases_cfg : NULL;
}

DS_API const char *ds_engine_active_profile(const ds_engine *e)
{
	return e->active ? e->active->id : NULL;
}

/* Load a profile and everything it extends, base first. */
static int load_chain(ds_engine *e, const char *path, int depth)
{
	ds__profile *p = NULL;
	int error = ds__profile_load(&p, path);
	if (error < 0)
		return error;
	for (size_t i = 0; i < e->n_chain; i++)
		if (!strcmp(e->chain[i]->id, p->id)) {
			error = ds__error_set(DS_EPROFILE, _("%s:1: profile %s extends itself through a loop"), path,
					      p->id);
			ds__profile_free(p);
			return error;
		}
	ds__profile **nc = realloc(e->chain, (e->n_chain + 1) * sizeof *nc);
	if (!nc) {
		ds__profile_free(p);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	e->chain = nc;
	e->chain[e->n_chain++] = p;
	if (!p->extends)
		return 0;
	if (depth > 16)
		return ds__error_set(DS_EPROFILE, _("%s:1: profiles extend each other too deeply"), path);
	for (size_t i = 0; i < e->n_profiles; i++)
		if (!strcmp(e->profiles[i].peek->id, p->extends))
			return load_chain(e, e->profiles[i].path, depth + 1);
	return ds__error_set(DS_EPROFILE, _("%s:1: profile %s extends %s, which is not on the profile path"), path,
			     p->id, p->extends);
}

static bool is_kind(const ds_plugin_def *pd, const ds_rule_def *d)
{
	return pd->abi_minor >= 7 && (d->applies & DS_APPLIES_KIND);
}

/* The plugin rule of that id, or (kind) the kind of that name. */
static const ds_rule_def *find_rule(const ds_engine *e, const char *id, bool kind, size_t *plugin)
{
	for (size_t p = 0; p < e->n_plugins; p++)
		for (size_t r = 0; r < e->plugins[p].def->n_rules; r++)
			if (!strcmp(e->plugins[p].def->rules[r].id, id) &&
			    is_kind(e->plugins[p].def, &e->plugins[p].def->rules[r]) == kind) {
				*plugin = p;
				return &e->plugins[p].def->rules[r];
			}
	return NULL;
}

static int bind_rules(ds_engine *e)
{
	ds__profile *p = e->active;
	e->rules = calloc(p->n_rules ? p->n_rules : 1, sizeof *e->rules);
	if (!e->rules)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t i = 0; i < p->n_rules; i++) {
		const ds__prule *pr = &p->rules[i];
		size_t plugin = 0;
		const ds_rule_def *def = find_rule(e, pr->kind ? pr->kind : pr->id, pr->kind != NULL, &plugin);
		if (!def && pr->kind)
			return ds__error_set(DS_EPROFILE,
					     _("%s:%d: rule %s is of kind '%s', which no loaded plugin provides "
					       "(see 'docscreen rules --kinds')"),
					     pr->file, pr->line, pr->id, pr->kind);
		if (!def)
			return ds__error_set(DS_EPROFILE,
					     _("%s:%d: unknown rule %s: no loaded plugin provides it "
					       "(see 'docscreen plugins'); a rule of the profile's own names its "
					       "kind: <rule id=\"%s\" kind=\"…\"> (see 'docscreen rules --kinds')"),
					     pr->file, pr->line, pr->id, pr->id);
		size_t other = 0;
		if (pr->kind && find_rule(e, pr->id, false, &other))
			return ds__error_set(DS_EPROFILE,
					     _("%s:%d: rule %s of kind '%s' has the id of a rule of plugin %s: "
					       "give it an id of the profile's own"),
					     pr->file, pr->line, pr->id, pr->kind, e->plugins[other].def->name);
		if (pr->kind && !(def->applies & pr->section & (DS_APPLIES_DOCX | DS_APPLIES_XLSX)))
			return ds__error_set(DS_EPROFILE, _("%s:%d: rule %s does not check the files of this section"),
					     pr->file, pr->line, pr->id);
		for (size_t m = 0; m < pr->n_msgs; m++) {
			bool known = false;
			for (const ds_message_def *md = def->messages; md && md->key && !known; md++)
				known = !strcmp(md->key, pr->msgs[m].key);
			if (!known)
				return ds__error_set(DS_EPROFILE, _("%s:%d: rule %s has no message '%s'"), pr->file,
						     pr->line, pr->id, pr->msgs[m].key);
		}
		if (!pr->enabled)
			continue;
		ds__bound *b = &e->rules[e->n_rules];
		const ds_plugin_def *pd = e->plugins[plugin].def;
		b->id = pr->id;
		b->def = def;
		b->summary[DS__EN] = pr->summary[DS__EN] ? pr->summary[DS__EN] : pr->summary[DS__ZH];
		b->summary[DS__ZH] = pr->summary[DS__ZH] ? pr->summary[DS__ZH] : pr->summary[DS__EN];
		if (!b->summary[DS__EN]) {
			b->summary[DS__EN] = def->summary_en ? def->summary_en : pr->id;
			b->summary[DS__ZH] = def->summary_zh ? def->summary_zh : b->summary[DS__EN];
		}
		b->plugin = plugin;
		bool on_xlsx = pr->section & def->applies & DS_APPLIES_XLSX;
		b->row = on_xlsx && pd->abi_minor >= 2 && pd->row_hooks ? pd->row_hooks[def - pd->rules] : NULL;
		b->collect = pr->section == DS_APPLIES_COLLECTION && pd->abi_minor >= 5 && pd->collect_hooks
				     ? pd->collect_hooks[def - pd->rules]
				     : NULL;
		if (pr->section == DS_APPLIES_COLLECTION && !b->collect)
			return ds__error_set(DS_EPROFILE,
					     _("%s:%d: rule %s does not look at collections: it cannot be in "
					       "<collection>"),
					     pr->file, pr->line, pr->id);
		e->row_hooks = e->row_hooks || b->row;
		/* written when check saw every cell of a workbook: it still does */
		e->whole_sheets = e->whole_sheets || (on_xlsx && pd->abi_minor < 2);
		b->section = pr->section;
		b->severity = pr->severity;
		b->msgs = pr->msgs;
		b->n_msgs = pr->n_msgs;
		e->n_rules++; /* counted before binding so a failure releases it */
		/* <param name="x" from="other.rule"/>: that rule's x, as written */
		for (size_t k = 0; k < pr->n_params; k++) {
			ds__raw *raw = &pr->params[k];
			if (!raw->from)
				continue;
			const ds__raw *src = NULL;
			for (size_t q = 0; q < p->n_rules && !src; q++)
				if (!strcmp(p->rules[q].id, raw->from) && p->rules[q].section == pr->section)
					for (size_t j = 0; j < p->rules[q].n_params && !src; j++)
						if (!strcmp(p->rules[q].params[j].name, raw->name) &&
						    !p->rules[q].params[j].from)
							src = &p->rules[q].params[j];
			if (!src)
				return ds__error_set(DS_EPROFILE,
						     _("%s:%d: parameter '%s' of rule %s comes from rule %s, "
						       "which does not set it in the same section"),
						     pr->file, raw->line, raw->name, pr->id, raw->from);
			raw->shared = src;
		}
		int error = ds__params_bind(&b->params, def->params, pr->params, pr->n_params, pr->id, pr->file,
					    pr->line, &e->arena);
		if (error < 0)
			return error;
	}
	return 0;
}

DS_API int ds_engine_use_profile(ds_engine *e, const char *id_or_path)
{
	ds__error_clear();
	release_profile(e);
	const char *path = NULL;
	struct stat st;
	for (size_t i = 0; i < e->n_profiles && !path; i++)
		if (!strcmp(e->profiles[i].peek->id, id_or_path))
			path = e->profiles[i].path;
	if (!path && (strchr(id_or_path, '/') || strstr(id_or_path, ".xml")) && stat(id_or_path, &st) == 0)
		path = id_or_path;
	if (!path) {
		char ids[512] = "";
		for (size_t i = 0; i < e->n_profiles; i++)
			snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? ", " : "",
				 e->profiles[i].peek->id);
		return ds__error_set(DS_EPROFILE,
				     _("no profile '%s' on the profile path (found: %s); name a file "
				       "or add its folder with --profile-path"),
				     id_or_path, *ids ? ids : _("none"));
	}
	int error = load_chain(e, path, 0);
	if (error < 0)
		goto fail;
	/* merge from the most basic profile up: the chain holds the child first */
	if (!(e->active = calloc(1, sizeof *e->active))) {
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto fail;
	}
	for (size_t i = e->n_chain; i-- > 0;)
		if ((error = ds__profile_merge(e->active, e->chain[i])) < 0)
			goto fail;
	if ((error = bind_rules(e)) < 0)
		goto fail;
	e->cases_bound = true; /* from here on, release_profile frees what binding made */
	if ((error = ds__params_bind(
		     &e->cases_cfg, ds_cases_params(), e->active->cases.params, e->active->cases.n_params, "cases",
		     e->active->cases.file ? e->active->cases.file : path, e->active->cases.line, &e->arena)) < 0)
		goto fail;
	if ((error = ds__params_bind(
		     &e->letter_cfg, ds__letter_params, e->active->letter.params, e->active->letter.n_params, "letter",
		     e->active->letter.file ? e->active->letter.file : path, e->active->letter.line, &e->arena)) < 0)
		goto fail;
	return 0;
fail:
	release_profile(e);
	return error;
}

/* ---------------------------------------------------------- rule listing */

static const char *sev_name(int s)
{
	return s == DS_SEV_ERROR ? "error" : s == DS_SEV_WARNING ? "warning" : "info";
}

static void write_params(FILE *out, const ds_params *p, const ds_param_def *defs, int indent)
{
	for (const ds_param_def *d = defs; d && d->name; d++) {
		size_t n = ds_params_count(p, d->name);
		fprintf(out, "%*s%s = ", indent, "", d->name);
		switch (d->type) {
		case DS_PARAM_INT: fprintf(out, "%lld", ds_params_int(p, d->name)); break;
		case DS_PARAM_NUMBER: fprintf(out, "%g", ds_params_number(p, d->name)); break;
		case DS_PARAM_BOOL: fputs(ds_params_bool(p, d->name) ? "true" : "false", out); break;
		case DS_PARAM_STRING:
		case DS_PARAM_PATTERN: fprintf(out, "%s", ds_params_string(p, d->name)); break;
		case DS_PARAM_STRINGS:
		case DS_PARAM_PATTERNS:
			for (size_t i = 0; i < n; i++)
				fprintf(out, "%s%s", i ? " | " : "", ds_params_string_at(p, d->name, i));
			break;
		case DS_PARAM_GROUP: fprintf(out, "%zu", n); break;
		}
		fputc('\n', out);
		for (size_t g = 0; d->type == DS_PARAM_GROUP && g < n; g++) {
			fprintf(out, "%*s[%zu]\n", indent + 2, "", g + 1);
			write_params(out, ds_params_group_at(p, d->name, g), d->fields, indent + 4);
		}
	}
}

DS_API int ds_engine_write_rules(const ds_engine *e, FILE *out, const char *lang)
{
	if (!e->active)
		return ds__error_set(DS_EPROFILE, "%s", _("no profile is in use"));
	int l = ds__lang_index(lang);
	fprintf(out, "%s — %s\n", e->active->id, e->active->title[l] ? e->active->title[l] : "");
	if (e->active->desc[l])
		fprintf(out, "%s\n", e->active->desc[l]);
	static const struct {
		unsigned mask;
		const char *name[2];
	} sections[] = {
		{DS_APPLIES_DOCX | DS_APPLIES_XLSX | DS_APPLIES_UNREAD, {"every file", "所有文件"}},
		{DS_APPLIES_DOCX, {"documents (DOCX)", "文档（DOCX）"}},
		{DS_APPLIES_XLSX, {"workbooks (XLSX)", "工作簿（XLSX）"}},
		{DS_APPLIES_COLLECTION, {"the collection, by submission", "汇总（按报送单位）"}},
	};
	for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
		bool head = false;
		for (size_t i = 0; i < e->n_rules; i++) {
			const ds__bound *b = &e->rules[i];
			if (b->section != sections[s].mask)
				continue;
			if (!head)
				fprintf(out, "\n[%s]\n", sections[s].name[l]);
			head = true;
			if (b->def->applies & DS_APPLIES_KIND)
				fprintf(out, "%s  (kind %s: %s %s)\n    %s\n", b->id, b->def->id,
					e->plugins[b->plugin].def->name, e->plugins[b->plugin].def->version,
					b->summary[l]);
			else
				fprintf(out, "%s  (%s %s)\n    %s\n", b->id, e->plugins[b->plugin].def->name,
					e->plugins[b->plugin].def->version, b->summary[l]);
			write_params(out, &b->params, b->def->params, 4);
			for (const ds_message_def *m = b->def->messages; m && m->key; m++) {
				const ds__msg *ov;
				int sev = ds__message_severity(b, m, &ov);
				const char *text = ov && ov->text[l] ? ov->text[l] : l == DS__ZH ? m->zh : m->en;
				fprintf(out, "    %s: %s — %s\n", m->key, sev_name(sev), text ? text : "");
			}
		}
	}
	return 0;
}

static const char *type_name(ds_param_type t)
{
	static const char *const names[] = {"?",     "integer", "number",   "true/false", "text",
					    "texts", "pattern", "patterns", "groups"};
	return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

static void write_param_defs(FILE *out, const ds_param_def *defs, int indent)
{
	for (const ds_param_def *d = defs; d && d->name; d++) {
		fprintf(out, "%*s%s (%s)", indent, "", d->name, type_name(d->type));
		if (d->default_value && *d->default_value) {
			fputs(" = ", out);
			for (const char *c = d->default_value; *c; c++)
				fputs(*c == '\n' ? " | " : (char[2]){*c, 0}, out);
		}
		fprintf(out, "\n%*s%s\n", indent + 4, "", d->description ? d->description : "");
		if (d->type == DS_PARAM_GROUP)
			write_param_defs(out, d->fields, indent + 4);
	}
}

DS_API int ds_engine_write_kinds(const ds_engine *e, FILE *out, const char *lang)
{
	int l = ds__lang_index(lang);
	for (size_t p = 0; p < e->n_plugins; p++) {
		const ds_plugin_def *pd = e->plugins[p].def;
		for (size_t r = 0; r < pd->n_rules; r++) {
			const ds_rule_def *d = &pd->rules[r];
			if (!is_kind(pd, d))
				continue;
			const char *summary = l == DS__ZH && d->summary_zh ? d->summary_zh : d->summary_en;
			fprintf(out, "%s  (%s %s; %s%s%s)\n    %s\n", d->id, pd->name, pd->version,
				d->applies & DS_APPLIES_DOCX ? "docx" : "",
				(d->applies & DS_APPLIES_DOCX) && (d->applies & DS_APPLIES_XLSX) ? ", " : "",
				d->applies & DS_APPLIES_XLSX ? "xlsx" : "", summary ? summary : "");
			write_param_defs(out, d->params, 4);
			for (const ds_message_def *m = d->messages; m && m->key; m++) {
				const char *text = l == DS__ZH ? m->zh : m->en;
				fprintf(out, "    message %s: %s — %s\n", m->key, sev_name(m->severity),
					text ? text : "");
			}
			fputc('\n', out);
		}
	}
	return 0;
}
