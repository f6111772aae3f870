/*
 * cmd_schedule.c — `annexa schedule add|list|run` (docs/reports.md).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "mapcache.h"
#include "pdf.h"
#include "privdrop.h"
#include "report.h"
#include "schedule.h"
#include "sign.h"
#include "valid.h"

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
		{ NULL, 0, NULL, 0 }
	};
	static const char *const freqs[] =
	    { "weekly", "monthly", "quarterly", "yearly", NULL };
	const char			*v[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
	enum report_kind		 kind;
	struct db			*db;
	PGresult			*r;
	enum err			 e;
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
		default: return cmd_usage_error("schedule", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("schedule", "unexpected argument");
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
	if ((e = db_exec(db, STMT_SCHED_ADD, v, &r)) != ERR_OK) {
		bool	fk = strcmp(db_sqlstate(db), "23503") == 0;
		bool	dup = strcmp(db_sqlstate(db), "23505") == 0;

		fprintf(stderr, "annexa schedule: %s\n", fk ?
		    "--org: no such organisation" : dup ? "the same schedule "
		    "exists already (schedule list)" : db_errmsg(db));
		db_close(db);
		return fk || dup ? EXIT_INPUT : EXIT_FAIL;
	}
	printf("schedule %s: %s %s for %s, first due %s (period %s)\n",
	    PQgetvalue(r, 0, SCHED_ADD_ID), v[2], v[1], v[0],
	    PQgetvalue(r, 0, SCHED_ADD_FIRST_DUE),
	    PQgetvalue(r, 0, SCHED_ADD_PERIOD));
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
	printf("%-5s %-16s %-18s %-10s %-14s %-9s %-3s %-11s %-9s %s\n", "ID",
	    "ORG", "REPORT", "FREQUENCY", "TARGET", "AUDIENCE", "ON", "NEXT DUE",
	    "PERIOD", "LAST RUN");
	for (i = 0; i < PQntuples(r); i++)
		printf("%-5s %-16s %-18s %-10s %-14s %-9s %-3s %-11s %-9s %s\n",
		    PQgetvalue(r, i, SCHED_LIST_ID),
		    PQgetvalue(r, i, SCHED_LIST_ORG),
		    PQgetvalue(r, i, SCHED_LIST_KIND),
		    PQgetvalue(r, i, SCHED_LIST_FREQUENCY),
		    PQgetvalue(r, i, SCHED_LIST_TARGET),
		    PQgetvalue(r, i, SCHED_LIST_AUDIENCE),
		    PQgetvalue(r, i, SCHED_LIST_ENABLED),
		    PQgetvalue(r, i, SCHED_LIST_NEXT_DUE),
		    PQgetvalue(r, i, SCHED_LIST_PERIOD),
		    PQgetvalue(r, i, SCHED_LIST_LAST_RUN));
	PQclear(r);
	db_close(db);
	return EXIT_OK;
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
	struct gen_env			 g;
	struct pdf_opts			 po;
	char				 msg[512];
	int64_t				 n;
	enum err			 e;
	int				 ch, rc = EXIT_FAIL;

	memset(&so, 0, sizeof(so));
	memset(&g, 0, sizeof(g));
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
	if ((g.env.signer = cmd_load_signer(c, true)) == NULL)
		return EXIT_FAIL;
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
	/* One line for cron's mail; non-zero only when a report failed. */
	printf("annexa schedule run: %zu due, %zu generated, %zu failed in %.2f s\n",
	    st.due, st.generated, st.failed, st.seconds);
	rc = st.failed > 0 ? EXIT_FAIL : EXIT_OK;
out:
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
		return cmd_usage_error("schedule", "add, list or run?");
	if (strcmp(argv[1], "add") == 0)
		return schedule_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return cmd_usage_error("schedule", "list takes no arguments");
		return schedule_list(c);
	}
	if (strcmp(argv[1], "run") == 0)
		return schedule_run_cmd(c, argc - 1, argv + 1);
	return cmd_usage_error("schedule", "add, list or run?");
}
