/*
 * engine.h - the engine's own struct, shared by engine.c (plugins, profiles,
 * binding, the rule listing), ctx.c (what a rule is given), check.c
 * (running the rules over one file) and containers.c (archives and e-mails
 * checked member by member): private to them.
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
	bool row_hooks;       /* a rule has one: workbooks are read as streams */
	bool whole_sheets;    /* a workbook rule's plugin predates them: sheets are kept whole */
	ds_params cases_cfg;  /* the profile's <cases> */
	ds_params letter_cfg; /* the profile's <letter> (bound with cases_cfg) */
	bool cases_bound;
	ds__arena arena;
};

/* ctx.c: a message's severity: the profile's for that message, else the
 * profile's for the rule, else the plugin's; *ov is the profile's override
 * or NULL. */
int ds__message_severity(const ds__bound *b, const ds_message_def *md, const ds__msg **ov);

/* What one check carries through the containers it opens. */
typedef struct ds__nest {
	unsigned depth;             /* archives and messages around the file being checked */
	uint64_t unpacked;          /* bytes unpacked from them so far */
	const char *converted_from; /* the file's bytes are LibreOffice's conversion of this format */
} ds__nest;

/* check.c: check bytes (data), a zip or other archive read from path (data
 * NULL, kind DS_KIND_ZIP or DS_KIND_ARCHIVE, readable), or a file that
 * could not be read (data NULL, not readable), whose error is set: its kind
 * is DS_KIND_ARCHIVE for a member a container could not give. */
int ds__check(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len, ds_kind kind, ds__nest *n,
	      bool readable);
/* Would ds__check check these bytes as one document (not a container of
 * files)?  A batch worker hands only those to other workers. */
bool ds__is_document(const char *path, const void *data, size_t len);
/* Run the rules of class cls (DS_APPLIES_*) over the file c describes. */
int ds__run_rules(ds_engine *e, ds_report *r, ds_rule_ctx *c, unsigned cls);

/* containers.c: an archive (data, or the file at path when NULL) or an
 * e-mail/mailbox, as an entry of its own and one per document in it. */
int ds__check_archive(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len, const char *format,
		      ds__nest *n);
int ds__check_mail(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len, ds_kind kind,
		   ds__nest *n);
/* A folder of an IMAP mailbox (url imaps://...): an entry of its own, then
 * each message's as an .eml's. */
int ds__check_imap(ds_engine *e, ds_report *r, const char *url, ds__nest *n);

#endif
