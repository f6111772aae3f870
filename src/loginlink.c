#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "esc.h"
#include "buf.h"
#include "loginlink.h"
#include "valid.h"

bool
loginlink_valid_email(const char *s, size_t len)
{
	const char	*at = NULL;
	size_t		 i;

	if (len < 3 || len > AUTH_PERSON_EMAIL_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == '<' || s[i] == '>' ||
		    s[i] == '"' || s[i] == ',' || s[i] == ';')
			return false;
		if (s[i] == '@') {
			if (at != NULL)
				return false;
			at = s + i;
		}
	}
	if (at == NULL || at == s || at == s + len - 1)
		return false;
	/* A dot in the domain, neither first nor last. */
	for (i = (size_t)(at - s) + 2; i + 1 < len; i++)
		if (s[i] == '.')
			return true;
	return false;
}

bool
loginlink_parse_for(const char *s, char name[AUTH_PERSON_NAME_MAX + 1],
    char email[AUTH_PERSON_EMAIL_MAX + 1])
{
	const char	*lt, *gt;
	size_t		 nlen, elen, i;

	if (s == NULL || !valid_text(s, 1024))
		return false;
	/* valid_text() lets tabs and line feeds through: not in a name. */
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	if ((lt = strchr(s, '<')) == NULL || (gt = strchr(lt, '>')) == NULL ||
	    gt[1] != '\0' || strchr(gt + 1, '<') != NULL)
		return false;
	nlen = (size_t)(lt - s);
	while (nlen > 0 && s[nlen - 1] == ' ')
		nlen--;
	while (nlen > 0 && *s == ' ') {
		s++;
		nlen--;
	}
	elen = (size_t)(gt - lt - 1);
	if (nlen == 0 || nlen > AUTH_PERSON_NAME_MAX || memchr(s, '>', nlen) ||
	    !loginlink_valid_email(lt + 1, elen))
		return false;
	memcpy(name, s, nlen);
	name[nlen] = '\0';
	memcpy(email, lt + 1, elen);
	email[elen] = '\0';
	return true;
}

bool
loginlink_parse_expires(const char *s, long long *seconds)
{
	return valid_duration(s, LOGINLINK_SECONDS_MIN, LOGINLINK_SECONDS_MAX,
	    seconds);
}

bool
loginlink_public_url(const char *public_url, const char *prefix,
    const char *secret, char *out, size_t outsz)
{
	size_t	n;
	int	w;

	if (public_url == NULL)
		return false;
	n = strlen(public_url);
	while (n > 0 && public_url[n - 1] == '/')
		n--;
	w = snprintf(out, outsz, "%.*s%s%s", (int)n, public_url, prefix,
	    secret);
	return w > 0 && (size_t)w < outsz;
}

bool
loginlink_url(const char *public_url, const char *token, char *out,
    size_t outsz)
{
	return loginlink_public_url(public_url, "/login/", token, out, outsz);
}

enum err
loginlink_create(struct db *db, const char *org, enum role role,
    const char *name, const char *email, long long seconds,
    const struct principal *by, char tok[AUTH_RANDOM_LEN + 1],
    char expires[32])
{
	const char	*params[7];
	char		 hash[AUTH_HASH_HEX], creator[24], secs[24];
	struct buf	 detail;
	PGresult	*r = NULL;
	enum err	 e;

	params[0] = org;
	if ((e = db_exec(db, STMT_ORG_EXISTS, params, &r)) != ERR_OK)
		return e;
	e = PQntuples(r) == 1 ? ERR_OK : ERR_NOT_FOUND;
	PQclear(r);
	r = NULL;
	if (e != ERR_OK)
		return e;
	if ((e = auth_random_b64url(tok)) != ERR_OK)
		return e;
	auth_token_hash(tok, AUTH_RANDOM_LEN, hash);
	snprintf(creator, sizeof(creator), "%lld", by != NULL ? by->token_id : 0);
	snprintf(secs, sizeof(secs), "%lld", seconds);
	params[0] = hash;
	params[1] = org;
	params[2] = auth_role_name(role);
	params[3] = name;
	params[4] = email;
	params[5] = by != NULL && by->token_id > 0 ? creator : NULL;
	params[6] = secs;
	buf_init(&detail, 4096);
	if ((e = db_begin(db)) != ERR_OK)
		goto fail;
	if ((e = db_exec(db, STMT_LINK_INSERT, params, &r)) != ERR_OK)
		goto fail;
	snprintf(expires, 32, "%s", PQgetvalue(r, 0, LINK_INSERT_EXPIRES));
	/* For whom, as JSON: the name and address are escaped. */
	buf_printf(&detail, "{\"link\": %s, \"role\": \"%s\", \"for\": \"",
	    PQgetvalue(r, 0, LINK_INSERT_ID), auth_role_name(role));
	esc_json(&detail, name, strlen(name));
	buf_puts(&detail, " <");
	esc_json(&detail, email, strlen(email));
	buf_puts(&detail, ">\"}");
	if (buf_failed(&detail)) {
		e = ERR_NOMEM;
		goto fail;
	}
	if ((e = audit_write(db, by, org, "login_link.create",
	    detail.data)) != ERR_OK)
		goto fail;
	if ((e = db_commit(db)) != ERR_OK)
		goto fail;
	PQclear(r);
	buf_free(&detail);
	return ERR_OK;
fail:
	PQclear(r);
	buf_free(&detail);
	db_rollback(db);
	memset(tok, 0, AUTH_RANDOM_LEN + 1);
	return e;
}

enum err
loginlink_peek(struct db *db, const char *tok, size_t len,
    struct loginlink_info *li)
{
	const char	*params[1];
	char		 hash[AUTH_HASH_HEX];
	const char	*state;
	PGresult	*r;
	enum err	 e;

	if (!auth_is_random_b64url(tok, len))
		return ERR_NOT_FOUND;
	auth_token_hash(tok, len, hash);
	params[0] = hash;
	if ((e = db_exec(db, STMT_LINK_PEEK, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1 || !auth_role_parse(PQgetvalue(r, 0,
	    LINK_PEEK_ROLE), &li->role)) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	li->id = strtoll(PQgetvalue(r, 0, LINK_PEEK_ID), NULL, 10);
	snprintf(li->org, sizeof(li->org), "%s", PQgetvalue(r, 0, LINK_PEEK_ORG));
	snprintf(li->org_name, sizeof(li->org_name), "%s",
	    PQgetvalue(r, 0, LINK_PEEK_ORG_NAME));
	snprintf(li->person_name, sizeof(li->person_name), "%s",
	    PQgetvalue(r, 0, LINK_PEEK_NAME));
	snprintf(li->person_email, sizeof(li->person_email), "%s",
	    PQgetvalue(r, 0, LINK_PEEK_EMAIL));
	state = PQgetvalue(r, 0, LINK_PEEK_STATE);
	li->state = strcmp(state, "valid") == 0 ? LOGINLINK_VALID :
	    strcmp(state, "spent") == 0 ? LOGINLINK_SPENT : LOGINLINK_EXPIRED;
	PQclear(r);
	return ERR_OK;
}

enum err
loginlink_spend(struct db *db, const char *tok, size_t len,
    struct principal *who, long long *link_id)
{
	const char	*params[1];
	char		 hash[AUTH_HASH_HEX];
	enum role	 role;
	PGresult	*r;
	enum err	 e;

	if (!auth_is_random_b64url(tok, len))
		return ERR_NOT_FOUND;
	auth_token_hash(tok, len, hash);
	params[0] = hash;
	if ((e = db_exec(db, STMT_LINK_SPEND, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1 || !auth_role_parse(PQgetvalue(r, 0,
	    LINK_SPEND_ROLE), &role)) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	memset(who, 0, sizeof(*who));
	who->role = role;
	*link_id = strtoll(PQgetvalue(r, 0, LINK_SPEND_ID), NULL, 10);
	snprintf(who->org, sizeof(who->org), "%s",
	    PQgetvalue(r, 0, LINK_SPEND_ORG));
	snprintf(who->person_name, sizeof(who->person_name), "%s",
	    PQgetvalue(r, 0, LINK_SPEND_NAME));
	snprintf(who->person_email, sizeof(who->person_email), "%s",
	    PQgetvalue(r, 0, LINK_SPEND_EMAIL));
	PQclear(r);
	return ERR_OK;
}
