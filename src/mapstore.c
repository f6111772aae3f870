#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "mapset.h"
#include "mapstore.h"
#include "pool.h"

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum err
catalog_index_load(struct db *db, struct pool *p, const char *fw,
    struct catalog_index *idx)
{
	const char	*params[1] = { fw };
	PGresult	*r;
	enum err	 e;
	int		 i;

	memset(idx, 0, sizeof(*idx));
	idx->framework = fw;
	if ((e = db_query(db, p, STMT_CONTROL_IDS, params, &r)) != ERR_OK)
		return e;
	idx->n = (size_t)PQntuples(r);
	if ((idx->ids = pool_calloc(p, idx->n + 1, sizeof(char *))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < (int)idx->n; i++)
		idx->ids[i] = PQgetvalue(r, i, SINGLE_VALUE);
	/* The database sorted with COLLATE "C", which is strcmp order. */
	return ERR_OK;
}

bool
catalog_index_has(const struct catalog_index *idx, const char *id)
{
	return idx->n > 0 && bsearch(&id, idx->ids, idx->n, sizeof(char *),
	    id_cmp) != NULL;
}

void
catalog_cache_init(struct catalog_cache *c, struct db *db, struct pool *p)
{
	memset(c, 0, sizeof(*c));
	c->db = db;
	c->pool = p;
}

bool
catalog_cache_has(void *arg, const char *fw, const char *control)
{
	struct catalog_cache	*c = arg;
	struct catalog_index	*nidx;
	size_t			 i, ncap;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->idx[i].framework, fw) == 0)
			return catalog_index_has(&c->idx[i], control);
	if (c->failed)
		return false;
	if (c->n == c->cap) {
		ncap = c->cap == 0 ? 8 : c->cap * 2;
		if ((nidx = pool_calloc(c->pool, ncap, sizeof(*nidx))) == NULL) {
			c->failed = true;
			return false;
		}
		if (c->n > 0)
			memcpy(nidx, c->idx, c->n * sizeof(*nidx));
		c->idx = nidx;
		c->cap = ncap;
	}
	if (catalog_index_load(c->db, c->pool, fw, &c->idx[c->n]) != ERR_OK) {
		c->failed = true;
		return false;
	}
	/* catalog_index_load keeps a pointer to fw: own a copy. */
	if ((c->idx[c->n].framework = pool_strdup(c->pool, fw)) == NULL) {
		c->failed = true;
		return false;
	}
	return catalog_index_has(&c->idx[c->n++], control);
}

enum err
mapstore_put(struct db *db, const struct mapset *set, char *msg, size_t msgsz)
{
	struct catalog_index		 src, dst;
	const struct mapping_row	*r;
	const char			*params[12];
	char				 strength[16];
	PGresult			*res;
	struct pool			*p;
	size_t				 i;
	enum err			 e;

	if ((p = pool_new()) == NULL)
		return ERR_NOMEM;
	if ((e = mapset_check(set, msg, msgsz)) != ERR_OK)
		goto out;
	if ((e = catalog_index_load(db, p, set->source_fw, &src)) != ERR_OK ||
	    (e = catalog_index_load(db, p, set->target_fw, &dst)) != ERR_OK)
		goto dberr;
	if (src.n == 0 || dst.n == 0) {
		snprintf(msg, msgsz, "%s: framework %s has no catalog: import it "
		    "first (annexa import catalog)", set->origin,
		    src.n == 0 ? set->source_fw : set->target_fw);
		e = ERR_INVALID;
		goto out;
	}
	for (i = 0; i < set->n; i++) {
		r = &set->rows[i];
		if (!catalog_index_has(&src, r->source_control)) {
			snprintf(msg, msgsz, "%s:%zu: source_control: %s is not a "
			    "control of %s", set->origin, r->line,
			    r->source_control, set->source_fw);
			e = ERR_INVALID;
			goto out;
		}
		if (!catalog_index_has(&dst, r->target_control)) {
			snprintf(msg, msgsz, "%s:%zu: target_control: %s is not a "
			    "control of %s", set->origin, r->line,
			    r->target_control, set->target_fw);
			e = ERR_INVALID;
			goto out;
		}
	}
	params[0] = set->name;
	if ((e = db_run(db, STMT_MAPSET_DELETE, params)) != ERR_OK)
		goto dberr;
	params[1] = set->source_fw;
	params[2] = set->target_fw;
	params[3] = set->provenance;
	params[4] = set->version;
	if ((e = db_query(db, p, STMT_MAPSET_INSERT, params, &res)) ==
	    ERR_NOMEM)
		goto out;
	if (e != ERR_OK)
		goto dberr;
	params[0] = PQgetvalue(res, 0, SINGLE_VALUE);
	params[1] = set->source_fw;
	params[3] = set->target_fw;
	for (i = 0; i < set->n; i++) {
		r = &set->rows[i];
		snprintf(strength, sizeof(strength), "%d", r->strength);
		params[2] = r->source_control;
		params[4] = r->target_control;
		params[5] = mapset_rel_name(r->rel);
		params[6] = r->strength >= 0 ? strength : NULL;
		params[7] = r->rationale;
		params[8] = r->confidence;
		params[9] = r->note;
		params[10] = r->gap_level;
		params[11] = r->addendum;
		if ((e = db_run(db, STMT_MAPPING_INSERT, params)) != ERR_OK) {
			snprintf(msg, msgsz, "%s:%zu: %s", set->origin, r->line,
			    db_errmsg(db));
			goto out;
		}
	}
	goto out;
dberr:
	snprintf(msg, msgsz, "%s: %s", set->origin, db_errmsg(db));
out:
	pool_free(p);
	return e;
}

static const char *
col(PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

enum err
mapstore_list(struct db *db, struct pool *p, struct mapset_info **sets,
    size_t *n)
{
	PGresult	*r;
	enum err	 e;
	int		 i, nt;

	if ((e = db_query(db, p, STMT_MAPSET_LIST, NULL, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	if ((*sets = pool_calloc(p, (size_t)nt + 1, sizeof(**sets))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		(*sets)[i].id = col(r, i, MAPSET_LIST_ID);
		(*sets)[i].name = col(r, i, MAPSET_LIST_NAME);
		(*sets)[i].source_fw = col(r, i, MAPSET_LIST_SOURCE_FW);
		(*sets)[i].target_fw = col(r, i, MAPSET_LIST_TARGET_FW);
		(*sets)[i].provenance = col(r, i, MAPSET_LIST_PROVENANCE);
		(*sets)[i].version = col(r, i, MAPSET_LIST_VERSION);
		(*sets)[i].imported_at = col(r, i,
		    MAPSET_LIST_IMPORTED_AT);
	}
	*n = (size_t)nt;
	return ERR_OK;
}

enum err
mapstore_get(struct db *db, struct pool *p, const struct mapset_info *info,
    struct mapset **out)
{
	const char		*params[1] = { info->id };
	struct mapset		*set;
	struct mapping_row	*rows;
	PGresult		*r;
	enum err		 e;
	int			 i, nt;

	if ((set = mapset_new(p)) == NULL)
		return ERR_NOMEM;
	set->name = info->name;
	set->source_fw = info->source_fw;
	set->target_fw = info->target_fw;
	set->provenance = info->provenance;
	set->version = info->version;
	set->origin = info->name;
	if ((e = db_query(db, p, STMT_MAPSET_ROWS, params, &r)) != ERR_OK)
		return e;
	nt = PQntuples(r);
	/* Rows point into the result: no copies for a read-only set. */
	if ((rows = pool_calloc(p, (size_t)nt + 1, sizeof(*rows))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < nt; i++) {
		rows[i].source_control = col(r, i, MAPSET_ROWS_SOURCE);
		rows[i].target_control = col(r, i, MAPSET_ROWS_TARGET);
		if (!mapset_rel_parse(PQgetvalue(r, i,
		    MAPSET_ROWS_RELATIONSHIP), &rows[i].rel))
			return ERR_INTERNAL;
		rows[i].strength = (int)strtol(PQgetvalue(r, i,
		    MAPSET_ROWS_STRENGTH), NULL, 10);
		rows[i].rationale = col(r, i, MAPSET_ROWS_RATIONALE);
		rows[i].confidence = col(r, i, MAPSET_ROWS_CONFIDENCE);
		rows[i].note = col(r, i, MAPSET_ROWS_NOTE);
		rows[i].gap_level = col(r, i, MAPSET_ROWS_GAP_LEVEL);
		rows[i].addendum = col(r, i, MAPSET_ROWS_ADDENDUM);
		rows[i].line = (size_t)i + 1;
	}
	set->rows = rows;
	set->n = set->cap = (size_t)nt;
	*out = set;
	return ERR_OK;
}
