#include "config.h"

#include <string.h>

#include "input.h"
#include "route.h"

const struct route_def route_defs[ROUTE__MAX] = {
	[ROUTE_HEALTHZ] = { METHOD_GET, "/healthz", false, ROLE_VIEWER, 0,
	    "healthz" },
	/* No token: nginx exposes it to loopback only (nginx/annexa.conf). */
	[ROUTE_METRICS] = { METHOD_GET, "/metrics", false, ROLE_VIEWER, 0,
	    "metrics" },
	[ROUTE_ORGS] = { METHOD_GET, "/api/v1/orgs", true, ROLE_VIEWER, 0,
	    "orgs" },
	[ROUTE_FRAMEWORKS] = { METHOD_GET, "/api/v1/frameworks", true,
	    ROLE_VIEWER, 0, "frameworks" },
	[ROUTE_FRAMEWORK_CONTROLS] = { METHOD_GET,
	    "/api/v1/frameworks/{fw}/controls", true, ROLE_VIEWER,
	    KEYBIT(KEY_GROUP), "framework_controls" },
	[ROUTE_MAPPINGS] = { METHOD_GET, "/api/v1/mappings", true, ROLE_VIEWER,
	    KEYBIT(KEY_SOURCE) | KEYBIT(KEY_TARGET) | KEYBIT(KEY_CONTROL) |
	    KEYBIT(KEY_MAPPING_SET), "mappings" },
	[ROUTE_MAPPINGS_DIFF] = { METHOD_GET, "/api/v1/mappings/diff", true,
	    ROLE_VIEWER, KEYBIT(KEY_SET_A) | KEYBIT(KEY_SET_B) |
	    KEYBIT(KEY_FORMAT), "mappings_diff" },
	[ROUTE_ORG_GAP] = { METHOD_GET, "/api/v1/orgs/{org}/gap", true,
	    ROLE_VIEWER, KEYBIT(KEY_TARGET) | KEYBIT(KEY_AS_OF) |
	    KEYBIT(KEY_FORMAT) | KEYBIT(KEY_MAPPING_SET), "gap" },
	[ROUTE_ORG_COMPARISON] = { METHOD_GET, "/api/v1/orgs/{org}/comparison",
	    true, ROLE_VIEWER, KEYBIT(KEY_TARGETS) | KEYBIT(KEY_AS_OF) |
	    KEYBIT(KEY_MAPPING_SET), "comparison" },
	[ROUTE_ORG_READINESS] = { METHOD_GET, "/api/v1/orgs/{org}/readiness",
	    true, ROLE_VIEWER, KEYBIT(KEY_AS_OF), "readiness" },
	[ROUTE_ORG_CONTROL_HISTORY] = { METHOD_GET,
	    "/api/v1/orgs/{org}/controls/{control}/history", true, ROLE_VIEWER,
	    0, "control_history" },
	[ROUTE_ORG_REVIEWS] = { METHOD_GET, "/api/v1/orgs/{org}/reviews", true,
	    ROLE_VIEWER, KEYBIT(KEY_SINCE) | KEYBIT(KEY_UNTIL) |
	    KEYBIT(KEY_RESULT) | KEYBIT(KEY_LIMIT) | KEYBIT(KEY_CURSOR),
	    "reviews" },
	[ROUTE_ORG_REVIEW_ADD] = { METHOD_POST, "/api/v1/orgs/{org}/reviews",
	    true, ROLE_EDITOR, 0, "review_add" },
	[ROUTE_ORG_REVIEW] = { METHOD_GET, "/api/v1/orgs/{org}/reviews/{id}",
	    true, ROLE_VIEWER, 0, "review" },
	[ROUTE_ORG_EVIDENCE_ADD] = { METHOD_POST, "/api/v1/orgs/{org}/evidence",
	    true, ROLE_EDITOR, 0, "evidence_add" },
	[ROUTE_ORG_EVIDENCE] = { METHOD_GET, "/api/v1/orgs/{org}/evidence/{id}",
	    true, ROLE_VIEWER, 0, "evidence" },
	[ROUTE_ORG_MANAGEMENT_REVIEWS] = { METHOD_GET,
	    "/api/v1/orgs/{org}/management-reviews", true, ROLE_VIEWER, 0,
	    "management_reviews" },
	[ROUTE_ORG_REPORT] = { METHOD_GET, "/api/v1/orgs/{org}/reports/{file}",
	    true, ROLE_VIEWER, KEYBIT(KEY_AS_OF) | KEYBIT(KEY_PERIOD) |
	    KEYBIT(KEY_AUDIENCE) | KEYBIT(KEY_TARGET), "report" },
	/* Workbooks: the report's parameters; not signed, so no signer needed. */
	[ROUTE_ORG_EXPORT] = { METHOD_GET, "/api/v1/orgs/{org}/exports/{file}",
	    true, ROLE_VIEWER, KEYBIT(KEY_AS_OF) | KEYBIT(KEY_PERIOD) |
	    KEYBIT(KEY_AUDIENCE) | KEYBIT(KEY_TARGET), "export" },
	[ROUTE_ORG_REPORT_RUNS] = { METHOD_GET, "/api/v1/orgs/{org}/report-runs",
	    true, ROLE_VIEWER, KEYBIT(KEY_LIMIT), "report_runs" },
	[ROUTE_ORG_REPORT_RUN] = { METHOD_GET,
	    "/api/v1/orgs/{org}/report-runs/{file}", true, ROLE_VIEWER, 0,
	    "report_run" },
	[ROUTE_ORG_CHART] = { METHOD_GET, "/api/v1/orgs/{org}/charts/{file}",
	    true, ROLE_VIEWER, KEYBIT(KEY_TARGET) | KEYBIT(KEY_MONTHS) |
	    KEYBIT(KEY_WIDTH) | KEYBIT(KEY_HEIGHT) | KEYBIT(KEY_AS_OF), "chart" },
	[ROUTE_VERIFY] = { METHOD_POST, "/api/v1/verify", true, ROLE_VIEWER, 0,
	    "verify" },
	[ROUTE_ORG_LOGIN_LINKS] = { METHOD_POST,
	    "/api/v1/orgs/{org}/login-links", true, ROLE_ADMIN, 0,
	    "login_links" },
	/* Signing in and out: pages (h_session.c). */
	[ROUTE_SIGNIN_FORM] = { METHOD_GET, "/signin", false, ROLE_VIEWER, 0,
	    "signin_form" },
	[ROUTE_SIGNIN] = { METHOD_POST, "/signin", false, ROLE_VIEWER, 0,
	    "signin" },
	[ROUTE_LOGIN_FORM] = { METHOD_GET, "/login/{token}", false, ROLE_VIEWER,
	    0, "login_form" },
	[ROUTE_LOGIN] = { METHOD_POST, "/login/{token}", false, ROLE_VIEWER, 0,
	    "login" },
	[ROUTE_SIGNOUT] = { METHOD_POST, "/signout", true, ROLE_VIEWER, 0,
	    "signout" },
	/*
	 * Pages are authenticated as the API is and hold to its roles: a
	 * page shows what the API routes it draws on show a viewer.
	 */
	[ROUTE_PAGE_HOME] = { METHOD_GET, "/", true, ROLE_VIEWER, 0,
	    "page_home" },
	[ROUTE_PAGE_OVERVIEW] = { METHOD_GET, "/orgs/{org}", true, ROLE_VIEWER,
	    KEYBIT(KEY_AS_OF), "page_overview" },
	[ROUTE_PAGE_GAP] = { METHOD_GET, "/orgs/{org}/gap/{target}", true,
	    ROLE_VIEWER, KEYBIT(KEY_AS_OF) | KEYBIT(KEY_STATUS) |
	    KEYBIT(KEY_GROUP), "page_gap" },
	[ROUTE_PAGE_MANAGEMENT_REVIEWS] = { METHOD_GET,
	    "/orgs/{org}/management-reviews", true, ROLE_VIEWER,
	    KEYBIT(KEY_AS_OF), "page_management_reviews" },
	[ROUTE_PAGE_READINESS] = { METHOD_GET, "/orgs/{org}/readiness", true,
	    ROLE_VIEWER, KEYBIT(KEY_AS_OF), "page_readiness" },
	[ROUTE_PAGE_CONTROL] = { METHOD_GET, "/orgs/{org}/controls/{control}",
	    true, ROLE_VIEWER, KEYBIT(KEY_AS_OF), "page_control" },
	/*
	 * The reports page and the verify page: open to whom the report,
	 * report-runs and verify API routes are open (a viewer).
	 */
	[ROUTE_PAGE_REPORTS] = { METHOD_GET, "/orgs/{org}/reports", true,
	    ROLE_VIEWER, KEYBIT(KEY_AS_OF) | KEYBIT(KEY_BEFORE),
	    "page_reports" },
	[ROUTE_PAGE_VERIFY_FORM] = { METHOD_GET, "/verify", true, ROLE_VIEWER,
	    0, "page_verify_form" },
	[ROUTE_PAGE_VERIFY] = { METHOD_POST, "/verify", true, ROLE_VIEWER, 0,
	    "page_verify" },
	/*
	 * Share links: editors and admins make, list and revoke them; the
	 * access log, with its client addresses, is for admins.
	 */
	[ROUTE_ORG_SHARES] = { METHOD_GET, "/api/v1/orgs/{org}/shares", true,
	    ROLE_EDITOR, 0, "shares" },
	[ROUTE_ORG_SHARE_ADD] = { METHOD_POST, "/api/v1/orgs/{org}/shares",
	    true, ROLE_EDITOR, 0, "share_add" },
	[ROUTE_ORG_SHARE_REVOKE] = { METHOD_DELETE,
	    "/api/v1/orgs/{org}/shares/{id}", true, ROLE_EDITOR, 0,
	    "share_revoke" },
	[ROUTE_ORG_SHARE_ACCESSES] = { METHOD_GET,
	    "/api/v1/orgs/{org}/shares/{id}/accesses", true, ROLE_ADMIN,
	    KEYBIT(KEY_FORMAT), "share_accesses" },
	/*
	 * The recipient's pages: the link's secret in the path is the only
	 * credential (h_share_page.c).
	 */
	[ROUTE_SHARE_PAGE] = { METHOD_GET, "/s/{secret}", false, ROLE_VIEWER,
	    0, "share_page" },
	[ROUTE_SHARE_NDA] = { METHOD_POST, "/s/{secret}/nda", false,
	    ROLE_VIEWER, 0, "share_nda" },
	[ROUTE_SHARE_DOWNLOAD] = { METHOD_POST, "/s/{secret}/download", false,
	    ROLE_VIEWER, 0, "share_download" },
	/* The share links page: whom the share API routes are open to. */
	[ROUTE_PAGE_SHARES] = { METHOD_GET, "/orgs/{org}/shares", true,
	    ROLE_EDITOR, 0, "page_shares" },
	[ROUTE_PAGE_SHARE_ADD] = { METHOD_POST, "/orgs/{org}/shares", true,
	    ROLE_EDITOR, 0, "page_share_add" },
	[ROUTE_PAGE_SHARE_REVOKE] = { METHOD_POST,
	    "/orgs/{org}/shares/{id}/revoke", true, ROLE_EDITOR, 0,
	    "page_share_revoke" },
	/*
	 * Delivery of scheduled reports: who gets them, and what was sent,
	 * is for admins (a webhook's secret and people's addresses).
	 */
	[ROUTE_ORG_NOTIFY] = { METHOD_GET,
	    "/api/v1/orgs/{org}/schedules/{id}/notify", true, ROLE_ADMIN, 0,
	    "notify" },
	[ROUTE_ORG_NOTIFY_ADD] = { METHOD_POST,
	    "/api/v1/orgs/{org}/schedules/{id}/notify", true, ROLE_ADMIN, 0,
	    "notify_add" },
	[ROUTE_ORG_NOTIFY_REMOVE] = { METHOD_DELETE,
	    "/api/v1/orgs/{org}/schedules/{id}/notify/{nid}", true, ROLE_ADMIN,
	    0, "notify_remove" },
	[ROUTE_ORG_DELIVERIES] = { METHOD_GET, "/api/v1/orgs/{org}/deliveries",
	    true, ROLE_ADMIN, KEYBIT(KEY_STATE), "deliveries" },
};

static const char *const method_names[METHOD__MAX] = {
	[METHOD_GET] = "GET",
	[METHOD_POST] = "POST",
	[METHOD_DELETE] = "DELETE",
};

bool
route_method(const char *s, enum method *m)
{
	int	i;

	/* HEAD is GET without the body; nginx drops the body itself. */
	if (strcmp(s, "HEAD") == 0) {
		*m = METHOD_GET;
		return true;
	}
	for (i = 0; i < METHOD__MAX; i++)
		if (strcmp(s, method_names[i]) == 0) {
			*m = (enum method)i;
			return true;
		}
	return false;
}

const char *
route_method_name(enum method m)
{
	return (unsigned)m < METHOD__MAX ? method_names[m] : "?";
}

/* Matches one pattern against the segments, capturing its parameters. */
static bool
route_fits(const char *pattern, char *const *segs, size_t nsegs,
    struct route_match *m)
{
	const char	*p = pattern + 1, *end;
	size_t		 i = 0, len;

	m->nparams = 0;
	for (;; p = end + 1, i++) {
		end = p + strcspn(p, "/");
		len = (size_t)(end - p);
		if (i == nsegs)
			return false;
		if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
			if (segs[i][0] == '\0' || m->nparams == ROUTE_PARAMS_MAX)
				return false;
			/* The pattern is static storage: point at its name. */
			m->param_name[m->nparams] = p + 1;
			m->param[m->nparams++] = segs[i];
		} else if (strlen(segs[i]) != len || strncmp(segs[i], p, len) != 0)
			return false;
		if (*end == '\0')
			return i + 1 == nsegs;
	}
}

enum err
route_find(char *const *segs, size_t nsegs, bool method_known, enum method meth,
    struct route_match *m)
{
	struct route_match	 tmp;
	int			 r;
	bool			 found = false;

	m->allow = 0;
	for (r = 0; r < ROUTE__MAX; r++) {
		memset(&tmp, 0, sizeof(tmp));
		if (!route_fits(route_defs[r].pattern, segs, nsegs, &tmp))
			continue;
		if (method_known && route_defs[r].method == meth) {
			tmp.route = (enum route)r;
			*m = tmp;
			return ERR_OK;
		}
		found = true;
		m->allow |= 1u << route_defs[r].method;
	}
	return found ? ERR_METHOD : ERR_NOT_FOUND;
}

/* True when path is prefix itself or continues it with '/' or '?'. */
static bool
path_under(const char *path, const char *prefix)
{
	size_t	n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/' || path[n] == '?');
}

bool
route_page_path(const char *path)
{
	return !path_under(path, "/api") && !path_under(path, "/healthz") &&
	    !path_under(path, "/metrics");
}

const char *
route_param(const struct route_match *m, const char *name)
{
	size_t	i, n = strlen(name);

	for (i = 0; i < m->nparams; i++)
		if (strncmp(m->param_name[i], name, n) == 0 &&
		    m->param_name[i][n] == '}')
			return m->param[i];
	return NULL;
}
