/*
 * mapstore.h — mapping sets in the database: validation against the
 * catalog, storing (replacing a set of the same name) and loading.
 */
#ifndef ANNEXA_MAPSTORE_H
#define ANNEXA_MAPSTORE_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

struct db;
struct mapset;
struct pool;

/* The control ids of one framework, sorted for bsearch. */
struct catalog_index {
	const char	 *framework;
	char		**ids;
	size_t		  n;
};

/* Loads the ids of fw (an empty index when fw has none). */
enum err	catalog_index_load(struct db *, struct pool *, const char *fw,
		    struct catalog_index *);
bool		catalog_index_has(const struct catalog_index *, const char *id);

/*
 * The catalogs of any number of frameworks, each loaded the first time
 * it is asked about: for checks that ask about many ids of a few
 * frameworks (the CSA importer, `annexa lint mappings`).  Everything it
 * holds lives in the pool given to catalog_cache_init().
 */
struct catalog_cache {
	struct db		*db;
	struct pool		*pool;
	struct catalog_index	*idx;
	size_t			 n;
	size_t			 cap;
	bool			 failed;	/* a load failed: see db_errmsg() */
};

void		catalog_cache_init(struct catalog_cache *, struct db *,
		    struct pool *);
/*
 * Whether control is an id of framework fw's catalog; arg is a struct
 * catalog_cache (the shape of csa_known_fn and maplint_known_fn).  A
 * framework without a catalog has no ids.  When loading a catalog fails
 * the answer is false and the cache's failed is set, for the caller to
 * check once at the end.
 */
bool		catalog_cache_has(void *arg, const char *fw, const char *control);

/*
 * Checks set against the catalog (both frameworks exist, every control
 * exists) and stores it, replacing a set of the same name.  Runs inside
 * the caller's transaction: the caller begins and commits, so several
 * sets can be stored all-or-nothing.  msg names origin, line and field.
 */
enum err	mapstore_put(struct db *, const struct mapset *, char *msg,
		    size_t msgsz);

struct mapset_info {
	const char	*id;
	const char	*name;
	const char	*source_fw;
	const char	*target_fw;
	const char	*provenance;
	const char	*version;
	const char	*imported_at;
};

/* Every stored set, by name. */
enum err	mapstore_list(struct db *, struct pool *, struct mapset_info **,
		    size_t *);
/* Loads the stored set described by info, rows sorted by ids. */
enum err	mapstore_get(struct db *, struct pool *,
		    const struct mapset_info *, struct mapset **);

#endif
