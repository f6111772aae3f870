/*
 * libFuzzer target for OSCAL 1.2 mapping collections (oscal.h): the input
 * is read with oscal_read(); the sets it gives are written with
 * oscal_write() and that output is read again.
 *
 * Invariants asserted (abort() when one fails):
 *   - oscal_read() returns ERR_OK, ERR_INVALID, ERR_TOO_LARGE or
 *     ERR_NOMEM; on failure *sets is NULL and the message fits its
 *     buffer;
 *   - on ERR_OK there are 1 to OSCAL_SETS_MAX sets with distinct names,
 *     each passing mapset_check() (as oscal.h promises);
 *   - oscal_write() of those sets succeeds, and its output is valid
 *     UTF-8;
 *   - the second oscal_read() succeeds (the brief's invariant), and, as
 *     oscal.h promises, gives the sets back field by field (every field
 *     but the origin and the line, which is the map's index), and
 *     writing them again gives the same bytes.
 * Each input gets its own pool, freed at the end.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_oscal
 *   cp -R tests/fuzz/corpus/oscal /tmp/corpus
 *   tests/fuzz/fuzz_oscal -max_total_time=60 /tmp/corpus
 * The crash-* file in the corpus is the input with which this target
 * found a bug in oscal_write() (titles over 4000 bytes), since fixed; it
 * stays as a regression input.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errcode.h"
#include "esc.h"
#include "mapset.h"
#include "oscal.h"
#include "pool.h"
#include "fuzz_mapset.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)
#define ORIGIN		"fuzz.json"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mapset	**sets = NULL, **again = NULL;
	struct buf	  out, out2;
	struct pool	 *p;
	char		  msg[512];
	size_t		  n = 0, n2 = 0, i, k;
	enum err	  e;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if ((p = pool_new()) == NULL)
		abort();
	buf_init(&out, 0);
	buf_init(&out2, 0);
	msg[0] = '\0';
	e = oscal_read(p, ORIGIN, (const char *)data, size, &sets, &n, msg,
	    sizeof(msg));
	switch (e) {
	case ERR_OK:
		break;
	case ERR_INVALID:
	case ERR_TOO_LARGE:
	case ERR_NOMEM:
		if (sets != NULL || strnlen(msg, sizeof(msg)) == sizeof(msg))
			abort();
		goto out;
	default:
		abort();
	}
	if (sets == NULL || n == 0 || n > OSCAL_SETS_MAX)
		abort();
	for (i = 0; i < n; i++) {
		if (mapset_check(sets[i], msg, sizeof(msg)) != ERR_OK)
			abort();
		for (k = 0; k < i; k++)
			if (strcmp(sets[k]->name, sets[i]->name) == 0)
				abort();
	}

	/* Write, read back, write again. */
	if (oscal_write((const struct mapset *const *)sets, n, &out, msg,
	    sizeof(msg)) != ERR_OK || !esc_utf8_valid(out.data, out.len))
		abort();
	if (oscal_read(p, ORIGIN, out.data, out.len, &again, &n2, msg,
	    sizeof(msg)) != ERR_OK || n2 != n)
		abort();
	for (i = 0; i < n; i++)
		fuzz_same_sets(sets[i], again[i]);
	if (oscal_write((const struct mapset *const *)again, n2, &out2, msg,
	    sizeof(msg)) != ERR_OK || out.len != out2.len ||
	    memcmp(out.data, out2.data, out.len) != 0)
		abort();
out:
	buf_free(&out);
	buf_free(&out2);
	pool_free(p);
	return 0;
}
