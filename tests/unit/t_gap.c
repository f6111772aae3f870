/*
 * The gap engine (docs/gap-semantics.md) on small hand-made catalogs.
 * Every expected number is worked out by hand in the comments.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gap.h"
#include "mapset.h"
#include "model_gap.h"
#include "pool.h"
#include "pct.h"
#include "present.h"
#include "tests.h"
#include "valid.h"

#define ASOF	valid_days_from_civil(2026, 6, 30)
#define DAY(y, m, d)	valid_days_from_civil(y, m, d)

static struct mapset *
mkset(struct pool *p, const char *name, const char *src, const char *dst)
{
	struct mapset	*s = mapset_new(p);

	s->name = name;
	s->source_fw = src;
	s->target_fw = dst;
	s->provenance = "unit test";
	return s;
}

static void
row(struct mapset *s, const char *a, const char *b, enum rel r, int strength)
{
	struct mapping_row	m;

	memset(&m, 0, sizeof(m));
	m.source_control = a;
	m.target_control = b;
	m.rel = r;
	m.strength = strength;
	m.line = s->n + 1;
	CU_ASSERT_EQUAL_FATAL(mapset_add(s, &m), ERR_OK);
}

/* A source control with a good review and current evidence. */
static struct gap_source
good(const char *id, enum gap_impl impl)
{
	struct gap_source	s;

	memset(&s, 0, sizeof(s));
	s.control = id;
	s.has_entry = true;
	s.applicable = true;
	s.impl = impl;
	s.latest_review = GAP_REVIEW_EFFECTIVE;
	s.latest_review_day = DAY(2026, 5, 1);
	s.latest_valid_evidence_day = DAY(2026, 4, 1);
	s.latest_change_day = DAY(2026, 1, 1);
	return s;
}

static void
compose_table(void)
{
	static const struct {
		enum rel	a, b;
		bool		ok;
		enum rel	out;
	} cases[] = {
		{ REL_EQUAL, REL_SUBSET, true, REL_SUBSET },
		{ REL_EQUIVALENT, REL_INTERSECTS, true, REL_INTERSECTS },
		{ REL_SUPERSET, REL_EQUAL, true, REL_SUPERSET },
		{ REL_SUBSET, REL_EQUIVALENT, true, REL_SUBSET },
		{ REL_EQUAL, REL_EQUIVALENT, true, REL_EQUIVALENT },
		{ REL_SUPERSET, REL_SUPERSET, true, REL_SUPERSET },
		{ REL_SUBSET, REL_SUBSET, true, REL_SUBSET },
		{ REL_SUPERSET, REL_SUBSET, true, REL_INTERSECTS },
		{ REL_SUPERSET, REL_INTERSECTS, true, REL_INTERSECTS },
		{ REL_INTERSECTS, REL_SUBSET, true, REL_INTERSECTS },
		{ REL_SUBSET, REL_SUPERSET, false, REL_NONE },
		{ REL_SUBSET, REL_INTERSECTS, false, REL_NONE },
		{ REL_INTERSECTS, REL_SUPERSET, false, REL_NONE },
		{ REL_INTERSECTS, REL_INTERSECTS, false, REL_NONE },
		{ REL_NONE, REL_EQUAL, false, REL_NONE },
		{ REL_EQUAL, REL_NONE, false, REL_NONE },
	};
	size_t		i;
	enum rel	r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = REL_NONE;
		CU_ASSERT_EQUAL(gap_compose(cases[i].a, cases[i].b, &r), cases[i].ok);
		if (cases[i].ok)
			CU_ASSERT_EQUAL(r, cases[i].out);
	}
	CU_ASSERT_EQUAL(mapset_rel_reverse(REL_SUBSET), REL_SUPERSET);
	CU_ASSERT_EQUAL(mapset_rel_reverse(REL_SUPERSET), REL_SUBSET);
	CU_ASSERT_EQUAL(mapset_rel_reverse(REL_INTERSECTS), REL_INTERSECTS);
	CU_ASSERT_EQUAL(mapset_rel_reverse(REL_EQUAL), REL_EQUAL);
}

static void
design_states(void)
{
	struct gap_source	s = good("x", GAP_IMPL_IMPLEMENTED);

	CU_ASSERT_EQUAL(gap_state_design(&s), GAP_STATE_FULL);
	s.impl = GAP_IMPL_PARTIAL;
	CU_ASSERT_EQUAL(gap_state_design(&s), GAP_STATE_PARTIAL);
	s.impl = GAP_IMPL_PLANNED;
	CU_ASSERT_EQUAL(gap_state_design(&s), GAP_STATE_NONE);
	s.impl = GAP_IMPL_NOT_IMPLEMENTED;
	CU_ASSERT_EQUAL(gap_state_design(&s), GAP_STATE_NONE);
	s.applicable = false;
	CU_ASSERT_EQUAL(gap_state_design(&s), GAP_STATE_NA);
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_NA);
	s.has_entry = false;		/* no SoA entry at all */
	CU_ASSERT_EQUAL(gap_state_design(&s), GAP_STATE_NONE);
	CU_ASSERT_EQUAL(gap_state_design(NULL), GAP_STATE_NONE);
}

static void
assured_states(void)
{
	struct gap_source	s = good("x", GAP_IMPL_IMPLEMENTED);

	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_FULL);
	/* latest review partially-effective: one level down */
	s.latest_review = GAP_REVIEW_PARTIALLY_EFFECTIVE;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_PARTIAL);
	/* ineffective: none, whatever the design */
	s.latest_review = GAP_REVIEW_INEFFECTIVE;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_NONE);
	s = good("x", GAP_IMPL_PARTIAL);
	s.latest_review = GAP_REVIEW_INEFFECTIVE;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_NONE);
	/* partial design lowered once is none */
	s.latest_review = GAP_REVIEW_PARTIALLY_EFFECTIVE;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_NONE);
	/* several reasons still lower one level only */
	s = good("x", GAP_IMPL_IMPLEMENTED);
	s.latest_review = GAP_REVIEW_PARTIALLY_EFFECTIVE;
	s.latest_valid_evidence_day = GAP_NO_DAY;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_PARTIAL);
	/* review window: 365 days before as_of still counts, 366 does not */
	s = good("x", GAP_IMPL_IMPLEMENTED);
	s.latest_review_day = ASOF - 365;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_FULL);
	s.latest_review_day = ASOF - 366;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_PARTIAL);
	s.latest_review = GAP_REVIEW_NONE;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_PARTIAL);
	/* evidence must be collected after the latest change event */
	s = good("x", GAP_IMPL_IMPLEMENTED);
	s.latest_change_day = s.latest_valid_evidence_day;	/* same day */
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_PARTIAL);
	s.latest_change_day = s.latest_valid_evidence_day - 1;
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_FULL);
	s.latest_change_day = GAP_NO_DAY;			/* no changes */
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_FULL);
	s.latest_valid_evidence_day = GAP_NO_DAY;		/* no evidence */
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_PARTIAL);
	/* planned stays none */
	s = good("x", GAP_IMPL_PLANNED);
	CU_ASSERT_EQUAL(gap_state_assured(&s, ASOF), GAP_STATE_NONE);
}

/* Finds the edge s -> t in e, or NULL. */
static const struct gap_edge *
edge(const struct gap_edges *e, const char *s, const char *t)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->edges[i].source, s) == 0 &&
		    strcmp(e->edges[i].target, t) == 0)
			return &e->edges[i];
	return NULL;
}

static void
resolve_prefers_direct_then_backward(void)
{
	struct pool		*p = pool_new();
	struct mapset		*st = mkset(p, "S-to-T", "S", "T");
	struct mapset		*ts = mkset(p, "T-to-S", "T", "S");
	struct mapset		*sets[2];
	struct gap_edges	 e;
	const struct gap_edge	*x;

	row(st, "s1", "t1", REL_SUBSET, 7);
	row(st, "s2", "t2", REL_NONE, -1);
	row(ts, "t9", "s9", REL_SUBSET, 4);
	sets[0] = st;
	sets[1] = ts;
	/* S->T exists: only it is used; no-relationship rows drop out */
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "T", sets, 2, &e), ERR_OK);
	CU_ASSERT_EQUAL(e.kind, GAP_DIRECT);
	CU_ASSERT_EQUAL(e.n, 1);
	CU_ASSERT_PTR_NOT_NULL(edge(&e, "s1", "t1"));
	CU_ASSERT_PTR_NULL(edge(&e, "s9", "t9"));
	CU_ASSERT_EQUAL(e.nsets, 1);
	CU_ASSERT_STRING_EQUAL(e.sets[0], "S-to-T");
	/* only T->S: read backwards, subset becomes superset */
	sets[0] = ts;
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "T", sets, 1, &e), ERR_OK);
	CU_ASSERT_EQUAL(e.kind, GAP_BACKWARD);
	x = edge(&e, "s9", "t9");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->rel, REL_SUPERSET);
	CU_ASSERT_EQUAL(x->strength, 4);
	CU_ASSERT_PTR_NULL(x->pivot);
	/* nothing at all */
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "X", sets, 1, &e), ERR_OK);
	CU_ASSERT_EQUAL(e.kind, GAP_NONE_FOUND);
	CU_ASSERT_EQUAL(e.n, 0);
	pool_free(p);
}

static void
resolve_two_step_paths(void)
{
	struct pool		*p = pool_new();
	struct mapset		*sp = mkset(p, "A", "S", "P");
	struct mapset		*pt = mkset(p, "B", "P", "T");
	struct mapset		*qs = mkset(p, "C", "Q", "S");	/* backwards step */
	struct mapset		*tq = mkset(p, "D", "T", "Q");	/* backwards step */
	struct mapset		*sets[4];
	struct gap_edges	 e;
	const struct gap_edge	*x;

	row(sp, "s1", "p1", REL_SUPERSET, 8);
	row(sp, "s2", "p2", REL_EQUAL, 9);
	row(sp, "s3", "p3", REL_SUBSET, 6);
	row(pt, "p1", "t1", REL_SUBSET, 5);	/* sup then sub: intersects */
	row(pt, "p2", "t2", REL_SUPERSET, -1);	/* equal then sup: sup */
	row(pt, "p3", "t3", REL_SUPERSET, 7);	/* sub then sup: dropped */
	row(pt, "p1", "t4", REL_SUPERSET, 10);	/* sup then sup: sup */
	row(pt, "p1", "t5", REL_NONE, -1);	/* never composes */
	/* Through Q, both steps stored the other way round:
	 * q1 sub s4 read back is s4 sup q1; t6 sub q1 read back is q1 sup t6;
	 * so s4 sup t6. */
	row(qs, "q1", "s4", REL_SUBSET, 3);
	row(tq, "t6", "q1", REL_SUBSET, 9);
	sets[0] = sp;
	sets[1] = pt;
	sets[2] = qs;
	sets[3] = tq;
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "T", sets, 4, &e), ERR_OK);
	CU_ASSERT_EQUAL(e.kind, GAP_PATH);
	CU_ASSERT_EQUAL(e.n, 4);
	x = edge(&e, "s1", "t1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->rel, REL_INTERSECTS);
	CU_ASSERT_EQUAL(x->strength, 5);	/* the lower of 8 and 5 */
	CU_ASSERT_STRING_EQUAL(x->pivot, "p1");
	CU_ASSERT_STRING_EQUAL(x->set, "A + B");
	x = edge(&e, "s2", "t2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->rel, REL_SUPERSET);
	CU_ASSERT_EQUAL(x->strength, 9);	/* one side has none */
	CU_ASSERT_PTR_NULL(edge(&e, "s3", "t3"));
	CU_ASSERT_PTR_NULL(edge(&e, "s1", "t5"));
	x = edge(&e, "s1", "t4");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->rel, REL_SUPERSET);
	x = edge(&e, "s4", "t6");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_EQUAL(x->rel, REL_SUPERSET);
	CU_ASSERT_EQUAL(x->strength, 3);
	CU_ASSERT_STRING_EQUAL(x->pivot, "q1");
	CU_ASSERT_STRING_EQUAL(x->set, "C + D");
	CU_ASSERT_EQUAL(e.nsets, 2);		/* "A + B" and "C + D" */
	/* a direct S->T set, once present, wins over every path */
	sets[3] = mkset(p, "E", "S", "T");
	row(sets[3], "s1", "t1", REL_EQUAL, 10);
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "T", sets, 4, &e), ERR_OK);
	CU_ASSERT_EQUAL(e.kind, GAP_DIRECT);
	CU_ASSERT_EQUAL(e.n, 1);
	pool_free(p);
}

static bool
near(double a, double b)
{
	return fabs(a - b) < 0.00005;
}

static void
statuses_and_scores(void)
{
	struct pool		*p = pool_new();
	struct mapset		*st = mkset(p, "S-to-T", "S", "T");
	struct mapset		*sets[1];
	struct gap_target	 t[12];
	struct gap_source	 s[7];
	struct gap_edges	 e;
	struct gap_result	 r;
	static const char	*tid[12] = { "t01", "t02", "t03", "t04", "t05",
	    "t06", "t07", "t08", "t09", "t10", "t11", "t12" };
	size_t			 i;

	for (i = 0; i < 12; i++) {
		t[i].id = tid[i];
		t[i].title = tid[i];
		t[i].group_id = "G";
	}
	/* Sources, sorted by id:
	 *   s1 implemented, all good        design full,    assured full
	 *   s2 implemented, partially-eff.  design full,    assured partial
	 *   s3 partial, all good            design partial, assured partial
	 *   s4 planned                      none,           none
	 *   s5 not applicable               n/a,            n/a
	 *   s6 implemented, no evidence     full,           partial
	 *   s7 implemented, ineffective     full,           none
	 *   s8 no SoA entry (no row)        none,           none */
	s[0] = good("s1", GAP_IMPL_IMPLEMENTED);
	s[1] = good("s2", GAP_IMPL_IMPLEMENTED);
	s[1].latest_review = GAP_REVIEW_PARTIALLY_EFFECTIVE;
	s[2] = good("s3", GAP_IMPL_PARTIAL);
	s[3] = good("s4", GAP_IMPL_PLANNED);
	s[4] = good("s5", GAP_IMPL_IMPLEMENTED);
	s[4].applicable = false;
	s[5] = good("s6", GAP_IMPL_IMPLEMENTED);
	s[5].latest_valid_evidence_day = GAP_NO_DAY;
	s[6] = good("s7", GAP_IMPL_IMPLEMENTED);
	s[6].latest_review = GAP_REVIEW_INEFFECTIVE;
	row(st, "s1", "t01", REL_EQUAL, 10);		/* covered / covered */
	row(st, "s2", "t02", REL_EQUIVALENT, 9);	/* covered / partial */
	row(st, "s1", "t03", REL_SUBSET, 5);		/* capped: partial / partial */
	row(st, "s3", "t04", REL_SUPERSET, 8);		/* partial / partial */
	row(st, "s4", "t05", REL_EQUAL, 10);		/* gap / gap */
	row(st, "s5", "t06", REL_EQUAL, 10);		/* not-applicable */
	row(st, "s5", "t07", REL_EQUAL, 10);		/* n/a is ignored ... */
	row(st, "s1", "t07", REL_INTERSECTS, 4);	/* ... capped: partial */
	row(st, "s6", "t08", REL_SUPERSET, 9);		/* covered / partial */
	row(st, "s7", "t09", REL_EQUAL, 10);		/* covered / gap */
	row(st, "s8", "t10", REL_EQUAL, 10);		/* gap / gap */
	row(st, "s1", "t11", REL_NONE, -1);		/* unmapped */
	/* t12: no row at all: unmapped */
	sets[0] = st;
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "T", sets, 1, &e), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(gap_compute(p, t, 12, s, 7, &e, ASOF, &r), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(r.n, 12);
	{
		static const enum gap_status want_d[12] = { GAP_COVERED,
		    GAP_COVERED, GAP_PARTIAL, GAP_PARTIAL, GAP_GAP,
		    GAP_NOT_APPLICABLE, GAP_PARTIAL, GAP_COVERED, GAP_COVERED,
		    GAP_GAP, GAP_UNMAPPED, GAP_UNMAPPED };
		static const enum gap_status want_a[12] = { GAP_COVERED,
		    GAP_PARTIAL, GAP_PARTIAL, GAP_PARTIAL, GAP_GAP,
		    GAP_NOT_APPLICABLE, GAP_PARTIAL, GAP_PARTIAL, GAP_GAP,
		    GAP_GAP, GAP_UNMAPPED, GAP_UNMAPPED };

		for (i = 0; i < 12; i++) {
			CU_ASSERT_EQUAL(r.rows[i].design, want_d[i]);
			CU_ASSERT_EQUAL(r.rows[i].assured, want_a[i]);
		}
	}
	CU_ASSERT_EQUAL(r.rows[6].ncontribs, 2);
	CU_ASSERT_EQUAL(r.rows[10].ncontribs, 0);
	/* Design: covered t01 t02 t08 t09 = 4, partial t03 t04 t07 = 3,
	 * gap t05 t10 = 2, n/a 1, unmapped 2.
	 * coverage = (4 + 0.5 * 3) / 9 = 0.6111, strict = 4 / 9 = 0.4444. */
	CU_ASSERT_EQUAL(r.design.covered, 4);
	CU_ASSERT_EQUAL(r.design.partial, 3);
	CU_ASSERT_EQUAL(r.design.gap, 2);
	CU_ASSERT_EQUAL(r.design.not_applicable, 1);
	CU_ASSERT_EQUAL(r.design.unmapped, 2);
	CU_ASSERT_TRUE(near(r.design.coverage, 5.5 / 9));
	CU_ASSERT_TRUE(near(r.design.strict, 4.0 / 9));
	/* Assured: covered t01 = 1, partial t02 t03 t04 t07 t08 = 5,
	 * gap t05 t09 t10 = 3.
	 * coverage = (1 + 2.5) / 9 = 0.3889, strict = 1 / 9 = 0.1111. */
	CU_ASSERT_EQUAL(r.assured.covered, 1);
	CU_ASSERT_EQUAL(r.assured.partial, 5);
	CU_ASSERT_EQUAL(r.assured.gap, 3);
	CU_ASSERT_EQUAL(r.assured.not_applicable, 1);
	CU_ASSERT_EQUAL(r.assured.unmapped, 2);
	CU_ASSERT_TRUE(near(r.assured.coverage, 3.5 / 9));
	CU_ASSERT_TRUE(near(r.assured.strict, 1.0 / 9));
	pool_free(p);
}

/*
 * A marginal part (subset or intersects of strength 2 or less) maps its
 * target but never covers it, not even partly; strength 3 is a real part;
 * a row without a strength is not marginal; n/a stays n/a.
 */
static void
marginal_parts_do_not_cover(void)
{
	struct pool		*p = pool_new();
	struct mapset		*st = mkset(p, "S-to-T", "S", "T");
	struct mapset		*sets[1];
	struct gap_target	 t[6];
	struct gap_source	 s[3];
	struct gap_edges	 e;
	struct gap_result	 r;
	static const char	*tid[6] = { "t1", "t2", "t3", "t4", "t5", "t6" };
	static const enum gap_status want[6] = { GAP_GAP, GAP_GAP,
	    GAP_PARTIAL, GAP_PARTIAL, GAP_PARTIAL, GAP_NOT_APPLICABLE };
	size_t			 i;

	for (i = 0; i < 6; i++) {
		t[i].id = tid[i];
		t[i].title = tid[i];
		t[i].group_id = "G";
	}
	s[0] = good("s1", GAP_IMPL_IMPLEMENTED);
	s[1] = good("s2", GAP_IMPL_IMPLEMENTED);
	s[1].applicable = false;
	s[2] = good("s3", GAP_IMPL_IMPLEMENTED);
	row(st, "s1", "t1", REL_INTERSECTS, 2);	/* marginal: gap */
	row(st, "s1", "t2", REL_SUBSET, 1);	/* marginal: gap */
	row(st, "s1", "t3", REL_INTERSECTS, 3);	/* a real part: partial */
	row(st, "s1", "t4", REL_INTERSECTS, -1);	/* no strength: partial */
	row(st, "s1", "t5", REL_INTERSECTS, 2);	/* the better of two ... */
	row(st, "s3", "t5", REL_SUBSET, 6);	/* ... counts: partial */
	row(st, "s2", "t6", REL_INTERSECTS, 1);	/* n/a stays n/a */
	sets[0] = st;
	CU_ASSERT_EQUAL_FATAL(gap_resolve(p, "S", "T", sets, 1, &e), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(gap_compute(p, t, 6, s, 3, &e, ASOF, &r), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(r.n, 6);
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(r.rows[i].design, want[i]);
		CU_ASSERT_EQUAL(r.rows[i].assured, want[i]);
	}
	/* (0 + 0.5 * 3) / 5 = 0.3 */
	CU_ASSERT_EQUAL(r.design.gap, 2);
	CU_ASSERT_EQUAL(r.design.unmapped, 0);
	CU_ASSERT_TRUE(near(r.design.coverage, 0.3));
	pool_free(p);
}

static void
scores_with_nothing_mapped(void)
{
	struct pool		*p = pool_new();
	struct gap_target	 t[1] = { { "t1", "t1", "G" } };
	struct gap_edges	 e;
	struct gap_result	 r;

	memset(&e, 0, sizeof(e));
	CU_ASSERT_EQUAL_FATAL(gap_compute(p, t, 1, NULL, 0, &e, ASOF, &r), ERR_OK);
	CU_ASSERT_EQUAL(r.design.unmapped, 1);
	CU_ASSERT_FALSE(r.design.defined);
	CU_ASSERT_FALSE(r.assured.defined);
	pool_free(p);
}

/* The one score function, from counts alone (docs/gap-semantics.md). */
static void
score_from_counts(void)
{
	struct gap_score	s;
	int			i;

	memset(&s, 0, sizeof(s));
	/* 5 covered, 3 partial, 2 gap, 4 n/a, 1 unmapped: (5 + 1.5) / 10. */
	for (i = 0; i < 5; i++)
		gap_score_add(&s, GAP_COVERED);
	for (i = 0; i < 3; i++)
		gap_score_add(&s, GAP_PARTIAL);
	for (i = 0; i < 2; i++)
		gap_score_add(&s, GAP_GAP);
	for (i = 0; i < 4; i++)
		gap_score_add(&s, GAP_NOT_APPLICABLE);
	gap_score_add(&s, GAP_UNMAPPED);
	gap_score_finish(&s);
	CU_ASSERT_EQUAL(s.covered, 5);
	CU_ASSERT_EQUAL(s.partial, 3);
	CU_ASSERT_EQUAL(s.gap, 2);
	CU_ASSERT_EQUAL(s.not_applicable, 4);
	CU_ASSERT_EQUAL(s.unmapped, 1);
	CU_ASSERT_TRUE(s.defined);
	CU_ASSERT_TRUE(near(s.coverage, 0.65));
	CU_ASSERT_TRUE(near(s.strict, 0.5));
	/* Only n/a and unmapped: undefined, both figures 0. */
	memset(&s, 0, sizeof(s));
	gap_score_add(&s, GAP_NOT_APPLICABLE);
	gap_score_add(&s, GAP_UNMAPPED);
	gap_score_finish(&s);
	CU_ASSERT_FALSE(s.defined);
	CU_ASSERT_EQUAL(s.coverage, 0);
	CU_ASSERT_EQUAL(s.strict, 0);
	/* All partial: one half, none strict. */
	memset(&s, 0, sizeof(s));
	gap_score_add(&s, GAP_PARTIAL);
	gap_score_finish(&s);
	CU_ASSERT_TRUE(near(s.coverage, 0.5));
	CU_ASSERT_TRUE(near(s.strict, 0));
}

/* Documents show one decimal; the rounding starts from the fraction. */
static void
percent_in_documents(void)
{
	char	t[PCT_LEN];

	CU_ASSERT_TRUE(pct_text(0.4379, t));
	CU_ASSERT_STRING_EQUAL(t, "43.8 %");
	CU_ASSERT_TRUE(pct_text(0.65, t));
	CU_ASSERT_STRING_EQUAL(t, "65.0 %");
	CU_ASSERT_TRUE(pct_text(0.0, t));
	CU_ASSERT_STRING_EQUAL(t, "0.0 %");
	CU_ASSERT_TRUE(pct_text(1.0, t));
	CU_ASSERT_STRING_EQUAL(t, "100.0 %");
	CU_ASSERT_TRUE(pct_text(2.0 / 3.0, t));
	CU_ASSERT_STRING_EQUAL(t, "66.7 %");
	/* Half a tenth rounds up: 1/16 is 6.25 %. */
	CU_ASSERT_TRUE(pct_text(1.0 / 16.0, t));
	CU_ASSERT_STRING_EQUAL(t, "6.3 %");
	/* Never more, nor less, than is true at either end. */
	CU_ASSERT_TRUE(pct_text(0.99996, t));
	CU_ASSERT_STRING_EQUAL(t, "99.9 %");
	CU_ASSERT_TRUE(pct_text(0.00004, t));
	CU_ASSERT_STRING_EQUAL(t, "<0.1 %");
	CU_ASSERT_EQUAL(pct_tenths(0.00004), 1);
	CU_ASSERT_FALSE(pct_text(-0.01, t));
	CU_ASSERT_STRING_EQUAL(t, "");
	CU_ASSERT_FALSE(pct_text(1.5, t));
	CU_ASSERT_FALSE(pct_text(NAN, t));
	CU_ASSERT_EQUAL(pct_tenths(0.4379), 438);
	CU_ASSERT_EQUAL(pct_tenths(NAN), -1);
	/* One word per status in every document. */
	CU_ASSERT_STRING_EQUAL(present_status(GAP_NOT_APPLICABLE),
	    "not applicable");
	CU_ASSERT_STRING_EQUAL(present_status(GAP_COVERED), "covered");
	CU_ASSERT_EQUAL(present_status_fill(GAP_GAP), PDF_FILL_BAD);
	CU_ASSERT_EQUAL(present_status_fill(GAP_NOT_APPLICABLE),
	    PDF_FILL_MUTED);
}

/* Sets of another programme do not make targets of this one. */
static void
targets_reached_from_the_source(void)
{
	struct mapset		 s[5];
	struct gap_context	 g;
	const char		*t[8];
	size_t			 n;

	memset(s, 0, sizeof(s));
	memset(&g, 0, sizeof(g));
	s[0].source_fw = "other-src";	/* another programme's */
	s[0].target_fw = "other-tgt";
	s[1].source_fw = "src";
	s[1].target_fw = "a";
	s[2].source_fw = "b";		/* backwards */
	s[2].target_fw = "src";
	s[3].source_fw = "a";		/* through the pivot a */
	s[3].target_fw = "c";
	s[4].source_fw = "c";		/* two pivots away */
	s[4].target_fw = "d";
	g.org.source_fw = "src";
	for (n = 0; n < 5; n++)
		g.sets[n] = &s[n];
	g.nsets = 5;
	n = model_gap_targets(&g, t, 8);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(t[0], "a");
	CU_ASSERT_STRING_EQUAL(t[1], "b");
	CU_ASSERT_STRING_EQUAL(t[2], "c");
	/* The cap counts only frameworks that are listed. */
	CU_ASSERT_EQUAL(model_gap_targets(&g, t, 2), 2);
}

static const struct unit_test tests[] = {
	{ "composition table of docs/gap-semantics.md", compose_table },
	{ "comparison targets are those the source reaches",
	    targets_reached_from_the_source },
	{ "design states", design_states },
	{ "assured states: reviews, window, evidence, changes", assured_states },
	{ "direct sets first, then backwards", resolve_prefers_direct_then_backward },
	{ "two-step paths through pivots", resolve_two_step_paths },
	{ "statuses and both scores, worked by hand", statuses_and_scores },
	{ "nothing mapped: scores undefined", scores_with_nothing_mapped },
	{ "marginal parts map a target but do not cover it",
	    marginal_parts_do_not_cover },
	{ "the score from counts", score_from_counts },
	{ "percentages and status words of documents", percent_in_documents },
	{ NULL, NULL }
};

int
suite_gap(void)
{
	return add_suite("gap", tests);
}
