/*
 * h_share_page.c — the recipient's pages of a share link, which need no
 * sign-in: the link's secret in the path is the credential.
 *
 *   GET  /s/{secret}           what is shared, by whom, until when; with
 *                              an NDA not yet accepted, only the NDA and
 *                              its form
 *   POST /s/{secret}/nda       records the acceptance, then 303 back
 *   POST /s/{secret}/download  the signed PDF, watermarked for the
 *                              recipient, recorded as a report run
 *
 * Every view, acceptance and download is in the link's access log, and
 * so is every request refused because the link is no longer valid.
 *
 * The POSTs have no session and so no CSRF token.  What stands in for
 * it: the secret itself is in the path, so no other site can make a
 * request for a link it does not know; and each POST must carry an
 * Origin of public_url (or, without Origin, a Referer under it), so
 * that even a page that learnt the link cannot make a browser that holds
 * it accept the NDA or spend a download: only annexa's own page, where
 * the person read the NDA and pressed the button, can.  Downloads are
 * POSTs so that link scanners and prefetching never spend one.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "buf.h"
#include "db.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "log.h"
#include "loginlink.h"
#include "metrics.h"
#include "pool.h"
#include "report.h"
#include "session.h"
#include "share.h"
#include "sign.h"

/* Starts a page of ours: status, the frame (no navigation), the heading. */
static struct buf *
share_page_open(struct ctx *c, int status, const char *title)
{
	struct html_frame	 f = { title, NULL, NULL, NULL, false };
	struct buf		*b = &c->resp->body;

	buf_reset(b);
	c->resp->status = status;
	c->resp->content_type = "text/html; charset=utf-8";
	html_page_begin(b, &f);
	buf_puts(b, "<h1>");
	html_text(b, title);
	buf_puts(b, "</h1>\n");
	return b;
}

/* A plain page that says one thing; org_name (may be NULL) is whom to ask. */
static enum err
share_message(struct ctx *c, int status, const char *title, const char *msg,
    const char *org_name)
{
	struct buf	*b = share_page_open(c, status, title);

	buf_puts(b, "<p class=\"error\" id=\"share-message\">");
	html_text(b, msg);
	buf_puts(b, "</p>\n");
	if (org_name != NULL) {
		buf_puts(b, "<p>For a new link, ask your contact at ");
		html_data(b, org_name);
		buf_puts(b, ", who sent you this one.</p>\n");
	}
	html_page_end(b);
	return ERR_OK;
}

/* The client's address and user agent for the access log. */
static void
share_client(const struct ctx *c, char agent[SHARE_AGENT_MAX + 1])
{
	share_clean_agent(c->req->user_agent, agent, SHARE_AGENT_MAX + 1);
}

/*
 * The 410 page of a link that no longer gives anything, its refusal
 * logged.
 */
static enum err
share_gone(struct ctx *c, const struct share_info *li)
{
	char		 agent[SHARE_AGENT_MAX + 1];
	const char	*why;
	enum err	 e;

	share_client(c, agent);
	if ((e = share_log(c->db, li->id, "refused", c->req->remote_addr,
	    agent, NULL)) != ERR_OK)
		return e;
	why = li->state == SHARE_REVOKED ? "This link has been revoked: it "
	    "no longer gives access to anything." : li->state ==
	    SHARE_USED_UP ? "This link has been used as many times as it "
	    "allows: it gives no further downloads." : "This link has "
	    "expired: it no longer gives access to anything.";
	return share_message(c, 410, li->state == SHARE_REVOKED ?
	    "Link revoked" : li->state == SHARE_USED_UP ? "Link used up" :
	    "Link expired", why, li->org_name);
}

/*
 * Finds the link of the request's secret: ERR_OK with *li filled when it
 * is active; else the page (404 unknown, 410 no longer valid) is written
 * and *answered is set.
 */
static enum err
share_find(struct ctx *c, struct share_info *li, bool *answered)
{
	const char	*secret = route_param(&c->match, "secret");
	enum err	 e;

	*answered = false;
	e = share_peek(c->db, secret, strlen(secret), li);
	if (e == ERR_NOT_FOUND) {
		*answered = true;
		return share_message(c, 404, "Unknown link", "This link does "
		    "not exist. Check that the whole link was copied.", NULL);
	}
	if (e != ERR_OK)
		return e;
	if (li->state != SHARE_ACTIVE) {
		*answered = true;
		return share_gone(c, li);
	}
	return ERR_OK;
}

/* Whether a POST comes from our own page; else a 403 page. */
static bool
share_from_our_page(struct ctx *c)
{
	const struct session_conf *sc = c->local->sessions;

	if (session_same_origin(sc != NULL ? sc->public_url : NULL,
	    c->req->origin, c->req->referer))
		return true;
	share_message(c, 403, "Refused", sc == NULL || sc->public_url ==
	    NULL ? "Share links need public_url in the configuration of "
	    "annexa." : "This form was sent from another site. Open the "
	    "link itself and use its page.", NULL);
	return false;
}

/* The report a link shares, for people: "the gap report to ccm-v4". */
static void
share_what(struct buf *b, const struct share_info *li)
{
	enum report_kind	k;

	buf_puts(b, "<strong>");
	html_text(b, report_kind_parse(li->report, &k) ?
	    report_defs[k].title : li->report);
	buf_puts(b, "</strong>");
	if (li->target[0] != '\0') {
		buf_puts(b, " to ");
		html_data(b, li->target);
	}
}

/* A URL of this link: /s/{secret} and an optional last segment. */
static void
share_self(struct ctx *c, struct html_url *u, const char *last)
{
	html_url_begin(u, "/s");
	html_url_seg(u, route_param(&c->match, "secret"));
	if (last != NULL)
		html_url_seg(u, last);
}

/* A text input of the NDA form, its value kept from the last try. */
static void
nda_input(struct buf *b, const char *name, const char *label,
    const char *type, const char *value)
{
	buf_printf(b, "<p><label for=\"nda-%s\">%s</label> "
	    "<input id=\"nda-%s\" "
	    "name=\"%s\" type=\"%s\" required value=\"", name, label, name,
	    name, type);
	html_attr(b, value != NULL ? value : "");
	buf_puts(b, "\"></p>\n");
}

/*
 * The NDA and its form; msg (may be NULL) says what was wrong with the
 * last try, whose values (form, may be NULL) are kept.
 */
static enum err
share_nda_page(struct ctx *c, const struct share_info *li, int status,
    const char *msg, const struct query *form)
{
	struct html_url	 u;
	struct buf	*b;
	const char	*body, *title;
	char		 ver[16];
	int		 version;
	enum err	 e;

	e = share_nda_current(c->db, c->req->pool, li->org, &version, &body);
	if (e == ERR_NOT_FOUND)
		return share_message(c, 503, "Not available", "This link needs "
		    "an NDA that has not been written yet.", li->org_name);
	if (e != ERR_OK)
		return e;
	title = pool_printf(c->req->pool, "%s asks you to accept its NDA",
	    li->org_name);
	b = share_page_open(c, status, title != NULL ? title : "NDA");
	if (msg != NULL) {
		buf_puts(b, "<p class=\"error\" role=\"alert\" "
		    "id=\"nda-error\">");
		html_text(b, msg);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "<p>Before you can see what it shares with you, ");
	html_data(b, li->org_name);
	buf_puts(b, " asks you to read and accept this non-disclosure "
	    "agreement.</p>\n");
	buf_printf(b, "<section id=\"nda\" data-version=\"%d\">"
	    "<h2>Non-disclosure agreement, version %d</h2>\n"
	    "<div class=\"nda-text\" style=\"white-space: pre-wrap\">", version,
	    version);
	html_data(b, body);
	buf_puts(b, "</div></section>\n<form id=\"nda-form\" method=\"post\"");
	share_self(c, &u, "nda");
	html_url_attr(b, "action", &u);
	buf_puts(b, ">\n");
	snprintf(ver, sizeof(ver), "%d", version);
	buf_puts(b, "<input type=\"hidden\" name=\"nda_version\" value=\"");
	html_attr(b, ver);
	buf_puts(b, "\">\n");
	nda_input(b, "name", "Your name", "text", form != NULL ?
	    ctx_form_value(form, "name") : li->to.name);
	nda_input(b, "email", "Your e-mail address", "email", form != NULL ?
	    ctx_form_value(form, "email") : li->to.email);
	nda_input(b, "company", "Your company", "text", form != NULL ?
	    ctx_form_value(form, "company") : li->to.company);
	buf_puts(b, "<p><input id=\"nda-accept\" name=\"accept\" "
	    "type=\"checkbox\" value=\"yes\" required> <label "
	    "for=\"nda-accept\">I accept this agreement</label></p>\n"
	    "<p><button type=\"submit\">Accept and continue</button></p>\n"
	    "</form>\n");
	html_page_end(b);
	return ERR_OK;
}

enum err
h_share_page(struct ctx *c)
{
	struct share_info	 li;
	struct html_url		 u;
	struct buf		*b;
	char			 agent[SHARE_AGENT_MAX + 1];
	const char		*title;
	bool			 answered;
	enum err		 e;

	if ((e = share_find(c, &li, &answered)) != ERR_OK || answered)
		return e;
	share_client(c, agent);
	if ((e = share_log(c->db, li.id, "view", c->req->remote_addr, agent,
	    NULL)) != ERR_OK)
		return e;
	/* With an NDA, nothing else is shown before it is accepted. */
	if (li.nda && !li.accepted)
		return share_nda_page(c, &li, 200, NULL, NULL);
	title = pool_printf(c->req->pool, "%s shares a report with you",
	    li.org_name);
	b = share_page_open(c, 200, title != NULL ? title : "Shared report");
	buf_puts(b, "<p id=\"share-for\">Prepared for ");
	html_data(b, li.to.name);
	buf_puts(b, " (");
	html_data(b, li.to.email);
	buf_puts(b, ") of ");
	html_data(b, li.to.company);
	buf_puts(b, ".</p>\n<p id=\"share-what\">");
	html_data(b, li.org_name);
	buf_puts(b, " shares its ");
	share_what(b, &li);
	buf_puts(b, ", as signed PDF, until ");
	html_text(b, li.expires);
	buf_puts(b, ".</p>\n");
	if (li.max_downloads > 0)
		buf_printf(b, "<p id=\"share-left\" data-count=\"%lld\">"
		    "Downloads left: %lld of %lld.</p>\n", li.max_downloads -
		    li.downloads, li.max_downloads - li.downloads,
		    li.max_downloads);
	buf_puts(b, "<p>Each copy is made for you when you download it: every "
	    "page names you, and the file is signed, so that anyone can check "
	    "it is unaltered.</p>\n<form id=\"download\" method=\"post\"");
	share_self(c, &u, "download");
	html_url_attr(b, "action", &u);
	buf_puts(b, "><button type=\"submit\">Download the signed PDF</button>"
	    "</form>\n");
	html_page_end(b);
	return ERR_OK;
}

enum err
h_share_nda(struct ctx *c)
{
	struct share_info	 li;
	struct share_acceptance	 a;
	struct html_url		 u;
	struct query		*form;
	const char		*name, *email, *company, *accept, *ver, *body;
	char			 agent[SHARE_AGENT_MAX + 1];
	int			 version;
	bool			 answered;
	enum err		 e;

	if (!share_from_our_page(c))
		return ERR_OK;
	if ((e = share_find(c, &li, &answered)) != ERR_OK || answered)
		return e;
	if ((e = ctx_form(c, &form)) != ERR_OK)
		return e;
	name = ctx_form_value(form, "name");
	email = ctx_form_value(form, "email");
	company = ctx_form_value(form, "company");
	accept = ctx_form_value(form, "accept");
	ver = ctx_form_value(form, "nda_version");
	if (!li.nda || li.accepted) {
		share_self(c, &u, NULL);
		goto back;
	}
	if ((e = share_nda_current(c->db, c->req->pool, li.org, &version,
	    &body)) != ERR_OK && e != ERR_NOT_FOUND)
		return e;
	if (e == ERR_NOT_FOUND)
		return share_nda_page(c, &li, 503, NULL, NULL);
	memset(&a, 0, sizeof(a));
	if (!share_valid_label(name, AUTH_PERSON_NAME_MAX))
		return share_nda_page(c, &li, 400, "name: your name, 1 to 200 "
		    "characters, without angle brackets", form);
	if (email == NULL || !loginlink_valid_email(email, strlen(email)))
		return share_nda_page(c, &li, 400, "email: an e-mail address "
		    "such as ana@globex.example", form);
	if (!share_valid_company(company))
		return share_nda_page(c, &li, 400,
		    "company: your company, 1 to "
		    "100 characters, without angle brackets", form);
	if (accept == NULL || strcmp(accept, "yes") != 0)
		return share_nda_page(c, &li, 400, "accept: tick \"I accept "
		    "this agreement\" to continue", form);
	/* The version read must be the one in force: else read it again. */
	if (ver == NULL || atoi(ver) != version)
		return share_nda_page(c, &li, 409, "nda_version: the agreement "
		    "has changed since the page was opened; read this version",
		    NULL);
	a.nda_version = version;
	snprintf(a.who.name, sizeof(a.who.name), "%s", name);
	snprintf(a.who.email, sizeof(a.who.email), "%s", email);
	snprintf(a.who.company, sizeof(a.who.company), "%s", company);
	share_client(c, agent);
	if ((e = share_log(c->db, li.id, "nda", c->req->remote_addr, agent,
	    &a)) != ERR_OK)
		return e;
	share_self(c, &u, NULL);
back:
	c->resp->status = 303;
	c->resp->content_type = "text/plain; charset=utf-8";
	http_header(c->resp, "Location", html_url_str(&u));
	buf_puts(&c->resp->body, "accepted\n");
	return ERR_OK;
}

/*
 * Records the download of res as a report run of link li, in one
 * transaction that locks the link first: *state is its state then, and
 * unless it is still active nothing is recorded.
 */
static enum err
share_record(struct ctx *c, const struct share_info *li,
    const struct report_request *rq, struct report_result *res,
    long long *run, enum share_state *state)
{
	struct report_env	*env = c->local->reports;
	char			 agent[SHARE_AGENT_MAX + 1];
	long long		 access;
	enum err		 e;

	share_client(c, agent);
	if ((e = db_begin(c->db)) != ERR_OK)
		return e;
	if ((e = share_lock(c->db, li->id, state)) != ERR_OK ||
	    *state != SHARE_ACTIVE)
		goto out;
	if ((e = report_record(c->db, rq, res, sign_fingerprint(env->signer),
	    run)) != ERR_OK)
		goto out;
	if ((e = share_log_download(c->db, li->id, *run, c->req->remote_addr,
	    agent, &access)) != ERR_OK)
		goto out;
	e = db_commit(c->db);
out:
	if (e != ERR_OK || *state != SHARE_ACTIVE)
		db_rollback(c->db);
	return e;
}

enum err
h_share_download(struct ctx *c)
{
	struct report_env	*env = c->local->reports;
	struct share_info	 li;
	struct report_request	 rq;
	struct report_result	 res;
	enum share_state	 state;
	const char		*field;
	char			 msg[512], date[11];
	char			 mark[SHARE_WATERMARK_MAX];
	char			 runid[24], who[SHARE_COMPANY_MAX + AUTH_PERSON_EMAIL_MAX +
				    SHARE_REF_LEN + 32];
	long long		 run = 0;
	bool			 answered;
	struct tm		 tm;
	enum err		 e;

	if (!share_from_our_page(c))
		return ERR_OK;
	if ((e = share_find(c, &li, &answered)) != ERR_OK || answered)
		return e;
	if (li.nda && !li.accepted)
		return share_message(c, 403, "Accept the NDA first",
		    "This link "
		    "gives its report once its NDA is accepted: open the link "
		    "and accept it.", NULL);
	if (env == NULL)
		return share_message(c, 503, "Not available", "Reports cannot "
		    "be made on this server now.", li.org_name);
	memset(&rq, 0, sizeof(rq));
	if (!report_kind_parse(li.report, &rq.kind))
		return ERR_INTERNAL;
	rq.org = li.org;
	rq.target = li.target[0] != '\0' ? li.target : NULL;
	/* A link only ever shares what a customer may see. */
	rq.customer = true;
	rq.generated = time(NULL);
	rq.trigger = "share";
	/* Who asked: the recipient, through this link. */
	snprintf(who, sizeof(who), "share link %s for %s (%s)", li.ref,
	    li.to.company, li.to.email);
	rq.requested_by = who;
	rq.store = REPORT_FRESH;
	gmtime_r(&rq.generated, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	share_watermark(&li, date, mark, sizeof(mark));
	rq.watermark = mark;
	env->db = c->db;
	env->mapcache = c->mapcache;
	memset(&res, 0, sizeof(res));
	buf_init(&res.pdf, 0);
	e = report_generate(env, &rq, &res, &field, msg, sizeof(msg));
	if (e == ERR_OK)
		e = share_record(c, &li, &rq, &res, &run, &state);
	if (e != ERR_OK) {
		buf_free(&res.pdf);
		log_line("annexa: share %s of %s: %s", li.ref, li.org, msg);
		return e == ERR_INVALID || e == ERR_NOT_FOUND ||
		    e == ERR_TOO_LARGE ? ERR_INTERNAL : e;
	}
	if (state != SHARE_ACTIVE) {
		/* Another download took the last one meanwhile. */
		buf_free(&res.pdf);
		li.state = state;
		return share_gone(c, &li);
	}
	metrics_report();
	c->resp->status = 200;
	c->resp->content_type = "application/pdf";
	http_attachment(c->resp, res.filename);
	http_header(c->resp, "X-Report-SHA256", res.sha256);
	snprintf(runid, sizeof(runid), "%lld", run);
	http_header(c->resp, "X-Report-Run", runid);
	buf_reset(&c->resp->body);
	buf_append(&c->resp->body, res.pdf.data, res.pdf.len);
	buf_free(&res.pdf);
	return ERR_OK;
}
