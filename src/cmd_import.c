/*
 * cmd_import.c — `annexa import catalog|mappings|org FILE...`.  Every import
 * is all-or-nothing: one transaction, and an error names the file, the
 * line (or JSON location) and the field.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "csa.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "fileio.h"
#include "mapcsv.h"
#include "mapset.h"
#include "mapstore.h"
#include "orgimport.h"
#include "oscal.h"
#include "oscalcat.h"
#include "pool.h"
#include "valid.h"

#define IMPORT_FILES_MAX	64
#define IMPORT_SETS_MAX		256

/* Reads every file whole; texts and lens are parallel to argv. */
static enum err
read_files(int argc, char **argv, char **texts, size_t *lens, char *msg,
    size_t msgsz)
{
	enum err	e;
	int		i;

	for (i = 0; i < argc; i++)
		if ((e = fileio_read(argv[i], CMD_FILE_MAX, &texts[i], &lens[i],
		    msg, msgsz)) != ERR_OK)
			return e;
	return ERR_OK;
}

static void
print_csa_counts(const struct csa_counts *n)
{
	printf("csa-ccm: %zu CCM controls, %zu references (%zu more from "
	    "ranges): %zu taken as %zu mapping rows; skipped: %zu clause-level, "
	    "%zu category-level, %zu unknown to the catalog, %zu of standards "
	    "annexa has no catalog for, %zu \"No Mapping\", %zu malformed\n",
	    n->controls, n->references, n->expanded, n->taken, n->rows,
	    n->clause_level, n->category_level, n->unknown, n->other_framework,
	    n->no_mapping, n->malformed);
}

/* One OSCAL catalog file: read, checked whole, written in one transaction. */
static enum err
import_oscal_catalog(struct db *db, const char *path,
    const struct oscalcat_opts *given, char *msg, size_t msgsz)
{
	struct oscalcat_opts	 o = *given;
	struct oscalcat_counts	 n;
	struct catalog_result	 res;
	struct catalog_doc	 doc;
	struct pool		*p;
	char			*text = NULL, stem[VALID_IDENT_MAX + 2];
	size_t			 len;
	enum err		 e;

	if ((p = pool_new()) == NULL)
		return ERR_NOMEM;
	cmd_basename(path, stem, sizeof(stem));
	o.file_stem = stem;
	if ((e = fileio_read(path, OSCALCAT_FILE_MAX, &text, &len, msg,
	    msgsz)) == ERR_OK &&
	    (e = oscalcat_read(p, path, text, len, &o, &doc, &n, msg,
	    msgsz)) == ERR_OK &&
	    (e = catalog_write(db, path, &doc, &res, msg, msgsz)) == ERR_OK)
		printf("%s: %zu groups, %zu controls (%zu enhancements), %zu "
		    "withdrawn skipped; %zu added, %zu updated\n", res.framework,
		    n.groups, n.controls, n.enhancements, n.withdrawn,
		    res.added, res.updated);
	free(text);
	pool_free(p);
	return e;
}

static int
import_catalog(struct db *db, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "framework", required_argument, NULL, 'F' },
		{ "name", required_argument, NULL, 'n' },
		{ "publisher", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct oscalcat_opts		 o;
	struct catalog_result		 res;
	const char			*format = "json";
	char				 msg[1024];
	enum err			 e = ERR_OK;
	int				 ch, i;

	memset(&o, 0, sizeof(o));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			format = optarg;
			break;
		case 'F':
			o.framework = optarg;
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'p':
			o.publisher = optarg;
			break;
		default:
			return cmd_usage_error("import", "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return cmd_usage_error("import", "no FILE given");
	if (strcmp(format, "json") != 0 && strcmp(format, "oscal") != 0)
		return cmd_usage_error("import", "a catalog's --format must be "
		    "json or oscal");
	if (strcmp(format, "json") == 0 && (o.framework != NULL ||
	    o.name != NULL || o.publisher != NULL))
		return cmd_usage_error("import", "--framework, --name and "
		    "--publisher apply to --format oscal; annexa's catalog JSON "
		    "states them itself");
	if (argc > 1 && (o.framework != NULL || o.name != NULL))
		return cmd_usage_error("import", "--framework and --name name "
		    "one framework: give one FILE");
	for (i = 0; i < argc && e == ERR_OK; i++) {
		if (strcmp(format, "oscal") == 0)
			e = import_oscal_catalog(db, argv[i], &o, msg,
			    sizeof(msg));
		else if ((e = catalog_import_file(db, argv[i], &res, msg,
		    sizeof(msg))) == ERR_OK)
			printf("%s: %zu controls added, %zu updated\n",
			    res.framework, res.added, res.updated);
		if (e != ERR_OK)
			fprintf(stderr, "annexa import: %s\n", msg);
	}
	return cmd_exit_for(e);
}

/* Reads every native CSV file into its own set. */
static enum err
read_csv_sets(struct pool *p, int argc, char **argv, const char *name,
    struct mapset **sets, size_t *nsets, char *msg, size_t msgsz)
{
	char		*text, base[128];
	size_t		 len;
	struct mapset	*set;
	enum err	 e;
	int		 i;

	*nsets = 0;
	for (i = 0; i < argc; i++) {
		if ((e = fileio_read(argv[i], CMD_FILE_MAX, &text, &len, msg,
		    msgsz)) != ERR_OK)
			return e;
		if ((set = mapset_new(p)) == NULL) {
			free(text);
			return ERR_NOMEM;
		}
		cmd_basename(argv[i], base, sizeof(base));
		set->name = pool_strdup(p, name != NULL ? name : base);
		set->origin = argv[i];
		e = mapcsv_read(set, text, len, msg, msgsz);
		free(text);
		if (e != ERR_OK)
			return e;
		sets[(*nsets)++] = set;
	}
	return ERR_OK;
}

static int
import_mappings(struct db *db, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct mapset			*sets[IMPORT_SETS_MAX], **got;
	const char			*format = "csv", *name = NULL;
	struct catalog_cache		 known;
	struct csa_counts		 counts;
	struct pool			*p = NULL;
	char				 msg[1024], *texts[IMPORT_FILES_MAX] = { 0 };
	size_t				 lens[IMPORT_FILES_MAX], nsets = 0, ngot, i;
	enum err			 e;
	int				 ch, f;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			format = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			return cmd_usage_error("import", "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return cmd_usage_error("import", "no FILE given");
	if (argc > IMPORT_FILES_MAX)
		return cmd_usage_error("import", "at most 64 files at once");
	if (strcmp(format, "csv") != 0 && strcmp(format, "csa-ccm") != 0 &&
	    strcmp(format, "oscal") != 0)
		return cmd_usage_error("import", "--format must be csv, csa-ccm or oscal");
	if (name != NULL && argc > 1 && strcmp(format, "csv") == 0)
		return cmd_usage_error("import", "--name names one set: give one FILE");
	if (name != NULL && strcmp(format, "oscal") == 0)
		return cmd_usage_error("import", "--name does not apply to OSCAL: "
		    "each mapping in the collection names its set");
	if ((p = pool_new()) == NULL)
		return EXIT_FAIL;
	if (strcmp(format, "csv") == 0) {
		e = read_csv_sets(p, argc, argv, name, sets, &nsets, msg,
		    sizeof(msg));
		if (e != ERR_OK)
			goto out;
	} else if ((e = read_files(argc, argv, texts, lens, msg,
	    sizeof(msg))) != ERR_OK)
		goto out;
	if (strcmp(format, "csa-ccm") == 0) {
		/* --name is the prefix of the sets' names. */
		catalog_cache_init(&known, db, p);
		e = csa_read(p, (size_t)argc, (const char *const *)argv,
		    (const char *const *)texts, lens, name, catalog_cache_has,
		    &known, &got, &ngot, &counts, msg, sizeof(msg));
		if (e == ERR_OK && known.failed) {
			snprintf(msg, sizeof(msg), "%s", db_errmsg(db));
			e = ERR_DB;
		}
		if (e != ERR_OK)
			goto out;
		print_csa_counts(&counts);
		for (i = 0; i < ngot && nsets < IMPORT_SETS_MAX; i++)
			sets[nsets++] = got[i];
	} else if (strcmp(format, "oscal") == 0) {
		for (f = 0; f < argc; f++) {
			if ((e = oscal_read(p, argv[f], texts[f], lens[f], &got,
			    &ngot, msg, sizeof(msg))) != ERR_OK)
				goto out;
			for (i = 0; i < ngot && nsets < IMPORT_SETS_MAX; i++)
				sets[nsets++] = got[i];
		}
	}
	if ((e = db_begin(db)) != ERR_OK) {
		snprintf(msg, sizeof(msg), "%s", db_errmsg(db));
		goto out;
	}
	for (i = 0; i < nsets; i++)
		if ((e = mapstore_put(db, sets[i], msg, sizeof(msg))) != ERR_OK) {
			db_rollback(db);
			goto out;
		}
	if ((e = db_commit(db)) != ERR_OK) {
		snprintf(msg, sizeof(msg), "%s", db_errmsg(db));
		goto out;
	}
	for (i = 0; i < nsets; i++)
		printf("%s: %s -> %s, %zu mappings\n", sets[i]->name,
		    sets[i]->source_fw, sets[i]->target_fw, sets[i]->n);
out:
	if (e != ERR_OK)
		fprintf(stderr, "annexa import: %s\n", msg);
	for (f = 0; f < IMPORT_FILES_MAX; f++)
		free(texts[f]);
	pool_free(p);
	return cmd_exit_for(e);
}

static int
import_org(struct db *db, int argc, char **argv)
{
	struct orgimport_result	 res;
	char			 msg[1024], *text;
	size_t			 len, i;
	enum err		 e = ERR_OK;
	int			 f;

	for (f = 0; f < argc && e == ERR_OK; f++) {
		if ((e = fileio_read(argv[f], ORGIMPORT_FILE_MAX, &text, &len, msg,
		    sizeof(msg))) != ERR_OK) {
			fprintf(stderr, "annexa import: %s\n", msg);
			break;
		}
		e = orgimport_text(db, argv[f], text, len, &res, msg, sizeof(msg));
		free(text);
		if (e != ERR_OK) {
			fprintf(stderr, "annexa import: %s\n", msg);
			break;
		}
		printf("%s:", res.org);
		for (i = 0; i < res.nsections; i++)
			printf(" %zu %s%s", res.counts[i], orgimport_section_name(i),
			    i + 1 < res.nsections ? "," : "\n");
	}
	return cmd_exit_for(e);
}

int
cmd_import(struct conf *c, int argc, char **argv)
{
	struct db	*db;
	int		 rc;

	if (argc < 2)
		return cmd_usage_error("import", "what to import is missing");
	if (strcmp(argv[1], "catalog") != 0 && strcmp(argv[1], "mappings") != 0 &&
	    strcmp(argv[1], "org") != 0)
		return cmd_usage_error("import", "import catalog, mappings or org");
	if (argc < 3)
		return cmd_usage_error("import", "no FILE given");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	if (strcmp(argv[1], "catalog") == 0)
		rc = import_catalog(db, argc - 1, argv + 1);
	else if (strcmp(argv[1], "org") == 0)
		rc = import_org(db, argc - 2, argv + 2);
	else
		rc = import_mappings(db, argc - 1, argv + 1);
	/*
	 * Statistics for what was loaded (db_stmt.c): an aid to the planner,
	 * so a failure here does not fail the import.
	 */
	if (rc == EXIT_OK)
		(void)db_run(db, STMT_ANALYZE_DATA, NULL);
	db_close(db);
	return rc;
}
