#include "config.h"

#include <stdio.h>
#include <string.h>

#include "period.h"
#include "valid.h"

static int
month_days(int y, int m)
{
	static const int	d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Civil date of a day count from 1970-01-01 (Hinnant's algorithm). */
static void
civil(int32_t z, int *y, int *m, int *d)
{
	int32_t	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Monday (as a day count) of ISO week 1 of ISO year y. */
static int32_t
iso_week1(int y)
{
	int32_t	jan4 = valid_days_from_civil(y, 1, 4);
	int32_t	wd = ((jan4 + 3) % 7 + 7) % 7;	/* Monday 0; 1970-01-01 is a Thursday */

	return jan4 - wd;
}

static int
iso_weeks(int y)
{
	return (int)((iso_week1(y + 1) - iso_week1(y)) / 7);
}

/* Fills key, start and end from kind, year and n. */
static void
period_fill(struct period *p)
{
	int	first = 1, last = 12, y, m, d;
	int32_t	mon;

	switch (p->kind) {
	case PERIOD_WEEK:
		snprintf(p->key, sizeof(p->key), "%04d-W%02d", p->year, p->n);
		mon = iso_week1(p->year) + (p->n - 1) * 7;
		civil(mon, &y, &m, &d);
		snprintf(p->start, sizeof(p->start), "%04d-%02d-%02d", y, m, d);
		civil(mon + 6, &y, &m, &d);
		snprintf(p->end, sizeof(p->end), "%04d-%02d-%02d", y, m, d);
		return;
	case PERIOD_YEAR:
		snprintf(p->key, sizeof(p->key), "%04d", p->year);
		break;
	case PERIOD_HALF:
		snprintf(p->key, sizeof(p->key), "%04d-H%d", p->year, p->n);
		first = p->n == 1 ? 1 : 7;
		last = first + 5;
		break;
	case PERIOD_QUARTER:
		snprintf(p->key, sizeof(p->key), "%04d-Q%d", p->year, p->n);
		first = (p->n - 1) * 3 + 1;
		last = first + 2;
		break;
	case PERIOD_MONTH:
		snprintf(p->key, sizeof(p->key), "%04d-%02d", p->year, p->n);
		first = last = p->n;
		break;
	}
	snprintf(p->start, sizeof(p->start), "%04d-%02d-01", p->year, first);
	snprintf(p->end, sizeof(p->end), "%04d-%02d-%02d", p->year, last,
	    month_days(p->year, last));
}

static bool
digits(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
period_parse(const char *s, struct period *p)
{
	size_t	len = strlen(s);

	memset(p, 0, sizeof(*p));
	if (len < 4 || !digits(s, 4))
		return false;
	p->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (p->year < 1900)
		return false;
	if (len == 4)
		p->kind = PERIOD_YEAR;
	else if (len == 7 && s[4] == '-' && s[5] == 'H' && (s[6] == '1' || s[6] == '2')) {
		p->kind = PERIOD_HALF;
		p->n = s[6] - '0';
	} else if (len == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
		p->kind = PERIOD_QUARTER;
		p->n = s[6] - '0';
	} else if (len == 8 && s[4] == '-' && s[5] == 'W' && digits(s + 6, 2)) {
		p->kind = PERIOD_WEEK;
		p->n = (s[6] - '0') * 10 + (s[7] - '0');
		if (p->n < 1 || p->n > iso_weeks(p->year))
			return false;
	} else if (len == 7 && s[4] == '-' && digits(s + 5, 2)) {
		p->kind = PERIOD_MONTH;
		p->n = (s[5] - '0') * 10 + (s[6] - '0');
		if (p->n < 1 || p->n > 12)
			return false;
	} else
		return false;
	period_fill(p);
	return true;
}

bool
period_containing(enum period_kind kind, const char *date, struct period *p)
{
	int	m, y, dd;
	int32_t	day, mon;

	if (!valid_date(date, &day))
		return false;
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	    (date[2] - '0') * 10 + (date[3] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	switch (kind) {
	case PERIOD_YEAR: p->n = 0; break;
	case PERIOD_HALF: p->n = m <= 6 ? 1 : 2; break;
	case PERIOD_QUARTER: p->n = (m - 1) / 3 + 1; break;
	case PERIOD_MONTH: p->n = m; break;
	case PERIOD_WEEK:
		/* The ISO year is the year of the week's Thursday. */
		mon = day - ((day + 3) % 7 + 7) % 7;
		civil(mon + 3, &y, &m, &dd);
		p->year = y;
		p->n = (int)((mon - iso_week1(y)) / 7) + 1;
		break;
	}
	period_fill(p);
	return true;
}


bool
period_next_day(const char *date, char out[11])
{
	int32_t	days;
	int	y, m, d;

	if (!valid_date(date, &days) || strcmp(date, "9999-12-31") == 0)
		return false;
	civil(days + 1, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}
