-- 0004_schedule.sql — scheduled generation (docs/reports.md).
--
-- A schedule falls due at the start of each period; the run it then owes
-- is for the period that just ended: the one containing next_due_at - 1
-- day.  annexa.period_key names that period the way reports do:
-- "2026-W48", "2026-11", "2026-Q3", "2026".

CREATE FUNCTION annexa.period_key(frequency text, due timestamptz)
    RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE frequency
        WHEN 'weekly' THEN to_char((due AT TIME ZONE 'UTC')::date - 1, 'IYYY-"W"IW')
        WHEN 'monthly' THEN to_char((due AT TIME ZONE 'UTC')::date - 1, 'YYYY-MM')
        WHEN 'quarterly' THEN to_char((due AT TIME ZONE 'UTC')::date - 1, 'YYYY-"Q"Q')
        WHEN 'yearly' THEN to_char((due AT TIME ZONE 'UTC')::date - 1, 'YYYY')
    END
$$;

CREATE FUNCTION annexa.period_step(frequency text) RETURNS interval
    LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE frequency
        WHEN 'weekly' THEN interval '7 days'
        WHEN 'monthly' THEN interval '1 month'
        WHEN 'quarterly' THEN interval '3 months'
        WHEN 'yearly' THEN interval '1 year'
    END
$$;

ALTER TABLE annexa.report_schedule
    ADD COLUMN target text,
    ADD COLUMN audience text NOT NULL DEFAULT 'internal'
        CHECK (audience IN ('internal', 'customer'));

-- One schedule per report: a second identical one would only write the
-- same file twice.
CREATE UNIQUE INDEX report_schedule_once ON annexa.report_schedule
    (org_id, kind, coalesce(target, ''), audience, frequency);
