/*
 * readiness.c — the readiness workbook: the lists of GET
 * /api/v1/orgs/{org}/readiness (h_records.c), one sheet each, from the
 * same model call over the report's snapshot: SoA entries missing a
 * required element, evidence stale or expiring, reviews overdue,
 * exceptions expired or expiring, findings past due.  It has no PDF.
 *
 * The customer copy leaves out the owners of findings, as every report
 * leaves out owners' names.  gather() fingerprints every shown cell.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db_stmt.h"
#include "model_records.h"
#include "pdf.h"
#include "pool.h"
#include "present.h"
#include "report.h"
#include "xlsx.h"

/* Fingerprints the cells of t but those of column skip (-1: none). */
static void
ready_fp(struct report_ctx *c, const struct mtable *t, int skip)
{
	size_t	i, k;

	for (i = 0; i < t->nrows; i++)
		for (k = 0; k < t->ncols; k++)
			if ((int)k != skip)
				report_fp(c, MT(t, i, k));
	report_fp(c, "\x02");
}

enum err
readiness_gather(struct report_ctx *c)
{
	struct readiness	*r;
	enum err		 e;

	if ((r = pool_calloc(c->pool, 1, sizeof(*r))) == NULL)
		return ERR_NOMEM;
	if ((e = model_readiness(c->db, c->pool, c->gap.org.id,
	    c->gap.org.source_fw, c->as_of, r)) != ERR_OK)
		return e;
	ready_fp(c, &r->soa, -1);
	ready_fp(c, &r->evidence, -1);
	ready_fp(c, &r->reviews, -1);
	ready_fp(c, &r->exceptions, -1);
	ready_fp(c, &r->findings, c->req->customer ? READY_FINDINGS_OWNER : -1);
	c->data = r;
	return ERR_OK;
}

/* A list's state word with a fill: past is bad, coming is partial. */
static struct xlsx_cell
ready_state(const char *s)
{
	struct xlsx_cell	v = xlsx_text(s);

	if (s != NULL && (strcmp(s, "expired") == 0 || strcmp(s, "stale") == 0))
		v.fill = PDF_FILL_BAD;
	else if (s != NULL && strcmp(s, "expiring") == 0)
		v.fill = PDF_FILL_PARTIAL;
	return v;
}

static void
ready_soa(struct report_ctx *c, const struct mtable *t)
{
	static const struct present_col cols[] = {
		{ "Control", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Missing elements", 0, 0, PDF_ALIGN_LEFT, false },
	};
	static const char *const names[] = { "scope_id", "owner",
	    "evidence_source", "change_trigger", "escalation_path" };
	struct present_table	 pt;
	struct xlsx_cell	 v[2];
	struct buf		 b;
	size_t			 i, k;

	buf_init(&b, 0);
	present_sheet_begin(c, &pt, "SoA missing elements", cols, 2, NULL);
	for (i = 0; i < t->nrows; i++) {
		buf_reset(&b);
		for (k = 0; k < 5; k++)
			if (strcmp(MT(t, i, READY_SOA_NO_SCOPE + k), "t") == 0)
				buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
				    names[k]);
		v[0] = xlsx_text(MT(t, i, READY_SOA_CONTROL));
		v[1] = xlsx_fill(xlsx_text(report_text(c, &b)), PDF_FILL_BAD);
		present_sheet_row(c, &pt, v);
	}
	buf_free(&b);
}

static void
ready_evidence(struct report_ctx *c, const struct mtable *t)
{
	static const struct present_col cols[] = {
		{ "Id", 0, 0, PDF_ALIGN_RIGHT, false },
		{ "Control", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Kind", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Title", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Collected", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Valid until", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Status", 0, 0, PDF_ALIGN_LEFT, false },
	};
	struct present_table	 pt;
	struct xlsx_cell	 v[7];
	size_t			 i;

	present_sheet_begin(c, &pt, "Evidence stale or expiring", cols, 7,
	    NULL);
	for (i = 0; i < t->nrows; i++) {
		v[0] = xlsx_int(strtoll(MT(t, i, READY_EVIDENCE_ID), NULL, 10));
		v[1] = xlsx_text(MT(t, i, READY_EVIDENCE_CONTROL));
		v[2] = xlsx_text(MT(t, i, READY_EVIDENCE_KIND));
		v[3] = xlsx_text(MT(t, i, READY_EVIDENCE_TITLE));
		v[4] = xlsx_date(MT(t, i, READY_EVIDENCE_COLLECTED_AT));
		v[5] = xlsx_date(MT(t, i, READY_EVIDENCE_VALID_UNTIL));
		v[6] = ready_state(MT(t, i, READY_EVIDENCE_STATE));
		present_sheet_row(c, &pt, v);
	}
}

static void
ready_reviews(struct report_ctx *c, const struct mtable *t)
{
	static const struct present_col cols[] = {
		{ "Control", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Last reviewed", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Next review due", 0, 0, PDF_ALIGN_LEFT, false },
	};
	struct present_table	 pt;
	struct xlsx_cell	 v[3];
	size_t			 i;

	present_sheet_begin(c, &pt, "Reviews overdue", cols, 3, NULL);
	for (i = 0; i < t->nrows; i++) {
		v[0] = xlsx_text(MT(t, i, READY_REVIEWS_CONTROL));
		v[1] = xlsx_date(MT(t, i, READY_REVIEWS_REVIEWED_AT));
		v[2] = xlsx_fill(xlsx_date(MT(t, i,
		    READY_REVIEWS_NEXT_REVIEW_DUE)), PDF_FILL_BAD);
		present_sheet_row(c, &pt, v);
	}
}

static void
ready_exceptions(struct report_ctx *c, const struct mtable *t)
{
	static const struct present_col cols[] = {
		{ "Id", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Control", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Expires", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Status", 0, 0, PDF_ALIGN_LEFT, false },
	};
	struct present_table	 pt;
	struct xlsx_cell	 v[4];
	size_t			 i;

	present_sheet_begin(c, &pt, "Exceptions", cols, 4, NULL);
	for (i = 0; i < t->nrows; i++) {
		v[0] = xlsx_text(MT(t, i, READY_EXCEPTIONS_ID));
		v[1] = xlsx_text(MT(t, i, READY_EXCEPTIONS_CONTROL));
		v[2] = xlsx_date(MT(t, i, READY_EXCEPTIONS_EXPIRES_AT));
		v[3] = ready_state(MT(t, i, READY_EXCEPTIONS_STATE));
		present_sheet_row(c, &pt, v);
	}
}

static void
ready_findings(struct report_ctx *c, const struct mtable *t)
{
	static const struct present_col cols[] = {
		{ "Id", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Control", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Severity", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Due", 0, 0, PDF_ALIGN_LEFT, false },
		{ "Owner", 0, 0, PDF_ALIGN_LEFT, true },
	};
	struct present_table	 pt;
	struct xlsx_cell	 v[5];
	size_t			 i;

	present_sheet_begin(c, &pt, "Findings past due", cols, 5, NULL);
	for (i = 0; i < t->nrows; i++) {
		v[0] = xlsx_text(MT(t, i, READY_FINDINGS_ID));
		v[1] = xlsx_text(MT(t, i, READY_FINDINGS_CONTROL));
		v[2] = xlsx_text(MT(t, i, READY_FINDINGS_SEVERITY));
		v[3] = xlsx_fill(xlsx_date(MT(t, i, READY_FINDINGS_DUE_AT)),
		    PDF_FILL_BAD);
		v[4] = xlsx_text(MT(t, i, READY_FINDINGS_OWNER));
		present_sheet_row(c, &pt, v);
	}
}

enum err
readiness_workbook(struct report_ctx *c)
{
	const struct readiness	*r = c->data;

	ready_soa(c, &r->soa);
	ready_evidence(c, &r->evidence);
	ready_reviews(c, &r->reviews);
	ready_exceptions(c, &r->exceptions);
	ready_findings(c, &r->findings);
	return ERR_OK;
}
