#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gap.h"
#include "jw.h"
#include "pct.h"
#include "pdf.h"
#include "present.h"
#include "report.h"
#include "xlsx.h"

const char *
present_pct(struct report_ctx *c, double v, bool defined)
{
	char	t[PCT_LEN];

	if (!defined)
		return "n/a";
	if (!pct_text(v, t))
		return report_fail(c, ERR_INTERNAL);
	return report_fmt(c, "%s", t);
}

const char *
present_score(struct report_ctx *c, const struct gap_score *s, bool strict)
{
	return present_pct(c, strict ? s->strict : s->coverage, s->defined);
}

const char *
present_status(enum gap_status s)
{
	switch (s) {
	case GAP_COVERED:
		return "covered";
	case GAP_PARTIAL:
		return "partial";
	case GAP_GAP:
		return "gap";
	case GAP_NOT_APPLICABLE:
		return "not applicable";
	case GAP_UNMAPPED:
		return "unmapped";
	}
	return "?";
}

enum pdf_fill
present_status_fill(enum gap_status s)
{
	switch (s) {
	case GAP_COVERED:
		return PDF_FILL_GOOD;
	case GAP_PARTIAL:
		return PDF_FILL_PARTIAL;
	case GAP_GAP:
		return PDF_FILL_BAD;
	default:
		return PDF_FILL_MUTED;
	}
}

void
present_table_begin(struct report_ctx *c, struct present_table *t,
    const struct present_col *cols, size_t n, const bool *hide,
    unsigned pdf_flags)
{
	struct pdf_column	out[PDF_COLS_MAX];
	size_t			i, k = 0;

	memset(t, 0, sizeof(*t));
	t->ncols = n < PDF_COLS_MAX ? n : PDF_COLS_MAX;
	for (i = 0; i < t->ncols; i++) {
		t->keep[i] = !(cols[i].internal && c->req->customer) &&
		    (hide == NULL || !hide[i]);
		if (!t->keep[i])
			continue;
		out[k].title = cols[i].title;
		out[k].width = cols[i].width;
		out[k].weight = cols[i].weight;
		out[k].align = cols[i].align;
		k++;
	}
	pdf_table_begin(c->pdf, out, k, pdf_flags);
}

void
present_table_row(struct report_ctx *c, const struct present_table *t,
    const char *const *cells, const enum pdf_fill *fills)
{
	const char	*kc[PDF_COLS_MAX];
	enum pdf_fill	 kf[PDF_COLS_MAX];
	size_t		 i, k = 0;

	for (i = 0; i < t->ncols; i++) {
		if (!t->keep[i])
			continue;
		kc[k] = cells[i];
		kf[k] = fills != NULL ? fills[i] : PDF_FILL_NONE;
		k++;
	}
	pdf_table_row(c->pdf, kc, fills != NULL ? kf : NULL);
}

void
present_sheet_begin(struct report_ctx *c, struct present_table *t,
    const char *name, const struct present_col *cols, size_t n,
    const bool *hide)
{
	const char	*head[XLSX_COLS_MAX];
	size_t		 i, k = 0;

	memset(t, 0, sizeof(*t));
	t->ncols = n < XLSX_COLS_MAX ? n : XLSX_COLS_MAX;
	for (i = 0; i < t->ncols; i++) {
		t->keep[i] = !(cols[i].internal && c->req->customer) &&
		    (hide == NULL || !hide[i]);
		if (t->keep[i])
			head[k++] = cols[i].title;
	}
	xlsx_sheet(c->xlsx, name, head, k);
	c->nsheets++;
}

void
present_sheet_row(struct report_ctx *c, const struct present_table *t,
    const struct xlsx_cell *cells)
{
	struct xlsx_cell	kc[XLSX_COLS_MAX];
	size_t			i, k = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->keep[i])
			kc[k++] = cells[i];
	xlsx_row(c->xlsx, kc, k);
}

struct xlsx_cell
present_status_cell(enum gap_status s)
{
	return xlsx_fill(xlsx_text(present_status(s)), present_status_fill(s));
}

struct xlsx_cell
present_score_cell(const struct gap_score *s, bool strict)
{
	char	t[JW_FIXED_LEN];

	if (!s->defined)
		return xlsx_pct(0, false);
	jw_fixed_text(strict ? s->strict : s->coverage, 4, t);
	return xlsx_pct(strtod(t, NULL), true);
}
