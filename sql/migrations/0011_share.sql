-- 0011_share.sql — share links for sales assurance.
--
-- A share link gives one named recipient (a company, a person and an
-- address) one report of one organisation, always for the customer
-- audience, until it expires (at most a year), is revoked, or has been
-- downloaded max_downloads times.  The link's secret (128 random bits,
-- shown once as public_url/s/SECRET) is never stored: only its SHA-256.
--
-- An organisation may require its recipients to accept its NDA first:
-- share_nda keeps every version of the text; an acceptance records the
-- version accepted.  share_access is the access log: every view, NDA
-- acceptance and download (and every refusal of a spent link), with the
-- client address nginx passed and the user agent.  A download is also a
-- report run (trigger 'share'), tied to its link by report_run.share_id,
-- so that verifying a leaked file names the link and its recipient.

CREATE TABLE annexa.share_nda (
    org_id      annexa.ident NOT NULL REFERENCES annexa.org (id),
    version     integer NOT NULL CHECK (version >= 1),
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, version)
);

CREATE TABLE annexa.share_link (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_sha256       text NOT NULL UNIQUE CHECK (link_sha256 ~ '^[0-9a-f]{64}$'),
    org_id            annexa.ident NOT NULL REFERENCES annexa.org (id),
    report            text NOT NULL CHECK (report IN
                          ('comparison', 'gap', 'soa', 'management-review')),
    target            annexa.ident,
    recipient_company text NOT NULL CHECK (length(recipient_company) BETWEEN 1 AND 100),
    recipient_name    text NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
    recipient_email   text NOT NULL CHECK (length(recipient_email) BETWEEN 3 AND 254),
    nda               boolean NOT NULL,
    max_downloads     integer CHECK (max_downloads BETWEEN 1 AND 1000),  -- NULL: no limit
    created_at        timestamptz NOT NULL DEFAULT now(),
    created_by        bigint REFERENCES annexa.api_token (id),  -- NULL: command line or a session
    created_by_name   text,          -- the person of a session, when one made it
    expires_at        timestamptz NOT NULL,
    revoked_at        timestamptz,
    CHECK ((report = 'gap') = (target IS NOT NULL)),
    CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days')
);
CREATE INDEX share_link_org ON annexa.share_link (org_id, created_at DESC);

CREATE TABLE annexa.share_access (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    share_id          bigint NOT NULL REFERENCES annexa.share_link (id),
    event             text NOT NULL CHECK (event IN ('view', 'nda', 'download', 'refused')),
    at                timestamptz NOT NULL DEFAULT now(),
    client_addr       text CHECK (length(client_addr) <= 64),
    user_agent        text CHECK (length(user_agent) <= 512),
    -- An NDA acceptance: the version accepted and who said they accept.
    nda_version       integer,
    accepted_name     text CHECK (length(accepted_name) BETWEEN 1 AND 200),
    accepted_email    text CHECK (length(accepted_email) BETWEEN 3 AND 254),
    accepted_company  text CHECK (length(accepted_company) BETWEEN 1 AND 100),
    report_run_id     bigint REFERENCES annexa.report_run (id),
    CHECK ((event = 'nda') = (nda_version IS NOT NULL)),
    CHECK ((event = 'download') = (report_run_id IS NOT NULL))
);
CREATE INDEX share_access_share ON annexa.share_access (share_id, at);

ALTER TABLE annexa.report_run
    ADD COLUMN share_id bigint REFERENCES annexa.share_link (id);
ALTER TABLE annexa.report_run DROP CONSTRAINT report_run_trigger_check;
ALTER TABLE annexa.report_run ADD CONSTRAINT report_run_trigger_check
    CHECK (trigger IN ('api', 'cli', 'schedule', 'share'));
