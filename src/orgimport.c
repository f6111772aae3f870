#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "mapstore.h"
#include "orgimport.h"
#include "pool.h"
#include "valid.h"

#define TEXT_MAX	4000

enum fkind {
	F_IDENT,	/* [A-Za-z0-9._&-]{1,64} */
	F_TEXT,		/* UTF-8 text, no control characters but TAB/LF */
	F_DATE,		/* YYYY-MM-DD */
	F_BOOL,
	F_SCORE,	/* 1..5 */
	F_ENUM,
	F_CONTROL,	/* a control of the organisation's source framework */
	F_SHA256	/* 64 lowercase hex digits */
};

struct field {
	const char		*name;
	enum fkind		 kind;
	bool			 required;
	const char *const	*values;	/* F_ENUM */
};

static const char *const impls[] =
    { "implemented", "partial", "planned", "not-implemented", NULL };
static const char *const resps[] = { "csp", "csc", "shared", NULL };
static const char *const kinds[] = { "shared-responsibility-matrix",
    "cloud-service-agreement", "provider-assurance-report",
    "configuration-baseline", "privileged-access-review", "log-record",
    "vulnerability-handling-record", "change-record", "decision-record",
    "other", NULL };
static const char *const results[] =
    { "effective", "partially-effective", "ineffective", NULL };
static const char *const change_kinds[] = { "scope", "service", "supplier",
    "risk", "architecture", "responsibility-boundary", "external-issue",
    "internal-issue", "interested-party", NULL };
static const char *const exc_status[] = { "open", "closed", "revoked", NULL };
static const char *const sources[] = { "internal-audit", "external-audit",
    "review", "incident", "customer", NULL };
static const char *const severities[] = { "major", "minor", "observation", NULL };
static const char *const item_kinds[] = { "decision", "action", NULL };
static const char *const item_status[] =
    { "open", "in-progress", "done", "dropped", NULL };
static const char *const treatments[] =
    { "modify", "retain", "avoid", "share", NULL };
static const char *const risk_status[] =
    { "open", "treated", "accepted", "closed", NULL };
static const char *const obj_status[] = { "met", "not-met", "in-progress", NULL };
static const char *const parties[] = { "customer", "regulator", "supplier",
    "staff", "auditor", "other", NULL };
static const char *const cloud_roles[] = { "csp", "csc", "both", NULL };

#define END	{ NULL, F_TEXT, false, NULL }

static const struct field f_org[] = {
	{ "id", F_IDENT, true, NULL }, { "name", F_TEXT, true, NULL },
	{ "cloud_role", F_ENUM, true, cloud_roles },
	{ "source_framework", F_IDENT, false, NULL }, END };
static const struct field f_scope[] = {
	{ "id", F_IDENT, true, NULL }, { "statement", F_TEXT, true, NULL },
	{ "boundary", F_TEXT, false, NULL }, END };
static const struct field f_soa[] = {
	{ "control", F_CONTROL, true, NULL }, { "applicable", F_BOOL, true, NULL },
	{ "justification", F_TEXT, false, NULL },
	{ "implementation", F_ENUM, true, impls },
	{ "responsibility", F_ENUM, false, resps },
	{ "scope_id", F_IDENT, false, NULL }, { "owner", F_TEXT, false, NULL },
	{ "evidence_source", F_TEXT, false, NULL },
	{ "change_trigger", F_TEXT, false, NULL },
	{ "escalation_path", F_TEXT, false, NULL }, END };
static const struct field f_evidence[] = {
	{ "control", F_CONTROL, true, NULL }, { "kind", F_ENUM, true, kinds },
	{ "title", F_TEXT, true, NULL }, { "collected_at", F_DATE, true, NULL },
	{ "valid_until", F_DATE, false, NULL }, { "location", F_TEXT, false, NULL },
	{ "sha256", F_SHA256, false, NULL }, { "collected_by", F_TEXT, false, NULL },
	END };
static const struct field f_review[] = {
	{ "control", F_CONTROL, true, NULL }, { "reviewed_at", F_DATE, true, NULL },
	{ "reviewer", F_TEXT, true, NULL }, { "result", F_ENUM, true, results },
	{ "notes", F_TEXT, false, NULL }, { "next_review_due", F_DATE, false, NULL },
	END };
static const struct field f_change[] = {
	{ "occurred_at", F_DATE, true, NULL }, { "kind", F_ENUM, true, change_kinds },
	{ "description", F_TEXT, true, NULL }, { "control", F_CONTROL, false, NULL },
	END };
static const struct field f_exception[] = {
	{ "id", F_IDENT, true, NULL }, { "control", F_CONTROL, true, NULL },
	{ "description", F_TEXT, true, NULL }, { "accepted_by", F_TEXT, false, NULL },
	{ "approved_at", F_DATE, false, NULL }, { "expires_at", F_DATE, false, NULL },
	{ "status", F_ENUM, true, exc_status }, END };
static const struct field f_finding[] = {
	{ "id", F_IDENT, true, NULL }, { "control", F_CONTROL, false, NULL },
	{ "source", F_ENUM, true, sources }, { "severity", F_ENUM, true, severities },
	{ "description", F_TEXT, true, NULL }, { "raised_at", F_DATE, true, NULL },
	{ "owner", F_TEXT, false, NULL }, { "due_at", F_DATE, false, NULL },
	{ "closed_at", F_DATE, false, NULL }, { "root_cause", F_TEXT, false, NULL },
	END };
static const struct field f_ca[] = {
	{ "id", F_IDENT, true, NULL }, { "finding", F_IDENT, true, NULL },
	{ "description", F_TEXT, true, NULL }, { "owner", F_TEXT, false, NULL },
	{ "due_at", F_DATE, false, NULL }, { "completed_at", F_DATE, false, NULL },
	{ "effectiveness_checked_at", F_DATE, false, NULL }, END };
static const struct field f_mr[] = {
	{ "id", F_IDENT, true, NULL }, { "held_at", F_DATE, true, NULL },
	{ "period_start", F_DATE, true, NULL }, { "period_end", F_DATE, true, NULL },
	{ "chair", F_TEXT, false, NULL }, { "attendees", F_TEXT, false, NULL },
	{ "summary", F_TEXT, false, NULL }, END };
static const struct field f_item[] = {
	{ "kind", F_ENUM, true, item_kinds }, { "text", F_TEXT, true, NULL },
	{ "owner", F_TEXT, false, NULL }, { "due_at", F_DATE, false, NULL },
	{ "status", F_ENUM, true, item_status }, { "closed_at", F_DATE, false, NULL },
	END };
static const struct field f_risk[] = {
	{ "id", F_IDENT, true, NULL }, { "title", F_TEXT, true, NULL },
	{ "owner", F_TEXT, false, NULL }, { "likelihood", F_SCORE, true, NULL },
	{ "impact", F_SCORE, true, NULL }, { "treatment", F_ENUM, true, treatments },
	{ "treatment_plan", F_TEXT, false, NULL },
	{ "status", F_ENUM, true, risk_status },
	{ "residual_likelihood", F_SCORE, false, NULL },
	{ "residual_impact", F_SCORE, false, NULL },
	{ "assessed_at", F_DATE, true, NULL }, END };
static const struct field f_risk_control[] = {
	{ "risk", F_IDENT, true, NULL }, { "control", F_CONTROL, true, NULL }, END };
static const struct field f_objective[] = {
	{ "id", F_IDENT, true, NULL }, { "title", F_TEXT, true, NULL },
	{ "measure", F_TEXT, false, NULL }, { "target", F_TEXT, false, NULL },
	{ "value", F_TEXT, false, NULL }, { "measured_at", F_DATE, false, NULL },
	{ "status", F_ENUM, true, obj_status }, END };
static const struct field f_feedback[] = {
	{ "received_at", F_DATE, true, NULL }, { "party", F_ENUM, true, parties },
	{ "summary", F_TEXT, true, NULL }, { "response", F_TEXT, false, NULL }, END };

/*
 * The sections of a bundle in the order they are written (references
 * point backwards).  Statement parameters: $1 the organisation, then $2
 * the source framework when with_fw, then the fields in table order.
 */
struct section {
	const char		*key;
	const struct field	*fields;
	enum stmt		 stmt;
	bool			 with_fw;
};

enum { SEC_SCOPES, SEC_SOA, SEC_EVIDENCE, SEC_REVIEWS, SEC_CHANGES,
    SEC_EXCEPTIONS, SEC_FINDINGS, SEC_CAS, SEC_MRS, SEC_RISKS, SEC_RISK_CONTROLS,
    SEC_OBJECTIVES, SEC_FEEDBACK, SEC__MAX };

static const struct section sections[SEC__MAX] = {
	[SEC_SCOPES] = { "scopes", f_scope, STMT_SCOPE_UPSERT, false },
	[SEC_SOA] = { "soa", f_soa, STMT_SOA_INSERT, true },
	[SEC_EVIDENCE] = { "evidence", f_evidence, STMT_EVIDENCE_APPEND, true },
	[SEC_REVIEWS] = { "reviews", f_review, STMT_REVIEW_APPEND, true },
	[SEC_CHANGES] = { "changes", f_change, STMT_CHANGE_APPEND, true },
	[SEC_EXCEPTIONS] = { "exceptions", f_exception, STMT_EXCEPTION_UPSERT, true },
	[SEC_FINDINGS] = { "findings", f_finding, STMT_FINDING_UPSERT, true },
	[SEC_CAS] = { "corrective_actions", f_ca, STMT_CA_UPSERT, false },
	[SEC_MRS] = { "management_reviews", f_mr, STMT_MR_UPSERT, false },
	[SEC_RISKS] = { "risks", f_risk, STMT_RISK_UPSERT, false },
	[SEC_RISK_CONTROLS] = { "risk_controls", f_risk_control,
	    STMT_RISK_CONTROL_INSERT, true },
	[SEC_OBJECTIVES] = { "objectives", f_objective, STMT_OBJECTIVE_UPSERT, false },
	[SEC_FEEDBACK] = { "feedback", f_feedback, STMT_FEEDBACK_APPEND, false },
};

const char *
orgimport_section_name(size_t i)
{
	return i < SEC__MAX ? sections[i].key : "?";
}

/* Validation context: where we are, for messages. */
struct ctx {
	const char		*origin;
	struct catalog_index	 catalog;
	char			*msg;
	size_t			 msgsz;
};

static bool
is_sha256(const char *s)
{
	size_t	i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

/*
 * Checks one object against its fields and writes the parameter values
 * (pool strings, NULL for absent) into vals.  where is e.g. "soa[3]".
 */
static enum err
check_object(struct ctx *c, struct pool *p, json_t *obj, const char *where,
    const struct field *fields, const char *const *extra_keys,
    const char **vals)
{
	const char	*k, *s, *why = NULL;
	json_t		*v;
	size_t		 i, j;
	int64_t		 n;
	char		*num;

	if (!json_is_object(obj)) {
		snprintf(c->msg, c->msgsz, "%s: %s: must be an object", c->origin,
		    where);
		return ERR_INVALID;
	}
	json_object_foreach(obj, k, v) {
		for (i = 0; fields[i].name != NULL; i++)
			if (strcmp(fields[i].name, k) == 0)
				break;
		if (fields[i].name != NULL)
			continue;
		for (j = 0; extra_keys != NULL && extra_keys[j] != NULL; j++)
			if (strcmp(extra_keys[j], k) == 0)
				break;
		if (extra_keys == NULL || extra_keys[j] == NULL) {
			snprintf(c->msg, c->msgsz, "%s: %s.%.64s: unknown key",
			    c->origin, where, k);
			return ERR_INVALID;
		}
	}
	for (i = 0; fields[i].name != NULL; i++) {
		v = json_object_get(obj, fields[i].name);
		vals[i] = NULL;
		if (v == NULL || json_is_null(v)) {
			if (fields[i].required) {
				why = "is required";
				goto bad;
			}
			continue;
		}
		switch (fields[i].kind) {
		case F_BOOL:
			if (!json_is_boolean(v)) {
				why = "must be true or false";
				goto bad;
			}
			vals[i] = json_is_true(v) ? "true" : "false";
			continue;
		case F_SCORE:
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > 5) {
				why = "must be a whole number from 1 to 5";
				goto bad;
			}
			if ((num = pool_alloc(p, 4)) == NULL)
				return ERR_NOMEM;
			n = json_integer_value(v);
			snprintf(num, 4, "%d", (int)n);
			vals[i] = num;
			continue;
		default:
			break;
		}
		if (!json_is_string(v)) {
			why = "must be a string";
			goto bad;
		}
		s = json_string_value(v);
		if (strlen(s) != json_string_length(v)) {
			why = "must not contain NUL";
			goto bad;
		}
		switch (fields[i].kind) {
		case F_IDENT:
			if (!valid_ident(s))
				why = "must be 1 to 64 characters from A-Z a-z 0-9 . _ & -";
			break;
		case F_TEXT:
			if (!valid_text(s, TEXT_MAX))
				why = "must be 1 to 4000 bytes of UTF-8 text without "
				    "control characters";
			break;
		case F_DATE:
			if (!valid_date(s, NULL))
				why = "must be a date YYYY-MM-DD";
			break;
		case F_ENUM:
			if (!valid_enum(s, fields[i].values, NULL))
				why = "is not one of the allowed values";
			break;
		case F_CONTROL:
			if (!valid_ident(s) || !catalog_index_has(&c->catalog, s))
				why = "is not a control of the organisation's "
				    "source framework";
			break;
		case F_SHA256:
			if (!is_sha256(s))
				why = "must be 64 lowercase hex digits";
			break;
		default:
			break;
		}
		if (why != NULL)
			goto bad;
		vals[i] = s;
	}
	return ERR_OK;
bad:
	snprintf(c->msg, c->msgsz, "%s: %s.%s: %s", c->origin, where,
	    fields[i].name, why);
	return ERR_INVALID;
}

static size_t
nfields(const struct field *f)
{
	size_t	n = 0;

	while (f[n].name != NULL)
		n++;
	return n;
}

/* Runs a statement for one checked object; names it on failure. */
static enum err
write_row(struct ctx *c, struct db *db, enum stmt st, const char *org,
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
walk(struct ctx *c, struct db *db, struct pool *p, json_t *root,
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
		n = nfields(sections[s].fields);
		if (write && s == SEC_SOA &&
		    (e = db_run(db, STMT_SOA_DELETE, (const char *[]){ org })) != ERR_OK) {
			snprintf(c->msg, c->msgsz, "%s: soa: %s", c->origin,
			    db_errmsg(db));
			return e;
		}
		json_array_foreach(arr, i, obj) {
			snprintf(where, sizeof(where), "%s[%zu]", sections[s].key, i);
			if ((e = check_object(c, p, obj, where, sections[s].fields,
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
				if ((e = check_object(c, p, it, iwhere, f_item, NULL,
				    ivals)) != ERR_OK)
					return e;
				if (write) {
					/* $2 is the review's id (vals[0]). */
					if ((e = write_row(c, db, STMT_MRI_INSERT, org,
					    vals[0], ivals, nfields(f_item),
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
	struct ctx	 c = { origin, { NULL, NULL, 0 }, msg, msgsz };
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
	if ((e = check_object(&c, p, json_object_get(root, "org"), "org", f_org,
	    NULL, org_vals)) != ERR_OK)
		goto out;
	fw = org_vals[3] != NULL ? org_vals[3] : "iso27017-2015";
	org_vals[3] = fw;
	if ((e = catalog_index_load(db, p, fw, &c.catalog)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	if (c.catalog.n == 0) {
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
