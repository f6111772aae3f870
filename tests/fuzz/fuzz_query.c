/*
 * libFuzzer target for the request-target parsers (docs/api.md): the input
 * is a request target "PATH?QUERY", cut at its first NUL as FastCGI
 * parameters are.  It is split at the first '?'; the path gets a leading
 * '/' when it has none.  Then, as api.c does for a request:
 *   query_path() on the path, route_find() on its segments for GET, POST
 *   and an unknown method, query_parse() on the query string, and
 *   input_parse() with every key accepted (all KEYBITs) and with the keys
 *   of the route found.
 *
 * Invariants asserted (abort() when one fails):
 *   - every function returns one of the codes its header documents;
 *   - on ERR_OK every decoded path segment, key and value holds no CR or
 *     LF, is valid UTF-8 (esc_utf8_valid) and so holds no NUL; a path
 *     gives one segment per '/' and at most PATH_SEGMENTS_MAX;
 *   - on ERR_OK query_parse() gives at most QUERY_PAIRS_MAX pairs, at
 *     most one per '&'-separated piece, and clears *field; on ERR_INVALID
 *     and ERR_TOO_LARGE it names the field;
 *   - route_find(): a match is a route of the method asked for, whose
 *     parameters are non-empty segments that route_param() finds by
 *     their names; a method mismatch lists the methods allowed and not
 *     the one asked;
 *   - input_parse(): every value set passes its key's validator and is
 *     one of the query's values (or, for a repeated list key, their
 *     join); a failure names the field with one of the three codes;
 *     input_list() splits a list key into 1..INPUT_LIST_MAX identifiers.
 * Memory comes from one pool, reset after every input as the server
 * resets a request's pool; nothing else outlives an input.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_query
 *   cp -R tests/fuzz/corpus/query /tmp/corpus
 *   tests/fuzz/fuzz_query -max_total_time=60 /tmp/corpus
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errcode.h"
#include "esc.h"
#include "input.h"
#include "pool.h"
#include "query.h"
#include "route.h"
#include "valid.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A decoded string: valid UTF-8, no NUL (by esc_utf8_valid), no CR/LF. */
static void
check_decoded(const char *s)
{
	size_t	n;

	if (s == NULL)
		abort();
	n = strlen(s);
	if (!esc_utf8_valid(s, n) || strpbrk(s, "\r\n") != NULL)
		abort();
}

static size_t
count_char(const char *s, char c)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (*s == c)
			n++;
	return n;
}

static void
check_route(char *const *segs, size_t nsegs, bool known, enum method meth)
{
	struct route_match	 m;
	const char		*name;
	char			 pname[32];
	size_t			 i, k, len;
	enum err		 e;

	memset(&m, 0, sizeof(m));
	e = route_find(segs, nsegs, known, meth, &m);
	switch (e) {
	case ERR_OK:
		if (!known || (unsigned)m.route >= ROUTE__MAX ||
		    route_defs[m.route].method != meth ||
		    m.nparams > ROUTE_PARAMS_MAX)
			abort();
		for (i = 0; i < m.nparams; i++) {
			for (k = 0; k < nsegs && segs[k] != m.param[i]; k++)
				;
			if (k == nsegs || m.param[i][0] == '\0')
				abort();
			/* param_name points at "name}" inside the pattern. */
			name = m.param_name[i];
			len = strcspn(name, "}");
			if (name[len] != '}' || len == 0)
				abort();
			/* Names are unique in a pattern: it finds this one. */
			if (len < sizeof(pname)) {
				memcpy(pname, name, len);
				pname[len] = '\0';
				if (route_param(&m, pname) != m.param[i])
					abort();
			}
		}
		break;
	case ERR_METHOD:
		if (m.allow == 0 || m.allow >= (1u << METHOD__MAX))
			abort();
		if (known && (m.allow & (1u << meth)))
			abort();
		break;
	case ERR_NOT_FOUND:
		break;
	default:
		abort();
	}
}

/* Checks a value input_parse() set: it came from the query. */
static void
check_input(const struct query *q, const struct input *in, uint32_t accepted,
    struct pool *p)
{
	const char	*items[INPUT_LIST_MAX];
	size_t		 i, n;
	int		 k;
	bool		 from_query;

	for (k = 0; k < KEY__MAX; k++) {
		if (in->val[k] == NULL)
			continue;
		if (!(accepted & KEYBIT(k)))
			abort();
		check_decoded(in->val[k]);
		if (!key_defs[k].valid(in->val[k]))
			abort();
		from_query = false;
		for (i = 0; i < q->n; i++)
			if (q->pairs[i].val == in->val[k] &&
			    strcmp(q->pairs[i].key, key_defs[k].name) == 0)
				from_query = true;
		if (!from_query && !key_defs[k].repeat)
			abort();
		if (!key_defs[k].repeat)
			continue;
		n = input_list(p, in->val[k], items);
		if (n == 0 || n > INPUT_LIST_MAX)
			abort();
		for (i = 0; i < n; i++)
			if (!valid_ident(items[i]))
				abort();
	}
}

static void
check_input_parse(struct pool *p, const struct query *q, uint32_t accepted)
{
	struct input	 in;
	const char	*field = NULL, *code = NULL, *expect = NULL;
	enum err	 e;

	e = input_parse(p, q, accepted, &in, &field, &code, &expect);
	switch (e) {
	case ERR_OK:
		if (field != NULL)
			abort();
		check_input(q, &in, accepted, p);
		break;
	case ERR_INVALID:
		if (field == NULL || code == NULL)
			abort();
		if (strcmp(code, "unknown_parameter") != 0 &&
		    strcmp(code, "duplicate_parameter") != 0 &&
		    strcmp(code, "invalid_parameter") != 0)
			abort();
		if (strcmp(code, "invalid_parameter") == 0 && expect == NULL)
			abort();
		break;
	case ERR_NOMEM:
		break;
	default:
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pool	*p;
	struct query		 q;
	char			*segs[PATH_SEGMENTS_MAX], *target = NULL;
	char			*path, *mark;
	const char		*qs, *field = NULL;
	size_t			 len, nsegs = 0, i, pieces;
	uint32_t		 all = 0;
	enum err		 e;
	int			 k;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if (p == NULL && (p = pool_new()) == NULL)
		abort();
	/* FastCGI parameters are C strings: the target ends at a NUL. */
	len = strnlen((const char *)data, size);
	/* One byte for a leading '/', one for the NUL. */
	if ((target = malloc(len + 2)) == NULL)
		abort();
	target[0] = '/';
	memcpy(target + 1, data, len);
	target[len + 1] = '\0';
	path = len > 0 && data[0] == '/' ? target + 1 : target;
	qs = "";
	if ((mark = strchr(path, '?')) != NULL) {
		*mark = '\0';
		qs = mark + 1;
	}

	/* The path. */
	e = query_path(p, path, segs, &nsegs);
	switch (e) {
	case ERR_OK:
		if (nsegs == 0 || nsegs > PATH_SEGMENTS_MAX ||
		    nsegs != count_char(path, '/'))
			abort();
		for (i = 0; i < nsegs; i++)
			check_decoded(segs[i]);
		check_route(segs, nsegs, true, METHOD_GET);
		check_route(segs, nsegs, true, METHOD_POST);
		check_route(segs, nsegs, false, METHOD_GET);
		break;
	case ERR_INVALID:
	case ERR_NOT_FOUND:
	case ERR_NOMEM:
		nsegs = 0;
		break;
	default:
		abort();
	}

	/* The query string. */
	e = query_parse(p, qs, &q, &field);
	switch (e) {
	case ERR_OK:
		pieces = count_char(qs, '&') + 1;
		if (field != NULL || q.n > QUERY_PAIRS_MAX || q.n > pieces)
			abort();
		for (i = 0; i < q.n; i++) {
			check_decoded(q.pairs[i].key);
			check_decoded(q.pairs[i].val);
		}
		for (k = 0; k < KEY__MAX; k++)
			all |= KEYBIT(k);
		check_input_parse(p, &q, all);
		check_input_parse(p, &q, 0);
		if (nsegs > 0) {
			struct route_match	m;

			if (route_find(segs, nsegs, true, METHOD_GET, &m) ==
			    ERR_OK)
				check_input_parse(p, &q,
				    route_defs[m.route].keys);
		}
		break;
	case ERR_INVALID:
	case ERR_TOO_LARGE:
		if (field == NULL)
			abort();
		break;
	case ERR_NOMEM:
		break;
	default:
		abort();
	}

	free(target);
	pool_reset(p);
	return 0;
}
