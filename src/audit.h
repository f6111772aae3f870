/*
 * audit.h — the audit log: who did what, written by the statement that
 * changes data, in the same transaction where there is one.  A bearer
 * token is audited by its id; a browser session by its id and the name
 * and e-mail of the person it is for.
 */
#ifndef ANNEXA_AUDIT_H
#define ANNEXA_AUDIT_H

#include "auth.h"
#include "errcode.h"

struct db;

/*
 * Writes one entry: action (e.g. "review.create") by who (NULL: the
 * command line) about org (NULL: who's organisation, if any), with
 * detail a JSON object or NULL.
 */
enum err	audit_write(struct db *, const struct principal *who,
		    const char *org, const char *action, const char *detail);

#endif
