#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mapcache.h"
#include "mapset.h"
#include "mapstore.h"
#include "metrics.h"
#include "pool.h"

struct mapcache_entry {
	char		*id;
	struct pool	*pool;		/* owns set */
	struct mapset	*set;
	unsigned long	 used;		/* last use, for LRU */
	unsigned long	 request;	/* the request that last used it */
};

struct mapcache {
	mapcache_load_fn	load;
	struct mapcache_entry	e[MAPCACHE_SETS_MAX];
	size_t			n;
	unsigned long		clock;
	unsigned long		request;	/* the current request */
};

struct mapcache *
mapcache_new_loader(mapcache_load_fn load)
{
	struct mapcache	*c;

	if ((c = calloc(1, sizeof(*c))) != NULL) {
		c->load = load;
		c->request = 1;
	}
	return c;
}

struct mapcache *
mapcache_new(void)
{
	return mapcache_new_loader(mapstore_get);
}

static void
entry_clear(struct mapcache_entry *e)
{
	free(e->id);
	pool_free(e->pool);
	memset(e, 0, sizeof(*e));
}

void
mapcache_free(struct mapcache *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		entry_clear(&c->e[i]);
	free(c);
}

void
mapcache_begin_request(struct mapcache *c)
{
	if (c != NULL)
		c->request++;
}

/*
 * The least recently used entry that the current request has not been
 * handed, or NULL when the request holds every entry.
 */
static struct mapcache_entry *
victim(struct mapcache *c)
{
	struct mapcache_entry	*v = NULL;
	size_t			 i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].request != c->request &&
		    (v == NULL || c->e[i].used < v->used))
			v = &c->e[i];
	return v;
}

/* Loads the set of info into a new pool of its own, with a copy of info. */
static enum err
load(struct mapcache *c, struct db *db, const struct mapset_info *info,
    struct pool **pool, struct mapset **set)
{
	struct mapset_info	 own;
	struct pool		*p;
	enum err		 e;

	*pool = NULL;
	if ((p = pool_new()) == NULL)
		return ERR_NOMEM;
	/* The listing lives in the request's pool: copy what the set keeps. */
	own = *info;
	if ((own.name = pool_strdup(p, info->name)) == NULL ||
	    (own.source_fw = pool_strdup(p, info->source_fw)) == NULL ||
	    (own.target_fw = pool_strdup(p, info->target_fw)) == NULL ||
	    (own.provenance = pool_strdup(p, info->provenance)) == NULL ||
	    (info->version != NULL &&
	    (own.version = pool_strdup(p, info->version)) == NULL)) {
		pool_free(p);
		return ERR_NOMEM;
	}
	if ((e = c->load(db, p, &own, set)) != ERR_OK) {
		pool_free(p);
		return e;
	}
	*pool = p;
	return ERR_OK;
}

enum err
mapcache_get(struct mapcache *c, struct db *db, struct pool *p,
    const struct mapset_info *info, struct mapset **out)
{
	struct mapcache_entry	*e = NULL;
	struct pool		*sp;
	struct mapset		*set;
	char			*id;
	size_t			 i;
	enum err		 err;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].id, info->id) == 0) {
			c->e[i].used = ++c->clock;
			c->e[i].request = c->request;
			*out = c->e[i].set;
			return ERR_OK;
		}
	if (c->n == MAPCACHE_SETS_MAX && (e = victim(c)) == NULL)
		/* This request holds every entry: its pool keeps the set. */
		return c->load(db, p, info, out);
	if ((id = strdup(info->id)) == NULL)
		return ERR_NOMEM;
	if ((err = load(c, db, info, &sp, &set)) != ERR_OK) {
		free(id);
		return err;
	}
	/* Loaded: only now is the victim, if any, replaced. */
	if (e != NULL) {
		entry_clear(e);
		metrics_mapcache_eviction();
	} else
		e = &c->e[c->n++];
	e->id = id;
	e->pool = sp;
	e->set = set;
	e->used = ++c->clock;
	e->request = c->request;
	*out = set;
	return ERR_OK;
}
