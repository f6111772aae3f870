/*
 * maplint.h — the mechanical rules a mapping set must keep, checked on
 * one set in memory (`annexa lint mappings`).
 *
 * The rules are the "mechanical rules" M1–M9 of docs/mapping-rules.md;
 * each has a stable kebab-case name that users grep for and that the
 * command prints.  The module knows no database: whether a control id is
 * in a framework's catalog is asked through a callback.
 */
#ifndef ANNEXA_MAPLINT_H
#define ANNEXA_MAPLINT_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

struct mapset;
struct pool;

enum maplint_rule {
	/* M1: a source is subset of two or more targets, a row has no note */
	MAPLINT_SUBSET_OF_SEVERAL,
	/* M2: superset with a strength below 10 (or none) */
	MAPLINT_SUPERSET_NOT_FULL,
	/* M3: equal with rationale semantic or functional */
	MAPLINT_EQUAL_NOT_SYNTACTIC,
	/* M4: no-relationship with a strength above 0 */
	MAPLINT_NO_RELATIONSHIP_STRENGTH,
	/* M5: a note that repeats another row's note in the same set */
	MAPLINT_REPEATED_NOTE,
	/* M6: a source or target id missing from its framework's catalog */
	MAPLINT_UNKNOWN_CONTROL,
	/* M7: equivalent with rationale syntactic */
	MAPLINT_EQUIVALENT_SYNTACTIC,
	/* M8: equal or equivalent with a strength other than 10 */
	MAPLINT_WHOLE_NOT_FULL,
	/* M9: subset or intersects with strength 0 or 10 */
	MAPLINT_PART_STRENGTH,
	MAPLINT__MAX
};

struct maplint_finding {
	enum maplint_rule	 rule;
	const char		*source;	/* the row's source control */
	const char		*target;	/* the row's target control */
	const char		*message;	/* one line, no newline */
};

/*
 * Answers whether control is an id of framework fw's catalog.  The same
 * shape as csa_known_fn, so one catalog cache serves both.
 */
typedef bool	(*maplint_known_fn)(void *arg, const char *fw,
		    const char *control);

/* The rule's name ("superset-not-full"), or "?" out of range. */
const char	*maplint_rule_name(enum maplint_rule);

/*
 * Checks every rule on set (which should pass mapset_check(): the
 * strings it reads must not be NULL where mapset_check() requires them).
 * known(known_arg, fw, id) answers the catalog rule; a NULL known skips
 * that rule.  On ERR_OK *out holds *n findings sorted by source, target,
 * rule (then message), allocated with their strings from pool p and
 * valid until it is reset; a clean set gives *n == 0.  ERR_NOMEM when
 * memory runs out (then *out is NULL and *n is 0).
 */
enum err	 maplint_run(struct pool *p, const struct mapset *set,
		    maplint_known_fn known, void *known_arg,
		    struct maplint_finding **out, size_t *n);

#endif
