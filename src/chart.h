/*
 * chart.h — the four charts of docs/reports.md: one layout, two back ends.
 *
 * The module knows nothing of HTTP or the database: a caller fills a
 * struct chart_data with plain values.  chart.c lays the chart out once
 * into a list of drawing operations (paths, fills, strokes and text, in
 * logical units); a back end replays the list.  chart_cairo.c is the
 * Cairo back end (PNG or SVG bytes for the chart endpoints, raw RGB
 * pixels, or a drawing onto a caller's cairo_t); chart_pdf.c draws the
 * same list as vector paths and text into a PDF document (chart_pdf.h).
 *
 * Text widths are the one thing a layout cannot know by itself: it asks
 * the back end through a struct chart_measure, and each back end answers
 * with the metrics it will draw with (Cairo's text extents; libharu's
 * widths of the embedded fonts).  Both set the same DejaVu Sans faces
 * without kerning, so the two layouts agree to a fraction of a unit, and
 * neither back end ever sets text wider than its layout measured it.
 *
 * Every chart has a title, axis labels where it has axes, a legend and the
 * Okabe-Ito palette, which stays distinguishable under the common colour
 * vision deficiencies.  Cairo sets text in "DejaVu Sans" through its toy
 * font API with fixed font options, so the same data, size and format give
 * the same bytes on every machine with fonts-dejavu-core.  A chart without
 * data shows its title and a centred message instead of an empty frame.
 *
 * Labels and titles come from the caller and are data: they must be UTF-8
 * without control characters.  The Cairo back end draws them as glyphs
 * only (the SVG holds outlines, never the text), so no escaping is needed
 * there; the PDF back end writes them as text strings through libharu,
 * which encodes them.
 *
 * Nothing here keeps mutable state; every function may be called from
 * several threads at once.
 */
#ifndef ANNEXA_CHART_H
#define ANNEXA_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "errcode.h"

struct buf;

/* Logical size: pixels for PNG and RGB (before scale), CSS px for SVG. */
#define CHART_MIN_W		200
#define CHART_MAX_W		2000
#define CHART_MIN_H		150
#define CHART_MAX_H		1500
#define CHART_DEFAULT_W		800
#define CHART_DEFAULT_H		500
#define CHART_MAX_SCALE		4
/* Pixels of one RGB rendering: the largest chart at 2x. */
#define CHART_MAX_PIXELS	(2 * CHART_MAX_W * 2 * CHART_MAX_H)

#define CHART_MAX_FRAMEWORKS	16	/* bar groups in a coverage chart */
#define CHART_MAX_MONTHS	60	/* months in a review or findings chart */
#define CHART_MAX_COUNT		1000000000	/* any one count */
#define CHART_LABEL_MAX		64	/* bytes of a framework or month label */
#define CHART_TITLE_MAX		200	/* bytes of a title, subtitle or message */

enum chart_kind {
	CHART_COVERAGE,			/* "coverage" */
	CHART_REVIEW_RESULTS,		/* "review-results" */
	CHART_FINDINGS_TREND,		/* "findings-trend" */
	CHART_EVIDENCE_FRESHNESS,	/* "evidence-freshness" */
	CHART__MAX
};

enum chart_format {
	CHART_PNG,			/* "png" */
	CHART_SVG,			/* "svg" */
	CHART_FORMAT__MAX
};

/* One target framework: design and assured coverage, each in [0, 1]. */
struct chart_coverage_row {
	const char	*label;		/* "ISO 27001:2022" */
	double		 design;
	double		 assured;
};

/* One month of control review results (counts, 0..CHART_MAX_COUNT). */
struct chart_review_month {
	const char	*label;		/* "2026-03" */
	int64_t		 effective;
	int64_t		 partial;	/* partially effective */
	int64_t		 ineffective;
};

/* Open findings at the end of one month. */
struct chart_findings_month {
	const char	*label;		/* "2026-03" */
	int64_t		 open;
};

/* Evidence items by freshness at as_of. */
struct chart_freshness {
	int64_t		 current;
	int64_t		 expiring;	/* expires within 30 days */
	int64_t		 stale;		/* stale or expired */
	int64_t		 no_expiry;
};

/*
 * What to draw.  Only the member of the kind is read: coverage (n rows,
 * at most CHART_MAX_FRAMEWORKS), reviews or findings (n months, oldest
 * first, at most CHART_MAX_MONTHS), freshness (n is ignored).  n == 0, or
 * nothing to count, draws the empty chart.  The caller keeps ownership of
 * every pointer; none is kept after the call returns.
 */
struct chart_data {
	enum chart_kind				 kind;
	const char				*title;	/* NULL: the kind's */
	const char				*subtitle; /* NULL: none */
	const char				*empty;	/* NULL: the kind's */
	const char				*axis;	/* coverage rows' axis;
							   NULL: "Target framework" */
	size_t					 n;
	const struct chart_coverage_row		*coverage;
	const struct chart_review_month		*reviews;
	const struct chart_findings_month	*findings;
	struct chart_freshness			 freshness;
};

/* True and *kind set when s names a chart kind: "coverage", "review-results", ... */
bool		 chart_kind_parse(const char *s, enum chart_kind *kind);
/* True and *fmt set when s is "png" or "svg". */
bool		 chart_format_parse(const char *s, enum chart_format *fmt);
/* True when width x height is within the CHART_MIN_ and CHART_MAX_ sizes. */
bool		 chart_size_ok(int width, int height);

/*
 * Checks data against the limits above: ERR_INVALID for a bad kind, a
 * NULL array with n > 0, a NULL or malformed label, a title (or axis) over
 * CHART_TITLE_MAX, a coverage outside [0, 1] or NaN, a negative count or
 * one over CHART_MAX_COUNT; ERR_TOO_LARGE for too many rows.  The render
 * functions call it first; a handler may call it to answer 400 early.
 */
enum err	 chart_validate(const struct chart_data *);

/* ---- the drawing list: what a layout hands to a back end ---- */

/* The two faces of DejaVu Sans a chart uses. */
enum chart_face {
	CHART_FACE_REGULAR,
	CHART_FACE_BOLD,
	CHART_FACE__MAX
};

/*
 * How a back end measures text for the layout: width() returns the
 * advance width, in the layout's units, of the UTF-8 text s set in face
 * at size (same units).  It must be the width the back end will draw s
 * with, must not fail (a back end with a sticky error may return 0),
 * and is called many times per chart.
 */
struct chart_measure {
	double	(*width)(void *arg, enum chart_face, double size,
		    const char *s);
	void	 *arg;
};

/*
 * One drawing operation.  Coordinates are logical units with the origin
 * at the chart's top left and y growing downwards, as in Cairo's user
 * space; angles are radians, growing clockwise on the page.  A path is
 * built by MOVE, LINE, ARC, RECT and CLOSE and used up by the FILL,
 * STROKE or FILL_STROKE that ends it; TEXT stands alone (between paths).
 */
enum chart_op_kind {
	CHART_OP_MOVE,		/* start a subpath at (x, y) */
	CHART_OP_LINE,		/* line to (x, y) */
	/*
	 * An arc of radius r about (x, y) from angle a0 to a1, clockwise
	 * (a1 >= a0) or, with ARC_NEG, anticlockwise (a1 <= a0).  A line
	 * joins the current point to the arc's start; with no current point
	 * the arc starts a subpath (as cairo_arc()).
	 */
	CHART_OP_ARC,
	CHART_OP_ARC_NEG,
	CHART_OP_RECT,		/* closed subpath: (x, y), w wide, h high */
	CHART_OP_CLOSE,		/* close the subpath */
	CHART_OP_FILL,		/* fill (non-zero) with fill colour */
	/* stroke with stroke colour, line_width, caps and joins */
	CHART_OP_STROKE,
	CHART_OP_FILL_STROKE,	/* fill, then stroke the same path */
	/*
	 * The text string in face at size, fill colour, its baseline
	 * starting at (x, y); with up, turned a quarter left so that it
	 * reads upwards from (x, y).
	 */
	CHART_OP_TEXT,
	CHART_OP__MAX
};

struct chart_op {
	enum chart_op_kind	 kind;
	double			 x, y;
	double			 w, h;		/* RECT */
	double			 r, a0, a1;	/* ARC, ARC_NEG */
	uint32_t		 fill;		/* 0xRRGGBB */
	uint32_t		 stroke;	/* 0xRRGGBB */
	double			 line_width;
	bool			 round;		/* round caps and joins, else
						   butt caps and mitre joins */
	enum chart_face		 face;		/* TEXT */
	double			 size;
	bool			 up;
	const char		*text;		/* NUL-terminated UTF-8 */
};

/* A laid-out chart: its logical size and its operations, in order. */
struct chart_layout {
	double			 width, height;
	size_t			 n;
	struct chart_op		*ops;
	char			*strings;	/* storage of every op's text */
};

/*
 * Lays out the chart of d in width x height logical units, measuring text
 * with m.  Returns ERR_OK and *out, owned by the caller (chart_layout_free;
 * every text pointer lives as long as *out), or a validation error as
 * chart_render() and ERR_NOMEM, with *out NULL.  Same arguments and
 * measurements, same list.
 */
enum err	 chart_layout(const struct chart_data *, int width, int height,
		    const struct chart_measure *m, struct chart_layout **out);
/* Frees a layout; accepts NULL. */
void		 chart_layout_free(struct chart_layout *);

/* ---- the Cairo back end (chart_cairo.c) ---- */

/*
 * Draws the chart onto cr in the rectangle (0, 0)-(width, height) of its
 * user space, over an opaque white background.  The state of cr is saved
 * and restored.  Returns ERR_OK, a validation error (nothing drawn), or
 * the mapped error of cr (sticky in Cairo: ERR_NOMEM or ERR_INTERNAL).
 */
enum err	 chart_draw(cairo_t *cr, const struct chart_data *,
		    int width, int height);

/*
 * Appends the chart as a PNG (width x height pixels) or an SVG document
 * (width x height px) to out.  Returns ERR_OK; ERR_INVALID for a size out
 * of bounds or bad data; ERR_TOO_LARGE for too many rows; ERR_NOMEM when
 * memory or out ran out; ERR_INTERNAL for any other Cairo failure.  On
 * error out->len is as it was (unless out has failed, which is sticky).
 * Same arguments, same bytes.
 */
enum err	 chart_render(const struct chart_data *, int width, int height,
		    enum chart_format, struct buf *out);

/*
 * Renders at scale x the logical size (scale 1..CHART_MAX_SCALE, at most
 * CHART_MAX_PIXELS pixels, else ERR_TOO_LARGE) into 8-bit RGB, 3 bytes a
 * pixel, rows top to bottom without padding, for a caller that wants
 * pixels (the chart tests; the reports draw vectors).  On
 * ERR_OK *pixels is malloc'd and the caller frees it; *pw and *ph hold its
 * size.  On error *pixels is NULL.  Errors as chart_render().
 */
enum err	 chart_render_rgb(const struct chart_data *, int width,
		    int height, int scale, unsigned char **pixels, int *pw,
		    int *ph);

/*
 * Releases the font caches that Cairo and fontconfig keep for the whole
 * process once a chart has been drawn, so that a leak checker sees a
 * clean exit.  Call once at exit, after every thread that draws has
 * finished; nothing may use Cairo afterwards.
 */
void		 chart_shutdown(void);

#endif
