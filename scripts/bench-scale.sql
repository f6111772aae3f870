-- scripts/bench-scale.sql — for scripts/bench only: the demo organisation
-- grown :k times (scale-K), to see how a report's time grows with data.
-- psql -v k=2 -f scripts/bench-scale.sql
--
-- k times the controls: a copy of the ISO/IEC 27017 catalog (scale-K-27017)
-- holding every control k times (5.1.1, 5.1.1-r2, ...), its four mapping
-- sets with every mapping k times, and every control-bound record of
-- acme-cloud (SoA, evidence, reviews, findings and their actions, risks,
-- exceptions, change events) once per copy of its control.  k times the
-- months: the history (evidence, control reviews, change events, feedback)
-- repeated k - 1 more times, each 24 months earlier than the one before.
-- Organisation-wide records (scope, objectives, management reviews) are
-- copied once.
BEGIN;
CREATE TEMP TABLE r AS SELECT i AS n,
    CASE WHEN i = 1 THEN '' ELSE '-r' || i END AS sfx
    FROM generate_series(1, :k) i;
CREATE TEMP TABLE m AS SELECT j AS n, make_interval(months => 24 * j) AS back
    FROM generate_series(0, :k - 1) j;
CREATE TEMP TABLE s AS SELECT 'scale-' || :k AS org,
    'scale-' || :k || '-27017' AS fw;

INSERT INTO annexa.framework (id, name, version, publisher, licence_note)
    SELECT s.fw, f.name || ' x' || :k || ' (bench)', f.version, f.publisher,
    f.licence_note FROM s, annexa.framework f WHERE f.id = 'iso27017-2015';
INSERT INTO annexa.control
    SELECT s.fw, c.control_id || r.sfx, c.title, c.group_id, c.group_title,
    c.sort_key * :k + r.n - 1
    FROM s, r, annexa.control c WHERE c.framework_id = 'iso27017-2015';
UPDATE annexa.framework SET control_count = 121 * :k FROM s WHERE id = s.fw;
CREATE TEMP TABLE sets AS SELECT ms.id AS old, ms.name, ms.target_framework,
    ms.provenance, ms.version
    FROM annexa.mapping_set ms WHERE ms.source_framework = 'iso27017-2015';
INSERT INTO annexa.mapping_set (name, source_framework, target_framework,
    provenance, version)
    SELECT 'scale-' || :k || '-' || sets.name, s.fw, sets.target_framework,
    sets.provenance, sets.version FROM s, sets;
INSERT INTO annexa.mapping (set_id, source_framework, source_control,
    target_framework, target_control, relationship, strength, rationale,
    confidence, note, gap_level, addendum)
    SELECT n.id, s.fw, mp.source_control || r.sfx, mp.target_framework,
    mp.target_control, mp.relationship, mp.strength, mp.rationale,
    mp.confidence, mp.note, mp.gap_level, mp.addendum
    FROM s, r, sets, annexa.mapping mp, annexa.mapping_set n
    WHERE mp.set_id = sets.old AND n.name = 'scale-' || :k || '-' || sets.name;

INSERT INTO annexa.org (id, name, cloud_role, source_framework)
    SELECT s.org, o.name || ' x' || :k, o.cloud_role, s.fw
    FROM s, annexa.org o WHERE o.id = 'acme-cloud';
INSERT INTO annexa.scope SELECT s.org, sc.id, sc.statement, sc.boundary
    FROM s, annexa.scope sc WHERE sc.org_id = 'acme-cloud';
INSERT INTO annexa.soa_entry SELECT s.org, s.fw, e.control || r.sfx,
    e.applicable, e.justification, e.implementation, e.responsibility,
    e.scope_id, e.owner, e.evidence_source, e.change_trigger, e.escalation_path
    FROM s, r, annexa.soa_entry e WHERE e.org_id = 'acme-cloud';
INSERT INTO annexa.evidence (org_id, framework_id, control, kind, title,
    collected_at, valid_until, location, sha256, collected_by)
    SELECT s.org, s.fw, e.control || r.sfx, e.kind, e.title,
    (e.collected_at - m.back)::date, (e.valid_until - m.back)::date,
    e.location, e.sha256, e.collected_by
    FROM s, r, m, annexa.evidence e WHERE e.org_id = 'acme-cloud';
INSERT INTO annexa.control_review (org_id, framework_id, control, reviewed_at,
    reviewer, result, notes, next_review_due)
    SELECT s.org, s.fw, v.control || r.sfx, (v.reviewed_at - m.back)::date,
    v.reviewer, v.result, v.notes, (v.next_review_due - m.back)::date
    FROM s, r, m, annexa.control_review v WHERE v.org_id = 'acme-cloud';
INSERT INTO annexa.change_event (org_id, occurred_at, kind, description,
    framework_id, control)
    SELECT s.org, (c.occurred_at - m.back)::date, c.kind, c.description,
    CASE WHEN c.control IS NULL THEN NULL ELSE s.fw END, c.control || r.sfx
    FROM s, r, m, annexa.change_event c WHERE c.org_id = 'acme-cloud'
    AND (c.control IS NOT NULL OR r.n = 1);
INSERT INTO annexa.feedback (org_id, received_at, party, summary, response)
    SELECT s.org, (f.received_at - m.back)::date, f.party, f.summary, f.response
    FROM s, m, annexa.feedback f WHERE f.org_id = 'acme-cloud';
INSERT INTO annexa.risk SELECT s.org, x.id || r.sfx, x.title, x.owner,
    x.likelihood, x.impact, x.treatment, x.treatment_plan, x.status,
    x.residual_likelihood, x.residual_impact, x.assessed_at
    FROM s, r, annexa.risk x WHERE x.org_id = 'acme-cloud';
INSERT INTO annexa.risk_control SELECT s.org, x.risk || r.sfx, s.fw,
    x.control || r.sfx FROM s, r, annexa.risk_control x
    WHERE x.org_id = 'acme-cloud';
INSERT INTO annexa.objective SELECT s.org, o.id, o.title, o.measure, o.target,
    o.value, o.measured_at, o.status
    FROM s, annexa.objective o WHERE o.org_id = 'acme-cloud';
INSERT INTO annexa.exception SELECT s.org, x.id || r.sfx, s.fw,
    x.control || r.sfx, x.description, x.accepted_by, x.approved_at,
    x.expires_at, x.status
    FROM s, r, annexa.exception x WHERE x.org_id = 'acme-cloud';
INSERT INTO annexa.finding SELECT s.org, f.id || r.sfx,
    CASE WHEN f.control IS NULL THEN NULL ELSE s.fw END, f.control || r.sfx,
    f.source, f.severity, f.description, f.raised_at, f.owner, f.due_at,
    f.closed_at, f.root_cause
    FROM s, r, annexa.finding f WHERE f.org_id = 'acme-cloud';
INSERT INTO annexa.corrective_action SELECT s.org, a.id || r.sfx,
    a.finding || r.sfx, a.description, a.owner, a.due_at, a.completed_at,
    a.effectiveness_checked_at
    FROM s, r, annexa.corrective_action a WHERE a.org_id = 'acme-cloud';
INSERT INTO annexa.management_review SELECT s.org, v.id, v.held_at,
    v.period_start, v.period_end, v.chair, v.attendees, v.summary
    FROM s, annexa.management_review v WHERE v.org_id = 'acme-cloud';
INSERT INTO annexa.management_review_item (org_id, review, kind, text, owner,
    due_at, status, closed_at)
    SELECT s.org, i.review, i.kind, i.text, i.owner, i.due_at, i.status,
    i.closed_at FROM s, annexa.management_review_item i
    WHERE i.org_id = 'acme-cloud';
COMMIT;
-- What `annexa import` leaves after loading: statistics, and pages marked
-- all-visible for the reports' index-only reads.
VACUUM (ANALYZE);
