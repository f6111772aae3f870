#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "errcode.h"
#include "http.h"
#include "mapcache.h"
#include "mapset.h"
#include "mapstore.h"
#include "pool.h"
#include "respcache.h"
#include "tests.h"

static void
answers_by_epoch(void)
{
	struct respcache	*c = respcache_new(RESPCACHE_BYTES_DEFAULT);
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

/* The bytes one entry of a 2-byte key and the body "x" counts. */
static size_t
entry_bytes(void)
{
	struct respcache	*c = respcache_new(RESPCACHE_BYTES_DEFAULT);
	struct respcache_stats	 st;
	struct resp		 r;

	http_resp_init(&r);
	r.content_type = "text/plain";
	buf_puts(&r.body, "x");
	respcache_put(c, "k0", 1, &r);
	respcache_stats(c, &st);
	http_resp_free(&r);
	respcache_free(c);
	return st.bytes;
}

static void
bounded_in_bytes(void)
{
	size_t			 one = entry_bytes();
	struct respcache	*c;
	struct respcache_stats	 st;
	struct pool		*p = pool_new();
	struct resp		 r, out;
	char			 key[32];
	int			 i;

	CU_ASSERT_FATAL(one > 3);
	/* Room for three entries, not four. */
	c = respcache_new(3 * one + one - 1);
	http_resp_init(&r);
	http_resp_init(&out);
	r.content_type = "text/plain";
	buf_puts(&r.body, "x");
	respcache_put(c, "k0", 1, &r);
	respcache_put(c, "k1", 1, &r);
	respcache_put(c, "k2", 1, &r);
	respcache_stats(c, &st);
	CU_ASSERT_EQUAL(st.bytes, 3 * one);
	CU_ASSERT_EQUAL(st.entries, 3);
	CU_ASSERT_EQUAL(st.evictions, 0);
	/* k0 used again: k1 is now the oldest, then k2. */
	CU_ASSERT_TRUE(respcache_get(c, "k0", 1, p, &out));
	respcache_put(c, "k3", 1, &r);
	respcache_stats(c, &st);
	CU_ASSERT_EQUAL(st.evictions, 1);
	CU_ASSERT_EQUAL(st.bytes, 3 * one);
	CU_ASSERT_FALSE(respcache_get(c, "k1", 1, p, &out));
	CU_ASSERT_TRUE(respcache_get(c, "k2", 1, p, &out));
	/* k0 is now the oldest. */
	respcache_put(c, "k4", 1, &r);
	CU_ASSERT_FALSE(respcache_get(c, "k0", 1, p, &out));
	CU_ASSERT_TRUE(respcache_get(c, "k2", 1, p, &out));
	CU_ASSERT_TRUE(respcache_get(c, "k3", 1, p, &out));
	CU_ASSERT_TRUE(respcache_get(c, "k4", 1, p, &out));
	respcache_stats(c, &st);
	CU_ASSERT_EQUAL(st.evictions, 2);
	CU_ASSERT_EQUAL(st.hits, 5);
	CU_ASSERT_EQUAL(st.misses, 2);
	/* Answers of every size: the bytes never pass the bound. */
	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "v%d", i);
		buf_puts(&r.body, "y");
		respcache_put(c, key, 1, &r);
		respcache_stats(c, &st);
		if (st.bytes > st.limit) {
			CU_FAIL("the cache holds more than its bound");
			break;
		}
	}
	/*
	 * The last answers were larger than the whole bound: not kept, and
	 * they did not push out the smaller ones kept before them.
	 */
	CU_ASSERT_TRUE(r.body.len + 2 > st.limit);
	CU_ASSERT_FALSE(respcache_get(c, "v499", 1, p, &out));
	respcache_stats(c, &st);
	CU_ASSERT_TRUE(st.entries >= 1);
	CU_ASSERT_TRUE(st.bytes <= st.limit);
	http_resp_free(&r);
	http_resp_free(&out);
	pool_free(p);
	respcache_free(c);
}

/*
 * A cache of no bytes keeps nothing; an old epoch's entry is dropped,
 * and never replaces a newer one.
 */
static void
zero_and_stale(void)
{
	struct respcache	*c = respcache_new(0);
	struct respcache_stats	 st;
	struct pool		*p = pool_new();
	struct resp		 r, out;

	http_resp_init(&r);
	http_resp_init(&out);
	r.content_type = "text/plain";
	buf_puts(&r.body, "x");
	respcache_put(c, "k", 1, &r);
	CU_ASSERT_FALSE(respcache_get(c, "k", 1, p, &out));
	respcache_stats(c, &st);
	CU_ASSERT_EQUAL(st.bytes, 0);
	respcache_free(c);
	c = respcache_new(RESPCACHE_BYTES_DEFAULT);
	respcache_put(c, "k", 1, &r);
	respcache_stats(c, &st);
	CU_ASSERT_TRUE(st.bytes > 0);
	CU_ASSERT_FALSE(respcache_get(c, "k", 2, p, &out));
	respcache_stats(c, &st);
	CU_ASSERT_EQUAL(st.bytes, 0);
	CU_ASSERT_EQUAL(st.entries, 0);
	/* A late put of an older epoch leaves the newer answer alone. */
	respcache_put(c, "k", 3, &r);
	respcache_put(c, "k", 2, &r);
	CU_ASSERT_TRUE(respcache_get(c, "k", 3, p, &out));
	http_resp_free(&r);
	http_resp_free(&out);
	pool_free(p);
	respcache_free(c);
}

static void
entry_size_bounded(void)
{
	struct respcache	*c = respcache_new(RESPCACHE_BYTES_DEFAULT);
	struct pool		*p = pool_new();
	struct resp		 r, out;
	int			 i;

	http_resp_init(&r);
	http_resp_init(&out);
	r.content_type = "text/plain";
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

struct hammer {
	struct respcache	*c;
	int			 id;
};

/* One worker's mix of puts and gets over shared keys. */
static void *
hammer_main(void *arg)
{
	struct hammer	*h = arg;
	struct pool	*p = pool_new();
	struct resp	 r, out;
	char		 key[32];
	int		 i;

	http_resp_init(&r);
	http_resp_init(&out);
	r.content_type = "text/plain";
	for (i = 0; i < 3000 && p != NULL; i++) {
		snprintf(key, sizeof(key), "k%d", (i * 7 + h->id) % 50);
		buf_reset(&r.body);
		buf_printf(&r.body, "%s answered by %d, %*s", key, h->id,
		    i % 200, "");
		if (!respcache_get(h->c, key, 1 + i / 1000, p, &out))
			respcache_put(h->c, key, 1 + i / 1000, &r);
		pool_reset(p);
	}
	http_resp_free(&r);
	http_resp_free(&out);
	pool_free(p);
	return NULL;
}

/* Workers share the cache: it stays consistent and under its bound. */
static void
shared_by_threads(void)
{
	struct respcache	*c = respcache_new(4096);
	struct respcache_stats	 st;
	struct hammer		 h[4];
	pthread_t		 t[4];
	int			 i, started = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	for (i = 0; i < 4; i++) {
		h[i].c = c;
		h[i].id = i;
		if (pthread_create(&t[i], NULL, hammer_main, &h[i]) != 0)
			break;
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	CU_ASSERT_EQUAL(started, 4);
	respcache_stats(c, &st);
	CU_ASSERT_TRUE(st.bytes <= 4096);
	CU_ASSERT_TRUE(st.entries > 0);
	CU_ASSERT_TRUE(st.evictions > 0);
	CU_ASSERT_EQUAL(st.hits + st.misses, 4 * 3000);
	respcache_free(c);
}

/*
 * A stand-in for mapstore_get(): a set named after info, no database.
 * freed[N] turns true when the memory of set sN is given back.
 */
static int	loads;
static bool	freed[4 * MAPCACHE_SETS_MAX];

static void
mark_freed(void *flag)
{
	*(bool *)flag = true;
}

static enum err
fake_load(struct db *db, struct pool *p, const struct mapset_info *info,
    struct mapset **out)
{
	struct mapset	*set;
	int		 n;

	(void)db;
	loads++;
	if (sscanf(info->id, "s%d", &n) != 1 || n < 0 ||
	    n >= (int)(sizeof(freed) / sizeof(freed[0])))
		return ERR_DB;
	if ((set = mapset_new(p)) == NULL ||
	    (set->name = pool_strdup(p, info->name)) == NULL)
		return ERR_NOMEM;
	freed[n] = false;
	if (pool_cleanup_add(p, mark_freed, &freed[n]) != 0)
		return ERR_NOMEM;
	*out = set;
	return ERR_OK;
}

/* The set of id "sN", named "set N", from c; NULL on error. */
static struct mapset *
get_set(struct mapcache *c, struct pool *p, int n)
{
	struct mapset_info	 info;
	struct mapset		*set = NULL;
	char			 id[16], name[16];

	snprintf(id, sizeof(id), n < 0 ? "broken" : "s%d", n);
	snprintf(name, sizeof(name), "set %d", n);
	memset(&info, 0, sizeof(info));
	info.id = id;
	info.name = name;
	info.source_fw = "src";
	info.target_fw = "tgt";
	info.provenance = "test";
	if (mapcache_get(c, NULL, p, &info, &set) != ERR_OK)
		return NULL;
	return set;
}

static bool
named(const struct mapset *set, int n)
{
	char	name[16];

	snprintf(name, sizeof(name), "set %d", n);
	return set != NULL && strcmp(set->name, name) == 0;
}

/*
 * The cache fills in the middle of a request: the sets that request was
 * handed stay valid (valgrind and ASan would see a read of freed memory),
 * the least recently used others go, and a failed load changes nothing.
 */
static void
mapcache_request_lifetime(void)
{
	struct mapcache	*c = mapcache_new_loader(fake_load);
	struct pool	*p = pool_new();
	struct mapset	*held[MAPCACHE_SETS_MAX + 1], *set;
	int		 i, n0, bad = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	loads = 0;
	for (i = 0; i < MAPCACHE_SETS_MAX; i++)		/* full */
		CU_ASSERT_PTR_NOT_NULL(get_set(c, p, i));
	CU_ASSERT_EQUAL(loads, MAPCACHE_SETS_MAX);
	/* The next request holds s0, then asks for 64 new sets. */
	mapcache_begin_request(c);
	pool_reset(p);
	held[0] = get_set(c, p, 0);
	CU_ASSERT_EQUAL(loads, MAPCACHE_SETS_MAX);	/* a hit */
	for (i = 1; i <= MAPCACHE_SETS_MAX; i++)
		held[i] = get_set(c, p, MAPCACHE_SETS_MAX + i - 1);
	CU_ASSERT_EQUAL(loads, 2 * MAPCACHE_SETS_MAX);
	/* The last one found every entry held: it lives in the pool. */
	CU_ASSERT_TRUE(named(held[0], 0));
	CU_ASSERT_FALSE(freed[0]);
	for (i = 1; i <= MAPCACHE_SETS_MAX; i++)
		if (freed[MAPCACHE_SETS_MAX + i - 1] ||
		    !named(held[i], MAPCACHE_SETS_MAX + i - 1))
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	/* The sets of the first request were evicted, s0 aside. */
	for (i = 1; i < MAPCACHE_SETS_MAX; i++)
		if (!freed[i])
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	/* Next request: the uncached one is loaded again, evicting s0. */
	mapcache_begin_request(c);
	pool_reset(p);
	n0 = loads;
	CU_ASSERT_TRUE(named(get_set(c, p, 2 * MAPCACHE_SETS_MAX - 1),
	    2 * MAPCACHE_SETS_MAX - 1));
	CU_ASSERT_EQUAL(loads, n0 + 1);
	CU_ASSERT_TRUE(freed[0]);
	CU_ASSERT_TRUE(named(get_set(c, p, 0), 0));	/* evicted: loaded */
	CU_ASSERT_EQUAL(loads, n0 + 2);
	CU_ASSERT_TRUE(named(get_set(c, p, MAPCACHE_SETS_MAX + 1),
	    MAPCACHE_SETS_MAX + 1));			/* still cached */
	CU_ASSERT_EQUAL(loads, n0 + 2);
	/* A failed load leaves the cache as it was. */
	CU_ASSERT_PTR_NULL(get_set(c, p, -1));
	CU_ASSERT_EQUAL(loads, n0 + 3);
	set = get_set(c, p, MAPCACHE_SETS_MAX + 2);
	CU_ASSERT_TRUE(named(set, MAPCACHE_SETS_MAX + 2));
	CU_ASSERT_EQUAL(loads, n0 + 3);
	mapcache_free(c);
	pool_free(p);
}

static const struct unit_test mapcache_tests[] = {
	{ "sets handed out in a request outlive a full cache",
	    mapcache_request_lifetime },
	{ NULL, NULL }
};

static const struct unit_test tests[] = {
	{ "answers are served for their epoch only", answers_by_epoch },
	{ "the bytes held are bounded, least recently used go first",
	    bounded_in_bytes },
	{ "a zero bound keeps nothing; an older epoch gives way",
	    zero_and_stale },
	{ "an answer over the entry bound is not kept", entry_size_bounded },
	{ "worker threads share one cache", shared_by_threads },
	{ NULL, NULL }
};

int
suite_cache(void)
{
	return add_suite("respcache", tests) ||
	    add_suite("mapcache", mapcache_tests);
}
