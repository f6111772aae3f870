/*
 * xlsx.h — spreadsheet workbooks (Office Open XML, .xlsx) through
 * libxlsxwriter, in the shape every annexa workbook has: sheets of one
 * header row and rows of typed cells.
 *
 * What a sheet always gets: its header row frozen, an autofilter over the
 * header and the rows, column widths that fit the longest value (capped),
 * dates as dates, percentages as numbers with a percentage format, and
 * the PDFs' status fills (pdf_fill_rgb24()).  Text is always written as
 * text: a cell starting with "=", "+", "-" or "@" is never a formula, and
 * no cell of any kind is a formula.
 *
 * The same cells and the same xlsx_opts give the same bytes: the
 * creation time written into the document properties and the zip
 * entries is opts->created, never the clock.
 *
 * Errors are sticky, as with Cairo: after the first failure every call
 * does nothing, and xlsx_finish() returns that failure.  The module knows
 * nothing of HTTP, the database or reports.
 */
#ifndef ANNEXA_XLSX_H
#define ANNEXA_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "errcode.h"
#include "pdf.h"

struct buf;
struct xlsx;

enum xlsx_type {
	XLSX_EMPTY,
	XLSX_TEXT,	/* text: always a string cell */
	XLSX_INT,	/* a whole number */
	XLSX_NUMBER,	/* num as it is */
	XLSX_PCT,	/* num is a fraction (0.4375), shown "43.8%" */
	XLSX_DATE,	/* text is "YYYY-MM-DD"; written as a date */
	XLSX_TIME,	/* text is "YYYY-MM-DD HH:MM:SS" (UTC); a date and time */
	XLSX__MAX
};

struct xlsx_cell {
	enum xlsx_type	 type;
	const char	*text;
	double		 num;
	enum pdf_fill	 fill;
};

/* Shorthands for a cell; a NULL text is an empty cell. */
struct xlsx_cell	xlsx_text(const char *);
struct xlsx_cell	xlsx_date(const char *);
struct xlsx_cell	xlsx_int(long long);
struct xlsx_cell	xlsx_pct(double, bool defined);
struct xlsx_cell	xlsx_fill(struct xlsx_cell, enum pdf_fill);

struct xlsx_opts {
	const char	*title;
	const char	*subject;
	const char	*author;
	const char	*company;
	time_t		 created;	/* document properties and zip entries */
	const char	*tmpdir;	/* NULL: $TMPDIR, else /tmp */
};

#define XLSX_COLS_MAX		32
#define XLSX_WIDTH_MAX		60	/* characters */

/*
 * A new workbook; NULL when memory or the temporary file (libxlsxwriter
 * writes to a file: a private one made with mkstemp() under tmpdir and
 * removed by xlsx_finish() or xlsx_free()) cannot be had.
 */
struct xlsx	*xlsx_new(const struct xlsx_opts *);
/*
 * Starts a sheet (name: at most 31 characters, none of []:*?/\) with its
 * header row of n titles (n <= XLSX_COLS_MAX); the previous sheet is
 * finished (autofilter, widths).
 */
void		 xlsx_sheet(struct xlsx *, const char *name,
		    const char *const *headers, size_t n);
/* Writes the next row of the current sheet: n cells. */
void		 xlsx_row(struct xlsx *, const struct xlsx_cell *, size_t n);
/* The first failure, or ERR_OK. */
enum err	 xlsx_error(const struct xlsx *);
/* Rows written to the current sheet, header excluded. */
size_t		 xlsx_rows(const struct xlsx *);
/*
 * Closes the workbook and appends its bytes to out; the workbook is
 * freed, whatever the result.
 */
enum err	 xlsx_finish(struct xlsx *, struct buf *out);
/* Frees a workbook not finished; NULL is fine. */
void		 xlsx_free(struct xlsx *);

#endif
