/*
 * collection.c - rules across the whole collection: the same case sent
 * twice (by two units, or in two files of one), found among tens of
 * thousands without comparing every pair; the same statistics table sent
 * by two units.
 *
 * Each case comes with a MinHash signature of its text (ds_collect_case_
 * signature).  Locality-sensitive hashing: the signature is cut into bands;
 * cases that agree on a whole band land in one bucket and become a
 * candidate pair, which the full signatures then accept or not (the share
 * of places they agree in, against the profile's threshold).  Sorting the
 * band hashes makes the cost grow with the number of cases (times log),
 * not with its square.  Accepted pairs join clusters (union-find); each
 * case of a cluster gets one finding on its file naming the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct item {
	size_t s, f, k; /* submission, file, case */
	const uint32_t *sig;
} item;

typedef struct band_key {
	uint64_t hash;
	size_t item;
} band_key;

typedef struct pair {
	size_t a, b;
} pair;

static int by_hash(const void *x, const void *y)
{
	const band_key *a = x, *b = y;
	return a->hash < b->hash ? -1 : a->hash > b->hash ? 1 : a->item < b->item ? -1 : a->item > b->item;
}

static int by_pair(const void *x, const void *y)
{
	const pair *a = x, *b = y;
	return a->a < b->a ? -1 : a->a > b->a ? 1 : a->b < b->b ? -1 : a->b > b->b;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

static size_t find(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Share of the places either signature of n values fills (UINT32_MAX:
 * empty) that they agree in. */
static double agree(const uint32_t *a, const uint32_t *b, size_t n)
{
	size_t same = 0, filled = 0;
	for (size_t i = 0; i < n; i++) {
		bool any = a[i] != UINT32_MAX || b[i] != UINT32_MAX;
		filled += any;
		same += any && a[i] == b[i];
	}
	return filled ? (double)same / (double)filled : 0;
}

static const ds_param_def dup_params[] = {
	{"threshold", DS_PARAM_NUMBER, "0.5",
	 "estimated Jaccard similarity of two cases' 5-character shingles from which they count as one "
	 "(rewritten stories of one case stay above 0.5; two cases on one theme share a few percent)",
	 NULL},
	{"bands", DS_PARAM_INT, "32", "LSH bands the signature is cut into (more: more candidate pairs looked at)",
	 NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def dup_msgs[] = {
	{"same", DS_SEV_WARNING, "Case {case} \"{title}\" is also sent as {others}.",
	 "案例{case}“{title}”与以下案例相同或高度相似：{others}。",
	 "One story may have been sent twice (by two units, or in two files): ask whose it is, and count it once.",
	 "同一个案例可能被重复报送（两个单位，或同一单位的两个文件），请确认归属，只计一次。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* Where item j is, for a message in language zh or not:
 * "深蓝 02.docx 案例1“标题”（97%）", "深蓝 02.docx case 1 "title" (97%)". */
static void describe(ds_collect_ctx *c, const item *j, double sim, bool zh, char *out, size_t size)
{
	const char *path = ds_collect_file_path(c, j->s, j->f);
	const char *submitter = ds_collect_submission_name(c, j->s);
	const char *slash = strrchr(path, '/');
	char title[160];
	snprintf(title, sizeof title, "%s", ds_title_without_label(ds_collect_case_title(c, j->s, j->f, j->k)));
	snprintf(out, size, zh ? "%s %s 案例%zu“%s”（%.0f%%）" : "%s %s case %zu \"%s\" (%.0f%%)", submitter,
		 slash ? slash + 1 : path, j->k + 1, title, sim * 100);
}

static int duplicate_case(ds_collect_ctx *c)
{
	const ds_params *p = ds_collect_params(c);
	double threshold = ds_params_number(p, "threshold");
	long long bands = ds_params_int(p, "bands");
	/* every case that has a signature */
	size_t n = 0, cap = 0, sig_n = 0;
	item *items = NULL;
	int error = 0;
	for (size_t s = 0; s < ds_collect_submissions(c); s++)
		for (size_t f = 0; f < ds_collect_files(c, s); f++)
			for (size_t k = 0; k < ds_collect_cases(c, s, f); k++) {
				size_t len;
				const uint32_t *sig = ds_collect_case_signature(c, s, f, k, &len);
				if (!sig)
					continue;
				if (n == cap) {
					cap = cap ? cap * 2 : 256;
					item *v = realloc(items, cap * sizeof *v);
					if (!v) {
						free(items);
						return -1;
					}
					items = v;
				}
				items[n++] = (item){s, f, k, sig};
				sig_n = len;
			}
	if (bands < 1 || (size_t)bands > sig_n)
		bands = (long long)(sig_n ? sig_n : 1);
	size_t rows = sig_n / (size_t)bands;
	band_key *keys = malloc((n ? n : 1) * sizeof *keys);
	pair *pairs = NULL;
	size_t n_pairs = 0, cap_pairs = 0;
	size_t *parent = malloc((n ? n : 1) * sizeof *parent);
	double *best = calloc(n ? n : 1, sizeof *best);
	if (!keys || !parent || !best)
		error = -1;
	/* candidates: cases that agree on a whole band */
	for (long long b = 0; !error && rows && b < bands; b++) {
		for (size_t i = 0; i < n; i++) {
			uint64_t h = 0x9e3779b97f4a7c15ull * (uint64_t)(b + 1);
			for (size_t r = 0; r < rows; r++)
				h = mix(h ^ items[i].sig[(size_t)b * rows + r]);
			keys[i] = (band_key){h, i};
		}
		if (n)
			qsort(keys, n, sizeof *keys, by_hash);
		for (size_t i = 0; i < n && !error;) {
			size_t j = i + 1;
			while (j < n && keys[j].hash == keys[i].hash)
				j++;
			/* a bucket: each case with the first, and with its neighbour
			 * (a bucket of many copies is one cluster; its pairs need not
			 * all be listed) */
			for (size_t x = i + 1; x < j && !error; x++)
				for (size_t q = 0; q < (x - 1 == i ? 1u : 2u) && !error; q++) {
					size_t a = keys[q ? x - 1 : i].item, bb = keys[x].item;
					if (items[a].s == items[bb].s && items[a].f == items[bb].f)
						continue; /* (two cases of one file: the padding rule's business) */
					if (n_pairs == cap_pairs) {
						cap_pairs = cap_pairs ? cap_pairs * 2 : 256;
						pair *v = realloc(pairs, cap_pairs * sizeof *v);
						if (!v) {
							error = -1;
							break;
						}
						pairs = v;
					}
					pairs[n_pairs++] = (pair){a < bb ? a : bb, a < bb ? bb : a};
				}
			i = j;
		}
	}
	/* accepted pairs join clusters */
	for (size_t i = 0; i < n; i++)
		if (parent)
			parent[i] = i;
	if (!error && n_pairs)
		qsort(pairs, n_pairs, sizeof *pairs, by_pair);
	for (size_t i = 0; !error && i < n_pairs; i++) {
		if (i && !by_pair(&pairs[i], &pairs[i - 1]))
			continue;
		double sim = agree(items[pairs[i].a].sig, items[pairs[i].b].sig, sig_n);
		if (sim < threshold)
			continue;
		parent[find(parent, pairs[i].a)] = find(parent, pairs[i].b);
		if (sim > best[pairs[i].a])
			best[pairs[i].a] = sim;
		if (sim > best[pairs[i].b])
			best[pairs[i].b] = sim;
	}
	/* the clusters: cases by their root, side by side (keys reused) */
	size_t m = 0;
	for (size_t i = 0; !error && i < n; i++)
		if (best[i] > 0)
			keys[m++] = (band_key){find(parent, i), i};
	if (m)
		qsort(keys, m, sizeof *keys, by_hash);
	size_t *run = malloc((m ? m : 1) * sizeof *run), *pos = malloc((n ? n : 1) * sizeof *pos);
	if (!run || !pos)
		error = -1;
	for (size_t q = 0; !error && q < m; q++) { /* run[q]: where q's cluster starts */
		run[q] = q && keys[q - 1].hash == keys[q].hash ? run[q - 1] : q;
		pos[keys[q].item] = q;
	}
	/* one finding per case in a cluster (in the order of the cases),
	 * naming a few of the others and pointing at up to 64 */
	for (size_t i = 0; !error && i < n; i++) {
		if (best[i] <= 0)
			continue;
		size_t from = run[pos[i]], to = from;
		while (to < m && keys[to].hash == keys[from].hash)
			to++;
		char others[2][1024] = {"", ""}, one[400];
		size_t named = 0;
		for (size_t q = from; q < to && named < 64; q++) {
			size_t j = keys[q].item;
			if (j == i)
				continue;
			ds_collect_refer(c, items[j].s, items[j].f, items[j].k);
			if (++named > 5)
				continue;
			for (int zh = 0; zh < 2; zh++) {
				describe(c, &items[j], agree(items[i].sig, items[j].sig, sig_n), zh, one, sizeof one);
				snprintf(others[zh] + strlen(others[zh]), sizeof others[zh] - strlen(others[zh]),
					 "%s%s", named > 1 ? (zh ? "；" : "; ") : "", one);
			}
		}
		for (int zh = 0; zh < 2 && to - from - 1 > 5; zh++)
			snprintf(others[zh] + strlen(others[zh]), sizeof others[zh] - strlen(others[zh]), "…");
		char num[32];
		snprintf(num, sizeof num, "%zu", items[i].k + 1);
		error = ds_collect_emit_case(c, items[i].s, items[i].f, items[i].k, "same", "case", num, "title",
					     ds_collect_case_title(c, items[i].s, items[i].f, items[i].k), "others@en",
					     others[0], "others@zh", others[1], NULL);
	}
	free(run);
	free(pos);
	free(items);
	free(keys);
	free(pairs);
	free(parent);
	free(best);
	return error;
}

/* -------------------------------------------------- duplicate-table */

static const ds_message_def table_msgs[] = {
	{"same", DS_SEV_WARNING, "This statistics table holds the same figures as {others}.",
	 "该统计表的数字与以下统计表完全相同：{others}。",
	 "Two units rarely have the same figures for every year: ask whether one copied the other's table.",
	 "两个单位各年数字完全相同的情况极少，请确认是否套用了其他单位的统计表。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* A table's figures (the table plugin's facts) as one text: metric keys,
 * years and values in their order; "" when the file has none. */
static void figures(ds_collect_ctx *c, size_t s, size_t f, char *out, size_t size)
{
	out[0] = '\0';
	const char *metrics = ds_collect_file_fact(c, s, f, "table.metrics");
	const char *years = ds_collect_file_fact(c, s, f, "table.years");
	if (!metrics || !years)
		return;
	size_t values = 0;
	for (const char *m = metrics; *m;) {
		const char *tab = strchr(m, '\t'), *nl = strchr(m, '\n');
		if (!tab)
			break;
		for (const char *y = years; *y;) {
			char key[160];
			snprintf(key, sizeof key, "table.%.*s.%d", (int)(tab - m), m, atoi(y));
			const char *v = ds_collect_file_fact(c, s, f, key);
			values += v != NULL;
			snprintf(out + strlen(out), size - strlen(out), "%s=%s;", key, v ? v : "");
			const char *comma = strchr(y, ',');
			y = comma ? comma + 1 : y + strlen(y);
		}
		m = nl ? nl + 1 : m + strlen(m);
	}
	if (values < 3) /* (a table of a few figures may well agree) */
		out[0] = '\0';
}

typedef struct table_key {
	uint64_t hash; /* of its figures */
	size_t s, f;
} table_key;

static int by_table(const void *x, const void *y)
{
	const table_key *a = x, *b = y;
	return a->hash < b->hash ? -1 : a->hash > b->hash;
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Tables by the hash of their figures, sorted: units whose figures are the
 * same meet in a run (their texts compared to be sure). */
static int duplicate_table(ds_collect_ctx *c)
{
	size_t n = 0, cap = 0;
	table_key *v = NULL;
	/* (room for every figure: at most 32 metrics x 64 years of a key and a value) */
	const size_t room = 1u << 18;
	char *text = malloc(room), *other = malloc(room);
	if (!text || !other) {
		free(text);
		free(other);
		return -1;
	}
	for (size_t s = 0; s < ds_collect_submissions(c); s++)
		for (size_t f = 0; f < ds_collect_files(c, s); f++) {
			figures(c, s, f, text, room);
			if (!text[0])
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				table_key *w = realloc(v, cap * sizeof *w);
				if (!w) {
					free(v);
					free(text);
					free(other);
					return -1;
				}
				v = w;
			}
			v[n++] = (table_key){fnv(text), s, f};
		}
	if (n)
		qsort(v, n, sizeof *v, by_table);
	int error = 0;
	for (size_t a = 0; a < n && !error; a++) {
		char others[2][1024] = {"", ""};
		size_t named = 0;
		figures(c, v[a].s, v[a].f, text, room);
		size_t start = a;
		while (start > 0 && v[start - 1].hash == v[a].hash)
			start--;
		for (size_t b = start; b < n && v[b].hash == v[a].hash; b++) {
			if (b == a || v[b].s == v[a].s)
				continue;
			figures(c, v[b].s, v[b].f, other, room);
			if (strcmp(text, other))
				continue;
			ds_collect_refer(c, v[b].s, v[b].f, SIZE_MAX);
			if (++named > 5) {
				for (int zh = 0; zh < 2 && named == 6; zh++)
					snprintf(others[zh] + strlen(others[zh]),
						 sizeof others[zh] - strlen(others[zh]), "…");
				continue;
			}
			const char *path = ds_collect_file_path(c, v[b].s, v[b].f), *slash = strrchr(path, '/');
			for (int zh = 0; zh < 2; zh++)
				snprintf(others[zh] + strlen(others[zh]), sizeof others[zh] - strlen(others[zh]),
					 "%s%s %s", named > 1 ? (zh ? "；" : "; ") : "",
					 ds_collect_submission_name(c, v[b].s), slash ? slash + 1 : path);
		}
		if (named)
			error = ds_collect_emit(c, v[a].s, v[a].f, "same", "others@en", others[0], "others@zh",
						others[1], NULL);
	}
	free(v);
	free(text);
	free(other);
	return error;
}

static const ds_rule_def rules[] = {
	{"collection.duplicate-case", "No case is sent twice", "是否有重复报送的案例", DS_APPLIES_COLLECTION,
	 dup_params, dup_msgs, NULL},
	{"collection.duplicate-table", "No two units send the same statistics table", "是否有单位报送了相同的统计表",
	 DS_APPLIES_COLLECTION, NULL, table_msgs, NULL},
};

static const ds_collect_hook hooks[] = {duplicate_case, duplicate_table};

DS_PLUGIN_DEFINE(.name = "collection", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0],
		 .collect_hooks = hooks)
