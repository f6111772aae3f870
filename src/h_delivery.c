/*
 * h_delivery.c — the API of scheduled delivery, for admins: list, add
 * and remove a schedule's recipients, and list the organisation's
 * deliveries (docs/api.md, docs/reports.md "Delivery").
 *
 * A webhook's signing secret is in the answer that adds it and nowhere
 * else afterwards.  A schedule of another organisation is no schedule
 * here: 404, as an unknown one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "delivery.h"
#include "handler.h"
#include "http.h"
#include "jw.h"
#include "model_records.h"
#include "pool.h"
#include "valid.h"

/* The {id} (or {nid}) of the path as a record id; NULL when malformed. */
static const char *
path_id(struct ctx *c, const char *name)
{
	const char	*v = route_param(&c->match, name);

	return v != NULL && valid_int(v, 1, INT64_MAX, NULL) ? v : NULL;
}

static void
notify_json(struct jw *j, const char *id, const char *sid, const char *kind,
    const char *address, bool attach)
{
	jw_object_open(j);
	jw_kv_int(j, "id", strtoll(id, NULL, 10));
	jw_kv_int(j, "schedule", strtoll(sid, NULL, 10));
	jw_kv_string(j, "kind", kind);
	jw_kv_string(j, "address", address);
	jw_key(j, "attach");
	jw_bool(j, attach);
}

/* GET /api/v1/orgs/{org}/schedules/{id}/notify */
enum err
h_notify(struct ctx *c)
{
	const char	*sid = path_id(c, "id");
	struct mtable	 t;
	struct jw	 j;
	size_t		 i;
	enum err	 e;

	if (sid == NULL)
		return fail(c, ERR_NOT_FOUND, "not_found", "no such schedule",
		    "id");
	e = delivery_notify_list(c->db, c->req->pool, sid, c->org, &t);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such schedule", "id");
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", c->org);
	jw_kv_int(&j, "schedule", strtoll(sid, NULL, 10));
	jw_key(&j, "recipients");
	jw_array_open(&j);
	for (i = 0; i < t.nrows; i++) {
		notify_json(&j, MT(&t, i, NOTIFY_LIST_ID),
		    MT(&t, i, NOTIFY_LIST_SCHEDULE), MT(&t, i, NOTIFY_LIST_KIND),
		    MT(&t, i, NOTIFY_LIST_ADDRESS),
		    strcmp(MT(&t, i, NOTIFY_LIST_ATTACH), "t") == 0);
		jw_kv_string(&j, "created_at", MT(&t, i, NOTIFY_LIST_CREATED));
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/*
 * POST /api/v1/orgs/{org}/schedules/{id}/notify with {"to": "mailto:A"
 * or "https://...", "attach": true|false}: 201 with the recipient, and
 * for a webhook its secret, shown this once.
 */
enum err
h_notify_add(struct ctx *c)
{
	const char			*sid = path_id(c, "id"), *key;
	struct delivery_recipient	 r;
	char				 secret[WEBHOOK_SECRET_HEX + 1] = "";
	char				 idtext[24], loc[200];
	json_t				*root = NULL, *v;
	long long			 id;
	bool				 attach = false;
	struct jw			 j;
	enum err			 e;

	if (sid == NULL)
		return fail(c, ERR_NOT_FOUND, "not_found", "no such schedule",
		    "id");
	if ((e = ctx_read_json(c, &root)) != ERR_OK)
		return e;
	if (!json_is_object(root)) {
		e = fail(c, ERR_INVALID, "invalid_body", "the body is a JSON "
		    "object", "body");
		goto out;
	}
	json_object_foreach(root, key, v)
		if (strcmp(key, "to") != 0 && strcmp(key, "attach") != 0) {
			e = fail(c, ERR_INVALID, "unknown_field", "the fields "
			    "are to and attach", pool_strdup(c->req->pool, key));
			goto out;
		}
	v = json_object_get(root, "to");
	if (!json_is_string(v) || !delivery_parse_recipient(json_string_value(v),
	    &r)) {
		e = fail(c, ERR_INVALID, "invalid_field", "to: "
		    DELIVERY_RECIPIENT_RULE, "to");
		goto out;
	}
	v = json_object_get(root, "attach");
	if (v != NULL && (!json_is_boolean(v) || (json_is_true(v) &&
	    r.kind != DELIVERY_EMAIL))) {
		e = fail(c, ERR_INVALID, "invalid_field", "attach: true or "
		    "false, and true only for a mailto: recipient", "attach");
		goto out;
	}
	attach = v != NULL && json_is_true(v);
	/* The recipient and its audit entry: both or neither. */
	if ((e = db_begin(c->db)) != ERR_OK)
		goto out;
	e = delivery_notify_add(c->db, sid, c->org, &r, attach, &id, secret);
	if (e == ERR_OK) {
		json_t	*d = json_pack("{s:s,s:s,s:s}", "schedule", sid, "kind",
		    delivery_kind_name(r.kind), "address", r.address);
		char	*dt = d != NULL ? json_dumps(d, JSON_COMPACT) : NULL;

		e = dt == NULL ? ERR_NOMEM : audit_write(c->db, &c->who,
		    c->org, "schedule.notify.add", dt);
		free(dt);
		json_decref(d);
	}
	if (e != ERR_OK) {
		db_rollback(c->db);
		if (e == ERR_NOT_FOUND)
			e = fail(c, e, "not_found", "no such schedule", "id");
		else if (e == ERR_CONFLICT)
			e = fail(c, e, "conflict", "the schedule has this "
			    "recipient already", "to");
		goto out;
	}
	if ((e = db_commit(c->db)) != ERR_OK)
		goto out;
	snprintf(idtext, sizeof(idtext), "%lld", id);
	c->resp->status = 201;
	snprintf(loc, sizeof(loc), "/api/v1/orgs/%s/schedules/%s/notify/%lld",
	    c->org, sid, id);
	http_header(c->resp, "Location", loc);
	jw_init(&j, &c->resp->body);
	notify_json(&j, idtext, sid, delivery_kind_name(r.kind), r.address,
	    attach);
	if (r.kind == DELIVERY_WEBHOOK)
		jw_kv_string(&j, "secret", secret);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
out:
	OPENSSL_cleanse(secret, sizeof(secret));
	json_decref(root);
	return e;
}

/* DELETE /api/v1/orgs/{org}/schedules/{id}/notify/{nid} */
enum err
h_notify_remove(struct ctx *c)
{
	const char	*sid = path_id(c, "id"), *nid = path_id(c, "nid");
	struct mtable	 t;
	struct jw	 j;
	size_t		 i;
	bool		 found = false;
	enum err	 e;

	if (sid == NULL || nid == NULL)
		return fail(c, ERR_NOT_FOUND, "not_found", "no such recipient",
		    sid == NULL ? "id" : "nid");
	/* The recipient must be of this schedule, not only this org. */
	e = delivery_notify_list(c->db, c->req->pool, sid, c->org, &t);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such schedule", "id");
	if (e != ERR_OK)
		return e;
	for (i = 0; i < t.nrows; i++)
		if (strcmp(MT(&t, i, NOTIFY_LIST_ID), nid) == 0)
			found = true;
	if (!found)
		return fail(c, ERR_NOT_FOUND, "not_found", "no such recipient",
		    "nid");
	e = delivery_notify_remove(c->db, nid, c->org);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such recipient", "nid");
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_int(&j, "id", strtoll(nid, NULL, 10));
	jw_kv_string(&j, "state", "removed");
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/*
 * GET /api/v1/orgs/{org}/deliveries[?state=failed]: newest first, at
 * most 500; with state, only the deliveries in that state (the input
 * layer lets through "failed" alone).
 */
enum err
h_deliveries(struct ctx *c)
{
	const char	*state = c->in.val[KEY_STATE];
	struct mtable	 t;
	struct jw	 j;
	size_t		 i;
	enum err	 e;

	if ((e = delivery_list(c->db, c->req->pool, c->org, NULL,
	    state != NULL && strcmp(state, "failed") == 0, &t)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", c->org);
	jw_key(&j, "deliveries");
	jw_array_open(&j);
	for (i = 0; i < t.nrows; i++) {
		jw_object_open(&j);
		jw_kv_string(&j, "id", MT(&t, i, DELIVERY_LIST_UID));
		jw_kv_int(&j, "run_id", strtoll(MT(&t, i, DELIVERY_LIST_RUN),
		    NULL, 10));
		jw_kv_string(&j, "report", MT(&t, i, DELIVERY_LIST_REPORT));
		jw_kv_string(&j, "period", MT(&t, i, DELIVERY_LIST_PERIOD));
		jw_kv_string(&j, "kind", MT(&t, i, DELIVERY_LIST_KIND));
		jw_kv_string(&j, "address", MT(&t, i, DELIVERY_LIST_ADDRESS));
		jw_kv_string(&j, "status", MT(&t, i, DELIVERY_LIST_STATUS));
		jw_kv_int(&j, "attempts", strtoll(MT(&t, i,
		    DELIVERY_LIST_ATTEMPTS), NULL, 10));
		jw_kv_string(&j, "sent_at", MT(&t, i, DELIVERY_LIST_SENT));
		jw_kv_string(&j, "next_attempt_at", MT(&t, i,
		    DELIVERY_LIST_NEXT));
		jw_kv_string(&j, "last_error", MT(&t, i, DELIVERY_LIST_ERROR));
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}
