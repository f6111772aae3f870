/*
 * respcache.h — a per-thread cache of computed answers (gap, comparison).
 *
 * An entry is keyed by the request's meaning (route, organisation and
 * every parameter, with as_of resolved) and stamped with the data epoch
 * (migration 0002) it was computed at; it is served only while the
 * epoch is unchanged, so a write anywhere — on any host — retires it.
 * Bounded in entries and bytes; least recently used entries go first.
 * Not thread-safe: one cache per worker thread.
 */
#ifndef ANNEXA_RESPCACHE_H
#define ANNEXA_RESPCACHE_H

#include <stdbool.h>
#include <stddef.h>

#define RESPCACHE_ENTRIES	64
#define RESPCACHE_ENTRY_MAX	(1024 * 1024)	/* larger answers are not kept */

struct pool;
struct resp;
struct respcache;

struct respcache	*respcache_new(void);
void			 respcache_free(struct respcache *);
/*
 * Fills resp from the entry for key at epoch, if any (content type is
 * copied into pool).  Returns whether it did.
 */
bool			 respcache_get(struct respcache *, const char *key,
			    long long epoch, struct pool *, struct resp *);
/* Keeps a copy of a successful resp under key and epoch. */
void			 respcache_put(struct respcache *, const char *key,
			    long long epoch, const struct resp *);

#endif
