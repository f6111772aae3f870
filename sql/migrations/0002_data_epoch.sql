-- 0002_data_epoch.sql — one counter that moves whenever anything an answer
-- or report reads changes: catalog, mappings, and every organisation's
-- records.  Servers key their caches of computed answers (gap,
-- comparison) on it, so a cached answer is never served after a write,
-- from any host.

CREATE TABLE annexa.data_epoch (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    epoch  bigint NOT NULL
);
INSERT INTO annexa.data_epoch (id, epoch) VALUES (true, 1);

-- Runs with the owner's rights so the runtime role, which may only append
-- review history, still moves the counter when it does.
CREATE FUNCTION annexa.bump_data_epoch() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    UPDATE annexa.data_epoch SET epoch = epoch + 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['framework', 'control', 'mapping_set', 'mapping',
        'org', 'scope', 'soa_entry', 'evidence', 'control_review',
        'change_event', 'risk', 'risk_control', 'objective', 'feedback',
        'exception', 'finding', 'corrective_action', 'management_review',
        'management_review_item']
    LOOP
        EXECUTE format('CREATE TRIGGER bump_data_epoch AFTER INSERT OR UPDATE'
            ' OR DELETE OR TRUNCATE ON annexa.%I FOR EACH STATEMENT'
            ' EXECUTE FUNCTION annexa.bump_data_epoch()', t);
    END LOOP;
END
$$;
