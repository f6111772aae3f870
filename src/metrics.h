/*
 * metrics.h — process-wide counters for GET /metrics (Prometheus text
 * exposition format 0.0.4): requests by route and status, a latency
 * histogram, reports generated, database reconnects.  Lock-free: every
 * counter is a relaxed atomic, so any thread may count at any time.
 */
#ifndef ANNEXA_METRICS_H
#define ANNEXA_METRICS_H

#include <stdint.h>

struct buf;

/* Counts one answered request of route (its index, or -1) in us. */
void	metrics_request(int route, int status, int64_t us);
/* Counts a generated report. */
void	metrics_report(void);
/* Counts a database connection re-established after a loss. */
void	metrics_reconnect(void);
/* Writes everything in the text format. */
void	metrics_write(struct buf *);

#endif
