/*
 * fuzz_multipart.c - fuzz target: the upload reader of `docscreen serve`
 * (cli/multipart.c).  The first byte is the size of the pieces the body is
 * fed in, then the Content-Type up to a NUL, then the body.  The reader
 * must hand on each part's bytes in order (offsets that add up) and never
 * more bytes than it was fed.
 */
#include <stdlib.h>
#include <string.h>

#include "../../cli/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t part, parts, bytes;
	uint64_t off;
};

static int on_part(void *ud, size_t part, const char *name, const char *filename, const char *data, uint64_t off,
		   size_t size)
{
	struct seen *s = ud;
	if (!name || (filename && strlen(filename) > 1024) || (size && !data))
		abort();
	if (!size && !off) { /* a part begins */
		if (part != s->parts)
			abort();
		s->parts++;
		s->part = part;
		s->off = 0;
		return 0;
	}
	if (part != s->part || off != s->off)
		abort(); /* the bytes of a part, in order, with nothing left out */
	s->off += size;
	s->bytes += size;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t step = data[0] ? data[0] : 1;
	const uint8_t *nul = memchr(data + 1, 0, size - 1);
	if (!nul)
		return 0;
	char *type = strndup((const char *)data + 1, (size_t)(nul - data - 1));
	struct seen s = {0};
	multipart *m = type ? multipart_new(type, on_part, &s) : NULL;
	const char *body = (const char *)nul + 1;
	size_t len = size - (size_t)(nul - data) - 1;
	for (size_t i = 0; m && i < len; i += step)
		if (multipart_feed(m, body + i, i + step <= len ? step : len - i) < 0)
			break;
	if (s.bytes > len)
		abort();
	multipart_free(m);
	free(type);
	return 0;
}
