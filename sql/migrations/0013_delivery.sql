-- 0013_delivery.sql — scheduled reports that reach people: e-mail and
-- signed webhooks (docs/reports.md, "Delivery").
--
-- schedule_notify holds a schedule's recipients: an e-mail address
-- (kind 'email', with or without the signed PDF attached) or an https
-- URL (kind 'webhook', with the secret its requests are signed with).
-- The secret is kept as the 64 hex digits it was shown as: signing
-- needs it, so it cannot be a hash; only annexa's roles read it.
--
-- delivery is the outbox: one row per recipient and succeeded run,
-- written in the transaction that marks the run succeeded, so a run
-- has its deliveries exactly when it has succeeded.  `schedule run`
-- claims due rows (FOR UPDATE SKIP LOCKED), marks them 'sending' under
-- a lease, sends, and records 'sent' or, after a failure, 'pending'
-- again with a later next_attempt_at, until the last attempt makes it
-- 'failed'.  A process that dies while sending leaves 'sending' until
-- its lease ends; then another run takes the row over (the one case in
-- which a message may go out twice).  The public id (uid) is what
-- receivers see and may drop a repeat by; it never changes for a row.
-- The recipient is copied into the row, so that removing a recipient
-- later keeps the record of what was sent to whom.

CREATE TABLE annexa.schedule_notify (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id  bigint NOT NULL REFERENCES annexa.report_schedule (id)
                     ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('email', 'webhook')),
    address      text NOT NULL CHECK (length(address) BETWEEN 3 AND 500),
    attach       boolean NOT NULL DEFAULT false,
    secret       text CHECK (secret ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'webhook') = (secret IS NOT NULL)),
    CHECK (kind = 'email' OR NOT attach),
    UNIQUE (schedule_id, kind, address)
);

CREATE TABLE annexa.delivery (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uid              uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    run_id           bigint NOT NULL REFERENCES annexa.report_run (id),
    notify_id        bigint REFERENCES annexa.schedule_notify (id)
                         ON DELETE SET NULL,
    org_id           annexa.ident NOT NULL REFERENCES annexa.org (id),
    kind             text NOT NULL CHECK (kind IN ('email', 'webhook')),
    address          text NOT NULL,
    attach           boolean NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN
                         ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,
    last_error       text CHECK (length(last_error) <= 500),
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    -- The share link an e-mail to someone outside the organisation got.
    share_id         bigint REFERENCES annexa.share_link (id),
    CHECK ((status = 'sending') = (lease_until IS NOT NULL)),
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- Exactly one delivery per recipient and run, however often the run is
-- marked succeeded.
CREATE UNIQUE INDEX delivery_once ON annexa.delivery (run_id, notify_id)
    WHERE notify_id IS NOT NULL;
CREATE INDEX delivery_due ON annexa.delivery (next_attempt_at)
    WHERE status IN ('pending', 'sending');
CREATE INDEX delivery_run ON annexa.delivery (run_id);
