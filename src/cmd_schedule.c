/*
 * cmd_schedule.c — `annexa schedule add|list|run` (docs/reports.md).
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "cmd.h"
#include "conf.h"
#include "curlinit.h"
#include "db.h"
#include "delivery.h"
#include "mapcache.h"
#include "model_records.h"
#include "pool.h"
#include "smtp.h"
#include "webhook.h"
#include "pdf.h"
#include "privdrop.h"
#include "report.h"
#include "schedule.h"
#include "sign.h"
#include "valid.h"

#define SCHEDULE_NOTIFY_MAX	20

/* The usage error of a --notify value that is no recipient. */
static int
notify_usage(const char *value)
{
	char	why[700];

	snprintf(why, sizeof(why), "--notify \"%.500s\": expected "
	    DELIVERY_RECIPIENT_RULE, value);
	return cmd_usage_error("schedule", why);
}

/*
 * Tells of a recipient just added; a webhook's secret is shown here
 * once, and never again.
 */
static void
notify_added(const struct conf *c, const struct delivery_recipient *r,
    bool attach, const char *secret)
{
	if (r->kind == DELIVERY_EMAIL) {
		printf("  notify mailto:%s%s\n", r->address, attach ?
		    " (the PDF attached)" : "");
		if (c->smtp_relay == NULL || c->smtp_from == NULL)
			fprintf(stderr, "annexa schedule: warning: smtp_relay "
			    "and smtp_from are not both set: e-mail to %s "
			    "fails until they are\n", r->address);
	} else
		printf("  notify %s\n  signing secret (shown once): %s\n",
		    r->address, secret);
}

static int
schedule_add(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, 'r' },
		{ "frequency", required_argument, NULL, 'f' },
		{ "target", required_argument, NULL, 't' },
		{ "audience", required_argument, NULL, 'a' },
		{ "start", required_argument, NULL, 's' },
		{ "notify", required_argument, NULL, 'N' },
		{ "attach", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const freqs[] =
	    { "weekly", "monthly", "quarterly", "yearly", NULL };
	const char			*v[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
	struct delivery_recipient	 to[SCHEDULE_NOTIFY_MAX];
	char				 secrets[SCHEDULE_NOTIFY_MAX]
					    [WEBHOOK_SECRET_HEX + 1];
	char				 sid[24];
	size_t				 nto = 0, i;
	long long			 nid;
	enum report_kind		 kind;
	struct db			*db;
	PGresult			*r;
	enum err			 e;
	bool				 attach = false;
	int				 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': v[0] = optarg; break;
		case 'r': v[1] = optarg; break;
		case 'f': v[2] = optarg; break;
		case 's': v[3] = optarg; break;
		case 't': v[4] = optarg; break;
		case 'a': v[5] = optarg; break;
		case 'A': attach = true; break;
		case 'N':
			if (nto == SCHEDULE_NOTIFY_MAX)
				return cmd_usage_error("schedule", "--notify: at "
				    "most 20 recipients at once");
			if (!delivery_parse_recipient(optarg, &to[nto]))
				return notify_usage(optarg);
			nto++;
			break;
		default: return cmd_usage_error("schedule", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("schedule", "unexpected argument");
	if (attach && nto == 0)
		return cmd_usage_error("schedule", "--attach goes with --notify "
		    "mailto:ADDRESS");
	if (v[0] == NULL || !valid_ident(v[0]))
		return cmd_usage_error("schedule", "--org ORG is required");
	if (v[1] == NULL || !report_kind_parse(v[1], &kind))
		return cmd_usage_error("schedule", "--report is management-review, "
		    "gap, comparison, soa or traceability");
	if (v[2] == NULL || !valid_enum(v[2], freqs, NULL))
		return cmd_usage_error("schedule", "--frequency is weekly, monthly, "
		    "quarterly or yearly");
	if (v[3] != NULL && !valid_date(v[3], NULL))
		return cmd_usage_error("schedule", "--start is a date YYYY-MM-DD");
	if (v[4] != NULL && !valid_ident(v[4]))
		return cmd_usage_error("schedule", "--target: not a framework id");
	if (kind == REPORT_GAP && v[4] == NULL)
		return cmd_usage_error("schedule", "a gap report needs --target");
	if (v[5] != NULL && strcmp(v[5], "internal") != 0 &&
	    strcmp(v[5], "customer") != 0)
		return cmd_usage_error("schedule", "--audience is internal or customer");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	/* The schedule and its recipients: all of them or nothing. */
	if ((e = db_begin(db)) != ERR_OK) {
		fprintf(stderr, "annexa schedule: %s\n", db_errmsg(db));
		db_close(db);
		return EXIT_FAIL;
	}
	if ((e = db_exec(db, STMT_SCHED_ADD, v, &r)) != ERR_OK) {
		bool	fk = strcmp(db_sqlstate(db), "23503") == 0;
		bool	dup = strcmp(db_sqlstate(db), "23505") == 0;

		fprintf(stderr, "annexa schedule: %s\n", fk ?
		    "--org: no such organisation" : dup ? "the same schedule "
		    "exists already (schedule list)" : db_errmsg(db));
		db_rollback(db);
		db_close(db);
		return fk || dup ? EXIT_INPUT : EXIT_FAIL;
	}
	snprintf(sid, sizeof(sid), "%s", PQgetvalue(r, 0, SCHED_ADD_ID));
	for (i = 0; i < nto; i++) {
		e = delivery_notify_add(db, sid, NULL, &to[i], attach, &nid,
		    secrets[i]);
		if (e != ERR_OK) {
			fprintf(stderr, "annexa schedule: --notify %s: %s\n",
			    to[i].address, e == ERR_CONFLICT ? "given twice" :
			    db_errmsg(db));
			PQclear(r);
			db_rollback(db);
			db_close(db);
			return e == ERR_CONFLICT ? EXIT_INPUT : EXIT_FAIL;
		}
	}
	if ((e = db_commit(db)) != ERR_OK) {
		fprintf(stderr, "annexa schedule: %s\n", db_errmsg(db));
		PQclear(r);
		db_close(db);
		return EXIT_FAIL;
	}
	printf("schedule %s: %s %s for %s, first due %s (period %s)\n",
	    sid, v[2], v[1], v[0],
	    PQgetvalue(r, 0, SCHED_ADD_FIRST_DUE),
	    PQgetvalue(r, 0, SCHED_ADD_PERIOD));
	for (i = 0; i < nto; i++)
		notify_added(c, &to[i], attach, secrets[i]);
	PQclear(r);
	db_close(db);
	return EXIT_OK;
}

static int
schedule_list(struct conf *c)
{
	struct db	*db;
	PGresult	*r;
	int		 i;

	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	if (db_exec(db, STMT_SCHED_LIST, NULL, &r) != ERR_OK) {
		fprintf(stderr, "annexa schedule: %s\n", db_errmsg(db));
		db_close(db);
		return EXIT_FAIL;
	}
	printf("%-5s %-16s %-18s %-10s %-14s %-9s %-3s %-11s %-9s %-19s %s\n",
	    "ID", "ORG", "REPORT", "FREQUENCY", "TARGET", "AUDIENCE", "ON",
	    "NEXT DUE", "PERIOD", "LAST RUN", "DELIVERIES");
	for (i = 0; i < PQntuples(r); i++)
		printf("%-5s %-16s %-18s %-10s %-14s %-9s %-3s %-11s %-9s %-19s "
		    "%s\n",
		    PQgetvalue(r, i, SCHED_LIST_ID),
		    PQgetvalue(r, i, SCHED_LIST_ORG),
		    PQgetvalue(r, i, SCHED_LIST_KIND),
		    PQgetvalue(r, i, SCHED_LIST_FREQUENCY),
		    PQgetvalue(r, i, SCHED_LIST_TARGET),
		    PQgetvalue(r, i, SCHED_LIST_AUDIENCE),
		    PQgetvalue(r, i, SCHED_LIST_ENABLED),
		    PQgetvalue(r, i, SCHED_LIST_NEXT_DUE),
		    PQgetvalue(r, i, SCHED_LIST_PERIOD),
		    PQgetvalue(r, i, SCHED_LIST_LAST_RUN),
		    PQgetvalue(r, i, SCHED_LIST_DELIVERIES));
	PQclear(r);
	db_close(db);
	return EXIT_OK;
}

/* `schedule notify add ID RECIPIENT [--attach]` */
static int
notify_add_cmd(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "attach", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct delivery_recipient	 to;
	char				 secret[WEBHOOK_SECRET_HEX + 1];
	long long			 id;
	struct db			*db;
	enum err			 e;
	bool				 attach = false;
	int				 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'A': attach = true; break;
		default: return cmd_usage_error("schedule", "unknown option");
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error("schedule", "notify add takes a schedule "
		    "id and a recipient");
	if (!valid_int(argv[optind], 1, INT64_MAX, NULL))
		return cmd_usage_error("schedule", "notify add: the schedule id "
		    "is a whole number (schedule list)");
	if (!delivery_parse_recipient(argv[optind + 1], &to))
		return notify_usage(argv[optind + 1]);
	if (attach && to.kind != DELIVERY_EMAIL)
		return cmd_usage_error("schedule", "--attach is for mailto: "
		    "recipients");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = delivery_notify_add(db, argv[optind], NULL, &to, attach, &id,
	    secret);
	if (e != ERR_OK) {
		fprintf(stderr, "annexa schedule: %s\n", e == ERR_NOT_FOUND ?
		    "notify add: no such schedule (schedule list)" :
		    e == ERR_CONFLICT ? "notify add: the schedule has this "
		    "recipient already" : db_errmsg(db));
		db_close(db);
		return e == ERR_NOT_FOUND || e == ERR_CONFLICT ? EXIT_INPUT :
		    EXIT_FAIL;
	}
	printf("recipient %lld of schedule %s:\n", id, argv[optind]);
	notify_added(c, &to, attach, secret);
	db_close(db);
	return EXIT_OK;
}

static int
notify_cmd(struct conf *c, int argc, char **argv)
{
	struct mtable	 t;
	struct pool	*pool = NULL;
	struct db	*db;
	enum err	 e;
	size_t		 i;
	int		 rc = EXIT_FAIL;

	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return notify_add_cmd(c, argc - 1, argv + 1);
	if (argc == 3 && strcmp(argv[1], "remove") == 0) {
		if (!valid_int(argv[2], 1, INT64_MAX, NULL))
			return cmd_usage_error("schedule", "notify remove: the "
			    "recipient id is a whole number (notify list)");
		if ((db = cmd_open_admin(c)) == NULL)
			return EXIT_FAIL;
		e = delivery_notify_remove(db, argv[2], NULL);
		if (e == ERR_OK)
			printf("recipient %s removed; its waiting deliveries "
			    "are cancelled\n", argv[2]);
		else
			fprintf(stderr, "annexa schedule: %s\n", e ==
			    ERR_NOT_FOUND ? "notify remove: no such recipient "
			    "(notify list)" : db_errmsg(db));
		db_close(db);
		return e == ERR_OK ? EXIT_OK : e == ERR_NOT_FOUND ?
		    EXIT_INPUT : EXIT_FAIL;
	}
	if ((argc == 2 || argc == 3) && strcmp(argv[1], "list") == 0) {
		if (argc == 3 && !valid_int(argv[2], 1, INT64_MAX, NULL))
			return cmd_usage_error("schedule", "notify list: the "
			    "schedule id is a whole number");
		if ((db = cmd_open_admin(c)) == NULL)
			return EXIT_FAIL;
		if ((pool = pool_new()) == NULL)
			goto out;
		e = delivery_notify_list(db, pool, argc == 3 ? argv[2] : NULL,
		    NULL, &t);
		if (e != ERR_OK) {
			fprintf(stderr, "annexa schedule: %s\n", e ==
			    ERR_NOT_FOUND ? "notify list: no such schedule" :
			    db_errmsg(db));
			rc = e == ERR_NOT_FOUND ? EXIT_INPUT : EXIT_FAIL;
			goto out;
		}
		printf("%-6s %-8s %-16s %-8s %-6s %s\n", "ID", "SCHEDULE",
		    "ORG", "KIND", "ATTACH", "RECIPIENT");
		for (i = 0; i < t.nrows; i++)
			printf("%-6s %-8s %-16s %-8s %-6s %s%s\n",
			    MT(&t, i, NOTIFY_LIST_ID),
			    MT(&t, i, NOTIFY_LIST_SCHEDULE),
			    MT(&t, i, NOTIFY_LIST_ORG),
			    MT(&t, i, NOTIFY_LIST_KIND),
			    strcmp(MT(&t, i, NOTIFY_LIST_ATTACH), "t") == 0 ?
			    "yes" : "no",
			    strcmp(MT(&t, i, NOTIFY_LIST_KIND), "email") == 0 ?
			    "mailto:" : "", MT(&t, i, NOTIFY_LIST_ADDRESS));
		rc = EXIT_OK;
out:
		pool_free(pool);
		db_close(db);
		return rc;
	}
	return cmd_usage_error("schedule", "notify add, remove or list?");
}

/* `schedule deliveries [--failed]` */
static int
deliveries_cmd(struct conf *c, int argc, char **argv)
{
	struct mtable	 t;
	struct pool	*pool = NULL;
	struct db	*db;
	size_t		 i;
	int		 rc = EXIT_FAIL;
	bool		 failed = false;

	if (argc == 2 && strcmp(argv[1], "--failed") == 0)
		failed = true;
	else if (argc != 1)
		return cmd_usage_error("schedule", "deliveries takes only "
		    "--failed");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	if ((pool = pool_new()) == NULL)
		goto out;
	if (delivery_list(db, pool, NULL, NULL, failed, &t) != ERR_OK) {
		fprintf(stderr, "annexa schedule: %s\n", db_errmsg(db));
		goto out;
	}
	printf("%-6s %-36s %-6s %-16s %-18s %-9s %-9s %-8s %-3s %-20s %s\n",
	    "ID", "DELIVERY", "RUN", "ORG", "REPORT", "PERIOD", "STATUS", "KIND",
	    "TRY", "SENT/NEXT", "RECIPIENT");
	for (i = 0; i < t.nrows; i++) {
		printf("%-6s %-36s %-6s %-16s %-18s %-9s %-9s %-8s %-3s %-20s "
		    "%s\n", MT(&t, i, DELIVERY_LIST_ID),
		    MT(&t, i, DELIVERY_LIST_UID), MT(&t, i, DELIVERY_LIST_RUN),
		    MT(&t, i, DELIVERY_LIST_ORG),
		    MT(&t, i, DELIVERY_LIST_REPORT),
		    MT(&t, i, DELIVERY_LIST_PERIOD),
		    MT(&t, i, DELIVERY_LIST_STATUS),
		    MT(&t, i, DELIVERY_LIST_KIND),
		    MT(&t, i, DELIVERY_LIST_ATTEMPTS),
		    *MT(&t, i, DELIVERY_LIST_SENT) != '\0' ?
		    MT(&t, i, DELIVERY_LIST_SENT) : *MT(&t, i,
		    DELIVERY_LIST_NEXT) != '\0' ? MT(&t, i, DELIVERY_LIST_NEXT) :
		    "-", MT(&t, i, DELIVERY_LIST_ADDRESS));
		if (*MT(&t, i, DELIVERY_LIST_ERROR) != '\0')
			printf("       last error: %s\n",
			    MT(&t, i, DELIVERY_LIST_ERROR));
	}
	rc = EXIT_OK;
out:
	pool_free(pool);
	db_close(db);
	return rc;
}

/*
 * What the generator needs: a report environment of its own, and the
 * time the reports are generated at (0: the clock, at each report).
 */
struct gen_env {
	struct report_env	env;
	time_t			now;
};

/* Generates one scheduled report (schedule_gen_fn). */
static enum err
generate(void *arg, const struct schedule_job *job, struct schedule_output *out,
    char *msg, size_t msgsz)
{
	struct gen_env		*g = arg;
	struct report_request	 rq;
	struct report_result	 res;
	const char		*field = NULL;
	enum err		 e;

	memset(&rq, 0, sizeof(rq));
	if (!report_kind_parse(job->kind, &rq.kind)) {
		snprintf(msg, msgsz, "unknown report kind %s", job->kind);
		return ERR_INVALID;
	}
	rq.org = job->org;
	rq.target = job->target;
	rq.period = rq.kind == REPORT_MANAGEMENT_REVIEW ? job->period_key : NULL;
	rq.customer = strcmp(job->audience, "customer") == 0;
	rq.generated = g->now != 0 ? g->now : time(NULL);
	rq.trigger = "schedule";
	memset(&res, 0, sizeof(res));
	buf_init(&res.pdf, 0);
	mapcache_begin_request(g->env.mapcache);
	e = report_generate(&g->env, &rq, &res, &field, msg, msgsz);
	if (e != ERR_OK) {
		buf_free(&res.pdf);
		return e;
	}
	out->pdf = res.pdf;
	out->generate_ms = res.generate_ms;
	out->sign_ms = res.sign_ms;
	out->pages = res.pages;
	memcpy(out->sha256, res.sha256, sizeof(out->sha256));
	snprintf(out->signer, sizeof(out->signer), "%s",
	    sign_fingerprint(g->env.signer));
	memcpy(out->report_id, res.report_id, sizeof(out->report_id));
	memcpy(out->as_of, res.as_of, sizeof(out->as_of));
	memcpy(out->data_fingerprint, res.data_fingerprint,
	    sizeof(out->data_fingerprint));
	return ERR_OK;
}

static int
schedule_run_cmd(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "out-dir", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'l' },
		{ "lease", required_argument, NULL, 'L' },
		{ "now", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct schedule_opts		 so;
	struct schedule_stats		 st;
	struct delivery_opts		 dopt;
	struct delivery_stats		 dst;
	struct smtp_relay		 relay;
	struct smtp_auth		 auth;
	bool				 have_relay = false, have_auth = false;
	struct gen_env			 g;
	struct pdf_opts			 po;
	char				 msg[512];
	int64_t				 n;
	enum err			 e;
	int				 ch, rc = EXIT_FAIL;

	memset(&so, 0, sizeof(so));
	memset(&g, 0, sizeof(g));
	memset(&auth, 0, sizeof(auth));
	so.lease_s = SCHEDULE_LEASE_S;
	so.err = stderr;
	so.progress = isatty(STDERR_FILENO) != 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': so.out_dir = optarg; break;
		case 'l':
			if (!valid_int(optarg, 1, 1000000, &n))
				return cmd_usage_error("schedule", "--limit is a whole "
				    "number from 1");
			so.limit = (size_t)n;
			break;
		case 'L':
			if (!valid_int(optarg, 1, 86400, &n))
				return cmd_usage_error("schedule", "--lease is 1 to "
				    "86400 seconds");
			so.lease_s = (int)n;
			break;
		case 'n':
			/*
			 * The run behaves as if started at that moment:
			 * what is due, and the reports' generation time.
			 */
			if (!cmd_parse_utc(optarg, &g.now))
				return cmd_usage_error("schedule", "--now is "
				    "YYYY-MM-DDTHH:MM:SSZ");
			so.now = optarg;
			break;
		default: return cmd_usage_error("schedule", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("schedule", "unexpected argument");
	memset(&po, 0, sizeof(po));
	/*
	 * The relay's password is read while still root (its file is
	 * root's alone), like the signing key.
	 */
	if (c->smtp_relay != NULL)
		have_relay = smtp_parse_relay(c->smtp_relay, &relay);
	if (c->smtp_auth_file != NULL) {
		if (smtp_load_auth(c->smtp_auth_file, &auth, msg,
		    sizeof(msg)) != ERR_OK) {
			fprintf(stderr, "annexa schedule: %s\n", msg);
			return EXIT_FAIL;
		}
		have_auth = true;
	}
	if ((g.env.signer = cmd_load_signer(c, true)) == NULL) {
		explicit_bzero(&auth, sizeof(auth));
		return EXIT_FAIL;
	}
	/* Started as root to read the key: the rest runs as `user`. */
	if (privdrop_become("annexa schedule", c->user) != ERR_OK)
		goto out;
	/* The runtime role: claims and runs are all it needs. */
	g.env.db = db_open(c->database, DB_PREPARED, &e);
	if (g.env.db == NULL || e != ERR_OK) {
		fprintf(stderr, "annexa schedule: cannot connect to the database: "
		    "%s\n", g.env.db != NULL ? db_errmsg(g.env.db) : "out of memory");
		goto out;
	}
	po.font_dir = c->font_dir;
	g.env.font_dir = c->font_dir;
	if ((g.env.pdf = pdf_new(&po)) == NULL)
		goto out;
	/*
	 * Every report of the run shares the loaded mapping sets (a stored
	 * set never changes, mapcache.h); only the listing is read per report.
	 */
	if ((g.env.mapcache = mapcache_new()) == NULL)
		goto out;
	e = schedule_run(g.env.db, &so, generate, &g, &st, msg, sizeof(msg));
	if (e != ERR_OK) {
		fprintf(stderr, "annexa schedule run: %s\n", msg);
		goto out;
	}
	/* Then the outbox: this run's deliveries and any left waiting. */
	memset(&dopt, 0, sizeof(dopt));
	dopt.public_url = c->public_url;
	dopt.relay = have_relay ? &relay : NULL;
	dopt.from = c->smtp_from;
	dopt.auth = have_auth ? &auth : NULL;
	dopt.ca_file = c->tls_ca_file;
	dopt.attach_max = c->smtp_attach_max;
	dopt.lease_s = DELIVERY_LEASE_S;
	dopt.err = stderr;
	if ((e = delivery_run(g.env.db, &dopt, &dst, msg, sizeof(msg))) !=
	    ERR_OK) {
		fprintf(stderr, "annexa schedule run: deliveries: %s\n", msg);
		goto out;
	}
	/*
	 * One line for cron's mail; non-zero when a report failed or a
	 * delivery was given up (one to be retried is not yet a failure).
	 */
	printf("annexa schedule run: %zu due, %zu generated, %zu failed in "
	    "%.2f s; deliveries: %zu sent, %zu to retry, %zu failed\n",
	    st.due, st.generated, st.failed, st.seconds, dst.sent,
	    dst.retrying, dst.failed);
	rc = st.failed > 0 || dst.failed > 0 ? EXIT_FAIL : EXIT_OK;
out:
	explicit_bzero(&auth, sizeof(auth));
	/* libcurl started with the first e-mail or webhook sent, if any. */
	curlinit_cleanup();
	pdf_free(g.env.pdf);
	mapcache_free(g.env.mapcache);
	db_close(g.env.db);
	sign_free((struct signer *)g.env.signer);
	chart_shutdown();	/* the font caches Cairo keeps for the process */
	return rc;
}

int
cmd_schedule(struct conf *c, int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error("schedule", "add, list, run, notify or "
		    "deliveries?");
	if (strcmp(argv[1], "add") == 0)
		return schedule_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return cmd_usage_error("schedule", "list takes no arguments");
		return schedule_list(c);
	}
	if (strcmp(argv[1], "run") == 0)
		return schedule_run_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "notify") == 0)
		return notify_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "deliveries") == 0)
		return deliveries_cmd(c, argc - 1, argv + 1);
	return cmd_usage_error("schedule", "add, list, run, notify or "
	    "deliveries?");
}
