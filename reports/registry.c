/*
 * registry.c — the report registry and the steps every report shares:
 * resolving the request, the data fingerprint, the title page, the
 * closing note on verification, writing, signing and recording.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "chart.h"
#include "db.h"
#include "esc.h"
#include "gap.h"
#include "model_gap.h"
#include "model_report.h"
#include "pdf.h"
#include "pool.h"
#include "report.h"
#include "sign.h"
#include "valid.h"
#include "xlsx.h"

const struct report_def report_defs[REPORT__MAX] = {
	[REPORT_MANAGEMENT_REVIEW] = { "management-review", "Management review",
	    false, true, mr_gather, mr_layout },
	[REPORT_GAP] = { "gap", "Framework gap analysis", true, false,
	    rgap_gather, rgap_layout, rgap_workbook },
	[REPORT_COMPARISON] = { "comparison", "Framework comparison", false,
	    false, comparison_gather, comparison_layout, comparison_workbook },
	[REPORT_SOA] = { "soa", "Statement of Applicability", false, false,
	    soa_gather, soa_layout, soa_workbook },
	[REPORT_TRACEABILITY] = { "traceability", "Traceability", false, false,
	    trace_gather, trace_layout, NULL },
	[REPORT_READINESS] = { "readiness", "Readiness", false, false,
	    readiness_gather, NULL, readiness_workbook },
	[REPORT_REVIEWS] = { "reviews", "Control review history", false, true,
	    reviews_gather, NULL, reviews_workbook },
};

const char *
report_kind_name(enum report_kind k)
{
	return (unsigned)k < REPORT__MAX ? report_defs[k].name : "?";
}

bool
report_kind_parse(const char *s, enum report_kind *k)
{
	return report_kind_parse_format(s, REPORT_PDF, k);
}

bool
report_kind_parse_format(const char *s, enum report_format f,
    enum report_kind *k)
{
	int	i;

	for (i = 0; i < REPORT__MAX; i++)
		if (strcmp(s, report_defs[i].name) == 0) {
			if ((f == REPORT_PDF && report_defs[i].layout == NULL) ||
			    (f == REPORT_XLSX && report_defs[i].workbook == NULL))
				return false;
			*k = (enum report_kind)i;
			return true;
		}
	return false;
}

const char *
report_format_name(enum report_format f)
{
	return f == REPORT_XLSX ? "xlsx" : "pdf";
}

void
report_fp(struct report_ctx *c, const char *s)
{
	/* A value and its end: "ab"+"c" and "a"+"bc" differ. */
	if (s == NULL)
		EVP_DigestUpdate(c->fp, "\x01", 1);
	else
		EVP_DigestUpdate(c->fp, s, strlen(s) + 1);
}

void
report_fp_table(struct report_ctx *c, const struct mtable *t)
{
	size_t	i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		report_fp(c, t->v[i]);
	EVP_DigestUpdate(c->fp, "\x02", 1);
}

void
report_fp_gap(struct report_ctx *c, const struct gap_answer *a)
{
	const struct gap_row	*r;
	size_t			 i, k;

	report_fp(c, a->target);
	for (i = 0; i < a->result.n; i++) {
		r = &a->result.rows[i];
		report_fp(c, r->target->id);
		report_fp(c, gap_status_name(r->design));
		report_fp(c, gap_status_name(r->assured));
		for (k = 0; k < r->ncontribs; k++) {
			report_fp(c, r->contribs[k].edge->source);
			report_fp(c, r->contribs[k].edge->set);
			report_fp(c, mapset_rel_name(r->contribs[k].edge->rel));
			report_fp(c, gap_state_name(r->contribs[k].design));
			report_fp(c, gap_state_name(r->contribs[k].assured));
		}
	}
	EVP_DigestUpdate(c->fp, "\x02", 1);
}

enum err
report_group_coverage(struct pool *p, const struct gap_answer *a,
    struct chart_data *d)
{
	struct chart_coverage_row	*rows;
	struct gap_score		 ds, as;
	const struct gap_row		*r;
	size_t				 i, k, n = 0;

	memset(d, 0, sizeof(*d));
	d->kind = CHART_COVERAGE;
	d->title = "Coverage per group";
	d->axis = "Control group";
	d->empty = "No mapped controls";
	if ((rows = pool_calloc(p, CHART_MAX_FRAMEWORKS + 1, sizeof(*rows))) == NULL)
		return ERR_NOMEM;
	/* Rows come in catalog order, so a group's controls are adjacent. */
	for (i = 0; i < a->result.n && n < CHART_MAX_FRAMEWORKS; i = k) {
		memset(&ds, 0, sizeof(ds));
		memset(&as, 0, sizeof(as));
		for (k = i; k < a->result.n && strcmp(a->result.rows[k].target->group_id,
		    a->result.rows[i].target->group_id) == 0; k++) {
			r = &a->result.rows[k];
			gap_score_add(&ds, r->design);
			gap_score_add(&as, r->assured);
		}
		gap_score_finish(&ds);
		gap_score_finish(&as);
		if (!ds.defined)
			continue;	/* a group with nothing mapped */
		rows[n].label = a->result.rows[i].target->group_id;
		rows[n].design = ds.coverage;
		rows[n].assured = as.coverage;
		n++;
	}
	d->coverage = rows;
	d->n = n;
	/* The chart holds CHART_MAX_FRAMEWORKS bars: say when some are left out. */
	if (i < a->result.n)
		d->subtitle = "the first 16 groups";
	return ERR_OK;
}

const char *
report_evidence_kind(const char *k)
{
	static const char *const names[][2] = {
		{ "shared-responsibility-matrix", "Shared responsibility matrix" },
		{ "cloud-service-agreement", "Cloud service agreement" },
		{ "provider-assurance-report", "Provider assurance report" },
		{ "configuration-baseline", "Configuration baseline" },
		{ "privileged-access-review", "Privileged access review" },
		{ "log-record", "Log record" },
		{ "vulnerability-handling-record", "Vulnerability handling record" },
		{ "change-record", "Change record" },
		{ "decision-record", "Decision record" },
		{ "other", "Other" },
	};
	size_t	i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(k, names[i][0]) == 0)
			return names[i][1];
	return k;
}

const char *
report_fail(struct report_ctx *c, enum err e)
{
	if (c->error == ERR_OK)
		c->error = e != ERR_OK ? e : ERR_INTERNAL;
	return "";
}

const char *
report_nomem(struct report_ctx *c)
{
	return report_fail(c, ERR_NOMEM);
}

/* The first failure while building: the helpers' or the pool's. */
static enum err
report_error(const struct report_ctx *c)
{
	if (c->error != ERR_OK)
		return c->error;
	return pool_failed(c->pool) ? ERR_NOMEM : ERR_OK;
}

const char *
report_fmt(struct report_ctx *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = pool_vprintf(c->pool, fmt, ap);
	va_end(ap);
	return s != NULL ? s : report_nomem(c);
}

const char *
report_show(struct report_ctx *c, const char *s)
{
	report_fp(c, s);
	return s;
}

/* A pool copy of b's text; NULL (and the failure recorded) when not. */
static const char *
report_copy(struct report_ctx *c, const struct buf *b)
{
	const char	*s = NULL;

	if (!buf_failed(b))
		s = pool_strdup(c->pool, b->data != NULL ? b->data : "");
	if (s == NULL)
		report_nomem(c);
	return s;
}

const char *
report_text(struct report_ctx *c, const struct buf *b)
{
	const char	*s = report_copy(c, b);

	return s != NULL ? s : "";
}

const char *
report_take(struct report_ctx *c, struct buf *b)
{
	const char	*s = report_copy(c, b);

	buf_reset(b);
	return s;
}

const char *
report_int(struct report_ctx *c, long long v)
{
	return report_fmt(c, "%lld", v);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Resolves as_of and the period; *field names what is wrong. */
static enum err
resolve(const struct report_request *rq, const struct report_def *d,
    struct report_ctx *c, char *as_of, const char **field, char *msg,
    size_t msgsz)
{
	struct tm	tm;
	char		today[11];
	time_t		now = rq->generated;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (rq->as_of != NULL && !valid_date(rq->as_of, NULL)) {
		*field = "as_of";
		snprintf(msg, msgsz, "as_of must be a date YYYY-MM-DD");
		return ERR_INVALID;
	}
	if (d->needs_period) {
		if (rq->period != NULL) {
			if (!period_parse(rq->period, &c->period)) {
				*field = "period";
				snprintf(msg, msgsz, "period must look like 2026, "
				    "2026-H2, 2026-Q3, 2026-11 or 2026-W48");
				return ERR_INVALID;
			}
		} else
			period_containing(PERIOD_QUARTER,
			    rq->as_of != NULL ? rq->as_of : today, &c->period);
		c->has_period = true;
	}
	if (rq->as_of != NULL)
		snprintf(as_of, 11, "%s", rq->as_of);
	else if (c->has_period && strcmp(c->period.end, today) < 0)
		snprintf(as_of, 11, "%s", c->period.end);
	else
		snprintf(as_of, 11, "%s", today);
	if (c->has_period && strcmp(as_of, c->period.start) < 0) {
		*field = "as_of";
		snprintf(msg, msgsz, "as_of %s is before the period %s begins",
		    as_of, c->period.key);
		return ERR_INVALID;
	}
	return ERR_OK;
}

static void
title_page(struct report_ctx *c, const struct report_def *d,
    const struct report_result *res)
{
	char	 when[64], line[256];
	struct tm tm;

	gmtime_r(&c->req->generated, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	if (c->has_period)
		snprintf(line, sizeof(line), "%s — %s (%s to %s)", c->gap.org.name,
		    c->period.key, c->period.start, c->period.end);
	else
		snprintf(line, sizeof(line), "%s", c->gap.org.name);
	pdf_title(c->pdf, d->title, line);
	pdf_keyvalue(c->pdf, "Organisation", c->gap.org.name);
	pdf_keyvalue(c->pdf, "Organisation id", c->gap.org.id);
	pdf_keyvalue(c->pdf, "Source framework", c->gap.org.source_fw);
	if (c->req->target != NULL)
		pdf_keyvalue(c->pdf, "Target framework", c->req->target);
	if (c->has_period)
		pdf_keyvalue(c->pdf, "Period", c->period.key);
	pdf_keyvalue(c->pdf, "Data as of", c->as_of);
	pdf_keyvalue(c->pdf, "Generated", when);
	pdf_keyvalue(c->pdf, "Audience", c->req->customer ? "customer" :
	    "internal");
	pdf_keyvalue(c->pdf, "Report id", res->report_id);
	pdf_keyvalue(c->pdf, "Data fingerprint (SHA-256)", res->data_fingerprint);
	pdf_space(c->pdf, 12);
	pdf_note(c->pdf, "Everything in this report comes from one consistent "
	    "snapshot of the annexa database. Records dated after the as-of "
	    "date are not counted. The same data, as-of date and generation "
	    "time always produce the same file.");
}

static void
closing_note(struct report_ctx *c, const struct report_result *res)
{
	pdf_heading(c->pdf, 1, "How to verify this report");
	pdf_paragraph(c->pdf, "This file carries a PAdES (ETSI.CAdES.detached) "
	    "digital signature over every byte of the document. Any change to "
	    "the file after signing makes the signature invalid.");
	pdf_paragraph(c->pdf, "To check it: open the file in a PDF reader that "
	    "shows signatures, or run \"pdfsig FILE.pdf\" (poppler), which "
	    "must print \"Signature is Valid.\" and \"Total document signed\". "
	    "With annexa: \"annexa verify FILE.pdf\", or POST the file to "
	    "/api/v1/verify, which also tells which report run produced it.");
	pdf_keyvalue(c->pdf, "Report id", res->report_id);
	pdf_keyvalue(c->pdf, "Data fingerprint", res->data_fingerprint);
}

/*
 * The first sheet of every workbook: what the title page of a PDF says,
 * and that the workbook is not signed.  The run is named by its report
 * id: the run's own number is given when it is stored, after the bytes
 * are made, and the report id is what the run list and verify show.
 */
static void
about_sheet(struct report_ctx *c, const struct report_def *d,
    const struct report_result *res)
{
	static const char *const head[] = { "Field", "Value" };
	struct xlsx_cell	 row[2];
	struct tm		 tm;
	char			 when[24];
	const char		*run;

	gmtime_r(&c->req->generated, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	xlsx_sheet(c->xlsx, "About", head, 2);
#define ABOUT(k, cell) do {						\
	row[0] = xlsx_text(k);						\
	row[1] = (cell);						\
	xlsx_row(c->xlsx, row, 2);					\
} while (0)
	ABOUT("Workbook", xlsx_text(d->title));
	ABOUT("Organisation", xlsx_text(c->gap.org.name));
	ABOUT("Organisation id", xlsx_text(c->gap.org.id));
	ABOUT("Source framework", xlsx_text(c->gap.org.source_fw));
	if (c->req->target != NULL)
		ABOUT("Target framework", xlsx_text(c->req->target));
	if (c->has_period) {
		ABOUT("Period", xlsx_text(c->period.key));
		ABOUT("Period start", xlsx_date(c->period.start));
		ABOUT("Period end", xlsx_date(c->period.end));
	}
	ABOUT("Data as of", xlsx_date(c->as_of));
	row[0] = xlsx_text("Generated at (UTC)");
	row[1] = xlsx_text(when);
	row[1].type = XLSX_TIME;
	xlsx_row(c->xlsx, row, 2);
	ABOUT("Data fingerprint (SHA-256)", xlsx_text(res->data_fingerprint));
	ABOUT("annexa version", xlsx_text(PACKAGE_VERSION));
	ABOUT("Audience", xlsx_text(c->req->customer ? "customer" :
	    "internal"));
	ABOUT("Report id", xlsx_text(res->report_id));
	run = report_fmt(c, "recorded as the report run with report id %s, "
	    "with this file's SHA-256 (GET /api/v1/orgs/%s/report-runs)",
	    res->report_id, c->gap.org.id);
	ABOUT("Report run", xlsx_text(run));
	ABOUT("Signature", xlsx_text("Workbooks are not signed. Compare the "
	    "file's SHA-256 with the one its report run records."));
	ABOUT("Note", xlsx_text("Everything in this workbook comes from one "
	    "consistent snapshot of the annexa database; records dated after "
	    "the as-of date are not counted. Values only: no cell holds a "
	    "formula."));
#undef ABOUT
}

/*
 * Writes the workbook of c into res->pdf: the About sheet, then the
 * module's sheets; creation time is the generation time, so that the
 * same data, as_of and time give the same bytes.
 */
static enum err
make_workbook(struct report_ctx *c, const struct report_def *d,
    struct report_result *res)
{
	struct xlsx_opts	 xo;
	char			 author[128];
	enum err		 e;

	memset(&xo, 0, sizeof(xo));
	snprintf(author, sizeof(author), "annexa for %s", c->gap.org.name);
	xo.title = d->title;
	xo.subject = res->filename;
	xo.author = author;
	xo.company = c->gap.org.name;
	xo.created = c->req->generated;
	if ((c->xlsx = xlsx_new(&xo)) == NULL)
		return ERR_NOMEM;
	about_sheet(c, d, res);
	e = d->workbook(c);
	if (report_error(c) != ERR_OK)
		e = report_error(c);
	if (e == ERR_OK)
		e = xlsx_error(c->xlsx);
	if (e == ERR_OK)
		res->pages = (int)c->nsheets + 1;
	if (e != ERR_OK) {
		xlsx_free(c->xlsx);
		c->xlsx = NULL;
		return e;
	}
	e = xlsx_finish(c->xlsx, &res->pdf);
	c->xlsx = NULL;
	if (e != ERR_OK)
		buf_reset(&res->pdf);
	return e;
}

/* One value of the request key and its end, as report_fp() does. */
static void
key_part(EVP_MD_CTX *k, const char *s)
{
	EVP_DigestUpdate(k, s != NULL ? s : "", strlen(s != NULL ? s : "") + 1);
}

/*
 * The request key of a resolved request (see enum report_store in
 * report.h): what decides the report's bytes.  Annexa's version is part
 * of it, so that an upgrade that lays reports out differently generates
 * them anew.
 */
static enum err
request_key(const struct report_env *env, const struct report_ctx *c,
    const struct report_result *res, char out[65])
{
	const struct report_request	*rq = c->req;
	unsigned char			 md[32];
	unsigned int			 mdlen = 0;
	char				 when[24];
	EVP_MD_CTX			*k;
	enum err			 e = ERR_NOMEM;

	if ((k = EVP_MD_CTX_new()) == NULL)
		return ERR_NOMEM;
	if (EVP_DigestInit_ex(k, EVP_sha256(), NULL) != 1)
		goto out;
	snprintf(when, sizeof(when), "%lld", (long long)rq->generated);
	key_part(k, "annexa " PACKAGE_VERSION);
	key_part(k, report_kind_name(rq->kind));
	key_part(k, c->gap.org.id);
	key_part(k, rq->target);
	key_part(k, res->period);
	key_part(k, res->as_of);
	key_part(k, rq->customer ? "customer" : "internal");
	key_part(k, res->data_fingerprint);
	if (rq->format == REPORT_XLSX) {
		/* A workbook is not signed; its key never equals a PDF's. */
		key_part(k, "xlsx");
		key_part(k, rq->time_pinned ? when : "made when first generated");
	} else {
		key_part(k, sign_fingerprint(env->signer));
		key_part(k, rq->time_pinned ? when : "signed when first generated");
	}
	if (EVP_DigestFinal_ex(k, md, &mdlen) != 1)
		goto out;
	esc_hex(md, 32, out);
	e = ERR_OK;
out:
	EVP_MD_CTX_free(k);
	return e;
}

/* Makes res the stored run s: its bytes, hash, id, pages and timings. */
static enum err
use_stored(struct report_result *res, const struct report_stored *s)
{
	buf_reset(&res->pdf);
	buf_append(&res->pdf, s->pdf, s->len);
	if (buf_failed(&res->pdf))
		return ERR_NOMEM;
	snprintf(res->sha256, sizeof(res->sha256), "%s", s->sha256);
	snprintf(res->report_id, sizeof(res->report_id), "%s",
	    s->report_id != NULL ? s->report_id : "");
	res->pages = s->pages;
	res->generate_ms = s->generate_ms;
	res->sign_ms = s->sign_ms;
	res->run_id = s->run_id;
	return ERR_OK;
}

/* Looks the request key up; *found when res now holds the stored run. */
static enum err
find_stored(struct db *db, struct report_result *res, bool *found)
{
	struct report_stored	 s;
	struct pool		*p;
	enum err		 e;

	*found = false;
	if ((p = pool_new()) == NULL)
		return ERR_NOMEM;
	e = model_report_run_by_key(db, p, res->request_key, &s, found);
	if (e == ERR_OK && *found)
		e = use_stored(res, &s);
	pool_free(p);
	return e;
}

/*
 * How a phase of report_generate() ends: every failure says why (the
 * database's message for a database error, memory running out
 * included), and no transaction is left open.
 */
static void
report_ended(struct db *db, enum err e, char *msg, size_t msgsz)
{
	if (e != ERR_OK && msg[0] == '\0')
		snprintf(msg, msgsz, "%s", e == ERR_DB || e == ERR_DB_UNAVAILABLE ?
		    db_errmsg(db) : "");
	if (e != ERR_OK && msg[0] == '\0')
		snprintf(msg, msgsz, "building the report failed: %s",
		    err_strerror(e));
	db_rollback(db);
}

/* A report between its two phases (report.h). */
struct report_job {
	const struct report_def	*d;
	struct report_ctx	 c;
	struct timespec		 t0;
	char			 as_of[11];
};

void
report_job_free(struct report_job *job)
{
	if (job == NULL)
		return;
	EVP_MD_CTX_free(job->c.fp);
	pool_free(job->c.pool);
	free(job);
}

enum err
report_gather(const struct report_env *env, const struct report_request *rq,
    struct report_job **jobp, struct report_result *res, const char **field,
    char *msg, size_t msgsz)
{
	const struct report_def	*d;
	struct report_job	*job = NULL;
	struct report_ctx	*c;
	unsigned char		 md[32];
	unsigned int		 mdlen;
	char			 idsrc[512];
	const char		*bad = NULL;
	enum err		 e;

	*jobp = NULL;
	*field = NULL;
	msg[0] = '\0';
	if ((unsigned)rq->kind >= REPORT__MAX) {
		*field = "kind";
		snprintf(msg, msgsz, "no such report");
		return ERR_INVALID;
	}
	d = &report_defs[rq->kind];
	if ((rq->format == REPORT_XLSX && d->workbook == NULL) ||
	    (rq->format != REPORT_XLSX && d->layout == NULL)) {
		*field = "name";
		snprintf(msg, msgsz, "no %s is made of this report",
		    rq->format == REPORT_XLSX ? "workbook" : "PDF");
		return ERR_INVALID;
	}
	if ((job = calloc(1, sizeof(*job))) == NULL)
		return ERR_NOMEM;
	clock_gettime(CLOCK_MONOTONIC, &job->t0);
	job->d = d;
	c = &job->c;
	if ((c->pool = pool_new()) == NULL ||
	    (c->fp = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(c->fp, EVP_sha256(), NULL) != 1) {
		e = ERR_NOMEM;
		goto out;
	}
	c->db = env->db;
	c->req = rq;
	c->mapcache = env->mapcache;
	c->font_dir = env->font_dir;
	if ((e = resolve(rq, d, c, job->as_of, field, msg, msgsz)) != ERR_OK)
		goto out;
	c->as_of = job->as_of;
	if (d->needs_target && rq->target == NULL) {
		*field = "target";
		snprintf(msg, msgsz, "this report needs a target framework");
		e = ERR_INVALID;
		goto out;
	}
	if ((e = db_begin_snapshot(env->db)) != ERR_OK)
		goto out;
	e = model_gap_context(env->db, c->pool, env->mapcache, rq->org,
	    c->as_of, NULL, 0, &c->gap, &bad);
	if (e == ERR_NOT_FOUND) {
		*field = "org";
		snprintf(msg, msgsz, "no such organisation");
		goto out;
	}
	if (e != ERR_OK)
		goto out;
	if (d->needs_target && strcmp(rq->target, c->gap.org.source_fw) == 0) {
		*field = "target";
		snprintf(msg, msgsz, "the target must differ from the source "
		    "framework");
		e = ERR_INVALID;
		goto out;
	}
	/* Module data, fingerprinted along with the request's meaning. */
	report_fp(c, d->name);
	report_fp(c, c->gap.org.id);
	report_fp(c, c->gap.org.name);
	report_fp(c, c->as_of);
	report_fp(c, c->has_period ? c->period.key : NULL);
	report_fp(c, rq->target);
	report_fp(c, rq->customer ? "customer" : "internal");
	/* A failure recorded while building is the cause of what followed. */
	e = d->gather(c);
	if (report_error(c) != ERR_OK)
		e = report_error(c);
	if (e != ERR_OK) {
		if (e == ERR_NOT_FOUND && d->needs_target) {
			*field = "target";
			snprintf(msg, msgsz, "no such framework");
		} else if (e == ERR_DB || e == ERR_DB_UNAVAILABLE)
			goto out;
		else if (e != ERR_INVALID)
			snprintf(msg, msgsz, "building the report failed: %s",
			    err_strerror(e));
		goto out;
	}
	db_rollback(env->db);	/* the snapshot is no longer needed */
	mdlen = 0;
	EVP_DigestFinal_ex(c->fp, md, &mdlen);
	esc_hex(md, 32, res->data_fingerprint);
	/* The report id: the request and the data, at this generation time. */
	snprintf(idsrc, sizeof(idsrc), "%s|%s|%s|%s|%s|%lld|%s", d->name,
	    c->gap.org.id, c->as_of, c->has_period ? c->period.key : "",
	    rq->target != NULL ? rq->target : "", (long long)rq->generated,
	    res->data_fingerprint);
	EVP_Digest(idsrc, strlen(idsrc), md, &mdlen, EVP_sha256(), NULL);
	esc_hex(md, 8, res->report_id);
	snprintf(res->as_of, sizeof(res->as_of), "%s", c->as_of);
	snprintf(res->period, sizeof(res->period), "%s",
	    c->has_period ? c->period.key : "");
	if (d->needs_target)
		snprintf(res->filename, sizeof(res->filename), "%s-%s-%s-%s.%s",
		    d->name, c->gap.org.id, rq->target, c->as_of,
		    report_format_name(rq->format));
	else if (c->has_period)
		snprintf(res->filename, sizeof(res->filename), "%s-%s-%s.%s",
		    d->name, c->gap.org.id, c->period.key,
		    report_format_name(rq->format));
	else
		snprintf(res->filename, sizeof(res->filename), "%s-%s-%s.%s",
		    d->name, c->gap.org.id, c->as_of,
		    report_format_name(rq->format));
	*jobp = job;
	return ERR_OK;
out:
	report_ended(env->db, e, msg, msgsz);
	report_job_free(job);
	return e;
}

enum err
report_render(const struct report_env *env, struct report_job *job,
    struct report_result *res, const char **field, char *msg, size_t msgsz)
{
	const struct report_def		*d = job->d;
	struct report_ctx		*c = &job->c;
	const struct report_request	*rq = c->req;
	struct pdf_opts			 po;
	struct timespec			 t1;
	unsigned char			 md[32];
	unsigned int			 mdlen;
	char				 author[128];
	char				 subject[PDF_LABEL_MAX + 1];
	bool				 found;
	enum err			 e;

	*field = NULL;
	msg[0] = '\0';
	c->db = env->db;
	c->font_dir = env->font_dir;
	if ((e = request_key(env, c, res, res->request_key)) != ERR_OK)
		goto out;
	/* A watermarked file is one recipient's: never another's answer. */
	if (rq->watermark != NULL)
		res->request_key[0] = '\0';
	if (rq->store != REPORT_FRESH && rq->watermark == NULL) {
		if ((e = find_stored(env->db, res, &found)) != ERR_OK)
			goto out;
		if (found || rq->store == REPORT_STORED_ONLY)
			goto out;
	}
	if (rq->format == REPORT_XLSX) {
		if ((e = make_workbook(c, d, res)) != ERR_OK) {
			snprintf(msg, msgsz, "building the workbook failed: %s",
			    err_strerror(e));
			goto out;
		}
		res->generate_ms = ms_since(&job->t0);
		res->sign_ms = 0;
		EVP_Digest(res->pdf.data, res->pdf.len, md, &mdlen, EVP_sha256(),
		    NULL);
		esc_hex(md, 32, res->sha256);
		goto out;
	}

	memset(&po, 0, sizeof(po));
	snprintf(author, sizeof(author), "annexa for %s", c->gap.org.name);
	po.font_dir = env->font_dir;
	po.title = d->title;
	po.author = author;
	/* The subject says for whom, as the pages' watermark does. */
	snprintf(subject, sizeof(subject), "%s%s%s", res->filename,
	    rq->watermark != NULL ? " \xe2\x80\x94 " : "",
	    rq->watermark != NULL ? rq->watermark : "");
	po.subject = subject;
	po.watermark = rq->watermark;
	po.keywords = rq->watermark;
	po.organisation = c->gap.org.name;
	po.footer = res->report_id;
	po.generated = rq->generated;
	po.utc_offset = 0;
	if ((e = pdf_reset(env->pdf, &po)) != ERR_OK) {
		snprintf(msg, msgsz, "cannot start the PDF (fonts in %s?)",
		    env->font_dir);
		goto out;
	}
	c->pdf = env->pdf;
	title_page(c, d, res);
	e = d->layout(c);
	if (report_error(c) != ERR_OK)
		e = report_error(c);
	if (e == ERR_OK)
		closing_note(c, res);
	/* The single check of the rule in report.h, before anything is signed. */
	if (e != ERR_OK || (e = pdf_finish(env->pdf, &res->pdf,
	    &res->pages)) != ERR_OK) {
		snprintf(msg, msgsz, "building the report failed: %s",
		    err_strerror(e));
		buf_reset(&res->pdf);
		goto out;
	}
	res->generate_ms = ms_since(&job->t0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((e = sign_pdf(env->signer, &res->pdf, rq->generated, msg,
	    msgsz)) != ERR_OK)
		goto out;
	res->sign_ms = ms_since(&t1);
	EVP_Digest(res->pdf.data, res->pdf.len, md, &mdlen, EVP_sha256(), NULL);
	esc_hex(md, 32, res->sha256);
	goto out;
out:
	report_ended(env->db, e, msg, msgsz);
	return e;
}

enum err
report_generate(const struct report_env *env, const struct report_request *rq,
    struct report_result *res, const char **field, char *msg, size_t msgsz)
{
	struct report_job	*job;
	enum err		 e;

	if ((e = report_gather(env, rq, &job, res, field, msg, msgsz)) !=
	    ERR_OK)
		return e;
	e = report_render(env, job, res, field, msg, msgsz);
	report_job_free(job);
	return e;
}

enum err
report_record(struct db *db, const struct report_request *rq,
    struct report_result *res, const char *signer_fp, long long *run_id)
{
	char		 gen[32], sign[32], pages[16], bytes[24], params[256];
	const char	*v[19];
	PGresult	*r;
	bool		 found;
	enum err	 e;

	/* Parameters as JSON: values are validated identifiers and keys. */
	snprintf(params, sizeof(params), "{\"target\": %s%s%s, \"period\": %s%s%s}",
	    rq->target != NULL ? "\"" : "", rq->target != NULL ? rq->target : "null",
	    rq->target != NULL ? "\"" : "", res->period[0] != '\0' ? "\"" : "",
	    res->period[0] != '\0' ? res->period : "null",
	    res->period[0] != '\0' ? "\"" : "");
	snprintf(gen, sizeof(gen), "%.3f", res->generate_ms);
	snprintf(sign, sizeof(sign), "%.3f", res->sign_ms);
	snprintf(pages, sizeof(pages), "%d", res->pages);
	snprintf(bytes, sizeof(bytes), "%zu", res->pdf.len);
	v[0] = rq->org;
	v[1] = report_kind_name(rq->kind);
	v[2] = params;
	v[3] = res->period[0] != '\0' ? res->period : NULL;
	v[4] = rq->trigger;
	v[5] = gen;
	v[6] = sign;
	v[7] = pages;
	v[8] = bytes;
	v[9] = res->sha256;
	v[10] = NULL;		/* the file: sent as it is, below */
	v[11] = rq->format == REPORT_XLSX ? NULL : signer_fp;	/* unsigned */
	v[12] = res->report_id;
	v[13] = res->as_of;
	v[14] = rq->customer ? "customer" : "internal";
	v[15] = res->data_fingerprint;
	v[16] = res->request_key[0] != '\0' ? res->request_key : NULL;
	v[17] = report_format_name(rq->format);
	v[18] = rq->requested_by != NULL && rq->requested_by[0] != '\0' ?
	    rq->requested_by : NULL;
	e = db_exec_blob(db, STMT_RUN_RECORD, v, 10, res->pdf.data,
	    res->pdf.len, &r);
	if (e != ERR_OK)
		return e;
	if (PQntuples(r) == 1) {
		*run_id = strtoll(PQgetvalue(r, 0, SINGLE_VALUE), NULL,
		    10);
		res->run_id = 0;	/* a new run, not a stored one */
		PQclear(r);
		return ERR_OK;
	}
	PQclear(r);
	/* An identical request recorded its run first: answer with that. */
	if ((e = find_stored(db, res, &found)) != ERR_OK)
		return e;
	if (!found)
		return ERR_INTERNAL;	/* only a prune in between gets here */
	*run_id = res->run_id;
	return ERR_OK;
}
