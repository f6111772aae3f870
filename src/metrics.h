/*
 * metrics.h — process-wide counters for GET /metrics (Prometheus text
 * exposition format 0.0.4): requests by route and status, a latency
 * histogram, reports generated, the response and mapping-set caches,
 * and the database layer's reconnect count (db_reconnects(), read when
 * written out).  Lock-free: every counter is a relaxed atomic, so any
 * thread may count at any time.
 */
#ifndef ANNEXA_METRICS_H
#define ANNEXA_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Counts one answered request of route (its index, or -1) in us. */
void	metrics_request(int route, int status, int64_t us);
/* Counts a generated report. */
void	metrics_report(void);
/*
 * The response cache (respcache.c; one per process): the bytes it holds
 * and its bound, a lookup (hit or miss), entries evicted for room.
 */
void	metrics_respcache_bytes(size_t bytes, size_t limit);
void	metrics_respcache_lookup(bool hit);
void	metrics_respcache_evictions(unsigned long long);
/* Counts a mapping set evicted from a worker's cache (mapcache.c). */
void	metrics_mapcache_eviction(void);
/* Writes everything in the text format. */
void	metrics_write(struct buf *);

#endif
