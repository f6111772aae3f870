/*
 * pdf_canvas.h — a box in a document's flow to draw in (vector charts),
 * for the few modules that draw on a page themselves; reports use pdf.h
 * only.  Implemented in pdf.c, which owns the page, the fonts and the
 * flow.
 */
#ifndef ANNEXA_PDF_CANVAS_H
#define ANNEXA_PDF_CANVAS_H

#include <stdbool.h>

#include "errcode.h"
#include "pdf.h"
#include "pdf_ops.h"

/*
 * What a drawing may use: the page's content stream (pdf_ops.h) for
 * paths and colours, pdf_canvas_text() for text in the document's two
 * embedded DejaVu faces, and its box in PDF points with the origin at
 * the page's bottom left.
 */
struct pdf_canvas {
	struct pdf	*pdf;
	struct pdf_ops	*ops;
	double		 x, y;		/* bottom left corner */
	double		 width, height;
};

/*
 * Draws on the canvas; returns ERR_OK or the error to record.  It must
 * end every path it starts; pdf_canvas() saves and restores the graphics
 * state around it.
 */
typedef enum err (*pdf_canvas_fn)(const struct pdf_canvas *, void *arg);

/*
 * Places a drawing of width x height points in the flow (centred, shrunk
 * to fit the body keeping its aspect ratio, on the next page when this
 * one is full, with a pending heading), then calls draw with the box it
 * got.  An error of draw becomes the document's sticky error.  Does
 * nothing once the document has failed.
 */
void	pdf_canvas(struct pdf *, double width, double height,
	    pdf_canvas_fn draw, void *arg);

/*
 * The width in points of UTF-8 text s set in the regular or bold face at
 * size points, as pdf_canvas_text() sets it: a character the fonts'
 * encoding cannot write (pdf.h) counts, and is shown, as '?'.
 */
double	pdf_canvas_width(const struct pdf_canvas *, bool bold, double size,
	    const char *s);

/*
 * Shows s on one line with its origin at x, y (turned a quarter left to
 * read upwards when up), in the fill colour set last on the canvas.
 */
void	pdf_canvas_text(const struct pdf_canvas *, bool bold, double size,
	    double x, double y, bool up, const char *s);

#endif
