/*
 * engine.h - the engine's own struct, shared by engine.c (plugins, profiles,
 * binding, the rule listing), ctx.c (what a rule is given) and check.c
 * (running the rules over one file): private to them.
 */
#ifndef DOCSCREEN_CORE_ENGINE_H
#define DOCSCREEN_CORE_ENGINE_H

#include "internal.h"

typedef struct loaded {
	void *handle;
	const ds_plugin_def *def;
	char *path;
} loaded;

typedef struct rejected {
	char *path, *reason;
} rejected;

typedef struct profile_entry {
	ds__profile *peek; /* id and titles only */
	char *path;
} profile_entry;

struct ds_engine {
	ds_open_options open;
	loaded *plugins;
	size_t n_plugins, cap_plugins;
	rejected *rejected;
	size_t n_rejected, cap_rejected;
	profile_entry *profiles;
	size_t n_profiles, cap_profiles;
	/* the profile in use */
	ds__profile **chain; /* loaded files, kept for their strings */
	size_t n_chain;
	ds__profile *active;
	ds__bound *rules;
	size_t n_rules;
	bool row_hooks;      /* a rule has one: workbooks are read as streams */
	bool whole_sheets;   /* a workbook rule's plugin predates them: sheets are kept whole */
	ds_params cases_cfg; /* the profile's <cases> */
	bool cases_bound;
	ds__arena arena;
};

/* ctx.c: a message's severity: the profile's for that message, else the
 * profile's for the rule, else the plugin's; *ov is the profile's override
 * or NULL. */
int ds__message_severity(const ds__bound *b, const ds_message_def *md, const ds__msg **ov);

#endif
