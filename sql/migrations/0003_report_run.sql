-- 0003_report_run.sql — what a generated report carries besides its bytes:
-- the report id printed on its title page, the date its data is as of,
-- the audience, and the fingerprint of the data it shows.

ALTER TABLE annexa.report_run
    ADD COLUMN report_id         text CHECK (report_id ~ '^[0-9a-f]{16}$'),
    ADD COLUMN as_of             date,
    ADD COLUMN audience          text CHECK (audience IN ('internal', 'customer')),
    ADD COLUMN data_fingerprint  text CHECK (data_fingerprint ~ '^[0-9a-f]{64}$');

CREATE INDEX report_run_report_id ON annexa.report_run (report_id);
