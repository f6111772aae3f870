/*
 * mapdiff.h — two mapping sets for the same pair of frameworks, side by
 * side: which (source control, target control) pairs both sets hold and
 * whether their relationships agree, and which pairs only one holds.
 *
 * Pure computation over sets already in memory (no database, no HTTP),
 * plus the JSON and CSV forms that `annexa diff mappings` and
 * GET /api/v1/mappings/diff both write, so the two give the same bytes.
 */
#ifndef ANNEXA_MAPDIFF_H
#define ANNEXA_MAPDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"
#include "mapset.h"

struct buf;
struct pool;

/* Where a pair stands; the order is the order of the counts. */
enum mapdiff_status {
	MAPDIFF_AGREE,		/* in both, same relationship */
	MAPDIFF_DIFFER,		/* in both, different relationships */
	MAPDIFF_ONLY_A,
	MAPDIFF_ONLY_B,
	MAPDIFF__MAX
};

/*
 * One side of a pair: the relationship as read from A's side (B's row
 * reversed when B is read backwards), the strength as stored, and the
 * row itself (NULL when that set lacks the pair).
 */
struct mapdiff_side {
	const struct mapping_row	*row;
	enum rel			 rel;
	int				 strength;	/* 0..10, or -1 */
};

struct mapdiff_pair {
	const char		*source_control;	/* A's source framework */
	const char		*target_control;	/* A's target framework */
	enum mapdiff_status	 status;
	struct mapdiff_side	 a, b;
};

struct mapdiff {
	const struct mapset	*a, *b;
	const char		*source_fw;	/* A's pair of frameworks */
	const char		*target_fw;
	/*
	 * B is stored target -> source and was read backwards: its pairs
	 * are swapped and subset/superset exchanged.  Its strengths are kept
	 * as stored, and so say how much of A's *source* control B's row
	 * covers: they are shown, never compared.
	 */
	bool			 b_backwards;
	struct mapdiff_pair	*pairs;		/* by source, then target (strcmp) */
	size_t			 n;
	size_t			 count[MAPDIFF__MAX];
};

/* "both-agree", "both-differ", "only-a", "only-b". */
const char	*mapdiff_status_name(enum mapdiff_status);

/*
 * Compares a and b.  b must map the same pair of frameworks as a, either
 * way round; otherwise ERR_INVALID and msg names both sets and their
 * frameworks.  A pair twice in one set (mapset_check refuses that) is
 * ERR_INVALID too.  Agreement is on the relationship alone: strengths,
 * notes and the other fields are shown but not compared, and a
 * `no-relationship` row is a judgement like any other.  Everything is
 * allocated from p; *d points into a and b, which must outlive it.
 * ERR_NOMEM when p runs out.
 */
enum err	 mapdiff_compare(struct pool *p, const struct mapset *a,
		    const struct mapset *b, struct mapdiff *d, char *msg,
		    size_t msgsz);
/* True when every pair is in both sets with the same relationship. */
bool		 mapdiff_same(const struct mapdiff *);

/*
 * The JSON form (docs/api.md, "GET /api/v1/mappings/diff"), one object
 * and a newline.
 */
void		 mapdiff_write_json(const struct mapdiff *, struct buf *);
/*
 * The CSV form, one row per pair, for spreadsheets: every cell goes
 * through esc_csv_cell(), so a note or id that a spreadsheet would take
 * for a formula is written as text.
 */
void		 mapdiff_write_csv(const struct mapdiff *, struct buf *);

#endif
