/*
 * handler.h — what the dispatcher (api.c) hands each endpoint handler:
 * checked input only.  A handler writes resp and returns ERR_OK, or
 * returns an error after fail() has said what to tell the client; only
 * the dispatcher turns errors into statuses.
 */
#ifndef ANNEXA_HANDLER_H
#define ANNEXA_HANDLER_H

#include <stdbool.h>

#include "auth.h"
#include "errcode.h"
#include "input.h"
#include "query.h"
#include "route.h"

struct db;
struct mapcache;
struct respcache;
struct api_local;
struct req;
struct resp;
struct json_t;
struct multipart;

struct ctx {
	struct db		*db;
	struct mapcache		*mapcache;	/* this thread's */
	struct respcache	*respcache;	/* the process's */
	struct api_local	*local;		/* all of this thread's state */
	struct req		*req;
	struct resp		*resp;
	struct route_match	 match;
	struct input		 in;
	struct principal	 who;
	const char		*org;		/* the {org} path parameter, checked */
	char			 today[11];	/* YYYY-MM-DD, UTC */
	/* Set by a handler that fails, for the error body. */
	const char		*err_code;
	const char		*err_msg;
	const char		*err_field;
	int			 err_status;	/* a 4xx more precise than the error's */
	/* The request's session's CSRF token; "" without a session. */
	char			 csrf[AUTH_HASH_HEX];
	/* The form body of a POST, once ctx_form() has read it. */
	struct query		*form;
	/* An upload form's body, once ctx_multipart() has parsed it. */
	struct multipart	*multipart;
};

/* Records why a handler failed; returns e for a one-line return. */
enum err	fail(struct ctx *, enum err, const char *code, const char *msg,
		    const char *field);
/* as_of from the query, else today. */
const char	*ctx_as_of(const struct ctx *);
/*
 * The answer cache of computed routes (gap, comparison, charts): opens
 * the request's snapshot, reads the data epoch, and serves the answer
 * cached for this route, organisation, path parameters and every query
 * value (as_of resolved) when the epoch has not moved since.  Returns
 * true when resp holds it; *key and *epoch are for ctx_cache_keep(),
 * which keeps a successful answer.  An answer that already sets a cookie
 * (a session single sign-on just opened) is neither served from the
 * cache nor kept in it.
 */
bool		 ctx_cache_hit(struct ctx *, char **key, long long *epoch);
void		 ctx_cache_keep(struct ctx *, const char *key, long long epoch);
/*
 * The key ctx_cache_hit() uses, with part (when not NULL) after the
 * route's name so that pieces of one answer are kept apart; also opens
 * the snapshot and reads the epoch.  False when any of it failed.
 */
bool		 ctx_cache_key(struct ctx *, const char *part, char **key,
		    long long *epoch);
/*
 * The decoded fields of an application/x-www-form-urlencoded body, read
 * once per request (bounded by HTTP_FORM_MAX); *form lives in the
 * request's pool.  ERR_INVALID after fail() when the body is of another
 * type, too long or malformed.
 */
enum err	 ctx_form(struct ctx *, struct query **form);
/*
 * The parts of a multipart/form-data body (the upload forms), read once
 * per request, at most PDFVERIFY_MAX bytes of file and
 * MULTIPART_OVERHEAD_MAX beyond; the parts and their data live in the
 * request's pool.  ERR_INVALID or ERR_TOO_LARGE after fail() (the
 * message says what is wrong) when the body is of another type, too
 * large or malformed.
 */
enum err	 ctx_multipart(struct ctx *, const struct multipart **);
/* The value of field name of a form, or NULL. */
const char	*ctx_form_value(const struct query *, const char *name);
/*
 * Reads and parses a JSON body into *root (the caller json_decref()s
 * it); after fail() when it is not application/json, over 1 MiB or not
 * JSON.
 */
enum err	 ctx_read_json(struct ctx *, struct json_t **root);

enum err	h_healthz(struct ctx *);
enum err	h_metrics(struct ctx *);
enum err	h_orgs(struct ctx *);
enum err	h_frameworks(struct ctx *);
enum err	h_framework_controls(struct ctx *);
enum err	h_mappings(struct ctx *);
enum err	h_mappings_diff(struct ctx *);
enum err	h_gap(struct ctx *);
enum err	h_comparison(struct ctx *);
enum err	h_readiness(struct ctx *);
enum err	h_control_history(struct ctx *);
enum err	h_reviews(struct ctx *);
enum err	h_review_get(struct ctx *);
enum err	h_review_post(struct ctx *);
enum err	h_evidence_get(struct ctx *);
enum err	h_evidence_post(struct ctx *);
enum err	h_management_reviews(struct ctx *);
enum err	h_report(struct ctx *);
/* A workbook: GET /api/v1/orgs/{org}/exports/{name}.xlsx (h_reports.c). */
enum err	h_export(struct ctx *);
enum err	h_report_runs(struct ctx *);
enum err	h_report_run(struct ctx *);
enum err	h_chart(struct ctx *);
enum err	h_verify(struct ctx *);
enum err	h_login_links(struct ctx *);
enum err	h_signin_form(struct ctx *);
enum err	h_signin(struct ctx *);
enum err	h_login_form(struct ctx *);
enum err	h_login(struct ctx *);
enum err	h_signout(struct ctx *);
/* Pages (h_pages.c): HTML through html.c. */
enum err	h_page_home(struct ctx *);
enum err	h_page_overview(struct ctx *);
enum err	h_page_gap(struct ctx *);
/* h_page_reviews.c and h_page_readiness.c */
enum err	h_page_management_reviews(struct ctx *);
enum err	h_page_readiness(struct ctx *);
enum err	h_page_control(struct ctx *);
/* The reports page (h_page_reports.c) and the verify page (h_page_verify.c). */
enum err	h_page_reports(struct ctx *);
enum err	h_page_verify_form(struct ctx *);
enum err	h_page_verify(struct ctx *);
/* Share links: the API (h_shares.c), the recipient's pages (h_share_page.c). */
enum err	h_shares(struct ctx *);
enum err	h_share_add(struct ctx *);
enum err	h_share_revoke(struct ctx *);
enum err	h_share_accesses(struct ctx *);
enum err	h_share_page(struct ctx *);
enum err	h_share_nda(struct ctx *);
enum err	h_share_download(struct ctx *);
/* A schedule's recipients and the deliveries (h_delivery.c). */
enum err	h_notify(struct ctx *);
enum err	h_notify_add(struct ctx *);
enum err	h_notify_remove(struct ctx *);
enum err	h_deliveries(struct ctx *);
/* The share links page (h_page_shares.c). */
enum err	h_page_shares(struct ctx *);
enum err	h_page_share_add(struct ctx *);
enum err	h_page_share_revoke(struct ctx *);

#endif
