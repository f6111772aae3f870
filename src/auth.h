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
#define AUTH_TOKEN_LEN		(3 + 43)
#define AUTH_HASH_HEX		65	/* 64 hex digits and a NUL */

enum role {
	ROLE_VIEWER,
	ROLE_EDITOR,
	ROLE_ADMIN,
	ROLE__MAX
};

/* The identity a valid token gives a request. */
struct principal {
	long long	 token_id;
	char		 org[65];	/* empty for a global token */
	enum role	 role;
};

const char	*auth_role_name(enum role);
bool		 auth_role_parse(const char *, enum role *);
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
