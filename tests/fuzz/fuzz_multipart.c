/*
 * libFuzzer target for the multipart/form-data parser (multipart.h), the
 * parser of the verify page's uploads.  The input is split at its first
 * newline: the line is a Content-Type header value for
 * multipart_boundary(); the rest is the body, parsed with the boundary
 * found (else with a fixed one) and a small file limit.
 *
 * Invariants asserted (abort() when one fails):
 *   - a boundary found is 1..70 bytes of RFC 2046's bchars, not ending in
 *     a space, and occurs in the header value;
 *   - a parse that succeeds holds 1..MULTIPART_PARTS_MAX parts with
 *     distinct, non-empty names; every part's data lies inside the body,
 *     in order, and within its limit (file_max with a filename,
 *     MULTIPART_FIELD_MAX without); each part is preceded by the
 *     delimiter and followed by CRLF "--" boundary;
 *   - a failure says why.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_multipart
 *   tests/fuzz/fuzz_multipart -max_total_time=60 tests/fuzz/corpus/multipart
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "pool.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FILE_MAX	4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 b[MULTIPART_BOUNDARY_MAX + 1], *ct, *body;
	const char		*why, *bd = "XyZ", *prev;
	const uint8_t		*nl;
	struct multipart	 mp;
	struct pool		*p;
	size_t			 ctlen, blen, i, k, limit;
	enum err		 e;

	nl = memchr(data, '\n', size);
	ctlen = nl != NULL ? (size_t)(nl - data) : size;
	if ((ct = malloc(ctlen + 1)) == NULL)
		return 0;
	memcpy(ct, data, ctlen);
	ct[ctlen] = '\0';
	why = NULL;
	/* A header value never holds NUL (FastCGI cuts there). */
	if (strlen(ct) != ctlen)
		ct[0] = '\0';
	if (multipart_boundary(ct, b, &why)) {
		blen = strlen(b);
		if (blen == 0 || blen > MULTIPART_BOUNDARY_MAX ||
		    b[blen - 1] == ' ' || strstr(ct, b) == NULL)
			abort();
		for (i = 0; i < blen; i++)
			if (strchr("0123456789abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ", b[i]) ==
			    NULL)
				abort();
		bd = b;
	} else if (why == NULL)
		abort();
	/* The body at its exact size on the heap: ASan sees any overread. */
	size -= nl != NULL ? ctlen + 1 : ctlen;
	data += nl != NULL ? ctlen + 1 : ctlen;
	if ((body = malloc(size > 0 ? size : 1)) == NULL ||
	    (p = pool_new()) == NULL) {
		free(body);
		free(ct);
		return 0;
	}
	memcpy(body, data, size);
	blen = strlen(bd);
	e = multipart_parse(p, bd, body, size, FILE_MAX, &mp, &why);
	if (e != ERR_OK && why == NULL)
		abort();
	if (e == ERR_OK) {
		if (mp.n == 0 || mp.n > MULTIPART_PARTS_MAX)
			abort();
		prev = body;
		for (i = 0; i < mp.n; i++) {
			const struct multipart_part *pt = &mp.part[i];

			limit = pt->filename != NULL ? FILE_MAX :
			    MULTIPART_FIELD_MAX;
			if (pt->name == NULL || pt->name[0] == '\0' ||
			    pt->data < prev || pt->len > limit ||
			    pt->data + pt->len + 4 + blen > body + size ||
			    memcmp(pt->data + pt->len, "\r\n--", 4) != 0 ||
			    memcmp(pt->data + pt->len + 4, bd, blen) != 0)
				abort();
			for (k = 0; k < i; k++)
				if (strcmp(mp.part[k].name, pt->name) == 0)
					abort();
			prev = pt->data + pt->len;
		}
		if (memcmp(body, "--", 2) != 0 || memcmp(body + 2, bd, blen) !=
		    0)
			abort();
	}
	pool_free(p);
	free(body);
	free(ct);
	return 0;
}
