/*
 * chart_pdf.h — the PDF back end of the charts: a chart drawn into a
 * document as vector paths and text, not pixels.
 *
 * The chart is laid out by chart.c with the widths of the document's
 * embedded DejaVu faces and drawn with libharu's path operators; its
 * text (title, legend, axis titles, tick labels, values) is set in those
 * faces, so a PDF reader can select, search and read it aloud, and it
 * prints sharp at any resolution.
 */
#ifndef ANNEXA_CHART_PDF_H
#define ANNEXA_CHART_PDF_H

#include "chart.h"
#include "errcode.h"
#include "pdf.h"

/*
 * Draws the chart of d, laid out in width x height logical units, into
 * the flow of pdf as width x height points (shrunk to fit the body,
 * keeping its shape, as pdf_canvas() places a drawing), clipped to its
 * box.  Returns ERR_OK; a validation error as chart_render() with the
 * document untouched, so that the caller may say in words why there is
 * no chart; or the document's sticky error (pdf_error()) when it has
 * failed, before or while drawing.
 */
enum err	 chart_pdf(struct pdf *, const struct chart_data *d, int width,
		    int height);

#endif
