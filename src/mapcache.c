#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mapcache.h"
#include "mapset.h"
#include "mapstore.h"
#include "pool.h"

struct mapcache_entry {
	char		*id;
	struct pool	*pool;
	struct mapset	*set;
};

struct mapcache {
	struct mapcache_entry	e[MAPCACHE_SETS_MAX];
	size_t			n;
};

struct mapcache *
mapcache_new(void)
{
	return calloc(1, sizeof(struct mapcache));
}

static void
mapcache_clear(struct mapcache *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		free(c->e[i].id);
		pool_free(c->e[i].pool);
	}
	c->n = 0;
}

void
mapcache_free(struct mapcache *c)
{
	if (c == NULL)
		return;
	mapcache_clear(c);
	free(c);
}

enum err
mapcache_get(struct mapcache *c, struct db *db, const struct mapset_info *info,
    struct mapset **out)
{
	struct mapset_info	 own;
	struct mapcache_entry	*e;
	size_t			 i;
	enum err		 err;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].id, info->id) == 0) {
			*out = c->e[i].set;
			return ERR_OK;
		}
	/* Full: start again (re-imported sets leave dead ids behind). */
	if (c->n == MAPCACHE_SETS_MAX)
		mapcache_clear(c);
	e = &c->e[c->n];
	if ((e->pool = pool_new()) == NULL || (e->id = strdup(info->id)) == NULL)
		goto nomem;
	/* The listing lives in the request's pool: copy what the set keeps. */
	own = *info;
	if ((own.name = pool_strdup(e->pool, info->name)) == NULL ||
	    (own.source_fw = pool_strdup(e->pool, info->source_fw)) == NULL ||
	    (own.target_fw = pool_strdup(e->pool, info->target_fw)) == NULL ||
	    (own.provenance = pool_strdup(e->pool, info->provenance)) == NULL ||
	    (info->version != NULL &&
	    (own.version = pool_strdup(e->pool, info->version)) == NULL))
		goto nomem;
	if ((err = mapstore_get(db, e->pool, &own, &e->set)) != ERR_OK) {
		free(e->id);
		pool_free(e->pool);
		return err;
	}
	c->n++;
	*out = e->set;
	return ERR_OK;
nomem:
	free(e->id);
	pool_free(e->pool);
	return ERR_NOMEM;
}
