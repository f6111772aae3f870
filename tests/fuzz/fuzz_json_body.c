/*
 * libFuzzer target for the JSON request bodies of POST
 * /api/v1/orgs/{org}/reviews and /api/v1/orgs/{org}/evidence: the input
 * is parsed as h_records.c parses a body (json_loadb() with
 * JSON_REJECT_DUPLICATES, at most 1 MiB), then checked with
 * record_check() as REC_REVIEW and as REC_EVIDENCE against a small
 * hand-made catalog index.  The parsed document is then written back
 * with the JSON writer (jw_*), which escapes every string and key.
 *
 * Invariants asserted (abort() when one fails):
 *   - record_check() returns ERR_OK, ERR_INVALID or ERR_NOMEM;
 *   - on ERR_OK the required fields are set, the control is in the
 *     catalog, the dates are strict dates, evidence's valid_until is not
 *     before its collected_at, and every value is 1 to 4000
 *     bytes of UTF-8 text without control characters (valid_text), as
 *     the statement parameters must be;
 *   - on ERR_INVALID the message names the origin and the location
 *     ("body: record...") and fits the buffer;
 *   - the writer never fails for a document within JW_DEPTH_MAX, its
 *     output is valid UTF-8 (esc_utf8_valid), parses again with jansson,
 *     and gives back the same document: strings, keys, booleans and
 *     nulls exactly, integers as the same double (the output is read
 *     with every number as a real), reals to the 6 decimals jw_fixed()
 *     was asked for.
 * Each input gets its own pool, freed at the end, like a request.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_json_body
 *   cp -R tests/fuzz/corpus/json_body /tmp/corpus && rm /tmp/corpus/crash-*
 *   tests/fuzz/fuzz_json_body -max_total_time=60 /tmp/corpus
 * The crash-* file in the corpus reproduces a bug in
 * jw_fixed() that this target found (it aborts until that is fixed):
 * run it alone:
 *   tests/fuzz/fuzz_json_body tests/fuzz/corpus/json_body/crash-*
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "errcode.h"
#include "esc.h"
#include "jw.h"
#include "mapstore.h"
#include "pool.h"
#include "record.h"
#include "valid.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)	/* HTTP_JSON_BODY_MAX */
#define FUZZ_DECIMALS	6

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A few control ids in strcmp order, as catalog_index_load() gives them. */
static char	id0[] = "A.10.1.1";
static char	id1[] = "A.5.1";
static char	id2[] = "CLD.6.3.1";
static char	id3[] = "CLD.9.5.1";
static char	id4[] = "control-1";
static char	*ids[] = { id0, id1, id2, id3, id4 };
static const struct catalog_index catalog = {
	"fuzz-fw", ids, sizeof(ids) / sizeof(ids[0])
};

/*
 * The field order of REC_REVIEW and REC_EVIDENCE (record.c): which are
 * required and which are dates.
 */
struct shape {
	enum record_kind	 kind;
	size_t			 nfields;
	size_t			 required[4];
	size_t			 dates[2];
};

static const struct shape shapes[] = {
	/* control, reviewed_at, reviewer, result, notes, next_review_due,
	   id (the source id) */
	{ REC_REVIEW, 7, { 0, 1, 2, 3 }, { 1, 5 } },
	/* control, kind, title, collected_at, valid_until, location,
	   sha256, collected_by, id */
	{ REC_EVIDENCE, 9, { 0, 1, 2, 3 }, { 3, 4 } },
};

static void
check_record(json_t *root, const struct shape *sh)
{
	const char		*vals[RECORD_FIELDS_MAX];
	char			 msg[512];
	struct record_ctx	 rc = { "body", &catalog, msg, sizeof(msg) };
	struct pool		*p;
	size_t			 i;
	enum err		 e;

	if (record_nfields(sh->kind) != sh->nfields ||
	    sh->nfields > RECORD_FIELDS_MAX)
		abort();
	if ((p = pool_new()) == NULL)
		abort();
	memset(msg, 0, sizeof(msg));
	e = record_check(sh->kind, root, &rc, p, "record", NULL, vals);
	switch (e) {
	case ERR_OK:
		for (i = 0; i < 4; i++)
			if (vals[sh->required[i]] == NULL)
				abort();
		if (!catalog_index_has(&catalog, vals[0]))
			abort();
		for (i = 0; i < 2; i++)
			if (vals[sh->dates[i]] != NULL &&
			    !valid_date(vals[sh->dates[i]], NULL))
				abort();
		for (i = 0; i < sh->nfields; i++)
			if (vals[i] != NULL && !valid_text(vals[i], 4000))
				abort();
		/* Evidence is valid until no earlier than it was collected. */
		if (sh->kind == REC_EVIDENCE && vals[4] != NULL &&
		    strcmp(vals[4], vals[3]) < 0)
			abort();
		break;
	case ERR_INVALID:
		if (strnlen(msg, sizeof(msg)) == sizeof(msg) ||
		    strncmp(msg, "body: record", 12) != 0)
			abort();
		break;
	case ERR_NOMEM:
		break;
	default:
		abort();
	}
	pool_free(p);
}

/*
 * Writes v with the JSON writer.  Containers deeper than the writer
 * allows become null and clear *exact.
 */
static void
emit(struct jw *j, json_t *v, int depth, bool *exact)
{
	const char	*k;
	json_t		*m;
	size_t		 i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (depth + 2 >= JW_DEPTH_MAX) {
			jw_null(j);
			*exact = false;
			break;
		}
		jw_object_open(j);
		json_object_foreach(v, k, m) {
			/* jansson refuses NUL in keys; strlen is the length. */
			jw_key(j, k);
			emit(j, m, depth + 1, exact);
		}
		jw_object_close(j);
		break;
	case JSON_ARRAY:
		if (depth + 2 >= JW_DEPTH_MAX) {
			jw_null(j);
			*exact = false;
			break;
		}
		jw_array_open(j);
		json_array_foreach(v, i, m)
			emit(j, m, depth + 1, exact);
		jw_array_close(j);
		break;
	case JSON_STRING:
		jw_stringn(j, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jw_int(j, (int64_t)json_integer_value(v));
		break;
	case JSON_REAL:
		jw_fixed(j, json_real_value(v), FUZZ_DECIMALS);
		break;
	case JSON_TRUE:
		jw_bool(j, true);
		break;
	case JSON_FALSE:
		jw_bool(j, false);
		break;
	case JSON_NULL:
		jw_null(j);
		break;
	}
}

/* Whether b (reparsed output) is a (input) as the writer promises. */
static bool
same(json_t *a, json_t *b)
{
	const char	*k;
	json_t		*m;
	size_t		 i;
	double		 x, y;

	/* The output is read back with every number as a real. */
	if (json_is_integer(a))
		return json_is_real(b) &&
		    (double)json_integer_value(a) == json_real_value(b);
	if (json_is_real(a)) {
		if (!json_is_real(b))
			return false;
		x = json_real_value(a);
		y = json_real_value(b);
		/* Rounded to FUZZ_DECIMALS, then read back as a double. */
		return fabs(x - y) <= 0.5e-6 + 1e-9 * fabs(x);
	}
	if (json_typeof(a) != json_typeof(b))
		return false;
	switch (json_typeof(a)) {
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return false;
		json_object_foreach(a, k, m)
			if (json_object_get(b, k) == NULL ||
			    !same(m, json_object_get(b, k)))
				return false;
		return true;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return false;
		json_array_foreach(a, i, m)
			if (!same(m, json_array_get(b, i)))
				return false;
		return true;
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		    memcmp(json_string_value(a), json_string_value(b),
		    json_string_length(a)) == 0;
	default:
		return true;	/* true, false, null: the type says it all */
	}
}

static void
check_writer(json_t *root)
{
	struct buf	 b;
	struct jw	 j;
	json_error_t	 err;
	json_t		*back;
	bool		 exact = true;

	buf_init(&b, 0);
	jw_init(&j, &b);
	emit(&j, root, 0, &exact);
	if (buf_failed(&b) || b.data == NULL || j.depth != 0)
		abort();
	if (!esc_utf8_valid(b.data, b.len))
		abort();
	/*
	 * jw_fixed() writes a large real without a point, which jansson
	 * would read as an integer too big for json_int_t: read every
	 * number as a real.
	 */
	back = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_INT_AS_REAL, &err);
	if (back == NULL)
		abort();
	if (exact && !same(root, back))
		abort();
	json_decref(back);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t	 err;
	json_t		*root;
	size_t		 i;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &err);
	if (root == NULL)
		return 0;
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		check_record(root, &shapes[i]);
	check_writer(root);
	json_decref(root);
	return 0;
}
