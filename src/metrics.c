#include "config.h"

#include <stdatomic.h>

#include "buf.h"
#include "db.h"
#include "metrics.h"
#include "route.h"

/* Status classes counted per route: 2xx, 3xx, 4xx, 5xx. */
#define CLASSES	4
/* Latency buckets, upper bounds in microseconds (then +Inf). */
static const int64_t bucket_us[] = { 1000, 2500, 5000, 10000, 25000, 50000,
    100000, 250000, 500000, 1000000, 2500000 };
#define BUCKETS	(sizeof(bucket_us) / sizeof(bucket_us[0]))

/*
 * The one deliberate exception to "no mutable globals" (STYLE 9): the
 * counters describe the whole process, every thread adds to them, and a
 * shared atomic is simpler and cheaper than threading a registry through
 * every call that might count.
 */
static atomic_ullong	requests[ROUTE__MAX + 1][CLASSES];
static atomic_ullong	latency[BUCKETS + 1];
static atomic_ullong	latency_sum_us;
static atomic_ullong	latency_count;
static atomic_ullong	reports;
static atomic_ullong	respcache_bytes;
static atomic_ullong	respcache_limit;
static atomic_ullong	respcache_hits;
static atomic_ullong	respcache_misses;
static atomic_ullong	respcache_evictions;
static atomic_ullong	mapcache_evictions;

void
metrics_request(int route, int status, int64_t us)
{
	int	r = route >= 0 && route < ROUTE__MAX ? route : ROUTE__MAX;
	int	c = status >= 200 && status < 600 ? status / 100 - 2 : 3;
	size_t	b;

	if (us < 0)
		us = 0;
	atomic_fetch_add_explicit(&requests[r][c], 1, memory_order_relaxed);
	for (b = 0; b < BUCKETS && us > bucket_us[b]; b++)
		;
	atomic_fetch_add_explicit(&latency[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_sum_us, (unsigned long long)us,
	    memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_count, 1, memory_order_relaxed);
}

void
metrics_report(void)
{
	atomic_fetch_add_explicit(&reports, 1, memory_order_relaxed);
}

void
metrics_respcache_bytes(size_t bytes, size_t limit)
{
	atomic_store_explicit(&respcache_bytes, bytes, memory_order_relaxed);
	atomic_store_explicit(&respcache_limit, limit, memory_order_relaxed);
}

void
metrics_respcache_lookup(bool hit)
{
	atomic_fetch_add_explicit(hit ? &respcache_hits : &respcache_misses, 1,
	    memory_order_relaxed);
}

void
metrics_respcache_evictions(unsigned long long n)
{
	if (n > 0)
		atomic_fetch_add_explicit(&respcache_evictions, n,
		    memory_order_relaxed);
}

void
metrics_mapcache_eviction(void)
{
	atomic_fetch_add_explicit(&mapcache_evictions, 1, memory_order_relaxed);
}

static unsigned long long
get(atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

void
metrics_write(struct buf *b)
{
	static const char *const cls[CLASSES] = { "2xx", "3xx", "4xx", "5xx" };
	unsigned long long	 cum = 0;
	size_t			 r, c, k;

	buf_puts(b, "# HELP annexa_requests_total Requests answered, by route and "
	    "status class.\n# TYPE annexa_requests_total counter\n");
	for (r = 0; r <= ROUTE__MAX; r++)
		for (c = 0; c < CLASSES; c++)
			if (get(&requests[r][c]) > 0)
				buf_printf(b, "annexa_requests_total{route=\"%s\","
				    "status=\"%s\"} %llu\n", r < ROUTE__MAX ?
				    route_defs[r].name : "none", cls[c],
				    get(&requests[r][c]));
	buf_puts(b, "# HELP annexa_request_duration_seconds Time to answer a "
	    "request.\n# TYPE annexa_request_duration_seconds histogram\n");
	for (k = 0; k < BUCKETS; k++) {
		cum += get(&latency[k]);
		buf_printf(b, "annexa_request_duration_seconds_bucket{le=\"%g\"} "
		    "%llu\n", (double)bucket_us[k] / 1e6, cum);
	}
	cum += get(&latency[BUCKETS]);
	buf_printf(b, "annexa_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
	    cum);
	buf_printf(b, "annexa_request_duration_seconds_sum %.6f\n",
	    (double)get(&latency_sum_us) / 1e6);
	buf_printf(b, "annexa_request_duration_seconds_count %llu\n",
	    get(&latency_count));
	buf_printf(b, "# HELP annexa_reports_generated_total Signed reports "
	    "generated.\n# TYPE annexa_reports_generated_total counter\n"
	    "annexa_reports_generated_total %llu\n", get(&reports));
	buf_printf(b, "# HELP annexa_db_reconnects_total Database connections "
	    "re-established after a loss.\n# TYPE annexa_db_reconnects_total "
	    "counter\nannexa_db_reconnects_total %llu\n", db_reconnects());
	buf_printf(b, "# HELP annexa_response_cache_bytes Bytes the response "
	    "cache holds.\n# TYPE annexa_response_cache_bytes gauge\n"
	    "annexa_response_cache_bytes %llu\n", get(&respcache_bytes));
	buf_printf(b, "# HELP annexa_response_cache_limit_bytes The bound on "
	    "the response cache (response_cache_bytes).\n# TYPE "
	    "annexa_response_cache_limit_bytes gauge\n"
	    "annexa_response_cache_limit_bytes %llu\n", get(&respcache_limit));
	buf_printf(b, "# HELP annexa_response_cache_hits_total Answers served "
	    "from the response cache.\n# TYPE annexa_response_cache_hits_total "
	    "counter\nannexa_response_cache_hits_total %llu\n",
	    get(&respcache_hits));
	buf_printf(b, "# HELP annexa_response_cache_misses_total Cacheable "
	    "answers that had to be computed.\n# TYPE "
	    "annexa_response_cache_misses_total counter\n"
	    "annexa_response_cache_misses_total %llu\n", get(&respcache_misses));
	buf_printf(b, "# HELP annexa_response_cache_evictions_total Answers "
	    "evicted, least recently used first, to stay under the bound.\n"
	    "# TYPE annexa_response_cache_evictions_total counter\n"
	    "annexa_response_cache_evictions_total %llu\n",
	    get(&respcache_evictions));
	buf_printf(b, "# HELP annexa_mapping_set_cache_evictions_total Mapping "
	    "sets evicted from a worker's cache.\n# TYPE "
	    "annexa_mapping_set_cache_evictions_total counter\n"
	    "annexa_mapping_set_cache_evictions_total %llu\n",
	    get(&mapcache_evictions));
}
