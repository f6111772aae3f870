#include "config.h"

#include "db_stmt.h"

struct stmt_def {
	const char	*sql;
	int		 nparams;
};

/*
 * The statement table.  Every name is schema-qualified; every value from
 * outside arrives as a parameter.  Adding a statement is adding a row.
 */
static const struct stmt_def stmt_defs[STMT__MAX] = {
	[STMT_PING] = { "SELECT 1", 0 },
	[STMT_SCHEMA_CREATE] = { "CREATE SCHEMA IF NOT EXISTS annexa", 0 },
	[STMT_MIGRATION_TABLE] = {
	    "CREATE TABLE IF NOT EXISTS annexa.schema_migration ("
	    " version integer PRIMARY KEY,"
	    " name text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())", 0 },
	[STMT_MIGRATION_LOCK] = {
	    "SELECT pg_catalog.pg_advisory_xact_lock(7327457374)", 0 },
	[STMT_MIGRATION_APPLIED] = {
	    "SELECT version, name FROM annexa.schema_migration ORDER BY version",
	    0 },
	[STMT_MIGRATION_RECORD] = {
	    "INSERT INTO annexa.schema_migration (version, name)"
	    " VALUES ($1::integer, $2)", 2 },
	[STMT_TOKEN_LOOKUP] = {
	    "SELECT id, coalesce(org_id, ''), role,"
	    " coalesce(label, 'token ' || id) FROM annexa.api_token"
	    " WHERE token_sha256 = $1 AND revoked_at IS NULL"
	    " AND (expires_at IS NULL OR expires_at > now())", 1 },
	[STMT_TOKEN_INSERT] = {
	    "INSERT INTO annexa.api_token (token_sha256, org_id, role, label,"
	    " expires_at) VALUES ($1, $2, $3, $4, $5::date) RETURNING id", 5 },
	[STMT_TOKEN_LIST] = {
	    "SELECT id, coalesce(org_id, '(global)'), role, coalesce(label, ''),"
	    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
	    " coalesce(to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '-'),"
	    " CASE WHEN revoked_at IS NOT NULL THEN 'revoked'"
	    " WHEN expires_at <= now() THEN 'expired' ELSE 'active' END"
	    " FROM annexa.api_token ORDER BY id", 0 },
	[STMT_TOKEN_REVOKE] = {
	    "UPDATE annexa.api_token SET revoked_at = now()"
	    " WHERE id = $1::bigint AND revoked_at IS NULL RETURNING id", 1 },
	[STMT_ORG_EXISTS] = { "SELECT 1 FROM annexa.org WHERE id = $1", 1 },
	[STMT_ORG_LIST] = {
	    "SELECT id, name, cloud_role, source_framework FROM annexa.org"
	    " WHERE $1 = '' OR id = $1 ORDER BY id", 1 },
	[STMT_FRAMEWORK_LIST] = {
	    "SELECT id, name, version, publisher, control_count"
	    " FROM annexa.framework ORDER BY id", 0 },
	[STMT_FRAMEWORK_RECOUNT] = {
	    "UPDATE annexa.framework SET control_count = (SELECT count(*)"
	    " FROM annexa.control WHERE framework_id = $1) WHERE id = $1", 1 },
	[STMT_FRAMEWORK_EXISTS] = {
	    "SELECT 1 FROM annexa.framework WHERE id = $1", 1 },
	[STMT_FRAMEWORK_UPSERT] = {
	    "INSERT INTO annexa.framework (id, name, version, publisher)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET"
	    " name = excluded.name, version = excluded.version,"
	    " publisher = excluded.publisher", 4 },
	[STMT_CONTROL_LIST] = {
	    "SELECT control_id, title, group_id, group_title"
	    " FROM annexa.control WHERE framework_id = $1"
	    " AND ($2::text IS NULL OR group_id = $2) ORDER BY sort_key", 2 },
	[STMT_CONTROL_UPSERT] = {
	    "INSERT INTO annexa.control (framework_id, control_id, title,"
	    " group_id, group_title, sort_key)"
	    " VALUES ($1, $2, $3, $4, $5, $6::integer)"
	    " ON CONFLICT (framework_id, control_id) DO UPDATE SET"
	    " title = excluded.title, group_id = excluded.group_id,"
	    " group_title = excluded.group_title, sort_key = excluded.sort_key"
	    " RETURNING (xmax = 0) AS inserted", 6 },
	[STMT_CONTROL_IDS] = {
	    "SELECT control_id FROM annexa.control WHERE framework_id = $1"
	    " ORDER BY control_id COLLATE \"C\"", 1 },
	[STMT_MAPSET_DELETE] = {
	    "DELETE FROM annexa.mapping_set WHERE name = $1", 1 },
	[STMT_MAPSET_INSERT] = {
	    "INSERT INTO annexa.mapping_set (name, source_framework,"
	    " target_framework, provenance, version) VALUES ($1, $2, $3, $4, $5)"
	    " RETURNING id", 5 },
	[STMT_MAPPING_INSERT] = {
	    "INSERT INTO annexa.mapping (set_id, source_framework, source_control,"
	    " target_framework, target_control, relationship, strength, rationale,"
	    " confidence, note, gap_level, addendum) VALUES ($1::bigint, $2, $3,"
	    " $4, $5, $6, $7::smallint, $8, $9, $10, $11, $12)", 12 },
	[STMT_MAPSET_LIST] = {
	    "SELECT s.id, s.name, s.source_framework, s.target_framework,"
	    " s.provenance, s.version,"
	    " to_char(s.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	    " FROM annexa.mapping_set s ORDER BY s.name", 0 },
	[STMT_MAPSET_ROWS] = {
	    "SELECT source_control, target_control, relationship,"
	    " coalesce(strength, -1), rationale, confidence, note, gap_level,"
	    " addendum FROM annexa.mapping WHERE set_id = $1::bigint"
	    " ORDER BY source_control COLLATE \"C\", target_control COLLATE \"C\"", 1 },
	/* Organisation bundles (orgimport.c): $1 is always the org. */
	[STMT_ORG_UPSERT] = {
	    "INSERT INTO annexa.org (id, name, cloud_role, source_framework)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET"
	    " name = excluded.name, cloud_role = excluded.cloud_role,"
	    " source_framework = excluded.source_framework", 4 },
	[STMT_SCOPE_UPSERT] = {
	    "INSERT INTO annexa.scope (org_id, id, statement, boundary)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, id) DO UPDATE SET"
	    " statement = excluded.statement, boundary = excluded.boundary", 4 },
	[STMT_SOA_DELETE] = {
	    "DELETE FROM annexa.soa_entry WHERE org_id = $1", 1 },
	[STMT_SOA_INSERT] = {
	    "INSERT INTO annexa.soa_entry (org_id, framework_id, control,"
	    " applicable, justification, implementation, responsibility,"
	    " scope_id, owner, evidence_source, change_trigger, escalation_path)"
	    " VALUES ($1, $2, $3, $4::boolean, $5, $6, $7, $8, $9, $10, $11, $12)",
	    12 },
	[STMT_EVIDENCE_APPEND] = {
	    "INSERT INTO annexa.evidence (org_id, framework_id, control, kind,"
	    " title, collected_at, valid_until, location, sha256, collected_by)"
	    " SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::date,"
	    " $7::date, $8::text, $9::text, $10::text"
	    " WHERE NOT EXISTS (SELECT 1 FROM annexa.evidence WHERE org_id = $1"
	    " AND framework_id = $2 AND control = $3 AND kind = $4 AND title = $5"
	    " AND collected_at = $6::date)", 10 },
	[STMT_REVIEW_APPEND] = {
	    "INSERT INTO annexa.control_review (org_id, framework_id, control,"
	    " reviewed_at, reviewer, result, notes, next_review_due)"
	    " SELECT $1::text, $2::text, $3::text, $4::date, $5::text, $6::text,"
	    " $7::text, $8::date"
	    " WHERE NOT EXISTS (SELECT 1 FROM annexa.control_review WHERE"
	    " org_id = $1 AND framework_id = $2 AND control = $3"
	    " AND reviewed_at = $4::date AND reviewer = $5 AND result = $6)", 8 },
	[STMT_CHANGE_APPEND] = {
	    "INSERT INTO annexa.change_event (org_id, framework_id, occurred_at,"
	    " kind, description, control)"
	    " SELECT $1::text, CASE WHEN $6::text IS NULL THEN NULL ELSE $2::text END,"
	    " $3::date, $4::text, $5::text, $6::text"
	    " WHERE NOT EXISTS (SELECT 1 FROM annexa.change_event WHERE"
	    " org_id = $1 AND occurred_at = $3::date AND kind = $4"
	    " AND description = $5)", 6 },
	[STMT_EXCEPTION_UPSERT] = {
	    "INSERT INTO annexa.exception (org_id, framework_id, id, control,"
	    " description, accepted_by, approved_at, expires_at, status)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9)"
	    " ON CONFLICT (org_id, id) DO UPDATE SET framework_id = excluded.framework_id,"
	    " control = excluded.control, description = excluded.description,"
	    " accepted_by = excluded.accepted_by, approved_at = excluded.approved_at,"
	    " expires_at = excluded.expires_at, status = excluded.status", 9 },
	[STMT_FINDING_UPSERT] = {
	    "INSERT INTO annexa.finding (org_id, framework_id, id, control,"
	    " source, severity, description, raised_at, owner, due_at, closed_at,"
	    " root_cause) VALUES ($1, CASE WHEN $4::text IS NULL THEN NULL"
	    " ELSE $2 END, $3, $4, $5, $6, $7, $8::date, $9, $10::date,"
	    " $11::date, $12) ON CONFLICT (org_id, id) DO UPDATE SET"
	    " framework_id = excluded.framework_id, control = excluded.control,"
	    " source = excluded.source, severity = excluded.severity,"
	    " description = excluded.description, raised_at = excluded.raised_at,"
	    " owner = excluded.owner, due_at = excluded.due_at,"
	    " closed_at = excluded.closed_at, root_cause = excluded.root_cause", 12 },
	[STMT_CA_UPSERT] = {
	    "INSERT INTO annexa.corrective_action (org_id, id, finding,"
	    " description, owner, due_at, completed_at, effectiveness_checked_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8::date)"
	    " ON CONFLICT (org_id, id) DO UPDATE SET finding = excluded.finding,"
	    " description = excluded.description, owner = excluded.owner,"
	    " due_at = excluded.due_at, completed_at = excluded.completed_at,"
	    " effectiveness_checked_at = excluded.effectiveness_checked_at", 8 },
	[STMT_MR_UPSERT] = {
	    "INSERT INTO annexa.management_review (org_id, id, held_at,"
	    " period_start, period_end, chair, attendees, summary)"
	    " VALUES ($1, $2, $3::date, $4::date, $5::date, $6, $7, $8)"
	    " ON CONFLICT (org_id, id) DO UPDATE SET held_at = excluded.held_at,"
	    " period_start = excluded.period_start, period_end = excluded.period_end,"
	    " chair = excluded.chair, attendees = excluded.attendees,"
	    " summary = excluded.summary", 8 },
	[STMT_MRI_DELETE] = {
	    "DELETE FROM annexa.management_review_item WHERE org_id = $1"
	    " AND review = $2", 2 },
	[STMT_MRI_INSERT] = {
	    "INSERT INTO annexa.management_review_item (org_id, review, kind,"
	    " text, owner, due_at, status, closed_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8::date)", 8 },
	[STMT_RISK_UPSERT] = {
	    "INSERT INTO annexa.risk (org_id, id, title, owner, likelihood,"
	    " impact, treatment, treatment_plan, status, residual_likelihood,"
	    " residual_impact, assessed_at) VALUES ($1, $2, $3, $4,"
	    " $5::smallint, $6::smallint, $7, $8, $9, $10::smallint,"
	    " $11::smallint, $12::date) ON CONFLICT (org_id, id) DO UPDATE SET"
	    " title = excluded.title, owner = excluded.owner,"
	    " likelihood = excluded.likelihood, impact = excluded.impact,"
	    " treatment = excluded.treatment, treatment_plan = excluded.treatment_plan,"
	    " status = excluded.status, residual_likelihood = excluded.residual_likelihood,"
	    " residual_impact = excluded.residual_impact,"
	    " assessed_at = excluded.assessed_at", 12 },
	[STMT_RISK_CONTROL_INSERT] = {
	    "INSERT INTO annexa.risk_control (org_id, framework_id, risk, control)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", 4 },
	[STMT_OBJECTIVE_UPSERT] = {
	    "INSERT INTO annexa.objective (org_id, id, title, measure, target,"
	    " value, measured_at, status) VALUES ($1, $2, $3, $4, $5, $6,"
	    " $7::date, $8) ON CONFLICT (org_id, id) DO UPDATE SET"
	    " title = excluded.title, measure = excluded.measure,"
	    " target = excluded.target, value = excluded.value,"
	    " measured_at = excluded.measured_at, status = excluded.status", 8 },
	[STMT_FEEDBACK_APPEND] = {
	    "INSERT INTO annexa.feedback (org_id, received_at, party, summary,"
	    " response) SELECT $1::text, $2::date, $3::text, $4::text, $5::text"
	    " WHERE NOT EXISTS"
	    " (SELECT 1 FROM annexa.feedback WHERE org_id = $1"
	    " AND received_at = $2::date AND party = $3 AND summary = $4)", 5 },
	[STMT_ORG_GET] = {
	    "SELECT id, name, cloud_role, source_framework FROM annexa.org"
	    " WHERE id = $1", 1 },
	/*
	 * What the gap engine needs of each source control as of $3: the SoA
	 * entry, the latest review on or before $3, the latest collection
	 * date of evidence still valid at $3, and the latest change event
	 * (org-wide or naming the control) on or before $3.  Days count from
	 * 1970-01-01.  rv and ev read control_review_control and
	 * evidence_control (0015) in their order, from the index alone.
	 */
	[STMT_GAP_SOURCES] = {
	    "WITH ev AS (SELECT control, max(collected_at) AS m"
	    "  FROM annexa.evidence WHERE org_id = $1 AND framework_id = $2"
	    "  AND collected_at <= $3::date"
	    "  AND (valid_until IS NULL OR valid_until >= $3::date)"
	    "  GROUP BY control),"
	    " ch AS (SELECT control, max(occurred_at) AS m"
	    "  FROM annexa.change_event WHERE org_id = $1"
	    "  AND occurred_at <= $3::date"
	    "  AND (control IS NULL OR framework_id = $2) GROUP BY control),"
	    " rv AS (SELECT DISTINCT ON (control) control, result, reviewed_at"
	    "  FROM annexa.control_review WHERE org_id = $1"
	    "  AND framework_id = $2 AND reviewed_at <= $3::date"
	    "  ORDER BY control, reviewed_at DESC, id DESC)"
	    " SELECT c.control_id, s.control IS NOT NULL, s.applicable,"
	    " s.implementation, rv.result, rv.reviewed_at - DATE '1970-01-01',"
	    " ev.m - DATE '1970-01-01',"
	    " greatest(chc.m, (SELECT m FROM ch WHERE control IS NULL))"
	    "  - DATE '1970-01-01'"
	    " FROM annexa.control c"
	    " LEFT JOIN annexa.soa_entry s ON s.org_id = $1"
	    "  AND s.framework_id = $2 AND s.control = c.control_id"
	    " LEFT JOIN rv ON rv.control = c.control_id"
	    " LEFT JOIN ev ON ev.control = c.control_id"
	    " LEFT JOIN ch chc ON chc.control = c.control_id"
	    " WHERE c.framework_id = $2 ORDER BY c.control_id COLLATE \"C\"", 3 },
	/* Readiness (docs/gap-semantics.md): $1 org, $2 source framework, $3 as_of. */
	[STMT_READY_SOA] = {
	    "SELECT control, scope_id IS NULL, owner IS NULL,"
	    " evidence_source IS NULL, change_trigger IS NULL,"
	    " escalation_path IS NULL FROM annexa.soa_entry"
	    " WHERE org_id = $1 AND framework_id = $2 AND applicable"
	    " AND (scope_id IS NULL OR owner IS NULL OR evidence_source IS NULL"
	    " OR change_trigger IS NULL OR escalation_path IS NULL)"
	    " ORDER BY control COLLATE \"C\"", 2 },
	/*
	 * The latest item of each control and kind that is stale or expires
	 * within 30 days.  The latest items are picked from the index alone
	 * (evidence_latest, in the order they are picked); only those shown
	 * are read from the table.  Items expiring the same day on the same
	 * control are ordered by kind.
	 */
	[STMT_READY_EVIDENCE] = {
	    "SELECT e.id, e.control, e.kind, e.title, e.collected_at::text,"
	    " e.valid_until::text, CASE WHEN e.valid_until < $3::date"
	    " THEN 'stale' ELSE 'expiring' END"
	    " FROM (SELECT DISTINCT ON (control, kind) id, valid_until"
	    "  FROM annexa.evidence WHERE org_id = $1 AND framework_id = $2"
	    "  AND collected_at <= $3::date"
	    "  ORDER BY control, kind, collected_at DESC, id DESC) latest"
	    " JOIN annexa.evidence e ON e.id = latest.id"
	    " WHERE latest.valid_until < $3::date + 30"
	    " ORDER BY valid_until, e.control COLLATE \"C\", e.kind", 3 },
	[STMT_READY_REVIEWS] = {
	    "SELECT control, reviewed_at::text, next_review_due::text"
	    " FROM (SELECT DISTINCT ON (control) * FROM annexa.control_review"
	    " WHERE org_id = $1 AND framework_id = $2 AND reviewed_at <= $3::date"
	    " ORDER BY control, reviewed_at DESC, id DESC) latest"
	    " WHERE next_review_due < $3::date"
	    " ORDER BY next_review_due, control COLLATE \"C\"", 3 },
	[STMT_READY_EXCEPTIONS] = {
	    "SELECT id, control, expires_at::text, CASE WHEN expires_at < $2::date"
	    " THEN 'expired' ELSE 'expiring' END FROM annexa.exception"
	    " WHERE org_id = $1 AND status = 'open'"
	    " AND expires_at < $2::date + 30 ORDER BY expires_at, id", 2 },
	[STMT_READY_FINDINGS] = {
	    "SELECT id, control, severity, due_at::text, owner FROM annexa.finding"
	    " WHERE org_id = $1 AND raised_at <= $2::date AND due_at < $2::date"
	    " AND (closed_at IS NULL OR closed_at > $2::date)"
	    " ORDER BY due_at, id", 2 },
	[STMT_CONTROL_EXISTS] = {
	    "SELECT 1 FROM annexa.control WHERE framework_id = $1"
	    " AND control_id = $2", 2 },
	/* History of one control: $1 org, $2 framework, $3 control. */
	[STMT_HIST_REVIEWS] = {
	    "SELECT id, reviewed_at::text, reviewer, result, notes,"
	    " next_review_due::text, source_id FROM annexa.control_review"
	    " WHERE org_id = $1 AND framework_id = $2 AND control = $3"
	    " ORDER BY reviewed_at DESC, id DESC", 3 },
	[STMT_HIST_EVIDENCE] = {
	    "SELECT id, kind, title, collected_at::text, valid_until::text,"
	    " location, sha256, collected_by, source_id FROM annexa.evidence"
	    " WHERE org_id = $1 AND framework_id = $2 AND control = $3"
	    " ORDER BY collected_at DESC, id DESC", 3 },
	[STMT_HIST_EXCEPTIONS] = {
	    "SELECT id, description, accepted_by, approved_at::text,"
	    " expires_at::text, status FROM annexa.exception WHERE org_id = $1"
	    " AND framework_id = $2 AND control = $3"
	    " ORDER BY approved_at DESC NULLS LAST, id", 3 },
	[STMT_HIST_FINDINGS] = {
	    "SELECT id, source, severity, description, raised_at::text, owner,"
	    " due_at::text, closed_at::text FROM annexa.finding"
	    " WHERE org_id = $1 AND framework_id = $2 AND control = $3"
	    " ORDER BY raised_at DESC, id", 3 },
	[STMT_HIST_CHANGES] = {
	    "SELECT id, occurred_at::text, kind, description, source_id"
	    " FROM annexa.change_event WHERE org_id = $1 AND framework_id = $2 AND control = $3"
	    " ORDER BY occurred_at DESC, id DESC", 3 },
	/* Keyset pages, newest first: the cursor is the last row's
	 * (reviewed_at, id). */
	[STMT_REVIEWS_PAGE] = {
	    "SELECT id, control, reviewed_at::text, reviewer, result, notes,"
	    " next_review_due::text, source_id FROM annexa.control_review"
	    " WHERE org_id = $1 AND ($2::date IS NULL OR reviewed_at >= $2::date)"
	    " AND ($3::date IS NULL OR reviewed_at <= $3::date)"
	    " AND ($4::text IS NULL OR result = $4::text)"
	    " AND ($5::date IS NULL OR (reviewed_at, id) < ($5::date, $6::bigint))"
	    " ORDER BY reviewed_at DESC, id DESC LIMIT $7::integer", 7 },
	[STMT_REVIEW_GET] = {
	    "SELECT id, control, reviewed_at::text, reviewer, result, notes,"
	    " next_review_due::text, source_id FROM annexa.control_review"
	    " WHERE org_id = $1 AND id = $2::bigint", 2 },
	[STMT_EVIDENCE_GET] = {
	    "SELECT id, control, kind, title, collected_at::text,"
	    " valid_until::text, location, sha256, collected_by, source_id"
	    " FROM annexa.evidence WHERE org_id = $1 AND id = $2::bigint", 2 },
	[STMT_MR_LIST] = {
	    "SELECT id, held_at::text, period_start::text, period_end::text,"
	    " chair, attendees, summary FROM annexa.management_review"
	    " WHERE org_id = $1 ORDER BY held_at DESC, id", 1 },
	[STMT_MRI_LIST] = {
	    "SELECT review, kind, text, owner, due_at::text, status,"
	    " closed_at::text FROM annexa.management_review_item"
	    " WHERE org_id = $1 ORDER BY review, id", 1 },
	/* Appends by editors (POST): the parameters follow record.c. */
	[STMT_REVIEW_INSERT] = {
	    "INSERT INTO annexa.control_review (org_id, framework_id, control,"
	    " reviewed_at, reviewer, result, notes, next_review_due)"
	    " VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8::date) RETURNING id", 8 },
	[STMT_EVIDENCE_INSERT] = {
	    "INSERT INTO annexa.evidence (org_id, framework_id, control, kind,"
	    " title, collected_at, valid_until, location, sha256, collected_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9, $10)"
	    " RETURNING id", 10 },
	[STMT_AUDIT_INSERT] = {
	    "INSERT INTO annexa.audit_log (token_id, org_id, action, detail,"
	    " session_id, person_name, person_email)"
	    " VALUES ($1::bigint, $2, $3, $4::jsonb, $5::bigint, $6, $7)", 7 },
	[STMT_DATA_EPOCH] = { "SELECT epoch FROM annexa.data_epoch", 0 },
	/*
	 * Report data (model_report.c).  $1 is the organisation; dates are
	 * YYYY-MM-DD; a period is [$2, $3] and nothing after as_of counts.
	 *
	 * The month series.  The planner cannot know how many months a
	 * generate_series yields and guesses 1,000: a join that is repeated
	 * per month was costed as 1,000 index scans, which turned on JIT
	 * compilation (about 25 ms) and, as a generic plan, rescanned every
	 * review once per month.  So each organisation's rows are read once
	 * and grouped by month, and the months join the groups.
	 */
	[STMT_RPT_REVIEW_MONTHS] = {
	    "SELECT to_char(m, 'YYYY-MM'), coalesce(r.effective, 0),"
	    " coalesce(r.partial, 0), coalesce(r.ineffective, 0)"
	    " FROM generate_series(date_trunc('month', $2::date),"
	    "  date_trunc('month', $3::date), interval '1 month') m"
	    " LEFT JOIN (SELECT date_trunc('month', reviewed_at) AS month,"
	    "  count(*) FILTER (WHERE result = 'effective') AS effective,"
	    "  count(*) FILTER (WHERE result = 'partially-effective') AS partial,"
	    "  count(*) FILTER (WHERE result = 'ineffective') AS ineffective"
	    "  FROM annexa.control_review WHERE org_id = $1"
	    "  AND reviewed_at >= date_trunc('month', $2::date)"
	    "  AND reviewed_at <= $3::date GROUP BY 1) r ON r.month = m"
	    " ORDER BY m", 3 },
	[STMT_RPT_OPEN_FINDINGS_MONTHS] = {
	    "SELECT to_char(m, 'YYYY-MM'), count(f.org_id)"
	    " FROM generate_series(date_trunc('month', $2::date),"
	    "  date_trunc('month', $3::date), interval '1 month') m"
	    " LEFT JOIN annexa.finding f ON f.org_id = $1"
	    "  AND f.raised_at <= least((m + interval '1 month'"
	    "  - interval '1 day')::date, $3::date) AND (f.closed_at IS NULL"
	    "  OR f.closed_at > least((m + interval '1 month'"
	    "  - interval '1 day')::date, $3::date))"
	    " GROUP BY m ORDER BY m", 3 },
	/* current, expiring within 30 days, stale, no expiry: the latest
	 * item of each control and kind collected by as_of ($2), every
	 * framework together, read in evidence_latest's order. */
	[STMT_RPT_EVIDENCE_FRESHNESS] = {
	    "SELECT count(*) FILTER (WHERE valid_until >= $2::date + 30),"
	    " count(*) FILTER (WHERE valid_until >= $2::date"
	    "  AND valid_until < $2::date + 30),"
	    " count(*) FILTER (WHERE valid_until < $2::date),"
	    " count(*) FILTER (WHERE valid_until IS NULL)"
	    " FROM (SELECT DISTINCT ON (control, kind) valid_until"
	    "  FROM annexa.evidence WHERE org_id = $1 AND collected_at <= $2::date"
	    "  ORDER BY control, kind, collected_at DESC, id DESC) latest", 2 },
	/* Actions of reviews held before the period, and their state. */
	[STMT_RPT_PREV_ACTIONS] = {
	    "SELECT i.review, i.text, i.owner, i.due_at::text, i.status,"
	    " i.closed_at::text FROM annexa.management_review_item i"
	    " JOIN annexa.management_review r ON r.org_id = i.org_id"
	    "  AND r.id = i.review"
	    " WHERE i.org_id = $1 AND i.kind = 'action' AND r.held_at < $2::date"
	    " ORDER BY r.held_at, i.id", 2 },
	/* Change events of the given kinds ($4, comma-separated) in period. */
	[STMT_RPT_CHANGES] = {
	    "SELECT occurred_at::text, kind, description, control"
	    " FROM annexa.change_event WHERE org_id = $1"
	    " AND occurred_at BETWEEN $2::date AND $3::date"
	    /* $4 the kinds, comma-separated; NULL: every kind. */
	    " AND ($4::text IS NULL OR kind = ANY (string_to_array($4, ',')))"
	    " ORDER BY occurred_at, id", 4 },
	[STMT_RPT_FINDINGS] = {
	    "SELECT id, control, source, severity, description, raised_at::text,"
	    " owner, due_at::text, CASE WHEN closed_at <= $3::date"
	    " THEN closed_at::text END FROM annexa.finding WHERE org_id = $1"
	    " AND raised_at BETWEEN $2::date AND $3::date ORDER BY raised_at, id", 3 },
	[STMT_RPT_FINDINGS_BY_SOURCE] = {
	    "SELECT source, count(*) FILTER (WHERE severity = 'major'),"
	    " count(*) FILTER (WHERE severity = 'minor'),"
	    " count(*) FILTER (WHERE severity = 'observation'), count(*)"
	    " FROM annexa.finding WHERE org_id = $1"
	    " AND raised_at BETWEEN $2::date AND $3::date"
	    " GROUP BY source ORDER BY source", 3 },
	/* Corrective actions open at some point of the period. */
	[STMT_RPT_ACTIONS] = {
	    "SELECT a.id, a.finding, a.description, a.owner, a.due_at::text,"
	    " CASE WHEN a.completed_at <= $3::date THEN a.completed_at::text END,"
	    " CASE WHEN a.effectiveness_checked_at <= $3::date"
	    "  THEN a.effectiveness_checked_at::text END,"
	    " (a.completed_at IS NULL OR a.completed_at > $3::date)"
	    "  AND a.due_at < $3::date"
	    " FROM annexa.corrective_action a JOIN annexa.finding f"
	    "  ON f.org_id = a.org_id AND f.id = a.finding"
	    " WHERE a.org_id = $1 AND f.raised_at <= $3::date"
	    " AND (a.completed_at IS NULL OR a.completed_at >= $2::date)"
	    " ORDER BY a.due_at, a.id", 3 },
	[STMT_RPT_OBJECTIVES] = {
	    "SELECT id, title, measure, target, value, measured_at::text, status"
	    " FROM annexa.objective WHERE org_id = $1 ORDER BY id", 1 },
	[STMT_RPT_FEEDBACK] = {
	    "SELECT received_at::text, party, summary, response FROM annexa.feedback"
	    " WHERE org_id = $1 AND received_at BETWEEN $2::date AND $3::date"
	    " ORDER BY received_at, id", 3 },
	[STMT_RPT_RISKS] = {
	    "SELECT id, title, owner, likelihood, impact, likelihood * impact,"
	    " treatment, status, residual_likelihood, residual_impact,"
	    " residual_likelihood * residual_impact, assessed_at::text"
	    " FROM annexa.risk WHERE org_id = $1 AND assessed_at <= $2::date"
	    " ORDER BY likelihood * impact DESC, id", 2 },
	[STMT_RPT_EXCEPTIONS] = {
	    "SELECT id, control, description, accepted_by, expires_at::text,"
	    " CASE WHEN status <> 'open' THEN status"
	    " WHEN expires_at < $2::date THEN 'expired'"
	    " WHEN expires_at < $2::date + 30 THEN 'expiring'"
	    " ELSE 'open' END"
	    " FROM annexa.exception WHERE org_id = $1"
	    " AND (approved_at IS NULL OR approved_at <= $2::date)"
	    " ORDER BY expires_at NULLS LAST, id", 2 },
	/* Reviews held in the period, with their decisions and actions. */
	[STMT_RPT_DECISIONS] = {
	    "SELECT r.id, r.held_at::text, r.chair, r.summary, i.kind, i.text,"
	    " i.owner, i.due_at::text, i.status FROM annexa.management_review r"
	    " LEFT JOIN annexa.management_review_item i ON i.org_id = r.org_id"
	    "  AND i.review = r.id"
	    " WHERE r.org_id = $1 AND r.held_at BETWEEN $2::date AND $3::date"
	    " ORDER BY r.held_at, r.id, i.id", 3 },
	/* The last management review held before $2. */
	[STMT_RPT_PREV_REVIEW] = {
	    "SELECT id, held_at::text FROM annexa.management_review"
	    " WHERE org_id = $1 AND held_at < $2::date"
	    " ORDER BY held_at DESC, id LIMIT 1", 2 },
	/* The SoA of the organisation's source framework, in catalog order. */
	[STMT_RPT_SOA] = {
	    "SELECT c.control_id, c.title, c.group_id, c.group_title,"
	    " s.applicable, s.justification, s.implementation, s.responsibility,"
	    " s.owner, s.scope_id, s.evidence_source, s.change_trigger,"
	    " s.escalation_path FROM annexa.control c LEFT JOIN annexa.soa_entry s"
	    " ON s.org_id = $1 AND s.framework_id = c.framework_id"
	    " AND s.control = c.control_id WHERE c.framework_id = $2"
	    " ORDER BY c.sort_key", 2 },
	/* Latest evidence per control and kind by as_of ($3): picked from
	 * the index (evidence_latest), then read from the table. */
	[STMT_RPT_SOA_EVIDENCE] = {
	    "SELECT e.control, e.kind, e.title, e.location,"
	    " e.collected_at::text, e.valid_until::text"
	    " FROM (SELECT DISTINCT ON (control, kind) id"
	    "  FROM annexa.evidence WHERE org_id = $1 AND framework_id = $2"
	    "  AND collected_at <= $3::date"
	    "  ORDER BY control, kind, collected_at DESC, id DESC) latest"
	    " JOIN annexa.evidence e ON e.id = latest.id"
	    " ORDER BY e.control COLLATE \"C\", e.kind", 3 },
	/* The traceability chain of docs/reports.md, one row per applicable
	 * control: scope, owner, risks and their treatments (the current
	 * register: it keeps no history) and the latest evidence by as_of.
	 * Exceptions, findings, corrective actions and reviews come from the
	 * management review statements, which read them as of as_of. */
	[STMT_RPT_TRACE] = {
	    "SELECT c.control_id, s.scope_id, s.owner,"
	    " (SELECT string_agg(rc.risk || ' (' || r.treatment || ')', ', '"
	    "  ORDER BY rc.risk) FROM annexa.risk_control rc JOIN annexa.risk r"
	    "  ON r.org_id = rc.org_id AND r.id = rc.risk WHERE rc.org_id = $1"
	    "  AND rc.framework_id = $2 AND rc.control = c.control_id),"
	    " (SELECT max(e.collected_at)::text FROM annexa.evidence e"
	    "  WHERE e.org_id = $1 AND e.framework_id = $2"
	    "  AND e.control = c.control_id AND e.collected_at <= $3::date)"
	    " FROM annexa.control c JOIN annexa.soa_entry s ON s.org_id = $1"
	    " AND s.framework_id = c.framework_id AND s.control = c.control_id"
	    " WHERE c.framework_id = $2 AND s.applicable ORDER BY c.sort_key", 3 },
	/*
	 * Scheduling (schedule.c, docs/reports.md).  A schedule owes, when due,
	 * the run of annexa.period_key(frequency, next_due_at); a run is
	 * done when it succeeded, running while its lease holds, and given
	 * up after SCHEDULE_ATTEMPTS failures ($1 in the statements below).
	 * Whether a schedule is due is judged at the time `schedule run
	 * --now` gives (NULL: the database's clock); leases always follow
	 * the real clock, since they time real processes.
	 */
	[STMT_SCHED_ADD] = {
	    "INSERT INTO annexa.report_schedule (org_id, kind, frequency,"
	    " next_due_at, target, audience) VALUES ($1, $2, $3,"
	    " coalesce($4::date::timestamp, date_trunc(CASE $3"
	    "  WHEN 'weekly' THEN 'week' WHEN 'monthly' THEN 'month'"
	    "  WHEN 'quarterly' THEN 'quarter' ELSE 'year' END,"
	    "  now() AT TIME ZONE 'UTC') + annexa.period_step($3))"
	    " AT TIME ZONE 'UTC', $5, coalesce($6, 'internal'))"
	    " RETURNING id, to_char(next_due_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD'), annexa.period_key($3, next_due_at)", 6 },
	[STMT_SCHED_LIST] = {
	    "SELECT s.id, s.org_id, s.kind, s.frequency, coalesce(s.target, '-'),"
	    " s.audience, CASE WHEN s.enabled THEN 'yes' ELSE 'no' END,"
	    " to_char(s.next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),"
	    " annexa.period_key(s.frequency, s.next_due_at),"
	    " coalesce((SELECT r.period_key || ' ' || r.status FROM annexa.report_run r"
	    "  WHERE r.schedule_id = s.id ORDER BY r.started_at DESC, r.id DESC"
	    "  LIMIT 1), '-'),"
	    " coalesce((SELECT nullif(concat_ws(' ',"
	    "  nullif(count(*) FILTER (WHERE d.status = 'sent'), 0) || ' sent',"
	    "  nullif(count(*) FILTER (WHERE d.status IN ('pending', 'sending')),"
	    "  0) || ' pending',"
	    "  nullif(count(*) FILTER (WHERE d.status = 'failed'), 0) || ' failed'),"
	    "  '') FROM annexa.delivery d JOIN annexa.report_run r ON r.id = d.run_id"
	    "  WHERE r.schedule_id = s.id), '-')"
	    " FROM annexa.report_schedule s ORDER BY s.id", 0 },
	[STMT_SCHED_ORG] = {
	    "SELECT s.kind, s.frequency, s.target, s.audience,"
	    " to_char(s.next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),"
	    " annexa.period_key(s.frequency, s.next_due_at)"
	    " FROM annexa.report_schedule s WHERE s.org_id = $1 AND s.enabled"
	    " ORDER BY s.next_due_at, s.id LIMIT $2::integer", 2 },
	[STMT_SCHED_DUE_COUNT] = {
	    "SELECT count(*) FROM annexa.report_schedule s WHERE s.enabled"
	    " AND s.next_due_at <= coalesce($2::timestamptz, now())"
	    " AND NOT EXISTS (SELECT 1"
	    " FROM annexa.report_run r WHERE r.schedule_id = s.id"
	    " AND r.period_key = annexa.period_key(s.frequency, s.next_due_at)"
	    " AND (r.status = 'succeeded' OR (r.status = 'running'"
	    " AND r.lease_until > now()) OR r.attempts >= $1::integer))", 2 },
	/* The first due schedule whose period is owed, walking
	 * report_schedule_due (0015) in this ORDER BY. */
	[STMT_SCHED_CLAIM] = {
	    "SELECT s.id, s.org_id, s.kind, s.frequency, s.target, s.audience,"
	    " annexa.period_key(s.frequency, s.next_due_at),"
	    " s.next_due_at::text FROM annexa.report_schedule s WHERE s.enabled"
	    " AND s.next_due_at <= coalesce($3::timestamptz, now())"
	    " AND NOT EXISTS (SELECT 1"
	    " FROM annexa.report_run r WHERE r.schedule_id = s.id"
	    " AND r.period_key = annexa.period_key(s.frequency, s.next_due_at)"
	    " AND (r.status = 'succeeded' OR (r.status = 'running'"
	    " AND r.lease_until > now()) OR r.attempts >= $1::integer))"
	    " AND NOT (s.id = ANY ($2::bigint[]))"
	    " ORDER BY s.next_due_at, s.id LIMIT 1 FOR UPDATE SKIP LOCKED", 3 },
	/* Records the run once per (schedule, period); takes a failed run
	 * with attempts left, or one whose process died (lease expired). */
	[STMT_RUN_CLAIM] = {
	    "INSERT INTO annexa.report_run (org_id, kind, schedule_id,"
	    " period_key, status, trigger, attempts, lease_until, params)"
	    " VALUES ($2, $3, $4::bigint, $5, 'running', 'schedule', 1,"
	    " now() + $6::integer * interval '1 second', $7::jsonb)"
	    " ON CONFLICT (schedule_id, period_key) DO UPDATE SET"
	    " status = 'running', attempts = annexa.report_run.attempts + 1,"
	    " lease_until = excluded.lease_until, started_at = now(),"
	    " error = NULL"
	    " WHERE (annexa.report_run.status = 'failed'"
	    "  AND annexa.report_run.attempts < $1::integer)"
	    " OR (annexa.report_run.status = 'running'"
	    "  AND annexa.report_run.lease_until <= now())"
	    " RETURNING id, attempts", 7 },
	[STMT_RUN_SUCCEED] = {
	    "UPDATE annexa.report_run SET status = 'succeeded',"
	    " finished_at = now(), lease_until = NULL, generate_ms = $2::float8,"
	    " sign_ms = $3::float8, pages = $4::integer, bytes = $5::bigint,"
	    " sha256 = $6, pdf = $7::bytea, signer_fingerprint = $8,"
	    " report_id = $9, as_of = $10::date, audience = $11,"
	    " data_fingerprint = $12 WHERE id = $1::bigint", 12 },
	[STMT_RUN_FAIL] = {
	    "UPDATE annexa.report_run SET status = 'failed', finished_at = now(),"
	    " lease_until = NULL, error = $2 WHERE id = $1::bigint"
	    " RETURNING attempts", 2 },
	/* Moves a schedule on by one period, once: only from the due time
	 * the run was claimed for. */
	[STMT_SCHED_ADVANCE] = {
	    "UPDATE annexa.report_schedule SET next_due_at = next_due_at"
	    " + annexa.period_step(frequency) WHERE id = $1::bigint"
	    " AND next_due_at = $2::timestamptz", 2 },
	/* Report runs made on request (api, cli), once per request key:
	 * no row comes back when a run with the same key exists. */
	[STMT_RUN_RECORD] = {
	    "INSERT INTO annexa.report_run (org_id, kind, params, period_key,"
	    " status, trigger, started_at, finished_at, generate_ms, sign_ms,"
	    " pages, bytes, sha256, pdf, signer_fingerprint, report_id, as_of,"
	    " audience, data_fingerprint, request_key, format, requested_by)"
	    " VALUES ($1, $2, $3::jsonb, $4, 'succeeded', $5, now(), now(),"
	    " $6::float8, $7::float8, $8::integer, $9::bigint, $10, $11::bytea,"
	    " $12, $13, $14::date, $15, $16, $17, $18, $19) ON CONFLICT"
	    " (request_key) WHERE request_key IS NOT NULL DO NOTHING"
	    " RETURNING id", 19 },
	[STMT_RUN_LIST] = {
	    "SELECT id, kind, status, trigger, period_key, as_of::text, audience,"
	    " report_id, sha256, pages, bytes, round(generate_ms::numeric, 1),"
	    " round(sign_ms::numeric, 1),"
	    " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    " error, attempts, params->>'target', signer_fingerprint, format,"
	    " requested_by FROM annexa.report_run WHERE org_id = $1"
	    /* $3, when not null, a run: only the runs listed after it. */
	    " AND ($3::bigint IS NULL OR (started_at, id) < (SELECT"
	    " b.started_at, b.id FROM annexa.report_run b WHERE b.org_id = $1"
	    " AND b.id = $3::bigint))"
	    " ORDER BY started_at DESC, id DESC LIMIT $2::integer", 3 },
	[STMT_RUN_PDF] = {
	    "SELECT pdf, sha256, kind, coalesce(period_key, as_of::text, ''),"
	    " report_id FROM annexa.report_run WHERE org_id = $1"
	    " AND id = $2::bigint AND status = 'succeeded' AND format = $3",
	    3 },
	[STMT_RUN_BY_SHA] = {
	    "SELECT id, org_id, kind, report_id, as_of::text, signer_fingerprint,"
	    " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	    " FROM annexa.report_run WHERE sha256 = $1 ORDER BY id LIMIT 1", 1 },
	/*
	 * History records that carry their source system's id (source_id).
	 * A pair per kind, both with the parameters of the kind's append:
	 * $1 the organisation, $2 its source framework (not for feedback),
	 * the fields in record.c's order, the source id last.  _GET answers
	 * the stored record of that id, if any, and whether its content
	 * equals the parameters; _INSERT stores the record unless one with
	 * that id is stored (then it answers no row).
	 */
	[STMT_EVIDENCE_SOURCE_GET] = {
	    "SELECT id, (framework_id, control, kind, title, collected_at,"
	    " valid_until, location, sha256, collected_by) IS NOT DISTINCT FROM"
	    " ($2::text, $3::text, $4::text, $5::text, $6::date, $7::date,"
	    " $8::text, $9::text, $10::text) FROM annexa.evidence"
	    " WHERE org_id = $1 AND source_id = $11", 11 },
	[STMT_EVIDENCE_SOURCE_INSERT] = {
	    "INSERT INTO annexa.evidence (org_id, framework_id, control, kind,"
	    " title, collected_at, valid_until, location, sha256, collected_by,"
	    " source_id) VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8,"
	    " $9, $10, $11) ON CONFLICT (org_id, source_id) DO NOTHING"
	    " RETURNING id", 11 },
	[STMT_REVIEW_SOURCE_GET] = {
	    "SELECT id, (framework_id, control, reviewed_at, reviewer, result,"
	    " notes, next_review_due) IS NOT DISTINCT FROM ($2::text, $3::text,"
	    " $4::date, $5::text, $6::text, $7::text, $8::date)"
	    " FROM annexa.control_review WHERE org_id = $1 AND source_id = $9", 9 },
	[STMT_REVIEW_SOURCE_INSERT] = {
	    "INSERT INTO annexa.control_review (org_id, framework_id, control,"
	    " reviewed_at, reviewer, result, notes, next_review_due, source_id)"
	    " VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8::date, $9)"
	    " ON CONFLICT (org_id, source_id) DO NOTHING RETURNING id", 9 },
	/* An org-wide change (no control) has no framework either. */
	[STMT_CHANGE_SOURCE_GET] = {
	    "SELECT id, (occurred_at, kind, description, framework_id, control)"
	    " IS NOT DISTINCT FROM ($3::date, $4::text, $5::text,"
	    " CASE WHEN $6::text IS NULL THEN NULL ELSE $2::text END, $6::text)"
	    " FROM annexa.change_event WHERE org_id = $1 AND source_id = $7", 7 },
	[STMT_CHANGE_SOURCE_INSERT] = {
	    "INSERT INTO annexa.change_event (org_id, framework_id, occurred_at,"
	    " kind, description, control, source_id) VALUES ($1,"
	    " CASE WHEN $6::text IS NULL THEN NULL ELSE $2::text END, $3::date,"
	    " $4, $5, $6, $7) ON CONFLICT (org_id, source_id) DO NOTHING"
	    " RETURNING id", 7 },
	[STMT_FEEDBACK_SOURCE_GET] = {
	    "SELECT id, (received_at, party, summary, response) IS NOT DISTINCT"
	    " FROM ($2::date, $3::text, $4::text, $5::text) FROM annexa.feedback"
	    " WHERE org_id = $1 AND source_id = $6", 6 },
	[STMT_FEEDBACK_SOURCE_INSERT] = {
	    "INSERT INTO annexa.feedback (org_id, received_at, party, summary,"
	    " response, source_id) VALUES ($1, $2::date, $3, $4, $5, $6)"
	    " ON CONFLICT (org_id, source_id) DO NOTHING RETURNING id", 6 },
	/* The stored records other records of a bundle may refer to. */
	[STMT_ORG_RECORD_IDS] = {
	    "SELECT 'scope', id FROM annexa.scope WHERE org_id = $1"
	    " UNION ALL SELECT 'risk', id FROM annexa.risk WHERE org_id = $1"
	    " UNION ALL SELECT 'finding', id FROM annexa.finding"
	    " WHERE org_id = $1", 1 },
	/* The stored run that answers a report request (its request key). */
	[STMT_RUN_BY_KEY] = {
	    "SELECT pdf, sha256, kind, coalesce(period_key, as_of::text, ''),"
	    " report_id, id, pages, generate_ms, sign_ms"
	    " FROM annexa.report_run WHERE request_key = $1"
	    " AND status = 'succeeded'", 1 },
	/* Deletes up to $2 finished runs that no schedule owns, started more
	 * than $1 days ago; one batch, so that no lock is held for long. */
	[STMT_RUN_PRUNE] = {
	    "DELETE FROM annexa.report_run WHERE id IN (SELECT id"
	    " FROM annexa.report_run WHERE schedule_id IS NULL"
	    " AND status <> 'running'"
	    " AND started_at < now() - $1::integer * interval '1 day'"
	    " ORDER BY started_at LIMIT $2::integer)", 2 },
	/*
	 * Sign-in links and sessions (loginlink.c, session.c).  Secrets
	 * arrive as their SHA-256 in hex; durations in whole seconds.
	 */
	[STMT_LINK_INSERT] = {
	    "INSERT INTO annexa.login_link (link_sha256, org_id, role,"
	    " person_name, person_email, created_by, expires_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6::bigint,"
	    " now() + $7::integer * interval '1 second')"
	    " RETURNING id, to_char(expires_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", 7 },
	[STMT_LINK_PEEK] = {
	    "SELECT l.id, l.org_id, o.name, l.role, l.person_name,"
	    " l.person_email, CASE WHEN l.used_at IS NOT NULL THEN 'spent'"
	    " WHEN l.expires_at <= now() THEN 'expired' ELSE 'valid' END"
	    " FROM annexa.login_link l JOIN annexa.org o ON o.id = l.org_id"
	    " WHERE l.link_sha256 = $1", 1 },
	[STMT_LINK_SPEND] = {
	    "UPDATE annexa.login_link SET used_at = now()"
	    " WHERE link_sha256 = $1 AND used_at IS NULL AND expires_at > now()"
	    " RETURNING id, org_id, role, person_name, person_email", 1 },
	[STMT_SESSION_INSERT] = {
	    "INSERT INTO annexa.session (session_sha256, org_id, role,"
	    " person_name, person_email, link_id, token_id, expires_at,"
	    " person_id)"
	    " VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bigint,"
	    " now() + $8::integer * interval '1 second', $9::bigint)"
	    " RETURNING id", 9 },
	/*
	 * A session is alive while not revoked, before its absolute end,
	 * seen within the idle time ($2 seconds), and, when it was opened
	 * with a token, while that token is valid.  One opened through
	 * single sign-on lives while its person does: removing the person
	 * leaves it naming neither link, token nor person.  Its last-seen
	 * time moves at most once a minute, so that a busy page does not
	 * write a row version per request.
	 */
	[STMT_SESSION_TOUCH] = {
	    "WITH live AS (SELECT s.id, coalesce(s.org_id, '') AS org, s.role,"
	    " s.person_name, coalesce(s.person_email, '') AS email,"
	    " coalesce(s.token_id, 0) AS token,"
	    " coalesce(s.person_id, 0) AS person, s.last_seen_at"
	    " FROM annexa.session s"
	    " WHERE s.session_sha256 = $1 AND s.revoked_at IS NULL"
	    " AND s.expires_at > now()"
	    " AND num_nonnulls(s.link_id, s.token_id, s.person_id) = 1"
	    " AND s.last_seen_at > now() - $2::integer * interval '1 second'"
	    " AND (s.token_id IS NULL OR EXISTS (SELECT 1 FROM annexa.api_token t"
	    " WHERE t.id = s.token_id AND t.revoked_at IS NULL"
	    " AND (t.expires_at IS NULL OR t.expires_at > now())))),"
	    " touch AS (UPDATE annexa.session SET last_seen_at = now()"
	    " WHERE id IN (SELECT id FROM live"
	    " WHERE last_seen_at < now() - interval '1 minute') RETURNING id)"
	    " SELECT id, org, role, person_name, email, token, person"
	    " FROM live", 2 },
	[STMT_SESSION_END] = {
	    "UPDATE annexa.session SET revoked_at = now()"
	    " WHERE id = $1::bigint AND revoked_at IS NULL RETURNING id", 1 },
	[STMT_SESSION_LIST] = {
	    "SELECT id, person_name || coalesce(' <' || person_email || '>', ''),"
	    " coalesce(org_id, '(global)'), role,"
	    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
	    " to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
	    " to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
	    " CASE WHEN revoked_at IS NOT NULL THEN 'revoked'"
	    " WHEN expires_at <= now() THEN 'expired'"
	    " WHEN last_seen_at <= now() - $1::integer * interval '1 second'"
	    " THEN 'idle' ELSE 'active' END"
	    " FROM annexa.session ORDER BY id", 1 },
	/*
	 * The people single sign-on lets in (person.c).  Addresses arrive
	 * lowered; adding a person the organisation has already is no row.
	 */
	[STMT_PERSON_INSERT] = {
	    "INSERT INTO annexa.person (org_id, email, name, role)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, email) DO NOTHING"
	    " RETURNING id", 4 },
	[STMT_PERSON_FIND] = {
	    "SELECT id, coalesce(name, ''), role FROM annexa.person"
	    " WHERE org_id = $1 AND email = $2", 2 },
	[STMT_PERSON_ORGS] = {
	    "SELECT p.org_id, o.name FROM annexa.person p"
	    " JOIN annexa.org o ON o.id = p.org_id"
	    " WHERE p.email = $1 ORDER BY p.org_id", 1 },
	[STMT_PERSON_LIST] = {
	    "SELECT org_id, email, role, coalesce(name, ''),"
	    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
	    " FROM annexa.person WHERE $1::text IS NULL OR org_id = $1"
	    " ORDER BY org_id, email", 1 },
	/*
	 * The sessions still open for a person about to be removed: theirs
	 * through single sign-on, and those of sign-in links made for the
	 * same address in the same organisation.
	 */
	[STMT_PERSON_SESSIONS_END] = {
	    "UPDATE annexa.session SET revoked_at = now()"
	    " WHERE revoked_at IS NULL AND (person_id = $3::bigint"
	    " OR (link_id IS NOT NULL AND org_id = $1"
	    " AND lower(person_email) = $2)) RETURNING id", 3 },
	[STMT_PERSON_DELETE] = {
	    "DELETE FROM annexa.person WHERE id = $1::bigint RETURNING id", 1 },
	/*
	 * Share links (share.c).  A link's state is computed, never
	 * stored: revoked, expired (now() past expires_at), used-up (as many
	 * downloads as max_downloads) or active.  $13 of the insert is a
	 * test clock for the creation time (NULL: now()).
	 */
	[STMT_SHARE_INSERT] = {
	    "INSERT INTO annexa.share_link (link_sha256, org_id, report, target,"
	    " recipient_company, recipient_name, recipient_email, nda,"
	    " max_downloads, created_by, created_by_name, created_at, expires_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::boolean, $9::integer,"
	    " $10::bigint, $11, coalesce($13::timestamptz, now()),"
	    " coalesce($13::timestamptz, now()) + $12::integer * interval '1 second')"
	    " RETURNING id, to_char(expires_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", 13 },
	[STMT_SHARE_LIST] = {
	    "SELECT l.id, l.org_id, substr(l.link_sha256, 1, 6), l.report,"
	    " l.target, l.recipient_company, l.recipient_name, l.recipient_email,"
	    " l.nda, l.max_downloads, to_char(l.created_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), to_char(l.expires_at AT TIME"
	    " ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    " CASE WHEN l.revoked_at IS NOT NULL THEN 'revoked'"
	    " WHEN l.expires_at <= now() THEN 'expired'"
	    " WHEN l.max_downloads IS NOT NULL AND (SELECT count(*) FROM"
	    " annexa.share_access d WHERE d.share_id = l.id AND d.event ="
	    " 'download') >= l.max_downloads THEN 'used-up' ELSE 'active' END,"
	    " (SELECT count(*) FROM annexa.share_access a WHERE a.share_id = l.id"
	    " AND a.event = 'view'), (SELECT count(*) FROM annexa.share_access a"
	    " WHERE a.share_id = l.id AND a.event = 'nda'), (SELECT count(*) FROM"
	    " annexa.share_access a WHERE a.share_id = l.id AND a.event ="
	    " 'download'), (SELECT to_char(max(a.at) AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM annexa.share_access a"
	    " WHERE a.share_id = l.id) FROM annexa.share_link l"
	    " WHERE $1::text IS NULL OR l.org_id = $1 ORDER BY l.id DESC"
	    " LIMIT 500", 1 },
	[STMT_SHARE_REVOKE] = {
	    "UPDATE annexa.share_link SET revoked_at = coalesce(revoked_at, now())"
	    " WHERE id = $1::bigint AND ($2::text IS NULL OR org_id = $2)"
	    " RETURNING id", 2 },
	[STMT_SHARE_PEEK] = {
	    "SELECT l.id, l.org_id, o.name, substr(l.link_sha256, 1, 6), l.report,"
	    " l.target, l.recipient_company, l.recipient_name, l.recipient_email,"
	    " l.nda, to_char(l.expires_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD HH24:MI \"UTC\"'),"
	    " CASE WHEN l.revoked_at IS NOT NULL THEN 'revoked'"
	    " WHEN l.expires_at <= now() THEN 'expired'"
	    " WHEN l.max_downloads IS NOT NULL AND (SELECT count(*) FROM"
	    " annexa.share_access d WHERE d.share_id = l.id AND d.event ="
	    " 'download') >= l.max_downloads THEN 'used-up' ELSE 'active' END,"
	    " EXISTS (SELECT 1 FROM annexa.share_access a WHERE a.share_id = l.id"
	    " AND a.event = 'nda'), (SELECT count(*) FROM annexa.share_access d"
	    " WHERE d.share_id = l.id AND d.event = 'download'), l.max_downloads"
	    " FROM annexa.share_link l JOIN annexa.org o ON o.id = l.org_id"
	    " WHERE l.link_sha256 = $1", 1 },
	[STMT_SHARE_LOCK] = {
	    "SELECT id FROM annexa.share_link WHERE id = $1::bigint FOR UPDATE",
	    1 },
	[STMT_SHARE_STATE] = {
	    "SELECT CASE WHEN l.revoked_at IS NOT NULL THEN 'revoked'"
	    " WHEN l.expires_at <= now() THEN 'expired'"
	    " WHEN l.max_downloads IS NOT NULL AND (SELECT count(*) FROM"
	    " annexa.share_access d WHERE d.share_id = l.id AND d.event ="
	    " 'download') >= l.max_downloads THEN 'used-up' ELSE 'active' END"
	    " FROM annexa.share_link l WHERE l.id = $1::bigint", 1 },
	[STMT_SHARE_ACCESS] = {
	    "INSERT INTO annexa.share_access (share_id, event, client_addr,"
	    " user_agent, nda_version, accepted_name, accepted_email,"
	    " accepted_company, report_run_id) VALUES ($1::bigint, $2, $3, $4,"
	    " $5::integer, $6, $7, $8, $9::bigint) RETURNING id,"
	    " to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	    9 },
	[STMT_SHARE_RUN_TIE] = {
	    "UPDATE annexa.report_run SET share_id = $2::bigint"
	    " WHERE id = $1::bigint RETURNING id", 2 },
	[STMT_SHARE_ACCESSES] = {
	    "SELECT a.id, to_char(a.at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.event, a.client_addr,"
	    " a.user_agent, a.nda_version, a.accepted_name, a.accepted_email,"
	    " a.accepted_company, a.report_run_id FROM annexa.share_link l"
	    " LEFT JOIN annexa.share_access a ON a.share_id = l.id"
	    " WHERE l.id = $1::bigint AND ($2::text IS NULL OR l.org_id = $2)"
	    " ORDER BY a.id", 2 },
	[STMT_SHARE_NDA_ADD] = {
	    "INSERT INTO annexa.share_nda (org_id, version, body)"
	    " SELECT $1::text, coalesce(max(version), 0) + 1, $2::text"
	    " FROM annexa.share_nda WHERE org_id = $1::text RETURNING version",
	    2 },
	[STMT_SHARE_NDA_CURRENT] = {
	    "SELECT version, body FROM annexa.share_nda WHERE org_id = $1"
	    " ORDER BY version DESC LIMIT 1", 1 },
	[STMT_SHARE_ORIGIN] = {
	    "SELECT l.id, substr(l.link_sha256, 1, 6), l.recipient_company,"
	    " l.recipient_name, l.recipient_email, a.id, to_char(a.at AT TIME"
	    " ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.client_addr"
	    " FROM annexa.report_run r JOIN annexa.share_link l ON l.id = r.share_id"
	    " LEFT JOIN annexa.share_access a ON a.report_run_id = r.id"
	    " WHERE r.id = $1::bigint ORDER BY a.id LIMIT 1", 1 },
	/*
	 * Delivery (delivery.c, migration 0013).  $2 of the recipient
	 * statements is the organisation an API caller is scoped to (NULL:
	 * the command line, any organisation).  A delivery is due when
	 * pending and its next attempt has come, or when the process that
	 * was sending it let its lease run out; claiming it counts the
	 * attempt.  The outcome of an attempt is recorded only by the
	 * process still holding it (same attempt number, still sending).
	 */
	[STMT_SCHED_OWNER] = {
	    "SELECT org_id FROM annexa.report_schedule WHERE id = $1::bigint"
	    " AND ($2::text IS NULL OR org_id = $2)", 2 },
	[STMT_NOTIFY_ADD] = {
	    "INSERT INTO annexa.schedule_notify (schedule_id, kind, address,"
	    " attach, secret) SELECT s.id, $3, $4, $5::boolean, $6"
	    " FROM annexa.report_schedule s WHERE s.id = $1::bigint"
	    " AND ($2::text IS NULL OR s.org_id = $2)"
	    " ON CONFLICT (schedule_id, kind, address) DO NOTHING RETURNING id",
	    6 },
	[STMT_NOTIFY_LIST] = {
	    "SELECT n.id, n.schedule_id, s.org_id, n.kind, n.address, n.attach,"
	    " to_char(n.created_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	    " FROM annexa.schedule_notify n JOIN annexa.report_schedule s"
	    " ON s.id = n.schedule_id WHERE ($1::bigint IS NULL"
	    " OR n.schedule_id = $1::bigint) AND ($2::text IS NULL"
	    " OR s.org_id = $2) ORDER BY n.schedule_id, n.id", 2 },
	/* A removed recipient gets nothing more: its waiting deliveries. */
	[STMT_NOTIFY_CANCEL] = {
	    "UPDATE annexa.delivery SET status = 'cancelled'"
	    " WHERE notify_id = $1::bigint AND status = 'pending'"
	    " AND ($2::text IS NULL OR org_id = $2)", 2 },
	[STMT_NOTIFY_REMOVE] = {
	    "DELETE FROM annexa.schedule_notify n USING annexa.report_schedule s"
	    " WHERE n.id = $1::bigint AND s.id = n.schedule_id"
	    " AND ($2::text IS NULL OR s.org_id = $2) RETURNING n.id", 2 },
	/* In the transaction that marks run $1 of schedule $2 succeeded. */
	[STMT_DELIVERY_ENQUEUE] = {
	    "INSERT INTO annexa.delivery (run_id, notify_id, org_id, kind,"
	    " address, attach) SELECT $1::bigint, n.id, s.org_id, n.kind,"
	    " n.address, n.attach FROM annexa.schedule_notify n"
	    " JOIN annexa.report_schedule s ON s.id = n.schedule_id"
	    " WHERE n.schedule_id = $2::bigint ORDER BY n.id"
	    " ON CONFLICT (run_id, notify_id) WHERE notify_id IS NOT NULL"
	    " DO NOTHING", 2 },
	[STMT_DELIVERY_CLAIM] = {
	    "UPDATE annexa.delivery d SET status = 'sending',"
	    " attempts = d.attempts + 1,"
	    " lease_until = now() + $1::integer * interval '1 second'"
	    " FROM (SELECT id FROM annexa.delivery"
	    "  WHERE ((status = 'pending' AND next_attempt_at <= now())"
	    "  OR (status = 'sending' AND lease_until <= now()))"
	    "  AND NOT (id = ANY ($2::bigint[]))"
	    "  ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) c"
	    " WHERE d.id = c.id RETURNING d.id, d.uid::text, d.run_id, d.kind,"
	    " d.address, d.attach, d.attempts, (SELECT n.secret"
	    " FROM annexa.schedule_notify n WHERE n.id = d.notify_id),"
	    " d.share_id", 2 },
	[STMT_DELIVERY_RUN] = {
	    "SELECT r.org_id, o.name, o.source_framework, r.kind, s.target,"
	    " coalesce(r.audience, 'internal'), coalesce(r.period_key, ''),"
	    " r.as_of::text, r.report_id, r.sha256, r.bytes, r.schedule_id,"
	    " CASE WHEN $2::boolean THEN r.pdf END"
	    " FROM annexa.report_run r JOIN annexa.org o ON o.id = r.org_id"
	    " LEFT JOIN annexa.report_schedule s ON s.id = r.schedule_id"
	    " WHERE r.id = $1::bigint AND r.status = 'succeeded'", 2 },
	[STMT_DELIVERY_INSIDE] = {
	    "SELECT 1 FROM annexa.person WHERE org_id = $1"
	    " AND email = lower($2)", 2 },
	[STMT_DELIVERY_SENT] = {
	    "UPDATE annexa.delivery SET status = 'sent', sent_at = now(),"
	    " lease_until = NULL, last_error = NULL,"
	    " share_id = coalesce($3::bigint, share_id)"
	    " WHERE id = $1::bigint AND status = 'sending'"
	    " AND attempts = $2::integer RETURNING id", 3 },
	/*
	 * $3 attempts in all; the wait before attempt n + 1 is $4 seconds
	 * times 2^(n - 1), at most $5.
	 */
	[STMT_DELIVERY_RETRY] = {
	    "UPDATE annexa.delivery SET lease_until = NULL, last_error = left($6, 500),"
	    " share_id = coalesce($7::bigint, share_id),"
	    " status = CASE WHEN attempts >= $3::integer THEN 'failed'"
	    "  ELSE 'pending' END,"
	    " next_attempt_at = now() + least($4::float8 * power(2, attempts - 1),"
	    "  $5::float8) * interval '1 second'"
	    " WHERE id = $1::bigint AND status = 'sending'"
	    " AND attempts = $2::integer RETURNING status,"
	    " to_char(next_attempt_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", 7 },
	/* $1 organisation, $2 run, $3 failed only; NULL: no restriction. */
	[STMT_DELIVERY_LIST] = {
	    "SELECT d.id, d.uid::text, d.run_id, coalesce(r.schedule_id::text, ''),"
	    " d.org_id, r.kind, coalesce(r.period_key, ''), d.kind, d.address,"
	    " d.status, d.attempts, CASE WHEN d.status = 'pending' THEN"
	    " to_char(d.next_attempt_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') ELSE '' END,"
	    " coalesce(to_char(d.sent_at AT TIME ZONE 'UTC',"
	    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), coalesce(d.last_error, '')"
	    " FROM annexa.delivery d JOIN annexa.report_run r ON r.id = d.run_id"
	    " WHERE ($1::text IS NULL OR d.org_id = $1)"
	    " AND ($2::bigint IS NULL OR d.run_id = $2::bigint)"
	    " AND (NOT coalesce($3::boolean, false) OR d.status = 'failed')"
	    " ORDER BY d.id DESC LIMIT 500", 3 },
	[STMT_DELIVERY_COUNTS] = {
	    "SELECT count(*) FILTER (WHERE status = 'sent'),"
	    " count(*) FILTER (WHERE status = 'failed'),"
	    " count(*) FILTER (WHERE status IN ('pending', 'sending')),"
	    " coalesce(sum(greatest(attempts - 1, 0)), 0)"
	    " FROM annexa.delivery", 0 },
	/*
	 * After an import: fresh statistics for the tables imports fill, so
	 * the reports made next are planned for the rows that are there (the
	 * planner otherwise guesses a row or two per table until autovacuum
	 * comes by, and joins the controls of an organisation in nested
	 * loops).  VACUUM marks the loaded pages all-visible, so the reports'
	 * index-only reads (0015) need no table page per entry before
	 * autovacuum comes by: about half the server time of a management
	 * review four times the demo's size.  It visits only the pages
	 * changed since it last ran.  Tables the role does not own are
	 * skipped with a warning.
	 */
	[STMT_ANALYZE_DATA] = {
	    "VACUUM (ANALYZE) annexa.framework, annexa.control,"
	    " annexa.mapping_set, annexa.mapping, annexa.org, annexa.scope,"
	    " annexa.soa_entry, annexa.evidence, annexa.control_review,"
	    " annexa.change_event, annexa.risk, annexa.risk_control,"
	    " annexa.objective, annexa.feedback, annexa.exception,"
	    " annexa.finding, annexa.corrective_action,"
	    " annexa.management_review, annexa.management_review_item", 0 },
};

const char *
db_stmt_sql(enum stmt s)
{
	return stmt_defs[s].sql;
}

int
db_stmt_nparams(enum stmt s)
{
	return stmt_defs[s].nparams;
}
