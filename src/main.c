/*
 * main.c — the annexa command line (annexa(1)): global options, the
 * configuration, and one function per subcommand from a table.
 *
 * Exit codes: 0 success, 1 failure, 2 usage, 3 invalid input.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "migrate.h"
#include "server.h"
#include "sign.h"
#include "chart.h"
#include "token.h"
#include "valid.h"

struct cmd {
	const char	*name;
	int		(*run)(struct conf *, int, char **);
	const char	*usage;
};

static int	cmd_serve(struct conf *, int, char **);
static int	cmd_migrate(struct conf *, int, char **);
static int	cmd_token(struct conf *, int, char **);

static const struct cmd cmds[] = {
	{ "serve", cmd_serve, "serve [--listen unix:PATH|HOST:PORT] [--threads N]" },
	{ "migrate", cmd_migrate, "migrate [--dry-run]" },
	{ "import", cmd_import, "import catalog|mappings|org [--format csv|csa-ccm|oscal] [--name SET] FILE..." },
	{ "report", cmd_report, "report management-review|gap|comparison|soa|"
	    "traceability --org ORG [--target FW] [--period P] [--as-of DATE] "
	    "[--audience internal|customer] [--signing-time YYYY-MM-DDTHH:MM:SSZ] "
	    "[--no-record] [--repeat N] -o FILE|-" },
	{ "verify", cmd_verify, "verify FILE.pdf" },
	{ "prune", cmd_prune, "prune --older-than DAYS" },
	{ "schedule", cmd_schedule, "schedule add --org ORG --report KIND "
	    "--frequency weekly|monthly|quarterly|yearly [--target FW] "
	    "[--audience A] [--start DATE] | schedule list | "
	    "schedule run [--out-dir DIR] [--limit N] [--lease SECONDS] "
	    "[--now YYYY-MM-DDTHH:MM:SSZ]" },
	{ "export", cmd_export, "export mappings --source FW --target FW [--name SET] [--format csv|json|oscal]" },
	{ "token", cmd_token, "token create --org ORG|--global --role viewer|editor|admin "
	    "[--label L] [--expires YYYY-MM-DD] | token list | token revoke ID" },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: annexa [--config FILE] COMMAND [ARGS]\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "       annexa %s\n", cmds[i].usage);
}

int
cmd_usage_error(const char *cmd, const char *why)
{
	size_t	i;

	fprintf(stderr, "annexa %s: %s\n", cmd, why);
	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, cmd) == 0)
			fprintf(stderr, "usage: annexa %s\n", cmds[i].usage);
	return EXIT_USAGE;
}

static int
cmd_serve(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct server_opts		 so;
	const char			*listen = NULL;
	int64_t				 n;
	int				 ch, rc;

	so.threads = c->threads;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			listen = optarg;
			break;
		case 't':
			if (!valid_int(optarg, 1, CONF_THREADS_MAX, &n))
				return cmd_usage_error("serve",
				    "--threads must be a whole number from 1 to 256");
			so.threads = (int)n;
			break;
		default:
			return cmd_usage_error("serve", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("serve", "unexpected argument");
	/* Started by spawn-fcgi or a socket unit: serve on fd 0. */
	if (listen == NULL && server_stdin_is_listener())
		so.listen = NULL;
	else
		so.listen = listen != NULL ? listen : c->listen;
	so.database = c->database;
	so.font_dir = c->font_dir;
	so.user = c->user;
	so.log_requests = c->log_level >= LOG_INFO;
	so.fastcgi_allow = &c->fastcgi_allow;
	so.response_cache_bytes = c->response_cache_bytes;
	/*
	 * The key is loaded once, before any thread starts; a key file
	 * others may read stops the server (docs/reports.md).  Without signing
	 * configured the server runs and report routes answer 503.
	 */
	so.signer = NULL;
	if (c->signing_key != NULL || c->signing_cert != NULL) {
		if ((so.signer = cmd_load_signer(c, true)) == NULL)
			return EXIT_FAIL;
	} else
		fprintf(stderr, "annexa: no signing_key configured: reports are "
		    "unavailable\n");
	rc = server_run(&so) == ERR_OK ? EXIT_OK : EXIT_FAIL;
	sign_free((struct signer *)so.signer);
	chart_shutdown();
	return rc;
}

static int
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

static int
token_create_cmd(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "global", no_argument, NULL, 'g' },
		{ "role", required_argument, NULL, 'r' },
		{ "label", required_argument, NULL, 'l' },
		{ "expires", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*org = NULL, *label = NULL, *expires = NULL;
	bool				 global = false, have_role = false;
	enum role			 role = ROLE_VIEWER;
	char				 tok[AUTH_TOKEN_LEN + 1];
	struct db			*db;
	long long			 id;
	enum err			 e;
	int				 ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (!valid_ident(optarg))
				return cmd_usage_error("token", "--org: not an organisation id");
			org = optarg;
			break;
		case 'g':
			global = true;
			break;
		case 'r':
			if (!auth_role_parse(optarg, &role))
				return cmd_usage_error("token",
				    "--role must be viewer, editor or admin");
			have_role = true;
			break;
		case 'l':
			if (!valid_text(optarg, 200))
				return cmd_usage_error("token",
				    "--label: 1 to 200 bytes of text");
			label = optarg;
			break;
		case 'e':
			if (!valid_date(optarg, NULL))
				return cmd_usage_error("token",
				    "--expires: a date YYYY-MM-DD");
			expires = optarg;
			break;
		default:
			return cmd_usage_error("token", "unknown option");
		}
	}
	if ((org == NULL) == !global)
		return cmd_usage_error("token", "give exactly one of --org ORG and --global");
	if (!have_role)
		return cmd_usage_error("token", "--role is required");
	if (optind != argc)
		return cmd_usage_error("token", "unexpected argument");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = token_create(db, org, role, label, expires, tok, sizeof(tok), &id);
	if (e == ERR_OK) {
		printf("%s\n", tok);
		fprintf(stderr, "token %lld created (%s, %s); it is shown only "
		    "this once\n", id, org != NULL ? org : "global",
		    auth_role_name(role));
	} else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa token: --org: no organisation %s\n", org);
	else
		fprintf(stderr, "annexa token: %s\n", db_errmsg(db));
	db_close(db);
	return cmd_exit_for(e);
}

static int
cmd_token(struct conf *c, int argc, char **argv)
{
	struct db	*db;
	int64_t		 id;
	enum err	 e;

	if (argc < 2)
		return cmd_usage_error("token", "create, list or revoke?");
	if (strcmp(argv[1], "create") == 0)
		return token_create_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return cmd_usage_error("token", "list takes no arguments");
		if ((db = cmd_open_admin(c)) == NULL)
			return EXIT_FAIL;
		if ((e = token_list(db, stdout)) != ERR_OK)
			fprintf(stderr, "annexa token: %s\n", db_errmsg(db));
		db_close(db);
		return cmd_exit_for(e);
	}
	if (strcmp(argv[1], "revoke") == 0) {
		if (argc != 3 || !valid_int(argv[2], 1, INT64_MAX / 2, &id))
			return cmd_usage_error("token", "revoke takes one token ID");
		if ((db = cmd_open_admin(c)) == NULL)
			return EXIT_FAIL;
		e = token_revoke(db, argv[2]);
		if (e == ERR_OK)
			printf("token %s revoked\n", argv[2]);
		else if (e == ERR_NOT_FOUND)
			fprintf(stderr, "annexa token: no active token %s\n",
			    argv[2]);
		else
			fprintf(stderr, "annexa token: %s\n", db_errmsg(db));
		db_close(db);
		return cmd_exit_for(e);
	}
	return cmd_usage_error("token", "create, list or revoke?");
}

int
main(int argc, char **argv)
{
	const char	*config = NULL, *path;
	struct conf	 c;
	char		 msg[1024];
	enum err	 e;
	size_t		 i;
	int		 rc, argi = 1;

	while (argi < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "--config") == 0 && argi + 1 < argc) {
			config = argv[argi + 1];
			argi += 2;
		} else if (strncmp(argv[argi], "--config=", 9) == 0) {
			config = argv[argi] + 9;
			argi++;
		} else if (strcmp(argv[argi], "--version") == 0) {
			printf("annexa %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		} else if (strcmp(argv[argi], "--help") == 0 ||
		    strcmp(argv[argi], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argi >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCMDS; i++)
		if (strcmp(argv[argi], cmds[i].name) == 0)
			break;
	if (i == NCMDS) {
		fprintf(stderr, "annexa: unknown command %s\n", argv[argi]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (conf_defaults(&c) != ERR_OK)
		return EXIT_FAIL;
	path = conf_path(config);
	e = conf_load(&c, path, msg, sizeof(msg));
	/*
	 * The default file is optional, but only when it does not exist (say
	 * so: a deployment that put it elsewhere learns it here); one that
	 * was named, or that exists and cannot be read, is not.
	 */
	if (e == ERR_IO && config == NULL && getenv("ANNEXA_CONFIG") == NULL &&
	    access(path, F_OK) != 0 && errno == ENOENT) {
		fprintf(stderr, "annexa: no %s: using the built-in defaults "
		    "(--config FILE names another)\n", path);
		e = ERR_OK;
	}
	if (e != ERR_OK) {
		fprintf(stderr, "annexa: configuration: %s\n", msg);
		conf_free(&c);
		return e == ERR_INVALID ? EXIT_INPUT : EXIT_FAIL;
	}
	optind = 1;
	rc = cmds[i].run(&c, argc - argi, argv + argi);
	conf_free(&c);
	return rc;
}
