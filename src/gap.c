#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gap.h"
#include "pool.h"

static const char *const state_names[] = {
	[GAP_STATE_NONE] = "none",
	[GAP_STATE_PARTIAL] = "partial",
	[GAP_STATE_FULL] = "full",
	[GAP_STATE_NA] = "n/a",
};

static const char *const status_names[] = {
	[GAP_GAP] = "gap",
	[GAP_PARTIAL] = "partial",
	[GAP_COVERED] = "covered",
	[GAP_NOT_APPLICABLE] = "not-applicable",
	[GAP_UNMAPPED] = "unmapped",
};

const char *
gap_state_name(enum gap_state s)
{
	return (unsigned)s <= GAP_STATE_NA ? state_names[s] : "?";
}

const char *
gap_status_name(enum gap_status s)
{
	return (unsigned)s <= GAP_UNMAPPED ? status_names[s] : "?";
}

static bool
is_equal(enum rel r)
{
	return r == REL_EQUAL || r == REL_EQUIVALENT;
}

/*
 * Composition (docs/gap-semantics.md, section 1).  Writing "s sup p"
 * for s superset of p: equal/equivalent on either side leave the other
 * relationship; sup then sup is sup; sub then sub is sub; sup then sub,
 * sup then intersects and intersects then sub are intersects (s and t
 * share p, or p's overlap with t).  Every other pair implies nothing.
 */
bool
gap_compose(enum rel r1, enum rel r2, enum rel *out)
{
	if (r1 == REL_NONE || r2 == REL_NONE)
		return false;
	if (is_equal(r1)) {
		*out = r2;
		return true;
	}
	if (is_equal(r2)) {
		*out = r1;
		return true;
	}
	if (r1 == REL_SUPERSET && r2 == REL_SUPERSET) {
		*out = REL_SUPERSET;
		return true;
	}
	if (r1 == REL_SUBSET && r2 == REL_SUBSET) {
		*out = REL_SUBSET;
		return true;
	}
	if ((r1 == REL_SUPERSET && (r2 == REL_SUBSET || r2 == REL_INTERSECTS)) ||
	    (r1 == REL_INTERSECTS && r2 == REL_SUBSET)) {
		*out = REL_INTERSECTS;
		return true;
	}
	return false;
}

/* A growable edge list in the pool. */
struct edge_list {
	struct pool	*pool;
	struct gap_edge	*v;
	size_t		 n;
	size_t		 cap;
};

static enum err
edge_push(struct edge_list *l, const struct gap_edge *e)
{
	struct gap_edge	*nv;
	size_t		 ncap;

	if (l->n == l->cap) {
		ncap = l->cap == 0 ? 64 : l->cap * 2;
		if ((nv = pool_calloc(l->pool, ncap, sizeof(*nv))) == NULL)
			return ERR_NOMEM;
		if (l->n > 0)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = *e;
	return ERR_OK;
}

/* Appends the edges of set, read backwards when `backward`. */
static enum err
edges_of_set(struct edge_list *l, const struct mapset *set, bool backward)
{
	const struct mapping_row	*r;
	struct gap_edge			 e;
	size_t				 i;
	enum err			 err;

	for (i = 0; i < set->n; i++) {
		r = &set->rows[i];
		if (r->rel == REL_NONE)
			continue;
		memset(&e, 0, sizeof(e));
		e.source = backward ? r->target_control : r->source_control;
		e.target = backward ? r->source_control : r->target_control;
		e.rel = backward ? mapset_rel_reverse(r->rel) : r->rel;
		e.strength = r->strength;
		e.set = set->name;
		e.row1 = r;
		if ((err = edge_push(l, &e)) != ERR_OK)
			return err;
	}
	return ERR_OK;
}

/*
 * The edges of one step A->B: the A->B sets if any, else the B->A sets
 * backwards.  *kind says which (GAP_NONE_FOUND when neither exists).
 */
static enum err
step_edges(struct edge_list *l, const char *A, const char *B,
    struct mapset *const *sets, size_t n, int *kind)
{
	size_t		i;
	enum err	e;

	*kind = GAP_NONE_FOUND;
	for (i = 0; i < n; i++)
		if (strcmp(sets[i]->source_fw, A) == 0 &&
		    strcmp(sets[i]->target_fw, B) == 0) {
			*kind = GAP_DIRECT;
			if ((e = edges_of_set(l, sets[i], false)) != ERR_OK)
				return e;
		}
	if (*kind != GAP_NONE_FOUND)
		return ERR_OK;
	for (i = 0; i < n; i++)
		if (strcmp(sets[i]->source_fw, B) == 0 &&
		    strcmp(sets[i]->target_fw, A) == 0) {
			*kind = GAP_BACKWARD;
			if ((e = edges_of_set(l, sets[i], true)) != ERR_OK)
				return e;
		}
	return ERR_OK;
}

static int
edge_by_source(const void *a, const void *b)
{
	const struct gap_edge	*x = a, *y = b;

	return strcmp(x->source, y->source);
}

/* Adds name to the distinct list of sets used. */
static enum err
note_set(struct pool *p, struct gap_edges *out, const char *name, size_t *cap)
{
	const char	**nv;
	size_t		  i;

	for (i = 0; i < out->nsets; i++)
		if (strcmp(out->sets[i], name) == 0)
			return ERR_OK;
	if (out->nsets == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		if ((nv = pool_calloc(p, *cap, sizeof(*nv))) == NULL)
			return ERR_NOMEM;
		if (out->nsets > 0)
			memcpy(nv, out->sets, out->nsets * sizeof(*nv));
		out->sets = nv;
	}
	out->sets[out->nsets++] = name;
	return ERR_OK;
}

/* The frameworks other than S and T that some set links to X. */
static bool
touches(const struct mapset *set, const char *X, const char **other)
{
	if (strcmp(set->source_fw, X) == 0) {
		*other = set->target_fw;
		return true;
	}
	if (strcmp(set->target_fw, X) == 0) {
		*other = set->source_fw;
		return true;
	}
	return false;
}

/* Composes every path S->P->T through one pivot framework P. */
static enum err
paths_through(struct pool *p, const char *S, const char *P, const char *T,
    struct mapset *const *sets, size_t n, struct edge_list *out)
{
	struct edge_list	 first = { p, NULL, 0, 0 }, second = { p, NULL, 0, 0 };
	struct gap_edge		 key, *hit, e;
	size_t			 i, j, len;
	int			 k1, k2;
	enum rel		 r;
	char			*name;
	enum err		 err;

	if ((err = step_edges(&first, S, P, sets, n, &k1)) != ERR_OK ||
	    (err = step_edges(&second, P, T, sets, n, &k2)) != ERR_OK)
		return err;
	if (first.n == 0 || second.n == 0)
		return ERR_OK;
	qsort(second.v, second.n, sizeof(*second.v), edge_by_source);
	for (i = 0; i < first.n; i++) {
		key.source = first.v[i].target;
		hit = bsearch(&key, second.v, second.n, sizeof(*second.v),
		    edge_by_source);
		if (hit == NULL)
			continue;
		/* Back up to the first edge leaving this pivot control. */
		while (hit > second.v && strcmp(hit[-1].source, key.source) == 0)
			hit--;
		for (j = (size_t)(hit - second.v); j < second.n &&
		    strcmp(second.v[j].source, key.source) == 0; j++) {
			if (!gap_compose(first.v[i].rel, second.v[j].rel, &r))
				continue;	/* nothing follows: path dropped */
			memset(&e, 0, sizeof(e));
			e.source = first.v[i].source;
			e.target = second.v[j].target;
			e.rel = r;
			/* Strength: the lower of the two (absent counts as absent). */
			if (first.v[i].strength < 0)
				e.strength = second.v[j].strength;
			else if (second.v[j].strength < 0)
				e.strength = first.v[i].strength;
			else
				e.strength = first.v[i].strength < second.v[j].strength ?
				    first.v[i].strength : second.v[j].strength;
			len = strlen(first.v[i].set) + strlen(second.v[j].set) + 4;
			if ((name = pool_alloc(p, len)) == NULL)
				return ERR_NOMEM;
			snprintf(name, len, "%s + %s", first.v[i].set,
			    second.v[j].set);
			e.set = name;
			e.pivot = key.source;
			e.row1 = first.v[i].row1;
			e.row2 = second.v[j].row1;
			if ((err = edge_push(out, &e)) != ERR_OK)
				return err;
		}
	}
	return ERR_OK;
}

enum err
gap_resolve(struct pool *p, const char *S, const char *T,
    struct mapset *const *sets, size_t n, struct gap_edges *out)
{
	struct edge_list	 l = { p, NULL, 0, 0 };
	const char		*pivots[64], *other, *o2;
	size_t			 npivots = 0, i, j, k, cap = 0;
	int			 kind;
	bool			 seen, reaches_t;
	enum err		 e;

	memset(out, 0, sizeof(*out));
	if ((e = step_edges(&l, S, T, sets, n, &kind)) != ERR_OK)
		return e;
	if (kind == GAP_NONE_FOUND) {
		/* Pivots: frameworks linked both to S and to T. */
		for (i = 0; i < n; i++) {
			if (!touches(sets[i], S, &other) || strcmp(other, T) == 0)
				continue;
			reaches_t = false;
			for (j = 0; j < n && !reaches_t; j++)
				reaches_t = touches(sets[j], T, &o2) &&
				    strcmp(o2, other) == 0;
			if (!reaches_t)
				continue;
			for (seen = false, k = 0; k < npivots; k++)
				seen = seen || strcmp(pivots[k], other) == 0;
			if (!seen && npivots < 64)
				pivots[npivots++] = other;
		}
		for (k = 0; k < npivots; k++)
			if ((e = paths_through(p, S, pivots[k], T, sets, n,
			    &l)) != ERR_OK)
				return e;
		kind = l.n > 0 ? GAP_PATH : GAP_NONE_FOUND;
	}
	out->edges = l.v;
	out->n = l.n;
	out->kind = kind;
	for (i = 0; i < l.n; i++)
		if ((e = note_set(p, out, l.v[i].set, &cap)) != ERR_OK)
			return e;
	return ERR_OK;
}

enum gap_state
gap_state_design(const struct gap_source *s)
{
	if (s == NULL || !s->has_entry)
		return GAP_STATE_NONE;
	if (!s->applicable)
		return GAP_STATE_NA;
	switch (s->impl) {
	case GAP_IMPL_IMPLEMENTED:
		return GAP_STATE_FULL;
	case GAP_IMPL_PARTIAL:
		return GAP_STATE_PARTIAL;
	default:
		return GAP_STATE_NONE;
	}
}

/*
 * The design state, lowered one level (full -> partial -> none) when the
 * latest review is partially-effective, when no review falls in the 365
 * days before as_of (as_of - reviewed_at <= 365), or when no evidence is
 * current (valid at as_of and collected after the latest change event).
 * A latest review of ineffective makes it none.
 */
enum gap_state
gap_state_assured(const struct gap_source *s, int32_t as_of)
{
	enum gap_state	d = gap_state_design(s);
	bool		lower;

	if (d == GAP_STATE_NA || d == GAP_STATE_NONE)
		return d;
	if (s->latest_review == GAP_REVIEW_INEFFECTIVE)
		return GAP_STATE_NONE;
	lower = s->latest_review == GAP_REVIEW_PARTIALLY_EFFECTIVE ||
	    s->latest_review == GAP_REVIEW_NONE ||
	    (int64_t)as_of - s->latest_review_day > GAP_REVIEW_WINDOW ||
	    s->latest_valid_evidence_day == GAP_NO_DAY ||
	    (s->latest_change_day != GAP_NO_DAY &&
	    s->latest_valid_evidence_day <= s->latest_change_day);
	if (!lower)
		return d;
	return d == GAP_STATE_FULL ? GAP_STATE_PARTIAL : GAP_STATE_NONE;
}

static int
source_cmp(const void *a, const void *b)
{
	const struct gap_source	*x = a, *y = b;

	return strcmp(x->control, y->control);
}

static int
edge_by_target(const void *a, const void *b)
{
	const struct gap_edge	*x = *(const struct gap_edge *const *)a;
	const struct gap_edge	*y = *(const struct gap_edge *const *)b;
	int			 c;

	if ((c = strcmp(x->target, y->target)) != 0)
		return c;
	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	return strcmp(x->set, y->set);
}

/*
 * A contribution: the source's state, capped at partial for a part, and
 * at none for a marginal part (a subset or an overlap of strength
 * GAP_MARGINAL_STRENGTH or less), which is recorded but never coverage.
 */
static enum gap_state
capped(enum gap_state s, const struct gap_edge *edge)
{
	if (edge->rel != REL_SUBSET && edge->rel != REL_INTERSECTS)
		return s;
	if (s == GAP_STATE_NA)
		return s;
	if (edge->strength >= 0 && edge->strength <= GAP_MARGINAL_STRENGTH)
		return GAP_STATE_NONE;
	return s == GAP_STATE_FULL ? GAP_STATE_PARTIAL : s;
}

/* Best contribution -> status (docs/gap-semantics.md, section 3). */
static enum gap_status
status_of(const struct gap_contrib *c, size_t n, bool assured)
{
	enum gap_state	best = GAP_STATE_NA, s;
	size_t		i;

	if (n == 0)
		return GAP_UNMAPPED;
	for (i = 0; i < n; i++) {
		s = capped(assured ? c[i].assured : c[i].design, c[i].edge);
		if (s == GAP_STATE_NA)
			continue;
		if (best == GAP_STATE_NA || s > best)
			best = s;
	}
	switch (best) {
	case GAP_STATE_FULL:
		return GAP_COVERED;
	case GAP_STATE_PARTIAL:
		return GAP_PARTIAL;
	case GAP_STATE_NONE:
		return GAP_GAP;
	default:
		return GAP_NOT_APPLICABLE;
	}
}

void
gap_score_add(struct gap_score *sc, enum gap_status st)
{
	switch (st) {
	case GAP_COVERED: sc->covered++; break;
	case GAP_PARTIAL: sc->partial++; break;
	case GAP_GAP: sc->gap++; break;
	case GAP_NOT_APPLICABLE: sc->not_applicable++; break;
	case GAP_UNMAPPED: sc->unmapped++; break;
	}
}

void
gap_score_finish(struct gap_score *sc)
{
	double	d = (double)(sc->covered + sc->partial + sc->gap);

	sc->defined = d > 0;
	sc->coverage = d > 0 ? ((double)sc->covered + 0.5 * (double)sc->partial) / d : 0;
	sc->strict = d > 0 ? (double)sc->covered / d : 0;
}

enum err
gap_compute(struct pool *p, const struct gap_target *targets, size_t nt,
    const struct gap_source *sources, size_t ns, const struct gap_edges *edges,
    int32_t as_of, struct gap_result *res)
{
	const struct gap_edge	**byt;
	const struct gap_source	 *src;
	struct gap_source	  key;
	struct gap_row		 *row;
	size_t			  i, lo, hi, mid, k;

	memset(res, 0, sizeof(*res));
	if ((res->rows = pool_calloc(p, nt + 1, sizeof(*res->rows))) == NULL ||
	    (byt = pool_calloc(p, edges->n + 1, sizeof(*byt))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < edges->n; i++)
		byt[i] = &edges->edges[i];
	qsort(byt, edges->n, sizeof(*byt), edge_by_target);
	res->n = nt;
	for (i = 0; i < nt; i++) {
		row = &res->rows[i];
		row->target = &targets[i];
		/* The edges into this target: a range of the sorted list. */
		lo = 0;
		hi = edges->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(byt[mid]->target, targets[i].id) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (hi = lo; hi < edges->n &&
		    strcmp(byt[hi]->target, targets[i].id) == 0; hi++)
			;
		row->ncontribs = hi - lo;
		if ((row->contribs = pool_calloc(p, row->ncontribs + 1,
		    sizeof(*row->contribs))) == NULL)
			return ERR_NOMEM;
		for (k = 0; k < row->ncontribs; k++) {
			row->contribs[k].edge = byt[lo + k];
			key.control = byt[lo + k]->source;
			src = bsearch(&key, sources, ns, sizeof(*sources),
			    source_cmp);
			row->contribs[k].design = gap_state_design(src);
			row->contribs[k].assured = src != NULL ?
			    gap_state_assured(src, as_of) : GAP_STATE_NONE;
		}
		row->design = status_of(row->contribs, row->ncontribs, false);
		row->assured = status_of(row->contribs, row->ncontribs, true);
		gap_score_add(&res->design, row->design);
		gap_score_add(&res->assured, row->assured);
	}
	gap_score_finish(&res->design);
	gap_score_finish(&res->assured);
	return ERR_OK;
}
