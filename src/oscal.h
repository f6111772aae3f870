/*
 * oscal.h — OSCAL 1.2 mapping collections (the Control Mapping model,
 * root "mapping-collection"), for `annexa import mappings --format oscal`
 * and `annexa export mappings --format oscal`.
 *
 * One annexa mapping set is one entry of the collection's "mappings";
 * one row is one "map" with one source and one target control.  What
 * OSCAL has no slot for travels in props of the namespace OSCAL_NS (see
 * oscal.c for the full list).  oscal_read(oscal_write(sets)) gives the
 * sets back field by field, and writing them again gives the same bytes.
 */
#ifndef ANNEXA_OSCAL_H
#define ANNEXA_OSCAL_H

#include <stddef.h>

#include "errcode.h"

struct buf;
struct mapset;
struct pool;

/*
 * The namespace of annexa's props.  ".invalid" (RFC 2606) can never be
 * registered, so the name cannot collide with anyone's; it is a naming
 * system identifier, not a page to fetch.
 */
#define OSCAL_NS		"https://annexa.invalid/ns/oscal"
#define OSCAL_VERSION		"1.2.0"

#define OSCAL_SETS_MAX		256	/* mappings in one collection */
#define OSCAL_ITEMS_MAX		64	/* sources or targets of one map */

/*
 * Appends one mapping collection holding sets[0..n) to out (a compact
 * JSON document and a newline).  Every set must pass mapset_check() and
 * names must differ; otherwise ERR_INVALID with msg saying which.  UUIDs
 * are derived from the set names and control ids, and no clock is read,
 * so the same sets always give the same bytes.  On a buffer failure
 * ERR_NOMEM (or ERR_TOO_LARGE when out has a max); out then holds a
 * partial document the caller discards.
 */
enum err	oscal_write(const struct mapset *const *sets, size_t n,
		    struct buf *out, char *msg, size_t msgsz);

/*
 * Parses a mapping collection: text[0..len), no NUL needed; origin names
 * the file in messages and becomes each set's origin.  Collections
 * written by other tools are read too, with defaults for what annexa's
 * props would say (oscal.c lists them).  On ERR_OK *sets holds *nsets
 * sets, each passing mapset_check(), allocated from pool.  On failure
 * (ERR_INVALID, ERR_TOO_LARGE, ERR_NOMEM) msg names the file and the JSON
 * location, as in "m.json: mapping-collection.mappings[0].maps[3]
 * .relationship: ...", and *sets is NULL.
 */
enum err	oscal_read(struct pool *, const char *origin, const char *text,
		    size_t len, struct mapset ***sets, size_t *nsets,
		    char *msg, size_t msgsz);

#endif
