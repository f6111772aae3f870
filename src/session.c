#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "db.h"
#include "handler.h"
#include "loginlink.h"
#include "session.h"

/* The label the CSRF token hashes before the session id. */
#define SESSION_CSRF_LABEL	"annexa-csrf\n"

/* Inserts and audits a session inside the caller's transaction. */
static enum err
session_insert(struct db *db, const struct principal *who, long long link_id,
    long long max, char id_out[AUTH_RANDOM_LEN + 1], long long *sid)
{
	const char		*params[9];
	char			 hash[AUTH_HASH_HEX], link[24], tok[24], secs[24];
	char			 person[24], detail[96];
	struct principal	 me;
	PGresult		*r = NULL;
	enum err		 e;

	if ((e = auth_random_b64url(id_out)) != ERR_OK)
		return e;
	auth_token_hash(id_out, AUTH_RANDOM_LEN, hash);
	snprintf(link, sizeof(link), "%lld", link_id);
	snprintf(tok, sizeof(tok), "%lld", who->token_id);
	snprintf(secs, sizeof(secs), "%lld", max);
	snprintf(person, sizeof(person), "%lld", who->person_id);
	params[0] = hash;
	params[1] = who->org[0] != '\0' ? who->org : NULL;
	params[2] = auth_role_name(who->role);
	params[3] = who->person_name;
	params[4] = who->person_email[0] != '\0' ? who->person_email : NULL;
	params[5] = link_id > 0 ? link : NULL;
	/* A session rests on one of: a link, a token, a person (SSO). */
	params[6] = link_id <= 0 && who->person_id <= 0 ? tok : NULL;
	params[7] = secs;
	params[8] = link_id <= 0 && who->person_id > 0 ? person : NULL;
	if ((e = db_exec(db, STMT_SESSION_INSERT, params, &r)) != ERR_OK)
		return e;
	*sid = strtoll(PQgetvalue(r, 0, SINGLE_VALUE), NULL, 10);
	PQclear(r);
	me = *who;
	me.session_id = *sid;
	if (link_id > 0)
		snprintf(detail, sizeof(detail), "{\"via\": \"link\", \"link\": %lld}",
		    link_id);
	else if (who->person_id > 0)
		snprintf(detail, sizeof(detail), "{\"via\": \"sso\", "
		    "\"person\": %lld}", who->person_id);
	else
		snprintf(detail, sizeof(detail), "{\"via\": \"token\"}");
	return audit_write(db, &me, NULL, "session.create", detail);
}

enum err
session_create(struct db *db, const struct principal *who, long long link_id,
    long long max, char id_out[AUTH_RANDOM_LEN + 1], long long *sid)
{
	enum err	e;

	if ((e = db_begin(db)) != ERR_OK)
		goto fail;
	if ((e = session_insert(db, who, link_id, max, id_out, sid)) != ERR_OK)
		goto fail;
	if ((e = db_commit(db)) != ERR_OK)
		goto fail;
	return ERR_OK;
fail:
	db_rollback(db);
	OPENSSL_cleanse(id_out, AUTH_RANDOM_LEN + 1);
	return e;
}

enum err
session_from_link(struct db *db, const char *tok, size_t len, long long max,
    struct principal *who, char id_out[AUTH_RANDOM_LEN + 1], long long *sid)
{
	long long	link_id;
	enum err	e;

	if ((e = db_begin(db)) != ERR_OK)
		goto fail;
	if ((e = loginlink_spend(db, tok, len, who, &link_id)) != ERR_OK)
		goto fail;
	if ((e = session_insert(db, who, link_id, max, id_out, sid)) != ERR_OK)
		goto fail;
	if ((e = db_commit(db)) != ERR_OK)
		goto fail;
	return ERR_OK;
fail:
	db_rollback(db);
	OPENSSL_cleanse(id_out, AUTH_RANDOM_LEN + 1);
	return e;
}

enum err
session_lookup(struct db *db, const char *id, size_t len, long long idle,
    struct principal *who)
{
	const char	*params[2];
	char		 hash[AUTH_HASH_HEX], secs[24];
	PGresult	*r;
	enum err	 e;

	if (!auth_is_random_b64url(id, len))
		return ERR_UNAUTHORIZED;
	auth_token_hash(id, len, hash);
	snprintf(secs, sizeof(secs), "%lld", idle);
	params[0] = hash;
	params[1] = secs;
	if ((e = db_exec(db, STMT_SESSION_TOUCH, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1 || !auth_role_parse(PQgetvalue(r, 0,
	    SESSION_TOUCH_ROLE), &who->role)) {
		PQclear(r);
		return ERR_UNAUTHORIZED;
	}
	who->session_id = strtoll(PQgetvalue(r, 0, SESSION_TOUCH_ID), NULL, 10);
	who->token_id = strtoll(PQgetvalue(r, 0, SESSION_TOUCH_TOKEN), NULL, 10);
	who->person_id = strtoll(PQgetvalue(r, 0, SESSION_TOUCH_PERSON), NULL,
	    10);
	snprintf(who->org, sizeof(who->org), "%s",
	    PQgetvalue(r, 0, SESSION_TOUCH_ORG));
	snprintf(who->person_name, sizeof(who->person_name), "%s",
	    PQgetvalue(r, 0, SESSION_TOUCH_NAME));
	snprintf(who->person_email, sizeof(who->person_email), "%s",
	    PQgetvalue(r, 0, SESSION_TOUCH_EMAIL));
	PQclear(r);
	return ERR_OK;
}

enum err
session_end(struct db *db, const char *sid, const struct principal *who)
{
	const char	*params[1] = { sid };
	PGresult	*r = NULL;
	enum err	 e;

	if ((e = db_begin(db)) != ERR_OK)
		return e;
	if ((e = db_exec(db, STMT_SESSION_END, params, &r)) != ERR_OK)
		goto fail;
	if (PQntuples(r) != 1) {
		e = ERR_NOT_FOUND;
		goto fail;
	}
	PQclear(r);
	r = NULL;
	/* The id is digits: it needs no JSON escaping. */
	{
		char	detail[64];

		snprintf(detail, sizeof(detail), "{\"session\": %s}", sid);
		if ((e = audit_write(db, who, NULL, "session.end",
		    detail)) != ERR_OK)
			goto fail;
	}
	return db_commit(db);
fail:
	PQclear(r);
	db_rollback(db);
	return e;
}

enum err
session_list(struct db *db, long long idle, FILE *out)
{
	const char	*params[1];
	char		 secs[24];
	PGresult	*r;
	enum err	 e;
	int		 i;

	snprintf(secs, sizeof(secs), "%lld", idle);
	params[0] = secs;
	if ((e = db_exec(db, STMT_SESSION_LIST, params, &r)) != ERR_OK)
		return e;
	fprintf(out, "%-6s %-20s %-7s %-8s %-17s %-17s %-17s %s\n", "ID", "ORG",
	    "ROLE", "STATE", "CREATED (UTC)", "LAST SEEN", "EXPIRES", "PERSON");
	for (i = 0; i < PQntuples(r); i++)
		fprintf(out, "%-6s %-20s %-7s %-8s %-17s %-17s %-17s %s\n",
		    PQgetvalue(r, i, SESSION_LIST_ID),
		    PQgetvalue(r, i, SESSION_LIST_ORG),
		    PQgetvalue(r, i, SESSION_LIST_ROLE),
		    PQgetvalue(r, i, SESSION_LIST_STATE),
		    PQgetvalue(r, i, SESSION_LIST_CREATED),
		    PQgetvalue(r, i, SESSION_LIST_LAST_SEEN),
		    PQgetvalue(r, i, SESSION_LIST_EXPIRES),
		    PQgetvalue(r, i, SESSION_LIST_PERSON));
	PQclear(r);
	return ERR_OK;
}

bool
session_cookie(const char *h, const char **id, size_t *len)
{
	static const char	 name[] = SESSION_COOKIE "=";
	const char		*p, *v, *found = NULL;
	size_t			 n, vlen = 0;

	if (h == NULL)
		return false;
	for (p = h; *p != '\0'; p += n) {
		while (*p == ' ' || *p == ';')
			p++;
		n = strcspn(p, ";");
		if (n > sizeof(name) - 1 &&
		    strncmp(p, name, sizeof(name) - 1) == 0) {
			/* Two cookies of our name: trust neither. */
			if (found != NULL)
				return false;
			v = p + sizeof(name) - 1;
			vlen = n - (sizeof(name) - 1);
			while (vlen > 0 && v[vlen - 1] == ' ')
				vlen--;
			found = v;
		}
	}
	if (found == NULL || !auth_is_random_b64url(found, vlen))
		return false;
	*id = found;
	*len = vlen;
	return true;
}

void
session_csrf_of(const char *id, size_t len, char out[SESSION_CSRF_LEN])
{
	char	buf[sizeof(SESSION_CSRF_LABEL) + AUTH_RANDOM_LEN];
	size_t	l = sizeof(SESSION_CSRF_LABEL) - 1;

	if (len > AUTH_RANDOM_LEN)
		len = AUTH_RANDOM_LEN;
	memcpy(buf, SESSION_CSRF_LABEL, l);
	memcpy(buf + l, id, len);
	auth_token_hash(buf, l + len, out);
	OPENSSL_cleanse(buf, sizeof(buf));
}

bool
session_csrf_equal(const char *given, const char *want)
{
	if (given == NULL || strlen(given) != SESSION_CSRF_LEN - 1)
		return false;
	return CRYPTO_memcmp(given, want, SESSION_CSRF_LEN - 1) == 0;
}

bool
session_csrf(const struct ctx *c, char out[SESSION_CSRF_LEN])
{
	if (c->who.session_id <= 0 || c->csrf[0] == '\0')
		return false;
	memcpy(out, c->csrf, SESSION_CSRF_LEN);
	return true;
}

bool
session_set_cookie(const char *id, long long max, char *out, size_t outsz)
{
	int	n;

	/*
	 * __Host-: Secure, Path=/ and no Domain, so no other host and no
	 * plain-http page can set or read it.  Max-Age never outlives the
	 * session's absolute end; removal is Max-Age=0.
	 */
	n = snprintf(out, outsz, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; "
	    "Secure; SameSite=Strict", SESSION_COOKIE, id != NULL ? id : "",
	    id != NULL ? max : 0);
	return n > 0 && (size_t)n < outsz;
}

bool
session_origin(const char *url, char *out, size_t outsz)
{
	const char	*host;
	size_t		 n;

	if (url == NULL)
		return false;
	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return false;
	n = (size_t)(host - url) + strcspn(host, "/?#");
	if (n == (size_t)(host - url) || n >= outsz)
		return false;
	memcpy(out, url, n);
	out[n] = '\0';
	return true;
}

bool
session_same_origin(const char *public_url, const char *origin,
    const char *referer)
{
	char	want[512];
	size_t	n;

	if (!session_origin(public_url, want, sizeof(want)))
		return false;
	if (origin != NULL && origin[0] != '\0')
		return strcmp(origin, want) == 0;
	n = strlen(want);
	return referer != NULL && strncmp(referer, want, n) == 0 &&
	    referer[n] == '/';
}
