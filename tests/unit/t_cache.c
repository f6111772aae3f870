#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "pool.h"
#include "respcache.h"
#include "tests.h"

static void
answers_by_epoch(void)
{
	struct respcache	*c = respcache_new();
	struct pool		*p = pool_new();
	struct resp		 r, out;

	http_resp_init(&r);
	http_resp_init(&out);
	r.content_type = "text/csv; charset=utf-8";
	buf_puts(&r.body, "a,b\n");
	http_header(&r, "Content-Disposition", "attachment; filename=\"x.csv\"");
	respcache_put(c, "gap|org|t", 7, &r);
	CU_ASSERT_TRUE(respcache_get(c, "gap|org|t", 7, p, &out));
	CU_ASSERT_STRING_EQUAL(out.body.data, "a,b\n");
	CU_ASSERT_STRING_EQUAL(out.content_type, "text/csv; charset=utf-8");
	CU_ASSERT_PTR_NOT_NULL(strstr(out.headers.data, "x.csv"));
	/* another epoch: the data moved, the answer is gone */
	CU_ASSERT_FALSE(respcache_get(c, "gap|org|t", 8, p, &out));
	CU_ASSERT_FALSE(respcache_get(c, "gap|org|u", 7, p, &out));
	http_resp_free(&r);
	http_resp_free(&out);
	pool_free(p);
	respcache_free(c);
}

static void
bounded(void)
{
	struct respcache	*c = respcache_new();
	struct pool		*p = pool_new();
	struct resp		 r, out;
	char			 key[32];
	int			 i;

	http_resp_init(&r);
	http_resp_init(&out);
	buf_puts(&r.body, "x");
	for (i = 0; i < RESPCACHE_ENTRIES; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		respcache_put(c, key, 1, &r);
	}
	/* touch k0, then one more entry evicts the least recently used: k1 */
	CU_ASSERT_TRUE(respcache_get(c, "k0", 1, p, &out));
	respcache_put(c, "new", 1, &r);
	CU_ASSERT_TRUE(respcache_get(c, "k0", 1, p, &out));
	CU_ASSERT_FALSE(respcache_get(c, "k1", 1, p, &out));
	CU_ASSERT_TRUE(respcache_get(c, "new", 1, p, &out));
	/* an answer over the size bound is not kept */
	buf_reset(&r.body);
	for (i = 0; i <= RESPCACHE_ENTRY_MAX / 1024; i++)
		buf_append(&r.body, "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef0123456789abcdef"
		    "0123456789abcdef", 1024);
	CU_ASSERT_TRUE(r.body.len > RESPCACHE_ENTRY_MAX);
	respcache_put(c, "huge", 1, &r);
	CU_ASSERT_FALSE(respcache_get(c, "huge", 1, p, &out));
	http_resp_free(&r);
	http_resp_free(&out);
	pool_free(p);
	respcache_free(c);
}

static const struct unit_test tests[] = {
	{ "answers are served for their epoch only", answers_by_epoch },
	{ "entries and sizes are bounded (LRU)", bounded },
	{ NULL, NULL }
};

int
suite_cache(void)
{
	return add_suite("respcache", tests);
}
