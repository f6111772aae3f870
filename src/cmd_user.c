/*
 * cmd_user.c — `annexa user add|list|remove`: the people single sign-on
 * lets in (person.h), through the administrative connection.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "person.h"
#include "valid.h"

/* The options of the three subcommands; each takes the ones it names. */
struct user_opts {
	const char	*email;
	const char	*org;
	const char	*name;
	const char	*role;
};

/*
 * Reads the options of "SUB --opt ..." into o; allowed holds the option
 * letters SUB takes.  Returns EXIT_OK, or the usage error's exit code
 * after its message.
 */
static int
user_opts(int argc, char **argv, const char *allowed, struct user_opts *o)
{
	static const struct option	 opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "org", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	int				 ch;

	memset(o, 0, sizeof(*o));
	/* argv[0] is the subcommand: options follow it. */
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == '?')
			return cmd_usage_error("user", "unknown option");
		if (strchr(allowed, ch) == NULL) {
			char	why[64];
			size_t	i;

			for (i = 0; opts[i].val != ch; i++)
				;
			snprintf(why, sizeof(why), "%s does not take --%s",
			    argv[0], opts[i].name);
			return cmd_usage_error("user", why);
		}
		switch (ch) {
		case 'e':
			if (o->email != NULL)
				return cmd_usage_error("user",
				    "--email given twice");
			o->email = optarg;
			break;
		case 'o':
			if (o->org != NULL)
				return cmd_usage_error("user",
				    "--org given twice");
			o->org = optarg;
			break;
		case 'n':
			if (o->name != NULL)
				return cmd_usage_error("user",
				    "--name given twice");
			o->name = optarg;
			break;
		case 'r':
			if (o->role != NULL)
				return cmd_usage_error("user",
				    "--role given twice");
			o->role = optarg;
			break;
		}
	}
	if (optind != argc)
		return cmd_usage_error("user", "unexpected argument");
	/* Each value is checked before anything connects. */
	if (o->org != NULL && !valid_ident(o->org))
		return cmd_usage_error("user", "--org: not an organisation id");
	if (o->email != NULL) {
		char	lower[AUTH_PERSON_EMAIL_MAX + 1];

		if (!person_email_norm(o->email, lower))
			return cmd_usage_error("user",
			    "--email: " PERSON_EMAIL_RULE);
	}
	if (o->name != NULL && !person_name_valid(o->name))
		return cmd_usage_error("user", "--name: " PERSON_NAME_RULE);
	return EXIT_OK;
}

static int
user_add(struct conf *c, int argc, char **argv)
{
	struct user_opts	 o;
	const char		*field;
	struct db		*db;
	enum role		 role;
	enum err		 e;
	int			 rc;

	if ((rc = user_opts(argc, argv, "eonr", &o)) != EXIT_OK)
		return rc;
	if (o.email == NULL)
		return cmd_usage_error("user", "add: --email is required");
	if (o.org == NULL)
		return cmd_usage_error("user", "add: --org is required");
	if (o.role == NULL)
		return cmd_usage_error("user", "add: --role is required");
	if (!auth_role_parse(o.role, &role))
		return cmd_usage_error("user",
		    "--role must be viewer, editor or admin");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = person_add(db, o.org, o.email, o.name, role, &field);
	if (e == ERR_OK)
		printf("added %s to %s as %s\n", o.email, o.org,
		    auth_role_name(role));
	else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa user: --org: no organisation %s\n",
		    o.org);
	else if (e == ERR_CONFLICT)
		fprintf(stderr, "annexa user: --email: %s is already a person "
		    "of %s (remove it first to change the role)\n", o.email,
		    o.org);
	else if (e == ERR_INVALID)
		fprintf(stderr, "annexa user: %s: invalid\n",
		    field != NULL ? field : "input");
	else
		fprintf(stderr, "annexa user: %s\n", db_errmsg(db));
	db_close(db);
	return e == ERR_CONFLICT ? EXIT_INPUT : cmd_exit_for(e);
}

static int
user_list(struct conf *c, int argc, char **argv)
{
	struct user_opts	 o;
	struct db		*db;
	enum err		 e;
	int			 rc;

	if ((rc = user_opts(argc, argv, "o", &o)) != EXIT_OK)
		return rc;
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	if ((e = person_list(db, o.org, stdout)) != ERR_OK)
		fprintf(stderr, "annexa user: %s\n", db_errmsg(db));
	db_close(db);
	return cmd_exit_for(e);
}

static int
user_remove(struct conf *c, int argc, char **argv)
{
	struct user_opts	 o;
	const char		*field;
	struct db		*db;
	enum err		 e;
	int			 rc, revoked;

	if ((rc = user_opts(argc, argv, "eo", &o)) != EXIT_OK)
		return rc;
	if (o.email == NULL)
		return cmd_usage_error("user", "remove: --email is required");
	if (o.org == NULL)
		return cmd_usage_error("user", "remove: --org is required");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = person_remove(db, o.org, o.email, &revoked, &field);
	if (e == ERR_OK)
		printf("removed %s from %s; %d session%s revoked\n", o.email,
		    o.org, revoked, revoked == 1 ? "" : "s");
	else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa user: --email: %s is no person of %s\n",
		    o.email, o.org);
	else if (e == ERR_INVALID)
		fprintf(stderr, "annexa user: %s: invalid\n",
		    field != NULL ? field : "input");
	else
		fprintf(stderr, "annexa user: %s\n", db_errmsg(db));
	db_close(db);
	return cmd_exit_for(e);
}

int
cmd_user(struct conf *c, int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error("user", "add, list or remove?");
	if (strcmp(argv[1], "add") == 0)
		return user_add(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return user_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "remove") == 0)
		return user_remove(c, argc - 1, argv + 1);
	return cmd_usage_error("user", "add, list or remove?");
}
