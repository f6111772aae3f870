/*
 * query.h — parsing of the request target: the query string
 * (application/x-www-form-urlencoded, WHATWG URL section 5.1) and the path.
 *
 * Decoding rejects what no valid input holds: an embedded NUL, CR or LF,
 * a malformed %-escape, and text that is not UTF-8.  All results are
 * allocated from the pool and live until it is reset.
 */
#ifndef ANNEXA_QUERY_H
#define ANNEXA_QUERY_H

#include <stddef.h>

#include "errcode.h"

#define QUERY_PAIRS_MAX		64
#define PATH_SEGMENTS_MAX	16

struct pool;

struct query_pair {
	const char	*key;
	const char	*val;
};

struct query {
	struct query_pair	 pairs[QUERY_PAIRS_MAX];
	size_t			 n;
};

/*
 * Splits a query string into decoded pairs.  Empty pieces ("a=1&&b=2")
 * are skipped; a key without '=' has the value "".  On ERR_INVALID or
 * ERR_TOO_LARGE, *field is the offending key (decoded when possible).
 */
enum err	query_parse(struct pool *, const char *qs, struct query *,
		    const char **field);
/*
 * Splits an absolute path into decoded segments ("/a/b%2Fc" gives "a",
 * "b/c"); empty segments are kept so "/a//b" does not match "/a/b".
 */
enum err	query_path(struct pool *, const char *path, char **segs,
		    size_t *nsegs);

#endif
