-- 0009_person.sql — the people single sign-on lets in.
--
-- When annexa runs behind an identity proxy (nginx auth_request with
-- oauth2-proxy, Authelia and the like, docs/portal.md), the proxy vouches
-- for an e-mail address and this table says what that address may do:
-- one row per person and organisation, with the role they hold there.
-- `annexa user add|list|remove` keeps it, through admin_database; the
-- runtime role only reads it.
--
-- The e-mail is stored in lower case (the command line and the server
-- lower it before it gets here), so that Jane@Example.COM from the proxy
-- finds jane@example.com.  Every CHECK below has the same rule in C
-- (person.c), which refuses bad input first and names the option.

CREATE TABLE annexa.person (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        annexa.ident NOT NULL REFERENCES annexa.org (id),
    email         text NOT NULL,
    name          text CHECK (length(name) BETWEEN 1 AND 200),
    role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT person_email_lower CHECK (email = lower(email)),
    -- local@domain.tld in printable ASCII without spaces, angle brackets,
    -- quotes, commas or semicolons: the shape sign-in links take too.
    CONSTRAINT person_email_check CHECK (email ~ '^[!-~]{3,254}$'
        AND email !~ '[<>",;]' AND email ~ '^[^@]+@[^@]+\.[^@]+$'),
    UNIQUE (org_id, email)
);

-- A session opened through single sign-on is for one person.  Removing
-- the person revokes their sessions (person.c) and, should a row still be
-- open, the reference becomes NULL: a session that names neither link,
-- token nor person is no longer alive (STMT_SESSION_TOUCH).  So at most
-- one of the three, and exactly one while the session can be used.
ALTER TABLE annexa.session
    ADD COLUMN person_id bigint REFERENCES annexa.person (id) ON DELETE SET NULL;
ALTER TABLE annexa.session DROP CONSTRAINT session_check;
ALTER TABLE annexa.session ADD CONSTRAINT session_check
    CHECK (num_nonnulls(link_id, token_id, person_id) <= 1);
CREATE INDEX session_person_idx ON annexa.session (person_id)
    WHERE person_id IS NOT NULL;
