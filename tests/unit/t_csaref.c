/*
 * t_csaref.c — the grammar of CSA's CCM references on its own: family
 * names, single ids in every written form, ranges, clause and category
 * references, ids annexa has no catalog for, and malformed strings.  The
 * bundle reader's counts over the same forms are in t_csa.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csaref.h"
#include "tests.h"

#define FAM_2022	"ISO/IEC 27001:2022, 27002:2022"
#define FAM_2013	"ISO/IEC 27001:2013,27002:2013,27017:2015,27018:2019"

/*
 * Parses ref in the family called fam and checks that it names exactly
 * one id, of kind and framework fw, written id.
 */
static void
expect_one(const char *fam, const char *ref, enum csaref_kind kind,
    enum csaref_fw fw, const char *id)
{
	struct csaref_family	f;
	struct csaref		r;
	struct csaref_item	it;

	csaref_family_parse(fam, &f);
	CU_ASSERT_EQUAL_FATAL(csaref_parse(&f, ref, &r), CSAREF_OK);
	CU_ASSERT_EQUAL(csaref_count(&r), 1);
	csaref_item(&r, 0, &it);
	CU_ASSERT_EQUAL(it.kind, kind);
	CU_ASSERT_EQUAL(it.fw, fw);
	CU_ASSERT_STRING_EQUAL(it.id, id);
	if (it.kind != kind || it.fw != fw || strcmp(it.id, id) != 0)
		fprintf(stderr, "csaref %s: kind %d fw %d id %s\n", ref,
		    (int)it.kind, (int)it.fw, it.id);
}

/* What csaref_parse() says of ref in the family called fam. */
static enum csaref_parse
parse_in(const char *fam, const char *ref)
{
	struct csaref_family	f;
	struct csaref		r;

	csaref_family_parse(fam, &f);
	return csaref_parse(&f, ref, &r);
}

static void
family_names(void)
{
	struct csaref_family	f;

	csaref_family_parse(FAM_2013, &f);
	CU_ASSERT_EQUAL(f.kind, CSAREF_FAM_ISO);
	CU_ASSERT_EQUAL_FATAL(f.n, 4);
	CU_ASSERT_STRING_EQUAL(f.std[2], "27017");
	CU_ASSERT_STRING_EQUAL(f.year[2], "2015");
	csaref_family_parse(FAM_2022, &f);
	CU_ASSERT_EQUAL(f.kind, CSAREF_FAM_ISO);
	CU_ASSERT_EQUAL(f.n, 2);
	csaref_family_parse("AICPA TSC 2017", &f);
	CU_ASSERT_EQUAL(f.kind, CSAREF_FAM_SOC2);
	/* Another edition of the criteria, and no ISO edition at all. */
	csaref_family_parse("AICPA TSC 2014", &f);
	CU_ASSERT_EQUAL(f.kind, CSAREF_FAM_OTHER);
	csaref_family_parse("NIST SP 800-53 rev5", &f);
	CU_ASSERT_EQUAL(f.kind, CSAREF_FAM_OTHER);
	/* Six digits before the colon, or a three-digit year: no edition. */
	csaref_family_parse("ISO 127001:2022, 27002:202", &f);
	CU_ASSERT_EQUAL(f.kind, CSAREF_FAM_OTHER);
	CU_ASSERT_EQUAL(f.n, 0);
}

static void
single_ids(void)
{
	/* The example of the issue, and every separator CSA writes. */
	expect_one(FAM_2013, "27017: 13.1.3", CSAREF_CONTROL,
	    CSAREF_FW_ISO27017_2015, "13.1.3");
	expect_one(FAM_2013, "27017 - 18.1.2", CSAREF_CONTROL,
	    CSAREF_FW_ISO27017_2015, "18.1.2");
	expect_one(FAM_2013, "27017:13.1.3", CSAREF_CONTROL,
	    CSAREF_FW_ISO27017_2015, "13.1.3");
	expect_one(FAM_2013, "  27017: 13.1.3  ", CSAREF_CONTROL,
	    CSAREF_FW_ISO27017_2015, "13.1.3");
	expect_one(FAM_2013, "27017: CLD.9.5.1", CSAREF_CONTROL,
	    CSAREF_FW_ISO27017_2015, "CLD.9.5.1");
	expect_one(FAM_2013, "27017: 9.2.3 (a),(d)", CSAREF_CONTROL,
	    CSAREF_FW_ISO27017_2015, "9.2.3");
	expect_one(FAM_2013, "27018: A.11.1", CSAREF_CONTROL,
	    CSAREF_FW_ISO27018_2019, "A.11.1");
	/* Annex A of 27001:2022 and 27002:2022 are one control set. */
	expect_one(FAM_2022, "27001: A.5.23", CSAREF_CONTROL,
	    CSAREF_FW_ISO27001_2022, "A.5.23");
	expect_one(FAM_2022, "27002: 5.23 (d)", CSAREF_CONTROL,
	    CSAREF_FW_ISO27001_2022, "A.5.23");
	expect_one(FAM_2022, "27001:A. 8.25", CSAREF_CONTROL,
	    CSAREF_FW_ISO27001_2022, "A.8.25");
	expect_one(FAM_2022, "27001: A 5.1", CSAREF_CONTROL,
	    CSAREF_FW_ISO27001_2022, "A.5.1");
	expect_one(FAM_2022, "27001: A.5.15 Cryptography", CSAREF_CONTROL,
	    CSAREF_FW_ISO27001_2022, "A.5.15");
	/* SOC 2: a criterion, and the heading of a series. */
	expect_one("AICPA TSC 2017", "CC6.1", CSAREF_CONTROL,
	    CSAREF_FW_SOC2_2017, "CC6.1");
	expect_one("AICPA TSC 2017", "PI1.3(c)", CSAREF_CONTROL,
	    CSAREF_FW_SOC2_2017, "PI1.3");
	expect_one("AICPA TSC 2017", "P4.0", CSAREF_CATEGORY,
	    CSAREF_FW_SOC2_2017, "category:P4.0");
	CU_ASSERT_EQUAL(parse_in(FAM_2022, "No Mapping"), CSAREF_NO_MAPPING);
	CU_ASSERT_EQUAL(parse_in(FAM_2022, " no mapping "), CSAREF_NO_MAPPING);
	CU_ASSERT_EQUAL(parse_in("NIST SP 800-53 rev5", "AC-1"),
	    CSAREF_OTHER_FAMILY);
}

static void
ranges(void)
{
	static const char *const want[] = { "18.1.1", "18.1.2", "18.1.3" };
	struct csaref_family	 f;
	struct csaref		 r;
	struct csaref_item	 it;
	size_t			 k;

	csaref_family_parse(FAM_2013, &f);
	/* "-to-" and the last number, or the whole last id. */
	CU_ASSERT_EQUAL_FATAL(csaref_parse(&f, "27017: 18.1.1-to-3", &r),
	    CSAREF_OK);
	CU_ASSERT_EQUAL_FATAL(csaref_count(&r), 3);
	for (k = 0; k < 3; k++) {
		csaref_item(&r, k, &it);
		CU_ASSERT_EQUAL(it.kind, CSAREF_CONTROL);
		CU_ASSERT_STRING_EQUAL(it.id, want[k]);
	}
	CU_ASSERT_EQUAL_FATAL(csaref_parse(&f, "27017: 12.4.1-to-12.4.3", &r),
	    CSAREF_OK);
	CU_ASSERT_EQUAL(csaref_count(&r), 3);
	csaref_item(&r, 2, &it);
	CU_ASSERT_STRING_EQUAL(it.id, "12.4.3");
	/* A range in an edition annexa has no catalog for. */
	CU_ASSERT_EQUAL_FATAL(csaref_parse(&f, "27001: A.12.4.1-to-A.12.4.3",
	    &r), CSAREF_OK);
	CU_ASSERT_EQUAL(csaref_count(&r), 3);
	csaref_item(&r, 1, &it);
	CU_ASSERT_EQUAL(it.kind, CSAREF_NO_CATALOG);
	CU_ASSERT_EQUAL(it.fw, CSAREF_FW_NONE);
	CU_ASSERT_STRING_EQUAL(it.id, "A.12.4.2");
	/* The longest range: CSAREF_RANGE_MAX ids; one more is refused. */
	CU_ASSERT_EQUAL_FATAL(csaref_parse(&f, "27017: 1.1.1-to-64", &r),
	    CSAREF_OK);
	CU_ASSERT_EQUAL(csaref_count(&r), CSAREF_RANGE_MAX);
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 1.1.1-to-65", &r),
	    CSAREF_MALFORMED);
	/* Backwards, empty, or ending under another parent or prefix. */
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 18.1.3-to-1", &r),
	    CSAREF_MALFORMED);
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 18.1.3-to-3", &r),
	    CSAREF_MALFORMED);
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 12.4.1-to-12.5.3", &r),
	    CSAREF_MALFORMED);
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 12.4.1-to-12.5", &r),
	    CSAREF_MALFORMED);
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 9.5.1-to-CLD.9.5.2", &r),
	    CSAREF_MALFORMED);
	CU_ASSERT_EQUAL(csaref_parse(&f, "27017: 9.5.1-to-", &r),
	    CSAREF_MALFORMED);
}

static void
clauses_and_categories(void)
{
	/* A plain id of 27001 is an ISMS clause; a sub-item is dropped. */
	expect_one(FAM_2022, "27001: 9.3.2.d", CSAREF_CLAUSE,
	    CSAREF_FW_ISO27001_2022, "clause:9.3.2");
	expect_one(FAM_2022, "27001: 10", CSAREF_CLAUSE,
	    CSAREF_FW_ISO27001_2022, "clause:10");
	expect_one(FAM_2013, "27001: 5.1", CSAREF_CLAUSE, CSAREF_FW_NONE,
	    "clause:5.1");
	/* Fewer parts than a control: a whole category. */
	expect_one(FAM_2022, "27001: A.5", CSAREF_CATEGORY,
	    CSAREF_FW_ISO27001_2022, "category:A.5");
	expect_one(FAM_2022, "27002: 5", CSAREF_CATEGORY,
	    CSAREF_FW_ISO27001_2022, "category:A.5");
	expect_one(FAM_2013, "27017: 6.1", CSAREF_CATEGORY,
	    CSAREF_FW_ISO27017_2015, "category:6.1");
	expect_one(FAM_2013, "27017: CLD 6.3", CSAREF_CATEGORY,
	    CSAREF_FW_ISO27017_2015, "category:CLD.6.3");
	expect_one(FAM_2013, "27018: 12", CSAREF_CATEGORY,
	    CSAREF_FW_ISO27018_2019, "category:12");
	/* 27017 numbers no controls after "A.". */
	expect_one(FAM_2013, "27017: A.1.2", CSAREF_NOT_CONTROL,
	    CSAREF_FW_ISO27017_2015, "A.1.2");
	/* 27002:2013 has no catalog; 27018 is not in the 2022 family. */
	expect_one(FAM_2013, "27002  6.1.1", CSAREF_NO_CATALOG,
	    CSAREF_FW_NONE, "6.1.1");
	expect_one(FAM_2022, "27018: 18.2.1", CSAREF_NO_CATALOG,
	    CSAREF_FW_NONE, "");
}

static void
malformed(void)
{
	static const char *const iso[] = {
		"", "27001", "27001:", "27001: Annex", "2700: 5.1",
		"270011: 5.1", "2700113.1.3", "27001 A.5.1 A.5.2",
		"27017: 13.1.3 13.1.4", "27017: 1.2.3.4.5.6",
		"27017: 12345.1", "27017: A..5.1", "27017: A", "27017: .5",
		"27017: 13.1.3x", "27017: CLD9.5.1", "x27017: 13.1.3",
		NULL
	};
	static const char *const soc2[] = {
		"CC6", "CC6.1.2", "X6.1", "CC.1", "6.1", "CC 6.1", NULL
	};
	struct csaref_family	 f;
	struct csaref		 r;
	char			*big;
	size_t			 i;

	csaref_family_parse(FAM_2013, &f);
	for (i = 0; iso[i] != NULL; i++) {
		CU_ASSERT_EQUAL(csaref_parse(&f, iso[i], &r), CSAREF_MALFORMED);
		if (csaref_parse(&f, iso[i], &r) != CSAREF_MALFORMED)
			fprintf(stderr, "csaref: %s was accepted\n", iso[i]);
	}
	csaref_family_parse("AICPA TSC 2017", &f);
	for (i = 0; soc2[i] != NULL; i++) {
		CU_ASSERT_EQUAL(csaref_parse(&f, soc2[i], &r), CSAREF_MALFORMED);
		if (csaref_parse(&f, soc2[i], &r) != CSAREF_MALFORMED)
			fprintf(stderr, "csaref: %s was accepted\n", soc2[i]);
	}
	/* Only the first CSAREF_LEN_MAX bytes are read, never past them. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(big = malloc(CSAREF_LEN_MAX * 4));
	memset(big, '1', CSAREF_LEN_MAX * 4 - 1);
	big[CSAREF_LEN_MAX * 4 - 1] = '\0';
	CU_ASSERT_EQUAL(csaref_parse(&f, big, &r), CSAREF_MALFORMED);
	csaref_family_parse(FAM_2013, &f);
	memcpy(big, "27017: 13.1.3 ", 14);
	CU_ASSERT_EQUAL(csaref_parse(&f, big, &r), CSAREF_OK);
	CU_ASSERT_EQUAL(csaref_count(&r), 1);
	free(big);
}

static const struct unit_test tests[] = {
	{ "family names", family_names },
	{ "single ids in every written form", single_ids },
	{ "ranges", ranges },
	{ "clause and category references", clauses_and_categories },
	{ "malformed references", malformed },
	{ NULL, NULL }
};

int
suite_csaref(void)
{
	return add_suite("csaref", tests);
}
