/*
 * person.c — the people single sign-on lets in: validation first, then
 * the statements of db_stmt.c, each change audited in its transaction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "esc.h"
#include "loginlink.h"
#include "person.h"
#include "pool.h"
#include "valid.h"

bool
person_email_norm(const char *s, char out[AUTH_PERSON_EMAIL_MAX + 1])
{
	size_t	len, i;

	if (s == NULL)
		return false;
	len = strnlen(s, AUTH_PERSON_EMAIL_MAX + 1);
	if (!loginlink_valid_email(s, len))
		return false;
	/* ASCII only (checked above): lowering is byte by byte. */
	for (i = 0; i < len; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') :
		    s[i];
	out[len] = '\0';
	return true;
}

bool
person_name_valid(const char *s)
{
	size_t	i;

	if (s == NULL || !valid_text(s, AUTH_PERSON_NAME_MAX))
		return false;
	/* valid_text() lets tabs and line feeds through: not in a name. */
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/*
 * The JSON detail of an audit entry about a person: {"email": ...,
 * "role": ...} and, when sessions is not negative, how many sessions
 * ended with them.  NULL when memory runs out; the caller frees it.
 */
static char *
person_detail(const char *email, const char *name, const char *role,
    int sessions)
{
	struct buf	b;
	char		*s;

	buf_init(&b, 2048);
	buf_puts(&b, "{\"email\": \"");
	esc_json(&b, email, strlen(email));
	buf_puts(&b, "\"");
	if (name != NULL && name[0] != '\0') {
		buf_puts(&b, ", \"name\": \"");
		esc_json(&b, name, strlen(name));
		buf_puts(&b, "\"");
	}
	buf_printf(&b, ", \"role\": \"%s\"", role);
	if (sessions >= 0)
		buf_printf(&b, ", \"sessions_revoked\": %d", sessions);
	buf_puts(&b, "}");
	s = buf_failed(&b) ? NULL : strdup(b.data);
	buf_free(&b);
	return s;
}

enum err
person_add(struct db *db, const char *org, const char *email,
    const char *name, enum role role, const char **field)
{
	const char	*params[4];
	char		 lower[AUTH_PERSON_EMAIL_MAX + 1], *detail = NULL;
	PGresult	*r = NULL;
	enum err	 e;

	*field = NULL;
	if (org == NULL || !valid_ident(org)) {
		*field = "--org";
		return ERR_INVALID;
	}
	if (!person_email_norm(email, lower)) {
		*field = "--email";
		return ERR_INVALID;
	}
	if (name != NULL && !person_name_valid(name)) {
		*field = "--name";
		return ERR_INVALID;
	}
	if ((unsigned)role >= ROLE__MAX) {
		*field = "--role";
		return ERR_INVALID;
	}
	params[0] = org;
	if ((e = db_exec(db, STMT_ORG_EXISTS, params, &r)) != ERR_OK)
		return e;
	e = PQntuples(r) == 1 ? ERR_OK : ERR_NOT_FOUND;
	PQclear(r);
	r = NULL;
	if (e != ERR_OK) {
		*field = "--org";
		return e;
	}
	if ((detail = person_detail(lower, name, auth_role_name(role),
	    -1)) == NULL)
		return ERR_NOMEM;
	params[0] = org;
	params[1] = lower;
	params[2] = name;
	params[3] = auth_role_name(role);
	if ((e = db_begin(db)) != ERR_OK)
		goto fail;
	if ((e = db_exec(db, STMT_PERSON_INSERT, params, &r)) != ERR_OK)
		goto fail;
	if (PQntuples(r) != 1) {
		*field = "--email";
		e = ERR_CONFLICT;
		goto fail;
	}
	if ((e = audit_write(db, NULL, org, "person.add", detail)) != ERR_OK)
		goto fail;
	if ((e = db_commit(db)) != ERR_OK)
		goto fail;
	PQclear(r);
	free(detail);
	return ERR_OK;
fail:
	PQclear(r);
	free(detail);
	db_rollback(db);
	return e;
}

enum err
person_find(struct db *db, const char *org, const char *email,
    struct person *p)
{
	const char	*params[2] = { org, email };
	PGresult	*r;
	enum err	 e;

	if ((e = db_exec(db, STMT_PERSON_FIND, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1 || !auth_role_parse(PQgetvalue(r, 0,
	    PERSON_FIND_ROLE), &p->role)) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	p->id = strtoll(PQgetvalue(r, 0, PERSON_FIND_ID), NULL, 10);
	snprintf(p->org, sizeof(p->org), "%s", org);
	snprintf(p->email, sizeof(p->email), "%s", email);
	snprintf(p->name, sizeof(p->name), "%s",
	    PQgetvalue(r, 0, PERSON_FIND_NAME));
	PQclear(r);
	return ERR_OK;
}

enum err
person_remove(struct db *db, const char *org, const char *email,
    int *revoked, const char **field)
{
	const char	*params[3];
	char		 lower[AUTH_PERSON_EMAIL_MAX + 1], id[24], end[64];
	char		*detail = NULL;
	struct person	 p;
	PGresult	*r = NULL;
	enum err	 e;
	int		 i;

	*revoked = 0;
	*field = NULL;
	if (org == NULL || !valid_ident(org)) {
		*field = "--org";
		return ERR_INVALID;
	}
	if (!person_email_norm(email, lower)) {
		*field = "--email";
		return ERR_INVALID;
	}
	if ((e = db_begin(db)) != ERR_OK)
		return e;
	if ((e = person_find(db, org, lower, &p)) != ERR_OK)
		goto fail;
	snprintf(id, sizeof(id), "%lld", p.id);
	/* The sessions first: deleting the person unlinks them. */
	params[0] = org;
	params[1] = lower;
	params[2] = id;
	if ((e = db_exec(db, STMT_PERSON_SESSIONS_END, params, &r)) != ERR_OK)
		goto fail;
	for (i = 0; i < PQntuples(r); i++) {
		/* Session ids are digits: no JSON escaping needed. */
		snprintf(end, sizeof(end), "{\"session\": %s, \"why\": "
		    "\"person.remove\"}", PQgetvalue(r, i, SINGLE_VALUE));
		if ((e = audit_write(db, NULL, org, "session.end",
		    end)) != ERR_OK)
			goto fail;
	}
	*revoked = PQntuples(r);
	PQclear(r);
	r = NULL;
	params[0] = id;
	if ((e = db_run(db, STMT_PERSON_DELETE, params)) != ERR_OK)
		goto fail;
	if ((detail = person_detail(lower, p.name, auth_role_name(p.role),
	    *revoked)) == NULL) {
		e = ERR_NOMEM;
		goto fail;
	}
	if ((e = audit_write(db, NULL, org, "person.remove", detail)) != ERR_OK)
		goto fail;
	free(detail);
	return db_commit(db);
fail:
	PQclear(r);
	free(detail);
	db_rollback(db);
	*revoked = 0;
	if (e == ERR_NOT_FOUND)
		*field = "--email";
	return e;
}

enum err
person_list(struct db *db, const char *org, FILE *out)
{
	const char	*params[1] = { org };
	PGresult	*r;
	enum err	 e;
	int		 i;

	if ((e = db_exec(db, STMT_PERSON_LIST, params, &r)) != ERR_OK)
		return e;
	fprintf(out, "%-20s %-32s %-7s %-17s %s\n", "ORG", "EMAIL", "ROLE",
	    "ADDED (UTC)", "NAME");
	for (i = 0; i < PQntuples(r); i++)
		fprintf(out, "%-20s %-32s %-7s %-17s %s\n",
		    PQgetvalue(r, i, PERSON_LIST_ORG),
		    PQgetvalue(r, i, PERSON_LIST_EMAIL),
		    PQgetvalue(r, i, PERSON_LIST_ROLE),
		    PQgetvalue(r, i, PERSON_LIST_CREATED),
		    PQgetvalue(r, i, PERSON_LIST_NAME));
	PQclear(r);
	return ERR_OK;
}

enum err
person_orgs(struct db *db, struct pool *pool, const char *email,
    struct person_org **out, size_t *n)
{
	const char		*params[1] = { email };
	struct person_org	*po;
	PGresult		*r;
	enum err		 e;
	size_t			 i, rows;

	*out = NULL;
	*n = 0;
	if ((e = db_query(db, pool, STMT_PERSON_ORGS, params, &r)) != ERR_OK)
		return e;
	rows = (size_t)PQntuples(r);
	if (rows == 0)
		return ERR_OK;
	if ((po = pool_calloc(pool, rows, sizeof(*po))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < rows; i++) {
		po[i].org = PQgetvalue(r, (int)i, PERSON_ORGS_ORG);
		po[i].org_name = PQgetvalue(r, (int)i, PERSON_ORGS_NAME);
	}
	*out = po;
	*n = rows;
	return ERR_OK;
}
