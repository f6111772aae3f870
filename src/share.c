/*
 * share.c — share links, their NDA texts and their access log (see
 * share.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "esc.h"
#include "loginlink.h"
#include "model_records.h"
#include "pool.h"
#include "share.h"
#include "valid.h"

static const char *const share_reports[] = {
	"comparison", "gap", "soa", "management-review", NULL
};

bool
share_valid_label(const char *s, size_t max)
{
	size_t	i, n;

	if (s == NULL || !valid_text(s, max))
		return false;
	n = strlen(s);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '<' ||
		    s[i] == '>')
			return false;
	return n > 0 && s[0] != ' ' && s[n - 1] != ' ';
}

bool
share_valid_company(const char *s)
{
	return share_valid_label(s, SHARE_COMPANY_MAX);
}

bool
share_parse_to(const char *s, struct share_recipient *to)
{
	const char	*lt, *comma = NULL, *p, *b, *e;
	char		 company[SHARE_COMPANY_MAX + 1];
	size_t		 n;

	if (s == NULL || (lt = strchr(s, '<')) == NULL)
		return false;
	for (p = s; p < lt; p++)
		if (*p == ',')
			comma = p;
	if (comma == NULL)
		return false;
	for (b = s; b < comma && *b == ' '; b++)
		continue;
	for (e = comma; e > b && e[-1] == ' '; e--)
		continue;
	n = (size_t)(e - b);
	if (n == 0 || n > SHARE_COMPANY_MAX)
		return false;
	memcpy(company, b, n);
	company[n] = '\0';
	if (!share_valid_company(company) ||
	    !loginlink_parse_for(comma + 1, to->name, to->email))
		return false;
	memcpy(to->company, company, n + 1);
	return true;
}

bool
share_parse_expires(const char *s, long long *seconds)
{
	return valid_duration(s, SHARE_SECONDS_MIN, SHARE_SECONDS_MAX, seconds);
}

bool
share_report_valid(const char *name)
{
	int	idx;

	return name != NULL && valid_enum(name, share_reports, &idx);
}

bool
share_valid_secret(const char *s, size_t len)
{
	size_t	i;

	if (s == NULL || len != SHARE_SECRET_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
share_url(const char *public_url, const char *secret, char *out, size_t outsz)
{
	return loginlink_public_url(public_url, "/s/", secret, out, outsz);
}

const char *
share_state_name(enum share_state s)
{
	switch (s) {
	case SHARE_ACTIVE: return "active";
	case SHARE_EXPIRED: return "expired";
	case SHARE_REVOKED: return "revoked";
	case SHARE_USED_UP: return "used-up";
	}
	return "?";
}

static enum share_state
share_state_parse(const char *s)
{
	if (strcmp(s, "active") == 0)
		return SHARE_ACTIVE;
	if (strcmp(s, "revoked") == 0)
		return SHARE_REVOKED;
	if (strcmp(s, "used-up") == 0)
		return SHARE_USED_UP;
	return SHARE_EXPIRED;
}

void
share_watermark(const struct share_info *li, const char *date, char *out,
    size_t outsz)
{
	/* U+00B7 MIDDLE DOT between the parts. */
	snprintf(out, outsz,
	    "Prepared for %s (%s) \xc2\xb7 %s \xc2\xb7 link %s",
	    li->to.company, li->to.email, date, li->ref);
}

void
share_clean_agent(const char *ua, char *out, size_t outsz)
{
	size_t	i, n = 0;

	if (outsz == 0)
		return;
	for (i = 0; ua != NULL && ua[i] != '\0' && n + 1 < outsz &&
	    n < SHARE_AGENT_MAX; i++)
		out[n++] = ua[i] >= 0x20 && ua[i] < 0x7f ? ua[i] : '?';
	out[n] = '\0';
}

/* 128 random bits as SHARE_SECRET_LEN lowercase hex digits. */
static enum err
share_secret_new(char out[SHARE_SECRET_LEN + 1])
{
	unsigned char		raw[SHARE_SECRET_LEN / 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return ERR_INTERNAL;
	esc_hex(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return ERR_OK;
}

/* Whether org exists (ERR_NOT_FOUND when not). */
static enum err
share_org_exists(struct db *db, const char *org)
{
	const char	*params[1] = { org };
	PGresult	*r;
	enum err	 e;

	if ((e = db_exec(db, STMT_ORG_EXISTS, params, &r)) != ERR_OK)
		return e;
	e = PQntuples(r) == 1 ? ERR_OK : ERR_NOT_FOUND;
	PQclear(r);
	return e;
}

enum err
share_create(struct db *db, const struct share_spec *s,
    const struct principal *by, char secret[SHARE_SECRET_LEN + 1],
    long long *id, char expires[32])
{
	const char	*params[13];
	char		 hash[AUTH_HASH_HEX], creator[24], secs[24];
	char		 max[16];
	struct buf	 detail;
	PGresult	*r = NULL;
	struct pool	*p = NULL;
	const char	*body;
	int		 version;
	enum err	 e;

	secret[0] = '\0';
	if ((e = share_org_exists(db, s->org)) != ERR_OK)
		return e;
	if (s->target != NULL) {
		params[0] = s->target;
		if ((e = db_exec(db, STMT_FRAMEWORK_EXISTS, params,
		    &r)) != ERR_OK)
			return e;
		e = PQntuples(r) == 1 ? ERR_OK : ERR_INVALID;
		PQclear(r);
		r = NULL;
		if (e != ERR_OK)
			return e;
	}
	if (s->nda) {
		if ((p = pool_new()) == NULL)
			return ERR_NOMEM;
		e = share_nda_current(db, p, s->org, &version, &body);
		pool_free(p);
		if (e == ERR_NOT_FOUND)
			return ERR_CONFLICT;
		if (e != ERR_OK)
			return e;
	}
	if ((e = share_secret_new(secret)) != ERR_OK)
		return e;
	auth_token_hash(secret, SHARE_SECRET_LEN, hash);
	snprintf(creator, sizeof(creator), "%lld",
	    by != NULL ? by->token_id : 0);
	snprintf(secs, sizeof(secs), "%lld", s->seconds);
	snprintf(max, sizeof(max), "%d", s->max_downloads);
	params[0] = hash;
	params[1] = s->org;
	params[2] = s->report;
	params[3] = s->target;
	params[4] = s->to.company;
	params[5] = s->to.name;
	params[6] = s->to.email;
	params[7] = s->nda ? "true" : "false";
	params[8] = s->max_downloads > 0 ? max : NULL;
	params[9] = by != NULL && by->token_id > 0 ? creator : NULL;
	params[10] = by != NULL && by->person_name[0] != '\0' ?
	    by->person_name : NULL;
	params[11] = secs;
	params[12] = s->now;
	buf_init(&detail, 4096);
	if ((e = db_begin(db)) != ERR_OK)
		goto fail;
	if ((e = db_exec(db, STMT_SHARE_INSERT, params, &r)) != ERR_OK)
		goto fail;
	*id = strtoll(PQgetvalue(r, 0, SHARE_INSERT_ID), NULL, 10);
	snprintf(expires, 32, "%s", PQgetvalue(r, 0, SHARE_INSERT_EXPIRES));
	/* The link by its reference, never its secret; text escaped. */
	buf_printf(&detail, "{\"share\": %lld, \"ref\": \"%.6s\", \"report\": "
	    "\"%s\", \"to\": \"", *id, hash, s->report);
	esc_json(&detail, s->to.company, strlen(s->to.company));
	buf_puts(&detail, ", ");
	esc_json(&detail, s->to.name, strlen(s->to.name));
	buf_puts(&detail, " <");
	esc_json(&detail, s->to.email, strlen(s->to.email));
	buf_printf(&detail, ">\", \"expires_at\": \"%s\"}", expires);
	if (buf_failed(&detail)) {
		e = ERR_NOMEM;
		goto fail;
	}
	if ((e = audit_write(db, by, s->org, "share.create",
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
	OPENSSL_cleanse(secret, SHARE_SECRET_LEN + 1);
	return e;
}

enum err
share_revoke(struct db *db, const char *id, const char *org,
    const struct principal *by)
{
	const char	*params[2] = { id, org };
	char		 detail[64];
	PGresult	*r = NULL;
	enum err	 e;

	if (!valid_int(id, 1, INT64_MAX, NULL))
		return ERR_NOT_FOUND;
	if ((e = db_begin(db)) != ERR_OK)
		return e;
	if ((e = db_exec(db, STMT_SHARE_REVOKE, params, &r)) != ERR_OK)
		goto out;
	if (PQntuples(r) != 1) {
		e = ERR_NOT_FOUND;
		goto out;
	}
	snprintf(detail, sizeof(detail), "{\"share\": %s}", id);
	if ((e = audit_write(db, by, org, "share.revoke", detail)) != ERR_OK)
		goto out;
	e = db_commit(db);
out:
	PQclear(r);
	if (e != ERR_OK)
		db_rollback(db);
	return e;
}

/* Copies cell (row 0, col) of r into dst of size n ("" for NULL). */
static void
share_cell(const PGresult *r, int col, char *dst, size_t n)
{
	snprintf(dst, n, "%s", PQgetisnull(r, 0, col) ? "" :
	    PQgetvalue(r, 0, col));
}

enum err
share_peek(struct db *db, const char *secret, size_t len,
    struct share_info *li)
{
	const char	*params[1];
	char		 hash[AUTH_HASH_HEX], state[16];
	PGresult	*r;
	enum err	 e;

	memset(li, 0, sizeof(*li));
	if (!share_valid_secret(secret, len))
		return ERR_NOT_FOUND;
	auth_token_hash(secret, len, hash);
	params[0] = hash;
	if ((e = db_exec(db, STMT_SHARE_PEEK, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	li->id = strtoll(PQgetvalue(r, 0, SHARE_PEEK_ID), NULL, 10);
	share_cell(r, SHARE_PEEK_ORG, li->org, sizeof(li->org));
	share_cell(r, SHARE_PEEK_ORG_NAME, li->org_name, sizeof(li->org_name));
	share_cell(r, SHARE_PEEK_REF, li->ref, sizeof(li->ref));
	share_cell(r, SHARE_PEEK_REPORT, li->report, sizeof(li->report));
	share_cell(r, SHARE_PEEK_TARGET, li->target, sizeof(li->target));
	share_cell(r, SHARE_PEEK_COMPANY, li->to.company,
	    sizeof(li->to.company));
	share_cell(r, SHARE_PEEK_NAME, li->to.name, sizeof(li->to.name));
	share_cell(r, SHARE_PEEK_EMAIL, li->to.email, sizeof(li->to.email));
	li->nda = strcmp(PQgetvalue(r, 0, SHARE_PEEK_NDA), "t") == 0;
	li->accepted = strcmp(PQgetvalue(r, 0, SHARE_PEEK_ACCEPTED), "t") == 0;
	share_cell(r, SHARE_PEEK_EXPIRES, li->expires, sizeof(li->expires));
	share_cell(r, SHARE_PEEK_STATE, state, sizeof(state));
	li->state = share_state_parse(state);
	li->downloads = strtoll(PQgetvalue(r, 0, SHARE_PEEK_DOWNLOADS), NULL,
	    10);
	li->max_downloads = PQgetisnull(r, 0, SHARE_PEEK_MAX_DOWNLOADS) ? 0 :
	    strtoll(PQgetvalue(r, 0, SHARE_PEEK_MAX_DOWNLOADS), NULL, 10);
	PQclear(r);
	return ERR_OK;
}

enum err
share_nda_current(struct db *db, struct pool *p, const char *org,
    int *version, const char **body)
{
	const char	*params[1] = { org };
	PGresult	*r;
	enum err	 e;

	if ((e = db_query(db, p, STMT_SHARE_NDA_CURRENT, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1)
		return ERR_NOT_FOUND;
	*version = atoi(PQgetvalue(r, 0, SHARE_NDA_VERSION));
	*body = PQgetvalue(r, 0, SHARE_NDA_BODY);
	return ERR_OK;
}

enum err
share_nda_set(struct db *db, const char *org, const char *body, int *version)
{
	const char	*params[2] = { org, body };
	PGresult	*r;
	enum err	 e;

	if ((e = share_org_exists(db, org)) != ERR_OK)
		return e;
	if ((e = db_exec(db, STMT_SHARE_NDA_ADD, params, &r)) != ERR_OK)
		return e;
	*version = atoi(PQgetvalue(r, 0, SINGLE_VALUE));
	PQclear(r);
	return ERR_OK;
}

/* Inserts one access row; *access (may be NULL) is its id. */
static enum err
share_access_insert(struct db *db, long long share_id, const char *event,
    const char *addr, const char *agent, const struct share_acceptance *a,
    long long run_id, long long *access)
{
	const char	*params[9];
	char		 sid[24], ver[16], run[24];
	PGresult	*r;
	enum err	 e;

	snprintf(sid, sizeof(sid), "%lld", share_id);
	snprintf(ver, sizeof(ver), "%d", a != NULL ? a->nda_version : 0);
	snprintf(run, sizeof(run), "%lld", run_id);
	params[0] = sid;
	params[1] = event;
	params[2] = addr != NULL && strlen(addr) <= SHARE_ADDR_MAX ? addr :
	    NULL;
	params[3] = agent != NULL && agent[0] != '\0' ? agent : NULL;
	params[4] = a != NULL ? ver : NULL;
	params[5] = a != NULL ? a->who.name : NULL;
	params[6] = a != NULL ? a->who.email : NULL;
	params[7] = a != NULL ? a->who.company : NULL;
	params[8] = run_id > 0 ? run : NULL;
	if ((e = db_exec(db, STMT_SHARE_ACCESS, params, &r)) != ERR_OK)
		return e;
	if (access != NULL)
		*access = strtoll(PQgetvalue(r, 0, SHARE_ACCESS_ID), NULL, 10);
	PQclear(r);
	return ERR_OK;
}

enum err
share_log(struct db *db, long long share_id, const char *event,
    const char *addr, const char *agent,
    const struct share_acceptance *acceptance)
{
	return share_access_insert(db, share_id, event, addr, agent,
	    acceptance, 0, NULL);
}

enum err
share_lock(struct db *db, long long share_id, enum share_state *state)
{
	const char	*params[1];
	char		 sid[24];
	PGresult	*r;
	enum err	 e;

	snprintf(sid, sizeof(sid), "%lld", share_id);
	params[0] = sid;
	if ((e = db_exec(db, STMT_SHARE_LOCK, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	PQclear(r);
	/* A new statement: it sees what the lock's last holder committed. */
	if ((e = db_exec(db, STMT_SHARE_STATE, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	*state = share_state_parse(PQgetvalue(r, 0, SHARE_LOCK_STATE));
	PQclear(r);
	return ERR_OK;
}

enum err
share_log_download(struct db *db, long long share_id, long long run_id,
    const char *addr, const char *agent, long long *access)
{
	const char	*params[2];
	char		 sid[24], run[24];
	PGresult	*r;
	enum err	 e;

	snprintf(sid, sizeof(sid), "%lld", share_id);
	snprintf(run, sizeof(run), "%lld", run_id);
	params[0] = run;
	params[1] = sid;
	if ((e = db_exec(db, STMT_SHARE_RUN_TIE, params, &r)) != ERR_OK)
		return e;
	e = PQntuples(r) == 1 ? ERR_OK : ERR_NOT_FOUND;
	PQclear(r);
	if (e != ERR_OK)
		return e;
	return share_access_insert(db, share_id, "download", addr, agent, NULL,
	    run_id, access);
}

enum err
share_list(struct db *db, struct pool *p, const char *org, struct mtable *t)
{
	const char	*params[1] = { org };

	return model_table(db, p, STMT_SHARE_LIST, params, t);
}

enum err
share_accesses(struct db *db, struct pool *p, const char *id, const char *org,
    struct mtable *t)
{
	const char	*params[2] = { id, org };
	enum err	 e;

	if (!valid_int(id, 1, INT64_MAX, NULL))
		return ERR_NOT_FOUND;
	if ((e = model_table(db, p, STMT_SHARE_ACCESSES, params, t)) != ERR_OK)
		return e;
	if (t->nrows == 0)
		return ERR_NOT_FOUND;
	/* A link never opened: its one row of NULLs is no access. */
	if (t->nrows == 1 && MT(t, 0, SHARE_ACCESSES_ID) == NULL)
		t->nrows = 0;
	return ERR_OK;
}

enum err
share_origin(struct db *db, struct pool *p, const char *run_id,
    struct share_origin *o, bool *found)
{
	const char	*params[1] = { run_id };
	struct mtable	 t;
	enum err	 e;

	*found = false;
	memset(o, 0, sizeof(*o));
	if (run_id == NULL || !valid_int(run_id, 1, INT64_MAX, NULL))
		return ERR_OK;
	if ((e = model_table(db, p, STMT_SHARE_ORIGIN, params, &t)) != ERR_OK)
		return e;
	if (t.nrows != 1)
		return ERR_OK;
	o->share_id = MT(&t, 0, SHARE_ORIGIN_ID);
	o->ref = MT(&t, 0, SHARE_ORIGIN_REF);
	o->company = MT(&t, 0, SHARE_ORIGIN_COMPANY);
	o->name = MT(&t, 0, SHARE_ORIGIN_NAME);
	o->email = MT(&t, 0, SHARE_ORIGIN_EMAIL);
	o->access_id = MT(&t, 0, SHARE_ORIGIN_ACCESS);
	o->downloaded_at = MT(&t, 0, SHARE_ORIGIN_AT);
	o->client_addr = MT(&t, 0, SHARE_ORIGIN_ADDR);
	*found = true;
	return ERR_OK;
}
