/*
 * chart.c — the four charts of docs/reports.md, laid out once into a
 * list of drawing operations (chart.h states the contract; chart_cairo.c
 * and chart_pdf.c draw the list).
 *
 * Every chart is laid out in logical units from one body font size that
 * follows the chart's size, so a chart for a web page (800 x 500 px) and
 * the same chart at 2x for a PDF look alike.  Edges of bars and one-unit
 * lines are snapped to whole logical units, which keeps them crisp at
 * every integer scale and makes bar lengths exact to a pixel.
 *
 * The layout draws nothing itself: it appends operations to a list and
 * asks the back end's struct chart_measure for text widths.  Appending
 * keeps the first error (out of memory) and ignores later calls, so the
 * layout code never checks and chart_layout() looks once at the end.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "pct.h"
#include "valid.h"

/* Cap height of DejaVu Sans in em: centres digits and capitals on a line. */
#define CHART_CAP	0.729

/* The Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008). */
#define OI_ORANGE	0xE69F00u
#define OI_SKY		0x56B4E9u
#define OI_GREEN	0x009E73u
#define OI_BLUE		0x0072B2u
#define OI_VERMILLION	0xD55E00u

/* Greys for text and axes; each text grey reaches 4.5:1 on white. */
#define INK_TITLE	0x1A1A1Au
#define INK_TEXT	0x333333u
#define INK_MUTED	0x595959u
#define INK_AXIS	0x8C8C8Cu
#define INK_GRID	0xE3E3E3u
#define PAPER		0xFFFFFFu

/* A label copy: the longest title plus an ellipsis and its NUL. */
#define FIT_MAX		(CHART_TITLE_MAX + 8)
/*
 * Cairo's text extents wobble in the last bits with the current point,
 * so the widest of equal labels may not "fit" its own width without this.
 */
#define FIT_SLACK	0.25
/* The least share of the donut a non-zero count is drawn with. */
#define DONUT_MIN_SHARE	0.01

enum align {
	AL_LEFT,
	AL_CENTRE,
	AL_RIGHT
};

enum swatch {
	SW_BOX,		/* a filled square: bars and donut segments */
	SW_LINE		/* a line with a marker: the trend */
};

struct legend_item {
	const char	*label;
	uint32_t	 colour;
	enum swatch	 swatch;
};

/*
 * The list being built: operations, and for each TEXT the offset of its
 * string in strings (pointers are set when the list is complete, since
 * strings moves as it grows).
 */
struct oplist {
	struct chart_op	*ops;
	size_t		*textoff;
	size_t		 n, cap;
	struct buf	 strings;
	bool		 failed;
};

/* The layout state of one chart. */
struct frame {
	struct oplist		*out;
	const struct chart_measure *m;
	double			 w, h;		/* logical size */
	double			 fs;		/* body font size */
	double			 pad;		/* outer margin */
	enum chart_face		 face;		/* the font selected last */
	double			 size;
	uint32_t		 ink;		/* the colour selected last */
	double			 top;		/* first free y below title and
						   legend */
};

/* The plot rectangle of a chart with a value axis, in whole units. */
struct plot {
	double		 x0, y0, x1, y1;	/* y1 is the zero line */
	double		 top;		/* the value drawn at y0 */
	double		 slot;		/* width of one category */
};

struct chart_kind_desc {
	const char	*name;
	const char	*title;
	const char	*empty;
	enum err	(*validate)(const struct chart_data *);
	bool		(*is_empty)(const struct chart_data *);
	void		(*draw)(struct frame *, const struct chart_data *);
};

static enum err	 validate_coverage(const struct chart_data *);
static enum err	 validate_reviews(const struct chart_data *);
static enum err	 validate_findings(const struct chart_data *);
static enum err	 validate_freshness(const struct chart_data *);
static bool	 empty_coverage(const struct chart_data *);
static bool	 empty_reviews(const struct chart_data *);
static bool	 empty_findings(const struct chart_data *);
static bool	 empty_freshness(const struct chart_data *);
static void	 draw_coverage(struct frame *, const struct chart_data *);
static void	 draw_reviews(struct frame *, const struct chart_data *);
static void	 draw_findings(struct frame *, const struct chart_data *);
static void	 draw_freshness(struct frame *, const struct chart_data *);

static const struct chart_kind_desc kinds[CHART__MAX] = {
	[CHART_COVERAGE] = { "coverage", "Coverage by target framework",
	    "No target frameworks to compare",
	    validate_coverage, empty_coverage, draw_coverage },
	[CHART_REVIEW_RESULTS] = { "review-results",
	    "Control review results per month", "No reviews in this period",
	    validate_reviews, empty_reviews, draw_reviews },
	[CHART_FINDINGS_TREND] = { "findings-trend", "Open findings per month",
	    "No findings data for this period",
	    validate_findings, empty_findings, draw_findings },
	[CHART_EVIDENCE_FRESHNESS] = { "evidence-freshness",
	    "Evidence freshness", "No evidence recorded",
	    validate_freshness, empty_freshness, draw_freshness },
};

static const char *const formats[CHART_FORMAT__MAX] = {
	[CHART_PNG] = "png",
	[CHART_SVG] = "svg",
};

bool
chart_kind_parse(const char *s, enum chart_kind *kind)
{
	int	i;

	if (s == NULL)
		return false;
	for (i = 0; i < CHART__MAX; i++)
		if (strcmp(s, kinds[i].name) == 0) {
			*kind = (enum chart_kind)i;
			return true;
		}
	return false;
}

bool
chart_format_parse(const char *s, enum chart_format *fmt)
{
	int	i;

	if (s == NULL)
		return false;
	for (i = 0; i < CHART_FORMAT__MAX; i++)
		if (strcmp(s, formats[i]) == 0) {
			*fmt = (enum chart_format)i;
			return true;
		}
	return false;
}

/* ---- validation ---- */

/* One line of UTF-8 text without control characters, 1..max bytes. */
static bool
text_ok(const char *s, size_t max)
{
	return s != NULL && valid_text(s, max) && strpbrk(s, "\t\n") == NULL;
}

static bool
count_ok(int64_t c)
{
	return c >= 0 && c <= CHART_MAX_COUNT;
}

/* False for NaN too: every comparison with NaN is false. */
static bool
fraction_ok(double v)
{
	return v >= 0.0 && v <= 1.0;
}

bool
chart_size_ok(int w, int h)
{
	return w >= CHART_MIN_W && w <= CHART_MAX_W &&
	    h >= CHART_MIN_H && h <= CHART_MAX_H;
}

static enum err
validate_coverage(const struct chart_data *d)
{
	size_t	i;

	if (d->n > CHART_MAX_FRAMEWORKS)
		return ERR_TOO_LARGE;
	if (d->n > 0 && d->coverage == NULL)
		return ERR_INVALID;
	for (i = 0; i < d->n; i++)
		if (!text_ok(d->coverage[i].label, CHART_LABEL_MAX) ||
		    !fraction_ok(d->coverage[i].design) ||
		    !fraction_ok(d->coverage[i].assured))
			return ERR_INVALID;
	return ERR_OK;
}

static enum err
validate_reviews(const struct chart_data *d)
{
	size_t	i;

	if (d->n > CHART_MAX_MONTHS)
		return ERR_TOO_LARGE;
	if (d->n > 0 && d->reviews == NULL)
		return ERR_INVALID;
	for (i = 0; i < d->n; i++)
		if (!text_ok(d->reviews[i].label, CHART_LABEL_MAX) ||
		    !count_ok(d->reviews[i].effective) ||
		    !count_ok(d->reviews[i].partial) ||
		    !count_ok(d->reviews[i].ineffective))
			return ERR_INVALID;
	return ERR_OK;
}

static enum err
validate_findings(const struct chart_data *d)
{
	size_t	i;

	if (d->n > CHART_MAX_MONTHS)
		return ERR_TOO_LARGE;
	if (d->n > 0 && d->findings == NULL)
		return ERR_INVALID;
	for (i = 0; i < d->n; i++)
		if (!text_ok(d->findings[i].label, CHART_LABEL_MAX) ||
		    !count_ok(d->findings[i].open))
			return ERR_INVALID;
	return ERR_OK;
}

static enum err
validate_freshness(const struct chart_data *d)
{
	const struct chart_freshness	*f = &d->freshness;

	if (!count_ok(f->current) || !count_ok(f->expiring) ||
	    !count_ok(f->stale) || !count_ok(f->no_expiry))
		return ERR_INVALID;
	return ERR_OK;
}

enum err
chart_validate(const struct chart_data *d)
{
	if (d == NULL || (unsigned)d->kind >= CHART__MAX)
		return ERR_INVALID;
	if ((d->title != NULL && !text_ok(d->title, CHART_TITLE_MAX)) ||
	    (d->subtitle != NULL && !text_ok(d->subtitle, CHART_TITLE_MAX)) ||
	    (d->empty != NULL && !text_ok(d->empty, CHART_TITLE_MAX)) ||
	    (d->axis != NULL && !text_ok(d->axis, CHART_TITLE_MAX)))
		return ERR_INVALID;
	return kinds[d->kind].validate(d);
}

static bool
empty_coverage(const struct chart_data *d)
{
	return d->n == 0;
}

/* Months without a single review draw no bars: that is the empty chart. */
static bool
empty_reviews(const struct chart_data *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++)
		if (d->reviews[i].effective + d->reviews[i].partial +
		    d->reviews[i].ineffective > 0)
			return false;
	return true;
}

/* A flat line at zero open findings is news worth drawing. */
static bool
empty_findings(const struct chart_data *d)
{
	return d->n == 0;
}

static bool
empty_freshness(const struct chart_data *d)
{
	const struct chart_freshness	*f = &d->freshness;

	return f->current + f->expiring + f->stale + f->no_expiry == 0;
}

/* ---- the operation list ---- */

/* Appends an operation of kind k; NULL once the list has failed. */
static struct chart_op *
op_add(struct frame *f, enum chart_op_kind k)
{
	struct oplist	*l = f->out;
	struct chart_op	*o;
	size_t		*t, cap;

	if (l->failed)
		return NULL;
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 128 : 2 * l->cap;
		if ((o = reallocarray(l->ops, cap, sizeof(*o))) == NULL) {
			l->failed = true;
			return NULL;
		}
		l->ops = o;
		if ((t = reallocarray(l->textoff, cap, sizeof(*t))) == NULL) {
			l->failed = true;
			return NULL;
		}
		l->textoff = t;
		l->cap = cap;
	}
	o = &l->ops[l->n];
	memset(o, 0, sizeof(*o));
	o->kind = k;
	l->textoff[l->n] = SIZE_MAX;
	l->n++;
	return o;
}

static void
op_point(struct frame *f, enum chart_op_kind k, double x, double y)
{
	struct chart_op	*o;

	if ((o = op_add(f, k)) == NULL)
		return;
	o->x = x;
	o->y = y;
}

/* An arc as cairo_arc() (clockwise) or cairo_arc_negative(). */
static void
op_arc(struct frame *f, bool negative, double cx, double cy, double r,
    double a0, double a1)
{
	struct chart_op	*o;

	if ((o = op_add(f, negative ? CHART_OP_ARC_NEG : CHART_OP_ARC)) ==
	    NULL)
		return;
	o->x = cx;
	o->y = cy;
	o->r = r;
	o->a0 = a0;
	o->a1 = a1;
}

/* Fills the current path with the current colour. */
static void
op_fill(struct frame *f)
{
	struct chart_op	*o;

	if ((o = op_add(f, CHART_OP_FILL)) != NULL)
		o->fill = f->ink;
}

/* Strokes the current path with the current colour. */
static void
op_stroke(struct frame *f, double width, bool round)
{
	struct chart_op	*o;

	if ((o = op_add(f, CHART_OP_STROKE)) == NULL)
		return;
	o->stroke = f->ink;
	o->line_width = width;
	o->round = round;
}

/* ---- drawing primitives ---- */

static void
colour(struct frame *f, uint32_t rgb)
{
	f->ink = rgb;
}

static double
clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Fills the rectangle with its edges on whole units. */
static void
fill_box(struct frame *f, double x0, double y0, double x1, double y1)
{
	struct chart_op	*o;

	x0 = round(x0);
	y0 = round(y0);
	x1 = round(x1);
	y1 = round(y1);
	if (x1 <= x0 || y1 <= y0)
		return;
	if ((o = op_add(f, CHART_OP_RECT)) == NULL)
		return;
	o->x = x0;
	o->y = y0;
	o->w = x1 - x0;
	o->h = y1 - y0;
	op_fill(f);
}

/* A one-unit line along row y or column x, centred on a unit. */
static void
hline(struct frame *f, double x0, double x1, double y)
{
	y = floor(y) + 0.5;
	op_point(f, CHART_OP_MOVE, round(x0), y);
	op_point(f, CHART_OP_LINE, round(x1), y);
	op_stroke(f, 1.0, false);
}

static void
vline(struct frame *f, double x, double y0, double y1)
{
	x = floor(x) + 0.5;
	op_point(f, CHART_OP_MOVE, x, round(y0));
	op_point(f, CHART_OP_LINE, x, round(y1));
	op_stroke(f, 1.0, false);
}

static void
font(struct frame *f, double size, bool bold)
{
	f->face = bold ? CHART_FACE_BOLD : CHART_FACE_REGULAR;
	f->size = size;
}

/* The advance width of s in the font selected last, as the back end says. */
static double
text_width(struct frame *f, const char *s)
{
	return f->m->width(f->m->arg, f->face, f->size, s);
}

/* Appends s in the current font and colour with its baseline from (x, y). */
static void
text_op(struct frame *f, const char *s, double x, double y, bool up)
{
	struct oplist	*l = f->out;
	struct chart_op	*o;
	size_t		 off;

	if ((o = op_add(f, CHART_OP_TEXT)) == NULL)
		return;
	o->x = x;
	o->y = y;
	o->up = up;
	o->face = f->face;
	o->size = f->size;
	o->fill = f->ink;
	off = l->strings.len;
	buf_append(&l->strings, s, strlen(s) + 1);	/* with its NUL */
	if (buf_failed(&l->strings))
		l->failed = true;
	else
		l->textoff[l->n - 1] = off;
}

/* Draws s in the current font and colour, its capitals centred on ymid. */
static void
text_at(struct frame *f, const char *s, double x, double ymid, enum align a)
{
	double	w;

	if (a != AL_LEFT) {
		w = text_width(f, s);
		x -= a == AL_CENTRE ? w / 2 : w;
	}
	text_op(f, s, x, ymid + f->size * CHART_CAP / 2, false);
}

/*
 * Draws s turned a quarter left (reading upwards), centred on (x, y): the
 * baseline starts half the text's width below y and a half cap height
 * right of x, since the glyphs' tops face left.
 */
static void
text_up(struct frame *f, const char *s, double x, double y)
{
	text_op(f, s, x + f->size * CHART_CAP / 2, y + text_width(f, s) / 2,
	    true);
}

/*
 * Returns s when it fits maxw in the current font, else a copy in dst
 * (FIT_MAX bytes) cut at a character boundary and ended with an
 * ellipsis.  The result is valid until dst is reused.
 */
static const char *
fit(struct frame *f, const char *s, double maxw, char *dst)
{
	size_t	n;

	maxw += FIT_SLACK;
	if (text_width(f, s) <= maxw)
		return s;
	n = strlen(s);
	if (n > FIT_MAX - 4)
		n = FIT_MAX - 4;
	for (;;) {
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		while (n > 0 && s[n - 1] == ' ')
			n--;
		memcpy(dst, s, n);
		memcpy(dst + n, "\xe2\x80\xa6", 4);	/* U+2026 and NUL */
		if (n == 0 || text_width(f, dst) <= maxw)
			return dst;
		n--;
	}
}

/* A count with thousands separators, independent of the locale. */
static void
fmt_count(char *dst, size_t cap, int64_t v)
{
	char	raw[32];
	size_t	n, i, j = 0;

	snprintf(raw, sizeof(raw), "%" PRId64, v);
	n = strlen(raw);
	for (i = 0; i < n && j + 2 < cap; i++) {
		if (i > 0 && raw[i - 1] != '-' && (n - i) % 3 == 0)
			dst[j++] = ',';
		dst[j++] = raw[i];
	}
	dst[j] = '\0';
}

/*
 * A value axis for counts: a step of 1, 2 or 5 times a power of ten
 * (never below 1) giving about want intervals, and the top of the axis,
 * the first whole step at or above max.
 */
static void
nice_axis(double max, int want, double *step, double *top)
{
	double	raw, mag, norm, s;

	if (max <= 0)
		max = 1;
	raw = max / want;
	mag = pow(10.0, floor(log10(raw)));
	norm = raw / mag;
	s = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
	if (s < 1)
		s = 1;
	*step = s;
	*top = ceil(max / s) * s;
}

/* ---- the parts every chart shares ---- */

/* Draws the legend items left to right from y, wrapping; returns height. */
static double
legend(struct frame *f, const struct legend_item *it, size_t n, double y)
{
	double	 fs = f->fs, sw = 0.9 * fs, rowh = 1.6 * fs;
	double	 x = f->pad, right = f->w - f->pad, iw, mid, h = rowh;
	size_t	 i;

	font(f, 0.95 * fs, false);
	for (i = 0; i < n; i++) {
		iw = (it[i].swatch == SW_LINE ? 2 * sw : sw) + 0.45 * fs +
		    text_width(f, it[i].label);
		if (x > f->pad && x + iw > right) {
			x = f->pad;
			y += rowh;
			h += rowh;
		}
		mid = y + rowh / 2;
		colour(f, it[i].colour);
		if (it[i].swatch == SW_BOX) {
			fill_box(f, x, mid - sw / 2, x + sw, mid + sw / 2);
			x += sw;
		} else {
			op_point(f, CHART_OP_MOVE, x, mid);
			op_point(f, CHART_OP_LINE, x + 2 * sw, mid);
			op_stroke(f, fmax(1.5, 0.18 * fs), false);
			op_arc(f, false, x + sw, mid, fmax(2.5, 0.3 * fs), 0,
			    2 * M_PI);
			op_fill(f);
			x += 2 * sw;
		}
		colour(f, INK_TEXT);
		text_at(f, it[i].label, x + 0.45 * fs, mid, AL_LEFT);
		x += 0.45 * fs + text_width(f, it[i].label) + 1.6 * fs;
	}
	return h;
}

/* Draws the title, the subtitle and the legend; sets f->top below them. */
static void
header(struct frame *f, const struct chart_data *d,
    const struct legend_item *it, size_t n)
{
	char		 tmp[FIT_MAX];
	const char	*s;
	double		 y = f->pad, ts = 1.4 * f->fs, ss = 0.95 * f->fs;

	s = d->title != NULL ? d->title : kinds[d->kind].title;
	font(f, ts, true);
	colour(f, INK_TITLE);
	text_at(f, fit(f, s, f->w - 2 * f->pad, tmp), f->pad, y + 0.65 * ts,
	    AL_LEFT);
	y += 1.3 * ts;
	if (d->subtitle != NULL) {
		font(f, ss, false);
		colour(f, INK_MUTED);
		text_at(f, fit(f, d->subtitle, f->w - 2 * f->pad, tmp),
		    f->pad, y + 0.6 * ss, AL_LEFT);
		y += 1.35 * ss;
	}
	if (n > 0) {
		y += 0.3 * f->fs;
		y += legend(f, it, n, y);
	}
	f->top = y + 0.5 * f->fs;
}

/* The title and a centred message: the chart without data. */
static void
draw_empty(struct frame *f, const struct chart_data *d)
{
	char		 tmp[FIT_MAX];
	const char	*s;

	header(f, d, NULL, 0);
	s = d->empty != NULL ? d->empty : kinds[d->kind].empty;
	font(f, 1.1 * f->fs, false);
	colour(f, INK_MUTED);
	text_at(f, fit(f, s, f->w - 2 * f->pad, tmp), f->w / 2,
	    (f->top + f->h - f->pad) / 2, AL_CENTRE);
}

/* The y of value v on a plot's value axis. */
static double
plot_y(const struct plot *p, double v)
{
	return p->y1 - v / p->top * (p->y1 - p->y0);
}

/* The x of the centre of category i. */
static double
plot_x(const struct plot *p, size_t i)
{
	return p->x0 + (i + 0.5) * p->slot;
}

/*
 * Lays out and draws the axes of a chart of counts per month: gridlines
 * and tick labels of the value axis, the month labels (thinned so they
 * never overlap, always keeping the latest month), and both axis titles.
 * Leaves room above the plot for value labels over the highest point.
 */
static void
month_axes(struct frame *f, struct plot *p, const char *const *labels,
    size_t n, double max, const char *ytitle)
{
	const char	*s;
	char		 num[32], tmp[FIT_MAX];
	double		 fs = f->fs, tfs = 0.85 * fs, step, lw, y, x, half;
	size_t		 i, every;
	long		 k, nt;
	int		 want;

	p->y1 = floor(f->h - f->pad - 1.25 * fs - 0.35 * fs - 1.25 * tfs -
	    0.2 * fs);
	p->y0 = round(f->top + 1.4 * fs);
	want = (int)clampd((p->y1 - p->y0) / (2.4 * fs), 2, 8);
	nice_axis(max, want, &step, &p->top);

	font(f, tfs, false);
	fmt_count(num, sizeof(num), (int64_t)p->top);
	p->x0 = round(f->pad + 1.3 * fs + 0.3 * fs + text_width(f, num) +
	    0.5 * fs);
	lw = 0;
	for (i = 0; i < n; i++)
		lw = fmax(lw, text_width(f, labels[i]));
	lw = fmin(lw, 8 * fs);
	/*
	 * The latest month's label is centred in the last slot and must end
	 * inside the margin: the slot with half a label reserved is no wider
	 * than the final one, so reserving what it needs is always enough.
	 */
	p->slot = (f->w - f->pad - lw / 2 - p->x0) / (double)n;
	p->x1 = round(f->w - f->pad - fmax(0.5 * fs, (lw - p->slot) / 2));
	p->slot = (p->x1 - p->x0) / (double)n;

	nt = lround(p->top / step);
	for (k = 0; k <= nt; k++) {
		y = plot_y(p, k * step);
		colour(f, k == 0 ? INK_AXIS : INK_GRID);
		hline(f, p->x0, p->x1, k == 0 ? p->y1 : y);
		fmt_count(num, sizeof(num), (int64_t)llround(k * step));
		colour(f, INK_MUTED);
		text_at(f, num, p->x0 - 0.5 * fs, y, AL_RIGHT);
	}

	every = (size_t)ceil((lw + 0.8 * fs) / p->slot);
	if (every < 1)
		every = 1;
	colour(f, INK_TEXT);
	for (i = 0; i < n; i++) {
		if ((n - 1 - i) % every != 0)
			continue;
		s = fit(f, labels[i], lw, tmp);
		/* A long first or last label slides in rather than clip. */
		half = text_width(f, s) / 2;
		x = clampd(plot_x(p, i), f->pad + half, f->w - f->pad - half);
		text_at(f, s, x, p->y1 + 0.35 * fs + 0.6 * tfs, AL_CENTRE);
	}

	font(f, 0.95 * fs, false);
	colour(f, INK_MUTED);
	text_at(f, "Month", (p->x0 + p->x1) / 2,
	    f->h - f->pad - 0.6 * fs, AL_CENTRE);
	text_up(f, ytitle, f->pad + 0.6 * fs, (p->y0 + p->y1) / 2);
}

/* ---- coverage: horizontal bars per target framework ---- */

static void
draw_coverage(struct frame *f, const struct chart_data *d)
{
	static const struct legend_item	 items[] = {
		{ "Design coverage", OI_BLUE, SW_BOX },
		{ "Assured coverage", OI_ORANGE, SW_BOX },
	};
	static const int		 steps[] = { 10, 20, 25, 50 };
	const struct chart_coverage_row	*r;
	char				 tmp[FIT_MAX], pct[PCT_LEN];
	double				 fs = f->fs, tfs = 0.85 * fs;
	double				 x0, x1, y0, y1, labw, gh, bt, gap, vfs;
	double				 by, xe, v, reserve;
	size_t				 i, j;
	int				 step, t;

	header(f, d, items, sizeof(items) / sizeof(items[0]));

	y0 = round(f->top + 0.3 * fs);
	y1 = floor(f->h - f->pad - 1.25 * fs - 0.35 * fs - 1.25 * tfs -
	    0.2 * fs);
	gh = (y1 - y0) / (double)d->n;
	bt = fmin(0.34 * gh, 1.8 * fs);
	gap = fmax(1.0, fmin(0.06 * gh, 0.3 * fs));
	vfs = fmin(0.85 * fs, bt * 1.2);

	font(f, fmin(fs, 0.55 * gh / CHART_CAP), false);
	labw = 0;
	for (i = 0; i < d->n; i++)
		labw = fmax(labw, text_width(f, d->coverage[i].label));
	labw = fmin(labw, 0.3 * f->w);
	x0 = round(f->pad + 1.3 * fs + 0.3 * fs + labw + 0.6 * fs);

	font(f, vfs, false);
	reserve = 0.35 * fs + text_width(f, "100.0 %") +
	    0.2 * fs;
	x1 = round(f->w - f->pad - reserve);

	/* The finest step whose tick labels keep apart. */
	font(f, tfs, false);
	step = 50;
	for (j = 0; j < sizeof(steps) / sizeof(steps[0]); j++)
		if ((x1 - x0) * steps[j] / 100.0 >=
		    2.5 * text_width(f, "100 %")) {
			step = steps[j];
			break;
		}
	for (t = 0; t <= 100; t += step) {
		xe = x0 + (x1 - x0) * t / 100.0;
		colour(f, t == 0 ? INK_AXIS : INK_GRID);
		vline(f, t == 0 ? x0 : xe, y0, y1);
		snprintf(pct, sizeof(pct), "%d %%", t);
		colour(f, INK_MUTED);
		text_at(f, pct, xe, y1 + 0.35 * fs + 0.6 * tfs, AL_CENTRE);
	}

	for (i = 0; i < d->n; i++) {
		r = &d->coverage[i];
		by = y0 + i * gh + (gh - 2 * bt - gap) / 2;
		for (j = 0; j < 2; j++) {
			v = j == 0 ? r->design : r->assured;
			xe = x0 + 1 + (x1 - x0 - 1) * v;
			colour(f, j == 0 ? OI_BLUE : OI_ORANGE);
			fill_box(f, x0 + 1, by, xe, by + bt);
			pct_text(v, pct);
			font(f, vfs, false);
			colour(f, INK_TEXT);
			text_at(f, pct, round(xe) + 0.35 * fs, by + bt / 2,
			    AL_LEFT);
			by += bt + gap;
		}
		font(f, fmin(fs, 0.55 * gh / CHART_CAP), false);
		colour(f, INK_TEXT);
		text_at(f, fit(f, r->label, labw, tmp), x0 - 0.6 * fs,
		    y0 + (i + 0.5) * gh, AL_RIGHT);
	}

	font(f, 0.95 * fs, false);
	colour(f, INK_MUTED);
	text_at(f, "Coverage (%)", (x0 + x1) / 2, f->h - f->pad - 0.6 * fs,
	    AL_CENTRE);
	text_up(f, d->axis != NULL ? d->axis : "Target framework",
	    f->pad + 0.6 * fs, (y0 + y1) / 2);
}

/* ---- review results: stacked bars per month ---- */

static void
draw_reviews(struct frame *f, const struct chart_data *d)
{
	static const struct legend_item	 items[] = {
		{ "Effective", OI_GREEN, SW_BOX },
		{ "Partially effective", OI_ORANGE, SW_BOX },
		{ "Ineffective", OI_VERMILLION, SW_BOX },
	};
	const struct chart_review_month	*m;
	const char			*labels[CHART_MAX_MONTHS];
	struct plot			 p;
	char				 num[32];
	double				 max = 0, bw, cx, lo, hi, cum;
	int64_t				 seg[3], total;
	size_t				 i, j;
	bool				 totals;

	header(f, d, items, sizeof(items) / sizeof(items[0]));
	for (i = 0; i < d->n; i++) {
		m = &d->reviews[i];
		labels[i] = m->label;
		max = fmax(max, (double)(m->effective + m->partial +
		    m->ineffective));
	}
	month_axes(f, &p, labels, d->n, max, "Control reviews");

	bw = fmax(1.0, fmin(0.64 * p.slot, 5 * f->fs));
	font(f, 0.8 * f->fs, false);
	fmt_count(num, sizeof(num), (int64_t)max);
	totals = text_width(f, num) <= 0.95 * p.slot;
	for (i = 0; i < d->n; i++) {
		m = &d->reviews[i];
		seg[0] = m->effective;
		seg[1] = m->partial;
		seg[2] = m->ineffective;
		cx = plot_x(&p, i);
		lo = cx - bw / 2;
		hi = cx + bw / 2;
		if (round(hi) <= round(lo))
			hi = lo + 1;
		for (cum = 0, j = 0; j < 3; j++) {
			colour(f, items[j].colour);
			fill_box(f, lo, plot_y(&p, cum + seg[j]), hi,
			    plot_y(&p, cum));
			cum += seg[j];
		}
		total = seg[0] + seg[1] + seg[2];
		if (totals && total > 0) {
			fmt_count(num, sizeof(num), total);
			colour(f, INK_TEXT);
			text_at(f, num, cx, round(plot_y(&p, cum)) -
			    0.65 * f->fs, AL_CENTRE);
		}
	}
}

/* ---- findings trend: a line of open findings per month ---- */

static void
draw_findings(struct frame *f, const struct chart_data *d)
{
	static const struct legend_item	 items[] = {
		{ "Open findings at month end", OI_BLUE, SW_LINE },
	};
	const char			*labels[CHART_MAX_MONTHS];
	struct chart_op			*o;
	struct plot			 p;
	char				 num[32];
	double				 max = 0, mr, y;
	size_t				 i;
	bool				 markers, values;

	header(f, d, items, sizeof(items) / sizeof(items[0]));
	for (i = 0; i < d->n; i++) {
		labels[i] = d->findings[i].label;
		max = fmax(max, (double)d->findings[i].open);
	}
	month_axes(f, &p, labels, d->n, max, "Open findings");

	mr = fmax(2.5, 0.3 * f->fs);
	markers = p.slot >= 3 * mr;
	font(f, 0.8 * f->fs, false);
	fmt_count(num, sizeof(num), (int64_t)max);
	values = markers && text_width(f, num) <= 0.9 * p.slot;

	colour(f, OI_BLUE);
	for (i = 0; i < d->n; i++)
		op_point(f, i == 0 ? CHART_OP_MOVE : CHART_OP_LINE,
		    plot_x(&p, i), plot_y(&p, (double)d->findings[i].open));
	/* One month: a line of no length, a round dot, marks the level. */
	if (d->n == 1)
		op_point(f, CHART_OP_LINE, plot_x(&p, 0),
		    plot_y(&p, (double)d->findings[0].open));
	op_stroke(f, fmax(1.5, 0.18 * f->fs), true);

	for (i = 0; markers && i < d->n; i++) {
		y = plot_y(&p, (double)d->findings[i].open);
		op_arc(f, false, plot_x(&p, i), y, mr, 0, 2 * M_PI);
		if ((o = op_add(f, CHART_OP_FILL_STROKE)) != NULL) {
			o->fill = OI_BLUE;
			o->stroke = PAPER;
			o->line_width = fmax(1.0, 0.1 * f->fs);
			o->round = true;
		}
		if (values) {
			fmt_count(num, sizeof(num), d->findings[i].open);
			colour(f, INK_TEXT);
			text_at(f, num, plot_x(&p, i), y - mr - 0.7 * f->fs,
			    AL_CENTRE);
		}
	}
}

/* ---- evidence freshness: a donut with the total in the middle ---- */

static void
draw_freshness(struct frame *f, const struct chart_data *d)
{
	static const struct legend_item	 items[] = {
		{ "Current", OI_GREEN, SW_BOX },
		{ "Expiring within 30 days", OI_ORANGE, SW_BOX },
		{ "Stale or expired", OI_VERMILLION, SW_BOX },
		{ "No expiry", OI_SKY, SW_BOX },
	};
	const size_t			 ni = sizeof(items) / sizeof(items[0]);
	char				 num[32], pct[PCT_LEN], tmp[FIT_MAX];
	int64_t				 c[4], total;
	double				 fs = f->fs, aw, ah, labw, cntw, pctw;
	double				 sw, rowh, lw, lh, side, below, diam;
	double				 cx, cy, R, r, a, sweep, lx, ly, mid, tsz;
	double				 share[4], small, large;
	size_t				 i, nonzero;
	bool				 sub;

	header(f, d, NULL, 0);
	c[0] = d->freshness.current;
	c[1] = d->freshness.expiring;
	c[2] = d->freshness.stale;
	c[3] = d->freshness.no_expiry;
	total = c[0] + c[1] + c[2] + c[3];

	/* The legend: swatch, label, count and share in columns. */
	font(f, fs, false);
	labw = cntw = 0;
	for (i = 0; i < ni; i++) {
		labw = fmax(labw, text_width(f, items[i].label));
		fmt_count(num, sizeof(num), c[i]);
		cntw = fmax(cntw, text_width(f, num));
	}
	pctw = text_width(f, "100.0 %");
	sw = 0.9 * fs;
	rowh = 1.9 * fs;
	aw = f->w - 2 * f->pad;
	ah = f->h - f->pad - f->top;
	labw = fmin(labw, fmax(4 * fs, aw - (sw + 0.6 * fs + 1.2 * fs +
	    cntw + 0.9 * fs + pctw)));
	lw = sw + 0.6 * fs + labw + 1.2 * fs + cntw + 0.9 * fs + pctw;
	lh = ni * rowh;

	/* Beside the donut when that gives the larger donut, else below. */
	side = fmin(ah, aw - lw - 2.5 * fs);
	below = fmin(aw, ah - lh - fs);
	if (side >= below) {
		diam = side;
		cx = f->pad + (aw - (diam + 2.5 * fs + lw)) / 2 + diam / 2;
		cy = f->top + ah / 2;
		lx = cx + diam / 2 + 2.5 * fs;
		ly = cy - lh / 2;
	} else {
		diam = below;
		cx = f->w / 2;
		cy = f->top + (ah - (diam + fs + lh)) / 2 + diam / 2;
		lx = (f->w - lw) / 2;
		ly = cy + diam / 2 + fs;
	}
	R = fmax(diam / 2, 4.0);
	r = 0.6 * R;

	/*
	 * Shares of the circle: a share under DONUT_MIN_SHARE is widened to
	 * it, so that three stale items among thousands still show, and the
	 * others give up the difference in proportion.
	 */
	small = large = 0;
	for (i = 0; i < ni; i++) {
		share[i] = (double)c[i] / (double)total;
		if (c[i] > 0 && share[i] < DONUT_MIN_SHARE)
			small += DONUT_MIN_SHARE;
		else
			large += share[i];
	}
	for (i = 0; i < ni; i++)
		if (c[i] > 0 && share[i] < DONUT_MIN_SHARE)
			share[i] = DONUT_MIN_SHARE;
		else
			share[i] *= (1 - small) / large;

	/* Segments clockwise from twelve o'clock, in the legend's order. */
	a = -M_PI / 2;
	nonzero = 0;
	for (i = 0; i < ni; i++) {
		if (c[i] == 0)
			continue;
		nonzero++;
		sweep = 2 * M_PI * share[i];
		op_arc(f, false, cx, cy, R, a, a + sweep);
		op_arc(f, true, cx, cy, r, a + sweep, a);
		op_add(f, CHART_OP_CLOSE);
		colour(f, items[i].colour);
		op_fill(f);
		a += sweep;
	}
	/* White spokes part the segments. */
	if (nonzero > 1) {
		colour(f, PAPER);
		for (a = -M_PI / 2, i = 0; i < ni; i++) {
			if (c[i] == 0)
				continue;
			op_point(f, CHART_OP_MOVE, cx + (r - 1) * cos(a),
			    cy + (r - 1) * sin(a));
			op_point(f, CHART_OP_LINE, cx + (R + 1) * cos(a),
			    cy + (R + 1) * sin(a));
			op_stroke(f, fmax(1.5, 0.12 * fs), false);
			a += 2 * M_PI * share[i];
		}
	}

	/* The total in the hole, and what it counts when there is room. */
	fmt_count(num, sizeof(num), total);
	tsz = fmin(2.2 * fs, 0.5 * r);
	font(f, tsz, true);
	while (tsz > 6 && text_width(f, num) > 1.6 * r)
		font(f, tsz *= 0.9, true);
	font(f, 0.8 * fs, false);
	sub = r >= 2.2 * fs && text_width(f, "evidence items") <= 1.6 * r;
	if (sub) {
		colour(f, INK_MUTED);
		text_at(f, "evidence items", cx, cy + 0.6 * tsz, AL_CENTRE);
	}
	font(f, tsz, true);
	colour(f, INK_TITLE);
	text_at(f, num, cx, sub ? cy - 0.4 * tsz : cy, AL_CENTRE);

	for (i = 0; i < ni; i++) {
		mid = ly + (i + 0.5) * rowh;
		colour(f, items[i].colour);
		fill_box(f, lx, mid - sw / 2, lx + sw, mid + sw / 2);
		font(f, fs, false);
		colour(f, INK_TEXT);
		text_at(f, fit(f, items[i].label, labw, tmp),
		    lx + sw + 0.6 * fs, mid, AL_LEFT);
		fmt_count(num, sizeof(num), c[i]);
		text_at(f, num, lx + sw + 0.6 * fs + labw + 1.2 * fs + cntw,
		    mid, AL_RIGHT);
		pct_text((double)c[i] / (double)total, pct);
		colour(f, INK_MUTED);
		text_at(f, pct, lx + lw, mid, AL_RIGHT);
	}
}


/* ---- entry points ---- */

void
chart_layout_free(struct chart_layout *lay)
{
	if (lay == NULL)
		return;
	free(lay->ops);
	free(lay->strings);
	free(lay);
}

enum err
chart_layout(const struct chart_data *d, int width, int height,
    const struct chart_measure *m, struct chart_layout **out)
{
	struct chart_layout	*lay = NULL;
	struct oplist		 l;
	struct frame		 f;
	enum err		 e;
	size_t			 i;

	*out = NULL;
	if (!chart_size_ok(width, height) || m == NULL || m->width == NULL)
		return ERR_INVALID;
	if ((e = chart_validate(d)) != ERR_OK)
		return e;

	memset(&l, 0, sizeof(l));
	buf_init(&l.strings, 0);
	memset(&f, 0, sizeof(f));
	f.out = &l;
	f.m = m;
	f.w = width;
	f.h = height;
	f.fs = clampd(fmin(f.w / 60.0, f.h / 36.0), 8.0, 32.0);
	f.pad = round(f.fs);

	if (kinds[d->kind].is_empty(d))
		draw_empty(&f, d);
	else
		kinds[d->kind].draw(&f, d);

	if (l.failed || (lay = calloc(1, sizeof(*lay))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	lay->width = width;
	lay->height = height;
	lay->n = l.n;
	lay->ops = l.ops;
	lay->strings = l.strings.data;
	l.ops = NULL;
	l.strings.data = NULL;
	/* The strings stay where they are from now on. */
	for (i = 0; i < lay->n; i++)
		if (lay->ops[i].kind == CHART_OP_TEXT)
			lay->ops[i].text = lay->strings + l.textoff[i];
	*out = lay;
out:
	free(l.ops);
	free(l.textoff);
	free(l.strings.data);
	return e;
}
