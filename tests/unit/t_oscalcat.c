/*
 * t_oscalcat.c — OSCAL catalogs: nested groups, enhancements, withdrawn
 * controls, controls outside groups, where the framework row comes from,
 * and every refusal naming its JSON location.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "oscal.h"
#include "oscalcat.h"
#include "pool.h"
#include "tests.h"

#define UUID	"\"uuid\": \"8a6d5c2e-3f41-4b7a-9c0d-1e2f3a4b5c6d\""
#define PARTIES	"\"roles\": [{\"id\": \"creator\", \"title\": \"Creator\"}], " \
	"\"parties\": [{\"uuid\": \"11111111-2222-4333-8444-555555555555\", " \
	"\"type\": \"organization\", \"name\": \"Example Org\"}], " \
	"\"responsible-parties\": [{\"role-id\": \"creator\", \"party-uuids\": " \
	"[\"11111111-2222-4333-8444-555555555555\"]}]"
#define META	"\"metadata\": {\"title\": \"Example Catalog\", " \
	"\"last-modified\": \"2026-01-01T00:00:00Z\", \"version\": \"2.1\", " \
	"\"oscal-version\": \"1.1.2\", " PARTIES "}"

/* A catalog document around body (the catalog's members after metadata). */
static char *
catalog_of(const char *body)
{
	static char	doc[8192];

	snprintf(doc, sizeof(doc), "{\"catalog\": {" UUID ", " META "%s%s}}",
	    body[0] != '\0' ? ", " : "", body);
	return doc;
}

/* Reads text with the options given (file stem "example-cat"). */
static enum err
read_text(struct pool *p, const char *text, const struct oscalcat_opts *given,
    struct catalog_doc *doc, struct oscalcat_counts *n, char *msg,
    size_t msgsz)
{
	struct oscalcat_opts	o;

	memset(&o, 0, sizeof(o));
	if (given != NULL)
		o = *given;
	if (o.file_stem == NULL)
		o.file_stem = "example-cat";
	msg[0] = '\0';
	return oscalcat_read(p, "cat.json", text, strlen(text), &o, doc, n, msg,
	    msgsz);
}

/*
 * A catalog with a control outside groups (with an enhancement), a group
 * holding a nested group and its own controls, enhancements two levels
 * deep, a withdrawn control with an enhancement, a withdrawn enhancement,
 * and a status prop of someone else's namespace that withdraws nothing.
 */
static const char nested_body[] =
    "\"controls\": [{\"id\": \"top-1\", \"title\": \"Top control\", "
    "  \"controls\": [{\"id\": \"top-1.1\", \"title\": \"Top enhancement\"}]}],"
    "\"groups\": ["
    " {\"id\": \"ac\", \"class\": \"family\", \"title\": \"Access Control\","
    "  \"groups\": [{\"title\": \"Account management (no id)\","
    "    \"groups\": [{\"id\": \"Konten\u00fcbersicht\", \"title\": \"An id "
    "     annexa would not take, on a nested group\"}],"
    "    \"controls\": [{\"id\": \"ac-1\", \"title\": \"Policy\","
    "      \"parts\": [{\"name\": \"statement\", \"prose\": \"ignored\"}]}]}],"
    "  \"controls\": ["
    "   {\"id\": \"ac-2\", \"title\": \"Account Management\","
    "    \"props\": [{\"name\": \"label\", \"value\": \"AC-2\"},"
    "                {\"name\": \"status\", \"ns\": \"https://example.org/ns\","
    "                 \"value\": \"withdrawn\"}],"
    "    \"controls\": ["
    "     {\"id\": \"ac-2.1\", \"title\": \"Automated Account Management\","
    "      \"controls\": [{\"id\": \"ac-2.1.a\", \"title\": \"Deeper\"}]},"
    "     {\"id\": \"ac-2.2\", \"title\": \"Gone\", \"props\": [{\"name\": "
    "      \"status\", \"value\": \"withdrawn\"}]}]},"
    "   {\"id\": \"ac-13\", \"title\": \"Supervision\", \"props\": [{\"name\":"
    "    \"status\", \"ns\": \"http://csrc.nist.gov/ns/oscal\", \"value\": "
    "    \"withdrawn\"}], \"links\": [{\"href\": \"#ac-2\", \"rel\": "
    "    \"incorporated-into\"}],"
    "    \"controls\": [{\"id\": \"ac-13.1\", \"title\": \"Under a withdrawn "
    "     control\"}]}]},"
    " {\"id\": \"pe\", \"title\": \"Physical\", \"controls\": ["
    "   {\"id\": \"pe-1\", \"title\": \"Physical policy\"}]}]";

static void
nested_catalog(void)
{
	static const struct {
		const char	*id, *title, *group_id, *group_title;
	} want[] = {
		{ "top-1", "Top control", "top-1", "Top control" },
		{ "top-1.1", "Top enhancement", "top-1", "Top control" },
		{ "ac-1", "Policy", "ac", "Access Control" },
		{ "ac-2", "Account Management", "ac", "Access Control" },
		{ "ac-2.1", "Automated Account Management", "ac",
		    "Access Control" },
		{ "ac-2.1.a", "Deeper", "ac", "Access Control" },
		{ "pe-1", "Physical policy", "pe", "Physical" },
	};
	struct catalog_doc	doc;
	struct oscalcat_counts	n;
	struct pool		*p = pool_new();
	char			msg[1024];
	size_t			i;

	CU_ASSERT_EQUAL_FATAL(read_text(p, catalog_of(nested_body), NULL, &doc,
	    &n, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(msg, "");
	CU_ASSERT_EQUAL(n.groups, 3);
	CU_ASSERT_EQUAL(n.controls, 7);
	CU_ASSERT_EQUAL(n.enhancements, 3);
	CU_ASSERT_EQUAL(n.withdrawn, 3);
	CU_ASSERT_EQUAL_FATAL(doc.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < doc.n; i++) {
		CU_ASSERT_STRING_EQUAL(doc.controls[i].id, want[i].id);
		CU_ASSERT_STRING_EQUAL(doc.controls[i].title, want[i].title);
		CU_ASSERT_STRING_EQUAL(doc.controls[i].group_id,
		    want[i].group_id);
		CU_ASSERT_STRING_EQUAL(doc.controls[i].group_title,
		    want[i].group_title);
	}
	/* The framework row: file stem, title, version, the creator. */
	CU_ASSERT_STRING_EQUAL(doc.id, "example-cat");
	CU_ASSERT_STRING_EQUAL(doc.name, "Example Catalog");
	CU_ASSERT_STRING_EQUAL(doc.version, "2.1");
	CU_ASSERT_STRING_EQUAL(doc.publisher, "Example Org");
	pool_free(p);
}

static void
framework_row(void)
{
	struct catalog_doc	doc;
	struct oscalcat_counts	n;
	struct oscalcat_opts	o;
	struct pool		*p = pool_new();
	char			msg[1024], text[8192];
	static const char	ctl[] = "\"controls\": [{\"id\": \"x-1\", "
	    "\"title\": \"X\"}]";

	/* The options win over the metadata. */
	memset(&o, 0, sizeof(o));
	o.framework = "my-fw";
	o.name = "My framework";
	o.publisher = "Me";
	CU_ASSERT_EQUAL_FATAL(read_text(p, catalog_of(ctl), &o, &doc, &n, msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(doc.id, "my-fw");
	CU_ASSERT_STRING_EQUAL(doc.name, "My framework");
	CU_ASSERT_STRING_EQUAL(doc.publisher, "Me");
	CU_ASSERT_EQUAL(n.groups, 1);
	/* annexa's framework prop in the metadata wins over the file name;
	 * a party in the role publisher over the creator. */
	snprintf(text, sizeof(text), "{\"catalog\": {" UUID ", \"metadata\": {"
	    "\"title\": \"T\", \"version\": \"1\", \"oscal-version\": \"1.0.4\","
	    "\"props\": [{\"name\": \"framework\", \"ns\": \"" OSCAL_NS "\", "
	    "\"value\": \"from-prop\"}, {\"name\": \"framework\", \"value\": "
	    "\"not-ours\"}],"
	    "\"parties\": [{\"uuid\": \"a\", \"type\": \"organization\", "
	    "\"name\": \"Creator Org\"}, {\"uuid\": \"b\", \"type\": "
	    "\"organization\", \"name\": \"Publisher Org\"}],"
	    "\"responsible-parties\": [{\"role-id\": \"creator\", "
	    "\"party-uuids\": [\"a\"]}, {\"role-id\": \"publisher\", "
	    "\"party-uuids\": [\"b\"]}]}, %s}}", ctl);
	CU_ASSERT_EQUAL_FATAL(read_text(p, text, NULL, &doc, &n, msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(doc.id, "from-prop");
	CU_ASSERT_STRING_EQUAL(doc.publisher, "Publisher Org");
	/* A file name that is no identifier, and no option: refused. */
	memset(&o, 0, sizeof(o));
	o.file_stem = "my catalog (v2)";
	CU_ASSERT_EQUAL(read_text(p, catalog_of(ctl), &o, &doc, &n, msg,
	    sizeof(msg)), ERR_INVALID);
	t_assert_holds_all("no id", msg, (const char *const[]){
	    "cat.json: catalog.metadata: no framework id", "my catalog (v2)",
	    "--framework", NULL });
	CU_ASSERT_PTR_NULL(doc.controls);
	o.framework = "bad id";
	CU_ASSERT_EQUAL(read_text(p, catalog_of(ctl), &o, &doc, &n, msg,
	    sizeof(msg)), ERR_INVALID);
	t_assert_holds_all("bad --framework", msg, (const char *const[]){
	    "cat.json: --framework: must be", NULL });
	/* No party in either role, and no --publisher. */
	snprintf(text, sizeof(text), "{\"catalog\": {" UUID ", \"metadata\": {"
	    "\"title\": \"T\", \"version\": \"1\", \"oscal-version\": \"1.1.2\"},"
	    " %s}}", ctl);
	CU_ASSERT_EQUAL(read_text(p, text, NULL, &doc, &n, msg, sizeof(msg)),
	    ERR_INVALID);
	t_assert_holds_all("no publisher", msg, (const char *const[]){
	    "catalog.metadata.responsible-parties", "--publisher", NULL });
	memset(&o, 0, sizeof(o));
	o.publisher = "Given";
	CU_ASSERT_EQUAL(read_text(p, text, &o, &doc, &n, msg, sizeof(msg)),
	    ERR_OK);
	pool_free(p);
}

/* Each malformed catalog and the location its message must name. */
static void
refusals(void)
{
	static const struct {
		const char	*text;	/* a body when it starts with '"' */
		const char	*want1, *want2;
	} cases[] = {
		{ "{\"mapping-collection\": {}}", "cat.json: catalog: the "
		    "document must be an object holding an OSCAL catalog", "" },
		{ "{\"profile\": {}}", "cat.json: catalog: this is an OSCAL "
		    "profile", "" },
		{ "[1]", "cat.json: catalog:", "" },
		{ "{\"catalog\": {\"metadata\": {}}}", "catalog.uuid: is "
		    "missing", "" },
		{ "{\"catalog\": {\"uuid\": \"nope\"}}", "catalog.uuid: must be "
		    "a UUID", "" },
		{ "{\"catalog\": {" UUID "}}", "catalog.metadata: is missing",
		    "" },
		{ "{\"catalog\": {" UUID ", \"metadata\": []}}",
		    "catalog.metadata: must be an object", "" },
		{ "{\"catalog\": {" UUID ", \"metadata\": {\"title\": \"T\"}}}",
		    "catalog.metadata.oscal-version: is missing", "" },
		{ "{\"catalog\": {" UUID ", \"metadata\": {\"title\": \"T\", "
		    "\"version\": \"1\", \"oscal-version\": \"2.0.0\"}}}",
		    "catalog.metadata.oscal-version: annexa reads OSCAL 1.x",
		    "2.0.0" },
		{ "{\"catalog\": {" UUID ", \"metadata\": {\"version\": \"1\", "
		    "\"oscal-version\": \"1.1.2\"}}}",
		    "catalog.metadata.title: is missing", "" },
		{ "{\"catalog\": {" UUID ", \"metadata\": {\"title\": \"T\", "
		    "\"oscal-version\": \"1.1.2\"}}}",
		    "catalog.metadata.version: is missing", "" },
		{ "{\"catalog\": {" UUID ", " META "}, \"extra\": 1}",
		    "cat.json: extra: a catalog document has nothing beside", "" },
		{ "{\"catalog\": {" UUID ", " META, "cat.json:1:", "" },
		{ "\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": "
		    "[{\"title\": \"no id\"}]}]",
		    "catalog.groups[0].controls[0].id: is missing", "" },
		{ "\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": "
		    "[{\"id\": \"g-1\", \"title\": \"ok\", \"controls\": "
		    "[{\"id\": \"g-1.1\"}]}]}]",
		    "catalog.groups[0].controls[0].controls[0].title: is missing",
		    "" },
		{ "\"controls\": [{\"id\": \"AC-2(1)\", \"title\": \"label as "
		    "id\"}]", "catalog.controls[0].id: must be 1 to 64", "" },
		{ "\"controls\": [{\"id\": 7, \"title\": \"t\"}]",
		    "catalog.controls[0].id: must be", "" },
		{ "\"controls\": [{\"id\": \"c\", \"title\": \"\"}]",
		    "catalog.controls[0].title: must be 1 to 500 bytes", "" },
		{ "\"controls\": [{\"id\": \"c\", \"title\": \"a\\nb\\u0001\"}]",
		    "catalog.controls[0].title: must be", "" },
		{ "\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"controls\": ["
		    "{\"id\": \"c-1\", \"title\": \"A\"}]}, {\"id\": \"h\", "
		    "\"title\": \"H\", \"controls\": [{\"id\": \"c-1\", \"title\": "
		    "\"B\"}]}]", "catalog.groups[1].controls[0].id: c-1 is used "
		    "twice (first at catalog.groups[0].controls[0])", "" },
		{ "\"controls\": [{\"id\": \"g\", \"title\": \"A\"}], \"groups\": "
		    "[{\"id\": \"g\", \"title\": \"G\"}]",
		    "catalog.groups[0].id: g is used twice (first at "
		    "catalog.controls[0])", "" },
		{ "\"groups\": [{\"title\": \"G\", \"controls\": [{\"id\": \"c\", "
		    "\"title\": \"A\"}]}]", "catalog.groups[0].id: is missing",
		    "outermost" },
		{ "\"groups\": [{\"id\": \"g\"}]", "catalog.groups[0].title: is "
		    "missing", "" },
		{ "\"groups\": [{\"id\": \"g h\", \"title\": \"G\"}]",
		    "catalog.groups[0].id: must be 1 to 64", "" },
		{ "\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"groups\": "
		    "[{\"id\": 1, \"title\": \"H\"}]}]",
		    "catalog.groups[0].groups[0].id: must be a string", "" },
		{ "\"groups\": [{\"id\": \"g\", \"title\": \"G\", \"groups\": "
		    "[{\"id\": \"g\", \"title\": \"H\"}]}]",
		    "catalog.groups[0].groups[0].id: g is used twice (first at "
		    "catalog.groups[0])", "" },
		{ "\"groups\": {\"id\": \"g\"}", "catalog.groups: must be an "
		    "array", "" },
		{ "\"controls\": [{\"id\": \"c\", \"title\": \"A\", \"props\": "
		    "{}}]", "catalog.controls[0].props: must be an array", "" },
		{ "\"controls\": [{\"id\": \"c\", \"title\": \"A\", \"props\": "
		    "[{\"name\": \"status\"}]}]",
		    "catalog.controls[0].props[0].value: must be a string", "" },
		{ "\"controls\": [\"c\"]", "catalog.controls[0]: must be an "
		    "object", "" },
		{ "\"groups\": []", "catalog: holds no control to import", "" },
		{ "\"controls\": [{\"id\": \"c\", \"title\": \"A\", \"props\": "
		    "[{\"name\": \"status\", \"value\": \"withdrawn\"}]}]",
		    "catalog: holds no control to import", "" },
	};
	struct catalog_doc	doc;
	struct oscalcat_counts	n;
	struct pool		*p = pool_new();
	char			msg[1024];
	const char		*text;
	size_t			i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text = cases[i].text[0] == '"' ? catalog_of(cases[i].text) :
		    cases[i].text;
		CU_ASSERT_EQUAL(read_text(p, text, NULL, &doc, &n, msg,
		    sizeof(msg)), ERR_INVALID);
		t_assert_holds_all(cases[i].want1, msg, (const char *const[]){
		    cases[i].want1, cases[i].want2, NULL });
		CU_ASSERT_EQUAL(doc.n, 0);
		CU_ASSERT_EQUAL(n.controls, 0);
	}
	pool_free(p);
}

/* Nesting past OSCALCAT_DEPTH_MAX, and more controls than annexa keeps. */
static void
bounds(void)
{
	struct catalog_doc	 doc;
	struct oscalcat_counts	 n;
	struct pool		*p = pool_new();
	char			 msg[1024], *text, *w;
	size_t			 i, cap = 1 << 20;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text = malloc(cap));
	/* 40 controls, each nested in the one before. */
	w = text + snprintf(text, cap, "{\"catalog\": {" UUID ", " META ", ");
	for (i = 0; i < 40; i++)
		w += sprintf(w, "\"controls\": [{\"id\": \"c%zu\", \"title\": "
		    "\"C\", ", i);
	w += sprintf(w, "\"class\": \"x\"");
	for (i = 0; i < 40; i++)
		w += sprintf(w, "}]");
	sprintf(w, "}}");
	CU_ASSERT_EQUAL(read_text(p, text, NULL, &doc, &n, msg, sizeof(msg)),
	    ERR_INVALID);
	t_assert_holds_all("deep", msg, (const char *const[]){
	    "controls: nested more than 32 levels deep", NULL });
	/* 10001 controls. */
	w = text + snprintf(text, cap, "{\"catalog\": {" UUID ", " META ", "
	    "\"controls\": [");
	for (i = 0; i <= CATALOG_CONTROLS_MAX; i++)
		w += sprintf(w, "%s{\"id\": \"c%zu\", \"title\": \"C\"}",
		    i > 0 ? "," : "", i);
	sprintf(w, "]}}");
	CU_ASSERT_EQUAL(read_text(p, text, NULL, &doc, &n, msg, sizeof(msg)),
	    ERR_INVALID);
	t_assert_holds_all("many", msg, (const char *const[]){
	    "catalog.controls[10000]: more controls than annexa keeps", NULL });
	/* 10000 are fine. */
	w = text + snprintf(text, cap, "{\"catalog\": {" UUID ", " META ", "
	    "\"controls\": [");
	for (i = 0; i < CATALOG_CONTROLS_MAX; i++)
		w += sprintf(w, "%s{\"id\": \"c%zu\", \"title\": \"C\"}",
		    i > 0 ? "," : "", i);
	sprintf(w, "]}}");
	CU_ASSERT_EQUAL(read_text(p, text, NULL, &doc, &n, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_EQUAL(doc.n, CATALOG_CONTROLS_MAX);
	free(text);
	pool_free(p);
}

/* Every cut of a valid catalog fails cleanly, never crashes. */
static void
cut_input(void)
{
	struct catalog_doc	 doc;
	struct oscalcat_counts	 n;
	struct oscalcat_opts	 o;
	struct pool		*p = pool_new();
	char			 msg[1024];
	const char		*text = catalog_of(nested_body);
	size_t			 len = strlen(text), i;

	memset(&o, 0, sizeof(o));
	o.file_stem = "x";
	for (i = 0; i < len; i++)
		CU_ASSERT_NOT_EQUAL(oscalcat_read(p, "cut.json", text, i, &o,
		    &doc, &n, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(oscalcat_read(p, "cut.json", text, len, &o, &doc, &n,
	    msg, sizeof(msg)), ERR_OK);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "nested groups, enhancements, withdrawn, outside groups",
	    nested_catalog },
	{ "the framework row: options, props, parties", framework_row },
	{ "malformed catalogs are refused naming the place", refusals },
	{ "nesting depth and control count are bounded", bounds },
	{ "every cut of a catalog fails cleanly", cut_input },
	{ NULL, NULL }
};

int
suite_oscalcat(void)
{
	return add_suite("oscalcat", tests);
}
