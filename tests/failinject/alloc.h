/* alloc.h - the failing allocator of the failure-injection tests (alloc.c). */
#ifndef DOCSCREEN_TEST_ALLOC_H
#define DOCSCREEN_TEST_ALLOC_H

#include <stdbool.h>

extern long countdown; /* the allocation that fails, counting down; 0: none */
extern bool hit;       /* it failed */
extern long live;      /* blocks handed out and not freed */
extern long made;      /* allocations so far */

#endif
