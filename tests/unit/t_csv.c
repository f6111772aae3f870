#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "pool.h"
#include "tests.h"

/* Reads text's first record into f; returns csv_next's answer. */
static enum err
one_record(struct pool *p, const char *text, char **f, size_t *n,
    const char **why)
{
	struct csv	c;
	size_t		line;

	csv_init(&c, text, strlen(text));
	return csv_next(&c, p, f, n, &line, why);
}

static void
decodes_fields(void)
{
	struct pool	*p = pool_new();
	struct csv	 c;
	char		*f[CSV_FIELDS_MAX];
	const char	*why, *text = "\xef\xbb\xbf" "a,\"b, \"\"c\"\"\",\r\n"
	    "\"two\nlines\",x\n" "last";
	size_t		 n, line;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	csv_init(&c, text, strlen(text));
	CU_ASSERT_EQUAL(csv_next(&c, p, f, &n, &line, &why), ERR_OK);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(line, 1);
	CU_ASSERT_STRING_EQUAL(f[0], "a");
	CU_ASSERT_STRING_EQUAL(f[1], "b, \"c\"");
	CU_ASSERT_STRING_EQUAL(f[2], "");
	CU_ASSERT_EQUAL(csv_next(&c, p, f, &n, &line, &why), ERR_OK);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(line, 2);
	CU_ASSERT_STRING_EQUAL(f[0], "two\nlines");
	CU_ASSERT_STRING_EQUAL(f[1], "x");
	CU_ASSERT_EQUAL(csv_next(&c, p, f, &n, &line, &why), ERR_OK);
	CU_ASSERT_EQUAL(line, 4);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_STRING_EQUAL(f[0], "last");
	CU_ASSERT_TRUE(csv_eof(&c));
	CU_ASSERT_EQUAL(csv_next(&c, p, f, &n, &line, &why), ERR_INVALID);
	/* "" alone is an empty quoted field; """" one quote. */
	CU_ASSERT_EQUAL(one_record(p, "\"\",\"\"\"\"\n", f, &n, &why), ERR_OK);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_STRING_EQUAL(f[0], "");
	CU_ASSERT_STRING_EQUAL(f[1], "\"");
	pool_free(p);
}

static void
refuses_malformed(void)
{
	struct pool	*p = pool_new();
	char		*f[CSV_FIELDS_MAX];
	const char	*why;
	size_t		 n, i;
	struct buf	 b;
	static const struct {
		const char	*text, *why;
	} bad[] = {
		{ "a,\"b", "unterminated quoted field" },
		{ "a,b\"c\n", "quote inside an unquoted field" },
		{ "\"a\"b,c\n", "text after a closing quote" },
	};

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(one_record(p, bad[i].text, f, &n, &why),
		    ERR_INVALID);
		CU_ASSERT_PTR_NOT_NULL(why);
		if (why != NULL)
			CU_ASSERT_STRING_EQUAL(why, bad[i].why);
	}
	{
		struct csv	c;
		size_t		line;

		csv_init(&c, "a,b\0c\n", 6);
		CU_ASSERT_EQUAL(csv_next(&c, p, f, &n, &line, &why),
		    ERR_INVALID);
		CU_ASSERT_STRING_EQUAL(why, "NUL byte");
	}
	buf_init(&b, 0);
	for (i = 0; i <= CSV_FIELDS_MAX; i++)
		buf_puts(&b, "x,");
	CU_ASSERT_EQUAL(one_record(p, b.data, f, &n, &why), ERR_TOO_LARGE);
	/* A field of exactly 64 KiB is read; one byte more is too large. */
	buf_reset(&b);
	for (i = 0; i < CSV_FIELD_MAX; i++)
		buf_putc(&b, 'y');
	CU_ASSERT_EQUAL(one_record(p, b.data, f, &n, &why), ERR_OK);
	CU_ASSERT_EQUAL(strlen(f[0]), CSV_FIELD_MAX);
	buf_putc(&b, 'y');
	CU_ASSERT_EQUAL(one_record(p, b.data, f, &n, &why), ERR_TOO_LARGE);
	buf_free(&b);
	pool_free(p);
}

/*
 * A mapping set keeps the pool its rows were read into: reading N rows
 * must take memory in proportion to the text, not to what is left of it
 * after each field.
 */
static void
memory_follows_the_text(void)
{
	static const char row[] = "iso27017-2015,6.1.3,ccm-v4,DSP-19,intersects,"
	    "5,semantic,medium,\"27017's provider guidance asks the provider to "
	    "say where it stores data, \"\"in which countries\"\"\"\n";
	struct pool	*p = pool_new();
	struct buf	 b;
	struct csv	 c;
	char		*f[CSV_FIELDS_MAX];
	const char	*why;
	size_t		 n, line, rows = 0, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	buf_init(&b, 0);
	for (i = 0; i < 2000; i++)
		buf_puts(&b, row);
	CU_ASSERT_FATAL(!buf_failed(&b));
	csv_init(&c, b.data, b.len);
	while (!csv_eof(&c) &&
	    csv_next(&c, p, f, &n, &line, &why) == ERR_OK && n == 9)
		rows++;
	CU_ASSERT_EQUAL(rows, 2000);
	CU_ASSERT_STRING_EQUAL(f[8], "27017's provider guidance asks the provider "
	    "to say where it stores data, \"in which countries\"");
	/* Each field costs its length, its NUL and at most an alignment. */
	if (pool_used(p) > 2 * b.len) {
		CU_FAIL("reading the rows took more than twice the text");
		fprintf(stderr, "pool: %zu bytes for %zu bytes of text\n",
		    pool_used(p), b.len);
	}
	buf_free(&b);
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "fields, quotes, line breaks and lines", decodes_fields },
	{ "malformed records and the size bounds", refuses_malformed },
	{ "memory taken follows the text's length", memory_follows_the_text },
	{ NULL, NULL }
};

int
suite_csv(void)
{
	return add_suite("csv", tests);
}
