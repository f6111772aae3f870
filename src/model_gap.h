/*
 * model_gap.h — loads what the gap engine needs for one organisation and
 * runs it (docs/gap-semantics.md): the organisation, the mapping sets in
 * play, the state facts of every source control as of a date, and the
 * target catalogs.  The caller holds one snapshot transaction around it all.
 */
#ifndef ANNEXA_MODEL_GAP_H
#define ANNEXA_MODEL_GAP_H

#include <stddef.h>
#include <stdint.h>

#include "errcode.h"
#include "gap.h"

struct db;
struct pool;
struct mapcache;
struct mapset;

#define MODEL_GAP_SETS_MAX	64

struct org_info {
	const char	*id;
	const char	*name;
	const char	*cloud_role;
	const char	*source_fw;
};

/* Everything shared by the targets of one request. */
struct gap_context {
	struct org_info		 org;
	int32_t			 as_of;
	const char		*as_of_text;
	struct mapset		*sets[MODEL_GAP_SETS_MAX];
	size_t			 nsets;
	struct gap_source	*sources;
	size_t			 nsources;
};

struct gap_answer {
	const char		*target;
	struct gap_edges	 edges;
	struct gap_target	*targets;
	size_t			 ntargets;
	struct gap_result	 result;
};

/* The data epoch (migration 0002): it moves on every write. */
enum err	model_epoch(struct db *, long long *);
/* ERR_NOT_FOUND when there is no such organisation. */
enum err	model_org(struct db *, struct pool *, const char *org,
		    struct org_info *);
/*
 * Loads the stored mapping sets (only those named in filter when nfilter
 * > 0, at most MODEL_GAP_SETS_MAX) through the cache (NULL: straight
 * from the database); an unknown name is ERR_INVALID with *bad set to it.
 * The sets stay valid until the request ends: the next
 * mapcache_begin_request() or the reset of the pool, whichever is first.
 */
enum err	model_mapsets(struct db *, struct pool *, struct mapcache *,
		    const char *const *filter,
		    size_t nfilter, struct mapset **sets, size_t *nsets,
		    const char **bad);
/*
 * Loads the organisation, the mapping sets (only those named in filter,
 * when nfilter > 0; an unknown name is ERR_INVALID with *bad set to it)
 * and the source facts as of as_of (YYYY-MM-DD).
 */
enum err	model_gap_context(struct db *, struct pool *, struct mapcache *,
		    const char *org,
		    const char *as_of, const char *const *filter, size_t nfilter,
		    struct gap_context *, const char **bad);
/*
 * The target frameworks a comparison speaks of when none are named:
 * every framework a loaded set links to the source, directly or through
 * one pivot, in the order the sets name them, at most max; frameworks
 * that only other programmes' sets link are left out.  Returns how many;
 * the names point into the sets.  The comparison API, the pages, the
 * coverage chart and the reports all list targets through this.
 */
size_t		model_gap_targets(const struct gap_context *,
		    const char **targets, size_t max);
/* Runs the engine for one target; ERR_NOT_FOUND for an unknown target. */
enum err	model_gap_target(struct db *, struct pool *,
		    const struct gap_context *, const char *target,
		    struct gap_answer *);
/*
 * The answer for the same target under another context g (the coverage
 * at an earlier date, say): when g resolves through the very mapping sets
 * of the context that made prev, prev's target controls and edges are
 * reused and only the organisation's records are weighed again, else the
 * whole engine runs.  The result is what model_gap_target would give.
 */
enum err	model_gap_target_again(struct db *, struct pool *,
		    const struct gap_context *g, const struct gap_context *prev_g,
		    const struct gap_answer *prev, struct gap_answer *);

#endif
