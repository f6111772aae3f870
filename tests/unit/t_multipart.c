/*
 * The multipart/form-data parser (multipart.h): what browsers send is
 * read exactly, and every departure from the strict form is refused with
 * a reason, never read past the body.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "pool.h"
#include "tests.h"

#define B	"----WebKitFormBoundaryA1b2C3"
#define CD	"Content-Disposition: form-data; "

/* The body a browser sends for the verify form: csrf, then the file. */
#define GOOD	"--" B "\r\n" CD "name=\"csrf\"\r\n\r\n" "tok123\r\n" \
	"--" B "\r\n" CD "name=\"file\"; filename=\"r\xc3\xa9port.pdf\"\r\n" \
	"Content-Type: application/pdf\r\n\r\n" "%PDF-1.4\r\nA\r\n--\r\nB" \
	"\r\n--" B "--\r\n"

static struct pool	*P;
static struct multipart	 M;
static const char	*why;

/* Parses s (strlen) with a file limit; the body is copied to the heap
 * at its exact size, so that ASan sees any read past it. */
static enum err
parse(const char *s, size_t file_max)
{
	static char	*copy;
	size_t		 n = strlen(s);

	free(copy);
	copy = malloc(n + 1);
	memcpy(copy, s, n);
	if (P == NULL)
		P = pool_new();
	return multipart_parse(P, B, copy, n, file_max, &M, &why);
}

static void
reads_a_browser_form(void)
{
	const struct multipart_part	*f, *t;

	CU_ASSERT_EQUAL_FATAL(parse(GOOD, 1000), ERR_OK);
	CU_ASSERT_EQUAL(M.n, 2);
	t = multipart_find(&M, "csrf");
	f = multipart_find(&M, "file");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NULL(t->filename);
	CU_ASSERT_EQUAL(t->len, 6);
	CU_ASSERT_NSTRING_EQUAL(t->data, "tok123", 6);
	CU_ASSERT_STRING_EQUAL(f->filename, "r\xc3\xa9port.pdf");
	CU_ASSERT_STRING_EQUAL(f->type, "application/pdf");
	/* CRLF and "--" inside the content are content, not delimiters. */
	CU_ASSERT_EQUAL(f->len, 18);
	CU_ASSERT_NSTRING_EQUAL(f->data, "%PDF-1.4\r\nA\r\n--\r\nB", 18);
	CU_ASSERT_PTR_NULL(multipart_find(&M, "other"));
	/* No CRLF after the closing delimiter is fine too; header names
	 * are case-insensitive. */
	CU_ASSERT_EQUAL(parse("--" B "\r\ncontent-disposition: FORM-DATA; "
	    "NAME=\"a\"\r\n\r\nx\r\n--" B "--", 10), ERR_OK);
	/* An empty file (no file chosen) is a part of zero bytes. */
	CU_ASSERT_EQUAL(parse("--" B "\r\n" CD "name=\"file\"; filename=\"\""
	    "\r\n\r\n\r\n--" B "--\r\n", 10), ERR_OK);
	CU_ASSERT_EQUAL(M.part[0].len, 0);
	CU_ASSERT_STRING_EQUAL(M.part[0].filename, "");
}

static void
takes_the_boundary_from_the_content_type(void)
{
	char	b[MULTIPART_BOUNDARY_MAX + 1];

	CU_ASSERT_TRUE(multipart_boundary("multipart/form-data; boundary="
	    B, b, &why));
	CU_ASSERT_STRING_EQUAL(b, B);
	CU_ASSERT_TRUE(multipart_boundary("Multipart/Form-Data;boundary="
	    "\"a b:c\"", b, &why));
	CU_ASSERT_STRING_EQUAL(b, "a b:c");
	CU_ASSERT_TRUE(multipart_boundary("multipart/form-data; boundary="
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "456789", b, &why));	/* 70 */
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; boundary="
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "4567890", b, &why));	/* 71 */
	CU_ASSERT_FALSE(multipart_boundary(NULL, b, &why));
	CU_ASSERT_FALSE(multipart_boundary("application/pdf", b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data", b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; boundary=",
	    b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; boundary="
	    "\"abc", b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; boundary="
	    "\"ab \"", b, &why));	/* a space last */
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; boundary="
	    "a<b", b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; boundary="
	    "abc; charset=utf-8", b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/form-data; charset=x; "
	    "boundary=abc", b, &why));
	CU_ASSERT_FALSE(multipart_boundary("multipart/mixed; boundary=abc",
	    b, &why));
	CU_ASSERT_PTR_NOT_NULL(why);
}

/* Each malformed body is ERR_INVALID with a reason holding want. */
static void
refused(const char *body, const char *want)
{
	enum err	e = parse(body, 1000);

	CU_ASSERT_EQUAL(e, ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	if (strstr(why, want) == NULL) {
		CU_FAIL("the reason does not say what is wrong");
		fprintf(stderr, "reason '%s' lacks '%s'\n", why, want);
	}
}

static void
refuses_malformed_bodies(void)
{
	refused("", "begin with the boundary");
	refused("preamble\r\n" GOOD, "begin with the boundary");
	refused("--" B "--\r\n", "no part");
	refused("--" B "x\r\n", "CRLF");
	refused("--" B "\r\n" CD "name=\"a\"\r\n\r\nvalue", "closing boundary");
	refused("--" B "\r\n" CD "name=\"a\"\r\n\r\nv\r\n--" B,
	    "closing boundary");
	refused("--" B "\r\n" CD "name=\"a\"\r\n\r\nv\r\n--" B "--junk",
	    "after the closing boundary");
	refused("--" B "\r\n" CD "name=\"a\"\r\n\r\nv\r\n--" B "--\r\n\r\n",
	    "after the closing boundary");
	refused("--" B "\r\n" CD "name=\"a\"\r\n\r\nv\r\n--" B "X\r\n",
	    "CRLF");
	refused("--" B "\r\n" CD "name=\"a\"", "headers do not end");
	refused("--" B "\r\n\r\nv\r\n--" B "--", "no Content-Disposition");
	refused("--" B "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" B "--",
	    "no Content-Disposition");
	refused("--" B "\r\n" CD "name=\"a\"\r\nX-Other: 1\r\n\r\nv\r\n--" B
	    "--", "other than Content-Disposition");
	refused("--" B "\r\n" CD "name=\"a\"\r\n" CD "name=\"b\"\r\n\r\nv\r\n--"
	    B "--", "repeats its Content-Disposition");
	refused("--" B "\r\n" CD "name=\"a\"\r\nContent-Type: a\r\n"
	    "Content-Type: b\r\n\r\nv\r\n--" B "--", "repeats its Content-Type");
	refused("--" B "\r\nContent-Disposition: attachment; name=\"a\"\r\n"
	    "\r\nv\r\n--" B "--", "not form-data");
	refused("--" B "\r\n" CD "name=a\r\n\r\nv\r\n--" B "--", "not quoted");
	refused("--" B "\r\n" CD "name=\"a\r\n\r\nv\r\n--" B "--",
	    "not closed");
	refused("--" B "\r\n" CD "name=\"\"\r\n\r\nv\r\n--" B "--", "no name");
	refused("--" B "\r\n" CD "filename=\"x\"\r\n\r\nv\r\n--" B "--",
	    "no name");
	refused("--" B "\r\n" CD "name=\"a\"; name=\"b\"\r\n\r\nv\r\n--" B
	    "--", "repeats a parameter");
	refused("--" B "\r\n" CD "name=\"a\"; filename*=\"x\"\r\n\r\nv\r\n--"
	    B "--", "other than name and filename");
	refused("--" B "\r\n" CD "name=\"a\" junk\r\n\r\nv\r\n--" B "--",
	    "malformed");
	refused("--" B "\r\n" CD "name=\"a\"\r\n folded\r\n\r\nv\r\n--" B
	    "--", "no colon");
	refused("--" B "\r\n" CD "name=\"a\"\r\n\r\n1\r\n--" B "\r\n" CD
	    "name=\"a\"\r\n\r\n2\r\n--" B "--", "repeats a field");
	refused("--" B "\r\n" CD "name=\"a\x01\"\r\n\r\nv\r\n--" B "--",
	    "control character");
	/* Headers without their empty line: not a 1 MiB search. */
	{
		char	big[2048 + 64];

		memset(big, 0, sizeof(big));
		strcpy(big, "--" B "\r\n" CD "name=\"");
		memset(big + strlen(big), 'a', 1200);
		strcat(big, "\"\r\n\r\nv\r\n--" B "--");
		refused(big, "over 1024 bytes");
	}
}

static void
bounds_parts_and_sizes(void)
{
	char	body[4096], part[128];
	int	i;

	/* A file of exactly the limit is taken; one byte more is not. */
	CU_ASSERT_EQUAL(parse("--" B "\r\n" CD "name=\"f\"; filename=\"x\"\r\n"
	    "\r\n0123456789\r\n--" B "--", 10), ERR_OK);
	CU_ASSERT_EQUAL(parse("--" B "\r\n" CD "name=\"f\"; filename=\"x\"\r\n"
	    "\r\n0123456789A\r\n--" B "--", 10), ERR_TOO_LARGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "file"));
	/* A plain field holds at most MULTIPART_FIELD_MAX bytes. */
	strcpy(body, "--" B "\r\n" CD "name=\"csrf\"\r\n\r\n");
	memset(body + strlen(body), 'x', MULTIPART_FIELD_MAX + 1);
	body[sizeof(body) - 1] = '\0';
	strcpy(body + strlen("--" B "\r\n" CD "name=\"csrf\"\r\n\r\n") +
	    MULTIPART_FIELD_MAX + 1, "\r\n--" B "--");
	CU_ASSERT_EQUAL(parse(body, 1 << 20), ERR_TOO_LARGE);
	/* At most MULTIPART_PARTS_MAX parts. */
	body[0] = '\0';
	for (i = 0; i <= MULTIPART_PARTS_MAX; i++) {
		snprintf(part, sizeof(part), "--" B "\r\n" CD "name=\"p%d\"\r\n"
		    "\r\nv\r\n", i);
		strcat(body, part);
	}
	strcat(body, "--" B "--");
	CU_ASSERT_EQUAL(parse(body, 10), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "more than 8 parts"));
}

int
suite_multipart(void)
{
	static const struct unit_test t[] = {
		{ "reads a browser's form", reads_a_browser_form },
		{ "takes the boundary from the Content-Type",
		    takes_the_boundary_from_the_content_type },
		{ "refuses malformed bodies, saying why",
		    refuses_malformed_bodies },
		{ "bounds parts and sizes", bounds_parts_and_sizes },
		{ NULL, NULL }
	};

	return add_suite("multipart", t);
}
