/*
 * cmd_export.c — `annexa export mappings --source FW --target FW
 * [--name SET] [--format csv|json]`: writes stored mapping sets to
 * standard output in a form `annexa import mappings` reads back.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

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

	if (argc < 2 || strcmp(argv[1], "mappings") != 0)
		return cmd_usage_error("export", "export mappings");
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
