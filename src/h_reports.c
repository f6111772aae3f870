/*
 * h_reports.c — reports, report runs, charts and signature verification.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "buf.h"
#include "chart.h"
#include "db.h"
#include "esc.h"
#include "handler.h"
#include "http.h"
#include "jw.h"
#include "log.h"
#include "metrics.h"
#include "model_report.h"
#include "pdfverify.h"
#include "pool.h"
#include "report.h"
#include "sign.h"
#include "valid.h"
#include "verify.h"

/* "name.ext" split in place into name and ext; false when not so. */
static bool
split_ext(struct ctx *c, const char *file, char **name, const char **ext)
{
	const char	*dot = strrchr(file, '.');

	if (dot == NULL || dot == file)
		return false;
	*ext = dot + 1;
	return (*name = pool_strndup(c->req->pool, file,
	    (size_t)(dot - file))) != NULL;
}

static enum err
no_reports(struct ctx *c)
{
	c->err_status = 503;
	http_header(c->resp, "Retry-After", "3600");
	return fail(c, ERR_DB_UNAVAILABLE, "reports_unavailable",
	    "report signing is not configured on this server (signing_key, "
	    "signing_cert)", NULL);
}

/*
 * The request fields every report and workbook route shares: the
 * organisation of the route, target, period, as_of and audience from the
 * query, who asked, and reuse of an identical request's stored run (HEAD
 * never generates: it only looks).
 */
static void
document_request(struct ctx *c, struct report_request *rq, char *who)
{
	rq->org = c->org;
	rq->target = c->in.val[KEY_TARGET];
	rq->period = c->in.val[KEY_PERIOD];
	rq->as_of = c->in.val[KEY_AS_OF];
	rq->customer = c->in.val[KEY_AUDIENCE] != NULL &&
	    strcmp(c->in.val[KEY_AUDIENCE], "customer") == 0;
	rq->generated = time(NULL);
	rq->trigger = "api";
	auth_principal_label(&c->who, who);
	rq->requested_by = who;
	/* A viewer's request must not grow the database. */
	rq->store = strcmp(c->req->method, "HEAD") == 0 ?
	    REPORT_STORED_ONLY : REPORT_REUSE;
}

/*
 * Answers rq with a document: the stored run of an identical request, or a
 * new one generated and recorded as a run (signed by env's signer when it
 * has one).  The bytes go out with the run's ETag, SHA-256, run and report
 * ids, and whether they were stored before.  A HEAD that finds no stored
 * run answers "X-Report-Stored: no" without generating.  what ("report",
 * "workbook") and name go only to the log.
 */
static enum err
send_document(struct ctx *c, struct report_env *env,
    const struct report_request *rq, const char *content_type,
    const char *what, const char *name)
{
	struct report_result	 res;
	const char		*field = NULL;
	char			 msg[512], etag[72], runid[24], *m;
	long long		 run;
	bool			 fresh = false;
	enum err		 e;

	env->db = c->db;
	env->mapcache = c->mapcache;
	memset(&res, 0, sizeof(res));
	buf_init(&res.pdf, 0);
	e = report_generate(env, rq, &res, &field, msg, sizeof(msg));
	run = res.run_id;
	if (e == ERR_OK && run == 0 && rq->store != REPORT_STORED_ONLY) {
		e = report_record(c->db, rq, &res, env->signer != NULL ?
		    sign_fingerprint(env->signer) : NULL, &run);
		fresh = res.run_id == 0;	/* else an identical request's */
	}
	if (e != ERR_OK) {
		buf_free(&res.pdf);
		/* The request's fault only when a field is named. */
		if (field != NULL && (e == ERR_INVALID || e == ERR_NOT_FOUND)) {
			m = pool_strdup(c->req->pool, msg);
			return fail(c, e, e == ERR_NOT_FOUND ? "not_found" :
			    "invalid_parameter", m, field);
		}
		if (e == ERR_INVALID || e == ERR_NOT_FOUND || e == ERR_TOO_LARGE)
			e = ERR_INTERNAL;
		log_line("annexa: %s %s for %s: %s", what, name, c->org, msg);
		return e;
	}
	c->resp->content_type = content_type;
	http_attachment(c->resp, res.filename);
	buf_reset(&c->resp->body);
	if (run == 0) {
		http_header(c->resp, "X-Report-Stored", "no");
		buf_free(&res.pdf);
		return ERR_OK;
	}
	snprintf(etag, sizeof(etag), "\"%s\"", res.sha256);
	http_header(c->resp, "ETag", etag);
	http_header(c->resp, "X-Report-SHA256", res.sha256);
	snprintf(runid, sizeof(runid), "%lld", run);
	http_header(c->resp, "X-Report-Run", runid);
	http_header(c->resp, "X-Report-Id", res.report_id);
	http_header(c->resp, "X-Report-Stored", fresh ? "no" : "yes");
	if (fresh && rq->format == REPORT_PDF)
		metrics_report();
	buf_append(&c->resp->body, res.pdf.data, res.pdf.len);
	buf_free(&res.pdf);
	return ERR_OK;
}

enum err
h_report(struct ctx *c)
{
	const char		*file = route_param(&c->match, "file"), *ext;
	struct report_request	 rq;
	char			*name, who[AUTH_LABEL_MAX + 1];

	memset(&rq, 0, sizeof(rq));
	if (!split_ext(c, file, &name, &ext) || strcmp(ext, "pdf") != 0 ||
	    !report_kind_parse(name, &rq.kind))
		return fail(c, ERR_NOT_FOUND, "not_found", "reports are "
		    "management-review.pdf, gap.pdf, comparison.pdf, soa.pdf and "
		    "traceability.pdf", "kind");
	if (c->local->reports == NULL)
		return no_reports(c);
	document_request(c, &rq, who);
	return send_document(c, c->local->reports, &rq, "application/pdf",
	    "report", name);
}

enum err
h_export(struct ctx *c)
{
	const char		*file = route_param(&c->match, "file"), *ext;
	struct report_request	 rq;
	struct report_env	 env;
	char			*name, who[AUTH_LABEL_MAX + 1];

	memset(&rq, 0, sizeof(rq));
	if (!split_ext(c, file, &name, &ext) || strcmp(ext, "xlsx") != 0 ||
	    !report_kind_parse_format(name, REPORT_XLSX, &rq.kind))
		return fail(c, ERR_NOT_FOUND, "not_found", "workbooks are "
		    "soa.xlsx, gap.xlsx, comparison.xlsx, readiness.xlsx and "
		    "reviews.xlsx", "name");
	rq.format = REPORT_XLSX;
	document_request(c, &rq, who);
	/* Workbooks are not signed: a server without a signing key makes them. */
	memset(&env, 0, sizeof(env));
	return send_document(c, &env, &rq, "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet", "workbook", name);
}

enum err
h_report_runs(struct ctx *c)
{
	static const char *const keys[RUN_LIST__MAX] = {
		[RUN_LIST_ID] = "id",
		[RUN_LIST_KIND] = "kind",
		[RUN_LIST_STATUS] = "status",
		[RUN_LIST_TRIGGER] = "trigger",
		[RUN_LIST_PERIOD_KEY] = "period",
		[RUN_LIST_AS_OF] = "as_of",
		[RUN_LIST_AUDIENCE] = "audience",
		[RUN_LIST_REPORT_ID] = "report_id",
		[RUN_LIST_SHA256] = "sha256",
		[RUN_LIST_PAGES] = "pages",
		[RUN_LIST_BYTES] = "bytes",
		[RUN_LIST_GENERATE_MS] = "generate_ms",
		[RUN_LIST_SIGN_MS] = "sign_ms",
		[RUN_LIST_STARTED_AT] = "started_at",
		[RUN_LIST_ERROR] = "error",
		[RUN_LIST_ATTEMPTS] = "attempts",
		[RUN_LIST_TARGET] = "target",
		[RUN_LIST_SIGNER] = "signer_fingerprint",
		[RUN_LIST_FORMAT] = "format",
		[RUN_LIST_REQUESTED_BY] = "requested_by",
	};
	struct org_info	 o;
	struct mtable	 t;
	struct jw	 j;
	const char	*limit = c->in.val[KEY_LIMIT] != NULL ?
	    c->in.val[KEY_LIMIT] : "50";
	size_t		 i, k;
	enum err	 e;

	if ((e = db_begin_snapshot(c->db)) != ERR_OK)
		return e;
	if ((e = model_org(c->db, c->req->pool, c->org, &o)) == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	if (e != ERR_OK || (e = model_report_runs(c->db, c->req->pool, o.id,
	    limit, &t)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "org", o.id);
	jw_key(&j, "report_runs");
	jw_array_open(&j);
	for (i = 0; i < t.nrows; i++) {
		jw_object_open(&j);
		for (k = 0; k < RUN_LIST__MAX; k++) {
			jw_key(&j, keys[k]);
			if (MT(&t, i, k) == NULL)
				jw_null(&j);
			else if (k == RUN_LIST_ID || k == RUN_LIST_PAGES ||
			    k == RUN_LIST_BYTES || k == RUN_LIST_ATTEMPTS)
				jw_int(&j, strtoll(MT(&t, i, k), NULL, 10));
			else if (k == RUN_LIST_GENERATE_MS || k
			    == RUN_LIST_SIGN_MS)
				jw_fixed(&j, strtod(MT(&t, i, k), NULL), 1);
			else
				jw_string(&j, MT(&t, i, k));
		}
		/* A workbook's run has no PDF to fetch ("file" below). */
		if (strcmp(MT(&t, i, RUN_LIST_STATUS), "succeeded") == 0 &&
		    strcmp(MT(&t, i, RUN_LIST_FORMAT), "pdf") == 0) {
			char	url[160];

			snprintf(url, sizeof(url), "/api/v1/orgs/%s/report-runs/%s.pdf",
			    o.id, MT(&t, i, RUN_LIST_ID));
			jw_kv_string(&j, "pdf", url);
		}
		if (strcmp(MT(&t, i, RUN_LIST_STATUS), "succeeded") == 0) {
			char	url[160];

			snprintf(url, sizeof(url), "/api/v1/orgs/%s/report-runs/%s.%s",
			    o.id, MT(&t, i, RUN_LIST_ID), MT(&t, i,
			    RUN_LIST_FORMAT));
			jw_kv_string(&j, "file", url);
		}
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_report_run(struct ctx *c)
{
	const char		*file = route_param(&c->match, "file"), *ext;
	struct report_stored	 s;
	char			*id, etag[72], fname[160];
	enum err		 e;

	/* A run is fetched in the format it made: id.pdf or id.xlsx. */
	if (!split_ext(c, file, &id, &ext) || (strcmp(ext, "pdf") != 0 &&
	    strcmp(ext, "xlsx") != 0) || !valid_int(id, 1, INT64_MAX / 2, NULL))
		return fail(c, ERR_NOT_FOUND, "not_found", "no such report run",
		    "id");
	e = model_report_run_pdf(c->db, c->req->pool, c->org, id, ext, &s);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such report run", "id");
	if (e != ERR_OK)
		return e;
	c->resp->content_type = strcmp(ext, "xlsx") == 0 ?
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
	    "application/pdf";
	snprintf(fname, sizeof(fname), "%s-%s-%s.%s", s.kind, c->org, s.period,
	    ext);
	http_attachment(c->resp, fname);
	snprintf(etag, sizeof(etag), "\"%s\"", s.sha256);
	http_header(c->resp, "ETag", etag);
	http_header(c->resp, "X-Report-SHA256", s.sha256);
	if (s.report_id != NULL)
		http_header(c->resp, "X-Report-Id", s.report_id);
	buf_reset(&c->resp->body);
	buf_append(&c->resp->body, s.pdf, s.len);
	return ERR_OK;
}

/* The chart data of name for the organisation, as of as_of. */
static enum err
chart_data_for(struct ctx *c, enum chart_kind kind, struct chart_data *d)
{
	const char			*as_of = ctx_as_of(c), *bad;
	const char			*targets[REPORT_TARGETS_MAX];
	struct chart_coverage_row	*cov;
	struct chart_review_month	*rev;
	struct chart_findings_month	*fin;
	struct gap_context		 g;
	struct gap_answer		 a;
	struct mtable			 t;
	char				 from[11];
	int64_t				 months = 12;
	long long			 fr[4];
	size_t				 i, n;
	enum err			 e;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	if (c->in.val[KEY_MONTHS] != NULL)
		valid_int(c->in.val[KEY_MONTHS], 1, INPUT_MONTHS_MAX, &months);
	report_months_back(as_of, (int)months, from);
	switch (kind) {
	case CHART_REVIEW_RESULTS:
		if ((e = model_chart_reviews(c->db, c->req->pool, c->org, from,
		    as_of, &t)) != ERR_OK)
			return e;
		if ((rev = pool_calloc(c->req->pool, t.nrows + 1, sizeof(*rev))) == NULL)
			return ERR_NOMEM;
		for (i = 0; i < t.nrows; i++) {
			rev[i].label = MT(&t, i, RPT_REVIEW_MONTHS_MONTH);
			rev[i].effective = strtoll(MT(&t, i,
			    RPT_REVIEW_MONTHS_EFFECTIVE), NULL, 10);
			rev[i].partial = strtoll(MT(&t, i,
			    RPT_REVIEW_MONTHS_PARTIAL), NULL, 10);
			rev[i].ineffective = strtoll(MT(&t, i,
			    RPT_REVIEW_MONTHS_INEFFECTIVE), NULL, 10);
		}
		d->reviews = rev;
		d->n = t.nrows;
		d->empty = "No control reviews in this period";
		return ERR_OK;
	case CHART_FINDINGS_TREND:
		if ((e = model_chart_findings(c->db, c->req->pool, c->org, from,
		    as_of, &t)) != ERR_OK)
			return e;
		if ((fin = pool_calloc(c->req->pool, t.nrows + 1, sizeof(*fin))) == NULL)
			return ERR_NOMEM;
		for (i = 0; i < t.nrows; i++) {
			fin[i].label = MT(&t, i, RPT_OPEN_FINDINGS_MONTH);
			fin[i].open = strtoll(MT(&t, i,
			    RPT_OPEN_FINDINGS_OPEN), NULL, 10);
		}
		d->findings = fin;
		d->n = t.nrows;
		return ERR_OK;
	case CHART_EVIDENCE_FRESHNESS:
		if ((e = model_chart_freshness(c->db, c->req->pool, c->org, as_of,
		    fr)) != ERR_OK)
			return e;
		d->freshness.current = fr[0];
		d->freshness.expiring = fr[1];
		d->freshness.stale = fr[2];
		d->freshness.no_expiry = fr[3];
		d->empty = "No evidence recorded";
		return ERR_OK;
	default:
		break;
	}
	/* Coverage: one bar pair per target, or per group of one target. */
	if ((e = model_gap_context(c->db, c->req->pool, c->mapcache, c->org, as_of,
	    NULL, 0, &g, &bad)) != ERR_OK)
		return e;
	if (c->in.val[KEY_TARGET] != NULL) {
		e = model_gap_target(c->db, c->req->pool, &g, c->in.val[KEY_TARGET], &a);
		if (e == ERR_NOT_FOUND)
			return fail(c, e, "not_found", "no such framework", "target");
		if (e != ERR_OK)
			return e;
		return report_group_coverage(c->req->pool, &a, d) ;
	}
	model_report_targets(c->db, c->req->pool, &g, targets, &n);
	if ((cov = pool_calloc(c->req->pool, n + 1, sizeof(*cov))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < n; i++) {
		if ((e = model_gap_target(c->db, c->req->pool, &g, targets[i],
		    &a)) != ERR_OK)
			return e;
		cov[i].label = targets[i];
		cov[i].design = a.result.design.defined ? a.result.design.coverage : 0;
		cov[i].assured = a.result.assured.defined ?
		    a.result.assured.coverage : 0;
	}
	d->coverage = cov;
	d->n = n;
	d->empty = "No mapped frameworks";
	return ERR_OK;
}

/*
 * The organisation's name as a chart's subtitle, which is one line of at
 * most CHART_TITLE_MAX bytes: TAB and line breaks become spaces, and a
 * longer name is cut at a character boundary and ends in "...".  In the
 * request's pool; NULL when out of memory.
 */
static const char *
chart_subtitle(struct ctx *c, const char *name)
{
	static const char	 ell[] = "\xe2\x80\xa6";	/* U+2026 */
	size_t			 n = strlen(name), cut = 0, k;
	char			*out, *p;

	if (n > CHART_TITLE_MAX) {
		while (cut < n && (k = esc_utf8_seq(name + cut, n - cut)) != 0 &&
		    cut + k <= CHART_TITLE_MAX - (sizeof(ell) - 1))
			cut += k;
		if ((out = pool_alloc(c->req->pool, cut + sizeof(ell))) == NULL)
			return NULL;
		memcpy(out, name, cut);
		memcpy(out + cut, ell, sizeof(ell));
	} else if ((out = pool_strdup(c->req->pool, name)) == NULL)
		return NULL;
	for (p = out; *p != '\0'; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return out;
}

enum err
h_chart(struct ctx *c)
{
	const char		*file = route_param(&c->match, "file"), *ext;
	struct chart_data	 d;
	struct org_info		 o;
	enum chart_kind		 kind;
	enum chart_format	 fmt;
	int64_t			 w = CHART_DEFAULT_W, h = CHART_DEFAULT_H;
	char			*name, *key;
	long long		 epoch;
	enum err		 e;

	if (!split_ext(c, file, &name, &ext) || !chart_kind_parse(name, &kind) ||
	    !chart_format_parse(ext, &fmt))
		return fail(c, ERR_NOT_FOUND, "not_found", "charts are coverage, "
		    "review-results, findings-trend and evidence-freshness, as "
		    ".png or .svg", "name");
	if (c->in.val[KEY_WIDTH] != NULL)
		valid_int(c->in.val[KEY_WIDTH], CHART_MIN_W, CHART_MAX_W, &w);
	if (c->in.val[KEY_HEIGHT] != NULL)
		valid_int(c->in.val[KEY_HEIGHT], CHART_MIN_H, CHART_MAX_H, &h);
	/* Charts are computed answers too: cached until the data moves. */
	if (ctx_cache_hit(c, &key, &epoch))
		return ERR_OK;
	if ((e = model_org(c->db, c->req->pool, c->org, &o)) == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such organisation", "org");
	if (e != ERR_OK || (e = chart_data_for(c, kind, &d)) != ERR_OK)
		return e;
	if (d.subtitle == NULL && (d.subtitle = chart_subtitle(c, o.name)) ==
	    NULL)
		return ERR_NOMEM;
	if ((e = chart_render(&d, (int)w, (int)h, fmt, &c->resp->body)) != ERR_OK)
		return e == ERR_INVALID ? fail(c, e, "invalid_parameter",
		    "the chart cannot be drawn with these values", NULL) : e;
	c->resp->content_type = fmt == CHART_PNG ? "image/png" : "image/svg+xml";
	ctx_cache_keep(c, key, epoch);
	return ERR_OK;
}

enum err
h_verify(struct ctx *c)
{
	struct verify_outcome	 out;
	struct report_env	*env = c->local->reports;
	const struct pdfverify_result *v = &out.v;
	const struct report_origin *o = &out.run;
	const char		*ct = c->req->content_type;
	struct buf		 body;
	struct jw		 j;
	enum err		 e;

	if (ct != NULL && strncmp(ct, "application/pdf", 15) != 0 &&
	    strncmp(ct, "application/octet-stream", 24) != 0) {
		c->err_status = 415;
		return fail(c, ERR_INVALID, "unsupported_media_type",
		    "send the PDF as Content-Type: application/pdf", "body");
	}
	if (c->req->content_length > (long long)PDFVERIFY_MAX)
		return fail(c, ERR_TOO_LARGE, "body_too_large",
		    "the file is over 20 MiB", "body");
	buf_init(&body, PDFVERIFY_MAX);
	e = c->req->read_body(c->req->read_body_arg, PDFVERIFY_MAX, &body);
	if (e == ERR_TOO_LARGE) {
		buf_free(&body);
		return fail(c, e, "body_too_large", "the file is over 20 MiB", "body");
	}
	if (e != ERR_OK || body.len == 0) {
		buf_free(&body);
		return e != ERR_OK ? e : fail(c, ERR_INVALID, "invalid_parameter",
		    "the body is empty: send the PDF", "body");
	}
	e = verify_file(c->db, c->req->pool, env != NULL ? env->signer : NULL,
	    &c->who, (const unsigned char *)body.data, body.len, &out);
	buf_free(&body);
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_key(&j, "valid");
	jw_bool(&j, v->signature_valid && v->covers_whole_file);
	jw_key(&j, "signature_valid");
	jw_bool(&j, v->signature_valid);
	jw_key(&j, "covers_whole_file");
	jw_bool(&j, v->covers_whole_file);
	jw_key(&j, "signed_by_this_service");
	jw_bool(&j, out.ours);
	jw_kv_string(&j, "reason", v->reason[0] != '\0' ? v->reason : NULL);
	jw_key(&j, "signer");
	if (v->has_signature) {
		jw_object_open(&j);
		jw_kv_string(&j, "common_name", v->signer_cn);
		jw_kv_string(&j, "organisation", v->signer_org[0] != '\0' ?
		    v->signer_org : NULL);
		jw_kv_string(&j, "certificate_sha256", v->cert_sha256);
		jw_kv_string(&j, "signing_time", v->signing_time);
		jw_object_close(&j);
	} else
		jw_null(&j);
	jw_kv_string(&j, "sha256", v->file_sha256);
	jw_key(&j, "report_run");
	if (out.found) {
		jw_object_open(&j);
		jw_kv_int(&j, "id", strtoll(o->run_id, NULL, 10));
		jw_kv_string(&j, "org", o->org);
		jw_kv_string(&j, "kind", o->kind);
		jw_kv_string(&j, "report_id", o->report_id);
		jw_kv_string(&j, "as_of", o->as_of);
		jw_kv_string(&j, "generated_at", o->started_at);
		jw_object_close(&j);
	} else
		jw_null(&j);
	/* A file downloaded through a share link: whom it was made for. */
	jw_key(&j, "share");
	if (out.shared) {
		jw_object_open(&j);
		jw_kv_int(&j, "id", strtoll(out.share.share_id, NULL, 10));
		jw_kv_string(&j, "ref", out.share.ref);
		jw_key(&j, "recipient");
		jw_object_open(&j);
		jw_kv_string(&j, "company", out.share.company);
		jw_kv_string(&j, "name", out.share.name);
		jw_kv_string(&j, "email", out.share.email);
		jw_object_close(&j);
		jw_key(&j, "download");
		jw_object_open(&j);
		jw_kv_int(&j, "access_id", out.share.access_id != NULL ?
		    strtoll(out.share.access_id, NULL, 10) : 0);
		jw_kv_string(&j, "at", out.share.downloaded_at);
		jw_kv_string(&j, "client_addr", out.share.client_addr);
		jw_object_close(&j);
		jw_object_close(&j);
	} else
		jw_null(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}
