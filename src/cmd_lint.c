/*
 * cmd_lint.c — `annexa lint mappings [--format csv|csa-ccm|oscal]
 * [SET|FILE...]`: checks mapping sets against the mechanical rules of
 * docs/mapping-rules.md (the rules themselves are in maplint.c).
 *
 * An argument is a FILE when it contains a '/' or ends in ".csv" or
 * ".json", and otherwise the name of a stored set; with no argument,
 * every stored set is checked.  A file is read the way `annexa import
 * mappings` reads it, and nothing is written to the database.
 *
 * Standard output gets one line per finding, "SET: SOURCE -> TARGET:
 * RULE: message", and nothing else, so a clean run prints nothing there;
 * standard error gets one summary line per set and any error.  Exit
 * codes: 0 every set clean, 1 findings (or the database failed), 2 a
 * usage error, a set name that is not stored or a file that cannot be
 * read, 3 a file that is not a valid mapping file.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "csa.h"
#include "db.h"
#include "fileio.h"
#include "maplint.h"
#include "mapcsv.h"
#include "mapset.h"
#include "mapstore.h"
#include "oscal.h"
#include "pool.h"

#define LINT_ARGS_MAX	64

enum lint_format {
	LINT_BY_NAME,		/* .json is OSCAL, anything else CSV */
	LINT_CSV,
	LINT_CSA,
	LINT_OSCAL
};

/* One set to check: read from a file already, or stored and loaded later. */
struct lint_item {
	struct mapset			*set;	/* or NULL: load info */
	const struct mapset_info	*info;
	const char			*file;	/* where set was read, or NULL */
};

struct lint_list {
	struct pool		*pool;
	struct lint_item	*items;
	size_t			 n;
	size_t			 cap;
};

static bool
ends_with(const char *s, const char *end)
{
	size_t	n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

/* Whether an argument names a file rather than a stored set. */
static bool
is_file(const char *arg)
{
	return strchr(arg, '/') != NULL || ends_with(arg, ".csv") ||
	    ends_with(arg, ".json");
}

static enum err
list_add(struct lint_list *l, struct mapset *set,
    const struct mapset_info *info, const char *file)
{
	struct lint_item	*n;
	size_t			 ncap;

	if (l->n == l->cap) {
		ncap = l->cap == 0 ? 16 : l->cap * 2;
		if ((n = pool_calloc(l->pool, ncap, sizeof(*n))) == NULL)
			return ERR_NOMEM;
		if (l->n > 0)
			memcpy(n, l->items, l->n * sizeof(*n));
		l->items = n;
		l->cap = ncap;
	}
	l->items[l->n].set = set;
	l->items[l->n].info = info;
	l->items[l->n].file = file;
	l->n++;
	return ERR_OK;
}

/* Reads one native CSV file as the set import would make of it. */
static enum err
read_csv(struct lint_list *l, const char *path, char *msg, size_t msgsz)
{
	struct mapset	*set;
	char		*text, base[128];
	size_t		 len;
	enum err	 e;

	if ((e = fileio_read(path, CMD_FILE_MAX, &text, &len, msg, msgsz)) !=
	    ERR_OK)
		return e;
	if ((set = mapset_new(l->pool)) == NULL) {
		free(text);
		return ERR_NOMEM;
	}
	cmd_basename(path, base, sizeof(base));
	set->name = pool_strdup(l->pool, base);
	set->origin = path;
	e = mapcsv_read(set, text, len, msg, msgsz);
	free(text);
	if (e == ERR_OK)
		e = mapset_check(set, msg, msgsz);
	if (e == ERR_OK)
		e = list_add(l, set, NULL, path);
	return e;
}

/* Reads one OSCAL mapping collection: one set per mapping. */
static enum err
read_oscal(struct lint_list *l, const char *path, char *msg, size_t msgsz)
{
	struct mapset	**sets;
	char		 *text;
	size_t		  len, n, i;
	enum err	  e;

	if ((e = fileio_read(path, CMD_FILE_MAX, &text, &len, msg, msgsz)) !=
	    ERR_OK)
		return e;
	e = oscal_read(l->pool, path, text, len, &sets, &n, msg, msgsz);
	free(text);
	for (i = 0; e == ERR_OK && i < n; i++)
		e = list_add(l, sets[i], NULL, path);
	return e;
}

/*
 * Reads paths[0..n) together as one CSA bundle; references to ids the
 * catalogs lack are dropped by the reader, as on import.
 */
static enum err
read_csa(struct lint_list *l, struct catalog_cache *cache, char **paths,
    size_t n, char *msg, size_t msgsz)
{
	struct csa_counts	  counts;
	struct mapset		**sets;
	const char		 *from;
	char			 *texts[CSA_FILES_MAX] = { 0 };
	size_t			  lens[CSA_FILES_MAX], nsets = 0, i;
	enum err		  e = ERR_OK;

	for (i = 0; i < n && e == ERR_OK; i++)
		e = fileio_read(paths[i], CMD_FILE_MAX, &texts[i], &lens[i], msg,
		    msgsz);
	if (e == ERR_OK)
		e = csa_read(l->pool, n, (const char *const *)paths,
		    (const char *const *)texts, lens, NULL, catalog_cache_has,
		    cache, &sets, &nsets, &counts, msg, msgsz);
	for (i = 0; i < n; i++)
		free(texts[i]);
	if (e != ERR_OK)
		return e;
	from = n == 1 ? paths[0] : pool_printf(l->pool, "%s and %zu more "
	    "files", paths[0], n - 1);
	if (from == NULL)
		return ERR_NOMEM;
	for (i = 0; e == ERR_OK && i < nsets; i++)
		e = list_add(l, sets[i], NULL, from);
	return e;
}

/* The stored set called name, or NULL. */
static const struct mapset_info *
find_stored(const struct mapset_info *info, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(info[i].name, name) == 0)
			return &info[i];
	return NULL;
}

/* An error while gathering the sets as an exit code (see the top). */
static int
gather_exit(enum err e)
{
	return e == ERR_IO ? EXIT_USAGE : cmd_exit_for(e);
}

/*
 * Checks one set and prints its findings and its summary line.  Adds the
 * number of findings to *total.  Memory comes from p.
 */
static enum err
lint_one(struct pool *p, const struct mapset *set, const char *file,
    struct catalog_cache *cache, size_t *total)
{
	struct maplint_finding	*f;
	size_t			 n, i;
	enum err		 e;

	if ((e = maplint_run(p, set, catalog_cache_has, cache, &f, &n)) !=
	    ERR_OK)
		return e;
	if (cache->failed)
		return ERR_DB;
	for (i = 0; i < n; i++)
		printf("%s: %s -> %s: %s: %s\n", set->name, f[i].source,
		    f[i].target, maplint_rule_name(f[i].rule), f[i].message);
	fprintf(stderr, "%s: %zu row%s, %zu finding%s%s%s%s\n", set->name,
	    set->n, set->n == 1 ? "" : "s", n, n == 1 ? "" : "s",
	    file != NULL ? " (" : "", file != NULL ? file : "",
	    file != NULL ? ")" : "");
	*total += n;
	return ERR_OK;
}

int
cmd_lint(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	enum lint_format		 format = LINT_BY_NAME;
	const struct mapset_info	*one;
	struct mapset_info		*info = NULL;
	struct catalog_cache		 cache;
	struct lint_list		 list;
	struct mapset			*set;
	struct pool			*p = NULL, *setpool = NULL;
	struct db			*db = NULL;
	char				 msg[1024], *files[LINT_ARGS_MAX];
	size_t				 ninfo = 0, nfiles = 0, total = 0, i;
	enum err			 e = ERR_OK;
	int				 ch, a, rc = EXIT_FAIL;
	bool				 csa_done = false;

	if (argc < 2 || strcmp(argv[1], "mappings") != 0)
		return cmd_usage_error("lint", "lint mappings");
	optind = 1;
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				format = LINT_CSV;
			else if (strcmp(optarg, "csa-ccm") == 0)
				format = LINT_CSA;
			else if (strcmp(optarg, "oscal") == 0)
				format = LINT_OSCAL;
			else
				return cmd_usage_error("lint", "--format must "
				    "be csv, csa-ccm or oscal");
			break;
		default:
			return cmd_usage_error("lint", "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > LINT_ARGS_MAX)
		return cmd_usage_error("lint", "at most 64 sets and files at once");
	for (a = 0; a < argc; a++)
		if (is_file(argv[a]))
			files[nfiles++] = argv[a];
	if (format != LINT_BY_NAME && nfiles == 0)
		return cmd_usage_error("lint", "--format applies to files: a FILE "
		    "contains '/' or ends in .csv or .json");
	if (format == LINT_CSA && nfiles > CSA_FILES_MAX)
		return cmd_usage_error("lint", "a CSA bundle is at most 16 files");

	memset(&list, 0, sizeof(list));
	if ((p = pool_new()) == NULL || (setpool = pool_new()) == NULL) {
		fprintf(stderr, "annexa lint: %s\n", err_strerror(ERR_NOMEM));
		goto out;
	}
	list.pool = p;
	if ((db = cmd_open_admin(c)) == NULL)
		goto out;
	catalog_cache_init(&cache, db, p);
	if ((e = mapstore_list(db, p, &info, &ninfo)) != ERR_OK)
		goto dberr;

	/* Every argument is resolved before anything is checked. */
	if (argc == 0)
		for (i = 0; i < ninfo && e == ERR_OK; i++)
			e = list_add(&list, NULL, &info[i], NULL);
	for (a = 0; a < argc && e == ERR_OK; a++) {
		if (!is_file(argv[a])) {
			if ((one = find_stored(info, ninfo, argv[a])) == NULL) {
				fprintf(stderr, "annexa lint: %s: no mapping set "
				    "of that name is stored (a FILE contains '/' "
				    "or ends in .csv or .json)\n", argv[a]);
				rc = EXIT_USAGE;
				goto out;
			}
			e = list_add(&list, NULL, one, NULL);
		} else if (format == LINT_CSA) {
			if (!csa_done)
				e = read_csa(&list, &cache, files, nfiles, msg,
				    sizeof(msg));
			csa_done = true;
		} else if (format == LINT_OSCAL || (format == LINT_BY_NAME &&
		    ends_with(argv[a], ".json")))
			e = read_oscal(&list, argv[a], msg, sizeof(msg));
		else
			e = read_csv(&list, argv[a], msg, sizeof(msg));
		if (e != ERR_OK && e != ERR_NOMEM && cache.failed)
			goto dberr;
		if (e != ERR_OK && e != ERR_NOMEM) {
			fprintf(stderr, "annexa lint: %s\n", msg);
			rc = gather_exit(e);
			goto out;
		}
	}
	if (e != ERR_OK)
		goto failed;
	if (cache.failed)
		goto dberr;
	if (list.n == 0)
		fprintf(stderr, "annexa lint: no mapping set to check\n");

	for (i = 0; i < list.n; i++) {
		pool_reset(setpool);
		set = list.items[i].set;
		if (set == NULL && (e = mapstore_get(db, setpool,
		    list.items[i].info, &set)) != ERR_OK)
			goto dberr;
		if ((e = lint_one(setpool, set, list.items[i].file, &cache,
		    &total)) == ERR_DB)
			goto dberr;
		if (e != ERR_OK)
			goto failed;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "annexa lint: cannot write the output\n");
		goto out;
	}
	rc = total > 0 ? EXIT_FAIL : EXIT_OK;
	goto out;
dberr:
	fprintf(stderr, "annexa lint: %s\n", db_errmsg(db));
	goto out;
failed:
	fprintf(stderr, "annexa lint: %s\n", err_strerror(e));
out:
	db_close(db);
	pool_free(setpool);
	pool_free(p);
	return rc;
}
