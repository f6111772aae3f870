#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "mapset.h"
#include "model_report.h"
#include "period.h"
#include "pool.h"
#include "valid.h"

void
report_months_back(const char *date, int months, char out[11])
{
	int	y, m;

	/* date is a valid YYYY-MM-DD; months is small and positive. */
	y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
	    (date[3] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	m -= months - 1;
	while (m < 1) {
		m += 12;
		y--;
	}
	if (y < 1000 || y > 9999 || m > 12)
		y = 1970, m = 1;
	snprintf(out, 11, "%04d-%02d-01", y % 10000, m % 100);
}

enum err
model_chart_reviews(struct db *db, struct pool *p, const char *org,
    const char *from, const char *to, struct mtable *t)
{
	const char	*params[3] = { org, from, to };

	return model_table(db, p, STMT_RPT_REVIEW_MONTHS, params, t);
}

enum err
model_chart_findings(struct db *db, struct pool *p, const char *org,
    const char *from, const char *to, struct mtable *t)
{
	const char	*params[3] = { org, from, to };

	return model_table(db, p, STMT_RPT_OPEN_FINDINGS_MONTHS, params, t);
}

/* The four counts of STMT_RPT_EVIDENCE_FRESHNESS's answer t. */
static void
freshness_counts(const struct mtable *t, long long out[4])
{
	int	 i;

	for (i = 0; i < 4; i++)
		out[i] = t->nrows == 1 ? strtoll(MT(t, 0,
		    RPT_FRESHNESS_CURRENT + i), NULL, 10) : 0;
}

enum err
model_chart_freshness(struct db *db, struct pool *p, const char *org,
    const char *as_of, long long out[4])
{
	const char	*params[2] = { org, as_of };
	struct mtable	 t;
	enum err	 e;

	if ((e = model_table(db, p, STMT_RPT_EVIDENCE_FRESHNESS, params, &t)) != ERR_OK)
		return e;
	freshness_counts(&t, out);
	return ERR_OK;
}

enum err
model_report_targets(struct db *db, struct pool *p, const struct gap_context *g,
    const char **targets, size_t *n)
{
	(void)db;
	(void)p;
	*n = model_gap_targets(g, targets, REPORT_TARGETS_MAX);
	return ERR_OK;
}

enum err
model_report_mr(struct db *db, struct pool *p, struct mapcache *cache,
    const struct gap_context *g, const struct period *per, struct mr_data *d)
{
	const char		*org = g->org.id, *as_of = g->as_of_text;
	/* The period ends at as_of when as_of falls inside it. */
	const char		*end = strcmp(as_of, per->end) < 0 ? as_of : per->end;
	const char		*pe[3] = { org, per->start, end };
	const char		*issues[4] = { org, per->start, end,
	    "external-issue,internal-issue" };
	const char		*parties[4] = { org, per->start, end,
	    "interested-party" };
	const char		*o[1] = { org }, *oa[2] = { org, as_of };
	const char		*os[2] = { org, per->start };
	const char		*targets[REPORT_TARGETS_MAX], *bad;
	struct gap_context	 before;
	char			 from[11];
	size_t			 nt, i;
	enum err		 e;
	const char		*fa[3] = { org, from, as_of };
	const char		*ofa[3] = { org, g->org.source_fw, as_of };
	struct mtable		 fresh;
	/* Independent of one another: one round trip for all of them. */
	const struct model_query q[] = {
		{ STMT_RPT_PREV_ACTIONS, os, &d->prev_actions },
		{ STMT_RPT_CHANGES, issues, &d->issues },
		{ STMT_RPT_CHANGES, parties, &d->parties },
		{ STMT_RPT_FINDINGS, pe, &d->findings },
		{ STMT_RPT_FINDINGS_BY_SOURCE, pe, &d->by_source },
		{ STMT_RPT_ACTIONS, pe, &d->actions },
		{ STMT_RPT_OBJECTIVES, o, &d->objectives },
		{ STMT_RPT_FEEDBACK, pe, &d->feedback },
		{ STMT_RPT_RISKS, oa, &d->risks },
		{ STMT_RPT_EXCEPTIONS, oa, &d->exceptions },
		{ STMT_RPT_DECISIONS, pe, &d->decisions },
		{ STMT_RPT_PREV_REVIEW, os, &d->prev_review },
		{ STMT_RPT_REVIEW_MONTHS, fa, &d->review_months },
		{ STMT_RPT_OPEN_FINDINGS_MONTHS, fa, &d->open_findings },
		{ STMT_RPT_EVIDENCE_FRESHNESS, oa, &fresh },
		{ STMT_READY_SOA, ofa, &d->readiness.soa },
		{ STMT_READY_EVIDENCE, ofa, &d->readiness.evidence },
		{ STMT_READY_REVIEWS, ofa, &d->readiness.reviews },
		{ STMT_READY_EXCEPTIONS, oa, &d->readiness.exceptions },
		{ STMT_READY_FINDINGS, oa, &d->readiness.findings },
	};

	memset(d, 0, sizeof(*d));
	report_months_back(as_of, REPORT_CHART_MONTHS, from);
	if ((e = model_tables(db, p, q, sizeof(q) / sizeof(q[0]))) != ERR_OK)
		return e;
	freshness_counts(&fresh, d->freshness);
	/* Coverage now, and at the previous management review. */
	memset(&before, 0, sizeof(before));
	if (d->prev_review.nrows == 1 &&
	    (e = model_gap_context(db, p, cache, org, MT(&d->prev_review, 0,
	    RPT_PREV_REVIEW_HELD_AT),
	    NULL, 0, &before, &bad)) != ERR_OK)
		return e;
	model_report_targets(db, p, g, targets, &nt);
	for (i = 0; i < nt; i++) {
		d->coverage[i].target = targets[i];
		if ((e = model_gap_target(db, p, g, targets[i],
		    &d->coverage[i].now)) != ERR_OK)
			return e;
		if (d->prev_review.nrows == 1) {
			if ((e = model_gap_target_again(db, p, &before, g,
			    &d->coverage[i].now, &d->coverage[i].before)) !=
			    ERR_OK)
				return e;
			d->coverage[i].has_before = 1;
		}
	}
	d->ncoverage = nt;
	return ERR_OK;
}

enum mr_state
model_mr_item_state(const char *status, const char *due, const char *closed,
    const char *d)
{
	bool	done = status != NULL && strcmp(status, "done") == 0;
	bool	dropped = status != NULL && strcmp(status, "dropped") == 0;

	if (closed != NULL && strcmp(closed, d) <= 0 && (done || dropped))
		return dropped ? MR_DROPPED : MR_DONE;
	return due != NULL && strcmp(due, d) < 0 ? MR_OVERDUE : MR_OPEN;
}

enum err
model_mr_inputs(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *as_of, struct mr_inputs *in)
{
	const char	*held[2] = { org, NULL };
	/* The next review hears of changes of every kind (NULL). */
	const char	*changes[4] = { org, NULL, as_of, NULL };
	const char	*period[3] = { org, NULL, as_of };
	struct mtable	 last, open;
	char		 after[11], *since;
	enum err	 e;

	memset(in, 0, sizeof(*in));
	/* Reviews held before the day after as_of: held on or before it. */
	if (!period_next_day(as_of, after))
		return ERR_INVALID;
	held[1] = after;
	if ((e = model_table(db, p, STMT_RPT_PREV_REVIEW, held, &last)) != ERR_OK)
		return e;
	if ((since = pool_strdup(p, MR_INPUTS_EVER)) == NULL)
		return ERR_NOMEM;
	if (last.nrows == 1) {
		in->last_id = MT(&last, 0, RPT_PREV_REVIEW_ID);
		in->last_held_at = MT(&last, 0, RPT_PREV_REVIEW_HELD_AT);
		if (!period_next_day(in->last_held_at, since))
			return ERR_INVALID;
	}
	in->since = since;
	changes[1] = period[1] = since;
	if ((e = model_table(db, p, STMT_RPT_PREV_ACTIONS, held,
	    &in->prev_actions)) != ERR_OK ||
	    (e = model_table(db, p, STMT_RPT_CHANGES, changes,
	    &in->changes)) != ERR_OK ||
	    (e = model_table(db, p, STMT_RPT_FINDINGS, period,
	    &in->findings)) != ERR_OK ||
	    (e = model_table(db, p, STMT_RPT_ACTIONS, period,
	    &in->actions)) != ERR_OK ||
	    /* One month, the one of as_of, counted at as_of. */
	    (e = model_chart_findings(db, p, org, as_of, as_of,
	    &open)) != ERR_OK ||
	    (e = model_readiness(db, p, org, fw, as_of,
	    &in->readiness)) != ERR_OK)
		return e;
	in->open_findings = open.nrows == 1 ?
	    strtoll(MT(&open, 0, RPT_OPEN_FINDINGS_OPEN), NULL, 10) : 0;
	return ERR_OK;
}

enum err
model_report_soa(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *as_of, struct mtable *soa, struct mtable *ev)
{
	const char	*of[2] = { org, fw }, *ofa[3] = { org, fw, as_of };
	enum err	 e;

	if ((e = model_table(db, p, STMT_RPT_SOA, of, soa)) != ERR_OK)
		return e;
	return model_table(db, p, STMT_RPT_SOA_EVIDENCE, ofa, ev);
}

enum err
model_report_trace(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *as_of, struct mtable *t)
{
	const char	*ofa[3] = { org, fw, as_of };

	return model_table(db, p, STMT_RPT_TRACE, ofa, t);
}

enum err
model_report_runs(struct db *db, struct pool *p, const char *org,
    const char *limit, struct mtable *t)
{
	return model_report_runs_before(db, p, org, NULL, limit, t);
}

enum err
model_report_runs_before(struct db *db, struct pool *p, const char *org,
    const char *before, const char *limit, struct mtable *t)
{
	const char	*params[3] = { org, limit, before };

	return model_table(db, p, STMT_RUN_LIST, params, t);
}

enum err
model_report_schedules(struct db *db, struct pool *p, const char *org,
    const char *limit, struct mtable *t)
{
	const char	*params[2] = { org, limit };

	return model_table(db, p, STMT_SCHED_ORG, params, t);
}

/*
 * Reads a stored run from row 0 of r (columns: pdf, sha256, kind, period
 * or as_of, report_id, then optionally id, pages, generate_ms, sign_ms);
 * r is tied to p by the caller (db_query), the decoded bytes here.
 * ERR_NOT_FOUND without a row.
 */
static enum err
stored_run(struct pool *p, PGresult *r, struct report_stored *s)
{
	unsigned char	*raw;
	size_t		 len;

	if (PQntuples(r) != 1 || PQgetisnull(r, 0, RUN_STORED_PDF))
		return ERR_NOT_FOUND;
	/* bytea arrives in text form ("\x..."): decode it. */
	if ((raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0,
	    RUN_STORED_PDF),
	    &len)) == NULL)
		return ERR_NOMEM;
	if (pool_cleanup_add(p, PQfreemem, raw) != 0)
		return ERR_NOMEM;
	memset(s, 0, sizeof(*s));
	s->pdf = (const char *)raw;
	s->len = len;
	s->sha256 = PQgetvalue(r, 0, RUN_STORED_SHA256);
	s->kind = PQgetvalue(r, 0, RUN_STORED_KIND);
	s->period = PQgetvalue(r, 0, RUN_STORED_PERIOD);
	s->report_id = PQgetisnull(r, 0, RUN_STORED_REPORT_ID) ? NULL :
	    PQgetvalue(r, 0, RUN_STORED_REPORT_ID);
	if (PQnfields(r) >= RUN_STORED__MAX) {
		s->run_id = strtoll(PQgetvalue(r, 0, RUN_STORED_ID), NULL,
		    10);
		s->pages = (int)strtol(PQgetvalue(r, 0, RUN_STORED_PAGES),
		    NULL, 10);
		s->generate_ms = strtod(PQgetvalue(r, 0,
		    RUN_STORED_GENERATE_MS), NULL);
		s->sign_ms = strtod(PQgetvalue(r, 0, RUN_STORED_SIGN_MS),
		    NULL);
	}
	return ERR_OK;
}

enum err
model_report_run_pdf(struct db *db, struct pool *p, const char *org,
    const char *id, const char *format, struct report_stored *s)
{
	const char	*params[3] = { org, id, format };
	PGresult	*r;
	enum err	 e;

	if ((e = db_query(db, p, STMT_RUN_PDF, params, &r)) != ERR_OK)
		return e;
	return stored_run(p, r, s);
}

enum err
model_report_run_by_key(struct db *db, struct pool *p, const char *key,
    struct report_stored *s, bool *found)
{
	const char	*params[1] = { key };
	PGresult	*r;
	enum err	 e;

	*found = false;
	if ((e = db_query(db, p, STMT_RUN_BY_KEY, params, &r)) != ERR_OK)
		return e;
	if ((e = stored_run(p, r, s)) == ERR_NOT_FOUND)
		return ERR_OK;
	*found = e == ERR_OK;
	return e;
}

enum err
model_report_prune(struct db *db, int days, long long *deleted)
{
	char		 d[16], batch[16];
	const char	*params[2] = { d, batch };
	PGresult	*r;
	long long	 n;
	enum err	 e;

	*deleted = 0;
	snprintf(d, sizeof(d), "%d", days);
	snprintf(batch, sizeof(batch), "%d", MODEL_PRUNE_BATCH);
	do {
		if ((e = db_exec(db, STMT_RUN_PRUNE, params, &r)) != ERR_OK)
			return e;
		n = strtoll(PQcmdTuples(r), NULL, 10);
		PQclear(r);
		*deleted += n;
	} while (n == MODEL_PRUNE_BATCH);
	return ERR_OK;
}

enum err
model_report_origin(struct db *db, struct pool *p, const char *sha256,
    struct report_origin *o, bool *found)
{
	const char	*params[1] = { sha256 };
	struct mtable	 t;
	enum err	 e;

	*found = false;
	if ((e = model_table(db, p, STMT_RUN_BY_SHA, params, &t)) != ERR_OK)
		return e;
	if (t.nrows != 1)
		return ERR_OK;
	o->run_id = MT(&t, 0, RUN_BY_SHA_ID);
	o->org = MT(&t, 0, RUN_BY_SHA_ORG);
	o->kind = MT(&t, 0, RUN_BY_SHA_KIND);
	o->report_id = MT(&t, 0, RUN_BY_SHA_REPORT_ID);
	o->as_of = MT(&t, 0, RUN_BY_SHA_AS_OF);
	o->signer = MT(&t, 0, RUN_BY_SHA_SIGNER);
	o->started_at = MT(&t, 0, RUN_BY_SHA_STARTED_AT);
	*found = true;
	return ERR_OK;
}
