#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "mapstore.h"
#include "orgimport.h"
#include "pool.h"
#include "record.h"
#include "valid.h"

/*
 * The sections of a bundle in the order they are written (references
 * point backwards).  Statement parameters: $1 the organisation, then $2
 * the source framework when with_fw, then the fields in table order.
 */
struct section {
	const char		*key;
	enum record_kind	 kind;
	enum stmt		 stmt;
	bool			 with_fw;
};

enum { SEC_SCOPES, SEC_SOA, SEC_EVIDENCE, SEC_REVIEWS, SEC_CHANGES,
    SEC_EXCEPTIONS, SEC_FINDINGS, SEC_CAS, SEC_MRS, SEC_RISKS, SEC_RISK_CONTROLS,
    SEC_OBJECTIVES, SEC_FEEDBACK, SEC__MAX };

static const struct section sections[SEC__MAX] = {
	[SEC_SCOPES] = { "scopes", REC_SCOPE, STMT_SCOPE_UPSERT, false },
	[SEC_SOA] = { "soa", REC_SOA, STMT_SOA_INSERT, true },
	[SEC_EVIDENCE] = { "evidence", REC_EVIDENCE, STMT_EVIDENCE_APPEND, true },
	[SEC_REVIEWS] = { "reviews", REC_REVIEW, STMT_REVIEW_APPEND, true },
	[SEC_CHANGES] = { "changes", REC_CHANGE, STMT_CHANGE_APPEND, true },
	[SEC_EXCEPTIONS] = { "exceptions", REC_EXCEPTION, STMT_EXCEPTION_UPSERT, true },
	[SEC_FINDINGS] = { "findings", REC_FINDING, STMT_FINDING_UPSERT, true },
	[SEC_CAS] = { "corrective_actions", REC_CA, STMT_CA_UPSERT, false },
	[SEC_MRS] = { "management_reviews", REC_MR, STMT_MR_UPSERT, false },
	[SEC_RISKS] = { "risks", REC_RISK, STMT_RISK_UPSERT, false },
	[SEC_RISK_CONTROLS] = { "risk_controls", REC_RISK_CONTROL,
	    STMT_RISK_CONTROL_INSERT, true },
	[SEC_OBJECTIVES] = { "objectives", REC_OBJECTIVE, STMT_OBJECTIVE_UPSERT, false },
	[SEC_FEEDBACK] = { "feedback", REC_FEEDBACK, STMT_FEEDBACK_APPEND, false },
};

const char *
orgimport_section_name(size_t i)
{
	return i < SEC__MAX ? sections[i].key : "?";
}

/* Runs a statement for one checked object; names it on failure. */
static enum err
write_row(struct record_ctx *c, struct db *db, enum stmt st, const char *org,
    const char *fw, const char *const *vals, size_t nv, const char *where)
{
	const char	*params[16];
	size_t		 k = 0, i;
	enum err	 e;

	params[k++] = org;
	if (fw != NULL)
		params[k++] = fw;
	for (i = 0; i < nv && k < 16; i++)
		params[k++] = vals[i];
	if ((e = db_run(db, st, params)) != ERR_OK)
		snprintf(c->msg, c->msgsz, "%s: %s: %s", c->origin, where,
		    db_errmsg(db));
	return e;
}

/* Checks (write == false) or writes (write == true) every section. */
static enum err
walk(struct record_ctx *c, struct db *db, struct pool *p, json_t *root,
    const char *org, const char *fw, bool write, struct orgimport_result *res)
{
	static const char *const mr_extra[] = { "items", NULL };
	const char	*vals[16], *ivals[16];
	char		 where[96], iwhere[160];
	json_t		*arr, *obj, *items, *it;
	size_t		 s, i, j, n;
	enum err	 e;

	for (s = 0; s < SEC__MAX; s++) {
		arr = json_object_get(root, sections[s].key);
		if (arr == NULL || json_is_null(arr))
			continue;
		if (!json_is_array(arr) || json_array_size(arr) > ORGIMPORT_ITEMS_MAX) {
			snprintf(c->msg, c->msgsz, "%s: %s: must be an array of at "
			    "most %d objects", c->origin, sections[s].key,
			    ORGIMPORT_ITEMS_MAX);
			return ERR_INVALID;
		}
		n = record_nfields(sections[s].kind);
		if (write && s == SEC_SOA &&
		    (e = db_run(db, STMT_SOA_DELETE, (const char *[]){ org })) != ERR_OK) {
			snprintf(c->msg, c->msgsz, "%s: soa: %s", c->origin,
			    db_errmsg(db));
			return e;
		}
		json_array_foreach(arr, i, obj) {
			snprintf(where, sizeof(where), "%s[%zu]", sections[s].key, i);
			if ((e = record_check(sections[s].kind, obj, c, p, where,
			    s == SEC_MRS ? mr_extra : NULL, vals)) != ERR_OK)
				return e;
			if (write && (e = write_row(c, db, sections[s].stmt, org,
			    sections[s].with_fw ? fw : NULL, vals, n, where)) != ERR_OK)
				return e;
			if (s != SEC_MRS)
				continue;
			/* A management review's decisions and actions. */
			items = json_object_get(obj, "items");
			if (items != NULL && !json_is_null(items) &&
			    (!json_is_array(items) || json_array_size(items) > 1000)) {
				snprintf(c->msg, c->msgsz, "%s: %s.items: must be an "
				    "array of at most 1000 objects", c->origin, where);
				return ERR_INVALID;
			}
			if (write && (e = write_row(c, db, STMT_MRI_DELETE, org,
			    NULL, vals, 1, where)) != ERR_OK)
				return e;
			json_array_foreach(items, j, it) {
				snprintf(iwhere, sizeof(iwhere), "%s.items[%zu]",
				    where, j);
				if ((e = record_check(REC_ITEM, it, c, p, iwhere, NULL,
				    ivals)) != ERR_OK)
					return e;
				if (write) {
					/* $2 is the review's id (vals[0]). */
					if ((e = write_row(c, db, STMT_MRI_INSERT, org,
					    vals[0], ivals, record_nfields(REC_ITEM),
					    iwhere)) != ERR_OK)
						return e;
				}
			}
		}
		res->counts[s] = json_array_size(arr);
	}
	return ERR_OK;
}

enum err
orgimport_text(struct db *db, const char *origin, const char *text,
    size_t len, struct orgimport_result *res, char *msg, size_t msgsz)
{
	static const char *const top[] = { "org", "scopes", "soa", "evidence",
	    "reviews", "changes", "exceptions", "findings", "corrective_actions",
	    "management_reviews", "risks", "risk_controls", "objectives",
	    "feedback", NULL };
	struct catalog_index	 catalog = { NULL, NULL, 0 };
	struct record_ctx	 c = { origin, &catalog, msg, msgsz };
	const char	*org_vals[8], *k, *fw;
	json_error_t	 jerr;
	json_t		*root, *v;
	struct pool	*p;
	size_t		 i;
	enum err	 e;

	memset(res, 0, sizeof(*res));
	res->nsections = SEC__MAX;
	if ((p = pool_new()) == NULL)
		return ERR_NOMEM;
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		snprintf(msg, msgsz, "%s:%d: %s", origin, jerr.line, jerr.text);
		pool_free(p);
		return ERR_INVALID;
	}
	e = ERR_INVALID;
	if (!json_is_object(root)) {
		snprintf(msg, msgsz, "%s: the bundle must be a JSON object", origin);
		goto out;
	}
	json_object_foreach(root, k, v) {
		for (i = 0; top[i] != NULL && strcmp(top[i], k) != 0; i++)
			;
		if (top[i] == NULL) {
			snprintf(msg, msgsz, "%s: %.64s: unknown key", origin, k);
			goto out;
		}
	}
	if ((e = record_check(REC_ORG, json_object_get(root, "org"), &c, p, "org",
	    NULL, org_vals)) != ERR_OK)
		goto out;
	fw = org_vals[3] != NULL ? org_vals[3] : "iso27017-2015";
	org_vals[3] = fw;
	if ((e = catalog_index_load(db, p, fw, &catalog)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	if (catalog.n == 0) {
		snprintf(msg, msgsz, "%s: org.source_framework: %s has no catalog",
		    origin, fw);
		e = ERR_INVALID;
		goto out;
	}
	/* Everything is checked before anything is written. */
	if ((e = walk(&c, db, p, root, org_vals[0], fw, false, res)) != ERR_OK)
		goto out;
	if ((e = db_begin(db)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	if ((e = db_run(db, STMT_ORG_UPSERT, org_vals)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: org: %s", origin, db_errmsg(db));
		db_rollback(db);
		goto out;
	}
	if ((e = walk(&c, db, p, root, org_vals[0], fw, true, res)) != ERR_OK) {
		db_rollback(db);
		goto out;
	}
	if ((e = db_commit(db)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	snprintf(res->org, sizeof(res->org), "%s", org_vals[0]);
out:
	json_decref(root);
	pool_free(p);
	return e;
}
