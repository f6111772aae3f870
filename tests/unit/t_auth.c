#include "config.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "tests.h"

static void
token_shape_and_hash(void)
{
	char		 a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
	char		 hdr[128], h1[AUTH_HASH_HEX], h2[AUTH_HASH_HEX];
	const char	*tok;
	size_t		 len;

	CU_ASSERT_EQUAL_FATAL(auth_token_new(a, sizeof(a)), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(auth_token_new(b, sizeof(b)), ERR_OK);
	CU_ASSERT_EQUAL(strlen(a), AUTH_TOKEN_LEN);
	CU_ASSERT_NOT_EQUAL(strcmp(a, b), 0);
	snprintf(hdr, sizeof(hdr), "Bearer %s", a);
	CU_ASSERT_TRUE_FATAL(auth_bearer(hdr, &tok, &len));
	CU_ASSERT_EQUAL(len, AUTH_TOKEN_LEN);
	CU_ASSERT_EQUAL(strncmp(tok, a, len), 0);
	auth_token_hash(a, strlen(a), h1);
	auth_token_hash(b, strlen(b), h2);
	CU_ASSERT_EQUAL(strlen(h1), 64);
	CU_ASSERT_NOT_EQUAL(strcmp(h1, h2), 0);
	/* SHA-256("abc"), FIPS 180-2 appendix B.1 */
	auth_token_hash("abc", 3, h1);
	CU_ASSERT_STRING_EQUAL(h1,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
bearer_rejects(void)
{
	const char	*tok;
	size_t		 len;

	CU_ASSERT_FALSE(auth_bearer(NULL, &tok, &len));
	CU_ASSERT_FALSE(auth_bearer("", &tok, &len));
	CU_ASSERT_FALSE(auth_bearer("Basic dXNlcjpwdw==", &tok, &len));
	CU_ASSERT_FALSE(auth_bearer("Bearer ", &tok, &len));
	CU_ASSERT_FALSE(auth_bearer("Bearer ax_short", &tok, &len));
	CU_ASSERT_FALSE(auth_bearer(
	    "Bearer xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &tok, &len));
	CU_ASSERT_FALSE(auth_bearer(
	    "Bearer ax_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &tok, &len));
	CU_ASSERT_FALSE(auth_bearer(
	    "Bearer ax_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!", &tok, &len));
	CU_ASSERT_TRUE(auth_bearer(
	    "bearer ax_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &tok, &len));
}

static void
roles(void)
{
	enum role	r;

	CU_ASSERT_TRUE(auth_role_parse("editor", &r));
	CU_ASSERT_EQUAL(r, ROLE_EDITOR);
	CU_ASSERT_FALSE(auth_role_parse("root", &r));
	CU_ASSERT_TRUE(ROLE_VIEWER < ROLE_EDITOR && ROLE_EDITOR < ROLE_ADMIN);
	CU_ASSERT_STRING_EQUAL(auth_role_name(ROLE_ADMIN), "admin");
}

/* Runs name who asked: a person with their address, a token by its label. */
static void
principal_label(void)
{
	struct principal	who;
	char			out[AUTH_LABEL_MAX + 1];

	memset(&who, 0, sizeof(who));
	snprintf(who.person_name, sizeof(who.person_name), "Jane Doe");
	snprintf(who.person_email, sizeof(who.person_email), "jane@example.com");
	auth_principal_label(&who, out);
	CU_ASSERT_STRING_EQUAL(out, "Jane Doe <jane@example.com>");
	/* A bearer token is no person: its label names it. */
	memset(&who, 0, sizeof(who));
	snprintf(who.token_label, sizeof(who.token_label), "ci-bot");
	auth_principal_label(&who, out);
	CU_ASSERT_STRING_EQUAL(out, "ci-bot");
	/* The longest name and address fit whole. */
	memset(who.person_name, 'n', AUTH_PERSON_NAME_MAX);
	who.person_name[AUTH_PERSON_NAME_MAX] = '\0';
	memset(who.person_email, 'e', AUTH_PERSON_EMAIL_MAX);
	who.person_email[AUTH_PERSON_EMAIL_MAX] = '\0';
	auth_principal_label(&who, out);
	CU_ASSERT_EQUAL(strlen(out), AUTH_LABEL_MAX);
	CU_ASSERT_EQUAL(out[AUTH_LABEL_MAX - 1], '>');
}

static const struct unit_test tests[] = {
	{ "token shape and SHA-256", token_shape_and_hash },
	{ "bearer header parsing rejects bad tokens", bearer_rejects },
	{ "roles", roles },
	{ "a principal's label names the person or the token", principal_label },
	{ NULL, NULL }
};

int
suite_auth(void)
{
	return add_suite("auth", tests);
}
