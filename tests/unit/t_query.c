#include "config.h"

#include <string.h>

#include "pool.h"
#include "query.h"
#include "tests.h"

static void
parse_pairs(void)
{
	struct pool	*p = pool_new();
	struct query	 q;
	const char	*field;

	CU_ASSERT_EQUAL(query_parse(p, "group=A.5&x=a%20b+c&&flag", &q, &field),
	    ERR_OK);
	CU_ASSERT_EQUAL(q.n, 3);
	CU_ASSERT_STRING_EQUAL(q.pairs[0].key, "group");
	CU_ASSERT_STRING_EQUAL(q.pairs[0].val, "A.5");
	CU_ASSERT_STRING_EQUAL(q.pairs[1].val, "a b c");
	CU_ASSERT_STRING_EQUAL(q.pairs[2].key, "flag");
	CU_ASSERT_STRING_EQUAL(q.pairs[2].val, "");
	CU_ASSERT_EQUAL(query_parse(p, "", &q, &field), ERR_OK);
	CU_ASSERT_EQUAL(q.n, 0);
	CU_ASSERT_EQUAL(query_parse(p, "a=%26%3D", &q, &field), ERR_OK);
	CU_ASSERT_STRING_EQUAL(q.pairs[0].val, "&=");
	pool_free(p);
}

static void
parse_rejects_hostile(void)
{
	struct pool	*p = pool_new();
	struct query	 q;
	const char	*field = NULL;
	char		 many[64 * 4 + 8];
	int		 i;

	CU_ASSERT_EQUAL(query_parse(p, "group=a%00b", &q, &field), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL_FATAL(field);
	CU_ASSERT_STRING_EQUAL(field, "group");
	CU_ASSERT_EQUAL(query_parse(p, "group=a%0d%0aSet-Cookie:x", &q, &field),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(query_parse(p, "group=%zz", &q, &field), ERR_INVALID);
	CU_ASSERT_EQUAL(query_parse(p, "group=%4", &q, &field), ERR_INVALID);
	CU_ASSERT_EQUAL(query_parse(p, "group=%", &q, &field), ERR_INVALID);
	CU_ASSERT_EQUAL(query_parse(p, "group=%ff", &q, &field), ERR_INVALID);
	CU_ASSERT_EQUAL(query_parse(p, "k%00=1", &q, &field), ERR_INVALID);
	many[0] = '\0';
	for (i = 0; i < 65; i++)
		strcat(many, "a=1&");
	CU_ASSERT_EQUAL(query_parse(p, many, &q, &field), ERR_TOO_LARGE);
	pool_free(p);
}

static void
path_segments(void)
{
	struct pool	*p = pool_new();
	char		*segs[PATH_SEGMENTS_MAX];
	size_t		 n;

	CU_ASSERT_EQUAL(query_path(p, "/api/v1/frameworks/ccm-v4/controls",
	    segs, &n), ERR_OK);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_STRING_EQUAL(segs[3], "ccm-v4");
	CU_ASSERT_EQUAL(query_path(p, "/a/A%26A-01/b%2Fc", segs, &n), ERR_OK);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_STRING_EQUAL(segs[1], "A&A-01");
	CU_ASSERT_STRING_EQUAL(segs[2], "b/c");
	CU_ASSERT_EQUAL(query_path(p, "/a//b", segs, &n), ERR_OK);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_STRING_EQUAL(segs[1], "");
	CU_ASSERT_EQUAL(query_path(p, "/x%00y", segs, &n), ERR_INVALID);
	CU_ASSERT_EQUAL(query_path(p, "relative", segs, &n), ERR_INVALID);
	CU_ASSERT_EQUAL(query_path(p, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q",
	    segs, &n), ERR_NOT_FOUND);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "query pairs decode", parse_pairs },
	{ "query rejects NUL, CRLF, bad escapes, too many", parse_rejects_hostile },
	{ "path splits into decoded segments", path_segments },
	{ NULL, NULL }
};

int
suite_query(void)
{
	return add_suite("query", tests);
}
