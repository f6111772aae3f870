/*
 * share.h — share links: one report of one organisation for one named
 * recipient, behind an unguessable link, until the link expires, is
 * revoked or has been downloaded its number of times.
 *
 * A link is public_url + "/s/" + a secret of SHARE_SECRET_LEN lowercase
 * hex digits (128 random bits); the database keeps the secret's SHA-256,
 * found by equality on that hash (an index lookup: nothing about the
 * secret is compared byte by byte), and never the secret.  The first six
 * hex digits of the hash are the link's reference: they name the link in
 * lists, logs and watermarks without giving it away.
 *
 * This module stores and reads links, the organisation's NDA texts and
 * the access log; it knows nothing of HTTP or reports.  The handlers
 * (h_shares.c, h_share_page.c) and `annexa share` (cmd_share.c) use it.
 */
#ifndef ANNEXA_SHARE_H
#define ANNEXA_SHARE_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "errcode.h"

#define SHARE_SECRET_LEN	32		/* hex digits: 128 bits */
#define SHARE_REF_LEN		6		/* hex digits of hash */
#define SHARE_COMPANY_MAX	100		/* bytes */
#define SHARE_SECONDS_MIN	3600		/* one hour */
#define SHARE_SECONDS_MAX	(365 * 86400)	/* a year */
#define SHARE_DOWNLOADS_MAX	1000
#define SHARE_NDA_MAX		20000		/* bytes of an NDA */
/* Bytes of a client address, of a user agent kept. */
#define SHARE_ADDR_MAX		64
#define SHARE_AGENT_MAX		512
#define SHARE_URL_MAX		600
#define SHARE_WATERMARK_MAX	700
#define SHARE_TO_RULE	"a company, a comma, then a name and an e-mail " \
	"address in angle brackets, as \"Globex Corp, Ana Ruiz " \
	"<ana@globex.example>\" (the company at most 100 bytes)"
#define SHARE_REPORT_RULE	"comparison, gap, soa or management-review"
#define SHARE_EXPIRES_RULE	"days or hours, as 30d or 12h, from 1h to " \
	"365d"

struct db;
struct pool;
struct principal;

/* Whom a link is for. */
struct share_recipient {
	char	company[SHARE_COMPANY_MAX + 1];
	char	name[AUTH_PERSON_NAME_MAX + 1];
	char	email[AUTH_PERSON_EMAIL_MAX + 1];
};

/* A new link, validated by the caller with the parsers below. */
struct share_spec {
	const char		*org;
	const char		*report;	/* share_report_valid() */
	const char		*target;	/* the gap report's only */
	struct share_recipient	 to;
	bool			 nda;
	int			 max_downloads;	/* 0: no limit */
	long long		 seconds;	/* validity */
	/*
	 * The creation time (YYYY-MM-DDTHH:MM:SSZ) instead of now: a test
	 * clock, from ANNEXA_TEST_NOW for `annexa share create` only.
	 */
	const char		*now;
};

enum share_state {
	SHARE_ACTIVE,
	SHARE_EXPIRED,
	SHARE_REVOKED,
	SHARE_USED_UP
};

/* What a link gives, as its recipient's page shows it. */
struct share_info {
	long long		 id;
	char			 org[65];
	char			 org_name[512];
	char			 ref[SHARE_REF_LEN + 1];
	char			 report[32];
	char			 target[65];	/* "" but for gap */
	struct share_recipient	 to;
	bool			 nda;
	bool			 accepted;	/* the NDA was accepted */
	char			 expires[32]; /* YYYY-MM-DD HH:MM UTC */
	enum share_state	 state;
	long long		 downloads;
	long long		 max_downloads;	/* 0: no limit */
};

/* What a recipient typed into the NDA form, and what they saw. */
struct share_acceptance {
	int			 nda_version;
	struct share_recipient	 who;
};

/*
 * Parses "COMPANY, NAME <EMAIL>": the company is what comes before the
 * last comma ahead of the '<' (1 to SHARE_COMPANY_MAX bytes of text
 * without control characters or angle brackets, spaces around it
 * dropped), the rest as loginlink_parse_for() takes it.  False when s is
 * not of that shape.
 */
bool		share_parse_to(const char *s, struct share_recipient *);
/*
 * Whether s is a name as links take it: 1 to max bytes of valid UTF-8
 * without control characters or angle brackets, no space at either end.
 */
bool		share_valid_label(const char *s, size_t max);
/* Whether s is a company name as share_parse_to() takes it. */
bool		share_valid_company(const char *s);
/*
 * Parses a validity "Nd" or "Nh" into seconds, from SHARE_SECONDS_MIN
 * to SHARE_SECONDS_MAX; false otherwise (a link never lives longer).
 */
bool		share_parse_expires(const char *s, long long *seconds);
/* Whether name is a report a link may share (SHARE_REPORT_RULE). */
bool		share_report_valid(const char *name);
/* Whether s[0..len) has the shape of a link's secret. */
bool		share_valid_secret(const char *s, size_t len);
/* public_url + "/s/" + secret into out; false when it does not fit. */
bool		share_url(const char *public_url, const char *secret,
		    char *out, size_t outsz);
/*
 * The state word of a link, as lists and the API show it: active,
 * expired, revoked, used-up.
 */
const char	*share_state_name(enum share_state);
/*
 * The line every page of a file downloaded through link li carries, on
 * date (YYYY-MM-DD): "Prepared for COMPANY (EMAIL) · DATE · link REF".
 */
void		share_watermark(const struct share_info *li,
		    const char *date, char *out, size_t outsz);
/*
 * Copies a client's user agent for the access log: at most
 * SHARE_AGENT_MAX bytes, every byte outside printable ASCII as '?' (it
 * is stored as text and shown in pages and CSV).  NULL gives "".
 */
void		share_clean_agent(const char *ua, char *out, size_t outsz);

/*
 * Makes a link: the secret goes to secret (shown once, then forgotten by
 * the caller), the new link's id to *id and its expiry
 * (YYYY-MM-DDTHH:MM:SSZ) to expires.  by is an API caller (NULL: the
 * command line); "share.create" is audited in the same transaction.
 * ERR_NOT_FOUND: no such organisation; ERR_INVALID: no framework
 * s->target; ERR_CONFLICT: s->nda but the organisation has no NDA text
 * yet.
 */
enum err	share_create(struct db *, const struct share_spec *s,
		    const struct principal *by,
		    char secret[SHARE_SECRET_LEN + 1],
		    long long *id, char expires[32]);
/*
 * Revokes link id (decimal) of org (NULL: any organisation, the command
 * line); revoking it again changes nothing.  Audited as "share.revoke"
 * for by.  ERR_NOT_FOUND when org has no such link.
 */
enum err	share_revoke(struct db *, const char *id, const char *org,
		    const struct principal *by);
/* What link secret gives, whatever its state; ERR_NOT_FOUND: none. */
enum err	share_peek(struct db *, const char *secret, size_t len,
		    struct share_info *);
/*
 * The latest NDA text of org: *version and *body (pool storage).
 * ERR_NOT_FOUND when the organisation has none.
 */
enum err	share_nda_current(struct db *, struct pool *, const char *org,
		    int *version, const char **body);
/* Stores body as org's next NDA version; *version is its number. */
enum err	share_nda_set(struct db *, const char *org, const char *body,
		    int *version);
struct mtable;

/* The link and download a report run was made for (verification). */
struct share_origin {
	const char	*share_id;
	const char	*ref;
	const char	*company;
	const char	*name;
	const char	*email;
	const char	*access_id;	/* the download's access */
	const char	*downloaded_at;
	const char	*client_addr;	/* may be NULL */
};
/*
 * Whether report run run_id (decimal) was a share link's download:
 * *found, and *o (cells in pool) when it was.
 */
enum err	share_origin(struct db *, struct pool *, const char *run_id,
		    struct share_origin *o, bool *found);
/*
 * The links of org (NULL: of every organisation), newest first, at most
 * 500: the columns of STMT_SHARE_LIST (db_stmt.h), cells in pool.
 */
enum err	share_list(struct db *, struct pool *, const char *org,
		    struct mtable *);
/*
 * The access log of link id (decimal) of org (NULL: any), oldest first:
 * the columns of STMT_SHARE_ACCESSES, cells in pool, without the row of
 * NULLs a link never opened gives.  ERR_NOT_FOUND when org has no such
 * link.
 */
enum err	share_accesses(struct db *, struct pool *, const char *id,
		    const char *org, struct mtable *);
/*
 * Records one access to link share_id: event "view", "nda" (with
 * acceptance) or "refused", with the client address and user agent
 * (either may be NULL).
 */
enum err	share_log(struct db *, long long share_id, const char *event,
		    const char *addr, const char *agent,
		    const struct share_acceptance *acceptance);
/*
 * For a download, inside the caller's transaction: locks link share_id
 * and tells its state now (*state), so that two downloads at once never
 * pass max_downloads together.
 */
enum err	share_lock(struct db *, long long share_id,
		    enum share_state *state);
/*
 * Inside the same transaction: ties report run run_id to link share_id
 * and records the download in the access log; *access is its id.
 */
enum err	share_log_download(struct db *, long long share_id,
		    long long run_id, const char *addr, const char *agent,
		    long long *access);

#endif
