/*
 * h_page_reviews.c — the management reviews page: the inputs the next
 * review will look at, at a glance, then every review held on or before
 * the page's as_of with its decisions and actions, then the records
 * behind the counts.
 *
 * The reviews and their items are model_management_reviews()'s, the
 * call of GET /api/v1/orgs/{org}/management-reviews, each item with the
 * status, owner and dates the data holds.  The inputs are
 * model_mr_inputs()'s: the management review report's own statements
 * over the time since the last review, and readiness at as_of.  Every
 * byte of HTML goes through html.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "model_gap.h"
#include "model_records.h"
#include "model_report.h"
#include "page.h"

/* The ids of the lists the inputs' counts link to. */
#define REV_OPEN_ACTIONS	"open-actions"
#define REV_CHANGES		"changes"
#define REV_FINDINGS		"findings-raised"
#define REV_ACTIONS		"corrective-actions"

/* The words of enum mr_state on the page. */
static const char *const state_words[MR_STATE__MAX] = {
	[MR_DONE] = "done",
	[MR_OPEN] = "open",
	[MR_OVERDUE] = "overdue",
	[MR_DROPPED] = "dropped",
};

/* The counts of the inputs, from the tables of model_mr_inputs(). */
struct rev_counts {
	size_t	open_actions, overdue_actions;
	size_t	ca_open, ca_overdue;
	size_t	f_open;		/* of those raised since the last review */
};

static void
count_inputs(const struct mr_inputs *in, const char *as_of,
    struct rev_counts *k)
{
	const struct mtable	*t;
	enum mr_state		 s;
	size_t			 i;

	memset(k, 0, sizeof(*k));
	t = &in->prev_actions;
	for (i = 0; i < t->nrows; i++) {
		s = model_mr_item_state(MT(t, i, RPT_PREV_ACTIONS_STATUS),
		    MT(t, i, RPT_PREV_ACTIONS_DUE_AT),
		    MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT), as_of);
		k->open_actions += s == MR_OPEN || s == MR_OVERDUE;
		k->overdue_actions += s == MR_OVERDUE;
	}
	t = &in->actions;
	for (i = 0; i < t->nrows; i++) {
		if (MT(t, i, RPT_ACTIONS_COMPLETED_AT) != NULL)
			continue;
		k->ca_open++;
		k->ca_overdue += strcmp(MT(t, i, RPT_ACTIONS_OVERDUE), "t") == 0;
	}
	t = &in->findings;
	for (i = 0; i < t->nrows; i++)
		k->f_open += MT(t, i, RPT_FINDINGS_CLOSED_AT) == NULL;
}

/*
 * One count of the inputs: "<li class=ID><a href=#ID><span class=count
 * data-count=N>N</span> words<span class=more>rest</span></a></li>";
 * rest (may be NULL) is a line of detail below the words.
 */
static void
input_count(struct ctx *c, const char *id, size_t n, const char *one,
    const char *many, const char *rest)
{
	struct buf	*b = &c->resp->body;
	struct html_url	 u;

	page_org_url(c, &u, "/orgs", "management-reviews", NULL, NULL);
	html_url_fragment(&u, id);
	buf_puts(b, "<li class=\"");
	html_attr(b, id);
	buf_puts(b, "\"><a");
	html_url_attr(b, "href", &u);
	buf_printf(b, "><span class=\"count\" data-count=\"%zu\">%zu</span> ",
	    n, n);
	html_text(b, n == 1 ? one : many);
	if (rest != NULL) {
		buf_puts(b, "<span class=\"more\">");
		html_text(b, rest);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</a></li>\n");
}

static void
inputs_glance(struct ctx *c, const struct mr_inputs *in,
    const struct rev_counts *k, const char *as_of)
{
	struct buf	*b = &c->resp->body;
	char		 rest[96];

	buf_puts(b, "<section id=\"next-review\">\n<h2>The next review's "
	    "inputs</h2>\n<p>");
	if (in->last_held_at != NULL) {
		buf_puts(b, "Since the last review, <strong>");
		html_data(b, in->last_id);
		buf_puts(b, "</strong> held on <time>");
		html_text(b, in->last_held_at);
		buf_puts(b, "</time>");
	} else
		buf_puts(b, "No management review has been held yet: "
		    "everything recorded");
	buf_puts(b, ", up to <time>");
	html_text(b, as_of);
	buf_puts(b, "</time>.</p>\n<ul class=\"counts\">\n");
	snprintf(rest, sizeof(rest), "%zu of them overdue",
	    k->overdue_actions);
	input_count(c, REV_OPEN_ACTIONS, k->open_actions,
	    "action of earlier reviews still open",
	    "actions of earlier reviews still open", rest);
	input_count(c, REV_CHANGES, in->changes.nrows, "change recorded",
	    "changes recorded", NULL);
	snprintf(rest, sizeof(rest), "%zu of them open; %lld open in all",
	    k->f_open, in->open_findings);
	input_count(c, REV_FINDINGS, in->findings.nrows, "finding raised",
	    "findings raised", rest);
	snprintf(rest, sizeof(rest), "%zu of them overdue", k->ca_overdue);
	input_count(c, REV_ACTIONS, k->ca_open, "corrective action open",
	    "corrective actions open", rest);
	buf_puts(b, "</ul>\n<h3>Readiness</h3>\n");
	page_readiness_counts(c, &in->readiness);
	buf_puts(b, "</section>\n");
}

/* The decisions and actions of one review, in the order recorded. */
static void
review_items(struct ctx *c, const struct mtable *items, const char *id)
{
	static const char *const cols[] = { "Kind", "Decision or action",
	    "Owner", "Due", "Status", "Closed", NULL };
	struct buf	*b = &c->resp->body;
	size_t		 i, n = 0;

	for (i = 0; i < items->nrows; i++)
		n += strcmp(MT(items, i, MRI_LIST_REVIEW), id) == 0;
	if (n == 0) {
		buf_puts(b, "<p class=\"empty\">No decision or action was "
		    "recorded.</p>\n");
		return;
	}
	buf_puts(b, "<table class=\"items\">\n<thead><tr>");
	for (i = 0; cols[i] != NULL; i++) {
		buf_puts(b, "<th scope=\"col\">");
		html_text(b, cols[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < items->nrows; i++) {
		if (strcmp(MT(items, i, MRI_LIST_REVIEW), id) != 0)
			continue;
		buf_puts(b, "<tr class=\"item-");
		html_attr(b, MT(items, i, MRI_LIST_KIND));
		buf_puts(b, "\">");
		page_cell(b, MT(items, i, MRI_LIST_KIND));
		page_cell(b, MT(items, i, MRI_LIST_TEXT));
		page_cell(b, MT(items, i, MRI_LIST_OWNER));
		page_date_cell(b, MT(items, i, MRI_LIST_DUE_AT));
		page_state_cell(b, MT(items, i, MRI_LIST_STATUS));
		page_date_cell(b, MT(items, i, MRI_LIST_CLOSED_AT));
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

/* Every review held on or before as_of, newest first. */
static void
past_reviews(struct ctx *c, const struct mtable *mr,
    const struct mtable *items, const char *as_of)
{
	struct buf	*b = &c->resp->body;
	const char	*id, *v;
	size_t		 i, n = 0;

	for (i = 0; i < mr->nrows; i++)
		n += strcmp(MT(mr, i, MR_LIST_HELD_AT), as_of) <= 0;
	buf_printf(b, "<section id=\"reviews\" data-count=\"%zu\">\n"
	    "<h2>Past reviews <span class=\"count\">%zu</span></h2>\n", n, n);
	if (n == 0)
		buf_puts(b, "<p class=\"empty\">No management review had been "
		    "held by this date.</p>\n");
	for (i = 0; i < mr->nrows; i++) {
		if (strcmp(MT(mr, i, MR_LIST_HELD_AT), as_of) > 0)
			continue;
		id = MT(mr, i, MR_LIST_ID);
		buf_puts(b, "<article class=\"review\" data-review=\"");
		html_attr(b, id);
		buf_puts(b, "\">\n<h3><time>");
		html_text(b, MT(mr, i, MR_LIST_HELD_AT));
		buf_puts(b, "</time> \xe2\x80\x94 ");
		html_data(b, id);
		buf_puts(b, "</h3>\n<dl class=\"facts\"><dt>Period</dt><dd>");
		html_text(b, MT(mr, i, MR_LIST_PERIOD_START));
		buf_puts(b, " to ");
		html_text(b, MT(mr, i, MR_LIST_PERIOD_END));
		buf_puts(b, "</dd>");
		if ((v = MT(mr, i, MR_LIST_CHAIR)) != NULL) {
			buf_puts(b, "<dt>Chair</dt><dd>");
			html_data(b, v);
			buf_puts(b, "</dd>");
		}
		if ((v = MT(mr, i, MR_LIST_ATTENDEES)) != NULL) {
			buf_puts(b, "<dt>Attendees</dt><dd>");
			html_data(b, v);
			buf_puts(b, "</dd>");
		}
		buf_puts(b, "</dl>\n");
		if ((v = MT(mr, i, MR_LIST_SUMMARY)) != NULL) {
			buf_puts(b, "<p class=\"summary\">");
			html_data(b, v);
			buf_puts(b, "</p>\n");
		}
		review_items(c, items, id);
		buf_puts(b, "</article>\n");
	}
	buf_puts(b, "</section>\n");
}

/* The records behind the counts of the inputs. */
static void
inputs_lists(struct ctx *c, const struct mr_inputs *in,
    const struct rev_counts *k, const char *as_of)
{
	static const char *const oa_cols[] = { "Review", "Action", "Owner",
	    "Due", "Status", "As recorded", NULL };
	static const char *const ch_cols[] = { "Occurred", "Kind",
	    "Description", "Control", NULL };
	static const char *const fi_cols[] = { "Finding", "Control",
	    "Severity", "Description", "Raised", "Owner", "Due", "Closed",
	    NULL };
	static const char *const ca_cols[] = { "Action", "Finding",
	    "Description", "Owner", "Due", "State", NULL };
	struct buf		*b = &c->resp->body;
	const struct mtable	*t = &in->prev_actions;
	enum mr_state		 s;
	size_t			 i;

	if (page_list_begin(b, REV_OPEN_ACTIONS, "Actions of earlier reviews "
	    "still open", k->open_actions, oa_cols, "Every action of the "
	    "earlier reviews is done or dropped.")) {
		for (i = 0; i < t->nrows; i++) {
			s = model_mr_item_state(MT(t, i,
			    RPT_PREV_ACTIONS_STATUS), MT(t, i,
			    RPT_PREV_ACTIONS_DUE_AT), MT(t, i,
			    RPT_PREV_ACTIONS_CLOSED_AT), as_of);
			if (s != MR_OPEN && s != MR_OVERDUE)
				continue;
			page_row_begin(b, MT(t, i, RPT_PREV_ACTIONS_REVIEW));
			page_cell(b, MT(t, i, RPT_PREV_ACTIONS_REVIEW));
			page_cell(b, MT(t, i, RPT_PREV_ACTIONS_TEXT));
			page_cell(b, MT(t, i, RPT_PREV_ACTIONS_OWNER));
			page_date_cell(b, MT(t, i, RPT_PREV_ACTIONS_DUE_AT));
			page_state_cell(b, state_words[s]);
			page_cell(b, MT(t, i, RPT_PREV_ACTIONS_STATUS));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	t = &in->changes;
	if (page_list_begin(b, REV_CHANGES, "Changes since the last review",
	    t->nrows, ch_cols, "No change has been recorded since.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, RPT_CHANGES_OCCURRED_AT));
			page_date_cell(b, MT(t, i, RPT_CHANGES_OCCURRED_AT));
			page_cell(b, MT(t, i, RPT_CHANGES_KIND));
			page_cell(b, MT(t, i, RPT_CHANGES_DESCRIPTION));
			page_control_cell(c, MT(t, i, RPT_CHANGES_CONTROL));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	t = &in->findings;
	if (page_list_begin(b, REV_FINDINGS, "Findings raised since the last "
	    "review", t->nrows, fi_cols, "No finding has been raised since.")) {
		for (i = 0; i < t->nrows; i++) {
			page_row_begin(b, MT(t, i, RPT_FINDINGS_ID));
			page_cell(b, MT(t, i, RPT_FINDINGS_ID));
			page_control_cell(c, MT(t, i, RPT_FINDINGS_CONTROL));
			page_cell(b, MT(t, i, RPT_FINDINGS_SEVERITY));
			page_cell(b, MT(t, i, RPT_FINDINGS_DESCRIPTION));
			page_date_cell(b, MT(t, i, RPT_FINDINGS_RAISED_AT));
			page_cell(b, MT(t, i, RPT_FINDINGS_OWNER));
			page_date_cell(b, MT(t, i, RPT_FINDINGS_DUE_AT));
			page_date_cell(b, MT(t, i, RPT_FINDINGS_CLOSED_AT));
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
	t = &in->actions;
	if (page_list_begin(b, REV_ACTIONS, "Corrective actions open",
	    k->ca_open, ca_cols, "No corrective action is open.")) {
		for (i = 0; i < t->nrows; i++) {
			if (MT(t, i, RPT_ACTIONS_COMPLETED_AT) != NULL)
				continue;
			page_row_begin(b, MT(t, i, RPT_ACTIONS_ID));
			page_cell(b, MT(t, i, RPT_ACTIONS_ID));
			page_cell(b, MT(t, i, RPT_ACTIONS_FINDING));
			page_cell(b, MT(t, i, RPT_ACTIONS_DESCRIPTION));
			page_cell(b, MT(t, i, RPT_ACTIONS_OWNER));
			page_date_cell(b, MT(t, i, RPT_ACTIONS_DUE_AT));
			page_state_cell(b, strcmp(MT(t, i, RPT_ACTIONS_OVERDUE),
			    "t") == 0 ? "overdue" : "open");
			buf_puts(b, "</tr>\n");
		}
		page_list_end(b);
	}
}

enum err
h_page_management_reviews(struct ctx *c)
{
	struct buf		*b = &c->resp->body;
	const char		*as_of = ctx_as_of(c);
	struct org_info		 o;
	struct mtable		 mr, items;
	struct mr_inputs	 in;
	struct rev_counts	 k;
	struct html_url		 u;
	enum err		 e;

	/* The inputs count from the day after as_of's reviews: one must exist. */
	if (strcmp(as_of, "9999-12-31") == 0)
		return fail(c, ERR_INVALID, "invalid", "as_of: the last date "
		    "has no day after it to count from", "as_of");
	if ((e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	e = model_org(c->db, c->req->pool, c->org, &o);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	if (e != ERR_OK ||
	    (e = model_management_reviews(c->db, c->req->pool, o.id, &mr,
	    &items)) != ERR_OK ||
	    (e = model_mr_inputs(c->db, c->req->pool, o.id, o.source_fw,
	    as_of, &in)) != ERR_OK)
		return e;
	count_inputs(&in, as_of, &k);
	page_begin(c, "Management reviews", c->org);
	page_crumbs(c, o.name);
	buf_puts(b, "<h1>Management reviews</h1>\n<p class=\"lead\">The "
	    "reviews of the information security management system by top "
	    "management (ISO/IEC 27001 clause 9.3), as of <time>");
	html_text(b, as_of);
	buf_puts(b, "</time>.</p>\n<p class=\"actions\">");
	page_org_url(c, &u, "/api/v1/orgs", "reports", "management-review.pdf",
	    NULL);
	html_link(b, &u, "download-management-review",
	    "Management review of this quarter (signed PDF)");
	buf_puts(b, " ");
	/* The workbook's period defaults to the quarter holding as_of. */
	page_org_url(c, &u, "/api/v1/orgs", "exports", "reviews.xlsx", NULL);
	html_link(b, &u, "download-reviews-xlsx",
	    "Control reviews of this quarter (workbook)");
	buf_puts(b, "</p>\n");
	inputs_glance(c, &in, &k, as_of);
	past_reviews(c, &mr, &items, as_of);
	buf_puts(b, "<h2 class=\"part\">The inputs in detail</h2>\n");
	inputs_lists(c, &in, &k, as_of);
	html_page_end(b);
	return ERR_OK;
}
