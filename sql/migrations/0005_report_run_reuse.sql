-- 0005_report_run_reuse.sql — a report request is answered from the run
-- that already holds its report, and old runs can be pruned.
--
-- request_key is the SHA-256 (hex) of everything that decides a report's
-- bytes: annexa's version, the kind, organisation, target, period, as_of,
-- audience, the data fingerprint, the signer's certificate and, when the
-- caller pinned it, the signing time (reports/registry.c computes it).
-- Runs made on request (api, cli) carry one; scheduled runs and runs
-- recorded before this migration do not.  Unique, so that identical
-- requests arriving together still leave one run.

ALTER TABLE annexa.report_run
    ADD COLUMN request_key text CHECK (request_key ~ '^[0-9a-f]{64}$');

CREATE UNIQUE INDEX report_run_request_key ON annexa.report_run (request_key)
    WHERE request_key IS NOT NULL;

-- `annexa prune` looks for old runs that no schedule owns.
CREATE INDEX report_run_unowned_age ON annexa.report_run (started_at)
    WHERE schedule_id IS NULL;
