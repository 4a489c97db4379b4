/*
 * serve.h - `docscreen serve` (serve.c): the HTTP side, given engines with
 * their profiles in use.
 */
#ifndef DOCSCREEN_CLI_SERVE_H
#define DOCSCREEN_CLI_SERVE_H

#include <stddef.h>

#include "docscreen/docscreen.h"

typedef struct serve_options {
	const char *listen;     /* ADDRESS:PORT */
	size_t max_upload;      /* bytes per request */
	size_t max_requests;    /* admitted at once; more get 503 */
	ds_batch_options batch; /* workers, timeout, memory per worker */
	ds_engine **engines;    /* one per profile offered */
	char **ids;             /* their profile ids */
	size_t n_engines, default_engine;
	const char *version;
} serve_options;

/* Serve until SIGINT or SIGTERM.  Returns an exit status. */
int serve_run(const serve_options *opts);

#endif
