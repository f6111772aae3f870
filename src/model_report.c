#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "mapset.h"
#include "model_report.h"
#include "pool.h"
#include "valid.h"

static void
result_clear(void *r)
{
	PQclear(r);
}

/* Runs s into a table tied to the pool (as model_records.c does). */
static enum err
table(struct db *db, struct pool *p, enum stmt s, const char *const *params,
    struct mtable *t)
{
	PGresult	*r;
	size_t		 i, j;
	enum err	 e;

	memset(t, 0, sizeof(*t));
	if ((e = db_exec(db, s, params, &r)) != ERR_OK)
		return e;
	if (pool_cleanup_add(p, result_clear, r) != 0)
		return ERR_NOMEM;
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

	return table(db, p, STMT_RPT_REVIEW_MONTHS, params, t);
}

enum err
model_chart_findings(struct db *db, struct pool *p, const char *org,
    const char *from, const char *to, struct mtable *t)
{
	const char	*params[3] = { org, from, to };

	return table(db, p, STMT_RPT_OPEN_FINDINGS_MONTHS, params, t);
}

enum err
model_chart_freshness(struct db *db, struct pool *p, const char *org,
    const char *as_of, long long out[4])
{
	const char	*params[2] = { org, as_of };
	struct mtable	 t;
	enum err	 e;
	int		 i;

	if ((e = table(db, p, STMT_RPT_EVIDENCE_FRESHNESS, params, &t)) != ERR_OK)
		return e;
	for (i = 0; i < 4; i++)
		out[i] = t.nrows == 1 ? strtoll(MT(&t, 0, i), NULL, 10) : 0;
	return ERR_OK;
}

enum err
model_report_targets(struct db *db, struct pool *p, const struct gap_context *g,
    const char **targets, size_t *n)
{
	const char	*cand[2];
	size_t		 i, k, x;
	bool		 seen;

	(void)db;
	(void)p;
	*n = 0;
	for (i = 0; i < g->nsets; i++) {
		cand[0] = g->sets[i]->source_fw;
		cand[1] = g->sets[i]->target_fw;
		for (k = 0; k < 2; k++) {
			if (strcmp(cand[k], g->org.source_fw) == 0)
				continue;
			for (seen = false, x = 0; x < *n; x++)
				seen = seen || strcmp(targets[x], cand[k]) == 0;
			if (!seen && *n < REPORT_TARGETS_MAX)
				targets[(*n)++] = cand[k];
		}
	}
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

	memset(d, 0, sizeof(*d));
	report_months_back(as_of, REPORT_CHART_MONTHS, from);
	if ((e = table(db, p, STMT_RPT_PREV_ACTIONS, os, &d->prev_actions)) ||
	    (e = table(db, p, STMT_RPT_CHANGES, issues, &d->issues)) ||
	    (e = table(db, p, STMT_RPT_CHANGES, parties, &d->parties)) ||
	    (e = table(db, p, STMT_RPT_FINDINGS, pe, &d->findings)) ||
	    (e = table(db, p, STMT_RPT_FINDINGS_BY_SOURCE, pe, &d->by_source)) ||
	    (e = table(db, p, STMT_RPT_ACTIONS, pe, &d->actions)) ||
	    (e = table(db, p, STMT_RPT_OBJECTIVES, o, &d->objectives)) ||
	    (e = table(db, p, STMT_RPT_FEEDBACK, pe, &d->feedback)) ||
	    (e = table(db, p, STMT_RPT_RISKS, oa, &d->risks)) ||
	    (e = table(db, p, STMT_RPT_EXCEPTIONS, oa, &d->exceptions)) ||
	    (e = table(db, p, STMT_RPT_DECISIONS, pe, &d->decisions)) ||
	    (e = table(db, p, STMT_RPT_PREV_REVIEW, os, &d->prev_review)) ||
	    (e = model_chart_reviews(db, p, org, from, as_of, &d->review_months)) ||
	    (e = model_chart_findings(db, p, org, from, as_of, &d->open_findings)) ||
	    (e = model_chart_freshness(db, p, org, as_of, d->freshness)) ||
	    (e = model_readiness(db, p, org, g->org.source_fw, as_of,
	    &d->readiness)))
		return e;
	/* Coverage now, and at the previous management review. */
	memset(&before, 0, sizeof(before));
	if (d->prev_review.nrows == 1 &&
	    (e = model_gap_context(db, p, cache, org, MT(&d->prev_review, 0, 1),
	    NULL, 0, &before, &bad)) != ERR_OK)
		return e;
	model_report_targets(db, p, g, targets, &nt);
	for (i = 0; i < nt; i++) {
		d->coverage[i].target = targets[i];
		if ((e = model_gap_target(db, p, g, targets[i],
		    &d->coverage[i].now)) != ERR_OK)
			return e;
		if (d->prev_review.nrows == 1) {
			if ((e = model_gap_target(db, p, &before, targets[i],
			    &d->coverage[i].before)) != ERR_OK)
				return e;
			d->coverage[i].has_before = 1;
		}
	}
	d->ncoverage = nt;
	return ERR_OK;
}

enum err
model_report_soa(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *as_of, struct mtable *soa, struct mtable *ev)
{
	const char	*of[2] = { org, fw }, *ofa[3] = { org, fw, as_of };
	enum err	 e;

	if ((e = table(db, p, STMT_RPT_SOA, of, soa)) != ERR_OK)
		return e;
	return table(db, p, STMT_RPT_SOA_EVIDENCE, ofa, ev);
}

enum err
model_report_trace(struct db *db, struct pool *p, const char *org,
    const char *fw, const char *as_of, struct mtable *t)
{
	const char	*ofa[3] = { org, fw, as_of };

	return table(db, p, STMT_RPT_TRACE, ofa, t);
}
