/*
 * api.h — the HTTP dispatcher: route, authenticate, validate, run the
 * handler, and turn its error into a status (the only place that does).
 */
#ifndef ANNEXA_API_H
#define ANNEXA_API_H

struct db;
struct mapcache;
struct req;
struct resp;
struct respcache;
struct report_env;

/*
 * What one worker thread keeps between requests, owned by the worker but
 * for respcache, which every worker of the process shares.
 */
struct api_local {
	struct mapcache		*mapcache;	/* immutable mapping sets */
	struct respcache	*respcache;	/* computed answers by epoch */
	struct report_env	*reports;	/* NULL: signing not configured */
};

/*
 * Answers one request into resp.  Never fails: every outcome, including
 * a database outage, is a response.  Allocations come from req->pool.
 */
void	api_handle(struct db *, struct api_local *, struct req *,
	    struct resp *);

#endif
