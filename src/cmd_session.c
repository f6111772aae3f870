/*
 * cmd_session.c — `annexa session list|revoke`: the browser sessions,
 * through the administrative connection.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "session.h"
#include "valid.h"

int
cmd_session(struct conf *c, int argc, char **argv)
{
	struct db	*db;
	int64_t		 id;
	enum err	 e;

	if (argc < 2)
		return cmd_usage_error("session", "list or revoke?");
	if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return cmd_usage_error("session", "list takes no arguments");
		if ((db = cmd_open_admin(c)) == NULL)
			return EXIT_FAIL;
		if ((e = session_list(db, c->session_idle, stdout)) != ERR_OK)
			fprintf(stderr, "annexa session: %s\n", db_errmsg(db));
		db_close(db);
		return cmd_exit_for(e);
	}
	if (strcmp(argv[1], "revoke") == 0) {
		if (argc != 3 || !valid_int(argv[2], 1, INT64_MAX / 2, &id))
			return cmd_usage_error("session",
			    "revoke takes one session ID");
		if ((db = cmd_open_admin(c)) == NULL)
			return EXIT_FAIL;
		e = session_end(db, argv[2], NULL);
		if (e == ERR_OK)
			printf("session %s revoked\n", argv[2]);
		else if (e == ERR_NOT_FOUND)
			fprintf(stderr, "annexa session: no open session %s\n",
			    argv[2]);
		else
			fprintf(stderr, "annexa session: %s\n", db_errmsg(db));
		db_close(db);
		return cmd_exit_for(e);
	}
	return cmd_usage_error("session", "list or revoke?");
}
