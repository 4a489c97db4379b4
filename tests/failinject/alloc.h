/* alloc.h - the failing allocator of the failure-injection tests (alloc.c). */
#ifndef DOCSCREEN_TEST_ALLOC_H
#define DOCSCREEN_TEST_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

extern long countdown; /* the allocation that fails, counting down; 0: none */
extern bool hit;       /* it failed */
extern long live;      /* blocks handed out and not freed */
extern long made;      /* allocations so far */
extern bool trace;     /* print a backtrace where the allocation fails */

/* A whole file, read with the allocator above; NULL when it cannot be read. */
char *alloc_slurp(const char *path, size_t *len);

#endif
