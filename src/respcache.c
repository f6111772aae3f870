#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "metrics.h"
#include "pool.h"
#include "respcache.h"

#define RESPCACHE_BUCKETS	4096	/* a power of two */

/*
 * One answer in one allocation: the entry, then its key, content type,
 * headers and body back to back (each string NUL-terminated).
 */
struct respcache_entry {
	struct respcache_entry	*hnext;		/* same bucket */
	struct respcache_entry	*newer, *older;	/* use order */
	uint32_t		 hash;
	long long		 epoch;
	int			 status;
	size_t			 size;		/* what it counts against limit */
	const char		*key;
	const char		*content_type;
	const char		*headers;
	size_t			 headers_len;
	const char		*body;
	size_t			 body_len;
	char			 data[];
};

struct respcache {
	pthread_mutex_t		 lock;
	struct respcache_entry	*bucket[RESPCACHE_BUCKETS];
	struct respcache_entry	*newest, *oldest;
	struct respcache_stats	 st;
};

/* FNV-1a, 32 bits. */
static uint32_t
key_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct respcache *
respcache_new(size_t limit)
{
	struct respcache	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	c->st.limit = limit;
	metrics_respcache_bytes(0, limit);
	return c;
}

void
respcache_free(struct respcache *c)
{
	struct respcache_entry	*e, *next;

	if (c == NULL)
		return;
	for (e = c->newest; e != NULL; e = next) {
		next = e->older;
		free(e);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The entry for key, or NULL.  Caller holds the lock. */
static struct respcache_entry *
find(struct respcache *c, const char *key, uint32_t h)
{
	struct respcache_entry	*e;

	for (e = c->bucket[h & (RESPCACHE_BUCKETS - 1)]; e != NULL; e = e->hnext)
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

/* Takes e out of the use order.  Caller holds the lock. */
static void
unlink_use(struct respcache *c, struct respcache_entry *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
	e->newer = e->older = NULL;
}

/* Makes e the most recently used.  Caller holds the lock. */
static void
link_newest(struct respcache *c, struct respcache_entry *e)
{
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest != NULL)
		c->newest->newer = e;
	c->newest = e;
	if (c->oldest == NULL)
		c->oldest = e;
}

/* Drops e from the cache and frees it.  Caller holds the lock. */
static void
drop(struct respcache *c, struct respcache_entry *e)
{
	struct respcache_entry	**pp;

	for (pp = &c->bucket[e->hash & (RESPCACHE_BUCKETS - 1)]; *pp != e;
	    pp = &(*pp)->hnext)
		;
	*pp = e->hnext;
	unlink_use(c, e);
	c->st.bytes -= e->size;
	c->st.entries--;
	free(e);
}

bool
respcache_get(struct respcache *c, const char *key, long long epoch,
    struct pool *p, struct resp *r)
{
	struct respcache_entry	*e;
	uint32_t		 h = key_hash(key);
	bool			 ok = false;

	pthread_mutex_lock(&c->lock);
	if ((e = find(c, key, h)) != NULL && e->epoch < epoch) {
		drop(c, e);	/* the data moved since: never served again */
		metrics_respcache_bytes(c->st.bytes, c->st.limit);
		e = NULL;
	}
	if (e != NULL && e->epoch == epoch &&
	    (r->content_type = pool_strdup(p, e->content_type)) != NULL) {
		r->status = e->status;
		buf_reset(&r->headers);
		buf_reset(&r->body);
		buf_append(&r->headers, e->headers, e->headers_len);
		buf_append(&r->body, e->body, e->body_len);
		unlink_use(c, e);
		link_newest(c, e);
		ok = !buf_failed(&r->body) && !buf_failed(&r->headers);
	}
	if (ok)
		c->st.hits++;
	else
		c->st.misses++;
	pthread_mutex_unlock(&c->lock);
	metrics_respcache_lookup(ok);
	return ok;
}

/* A new entry holding a copy of r, or NULL (too large, out of memory). */
static struct respcache_entry *
entry_new(const char *key, uint32_t h, long long epoch, const struct resp *r,
    size_t limit)
{
	struct respcache_entry	*e;
	size_t			 klen = strlen(key), clen = strlen(r->content_type);
	size_t			 size;
	char			*d;

	/* Each part is bounded (key by the request, body by ENTRY_MAX). */
	size = sizeof(*e) + klen + 1 + clen + 1 + r->headers.len + 1 +
	    r->body.len + 1;
	if (size > limit || (e = malloc(size)) == NULL)
		return NULL;
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->epoch = epoch;
	e->status = r->status;
	e->size = size;
	d = e->data;
	e->key = memcpy(d, key, klen + 1);
	d += klen + 1;
	e->content_type = memcpy(d, r->content_type, clen + 1);
	d += clen + 1;
	e->headers = d;
	e->headers_len = r->headers.len;
	if (r->headers.len > 0)
		memcpy(d, r->headers.data, r->headers.len);
	d[r->headers.len] = '\0';
	d += r->headers.len + 1;
	e->body = d;
	e->body_len = r->body.len;
	if (r->body.len > 0)
		memcpy(d, r->body.data, r->body.len);
	d[r->body.len] = '\0';
	return e;
}

void
respcache_put(struct respcache *c, const char *key, long long epoch,
    const struct resp *r)
{
	struct respcache_entry	*e, *old;
	uint32_t		 h = key_hash(key);
	unsigned long long	 evicted = 0;

	if (r->body.len > RESPCACHE_ENTRY_MAX || buf_failed(&r->body) ||
	    buf_failed(&r->headers) || r->content_type == NULL)
		return;
	/* Copied outside the lock; NULL when it cannot be kept at all. */
	e = entry_new(key, h, epoch, r, c->st.limit);
	pthread_mutex_lock(&c->lock);
	if ((old = find(c, key, h)) != NULL && e != NULL &&
	    old->epoch > epoch) {
		/* Another worker kept a newer answer meanwhile: keep it. */
		free(e);
		e = NULL;
	} else if (old != NULL)
		drop(c, old);
	if (e != NULL) {
		while (c->st.bytes + e->size > c->st.limit) {
			drop(c, c->oldest);
			evicted++;
		}
		e->hnext = c->bucket[h & (RESPCACHE_BUCKETS - 1)];
		c->bucket[h & (RESPCACHE_BUCKETS - 1)] = e;
		link_newest(c, e);
		c->st.bytes += e->size;
		c->st.entries++;
		c->st.evictions += evicted;
	}
	metrics_respcache_bytes(c->st.bytes, c->st.limit);
	pthread_mutex_unlock(&c->lock);
	metrics_respcache_evictions(evicted);
}

void
respcache_stats(struct respcache *c, struct respcache_stats *st)
{
	pthread_mutex_lock(&c->lock);
	*st = c->st;
	pthread_mutex_unlock(&c->lock);
}
