/*
 * mapset.h — a mapping set in memory (docs/formats.md, "mapping_set" and
 * "mapping"): what every importer produces and every exporter reads.
 *
 * All strings live in the pool given to mapset_new(); the set is valid
 * until that pool is reset or freed.  Readers fill a set and record, for
 * each row, where it came from (origin and line) so errors can name it.
 */
#ifndef ANNEXA_MAPSET_H
#define ANNEXA_MAPSET_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

struct db;
struct pool;

/* NIST IR 8477 / OSCAL 1.2 relationships, read from the source's side. */
enum rel {
	REL_EQUAL,
	REL_EQUIVALENT,
	REL_SUBSET,		/* source is a subset of target */
	REL_SUPERSET,		/* source is a superset of target */
	REL_INTERSECTS,
	REL_NONE,		/* "no-relationship": recorded, never counts */
	REL__MAX
};

#define MAPSET_ROWS_MAX		100000
#define MAPSET_NOTE_MAX		4000
#define MAPSET_TEXT_MAX		500

struct mapping_row {
	const char	*source_control;
	const char	*target_control;
	enum rel	 rel;
	int		 strength;	/* 0..10, or -1 when absent */
	const char	*rationale;	/* syntactic|semantic|functional or NULL */
	const char	*confidence;	/* high|medium|low or NULL */
	const char	*note;		/* or NULL */
	const char	*gap_level;	/* CSA: no-gap|partial-gap|full-gap or NULL */
	const char	*addendum;	/* CSA's addendum text or NULL */
	size_t		 line;		/* line (or item number) in origin */
};

struct mapset {
	struct pool		*pool;
	const char		*name;		/* set id: [A-Za-z0-9._&-]{1,64} */
	const char		*source_fw;
	const char		*target_fw;
	const char		*provenance;
	const char		*version;	/* or NULL */
	const char		*origin;	/* file name for messages */
	struct mapping_row	*rows;
	size_t			 n;
	size_t			 cap;
};

/* The relationship's name in annexa ("subset") and in OSCAL ("subset-of"). */
const char	*mapset_rel_name(enum rel);
const char	*mapset_rel_oscal(enum rel);
/* Parses either spelling; false for anything else. */
bool		 mapset_rel_parse(const char *, enum rel *);
/* subset <-> superset, others unchanged: the relationship read backwards. */
enum rel	 mapset_rel_reverse(enum rel);

/* Returns an empty set allocated from pool, or NULL. */
struct mapset	*mapset_new(struct pool *);
/*
 * Appends a copy of row (strings are copied into the set's pool).
 * ERR_TOO_LARGE past MAPSET_ROWS_MAX, ERR_NOMEM.
 */
enum err	 mapset_add(struct mapset *, const struct mapping_row *);
/* The set called name among sets[0..n), or NULL (linear). */
struct mapset	*mapset_named(struct mapset *const *sets, size_t n,
		    const char *name);
/* The row mapping source_control to target_control, or NULL (linear). */
const struct mapping_row *mapset_find(const struct mapset *,
		    const char *source_control, const char *target_control);
/*
 * Checks what needs no database: names, enums, strength range, text
 * lengths, duplicate (source, target) pairs.  On ERR_INVALID msg reads
 * "ORIGIN:LINE: FIELD: reason".
 */
enum err	 mapset_check(const struct mapset *, char *msg, size_t msgsz);

#endif
