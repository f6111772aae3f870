/*
 * comparison.c — the comparison report (docs/reports.md, "comparison"): the
 * one-pager for sales.  Every target framework a mapping set reaches
 * from the organisation's source framework, side by side: design and
 * assured coverage, strict scores and the counts, the coverage chart
 * (design against assured per framework), the basis of each comparison,
 * the formula and as_of.
 *
 * The targets and their order are those of GET /orgs/{org}/comparison
 * without targets= (h_gap.c): every framework some set links to the
 * source, directly or through one pivot, less those no relationship
 * reaches.  The numbers come from the same gap engine, so they are the
 * API's.  gather() formats every shown cell and fingerprints it.
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
#include "model.h"
#include "model_gap.h"
#include "model_report.h"
#include "pdf.h"
#include "pool.h"
#include "present.h"
#include "report.h"

#define CMP_COLS	9
#define CMP_BASIS_COLS	2
#define CMP_CHART_W	480
#define CMP_CHART_H	260

struct cmp_target {
	struct gap_answer	 a;
	const char		*cells[2][CMP_COLS];	/* design, assured */
	const char		*basis[CMP_BASIS_COLS];
};

struct cmp_data {
	struct cmp_target		 t[REPORT_TARGETS_MAX];
	size_t				 n;
	struct chart_coverage_row	 chart[REPORT_TARGETS_MAX];
	const char			*source_name;
	const char			*intro;
};




static const struct fw_row *
cmp_fw(const struct fw_row *fw, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(fw[i].id, id) == 0)
			return &fw[i];
	return NULL;
}

/* How the relationships of one target were found, and from which sets. */
static const char *
cmp_basis(struct report_ctx *c, const struct gap_answer *a, struct buf *b)
{
	size_t	 i;

	switch (a->edges.kind) {
	case GAP_DIRECT:
		buf_puts(b, "direct: ");
		break;
	case GAP_BACKWARD:
		buf_puts(b, "read backwards: ");
		break;
	case GAP_PATH:
		buf_printf(b, "composed through a pivot (%zu two-step paths): ",
		    a->edges.nsets);
		break;
	default:
		buf_puts(b, "none");
		break;
	}
	for (i = 0; i < a->edges.nsets; i++)
		buf_printf(b, "%s%s", i > 0 ? "; " : "", a->edges.sets[i]);
	return report_take(c, b);
}

/* The figures of one state (design or assured) of one target. */
static void
cmp_row(struct report_ctx *c, const char **v, const char *state,
    const struct gap_score *s)
{
	v[1] = report_show(c, state);
	v[2] = report_show(c, present_score(c, s, false));
	v[3] = report_show(c, present_score(c, s, true));
	v[4] = report_show(c, report_fmt(c, "%zu", s->covered));
	v[5] = report_show(c, report_fmt(c, "%zu", s->partial));
	v[6] = report_show(c, report_fmt(c, "%zu", s->gap));
	v[7] = report_show(c, report_fmt(c, "%zu", s->not_applicable));
	v[8] = report_show(c, report_fmt(c, "%zu", s->unmapped));
}

static enum err
cmp_target(struct report_ctx *c, struct cmp_data *d, const char *id,
    const struct fw_row *fws, size_t nfw, struct buf *b)
{
	struct cmp_target	*t = &d->t[d->n];
	const struct gap_score	*ds, *as;
	const struct fw_row	*fw;
	enum err		 e;

	if ((e = model_gap_target(c->db, c->pool, &c->gap, id, &t->a)) != ERR_OK)
		return e;
	/* As the API: a framework nothing relates to the source is left out. */
	if (t->a.edges.kind == GAP_NONE_FOUND)
		return ERR_OK;
	/* Only the scores are shown: they, not the rows, are fingerprinted. */
	ds = &t->a.result.design;
	as = &t->a.result.assured;
	fw = cmp_fw(fws, nfw, id);
	/* Two rows: the name over the design row, id and size beside assured. */
	t->cells[0][0] = report_show(c, fw != NULL ? report_fmt(c, "%s, %s",
	    fw->name, fw->version) : id);
	t->cells[1][0] = report_show(c, report_fmt(c, "%s \xc2\xb7 %zu "
	    "controls", id, t->a.result.n));
	cmp_row(c, t->cells[0], "design", ds);
	cmp_row(c, t->cells[1], "assured", as);
	t->basis[0] = report_show(c, id);
	buf_reset(b);
	t->basis[1] = report_show(c, cmp_basis(c, &t->a, b));
	/* An undefined score draws as 0: the table says n/a. */
	d->chart[d->n].label = id;
	d->chart[d->n].design = ds->defined ? ds->coverage : 0;
	d->chart[d->n].assured = as->defined ? as->coverage : 0;
	d->n++;
	return ERR_OK;
}

/* Runs the gap engine for every target; everything in ctx->pool. */
enum err
comparison_gather(struct report_ctx *c)
{
	const char		*ids[REPORT_TARGETS_MAX];
	const struct fw_row	*src;
	struct cmp_data		*d;
	struct fw_row		*fw;
	struct buf		 b;
	size_t			 n, nfw, i;
	enum err		 e = ERR_OK;

	if ((d = pool_calloc(c->pool, 1, sizeof(*d))) == NULL)
		return ERR_NOMEM;
	if ((e = model_report_targets(c->db, c->pool, &c->gap, ids, &n)) !=
	    ERR_OK ||
	    (e = model_frameworks(c->db, c->pool, &fw, &nfw)) != ERR_OK)
		return e;
	buf_init(&b, 0);
	for (i = 0; i < n && e == ERR_OK; i++)
		e = cmp_target(c, d, ids[i], fw, nfw, &b);
	buf_free(&b);
	if (e != ERR_OK)
		return e;
	src = cmp_fw(fw, nfw, c->gap.org.source_fw);
	d->source_name = report_show(c, src != NULL ? report_fmt(c,
	    "%s, %s (%s)", src->name, src->version, src->id) :
	    c->gap.org.source_fw);
	d->intro = report_show(c, report_fmt(c, "%s runs its information "
	    "security programme on %s. This page shows, as of %s, how much "
	    "of each other framework that programme covers: by design (what "
	    "the Statement of Applicability says is implemented) and assured "
	    "(also backed by an effective control review in the last 365 days "
	    "and by current evidence).", c->gap.org.name, d->source_name,
	    c->as_of));
	c->data = d;
	return ERR_OK;
}

enum err
comparison_layout(struct report_ctx *c)
{
	static const struct pdf_column	 cols[CMP_COLS] = {
		{ "Target framework", 0, 1, PDF_ALIGN_LEFT },
		{ "State", 46, 0, PDF_ALIGN_LEFT },
		{ "Coverage", 56, 0, PDF_ALIGN_RIGHT },
		{ "Strict", 54, 0, PDF_ALIGN_RIGHT },
		{ "Covered", 50, 0, PDF_ALIGN_RIGHT },
		{ "Partial", 44, 0, PDF_ALIGN_RIGHT },
		{ "Gap", 34, 0, PDF_ALIGN_RIGHT },
		{ "N/A", 32, 0, PDF_ALIGN_RIGHT },
		{ "Unmapped", 62, 0, PDF_ALIGN_RIGHT },
	};
	static const struct pdf_column	 bcols[CMP_BASIS_COLS] = {
		{ "Target", 84, 0, PDF_ALIGN_LEFT },
		{ "Relationships and mapping sets", 0, 1, PDF_ALIGN_LEFT },
	};
	const struct cmp_data	*d = c->data;
	struct chart_data	 cd;
	char			 line[512];
	size_t			 i;

	pdf_heading(c->pdf, 1, "Coverage at a glance");
	pdf_paragraph(c->pdf, d->intro);
	if (d->n == 0)
		pdf_paragraph(c->pdf, "No mapping set relates the source "
		    "framework to any other framework yet.");
	pdf_table_begin(c->pdf, cols, CMP_COLS, 0);
	for (i = 0; i < d->n; i++) {
		pdf_table_row(c->pdf, d->t[i].cells[0], NULL);
		pdf_table_row(c->pdf, d->t[i].cells[1], NULL);
	}
	pdf_table_end(c->pdf);
	pdf_note(c->pdf, "Counts are target controls. N/A: not applicable, "
	    "mapped only to controls the organisation has excluded. Unmapped "
	    "controls have no relationship to the source framework and are "
	    "never counted as gaps.");

	memset(&cd, 0, sizeof(cd));
	cd.kind = CHART_COVERAGE;
	cd.title = "Coverage by target framework";
	cd.subtitle = report_fmt(c, "%s, as of %s", c->gap.org.name,
	    c->as_of);
	cd.coverage = d->chart;
	cd.n = d->n;
	if (chart_pdf(c->pdf, &cd, CMP_CHART_W, CMP_CHART_H) != ERR_OK)
		pdf_note(c->pdf, "The chart could not be drawn; the table "
		    "above holds the same figures.");

	snprintf(line, sizeof(line), "%s. Design: the Statement of "
	    "Applicability's implementation state; assured: lowered one level "
	    "for a partially effective latest review, no review in 365 days "
	    "or no current evidence, and none for an ineffective review. A "
	    "subset or intersecting relationship counts at most as partial.",
	    GAP_FORMULA);
	pdf_keyvalue(c->pdf, "Formula", line);
	pdf_keyvalue(c->pdf, "Data as of", c->as_of);
	pdf_keyvalue(c->pdf, "Source framework", d->source_name);
	pdf_space(c->pdf, 4);
	pdf_table_begin(c->pdf, bcols, CMP_BASIS_COLS, 0);
	for (i = 0; i < d->n; i++)
		pdf_table_row(c->pdf, d->t[i].basis, NULL);
	pdf_table_end(c->pdf);
	pdf_note(c->pdf, "The per-control detail behind each row is in the "
	    "gap report for that target framework.");
	return pdf_error(c->pdf);
}

/*
 * The comparison workbook: one row per target, as the PDF and the
 * comparison API list them, the design and assured scores side by side
 * (fractions the API gives, shown as percentages) with their counts.
 */
enum cmp_wb_col {
	CMP_WB_TARGET, CMP_WB_RESOLUTION, CMP_WB_SETS, CMP_WB_CONTROLS,
	CMP_WB_D_COV, CMP_WB_D_STRICT, CMP_WB_D_COVERED, CMP_WB_D_PARTIAL,
	CMP_WB_D_GAP, CMP_WB_D_NA, CMP_WB_D_UNMAPPED,
	CMP_WB_A_COV, CMP_WB_A_STRICT, CMP_WB_A_COVERED, CMP_WB_A_PARTIAL,
	CMP_WB_A_GAP, CMP_WB_A_NA, CMP_WB_A_UNMAPPED, CMP_WB_FORMULA,
	CMP_WB__MAX
};

static void
cmp_wb_score(struct xlsx_cell *v, const struct gap_score *s)
{
	v[0] = present_score_cell(s, false);
	v[1] = present_score_cell(s, true);
	v[2] = xlsx_int((long long)s->covered);
	v[3] = xlsx_int((long long)s->partial);
	v[4] = xlsx_int((long long)s->gap);
	v[5] = xlsx_int((long long)s->not_applicable);
	v[6] = xlsx_int((long long)s->unmapped);
}

enum err
comparison_workbook(struct report_ctx *c)
{
	static const struct present_col cols[CMP_WB__MAX] = {
		[CMP_WB_TARGET] = { "Target", 0, 0, PDF_ALIGN_LEFT, false },
		[CMP_WB_RESOLUTION] = { "Resolution", 0, 0, PDF_ALIGN_LEFT, false },
		[CMP_WB_SETS] = { "Mapping sets", 0, 0, PDF_ALIGN_LEFT, false },
		[CMP_WB_CONTROLS] = { "Controls", 0, 0, PDF_ALIGN_RIGHT, false },
		[CMP_WB_D_COV] = { "Design coverage", 0, 0, PDF_ALIGN_RIGHT, false },
		[CMP_WB_D_STRICT] = { "Design strict", 0, 0, PDF_ALIGN_RIGHT, false },
		[CMP_WB_D_COVERED] = { "Design covered", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_D_PARTIAL] = { "Design partial", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_D_GAP] = { "Design gap", 0, 0, PDF_ALIGN_RIGHT, false },
		[CMP_WB_D_NA] = { "Design not applicable", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_D_UNMAPPED] = { "Design unmapped", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_A_COV] = { "Assured coverage", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_A_STRICT] = { "Assured strict", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_A_COVERED] = { "Assured covered", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_A_PARTIAL] = { "Assured partial", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_A_GAP] = { "Assured gap", 0, 0, PDF_ALIGN_RIGHT, false },
		[CMP_WB_A_NA] = { "Assured not applicable", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_A_UNMAPPED] = { "Assured unmapped", 0, 0, PDF_ALIGN_RIGHT,
		    false },
		[CMP_WB_FORMULA] = { "Formula (text)", 0, 0, PDF_ALIGN_LEFT,
		    false },
	};
	static const char *const kinds[] = { "none", "direct", "backward",
	    "composed" };
	const struct cmp_data	*d = c->data;
	const struct gap_answer	*a;
	struct present_table	 t;
	struct xlsx_cell	 v[CMP_WB__MAX];
	struct buf		 sets;
	size_t			 i, k;

	buf_init(&sets, 0);
	present_sheet_begin(c, &t, "Comparison", cols, CMP_WB__MAX, NULL);
	for (i = 0; i < d->n; i++) {
		a = &d->t[i].a;
		buf_reset(&sets);
		for (k = 0; k < a->edges.nsets; k++)
			buf_printf(&sets, "%s%s", k > 0 ? "; " : "",
			    a->edges.sets[k]);
		v[CMP_WB_TARGET] = xlsx_text(a->target);
		v[CMP_WB_RESOLUTION] = xlsx_text((unsigned)a->edges.kind < 4 ?
		    kinds[a->edges.kind] : "none");
		v[CMP_WB_SETS] = xlsx_text(report_text(c, &sets));
		v[CMP_WB_CONTROLS] = xlsx_int((long long)a->result.n);
		cmp_wb_score(&v[CMP_WB_D_COV], &a->result.design);
		cmp_wb_score(&v[CMP_WB_A_COV], &a->result.assured);
		v[CMP_WB_FORMULA] = xlsx_text(GAP_FORMULA);
		present_sheet_row(c, &t, v);
	}
	buf_free(&sets);
	return ERR_OK;
}
