-- 0006_history_source_id.sql — the id a history record carries in the
-- system it came from (evidence, control reviews, change events and
-- feedback in a bundle or a POST).
--
-- annexa numbers these records itself; source_id keeps the other system's
-- reference so that importing the same record again is recognised by it.
-- It is optional, and unique per organisation within each kind of record.

ALTER TABLE annexa.evidence ADD COLUMN source_id annexa.ident;
ALTER TABLE annexa.evidence
    ADD CONSTRAINT evidence_source_id_key UNIQUE (org_id, source_id);

ALTER TABLE annexa.control_review ADD COLUMN source_id annexa.ident;
ALTER TABLE annexa.control_review
    ADD CONSTRAINT control_review_source_id_key UNIQUE (org_id, source_id);

ALTER TABLE annexa.change_event ADD COLUMN source_id annexa.ident;
ALTER TABLE annexa.change_event
    ADD CONSTRAINT change_event_source_id_key UNIQUE (org_id, source_id);

ALTER TABLE annexa.feedback ADD COLUMN source_id annexa.ident;
ALTER TABLE annexa.feedback
    ADD CONSTRAINT feedback_source_id_key UNIQUE (org_id, source_id);
