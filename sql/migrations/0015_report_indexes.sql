-- 0015_report_indexes.sql — indexes in the order the reports and the
-- scheduler read, carrying the columns they show.
--
-- A report asks for the latest review of each control, the latest
-- evidence of each control and kind, and a period's reviews by month.
-- The indexes of 0001 found an organisation's rows but not in the order
-- those questions need, nor with the columns they read: every report
-- fetched and sorted each review and evidence row the organisation ever
-- recorded, one table page per row.  With 1,000 organisations loaded and
-- one organisation grown four times (controls and months), that was 15
-- to 45 ms of server time per statement for that organisation.  With
-- these, a statement reads the organisation's index entries in order and
-- no table row for a record it does not show.

-- Reviews of a control, newest first (the order a control's history and
-- "the latest review of each control by a date" read them), carrying the
-- result and the next due date the reports show: the latest review of
-- every control is the first entry of each control's range, read from the
-- index without sorting.  Reading the range beats looking each control up
-- (about twice as fast at one and at four times the demo's size): every
-- lookup compares the organisation, framework and control texts again at
-- each level of the tree.  It replaces the index of 0001 on the same
-- columns in ascending order.
DROP INDEX annexa.control_review_control;
CREATE INDEX control_review_control ON annexa.control_review
    (org_id, framework_id, control, reviewed_at DESC, id DESC)
    INCLUDE (result, next_review_due);

-- Reviews by date (the chart of review results per month, the review
-- pages) carry their result, so a month is counted from the index.
DROP INDEX annexa.control_review_date;
CREATE INDEX control_review_date ON annexa.control_review
    (org_id, reviewed_at, id) INCLUDE (result);

-- Evidence of a control by date carries its expiry: "the latest
-- collection of each control still valid at a date" (the gap engine) is
-- read from the index.
DROP INDEX annexa.evidence_control;
CREATE INDEX evidence_control ON annexa.evidence
    (org_id, framework_id, control, collected_at, id)
    INCLUDE (valid_until);

-- The latest evidence of each control and kind, in the order the reports
-- pick it (newest collection first, then newest row): the organisation's
-- evidence is walked once in index order without a sort.  The framework
-- is carried, not a key: the freshness chart counts every framework's
-- evidence of the organisation together.
CREATE INDEX evidence_latest ON annexa.evidence
    (org_id, control, kind, collected_at DESC, id DESC)
    INCLUDE (framework_id, valid_until);

-- Due schedules in the order `schedule run` claims them (due time, then
-- id): the claim walks them from the first and stops at the first one
-- whose period is still owed.  On the due time alone, the 1,000 schedules
-- of one day were all read, their period names computed and sorted for
-- every claim (about 7 ms each, 1,000 times a batch).
DROP INDEX annexa.report_schedule_due;
CREATE INDEX report_schedule_due ON annexa.report_schedule (next_due_at, id)
    WHERE enabled;
