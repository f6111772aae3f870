/*
 * cmd_migrate.c — `annexa migrate [--dry-run]`: applies the schema
 * migrations not yet applied, through the administrative connection.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "migrate.h"

int
cmd_migrate(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct db			*db;
	char				 msg[1024];
	bool				 dry = false;
	enum err			 e;
	int				 ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'n')
			return cmd_usage_error("migrate", "unknown option");
		dry = true;
	}
	if (optind != argc)
		return cmd_usage_error("migrate", "unexpected argument");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = migrate_run(db, c->sql_dir, dry, stdout, msg, sizeof(msg));
	if (e != ERR_OK)
		fprintf(stderr, "annexa migrate: %s\n", msg);
	db_close(db);
	return e == ERR_OK ? EXIT_OK : EXIT_FAIL;
}
