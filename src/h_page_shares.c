/*
 * h_page_shares.c — the share links page of an organisation, for editors
 * and admins: the form that makes a link (its URL shown once, on the page
 * that answers the form), the links with their state and counts, and a
 * revoke button on each active one.  The same rules as the API
 * (h_shares.c) through share.c; HTML through html.c.
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
#include "model_records.h"
#include "page.h"
#include "pool.h"
#include "session.h"
#include "share.h"
#include "valid.h"

/* The hidden CSRF field of a form, for a request with a session. */
static void
csrf_field(struct ctx *c, struct buf *b)
{
	char	csrf[SESSION_CSRF_LEN];

	if (!session_csrf(c, csrf))
		return;
	buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, csrf);
	buf_puts(b, "\">");
}

/* The form that makes a link. */
static void
share_form(struct ctx *c, struct buf *b)
{
	static const char *const reports[] = {
		"comparison", "gap", "soa", "management-review"
	};
	struct html_url	u;
	size_t		i;

	buf_puts(b, "<section id=\"new-share\"><h2>New share link</h2>\n"
	    "<p>One report, for the customer audience, for one recipient. "
	    "The link is shown once, on the next page.</p>\n"
	    "<form id=\"share-form\" method=\"post\"");
	page_org_url(c, &u, "/orgs", "shares", NULL, NULL);
	html_url_attr(b, "action", &u);
	buf_puts(b, ">");
	csrf_field(c, b);
	buf_puts(b, "\n<p><label for=\"share-report\">Report</label> "
	    "<select id=\"share-report\" name=\"report\">");
	for (i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		buf_printf(b, "<option>%s</option>", reports[i]);
	buf_puts(b, "</select> <label for=\"share-target\">Target (gap "
	    "only)</label> <input id=\"share-target\" name=\"target\" "
	    "type=\"text\"></p>\n"
	    "<p><label for=\"share-to\">Recipient</label> <input "
	    "id=\"share-to\" name=\"to\" type=\"text\" required size=\"50\" "
	    "placeholder=\"Globex Corp, Ana Ruiz &lt;ana@globex.example&gt;\">"
	    "</p>\n<p><label for=\"share-expires\">Valid for</label> <input "
	    "id=\"share-expires\" name=\"expires\" type=\"text\" required "
	    "value=\"30d\"> <label for=\"share-max\">Downloads at most</label> "
	    "<input id=\"share-max\" name=\"max_downloads\" type=\"number\" "
	    "min=\"1\" max=\"1000\"> <input id=\"share-nda\" name=\"nda\" "
	    "type=\"checkbox\" value=\"yes\"> <label for=\"share-nda\">NDA "
	    "first</label></p>\n<p><button type=\"submit\">Make the link"
	    "</button></p>\n</form></section>\n");
}

/* The links, newest first, with a revoke button on each active one. */
static enum err
share_table(struct ctx *c, struct buf *b)
{
	static const char *const cols[] = {
		"Ref", "Report", "Recipient", "State", "Expires", "Views",
		"NDA accepted", "Downloads", "Last access", "", NULL
	};
	struct html_url	 u;
	struct mtable	 t;
	size_t		 i;
	const char	*id;
	enum err	 e;

	if ((e = share_list(c->db, c->req->pool, c->org, &t)) != ERR_OK)
		return e;
	if (!page_list_begin(b, "shares", "Share links", t.nrows, cols,
	    "No share links yet."))
		return ERR_OK;
	for (i = 0; i < t.nrows; i++) {
		id = MT(&t, i, SHARE_LIST_ID);
		page_row_begin(b, id);
		page_cell(b, MT(&t, i, SHARE_LIST_REF));
		buf_puts(b, "<td>");
		html_text(b, MT(&t, i, SHARE_LIST_REPORT));
		if (MT(&t, i, SHARE_LIST_TARGET) != NULL) {
			buf_puts(b, " to ");
			html_data(b, MT(&t, i, SHARE_LIST_TARGET));
		}
		buf_puts(b, "</td><td>");
		html_data(b, MT(&t, i, SHARE_LIST_COMPANY));
		buf_puts(b, ", ");
		html_data(b, MT(&t, i, SHARE_LIST_NAME));
		buf_puts(b, " &lt;");
		html_data(b, MT(&t, i, SHARE_LIST_EMAIL));
		buf_puts(b, "&gt;</td>");
		page_state_cell(b, MT(&t, i, SHARE_LIST_STATE));
		page_cell(b, MT(&t, i, SHARE_LIST_EXPIRES));
		page_cell(b, MT(&t, i, SHARE_LIST_VIEWS));
		page_cell(b, MT(&t, i, SHARE_LIST_ACCEPTANCES));
		page_cell(b, MT(&t, i, SHARE_LIST_DOWNLOADS));
		page_cell(b, MT(&t, i, SHARE_LIST_LAST_ACCESS));
		buf_puts(b, "<td>");
		if (strcmp(MT(&t, i, SHARE_LIST_STATE), "active") == 0) {
			buf_puts(b, "<form class=\"revoke\" method=\"post\"");
			page_org_url(c, &u, "/orgs", "shares", id, "revoke");
			html_url_attr(b, "action", &u);
			buf_puts(b, ">");
			csrf_field(c, b);
			buf_puts(b, "<button type=\"submit\">Revoke</button>"
			    "</form>");
		}
		buf_puts(b, "</td></tr>\n");
	}
	page_list_end(b);
	return ERR_OK;
}

/*
 * The page: msg (may be NULL) above the form, as an alert when error;
 * url (may be NULL) the link just made, shown this once.
 */
static enum err
shares_page(struct ctx *c, int status, const char *msg, bool error,
    const char *url)
{
	struct buf	*b = &c->resp->body;
	enum err	 e;

	buf_reset(b);
	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	page_begin(c, "Share links", c->org);
	buf_puts(b, "<h1>Share links</h1>\n");
	if (msg != NULL) {
		buf_printf(b, "<p class=\"%s\" role=\"alert\" id=\"share-"
		    "message\">", error ? "error" : "note");
		html_text(b, msg);
		buf_puts(b, "</p>\n");
	}
	if (url != NULL) {
		buf_puts(b, "<p id=\"share-url\">The new link (shown only "
		    "now: copy it into your message): <code>");
		html_text(b, url);
		buf_puts(b, "</code></p>\n");
	}
	share_form(c, b);
	if ((e = share_table(c, b)) != ERR_OK)
		return e;
	html_page_end(b);
	return ERR_OK;
}

enum err
h_page_shares(struct ctx *c)
{
	return shares_page(c, 200, NULL, false, NULL);
}

enum err
h_page_share_add(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;
	struct share_spec	 s;
	struct query		*form;
	const char		*v, *target, *max, *msg;
	char			 secret[SHARE_SECRET_LEN + 1] = "";
	char			 expires[32];
	char			 url[SHARE_URL_MAX];
	long long		 id;
	int64_t			 n;
	enum err		 e;

	if (sc == NULL || sc->public_url == NULL)
		return shares_page(c, 503, "Share links need public_url in the "
		    "configuration of annexa.", true, NULL);
	if ((e = ctx_form(c, &form)) != ERR_OK)
		return e;
	memset(&s, 0, sizeof(s));
	s.org = c->org;
	v = ctx_form_value(form, "report");
	target = ctx_form_value(form, "target");
	if (target != NULL && target[0] == '\0')
		target = NULL;
	max = ctx_form_value(form, "max_downloads");
	if (max != NULL && max[0] == '\0')
		max = NULL;
	if (!share_report_valid(v))
		return shares_page(c, 400, "report: " SHARE_REPORT_RULE, true,
		    NULL);
	s.report = v;
	if (strcmp(s.report, "gap") == 0 && (target == NULL ||
	    !valid_ident(target)))
		return shares_page(c, 400, "target: the gap report needs a "
		    "target framework id", true, NULL);
	if (strcmp(s.report, "gap") != 0 && target != NULL)
		return shares_page(c, 400, "target: only the gap report takes "
		    "a target", true, NULL);
	s.target = target;
	if (!share_parse_to(ctx_form_value(form, "to"), &s.to))
		return shares_page(c, 400, "to: " SHARE_TO_RULE, true, NULL);
	if (!share_parse_expires(ctx_form_value(form, "expires"), &s.seconds))
		return shares_page(c, 400, "expires: " SHARE_EXPIRES_RULE, true,
		    NULL);
	v = ctx_form_value(form, "nda");
	s.nda = v != NULL && strcmp(v, "yes") == 0;
	if (max != NULL) {
		if (!valid_int(max, 1, SHARE_DOWNLOADS_MAX, &n))
			return shares_page(c, 400, "max_downloads: a whole "
			    "number from 1 to 1000", true, NULL);
		s.max_downloads = (int)n;
	}
	e = share_create(c->db, &s, &c->who, secret, &id, expires);
	if (e == ERR_INVALID)
		return shares_page(c, 400, "target: no such framework", true,
		    NULL);
	if (e == ERR_CONFLICT)
		return shares_page(c, 400, "nda: the organisation has no NDA "
		    "text yet (annexa share nda)", true, NULL);
	if (e != ERR_OK)
		return e;
	if (!share_url(sc->public_url, secret, url, sizeof(url))) {
		OPENSSL_cleanse(secret, sizeof(secret));
		return ERR_INTERNAL;
	}
	OPENSSL_cleanse(secret, sizeof(secret));
	msg = pool_printf(c->req->pool, "Share link %lld made, valid until "
	    "%s.", id, expires);
	e = shares_page(c, 201, msg, false, url);
	OPENSSL_cleanse(url, sizeof(url));
	return e;
}

enum err
h_page_share_revoke(struct ctx *c)
{
	const char	*id = route_param(&c->match, "id");
	struct html_url	 u;
	enum err	 e;

	e = share_revoke(c->db, id, c->org, &c->who);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such share link", "id");
	if (e != ERR_OK)
		return e;
	page_org_url(c, &u, "/orgs", "shares", NULL, NULL);
	c->resp->status = 303;
	c->resp->content_type = "text/plain; charset=utf-8";
	http_header(c->resp, "Location", html_url_str(&u));
	buf_puts(&c->resp->body, "revoked\n");
	return ERR_OK;
}
