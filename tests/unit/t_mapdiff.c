/*
 * Tests of mapdiff.c: two sets side by side — pairs that agree, differ,
 * or are in one set only; a set of the other direction read backwards;
 * sets about different frameworks refused; the order of the pairs; and
 * the CSV and JSON forms.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mapdiff.h"
#include "mapset.h"
#include "pool.h"
#include "tests.h"

/* A set of pool p: name, frameworks, then rows "SRC TGT REL STRENGTH". */
static struct mapset *
t_set(struct pool *p, const char *name, const char *src, const char *tgt,
    const char *const *rows)
{
	struct mapset		*s;
	struct mapping_row	 r;
	char			 a[32], b[32], rel[32];
	int			 strength;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s = mapset_new(p));
	s->name = name;
	s->source_fw = src;
	s->target_fw = tgt;
	s->provenance = "unit test";
	s->origin = name;
	for (; *rows != NULL; rows++) {
		memset(&r, 0, sizeof(r));
		CU_ASSERT_EQUAL_FATAL(sscanf(*rows, "%31s %31s %31s %d", a, b,
		    rel, &strength), 4);
		r.source_control = a;
		r.target_control = b;
		CU_ASSERT_TRUE_FATAL(mapset_rel_parse(rel, &r.rel));
		r.strength = strength;
		r.note = "n";
		CU_ASSERT_EQUAL_FATAL(mapset_add(s, &r), ERR_OK);
	}
	return s;
}

/* The pair source, target of d, or NULL. */
static const struct mapdiff_pair *
t_pair(const struct mapdiff *d, const char *source, const char *target)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->pairs[i].source_control, source) == 0 &&
		    strcmp(d->pairs[i].target_control, target) == 0)
			return &d->pairs[i];
	return NULL;
}

static void
sorts_pairs_into_four_kinds(void)
{
	static const char *const ra[] = { "S2 T1 subset 5", "S1 T2 equal 10",
	    "S1 T1 intersects 3", "S3 T3 superset 10", NULL };
	static const char *const rb[] = { "S1 T1 intersects 6", "S2 T1 equivalent 9",
	    "S4 T1 subset 2", "S1 T2 equal 10", NULL };
	const struct mapdiff_pair	*x;
	struct pool			*p = pool_new();
	struct mapdiff			 d;
	char				 msg[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(mapdiff_compare(p,
	    t_set(p, "a", "fa", "fb", ra), t_set(p, "b", "fa", "fb", rb), &d,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_FALSE(d.b_backwards);
	CU_ASSERT_EQUAL(d.n, 5);
	CU_ASSERT_EQUAL(d.count[MAPDIFF_AGREE], 2);
	CU_ASSERT_EQUAL(d.count[MAPDIFF_DIFFER], 1);
	CU_ASSERT_EQUAL(d.count[MAPDIFF_ONLY_A], 1);
	CU_ASSERT_EQUAL(d.count[MAPDIFF_ONLY_B], 1);
	CU_ASSERT_FALSE(mapdiff_same(&d));
	/* Agreement is on the relationship: strengths 3 and 6 still agree. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S1", "T1"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_AGREE);
	CU_ASSERT_EQUAL(x->a.strength, 3);
	CU_ASSERT_EQUAL(x->b.strength, 6);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S2", "T1"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_DIFFER);
	CU_ASSERT_EQUAL(x->a.rel, REL_SUBSET);
	CU_ASSERT_EQUAL(x->b.rel, REL_EQUIVALENT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S3", "T3"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_ONLY_A);
	CU_ASSERT_PTR_NOT_NULL(x->a.row);
	CU_ASSERT_PTR_NULL(x->b.row);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S4", "T1"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_ONLY_B);
	CU_ASSERT_PTR_NULL(x->a.row);
	CU_ASSERT_EQUAL(x->b.rel, REL_SUBSET);
	/* By source, then target. */
	CU_ASSERT_STRING_EQUAL(d.pairs[0].source_control, "S1");
	CU_ASSERT_STRING_EQUAL(d.pairs[0].target_control, "T1");
	CU_ASSERT_STRING_EQUAL(d.pairs[1].target_control, "T2");
	CU_ASSERT_STRING_EQUAL(d.pairs[2].source_control, "S2");
	CU_ASSERT_STRING_EQUAL(d.pairs[3].source_control, "S3");
	CU_ASSERT_STRING_EQUAL(d.pairs[4].source_control, "S4");
	pool_free(p);
}

static void
same_sets_are_same(void)
{
	static const char *const r[] = { "S1 T1 subset 5", "S2 T2 no-relationship -1",
	    NULL };
	struct pool	*p = pool_new();
	struct mapdiff	 d;
	char		 msg[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(mapdiff_compare(p, t_set(p, "a", "fa", "fb", r),
	    t_set(p, "b", "fa", "fb", r), &d, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(d.count[MAPDIFF_AGREE], 2);
	CU_ASSERT_TRUE(mapdiff_same(&d));
	pool_free(p);
}

/* B stored fb -> fa is read from A's side: pairs swapped, subset <-> superset. */
static void
reads_the_other_direction_backwards(void)
{
	static const char *const ra[] = { "S1 T1 subset 5", "S2 T2 superset 10",
	    "S3 T3 intersects 4", "S4 T4 equal 10", NULL };
	static const char *const rb[] = { "T1 S1 superset 7", "T2 S2 superset 10",
	    "T3 S3 intersects 2", "T5 S4 equivalent 9", NULL };
	const struct mapdiff_pair	*x;
	struct pool			*p = pool_new();
	struct mapdiff			 d;
	char				 msg[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(mapdiff_compare(p,
	    t_set(p, "a", "fa", "fb", ra), t_set(p, "b", "fb", "fa", rb), &d,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_TRUE(d.b_backwards);
	CU_ASSERT_STRING_EQUAL(d.source_fw, "fa");
	CU_ASSERT_STRING_EQUAL(d.target_fw, "fb");
	/* T1 superset S1 is S1 subset T1: they agree. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S1", "T1"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_AGREE);
	CU_ASSERT_EQUAL(x->b.rel, REL_SUBSET);
	CU_ASSERT_EQUAL(x->b.row->rel, REL_SUPERSET);	/* the row as stored */
	CU_ASSERT_EQUAL(x->b.strength, 7);		/* strength kept */
	/* T2 superset S2 is S2 subset T2: not A's superset. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S2", "T2"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_DIFFER);
	CU_ASSERT_EQUAL(x->b.rel, REL_SUBSET);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S3", "T3"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_AGREE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S4", "T4"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_ONLY_A);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x = t_pair(&d, "S4", "T5"));
	CU_ASSERT_EQUAL(x->status, MAPDIFF_ONLY_B);
	CU_ASSERT_EQUAL(x->b.rel, REL_EQUIVALENT);
	CU_ASSERT_PTR_NULL(t_pair(&d, "T1", "S1"));
	CU_ASSERT_EQUAL(d.n, 5);
	pool_free(p);
}

static void
refuses_other_frameworks(void)
{
	static const char *const r[] = { "S1 T1 subset 5", NULL };
	static const struct { const char *src, *tgt; } bad[] = {
		{ "fa", "fc" }, { "fc", "fb" }, { "fc", "fa" }, { "fb", "fc" },
		{ "fc", "fd" },
	};
	struct pool	*p = pool_new();
	struct mapdiff	 d;
	char		 msg[256], want[256];
	size_t		 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg[0] = '\0';
		CU_ASSERT_EQUAL(mapdiff_compare(p, t_set(p, "set-a", "fa", "fb", r),
		    t_set(p, "set-b", bad[i].src, bad[i].tgt, r), &d, msg,
		    sizeof(msg)), ERR_INVALID);
		snprintf(want, sizeof(want), "set set-a maps fa to fb and set "
		    "set-b maps %s to %s: they are not about the same pair of "
		    "frameworks", bad[i].src, bad[i].tgt);
		CU_ASSERT_STRING_EQUAL(msg, want);
	}
	pool_free(p);
}

static void
refuses_a_pair_twice(void)
{
	static const char *const ra[] = { "S1 T1 subset 5", NULL };
	static const char *const rb[] = { "S1 T1 subset 5", "S1 T1 equal 10", NULL };
	struct pool	*p = pool_new();
	struct mapdiff	 d;
	char		 msg[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(mapdiff_compare(p, t_set(p, "a", "fa", "fb", ra),
	    t_set(p, "b", "fa", "fb", rb), &d, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(msg, "set b holds the pair S1, T1 twice");
	pool_free(p);
}

/* Running out of memory is reported, at every allocation. */
static void
reports_no_memory(void)
{
	static const char *const r[] = { "S1 T1 subset 5", "S2 T1 subset 5", NULL };
	struct pool	*p = pool_new();
	struct mapset	*a, *b;
	struct mapdiff	 d;
	char		 msg[256];
	unsigned long	 n, left;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	a = t_set(p, "a", "fa", "fb", r);
	b = t_set(p, "b", "fa", "fb", r);
	pool_fail_after(ULONG_MAX);
	CU_ASSERT_EQUAL(mapdiff_compare(p, a, b, &d, msg, sizeof(msg)), ERR_OK);
	left = pool_fail_after(0);
	for (n = 1; n <= ULONG_MAX - left; n++) {
		pool_fail_after(n);
		CU_ASSERT_EQUAL(mapdiff_compare(p, a, b, &d, msg, sizeof(msg)),
		    ERR_NOMEM);
		pool_fail_after(0);
	}
	pool_free(p);
}

static void
writes_csv_safe_for_spreadsheets(void)
{
	static const char *const ra[] = { "S1 T1 subset 5", "-S2 T1 equal 10", NULL };
	static const char *const rb[] = { "T1 S1 superset -1", "T2 S3 intersects 2",
	    NULL };
	static const char want[] =
	    "source_control,target_control,status,relationship_a,strength_a,"
	    "note_a,relationship_b,strength_b,note_b\n"
	    "\"'-S2\",T1,only-a,equal,10,n,,,\n"
	    "S1,T1,both-agree,subset,5,n,subset,,n\n"
	    "S3,T2,only-b,,,,intersects,2,n\n";
	struct pool	*p = pool_new();
	struct mapdiff	 d;
	struct buf	 b;
	char		 msg[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(mapdiff_compare(p, t_set(p, "a", "fa", "fb", ra),
	    t_set(p, "b", "fb", "fa", rb), &d, msg, sizeof(msg)), ERR_OK);
	buf_init(&b, 0);
	mapdiff_write_csv(&d, &b);
	CU_ASSERT_FALSE(buf_failed(&b));
	if (strcmp(b.data, want) != 0) {
		CU_FAIL("wrong CSV");
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", b.data, want);
	}
	buf_free(&b);
	pool_free(p);
}

static void
writes_json(void)
{
	static const char *const ra[] = { "S1 T1 subset 5", NULL };
	static const char *const rb[] = { "T1 S1 intersects 4", NULL };
	static const char *const parts[] = {
		"{\"source\":\"fa\",\"target\":\"fb\",",
		"\"a\":{\"name\":\"a\",\"source\":\"fa\",\"target\":\"fb\","
		    "\"version\":null,\"rows\":1,\"read_backwards\":false}",
		"\"b\":{\"name\":\"b\",\"source\":\"fb\",\"target\":\"fa\","
		    "\"version\":null,\"rows\":1,\"read_backwards\":true}",
		"\"same\":false",
		"\"counts\":{\"pairs\":1,\"both_agree\":0,\"both_differ\":1,"
		    "\"only_a\":0,\"only_b\":0}",
		"\"pairs\":[{\"source_control\":\"S1\",\"target_control\":\"T1\","
		    "\"status\":\"both-differ\",\"a\":{\"relationship\":\"subset\","
		    "\"strength\":5,\"confidence\":null,\"note\":\"n\"},"
		    "\"b\":{\"relationship\":\"intersects\",\"strength\":4,",
		NULL
	};
	struct pool	*p = pool_new();
	struct mapdiff	 d;
	struct buf	 b;
	char		 msg[256] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(mapdiff_compare(p, t_set(p, "a", "fa", "fb", ra),
	    t_set(p, "b", "fb", "fa", rb), &d, msg, sizeof(msg)), ERR_OK);
	buf_init(&b, 0);
	mapdiff_write_json(&d, &b);
	CU_ASSERT_FALSE(buf_failed(&b));
	t_assert_holds_all("diff JSON", b.data, parts);
	buf_free(&b);
	pool_free(p);
}

int
suite_mapdiff(void)
{
	static const struct unit_test tests[] = {
		{ "agree, differ, only in A, only in B", sorts_pairs_into_four_kinds },
		{ "identical sets are the same", same_sets_are_same },
		{ "a set of the other direction is read backwards",
		    reads_the_other_direction_backwards },
		{ "sets about other frameworks are refused", refuses_other_frameworks },
		{ "a pair twice in one set is refused", refuses_a_pair_twice },
		{ "running out of memory is reported", reports_no_memory },
		{ "CSV, formula-safe", writes_csv_safe_for_spreadsheets },
		{ "JSON", writes_json },
		{ NULL, NULL }
	};

	return add_suite("mapdiff", tests);
}
