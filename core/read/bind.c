/*
 * bind.c - the text of a content control bound to custom XML.
 *
 * A w:sdt with w:dataBinding shows the string value of the element its
 * XPath selects in the custom XML part its storeItemID names (or in the
 * core or extended properties, which have fixed ids); Word refreshes the
 * control from there when it opens the file.  The XPath Word writes is a
 * path of elements from the root, each with an optional position:
 * /ns0:root[1]/ns0:item[2].  That is what is understood; anything else, or
 * no such element, leaves the control's stored text alone.  The part is
 * streamed like every other: no DOM, same limits; the reader looks up at
 * most MAX_BINDS (docx.c) controls per document.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define MAX_STEPS 32

typedef struct step {
	const char *uri; /* "" for no namespace */
	char local[128];
	long pos; /* 1-based; 0: the first */
} step;

/* The URI prefix is bound to in w:prefixMappings ("xmlns:ns0='uri' ..."),
 * copied into buf; NULL when not declared. */
static const char *mapped_uri(const char *mappings, const char *prefix, size_t plen, char *buf, size_t cap)
{
	for (const char *m = mappings ? strstr(mappings, "xmlns:") : NULL; m; m = strstr(m + 1, "xmlns:")) {
		const char *p = m + 6, *eq = strchr(p, '=');
		if (!eq || (size_t)(eq - p) != plen || strncmp(p, prefix, plen))
			continue;
		char q = eq[1];
		const char *end = q == '\'' || q == '"' ? strchr(eq + 2, q) : NULL;
		if (!end || (size_t)(end - eq - 2) >= cap)
			return NULL;
		memcpy(buf, eq + 2, (size_t)(end - eq - 2));
		buf[end - eq - 2] = '\0';
		return buf;
	}
	return NULL;
}

/* Parse xpath into steps; the URIs are kept in uris.  Returns the number
 * of steps, 0 for an XPath this does not understand. */
static size_t parse_path(const char *xpath, const char *mappings, step *st, char (*uris)[256])
{
	size_t n = 0;
	const char *p = xpath;
	while (*p == '/' && n < MAX_STEPS) {
		p++;
		const char *name = p;
		while (*p && *p != '/' && *p != '[' && *p != ':')
			p++;
		const char *colon = *p == ':' ? p : NULL, *local = colon ? p + 1 : name;
		if (colon)
			for (p++; *p && *p != '/' && *p != '['; p++)
				;
		size_t llen = (size_t)(p - local);
		if (!llen || llen >= sizeof st[n].local || memchr(local, '(', llen) || memchr(local, '@', llen) ||
		    memchr(local, '*', llen))
			return 0;
		memcpy(st[n].local, local, llen);
		st[n].local[llen] = '\0';
		st[n].uri = "";
		if (colon && !(st[n].uri = mapped_uri(mappings, name, (size_t)(colon - name), uris[n], 256)))
			return 0;
		st[n].pos = 0;
		if (*p == '[') {
			char *end;
			st[n].pos = strtol(p + 1, &end, 10);
			if (st[n].pos < 1 || *end != ']')
				return 0;
			p = end + 1;
		}
		n++;
	}
	return *p ? 0 : n;
}

typedef struct walk {
	const step *st;
	size_t n_steps;
	size_t matched; /* steps matched by the open elements */
	size_t depth;   /* open elements */
	long seen;      /* children of the matched element like the next step */
	bool done, found;
	ds__buf *out;
} walk;

static void on_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	(void)ns, (void)a, (void)n;
	walk *w = ud;
	w->depth++;
	if (w->done || w->depth != w->matched + 1 || w->matched == w->n_steps)
		return;
	const step *s = &w->st[w->matched];
	const char *uri = ds__xml_element_uri(x);
	if (strcmp(local, s->local) || strcmp(uri ? uri : "", s->uri))
		return;
	if (++w->seen < (s->pos ? s->pos : 1))
		return;
	w->matched++;
	w->seen = 0;
	w->found = w->matched == w->n_steps;
}

static void on_end(void *ud, ds__xml *x, int ns, const char *local)
{
	(void)x, (void)ns, (void)local;
	walk *w = ud;
	/* the end of the deepest element matched: its value is complete, or
	 * (a step short of the path) it held no match */
	if (w->matched && w->depth == w->matched)
		w->done = true;
	w->depth--;
}

static void on_text(void *ud, ds__xml *x, const char *s, size_t len)
{
	walk *w = ud;
	if (!w->done && w->found && ds__buf_add(w->out, s, len) < 0)
		ds__xml_fail(x, DS_ENOMEM);
}

/* itemProps: ds:datastoreItem/@ds:itemID */
static void on_props(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	(void)x, (void)ns;
	char *id = ud;
	const char *v = strcmp(local, "datastoreItem") ? NULL : ds__attr_get(a, n, "itemID");
	if (v && strlen(v) < 64)
		strcpy(id, v);
}

/* Each custom XML item's id, from its properties part: read once. */
static int scan_stores(ds__pkg *pkg, ds__binds *b)
{
	static const ds__xml_handler props = {.start = on_props};
	b->scanned = true;
	for (size_t i = 0; i < ds__pkg_count(pkg); i++) {
		const char *name = ds__pkg_name(pkg, i);
		if (strncasecmp(name, "customXml/", 10))
			continue;
		const ds__rel *r = ds__pkg_rel_by_type(pkg, name, "/customXmlProps");
		char id[64] = "";
		if (!r || r->external || !ds__pkg_has(pkg, r->target) ||
		    ds__xml_parse_part(pkg, r->target, &props, id) < 0) {
			if (ds_error_code() == DS_ENOMEM)
				return DS_ENOMEM; /* not a broken item: the store cannot be told */
			ds__error_clear();        /* a broken item is skipped, as Word skips it */
			continue;
		}
		if (ds__grow((void **)&b->v, &b->cap, b->n, sizeof *b->v) < 0)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		memcpy(b->v[b->n].id, id, sizeof id);
		b->v[b->n++].part = name;
	}
	return 0;
}

void ds__binds_free(ds__binds *b)
{
	free(b->v);
	memset(b, 0, sizeof *b);
}

/* The part store_id names: a custom XML item whose properties carry that
 * id, or the core or extended properties. */
static const char *store_part(ds__pkg *pkg, ds__binds *b, const char *store_id)
{
	if (!b->scanned && scan_stores(pkg, b) < 0)
		return NULL;
	for (size_t i = 0; i < b->n; i++)
		if (!strcasecmp(b->v[i].id, store_id))
			return b->v[i].part;
	const char *kind = !strcasecmp(store_id, "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}")   ? "/core-properties"
			   : !strcasecmp(store_id, "{6668398D-A668-4E3E-A5EB-62B293D839F1}") ? "/extended-properties"
											     : NULL;
	const ds__rel *r = kind ? ds__pkg_rel_by_type(pkg, "", kind) : NULL;
	return r && !r->external && ds__pkg_has(pkg, r->target) ? r->target : NULL;
}

int ds__bind_value(ds__pkg *pkg, ds__binds *b, const char *store_id, const char *xpath, const char *mappings,
		   ds__buf *out)
{
	step st[MAX_STEPS];
	char uris[MAX_STEPS][256];
	size_t n = xpath && store_id ? parse_path(xpath, mappings, st, uris) : 0;
	const char *part = n ? store_part(pkg, b, store_id) : NULL;
	if (!part)
		return ds_error_code() == DS_ENOMEM ? DS_ENOMEM : 0; /* (memory: said, not read as "no store") */
	static const ds__xml_handler h = {.start = on_start, .end = on_end, .text = on_text};
	walk w = {.st = st, .n_steps = n, .out = out};
	out->len = 0;
	if (ds__xml_parse_part(pkg, part, &h, &w) < 0) {
		int e = ds_error_code();
		if (e == DS_ENOMEM)
			return e;
		ds__error_clear(); /* a broken custom XML part: the stored text stands */
		return 0;
	}
	return w.found;
}
