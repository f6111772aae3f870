/*
 * pdf_ops.c — a page's content stream, written by annexa (see pdf_ops.h).
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "pdf_ops.h"

/* Numbers beyond this (points or colour) are a caller's error. */
#define OPS_NUM_MAX	1e7

void
pdf_ops_init(struct pdf_ops *o)
{
	memset(o, 0, sizeof(*o));
	buf_init(&o->b, 0);
}

void
pdf_ops_reset(struct pdf_ops *o)
{
	buf_reset(&o->b);
	memset(&o->st, 0, sizeof(o->st));
	o->depth = 0;
	o->failed = false;
}

void
pdf_ops_free(struct pdf_ops *o)
{
	buf_free(&o->b);
}

bool
pdf_ops_failed(const struct pdf_ops *o)
{
	return o->failed || buf_failed(&o->b);
}

/*
 * Appends v with at most three decimals and no trailing zeros, then c
 * (a space or a newline), without printf: a page has thousands.
 */
static void
num(struct pdf_ops *o, double v, char c)
{
	char		 s[32], *e = s + sizeof(s), *q = e;
	long long	 m;
	int		 frac, i;
	bool		 neg;

	if (!(v > -OPS_NUM_MAX && v < OPS_NUM_MAX)) {
		o->failed = true;
		v = 0;
	}
	m = llround(v * 1000.0);
	if ((neg = m < 0))
		m = -m;
	frac = (int)(m % 1000);
	m /= 1000;
	*--q = c;
	if (frac != 0) {
		for (i = 0; i < 3 && frac % 10 == 0; i++)
			frac /= 10;
		for (; i < 3; i++) {
			*--q = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--q = '.';
	}
	do {
		*--q = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0);
	if (neg)
		*--q = '-';
	buf_append(&o->b, q, (size_t)(e - q));
}

static void
op(struct pdf_ops *o, const char *s)
{
	buf_puts(&o->b, s);
}

/* Whether a and b are the same colour as written (to 1/1000). */
static bool
same_rgb(const double a[3], double r, double g, double b)
{
	return llround(a[0] * 1000) == llround(r * 1000) &&
	    llround(a[1] * 1000) == llround(g * 1000) &&
	    llround(a[2] * 1000) == llround(b * 1000);
}

/* rg or RG into known/rgb, unless that colour is set already. */
static void
set_rgb(struct pdf_ops *o, bool *known, double rgb[3], const char *op,
    double r, double g, double b)
{
	if (*known && same_rgb(rgb, r, g, b))
		return;
	num(o, r, ' ');
	num(o, g, ' ');
	num(o, b, ' ');
	buf_puts(&o->b, op);
	rgb[0] = r;
	rgb[1] = g;
	rgb[2] = b;
	*known = true;
}

void
pdf_ops_fill(struct pdf_ops *o, double r, double g, double b)
{
	set_rgb(o, &o->st.fill_known, o->st.fill, "rg\n", r, g, b);
}

void
pdf_ops_stroke(struct pdf_ops *o, double r, double g, double b)
{
	set_rgb(o, &o->st.stroke_known, o->st.stroke, "RG\n", r, g, b);
}

void
pdf_ops_line_width(struct pdf_ops *o, double w)
{
	if (o->st.width_known && llround(o->st.width * 1000) ==
	    llround(w * 1000))
		return;
	num(o, w, ' ');
	op(o, "w\n");
	o->st.width = w;
	o->st.width_known = true;
}

void
pdf_ops_line_round(struct pdf_ops *o, bool round)
{
	if (o->st.cap_known && o->st.round == round)
		return;
	op(o, round ? "1 J 1 j\n" : "0 J 0 j\n");
	o->st.round = round;
	o->st.cap_known = true;
}

void
pdf_ops_move(struct pdf_ops *o, double x, double y)
{
	num(o, x, ' ');
	num(o, y, ' ');
	op(o, "m\n");
}

void
pdf_ops_line(struct pdf_ops *o, double x, double y)
{
	num(o, x, ' ');
	num(o, y, ' ');
	op(o, "l\n");
}

void
pdf_ops_curve(struct pdf_ops *o, double x1, double y1, double x2, double y2,
    double x3, double y3)
{
	num(o, x1, ' ');
	num(o, y1, ' ');
	num(o, x2, ' ');
	num(o, y2, ' ');
	num(o, x3, ' ');
	num(o, y3, ' ');
	op(o, "c\n");
}

void
pdf_ops_rect(struct pdf_ops *o, double x, double y, double w, double h)
{
	num(o, x, ' ');
	num(o, y, ' ');
	num(o, w, ' ');
	num(o, h, ' ');
	op(o, "re\n");
}

void
pdf_ops_close(struct pdf_ops *o)
{
	op(o, "h\n");
}

void
pdf_ops_paint(struct pdf_ops *o, enum pdf_ops_paint how)
{
	static const char *const paint[] = {
		[PDF_OPS_FILL] = "f\n",
		[PDF_OPS_STROKE] = "S\n",
		[PDF_OPS_FILL_STROKE] = "B\n",
		[PDF_OPS_CLIP] = "W n\n",
		[PDF_OPS_NONE] = "n\n",
	};

	if ((unsigned)how > PDF_OPS_NONE) {
		o->failed = true;
		return;
	}
	op(o, paint[how]);
}

void
pdf_ops_save(struct pdf_ops *o)
{
	if (o->depth >= PDF_OPS_DEPTH) {
		o->failed = true;
		return;
	}
	o->saved[o->depth++] = o->st;
	op(o, "q\n");
}

void
pdf_ops_restore(struct pdf_ops *o)
{
	if (o->depth <= 0) {
		o->failed = true;
		return;
	}
	o->st = o->saved[--o->depth];
	op(o, "Q\n");
}

void
pdf_ops_font(struct pdf_ops *o, int font, const char *name, double size)
{
	if (o->st.font_known && o->st.font == font &&
	    llround(o->st.size * 1000) == llround(size * 1000))
		return;
	buf_putc(&o->b, '/');
	buf_puts(&o->b, name);
	buf_putc(&o->b, ' ');
	num(o, size, ' ');
	op(o, "Tf\n");
	o->st.font = font;
	o->st.size = size;
	o->st.font_known = true;
}

/*
 * Appends a literal string of the codes: two bytes each, with the three
 * bytes a literal string gives a meaning escaped, and CR (which a reader
 * would take for an end of line) written as \r.
 */
static void
codes(struct pdf_ops *o, const uint16_t *c, size_t n)
{
	unsigned char	 b[2];
	size_t		 i;
	int		 k;

	buf_putc(&o->b, '(');
	for (i = 0; i < n; i++) {
		b[0] = (unsigned char)(c[i] >> 8);
		b[1] = (unsigned char)c[i];
		for (k = 0; k < 2; k++)
			if (b[k] == '(' || b[k] == ')' || b[k] == '\\') {
				buf_putc(&o->b, '\\');
				buf_putc(&o->b, (char)b[k]);
			} else if (b[k] == '\r')
				buf_append(&o->b, "\\r", 2);
			else
				buf_putc(&o->b, (char)b[k]);
	}
	buf_putc(&o->b, ')');
}

void
pdf_ops_text(struct pdf_ops *o, double x, double y, bool up,
    const uint16_t *c, size_t n)
{
	op(o, "BT\n");
	if (up) {
		op(o, "0 1 -1 0 ");
		num(o, x, ' ');
		num(o, y, ' ');
		op(o, "Tm\n");
	} else {
		num(o, x, ' ');
		num(o, y, ' ');
		op(o, "Td\n");
	}
	codes(o, c, n);
	op(o, "Tj\nET\n");
}
