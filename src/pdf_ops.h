/*
 * pdf_ops.h — a page's content stream, written by annexa: the drawing
 * operators of PDF 1.7 section 8 and 9 in their shortest form, with the
 * graphics state already set remembered so that it is not written again.
 *
 * libharu writes each operator through its own buffers (cleared for
 * every call), puts every text in a text object of its own with its font
 * and colour again, as hexadecimal, and numbers with five decimals; for
 * a report that was most of its time and a quarter of its compressed
 * bytes.  pdf.c and chart_pdf.c draw through this instead; pdf.c hands
 * the bytes to the page when the document is saved (pdf_stream.h).
 *
 * Numbers are written with at most three decimals (a thousandth of a
 * point is 0.35 micrometres; colours are steps of 1/1000).  Everything
 * here is plain byte output: no operator is checked against the state a
 * PDF reader would be in, so callers keep to the order PDF wants (the
 * colour and the line before a path; text only between the two text
 * operators this writes itself).  Memory runs out quietly: pdf_ops_failed()
 * says so, and the bytes are then not to be used.
 */
#ifndef ANNEXA_PDF_OPS_H
#define ANNEXA_PDF_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Nested q ... Q a content stream may use here. */
#define PDF_OPS_DEPTH	4

/* What has been set; "known" false means not set since the last Q. */
struct pdf_ops_state {
	bool		 fill_known, stroke_known, width_known;
	bool		 cap_known, font_known;
	double		 fill[3], stroke[3];
	double		 width;
	bool		 round;
	int		 font;		/* the caller's font number */
	double		 size;
};

struct pdf_ops {
	struct buf		 b;
	struct pdf_ops_state	 st;
	struct pdf_ops_state	 saved[PDF_OPS_DEPTH];
	int			 depth;
	bool			 failed;	/* unbalanced q/Q, or a bad argument */
};

void	pdf_ops_init(struct pdf_ops *);
/* Empties o for another page, keeping its memory. */
void	pdf_ops_reset(struct pdf_ops *);
void	pdf_ops_free(struct pdf_ops *);
bool	pdf_ops_failed(const struct pdf_ops *);

/* rg and RG: the fill and stroke colours, components 0 to 1. */
void	pdf_ops_fill(struct pdf_ops *, double r, double g, double b);
void	pdf_ops_stroke(struct pdf_ops *, double r, double g, double b);
/* w; and J with j together: round caps and joins, or butt and miter. */
void	pdf_ops_line_width(struct pdf_ops *, double);
void	pdf_ops_line_round(struct pdf_ops *, bool round);

/* Path construction: m, l, c, re, h. */
void	pdf_ops_move(struct pdf_ops *, double x, double y);
void	pdf_ops_line(struct pdf_ops *, double x, double y);
void	pdf_ops_curve(struct pdf_ops *, double x1, double y1, double x2,
	    double y2, double x3, double y3);
void	pdf_ops_rect(struct pdf_ops *, double x, double y, double w, double h);
void	pdf_ops_close(struct pdf_ops *);

/* How a path ends. */
enum pdf_ops_paint {
	PDF_OPS_FILL,		/* f */
	PDF_OPS_STROKE,		/* S */
	PDF_OPS_FILL_STROKE,	/* B */
	PDF_OPS_CLIP,		/* W n: clip to it, draw nothing */
	PDF_OPS_NONE		/* n */
};
void	pdf_ops_paint(struct pdf_ops *, enum pdf_ops_paint);

/* q and Q; what Q restores is known again as it was at q. */
void	pdf_ops_save(struct pdf_ops *);
void	pdf_ops_restore(struct pdf_ops *);

/*
 * Tf: the font a resource name stands for (name without the slash, as
 * libharu's HPDF_Page_GetLocalFontName() gives it; font is the caller's
 * number for it, to know when it changes) at size points.
 */
void	pdf_ops_font(struct pdf_ops *, int font, const char *name,
	    double size);

/*
 * One text object showing n two-byte codes (big-endian, as the fonts'
 * Identity-H encoding reads them) with its origin at x, y; turned a
 * quarter left (reading upwards) when up.  The font and the fill colour
 * are what was set before.
 */
void	pdf_ops_text(struct pdf_ops *, double x, double y, bool up,
	    const uint16_t *codes, size_t n);

#endif
