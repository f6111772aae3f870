/*
 * delivery.h — scheduled reports that reach people: a schedule's
 * recipients (e-mail addresses and webhook URLs), and the outbox of
 * deliveries that `schedule run` works through (docs/reports.md,
 * "Delivery"; migration 0013).
 *
 * Exactly one delivery per recipient and run: delivery_enqueue() writes
 * them in the transaction that marks a run succeeded, UNIQUE(run,
 * recipient) keeps a second marking from adding more, and a delivery is
 * claimed by one process at a time (FOR UPDATE SKIP LOCKED) under a
 * lease.  A process that dies after sending and before recording leaves
 * the delivery "sending" until its lease ends; another run then sends it
 * again — the one case of a repeat, which its unchanging id (uid, the
 * Message-ID and the Annexa-Delivery header) lets a receiver drop.
 *
 * An attempt that fails is retried after DELIVERY_BACKOFF_S seconds,
 * doubled for each further attempt up to DELIVERY_BACKOFF_MAX_S; after
 * DELIVERY_ATTEMPTS attempts the delivery is failed for good.
 *
 * Who is inside the organisation: an address a person of the
 * organisation has (annexa.person, the people of single sign-on).  The
 * data model has no e-mail domain of an organisation, so a colleague
 * who is not a person in annexa counts as outside.  Inside, a message
 * has the headline figures, the link to the run on the portal, and the
 * signed PDF when asked (--attach) and no larger than smtp_attach_max.
 * Outside, it has none of these: a share link to the report (for the
 * customer audience, DELIVERY_SHARE_DAYS days, behind the organisation's
 * NDA when it has one) and its expiry instead.
 */
#ifndef ANNEXA_DELIVERY_H
#define ANNEXA_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "auth.h"
#include "errcode.h"
#include "webhook.h"

#define DELIVERY_ATTEMPTS	8
#define DELIVERY_BACKOFF_S	60
#define DELIVERY_BACKOFF_MAX_S	(6 * 3600)
#define DELIVERY_LEASE_S	300
#define DELIVERY_SHARE_DAYS	30
#define DELIVERY_RECIPIENT_RULE	"mailto:ADDRESS or " WEBHOOK_URL_RULE

struct db;
struct mtable;
struct pool;
struct smtp_auth;
struct smtp_relay;

enum delivery_kind {
	DELIVERY_EMAIL,
	DELIVERY_WEBHOOK
};

struct delivery_recipient {
	enum delivery_kind	kind;
	/* The address in lower case, or the URL as given. */
	char			address[WEBHOOK_URL_MAX + 1];
};

/*
 * Parses "mailto:ADDRESS" (an address as people have them, lowered) or
 * a webhook URL (webhook_valid_url()); false when s is neither.
 */
bool		delivery_parse_recipient(const char *s,
		    struct delivery_recipient *);
/* "email" or "webhook", as stored. */
const char	*delivery_kind_name(enum delivery_kind);

/*
 * Adds recipient r to schedule sid (decimal) of org (NULL: any, the
 * command line), inside the caller's transaction when one is open.
 * attach is for e-mail only.  A webhook gets a new secret, written to
 * secret (shown once by the caller); secret is "" for e-mail.
 * ERR_NOT_FOUND: org has no such schedule; ERR_CONFLICT: the schedule
 * has this recipient already.
 */
enum err	delivery_notify_add(struct db *, const char *sid,
		    const char *org, const struct delivery_recipient *r,
		    bool attach, long long *id,
		    char secret[WEBHOOK_SECRET_HEX + 1]);
/*
 * Removes recipient id (decimal) of org (NULL: any) and cancels its
 * deliveries still waiting; ERR_NOT_FOUND when org has no such one.
 */
enum err	delivery_notify_remove(struct db *, const char *id,
		    const char *org);
/*
 * The recipients of schedule sid (NULL: every schedule) of org (NULL:
 * any): the columns of STMT_NOTIFY_LIST, cells in pool.  ERR_NOT_FOUND
 * when sid is given and org has no such schedule.
 */
enum err	delivery_notify_list(struct db *, struct pool *,
		    const char *sid, const char *org, struct mtable *);
/*
 * Inside the transaction that marks run run_id of schedule schedule_id
 * succeeded: one pending delivery per recipient the schedule has.
 */
enum err	delivery_enqueue(struct db *, long long run_id,
		    long long schedule_id);
/*
 * Deliveries, newest first, at most 500: of org (NULL: any), of run
 * (decimal; NULL: any), only failed ones when failed_only.  The columns
 * of STMT_DELIVERY_LIST, cells in pool.
 */
enum err	delivery_list(struct db *, struct pool *, const char *org,
		    const char *run, bool failed_only, struct mtable *);
/* Every delivery on record: sent, failed, pending, and retries made. */
struct delivery_counts {
	long long	sent;
	long long	failed;
	long long	pending;
	long long	retries;
};
enum err	delivery_counts(struct db *, struct delivery_counts *);

/* What sending needs, from the configuration. */
struct delivery_opts {
	const char		*public_url;	/* or NULL: no links */
	const struct smtp_relay	*relay;		/* or NULL: no e-mail */
	const char		*from;
	const struct smtp_auth	*auth;		/* or NULL */
	const char		*ca_file;	/* or NULL */
	size_t			 attach_max;
	int			 lease_s;
	FILE			*err;		/* a line per failed attempt */
};

struct delivery_stats {
	size_t	sent;
	size_t	retrying;	/* failed, to be tried again */
	size_t	failed;		/* failed for good */
};

/*
 * Sends every delivery that is due, one at a time, and records each
 * outcome.  ERR_OK unless the database failed (msg says how); a failed
 * send is counted, not returned.
 */
enum err	delivery_run(struct db *, const struct delivery_opts *,
		    struct delivery_stats *, char *msg, size_t msgsz);

#endif
