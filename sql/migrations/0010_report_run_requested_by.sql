-- 0010_report_run_requested_by.sql — who asked for a report run.
--
-- A run made on request names its requester, as the audit log does:
--   - a browser session or single sign-on: the person, "Name <email>";
--   - a bearer token: the token's label (or "token N" without one);
--   - the command line: "command line (USER)", the Unix user it ran as.
-- Scheduled runs and runs recorded before this migration have none.
-- An identical later request is answered with the stored run, which keeps
-- the name of whoever asked first.

ALTER TABLE annexa.report_run
    ADD COLUMN requested_by text CHECK (length(requested_by) BETWEEN 1 AND 500);
