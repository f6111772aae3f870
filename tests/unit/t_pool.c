#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pool.h"
#include "tests.h"

static int	cleaned;

static void
count_cleanup(void *arg)
{
	cleaned += *(int *)arg;
}

static void
alloc_and_reset(void)
{
	struct pool	*p = pool_new();
	char		*s, *big;
	static int	 one = 1, ten = 10;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	s = pool_strdup(p, "hello");
	CU_ASSERT_STRING_EQUAL(s, "hello");
	CU_ASSERT_EQUAL((uintptr_t)s % 16, 0);
	big = pool_alloc(p, 100000);	/* larger than a block */
	CU_ASSERT_PTR_NOT_NULL(big);
	memset(big, 1, 100000);
	CU_ASSERT_TRUE(pool_used(p) >= 100000);
	cleaned = 0;
	CU_ASSERT_EQUAL(pool_cleanup_add(p, count_cleanup, &one), 0);
	CU_ASSERT_EQUAL(pool_cleanup_add(p, count_cleanup, &ten), 0);
	pool_reset(p);
	CU_ASSERT_EQUAL(cleaned, 11);
	CU_ASSERT_EQUAL(pool_used(p), 0);
	pool_reset(p);
	CU_ASSERT_EQUAL(cleaned, 11);	/* cleanups run once */
	CU_ASSERT_PTR_NULL(pool_alloc(p, SIZE_MAX - 8));
	CU_ASSERT_PTR_NULL(pool_calloc(p, SIZE_MAX / 2, 4));
	pool_free(p);
}

/* The order cleanups ran in, as the numbers they were registered with. */
static int	order[4];
static size_t	order_n;

static void
record_cleanup(void *arg)
{
	if (order_n < sizeof(order) / sizeof(order[0]))
		order[order_n++] = *(int *)arg;
}

/*
 * pool.h promises that cleanups run newest first: an object registered
 * after another (a PGresult read from a connection, say) may need the
 * older one still alive while it is released.  Both at reset and at free.
 */
static void
cleanups_newest_first(void)
{
	static int	 n[3] = { 1, 2, 3 };
	struct pool	*p = pool_new();
	int		 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	order_n = 0;
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(pool_cleanup_add(p, record_cleanup, &n[i]), 0);
	pool_reset(p);
	CU_ASSERT_EQUAL(order_n, 3);
	CU_ASSERT_EQUAL(order[0], 3);
	CU_ASSERT_EQUAL(order[1], 2);
	CU_ASSERT_EQUAL(order[2], 1);

	order_n = 0;
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(pool_cleanup_add(p, record_cleanup, &n[i]), 0);
	pool_free(p);
	CU_ASSERT_EQUAL(order_n, 3);
	CU_ASSERT_EQUAL(order[0], 3);
	CU_ASSERT_EQUAL(order[1], 2);
	CU_ASSERT_EQUAL(order[2], 1);
}

/* The sticky failure flag, and the hook that makes the n-th allocation fail. */
static void
failure_is_sticky(void)
{
	struct pool	*p = pool_new();
	unsigned long	 left;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_FALSE(pool_failed(p));
	CU_ASSERT_EQUAL(pool_fail_after(3), 0);
	CU_ASSERT_PTR_NOT_NULL(pool_alloc(p, 8));
	CU_ASSERT_PTR_NOT_NULL(pool_strdup(p, "x"));
	CU_ASSERT_FALSE(pool_failed(p));
	CU_ASSERT_PTR_NULL(pool_strdup(p, "42"));	/* the third */
	CU_ASSERT_TRUE(pool_failed(p));
	/* Only the n-th fails; the flag stays until reset. */
	CU_ASSERT_PTR_NOT_NULL(pool_alloc(p, 8));
	CU_ASSERT_TRUE(pool_failed(p));
	pool_reset(p);
	CU_ASSERT_FALSE(pool_failed(p));
	/* An impossible size fails too, and is recorded. */
	CU_ASSERT_PTR_NULL(pool_alloc(p, (size_t)-1));
	CU_ASSERT_TRUE(pool_failed(p));
	/* Counting: arming ULONG_MAX tells how many allocations ran. */
	pool_fail_after((unsigned long)-1);
	pool_alloc(p, 1);
	pool_alloc(p, 1);
	left = pool_fail_after(0);
	CU_ASSERT_EQUAL((unsigned long)-1 - left, 2);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "allocation, cleanups and reset", alloc_and_reset },
	{ "cleanups run newest first, at reset and at free",
	    cleanups_newest_first },
	{ "a failed allocation is sticky; the n-th can be made to fail",
	    failure_is_sticky },
	{ NULL, NULL }
};

int
suite_pool(void)
{
	return add_suite("pool", tests);
}
