/*
 * webhook.h — signed webhook requests: a POST of a JSON body to an
 * https URL, carrying
 *
 *   Annexa-Delivery: ID
 *   Annexa-Signature: t=TIMESTAMP,v1=HEX
 *
 * where HEX is HMAC-SHA256 with the endpoint's secret (the 64 hex
 * digits shown when it was added, used as they are, as ASCII) over
 * TIMESTAMP (seconds since 1970, decimal), a '.', and the body's exact
 * bytes.  A receiver recomputes it, compares in constant time, refuses
 * a timestamp far from its clock, and drops an ID it has seen.
 *
 * The server's certificate is verified (system trust store, plus
 * tls_ca_file); redirects are not followed.  Plain http is used only
 * for a host on loopback (smtp_loopback_host()'s rule): nothing then
 * leaves the machine.
 */
#ifndef ANNEXA_WEBHOOK_H
#define ANNEXA_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "errcode.h"

#define WEBHOOK_URL_MAX		500
#define WEBHOOK_SECRET_HEX	64
#define WEBHOOK_TIMEOUT_S	30
#define WEBHOOK_URL_RULE	"an https:// URL (http:// only to a " \
	"loopback host: localhost, 127.x.x.x or [::1]) of at most 500 " \
	"bytes, without user, spaces or fragment"

/* Whether url is one a webhook may be sent to (WEBHOOK_URL_RULE). */
bool	webhook_valid_url(const char *url);
/* A new secret: 64 lowercase hex digits of 32 random bytes. */
bool	webhook_new_secret(char out[WEBHOOK_SECRET_HEX + 1]);
/*
 * The Annexa-Signature value of body (len bytes) at time t with secret:
 * "t=T,v1=HEX" into out.
 */
void	webhook_signature(const char *secret, time_t t, const char *body,
	    size_t len, char *out, size_t outsz);

struct webhook_post {
	const char	*url;
	const char	*secret;
	const char	*delivery;	/* the Annexa-Delivery id */
	const char	*body;		/* JSON */
	size_t		 len;
	time_t		 now;
	const char	*ca_file;	/* or NULL */
};
/*
 * Posts it; ERR_OK on a 2xx answer.  ERR_IO otherwise, msg saying the
 * status or the connection's error.  Initialises libcurl on the
 * process's first send (curlinit.h).
 */
enum err webhook_send(const struct webhook_post *, char *msg, size_t msgsz);

#endif
