/*
 * h_pages.c — the pages people read in a browser: the start page, the
 * overview of an organisation and the gap of one target framework.
 *
 * Every number comes from the same model and gap engine as the JSON API
 * over one snapshot, so a page shows the figures of the API's answer for
 * the same as_of; every byte of HTML goes through html.c.  The dispatcher
 * (api.c) authenticates, checks the organisation and role, renders
 * errors as HTML pages and sets the page headers.
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
#include "jw.h"
#include "mapset.h"
#include "model.h"
#include "model_gap.h"
#include "model_records.h"
#include "model_report.h"
#include "page.h"
#include "pct.h"
#include "pool.h"
#include "present.h"
#include "session.h"

/* Rows the overview shows of the schedules and the report runs. */
#define OVERVIEW_SCHEDULES	"5"
#define OVERVIEW_RUNS		"10"

/* "<td class=... data-value=JSON>57.1 %</td>" for one score's coverage. */
enum err
h_page_home(struct ctx *c)
{
	struct buf	*b = &c->resp->body;
	struct org_row	*orgs;
	struct html_url	 u;
	size_t		 n, i;
	enum err	 e;

	/* An organisation's principal has one place to go: its overview. */
	if (c->who.org[0] != '\0') {
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, c->who.org);
		c->resp->status = 303;
		http_header(c->resp, "Location", html_url_str(&u));
		page_begin(c, "annexa", NULL);
		buf_puts(b, "<p>");
		html_link(b, &u, NULL, "Go to the overview");
		buf_puts(b, "</p>\n");
		html_page_end(b);
		return ERR_OK;
	}
	if ((e = db_begin_snapshot(c->db)) != ERR_OK ||
	    (e = model_orgs(c->db, c->req->pool, &c->who, &orgs, &n)) != ERR_OK)
		return e;
	page_begin(c, "Organisations", NULL);
	buf_puts(b, "<h1>Organisations</h1>\n<ul class=\"orgs\">\n");
	for (i = 0; i < n; i++) {
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, orgs[i].id);
		buf_puts(b, "<li><a");
		html_url_attr(b, "href", &u);
		buf_putc(b, '>');
		html_data(b, orgs[i].name);
		buf_puts(b, "</a> <span class=\"id\">");
		html_text(b, orgs[i].id);
		buf_puts(b, "</span></li>\n");
	}
	buf_puts(b, "</ul>\n");
	html_page_end(b);
	return ERR_OK;
}

/* The scores table: one row per target the comparison API lists. */
static enum err
overview_scores(struct ctx *c, const struct gap_context *g)
{
	struct buf		*b = &c->resp->body;
	const char		*targets[INPUT_LIST_MAX];
	struct gap_answer	 a;
	struct html_url		 u;
	size_t			 n, i, shown = 0;
	enum err		 e;

	n = model_gap_targets(g, targets, INPUT_LIST_MAX);
	buf_puts(b, "<section id=\"comparison\">\n<h2>Coverage by target "
	    "framework</h2>\n<table id=\"scores\">\n<thead><tr>"
	    "<th scope=\"col\">Target framework</th>"
	    "<th scope=\"col\" class=\"num\">Design</th>"
	    "<th scope=\"col\" class=\"num\">Assured</th>"
	    "<th scope=\"col\" class=\"num\">Controls</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < n; i++) {
		if ((e = model_gap_target(c->db, c->req->pool, g, targets[i],
		    &a)) != ERR_OK)
			return e;
		/* As the comparison API: a target no mapping reaches is left out. */
		if (a.edges.kind == GAP_NONE_FOUND)
			continue;
		shown++;
		page_org_url(c, &u, "/orgs", "gap", targets[i], NULL);
		buf_puts(b, "<tr data-target=\"");
		html_attr(b, targets[i]);
		buf_puts(b, "\"><th scope=\"row\">");
		html_link(b, &u, NULL, targets[i]);
		buf_puts(b, "</th>");
		page_score_cell(b, "design", &a.result.design);
		page_score_cell(b, "assured", &a.result.assured);
		buf_printf(b, "<td class=\"num\">%zu</td></tr>\n", a.result.n);
	}
	buf_puts(b, "</tbody>\n</table>\n");
	if (shown == 0)
		buf_puts(b, "<p class=\"empty\">No mapping links this "
		    "organisation's framework to another one yet.</p>\n");
	buf_puts(b, "<p class=\"formula\">");
	html_text(b, GAP_FORMULA);
	buf_puts(b, ". <em>Design</em> counts what the statement of "
	    "applicability claims; <em>assured</em> only what current reviews "
	    "and evidence support.</p>\n");
	page_org_url(c, &u, "/api/v1/orgs", "charts", "coverage.png", NULL);
	buf_puts(b, "<figure><img id=\"coverage-chart\" width=\"800\" "
	    "height=\"450\" alt=\"Coverage by target framework, design and "
	    "assured, as of ");
	html_attr(b, g->as_of_text);
	buf_putc(b, '"');
	html_url_attr(b, "src", &u);
	buf_puts(b, "></figure>\n</section>\n");
	return ERR_OK;
}

static enum err
overview_readiness(struct ctx *c, const struct gap_context *g)
{
	struct buf		*b = &c->resp->body;
	struct readiness	 r;
	struct html_url		 u;
	enum err		 e;

	if ((e = model_readiness(c->db, c->req->pool, g->org.id,
	    g->org.source_fw, g->as_of_text, &r)) != ERR_OK)
		return e;
	buf_puts(b, "<section id=\"readiness\">\n<h2>Readiness</h2>\n");
	page_readiness_counts(c, &r);
	buf_puts(b, "<p>");
	page_org_url(c, &u, "/orgs", "readiness", NULL, NULL);
	html_link(b, &u, "readiness-list", "The lists");
	buf_puts(b, "</p>\n</section>\n");
	return ERR_OK;
}

static enum err
overview_schedules(struct ctx *c)
{
	struct buf	*b = &c->resp->body;
	struct mtable	 t;
	size_t		 i;
	enum err	 e;

	if ((e = model_report_schedules(c->db, c->req->pool, c->org,
	    OVERVIEW_SCHEDULES, &t)) != ERR_OK)
		return e;
	buf_puts(b, "<section id=\"schedules\">\n<h2>Next scheduled "
	    "reports</h2>\n");
	if (t.nrows == 0) {
		buf_puts(b, "<p class=\"empty\">No report is scheduled.</p>\n"
		    "</section>\n");
		return ERR_OK;
	}
	buf_puts(b, "<table>\n<thead><tr><th scope=\"col\">Due</th>"
	    "<th scope=\"col\">Report</th><th scope=\"col\">Period</th>"
	    "<th scope=\"col\">Frequency</th><th scope=\"col\">Target</th>"
	    "<th scope=\"col\">Audience</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < t.nrows; i++) {
		buf_puts(b, "<tr>");
		page_cell(b, MT(&t, i, SCHED_ORG_NEXT_DUE));
		page_cell(b, MT(&t, i, SCHED_ORG_KIND));
		page_cell(b, MT(&t, i, SCHED_ORG_PERIOD));
		page_cell(b, MT(&t, i, SCHED_ORG_FREQUENCY));
		page_cell(b, MT(&t, i, SCHED_ORG_TARGET));
		page_cell(b, MT(&t, i, SCHED_ORG_AUDIENCE));
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</section>\n");
	return ERR_OK;
}

static enum err
overview_runs(struct ctx *c)
{
	struct buf	*b = &c->resp->body;
	struct mtable	 t;
	struct html_url	 u;
	const char	*id, *status, *sha;
	char		 file[40];
	size_t		 i;
	enum err	 e;

	if ((e = model_report_runs(c->db, c->req->pool, c->org, OVERVIEW_RUNS,
	    &t)) != ERR_OK)
		return e;
	buf_puts(b, "<section id=\"runs\">\n<h2>Last report runs</h2>\n"
	    "<p>");
	page_org_url(c, &u, "/orgs", "reports", NULL, NULL);
	html_link(b, &u, "all-runs", "Make a report, or see every run");
	buf_puts(b, "</p>\n");
	if (t.nrows == 0) {
		buf_puts(b, "<p class=\"empty\">No report has been made yet."
		    "</p>\n</section>\n");
		return ERR_OK;
	}
	buf_puts(b, "<table>\n<thead><tr><th scope=\"col\">Started (UTC)</th>"
	    "<th scope=\"col\">Report</th><th scope=\"col\">Period or date</th>"
	    "<th scope=\"col\">Trigger</th><th scope=\"col\">Status</th>"
	    "<th scope=\"col\">SHA-256</th><th scope=\"col\">PDF</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t.nrows; i++) {
		id = MT(&t, i, RUN_LIST_ID);
		status = MT(&t, i, RUN_LIST_STATUS);
		sha = MT(&t, i, RUN_LIST_SHA256);
		buf_puts(b, "<tr>");
		page_cell(b, MT(&t, i, RUN_LIST_STARTED_AT));
		page_cell(b, MT(&t, i, RUN_LIST_KIND));
		page_cell(b, MT(&t, i, RUN_LIST_PERIOD_KEY) != NULL ?
		    MT(&t, i, RUN_LIST_PERIOD_KEY) : MT(&t, i, RUN_LIST_AS_OF));
		page_cell(b, MT(&t, i, RUN_LIST_TRIGGER));
		page_cell(b, status);
		buf_puts(b, "<td class=\"hash\">");
		if (sha != NULL) {
			buf_puts(b, "<abbr title=\"");
			html_attr(b, sha);
			buf_puts(b, "\">");
			html_textn(b, sha, strnlen(sha, 12));
			buf_puts(b, "\xe2\x80\xa6</abbr>");
		}
		buf_puts(b, "</td><td>");
		if (id != NULL && status != NULL &&
		    strcmp(status, "succeeded") == 0) {
			/* A run's file in its format: id.pdf or id.xlsx. */
			snprintf(file, sizeof(file), "%s.%s", id,
			    MT(&t, i, RUN_LIST_FORMAT));
			html_url_begin(&u, "/api/v1/orgs");
			html_url_seg(&u, c->org);
			html_url_seg(&u, "report-runs");
			html_url_seg(&u, file);	/* a stored run: no as_of */
			html_link(b, &u, NULL, "Download");
		}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n</section>\n");
	return ERR_OK;
}

/*
 * The part of the overview that follows from the data: heading, scores,
 * chart and readiness.  Rendered into the still empty body, kept (see
 * page_part_get()), then taken out of the body so that the frame goes
 * first.
 */
static enum err
overview_summary(struct ctx *c, struct page_part *part)
{
	struct buf		*b = &c->resp->body;
	struct gap_context	 g;
	struct html_url		 u;
	enum err		 e;

	if ((e = page_gap_context(c, &g)) != ERR_OK)
		return e;
	buf_puts(b, "<h1>");
	html_data(b, g.org.name);
	buf_puts(b, "</h1>\n<p class=\"lead\">Statement of applicability "
	    "against <strong>");
	html_text(b, g.org.source_fw);
	buf_puts(b, "</strong>, as of <time>");
	html_text(b, g.as_of_text);
	buf_puts(b, "</time>.</p>\n<p class=\"actions\">");
	page_org_url(c, &u, "/api/v1/orgs", "reports", "management-review.pdf",
	    NULL);
	html_link(b, &u, "download-management-review",
	    "Management review (signed PDF)");
	buf_puts(b, " ");
	page_org_url(c, &u, "/api/v1/orgs", "exports", "soa.xlsx", NULL);
	html_link(b, &u, "download-soa-xlsx",
	    "Statement of Applicability (workbook)");
	buf_puts(b, " ");
	page_org_url(c, &u, "/api/v1/orgs", "exports", "comparison.xlsx", NULL);
	html_link(b, &u, "download-comparison-xlsx", "Comparison (workbook)");
	buf_puts(b, "</p>\n");
	if ((e = overview_scores(c, &g)) != ERR_OK ||
	    (e = overview_readiness(c, &g)) != ERR_OK)
		return e;
	return page_part_take(c, part, g.org.name);
}

enum err
h_page_overview(struct ctx *c)
{
	struct buf		*b = &c->resp->body;
	struct page_part	 part;
	enum err		 e = ERR_OK;

	if (!page_part_get(c, "summary", &part))
		e = overview_summary(c, &part);
	if (e == ERR_OK) {
		page_begin(c, part.title, c->org);
		buf_append(b, part.html, part.len);
	}
	page_part_done(&part);
	/* Report runs and schedules are outside the data epoch: read live. */
	if (e != ERR_OK || (e = overview_schedules(c)) != ERR_OK ||
	    (e = overview_runs(c)) != ERR_OK)
		return e;
	html_page_end(b);
	return ERR_OK;
}

/* The words of a status filter's options, in the order they are offered. */
static const enum gap_status filter_order[] = {
	GAP_GAP, GAP_PARTIAL, GAP_COVERED, GAP_NOT_APPLICABLE, GAP_UNMAPPED
};

/* One score of the gap page: its percentage and its counts. */
static void
gap_score_item(struct buf *b, const char *cls, const char *label,
    const struct gap_score *s)
{
	char	num[JW_FIXED_LEN], pct[PCT_LEN];

	if (s->defined) {
		jw_fixed_text(s->coverage, 4, num);
		pct_text(s->coverage, pct);
	} else {
		strcpy(num, "null");
		strcpy(pct, "n/a");
	}
	buf_printf(b, "<div class=\"score %s\"><h3>", cls);
	html_text(b, label);
	buf_puts(b, "</h3><p class=\"pct\" data-value=\"");
	html_attr(b, num);
	buf_puts(b, "\">");
	html_text(b, pct);
	buf_printf(b, "</p><p class=\"counts\">%zu covered, %zu partial, "
	    "%zu gap, %zu not applicable, %zu unmapped</p></div>\n",
	    s->covered, s->partial, s->gap, s->not_applicable, s->unmapped);
}

/* The filter form: plain GET, so a link can hold any filtered view. */
static void
gap_filter_form(struct ctx *c, const struct gap_answer *a, const char *target)
{
	struct buf	*b = &c->resp->body;
	const char	*status = c->in.val[KEY_STATUS];
	const char	*group = c->in.val[KEY_GROUP];
	const char	*name, *gid;
	struct html_url	 u;
	size_t		 i, k;
	bool		 seen;

	html_url_begin(&u, "/orgs");
	html_url_seg(&u, c->org);
	html_url_seg(&u, "gap");
	html_url_seg(&u, target);
	buf_puts(b, "<form id=\"filter\" class=\"filter\" method=\"get\"");
	html_url_attr(b, "action", &u);
	buf_puts(b, ">\n");
	if (c->in.val[KEY_AS_OF] != NULL) {
		buf_puts(b, "<input type=\"hidden\" name=\"as_of\" value=\"");
		html_attr(b, c->in.val[KEY_AS_OF]);
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<label>Status <select name=\"status\">"
	    "<option value=\"\">any</option>");
	for (i = 0; i < sizeof(filter_order) / sizeof(filter_order[0]); i++) {
		name = gap_status_name(filter_order[i]);
		buf_puts(b, "<option value=\"");
		html_attr(b, name);
		buf_puts(b, status != NULL && strcmp(status, name) == 0 ?
		    "\" selected>" : "\">");
		html_text(b, present_status(filter_order[i]));
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></label>\n<label>Group <select name=\"group\">"
	    "<option value=\"\">any</option>");
	for (i = 0; i < a->result.n; i++) {
		gid = a->result.rows[i].target->group_id;
		if (gid == NULL)
			continue;
		for (seen = false, k = 0; k < i && !seen; k++)
			seen = a->result.rows[k].target->group_id != NULL &&
			    strcmp(a->result.rows[k].target->group_id, gid) == 0;
		if (seen)
			continue;
		buf_puts(b, "<option value=\"");
		html_attr(b, gid);
		buf_puts(b, group != NULL && strcmp(group, gid) == 0 ?
		    "\" selected>" : "\">");
		html_text(b, gid);
		buf_puts(b, "</option>");
	}
	buf_puts(b, "</select></label>\n<button type=\"submit\">Filter</button>"
	    "\n</form>\n");
}

/* True when the row passes the status and group filters. */
static bool
gap_row_shown(struct ctx *c, const struct gap_row *r)
{
	const char	*status = c->in.val[KEY_STATUS];
	const char	*group = c->in.val[KEY_GROUP];

	if (status != NULL && strcmp(gap_status_name(r->design), status) != 0 &&
	    strcmp(gap_status_name(r->assured), status) != 0)
		return false;
	return group == NULL || (r->target->group_id != NULL &&
	    strcmp(r->target->group_id, group) == 0);
}

/* True when control is one of the organisation's source controls. */
static bool
gap_is_source(const struct gap_context *g, const char *control)
{
	size_t	i;

	for (i = 0; i < g->nsources; i++)
		if (strcmp(g->sources[i].control, control) == 0)
			return true;
	return false;
}

/* The contributing sources; each source control links to its history. */
static void
gap_sources_cell(struct ctx *c, const struct gap_context *g,
    const struct gap_row *r)
{
	struct buf		*b = &c->resp->body;
	const struct gap_edge	*e;
	size_t			 x;

	buf_puts(b, "<td class=\"sources\">");
	if (r->ncontribs > 0)
		buf_puts(b, "<ul>");
	for (x = 0; x < r->ncontribs; x++) {
		e = r->contribs[x].edge;
		buf_puts(b, "<li>");
		if (gap_is_source(g, e->source))
			page_control_link(c, e->source);
		else {
			buf_puts(b, "<span class=\"control\">");
			html_text(b, e->source);
			buf_puts(b, "</span>");
		}
		buf_puts(b, " ");
		html_text(b, mapset_rel_name(e->rel));
		if (e->pivot != NULL) {
			buf_puts(b, " via <span class=\"control\">");
			html_text(b, e->pivot);
			buf_puts(b, "</span>");
		}
		buf_puts(b, " <span class=\"set\">(");
		html_text(b, e->set);
		buf_puts(b, ")</span></li>");
	}
	if (r->ncontribs > 0)
		buf_puts(b, "</ul>");
	buf_puts(b, "</td>");
}

/* The gap page below its frame, all of it from the data (page.h). */
static enum err
gap_part(struct ctx *c, struct page_part *part, const char *title)
{
	struct buf		*b = &c->resp->body;
	const char		*target = route_param(&c->match, "target");
	const struct gap_row	*r;
	struct gap_context	 g;
	struct gap_answer	 a;
	struct html_url		 u;
	size_t			 i, shown = 0;
	enum err		 e;

	if ((e = page_gap_context(c, &g)) != ERR_OK)
		return e;
	if (strcmp(target, g.org.source_fw) == 0)
		return fail(c, ERR_NOT_FOUND, "not_found", "the organisation's "
		    "own framework is not a target", "target");
	e = model_gap_target(c->db, c->req->pool, &g, target, &a);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such framework", "target");
	if (e != ERR_OK)
		return e;
	buf_puts(b, "<p class=\"crumbs\">");
	page_org_url(c, &u, "/orgs", NULL, NULL, NULL);
	buf_puts(b, "<a");
	html_url_attr(b, "href", &u);
	buf_putc(b, '>');
	html_data(b, g.org.name);
	buf_puts(b, "</a></p>\n<h1>");
	html_text(b, title);
	buf_puts(b, "</h1>\n<p class=\"lead\">From <strong>");
	html_text(b, g.org.source_fw);
	buf_puts(b, "</strong> to <strong>");
	html_text(b, target);
	buf_puts(b, "</strong>, as of <time>");
	html_text(b, g.as_of_text);
	buf_puts(b, "</time>; mapping sets: ");
	for (i = 0; i < a.edges.nsets; i++) {
		if (i > 0)
			buf_puts(b, ", ");
		html_text(b, a.edges.sets[i]);
	}
	if (a.edges.nsets == 0)
		buf_puts(b, "none");
	buf_puts(b, ".</p>\n<p class=\"actions\">");
	html_url_begin(&u, "/api/v1/orgs");
	html_url_seg(&u, c->org);
	html_url_seg(&u, "reports");
	html_url_seg(&u, "gap.pdf");
	html_url_param(&u, "target", target);
	if (c->in.val[KEY_AS_OF] != NULL)
		html_url_param(&u, "as_of", c->in.val[KEY_AS_OF]);
	html_link(b, &u, "download-gap-pdf", "Download as PDF (signed)");
	buf_puts(b, " ");
	html_url_begin(&u, "/api/v1/orgs");
	html_url_seg(&u, c->org);
	html_url_seg(&u, "gap");
	html_url_param(&u, "target", target);
	html_url_param(&u, "format", "csv");
	if (c->in.val[KEY_AS_OF] != NULL)
		html_url_param(&u, "as_of", c->in.val[KEY_AS_OF]);
	html_link(b, &u, "download-gap-csv", "Download as CSV");
	buf_puts(b, " ");
	html_url_begin(&u, "/api/v1/orgs");
	html_url_seg(&u, c->org);
	html_url_seg(&u, "exports");
	html_url_seg(&u, "gap.xlsx");
	html_url_param(&u, "target", target);
	if (c->in.val[KEY_AS_OF] != NULL)
		html_url_param(&u, "as_of", c->in.val[KEY_AS_OF]);
	html_link(b, &u, "download-gap-xlsx", "Download as a workbook");
	buf_puts(b, "</p>\n<section id=\"gap-scores\" class=\"scores\">\n");
	gap_score_item(b, "design", "Design", &a.result.design);
	gap_score_item(b, "assured", "Assured", &a.result.assured);
	buf_puts(b, "<p class=\"formula\">");
	html_text(b, GAP_FORMULA);
	buf_puts(b, "</p>\n</section>\n<section id=\"controls\">\n"
	    "<h2>Target controls</h2>\n");
	gap_filter_form(c, &a, target);
	buf_puts(b, "<table id=\"gap\">\n<thead><tr>"
	    "<th scope=\"col\">Control</th><th scope=\"col\">Title</th>"
	    "<th scope=\"col\">Group</th><th scope=\"col\">Design</th>"
	    "<th scope=\"col\">Assured</th>"
	    "<th scope=\"col\">Contributing sources</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < a.result.n; i++) {
		r = &a.result.rows[i];
		if (!gap_row_shown(c, r))
			continue;
		shown++;
		buf_puts(b, "<tr data-control=\"");
		html_attr(b, r->target->id);
		buf_puts(b, "\"><th scope=\"row\">");
		html_text(b, r->target->id);
		buf_puts(b, "</th>");
		page_cell(b, r->target->title);
		page_cell(b, r->target->group_id);
		page_status_cell(b, "design", r->design);
		page_status_cell(b, "assured", r->assured);
		gap_sources_cell(c, &g, r);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
	buf_printf(b, "<p class=\"shown\">%zu of %zu target controls shown."
	    "</p>\n</section>\n", shown, a.result.n);
	return page_part_take(c, part, title);
}

enum err
h_page_gap(struct ctx *c)
{
	struct buf		*b = &c->resp->body;
	struct page_part	 part;
	char			 title[160];
	enum err		 e = ERR_OK;

	snprintf(title, sizeof(title), "Gap to %s",
	    route_param(&c->match, "target"));
	if (!page_part_get(c, "main", &part))
		e = gap_part(c, &part, title);
	if (e == ERR_OK) {
		page_begin(c, part.title, c->org);
		buf_append(b, part.html, part.len);
		html_page_end(b);
	}
	page_part_done(&part);
	return e;
}
