/*
 * Tests of the native mapping CSV (mapcsv.c): the header and its
 * comments, each column's rule, quoted fields, errors that name the line
 * and the column, and the export read back byte for byte.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mapcsv.h"
#include "mapset.h"
#include "pool.h"
#include "tests.h"

#define HEAD	"source_framework,source_control,target_framework," \
		"target_control,relationship,strength,rationale,confidence,note\n"
#define ROW(rest)	"iso27017-2015,5.1.1,ccm-v4," rest "\n"

/*
 * Reads text as the file "m.csv" into a fresh set of pool p; msg gets the
 * error.  Returns what mapcsv_read() does; *out is the set.
 */
static enum err
t_read(struct pool *p, const char *text, struct mapset **out, char *msg,
    size_t msgsz)
{
	struct mapset	*s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s = mapset_new(p));
	s->origin = "m.csv";
	s->name = "t-set";
	msg[0] = '\0';
	*out = s;
	return mapcsv_read(s, text, strlen(text), msg, msgsz);
}

/* Reads text, which must fail with exactly the message want. */
static void
t_refused(const char *text, const char *want)
{
	struct pool	*p = pool_new();
	struct mapset	*s;
	char		 msg[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(t_read(p, text, &s, msg, sizeof(msg)), ERR_INVALID);
	if (strcmp(msg, want) != 0) {
		CU_FAIL("wrong error message");
		fprintf(stderr, "got  \"%s\"\nwant \"%s\"\n", msg, want);
	}
	pool_free(p);
}

static void
reads_rows_and_comments(void)
{
	/* A BOM, CRLF ends, columns in another order, a blank line. */
	static const char text[] = "\xef\xbb\xbf"
	    "# provenance: drafted by the tests, checked by hand\r\n"
	    "# version: 2026.11\r\n"
	    "#another comment: ignored\r\n"
	    "note,strength,relationship,target_control,target_framework,"
	    "source_control,source_framework,confidence,rationale\r\n"
	    "a note,7,subset-of,A&A-01,ccm-v4,5.1.1,iso27017-2015,high,semantic\r\n"
	    "\r\n"
	    ",,no-relationship,A&A-02,ccm-v4,5.1.2,iso27017-2015,,\r\n";
	struct pool	*p = pool_new();
	struct mapset	*s;
	char		 msg[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(t_read(p, text, &s, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(s->provenance,
	    "drafted by the tests, checked by hand");
	CU_ASSERT_STRING_EQUAL(s->version, "2026.11");
	CU_ASSERT_STRING_EQUAL(s->source_fw, "iso27017-2015");
	CU_ASSERT_STRING_EQUAL(s->target_fw, "ccm-v4");
	CU_ASSERT_EQUAL_FATAL(s->n, 2);
	CU_ASSERT_STRING_EQUAL(s->rows[0].source_control, "5.1.1");
	CU_ASSERT_STRING_EQUAL(s->rows[0].target_control, "A&A-01");
	/* The OSCAL spelling is read as annexa's own. */
	CU_ASSERT_EQUAL(s->rows[0].rel, REL_SUBSET);
	CU_ASSERT_EQUAL(s->rows[0].strength, 7);
	CU_ASSERT_STRING_EQUAL(s->rows[0].rationale, "semantic");
	CU_ASSERT_STRING_EQUAL(s->rows[0].confidence, "high");
	CU_ASSERT_STRING_EQUAL(s->rows[0].note, "a note");
	CU_ASSERT_EQUAL(s->rows[0].line, 5);
	/* Empty optional fields are absent, not empty strings. */
	CU_ASSERT_EQUAL(s->rows[1].rel, REL_NONE);
	CU_ASSERT_EQUAL(s->rows[1].strength, -1);
	CU_ASSERT_PTR_NULL(s->rows[1].rationale);
	CU_ASSERT_PTR_NULL(s->rows[1].confidence);
	CU_ASSERT_PTR_NULL(s->rows[1].note);
	CU_ASSERT_EQUAL(s->rows[1].line, 7);
	CU_ASSERT_EQUAL(mapset_check(s, msg, sizeof(msg)), ERR_OK);
	pool_free(p);

	/* Without a provenance comment the file is named as the source. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = pool_new());
	CU_ASSERT_EQUAL_FATAL(t_read(p, HEAD ROW("A&A-01,equal,,,,"), &s, msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(s->provenance, "imported from m.csv");
	CU_ASSERT_PTR_NULL(s->version);
	pool_free(p);
}

static void
quoted_fields(void)
{
	static const char text[] = HEAD
	    ROW("\"A&A-01\",intersects,3,functional,low,"
	    "\"commas, \"\"quotes\"\"\nand a second line\"")
	    ROW("A&A-02,equivalent,,,,\"\"");
	struct pool	*p = pool_new();
	struct mapset	*s;
	char		 msg[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(t_read(p, text, &s, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(s->n, 2);
	CU_ASSERT_STRING_EQUAL(s->rows[0].target_control, "A&A-01");
	CU_ASSERT_STRING_EQUAL(s->rows[0].note,
	    "commas, \"quotes\"\nand a second line");
	CU_ASSERT_EQUAL(s->rows[0].line, 2);
	/* The record after a two-line field starts on line 4. */
	CU_ASSERT_EQUAL(s->rows[1].line, 4);
	CU_ASSERT_PTR_NULL(s->rows[1].note);
	pool_free(p);
}

static void
header_errors(void)
{
	t_refused("", "m.csv: no header row");
	t_refused("# provenance: only comments\n", "m.csv: no header row");
	t_refused("source_framework,source_control,target_framework,"
	    "target_control,relationship,strength,rationale,confidence,note,"
	    "colour\n", "m.csv:1: header: unknown column \"colour\"");
	t_refused("# version: 1\nsource_framework,source_control,"
	    "target_framework,target_control,relationship,strength,rationale,"
	    "confidence,note,note\n",
	    "m.csv:2: header: column note given twice");
	t_refused("source_framework,source_control,target_framework,"
	    "target_control,relationship,rationale,confidence,note\n",
	    "m.csv:1: header: column strength is missing");
	t_refused("source_framework,\"source_control\n", "m.csv:1: "
	    "unterminated quoted field");
}

static void
column_rules(void)
{
	t_refused(HEAD ROW("A&A-01,equal,,,,") ROW("A&A-02,similar,,,,"),
	    "m.csv:3: relationship: must be equal, equivalent, subset, "
	    "superset, intersects or no-relationship");
	t_refused(HEAD ROW("A&A-01,equal,11,,,"), "m.csv:2: strength: must be a "
	    "whole number from 0 to 10, or empty");
	t_refused(HEAD ROW("A&A-01,equal,-1,,,"), "m.csv:2: strength: must be a "
	    "whole number from 0 to 10, or empty");
	t_refused(HEAD ROW("A&A-01,equal,5.5,,,"), "m.csv:2: strength: must be "
	    "a whole number from 0 to 10, or empty");
	t_refused(HEAD ROW("A&A-01,equal,,,,")
	    "iso27001-2022,A.5.1,ccm-v4,A&A-01,equal,,,,\n",
	    "m.csv:3: source_framework: every row of a set must name the same "
	    "source framework");
	t_refused(HEAD ROW("A&A-01,equal,,,,")
	    "iso27017-2015,5.1.2,soc2-2017,CC1.1,equal,,,,\n",
	    "m.csv:3: target_framework: every row of a set must name the same "
	    "target framework");
	t_refused(HEAD ROW("A&A-01,equal,,,"), "m.csv:2: 8 fields, the header "
	    "has 9");
	t_refused(HEAD ROW("A&A-01,equal,,,,,"), "m.csv:2: 10 fields, the "
	    "header has 9");
	t_refused(HEAD ROW("A&A-01,equal,,,,a \"quote\""), "m.csv:2: quote "
	    "inside an unquoted field");

	/* The edges of strength are taken. */
	{
		struct pool	*p = pool_new();
		struct mapset	*s;
		char		 msg[256];

		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		CU_ASSERT_EQUAL_FATAL(t_read(p, HEAD ROW("A&A-01,equal,0,,,")
		    ROW("A&A-02,superset,10,,,"), &s, msg, sizeof(msg)), ERR_OK);
		CU_ASSERT_EQUAL(s->rows[0].strength, 0);
		CU_ASSERT_EQUAL(s->rows[1].strength, 10);
		CU_ASSERT_EQUAL(s->rows[1].rel, REL_SUPERSET);
		pool_free(p);
	}
}

/*
 * The rules mapcsv_read() leaves to mapset_check() (enums of rationale
 * and confidence, duplicate pairs) are reported with the row's line.
 */
static void
checked_after_reading(void)
{
	static const struct {
		const char	*text, *want;
	} cases[] = {
		{ HEAD ROW("A&A-01,equal,,guesswork,,"),
		    "m.csv:2: rationale: must be syntactic, semantic or functional" },
		{ HEAD ROW("A&A-01,equal,,,sure,"),
		    "m.csv:2: confidence: must be high, medium or low" },
		{ HEAD ROW("A&A-01,equal,,,,") ROW("A&A-02,equal,,,,")
		    ROW("A&A-01,subset,,,,"),
		    "m.csv:4: 5.1.1 -> A&A-01 is mapped twice (first at line 2)" },
	};
	struct pool	*p;
	struct mapset	*s;
	char		 msg[256];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(p = pool_new());
		CU_ASSERT_EQUAL(t_read(p, cases[i].text, &s, msg, sizeof(msg)),
		    ERR_OK);
		CU_ASSERT_EQUAL(mapset_check(s, msg, sizeof(msg)), ERR_INVALID);
		if (strcmp(msg, cases[i].want) != 0) {
			CU_FAIL("wrong error message");
			fprintf(stderr, "got  \"%s\"\nwant \"%s\"\n", msg,
			    cases[i].want);
		}
		pool_free(p);
	}
}

/*
 * The export is the file format: read back, it gives the same set, and
 * written again, the same bytes.  A file already in the written form
 * (columns in order, fields quoted only when they must be) comes back
 * byte for byte.
 */
static void
export_round_trip(void)
{
	static const char canonical[] =
	    "# provenance: the tests' own set\n"
	    "# version: 1.0\n"
	    HEAD
	    ROW("A&A-01,equal,10,syntactic,high,")
	    ROW("A&A-02,subset,0,semantic,medium,\"a, b\"")
	    ROW("A&A-03,intersects,,functional,low,\"say \"\"when\"\"\nand how\"")
	    ROW("A&A-04,no-relationship,,,,");
	struct pool	*p = pool_new();
	struct mapset	*s, *again;
	struct buf	 b1, b2;
	char		 msg[256];
	size_t		 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	buf_init(&b1, 0);
	buf_init(&b2, 0);
	CU_ASSERT_EQUAL_FATAL(t_read(p, canonical, &s, msg, sizeof(msg)), ERR_OK);
	mapcsv_write(s, &b1);
	CU_ASSERT_FATAL(!buf_failed(&b1));
	CU_ASSERT_EQUAL(b1.len, strlen(canonical));
	if (b1.len != strlen(canonical) || memcmp(b1.data, canonical, b1.len) != 0) {
		CU_FAIL("the export differs from the file it was read from");
		fprintf(stderr, "wrote:\n%.*s\n", (int)b1.len, b1.data);
	}
	/* Read the export back: the same rows, and the same bytes again. */
	CU_ASSERT_EQUAL_FATAL(t_read(p, b1.data, &again, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(again->n, s->n);
	for (i = 0; i < s->n; i++) {
		CU_ASSERT_STRING_EQUAL(again->rows[i].target_control,
		    s->rows[i].target_control);
		CU_ASSERT_EQUAL(again->rows[i].rel, s->rows[i].rel);
		CU_ASSERT_EQUAL(again->rows[i].strength, s->rows[i].strength);
	}
	CU_ASSERT_STRING_EQUAL(again->rows[2].note, "say \"when\"\nand how");
	mapcsv_write(again, &b2);
	CU_ASSERT(b2.len == b1.len && memcmp(b1.data, b2.data, b1.len) == 0);

	/*
	 * A provenance of several lines is written on one comment line (its
	 * line breaks as spaces); the file stays readable.
	 */
	s->provenance = "first line\nsecond line";
	s->version = NULL;
	buf_reset(&b1);
	mapcsv_write(s, &b1);
	CU_ASSERT_FATAL(!buf_failed(&b1));
	CU_ASSERT_EQUAL(strncmp(b1.data, "# provenance: first line second line\n"
	    HEAD, strlen("# provenance: first line second line\n" HEAD)), 0);
	CU_ASSERT_EQUAL_FATAL(t_read(p, b1.data, &again, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(again->provenance, "first line second line");
	CU_ASSERT_PTR_NULL(again->version);
	CU_ASSERT_EQUAL(again->n, 4);
	buf_free(&b1);
	buf_free(&b2);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "rows, comments, columns in any order, BOM and CRLF",
	    reads_rows_and_comments },
	{ "quoted fields: commas, quotes, line breaks", quoted_fields },
	{ "header errors name the line", header_errors },
	{ "each column's rule, errors name line and column", column_rules },
	{ "rules checked after reading name the row's line",
	    checked_after_reading },
	{ "export round trip is byte-exact", export_round_trip },
	{ NULL, NULL }
};

int
suite_mapcsv(void)
{
	return add_suite("mapcsv", tests);
}
