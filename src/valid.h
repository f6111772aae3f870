/*
 * valid.h — validators for untrusted values.
 *
 * Each takes a NUL-terminated string that has already been length-capped
 * and percent-decoded, and answers whether it is well formed.  None
 * allocates; none accepts embedded control characters.
 */
#ifndef ANNEXA_VALID_H
#define ANNEXA_VALID_H

#include <stdbool.h>
#include <stdint.h>

#define VALID_IDENT_MAX	64

/*
 * Path identifier: [A-Za-z0-9._&-]{1,64}, not starting with
 * '.' (so never "." or "..": organisation ids name directories).
 */
bool	valid_ident(const char *);
/* valid_ident's rule, as error messages state it. */
#define VALID_IDENT_RULE \
	"1 to 64 characters from A-Z a-z 0-9 . _ & -, not starting with '.'"
/*
 * Strict calendar date YYYY-MM-DD between 1900-01-01 and 9999-12-31;
 * on success stores the days since 1970-01-01 in *days when not NULL.
 */
bool	valid_date(const char *, int32_t *days);
/* Decimal integer in [min, max], no sign unless min < 0, no spaces. */
bool	valid_int(const char *, int64_t min, int64_t max, int64_t *out);
/*
 * A duration as days or hours ("30d", "12h") of min to max seconds:
 * true and *seconds, or false.
 */
bool	valid_duration(const char *, long long min, long long max,
	    long long *seconds);
/* True when s equals one of the NULL-terminated names; *idx its index. */
bool	valid_enum(const char *, const char *const *names, int *idx);
/* Free text: valid UTF-8, 1..max bytes, no control characters but TAB/LF. */
bool	valid_text(const char *, size_t max);
/* Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
int32_t	valid_days_from_civil(int y, int m, int d);
/* The inverse: days since 1970-01-01 as "YYYY-MM-DD" (years 0 to 9999). */
bool	valid_civil_from_days(int32_t days, char out[11]);

#endif
