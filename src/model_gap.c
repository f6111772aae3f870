#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "mapcache.h"
#include "mapset.h"
#include "mapstore.h"
#include "model.h"
#include "model_gap.h"
#include "pool.h"
#include "valid.h"

enum err
model_epoch(struct db *db, long long *epoch)
{
	PGresult	*r;
	enum err	 e;

	if ((e = db_exec(db, STMT_DATA_EPOCH, NULL, &r)) != ERR_OK)
		return e;
	*epoch = PQntuples(r) == 1 ?
	    strtoll(PQgetvalue(r, 0, SINGLE_VALUE), NULL, 10) : -1;
	PQclear(r);
	return ERR_OK;
}

enum err
model_org(struct db *db, struct pool *p, const char *org, struct org_info *o)
{
	const char	*params[1] = { org };
	PGresult	*r;
	enum err	 e;

	if ((e = db_query(db, p, STMT_ORG_GET, params, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1)
		return ERR_NOT_FOUND;
	o->id = PQgetvalue(r, 0, ORG_GET_ID);
	o->name = PQgetvalue(r, 0, ORG_GET_NAME);
	o->cloud_role = PQgetvalue(r, 0, ORG_GET_CLOUD_ROLE);
	o->source_fw = PQgetvalue(r, 0, ORG_GET_SOURCE_FW);
	return ERR_OK;
}

static int32_t
day_or_none(PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? GAP_NO_DAY :
	    (int32_t)strtol(PQgetvalue(r, row, c), NULL, 10);
}

static enum err
load_sources(struct db *db, struct pool *p, struct gap_context *g)
{
	static const char *const impls[] =
	    { "implemented", "partial", "planned", "not-implemented", NULL };
	static const char *const results[] =
	    { "effective", "partially-effective", "ineffective", NULL };
	const char		*params[3] = { g->org.id, g->org.source_fw,
	    g->as_of_text };
	struct gap_source	*s;
	PGresult		*r;
	enum err		 e;
	int			 i, n, k;

	if ((e = db_query(db, p, STMT_GAP_SOURCES, params, &r)) != ERR_OK)
		return e;
	n = PQntuples(r);
	if ((g->sources = pool_calloc(p, (size_t)n + 1, sizeof(*s))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < n; i++) {
		s = &g->sources[i];
		s->control = PQgetvalue(r, i, GAP_SOURCES_CONTROL);
		s->has_entry = strcmp(PQgetvalue(r, i,
		    GAP_SOURCES_HAS_SOA), "t") == 0;
		s->applicable = s->has_entry && strcmp(PQgetvalue(r, i,
		    GAP_SOURCES_APPLICABLE), "t") == 0;
		s->impl = GAP_IMPL_NOT_IMPLEMENTED;
		if (s->has_entry && valid_enum(PQgetvalue(r, i,
		    GAP_SOURCES_IMPLEMENTATION), impls, &k))
			s->impl = (enum gap_impl)k;
		s->latest_review = GAP_REVIEW_NONE;
		if (!PQgetisnull(r, i, GAP_SOURCES_RESULT) &&
		    valid_enum(PQgetvalue(r, i, GAP_SOURCES_RESULT), results,
		    &k))
			s->latest_review = (enum gap_review)k;
		s->latest_review_day = day_or_none(r, i,
		    GAP_SOURCES_REVIEWED_DAY);
		s->latest_valid_evidence_day = day_or_none(r, i,
		    GAP_SOURCES_EVIDENCE_DAY);
		s->latest_change_day = day_or_none(r, i,
		    GAP_SOURCES_CHANGE_DAY);
	}
	g->nsources = (size_t)n;
	return ERR_OK;
}

enum err
model_mapsets(struct db *db, struct pool *p, struct mapcache *cache,
    const char *const *filter,
    size_t nfilter, struct mapset **sets, size_t *nsets, const char **bad)
{
	struct mapset_info	*info;
	size_t			 n, i, k;
	bool			 wanted;
	enum err		 e;

	*nsets = 0;
	*bad = NULL;
	if ((e = mapstore_list(db, p, &info, &n)) != ERR_OK)
		return e;
	for (k = 0; k < nfilter; k++) {
		for (i = 0; i < n && strcmp(info[i].name, filter[k]) != 0; i++)
			;
		if (i == n) {
			*bad = filter[k];
			return ERR_INVALID;
		}
	}
	for (i = 0; i < n && *nsets < MODEL_GAP_SETS_MAX; i++) {
		wanted = nfilter == 0;
		for (k = 0; k < nfilter && !wanted; k++)
			wanted = strcmp(info[i].name, filter[k]) == 0;
		if (!wanted)
			continue;
		e = cache != NULL ?
		    mapcache_get(cache, db, p, &info[i], &sets[*nsets]) :
		    mapstore_get(db, p, &info[i], &sets[*nsets]);
		if (e != ERR_OK)
			return e;
		(*nsets)++;
	}
	return ERR_OK;
}

enum err
model_gap_context(struct db *db, struct pool *p, struct mapcache *cache,
    const char *org,
    const char *as_of, const char *const *filter, size_t nfilter,
    struct gap_context *g, const char **bad)
{
	enum err	e;

	memset(g, 0, sizeof(*g));
	*bad = NULL;
	if (!valid_date(as_of, &g->as_of))
		return ERR_INVALID;
	g->as_of_text = as_of;
	if ((e = model_org(db, p, org, &g->org)) != ERR_OK)
		return e;
	if ((e = model_mapsets(db, p, cache, filter, nfilter, g->sets, &g->nsets,
	    bad)) != ERR_OK)
		return e;
	return load_sources(db, p, g);
}

enum err
model_gap_target(struct db *db, struct pool *p, const struct gap_context *g,
    const char *target, struct gap_answer *a)
{
	struct control_row	*rows;
	size_t			 n, i;
	enum err		 e;

	memset(a, 0, sizeof(*a));
	a->target = target;
	if ((e = model_controls(db, p, target, NULL, &rows, &n)) != ERR_OK)
		return e;
	if ((a->targets = pool_calloc(p, n + 1, sizeof(*a->targets))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < n; i++) {
		a->targets[i].id = rows[i].id;
		a->targets[i].title = rows[i].title;
		a->targets[i].group_id = rows[i].group_id;
	}
	a->ntargets = n;
	if ((e = gap_resolve(p, g->org.source_fw, target, g->sets, g->nsets,
	    &a->edges)) != ERR_OK)
		return e;
	return gap_compute(p, a->targets, a->ntargets, g->sources, g->nsources,
	    &a->edges, g->as_of, &a->result);
}

/* True when a and b resolve targets through the same mapping sets. */
static bool
same_sets(const struct gap_context *a, const struct gap_context *b)
{
	size_t	i;

	if (strcmp(a->org.source_fw, b->org.source_fw) != 0 ||
	    a->nsets != b->nsets)
		return false;
	for (i = 0; i < a->nsets; i++)
		if (a->sets[i] != b->sets[i])
			return false;
	return true;
}

enum err
model_gap_target_again(struct db *db, struct pool *p,
    const struct gap_context *g, const struct gap_context *prev_g,
    const struct gap_answer *prev, struct gap_answer *a)
{
	if (!same_sets(g, prev_g))
		return model_gap_target(db, p, g, prev->target, a);
	memset(a, 0, sizeof(*a));
	a->target = prev->target;
	a->targets = prev->targets;
	a->ntargets = prev->ntargets;
	a->edges = prev->edges;
	return gap_compute(p, a->targets, a->ntargets, g->sources, g->nsources,
	    &a->edges, g->as_of, &a->result);
}

/* True when set s links frameworks a and b, in either direction. */
static bool
set_links(const struct mapset *s, const char *a, const char *b)
{
	return (strcmp(s->source_fw, a) == 0 && strcmp(s->target_fw, b) == 0) ||
	    (strcmp(s->source_fw, b) == 0 && strcmp(s->target_fw, a) == 0);
}

/* True when some set links a and b. */
static bool
linked(const struct gap_context *g, const char *a, const char *b)
{
	size_t	i;

	for (i = 0; i < g->nsets; i++)
		if (set_links(g->sets[i], a, b))
			return true;
	return false;
}

/*
 * True when f is reached from the source: a set links them, or a set
 * links the source to a pivot that another set links to f.
 */
static bool
reached(const struct gap_context *g, const char *f)
{
	const char	*src = g->org.source_fw, *pivot;
	size_t		 i, k;

	if (linked(g, src, f))
		return true;
	for (i = 0; i < g->nsets; i++)
		for (k = 0; k < 2; k++) {
			pivot = k == 0 ? g->sets[i]->source_fw :
			    g->sets[i]->target_fw;
			if (strcmp(pivot, src) != 0 && strcmp(pivot, f) != 0 &&
			    linked(g, src, pivot) && linked(g, pivot, f))
				return true;
		}
	return false;
}

size_t
model_gap_targets(const struct gap_context *g, const char **targets,
    size_t max)
{
	const char	*cand[2];
	size_t		 n = 0, i, k, x;
	bool		 seen;

	for (i = 0; i < g->nsets; i++) {
		cand[0] = g->sets[i]->source_fw;
		cand[1] = g->sets[i]->target_fw;
		for (k = 0; k < 2; k++) {
			if (strcmp(cand[k], g->org.source_fw) == 0)
				continue;
			for (seen = false, x = 0; x < n; x++)
				seen = seen || strcmp(targets[x], cand[k]) == 0;
			/* Sets of other programmes take no place here. */
			if (!seen && n < max && reached(g, cand[k]))
				targets[n++] = cand[k];
		}
	}
	return n;
}
