-- 0008_session.sql — people in a browser: sign-in links and sessions.
--
-- A sign-in link is made for one named person (`annexa login-link`, or
-- POST /api/v1/orgs/{org}/login-links) and spent once; a session is what
-- a browser holds after signing in with a link or with an API token.  Of
-- both, only the SHA-256 of the secret is stored: the link's token is
-- shown once, the session id lives only in the browser's cookie.
--
-- Everything a session writes is audited under its person: audit_log
-- gains the session and the person's name and e-mail.

CREATE TABLE annexa.login_link (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    link_sha256   text NOT NULL UNIQUE CHECK (link_sha256 ~ '^[0-9a-f]{64}$'),
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    person_name   text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 200),
    person_email  text NOT NULL CHECK (length(person_email) BETWEEN 3 AND 254),
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES annexa.api_token (id),  -- NULL: the command line
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    CHECK (expires_at > created_at)
);

CREATE TABLE annexa.session (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_sha256 text NOT NULL UNIQUE CHECK (session_sha256 ~ '^[0-9a-f]{64}$'),
    org_id        annexa.ident REFERENCES annexa.org (id),  -- NULL: global
    role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    person_name   text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 200),
    person_email  text,
    link_id       bigint REFERENCES annexa.login_link (id),
    token_id      bigint REFERENCES annexa.api_token (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,     -- the absolute end
    revoked_at    timestamptz,
    CHECK ((link_id IS NULL) <> (token_id IS NULL))
);

ALTER TABLE annexa.audit_log
    ADD COLUMN session_id   bigint REFERENCES annexa.session (id),
    ADD COLUMN person_name  text,
    ADD COLUMN person_email text;
