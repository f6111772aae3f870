/*
 * cmd_report.c — `annexa report KIND ... -o FILE|-`.
 */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "chart.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "mapcache.h"
#include "model_report.h"
#include "pdf.h"
#include "pool.h"
#include "report.h"
#include "sign.h"
#include "valid.h"

/*
 * A connection made in a thread of its own (see cmd_report), and with
 * rq set, the report's first phase on it (report_gather()).
 */
struct report_connect {
	const struct conf		*conf;
	enum db_mode			 mode;
	struct db			*db;	/* NULL after a message */
	const struct report_request	*rq;
	struct mapcache			*mapcache;
	struct report_result		*res;
	struct report_job		*job;
	const char			*field;
	char				 msg[512];
	enum err			 e;
};

static void *
report_connect_run(void *arg)
{
	struct report_connect	*rc = arg;
	struct report_env	 env;

	rc->db = cmd_open_admin_as(rc->conf, rc->mode);
	if (rc->db == NULL || rc->rq == NULL)
		return NULL;
	memset(&env, 0, sizeof(env));
	env.db = rc->db;
	env.mapcache = rc->mapcache;
	rc->e = report_gather(&env, rc->rq, &rc->job, rc->res, &rc->field,
	    rc->msg, sizeof(rc->msg));
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
cmd_report(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "org", required_argument, NULL, 'O' },
		{ "target", required_argument, NULL, 't' },
		{ "period", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "audience", required_argument, NULL, 'u' },
		{ "signing-time", required_argument, NULL, 's' },
		{ "no-record", no_argument, NULL, 'n' },
		{ "repeat", required_argument, NULL, 'R' },
		{ "watermark", required_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 }
	};
	struct report_request		 rq;
	struct report_result		 res;
	struct report_env		 env;
	struct pdf_opts			 po;
	struct report_connect		 conn;
	pthread_t			 tid;
	bool				 threaded;
	const char			*out = NULL, *field = NULL;
	char				 msg[512], who[300];
	bool				 record = true;
	long long			 run = 0;
	int64_t				 repeat = 1, i;
	double				*ms = NULL;
	FILE				*f;
	enum err			 e;
	int				 ch, rc = EXIT_FAIL;

	memset(&rq, 0, sizeof(rq));
	memset(&env, 0, sizeof(env));
	rq.generated = time(NULL);
	rq.trigger = "cli";
	cmd_requester(who, sizeof(who));
	rq.requested_by = who;
	if (argc < 2 || argv[1][0] == '-' || !report_kind_parse(argv[1], &rq.kind))
		return cmd_usage_error("report", "KIND is management-review, gap, "
		    "comparison, soa or traceability");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'O': rq.org = optarg; break;
		case 't': rq.target = optarg; break;
		case 'p': rq.period = optarg; break;
		case 'a': rq.as_of = optarg; break;
		case 'u':
			if (strcmp(optarg, "internal") != 0 &&
			    strcmp(optarg, "customer") != 0)
				return cmd_usage_error("report",
				    "--audience is internal or customer");
			rq.customer = strcmp(optarg, "customer") == 0;
			break;
		case 's':
			if (!cmd_parse_utc(optarg, &rq.generated))
				return cmd_usage_error("report", "--signing-time is "
				    "YYYY-MM-DDTHH:MM:SSZ");
			rq.time_pinned = true;
			break;
		case 'n': record = false; break;
		case 'R':
			if (!valid_int(optarg, 1, 100000, &repeat))
				return cmd_usage_error("report", "--repeat is 1 to "
				    "100000");
			break;
		case 'W':
			/* The line a share link's download carries (share.h). */
			if (!valid_text(optarg, 500) || strchr(optarg, '\n') ||
			    strchr(optarg, '\t'))
				return cmd_usage_error("report", "--watermark is "
				    "one line of 1 to 500 bytes of text");
			rq.watermark = optarg;
			break;
		default: return cmd_usage_error("report", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("report", "unexpected argument");
	if (rq.org == NULL || !valid_ident(rq.org))
		return cmd_usage_error("report", "--org ORG is required");
	if (out == NULL)
		return cmd_usage_error("report", "-o FILE (or - for standard "
		    "output) is required");
	if (rq.target != NULL && !valid_ident(rq.target))
		return cmd_usage_error("report", "--target: not a framework id");
	/*
	 * A recorded report is answered from the stored run of an identical
	 * request (same data, signer and, when pinned, signing time), as the
	 * API does; --no-record and --repeat always generate.
	 */
	rq.store = record && repeat == 1 ? REPORT_REUSE : REPORT_FRESH;
	memset(&res, 0, sizeof(res));
	buf_init(&res.pdf, 0);
	/*
	 * A new connection's server process takes a while to start and then
	 * to answer its first queries (about 50 ms for a management review
	 * on the development machine, against 10 ms warm): connect and read
	 * the report's data in a thread while this one loads the signing
	 * key and the fonts; without a thread, one after the other.  Many
	 * reports in one process (--repeat) prepare their statements once
	 * and are made whole, one after the other, below.
	 */
	memset(&conn, 0, sizeof(conn));
	conn.conf = c;
	conn.mode = repeat > 1 ? DB_PREPARED : DB_DIRECT;
	/* The mapping sets are loaded once for all repeats, as a server
	 * thread does. */
	if ((env.mapcache = mapcache_new()) == NULL)
		goto out;
	mapcache_begin_request(env.mapcache);
	if (repeat == 1) {
		conn.rq = &rq;
		conn.mapcache = env.mapcache;
		conn.res = &res;
	}
	threaded = pthread_create(&tid, NULL, report_connect_run, &conn) == 0;
	env.signer = cmd_load_signer(c, true);
	memset(&po, 0, sizeof(po));
	po.font_dir = c->font_dir;
	env.font_dir = c->font_dir;
	if (env.signer != NULL)
		env.pdf = pdf_new(&po);
	if (threaded)
		pthread_join(tid, NULL);
	else
		report_connect_run(&conn);
	env.db = conn.db;
	if (env.signer == NULL || env.db == NULL || env.pdf == NULL)
		goto out;
	/*
	 * --repeat N (for scripts/bench): generate and sign N times in this
	 * process and report the median and 95th percentile; the file and
	 * the record are of the last one.
	 */
	if ((ms = calloc((size_t)repeat, sizeof(*ms))) == NULL)
		goto out;
	if (repeat == 1) {
		/* The data were read while the key and fonts loaded. */
		e = conn.e;
		field = conn.field;
		snprintf(msg, sizeof(msg), "%s", conn.msg);
		if (e == ERR_OK)
			e = report_render(&env, conn.job, &res, &field, msg,
			    sizeof(msg));
	} else
		for (i = 0, e = ERR_OK; i < repeat && e == ERR_OK; i++) {
			buf_free(&res.pdf);
			memset(&res, 0, sizeof(res));
			buf_init(&res.pdf, 0);
			mapcache_begin_request(env.mapcache);
			e = report_generate(&env, &rq, &res, &field, msg,
			    sizeof(msg));
			ms[i] = res.generate_ms + res.sign_ms;
		}
	if (e == ERR_OK && repeat > 1) {
		qsort(ms, (size_t)repeat, sizeof(*ms), cmp_double);
		printf("%s: %lld runs, median %.2f ms, p95 %.2f ms (generate and "
		    "sign), %d pages, %zu bytes\n", report_kind_name(rq.kind),
		    (long long)repeat, ms[repeat / 2],
		    ms[(size_t)((double)repeat * 0.95) < (size_t)repeat ?
		    (size_t)((double)repeat * 0.95) : (size_t)repeat - 1],
		    res.pages, res.pdf.len);
	}
	run = res.run_id;
	if (e == ERR_OK && record && run == 0)
		e = report_record(env.db, &rq, &res, sign_fingerprint(env.signer),
		    &run);
	if (e != ERR_OK) {
		fprintf(stderr, "annexa report: %s%s%s\n", field != NULL ? field : "",
		    field != NULL ? ": " : "", msg[0] != '\0' ? msg :
		    (e == ERR_DB || e == ERR_DB_UNAVAILABLE) ? db_errmsg(env.db) :
		    err_strerror(e));
		rc = cmd_exit_for(e);
		goto out;
	}
	f = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
	if (f == NULL || fwrite(res.pdf.data, 1, res.pdf.len, f) != res.pdf.len ||
	    (f != stdout && fclose(f) != 0) || (f == stdout && fflush(f) != 0)) {
		fprintf(stderr, "annexa report: cannot write %s\n", out);
		goto out;
	}
	if (res.run_id != 0)
		fprintf(stderr, "%s: %d pages, %zu bytes, the stored report of an "
		    "identical request; sha256 %s; report id %s; report run "
		    "%lld\n", res.filename, res.pages, res.pdf.len, res.sha256,
		    res.report_id, run);
	else
		fprintf(stderr, "%s: %d pages, %zu bytes, generated in %.1f ms, "
		    "signed in %.1f ms; sha256 %s; report id %s%s", res.filename,
		    res.pages, res.pdf.len, res.generate_ms, res.sign_ms,
		    res.sha256, res.report_id, record ? "" : "\n");
	if (record && res.run_id == 0)
		fprintf(stderr, "; report run %lld\n", run);
	rc = EXIT_OK;
out:
	report_job_free(conn.job);
	free(ms);
	buf_free(&res.pdf);
	pdf_free(env.pdf);
	mapcache_free(env.mapcache);
	db_close(env.db);
	sign_free((struct signer *)env.signer);
	chart_shutdown();	/* the font caches Cairo keeps for the process */
	return rc;
}
