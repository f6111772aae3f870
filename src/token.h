/*
 * token.h — `annexa token create|list|revoke`: API tokens (docs/api.md).
 * Only a token's SHA-256 is stored; create shows the token once.
 */
#ifndef ANNEXA_TOKEN_H
#define ANNEXA_TOKEN_H

#include <stdio.h>

#include "auth.h"
#include "errcode.h"

struct db;

/*
 * Creates a token for org (NULL for a global token) with role, an
 * optional label and expiry date (YYYY-MM-DD, exclusive).  Writes the
 * token into out.  ERR_NOT_FOUND when the organisation does not exist.
 */
enum err	token_create(struct db *, const char *org, enum role,
		    const char *label, const char *expires, char *out,
		    size_t outsz, long long *id);
/* Prints one line per token (never the token itself). */
enum err	token_list(struct db *, FILE *);
/* ERR_NOT_FOUND when there is no such active token. */
enum err	token_revoke(struct db *, const char *id);

#endif
