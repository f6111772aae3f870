#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "valid.h"

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

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC) into *t: every field digits. */
bool
cmd_parse_utc(const char *s, time_t *t)
{
	static const int	 at[3] = { 11, 14, 17 }, max[3] = { 23, 59, 59 };
	char			 date[11];
	int32_t			 days;
	int			 v[3], i;

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!valid_date(date, &days))
		return false;
	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)s[at[i]]) ||
		    !isdigit((unsigned char)s[at[i] + 1]))
			return false;
		v[i] = (s[at[i]] - '0') * 10 + (s[at[i] + 1] - '0');
		if (v[i] > max[i])
			return false;
	}
	*t = (time_t)days * 86400 + v[0] * 3600 + v[1] * 60 + v[2];
	return true;
}
