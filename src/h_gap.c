/*
 * h_gap.c — the comparison endpoints: mappings, gap (JSON and CSV) and
 * comparison.  All numbers come from the gap engine (gap.c) over one
 * snapshot of the database.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "esc.h"
#include "gap.h"
#include "handler.h"
#include "http.h"
#include "jw.h"
#include "mapset.h"
#include "model_gap.h"
#include "pool.h"
#include "respcache.h"

/* Maps the context loader's errors to what the client is told. */
static enum err
context_error(struct ctx *c, enum err e, const char *bad)
{
	char	*m;

	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	if (e == ERR_INVALID && bad != NULL) {
		m = pool_alloc(c->req->pool, 128);
		if (m != NULL)
			snprintf(m, 128, "no mapping set is named %s", bad);
		return fail(c, e, "invalid_parameter", m != NULL ? m :
		    "no such mapping set", "mapping_set");
	}
	return e;
}

/* Loads the snapshot, organisation, sets and source facts. */
static enum err
load_context(struct ctx *c, struct gap_context *g)
{
	const char	*filter[INPUT_LIST_MAX], *bad = NULL;
	size_t		 nfilter = 0;
	enum err	 e;

	if (c->in.val[KEY_MAPPING_SET] != NULL &&
	    (nfilter = input_list(c->req->pool, c->in.val[KEY_MAPPING_SET],
	    filter)) == 0)
		return ERR_NOMEM;
	e = model_gap_context(c->db, c->req->pool, c->mapcache, c->org,
	    ctx_as_of(c), filter,
	    nfilter, g, &bad);
	return e == ERR_OK ? e : context_error(c, e, bad);
}

static void
write_score(struct jw *j, const char *name, const struct gap_score *s)
{
	jw_key(j, name);
	jw_object_open(j);
	jw_key(j, "coverage");
	if (s->defined)
		jw_fixed(j, s->coverage, 4);
	else
		jw_null(j);
	jw_key(j, "strict");
	if (s->defined)
		jw_fixed(j, s->strict, 4);
	else
		jw_null(j);
	jw_kv_int(j, "covered", (int64_t)s->covered);
	jw_kv_int(j, "partial", (int64_t)s->partial);
	jw_kv_int(j, "gap", (int64_t)s->gap);
	jw_kv_int(j, "not_applicable", (int64_t)s->not_applicable);
	jw_kv_int(j, "unmapped", (int64_t)s->unmapped);
	jw_object_close(j);
}

static void
write_sets(struct jw *j, const struct gap_edges *e)
{
	size_t	i;

	jw_key(j, "mapping_sets");
	jw_array_open(j);
	for (i = 0; i < e->nsets; i++)
		jw_string(j, e->sets[i]);
	jw_array_close(j);
}

static const char *
kind_name(int kind)
{
	switch (kind) {
	case GAP_DIRECT: return "direct";
	case GAP_BACKWARD: return "backward";
	case GAP_PATH: return "composed";
	default: return "none";
	}
}

static void
write_path(struct jw *j, const struct gap_edge *e)
{
	jw_key(j, "path");
	jw_array_open(j);
	jw_string(j, e->source);
	jw_string(j, e->pivot);
	jw_string(j, e->target);
	jw_array_close(j);
}

static void
write_gap_json(struct ctx *c, const struct gap_context *g,
    const struct gap_answer *a)
{
	const struct gap_row	*r;
	const struct gap_contrib *k;
	struct jw		 j;
	size_t			 i, x;

	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", g->org.id);
	jw_kv_string(&j, "source", g->org.source_fw);
	jw_kv_string(&j, "target", a->target);
	jw_kv_string(&j, "as_of", g->as_of_text);
	jw_kv_string(&j, "formula", GAP_FORMULA);
	jw_kv_string(&j, "resolution", kind_name(a->edges.kind));
	write_sets(&j, &a->edges);
	write_score(&j, "design", &a->result.design);
	write_score(&j, "assured", &a->result.assured);
	jw_key(&j, "controls");
	jw_array_open(&j);
	for (i = 0; i < a->result.n; i++) {
		r = &a->result.rows[i];
		jw_object_open(&j);
		jw_kv_string(&j, "id", r->target->id);
		jw_kv_string(&j, "title", r->target->title);
		jw_kv_string(&j, "group_id", r->target->group_id);
		jw_kv_string(&j, "design", gap_status_name(r->design));
		jw_kv_string(&j, "assured", gap_status_name(r->assured));
		jw_key(&j, "sources");
		jw_array_open(&j);
		for (x = 0; x < r->ncontribs; x++) {
			k = &r->contribs[x];
			jw_object_open(&j);
			jw_kv_string(&j, "control", k->edge->source);
			jw_kv_string(&j, "relationship",
			    mapset_rel_name(k->edge->rel));
			jw_key(&j, "strength");
			if (k->edge->strength >= 0)
				jw_int(&j, k->edge->strength);
			else
				jw_null(&j);
			jw_kv_string(&j, "mapping_set", k->edge->set);
			if (k->edge->pivot != NULL)
				write_path(&j, k->edge);
			jw_kv_string(&j, "design_state", gap_state_name(k->design));
			jw_kv_string(&j, "assured_state",
			    gap_state_name(k->assured));
			jw_object_close(&j);
		}
		jw_array_close(&j);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
}

/*
 * One cell of the gap CSV, which people open in spreadsheets: a title or
 * id that a spreadsheet would read as a formula is written as text.
 */
static void
csv_field(struct buf *b, const char *s, bool last)
{
	if (s != NULL)
		esc_csv_cell(b, s, strlen(s));
	buf_putc(b, last ? '\n' : ',');
}

/* One row per contribution; a target with none has one row of its own. */
static void
write_gap_csv(struct ctx *c, const struct gap_context *g,
    const struct gap_answer *a)
{
	struct buf		*b = &c->resp->body;
	const struct gap_row	*r;
	const struct gap_contrib *k;
	char			 path[256], strength[16];
	size_t			 i, x;

	buf_puts(b, "target_control,title,group_id,design_status,assured_status,"
	    "source_control,relationship,strength,mapping_set,path,"
	    "design_state,assured_state\n");
	for (i = 0; i < a->result.n; i++) {
		r = &a->result.rows[i];
		for (x = 0; x < r->ncontribs || x == 0; x++) {
			k = r->ncontribs > 0 ? &r->contribs[x] : NULL;
			csv_field(b, r->target->id, false);
			csv_field(b, r->target->title, false);
			csv_field(b, r->target->group_id, false);
			csv_field(b, gap_status_name(r->design), false);
			csv_field(b, gap_status_name(r->assured), false);
			if (k == NULL) {
				buf_puts(b, ",,,,,,\n");
				continue;
			}
			csv_field(b, k->edge->source, false);
			csv_field(b, mapset_rel_name(k->edge->rel), false);
			snprintf(strength, sizeof(strength), "%d", k->edge->strength);
			csv_field(b, k->edge->strength >= 0 ? strength : NULL, false);
			csv_field(b, k->edge->set, false);
			if (k->edge->pivot != NULL) {
				snprintf(path, sizeof(path), "%s > %s > %s",
				    k->edge->source, k->edge->pivot, k->edge->target);
				csv_field(b, path, false);
			} else
				csv_field(b, NULL, false);
			csv_field(b, gap_state_name(k->design), false);
			csv_field(b, gap_state_name(k->assured), true);
		}
	}
	c->resp->content_type = "text/csv; charset=utf-8";
	http_attachment(c->resp, pool_printf(c->req->pool, "gap-%s-%s-%s.csv",
	    g->org.id, a->target, g->as_of_text));
}

enum err
h_gap(struct ctx *c)
{
	struct gap_context	 g;
	struct gap_answer	 a;
	const char		*target = c->in.val[KEY_TARGET];
	char			*key;
	long long		 epoch;
	enum err		 e;

	if (target == NULL)
		return fail(c, ERR_INVALID, "missing_parameter",
		    "target is required: a framework id such as ccm-v4", "target");
	if (ctx_cache_hit(c, &key, &epoch))
		return ERR_OK;
	if ((e = load_context(c, &g)) != ERR_OK)
		return e;
	if (strcmp(target, g.org.source_fw) == 0)
		return fail(c, ERR_INVALID, "invalid_parameter",
		    "the target must differ from the organisation's source "
		    "framework", "target");
	e = model_gap_target(c->db, c->req->pool, &g, target, &a);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such framework", "target");
	if (e != ERR_OK)
		return e;
	if (c->in.val[KEY_FORMAT] != NULL && strcmp(c->in.val[KEY_FORMAT], "csv") == 0)
		write_gap_csv(c, &g, &a);
	else
		write_gap_json(c, &g, &a);
	ctx_cache_keep(c, key, epoch);
	return ERR_OK;
}

enum err
h_comparison(struct ctx *c)
{
	const char		*targets[INPUT_LIST_MAX];
	struct gap_context	 g;
	struct gap_answer	 a;
	struct jw		 j;
	size_t			 n = 0, i;
	char			*key;
	long long		 epoch;
	enum err		 e;

	if (ctx_cache_hit(c, &key, &epoch))
		return ERR_OK;
	if ((e = load_context(c, &g)) != ERR_OK)
		return e;
	if (c->in.val[KEY_TARGETS] != NULL) {
		if ((n = input_list(c->req->pool, c->in.val[KEY_TARGETS],
		    targets)) == 0)
			return ERR_NOMEM;
	} else
		n = model_gap_targets(&g, targets, INPUT_LIST_MAX);
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", g.org.id);
	jw_kv_string(&j, "source", g.org.source_fw);
	jw_kv_string(&j, "as_of", g.as_of_text);
	jw_kv_string(&j, "formula", GAP_FORMULA);
	jw_key(&j, "targets");
	jw_array_open(&j);
	for (i = 0; i < n; i++) {
		if (strcmp(targets[i], g.org.source_fw) == 0)
			return fail(c, ERR_INVALID, "invalid_parameter",
			    "a target must differ from the organisation's source "
			    "framework", "targets");
		e = model_gap_target(c->db, c->req->pool, &g, targets[i], &a);
		if (e == ERR_NOT_FOUND)
			return fail(c, e, "not_found", "no such framework", "targets");
		if (e != ERR_OK)
			return e;
		if (a.edges.kind == GAP_NONE_FOUND && c->in.val[KEY_TARGETS] == NULL)
			continue;
		jw_object_open(&j);
		jw_kv_string(&j, "target", targets[i]);
		jw_kv_string(&j, "resolution", kind_name(a.edges.kind));
		write_sets(&j, &a.edges);
		jw_kv_int(&j, "controls", (int64_t)a.result.n);
		write_score(&j, "design", &a.result.design);
		write_score(&j, "assured", &a.result.assured);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	ctx_cache_keep(c, key, epoch);
	return ERR_OK;
}

enum err
h_mappings(struct ctx *c)
{
	const char		*source = c->in.val[KEY_SOURCE];
	const char		*target = c->in.val[KEY_TARGET];
	const char		*control = c->in.val[KEY_CONTROL];
	const char		*filter[INPUT_LIST_MAX], *bad = NULL;
	struct mapset		*sets[MODEL_GAP_SETS_MAX];
	const struct gap_edge	*x;
	const struct mapping_row *r;
	struct gap_edges	 edges;
	struct jw		 j;
	size_t			 nfilter = 0, nsets, i;
	enum err		 e;

	if (source == NULL || target == NULL)
		return fail(c, ERR_INVALID, "missing_parameter",
		    "source and target are required", source == NULL ?
		    "source" : "target");
	if (c->in.val[KEY_MAPPING_SET] != NULL &&
	    (nfilter = input_list(c->req->pool, c->in.val[KEY_MAPPING_SET],
	    filter)) == 0)
		return ERR_NOMEM;
	if ((e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	if ((e = model_mapsets(c->db, c->req->pool, c->mapcache, filter, nfilter,
	    sets, &nsets,
	    &bad)) != ERR_OK)
		return context_error(c, e, bad);
	if ((e = gap_resolve(c->req->pool, source, target, sets, nsets,
	    &edges)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "source", source);
	jw_kv_string(&j, "target", target);
	jw_kv_string(&j, "resolution", kind_name(edges.kind));
	jw_key(&j, "provenance");
	jw_array_open(&j);
	for (i = 0; i < nsets; i++) {
		if (strcmp(sets[i]->source_fw, source) != 0 &&
		    strcmp(sets[i]->target_fw, source) != 0 &&
		    strcmp(sets[i]->source_fw, target) != 0 &&
		    strcmp(sets[i]->target_fw, target) != 0)
			continue;
		jw_object_open(&j);
		jw_kv_string(&j, "mapping_set", sets[i]->name);
		jw_kv_string(&j, "source", sets[i]->source_fw);
		jw_kv_string(&j, "target", sets[i]->target_fw);
		jw_kv_string(&j, "provenance", sets[i]->provenance);
		jw_kv_string(&j, "version", sets[i]->version);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_key(&j, "mappings");
	jw_array_open(&j);
	for (i = 0; i < edges.n; i++) {
		x = &edges.edges[i];
		if (control != NULL && strcmp(x->source, control) != 0)
			continue;
		r = x->row2 == NULL ? x->row1 : NULL;
		jw_object_open(&j);
		jw_kv_string(&j, "source_control", x->source);
		jw_kv_string(&j, "target_control", x->target);
		jw_kv_string(&j, "relationship", mapset_rel_name(x->rel));
		jw_key(&j, "strength");
		if (x->strength >= 0)
			jw_int(&j, x->strength);
		else
			jw_null(&j);
		jw_kv_string(&j, "rationale", r != NULL ? r->rationale : NULL);
		jw_kv_string(&j, "confidence", r != NULL ? r->confidence : NULL);
		jw_kv_string(&j, "note", r != NULL ? r->note : NULL);
		jw_kv_string(&j, "mapping_set", x->set);
		if (x->pivot != NULL)
			write_path(&j, x);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}
