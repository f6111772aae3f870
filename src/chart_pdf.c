/*
 * chart_pdf.c — the PDF back end of the charts (chart_pdf.h states the
 * contract): replays a chart's drawing list (chart.c) onto a page of a
 * document (pdf_canvas.h, pdf_ops.h).
 *
 * The layout measures text with the widths of the faces the text is set
 * in (pdf_canvas_width()), so the chart is laid out with the metrics it
 * is drawn with.  Logical units map to points by one scale, the box's
 * width over the chart's; y flips, since PDF's origin is at the bottom
 * left.
 *
 * PDF wants a path's colour, line width, caps and joins set before the
 * path is built, while the drawing list names them with the paint that
 * ends the path: so each path looks ahead to its paint first (the
 * content writer leaves out what is already set).  Cairo's arcs become
 * cubic Bezier curves of at most a quarter turn each, which stay within
 * 0.03 % of the radius of the true circle.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "chart.h"
#include "chart_pdf.h"
#include "pdf.h"
#include "pdf_canvas.h"
#include "pdf_ops.h"

/* What chart_pdf() hands to its pdf_canvas() callback. */
struct chart_pdf_job {
	const struct chart_data	*d;
	int			 width, height;
};

/* Where the chart goes on the page. */
struct chart_pdf_state {
	const struct pdf_canvas	*c;
	struct pdf_ops		*ops;
	double			 x0, y0;	/* the chart's top left, points */
	double			 scale;		/* points per logical unit */
	bool			 has_point;	/* the path has a current point */
};

/* The layout's measure: the width of s in the embedded face. */
static double
chart_pdf_measure(void *arg, enum chart_face face, double size,
    const char *s)
{
	return pdf_canvas_width(arg, face == CHART_FACE_BOLD, size, s);
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
set_fill(struct chart_pdf_state *st, uint32_t c)
{
	pdf_ops_fill(st->ops, ((c >> 16) & 0xff) / 255.0,
	    ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
}

/* The stroke colour, line width, caps and joins of a STROKE's op. */
static void
set_pen(struct chart_pdf_state *st, const struct chart_op *o)
{
	pdf_ops_stroke(st->ops, ((o->stroke >> 16) & 0xff) / 255.0,
	    ((o->stroke >> 8) & 0xff) / 255.0, (o->stroke & 0xff) / 255.0);
	pdf_ops_line_width(st->ops, st->scale * o->line_width);
	pdf_ops_line_round(st->ops, o->round);
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
		pdf_ops_line(st->ops, px(st, x), py(st, y));
	else
		pdf_ops_move(st->ops, px(st, x), py(st, y));
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
		pdf_ops_curve(st->ops,
		    px(st, cx + r * (cos(a) - k * sin(a))),
		    py(st, cy + r * (sin(a) + k * cos(a))),
		    px(st, cx + r * (cos(b) + k * sin(b))),
		    py(st, cy + r * (sin(b) - k * cos(b))),
		    px(st, cx + r * cos(b)), py(st, cy + r * sin(b)));
	}
}

/* Sets a TEXT operation: its own text object, placed absolutely. */
static void
text(struct chart_pdf_state *st, const struct chart_op *o)
{
	set_fill(st, o->fill);
	pdf_canvas_text(st->c, o->face == CHART_FACE_BOLD, st->scale * o->size,
	    px(st, o->x), py(st, o->y), o->up, o->text);
}

/* Replays lay onto st's page. */
static void
replay(struct chart_pdf_state *st, const struct chart_layout *lay)
{
	const struct chart_op	*o;
	size_t			 i = 0;
	bool			 in_path = false;

	while (i < lay->n) {
		o = &lay->ops[i];
		if (o->kind == CHART_OP_TEXT) {
			text(st, o);
			i++;
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
			pdf_ops_rect(st->ops, px(st, o->x), py(st, o->y + o->h),
			    st->scale * o->w, st->scale * o->h);
			st->has_point = true;
			break;
		case CHART_OP_CLOSE:
			pdf_ops_close(st->ops);
			break;
		case CHART_OP_FILL:
			pdf_ops_paint(st->ops, PDF_OPS_FILL);
			break;
		case CHART_OP_STROKE:
			pdf_ops_paint(st->ops, PDF_OPS_STROKE);
			break;
		case CHART_OP_FILL_STROKE:
			pdf_ops_paint(st->ops, PDF_OPS_FILL_STROKE);
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
		pdf_ops_paint(st->ops, PDF_OPS_NONE);
}

/* The pdf_canvas() callback: lays the chart out and draws it. */
static enum err
chart_pdf_draw(const struct pdf_canvas *c, void *arg)
{
	const struct chart_pdf_job	*job = arg;
	struct chart_pdf_state		 st;
	struct chart_layout		*lay = NULL;
	struct chart_measure		 m;
	enum err			 e;

	m.width = chart_pdf_measure;
	m.arg = (void *)(uintptr_t)c;
	if ((e = chart_layout(job->d, job->width, job->height, &m, &lay)) !=
	    ERR_OK)
		return e;
	memset(&st, 0, sizeof(st));
	st.c = c;
	st.ops = c->ops;
	st.scale = c->width / lay->width;
	st.x0 = c->x;
	st.y0 = c->y + c->height;

	/* Nothing strays out of the chart's box. */
	pdf_ops_rect(c->ops, c->x, c->y, c->width, c->height);
	pdf_ops_paint(c->ops, PDF_OPS_CLIP);
	replay(&st, lay);
	chart_layout_free(lay);
	return pdf_ops_failed(c->ops) ? ERR_NOMEM : ERR_OK;
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
