/*
 * Tests of the mechanical mapping rules (maplint.c): for each rule, a set
 * with exactly that mistake gives exactly that finding on the right row,
 * its near misses give none, and a clean set gives no finding at all.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "maplint.h"
#include "mapset.h"
#include "pool.h"
#include "tests.h"

/* The catalogs the tests know: "s" has S1-S4, "t" has T1-T5. */
static bool
t_known(void *arg, const char *fw, const char *control)
{
	static const char *const s_ids[] = { "S1", "S2", "S3", "S4", NULL };
	static const char *const t_ids[] = { "T1", "T2", "T3", "T4", "T5", NULL };
	const char *const	*ids;
	size_t			 i;

	(*(int *)arg)++;
	if (strcmp(fw, "s") == 0)
		ids = s_ids;
	else if (strcmp(fw, "t") == 0)
		ids = t_ids;
	else
		return false;
	for (i = 0; ids[i] != NULL; i++)
		if (strcmp(ids[i], control) == 0)
			return true;
	return false;
}

/* A row as the tests write it; strength -1 is none, NULL strings empty. */
struct t_row {
	const char	*source;
	const char	*target;
	enum rel	 rel;
	int		 strength;
	const char	*rationale;
	const char	*note;
};

/*
 * A set "t-set" from framework s to t holding rows[0..n) of pool p; it
 * must pass mapset_check(), as every set the command checks does.
 */
static struct mapset *
t_set(struct pool *p, const struct t_row *rows, size_t n)
{
	struct mapping_row	 r;
	struct mapset		*s;
	char			 msg[256];
	size_t			 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s = mapset_new(p));
	s->name = "t-set";
	s->source_fw = "s";
	s->target_fw = "t";
	s->provenance = "written by the unit tests";
	s->origin = "t-set";
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof(r));
		r.source_control = rows[i].source;
		r.target_control = rows[i].target;
		r.rel = rows[i].rel;
		r.strength = rows[i].strength;
		r.rationale = rows[i].rationale;
		r.confidence = "medium";
		r.note = rows[i].note;
		r.line = i + 1;
		CU_ASSERT_EQUAL_FATAL(mapset_add(s, &r), ERR_OK);
	}
	if (mapset_check(s, msg, sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "test set refused: %s\n", msg);
		CU_FAIL_FATAL("the test set does not pass mapset_check");
	}
	return s;
}

/* Runs the lint on rows; *f and *n are the findings, from pool p. */
static void
t_lint(struct pool *p, const struct t_row *rows, size_t nrows,
    struct maplint_finding **f, size_t *n)
{
	struct mapset	*s = t_set(p, rows, nrows);
	int		 asked = 0;

	CU_ASSERT_EQUAL_FATAL(maplint_run(p, s, t_known, &asked, f, n), ERR_OK);
	/* Every row's source and target were looked up. */
	CU_ASSERT_EQUAL(asked, (int)(2 * nrows));
}

/* Prints the findings, for a failed test's reader. */
static void
t_show(const char *why, const struct maplint_finding *f, size_t n)
{
	size_t	i;

	fprintf(stderr, "\n%s: %zu findings\n", why, n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s -> %s: %s: %s\n", f[i].source, f[i].target,
		    maplint_rule_name(f[i].rule), f[i].message);
}

/*
 * Asserts that rows give exactly one finding: rule on source -> target,
 * its message holding every part of the NULL-ended parts.
 */
static void
t_one(const struct t_row *rows, size_t nrows, enum maplint_rule rule,
    const char *source, const char *target, const char *const *parts)
{
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	size_t			 n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	t_lint(p, rows, nrows, &f, &n);
	if (n != 1) {
		CU_FAIL("not exactly one finding");
		t_show(maplint_rule_name(rule), f, n);
	} else {
		CU_ASSERT_EQUAL(f[0].rule, rule);
		CU_ASSERT_STRING_EQUAL(f[0].source, source);
		CU_ASSERT_STRING_EQUAL(f[0].target, target);
		t_assert_holds_all("message", f[0].message, parts);
	}
	pool_free(p);
}

/* Asserts that rows give no finding. */
static void
t_clean(const struct t_row *rows, size_t nrows, const char *what)
{
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	size_t			 n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	t_lint(p, rows, nrows, &f, &n);
	if (n != 0) {
		CU_FAIL("a clean set has findings");
		t_show(what, f, n);
	}
	pool_free(p);
}

#define NROWS(a)	(sizeof(a) / sizeof((a)[0]))

/* A set that follows every rule, with every kind of row. */
static const struct t_row clean_rows[] = {
	{ "S1", "T1", REL_EQUAL, 10, "syntactic", NULL },
	{ "S1", "T2", REL_SUBSET, 6, "semantic", "T2 governs T3; S1 is in both" },
	{ "S1", "T3", REL_SUBSET, 5, "semantic", "T3 is the narrow case of T2" },
	{ "S2", "T2", REL_EQUIVALENT, 10, "semantic", "same duty, other words" },
	{ "S2", "T3", REL_SUPERSET, 10, "functional", "S2 asks for T3 and more" },
	{ "S2", "T4", REL_SUBSET, 4, "semantic", NULL },
	{ "S3", "T4", REL_INTERSECTS, 3, "semantic", "overlap on logging only" },
	{ "S3", "T5", REL_NONE, -1, NULL, "nothing in S3 asks for T5" },
	{ "S4", "T5", REL_NONE, 0, NULL, NULL },
	{ "S4", "T1", REL_EQUAL, 10, NULL, NULL },
};

static void
clean_set_has_no_findings(void)
{
	t_clean(clean_rows, NROWS(clean_rows), "clean set");
}

static void
subset_of_several_without_note(void)
{
	static const struct t_row bad[] = {
		{ "S1", "T1", REL_SUBSET, 6, "semantic", "T1 holds T2" },
		{ "S1", "T2", REL_SUBSET, 5, "semantic", NULL },
		{ "S1", "T3", REL_INTERSECTS, 3, "semantic", "a small overlap" },
	};
	static const char *const parts[] = { "subset of 2 targets", "also T1",
	    "no note", "(M1)", NULL };
	/* A note of white space only is no note. */
	static const struct t_row blank[] = {
		{ "S1", "T1", REL_SUBSET, 6, "semantic", "  \t " },
		{ "S1", "T2", REL_SUBSET, 5, "semantic", "T1 and T2 overlap here" },
	};
	/* One subset row without a note, next to other sources' subsets. */
	static const struct t_row single[] = {
		{ "S1", "T1", REL_SUBSET, 6, "semantic", NULL },
		{ "S2", "T1", REL_SUBSET, 5, "semantic", NULL },
		{ "S1", "T2", REL_INTERSECTS, 5, "semantic", NULL },
	};
	static const char *const blank_parts[] = { "also T2", NULL };

	t_one(bad, NROWS(bad), MAPLINT_SUBSET_OF_SEVERAL, "S1", "T2", parts);
	t_one(blank, NROWS(blank), MAPLINT_SUBSET_OF_SEVERAL, "S1", "T1",
	    blank_parts);
	t_clean(single, NROWS(single), "one subset per source");
}

static void
subset_of_several_names_the_others(void)
{
	static const struct t_row many[] = {
		{ "S1", "T1", REL_SUBSET, 6, "semantic", NULL },
		{ "S1", "T2", REL_SUBSET, 5, "semantic", "T1 to T5 are one family" },
		{ "S1", "T3", REL_SUBSET, 5, "semantic", "T3 sits inside T1" },
		{ "S1", "T4", REL_SUBSET, 5, "semantic", "T4 sits inside T1" },
		{ "S1", "T5", REL_SUBSET, 5, "semantic", "T5 sits inside T1" },
	};
	static const char *const parts[] = { "subset of 5 targets",
	    "also T2, T3, T4, T5)", NULL };

	t_one(many, NROWS(many), MAPLINT_SUBSET_OF_SEVERAL, "S1", "T1", parts);
}

static void
equivalent_syntactic(void)
{
	static const struct t_row rows[] = {
		{ "S2", "T2", REL_EQUIVALENT, 10, "syntactic", "same words" },
	};
	static const char *const parts[] = { "equivalent with rationale "
	    "syntactic", "equal", "(M7)", NULL };

	t_one(rows, NROWS(rows), MAPLINT_EQUIVALENT_SYNTACTIC, "S2", "T2",
	    parts);
}

static void
whole_not_full(void)
{
	static const struct t_row equal9[] = {
		{ "S1", "T1", REL_EQUAL, 9, "syntactic", "one word differs" },
	};
	static const struct t_row equivalent8[] = {
		{ "S2", "T2", REL_EQUIVALENT, 8, "semantic", "close enough" },
	};
	static const char *const equal_parts[] = { "equal with strength 9",
	    "(M8)", NULL };
	static const char *const equivalent_parts[] = {
	    "equivalent with strength 8", "subset", NULL };

	t_one(equal9, NROWS(equal9), MAPLINT_WHOLE_NOT_FULL, "S1", "T1",
	    equal_parts);
	t_one(equivalent8, NROWS(equivalent8), MAPLINT_WHOLE_NOT_FULL, "S2",
	    "T2", equivalent_parts);
}

static void
part_strength(void)
{
	static const struct t_row subset10[] = {
		{ "S1", "T2", REL_SUBSET, 10, "semantic", "all of it, really" },
	};
	static const struct t_row intersects0[] = {
		{ "S3", "T4", REL_INTERSECTS, 0, "semantic", "nothing shared" },
	};
	static const char *const subset_parts[] = { "subset with strength 10",
	    "(M9)", NULL };
	static const char *const intersects_parts[] = {
	    "intersects with strength 0", NULL };

	t_one(subset10, NROWS(subset10), MAPLINT_PART_STRENGTH, "S1", "T2",
	    subset_parts);
	t_one(intersects0, NROWS(intersects0), MAPLINT_PART_STRENGTH, "S3",
	    "T4", intersects_parts);
}

static void
superset_not_full(void)
{
	static const struct t_row nine[] = {
		{ "S2", "T3", REL_SUPERSET, 9, "semantic", "S2 asks for more" },
	};
	static const struct t_row none[] = {
		{ "S2", "T3", REL_SUPERSET, -1, "semantic", "S2 asks for more" },
	};
	static const char *const nine_parts[] = { "superset with strength 9",
	    "10", "(M2)", NULL };
	static const char *const none_parts[] = { "without a strength", NULL };

	t_one(nine, NROWS(nine), MAPLINT_SUPERSET_NOT_FULL, "S2", "T3",
	    nine_parts);
	t_one(none, NROWS(none), MAPLINT_SUPERSET_NOT_FULL, "S2", "T3",
	    none_parts);
}

static void
equal_not_syntactic(void)
{
	static const struct t_row semantic[] = {
		{ "S1", "T1", REL_EQUAL, 10, "semantic", NULL },
	};
	static const struct t_row functional[] = {
		{ "S1", "T1", REL_EQUAL, 10, "functional", NULL },
	};
	/* equivalent + semantic is the right way to say it. */
	static const struct t_row equivalent[] = {
		{ "S1", "T1", REL_EQUIVALENT, 10, "semantic", NULL },
	};
	static const char *const sem_parts[] = { "rationale semantic",
	    "equivalent", "(M3)", NULL };
	static const char *const fun_parts[] = { "rationale functional", NULL };

	t_one(semantic, NROWS(semantic), MAPLINT_EQUAL_NOT_SYNTACTIC, "S1",
	    "T1", sem_parts);
	t_one(functional, NROWS(functional), MAPLINT_EQUAL_NOT_SYNTACTIC, "S1",
	    "T1", fun_parts);
	t_clean(equivalent, NROWS(equivalent), "equivalent semantic");
}

static void
no_relationship_strength(void)
{
	static const struct t_row three[] = {
		{ "S3", "T5", REL_NONE, 3, NULL, "nothing corresponds" },
	};
	static const struct t_row one[] = {
		{ "S3", "T5", REL_NONE, 1, NULL, "nothing corresponds" },
	};
	static const char *const parts[] = { "no-relationship with strength 3",
	    "(M4)", NULL };
	static const char *const one_parts[] = { "strength 1", NULL };

	t_one(three, NROWS(three), MAPLINT_NO_RELATIONSHIP_STRENGTH, "S3", "T5",
	    parts);
	t_one(one, NROWS(one), MAPLINT_NO_RELATIONSHIP_STRENGTH, "S3", "T5",
	    one_parts);
}

static void
repeated_note(void)
{
	/* The same words in another case and spacing, on different sources. */
	static const struct t_row rows[] = {
		{ "S1", "T1", REL_INTERSECTS, 4, "semantic",
		    "  Both ask for a   key register " },
		{ "S2", "T2", REL_INTERSECTS, 4, "semantic",
		    "both ask for a key\tregister" },
		{ "S3", "T3", REL_INTERSECTS, 4, "semantic",
		    "both ask for a key register, and more" },
	};
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	size_t			 n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	t_lint(p, rows, NROWS(rows), &f, &n);
	if (n != 2) {
		CU_FAIL("want the two rows with the same note");
		t_show("repeated-note", f, n);
	} else {
		CU_ASSERT_EQUAL(f[0].rule, MAPLINT_REPEATED_NOTE);
		CU_ASSERT_EQUAL(f[1].rule, MAPLINT_REPEATED_NOTE);
		CU_ASSERT_STRING_EQUAL(f[0].source, "S1");
		CU_ASSERT_STRING_EQUAL(f[1].source, "S2");
		/* Each names the other row. */
		CU_ASSERT_PTR_NOT_NULL(strstr(f[0].message, "S2 -> T2"));
		CU_ASSERT_PTR_NOT_NULL(strstr(f[1].message, "S1 -> T1"));
		CU_ASSERT_PTR_NOT_NULL(strstr(f[1].message, "(M5)"));
	}
	pool_free(p);
}

static void
repeated_note_of_three_and_empty_notes(void)
{
	static const struct t_row rows[] = {
		{ "S1", "T1", REL_INTERSECTS, 4, "semantic", "same reason" },
		{ "S2", "T1", REL_INTERSECTS, 4, "semantic", "Same reason" },
		{ "S3", "T1", REL_INTERSECTS, 4, "semantic", "SAME REASON" },
		/* Empty notes are never compared. */
		{ "S1", "T2", REL_EQUAL, 10, "syntactic", "  " },
		{ "S2", "T2", REL_EQUAL, 10, "syntactic", NULL },
		{ "S3", "T2", REL_EQUAL, 10, "syntactic", " " },
	};
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	size_t			 n, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	t_lint(p, rows, NROWS(rows), &f, &n);
	CU_ASSERT_EQUAL(n, 3);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(f[i].rule, MAPLINT_REPEATED_NOTE);
		CU_ASSERT_STRING_EQUAL(f[i].target, "T1");
		CU_ASSERT_PTR_NOT_NULL(strstr(f[i].message, "and 1 other rows"));
	}
	if (n != 3)
		t_show("three repeats", f, n);
	pool_free(p);
}

static void
unknown_control(void)
{
	static const struct t_row src[] = {
		{ "S9", "T1", REL_INTERSECTS, 4, "semantic", "reason" },
	};
	static const struct t_row tgt[] = {
		{ "S1", "T9", REL_INTERSECTS, 4, "semantic", "reason" },
	};
	static const char *const src_parts[] = { "source control S9",
	    "catalog of s", "(M6)", NULL };
	static const char *const tgt_parts[] = { "target control T9",
	    "catalog of t", NULL };

	t_one(src, NROWS(src), MAPLINT_UNKNOWN_CONTROL, "S9", "T1", src_parts);
	t_one(tgt, NROWS(tgt), MAPLINT_UNKNOWN_CONTROL, "S1", "T9", tgt_parts);
}

/* Without a catalog callback the catalog rule is not checked. */
static void
unknown_control_needs_a_catalog(void)
{
	static const struct t_row rows[] = {
		{ "S9", "T9", REL_INTERSECTS, 4, "semantic", "reason" },
	};
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	struct mapset		*s;
	size_t			 n = 99;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	s = t_set(p, rows, NROWS(rows));
	CU_ASSERT_EQUAL(maplint_run(p, s, NULL, NULL, &f, &n), ERR_OK);
	CU_ASSERT_EQUAL(n, 0);
	pool_free(p);
}

/* Several mistakes: sorted by source, target, then rule. */
static void
findings_are_sorted(void)
{
	static const struct t_row rows[] = {
		{ "S3", "T1", REL_SUPERSET, 8, "semantic", "dup" },
		{ "S1", "T9", REL_EQUAL, 10, "semantic", "dup" },
		{ "S1", "T2", REL_NONE, 2, NULL, NULL },
	};
	static const struct {
		const char		*source, *target;
		enum maplint_rule	 rule;
	} want[] = {
		{ "S1", "T2", MAPLINT_NO_RELATIONSHIP_STRENGTH },
		{ "S1", "T9", MAPLINT_EQUAL_NOT_SYNTACTIC },
		{ "S1", "T9", MAPLINT_REPEATED_NOTE },
		{ "S1", "T9", MAPLINT_UNKNOWN_CONTROL },
		{ "S3", "T1", MAPLINT_SUPERSET_NOT_FULL },
		{ "S3", "T1", MAPLINT_REPEATED_NOTE },
	};
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	size_t			 n, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	t_lint(p, rows, NROWS(rows), &f, &n);
	CU_ASSERT_EQUAL(n, NROWS(want));
	for (i = 0; i < n && i < NROWS(want); i++) {
		CU_ASSERT_STRING_EQUAL(f[i].source, want[i].source);
		CU_ASSERT_STRING_EQUAL(f[i].target, want[i].target);
		CU_ASSERT_EQUAL(f[i].rule, want[i].rule);
	}
	if (n != NROWS(want))
		t_show("sorted", f, n);
	pool_free(p);
}

/* The names users grep for do not change. */
static void
rule_names(void)
{
	static const char *const names[MAPLINT__MAX] = {
		[MAPLINT_SUBSET_OF_SEVERAL] = "subset-of-several",
		[MAPLINT_SUPERSET_NOT_FULL] = "superset-not-full",
		[MAPLINT_EQUAL_NOT_SYNTACTIC] = "equal-not-syntactic",
		[MAPLINT_NO_RELATIONSHIP_STRENGTH] = "no-relationship-strength",
		[MAPLINT_REPEATED_NOTE] = "repeated-note",
		[MAPLINT_UNKNOWN_CONTROL] = "unknown-control",
		[MAPLINT_EQUIVALENT_SYNTACTIC] = "equivalent-syntactic",
		[MAPLINT_WHOLE_NOT_FULL] = "whole-not-full",
		[MAPLINT_PART_STRENGTH] = "part-strength",
	};
	int	i;

	for (i = 0; i < MAPLINT__MAX; i++)
		CU_ASSERT_STRING_EQUAL(maplint_rule_name((enum maplint_rule)i),
		    names[i]);
	CU_ASSERT_STRING_EQUAL(maplint_rule_name(MAPLINT__MAX), "?");
}

/* Memory running out at any allocation is reported, never a crash. */
static void
out_of_memory(void)
{
	static const struct t_row rows[] = {
		{ "S1", "T1", REL_SUBSET, 6, "semantic", NULL },
		{ "S1", "T2", REL_SUBSET, 5, "semantic", "same" },
		{ "S2", "T2", REL_SUPERSET, 5, "semantic", "Same" },
	};
	struct pool		*p = pool_new();
	struct maplint_finding	*f;
	struct mapset		*s;
	unsigned long		 k, total;
	size_t			 n;
	int			 asked = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	s = t_set(p, rows, NROWS(rows));
	/* Count the allocations of one run, then fail each in turn. */
	pool_fail_after(ULONG_MAX);
	CU_ASSERT_EQUAL_FATAL(maplint_run(p, s, t_known, &asked, &f, &n),
	    ERR_OK);
	total = ULONG_MAX - pool_fail_after(0);
	CU_ASSERT(total > 3);
	for (k = 1; k <= total; k++) {
		pool_fail_after(k);
		CU_ASSERT_EQUAL(maplint_run(p, s, t_known, &asked, &f, &n),
		    ERR_NOMEM);
		CU_ASSERT_PTR_NULL(f);
		CU_ASSERT_EQUAL(n, 0);
	}
	pool_fail_after(0);
	pool_free(p);
}

int
suite_maplint(void)
{
	static const struct unit_test tests[] = {
		{ "a clean set has no findings", clean_set_has_no_findings },
		{ "subset-of-several: a subset row without a note",
		    subset_of_several_without_note },
		{ "subset-of-several names the other targets",
		    subset_of_several_names_the_others },
		{ "superset-not-full: superset below 10 or without strength",
		    superset_not_full },
		{ "equal-not-syntactic: equal semantic or functional",
		    equal_not_syntactic },
		{ "no-relationship-strength: strength above 0",
		    no_relationship_strength },
		{ "repeated-note: same note after case and spaces",
		    repeated_note },
		{ "repeated-note: three rows; empty notes not compared",
		    repeated_note_of_three_and_empty_notes },
		{ "unknown-control: source and target ids",
		    unknown_control },
		{ "unknown-control is skipped without a catalog",
		    unknown_control_needs_a_catalog },
		{ "equivalent-syntactic: the same words are equal",
		    equivalent_syntactic },
		{ "whole-not-full: equal or equivalent below 10", whole_not_full },
		{ "part-strength: subset or intersects of 0 or 10",
		    part_strength },
		{ "findings sorted by source, target, rule", findings_are_sorted },
		{ "rule names", rule_names },
		{ "out of memory at every allocation", out_of_memory },
		{ NULL, NULL }
	};

	return add_suite("maplint", tests);
}
