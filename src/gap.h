/*
 * gap.h — the gap engine: docs/gap-semantics.md, to the letter.
 *
 * Pure computation over data already in memory: no database, no HTTP.
 * The model (model_gap.c) loads the facts; reports and the API render
 * the result.  Days are counted from 1970-01-01 (valid_days_from_civil).
 *
 *  1. Relationships of S to T (gap_resolve): the S->T sets as stored if
 *     any; else the T->S sets read backwards; else every two-step path
 *     S->P->T through each pivot framework P, each step direct (else
 *     backwards), composed only where set theory guarantees the result.
 *     no-relationship rows never contribute.
 *  2. The state of each source control (gap_state_design/assured).
 *  3. The status of each target control and the scores (gap_compute).
 */
#ifndef ANNEXA_GAP_H
#define ANNEXA_GAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errcode.h"
#include "mapset.h"

struct pool;

#define GAP_NO_DAY		INT32_MIN
#define GAP_REVIEW_WINDOW	365	/* days a review keeps assurance */

/* Ordered: a larger state is better; n/a stands apart. */
enum gap_state {
	GAP_STATE_NONE,
	GAP_STATE_PARTIAL,
	GAP_STATE_FULL,
	GAP_STATE_NA
};

enum gap_status {
	GAP_GAP,
	GAP_PARTIAL,
	GAP_COVERED,
	GAP_NOT_APPLICABLE,
	GAP_UNMAPPED
};

enum gap_impl {
	GAP_IMPL_IMPLEMENTED,
	GAP_IMPL_PARTIAL,
	GAP_IMPL_PLANNED,
	GAP_IMPL_NOT_IMPLEMENTED
};

enum gap_review {
	GAP_REVIEW_NONE = -1,
	GAP_REVIEW_EFFECTIVE,
	GAP_REVIEW_PARTIALLY_EFFECTIVE,
	GAP_REVIEW_INEFFECTIVE
};

/* What the organisation's records say of one source control, as_of. */
struct gap_source {
	const char	*control;
	bool		 has_entry;	/* an SoA entry exists */
	bool		 applicable;
	enum gap_impl	 impl;
	enum gap_review	 latest_review;	 /* the latest on or before as_of */
	int32_t		 latest_review_day;
	/* latest collected_at of evidence still valid at as_of */
	int32_t		 latest_valid_evidence_day;
	/* latest change event (this control's or org-wide) on or before as_of */
	int32_t		 latest_change_day;
};

/* One relationship of a source control to a target control. */
struct gap_edge {
	const char	*source;
	const char	*target;
	enum rel	 rel;
	int		 strength;	/* -1: none */
	const char	*set;		/* "name", or "first + second" for a path */
	const char	*pivot;		/* the middle control of a path, or NULL */
	const struct mapping_row *row1;	/* the stored row (first step) */
	const struct mapping_row *row2;	/* second step of a path, or NULL */
};

struct gap_edges {
	struct gap_edge	*edges;
	size_t		 n;
	const char	**sets;		/* the sets (or paths) used, distinct */
	size_t		 nsets;
	int		 kind;		/* GAP_DIRECT, GAP_BACKWARD, GAP_PATH, GAP_NONE */
};

enum { GAP_NONE_FOUND, GAP_DIRECT, GAP_BACKWARD, GAP_PATH };

struct gap_target {
	const char	*id;
	const char	*title;
	const char	*group_id;
};

struct gap_contrib {
	const struct gap_edge	*edge;
	enum gap_state		 design;	/* the source's own states */
	enum gap_state		 assured;
};

struct gap_row {
	const struct gap_target	*target;
	enum gap_status		 design;
	enum gap_status		 assured;
	struct gap_contrib	*contribs;
	size_t			 ncontribs;
};

struct gap_score {
	size_t	covered;
	size_t	partial;
	size_t	gap;
	size_t	not_applicable;
	size_t	unmapped;
	bool	defined;	/* covered + partial + gap > 0 */
	double	coverage;	/* (covered + 0.5 partial) / (c + p + g) */
	double	strict;		/* covered / (c + p + g) */
};

struct gap_result {
	struct gap_row		*rows;
	size_t			 n;
	struct gap_score	 design;
	struct gap_score	 assured;
};

/*
 * The highest strength of a marginal part: a subset or intersects row of
 * this strength or less (docs/mapping-rules.md: "a marginal overlap, kept
 * so the reason shows") makes its target mapped but never covered nor
 * partial (docs/gap-semantics.md, section 3).  A row without a strength is
 * not marginal.
 */
#define GAP_MARGINAL_STRENGTH	2

#define GAP_FORMULA "coverage = (covered + 0.5 * partial) / (covered + partial + gap); " \
	"strict = covered / (covered + partial + gap)"

/*
 * The score's one home: gap_score_add() counts a status, gap_score_finish()
 * computes defined, coverage and strict from the counts (GAP_FORMULA).
 * Every report, chart and answer scores through these two, whether over
 * all target controls or one group of them.
 */
void		 gap_score_add(struct gap_score *, enum gap_status);
void		 gap_score_finish(struct gap_score *);

const char	*gap_state_name(enum gap_state);
const char	*gap_status_name(enum gap_status);

/* r1 then r2 (s r1 p, p r2 t); false when nothing follows. */
bool		 gap_compose(enum rel r1, enum rel r2, enum rel *out);

/*
 * Finds the relationships of framework S to T among sets[0..n) (docs/
 * gap-semantics.md).  Edges and names are allocated from the pool.
 */
enum err	 gap_resolve(struct pool *, const char *S, const char *T,
		    struct mapset *const *sets, size_t n, struct gap_edges *);

enum gap_state	 gap_state_design(const struct gap_source *);
enum gap_state	 gap_state_assured(const struct gap_source *, int32_t as_of);

/*
 * Statuses of every target control and both scores.  sources must be
 * sorted by control (strcmp); a source control with no row counts as
 * having no SoA entry.
 */
enum err	 gap_compute(struct pool *, const struct gap_target *, size_t,
		    const struct gap_source *, size_t, const struct gap_edges *,
		    int32_t as_of, struct gap_result *);

#endif
