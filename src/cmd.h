/*
 * cmd.h — the subcommands of the command line (annexa(1)) and what they
 * share: the table main() dispatches through, exit codes, usage errors,
 * the administrative connection and the report signer.  Each subcommand
 * lives in its own cmd_NAME.c.
 */
#ifndef ANNEXA_CMD_H
#define ANNEXA_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "db.h"
#include "errcode.h"

struct conf;
struct db;
struct signer;

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3
};

#define CMD_FILE_MAX	(64 * 1024 * 1024)	/* largest input file */

/* A subcommand: its name, its function and its one-line usage. */
struct cmd_entry {
	const char	*name;
	int		(*run)(struct conf *, int argc, char **argv);
	const char	*usage;
};

/* The subcommand called name; NULL if there is none. */
const struct cmd_entry *cmd_find(const char *name);
/* Prints the usage of annexa and of every subcommand to f. */
void		 cmd_usage(FILE *f);
/* Prints "annexa CMD: WHY" and the command's usage; returns EXIT_USAGE. */
int		 cmd_usage_error(const char *cmd, const char *why);
/* Who a report made by this command asked for it: "command line (USER)". */
void		 cmd_requester(char *out, size_t outsz);
/* The exit code for an error: input errors 3, others 1. */
int		 cmd_exit_for(enum err);
/* Connects with admin_database (else database); NULL after a message. */
struct db	*cmd_open_admin(const struct conf *);
/* The same with a chosen mode (db.h): DB_PREPARED for repeated work. */
struct db	*cmd_open_admin_as(const struct conf *, enum db_mode);
/* Parses a UTC time "YYYY-MM-DDTHH:MM:SSZ" into *t; false if malformed. */
bool		 cmd_parse_utc(const char *, time_t *t);
/* The file name without directories and extension, in out. */
void		 cmd_basename(const char *path, char *out, size_t outsz);

/*
 * Loads the report signer named by the configuration; NULL after a
 * message (or, when not required, silently when none is configured).
 */
struct signer	*cmd_load_signer(const struct conf *, bool required);

/*
 * The subcommands.  Each gets argv from its own name on (argv[0] is the
 * command) with optind reset, and returns an exit code.
 */
int	cmd_serve(struct conf *, int, char **);
int	cmd_migrate(struct conf *, int, char **);
int	cmd_token(struct conf *, int, char **);
int	cmd_import(struct conf *, int, char **);
int	cmd_export(struct conf *, int, char **);
int	cmd_diff(struct conf *, int, char **);
int	cmd_lint(struct conf *, int, char **);
int	cmd_report(struct conf *, int, char **);
int	cmd_verify(struct conf *, int, char **);
int	cmd_schedule(struct conf *, int, char **);
int	cmd_prune(struct conf *, int, char **);
int	cmd_login_link(struct conf *, int, char **);
int	cmd_share(struct conf *, int, char **);
int	cmd_session(struct conf *, int, char **);
int	cmd_user(struct conf *, int, char **);

#endif
