#include "config.h"

#include <string.h>

#include "buf.h"
#include "esc.h"
#include "http.h"
#include "jw.h"
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

static const struct unit_test tests[] = {
	{ "JSON string escaping", json_escaping },
	{ "JSON writer", json_writer },
	{ "JSON writer misuse is caught", json_writer_misuse_fails },
	{ "CSV fields and header quoted-strings", csv_and_header },
	{ "error body of DESIGN 5", error_body },
	{ "buffers honour their bound", buf_bounded },
	{ NULL, NULL }
};

int
suite_output(void)
{
	return add_suite("output", tests);
}
