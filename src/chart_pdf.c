/*
 * chart_pdf.c — the PDF back end of the charts (chart_pdf.h states the
 * contract): replays a chart's drawing list (chart.c) onto a libharu page.
 *
 * The layout measures text with HPDF_Font_TextWidth() of the faces the
 * text is set in, so the chart is laid out with the metrics it is drawn
 * with.  Logical units map to points by one scale, the box's width over
 * the chart's; y flips, since PDF's origin is at the bottom left.
 *
 * PDF wants a path's colour, line width, caps and joins set before the
 * path is built (libharu refuses them inside a path), while the drawing
 * list names them with the paint that ends the path: so each path looks
 * ahead to its paint first.  State already set is not written again,
 * which keeps the content stream small.  Cairo's arcs become cubic
 * Bezier curves of at most a quarter turn each, which stay within
 * 0.03 % of the radius of the true circle.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <hpdf.h>

#include "buf.h"
#include "chart.h"
#include "chart_pdf.h"
#include "pdf.h"
#include "pdf_canvas.h"

/* What chart_pdf() hands to its pdf_canvas() callback. */
struct chart_pdf_job {
	const struct chart_data	*d;
	int			 width, height;
};

/* The embedded faces, and room for text as libharu can write it. */
struct chart_pdf_fonts {
	HPDF_Font	 font[CHART_FACE__MAX];
	struct buf	 tmp;
	bool		 failed;	/* tmp ran out of memory, once */
};

/* The graphics state written so far; "known" false: not yet written. */
struct chart_pdf_state {
	HPDF_Page		 page;
	const struct chart_pdf_fonts *fonts;
	double			 x0, y0;	/* the chart's top left, points */
	double			 scale;		/* points per logical unit */
	bool			 has_point;	/* the path has a current point */
	bool			 fill_known, stroke_known, pen_known;
	bool			 font_known;
	uint32_t		 fill, stroke;
	double			 line_width;
	bool			 round;
	enum chart_face		 face;
	double			 size;
};

/*
 * Returns s as libharu's UTF-8 encoder can write it: a character above
 * U+CFFF (where the encoder's code space stops; pdf.h) becomes '?', as
 * pdf.c does with all text.  s is valid UTF-8 (chart_validate() saw to
 * that), so such a character is exactly a sequence whose lead byte is
 * 0xED or above.  The result is s itself or tmp's bytes, valid until tmp
 * is next used; NULL when tmp ran out of memory.
 */
static const char *
chart_pdf_text(struct buf *tmp, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, len;

	for (i = 0; u[i] != '\0' && u[i] < 0xed; i++)
		;
	if (u[i] == '\0')
		return s;
	buf_reset(tmp);
	for (i = 0; u[i] != '\0'; i += len) {
		if (u[i] < 0x80)
			len = 1;
		else if (u[i] < 0xe0)
			len = 2;
		else if (u[i] < 0xf0)
			len = 3;
		else
			len = 4;
		/* Valid UTF-8 never ends inside a sequence; be sure. */
		if (strnlen(s + i, len) < len)
			break;
		if (u[i] >= 0xed)
			buf_putc(tmp, '?');
		else
			buf_append(tmp, u + i, len);
	}
	return buf_failed(tmp) ? NULL : tmp->data;
}

/* The layout's measure: the width of s in the embedded face. */
static double
chart_pdf_measure(void *arg, enum chart_face face, double size,
    const char *s)
{
	struct chart_pdf_fonts	*f = arg;
	HPDF_TextWidth		 tw;
	const char		*t;

	if ((t = chart_pdf_text(&f->tmp, s)) == NULL) {
		f->failed = true;
		return 0;
	}
	if (*t == '\0')
		return 0;
	tw = HPDF_Font_TextWidth(f->font[face], (const HPDF_BYTE *)t,
	    (HPDF_UINT)strlen(t));
	return tw.width * size / 1000.0;
}

static double
px(const struct chart_pdf_state *st, double x)
{
	return st->x0 + st->scale * x;
}

static double
py(const struct chart_pdf_state *st, double y)
{
	return st->y0 - st->scale * y;
}

static void
rgb(uint32_t c, HPDF_REAL *r, HPDF_REAL *g, HPDF_REAL *b)
{
	*r = (HPDF_REAL)(((c >> 16) & 0xff) / 255.0);
	*g = (HPDF_REAL)(((c >> 8) & 0xff) / 255.0);
	*b = (HPDF_REAL)((c & 0xff) / 255.0);
}

static void
set_fill(struct chart_pdf_state *st, uint32_t c)
{
	HPDF_REAL	r, g, b;

	if (st->fill_known && st->fill == c)
		return;
	rgb(c, &r, &g, &b);
	HPDF_Page_SetRGBFill(st->page, r, g, b);
	st->fill = c;
	st->fill_known = true;
}

/* The stroke colour, line width, caps and joins of a STROKE's op. */
static void
set_pen(struct chart_pdf_state *st, const struct chart_op *o)
{
	HPDF_REAL	r, g, b;

	if (!st->stroke_known || st->stroke != o->stroke) {
		rgb(o->stroke, &r, &g, &b);
		HPDF_Page_SetRGBStroke(st->page, r, g, b);
		st->stroke = o->stroke;
		st->stroke_known = true;
	}
	if (st->pen_known && st->line_width == o->line_width &&
	    st->round == o->round)
		return;
	HPDF_Page_SetLineWidth(st->page,
	    (HPDF_REAL)(st->scale * o->line_width));
	HPDF_Page_SetLineCap(st->page, o->round ? HPDF_ROUND_END :
	    HPDF_BUTT_END);
	HPDF_Page_SetLineJoin(st->page, o->round ? HPDF_ROUND_JOIN :
	    HPDF_MITER_JOIN);
	st->line_width = o->line_width;
	st->round = o->round;
	st->pen_known = true;
}

/* Sets what the paint ending the path that starts at ops[i] needs. */
static void
prepare_path(struct chart_pdf_state *st, const struct chart_layout *lay,
    size_t i)
{
	const struct chart_op	*o;

	for (; i < lay->n; i++) {
		o = &lay->ops[i];
		if (o->kind == CHART_OP_FILL || o->kind == CHART_OP_FILL_STROKE)
			set_fill(st, o->fill);
		if (o->kind == CHART_OP_STROKE ||
		    o->kind == CHART_OP_FILL_STROKE)
			set_pen(st, o);
		if (o->kind == CHART_OP_FILL || o->kind == CHART_OP_STROKE ||
		    o->kind == CHART_OP_FILL_STROKE || o->kind == CHART_OP_TEXT)
			return;
	}
}

static void
point(struct chart_pdf_state *st, bool line, double x, double y)
{
	if (line && st->has_point)
		HPDF_Page_LineTo(st->page, (HPDF_REAL)px(st, x),
		    (HPDF_REAL)py(st, y));
	else
		HPDF_Page_MoveTo(st->page, (HPDF_REAL)px(st, x),
		    (HPDF_REAL)py(st, y));
	st->has_point = true;
}

/*
 * An arc as cairo_arc() or cairo_arc_negative() draws it (chart.h): a
 * line from the current point, if any, to its start, then one cubic
 * curve per quarter turn or less.  For a piece from angle a to b the
 * control points lie on the tangents at k = 4/3 tan((b - a) / 4) radii.
 */
static void
arc(struct chart_pdf_state *st, const struct chart_op *o)
{
	double	a0 = o->a0, a1 = o->a1, sweep, step, a, b, k, r = o->r;
	double	cx = o->x, cy = o->y;
	int	n, i;

	/* Cairo's reading of the angles: the sweep runs in its direction. */
	if (o->kind == CHART_OP_ARC)
		while (a1 < a0)
			a1 += 2 * M_PI;
	else
		while (a1 > a0)
			a1 -= 2 * M_PI;
	sweep = a1 - a0;
	point(st, true, cx + r * cos(a0), cy + r * sin(a0));
	n = (int)ceil(fabs(sweep) / (M_PI / 2) - 1e-9);
	if (n < 1 || r <= 0)
		return;
	step = sweep / n;
	for (i = 0, a = a0; i < n; i++, a = b) {
		b = i == n - 1 ? a1 : a + step;
		k = 4.0 / 3.0 * tan((b - a) / 4);
		HPDF_Page_CurveTo(st->page,
		    (HPDF_REAL)px(st, cx + r * (cos(a) - k * sin(a))),
		    (HPDF_REAL)py(st, cy + r * (sin(a) + k * cos(a))),
		    (HPDF_REAL)px(st, cx + r * (cos(b) + k * sin(b))),
		    (HPDF_REAL)py(st, cy + r * (sin(b) - k * cos(b))),
		    (HPDF_REAL)px(st, cx + r * cos(b)),
		    (HPDF_REAL)py(st, cy + r * sin(b)));
	}
}

/*
 * Sets the run of TEXT operations from ops[i] in one text object; returns
 * the index after the run, or 0 when text could not be prepared (out of
 * memory).  Each text is placed by an absolute text matrix: upright, or
 * turned a quarter left to read upwards.
 */
static size_t
text_run(struct chart_pdf_state *st, const struct chart_layout *lay,
    size_t i, struct buf *tmp)
{
	const struct chart_op	*o;
	const char		*t;
	double			 x, y;

	HPDF_Page_BeginText(st->page);
	for (; i < lay->n && lay->ops[i].kind == CHART_OP_TEXT; i++) {
		o = &lay->ops[i];
		if ((t = chart_pdf_text(tmp, o->text)) == NULL) {
			HPDF_Page_EndText(st->page);
			return 0;
		}
		if (!st->font_known || st->face != o->face ||
		    st->size != o->size) {
			HPDF_Page_SetFontAndSize(st->page,
			    st->fonts->font[o->face],
			    (HPDF_REAL)(st->scale * o->size));
			st->face = o->face;
			st->size = o->size;
			st->font_known = true;
		}
		set_fill(st, o->fill);
		x = px(st, o->x);
		y = py(st, o->y);
		if (o->up)
			HPDF_Page_SetTextMatrix(st->page, 0, 1, -1, 0,
			    (HPDF_REAL)x, (HPDF_REAL)y);
		else
			HPDF_Page_SetTextMatrix(st->page, 1, 0, 0, 1,
			    (HPDF_REAL)x, (HPDF_REAL)y);
		HPDF_Page_ShowText(st->page, t);
	}
	HPDF_Page_EndText(st->page);
	return i;
}

/* Replays lay onto st's page; ERR_NOMEM when text could not be copied. */
static enum err
replay(struct chart_pdf_state *st, const struct chart_layout *lay,
    struct buf *tmp)
{
	const struct chart_op	*o;
	size_t			 i = 0;
	bool			 in_path = false;

	while (i < lay->n) {
		o = &lay->ops[i];
		if (o->kind == CHART_OP_TEXT) {
			if ((i = text_run(st, lay, i, tmp)) == 0)
				return ERR_NOMEM;
			continue;
		}
		if (!in_path) {
			prepare_path(st, lay, i);
			in_path = true;
		}
		switch (o->kind) {
		case CHART_OP_MOVE:
		case CHART_OP_LINE:
			point(st, o->kind == CHART_OP_LINE, o->x, o->y);
			break;
		case CHART_OP_ARC:
		case CHART_OP_ARC_NEG:
			arc(st, o);
			break;
		case CHART_OP_RECT:
			HPDF_Page_Rectangle(st->page, (HPDF_REAL)px(st, o->x),
			    (HPDF_REAL)py(st, o->y + o->h),
			    (HPDF_REAL)(st->scale * o->w),
			    (HPDF_REAL)(st->scale * o->h));
			st->has_point = true;
			break;
		case CHART_OP_CLOSE:
			HPDF_Page_ClosePath(st->page);
			break;
		case CHART_OP_FILL:
			HPDF_Page_Fill(st->page);
			break;
		case CHART_OP_STROKE:
			HPDF_Page_Stroke(st->page);
			break;
		case CHART_OP_FILL_STROKE:
			HPDF_Page_FillStroke(st->page);
			break;
		default:
			break;
		}
		if (o->kind == CHART_OP_FILL || o->kind == CHART_OP_STROKE ||
		    o->kind == CHART_OP_FILL_STROKE) {
			in_path = false;
			st->has_point = false;
		}
		i++;
	}
	/* A list ends with a paint (chart.h); drop a path left open. */
	if (in_path)
		HPDF_Page_EndPath(st->page);
	return ERR_OK;
}

/* The pdf_canvas() callback: lays the chart out and draws it. */
static enum err
chart_pdf_draw(const struct pdf_canvas *c, void *arg)
{
	const struct chart_pdf_job	*job = arg;
	struct chart_pdf_fonts		 fonts;
	struct chart_pdf_state		 st;
	struct chart_layout		*lay = NULL;
	struct chart_measure		 m;
	enum err			 e;

	memset(&fonts, 0, sizeof(fonts));
	fonts.font[CHART_FACE_REGULAR] = c->regular;
	fonts.font[CHART_FACE_BOLD] = c->bold;
	buf_init(&fonts.tmp, 0);
	m.width = chart_pdf_measure;
	m.arg = &fonts;
	if ((e = chart_layout(job->d, job->width, job->height, &m, &lay)) !=
	    ERR_OK)
		goto out;
	if (fonts.failed) {
		e = ERR_NOMEM;
		goto out;
	}

	memset(&st, 0, sizeof(st));
	st.page = c->page;
	st.fonts = &fonts;
	st.scale = c->width / lay->width;
	st.x0 = c->x;
	st.y0 = c->y + c->height;

	/* Nothing strays out of the chart's box. */
	HPDF_Page_Rectangle(c->page, (HPDF_REAL)c->x, (HPDF_REAL)c->y,
	    (HPDF_REAL)c->width, (HPDF_REAL)c->height);
	HPDF_Page_Clip(c->page);
	HPDF_Page_EndPath(c->page);
	e = replay(&st, lay, &fonts.tmp);
out:
	chart_layout_free(lay);
	buf_free(&fonts.tmp);
	return e;
}

enum err
chart_pdf(struct pdf *p, const struct chart_data *d, int width, int height)
{
	struct chart_pdf_job	job;
	enum err		e;

	if (p == NULL || !chart_size_ok(width, height))
		return ERR_INVALID;
	if ((e = chart_validate(d)) != ERR_OK)
		return e;
	job.d = d;
	job.width = width;
	job.height = height;
	pdf_canvas(p, width, height, chart_pdf_draw, &job);
	return pdf_error(p);
}
