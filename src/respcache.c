#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "http.h"
#include "pool.h"
#include "respcache.h"

struct respcache_entry {
	char		*key;
	long long	 epoch;
	unsigned long	 used;		/* last use, for LRU */
	int		 status;
	char		*content_type;
	struct buf	 headers;
	struct buf	 body;
};

struct respcache {
	struct respcache_entry	e[RESPCACHE_ENTRIES];
	size_t			n;
	unsigned long		clock;
};

struct respcache *
respcache_new(void)
{
	return calloc(1, sizeof(struct respcache));
}

static void
entry_clear(struct respcache_entry *e)
{
	free(e->key);
	free(e->content_type);
	buf_free(&e->headers);
	buf_free(&e->body);
	memset(e, 0, sizeof(*e));
}

void
respcache_free(struct respcache *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		entry_clear(&c->e[i]);
	free(c);
}

bool
respcache_get(struct respcache *c, const char *key, long long epoch,
    struct pool *p, struct resp *r)
{
	struct respcache_entry	*e;
	size_t			 i;

	for (i = 0; i < c->n; i++) {
		e = &c->e[i];
		if (strcmp(e->key, key) != 0)
			continue;
		if (e->epoch != epoch)
			return false;	/* stale: replaced by the next put */
		if ((r->content_type = pool_strdup(p, e->content_type)) == NULL)
			return false;
		r->status = e->status;
		buf_reset(&r->headers);
		buf_reset(&r->body);
		buf_append(&r->headers, e->headers.data, e->headers.len);
		buf_append(&r->body, e->body.data, e->body.len);
		e->used = ++c->clock;
		return !buf_failed(&r->body) && !buf_failed(&r->headers);
	}
	return false;
}

void
respcache_put(struct respcache *c, const char *key, long long epoch,
    const struct resp *r)
{
	struct respcache_entry	*e = NULL;
	size_t			 i;

	if (r->body.len > RESPCACHE_ENTRY_MAX || buf_failed(&r->body))
		return;
	for (i = 0; i < c->n && e == NULL; i++)
		if (strcmp(c->e[i].key, key) == 0)
			e = &c->e[i];
	if (e == NULL && c->n < RESPCACHE_ENTRIES)
		e = &c->e[c->n++];
	if (e == NULL) {		/* full: the least recently used goes */
		e = &c->e[0];
		for (i = 1; i < c->n; i++)
			if (c->e[i].used < e->used)
				e = &c->e[i];
	}
	entry_clear(e);
	buf_init(&e->headers, 0);
	buf_init(&e->body, 0);
	if ((e->key = strdup(key)) == NULL ||
	    (e->content_type = strdup(r->content_type)) == NULL)
		goto fail;
	buf_append(&e->headers, r->headers.data, r->headers.len);
	buf_append(&e->body, r->body.data, r->body.len);
	if (buf_failed(&e->headers) || buf_failed(&e->body))
		goto fail;
	e->epoch = epoch;
	e->status = r->status;
	e->used = ++c->clock;
	return;
fail:
	/* Out of memory: drop the entry, moving the last into its slot. */
	entry_clear(e);
	*e = c->e[--c->n];
	memset(&c->e[c->n], 0, sizeof(c->e[c->n]));
}
