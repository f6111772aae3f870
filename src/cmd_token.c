/*
 * cmd_token.c — `annexa token create|list|revoke`: the API tokens,
 * managed through the administrative connection.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cmd.h"
#include "db.h"
#include "token.h"
#include "valid.h"

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

int
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
