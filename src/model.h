/*
 * model.h — the read model the API and reports are built on.
 *
 * Each function runs prepared statements through the db module and hands
 * back plain row structs allocated from the pool; strings point into
 * results that the pool releases at reset.  Nothing here knows HTTP.
 */
#ifndef ANNEXA_MODEL_H
#define ANNEXA_MODEL_H

#include <stddef.h>

#include "auth.h"
#include "errcode.h"

struct db;
struct pool;

struct fw_row {
	const char	*id;
	const char	*name;
	const char	*version;
	const char	*publisher;
	long long	 controls;
};

struct control_row {
	const char	*id;
	const char	*title;
	const char	*group_id;
	const char	*group_title;
};

struct org_row {
	const char	*id;
	const char	*name;
	const char	*cloud_role;
	const char	*source_framework;
};

enum err	model_ping(struct db *);
/* The organisations a principal may see: all for a global token. */
enum err	model_orgs(struct db *, struct pool *, const struct principal *,
		    struct org_row **, size_t *);
enum err	model_frameworks(struct db *, struct pool *,
		    struct fw_row **, size_t *);
/* ERR_NOT_FOUND when the framework does not exist; group may be NULL. */
enum err	model_controls(struct db *, struct pool *, const char *fw,
		    const char *group, struct control_row **, size_t *);
/*
 * The principal of a token given as its SHA-256 hex; ERR_UNAUTHORIZED
 * when it is unknown, revoked or expired.
 */
enum err	model_principal(struct db *, const char *hash_hex,
		    struct principal *);

#endif
