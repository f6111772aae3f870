/*
 * pdf.c — the flowing document builder over libharu (see pdf.h).
 *
 * Coordinates are PDF points with the origin at the bottom left.  The
 * cursor p->y is the top of the free part of the body; content moves it
 * down and a page starts when the next block does not fit.  Headers are
 * drawn when a page starts, footers in pdf_finish(): each page's content
 * (pdf_ops.h) stays open until then, and is deflated into the page's
 * stream (pdf_stream.h) just before the document is saved.
 *
 * Text is measured with each face's width table (pdf_cmap.h): the sum of
 * its characters' widths without kerning, as libharu's own measure adds
 * them, so a line's width is the sum of its words'.  The fonts' objects
 * are made by pdf_font.c.  libharu facts this file relies on (libharu
 * 2.3.0, checked here): strings given to HPDF_CreateOutline() and
 * HPDF_SetInfoAttr() with the UTF-8 encoder are written as UTF-16BE; the
 * encoder's code space stops at U+CFFF; HPDF_NewDoc() keeps the parsed
 * faces, and a document built after it is byte-identical to one from a
 * fresh handle.
 */
#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "buf.h"
#include "errcode.h"
#include "pdf.h"
#include "pdf_canvas.h"
#include "pdf_cmap.h"
#include "pdf_font.h"
#include "pdf_ops.h"
#include "pdf_stream.h"

/* Page geometry, in points. */
#define PDF_PAGE_W	595.276
#define PDF_PAGE_H	841.89
#define PDF_LEFT	56.693		/* 20 mm */
#define PDF_RIGHT	(PDF_PAGE_W - PDF_LEFT)
#define PDF_TOP		(PDF_PAGE_H - 62)
#define PDF_BOTTOM	64.0
#define PDF_HEAD_BASE	(PDF_PAGE_H - 36)
#define PDF_HEAD_RULE	(PDF_PAGE_H - 42)
#define PDF_FOOT_RULE	46.0
#define PDF_FOOT_BASE	32.0

/*
 * zlib levels: the page contents are deflated for every document, a
 * face's subset only when the glyphs shown change (struct pdf_subset).
 */
#define PDF_CONTENT_LEVEL	3
#define PDF_SUBSET_LEVEL	9

/* Type sizes and leading, in points. */
#define PDF_BODY_SIZE	9.5
#define PDF_BODY_LEAD	13.6
#define PDF_NOTE_SIZE	8.0
#define PDF_NOTE_LEAD	11.0
#define PDF_CELL_SIZE	8.5
#define PDF_CELL_LEAD	11.2
#define PDF_CELL_PADX	4.5
#define PDF_CELL_PADY	3.5
#define PDF_CAP		0.73		/* DejaVu Sans cap height, em */
#define PDF_PARA_GAP	6.0
#define PDF_KEY_WIDTH	150.0
#define PDF_COL_MIN	24.0

enum pdf_font {
	PDF_FONT_REGULAR = 0,
	PDF_FONT_BOLD,
	PDF_FONT__MAX
};

static const char *const pdf_font_file[PDF_FONT__MAX] = {
	[PDF_FONT_REGULAR] = "DejaVuSans.ttf",
	[PDF_FONT_BOLD] = "DejaVuSans-Bold.ttf",
};

struct pdf_rgb {
	double	r, g, b;
};

#define PDF_INK		{ 0.12, 0.14, 0.16 }	/* text */
#define PDF_GREY	{ 0.36, 0.40, 0.45 }	/* notes, header, footer */
#define PDF_NAVY	{ 0.08, 0.20, 0.36 }	/* headings */

static const struct pdf_rgb pdf_grey = PDF_GREY;
static const struct pdf_rgb pdf_rule = { 0.70, 0.73, 0.77 };
static const struct pdf_rgb pdf_row_rule = { 0.84, 0.86, 0.89 };
static const struct pdf_rgb pdf_head_bg = { 0.15, 0.22, 0.30 };
static const struct pdf_rgb pdf_zebra = { 0.955, 0.962, 0.972 };

/* Okabe–Ito bluish green, yellow and vermillion, tinted over white. */
static const struct pdf_rgb pdf_fill_rgb[PDF_FILL__MAX] = {
	[PDF_FILL_NONE] = { 1.0, 1.0, 1.0 },
	[PDF_FILL_GOOD] = { 0.650, 0.867, 0.808 },
	[PDF_FILL_PARTIAL] = { 0.968, 0.942, 0.592 },
	[PDF_FILL_BAD] = { 0.926, 0.716, 0.550 },
	[PDF_FILL_MUTED] = { 0.880, 0.890, 0.900 },
};

unsigned
pdf_fill_rgb24(enum pdf_fill f)
{
	const struct pdf_rgb	*c;

	if ((unsigned)f >= PDF_FILL__MAX)
		f = PDF_FILL_NONE;
	c = &pdf_fill_rgb[f];
	return (unsigned)(c->r * 255.0 + 0.5) << 16 |
	    (unsigned)(c->g * 255.0 + 0.5) << 8 | (unsigned)(c->b * 255.0 + 0.5);
}

/* How a run of wrapped lines is set. */
struct pdf_style {
	enum pdf_font	 font;
	double		 size;
	double		 lead;
	struct pdf_rgb	 colour;
};

static const struct pdf_style pdf_body = {
	PDF_FONT_REGULAR, PDF_BODY_SIZE, PDF_BODY_LEAD, PDF_INK
};
static const struct pdf_style pdf_key = {
	PDF_FONT_BOLD, PDF_BODY_SIZE, PDF_BODY_LEAD, PDF_INK
};
static const struct pdf_style pdf_small = {
	PDF_FONT_REGULAR, PDF_NOTE_SIZE, PDF_NOTE_LEAD, PDF_GREY
};
/* The watermark line: small, and lighter than the footer. */
static const struct pdf_style pdf_mark = {
	PDF_FONT_REGULAR, 6.5, 7.5, { 0.55, 0.58, 0.62 }
};
static const struct pdf_style pdf_cell = {
	PDF_FONT_REGULAR, PDF_CELL_SIZE, PDF_CELL_LEAD, PDF_INK
};
static const struct pdf_style pdf_head = {
	PDF_FONT_BOLD, PDF_CELL_SIZE, PDF_CELL_LEAD, { 1.0, 1.0, 1.0 }
};
static const struct pdf_style pdf_h1 = {
	PDF_FONT_BOLD, 15.0, 19.0, PDF_NAVY
};
static const struct pdf_style pdf_h2 = {
	PDF_FONT_BOLD, 11.5, 15.0, PDF_NAVY
};
static const struct pdf_style pdf_big = {
	PDF_FONT_BOLD, 22.0, 27.0, PDF_NAVY
};
static const struct pdf_style pdf_sub = {
	PDF_FONT_REGULAR, 12.0, 16.0, PDF_GREY
};

/*
 * One row of wrapped cells: the layout shared by table rows, the header
 * row and key–value lines.  Cell i has nlines[i] NUL-terminated lines,
 * one after the other, in lines[i].
 */
struct pdf_row {
	size_t			 ncols;
	const double		*x;
	const double		*w;
	const enum pdf_align	*align;
	const struct pdf_style	*style[PDF_COLS_MAX];
	const struct pdf_rgb	*bg[PDF_COLS_MAX];	/* NULL: none */
	const struct buf	*lines;
	const size_t		*nlines;
	double			 padx, pady;
	bool			 rule;		/* thin rule below */
	bool			 mark_cut;	/* say so when split */
};

struct pdf_table {
	bool		 open;
	bool		 started;	/* header row drawn (with row 1) */
	unsigned	 flags;
	size_t		 ncols;
	size_t		 rows;
	double		 x[PDF_COLS_MAX];
	double		 w[PDF_COLS_MAX];
	enum pdf_align	 align[PDF_COLS_MAX];
	struct buf	 head[PDF_COLS_MAX];	/* wrapped titles */
	size_t		 headn[PDF_COLS_MAX];
	double		 headh;
};

/*
 * A page: libharu's, and its content stream as written here (pdf_ops.h),
 * which goes into the page when the document is saved.
 */
struct pdf_page {
	HPDF_Page	 hp;
	struct pdf_ops	 ops;
	struct buf	 z;		/* ops deflated, at the end */
	/* The page's resource name of each face, once text used it. */
	const char	*font_res[PDF_FONT__MAX];
};

struct pdf {
	HPDF_Doc	 doc;
	HPDF_Encoder	 enc;
	struct pdf_font_objs font[PDF_FONT__MAX];	/* this document's */
	HPDF_FontDef	 fontdef[PDF_FONT__MAX];
	const char	*font_name[PDF_FONT__MAX];	/* libharu's */
	bool		 fonts_ok;	/* font_name[] valid for font_dir */
	/* Each face's glyph of every code (pdf_cmap_glyphs), while fonts_ok. */
	HPDF_UINT16	*glyphs[PDF_FONT__MAX];
	/* ... and its width in thousandths of an em (pdf_cmap_widths). */
	int16_t		*widths[PDF_FONT__MAX];
	char		 font_dir[PATH_MAX];
	/*
	 * The codes this document has shown, per face: libharu is told of
	 * each once (pdf_shown()), for the subset it embeds.
	 */
	uint8_t		 shown[PDF_FONT__MAX][PDF_CMAP_CODES / 8];
	uint16_t	*codes;		/* a text's codes (pdf_show()) */
	size_t		 codecap;
	struct pdf_deflater deflater;	/* for the page contents */
	struct pdf_deflater deflater2;	/* ... on a second thread */
	struct pdf_deflater subset_deflater;
	/* Each face's subset, kept while the glyphs shown stay the same. */
	struct pdf_font_subset subset[PDF_FONT__MAX];
	struct buf	 tounicode;	/* pdf_cmap_tounicode(), deflated */
	struct buf	 zbuf;

	enum err	 err;		/* first error, sticky */
	bool		 hpdf_failed;	/* err came from libharu */
	bool		 hpdf_dirty;	/* libharu reported any error */
	unsigned long	 hpdf_error;
	unsigned long	 hpdf_detail;
	bool		 finished;

	/* pages[0..pagecap) are initialised and kept for the next document. */
	struct pdf_page	*pages;
	size_t		 npages;
	size_t		 pagecap;
	struct pdf_page	*page;		/* current, or NULL before the first */
	double		 y;		/* top of the free body */
	bool		 at_top;	/* nothing drawn below the header */
	HPDF_Outline	 outline1;	/* last level-1 bookmark */

	/* Running header and footer texts, cut to fit with an ellipsis. */
	char		 title[PDF_LABEL_MAX + 4];
	char		 org[PDF_LABEL_MAX + 4];
	char		 footer[PDF_LABEL_MAX + 4];
	char		 watermark[PDF_LABEL_MAX + 1];	/* clean text */

	/*
	 * A heading waits for what follows it, so that the two start on the
	 * same page (pdf_heading_flush()).
	 */
	bool		 head_pending;
	int		 head_level;
	size_t		 head_n;		/* wrapped lines */
	struct buf	 head_text;		/* cleaned, for the bookmark */
	struct buf	 head_lines;		/* wrapped */

	struct pdf_table table;
	struct buf	 text;		/* cleaned input */
	struct buf	 cell[PDF_COLS_MAX];	/* wrapped cells */
	size_t		 celln[PDF_COLS_MAX];
};

static bool	pdf_new_page(struct pdf *);
static void	pdf_heading_flush(struct pdf *, double);

/* Records e as the sticky error unless one is already there. */
static void
pdf_fail(struct pdf *p, enum err e)
{
	if (p->err == ERR_OK)
		p->err = e;
}

/*
 * libharu's error handler: keeps the first error and returns, so the
 * failing call returns its error code and the document stops; every
 * later pdf_* call sees p->err and does nothing.
 */
static void
pdf_hpdf_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *arg)
{
	struct pdf	*p = arg;
	enum err	 e;

	p->hpdf_dirty = true;
	if (p->err != ERR_OK)
		return;
	switch (error_no) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		e = ERR_NOMEM;
		break;
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
		e = ERR_IO;
		break;
	default:
		e = ERR_INTERNAL;
		break;
	}
	p->err = e;
	p->hpdf_failed = true;
	p->hpdf_error = error_no;
	p->hpdf_detail = detail_no;
}

/*
 * After a libharu call that returned failure: makes sure the failure is
 * recorded even if libharu did not call the handler.
 */
static void
pdf_hpdf_check(struct pdf *p, bool ok)
{
	if (!ok)
		pdf_fail(p, ERR_INTERNAL);
}

/* Whether drawing may go on; a call after pdf_finish() is a bug. */
static bool
pdf_usable(struct pdf *p)
{
	if (p == NULL)
		return false;
	if (p->finished)
		pdf_fail(p, ERR_INTERNAL);
	return p->err == ERR_OK;
}

/*
 * Decodes one UTF-8 sequence of s[0..n) (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF).  Returns its length, at least 1, and
 * stores the code point, or UINT32_MAX for a bad byte.
 */
static size_t
pdf_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	 c, min;
	size_t		 len, i;

	*cp = UINT32_MAX;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		return 1;
	if (len > n)
		return 1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 1;
	*cp = c;
	return len;
}

/*
 * Copies s into p->text as text libharu can write: see pdf.h.  With
 * multiline false, '\n' becomes a space.  Fails with ERR_TOO_LARGE when
 * s is longer than max bytes.
 */
static bool
pdf_clean(struct pdf *p, const char *s, size_t max, bool multiline)
{
	const unsigned char	*u;
	size_t			 n, i, len;
	uint32_t		 cp;

	buf_reset(&p->text);
	if (s == NULL)
		s = "";
	if ((n = strnlen(s, max + 1)) > max) {
		pdf_fail(p, ERR_TOO_LARGE);
		return false;
	}
	u = (const unsigned char *)s;
	for (i = 0; i < n; i += len) {
		len = pdf_utf8(u + i, n - i, &cp);
		if (cp == '\t' || (cp == '\n' && !multiline))
			buf_putc(&p->text, ' ');
		else if (cp == '\n')
			buf_putc(&p->text, '\n');
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			continue;
		else if (cp == UINT32_MAX || cp > 0xcfff)
			buf_putc(&p->text, '?');
		else
			buf_append(&p->text, u + i, len);
	}
	if (buf_failed(&p->text)) {
		pdf_fail(p, ERR_NOMEM);
		return false;
	}
	return true;
}

/*
 * The code of the character at s[0..n) as the fonts' UTF-8 encoding
 * writes it, and its length: a character libharu cannot write (pdf.h)
 * is '?', as pdf_clean() makes it.
 */
static size_t
pdf_code(const unsigned char *s, size_t n, uint16_t *code)
{
	uint32_t	 cp;
	size_t		 len;

	len = pdf_utf8(s, n, &cp);
	*code = cp == UINT32_MAX || cp > 0xcfff ? '?' : (uint16_t)cp;
	return len;
}

/*
 * Width in points of n bytes of text: the sum of its characters' widths
 * in thousandths of an em, as HPDF_Font_TextWidth() adds them.
 */
static double
pdf_width(struct pdf *p, enum pdf_font f, double size, const char *s,
    size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	const int16_t		*w = p->widths[f];
	long			 sum = 0;
	uint16_t		 c;
	size_t			 i;

	for (i = 0; i < n; ) {
		if (u[i] < 0x80) {
			sum += w[u[i++]];
			continue;
		}
		i += pdf_code(u + i, n - i, &c);
		sum += w[c];
	}
	return (double)sum * size / 1000.0;
}

/* Tells libharu the document shows code c in face f (see struct pdf). */
static void
pdf_shown(struct pdf *p, enum pdf_font f, uint16_t c)
{
	uint8_t	*bit = &p->shown[f][c >> 3];

	if (*bit & (1u << (c & 7)))
		return;
	*bit |= (uint8_t)(1u << (c & 7));
	/* libharu records the glyph (and its parts) for its subset. */
	(void)HPDF_TTFontDef_GetCharWidth(p->fontdef[f], c);
}

/*
 * Shows one line of clean text s in face f at size points on page pg,
 * with its origin at x, y (turned to read upwards when up), in colour c
 * or, with c NULL, in the fill colour set last.
 */
static void
pdf_show(struct pdf *p, struct pdf_page *pg, enum pdf_font f, double size,
    const struct pdf_rgb *c, double x, double y, bool up, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint16_t		*nc;
	size_t			 n = strlen(s), i, k;

	if (n == 0 || p->err != ERR_OK)
		return;
	if (n > p->codecap) {
		if ((nc = reallocarray(p->codes, n, sizeof(*nc))) == NULL) {
			pdf_fail(p, ERR_NOMEM);
			return;
		}
		p->codes = nc;
		p->codecap = n;
	}
	for (i = k = 0; i < n; k++) {
		i += pdf_code(u + i, n - i, &p->codes[k]);
		pdf_shown(p, f, p->codes[k]);
	}
	if (pg->font_res[f] == NULL) {
		pg->font_res[f] = HPDF_Page_GetLocalFontName(pg->hp,
		    p->font[f].type0);
		pdf_hpdf_check(p, pg->font_res[f] != NULL);
		if (p->err != ERR_OK)
			return;
	}
	if (c != NULL)
		pdf_ops_fill(&pg->ops, c->r, c->g, c->b);
	pdf_ops_font(&pg->ops, (int)f, pg->font_res[f], size);
	pdf_ops_text(&pg->ops, x, y, up, p->codes, k);
}

/* Ends the line being built in out. */
static void
pdf_wrap_emit(struct buf *out, size_t *lines)
{
	buf_putc(out, '\0');
	(*lines)++;
}

/*
 * Wraps one hard line s[0..n) (no '\n') to maxw points, appending
 * NUL-terminated lines to out.  Runs of spaces collapse; a word wider
 * than maxw is broken between characters.  Returns the lines added, at
 * least 1.
 */
static size_t
pdf_wrap_line(struct pdf *p, const struct pdf_style *st, double maxw,
    const char *s, size_t n, struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	double			 sp, linew, ww, cw;
	size_t			 lines = 0, i = 0, k, c, len;
	uint32_t		 cp;
	bool			 have = false;

	sp = pdf_width(p, st->font, st->size, " ", 1);
	linew = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		for (k = i; k < n && s[k] != ' '; k++)
			continue;
		ww = pdf_width(p, st->font, st->size, s + i, k - i);
		if (have && linew + sp + ww <= maxw) {
			buf_putc(out, ' ');
			buf_append(out, s + i, k - i);
			linew += sp + ww;
		} else {
			if (have)
				pdf_wrap_emit(out, &lines);
			have = false;
			linew = 0;
			if (ww <= maxw) {
				buf_append(out, s + i, k - i);
				linew = ww;
				have = true;
			} else {
				/* Break the word between characters. */
				for (c = i; c < k; c += len) {
					len = pdf_utf8(u + c, k - c, &cp);
					cw = pdf_width(p, st->font, st->size,
					    s + c, len);
					if (have && linew + cw > maxw) {
						pdf_wrap_emit(out, &lines);
						linew = 0;
					}
					buf_append(out, s + c, len);
					linew += cw;
					have = true;
				}
			}
		}
		i = k;
	}
	if (have || lines == 0)
		pdf_wrap_emit(out, &lines);
	return lines;
}

/*
 * Wraps clean text s (which may hold '\n') to maxw points into out,
 * which is emptied first.  Returns the number of lines, at least 1.
 */
static size_t
pdf_wrap(struct pdf *p, const struct pdf_style *st, double maxw,
    const char *s, struct buf *out)
{
	const char	*nl;
	size_t		 lines = 0, n;

	buf_reset(out);
	for (;;) {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		lines += pdf_wrap_line(p, st, maxw, s, n, out);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	if (buf_failed(out))
		pdf_fail(p, ERR_NOMEM);
	return lines;
}

/*
 * Copies clean text s into dst (PDF_LABEL_MAX + 4 bytes), cut between
 * characters with an ellipsis so it is at most maxw points wide.
 */
static void
pdf_fit(struct pdf *p, const struct pdf_style *st, double maxw,
    const char *s, char *dst)
{
	static const char	 ell[] = "\xe2\x80\xa6";	/* … */
	const unsigned char	*u = (const unsigned char *)s;
	double			 w, ew;
	size_t			 n, i, len;
	uint32_t		 cp;

	n = strlen(s);
	if (n > PDF_LABEL_MAX)
		n = PDF_LABEL_MAX;
	if (pdf_width(p, st->font, st->size, s, n) <= maxw) {
		memcpy(dst, s, n);
		dst[n] = '\0';
		return;
	}
	ew = pdf_width(p, st->font, st->size, ell, sizeof(ell) - 1);
	w = 0;
	for (i = 0; i < n; i += len) {
		len = pdf_utf8(u + i, n - i, &cp);
		w += pdf_width(p, st->font, st->size, s + i, len);
		if (w + ew > maxw)
			break;
	}
	memcpy(dst, s, i);
	memcpy(dst + i, ell, sizeof(ell));
}

static void
pdf_hline(struct pdf_page *pg, double x0, double x1, double y,
    double lw, const struct pdf_rgb *c)
{
	pdf_ops_line_width(&pg->ops, lw);
	pdf_ops_stroke(&pg->ops, c->r, c->g, c->b);
	pdf_ops_move(&pg->ops, x0, y);
	pdf_ops_line(&pg->ops, x1, y);
	pdf_ops_paint(&pg->ops, PDF_OPS_STROKE);
}

static void
pdf_rect(struct pdf *p, double x, double y, double w, double h,
    const struct pdf_rgb *c)
{
	pdf_ops_fill(&p->page->ops, c->r, c->g, c->b);
	pdf_ops_rect(&p->page->ops, x, y, w, h);
	pdf_ops_paint(&p->page->ops, PDF_OPS_FILL);
}

/*
 * Sets one line of clean text on page at baseline y within [x, x + w),
 * aligned.
 */
static void
pdf_text(struct pdf *p, struct pdf_page *pg, const struct pdf_style *st,
    const struct pdf_rgb *colour, double x, double w, enum pdf_align a,
    double y, const char *s)
{
	double	 tw;

	if (*s == '\0' || p->err != ERR_OK)
		return;
	if (a != PDF_ALIGN_LEFT) {
		tw = pdf_width(p, st->font, st->size, s, strlen(s));
		x += a == PDF_ALIGN_RIGHT ? w - tw : (w - tw) / 2;
	}
	pdf_show(p, pg, st->font, st->size, colour, x, y, false, s);
}

/* The baseline of a line whose box of height lead has its top at top. */
static double
pdf_baseline(const struct pdf_style *st, double top)
{
	return top - (st->lead + st->size * PDF_CAP) / 2;
}

/* Returns the line after NUL-terminated line s. */
static const char *
pdf_next_line(const char *s)
{
	return s + strlen(s) + 1;
}

/*
 * Draws lines [from, from + n) of every cell of r with the top at p->y
 * and moves p->y below.  With cut, adds a line saying the row goes on.
 */
static void
pdf_row_piece(struct pdf *p, const struct pdf_row *r, size_t from,
    size_t n, bool cut)
{
	const char	*s;
	double		 h, top = p->y, x1;
	size_t		 i, j;

	h = 0;
	for (i = 0; i < r->ncols; i++)
		if (r->style[i]->lead * n > h)
			h = r->style[i]->lead * n;
	h += 2 * r->pady + (cut ? PDF_NOTE_LEAD : 0);
	x1 = r->x[r->ncols - 1] + r->w[r->ncols - 1];
	for (i = 0; i < r->ncols; i++)
		if (r->bg[i] != NULL)
			pdf_rect(p, r->x[i], top - h, r->w[i], h, r->bg[i]);
	if (r->rule)
		pdf_hline(p->page, r->x[0], x1, top - h, 0.5,
		    &pdf_row_rule);
	for (i = 0; i < r->ncols; i++) {
		s = r->lines[i].data;
		for (j = 0; j < from + n && j < r->nlines[i]; j++) {
			if (j >= from)
				pdf_text(p, p->page, r->style[i],
				    &r->style[i]->colour, r->x[i] + r->padx,
				    r->w[i] - 2 * r->padx, r->align[i],
				    pdf_baseline(r->style[i], top - r->pady -
				    (j - from) * r->style[i]->lead), s);
			s = pdf_next_line(s);
		}
	}
	if (cut)
		pdf_text(p, p->page, &pdf_small, &pdf_grey, r->x[0] + r->padx,
		    x1 - r->x[0] - 2 * r->padx, PDF_ALIGN_RIGHT,
		    pdf_baseline(&pdf_small, top - h + r->pady +
		    PDF_NOTE_LEAD), "\xe2\x80\xa6 continued on the next page");
	p->y = top - h;
	p->at_top = false;
}

/* The number of lines of the tallest cell of r and their height. */
static size_t
pdf_row_lines(const struct pdf_row *r, double *lead)
{
	size_t	 i, n = 1;

	*lead = 0;
	for (i = 0; i < r->ncols; i++) {
		if (r->nlines[i] > n)
			n = r->nlines[i];
		if (r->style[i]->lead > *lead)
			*lead = r->style[i]->lead;
	}
	return n;
}

/*
 * Places row r: whole on this page or the next; split over pages only
 * when it is taller than an empty page.
 */
static void
pdf_row_flow(struct pdf *p, const struct pdf_row *r)
{
	double	 lead, fresh, avail, mark;
	size_t	 total, from = 0, n, whole;

	total = pdf_row_lines(r, &lead);
	fresh = PDF_BODY_HEIGHT - (p->table.started ? p->table.headh : 0);
	if (total * lead + 2 * r->pady <= fresh) {
		if (p->page == NULL ||
		    p->y - (total * lead + 2 * r->pady) < PDF_BOTTOM)
			if (!pdf_new_page(p))
				return;
		pdf_row_piece(p, r, 0, total, false);
		return;
	}
	mark = r->mark_cut ? PDF_NOTE_LEAD : 0;
	while (from < total && p->err == ERR_OK) {
		avail = p->page != NULL ? p->y - PDF_BOTTOM - 2 * r->pady : 0;
		whole = avail > 0 ? (size_t)(avail / lead) : 0;
		if (from + whole >= total) {
			pdf_row_piece(p, r, from, total - from, false);
			return;
		}
		n = avail > mark ? (size_t)((avail - mark) / lead) : 0;
		/* Do not start a tall row with a sliver. */
		if (n < 1 || (from == 0 && n < 4 && !p->at_top)) {
			if (p->page != NULL && p->at_top) {
				pdf_fail(p, ERR_INTERNAL);
				return;
			}
			pdf_new_page(p);
			continue;
		}
		pdf_row_piece(p, r, from, n, r->mark_cut);
		from += n;
		pdf_new_page(p);
	}
}

/* Draws the table's header row at p->y. */
static void
pdf_table_head(struct pdf *p)
{
	struct pdf_table	*t = &p->table;
	struct pdf_row		 r;
	double			 lead;
	size_t			 i;

	memset(&r, 0, sizeof(r));
	r.ncols = t->ncols;
	r.x = t->x;
	r.w = t->w;
	r.align = t->align;
	r.lines = t->head;
	r.nlines = t->headn;
	r.padx = PDF_CELL_PADX;
	r.pady = PDF_CELL_PADY;
	for (i = 0; i < t->ncols; i++) {
		r.style[i] = &pdf_head;
		r.bg[i] = &pdf_head_bg;
	}
	pdf_row_piece(p, &r, 0, pdf_row_lines(&r, &lead), false);
}

/* Starts a page: header, and the table's header row if one is open. */
static bool
pdf_new_page(struct pdf *p)
{
	struct pdf_page	*np, *pg;
	HPDF_Page	 page;
	double		 w;
	size_t		 i;

	if (p->err != ERR_OK)
		return false;
	if (p->npages >= PDF_PAGES_MAX) {
		pdf_fail(p, ERR_TOO_LARGE);
		return false;
	}
	if (p->npages == p->pagecap) {
		np = reallocarray(p->pages, p->pagecap + 16, sizeof(*np));
		if (np == NULL) {
			pdf_fail(p, ERR_NOMEM);
			return false;
		}
		p->pages = np;
		for (i = p->pagecap; i < p->pagecap + 16; i++) {
			pdf_ops_init(&np[i].ops);
			buf_init(&np[i].z, 0);
		}
		p->pagecap += 16;
	}
	page = HPDF_AddPage(p->doc);
	pdf_hpdf_check(p, page != NULL);
	if (p->err != ERR_OK)
		return false;
	pg = &p->pages[p->npages++];
	pg->hp = page;
	pdf_ops_reset(&pg->ops);
	for (i = 0; i < PDF_FONT__MAX; i++)
		pg->font_res[i] = NULL;
	p->page = pg;
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);

	pdf_text(p, pg, &pdf_small, &pdf_grey, PDF_LEFT, 0, PDF_ALIGN_LEFT,
	    PDF_HEAD_BASE, p->title);
	w = PDF_RIGHT - PDF_LEFT;
	pdf_text(p, pg, &pdf_small, &pdf_grey, PDF_LEFT, w, PDF_ALIGN_RIGHT,
	    PDF_HEAD_BASE, p->org);
	pdf_hline(pg, PDF_LEFT, PDF_RIGHT, PDF_HEAD_RULE, 0.5, &pdf_rule);

	p->y = PDF_TOP;
	if (p->table.open && p->table.started)
		pdf_table_head(p);
	p->at_top = true;	/* a repeated header row is not content */
	return p->err == ERR_OK;
}

/* Makes room for h points, starting a page if needed. */
static bool
pdf_room(struct pdf *p, double h)
{
	if (p->err != ERR_OK)
		return false;
	if (p->page != NULL && p->y - h >= PDF_BOTTOM - 0.01)
		return true;
	return pdf_new_page(p);
}

/* Moves down by h points unless at the top of a page. */
static void
pdf_gap(struct pdf *p, double h)
{
	if (p->page == NULL || p->at_top)
		return;
	p->y -= h;
	if (p->y < PDF_BOTTOM)
		p->y = PDF_BOTTOM;
}

/* Ends an open table: a flowing block follows. */
static void
pdf_flow_start(struct pdf *p)
{
	if (p->table.open)
		pdf_table_end(p);
}

/*
 * Sets n lines of wrapped text, one after another, breaking pages
 * between lines; keeps the first two lines together.
 */
static void
pdf_lines(struct pdf *p, const struct pdf_style *st, double x, double w,
    const struct buf *lines, size_t n)
{
	const char	*s = lines->data;
	size_t		 i;

	if (!pdf_room(p, st->lead * (n > 1 ? 2 : 1)))
		return;
	for (i = 0; i < n && p->err == ERR_OK; i++) {
		if (!pdf_room(p, st->lead))
			return;
		pdf_text(p, p->page, st, &st->colour, x, w, PDF_ALIGN_LEFT,
		    pdf_baseline(st, p->y), s);
		p->y -= st->lead;
		p->at_top = false;
		s = pdf_next_line(s);
	}
}

/* A block of wrapped text across the body. */
static void
pdf_block(struct pdf *p, const struct pdf_style *st, const char *s,
    size_t max, double after)
{
	size_t	 n;

	if (!pdf_usable(p))
		return;
	pdf_flow_start(p);
	if (!pdf_clean(p, s, max, true))
		return;
	n = pdf_wrap(p, st, PDF_BODY_WIDTH, p->text.data, &p->cell[0]);
	pdf_heading_flush(p, (double)(n < 3 ? n : 3) * st->lead);
	pdf_lines(p, st, PDF_LEFT, PDF_BODY_WIDTH, &p->cell[0], n);
	pdf_gap(p, after);
}

void
pdf_paragraph(struct pdf *p, const char *s)
{
	pdf_block(p, &pdf_body, s, PDF_TEXT_MAX, PDF_PARA_GAP);
}

void
pdf_note(struct pdf *p, const char *s)
{
	pdf_block(p, &pdf_small, s, PDF_TEXT_MAX, PDF_PARA_GAP);
}

void
pdf_title(struct pdf *p, const char *title, const char *subtitle)
{
	if (!pdf_usable(p))
		return;
	pdf_heading_flush(p, 0);
	pdf_gap(p, 24);
	pdf_block(p, &pdf_big, title, PDF_LABEL_MAX, 4);
	if (subtitle != NULL && *subtitle != '\0')
		pdf_block(p, &pdf_sub, subtitle, PDF_LABEL_MAX, 0);
	pdf_gap(p, 18);
}

/* The style of a heading of level 1 or 2. */
static const struct pdf_style *
pdf_heading_style(int level)
{
	return level == 1 ? &pdf_h1 : &pdf_h2;
}

/* The space above a heading of level 1 or 2. */
static double
pdf_heading_gap(int level)
{
	return level == 1 ? 14 : 9;
}

/* The height of a heading of level with n lines, rule included. */
static double
pdf_heading_height(int level, size_t n)
{
	return (double)n * pdf_heading_style(level)->lead +
	    (level == 1 ? 6 : 3);
}

/*
 * Draws the waiting heading, if any, with room below it for need points:
 * the first piece of what follows (a paragraph's first lines, a table's
 * header and first row, an image).  When both do not fit on a page, the
 * heading keeps four lines of it.
 */
static void
pdf_heading_flush(struct pdf *p, double need)
{
	const struct pdf_style	*st;
	HPDF_Outline		 o, parent;
	HPDF_Destination	 dst;
	double			 h, top;
	int			 level = p->head_level;

	if (!p->head_pending)
		return;
	p->head_pending = false;
	if (p->err != ERR_OK)
		return;
	st = pdf_heading_style(level);
	h = pdf_heading_height(level, p->head_n);
	if (!(need >= 0) || h + need > PDF_BODY_HEIGHT)
		need = 4 * PDF_BODY_LEAD;
	pdf_gap(p, pdf_heading_gap(level));
	if (p->page != NULL && p->y - h - need < PDF_BOTTOM)
		pdf_new_page(p);
	if (!pdf_room(p, h))
		return;
	top = p->y;
	pdf_lines(p, st, PDF_LEFT, PDF_BODY_WIDTH, &p->head_lines, p->head_n);
	if (level == 1) {
		p->y -= 2;
		pdf_hline(p->page, PDF_LEFT, PDF_RIGHT, p->y, 0.6, &pdf_rule);
		p->y -= 4;
	} else
		p->y -= 3;
	if (p->err != ERR_OK)
		return;

	parent = level == 2 ? p->outline1 : NULL;
	o = HPDF_CreateOutline(p->doc, parent, p->head_text.data, p->enc);
	pdf_hpdf_check(p, o != NULL);
	if (p->err != ERR_OK)
		return;
	if (level == 1) {
		HPDF_Outline_SetOpened(o, HPDF_TRUE);
		p->outline1 = o;
	}
	dst = HPDF_Page_CreateDestination(p->page->hp);
	pdf_hpdf_check(p, dst != NULL);
	if (p->err != ERR_OK)
		return;
	/* Fit the width with the heading at the top (XYZ needs a zoom). */
	HPDF_Destination_SetFitH(dst, (HPDF_REAL)(top + 8));
	HPDF_Outline_SetDestination(o, dst);
	HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE);
}

void
pdf_heading(struct pdf *p, int level, const char *s)
{
	const struct pdf_style	*st;
	size_t			 n;

	if (!pdf_usable(p))
		return;
	if (level != 1 && level != 2) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	pdf_flow_start(p);
	if (!pdf_clean(p, s, PDF_LABEL_MAX, false))
		return;
	st = pdf_heading_style(level);
	if (p->head_pending) {
		/* Headings in a row: each keeps with the next one. */
		n = pdf_wrap(p, st, PDF_BODY_WIDTH, p->text.data, &p->cell[0]);
		pdf_heading_flush(p, pdf_heading_gap(level) +
		    pdf_heading_height(level, n) + 4 * PDF_BODY_LEAD);
	}
	buf_reset(&p->head_text);
	buf_puts(&p->head_text, p->text.data);
	if (buf_failed(&p->head_text)) {
		pdf_fail(p, ERR_NOMEM);
		return;
	}
	p->head_n = pdf_wrap(p, st, PDF_BODY_WIDTH, p->head_text.data,
	    &p->head_lines);
	p->head_level = level;
	p->head_pending = p->err == ERR_OK;
}

void
pdf_keyvalue(struct pdf *p, const char *key, const char *value)
{
	static const enum pdf_align	 align[2];
	struct pdf_row			 r;
	double				 x[2], w[2], lead;

	if (!pdf_usable(p))
		return;
	pdf_flow_start(p);
	x[0] = PDF_LEFT;
	w[0] = PDF_KEY_WIDTH;
	x[1] = PDF_LEFT + PDF_KEY_WIDTH;
	w[1] = PDF_BODY_WIDTH - PDF_KEY_WIDTH;
	if (!pdf_clean(p, key, PDF_LABEL_MAX, false))
		return;
	p->celln[0] = pdf_wrap(p, &pdf_key, w[0] - 12, p->text.data,
	    &p->cell[0]);
	if (!pdf_clean(p, value, PDF_TEXT_MAX, true))
		return;
	p->celln[1] = pdf_wrap(p, &pdf_body, w[1], p->text.data, &p->cell[1]);
	if (p->err != ERR_OK)
		return;

	memset(&r, 0, sizeof(r));
	r.ncols = 2;
	r.x = x;
	r.w = w;
	r.align = align;
	r.style[0] = &pdf_key;
	r.style[1] = &pdf_body;
	r.lines = p->cell;
	r.nlines = p->celln;
	r.pady = 1;
	pdf_heading_flush(p, (double)pdf_row_lines(&r, &lead) * lead + 2);
	pdf_row_flow(p, &r);
}

void
pdf_space(struct pdf *p, double points)
{
	if (!pdf_usable(p))
		return;
	if (!(points >= 0 && points <= PDF_BODY_HEIGHT)) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	pdf_flow_start(p);
	pdf_heading_flush(p, points + 4 * PDF_BODY_LEAD);
	pdf_gap(p, points);
}

void
pdf_page_break(struct pdf *p)
{
	if (!pdf_usable(p))
		return;
	pdf_flow_start(p);
	pdf_heading_flush(p, 0);
	/* Lazily: the next block starts the page, so none is left blank. */
	if (p->page != NULL && !p->at_top)
		p->y = PDF_BOTTOM - 1;
}

void
pdf_table_begin(struct pdf *p, const struct pdf_column *cols, size_t ncols,
    unsigned flags)
{
	struct pdf_table	*t = &p->table;
	double			 fixed = 0, weights = 0, rest, x, wt;
	size_t			 i, n;

	if (!pdf_usable(p))
		return;
	pdf_flow_start(p);
	if (cols == NULL || ncols == 0 || ncols > PDF_COLS_MAX ||
	    (flags & ~(unsigned)PDF_TABLE_ZEBRA) != 0) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	for (i = 0; i < ncols; i++) {
		if (!(cols[i].width >= 0 && cols[i].width <= PDF_BODY_WIDTH) ||
		    !(cols[i].weight >= 0 && cols[i].weight <= 1e6) ||
		    (unsigned)cols[i].align >= PDF_ALIGN__MAX) {
			pdf_fail(p, ERR_INVALID);
			return;
		}
		if (cols[i].width > 0)
			fixed += cols[i].width;
		else
			weights += cols[i].weight > 0 ? cols[i].weight : 1;
	}
	rest = PDF_BODY_WIDTH - fixed;
	x = PDF_LEFT;
	for (i = 0; i < ncols; i++) {
		if (cols[i].width > 0)
			t->w[i] = cols[i].width;
		else {
			wt = cols[i].weight > 0 ? cols[i].weight : 1;
			t->w[i] = rest * wt / weights;
		}
		if (!(t->w[i] >= PDF_COL_MIN)) {
			pdf_fail(p, ERR_INVALID);
			return;
		}
		t->x[i] = x;
		t->align[i] = cols[i].align;
		x += t->w[i];
	}
	if (x > PDF_RIGHT + 0.01) {
		pdf_fail(p, ERR_INVALID);
		return;
	}

	t->ncols = ncols;
	t->flags = flags;
	t->rows = 0;
	n = 1;
	for (i = 0; i < ncols; i++) {
		if (!pdf_clean(p, cols[i].title, PDF_LABEL_MAX, false))
			return;
		t->headn[i] = pdf_wrap(p, &pdf_head,
		    t->w[i] - 2 * PDF_CELL_PADX, p->text.data, &t->head[i]);
		if (t->headn[i] > n)
			n = t->headn[i];
	}
	t->headh = n * PDF_CELL_LEAD + 2 * PDF_CELL_PADY;
	if (p->err != ERR_OK)
		return;
	if (t->headh > PDF_BODY_HEIGHT / 4) {
		pdf_fail(p, ERR_TOO_LARGE);
		return;
	}

	/* The header row waits for the first row, so they stay together. */
	t->open = true;
	t->started = false;
}

/*
 * Draws the header row of a table that has none yet, with room for the
 * first row (or its first lines, when it is taller than a page) of
 * height h below it.
 */
static void
pdf_table_start(struct pdf *p, double h)
{
	struct pdf_table	*t = &p->table;

	if (t->started)
		return;
	if (h > PDF_BODY_HEIGHT - t->headh)
		h = 4 * PDF_CELL_LEAD + 2 * PDF_CELL_PADY;
	pdf_heading_flush(p, 4 + t->headh + h);
	pdf_gap(p, 4);
	if (!pdf_room(p, t->headh + h))
		return;
	pdf_table_head(p);
	t->started = true;
}

void
pdf_table_row(struct pdf *p, const char *const *cells,
    const enum pdf_fill *fills)
{
	struct pdf_table	*t = &p->table;
	struct pdf_row		 r;
	double			 lead;
	bool			 zebra;
	size_t			 i;

	if (!pdf_usable(p))
		return;
	if (!t->open || cells == NULL) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	memset(&r, 0, sizeof(r));
	zebra = (t->flags & PDF_TABLE_ZEBRA) && t->rows % 2 == 1;
	for (i = 0; i < t->ncols; i++) {
		if (fills != NULL && (unsigned)fills[i] >= PDF_FILL__MAX) {
			pdf_fail(p, ERR_INVALID);
			return;
		}
		if (!pdf_clean(p, cells[i], PDF_CELL_MAX, true))
			return;
		p->celln[i] = pdf_wrap(p, &pdf_cell,
		    t->w[i] - 2 * PDF_CELL_PADX, p->text.data, &p->cell[i]);
		r.style[i] = &pdf_cell;
		if (fills != NULL && fills[i] != PDF_FILL_NONE)
			r.bg[i] = &pdf_fill_rgb[fills[i]];
		else if (zebra)
			r.bg[i] = &pdf_zebra;
	}
	if (p->err != ERR_OK)
		return;
	r.ncols = t->ncols;
	r.x = t->x;
	r.w = t->w;
	r.align = t->align;
	r.lines = p->cell;
	r.nlines = p->celln;
	r.padx = PDF_CELL_PADX;
	r.pady = PDF_CELL_PADY;
	r.rule = true;
	r.mark_cut = true;
	pdf_table_start(p, pdf_row_lines(&r, &lead) * lead + 2 * r.pady);
	if (p->err == ERR_OK)
		pdf_row_flow(p, &r);
	t->rows++;
}

void
pdf_table_end(struct pdf *p)
{
	struct pdf_table	*t;

	if (p == NULL || !p->table.open)
		return;
	t = &p->table;
	/* A table without rows still shows its header. */
	if (p->err == ERR_OK)
		pdf_table_start(p, 0);
	t->open = false;
	if (p->err == ERR_OK && p->page != NULL)
		pdf_hline(p->page, t->x[0], t->x[t->ncols - 1] +
		    t->w[t->ncols - 1], p->y, 0.8, &pdf_head_bg);
	pdf_gap(p, 10);
}

/* Shrinks a box of *w x *h points to fit the body, keeping its shape. */
static void
pdf_box_fit(double *w, double *h)
{
	if (*w > PDF_BODY_WIDTH) {
		*h *= PDF_BODY_WIDTH / *w;
		*w = PDF_BODY_WIDTH;
	}
	if (*h > PDF_BODY_HEIGHT - 8) {
		*w *= (PDF_BODY_HEIGHT - 8) / *h;
		*h = PDF_BODY_HEIGHT - 8;
	}
}

double
pdf_canvas_width(const struct pdf_canvas *c, bool bold, double size,
    const char *s)
{
	return pdf_width(c->pdf, bold ? PDF_FONT_BOLD : PDF_FONT_REGULAR, size,
	    s, strlen(s));
}

void
pdf_canvas_text(const struct pdf_canvas *c, bool bold, double size,
    double x, double y, bool up, const char *s)
{
	pdf_show(c->pdf, c->pdf->page, bold ? PDF_FONT_BOLD : PDF_FONT_REGULAR,
	    size, NULL, x, y, up, s);
}

void
pdf_canvas(struct pdf *p, double width, double height, pdf_canvas_fn draw,
    void *arg)
{
	struct pdf_canvas	 c;
	double			 w = width, h = height;
	enum err		 e;

	if (!pdf_usable(p))
		return;
	pdf_flow_start(p);
	if (draw == NULL || !(width > 0 && width < 1e5) ||
	    !(height > 0 && height < 1e5)) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	pdf_box_fit(&w, &h);
	pdf_heading_flush(p, h + 8);
	pdf_gap(p, 4);
	if (!pdf_room(p, h + 4))
		return;
	c.pdf = p;
	c.ops = &p->page->ops;
	c.x = PDF_LEFT + (PDF_BODY_WIDTH - w) / 2;
	c.y = p->y - h;
	c.width = w;
	c.height = h;
	pdf_ops_save(c.ops);
	e = draw(&c, arg);
	pdf_ops_restore(c.ops);
	if (e != ERR_OK)
		pdf_fail(p, e);
	p->y -= h;
	p->at_top = false;
	pdf_gap(p, 10);
}

/* Loads both fonts from font_dir into a fresh libharu handle. */
static void
pdf_load_fonts(struct pdf *p, const char *font_dir)
{
	char	 path[PATH_MAX];
	int	 i, n;

	if (HPDF_UseUTFEncodings(p->doc) != HPDF_OK) {
		pdf_fail(p, ERR_INTERNAL);
		return;
	}
	for (i = 0; i < PDF_FONT__MAX; i++) {
		n = snprintf(path, sizeof(path), "%s/%s", font_dir,
		    pdf_font_file[i]);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			pdf_fail(p, ERR_TOO_LARGE);
			return;
		}
		p->font_name[i] = HPDF_LoadTTFontFromFile(p->doc, path,
		    HPDF_TRUE);
		pdf_hpdf_check(p, p->font_name[i] != NULL);
		if (p->err != ERR_OK)
			return;
		free(p->glyphs[i]);
		free(p->widths[i]);
		p->widths[i] = NULL;
		if ((p->glyphs[i] = pdf_cmap_glyphs(p->doc,
		    p->font_name[i])) == NULL ||
		    (p->widths[i] = pdf_cmap_widths(p->doc, p->font_name[i],
		    p->glyphs[i])) == NULL) {
			pdf_fail(p, ERR_NOMEM);
			return;
		}
	}
	memcpy(p->font_dir, font_dir, strlen(font_dir) + 1);
	p->fonts_ok = true;
}

/* Sets the info dictionary's /CreationDate from the options. */
static void
pdf_set_date(struct pdf *p, const struct pdf_opts *o)
{
	HPDF_Date	 d;
	struct tm	 tm;
	time_t		 t;
	int		 off;

	if (o->utc_offset < -14 * 60 || o->utc_offset > 14 * 60 ||
	    o->generated < 0 || o->generated > (time_t)253402300799LL) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	t = o->generated + (time_t)o->utc_offset * 60;
	if (t < 0 || gmtime_r(&t, &tm) == NULL ||
	    tm.tm_year + 1900 > 9999) {
		pdf_fail(p, ERR_INVALID);
		return;
	}
	off = o->utc_offset < 0 ? -o->utc_offset : o->utc_offset;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
	d.ind = o->utc_offset == 0 ? 'Z' : o->utc_offset > 0 ? '+' : '-';
	d.off_hour = off / 60;
	d.off_minutes = off % 60;
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, d);
}

/* Sets one info string if given and not empty. */
static void
pdf_set_info(struct pdf *p, HPDF_InfoType type, const char *s)
{
	if (p->err != ERR_OK || s == NULL || *s == '\0')
		return;
	if (!pdf_clean(p, s, PDF_LABEL_MAX, false))
		return;
	HPDF_SetInfoAttr(p->doc, type, p->text.data);
}

/* Sets the running header or footer text s, fitted to maxw points. */
static void
pdf_set_run(struct pdf *p, const char *s, double maxw, char *dst)
{
	dst[0] = '\0';
	if (p->err != ERR_OK || !pdf_clean(p, s, PDF_LABEL_MAX, false))
		return;
	pdf_fit(p, &pdf_small, maxw, p->text.data, dst);
}

/* Starts a document on p (see pdf_reset()). */
static enum err
pdf_begin(struct pdf *p, const struct pdf_opts *o)
{
	bool		 reuse;
	enum err	 e;
	int		 i;

	reuse = p->doc != NULL && p->fonts_ok && !p->hpdf_dirty &&
	    o != NULL && o->font_dir != NULL &&
	    strcmp(o->font_dir, p->font_dir) == 0;
	p->err = ERR_OK;
	p->hpdf_failed = p->hpdf_dirty = false;
	p->hpdf_error = p->hpdf_detail = 0;
	p->finished = false;
	p->npages = 0;
	p->page = NULL;
	p->y = 0;
	p->at_top = true;
	p->outline1 = NULL;
	p->head_pending = false;
	p->table.open = false;
	p->title[0] = p->org[0] = p->footer[0] = p->watermark[0] = '\0';
	if (o == NULL || o->font_dir == NULL) {
		pdf_fail(p, ERR_INVALID);
		return p->err;
	}
	if (strlen(o->font_dir) >= sizeof(p->font_dir)) {
		pdf_fail(p, ERR_TOO_LARGE);
		return p->err;
	}

	if (reuse)
		HPDF_NewDoc(p->doc);
	else {
		if (p->doc != NULL)
			HPDF_Free(p->doc);
		p->fonts_ok = false;
		if ((p->doc = HPDF_New(pdf_hpdf_handler, p)) == NULL) {
			pdf_fail(p, ERR_NOMEM);
			return p->err;
		}
		pdf_load_fonts(p, o->font_dir);
	}
	if (p->err != ERR_OK)
		return p->err;
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	p->enc = HPDF_GetEncoder(p->doc, "UTF-8");
	pdf_hpdf_check(p, p->enc != NULL);
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	memset(p->shown, 0, sizeof(p->shown));
	if (p->err == ERR_OK && p->tounicode.len == 0 &&
	    ((e = pdf_cmap_tounicode(&p->zbuf)) != ERR_OK ||
	    (e = pdf_deflate(&p->subset_deflater, p->zbuf.data, p->zbuf.len,
	    &p->tounicode)) != ERR_OK))
		pdf_fail(p, e);
	for (i = 0; i < PDF_FONT__MAX && p->err == ERR_OK; i++) {
		p->fontdef[i] = HPDF_GetFontDef(p->doc, p->font_name[i]);
		pdf_hpdf_check(p, p->fontdef[i] != NULL);
		if (p->err == ERR_OK && (e = pdf_font_new(p->doc,
		    p->fontdef[i], p->enc, &p->tounicode, &p->font[i])) !=
		    ERR_OK)
			pdf_fail(p, e);
	}
	pdf_set_info(p, HPDF_INFO_TITLE, o->title);
	pdf_set_info(p, HPDF_INFO_AUTHOR, o->author);
	pdf_set_info(p, HPDF_INFO_SUBJECT, o->subject);
	pdf_set_info(p, HPDF_INFO_KEYWORDS, o->keywords);
	pdf_set_info(p, HPDF_INFO_CREATOR, "annexa");
	if (p->err == ERR_OK)
		pdf_set_date(p, o);
	pdf_set_run(p, o->title, PDF_BODY_WIDTH * 0.60, p->title);
	pdf_set_run(p, o->organisation, PDF_BODY_WIDTH * 0.36, p->org);
	pdf_set_run(p, o->footer, PDF_BODY_WIDTH * 0.36, p->footer);
	if (p->err == ERR_OK && o->watermark != NULL &&
	    pdf_clean(p, o->watermark, PDF_LABEL_MAX, false))
		snprintf(p->watermark, sizeof(p->watermark), "%s", p->text.data);
	return p->err;
}

struct pdf *
pdf_new(const struct pdf_opts *o)
{
	struct pdf	*p;
	size_t		 i;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	buf_init(&p->text, 0);
	buf_init(&p->head_text, 0);
	buf_init(&p->head_lines, 0);
	for (i = 0; i < PDF_COLS_MAX; i++) {
		buf_init(&p->cell[i], 0);
		buf_init(&p->table.head[i], 0);
	}
	for (i = 0; i < PDF_FONT__MAX; i++)
		pdf_font_subset_init(&p->subset[i]);
	buf_init(&p->tounicode, 0);
	buf_init(&p->zbuf, 0);
	if (pdf_deflater_init(&p->deflater, PDF_CONTENT_LEVEL) != ERR_OK ||
	    pdf_deflater_init(&p->subset_deflater, PDF_SUBSET_LEVEL) !=
	    ERR_OK) {
		pdf_free(p);
		return NULL;
	}
	pdf_begin(p, o);
	return p;
}

enum err
pdf_reset(struct pdf *p, const struct pdf_opts *o)
{
	if (p == NULL)
		return ERR_INVALID;
	return pdf_begin(p, o);
}

void
pdf_free(struct pdf *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	if (p->doc != NULL)
		HPDF_Free(p->doc);
	for (i = 0; i < PDF_FONT__MAX; i++) {
		free(p->glyphs[i]);
		free(p->widths[i]);
		pdf_font_subset_free(&p->subset[i]);
	}
	for (i = 0; i < p->pagecap; i++) {
		pdf_ops_free(&p->pages[i].ops);
		buf_free(&p->pages[i].z);
	}
	free(p->pages);
	free(p->codes);
	buf_free(&p->tounicode);
	buf_free(&p->zbuf);
	pdf_deflater_free(&p->deflater);
	pdf_deflater_free(&p->deflater2);
	pdf_deflater_free(&p->subset_deflater);
	buf_free(&p->text);
	buf_free(&p->head_text);
	buf_free(&p->head_lines);
	for (i = 0; i < PDF_COLS_MAX; i++) {
		buf_free(&p->cell[i]);
		buf_free(&p->table.head[i]);
	}
	free(p);
}

enum err
pdf_error(const struct pdf *p)
{
	if (p == NULL)
		return ERR_INVALID;
	return p->err;
}

/*
 * Draws the watermark on page: centred lines below the footer, the last
 * one 10 points above the paper's edge (at most three lines fit there).
 */
static void
pdf_watermark(struct pdf *p, struct pdf_page *page, const struct buf *lines,
    size_t n)
{
	const char	*line = lines->data;
	double		 y;
	size_t		 k;

	if (n > 3)
		n = 3;
	y = 10.0 + (double)(n - 1) * pdf_mark.lead;
	for (k = 0; k < n && p->err == ERR_OK; k++) {
		pdf_text(p, page, &pdf_mark, &pdf_mark.colour, PDF_LEFT,
		    PDF_BODY_WIDTH, PDF_ALIGN_CENTRE, y, line);
		line += strlen(line) + 1;
		y -= pdf_mark.lead;
	}
}

/* Draws every page's footer: the total is known only now. */
static void
pdf_footers(struct pdf *p)
{
	char	 s[64];
	size_t	 i, nmark = 0;

	if (p->watermark[0] != '\0')
		nmark = pdf_wrap(p, &pdf_mark, PDF_BODY_WIDTH, p->watermark,
		    &p->cell[0]);
	for (i = 0; i < p->npages && p->err == ERR_OK; i++) {
		if (nmark > 0)
			pdf_watermark(p, &p->pages[i], &p->cell[0], nmark);
		pdf_hline(&p->pages[i], PDF_LEFT, PDF_RIGHT, PDF_FOOT_RULE,
		    0.5, &pdf_rule);
		pdf_text(p, &p->pages[i], &pdf_small, &pdf_grey, PDF_LEFT, 0,
		    PDF_ALIGN_LEFT, PDF_FOOT_BASE, p->footer);
		snprintf(s, sizeof(s), "Page %zu of %zu", i + 1, p->npages);
		pdf_text(p, &p->pages[i], &pdf_small, &pdf_grey, PDF_LEFT,
		    PDF_BODY_WIDTH, PDF_ALIGN_CENTRE, PDF_FOOT_BASE, s);
	}
}

/* Pages [from, to) of a document, deflated with d (pdf_deflate_pages()). */
struct pdf_page_run {
	struct pdf		*p;
	struct pdf_deflater	*d;
	size_t			 from, to;
	enum err		 e;
};

/* Deflates each page's content of the run into the page's z. */
static void *
pdf_page_run(void *arg)
{
	struct pdf_page_run	*r = arg;
	struct pdf_page		*pg;
	size_t			 i;

	r->e = ERR_OK;
	for (i = r->from; i < r->to && r->e == ERR_OK; i++) {
		pg = &r->p->pages[i];
		if (pdf_ops_failed(&pg->ops))
			r->e = buf_failed(&pg->ops.b) ? ERR_NOMEM : ERR_INTERNAL;
		else
			r->e = pdf_deflate(r->d, pg->ops.b.data, pg->ops.b.len,
			    &pg->z);
	}
	return NULL;
}

/*
 * Deflates the pages' contents into their streams.  A document of a few
 * pages or more has its second half deflated on a thread of its own
 * meanwhile (zlib only: libharu is touched from this thread alone), so
 * that on a second core the compression takes half the time.
 */
static enum err
pdf_deflate_pages(struct pdf *p)
{
	struct pdf_page_run	 first, second;
	HPDF_PageAttr		 a;
	pthread_t		 tid;
	bool			 threaded = false;
	size_t			 half = p->npages, i;
	enum err		 e;

	if (p->npages >= 4 && (p->deflater2.ready ||
	    pdf_deflater_init(&p->deflater2, PDF_CONTENT_LEVEL) == ERR_OK)) {
		half = p->npages / 2;
		second = (struct pdf_page_run){ p, &p->deflater2, half,
		    p->npages, ERR_OK };
		threaded = pthread_create(&tid, NULL, pdf_page_run, &second)
		    == 0;
		if (!threaded)
			half = p->npages;
	}
	first = (struct pdf_page_run){ p, &p->deflater, 0, half, ERR_OK };
	pdf_page_run(&first);
	if (threaded)
		pthread_join(tid, NULL);
	if (first.e != ERR_OK)
		return first.e;
	if (threaded && second.e != ERR_OK)
		return second.e;
	for (i = 0; i < p->npages; i++) {
		a = (HPDF_PageAttr)p->pages[i].hp->attr;
		if (a == NULL || a->contents == NULL)
			return ERR_INTERNAL;
		if ((e = pdf_stream_set_deflated(a->contents,
		    p->pages[i].z.data, p->pages[i].z.len)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

enum err
pdf_finish(struct pdf *p, struct buf *out, int *pages)
{
	HPDF_UINT32	 size;
	size_t		 len;
	enum err	 e;
	int		 i;

	if (pages != NULL)
		*pages = 0;
	if (p == NULL || out == NULL)
		return ERR_INVALID;
	if (!pdf_usable(p))
		return p->err;
	pdf_flow_start(p);
	pdf_heading_flush(p, 0);
	if (p->npages == 0)
		pdf_new_page(p);
	pdf_footers(p);
	p->finished = true;
	/* The last text is drawn: the fonts get what it used. */
	for (i = 0; i < PDF_FONT__MAX && p->err == ERR_OK; i++)
		if ((e = pdf_font_finish(&p->font[i], p->glyphs[i],
		    &p->subset[i], &p->subset_deflater, &p->zbuf)) != ERR_OK)
			pdf_fail(p, e);
	if (p->err == ERR_OK && (e = pdf_deflate_pages(p)) != ERR_OK)
		pdf_fail(p, e);
	if (p->err != ERR_OK)
		return p->err;
	if (HPDF_SaveToStream(p->doc) != HPDF_OK) {
		pdf_fail(p, ERR_INTERNAL);
		return p->err;
	}
	size = HPDF_GetStreamSize(p->doc);
	if (out->max != 0 && (size > out->max || out->len > out->max - size))
		return ERR_TOO_LARGE;
	len = out->len;
	if ((e = pdf_stream_append(((HPDF_Doc)p->doc)->stream, out)) !=
	    ERR_OK && e != ERR_NOMEM)
		pdf_fail(p, e);
	if (p->err != ERR_OK || buf_failed(out)) {
		/* Take back a partial copy; a failed out stays failed. */
		if (out->data != NULL && out->len > len) {
			out->len = len;
			out->data[len] = '\0';
		}
		return p->err != ERR_OK ? p->err : ERR_NOMEM;
	}
	if (pages != NULL)
		*pages = (int)p->npages;
	return ERR_OK;
}
