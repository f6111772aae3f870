/*
 * respcache.h — the process's cache of computed answers (gap,
 * comparison, charts), shared by every worker thread.
 *
 * An entry is keyed by the request's meaning (route, organisation and
 * every parameter, with as_of resolved) and stamped with the data epoch
 * (migration 0002) it was computed at; it is served only while the
 * epoch is unchanged, so a write anywhere — on any host — retires it.
 *
 * Bounded by the bytes it holds (each entry counts its key, content
 * type, headers, body and bookkeeping): a put that would go over the
 * bound first evicts the least recently used entries.  Thread-safe: one
 * mutex guards the whole cache; answers are copied in and out under it.
 * Hits, evictions and the bytes held are also counted in /metrics.
 */
#ifndef ANNEXA_RESPCACHE_H
#define ANNEXA_RESPCACHE_H

#include <stdbool.h>
#include <stddef.h>

#define RESPCACHE_ENTRY_MAX	(1024 * 1024)	/* larger answers are not kept */
#define RESPCACHE_BYTES_DEFAULT	((size_t)64 * 1024 * 1024)

struct pool;
struct resp;
struct respcache;

struct respcache_stats {
	size_t			bytes;		/* held now, never over limit */
	size_t			limit;
	size_t			entries;
	unsigned long long	hits;
	unsigned long long	misses;
	unsigned long long	evictions;	/* entries dropped for room */
};

/*
 * Returns an empty cache that holds at most limit bytes (0: it keeps
 * nothing), owned by the caller (respcache_free), or NULL.
 */
struct respcache	*respcache_new(size_t limit);
/* Frees every entry and the cache; NULL is accepted. */
void			 respcache_free(struct respcache *);
/*
 * Fills resp from the entry for key at epoch, if any (content type is
 * copied into pool).  Returns whether it did.  An entry of an older
 * epoch is dropped.
 */
bool			 respcache_get(struct respcache *, const char *key,
			    long long epoch, struct pool *, struct resp *);
/*
 * Keeps a copy of a successful resp under key and epoch, evicting the
 * least recently used entries until it fits; an entry of a newer epoch
 * under the same key is left as it is.  An answer larger than
 * RESPCACHE_ENTRY_MAX or the limit is not kept.
 */
void			 respcache_put(struct respcache *, const char *key,
			    long long epoch, const struct resp *);
void			 respcache_stats(struct respcache *,
			    struct respcache_stats *);

#endif
