#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "tests.h"
#include "valid.h"

static void
ident_accepts_catalog_ids(void)
{
	CU_ASSERT_TRUE(valid_ident("5.1.1"));
	CU_ASSERT_TRUE(valid_ident("CLD.9.5.1"));
	CU_ASSERT_TRUE(valid_ident("A&A-01"));
	CU_ASSERT_TRUE(valid_ident("iso27017-2015"));
	CU_ASSERT_TRUE(valid_ident("a_b"));
	CU_ASSERT_TRUE(valid_ident("a..b"));	/* dots inside are fine */
	CU_ASSERT_TRUE(valid_ident("a."));
	/* exactly 64 characters */
	CU_ASSERT_TRUE(valid_ident(
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234"));
}

static void
ident_rejects_bad(void)
{
	CU_ASSERT_FALSE(valid_ident(""));
	CU_ASSERT_FALSE(valid_ident(
	    "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345"));
	CU_ASSERT_FALSE(valid_ident("a b"));
	CU_ASSERT_FALSE(valid_ident("a/b"));
	CU_ASSERT_FALSE(valid_ident("a'b"));
	CU_ASSERT_FALSE(valid_ident("a\nb"));
	CU_ASSERT_FALSE(valid_ident("caf\xc3\xa9"));
	CU_ASSERT_FALSE(valid_ident("a%00"));
	/* a leading dot: "." and ".." would name directories out of place */
	CU_ASSERT_FALSE(valid_ident("."));
	CU_ASSERT_FALSE(valid_ident(".."));
	CU_ASSERT_FALSE(valid_ident(".hidden"));
}

static void
date_strict(void)
{
	int32_t	d = -1;

	CU_ASSERT_TRUE(valid_date("1970-01-01", &d));
	CU_ASSERT_EQUAL(d, 0);
	CU_ASSERT_TRUE(valid_date("2026-06-30", &d));
	CU_ASSERT_EQUAL(d, 20634);
	CU_ASSERT_TRUE(valid_date("2024-02-29", NULL));
	CU_ASSERT_TRUE(valid_date("2000-02-29", NULL));
	CU_ASSERT_FALSE(valid_date("2100-02-29", NULL));
	CU_ASSERT_FALSE(valid_date("2025-02-29", NULL));
	CU_ASSERT_FALSE(valid_date("2026-04-31", NULL));
	CU_ASSERT_FALSE(valid_date("2026-13-01", NULL));
	CU_ASSERT_FALSE(valid_date("2026-00-10", NULL));
	CU_ASSERT_FALSE(valid_date("2026-01-00", NULL));
	CU_ASSERT_FALSE(valid_date("2026-1-01", NULL));
	CU_ASSERT_FALSE(valid_date("2026-01-01T00", NULL));
	CU_ASSERT_FALSE(valid_date("2026/01/01", NULL));
	CU_ASSERT_FALSE(valid_date("", NULL));
	CU_ASSERT_FALSE(valid_date("1899-12-31", NULL));
	CU_ASSERT_FALSE(valid_date("+026-01-01", NULL));
}

static void
int_bounded(void)
{
	int64_t	v = 0;

	CU_ASSERT_TRUE(valid_int("0", 0, 10, &v));
	CU_ASSERT_EQUAL(v, 0);
	CU_ASSERT_TRUE(valid_int("10", 0, 10, &v));
	CU_ASSERT_EQUAL(v, 10);
	CU_ASSERT_FALSE(valid_int("11", 0, 10, NULL));
	CU_ASSERT_FALSE(valid_int("-1", 0, 10, NULL));
	CU_ASSERT_TRUE(valid_int("-1", -5, 10, &v));
	CU_ASSERT_EQUAL(v, -1);
	CU_ASSERT_FALSE(valid_int("", 0, 10, NULL));
	CU_ASSERT_FALSE(valid_int(" 1", 0, 10, NULL));
	CU_ASSERT_FALSE(valid_int("1x", 0, 10, NULL));
	CU_ASSERT_FALSE(valid_int("0x10", 0, 100, NULL));
	CU_ASSERT_FALSE(valid_int("99999999999999999999999", 0, INT64_MAX, NULL));
}

static void
enum_and_text(void)
{
	static const char *const names[] = { "viewer", "editor", NULL };
	int			 i = -1;

	CU_ASSERT_TRUE(valid_enum("editor", names, &i));
	CU_ASSERT_EQUAL(i, 1);
	CU_ASSERT_FALSE(valid_enum("Editor", names, NULL));
	CU_ASSERT_FALSE(valid_enum("", names, NULL));
	CU_ASSERT_TRUE(valid_text("Quarterly review \xe2\x80\x94 ok", 100));
	CU_ASSERT_TRUE(valid_text("line\nline", 100));
	CU_ASSERT_FALSE(valid_text("", 100));
	CU_ASSERT_FALSE(valid_text("bell\a", 100));
	CU_ASSERT_FALSE(valid_text("cr\r", 100));
	CU_ASSERT_FALSE(valid_text("\xc3", 100));
	CU_ASSERT_FALSE(valid_text("\xed\xa0\x80", 100));	/* surrogate */
	CU_ASSERT_FALSE(valid_text("\xc0\xaf", 100));		/* overlong */
	CU_ASSERT_FALSE(valid_text("abcdef", 5));
}

/* Days back to dates: the inverse of valid_days_from_civil, both ways. */
static void
civil_from_days_round_trip(void)
{
	char	out[11], want[11];
	int32_t	d, back;

	CU_ASSERT_TRUE(valid_civil_from_days(0, out));
	CU_ASSERT_STRING_EQUAL(out, "1970-01-01");
	CU_ASSERT_TRUE(valid_civil_from_days(-1, out));
	CU_ASSERT_STRING_EQUAL(out, "1969-12-31");
	CU_ASSERT_TRUE(valid_civil_from_days(valid_days_from_civil(2024, 2, 29),
	    out));
	CU_ASSERT_STRING_EQUAL(out, "2024-02-29");
	CU_ASSERT_TRUE(valid_civil_from_days(valid_days_from_civil(2000, 3, 1),
	    out));
	CU_ASSERT_STRING_EQUAL(out, "2000-03-01");
	for (d = valid_days_from_civil(1900, 1, 1); d < valid_days_from_civil(
	    2101, 1, 1); d += 13) {
		CU_ASSERT_TRUE_FATAL(valid_civil_from_days(d, out));
		CU_ASSERT_TRUE_FATAL(valid_date(out, &back));
		CU_ASSERT_EQUAL_FATAL(back, d);
	}
	snprintf(want, sizeof(want), "%s", "9999-12-31");
	CU_ASSERT_TRUE(valid_civil_from_days(valid_days_from_civil(9999, 12, 31),
	    out));
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_FALSE(valid_civil_from_days(valid_days_from_civil(10000, 1, 1),
	    out));
	CU_ASSERT_FALSE(valid_civil_from_days(INT32_MIN, out));
}

static const struct unit_test tests[] = {
	{ "days back to dates", civil_from_days_round_trip },
	{ "identifier accepts catalog ids", ident_accepts_catalog_ids },
	{ "identifier rejects bad input", ident_rejects_bad },
	{ "dates are strict calendar dates", date_strict },
	{ "integers are bounded", int_bounded },
	{ "enums and free text", enum_and_text },
	{ NULL, NULL }
};

int
suite_valid(void)
{
	return add_suite("valid", tests);
}
