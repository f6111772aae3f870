/*
 * libFuzzer target for OSCAL catalogs (oscalcat.h): the input is read
 * with oscalcat_read().
 *
 * Invariants asserted (abort() when one fails):
 *   - oscalcat_read() returns ERR_OK, ERR_INVALID or ERR_NOMEM; on
 *     failure the document and the counts are zeroed and the message
 *     fits its buffer;
 *   - on ERR_OK the document is what catalog_write() expects (catalog.h):
 *     a framework id of identifier characters, name, version and
 *     publisher of 1 to 500 bytes of text, 1 to CATALOG_CONTROLS_MAX
 *     controls with distinct identifier ids, identifier group ids and
 *     titles of text;
 *   - the counts agree with the document: as many controls, no more
 *     enhancements than controls, 1 to that many groups, each group id
 *     of the document counted once.
 * Each input gets its own pool, freed at the end.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_oscalcat
 *   cp -R tests/fuzz/corpus/oscalcat /tmp/corpus
 *   tests/fuzz/fuzz_oscalcat -max_total_time=60 /tmp/corpus
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog.h"
#include "errcode.h"
#include "oscalcat.h"
#include "pool.h"
#include "valid.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static bool
text_ok(const char *s)
{
	return s != NULL && valid_text(s, CATALOG_TEXT_MAX);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct catalog_doc	 zero_doc;
	static const struct oscalcat_counts zero_counts;
	const struct catalog_control	*c;
	struct oscalcat_opts		 o;
	struct oscalcat_counts		 n;
	struct catalog_doc		 doc;
	struct pool			*p;
	json_t				*ids, *groups;
	char				 msg[512];
	size_t				 i;
	enum err			 e;

	if (size > FUZZ_INPUT_MAX)
		return 0;
	if ((p = pool_new()) == NULL || (ids = json_object()) == NULL ||
	    (groups = json_object()) == NULL)
		abort();
	memset(&o, 0, sizeof(o));
	o.file_stem = "fuzz";
	msg[0] = '\0';
	e = oscalcat_read(p, "fuzz.json", (const char *)data, size, &o, &doc,
	    &n, msg, sizeof(msg));
	switch (e) {
	case ERR_OK:
		break;
	case ERR_INVALID:
	case ERR_NOMEM:
		if (memcmp(&doc, &zero_doc, sizeof(doc)) != 0 ||
		    memcmp(&n, &zero_counts, sizeof(n)) != 0 ||
		    strnlen(msg, sizeof(msg)) == sizeof(msg))
			abort();
		goto out;
	default:
		abort();
	}
	if (doc.id == NULL || !valid_ident(doc.id) || !text_ok(doc.name) ||
	    !text_ok(doc.version) || !text_ok(doc.publisher) ||
	    doc.n == 0 || doc.n > CATALOG_CONTROLS_MAX || n.controls != doc.n ||
	    n.enhancements > n.controls || n.groups == 0 || n.groups > n.controls)
		abort();
	for (i = 0; i < doc.n; i++) {
		c = &doc.controls[i];
		if (c->id == NULL || !valid_ident(c->id) || !text_ok(c->title) ||
		    c->group_id == NULL || !valid_ident(c->group_id) ||
		    !text_ok(c->group_title) ||
		    json_object_get(ids, c->id) != NULL ||
		    json_object_set_new(ids, c->id, json_true()) != 0 ||
		    json_object_set_new(groups, c->group_id, json_true()) != 0)
			abort();
	}
	if (json_object_size(groups) != n.groups)
		abort();
out:
	json_decref(ids);
	json_decref(groups);
	pool_free(p);
	return 0;
}
