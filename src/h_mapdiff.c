/*
 * h_mapdiff.c — GET /api/v1/mappings/diff?a=SET&b=SET[&format=csv]: two
 * stored mapping sets for the same pair of frameworks side by side
 * (mapdiff.h), in the same JSON and CSV as `annexa diff mappings`.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "handler.h"
#include "http.h"
#include "mapdiff.h"
#include "mapset.h"
#include "model_gap.h"
#include "pool.h"

enum err
h_mappings_diff(struct ctx *c)
{
	const char	*names[2] = { c->in.val[KEY_SET_A], c->in.val[KEY_SET_B] };
	const char	*bad, *field;
	struct mapset	*sets[MODEL_GAP_SETS_MAX], *a, *b;
	struct mapdiff	 d;
	char		*msg;
	size_t		 nsets;
	enum err	 e;

	if (names[0] == NULL || names[1] == NULL) {
		field = names[0] == NULL ? "a" : "b";
		return fail(c, ERR_INVALID, "missing_parameter",
		    pool_printf(c->req->pool, "%s is required: the name of a "
		    "mapping set", field), field);
	}
	if ((e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	e = model_mapsets(c->db, c->req->pool, c->mapcache, names, 2, sets,
	    &nsets, &bad);
	if (e == ERR_INVALID && bad != NULL) {
		field = strcmp(bad, names[0]) == 0 ? "a" : "b";
		msg = pool_printf(c->req->pool, "no mapping set is named %s", bad);
		return fail(c, e, "invalid_parameter", msg != NULL ? msg :
		    "no such mapping set", field);
	}
	if (e != ERR_OK)
		return e;
	if ((a = mapset_named(sets, nsets, names[0])) == NULL ||
	    (b = mapset_named(sets, nsets, names[1])) == NULL)
		return ERR_INTERNAL;
	if ((msg = pool_alloc(c->req->pool, 512)) == NULL)
		return ERR_NOMEM;
	e = mapdiff_compare(c->req->pool, a, b, &d, msg, 512);
	if (e == ERR_INVALID) {
		/* Both sets exist; they cannot be compared with each other. */
		c->err_status = 422;
		return fail(c, e, "not_comparable", msg, "b");
	}
	if (e != ERR_OK)
		return e;
	if (c->in.val[KEY_FORMAT] != NULL &&
	    strcmp(c->in.val[KEY_FORMAT], "csv") == 0) {
		mapdiff_write_csv(&d, &c->resp->body);
		c->resp->content_type = "text/csv; charset=utf-8";
		http_attachment(c->resp, pool_printf(c->req->pool,
		    "mappings-diff-%s-%s.csv", names[0], names[1]));
	} else
		mapdiff_write_json(&d, &c->resp->body);
	return ERR_OK;
}
