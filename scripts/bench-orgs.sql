-- scripts/bench-orgs.sql — for scripts/bench only: :n copies of the demo
-- organisation (bench-1 ... bench-N, all its records) and a quarterly
-- management-review schedule for each, due now for 2026-Q3.
-- psql -v n=1000 -f scripts/bench-orgs.sql
BEGIN;
CREATE TEMP TABLE g AS SELECT 'bench-' || i AS org FROM generate_series(1, :n) i;
INSERT INTO annexa.org (id, name, cloud_role, source_framework)
    SELECT g.org, 'Bench ' || g.org, o.cloud_role, o.source_framework
    FROM g, annexa.org o WHERE o.id = 'acme-cloud';
INSERT INTO annexa.scope SELECT g.org, s.id, s.statement, s.boundary
    FROM g, annexa.scope s WHERE s.org_id = 'acme-cloud';
INSERT INTO annexa.soa_entry SELECT g.org, s.framework_id, s.control, s.applicable,
    s.justification, s.implementation, s.responsibility, s.scope_id, s.owner,
    s.evidence_source, s.change_trigger, s.escalation_path
    FROM g, annexa.soa_entry s WHERE s.org_id = 'acme-cloud';
INSERT INTO annexa.evidence (org_id, framework_id, control, kind, title,
    collected_at, valid_until, location, sha256, collected_by)
    SELECT g.org, e.framework_id, e.control, e.kind, e.title, e.collected_at,
    e.valid_until, e.location, e.sha256, e.collected_by
    FROM g, annexa.evidence e WHERE e.org_id = 'acme-cloud';
INSERT INTO annexa.control_review (org_id, framework_id, control, reviewed_at,
    reviewer, result, notes, next_review_due)
    SELECT g.org, r.framework_id, r.control, r.reviewed_at, r.reviewer,
    r.result, r.notes, r.next_review_due
    FROM g, annexa.control_review r WHERE r.org_id = 'acme-cloud';
INSERT INTO annexa.change_event (org_id, occurred_at, kind, description,
    framework_id, control)
    SELECT g.org, c.occurred_at, c.kind, c.description, c.framework_id, c.control
    FROM g, annexa.change_event c WHERE c.org_id = 'acme-cloud';
INSERT INTO annexa.risk SELECT g.org, r.id, r.title, r.owner, r.likelihood,
    r.impact, r.treatment, r.treatment_plan, r.status, r.residual_likelihood,
    r.residual_impact, r.assessed_at
    FROM g, annexa.risk r WHERE r.org_id = 'acme-cloud';
INSERT INTO annexa.risk_control SELECT g.org, r.risk, r.framework_id, r.control
    FROM g, annexa.risk_control r WHERE r.org_id = 'acme-cloud';
INSERT INTO annexa.objective SELECT g.org, o.id, o.title, o.measure, o.target,
    o.value, o.measured_at, o.status
    FROM g, annexa.objective o WHERE o.org_id = 'acme-cloud';
INSERT INTO annexa.feedback (org_id, received_at, party, summary, response)
    SELECT g.org, f.received_at, f.party, f.summary, f.response
    FROM g, annexa.feedback f WHERE f.org_id = 'acme-cloud';
INSERT INTO annexa.exception SELECT g.org, x.id, x.framework_id, x.control,
    x.description, x.accepted_by, x.approved_at, x.expires_at, x.status
    FROM g, annexa.exception x WHERE x.org_id = 'acme-cloud';
INSERT INTO annexa.finding SELECT g.org, f.id, f.framework_id, f.control,
    f.source, f.severity, f.description, f.raised_at, f.owner, f.due_at,
    f.closed_at, f.root_cause
    FROM g, annexa.finding f WHERE f.org_id = 'acme-cloud';
INSERT INTO annexa.corrective_action SELECT g.org, a.id, a.finding,
    a.description, a.owner, a.due_at, a.completed_at, a.effectiveness_checked_at
    FROM g, annexa.corrective_action a WHERE a.org_id = 'acme-cloud';
INSERT INTO annexa.management_review SELECT g.org, m.id, m.held_at,
    m.period_start, m.period_end, m.chair, m.attendees, m.summary
    FROM g, annexa.management_review m WHERE m.org_id = 'acme-cloud';
INSERT INTO annexa.management_review_item (org_id, review, kind, text, owner,
    due_at, status, closed_at)
    SELECT g.org, i.review, i.kind, i.text, i.owner, i.due_at, i.status,
    i.closed_at FROM g, annexa.management_review_item i
    WHERE i.org_id = 'acme-cloud';
INSERT INTO annexa.report_schedule (org_id, kind, frequency, next_due_at)
    SELECT g.org, 'management-review', 'quarterly', '2026-10-01' FROM g;
COMMIT;
-- What `annexa import` leaves after loading: statistics, and pages marked
-- all-visible for the reports' index-only reads.
VACUUM (ANALYZE);
