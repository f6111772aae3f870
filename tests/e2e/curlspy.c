/*
 * curlspy.so — tells whether a process initialises libcurl, for
 * tests/e2e/delivery.sh.
 *
 *   LD_PRELOAD=tests/e2e/curlspy.so annexa schedule run ...
 *
 * Preloaded, it stands in front of libcurl's curl_global_init() and
 * curl_global_cleanup(): each call writes one line, "curlspy:
 * curl_global_init" or "curlspy: curl_global_cleanup", to standard
 * error and is then passed on to libcurl unchanged.  The test counts the
 * lines; the binary under test is the shipping one, not rebuilt.
 */
#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

static void
spy_say(const char *what)
{
	static const char	prefix[] = "curlspy: ";
	ssize_t			n;

	/* write(2) alone: no stdio buffer to mix with the program's own. */
	n = write(STDERR_FILENO, prefix, sizeof(prefix) - 1);
	n = write(STDERR_FILENO, what, strlen(what));
	n = write(STDERR_FILENO, "\n", 1);
	(void)n;
}

CURLcode
curl_global_init(long flags)
{
	CURLcode	(*real)(long);

	spy_say("curl_global_init");
	real = (CURLcode (*)(long))dlsym(RTLD_NEXT, "curl_global_init");
	return real != NULL ? real(flags) : CURLE_FAILED_INIT;
}

void
curl_global_cleanup(void)
{
	void	(*real)(void);

	spy_say("curl_global_cleanup");
	real = (void (*)(void))dlsym(RTLD_NEXT, "curl_global_cleanup");
	if (real != NULL)
		real();
}
