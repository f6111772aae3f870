/*
 * present.h — how every report shows the same thing the same way: gap
 * statuses (their words and their fills), percentages, and tables that
 * leave out internal columns for the customer audience.
 *
 * One precision for percentages in documents: one decimal, "43.8 %"
 * (src/pct.h, which the charts use too); the JSON API keeps the fraction with four
 * decimals.  One word per status, the words people read ("not
 * applicable"); the API's machine tokens are gap_status_name()'s.
 */
#ifndef ANNEXA_PRESENT_H
#define ANNEXA_PRESENT_H

#include <stdbool.h>
#include <stddef.h>

#include "gap.h"
#include "pdf.h"
#include "xlsx.h"

struct report_ctx;

/* v as "43.8 %" in the report's pool, or "n/a" when !defined. */
const char	*present_pct(struct report_ctx *, double v, bool defined);
/* A score's coverage (strict: its strict score) as present_pct(). */
const char	*present_score(struct report_ctx *, const struct gap_score *,
		    bool strict);
/* The word a document prints for a status: "covered" ... "not applicable". */
const char	*present_status(enum gap_status);
/* The fill a document gives a status cell. */
enum pdf_fill	 present_status_fill(enum gap_status);

/*
 * Tables for an audience.  A column marked internal (owners' names and
 * the like) is left out of the customer copy; a caller may also hide
 * columns by their index (hide: NULL, or one flag per column, indexed by
 * the table's own column enum).  Rows always pass every column's cell.
 */
struct present_col {
	const char	*title;
	double		 width;
	double		 weight;
	enum pdf_align	 align;
	bool		 internal;
};

/* Room for a PDF table's columns and a sheet's. */
#define PRESENT_COLS_MAX	(XLSX_COLS_MAX > PDF_COLS_MAX ? XLSX_COLS_MAX : \
				    PDF_COLS_MAX)

struct present_table {
	bool	keep[PRESENT_COLS_MAX];
	size_t	ncols;		/* all, kept or not */
};

void		 present_table_begin(struct report_ctx *,
		    struct present_table *, const struct present_col *,
		    size_t n, const bool *hide, unsigned pdf_flags);
/* One row: cells and fills (NULL: none) for all ncols columns. */
void		 present_table_row(struct report_ctx *,
		    const struct present_table *, const char *const *cells,
		    const enum pdf_fill *fills);

/*
 * Workbook sheets for an audience, as the tables above are for PDFs: a
 * column marked internal is not written at all in the customer copy (not
 * hidden: absent), nor is a column hidden by the caller.  The sheet is
 * counted in the context's nsheets.
 */
void		 present_sheet_begin(struct report_ctx *,
		    struct present_table *, const char *name,
		    const struct present_col *, size_t n, const bool *hide);
/* One row: cells for all ncols columns. */
void		 present_sheet_row(struct report_ctx *,
		    const struct present_table *, const struct xlsx_cell *);
/* A status as its word with its fill, as a PDF shows it. */
struct xlsx_cell present_status_cell(enum gap_status);
/*
 * A score as a percentage cell holding the fraction the JSON API gives
 * (four decimals, the same digits), empty when the score is undefined.
 */
struct xlsx_cell present_score_cell(const struct gap_score *, bool strict);

#endif
