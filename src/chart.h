/*
 * chart.h — the four charts of docs/reports.md, drawn with Cairo.
 *
 * The module knows nothing of HTTP, PDF or the database: a caller fills a
 * struct chart_data with plain values and asks for PNG or SVG bytes (the
 * chart endpoints), raw RGB pixels (the PDF reports, which embed them
 * without a PNG round trip), or a drawing onto its own cairo_t.
 *
 * Every chart has a title, axis labels where it has axes, a legend and the
 * Okabe-Ito palette, which stays distinguishable under the common colour
 * vision deficiencies.  Text is set in "DejaVu Sans" through Cairo's toy
 * font API with fixed font options, so the same data, size and format give
 * the same bytes on every machine with fonts-dejavu-core.  A chart without
 * data shows its title and a centred message instead of an empty frame.
 *
 * Labels and titles come from the caller and are data: they must be UTF-8
 * without control characters and are drawn as glyphs only (the SVG holds
 * outlines, never the text), so no escaping is needed anywhere.
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

/*
 * Checks data against the limits above: ERR_INVALID for a bad kind, a
 * NULL array with n > 0, a NULL or malformed label, a title (or axis) over
 * CHART_TITLE_MAX, a coverage outside [0, 1] or NaN, a negative count or
 * one over CHART_MAX_COUNT; ERR_TOO_LARGE for too many rows.  The render
 * functions call it first; a handler may call it to answer 400 early.
 */
enum err	 chart_validate(const struct chart_data *);

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
 * pixel, rows top to bottom without padding, for a PDF image XObject.  On
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
