/*
 * soa.c — the Statement of Applicability report (docs/reports.md, "soa"):
 * every control of the organisation's source framework (ISO/IEC 27017
 * for the reports' intended use) in catalog order, with applicability and the
 * justification of an exclusion, implementation, responsibility
 * (CSP/CSC/shared), owner and evidence references: the latest item of
 * each evidence kind collected on or before as_of.
 *
 * Audiences (docs/api.md): the customer copy leaves out owners' names and
 * evidence locations.  The SoA entries themselves are the current
 * register (the schema keeps no history of them); evidence is counted
 * as of as_of.
 *
 * gather() formats every shown cell and fingerprints it, so a fact the
 * audience does not see never moves its fingerprint.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model_records.h"
#include "model_report.h"
#include "pdf.h"
#include "db_stmt.h"
#include "pool.h"
#include "present.h"
#include "report.h"
#include "valid.h"
#include "xlsx.h"

/* Columns are named in db_stmt.h (RPT_SOA_*, RPT_SOA_EVIDENCE_*). */

/*
 * Shown columns: control; title (with the justification of an exclusion
 * and, internally, the owner); applicable and implementation; CSP, CSC
 * or shared; evidence.
 */
#define SOA_COLS	5
#define SOA_SUM_ROWS	6

struct soa_group {
	const char	*heading;
	size_t		 first;
	size_t		 n;
};

struct soa_data {
	size_t			 nrows;
	const char		**cells;	/* nrows x SOA_COLS */
	enum pdf_fill		*fills;
	struct soa_group	*groups;
	size_t			 ngroups;
	const char		*sum[SOA_SUM_ROWS][2];
	const char		*intro;
	const char		*missing;	/* internal: entries lacking an element */
	struct xlsx_cell	*wb;		/* the workbook: nrows x SOA_WB__MAX */
};

/*
 * The columns of the SoA workbook.  Owners are internal, as in the PDF;
 * so is the list of missing required elements, and the highlighting of a
 * missing element (the customer copy shows an empty cell).
 */
enum soa_wb_col {
	SOA_WB_CONTROL, SOA_WB_TITLE, SOA_WB_GROUP, SOA_WB_APPLICABLE,
	SOA_WB_JUSTIFICATION, SOA_WB_IMPLEMENTATION, SOA_WB_RESPONSIBILITY,
	SOA_WB_SCOPE, SOA_WB_OWNER, SOA_WB_EVIDENCE_SOURCE,
	SOA_WB_CHANGE_TRIGGER, SOA_WB_ESCALATION, SOA_WB_REVIEWED_AT,
	SOA_WB_REVIEW_RESULT, SOA_WB_CURRENT_EVIDENCE, SOA_WB_EVIDENCE,
	SOA_WB_DESIGN, SOA_WB_ASSURED, SOA_WB_MISSING, SOA_WB__MAX
};

static const struct present_col soa_wb_cols[SOA_WB__MAX] = {
	[SOA_WB_CONTROL] = { "Control", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_TITLE] = { "Title", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_GROUP] = { "Group", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_APPLICABLE] = { "Applicable", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_JUSTIFICATION] = { "Justification", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_IMPLEMENTATION] = { "Implementation", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_RESPONSIBILITY] = { "Responsibility", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_SCOPE] = { "Scope", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_OWNER] = { "Owner", 0, 0, PDF_ALIGN_LEFT, true },
	[SOA_WB_EVIDENCE_SOURCE] = { "Evidence source", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_CHANGE_TRIGGER] = { "Change trigger", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_ESCALATION] = { "Escalation path", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_REVIEWED_AT] = { "Latest review", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_REVIEW_RESULT] = { "Review result", 0, 0, PDF_ALIGN_LEFT,
	    false },
	[SOA_WB_CURRENT_EVIDENCE] = { "Current evidence items", 0, 0,
	    PDF_ALIGN_RIGHT, false },
	[SOA_WB_EVIDENCE] = { "Evidence: kind, collected: title", 0, 0,
	    PDF_ALIGN_LEFT, false },
	[SOA_WB_DESIGN] = { "Design state", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_ASSURED] = { "Assured state", 0, 0, PDF_ALIGN_LEFT, false },
	[SOA_WB_MISSING] = { "Missing required elements", 0, 0, PDF_ALIGN_LEFT,
	    true },
};





static const char *
soa_resp(const char *r)
{
	if (r == NULL)
		return "not set";
	if (strcmp(r, "csp") == 0)
		return "CSP";
	if (strcmp(r, "csc") == 0)
		return "CSC";
	return r;
}

/* The first row of ev (sorted by control, byte order) for control. */
static size_t
soa_ev_first(const struct mtable *ev, const char *control)
{
	size_t	lo = 0, hi = ev->nrows, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(MT(ev, mid, RPT_SOA_EVIDENCE_CONTROL), control) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The evidence references of one control: per kind, the latest item by
 * as_of, "Kind, collected: title", marked when its validity has ended;
 * the internal copy adds where the item is kept.  *nexpired counts the
 * expired ones.
 */
static const char *
soa_evidence(struct report_ctx *c, const struct mtable *ev, const char *ctl,
    struct buf *b, size_t *nitems, size_t *nexpired)
{
	const char	*until, *loc;
	size_t		 i;

	for (i = soa_ev_first(ev, ctl); i < ev->nrows &&
	    strcmp(MT(ev, i, RPT_SOA_EVIDENCE_CONTROL), ctl) == 0; i++) {
		if (b->len > 0)
			buf_putc(b, '\n');
		buf_printf(b, "%s, %s: %s",
		    report_evidence_kind(MT(ev, i, RPT_SOA_EVIDENCE_KIND)),
		    MT(ev, i, RPT_SOA_EVIDENCE_COLLECTED_AT), MT(ev, i,
		    RPT_SOA_EVIDENCE_TITLE));
		until = MT(ev, i, RPT_SOA_EVIDENCE_VALID_UNTIL);
		if (until != NULL && strcmp(until, c->as_of) < 0) {
			buf_printf(b, " (expired %s)", until);
			(*nexpired)++;
		}
		loc = MT(ev, i, RPT_SOA_EVIDENCE_LOCATION);
		if (!c->req->customer && loc != NULL && *loc != '\0')
			buf_printf(b, "\n[%s]", loc);
		(*nitems)++;
	}
	if (b->len == 0)
		buf_puts(b, "none recorded");
	return report_take(c, b);
}

/* Appends to b the required elements row i of the SoA lacks, or nothing. */
static void
soa_required(const struct mtable *soa, size_t i, struct buf *b)
{
	static const struct {
		int		 col;
		const char	*name;
	} el[] = {
		{ RPT_SOA_SCOPE, "scope boundary" },
		{ RPT_SOA_OWNER, "owner" },
		{ RPT_SOA_EVIDENCE_SOURCE, "evidence source" },
		{ RPT_SOA_CHANGE_TRIGGER, "change trigger" },
		{ RPT_SOA_ESCALATION_PATH, "escalation path" },
	};
	size_t	k;

	for (k = 0; k < sizeof(el) / sizeof(el[0]); k++)
		if (MT(soa, i, el[k].col) == NULL)
			buf_printf(b, "%s%s", b->len > 0 ? ", " : "", el[k].name);
}

/* The gap engine's facts of one source control, or NULL. */
static const struct gap_source *
soa_source(const struct report_ctx *c, const char *control)
{
	size_t	i;

	for (i = 0; i < c->gap.nsources; i++)
		if (strcmp(c->gap.sources[i].control, control) == 0)
			return &c->gap.sources[i];
	return NULL;
}

/* A text cell whose value is fingerprinted: a value the workbook shows. */
static struct xlsx_cell
soa_wb_text(struct report_ctx *c, const char *s)
{
	report_fp(c, s);
	return xlsx_text(s);
}

/*
 * One of the five required elements: its value, or, internally, "missing"
 * highlighted as a gap is; the customer copy gets an empty cell.
 */
static struct xlsx_cell
soa_wb_required(struct report_ctx *c, const char *v)
{
	if (v != NULL)
		return soa_wb_text(c, v);
	if (c->req->customer)
		return xlsx_text(NULL);
	report_fp(c, "missing");
	return xlsx_fill(xlsx_text("missing"), PDF_FILL_BAD);
}

/*
 * The workbook's cells, one row per control of the source framework:
 * every SoA field, the latest review by as_of and its result, how many
 * of the latest evidence items (one per kind) are still valid, and the
 * gap engine's design and assured state of the control.  Every shown
 * value is fingerprinted; what the audience does not see is not.
 */
static enum err
soa_wb_gather(struct report_ctx *c, struct soa_data *d,
    const struct mtable *soa, const struct mtable *ev)
{
	static const char *const results[] = { "effective",
	    "partially effective", "ineffective" };
	const struct gap_source	*src;
	struct xlsx_cell	*v;
	struct buf		 miss;
	const char		*ap, *impl, *until, *ctl;
	char			 day[11];
	size_t			 i, k, ncur;

	if ((d->wb = pool_calloc(c->pool, soa->nrows * SOA_WB__MAX + 1,
	    sizeof(*d->wb))) == NULL)
		return ERR_NOMEM;
	buf_init(&miss, 0);
	for (i = 0; i < soa->nrows; i++) {
		v = &d->wb[i * SOA_WB__MAX];
		for (k = 0; k < SOA_WB__MAX; k++)
			v[k] = xlsx_text(NULL);
		ctl = MT(soa, i, RPT_SOA_CONTROL);
		ap = MT(soa, i, RPT_SOA_APPLICABLE);
		impl = MT(soa, i, RPT_SOA_IMPLEMENTATION);
		v[SOA_WB_CONTROL] = soa_wb_text(c, ctl);
		v[SOA_WB_TITLE] = soa_wb_text(c, MT(soa, i, RPT_SOA_TITLE));
		v[SOA_WB_GROUP] = soa_wb_text(c, MT(soa, i, RPT_SOA_GROUP_ID));
		if (ap == NULL) {
			/* The catalog has the control, the SoA has no entry. */
			v[SOA_WB_APPLICABLE] = xlsx_fill(soa_wb_text(c,
			    "no entry"), PDF_FILL_BAD);
		} else {
			v[SOA_WB_APPLICABLE] = strcmp(ap, "t") == 0 ?
			    soa_wb_text(c, "yes") : xlsx_fill(soa_wb_text(c,
			    "no"), PDF_FILL_MUTED);
			v[SOA_WB_JUSTIFICATION] = soa_wb_text(c, MT(soa, i,
			    RPT_SOA_JUSTIFICATION));
			if (impl != NULL)
				v[SOA_WB_IMPLEMENTATION] = xlsx_fill(soa_wb_text(c,
				    strcmp(impl, "not-implemented") == 0 ?
				    "not implemented" : impl),
				    strcmp(impl, "implemented") == 0 ?
				    PDF_FILL_GOOD : strcmp(impl, "partial") == 0 ?
				    PDF_FILL_PARTIAL : PDF_FILL_BAD);
			v[SOA_WB_RESPONSIBILITY] = soa_wb_text(c, soa_resp(MT(soa,
			    i, RPT_SOA_RESPONSIBILITY)));
			v[SOA_WB_SCOPE] = soa_wb_required(c, MT(soa, i,
			    RPT_SOA_SCOPE));
			if (!c->req->customer)
				v[SOA_WB_OWNER] = soa_wb_required(c, MT(soa, i,
				    RPT_SOA_OWNER));
			v[SOA_WB_EVIDENCE_SOURCE] = soa_wb_required(c, MT(soa, i,
			    RPT_SOA_EVIDENCE_SOURCE));
			v[SOA_WB_CHANGE_TRIGGER] = soa_wb_required(c, MT(soa, i,
			    RPT_SOA_CHANGE_TRIGGER));
			v[SOA_WB_ESCALATION] = soa_wb_required(c, MT(soa, i,
			    RPT_SOA_ESCALATION_PATH));
			if (!c->req->customer) {
				soa_required(soa, i, &miss);
				if (miss.len > 0) {
					v[SOA_WB_MISSING] = xlsx_fill(soa_wb_text(c,
					    report_take(c, &miss)), PDF_FILL_BAD);
				}
			}
		}
		if ((src = soa_source(c, ctl)) != NULL) {
			if (src->latest_review != GAP_REVIEW_NONE &&
			    valid_civil_from_days(src->latest_review_day, day)) {
				v[SOA_WB_REVIEWED_AT] = xlsx_date(report_fmt(c, "%s",
				    day));
				report_fp(c, day);
				v[SOA_WB_REVIEW_RESULT] = xlsx_fill(soa_wb_text(c,
				    results[src->latest_review]),
				    src->latest_review == GAP_REVIEW_EFFECTIVE ?
				    PDF_FILL_GOOD : src->latest_review ==
				    GAP_REVIEW_PARTIALLY_EFFECTIVE ?
				    PDF_FILL_PARTIAL : PDF_FILL_BAD);
			}
			v[SOA_WB_DESIGN] = soa_wb_text(c, gap_state_name(
			    gap_state_design(src)));
			v[SOA_WB_ASSURED] = soa_wb_text(c, gap_state_name(
			    gap_state_assured(src, c->gap.as_of)));
		}
		/* The latest item of each kind still valid at as_of. */
		ncur = 0;
		for (k = soa_ev_first(ev, ctl); k < ev->nrows &&
		    strcmp(MT(ev, k, RPT_SOA_EVIDENCE_CONTROL), ctl) == 0; k++) {
			until = MT(ev, k, RPT_SOA_EVIDENCE_VALID_UNTIL);
			if (until == NULL || strcmp(until, c->as_of) >= 0)
				ncur++;
		}
		v[SOA_WB_CURRENT_EVIDENCE] = xlsx_int((long long)ncur);
		report_fp(c, report_int(c, (long long)ncur));
		/* The PDF's evidence cell: kinds, dates, titles (locations
		 * internally); already fingerprinted by soa_gather(). */
		v[SOA_WB_EVIDENCE] = xlsx_text(d->cells[i * SOA_COLS + 4]);
	}
	buf_free(&miss);
	return ERR_OK;	/* report_generate() checks the sticky failures */
}

/* Gathers the SoA and the latest evidence per kind; formats every cell. */
enum err
soa_gather(struct report_ctx *c)
{
	struct mtable	 soa, ev;
	struct soa_data	*d;
	struct buf	 b, miss, one;
	const char	**v, *ap, *impl, *gid, *owner;
	enum pdf_fill	*f;
	size_t		 i, nent = 0, nappl = 0, nna = 0, nimpl[4] = { 0 };
	size_t		 nresp[4] = { 0 }, nitems = 0, nexp = 0, nmiss = 0;
	size_t		 nctl_ev = 0, before, k;
	enum err	 e = ERR_OK;

	if ((e = model_report_soa(c->db, c->pool, c->gap.org.id,
	    c->gap.org.source_fw, c->as_of, &soa, &ev)) != ERR_OK)
		return e;
	if ((d = pool_calloc(c->pool, 1, sizeof(*d))) == NULL ||
	    (d->cells = pool_calloc(c->pool, soa.nrows * SOA_COLS + 1,
	    sizeof(*d->cells))) == NULL ||
	    (d->fills = pool_calloc(c->pool, soa.nrows * SOA_COLS + 1,
	    sizeof(*d->fills))) == NULL ||
	    (d->groups = pool_calloc(c->pool, soa.nrows + 1,
	    sizeof(*d->groups))) == NULL)
		return ERR_NOMEM;
	d->nrows = soa.nrows;
	buf_init(&b, 0);
	buf_init(&miss, 0);
	buf_init(&one, 0);
	for (i = 0; i < soa.nrows; i++) {
		v = &d->cells[i * SOA_COLS];
		f = &d->fills[i * SOA_COLS];
		gid = MT(&soa, i, RPT_SOA_GROUP_ID);
		if (d->ngroups == 0 || strcmp(gid,
		    MT(&soa, d->groups[d->ngroups - 1].first, RPT_SOA_GROUP_ID))
		    != 0) {
			d->groups[d->ngroups].first = i;
			d->groups[d->ngroups].heading = report_show(c, report_fmt(c,
			    "%s \xe2\x80\x94 %s", gid,
			    MT(&soa, i, RPT_SOA_GROUP_TITLE)));
			d->ngroups++;
		}
		d->groups[d->ngroups - 1].n++;
		v[0] = report_show(c, MT(&soa, i, RPT_SOA_CONTROL));
		ap = MT(&soa, i, RPT_SOA_APPLICABLE);
		impl = MT(&soa, i, RPT_SOA_IMPLEMENTATION);
		owner = MT(&soa, i, RPT_SOA_OWNER);
		buf_puts(&b, MT(&soa, i, RPT_SOA_TITLE));
		if (ap == NULL) {
			/* The catalog has the control, the SoA has no entry. */
			v[2] = "no entry";
			v[3] = "\xe2\x80\x94";
			f[2] = PDF_FILL_BAD;
		} else {
			nent++;
			if (strcmp(ap, "t") == 0) {
				nappl++;
				k = strcmp(impl, "implemented") == 0 ? 0 :
				    strcmp(impl, "partial") == 0 ? 1 :
				    strcmp(impl, "planned") == 0 ? 2 : 3;
				nimpl[k]++;
				v[2] = report_fmt(c, "yes\n%s", k == 3 ?
				    "not implemented" : impl);
				f[2] = k == 0 ? PDF_FILL_GOOD : k == 1 ?
				    PDF_FILL_PARTIAL : PDF_FILL_BAD;
			} else {
				nna++;
				buf_printf(&b, "\nNot applicable: %s",
				    MT(&soa, i, RPT_SOA_JUSTIFICATION) != NULL ?
				    MT(&soa, i, RPT_SOA_JUSTIFICATION) :
				    "no justification recorded");
				v[2] = "no";
				f[2] = PDF_FILL_MUTED;
			}
			v[3] = soa_resp(MT(&soa, i, RPT_SOA_RESPONSIBILITY));
			nresp[MT(&soa, i, RPT_SOA_RESPONSIBILITY) == NULL ? 3 :
			    strcmp(MT(&soa, i, RPT_SOA_RESPONSIBILITY), "csp")
			    == 0 ? 0 :
			    strcmp(MT(&soa, i, RPT_SOA_RESPONSIBILITY), "csc")
			    == 0 ? 1 : 2]++;
			/* Owners' names are internal (docs/api.md). */
			if (!c->req->customer)
				buf_printf(&b, "\nOwner: %s", owner != NULL ?
				    owner : "not assigned");
			/* The five required elements of the domain source. */
			soa_required(&soa, i, &one);
			if (one.len > 0) {
				nmiss++;
				buf_printf(&miss, "%s%s: %s", nmiss > 1 ? "; " : "",
				    v[0], one.data);
				buf_reset(&one);
			}
		}
		if ((v[1] = report_take(c, &b)) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		before = nitems;
		if ((v[4] = soa_evidence(c, &ev, v[0], &b, &nitems,
		    &nexp)) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		nctl_ev += nitems > before;
		for (k = 1; k < SOA_COLS; k++)
			report_show(c, v[k]);
	}
	d->intro = report_show(c, report_fmt(c, "The Statement of Applicability "
	    "of %s for %s: every control of the framework in catalog order, "
	    "whether it applies (and why not, where it does not), how far it "
	    "is implemented, who carries it, and the evidence behind it. The "
	    "entries are the current register; evidence is the latest item of "
	    "each kind collected on or before %s.", c->gap.org.name,
	    c->gap.org.source_fw, c->as_of));
	d->sum[0][0] = "Controls";
	d->sum[0][1] = report_fmt(c, "%zu in the catalog, %zu with an SoA "
	    "entry", soa.nrows, nent);
	d->sum[1][0] = "Applicable";
	d->sum[1][1] = report_fmt(c, "%zu applicable, %zu not applicable",
	    nappl, nna);
	d->sum[2][0] = "Implementation";
	d->sum[2][1] = report_fmt(c, "%zu implemented, %zu partial, "
	    "%zu planned, %zu not implemented (applicable controls)", nimpl[0],
	    nimpl[1], nimpl[2], nimpl[3]);
	d->sum[3][0] = "Responsibility";
	d->sum[3][1] = report_fmt(c, "%zu CSP, %zu CSC, %zu shared%s",
	    nresp[0], nresp[1], nresp[2], nresp[3] > 0 ? report_fmt(c,
	    ", %zu not set", nresp[3]) : "");
	d->sum[4][0] = "Reading the roles";
	d->sum[4][1] = report_fmt(c, "Responsibility is read from %s's "
	    "seat (cloud role: %s). CSP: run as the cloud service provider to "
	    "its customers. CSC: run as a cloud service customer of its own "
	    "providers, or inherited from them. Shared: split between the "
	    "two.", c->gap.org.name, c->gap.org.cloud_role);
	d->sum[5][0] = "Evidence";
	d->sum[5][1] = report_fmt(c, "%zu references for %zu controls "
	    "(latest per kind); %zu past their validity on %s", nitems,
	    nctl_ev, nexp, c->as_of);
	for (i = 0; i < SOA_SUM_ROWS; i++) {
		report_show(c, d->sum[i][0]);
		report_show(c, d->sum[i][1]);
	}
	if (!c->req->customer) {
		if (nmiss == 0)
			buf_puts(&miss, "None: every entry has its scope "
			    "boundary, owner, evidence source, change trigger and "
			    "escalation path.");
		d->missing = report_take(c, &miss);
		if (d->missing == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		report_show(c, report_fmt(c, "%zu", nmiss));
		report_show(c, d->missing);
	}
	if (c->req->format == REPORT_XLSX &&
	    (e = soa_wb_gather(c, d, &soa, &ev)) != ERR_OK)
		goto out;
	c->data = d;
out:
	buf_free(&b);
	buf_free(&miss);
	buf_free(&one);
	return e;
}

enum err
soa_layout(struct report_ctx *c)
{
	static const struct pdf_column	 cols[SOA_COLS] = {
		{ "Control", 58, 0, PDF_ALIGN_LEFT },
		{ "Title", 0, 1, PDF_ALIGN_LEFT },
		{ "Applies, status", 68, 0, PDF_ALIGN_LEFT },
		{ "Resp.", 46, 0, PDF_ALIGN_LEFT },
		{ "Evidence: kind, collected: title", 0, 1.7, PDF_ALIGN_LEFT },
	};
	const struct soa_data		*d = c->data;
	size_t				 i, k;

	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "Summary");
	pdf_paragraph(c->pdf, d->intro);
	for (i = 0; i < SOA_SUM_ROWS; i++)
		pdf_keyvalue(c->pdf, d->sum[i][0], d->sum[i][1]);
	if (!c->req->customer) {
		pdf_heading(c->pdf, 2, "Entries missing a required element");
		pdf_paragraph(c->pdf, d->missing);
	}
	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "Statement of Applicability");
	pdf_note(c->pdf, c->req->customer ? "Resp.: responsibility (CSP, CSC "
	    "or shared). Evidence: the latest item of each kind." :
	    "Resp.: responsibility (CSP, CSC or shared). Evidence: the latest "
	    "item of each kind, with where it is kept in brackets.");
	for (i = 0; i < d->ngroups; i++) {
		pdf_heading(c->pdf, 2, d->groups[i].heading);
		pdf_table_begin(c->pdf, cols, SOA_COLS, 0);
		for (k = d->groups[i].first; k < d->groups[i].first +
		    d->groups[i].n; k++)
			pdf_table_row(c->pdf, &d->cells[k * SOA_COLS],
			    &d->fills[k * SOA_COLS]);
		pdf_table_end(c->pdf);
	}
	return pdf_error(c->pdf);
}

enum err
soa_workbook(struct report_ctx *c)
{
	const struct soa_data	*d = c->data;
	struct present_table	 t;
	size_t			 i;

	present_sheet_begin(c, &t, "Statement of Applicability", soa_wb_cols,
	    SOA_WB__MAX, NULL);
	for (i = 0; i < d->nrows; i++)
		present_sheet_row(c, &t, &d->wb[i * SOA_WB__MAX]);
	return ERR_OK;
}
