/*
 * profile.c - profiles: XML files validated against rules/profile.rng (built
 * into the library) and merged along "extends".  Binding their values to
 * the rules' typed parameters, and patterns: params.c.
 *
 * Profiles are small and trusted more than submissions, so they are read as
 * a DOM (RELAX NG validation needs one), but still without DTDs or network.
 * Every error names the file, the line and what was expected.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>

#include "internal.h"
#include "profile_rng.h" /* generated: static const unsigned char ds__profile_rng[] */

#define NS "urn:docscreen:profile:1"

int ds__lang_index(const char *lang)
{
	return lang && !strncmp(lang, "zh", 2) ? DS__ZH : DS__EN;
}

/* ------------------------------------------------------------ reading XML */

struct xml_err {
	char msg[512];
	int line;
};

static void collect_error(void *ud, xmlErrorPtr e)
{
	struct xml_err *err = ud;
	if (err->msg[0] || !e || !e->message)
		return;
	snprintf(err->msg, sizeof err->msg, "%s", e->message);
	size_t n = strlen(err->msg);
	while (n && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
		err->msg[--n] = '\0';
	err->line = e->line;
}

static xmlDocPtr check_doctype(xmlDocPtr doc, struct xml_err *err);

/* The file's bytes, read by us: the deny-all entity loader refuses files too. */
static char *slurp(const char *path, int *len, struct xml_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = -1;
	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (16L << 20) && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		fclose(f);
		*len = (int)n;
		return buf;
	}
	snprintf(err->msg, sizeof err->msg, "%s", strerror(errno ? errno : EIO));
	free(buf);
	if (f)
		fclose(f);
	return NULL;
}

static xmlDocPtr read_doc(const char *path, struct xml_err *err)
{
	ds__xml_init();
	int len = 0;
	char *buf = slurp(path, &len, err);
	xmlParserCtxtPtr ctxt = buf ? xmlNewParserCtxt() : NULL;
	xmlDocPtr doc = NULL;
	if (ctxt) {
		xmlSetStructuredErrorFunc(err, collect_error);
		doc = check_doctype(xmlCtxtReadMemory(ctxt, buf, len, path, NULL, XML_PARSE_NONET), err);
		xmlSetStructuredErrorFunc(NULL, NULL);
	}
	xmlFreeParserCtxt(ctxt);
	free(buf);
	return doc;
}

static xmlDocPtr check_doctype(xmlDocPtr doc, struct xml_err *err)
{
	if (doc && (doc->intSubset || doc->extSubset)) {
		snprintf(err->msg, sizeof err->msg, "%s", "a DOCTYPE is not allowed in a profile");
		err->line = 1;
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static bool is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, NS) &&
	       !strcmp((const char *)n->name, name);
}

static const char *attr(ds__arena *a, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *s = ds__arena_strndup(a, (const char *)v, strlen((const char *)v));
	xmlFree(v);
	return s;
}

/* Element text with surrounding white space trimmed. */
static const char *text_of(ds__arena *a, xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	if (!v)
		return ds__arena_strndup(a, "", 0);
	const char *s = (const char *)v;
	size_t len = strlen(s);
	while (len && strchr(" \t\r\n", *s))
		s++, len--;
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	const char *r = ds__arena_strndup(a, s, len);
	xmlFree(v);
	return r;
}

static int severity_of(const char *s)
{
	if (!s)
		return -1;
	return !strcmp(s, "error") ? DS_SEV_ERROR : !strcmp(s, "warning") ? DS_SEV_WARNING : DS_SEV_INFO;
}

/* --------------------------------------------------------- profile model */

static int read_param(ds__profile *p, xmlNodePtr n, ds__raw *out);

static int read_group(ds__profile *p, xmlNodePtr g, ds__rawgroup *out)
{
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	out->line = xmlGetLineNo(g);
	for (xmlNodePtr c = g->children; c; c = c->next) {
		if (!is(c, "param"))
			continue;
		if (ds__grow((void **)&out->params, &cap, out->n, sizeof *out->params) < 0)
			return DS_ENOMEM;
		int error = read_param(p, c, &out->params[out->n]);
		out->n++;
		if (error < 0)
			return error;
	}
	return 0;
}

static int read_param(ds__profile *p, xmlNodePtr n, ds__raw *out)
{
	memset(out, 0, sizeof *out);
	out->name = attr(&p->arena, n, "name");
	out->from = attr(&p->arena, n, "from");
	out->line = xmlGetLineNo(n);
	out->kind = RAW_TEXT;
	size_t cap = 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is(c, "item")) {
			out->kind = RAW_ITEMS;
			if (ds__grow((void **)&out->items, &cap, out->n_items, sizeof *out->items) < 0)
				return DS_ENOMEM;
			out->items[out->n_items++] = text_of(&p->arena, c);
		} else if (is(c, "group")) {
			out->kind = RAW_GROUPS;
			if (ds__grow((void **)&out->groups, &cap, out->n_groups, sizeof *out->groups) < 0)
				return DS_ENOMEM;
			int error = read_group(p, c, &out->groups[out->n_groups]);
			out->n_groups++;
			if (error < 0)
				return error;
		}
	}
	if (out->kind == RAW_TEXT)
		out->text = text_of(&p->arena, n);
	return 0;
}

static int read_message(ds__profile *p, xmlNodePtr n, ds__msg *m)
{
	memset(m, 0, sizeof *m);
	m->key = attr(&p->arena, n, "key");
	const char *sev = attr(&p->arena, n, "severity");
	m->severity = severity_of(sev);
	for (xmlNodePtr c = n->children; c; c = c->next) {
		bool text = is(c, "text"), hint = is(c, "hint");
		if (!text && !hint)
			continue;
		int l = ds__lang_index(attr(&p->arena, c, "lang"));
		(text ? m->text : m->hint)[l] = text_of(&p->arena, c);
	}
	return 0;
}

static int read_rule(ds__profile *p, xmlNodePtr n, unsigned section, const char *file)
{
	if (ds__grow((void **)&p->rules, &p->cap_rules, p->n_rules, sizeof *p->rules) < 0)
		return DS_ENOMEM;
	ds__prule *r = &p->rules[p->n_rules++];
	memset(r, 0, sizeof *r);
	r->id = attr(&p->arena, n, "id");
	r->kind = attr(&p->arena, n, "kind");
	r->section = section;
	r->file = file;
	r->line = xmlGetLineNo(n);
	const char *en = attr(&p->arena, n, "enabled");
	r->enabled = !en || !strcmp(en, "true") || !strcmp(en, "1");
	r->severity = severity_of(attr(&p->arena, n, "severity"));
	size_t cap_p = 0, cap_m = 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int error = 0;
		if (is(c, "summary"))
			r->summary[ds__lang_index(attr(&p->arena, c, "lang"))] = text_of(&p->arena, c);
		if (is(c, "param")) {
			if (ds__grow((void **)&r->params, &cap_p, r->n_params, sizeof *r->params) < 0)
				return DS_ENOMEM;
			error = read_param(p, c, &r->params[r->n_params++]);
		} else if (is(c, "message")) {
			if (ds__grow((void **)&r->msgs, &cap_m, r->n_msgs, sizeof *r->msgs) < 0)
				return DS_ENOMEM;
			error = read_message(p, c, &r->msgs[r->n_msgs++]);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

static void free_raw(ds__raw *r);

static void free_groups(ds__rawgroup *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < g[i].n; k++)
			free_raw(&g[i].params[k]);
		free(g[i].params);
	}
	free(g);
}

static void free_raw(ds__raw *r)
{
	free(r->items);
	free_groups(r->groups, r->n_groups);
}

void ds__profile_free(ds__profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_rules; i++) {
		for (size_t k = 0; k < p->rules[i].n_params; k++)
			free_raw(&p->rules[i].params[k]);
		free(p->rules[i].params);
		free(p->rules[i].msgs);
	}
	free(p->rules);
	for (size_t k = 0; k < p->cases.n_params; k++)
		free_raw(&p->cases.params[k]);
	free(p->cases.params);
	for (size_t k = 0; k < p->letter.n_params; k++)
		free_raw(&p->letter.params[k]);
	free(p->letter.params);
	ds__arena_free(&p->arena);
	free(p);
}

/* A title missing in one language is the other's, or the id. */
static void default_titles(ds__profile *p)
{
	for (int l = 0; l < 2; l++)
		if (!p->title[l])
			p->title[l] = p->title[!l] ? p->title[!l] : p->id;
}

static int fill_profile(ds__profile *p, xmlDocPtr doc, const char *path)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || !is(root, "profile"))
		return ds__error_set(DS_EPROFILE, _("%s:%d: expected a <profile> element in namespace %s"), path,
				     root ? (int)xmlGetLineNo(root) : 1, NS);
	p->file = ds__arena_strndup(&p->arena, path, strlen(path));
	p->id = attr(&p->arena, root, "id");
	p->extends = attr(&p->arena, root, "extends");
	for (xmlNodePtr c = root->children; c; c = c->next) {
		int l = -1;
		if (is(c, "title") || is(c, "description"))
			l = ds__lang_index(attr(&p->arena, c, "lang"));
		if (is(c, "title"))
			p->title[l] = text_of(&p->arena, c);
		else if (is(c, "description"))
			p->desc[l] = text_of(&p->arena, c);
		if (is(c, "submit")) {
			p->submit_to = attr(&p->arena, c, "to");
			p->submit_by = attr(&p->arena, c, "by");
		}
		if (is(c, "cases") || is(c, "letter")) {
			ds__prule *pr = is(c, "cases") ? &p->cases : &p->letter;
			size_t cap = 0;
			pr->file = p->file;
			pr->line = xmlGetLineNo(c);
			pr->id = is(c, "cases") ? "cases" : "letter";
			for (xmlNodePtr q = c->children; q; q = q->next) {
				if (!is(q, "param"))
					continue;
				if (ds__grow((void **)&pr->params, &cap, pr->n_params, sizeof *pr->params) < 0)
					return DS_ENOMEM;
				int error = read_param(p, q, &pr->params[pr->n_params++]);
				if (error < 0)
					return error;
			}
			continue;
		}
		unsigned section = is(c, "any")          ? (DS_APPLIES_DOCX | DS_APPLIES_XLSX | DS_APPLIES_UNREAD)
				   : is(c, "docx")       ? DS_APPLIES_DOCX
				   : is(c, "xlsx")       ? DS_APPLIES_XLSX
				   : is(c, "collection") ? DS_APPLIES_COLLECTION
							 : 0;
		if (!section)
			continue;
		for (xmlNodePtr r = c->children; r; r = r->next) {
			if (!is(r, "rule"))
				continue;
			int error = read_rule(p, r, section, p->file);
			if (error < 0)
				return error;
		}
	}
	default_titles(p);
	return p->id ? 0 : ds__error_set(DS_EPROFILE, _("%s: the profile has no id"), path);
}

/* Only the head of the file -- id, extends, titles and descriptions, which
 * profile.rng puts before everything else -- read with a pull parser that
 * stops there, so listing the profiles on the path costs little. */
ds__profile *ds__profile_peek(const char *path)
{
	struct xml_err err = {{0}, 0};
	int len = 0;
	ds__xml_init();
	char *buf = slurp(path, &len, &err);
	xmlTextReaderPtr rd = buf ? xmlReaderForMemory(buf, len, path, NULL, XML_PARSE_NONET) : NULL;
	ds__profile *p = rd ? calloc(1, sizeof *p) : NULL;
	bool ok = false;
	if (p) {
		xmlSetStructuredErrorFunc(&err, collect_error);
		int depth = -1, r;
		while ((r = xmlTextReaderRead(rd)) == 1) {
			int type = xmlTextReaderNodeType(rd);
			if (type == XML_READER_TYPE_DOCUMENT_TYPE)
				break; /* refused when it is loaded */
			if (type != XML_READER_TYPE_ELEMENT)
				continue;
			xmlNodePtr n = xmlTextReaderCurrentNode(rd);
			if (depth < 0) {
				if (!n || !is(n, "profile"))
					break;
				depth = xmlTextReaderDepth(rd);
				p->file = ds__arena_strndup(&p->arena, path, strlen(path));
				p->id = attr(&p->arena, n, "id");
				p->extends = attr(&p->arena, n, "extends");
				continue;
			}
			if (xmlTextReaderDepth(rd) != depth + 1)
				continue;
			bool title = is(n, "title");
			if (is(n, "submit")) {
				p->submit_to = attr(&p->arena, n, "to");
				p->submit_by = attr(&p->arena, n, "by");
				continue;
			}
			if (!title && !is(n, "description")) {
				ok = true;
				break;
			}
			if (!(n = xmlTextReaderExpand(rd)))
				break;
			const char **slot = title ? p->title : p->desc;
			slot[ds__lang_index(attr(&p->arena, n, "lang"))] = text_of(&p->arena, n);
		}
		ok = p->id && (ok || (r == 0 && depth >= 0));
		xmlSetStructuredErrorFunc(NULL, NULL);
	}
	xmlFreeTextReader(rd);
	free(buf);
	if (!ok) {
		ds__profile_free(p);
		return NULL;
	}
	default_titles(p);
	return p;
}

/* The built-in schema, compiled on first use and kept for the process:
 * validating needs only a context of its own. */
static xmlRelaxNGPtr profile_schema;
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

static void compile_schema(void)
{
	xmlRelaxNGParserCtxtPtr pctx =
		xmlRelaxNGNewMemParserCtxt((const char *)ds__profile_rng, (int)sizeof ds__profile_rng - 1);
	profile_schema = pctx ? xmlRelaxNGParse(pctx) : NULL;
	xmlRelaxNGFreeParserCtxt(pctx);
}

/* ------------------------------------------------- what a profile holds */

/* Each element of a profile: the children it may hold, in their order
 * (those with the same rank may come in any order among themselves), and
 * its attributes.  The schema (profile.rng) says the same; this says it to
 * a person when a profile breaks it: which element, and what is allowed
 * there, instead of libxml2's "Expecting element title, got rules". */
typedef struct shape {
	const char *name;
	const char *children[12]; /* "name" or "name:RANK" ... */
	const char *attrs;        /* the attributes, separated by spaces */
	const char *order;        /* in words, for the message */
} shape;

static const shape shapes[] = {
	{"profile",
	 {"title:0", "description:1", "submit:2", "cases:3", "letter:4", "any:5", "docx:5", "xlsx:5", "collection:5"},
	 "id extends",
	 N_("<title> (one per language), <description>, <submit>, <cases>, <letter>, then <any>, <docx>, <xlsx> "
	    "and <collection> in any order")},
	{"any", {"rule:0"}, "", N_("<rule> elements")},
	{"docx", {"rule:0"}, "", N_("<rule> elements")},
	{"xlsx", {"rule:0"}, "", N_("<rule> elements")},
	{"collection", {"rule:0"}, "", N_("<rule> elements")},
	{"rule",
	 {"summary:0", "param:1", "message:2"},
	 "id kind enabled severity",
	 N_("<summary> (one per language), then <param>, then <message>")},
	{"param", {"item:0", "group:0"}, "name from", N_("text, <item> elements or <group> elements")},
	{"group", {"param:0"}, "", N_("<param> elements")},
	{"message", {"text:0", "hint:1"}, "key severity", N_("<text> (one per language), then <hint>")},
	{"cases", {"param:0"}, "", N_("<param> elements")},
	{"letter", {"param:0"}, "", N_("<param> elements")},
	{"submit", {NULL}, "to by", N_("nothing")},
	{"title", {NULL}, "lang", N_("text")},
	{"description", {NULL}, "lang", N_("text")},
	{"summary", {NULL}, "lang", N_("text")},
	{"text", {NULL}, "lang", N_("text")},
	{"hint", {NULL}, "lang", N_("text")},
	{"item", {NULL}, "", N_("text")},
};

static const shape *shape_of(const char *name)
{
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
		if (!strcmp(shapes[i].name, name))
			return &shapes[i];
	return NULL;
}

/* The rank of child in parent's shape, or -1 when it may not be there. */
static int rank_in(const shape *sh, const char *child)
{
	size_t n = strlen(child);
	for (int k = 0; k < 12 && sh->children[k]; k++)
		if (!strncmp(sh->children[k], child, n) && sh->children[k][n] == ':')
			return atoi(sh->children[k] + n + 1);
	return -1;
}

static bool word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
	return false;
}

/* A person's account of the first place n's subtree breaks the shapes: 1
 * and the error set, or 0 when it finds nothing (the schema then speaks). */
static int explain(xmlNodePtr n, const char *path)
{
	const shape *sh = shape_of((const char *)n->name);
	if (!sh)
		return 0;
	int line = (int)xmlGetLineNo(n);
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		if (a->ns || !word_in(sh->attrs, an)) {
			ds__error_set(DS_EPROFILE, _("%s:%d: <%s> has no attribute '%s' (it takes: %s)"), path, line,
				      n->name, an, *sh->attrs ? sh->attrs : _("none"));
			return 1;
		}
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		const char *val = v ? (const char *)v : "";
		const char *want = NULL;
		if (!strcmp(an, "severity") && strcmp(val, "error") && strcmp(val, "warning") && strcmp(val, "info"))
			want = "error, warning or info";
		else if (!strcmp(an, "lang") && strcmp(val, "zh") && strcmp(val, "en"))
			want = "zh or en";
		else if (!strcmp(an, "enabled") && strcmp(val, "true") && strcmp(val, "false") && strcmp(val, "1") &&
			 strcmp(val, "0"))
			want = "true or false";
		else if (!strcmp(an, "id") && !strcmp((const char *)n->name, "rule") &&
			 (!strchr(val, '.') || strchr(val, '.') == val || !strchr(val, '.')[1]))
			want = _("two words joined by a dot, as plugin.rule or thesis.abstract-length");
		if (want) {
			ds__error_set(DS_EPROFILE, _("%s:%d: <%s %s=\"%s\">: %s must be %s"), path, line, n->name, an,
				      val, an, want);
			xmlFree(v);
			return 1;
		}
		xmlFree(v);
	}
	int last = -1;
	const char *last_name = NULL;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *cn = (const char *)c->name;
		int r = rank_in(sh, cn);
		if (r < 0 || !c->ns || strcmp((const char *)c->ns->href, NS)) {
			ds__error_set(DS_EPROFILE, _("%s:%d: <%s> is not allowed in <%s>, which holds %s"), path,
				      (int)xmlGetLineNo(c), cn, n->name, _(sh->order));
			return 1;
		}
		if (r < last) {
			ds__error_set(DS_EPROFILE, _("%s:%d: <%s> must come before <%s> in <%s>, which holds %s"), path,
				      (int)xmlGetLineNo(c), cn, last_name, n->name, _(sh->order));
			return 1;
		}
		last = r;
		last_name = cn;
		if (explain(c, path))
			return 1;
	}
	if (!strcmp((const char *)n->name, "profile") && rank_in(sh, "title") >= 0) {
		bool title = false;
		for (xmlNodePtr c = n->children; c && !title; c = c->next)
			title = c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "title");
		if (!title) {
			ds__error_set(DS_EPROFILE, _("%s:%d: <profile> has no <title>: it begins with %s"), path, line,
				      _(sh->order));
			return 1;
		}
	}
	return 0;
}

static int validate(xmlDocPtr doc, const char *path)
{
	struct xml_err err = {{0}, 0};
	int error = 0;
	pthread_once(&schema_once, compile_schema);
	xmlRelaxNGValidCtxtPtr vctx = profile_schema ? xmlRelaxNGNewValidCtxt(profile_schema) : NULL;
	if (!vctx)
		return ds__error_set(DS_EPROFILE, "%s", _("the built-in profile schema cannot be loaded"));
	xmlRelaxNGSetValidStructuredErrors(vctx, collect_error, &err);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (xmlRelaxNGValidateDoc(vctx, doc) != 0) {
		if (root && root->ns && !strcmp((const char *)root->ns->href, NS) && explain(root, path))
			error = DS_EPROFILE; /* said where, and what is allowed there */
		else
			error = ds__error_set(DS_EPROFILE, _("%s:%d: the profile does not follow profile.rng: %s"),
					      path, err.line, err.msg[0] ? err.msg : "?");
	}
	xmlRelaxNGFreeValidCtxt(vctx);
	return error;
}

static int load_doc(ds__profile **out, const char *path, xmlDocPtr doc, struct xml_err err);

int ds__profile_load(ds__profile **out, const char *path)
{
	struct xml_err err = {{0}, 0};
	return load_doc(out, path, read_doc(path, &err), err);
}

int ds__profile_load_memory(ds__profile **out, const char *data, size_t len, const char *name)
{
	struct xml_err err = {{0}, 0};
	ds__xml_init();
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	xmlSetStructuredErrorFunc(&err, collect_error);
	xmlDocPtr doc = len <= INT32_MAX ? xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, XML_PARSE_NONET) : NULL;
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(ctxt);
	return load_doc(out, name, check_doctype(doc, &err), err);
}

static int load_doc(ds__profile **out, const char *path, xmlDocPtr doc, struct xml_err err)
{
	int error = 0;
	ds__profile *p = NULL;
	if (!doc)
		return ds__error_set(DS_EPROFILE, _("%s:%d: the profile is not well-formed XML: %s"), path, err.line,
				     err.msg[0] ? err.msg : _("cannot be read"));
	if ((error = validate(doc, path)) < 0)
		goto done;
	if (!(p = calloc(1, sizeof *p))) {
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto done;
	}
	if ((error = fill_profile(p, doc, path)) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	ds__profile_free(p);
	xmlFreeDoc(doc);
	return error;
}

/* ----------------------------------------------------------------- merge */

/* Child parameters replace the base's of the same name (lists and groups whole). */
static int merge_params(ds__prule *b, const ds__prule *c)
{
	for (size_t k = 0; k < c->n_params; k++) {
		ds__raw *dst = NULL;
		for (size_t j = 0; j < b->n_params; j++)
			if (!strcmp(b->params[j].name, c->params[k].name))
				dst = &b->params[j];
		if (!dst) {
			ds__raw *np = realloc(b->params, (b->n_params + 1) * sizeof *np);
			if (!np)
				return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			b->params = np;
			dst = &b->params[b->n_params++];
		} else {
			free_raw(dst);
		}
		/* share strings (the child's arena lives as long as the merge) */
		*dst = c->params[k];
		dst->items = NULL;
		dst->groups = NULL;
		if (c->params[k].n_items) {
			dst->items = malloc(c->params[k].n_items * sizeof *dst->items);
			if (!dst->items)
				return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			memcpy(dst->items, c->params[k].items, c->params[k].n_items * sizeof *dst->items);
		}
		if (c->params[k].n_groups) {
			/* groups are replaced whole: deep-copy the raw tree */
			dst->groups = calloc(c->params[k].n_groups, sizeof *dst->groups);
			if (!dst->groups)
				return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			for (size_t g = 0; g < c->params[k].n_groups; g++) {
				const ds__rawgroup *sg = &c->params[k].groups[g];
				dst->groups[g].line = sg->line;
				dst->groups[g].n = sg->n;
				dst->groups[g].params = calloc(sg->n ? sg->n : 1, sizeof(ds__raw));
				if (!dst->groups[g].params)
					return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
				for (size_t q = 0; q < sg->n; q++) {
					dst->groups[g].params[q] = sg->params[q];
					dst->groups[g].params[q].groups = NULL; /* groups nest one level */
					dst->groups[g].params[q].n_groups = 0;
					if (sg->params[q].n_items) {
						const char **it = malloc(sg->params[q].n_items * sizeof *it);
						if (!it)
							return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
						memcpy(it, sg->params[q].items, sg->params[q].n_items * sizeof *it);
						dst->groups[g].params[q].items = it;
					} else {
						dst->groups[g].params[q].items = NULL;
					}
				}
			}
		}
	}
	return 0;
}

int ds__profile_merge(ds__profile *base, const ds__profile *child)
{
	for (size_t i = 0; i < child->n_rules; i++) {
		const ds__prule *c = &child->rules[i];
		ds__prule *b = NULL;
		for (size_t k = 0; k < base->n_rules; k++)
			if (!strcmp(base->rules[k].id, c->id) && base->rules[k].section == c->section)
				b = &base->rules[k];
		if (!b) { /* a new rule: take it whole (its arrays move to base) */
			if (ds__grow((void **)&base->rules, &base->cap_rules, base->n_rules, sizeof *base->rules) < 0)
				return DS_ENOMEM;
			base->rules[base->n_rules] = *c;
			/* the child keeps its arrays; copy them so both can be freed */
			ds__prule *n = &base->rules[base->n_rules];
			n->params = NULL;
			n->msgs = NULL;
			n->n_params = n->n_msgs = 0;
			b = n;
			base->n_rules++;
		} else {
			b->enabled = c->enabled;
			if (c->kind && (!b->kind || strcmp(b->kind, c->kind))) {
				/* another kind: its parameters and messages start afresh */
				for (size_t k = 0; k < b->n_params; k++)
					free_raw(&b->params[k]);
				b->n_params = 0;
				b->n_msgs = 0;
				b->kind = c->kind;
			}
			for (int l = 0; l < 2; l++)
				if (c->summary[l])
					b->summary[l] = c->summary[l];
			if (c->severity >= 0)
				b->severity = c->severity;
			b->file = c->file;
			b->line = c->line;
		}
		int error = merge_params(b, c);
		if (error < 0)
			return error;
		for (size_t k = 0; k < c->n_msgs; k++) {
			ds__msg *dst = NULL;
			for (size_t j = 0; j < b->n_msgs; j++)
				if (!strcmp(b->msgs[j].key, c->msgs[k].key))
					dst = &b->msgs[j];
			if (!dst) {
				ds__msg *nm = realloc(b->msgs, (b->n_msgs + 1) * sizeof *nm);
				if (!nm)
					return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
				b->msgs = nm;
				dst = &b->msgs[b->n_msgs++];
				memset(dst, 0, sizeof *dst);
				dst->key = c->msgs[k].key;
				dst->severity = -1;
			}
			if (c->msgs[k].severity >= 0)
				dst->severity = c->msgs[k].severity;
			for (int l = 0; l < 2; l++) {
				if (c->msgs[k].text[l])
					dst->text[l] = c->msgs[k].text[l];
				if (c->msgs[k].hint[l])
					dst->hint[l] = c->msgs[k].hint[l];
			}
		}
	}
	ds__prule *into[2] = {&base->cases, &base->letter};
	const ds__prule *from[2] = {&child->cases, &child->letter};
	for (size_t k = 0; k < 2; k++) {
		if (!from[k]->n_params)
			continue;
		into[k]->file = from[k]->file;
		into[k]->line = from[k]->line;
		into[k]->id = from[k]->id;
		int error = merge_params(into[k], from[k]);
		if (error < 0)
			return error;
	}
	for (int l = 0; l < 2; l++) {
		base->title[l] = child->title[l];
		if (child->desc[l])
			base->desc[l] = child->desc[l];
	}
	base->id = child->id;
	base->file = child->file;
	return 0;
}
