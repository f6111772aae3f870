#include "config.h"

#include <string.h>

#include "esc.h"
#include "pool.h"
#include "query.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes s[0..n) into a new pool string; '+' becomes a space
 * when plus_is_space.  Returns ERR_INVALID for a bad escape, an encoded
 * NUL/CR/LF or invalid UTF-8; ERR_NOMEM when the pool is exhausted.
 */
static enum err
query_decode(struct pool *p, const char *s, size_t n, int plus_is_space,
    char **out)
{
	char	*d;
	size_t	 i, o = 0;
	int	 hi, lo;

	*out = NULL;
	if ((d = pool_alloc(p, n + 1)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n)
				return ERR_INVALID;
			if ((hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return ERR_INVALID;
			d[o] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space)
			d[o] = ' ';
		else
			d[o] = s[i];
		if (d[o] == '\0' || d[o] == '\r' || d[o] == '\n')
			return ERR_INVALID;
		o++;
	}
	d[o] = '\0';
	if (!esc_utf8_valid(d, o))
		return ERR_INVALID;
	*out = d;
	return ERR_OK;
}

enum err
query_parse(struct pool *p, const char *qs, struct query *q, const char **field)
{
	const char	*piece, *amp, *eq;
	size_t		 len, klen;
	char		*key, *val;
	enum err	 e;

	q->n = 0;
	*field = NULL;
	for (piece = qs; *piece != '\0'; piece = amp + (*amp != '\0')) {
		amp = piece + strcspn(piece, "&");
		len = (size_t)(amp - piece);
		if (len == 0) {
			if (*amp == '\0')
				break;
			continue;
		}
		eq = memchr(piece, '=', len);
		klen = eq != NULL ? (size_t)(eq - piece) : len;
		if ((e = query_decode(p, piece, klen, 1, &key)) != ERR_OK) {
			/* Name the key as sent, cut to a sane length. */
			*field = pool_strndup(p, piece, klen > 64 ? 64 : klen);
			return e;
		}
		*field = key;
		if (q->n == QUERY_PAIRS_MAX)
			return ERR_TOO_LARGE;
		if (eq == NULL)
			val = pool_strdup(p, "");
		else if ((e = query_decode(p, eq + 1, len - klen - 1, 1, &val)) != ERR_OK)
			return e;
		if (val == NULL)
			return ERR_NOMEM;
		q->pairs[q->n].key = key;
		q->pairs[q->n].val = val;
		q->n++;
		if (*amp == '\0')
			break;
	}
	*field = NULL;
	return ERR_OK;
}

enum err
query_path(struct pool *p, const char *path, char **segs, size_t *nsegs)
{
	const char	*s, *slash;
	enum err	 e;

	*nsegs = 0;
	if (path[0] != '/')
		return ERR_INVALID;
	for (s = path + 1;; s = slash + 1) {
		slash = s + strcspn(s, "/");
		if (*nsegs == PATH_SEGMENTS_MAX)
			return ERR_NOT_FOUND;
		if ((e = query_decode(p, s, (size_t)(slash - s), 0,
		    &segs[*nsegs])) != ERR_OK)
			return e;
		(*nsegs)++;
		if (*slash == '\0')
			break;
	}
	return ERR_OK;
}
