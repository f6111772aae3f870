/*
 * auth.h — bearer tokens and roles (docs/api.md).
 *
 * A token is "ax_" followed by 43 base64url characters (256 random bits).
 * Only its SHA-256 is stored; the token itself is shown once.
 */
#ifndef ANNEXA_AUTH_H
#define ANNEXA_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

#define AUTH_TOKEN_PREFIX	"ax_"
#define AUTH_RANDOM_LEN		43	/* 256 random bits in base64url */
#define AUTH_TOKEN_LEN		(3 + AUTH_RANDOM_LEN)
#define AUTH_HASH_HEX		65	/* 64 hex digits and a NUL */

enum role {
	ROLE_VIEWER,
	ROLE_EDITOR,
	ROLE_ADMIN,
	ROLE__MAX
};

#define AUTH_PERSON_NAME_MAX	200	/* bytes of a person's name */
#define AUTH_PERSON_EMAIL_MAX	254	/* bytes of an e-mail address */

/*
 * The identity a valid token or browser session gives a request.  A
 * session also names the person it is for, and everything it does is
 * audited under that name.
 */
struct principal {
	long long	 token_id;	/* 0: a session from a sign-in link */
	char		 org[65];	/* empty for a global principal */
	enum role	 role;
	long long	 session_id;	/* 0: a bearer token */
	char		 person_name[AUTH_PERSON_NAME_MAX + 1];
	char		 person_email[AUTH_PERSON_EMAIL_MAX + 1]; /* may be "" */
	long long	 person_id;	/* >0: signed in through single sign-on */
	/* A bearer token's label (or "token N"); "" for a session. */
	char		 token_label[AUTH_PERSON_NAME_MAX + 1];
};

const char	*auth_role_name(enum role);
/*
 * The name what who does goes by in records: "Name <email>" (or the
 * name alone) for a person, the token's label (or "token N") for a bearer
 * token; "" for neither.  Fills out[AUTH_LABEL_MAX + 1].
 */
#define AUTH_LABEL_MAX	(AUTH_PERSON_NAME_MAX + AUTH_PERSON_EMAIL_MAX + 3)
void		 auth_principal_label(const struct principal *who,
		    char out[AUTH_LABEL_MAX + 1]);
bool		 auth_role_parse(const char *, enum role *);
/*
 * Fills out with AUTH_RANDOM_LEN base64url digits of 32 random bytes and
 * a NUL: the secret of tokens, sign-in links and session ids.
 */
enum err	 auth_random_b64url(char out[AUTH_RANDOM_LEN + 1]);
/* Whether s[0..len) has the shape auth_random_b64url() makes. */
bool		 auth_is_random_b64url(const char *s, size_t len);
/* Fills out[AUTH_TOKEN_LEN + 1] with a new random token. */
enum err	 auth_token_new(char *out, size_t outsz);
/* SHA-256 of the token as 64 lowercase hex digits. */
void		 auth_token_hash(const char *token, size_t len,
		    char hex[AUTH_HASH_HEX]);
/*
 * Extracts the token from an Authorization header value ("Bearer X").
 * Returns false when the header is absent, of another scheme, or the
 * token is not of the documented shape; *tok points into header.
 */
bool		 auth_bearer(const char *header, const char **tok,
		    size_t *len);

#endif
