/*
 * h_records.c — an organisation's records: readiness, the history of one
 * control, control reviews (paged), management reviews, and the appends
 * editors make (POST reviews, POST evidence).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "db.h"
#include "handler.h"
#include "http.h"
#include "jw.h"
#include "mapstore.h"
#include "model_gap.h"
#include "model_records.h"
#include "pool.h"
#include "record.h"
#include "valid.h"

/* Columns (db_stmt.h's names) written as JSON numbers, not strings. */
#define NUM(col)	(1u << (col))

/* Writes row i of t as an object with the given keys. */
static void
write_row(struct jw *j, const struct mtable *t, size_t i,
    const char *const *keys, unsigned numeric)
{
	const char	*v;
	size_t		 c;

	jw_object_open(j);
	for (c = 0; keys[c] != NULL && c < t->ncols; c++) {
		if (keys[c][0] == '\0')
			continue;	/* a column the output leaves out */
		v = MT(t, i, c);
		jw_key(j, keys[c]);
		if (v == NULL)
			jw_null(j);
		else if (numeric & NUM(c))
			jw_int(j, strtoll(v, NULL, 10));
		else if (strcmp(v, "t") == 0 && keys[c][0] == '?')
			jw_bool(j, true);
		else
			jw_string(j, v);
	}
	jw_object_close(j);
}

static void
write_table(struct jw *j, const char *name, const struct mtable *t,
    const char *const *keys, unsigned numeric)
{
	size_t	i;

	jw_key(j, name);
	jw_array_open(j);
	for (i = 0; i < t->nrows; i++)
		write_row(j, t, i, keys, numeric);
	jw_array_close(j);
}

/* Opens the snapshot and checks the organisation exists. */
static enum err
org_snapshot(struct ctx *c, struct org_info *o)
{
	enum err	e;

	if ((e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	e = model_org(c->db, c->req->pool, c->org, o);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	return e;
}

enum err
h_readiness(struct ctx *c)
{
	static const char *const ev[READY_EVIDENCE__MAX + 1] = {
		[READY_EVIDENCE_ID] = "id",
		[READY_EVIDENCE_CONTROL] = "control",
		[READY_EVIDENCE_KIND] = "kind",
		[READY_EVIDENCE_TITLE] = "title",
		[READY_EVIDENCE_COLLECTED_AT] = "collected_at",
		[READY_EVIDENCE_VALID_UNTIL] = "valid_until",
		[READY_EVIDENCE_STATE] = "status",
	};
	static const char *const rv[READY_REVIEWS__MAX + 1] = {
		[READY_REVIEWS_CONTROL] = "control",
		[READY_REVIEWS_REVIEWED_AT] = "reviewed_at",
		[READY_REVIEWS_NEXT_REVIEW_DUE] = "next_review_due",
	};
	static const char *const ex[READY_EXCEPTIONS__MAX + 1] = {
		[READY_EXCEPTIONS_ID] = "id",
		[READY_EXCEPTIONS_CONTROL] = "control",
		[READY_EXCEPTIONS_EXPIRES_AT] = "expires_at",
		[READY_EXCEPTIONS_STATE] = "status",
	};
	static const char *const fi[READY_FINDINGS__MAX + 1] = {
		[READY_FINDINGS_ID] = "id",
		[READY_FINDINGS_CONTROL] = "control",
		[READY_FINDINGS_SEVERITY] = "severity",
		[READY_FINDINGS_DUE_AT] = "due_at",
		[READY_FINDINGS_OWNER] = "owner",
	};
	static const char *const elements[] = { "scope_id", "owner",
	    "evidence_source", "change_trigger", "escalation_path" };
	const char		*as_of = ctx_as_of(c);
	struct org_info		 o;
	struct readiness	 r;
	struct jw		 j;
	size_t			 i, k;
	enum err		 e;

	if ((e = org_snapshot(c, &o)) != ERR_OK)
		return e;
	if ((e = model_readiness(c->db, c->req->pool, o.id, o.source_fw, as_of,
	    &r)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", o.id);
	jw_kv_string(&j, "as_of", as_of);
	jw_key(&j, "soa_entries_missing_elements");
	jw_array_open(&j);
	for (i = 0; i < r.soa.nrows; i++) {
		jw_object_open(&j);
		jw_kv_string(&j, "control", MT(&r.soa, i, READY_SOA_CONTROL));
		jw_key(&j, "missing");
		jw_array_open(&j);
		for (k = 0; k < 5; k++)
			if (strcmp(MT(&r.soa, i, READY_SOA_NO_SCOPE + k), "t")
			    == 0)
				jw_string(&j, elements[k]);
		jw_array_close(&j);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	write_table(&j, "evidence_stale_or_expiring", &r.evidence, ev,
	    NUM(READY_EVIDENCE_ID));
	write_table(&j, "reviews_overdue", &r.reviews, rv, 0);
	write_table(&j, "exceptions_expired_or_expiring", &r.exceptions, ex, 0);
	write_table(&j, "findings_past_due", &r.findings, fi, 0);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_control_history(struct ctx *c)
{
	static const char *const rv[HIST_REVIEWS__MAX + 1] = {
		[HIST_REVIEWS_ID] = "id",
		[HIST_REVIEWS_REVIEWED_AT] = "reviewed_at",
		[HIST_REVIEWS_REVIEWER] = "reviewer",
		[HIST_REVIEWS_RESULT] = "result",
		[HIST_REVIEWS_NOTES] = "notes",
		[HIST_REVIEWS_NEXT_REVIEW_DUE] = "next_review_due",
		[HIST_REVIEWS_SOURCE_ID] = "source_id",
	};
	static const char *const ev[HIST_EVIDENCE__MAX + 1] = {
		[HIST_EVIDENCE_ID] = "id",
		[HIST_EVIDENCE_KIND] = "kind",
		[HIST_EVIDENCE_TITLE] = "title",
		[HIST_EVIDENCE_COLLECTED_AT] = "collected_at",
		[HIST_EVIDENCE_VALID_UNTIL] = "valid_until",
		[HIST_EVIDENCE_LOCATION] = "location",
		[HIST_EVIDENCE_SHA256] = "sha256",
		[HIST_EVIDENCE_COLLECTED_BY] = "collected_by",
		[HIST_EVIDENCE_SOURCE_ID] = "source_id",
	};
	static const char *const ex[HIST_EXCEPTIONS__MAX + 1] = {
		[HIST_EXCEPTIONS_ID] = "id",
		[HIST_EXCEPTIONS_DESCRIPTION] = "description",
		[HIST_EXCEPTIONS_ACCEPTED_BY] = "accepted_by",
		[HIST_EXCEPTIONS_APPROVED_AT] = "approved_at",
		[HIST_EXCEPTIONS_EXPIRES_AT] = "expires_at",
		[HIST_EXCEPTIONS_STATUS] = "status",
	};
	static const char *const fi[HIST_FINDINGS__MAX + 1] = {
		[HIST_FINDINGS_ID] = "id",
		[HIST_FINDINGS_SOURCE] = "source",
		[HIST_FINDINGS_SEVERITY] = "severity",
		[HIST_FINDINGS_DESCRIPTION] = "description",
		[HIST_FINDINGS_RAISED_AT] = "raised_at",
		[HIST_FINDINGS_OWNER] = "owner",
		[HIST_FINDINGS_DUE_AT] = "due_at",
		[HIST_FINDINGS_CLOSED_AT] = "closed_at",
	};
	static const char *const ch[HIST_CHANGES__MAX + 1] = {
		[HIST_CHANGES_ID] = "id",
		[HIST_CHANGES_OCCURRED_AT] = "occurred_at",
		[HIST_CHANGES_KIND] = "kind",
		[HIST_CHANGES_DESCRIPTION] = "description",
		[HIST_CHANGES_SOURCE_ID] = "source_id",
	};
	const char	*control = route_param(&c->match, "control");
	struct org_info	 o;
	struct history	 h;
	struct jw	 j;
	enum err	 e;

	if ((e = org_snapshot(c, &o)) != ERR_OK)
		return e;
	e = model_history(c->db, c->req->pool, o.id, o.source_fw, control, &h);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found",
		    "no such control in the organisation's source framework",
		    "control");
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", o.id);
	jw_kv_string(&j, "framework", o.source_fw);
	jw_kv_string(&j, "control", control);
	write_table(&j, "reviews", &h.reviews, rv, NUM(HIST_REVIEWS_ID));
	write_table(&j, "evidence", &h.evidence, ev, NUM(HIST_EVIDENCE_ID));
	write_table(&j, "exceptions", &h.exceptions, ex, 0);
	write_table(&j, "findings", &h.findings, fi, 0);
	write_table(&j, "changes", &h.changes, ch, NUM(HIST_CHANGES_ID));
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/* "id" is annexa's number; "source_id" the id the record came with. */
static const char *const review_keys[REVIEW_ROW__MAX + 1] = {
	[REVIEW_ROW_ID] = "id",
	[REVIEW_ROW_CONTROL] = "control",
	[REVIEW_ROW_REVIEWED_AT] = "reviewed_at",
	[REVIEW_ROW_REVIEWER] = "reviewer",
	[REVIEW_ROW_RESULT] = "result",
	[REVIEW_ROW_NOTES] = "notes",
	[REVIEW_ROW_NEXT_REVIEW_DUE] = "next_review_due",
	[REVIEW_ROW_SOURCE_ID] = "source_id",
};
static const char *const evidence_keys[EVIDENCE_ROW__MAX + 1] = {
	[EVIDENCE_ROW_ID] = "id",
	[EVIDENCE_ROW_CONTROL] = "control",
	[EVIDENCE_ROW_KIND] = "kind",
	[EVIDENCE_ROW_TITLE] = "title",
	[EVIDENCE_ROW_COLLECTED_AT] = "collected_at",
	[EVIDENCE_ROW_VALID_UNTIL] = "valid_until",
	[EVIDENCE_ROW_LOCATION] = "location",
	[EVIDENCE_ROW_SHA256] = "sha256",
	[EVIDENCE_ROW_COLLECTED_BY] = "collected_by",
	[EVIDENCE_ROW_SOURCE_ID] = "source_id",
};

#define REVIEWS_DEFAULT_LIMIT	50

enum err
h_reviews(struct ctx *c)
{
	const char	*cursor = c->in.val[KEY_CURSOR];
	char		 cdate[11], next[48];
	const char	*cid = NULL;
	struct org_info	 o;
	struct mtable	 t;
	struct jw	 j;
	int64_t		 limit = REVIEWS_DEFAULT_LIMIT;
	size_t		 i, shown;
	enum err	 e;

	if (c->in.val[KEY_LIMIT] != NULL)
		valid_int(c->in.val[KEY_LIMIT], 1, 500, &limit);
	if (cursor != NULL) {
		memcpy(cdate, cursor, 10);
		cdate[10] = '\0';
		cid = cursor + 11;
	}
	if ((e = org_snapshot(c, &o)) != ERR_OK)
		return e;
	/* One row more than asked says whether another page exists. */
	if ((e = model_reviews_page(c->db, c->req->pool, o.id,
	    c->in.val[KEY_SINCE], c->in.val[KEY_UNTIL], c->in.val[KEY_RESULT],
	    cursor != NULL ? cdate : NULL, cid, (int)limit + 1, &t)) != ERR_OK)
		return e;
	shown = t.nrows > (size_t)limit ? (size_t)limit : t.nrows;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", o.id);
	jw_key(&j, "reviews");
	jw_array_open(&j);
	for (i = 0; i < shown; i++)
		write_row(&j, &t, i, review_keys, NUM(REVIEW_ROW_ID));
	jw_array_close(&j);
	jw_key(&j, "next_cursor");
	if (t.nrows > (size_t)limit) {
		snprintf(next, sizeof(next), "%s_%s", MT(&t, shown - 1,
		    REVIEW_ROW_REVIEWED_AT), MT(&t, shown - 1, REVIEW_ROW_ID));
		jw_string(&j, next);
	} else
		jw_null(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/* GET one review or evidence record by its numeric id. */
static enum err
get_one(struct ctx *c, bool review)
{
	const char	*id = route_param(&c->match, "id");
	struct org_info	 o;
	struct mtable	 t;
	struct jw	 j;
	enum err	 e;

	if (!valid_int(id, 1, INT64_MAX / 2, NULL))
		return fail(c, ERR_NOT_FOUND, "not_found", "no such record", "id");
	if ((e = org_snapshot(c, &o)) != ERR_OK)
		return e;
	e = review ? model_review_get(c->db, c->req->pool, o.id, id, &t) :
	    model_evidence_get(c->db, c->req->pool, o.id, id, &t);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such record", "id");
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	write_row(&j, &t, 0, review ? review_keys : evidence_keys,
	    review ? NUM(REVIEW_ROW_ID) : NUM(EVIDENCE_ROW_ID));
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_review_get(struct ctx *c)
{
	return get_one(c, true);
}

enum err
h_evidence_get(struct ctx *c)
{
	return get_one(c, false);
}

enum err
h_management_reviews(struct ctx *c)
{
	static const char *const item_keys[MRI_LIST__MAX + 1] = {
		[MRI_LIST_REVIEW] = "",
		[MRI_LIST_KIND] = "kind",
		[MRI_LIST_TEXT] = "text",
		[MRI_LIST_OWNER] = "owner",
		[MRI_LIST_DUE_AT] = "due_at",
		[MRI_LIST_STATUS] = "status",
		[MRI_LIST_CLOSED_AT] = "closed_at",
	};
	struct org_info	 o;
	struct mtable	 mr, items;
	struct jw	 j;
	size_t		 i, k;
	enum err	 e;

	if ((e = org_snapshot(c, &o)) != ERR_OK)
		return e;
	if ((e = model_management_reviews(c->db, c->req->pool, o.id, &mr,
	    &items)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", o.id);
	jw_key(&j, "management_reviews");
	jw_array_open(&j);
	for (i = 0; i < mr.nrows; i++) {
		jw_object_open(&j);
		jw_kv_string(&j, "id", MT(&mr, i, MR_LIST_ID));
		jw_kv_string(&j, "held_at", MT(&mr, i, MR_LIST_HELD_AT));
		jw_kv_string(&j, "period_start", MT(&mr, i,
		    MR_LIST_PERIOD_START));
		jw_kv_string(&j, "period_end", MT(&mr, i, MR_LIST_PERIOD_END));
		jw_kv_string(&j, "chair", MT(&mr, i, MR_LIST_CHAIR));
		jw_kv_string(&j, "attendees", MT(&mr, i, MR_LIST_ATTENDEES));
		jw_kv_string(&j, "summary", MT(&mr, i, MR_LIST_SUMMARY));
		jw_key(&j, "items");
		jw_array_open(&j);
		for (k = 0; k < items.nrows; k++)
			if (strcmp(MT(&items, k, MRI_LIST_REVIEW), MT(&mr, i,
			    MR_LIST_ID)) == 0)
				write_row(&j, &items, k, item_keys, 0);
		jw_array_close(&j);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

/*
 * POST of one review or evidence record: validate, append, 201.  A record
 * whose "id" (its source id) is stored already is not appended again: the
 * stored one is answered with 200 when its content is the same, 409
 * naming "id" when it differs.
 */
static enum err
append_one(struct ctx *c, bool review)
{
	const char		*vals[RECORD_FIELDS_MAX], *id, *date;
	enum sourced		 outcome;
	char			 msg[512], *loc, *m;
	struct catalog_index	 catalog;
	struct record_ctx	 rc = { "body", &catalog, msg, sizeof(msg) };
	struct org_info		 o;
	struct mtable		 t;
	struct jw		 j;
	json_t			*root = NULL;
	size_t			 len;
	enum err		 e;

	if ((e = ctx_read_json(c, &root)) != ERR_OK)
		goto out;
	if ((e = model_org(c->db, c->req->pool, c->org, &o)) != ERR_OK) {
		if (e == ERR_NOT_FOUND)
			fail(c, e, "not_found", "no such organisation", "org");
		goto out;
	}
	if ((e = catalog_index_load(c->db, c->req->pool, o.source_fw,
	    &catalog)) != ERR_OK)
		goto out;
	e = record_check(review ? REC_REVIEW : REC_EVIDENCE, root, &rc,
	    c->req->pool, "record", NULL, vals);
	if (e != ERR_OK) {
		/* msg reads "body: record.FIELD: why": name the field. */
		const char *f = strstr(msg, "record.");
		char *field = NULL;

		if (f != NULL && (field = pool_strndup(c->req->pool, f + 7,
		    strcspn(f + 7, ":"))) == NULL)
			e = ERR_NOMEM;
		m = pool_strdup(c->req->pool, msg);
		if (e != ERR_NOMEM)
			fail(c, e, "invalid_record", m, field != NULL ? field : "body");
		goto out;
	}
	/* Review history is of the past: nothing dated after today. */
	date = vals[review ? 1 : 3];
	if (strcmp(date, c->today) > 0) {
		fail(c, ERR_INVALID, "invalid_record",
		    "the date is in the future", review ? "reviewed_at" :
		    "collected_at");
		e = ERR_INVALID;
		goto out;
	}
	e = review ? model_append_review(c->db, c->req->pool, o.id, o.source_fw,
	    vals, &c->who, &outcome, &id) :
	    model_append_evidence(c->db, c->req->pool, o.id, o.source_fw, vals,
	    &c->who, &outcome, &id);
	if (e != ERR_OK)
		goto out;
	if (outcome == SOURCED_DIFFERENT) {
		e = fail(c, ERR_CONFLICT, "conflict", "a record with this id is "
		    "stored already, with different content", "id");
		goto out;
	}
	e = review ? model_review_get(c->db, c->req->pool, o.id, id, &t) :
	    model_evidence_get(c->db, c->req->pool, o.id, id, &t);
	if (e != ERR_OK)
		goto out;
	len = strlen(o.id) + strlen(id) + 64;
	if ((loc = pool_alloc(c->req->pool, len)) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	snprintf(loc, len, "/api/v1/orgs/%s/%s/%s", o.id,
	    review ? "reviews" : "evidence", id);
	c->resp->status = outcome == SOURCED_NEW ? 201 : 200;
	http_header(c->resp, "Location", loc);
	jw_init(&j, &c->resp->body);
	write_row(&j, &t, 0, review ? review_keys : evidence_keys,
	    review ? NUM(REVIEW_ROW_ID) : NUM(EVIDENCE_ROW_ID));
	buf_putc(&c->resp->body, '\n');
out:
	json_decref(root);
	return e;
}

enum err
h_review_post(struct ctx *c)
{
	return append_one(c, true);
}

enum err
h_evidence_post(struct ctx *c)
{
	return append_one(c, false);
}
