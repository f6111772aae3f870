#include "config.h"

#include <string.h>

#include "period.h"
#include "tests.h"

static void
parse_periods(void)
{
	struct period	p;

	CU_ASSERT_TRUE_FATAL(period_parse("2026-Q3", &p));
	CU_ASSERT_STRING_EQUAL(p.start, "2026-07-01");
	CU_ASSERT_STRING_EQUAL(p.end, "2026-09-30");
	CU_ASSERT_TRUE_FATAL(period_parse("2024-02", &p));
	CU_ASSERT_STRING_EQUAL(p.end, "2024-02-29");
	CU_ASSERT_TRUE_FATAL(period_parse("2026-H2", &p));
	CU_ASSERT_STRING_EQUAL(p.start, "2026-07-01");
	CU_ASSERT_STRING_EQUAL(p.end, "2026-12-31");
	CU_ASSERT_TRUE_FATAL(period_parse("2026", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2026");
	CU_ASSERT_STRING_EQUAL(p.end, "2026-12-31");
	CU_ASSERT_FALSE(period_parse("2026-Q5", &p));
	CU_ASSERT_FALSE(period_parse("2026-13", &p));
	CU_ASSERT_FALSE(period_parse("2026-00", &p));
	CU_ASSERT_FALSE(period_parse("26-Q1", &p));
	CU_ASSERT_FALSE(period_parse("2026-q1", &p));
	CU_ASSERT_FALSE(period_parse("2026-Q1x", &p));
	CU_ASSERT_FALSE(period_parse("", &p));
	CU_ASSERT_FALSE(period_parse("1899", &p));
}

static void
containing(void)
{
	struct period	p;

	CU_ASSERT_TRUE_FATAL(period_containing(PERIOD_QUARTER, "2026-11-28", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2026-Q4");
	CU_ASSERT_TRUE_FATAL(period_parse("2025-12", &p));
	CU_ASSERT_STRING_EQUAL(p.end, "2025-12-31");
	CU_ASSERT_TRUE_FATAL(period_containing(PERIOD_HALF, "2026-06-30", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2026-H1");
	CU_ASSERT_TRUE_FATAL(period_containing(PERIOD_HALF, "2026-07-01", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2026-H2");
	CU_ASSERT_FALSE(period_containing(PERIOD_MONTH, "2026-02-30", &p));
}

static void
iso_weeks_(void)
{
	struct period	p;

	/* 2026-11-28 is a Saturday in ISO week 48: Monday 23 to Sunday 29. */
	CU_ASSERT_TRUE_FATAL(period_containing(PERIOD_WEEK, "2026-11-28", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2026-W48");
	CU_ASSERT_STRING_EQUAL(p.start, "2026-11-23");
	CU_ASSERT_STRING_EQUAL(p.end, "2026-11-29");
	/* 2027-01-01 is a Friday: it belongs to 2026-W53 (2026 has 53). */
	CU_ASSERT_TRUE_FATAL(period_containing(PERIOD_WEEK, "2027-01-01", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2026-W53");
	/* 2024-12-30 is a Monday: 2025-W01. */
	CU_ASSERT_TRUE_FATAL(period_containing(PERIOD_WEEK, "2024-12-30", &p));
	CU_ASSERT_STRING_EQUAL(p.key, "2025-W01");
	CU_ASSERT_TRUE_FATAL(period_parse("2024-W52", &p));
	CU_ASSERT_STRING_EQUAL(p.start, "2024-12-23");
	CU_ASSERT_TRUE_FATAL(period_parse("2026-W53", &p));
	CU_ASSERT_STRING_EQUAL(p.end, "2027-01-03");
	CU_ASSERT_FALSE(period_parse("2025-W53", &p));	/* 2025 has 52 */
	CU_ASSERT_FALSE(period_parse("2026-W00", &p));
}

static void
next_day(void)
{
	char	d[11];

	CU_ASSERT_TRUE(period_next_day("2026-11-28", d));
	CU_ASSERT_STRING_EQUAL(d, "2026-11-29");
	CU_ASSERT_TRUE(period_next_day("2026-12-31", d));
	CU_ASSERT_STRING_EQUAL(d, "2027-01-01");
	CU_ASSERT_TRUE(period_next_day("2028-02-28", d));
	CU_ASSERT_STRING_EQUAL(d, "2028-02-29");
	CU_ASSERT_TRUE(period_next_day("2026-02-28", d));
	CU_ASSERT_STRING_EQUAL(d, "2026-03-01");
	CU_ASSERT_FALSE(period_next_day("9999-12-31", d));
	CU_ASSERT_FALSE(period_next_day("2026-02-30", d));
	CU_ASSERT_FALSE(period_next_day("", d));
}

static const struct unit_test tests[] = {
	{ "period keys parse strictly", parse_periods },
	{ "the period containing a date", containing },
	{ "ISO 8601 weeks", iso_weeks_ },
	{ "the day after a date", next_day },
	{ NULL, NULL }
};

int
suite_period(void)
{
	return add_suite("period", tests);
}
