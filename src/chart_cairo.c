/*
 * chart_cairo.c — the Cairo back end of the charts: replays a chart's
 * drawing list (chart.c) onto a cairo_t, and the PNG, SVG and RGB
 * renderings built on that (chart.h states the contract).
 *
 * The layout measures text with Cairo's own text extents on the very
 * context it will draw on, with the font options fixed below, so the
 * chart is laid out with the metrics it is drawn with.
 *
 * Cairo errors are sticky: after a failure every call does nothing, so
 * the replay never checks and chart_draw() reads cairo_status() once at
 * the end.
 */
#include "config.h"

#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>

#include "buf.h"
#include "chart.h"

#define CHART_FONT	"DejaVu Sans"

static enum err
cairo_err(cairo_status_t s)
{
	switch (s) {
	case CAIRO_STATUS_SUCCESS:
		return ERR_OK;
	case CAIRO_STATUS_NO_MEMORY:
		return ERR_NOMEM;
	default:
		return ERR_INTERNAL;
	}
}

static void
source(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
	    ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static void
select_font(cairo_t *cr, enum chart_face face, double size)
{
	cairo_select_font_face(cr, CHART_FONT, CAIRO_FONT_SLANT_NORMAL,
	    face == CHART_FACE_BOLD ? CAIRO_FONT_WEIGHT_BOLD :
	    CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* The layout's measure: the advance of s on the context in arg. */
static double
measure(void *arg, enum chart_face face, double size, const char *s)
{
	cairo_t			*cr = arg;
	cairo_text_extents_t	 te;

	select_font(cr, face, size);
	cairo_text_extents(cr, s, &te);
	return te.x_advance;
}

static void
pen(cairo_t *cr, const struct chart_op *o)
{
	source(cr, o->stroke);
	cairo_set_line_width(cr, o->line_width);
	cairo_set_line_cap(cr, o->round ? CAIRO_LINE_CAP_ROUND :
	    CAIRO_LINE_CAP_BUTT);
	cairo_set_line_join(cr, o->round ? CAIRO_LINE_JOIN_ROUND :
	    CAIRO_LINE_JOIN_MITER);
}

static void
text(cairo_t *cr, const struct chart_op *o)
{
	select_font(cr, o->face, o->size);
	source(cr, o->fill);
	if (o->up) {
		cairo_save(cr);
		cairo_translate(cr, o->x, o->y);
		cairo_rotate(cr, -M_PI / 2);
		cairo_move_to(cr, 0, 0);
		cairo_show_text(cr, o->text);
		cairo_restore(cr);
	} else {
		cairo_move_to(cr, o->x, o->y);
		cairo_show_text(cr, o->text);
	}
	cairo_new_path(cr);	/* text leaves a current point behind */
}

/* Draws every operation of lay onto cr, in order. */
static void
replay(cairo_t *cr, const struct chart_layout *lay)
{
	const struct chart_op	*o;
	size_t			 i;

	for (i = 0; i < lay->n; i++) {
		o = &lay->ops[i];
		switch (o->kind) {
		case CHART_OP_MOVE:
			cairo_move_to(cr, o->x, o->y);
			break;
		case CHART_OP_LINE:
			cairo_line_to(cr, o->x, o->y);
			break;
		case CHART_OP_ARC:
			cairo_arc(cr, o->x, o->y, o->r, o->a0, o->a1);
			break;
		case CHART_OP_ARC_NEG:
			cairo_arc_negative(cr, o->x, o->y, o->r, o->a0, o->a1);
			break;
		case CHART_OP_RECT:
			cairo_rectangle(cr, o->x, o->y, o->w, o->h);
			break;
		case CHART_OP_CLOSE:
			cairo_close_path(cr);
			break;
		case CHART_OP_FILL:
			source(cr, o->fill);
			cairo_fill(cr);
			break;
		case CHART_OP_STROKE:
			pen(cr, o);
			cairo_stroke(cr);
			break;
		case CHART_OP_FILL_STROKE:
			source(cr, o->fill);
			cairo_fill_preserve(cr);
			pen(cr, o);
			cairo_stroke(cr);
			break;
		case CHART_OP_TEXT:
			text(cr, o);
			break;
		default:
			break;
		}
	}
}

enum err
chart_draw(cairo_t *cr, const struct chart_data *d, int width, int height)
{
	cairo_font_options_t	*fo;
	struct chart_layout	*lay = NULL;
	struct chart_measure	 m;
	enum err		 e;

	if (!chart_size_ok(width, height))
		return ERR_INVALID;
	if ((e = chart_validate(d)) != ERR_OK)
		return e;
	if (cr == NULL)
		return ERR_INVALID;

	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_clip(cr);
	source(cr, 0xFFFFFFu);
	cairo_paint(cr);

	/*
	 * Fixed font options, whatever the surface or fontconfig prefer:
	 * unhinted outlines and metrics scale linearly, so text is laid out
	 * alike at every scale and renders alike on every machine.
	 */
	fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);

	m.width = measure;
	m.arg = cr;
	e = chart_layout(d, width, height, &m, &lay);
	if (e == ERR_OK)
		replay(cr, lay);
	cairo_restore(cr);
	chart_layout_free(lay);
	if (e != ERR_OK)
		return e;
	return cairo_err(cairo_status(cr));
}

/*
 * Appends the SVG document s (n bytes) to out with Cairo's surface ids
 * renumbered.  Cairo 1.16 names the page group after a process-wide
 * surface counter (<g id="surface17">), so two renderings of one chart
 * would differ; every other id is counted within the document.  Ids are
 * renumbered by first appearance, references included.  Labels never
 * appear in the document (text is drawn as glyph outlines), so the token
 * cannot come from data.
 */
static void
svg_append_stable(struct buf *out, const char *s, size_t n)
{
	static const char	 key[] = "surface";
	const size_t		 kl = sizeof(key) - 1;
	unsigned long		 seen[8], v;
	size_t			 nseen = 0, i = 0, j, k, run = 0;

	while (i + kl < n) {
		if (memcmp(s + i, key, kl) != 0 ||
		    s[i + kl] < '0' || s[i + kl] > '9') {
			i++;
			continue;
		}
		for (v = 0, j = i + kl; j < n && j - i - kl < 9 &&
		    s[j] >= '0' && s[j] <= '9'; j++)
			v = v * 10 + (unsigned long)(s[j] - '0');
		for (k = 0; k < nseen && seen[k] != v; k++)
			;
		if (k == nseen && nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = v;
		if (k < nseen) {
			buf_append(out, s + run, i + kl - run);
			buf_printf(out, "%zu", k + 1);
			run = j;
		}
		i = j;
	}
	buf_append(out, s + run, n - run);
}

/* Cairo's output callback: appends to the struct buf in closure. */
static cairo_status_t
chart_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf	*b = closure;

	buf_append(b, data, len);
	return buf_failed(b) ? CAIRO_STATUS_WRITE_ERROR :
	    CAIRO_STATUS_SUCCESS;
}

enum err
chart_render(const struct chart_data *d, int width, int height,
    enum chart_format fmt, struct buf *out)
{
	cairo_surface_t	*s = NULL;
	cairo_t		*cr = NULL;
	struct buf	 svg;
	size_t		 start;
	enum err	 e;

	if (!chart_size_ok(width, height) || (unsigned)fmt >= CHART_FORMAT__MAX ||
	    out == NULL)
		return ERR_INVALID;
	if ((e = chart_validate(d)) != ERR_OK)
		return e;
	if (buf_failed(out))
		return ERR_NOMEM;
	start = out->len;
	buf_init(&svg, out->max);

	if (fmt == CHART_PNG)
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width,
		    height);
	else {
		s = cairo_svg_surface_create_for_stream(chart_write, &svg,
		    width, height);
		/* 1px = 1 CSS px: ?width=800 is as wide as the PNG. */
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
	}
	cr = cairo_create(s);
	if ((e = chart_draw(cr, d, width, height)) != ERR_OK)
		goto out;
	cairo_destroy(cr);
	cr = NULL;
	if (fmt == CHART_PNG)
		e = cairo_err(cairo_surface_write_to_png_stream(s,
		    chart_write, out));
	else {
		cairo_surface_finish(s);
		e = cairo_err(cairo_surface_status(s));
		if (buf_failed(&svg))
			e = ERR_NOMEM;
		else if (e == ERR_OK)
			svg_append_stable(out, svg.data, svg.len);
	}
	if (buf_failed(out))
		e = ERR_NOMEM;
out:
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	buf_free(&svg);
	if (e != ERR_OK && !buf_failed(out) && out->len > start) {
		out->len = start;
		out->data[start] = '\0';
	}
	return e;
}

enum err
chart_render_rgb(const struct chart_data *d, int width, int height,
    int scale, unsigned char **pixels, int *pw, int *ph)
{
	cairo_surface_t	*s = NULL;
	cairo_t		*cr = NULL;
	unsigned char	*px = NULL, *row, *o;
	uint32_t	 v;
	int		 w, h, stride, x, y;
	enum err	 e;

	*pixels = NULL;
	*pw = *ph = 0;
	if (!chart_size_ok(width, height) || scale < 1 || scale > CHART_MAX_SCALE)
		return ERR_INVALID;
	if ((int64_t)width * scale * height * scale > CHART_MAX_PIXELS)
		return ERR_TOO_LARGE;
	if ((e = chart_validate(d)) != ERR_OK)
		return e;
	w = width * scale;
	h = height * scale;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	if ((e = chart_draw(cr, d, width, height)) != ERR_OK)
		goto out;
	cairo_surface_flush(s);
	if ((e = cairo_err(cairo_surface_status(s))) != ERR_OK)
		goto out;
	if ((px = reallocarray(NULL, (size_t)w * (size_t)h, 3)) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}

	/* RGB24 keeps each pixel as a native-endian 32-bit xRGB word. */
	stride = cairo_image_surface_get_stride(s);
	row = cairo_image_surface_get_data(s);
	o = px;
	for (y = 0; y < h; y++, row += stride)
		for (x = 0; x < w; x++) {
			memcpy(&v, row + 4 * (size_t)x, sizeof(v));
			*o++ = (v >> 16) & 0xff;
			*o++ = (v >> 8) & 0xff;
			*o++ = v & 0xff;
		}
	*pixels = px;
	*pw = w;
	*ph = h;
	px = NULL;
out:
	free(px);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return e;
}

void
chart_shutdown(void)
{
	void	(*fc_fini)(void);
	void	*sym;

	cairo_debug_reset_static_data();
	/*
	 * Cairo finds "DejaVu Sans" through fontconfig, whose configuration
	 * stays allocated until FcFini().  annexa links Cairo, not
	 * fontconfig, so the function is looked up among the libraries
	 * already loaded (Cairo brought fontconfig in); absent, no matter.
	 */
	if ((sym = dlsym(RTLD_DEFAULT, "FcFini")) != NULL) {
		memcpy(&fc_fini, &sym, sizeof(fc_fini));
		fc_fini();
	}
}
