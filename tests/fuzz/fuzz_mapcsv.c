/*
 * libFuzzer target for the native mapping CSV (mapcsv.h, docs/formats.md):
 * the input is read with mapcsv_read() into a set named "fuzz" made with
 * mapset_new(), then checked with mapset_check().  A set that passes is
 * written back with mapcsv_write() and read again.
 *
 * Invariants asserted (abort() when one fails):
 *   - mapcsv_read() returns ERR_OK, ERR_INVALID, ERR_TOO_LARGE or
 *     ERR_NOMEM, and mapset_check() ERR_OK, ERR_INVALID or ERR_NOMEM;
 *     a failure leaves a message that fits its buffer;
 *   - after ERR_OK the set has a provenance and at most MAPSET_ROWS_MAX
 *     rows;
 *   - the round trip (mapcsv.h: "mapcsv_read() gives it back
 *     unchanged"): the second read succeeds and passes mapset_check(),
 *     and gives the same provenance, version, frameworks and rows (every
 *     field but the line number, which depends on comments and blank
 *     lines); writing the second set gives the same bytes as the first.
 * Each input gets its own pool, freed at the end.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_mapcsv
 *   cp -R tests/fuzz/corpus/mapcsv /tmp/corpus
 *   tests/fuzz/fuzz_mapcsv -max_total_time=60 /tmp/corpus
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "errcode.h"
#include "mapcsv.h"
#include "mapset.h"
#include "pool.h"
#include "fuzz_mapset.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A new set as the importer makes one: name and origin given. */
static struct mapset *
new_set(struct pool *p)
{
	struct mapset	*s;

	if ((s = mapset_new(p)) == NULL)
		abort();
	s->name = "fuzz";
	s->origin = "fuzz.csv";
	return s;
}

static void
check_msg(const char *msg, size_t msgsz)
{
	if (strnlen(msg, msgsz) == msgsz || msg[0] == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mapset	*set, *again;
	struct buf	 out, out2;
	struct pool	*p;
	char		 msg[512];
	enum err	 e;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if ((p = pool_new()) == NULL)
		abort();
	buf_init(&out, 0);
	buf_init(&out2, 0);
	set = new_set(p);
	msg[0] = '\0';
	e = mapcsv_read(set, (const char *)data, size, msg, sizeof(msg));
	switch (e) {
	case ERR_OK:
		if (set->provenance == NULL || set->n > MAPSET_ROWS_MAX)
			abort();
		break;
	case ERR_INVALID:
	case ERR_TOO_LARGE:
		check_msg(msg, sizeof(msg));
		goto out;
	case ERR_NOMEM:
		goto out;
	default:
		abort();
	}
	msg[0] = '\0';
	e = mapset_check(set, msg, sizeof(msg));
	if (e == ERR_INVALID)
		check_msg(msg, sizeof(msg));
	if (e != ERR_OK && e != ERR_INVALID && e != ERR_NOMEM)
		abort();
	if (e != ERR_OK)
		goto out;

	/* The round trip. */
	mapcsv_write(set, &out);
	if (buf_failed(&out) || out.data == NULL)
		abort();
	again = new_set(p);
	if (mapcsv_read(again, out.data, out.len, msg, sizeof(msg)) != ERR_OK ||
	    mapset_check(again, msg, sizeof(msg)) != ERR_OK)
		abort();
	fuzz_same_sets(set, again);
	mapcsv_write(again, &out2);
	if (buf_failed(&out2) || out.len != out2.len ||
	    memcmp(out.data, out2.data, out.len) != 0)
		abort();
out:
	buf_free(&out);
	buf_free(&out2);
	pool_free(p);
	return 0;
}
