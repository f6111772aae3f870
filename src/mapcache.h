/*
 * mapcache.h — a per-thread cache of stored mapping sets.
 *
 * A stored set never changes: re-importing a name deletes the old set and
 * creates a new one with a new id, in one transaction.  So a set loaded
 * once by id stays right for as long as that id exists, on every host;
 * the listing (ids) is still read from the database on every request.
 * Not thread-safe: one cache per worker thread.
 */
#ifndef ANNEXA_MAPCACHE_H
#define ANNEXA_MAPCACHE_H

#include "err.h"

#define MAPCACHE_SETS_MAX	64

struct db;
struct mapcache;
struct mapset;
struct mapset_info;

/* Returns an empty cache owned by the caller (mapcache_free), or NULL. */
struct mapcache	*mapcache_new(void);
void		 mapcache_free(struct mapcache *);
/*
 * The set described by info, loaded from db on first use.  The set stays
 * valid until the next mapcache_get() that has to evict (at most once
 * per MAPCACHE_SETS_MAX new ids): callers use it within one request.
 */
enum err	 mapcache_get(struct mapcache *, struct db *,
		    const struct mapset_info *, struct mapset **);

#endif
