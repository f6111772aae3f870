#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>

#include <curl/curl.h>

#include "curlinit.h"

/*
 * The one mutable global of the module: it mirrors libcurl's own
 * process-wide state (see curlinit.h), which cannot be passed around.
 */
static pthread_once_t	curlinit_once = PTHREAD_ONCE_INIT;
static atomic_bool	curlinit_ok;

static void
curlinit_run(void)
{
	atomic_store(&curlinit_ok,
	    curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

enum err
curlinit_start(void)
{
	if (pthread_once(&curlinit_once, curlinit_run) != 0)
		return ERR_INTERNAL;
	return atomic_load(&curlinit_ok) ? ERR_OK : ERR_IO;
}

void
curlinit_cleanup(void)
{
	/* Exchanged, so that a second call cannot clean up twice. */
	if (atomic_exchange(&curlinit_ok, false))
		curl_global_cleanup();
}
