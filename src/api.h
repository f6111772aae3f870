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
struct signer;
struct session_conf;

/*
 * What one worker thread keeps between requests, owned by the worker but
 * for respcache, which every worker of the process shares.
 */
struct api_local {
	struct mapcache		*mapcache;	/* immutable mapping sets */
	struct respcache	*respcache;	/* computed answers by epoch */
	struct report_env	*reports;	/* NULL: signing not configured */
	const struct session_conf *sessions;	/* public_url, expiry */
};

/*
 * The state of one worker thread: its own mapping-set cache and, when a
 * signer is given, its report environment (connection db, the signer,
 * font_dir, and a PDF builder that keeps its fonts from report to
 * report).  db, respcache, signer, font_dir and sessions are borrowed and must
 * outlive the state.  NULL when memory runs out.  The worker frees the
 * state with api_worker_free(), before it closes db.
 */
struct api_local *api_worker_new(struct db *db, struct respcache *respcache,
		    const struct signer *signer, const char *font_dir,
		    const struct session_conf *sessions);
/* Frees what api_worker_new() made; accepts NULL. */
void		 api_worker_free(struct api_local *);

/*
 * Answers one request into resp.  Never fails: every outcome, including
 * a database outage, is a response.  Allocations come from req->pool.
 */
void	api_handle(struct db *, struct api_local *, struct req *,
	    struct resp *);

#endif
