/*
 * xlsx.c — workbooks through libxlsxwriter (see xlsx.h for the contract).
 *
 * libxlsxwriter writes a file, so a workbook is written to a private
 * temporary file (mkstemp, mode 0600) and read back by xlsx_finish(); the
 * file is removed on every path.  Formats are workbook objects: one per
 * cell type and fill, made when first used.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "pdf.h"
#include "xlsx.h"

struct xlsx {
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	char		 path[4096];
	bool		 have_path;
	enum err	 error;
	lxw_format	*fmt[XLSX__MAX][PDF_FILL__MAX];
	lxw_format	*header;
	size_t		 ncols;
	size_t		 row;		/* rows written, header excluded */
	size_t		 width[XLSX_COLS_MAX];
	/* Strings libxlsxwriter keeps pointers to until it closes. */
	char		 title[256], subject[256], author[256], company[256];
};

static void
xlsx_fail(struct xlsx *x, enum err e)
{
	if (x->error == ERR_OK)
		x->error = e != ERR_OK ? e : ERR_INTERNAL;
}

struct xlsx_cell
xlsx_text(const char *s)
{
	struct xlsx_cell	c = { XLSX_TEXT, s, 0, PDF_FILL_NONE };

	if (s == NULL)
		c.type = XLSX_EMPTY;
	return c;
}

struct xlsx_cell
xlsx_date(const char *s)
{
	struct xlsx_cell	c = { XLSX_DATE, s, 0, PDF_FILL_NONE };

	if (s == NULL)
		c.type = XLSX_EMPTY;
	return c;
}

struct xlsx_cell
xlsx_int(long long v)
{
	struct xlsx_cell	c = { XLSX_INT, NULL, (double)v, PDF_FILL_NONE };

	return c;
}

struct xlsx_cell
xlsx_pct(double v, bool defined)
{
	struct xlsx_cell	c = { XLSX_PCT, NULL, v, PDF_FILL_NONE };

	if (!defined)
		c.type = XLSX_EMPTY;
	return c;
}

struct xlsx_cell
xlsx_fill(struct xlsx_cell c, enum pdf_fill f)
{
	c.fill = f;
	return c;
}

struct xlsx *
xlsx_new(const struct xlsx_opts *o)
{
	lxw_workbook_options	 wo;
	lxw_doc_properties	 props;
	struct xlsx		*x;
	const char		*dir = o->tmpdir;
	int			 fd, n;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	if (dir == NULL && (dir = getenv("TMPDIR")) == NULL)
		dir = "/tmp";
	n = snprintf(x->path, sizeof(x->path), "%s/annexa-xlsx-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(x->path) ||
	    (fd = mkstemp(x->path)) == -1) {
		free(x);
		return NULL;
	}
	close(fd);
	x->have_path = true;
	memset(&wo, 0, sizeof(wo));
	wo.tmpdir = (char *)dir;
	if ((x->wb = workbook_new_opt(x->path, &wo)) == NULL) {
		xlsx_free(x);
		return NULL;
	}
	snprintf(x->title, sizeof(x->title), "%s", o->title ? o->title : "");
	snprintf(x->subject, sizeof(x->subject), "%s", o->subject ? o->subject :
	    "");
	snprintf(x->author, sizeof(x->author), "%s", o->author ? o->author : "");
	snprintf(x->company, sizeof(x->company), "%s", o->company ? o->company :
	    "");
	memset(&props, 0, sizeof(props));
	props.title = x->title;
	props.subject = x->subject;
	props.author = x->author;
	props.company = x->company;
	/* Never the clock: the same data gives the same bytes. */
	props.created = o->created;
	if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR)
		xlsx_fail(x, ERR_NOMEM);
	if ((x->header = workbook_add_format(x->wb)) == NULL)
		xlsx_fail(x, ERR_NOMEM);
	else {
		format_set_bold(x->header);
		format_set_bg_color(x->header, 0x263849);
		format_set_font_color(x->header, LXW_COLOR_WHITE);
	}
	return x;
}

/* The format of a cell type and fill, made on first use. */
static lxw_format *
cell_format(struct xlsx *x, enum xlsx_type t, enum pdf_fill f)
{
	lxw_format	*fm;

	if ((unsigned)f >= PDF_FILL__MAX)
		f = PDF_FILL_NONE;
	if (x->fmt[t][f] != NULL)
		return x->fmt[t][f];
	if (t != XLSX_DATE && t != XLSX_TIME && t != XLSX_PCT &&
	    f == PDF_FILL_NONE)
		return NULL;	/* the default format */
	if ((fm = workbook_add_format(x->wb)) == NULL) {
		xlsx_fail(x, ERR_NOMEM);
		return NULL;
	}
	if (f != PDF_FILL_NONE)
		format_set_bg_color(fm, pdf_fill_rgb24(f));
	if (t == XLSX_DATE)
		format_set_num_format(fm, "yyyy-mm-dd");
	else if (t == XLSX_TIME)
		format_set_num_format(fm, "yyyy-mm-dd hh:mm:ss");
	else if (t == XLSX_PCT)
		format_set_num_format(fm, "0.0%");
	x->fmt[t][f] = fm;
	return fm;
}

/* Characters (UTF-8 code points) of the longest line of s. */
static size_t
text_width(const char *s)
{
	size_t	w = 0, line = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			line = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++line > w)
			w = line;
	}
	return w;
}

static void
widen(struct xlsx *x, size_t col, size_t w)
{
	if (col < XLSX_COLS_MAX && w > x->width[col])
		x->width[col] = w;
}

/* Autofilter and column widths of the current sheet. */
static void
finish_sheet(struct xlsx *x)
{
	size_t	i, w;

	if (x->ws == NULL || x->error != ERR_OK)
		return;
	if (worksheet_autofilter(x->ws, 0, 0, (lxw_row_t)x->row,
	    (lxw_col_t)(x->ncols - 1)) != LXW_NO_ERROR)
		xlsx_fail(x, ERR_INTERNAL);
	for (i = 0; i < x->ncols; i++) {
		/* Room for the filter button, and a cap for long prose. */
		w = x->width[i] + 3;
		if (w > XLSX_WIDTH_MAX)
			w = XLSX_WIDTH_MAX;
		if (worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i,
		    (double)w, NULL) != LXW_NO_ERROR)
			xlsx_fail(x, ERR_INTERNAL);
	}
}

void
xlsx_sheet(struct xlsx *x, const char *name, const char *const *headers,
    size_t n)
{
	size_t	i;

	if (x->error != ERR_OK)
		return;
	if (n == 0 || n > XLSX_COLS_MAX) {
		xlsx_fail(x, ERR_INTERNAL);
		return;
	}
	finish_sheet(x);
	if ((x->ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		xlsx_fail(x, ERR_INTERNAL);
		return;
	}
	x->ncols = n;
	x->row = 0;
	memset(x->width, 0, sizeof(x->width));
	for (i = 0; i < n; i++) {
		if (worksheet_write_string(x->ws, 0, (lxw_col_t)i, headers[i],
		    x->header) != LXW_NO_ERROR)
			xlsx_fail(x, ERR_INTERNAL);
		widen(x, i, text_width(headers[i]));
	}
	worksheet_freeze_panes(x->ws, 1, 0);
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" into d; false when not so. */
static bool
parse_when(const char *s, bool with_time, lxw_datetime *d)
{
	int	n = 0, sec = 0;

	memset(d, 0, sizeof(*d));
	if (with_time) {
		if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &d->year, &d->month,
		    &d->day, &d->hour, &d->min, &sec, &n) != 6)
			return false;
		d->sec = sec;
	} else if (sscanf(s, "%4d-%2d-%2d%n", &d->year, &d->month, &d->day,
	    &n) != 3)
		return false;
	return s[n] == '\0' && d->year >= 1900 && d->month >= 1 &&
	    d->month <= 12 && d->day >= 1 && d->day <= 31;
}

void
xlsx_row(struct xlsx *x, const struct xlsx_cell *cells, size_t n)
{
	const struct xlsx_cell	*c;
	lxw_datetime		 d;
	lxw_format		*fm;
	lxw_row_t		 r;
	lxw_col_t		 col;
	lxw_error		 le = LXW_NO_ERROR;
	size_t			 i;
	char			 num[32];

	if (x->error != ERR_OK)
		return;
	if (x->ws == NULL || n > x->ncols) {
		xlsx_fail(x, ERR_INTERNAL);
		return;
	}
	r = (lxw_row_t)(x->row + 1);
	for (i = 0; i < n && le == LXW_NO_ERROR; i++) {
		c = &cells[i];
		col = (lxw_col_t)i;
		if ((unsigned)c->type >= XLSX__MAX) {
			xlsx_fail(x, ERR_INTERNAL);
			return;
		}
		fm = cell_format(x, c->type, c->fill);
		switch (c->type) {
		case XLSX_EMPTY:
			if (c->fill != PDF_FILL_NONE)
				le = worksheet_write_blank(x->ws, r, col, fm);
			break;
		case XLSX_TEXT:
			/* A string cell: libxlsxwriter never makes it a formula. */
			le = worksheet_write_string(x->ws, r, col, c->text, fm);
			widen(x, i, text_width(c->text));
			break;
		case XLSX_INT:
		case XLSX_NUMBER:
			le = worksheet_write_number(x->ws, r, col, c->num, fm);
			snprintf(num, sizeof(num), "%g", c->num);
			widen(x, i, strlen(num));
			break;
		case XLSX_PCT:
			le = worksheet_write_number(x->ws, r, col, c->num, fm);
			widen(x, i, 6);
			break;
		case XLSX_DATE:
		case XLSX_TIME:
			if (!parse_when(c->text, c->type == XLSX_TIME, &d)) {
				/* Not a date after all: show what there is. */
				le = worksheet_write_string(x->ws, r, col, c->text,
				    cell_format(x, XLSX_TEXT, c->fill));
				widen(x, i, text_width(c->text));
				break;
			}
			le = worksheet_write_datetime(x->ws, r, col, &d, fm);
			widen(x, i, c->type == XLSX_TIME ? 19 : 10);
			break;
		default:
			break;
		}
	}
	if (le != LXW_NO_ERROR)
		xlsx_fail(x, le == LXW_ERROR_MEMORY_MALLOC_FAILED ? ERR_NOMEM :
		    ERR_TOO_LARGE);
	x->row++;
}

enum err
xlsx_error(const struct xlsx *x)
{
	return x->error;
}

size_t
xlsx_rows(const struct xlsx *x)
{
	return x->row;
}

enum err
xlsx_finish(struct xlsx *x, struct buf *out)
{
	FILE		*f = NULL;
	char		 chunk[16384];
	size_t		 n;
	lxw_error	 le;
	enum err	 e;

	finish_sheet(x);
	le = workbook_close(x->wb);	/* frees the workbook, always */
	x->wb = NULL;
	if (le != LXW_NO_ERROR)
		xlsx_fail(x, ERR_INTERNAL);
	if (x->error == ERR_OK && (f = fopen(x->path, "rb")) == NULL)
		xlsx_fail(x, ERR_INTERNAL);
	while (f != NULL && x->error == ERR_OK &&
	    (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	if (f != NULL && (ferror(f) || buf_failed(out)))
		xlsx_fail(x, buf_failed(out) ? ERR_NOMEM : ERR_INTERNAL);
	if (f != NULL)
		fclose(f);
	e = x->error;
	xlsx_free(x);
	return e;
}

void
xlsx_free(struct xlsx *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL)
		workbook_close(x->wb);	/* libxlsxwriter has no discard */
	if (x->have_path)
		unlink(x->path);
	free(x);
}
