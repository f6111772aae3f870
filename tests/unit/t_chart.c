/*
 * Charts checked against their data: every chart is rendered to RGB and
 * probed for pixels of the Okabe-Ito colours the module promises, so bar
 * lengths, stacked segments, line points and donut angles are measured,
 * not trusted.  With ANNEXA_CHART_SAMPLES=DIR the charts are also written
 * there as PNG to look at.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "buf.h"
#include "chart.h"
#include "tests.h"

/* The palette, as a user sees it: Okabe & Ito. */
#define BLUE		0x0072B2u
#define ORANGE		0xE69F00u
#define GREEN		0x009E73u
#define VERMILLION	0xD55E00u
#define SKY		0x56B4E9u
#define WHITE		0xFFFFFFu

#define W		800
#define H		500

struct img {
	unsigned char	*px;
	int		 w, h;
};

/* A horizontal bar: its rows and its run at the middle row. */
struct hbar {
	int		 y0, y1;
	int		 x0, len;
};

/* A stacked bar read upwards along one column. */
struct stack {
	int		 x, bottom;
	int		 g, o, v;
};

static const struct chart_coverage_row coverage3[] = {
	{ "ISO 27001:2022", 0.75, 0.25 },
	{ "ISO 27018", 0.25, 1.0 },
	{ "CSA CCM v4", 0.0, 0.5 },
};

static const struct chart_review_month reviews3[] = {
	{ "2026-01", 6, 3, 1 },
	{ "2026-02", 2, 2, 0 },
	{ "2026-03", 0, 0, 5 },
};

static const struct chart_findings_month findings3[] = {
	{ "2026-01", 2 },
	{ "2026-02", 8 },
	{ "2026-03", 5 },
};

static const struct chart_review_month reviews_zero[] = {
	{ "2026-01", 0, 0, 0 },
	{ "2026-02", 0, 0, 0 },
};

static const struct chart_findings_month findings_zero[] = {
	{ "2026-01", 0 },
	{ "2026-02", 0 },
	{ "2026-03", 0 },
};

static struct chart_data
data_of(enum chart_kind k)
{
	struct chart_data	d;

	memset(&d, 0, sizeof(d));
	d.kind = k;
	switch (k) {
	case CHART_COVERAGE:
		d.coverage = coverage3;
		d.n = 3;
		break;
	case CHART_REVIEW_RESULTS:
		d.reviews = reviews3;
		d.n = 3;
		break;
	case CHART_FINDINGS_TREND:
		d.findings = findings3;
		d.n = 3;
		break;
	default:
		d.freshness.current = 50;
		d.freshness.expiring = 25;
		d.freshness.stale = 15;
		d.freshness.no_expiry = 10;
		break;
	}
	return d;
}

static bool
render(const struct chart_data *d, int w, int h, int scale, struct img *im)
{
	memset(im, 0, sizeof(*im));
	return chart_render_rgb(d, w, h, scale, &im->px, &im->w, &im->h) ==
	    ERR_OK && im->px != NULL;
}

static uint32_t
pixel(const struct img *im, int x, int y)
{
	const unsigned char	*p;

	p = im->px + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* Equal within 3 in each channel. */
static bool
near(uint32_t a, uint32_t b)
{
	int	i, da;

	for (i = 0; i < 24; i += 8) {
		da = (int)((a >> i) & 0xff) - (int)((b >> i) & 0xff);
		if (da < -3 || da > 3)
			return false;
	}
	return true;
}

static bool
dark(uint32_t c)
{
	return ((c >> 16) & 0xff) < 0x70 && ((c >> 8) & 0xff) < 0x70 &&
	    (c & 0xff) < 0x70;
}

static bool
data_colour(uint32_t c)
{
	return near(c, BLUE) || near(c, ORANGE) || near(c, GREEN) ||
	    near(c, VERMILLION) || near(c, SKY);
}

/* Pixels in [x0, x1) x [y0, y1) for which pred holds. */
static long
count_in(const struct img *im, int x0, int y0, int x1, int y1,
    bool (*pred)(uint32_t))
{
	long	n = 0;
	int	x, y;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			if (pred(pixel(im, x, y)))
				n++;
	return n;
}

static bool
not_white(uint32_t c)
{
	return c != WHITE;
}

/* The longest run of colour c in row y; its start in *x0. */
static int
longest_run(const struct img *im, int y, uint32_t c, int *x0)
{
	int	x, start, best = 0;

	*x0 = -1;
	for (x = 0; x < im->w; x++) {
		if (!near(pixel(im, x, y), c))
			continue;
		for (start = x; x < im->w && near(pixel(im, x, y), c); x++)
			;
		if (x - start > best) {
			best = x - start;
			*x0 = start;
		}
	}
	return best;
}

/* Bars of colour c at least minlen long, top to bottom; returns how many. */
static int
find_hbars(const struct img *im, uint32_t c, int minlen, struct hbar *b,
    int max)
{
	int	y, n = 0, x0;
	bool	in = false;

	for (y = 0; y < im->h; y++) {
		if (longest_run(im, y, c, &x0) < minlen) {
			in = false;
			continue;
		}
		if (!in) {
			if (n == max)
				return n + 1;
			b[n++].y0 = y;
			in = true;
		}
		b[n - 1].y1 = y;
	}
	for (y = 0; y < n; y++)
		b[y].len = longest_run(im, (b[y].y0 + b[y].y1) / 2, c,
		    &b[y].x0);
	return n;
}

/* Reads column x upwards: green, then orange, then vermillion runs. */
static void
stack_at(const struct img *im, int x, struct stack *s)
{
	int	y = im->h - 1;

	memset(s, 0, sizeof(*s));
	s->x = x;
	while (y >= 0 && !data_colour(pixel(im, x, y)))
		y--;
	s->bottom = y;
	for (; y >= 0 && near(pixel(im, x, y), GREEN); y--)
		s->g++;
	for (; y >= 0 && near(pixel(im, x, y), ORANGE); y--)
		s->o++;
	for (; y >= 0 && near(pixel(im, x, y), VERMILLION); y--)
		s->v++;
}

/* Writes the PNG to $ANNEXA_CHART_SAMPLES/name.png when that is set. */
static void
sample(const char *name, const struct buf *png)
{
	const char	*dir = getenv("ANNEXA_CHART_SAMPLES");
	char		 path[1024];
	FILE		*f;

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return;
	fwrite(png->data, 1, png->len, f);
	fclose(f);
}

/* The names the API and the reports use for each kind (?kind=). */
static const char *const kind_names[CHART__MAX] = {
	[CHART_COVERAGE] = "coverage",
	[CHART_REVIEW_RESULTS] = "review-results",
	[CHART_FINDINGS_TREND] = "findings-trend",
	[CHART_EVIDENCE_FRESHNESS] = "evidence-freshness",
};

static void
names_round_trip(void)
{
	enum chart_kind		k, got;
	enum chart_format	f;

	for (k = 0; k < CHART__MAX; k++) {
		CU_ASSERT_TRUE(chart_kind_parse(kind_names[k], &got));
		CU_ASSERT_EQUAL(got, k);
	}
	CU_ASSERT_FALSE(chart_kind_parse("Coverage", &got));
	CU_ASSERT_FALSE(chart_kind_parse("coverage.png", &got));
	CU_ASSERT_FALSE(chart_kind_parse("", &got));
	CU_ASSERT_FALSE(chart_kind_parse(NULL, &got));
	CU_ASSERT_TRUE(chart_format_parse("png", &f));
	CU_ASSERT_EQUAL(f, CHART_PNG);
	CU_ASSERT_TRUE(chart_format_parse("svg", &f));
	CU_ASSERT_EQUAL(f, CHART_SVG);
	CU_ASSERT_FALSE(chart_format_parse("pdf", &f));
	CU_ASSERT_FALSE(chart_format_parse("PNG", &f));
}

static void
sizes_bounded(void)
{
	struct chart_data	 d = data_of(CHART_COVERAGE);
	struct buf		 b;
	static unsigned char	 junk;
	unsigned char		*px = &junk;
	int			 pw = 1, ph = 1;

	buf_init(&b, 0);
	CU_ASSERT_EQUAL(chart_render(&d, CHART_MIN_W - 1, H, CHART_PNG, &b),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(chart_render(&d, CHART_MAX_W + 1, H, CHART_PNG, &b),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(chart_render(&d, W, CHART_MIN_H - 1, CHART_SVG, &b),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(chart_render(&d, W, CHART_MAX_H + 1, CHART_SVG, &b),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(chart_render(&d, -W, H, CHART_PNG, &b), ERR_INVALID);
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_FORMAT__MAX, &b),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(b.len, 0);
	CU_ASSERT_EQUAL(chart_render(&d, CHART_MIN_W, CHART_MIN_H, CHART_PNG,
	    &b), ERR_OK);
	CU_ASSERT_EQUAL(chart_render(&d, CHART_MAX_W, CHART_MAX_H, CHART_PNG,
	    &b), ERR_OK);
	buf_free(&b);

	CU_ASSERT_EQUAL(chart_render_rgb(&d, W, H, 0, &px, &pw, &ph),
	    ERR_INVALID);
	CU_ASSERT_PTR_NULL(px);
	CU_ASSERT_EQUAL(pw, 0);
	CU_ASSERT_EQUAL(chart_render_rgb(&d, W, H, CHART_MAX_SCALE + 1, &px,
	    &pw, &ph), ERR_INVALID);
	CU_ASSERT_EQUAL(chart_render_rgb(&d, CHART_MAX_W, CHART_MAX_H, 3, &px,
	    &pw, &ph), ERR_TOO_LARGE);
	CU_ASSERT_PTR_NULL(px);
	CU_ASSERT_EQUAL(chart_render_rgb(&d, 199, H, 1, &px, &pw, &ph),
	    ERR_INVALID);
	/* The largest chart at 2x, as a PDF embeds it, is allowed. */
	CU_ASSERT_EQUAL(chart_render_rgb(&d, CHART_MAX_W, CHART_MAX_H, 2, &px,
	    &pw, &ph), ERR_OK);
	CU_ASSERT_EQUAL(pw, 2 * CHART_MAX_W);
	CU_ASSERT_EQUAL(ph, 2 * CHART_MAX_H);
	free(px);
}

static enum err
try_data(const struct chart_data *d)
{
	struct buf	b;
	enum err	e, e2;

	buf_init(&b, 0);
	e = chart_render(d, W, H, CHART_PNG, &b);
	e2 = chart_validate(d);
	if (e != ERR_OK)
		CU_ASSERT_EQUAL(b.len, 0);
	buf_free(&b);
	CU_ASSERT_EQUAL(e, e2);
	return e;
}

static void
bad_data_refused(void)
{
	struct chart_coverage_row	cov[CHART_MAX_FRAMEWORKS + 1];
	struct chart_review_month	rev[CHART_MAX_MONTHS + 1];
	struct chart_findings_month	fin[CHART_MAX_MONTHS + 1];
	struct chart_data		d;
	char				long_label[CHART_LABEL_MAX + 2];
	char				long_title[CHART_TITLE_MAX + 2];
	size_t				i;

	for (i = 0; i < CHART_MAX_FRAMEWORKS + 1; i++) {
		cov[i].label = "SOC 2";
		cov[i].design = 0.5;
		cov[i].assured = 0.25;
	}
	for (i = 0; i < CHART_MAX_MONTHS + 1; i++) {
		rev[i].label = "2026-03";
		rev[i].effective = rev[i].partial = rev[i].ineffective = 1;
		fin[i].label = "2026-03";
		fin[i].open = 1;
	}
	memset(long_label, 'x', sizeof(long_label) - 1);
	long_label[sizeof(long_label) - 1] = '\0';
	memset(long_title, 't', sizeof(long_title) - 1);
	long_title[sizeof(long_title) - 1] = '\0';

	memset(&d, 0, sizeof(d));
	d.kind = CHART_COVERAGE;
	d.coverage = cov;
	d.n = CHART_MAX_FRAMEWORKS;
	CU_ASSERT_EQUAL(try_data(&d), ERR_OK);
	d.n = CHART_MAX_FRAMEWORKS + 1;
	CU_ASSERT_EQUAL(try_data(&d), ERR_TOO_LARGE);
	d.n = 2;
	cov[1].design = NAN;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].design = INFINITY;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].design = 1.0001;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].design = -0.0001;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].design = 1.0;
	cov[1].assured = NAN;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].assured = 0.0;
	CU_ASSERT_EQUAL(try_data(&d), ERR_OK);
	cov[1].label = NULL;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].label = "";
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].label = "two\nlines";
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].label = "bad \xc3 utf-8";
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	cov[1].label = long_label;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	long_label[CHART_LABEL_MAX] = '\0';
	CU_ASSERT_EQUAL(try_data(&d), ERR_OK);
	cov[1].label = "R\xc3\xa9" "f\xc3\xa9rentiel \xe2\x80\x94 ISO 27018";
	CU_ASSERT_EQUAL(try_data(&d), ERR_OK);
	d.title = long_title;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	d.title = NULL;
	d.subtitle = "tab\there";
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	d.subtitle = NULL;
	d.empty = "";
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	d.empty = NULL;
	d.coverage = NULL;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);

	memset(&d, 0, sizeof(d));
	d.kind = CHART_REVIEW_RESULTS;
	d.reviews = rev;
	d.n = CHART_MAX_MONTHS;
	CU_ASSERT_EQUAL(try_data(&d), ERR_OK);
	d.n = CHART_MAX_MONTHS + 1;
	CU_ASSERT_EQUAL(try_data(&d), ERR_TOO_LARGE);
	d.n = 3;
	rev[2].partial = -1;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	rev[2].partial = CHART_MAX_COUNT + 1;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	rev[2].partial = CHART_MAX_COUNT;
	CU_ASSERT_EQUAL(try_data(&d), ERR_OK);

	memset(&d, 0, sizeof(d));
	d.kind = CHART_FINDINGS_TREND;
	d.findings = fin;
	d.n = CHART_MAX_MONTHS + 1;
	CU_ASSERT_EQUAL(try_data(&d), ERR_TOO_LARGE);
	d.n = 2;
	fin[0].open = -5;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	fin[0].open = 0;
	fin[1].label = "\x7f";
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);

	d = data_of(CHART_EVIDENCE_FRESHNESS);
	d.freshness.stale = -1;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	d.freshness.stale = 0;
	d.freshness.no_expiry = INT64_MAX;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);

	d.kind = CHART__MAX;
	CU_ASSERT_EQUAL(try_data(&d), ERR_INVALID);
	CU_ASSERT_EQUAL(chart_validate(NULL), ERR_INVALID);
}

static void
png_and_svg_signatures(void)
{
	static const unsigned char	 sig[8] =
	    { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	struct chart_data		 d;
	struct buf			 b;
	const unsigned char		*p;
	enum chart_kind			 k;

	buf_init(&b, 0);
	for (k = 0; k < CHART__MAX; k++) {
		d = data_of(k);
		buf_reset(&b);
		CU_ASSERT_EQUAL_FATAL(chart_render(&d, 640, 360, CHART_PNG,
		    &b), ERR_OK);
		CU_ASSERT_FATAL(b.len > 24);
		p = (const unsigned char *)b.data;
		CU_ASSERT_EQUAL(memcmp(p, sig, sizeof(sig)), 0);
		CU_ASSERT_EQUAL(memcmp(p + 12, "IHDR", 4), 0);
		CU_ASSERT_EQUAL(p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19],
		    640);
		CU_ASSERT_EQUAL(p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23],
		    360);
		CU_ASSERT_EQUAL(memcmp(p + b.len - 8, "IEND", 4), 0);

		buf_reset(&b);
		CU_ASSERT_EQUAL_FATAL(chart_render(&d, 640, 360, CHART_SVG,
		    &b), ERR_OK);
		CU_ASSERT_EQUAL(strncmp(b.data, "<?xml", 5), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<svg"));
		CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "width=\"640px\""));
		CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "</svg>"));
	}
	buf_free(&b);
}

/* Labels are data: in an SVG they become outlines, never markup. */
static void
svg_holds_no_label_text(void)
{
	struct chart_coverage_row	row = { "<script>x</script>&amp;",
	    0.5, 0.5 };
	struct chart_data		d;
	struct buf			b;

	memset(&d, 0, sizeof(d));
	d.kind = CHART_COVERAGE;
	d.coverage = &row;
	d.n = 1;
	d.title = "Title </svg><svg onload=alert(1)>";
	buf_init(&b, 0);
	CU_ASSERT_EQUAL_FATAL(chart_render(&d, W, H, CHART_SVG, &b), ERR_OK);
	CU_ASSERT_PTR_NULL(strstr(b.data, "script"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "onload"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "&amp;amp;"));
	buf_free(&b);
}

static void
same_input_same_bytes(void)
{
	struct chart_data	d;
	struct buf		a, b;
	enum chart_kind		k;
	enum chart_format	f;
	char			name[64];

	buf_init(&a, 0);
	buf_init(&b, 0);
	for (k = 0; k < CHART__MAX; k++)
		for (f = 0; f < CHART_FORMAT__MAX; f++) {
			d = data_of(k);
			buf_reset(&a);
			buf_reset(&b);
			CU_ASSERT_EQUAL(chart_render(&d, W, H, f, &a), ERR_OK);
			CU_ASSERT_EQUAL(chart_render(&d, W, H, f, &b), ERR_OK);
			CU_ASSERT(a.len > 1000);
			CU_ASSERT_EQUAL(a.len, b.len);
			if (a.len == b.len)
				CU_ASSERT_EQUAL(memcmp(a.data, b.data, a.len),
				    0);
			if (f == CHART_PNG) {
				snprintf(name, sizeof(name), "unit-%s",
				    kind_names[k]);
				sample(name, &a);
			}
			/* A different title gives different bytes. */
			d.title = "Another title";
			buf_reset(&b);
			CU_ASSERT_EQUAL(chart_render(&d, W, H, f, &b), ERR_OK);
			CU_ASSERT(a.len != b.len ||
			    memcmp(a.data, b.data, a.len) != 0);
		}
	buf_free(&a);
	buf_free(&b);
}

struct thread_job {
	struct buf	ref[CHART__MAX];
	int		mismatches;
	int		failures;
};

static void *
render_thread(void *arg)
{
	struct thread_job	*job = arg;
	struct chart_data	 d;
	struct buf		 b;
	enum chart_kind		 k;
	int			 round;

	buf_init(&b, 0);
	for (round = 0; round < 3; round++)
		for (k = 0; k < CHART__MAX; k++) {
			d = data_of(k);
			buf_reset(&b);
			if (chart_render(&d, W, H, CHART_PNG, &b) != ERR_OK) {
				__atomic_add_fetch(&job->failures, 1,
				    __ATOMIC_RELAXED);
				continue;
			}
			if (b.len != job->ref[k].len ||
			    memcmp(b.data, job->ref[k].data, b.len) != 0)
				__atomic_add_fetch(&job->mismatches, 1,
				    __ATOMIC_RELAXED);
		}
	buf_free(&b);
	return NULL;
}

static void
threads_render_alike(void)
{
	struct thread_job	job;
	struct chart_data	d;
	pthread_t		t[4];
	enum chart_kind		k;
	int			i, started = 0;

	memset(&job, 0, sizeof(job));
	for (k = 0; k < CHART__MAX; k++) {
		d = data_of(k);
		buf_init(&job.ref[k], 0);
		CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &job.ref[k]),
		    ERR_OK);
	}
	for (i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, render_thread, &job) == 0)
			started++;
	CU_ASSERT_EQUAL(started, 4);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	CU_ASSERT_EQUAL(job.failures, 0);
	CU_ASSERT_EQUAL(job.mismatches, 0);
	for (k = 0; k < CHART__MAX; k++)
		buf_free(&job.ref[k]);
}

static void
coverage_bars_proportional(void)
{
	struct chart_data	d = data_of(CHART_COVERAGE);
	struct img		im, im2;
	struct hbar		blue[4], orange[4], big[4];
	int			nb, no, i;

	CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
	CU_ASSERT_EQUAL(im.w, W);
	CU_ASSERT_EQUAL(im.h, H);
	/* Longer than a legend swatch: only bars count. */
	nb = find_hbars(&im, BLUE, 30, blue, 4);
	no = find_hbars(&im, ORANGE, 30, orange, 4);
	CU_ASSERT_EQUAL_FATAL(nb, 2);	/* 75 % and 25 %; 0 % draws none */
	CU_ASSERT_EQUAL_FATAL(no, 3);	/* 25 %, 100 %, 50 % */

	/* 75 % is three times 25 %, within a few pixels. */
	CU_ASSERT(abs(blue[0].len - 3 * blue[1].len) <= 3);
	CU_ASSERT(abs(orange[1].len - 4 * orange[0].len) <= 4);
	CU_ASSERT(abs(orange[2].len - 2 * orange[0].len) <= 3);
	CU_ASSERT(abs(blue[0].len - 3 * orange[0].len) <= 3);
	CU_ASSERT(abs(4 * blue[0].len - 3 * orange[1].len) <= 4);
	CU_ASSERT(blue[1].len > 100);	/* a real bar, not a sliver */
	/* All bars start on the axis. */
	for (i = 1; i < nb; i++)
		CU_ASSERT(abs(blue[i].x0 - blue[0].x0) <= 1);
	for (i = 0; i < no; i++)
		CU_ASSERT(abs(orange[i].x0 - blue[0].x0) <= 1);
	/* Per framework, design above assured, frameworks in order. */
	CU_ASSERT(blue[0].y1 < orange[0].y0);
	CU_ASSERT(orange[0].y1 < blue[1].y0);
	CU_ASSERT(blue[1].y1 < orange[1].y0);
	CU_ASSERT(orange[1].y1 < orange[2].y0);
	/* The same bar is as thick for each framework. */
	CU_ASSERT(abs((blue[0].y1 - blue[0].y0) -
	    (orange[2].y1 - orange[2].y0)) <= 1);

	/* At 2x, for a PDF, everything is twice as long. */
	CU_ASSERT_FATAL(render(&d, W, H, 2, &im2));
	CU_ASSERT_EQUAL(im2.w, 2 * W);
	CU_ASSERT_EQUAL(im2.h, 2 * H);
	CU_ASSERT_EQUAL_FATAL(find_hbars(&im2, BLUE, 60, big, 4), 2);
	CU_ASSERT(abs(big[0].len - 2 * blue[0].len) <= 2);
	CU_ASSERT(abs(big[1].len - 2 * blue[1].len) <= 2);
	CU_ASSERT(abs(big[0].x0 - 2 * blue[0].x0) <= 2);
	free(im.px);
	free(im2.px);
}

static void
review_segments_proportional(void)
{
	struct chart_data	d = data_of(CHART_REVIEW_RESULTS);
	struct img		im;
	struct stack		s, bars[4];
	int			x, base = -1, n = 0, start = -1;

	CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
	for (x = 0; x < im.w; x++) {
		stack_at(&im, x, &s);
		if (s.g + s.o + s.v > 0 && s.bottom > base)
			base = s.bottom;
	}
	CU_ASSERT_FATAL(base > H / 2);
	/* Bars: runs of columns standing on the zero line. */
	for (x = 0; x <= im.w; x++) {
		if (x < im.w)
			stack_at(&im, x, &s);
		if (x < im.w && s.bottom == base && s.g + s.o + s.v > 0) {
			if (start < 0)
				start = x;
			continue;
		}
		if (start >= 0 && n < 4)
			stack_at(&im, (start + x - 1) / 2, &bars[n++]);
		start = -1;
	}
	CU_ASSERT_EQUAL_FATAL(n, 3);

	/* 6 : 3 : 1, stacked effective, partial, ineffective upwards. */
	CU_ASSERT(bars[0].g > 100);
	CU_ASSERT(abs(bars[0].g - 2 * bars[0].o) <= 2);
	CU_ASSERT(abs(bars[0].o - 3 * bars[0].v) <= 2);
	/* 2 : 2 : 0, and a total of 4 against 10. */
	CU_ASSERT(abs(bars[1].g - bars[1].o) <= 1);
	CU_ASSERT_EQUAL(bars[1].v, 0);
	CU_ASSERT(abs(5 * (bars[1].g + bars[1].o) -
	    2 * (bars[0].g + bars[0].o + bars[0].v)) <= 5);
	/* 0 : 0 : 5, standing on the zero line itself. */
	CU_ASSERT_EQUAL(bars[2].g, 0);
	CU_ASSERT_EQUAL(bars[2].o, 0);
	CU_ASSERT(abs(2 * bars[2].v - (bars[0].g + bars[0].o + bars[0].v)) <=
	    3);
	/* Months left to right, evenly spaced. */
	CU_ASSERT(bars[0].x < bars[1].x && bars[1].x < bars[2].x);
	CU_ASSERT(abs((bars[1].x - bars[0].x) - (bars[2].x - bars[1].x)) <=
	    2);
	free(im.px);
}

/* Mean row of blue pixels in column x from row y0 down; 0 if none. */
static double
blue_mean(const struct img *im, int x, int y0, int *count)
{
	double	sum = 0;
	int	y;

	*count = 0;
	for (y = y0; y < im->h; y++)
		if (near(pixel(im, x, y), BLUE)) {
			sum += y;
			(*count)++;
		}
	return *count > 0 ? sum / *count : 0;
}

static void
findings_points_at_values(void)
{
	struct chart_data	d = data_of(CHART_FINDINGS_TREND);
	struct img		im;
	double			ya, yb, yc, ratio;
	int			x, y, cut, xl = -1, xr = -1, c, dummy;

	CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
	/* Skip the legend's line sample: the first band of blue rows. */
	for (y = 0; y < im.h && longest_run(&im, y, BLUE, &dummy) == 0; y++)
		;
	for (; y < im.h && longest_run(&im, y, BLUE, &dummy) > 0; y++)
		;
	cut = y;
	CU_ASSERT_FATAL(cut < H / 3);
	for (x = 0; x < im.w; x++) {
		blue_mean(&im, x, cut, &c);
		if (c > 0) {
			if (xl < 0)
				xl = x;
			xr = x;
		}
	}
	CU_ASSERT_FATAL(xl >= 0 && xr - xl > W / 2);
	/* Inside the first and last markers, and the middle one. */
	ya = blue_mean(&im, xl + 2, cut, &c);
	yc = blue_mean(&im, xr - 2, cut, &c);
	yb = blue_mean(&im, (xl + xr) / 2, cut, &c);
	CU_ASSERT(ya > yc && yc > yb);		/* 2 < 5 < 8, y down */
	ratio = (ya - yb) / (ya - yc);		/* (8 - 2) / (5 - 2) */
	CU_ASSERT(fabs(ratio - 2.0) < 0.1);
	/* The markers stand out of the line: wider columns of blue. */
	blue_mean(&im, xl + (xr - xl) / 4, cut, &c);
	x = c;
	blue_mean(&im, (xl + xr) / 2, cut, &c);
	CU_ASSERT(c > x);
	free(im.px);
}

static void
donut_segments_at_angles(void)
{
	static const struct {
		double		deg;
		uint32_t	colour;
	} probes[] = {
		/* current 50 %: 0-180; expiring 25 %: 180-270;
		 * stale 15 %: 270-324; no expiry 10 %: 324-360 */
		{ 10, GREEN }, { 90, GREEN }, { 170, GREEN },
		{ 190, ORANGE }, { 225, ORANGE }, { 262, ORANGE },
		{ 278, VERMILLION }, { 297, VERMILLION }, { 316, VERMILLION },
		{ 332, SKY }, { 342, SKY }, { 352, SKY },
	};
	struct chart_data	d = data_of(CHART_EVIDENCE_FRESHNESS);
	struct img		im;
	double			cx, cy, R, t;
	int			x, y, top = H, bottom = -1, left = W;
	size_t			i;

	CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
	for (y = 0; y < im.h; y++)
		for (x = 0; x < im.w; x++)
			if (data_colour(pixel(&im, x, y))) {
				top = y < top ? y : top;
				bottom = y > bottom ? y : bottom;
				left = x < left ? x : left;
			}
	R = (bottom - top + 1) / 2.0;
	CU_ASSERT_FATAL(R > H / 4);
	cx = left + R;
	cy = top + R;
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		t = probes[i].deg * M_PI / 180;
		x = (int)(cx + 0.8 * R * sin(t));
		y = (int)(cy - 0.8 * R * cos(t));
		CU_ASSERT(near(pixel(&im, x, y), probes[i].colour));
		if (!near(pixel(&im, x, y), probes[i].colour))
			fprintf(stderr, "donut at %g deg: %06x\n",
			    probes[i].deg, (unsigned)pixel(&im, x, y));
	}
	/* A hole, with the total written in it; white just outside. */
	t = M_PI / 4;
	CU_ASSERT_EQUAL(pixel(&im, (int)(cx + 0.5 * R * sin(t)),
	    (int)(cy - 0.5 * R * cos(t))), WHITE);
	CU_ASSERT(count_in(&im, (int)(cx - 0.3 * R), (int)(cy - 0.3 * R),
	    (int)(cx + 0.3 * R), (int)(cy + 0.3 * R), dark) > 30);
	CU_ASSERT_EQUAL(pixel(&im, (int)(cx + 1.08 * R), (int)cy), WHITE);
	/* The legend sits right of the ring, with its four swatches. */
	CU_ASSERT(count_in(&im, (int)(cx + R + 2), 0, W, H, data_colour) >
	    4 * 50);
	free(im.px);
}

static void
charts_have_title_and_content(void)
{
	struct chart_data	d;
	struct img		im;
	enum chart_kind		k;

	for (k = 0; k < CHART__MAX; k++) {
		d = data_of(k);
		CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
		/* Dark title text in the top left. */
		CU_ASSERT(count_in(&im, 0, 0, W / 2, H / 10, dark) > 150);
		/* Not blank: data colours and plenty of ink (a trend line
		 * of three months is the least of them). */
		CU_ASSERT(count_in(&im, 0, 0, W, H, data_colour) >
		    (k == CHART_FINDINGS_TREND ? 500 : W * H / 40));
		CU_ASSERT(count_in(&im, 0, 0, W, H, not_white) > W * H / 50);
		/* Text beyond the title: axis titles, labels, legend. */
		CU_ASSERT(count_in(&im, 0, H / 10, W, H, dark) > 300);
		free(im.px);
	}
}

static void
empty_charts_say_so(void)
{
	struct chart_data	d, z;
	struct img		im;
	struct buf		a, b;
	enum chart_kind		k;

	buf_init(&a, 0);
	buf_init(&b, 0);
	for (k = 0; k < CHART__MAX; k++) {
		memset(&d, 0, sizeof(d));
		d.kind = k;
		CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
		CU_ASSERT_EQUAL(count_in(&im, 0, 0, W, H, data_colour), 0);
		CU_ASSERT(count_in(&im, 0, 0, W / 2, H / 10, dark) > 150);
		/* The message, centred: ink in the middle band only. */
		CU_ASSERT(count_in(&im, W / 4, H * 2 / 5, W * 3 / 4, H * 3 / 5,
		    not_white) > 100);
		CU_ASSERT_EQUAL(count_in(&im, 0, H / 8, W, H * 2 / 5,
		    not_white), 0);
		CU_ASSERT_EQUAL(count_in(&im, 0, H * 3 / 5, W, H, not_white),
		    0);
		free(im.px);

		/* A caller's message replaces the default one. */
		buf_reset(&a);
		buf_reset(&b);
		CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &a), ERR_OK);
		d.empty = "Nothing recorded for Acme Cloud in 2026-Q2";
		CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &b), ERR_OK);
		CU_ASSERT(a.len != b.len ||
		    memcmp(a.data, b.data, a.len) != 0);
	}

	/* Months without a single review are the empty chart. */
	memset(&d, 0, sizeof(d));
	d.kind = CHART_REVIEW_RESULTS;
	z = d;
	z.reviews = reviews_zero;
	z.n = 2;
	buf_reset(&a);
	buf_reset(&b);
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &a), ERR_OK);
	CU_ASSERT_EQUAL(chart_render(&z, W, H, CHART_PNG, &b), ERR_OK);
	CU_ASSERT_EQUAL(a.len, b.len);
	CU_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	/* Nothing to count in the donut either. */
	d = data_of(CHART_EVIDENCE_FRESHNESS);
	memset(&d.freshness, 0, sizeof(d.freshness));
	CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
	CU_ASSERT_EQUAL(count_in(&im, 0, 0, W, H, data_colour), 0);
	free(im.px);
	/* But no open findings at all is a line at zero, not "no data". */
	memset(&d, 0, sizeof(d));
	d.kind = CHART_FINDINGS_TREND;
	d.findings = findings_zero;
	d.n = 3;
	CU_ASSERT_FATAL(render(&d, W, H, 1, &im));
	CU_ASSERT(count_in(&im, 0, H / 2, W, H, data_colour) > 100);
	free(im.px);
	buf_free(&a);
	buf_free(&b);
}

/* Nothing is clipped: a white margin on every side, at every size. */
static void
margins_stay_clear(void)
{
	static const int		 sizes[][2] = {
		{ 800, 500 }, { 200, 150 }, { 300, 600 }, { 2000, 150 },
		{ 1200, 1500 },
	};
	struct chart_coverage_row	 cov[CHART_MAX_FRAMEWORKS];
	struct chart_review_month	 rev[CHART_MAX_MONTHS];
	struct chart_findings_month	 fin[CHART_MAX_MONTHS];
	char				 lab[CHART_MAX_MONTHS][16];
	struct chart_data		 d;
	struct img			 im;
	enum chart_kind			 k;
	size_t				 i, s;
	int				 w, h;

	for (i = 0; i < CHART_MAX_FRAMEWORKS; i++) {
		cov[i].label = "A framework with a very long name, too long "
		    "for any axis";
		cov[i].design = 1.0;
		cov[i].assured = 0.999;
	}
	for (i = 0; i < CHART_MAX_MONTHS; i++) {
		snprintf(lab[i], sizeof(lab[i]), "%04zu-%02zu", 2021 + i / 12,
		    i % 12 + 1);
		rev[i].label = "Month ending 31 March 2026, first quarter";
		fin[i].label = lab[i];
		rev[i].effective = 900000000;
		rev[i].partial = 90000000;
		rev[i].ineffective = (int64_t)i * 1000000;
		fin[i].open = CHART_MAX_COUNT - (int64_t)i;
	}
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (k = 0; k < CHART__MAX; k++) {
			w = sizes[s][0];
			h = sizes[s][1];
			d = data_of(k);
			d.title = "A title much longer than the chart is wide, "
			    "with words that go on and on and on";
			d.subtitle = "Acme Cloud \xe2\x80\x94 as of 2026-06-30, "
			    "a subtitle that is longer still than the title";
			if (k == CHART_COVERAGE) {
				d.coverage = cov;
				d.n = CHART_MAX_FRAMEWORKS;
			} else if (k == CHART_REVIEW_RESULTS) {
				d.reviews = rev;
				d.n = CHART_MAX_MONTHS;
			} else if (k == CHART_FINDINGS_TREND) {
				d.findings = fin;
				d.n = CHART_MAX_MONTHS;
			} else
				d.freshness.stale = CHART_MAX_COUNT;
			CU_ASSERT_FATAL(render(&d, w, h, 1, &im));
			CU_ASSERT_EQUAL(count_in(&im, 0, 0, w, 3, not_white),
			    0);
			CU_ASSERT_EQUAL(count_in(&im, 0, h - 3, w, h,
			    not_white), 0);
			CU_ASSERT_EQUAL(count_in(&im, 0, 0, 3, h, not_white),
			    0);
			CU_ASSERT_EQUAL(count_in(&im, w - 3, 0, w, h,
			    not_white), 0);
			free(im.px);
		}

	/* Long month labels, thinned or not, at either end of the axis. */
	memset(&d, 0, sizeof(d));
	d.kind = CHART_REVIEW_RESULTS;
	d.reviews = rev;
	for (s = 0; s < 2; s++)
		for (d.n = 1; d.n <= 12; d.n++) {
			w = s == 0 ? 200 : 400;
			h = s == 0 ? 150 : 300;
			CU_ASSERT_FATAL(render(&d, w, h, 1, &im));
			CU_ASSERT_EQUAL(count_in(&im, 0, 0, 3, h, not_white),
			    0);
			CU_ASSERT_EQUAL(count_in(&im, w - 3, 0, w, h,
			    not_white), 0);
			free(im.px);
		}
}

/* chart_draw on a caller's context: clipped, state kept, errors mapped. */
static void
draw_on_callers_context(void)
{
	struct chart_data	 d = data_of(CHART_COVERAGE);
	cairo_surface_t		*s;
	cairo_t			*cr;
	unsigned char		*p;
	uint32_t		 v;
	int			 stride;

	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 900, 600);
	cr = cairo_create(s);
	cairo_translate(cr, 50, 50);
	cairo_set_line_width(cr, 7);
	CU_ASSERT_EQUAL(chart_draw(cr, &d, W, H), ERR_OK);
	CU_ASSERT_EQUAL(cairo_get_line_width(cr), 7);
	CU_ASSERT_EQUAL(chart_draw(cr, &d, 10, 10), ERR_INVALID);
	CU_ASSERT_EQUAL(chart_draw(NULL, &d, W, H), ERR_INVALID);
	cairo_surface_flush(s);
	p = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	memcpy(&v, p + 10 * stride + 4 * 10, 4);
	CU_ASSERT_EQUAL(v, 0);			/* outside: untouched */
	memcpy(&v, p + 52 * stride + 4 * 52, 4);
	CU_ASSERT_EQUAL(v, 0xFFFFFFFFu);	/* inside: opaque white */
	memcpy(&v, p + 560 * stride + 4 * 860, 4);
	CU_ASSERT_EQUAL(v, 0);			/* past the corner */
	cairo_destroy(cr);
	cairo_surface_destroy(s);

	/* A context that has already failed is reported, not drawn on. */
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, -1, -1);
	cr = cairo_create(s);
	CU_ASSERT_EQUAL(chart_draw(cr, &d, W, H), ERR_INTERNAL);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* Appends after what out holds; on failure leaves it as it was. */
static void
output_buffer_contract(void)
{
	struct chart_data	d = data_of(CHART_REVIEW_RESULTS);
	struct buf		b;

	buf_init(&b, 0);
	buf_puts(&b, "head");
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &b), ERR_OK);
	CU_ASSERT_EQUAL(memcmp(b.data, "head\x89PNG", 8), 0);
	buf_reset(&b);
	buf_puts(&b, "head");
	d.reviews = NULL;
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &b), ERR_INVALID);
	CU_ASSERT_EQUAL(b.len, 4);
	CU_ASSERT_STRING_EQUAL(b.data, "head");
	buf_free(&b);

	/* A bounded buffer that cannot hold the chart: ERR_NOMEM. */
	d = data_of(CHART_REVIEW_RESULTS);
	buf_init(&b, 1000);
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_PNG, &b), ERR_NOMEM);
	CU_ASSERT_TRUE(buf_failed(&b));
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_SVG, &b), ERR_NOMEM);
	buf_free(&b);
	buf_init(&b, 1000);
	CU_ASSERT_EQUAL(chart_render(&d, W, H, CHART_SVG, &b), ERR_NOMEM);
	buf_free(&b);
}

/* ---- the layout, as any back end receives it ---- */

/* A stand-in for a back end's metrics: every byte is 0.6 em wide. */
static double
fake_width(void *arg, enum chart_face face, double size, const char *s)
{
	int	*calls = arg;

	(*calls)++;
	return (face == CHART_FACE_BOLD ? 0.65 : 0.6) * size *
	    (double)strlen(s);
}

/* The first TEXT operation of lay that reads s, or NULL. */
static const struct chart_op *
text_op_of(const struct chart_layout *lay, const char *s)
{
	size_t	i;

	for (i = 0; i < lay->n; i++)
		if (lay->ops[i].kind == CHART_OP_TEXT &&
		    strcmp(lay->ops[i].text, s) == 0)
			return &lay->ops[i];
	return NULL;
}

/*
 * Every chart lays out into paths that end in a paint and texts inside
 * the chart, measured by the back end's measure; its title, legend and
 * axis titles are text operations.
 */
static void
layout_lists_paths_and_text(void)
{
	static const char *const want[CHART__MAX][4] = {
		[CHART_COVERAGE] = { "Coverage by target framework",
		    "Design coverage", "Coverage (%)", "Target framework" },
		[CHART_REVIEW_RESULTS] = { "Control review results per month",
		    "Partially effective", "Month", "Control reviews" },
		[CHART_FINDINGS_TREND] = { "Open findings per month",
		    "Open findings at month end", "Month", "Open findings" },
		[CHART_EVIDENCE_FRESHNESS] = { "Evidence freshness",
		    "Expiring within 30 days", "100", "evidence items" },
	};
	struct chart_measure	 m;
	struct chart_layout	*lay;
	struct chart_data	 d;
	const struct chart_op	*o;
	enum chart_kind		 k;
	size_t			 i, j;
	int			 calls = 0;
	bool			 open;

	m.width = fake_width;
	m.arg = &calls;
	for (k = 0; k < CHART__MAX; k++) {
		d = data_of(k);
		CU_ASSERT_EQUAL_FATAL(chart_layout(&d, W, H, &m, &lay), ERR_OK);
		CU_ASSERT_PTR_NOT_NULL_FATAL(lay);
		CU_ASSERT_EQUAL(lay->width, W);
		CU_ASSERT_EQUAL(lay->height, H);
		for (j = 0; j < 4; j++) {
			o = text_op_of(lay, want[k][j]);
			CU_ASSERT_PTR_NOT_NULL(o);
			if (o == NULL)
				fprintf(stderr, "no text \"%s\"\n", want[k][j]);
		}
		/* Axis titles of the value axis read upwards. */
		if (k != CHART_EVIDENCE_FRESHNESS) {
			o = text_op_of(lay, want[k][3]);
			CU_ASSERT(o != NULL && o->up);
		}
		open = false;
		for (i = 0; i < lay->n; i++) {
			o = &lay->ops[i];
			switch (o->kind) {
			case CHART_OP_MOVE:
			case CHART_OP_LINE:
			case CHART_OP_ARC:
			case CHART_OP_ARC_NEG:
			case CHART_OP_RECT:
			case CHART_OP_CLOSE:
				open = true;
				break;
			case CHART_OP_FILL:
			case CHART_OP_STROKE:
			case CHART_OP_FILL_STROKE:
				CU_ASSERT(open);	/* paints a path */
				open = false;
				break;
			case CHART_OP_TEXT:
				CU_ASSERT(!open);	/* between paths */
				CU_ASSERT(o->text[0] != '\0');
				CU_ASSERT(o->size >= 6 && o->size <= 64);
				CU_ASSERT(o->x >= 0 && o->x <= W);
				CU_ASSERT(o->y >= 0 && o->y <= H);
				if (!o->up)
					CU_ASSERT(o->x + fake_width(&calls,
					    o->face, o->size, o->text) <=
					    W + 0.01);
				break;
			default:
				CU_FAIL("unknown operation");
			}
		}
		CU_ASSERT(!open);		/* nothing left unpainted */
		chart_layout_free(lay);
	}
	CU_ASSERT(calls > 0);			/* the layout measured */
}

/* The layout's coverage bars: 75 % is three times 25 %, exactly. */
static void
layout_bars_proportional(void)
{
	struct chart_measure	 m;
	struct chart_layout	*lay;
	struct chart_data	 d = data_of(CHART_COVERAGE);
	const struct chart_op	*o;
	double			 blue[4];
	size_t			 i, nb = 0;
	int			 calls = 0;

	m.width = fake_width;
	m.arg = &calls;
	CU_ASSERT_EQUAL_FATAL(chart_layout(&d, W, H, &m, &lay), ERR_OK);
	for (i = 0; i + 1 < lay->n; i++) {
		o = &lay->ops[i];
		/* A bar, not the legend's swatch: longer than it is high. */
		if (o->kind == CHART_OP_RECT && o->w > 2 * o->h &&
		    lay->ops[i + 1].kind == CHART_OP_FILL &&
		    lay->ops[i + 1].fill == BLUE && nb < 4)
			blue[nb++] = o->w;
	}
	CU_ASSERT_EQUAL_FATAL(nb, 2);		/* 75 %, 25 %; 0 % draws none */
	CU_ASSERT(fabs(blue[0] - 3 * blue[1]) <= 2);
	chart_layout_free(lay);
}

/* Bad arguments: nothing laid out, *out NULL, the error of the input. */
static void
layout_refuses_bad_input(void)
{
	struct chart_measure	 m = { fake_width, NULL };
	struct chart_layout	*lay = (struct chart_layout *)&m;
	struct chart_data	 d = data_of(CHART_REVIEW_RESULTS);
	int			 calls = 0;

	m.arg = &calls;
	CU_ASSERT_EQUAL(chart_layout(&d, W, H, NULL, &lay), ERR_INVALID);
	CU_ASSERT_PTR_NULL(lay);
	CU_ASSERT_EQUAL(chart_layout(&d, 10, H, &m, &lay), ERR_INVALID);
	d.reviews = NULL;
	CU_ASSERT_EQUAL(chart_layout(&d, W, H, &m, &lay), ERR_INVALID);
	CU_ASSERT_PTR_NULL(lay);
	d = data_of(CHART_COVERAGE);
	d.n = CHART_MAX_FRAMEWORKS + 1;
	CU_ASSERT_EQUAL(chart_layout(&d, W, H, &m, &lay), ERR_TOO_LARGE);
	CU_ASSERT_EQUAL(calls, 0);
	chart_layout_free(NULL);
}

static const struct unit_test tests[] = {
	{ "kind and format names round-trip", names_round_trip },
	{ "sizes and scales are bounded", sizes_bounded },
	{ "bad data is refused", bad_data_refused },
	{ "PNG and SVG are what they say", png_and_svg_signatures },
	{ "labels never reach SVG markup", svg_holds_no_label_text },
	{ "same input gives the same bytes", same_input_same_bytes },
	{ "threads render the same bytes", threads_render_alike },
	{ "coverage bars are proportional", coverage_bars_proportional },
	{ "review segments are proportional", review_segments_proportional },
	{ "findings points sit at their values", findings_points_at_values },
	{ "donut segments at their angles", donut_segments_at_angles },
	{ "charts have a title and content", charts_have_title_and_content },
	{ "empty charts say so", empty_charts_say_so },
	{ "nothing is clipped at any size", margins_stay_clear },
	{ "draw on a caller's cairo context", draw_on_callers_context },
	{ "output buffer contract", output_buffer_contract },
	{ "layout lists paths and text", layout_lists_paths_and_text },
	{ "layout bars are proportional", layout_bars_proportional },
	{ "layout refuses bad input", layout_refuses_bad_input },
	{ NULL, NULL }
};

/* Cairo's and fontconfig's font caches go at exit, before LSan looks. */
int
suite_chart(void)
{
	if (atexit(chart_shutdown) != 0)
		return -1;
	return add_suite("chart", tests);
}
