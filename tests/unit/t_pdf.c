/*
 * Tests of the PDF layer: structure, page count, determinism, text as
 * poppler extracts it, sticky errors and limits.
 *
 * The fonts come from $ANNEXA_FONT_DIR, else ./fonts (the ones make cuts
 * down from DejaVu, in the build directory).  Set
 * ANNEXA_PDF_SAMPLE to a path to keep the sample document there.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <zlib.h>

#include "buf.h"
#include "chart.h"
#include "chart_pdf.h"
#include "errcode.h"
#include "pdf.h"
#include "pdf_canvas.h"
#include "pdf_cmap.h"
#include "pdf_ops.h"
#include "pdflex.h"
#include "tests.h"

#define T_PDF_TIME	1782864000	/* 2026-07-01 00:00:00 UTC */
#define T_PDF_ROWS	90

/*
 * Where poppler's tools are: /usr/bin, or $ANNEXA_POPPLER_DIR (pointing it
 * at an empty directory shows that the checks needing them are skipped).
 */
static const char *
t_tool_dir(void)
{
	const char	*d = getenv("ANNEXA_POPPLER_DIR");

	return d != NULL && *d != '\0' ? d : "/usr/bin";
}

/*
 * True when poppler's tool name can be run; otherwise marks the running
 * test skipped (t_skip), and the caller leaves out what needs the tool.
 */
static bool
t_have_tool(const char *name)
{
	char	path[512], why[600];

	snprintf(path, sizeof(path), "%s/%s", t_tool_dir(), name);
	if (access(path, X_OK) == 0)
		return true;
	snprintf(why, sizeof(why), "no %s (poppler-utils; scripts/deps "
	    "installs it)", path);
	t_skip(why);
	return false;
}

static const char *
t_font_dir(void)
{
	const char	*d = getenv("ANNEXA_FONT_DIR");

	return d != NULL && *d != '\0' ? d : "fonts";
}

static void
t_opts(struct pdf_opts *o, time_t t)
{
	memset(o, 0, sizeof(*o));
	o->font_dir = t_font_dir();
	o->title = "Gap analysis: ISO/IEC 27017:2015 \xe2\x86\x92 "
	    "ISO/IEC 27001:2022";
	o->author = "annexa";
	o->subject = "Control coverage of Acme Cloud GmbH";
	o->organisation = "Acme Cloud GmbH";
	o->footer = "Report R-2026-0042";
	o->generated = t;
	o->utc_offset = 120;
}

/* Bars of a chart-like drawing, and a label: a pdf_canvas_fn. */
static enum err
t_draw_bars(const struct pdf_canvas *c, void *arg)
{
	const char	*label = arg;
	int		 bar;

	for (bar = 0; bar < 8; bar++) {
		pdf_ops_fill(c->ops, 0.0, 0.45, 0.70);
		pdf_ops_rect(c->ops, c->x + bar * c->width / 8, c->y,
		    c->width / 10, c->height * (2 + (bar * 5) % 7) / 10);
		pdf_ops_paint(c->ops, PDF_OPS_FILL);
	}
	pdf_ops_fill(c->ops, 0.1, 0.1, 0.1);
	pdf_canvas_text(c, true, 9, c->x, c->y + c->height - 9, false, label);
	return ERR_OK;
}

static const struct pdf_column t_cols[] = {
	{ "Control", 62, 0, PDF_ALIGN_LEFT },
	{ "Requirement", 0, 3, PDF_ALIGN_LEFT },
	{ "Status", 58, 0, PDF_ALIGN_CENTRE },
	{ "Evidence", 0, 2, PDF_ALIGN_LEFT },
	{ "Score", 40, 0, PDF_ALIGN_RIGHT },
};

/* Builds the sample document on p (new or reset) into out. */
static enum err
t_build(struct pdf *p, struct buf *out, int *pages)
{
	static const char *const status[] = { "covered", "partial", "gap" };
	static const enum pdf_fill fill[] = {
		PDF_FILL_GOOD, PDF_FILL_PARTIAL, PDF_FILL_BAD
	};
	enum pdf_fill	 fills[5] = { 0 };
	const char	*cells[5];
	char		 id[32], req[512], ev[256], score[16];
	int		 i;

	pdf_title(p, "Gap analysis", "ISO/IEC 27017:2015 \xe2\x86\x92 "
	    "ISO/IEC 27001:2022 \xe2\x80\x94 Acme Cloud GmbH");
	pdf_keyvalue(p, "Period", "2026-01-01 to 2026-06-30");
	pdf_keyvalue(p, "As of", "2026-07-01");
	pdf_keyvalue(p, "Data fingerprint", "sha256:9f86d081884c7d659a2feaa0"
	    "c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
	pdf_heading(p, 1, "1 Summary");
	pdf_paragraph(p, "\xc3\x9c" "berpr\xc3\xbc" "fung \xe2\x80\x94 "
	    "\xe2\x89\xa5 95 % of the target controls are covered by at "
	    "least one implemented source control. This paragraph is long "
	    "enough to wrap over several lines, so that the word wrapping "
	    "of the layer is exercised with ordinary prose, with "
	    "Gr\xc3\xb6\xc3\x9f" "enordnung, na\xc3\xaf" "ve caf\xc3\xa9 "
	    "and \xe2\x80\x9cquoted\xe2\x80\x9d words in it.");
	pdf_paragraph(p, "A second paragraph.\nIt has a hard line break, "
	    "and an overlong token: "
	    "\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ"
	    "KLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.");
	pdf_note(p, "Scores count a partially covered control as one half.");
	pdf_heading(p, 2, "1.1 Controls");
	pdf_table_begin(p, t_cols, 5, PDF_TABLE_ZEBRA);
	for (i = 0; i < T_PDF_ROWS; i++) {
		snprintf(id, sizeof(id), "CTRL-%02d.%d", i / 4 + 5, i % 4 + 1);
		snprintf(req, sizeof(req), "The cloud service provider "
		    "shall document requirement %d%s", i, i % 5 == 0 ?
		    " and review it at planned intervals, including the "
		    "shared responsibilities with the customer." : ".");
		snprintf(ev, sizeof(ev), "%s", i % 3 == 2 ? "\xe2\x80\x94" :
		    "Policy P-7, \xc2\xa7 4.2");
		snprintf(score, sizeof(score), "%d.%d", (i * 7) % 10,
		    i % 10);
		cells[0] = id;
		cells[1] = req;
		cells[2] = status[i % 3];
		cells[3] = ev;
		cells[4] = score;
		fills[2] = fill[i % 3];
		pdf_table_row(p, cells, fills);
	}
	pdf_table_end(p);
	pdf_heading(p, 1, "2 Charts");
	pdf_canvas(p, 400, 200, t_draw_bars, (void *)(uintptr_t)"Figure 1");
	pdf_note(p, "Figure 1: coverage per group.");
	return pdf_finish(p, out, pages);
}

/* Counts page objects: "/Type /Page" not followed by "s". */
static int
t_count_pages(const struct buf *b)
{
	const char	*s = b->data, *end = b->data + b->len;
	int		 n = 0;

	while ((s = memmem(s, end - s, "/Type /Page", 11)) != NULL) {
		s += 11;
		if (s < end && *s != 's')
			n++;
	}
	return n;
}

static bool
t_is_pdf(const struct buf *b)
{
	size_t	 n = b->len;

	if (n < 16 || memcmp(b->data, "%PDF-", 5) != 0)
		return false;
	while (n > 0 && (b->data[n - 1] == '\n' || b->data[n - 1] == '\r'))
		n--;
	return n >= 5 && memcmp(b->data + n - 5, "%%EOF", 5) == 0;
}

static void
builds_a_document(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	const char	*keep;
	FILE		*f;
	int		 pages = -1;

	t_opts(&o, T_PDF_TIME);
	buf_init(&out, 0);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_OK);
	CU_ASSERT_EQUAL(t_build(p, &out, &pages), ERR_OK);
	CU_ASSERT_TRUE(t_is_pdf(&out));
	CU_ASSERT_TRUE(pages >= 4);
	CU_ASSERT_EQUAL(t_count_pages(&out), pages);
	/* Compressed, with embedded fonts, and no /ID (determinism). */
	CU_ASSERT_PTR_NOT_NULL(memmem(out.data, out.len, "/FlateDecode", 12));
	CU_ASSERT_PTR_NOT_NULL(memmem(out.data, out.len, "/FontFile2", 10));
	CU_ASSERT_PTR_NOT_NULL(memmem(out.data, out.len, "/Outlines", 9));
	CU_ASSERT_PTR_NOT_NULL(memmem(out.data, out.len,
	    "/CreationDate (D:20260701020000+02'00')", 39));
	CU_ASSERT_PTR_NULL(memmem(out.data, out.len, "/ID", 3));
	CU_ASSERT_PTR_NULL(memmem(out.data, out.len, "/ModDate", 8));
	if ((keep = getenv("ANNEXA_PDF_SAMPLE")) != NULL &&
	    (f = fopen(keep, "wb")) != NULL) {
		fwrite(out.data, 1, out.len, f);
		fclose(f);
	}
	pdf_free(p);
	buf_free(&out);
}

static void
same_input_same_bytes(void)
{
	struct pdf_opts	 o;
	struct pdf	*p, *q;
	struct buf	 a, b, c, d;
	int		 pa, pb, pc, pd;

	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&c, 0);
	buf_init(&d, 0);
	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	q = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL(t_build(p, &a, &pa), ERR_OK);
	CU_ASSERT_EQUAL(t_build(q, &b, &pb), ERR_OK);
	CU_ASSERT_EQUAL(pa, pb);
	CU_ASSERT_TRUE(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);

	/* A reused struct pdf (fonts kept) writes the same bytes. */
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	CU_ASSERT_EQUAL(t_build(p, &c, &pc), ERR_OK);
	CU_ASSERT_TRUE(a.len == c.len && memcmp(a.data, c.data, a.len) == 0);

	/* One second later: other bytes, same layout. */
	t_opts(&o, T_PDF_TIME + 1);
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	CU_ASSERT_EQUAL(t_build(p, &d, &pd), ERR_OK);
	CU_ASSERT_EQUAL(pd, pa);
	CU_ASSERT_TRUE(d.len != a.len || memcmp(a.data, d.data, a.len) != 0);
	CU_ASSERT_PTR_NOT_NULL(memmem(d.data, d.len,
	    "/CreationDate (D:20260701020001+02'00')", 39));
	pdf_free(p);
	pdf_free(q);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	buf_free(&d);
}

/*
 * Writes b to a temporary file and runs "tool FILE tail" on it, tool being
 * a poppler command and its options; *out gets what the tool writes to its
 * standard output.  false when anything fails.
 */
static bool
t_pipe_pdf(const struct buf *b, const char *tool, const char *tail,
    struct buf *out)
{
	char	 path[] = "/tmp/annexa-t_pdf-XXXXXX", cmd[1024];
	char	 chunk[4096];
	size_t	 n;
	FILE	*f;
	int	 fd, rc = -1;

	buf_init(out, 0);
	if ((fd = mkstemp(path)) == -1)
		return false;
	if (write(fd, b->data, b->len) != (ssize_t)b->len) {
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s/%s %s %s", t_tool_dir(), tool, path,
	    tail);
	if ((f = popen(cmd, "r")) != NULL) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(out, chunk, n);
		rc = pclose(f);
	}
	unlink(path);
	if (rc != 0 || buf_failed(out) || out->data == NULL) {
		buf_free(out);
		return false;
	}
	return true;
}

/* Runs pdftotext on b; returns its output (caller frees) or NULL. */
static char *
t_pdftotext(const struct buf *b)
{
	struct buf	 text;

	if (!t_pipe_pdf(b, "pdftotext -q -enc UTF-8", "-", &text))
		return NULL;
	return text.data;
}

static size_t
t_count(const char *s, const char *what)
{
	size_t	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
text_as_poppler_reads_it(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	char		*text, *page, *next, want[32];
	int		 pages, i, table_pages = 0;

	if (!t_have_tool("pdftotext"))
		return;
	t_opts(&o, T_PDF_TIME);
	buf_init(&out, 0);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(t_build(p, &out, &pages), ERR_OK);
	text = t_pdftotext(&out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);

	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\xc3\x9c" "berpr\xc3\xbc" "fung "
	    "\xe2\x80\x94 \xe2\x89\xa5 95 %"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "1.1 Controls"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Acme Cloud GmbH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "CTRL-27.2"));	/* last row */
	/* The overlong token is broken between characters, not in one. */
	CU_ASSERT_EQUAL(t_count(text, "\xc3\x9c"), 1 + 8);
	CU_ASSERT_PTR_NULL(strstr(text, "\xef\xbf\xbd"));

	/* Per page: footer, header, and the table header with any rows. */
	page = text;
	for (i = 1; i <= pages; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(page);
		if ((next = strchr(page, '\f')) != NULL)
			*next++ = '\0';
		snprintf(want, sizeof(want), "Page %d of %d", i, pages);
		CU_ASSERT_PTR_NOT_NULL(strstr(page, want));
		CU_ASSERT_PTR_NOT_NULL(strstr(page, "Report R-2026-0042"));
		CU_ASSERT_PTR_NOT_NULL(strstr(page, "Gap analysis: ISO/IEC"));
		if (strstr(page, "CTRL-") != NULL) {
			table_pages++;
			CU_ASSERT_EQUAL(t_count(page, "Requirement"), 1);
		}
		page = next;
	}
	CU_ASSERT_TRUE(table_pages >= 3);
	free(text);
	pdf_free(p);
	buf_free(&out);
}

static void
tall_row_is_cut_and_continued(void)
{
	static const struct pdf_column cols[] = {
		{ "Id", 40, 0, PDF_ALIGN_LEFT },
		{ "Text", 0, 1, PDF_ALIGN_LEFT },
	};
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	char		 big[PDF_CELL_MAX + 1], *text;
	const char	*cells[2];
	int		 pages, i;

	/* 3998 bytes of short words in a 40 pt column: taller than a page. */
	for (i = 0; i < PDF_CELL_MAX - 2; i += 2)
		memcpy(big + i, i % 50 == 48 ? "Z " : "w ", 2);
	big[i] = '\0';
	t_opts(&o, T_PDF_TIME);
	buf_init(&out, 0);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pdf_paragraph(p, "Before the table.");
	pdf_table_begin(p, cols, 2, 0);
	cells[0] = "one";
	cells[1] = "short";
	pdf_table_row(p, cells, NULL);
	cells[0] = big;
	cells[1] = "tall";
	pdf_table_row(p, cells, NULL);
	cells[0] = "three";
	cells[1] = "after";
	pdf_table_row(p, cells, NULL);
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_OK);
	CU_ASSERT_TRUE(pages >= 3);
	CU_ASSERT_EQUAL(t_count_pages(&out), pages);
	if (t_have_tool("pdftotext")) {
		text = t_pdftotext(&out);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_EQUAL(t_count(text, "continued on the next page"),
		    (size_t)pages - 1);
		CU_ASSERT_EQUAL(t_count(text, "Z"), (PDF_CELL_MAX - 2) / 50);
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "after"));
		free(text);
	}

	/* A key-value line taller than a page, first thing in a document. */
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	pdf_keyvalue(p, "Evidence", big);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_OK);
	buf_reset(&out);
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_OK);
	CU_ASSERT_TRUE(pages >= 2);
	CU_ASSERT_EQUAL(t_count_pages(&out), pages);
	pdf_free(p);
	buf_free(&out);
}

static void
missing_fonts_fail_cleanly(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	int		 pages = -1;

	t_opts(&o, T_PDF_TIME);
	o.font_dir = "/nonexistent/annexa-fonts";
	buf_init(&out, 0);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_IO);
	pdf_heading(p, 1, "Nothing");
	pdf_paragraph(p, "Nothing either.");
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_IO);
	CU_ASSERT_EQUAL(pages, 0);
	CU_ASSERT_EQUAL(out.len, 0);

	/* The same struct recovers once the fonts are there. */
	o.font_dir = t_font_dir();
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_OK);
	pdf_paragraph(p, "Now it works.");
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_OK);
	CU_ASSERT_EQUAL(pages, 1);
	CU_ASSERT_TRUE(t_is_pdf(&out));
	pdf_free(p);
	buf_free(&out);
	pdf_free(NULL);
}

static void
first_error_sticks(void)
{
	static const struct pdf_column cols[] = {
		{ "A", 0, 1, PDF_ALIGN_LEFT },
	};
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	char		*big;
	const char	*cells[1];
	int		 pages = -1;

	t_opts(&o, T_PDF_TIME);
	buf_init(&out, 0);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pdf_paragraph(p, "Fine so far.");
	CU_ASSERT_EQUAL(pdf_error(p), ERR_OK);

	/* A cell one byte over the limit. */
	big = malloc(PDF_CELL_MAX + 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'x', PDF_CELL_MAX + 1);
	big[PDF_CELL_MAX + 1] = '\0';
	pdf_table_begin(p, cols, 1, 0);
	cells[0] = big;
	pdf_table_row(p, cells, NULL);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_TOO_LARGE);

	/* Later calls, even wrong ones, change nothing. */
	pdf_heading(p, 3, "no such level");
	pdf_canvas(p, 0, 0, NULL, NULL);
	pdf_paragraph(p, "ignored");
	CU_ASSERT_EQUAL(pdf_error(p), ERR_TOO_LARGE);
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_TOO_LARGE);
	CU_ASSERT_EQUAL(pages, 0);
	CU_ASSERT_EQUAL(out.len, 0);

	/* Exactly at the limit is fine. */
	big[PDF_CELL_MAX] = '\0';
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	pdf_table_begin(p, cols, 1, 0);
	pdf_table_row(p, cells, NULL);
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_OK);
	CU_ASSERT_TRUE(pages >= 1);

	/* Drawing after pdf_finish() is a bug, and so is finishing twice. */
	pdf_paragraph(p, "too late");
	CU_ASSERT_EQUAL(pdf_error(p), ERR_INTERNAL);
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_INTERNAL);
	free(big);
	pdf_free(p);
	buf_free(&out);
}

/* Expects that f on a fresh document fails with e. */
static void
t_expect(enum err e, void (*f)(struct pdf *))
{
	struct pdf_opts	 o;
	struct pdf	*p;

	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	f(p);
	CU_ASSERT_EQUAL(pdf_error(p), e);
	pdf_free(p);
}

static void
t_too_many_columns(struct pdf *p)
{
	struct pdf_column	 cols[PDF_COLS_MAX + 1];
	size_t			 i;

	memset(cols, 0, sizeof(cols));
	for (i = 0; i < PDF_COLS_MAX + 1; i++)
		cols[i].title = "c";
	pdf_table_begin(p, cols, PDF_COLS_MAX, 0);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_OK);
	pdf_table_end(p);
	pdf_table_begin(p, cols, PDF_COLS_MAX + 1, 0);
}

static void
t_too_wide(struct pdf *p)
{
	static const struct pdf_column cols[] = {
		{ "a", 300, 0, PDF_ALIGN_LEFT },
		{ "b", 200, 0, PDF_ALIGN_LEFT },
	};

	pdf_table_begin(p, cols, 2, 0);
}

static void
t_row_without_table(struct pdf *p)
{
	const char	*cells[1] = { "x" };

	pdf_table_row(p, cells, NULL);
}

static void
t_bad_fill(struct pdf *p)
{
	static const struct pdf_column cols[] = {
		{ "a", 0, 1, PDF_ALIGN_LEFT },
	};
	const char	*cells[1] = { "x" };
	enum pdf_fill	 fills[1] = { PDF_FILL__MAX };

	pdf_table_begin(p, cols, 1, 0);
	pdf_table_row(p, cells, fills);
}

static void
t_long_heading(struct pdf *p)
{
	char	 s[PDF_LABEL_MAX + 2];

	memset(s, 'h', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	pdf_heading(p, 1, s);
}

static void
t_too_many_pages(struct pdf *p)
{
	int	 i;

	for (i = 0; i <= PDF_PAGES_MAX && pdf_error(p) == ERR_OK; i++) {
		pdf_paragraph(p, "One page.");
		pdf_page_break(p);
	}
	CU_ASSERT_EQUAL(i, PDF_PAGES_MAX + 1);
}

static void
limits_are_enforced(void)
{
	t_expect(ERR_INVALID, t_too_many_columns);
	t_expect(ERR_INVALID, t_too_wide);
	t_expect(ERR_INVALID, t_row_without_table);
	t_expect(ERR_INVALID, t_bad_fill);
	t_expect(ERR_TOO_LARGE, t_long_heading);
	t_expect(ERR_TOO_LARGE, t_too_many_pages);
}

static void
bad_text_and_options(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	char		*text;
	int		 pages;

	/* A time zone offset beyond 14 hours, no font directory. */
	t_opts(&o, T_PDF_TIME);
	o.utc_offset = 15 * 60;
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_INVALID);
	o.utc_offset = 0;
	o.font_dir = NULL;
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_INVALID);

	/* Bad UTF-8, controls and characters past U+CFFF become '?'. */
	t_opts(&o, T_PDF_TIME);
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	pdf_paragraph(p, "bad \xff\xfe byte, \xc0\xaf overlong, "
	    "\xed\xa0\x80 surrogate, \xf0\x9f\x98\x80 emoji, bell\a, "
	    "tab\there.");
	buf_init(&out, 2000);	/* too small for any PDF */
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_TOO_LARGE);
	CU_ASSERT_EQUAL(out.len, 0);
	CU_ASSERT_FALSE(buf_failed(&out));
	buf_free(&out);
	if (t_have_tool("pdftotext")) {
		buf_init(&out, 0);
		CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
		pdf_paragraph(p, "bad \xff\xfe byte, \xc0\xaf overlong, "
		    "\xed\xa0\x80 surrogate, \xf0\x9f\x98\x80 emoji, bell\a, "
		    "tab\there.");
		CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_OK);
		text = t_pdftotext(&out);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "bad ?? byte, ?? overlong, "
		    "??? surrogate, ? emoji, bell, tab here."));
		free(text);
		buf_free(&out);
	}
	pdf_free(p);
}

/*
 * The report fonts hold a glyph for a character of every block
 * fonts/coverage.txt keeps, and none for a block it leaves out.
 */
static void
fonts_cover_what_coverage_keeps(void)
{
	static const char *const faces[] = {
		"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
	};
	static const HPDF_UINT16 kept[] = {
		'A', 0x00E9 /* é */, 0x0142 /* ł */, 0x0159 /* ř */,
		0x01EB /* ǫ */, 0x0259 /* ə */, 0x0301 /* acute, combining */,
		0x03A9 /* Ω */, 0x0416 /* Ж */, 0x0512 /* Ԓ */,
		0x0531 /* Ա */, 0x10D0 /* ა */, 0x1EA1 /* ạ */, 0x1F00 /* ἀ */,
		0x2014 /* — */, 0x2026 /* … */, 0x20AC /* € */, 0x2122 /* ™ */,
		0x2192 /* → */, 0x2264 /* ≤ */, 0x2460 /* ① */, 0x2502 /* │ */,
		0x25CF /* ● */, 0x26A0 /* ⚠ */, 0x2713 /* ✓ */, 0xA78B /* Ꞌ */,
		0xFB01 /* ﬁ */, 0xFFFD
	};
	static const HPDF_UINT16 left_out[] = {
		0x05D0 /* Hebrew alef */, 0x0627 /* Arabic alef */,
		0x2801 /* Braille */, 0x1401 /* Canadian syllabics */
	};
	char		 path[512];
	HPDF_Doc	 doc;
	HPDF_FontDef	 def;
	size_t		 f, i;

	for (f = 0; f < sizeof(faces) / sizeof(faces[0]); f++) {
		snprintf(path, sizeof(path), "%s/%s", t_font_dir(), faces[f]);
		doc = HPDF_New(NULL, NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
		def = HPDF_GetTTFontDefFromFile(doc, path, HPDF_FALSE);
		CU_ASSERT_PTR_NOT_NULL_FATAL(def);
		for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
			if (HPDF_TTFontDef_GetGlyphid(def, kept[i]) == 0)
				fprintf(stderr, "%s: no glyph for U+%04X\n",
				    faces[f], kept[i]);
			CU_ASSERT_NOT_EQUAL(
			    HPDF_TTFontDef_GetGlyphid(def, kept[i]), 0);
		}
		for (i = 0; i < sizeof(left_out) / sizeof(left_out[0]); i++)
			CU_ASSERT_EQUAL(
			    HPDF_TTFontDef_GetGlyphid(def, left_out[i]), 0);
		HPDF_FontDef_Free(def);	/* not the document's: ours */
		HPDF_Free(doc);
	}
}

/*
 * Text copies as what was written: poppler reads every font's /ToUnicode
 * CMap without a warning (libharu's own made it warn twice a page) and
 * extracts characters beyond ASCII as they were given.
 */
static void
text_maps_back_to_unicode(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out, text;
	int		 pages;

	if (!t_have_tool("pdftotext"))
		return;
	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pdf_heading(p, 1, "\xce\xa9mega \xe2\x80\x94 \xc5\x81\xc3\xb3" "d\xc5\xba");
	pdf_paragraph(p, "Risk \xe2\x86\x92 treatment \xe2\x9c\x93, "
	    "\xd0\x96\xd1\x83\xd0\xba, 25\xc2\xa0%.");
	buf_init(&out, 0);
	CU_ASSERT_EQUAL_FATAL(pdf_finish(p, &out, &pages), ERR_OK);
	pdf_free(p);
	CU_ASSERT_FATAL(t_pipe_pdf(&out, "pdftotext -enc UTF-8", "- 2>&1",
	    &text));
	buf_free(&out);
	CU_ASSERT_PTR_NULL(strstr(text.data, "Syntax Warning"));
	CU_ASSERT_PTR_NULL(strstr(text.data, "ToUnicode"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text.data,
	    "\xce\xa9mega \xe2\x80\x94 \xc5\x81\xc3\xb3" "d\xc5\xba"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text.data, "Risk \xe2\x86\x92 treatment "
	    "\xe2\x9c\x93, \xd0\x96\xd1\x83\xd0\xba"));
	buf_free(&text);
}

/* The 0-based page of the first occurrence of what in text, or -1. */
static int
t_page_of(const char *text, const char *what)
{
	const char	*at = strstr(text, what), *s;
	int		 page = 0;

	if (at == NULL)
		return -1;
	for (s = text; s < at; s++)
		if (*s == '\f')
			page++;
	return page;
}

/*
 * A heading starts on the page of what follows it: after any amount of
 * text before it, a heading and the table under it (header and a tall
 * first row), or a heading and a chart, share a page.
 */
static void
heading_stays_with_what_follows(void)
{
	static const struct pdf_column cols[] = {
		{ "Control", 60, 0, PDF_ALIGN_LEFT },
		{ "Evidence", 0, 1, PDF_ALIGN_LEFT }
	};
	const char	*row[2] = {
		"FIRSTROW", "one\ntwo\nthree\nfour\nfive\nsix\nseven"
	};
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out;
	char		*text;
	int		 k, i, pages, image;

	if (!t_have_tool("pdftotext"))
		return;
	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (image = 0; image < 2; image++)
		for (k = 20; k < 46; k++) {
			CU_ASSERT_EQUAL_FATAL(pdf_reset(p, &o), ERR_OK);
			for (i = 0; i < k; i++)
				pdf_paragraph(p, "Filler line.");
			pdf_heading(p, 2, "Target heading");
			if (image)
				pdf_canvas(p, 400, 300, t_draw_bars,
				    (void *)(uintptr_t)"CHARTLABEL");
			else {
				pdf_table_begin(p, cols, 2, 0);
				pdf_table_row(p, row, NULL);
				pdf_table_end(p);
			}
			buf_init(&out, 0);
			CU_ASSERT_EQUAL_FATAL(pdf_finish(p, &out, &pages), ERR_OK);
			text = t_pdftotext(&out);
			CU_ASSERT_PTR_NOT_NULL_FATAL(text);
			if (!image) {
				CU_ASSERT_EQUAL(t_page_of(text, "Target heading"),
				    t_page_of(text, "FIRSTROW"));
			} else {
				CU_ASSERT_EQUAL(t_page_of(text, "Target heading"),
				    t_page_of(text, "CHARTLABEL"));
			}
			buf_free(&out);
			free(text);
		}
	pdf_free(p);
}

/* ---- vector charts (chart_pdf.c) drawn into a document ---- */

/* Design 75 % and 25 %, assured 25 % and 100 %: bars of known ratios. */
static const struct chart_coverage_row t_cov[] = {
	{ "ISO 27001:2022", 0.75, 0.25 },
	{ "ISO 27018", 0.25, 1.0 },
};

/* A one-page document holding the coverage chart above, w x h. */
static enum err
t_chart_doc(struct buf *out, int w, int h)
{
	struct chart_data	 d;
	struct pdf_opts		 o;
	struct pdf		*p;
	enum err		 e;

	memset(&d, 0, sizeof(d));
	d.kind = CHART_COVERAGE;
	d.subtitle = "Acme Cloud GmbH, as of 2026-06-30";
	d.coverage = t_cov;
	d.n = 2;
	t_opts(&o, T_PDF_TIME);
	if ((p = pdf_new(&o)) == NULL)
		return ERR_NOMEM;
	pdf_heading(p, 1, "Coverage");
	e = chart_pdf(p, &d, w, h);
	if (e == ERR_OK)
		e = pdf_finish(p, out, NULL);
	pdf_free(p);
	return e;
}

/* Inflates n bytes of a FlateDecode stream into out. */
static bool
t_inflate(const unsigned char *in, size_t n, struct buf *out)
{
	z_stream	 z;
	unsigned char	 chunk[16384];
	int		 rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return false;
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		buf_append(out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc == Z_OK);
	inflateEnd(&z);
	return rc == Z_STREAM_END && !buf_failed(out);
}

/*
 * Finds object num's dictionary in the PDF d, len bytes (libharu writes
 * "num 0 obj" at the start of a line); false when it is not there.
 */
static bool
t_object(const unsigned char *d, size_t len, uint32_t num,
    struct pdflex_dict *dict)
{
	char		 key[32];
	const char	*at;
	int		 n;

	n = snprintf(key, sizeof(key), "\n%u 0 obj", (unsigned)num);
	if ((at = memmem(d, len, key, (size_t)n)) == NULL)
		return false;
	return pdflex_dict(d, len, (size_t)(at - (const char *)d) + (size_t)n,
	    dict);
}

/* The integer that object num of the PDF d, len bytes, holds. */
static bool
t_int_object(const unsigned char *d, size_t len, uint32_t num, uint64_t *v)
{
	struct pdflex_span	 sp;
	char			 key[32];
	const char		*at;
	size_t			 pos;
	int			 n;

	n = snprintf(key, sizeof(key), "\n%u 0 obj", (unsigned)num);
	if ((at = memmem(d, len, key, (size_t)n)) == NULL)
		return false;
	pos = pdflex_skip_ws(d, len, (size_t)(at - (const char *)d) +
	    (size_t)n);
	sp.off = pos;
	sp.len = pdflex_token_end(d, len, pos) - pos;
	return pdflex_uint(d, sp, len, v);
}

/*
 * The decompressed content stream of the first page of the PDF in b,
 * found through the page's /Contents: the drawing operators as written.
 */
static bool
t_first_page_content(const struct buf *b, struct buf *content)
{
	const unsigned char		*d = (const unsigned char *)b->data;
	const struct pdflex_entry	*e;
	struct pdflex_dict		 dict;
	const char			*at;
	uint64_t			 slen;
	uint32_t			 num, gen;
	size_t				 pos;

	/* The first "/Type /Page" that is not "/Pages". */
	at = b->data;
	for (;;) {
		at = memmem(at, b->len - (size_t)(at - b->data), "/Type /Page",
		    11);
		if (at == NULL)
			return false;
		at += 11;
		if (*at != 's')
			break;
	}
	/* Its dictionary starts at the last "<<" before it. */
	for (pos = (size_t)(at - b->data); pos > 1; pos--)
		if (d[pos - 2] == '<' && d[pos - 1] == '<')
			break;
	if (pos <= 1 || !pdflex_dict(d, b->len, pos - 2, &dict) ||
	    (e = pdflex_dict_get(d, &dict, "/Contents")) == NULL ||
	    !pdflex_ref(d, e->val, &num, &gen) ||
	    !t_object(d, b->len, num, &dict) ||
	    (e = pdflex_dict_get(d, &dict, "/Length")) == NULL)
		return false;
	/* libharu writes the length as an object of its own. */
	if (pdflex_ref(d, e->val, &num, &gen)) {
		if (!t_int_object(d, b->len, num, &slen))
			return false;
	} else if (!pdflex_uint(d, e->val, b->len, &slen))
		return false;
	pos = pdflex_skip_ws(d, b->len, dict.end);
	if (b->len - pos < 7 || memcmp(d + pos, "stream", 6) != 0)
		return false;
	pos += 6;
	if (d[pos] == '\r')
		pos++;
	if (d[pos] != '\n' || b->len - pos - 1 < slen)
		return false;
	return t_inflate(d + pos + 1, (size_t)slen, content);
}

/* A filled rectangle as the content stream draws it, in points. */
struct t_rect {
	double	x, y, w, h;
	double	rgb[3];		/* the fill colour at its "re" */
};

/*
 * Reads the operators of a content stream: every "re" with the fill
 * colour then set by "rg" (the chart back end sets a path's colour
 * before the path), up to max of them; returns how many; and counts
 * the text-showing operators in *shows.
 */
static size_t
t_rects(const struct buf *content, struct t_rect *r, size_t max,
    size_t *shows)
{
	const unsigned char	*c = (const unsigned char *)content->data;
	struct pdflex_span	 sp;
	double			 num[8], fill[3] = { 0, 0, 0 };
	char			 tok[64], *end;
	size_t			 len = content->len, pos = 0, tend, n = 0;
	size_t			 nnum = 0, i;

	*shows = 0;
	while ((pos = pdflex_skip_ws(c, len, pos)) < len) {
		if (c[pos] == '(' || c[pos] == '<' || c[pos] == '[') {
			if (!pdflex_value(c, len, pos, &sp))
				return n;
			pos = sp.off + sp.len;
			nnum = 0;
			continue;
		}
		if (c[pos] == '/')
			pos++;
		if ((tend = pdflex_token_end(c, len, pos)) == pos) {
			pos++;
			continue;
		}
		snprintf(tok, sizeof(tok), "%.*s", (int)(tend - pos),
		    (const char *)c + pos);
		pos = tend;
		num[nnum % 8] = strtod(tok, &end);
		if (*end == '\0' && end != tok) {
			nnum++;
			continue;
		}
		if (strcmp(tok, "rg") == 0 && nnum >= 3)
			for (i = 0; i < 3; i++)
				fill[i] = num[(nnum - 3 + i) % 8];
		else if (strcmp(tok, "re") == 0 && nnum >= 4 && n < max) {
			r[n].x = num[(nnum - 4) % 8];
			r[n].y = num[(nnum - 3) % 8];
			r[n].w = num[(nnum - 2) % 8];
			r[n].h = num[(nnum - 1) % 8];
			memcpy(r[n].rgb, fill, sizeof(fill));
			n++;
		} else if (strcmp(tok, "Tj") == 0 || strcmp(tok, "TJ") == 0)
			(*shows)++;
		nnum = 0;
	}
	return n;
}

static bool
t_rgb_is(const double rgb[3], unsigned c)
{
	return fabs(rgb[0] - ((c >> 16) & 0xff) / 255.0) < 0.004 &&
	    fabs(rgb[1] - ((c >> 8) & 0xff) / 255.0) < 0.004 &&
	    fabs(rgb[2] - (c & 0xff) / 255.0) < 0.004;
}

/*
 * The PDF back end draws bars as paths to scale, read back from the
 * page's own drawing operators: the 75 % bar is three times as long as
 * the 25 % bar, the 100 % four times the 25 %, all from one axis.  The
 * page holds no image.
 */
static void
vector_chart_bars_to_scale(void)
{
	struct t_rect	 r[256], blue[4], orange[4];
	struct buf	 out, content;
	size_t		 n, i, nb = 0, no = 0, shows;

	buf_init(&out, 0);
	buf_init(&content, 0);
	/* 800 units shrink to the body's width: the scale is not 1. */
	CU_ASSERT_EQUAL_FATAL(t_chart_doc(&out, 800, 500), ERR_OK);
	CU_ASSERT_PTR_NULL(memmem(out.data, out.len, "/Subtype /Image", 15));
	CU_ASSERT_FATAL(t_first_page_content(&out, &content));
	n = t_rects(&content, r, 256, &shows);
	/* The first rectangle is the chart's clip: the body's width. */
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT(fabs(r[0].w - PDF_BODY_WIDTH) < 0.01);
	CU_ASSERT(fabs(r[0].h - PDF_BODY_WIDTH * 500 / 800) < 0.01);
	for (i = 0; i < n; i++) {
		/* Bars are longer than high; the legend's swatches are not. */
		if (r[i].w < 2 * r[i].h)
			continue;
		if (t_rgb_is(r[i].rgb, 0x0072B2) && nb < 4)
			blue[nb++] = r[i];
		if (t_rgb_is(r[i].rgb, 0xE69F00) && no < 4)
			orange[no++] = r[i];
	}
	CU_ASSERT_EQUAL_FATAL(nb, 2);		/* design: 75 %, 25 % */
	CU_ASSERT_EQUAL_FATAL(no, 2);		/* assured: 25 %, 100 % */
	CU_ASSERT(blue[1].w > 80);		/* a bar, not a sliver */
	CU_ASSERT(fabs(blue[0].w / blue[1].w - 3.0) < 0.03);
	CU_ASSERT(fabs(orange[1].w / orange[0].w - 4.0) < 0.04);
	/* Each end is on a whole unit: a unit of rounding either way. */
	CU_ASSERT(fabs(blue[0].w - 3 * orange[0].w) <= 1.5 * r[0].w / 800);
	CU_ASSERT(fabs(blue[0].x - blue[1].x) < 0.01);
	CU_ASSERT(fabs(orange[0].x - blue[0].x) < 0.01);
	/* Inside the chart's box. */
	for (i = 0; i < 2; i++) {
		CU_ASSERT(blue[i].x > r[0].x &&
		    blue[i].x + blue[i].w < r[0].x + r[0].w);
		CU_ASSERT(blue[i].y > r[0].y &&
		    blue[i].y + blue[i].h < r[0].y + r[0].h);
	}
	/* Design above assured in each group (PDF's y grows upwards). */
	CU_ASSERT(blue[0].y > orange[0].y && orange[0].y > blue[1].y);
	CU_ASSERT(shows >= 10);			/* the chart's text */
	buf_free(&content);
	buf_free(&out);
}

/*
 * The chart's words are text: pdftotext finds the title, subtitle, the
 * legend, the axis titles, the tick labels and the values.  The same
 * chart gives the same bytes.
 */
static void
vector_chart_text_is_text(void)
{
	static const char *const want[] = {
		"Coverage by target framework",
		"Acme Cloud GmbH, as of 2026-06-30",
		"Design coverage", "Assured coverage",
		"Coverage (%)", "Target framework",
		"ISO 27001:2022", "ISO 27018",
		"75.0 %", "100.0 %", "40 %",
		NULL
	};
	struct buf	 out, again;
	char		*text;

	buf_init(&out, 0);
	buf_init(&again, 0);
	CU_ASSERT_EQUAL_FATAL(t_chart_doc(&out, 480, 260), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(t_chart_doc(&again, 480, 260), ERR_OK);
	CU_ASSERT_EQUAL(out.len, again.len);
	CU_ASSERT(out.len == again.len &&
	    memcmp(out.data, again.data, out.len) == 0);
	if (t_have_tool("pdftotext")) {
		text = t_pdftotext(&out);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		t_assert_holds_all("vector chart", text, want);
		free(text);
	}
	buf_free(&again);
	buf_free(&out);
}

/*
 * Labels are data: a character libharu's encoder cannot write (above
 * U+CFFF, here U+1F600) is set as '?', as in the rest of the document,
 * and a label too long for its column is cut with an ellipsis measured
 * in the embedded font.
 */
static void
vector_chart_odd_labels(void)
{
	static const struct chart_coverage_row rows[] = {
		{ "Smile \xf0\x9f\x98\x80 framework", 0.5, 0.5 },
		{ "A framework whose name is far too long for its column",
		    0.5, 0.25 },
	};
	static const char *const want[] = {
		"Smile ? framework", "A framework whose", "\xe2\x80\xa6", NULL
	};
	struct chart_data	 d;
	struct pdf_opts		 o;
	struct pdf		*p;
	struct buf		 out;
	char			*text;

	memset(&d, 0, sizeof(d));
	d.kind = CHART_COVERAGE;
	d.coverage = rows;
	d.n = 2;
	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(chart_pdf(p, &d, 480, 260), ERR_OK);
	buf_init(&out, 0);
	CU_ASSERT_EQUAL_FATAL(pdf_finish(p, &out, NULL), ERR_OK);
	pdf_free(p);
	if (t_have_tool("pdftotext")) {
		text = t_pdftotext(&out);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		t_assert_holds_all("odd labels", text, want);
		CU_ASSERT_PTR_NULL(strstr(text, "for its column"));
		free(text);
	}
	buf_free(&out);
}

/*
 * Bad chart data is refused before the document is touched, so a report
 * can say in words that there is no chart; a failed document is
 * reported, not drawn on.
 */
static void
vector_chart_errors(void)
{
	struct chart_data	 d;
	struct pdf_opts		 o;
	struct pdf		*p;
	struct buf		 out;
	int			 pages = 0;

	memset(&d, 0, sizeof(d));
	d.kind = CHART_COVERAGE;
	d.coverage = NULL;
	d.n = 2;
	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(chart_pdf(p, &d, 480, 260), ERR_INVALID);
	d.coverage = t_cov;
	CU_ASSERT_EQUAL(chart_pdf(p, &d, 10, 260), ERR_INVALID);
	CU_ASSERT_EQUAL(chart_pdf(NULL, &d, 480, 260), ERR_INVALID);
	CU_ASSERT_EQUAL(pdf_error(p), ERR_OK);
	pdf_paragraph(p, "Text.");
	buf_init(&out, 0);
	CU_ASSERT_EQUAL(pdf_finish(p, &out, &pages), ERR_OK);
	CU_ASSERT_EQUAL(pages, 1);
	CU_ASSERT_PTR_NULL(memmem(out.data, out.len, " re\n", 4));
	buf_free(&out);

	/* A document that has failed stays failed. */
	o.font_dir = "/nonexistent";
	CU_ASSERT_NOT_EQUAL(pdf_reset(p, &o), ERR_OK);
	CU_ASSERT_NOT_EQUAL(chart_pdf(p, &d, 480, 260), ERR_OK);
	pdf_free(p);
}

/*
 * The inflated length of the stream of object "id 0 obj" in b, or -1.
 * Its /Length may be direct or a reference; enough for libharu's output.
 */
static long
t_stream_length(const struct buf *b, long id)
{
	char		 key[32], *q;
	const char	*s, *end = b->data + b->len;
	unsigned char	*out;
	uLongf		 outlen = 1 << 20;
	uLong		 inlen;
	long		 len, ref;
	int		 n;

	n = snprintf(key, sizeof(key), "\n%ld 0 obj", id);
	if ((s = memmem(b->data, b->len, key, (size_t)n)) == NULL ||
	    (s = memmem(s, end - s, "/Length ", 8)) == NULL)
		return -1;
	len = strtol(s + 8, &q, 10);
	if (strncmp(q, " 0 R", 4) == 0) {
		ref = len;
		n = snprintf(key, sizeof(key), "\n%ld 0 obj", ref);
		if ((q = memmem(b->data, b->len, key, (size_t)n)) == NULL)
			return -1;
		len = strtol(q + n, NULL, 10);
	}
	if ((s = memmem(s, end - s, "stream", 6)) == NULL)
		return -1;
	s += 6;
	s += *s == '\r' ? 2 : 1;
	inlen = (uLong)len;
	if (len <= 0 || s + len > end || (out = malloc(outlen)) == NULL)
		return -1;
	n = uncompress2(out, &outlen, (const Bytef *)s, &inlen);
	free(out);
	return n == Z_OK ? (long)outlen : -1;
}

/* The width of the first word w in pdftotext -bbox's output, or -1. */
static double
t_word_width(const char *html, const char *w)
{
	char		 key[64];
	const char	*s, *e;
	double		 x0, x1;

	snprintf(key, sizeof(key), ">%s</word>", w);
	if ((e = strstr(html, key)) == NULL)
		return -1;
	for (s = e; s > html && strncmp(s, "<word ", 6) != 0; s--)
		;
	if (sscanf(s, "<word xMin=\"%lf\" yMin=\"%*f\" xMax=\"%lf\"", &x0,
	    &x1) != 2)
		return -1;
	return x1 - x0;
}

/*
 * Each font's character-to-glyph map covers the codes the document uses,
 * not all 65,535 (128 KiB inflated, in every document), and the widths
 * kept with it still place the glyphs: a word of four W is far wider
 * than one of four i.
 */
static void
font_maps_cover_the_text_used(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 out, bbox;
	const char	*s;
	long		 id, len;
	double		 wide, narrow;
	int		 pages, maps = 0;

	memset(&o, 0, sizeof(o));
	o.font_dir = t_font_dir();
	o.title = "Plain";
	o.organisation = "Org";
	o.footer = "R-1";
	o.generated = T_PDF_TIME;
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pdf_heading(p, 1, "Widths");
	pdf_paragraph(p, "WWWW iiii");
	buf_init(&out, 0);
	CU_ASSERT_EQUAL_FATAL(pdf_finish(p, &out, &pages), ERR_OK);
	pdf_free(p);
	for (s = out.data; (s = memmem(s, out.data + out.len - s,
	    "/CIDToGIDMap ", 13)) != NULL; s += 13) {
		id = strtol(s + 13, NULL, 10);
		len = t_stream_length(&out, id);
		/* ASCII text only: codes below 128, two bytes each. */
		CU_ASSERT(len >= 2 * ('i' + 1) && len <= 256);
		maps++;
	}
	CU_ASSERT_EQUAL(maps, 2);	/* regular and bold */
	if (t_have_tool("pdftotext")) {
		CU_ASSERT_FATAL(t_pipe_pdf(&out, "pdftotext -q -bbox", "-",
		    &bbox));
		wide = t_word_width(bbox.data, "WWWW");
		narrow = t_word_width(bbox.data, "iiii");
		CU_ASSERT(narrow > 0);
		CU_ASSERT(wide > 3 * narrow);
		buf_free(&bbox);
	}
	buf_free(&out);
}

/*
 * One struct pdf makes any number of documents: the fonts, their
 * code-to-glyph tables and libharu's document are kept and reused, and
 * the twentieth document is byte for byte the first (the unit tests run
 * under valgrind in scripts/test, which would report what leaked).
 */
static void
many_documents_one_struct(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 first, next;
	int		 pages, i;

	t_opts(&o, T_PDF_TIME);
	p = pdf_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	buf_init(&first, 0);
	CU_ASSERT_EQUAL_FATAL(t_build(p, &first, &pages), ERR_OK);
	for (i = 0; i < 20; i++) {
		buf_init(&next, 0);
		CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
		CU_ASSERT_EQUAL(t_build(p, &next, &pages), ERR_OK);
		CU_ASSERT_TRUE(next.len == first.len &&
		    memcmp(next.data, first.data, first.len) == 0);
		buf_free(&next);
	}
	pdf_free(p);
	buf_free(&first);
}

/*
 * The per-process glyph table of each report face is libharu's own
 * lookup of every code, only computed in one pass, and its width table
 * the widths libharu's text measure adds up: code by code the same.
 */
static void
glyph_table_is_libharus_lookup(void)
{
	static const char *const faces[] = { "DejaVuSans.ttf",
	    "DejaVuSans-Bold.ttf" };
	char		 path[4096];
	const char	*name;
	HPDF_Doc	 doc;
	HPDF_FontDef	 def;
	HPDF_UINT16	*g;
	int16_t		*w;
	unsigned	 c, differ, mapped, wdiffer;
	size_t		 k;

	for (k = 0; k < sizeof(faces) / sizeof(faces[0]); k++) {
		snprintf(path, sizeof(path), "%s/%s", t_font_dir(), faces[k]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(doc = HPDF_New(NULL, NULL));
		HPDF_UseUTFEncodings(doc);
		name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		CU_ASSERT_PTR_NOT_NULL_FATAL(def = HPDF_GetFontDef(doc, name));
		CU_ASSERT_PTR_NOT_NULL_FATAL(g = pdf_cmap_glyphs(doc, name));
		CU_ASSERT_PTR_NOT_NULL_FATAL(w = pdf_cmap_widths(doc, name, g));
		differ = mapped = wdiffer = 0;
		for (c = 0; c < PDF_CMAP_CODES - 1; c++) {
			if (g[c] != HPDF_TTFontDef_GetGlyphid(def,
			    (HPDF_UINT16)c))
				differ++;
			if (g[c] != 0)
				mapped++;
			if (w[c] != HPDF_TTFontDef_GetCharWidth(def,
			    (HPDF_UINT16)c))
				wdiffer++;
		}
		CU_ASSERT_EQUAL(differ, 0);
		CU_ASSERT_EQUAL(wdiffer, 0);
		CU_ASSERT(w['M'] > w['i']);
		CU_ASSERT_EQUAL(g[PDF_CMAP_CODES - 1], 0);
		/* Latin, Greek, arrows and the rest of what the cut keeps. */
		CU_ASSERT(mapped > 1000);
		free(w);
		free(g);
		HPDF_Free(doc);
	}
}

/*
 * The content writer (pdf_ops.c) writes numbers with at most three
 * decimals and no trailing zeros, does not set again a colour, line or
 * font already set (until Q restores what q saved), and escapes the
 * bytes of a literal string that would end or change it.
 */
static void
content_writer_short_and_escaped(void)
{
	static const uint16_t	 codes[] = { 0x0041, 0x0028, 0x295C, 0x0D29 };
	static const char	 want[] =
	    "0.12 0.5 1 rg\n"
	    "0.5 w\n"
	    "56.693 -3.001 m\n"
	    "100 0 l\n"
	    "S\n"
	    "q\n"
	    "0 0 0 rg\n"
	    "/F1 9.5 Tf\n"
	    "BT\n10 20 Td\n(\0A\0\\(\\)\\\\\\r\\))Tj\nET\n"
	    "Q\n"
	    "/F1 9.5 Tf\n"
	    "BT\n0 1 -1 0 1.5 2 Tm\n(\0A)Tj\nET\n";
	struct pdf_ops	 o;

	pdf_ops_init(&o);
	pdf_ops_fill(&o, 0.12, 0.5, 1.0);
	pdf_ops_fill(&o, 0.1200001, 0.5, 1.0);	/* the same, as written */
	pdf_ops_line_width(&o, 0.5);
	pdf_ops_line_width(&o, 0.5);
	pdf_ops_move(&o, 56.693, -3.0005);
	pdf_ops_line(&o, 100.0, 0.0);
	pdf_ops_paint(&o, PDF_OPS_STROKE);
	pdf_ops_save(&o);
	pdf_ops_fill(&o, 0, 0, 0);
	pdf_ops_font(&o, 0, "F1", 9.5);
	pdf_ops_font(&o, 0, "F1", 9.5);
	pdf_ops_text(&o, 10, 20, false, codes, 4);
	pdf_ops_restore(&o);
	/* After Q the font is unknown again; the fill is what q saved. */
	pdf_ops_fill(&o, 0.12, 0.5, 1.0);
	pdf_ops_font(&o, 0, "F1", 9.5);
	pdf_ops_text(&o, 1.5, 2, true, codes, 1);
	CU_ASSERT_FALSE(pdf_ops_failed(&o));
	CU_ASSERT_EQUAL(o.b.len, sizeof(want) - 1);
	CU_ASSERT(o.b.len == sizeof(want) - 1 &&
	    memcmp(o.b.data, want, o.b.len) == 0);
	/* An unbalanced Q, a bad number: the stream is not to be used. */
	pdf_ops_restore(&o);
	CU_ASSERT_TRUE(pdf_ops_failed(&o));
	pdf_ops_reset(&o);
	CU_ASSERT_FALSE(pdf_ops_failed(&o));
	pdf_ops_move(&o, NAN, 0);
	CU_ASSERT_TRUE(pdf_ops_failed(&o));
	pdf_ops_free(&o);
}

/* A document showing glyphs t_build() does not. */
static enum err
t_build_other(struct pdf *p, struct buf *out)
{
	pdf_heading(p, 1, "\xce\xa9 \xce\xbb \xe2\x86\x92 Other glyphs");
	pdf_paragraph(p, "\xc3\x86sthetik, \xc3\x9f and \xc3\xb8.");
	return pdf_finish(p, out, NULL);
}

/*
 * The font subsets annexa deflates once and keeps (pdf.c): a document
 * made after one showing other glyphs, after one showing the same, and
 * on a fresh struct pdf, is the same bytes; and the other document's
 * text is all there.
 */
static void
subset_kept_or_made_same_bytes(void)
{
	struct pdf_opts	 o;
	struct pdf	*p;
	struct buf	 alone, after_other, again, other;
	char		*text;
	int		 pages;

	t_opts(&o, T_PDF_TIME);
	buf_init(&alone, 0);
	buf_init(&after_other, 0);
	buf_init(&again, 0);
	buf_init(&other, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = pdf_new(&o));
	CU_ASSERT_EQUAL_FATAL(t_build(p, &alone, &pages), ERR_OK);
	pdf_free(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = pdf_new(&o));
	CU_ASSERT_EQUAL_FATAL(t_build_other(p, &other), ERR_OK);
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(t_build(p, &after_other, &pages), ERR_OK);
	CU_ASSERT_EQUAL(pdf_reset(p, &o), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(t_build(p, &again, &pages), ERR_OK);
	pdf_free(p);
	CU_ASSERT_TRUE(after_other.len == alone.len &&
	    memcmp(after_other.data, alone.data, alone.len) == 0);
	CU_ASSERT_TRUE(again.len == alone.len &&
	    memcmp(again.data, alone.data, alone.len) == 0);
	if (t_have_tool("pdftotext")) {
		text = t_pdftotext(&other);
		CU_ASSERT_PTR_NOT_NULL_FATAL(text);
		CU_ASSERT_PTR_NOT_NULL(strstr(text,
		    "\xce\xa9 \xce\xbb \xe2\x86\x92 Other glyphs"));
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "\xc3\x86sthetik"));
		free(text);
	}
	buf_free(&alone);
	buf_free(&after_other);
	buf_free(&again);
	buf_free(&other);
}

static const struct unit_test tests[] = {
	{ "builds a structured document", builds_a_document },
	{ "same input and time, same bytes", same_input_same_bytes },
	{ "text, headers and footers as poppler reads them",
	    text_as_poppler_reads_it },
	{ "a row taller than a page is cut and continued",
	    tall_row_is_cut_and_continued },
	{ "missing fonts fail cleanly", missing_fonts_fail_cleanly },
	{ "the first error sticks", first_error_sticks },
	{ "limits are enforced", limits_are_enforced },
	{ "bad text and options", bad_text_and_options },
	{ "text maps back to Unicode", text_maps_back_to_unicode },
	{ "a heading stays with what follows it",
	    heading_stays_with_what_follows },
	{ "the report fonts cover what fonts/coverage.txt keeps",
	    fonts_cover_what_coverage_keeps },
	{ "a vector chart's bars are drawn to scale",
	    vector_chart_bars_to_scale },
	{ "a vector chart's text is text", vector_chart_text_is_text },
	{ "a vector chart refuses bad data, keeps errors",
	    vector_chart_errors },
	{ "a vector chart's odd labels", vector_chart_odd_labels },
	{ "font maps cover the text used, widths kept",
	    font_maps_cover_the_text_used },
	{ "twenty documents from one struct pdf, same bytes",
	    many_documents_one_struct },
	{ "the content writer: short numbers, state once, escaped strings",
	    content_writer_short_and_escaped },
	{ "a kept font subset gives the same bytes as one made anew",
	    subset_kept_or_made_same_bytes },
	{ "the glyph and width tables are libharu's, code by code",
	    glyph_table_is_libharus_lookup },
	{ NULL, NULL }
};

int
suite_pdf(void)
{
	return add_suite("pdf", tests);
}
