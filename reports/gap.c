/*
 * gap.c — the gap report (docs/reports.md, "gap"): one target framework
 * against the organisation's source framework.  Both scores (design and
 * assured) with their counts, the formula and as_of; coverage per group
 * as a chart and a table; every target control with its statuses and the
 * source controls that contribute, with relationship, strength and the
 * path of composed relationships; then the provenance of every mapping
 * set used and how the relationships were resolved (docs/gap-semantics.md).
 *
 * gather() runs the gap engine (the same one the JSON API uses, so the
 * numbers are the API's) and formats every cell the layout will show,
 * feeding each one into the data fingerprint; layout() only draws.  The
 * customer audience sees the same document: nothing here is internal.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "chart_pdf.h"
#include "gap.h"
#include "mapset.h"
#include "model.h"
#include "model_gap.h"
#include "pdf.h"
#include "pool.h"
#include "present.h"
#include "report.h"

/* Columns of the score table and of the control tables. */
#define RGAP_SCORE_COLS	8
#define RGAP_GROUP_COLS	8
#define RGAP_CTRL_COLS	5
#define RGAP_SET_KV	6	/* pivot, 2 x (set, provenance), uses */

/* Logical size of a chart (pixels at scale 1, shown as points). */
#define RGAP_CHART_W	480
#define RGAP_CHART_H	260
/* Height per bar group beyond which the chart grows, to stay legible. */
#define GAP_CHART_ROW	17

/* A group of target controls: rows [first, first + n) of the result. */
struct rgap_group {
	const char		*id;
	const char		*title;
	const char		*heading;
	size_t			 first;
	size_t			 n;
	struct gap_score	 design;
	struct gap_score	 assured;
	const char		*cells[RGAP_GROUP_COLS];
};

/* One stored mapping set that some contribution used. */
struct rgap_set_ref {
	const char		*heading;
	const char		*key[RGAP_SET_KV];
	const char		*val[RGAP_SET_KV];
	size_t			 n;
};

struct rgap_data {
	struct gap_answer	 a;
	const char		*source_name;
	const char		*target_name;
	const char		*intro;
	const char		*resolution;
	const char		*score_cells[2][RGAP_SCORE_COLS];
	struct rgap_group	*groups;
	size_t			 ngroups;
	const char		**ctrl_cells;	/* a.result.n rows of RGAP_CTRL_COLS */
	enum pdf_fill		*ctrl_fills;
	struct rgap_set_ref	*sets;
	size_t			 nsets;
	const char		*relcount;
	const char		*ctrl_intro;
	struct chart_coverage_row *chart;	/* one per mapped group */
	size_t			 nchart;
};





static const char *
rgap_count(struct report_ctx *c, size_t n)
{
	return report_fmt(c, "%zu", n);
}

/* "name, version (id)" of a framework, or its id when it is not listed. */
static const char *
rgap_fw_name(struct report_ctx *c, const struct fw_row *fw, size_t n,
    const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(fw[i].id, id) == 0)
			return report_fmt(c, "%s, %s (%s)", fw[i].name,
			    fw[i].version, id);
	return id;
}

/* The stored set called name among the context's sets, or NULL. */
static const struct mapset *
rgap_find_set(const struct gap_context *g, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < g->nsets; i++)
		if (strlen(g->sets[i]->name) == len &&
		    strncmp(g->sets[i]->name, name, len) == 0)
			return g->sets[i];
	return NULL;
}

/* Index of the set (or path) name among the answer's sets, 1-based. */
static size_t
rgap_set_index(const struct gap_edges *e, const char *set)
{
	size_t	i;

	for (i = 0; i < e->nsets; i++)
		if (strcmp(e->sets[i], set) == 0)
			return i + 1;
	return 0;
}

/*
 * One line per contributing source control:
 * "9.1.1 equal (8): full / partial", and for a composed relationship
 * "9.1.1 → A.5.15 subset (6): full / partial"; with several sets (or
 * paths) in play, " [n]" names the set of the provenance table.
 */
static const char *
rgap_contribs(struct report_ctx *c, const struct gap_answer *a,
    const struct gap_row *r, struct buf *b)
{
	const struct gap_contrib	*k;
	size_t				 i;

	if (r->ncontribs == 0)
		return "no mapping";
	for (i = 0; i < r->ncontribs; i++) {
		k = &r->contribs[i];
		if (i > 0)
			buf_putc(b, '\n');
		buf_puts(b, k->edge->source);
		if (k->edge->pivot != NULL)
			buf_printf(b, " \xe2\x86\x92 %s", k->edge->pivot);
		buf_printf(b, " %s", mapset_rel_name(k->edge->rel));
		if (k->edge->strength >= 0)
			buf_printf(b, " (%d)", k->edge->strength);
		buf_printf(b, ": %s / %s", gap_state_name(k->design),
		    gap_state_name(k->assured));
		if (a->edges.nsets > 1)
			buf_printf(b, " [%zu]", rgap_set_index(&a->edges,
			    k->edge->set));
	}
	return report_take(c, b);
}

/* The two rows of the score table. */
static void
rgap_scores(struct report_ctx *c, struct rgap_data *d)
{
	const struct gap_score	*s;
	int			 i;

	for (i = 0; i < 2; i++) {
		s = i == 0 ? &d->a.result.design : &d->a.result.assured;
		d->score_cells[i][0] = report_show(c, i == 0 ?
		    "Design (as implemented)" : "Assured (reviewed, evidenced)");
		d->score_cells[i][1] = report_show(c, present_score(c, s,
		    false));
		d->score_cells[i][2] = report_show(c, present_score(c, s,
		    true));
		d->score_cells[i][3] = report_show(c, rgap_count(c,
		    s->covered));
		d->score_cells[i][4] = report_show(c, rgap_count(c,
		    s->partial));
		d->score_cells[i][5] = report_show(c, rgap_count(c, s->gap));
		d->score_cells[i][6] = report_show(c,
		    rgap_count(c, s->not_applicable));
		d->score_cells[i][7] = report_show(c, rgap_count(c,
		    s->unmapped));
	}
}

/*
 * Splits the rows into groups (rows come in catalog order, so a group's
 * controls are adjacent), with their titles from the catalog, their
 * scores and the chart rows of the groups that have mapped controls.
 */
static enum err
rgap_groups(struct report_ctx *c, struct rgap_data *d,
    const struct control_row *cat, size_t ncat)
{
	const struct gap_result	*res = &d->a.result;
	struct rgap_group	*g;
	size_t			 i, k, x;

	if ((d->groups = pool_calloc(c->pool, res->n + 1,
	    sizeof(*d->groups))) == NULL ||
	    (d->chart = pool_calloc(c->pool, res->n + 1,
	    sizeof(*d->chart))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < res->n; i = k) {
		g = &d->groups[d->ngroups++];
		g->id = res->rows[i].target->group_id;
		g->title = g->id;
		for (x = 0; x < ncat; x++)
			if (strcmp(cat[x].group_id, g->id) == 0) {
				g->title = cat[x].group_title;
				break;
			}
		g->first = i;
		for (k = i; k < res->n &&
		    strcmp(res->rows[k].target->group_id, g->id) == 0; k++) {
			gap_score_add(&g->design, res->rows[k].design);
			gap_score_add(&g->assured, res->rows[k].assured);
		}
		g->n = k - i;
		gap_score_finish(&g->design);
		gap_score_finish(&g->assured);
		g->heading = report_show(c, report_fmt(c, "%s \xe2\x80\x94 %s",
		    g->id, g->title));
		g->cells[0] = report_show(c, g->id);
		g->cells[1] = report_show(c, g->title);
		g->cells[2] = report_show(c, rgap_count(c, g->n));
		g->cells[3] = report_show(c, report_fmt(c, "%zu / %zu",
		    g->design.covered, g->assured.covered));
		g->cells[4] = report_show(c, report_fmt(c, "%zu / %zu",
		    g->design.partial, g->assured.partial));
		g->cells[5] = report_show(c, report_fmt(c, "%zu / %zu",
		    g->design.gap, g->assured.gap));
		g->cells[6] = report_show(c, present_score(c, &g->design,
		    false));
		g->cells[7] = report_show(c, present_score(c, &g->assured,
		    false));
		if (g->design.defined) {
			d->chart[d->nchart].label = g->id;
			d->chart[d->nchart].design = g->design.coverage;
			d->chart[d->nchart].assured = g->assured.coverage;
			d->nchart++;
		}
	}
	return ERR_OK;
}

/* The cells of every target control. */
static enum err
rgap_controls(struct report_ctx *c, struct rgap_data *d)
{
	const struct gap_result	*res = &d->a.result;
	const struct gap_row	*r;
	const char		**v;
	enum pdf_fill		*f;
	struct buf		 b;
	size_t			 i;
	enum err		 e = ERR_OK;

	if ((d->ctrl_cells = pool_calloc(c->pool, res->n * RGAP_CTRL_COLS + 1,
	    sizeof(*d->ctrl_cells))) == NULL ||
	    (d->ctrl_fills = pool_calloc(c->pool, res->n * RGAP_CTRL_COLS + 1,
	    sizeof(*d->ctrl_fills))) == NULL)
		return ERR_NOMEM;
	buf_init(&b, 0);
	for (i = 0; i < res->n; i++) {
		r = &res->rows[i];
		v = &d->ctrl_cells[i * RGAP_CTRL_COLS];
		f = &d->ctrl_fills[i * RGAP_CTRL_COLS];
		v[0] = report_show(c, r->target->id);
		v[1] = report_show(c, r->target->title);
		v[2] = report_show(c, present_status(r->design));
		v[3] = report_show(c, present_status(r->assured));
		f[2] = present_status_fill(r->design);
		f[3] = present_status_fill(r->assured);
		if ((v[4] = rgap_contribs(c, &d->a, r, &b)) == NULL) {
			e = ERR_NOMEM;
			break;
		}
		report_show(c, v[4]);
	}
	buf_free(&b);
	return e;
}

/*
 * The provenance: how the relationships were found, and each stored set
 * behind them (a composed path names two).  A reference number per set
 * (or path) of the answer matches the " [n]" of the control table.
 */
static enum err
rgap_provenance(struct report_ctx *c, struct rgap_data *d,
    const struct fw_row *fw, size_t nfw)
{
	const struct gap_edges	*e = &d->a.edges;
	const struct gap_context *g = &c->gap;
	const struct mapset	*m, *first;
	struct rgap_set_ref	*r;
	const char		*name, *plus, *pv, **pivots;
	bool			 back;
	size_t			*uses, i, k, x, npiv = 0, nrel[REL__MAX];
	struct buf		 b, piv;
	int			 rel;

	if ((d->sets = pool_calloc(c->pool, e->nsets + 1,
	    sizeof(*d->sets))) == NULL ||
	    (uses = pool_calloc(c->pool, e->nsets + 1, sizeof(*uses))) == NULL ||
	    (pivots = pool_calloc(c->pool, e->nsets + 1,
	    sizeof(*pivots))) == NULL)
		return ERR_NOMEM;
	memset(nrel, 0, sizeof(nrel));
	for (i = 0; i < d->a.result.n; i++)
		for (k = 0; k < d->a.result.rows[i].ncontribs; k++) {
			const struct gap_edge *ed =
			    d->a.result.rows[i].contribs[k].edge;

			nrel[ed->rel]++;
			if ((rel = (int)rgap_set_index(e, ed->set)) > 0)
				uses[rel - 1]++;
		}
	buf_init(&b, 0);
	buf_init(&piv, 0);
	for (i = 0; i < e->nsets; i++) {
		r = &d->sets[i];
		/* A path is "first + second"; a stored set has no " + ". */
		name = e->sets[i];
		plus = strstr(name, " + ");
		first = rgap_find_set(g, name, plus != NULL ?
		    (size_t)(plus - name) : strlen(name));
		r->heading = report_show(c, report_fmt(c, "[%zu] %s", i + 1,
		    name));
		/* The pivot framework of a path: the first set's other side. */
		if (plus != NULL && first != NULL) {
			pv = strcmp(first->source_fw, g->org.source_fw) == 0 ?
			    first->target_fw : first->source_fw;
			r->key[r->n] = "Pivot framework";
			r->val[r->n++] = report_show(c, rgap_fw_name(c, fw,
			    nfw, pv));
			for (x = 0; x < npiv && strcmp(pivots[x], pv) != 0; x++)
				;
			if (x == npiv) {
				pivots[npiv++] = pv;
				buf_printf(&piv, "%s%s", piv.len > 0 ? ", " : "",
				    rgap_fw_name(c, fw, nfw, pv));
			}
		}
		for (k = 0; k < 2; k++) {
			if (k == 1 && plus == NULL)
				break;
			m = k == 0 ? first : rgap_find_set(g, plus + 3,
			    strlen(plus + 3));
			r->key[r->n] = plus == NULL ? "Mapping set" : k == 0 ?
			    "First step" : "Second step";
			if (m == NULL) {
				r->val[r->n++] = report_show(c, "not loaded");
				continue;
			}
			/* A step reads backwards when it ends where it should start. */
			back = k == 0 ? strcmp(m->source_fw, g->org.source_fw) != 0 :
			    strcmp(m->target_fw, d->a.target) != 0;
			r->val[r->n++] = report_show(c, report_fmt(c, "%s: %s "
			    "\xe2\x86\x92 %s, version %s%s", m->name, m->source_fw,
			    m->target_fw, m->version != NULL ? m->version :
			    "not stated", back ? ", read backwards" : ""));
			r->key[r->n] = "Provenance";
			r->val[r->n++] = report_show(c, m->provenance != NULL &&
			    *m->provenance != '\0' ? m->provenance :
			    "none recorded");
		}
		r->key[r->n] = "Contributions";
		r->val[r->n++] = report_show(c, report_fmt(c, "%zu target-control "
		    "relationships", uses[i]));
	}
	d->nsets = e->nsets;

	switch (e->kind) {
	case GAP_DIRECT:
		buf_printf(&b, "Direct: the mapping sets from %s to %s, as "
		    "stored.", g->org.source_fw, d->a.target);
		break;
	case GAP_BACKWARD:
		buf_printf(&b, "Read backwards: no set maps %s to %s, so the "
		    "sets from %s to %s are read in reverse (subset and "
		    "superset swap; the other relationships read the same "
		    "both ways).", g->org.source_fw, d->a.target, d->a.target,
		    g->org.source_fw);
		break;
	case GAP_PATH:
		buf_printf(&b, "Composed through a pivot: no set relates %s "
		    "and %s directly, so every two-step path %s \xe2\x86\x92 "
		    "P \xe2\x86\x92 %s through a pivot framework P is used "
		    "(pivots: %s). A path is kept only where set theory "
		    "guarantees the composed relationship; its strength is the "
		    "lower of its two steps.", g->org.source_fw, d->a.target,
		    g->org.source_fw, d->a.target,
		    piv.data != NULL ? piv.data : "none");
		break;
	default:
		buf_printf(&b, "None: no mapping set relates %s and %s, "
		    "directly, backwards or through a pivot, so every target "
		    "control is unmapped (and none is counted as a gap).",
		    g->org.source_fw, d->a.target);
		break;
	}
	buf_puts(&b, " Rows recorded as no-relationship never contribute.");
	if ((d->resolution = report_take(c, &b)) == NULL)
		goto nomem;
	report_show(c, d->resolution);
	buf_puts(&b, "Contributions by relationship:");
	for (rel = 0, k = 0; rel < REL__MAX; rel++)
		if (nrel[rel] > 0)
			buf_printf(&b, "%s %s %zu", k++ > 0 ? "," : "",
			    mapset_rel_name((enum rel)rel), nrel[rel]);
	if (k == 0)
		buf_puts(&b, " none");
	buf_puts(&b, ". Subset and intersects contributions count at most "
	    "as partial: a part never proves the whole.");
	if ((d->relcount = report_take(c, &b)) == NULL)
		goto nomem;
	report_show(c, d->relcount);
	buf_free(&b);
	buf_free(&piv);
	return ERR_OK;
nomem:
	buf_free(&b);
	buf_free(&piv);
	return ERR_NOMEM;
}

/*
 * Runs the gap engine for the requested target and formats every cell.
 * Everything lives in ctx->pool.  ERR_NOT_FOUND for an unknown target.
 */
enum err
rgap_gather(struct report_ctx *c)
{
	struct rgap_data		*d;
	struct control_row	*cat;
	struct fw_row		*fw;
	size_t			 ncat, nfw;
	enum err		 e;

	if ((d = pool_calloc(c->pool, 1, sizeof(*d))) == NULL)
		return ERR_NOMEM;
	if ((e = model_gap_target(c->db, c->pool, &c->gap, c->req->target,
	    &d->a)) != ERR_OK)
		return e;
	if ((e = model_controls(c->db, c->pool, c->req->target, NULL, &cat,
	    &ncat)) != ERR_OK ||
	    (e = model_frameworks(c->db, c->pool, &fw, &nfw)) != ERR_OK)
		return e;
	report_fp_gap(c, &d->a);
	d->source_name = report_show(c, rgap_fw_name(c, fw, nfw,
	    c->gap.org.source_fw));
	d->target_name = report_show(c, rgap_fw_name(c, fw, nfw,
	    c->req->target));
	d->intro = report_show(c, report_fmt(c, "How far %s's %s programme "
	    "covers %s, as of %s. Design coverage counts what the Statement of "
	    "Applicability says is implemented; assured coverage counts only "
	    "what is also backed by an effective control review in the last "
	    "365 days and by current evidence.", c->gap.org.name,
	    d->source_name, d->target_name, c->as_of));
	d->ctrl_intro = report_show(c, d->a.edges.nsets > 1 ?
	    "Every control of the target framework, in catalog order. Each "
	    "contributing source control reads \"control relationship "
	    "(strength): design / assured state [set]\", the set being "
	    "listed under Mapping provenance; \"\xe2\x86\x92\" shows the "
	    "pivot control of a composed relationship. A status is the best "
	    "contribution." : "Every control of the target framework, in "
	    "catalog order. Each contributing source control reads \"control "
	    "relationship (strength): design / assured state\"; \"\xe2\x86"
	    "\x92\" shows the pivot control of a composed relationship. A "
	    "status is the best contribution.");
	rgap_scores(c, d);
	if ((e = rgap_groups(c, d, cat, ncat)) != ERR_OK ||
	    (e = rgap_controls(c, d)) != ERR_OK ||
	    (e = rgap_provenance(c, d, fw, nfw)) != ERR_OK)
		return e;
	c->data = d;
	return ERR_OK;
}

/* Draws coverage rows [0, n) as one chart of the given title. */
static void
rgap_chart(struct report_ctx *c, const struct chart_coverage_row *rows,
    size_t n, const char *title, const char *subtitle)
{
	struct chart_data	 cd;
	int			 h;

	memset(&cd, 0, sizeof(cd));
	cd.kind = CHART_COVERAGE;
	cd.title = title;
	cd.subtitle = subtitle;
	cd.axis = "Control group";
	cd.empty = "No mapped controls";
	cd.coverage = rows;
	cd.n = n;
	h = RGAP_CHART_H;
	if (n > 10)
		h += (int)(n - 10) * GAP_CHART_ROW;
	if (chart_pdf(c->pdf, &cd, RGAP_CHART_W, h) != ERR_OK)
		pdf_note(c->pdf, "The chart could not be drawn; the table below "
		    "holds the same figures.");
}

static void
rgap_layout_summary(struct report_ctx *c, const struct rgap_data *d)
{
	static const struct pdf_column	 cols[RGAP_SCORE_COLS] = {
		{ "State", 0, 1, PDF_ALIGN_LEFT },
		{ "Coverage", 58, 0, PDF_ALIGN_RIGHT },
		{ "Strict", 54, 0, PDF_ALIGN_RIGHT },
		{ "Covered", 50, 0, PDF_ALIGN_RIGHT },
		{ "Partial", 44, 0, PDF_ALIGN_RIGHT },
		{ "Gap", 36, 0, PDF_ALIGN_RIGHT },
		{ "Not applicable", 62, 0, PDF_ALIGN_RIGHT },
		{ "Unmapped", 62, 0, PDF_ALIGN_RIGHT },
	};
	char	 line[512];

	pdf_heading(c->pdf, 1, "Summary");
	pdf_paragraph(c->pdf, d->intro);
	pdf_table_begin(c->pdf, cols, RGAP_SCORE_COLS, 0);
	pdf_table_row(c->pdf, d->score_cells[0], NULL);
	pdf_table_row(c->pdf, d->score_cells[1], NULL);
	pdf_table_end(c->pdf);
	pdf_space(c->pdf, 4);
	snprintf(line, sizeof(line), "Formula: %s. Counts are target "
	    "controls; not applicable and unmapped controls are outside the "
	    "formula, and an unmapped control is never counted as a gap.",
	    GAP_FORMULA);
	pdf_keyvalue(c->pdf, "How it is computed", line);
	pdf_keyvalue(c->pdf, "Data as of", c->as_of);
	pdf_keyvalue(c->pdf, "Relationships", d->resolution);
	pdf_keyvalue(c->pdf, "Assured state", "The design state, lowered one "
	    "level (full to partial to none) when the latest control review "
	    "was partially effective, when no review took place in the 365 "
	    "days before the as-of date, or when the control has no current "
	    "evidence (expired, or collected before a later change); an "
	    "ineffective latest review makes it none.");
}

static void
rgap_layout_groups(struct report_ctx *c, const struct rgap_data *d)
{
	static const struct pdf_column	 cols[RGAP_GROUP_COLS] = {
		{ "Group", 40, 0, PDF_ALIGN_LEFT },
		{ "Title", 0, 1, PDF_ALIGN_LEFT },
		{ "Controls", 52, 0, PDF_ALIGN_RIGHT },
		{ "Covered", 50, 0, PDF_ALIGN_RIGHT },
		{ "Partial", 50, 0, PDF_ALIGN_RIGHT },
		{ "Gap", 48, 0, PDF_ALIGN_RIGHT },
		{ "Design coverage", 58, 0, PDF_ALIGN_RIGHT },
		{ "Assured coverage", 58, 0, PDF_ALIGN_RIGHT },
	};
	size_t	 i, n;

	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "Coverage per group");
	/* The chart takes at most CHART_MAX_FRAMEWORKS groups: split. */
	for (i = 0; i < d->nchart; i += n) {
		n = d->nchart - i;
		if (n > CHART_MAX_FRAMEWORKS)
			n = (n + 1) / 2 > CHART_MAX_FRAMEWORKS ?
			    CHART_MAX_FRAMEWORKS : (n + 1) / 2;
		rgap_chart(c, d->chart + i, n, i == 0 ? "Coverage per group" :
		    "Coverage per group (continued)", d->target_name);
	}
	if (d->nchart == 0)
		rgap_chart(c, NULL, 0, "Coverage per group", d->target_name);
	pdf_note(c->pdf, "Covered, partial and gap are counted as design / "
	    "assured. Groups without any mapped control are not drawn.");
	pdf_table_begin(c->pdf, cols, RGAP_GROUP_COLS, PDF_TABLE_ZEBRA);
	for (i = 0; i < d->ngroups; i++)
		pdf_table_row(c->pdf, d->groups[i].cells, NULL);
	pdf_table_end(c->pdf);
}

static void
rgap_layout_controls(struct report_ctx *c, const struct rgap_data *d)
{
	static const struct pdf_column	 cols[RGAP_CTRL_COLS] = {
		{ "Control", 52, 0, PDF_ALIGN_LEFT },
		{ "Title", 0, 2, PDF_ALIGN_LEFT },
		{ "Design", 62, 0, PDF_ALIGN_LEFT },
		{ "Assured", 62, 0, PDF_ALIGN_LEFT },
		{ "Contributing source controls", 0, 3, PDF_ALIGN_LEFT },
	};
	const struct rgap_group	*g;
	size_t			 i, k;

	pdf_page_break(c->pdf);
	pdf_heading(c->pdf, 1, "Target controls");
	pdf_paragraph(c->pdf, d->ctrl_intro);
	for (i = 0; i < d->ngroups; i++) {
		g = &d->groups[i];
		pdf_heading(c->pdf, 2, g->heading);
		pdf_table_begin(c->pdf, cols, RGAP_CTRL_COLS, 0);
		for (k = g->first; k < g->first + g->n; k++)
			pdf_table_row(c->pdf,
			    &d->ctrl_cells[k * RGAP_CTRL_COLS],
			    &d->ctrl_fills[k * RGAP_CTRL_COLS]);
		pdf_table_end(c->pdf);
	}
}

static void
rgap_layout_provenance(struct report_ctx *c, const struct rgap_data *d)
{
	size_t	 i, k;

	pdf_heading(c->pdf, 1, "Mapping provenance");
	pdf_paragraph(c->pdf, d->resolution);
	pdf_paragraph(c->pdf, d->relcount);
	for (i = 0; i < d->nsets; i++) {
		pdf_heading(c->pdf, 2, d->sets[i].heading);
		for (k = 0; k < d->sets[i].n; k++)
			pdf_keyvalue(c->pdf, d->sets[i].key[k], d->sets[i].val[k]);
	}
}

enum err
rgap_layout(struct report_ctx *c)
{
	const struct rgap_data	*d = c->data;

	pdf_page_break(c->pdf);
	rgap_layout_summary(c, d);
	rgap_layout_groups(c, d);
	rgap_layout_controls(c, d);
	rgap_layout_provenance(c, d);
	return pdf_error(c->pdf);
}

/*
 * The gap workbook: "Controls", one row per contribution of a source
 * control to a target control (a target with none has one row of its
 * own), as the gap CSV has them; "Scores", the design and assured scores
 * of the whole target and of each group, with the formula; "Provenance",
 * the stored mapping sets the contributions came from.
 */
enum rgap_wb_ctrl_col {
	RGAP_WB_TARGET, RGAP_WB_TITLE, RGAP_WB_GROUP, RGAP_WB_DESIGN,
	RGAP_WB_ASSURED, RGAP_WB_SOURCE, RGAP_WB_REL, RGAP_WB_STRENGTH,
	RGAP_WB_SET, RGAP_WB_PATH, RGAP_WB_SRC_DESIGN, RGAP_WB_SRC_ASSURED,
	RGAP_WB_CTRL__MAX
};

static void
rgap_wb_controls(struct report_ctx *c, const struct rgap_data *d)
{
	static const struct present_col cols[RGAP_WB_CTRL__MAX] = {
		[RGAP_WB_TARGET] = { "Target control", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_TITLE] = { "Title", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_GROUP] = { "Group", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_DESIGN] = { "Design status", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_ASSURED] = { "Assured status", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_SOURCE] = { "Source control", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_REL] = { "Relationship", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_STRENGTH] = { "Strength", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_SET] = { "Mapping set", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_PATH] = { "Path", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_SRC_DESIGN] = { "Source design state", 0, 0, PDF_ALIGN_LEFT,
		    false },
		[RGAP_WB_SRC_ASSURED] = { "Source assured state", 0, 0, PDF_ALIGN_LEFT,
		    false },
	};
	struct present_table	 t;
	struct xlsx_cell	 v[RGAP_WB_CTRL__MAX];
	const struct gap_row	*r;
	const struct gap_edge	*ed;
	size_t			 i, x, k;

	present_sheet_begin(c, &t, "Controls", cols, RGAP_WB_CTRL__MAX, NULL);
	for (i = 0; i < d->a.result.n; i++) {
		r = &d->a.result.rows[i];
		for (x = 0; x < r->ncontribs || x == 0; x++) {
			for (k = 0; k < RGAP_WB_CTRL__MAX; k++)
				v[k] = xlsx_text(NULL);
			v[RGAP_WB_TARGET] = xlsx_text(r->target->id);
			v[RGAP_WB_TITLE] = xlsx_text(r->target->title);
			v[RGAP_WB_GROUP] = xlsx_text(r->target->group_id);
			v[RGAP_WB_DESIGN] = present_status_cell(r->design);
			v[RGAP_WB_ASSURED] = present_status_cell(r->assured);
			if (r->ncontribs > 0) {
				ed = r->contribs[x].edge;
				v[RGAP_WB_SOURCE] = xlsx_text(ed->source);
				v[RGAP_WB_REL] = xlsx_text(mapset_rel_name(ed->rel));
				if (ed->strength >= 0)
					v[RGAP_WB_STRENGTH] = xlsx_int(ed->strength);
				v[RGAP_WB_SET] = xlsx_text(ed->set);
				if (ed->pivot != NULL)
					v[RGAP_WB_PATH] = xlsx_text(report_fmt(c,
					    "%s > %s > %s", ed->source, ed->pivot,
					    ed->target));
				v[RGAP_WB_SRC_DESIGN] = xlsx_text(gap_state_name(
				    r->contribs[x].design));
				v[RGAP_WB_SRC_ASSURED] = xlsx_text(gap_state_name(
				    r->contribs[x].assured));
			}
			present_sheet_row(c, &t, v);
		}
	}
}

enum rgap_wb_score_col {
	RGAP_WB_SCOPE, RGAP_WB_MEASURE, RGAP_WB_COVERAGE, RGAP_WB_STRICT,
	RGAP_WB_COVERED, RGAP_WB_PARTIAL, RGAP_WB_GAP, RGAP_WB_NA,
	RGAP_WB_UNMAPPED, RGAP_WB_FORMULA, RGAP_WB_SCORE__MAX
};

static void
rgap_wb_score_row(struct report_ctx *c, const struct present_table *t,
    const char *scope, const char *measure, const struct gap_score *s)
{
	struct xlsx_cell	v[RGAP_WB_SCORE__MAX];

	v[RGAP_WB_SCOPE] = xlsx_text(scope);
	v[RGAP_WB_MEASURE] = xlsx_text(measure);
	v[RGAP_WB_COVERAGE] = present_score_cell(s, false);
	v[RGAP_WB_STRICT] = present_score_cell(s, true);
	v[RGAP_WB_COVERED] = xlsx_int((long long)s->covered);
	v[RGAP_WB_PARTIAL] = xlsx_int((long long)s->partial);
	v[RGAP_WB_GAP] = xlsx_int((long long)s->gap);
	v[RGAP_WB_NA] = xlsx_int((long long)s->not_applicable);
	v[RGAP_WB_UNMAPPED] = xlsx_int((long long)s->unmapped);
	v[RGAP_WB_FORMULA] = xlsx_text(GAP_FORMULA);
	present_sheet_row(c, t, v);
}

static void
rgap_wb_scores(struct report_ctx *c, const struct rgap_data *d)
{
	static const struct present_col cols[RGAP_WB_SCORE__MAX] = {
		[RGAP_WB_SCOPE] = { "Scope", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_MEASURE] = { "Measure", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_COVERAGE] = { "Coverage", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_STRICT] = { "Strict", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_COVERED] = { "Covered", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_PARTIAL] = { "Partial", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_GAP] = { "Gap", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_NA] = { "Not applicable", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_UNMAPPED] = { "Unmapped", 0, 0, PDF_ALIGN_RIGHT, false },
		[RGAP_WB_FORMULA] = { "Formula (text)", 0, 0, PDF_ALIGN_LEFT, false },
	};
	struct present_table	t;
	size_t			i;

	present_sheet_begin(c, &t, "Scores", cols, RGAP_WB_SCORE__MAX, NULL);
	rgap_wb_score_row(c, &t, "all controls", "design", &d->a.result.design);
	rgap_wb_score_row(c, &t, "all controls", "assured",
	    &d->a.result.assured);
	for (i = 0; i < d->ngroups; i++) {
		rgap_wb_score_row(c, &t, d->groups[i].id, "design",
		    &d->groups[i].design);
		rgap_wb_score_row(c, &t, d->groups[i].id, "assured",
		    &d->groups[i].assured);
	}
}

enum rgap_wb_set_col {
	RGAP_WB_USED, RGAP_WB_STORED, RGAP_WB_SET_SOURCE, RGAP_WB_SET_TARGET,
	RGAP_WB_PROVENANCE, RGAP_WB_VERSION, RGAP_WB_USES,
	RGAP_WB_SET__MAX
};

static void
rgap_wb_provenance(struct report_ctx *c, const struct rgap_data *d)
{
	static const struct present_col cols[RGAP_WB_SET__MAX] = {
		[RGAP_WB_USED] = { "Set or path used", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_STORED] = { "Stored mapping set", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_SET_SOURCE] = { "Set source", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_SET_TARGET] = { "Set target", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_PROVENANCE] = { "Provenance", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_VERSION] = { "Version", 0, 0, PDF_ALIGN_LEFT, false },
		[RGAP_WB_USES] = { "Contributions", 0, 0, PDF_ALIGN_RIGHT, false },
	};
	const struct gap_edges	*e = &d->a.edges;
	const struct mapset	*m;
	struct present_table	 t;
	struct xlsx_cell	 v[RGAP_WB_SET__MAX];
	const char		*name, *part, *plus;
	size_t			 i, k, x, uses;

	present_sheet_begin(c, &t, "Provenance", cols, RGAP_WB_SET__MAX, NULL);
	for (i = 0; i < e->nsets; i++) {
		name = e->sets[i];
		uses = 0;
		for (x = 0; x < d->a.result.n; x++)
			for (k = 0; k < d->a.result.rows[x].ncontribs; k++)
				if (strcmp(d->a.result.rows[x].contribs[k].edge->set,
				    name) == 0)
					uses++;
		/* A path "first + second" is two stored sets, a row each. */
		for (part = name; part != NULL; part = plus != NULL ? plus + 3 :
		    NULL) {
			plus = strstr(part, " + ");
			m = rgap_find_set(&c->gap, part, plus != NULL ?
			    (size_t)(plus - part) : strlen(part));
			v[RGAP_WB_USED] = xlsx_text(name);
			v[RGAP_WB_STORED] = xlsx_text(m != NULL ? m->name : NULL);
			v[RGAP_WB_SET_SOURCE] = xlsx_text(m != NULL ? m->source_fw :
			    NULL);
			v[RGAP_WB_SET_TARGET] = xlsx_text(m != NULL ? m->target_fw :
			    NULL);
			v[RGAP_WB_PROVENANCE] = xlsx_text(m != NULL ?
			    m->provenance : NULL);
			v[RGAP_WB_VERSION] = xlsx_text(m != NULL ? m->version :
			    NULL);
			v[RGAP_WB_USES] = xlsx_int((long long)uses);
			present_sheet_row(c, &t, v);
		}
	}
}

enum err
rgap_workbook(struct report_ctx *c)
{
	const struct rgap_data	*d = c->data;

	rgap_wb_controls(c, d);
	rgap_wb_scores(c, d);
	rgap_wb_provenance(c, d);
	return ERR_OK;
}
