/*
 * t_record.c — the record checker (record.c) on its own: every rule the
 * schema's constraints hold a record to is refused here first, naming the
 * field; an optional field given as "" is absent; history records take an
 * optional source id.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "mapstore.h"
#include "pool.h"
#include "record.h"
#include "tests.h"

/* The catalog the records name controls of (sorted, as loaded). */
static char		 s1[] = "S1", s2[] = "S2";
static char		*catalog_ids[] = { s1, s2 };
static const struct catalog_index catalog = { "t-src", catalog_ids, 2 };

/*
 * Checks text as a record of kind.  Returns the checker's answer; msg
 * holds its message, vals the values.
 */
static enum err
check(enum record_kind kind, const char *text, struct pool *p,
    const char **vals, char *msg, size_t msgsz)
{
	struct record_ctx	 rc = { "t", &catalog, msg, msgsz };
	json_error_t		 jerr;
	json_t			*obj;
	enum err		 e;

	msg[0] = '\0';
	obj = json_loads(text, 0, &jerr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
	e = record_check(kind, obj, &rc, p, "record", NULL, vals);
	/* Values point into the JSON: copy them before it goes. */
	for (size_t i = 0; e == ERR_OK && i < record_nfields(kind); i++)
		if (vals[i] != NULL)
			vals[i] = pool_strdup(p, vals[i]);
	json_decref(obj);
	return e;
}

/* A record that must be refused with a message holding want. */
struct bad {
	const char		*constraint;	/* what the schema would say */
	enum record_kind	 kind;
	const char		*json;
	const char		*want;
};

#define EV	"\"control\":\"S1\",\"title\":\"t\",\"collected_at\":\"2026-03-01\""
#define RV	"\"control\":\"S1\",\"reviewed_at\":\"2026-03-01\",\"reviewer\":\"r\""
#define RISK	"\"id\":\"R1\",\"title\":\"t\",\"treatment\":\"modify\"," \
		"\"status\":\"open\",\"assessed_at\":\"2026-01-01\""
#define MR	"\"id\":\"MR1\",\"held_at\":\"2026-03-20\""

static const struct bad bads[] = {
	{ "ident domain", REC_SCOPE, "{\"id\":\"a b\",\"statement\":\"s\"}",
	    "record.id: must be 1 to 64 characters" },
	{ "org_name_check", REC_ORG, NULL, "record.name: must be 1 to 500 bytes" },
	{ "org_cloud_role_check", REC_ORG,
	    "{\"id\":\"o\",\"name\":\"n\",\"cloud_role\":\"cloud\"}",
	    "record.cloud_role: is not one of the allowed values" },
	{ "soa_entry_implementation_check", REC_SOA,
	    "{\"control\":\"S1\",\"applicable\":true,\"implementation\":\"done\"}",
	    "record.implementation: is not one of" },
	{ "soa_entry_responsibility_check", REC_SOA,
	    "{\"control\":\"S1\",\"applicable\":true,\"implementation\":"
	    "\"partial\",\"responsibility\":\"them\"}",
	    "record.responsibility: is not one of" },
	{ "soa_entry_framework_id_control_fkey", REC_SOA,
	    "{\"control\":\"S9\",\"applicable\":true,\"implementation\":\"partial\"}",
	    "record.control: is not a control" },
	{ "evidence_kind_check", REC_EVIDENCE, "{" EV ",\"kind\":\"memo\"}",
	    "record.kind: is not one of" },
	{ "evidence_check (valid_until)", REC_EVIDENCE, "{" EV ",\"kind\":\"other\","
	    "\"valid_until\":\"2026-02-28\"}",
	    "record.valid_until: must not be before collected_at" },
	{ "evidence_sha256_check", REC_EVIDENCE, "{" EV ",\"kind\":\"other\","
	    "\"sha256\":\"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\"}",
	    "record.sha256: must be 64 lowercase hex digits" },
	{ "control_review_result_check", REC_REVIEW, "{" RV ",\"result\":\"fine\"}",
	    "record.result: is not one of" },
	{ "change_event_kind_check", REC_CHANGE, "{\"occurred_at\":\"2026-01-01\","
	    "\"kind\":\"weather\",\"description\":\"d\"}", "record.kind: is not one of" },
	{ "risk_likelihood_check", REC_RISK, "{" RISK ",\"likelihood\":0,\"impact\":3}",
	    "record.likelihood: must be a whole number from 1 to 5" },
	{ "risk_impact_check", REC_RISK, "{" RISK ",\"likelihood\":1,\"impact\":6}",
	    "record.impact: must be a whole number from 1 to 5" },
	{ "risk_treatment_check", REC_RISK, "{\"id\":\"R1\",\"title\":\"t\","
	    "\"treatment\":\"ignore\",\"status\":\"open\",\"assessed_at\":"
	    "\"2026-01-01\",\"likelihood\":1,\"impact\":1}",
	    "record.treatment: is not one of" },
	{ "risk_status_check", REC_RISK, "{\"id\":\"R1\",\"title\":\"t\","
	    "\"treatment\":\"avoid\",\"status\":\"gone\",\"assessed_at\":"
	    "\"2026-01-01\",\"likelihood\":1,\"impact\":1}",
	    "record.status: is not one of" },
	{ "risk_residual_likelihood_check", REC_RISK, "{" RISK ",\"likelihood\":1,"
	    "\"impact\":1,\"residual_likelihood\":9}", "record.residual_likelihood:" },
	{ "risk_residual_impact_check", REC_RISK, "{" RISK ",\"likelihood\":1,"
	    "\"impact\":1,\"residual_impact\":-1}", "record.residual_impact:" },
	{ "objective_status_check", REC_OBJECTIVE, "{\"id\":\"O1\",\"title\":\"t\","
	    "\"status\":\"late\"}", "record.status: is not one of" },
	{ "feedback_party_check", REC_FEEDBACK, "{\"received_at\":\"2026-01-01\","
	    "\"party\":\"press\",\"summary\":\"s\"}", "record.party: is not one of" },
	{ "exception_status_check", REC_EXCEPTION, "{\"id\":\"E1\",\"control\":"
	    "\"S1\",\"description\":\"d\",\"status\":\"pending\"}",
	    "record.status: is not one of" },
	{ "finding_source_check", REC_FINDING, "{\"id\":\"F1\",\"source\":\"rumour\","
	    "\"severity\":\"minor\",\"description\":\"d\",\"raised_at\":\"2026-01-01\"}",
	    "record.source: is not one of" },
	{ "finding_severity_check", REC_FINDING, "{\"id\":\"F1\",\"source\":"
	    "\"review\",\"severity\":\"huge\",\"description\":\"d\",\"raised_at\":"
	    "\"2026-01-01\"}", "record.severity: is not one of" },
	{ "management_review_check (period_end)", REC_MR, "{" MR ",\"period_start\":"
	    "\"2026-01-01\",\"period_end\":\"2025-12-31\"}",
	    "record.period_end: must not be before period_start" },
	{ "management_review_item_kind_check", REC_ITEM, "{\"kind\":\"wish\","
	    "\"text\":\"t\",\"status\":\"open\"}", "record.kind: is not one of" },
	{ "management_review_item_status_check", REC_ITEM, "{\"kind\":\"action\","
	    "\"text\":\"t\",\"status\":\"stuck\"}", "record.status: is not one of" },
	{ "NOT NULL (title)", REC_EVIDENCE, "{\"control\":\"S1\",\"kind\":\"other\","
	    "\"collected_at\":\"2026-03-01\"}", "record.title: is required" },
	{ "NOT NULL, given as \"\"", REC_EVIDENCE, "{" EV ",\"kind\":\"\"}",
	    "record.kind: is not one of" },
	{ "source id domain", REC_EVIDENCE, "{" EV ",\"kind\":\"other\","
	    "\"id\":\"EV 12\"}", "record.id: must be 1 to 64 characters" },
};

static void
every_constraint_is_checked_first(void)
{
	struct pool	*p = pool_new();
	const char	*vals[RECORD_FIELDS_MAX];
	char		 msg[512], name[600], org[700];
	size_t		 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	/* A name of 501 bytes: over the schema's limit of 500. */
	memset(name, 'n', 501);
	name[501] = '\0';
	snprintf(org, sizeof(org), "{\"id\":\"o\",\"name\":\"%s\",\"cloud_role\":"
	    "\"csp\"}", name);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		if (check(bads[i].kind, bads[i].json != NULL ? bads[i].json : org,
		    p, vals, msg, sizeof(msg)) != ERR_INVALID ||
		    strstr(msg, bads[i].want) == NULL) {
			fprintf(stderr, "%s: got '%s', wanted '%s'\n",
			    bads[i].constraint, msg, bads[i].want);
			CU_FAIL("a record breaking a constraint was not refused");
		}
	}
	/* The limits themselves are allowed. */
	name[500] = '\0';
	snprintf(org, sizeof(org), "{\"id\":\"o\",\"name\":\"%s\",\"cloud_role\":"
	    "\"csp\"}", name);
	CU_ASSERT_EQUAL(check(REC_ORG, org, p, vals, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(check(REC_EVIDENCE, "{" EV ",\"kind\":\"other\","
	    "\"valid_until\":\"2026-03-01\"}", p, vals, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(check(REC_MR, "{" MR ",\"period_start\":\"2026-01-01\","
	    "\"period_end\":\"2026-01-01\"}", p, vals, msg, sizeof(msg)), ERR_OK);
	pool_free(p);
}

static void
empty_optional_field_is_absent(void)
{
	struct pool	*p = pool_new();
	const char	*vals[RECORD_FIELDS_MAX];
	char		 msg[512];
	int		 f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	/* text, date, hex digest, source id */
	CU_ASSERT_EQUAL(check(REC_EVIDENCE, "{" EV ",\"kind\":\"other\","
	    "\"valid_until\":\"\",\"location\":\"\",\"sha256\":\"\","
	    "\"collected_by\":\"\",\"id\":\"\"}", p, vals, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_STRING_EQUAL(msg, "");
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_EVIDENCE, "valid_until")]);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_EVIDENCE, "location")]);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_EVIDENCE, "sha256")]);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_EVIDENCE, "collected_by")]);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_EVIDENCE, "id")]);
	CU_ASSERT_STRING_EQUAL(vals[record_field_index(REC_EVIDENCE, "title")], "t");
	/* an enum, a control, a score */
	CU_ASSERT_EQUAL(check(REC_SOA, "{\"control\":\"S1\",\"applicable\":true,"
	    "\"implementation\":\"partial\",\"responsibility\":\"\","
	    "\"scope_id\":\"\",\"owner\":\"\"}", p, vals, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_SOA, "responsibility")]);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_SOA, "scope_id")]);
	CU_ASSERT_EQUAL(check(REC_CHANGE, "{\"occurred_at\":\"2026-01-01\","
	    "\"kind\":\"scope\",\"description\":\"d\",\"control\":\"\"}", p, vals,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_PTR_NULL(vals[record_field_index(REC_CHANGE, "control")]);
	CU_ASSERT_EQUAL(check(REC_RISK, "{" RISK ",\"likelihood\":1,\"impact\":1,"
	    "\"residual_likelihood\":\"\"}", p, vals, msg, sizeof(msg)), ERR_OK);
	f = record_field_index(REC_RISK, "residual_likelihood");
	CU_ASSERT_PTR_NULL(vals[f]);
	/* A required field given as "" is still refused, naming it. */
	CU_ASSERT_EQUAL(check(REC_EVIDENCE, "{\"control\":\"S1\",\"kind\":"
	    "\"other\",\"collected_at\":\"2026-03-01\",\"title\":\"\"}", p, vals,
	    msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "record.title: must be 1 to 4000 bytes"));
	CU_ASSERT_EQUAL(check(REC_SCOPE, "{\"id\":\"\",\"statement\":\"s\"}", p,
	    vals, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "record.id:"));
	pool_free(p);
}

static void
history_records_take_a_source_id(void)
{
	static const struct {
		enum record_kind	 kind;
		const char		*json;
	} recs[] = {
		{ REC_EVIDENCE, "{" EV ",\"kind\":\"other\",\"id\":\"EV-12\"}" },
		{ REC_REVIEW, "{" RV ",\"result\":\"effective\",\"id\":\"EV-12\"}" },
		{ REC_CHANGE, "{\"occurred_at\":\"2026-01-01\",\"kind\":\"scope\","
		    "\"description\":\"d\",\"id\":\"EV-12\"}" },
		{ REC_FEEDBACK, "{\"received_at\":\"2026-01-01\",\"party\":"
		    "\"staff\",\"summary\":\"s\",\"id\":\"EV-12\"}" },
	};
	struct pool	*p = pool_new();
	const char	*vals[RECORD_FIELDS_MAX];
	char		 msg[512];
	size_t		 i, n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		n = record_nfields(recs[i].kind);
		CU_ASSERT_EQUAL(check(recs[i].kind, recs[i].json, p, vals, msg,
		    sizeof(msg)), ERR_OK);
		CU_ASSERT_STRING_EQUAL(msg, "");
		/* last, so the other fields keep their statement places */
		CU_ASSERT_EQUAL(record_field_index(recs[i].kind, "id"), (int)n - 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(vals[n - 1]);
		CU_ASSERT_STRING_EQUAL(vals[n - 1], "EV-12");
	}
	CU_ASSERT_EQUAL(record_field_index(REC_EVIDENCE, "collected_at"), 3);
	CU_ASSERT_EQUAL(record_field_index(REC_REVIEW, "reviewed_at"), 1);
	CU_ASSERT_EQUAL(record_field_index(REC_EVIDENCE, "colour"), -1);
	/* Records with ids of their own still require them. */
	CU_ASSERT_EQUAL(check(REC_RISK, "{\"title\":\"t\",\"treatment\":\"modify\","
	    "\"status\":\"open\",\"assessed_at\":\"2026-01-01\",\"likelihood\":1,"
	    "\"impact\":1}", p, vals, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "record.id: is required"));
	/* Management review items have none. */
	CU_ASSERT_EQUAL(check(REC_ITEM, "{\"kind\":\"action\",\"text\":\"t\","
	    "\"status\":\"open\",\"id\":\"I1\"}", p, vals, msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "record.id: unknown key"));
	pool_free(p);
}

static const struct unit_test tests[] = {
	{ "every schema constraint is checked first", every_constraint_is_checked_first },
	{ "an optional field given as \"\" is absent", empty_optional_field_is_absent },
	{ "history records take a source id", history_records_take_a_source_id },
	{ NULL, NULL }
};

int
suite_record(void)
{
	return add_suite("record", tests);
}
