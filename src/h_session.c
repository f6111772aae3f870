/*
 * h_session.c — signing in and out: the sign-in form (an API token), the
 * page of a sign-in link and its form, sign-out, and the API route that
 * makes sign-in links (POST /api/v1/orgs/{org}/login-links).
 *
 * Their HTML is written through html.c: the frame, escaped text, data
 * from the database as isolated runs, the form's URL from the builder.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "buf.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "jw.h"
#include "loginlink.h"
#include "model.h"
#include "pool.h"
#include "session.h"

/*
 * Starts a page: status, the frame and the heading.  The dispatcher adds
 * the page headers (html_headers()) to every answer under a page path.
 */
static struct buf *
page_open(struct ctx *c, int status, const char *title)
{
	struct html_frame	 f = { title, NULL, NULL, NULL, false };
	struct buf		*b = &c->resp->body;

	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	html_page_begin(b, &f);
	buf_puts(b, "<h1>");
	html_text(b, title);
	buf_puts(b, "</h1>\n");
	return b;
}

static enum err
page_close(struct buf *b)
{
	html_page_end(b);
	return ERR_OK;
}

/* A page that only says something: an error or a refusal. */
static enum err
page_message(struct ctx *c, int status, const char *title, const char *msg)
{
	struct buf	*b = page_open(c, status, title);

	buf_puts(b, "<p class=\"error\">");
	html_text(b, msg);
	buf_puts(b, "</p>\n<p><a href=\"/signin\">Sign in</a></p>\n");
	return page_close(b);
}

/* The sign-in form, with a message above it when msg is not NULL. */
static enum err
page_signin(struct ctx *c, int status, const char *msg)
{
	struct buf	*b = page_open(c, status, "Sign in to annexa");

	if (msg != NULL) {
		buf_puts(b, "<p class=\"error\" role=\"alert\">");
		html_text(b, msg);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "<p>Open the sign-in link you were sent, or paste an "
	    "annexa API token.</p>\n"
	    "<form id=\"signin\" method=\"post\" action=\"/signin\">"
	    "<label for=\"token\">API token</label> "
	    "<input id=\"token\" name=\"token\" type=\"password\" "
	    "autocomplete=\"off\" required> "
	    "<button type=\"submit\">Sign in</button></form>\n");
	return page_close(b);
}

/* The page after signing in: the organisation's overview, or the list. */
static const char *
landing(struct ctx *c, const struct principal *who)
{
	if (who->org[0] == '\0')
		return "/";
	return pool_printf(c->req->pool, "/orgs/%s", who->org);
}

/*
 * Sets the cookie of new session id and sends the browser to who's
 * landing page.
 */
static enum err
signed_in(struct ctx *c, const struct principal *who, char *id, long long max)
{
	char		 cookie[256];
	const char	*to;

	if (!session_set_cookie(id, max, cookie, sizeof(cookie)))
		return ERR_INTERNAL;
	if ((to = landing(c, who)) == NULL)
		return ERR_NOMEM;
	c->resp->status = 303;
	c->resp->content_type = "text/plain; charset=utf-8";
	http_header(c->resp, "Set-Cookie", cookie);
	http_header(c->resp, "Location", to);
	buf_puts(&c->resp->body, "signed in\n");
	memset(id, 0, AUTH_RANDOM_LEN + 1);
	memset(cookie, 0, sizeof(cookie));
	return ERR_OK;
}

/*
 * A browser that signs in while it still holds a session gives that one
 * up: the old id stops working, so one browser holds one session.
 */
static enum err
end_previous_session(struct ctx *c)
{
	struct principal	 old;
	const char		*id;
	char			 sid[24];
	size_t			 len;
	enum err		 e;

	if (!session_cookie(c->req->cookie, &id, &len))
		return ERR_OK;
	memset(&old, 0, sizeof(old));
	e = session_lookup(c->db, id, len, c->local->sessions != NULL ?
	    c->local->sessions->idle : SESSION_IDLE_DEFAULT, &old);
	if (e == ERR_UNAUTHORIZED)
		return ERR_OK;
	if (e != ERR_OK)
		return e;
	snprintf(sid, sizeof(sid), "%lld", old.session_id);
	e = session_end(c->db, sid, &old);
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/* The absolute lifetime of sessions, in seconds. */
static long long
session_max(const struct ctx *c)
{
	return c->local->sessions != NULL ? c->local->sessions->max :
	    SESSION_MAX_DEFAULT;
}

/* Whether a sign-in POST comes from our own pages; else a 403 page. */
static bool
from_our_pages(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;

	if (session_same_origin(sc != NULL ? sc->public_url : NULL,
	    c->req->origin, c->req->referer))
		return true;
	page_message(c, 403, "Sign-in refused", sc == NULL ||
	    sc->public_url == NULL ? "Signing in needs public_url in the "
	    "configuration of annexa." : "This form was sent from another "
	    "site. Open annexa's own sign-in page and try again.");
	return false;
}

enum err
h_signin_form(struct ctx *c)
{
	return page_signin(c, 200, NULL);
}

enum err
h_signin(struct ctx *c)
{
	struct principal	 who;
	struct query		*form;
	const char		*tok;
	char			 hash[AUTH_HASH_HEX], id[AUTH_RANDOM_LEN + 1];
	long long		 sid;
	size_t			 len;
	enum err		 e;

	if (!from_our_pages(c))
		return ERR_OK;
	if ((e = ctx_form(c, &form)) != ERR_OK)
		return e;
	tok = ctx_form_value(form, "token");
	if (tok == NULL || tok[0] == '\0')
		return page_signin(c, 400, "Paste an API token.");
	len = strlen(tok);
	if (len != AUTH_TOKEN_LEN || strncmp(tok, AUTH_TOKEN_PREFIX, 3) != 0 ||
	    !auth_is_random_b64url(tok + 3, len - 3))
		return page_signin(c, 401, "That is not an annexa API token "
		    "(they begin with ax_).");
	auth_token_hash(tok, len, hash);
	memset(&who, 0, sizeof(who));
	e = model_principal(c->db, hash, &who);
	if (e == ERR_UNAUTHORIZED)
		return page_signin(c, 401, "This token is unknown, revoked or "
		    "expired.");
	if (e != ERR_OK)
		return e;
	if ((e = end_previous_session(c)) != ERR_OK)
		return e;
	if ((e = session_create(c->db, &who, 0, session_max(c), id,
	    &sid)) != ERR_OK)
		return e;
	return signed_in(c, &who, id, session_max(c));
}

/* The page a link's token leads to when it cannot sign in. */
static enum err
link_refused(struct ctx *c, const struct loginlink_info *li, bool known)
{
	if (!known)
		return page_message(c, 404, "Unknown sign-in link", "This "
		    "sign-in link does not exist. Check that the whole link "
		    "was copied, or ask for a new one.");
	if (li->state == LOGINLINK_SPENT)
		return page_message(c, 410, "Sign-in link already used",
		    "This sign-in link has been used already; each link "
		    "signs in once. Ask for a new one.");
	return page_message(c, 410, "Sign-in link expired", "This sign-in "
	    "link has expired. Ask for a new one.");
}

enum err
h_login_form(struct ctx *c)
{
	const char		*tok = route_param(&c->match, "token");
	struct loginlink_info	 li;
	struct html_url		 u;
	struct buf		*b;
	char			 title[1024];
	enum err		 e;

	/* Opening the link never spends it: mail scanners open links too. */
	e = loginlink_peek(c->db, tok, strlen(tok), &li);
	if (e == ERR_NOT_FOUND)
		return link_refused(c, NULL, false);
	if (e != ERR_OK)
		return e;
	if (li.state != LOGINLINK_VALID)
		return link_refused(c, &li, true);
	snprintf(title, sizeof(title), "Sign in as %s to %s", li.person_name,
	    li.org_name);
	b = page_open(c, 200, title);
	buf_puts(b, "<p>This link signs <strong>");
	html_data(b, li.person_name);
	buf_puts(b, "</strong> (");
	html_data(b, li.person_email);
	buf_puts(b, ") in to ");
	html_data(b, li.org_name);
	buf_puts(b, " as ");
	html_text(b, auth_role_name(li.role));
	buf_puts(b, ". It works once.</p>\n<form id=\"login\" method=\"post\"");
	html_url_begin(&u, "/login");
	html_url_seg(&u, tok);
	html_url_attr(b, "action", &u);
	buf_puts(b, "><button type=\"submit\">Sign in</button></form>\n");
	return page_close(b);
}

enum err
h_login(struct ctx *c)
{
	const char		*tok = route_param(&c->match, "token");
	struct loginlink_info	 li;
	struct principal	 who;
	char			 id[AUTH_RANDOM_LEN + 1];
	long long		 sid;
	enum err		 e;

	if (!from_our_pages(c))
		return ERR_OK;
	e = session_from_link(c->db, tok, strlen(tok), session_max(c), &who, id,
	    &sid);
	if (e == ERR_NOT_FOUND) {
		e = loginlink_peek(c->db, tok, strlen(tok), &li);
		if (e != ERR_OK && e != ERR_NOT_FOUND)
			return e;
		return link_refused(c, &li, e == ERR_OK);
	}
	if (e != ERR_OK)
		return e;
	if ((e = end_previous_session(c)) != ERR_OK)
		return e;
	return signed_in(c, &who, id, session_max(c));
}

enum err
h_signout(struct ctx *c)
{
	char		 sid[24], cookie[256];
	enum err	 e;

	/* The dispatcher checked the session, its Origin and CSRF token. */
	snprintf(sid, sizeof(sid), "%lld", c->who.session_id);
	e = session_end(c->db, sid, &c->who);
	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return e;
	session_set_cookie(NULL, 0, cookie, sizeof(cookie));
	c->resp->status = 303;
	c->resp->content_type = "text/plain; charset=utf-8";
	http_header(c->resp, "Set-Cookie", cookie);
	http_header(c->resp, "Location", "/signin");
	buf_puts(&c->resp->body, "signed out\n");
	return ERR_OK;
}

/*
 * POST /api/v1/orgs/{org}/login-links {"for": "NAME <EMAIL>", "role":
 * "viewer|editor|admin", "expires_days": N}: a sign-in link, 201.
 */
enum err
h_login_links(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;
	char			 name[AUTH_PERSON_NAME_MAX + 1];
	char			 email[AUTH_PERSON_EMAIL_MAX + 1];
	char			 tok[AUTH_RANDOM_LEN + 1], expires[32];
	char			 url[LOGINLINK_URL_MAX];
	const char		*key;
	json_t			*root = NULL, *v;
	json_int_t		 days = LOGINLINK_DAYS_DEFAULT;
	enum role		 role;
	struct jw		 j;
	enum err		 e;

	if (sc == NULL || sc->public_url == NULL) {
		c->err_status = 503;
		return fail(c, ERR_INTERNAL, "not_configured", "sign-in links "
		    "need public_url in the configuration of annexa", NULL);
	}
	if ((e = ctx_read_json(c, &root)) != ERR_OK)
		return e;
	if (!json_is_object(root)) {
		e = fail(c, ERR_INVALID, "invalid_body",
		    "the body is a JSON object", "body");
		goto out;
	}
	json_object_foreach(root, key, v)
		if (strcmp(key, "for") != 0 && strcmp(key, "role") != 0 &&
		    strcmp(key, "expires_days") != 0) {
			e = fail(c, ERR_INVALID, "unknown_field",
			    "the fields are for, role and expires_days",
			    pool_strdup(c->req->pool, key));
			goto out;
		}
	v = json_object_get(root, "for");
	if (!json_is_string(v) || !loginlink_parse_for(json_string_value(v),
	    name, email)) {
		e = fail(c, ERR_INVALID, "invalid_field",
		    "for: " LOGINLINK_FOR_RULE, "for");
		goto out;
	}
	v = json_object_get(root, "role");
	if (!json_is_string(v) || !auth_role_parse(json_string_value(v),
	    &role)) {
		e = fail(c, ERR_INVALID, "invalid_field",
		    "role: viewer, editor or admin", "role");
		goto out;
	}
	v = json_object_get(root, "expires_days");
	if (v != NULL) {
		if (!json_is_integer(v) || (days = json_integer_value(v)) < 1 ||
		    days > LOGINLINK_SECONDS_MAX / 86400) {
			e = fail(c, ERR_INVALID, "invalid_field",
			    "expires_days: a whole number of days from 1 to 30",
			    "expires_days");
			goto out;
		}
	}
	e = loginlink_create(c->db, c->org, role, name, email,
	    (long long)days * 86400, &c->who, tok, expires);
	if (e == ERR_NOT_FOUND) {
		e = fail(c, e, "not_found", "no such organisation", "org");
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	if (!loginlink_url(sc->public_url, tok, url, sizeof(url))) {
		e = ERR_INTERNAL;
		goto out;
	}
	c->resp->status = 201;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "url", url);
	jw_kv_string(&j, "expires_at", expires);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
out:
	memset(tok, 0, sizeof(tok));
	json_decref(root);
	return e;
}
