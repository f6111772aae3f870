-- roles.sql — the least-privilege runtime role of `annexa serve`.
--
-- Run as a superuser (or a role with CREATEROLE that owns the annexa
-- schema) after `annexa migrate`, and again after each upgrade:
--     psql -d annexa -f roles.sql
-- It is idempotent.  annexa_app gets no password here: on the database
-- host, map the service's OS user to it with peer authentication (README,
-- "Deployment"); over TCP, give it one (ALTER ROLE annexa_app PASSWORD ...)
-- and keep it in a libpq password or service file.  The runtime role reads everything, appends review
-- history (control reviews, evidence, change events: INSERT only, never
-- UPDATE or DELETE), records report runs and the audit log, and may
-- touch nothing else.  Migrations, imports and token management use the
-- owner role through `admin_database`.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'annexa_app') THEN
        CREATE ROLE annexa_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA annexa FROM annexa_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA annexa FROM annexa_app;
GRANT USAGE ON SCHEMA annexa TO annexa_app;
GRANT SELECT ON ALL TABLES IN SCHEMA annexa TO annexa_app;

-- Append-only review history.
GRANT INSERT ON annexa.control_review, annexa.evidence, annexa.change_event
    TO annexa_app;
-- Report runs and schedules are the server's own bookkeeping.
GRANT INSERT, UPDATE ON annexa.report_run TO annexa_app;
GRANT UPDATE (next_due_at) ON annexa.report_schedule TO annexa_app;
GRANT INSERT ON annexa.audit_log TO annexa_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA annexa TO annexa_app;
-- Sessions: the server signs people in, touches and ends their sessions
-- and spends sign-in links; it never changes who a session is for.
GRANT INSERT ON annexa.session, annexa.login_link TO annexa_app;
GRANT UPDATE (last_seen_at, revoked_at) ON annexa.session TO annexa_app;
GRANT UPDATE (used_at) ON annexa.login_link TO annexa_app;
-- The people of single sign-on (annexa.person) are only read: `annexa
-- user` changes them through admin_database.  A session names its person
-- (session.person_id), written with the session's INSERT above.
-- Share links (migration 0011): the server makes and revokes links for
-- editors and admins, records every access to one, and records each
-- download as a report run (above) tied to its link.  Locking a link row
-- while a download is recorded (SELECT ... FOR UPDATE) needs an UPDATE
-- grant; revoked_at is the only column it changes.
GRANT INSERT ON annexa.share_link, annexa.share_access TO annexa_app;
GRANT UPDATE (revoked_at) ON annexa.share_link TO annexa_app;
-- Delivery (migration 0013): `schedule run` writes a succeeded run's
-- deliveries and records each attempt; admins keep a schedule's
-- recipients through the API.  The runtime role reads webhook secrets
-- (schedule_notify.secret), since it signs the requests.
GRANT INSERT, UPDATE ON annexa.delivery TO annexa_app;
GRANT INSERT, DELETE ON annexa.schedule_notify TO annexa_app;
