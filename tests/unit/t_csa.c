/*
 * t_csa.c — CSA's CCM bundle reader: every reference form and bucket,
 * the relationship rule, ranges and merging, and bad input.  The
 * fixtures are small and written by hand; the counts in the comments are
 * worked out from them, reference by reference.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csa.h"
#include "mapset.h"
#include "pool.h"
#include "tests.h"

#define DATASET_NAME	"ccm-primary-dataset.json"

/* Six CCM controls in two domains, with the extra members CSA writes. */
static const char dataset[] =
    "{\"name\": \"Cloud Controls Matrix\", \"version\": \"4.0.12\","
    " \"url\": \"https://example.org/ccm\", \"domains\": ["
    " {\"id\": \"A&A\", \"title\": \"Audit & Assurance\", \"controls\": ["
    "  {\"id\": \"A&A-01\", \"title\": \"t\", \"specification\": \"s\"},"
    "  {\"id\": \"A&A-02\", \"title\": \"t\", \"specification\": \"s\","
    "   \"is_lite\": true},"
    "  {\"id\": \"A&A-03\", \"title\": \"t\", \"specification\": \"s\"}]},"
    " {\"id\": \"IAM\", \"title\": \"Identity\", \"controls\": ["
    "  {\"id\": \"IAM-01\"}, {\"id\": \"IAM-02\"}, {\"id\": \"IAM-03\"}]}]}";

/*
 * ISO/IEC 27001:2022 + 27002:2022.  Buckets, reference by reference:
 *   A&A-01 (no gap): A.5.23 taken; 27002 5.23 (d) taken, same control
 *     (merged); 5.1 clause.  One row; two things in the framework
 *     (A.5.23 and clause 5.1), so intersects 6.
 *   A&A-02 (no gap): A.5.15 taken, alone: subset 8.
 *   A&A-03 (no gap): A.5.1 and A.5.4 taken: intersects 6 each.
 *   IAM-01 (partial gap): A.5 category; 27002 5 category; 9.3.2.d
 *     clause; 10 clause; A.5.99 unknown; No Mapping; "27001: Annex"
 *     malformed; "A. 8.25" taken (A.8.25); "A 5.1" taken (A.5.1):
 *     intersects 5 each.
 *   IAM-02 (full gap): A.5.23 taken: intersects 2.
 *   IAM-03: no references.
 * references 16 = taken 8 + clause 3 + category 2 + unknown 1 +
 * no_mapping 1 + malformed 1; rows 7.
 */
static const char iso2022[] =
    "[{\"name\": \"ISO/IEC 27001:2022, 27002:2022\", \"mappings\": ["
    " {\"control_id\": \"A&A-01\", \"references\": [\"27001: A.5.23\","
    "  \"27002: 5.23 (d)\", \"27001: 5.1\"], \"gap_level\": \"No Gap\","
    "  \"addendum\": \"N/A\"},"
    " {\"control_id\": \"A&A-02\", \"references\": [\"27001: A.5.15\"],"
    "  \"gap_level\": \"No Gap\", \"addendum\": \"N/A\"},"
    " {\"control_id\": \"A&A-03\", \"references\": [\"27001: A.5.1\","
    "  \"27001: A.5.4\"], \"gap_level\": \"No Gap\", \"addendum\": \"\"},"
    " {\"control_id\": \"IAM-01\", \"references\": [\"27001: A.5\","
    "  \"27002: 5\", \"27001: 9.3.2.d\", \"27001: 10\", \"27001: A.5.99\","
    "  \"No Mapping\", \"27001: Annex\", \"27001:A. 8.25\","
    "  \"27001: A 5.1\"], \"gap_level\": \"Partial Gap\","
    "  \"addendum\": \"Line one\\r\\nline two\\u0001end\\n\"},"
    " {\"control_id\": \"IAM-02\", \"references\": [\"27001: A.5.23\"],"
    "  \"gap_level\": \"Full Gap\", \"addendum\": \"Not covered.\"},"
    " {\"control_id\": \"IAM-03\", \"references\": [],"
    "  \"gap_level\": \"partial gap\", \"addendum\": \"N/A\"}]}]";

/*
 * The 2013 combined family.  27001:2013 and 27002:2013 have no catalog
 * in annexa (other_framework); 27017 and 27018 do.
 *   A&A-01 (no gap): 27017 13.1.3 taken; 27002 13.1.3 other; 27001
 *     A.13.1.3 other.  One 27017 thing: subset 8.
 *   A&A-02 (no gap): 27017 CLD.9.5.1 and 9.2.3 (sub-items stripped)
 *     taken; 27018 18.2.1 and A.11.1 taken: intersects 6, four rows.
 *   A&A-03 (partial gap): 18.1.1-to-3 is three controls (2 expanded),
 *     "27017 - 18.1.2" the same as the second (merged), 12.4.1-to-12.4.3
 *     three more (2 expanded): 7 taken, 6 rows of intersects 5.
 *   IAM-01 (full gap): 27001 A.12.4.1-to-A.12.4.3 three other (2
 *     expanded); 27017 6.1 category (a two-level objective); CLD 6.3
 *     category; 27001 5.1 clause; "27002  6.1.1" other; 27018 12
 *     category.
 *   IAM-02 (no gap): 27019 is not in the family's name: other; 27017
 *     A.9.5.1 is not a 27017 form: unknown.
 * references 18 + expanded 6 = taken 12 + other 7 + category 3 +
 * clause 1 + unknown 1; rows 11 (27017: 9, 27018: 2).
 */
static const char iso2013[] =
    "[{\"name\": \"ISO/IEC 27001:2013,27002:2013,27017:2015,27018:2019\","
    " \"mappings\": ["
    " {\"control_id\": \"A&A-01\", \"references\": [\"27017: 13.1.3\","
    "  \"27002: 13.1.3\", \"27001: A.13.1.3\"], \"gap_level\": \"No Gap\","
    "  \"addendum\": \"N/A\"},"
    " {\"control_id\": \"A&A-02\", \"references\": [\"27017: CLD.9.5.1\","
    "  \"27017: 9.2.3 (a)-(c)\", \"27018: 18.2.1\", \"27018: A.11.1\"],"
    "  \"gap_level\": \"No Gap\", \"addendum\": \"N/A\"},"
    " {\"control_id\": \"A&A-03\", \"references\": [\"27017: 18.1.1-to-3\","
    "  \"27017 - 18.1.2\", \"27017: 12.4.1-to-12.4.3\"],"
    "  \"gap_level\": \"Partial Gap\", \"addendum\": \"\","
    "  \"Missing specification(s) in ISOs\": \"Annual review.\"},"
    " {\"control_id\": \"IAM-01\", \"references\": ["
    "  \"27001: A.12.4.1-to-A.12.4.3\", \"27017: 6.1\", \"27017: CLD 6.3\","
    "  \"27001: 5.1\", \"27002  6.1.1\", \"27018: 12\"],"
    "  \"gap_level\": \"Full Gap\", \"addendum\": \"N/A\"},"
    " {\"control_id\": \"IAM-02\", \"references\": [\"27019: 5.1\","
    "  \"27017: A.9.5.1\"], \"gap_level\": \"No Gap\", \"addendum\": \"N/A\"}"
    "]}]";

/*
 * AICPA TSC 2017 (SOC 2).
 *   A&A-01 (partial gap): CC6.1, A1.2, PI1.3, P4.2, C1.1 taken; P4.0
 *     category (a series heading); CC6 malformed; "No mapping"; CC9.9
 *     unknown.
 *   A&A-02 (no gap): CC6.1 alone: subset 8.
 * references 10 = taken 6 + category 1 + malformed 1 + no_mapping 1 +
 * unknown 1; rows 6.
 */
static const char soc2[] =
    "[{\"name\": \"AICPA TSC 2017\", \"mappings\": ["
    " {\"control_id\": \"A&A-01\", \"references\": [\"CC6.1\", \"A1.2\","
    "  \"PI1.3\", \"P4.2\", \"C1.1\", \"P4.0\", \"CC6\", \"No mapping\","
    "  \"CC9.9\"], \"gap_level\": \"Partial Gap\","
    "  \"addendum\": \"Missing specification(s) in TSC 2017:\\n'annually'.\"},"
    " {\"control_id\": \"A&A-02\", \"references\": [\"CC6.1\"],"
    "  \"gap_level\": \"No Gap\", \"addendum\": \"N/A\"}]}]";

/* A standard annexa has no catalog for: everything is other_framework. */
static const char nist[] =
    "[{\"name\": \"NIST SP 800-53 rev5\", \"mappings\": ["
    " {\"control_id\": \"A&A-01\", \"references\": [\"AC-1\", \"No Mapping\"],"
    "  \"gap_level\": \"No Gap\", \"addendum\": \"N/A\"}]}]";

static const char *const known_ids[] = {
	"iso27001-2022 A.5.1", "iso27001-2022 A.5.4", "iso27001-2022 A.5.15",
	"iso27001-2022 A.5.23", "iso27001-2022 A.8.25",
	"iso27017-2015 13.1.3", "iso27017-2015 CLD.9.5.1",
	"iso27017-2015 9.2.3", "iso27017-2015 18.1.1", "iso27017-2015 18.1.2",
	"iso27017-2015 18.1.3", "iso27017-2015 12.4.1", "iso27017-2015 12.4.2",
	"iso27017-2015 12.4.3", "iso27017-2015 9.5.1",
	"iso27018-2019 18.2.1", "iso27018-2019 A.11.1",
	"soc2-2017 CC6.1", "soc2-2017 A1.2", "soc2-2017 PI1.3",
	"soc2-2017 P4.2", "soc2-2017 C1.1",
	NULL
};

/* The test catalog: known_ids; counts its calls in *arg when not NULL. */
static bool
known(void *arg, const char *fw, const char *control)
{
	char	key[160];
	size_t	i;

	if (arg != NULL)
		(*(size_t *)arg)++;
	snprintf(key, sizeof(key), "%s %s", fw, control);
	for (i = 0; known_ids[i] != NULL; i++)
		if (strcmp(known_ids[i], key) == 0)
			return true;
	return false;
}

struct fx {
	const char	*name;
	const char	*text;
};

/* Runs csa_read over the fixtures, lengths from strlen. */
static enum err
run(struct pool *p, const struct fx *f, size_t n, const char *prefix,
    struct mapset ***sets, size_t *nsets, struct csa_counts *c, char *msg,
    size_t msgsz)
{
	const char	*names[CSA_FILES_MAX + 1], *texts[CSA_FILES_MAX + 1];
	size_t		 lens[CSA_FILES_MAX + 1], i;

	for (i = 0; i < n && i <= CSA_FILES_MAX; i++) {
		names[i] = f[i].name;
		texts[i] = f[i].text;
		lens[i] = strlen(f[i].text);
	}
	msg[0] = '\0';
	return csa_read(p, n, names, texts, lens, prefix, known, NULL, sets,
	    nsets, c, msg, msgsz);
}

/* Reads the dataset and one mappings file; fails the test on error. */
static struct mapset **
read_one(struct pool *p, const char *name, const char *text, size_t *nsets,
    struct csa_counts *c)
{
	struct fx	 f[2] = { { DATASET_NAME, dataset }, { name, text } };
	struct mapset	**sets = NULL;
	char		 msg[512];
	enum err	 e;

	e = run(p, f, 2, NULL, &sets, nsets, c, msg, sizeof(msg));
	CU_ASSERT_EQUAL(e, ERR_OK);
	if (e != ERR_OK)
		fprintf(stderr, "csa_read: %s\n", msg);
	return sets;
}

static size_t
bucket_sum(const struct csa_counts *c)
{
	return c->taken + c->clause_level + c->category_level + c->unknown +
	    c->other_framework + c->no_mapping + c->malformed;
}

static void
counts_iso2022(void)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	size_t			 n = 0;

	sets = read_one(p, "m2022.json", iso2022, &n, &c);
	CU_ASSERT_EQUAL(c.controls, 6);
	CU_ASSERT_EQUAL(c.references, 16);
	CU_ASSERT_EQUAL(c.expanded, 0);
	CU_ASSERT_EQUAL(c.taken, 8);
	CU_ASSERT_EQUAL(c.clause_level, 3);
	CU_ASSERT_EQUAL(c.category_level, 2);
	CU_ASSERT_EQUAL(c.unknown, 1);
	CU_ASSERT_EQUAL(c.other_framework, 0);
	CU_ASSERT_EQUAL(c.no_mapping, 1);
	CU_ASSERT_EQUAL(c.malformed, 1);
	CU_ASSERT_EQUAL(c.rows, 7);
	CU_ASSERT_EQUAL(bucket_sum(&c), c.references + c.expanded);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(sets[0]->target_fw, "iso27001-2022");
	CU_ASSERT_EQUAL(sets[0]->n, 7);
	pool_free(p);
}

static void
counts_iso2013(void)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	size_t			 n = 0;

	sets = read_one(p, "m2013.json", iso2013, &n, &c);
	CU_ASSERT_EQUAL(c.controls, 5);
	CU_ASSERT_EQUAL(c.references, 18);
	CU_ASSERT_EQUAL(c.expanded, 6);
	CU_ASSERT_EQUAL(c.taken, 12);
	CU_ASSERT_EQUAL(c.other_framework, 7);
	CU_ASSERT_EQUAL(c.category_level, 3);
	CU_ASSERT_EQUAL(c.clause_level, 1);
	CU_ASSERT_EQUAL(c.unknown, 1);
	CU_ASSERT_EQUAL(c.no_mapping, 0);
	CU_ASSERT_EQUAL(c.malformed, 0);
	CU_ASSERT_EQUAL(c.rows, 11);
	CU_ASSERT_EQUAL(bucket_sum(&c), c.references + c.expanded);
	/* One set per target framework, in a fixed order. */
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(sets[0]->name, "csa-ccm-v4.0.12-iso27017-2015");
	CU_ASSERT_EQUAL(sets[0]->n, 9);
	CU_ASSERT_STRING_EQUAL(sets[1]->name, "csa-ccm-v4.0.12-iso27018-2019");
	CU_ASSERT_EQUAL(sets[1]->n, 2);
	pool_free(p);
}

static void
counts_soc2_and_other(void)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	const struct mapping_row *r;
	size_t			 n = 0;

	sets = read_one(p, "soc2.json", soc2, &n, &c);
	CU_ASSERT_EQUAL(c.references, 10);
	CU_ASSERT_EQUAL(c.taken, 6);
	CU_ASSERT_EQUAL(c.category_level, 1);
	CU_ASSERT_EQUAL(c.malformed, 1);
	CU_ASSERT_EQUAL(c.no_mapping, 1);
	CU_ASSERT_EQUAL(c.unknown, 1);
	CU_ASSERT_EQUAL(bucket_sum(&c), c.references + c.expanded);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(sets[0]->target_fw, "soc2-2017");
	CU_ASSERT_EQUAL(sets[0]->n, 6);
	CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[0], "A&A-01", "PI1.3"));
	CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[0], "A&A-01", "C1.1"));
	r = mapset_find(sets[0], "A&A-02", "CC6.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_SUBSET);

	/* No catalog for the family: counted, and no set at all. */
	sets = read_one(p, "nist.json", nist, &n, &c);
	CU_ASSERT_EQUAL(c.other_framework, 1);
	CU_ASSERT_EQUAL(c.no_mapping, 1);
	CU_ASSERT_EQUAL(n, 0);
	pool_free(p);
}

/* The relationship rule of emit_rows(), case by case. */
static void
relationships(void)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	const struct mapping_row *r;
	size_t			 n = 0;

	sets = read_one(p, "m2022.json", iso2022, &n, &c);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	/* No gap, exactly one reference into the framework: subset 8. */
	r = mapset_find(sets[0], "A&A-02", "A.5.15");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_SUBSET);
	CU_ASSERT_EQUAL(r->strength, 8);
	/* No gap, several: intersects 6. */
	r = mapset_find(sets[0], "A&A-03", "A.5.4");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_INTERSECTS);
	CU_ASSERT_EQUAL(r->strength, 6);
	/* A clause also counts: one control + clause 5.1 is not "one". */
	r = mapset_find(sets[0], "A&A-01", "A.5.23");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_INTERSECTS);
	CU_ASSERT_EQUAL(r->strength, 6);
	/* Partial gap: intersects 5. */
	r = mapset_find(sets[0], "IAM-01", "A.8.25");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_INTERSECTS);
	CU_ASSERT_EQUAL(r->strength, 5);
	CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[0], "IAM-01", "A.5.1"));
	/* Full gap: intersects 2. */
	r = mapset_find(sets[0], "IAM-02", "A.5.23");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_INTERSECTS);
	CU_ASSERT_EQUAL(r->strength, 2);
	/* Unknown, category and clause references give no row. */
	CU_ASSERT_PTR_NULL(mapset_find(sets[0], "IAM-01", "A.5.99"));
	CU_ASSERT_PTR_NULL(mapset_find(sets[0], "IAM-01", "A.5"));

	sets = read_one(p, "m2013.json", iso2013, &n, &c);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	/* 27002:2013 and 27001:2013 do not count against 27017. */
	r = mapset_find(sets[0], "A&A-01", "13.1.3");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_SUBSET);
	CU_ASSERT_EQUAL(r->strength, 8);
	r = mapset_find(sets[0], "A&A-02", "CLD.9.5.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_INTERSECTS);
	CU_ASSERT_EQUAL(r->strength, 6);
	CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[0], "A&A-02", "9.2.3"));
	CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[1], "A&A-02", "18.2.1"));
	CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[1], "A&A-02", "A.11.1"));
	/* "27017: A.9.5.1" is not read as 9.5.1. */
	CU_ASSERT_PTR_NULL(mapset_find(sets[0], "IAM-02", "9.5.1"));
	pool_free(p);
}

static void
ranges_expand_and_duplicates_merge(void)
{
	static const char *const want[] = {
		"18.1.1", "18.1.2", "18.1.3", "12.4.1", "12.4.2", "12.4.3", NULL
	};
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	const struct mapping_row *r;
	size_t			 n = 0, i, k;

	sets = read_one(p, "m2013.json", iso2013, &n, &c);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	for (i = 0; want[i] != NULL; i++)
		CU_ASSERT_PTR_NOT_NULL(mapset_find(sets[0], "A&A-03", want[i]));
	for (i = 0, k = 0; i < sets[0]->n; i++)
		if (strcmp(sets[0]->rows[i].source_control, "A&A-03") == 0)
			k++;
	CU_ASSERT_EQUAL(k, 6);
	/* Rows come in the order of their first reference. */
	for (i = 0; i < sets[0]->n; i++)
		if (strcmp(sets[0]->rows[i].source_control, "A&A-03") == 0)
			break;
	CU_ASSERT_FATAL(i + 5 < sets[0]->n);
	for (k = 0; k < 6; k++)
		CU_ASSERT_STRING_EQUAL(sets[0]->rows[i + k].target_control,
		    want[k]);
	/* The merged pair names both references, as CSA wrote them. */
	r = mapset_find(sets[0], "A&A-03", "18.1.2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->note,
	    "CSA reference: 27017: 18.1.1-to-3; 27017 - 18.1.2"));
	r = mapset_find(sets[0], "A&A-03", "18.1.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NULL(strstr(r->note, "27017 - 18.1.2"));

	/* 27001:2022 A.5.23 and 27002:2022 5.23 are one control. */
	sets = read_one(p, "m2022.json", iso2022, &n, &c);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	for (i = 0, k = 0; i < sets[0]->n; i++)
		if (strcmp(sets[0]->rows[i].source_control, "A&A-01") == 0)
			k++;
	CU_ASSERT_EQUAL(k, 1);
	r = mapset_find(sets[0], "A&A-01", "A.5.23");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->note,
	    "CSA reference: 27001: A.5.23; 27002: 5.23 (d)"));
	CU_ASSERT_EQUAL(mapset_check(sets[0], (char[64]){ 0 }, 64), ERR_OK);
	pool_free(p);
}

static void
set_and_row_fields(void)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	const struct mapping_row *r;
	size_t			 n = 0;

	sets = read_one(p, "m2022.json", iso2022, &n, &c);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(sets[0]->name, "csa-ccm-v4.0.12-iso27001-2022");
	CU_ASSERT_STRING_EQUAL(sets[0]->source_fw, "ccm-v4");
	CU_ASSERT_STRING_EQUAL(sets[0]->version, "4.0.12");
	CU_ASSERT_STRING_EQUAL(sets[0]->origin, "m2022.json");
	CU_ASSERT_STRING_EQUAL(sets[0]->provenance, "Cloud Security Alliance "
	    "CCM v4.0.12 mappings (ISO/IEC 27001:2022, 27002:2022), imported "
	    "by annexa; relationships derived from CSA's per-control gap "
	    "level");
	r = mapset_find(sets[0], "IAM-01", "A.8.25");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->rationale, "semantic");
	CU_ASSERT_STRING_EQUAL(r->confidence, "medium");
	CU_ASSERT_STRING_EQUAL(r->gap_level, "partial-gap");
	/* CR LF became LF, the control character a space, the end trimmed. */
	CU_ASSERT_STRING_EQUAL(r->addendum, "Line one\nline two end");
	CU_ASSERT_STRING_EQUAL(r->note, "CSA CCM v4.0.12 mapping, gap level: "
	    "partial gap (stated per CCM control against the whole standard); "
	    "CSA reference: 27001:A. 8.25");
	CU_ASSERT_EQUAL(r->line, 4);
	r = mapset_find(sets[0], "A&A-02", "A.5.15");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->gap_level, "no-gap");
	CU_ASSERT_PTR_NULL(r->addendum);	/* "N/A" */
	r = mapset_find(sets[0], "A&A-03", "A.5.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_NULL(r->addendum);	/* "" */
	r = mapset_find(sets[0], "IAM-02", "A.5.23");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->gap_level, "full-gap");
	CU_ASSERT_STRING_EQUAL(r->addendum, "Not covered.");

	/* The stray "Missing specification(s) in ISOs" member is kept. */
	sets = read_one(p, "m2013.json", iso2013, &n, &c);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	r = mapset_find(sets[0], "A&A-03", "12.4.2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(r->addendum,
	    "Missing specification(s) in ISOs: Annual review.");
	pool_free(p);
}

static void
files_in_any_order_and_prefix(void)
{
	struct fx	 f[4] = {
		{ "soc2.json", soc2 }, { "m2013.json", iso2013 },
		{ DATASET_NAME, dataset }, { "m2022.json", iso2022 }
	};
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	char			 msg[512];
	size_t			 n = 0;

	CU_ASSERT_EQUAL_FATAL(run(p, f, 4, "ccm", &sets, &n, &c, msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_STRING_EQUAL(sets[0]->name, "ccm-soc2-2017");
	CU_ASSERT_STRING_EQUAL(sets[0]->origin, "soc2.json");
	CU_ASSERT_STRING_EQUAL(sets[1]->name, "ccm-iso27017-2015");
	CU_ASSERT_STRING_EQUAL(sets[2]->name, "ccm-iso27018-2019");
	CU_ASSERT_STRING_EQUAL(sets[3]->name, "ccm-iso27001-2022");
	CU_ASSERT_EQUAL(c.controls, 6 + 5 + 2);
	CU_ASSERT_EQUAL(c.rows, 7 + 11 + 6);
	CU_ASSERT_EQUAL(bucket_sum(&c), c.references + c.expanded);

	/* A prefix that makes names too long, or holds bad characters. */
	CU_ASSERT_EQUAL(run(p, f, 4, "a b", &sets, &n, &c, msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "prefix"));
	/* 50 characters is the longest prefix every set name fits after. */
	CU_ASSERT_EQUAL(run(p, f, 4,
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij", &sets, &n, &c,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(n, 4);
	CU_ASSERT_EQUAL(strlen(sets[1]->name), 64);
	CU_ASSERT_EQUAL(run(p, f, 4,
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk", &sets, &n,
	    &c, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "1 to 50 characters"));
	CU_ASSERT_PTR_NULL(sets);
	pool_free(p);
}

/* Expects ERR code and a message holding every string in want[]. */
static void
expect_fail(const struct fx *f, size_t n, enum err code,
    const char *const *want)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets = NULL;
	char			 msg[512];
	size_t			 ns = 99;
	enum err		 e;

	e = run(p, f, n, NULL, &sets, &ns, &c, msg, sizeof(msg));
	CU_ASSERT_EQUAL(e, code);
	CU_ASSERT_PTR_NULL(sets);
	CU_ASSERT_EQUAL(ns, 0);
	t_assert_holds_all("message", msg, want);
	pool_free(p);
}

/* The dataset plus one mappings file named m.json. */
static void
expect_fail1(const char *mappings, enum err code, const char *const *want)
{
	struct fx	f[2] = {
		{ DATASET_NAME, dataset }, { "m.json", mappings }
	};

	expect_fail(f, 2, code, want);
}

#define ONE(refs, gap) \
	"[{\"name\": \"ISO/IEC 27001:2022, 27002:2022\", \"mappings\": [" \
	"{\"control_id\": \"A&A-01\", \"references\": " refs ", " \
	"\"gap_level\": " gap ", \"addendum\": \"N/A\"}]}]"

static void
structural_errors(void)
{
	/* Wrong types, with the JSON location. */
	expect_fail1(ONE("[\"27001: A.5.1\"]", "5"), ERR_INVALID,
	    (const char *[]){ "m.json: [0].mappings[0].gap_level", NULL });
	expect_fail1(ONE("[\"27001: A.5.1\"]", "\"Some Gap\""), ERR_INVALID,
	    (const char *[]){ "m.json: [0].mappings[0].gap_level", NULL });
	expect_fail1(ONE("[\"27001: A.5.1\", \"x\", 7]", "\"No Gap\""),
	    ERR_INVALID, (const char *[]){
	    "m.json: [0].mappings[0].references[2]: must be a string", NULL });
	expect_fail1(ONE("\"27001: A.5.1\"", "\"No Gap\""), ERR_INVALID,
	    (const char *[]){ "[0].mappings[0].references: must be an array",
	    NULL });
	expect_fail1("[{\"name\": \"ISO/IEC 27001:2022\", \"mappings\": ["
	    "{\"control_id\": \"A&A-01\", \"references\": [], \"gap_level\": "
	    "\"No Gap\"}, {\"control_id\": \"A&A-02\", \"references\": [], "
	    "\"gap_level\": \"No Gap\", \"colour\": \"red\"}]}]", ERR_INVALID,
	    (const char *[]){ "m.json: [0].mappings[1].colour: unknown key",
	    NULL });
	expect_fail1("[{\"name\": \"ISO/IEC 27001:2022\", \"mappings\": ["
	    "{\"control_id\": \"XYZ-01\", \"references\": [], \"gap_level\": "
	    "\"No Gap\"}]}]", ERR_INVALID, (const char *[]){
	    "m.json: [0].mappings[0].control_id: XYZ-01 is not a control of "
	    "the CCM primary dataset", NULL });
	expect_fail1("[{\"name\": \"ISO/IEC 27001:2022\", \"mappings\": ["
	    "{\"control_id\": \"A&A-01\", \"references\": [], \"gap_level\": "
	    "\"No Gap\"}, {\"control_id\": \"A&A-01\", \"references\": [], "
	    "\"gap_level\": \"Full Gap\"}]}]", ERR_INVALID, (const char *[]){
	    "[0].mappings[1].control_id: A&A-01 appears twice (first at "
	    "[0].mappings[0])", NULL });
	expect_fail1("[{\"name\": \"ISO/IEC 27001:2022\", \"mappings\": ["
	    "{\"references\": [], \"gap_level\": \"No Gap\"}]}]", ERR_INVALID,
	    (const char *[]){ "[0].mappings[0].control_id: is missing", NULL });
	expect_fail1("[{\"name\": 5, \"mappings\": []}]", ERR_INVALID,
	    (const char *[]){ "m.json: [0].name", NULL });
	expect_fail1("[{\"name\": \"x\", \"mappings\": {}}]", ERR_INVALID,
	    (const char *[]){ "m.json: [0].mappings: must be an array", NULL });
	expect_fail1("[7]", ERR_INVALID,
	    (const char *[]){ "m.json: [0]: must be an object", NULL });
	expect_fail1("[]", ERR_INVALID,
	    (const char *[]){ "m.json: must hold 1 to", NULL });
	/* Not JSON, or neither shape. */
	expect_fail1("[{\"name\": ", ERR_INVALID,
	    (const char *[]){ "m.json:1: ", NULL });
	expect_fail1("{\"hello\": 1}", ERR_INVALID,
	    (const char *[]){ "m.json: neither a CCM primary dataset", NULL });
	expect_fail1("\"a string\"", ERR_INVALID,
	    (const char *[]){ "m.json:", NULL });
	/* Duplicate keys are refused, not silently one of them taken. */
	expect_fail1("[{\"name\": \"a\", \"name\": \"b\", \"mappings\": []}]",
	    ERR_INVALID, (const char *[]){ "m.json:1: ", "duplicate", NULL });
}

static void
dataset_errors(void)
{
	struct fx	f[3];

	f[0].name = "m.json";
	f[0].text = iso2022;
	expect_fail(f, 1, ERR_INVALID,
	    (const char *[]){ "primary dataset", "is needed", NULL });
	f[1].name = "d1.json";
	f[1].text = dataset;
	f[2].name = "d2.json";
	f[2].text = dataset;
	expect_fail(f, 3, ERR_INVALID, (const char *[]){
	    "d2.json: a second primary dataset (the first is d1.json)", NULL });
	f[1].text = "{\"version\": \"3.0.1\", \"domains\": [{\"controls\": "
	    "[{\"id\": \"A&A-01\"}]}]}";
	expect_fail(f, 2, ERR_INVALID,
	    (const char *[]){ "d1.json: version: annexa's ccm-v4", NULL });
	f[1].text = "{\"version\": \"4.0.12; rm\", \"domains\": []}";
	expect_fail(f, 2, ERR_INVALID, (const char *[]){ "d1.json: version",
	    NULL });
	f[1].text = "{\"version\": \"4.0.12\", \"domains\": [{\"controls\": "
	    "[{\"id\": \"A&A-01\"}, {\"id\": \"bad id\"}]}]}";
	expect_fail(f, 2, ERR_INVALID, (const char *[]){
	    "d1.json: domains[0].controls[1].id", NULL });
	f[1].text = "{\"version\": \"4.0.12\", \"domains\": [{\"controls\": "
	    "[{\"id\": \"A&A-01\"}]}, {\"controls\": [{\"id\": \"A&A-01\"}]}]}";
	expect_fail(f, 2, ERR_INVALID, (const char *[]){
	    "d1.json: domains[1].controls[0].id: A&A-01 appears twice", NULL });
	/* The same standard from two files would make one set twice. */
	f[0].name = DATASET_NAME;
	f[0].text = dataset;
	f[1].name = "a.json";
	f[1].text = iso2022;
	f[2].name = "b.json";
	f[2].text = iso2022;
	expect_fail(f, 3, ERR_INVALID, (const char *[]){
	    "b.json: [0]: set csa-ccm-v4.0.12-iso27001-2022 would also come "
	    "from a.json", NULL });
}

/* Builds a mappings file with n references, each the string ref. */
static char *
many_refs(size_t n, const char *ref)
{
	size_t	 cap = 256 + n * (strlen(ref) + 4), i;
	char	*s, *q;

	if ((s = malloc(cap)) == NULL)
		return NULL;
	q = s + snprintf(s, cap, "[{\"name\": \"ISO/IEC 27017:2015\", "
	    "\"mappings\": [{\"control_id\": \"A&A-01\", \"gap_level\": "
	    "\"No Gap\", \"references\": [");
	for (i = 0; i < n; i++)
		q += snprintf(q, cap - (size_t)(q - s), "%s\"%s\"",
		    i > 0 ? "," : "", ref);
	snprintf(q, cap - (size_t)(q - s), "]}]}]");
	return s;
}

static void
hostile_input(void)
{
	struct pool		*p = pool_new();
	struct csa_counts	 c;
	struct mapset		**sets;
	static const char	 nul_text[] =
	    "[{\"name\": \"a\0b\", \"mappings\": []}]";
	char			 msg[512], *big, *s;
	struct fx		 f[2] = { { DATASET_NAME, dataset }, { "m.json",
				    NULL } };
	size_t			 n, i, calls = 0;
	const char		*names[CSA_FILES_MAX + 1];
	const char		*texts[CSA_FILES_MAX + 1];
	size_t			 lens[CSA_FILES_MAX + 1];

	/* NUL inside a string: jansson refuses it; the file and line show. */
	expect_fail1(ONE("[\"27001: A.5\\u00001\"]", "\"No Gap\""),
	    ERR_INVALID, (const char *[]){ "m.json:1: ", NULL });
	/* A raw NUL byte in the text is no better. */
	names[0] = DATASET_NAME;
	texts[0] = dataset;
	lens[0] = strlen(dataset);
	names[1] = "m.json";
	texts[1] = nul_text;
	lens[1] = sizeof(nul_text) - 1;
	CU_ASSERT_EQUAL(csa_read(p, 2, names, texts, lens, NULL, known, NULL,
	    &sets, &n, &c, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "m.json:"));

	/* Too many references for one control. */
	big = many_refs(CSA_REFS_MAX + 1, "27017: 5.1.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	expect_fail1(big, ERR_INVALID, (const char *[]){
	    "m.json: [0].mappings[0].references: more than 256", NULL });
	free(big);
	/* Ranges naming more controls than a control may name. */
	big = many_refs(CSA_REFS_MAX, "27017: 12.1.1-to-60");
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	expect_fail1(big, ERR_TOO_LARGE, (const char *[]){
	    "m.json: [0].mappings[0].references[", "more than 1024", NULL });
	free(big);
	/* The maximum is fine and stays cheap: 256 x 4 controls. */
	big = many_refs(CSA_REFS_MAX, "27017: 12.4.1-to-4");
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	f[1].text = big;
	CU_ASSERT_EQUAL(run(p, f, 2, NULL, &sets, &n, &c, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_EQUAL(c.references, 256);
	CU_ASSERT_EQUAL(c.expanded, 256 * 3);
	CU_ASSERT_EQUAL(c.taken, 256 * 3);	/* 12.4.1 to 12.4.3 */
	CU_ASSERT_EQUAL(c.unknown, 256);	/* 12.4.4 */
	CU_ASSERT_EQUAL(c.rows, 3);
	free(big);
	/* Too long a reference. */
	s = malloc(CSA_REF_MAX + 32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memset(s, 'x', CSA_REF_MAX + 31);
	memcpy(s, "27017: 5.1.1 ", 13);
	s[CSA_REF_MAX + 31] = '\0';
	big = many_refs(1, s);
	free(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	expect_fail1(big, ERR_INVALID, (const char *[]){
	    "[0].mappings[0].references[0]: must be a string of at most 256",
	    NULL });
	free(big);
	/* Too many controls in a family. */
	big = malloc(64 + (CSA_CONTROLS_MAX + 1) * 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	s = big + sprintf(big, "[{\"name\": \"x\", \"mappings\": [");
	for (i = 0; i <= CSA_CONTROLS_MAX; i++)
		s += sprintf(s, "%s{}", i > 0 ? "," : "");
	sprintf(s, "]}]");
	expect_fail1(big, ERR_INVALID, (const char *[]){
	    "m.json: [0].mappings: must be an array of at most 1000", NULL });
	free(big);
	/* Deep nesting is refused by the parser, not by the stack. */
	big = malloc(40002);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, '[', 20000);
	memset(big + 20000, ']', 20000);
	big[40000] = '\0';
	expect_fail1(big, ERR_INVALID, (const char *[]){ "m.json:1: ", NULL });
	free(big);
	/* Malformed references are counted, never fatal; known is not asked. */
	f[1].text = ONE("[\"27017 13.1.3\", \"27001:\", \"27001: A\", "
	    "\"27001: A.5.1, A.5.2\", \"27001: A.5.1 A.5.2\", \"270011: 5\", "
	    "\"27001: 5.1-to-0\", \"27001: A.5.1-to-99\", \"27001: A.5.1-5\", "
	    "\"\", \"27001: A.5.1.2.3.4.5\", \"27001: 99999.1\"]",
	    "\"No Gap\"");
	names[1] = "m.json";
	texts[1] = f[1].text;
	lens[1] = strlen(f[1].text);
	CU_ASSERT_EQUAL(csa_read(p, 2, names, texts, lens, NULL, known, &calls,
	    &sets, &n, &c, msg, sizeof(msg)), ERR_OK);
	/* "27017 13.1.3": 27017 is not in this family's name: other. */
	CU_ASSERT_EQUAL(c.other_framework, 1);
	CU_ASSERT_EQUAL(c.malformed, 11);
	CU_ASSERT_EQUAL(c.taken, 0);
	CU_ASSERT_EQUAL(calls, 0);
	CU_ASSERT_EQUAL(n, 0);
	/* Too many files. */
	for (i = 2; i <= CSA_FILES_MAX; i++) {
		names[i] = names[1];
		texts[i] = texts[1];
		lens[i] = lens[1];
	}
	CU_ASSERT_EQUAL(csa_read(p, CSA_FILES_MAX + 1, names, texts, lens, NULL,
	    known, NULL, &sets, &n, &c, msg, sizeof(msg)), ERR_TOO_LARGE);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "27001/27002:2022 forms and counts", counts_iso2022 },
	{ "2013 combined family: forms and counts", counts_iso2013 },
	{ "SOC 2 forms; a family without a catalog", counts_soc2_and_other },
	{ "relationship from gap level and reference count", relationships },
	{ "ranges expand, duplicate pairs merge",
	    ranges_expand_and_duplicates_merge },
	{ "set and row fields", set_and_row_fields },
	{ "files in any order; set name prefix",
	    files_in_any_order_and_prefix },
	{ "structural errors name file and JSON location", structural_errors },
	{ "dataset errors", dataset_errors },
	{ "hostile input fails cleanly", hostile_input },
	{ NULL, NULL }
};

int
suite_csa(void)
{
	return add_suite("csa", tests);
}
