#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "api.h"
#include "handler.h"
#include "auth.h"
#include "html.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "jw.h"
#include "log.h"
#include "mapcache.h"
#include "model.h"
#include "model_gap.h"
#include "multipart.h"
#include "pdf.h"
#include "pdfverify.h"
#include "respcache.h"
#include "pool.h"
#include "query.h"
#include "report.h"
#include "route.h"
#include "session.h"
#include "sso.h"
#include "valid.h"

typedef enum err (*handler_fn)(struct ctx *);

static const handler_fn handlers[ROUTE__MAX] = {
	[ROUTE_HEALTHZ] = h_healthz,
	[ROUTE_METRICS] = h_metrics,
	[ROUTE_ORGS] = h_orgs,
	[ROUTE_FRAMEWORKS] = h_frameworks,
	[ROUTE_FRAMEWORK_CONTROLS] = h_framework_controls,
	[ROUTE_MAPPINGS] = h_mappings,
	[ROUTE_MAPPINGS_DIFF] = h_mappings_diff,
	[ROUTE_ORG_GAP] = h_gap,
	[ROUTE_ORG_COMPARISON] = h_comparison,
	[ROUTE_ORG_READINESS] = h_readiness,
	[ROUTE_ORG_CONTROL_HISTORY] = h_control_history,
	[ROUTE_ORG_REVIEWS] = h_reviews,
	[ROUTE_ORG_REVIEW_ADD] = h_review_post,
	[ROUTE_ORG_REVIEW] = h_review_get,
	[ROUTE_ORG_EVIDENCE_ADD] = h_evidence_post,
	[ROUTE_ORG_EVIDENCE] = h_evidence_get,
	[ROUTE_ORG_MANAGEMENT_REVIEWS] = h_management_reviews,
	[ROUTE_ORG_REPORT] = h_report,
	[ROUTE_ORG_EXPORT] = h_export,
	[ROUTE_ORG_REPORT_RUNS] = h_report_runs,
	[ROUTE_ORG_REPORT_RUN] = h_report_run,
	[ROUTE_ORG_CHART] = h_chart,
	[ROUTE_VERIFY] = h_verify,
	[ROUTE_ORG_LOGIN_LINKS] = h_login_links,
	[ROUTE_SIGNIN_FORM] = h_signin_form,
	[ROUTE_SIGNIN] = h_signin,
	[ROUTE_LOGIN_FORM] = h_login_form,
	[ROUTE_LOGIN] = h_login,
	[ROUTE_SIGNOUT] = h_signout,
	[ROUTE_PAGE_HOME] = h_page_home,
	[ROUTE_PAGE_OVERVIEW] = h_page_overview,
	[ROUTE_PAGE_GAP] = h_page_gap,
	[ROUTE_PAGE_MANAGEMENT_REVIEWS] = h_page_management_reviews,
	[ROUTE_PAGE_READINESS] = h_page_readiness,
	[ROUTE_PAGE_CONTROL] = h_page_control,
	[ROUTE_PAGE_REPORTS] = h_page_reports,
	[ROUTE_PAGE_VERIFY_FORM] = h_page_verify_form,
	[ROUTE_PAGE_VERIFY] = h_page_verify,
	[ROUTE_ORG_SHARES] = h_shares,
	[ROUTE_ORG_SHARE_ADD] = h_share_add,
	[ROUTE_ORG_SHARE_REVOKE] = h_share_revoke,
	[ROUTE_ORG_SHARE_ACCESSES] = h_share_accesses,
	[ROUTE_SHARE_PAGE] = h_share_page,
	[ROUTE_SHARE_NDA] = h_share_nda,
	[ROUTE_SHARE_DOWNLOAD] = h_share_download,
	[ROUTE_PAGE_SHARES] = h_page_shares,
	[ROUTE_PAGE_SHARE_ADD] = h_page_share_add,
	[ROUTE_PAGE_SHARE_REVOKE] = h_page_share_revoke,
	[ROUTE_ORG_NOTIFY] = h_notify,
	[ROUTE_ORG_NOTIFY_ADD] = h_notify_add,
	[ROUTE_ORG_NOTIFY_REMOVE] = h_notify_remove,
	[ROUTE_ORG_DELIVERIES] = h_deliveries,
};

enum err
fail(struct ctx *c, enum err e, const char *code, const char *msg,
    const char *field)
{
	c->err_code = code;
	c->err_msg = msg;
	c->err_field = field;
	return e;
}

const char *
ctx_as_of(const struct ctx *c)
{
	return c->in.val[KEY_AS_OF] != NULL ? c->in.val[KEY_AS_OF] : c->today;
}

/*
 * Whether the answer so far sets a cookie (single sign-on opens a
 * session before the handler runs).  Such an answer is never cached nor
 * served from the cache: a cached Set-Cookie would hand one person's
 * session to the next, and a hit would drop the cookie.
 */
static bool
resp_sets_cookie(const struct resp *r)
{
	const char	*h = r->headers.data;
	size_t		 n = r->headers.len, i;

	for (i = 0; h != NULL && i + 11 <= n; i++)
		if ((i == 0 || h[i - 1] == '\n') &&
		    strncasecmp(h + i, "Set-Cookie:", 11) == 0)
			return true;
	return false;
}

bool
ctx_cache_key(struct ctx *c, const char *part, char **key, long long *epoch)
{
	struct buf	k;
	size_t		i;
	int		n;

	*key = NULL;
	if (db_begin_snapshot(c->db) != ERR_OK ||
	    model_epoch(c->db, epoch) != ERR_OK || *epoch < 0 ||
	    resp_sets_cookie(c->resp))
		return false;
	/* Values are validated: identifiers, dates, numbers; no '|'. */
	buf_init(&k, 4096);
	buf_puts(&k, route_defs[c->match.route].name);
	if (part != NULL)
		buf_printf(&k, "|%s", part);
	for (i = 0; i < c->match.nparams; i++)
		buf_printf(&k, "|%s", c->match.param[i]);
	for (n = 0; n < KEY__MAX; n++)
		buf_printf(&k, "|%s", n == KEY_AS_OF ? ctx_as_of(c) :
		    c->in.val[n] != NULL ? c->in.val[n] : "-");
	if (!buf_failed(&k))
		*key = pool_strdup(c->req->pool, k.data);
	buf_free(&k);
	return *key != NULL;
}

bool
ctx_cache_hit(struct ctx *c, char **key, long long *epoch)
{
	return ctx_cache_key(c, NULL, key, epoch) &&
	    respcache_get(c->respcache, *key, *epoch, c->req->pool, c->resp);
}

void
ctx_cache_keep(struct ctx *c, const char *key, long long epoch)
{
	if (key != NULL && !resp_sets_cookie(c->resp))
		respcache_put(c->respcache, key, epoch, c->resp);
}

enum err
ctx_read_json(struct ctx *c, json_t **root)
{
	const char	*ct = c->req->content_type;
	struct buf	 body;
	json_error_t	 jerr;
	char		*m;
	enum err	 e;

	*root = NULL;
	if (ct == NULL || strncmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';')) {
		c->err_status = 415;
		return fail(c, ERR_INVALID, "unsupported_media_type",
		    "send the record as Content-Type: application/json", "body");
	}
	if (c->req->content_length > HTTP_JSON_BODY_MAX)
		return fail(c, ERR_TOO_LARGE, "body_too_large",
		    "the body is over 1 MiB", "body");
	buf_init(&body, HTTP_JSON_BODY_MAX);
	e = c->req->read_body(c->req->read_body_arg, HTTP_JSON_BODY_MAX, &body);
	if (e == ERR_TOO_LARGE) {
		buf_free(&body);
		return fail(c, e, "body_too_large", "the body is over 1 MiB", "body");
	}
	if (e != ERR_OK) {
		buf_free(&body);
		return e;
	}
	*root = json_loadb(body.data != NULL ? body.data : "", body.len,
	    JSON_REJECT_DUPLICATES, &jerr);
	buf_free(&body);
	if (*root == NULL) {
		if ((m = pool_alloc(c->req->pool, 256)) != NULL)
			snprintf(m, 256, "invalid JSON at line %d column %d: %s",
			    jerr.line, jerr.column, jerr.text);
		return fail(c, ERR_INVALID, "invalid_json", m != NULL ? m :
		    "invalid JSON", "body");
	}
	return ERR_OK;
}

enum err
ctx_form(struct ctx *c, struct query **form)
{
	const char	*ct = c->req->content_type, *field;
	struct buf	 body;
	char		*text;
	enum err	 e;

	if (c->form != NULL) {
		*form = c->form;
		return ERR_OK;
	}
	*form = NULL;
	if (ct == NULL || strncmp(ct, "application/x-www-form-urlencoded",
	    33) != 0 || (ct[33] != '\0' && ct[33] != ';'))
		return fail(c, ERR_INVALID, "unsupported_media_type",
		    "send the form as application/x-www-form-urlencoded", "body");
	if (c->req->content_length > HTTP_FORM_MAX)
		return fail(c, ERR_INVALID, "body_too_large",
		    "the form is over 8 KiB", "body");
	if ((c->form = pool_calloc(c->req->pool, 1, sizeof(*c->form))) == NULL)
		return ERR_NOMEM;
	buf_init(&body, HTTP_FORM_MAX);
	e = c->req->read_body(c->req->read_body_arg, HTTP_FORM_MAX, &body);
	text = e == ERR_OK ? pool_strndup(c->req->pool,
	    body.data != NULL ? body.data : "", body.len) : NULL;
	buf_free(&body);
	if (e == ERR_TOO_LARGE)
		return fail(c, ERR_INVALID, "body_too_large",
		    "the form is over 8 KiB", "body");
	if (e != ERR_OK)
		return e;
	if (text == NULL)
		return ERR_NOMEM;
	e = query_parse(c->req->pool, text, c->form, &field);
	if (e != ERR_OK) {
		c->form = NULL;
		return e == ERR_NOMEM ? e : fail(c, ERR_INVALID, "invalid_form",
		    "the form holds a bad %-escape, a control character or "
		    "invalid UTF-8", field);
	}
	*form = c->form;
	return ERR_OK;
}

const char *
ctx_form_value(const struct query *q, const char *name)
{
	size_t	i;

	for (i = 0; q != NULL && i < q->n; i++)
		if (strcmp(q->pairs[i].key, name) == 0)
			return q->pairs[i].val;
	return NULL;
}

enum err
ctx_multipart(struct ctx *c, const struct multipart **mp)
{
	const size_t	 max = PDFVERIFY_MAX + MULTIPART_OVERHEAD_MAX;
	char		 boundary[MULTIPART_BOUNDARY_MAX + 1];
	const char	*why;
	struct buf	 body;
	enum err	 e;

	*mp = c->multipart;
	if (c->multipart != NULL)
		return ERR_OK;
	if (!multipart_boundary(c->req->content_type, boundary, &why))
		return fail(c, ERR_INVALID, "invalid_form", why, "Content-Type");
	/* The announced length is capped before anything is read. */
	if (c->req->content_length > (long long)max)
		return fail(c, ERR_TOO_LARGE, "body_too_large",
		    "the file is over 20 MiB", "file");
	if ((c->multipart = pool_calloc(c->req->pool, 1,
	    sizeof(*c->multipart))) == NULL)
		return ERR_NOMEM;
	buf_init(&body, max);
	e = c->req->read_body(c->req->read_body_arg, max, &body);
	/* The parts point into the body: it lives as long as the request. */
	if (body.data != NULL && pool_cleanup_add(c->req->pool, free,
	    body.data) != 0) {
		buf_free(&body);
		e = ERR_NOMEM;
	}
	if (e == ERR_OK)
		e = multipart_parse(c->req->pool, boundary, body.data != NULL ?
		    body.data : "", body.len, PDFVERIFY_MAX, c->multipart, &why);
	else if (e == ERR_TOO_LARGE)
		why = "the file is over 20 MiB";
	if (e != ERR_OK) {
		c->multipart = NULL;
		if (e == ERR_INVALID)
			return fail(c, e, "invalid_form", why, "body");
		if (e == ERR_TOO_LARGE)
			return fail(c, e, "body_too_large", why, "file");
		return e;
	}
	*mp = c->multipart;
	return ERR_OK;
}

/* Writes the Allow header for a 405. */
static void
allow_header(struct resp *resp, unsigned allow)
{
	char	 v[64] = "";
	size_t	 o = 0;
	int	 m;

	for (m = 0; m < METHOD__MAX && o < sizeof(v); m++)
		if (allow & (1u << m))
			o += (size_t)snprintf(v + o, sizeof(v) - o, "%s%s%s",
			    o > 0 ? ", " : "", route_method_name((enum method)m),
			    m == METHOD_GET ? ", HEAD" : "");
	http_header(resp, "Allow", v);
}

/* Authenticates the bearer token; fills c->who. */
static enum err
authenticate_bearer(struct ctx *c)
{
	const char	*tok;
	size_t		 len;
	char		 hash[AUTH_HASH_HEX];
	enum err	 e;

	if (!auth_bearer(c->req->authorization, &tok, &len)) {
		http_header(c->resp, "WWW-Authenticate",
		    "Bearer realm=\"annexa\", error=\"invalid_token\"");
		return fail(c, ERR_UNAUTHORIZED, "invalid_token",
		    "the bearer token is malformed", NULL);
	}
	auth_token_hash(tok, len, hash);
	e = model_principal(c->db, hash, &c->who);
	/* A bearer token is no person: its label is not audited as one. */
	c->who.person_name[0] = '\0';
	if (e == ERR_UNAUTHORIZED) {
		http_header(c->resp, "WWW-Authenticate",
		    "Bearer realm=\"annexa\", error=\"invalid_token\"");
		return fail(c, e, "invalid_token",
		    "the bearer token is unknown, revoked or expired", NULL);
	}
	return e;
}

/*
 * Authenticates the request: an Authorization header as before, else the
 * session cookie.  A session fills c->who like a token of its
 * organisation and role, with its person, and c->csrf with its CSRF token.
 */
static enum err
authenticate(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;
	const char		*id;
	size_t			 len;
	enum err		 e;

	if (c->req->authorization != NULL && c->req->authorization[0] != '\0')
		return authenticate_bearer(c);
	if (session_cookie(c->req->cookie, &id, &len)) {
		e = session_lookup(c->db, id, len, sc != NULL ? sc->idle :
		    SESSION_IDLE_DEFAULT, &c->who);
		if (e == ERR_UNAUTHORIZED)
			return fail(c, e, "session_expired",
			    "the session has ended, expired or was revoked: "
			    "sign in again", NULL);
		if (e != ERR_OK)
			return e;
		session_csrf_of(id, len, c->csrf);
		return ERR_OK;
	}
	http_header(c->resp, "WWW-Authenticate", "Bearer realm=\"annexa\"");
	return fail(c, ERR_UNAUTHORIZED, "unauthorized",
	    "an Authorization: Bearer token is required", NULL);
}

/*
 * A state-changing request made with a session cookie must come from our
 * own pages: Origin (or Referer) of public_url, and the session's CSRF
 * token in the X-CSRF-Token header or, for a form, its field "csrf".
 */
static enum err
check_csrf(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;
	const char		*given = c->req->csrf_header;
	struct query		*form;
	const struct multipart	*mp;
	const struct multipart_part *part;
	const char		*ct = c->req->content_type;
	enum err		 e;

	if (!session_same_origin(sc != NULL ? sc->public_url : NULL,
	    c->req->origin, c->req->referer))
		return fail(c, ERR_FORBIDDEN, "cross_origin",
		    "a request with a session cookie must come from annexa's "
		    "own pages (Origin of public_url)", "Origin");
	if ((given == NULL || given[0] == '\0') && ct != NULL &&
	    strncmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		if ((e = ctx_form(c, &form)) != ERR_OK)
			return e;
		given = ctx_form_value(form, "csrf");
	}
	/*
	 * An upload form (multipart/form-data: the verify page) carries its
	 * token as the part "csrf" of its body, never in its URL, where
	 * nginx's access log would keep it.  The body is read and parsed
	 * here, bounded as the upload itself is, once: the handler gets the
	 * same parse from ctx_multipart().
	 */
	if ((given == NULL || given[0] == '\0') && ct != NULL &&
	    strncasecmp(ct, "multipart/form-data", 19) == 0) {
		if ((e = ctx_multipart(c, &mp)) != ERR_OK)
			return e;
		part = multipart_find(mp, "csrf");
		given = part != NULL && part->filename == NULL ?
		    pool_strndup(c->req->pool, part->data, part->len) : NULL;
	}
	if (!session_csrf_equal(given, c->csrf))
		return fail(c, ERR_FORBIDDEN, "csrf",
		    "the CSRF token of the session is missing or wrong", "csrf");
	return ERR_OK;
}

/* The answer of a page to a browser without a valid session. */
static enum err
redirect_to_signin(struct ctx *c)
{
	http_resp_reset(c->resp);
	c->resp->route = route_defs[c->match.route].name;
	c->resp->route_id = (int)c->match.route;
	c->resp->status = 303;
	c->resp->content_type = "text/plain; charset=utf-8";
	http_header(c->resp, "Location", "/signin");
	buf_puts(&c->resp->body, "sign in at /signin\n");
	return ERR_OK;
}

/* Checks the captured path parameters against the identifier rule. */
static enum err
check_params(struct ctx *c)
{
	size_t	i;
	char	*name;

	for (i = 0; i < c->match.nparams; i++) {
		/*
		 * A sign-in link's token or a share link's secret: its
		 * handler checks it, in a page.
		 */
		if (valid_ident(c->match.param[i]) ||
		    strncmp(c->match.param_name[i], "token}", 6) == 0 ||
		    strncmp(c->match.param_name[i], "secret}", 7) == 0)
			continue;
		name = pool_strndup(c->req->pool, c->match.param_name[i],
		    strcspn(c->match.param_name[i], "}"));
		return fail(c, ERR_INVALID, "invalid_parameter",
		    "path identifiers are " VALID_IDENT_RULE, name);
	}
	return ERR_OK;
}

/* Runs routing, checks and the handler; returns the outcome. */
static enum err
dispatch(struct ctx *c)
{
	struct req	*req = c->req;
	char		*segs[PATH_SEGMENTS_MAX];
	size_t		 nsegs;
	struct query	 q;
	enum method	 m;
	bool		 known;
	const char	*field, *code, *expect;
	enum err	 e;

	if (strlen(req->path) > HTTP_PATH_MAX)
		return fail(c, ERR_NOT_FOUND, "not_found", "no such path", NULL);
	e = query_path(req->pool, req->path, segs, &nsegs);
	if (e == ERR_INVALID)
		return fail(c, e, "invalid_path",
		    "the path holds a bad %-escape, a control character or "
		    "invalid UTF-8", "path");
	if (e != ERR_OK)
		return fail(c, e, "not_found", "no such path", NULL);
	known = route_method(req->method, &m);
	e = route_find(segs, nsegs, known, m, &c->match);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such path", NULL);
	if (e == ERR_METHOD) {
		allow_header(c->resp, c->match.allow);
		return fail(c, e, "method_not_allowed",
		    "this path does not take that method", NULL);
	}
	c->resp->route = route_defs[c->match.route].name;
	c->resp->route_id = (int)c->match.route;

	if (strlen(req->query) > HTTP_QUERY_MAX) {
		c->err_status = 414;
		return fail(c, ERR_TOO_LARGE, "uri_too_long",
		    "the query string is longer than 4096 bytes", "query");
	}
	e = query_parse(req->pool, req->query, &q, &field);
	if (e == ERR_TOO_LARGE)
		return fail(c, ERR_INVALID, "too_many_parameters",
		    "at most 64 query parameters", field);
	if (e == ERR_INVALID)
		return fail(c, e, "invalid_parameter",
		    "bad %-escape, control character or invalid UTF-8", field);
	if (e != ERR_OK)
		return e;
	if ((e = check_params(c)) != ERR_OK)
		return e;

	/* Single sign-on: the identity proxy's word decides (sso.c). */
	if (sso_applies(c, m)) {
		bool	answered;

		if ((e = sso_authenticate(c, &answered)) != ERR_OK || answered)
			return e;
	} else if (route_defs[c->match.route].auth &&
	    (e = authenticate(c)) != ERR_OK) {
		/* A page sends a browser without a session to sign in. */
		if (e == ERR_UNAUTHORIZED && route_page_path(req->path))
			return redirect_to_signin(c);
		return e;
	}
	/* Every state-changing method: POST and DELETE. */
	if (c->who.session_id > 0 && m != METHOD_GET &&
	    (e = check_csrf(c)) != ERR_OK)
		return e;
	/*
	 * Another organisation's data does not exist for this token: 404
	 * before any other answer, so that not even a 403 tells it apart
	 * from an organisation that does not exist.
	 */
	c->org = route_param(&c->match, "org");
	if (c->org != NULL && c->who.org[0] != '\0' &&
	    strcmp(c->org, c->who.org) != 0)
		return fail(c, ERR_NOT_FOUND, "not_found",
		    "no such organisation", "org");
	if (route_defs[c->match.route].auth &&
	    c->who.role < route_defs[c->match.route].min_role)
		return fail(c, ERR_FORBIDDEN, "forbidden",
		    "this token's role may not do that", NULL);
	e = input_parse(req->pool, &q, route_defs[c->match.route].keys, &c->in,
	    &field, &code, &expect);
	if (e != ERR_OK)
		return fail(c, e, code,
		    strcmp(code, "unknown_parameter") == 0 ?
		    "this endpoint does not take that parameter" :
		    strcmp(code, "duplicate_parameter") == 0 ?
		    "the parameter is given more than once" :
		    expect != NULL ? expect : "invalid value", field);
	return handlers[c->match.route](c);
}

/*
 * Turns the outcome of a request into its answer: nothing to do after a
 * success; else the error, as the JSON body of docs/api.md.
 */
static void
api_answer(struct ctx *c, enum err e)
{
	struct resp	*resp = c->resp;
	int		 status;

	if (e == ERR_OK && !buf_failed(&resp->body))
		return;
	if (e == ERR_OK)
		e = ERR_NOMEM;	/* the body outgrew memory */
	status = c->err_status != 0 ? c->err_status : http_status_for(e);
	if (e == ERR_DB_UNAVAILABLE) {
		http_header(resp, "Retry-After", HTTP_RETRY_AFTER);
		c->err_code = "unavailable";
		c->err_msg = "the database is unavailable; retry later";
		c->err_field = NULL;
	}
	if (e == ERR_DB)
		log_line("annexa: database error: %s", db_errmsg(c->db));
	if (c->err_code == NULL) {
		c->err_code = e == ERR_NOMEM ? "unavailable" : "internal";
		c->err_msg = e == ERR_DB ? "the database refused the request" :
		    err_strerror(e);
	}
	http_error(resp, status, c->err_code, c->err_msg, c->err_field);
}

/*
 * The answer of a page: the same status as the API would give, but an
 * HTML page for people, and the page headers on every answer.
 */
static void
page_answer(struct ctx *c, enum err e)
{
	struct resp	*resp = c->resp;
	char		 msg[512];

	if (e != ERR_OK || buf_failed(&resp->body)) {
		api_answer(c, e);
		/* The field first, as the JSON error names it. */
		if (c->err_field != NULL)
			snprintf(msg, sizeof(msg), "%s: %s", c->err_field,
			    c->err_msg);
		else
			snprintf(msg, sizeof(msg), "%s", c->err_msg);
		html_error_page(resp, resp->status, msg);
		if (buf_failed(&resp->body)) {
			/* Not even the error page fits: a plain line. */
			buf_reset(&resp->body);
			buf_puts(&resp->body, "error\n");
		}
	}
	/* A file a page path hands out (a share link's PDF) keeps its type. */
	if (e == ERR_OK && !buf_failed(&resp->body) &&
	    resp->content_type != NULL &&
	    strcmp(resp->content_type, "application/pdf") == 0)
		return;
	html_headers(resp);
}

void
api_handle(struct db *db, struct api_local *local, struct req *req,
    struct resp *resp)
{
	struct ctx	c;
	enum err	e;

	time_t		now = time(NULL);
	struct tm	tm;

	memset(&c, 0, sizeof(c));
	/* Sets handed out by the previous request may go from now on. */
	mapcache_begin_request(local->mapcache);
	c.db = db;
	c.mapcache = local->mapcache;
	c.respcache = local->respcache;
	c.local = local;
	c.req = req;
	c.resp = resp;
	gmtime_r(&now, &tm);
	strftime(c.today, sizeof(c.today), "%Y-%m-%d", &tm);
	e = dispatch(&c);
	/* A handler's snapshot transaction never outlives the request. */
	db_rollback(db);
	if (route_page_path(req->path))
		page_answer(&c, e);
	else
		api_answer(&c, e);
}

struct api_local *
api_worker_new(struct db *db, struct respcache *respcache,
    const struct signer *signer, const char *font_dir,
    const struct session_conf *sessions)
{
	struct api_local	*l;
	struct pdf_opts		 po;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->respcache = respcache;
	l->sessions = sessions;
	if ((l->mapcache = mapcache_new()) == NULL)
		goto fail;
	if (signer == NULL)
		return l;	/* report routes answer that signing is off */
	if ((l->reports = calloc(1, sizeof(*l->reports))) == NULL)
		goto fail;
	memset(&po, 0, sizeof(po));
	po.font_dir = font_dir;
	l->reports->db = db;
	l->reports->mapcache = l->mapcache;
	l->reports->signer = signer;
	l->reports->font_dir = font_dir;
	if ((l->reports->pdf = pdf_new(&po)) == NULL)
		goto fail;
	return l;
fail:
	api_worker_free(l);
	return NULL;
}

void
api_worker_free(struct api_local *l)
{
	if (l == NULL)
		return;
	if (l->reports != NULL)
		pdf_free(l->reports->pdf);
	free(l->reports);
	mapcache_free(l->mapcache);
	free(l);
}
