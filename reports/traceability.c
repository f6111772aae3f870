/*
 * traceability.c — the traceability report (docs/reports.md, "traceability"):
 * the chain of the domain source, "scope, risk, treatment choice, SoA
 * entry, control owner, evidence sample, exception, corrective action,
 * and management review decision", one row per applicable control of
 * the organisation's source framework, with every broken link marked
 * MISSING and counted in a summary at the top.
 *
 * A link is broken when:
 *   scope        the SoA entry names no scope boundary;
 *   risk         no risk is linked to the control (the treatment choice
 *                is the linked risk's);
 *   SoA entry    one of the five required elements is missing (scope and
 *                owner are counted at their own links);
 *   owner        no accountable owner;
 *   evidence     nothing collected by as_of, or nothing current
 *                (docs/gap-semantics.md: valid at as_of and collected
 *                after the latest change event that names the control
 *                or no control);
 *   exception    an open exception has expired or was never accepted;
 *   corrective   a nonconformity (a major or minor finding) has no
 *   action       corrective action; an observation needs none;
 *   management   no management review was held by as_of, or a finding
 *   review       was raised after the latest one and so awaits the next.
 * Overdue corrective actions and exceptions expiring within 30 days are
 * shown as needing attention; they are not broken links.
 *
 * The chain's records are read as of as_of: the risks and owners from
 * the current register (the schema keeps no history of them), findings,
 * corrective actions, exceptions and management reviews through the
 * model's management review statements over all history up to as_of,
 * evidence from the gap context.  The customer copy names no owners.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gap.h"
#include "model_gap.h"
#include "model_records.h"
#include "model_report.h"
#include "pdf.h"
#include "period.h"
#include "db_stmt.h"
#include "pool.h"
#include "report.h"

/* Columns are named in db_stmt.h, beside each statement. */

/* The links that can break, in the order of the chain. */
enum tr_link {
	TR_SCOPE,
	TR_RISK,
	TR_SOA,
	TR_OWNER,
	TR_EVIDENCE,
	TR_EXCEPTION,
	TR_ACTION,
	TR_REVIEW,
	TR_LINK__MAX
};

/* Things that need attention without breaking the chain. */
enum tr_note {
	TR_OVERDUE,
	TR_EXPIRING,
	TR_NOTE__MAX
};

#define TR_COLS		6
#define TR_SEEN_MAX	32	/* reviews named in one cell */
#define TR_SUM_COLS	3

struct tr_group {
	const char	*heading;
	size_t		 first;
	size_t		 n;
};

struct tr_data {
	size_t		 nrows;
	const char	**cells;	/* nrows x TR_COLS */
	enum pdf_fill	*fills;
	struct tr_group	*groups;
	size_t		 ngroups;
	const char	*headline;
	const char	*sum[TR_LINK__MAX + TR_NOTE__MAX][TR_SUM_COLS];
	const char	*unlinked;	/* findings that name no control */
};

/* What the summary collects per link: how many controls, which. */
struct tr_count {
	size_t		 n;
	struct buf	 ids;
};


static const char *const tr_link_name[TR_LINK__MAX] = {
	[TR_SCOPE] = "Scope: no scope boundary",
	[TR_RISK] = "Risk and treatment: no risk linked",
	[TR_SOA] = "SoA entry: a required element missing",
	[TR_OWNER] = "Owner: no accountable owner",
	[TR_EVIDENCE] = "Evidence: none, or none current",
	[TR_EXCEPTION] = "Exception: expired while open, or never accepted",
	[TR_ACTION] = "Corrective action: a nonconformity without one",
	[TR_REVIEW] = "Management review: a finding not yet reviewed",
};

static const char *const tr_note_name[TR_NOTE__MAX] = {
	[TR_OVERDUE] = "Attention: corrective action overdue",
	[TR_EXPIRING] = "Attention: exception expires within 30 days",
};



/* Starts a new line in b unless it is empty. */
static void
tr_nl(struct buf *b)
{
	if (b->len > 0)
		buf_putc(b, '\n');
}

/* YYYY-MM-DD of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
static void
tr_date(int32_t days, char out[11])
{
	long	z = (long)days + 719468, era, doe, yoe, y, doy, mp, d, m;
	char	t[64];

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(t, sizeof(t), "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, t, 10);
	out[10] = '\0';
}


/* The gap context's facts of one source control (sorted by strcmp). */
static const struct gap_source *
tr_source(const struct gap_context *g, const char *control)
{
	size_t	lo = 0, hi = g->nsources, mid;
	int	r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((r = strcmp(g->sources[mid].control, control)) == 0)
			return &g->sources[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Counts control id under one link (or note) of the summary. */
static void
tr_mark(struct tr_count *cnt, const char *id)
{
	buf_printf(&cnt->ids, "%s%s", cnt->n > 0 ? ", " : "", id);
	cnt->n++;
}

/* Everything gather() holds while it builds the rows. */
struct tr_build {
	struct report_ctx	*c;
	struct mtable		 trace;
	struct mtable		 soa;
	struct mtable		 ev;
	struct mr_data		 mr;
	const char		**mr_id;	/* reviews held by as_of, */
	const char		**mr_held;	/* oldest first */
	size_t			 nmr;
	struct tr_count		 link[TR_LINK__MAX];
	struct tr_count		 note[TR_NOTE__MAX];
	struct buf		 b;
};

/* Scope, then each linked risk with its treatment choice. */
static bool
tr_cell_scope(struct tr_build *t, size_t r, const char *id)
{
	const char	*scope = MT(&t->trace, r, RPT_TRACE_SCOPE);
	const char	*risks = MT(&t->trace, r, RPT_TRACE_RISKS), *p;
	bool		 broken = false;

	if (scope != NULL)
		buf_puts(&t->b, scope);
	else {
		buf_puts(&t->b, "MISSING: no scope");
		tr_mark(&t->link[TR_SCOPE], id);
		broken = true;
	}
	if (risks == NULL) {
		buf_puts(&t->b, "\nMISSING: no risk linked");
		tr_mark(&t->link[TR_RISK], id);
		return true;
	}
	/* "R-001 (modify), R-004 (share)": one risk a line. */
	buf_putc(&t->b, '\n');
	for (p = risks; *p != '\0'; p++) {
		if (p[0] == ',' && p[1] == ' ') {
			buf_putc(&t->b, '\n');
			p++;
		} else
			buf_putc(&t->b, *p);
	}
	return broken;
}

/* The SoA entry (implementation, responsibility, elements) and owner. */
static bool
tr_cell_entry(struct tr_build *t, size_t s, const char *id)
{
	static const struct {
		int		 col;
		const char	*name;
	} el[] = {
		{ RPT_SOA_EVIDENCE_SOURCE, "evidence source" },
		{ RPT_SOA_CHANGE_TRIGGER, "change trigger" },
		{ RPT_SOA_ESCALATION_PATH, "escalation path" },
	};
	const char	*impl = MT(&t->soa, s, RPT_SOA_IMPLEMENTATION);
	const char	*resp = MT(&t->soa, s, RPT_SOA_RESPONSIBILITY);
	const char	*owner = MT(&t->soa, s, RPT_SOA_OWNER);
	size_t		 k, n = 0;
	bool		 broken = false;

	buf_printf(&t->b, "%s\n%s, %s", MT(&t->soa, s, RPT_SOA_TITLE),
	    strcmp(impl, "not-implemented") == 0 ?
	    "not implemented" : impl, resp == NULL ? "responsibility not set" :
	    strcmp(resp, "csp") == 0 ? "CSP" : strcmp(resp, "csc") == 0 ?
	    "CSC" : "shared");
	for (k = 0; k < sizeof(el) / sizeof(el[0]); k++)
		if (MT(&t->soa, s, el[k].col) == NULL)
			buf_printf(&t->b, "%s%s", n++ == 0 ? "\nMISSING: " : ", ",
			    el[k].name);
	if (n > 0) {
		tr_mark(&t->link[TR_SOA], id);
		broken = true;
	}
	if (owner == NULL) {
		buf_puts(&t->b, "\nMISSING: no owner");
		tr_mark(&t->link[TR_OWNER], id);
		return true;
	}
	/* Owners' names are internal (docs/api.md). */
	buf_printf(&t->b, "\nOwner: %s", t->c->req->customer ? "assigned" :
	    owner);
	return broken;
}

/* The latest evidence and whether any is current (docs/gap-semantics.md). */
static bool
tr_cell_evidence(struct tr_build *t, size_t r, const char *id)
{
	const struct gap_source	*src = tr_source(&t->c->gap, id);
	const char		*latest = MT(&t->trace, r,
	    RPT_TRACE_LAST_EVIDENCE);
	const char		*kind = NULL, *until = NULL;
	char			 day[11];
	size_t			 i;

	if (latest == NULL) {
		buf_puts(&t->b, "MISSING: no evidence collected");
		tr_mark(&t->link[TR_EVIDENCE], id);
		return true;
	}
	/* The kind of the latest item: latest per kind, sorted by control. */
	for (i = 0; i < t->ev.nrows; i++)
		if (strcmp(MT(&t->ev, i, RPT_SOA_EVIDENCE_CONTROL), id) == 0 &&
		    strcmp(MT(&t->ev, i, RPT_SOA_EVIDENCE_COLLECTED_AT), latest)
		    == 0) {
			kind = MT(&t->ev, i, RPT_SOA_EVIDENCE_KIND);
			until = MT(&t->ev, i, RPT_SOA_EVIDENCE_VALID_UNTIL);
			break;
		}
	buf_printf(&t->b, "%s, %s",
	    kind != NULL ? report_evidence_kind(kind) : "Latest", latest);
	if (src == NULL || src->latest_valid_evidence_day == GAP_NO_DAY) {
		buf_puts(&t->b, "\nMISSING: current item (all expired)");
		tr_mark(&t->link[TR_EVIDENCE], id);
		return true;
	}
	if (src->latest_change_day != GAP_NO_DAY &&
	    src->latest_valid_evidence_day <= src->latest_change_day) {
		tr_date(src->latest_change_day, day);
		buf_printf(&t->b, "\nMISSING: item after the change of %s",
		    day);
		tr_mark(&t->link[TR_EVIDENCE], id);
		return true;
	}
	if (until != NULL && strcmp(until, t->c->as_of) < 0) {
		tr_date(src->latest_valid_evidence_day, day);
		buf_printf(&t->b, " (expired)\ncurrent: item of %s", day);
	} else
		buf_puts(&t->b, "\ncurrent");
	return false;
}

/* The control's exceptions as of as_of. */
static enum pdf_fill
tr_cell_exceptions(struct tr_build *t, const char *id)
{
	const struct mtable	*x = &t->mr.exceptions;
	const char		*state, *exp;
	enum pdf_fill		 f = PDF_FILL_NONE;
	bool			 broken = false, expiring = false;
	size_t			 i;

	for (i = 0; i < x->nrows; i++) {
		if (MT(x, i, RPT_EXCEPTIONS_CONTROL) == NULL ||
		    strcmp(MT(x, i, RPT_EXCEPTIONS_CONTROL), id) != 0)
			continue;
		state = MT(x, i, RPT_EXCEPTIONS_STATE);
		exp = MT(x, i, RPT_EXCEPTIONS_EXPIRES_AT);
		tr_nl(&t->b);
		if (strcmp(state, "expired") == 0) {
			buf_printf(&t->b, "%s open\nMISSING: renewal or closure "
			    "(expired %s)", MT(x, i, RPT_EXCEPTIONS_ID), exp
			    != NULL ? exp :
			    "no date recorded");
			broken = true;
		} else if (strcmp(state, "closed") == 0 ||
		    strcmp(state, "revoked") == 0)
			buf_printf(&t->b, "%s %s", MT(x, i, RPT_EXCEPTIONS_ID),
			    state);
		else {
			buf_printf(&t->b, "%s open", MT(x, i,
			    RPT_EXCEPTIONS_ID));
			if (exp != NULL)
				buf_printf(&t->b, ", expires %s", exp);
			if (strcmp(state, "expiring") == 0)
				expiring = true;
			if (MT(x, i, RPT_EXCEPTIONS_ACCEPTED_BY) == NULL) {
				buf_puts(&t->b, "\nMISSING: risk acceptance");
				broken = true;
			}
		}
	}
	if (expiring) {
		tr_mark(&t->note[TR_EXPIRING], id);
		f = PDF_FILL_PARTIAL;
	}
	if (broken) {
		tr_mark(&t->link[TR_EXCEPTION], id);
		f = PDF_FILL_BAD;
	}
	return f;
}

/*
 * Findings with their corrective actions.  Appends to mr the management
 * reviews that considered them (one a line) and to late the findings
 * raised after the latest review.
 */
static enum pdf_fill
tr_cell_findings(struct tr_build *t, const char *id, struct buf *mr,
    struct buf *late)
{
	const struct mtable	*fd = &t->mr.findings, *ca = &t->mr.actions;
	const char		*fid, *sev, *closed;
	enum pdf_fill		 f = PDF_FILL_NONE;
	bool			 broken = false, overdue = false;
	size_t			 i, k, n, seen[TR_SEEN_MAX], nseen = 0;

	for (i = 0; i < fd->nrows; i++) {
		if (MT(fd, i, RPT_FINDINGS_CONTROL) == NULL ||
		    strcmp(MT(fd, i, RPT_FINDINGS_CONTROL), id) != 0)
			continue;
		fid = MT(fd, i, RPT_FINDINGS_ID);
		sev = MT(fd, i, RPT_FINDINGS_SEVERITY);
		closed = MT(fd, i, RPT_FINDINGS_CLOSED_AT);
		tr_nl(&t->b);
		buf_printf(&t->b, "%s %s, ", fid, sev);
		if (closed != NULL)
			buf_printf(&t->b, "closed %s", closed);
		else
			buf_puts(&t->b, "open");
		for (k = 0, n = 0; k < ca->nrows; k++) {
			if (strcmp(MT(ca, k, RPT_ACTIONS_FINDING), fid) != 0)
				continue;
			n++;
			buf_printf(&t->b, "\n\xe2\x86\x92 %s ", MT(ca, k,
			    RPT_ACTIONS_ID));
			if (MT(ca, k, RPT_ACTIONS_COMPLETED_AT) != NULL)
				buf_printf(&t->b, "done %s",
				    MT(ca, k, RPT_ACTIONS_COMPLETED_AT));
			else if (MT(ca, k, RPT_ACTIONS_OVERDUE) != NULL &&
			    strcmp(MT(ca, k, RPT_ACTIONS_OVERDUE), "t") == 0) {
				buf_printf(&t->b, "overdue (due %s)",
				    MT(ca, k, RPT_ACTIONS_DUE_AT));
				overdue = true;
			} else if (MT(ca, k, RPT_ACTIONS_DUE_AT) != NULL)
				buf_printf(&t->b, "due %s", MT(ca, k,
				    RPT_ACTIONS_DUE_AT));
			else
				buf_puts(&t->b, "open");
		}
		if (n == 0) {
			if (strcmp(sev, "observation") == 0)
				buf_puts(&t->b, "\n\xe2\x86\x92 none needed "
				    "(observation)");
			else {
				buf_puts(&t->b, "\n\xe2\x86\x92 MISSING: "
				    "corrective action");
				broken = true;
			}
		}
		/*
		 * The first management review held on or after the day the
		 * finding was raised considered it; raised after the latest
		 * one, it awaits the next.
		 */
		for (k = 0; k < t->nmr && strcmp(t->mr_held[k],
		    MT(fd, i, RPT_FINDINGS_RAISED_AT)) < 0; k++)
			;
		if (k == t->nmr) {
			buf_printf(late, "%s%s", late->len > 0 ? ", " : "", fid);
			continue;
		}
		for (n = 0; n < nseen && seen[n] != k; n++)
			;
		if (n == nseen && nseen < TR_SEEN_MAX) {
			seen[nseen++] = k;
			buf_printf(mr, "%s%s", mr->len > 0 ? "\n" : "",
			    t->mr_id[k]);
		}
	}
	if (overdue) {
		tr_mark(&t->note[TR_OVERDUE], id);
		f = PDF_FILL_PARTIAL;
	}
	if (broken) {
		tr_mark(&t->link[TR_ACTION], id);
		f = PDF_FILL_BAD;
	}
	return f;
}

/* One row of the chain: control s of the SoA is row r of the trace. */
static enum err
tr_row(struct tr_build *t, struct tr_data *d, size_t r, size_t s)
{
	struct report_ctx	*c = t->c;
	const char		*id = MT(&t->trace, r, RPT_TRACE_CONTROL);
	const char		**v = &d->cells[d->nrows * TR_COLS];
	enum pdf_fill		*f = &d->fills[d->nrows * TR_COLS];
	struct buf		 mr, late;
	enum pdf_fill		 fx, ff;
	size_t			 k;
	enum err		 e = ERR_OK;

	buf_init(&mr, 0);
	buf_init(&late, 0);
	v[0] = id;
	f[1] = tr_cell_scope(t, r, id) ? PDF_FILL_BAD : PDF_FILL_NONE;
	v[1] = report_take(c, &t->b);
	f[2] = tr_cell_entry(t, s, id) ? PDF_FILL_BAD : PDF_FILL_NONE;
	v[2] = report_take(c, &t->b);
	f[3] = tr_cell_evidence(t, r, id) ? PDF_FILL_BAD : PDF_FILL_NONE;
	v[3] = report_take(c, &t->b);
	/* Exceptions, then findings and their corrective actions. */
	fx = tr_cell_exceptions(t, id);
	ff = tr_cell_findings(t, id, &mr, &late);
	f[4] = fx == PDF_FILL_BAD || ff == PDF_FILL_BAD ? PDF_FILL_BAD :
	    fx != PDF_FILL_NONE ? fx : ff;
	if (t->b.len == 0)
		buf_puts(&t->b, "none");
	v[4] = report_take(c, &t->b);
	/*
	 * The reviews that considered the control's findings; without
	 * findings, the latest review (of the ISMS and its SoA as a whole).
	 */
	if (t->nmr == 0) {
		buf_puts(&t->b, "MISSING: none held yet");
		tr_mark(&t->link[TR_REVIEW], id);
		f[5] = PDF_FILL_BAD;
	} else {
		buf_puts(&t->b, mr.len > 0 ? mr.data : t->mr_id[t->nmr - 1]);
		if (late.len > 0) {
			buf_printf(&t->b, "\nMISSING: review of %s", late.data);
			tr_mark(&t->link[TR_REVIEW], id);
			f[5] = PDF_FILL_BAD;
		}
	}
	v[5] = report_take(c, &t->b);
	buf_free(&mr);
	buf_free(&late);
	for (k = 0; k < TR_COLS; k++) {
		if (v[k] == NULL)
			e = ERR_NOMEM;
		else
			report_show(c, v[k]);
	}
	d->nrows++;
	return e;
}

/* Loads the chain's records as of as_of. */
static enum err
tr_load(struct tr_build *t)
{
	struct report_ctx	*c = t->c;
	struct period		 all;
	const struct mtable	*dec;
	size_t			 i;
	enum err		 e;

	if ((e = model_report_trace(c->db, c->pool, c->gap.org.id,
	    c->gap.org.source_fw, c->as_of, &t->trace)) != ERR_OK ||
	    (e = model_report_soa(c->db, c->pool, c->gap.org.id,
	    c->gap.org.source_fw, c->as_of, &t->soa, &t->ev)) != ERR_OK)
		return e;
	/*
	 * Findings, corrective actions, exceptions and management reviews
	 * as of as_of: the management review statements over a period that
	 * holds all history up to as_of (no other model call dates them).
	 */
	memset(&all, 0, sizeof(all));
	all.kind = PERIOD_YEAR;
	snprintf(all.key, sizeof(all.key), "all");
	snprintf(all.start, sizeof(all.start), "1900-01-01");
	snprintf(all.end, sizeof(all.end), "%s", c->as_of);
	if ((e = model_report_mr(c->db, c->pool, c->mapcache, &c->gap, &all,
	    &t->mr)) != ERR_OK)
		return e;
	/* Reviews held by as_of, oldest first (one row per item). */
	dec = &t->mr.decisions;
	if ((t->mr_id = pool_calloc(c->pool, dec->nrows + 1,
	    sizeof(*t->mr_id))) == NULL ||
	    (t->mr_held = pool_calloc(c->pool, dec->nrows + 1,
	    sizeof(*t->mr_held))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < dec->nrows; i++)
		if (t->nmr == 0 || strcmp(MT(dec, i, RPT_DECISIONS_REVIEW),
		    t->mr_id[t->nmr - 1]) != 0) {
			t->mr_id[t->nmr] = MT(dec, i, RPT_DECISIONS_REVIEW);
			t->mr_held[t->nmr++] = MT(dec, i,
			    RPT_DECISIONS_HELD_AT);
		}
	return ERR_OK;
}

/* The summary: per link, how many controls break it, and which. */
static void
tr_summary(struct tr_build *t, struct tr_data *d, size_t nbroken)
{
	struct report_ctx	*c = t->c;
	const struct mtable	*fd = &t->mr.findings;
	const char		*latest;
	size_t			 k, i, n = 0;

	latest = t->nmr == 0 ? "No management review was held by then." :
	    report_fmt(c, "The latest management review by then is %s, held "
	    "%s.", t->mr_id[t->nmr - 1], t->mr_held[t->nmr - 1]);
	if (d->nrows == 0)
		d->headline = report_fmt(c, "The Statement of Applicability "
		    "of %s has no applicable control as of %s: there is no chain "
		    "to trace yet.", c->gap.org.name, c->as_of);
	else
		d->headline = report_fmt(c, "%zu of %zu applicable controls "
		    "have at least one broken link in the chain scope \xe2\x86"
		    "\x92 risk \xe2\x86\x92 treatment \xe2\x86\x92 SoA entry "
		    "\xe2\x86\x92 owner \xe2\x86\x92 evidence \xe2\x86\x92 "
		    "exception \xe2\x86\x92 finding \xe2\x86\x92 corrective "
		    "action \xe2\x86\x92 management review, as of %s. %s",
		    nbroken, d->nrows, c->as_of, latest);
	report_show(c, d->headline);
	for (k = 0; k < TR_LINK__MAX + TR_NOTE__MAX; k++) {
		const struct tr_count *cnt = k < TR_LINK__MAX ? &t->link[k] :
		    &t->note[k - TR_LINK__MAX];

		d->sum[k][0] = report_show(c, k < TR_LINK__MAX ? tr_link_name[k] :
		    tr_note_name[k - TR_LINK__MAX]);
		d->sum[k][1] = report_show(c, report_fmt(c, "%zu", cnt->n));
		d->sum[k][2] = report_show(c, cnt->n == 0 ? "\xe2\x80\x94" :
		    report_text(c, &cnt->ids));
	}
	for (i = 0; i < fd->nrows; i++)
		if (MT(fd, i, RPT_FINDINGS_CONTROL) == NULL) {
			buf_printf(&t->b, "%s%s", n++ > 0 ? ", " : "",
			    MT(fd, i, RPT_FINDINGS_ID));
		}
	if (n > 0) {
		d->unlinked = report_show(c, report_fmt(c, "%zu finding%s name%s "
		    "no control and so appear%s in no row: %s.", n, n == 1 ?
		    "" : "s", n == 1 ? "s" : "", n == 1 ? "s" : "",
		    t->b.data));
		buf_reset(&t->b);
	}
}

/* Builds every row of the chain and the summary; all in ctx->pool. */
enum err
trace_gather(struct report_ctx *c)
{
	struct tr_build		 t;
	struct tr_data		*d;
	const char		*gid, *last = NULL;
	size_t			 r, s, k, nbroken = 0, before, after;
	enum err		 e;

	memset(&t, 0, sizeof(t));
	t.c = c;
	buf_init(&t.b, 0);
	for (k = 0; k < TR_LINK__MAX; k++)
		buf_init(&t.link[k].ids, 0);
	for (k = 0; k < TR_NOTE__MAX; k++)
		buf_init(&t.note[k].ids, 0);
	if ((e = tr_load(&t)) != ERR_OK)
		goto out;
	if ((d = pool_calloc(c->pool, 1, sizeof(*d))) == NULL ||
	    (d->cells = pool_calloc(c->pool, t.trace.nrows * TR_COLS + 1,
	    sizeof(*d->cells))) == NULL ||
	    (d->fills = pool_calloc(c->pool, t.trace.nrows * TR_COLS + 1,
	    sizeof(*d->fills))) == NULL ||
	    (d->groups = pool_calloc(c->pool, t.trace.nrows + 1,
	    sizeof(*d->groups))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	/* Both tables are in catalog order; the trace holds a subset. */
	for (r = 0, s = 0; r < t.trace.nrows; r++) {
		while (s < t.soa.nrows && strcmp(MT(&t.soa, s, RPT_SOA_CONTROL),
		    MT(&t.trace, r, RPT_TRACE_CONTROL)) != 0)
			s++;
		if (s == t.soa.nrows) {
			e = ERR_INTERNAL;	/* the two orders disagree */
			goto out;
		}
		gid = MT(&t.soa, s, RPT_SOA_GROUP_ID);
		if (d->ngroups == 0 || strcmp(gid, last) != 0) {
			last = gid;
			d->groups[d->ngroups].first = d->nrows;
			d->groups[d->ngroups].heading = report_show(c, report_fmt(c,
			    "%s \xe2\x80\x94 %s", gid,
			    MT(&t.soa, s, RPT_SOA_GROUP_TITLE)));
			d->ngroups++;
		}
		d->groups[d->ngroups - 1].n++;
		for (k = 0, before = 0; k < TR_LINK__MAX; k++)
			before += t.link[k].n;
		if ((e = tr_row(&t, d, r, s)) != ERR_OK)
			goto out;
		for (k = 0, after = 0; k < TR_LINK__MAX; k++)
			after += t.link[k].n;
		nbroken += after > before;
	}
	tr_summary(&t, d, nbroken);
	c->data = d;
out:
	buf_free(&t.b);
	for (k = 0; k < TR_LINK__MAX; k++)
		buf_free(&t.link[k].ids);
	for (k = 0; k < TR_NOTE__MAX; k++)
		buf_free(&t.note[k].ids);
	return e;
}

enum err
trace_layout(struct report_ctx *c)
{
	static const struct pdf_column	 scols[TR_SUM_COLS] = {
		{ "Link in the chain", 150, 0, PDF_ALIGN_LEFT },
		{ "Controls", 52, 0, PDF_ALIGN_RIGHT },
		{ "Which", 0, 1, PDF_ALIGN_LEFT },
	};
	static const struct pdf_column	 cols[TR_COLS] = {
		{ "Control", 58, 0, PDF_ALIGN_LEFT },
		{ "Scope, risk (treatment)", 72, 0, PDF_ALIGN_LEFT },
		{ "SoA entry, owner", 0, 1.1, PDF_ALIGN_LEFT },
		{ "Evidence", 72, 0, PDF_ALIGN_LEFT },
		{ "Exception; finding \xe2\x86\x92 corrective action", 0, 1,
		    PDF_ALIGN_LEFT },
		{ "Management review", 72, 0, PDF_ALIGN_LEFT },
	};
	const struct tr_data	*d = c->data;
	enum pdf_fill		 fill[TR_SUM_COLS];
	size_t			 i, k;

	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "Summary");
	pdf_paragraph(c->pdf, d->headline);
	pdf_table_begin(c->pdf, scols, TR_SUM_COLS, PDF_TABLE_ZEBRA);
	for (i = 0; i < TR_LINK__MAX + TR_NOTE__MAX; i++) {
		memset(fill, 0, sizeof(fill));
		if (strcmp(d->sum[i][1], "0") != 0)
			fill[1] = i < TR_LINK__MAX ? PDF_FILL_BAD :
			    PDF_FILL_PARTIAL;
		pdf_table_row(c->pdf, d->sum[i], fill);
	}
	pdf_table_end(c->pdf);
	pdf_note(c->pdf, "A control is counted once per link it breaks. "
	    "Broken links are marked MISSING in the chain below. Evidence is "
	    "current when still valid at the as-of date and collected after the "
	    "latest change that names the control or the whole organisation. "
	    "Observations need no corrective action (ISO/IEC 27001 10.2 asks "
	    "for one for nonconformities). A finding is considered by the first "
	    "management review held on or after the day it was raised; the "
	    "column shows those reviews, or the latest review for a control "
	    "without findings. Overdue corrective actions "
	    "and exceptions expiring within 30 days need attention but do not "
	    "break the chain.");
	if (d->unlinked != NULL)
		pdf_note(c->pdf, d->unlinked);
	pdf_note(c->pdf, "Risks, owners and SoA entries are the current "
	    "register; findings, corrective actions, exceptions, reviews and "
	    "evidence are as of the as-of date.");
	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "Traceability chain");
	for (i = 0; i < d->ngroups; i++) {
		pdf_heading(c->pdf, 2, d->groups[i].heading);
		pdf_table_begin(c->pdf, cols, TR_COLS, 0);
		for (k = d->groups[i].first; k < d->groups[i].first +
		    d->groups[i].n; k++)
			pdf_table_row(c->pdf, &d->cells[k * TR_COLS],
			    &d->fills[k * TR_COLS]);
		pdf_table_end(c->pdf);
	}
	return pdf_error(c->pdf);
}
