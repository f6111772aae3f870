/*
 * pdf_canvas.h — a box in a document's flow for drawing with libharu
 * directly (vector charts), for the few modules that draw on a page
 * themselves; reports use pdf.h only.  Implemented in pdf.c, which owns
 * the page, the fonts and the flow.
 */
#ifndef ANNEXA_PDF_CANVAS_H
#define ANNEXA_PDF_CANVAS_H

#include <hpdf.h>

#include "errcode.h"
#include "pdf.h"

/*
 * What a drawing may use: the page, the document's two embedded DejaVu
 * faces (UTF-8 encoded, as pdf.h describes for text), and its box in
 * PDF points with the origin at the page's bottom left.
 */
struct pdf_canvas {
	HPDF_Page	 page;
	HPDF_Font	 regular;
	HPDF_Font	 bold;
	double		 x, y;		/* bottom left corner */
	double		 width, height;
};

/*
 * Draws on the canvas; returns ERR_OK or the error to record.  It must
 * leave the page as it found it between paths and text objects (libharu
 * refuses page operators inside either); pdf_canvas() saves and restores
 * the graphics state around it.  libharu errors reach the document's
 * sticky error through its handler, as for any other content.
 */
typedef enum err (*pdf_canvas_fn)(const struct pdf_canvas *, void *arg);

/*
 * Places a drawing of width x height points in the flow as
 * pdf_image_rgb() places an image (centred, shrunk to fit the body
 * keeping its aspect ratio, on the next page when this one is full, with
 * a pending heading), then calls draw with the box it got.  An error of
 * draw becomes the document's sticky error.  Does nothing once the
 * document has failed.
 */
void	pdf_canvas(struct pdf *, double width, double height,
	    pdf_canvas_fn draw, void *arg);

#endif
