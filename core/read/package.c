/*
 * package.c - the OPC package: a zip read under the named limits
 * (limits.c), once triage.c has said the bytes are a zip.
 *
 * A zip is opened from memory with libzip; every entry is vetted up front
 * (count, encryption, compression method, duplicate names ignoring case) and
 * parts are inflated chunk by chunk into a sink while this file counts the
 * inflated bytes itself: declared sizes in a zip can lie.  Part names are
 * looked up case-insensitively, as OPC requires.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "internal.h"

#define MiB (1024ull * 1024ull)

/* ----------------------------------------------------------------- package */

struct entry {
	const char *name; /* as stored in the zip */
	char *lower;      /* lower-cased, for lookup */
	zip_uint64_t index;
	zip_uint64_t comp_size;
	zip_uint64_t size; /* declared inflated size, UINT64_MAX: not known */
};

struct ctype {
	char *key; /* lower-cased extension or part name */
	char *type;
};

struct relset {
	char *source;
	ds__rel *rels;
	size_t n;
	const ds__rel **by_id; /* the rels sorted by id (then order): looked up by halves */
};

struct ds__pkg {
	zip_t *zip;
	ds_limits limits;
	struct entry *entries; /* sorted by lower */
	size_t n_entries;
	struct ctype *defaults, *overrides;
	size_t n_defaults, cap_defaults, n_overrides, cap_overrides;
	struct relset *relsets;
	size_t n_relsets, cap_relsets;
	ds__arena arena;
	uint64_t total;      /* inflated bytes so far */
	uint64_t comp_total; /* compressed bytes of every entry */
	uint64_t reads;      /* parts streamed so far */
	bool strict;
};

/* Part names compare ignoring case, and some writers use '\\' for '/'. */
static char fold(char c)
{
	return c == '\\' ? '/' : (char)tolower((unsigned char)c);
}

static char *lower_dup(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		p[i] = fold(s[i]);
	return p;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->lower, ((const struct entry *)b)->lower);
}

static const struct entry *find_entry(const ds__pkg *pkg, const char *name)
{
	if (name[0] == '/')
		name++;
	char small[1024], *key = small;
	size_t n = strlen(name);
	if (n >= sizeof small && !(key = malloc(n + 1)))
		return NULL;
	for (size_t i = 0; i <= n; i++)
		key[i] = fold(name[i]);
	struct entry probe = {.lower = key};
	const struct entry *e = bsearch(&probe, pkg->entries, pkg->n_entries, sizeof probe, cmp_entry);
	if (key != small)
		free(key);
	return e;
}

bool ds__pkg_has(const ds__pkg *pkg, const char *name)
{
	return find_entry(pkg, name) != NULL;
}
size_t ds__pkg_count(const ds__pkg *pkg)
{
	return pkg->n_entries;
}
const char *ds__pkg_name(const ds__pkg *pkg, size_t i)
{
	return pkg->entries[i].name;
}
const ds_limits *ds__pkg_limits(const ds__pkg *pkg)
{
	return &pkg->limits;
}
bool ds__pkg_strict(const ds__pkg *pkg)
{
	return pkg->strict;
}

/* A libzip error that is memory running out (its own, or zlib's
 * Z_MEM_ERROR, -4), not a damaged file.  libzip does not always say so (a
 * failed allocation while it looks for the central directory is reported as
 * "Not a zip archive"): errno ENOMEM, which malloc sets and the callers clear
 * before calling libzip, tells. */
/* What a libzip error means for the person who sent the file, in their
 * language (libzip's own words are English and technical). */
static const char *zip_why(int code)
{
	switch (code) {
	case ZIP_ER_NOZIP:
		return _("its end is missing (cut short when it was copied or sent), or it is no Word or Excel file");
	case ZIP_ER_EOF:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK: return _("it ends too early (cut short when it was copied or sent)");
	case ZIP_ER_CRC: return _("its contents fail their checksum (changed or damaged after it was saved)");
	case ZIP_ER_INCONS: return _("its table of contents does not match its contents");
	case ZIP_ER_ZLIB: return _("part of it cannot be decompressed");
	case ZIP_ER_COMPNOTSUPP: return _("it is compressed in a way Word and Excel do not use");
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD: return _("it is encrypted in a way Word and Excel do not use");
	case ZIP_ER_MULTIDISK: return _("it is one piece of an archive split in several files");
	default: return _("its structure cannot be read");
	}
}

static bool out_of_memory(zip_error_t *e)
{
	return errno == ENOMEM || zip_error_code_zip(e) == ZIP_ER_MEMORY ||
	       (zip_error_code_zip(e) == ZIP_ER_ZLIB && zip_error_code_system(e) == -4);
}

int ds__pkg_stream(ds__pkg *pkg, const char *name, ds__sink sink, void *ud)
{
	const struct entry *e = find_entry(pkg, name);
	if (!e)
		return ds__error_set_at(DS_ECORRUPT, NULL, name, _("part %s is missing"), name);
	if (++pkg->reads > pkg->limits.max_part_reads)
		return ds__error_set_at(DS_ELIMIT, "max-part-reads", e->name,
					_("the file has its parts read more than %llu times (limit "
					  "max-part-reads): many entries point at the same parts?"),
					(unsigned long long)pkg->limits.max_part_reads);
	errno = 0;
	zip_file_t *f = zip_fopen_index(pkg->zip, e->index, 0);
	if (!f && out_of_memory(zip_get_error(pkg->zip)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	if (!f)
		return ds__error_set_at(DS_ECORRUPT, NULL, e->name, _("part %s cannot be read: %s"), e->name,
					zip_why(zip_error_code_zip(zip_get_error(pkg->zip))));
	static _Thread_local char buf[64 * 1024];
	uint64_t got = 0;
	int error = 0;
	for (;;) {
		errno = 0;
		zip_int64_t n = zip_fread(f, buf, sizeof buf);
		if (n < 0) {
			error = out_of_memory(zip_file_get_error(f))
					? ds__error_set(DS_ENOMEM, "%s", _("out of memory"))
					: ds__error_set_at(DS_ECORRUPT, NULL, e->name, _("part %s is damaged: %s"),
							   e->name, zip_file_strerror(f));
			break;
		}
		if (n == 0) {
			if (e->size != UINT64_MAX && got != e->size)
				error = ds__error_set_at(DS_ECORRUPT, NULL, e->name,
							 _("part %s is damaged: its headers say %llu bytes, it "
							   "inflates to %llu"),
							 e->name, (unsigned long long)e->size, (unsigned long long)got);
			break;
		}
		got += (uint64_t)n;
		pkg->total += (uint64_t)n;
		if (got > pkg->limits.max_part_bytes) {
			error = ds__error_set_at(DS_ELIMIT, "max-part-bytes", e->name,
						 _("part %s inflates to more than the limit "
						   "max-part-bytes (%llu bytes): a zip bomb?"),
						 e->name, (unsigned long long)pkg->limits.max_part_bytes);
			break;
		}
		if (pkg->total > pkg->limits.max_total_bytes) {
			error = ds__error_set_at(DS_ELIMIT, "max-total-bytes", e->name,
						 _("the file inflates to more than the limit "
						   "max-total-bytes (%llu bytes): a zip bomb?"),
						 (unsigned long long)pkg->limits.max_total_bytes);
			break;
		}
		if (got > MiB && got / (e->comp_size ? e->comp_size : 1) > pkg->limits.max_ratio) {
			error = ds__error_set_at(DS_ELIMIT, "max-ratio", e->name,
						 _("part %s inflates more than %llu times its "
						   "compressed size (limit max-ratio): a zip bomb?"),
						 e->name, (unsigned long long)pkg->limits.max_ratio);
			break;
		}
		/* many small parts, each under the 1 MiB above, add up too */
		if (pkg->total > 16 * MiB &&
		    pkg->total / (pkg->comp_total ? pkg->comp_total : 1) > pkg->limits.max_ratio) {
			error = ds__error_set_at(DS_ELIMIT, "max-ratio", e->name,
						 _("the file inflates more than %llu times its compressed "
						   "size (limit max-ratio): a zip bomb?"),
						 (unsigned long long)pkg->limits.max_ratio);
			break;
		}
		if ((error = sink(ud, buf, (size_t)n)) < 0)
			break;
	}
	zip_fclose(f);
	return error;
}

/* [Content_Types].xml -------------------------------------------------- */

static void ct_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	ds__pkg *pkg = ud;
	(void)ns;
	bool def = !strcmp(local, "Default"), ovr = !strcmp(local, "Override");
	if (!def && !ovr)
		return;
	const char *key = ds__attr_get(a, n, def ? "Extension" : "PartName");
	const char *type = ds__attr_get(a, n, "ContentType");
	if (!key || !type)
		return;
	if (key[0] == '/')
		key++;
	struct ctype **arr = def ? &pkg->defaults : &pkg->overrides;
	size_t *cnt = def ? &pkg->n_defaults : &pkg->n_overrides;
	size_t *cap = def ? &pkg->cap_defaults : &pkg->cap_overrides;
	if (ds__grow((void **)arr, cap, *cnt, sizeof **arr) < 0) {
		ds__xml_fail(x, DS_ENOMEM);
		return;
	}
	(*arr)[*cnt].key = lower_dup(key);
	(*arr)[*cnt].type = strdup(type);
	if (!(*arr)[*cnt].key || !(*arr)[*cnt].type) {
		free((*arr)[*cnt].key);
		free((*arr)[*cnt].type);
		ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		ds__xml_fail(x, DS_ENOMEM);
		return;
	}
	(*cnt)++;
}

const char *ds__pkg_content_type(const ds__pkg *pkg, const char *name)
{
	if (name[0] == '/')
		name++;
	for (size_t i = 0; i < pkg->n_overrides; i++)
		if (!strcasecmp(pkg->overrides[i].key, name))
			return pkg->overrides[i].type;
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < pkg->n_defaults; i++)
			if (!strcasecmp(pkg->defaults[i].key, dot + 1))
				return pkg->defaults[i].type;
	return "";
}

/* relationships ------------------------------------------------------- */

struct rels_ctx {
	ds__pkg *pkg;
	const char *source;
	struct relset *set;
	size_t cap;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Resolve target against the folder of source: "a/b.xml" + "../c.xml" -> "c.xml" */
static const char *resolve(ds__pkg *pkg, const char *source, const char *target)
{
	char path[2048];
	size_t n = 0;
	if (target[0] == '/') {
		target++;
	} else {
		const char *slash = strrchr(source, '/');
		if (slash) {
			n = (size_t)(slash - source) + 1;
			if (n >= sizeof path)
				return NULL;
			memcpy(path, source, n);
		}
	}
	for (const char *t = target; *t && *t != '#' && *t != '?'; t++) {
		char c = *t;
		if (c == '%' && hexval(t[1]) >= 0 && hexval(t[2]) >= 0) {
			c = (char)(hexval(t[1]) * 16 + hexval(t[2]));
			t += 2;
		}
		if (c == '\\')
			c = '/';
		if (n + 1 >= sizeof path)
			return NULL;
		path[n++] = c;
	}
	path[n] = '\0';
	/* fold "." and ".." segments */
	char out[2048];
	size_t o = 0;
	for (char *seg = path, *next; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || !strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			while (o && out[o - 1] != '/')
				o--;
			if (o)
				o--;
			while (o && out[o - 1] != '/')
				o--;
			continue;
		}
		size_t l = strlen(seg);
		if (o + l + 2 >= sizeof out)
			return NULL;
		memcpy(out + o, seg, l);
		o += l;
		out[o++] = '/';
	}
	if (o)
		o--;
	return ds__arena_strndup(&pkg->arena, out, o);
}

static void rels_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct rels_ctx *c = ud;
	(void)ns;
	if (strcmp(local, "Relationship"))
		return;
	const char *id = ds__attr_get(a, n, "Id"), *type = ds__attr_get(a, n, "Type"),
		   *target = ds__attr_get(a, n, "Target"), *mode = ds__attr_get(a, n, "TargetMode");
	if (!type || !target)
		return;
	if (strstr(type, "purl.oclc.org/ooxml"))
		c->pkg->strict = true;
	ds__rel r = {0};
	r.external = mode && !strcasecmp(mode, "External");
	r.id = ds__arena_strndup(&c->pkg->arena, id ? id : "", id ? strlen(id) : 0);
	r.type = ds__arena_strndup(&c->pkg->arena, type, strlen(type));
	r.target = r.external ? ds__arena_strndup(&c->pkg->arena, target, strlen(target))
			      : resolve(c->pkg, c->source, target);
	if (!r.id || !r.type || !r.target)
		return; /* an unresolvable target is skipped like a missing one */
	if (ds__grow((void **)&c->set->rels, &c->cap, c->set->n, sizeof r) < 0) {
		ds__xml_fail(x, DS_ENOMEM);
		return;
	}
	c->set->rels[c->set->n++] = r;
}

static int cmp_rel_id(const void *a, const void *b)
{
	const ds__rel *x = *(const ds__rel *const *)a, *y = *(const ds__rel *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : x < y ? -1 : x > y;
}

/* The relationships of a part, read (and indexed by id) the first time asked. */
static int relset_of(ds__pkg *pkg, const char *source, struct relset **out)
{
	for (size_t i = 0; i < pkg->n_relsets; i++)
		if (!strcmp(pkg->relsets[i].source, source)) {
			*out = &pkg->relsets[i];
			return 0;
		}
	if (ds__grow((void **)&pkg->relsets, &pkg->cap_relsets, pkg->n_relsets, sizeof *pkg->relsets) < 0)
		return DS_ENOMEM;
	struct relset *set = &pkg->relsets[pkg->n_relsets];
	memset(set, 0, sizeof *set);
	if (!(set->source = strdup(source)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	pkg->n_relsets++;
	/* "word/document.xml" -> "word/_rels/document.xml.rels" */
	char path[2048];
	const char *slash = strrchr(source, '/');
	if (slash)
		snprintf(path, sizeof path, "%.*s/_rels/%s.rels", (int)(slash - source), source, slash + 1);
	else
		snprintf(path, sizeof path, "_rels/%s.rels", source);
	if (ds__pkg_has(pkg, path)) {
		struct rels_ctx c = {pkg, source, set, 0};
		static const ds__xml_handler h = {.start = rels_start};
		int error = ds__xml_parse_part(pkg, path, &h, &c);
		if (error < 0)
			return error;
	}
	if (set->n && !(set->by_id = malloc(set->n * sizeof *set->by_id)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t i = 0; i < set->n; i++)
		set->by_id[i] = &set->rels[i];
	if (set->n)
		qsort(set->by_id, set->n, sizeof *set->by_id, cmp_rel_id);
	*out = set;
	return 0;
}

int ds__pkg_rels(ds__pkg *pkg, const char *source, const ds__rel **rels, size_t *n)
{
	struct relset *set;
	int error = relset_of(pkg, source, &set);
	if (error < 0)
		return error;
	*rels = set->rels;
	*n = set->n;
	return 0;
}

static const char *type_tail(const char *type)
{
	const char *s = strrchr(type, '/');
	return s ? s : type;
}

const ds__rel *ds__pkg_rel_by_type(ds__pkg *pkg, const char *source, const char *suffix)
{
	const ds__rel *rels;
	size_t n;
	if (ds__pkg_rels(pkg, source, &rels, &n) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(type_tail(rels[i].type), suffix))
			return &rels[i];
	return NULL;
}

const ds__rel *ds__pkg_rel_by_id(ds__pkg *pkg, const char *source, const char *id)
{
	struct relset *set;
	if (relset_of(pkg, source, &set) < 0)
		return NULL;
	if (!set->by_id) { /* none, or its index could not be made (out of memory) */
		for (size_t i = 0; i < set->n; i++)
			if (!strcmp(set->rels[i].id, id))
				return &set->rels[i];
		return NULL;
	}
	/* the first of that id in the part's order */
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(set->by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < set->n && !strcmp(set->by_id[lo]->id, id) ? set->by_id[lo] : NULL;
}

/* open / free ---------------------------------------------------------- */

void ds__pkg_free(ds__pkg *pkg)
{
	if (!pkg)
		return;
	if (pkg->zip)
		zip_discard(pkg->zip);
	for (size_t i = 0; i < pkg->n_entries; i++)
		free(pkg->entries[i].lower);
	free(pkg->entries);
	for (size_t i = 0; i < pkg->n_defaults; i++) {
		free(pkg->defaults[i].key);
		free(pkg->defaults[i].type);
	}
	for (size_t i = 0; i < pkg->n_overrides; i++) {
		free(pkg->overrides[i].key);
		free(pkg->overrides[i].type);
	}
	free(pkg->defaults);
	free(pkg->overrides);
	for (size_t i = 0; i < pkg->n_relsets; i++) {
		free(pkg->relsets[i].source);
		free(pkg->relsets[i].rels);
		free(pkg->relsets[i].by_id);
	}
	free(pkg->relsets);
	ds__arena_free(&pkg->arena);
	free(pkg);
}

static int vet_entries(ds__pkg *pkg)
{
	zip_int64_t count = zip_get_num_entries(pkg->zip, 0);
	if (count < 0)
		count = 0;
	if ((uint64_t)count > pkg->limits.max_parts)
		return ds__error_set_at(DS_ELIMIT, "max-parts", NULL,
					_("the package holds %lld parts, more than the limit "
					  "max-parts (%llu)"),
					(long long)count, (unsigned long long)pkg->limits.max_parts);
	pkg->entries = calloc((size_t)count + 1, sizeof *pkg->entries);
	if (!pkg->entries)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (zip_int64_t i = 0; i < count; i++) {
		zip_stat_t st;
		if (zip_stat_index(pkg->zip, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME))
			return ds__error_set(DS_ECORRUPT, _("zip entry %lld cannot be read: %s"), (long long)i,
					     zip_why(zip_error_code_zip(zip_get_error(pkg->zip))));
		size_t len = strlen(st.name);
		if (len && st.name[len - 1] == '/')
			continue; /* a folder entry */
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
			return ds__error_set_at(DS_EZIPCRYPT, NULL, st.name,
						_("zip entry %s is encrypted with zip encryption; "
						  "Office files are never zip-encrypted"),
						st.name);
		if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
		    st.comp_method != ZIP_CM_DEFLATE)
			return ds__error_set_at(DS_ECORRUPT, NULL, st.name,
						_("zip entry %s uses compression method %d; Office "
						  "files use only stored or deflate"),
						st.name, (int)st.comp_method);
		struct entry *e = &pkg->entries[pkg->n_entries];
		e->name = st.name; /* lives as long as the zip */
		e->index = (zip_uint64_t)i;
		e->comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
		pkg->comp_total += e->comp_size;
		e->size = (st.valid & ZIP_STAT_SIZE) ? st.size : UINT64_MAX;
		if (!(e->lower = lower_dup(st.name)))
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		pkg->n_entries++;
	}
	qsort(pkg->entries, pkg->n_entries, sizeof *pkg->entries, cmp_entry);
	for (size_t i = 1; i < pkg->n_entries; i++)
		if (!strcmp(pkg->entries[i - 1].lower, pkg->entries[i].lower))
			return ds__error_set_at(DS_ECORRUPT, NULL, pkg->entries[i].name,
						_("the package holds the part %s twice (%s and %s)"),
						pkg->entries[i].name, pkg->entries[i - 1].name, pkg->entries[i].name);
	return 0;
}

/* One zip, one reading.  What another reader (unzip, Python's zipfile,
 * LibreOffice) may take for the document must be what libzip reads, so a
 * package whose structure two readers could read two ways is refused:
 * bytes after the central directory other than the end records (a second
 * package in the comment), a central directory that does not end where the
 * end record says, a local header whose name, method or (without a data
 * descriptor) CRC and sizes differ from its central entry, and entries that
 * overlap or run into the central directory.  Zip64 archives are left to
 * libzip.  Times and flags may differ: real writers (Word Online, docx4j)
 * do that. */
typedef struct zsrc {
	const unsigned char *mem; /* or */
	FILE *f;
	uint64_t size;
} zsrc;

static bool zread(const zsrc *z, uint64_t off, void *buf, size_t n)
{
	if (off > z->size || n > z->size - off)
		return false;
	if (z->mem) {
		memcpy(buf, z->mem + off, n);
		return true;
	}
	return fseeko(z->f, (off_t)off, SEEK_SET) == 0 && fread(buf, 1, n, z->f) == n;
}

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

#define TAIL (65535 + 22) /* the end record and the longest comment */

struct span {
	uint64_t start, end;
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int ambiguous(const char *why)
{
	return ds__error_set(DS_ECORRUPT,
			     _("the zip's structure can be read two ways (%s): other programs may "
			       "show another document than the one checked"),
			     why);
}

static int vet_structure(const zsrc *z)
{
	size_t n = z->size < TAIL ? (size_t)z->size : TAIL;
	unsigned char *tail = malloc(n ? n : 1);
	struct span *spans = NULL;
	int error = 0;
	if (!tail)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	if (!zread(z, z->size - n, tail, n))
		goto done; /* libzip says what is wrong */
	/* the end record whose comment runs exactly to the end of the file */
	size_t eocd = SIZE_MAX;
	for (size_t i = n >= 22 ? n - 22 + 1 : 0; i-- > 0;)
		if (!memcmp(tail + i, "PK\5\6", 4) && i + 22 + le16(tail + i + 20) == n) {
			eocd = i;
			break;
		}
	if (eocd == SIZE_MAX || (eocd >= 20 && !memcmp(tail + eocd - 20, "PK\6\7", 4)))
		goto done; /* none (libzip says so), or zip64 (libzip's checks) */
	for (size_t i = eocd + 22; i + 4 <= n; i++)
		if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] <= 8 && tail[i + 3] <= 8 && tail[i + 2]) {
			error = ambiguous(_("the archive comment holds zip records"));
			goto done;
		}
	uint64_t cd_off = le32(tail + eocd + 16), cd_size = le32(tail + eocd + 12);
	size_t count = le16(tail + eocd + 10);
	if (cd_off + cd_size != z->size - n + eocd) {
		error = ambiguous(_("the central directory does not end where the end record says"));
		goto done;
	}
	if (!(spans = malloc((count ? count : 1) * sizeof *spans))) {
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto done;
	}
	uint64_t at = cd_off;
	for (size_t k = 0; k < count; k++) {
		unsigned char c[46], l[30];
		char cname[1024], lname[1024];
		if (!zread(z, at, c, 46) || memcmp(c, "PK\1\2", 4))
			goto done; /* a damaged directory: libzip says so */
		size_t nl = le16(c + 28);
		uint64_t off = le32(c + 42), csize = le32(c + 20);
		if (nl >= sizeof cname || !zread(z, at + 46, cname, nl))
			goto done;
		if (!zread(z, off, l, 30) || memcmp(l, "PK\3\4", 4) || le16(l + 26) != nl ||
		    !zread(z, off + 30, lname, nl) || memcmp(cname, lname, nl) || le16(l + 8) != le16(c + 10) ||
		    (!(le16(l + 6) & 8) &&
		     (le32(l + 14) != le32(c + 16) || le32(l + 18) != csize || le32(l + 22) != le32(c + 24)))) {
			error = ambiguous(_("a local header disagrees with the central directory"));
			goto done;
		}
		spans[k] = (struct span){off, off + 30 + nl + le16(l + 28) + csize};
		at += 46 + nl + le16(c + 30) + le16(c + 32);
	}
	qsort(spans, count, sizeof *spans, cmp_span);
	for (size_t k = 0; k < count; k++)
		if ((k + 1 < count && spans[k].end > spans[k + 1].start) || spans[k].end > cd_off) {
			error = ambiguous(_("entries overlap"));
			goto done;
		}
done:
	free(spans);
	free(tail);
	return error;
}

static int vet_file(const char *path)
{
	zsrc z = {.f = fopen(path, "rb")};
	if (!z.f)
		return 0; /* libzip says why */
	int error = 0;
	if (fseeko(z.f, 0, SEEK_END) == 0 && ftello(z.f) >= 0) {
		z.size = (uint64_t)ftello(z.f);
		error = vet_structure(&z);
	}
	fclose(z.f);
	return error;
}

/* The package in memory (data), or read from the file at path as its parts
 * are inflated, so that a big file is never held whole. */
int ds__pkg_open(ds__pkg **out, const void *data, size_t len, const char *path, const ds_limits *limits)
{
	int error = 0;
	ds__pkg *pkg = calloc(1, sizeof *pkg);
	if (!pkg)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	ds__limits_copy(&pkg->limits, limits);

	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src =
		data ? zip_source_buffer_create(data, len, 0, &zerr) : zip_source_file_create(path, 0, -1, &zerr);
	if (!src) {
		error = data || zip_error_code_zip(&zerr) == ZIP_ER_MEMORY
				? ds__error_set(DS_ENOMEM, "%s", _("out of memory"))
				: ds__error_set(DS_ERROR, _("cannot open %s: %s"), path, zip_error_strerror(&zerr));
		goto done;
	}
	zsrc z = {.mem = data, .size = len};
	if ((error = data ? vet_structure(&z) : vet_file(path)) < 0) {
		zip_source_free(src);
		goto done;
	}
	errno = 0;
	pkg->zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!pkg->zip) {
		zip_source_free(src);
		/* libzip out of memory is not a damaged file */
		error = out_of_memory(&zerr) ? ds__error_set(DS_ENOMEM, "%s", _("out of memory"))
					     : ds__error_set(DS_ECORRUPT, "%s", zip_why(zip_error_code_zip(&zerr)));
		goto done;
	}
	if ((error = vet_entries(pkg)) < 0)
		goto done;
	if (ds__pkg_has(pkg, "[Content_Types].xml")) {
		static const ds__xml_handler h = {.start = ct_start};
		if ((error = ds__xml_parse_part(pkg, "[Content_Types].xml", &h, pkg)) < 0)
			goto done;
	}
	*out = pkg;
	pkg = NULL;
done:
	zip_error_fini(&zerr);
	ds__pkg_free(pkg);
	return error;
}
