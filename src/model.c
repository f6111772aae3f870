#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "model.h"
#include "pool.h"

static void
result_clear(void *r)
{
	PQclear(r);
}

/* Runs s and ties the result to the pool. */
static enum err
model_query(struct db *db, struct pool *p, enum stmt s,
    const char *const *params, PGresult **res)
{
	enum err	e;

	if ((e = db_exec(db, s, params, res)) != ERR_OK)
		return e;
	if (pool_cleanup_add(p, result_clear, *res) != 0) {
		*res = NULL;
		return ERR_NOMEM;
	}
	return ERR_OK;
}

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

	if ((e = model_query(db, p, STMT_FRAMEWORK_LIST, NULL, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*rows = pool_calloc(p, (size_t)nt + 1, sizeof(**rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*rows)[i].id = col(r, i, 0);
		(*rows)[i].name = col(r, i, 1);
		(*rows)[i].version = col(r, i, 2);
		(*rows)[i].publisher = col(r, i, 3);
		(*rows)[i].controls = strtoll(PQgetvalue(r, i, 4), NULL, 10);
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

	if ((e = model_query(db, p, STMT_FRAMEWORK_EXISTS, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) == 0)
		return ERR_NOT_FOUND;
	if ((e = model_query(db, p, STMT_CONTROL_LIST, params, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*rows = pool_calloc(p, (size_t)nt + 1, sizeof(**rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*rows)[i].id = col(r, i, 0);
		(*rows)[i].title = col(r, i, 1);
		(*rows)[i].group_id = col(r, i, 2);
		(*rows)[i].group_title = col(r, i, 3);
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

	if ((e = model_query(db, p, STMT_ORG_LIST, params, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*rows = pool_calloc(p, (size_t)nt + 1, sizeof(**rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*rows)[i].id = col(r, i, 0);
		(*rows)[i].name = col(r, i, 1);
		(*rows)[i].cloud_role = col(r, i, 2);
		(*rows)[i].source_framework = col(r, i, 3);
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
	    !auth_role_parse(PQgetvalue(r, 0, 2), &who->role)) {
		PQclear(r);
		return ERR_UNAUTHORIZED;
	}
	who->token_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	snprintf(who->org, sizeof(who->org), "%s", PQgetvalue(r, 0, 1));
	PQclear(r);
	return ERR_OK;
}
