/*
 * fingerprint.c - a case's text as a MinHash signature, so that the
 * collection can find the same case sent twice (exact, or with sentences
 * moved, a tenth of it changed, another title) among tens of thousands
 * without comparing every pair (LSH banding, plugins/collection).
 *
 * The text is the case's body paragraphs (not its heading, not its contact
 * lines), with everything but letters and digits dropped and full-width
 * ASCII folded: shingles are DS__SHINGLE code points long.  The signature
 * is a one-permutation MinHash: each shingle's 64-bit hash picks one of
 * DS__SIG bins (its low bits) and the bin keeps the smallest of the hashes'
 * high halves -- one hash per shingle, not DS__SIG, so a 50 MB document
 * costs what reading it costs.  Among the bins either text fills, two
 * signatures agree in about a share J of them for texts whose shingle sets
 * have Jaccard similarity J.  Past DS__MAX_SHINGLES shingles (a case of
 * about a thousand characters has a thousand) the rest is not looked at.
 */
#include <string.h>

#include "internal.h"

/* A 64-bit mix (splitmix64's finaliser). */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

/* Is cp a letter or digit worth keeping (ASCII alphanumerics, CJK, other
 * letters past Latin-1), folded to one form?  0: drop it. */
static uint32_t keep(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF5A) /* full-width digits and letters */
		cp -= 0xFEE0;
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		return cp;
	if ((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF))
		return cp; /* CJK ideographs */
	if (cp >= 0x00C0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7)
		return cp; /* other letters */
	return 0;
}

void ds__fingerprint_init(ds__fingerprint *f)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < DS__SIG; i++)
		f->sig[i] = UINT32_MAX;
}

void ds__fingerprint_add(ds__fingerprint *f, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += ds__utf8_next(text + i, len - i, &cp);
		if (!(cp = keep(cp)))
			continue;
		f->window[f->filled++ % DS__SHINGLE] = cp;
		if (f->filled < DS__SHINGLE)
			continue;
		if (f->filled > DS__MAX_SHINGLES)
			return;
		uint64_t h = 0x9e3779b97f4a7c15ull;
		for (size_t k = 0; k < DS__SHINGLE; k++) /* the window in order, oldest first */
			h = mix(h ^ f->window[(f->filled + k) % DS__SHINGLE]);
		uint32_t v = (uint32_t)(h >> 32), *bin = &f->sig[h % DS__SIG];
		if (v < *bin)
			*bin = v;
	}
}

void ds__case_fingerprint(const ds_doc *doc, const ds_cases *cases, size_t i, ds__fingerprint *f)
{
	ds__fingerprint_init(f);
	const ds_case *c = ds_cases_at(cases, i);
	for (size_t p = c ? c->first : 0; c && p < c->end && p < ds_doc_para_count(doc); p++)
		if (!ds_cases_is_contact(cases, p)) {
			const ds_para *para = ds_doc_para(doc, p);
			ds__fingerprint_add(f, para->text, para->text_len);
		}
}
