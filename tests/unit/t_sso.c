/*
 * Single sign-on without a database: the address and name rules of
 * `annexa user` (person.c), the sso_param configuration key, and which
 * requests single sign-on decides (sso_applies()).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "conf.h"
#include "handler.h"
#include "http.h"
#include "person.h"
#include "route.h"
#include "session.h"
#include "sso.h"
#include "tests.h"

static void
email_rule_and_lower_case(void)
{
	char	out[AUTH_PERSON_EMAIL_MAX + 1], big[300];

	CU_ASSERT_TRUE(person_email_norm("Jane.Doe@Example.COM", out));
	CU_ASSERT_STRING_EQUAL(out, "jane.doe@example.com");
	CU_ASSERT_TRUE(person_email_norm("a+tag@b.co", out));
	CU_ASSERT_STRING_EQUAL(out, "a+tag@b.co");
	CU_ASSERT_TRUE(person_email_norm("x@y.z", out));
	/* Not addresses. */
	CU_ASSERT_FALSE(person_email_norm(NULL, out));
	CU_ASSERT_FALSE(person_email_norm("", out));
	CU_ASSERT_FALSE(person_email_norm("jane", out));
	CU_ASSERT_FALSE(person_email_norm("@example.com", out));
	CU_ASSERT_FALSE(person_email_norm("jane@", out));
	CU_ASSERT_FALSE(person_email_norm("jane@localhost", out));
	CU_ASSERT_FALSE(person_email_norm("jane@.com", out));
	CU_ASSERT_FALSE(person_email_norm("jane@example.", out));
	CU_ASSERT_FALSE(person_email_norm("ja@ne@example.com", out));
	CU_ASSERT_FALSE(person_email_norm("jane doe@example.com", out));
	CU_ASSERT_FALSE(person_email_norm("jane@exa\tmple.com", out));
	CU_ASSERT_FALSE(person_email_norm("<jane@example.com>", out));
	CU_ASSERT_FALSE(person_email_norm("jane@example.com,x@y.z", out));
	CU_ASSERT_FALSE(person_email_norm("\"j\"@example.com", out));
	CU_ASSERT_FALSE(person_email_norm("j;x@example.com", out));
	CU_ASSERT_FALSE(person_email_norm("j\xc3\xa9@example.com", out));
	CU_ASSERT_FALSE(person_email_norm("jane@example.com\r\nX: y", out));
	/* 254 bytes pass, 255 do not. */
	memset(big, 'a', sizeof(big));
	memcpy(big + 254 - 10, "@x.example", 11);
	CU_ASSERT_EQUAL(strlen(big), 254);
	CU_ASSERT_TRUE(person_email_norm(big, out));
	memset(big, 'a', sizeof(big));
	memcpy(big + 255 - 10, "@x.example", 11);
	CU_ASSERT_FALSE(person_email_norm(big, out));
}

static void
name_rule(void)
{
	char	big[202];

	CU_ASSERT_TRUE(person_name_valid("Jane Doe"));
	CU_ASSERT_TRUE(person_name_valid("Ed <Editor>"));
	CU_ASSERT_TRUE(person_name_valid("Zo\xc3\xab \xe6\x9d\x8e"));
	CU_ASSERT_FALSE(person_name_valid(NULL));
	CU_ASSERT_FALSE(person_name_valid(""));
	CU_ASSERT_FALSE(person_name_valid("a\tb"));
	CU_ASSERT_FALSE(person_name_valid("a\nb"));
	CU_ASSERT_FALSE(person_name_valid("a\x7f"));
	CU_ASSERT_FALSE(person_name_valid("caf\xe9"));	/* not UTF-8 */
	memset(big, 'n', 200);
	big[200] = '\0';
	CU_ASSERT_TRUE(person_name_valid(big));
	big[200] = 'n';
	big[201] = '\0';
	CU_ASSERT_FALSE(person_name_valid(big));
}

static void
sso_param_key(void)
{
	static const char *const bad[] = {
		"HTTP_X_FORWARDED_EMAIL", "X_FORWARDED_EMAIL", "QUERY_STRING",
		"REMOTE_USER", "ANNEXA_", "annexa_sso_email", "ANNEXA_sso",
		"ANNEXA_SSO-EMAIL", "ANNEXA_SSO EMAIL",
		"ANNEXA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAA",	/* 65 bytes */
		NULL
	};
	struct conf	 c;
	char		 msg[512], line[128];
	size_t		 i;

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_PTR_NULL(c.sso_param);	/* off unless set */
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "sso_param = ANNEXA_SSO_EMAIL\n",
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(c.sso_param, "ANNEXA_SSO_EMAIL");
	conf_free(&c);
	/* 64 bytes are the most. */
	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "sso_param = ANNEXA_"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA9\n",
	    msg, sizeof(msg)), ERR_OK);
	conf_free(&c);
	for (i = 0; bad[i] != NULL; i++) {
		CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
		snprintf(line, sizeof(line), "sso_param = %s\n", bad[i]);
		if (conf_parse(&c, "t.conf", line, msg, sizeof(msg)) !=
		    ERR_INVALID) {
			fprintf(stderr, "sso_param = %s was accepted\n", bad[i]);
			CU_FAIL("a forgeable sso_param was accepted");
		} else
			CU_ASSERT_PTR_NOT_NULL(strstr(msg, "t.conf:1: sso_param:"));
		CU_ASSERT_PTR_NULL(c.sso_param);
		conf_free(&c);
	}
}

/* A request of method, path and route, on a server with sso_param set. */
struct t_req {
	struct session_conf	sc;
	struct api_local	local;
	struct req		req;
	struct ctx		c;
};

static void
t_req(struct t_req *t, enum route r, const char *path, const char *email)
{
	memset(t, 0, sizeof(*t));
	t->sc.sso_param = "ANNEXA_SSO_EMAIL";
	t->sc.idle = SESSION_IDLE_DEFAULT;
	t->sc.max = SESSION_MAX_DEFAULT;
	t->local.sessions = &t->sc;
	t->req.path = path;
	t->req.sso_email = email;
	t->c.local = &t->local;
	t->c.req = &t->req;
	t->c.match.route = r;
}

static void
which_requests(void)
{
	struct t_req	t;

	t_req(&t, ROUTE_PAGE_OVERVIEW, "/orgs/acme", "jane@example.com");
	CU_ASSERT_TRUE(sso_applies(&t.c, METHOD_GET));
	/* Not a GET: forms keep their session and CSRF checks. */
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_POST));
	/* A bearer token wins. */
	t.req.authorization = "Bearer ax_x";
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	t.req.authorization = "";
	CU_ASSERT_TRUE(sso_applies(&t.c, METHOD_GET));
	/* No address, or an empty one: the ordinary sign-in. */
	t.req.sso_email = NULL;
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	t.req.sso_email = "";
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	/* sso_param unset: never, whatever the request holds. */
	t_req(&t, ROUTE_PAGE_OVERVIEW, "/orgs/acme", "jane@example.com");
	t.sc.sso_param = NULL;
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	t.local.sessions = NULL;
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	/* The API and pages that need no sign-in are not its business. */
	t_req(&t, ROUTE_ORG_READINESS, "/api/v1/orgs/acme/readiness",
	    "jane@example.com");
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	t_req(&t, ROUTE_SIGNIN_FORM, "/signin", "jane@example.com");
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	t_req(&t, ROUTE_LOGIN_FORM, "/login/x", "jane@example.com");
	CU_ASSERT_FALSE(sso_applies(&t.c, METHOD_GET));
	t_req(&t, ROUTE_PAGE_HOME, "/", "jane@example.com");
	CU_ASSERT_TRUE(sso_applies(&t.c, METHOD_GET));
	t_req(&t, ROUTE_PAGE_GAP, "/orgs/acme/gap/ccm-v4", "jane@example.com");
	CU_ASSERT_TRUE(sso_applies(&t.c, METHOD_GET));
}

static const struct unit_test tests[] = {
	{ "user --email: the rule, lower case", email_rule_and_lower_case },
	{ "user --name: the rule", name_rule },
	{ "sso_param: only ANNEXA_ names", sso_param_key },
	{ "which requests single sign-on decides", which_requests },
	{ NULL, NULL }
};

int
suite_sso(void)
{
	return add_suite("sso", tests);
}
