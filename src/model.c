#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "model.h"
#include "pool.h"

/* A text column, or NULL when SQL NULL. */
static const char *
col(PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

enum err
model_ping(struct db *db)
{
	return db_run(db, STMT_PING, NULL);
}

enum err
model_frameworks(struct db *db, struct pool *p, struct fw_row **rows, size_t *n)
{
	PGresult	*r;
	enum err	 e;
	int		 i, nt;

	if ((e = db_query(db, p, STMT_FRAMEWORK_LIST, NULL, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*rows = pool_calloc(p, (size_t)nt + 1, sizeof(**rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*rows)[i].id = col(r, i, FRAMEWORK_LIST_ID);
		(*rows)[i].name = col(r, i, FRAMEWORK_LIST_NAME);
		(*rows)[i].version = col(r, i, FRAMEWORK_LIST_VERSION);
		(*rows)[i].publisher = col(r, i,
		    FRAMEWORK_LIST_PUBLISHER);
		(*rows)[i].controls = strtoll(PQgetvalue(r, i,
		    FRAMEWORK_LIST_CONTROLS), NULL, 10);
	}
	*n = (size_t)nt;
	return ERR_OK;
}

enum err
model_controls(struct db *db, struct pool *p, const char *fw,
    const char *group, struct control_row **rows, size_t *n)
{
	const char	*params[2] = { fw, group };
	PGresult	*r;
	enum err	 e;
	int		 i, nt;

	if ((e = db_query(db, p, STMT_FRAMEWORK_EXISTS, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) == 0)
		return ERR_NOT_FOUND;
	if ((e = db_query(db, p, STMT_CONTROL_LIST, params, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*rows = pool_calloc(p, (size_t)nt + 1, sizeof(**rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*rows)[i].id = col(r, i, CONTROL_LIST_ID);
		(*rows)[i].title = col(r, i, CONTROL_LIST_TITLE);
		(*rows)[i].group_id = col(r, i, CONTROL_LIST_GROUP_ID);
		(*rows)[i].group_title = col(r, i,
		    CONTROL_LIST_GROUP_TITLE);
	}
	*n = (size_t)nt;
	return ERR_OK;
}

enum err
model_orgs(struct db *db, struct pool *p, const struct principal *who,
    struct org_row **rows, size_t *n)
{
	const char	*params[1] = { who->org };
	PGresult	*r;
	enum err	 e;
	int		 i, nt;

	if ((e = db_query(db, p, STMT_ORG_LIST, params, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*rows = pool_calloc(p, (size_t)nt + 1, sizeof(**rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*rows)[i].id = col(r, i, ORG_LIST_ID);
		(*rows)[i].name = col(r, i, ORG_LIST_NAME);
		(*rows)[i].cloud_role = col(r, i, ORG_LIST_CLOUD_ROLE);
		(*rows)[i].source_framework = col(r, i,
		    ORG_LIST_SOURCE_FW);
	}
	*n = (size_t)nt;
	return ERR_OK;
}

enum err
model_principal(struct db *db, const char *hash_hex, struct principal *who)
{
	const char	*params[1] = { hash_hex };
	PGresult	*r;
	enum err	 e;

	if ((e = db_exec(db, STMT_TOKEN_LOOKUP, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1 ||
	    !auth_role_parse(PQgetvalue(r, 0, TOKEN_LOOKUP_ROLE), &who->role)) {
		PQclear(r);
		return ERR_UNAUTHORIZED;
	}
	who->token_id = strtoll(PQgetvalue(r, 0, TOKEN_LOOKUP_ID),
	    NULL, 10);
	snprintf(who->org, sizeof(who->org), "%s",
	    PQgetvalue(r, 0, TOKEN_LOOKUP_ORG));
	/* The name a session opened with this token goes by. */
	snprintf(who->person_name, sizeof(who->person_name), "%s",
	    PQgetvalue(r, 0, TOKEN_LOOKUP_LABEL));
	memcpy(who->token_label, who->person_name, sizeof(who->token_label));
	who->person_email[0] = '\0';
	who->session_id = 0;
	who->person_id = 0;
	PQclear(r);
	return ERR_OK;
}
