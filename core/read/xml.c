/*
 * xml.c - safe, streaming XML: libxml2's SAX2 push parser fed by package.c.
 *
 * Every part is hostile: a DOCTYPE is an error (OPC forbids DTDs), external
 * entities are refused by a deny-all loader, NOENT/HUGE/DTD options are never
 * set, and element depth is counted against the "max-depth" limit.  libxml2
 * looks up an element's attributes among each other and its prefixes among
 * the namespaces in scope, one by one: the bytes are scanned before libxml2
 * sees them, and an element with more attributes than "max-attributes" is
 * refused there; namespace declarations in scope are held to
 * "max-namespaces".  Callers
 * see local names, a namespace enum (transitional and Strict URIs map to the
 * same value) and NUL-terminated attribute values.
 *
 * Out of memory: libxml2 does not always say so (a failed name lookup is
 * reported as a namespace error), so a parse that fails after an allocation
 * failed (errno ENOMEM, which malloc sets) is DS_ENOMEM, never a damaged part.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "internal.h"

struct nsdecl {
	const char *prefix; /* owned copy; "" for the default namespace */
	const char *uri;
	int depth;
};

struct ds__xml {
	xmlParserCtxtPtr ctxt;
	const ds__xml_handler *h;
	void *ud;
	const char *name;
	uint64_t max_depth, max_attrs, max_ns;
	int depth;
	/* the scan of the bytes before libxml2 (scan_attrs) */
	unsigned char scan; /* S_TEXT, ... */
	char quote;
	char prev[2];     /* the two bytes before, in comments, CDATA, PIs */
	uint64_t n_attrs; /* in the start tag being scanned */
	int error;
	bool strict;
	int skip_depth;  /* depth of the element whose contents are skipped, or 0 */
	const char *uri; /* of the element being started or ended */
	ds__attr *attrs;
	size_t cap_attrs;
	ds__buf scratch;
	struct nsdecl *decls;
	size_t n_decls, cap_decls;
	const xmlChar *cache_uri[8];
	int cache_ns[8];
	unsigned cache_next, cache_last;
};

static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	(void)ctxt;
	(void)url;
	return NULL;
}

/* libxml2 says some things (an encoder error) on its generic channel, which
 * is stderr: every error that matters reaches on_error as well, so the
 * generic channel is silenced, and a file cannot write to the terminal. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void init_once(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlThrDefSetGenericErrorFunc(NULL, quiet); /* (and in threads made later) */
}

void ds__xml_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_once);
}

static const struct {
	const char *uri;
	int ns;
	bool strict;
} known_ns[] = {
	{"http://schemas.openxmlformats.org/wordprocessingml/2006/main", NS_W, false},
	{"http://purl.oclc.org/ooxml/wordprocessingml/main", NS_W, true},
	{"http://schemas.openxmlformats.org/spreadsheetml/2006/main", NS_S, false},
	{"http://purl.oclc.org/ooxml/spreadsheetml/main", NS_S, true},
	{"http://schemas.openxmlformats.org/officeDocument/2006/relationships", NS_R, false},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships", NS_R, true},
	{"http://schemas.openxmlformats.org/markup-compatibility/2006", NS_MC, false},
	{"urn:schemas-microsoft-com:vml", NS_V, false},
	{"http://schemas.openxmlformats.org/officeDocument/2006/math", NS_M, false},
	{"http://purl.oclc.org/ooxml/officeDocument/math", NS_M, true},
	{"http://schemas.openxmlformats.org/package/2006/content-types", NS_CT, false},
	{"http://schemas.openxmlformats.org/package/2006/relationships", NS_REL, false},
	{"http://schemas.openxmlformats.org/package/2006/metadata/core-properties", NS_CP, false},
	{"http://purl.org/dc/elements/1.1/", NS_DC, false},
	{"http://purl.org/dc/terms/", NS_DCTERMS, false},
	{"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties", NS_EP, false},
	{"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", NS_EP, true},
	{"http://schemas.microsoft.com/office/word/2010/wordml", NS_W14, false},
};

static int ns_of(ds__xml *x, const xmlChar *uri)
{
	if (!uri)
		return NS_OTHER;
	if (uri == x->cache_uri[x->cache_last]) /* most names share one namespace */
		return x->cache_ns[x->cache_last];
	for (unsigned i = 0; i < 8; i++)
		if (x->cache_uri[i] == uri) {
			x->cache_last = i;
			return x->cache_ns[i];
		}
	int ns = NS_OTHER;
	for (size_t i = 0; i < sizeof known_ns / sizeof known_ns[0]; i++)
		if (!strcmp((const char *)uri, known_ns[i].uri)) {
			ns = known_ns[i].ns;
			if (known_ns[i].strict)
				x->strict = true;
			break;
		}
	unsigned slot = x->cache_next++ & 7;
	x->cache_uri[slot] = uri;
	x->cache_ns[slot] = ns;
	x->cache_last = slot;
	return ns;
}

/* x->error once a handler has read all it needs (ds__xml_stop) */
#define STOPPED (-1000)

void ds__xml_stop(ds__xml *x)
{
	ds__xml_fail(x, STOPPED);
}

void ds__xml_skip(ds__xml *x)
{
	if (!x->skip_depth)
		x->skip_depth = x->depth;
}

void ds__xml_fail(ds__xml *x, int code)
{
	if (!x->error)
		x->error = code;
	xmlStopParser(x->ctxt);
}

bool ds__xml_strict_seen(const ds__xml *x)
{
	return x->strict;
}

const char *ds__xml_element_uri(const ds__xml *x)
{
	return x->uri;
}

const char *ds__xml_uri_of_prefix(ds__xml *x, const char *prefix)
{
	for (size_t i = x->n_decls; i-- > 0;)
		if (!strcmp(x->decls[i].prefix, prefix))
			return x->decls[i].uri;
	return NULL;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nb_ns,
		     const xmlChar **nss, int nb_attrs, int nb_def, const xmlChar **attrs)
{
	(void)prefix;
	(void)nb_def;
	ds__xml *x = ctx;
	if (x->error)
		return;
	if ((uint64_t)++x->depth > x->max_depth) {
		ds__error_set_at(DS_ELIMIT, "max-depth", x->name,
				 _("part %s nests XML elements deeper than the limit max-depth (%llu)"), x->name,
				 (unsigned long long)x->max_depth);
		ds__xml_fail(x, DS_ELIMIT);
		return;
	}
	for (int i = 0; i < nb_ns; i++) {
		if (ds__grow((void **)&x->decls, &x->cap_decls, x->n_decls, sizeof *x->decls) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		/* libxml2 keeps prefixes and URIs in its dictionary for the parse */
		x->decls[x->n_decls].prefix = nss[2 * i] ? (const char *)nss[2 * i] : "";
		x->decls[x->n_decls].uri = nss[2 * i + 1] ? (const char *)nss[2 * i + 1] : "";
		x->decls[x->n_decls].depth = x->depth;
		x->n_decls++;
	}
	if (x->n_decls > x->max_ns) {
		ds__error_set_at(DS_ELIMIT, "max-namespaces", x->name,
				 _("part %s declares more XML namespaces at once than the limit max-namespaces (%llu)"),
				 x->name, (unsigned long long)x->max_ns);
		ds__xml_fail(x, DS_ELIMIT);
		return;
	}
	if (x->skip_depth)
		return;
	if ((size_t)nb_attrs > x->cap_attrs) {
		/* on the heap: a crafted element may carry a million attributes */
		ds__attr *a = realloc(x->attrs, (size_t)nb_attrs * sizeof *a);
		if (!a) {
			ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		x->attrs = a;
		x->cap_attrs = (size_t)nb_attrs;
	}
	/* values are (start, end) pointers: copy them NUL-terminated into
	 * scratch, grown once for all of them */
	size_t need = 0;
	for (int i = 0; i < nb_attrs; i++)
		need += (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]) + 1;
	if (need > x->scratch.cap) {
		size_t cap = need < 256 ? 256 : 2 * need;
		char *p = realloc(x->scratch.p, cap);
		if (!p) {
			ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		x->scratch.p = p;
		x->scratch.cap = cap;
	}
	char *v = x->scratch.p;
	for (int i = 0; i < nb_attrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		size_t len = (size_t)(a[4] - a[3]);
		memcpy(v, a[3], len);
		v[len] = '\0';
		x->attrs[i].local = (const char *)a[0];
		x->attrs[i].prefix = a[1] ? (const char *)a[1] : "";
		x->attrs[i].ns = ns_of(x, a[2]);
		x->attrs[i].value = v;
		v += len + 1;
	}
	x->uri = (const char *)uri;
	if (x->h->start)
		x->h->start(x->ud, x, ns_of(x, uri), (const char *)local, x->attrs, nb_attrs);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)prefix;
	ds__xml *x = ctx;
	if (x->error)
		return;
	if (x->skip_depth) {
		if (x->depth == x->skip_depth)
			x->skip_depth = 0;
	} else if (x->h->end) {
		x->uri = (const char *)uri;
		x->h->end(x->ud, x, ns_of(x, uri), (const char *)local);
	}
	while (x->n_decls && x->decls[x->n_decls - 1].depth == x->depth)
		x->n_decls--;
	x->depth--;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	ds__xml *x = ctx;
	if (!x->error && !x->skip_depth && x->h->text)
		x->h->text(x->ud, x, (const char *)s, (size_t)len);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	ds__xml *x = ctx;
	ds__error_set_at(DS_ECORRUPT, NULL, x->name,
			 _("part %s contains a DOCTYPE declaration, which Office Open XML forbids "
			   "(a sign of a crafted file)"),
			 x->name);
	ds__xml_fail(x, DS_ECORRUPT);
}

/* What a libxml2 error means, in the user's language (libxml2's own words
 * are English and technical). */
static const char *xml_why(int code)
{
	switch (code) {
	case XML_ERR_DOCUMENT_EMPTY: return _("it is empty");
	case XML_ERR_DOCUMENT_END: return _("there is text after its end");
	case XML_ERR_TAG_NAME_MISMATCH:
	case XML_ERR_TAG_NOT_FINISHED:
	case XML_ERR_LTSLASH_REQUIRED: return _("an element is not closed where it should be");
	case XML_ERR_NAME_REQUIRED:
	case XML_ERR_GT_REQUIRED:
	case XML_ERR_LT_IN_ATTRIBUTE:
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: return _("an element or attribute is written wrongly");
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_CHARREF:
	case XML_ERR_INVALID_ENCODING: return _("it holds a character XML does not allow");
	case XML_ERR_UNDECLARED_ENTITY: return _("it uses an undefined entity");
	case XML_ERR_DOCUMENT_START:
	case XML_ERR_EXTRA_CONTENT: return _("it does not start as XML does");
	default: return _("its markup is broken");
	}
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	ds__xml *x = ctx;
	if (x->error || !e || e->level < XML_ERR_ERROR)
		return;
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->code == XML_ERR_NO_MEMORY || errno == ENOMEM) { /* out of memory is not a damaged part */
		ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		x->error = DS_ENOMEM;
		return;
	}
	if (e->code == XML_ERR_INTERNAL_ERROR && strstr(msg, "depth")) {
		ds__error_set_at(DS_ELIMIT, "max-depth", x->name,
				 _("part %s nests XML elements deeper than the limit max-depth (%llu)"), x->name,
				 (unsigned long long)x->max_depth);
		x->error = DS_ELIMIT;
		return;
	}
	ds__error_set_at(DS_ECORRUPT, NULL, x->name, _("part %s is not well-formed XML (line %d: %s)"), x->name,
			 e->line, xml_why(e->code));
	x->error = DS_ECORRUPT;
}

static xmlEntityPtr on_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	return xmlGetPredefinedEntity(name);
}

static xmlSAXHandler sax_handler = {
	.initialized = XML_SAX2_MAGIC,
	.startElementNs = on_start,
	.endElementNs = on_end,
	.characters = on_text,
	.cdataBlock = on_text,
	.internalSubset = on_doctype,
	.getEntity = on_entity,
	.serror = on_error,
};

enum { S_TEXT, S_LT, S_BANG, S_COMMENT, S_CDATA, S_DECL, S_PI, S_ENDTAG, S_STAG, S_QUOTE };

/* Count the attributes of each start tag (its '=' outside quotes) in bytes
 * libxml2 has not seen yet, across chunks; false past max-attributes. */
static bool scan_attrs(ds__xml *x, const char *p, const char *end)
{
	while (p < end) {
		char c = *p;
		switch (x->scan) {
		case S_TEXT:
			if (!(p = memchr(p, '<', (size_t)(end - p))))
				return true;
			x->scan = S_LT;
			break;
		case S_LT:
			x->scan = c == '!' ? S_BANG : c == '?' ? S_PI : c == '/' ? S_ENDTAG : S_STAG;
			x->n_attrs = 0;
			x->prev[0] = x->prev[1] = 0;
			break;
		case S_BANG: x->scan = c == '-' ? S_COMMENT : c == '[' ? S_CDATA : S_DECL; break;
		case S_COMMENT:
		case S_CDATA:
		case S_PI: {
			char close = x->scan == S_COMMENT ? '-' : x->scan == S_CDATA ? ']' : '?';
			if (c == '>' && x->prev[1] == close && (x->scan == S_PI || x->prev[0] == close))
				x->scan = S_TEXT;
			x->prev[0] = x->prev[1];
			x->prev[1] = c;
			break;
		}
		case S_DECL:
		case S_ENDTAG:
			if (!(p = memchr(p, '>', (size_t)(end - p))))
				return true;
			x->scan = S_TEXT;
			break;
		case S_STAG:
			/* most of a start tag is names and spaces: skip to what matters */
			while (c != '"' && c != '\'' && c != '>' && c != '=') {
				if (++p == end)
					return true;
				c = *p;
			}
			if (c == '"' || c == '\'') {
				x->quote = c;
				x->scan = S_QUOTE;
			} else if (c == '>') {
				x->scan = S_TEXT;
			} else if (c == '=' && ++x->n_attrs > x->max_attrs) {
				return false;
			}
			break;
		case S_QUOTE:
			if (!(p = memchr(p, x->quote, (size_t)(end - p))))
				return true;
			x->scan = S_STAG;
			break;
		}
		p++;
	}
	return true;
}

/* The encoding a part's XML declaration names, if any, into enc. */
static bool declared_encoding(const char *data, size_t len, char *enc, size_t size)
{
	if (len > 512)
		len = 512;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	if (len < 6 || memcmp(data, "<?xml", 5))
		return false; /* no declaration (or UTF-16: libxml2 reads it by its BOM) */
	const char *end = memchr(data, '>', len), *e;
	if (!end)
		return false;
	for (e = data; e + 8 < end && memcmp(e, "encoding", 8); e++)
		;
	if (e + 8 >= end)
		return false;
	e += 8;
	while (e < end && (*e == ' ' || *e == '=' || *e == '\t'))
		e++;
	if (e >= end || (*e != '"' && *e != '\''))
		return false;
	const char *q = memchr(e + 1, *e, (size_t)(end - e - 1));
	if (!q || (size_t)(q - e - 1) >= size)
		return false;
	memcpy(enc, e + 1, (size_t)(q - e - 1));
	enc[q - e - 1] = '\0';
	return true;
}

static int feed(void *ud, const char *data, size_t len)
{
	ds__xml *x = ud;
	char enc[64];
	/* OPC allows UTF-8 and UTF-16 only: a part in another encoding (GBK,
	 * Latin-1, EBCDIC) is read one way by libxml2 and refused or read
	 * another way by Office, so it is refused here */
	if (!x->ctxt && declared_encoding(data, len, enc, sizeof enc) && strcasecmp(enc, "UTF-8") &&
	    strcasecmp(enc, "UTF8") && strcasecmp(enc, "UTF-16") && strcasecmp(enc, "UTF16")) {
		ds__error_set_at(
			DS_ECORRUPT, NULL, x->name,
			_("part %s is declared in the encoding %s; Office Open XML allows only UTF-8 and UTF-16"),
			x->name, enc);
		return x->error = DS_ECORRUPT;
	}
	if (!scan_attrs(x, data, data + len)) {
		ds__error_set_at(
			DS_ELIMIT, "max-attributes", x->name,
			_("part %s has an XML element with more attributes than the limit max-attributes (%llu)"),
			x->name, (unsigned long long)x->max_attrs);
		return x->error = DS_ELIMIT;
	}
	if (!x->ctxt) {
		x->ctxt = xmlCreatePushParserCtxt(&sax_handler, x, NULL, 0, x->name);
		if (!x->ctxt)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET);
		x->ctxt->_private = x;
	}
	while (len && !x->error) {
		int n = len > (1 << 20) ? (1 << 20) : (int)len;
		xmlParseChunk(x->ctxt, data, n, 0);
		data += n;
		len -= (size_t)n;
		if (x->ctxt->disableSAX && !x->error && (x->ctxt->errNo == XML_ERR_NO_MEMORY || errno == ENOMEM)) {
			ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			x->error = DS_ENOMEM;
		} else if (x->ctxt->disableSAX && !x->error) {
			ds__error_set_at(DS_ECORRUPT, NULL, x->name, _("part %s is not well-formed XML"), x->name);
			x->error = DS_ECORRUPT;
		}
	}
	return x->error;
}

static int finish(ds__xml *x, int error)
{
	if (!error && !x->error) {
		if (!x->ctxt) {
			error = ds__error_set_at(DS_ECORRUPT, NULL, x->name, _("part %s is empty"), x->name);
		} else {
			xmlParseChunk(x->ctxt, NULL, 0, 1);
			if (!x->error && !x->ctxt->wellFormed &&
			    (x->ctxt->errNo == XML_ERR_NO_MEMORY || errno == ENOMEM)) {
				ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
				x->error = DS_ENOMEM;
			} else if (!x->error && !x->ctxt->wellFormed) {
				ds__error_set_at(DS_ECORRUPT, NULL, x->name, _("part %s is not well-formed XML"),
						 x->name);
				x->error = DS_ECORRUPT;
			}
		}
	}
	if (!error)
		error = x->error;
	if (error == STOPPED)
		error = 0;
	if (x->ctxt) {
		if (x->ctxt->myDoc)
			xmlFreeDoc(x->ctxt->myDoc);
		xmlFreeParserCtxt(x->ctxt);
	}
	free(x->attrs);
	free(x->decls);
	ds__buf_free(&x->scratch);
	return error;
}

static void xml_setup(ds__xml *x, const char *name, const ds_limits *limits, const ds__xml_handler *h, void *ud)
{
	memset(x, 0, sizeof *x);
	ds__xml_init();
	x->h = h;
	x->ud = ud;
	x->name = name;
	x->max_depth = limits && limits->max_depth ? limits->max_depth : 256;
	x->max_attrs = limits && limits->version >= 3 && limits->max_attributes ? limits->max_attributes : 256;
	x->max_ns = limits && limits->version >= 3 && limits->max_namespaces ? limits->max_namespaces : 1024;
	errno = 0; /* ENOMEM from here on: an allocation failed during the parse */
}

int ds__xml_parse_part(ds__pkg *pkg, const char *part, const ds__xml_handler *h, void *ud)
{
	ds__xml x;
	xml_setup(&x, part, ds__pkg_limits(pkg), h, ud);
	int error = ds__pkg_stream(pkg, part, feed, &x);
	if (error && x.error)
		error = 0; /* the parser's own error is already set */
	return finish(&x, error);
}

int ds__xml_parse_memory(const char *data, size_t len, const char *name, const ds_limits *limits,
			 const ds__xml_handler *h, void *ud)
{
	ds__xml x;
	xml_setup(&x, name, limits, h, ud);
	int error = len ? feed(&x, data, len) : 0;
	if (error && x.error)
		error = 0;
	return finish(&x, error);
}

const char *ds__attr_get(const ds__attr *attrs, int n, const char *local)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(attrs[i].local, local))
			return attrs[i].value;
	return NULL;
}

bool ds__on(const char *v)
{
	return !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on");
}

bool ds__attr_on(const ds__attr *attrs, int n)
{
	const char *v = ds__attr_get(attrs, n, "val");
	return !v || ds__on(v);
}
