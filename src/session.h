/*
 * session.h — browser sessions: the store, the cookie and the CSRF token.
 *
 * A session id is AUTH_RANDOM_LEN base64url digits of 32 random bytes; it
 * lives only in the browser's cookie SESSION_COOKIE, and the database
 * holds its SHA-256.  A session ends when it is revoked (sign-out,
 * `annexa session revoke`), when it has not been used for the idle time,
 * at its absolute end, or when the token it was opened with stops being
 * valid.  Each sign-in makes a new id: an id known before signing in is
 * worth nothing after.
 *
 * The CSRF token of a session is the SHA-256 of a fixed label and the
 * session id: only a holder of the id can know it, and it reveals nothing
 * of the id, so pages may print it into forms.
 */
#ifndef ANNEXA_SESSION_H
#define ANNEXA_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "auth.h"
#include "errcode.h"

#define SESSION_COOKIE		"__Host-annexa_session"
#define SESSION_CSRF_LEN	AUTH_HASH_HEX	/* 64 hex digits and a NUL */
#define SESSION_IDLE_DEFAULT	(30 * 60)	/* seconds: 30 minutes */
#define SESSION_MAX_DEFAULT	(12 * 3600)	/* seconds: 12 hours */
#define SESSION_IDLE_MIN	60
#define SESSION_MAX_MAX		(30 * 86400)

struct ctx;
struct db;
struct resp;

/* What the server knows about sessions, from the configuration. */
struct session_conf {
	const char	*public_url;	/* NULL: not configured */
	long long	 idle;		/* seconds */
	long long	 max;		/* seconds */
	/* The FastCGI parameter of single sign-on; NULL: it is off. */
	const char	*sso_param;
};

/*
 * Opens a session for who (org, role, person; token_id when signed in
 * with a token, person_id through single sign-on, else link_id) ending
 * max seconds from now.  Writes the
 * new id into id_out and the row's id into *sid, and audits
 * "session.create".  The caller sets the cookie.
 */
enum err	session_create(struct db *, const struct principal *who,
		    long long link_id, long long max, char id_out[AUTH_RANDOM_LEN + 1],
		    long long *sid);
/*
 * Spends sign-in link tok and opens its session, in one transaction: *who
 * becomes the link's person, organisation and role, the rest as
 * session_create().  ERR_NOT_FOUND when no valid link has this token
 * (nothing changes).
 */
enum err	session_from_link(struct db *, const char *tok, size_t len,
		    long long max, struct principal *who,
		    char id_out[AUTH_RANDOM_LEN + 1], long long *sid);
/*
 * The principal of a live session id (moving its last-seen time to now,
 * at most once a minute);
 * ERR_UNAUTHORIZED when the id is unknown, revoked, idle for more than
 * idle seconds, past its absolute end, or its token is no longer valid.
 */
enum err	session_lookup(struct db *, const char *id, size_t len,
		    long long idle, struct principal *who);
/*
 * Ends session sid (a decimal id).  who, when not NULL, is audited as
 * the one who ended it ("session.end").  ERR_NOT_FOUND when there is no
 * such session still open.
 */
enum err	session_end(struct db *, const char *sid,
		    const struct principal *who);
/* Prints one line per session (never an id's secret). */
enum err	session_list(struct db *, long long idle, FILE *);

/*
 * Finds the session cookie in a Cookie header value (RFC 6265 section
 * 5.4: "name=value" pairs separated by "; ").  True when there is exactly
 * one SESSION_COOKIE of the shape of a session id; *id points into
 * header and *len is its length.
 */
bool		session_cookie(const char *header, const char **id, size_t *len);
/* The CSRF token of session id: 64 lowercase hex digits and a NUL. */
void		session_csrf_of(const char *id, size_t len,
		    char out[SESSION_CSRF_LEN]);
/* Whether given is the CSRF token want, compared in constant time. */
bool		session_csrf_equal(const char *given, const char *want);
/*
 * For pages: true and the CSRF token of the request's session when the
 * request came with one; false for a bearer token or no credentials.
 */
bool		session_csrf(const struct ctx *, char out[SESSION_CSRF_LEN]);
/*
 * The Set-Cookie value that gives the browser id (valid for max
 * seconds), or, with id NULL, the one that removes the cookie; written
 * into out.  False when out is too small.
 */
bool		session_set_cookie(const char *id, long long max, char *out,
		    size_t outsz);
/*
 * The origin (scheme://host[:port]) of public_url into out; false when
 * public_url is NULL or not an http(s) URL.
 */
bool		session_origin(const char *public_url, char *out, size_t outsz);
/*
 * Whether a state-changing request comes from our own pages: its Origin
 * equals the origin of public_url, or, when the browser sent no Origin,
 * its Referer lies under it.  False without public_url.
 */
bool		session_same_origin(const char *public_url, const char *origin,
		    const char *referer);
#endif
