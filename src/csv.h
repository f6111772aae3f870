/*
 * csv.h — an RFC 4180 record reader over a text already in memory.
 *
 * Fields may be quoted ("a, ""b""") and then hold commas, quotes and line
 * breaks.  Records end at LF or CRLF.  A NUL byte, a quote inside an
 * unquoted field, text after a closing quote and an unterminated quote
 * are errors.  Fields are decoded into pool strings of their own length
 * (the pool may outlive the parse: a mapping set keeps them).
 */
#ifndef ANNEXA_CSV_H
#define ANNEXA_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

#define CSV_FIELDS_MAX		64
#define CSV_FIELD_MAX		(64 * 1024)

struct pool;

struct csv {
	const char	*p;
	const char	*end;
	size_t		 line;		/* line of the next record, from 1 */
};

void		csv_init(struct csv *, const char *text, size_t len);
/* True when no record is left. */
bool		csv_eof(const struct csv *);
/*
 * Reads the next record into fields[0..*n).  *line is the line the
 * record starts on.  ERR_INVALID with *why set on malformed input;
 * ERR_TOO_LARGE past CSV_FIELDS_MAX fields or CSV_FIELD_MAX bytes.
 */
enum err	csv_next(struct csv *, struct pool *, char **fields, size_t *n,
		    size_t *line, const char **why);
/* Peeks whether the next record starts with c (for '#' comments). */
bool		csv_peek(const struct csv *, char c);
/* Skips the rest of the current line (a comment); returns it (pool). */
char		*csv_skip_line(struct csv *, struct pool *);

#endif
