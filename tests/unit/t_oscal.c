/*
 * t_oscal.c — OSCAL 1.2 mapping collections: the round trip (field by
 * field, then byte for byte), pinned UUIDs, collections written by other
 * tools, and refusals.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mapset.h"
#include "oscal.h"
#include "pool.h"
#include "tests.h"

struct fxrow {
	const char	*src, *tgt;
	enum rel	 rel;
	int		 strength;
	const char	*rationale, *confidence, *note, *gap, *addendum;
};

/* Every relationship, every optional field both set and empty, text
 * with newlines, tabs, quotes, backslashes and non-ASCII. */
static const struct fxrow rows1[] = {
	{ "5.1.1", "A.5.1", REL_EQUAL, 10, "semantic", "high",
	    "Same policy requirement.", NULL, NULL },
	{ "CLD.6.3.1", "A.5.23", REL_SUBSET, 4, "functional", "medium",
	    "Split of roles,\nline two\twith a tab", NULL, NULL },
	{ "9.4.1", "A.8.3", REL_SUPERSET, -1, NULL, NULL, NULL, NULL, NULL },
	{ "12.1.2", "A.8.32", REL_INTERSECTS, 3, "syntactic", "low", NULL,
	    "partial-gap", "Missing specification(s):\n'annually' \"quoted\" "
	    "back\\slash" },
	{ "18.2.3", "A.8.8", REL_EQUIVALENT, 0, "semantic", NULL,
	    "Caf\xc3\xa9 \xe2\x80\x94 ok", "no-gap", NULL },
	{ "6.1.1", "A.5.2", REL_NONE, -1, NULL, NULL, "Nothing corresponds.",
	    "full-gap", "N/A in CSA's words" },
};

static const struct fxrow rows2[] = {
	{ "IAM-01", "CC6.1", REL_INTERSECTS, 5, "semantic", "medium", NULL,
	    NULL, NULL },
	{ "A&A-02", "CC4.1", REL_SUBSET, 8, NULL, NULL, NULL, NULL, NULL },
};

static struct mapset *
make_set(struct pool *p, const char *name, const char *src, const char *tgt,
    const char *prov, const char *version, const struct fxrow *r, size_t n)
{
	struct mapset		*s;
	struct mapping_row	 row;
	size_t			 i;

	if ((s = mapset_new(p)) == NULL)
		return NULL;
	s->name = name;
	s->source_fw = src;
	s->target_fw = tgt;
	s->provenance = prov;
	s->version = version;
	s->origin = "test";
	for (i = 0; i < n; i++) {
		memset(&row, 0, sizeof(row));
		row.source_control = r[i].src;
		row.target_control = r[i].tgt;
		row.rel = r[i].rel;
		row.strength = r[i].strength;
		row.rationale = r[i].rationale;
		row.confidence = r[i].confidence;
		row.note = r[i].note;
		row.gap_level = r[i].gap;
		row.addendum = r[i].addendum;
		row.line = i + 1;
		if (mapset_add(s, &row) != ERR_OK)
			return NULL;
	}
	return s;
}

static void
two_sets(struct pool *p, struct mapset **s)
{
	s[0] = make_set(p, "iso27017-2015-to-iso27001-2022", "iso27017-2015",
	    "iso27001-2022", "Written by the annexa project,\nfrom Annex B "
	    "\"as is\" \\ \xe2\x80\x94 see README", "2026.11", rows1,
	    sizeof(rows1) / sizeof(rows1[0]));
	s[1] = make_set(p, "ccm-to-soc2", "ccm-v4", "soc2-2017",
	    "Hand-made test set", NULL, rows2,
	    sizeof(rows2) / sizeof(rows2[0]));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s[0]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s[1]);
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Field by field: a failed assertion says which field. */
static void
assert_same_set(const struct mapset *a, const struct mapset *b)
{
	const struct mapping_row	*x, *y;
	size_t				 i;

	CU_ASSERT_TRUE(same_str(a->name, b->name));
	CU_ASSERT_TRUE(same_str(a->source_fw, b->source_fw));
	CU_ASSERT_TRUE(same_str(a->target_fw, b->target_fw));
	CU_ASSERT_TRUE(same_str(a->provenance, b->provenance));
	CU_ASSERT_TRUE(same_str(a->version, b->version));
	CU_ASSERT_EQUAL_FATAL(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		x = &a->rows[i];
		y = &b->rows[i];
		CU_ASSERT_TRUE(same_str(x->source_control, y->source_control));
		CU_ASSERT_TRUE(same_str(x->target_control, y->target_control));
		CU_ASSERT_EQUAL(x->rel, y->rel);
		CU_ASSERT_EQUAL(x->strength, y->strength);
		CU_ASSERT_TRUE(same_str(x->rationale, y->rationale));
		CU_ASSERT_TRUE(same_str(x->confidence, y->confidence));
		CU_ASSERT_TRUE(same_str(x->note, y->note));
		CU_ASSERT_TRUE(same_str(x->gap_level, y->gap_level));
		CU_ASSERT_TRUE(same_str(x->addendum, y->addendum));
	}
}

static void
round_trip(void)
{
	struct pool	 *p = pool_new();
	struct mapset	 *s[2], **back = NULL;
	struct buf	  b1, b2, b3;
	char		  msg[512];
	size_t		  n = 0;

	two_sets(p, s);
	buf_init(&b1, 0);
	buf_init(&b2, 0);
	buf_init(&b3, 0);
	CU_ASSERT_EQUAL_FATAL(oscal_write((const struct mapset *const *)s, 2,
	    &b1, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(oscal_read(p, "rt.json", b1.data, b1.len, &back,
	    &n, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	assert_same_set(s[0], back[0]);
	assert_same_set(s[1], back[1]);
	CU_ASSERT_STRING_EQUAL(back[0]->origin, "rt.json");
	/* Writing what was read gives the same bytes. */
	CU_ASSERT_EQUAL_FATAL(oscal_write((const struct mapset *const *)back, 2,
	    &b2, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(b1.len, b2.len);
	CU_ASSERT_TRUE(b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) ==
	    0);
	/* So does writing the same sets again: no clock, no randomness. */
	CU_ASSERT_EQUAL(oscal_write((const struct mapset *const *)s, 2, &b3,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_TRUE(b1.len == b3.len && memcmp(b1.data, b3.data, b1.len) ==
	    0);
	CU_ASSERT_EQUAL(b1.data[b1.len - 1], '\n');
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
	pool_free(p);
}

/* What the output says, in OSCAL's terms. */
static void
output_shape(void)
{
	static const char *const want[] = {
		"{\"mapping-collection\":{\"uuid\":",
		"\"oscal-version\":\"1.2.0\"",
		"\"last-modified\":\"1970-01-01T00:00:00Z\"",
		"\"version\":\"several\"",
		"\"relationship\":\"equal-to\"",
		"\"relationship\":\"subset-of\"",
		"\"relationship\":\"superset-of\"",
		"\"relationship\":\"intersects-with\"",
		"\"relationship\":\"equivalent-to\"",
		"\"relationship\":\"no-relationship\"",
		"\"matching-rationale\":\"functional\"",
		"\"sources\":[{\"type\":\"control\",\"id-ref\":\"CLD.6.3.1\"}]",
		"\"targets\":[{\"type\":\"control\",\"id-ref\":\"A.5.23\"}]",
		"\"source-resource\":{\"type\":\"catalog\",\"href\":"
		    "\"iso27017-2015.json\",\"props\":[{\"name\":\"framework\","
		    "\"ns\":\"" OSCAL_NS "\",\"value\":\"iso27017-2015\"}]}",
		"{\"name\":\"strength\",\"ns\":\"" OSCAL_NS "\","
		    "\"value\":\"4\"}",
		"{\"name\":\"set-version\",\"ns\":\"" OSCAL_NS "\","
		    "\"value\":\"2026.11\"}",
		"\"remarks\":\"Split of roles,\\nline two\\twith a tab\"",
		"{\"name\":\"addendum\",\"ns\":\"" OSCAL_NS "\",\"value\":"
		    "\"in-remarks\",\"remarks\":\"Missing specification(s):\\n"
		    "'annually' \\\"quoted\\\" back\\\\slash\"}",
		NULL
	};
	struct pool	*p = pool_new();
	struct mapset	*s[2];
	struct buf	 b;
	char		 msg[512];

	two_sets(p, s);
	buf_init(&b, 0);
	CU_ASSERT_EQUAL_FATAL(oscal_write((const struct mapset *const *)s, 2,
	    &b, msg, sizeof(msg)), ERR_OK);
	t_assert_holds_all("output", b.data, want);
	/* An absent strength, version or note writes nothing at all. */
	CU_ASSERT_PTR_NULL(strstr(b.data, "\"value\":\"-1\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "null"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "\"props\":[]"));
	buf_free(&b);
	pool_free(p);
}

/*
 * UUIDs are SHA-256 of "annexa-oscal", the kind and the ids, NUL after
 * each, stamped version 5 / variant 10.  These values were computed
 * independently (Python's hashlib); they pin the exported bytes.
 */
static void
uuids_pinned(void)
{
	static const struct fxrow one[] = {
		{ "5.1.1", "A.5.1", REL_EQUAL, 10,
		    NULL, NULL, NULL, NULL, NULL },
	};
	struct pool	*p = pool_new();
	struct mapset	*s;
	struct buf	 b;
	char		 msg[512];

	s = make_set(p, "demo-set", "iso27017-2015", "iso27001-2022", "test",
	    NULL, one, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	buf_init(&b, 0);
	CU_ASSERT_EQUAL_FATAL(oscal_write((const struct mapset *const *)&s, 1,
	    &b, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data,
	    "{\"mapping-collection\":{\"uuid\":"
	    "\"4cf1f6db-057c-5a44-b8ab-678d25ae32d4\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"mappings\":[{\"uuid\":"
	    "\"6b937fc4-aec6-5d18-b722-6e7ac4190329\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data,
	    "\"maps\":[{\"uuid\":\"449f416b-864c-534d-a0c1-0621e87b967d\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"version\":\"unversioned\""));
	/* Another name, other UUIDs. */
	buf_reset(&b);
	s->name = "demo-set2";
	CU_ASSERT_EQUAL_FATAL(oscal_write((const struct mapset *const *)&s, 1,
	    &b, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_PTR_NULL(strstr(b.data, "6b937fc4"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "449f416b"));
	buf_free(&b);
	pool_free(p);
}

#define C(id)	"{\"type\": \"control\", \"id-ref\": \"" id "\"}"

/* A collection another tool wrote: no annexa props at all. */
static const char foreign[] =
    "{\"$schema\": \"https://example.org/oscal_mapping_schema.json\","
    " \"mapping-collection\": {"
    " \"uuid\": \"0f4e1a52-3c1d-4b8e-9d51-0a1c2b3d4e5f\","
    " \"metadata\": {\"title\": \"Vendor crosswalk\","
    "  \"last-modified\": \"2025-01-01T00:00:00Z\", \"version\": \"1.4\","
    "  \"oscal-version\": \"1.2.0\"},"
    " \"provenance\": {\"method\": \"human\", \"matching-rationale\":"
    "  \"functional\", \"status\": \"complete\","
    "  \"mapping-description\": \"Hand-made crosswalk.\"},"
    " \"mappings\": ["
    "  {\"uuid\": \"1f4e1a52-3c1d-4b8e-9d51-0a1c2b3d4e5f\","
    "   \"source-resource\": {\"type\": \"catalog\","
    "    \"href\": \"https://example.org/catalogs/iso27017-2015.json\"},"
    "   \"target-resource\": {\"type\": \"catalog\","
    "    \"href\": \"../cat/iso27001-2022.json?rev=2#top\"},"
    "   \"maps\": ["
    "    {\"uuid\": \"a\", \"relationship\": \"subset-of\","
    "     \"sources\": [" C("8.1.1") ", " C("8.1.2") "],"
    "     \"targets\": [" C("A.5.9") "],"
    "     \"props\": [{\"name\": \"mapper\", \"value\": \"alice\"}],"
    "     \"remarks\": \"Inventory.\"},"
    "    {\"uuid\": \"b\", \"relationship\": \"superset-of\","
    "     \"matching-rationale\": \"syntactic\","
    "     \"sources\": [" C("9.1.1") "],"
    "     \"targets\": [" C("A.5.15") ", " C("A.5.18") "],"
    "     \"confidence-score\": {\"category\": \"high\", \"percentage\": 0.9}},"
    "    {\"uuid\": \"c\", \"relationship\": \"equivalent-to\","
    "     \"sources\": [" C("12.3.1") "], \"targets\": [" C("A.8.13") "]},"
    "    {\"uuid\": \"d\", \"relationship\": \"no-relationship\","
    "     \"sources\": [" C("7.1.1") ", " C("7.1.2") "],"
    "     \"targets\": [" C("A.8.1") ", " C("A.8.2") "]}]},"
    "  {\"uuid\": \"2f4e1a52-3c1d-4b8e-9d51-0a1c2b3d4e5f\","
    "   \"matching-rationale\": \"semantic\","
    "   \"remarks\": \"Second mapping's own provenance.\","
    "   \"source-resource\": {\"type\": \"catalog\","
    "    \"href\": \"ccm-v4.json\"},"
    "   \"target-resource\": {\"type\": \"catalog\", \"href\": \"x.json\","
    "    \"props\": [{\"name\": \"framework\", \"ns\": \"" OSCAL_NS "\","
    "     \"value\": \"soc2-2017\"}]},"
    "   \"maps\": [{\"uuid\": \"e\", \"relationship\": \"intersects-with\","
    "    \"sources\": [" C("IAM-01") "], \"targets\": [" C("CC6.1") "]}]}]}}";

static void
foreign_collection(void)
{
	struct pool		 *p = pool_new();
	struct mapset		**sets = NULL;
	const struct mapping_row *r;
	char			  msg[512];
	size_t			  n = 0;

	CU_ASSERT_EQUAL_FATAL(oscal_read(p, "/tmp/in/vendor-crosswalk.json",
	    foreign, strlen(foreign), &sets, &n, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(sets[0]->name, "vendor-crosswalk-1");
	CU_ASSERT_STRING_EQUAL(sets[1]->name, "vendor-crosswalk-2");
	CU_ASSERT_STRING_EQUAL(sets[0]->source_fw, "iso27017-2015");
	CU_ASSERT_STRING_EQUAL(sets[0]->target_fw, "iso27001-2022");
	CU_ASSERT_STRING_EQUAL(sets[0]->provenance, "Hand-made crosswalk.");
	CU_ASSERT_STRING_EQUAL(sets[0]->version, "1.4");
	/* 2 + 2 + 1 + 4 rows. */
	CU_ASSERT_EQUAL(sets[0]->n, 9);
	/* Two sources, one target, subset-of: each source is a subset. */
	r = mapset_find(sets[0], "8.1.2", "A.5.9");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_SUBSET);
	CU_ASSERT_EQUAL(r->strength, -1);
	CU_ASSERT_STRING_EQUAL(r->rationale, "functional");	/* collection */
	CU_ASSERT_STRING_EQUAL(r->note, "Inventory.");
	CU_ASSERT_PTR_NULL(r->confidence);
	CU_ASSERT_PTR_NULL(r->gap_level);
	/* One source, two targets, superset-of: superset of each. */
	r = mapset_find(sets[0], "9.1.1", "A.5.18");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_SUPERSET);
	CU_ASSERT_STRING_EQUAL(r->rationale, "syntactic");	/* the map's */
	CU_ASSERT_STRING_EQUAL(r->confidence, "high");
	r = mapset_find(sets[0], "12.3.1", "A.8.13");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_EQUIVALENT);
	CU_ASSERT_PTR_NULL(r->note);
	r = mapset_find(sets[0], "7.1.2", "A.8.1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->rel, REL_NONE);
	/* The second mapping: framework prop, own provenance and rationale. */
	CU_ASSERT_STRING_EQUAL(sets[1]->source_fw, "ccm-v4");
	CU_ASSERT_STRING_EQUAL(sets[1]->target_fw, "soc2-2017");
	CU_ASSERT_STRING_EQUAL(sets[1]->provenance,
	    "Second mapping's own provenance.");
	CU_ASSERT_EQUAL_FATAL(sets[1]->n, 1);
	CU_ASSERT_STRING_EQUAL(sets[1]->rows[0].rationale, "semantic");
	CU_ASSERT_EQUAL(sets[1]->rows[0].rel, REL_INTERSECTS);
	pool_free(p);
}

#define COLL(maps) \
	"{\"mapping-collection\": {\"uuid\": \"u\", \"metadata\": " \
	"{\"title\": \"t\", \"last-modified\": \"x\", \"version\": \"1\", " \
	"\"oscal-version\": \"1.2.0\"}, \"mappings\": [{\"uuid\": \"u\", " \
	"\"source-resource\": {\"type\": \"catalog\", \"href\": " \
	"\"iso27017-2015.json\"}, \"target-resource\": {\"type\": " \
	"\"catalog\", \"href\": \"iso27001-2022.json\"}, \"maps\": " maps \
	"}]}}"
#define MAP(rel, src, tgt) \
	"{\"uuid\": \"u\", \"relationship\": \"" rel "\", \"sources\": [" src \
	"], \"targets\": [" tgt "]}"
#define MAPX(rel, src, tgt, extra) \
	"{\"uuid\": \"u\", \"relationship\": \"" rel "\", \"sources\": [" src \
	"], \"targets\": [" tgt "], " extra "}"

/* Expects code from oscal_read and every string of want in the message. */
static void
expect_fail(const char *text, size_t len, enum err code,
    const char *const *want)
{
	struct pool	 *p = pool_new();
	struct mapset	**sets = NULL;
	char		  msg[512];
	size_t		  n = 99;

	msg[0] = '\0';
	CU_ASSERT_EQUAL(oscal_read(p, "x.json", text, len, &sets, &n, msg,
	    sizeof(msg)), code);
	CU_ASSERT_PTR_NULL(sets);
	CU_ASSERT_EQUAL(n, 0);
	t_assert_holds_all("message", msg, want);
	pool_free(p);
}

#define FAILS(text, code, ...) \
	expect_fail(text, strlen(text), code, \
	    (const char *[]){ __VA_ARGS__, NULL })

static void
refusals(void)
{
	/* Several to several says nothing about a pair. */
	FAILS(COLL("[" MAP("intersects-with", C("1.1.1") "," C("1.1.2"),
	    C("A.5.1")) "]"), ERR_INVALID,
	    "x.json: mapping-collection.mappings[0].maps[0]: several sources "
	    "or targets");
	FAILS(COLL("[" MAP("equal-to", C("1.1.1") "," C("1.1.2"),
	    C("A.5.1") "," C("A.5.2")) "]"), ERR_INVALID,
	    "mappings[0].maps[0]: several sources");
	FAILS(COLL("[" MAP("subset-of", C("1.1.1"),
	    C("A.5.1") "," C("A.5.2")) "]"), ERR_INVALID,
	    "mappings[0].maps[0]: several sources");
	/* Statements are not controls. */
	FAILS(COLL("[" MAP("subset-of", "{\"type\": \"statement\", \"id-ref\": "
	    "\"ac-1_smt.a\"}", C("A.5.1")) "]"), ERR_INVALID,
	    "mappings[0].maps[0].sources[0].type: statement-level");
	/* Relationships. */
	FAILS(COLL("[" MAP("related-to", C("1.1.1"), C("A.5.1")) "]"),
	    ERR_INVALID, "mappings[0].maps[0].relationship: must be equal-to");
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"ns\": \"https://example.org\"") "]"), ERR_INVALID,
	    "mappings[0].maps[0].ns: only OSCAL's own");
	FAILS(COLL("[{\"uuid\": \"u\", \"sources\": [], \"targets\": []}]"),
	    ERR_INVALID, "mappings[0].maps[0].relationship: must be a string");
	/* Wrong types. */
	FAILS(COLL("{}"), ERR_INVALID,
	    "x.json: mapping-collection.mappings[0].maps: must be an array");
	FAILS(COLL("[" MAP("subset-of", C("1.1.1"),
	    "{\"type\": \"control\", \"id-ref\": 7}") "]"), ERR_INVALID,
	    "mappings[0].maps[0].targets[0].id-ref: must be a control id");
	FAILS(COLL("[" MAP("subset-of", C("1.1.1"), C("A 5 1")) "]"),
	    ERR_INVALID, "mappings[0].maps[0].targets[0].id-ref");
	FAILS(COLL("[" MAP("subset-of", C("1.1.1"), "") "]"), ERR_INVALID,
	    "mappings[0].maps[0].targets: must be an array of 1 to 64");
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"remarks\": 5") "]"), ERR_INVALID, "maps[0].remarks");
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"matching-rationale\": \"vibes\"") "]"), ERR_INVALID,
	    "maps[0].matching-rationale: must be syntactic");
	/* The same pair twice. */
	FAILS(COLL("[" MAP("subset-of", C("1.1.1"), C("A.5.1")) ","
	    MAP("equal-to", C("1.1.1"), C("A.5.1")) "]"), ERR_INVALID,
	    "mappings[0].maps[1]: 1.1.1 -> A.5.1 is mapped twice (first in "
	    "maps[0])");
	/* annexa's own props are checked. */
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"props\": [{\"name\": \"colour\", \"ns\": \"" OSCAL_NS "\", "
	    "\"value\": \"red\"}]") "]"), ERR_INVALID,
	    "maps[0].props[0].name: not an annexa prop here");
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"props\": [{\"name\": \"strength\", \"ns\": \"" OSCAL_NS "\", "
	    "\"value\": \"11\"}]") "]"), ERR_INVALID,
	    "maps[0].props: strength");
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"props\": [{\"name\": \"addendum\", \"ns\": \"" OSCAL_NS "\", "
	    "\"value\": \"in-remarks\"}]") "]"), ERR_INVALID,
	    "maps[0].props[0].remarks: the addendum");
	FAILS(COLL("[" MAPX("subset-of", C("1.1.1"), C("A.5.1"),
	    "\"props\": [{\"name\": 3, \"value\": \"x\"}]") "]"), ERR_INVALID,
	    "maps[0].props[0].name: must be a string");
	/* Not a mapping collection at all. */
	FAILS("[]", ERR_INVALID, "x.json: mapping-collection");
	FAILS("{\"catalog\": {}}", ERR_INVALID, "x.json: mapping-collection");
	FAILS("{\"mapping-collection\": {\"mappings\": []}}", ERR_INVALID,
	    "mapping-collection.mappings: must be an array of mappings");
	FAILS("{\"mapping-collection\": {\"mappings\": [{}]}, \"x\": 1}",
	    ERR_INVALID, "nothing beside");
	FAILS("{\"mapping-collection\": {\"mappings\": [5]}}", ERR_INVALID,
	    "mapping-collection.mappings[0]: must be an object");
	FAILS("{\"mapping-collection\": ", ERR_INVALID, "x.json:1: ");
}

/* Pieces of a collection: one mapping, a resource, a set-name prop. */
#define ONE_MAPPING(m) \
	"{\"mapping-collection\": {\"mappings\": [" m "]}}"
#define RES(href)	"{\"type\": \"catalog\", \"href\": \"" href "\"}"
#define SET_NAME(v) \
	"\"props\": [{\"name\": \"set-name\", \"ns\": \"" OSCAL_NS "\", " \
	"\"value\": \"" v "\"}]"

static void
refusals_of_frameworks_and_names(void)
{
	/* An href that names no framework, and no prop. */
	FAILS(ONE_MAPPING("{\"source-resource\": " RES("#8d0b") ", "
	    "\"target-resource\": " RES("a.json") ", \"maps\": []}"),
	    ERR_INVALID, "mappings[0].source-resource: cannot tell which "
	    "annexa framework");
	FAILS(ONE_MAPPING("{\"source-resource\": " RES("a.json") ", "
	    "\"target-resource\": " RES("b/a.json") ", \"maps\": []}"),
	    ERR_INVALID, "mappings[0].target-resource: names the same");
	/* A set-name prop that is not an identifier. */
	FAILS(ONE_MAPPING("{" SET_NAME("bad name") ", \"source-resource\": "
	    RES("a.json") ", \"target-resource\": " RES("b.json") ", "
	    "\"maps\": []}"), ERR_INVALID,
	    "mapping-collection.mappings[0].props: set-name");
	/* Two mappings with one set name. */
	FAILS(ONE_MAPPING("{" SET_NAME("s") ", \"source-resource\": "
	    RES("a.json") ", \"target-resource\": " RES("b.json") ", "
	    "\"maps\": [" MAP("subset-of", C("1"), C("2")) "]}, "
	    "{" SET_NAME("s") ", \"source-resource\": " RES("a.json") ", "
	    "\"target-resource\": " RES("b.json") ", "
	    "\"maps\": [" MAP("subset-of", C("1"), C("2")) "]}"),
	    ERR_INVALID, "mappings[1]: set s is also mappings[0]");
}

/* The start of a collection whose one mapping's maps follow. */
#define ONE_MAPPING_HEAD \
	"{\"mapping-collection\": {\"mappings\": [{\"source-resource\": " \
	RES("a.json") ", \"target-resource\": " RES("b.json") ", " \
	"\"maps\": ["

/* Builds a collection of nmappings mappings, each one map with nsources. */
static char *
big_collection(size_t nmappings, size_t nsources)
{
	struct buf	b;
	size_t		i, k;

	buf_init(&b, 0);
	buf_puts(&b, "{\"mapping-collection\": {\"mappings\": [");
	for (i = 0; i < nmappings; i++) {
		buf_printf(&b, "%s{\"source-resource\": " RES("a.json") ", "
		    "\"target-resource\": " RES("b.json") ", \"maps\": [{"
		    "\"relationship\": \"subset-of\", \"targets\": [" C("t")
		    "], \"sources\": [", i > 0 ? "," : "");
		for (k = 0; k < nsources; k++)
			buf_printf(&b, "%s{\"type\": \"control\", \"id-ref\": "
			    "\"s%zu\"}", k > 0 ? "," : "", k);
		buf_puts(&b, "]}]}");
	}
	buf_puts(&b, "]}}");
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* One mapping of nmaps no-relationship maps, each 64 x 64 controls. */
static char *
cross_collection(size_t nmaps)
{
	struct buf	b;
	size_t		m, i;
	int		side;

	buf_init(&b, 0);
	buf_puts(&b, ONE_MAPPING_HEAD);
	for (m = 0; m < nmaps; m++) {
		buf_printf(&b, "%s{\"relationship\": \"no-relationship\"",
		    m > 0 ? "," : "");
		for (side = 0; side < 2; side++) {
			buf_puts(&b, side == 0 ? ", \"sources\": [" :
			    ", \"targets\": [");
			for (i = 0; i < OSCAL_ITEMS_MAX; i++)
				buf_printf(&b, "%s{\"type\": \"control\", "
				    "\"id-ref\": \"%c%zu-%zu\"}",
				    i > 0 ? "," : "", side == 0 ? 's' : 't',
				    m, i);
			buf_putc(&b, ']');
		}
		buf_putc(&b, '}');
	}
	buf_puts(&b, "]}]}}");
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

static void
hostile_input(void)
{
	static const char	 nul[] =
	    "{\"mapping-collection\": {\"a\": \"x\\u0000y\"}}";
	static const char	 raw[] =
	    "{\"mapping-collection\": {\"a\": \"x\0y\"}}";
	char			*big;

	FAILS(nul, ERR_INVALID, "x.json:1: ");
	expect_fail(raw, sizeof(raw) - 1, ERR_INVALID,
	    (const char *[]){ "x.json:1: ", NULL });
	/* 65 sources in one map. */
	big = big_collection(1, OSCAL_ITEMS_MAX + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	FAILS(big, ERR_INVALID, "mappings[0].maps[0].sources: must be an array "
	    "of 1 to 64");
	free(big);
	/* 64 sources into one target is fine: 64 subset rows. */
	big = big_collection(1, OSCAL_ITEMS_MAX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	{
		struct pool	 *p = pool_new();
		struct mapset	**sets;
		char		  msg[512];
		size_t		  n;

		CU_ASSERT_EQUAL(oscal_read(p, "x.json", big, strlen(big), &sets,
		    &n, msg, sizeof(msg)), ERR_OK);
		CU_ASSERT_EQUAL(n, 1);
		if (n == 1)
			CU_ASSERT_EQUAL(sets[0]->n, OSCAL_ITEMS_MAX);
		pool_free(p);
	}
	free(big);
	/* Cross products past the rows a set may hold: 25 x 64 x 64. */
	big = cross_collection(25);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	FAILS(big, ERR_TOO_LARGE, "mappings[0].maps[24]: the set has more "
	    "rows than annexa keeps");
	free(big);
	/* More mappings than a collection may hold. */
	big = big_collection(OSCAL_SETS_MAX + 1, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	FAILS(big, ERR_TOO_LARGE, "mapping-collection.mappings: more than 256");
	free(big);
	/* Deep nesting stops in the parser. */
	big = malloc(40001);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, '[', 20000);
	memset(big + 20000, ']', 20000);
	big[40000] = '\0';
	FAILS(big, ERR_INVALID, "x.json:1: ");
	free(big);
}

static void
write_refusals(void)
{
	struct pool	*p = pool_new();
	struct mapset	*s[2];
	struct buf	 b;
	char		 msg[512];

	two_sets(p, s);
	buf_init(&b, 0);
	CU_ASSERT_EQUAL(oscal_write((const struct mapset *const *)s, 0, &b, msg,
	    sizeof(msg)), ERR_INVALID);
	/* Sets must pass mapset_check(). */
	s[1]->provenance = NULL;
	CU_ASSERT_EQUAL(oscal_write((const struct mapset *const *)s, 2, &b, msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "provenance"));
	s[1]->provenance = "p";
	s[1]->name = s[0]->name;
	CU_ASSERT_EQUAL(oscal_write((const struct mapset *const *)s, 2, &b, msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "given twice"));
	/* A bounded buffer too small for the document. */
	buf_free(&b);
	buf_init(&b, 100);
	CU_ASSERT_EQUAL(oscal_write((const struct mapset *const *)s, 1, &b, msg,
	    sizeof(msg)), ERR_TOO_LARGE);
	buf_free(&b);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "round trip: field by field, then byte for byte", round_trip },
	{ "output in OSCAL 1.2 terms", output_shape },
	{ "UUIDs are derived and pinned", uuids_pinned },
	{ "a collection another tool wrote", foreign_collection },
	{ "refusals name file and JSON location", refusals },
	{ "refusals: frameworks and set names",
	    refusals_of_frameworks_and_names },
	{ "hostile input fails cleanly", hostile_input },
	{ "the writer refuses bad sets", write_refusals },
	{ NULL, NULL }
};

int
suite_oscal(void)
{
	return add_suite("oscal", tests);
}
