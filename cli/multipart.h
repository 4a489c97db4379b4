/*
 * multipart.h - a streaming multipart/form-data reader (RFC 7578 over
 * RFC 2046) for `docscreen serve`: the body is fed as it arrives, and each
 * part's bytes are handed on as they come, never held whole.
 *
 * libmicrohttpd's post processor would do, but it refuses boundaries of one
 * character, which RFC 2046 allows (1 to 70); this one takes any valid
 * boundary, names from filename*= (RFC 5987) as well as filename=, and
 * finds the delimiter with one pass over each byte (Knuth-Morris-Pratt).
 */
#ifndef DOCSCREEN_CLI_MULTIPART_H
#define DOCSCREEN_CLI_MULTIPART_H

#include <stddef.h>
#include <stdint.h>

typedef struct multipart multipart;

/* Called once when part number `part` begins (size 0, off 0), then for each
 * piece of its body: name is the form field's name ("" when none), filename
 * the file's name or NULL for a plain field.  Nonzero stops the reading. */
typedef int (*multipart_cb)(void *ud, size_t part, const char *name, const char *filename, const char *data,
			    uint64_t off, size_t size);

/* A reader for a body of this Content-Type, or NULL when it is not
 * multipart/form-data with a valid boundary (or out of memory). */
multipart *multipart_new(const char *content_type, multipart_cb cb, void *ud);
/* 0, or -1 when the body is malformed or the callback stopped it. */
int multipart_feed(multipart *m, const char *data, size_t len);
/* 0 when the body ended with its closing delimiter, else -1. */
int multipart_end(const multipart *m);
void multipart_free(multipart *m);

#endif
