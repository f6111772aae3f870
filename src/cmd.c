/*
 * cmd.c — the table of subcommands and the helpers they share.  The
 * subcommands themselves are in cmd_NAME.c, one file each; main.c only
 * reads the global options and dispatches through cmd_find().
 */
#include "config.h"

#include <ctype.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "sign.h"
#include "valid.h"

/*
 * One row per subcommand, in the order annexa --help lists them.
 * tests/e2e/manpages.sh reads this table: each name must be described in
 * annexa(1).
 */
static const struct cmd_entry cmd_table[] = {
	{ "serve", cmd_serve, "serve [--listen unix:PATH|HOST:PORT] [--threads N]" },
	{ "migrate", cmd_migrate, "migrate [--dry-run]" },
	{ "import", cmd_import, "import catalog [--format json|oscal] "
	    "[--framework ID] [--name NAME] [--publisher NAME] FILE... | "
	    "import mappings [--format csv|csa-ccm|oscal] [--name SET] FILE... | "
	    "import org FILE..." },
	{ "report", cmd_report, "report management-review|gap|comparison|soa|"
	    "traceability --org ORG [--target FW] [--period P] [--as-of DATE] "
	    "[--audience internal|customer] [--signing-time YYYY-MM-DDTHH:MM:SSZ] "
	    "[--no-record] [--repeat N] [--watermark TEXT] -o FILE|-" },
	{ "verify", cmd_verify, "verify FILE.pdf" },
	{ "prune", cmd_prune, "prune --older-than DAYS" },
	{ "schedule", cmd_schedule, "schedule add --org ORG --report KIND "
	    "--frequency weekly|monthly|quarterly|yearly [--target FW] "
	    "[--audience A] [--start DATE] [--notify mailto:ADDRESS|URL]... "
	    "[--attach] | schedule list | "
	    "schedule run [--out-dir DIR] [--limit N] [--lease SECONDS] "
	    "[--now YYYY-MM-DDTHH:MM:SSZ] | "
	    "schedule notify add ID mailto:ADDRESS|URL [--attach] | "
	    "schedule notify remove RECIPIENT-ID | schedule notify list [ID] | "
	    "schedule deliveries [--failed]" },
	{ "export", cmd_export, "export mappings --source FW --target FW [--name SET] [--format csv|json|oscal]\n"
	    "       annexa export soa|gap|comparison|readiness|reviews --org ORG --format xlsx -o FILE [--target FW] [--period P] [--as-of DATE] [--audience internal|customer] [--generated-at TIME] [--no-record]" },
	{ "diff", cmd_diff, "diff mappings A B [--format text|csv|json]" },
	{ "lint", cmd_lint, "lint mappings [--format csv|csa-ccm|oscal] [SET|FILE...]" },
	{ "token", cmd_token, "token create --org ORG|--global --role viewer|editor|admin "
	    "[--label L] [--expires YYYY-MM-DD] | token list | token revoke ID" },
	{ "login-link", cmd_login_link, "login-link --org ORG "
	    "--role viewer|editor|admin --for \"NAME <EMAIL>\" [--expires 7d]" },
	{ "session", cmd_session, "session list | session revoke ID" },
	{ "share", cmd_share, "share create --org ORG --report "
	    "comparison|gap|soa|management-review [--target FW] "
	    "--to \"COMPANY, NAME <EMAIL>\" --expires 30d [--nda] "
	    "[--max-downloads N] | share list [--org ORG] | share revoke ID | "
	    "share nda --org ORG FILE" },
	{ "user", cmd_user, "user add --email EMAIL --org ORG "
	    "--role viewer|editor|admin [--name NAME] | user list [--org ORG] | "
	    "user remove --email EMAIL --org ORG" },
};

#define CMD_TABLE_LEN	(sizeof(cmd_table) / sizeof(cmd_table[0]))

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < CMD_TABLE_LEN; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

void
cmd_usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: annexa [--config FILE] COMMAND [ARGS]\n");
	for (i = 0; i < CMD_TABLE_LEN; i++)
		fprintf(f, "       annexa %s\n", cmd_table[i].usage);
}

int
cmd_usage_error(const char *cmd, const char *why)
{
	const struct cmd_entry	*ce;

	fprintf(stderr, "annexa %s: %s\n", cmd, why);
	if ((ce = cmd_find(cmd)) != NULL)
		fprintf(stderr, "usage: annexa %s\n", ce->usage);
	return EXIT_USAGE;
}

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
	return cmd_open_admin_as(c, DB_DIRECT);
}

struct db *
cmd_open_admin_as(const struct conf *c, enum db_mode mode)
{
	struct db	*db;
	enum err	 e;

	db = db_open(c->admin_database != NULL ? c->admin_database : c->database,
	    mode, &e);
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

struct signer *
cmd_load_signer(const struct conf *c, bool required)
{
	struct signer	*s = NULL;
	char		 msg[512];

	if (c->signing_key == NULL || c->signing_cert == NULL) {
		if (required)
			fprintf(stderr, "annexa: reports need signing_key and "
			    "signing_cert in the configuration\n");
		return NULL;
	}
	if (sign_load(c->signing_key, c->signing_cert, c->signing_chain, &s, msg,
	    sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "annexa: signing: %s\n", msg);
		return NULL;
	}
	return s;
}

void
cmd_requester(char *out, size_t outsz)
{
	const struct passwd	*pw = getpwuid(geteuid());

	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		snprintf(out, outsz, "command line (%s)", pw->pw_name);
	else
		snprintf(out, outsz, "command line (uid %lu)",
		    (unsigned long)geteuid());
}
