#include "config.h"

#include <string.h>

#include "input.h"
#include "pool.h"
#include "query.h"
#include "route.h"
#include "tests.h"

/* Splits path and matches it with method name m. */
static enum err
find(const char *path, const char *m, struct route_match *rm)
{
	struct pool	*p = pool_new();
	char		*segs[PATH_SEGMENTS_MAX];
	static char	 keep[8][128];
	size_t		 n, i;
	enum method	 meth = METHOD_GET;
	bool		 known;
	enum err	 e;

	CU_ASSERT_EQUAL_FATAL(query_path(p, path, segs, &n), ERR_OK);
	/* copy the segments out of the pool so captures stay valid */
	for (i = 0; i < n && i < 8; i++) {
		snprintf(keep[i], sizeof(keep[i]), "%s", segs[i]);
		segs[i] = keep[i];
	}
	known = route_method(m, &meth);
	e = route_find(segs, n, known, meth, rm);
	pool_free(p);
	return e;
}

static void
matches_static_and_params(void)
{
	struct route_match	m;

	CU_ASSERT_EQUAL(find("/healthz", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_HEALTHZ);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_FRAMEWORKS);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks/ccm-v4/controls", "GET", &m),
	    ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_FRAMEWORK_CONTROLS);
	CU_ASSERT_PTR_NOT_NULL_FATAL(route_param(&m, "fw"));
	CU_ASSERT_STRING_EQUAL(route_param(&m, "fw"), "ccm-v4");
	CU_ASSERT_PTR_NULL(route_param(&m, "f"));
	CU_ASSERT_PTR_NULL(route_param(&m, "org"));
}

static void
unknown_and_wrong_method(void)
{
	struct route_match	m;

	CU_ASSERT_EQUAL(find("/api/v1/nope", "GET", &m), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks/", "GET", &m), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks//controls", "GET", &m),
	    ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks/x/controls/y", "GET", &m),
	    ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/healthz/", "GET", &m), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks", "POST", &m), ERR_METHOD);
	CU_ASSERT_EQUAL(m.allow, 1u << METHOD_GET);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks", "HEAD", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_FRAMEWORKS);
	CU_ASSERT_EQUAL(find("/api/v1/frameworks", "DELETE", &m), ERR_METHOD);
	CU_ASSERT_EQUAL(m.allow, 1u << METHOD_GET);
}

static void
table_is_consistent(void)
{
	int	r;

	for (r = 0; r < ROUTE__MAX; r++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(route_defs[r].pattern);
		CU_ASSERT_EQUAL(route_defs[r].pattern[0], '/');
		CU_ASSERT_PTR_NOT_NULL(route_defs[r].name);
		/* every /api/v1 route needs a token */
		if (strncmp(route_defs[r].pattern, "/api/v1/", 8) == 0)
			CU_ASSERT_TRUE(route_defs[r].auth);
	}
}

static void
input_keys(void)
{
	struct query	q;
	struct input	in;
	const char	*field, *code, *expect, *list[INPUT_LIST_MAX];
	struct pool	*p = pool_new();

	q.n = 1;
	q.pairs[0].key = "group";
	q.pairs[0].val = "A.5";
	CU_ASSERT_EQUAL(input_parse(p, &q, KEYBIT(KEY_GROUP), &in, &field, &code,
	    &expect), ERR_OK);
	CU_ASSERT_STRING_EQUAL(in.val[KEY_GROUP], "A.5");
	/* a key the route does not declare */
	CU_ASSERT_EQUAL(input_parse(p, &q, 0, &in, &field, &code, &expect),
	    ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(field, "group");
	CU_ASSERT_STRING_EQUAL(code, "unknown_parameter");
	/* a bad value */
	q.pairs[0].val = "A 5";
	CU_ASSERT_EQUAL(input_parse(p, &q, KEYBIT(KEY_GROUP), &in, &field, &code,
	    &expect), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(code, "invalid_parameter");
	CU_ASSERT_PTR_NOT_NULL(expect);
	/* twice */
	q.n = 2;
	q.pairs[0].val = "A.5";
	q.pairs[1] = q.pairs[0];
	CU_ASSERT_EQUAL(input_parse(p, &q, KEYBIT(KEY_GROUP), &in, &field, &code,
	    &expect), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(code, "duplicate_parameter");
	/* a list key may repeat: the values are joined */
	q.pairs[0].key = q.pairs[1].key = "mapping_set";
	q.pairs[0].val = "a,b";
	q.pairs[1].val = "c";
	CU_ASSERT_EQUAL(input_parse(p, &q, KEYBIT(KEY_MAPPING_SET), &in, &field,
	    &code, &expect), ERR_OK);
	CU_ASSERT_STRING_EQUAL(in.val[KEY_MAPPING_SET], "a,b,c");
	CU_ASSERT_EQUAL(input_list(p, in.val[KEY_MAPPING_SET], list), 3);
	CU_ASSERT_STRING_EQUAL(list[2], "c");
	q.pairs[1].val = "c,,d";
	CU_ASSERT_EQUAL(input_parse(p, &q, KEYBIT(KEY_MAPPING_SET), &in, &field,
	    &code, &expect), ERR_INVALID);
	/* cursors, limits */
	CU_ASSERT_TRUE(input_valid_cursor("2026-03-15_1234"));
	CU_ASSERT_FALSE(input_valid_cursor("2026-02-30_1"));
	CU_ASSERT_FALSE(input_valid_cursor("2026-03-15_"));
	CU_ASSERT_FALSE(input_valid_cursor("2026-03-15_x"));
	CU_ASSERT_FALSE(input_valid_cursor("' OR 1=1 --"));
	pool_free(p);
}

/* ?state= of GET /api/v1/orgs/{org}/deliveries: failed, nothing else. */
static void
delivery_state_key(void)
{
	static const char *const bad[] =
	    { "sent", "pending", "FAILED", "failed ", "", "failed,sent" };
	struct query	q;
	struct input	in;
	const char	*field, *code, *expect;
	struct pool	*p = pool_new();
	uint32_t	 keys = route_defs[ROUTE_ORG_DELIVERIES].keys;
	size_t		 i;

	CU_ASSERT_EQUAL(keys, KEYBIT(KEY_STATE));
	q.n = 1;
	q.pairs[0].key = "state";
	q.pairs[0].val = "failed";
	CU_ASSERT_EQUAL(input_parse(p, &q, keys, &in, &field, &code, &expect),
	    ERR_OK);
	CU_ASSERT_STRING_EQUAL(in.val[KEY_STATE], "failed");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		q.pairs[0].val = bad[i];
		field = code = NULL;
		CU_ASSERT_EQUAL(input_parse(p, &q, keys, &in, &field, &code,
		    &expect), ERR_INVALID);
		CU_ASSERT_PTR_NOT_NULL_FATAL(field);
		CU_ASSERT_STRING_EQUAL(field, "state");
		CU_ASSERT_STRING_EQUAL(code, "invalid_parameter");
	}
	pool_free(p);
}

static void
pages_and_their_paths(void)
{
	struct route_match	m;

	CU_ASSERT_EQUAL(find("/", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_HOME);
	CU_ASSERT_EQUAL(find("/orgs/acme", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_OVERVIEW);
	CU_ASSERT_STRING_EQUAL(route_param(&m, "org"), "acme");
	CU_ASSERT_EQUAL(find("/orgs/acme/gap/ccm-v4", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_GAP);
	CU_ASSERT_STRING_EQUAL(route_param(&m, "target"), "ccm-v4");
	CU_ASSERT_EQUAL(find("/orgs/acme/", "GET", &m), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/orgs", "GET", &m), ERR_NOT_FOUND);
	CU_ASSERT_TRUE(route_defs[ROUTE_PAGE_OVERVIEW].auth);
	CU_ASSERT_TRUE(route_defs[ROUTE_PAGE_GAP].auth);
	CU_ASSERT_EQUAL(find("/orgs/acme/management-reviews", "GET", &m),
	    ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_MANAGEMENT_REVIEWS);
	CU_ASSERT_EQUAL(find("/orgs/acme/readiness", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_READINESS);
	CU_ASSERT_EQUAL(find("/orgs/acme/controls/CLD.9.5.1", "GET", &m),
	    ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_CONTROL);
	CU_ASSERT_STRING_EQUAL(route_param(&m, "control"), "CLD.9.5.1");
	CU_ASSERT_EQUAL(find("/orgs/acme/controls", "GET", &m), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(find("/orgs/acme/readiness", "POST", &m), ERR_METHOD);
	CU_ASSERT_TRUE(route_defs[ROUTE_PAGE_READINESS].auth &&
	    route_defs[ROUTE_PAGE_CONTROL].auth &&
	    route_defs[ROUTE_PAGE_MANAGEMENT_REVIEWS].auth);
	/* The reports and verify pages: a viewer's, as their API routes. */
	CU_ASSERT_EQUAL(find("/orgs/acme/reports", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_REPORTS);
	CU_ASSERT_STRING_EQUAL(route_param(&m, "org"), "acme");
	CU_ASSERT_EQUAL(find("/orgs/acme/reports", "POST", &m), ERR_METHOD);
	CU_ASSERT_EQUAL(find("/verify", "GET", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_VERIFY_FORM);
	CU_ASSERT_EQUAL(find("/verify", "POST", &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_PAGE_VERIFY);
	CU_ASSERT_TRUE(route_page_path("/verify"));
	CU_ASSERT_TRUE(route_defs[ROUTE_PAGE_REPORTS].auth &&
	    route_defs[ROUTE_PAGE_VERIFY].auth &&
	    route_defs[ROUTE_PAGE_VERIFY_FORM].auth);
	CU_ASSERT_EQUAL(route_defs[ROUTE_PAGE_REPORTS].min_role,
	    route_defs[ROUTE_ORG_REPORT].min_role);
	CU_ASSERT_EQUAL(route_defs[ROUTE_PAGE_VERIFY].min_role,
	    route_defs[ROUTE_VERIFY].min_role);
	CU_ASSERT_TRUE(route_defs[ROUTE_PAGE_REPORTS].keys & KEYBIT(KEY_BEFORE));

	/* Everything outside the API and the service paths is a page. */
	CU_ASSERT_TRUE(route_page_path("/"));
	CU_ASSERT_TRUE(route_page_path("/orgs/acme"));
	CU_ASSERT_TRUE(route_page_path("/nope"));
	CU_ASSERT_TRUE(route_page_path("/apiary"));
	CU_ASSERT_TRUE(route_page_path("/healthzz"));
	CU_ASSERT_FALSE(route_page_path("/api"));
	CU_ASSERT_FALSE(route_page_path("/api/v1/orgs"));
	CU_ASSERT_FALSE(route_page_path("/api/v2"));
	CU_ASSERT_FALSE(route_page_path("/healthz"));
	CU_ASSERT_FALSE(route_page_path("/metrics"));
}

static const struct unit_test tests[] = {
	{ "static routes and captured parameters", matches_static_and_params },
	{ "unknown path and wrong method", unknown_and_wrong_method },
	{ "route table is consistent", table_is_consistent },
	{ "declared input keys", input_keys },
	{ "the deliveries listing takes state=failed only", delivery_state_key },
	{ "pages and their paths", pages_and_their_paths },
	{ NULL, NULL }
};

int
suite_route(void)
{
	return add_suite("route", tests);
}
