/*
 * mapcache.h — a per-thread cache of stored mapping sets.
 *
 * A stored set never changes: re-importing a name deletes the old set and
 * creates a new one with a new id, in one transaction.  So a set loaded
 * once by id stays right for as long as that id exists, on every host;
 * the listing (ids) is still read from the database on every request.
 * Not thread-safe: one cache per worker thread.
 *
 * Lifetime: the worker calls mapcache_begin_request() before each
 * request.  Every set mapcache_get() hands out during a request stays
 * valid until the next mapcache_begin_request() (or mapcache_free()):
 * only sets not handed out in the current request are evicted, the
 * least recently used first.  Re-imports leave dead ids behind; they are
 * never used again and so are the first to go.
 */
#ifndef ANNEXA_MAPCACHE_H
#define ANNEXA_MAPCACHE_H

#include "errcode.h"

#define MAPCACHE_SETS_MAX	64

struct db;
struct mapcache;
struct mapset;
struct mapset_info;
struct pool;

/* How a set is loaded: mapstore_get(), or a stand-in in the unit tests. */
typedef enum err (*mapcache_load_fn)(struct db *, struct pool *,
		    const struct mapset_info *, struct mapset **);

/*
 * Returns an empty cache owned by the caller (mapcache_free), or NULL;
 * it loads sets with mapstore_get(), or with load.
 */
struct mapcache	*mapcache_new(void);
struct mapcache	*mapcache_new_loader(mapcache_load_fn load);
/* Frees every set; NULL is accepted. */
void		 mapcache_free(struct mapcache *);
/*
 * Starts a request: the sets handed out in the previous request may be
 * evicted from now on.  NULL is accepted.
 */
void		 mapcache_begin_request(struct mapcache *);
/*
 * The set described by info, loaded from db on first use, valid until the
 * next mapcache_begin_request().  When the cache is full it evicts the
 * least recently used set not handed out in this request; when every
 * entry was handed out in this request, the set is loaded into p (the
 * request's pool) without being cached.  On error *out is left alone and
 * the cache is unchanged but for evictions.
 */
enum err	 mapcache_get(struct mapcache *, struct db *, struct pool *p,
		    const struct mapset_info *, struct mapset **out);

#endif
