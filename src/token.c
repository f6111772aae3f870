#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "db.h"
#include "token.h"

enum err
token_create(struct db *db, const char *org, enum role role,
    const char *label, const char *expires, char *out, size_t outsz,
    long long *id)
{
	char		 hash[AUTH_HASH_HEX];
	const char	*params[5];
	PGresult	*r;
	enum err	 e;

	if (org != NULL) {
		params[0] = org;
		if ((e = db_exec(db, STMT_ORG_EXISTS, params, &r)) != ERR_OK)
			return e;
		e = PQntuples(r) == 1 ? ERR_OK : ERR_NOT_FOUND;
		PQclear(r);
		if (e != ERR_OK)
			return e;
	}
	if ((e = auth_token_new(out, outsz)) != ERR_OK)
		return e;
	auth_token_hash(out, strlen(out), hash);
	params[0] = hash;
	params[1] = org;
	params[2] = auth_role_name(role);
	params[3] = label;
	params[4] = expires;
	if ((e = db_exec(db, STMT_TOKEN_INSERT, params, &r)) != ERR_OK) {
		OPENSSL_cleanse(out, outsz);
		return e;
	}
	*id = strtoll(PQgetvalue(r, 0, SINGLE_VALUE), NULL, 10);
	PQclear(r);
	return ERR_OK;
}

enum err
token_list(struct db *db, FILE *out)
{
	PGresult	*r;
	enum err	 e;
	int		 i;

	if ((e = db_exec(db, STMT_TOKEN_LIST, NULL, &r)) != ERR_OK)
		return e;
	fprintf(out, "%-6s %-20s %-7s %-8s %-17s %-11s %s\n", "ID", "ORG",
	    "ROLE", "STATE", "CREATED (UTC)", "EXPIRES", "LABEL");
	for (i = 0; i < PQntuples(r); i++)
		fprintf(out, "%-6s %-20s %-7s %-8s %-17s %-11s %s\n",
		    PQgetvalue(r, i, TOKEN_LIST_ID),
		    PQgetvalue(r, i, TOKEN_LIST_ORG),
		    PQgetvalue(r, i, TOKEN_LIST_ROLE),
		    PQgetvalue(r, i, TOKEN_LIST_STATE),
		    PQgetvalue(r, i, TOKEN_LIST_CREATED),
		    PQgetvalue(r, i, TOKEN_LIST_EXPIRES),
		    PQgetvalue(r, i, TOKEN_LIST_LABEL));
	PQclear(r);
	return ERR_OK;
}

enum err
token_revoke(struct db *db, const char *id)
{
	const char	*params[1] = { id };
	PGresult	*r;
	enum err	 e;

	if ((e = db_exec(db, STMT_TOKEN_REVOKE, params, &r)) != ERR_OK)
		return e;
	e = PQntuples(r) == 1 ? ERR_OK : ERR_NOT_FOUND;
	PQclear(r);
	return e;
}
