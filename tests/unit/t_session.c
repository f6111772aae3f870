/*
 * Sessions without a database: the cookie parser, the CSRF token, the
 * Origin check, the Set-Cookie value, the --for and --expires parsers of
 * sign-in links, the configuration keys and the log form of a path.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "conf.h"
#include "http.h"
#include "loginlink.h"
#include "session.h"
#include "tests.h"

#define ID_A	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define ID_B	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-"

static void
cookie_parsing(void)
{
	const char	*id;
	size_t		 len;

	CU_ASSERT_TRUE_FATAL(session_cookie(SESSION_COOKIE "=" ID_A, &id, &len));
	CU_ASSERT_EQUAL(len, AUTH_RANDOM_LEN);
	CU_ASSERT_EQUAL(strncmp(id, ID_A, len), 0);
	/* among others, in any place */
	CU_ASSERT_TRUE_FATAL(session_cookie("a=1; " SESSION_COOKIE "=" ID_B
	    "; b=2", &id, &len));
	CU_ASSERT_EQUAL(strncmp(id, ID_B, len), 0);
	CU_ASSERT_EQUAL(len, AUTH_RANDOM_LEN);
	/* refused: absent, another name, a prefix of ours, bad shapes, two */
	CU_ASSERT_FALSE(session_cookie(NULL, &id, &len));
	CU_ASSERT_FALSE(session_cookie("", &id, &len));
	CU_ASSERT_FALSE(session_cookie("annexa_session=" ID_A, &id, &len));
	CU_ASSERT_FALSE(session_cookie("x" SESSION_COOKIE "=" ID_A, &id, &len));
	CU_ASSERT_FALSE(session_cookie(SESSION_COOKIE "=short", &id, &len));
	CU_ASSERT_FALSE(session_cookie(SESSION_COOKIE "=" ID_A "A", &id, &len));
	CU_ASSERT_FALSE(session_cookie(SESSION_COOKIE "="
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!", &id, &len));
	CU_ASSERT_FALSE(session_cookie(SESSION_COOKIE "=" ID_A "; "
	    SESSION_COOKIE "=" ID_B, &id, &len));
}

static void
csrf_token(void)
{
	char	a[SESSION_CSRF_LEN], a2[SESSION_CSRF_LEN], b[SESSION_CSRF_LEN];

	session_csrf_of(ID_A, AUTH_RANDOM_LEN, a);
	session_csrf_of(ID_A, AUTH_RANDOM_LEN, a2);
	session_csrf_of(ID_B, AUTH_RANDOM_LEN, b);
	CU_ASSERT_EQUAL(strlen(a), 64);
	CU_ASSERT_STRING_EQUAL(a, a2);
	CU_ASSERT_NOT_EQUAL(strcmp(a, b), 0);
	/* It is not the id, nor the hash the database keeps of the id. */
	auth_token_hash(ID_A, AUTH_RANDOM_LEN, a2);
	CU_ASSERT_NOT_EQUAL(strcmp(a, a2), 0);
	CU_ASSERT_TRUE(session_csrf_equal(a, a));
	CU_ASSERT_FALSE(session_csrf_equal(b, a));
	CU_ASSERT_FALSE(session_csrf_equal(NULL, a));
	CU_ASSERT_FALSE(session_csrf_equal("", a));
	memcpy(a2, a, 63);
	a2[63] = '\0';
	CU_ASSERT_FALSE(session_csrf_equal(a2, a));
}

static void
origin_check(void)
{
	const char	*pu = "https://annexa.example.com/";
	char		 o[128];

	CU_ASSERT_TRUE(session_origin(pu, o, sizeof(o)));
	CU_ASSERT_STRING_EQUAL(o, "https://annexa.example.com");
	CU_ASSERT_TRUE(session_origin("http://127.0.0.1:8080", o, sizeof(o)));
	CU_ASSERT_STRING_EQUAL(o, "http://127.0.0.1:8080");
	CU_ASSERT_FALSE(session_origin(NULL, o, sizeof(o)));
	CU_ASSERT_FALSE(session_origin("ftp://x", o, sizeof(o)));
	CU_ASSERT_TRUE(session_same_origin(pu, "https://annexa.example.com",
	    NULL));
	CU_ASSERT_FALSE(session_same_origin(pu, "https://evil.example", NULL));
	CU_ASSERT_FALSE(session_same_origin(pu, "null", NULL));
	CU_ASSERT_FALSE(session_same_origin(pu, "http://annexa.example.com",
	    NULL));
	CU_ASSERT_FALSE(session_same_origin(pu,
	    "https://annexa.example.com.evil.example", NULL));
	/* Origin wins over Referer; Referer only when Origin is absent. */
	CU_ASSERT_FALSE(session_same_origin(pu, "https://evil.example",
	    "https://annexa.example.com/signin"));
	CU_ASSERT_TRUE(session_same_origin(pu, NULL,
	    "https://annexa.example.com/signin"));
	CU_ASSERT_FALSE(session_same_origin(pu, NULL,
	    "https://annexa.example.com.evil.example/"));
	CU_ASSERT_FALSE(session_same_origin(pu, NULL, NULL));
	/* Without public_url nothing is same-origin. */
	CU_ASSERT_FALSE(session_same_origin(NULL, "https://annexa.example.com",
	    NULL));
}

static void
set_cookie_attributes(void)
{
	char	v[256];

	CU_ASSERT_TRUE_FATAL(session_set_cookie(ID_A, 43200, v, sizeof(v)));
	CU_ASSERT_STRING_EQUAL(v, SESSION_COOKIE "=" ID_A "; Path=/; "
	    "Max-Age=43200; HttpOnly; Secure; SameSite=Strict");
	CU_ASSERT_TRUE_FATAL(session_set_cookie(NULL, 43200, v, sizeof(v)));
	CU_ASSERT_STRING_EQUAL(v, SESSION_COOKIE "=; Path=/; Max-Age=0; "
	    "HttpOnly; Secure; SameSite=Strict");
	CU_ASSERT_FALSE(session_set_cookie(ID_A, 1, v, 20));
}

static void
link_for_and_expires(void)
{
	char		 n[AUTH_PERSON_NAME_MAX + 1], e[AUTH_PERSON_EMAIL_MAX + 1];
	char		 longname[400];
	long long	 s;

	CU_ASSERT_TRUE_FATAL(loginlink_parse_for("Jane Doe <jane@example.com>",
	    n, e));
	CU_ASSERT_STRING_EQUAL(n, "Jane Doe");
	CU_ASSERT_STRING_EQUAL(e, "jane@example.com");
	CU_ASSERT_TRUE_FATAL(loginlink_parse_for("  Zoë Ünal  <z.u@mail.example.org>",
	    n, e));
	CU_ASSERT_STRING_EQUAL(n, "Zoë Ünal");
	CU_ASSERT_FALSE(loginlink_parse_for(NULL, n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("jane@example.com", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("<jane@example.com>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <jane@example.com> x", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <jane@example.com", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <jane>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <@example.com>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <jane@example.>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <ja ne@example.com>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane <a@b@example.com>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Ja>ne <jane@example.com>", n, e));
	CU_ASSERT_FALSE(loginlink_parse_for("Jane\n <jane@example.com>", n, e));
	memset(longname, 'x', 201);
	snprintf(longname + 201, sizeof(longname) - 201, " <a@b.cd>");
	CU_ASSERT_FALSE(loginlink_parse_for(longname, n, e));

	CU_ASSERT_TRUE(loginlink_parse_expires("7d", &s));
	CU_ASSERT_EQUAL(s, 7 * 86400);
	CU_ASSERT_TRUE(loginlink_parse_expires("1h", &s));
	CU_ASSERT_EQUAL(s, 3600);
	CU_ASSERT_TRUE(loginlink_parse_expires("30d", &s));
	CU_ASSERT_TRUE(loginlink_parse_expires("720h", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("31d", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("721h", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("0d", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("7", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("-1d", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("7w", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires("d", &s));
	CU_ASSERT_FALSE(loginlink_parse_expires(NULL, &s));
}

static void
link_url(void)
{
	char	u[LOGINLINK_URL_MAX];

	CU_ASSERT_TRUE(loginlink_url("https://a.example/", ID_A, u, sizeof(u)));
	CU_ASSERT_STRING_EQUAL(u, "https://a.example/login/" ID_A);
	CU_ASSERT_TRUE(loginlink_url("https://a.example/annexa", ID_A, u,
	    sizeof(u)));
	CU_ASSERT_STRING_EQUAL(u, "https://a.example/annexa/login/" ID_A);
	CU_ASSERT_FALSE(loginlink_url(NULL, ID_A, u, sizeof(u)));
	CU_ASSERT_FALSE(loginlink_url("https://a.example", ID_A, u, 20));
}

static void
session_conf_keys(void)
{
	struct conf	c;
	char		msg[256];

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_PTR_NULL(c.public_url);
	CU_ASSERT_EQUAL(c.session_idle, 30 * 60);
	CU_ASSERT_EQUAL(c.session_max, 12 * 3600);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "public_url = https://annexa.example.com\n"
	    "session_idle = 15m\nsession_max = 1d\n", msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(c.public_url, "https://annexa.example.com");
	CU_ASSERT_EQUAL(c.session_idle, 900);
	CU_ASSERT_EQUAL(c.session_max, 86400);
	conf_free(&c);
	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "session_idle = 3600\n", msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(c.session_idle, 3600);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "session_idle = 10s\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "t.conf:1"));
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "session_max = 31d\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "session_max = 2w\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "public_url = annexa.example\n",
	    msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "public_url = https://a.example/?x=1\n", msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "public_url = https://u@a.example\n", msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "public_url = https://\n",
	    msg, sizeof(msg)), ERR_INVALID);
	conf_free(&c);
}

static void
log_path_hides_link_tokens(void)
{
	char	out[256];

	CU_ASSERT_STRING_EQUAL(http_log_path("/login/" ID_A, out, sizeof(out)),
	    "/login/\xe2\x80\xa6");
	CU_ASSERT_STRING_EQUAL(http_log_path("/x/login/" ID_A "/more", out,
	    sizeof(out)), "/x/login/\xe2\x80\xa6");
	CU_ASSERT_STRING_EQUAL(http_log_path("/api/v1/orgs", out, sizeof(out)),
	    "/api/v1/orgs");
	CU_ASSERT_STRING_EQUAL(http_log_path("/signin", out, sizeof(out)),
	    "/signin");
}

static const struct unit_test tests[] = {
	{ "session cookie parsing", cookie_parsing },
	{ "CSRF token of a session", csrf_token },
	{ "Origin and Referer against public_url", origin_check },
	{ "Set-Cookie attributes", set_cookie_attributes },
	{ "sign-in link --for and --expires", link_for_and_expires },
	{ "sign-in link URL from public_url", link_url },
	{ "public_url, session_idle, session_max", session_conf_keys },
	{ "request log hides sign-in link tokens", log_path_hides_link_tokens },
	{ NULL, NULL }
};

int
suite_session(void)
{
	return add_suite("session", tests);
}
