/*
 * cmd_export.c — `annexa export mappings --source FW --target FW
 * [--name SET] [--format csv|json]`: writes stored mapping sets to
 * standard output in a form `annexa import mappings` reads back.
 *
 * `annexa export NAME --org ORG --format xlsx -o FILE` writes a workbook
 * (soa, gap, comparison, readiness, reviews) through the report registry
 * and records it as a report run, as `annexa report` does for PDFs.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "jw.h"
#include "mapcsv.h"
#include "mapset.h"
#include "mapstore.h"
#include "oscal.h"
#include "pool.h"
#include "report.h"
#include "valid.h"

/* One set as annexa's JSON (the shape of the mappings API). */
static void
write_json_set(struct jw *j, const struct mapset *set)
{
	const struct mapping_row	*r;
	size_t				 i;

	jw_object_open(j);
	jw_kv_string(j, "name", set->name);
	jw_kv_string(j, "source", set->source_fw);
	jw_kv_string(j, "target", set->target_fw);
	jw_kv_string(j, "provenance", set->provenance);
	jw_kv_string(j, "version", set->version);
	jw_key(j, "mappings");
	jw_array_open(j);
	for (i = 0; i < set->n; i++) {
		r = &set->rows[i];
		jw_object_open(j);
		jw_kv_string(j, "source_control", r->source_control);
		jw_kv_string(j, "target_control", r->target_control);
		jw_kv_string(j, "relationship", mapset_rel_name(r->rel));
		jw_key(j, "strength");
		if (r->strength >= 0)
			jw_int(j, r->strength);
		else
			jw_null(j);
		jw_kv_string(j, "rationale", r->rationale);
		jw_kv_string(j, "confidence", r->confidence);
		jw_kv_string(j, "note", r->note);
		if (r->gap_level != NULL)
			jw_kv_string(j, "gap_level", r->gap_level);
		if (r->addendum != NULL)
			jw_kv_string(j, "addendum", r->addendum);
		jw_object_close(j);
	}
	jw_array_close(j);
	jw_object_close(j);
}

static int
cmp_ms(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
export_usage(const char *why)
{
	return cmd_usage_error("export", why);
}

/* Writes all of b to path ("-": standard output); false on failure. */
static bool
write_out(const char *path, const struct buf *b)
{
	FILE	*f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");

	if (f == NULL)
		return false;
	if (fwrite(b->data, 1, b->len, f) != b->len) {
		if (f != stdout)
			fclose(f);
		return false;
	}
	return f == stdout ? fflush(f) == 0 : fclose(f) == 0;
}

/*
 * `annexa export NAME --org ORG --format xlsx -o FILE [--target FW]
 * [--period P] [--as-of DATE] [--audience internal|customer]
 * [--generated-at TIME] [--no-record] [--repeat N]`.  A recorded workbook
 * is answered from the stored run of an identical request, as the API
 * does; --no-record and --repeat always generate.
 */
static int
export_workbook(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "org", required_argument, NULL, 'O' },
		{ "target", required_argument, NULL, 't' },
		{ "period", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "audience", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "generated-at", required_argument, NULL, 'g' },
		{ "no-record", no_argument, NULL, 'n' },
		{ "repeat", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct report_request	 rq;
	struct report_result	 res;
	struct report_env	 env;
	const char		*out = NULL, *format = NULL, *field = NULL;
	char			 msg[512], who[300];
	bool			 record = true;
	long long		 run = 0;
	int64_t			 repeat = 1, i;
	double			*ms = NULL;
	enum err		 e = ERR_OK;
	int			 ch, rc = EXIT_FAIL;

	memset(&rq, 0, sizeof(rq));
	memset(&env, 0, sizeof(env));
	rq.generated = time(NULL);
	rq.trigger = "cli";
	cmd_requester(who, sizeof(who));
	rq.requested_by = who;
	rq.format = REPORT_XLSX;
	if (!report_kind_parse_format(argv[1], REPORT_XLSX, &rq.kind))
		return export_usage("NAME is mappings, or a workbook: soa, gap, "
		    "comparison, readiness or reviews");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'O': rq.org = optarg; break;
		case 't': rq.target = optarg; break;
		case 'p': rq.period = optarg; break;
		case 'a': rq.as_of = optarg; break;
		case 'f': format = optarg; break;
		case 'u':
			if (strcmp(optarg, "internal") != 0 &&
			    strcmp(optarg, "customer") != 0)
				return export_usage("--audience is internal or "
				    "customer");
			rq.customer = strcmp(optarg, "customer") == 0;
			break;
		case 'g':
			if (!cmd_parse_utc(optarg, &rq.generated))
				return export_usage("--generated-at is "
				    "YYYY-MM-DDTHH:MM:SSZ");
			rq.time_pinned = true;
			break;
		case 'n': record = false; break;
		case 'R':
			if (!valid_int(optarg, 1, 100000, &repeat))
				return export_usage("--repeat is 1 to 100000");
			break;
		default: return export_usage("unknown option");
		}
	}
	if (optind != argc)
		return export_usage("unexpected argument");
	if (format == NULL || strcmp(format, "xlsx") != 0)
		return export_usage("--format: a workbook is --format xlsx");
	if (rq.org == NULL || !valid_ident(rq.org))
		return export_usage("--org ORG is required");
	if (out == NULL)
		return export_usage("-o FILE (or - for standard output) is "
		    "required");
	if (rq.target != NULL && !valid_ident(rq.target))
		return export_usage("--target: not a framework id");
	rq.store = record && repeat == 1 ? REPORT_REUSE : REPORT_FRESH;
	memset(&res, 0, sizeof(res));
	buf_init(&res.pdf, 0);
	if ((env.db = cmd_open_admin(c)) == NULL)
		goto out;
	/*
	 * --repeat N (scripts/bench): N generations in this process, the
	 * median and 95th percentile; the file is of the last one.
	 */
	if ((ms = calloc((size_t)repeat, sizeof(*ms))) == NULL)
		goto out;
	for (i = 0; i < repeat && e == ERR_OK; i++) {
		buf_free(&res.pdf);
		memset(&res, 0, sizeof(res));
		buf_init(&res.pdf, 0);
		e = report_generate(&env, &rq, &res, &field, msg, sizeof(msg));
		ms[i] = res.generate_ms;
	}
	if (e == ERR_OK && repeat > 1) {
		qsort(ms, (size_t)repeat, sizeof(*ms), cmp_ms);
		printf("%s.xlsx: %lld runs, median %.2f ms, p95 %.2f ms, %d "
		    "sheets, %zu bytes\n", report_kind_name(rq.kind),
		    (long long)repeat, ms[repeat / 2],
		    ms[(size_t)((double)repeat * 0.95) < (size_t)repeat ?
		    (size_t)((double)repeat * 0.95) : (size_t)repeat - 1],
		    res.pages, res.pdf.len);
	}
	run = res.run_id;
	if (e == ERR_OK && record && run == 0)
		e = report_record(env.db, &rq, &res, NULL, &run);
	if (e != ERR_OK) {
		fprintf(stderr, "annexa export: %s%s%s\n", field != NULL ? field :
		    "", field != NULL ? ": " : "", msg[0] != '\0' ? msg :
		    (e == ERR_DB || e == ERR_DB_UNAVAILABLE) ? db_errmsg(env.db) :
		    err_strerror(e));
		rc = cmd_exit_for(e);
		goto out;
	}
	if (!write_out(out, &res.pdf)) {
		fprintf(stderr, "annexa export: cannot write %s\n", out);
		goto out;
	}
	fprintf(stderr, "%s: %d sheets, %zu bytes%s; sha256 %s; report id %s",
	    res.filename, res.pages, res.pdf.len, res.run_id != 0 ?
	    ", the stored workbook of an identical request" : "", res.sha256,
	    res.report_id);
	if (record)
		fprintf(stderr, "; report run %lld", run);
	fprintf(stderr, "; not signed\n");
	rc = EXIT_OK;
out:
	free(ms);
	buf_free(&res.pdf);
	db_close(env.db);
	return rc;
}

int
cmd_export(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "target", required_argument, NULL, 't' },
		{ "name", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*source = NULL, *target = NULL, *name = NULL;
	const char			*format = "csv";
	struct mapset_info		*info;
	struct mapset			*sets[256];
	struct pool			*p = NULL;
	struct db			*db = NULL;
	struct buf			 out;
	struct jw			 j;
	size_t				 n, i, nsets = 0;
	enum err			 e;
	int				 ch, rc = EXIT_FAIL;

	if (argc >= 2 && argv[1][0] != '-' && strcmp(argv[1], "mappings") != 0)
		return export_workbook(c, argc, argv);
	if (argc < 2 || strcmp(argv[1], "mappings") != 0)
		return cmd_usage_error("export", "export mappings, or export NAME "
		    "--org ORG --format xlsx -o FILE");
	optind = 1;
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': source = optarg; break;
		case 't': target = optarg; break;
		case 'n': name = optarg; break;
		case 'f': format = optarg; break;
		default: return cmd_usage_error("export", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("export", "unexpected argument");
	if ((source == NULL || target == NULL) && name == NULL)
		return cmd_usage_error("export", "give --source and --target, or --name");
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "oscal") != 0)
		return cmd_usage_error("export", "--format must be csv, json or oscal");
	buf_init(&out, 0);
	if ((p = pool_new()) == NULL || (db = cmd_open_admin(c)) == NULL)
		goto out;
	if ((e = mapstore_list(db, p, &info, &n)) != ERR_OK)
		goto dberr;
	for (i = 0; i < n && nsets < 256; i++) {
		if (name != NULL && strcmp(info[i].name, name) != 0)
			continue;
		if (source != NULL && strcmp(info[i].source_fw, source) != 0)
			continue;
		if (target != NULL && strcmp(info[i].target_fw, target) != 0)
			continue;
		if ((e = mapstore_get(db, p, &info[i], &sets[nsets])) != ERR_OK)
			goto dberr;
		nsets++;
	}
	if (nsets == 0) {
		fprintf(stderr, "annexa export: no mapping set matches\n");
		rc = EXIT_INPUT;
		goto out;
	}
	if (strcmp(format, "csv") == 0) {
		if (nsets > 1) {
			fprintf(stderr, "annexa export: %zu sets match; a CSV file "
			    "holds one: add --name (one of:", nsets);
			for (i = 0; i < nsets; i++)
				fprintf(stderr, " %s", sets[i]->name);
			fprintf(stderr, ")\n");
			rc = EXIT_USAGE;
			goto out;
		}
		mapcsv_write(sets[0], &out);
	} else if (strcmp(format, "oscal") == 0) {
		char	msg[512];

		if (oscal_write((const struct mapset *const *)sets, nsets, &out,
		    msg, sizeof(msg)) != ERR_OK) {
			fprintf(stderr, "annexa export: %s\n", msg);
			goto out;
		}
	} else {
		jw_init(&j, &out);
		jw_object_open(&j);
		jw_key(&j, "mapping_sets");
		jw_array_open(&j);
		for (i = 0; i < nsets; i++)
			write_json_set(&j, sets[i]);
		jw_array_close(&j);
		jw_object_close(&j);
		buf_putc(&out, '\n');
	}
	if (buf_failed(&out) || fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "annexa export: cannot write the output\n");
		goto out;
	}
	rc = EXIT_OK;
	goto out;
dberr:
	fprintf(stderr, "annexa export: %s\n", db_errmsg(db));
out:
	buf_free(&out);
	db_close(db);
	pool_free(p);
	return rc;
}
