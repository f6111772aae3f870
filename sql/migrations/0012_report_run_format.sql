-- 0012_report_run_format.sql — a report run holds a signed PDF or an
-- unsigned workbook (.xlsx).
--
-- The bytes stay in the column named pdf; format says which they are, so
-- that a workbook is never served as a PDF (…/report-runs/{id}.pdf) and
-- a listing says what each run made.  Runs recorded before this
-- migration are PDFs.

ALTER TABLE annexa.report_run
    ADD COLUMN format text NOT NULL DEFAULT 'pdf'
        CHECK (format IN ('pdf', 'xlsx'));
