#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"

int
cmd_exit_for(enum err e)
{
	switch (e) {
	case ERR_OK:
		return EXIT_OK;
	case ERR_INVALID:
	case ERR_TOO_LARGE:
	case ERR_NOT_FOUND:
		return EXIT_INPUT;
	default:
		return EXIT_FAIL;
	}
}

struct db *
cmd_open_admin(const struct conf *c)
{
	struct db	*db;
	enum err	 e;

	db = db_open(c->admin_database != NULL ? c->admin_database : c->database,
	    DB_DIRECT, &e);
	if (db == NULL || e != ERR_OK) {
		fprintf(stderr, "annexa: cannot connect to the database: %s\n",
		    db != NULL ? db_errmsg(db) : err_strerror(e));
		db_close(db);
		return NULL;
	}
	return db;
}

void
cmd_basename(const char *path, char *out, size_t outsz)
{
	const char	*b = strrchr(path, '/'), *dot;
	size_t		 n;

	b = b != NULL ? b + 1 : path;
	dot = strrchr(b, '.');
	n = dot != NULL && dot != b ? (size_t)(dot - b) : strlen(b);
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, b, n);
	out[n] = '\0';
}
