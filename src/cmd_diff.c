/*
 * cmd_diff.c — `annexa diff mappings A B [--format text|csv|json]`: two
 * stored mapping sets for the same pair of frameworks, side by side
 * (mapdiff.h).  Exits as diff(1) does: 0 when the sets agree on every
 * pair, 1 when they differ, 2 on any trouble (usage, an unknown set, sets
 * about different frameworks, the database), so that 1 always means
 * "they differ".
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "mapdiff.h"
#include "mapset.h"
#include "model_gap.h"
#include "pool.h"

#define DIFF_SAME	0
#define DIFF_DIFFER	1
#define DIFF_TROUBLE	2

/* "subset 6", "no-relationship", or "-" for a side without the pair. */
static void
side_cell(const struct mapdiff_side *s, char *cell, size_t cellsz)
{
	if (s->row == NULL)
		snprintf(cell, cellsz, "-");
	else if (s->strength >= 0)
		snprintf(cell, cellsz, "%s %d", mapset_rel_name(s->rel),
		    s->strength);
	else
		snprintf(cell, cellsz, "%s", mapset_rel_name(s->rel));
}

static void
text_set(struct buf *b, const char *label, const struct mapset *s,
    bool backwards)
{
	buf_printf(b, "%s: %s (%s -> %s%s%s, %zu rows%s)\n", label, s->name,
	    s->source_fw, s->target_fw, s->version != NULL ? ", version " : "",
	    s->version != NULL ? s->version : "", s->n,
	    backwards ? ", read backwards" : "");
}

/*
 * The text form: the two sets, the counts, then one line per pair.  Set
 * names, framework and control ids are identifiers (valid_ident), so
 * nothing here can drive a terminal; notes are left to the CSV and JSON.
 */
static void
write_text(const struct mapdiff *d, struct buf *b)
{
	const struct mapdiff_pair	*x;
	char				 ca[64], cb[64];
	size_t				 i;

	text_set(b, "A", d->a, false);
	text_set(b, "B", d->b, d->b_backwards);
	if (d->b_backwards)
		buf_printf(b, "B's relationships are read from %s's side; its "
		    "strengths are as stored, measured on %s's controls\n",
		    d->source_fw, d->source_fw);
	buf_printf(b, "pairs %zu: both-agree %zu, both-differ %zu, only-a %zu, "
	    "only-b %zu\n", d->n, d->count[MAPDIFF_AGREE],
	    d->count[MAPDIFF_DIFFER], d->count[MAPDIFF_ONLY_A],
	    d->count[MAPDIFF_ONLY_B]);
	if (d->n == 0)
		return;
	buf_printf(b, "\n%-12s %-14s %-14s  %-18s  %s\n", "status",
	    "source", "target", "A", "B");
	for (i = 0; i < d->n; i++) {
		x = &d->pairs[i];
		side_cell(&x->a, ca, sizeof(ca));
		side_cell(&x->b, cb, sizeof(cb));
		buf_printf(b, "%-12s %-14s %-14s  %-18s  %s\n",
		    mapdiff_status_name(x->status), x->source_control,
		    x->target_control, ca, cb);
	}
}

int
cmd_diff(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*format = "text", *names[2], *bad;
	struct mapset			*sets[MODEL_GAP_SETS_MAX], *a, *b;
	struct mapdiff			 d;
	struct pool			*p = NULL;
	struct db			*db = NULL;
	struct buf			 out;
	char				 msg[512];
	size_t				 nsets;
	enum err			 e;
	int				 ch, rc = DIFF_TROUBLE;

	if (argc < 2 || strcmp(argv[1], "mappings") != 0)
		return cmd_usage_error("diff", "diff mappings");
	optind = 1;
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		default: return cmd_usage_error("diff", "unknown option");
		}
	}
	if (argc - optind != 2)
		return cmd_usage_error("diff", "give two mapping set names, A and B");
	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0)
		return cmd_usage_error("diff", "--format must be text, csv or json");
	names[0] = argv[optind];
	names[1] = argv[optind + 1];
	buf_init(&out, 0);
	if ((p = pool_new()) == NULL || (db = cmd_open_admin(c)) == NULL)
		goto out;
	e = model_mapsets(db, p, NULL, names, 2, sets, &nsets, &bad);
	if (e == ERR_INVALID) {
		fprintf(stderr, "annexa diff: no mapping set is named %s "
		    "(annexa export mappings --format json lists them)\n", bad);
		goto out;
	}
	if (e != ERR_OK) {
		fprintf(stderr, "annexa diff: %s\n", e == ERR_DB ||
		    e == ERR_DB_UNAVAILABLE ? db_errmsg(db) : err_strerror(e));
		goto out;
	}
	a = mapset_named(sets, nsets, names[0]);
	b = mapset_named(sets, nsets, names[1]);
	if (a == NULL || b == NULL) {
		fprintf(stderr, "annexa diff: %s\n", err_strerror(ERR_INTERNAL));
		goto out;
	}
	if ((e = mapdiff_compare(p, a, b, &d, msg, sizeof(msg))) != ERR_OK) {
		fprintf(stderr, "annexa diff: %s\n", e == ERR_INVALID ? msg :
		    err_strerror(e));
		goto out;
	}
	if (strcmp(format, "csv") == 0)
		mapdiff_write_csv(&d, &out);
	else if (strcmp(format, "json") == 0)
		mapdiff_write_json(&d, &out);
	else
		write_text(&d, &out);
	if (buf_failed(&out) || fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "annexa diff: cannot write the output\n");
		goto out;
	}
	rc = mapdiff_same(&d) ? DIFF_SAME : DIFF_DIFFER;
out:
	buf_free(&out);
	db_close(db);
	pool_free(p);
	return rc;
}
