/*
 * cmd_share.c — `annexa share create|list|revoke|nda`: share links for
 * sales, through the administrative connection.  `share create` prints
 * the link (public_url/s/SECRET) once; the database keeps its hash.
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "cmd.h"
#include "conf.h"
#include "db.h"
#include "fileio.h"
#include "model_records.h"
#include "pool.h"
#include "share.h"
#include "valid.h"

/*
 * The test clock: ANNEXA_TEST_NOW=YYYY-MM-DDTHH:MM:SSZ makes `share
 * create` date the link's creation (and so its expiry) as of then, so
 * that a test makes a link that has already expired without waiting.
 * Only tests set it (docs/development.md); NULL when unset, *bad when
 * set but not of that shape.
 */
static const char *
share_test_now(bool *bad)
{
	const char	*v = getenv("ANNEXA_TEST_NOW");
	time_t		 t;

	*bad = false;
	if (v == NULL || *v == '\0')
		return NULL;
	if (!cmd_parse_utc(v, &t)) {
		*bad = true;
		return NULL;
	}
	return v;
}

static int
share_create_cmd(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, 'r' },
		{ "target", required_argument, NULL, 't' },
		{ "to", required_argument, NULL, 'T' },
		{ "expires", required_argument, NULL, 'e' },
		{ "nda", no_argument, NULL, 'n' },
		{ "max-downloads", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct share_spec		 s;
	char				 secret[SHARE_SECRET_LEN + 1];
	char				 url[SHARE_URL_MAX], expires[32];
	char				 hash[AUTH_HASH_HEX];
	bool				 have_to = false, bad_now;
	long long			 id;
	int64_t				 n;
	struct db			*db;
	enum err			 e;
	int				 ch;

	memset(&s, 0, sizeof(s));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (!valid_ident(optarg))
				return cmd_usage_error("share",
				    "--org: not an organisation id");
			s.org = optarg;
			break;
		case 'r':
			if (!share_report_valid(optarg))
				return cmd_usage_error("share",
				    "--report: " SHARE_REPORT_RULE);
			s.report = optarg;
			break;
		case 't':
			if (!valid_ident(optarg))
				return cmd_usage_error("share",
				    "--target: not a framework id");
			s.target = optarg;
			break;
		case 'T':
			if (!share_parse_to(optarg, &s.to))
				return cmd_usage_error("share",
				    "--to: " SHARE_TO_RULE);
			have_to = true;
			break;
		case 'e':
			if (!share_parse_expires(optarg, &s.seconds))
				return cmd_usage_error("share",
				    "--expires: " SHARE_EXPIRES_RULE);
			break;
		case 'n':
			s.nda = true;
			break;
		case 'm':
			if (!valid_int(optarg, 1, SHARE_DOWNLOADS_MAX, &n))
				return cmd_usage_error("share",
				    "--max-downloads: a whole number from 1 "
				    "to 1000");
			s.max_downloads = (int)n;
			break;
		default:
			return cmd_usage_error("share", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("share", "unexpected argument");
	if (s.org == NULL)
		return cmd_usage_error("share", "--org is required");
	if (s.report == NULL)
		return cmd_usage_error("share", "--report is required");
	if (strcmp(s.report, "gap") == 0 && s.target == NULL)
		return cmd_usage_error("share", "--target is required for the "
		    "gap report");
	if (strcmp(s.report, "gap") != 0 && s.target != NULL)
		return cmd_usage_error("share", "--target: only the gap report "
		    "takes a target");
	if (!have_to)
		return cmd_usage_error("share", "--to is required");
	if (s.seconds == 0)
		return cmd_usage_error("share", "--expires is required: "
		    SHARE_EXPIRES_RULE);
	s.now = share_test_now(&bad_now);
	if (bad_now)
		return cmd_usage_error("share", "ANNEXA_TEST_NOW is "
		    "YYYY-MM-DDTHH:MM:SSZ");
	if (c->public_url == NULL) {
		fprintf(stderr, "annexa share: public_url is not set in the "
		    "configuration: it is where the link leads "
		    "(annexa.conf(5))\n");
		return EXIT_FAIL;
	}
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = share_create(db, &s, NULL, secret, &id, expires);
	if (e == ERR_OK && share_url(c->public_url, secret, url, sizeof(url))) {
		auth_token_hash(secret, SHARE_SECRET_LEN, hash);
		printf("%s\n", url);
		fprintf(stderr, "share link %lld (ref %.6s): the %s report "
		    "of %s "
		    "for %s, %s <%s>, until %s%s; it is shown only this once\n",
		    id, hash, s.report, s.org, s.to.company, s.to.name,
		    s.to.email, expires, s.nda ? ", NDA first" : "");
		OPENSSL_cleanse(url, sizeof(url));
	} else if (e == ERR_OK) {
		fprintf(stderr, "annexa share: public_url is too long\n");
		e = ERR_INTERNAL;
	} else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa share: --org: no organisation %s\n",
		    s.org);
	else if (e == ERR_INVALID)
		fprintf(stderr, "annexa share: --target: no framework %s\n",
		    s.target);
	else if (e == ERR_CONFLICT)
		fprintf(stderr, "annexa share: --nda: %s has no NDA text yet: "
		    "set it with annexa share nda --org %s FILE\n", s.org,
		    s.org);
	else
		fprintf(stderr, "annexa share: %s\n", db_errmsg(db));
	OPENSSL_cleanse(secret, sizeof(secret));
	db_close(db);
	return e == ERR_CONFLICT || e == ERR_INVALID ? EXIT_INPUT :
	    cmd_exit_for(e);
}

/* "-" for a NULL cell. */
static const char *
dash(const char *s)
{
	return s != NULL ? s : "-";
}

static int
share_list_cmd(struct conf *c, int argc, char **argv)
{
	struct mtable	 t;
	struct pool	*p;
	struct db	*db;
	const char	*org = NULL;
	size_t		 i;
	enum err	 e;

	if (argc == 3 && strcmp(argv[1], "--org") == 0 && valid_ident(argv[2]))
		org = argv[2];
	else if (argc != 1)
		return cmd_usage_error("share", "list takes [--org ORG]");
	if ((p = pool_new()) == NULL)
		return EXIT_FAIL;
	if ((db = cmd_open_admin(c)) == NULL) {
		pool_free(p);
		return EXIT_FAIL;
	}
	if ((e = share_list(db, p, org, &t)) != ERR_OK)
		fprintf(stderr, "annexa share: %s\n", db_errmsg(db));
	for (i = 0; e == ERR_OK && i < t.nrows; i++)
		printf("%s\tref %s\t%s\t%s%s%s\t%s\tto %s, %s <%s>\t"
		    "expires %s\tnda %s\tmax %s\tviews %s\taccepted %s\t"
		    "downloads %s\tlast %s\n", MT(&t, i, SHARE_LIST_ID),
		    MT(&t, i, SHARE_LIST_REF), MT(&t, i, SHARE_LIST_ORG),
		    MT(&t, i, SHARE_LIST_REPORT),
		    MT(&t, i, SHARE_LIST_TARGET) != NULL ? ":" : "",
		    MT(&t, i, SHARE_LIST_TARGET) != NULL ?
		    MT(&t, i, SHARE_LIST_TARGET) : "",
		    MT(&t, i, SHARE_LIST_STATE), MT(&t, i, SHARE_LIST_COMPANY),
		    MT(&t, i, SHARE_LIST_NAME), MT(&t, i, SHARE_LIST_EMAIL),
		    MT(&t, i, SHARE_LIST_EXPIRES),
		    strcmp(MT(&t, i, SHARE_LIST_NDA), "t") == 0 ? "yes" : "no",
		    dash(MT(&t, i, SHARE_LIST_MAX_DOWNLOADS)),
		    MT(&t, i, SHARE_LIST_VIEWS),
		    MT(&t, i, SHARE_LIST_ACCEPTANCES),
		    MT(&t, i, SHARE_LIST_DOWNLOADS),
		    dash(MT(&t, i, SHARE_LIST_LAST_ACCESS)));
	db_close(db);
	pool_free(p);
	return cmd_exit_for(e);
}

static int
share_revoke_cmd(struct conf *c, int argc, char **argv)
{
	struct db	*db;
	enum err	 e;

	if (argc != 2 || !valid_int(argv[1], 1, INT64_MAX / 2, NULL))
		return cmd_usage_error("share",
		    "revoke takes one share link ID");
	if ((db = cmd_open_admin(c)) == NULL)
		return EXIT_FAIL;
	e = share_revoke(db, argv[1], NULL, NULL);
	if (e == ERR_OK)
		printf("share link %s revoked\n", argv[1]);
	else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa share: no share link %s\n", argv[1]);
	else
		fprintf(stderr, "annexa share: %s\n", db_errmsg(db));
	db_close(db);
	return cmd_exit_for(e);
}

static int
share_nda_cmd(struct conf *c, int argc, char **argv)
{
	char		*body = NULL, msg[512];
	size_t		 len;
	struct db	*db;
	int		 version;
	enum err	 e;

	if (argc != 4 || strcmp(argv[1], "--org") != 0)
		return cmd_usage_error("share", "nda takes --org ORG FILE");
	if (!valid_ident(argv[2]))
		return cmd_usage_error("share",
		    "--org: not an organisation id");
	if ((e = fileio_read(argv[3], SHARE_NDA_MAX, &body, &len, msg,
	    sizeof(msg))) != ERR_OK) {
		fprintf(stderr,
		    "annexa share: FILE: %s (at most 20000 bytes)\n",
		    msg);
		return EXIT_INPUT;
	}
	if (len == 0 || strlen(body) != len || !valid_text(body,
	    SHARE_NDA_MAX)) {
		free(body);
		fprintf(stderr, "annexa share: FILE: the NDA is 1 to 20000 "
		    "bytes "
		    "of UTF-8 text without control characters\n");
		return EXIT_INPUT;
	}
	if ((db = cmd_open_admin(c)) == NULL) {
		free(body);
		return EXIT_FAIL;
	}
	e = share_nda_set(db, argv[2], body, &version);
	if (e == ERR_OK)
		printf("NDA of %s: version %d\n", argv[2], version);
	else if (e == ERR_NOT_FOUND)
		fprintf(stderr, "annexa share: --org: no organisation %s\n",
		    argv[2]);
	else
		fprintf(stderr, "annexa share: %s\n", db_errmsg(db));
	free(body);
	db_close(db);
	return cmd_exit_for(e);
}

int
cmd_share(struct conf *c, int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error("share", "create, list, revoke or nda?");
	if (strcmp(argv[1], "create") == 0)
		return share_create_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return share_list_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "revoke") == 0)
		return share_revoke_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "nda") == 0)
		return share_nda_cmd(c, argc - 1, argv + 1);
	return cmd_usage_error("share", "create, list, revoke or nda?");
}
