#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fileio.h"
#include "migrate.h"

#define MIGRATIONS_MAX	1000
#define MIGRATION_FILE_MAX (8 * 1024 * 1024)

bool
migrate_name_valid(const char *s)
{
	size_t	i, n = strlen(s);

	if (n < 10 || strcmp(s + n - 4, ".sql") != 0 || s[4] != '_')
		return false;
	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	for (i = 5; i < n - 4; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the migration files of dir, sorted; the caller frees each and the array. */
static enum err
list_migrations(const char *dir, char ***names, size_t *n, char *msg,
    size_t msgsz)
{
	DIR		*d;
	struct dirent	*de;
	char		**v = NULL, **nv;
	size_t		 i;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(msg, msgsz, "%s: %s", dir, strerror(errno));
		return ERR_IO;
	}
	while ((de = readdir(d)) != NULL) {
		if (!migrate_name_valid(de->d_name))
			continue;
		if (*n == MIGRATIONS_MAX ||
		    (nv = reallocarray(v, *n + 1, sizeof(*v))) == NULL) {
			closedir(d);
			goto fail;
		}
		v = nv;
		if ((v[*n] = strdup(de->d_name)) == NULL) {
			closedir(d);
			goto fail;
		}
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), name_cmp);
	for (i = 1; i < *n; i++)
		if (strncmp(v[i - 1], v[i], 4) == 0) {
			snprintf(msg, msgsz, "%s and %s share a version number",
			    v[i - 1], v[i]);
			*names = v;
			return ERR_INVALID;
		}
	*names = v;
	return ERR_OK;
fail:
	for (i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	*n = 0;
	*names = NULL;
	snprintf(msg, msgsz, "too many migration files or out of memory");
	return ERR_NOMEM;
}

/* The version number of a valid migration file name (its four digits). */
static int
atoi_version(const char *file)
{
	return (file[0] - '0') * 1000 + (file[1] - '0') * 100 +
	    (file[2] - '0') * 10 + (file[3] - '0');
}

/* True when version is among the applied ones of result r. */
static bool
is_applied(PGresult *r, const char *file)
{
	int	i, v = atoi_version(file);

	for (i = 0; i < PQntuples(r); i++)
		if (strtol(PQgetvalue(r, i, MIGRATION_APPLIED_VERSION), NULL,
		    10) == v)
			return true;
	return false;
}

/* Applies one file in its own transaction; re-checks under the lock. */
static enum err
apply_one(struct db *db, const char *dir, const char *file, bool *applied,
    char *msg, size_t msgsz)
{
	char		 path[4096], version[8];
	char		*sql = NULL;
	size_t		 len;
	const char	*params[2];
	PGresult	*r = NULL;
	enum err	 e;

	*applied = false;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path)) {
		snprintf(msg, msgsz, "%s: path too long", file);
		return ERR_INVALID;
	}
	if ((e = fileio_read(path, MIGRATION_FILE_MAX, &sql, &len, msg,
	    msgsz)) != ERR_OK)
		return e;
	if ((e = db_begin(db)) != ERR_OK ||
	    (e = db_run(db, STMT_MIGRATION_LOCK, NULL)) != ERR_OK ||
	    (e = db_exec(db, STMT_MIGRATION_APPLIED, NULL, &r)) != ERR_OK)
		goto fail;
	if (is_applied(r, file)) {	/* another host applied it meanwhile */
		PQclear(r);
		db_rollback(db);
		free(sql);
		return ERR_OK;
	}
	PQclear(r);
	snprintf(version, sizeof(version), "%d", atoi_version(file));
	params[0] = version;
	params[1] = file;
	if ((e = db_exec_script(db, sql)) != ERR_OK ||
	    (e = db_run(db, STMT_MIGRATION_RECORD, params)) != ERR_OK ||
	    (e = db_commit(db)) != ERR_OK)
		goto fail;
	free(sql);
	*applied = true;
	return ERR_OK;
fail:
	snprintf(msg, msgsz, "%s: %s", file, db_errmsg(db));
	db_rollback(db);
	free(sql);
	return e;
}

enum err
migrate_run(struct db *db, const char *sql_dir, bool dry_run, FILE *out,
    char *msg, size_t msgsz)
{
	char		 dir[4096];
	char		**names = NULL;
	size_t		 n = 0, i, done = 0;
	PGresult	*r = NULL;
	bool		 applied;
	enum err	 e;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/migrations", sql_dir) >=
	    sizeof(dir)) {
		snprintf(msg, msgsz, "sql_dir is too long");
		return ERR_INVALID;
	}
	if ((e = list_migrations(dir, &names, &n, msg, msgsz)) != ERR_OK)
		goto out;
	if ((e = db_run(db, STMT_SCHEMA_CREATE, NULL)) != ERR_OK ||
	    (e = db_run(db, STMT_MIGRATION_TABLE, NULL)) != ERR_OK ||
	    (e = db_exec(db, STMT_MIGRATION_APPLIED, NULL, &r)) != ERR_OK) {
		snprintf(msg, msgsz, "%s", db_errmsg(db));
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (is_applied(r, names[i]))
			continue;
		if (dry_run) {
			fprintf(out, "pending %s\n", names[i]);
			done++;
			continue;
		}
		if ((e = apply_one(db, dir, names[i], &applied, msg, msgsz)) != ERR_OK)
			goto out;
		if (applied) {
			fprintf(out, "applied %s\n", names[i]);
			done++;
		}
	}
	fprintf(out, dry_run ? "%zu migration(s) pending\n" :
	    "%zu migration(s) applied, schema up to date\n", done);
out:
	PQclear(r);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return e;
}
