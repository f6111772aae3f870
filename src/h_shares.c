/*
 * h_shares.c — the API of share links: make, list and revoke an
 * organisation's links (editors and admins), and read a link's access
 * log as JSON or CSV (admins).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "api.h"
#include "buf.h"
#include "esc.h"
#include "handler.h"
#include "http.h"
#include "jw.h"
#include "model_records.h"
#include "pool.h"
#include "session.h"
#include "share.h"
#include "valid.h"

/* A field of the body that fails its rule: 400 naming it. */
static enum err
bad_field(struct ctx *c, const char *field, const char *rule)
{
	return fail(c, ERR_INVALID, "invalid_field", rule, field);
}

/*
 * Reads the body of POST .../shares into *s; the strings stay valid while
 * root lives.  After fail() naming the field when one is wrong.
 */
static enum err
share_body(struct ctx *c, json_t *root, struct share_spec *s)
{
	const char	*key;
	json_t		*v;
	json_int_t	 n;

	if (!json_is_object(root))
		return fail(c, ERR_INVALID, "invalid_body",
		    "the body is a JSON object", "body");
	json_object_foreach(root, key, v)
		if (strcmp(key, "report") != 0 && strcmp(key, "target") != 0 &&
		    strcmp(key, "to") != 0 && strcmp(key, "expires") != 0 &&
		    strcmp(key, "nda") != 0 &&
		    strcmp(key, "max_downloads") != 0)
			return fail(c, ERR_INVALID, "unknown_field",
			    "the fields "
			    "are report, target, to, expires, nda and "
			    "max_downloads", pool_strdup(c->req->pool, key));
	memset(s, 0, sizeof(*s));
	s->org = c->org;
	v = json_object_get(root, "report");
	if (!json_is_string(v) || !share_report_valid(json_string_value(v)))
		return bad_field(c, "report", "report: " SHARE_REPORT_RULE);
	s->report = json_string_value(v);
	v = json_object_get(root, "target");
	if (strcmp(s->report, "gap") == 0) {
		if (!json_is_string(v) || !valid_ident(json_string_value(v)))
			return bad_field(c, "target", "target: the gap report "
			    "needs a target framework id");
		s->target = json_string_value(v);
	} else if (v != NULL)
		return bad_field(c, "target", "target: only the gap report "
		    "takes a target");
	v = json_object_get(root, "to");
	if (!json_is_string(v) || !share_parse_to(json_string_value(v), &s->to))
		return bad_field(c, "to", "to: " SHARE_TO_RULE);
	v = json_object_get(root, "expires");
	if (v == NULL)
		return bad_field(c, "expires", "expires is required: "
		    SHARE_EXPIRES_RULE);
	if (!json_is_string(v) || !share_parse_expires(json_string_value(v),
	    &s->seconds))
		return bad_field(c, "expires", "expires: " SHARE_EXPIRES_RULE);
	v = json_object_get(root, "nda");
	if (v != NULL && !json_is_boolean(v))
		return bad_field(c, "nda", "nda: true or false");
	s->nda = v != NULL && json_is_true(v);
	v = json_object_get(root, "max_downloads");
	if (v != NULL) {
		if (!json_is_integer(v) || (n = json_integer_value(v)) < 1 ||
		    n > SHARE_DOWNLOADS_MAX)
			return bad_field(c, "max_downloads", "max_downloads: a "
			    "whole number from 1 to 1000");
		s->max_downloads = (int)n;
	}
	return ERR_OK;
}

/*
 * POST /api/v1/orgs/{org}/shares: a new link, 201 with its URL (shown
 * only this once), id, reference and expiry.
 */
enum err
h_share_add(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;
	struct share_spec	 s;
	char			 secret[SHARE_SECRET_LEN + 1] = "";
	char			 expires[32], url[SHARE_URL_MAX], loc[160];
	char			 hash[AUTH_HASH_HEX];
	json_t			*root = NULL;
	long long		 id;
	struct jw		 j;
	enum err		 e;

	if (sc == NULL || sc->public_url == NULL) {
		c->err_status = 503;
		return fail(c, ERR_INTERNAL, "not_configured", "share links "
		    "need public_url in the configuration of annexa", NULL);
	}
	if ((e = ctx_read_json(c, &root)) != ERR_OK)
		return e;
	if ((e = share_body(c, root, &s)) != ERR_OK)
		goto out;
	e = share_create(c->db, &s, &c->who, secret, &id, expires);
	if (e == ERR_NOT_FOUND) {
		e = fail(c, e, "not_found", "no such organisation", "org");
		goto out;
	}
	if (e == ERR_INVALID) {
		e = fail(c, e, "invalid_field", "target: no such framework",
		    "target");
		goto out;
	}
	if (e == ERR_CONFLICT) {
		e = fail(c, ERR_INVALID, "invalid_field",
		    "nda: the organisation "
		    "has no NDA text yet (annexa share nda)", "nda");
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	if (!share_url(sc->public_url, secret, url, sizeof(url))) {
		e = ERR_INTERNAL;
		goto out;
	}
	auth_token_hash(secret, SHARE_SECRET_LEN, hash);
	c->resp->status = 201;
	snprintf(loc, sizeof(loc), "/api/v1/orgs/%s/shares/%lld", c->org, id);
	http_header(c->resp, "Location", loc);
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_int(&j, "id", id);
	jw_key(&j, "ref");
	jw_stringn(&j, hash, SHARE_REF_LEN);
	jw_kv_string(&j, "url", url);
	jw_kv_string(&j, "expires_at", expires);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
out:
	OPENSSL_cleanse(secret, sizeof(secret));
	OPENSSL_cleanse(url, sizeof(url));
	json_decref(root);
	return e;
}

/* A count cell as a JSON number. */
static void
kv_count(struct jw *j, const char *key, const char *v)
{
	jw_kv_int(j, key, v != NULL ? strtoll(v, NULL, 10) : 0);
}

/* GET /api/v1/orgs/{org}/shares: the links, newest first. */
enum err
h_shares(struct ctx *c)
{
	struct mtable	 t;
	struct jw	 j;
	size_t		 i;
	enum err	 e;

	if ((e = share_list(c->db, c->req->pool, c->org, &t)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", c->org);
	jw_key(&j, "shares");
	jw_array_open(&j);
	for (i = 0; i < t.nrows; i++) {
		jw_object_open(&j);
		kv_count(&j, "id", MT(&t, i, SHARE_LIST_ID));
		jw_kv_string(&j, "ref", MT(&t, i, SHARE_LIST_REF));
		jw_kv_string(&j, "report", MT(&t, i, SHARE_LIST_REPORT));
		jw_kv_string(&j, "target", MT(&t, i, SHARE_LIST_TARGET));
		jw_key(&j, "to");
		jw_object_open(&j);
		jw_kv_string(&j, "company", MT(&t, i, SHARE_LIST_COMPANY));
		jw_kv_string(&j, "name", MT(&t, i, SHARE_LIST_NAME));
		jw_kv_string(&j, "email", MT(&t, i, SHARE_LIST_EMAIL));
		jw_object_close(&j);
		jw_key(&j, "nda");
		jw_bool(&j, strcmp(MT(&t, i, SHARE_LIST_NDA), "t") == 0);
		jw_key(&j, "max_downloads");
		if (MT(&t, i, SHARE_LIST_MAX_DOWNLOADS) != NULL)
			jw_int(&j, strtoll(MT(&t, i,
			    SHARE_LIST_MAX_DOWNLOADS), NULL, 10));
		else
			jw_null(&j);
		jw_kv_string(&j, "created_at", MT(&t, i, SHARE_LIST_CREATED));
		jw_kv_string(&j, "expires_at", MT(&t, i, SHARE_LIST_EXPIRES));
		jw_kv_string(&j, "state", MT(&t, i, SHARE_LIST_STATE));
		kv_count(&j, "views", MT(&t, i, SHARE_LIST_VIEWS));
		kv_count(&j, "nda_acceptances", MT(&t, i,
		    SHARE_LIST_ACCEPTANCES));
		kv_count(&j, "downloads", MT(&t, i, SHARE_LIST_DOWNLOADS));
		jw_kv_string(&j, "last_access", MT(&t, i,
		    SHARE_LIST_LAST_ACCESS));
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/* DELETE /api/v1/orgs/{org}/shares/{id}: the link answers 410 from now. */
enum err
h_share_revoke(struct ctx *c)
{
	const char	*id = route_param(&c->match, "id");
	struct jw	 j;
	enum err	 e;

	e = share_revoke(c->db, id, c->org, &c->who);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such share link", "id");
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_int(&j, "id", strtoll(id, NULL, 10));
	jw_kv_string(&j, "state", "revoked");
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/* One CSV cell (formula-safe, as the gap CSV), then ',' or the line end. */
static void
csv_cell(struct buf *b, const char *s, bool last)
{
	if (s != NULL)
		esc_csv_cell(b, s, strlen(s));
	buf_puts(b, last ? "\r\n" : ",");
}

/*
 * GET /api/v1/orgs/{org}/shares/{id}/accesses[?format=csv]: every view,
 * NDA acceptance, download and refusal, oldest first.
 */
enum err
h_share_accesses(struct ctx *c)
{
	static const char *const cols[SHARE_ACCESSES__MAX] = {
		"id", "at", "event", "client_addr", "user_agent", "nda_version",
		"name", "email", "company", "report_run"
	};
	const char	*id = route_param(&c->match, "id");
	const char	*fmt = c->in.val[KEY_FORMAT];
	struct mtable	 t;
	struct jw	 j;
	size_t		 i, k;
	enum err	 e;

	e = share_accesses(c->db, c->req->pool, id, c->org, &t);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such share link", "id");
	if (e != ERR_OK)
		return e;
	if (fmt != NULL && strcmp(fmt, "csv") == 0) {
		c->resp->content_type = "text/csv; charset=utf-8";
		http_attachment(c->resp, pool_printf(c->req->pool,
		    "share-%s-%s-accesses.csv", c->org, id));
		for (k = 0; k < SHARE_ACCESSES__MAX; k++)
			csv_cell(&c->resp->body, cols[k],
			    k + 1 == SHARE_ACCESSES__MAX);
		for (i = 0; i < t.nrows; i++)
			for (k = 0; k < SHARE_ACCESSES__MAX; k++)
				csv_cell(&c->resp->body, MT(&t, i, k),
				    k + 1 == SHARE_ACCESSES__MAX);
		return ERR_OK;
	}
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", c->org);
	jw_kv_int(&j, "share", strtoll(id, NULL, 10));
	jw_key(&j, "accesses");
	jw_array_open(&j);
	for (i = 0; i < t.nrows; i++) {
		jw_object_open(&j);
		for (k = 0; k < SHARE_ACCESSES__MAX; k++) {
			if (k == SHARE_ACCESSES_ID || k == SHARE_ACCESSES_RUN ||
			    k == SHARE_ACCESSES_NDA_VERSION) {
				jw_key(&j, cols[k]);
				if (MT(&t, i, k) != NULL)
					jw_int(&j, strtoll(MT(&t, i, k), NULL,
					    10));
				else
					jw_null(&j);
			} else
				jw_kv_string(&j, cols[k], MT(&t, i, k));
		}
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}
