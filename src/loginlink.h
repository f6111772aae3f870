/*
 * loginlink.h — one-time sign-in links for named people.
 *
 * A link is public_url + "/login/" + a token of AUTH_RANDOM_LEN base64url
 * digits (32 random bytes); the database keeps the token's SHA-256, the
 * organisation, the role and the person.  Opening the link shows who it
 * signs in; posting its form spends it (once, before it expires) and
 * opens a session.
 */
#ifndef ANNEXA_LOGINLINK_H
#define ANNEXA_LOGINLINK_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "errcode.h"

#define LOGINLINK_DAYS_DEFAULT	7
#define LOGINLINK_SECONDS_MIN	3600		/* one hour */
#define LOGINLINK_SECONDS_MAX	(30 * 86400)	/* thirty days */
#define LOGINLINK_URL_MAX	600
#define LOGINLINK_FOR_RULE	"a name and an e-mail address in angle " \
	"brackets, as \"Jane Doe <jane@example.com>\""

struct db;

/* What the link names, as shown on its page. */
struct loginlink_info {
	long long	 id;
	char		 org[65];
	char		 org_name[512];
	enum role	 role;
	char		 person_name[AUTH_PERSON_NAME_MAX + 1];
	char		 person_email[AUTH_PERSON_EMAIL_MAX + 1];
	enum loginlink_state {
		LOGINLINK_VALID,
		LOGINLINK_SPENT,
		LOGINLINK_EXPIRED
	}		 state;
};

/*
 * Parses "NAME <EMAIL>": a name of 1 to AUTH_PERSON_NAME_MAX bytes of
 * text without angle brackets, and an address local@domain (printable
 * ASCII, no spaces, a dot in the domain).  False when s is not of that
 * shape.
 */
bool		loginlink_parse_for(const char *s,
		    char name[AUTH_PERSON_NAME_MAX + 1],
		    char email[AUTH_PERSON_EMAIL_MAX + 1]);
/*
 * Whether s[0..len) is an e-mail address as links and single sign-on
 * take it: local@domain.tld of 3 to AUTH_PERSON_EMAIL_MAX bytes of
 * printable ASCII without spaces, <, >, ", commas or semicolons, one @,
 * and a dot in the domain that is neither its first nor its last byte.
 */
bool		loginlink_valid_email(const char *s, size_t len);
/*
 * Parses a validity "Nd" (days) or "Nh" (hours) into seconds, between
 * LOGINLINK_SECONDS_MIN and LOGINLINK_SECONDS_MAX; false otherwise.
 */
bool		loginlink_parse_expires(const char *s, long long *seconds);
/*
 * Builds public_url (its trailing slashes dropped) + prefix + secret into
 * out: the URL of a capability annexa hands out (sign-in links, share
 * links); false when public_url is NULL or out is too small.
 */
bool		loginlink_public_url(const char *public_url, const char *prefix,
		    const char *secret, char *out, size_t outsz);
/*
 * Builds public_url + "/login/" + token into out; false when public_url
 * is NULL or out is too small.
 */
bool		loginlink_url(const char *public_url, const char *token,
		    char *out, size_t outsz);
/*
 * Makes a link for the person to org with role, valid for seconds;
 * created_by is the token of an API caller (0: the command line).  Writes
 * the token into tok and the expiry (YYYY-MM-DDTHH:MM:SSZ) into expires,
 * and audits "login_link.create" for by (NULL: the command line).
 * ERR_NOT_FOUND when the organisation does not exist.
 */
enum err	loginlink_create(struct db *, const char *org, enum role,
		    const char *name, const char *email, long long seconds,
		    const struct principal *by, char tok[AUTH_RANDOM_LEN + 1],
		    char expires[32]);
/* What link token names, spent or not; ERR_NOT_FOUND when none does. */
enum err	loginlink_peek(struct db *, const char *tok, size_t len,
		    struct loginlink_info *);
/*
 * Spends link token: *who becomes its person, organisation and role, and
 * *link_id its id.  ERR_NOT_FOUND when no valid link has this token
 * (unknown, spent or expired: loginlink_peek() tells which).
 */
enum err	loginlink_spend(struct db *, const char *tok, size_t len,
		    struct principal *who, long long *link_id);

#endif
