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

#include "err.h"

struct query;

enum key {
	KEY_GROUP,		/* catalog group id */
	KEY_AS_OF,		/* YYYY-MM-DD */
	KEY__MAX
};

#define KEYBIT(k)	(UINT32_C(1) << (k))

struct key_def {
	const char	*name;
	bool		(*valid)(const char *);
	const char	*expect;	/* what a valid value looks like */
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
enum err	input_parse(const struct query *, uint32_t accepted,
		    struct input *, const char **field, const char **code,
		    const char **expect);

#endif
