/*
 * cmd_login_link.c — `annexa login-link`: a one-time sign-in link for a
 * named person, printed as public_url/login/TOKEN.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "loginlink.h"
#include "valid.h"

int
cmd_login_link(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "role", required_argument, NULL, 'r' },
		{ "for", required_argument, NULL, 'f' },
		{ "expires", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*org = NULL;
	char				 name[AUTH_PERSON_NAME_MAX + 1];
	char				 email[AUTH_PERSON_EMAIL_MAX + 1];
	char				 tok[AUTH_RANDOM_LEN + 1], expires[32];
	char				 url[LOGINLINK_URL_MAX];
	bool				 have_role = false, have_for = false;
	enum role			 role = ROLE_VIEWER;
	long long			 seconds = LOGINLINK_DAYS_DEFAULT * 86400LL;
	struct db			*db;
	enum err			 e;
	int				 ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (!valid_ident(optarg))
				return cmd_usage_error("login-link",
				    "--org: not an organisation id");
			org = optarg;
			break;
		case 'r':
			if (!auth_role_parse(optarg, &role))
				return cmd_usage_error("login-link",
				    "--role must be viewer, editor or admin");
			have_role = true;
			break;
		case 'f':
			if (!loginlink_parse_for(optarg, name, email))
				return cmd_usage_error("login-link",
				    "--for: " LOGINLINK_FOR_RULE);
			have_for = true;
			break;
		case 'e':
			if (!loginlink_parse_expires(optarg, &seconds))
				return cmd_usage_error("login-link",
				    "--expires: days or hours, as 7d or 12h, "
				    "from 1h to 30d");
			break;
		default:
			return cmd_usage_error("login-link", "unknown option");
		}
	}
	if (org == NULL)
		return cmd_usage_error("login-link", "--org is required");
	if (!have_role)
		return cmd_usage_error("login-link", "--role is required");
	if (!have_for)
		return cmd_usage_error("login-link", "--for is required");
	if (optind != argc)
		return cmd_usage_error("login-link", "unexpected argument");
	if (c->public_url == NULL) {
		fprintf(stderr, "annexa login-link: public_url is not set in the "
		    "configuration: it is where the link leads "
		    "(annexa.conf(5))\n");
		return EXIT_FAIL;
	}
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = loginlink_create(db, org, role, name, email, seconds, NULL, tok,
	    expires);
	if (e == ERR_OK && loginlink_url(c->public_url, tok, url, sizeof(url))) {
		printf("%s\n", url);
		fprintf(stderr, "sign-in link for %s <%s> to %s as %s, valid "
		    "once until %s; it is shown only this once\n", name, email,
		    org, auth_role_name(role), expires);
	} else if (e == ERR_OK) {
		fprintf(stderr, "annexa login-link: public_url is too long\n");
		e = ERR_INTERNAL;
	} else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa login-link: --org: no organisation %s\n",
		    org);
	else
		fprintf(stderr, "annexa login-link: %s\n", db_errmsg(db));
	memset(tok, 0, sizeof(tok));
	db_close(db);
	return cmd_exit_for(e);
}
