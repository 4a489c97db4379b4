/*
 * pool.h - checking files in isolated worker processes: a batch of paths
 * (ds_engine_check_batch), or a long-running pool that checks bytes as
 * they arrive (ds_pool_*, docscreen serve).
 */
#ifndef DOCSCREEN_POOL_H
#define DOCSCREEN_POOL_H

#include "engine.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Check many files in isolated worker processes: a worker that crashes,
 * hangs past timeout or grows past max_memory is replaced and its file gets
 * an internal.crash / internal.timeout / internal.memory finding; every other
 * file's result arrives.  Results are added in the order of paths, whatever
 * the number of jobs. */
typedef struct ds_batch_options {
	unsigned int version; /* DS_BATCH_OPTIONS_VERSION */
	unsigned int jobs;    /* worker processes; 0: one per core */
	double timeout;       /* seconds per file; 0: 60 */
	uint64_t max_memory;  /* bytes of resident memory per worker; 0: 2 GiB */
	void (*progress)(void *ud, size_t done, size_t total, size_t failing);
	void *progress_ud;
	/* version 2: when *stop becomes nonzero (a signal handler sets it),
	 * ds_engine_check_batch stops within 50 ms: its workers are killed,
	 * what they left (LibreOffice, temporary folders) is removed, and it
	 * returns DS_ERROR ("interrupted") with the report unchanged.  NULL: never. */
	const volatile int *stop;
} ds_batch_options;

#define DS_BATCH_OPTIONS_VERSION 2
#define DS_BATCH_OPTIONS_INIT                                                                                          \
	{                                                                                                              \
		DS_BATCH_OPTIONS_VERSION, 0, 0, 0, NULL, NULL, NULL                                                    \
	}
int ds_batch_options_init(ds_batch_options *opts, unsigned int version);

int ds_engine_check_batch(ds_engine *engine, ds_report *report, const char *const *paths, size_t n,
			  const ds_batch_options *opts);

/* A pool of the same workers for a long-running process that checks bytes
 * as they arrive (docscreen serve).  Single-threaded: the caller polls the
 * descriptors ds_pool_fds() gives along with its own, and calls
 * ds_pool_run() when one is readable and at least every 100 ms (limits are
 * watched there).  Each engine must have a profile in use; a job names the
 * engine it is checked with by index.  ds_pool_add() queues bytes (name
 * and data stay the caller's and must live until done is called); lang
 * ("zh", "en" or NULL for the process's) is the language of the details
 * that come from the reader (a message holds both languages, a detail one); done
 * gets a one-file report to keep (ds_report_free), or NULL when out of
 * memory.  Jobs still queued or running when the pool is freed are dropped
 * without a call. */
typedef struct ds_pool ds_pool;
typedef void (*ds_pool_done)(void *ud, ds_report *report);
int ds_pool_new(ds_pool **out, ds_engine *const *engines, size_t n, const ds_batch_options *opts);
void ds_pool_free(ds_pool *pool);
int ds_pool_add(ds_pool *pool, size_t engine, const char *lang, const char *name, const void *data, size_t len,
		ds_pool_done done, void *ud);
/* The same for one owner (a request, a user): owners take the workers turn
 * about (the next worker free takes the next owner's first job waiting);
 * one owner's jobs keep their order.  ds_pool_add's owner is NULL. */
int ds_pool_add_owned(ds_pool *pool, const void *owner, size_t engine, const char *lang, const char *name,
		      const void *data, size_t len, ds_pool_done done, void *ud);
/* The descriptors to poll for reading (at most max); jobs queued or running. */
size_t ds_pool_fds(const ds_pool *pool, int *fds, size_t max);
size_t ds_pool_pending(const ds_pool *pool);
/* Start queued jobs, wait up to timeout_ms for answers, hand them to done. */
int ds_pool_run(ds_pool *pool, int timeout_ms);

#ifdef __cplusplus
}
#endif
#endif
