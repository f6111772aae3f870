/*
 * reviews.c — the review history workbook: every control review dated
 * within the period and on or before as_of, newest first, as GET
 * /api/v1/orgs/{org}/reviews?since=START&until=END lists them.  It has
 * no PDF.
 *
 * Reviewers are people and notes are internal: the customer copy leaves
 * both out, as the PDFs leave out owners' names and internal notes.
 * gather() fingerprints every shown cell.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_stmt.h"
#include "model_records.h"
#include "pdf.h"
#include "pool.h"
#include "present.h"
#include "report.h"
#include "xlsx.h"

/* A period's reviews are bounded before anything is laid out. */
#define REVIEWS_WB_MAX	100000

enum err
reviews_gather(struct report_ctx *c)
{
	struct mtable	*t;
	const char	*until;
	size_t		 i;
	enum err	 e;

	if ((t = pool_calloc(c->pool, 1, sizeof(*t))) == NULL)
		return ERR_NOMEM;
	/* The period's end, or as_of when that comes first. */
	until = strcmp(c->as_of, c->period.end) < 0 ? c->as_of : c->period.end;
	if ((e = model_reviews_page(c->db, c->pool, c->gap.org.id,
	    c->period.start, until, NULL, NULL, NULL, REVIEWS_WB_MAX + 1,
	    t)) != ERR_OK)
		return e;
	if (t->nrows > REVIEWS_WB_MAX)
		return ERR_TOO_LARGE;
	report_fp(c, until);
	for (i = 0; i < t->nrows; i++) {
		report_fp(c, MT(t, i, REVIEW_ROW_ID));
		report_fp(c, MT(t, i, REVIEW_ROW_CONTROL));
		report_fp(c, MT(t, i, REVIEW_ROW_REVIEWED_AT));
		report_fp(c, MT(t, i, REVIEW_ROW_RESULT));
		report_fp(c, MT(t, i, REVIEW_ROW_NEXT_REVIEW_DUE));
		report_fp(c, MT(t, i, REVIEW_ROW_SOURCE_ID));
		if (!c->req->customer) {
			report_fp(c, MT(t, i, REVIEW_ROW_REVIEWER));
			report_fp(c, MT(t, i, REVIEW_ROW_NOTES));
		}
	}
	c->data = t;
	return ERR_OK;
}

enum err
reviews_workbook(struct report_ctx *c)
{
	static const struct present_col cols[REVIEW_ROW__MAX] = {
		[REVIEW_ROW_ID] = { "Id", 0, 0, PDF_ALIGN_RIGHT, false },
		[REVIEW_ROW_CONTROL] = { "Control", 0, 0, PDF_ALIGN_LEFT, false },
		[REVIEW_ROW_REVIEWED_AT] = { "Reviewed", 0, 0, PDF_ALIGN_LEFT,
		    false },
		[REVIEW_ROW_REVIEWER] = { "Reviewer", 0, 0, PDF_ALIGN_LEFT, true },
		[REVIEW_ROW_RESULT] = { "Result", 0, 0, PDF_ALIGN_LEFT, false },
		[REVIEW_ROW_NOTES] = { "Notes", 0, 0, PDF_ALIGN_LEFT, true },
		[REVIEW_ROW_NEXT_REVIEW_DUE] = { "Next review due", 0, 0,
		    PDF_ALIGN_LEFT, false },
		[REVIEW_ROW_SOURCE_ID] = { "Source id", 0, 0, PDF_ALIGN_LEFT,
		    false },
	};
	const struct mtable	*t = c->data;
	struct present_table	 pt;
	struct xlsx_cell	 v[REVIEW_ROW__MAX];
	const char		*res;
	size_t			 i;

	present_sheet_begin(c, &pt, "Reviews", cols, REVIEW_ROW__MAX, NULL);
	for (i = 0; i < t->nrows; i++) {
		res = MT(t, i, REVIEW_ROW_RESULT);
		v[REVIEW_ROW_ID] = xlsx_int(strtoll(MT(t, i, REVIEW_ROW_ID),
		    NULL, 10));
		v[REVIEW_ROW_CONTROL] = xlsx_text(MT(t, i, REVIEW_ROW_CONTROL));
		v[REVIEW_ROW_REVIEWED_AT] = xlsx_date(MT(t, i,
		    REVIEW_ROW_REVIEWED_AT));
		v[REVIEW_ROW_REVIEWER] = xlsx_text(MT(t, i, REVIEW_ROW_REVIEWER));
		v[REVIEW_ROW_RESULT] = xlsx_fill(xlsx_text(res),
		    strcmp(res, "effective") == 0 ? PDF_FILL_GOOD :
		    strcmp(res, "ineffective") == 0 ? PDF_FILL_BAD :
		    PDF_FILL_PARTIAL);
		v[REVIEW_ROW_NOTES] = xlsx_text(MT(t, i, REVIEW_ROW_NOTES));
		v[REVIEW_ROW_NEXT_REVIEW_DUE] = xlsx_date(MT(t, i,
		    REVIEW_ROW_NEXT_REVIEW_DUE));
		v[REVIEW_ROW_SOURCE_ID] = xlsx_text(MT(t, i,
		    REVIEW_ROW_SOURCE_ID));
		present_sheet_row(c, &pt, v);
	}
	return ERR_OK;
}
