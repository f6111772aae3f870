#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "model_records.h"
#include "pool.h"

/* Makes t the rows of r (which stays the pool's) as text cells. */
static enum err
model_rows(struct pool *p, PGresult *r, struct mtable *t)
{
	size_t		 i, j;

	t->nrows = (size_t)PQntuples(r);
	t->ncols = (size_t)PQnfields(r);
	if ((t->v = pool_calloc(p, t->nrows * t->ncols + 1, sizeof(char *))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			t->v[i * t->ncols + j] = PQgetisnull(r, (int)i, (int)j) ?
			    NULL : PQgetvalue(r, (int)i, (int)j);
	return ERR_OK;
}

enum err
model_table(struct db *db, struct pool *p, enum stmt s,
    const char *const *params, struct mtable *t)
{
	PGresult	*r;
	enum err	 e;

	memset(t, 0, sizeof(*t));
	if ((e = db_query(db, p, s, params, &r)) != ERR_OK)
		return e;
	return model_rows(p, r, t);
}

enum err
model_tables(struct db *db, struct pool *p, const struct model_query *q,
    size_t n)
{
	struct db_call	 c[DB_BATCH_MAX];
	size_t		 i;
	enum err	 e;

	if (n > DB_BATCH_MAX)
		return ERR_INVALID;
	for (i = 0; i < n; i++) {
		memset(q[i].t, 0, sizeof(*q[i].t));
		c[i].s = q[i].s;
		c[i].params = q[i].params;
	}
	if ((e = db_query_batch(db, p, c, n)) != ERR_OK)
		return e;
	for (i = 0; i < n; i++)
		if ((e = model_rows(p, c[i].res, q[i].t)) != ERR_OK)
			return e;
	return ERR_OK;
}

enum err
model_readiness(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *as_of, struct readiness *out)
{
	const char	*ofa[3] = { org, fw, as_of }, *oa[2] = { org, as_of };
	enum err	 e;

	if ((e = model_table(db, p, STMT_READY_SOA, ofa, &out->soa)) != ERR_OK ||
	    (e = model_table(db, p, STMT_READY_EVIDENCE, ofa, &out->evidence)) != ERR_OK ||
	    (e = model_table(db, p, STMT_READY_REVIEWS, ofa, &out->reviews)) != ERR_OK ||
	    (e = model_table(db, p, STMT_READY_EXCEPTIONS, oa, &out->exceptions)) != ERR_OK)
		return e;
	return model_table(db, p, STMT_READY_FINDINGS, oa, &out->findings);
}

enum err
model_history(struct db *db, struct pool *p, const char *org, const char *fw,
    const char *control, struct history *h)
{
	const char	*fc[2] = { fw, control }, *ofc[3] = { org, fw, control };
	struct mtable	 t;
	enum err	 e;

	if ((e = model_table(db, p, STMT_CONTROL_EXISTS, fc, &t)) != ERR_OK)
		return e;
	if (t.nrows == 0)
		return ERR_NOT_FOUND;
	if ((e = model_table(db, p, STMT_HIST_REVIEWS, ofc, &h->reviews)) != ERR_OK ||
	    (e = model_table(db, p, STMT_HIST_EVIDENCE, ofc, &h->evidence)) != ERR_OK ||
	    (e = model_table(db, p, STMT_HIST_EXCEPTIONS, ofc, &h->exceptions)) != ERR_OK ||
	    (e = model_table(db, p, STMT_HIST_FINDINGS, ofc, &h->findings)) != ERR_OK)
		return e;
	return model_table(db, p, STMT_HIST_CHANGES, ofc, &h->changes);
}

enum err
model_reviews_page(struct db *db, struct pool *p, const char *org,
    const char *since, const char *until, const char *result,
    const char *cursor_date, const char *cursor_id, int limit, struct mtable *t)
{
	char		 lim[16];
	const char	*params[7] = { org, since, until, result, cursor_date,
	    cursor_id, lim };

	snprintf(lim, sizeof(lim), "%d", limit);
	return model_table(db, p, STMT_REVIEWS_PAGE, params, t);
}

static enum err
one(struct db *db, struct pool *p, enum stmt s, const char *org,
    const char *id, struct mtable *t)
{
	const char	*params[2] = { org, id };
	enum err	 e;

	if ((e = model_table(db, p, s, params, t)) != ERR_OK)
		return e;
	return t->nrows == 1 ? ERR_OK : ERR_NOT_FOUND;
}

enum err
model_review_get(struct db *db, struct pool *p, const char *org,
    const char *id, struct mtable *t)
{
	return one(db, p, STMT_REVIEW_GET, org, id, t);
}

enum err
model_evidence_get(struct db *db, struct pool *p, const char *org,
    const char *id, struct mtable *t)
{
	return one(db, p, STMT_EVIDENCE_GET, org, id, t);
}

enum err
model_management_reviews(struct db *db, struct pool *p, const char *org,
    struct mtable *reviews, struct mtable *items)
{
	const char	*params[1] = { org };
	enum err	 e;

	if ((e = model_table(db, p, STMT_MR_LIST, params, reviews)) != ERR_OK)
		return e;
	return model_table(db, p, STMT_MRI_LIST, params, items);
}

static const struct {
	enum stmt	get;
	enum stmt	insert;
} sourced_stmts[HISTORY__MAX] = {
	[HISTORY_EVIDENCE] = { STMT_EVIDENCE_SOURCE_GET, STMT_EVIDENCE_SOURCE_INSERT },
	[HISTORY_REVIEW] = { STMT_REVIEW_SOURCE_GET, STMT_REVIEW_SOURCE_INSERT },
	[HISTORY_CHANGE] = { STMT_CHANGE_SOURCE_GET, STMT_CHANGE_SOURCE_INSERT },
	[HISTORY_FEEDBACK] = { STMT_FEEDBACK_SOURCE_GET, STMT_FEEDBACK_SOURCE_INSERT },
};

/* Looks up the record of the source id; *found false when there is none. */
static enum err
sourced_get(struct db *db, struct pool *p, enum history_kind k,
    const char *const *params, bool *found, enum sourced *outcome,
    const char **id)
{
	struct mtable	t;
	enum err	e;

	if ((e = model_table(db, p, sourced_stmts[k].get, params, &t)) != ERR_OK)
		return e;
	*found = t.nrows == 1;
	if (*found) {
		*id = MT(&t, 0, SOURCE_GET_ID);
		*outcome = strcmp(MT(&t, 0, SOURCE_GET_SAME), "t") == 0 ?
		    SOURCED_SAME :
		    SOURCED_DIFFERENT;
	}
	return ERR_OK;
}

enum err
model_history_put_sourced(struct db *db, struct pool *p, enum history_kind k,
    const char *const *params, enum sourced *outcome, const char **id)
{
	struct mtable	t;
	bool		found;
	enum err	e;

	/* Looked up first: a record stored before costs no write at all. */
	if ((e = sourced_get(db, p, k, params, &found, outcome, id)) != ERR_OK ||
	    found)
		return e;
	if ((e = model_table(db, p, sourced_stmts[k].insert, params,
	    &t)) != ERR_OK)
		return e;
	if (t.nrows == 1) {
		*outcome = SOURCED_NEW;
		*id = MT(&t, 0, INSERTED_ID);
		return ERR_OK;
	}
	/* Another writer stored that id since the look-up. */
	if ((e = sourced_get(db, p, k, params, &found, outcome, id)) != ERR_OK)
		return e;
	return found ? ERR_OK : ERR_DB;
}

/*
 * Inserts with $1 org, $2 framework, then nv values (the source id, if
 * any, at vals[nv]); audits the append.
 */
static enum err
append(struct db *db, struct pool *p, enum stmt s, enum history_kind k,
    const char *action, const char *org, const char *fw,
    const char *const *vals, size_t nv, const struct principal *who,
    enum sourced *outcome, const char **id)
{
	const char	*params[16];
	char		 detail[96];
	struct mtable	 t;
	size_t		 i;
	enum err	 e;

	params[0] = org;
	params[1] = fw;
	for (i = 0; i <= nv && i + 2 < 16; i++)
		params[i + 2] = vals[i];
	*outcome = SOURCED_NEW;
	if ((e = db_begin(db)) != ERR_OK)
		return e;
	if (vals[nv] != NULL) {
		if ((e = model_history_put_sourced(db, p, k, params, outcome,
		    id)) != ERR_OK)
			goto fail;
		if (*outcome != SOURCED_NEW) {
			db_rollback(db);	/* nothing was written */
			return ERR_OK;
		}
	} else {
		if ((e = model_table(db, p, s, params, &t)) != ERR_OK)
			goto fail;
		*id = MT(&t, 0, INSERTED_ID);
	}
	/* The id is digits: it needs no JSON escaping. */
	snprintf(detail, sizeof(detail), "{\"id\": %s}", *id);
	if ((e = audit_write(db, who, org, action, detail)) != ERR_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum err
model_append_review(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *const *vals, const struct principal *who,
    enum sourced *outcome, const char **id)
{
	return append(db, p, STMT_REVIEW_INSERT, HISTORY_REVIEW,
	    "review.create", org, fw, vals, 6, who, outcome, id);
}

enum err
model_append_evidence(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *const *vals, const struct principal *who,
    enum sourced *outcome, const char **id)
{
	return append(db, p, STMT_EVIDENCE_INSERT, HISTORY_EVIDENCE,
	    "evidence.create", org, fw, vals, 8, who, outcome, id);
}
