/*
 * period.h — reporting periods (annexa(1), docs/reports.md): "2026" (a year),
 * "2026-H2" (a half), "2026-Q3" (a quarter), "2026-11" (a month),
 * "2026-W48" (an ISO 8601 week, Monday to Sunday).
 */
#ifndef ANNEXA_PERIOD_H
#define ANNEXA_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

#define PERIOD_KEY_MAX	16	/* "2026-W48" and its NUL, with room */

enum period_kind {
	PERIOD_YEAR,
	PERIOD_HALF,
	PERIOD_QUARTER,
	PERIOD_MONTH,
	PERIOD_WEEK
};

struct period {
	enum period_kind	kind;
	int			year;
	int			n;		/* half 1-2, quarter 1-4, month 1-12, week 1-53 */
	char			key[PERIOD_KEY_MAX];	/* canonical text */
	char			start[11];	/* YYYY-MM-DD, first day */
	char			end[11];	/* YYYY-MM-DD, last day */
};

/* Parses a period key strictly; years 1900-9999. */
bool	period_parse(const char *, struct period *);
/* The period of the given kind that contains the date YYYY-MM-DD. */
bool	period_containing(enum period_kind, const char *date, struct period *);
/*
 * The day after date (YYYY-MM-DD) into out; false when date is not a
 * valid date or is the last one valid_date() accepts.
 */
bool	period_next_day(const char *date, char out[11]);

#endif
