/*
 * input.h — the declared query keys.
 *
 * Every key any route accepts is declared once here, with its validator
 * (kcgi style).  A route lists the keys it takes as a bit mask; a handler
 * only ever sees values that passed their validator.
 */
#ifndef ANNEXA_INPUT_H
#define ANNEXA_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "errcode.h"

struct pool;
struct query;

enum key {
	KEY_GROUP,		/* catalog group id */
	KEY_AS_OF,		/* YYYY-MM-DD */
	KEY_TARGET,		/* a framework id */
	KEY_SOURCE,		/* a framework id */
	KEY_TARGETS,		/* framework ids, comma-separated */
	KEY_MAPPING_SET,	/* set names, comma-separated or repeated */
	KEY_FORMAT,		/* json | csv */
	KEY_CONTROL,		/* a control id */
	KEY_SINCE,		/* YYYY-MM-DD */
	KEY_UNTIL,		/* YYYY-MM-DD */
	KEY_RESULT,		/* a control review result */
	KEY_LIMIT,		/* 1..500 */
	KEY_CURSOR,		/* from a previous page */
	KEY_PERIOD,		/* 2026, 2026-H2, 2026-Q3, 2026-11, 2026-W48 */
	KEY_AUDIENCE,		/* internal | customer */
	KEY_WIDTH,		/* chart width */
	KEY_HEIGHT,		/* chart height */
	KEY_MONTHS,		/* months of chart history */
	KEY_SET_A,		/* "a": one mapping set name */
	KEY_SET_B,		/* "b": one mapping set name */
	KEY_STATUS,		/* a gap status: covered, partial, ... */
	KEY_BEFORE,		/* a report run id: the runs listed after it */
	KEY_STATE,		/* a delivery's state: failed */
	KEY__MAX
};

#define INPUT_LIST_MAX	16	/* items in a comma-separated list */
#define INPUT_CHART_MIN_W	200	/* chart sizes: chart.h's bounds */
#define INPUT_CHART_MAX_W	2000
#define INPUT_CHART_MIN_H	150
#define INPUT_CHART_MAX_H	1500
#define INPUT_MONTHS_MAX	36

#define KEYBIT(k)	(UINT32_C(1) << (k))

struct key_def {
	const char	*name;
	bool		(*valid)(const char *);
	const char	*expect;	/* what a valid value looks like */
	bool		 repeat;	/* repeats are joined with ',' */
};

extern const struct key_def	key_defs[KEY__MAX];

struct input {
	const char	*val[KEY__MAX];	/* NULL when absent */
};

/*
 * Checks every pair of q against the keys in `accepted` and fills in.
 * On failure returns ERR_INVALID and sets *field to the key, *code to
 * "unknown_parameter", "duplicate_parameter" or "invalid_parameter" and
 * *expect to a description of a valid value (or NULL).
 */
enum err	input_parse(struct pool *, const struct query *,
		    uint32_t accepted, struct input *, const char **field,
		    const char **code, const char **expect);
/*
 * Splits a validated comma-separated value into at most INPUT_LIST_MAX
 * pool strings; returns how many (0 on allocation failure).
 */
size_t		input_list(struct pool *, const char *, const char **out);
/* A cursor "YYYY-MM-DD_ID" of the reviews listing. */
bool		input_valid_cursor(const char *);

#endif
