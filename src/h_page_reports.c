/*
 * h_page_reports.c — the reports page of an organisation: a form per
 * report kind that asks the report API for a signed PDF, and the history
 * of the organisation's report runs, page by page, each with its file.
 *
 * The forms are plain GET forms whose action is the API's own report
 * route (GET /api/v1/orgs/{org}/reports/{kind}.pdf): the browser sends
 * the session cookie, the API validates, generates or reuses, records the
 * run and answers the file; no JavaScript, no second path to the same
 * report.  One form per kind, because a form's action cannot change with
 * a choice inside it, and because every kind takes other fields (only
 * the gap report needs a target, only the management review reads a
 * period): each form offers only what its kind takes, and every choice
 * offered is one the API accepts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "buf.h"
#include "db.h"
#include "delivery.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "model_gap.h"
#include "model_report.h"
#include "page.h"
#include "period.h"
#include "pool.h"
#include "report.h"
#include "sign.h"

/* Runs a page of the history shows; one more is read to know of older. */
#define RUNS_PAGE	25
#define RUNS_READ	"26"
/* Hex digits of a SHA-256 shown before the ellipsis. */
#define HASH_SHOWN	12

/* The periods the management review form offers, newest first. */
static const struct {
	enum period_kind	 kind;
	const char		*label;
	int			 count;
} period_offer[] = {
	{ PERIOD_QUARTER, "Quarters", 5 },
	{ PERIOD_HALF, "Half-years", 3 },
	{ PERIOD_YEAR, "Years", 2 },
	{ PERIOD_MONTH, "Months", 6 },
};

/* The day before the date YYYY-MM-DD, into out; false when not a date. */
static bool
day_before(const char *date, char out[11])
{
	struct tm	tm;
	time_t		t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	return gmtime_r(&t, &tm) != NULL &&
	    strftime(out, 11, "%Y-%m-%d", &tm) == 10;
}

/* "<option value=V[ selected]>TEXT</option>" */
static void
option(struct buf *b, const char *value, const char *text, bool selected)
{
	buf_puts(b, "<option value=\"");
	html_attr(b, value);
	buf_puts(b, selected ? "\" selected>" : "\">");
	html_text(b, text);
	buf_puts(b, "</option>");
}

/*
 * The period choice of the management review: for each kind, the period
 * that holds as_of and those before it.  Every one has begun by as_of, so
 * the API takes each; the quarter holding as_of, the API's own default,
 * is selected.
 */
static void
period_select(struct buf *b, const char *as_of)
{
	struct period	p;
	char		date[11];
	size_t		i;
	int		k;

	buf_puts(b, "<label>Period <select name=\"period\" "
	    "id=\"period\">");
	for (i = 0; i < sizeof(period_offer) / sizeof(period_offer[0]); i++) {
		buf_puts(b, "<optgroup label=\"");
		html_attr(b, period_offer[i].label);
		buf_puts(b, "\">");
		snprintf(date, sizeof(date), "%s", as_of);
		for (k = 0; k < period_offer[i].count; k++) {
			if (!period_containing(period_offer[i].kind, date, &p))
				break;
			option(b, p.key, p.key, k == 0 &&
			    period_offer[i].kind == PERIOD_QUARTER);
			if (!day_before(p.start, date))
				break;
		}
		buf_puts(b, "</optgroup>");
	}
	buf_puts(b, "</select></label>\n");
}

static void
audience_select(struct buf *b)
{
	buf_puts(b, "<label>Audience <select name=\"audience\">");
	option(b, "internal", "internal", true);
	option(b, "customer", "customer", false);
	buf_puts(b, "</select></label>\n");
}

/* One report kind's form, or a line saying why it cannot be asked for. */
static void
report_form(struct ctx *c, enum report_kind k, const char *as_of,
    const char *const *targets, size_t ntargets)
{
	struct buf		*b = &c->resp->body;
	const struct report_def	*d = &report_defs[k];
	struct html_url		 u;
	char			 file[64], id[80];
	size_t			 i;

	snprintf(file, sizeof(file), "%s.pdf", d->name);
	snprintf(id, sizeof(id), "report-%s", d->name);
	buf_puts(b, "<li><h3>");
	html_text(b, d->title);
	buf_puts(b, "</h3>\n");
	if (d->needs_target && ntargets == 0) {
		buf_puts(b, "<p class=\"empty\">No mapping reaches another "
		    "framework from this organisation's framework yet.</p></li>\n");
		return;
	}
	html_url_begin(&u, "/api/v1/orgs");
	html_url_seg(&u, c->org);
	html_url_seg(&u, "reports");
	html_url_seg(&u, file);
	buf_puts(b, "<form class=\"report\" method=\"get\" id=\"");
	html_attr(b, id);
	buf_putc(b, '"');
	html_url_attr(b, "action", &u);
	buf_puts(b, ">\n");
	if (d->needs_period)
		period_select(b, as_of);
	if (d->needs_target) {
		buf_puts(b, "<label>Target framework <select name=\"target\">");
		for (i = 0; i < ntargets; i++)
			option(b, targets[i], targets[i], i == 0);
		buf_puts(b, "</select></label>\n");
	}
	audience_select(b);
	/* The page's date is the report's: as the page's links keep it. */
	if (c->in.val[KEY_AS_OF] != NULL) {
		buf_puts(b, "<input type=\"hidden\" name=\"as_of\" value=\"");
		html_attr(b, c->in.val[KEY_AS_OF]);
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<button type=\"submit\">Download signed PDF</button>\n"
	    "</form></li>\n");
}

/*
 * When a run started: "2026-12-05 21:51" to read, the whole UTC time
 * ("2026-12-05T21:51:02Z", as the API gives it) in the time element.
 */
static void
started_cell(struct buf *b, const char *utc)
{
	buf_puts(b, "<td class=\"started\">");
	if (utc != NULL && strlen(utc) == 20 && utc[10] == 'T') {
		buf_puts(b, "<time datetime=\"");
		html_attr(b, utc);
		buf_puts(b, "\">");
		html_textn(b, utc, 10);
		buf_putc(b, ' ');
		html_textn(b, utc + 11, 5);
		buf_puts(b, "</time>");
	} else if (utc != NULL)
		html_data(b, utc);
	buf_puts(b, "</td>");
}

/* A SHA-256 cell: its start visible, the whole in a details element. */
static void
hash_cell(struct buf *b, const char *cls, const char *hex)
{
	buf_printf(b, "<td class=\"hash %s\"", cls);
	if (hex == NULL) {
		buf_puts(b, "></td>");
		return;
	}
	buf_puts(b, " data-sha256=\"");
	html_attr(b, hex);
	buf_puts(b, "\"><details><summary title=\"");
	html_attr(b, hex);
	buf_puts(b, "\">");
	html_textn(b, hex, strnlen(hex, HASH_SHOWN));
	buf_puts(b, "\xe2\x80\xa6</summary><span class=\"full\">");
	html_text(b, hex);
	buf_puts(b, "</span></details></td>");
}

/* The signer of a run: this server's certificate by name, else its hash. */
static void
signer_cell(struct ctx *c, const char *fp)
{
	struct buf		*b = &c->resp->body;
	const struct signer	*s = c->local->reports != NULL ?
	    c->local->reports->signer : NULL;
	char			 cn[128];

	if (fp == NULL) {
		buf_puts(b, "<td class=\"signer\"></td>");
		return;
	}
	if (s != NULL && strcmp(fp, sign_fingerprint(s)) == 0) {
		sign_common_name(s, cn, sizeof(cn));
		buf_puts(b, "<td class=\"signer\" data-sha256=\"");
		html_attr(b, fp);
		buf_puts(b, "\" title=\"certificate SHA-256 ");
		html_attr(b, fp);
		buf_puts(b, "\">");
		html_data(b, cn[0] != '\0' ? cn : "this server");
		buf_puts(b, " <span class=\"note\">(this server)</span></td>");
		return;
	}
	/* Another certificate (an earlier key): its hash is all we hold. */
	buf_puts(b, "<td class=\"signer\" data-sha256=\"");
	html_attr(b, fp);
	buf_puts(b, "\">another certificate, SHA-256 <span class=\"hash\" "
	    "title=\"");
	html_attr(b, fp);
	buf_puts(b, "\">");
	html_textn(b, fp, strnlen(fp, HASH_SHOWN));
	buf_puts(b, "\xe2\x80\xa6</span></td>");
}

/*
 * The deliveries of run id (docs/reports.md, "Delivery"): each as its
 * status, with the recipient for admins only (addresses and webhook
 * URLs are theirs to see), and the last error of one not sent.
 */
static void
deliveries_cell(struct ctx *c, const struct mtable *d, const char *id)
{
	struct buf	*b = &c->resp->body;
	size_t		 i;
	bool		 any = false;

	/* id="run-N": where the link of a delivered message lands. */
	buf_puts(b, "<td class=\"deliveries\" id=\"run-");
	html_attr(b, id);
	buf_puts(b, "\">");
	for (i = 0; i < d->nrows; i++) {
		if (strcmp(MT(d, i, DELIVERY_LIST_RUN), id) != 0)
			continue;
		buf_puts(b, any ? "<br>" : "");
		any = true;
		buf_puts(b, "<span class=\"delivery\" data-status=\"");
		html_attr(b, MT(d, i, DELIVERY_LIST_STATUS));
		buf_puts(b, "\">");
		html_text(b, strcmp(MT(d, i, DELIVERY_LIST_KIND), "email") == 0 ?
		    "e-mail" : "webhook");
		if (c->who.role == ROLE_ADMIN) {
			buf_puts(b, " ");
			html_text(b, MT(d, i, DELIVERY_LIST_ADDRESS));
		}
		buf_puts(b, ": ");
		html_text(b, MT(d, i, DELIVERY_LIST_STATUS));
		buf_printf(b, " (%s attempt%s)", MT(d, i, DELIVERY_LIST_ATTEMPTS),
		    strcmp(MT(d, i, DELIVERY_LIST_ATTEMPTS), "1") == 0 ? "" : "s");
		if (c->who.role == ROLE_ADMIN &&
		    *MT(d, i, DELIVERY_LIST_ERROR) != '\0' &&
		    strcmp(MT(d, i, DELIVERY_LIST_STATUS), "sent") != 0) {
			buf_puts(b, " \xe2\x80\x94 ");
			html_text(b, MT(d, i, DELIVERY_LIST_ERROR));
		}
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</td>");
}

static enum err
run_history(struct ctx *c)
{
	struct buf	*b = &c->resp->body;
	const char	*before = c->in.val[KEY_BEFORE];
	const char	*id, *status, *period;
	struct mtable	 t, d;
	struct html_url	 u;
	char		 file[40];
	size_t		 i, shown;
	enum err	 e;

	if ((e = model_report_runs_before(c->db, c->req->pool, c->org, before,
	    RUNS_READ, &t)) != ERR_OK ||
	    (e = delivery_list(c->db, c->req->pool, c->org, NULL, false,
	    &d)) != ERR_OK)
		return e;
	shown = t.nrows > RUNS_PAGE ? RUNS_PAGE : t.nrows;
	buf_puts(b, "<section id=\"history\">\n<h2>Report runs</h2>\n"
	    "<p class=\"lead\">Every report annexa makes is kept as a run, "
	    "newest first, with how it was started (its <em>trigger</em>: "
	    "<code>api</code> for a download from these pages or the API, "
	    "<code>cli</code>, <code>schedule</code>, <code>share</code> "
	    "for a download through a share link) and who asked for it: "
	    "the person signed in, the API token's name, the command "
	    "line's user or the share link's recipient. A run asked for again with the same data is "
	    "answered from the stored run, which keeps the name of whoever "
	    "asked first. A scheduled run lists its deliveries by e-mail "
	    "and webhook.</p>\n");
	if (shown == 0) {
		buf_puts(b, before != NULL ? "<p class=\"empty\">No older report "
		    "runs.</p>\n" : "<p class=\"empty\">No report has been made "
		    "yet.</p>\n");
	} else {
		buf_puts(b, "<div class=\"scroll\"><table id=\"runs\">\n<thead><tr>"
		    "<th scope=\"col\">Started (UTC)</th>"
		    "<th scope=\"col\">Report</th>"
		    "<th scope=\"col\">Period or date</th>"
		    "<th scope=\"col\">Target</th>"
		    "<th scope=\"col\">Audience</th>"
		    "<th scope=\"col\">Trigger</th>"
		    "<th scope=\"col\">Requested by</th>"
		    "<th scope=\"col\">Status</th>"
		    "<th scope=\"col\">SHA-256</th>"
		    "<th scope=\"col\">Signer</th>"
		    "<th scope=\"col\">PDF</th>"
		    "<th scope=\"col\">Deliveries</th></tr></thead>\n"
		    "<tbody>\n");
	}
	for (i = 0; i < shown; i++) {
		id = MT(&t, i, RUN_LIST_ID);
		status = MT(&t, i, RUN_LIST_STATUS);
		period = MT(&t, i, RUN_LIST_PERIOD_KEY);
		buf_puts(b, "<tr data-run=\"");
		html_attr(b, id);
		buf_puts(b, "\">");
		started_cell(b, MT(&t, i, RUN_LIST_STARTED_AT));
		page_cell(b, MT(&t, i, RUN_LIST_KIND));
		page_cell(b, period != NULL ? period :
		    MT(&t, i, RUN_LIST_AS_OF));
		page_cell(b, MT(&t, i, RUN_LIST_TARGET));
		page_cell(b, MT(&t, i, RUN_LIST_AUDIENCE));
		page_cell(b, MT(&t, i, RUN_LIST_TRIGGER));
		page_cell(b, MT(&t, i, RUN_LIST_REQUESTED_BY));
		page_cell(b, status);
		hash_cell(b, "sha256", MT(&t, i, RUN_LIST_SHA256));
		signer_cell(c, MT(&t, i, RUN_LIST_SIGNER));
		buf_puts(b, "<td>");
		/* A run's file in its format: id.pdf or id.xlsx. */
		if (status != NULL && strcmp(status, "succeeded") == 0) {
			snprintf(file, sizeof(file), "%s.%s", id,
			    MT(&t, i, RUN_LIST_FORMAT));
			html_url_begin(&u, "/api/v1/orgs");
			html_url_seg(&u, c->org);
			html_url_seg(&u, "report-runs");
			html_url_seg(&u, file);	/* a stored run: no as_of */
			html_link(b, &u, NULL, "Download");
		}
		buf_puts(b, "</td>");
		deliveries_cell(c, &d, id);
		buf_puts(b, "</tr>\n");
	}
	if (shown > 0)
		buf_puts(b, "</tbody>\n</table></div>\n");
	buf_puts(b, "<p class=\"pages\">");
	if (before != NULL) {
		page_org_url(c, &u, "/orgs", "reports", NULL, NULL);
		html_link(b, &u, "newest-runs", "Newest runs");
		buf_puts(b, " ");
	}
	if (t.nrows > RUNS_PAGE) {
		page_org_url(c, &u, "/orgs", "reports", NULL, NULL);
		html_url_param(&u, "before", MT(&t, RUNS_PAGE - 1, RUN_LIST_ID));
		html_link(b, &u, "older-runs", "Older runs");
	}
	buf_puts(b, "</p>\n</section>\n");
	return ERR_OK;
}

/*
 * The targets the organisation reaches, exactly those the comparison API
 * lists: the candidates of the loaded sets, less those no mapping path
 * from the organisation's framework reaches (a set linking two other
 * frameworks names them too).
 */
static enum err
reached_targets(struct ctx *c, const struct gap_context *g,
    const char **targets, size_t *n)
{
	const char		*cand[INPUT_LIST_MAX];
	struct gap_answer	 a;
	size_t			 i, ncand;
	enum err		 e;

	*n = 0;
	ncand = model_gap_targets(g, cand, INPUT_LIST_MAX);
	for (i = 0; i < ncand; i++) {
		if ((e = model_gap_target(c->db, c->req->pool, g, cand[i],
		    &a)) != ERR_OK)
			return e;
		if (a.edges.kind != GAP_NONE_FOUND)
			targets[(*n)++] = cand[i];
	}
	return ERR_OK;
}

enum err
h_page_reports(struct ctx *c)
{
	struct buf		*b = &c->resp->body;
	const char		*targets[INPUT_LIST_MAX];
	struct gap_context	 g;
	struct html_url		 u;
	size_t			 n;
	int			 k;
	enum err		 e;

	if ((e = page_gap_context(c, &g)) != ERR_OK ||
	    (e = reached_targets(c, &g, targets, &n)) != ERR_OK)
		return e;
	page_begin(c, "Reports", c->org);
	buf_puts(b, "<p class=\"crumbs\">");
	page_org_url(c, &u, "/orgs", NULL, NULL, NULL);
	buf_puts(b, "<a");
	html_url_attr(b, "href", &u);
	buf_putc(b, '>');
	html_data(b, g.org.name);
	buf_puts(b, "</a></p>\n<h1>Reports</h1>\n<p class=\"lead\">Signed PDF "
	    "reports of <strong>");
	html_data(b, g.org.name);
	buf_puts(b, "</strong>, as of <time>");
	html_text(b, g.as_of_text);
	buf_puts(b, "</time> unless a period says otherwise. The same "
	    "request on the same data gives the same file, and every file "
	    "can be checked on the ");
	html_url_begin(&u, "/verify");
	html_link(b, &u, NULL, "verify page");
	buf_puts(b, ".</p>\n<section id=\"make\">\n<h2>Make a report</h2>\n");
	if (c->local->reports == NULL)
		buf_puts(b, "<p class=\"error\">Report signing is not configured "
		    "on this server (signing_key, signing_cert): the forms "
		    "below answer that no report can be made.</p>\n");
	buf_puts(b, "<ul class=\"reports\">\n");
	for (k = 0; k < REPORT__MAX; k++)
		if (report_defs[k].layout != NULL)	/* workbooks aside */
			report_form(c, (enum report_kind)k, g.as_of_text,
			    targets, n);
	buf_puts(b, "</ul>\n<p class=\"note\">A report for the "
	    "<em>customer</em> audience leaves out owners' names, internal "
	    "notes and evidence locations.</p>\n</section>\n");
	if ((e = run_history(c)) != ERR_OK)
		return e;
	html_page_end(b);
	return ERR_OK;
}
