#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "pdf.h"
#include "tests.h"
#include "xlsx.h"

/*
 * Writes a small workbook under dir, created at t, into out; returns
 * xlsx_finish()'s answer.  bad_name starts the second sheet with a name
 * Excel refuses.
 */
static enum err
small_workbook(const char *dir, time_t t, bool bad_name, struct buf *out)
{
	static const char *const head[] = { "Text", "Date", "Share", "Count" };
	struct xlsx_opts	 o;
	struct xlsx_cell	 row[4];
	struct xlsx		*x;

	memset(&o, 0, sizeof(o));
	o.title = "t";
	o.created = t;
	o.tmpdir = dir;
	if ((x = xlsx_new(&o)) == NULL)
		return ERR_NOMEM;
	xlsx_sheet(x, "One", head, 4);
	row[0] = xlsx_text("=1+1");
	row[1] = xlsx_date("2026-06-30");
	row[2] = xlsx_fill(xlsx_pct(0.4375, true), PDF_FILL_GOOD);
	row[3] = xlsx_int(7);
	xlsx_row(x, row, 4);
	row[1] = xlsx_date(NULL);
	xlsx_row(x, row, 4);
	CU_ASSERT_EQUAL(xlsx_rows(x), 2);
	xlsx_sheet(x, bad_name ? "Bad[name]" : "Two", head, 1);
	xlsx_row(x, row, 1);
	return xlsx_finish(x, out);
}

/* True when dir holds no entry but . and .. (the temporary file is gone). */
static bool
dir_empty(const char *dir)
{
	char	cmd[512];

	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s')\"", dir);
	return system(cmd) == 0;
}

static void
same_input_same_bytes(void)
{
	char		 dir[] = "/tmp/annexa-t-xlsx-XXXXXX";
	struct buf	 a, b, c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&c, 0);
	CU_ASSERT_EQUAL(small_workbook(dir, 1782820800, false, &a), ERR_OK);
	CU_ASSERT_EQUAL(small_workbook(dir, 1782820800, false, &b), ERR_OK);
	CU_ASSERT_EQUAL(small_workbook(dir, 1782907200, false, &c), ERR_OK);
	CU_ASSERT(a.len > 1000);
	CU_ASSERT(a.len >= 4 && memcmp(a.data, "PK\x03\x04", 4) == 0);
	CU_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	/* The creation time is the caller's, not the clock's. */
	CU_ASSERT(a.len != c.len || memcmp(a.data, c.data, a.len) != 0);
	CU_ASSERT(dir_empty(dir));
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	rmdir(dir);
}

static void
first_error_sticks(void)
{
	char		 dir[] = "/tmp/annexa-t-xlsx-XXXXXX";
	const char	*many[XLSX_COLS_MAX + 1];
	struct xlsx_opts o;
	struct xlsx	*x;
	struct buf	 out;
	size_t		 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	buf_init(&out, 0);
	/* A sheet name Excel refuses fails the workbook; nothing comes out. */
	CU_ASSERT_NOT_EQUAL(small_workbook(dir, 0, true, &out), ERR_OK);
	CU_ASSERT_EQUAL(out.len, 0);
	CU_ASSERT(dir_empty(dir));
	/* Too many columns, and a row before any sheet. */
	for (i = 0; i <= XLSX_COLS_MAX; i++)
		many[i] = "c";
	memset(&o, 0, sizeof(o));
	o.tmpdir = dir;
	x = xlsx_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	xlsx_sheet(x, "Wide", many, XLSX_COLS_MAX + 1);
	CU_ASSERT_NOT_EQUAL(xlsx_error(x), ERR_OK);
	CU_ASSERT_NOT_EQUAL(xlsx_finish(x, &out), ERR_OK);
	CU_ASSERT_EQUAL(out.len, 0);
	x = xlsx_new(&o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	xlsx_row(x, NULL, 0);
	CU_ASSERT_NOT_EQUAL(xlsx_error(x), ERR_OK);
	xlsx_free(x);
	CU_ASSERT(dir_empty(dir));
	/* No directory to write in: no workbook. */
	o.tmpdir = "/nonexistent/annexa";
	CU_ASSERT_PTR_NULL(xlsx_new(&o));
	buf_free(&out);
	rmdir(dir);
}

static void
fills_are_the_pdf_palette(void)
{
	CU_ASSERT_EQUAL(pdf_fill_rgb24(PDF_FILL_NONE), 0xFFFFFFu);
	CU_ASSERT_EQUAL(pdf_fill_rgb24(PDF_FILL_GOOD), 0xA6DDCEu);
	CU_ASSERT_EQUAL(pdf_fill_rgb24(PDF_FILL_PARTIAL), 0xF7F097u);
	CU_ASSERT_EQUAL(pdf_fill_rgb24(PDF_FILL_BAD), 0xECB78Cu);
	CU_ASSERT_EQUAL(pdf_fill_rgb24(PDF_FILL_MUTED), 0xE0E3E6u);
	CU_ASSERT_EQUAL(pdf_fill_rgb24(PDF_FILL__MAX), 0xFFFFFFu);
}

static const struct unit_test tests[] = {
	{ "same cells and creation time, same bytes; no file left",
	    same_input_same_bytes },
	{ "the first failure sticks and nothing is written", first_error_sticks },
	{ "status fills are the PDF's palette", fills_are_the_pdf_palette },
	{ NULL, NULL }
};

int
suite_xlsx(void)
{
	return add_suite("xlsx", tests);
}
