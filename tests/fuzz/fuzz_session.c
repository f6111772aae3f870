/*
 * libFuzzer target for the parsers of browser sessions: the input, cut at
 * its first NUL as FastCGI parameters are, is given to
 *   session_cookie() as a Cookie header,
 *   loginlink_parse_for() as a --for value (and the "for" of the API),
 *   loginlink_parse_expires() as an --expires value,
 *   session_same_origin() as Origin and as Referer against a public_url,
 *   http_log_path() as a request path.
 *
 * Invariants asserted (abort() when one fails):
 *   - a cookie found is AUTH_RANDOM_LEN base64url characters inside the
 *     header, right after "__Host-annexa_session=";
 *   - a parsed person has a name of 1..AUTH_PERSON_NAME_MAX bytes without
 *     '<', '>' or control characters, and an e-mail with one '@';
 *   - a parsed validity lies within the documented bounds;
 *   - an Origin is same-origin only when it equals the public_url's
 *     origin;
 *   - a logged path that held "/login/" keeps nothing after it but "…".
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_session
 *   tests/fuzz/fuzz_session -max_total_time=60 tests/fuzz/corpus/session
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "http.h"
#include "loginlink.h"
#include "session.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define PUBLIC_URL	"https://annexa.example.com"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s, name[AUTH_PERSON_NAME_MAX + 1];
	char		 email[AUTH_PERSON_EMAIL_MAX + 1], out[256];
	const char	*id, *p;
	size_t		 len, i;
	long long	 secs;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (session_cookie(s, &id, &len)) {
		if (len != AUTH_RANDOM_LEN || id < s + 22 ||
		    id + len > s + strlen(s) ||
		    strncmp(id - 22, SESSION_COOKIE "=", 22) != 0 ||
		    !auth_is_random_b64url(id, len))
			abort();
	}
	if (loginlink_parse_for(s, name, email)) {
		len = strlen(name);
		if (len == 0 || len > AUTH_PERSON_NAME_MAX ||
		    strpbrk(name, "<>") != NULL)
			abort();
		for (i = 0; i < len; i++)
			if ((unsigned char)name[i] < 0x20)
				abort();
		if ((p = strchr(email, '@')) == NULL || strchr(p + 1, '@'))
			abort();
	}
	if (loginlink_parse_expires(s, &secs) &&
	    (secs < LOGINLINK_SECONDS_MIN || secs > LOGINLINK_SECONDS_MAX))
		abort();
	if (session_same_origin(PUBLIC_URL, s, NULL) &&
	    strcmp(s, PUBLIC_URL) != 0)
		abort();
	(void)session_same_origin(PUBLIC_URL, NULL, s);
	p = http_log_path(s, out, sizeof(out));
	if (strncmp(s, "/s/", 3) == 0) {
		/* A share link's path: nothing after "/s/" survives. */
		if (p != out || strcmp(out, "/s/\xe2\x80\xa6") != 0)
			abort();
	} else if ((id = strstr(s, "/login/")) != NULL) {
		/* out is a prefix of what precedes it and "/login/…", cut
		 * to its size: nothing after "/login/" survives. */
		static const char	 hide[] = "/login/\xe2\x80\xa6";
		size_t			 k = (size_t)(id - s), n = strlen(out);

		if (p != out || n > k + sizeof(hide) - 1 ||
		    memcmp(out, s, n < k ? n : k) != 0 ||
		    (n > k && memcmp(out + k, hide, n - k) != 0))
			abort();
	}
	free(s);
	return 0;
}
