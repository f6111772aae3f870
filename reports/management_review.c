/*
 * management_review.c — the management review report (docs/reports.md): one
 * section per input of ISO/IEC 27001:2022 clause 9.3.2, a) to g), then
 * the decisions and actions of clause 9.3.3.
 *
 * What it queries: model_report_mr() (every 9.3.2 input over the period,
 * the chart series, readiness, and the coverage of every target framework
 * at as_of and at the previous management review), the item list of
 * model_management_reviews() (for the closing dates of the decisions and
 * actions recorded in the period, which the decisions table lacks), the
 * framework catalog (for display names) and, for a period that does not
 * start on the first of a month, the control reviews of the period.
 *
 * Two dates govern what is shown.  Records of the period (findings,
 * corrective actions, actions and decisions of reviews) are shown with
 * their status on the period's last day, or on as_of when it falls inside
 * the period: the "status date".  State measures (readiness, evidence,
 * coverage, risks, exceptions, objectives, open findings) are as of as_of.
 * Nothing reads the clock: both dates come from the request.
 *
 * Audience: for customers, owners' names (owners, chairs, whoever
 * accepted an exception) are left out.  This report shows no evidence
 * locations and no control review notes for any audience.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "chart_pdf.h"
#include "gap.h"
#include "mapset.h"
#include "model.h"
#include "model_gap.h"
#include "pct.h"
#include "model_records.h"
#include "model_report.h"
#include "pdf.h"
#include "period.h"
#include "pool.h"
#include "present.h"
#include "report.h"

#define MR_NONE_PERIOD	"None recorded in this period."
#define MR_GAPS_SHOWN	5	/* largest gaps listed per target */
/* A cap on the control reviews of a week period (read to count them). */
#define MR_REVIEW_ROWS	100000

/* Fixed column widths, in points, for values of a known shape. */
#define W_DATE		60.0	/* 2026-11-28 */
#define W_ID		62.0	/* F-2026-014, MR-2026-Q3 */
#define W_STATUS	66.0	/* in progress, overdue */
#define W_CONTROL	56.0	/* CLD.9.5.1 */
#define W_NUM		52.0	/* counts */


/*
 * One target framework as the report shows it: its name ("ISO/IEC
 * 27018:2019") and its label in the chart, and its assured gaps, largest
 * first: ngaps of them are shown, of nall.
 */
struct mr_fw {
	const struct report_coverage	*cov;
	const char			*label;
	const char			*chart;
	const struct gap_row		**gaps;
	size_t				 ngaps;
	size_t				 nall;
};

/* An item of a management review with its status on the status date. */
struct mr_item {
	const char	*label;		/* "done", "overdue", ... */
	enum pdf_fill	 fill;
	enum mr_state	 state;
	bool		 listed;	/* a): shown in the table */
};

struct mr_view {
	struct mr_data	 d;
	const char	*end;		/* the status date (see above) */
	const char	*source_label;	/* the source's name */
	/* a) */
	struct mr_item	*prev;		/* per prev_actions row */
	size_t		 prev_count[MR_STATE__MAX];
	size_t		 prev_listed, prev_hidden, prev_reviews;
	/* 9.3.3 */
	struct mr_item	*dec;		/* per decisions row */
	size_t		 nheld;		/* reviews in the period */
	/* d) findings and corrective actions on the status date */
	size_t		 f_sev[3];	/* major, minor, observation */
	size_t		 f_open, f_overdue, f_closed;
	size_t		 ca_done, ca_open, ca_overdue;
	long long	 open_now;	/* open findings at as_of */
	bool		 open_now_known;
	/* d) control reviews of the period */
	long long	 rev[3];	/* effective, partially, ineffective */
	/* d) readiness counts */
	size_t		 ev_stale, ev_expiring;
	size_t		 ex_expired, ex_expiring;
	/* d) objectives */
	size_t		 obj_met, obj_notmet, obj_progress;
	size_t		 obj_unmeasured;
	/* f) */
	/* Exceptions: open, expiring, expired, closed, other. */
	size_t		 ex_state[5];
	/* g) */
	struct mr_fw	 fw[REPORT_TARGETS_MAX];
	size_t		 nfw;
	size_t		 noverdue;
};

/* ---- small helpers ---- */

static const char *
plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static bool
is(const char *s, const char *what)
{
	return s != NULL && strcmp(s, what) == 0;
}

/* "internal-audit" -> "Internal audit": a pool copy for display. */
static const char *
human(struct report_ctx *c, const char *s)
{
	char	*h;
	size_t	 i;

	if (s == NULL)
		return NULL;
	if ((h = pool_strdup(c->pool, s)) == NULL)
		return report_nomem(c);
	for (i = 0; h[i] != '\0'; i++)
		if (h[i] == '-')
			h[i] = ' ';
	if (h[0] >= 'a' && h[0] <= 'z')
		h[0] = (char)(h[0] - 'a' + 'A');
	return h;
}

static long long
num(const char *s)
{
	return s == NULL ? 0 : strtoll(s, NULL, 10);
}

/* The change between two shown percentages, in points. */
static const char *
change(struct report_ctx *c, const struct gap_score *now,
    const struct gap_score *before, bool has_before)
{
	long	d;

	if (!has_before || !now->defined || !before->defined)
		return "n/a";
	d = pct_tenths(now->coverage) - pct_tenths(before->coverage);
	if (d == 0)
		return "0.0";
	return report_fmt(c, "%s%ld.%ld", d > 0 ? "+" : "\u2212",
	    (d < 0 ? -d : d) / 10, (d < 0 ? -d : d) % 10);
}

/*
 * The display name of a framework, "ISO/IEC 27001 Annex A:2022" or
 * "CSA Cloud Controls Matrix 4.0.12", from the catalog rows; the id
 * when the catalog lacks it.
 */
static const char *
fw_label(struct report_ctx *c, const struct fw_row *fws, size_t nfws,
    const char *id)
{
	size_t	i;

	for (i = 0; i < nfws; i++) {
		if (strcmp(fws[i].id, id) != 0 || fws[i].name == NULL)
			continue;
		if (fws[i].version == NULL || strstr(fws[i].name,
		    fws[i].version) != NULL)
			return fws[i].name;
		return report_fmt(c, "%s%s%s", fws[i].name,
		    strncmp(fws[i].name, "ISO", 3) == 0 ? ":" : " ",
		    fws[i].version);
	}
	return id;
}

/*
 * A label for the coverage chart, whose label column is narrow: a name
 * that carries its common short form in parentheses, "AICPA Trust
 * Services Criteria (SOC 2) 2017", is shown by it, "SOC 2 2017".
 */
static const char *
short_label(struct report_ctx *c, const char *label)
{
	const char	*open, *close;

	if (strlen(label) <= 28 || (open = strchr(label, '(')) == NULL ||
	    (close = strchr(open, ')')) == NULL || close - open < 2)
		return label;
	return report_fmt(c, "%.*s%s", (int)(close - open - 1), open + 1,
	    close + 1);
}

/*
 * The state of a management review item on date d (YYYY-MM-DD), as the
 * model decides it (model_mr_item_state), with its word and colour.
 */
static void
item_state(const char *kind, const char *status, const char *due,
    const char *closed, const char *d, struct mr_item *it)
{
	it->state = model_mr_item_state(status, due, closed, d);
	switch (it->state) {
	case MR_DONE:
		it->label = is(kind, "decision") ? "decided" : "done";
		it->fill = PDF_FILL_GOOD;
		break;
	case MR_DROPPED:
		it->label = "dropped";
		it->fill = PDF_FILL_MUTED;
		break;
	case MR_OVERDUE:
		it->label = "overdue";
		it->fill = PDF_FILL_BAD;
		break;
	default:
		it->label = is(status, "in-progress") ? "in progress" : "open";
		it->fill = PDF_FILL_PARTIAL;
		break;
	}
}

/* ---- gather ---- */

/* The assured gaps of one target, largest first (see gap_cmp). */
static int
gap_cmp(const void *a, const void *b)
{
	const struct gap_row	*x = *(const struct gap_row *const *)a;
	const struct gap_row	*y = *(const struct gap_row *const *)b;

	/* Nothing designed beats something designed but not assured. */
	if (x->design != y->design)
		return x->design < y->design ? -1 : 1;
	/* More source controls involved: a wider gap. */
	if (x->ncontribs != y->ncontribs)
		return x->ncontribs > y->ncontribs ? -1 : 1;
	/* Then catalog order: rows are one array in that order. */
	return x < y ? -1 : x > y;
}

static enum err
gather_fw(struct report_ctx *c, struct mr_view *v, const struct fw_row *fws,
    size_t nfws)
{
	const struct report_coverage	*cov;
	struct mr_fw			*f;
	size_t				 i, k;

	for (i = 0; i < v->d.ncoverage; i++) {
		cov = &v->d.coverage[i];
		/* As the comparison endpoint: targets no mapping reaches are
		 * not spoken of. */
		if (cov->now.edges.kind == GAP_NONE_FOUND)
			continue;
		f = &v->fw[v->nfw++];
		f->cov = cov;
		f->label = fw_label(c, fws, nfws, cov->target);
		f->chart = short_label(c, f->label);
		report_fp(c, f->label);
		report_fp_gap(c, &cov->now);
		if (cov->has_before)
			report_fp_gap(c, &cov->before);
		if ((f->gaps = pool_calloc(c->pool, cov->now.result.n + 1,
		    sizeof(*f->gaps))) == NULL)
			return ERR_NOMEM;
		for (k = 0; k < cov->now.result.n; k++)
			if (cov->now.result.rows[k].assured == GAP_GAP)
				f->gaps[f->nall++] =
				    &cov->now.result.rows[k];
		qsort(f->gaps, f->nall, sizeof(*f->gaps), gap_cmp);
		f->ngaps = f->nall < MR_GAPS_SHOWN ? f->nall :
		    MR_GAPS_SHOWN;
		/* Titles are catalog data report_fp_gap() leaves out. */
		for (k = 0; k < f->ngaps; k++)
			report_fp(c, f->gaps[k]->target->title);
	}
	return ERR_OK;
}

/*
 * Control review results of the period.  A period that starts on the
 * first of a month is counted with the monthly series (exact: the series
 * counts whole months up to its end date); a week, which may start
 * mid-month, is counted from the review list itself.
 */
static enum err
gather_reviews(struct report_ctx *c, struct mr_view *v)
{
	struct mtable	 t;
	size_t		 i;
	enum err	 e;

	if (c->period.kind != PERIOD_WEEK) {
		if ((e = model_chart_reviews(c->db, c->pool, c->gap.org.id,
		    c->period.start, v->end, &t)) != ERR_OK)
			return e;
		for (i = 0; i < t.nrows; i++) {
			v->rev[0]
			    += num(MT(&t, i, RPT_REVIEW_MONTHS_EFFECTIVE));
			v->rev[1] += num(MT(&t, i, RPT_REVIEW_MONTHS_PARTIAL));
			v->rev[2]
			    += num(MT(&t, i, RPT_REVIEW_MONTHS_INEFFECTIVE));
		}
	} else {
		if ((e = model_reviews_page(c->db, c->pool, c->gap.org.id,
		    c->period.start, v->end, NULL, NULL, NULL, MR_REVIEW_ROWS,
		    &t)) != ERR_OK)
			return e;
		for (i = 0; i < t.nrows; i++) {
			v->rev[0] += is(MT(&t, i, REVIEW_ROW_RESULT),
			    "effective");
			v->rev[1] += is(MT(&t, i, REVIEW_ROW_RESULT),
			    "partially-effective");
			v->rev[2] += is(MT(&t, i, REVIEW_ROW_RESULT),
			    "ineffective");
		}
	}
	for (i = 0; i < 3; i++)
		report_fp(c, report_int(c, v->rev[i]));
	return ERR_OK;
}

/* Statuses of the actions of earlier reviews (a) on the status date. */
static enum err
gather_prev(struct report_ctx *c, struct mr_view *v)
{
	const struct mtable	*t = &v->d.prev_actions;
	const char		*last = NULL;
	size_t			 i;

	if ((v->prev = pool_calloc(c->pool, t->nrows + 1,
	    sizeof(*v->prev))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < t->nrows; i++) {
		item_state("action", MT(t, i, RPT_PREV_ACTIONS_STATUS),
		    MT(t, i, RPT_PREV_ACTIONS_DUE_AT),
		    MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT),
		    v->end, &v->prev[i]);
		/*
		 * Listed: what was still open when the period began, or was
		 * closed in it.  Actions closed before are counted only.
		 */
		v->prev[i].listed = MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT)
		    == NULL ||
		    strcmp(MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT),
		    c->period.start) >= 0;
		if (!v->prev[i].listed) {
			v->prev_hidden++;
			continue;
		}
		v->prev_listed++;
		v->prev_count[v->prev[i].state]++;
		if (last == NULL || strcmp(last,
		    MT(t, i, RPT_PREV_ACTIONS_REVIEW)) != 0)
			v->prev_reviews++;
		last = MT(t, i, RPT_PREV_ACTIONS_REVIEW);
	}
	return ERR_OK;
}

/*
 * Statuses of the decisions and actions of the reviews held in the
 * period.  The decisions table carries the stored status but not the
 * closing date; the closing date comes from the review item list,
 * matched by review, kind and text.
 */
static enum err
gather_decisions(struct report_ctx *c, struct mr_view *v)
{
	const struct mtable	*t = &v->d.decisions;
	struct mtable		 reviews, items;
	const char		*closed, *last = NULL;
	size_t			 i, k;
	enum err		 e;

	if ((v->dec = pool_calloc(c->pool, t->nrows + 1,
	    sizeof(*v->dec))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < t->nrows; i++)
		if (last == NULL || strcmp(last, MT(t, i, RPT_DECISIONS_REVIEW))
		    != 0) {
			v->nheld++;
			last = MT(t, i, RPT_DECISIONS_REVIEW);
		}
	if (t->nrows == 0)
		return ERR_OK;
	if ((e = model_management_reviews(c->db, c->pool, c->gap.org.id,
	    &reviews, &items)) != ERR_OK)
		return e;
	for (i = 0; i < t->nrows; i++) {
		if (MT(t, i, RPT_DECISIONS_KIND) == NULL)
			continue;	/* a review without items */
		closed = NULL;
		for (k = 0; k < items.nrows; k++)
			if (is(MT(&items, k, MRI_LIST_REVIEW),
			    MT(t, i, RPT_DECISIONS_REVIEW)) &&
			    is(MT(&items, k, MRI_LIST_KIND),
			    MT(t, i, RPT_DECISIONS_KIND)) &&
			    is(MT(&items, k, MRI_LIST_TEXT),
			    MT(t, i, RPT_DECISIONS_TEXT))) {
				closed = MT(&items, k, MRI_LIST_CLOSED_AT);
				break;
			}
		report_fp(c, closed);
		item_state(MT(t, i, RPT_DECISIONS_KIND),
		    MT(t, i, RPT_DECISIONS_STATUS),
		    MT(t, i, RPT_DECISIONS_DUE_AT), closed,
		    v->end, &v->dec[i]);
	}
	return ERR_OK;
}

static void
gather_counts(struct report_ctx *c, struct mr_view *v)
{
	const struct mr_data	*d = &v->d;
	const struct mtable	*t;
	const char		*st;
	size_t			 i;

	t = &d->findings;
	for (i = 0; i < t->nrows; i++) {
		v->f_sev[0] += is(MT(t, i, RPT_FINDINGS_SEVERITY), "major");
		v->f_sev[1] += is(MT(t, i, RPT_FINDINGS_SEVERITY), "minor");
		v->f_sev[2] += is(MT(t, i, RPT_FINDINGS_SEVERITY),
		    "observation");
		if (MT(t, i, RPT_FINDINGS_CLOSED_AT) != NULL)
			v->f_closed++;
		else if (MT(t, i, RPT_FINDINGS_DUE_AT) != NULL
		    && strcmp(MT(t, i, RPT_FINDINGS_DUE_AT), v->end) < 0)
			v->f_overdue++;
		else
			v->f_open++;
	}
	t = &d->actions;
	for (i = 0; i < t->nrows; i++)
		if (MT(t, i, RPT_ACTIONS_COMPLETED_AT) != NULL)
			v->ca_done++;
		else if (is(MT(t, i, RPT_ACTIONS_OVERDUE), "t"))
			v->ca_overdue++;
		else
			v->ca_open++;
	/* The last month of the series ends at as_of. */
	t = &d->open_findings;
	if (t->nrows > 0
	    && strncmp(MT(t, t->nrows - 1, RPT_OPEN_FINDINGS_MONTH), c->as_of,
	    7) == 0) {
		v->open_now = num(MT(t, t->nrows - 1, RPT_OPEN_FINDINGS_OPEN));
		v->open_now_known = true;
	}
	t = &d->readiness.evidence;
	for (i = 0; i < t->nrows; i++)
		if (is(MT(t, i, READY_EVIDENCE_STATE), "stale"))
			v->ev_stale++;
		else
			v->ev_expiring++;
	t = &d->readiness.exceptions;
	for (i = 0; i < t->nrows; i++)
		if (is(MT(t, i, READY_EXCEPTIONS_STATE), "expired"))
			v->ex_expired++;
		else
			v->ex_expiring++;
	t = &d->objectives;
	for (i = 0; i < t->nrows; i++) {
		st = MT(t, i, RPT_OBJECTIVES_STATUS);
		if (MT(t, i, RPT_OBJECTIVES_MEASURED_AT) != NULL
		    && strcmp(MT(t, i, RPT_OBJECTIVES_MEASURED_AT),
		    c->as_of) > 0)
			v->obj_unmeasured++;
		else if (is(st, "met"))
			v->obj_met++;
		else if (is(st, "not-met"))
			v->obj_notmet++;
		else
			v->obj_progress++;
	}
	t = &d->exceptions;
	for (i = 0; i < t->nrows; i++) {
		st = MT(t, i, RPT_EXCEPTIONS_STATE);
		v->ex_state[is(st, "open") ? 0 : is(st, "expiring") ? 1 :
		    is(st, "expired") ? 2 : is(st, "closed") ? 3 : 4]++;
	}
	v->noverdue = v->ca_overdue + v->d.readiness.reviews.nrows +
	    v->ex_state[2] + v->prev_count[MR_OVERDUE] +
	    v->d.readiness.findings.nrows;
}

/*
 * Loads everything the report shows into ctx->data (pool) and feeds it
 * to the data fingerprint.  Database errors are returned as they are.
 */
enum err
mr_gather(struct report_ctx *c)
{
	const struct mtable	*tables[17];
	struct mr_view		*v;
	struct fw_row		*fws = NULL;
	size_t			 nfws = 0, i;
	enum err		 e;

	if ((v = pool_calloc(c->pool, 1, sizeof(*v))) == NULL)
		return ERR_NOMEM;
	c->data = v;
	if ((e = model_report_mr(c->db, c->pool, c->mapcache, &c->gap,
	    &c->period, &v->d)) != ERR_OK)
		return e;
	if ((e = model_frameworks(c->db, c->pool, &fws, &nfws)) != ERR_OK)
		return e;
	v->end = strcmp(c->as_of, c->period.end) < 0 ? c->as_of : c->period.end;
	v->source_label = fw_label(c, fws, nfws, c->gap.org.source_fw);
	report_fp(c, v->end);
	report_fp(c, v->source_label);

	i = 0;
	tables[i++] = &v->d.prev_actions;
	tables[i++] = &v->d.issues;
	tables[i++] = &v->d.parties;
	tables[i++] = &v->d.findings;
	tables[i++] = &v->d.by_source;
	tables[i++] = &v->d.actions;
	tables[i++] = &v->d.objectives;
	tables[i++] = &v->d.feedback;
	tables[i++] = &v->d.risks;
	tables[i++] = &v->d.exceptions;
	tables[i++] = &v->d.decisions;
	tables[i++] = &v->d.prev_review;
	tables[i++] = &v->d.review_months;
	tables[i++] = &v->d.open_findings;
	tables[i++] = &v->d.readiness.soa;
	tables[i++] = &v->d.readiness.evidence;
	tables[i++] = &v->d.readiness.reviews;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		report_fp_table(c, tables[i]);
	report_fp_table(c, &v->d.readiness.exceptions);
	report_fp_table(c, &v->d.readiness.findings);
	for (i = 0; i < 4; i++)
		report_fp(c, report_int(c, v->d.freshness[i]));

	if ((e = gather_fw(c, v, fws, nfws)) != ERR_OK ||
	    (e = gather_reviews(c, v)) != ERR_OK ||
	    (e = gather_prev(c, v)) != ERR_OK ||
	    (e = gather_decisions(c, v)) != ERR_OK)
		return e;
	gather_counts(c, v);
	return ERR_OK;
}

/* ---- layout helpers ---- */

/* Columns of the summary's coverage table. */
enum mr_sum_col { SUM_TARGET, SUM_ASSURED, SUM_CHANGE, SUM_DESIGN, SUM__MAX };
/* Columns of g)'s coverage table. */
enum mr_cov_col {
	COV_TARGET,
	COV_DESIGN_NOW,
	COV_DESIGN_BEFORE,
	COV_DESIGN_CHANGE,
	COV_ASSURED_NOW,
	COV_ASSURED_BEFORE,
	COV_ASSURED_CHANGE,
	COV__MAX
};
/* Columns of g)'s table of the largest gaps. */
enum mr_gaps_col {
	GAPS_CONTROL,
	GAPS_TITLE,
	GAPS_DESIGN,
	GAPS_ASSURED_BEFORE,
	GAPS_SOURCES,
	GAPS__MAX
};

/* Draws a chart into the document, as vectors, at width x height points. */
static enum err
chart(struct report_ctx *c, const struct chart_data *d, int width, int height)
{
	return chart_pdf(c->pdf, d, width, height);
}

/* Writes buffered text as a paragraph; ERR_NOMEM if the buffer failed. */
static enum err
para(struct report_ctx *c, struct buf *b)
{
	enum err	e = ERR_OK;

	if (buf_failed(b) || b->data == NULL)
		e = ERR_NOMEM;
	else
		pdf_paragraph(c->pdf, b->data);
	buf_free(b);
	return e;
}

/* "3 (1 major, 2 minor, 0 observations)" */
static const char *
severities(struct report_ctx *c, const size_t s[3])
{
	return report_fmt(c, "%zu major, %zu minor, %zu %s", s[0], s[1], s[2],
	    plural((long long)s[2], "observation", "observations"));
}

/* ---- summary ---- */

static enum err
lay_summary(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 cols[] = {
		[SUM_TARGET] = { "Target framework", 0, 2.4, PDF_ALIGN_LEFT,
		    false },
		[SUM_ASSURED] = { "Assured coverage", 0, 1, PDF_ALIGN_RIGHT,
		    false },
		[SUM_CHANGE] = { "Change since previous review (points)", 0,
		    1.3, PDF_ALIGN_RIGHT, false },
		[SUM_DESIGN] = { "Design coverage", 0, 1, PDF_ALIGN_RIGHT,
		    false },
	};
	const char		*cells[SUM__MAX];
	bool			 hide[SUM__MAX] = { false };
	struct present_table		 tb;
	const struct mr_data	*d = &v->d;
	const struct mr_fw	*f;
	struct buf		 b;
	long long		 nrev = v->rev[0] + v->rev[1] + v->rev[2];
	size_t			 i, nobj;
	enum err		 e;

	pdf_heading(c->pdf, 1, "Summary");
	buf_init(&b, 0);
	buf_printf(&b, "This report brings together the inputs that ISO/IEC "
	    "27001:2022 clause 9.3.2 requires for the management review of "
	    "%s for %s (%s to %s), from the records of its %s programme. ",
	    c->gap.org.name, c->period.key, c->period.start, c->period.end,
	    v->source_label);
	if (d->prev_review.nrows == 1)
		buf_printf(&b, "The previous management review was %s, held on "
		    "%s; coverage is compared with that date. ",
		    MT(&d->prev_review, 0, RPT_PREV_REVIEW_ID),
		    MT(&d->prev_review, 0, RPT_PREV_REVIEW_HELD_AT));
	else
		buf_printf(&b, "No management review was held before this "
		    "period, so there is no earlier coverage to compare "
		    "with. ");
	if (strcmp(v->end, c->as_of) == 0)
		buf_printf(&b, "Everything is shown as it stood on %s.",
		    c->as_of);
	else
		buf_printf(&b, "Records of the period show their status on %s, "
		    "the period's last day; readiness, evidence, coverage, "
		    "risks, exceptions and objectives are shown as of %s.",
		    v->end, c->as_of);
	if ((e = para(c, &b)) != ERR_OK)
		return e;

	/* The message in two sentences: where it stands, what needs action. */
	buf_init(&b, 0);
	buf_printf(&b, "In the period, %zu %s raised (%s) and %lld control %s "
	    "recorded. ", d->findings.nrows,
	    plural((long long)d->findings.nrows, "finding was",
	    "findings were"), severities(c, v->f_sev), nrev,
	    plural(nrev, "review was", "reviews were"));
	if (v->noverdue > 0)
		buf_printf(&b, "%zu %s overdue (section g lists them). ",
		    v->noverdue, plural((long long)v->noverdue, "item is",
		    "items are"));
	else
		buf_printf(&b, "Nothing is overdue. ");
	if (v->obj_notmet > 0)
		buf_printf(&b, "%zu of %zu measured information security "
		    "objectives %s not met.", v->obj_notmet,
		    v->obj_met + v->obj_notmet + v->obj_progress,
		    plural((long long)v->obj_notmet, "is", "are"));
	if ((e = para(c, &b)) != ERR_OK)
		return e;

	pdf_heading(c->pdf, 2, "Key figures");
	pdf_keyvalue(c->pdf, "Findings raised in the period",
	    report_fmt(c, "%zu (%s)", d->findings.nrows,
	    severities(c, v->f_sev)));
	if (v->open_now_known)
		pdf_keyvalue(c->pdf, report_fmt(c, "Findings open on %s",
		    c->as_of), report_fmt(c, "%lld, of which %zu past due",
		    v->open_now, d->readiness.findings.nrows));
	pdf_keyvalue(c->pdf, "Corrective actions",
	    report_fmt(c, "%zu tracked in the period: %zu completed, %zu open, "
	    "%zu overdue on %s", d->actions.nrows, v->ca_done, v->ca_open,
	    v->ca_overdue, v->end));
	pdf_keyvalue(c->pdf, "Control reviews in the period",
	    nrev == 0 ? "none" : report_fmt(c, "%lld: %lld effective, %lld "
	    "partially effective, %lld ineffective", nrev, v->rev[0], v->rev[1],
	    v->rev[2]));
	pdf_keyvalue(c->pdf, "Actions from earlier reviews",
	    v->prev_listed == 0 ? "none open at the start of the period" :
	    report_fmt(c, "%zu: %zu done, %zu open, %zu overdue, %zu dropped",
	    v->prev_listed, v->prev_count[MR_DONE], v->prev_count[MR_OPEN],
	    v->prev_count[MR_OVERDUE], v->prev_count[MR_DROPPED]));
	nobj = v->obj_met + v->obj_notmet + v->obj_progress;
	pdf_keyvalue(c->pdf, "Objectives met",
	    d->objectives.nrows == 0 ? "no objectives recorded" :
	    report_fmt(c, "%zu of %zu measured (%zu not met, %zu in progress)%s",
	    v->obj_met, nobj, v->obj_notmet, v->obj_progress,
	    v->obj_unmeasured == 0 ? "" : report_fmt(c, "; %zu not yet measured "
	    "on %s", v->obj_unmeasured, c->as_of)));
	pdf_keyvalue(c->pdf, "Readiness gaps",
	    report_fmt(c, "%zu SoA %s missing required elements, %zu stale and "
	    "%zu expiring evidence items, %zu control %s overdue",
	    d->readiness.soa.nrows, plural((long long)d->readiness.soa.nrows,
	    "entry", "entries"), v->ev_stale, v->ev_expiring,
	    d->readiness.reviews.nrows, plural((long long)
	    d->readiness.reviews.nrows, "review", "reviews")));
	pdf_keyvalue(c->pdf, "Risks and exceptions",
	    report_fmt(c, "%zu %s assessed; exceptions: %zu open, %zu expiring "
	    "within 30 days, %zu expired", d->risks.nrows,
	    plural((long long)d->risks.nrows, "risk", "risks"), v->ex_state[0],
	    v->ex_state[1], v->ex_state[2]));
	if (v->nfw == 0)
		return ERR_OK;
	pdf_heading(c->pdf, 2, "Coverage of the target frameworks");
	pdf_paragraph(c->pdf, report_fmt(c, "How far the %s programme covers "
	    "each target framework on %s (section g explains the measure)%s.",
	    v->source_label, c->as_of, d->prev_review.nrows == 1 ?
	    report_fmt(c, ", and the change in assured coverage since the "
	    "previous review on %s",
	    MT(&d->prev_review, 0, RPT_PREV_REVIEW_HELD_AT)) : ""));
	/* Without a previous review the change column says nothing. */
	hide[SUM_CHANGE] = d->prev_review.nrows != 1;
	present_table_begin(c, &tb, cols, SUM__MAX, hide, PDF_TABLE_ZEBRA);
	for (i = 0; i < v->nfw; i++) {
		f = &v->fw[i];
		cells[SUM_TARGET] = f->label;
		cells[SUM_ASSURED] = present_pct(c,
		    f->cov->now.result.assured.coverage,
		    f->cov->now.result.assured.defined);
		cells[SUM_CHANGE] = change(c, &f->cov->now.result.assured,
		    &f->cov->before.result.assured, f->cov->has_before);
		cells[SUM_DESIGN] = present_pct(c,
		    f->cov->now.result.design.coverage,
		    f->cov->now.result.design.defined);
		present_table_row(c, &tb, cells, NULL);
	}
	pdf_table_end(c->pdf);
	return ERR_OK;
}

/* ---- a) ---- */

static enum err
lay_prev_actions(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 cols[] = {
		{ "Review", W_ID + 4, 0, PDF_ALIGN_LEFT, false },
		{ "Action", 0, 3.2, PDF_ALIGN_LEFT, false },
		{ "Owner", 0, 1.6, PDF_ALIGN_LEFT, true },
		{ "Due", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Closed", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Status", W_STATUS, 0, PDF_ALIGN_LEFT, false },
	};
	const struct mtable		*t = &v->d.prev_actions;
	const char			*cells[6];
	enum pdf_fill			 fills[6];
	struct present_table			 tb;
	struct buf			 b;
	size_t				 i;
	enum err			 e;

	pdf_heading(c->pdf, 1,
	    "a) Status of actions from previous management reviews");
	buf_init(&b, 0);
	buf_printf(&b, "The actions decided at earlier management reviews that "
	    "were still open when the period began, or were closed during it, "
	    "with their status on %s. An action not closed by its due date is "
	    "overdue.", v->end);
	if (v->prev_listed > 0)
		buf_printf(&b, " %zu %s from %zu %s: %zu done, %zu open, %zu "
		    "overdue, %zu dropped.", v->prev_listed,
		    plural((long long)v->prev_listed, "action", "actions"),
		    v->prev_reviews, plural((long long)v->prev_reviews,
		    "review", "reviews"), v->prev_count[MR_DONE],
		    v->prev_count[MR_OPEN],
		    v->prev_count[MR_OVERDUE], v->prev_count[MR_DROPPED]);
	if (v->prev_hidden > 0)
		buf_printf(&b, " %zu earlier %s closed before %s %s not "
		    "listed.", v->prev_hidden, plural((long long)v->prev_hidden,
		    "action", "actions"), c->period.start,
		    plural((long long)v->prev_hidden, "is", "are"));
	if ((e = para(c, &b)) != ERR_OK)
		return e;
	if (v->prev_listed == 0) {
		pdf_paragraph(c->pdf, MR_NONE_PERIOD);
		return ERR_OK;
	}
	present_table_begin(c, &tb, cols, 6, NULL, PDF_TABLE_ZEBRA);
	memset(fills, 0, sizeof(fills));
	for (i = 0; i < t->nrows; i++) {
		if (!v->prev[i].listed)
			continue;
		cells[0] = MT(t, i, RPT_PREV_ACTIONS_REVIEW);
		cells[1] = MT(t, i, RPT_PREV_ACTIONS_TEXT);
		cells[2] = MT(t, i, RPT_PREV_ACTIONS_OWNER);
		cells[3] = MT(t, i, RPT_PREV_ACTIONS_DUE_AT) != NULL
		    ? MT(t, i, RPT_PREV_ACTIONS_DUE_AT) : "none";
		cells[4] = MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT) != NULL &&
		    strcmp(MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT), v->end) <= 0
		    ? MT(t, i, RPT_PREV_ACTIONS_CLOSED_AT) : NULL;
		cells[5] = v->prev[i].label;
		fills[5] = v->prev[i].fill;
		present_table_row(c, &tb, cells, fills);
	}
	pdf_table_end(c->pdf);
	return ERR_OK;
}

/* ---- b) and c) ---- */

static void
lay_changes(struct report_ctx *c, const struct mtable *t, bool kinds)
{
	static const struct present_col	 with_kind[] = {
		{ "Date", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Issue", 54, 0, PDF_ALIGN_LEFT, false },
		{ "Change", 0, 1, PDF_ALIGN_LEFT, false },
		{ "Control", W_CONTROL, 0, PDF_ALIGN_LEFT, false },
	};
	static const struct present_col	 no_kind[] = {
		{ "Date", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Change", 0, 1, PDF_ALIGN_LEFT, false },
		{ "Control", W_CONTROL, 0, PDF_ALIGN_LEFT, false },
	};
	const char			*cells[4];
	struct present_table			 tb;
	size_t				 i;

	if (t->nrows == 0) {
		pdf_paragraph(c->pdf, MR_NONE_PERIOD);
		return;
	}
	if (kinds)
		present_table_begin(c, &tb, with_kind, 4, NULL, PDF_TABLE_ZEBRA);
	else
		present_table_begin(c, &tb, no_kind, 3, NULL, PDF_TABLE_ZEBRA);
	for (i = 0; i < t->nrows; i++) {
		cells[0] = MT(t, i, RPT_CHANGES_OCCURRED_AT);
		if (kinds) {
			cells[1] = is(MT(t, i, RPT_CHANGES_KIND),
			    "external-issue") ?
			    "External" : is(MT(t, i, RPT_CHANGES_KIND),
			    "internal-issue") ?
			    "Internal" : human(c, MT(t, i, RPT_CHANGES_KIND));
			cells[2] = MT(t, i, RPT_CHANGES_DESCRIPTION);
			cells[3] = MT(t, i, RPT_CHANGES_CONTROL) != NULL
			    ? MT(t, i, RPT_CHANGES_CONTROL) : "all";
		} else {
			cells[1] = MT(t, i, RPT_CHANGES_DESCRIPTION);
			cells[2] = MT(t, i, RPT_CHANGES_CONTROL) != NULL
			    ? MT(t, i, RPT_CHANGES_CONTROL) : "all";
		}
		present_table_row(c, &tb, cells, NULL);
	}
	pdf_table_end(c->pdf);
}

static enum err
lay_issues(struct report_ctx *c, struct mr_view *v)
{
	const struct mtable	*t = &v->d.issues;
	size_t			 i, ext = 0;

	for (i = 0; i < t->nrows; i++)
		ext += is(MT(t, i, RPT_CHANGES_KIND), "external-issue");
	pdf_heading(c->pdf, 1,
	    "b) Changes in external and internal issues");
	pdf_paragraph(c->pdf, t->nrows == 0 ? "Changes to the external and "
	    "internal issues relevant to the ISMS (clause 4.1) recorded as "
	    "change events in the period." :
	    report_fmt(c, "Changes to the external and internal issues relevant "
	    "to the ISMS (clause 4.1) recorded as change events in the period: "
	    "%zu external and %zu internal. \"Control\" names the control a "
	    "change concerns; \"all\" marks a change to the whole programme.",
	    ext, t->nrows - ext));
	lay_changes(c, t, true);
	pdf_heading(c->pdf, 1,
	    "c) Changes in needs and expectations of interested parties");
	pdf_paragraph(c->pdf, "Changes in the needs and expectations of "
	    "interested parties (clause 4.2) — customers, regulators, "
	    "suppliers and staff — recorded as change events in the period.");
	lay_changes(c, &v->d.parties, false);
	return ERR_OK;
}

/* ---- d) ---- */

static enum err
lay_findings(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 fcols[] = {
		{ "Finding and control", W_ID + 2, 0, PDF_ALIGN_LEFT, false },
		{ "Source and severity", 70, 0, PDF_ALIGN_LEFT, false },
		{ "Description", 0, 1.9, PDF_ALIGN_LEFT, false },
		{ "Owner", 0, 1.1, PDF_ALIGN_LEFT, true },
		{ "Raised, due", W_DATE + 2, 0, PDF_ALIGN_LEFT, false },
		{ "Status", W_STATUS, 0, PDF_ALIGN_LEFT, false },
	};
	static const struct present_col	 acols[] = {
		{ "Action and finding", W_ID + 2, 0, PDF_ALIGN_LEFT, false },
		{ "Corrective action", 0, 1.9, PDF_ALIGN_LEFT, false },
		{ "Owner", 0, 1.1, PDF_ALIGN_LEFT, true },
		{ "Due", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Completed, checked", W_DATE + 10, 0, PDF_ALIGN_LEFT, false },
		{ "Status", W_STATUS, 0, PDF_ALIGN_LEFT, false },
	};
	const struct mr_data		*d = &v->d;
	const struct mtable		*t;
	struct chart_findings_month	*fm;
	struct chart_data		 cd;
	const char			*cells[6];
	enum pdf_fill			 fills[6];
	struct present_table			 tb;
	size_t				 i;
	enum err			 e;

	pdf_heading(c->pdf, 2, "Nonconformities and corrective actions");
	t = &d->findings;
	pdf_paragraph(c->pdf, report_fmt(c, "Findings raised in the period, "
	    "from audits, control reviews, incidents and customers, with their "
	    "status on %s: %zu raised (%s); %zu closed, %zu open, %zu overdue.",
	    v->end, t->nrows, severities(c, v->f_sev), v->f_closed, v->f_open,
	    v->f_overdue));
	if (t->nrows == 0)
		pdf_paragraph(c->pdf, MR_NONE_PERIOD);
	else {
		present_table_begin(c, &tb, fcols, 6, NULL, PDF_TABLE_ZEBRA);
		memset(fills, 0, sizeof(fills));
		for (i = 0; i < t->nrows; i++) {
			cells[0] = MT(t, i, RPT_FINDINGS_CONTROL) != NULL
			    ? report_fmt(c, "%s\n%s",
			    MT(t, i, RPT_FINDINGS_ID),
			    MT(t, i, RPT_FINDINGS_CONTROL))
			    : MT(t, i, RPT_FINDINGS_ID);
			cells[1] = report_fmt(c, "%s\n%s", human(c,
			    MT(t, i, RPT_FINDINGS_SOURCE)),
			    MT(t, i, RPT_FINDINGS_SEVERITY));
			cells[2] = MT(t, i, RPT_FINDINGS_DESCRIPTION);
			cells[3] = MT(t, i, RPT_FINDINGS_OWNER);
			cells[4] = report_fmt(c, "%s\n%s",
			    MT(t, i, RPT_FINDINGS_RAISED_AT),
			    MT(t, i, RPT_FINDINGS_DUE_AT) != NULL
			    ? MT(t, i, RPT_FINDINGS_DUE_AT) : "no due date");
			if (MT(t, i, RPT_FINDINGS_CLOSED_AT) != NULL) {
				cells[5] = report_fmt(c, "closed\n%s",
				    MT(t, i, RPT_FINDINGS_CLOSED_AT));
				fills[5] = PDF_FILL_GOOD;
			} else if (MT(t, i, RPT_FINDINGS_DUE_AT) != NULL &&
			    strcmp(MT(t, i, RPT_FINDINGS_DUE_AT), v->end) < 0) {
				cells[5] = "overdue";
				fills[5] = PDF_FILL_BAD;
			} else {
				cells[5] = "open";
				fills[5] = PDF_FILL_PARTIAL;
			}
			present_table_row(c, &tb, cells, fills);
		}
		pdf_table_end(c->pdf);
	}

	t = &d->actions;
	pdf_paragraph(c->pdf, report_fmt(c, "Corrective actions that were open "
	    "at some time during the period, for findings raised up to its "
	    "end, with their status on %s: %zu completed, %zu open, %zu "
	    "overdue.", v->end, v->ca_done, v->ca_open, v->ca_overdue));
	if (t->nrows == 0)
		pdf_paragraph(c->pdf, MR_NONE_PERIOD);
	else {
		present_table_begin(c, &tb, acols, 6, NULL, PDF_TABLE_ZEBRA);
		memset(fills, 0, sizeof(fills));
		for (i = 0; i < t->nrows; i++) {
			cells[0] = report_fmt(c, "%s\n%s",
			    MT(t, i, RPT_ACTIONS_ID),
			    MT(t, i, RPT_ACTIONS_FINDING));
			cells[1] = MT(t, i, RPT_ACTIONS_DESCRIPTION);
			cells[2] = MT(t, i, RPT_ACTIONS_OWNER);
			cells[3] = MT(t, i, RPT_ACTIONS_DUE_AT);
			cells[4] = MT(t, i, RPT_ACTIONS_COMPLETED_AT) == NULL
			    ? NULL :
			    MT(t, i, RPT_ACTIONS_CHECKED_AT) == NULL
			    ? MT(t, i, RPT_ACTIONS_COMPLETED_AT) :
			    report_fmt(c, "%s\nchecked %s",
			    MT(t, i, RPT_ACTIONS_COMPLETED_AT),
			    MT(t, i, RPT_ACTIONS_CHECKED_AT));
			if (MT(t, i, RPT_ACTIONS_COMPLETED_AT) != NULL) {
				cells[5] = "completed";
				fills[5] = PDF_FILL_GOOD;
			} else if (is(MT(t, i, RPT_ACTIONS_OVERDUE), "t")) {
				cells[5] = "overdue";
				fills[5] = PDF_FILL_BAD;
			} else {
				cells[5] = "open";
				fills[5] = PDF_FILL_PARTIAL;
			}
			present_table_row(c, &tb, cells, fills);
		}
		pdf_table_end(c->pdf);
	}

	/* The trend: open findings at the end of each month. */
	t = &d->open_findings;
	if ((fm = pool_calloc(c->pool, t->nrows + 1, sizeof(*fm))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < t->nrows; i++) {
		fm[i].label = MT(t, i, RPT_OPEN_FINDINGS_MONTH);
		fm[i].open = num(MT(t, i, RPT_OPEN_FINDINGS_OPEN));
	}
	memset(&cd, 0, sizeof(cd));
	cd.kind = CHART_FINDINGS_TREND;
	cd.title = "Open findings at the end of each month";
	cd.subtitle = report_fmt(c, "%d months to %s (the last month ends at "
	    "that date)", REPORT_CHART_MONTHS, c->as_of);
	cd.findings = fm;
	cd.n = t->nrows;
	if ((e = chart(c, &cd, 480, 230)) != ERR_OK)
		return e;
	return ERR_OK;
}

/* One readiness check: a count, shaded when it is not zero. */
static void
readiness_row(struct report_ctx *c, const struct present_table *tb,
    const char *label, size_t n, const char *what)
{
	const char	*cells[3];
	enum pdf_fill	 fills[3] = { PDF_FILL_NONE, PDF_FILL_NONE,
	    PDF_FILL_NONE };

	cells[0] = label;
	cells[1] = report_int(c, (long long)n);
	cells[2] = what;
	fills[1] = n > 0 ? PDF_FILL_BAD : PDF_FILL_GOOD;
	present_table_row(c, tb, cells, fills);
}

static enum err
lay_monitoring(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 rcols[] = {
		{ "Result", 0, 2, PDF_ALIGN_LEFT, false },
		{ "Reviews in the period", 0, 1.2, PDF_ALIGN_RIGHT, false },
		{ "Share", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Reviews in 12 months", 0, 1.2, PDF_ALIGN_RIGHT, false },
	};
	static const struct present_col	 gcols[] = {
		{ "Readiness check", 0, 3, PDF_ALIGN_LEFT, false },
		{ "Count", W_NUM, 0, PDF_ALIGN_RIGHT, false },
		{ "What it means", 0, 3.4, PDF_ALIGN_LEFT, false },
	};
	static const struct present_col	 scols[] = {
		{ "SoA entry", W_CONTROL + 8, 0, PDF_ALIGN_LEFT, false },
		{ "Missing required elements", 0, 1, PDF_ALIGN_LEFT, false },
	};
	static const char *const	 results[3] = { "Effective",
	    "Partially effective", "Ineffective" };
	static const enum pdf_fill	 rfill[3] = { PDF_FILL_GOOD,
	    PDF_FILL_PARTIAL, PDF_FILL_BAD };
	static const char *const	 elements[5] = { "scope boundary",
	    "accountable owner", "evidence source", "change trigger",
	    "escalation path" };
	const struct mr_data		*d = &v->d;
	const struct mtable		*t = &d->review_months;
	struct chart_review_month	*rm;
	struct chart_data		 cd;
	const char			*cells[4];
	enum pdf_fill			 fills[4];
	struct present_table			 tb;
	struct buf			 b;
	long long			 year[3] = { 0, 0, 0 };
	long long			 nrev, nyear, nfresh;
	size_t				 i, k;
	enum err			 e;

	pdf_heading(c->pdf, 2, "Monitoring and measurement results");
	pdf_paragraph(c->pdf, report_fmt(c, "Control reviews test whether the "
	    "%s controls operate as designed. Results of the reviews recorded "
	    "in the period, and month by month over the %d months to %s:",
	    v->source_label, REPORT_CHART_MONTHS, c->as_of));
	if ((rm = pool_calloc(c->pool, t->nrows + 1, sizeof(*rm))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < t->nrows; i++) {
		rm[i].label = MT(t, i, RPT_REVIEW_MONTHS_MONTH);
		for (k = 0; k < 3; k++)
			year[k] += num(MT(t, i, RPT_REVIEW_MONTHS_EFFECTIVE + k));
		rm[i].effective = num(MT(t, i, RPT_REVIEW_MONTHS_EFFECTIVE));
		rm[i].partial = num(MT(t, i, RPT_REVIEW_MONTHS_PARTIAL));
		rm[i].ineffective
		    = num(MT(t, i, RPT_REVIEW_MONTHS_INEFFECTIVE));
	}
	nrev = v->rev[0] + v->rev[1] + v->rev[2];
	nyear = year[0] + year[1] + year[2];
	present_table_begin(c, &tb, rcols, 4, NULL, PDF_TABLE_ZEBRA);
	memset(fills, 0, sizeof(fills));
	for (k = 0; k < 3; k++) {
		cells[0] = results[k];
		cells[1] = report_int(c, v->rev[k]);
		cells[2] = present_pct(c, nrev > 0 ? (double)v->rev[k] /
		    (double)nrev : 0, nrev > 0);
		cells[3] = report_int(c, year[k]);
		fills[0] = rfill[k];
		present_table_row(c, &tb, cells, fills);
	}
	cells[0] = "All reviews";
	cells[1] = report_int(c, nrev);
	cells[2] = nrev > 0 ? "100.0 %" : "n/a";
	cells[3] = report_int(c, nyear);
	present_table_row(c, &tb, cells, NULL);
	pdf_table_end(c->pdf);
	memset(&cd, 0, sizeof(cd));
	cd.kind = CHART_REVIEW_RESULTS;
	cd.title = "Control review results per month";
	cd.subtitle = report_fmt(c, "%d months to %s", REPORT_CHART_MONTHS,
	    c->as_of);
	cd.empty = "No control reviews in these months";
	cd.reviews = rm;
	cd.n = t->nrows;
	if ((e = chart(c, &cd, 480, 260)) != ERR_OK)
		return e;

	/* Evidence freshness: the counts are in the text, for search. */
	nfresh = d->freshness[0] + d->freshness[1] + d->freshness[2] +
	    d->freshness[3];
	pdf_paragraph(c->pdf, report_fmt(c, "Evidence freshness on %s, counting "
	    "the latest item of each control and evidence kind: %lld %s, of "
	    "which %lld current, %lld expiring within 30 days, %lld stale or "
	    "expired and %lld without an expiry date. Stale evidence no longer "
	    "supports the assured state of its control.", c->as_of, nfresh,
	    plural(nfresh, "item", "items"), d->freshness[0], d->freshness[1],
	    d->freshness[2], d->freshness[3]));
	memset(&cd, 0, sizeof(cd));
	cd.kind = CHART_EVIDENCE_FRESHNESS;
	cd.title = report_fmt(c, "Evidence freshness on %s", c->as_of);
	cd.subtitle = "Latest item of each control and evidence kind";
	cd.empty = "No evidence recorded";
	cd.freshness.current = d->freshness[0];
	cd.freshness.expiring = d->freshness[1];
	cd.freshness.stale = d->freshness[2];
	cd.freshness.no_expiry = d->freshness[3];
	if ((e = chart(c, &cd, 480, 200)) != ERR_OK)
		return e;

	/* Readiness: the "reviewable" test (docs/gap-semantics.md). */
	pdf_paragraph(c->pdf, report_fmt(c, "Readiness on %s. An SoA entry is "
	    "reviewable when it names all five required elements: scope "
	    "boundary, accountable owner, evidence source, change trigger and "
	    "escalation path.", c->as_of));
	present_table_begin(c, &tb, gcols, 3, NULL, PDF_TABLE_ZEBRA);
	readiness_row(c, &tb, "SoA entries missing required elements",
	    d->readiness.soa.nrows,
	    "Applicable controls that are not yet reviewable");
	readiness_row(c, &tb, "Evidence stale", v->ev_stale,
	    "Latest item past its validity date");
	readiness_row(c, &tb, "Evidence expiring within 30 days",
	    v->ev_expiring,
	    "Latest item valid for less than 30 more days");
	readiness_row(c, &tb, "Control reviews overdue",
	    d->readiness.reviews.nrows,
	    "Next review date has passed (listed under g)");
	readiness_row(c, &tb, "Exceptions expired", v->ex_expired,
	    "Open exception past its expiry date");
	readiness_row(c, &tb, "Exceptions expiring within 30 days",
	    v->ex_expiring,
	    "Open exception to renew or close");
	readiness_row(c, &tb, "Findings past due",
	    d->readiness.findings.nrows,
	    "Open finding past its due date");
	pdf_table_end(c->pdf);

	t = &d->readiness.soa;
	if (t->nrows > 0) {
		pdf_paragraph(c->pdf, "SoA entries missing required elements:");
		present_table_begin(c, &tb, scols, 2, NULL, PDF_TABLE_ZEBRA);
		for (i = 0; i < t->nrows; i++) {
			buf_init(&b, 0);
			for (k = 0; k < 5; k++)
				if (is(MT(t, i, READY_SOA_NO_SCOPE + k), "t"))
					buf_printf(&b, "%s%s",
					    b.len > 0 ? ", " : "", elements[k]);
			if (buf_failed(&b) || b.data == NULL) {
				buf_free(&b);
				return ERR_NOMEM;
			}
			cells[0] = MT(t, i, READY_SOA_CONTROL);
			if ((cells[1] = pool_strdup(c->pool, b.data)) == NULL)
				cells[1] = report_nomem(c);
			buf_free(&b);
			present_table_row(c, &tb, cells, NULL);
		}
		pdf_table_end(c->pdf);
	}
	return ERR_OK;
}

static void
lay_audits(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 cols[] = {
		{ "Source", 0, 2.2, PDF_ALIGN_LEFT, false },
		{ "Major", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Minor", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Observation", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Total", 0, 1, PDF_ALIGN_RIGHT, false },
	};
	const struct mtable		*t = &v->d.by_source;
	const char			*cells[5];
	struct present_table			 tb;
	long long			 sum[4] = { 0, 0, 0, 0 };
	size_t				 i, k;

	pdf_heading(c->pdf, 2, "Audit results");
	pdf_paragraph(c->pdf, "Findings raised in the period by where they "
	    "came from — internal and external audits, control reviews, "
	    "incidents and customers — and by severity.");
	if (t->nrows == 0) {
		pdf_paragraph(c->pdf, MR_NONE_PERIOD);
		return;
	}
	present_table_begin(c, &tb, cols, 5, NULL, PDF_TABLE_ZEBRA);
	for (i = 0; i < t->nrows; i++) {
		cells[0] = human(c, MT(t, i, RPT_BY_SOURCE_SOURCE));
		for (k = 0; k < 4; k++) {
			cells[k + 1] = MT(t, i, RPT_BY_SOURCE_MAJOR + k);
			sum[k] += num(MT(t, i, RPT_BY_SOURCE_MAJOR + k));
		}
		present_table_row(c, &tb, cells, NULL);
	}
	cells[0] = "All sources";
	for (k = 0; k < 4; k++)
		cells[k + 1] = report_int(c, sum[k]);
	present_table_row(c, &tb, cells, NULL);
	pdf_table_end(c->pdf);
}

static void
lay_objectives(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 cols[] = {
		{ "Objective", 56, 0, PDF_ALIGN_LEFT, false },
		{ "Title and measure", 0, 2.4, PDF_ALIGN_LEFT, false },
		{ "Target", 0, 1.2, PDF_ALIGN_LEFT, false },
		{ "Value", 0, 1.2, PDF_ALIGN_LEFT, false },
		{ "Measured", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Status", W_STATUS + 6, 0, PDF_ALIGN_LEFT, false },
	};
	const struct mtable		*t = &v->d.objectives;
	const char			*cells[6], *st;
	enum pdf_fill			 fills[6];
	struct present_table			 tb;
	size_t				 i;
	bool				 later;

	pdf_heading(c->pdf, 2, "Fulfilment of information security objectives");
	pdf_paragraph(c->pdf, report_fmt(c, "The information security "
	    "objectives (clause 6.2), their latest measurement and whether it "
	    "meets the target: %zu met, %zu not met, %zu in progress%s.",
	    v->obj_met, v->obj_notmet, v->obj_progress,
	    v->obj_unmeasured == 0 ? "" : report_fmt(c, "; %zu measured only "
	    "after %s, so not yet measured on that date", v->obj_unmeasured,
	    c->as_of)));
	if (t->nrows == 0) {
		pdf_paragraph(c->pdf, "No objectives recorded.");
		return;
	}
	present_table_begin(c, &tb, cols, 6, NULL, PDF_TABLE_ZEBRA);
	memset(fills, 0, sizeof(fills));
	for (i = 0; i < t->nrows; i++) {
		st = MT(t, i, RPT_OBJECTIVES_STATUS);
		later = MT(t, i, RPT_OBJECTIVES_MEASURED_AT) != NULL &&
		    strcmp(MT(t, i, RPT_OBJECTIVES_MEASURED_AT), c->as_of) > 0;
		cells[0] = MT(t, i, RPT_OBJECTIVES_ID);
		cells[1] = MT(t, i, RPT_OBJECTIVES_MEASURE) != NULL
		    ? report_fmt(c, "%s\n%s",
		    MT(t, i, RPT_OBJECTIVES_TITLE),
		    MT(t, i, RPT_OBJECTIVES_MEASURE))
		    : MT(t, i, RPT_OBJECTIVES_TITLE);
		cells[2] = MT(t, i, RPT_OBJECTIVES_TARGET);
		/* A measurement after as_of is not known on as_of. */
		cells[3] = later ? NULL : MT(t, i, RPT_OBJECTIVES_VALUE);
		cells[4] = later ? NULL : MT(t, i, RPT_OBJECTIVES_MEASURED_AT);
		if (later) {
			cells[5] = "not measured";
			fills[5] = PDF_FILL_MUTED;
		} else if (is(st, "met")) {
			cells[5] = "met";
			fills[5] = PDF_FILL_GOOD;
		} else if (is(st, "not-met")) {
			cells[5] = "not met";
			fills[5] = PDF_FILL_BAD;
		} else {
			cells[5] = is(st, "in-progress") ? "in progress" : st;
			fills[5] = PDF_FILL_PARTIAL;
		}
		present_table_row(c, &tb, cells, fills);
	}
	pdf_table_end(c->pdf);
}

/* ---- e) ---- */

static void
lay_feedback(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 cols[] = {
		{ "Received", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "From", 54, 0, PDF_ALIGN_LEFT, false },
		{ "Feedback", 0, 1.15, PDF_ALIGN_LEFT, false },
		{ "Response", 0, 1, PDF_ALIGN_LEFT, false },
	};
	const struct mtable		*t = &v->d.feedback;
	const char			*cells[4];
	struct present_table			 tb;
	size_t				 i;

	pdf_heading(c->pdf, 1, "e) Feedback from interested parties");
	pdf_paragraph(c->pdf, report_fmt(c, "Feedback received in the period "
	    "from customers, regulators, suppliers, staff and auditors, and "
	    "how it was answered: %zu %s.", t->nrows,
	    plural((long long)t->nrows,
	    "item", "items")));
	if (t->nrows == 0) {
		pdf_paragraph(c->pdf, MR_NONE_PERIOD);
		return;
	}
	present_table_begin(c, &tb, cols, 4, NULL, PDF_TABLE_ZEBRA);
	for (i = 0; i < t->nrows; i++) {
		cells[0] = MT(t, i, RPT_FEEDBACK_RECEIVED_AT);
		cells[1] = human(c, MT(t, i, RPT_FEEDBACK_PARTY));
		cells[2] = MT(t, i, RPT_FEEDBACK_SUMMARY);
		cells[3] = MT(t, i, RPT_FEEDBACK_RESPONSE) != NULL
		    ? MT(t, i, RPT_FEEDBACK_RESPONSE) :
		    "no response yet";
		present_table_row(c, &tb, cells, NULL);
	}
	pdf_table_end(c->pdf);
}

/* ---- f) ---- */

static const char *
rating(struct report_ctx *c, const char *l, const char *i, const char *r)
{
	if (l == NULL || i == NULL || r == NULL)
		return "not assessed";
	return report_fmt(c, "%s \u00d7 %s = %s", l, i, r);
}

static void
lay_risks(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 rcols[] = {
		{ "Risk", 40, 0, PDF_ALIGN_LEFT, false },
		{ "Title", 0, 1, PDF_ALIGN_LEFT, false },
		{ "Inherent rating", 62, 0, PDF_ALIGN_LEFT, false },
		{ "Treatment", 62, 0, PDF_ALIGN_LEFT, false },
		{ "Status", 56, 0, PDF_ALIGN_LEFT, false },
		{ "Residual rating", 62, 0, PDF_ALIGN_LEFT, false },
	};
	static const struct present_col	 scols[] = {
		{ "Treatment", 0, 1.6, PDF_ALIGN_LEFT, false },
		{ "Risks", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Open", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Treated", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Accepted", 0, 1, PDF_ALIGN_RIGHT, false },
		{ "Closed", 0, 1, PDF_ALIGN_RIGHT, false },
	};
	static const struct present_col	 xcols[] = {
		{ "Exception", 58, 0, PDF_ALIGN_LEFT, false },
		{ "Control", W_CONTROL, 0, PDF_ALIGN_LEFT, false },
		{ "Description", 0, 2.6, PDF_ALIGN_LEFT, false },
		{ "Accepted by", 0, 1.3, PDF_ALIGN_LEFT, true },
		{ "Expires", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "State", W_STATUS - 6, 0, PDF_ALIGN_LEFT, false },
	};
	static const char *const	 treatments[4] = { "modify", "retain",
	    "avoid", "share" };
	static const char *const	 statuses[4] = { "open", "treated",
	    "accepted", "closed" };
	const struct mtable		*t = &v->d.risks;
	const char			*cells[6], *st;
	enum pdf_fill			 fills[6];
	struct present_table			 tb;
	long long			 by[5][5], high = 0, rhigh = 0, sum;
	size_t				 i, k, j, shown;

	pdf_heading(c->pdf, 1,
	    "f) Results of risk assessment and status of risk treatment");
	memset(by, 0, sizeof(by));
	for (i = 0; i < t->nrows; i++) {
		for (k = 0; k < 4 && !is(MT(t, i, RPT_RISKS_TREATMENT),
		    treatments[k]); k++)
			;
		for (j = 0; j < 4 && !is(MT(t, i, RPT_RISKS_STATUS),
		    statuses[j]); j++)
			;
		by[k][0]++;
		if (j < 4)
			by[k][j + 1]++;
		high += num(MT(t, i, RPT_RISKS_RATING)) >= 15;
		rhigh += MT(t, i, RPT_RISKS_RESIDUAL_RATING) != NULL
		    && num(MT(t, i, RPT_RISKS_RESIDUAL_RATING)) >= 15;
	}
	pdf_paragraph(c->pdf, report_fmt(c, "The risks assessed up to %s, "
	    "highest inherent rating first. A rating is likelihood \u00d7 "
	    "impact, each from 1 to 5; the residual rating is the one expected "
	    "after treatment. %zu %s: %lld with an inherent rating of 15 or "
	    "more, %lld still rated 15 or more after treatment.", c->as_of,
	    t->nrows, plural((long long)t->nrows, "risk", "risks"), high,
	    rhigh));
	if (t->nrows == 0)
		pdf_paragraph(c->pdf, "No risks recorded.");
	else {
		present_table_begin(c, &tb, rcols, 6, NULL, PDF_TABLE_ZEBRA);
		memset(fills, 0, sizeof(fills));
		for (i = 0; i < t->nrows; i++) {
			st = MT(t, i, RPT_RISKS_STATUS);
			cells[0] = MT(t, i, RPT_RISKS_ID);
			cells[1] = MT(t, i, RPT_RISKS_TITLE);
			cells[2] = rating(c, MT(t, i, RPT_RISKS_LIKELIHOOD),
			    MT(t, i, RPT_RISKS_IMPACT),
			    MT(t, i, RPT_RISKS_RATING));
			cells[3] = human(c, MT(t, i, RPT_RISKS_TREATMENT));
			cells[4] = human(c, st);
			cells[5] = rating(c,
			    MT(t, i, RPT_RISKS_RESIDUAL_LIKELIHOOD),
			    MT(t, i, RPT_RISKS_RESIDUAL_IMPACT),
			    MT(t, i, RPT_RISKS_RESIDUAL_RATING));
			fills[4] = is(st, "treated") ? PDF_FILL_GOOD :
			    is(st, "open") ? PDF_FILL_PARTIAL :
			    is(st, "closed") ? PDF_FILL_MUTED : PDF_FILL_NONE;
			present_table_row(c, &tb, cells, fills);
		}
		pdf_table_end(c->pdf);

		pdf_paragraph(c->pdf, "Risks by treatment choice and status:");
		present_table_begin(c, &tb, scols, 6, NULL, PDF_TABLE_ZEBRA);
		for (k = 0; k < 5; k++) {
			if (by[k][0] == 0)
				continue;
			cells[0] = k < 4 ? human(c, treatments[k]) : "Other";
			for (j = 0; j < 5; j++)
				cells[j + 1] = report_int(c, by[k][j]);
			present_table_row(c, &tb, cells, NULL);
		}
		cells[0] = "All risks";
		cells[1] = report_int(c, (long long)t->nrows);
		for (j = 1; j < 5; j++) {
			for (sum = 0, k = 0; k < 5; k++)
				sum += by[k][j];
			cells[j + 1] = report_int(c, sum);
		}
		present_table_row(c, &tb, cells, NULL);
		pdf_table_end(c->pdf);
	}

	/* Exceptions: risk accepted against a control, until a date. */
	t = &v->d.exceptions;
	pdf_heading(c->pdf, 2, "Exceptions");
	pdf_paragraph(c->pdf, report_fmt(c, "Exceptions are accepted risks: a "
	    "control not applied as designed, until an expiry date. On %s: %zu "
	    "open, %zu expiring within 30 days, %zu expired and still open; "
	    "%zu closed or revoked %s not listed.", c->as_of, v->ex_state[0],
	    v->ex_state[1], v->ex_state[2], v->ex_state[3] + v->ex_state[4],
	    plural((long long)(v->ex_state[3] + v->ex_state[4]), "is", "are")));
	shown = v->ex_state[0] + v->ex_state[1] + v->ex_state[2];
	if (shown == 0) {
		pdf_paragraph(c->pdf, "No open exceptions.");
		return;
	}
	present_table_begin(c, &tb, xcols, 6, NULL, PDF_TABLE_ZEBRA);
	memset(fills, 0, sizeof(fills));
	for (i = 0; i < t->nrows; i++) {
		st = MT(t, i, RPT_EXCEPTIONS_STATE);
		if (!is(st, "open") && !is(st, "expiring") &&
		    !is(st, "expired"))
			continue;
		cells[0] = MT(t, i, RPT_EXCEPTIONS_ID);
		cells[1] = MT(t, i, RPT_EXCEPTIONS_CONTROL) != NULL
		    ? MT(t, i, RPT_EXCEPTIONS_CONTROL) : "all";
		cells[2] = MT(t, i, RPT_EXCEPTIONS_DESCRIPTION);
		cells[3] = MT(t, i, RPT_EXCEPTIONS_ACCEPTED_BY);
		cells[4] = MT(t, i, RPT_EXCEPTIONS_EXPIRES_AT) != NULL
		    ? MT(t, i, RPT_EXCEPTIONS_EXPIRES_AT) : "none";
		cells[5] = st;
		fills[5] = is(st, "expired") ? PDF_FILL_BAD :
		    is(st, "expiring") ? PDF_FILL_PARTIAL : PDF_FILL_NONE;
		present_table_row(c, &tb, cells, fills);
	}
	pdf_table_end(c->pdf);
}

/* ---- g) ---- */

static const char *
status_cell(enum gap_status s, enum pdf_fill *fill)
{
	*fill = present_status_fill(s);
	return present_status(s);
}

/* The status of target control id in a's result, by id. */
static const struct gap_row *
find_row(const struct gap_answer *a, const char *id, size_t hint)
{
	size_t	i;

	if (hint < a->result.n && strcmp(a->result.rows[hint].target->id,
	    id) == 0)
		return &a->result.rows[hint];
	for (i = 0; i < a->result.n; i++)
		if (strcmp(a->result.rows[i].target->id, id) == 0)
			return &a->result.rows[i];
	return NULL;
}

/* "9.2.3 (partial / none), CLD.9.5.1 (full / none)": distinct sources. */
static const char *
sources(struct report_ctx *c, const struct gap_row *r)
{
	struct buf	 b;
	const char	*s, *out;
	size_t		 i, k;
	bool		 dup;

	buf_init(&b, 0);
	for (i = 0; i < r->ncontribs; i++) {
		s = r->contribs[i].edge->source;
		for (dup = false, k = 0; k < i && !dup; k++)
			dup = strcmp(r->contribs[k].edge->source, s) == 0;
		if (dup)
			continue;
		buf_printf(&b, "%s%s (%s / %s)", b.len > 0 ? ", " : "", s,
		    gap_state_name(r->contribs[i].design),
		    gap_state_name(r->contribs[i].assured));
	}
	out = buf_failed(&b) || b.data == NULL ? NULL :
	    pool_strdup(c->pool, b.data);
	buf_free(&b);
	return out != NULL ? out : report_nomem(c);
}

static enum err
lay_improvement(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 ccols[] = {
		[COV_TARGET] = { "Target framework", 0, 2.6, PDF_ALIGN_LEFT,
		    false },
		[COV_DESIGN_NOW] = { "Design, now", 0, 1, PDF_ALIGN_RIGHT,
		    false },
		[COV_DESIGN_BEFORE] = { "Design, previous review", 0, 1,
		    PDF_ALIGN_RIGHT, false },
		[COV_DESIGN_CHANGE] = { "Change (points)", 0, 1,
		    PDF_ALIGN_RIGHT, false },
		[COV_ASSURED_NOW] = { "Assured, now", 0, 1, PDF_ALIGN_RIGHT,
		    false },
		[COV_ASSURED_BEFORE] = { "Assured, previous review", 0, 1,
		    PDF_ALIGN_RIGHT, false },
		[COV_ASSURED_CHANGE] = { "Change (points)", 0, 1,
		    PDF_ALIGN_RIGHT, false },
	};
	static const struct present_col	 gcols[] = {
		[GAPS_CONTROL] = { "Target control", W_CONTROL, 0,
		    PDF_ALIGN_LEFT, false },
		[GAPS_TITLE] = { "Title", 0, 1.7, PDF_ALIGN_LEFT, false },
		[GAPS_DESIGN] = { "Design", 52, 0, PDF_ALIGN_LEFT, false },
		[GAPS_ASSURED_BEFORE] = { "Assured at previous review", 62, 0,
		    PDF_ALIGN_LEFT, false },
		[GAPS_SOURCES] = { "Source controls (design / assured state)",
		    0, 1.6, PDF_ALIGN_LEFT, false },
	};
	bool				 chide[COV__MAX] = { false };
	bool				 ghide[GAPS__MAX] = { false };
	static const struct present_col	 ocols[] = {
		{ "Overdue item", 0, 1.15, PDF_ALIGN_LEFT, false },
		{ "Reference", 0, 1, PDF_ALIGN_LEFT, false },
		{ "What", 0, 3, PDF_ALIGN_LEFT, false },
		{ "Due", W_DATE, 0, PDF_ALIGN_LEFT, false },
	};
	const struct mr_data		*d = &v->d;
	const struct mr_fw		*f;
	const struct gap_row		*r, *old;
	const struct mtable		*t;
	struct chart_coverage_row	*rows;
	struct chart_data		 cd;
	const char			*cells[7], *prev = NULL;
	enum pdf_fill			 fills[7];
	struct present_table			 tb;
	size_t				 i, k;
	enum err			 e;

	if (d->prev_review.nrows == 1)
		prev = MT(&d->prev_review, 0, RPT_PREV_REVIEW_ID);
	pdf_heading(c->pdf, 1, "g) Opportunities for continual improvement");
	pdf_paragraph(c->pdf, report_fmt(c, "Derived from the %s programme: how "
	    "far it covers each target framework through the mapping sets, "
	    "%s, the largest remaining gaps, and what is overdue. Coverage = "
	    "(covered + 0.5 \u00d7 partial) / (covered + partial + gap), "
	    "counting mapped target controls only. Design coverage follows "
	    "the SoA's implementation status; assured coverage also needs a "
	    "favourable control review within 365 days and current evidence.",
	    v->source_label, prev != NULL ? report_fmt(c, "now (%s) and at the "
	    "previous management review (%s, %s)", c->as_of, prev,
	    MT(&d->prev_review, 0, RPT_PREV_REVIEW_HELD_AT)) : report_fmt(c,
	    "on %s", c->as_of)));

	pdf_heading(c->pdf, 2, "Coverage per target framework");
	if (v->nfw == 0) {
		pdf_paragraph(c->pdf, "No mapping set links the source "
		    "framework to another framework.");
	} else {
		/* Without a previous review only the "now" columns speak. */
		chide[COV_DESIGN_BEFORE] = chide[COV_DESIGN_CHANGE] =
		    chide[COV_ASSURED_BEFORE] = chide[COV_ASSURED_CHANGE] =
		    prev == NULL;
		present_table_begin(c, &tb, ccols, COV__MAX, chide,
		    PDF_TABLE_ZEBRA);
		memset(fills, 0, sizeof(fills));
		for (i = 0; i < v->nfw; i++) {
			f = &v->fw[i];
			cells[COV_TARGET] = f->label;
			cells[COV_DESIGN_NOW] = present_pct(c,
			    f->cov->now.result.design.coverage,
			    f->cov->now.result.design.defined);
			cells[COV_DESIGN_BEFORE] = f->cov->has_before ?
			    present_pct(c, f->cov->before.result.design.coverage,
			    f->cov->before.result.design.defined) : "n/a";
			cells[COV_DESIGN_CHANGE] = change(c,
			    &f->cov->now.result.design,
			    &f->cov->before.result.design, f->cov->has_before);
			cells[COV_ASSURED_NOW] = present_pct(c,
			    f->cov->now.result.assured.coverage,
			    f->cov->now.result.assured.defined);
			cells[COV_ASSURED_BEFORE] = f->cov->has_before ?
			    present_pct(c, f->cov->before.result.assured.coverage,
			    f->cov->before.result.assured.defined) : "n/a";
			cells[COV_ASSURED_CHANGE] = change(c, &f->cov->now.result.assured,
			    &f->cov->before.result.assured, f->cov->has_before);
			present_table_row(c, &tb, cells, NULL);
		}
		pdf_table_end(c->pdf);
		if (prev != NULL)
			pdf_note(c->pdf, "The SoA keeps no history: design "
			    "coverage at the previous review is computed with "
			    "the current SoA, so it changes only when the "
			    "mappings change. Assured coverage is computed "
			    "from the reviews, evidence and changes recorded "
			    "up to each date.");
		if ((rows = pool_calloc(c->pool, v->nfw + 1,
		    sizeof(*rows))) == NULL)
			return ERR_NOMEM;
		for (i = 0; i < v->nfw && i < CHART_MAX_FRAMEWORKS; i++) {
			f = &v->fw[i];
			rows[i].label = f->chart;
			rows[i].design = f->cov->now.result.design.defined ?
			    f->cov->now.result.design.coverage : 0;
			rows[i].assured = f->cov->now.result.assured.defined ?
			    f->cov->now.result.assured.coverage : 0;
		}
		memset(&cd, 0, sizeof(cd));
		cd.kind = CHART_COVERAGE;
		cd.title = report_fmt(c, "Coverage per target framework on %s",
		    c->as_of);
		cd.subtitle = report_fmt(c, "From the %s SoA through the "
		    "mapping sets", v->source_label);
		cd.empty = "No mapped frameworks";
		cd.coverage = rows;
		cd.n = i;
		/* One framework alone would be under the chart's least height. */
		if ((e = chart(c, &cd, 480, 96 + 44 * (int)i < CHART_MIN_H ?
		    CHART_MIN_H : 96 + 44 * (int)i)) != ERR_OK)
			return e;
	}

	pdf_heading(c->pdf, 2, "Largest coverage gaps");
	pdf_paragraph(c->pdf, report_fmt(c, "Per target framework, up to %d "
	    "target controls whose assured status is gap: those with no design "
	    "coverage first, then those involving the most source controls. "
	    "Each source control is shown with its design and assured state: "
	    "full, partial, none, or n/a when it is not applicable.",
	    MR_GAPS_SHOWN));
	for (i = 0; i < v->nfw; i++) {
		f = &v->fw[i];
		pdf_paragraph(c->pdf, f->nall == 0 ?
		    report_fmt(c, "%s: no target control has an assured gap.",
		    f->label) :
		    report_fmt(c, "%s: %zu of %zu mapped target controls %s an "
		    "assured gap%s.", f->label, f->nall,
		    f->cov->now.result.assured.covered +
		    f->cov->now.result.assured.partial +
		    f->cov->now.result.assured.gap,
		    plural((long long)f->nall, "has", "have"),
		    f->nall > f->ngaps ? report_fmt(c, "; the %zu "
		    "largest", f->ngaps) : ""));
		if (f->ngaps == 0)
			continue;
		ghide[GAPS_ASSURED_BEFORE] = !f->cov->has_before;
		present_table_begin(c, &tb, gcols, GAPS__MAX, ghide,
		    PDF_TABLE_ZEBRA);
		memset(fills, 0, sizeof(fills));
		for (k = 0; k < f->ngaps; k++) {
			r = f->gaps[k];
			cells[GAPS_CONTROL] = r->target->id;
			cells[GAPS_TITLE] = r->target->title;
			cells[GAPS_DESIGN] = status_cell(r->design,
			    &fills[GAPS_DESIGN]);
			old = !f->cov->has_before ? NULL :
			    find_row(&f->cov->before, r->target->id,
			    (size_t)(r - f->cov->now.result.rows));
			if (old != NULL)
				cells[GAPS_ASSURED_BEFORE] =
				    status_cell(old->assured,
				    &fills[GAPS_ASSURED_BEFORE]);
			else {
				cells[GAPS_ASSURED_BEFORE] = "n/a";
				fills[GAPS_ASSURED_BEFORE] = PDF_FILL_NONE;
			}
			cells[GAPS_SOURCES] = sources(c, r);
			present_table_row(c, &tb, cells, fills);
		}
		pdf_table_end(c->pdf);
	}

	pdf_heading(c->pdf, 2, "Overdue items");
	pdf_paragraph(c->pdf, strcmp(v->end, c->as_of) == 0 ?
	    report_fmt(c, "What is past its date on %s: corrective actions and "
	    "actions of earlier reviews not completed by their due date, and "
	    "control reviews, findings and exceptions past their dates. %zu "
	    "%s.", c->as_of, v->noverdue, plural((long long)v->noverdue, "item",
	    "items")) :
	    report_fmt(c, "What is past its date: corrective actions and "
	    "actions of earlier reviews not completed by their due date (on "
	    "%s, the period's end), and control reviews, findings and "
	    "exceptions past their dates (on %s). %zu %s.", v->end, c->as_of,
	    v->noverdue, plural((long long)v->noverdue, "item", "items")));
	if (v->noverdue == 0) {
		pdf_paragraph(c->pdf, "Nothing is overdue.");
		return ERR_OK;
	}
	present_table_begin(c, &tb, ocols, 4, NULL, PDF_TABLE_ZEBRA);
	t = &d->actions;
	for (i = 0; i < t->nrows; i++) {
		if (MT(t, i, RPT_ACTIONS_COMPLETED_AT) != NULL
		    || !is(MT(t, i, RPT_ACTIONS_OVERDUE), "t"))
			continue;
		cells[0] = "Corrective action";
		cells[1] = report_fmt(c, "%s (finding %s)",
		    MT(t, i, RPT_ACTIONS_ID),
		    MT(t, i, RPT_ACTIONS_FINDING));
		cells[2] = MT(t, i, RPT_ACTIONS_DESCRIPTION);
		cells[3] = MT(t, i, RPT_ACTIONS_DUE_AT);
		present_table_row(c, &tb, cells, NULL);
	}
	t = &d->prev_actions;
	for (i = 0; i < t->nrows; i++) {
		if (!v->prev[i].listed || v->prev[i].state != MR_OVERDUE)
			continue;
		cells[0] = "Management review action";
		cells[1] = MT(t, i, RPT_PREV_ACTIONS_REVIEW);
		cells[2] = MT(t, i, RPT_PREV_ACTIONS_TEXT);
		cells[3] = MT(t, i, RPT_PREV_ACTIONS_DUE_AT);
		present_table_row(c, &tb, cells, NULL);
	}
	t = &d->readiness.findings;
	for (i = 0; i < t->nrows; i++) {
		cells[0] = "Finding";
		cells[1] = MT(t, i, READY_FINDINGS_ID);
		cells[2] = report_fmt(c, "%s finding%s%s not closed",
		    human(c, MT(t, i, READY_FINDINGS_SEVERITY)),
		    MT(t, i, READY_FINDINGS_CONTROL) != NULL ? " on control "
		    : "",
		    MT(t, i, READY_FINDINGS_CONTROL) != NULL
		    ? MT(t, i, READY_FINDINGS_CONTROL) : "");
		cells[3] = MT(t, i, READY_FINDINGS_DUE_AT);
		present_table_row(c, &tb, cells, NULL);
	}
	t = &d->exceptions;
	for (i = 0; i < t->nrows; i++) {
		if (!is(MT(t, i, RPT_EXCEPTIONS_STATE), "expired"))
			continue;
		cells[0] = "Exception expired";
		cells[1] = MT(t, i, RPT_EXCEPTIONS_ID);
		cells[2] = report_fmt(c, "Exception on control %s still open",
		    MT(t, i, RPT_EXCEPTIONS_CONTROL) != NULL
		    ? MT(t, i, RPT_EXCEPTIONS_CONTROL) : "(all)");
		cells[3] = MT(t, i, RPT_EXCEPTIONS_EXPIRES_AT);
		present_table_row(c, &tb, cells, NULL);
	}
	t = &d->readiness.reviews;
	for (i = 0; i < t->nrows; i++) {
		cells[0] = "Control review";
		cells[1] = MT(t, i, READY_REVIEWS_CONTROL);
		cells[2] = report_fmt(c, "Control last reviewed %s",
		    MT(t, i, READY_REVIEWS_REVIEWED_AT));
		cells[3] = MT(t, i, READY_REVIEWS_NEXT_REVIEW_DUE);
		present_table_row(c, &tb, cells, NULL);
	}
	pdf_table_end(c->pdf);
	return ERR_OK;
}

/* ---- 9.3.3 ---- */

static void
lay_decisions(struct report_ctx *c, struct mr_view *v)
{
	static const struct present_col	 cols[] = {
		{ "Kind", 48, 0, PDF_ALIGN_LEFT, false },
		{ "Decision or action", 0, 3, PDF_ALIGN_LEFT, false },
		{ "Owner", 0, 1.4, PDF_ALIGN_LEFT, true },
		{ "Due", W_DATE, 0, PDF_ALIGN_LEFT, false },
		{ "Status", W_STATUS, 0, PDF_ALIGN_LEFT, false },
	};
	const struct mtable		*t = &v->d.decisions;
	const char			*cells[5];
	enum pdf_fill			 fills[5];
	struct present_table			 tb;
	size_t				 i, k;

	pdf_heading(c->pdf, 1, "Decisions and actions (9.3.3)");
	pdf_paragraph(c->pdf, report_fmt(c, "The decisions on continual "
	    "improvement and on changes to the ISMS, and the actions, recorded "
	    "at the management %s held in the period, with their status on %s.",
	    plural((long long)v->nheld, "review", "reviews"), v->end));
	if (t->nrows == 0) {
		pdf_paragraph(c->pdf, "No management review was held in this "
		    "period.");
		return;
	}
	for (i = 0; i < t->nrows; i = k) {
		pdf_heading(c->pdf, 2, report_fmt(c, "Management review %s, "
		    "held on %s", MT(t, i, RPT_DECISIONS_REVIEW),
		    MT(t, i, RPT_DECISIONS_HELD_AT)));
		if (!c->req->customer && MT(t, i, RPT_DECISIONS_CHAIR) != NULL)
			pdf_keyvalue(c->pdf, "Chair",
			    MT(t, i, RPT_DECISIONS_CHAIR));
		if (MT(t, i, RPT_DECISIONS_SUMMARY) != NULL)
			pdf_paragraph(c->pdf, MT(t, i, RPT_DECISIONS_SUMMARY));
		for (k = i; k < t->nrows && is(MT(t, k, RPT_DECISIONS_REVIEW),
		    MT(t, i, RPT_DECISIONS_REVIEW)); k++)
			;
		if (MT(t, i, RPT_DECISIONS_KIND) == NULL) {
			pdf_paragraph(c->pdf,
			    "No decisions or actions recorded.");
			continue;
		}
		present_table_begin(c, &tb, cols, 5, NULL, PDF_TABLE_ZEBRA);
		memset(fills, 0, sizeof(fills));
		for (; i < k; i++) {
			cells[0] = human(c, MT(t, i, RPT_DECISIONS_KIND));
			cells[1] = MT(t, i, RPT_DECISIONS_TEXT);
			cells[2] = MT(t, i, RPT_DECISIONS_OWNER);
			cells[3] = MT(t, i, RPT_DECISIONS_DUE_AT);
			cells[4] = v->dec[i].label;
			fills[4] = v->dec[i].fill;
			present_table_row(c, &tb, cells, fills);
		}
		pdf_table_end(c->pdf);
	}
}

/*
 * Lays the report out after the title page: the summary on a page of its
 * own, then a) to g) and the decisions.  Returns the document's sticky
 * error, or a chart's.
 */
enum err
mr_layout(struct report_ctx *c)
{
	struct mr_view	*v = c->data;
	enum err	 e;

	if (v == NULL)
		return ERR_INTERNAL;
	pdf_page_break(c->pdf);
	if ((e = lay_summary(c, v)) != ERR_OK)
		return e;
	pdf_page_break(c->pdf);
	if ((e = lay_prev_actions(c, v)) != ERR_OK ||
	    (e = lay_issues(c, v)) != ERR_OK)
		return e;
	/* The two largest parts, d) and the decisions, start a page. */
	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "d) Information security performance");
	pdf_paragraph(c->pdf, "How the information security management "
	    "system performed in the period (clause 9.1): nonconformities and "
	    "corrective actions, monitoring and measurement results, audit "
	    "results and the fulfilment of the information security "
	    "objectives.");
	if ((e = lay_findings(c, v)) != ERR_OK ||
	    (e = lay_monitoring(c, v)) != ERR_OK)
		return e;
	lay_audits(c, v);
	lay_objectives(c, v);
	lay_feedback(c, v);
	lay_risks(c, v);
	if ((e = lay_improvement(c, v)) != ERR_OK)
		return e;
	pdf_page_break(c->pdf);
	lay_decisions(c, v);
	return pdf_error(c->pdf);
}
