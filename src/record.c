/*
 * record.c — the records of an organisation (DESIGN 3) as JSON objects:
 * one field table per record kind, and one checker that every writer
 * uses (the bundle importer and the POST endpoints).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mapstore.h"
#include "pool.h"
#include "record.h"
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

/* Text fields the schema holds to fewer bytes than TEXT_MAX. */
struct text_limit {
	enum record_kind	 kind;
	const char		*field;
	size_t			 max;
};

static const struct text_limit text_limits[] = {
	{ REC_ORG, "name", 500 },
};

/*
 * Dates of one record that the schema orders (its CHECK constraints): the
 * later one, when given, may not come before the earlier one.
 */
struct date_order {
	enum record_kind	 kind;
	const char		*earlier;
	const char		*later;
};

static const struct date_order date_orders[] = {
	{ REC_EVIDENCE, "collected_at", "valid_until" },
	{ REC_MR, "period_start", "period_end" },
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
	{ "id", F_IDENT, false, NULL }, END };
static const struct field f_review[] = {
	{ "control", F_CONTROL, true, NULL }, { "reviewed_at", F_DATE, true, NULL },
	{ "reviewer", F_TEXT, true, NULL }, { "result", F_ENUM, true, results },
	{ "notes", F_TEXT, false, NULL }, { "next_review_due", F_DATE, false, NULL },
	{ "id", F_IDENT, false, NULL }, END };
static const struct field f_change[] = {
	{ "occurred_at", F_DATE, true, NULL }, { "kind", F_ENUM, true, change_kinds },
	{ "description", F_TEXT, true, NULL }, { "control", F_CONTROL, false, NULL },
	{ "id", F_IDENT, false, NULL }, END };
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
	{ "summary", F_TEXT, true, NULL }, { "response", F_TEXT, false, NULL },
	{ "id", F_IDENT, false, NULL }, END };

static const struct field *const record_fields[REC__MAX] = {
	[REC_ORG] = f_org,
	[REC_SCOPE] = f_scope,
	[REC_SOA] = f_soa,
	[REC_EVIDENCE] = f_evidence,
	[REC_REVIEW] = f_review,
	[REC_CHANGE] = f_change,
	[REC_EXCEPTION] = f_exception,
	[REC_FINDING] = f_finding,
	[REC_CA] = f_ca,
	[REC_MR] = f_mr,
	[REC_ITEM] = f_item,
	[REC_RISK] = f_risk,
	[REC_RISK_CONTROL] = f_risk_control,
	[REC_OBJECTIVE] = f_objective,
	[REC_FEEDBACK] = f_feedback,
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

size_t
record_nfields(enum record_kind k)
{
	const struct field	*f = record_fields[k];
	size_t			 n = 0;

	while (f[n].name != NULL)
		n++;
	return n;
}

int
record_field_index(enum record_kind k, const char *name)
{
	const struct field	*f = record_fields[k];
	int			 i;

	for (i = 0; f[i].name != NULL; i++)
		if (strcmp(f[i].name, name) == 0)
			return i;
	return -1;
}

/* The most bytes field name of kind may hold. */
static size_t
text_max(enum record_kind kind, const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(text_limits) / sizeof(text_limits[0]); i++)
		if (text_limits[i].kind == kind &&
		    strcmp(text_limits[i].field, name) == 0)
			return text_limits[i].max;
	return TEXT_MAX;
}

/*
 * Checks the dates the schema orders within one record of kind; vals are
 * the checked values.  On a violation returns the later field's index and
 * points *earlier at the other field's name; otherwise returns -1.
 */
static int
date_order_violation(enum record_kind kind, const char *const *vals,
    const char **earlier)
{
	size_t	i;
	int	a, b;

	for (i = 0; i < sizeof(date_orders) / sizeof(date_orders[0]); i++) {
		if (date_orders[i].kind != kind)
			continue;
		a = record_field_index(kind, date_orders[i].earlier);
		b = record_field_index(kind, date_orders[i].later);
		/* YYYY-MM-DD strings compare as the dates they name. */
		if (a >= 0 && b >= 0 && vals[a] != NULL && vals[b] != NULL &&
		    strcmp(vals[b], vals[a]) < 0) {
			*earlier = date_orders[i].earlier;
			return b;
		}
	}
	return -1;
}

enum err
record_check(enum record_kind kind, json_t *obj, const struct record_ctx *c,
    struct pool *p, const char *where, const char *const *extra_keys,
    const char **vals)
{
	const struct field	*fields = record_fields[kind];
	const char	*k, *s, *why = NULL, *earlier;
	json_t		*v;
	size_t		 i, j, max;
	int64_t		 n;
	int		 late;
	char		*num, whybuf[96];

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
		/* Many exporters write "" for "none": an optional field so
		 * given is absent. */
		if (!fields[i].required && json_is_string(v) &&
		    json_string_length(v) == 0)
			continue;
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
			max = text_max(kind, fields[i].name);
			if (!valid_text(s, max)) {
				snprintf(whybuf, sizeof(whybuf), "must be 1 to %zu "
				    "bytes of UTF-8 text without control "
				    "characters", max);
				why = whybuf;
			}
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
			if (!valid_ident(s) || !catalog_index_has(c->catalog, s))
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
	if ((late = date_order_violation(kind, vals, &earlier)) >= 0) {
		snprintf(c->msg, c->msgsz, "%s: %s.%s: must not be before %s",
		    c->origin, where, fields[late].name, earlier);
		return ERR_INVALID;
	}
	return ERR_OK;
bad:
	snprintf(c->msg, c->msgsz, "%s: %s.%s: %s", c->origin, where,
	    fields[i].name, why);
	return ERR_INVALID;
}

