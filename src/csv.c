#include "config.h"

#include <string.h>

#include "csv.h"
#include "pool.h"

void
csv_init(struct csv *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 1;
	/* A UTF-8 byte order mark is not part of the first field. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;
}

bool
csv_eof(const struct csv *c)
{
	return c->p >= c->end;
}

bool
csv_peek(const struct csv *c, char ch)
{
	return c->p < c->end && *c->p == ch;
}

char *
csv_skip_line(struct csv *c, struct pool *pool)
{
	const char	*start = c->p, *nl;
	size_t		 len;

	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	len = (size_t)((nl != NULL ? nl : c->end) - start);
	c->p = nl != NULL ? nl + 1 : c->end;
	c->line++;
	if (len > 0 && start[len - 1] == '\r')
		len--;
	return pool_strndup(pool, start, len);
}

/*
 * Scans the field at c->p without copying it: [*raw, *stop) are its bytes
 * between the quotes, if quoted (where every '"' is the first of a
 * doubled pair), *len its decoded length.  Leaves c->p on the comma,
 * line break or end after it.
 */
static enum err
csv_scan(struct csv *c, const char **raw, const char **stop, size_t *len,
    bool *quoted, const char **why)
{
	*len = 0;
	*quoted = c->p < c->end && *c->p == '"';
	if (*quoted)
		c->p++;
	*raw = c->p;
	for (;;) {
		if (c->p >= c->end) {
			if (*quoted) {
				*why = "unterminated quoted field";
				return ERR_INVALID;
			}
			*stop = c->p;
			return ERR_OK;
		}
		if (*c->p == '\0') {
			*why = "NUL byte";
			return ERR_INVALID;
		}
		if (*quoted && *c->p == '"') {
			if (c->p + 1 >= c->end || c->p[1] != '"') {
				*stop = c->p++;
				if (c->p < c->end && *c->p != ',' &&
				    *c->p != '\n' && *c->p != '\r') {
					*why = "text after a closing quote";
					return ERR_INVALID;
				}
				return ERR_OK;
			}
			c->p++;		/* the first of two: one quote */
		} else if (!*quoted && (*c->p == ',' || *c->p == '\n' ||
		    *c->p == '\r')) {
			*stop = c->p;
			return ERR_OK;
		} else if (!*quoted && *c->p == '"') {
			*why = "quote inside an unquoted field";
			return ERR_INVALID;
		}
		if (*c->p == '\n')
			c->line++;
		if (*len == CSV_FIELD_MAX) {
			*why = "field longer than 64 KiB";
			return ERR_TOO_LARGE;
		}
		(*len)++;
		c->p++;
	}
}

enum err
csv_next(struct csv *c, struct pool *pool, char **fields, size_t *n,
    size_t *line, const char **why)
{
	const char	*raw, *stop;
	char		*buf;
	size_t		 len, o;
	bool		 quoted;
	enum err	 e;

	*n = 0;
	*line = c->line;
	*why = NULL;
	if (c->p >= c->end) {
		*why = "no record";
		return ERR_INVALID;
	}
	for (;;) {
		if (*n == CSV_FIELDS_MAX) {
			*why = "too many fields";
			return ERR_TOO_LARGE;
		}
		if ((e = csv_scan(c, &raw, &stop, &len, &quoted, why)) != ERR_OK)
			return e;
		/* Exactly the decoded length: the pool may live long. */
		if ((buf = pool_alloc(pool, len + 1)) == NULL)
			return ERR_NOMEM;
		for (o = 0; raw < stop; raw++) {
			if (quoted && *raw == '"')
				raw++;	/* "" stands for one quote */
			buf[o++] = *raw;
		}
		buf[o] = '\0';
		fields[(*n)++] = buf;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		/* End of record: CRLF, LF or end of text. */
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return ERR_OK;
	}
}
