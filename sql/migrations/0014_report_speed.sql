-- 0014_report_speed.sql — two storage decisions the report path measured.
--
-- A management review reads the decisions and actions of an
-- organisation's reviews three times per report.  Without an index on the
-- organisation each of those reads every organisation's items: at 1,000
-- organisations that was about 15 ms of server time per report, the
-- largest single cost of a scheduled batch.
CREATE INDEX management_review_item_org
    ON annexa.management_review_item (org_id, review);

-- A run's bytes are a PDF of deflated streams or a zipped workbook:
-- compressing them again gains next to nothing and cost about 10 ms per
-- stored report.  EXTERNAL keeps them out of line and uncompressed.
ALTER TABLE annexa.report_run ALTER COLUMN pdf SET STORAGE EXTERNAL;
