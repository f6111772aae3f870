/*
 * person.h — the people single sign-on lets in (annexa.person): one row
 * per e-mail address and organisation, with the role the person holds
 * there.  `annexa user` adds, lists and removes them; the server finds
 * the person an identity proxy vouches for (sso.c).
 *
 * Every rule the table's CHECK constraints hold is checked here first,
 * so bad input is refused with the name of the option at fault and never
 * reaches the database.
 */
#ifndef ANNEXA_PERSON_H
#define ANNEXA_PERSON_H

#include <stdbool.h>
#include <stdio.h>

#include "auth.h"
#include "errcode.h"

struct db;
struct pool;

#define PERSON_EMAIL_RULE	"an e-mail address local@domain.tld in " \
	"printable ASCII, without spaces, <, >, \", commas or semicolons, " \
	"at most 254 bytes"
#define PERSON_NAME_RULE	"1 to 200 bytes of UTF-8 text without " \
	"control characters"

/* One person of one organisation. */
struct person {
	long long	 id;
	char		 org[65];
	char		 email[AUTH_PERSON_EMAIL_MAX + 1];	/* lower case */
	char		 name[AUTH_PERSON_NAME_MAX + 1];	/* "" when none */
	enum role	 role;
};

/* An organisation a person belongs to, for the list of their places. */
struct person_org {
	const char	*org;		/* identifier */
	const char	*org_name;
};

/*
 * Copies e-mail address s into out in lower case (ASCII), when it has the
 * shape of PERSON_EMAIL_RULE; false otherwise (out is then undefined).
 */
bool		person_email_norm(const char *s,
		    char out[AUTH_PERSON_EMAIL_MAX + 1]);
/* Whether s is a display name of PERSON_NAME_RULE. */
bool		person_name_valid(const char *s);

/*
 * Adds the person (email, org, role; name may be NULL) and audits
 * "person.add" as the command line.  The e-mail is lowered first.  On
 * ERR_INVALID and ERR_NOT_FOUND, *field names the option at fault
 * ("--email", "--name", "--org"); ERR_CONFLICT when the organisation
 * already has this person.  Nothing is written unless all is well.
 */
enum err	person_add(struct db *, const char *org, const char *email,
		    const char *name, enum role, const char **field);
/*
 * Removes the person of org with email and revokes every session still
 * open for them: those opened through single sign-on, and those opened
 * with a sign-in link for the same address in the same organisation.
 * *revoked says how many.  Audits "person.remove" as the command line.
 * ERR_NOT_FOUND when there is no such person; ERR_INVALID (with *field)
 * for a malformed address.
 */
enum err	person_remove(struct db *, const char *org, const char *email,
		    int *revoked, const char **field);
/* Prints one line per person, of org or (org NULL) of all. */
enum err	person_list(struct db *, const char *org, FILE *);
/*
 * The person of org with e-mail address email (already lowered);
 * ERR_NOT_FOUND when there is none.
 */
enum err	person_find(struct db *, const char *org, const char *email,
		    struct person *);
/*
 * The organisations email (already lowered) belongs to, by identifier,
 * into an array of the pool; *n may be 0.
 */
enum err	person_orgs(struct db *, struct pool *, const char *email,
		    struct person_org **, size_t *n);

#endif
