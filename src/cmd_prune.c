/*
 * cmd_prune.c — `annexa prune --older-than DAYS`: deletes the report runs
 * made on request (API and `annexa report`) that started more than DAYS
 * days ago.  Runs that a schedule owns are kept whatever their age: they
 * are the one report of their period that scheduled generation promises.
 * Runs still running are kept too.  It connects with admin_database, the
 * role that may delete (the runtime role may not), and is meant for cron.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "model_report.h"
#include "valid.h"

/* The longest age accepted: a century, far beyond any retention policy. */
#define PRUNE_DAYS_MAX	36500

int
cmd_prune(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "older-than", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct db			*db;
	int64_t				 days = -1;
	long long			 deleted;
	enum err			 e;
	int				 ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'd')
			return cmd_usage_error("prune", "unknown option");
		if (!valid_int(optarg, 1, PRUNE_DAYS_MAX, &days))
			return cmd_usage_error("prune", "--older-than is a "
			    "number of days, 1 to 36500");
	}
	if (optind != argc)
		return cmd_usage_error("prune", "unexpected argument");
	if (days < 0)
		return cmd_usage_error("prune", "--older-than DAYS is required");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	if ((e = model_report_prune(db, (int)days, &deleted)) != ERR_OK)
		fprintf(stderr, "annexa prune: %s\n", db_errmsg(db));
	else
		printf("pruned %lld report run%s older than %lld day%s\n",
		    deleted, deleted == 1 ? "" : "s", (long long)days,
		    days == 1 ? "" : "s");
	db_close(db);
	return e == ERR_OK ? EXIT_OK : cmd_exit_for(e);
}
