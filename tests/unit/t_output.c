#include "config.h"

#include <stdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "esc.h"
#include "http.h"
#include "jw.h"
#include "log.h"
#include "tests.h"

static void
json_escaping(void)
{
	struct buf	b;

	buf_init(&b, 0);
	esc_json(&b, "a\"b\\c\n\t\x01/", 9);
	CU_ASSERT_STRING_EQUAL(b.data, "a\\\"b\\\\c\\n\\t\\u0001/");
	buf_reset(&b);
	/* valid UTF-8 passes; a stray byte becomes U+FFFD */
	esc_json(&b, "\xc3\xa9\xff", 3);
	CU_ASSERT_STRING_EQUAL(b.data, "\xc3\xa9\xef\xbf\xbd");
	buf_reset(&b);
	esc_json(&b, "a\0b", 3);
	CU_ASSERT_STRING_EQUAL(b.data, "a\\u0000b");
	buf_free(&b);
}

static void
json_writer(void)
{
	struct buf	b;
	struct jw	j;

	buf_init(&b, 0);
	jw_init(&j, &b);
	jw_object_open(&j);
	jw_kv_string(&j, "id", "A&A-01");
	jw_kv_int(&j, "n", -3);
	jw_key(&j, "list");
	jw_array_open(&j);
	jw_fixed(&j, 0.43785, 4);
	jw_fixed(&j, 0.5, 4);
	jw_fixed(&j, 1.0, 4);
	jw_null(&j);
	jw_bool(&j, true);
	jw_array_close(&j);
	jw_kv_string(&j, "none", NULL);
	jw_object_close(&j);
	CU_ASSERT_FALSE(buf_failed(&b));
	CU_ASSERT_STRING_EQUAL(b.data, "{\"id\":\"A&A-01\",\"n\":-3,"
	    "\"list\":[0.4379,0.5,1,null,true],\"none\":null}");
	buf_free(&b);
}

/* A page prints a number as the JSON answer does: jw_fixed_text(). */
static void
json_number_text(void)
{
	char	t[JW_FIXED_LEN];

	jw_fixed_text(0.43785, 4, t);
	CU_ASSERT_STRING_EQUAL(t, "0.4379");
	jw_fixed_text(0.5710, 4, t);
	CU_ASSERT_STRING_EQUAL(t, "0.571");
	jw_fixed_text(1.0, 4, t);
	CU_ASSERT_STRING_EQUAL(t, "1");
	jw_fixed_text(-0.00001, 4, t);
	CU_ASSERT_STRING_EQUAL(t, "0");
	jw_fixed_text(NAN, 4, t);
	CU_ASSERT_STRING_EQUAL(t, "null");
}

static void
json_writer_misuse_fails(void)
{
	struct buf	b;
	struct jw	j;

	buf_init(&b, 0);
	jw_init(&j, &b);
	jw_object_open(&j);
	jw_string(&j, "value without key");
	CU_ASSERT_TRUE(buf_failed(&b));
	buf_free(&b);
}

static void
csv_and_header(void)
{
	struct buf	b;

	buf_init(&b, 0);
	esc_csv(&b, "plain", 5);
	buf_putc(&b, '|');
	esc_csv(&b, "a,b", 3);
	buf_putc(&b, '|');
	esc_csv(&b, "say \"hi\"", 8);
	buf_putc(&b, '|');
	esc_csv(&b, "two\nlines", 9);
	buf_putc(&b, '|');
	esc_csv(&b, "", 0);
	CU_ASSERT_STRING_EQUAL(b.data,
	    "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"\"");
	buf_reset(&b);
	esc_header_qs(&b, "gap \"x\"\\\r\n\xc3\xa9.pdf", 16);
	CU_ASSERT_STRING_EQUAL(b.data, "gap \\\"x\\\"\\\\____.pdf");
	buf_free(&b);
}

static void
error_body(void)
{
	struct resp	r;

	http_resp_init(&r);
	http_error(&r, 400, "invalid_parameter", "bad \"date\"", "as_of");
	CU_ASSERT_EQUAL(r.status, 400);
	CU_ASSERT_STRING_EQUAL(r.body.data,
	    "{\"error\":{\"status\":400,\"code\":\"invalid_parameter\","
	    "\"message\":\"bad \\\"date\\\"\",\"field\":\"as_of\"}}\n");
	http_header(&r, "X-Test", "a\r\nInjected: 1");
	CU_ASSERT_STRING_EQUAL(r.headers.data, "X-Test: aInjected: 1\r\n");
	CU_ASSERT_EQUAL(http_status_for(ERR_DB_UNAVAILABLE), 503);
	CU_ASSERT_EQUAL(http_status_for(ERR_INVALID), 400);
	CU_ASSERT_EQUAL(http_status_for(ERR_UNAUTHORIZED), 401);
	http_resp_free(&r);
}

/*
 * A download's file name is one quoted-string whatever it holds: a quote
 * or backslash is escaped, control and non-ASCII bytes become '_', so a
 * name can neither end the parameter early nor split the header.
 */
static void
attachment_names(void)
{
	struct resp	r;

	http_resp_init(&r);
	http_attachment(&r, "gap-acme-ccm-v4-2026-11-30.csv");
	CU_ASSERT_STRING_EQUAL(r.headers.data, "Content-Disposition: "
	    "attachment; filename=\"gap-acme-ccm-v4-2026-11-30.csv\"\r\n");
	buf_reset(&r.headers);
	http_attachment(&r, "a\"; x=\\y\r\nSet-Cookie: s=1\xc3\xa9.pdf");
	CU_ASSERT_STRING_EQUAL(r.headers.data, "Content-Disposition: "
	    "attachment; filename=\"a\\\"; x=\\\\y__Set-Cookie: s=1__.pdf\"\r\n");
	buf_reset(&r.headers);
	http_attachment(&r, NULL);
	CU_ASSERT_EQUAL(r.headers.len, 0);
	http_resp_free(&r);
}

/* Digests and secrets are written as lower-case hex, NUL-terminated. */
static void
hex_digits(void)
{
	static const unsigned char	in[] = { 0x00, 0x0f, 0xa5, 0xff };
	char				out[2 * sizeof(in) + 1];

	memset(out, 'x', sizeof(out));
	esc_hex(in, sizeof(in), out);
	CU_ASSERT_STRING_EQUAL(out, "000fa5ff");
	esc_hex(in, 0, out);
	CU_ASSERT_STRING_EQUAL(out, "");
}

static void
buf_bounded(void)
{
	struct buf	b;

	buf_init(&b, 4);
	buf_puts(&b, "abcd");
	CU_ASSERT_FALSE(buf_failed(&b));
	buf_putc(&b, 'e');
	CU_ASSERT_TRUE(buf_failed(&b));
	CU_ASSERT_EQUAL(b.len, 4);
	buf_printf(&b, "%d", 1);	/* sticky: ignored */
	CU_ASSERT_EQUAL(b.len, 4);
	buf_free(&b);
}

/* Cells a spreadsheet would run as formulas are written as text. */
static void
csv_cells_for_people(void)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "=HYPERLINK(\"http://x\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "+1", "\"'+1\"" },
		{ "-1", "\"'-1\"" },
		{ "@x", "\"'@x\"" },
		{ "\tcmd", "\"'\tcmd\"" },
		{ "\rcmd", "\"'\rcmd\"" },
		{ "A.5.1", "A.5.1" },
		{ "a=b", "a=b" },
		{ "x, -y", "\"x, -y\"" },
		{ "'quoted'", "'quoted'" },
		{ "", "\"\"" },
	};
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		esc_csv_cell(&b, cases[i].in, strlen(cases[i].in));
		CU_ASSERT_STRING_EQUAL(b.data, cases[i].out);
	}
	/* The interchange writer keeps such a field as it is. */
	buf_reset(&b);
	esc_csv(&b, "=1+1", 4);
	CU_ASSERT_STRING_EQUAL(b.data, "=1+1");
	buf_free(&b);
}

static void
log_escaping(void)
{
	char	out[64];
	size_t	n;

	n = esc_log(out, sizeof(out), "GET\nforged 200\r\t\\", 17);
	CU_ASSERT_STRING_EQUAL(out, "GET\\nforged 200\\r\\t\\\\");
	CU_ASSERT_EQUAL(n, strlen(out));
	/* Other controls, DEL, a C1 control, a stray byte; UTF-8 stays. */
	esc_log(out, sizeof(out), "\x01\x1b[2J\x7f\xc2\x9b\xff\xc3\xa9", 11);
	CU_ASSERT_STRING_EQUAL(out,
	    "\\x01\\x1b[2J\\x7f\\xc2\\x9b\\xff\xc3\xa9");
	/* A NUL inside the text does not end it early. */
	esc_log(out, sizeof(out), "a\0b", 3);
	CU_ASSERT_STRING_EQUAL(out, "a\\x00b");
	/* Never a cut escape: "ab\n" in 4 bytes is "ab" and the NUL. */
	n = esc_log(out, 4, "ab\ncd", 5);
	CU_ASSERT_STRING_EQUAL(out, "ab");
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(esc_log(out, 1, "abc", 3), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
}

/* Runs log_line with stderr sent to a file; returns what it wrote. */
static size_t
capture_log(char *got, size_t gotsz, const char *method, const char *detail)
{
	FILE	*f;
	int	 saved;
	size_t	 n;

	if ((f = tmpfile()) == NULL)
		return 0;
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	log_line("%s /x 400 0 1us", method);
	log_line("annexa: database error: %s", detail);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(got, 1, gotsz - 1, f);
	got[n] = '\0';
	fclose(f);
	return n;
}

static void
log_lines_are_single(void)
{
	char	got[LOG_LINE_MAX * 4 + 64], big[LOG_LINE_MAX + 100];
	char	*nl;

	capture_log(got, sizeof(got), "GET\nforged", "ERROR:  x\n"
	    "DETAIL:  Failing row contains (line1\nline2).");
	CU_ASSERT_STRING_EQUAL(got, "GET\\nforged /x 400 0 1us\n"
	    "annexa: database error: ERROR:  x\\nDETAIL:  Failing row "
	    "contains (line1\\nline2).\n");
	/* Over LOG_LINE_MAX: cut, marked, still one line. */
	memset(big, '\n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	capture_log(got, sizeof(got), "GET", big);
	nl = strchr(got, '\n');
	CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
	nl = strchr(nl + 1, '\n');
	CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
	CU_ASSERT_EQUAL(nl[1], '\0');
	CU_ASSERT_EQUAL(strncmp(nl - 3, "...", 3), 0);
}

static const struct unit_test tests[] = {
	{ "JSON string escaping", json_escaping },
	{ "JSON writer", json_writer },
	{ "JSON number text", json_number_text },
	{ "JSON writer misuse is caught", json_writer_misuse_fails },
	{ "CSV fields and header quoted-strings", csv_and_header },
	{ "error body of docs/api.md", error_body },
	{ "download file names are one quoted-string", attachment_names },
	{ "bytes as lower-case hex", hex_digits },
	{ "buffers honour their bound", buf_bounded },
	{ "CSV cells for spreadsheets: formulas neutralised", csv_cells_for_people },
	{ "log text: controls escaped, never cut mid-escape", log_escaping },
	{ "log_line writes one line per event", log_lines_are_single },
	{ NULL, NULL }
};

int
suite_output(void)
{
	return add_suite("output", tests);
}
