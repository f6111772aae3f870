#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"
#include "db.h"
#include "delivery.h"
#include "html.h"
#include "mime.h"
#include "model_gap.h"
#include "model_records.h"
#include "model_report.h"
#include "pct.h"
#include "person.h"
#include "pool.h"
#include "share.h"
#include "smtp.h"
#include "webhook.h"

bool
delivery_parse_recipient(const char *s, struct delivery_recipient *r)
{
	char	email[AUTH_PERSON_EMAIL_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (strncmp(s, "mailto:", 7) == 0) {
		if (!person_email_norm(s + 7, email))
			return false;
		r->kind = DELIVERY_EMAIL;
		snprintf(r->address, sizeof(r->address), "%s", email);
		return true;
	}
	if (!webhook_valid_url(s))
		return false;
	r->kind = DELIVERY_WEBHOOK;
	snprintf(r->address, sizeof(r->address), "%s", s);
	return true;
}

const char *
delivery_kind_name(enum delivery_kind k)
{
	return k == DELIVERY_EMAIL ? "email" : "webhook";
}

enum err
delivery_notify_add(struct db *db, const char *sid, const char *org,
    const struct delivery_recipient *r, bool attach, long long *id,
    char secret[WEBHOOK_SECRET_HEX + 1])
{
	const char	*p[6];
	PGresult	*res = NULL;
	enum err	 e;

	secret[0] = '\0';
	if (r->kind == DELIVERY_WEBHOOK && !webhook_new_secret(secret))
		return ERR_INTERNAL;
	p[0] = sid;
	p[1] = org;
	p[2] = delivery_kind_name(r->kind);
	p[3] = r->address;
	p[4] = attach && r->kind == DELIVERY_EMAIL ? "true" : "false";
	p[5] = r->kind == DELIVERY_WEBHOOK ? secret : NULL;
	if ((e = db_exec(db, STMT_NOTIFY_ADD, p, &res)) != ERR_OK)
		return e;
	if (PQntuples(res) == 1) {
		*id = strtoll(PQgetvalue(res, 0, SINGLE_VALUE), NULL, 10);
		PQclear(res);
		return ERR_OK;
	}
	PQclear(res);
	/* Nothing inserted: no such schedule, or the recipient is there. */
	if ((e = db_exec(db, STMT_SCHED_OWNER, p, &res)) != ERR_OK)
		return e;
	e = PQntuples(res) == 1 ? ERR_CONFLICT : ERR_NOT_FOUND;
	PQclear(res);
	return e;
}

enum err
delivery_notify_remove(struct db *db, const char *id, const char *org)
{
	const char	*p[2] = { id, org };
	PGresult	*res = NULL;
	enum err	 e;

	if ((e = db_begin(db)) != ERR_OK)
		return e;
	if ((e = db_run(db, STMT_NOTIFY_CANCEL, p)) != ERR_OK ||
	    (e = db_exec(db, STMT_NOTIFY_REMOVE, p, &res)) != ERR_OK)
		goto fail;
	if (PQntuples(res) != 1) {
		e = ERR_NOT_FOUND;
		goto fail;
	}
	PQclear(res);
	return db_commit(db);
fail:
	PQclear(res);
	db_rollback(db);
	return e;
}

enum err
delivery_notify_list(struct db *db, struct pool *pool, const char *sid,
    const char *org, struct mtable *t)
{
	const char	*p[2] = { sid, org };
	PGresult	*res;
	enum err	 e;

	if (sid != NULL) {
		if ((e = db_exec(db, STMT_SCHED_OWNER, p, &res)) != ERR_OK)
			return e;
		e = PQntuples(res) == 1 ? ERR_OK : ERR_NOT_FOUND;
		PQclear(res);
		if (e != ERR_OK)
			return e;
	}
	return model_table(db, pool, STMT_NOTIFY_LIST, p, t);
}

enum err
delivery_enqueue(struct db *db, long long run_id, long long schedule_id)
{
	char		 run[24], sid[24];
	const char	*p[2] = { run, sid };

	snprintf(run, sizeof(run), "%lld", run_id);
	snprintf(sid, sizeof(sid), "%lld", schedule_id);
	return db_run(db, STMT_DELIVERY_ENQUEUE, p);
}

enum err
delivery_list(struct db *db, struct pool *pool, const char *org,
    const char *run, bool failed_only, struct mtable *t)
{
	const char	*p[3] = { org, run, failed_only ? "true" : "false" };

	return model_table(db, pool, STMT_DELIVERY_LIST, p, t);
}

enum err
delivery_counts(struct db *db, struct delivery_counts *c)
{
	PGresult	*res;
	enum err	 e;

	memset(c, 0, sizeof(*c));
	if ((e = db_exec(db, STMT_DELIVERY_COUNTS, NULL, &res)) != ERR_OK)
		return e;
	if (PQntuples(res) == 1) {
		c->sent = strtoll(PQgetvalue(res, 0, DELIVERY_COUNTS_SENT),
		    NULL, 10);
		c->failed = strtoll(PQgetvalue(res, 0, DELIVERY_COUNTS_FAILED),
		    NULL, 10);
		c->pending = strtoll(PQgetvalue(res, 0,
		    DELIVERY_COUNTS_PENDING), NULL, 10);
		c->retries = strtoll(PQgetvalue(res, 0,
		    DELIVERY_COUNTS_RETRIES), NULL, 10);
	}
	PQclear(res);
	return ERR_OK;
}

/*
 * Sending.  One claimed delivery and everything known of its run; the
 * strings live in the claim's and the run's results (or the pool).
 */
struct job {
	const char	*id;
	const char	*uid;
	const char	*run;
	const char	*kind;
	const char	*address;
	bool		 attach;
	const char	*attempts;
	const char	*secret;	/* NULL: the recipient was removed */
	const char	*old_share;	/* NULL: none */
	/* The run. */
	const char	*org;
	const char	*org_name;
	const char	*source_fw;
	const char	*report;
	const char	*target;	/* NULL */
	const char	*audience;
	const char	*period;
	const char	*as_of;
	const char	*report_id;
	const char	*sha256;
	long long	 bytes;
	const char	*schedule;
	const unsigned char *pdf;	/* NULL unless attached */
	size_t		 pdf_len;
	/* Filled while sending. */
	char		*portal_url;	/* NULL without public_url */
	long long	 new_share;	/* 0: none made */
};

/* The headline figures of a run, at its as_of. */
struct figures {
	struct {
		const char	*target;
		char		 design[PCT_LEN];
		char		 assured[PCT_LEN];
		double		 design_v, assured_v;
		bool		 defined_d, defined_a;
	}		 score[REPORT_TARGETS_MAX];
	size_t		 nscore;
	long long	 open_findings;
	size_t		 overdue_reviews;
};

static enum err
figures_load(struct db *db, struct pool *pool, const struct job *j,
    struct figures *f)
{
	const char		*targets[REPORT_TARGETS_MAX], *bad = NULL;
	struct gap_context	 g;
	struct gap_answer	 a;
	struct mr_inputs	 in;
	size_t			 n, i;
	enum err		 e;

	memset(f, 0, sizeof(*f));
	if ((e = model_gap_context(db, pool, NULL, j->org, j->as_of, NULL, 0,
	    &g, &bad)) != ERR_OK)
		return e;
	n = model_gap_targets(&g, targets, REPORT_TARGETS_MAX);
	for (i = 0; i < n; i++) {
		if ((e = model_gap_target(db, pool, &g, targets[i], &a)) !=
		    ERR_OK)
			return e;
		/* As the portal's overview: a target no mapping reaches is left out. */
		if (a.edges.kind == GAP_NONE_FOUND)
			continue;
		f->score[f->nscore].target = targets[i];
		f->score[f->nscore].defined_d = a.result.design.defined;
		f->score[f->nscore].defined_a = a.result.assured.defined;
		f->score[f->nscore].design_v = a.result.design.coverage;
		f->score[f->nscore].assured_v = a.result.assured.coverage;
		if (!a.result.design.defined ||
		    !pct_text(a.result.design.coverage, f->score[f->nscore].design))
			strcpy(f->score[f->nscore].design, "n/a");
		if (!a.result.assured.defined ||
		    !pct_text(a.result.assured.coverage,
		    f->score[f->nscore].assured))
			strcpy(f->score[f->nscore].assured, "n/a");
		f->nscore++;
	}
	if ((e = model_mr_inputs(db, pool, j->org, j->source_fw, j->as_of,
	    &in)) != ERR_OK)
		return e;
	f->open_findings = in.open_findings;
	f->overdue_reviews = in.readiness.reviews.nrows;
	return ERR_OK;
}

/* The report's name in a sentence: "Management review", "Gap report (x)". */
static void
report_title(const struct job *j, char *out, size_t outsz)
{
	if (strcmp(j->report, "management-review") == 0)
		snprintf(out, outsz, "Management review");
	else if (strcmp(j->report, "gap") == 0)
		snprintf(out, outsz, "Gap report (%s)", j->target != NULL ?
		    j->target : "?");
	else if (strcmp(j->report, "comparison") == 0)
		snprintf(out, outsz, "Comparison report");
	else if (strcmp(j->report, "soa") == 0)
		snprintf(out, outsz, "Statement of Applicability");
	else if (strcmp(j->report, "traceability") == 0)
		snprintf(out, outsz, "Traceability report");
	else
		snprintf(out, outsz, "%s report", j->report);
}

/* The figures as lines of text and as an HTML list. */
static void
figures_write(const struct figures *f, const struct job *j, struct buf *t,
    struct buf *h)
{
	size_t	i;

	buf_printf(t, "Headline figures as of %s:\n", j->as_of);
	buf_puts(h, "<h2>Headline figures as of ");
	html_text(h, j->as_of);
	buf_puts(h, "</h2>\n<ul>\n");
	for (i = 0; i < f->nscore; i++) {
		buf_printf(t, "  Coverage of %s: design %s, assured %s\n",
		    f->score[i].target, f->score[i].design,
		    f->score[i].assured);
		buf_puts(h, "<li>Coverage of ");
		html_text(h, f->score[i].target);
		buf_puts(h, ": design ");
		html_text(h, f->score[i].design);
		buf_puts(h, ", assured ");
		html_text(h, f->score[i].assured);
		buf_puts(h, "</li>\n");
	}
	buf_printf(t, "  Open findings: %lld\n  Control reviews overdue: %zu\n",
	    f->open_findings, f->overdue_reviews);
	buf_printf(h, "<li>Open findings: %lld</li>\n<li>Control reviews "
	    "overdue: %zu</li>\n</ul>\n", f->open_findings, f->overdue_reviews);
}

/* A link line in both parts. */
static void
link_write(struct buf *t, struct buf *h, const char *label, const char *url)
{
	buf_printf(t, "%s: %s\n", label, url);
	buf_puts(h, "<p>");
	html_text(h, label);
	buf_puts(h, ": <a href=\"");
	html_attr(h, url);
	buf_puts(h, "\">");
	html_text(h, url);
	buf_puts(h, "</a></p>\n");
}

/* A paragraph in both parts. */
static void
para(struct buf *t, struct buf *h, const char *s)
{
	buf_printf(t, "%s\n\n", s);
	buf_puts(h, "<p>");
	html_text(h, s);
	buf_puts(h, "</p>\n");
}

/*
 * Makes the share link an outside recipient gets: for the customer
 * audience, behind the NDA when the organisation has one.  url and
 * expires are filled; j->new_share is the link's id.
 */
static enum err
share_for(struct db *db, const struct delivery_opts *o, struct job *j,
    char *url, size_t urlsz, char expires[32], char *msg, size_t msgsz)
{
	struct share_spec	 s;
	char			 secret[SHARE_SECRET_LEN + 1];
	const char		*at = strchr(j->address, '@');
	enum err		 e;

	memset(&s, 0, sizeof(s));
	s.org = j->org;
	s.report = j->report;
	s.target = j->target;
	/* The recipient is known by address only: its domain names it. */
	snprintf(s.to.company, sizeof(s.to.company), "%s", at + 1);
	snprintf(s.to.name, sizeof(s.to.name), "%.*s", (int)(at - j->address),
	    j->address);
	snprintf(s.to.email, sizeof(s.to.email), "%s", j->address);
	s.nda = true;
	s.seconds = (long long)DELIVERY_SHARE_DAYS * 86400;
	e = share_create(db, &s, NULL, secret, &j->new_share, expires);
	if (e == ERR_CONFLICT) {	/* the organisation has no NDA text */
		s.nda = false;
		e = share_create(db, &s, NULL, secret, &j->new_share, expires);
	}
	if (e != ERR_OK) {
		snprintf(msg, msgsz, "cannot make a share link: %s",
		    e == ERR_DB ? db_errmsg(db) : err_strerror(e));
		return e;
	}
	if (!share_url(o->public_url, secret, url, urlsz)) {
		snprintf(msg, msgsz, "share link too long");
		return ERR_INVALID;
	}
	/* A link an earlier, failed attempt made was never seen: end it. */
	if (j->old_share != NULL)
		share_revoke(db, j->old_share, NULL, NULL);
	return ERR_OK;
}

static enum err
send_email(struct db *db, struct pool *pool, const struct delivery_opts *o,
    struct job *j, char *msg, size_t msgsz)
{
	struct mime_message	 m;
	struct smtp_send	 s;
	struct figures		 f;
	struct buf		 text, html, out;
	char			 title[160], subject[800], line[1200];
	char			 url[SHARE_URL_MAX], expires[32], fname[300];
	const char		*extra[2] = { line, NULL }, *at;
	const char		*p[2] = { j->org, j->address };
	PGresult		*res = NULL;
	bool			 inside, attach = false;
	enum err		 e;

	if (o->relay == NULL || o->from == NULL) {
		snprintf(msg, msgsz, "e-mail is not set up: the configuration "
		    "needs smtp_relay and smtp_from");
		return ERR_INVALID;
	}
	if ((e = db_exec(db, STMT_DELIVERY_INSIDE, p, &res)) != ERR_OK) {
		snprintf(msg, msgsz, "%s", db_errmsg(db));
		return e;
	}
	inside = PQntuples(res) == 1;
	PQclear(res);
	buf_init(&text, 0);
	buf_init(&html, 0);
	buf_init(&out, 0);
	report_title(j, title, sizeof(title));
	snprintf(subject, sizeof(subject), "%s %s \xe2\x80\x94 %s", title,
	    j->period[0] != '\0' ? j->period : j->as_of, j->org_name);
	buf_puts(&html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>");
	html_text(&html, subject);
	buf_puts(&html, "</title></head><body>\n");
	snprintf(line, sizeof(line), "%s of %s for %s is ready.", title,
	    j->org_name, j->period[0] != '\0' ? j->period : j->as_of);
	para(&text, &html, line);
	if (inside) {
		if ((e = figures_load(db, pool, j, &f)) != ERR_OK) {
			snprintf(msg, msgsz, "headline figures: %s",
			    e == ERR_DB ? db_errmsg(db) : err_strerror(e));
			goto out;
		}
		figures_write(&f, j, &text, &html);
		buf_putc(&text, '\n');
		if (j->portal_url != NULL)
			link_write(&text, &html, "The report in the portal",
			    j->portal_url);
		if (j->attach && j->pdf != NULL &&
		    j->pdf_len <= o->attach_max) {
			attach = true;
			snprintf(line, sizeof(line), "The signed PDF is "
			    "attached (%zu bytes, SHA-256 %s).", j->pdf_len,
			    j->sha256);
			para(&text, &html, line);
		} else if (j->attach) {
			snprintf(line, sizeof(line), "The signed PDF (%lld "
			    "bytes) is larger than the %zu bytes a message "
			    "carries, so it is not attached: download it from "
			    "the portal.", j->bytes, o->attach_max);
			para(&text, &html, line);
		}
	} else if (o->public_url == NULL) {
		para(&text, &html, "No link can be given: annexa's public_url "
		    "is not set.");
	} else if (!share_report_valid(j->report)) {
		para(&text, &html, "This report is not one that can be shared "
		    "outside the organisation; ask its owners for a copy.");
	} else {
		if ((e = share_for(db, o, j, url, sizeof(url), expires, msg,
		    msgsz)) != ERR_OK)
			goto out;
		link_write(&text, &html, "Your copy of the report", url);
		snprintf(line, sizeof(line), "The link works until %s.",
		    expires);
		para(&text, &html, line);
	}
	snprintf(line, sizeof(line), "Report id %s, SHA-256 %s. Delivery "
	    "%s, sent by annexa for schedule %s.", j->report_id, j->sha256,
	    j->uid, j->schedule);
	para(&text, &html, line);
	buf_puts(&html, "</body></html>\n");
	if (buf_failed(&text) || buf_failed(&html)) {
		e = ERR_NOMEM;
		snprintf(msg, msgsz, "out of memory");
		goto out;
	}
	snprintf(fname, sizeof(fname), "%s%s%s-%s-%s.pdf", j->report,
	    j->target != NULL ? "-" : "", j->target != NULL ? j->target : "",
	    j->org, j->period[0] != '\0' ? j->period : j->as_of);
	memset(&m, 0, sizeof(m));
	at = strchr(o->from, '@');
	m.from = o->from;
	m.to = j->address;
	m.subject = subject;
	m.date = time(NULL);
	m.id_left = j->uid;
	m.id_right = at != NULL ? at + 1 : "annexa.invalid";
	m.text = text.data;
	m.html = html.data;
	snprintf(line, sizeof(line), "X-Annexa-Delivery: %s", j->uid);
	m.extra = extra;
	if (attach) {
		m.file_name = fname;
		m.file_type = "application/pdf";
		m.file = j->pdf;
		m.file_len = j->pdf_len;
	}
	if (!mime_write(&out, &m)) {
		e = ERR_INVALID;
		snprintf(msg, msgsz, "the message cannot be written (a header "
		    "with a control character?)");
		goto out;
	}
	memset(&s, 0, sizeof(s));
	s.relay = o->relay;
	s.auth = o->auth;
	s.ca_file = o->ca_file;
	s.from = o->from;
	s.to = j->address;
	s.message = &out;
	e = smtp_send(&s, msg, msgsz);
out:
	buf_free(&text);
	buf_free(&html);
	buf_free(&out);
	return e;
}

static enum err
send_webhook(struct db *db, struct pool *pool, const struct delivery_opts *o,
    const struct job *j, char *msg, size_t msgsz)
{
	struct webhook_post	 w;
	struct figures		 f;
	json_t			*doc = NULL, *scores = NULL, *fig;
	char			*body = NULL;
	size_t			 i;
	enum err		 e;

	if (j->secret == NULL) {
		snprintf(msg, msgsz, "the recipient was removed");
		return ERR_NOT_FOUND;
	}
	if ((e = figures_load(db, pool, j, &f)) != ERR_OK) {
		snprintf(msg, msgsz, "headline figures: %s", e == ERR_DB ?
		    db_errmsg(db) : err_strerror(e));
		return e;
	}
	if ((scores = json_array()) == NULL)
		goto nomem;
	for (i = 0; i < f.nscore; i++)
		if (json_array_append_new(scores, json_pack("{s:s,s:o,s:o}",
		    "target", f.score[i].target,
		    "design", f.score[i].defined_d ?
		    json_real(f.score[i].design_v) : json_null(),
		    "assured", f.score[i].defined_a ?
		    json_real(f.score[i].assured_v) : json_null())) != 0)
			goto nomem;
	fig = json_pack("{s:o,s:I,s:I}", "scores", scores, "open_findings",
	    (json_int_t)f.open_findings, "overdue_reviews",
	    (json_int_t)f.overdue_reviews);
	scores = NULL;	/* the pack took it, whatever came of it */
	if (fig == NULL)
		goto nomem;
	doc = json_pack("{s:s,s:s,s:{s:s,s:s},s:s,s:s?,s:s,s:s?,s:I,s:s,"
	    "s:s,s:s,s:I,s:s?,s:o}",
	    "delivery", j->uid, "event", "report.ready",
	    "organisation", "id", j->org, "name", j->org_name,
	    "report", j->report, "target", j->target,
	    "audience", j->audience,
	    "period", j->period[0] != '\0' ? j->period : NULL,
	    "run_id", (json_int_t)strtoll(j->run, NULL, 10),
	    "report_id", j->report_id, "sha256", j->sha256,
	    "as_of", j->as_of, "bytes", (json_int_t)j->bytes,
	    "portal_url", j->portal_url, "figures", fig);
	if (doc == NULL ||
	    (body = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto nomem;
	memset(&w, 0, sizeof(w));
	w.url = j->address;
	w.secret = j->secret;
	w.delivery = j->uid;
	w.body = body;
	w.len = strlen(body);
	w.now = time(NULL);
	w.ca_file = o->ca_file;
	e = webhook_send(&w, msg, msgsz);
	free(body);
	json_decref(doc);
	return e;
nomem:
	json_decref(scores);
	json_decref(doc);
	snprintf(msg, msgsz, "out of memory");
	return ERR_NOMEM;
}

/* Reads the run of claimed delivery j; ERR_NOT_FOUND if not succeeded. */
static enum err
job_run(struct db *db, struct pool *pool, const struct delivery_opts *o,
    struct job *j, PGresult **keep)
{
	const char	*p[2] = { j->run, j->attach ? "true" : "false" };
	unsigned char	*raw;
	PGresult	*r;
	size_t		 len;
	enum err	 e;

	*keep = NULL;
	if ((e = db_exec(db, STMT_DELIVERY_RUN, p, &r)) != ERR_OK)
		return e;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ERR_NOT_FOUND;
	}
	j->org = PQgetvalue(r, 0, DELIVERY_RUN_ORG);
	j->org_name = PQgetvalue(r, 0, DELIVERY_RUN_ORG_NAME);
	j->source_fw = PQgetvalue(r, 0, DELIVERY_RUN_SOURCE_FW);
	j->report = PQgetvalue(r, 0, DELIVERY_RUN_KIND);
	j->target = PQgetisnull(r, 0, DELIVERY_RUN_TARGET) ? NULL :
	    PQgetvalue(r, 0, DELIVERY_RUN_TARGET);
	j->audience = PQgetvalue(r, 0, DELIVERY_RUN_AUDIENCE);
	j->period = PQgetvalue(r, 0, DELIVERY_RUN_PERIOD);
	j->as_of = PQgetvalue(r, 0, DELIVERY_RUN_AS_OF);
	j->report_id = PQgetvalue(r, 0, DELIVERY_RUN_REPORT_ID);
	j->sha256 = PQgetvalue(r, 0, DELIVERY_RUN_SHA256);
	j->bytes = strtoll(PQgetvalue(r, 0, DELIVERY_RUN_BYTES), NULL, 10);
	j->schedule = PQgetvalue(r, 0, DELIVERY_RUN_SCHEDULE);
	if (!PQgetisnull(r, 0, DELIVERY_RUN_PDF)) {
		if ((raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r,
		    0, DELIVERY_RUN_PDF), &len)) == NULL ||
		    pool_cleanup_add(pool, PQfreemem, raw) != 0) {
			PQclear(r);
			return ERR_NOMEM;
		}
		j->pdf = raw;
		j->pdf_len = len;
	}
	if (o->public_url != NULL)
		j->portal_url = pool_printf(pool, "%s/orgs/%s/reports#run-%s",
		    o->public_url, j->org, j->run);
	*keep = r;
	return ERR_OK;
}

/*
 * Records the outcome of attempt j; *status is what the delivery became
 * (sent, pending or failed; "" when another process had taken it over).
 */
static enum err
record(struct db *db, const struct job *j, const char *error,
    char *status, size_t statussz, char *next, size_t nextsz)
{
	char		 attempts[8], base[16], cap[16], share[24];
	const char	*p[7];
	PGresult	*r;
	enum err	 e;

	snprintf(attempts, sizeof(attempts), "%d", DELIVERY_ATTEMPTS);
	snprintf(base, sizeof(base), "%d", DELIVERY_BACKOFF_S);
	snprintf(cap, sizeof(cap), "%d", DELIVERY_BACKOFF_MAX_S);
	snprintf(share, sizeof(share), "%lld", j->new_share);
	p[0] = j->id;
	p[1] = j->attempts;
	status[0] = next[0] = '\0';
	if (error == NULL) {
		p[2] = j->new_share != 0 ? share : NULL;
		if ((e = db_exec(db, STMT_DELIVERY_SENT, p, &r)) != ERR_OK)
			return e;
		if (PQntuples(r) == 1)
			snprintf(status, statussz, "sent");
	} else {
		p[2] = attempts;
		p[3] = base;
		p[4] = cap;
		p[5] = error;
		p[6] = j->new_share != 0 ? share : NULL;
		if ((e = db_exec(db, STMT_DELIVERY_RETRY, p, &r)) != ERR_OK)
			return e;
		if (PQntuples(r) == 1) {
			snprintf(status, statussz, "%s", PQgetvalue(r, 0,
			    DELIVERY_RETRY_STATUS));
			snprintf(next, nextsz, "%s", PQgetvalue(r, 0,
			    DELIVERY_RETRY_NEXT));
		}
	}
	PQclear(r);
	return ERR_OK;
}

/* Makes one claimed delivery (row 0 of c) and records it. */
static enum err
deliver(struct db *db, const struct delivery_opts *o, PGresult *c,
    struct delivery_stats *st)
{
	struct job	 j;
	struct pool	*pool;
	PGresult	*run = NULL;
	char		 why[600], status[16], next[32];
	enum err	 e, se;

	if ((pool = pool_new()) == NULL)
		return ERR_NOMEM;
	memset(&j, 0, sizeof(j));
	j.id = PQgetvalue(c, 0, DELIVERY_CLAIM_ID);
	j.uid = PQgetvalue(c, 0, DELIVERY_CLAIM_UID);
	j.run = PQgetvalue(c, 0, DELIVERY_CLAIM_RUN);
	j.kind = PQgetvalue(c, 0, DELIVERY_CLAIM_KIND);
	j.address = PQgetvalue(c, 0, DELIVERY_CLAIM_ADDRESS);
	j.attach = strcmp(PQgetvalue(c, 0, DELIVERY_CLAIM_ATTACH), "t") == 0;
	j.attempts = PQgetvalue(c, 0, DELIVERY_CLAIM_ATTEMPTS);
	j.secret = PQgetisnull(c, 0, DELIVERY_CLAIM_SECRET) ? NULL :
	    PQgetvalue(c, 0, DELIVERY_CLAIM_SECRET);
	j.old_share = PQgetisnull(c, 0, DELIVERY_CLAIM_SHARE) ? NULL :
	    PQgetvalue(c, 0, DELIVERY_CLAIM_SHARE);
	why[0] = '\0';
	se = job_run(db, pool, o, &j, &run);
	if (se == ERR_NOT_FOUND)
		snprintf(why, sizeof(why), "run %s has no succeeded report",
		    j.run);
	else if (se == ERR_OK && strcmp(j.kind, "email") == 0)
		se = send_email(db, pool, o, &j, why, sizeof(why));
	else if (se == ERR_OK)
		se = send_webhook(db, pool, o, &j, why, sizeof(why));
	if (se != ERR_OK && why[0] == '\0')
		snprintf(why, sizeof(why), "%s", se == ERR_DB ? db_errmsg(db) :
		    err_strerror(se));
	e = record(db, &j, se == ERR_OK ? NULL : why, status, sizeof(status),
	    next, sizeof(next));
	if (e == ERR_OK) {
		if (strcmp(status, "sent") == 0)
			st->sent++;
		else if (strcmp(status, "failed") == 0)
			st->failed++;
		else if (status[0] != '\0')
			st->retrying++;
		if (se != ERR_OK && o->err != NULL)
			fprintf(o->err, "annexa schedule: delivery %s (run %s, "
			    "%s %s, attempt %s): %s%s%s%s\n", j.uid, j.run, j.kind,
			    j.address, j.attempts, why,
			    strcmp(status, "failed") == 0 ? "; given up" : "",
			    next[0] != '\0' && strcmp(status, "pending") == 0 ?
			    "; next attempt after " : "",
			    strcmp(status, "pending") == 0 ? next : "");
	}
	PQclear(run);
	pool_free(pool);
	return e;
}

enum err
delivery_run(struct db *db, const struct delivery_opts *o,
    struct delivery_stats *st, char *msg, size_t msgsz)
{
	char		 lease[16];
	const char	*p[2];
	struct buf	 skip;
	PGresult	*c;
	enum err	 e = ERR_OK;

	memset(st, 0, sizeof(*st));
	snprintf(lease, sizeof(lease), "%d", o->lease_s > 0 ? o->lease_s :
	    DELIVERY_LEASE_S);
	buf_init(&skip, 0);
	buf_puts(&skip, "{}");
	for (;;) {
		if (buf_failed(&skip)) {
			e = ERR_NOMEM;
			break;
		}
		p[0] = lease;
		p[1] = skip.data;
		/* One statement: claimed and leased, or left to another. */
		if ((e = db_exec(db, STMT_DELIVERY_CLAIM, p, &c)) != ERR_OK)
			break;
		if (PQntuples(c) == 0) {
			PQclear(c);
			break;
		}
		/* Never twice in one run, whatever happens to it. */
		skip.len--;
		buf_printf(&skip, "%s%s}", skip.len > 1 ? "," : "",
		    PQgetvalue(c, 0, DELIVERY_CLAIM_ID));
		e = deliver(db, o, c, st);
		PQclear(c);
		if (e != ERR_OK)
			break;
	}
	if (e != ERR_OK)
		snprintf(msg, msgsz, "%s", e == ERR_NOMEM ? "out of memory" :
		    db_errmsg(db));
	buf_free(&skip);
	return e;
}
