/*
 * route.h — the route table: every endpoint is one row.
 *
 * A pattern is an absolute path whose "{name}" segments capture one
 * decoded path segment each.  Matching knows nothing of handlers; the
 * dispatcher (api.c) pairs each route with its handler.
 */
#ifndef ANNEXA_ROUTE_H
#define ANNEXA_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "errcode.h"

#define ROUTE_PARAMS_MAX	4

enum method {
	METHOD_GET,
	METHOD_POST,
	METHOD_DELETE,
	METHOD__MAX
};

enum route {
	ROUTE_HEALTHZ,
	ROUTE_METRICS,
	ROUTE_ORGS,
	ROUTE_FRAMEWORKS,
	ROUTE_FRAMEWORK_CONTROLS,
	ROUTE_MAPPINGS,
	ROUTE_MAPPINGS_DIFF,
	ROUTE_ORG_GAP,
	ROUTE_ORG_COMPARISON,
	ROUTE_ORG_READINESS,
	ROUTE_ORG_CONTROL_HISTORY,
	ROUTE_ORG_REVIEWS,
	ROUTE_ORG_REVIEW_ADD,
	ROUTE_ORG_REVIEW,
	ROUTE_ORG_EVIDENCE_ADD,
	ROUTE_ORG_EVIDENCE,
	ROUTE_ORG_MANAGEMENT_REVIEWS,
	ROUTE_ORG_REPORT,
	ROUTE_ORG_EXPORT,
	ROUTE_ORG_REPORT_RUNS,
	ROUTE_ORG_REPORT_RUN,
	ROUTE_ORG_CHART,
	ROUTE_VERIFY,
	ROUTE_ORG_LOGIN_LINKS,
	ROUTE_SIGNIN_FORM,
	ROUTE_SIGNIN,
	ROUTE_LOGIN_FORM,
	ROUTE_LOGIN,
	ROUTE_SIGNOUT,
	/* Pages for people in a browser (HTML, html.c). */
	ROUTE_PAGE_HOME,
	ROUTE_PAGE_OVERVIEW,
	ROUTE_PAGE_GAP,
	/* Management reviews, readiness, control history (issue 13, 4-5). */
	ROUTE_PAGE_MANAGEMENT_REVIEWS,
	ROUTE_PAGE_READINESS,
	ROUTE_PAGE_CONTROL,
	/* The reports and verify pages (h_page_reports.c, h_page_verify.c). */
	ROUTE_PAGE_REPORTS,
	ROUTE_PAGE_VERIFY_FORM,
	ROUTE_PAGE_VERIFY,
	/* Share links: the API (h_shares.c) and the recipient's pages
	   (h_share_page.c), which need no sign-in. */
	ROUTE_ORG_SHARES,
	ROUTE_ORG_SHARE_ADD,
	ROUTE_ORG_SHARE_REVOKE,
	ROUTE_ORG_SHARE_ACCESSES,
	ROUTE_SHARE_PAGE,
	ROUTE_SHARE_NDA,
	ROUTE_SHARE_DOWNLOAD,
	/* The share links page of an organisation (h_page_shares.c). */
	ROUTE_PAGE_SHARES,
	ROUTE_PAGE_SHARE_ADD,
	ROUTE_PAGE_SHARE_REVOKE,
	/* A schedule's recipients and the deliveries (h_delivery.c). */
	ROUTE_ORG_NOTIFY,
	ROUTE_ORG_NOTIFY_ADD,
	ROUTE_ORG_NOTIFY_REMOVE,
	ROUTE_ORG_DELIVERIES,
	ROUTE__MAX
};

struct route_def {
	enum method	 method;
	const char	*pattern;
	bool		 auth;		/* needs a bearer token or a session */
	enum role	 min_role;
	uint32_t	 keys;		/* KEYBIT()s of accepted query keys */
	const char	*name;		/* label for logs and metrics */
};

extern const struct route_def	route_defs[ROUTE__MAX];

struct route_match {
	enum route	 route;
	const char	*param_name[ROUTE_PARAMS_MAX];
	const char	*param[ROUTE_PARAMS_MAX];
	size_t		 nparams;
	unsigned	 allow;		/* on ERR_METHOD: bit per allowed method */
};

/* Parses an HTTP method name; false for any other. */
bool		 route_method(const char *, enum method *);
const char	*route_method_name(enum method);
/*
 * Finds the route for the decoded path segments and method.  Returns
 * ERR_OK, ERR_NOT_FOUND (no pattern fits the path) or ERR_METHOD (a
 * pattern fits but not for this method; m->allow says which do).
 * Captured parameters point into segs.
 */
enum err	 route_find(char *const *segs, size_t nsegs, bool method_known,
		    enum method, struct route_match *m);
/*
 * True when a path belongs to the pages (HTML answers, errors included):
 * everything but /api/ and the service paths /healthz and /metrics.
 */
bool		 route_page_path(const char *path);
/* The captured value of parameter `name`, or NULL. */
const char	*route_param(const struct route_match *, const char *name);

#endif
