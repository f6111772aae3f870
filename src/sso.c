/*
 * sso.c — single sign-on behind an identity proxy: from the address the
 * proxy vouched for to a browser session of that person (see sso.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "api.h"
#include "buf.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "page.h"
#include "person.h"
#include "session.h"
#include "sso.h"

bool
sso_applies(const struct ctx *c, enum method m)
{
	const struct session_conf *sc = c->local->sessions;

	return sc != NULL && sc->sso_param != NULL &&
	    c->req->sso_email != NULL && c->req->sso_email[0] != '\0' &&
	    (c->req->authorization == NULL ||
	    c->req->authorization[0] == '\0') &&
	    m == METHOD_GET && route_defs[c->match.route].auth &&
	    route_page_path(c->req->path);
}

/* Starts a page of ours: status, HTML, the frame and the heading. */
static struct buf *
sso_page(struct ctx *c, int status, const char *title)
{
	struct buf	*b = &c->resp->body;

	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	page_begin(c, title, NULL);
	buf_puts(b, "<h1>");
	html_text(b, title);
	buf_puts(b, "</h1>\n");
	return b;
}

/*
 * The 403 page of an address annexa does not know (email NULL: the proxy
 * sent something that is no address at all), saying whom to ask.
 */
static enum err
sso_refused(struct ctx *c, const char *email, bool *answered)
{
	struct buf	*b = sso_page(c, 403, "No access to annexa");

	if (email == NULL) {
		buf_puts(b, "<p class=\"error\">The sign-in service vouched for "
		    "you, but sent annexa no e-mail address it can use.</p>\n"
		    "<p>Ask whoever runs annexa for your organisation to check "
		    "its single sign-on settings.</p>\n");
	} else {
		buf_puts(b, "<p class=\"error\">You are signed in as <strong>");
		html_data(b, email);
		buf_puts(b, "</strong>, but no organisation in annexa has given "
		    "that address access.</p>\n<p>Ask whoever runs annexa for "
		    "your organisation to add you, for instance with "
		    "<code>annexa user add --email ");
		html_text(b, email);
		buf_puts(b, " --org ORGANISATION --role viewer</code>.</p>\n");
	}
	html_page_end(b);
	*answered = true;
	return ERR_OK;
}

/* The start page of a person of several organisations: one link each. */
static enum err
sso_choose(struct ctx *c, const char *email, const struct person_org *po,
    size_t n, bool *answered)
{
	struct buf	*b = sso_page(c, 200, "Your organisations");
	struct html_url	 u;
	size_t		 i;

	buf_puts(b, "<p>You are signed in as <strong>");
	html_data(b, email);
	buf_puts(b, "</strong>. Choose an organisation.</p>\n"
	    "<ul class=\"orgs\">\n");
	for (i = 0; i < n; i++) {
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, po[i].org);
		buf_puts(b, "<li><a");
		html_url_attr(b, "href", &u);
		buf_putc(b, '>');
		html_data(b, po[i].org_name);
		buf_puts(b, "</a> <span class=\"id\">");
		html_text(b, po[i].org);
		buf_puts(b, "</span></li>\n");
	}
	buf_puts(b, "</ul>\n");
	html_page_end(b);
	*answered = true;
	return ERR_OK;
}

/*
 * The live session of the request's cookie into *old (session_id 0 when
 * there is none); the idle time is the configuration's.
 */
static enum err
sso_cookie_session(struct ctx *c, struct principal *old)
{
	const char	*id;
	size_t		 len;
	enum err	 e;

	memset(old, 0, sizeof(*old));
	if (!session_cookie(c->req->cookie, &id, &len))
		return ERR_OK;
	e = session_lookup(c->db, id, len, c->local->sessions->idle, old);
	if (e == ERR_UNAUTHORIZED) {
		memset(old, 0, sizeof(*old));
		return ERR_OK;
	}
	if (e == ERR_OK)
		session_csrf_of(id, len, c->csrf);
	return e;
}

/* Ends the browser's old session: the proxy now says someone else. */
static enum err
sso_end_old(struct ctx *c, struct principal *old)
{
	char		sid[24];
	enum err	e;

	if (old->session_id <= 0)
		return ERR_OK;
	snprintf(sid, sizeof(sid), "%lld", old->session_id);
	e = session_end(c->db, sid, old);
	memset(old, 0, sizeof(*old));
	memset(c->csrf, 0, sizeof(c->csrf));
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

/*
 * Opens a session for person p, as a sign-in link would: a new id, its
 * cookie on the answer, audited under the person.  c->who and c->csrf
 * become the new session's.
 */
static enum err
sso_open(struct ctx *c, const struct person *p)
{
	struct principal	 who;
	char			 id[AUTH_RANDOM_LEN + 1], cookie[256];
	long long		 max = c->local->sessions->max, sid;
	enum err		 e;

	memset(&who, 0, sizeof(who));
	snprintf(who.org, sizeof(who.org), "%s", p->org);
	who.role = p->role;
	who.person_id = p->id;
	/*
	 * Without a display name, the address names the person, cut to the
	 * longest name a session holds (an address is ASCII: the cut splits
	 * no character).
	 */
	if (p->name[0] != '\0')
		snprintf(who.person_name, sizeof(who.person_name), "%s",
		    p->name);
	else
		snprintf(who.person_name, sizeof(who.person_name), "%.*s",
		    AUTH_PERSON_NAME_MAX, p->email);
	snprintf(who.person_email, sizeof(who.person_email), "%s", p->email);
	if ((e = session_create(c->db, &who, 0, max, id, &sid)) != ERR_OK)
		return e;
	if (!session_set_cookie(id, max, cookie, sizeof(cookie))) {
		OPENSSL_cleanse(id, sizeof(id));
		return ERR_INTERNAL;
	}
	http_header(c->resp, "Set-Cookie", cookie);
	session_csrf_of(id, strlen(id), c->csrf);
	who.session_id = sid;
	c->who = who;
	OPENSSL_cleanse(id, sizeof(id));
	OPENSSL_cleanse(cookie, sizeof(cookie));
	return ERR_OK;
}

enum err
sso_authenticate(struct ctx *c, bool *answered)
{
	char			 email[AUTH_PERSON_EMAIL_MAX + 1];
	const char		*org = route_param(&c->match, "org");
	struct principal	 old;
	struct person_org	*po;
	struct person		 p;
	size_t			 n;
	enum err		 e;

	*answered = false;
	if ((e = sso_cookie_session(c, &old)) != ERR_OK)
		return e;
	/*
	 * The proxy's word wins over the cookie: a session of anyone but
	 * this address through single sign-on is not used, and ends.
	 */
	if (!person_email_norm(c->req->sso_email, email)) {
		if ((e = sso_end_old(c, &old)) != ERR_OK)
			return e;
		return sso_refused(c, NULL, answered);
	}
	if (old.session_id > 0 && (old.person_id <= 0 ||
	    strcmp(old.person_email, email) != 0) &&
	    (e = sso_end_old(c, &old)) != ERR_OK)
		return e;
	if ((e = person_orgs(c->db, c->req->pool, email, &po, &n)) != ERR_OK)
		return e;
	if (n == 0) {
		if ((e = sso_end_old(c, &old)) != ERR_OK)
			return e;
		return sso_refused(c, email, answered);
	}
	if (org == NULL) {
		if (n > 1)
			return sso_choose(c, email, po, n, answered);
		org = po[0].org;
	}
	/* The same person's session for this organisation: as it is. */
	if (old.session_id > 0 && strcmp(old.org, org) == 0) {
		c->who = old;
		return ERR_OK;
	}
	e = person_find(c->db, org, email, &p);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	if (e != ERR_OK)
		return e;
	if ((e = sso_end_old(c, &old)) != ERR_OK)
		return e;
	return sso_open(c, &p);
}
