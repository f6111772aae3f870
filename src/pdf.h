/*
 * pdf.h — the PDF layer every report uses: a flowing document builder
 * over libharu.
 *
 * A document is A4 portrait with DejaVu Sans and DejaVu Sans Bold
 * embedded from a font directory, UTF-8 text, a running header (report
 * title left, organisation right, thin rule), a footer (short text left,
 * "Page x of y" centred, written by pdf_finish), bookmarks for headings
 * and Flate compression.  The only time in the file is the generation
 * time given in the options (the info /CreationDate); there is no /ID,
 * so the same calls with the same options give the same bytes.
 *
 * Errors are sticky, as in Cairo: the first error (of libharu, recorded
 * by an error handler that never longjmps, or of this layer: bad or
 * oversized input) is kept, every later call does nothing, and the
 * caller checks once, with pdf_error() or the return of pdf_finish().
 *
 * Text is UTF-8.  Invalid sequences and characters libharu's UTF-8
 * encoder cannot write (above U+CFFF) become '?'; control characters are
 * dropped, tabs become spaces and '\n' breaks the line where text may
 * span lines.  Lines wrap at spaces; a word wider than its column is
 * broken between characters, never inside one.
 *
 * A struct pdf is not thread-safe: use one per thread.  It may be reused
 * for any number of documents with pdf_reset(), which keeps the parsed
 * TrueType fonts (libharu's HPDF_NewDoc keeps font definitions); the
 * output is byte-identical to that of a fresh struct pdf.  Give threads
 * that build PDFs at least 512 KiB of stack (libharu's font parsing, on
 * a struct's first document, is deep).  pdf_finish() may deflate half of
 * a long document's pages on a thread of its own, which it joins before
 * it returns.
 */
#ifndef ANNEXA_PDF_H
#define ANNEXA_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "errcode.h"

/* Limits: more is ERR_TOO_LARGE. */
#define PDF_LABEL_MAX	512	/* bytes: title, organisation, heading, key */
#define PDF_CELL_MAX	4000	/* bytes in one table cell */
#define PDF_TEXT_MAX	65536	/* bytes in one paragraph, note or value */
#define PDF_COLS_MAX	12	/* columns in a table */
#define PDF_PAGES_MAX	1000	/* pages in a document */

/* The writable area of every page, in points (A4 less the margins). */
#define PDF_BODY_WIDTH	481.89
#define PDF_BODY_HEIGHT	715.89

struct pdf;

/*
 * The options of one document.  The strings are copied; NULL is empty.
 * font_dir holds DejaVuSans.ttf and DejaVuSans-Bold.ttf.
 */
struct pdf_opts {
	const char	*font_dir;
	const char	*title;		/* info /Title and header, left */
	const char	*author;	/* info /Author */
	const char	*subject;	/* info /Subject */
	const char	*organisation;	/* header, right */
	const char	*footer;	/* footer, left: e.g. the report id */
	/*
	 * A line drawn on every page below the footer, small and light, out
	 * of the body's way (a share link's "Prepared for ..."), and the
	 * info /Keywords.  NULL or empty: none.  At most PDF_LABEL_MAX bytes.
	 */
	const char	*watermark;
	const char	*keywords;	/* info /Keywords */
	time_t		 generated;	/* info /CreationDate */
	int		 utc_offset;	/* minutes east of UTC, |x| <= 14 h */
};

enum pdf_align {
	PDF_ALIGN_LEFT = 0,
	PDF_ALIGN_CENTRE,
	PDF_ALIGN_RIGHT,
	PDF_ALIGN__MAX
};

/*
 * Cell fills: light tints of the Okabe–Ito palette.  GOOD, PARTIAL and
 * BAD stay at least 19 apart (CIE76 delta E) under simulated
 * deuteranopia, protanopia and tritanopia, and the text on any fill has
 * a contrast of 8.7:1 or more.  Colour must not be the only cue: the
 * cell text still says the status.
 */
enum pdf_fill {
	PDF_FILL_NONE = 0,
	PDF_FILL_GOOD,		/* e.g. covered: bluish green */
	PDF_FILL_PARTIAL,	/* e.g. partial: yellow */
	PDF_FILL_BAD,		/* e.g. gap: vermillion */
	PDF_FILL_MUTED,		/* e.g. not applicable: grey */
	PDF_FILL__MAX
};

/*
 * A fill as 0xRRGGBB, so that other documents (workbooks) colour a status
 * with the same tint as a PDF does; PDF_FILL_NONE is white.
 */
unsigned	pdf_fill_rgb24(enum pdf_fill);

/*
 * A table column.  width > 0 is a fixed width in points; columns with
 * width 0 share what is left in proportion to weight (0 counts as 1).
 * Every column must come out at least 24 points wide.
 */
struct pdf_column {
	const char	*title;
	double		 width;
	double		 weight;
	enum pdf_align	 align;
};

#define PDF_TABLE_ZEBRA	0x01	/* shade every second row */

/*
 * Returns a new document owned by the caller (pdf_free), or NULL when
 * memory runs out.  A failure after that, such as a missing font, is
 * the document's sticky error: check pdf_error().
 */
struct pdf	*pdf_new(const struct pdf_opts *);

/*
 * Drops the current document, finished or not, and starts a new one
 * with opts, keeping the loaded fonts when font_dir is the same and the
 * last document had no libharu error.  Clears the sticky error; returns
 * the new document's state (as pdf_error()).
 */
enum err	 pdf_reset(struct pdf *, const struct pdf_opts *);

/* Frees the document and everything it holds; accepts NULL. */
void		 pdf_free(struct pdf *);

/* Returns the first error, or ERR_OK. */
enum err	 pdf_error(const struct pdf *);


/*
 * Flowing content.  Each starts a page when the current one is full and
 * ends an open table.  pdf_heading() takes level 1 or 2 and adds a
 * bookmark (level 2 under the last level 1); it is drawn with the next
 * content, on the same page as that content's first piece (a paragraph's
 * first lines, a table's header and first row, a chart).  pdf_title()
 * is the large title of a cover block.
 */
void	pdf_title(struct pdf *, const char *title, const char *subtitle);
void	pdf_heading(struct pdf *, int level, const char *);
void	pdf_paragraph(struct pdf *, const char *);
void	pdf_note(struct pdf *, const char *);
void	pdf_keyvalue(struct pdf *, const char *key, const char *value);
void	pdf_space(struct pdf *, double points);
void	pdf_page_break(struct pdf *);

/*
 * Tables.  pdf_table_begin() copies the columns.  The header row is
 * drawn with the first row, so the two stay together, and again at the
 * top of every page the table reaches.  pdf_table_row() takes ncols
 * cells (NULL is empty) and optional fills (NULL for none).  A row is
 * kept on one page; a row taller than a page continues on the next one,
 * marked at the cut.  pdf_table_end() closes the table (any other
 * content does too); a table without rows still shows its header.
 */
void	pdf_table_begin(struct pdf *, const struct pdf_column *, size_t ncols,
	    unsigned flags);
void	pdf_table_row(struct pdf *, const char *const *cells,
	    const enum pdf_fill *fills);
void	pdf_table_end(struct pdf *);

/*
 * Writes the footers, saves the document and appends its bytes to out;
 * stores the page count in *pages (may be NULL).  Returns the sticky
 * error, or ERR_NOMEM/ERR_TOO_LARGE when out cannot take the bytes.  On
 * error nothing is appended (an out that ran out of memory stays failed,
 * see buf.h).  The document is then finished: only pdf_reset() and
 * pdf_free() remain.
 */
enum err	 pdf_finish(struct pdf *, struct buf *out, int *pages);

#endif
