/*
 * h_page_readiness.c — two pages of an organisation's records: the
 * readiness lists behind the overview's counts, and the history of one
 * control.
 *
 * The readiness page reads model_readiness() at the page's as_of, the
 * call GET /api/v1/orgs/{org}/readiness makes, so it lists exactly the
 * rows of that answer; the control page reads model_history(), the call
 * of GET /api/v1/orgs/{org}/controls/{control}/history, and shows every
 * record it returns, newest first.  Each list is a <section> whose id the
 * counts link to and whose data-count is its number of rows; each row
 * carries its record's key (id, or control where the list has no id) in
 * data-key.  Every byte of HTML goes through html.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "gap.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "model.h"
#include "model_gap.h"
#include "model_records.h"
#include "page.h"
#include "pool.h"

/* Opens the snapshot and reads the organisation (404 when unknown). */
static enum err
org_begin(struct ctx *c, struct org_info *o)
{
	enum err	e;

	if ((e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	e = model_org(c->db, c->req->pool, c->org, o);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	return e;
}

/* The five elements an SoA entry needs, in READY_SOA_NO_* order. */
static const char *const soa_elements[] = { "scope boundary",
    "accountable owner", "evidence source", "change trigger",
    "escalation path" };

static void
readiness_lists(struct ctx *c, const struct readiness *r)
{
	static const char *const ev_cols[] = { "Control", "Kind", "Title",
	    "Collected", "Valid until", "State", NULL };
	static const char *const rv_cols[] = { "Control", "Last reviewed",
	    "Next review was due", NULL };
	static const char *const ex_cols[] = { "Exception", "Control",
	    "Expires", "State", NULL };
	static const char *const fi_cols[] = { "Finding", "Control",
	    "Severity", "Due", "Owner", NULL };
	static const char *const soa_cols[] = { "Control",
	    "Missing elements", NULL };
	struct buf	*b = &c->resp->body;
	const char	*sep;
	size_t		 i, k;

	if (page_list_begin(b, PAGE_READY_EVIDENCE, "Evidence stale or expiring",
	    r->evidence.nrows, ev_cols, "All evidence is current for 30 days "
	    "or more.")) {
		for (i = 0; i < r->evidence.nrows; i++) {
			page_row_begin(b, MT(&r->evidence, i, READY_EVIDENCE_ID));
			page_control_cell(c, MT(&r->evidence, i,
			    READY_EVIDENCE_CONTROL));
			page_cell(b, MT(&r->evidence, i, READY_EVIDENCE_KIND));
			page_cell(b, MT(&r->evidence, i, READY_EVIDENCE_TITLE));
			page_date_cell(b, MT(&r->evidence, i,
			    READY_EVIDENCE_COLLECTED_AT));
			page_date_cell(b, MT(&r->evidence, i,
			    READY_EVIDENCE_VALID_UNTIL));
			page_state_cell(b, MT(&r->evidence, i, READY_EVIDENCE_STATE));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	if (page_list_begin(b, PAGE_READY_REVIEWS, "Control reviews overdue",
	    r->reviews.nrows, rv_cols, "No control review is overdue.")) {
		for (i = 0; i < r->reviews.nrows; i++) {
			page_row_begin(b, MT(&r->reviews, i, READY_REVIEWS_CONTROL));
			page_control_cell(c, MT(&r->reviews, i,
			    READY_REVIEWS_CONTROL));
			page_date_cell(b, MT(&r->reviews, i,
			    READY_REVIEWS_REVIEWED_AT));
			page_date_cell(b, MT(&r->reviews, i,
			    READY_REVIEWS_NEXT_REVIEW_DUE));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	if (page_list_begin(b, PAGE_READY_EXCEPTIONS, "Exceptions expired or "
	    "expiring", r->exceptions.nrows, ex_cols, "No open exception "
	    "expires within 30 days.")) {
		for (i = 0; i < r->exceptions.nrows; i++) {
			page_row_begin(b, MT(&r->exceptions, i,
			    READY_EXCEPTIONS_ID));
			page_cell(b, MT(&r->exceptions, i,
			    READY_EXCEPTIONS_ID));
			page_control_cell(c, MT(&r->exceptions, i,
			    READY_EXCEPTIONS_CONTROL));
			page_date_cell(b, MT(&r->exceptions, i,
			    READY_EXCEPTIONS_EXPIRES_AT));
			page_state_cell(b, MT(&r->exceptions, i,
			    READY_EXCEPTIONS_STATE));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	if (page_list_begin(b, PAGE_READY_FINDINGS, "Findings past due",
	    r->findings.nrows, fi_cols, "No open finding is past due.")) {
		for (i = 0; i < r->findings.nrows; i++) {
			page_row_begin(b, MT(&r->findings, i, READY_FINDINGS_ID));
			page_cell(b, MT(&r->findings, i, READY_FINDINGS_ID));
			page_control_cell(c, MT(&r->findings, i,
			    READY_FINDINGS_CONTROL));
			page_cell(b, MT(&r->findings, i,
			    READY_FINDINGS_SEVERITY));
			page_date_cell(b, MT(&r->findings, i, READY_FINDINGS_DUE_AT));
			page_cell(b, MT(&r->findings, i, READY_FINDINGS_OWNER));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	if (page_list_begin(b, PAGE_READY_SOA, "SoA entries missing elements",
	    r->soa.nrows, soa_cols, "Every applicable SoA entry names its "
	    "scope boundary, owner, evidence source, change trigger and "
	    "escalation path.")) {
		for (i = 0; i < r->soa.nrows; i++) {
			page_row_begin(b, MT(&r->soa, i, READY_SOA_CONTROL));
			page_control_cell(c, MT(&r->soa, i, READY_SOA_CONTROL));
			buf_puts(b, "<td>");
			for (sep = "", k = 0; k < 5; k++) {
				if (strcmp(MT(&r->soa, i, READY_SOA_NO_SCOPE +
				    k), "t") != 0)
					continue;
				buf_puts(b, sep);
				html_text(b, soa_elements[k]);
				sep = ", ";
			}
			buf_puts(b, "</td></tr>\n");
		}
		page_list_end(b);
	}
}

enum err
h_page_readiness(struct ctx *c)
{
	struct buf		*b = &c->resp->body;
	const char		*as_of = ctx_as_of(c);
	struct org_info		 o;
	struct readiness	 r;
	struct html_url		 u;
	enum err		 e;

	if ((e = org_begin(c, &o)) != ERR_OK)
		return e;
	/* The API's call, so the page lists the rows of its answer. */
	if ((e = model_readiness(c->db, c->req->pool, o.id, o.source_fw,
	    as_of, &r)) != ERR_OK)
		return e;
	page_begin(c, "Readiness", c->org);
	page_crumbs(c, o.name);
	buf_puts(b, "<h1>Readiness</h1>\n<p class=\"lead\">What needs "
	    "attention before the next audit in <strong>");
	html_text(b, o.source_fw);
	buf_puts(b, "</strong>, as of <time>");
	html_text(b, as_of);
	buf_puts(b, "</time>. Each control links to its history.</p>\n"
	    "<nav class=\"summary\" aria-label=\"Lists\">\n");
	page_readiness_counts(c, &r);
	buf_puts(b, "</nav>\n");
	readiness_lists(c, &r);
	buf_puts(b, "<p class=\"actions\">");
	page_org_url(c, &u, "/api/v1/orgs", "readiness", NULL, NULL);
	html_link(b, &u, "readiness-json", "The same lists as JSON");
	buf_puts(b, " ");
	page_org_url(c, &u, "/api/v1/orgs", "exports", "readiness.xlsx", NULL);
	html_link(b, &u, "download-readiness-xlsx",
	    "The same lists as a workbook");
	buf_puts(b, "</p>\n");
	html_page_end(b);
	return ERR_OK;
}

/* ---- the history of one control ---- */

static void
history_lists(struct ctx *c, const struct history *h)
{
	static const char *const rv_cols[] = { "Reviewed", "Result",
	    "Reviewer", "Notes", "Next review due", NULL };
	static const char *const ev_cols[] = { "Collected", "Kind", "Title",
	    "Valid until", "Collected by", "Location", "SHA-256", NULL };
	static const char *const ex_cols[] = { "Exception", "Description",
	    "Accepted by", "Approved", "Expires", "Status", NULL };
	static const char *const fi_cols[] = { "Finding", "Raised", "Source",
	    "Severity", "Description", "Owner", "Due", "Closed", NULL };
	static const char *const ch_cols[] = { "Occurred", "Kind",
	    "Description", NULL };
	struct buf		*b = &c->resp->body;
	const struct mtable	*t;
	size_t			 i;

	t = &h->reviews;
	if (page_list_begin(b, "reviews", "Control reviews", t->nrows, rv_cols,
	    "This control has not been reviewed.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, HIST_REVIEWS_ID));
			page_date_cell(b, MT(t, i, HIST_REVIEWS_REVIEWED_AT));
			page_state_cell(b, MT(t, i, HIST_REVIEWS_RESULT));
			page_cell(b, MT(t, i, HIST_REVIEWS_REVIEWER));
			page_cell(b, MT(t, i, HIST_REVIEWS_NOTES));
			page_date_cell(b, MT(t, i, HIST_REVIEWS_NEXT_REVIEW_DUE));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	t = &h->evidence;
	if (page_list_begin(b, "evidence", "Evidence", t->nrows, ev_cols,
	    "No evidence has been collected for this control.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, HIST_EVIDENCE_ID));
			page_date_cell(b, MT(t, i, HIST_EVIDENCE_COLLECTED_AT));
			page_cell(b, MT(t, i, HIST_EVIDENCE_KIND));
			page_cell(b, MT(t, i, HIST_EVIDENCE_TITLE));
			page_date_cell(b, MT(t, i, HIST_EVIDENCE_VALID_UNTIL));
			page_cell(b, MT(t, i, HIST_EVIDENCE_COLLECTED_BY));
			/* A location is text, never a link: it came as data. */
			page_cell(b, MT(t, i, HIST_EVIDENCE_LOCATION));
			buf_puts(b, "<td class=\"hash\">");
			if (MT(t, i, HIST_EVIDENCE_SHA256) != NULL)
				html_text(b, MT(t, i, HIST_EVIDENCE_SHA256));
			buf_puts(b, "</td></tr>\n");
		}
		page_list_end(b);
	}
	t = &h->exceptions;
	if (page_list_begin(b, "exceptions", "Exceptions", t->nrows, ex_cols,
	    "No exception has been accepted for this control.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, HIST_EXCEPTIONS_ID));
			page_cell(b, MT(t, i, HIST_EXCEPTIONS_ID));
			page_cell(b, MT(t, i, HIST_EXCEPTIONS_DESCRIPTION));
			page_cell(b, MT(t, i, HIST_EXCEPTIONS_ACCEPTED_BY));
			page_date_cell(b, MT(t, i, HIST_EXCEPTIONS_APPROVED_AT));
			page_date_cell(b, MT(t, i, HIST_EXCEPTIONS_EXPIRES_AT));
			page_state_cell(b, MT(t, i, HIST_EXCEPTIONS_STATUS));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	t = &h->findings;
	if (page_list_begin(b, "findings", "Findings", t->nrows, fi_cols,
	    "No finding has been raised against this control.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, HIST_FINDINGS_ID));
			page_cell(b, MT(t, i, HIST_FINDINGS_ID));
			page_date_cell(b, MT(t, i, HIST_FINDINGS_RAISED_AT));
			page_cell(b, MT(t, i, HIST_FINDINGS_SOURCE));
			page_cell(b, MT(t, i, HIST_FINDINGS_SEVERITY));
			page_cell(b, MT(t, i, HIST_FINDINGS_DESCRIPTION));
			page_cell(b, MT(t, i, HIST_FINDINGS_OWNER));
			page_date_cell(b, MT(t, i, HIST_FINDINGS_DUE_AT));
			page_date_cell(b, MT(t, i, HIST_FINDINGS_CLOSED_AT));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	t = &h->changes;
	if (page_list_begin(b, "changes", "Changes", t->nrows, ch_cols,
	    "No change has been recorded for this control.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, HIST_CHANGES_ID));
			page_date_cell(b, MT(t, i, HIST_CHANGES_OCCURRED_AT));
			page_cell(b, MT(t, i, HIST_CHANGES_KIND));
			page_cell(b, MT(t, i, HIST_CHANGES_DESCRIPTION));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
}

enum err
h_page_control(struct ctx *c)
{
	struct buf		*b = &c->resp->body;
	const char		*control = route_param(&c->match, "control");
	const char		*title = NULL;
	struct control_row	*rows;
	struct org_info		 o;
	struct history		 h;
	struct html_url		 u;
	char			 heading[96];
	size_t			 n, i;
	enum err		 e;

	if ((e = org_begin(c, &o)) != ERR_OK)
		return e;
	/* The API's call: the same records, in its order (newest first). */
	e = model_history(c->db, c->req->pool, o.id, o.source_fw, control, &h);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found",
		    "no such control in the organisation's source framework",
		    "control");
	if (e != ERR_OK)
		return e;
	if ((e = model_controls(c->db, c->req->pool, o.source_fw, NULL, &rows,
	    &n)) != ERR_OK)
		return e;
	for (i = 0; i < n && title == NULL; i++)
		if (strcmp(rows[i].id, control) == 0)
			title = rows[i].title;
	snprintf(heading, sizeof(heading), "Control %s", control);
	page_begin(c, heading, c->org);
	page_crumbs(c, o.name);
	buf_puts(b, "<h1>Control <bdi>");
	html_text(b, control);
	buf_puts(b, "</bdi></h1>\n<p class=\"lead\">");
	if (title != NULL) {
		html_data(b, title);
		buf_puts(b, ". ");
	}
	buf_puts(b, "A control of <strong>");
	html_text(b, o.source_fw);
	buf_puts(b, "</strong>: every review, evidence record, exception, "
	    "finding and change recorded for it, newest first.</p>\n"
	    "<p class=\"actions\">");
	page_org_url(c, &u, "/orgs", "readiness", NULL, NULL);
	html_link(b, &u, NULL, "Readiness");
	buf_puts(b, " ");
	html_url_begin(&u, "/api/v1/orgs");
	html_url_seg(&u, c->org);
	html_url_seg(&u, "controls");
	html_url_seg(&u, control);
	html_url_seg(&u, "history");	/* the whole history: no as_of */
	html_link(b, &u, "history-json", "The same history as JSON");
	buf_puts(b, "</p>\n");
	history_lists(c, &h);
	html_page_end(b);
	return ERR_OK;
}
