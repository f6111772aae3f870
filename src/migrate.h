/*
 * migrate.h — `annexa migrate`: applies sql/migrations/NNNN_name.sql in
 * order, each in its own transaction under an advisory lock (so hosts
 * running it at once apply each file exactly once), recording it in
 * annexa.schema_migration.  Running it again changes nothing.
 */
#ifndef ANNEXA_MIGRATE_H
#define ANNEXA_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "errcode.h"

struct db;

/*
 * Applies (or with dry_run only lists) the pending migrations found in
 * DIR/migrations, reporting each on out.  On failure msg says which
 * file and why; nothing of that file is applied.
 */
enum err	migrate_run(struct db *, const char *sql_dir, bool dry_run,
		    FILE *out, char *msg, size_t msgsz);
/* True for a migration file name: four digits, '_', [a-z0-9_]+, ".sql". */
bool		migrate_name_valid(const char *);

#endif
