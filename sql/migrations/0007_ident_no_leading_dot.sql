-- 0007_ident_no_leading_dot.sql — an identifier may not start with '.'.
--
-- Identifiers name URL path segments and, for organisations and report
-- targets, directories under `schedule run --out-dir`: "." and ".." would
-- step out of it, and a leading '.' hides a file.  The validator of the
-- application (valid_ident) has the same rule.
--
-- ADD CONSTRAINT checks every existing value of every column of the
-- domain; should one start with '.', the migration stops with
-- PostgreSQL's message naming the table and column, and nothing changes
-- (rename that identifier, then migrate again).  The shipped catalogs,
-- mapping sets and demo organisation have none.

ALTER DOMAIN annexa.ident DROP CONSTRAINT ident_check;
ALTER DOMAIN annexa.ident ADD CONSTRAINT ident_check
    CHECK (VALUE ~ '^[A-Za-z0-9_&-][A-Za-z0-9._&-]{0,63}$');
