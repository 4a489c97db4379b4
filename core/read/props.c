/*
 * props.c - core and app properties (docProps/core.xml, docProps/app.xml):
 * title, subject, keywords, author, last editor, modified time, the
 * application that wrote it.  Read before the document: fields show some.
 * Missing or odd property parts are not errors: many generators omit them.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct props_ctx {
	ds_doc *doc;
	const char **target;
	ds__buf text;
};

static void props_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct props_ctx *c = ud;
	ds_facts *f = &c->doc->facts;
	(void)x;
	(void)a;
	(void)n;
	c->target = NULL;
	c->text.len = 0;
	if (ns == NS_DC && !strcmp(local, "title"))
		c->target = &f->title;
	else if (ns == NS_DC && !strcmp(local, "subject"))
		c->target = &f->subject;
	else if (ns == NS_CP && !strcmp(local, "keywords"))
		c->target = &f->keywords;
	else if (ns == NS_DC && !strcmp(local, "creator"))
		c->target = &f->author;
	else if (ns == NS_CP && !strcmp(local, "lastModifiedBy"))
		c->target = &f->last_modified_by;
	else if (ns == NS_DCTERMS && !strcmp(local, "modified"))
		c->target = &f->modified;
	else if (ns == NS_EP && !strcmp(local, "Application"))
		c->target = &f->application;
	else if (ns == NS_EP && !strcmp(local, "AppVersion"))
		c->target = &f->app_version;
	else if (ns == NS_EP && !strcmp(local, "Company"))
		c->target = &f->company;
	else if (ns == NS_EP && !strcmp(local, "Manager"))
		c->target = &f->manager;
	else if (ns == NS_DC && !strcmp(local, "description"))
		c->target = &f->description;
}

static void props_text(void *ud, ds__xml *x, const char *s, size_t len)
{
	struct props_ctx *c = ud;
	if (c->target && c->text.len < 4096 && ds__buf_add(&c->text, s, len) < 0)
		ds__xml_fail(x, DS_ENOMEM);
}

static void props_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct props_ctx *c = ud;
	(void)ns;
	(void)local;
	if (!c->target)
		return;
	*c->target = ds__doc_str(c->doc, c->text.p ? c->text.p : "", c->text.len);
	if (!*c->target)
		ds__xml_fail(x, DS_ENOMEM);
	c->target = NULL;
}

static int read_one(ds_doc *doc, ds__pkg *pkg, const char *type, const char *fallback)
{
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, "", type);
	const char *part = rel && !rel->external ? rel->target : fallback;
	if (!ds__pkg_has(pkg, part))
		return 0;
	struct props_ctx c = {.doc = doc};
	static const ds__xml_handler h = {.start = props_start, .end = props_end, .text = props_text};
	int error = ds__xml_parse_part(pkg, part, &h, &c);
	ds__buf_free(&c.text);
	/* a damaged property part costs its properties, not the document */
	if (error == DS_ECORRUPT)
		error = 0;
	return error;
}

int ds__props_read(ds_doc *doc, ds__pkg *pkg)
{
	int error = read_one(doc, pkg, "/core-properties", "docProps/core.xml");
	if (!error && !ds__pkg_rel_by_type(pkg, "", "/core-properties"))
		error = read_one(doc, pkg, "/metadataCoreProperties", "docProps/core.xml");
	if (!error)
		error = read_one(doc, pkg, "/extended-properties", "docProps/app.xml");
	if (!error && !ds__pkg_rel_by_type(pkg, "", "/extended-properties"))
		error = read_one(doc, pkg, "/extendedProperties", "docProps/app.xml");
	ds_facts *f = &doc->facts;
	const char **all[] = {&f->title,       &f->author,      &f->last_modified_by, &f->modified,
			      &f->application, &f->app_version, &f->subject,          &f->keywords,
			      &f->company,     &f->manager,     &f->description};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!*all[i])
			*all[i] = "";
	return error;
}
