/*
 * Database tests: the shipping modules against the private PostgreSQL
 * cluster of the local stack (ANNEXA_TEST_* from scripts/stack).  They
 * use their own framework and organisation ids, so they leave the
 * catalog the end-to-end tests read untouched.  Exit 77 (skip) without
 * a stack; non-zero when any assertion fails.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <libpq-fe.h>

#include "auth.h"
#include "catalog.h"
#include "db.h"
#include "migrate.h"
#include "model.h"
#include "orgimport.h"
#include "period.h"
#include "pool.h"
#include "schedule.h"
#include "token.h"
#include "loginlink.h"
#include "person.h"
#include "session.h"
#include "t_reports.h"

static const char	*admin_db, *app_db, *srcdir;
static char		 sql_dir[4096];

/* Runs fixed test SQL on a fresh connection; returns the SQLSTATE or "". */
static const char *
raw_sql(const char *conninfo, const char *sql, char *out, size_t outsz)
{
	static char	 state[6];
	PGconn		*c = PQconnectdb(conninfo);
	PGresult	*r;
	const char	*st;

	state[0] = '\0';
	if (out != NULL)
		out[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(PQstatus(c), CONNECTION_OK);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		snprintf(state, sizeof(state), "%s", st != NULL ? st : "?????");
	} else if (out != NULL && PQntuples(r) > 0)
		snprintf(out, outsz, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return state;
}

static struct db *
admin(void)
{
	struct db	*db;
	enum err	 e;

	db = db_open(admin_db, DB_DIRECT, &e);
	CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
	return db;
}

static void
migrate_twice_changes_nothing(void)
{
	struct db	*db = admin();
	char		 msg[512], out[64], before[64];
	FILE		*f = tmpfile();
	char		 line[256] = "";

	raw_sql(admin_db, "SELECT count(*) FROM annexa.schema_migration",
	    before, sizeof(before));
	CU_ASSERT_EQUAL(migrate_run(db, sql_dir, false, f, msg, sizeof(msg)),
	    ERR_OK);
	rewind(f);
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof(line), f));
	CU_ASSERT_STRING_EQUAL(line, "0 migration(s) applied, schema up to date\n");
	fclose(f);
	raw_sql(admin_db, "SELECT count(*) FROM annexa.schema_migration",
	    out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, before);
	CU_ASSERT_NOT_EQUAL(atoi(out), 0);
	/* --dry-run lists nothing pending either */
	f = tmpfile();
	CU_ASSERT_EQUAL(migrate_run(db, sql_dir, true, f, msg, sizeof(msg)),
	    ERR_OK);
	rewind(f);
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof(line), f));
	CU_ASSERT_STRING_EQUAL(line, "0 migration(s) pending\n");
	fclose(f);
	CU_ASSERT_EQUAL(migrate_run(db, "/nonexistent", false, stdout, msg,
	    sizeof(msg)), ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "/nonexistent/migrations"));
	db_close(db);
}

static void
migration_names(void)
{
	CU_ASSERT_TRUE(migrate_name_valid("0001_schema.sql"));
	CU_ASSERT_TRUE(migrate_name_valid("0042_add_x2.sql"));
	CU_ASSERT_FALSE(migrate_name_valid("001_schema.sql"));
	CU_ASSERT_FALSE(migrate_name_valid("0001-schema.sql"));
	CU_ASSERT_FALSE(migrate_name_valid("0001_Schema.sql"));
	CU_ASSERT_FALSE(migrate_name_valid("0001_schema.sql~"));
	CU_ASSERT_FALSE(migrate_name_valid("0001_.sql"));
}

/*
 * A report reads each organisation's records on their own: every table an
 * organisation's import fills has an index that starts with org_id, so a
 * report's time does not grow with the number of organisations (a
 * scheduled batch of 1,000 once scanned every review item three times per
 * report).  A run's stored bytes are not compressed again.
 */
static void
per_org_reads_are_indexed(void)
{
	char	out[2048];

	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db,
	    "SELECT coalesce(string_agg(c.relname, ' ' ORDER BY c.relname), '')"
	    " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
	    " ON n.oid = c.relnamespace JOIN pg_catalog.pg_attribute a"
	    " ON a.attrelid = c.oid AND a.attname = 'org_id'"
	    " WHERE n.nspname = 'annexa' AND c.relkind = 'r' AND c.relname IN"
	    " ('scope', 'soa_entry', 'evidence', 'control_review',"
	    " 'change_event', 'risk', 'risk_control', 'objective', 'feedback',"
	    " 'exception', 'finding', 'corrective_action', 'management_review',"
	    " 'management_review_item', 'report_run', 'report_schedule')"
	    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i"
	    " WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum)",
	    out, sizeof(out)), "");
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db,
	    "SELECT a.attstorage FROM pg_catalog.pg_attribute a"
	    " WHERE a.attrelid = 'annexa.report_run'::regclass"
	    " AND a.attname = 'pdf'", out, sizeof(out)), "");
	CU_ASSERT_STRING_EQUAL(out, "e");
}

/*
 * The reports read the latest review of each control, the latest evidence
 * of each control and kind, and a period's reviews by month from indexes
 * in the order they pick them and with the columns they show, so neither
 * sorting nor a table row per history record is needed; `schedule run`
 * claims due schedules in the order of an index.  Missing any of these,
 * a management review of an organisation four times the demo's size took
 * several times as long with 1,000 organisations loaded (0015).  Each
 * definition must exist, whatever its name; the output lists those that
 * do not.
 */
static void
report_reads_follow_index_order(void)
{
	char	out[2048];

	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db,
	    "SELECT coalesce(string_agg(want, '; '), '') FROM unnest(ARRAY["
	    "'annexa.control_review USING btree (org_id, framework_id, control,"
	    " reviewed_at DESC, id DESC) INCLUDE (result, next_review_due)',"
	    "'annexa.control_review USING btree (org_id, reviewed_at, id)"
	    " INCLUDE (result)',"
	    "'annexa.evidence USING btree (org_id, framework_id, control,"
	    " collected_at, id) INCLUDE (valid_until)',"
	    "'annexa.evidence USING btree (org_id, control, kind,"
	    " collected_at DESC, id DESC) INCLUDE (framework_id, valid_until)',"
	    "'annexa.report_schedule USING btree (next_due_at, id)"
	    " WHERE enabled']) want WHERE want NOT IN (SELECT"
	    " regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid),"
	    " '^CREATE (UNIQUE )?INDEX [^ ]+ ON ', '')"
	    " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c"
	    " ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n"
	    " ON n.oid = c.relnamespace WHERE n.nspname = 'annexa')",
	    out, sizeof(out)), "");
	CU_ASSERT_STRING_EQUAL(out, "");
	if (out[0] != '\0')
		fprintf(stderr, "\nmissing indexes: %s\n", out);
}

#define CAT_HEAD "{\"framework\":{\"id\":\"t-fw\",\"name\":\"Test\",\"version\":\"1\",\"publisher\":\"annexa tests\"},"

static void
catalog_import_and_reimport(void)
{
	struct db		*db = admin();
	struct catalog_result	 res;
	char			 msg[512], out[128];
	const char		*v1 = CAT_HEAD "\"controls\":["
	    "{\"id\":\"T.1\",\"title\":\"One\",\"group_id\":\"T\",\"group_title\":\"Tees\"},"
	    "{\"id\":\"T.2\",\"title\":\"Two\",\"group_id\":\"T\",\"group_title\":\"Tees\"},"
	    "{\"id\":\"U&1\",\"title\":\"Caf\xc3\xa9\",\"group_id\":\"U\",\"group_title\":\"Us\"}]}";
	const char		*v2 = CAT_HEAD "\"controls\":["
	    "{\"id\":\"T.1\",\"title\":\"One, renamed\",\"group_id\":\"T\",\"group_title\":\"Tees\"},"
	    "{\"id\":\"T.3\",\"title\":\"Three\",\"group_id\":\"T\",\"group_title\":\"Tees\"}]}";

	/* The test's own framework, from a clean slate on every run. */
	raw_sql(admin_db, "DELETE FROM annexa.control WHERE framework_id = 't-fw'",
	    NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.framework WHERE id = 't-fw'", NULL, 0);
	CU_ASSERT_EQUAL(catalog_import_text(db, "v1.json", v1, strlen(v1), &res,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(res.framework, "t-fw");
	CU_ASSERT_EQUAL(res.added, 3);
	CU_ASSERT_EQUAL(res.updated, 0);
	CU_ASSERT_EQUAL(catalog_import_text(db, "v2.json", v2, strlen(v2), &res,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(res.added, 1);
	CU_ASSERT_EQUAL(res.updated, 1);
	raw_sql(admin_db, "SELECT title FROM annexa.control WHERE "
	    "framework_id = 't-fw' AND control_id = 'T.1'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "One, renamed");
	/* re-import never drops a control */
	raw_sql(admin_db, "SELECT count(*) FROM annexa.control WHERE "
	    "framework_id = 't-fw'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "4");
	raw_sql(admin_db, "SELECT control_count FROM annexa.framework WHERE "
	    "id = 't-fw'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "4");
	db_close(db);
}

/* Imports a bad document: must fail naming `where`, and change nothing. */
static void
bad_catalog(struct db *db, const char *doc, const char *where)
{
	struct catalog_result	res;
	char			msg[512], out[64];

	CU_ASSERT_EQUAL(catalog_import_text(db, "bad.json", doc, strlen(doc),
	    &res, msg, sizeof(msg)), ERR_INVALID);
	if (strstr(msg, where) == NULL)
		fprintf(stderr, "message '%s' lacks '%s'\n", msg, where);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, where));
	raw_sql(admin_db, "SELECT count(*) FROM annexa.framework WHERE id = 't-bad'",
	    out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "0");
}

#define BAD_HEAD "{\"framework\":{\"id\":\"t-bad\",\"name\":\"Bad\",\"version\":\"1\",\"publisher\":\"x\"},"
#define OK_CTL "{\"id\":\"B.1\",\"title\":\"One\",\"group_id\":\"B\",\"group_title\":\"Bs\"}"

static void
catalog_rejects_bad_input(void)
{
	struct db	*db = admin();

	bad_catalog(db, "{\"framework\": {", "bad.json:1:");
	bad_catalog(db, "[]", "must be a JSON object");
	bad_catalog(db, BAD_HEAD "\"controls\":[]}", "controls:");
	bad_catalog(db, BAD_HEAD "\"controls\":[" OK_CTL "],\"extra\":1}",
	    "extra: unknown key");
	bad_catalog(db, BAD_HEAD "\"controls\":[" OK_CTL ","
	    "{\"id\":\"B.2\",\"group_id\":\"B\",\"group_title\":\"Bs\"}]}",
	    "controls[1].title: is missing");
	bad_catalog(db, BAD_HEAD "\"controls\":[" OK_CTL "," OK_CTL "]}",
	    "controls[1].id: B.1 appears twice");
	bad_catalog(db, BAD_HEAD "\"controls\":[{\"id\":\"B 1\",\"title\":\"x\","
	    "\"group_id\":\"B\",\"group_title\":\"Bs\"}]}", "controls[0].id:");
	bad_catalog(db, BAD_HEAD "\"controls\":[{\"id\":\"B.1\",\"title\":7,"
	    "\"group_id\":\"B\",\"group_title\":\"Bs\"}]}",
	    "controls[0].title: must be a string");
	bad_catalog(db, BAD_HEAD "\"controls\":[{\"id\":\"B.1\",\"title\":\"a\\u0000b\","
	    "\"group_id\":\"B\",\"group_title\":\"Bs\"}]}", "bad.json:1: \\u0000");
	bad_catalog(db, BAD_HEAD "\"controls\":[{\"id\":\"B.1\",\"title\":\"x\","
	    "\"group_id\":\"B\",\"group_title\":\"Bs\",\"colour\":\"red\"}]}",
	    "controls[0].colour: unknown key");
	bad_catalog(db, "{\"framework\":{\"id\":\"t-bad\",\"name\":\"Bad\","
	    "\"version\":\"1\"},\"controls\":[" OK_CTL "]}",
	    "framework.publisher: is missing");
	db_close(db);
}

static void
tokens_create_lookup_revoke(void)
{
	struct db		*db = admin();
	struct principal	 who;
	char			 tok[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_HEX];
	char			 idstr[32], out[128];
	long long		 id;

	CU_ASSERT_EQUAL_FATAL(token_create(db, NULL, ROLE_EDITOR, "db test",
	    NULL, tok, sizeof(tok), &id), ERR_OK);
	auth_token_hash(tok, strlen(tok), hash);
	/* only the hash is stored */
	raw_sql(admin_db, "SELECT count(*) FROM annexa.api_token WHERE "
	    "token_sha256 LIKE 'ax\\_%'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "0");
	CU_ASSERT_EQUAL(model_principal(db, hash, &who), ERR_OK);
	CU_ASSERT_EQUAL(who.role, ROLE_EDITOR);
	CU_ASSERT_STRING_EQUAL(who.org, "");
	CU_ASSERT_EQUAL(who.token_id, id);
	snprintf(idstr, sizeof(idstr), "%lld", id);
	CU_ASSERT_EQUAL(token_revoke(db, idstr), ERR_OK);
	CU_ASSERT_EQUAL(token_revoke(db, idstr), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(model_principal(db, hash, &who), ERR_UNAUTHORIZED);
	/* an expired token */
	CU_ASSERT_EQUAL(token_create(db, NULL, ROLE_VIEWER, NULL, "2001-01-01",
	    tok, sizeof(tok), &id), ERR_OK);
	auth_token_hash(tok, strlen(tok), hash);
	CU_ASSERT_EQUAL(model_principal(db, hash, &who), ERR_UNAUTHORIZED);
	/* an organisation that does not exist */
	CU_ASSERT_EQUAL(token_create(db, "no-such-org", ROLE_VIEWER, NULL, NULL,
	    tok, sizeof(tok), &id), ERR_NOT_FOUND);
	/* an organisation's token carries it */
	raw_sql(admin_db, "INSERT INTO annexa.org (id, name, cloud_role) VALUES "
	    "('dbtest-org', 'DB test', 'csp') ON CONFLICT DO NOTHING", NULL, 0);
	CU_ASSERT_EQUAL(token_create(db, "dbtest-org", ROLE_VIEWER, NULL, NULL,
	    tok, sizeof(tok), &id), ERR_OK);
	auth_token_hash(tok, strlen(tok), hash);
	CU_ASSERT_EQUAL(model_principal(db, hash, &who), ERR_OK);
	CU_ASSERT_STRING_EQUAL(who.org, "dbtest-org");
	db_close(db);
}

/* The session store through the runtime role, as annexa serve uses it. */
static struct db *
app(void)
{
	struct db	*db;
	enum err	 e;

	db = db_open(app_db, DB_DIRECT, &e);
	CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
	return db;
}

/*
 * Sign-in links and sessions: only hashes stored, a link spent once and
 * not after it expired, sessions ending idle, at their absolute end, on
 * revocation and with their token; everything audited under the person.
 */
static void
sessions_links_expiry_revoke(void)
{
	struct db		*adb = admin(), *db = app();
	struct principal	 who, by, tw;
	struct loginlink_info	 li;
	char			 tok[AUTH_RANDOM_LEN + 1], tok2[AUTH_RANDOM_LEN + 1];
	char			 sid[AUTH_RANDOM_LEN + 1], sid2[AUTH_RANDOM_LEN + 1];
	char			 expires[32], out[256], q[512], idstr[32];
	char			 api[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_HEX];
	long long		 link_id, id, id2, tid;

	raw_sql(admin_db, "INSERT INTO annexa.org (id, name, cloud_role) VALUES "
	    "('dbtest-org', 'DB test', 'csp') ON CONFLICT DO NOTHING", NULL, 0);
	/* A link for a person; the command line makes it (by NULL). */
	CU_ASSERT_EQUAL_FATAL(loginlink_create(adb, "dbtest-org", ROLE_EDITOR,
	    "Jane Doe", "jane@example.com", 7 * 86400, NULL, tok, expires),
	    ERR_OK);
	CU_ASSERT_EQUAL(strlen(tok), AUTH_RANDOM_LEN);
	CU_ASSERT_EQUAL(strlen(expires), 20);
	CU_ASSERT_EQUAL(loginlink_create(adb, "no-such-org", ROLE_EDITOR,
	    "Jane Doe", "jane@example.com", 3600, NULL, tok2, expires),
	    ERR_NOT_FOUND);
	snprintf(q, sizeof(q), "SELECT count(*) FROM annexa.login_link WHERE "
	    "link_sha256 = '%.43s' OR position('%.43s' in link_sha256) > 0",
	    tok, tok);
	raw_sql(admin_db, q, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "0");	/* only its hash is stored */
	/* Looking at a link does not spend it. */
	CU_ASSERT_EQUAL_FATAL(loginlink_peek(db, tok, strlen(tok), &li), ERR_OK);
	CU_ASSERT_EQUAL(li.state, LOGINLINK_VALID);
	CU_ASSERT_STRING_EQUAL(li.person_name, "Jane Doe");
	CU_ASSERT_STRING_EQUAL(li.org_name, "DB test");
	CU_ASSERT_EQUAL(loginlink_peek(db, tok, strlen(tok), &li), ERR_OK);
	CU_ASSERT_EQUAL(li.state, LOGINLINK_VALID);
	/* Spent once, then never again. */
	CU_ASSERT_EQUAL_FATAL(loginlink_spend(db, tok, strlen(tok), &who,
	    &link_id), ERR_OK);
	CU_ASSERT_STRING_EQUAL(who.org, "dbtest-org");
	CU_ASSERT_EQUAL(who.role, ROLE_EDITOR);
	CU_ASSERT_STRING_EQUAL(who.person_email, "jane@example.com");
	CU_ASSERT_EQUAL(loginlink_spend(db, tok, strlen(tok), &who, &link_id),
	    ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(loginlink_peek(db, tok, strlen(tok), &li), ERR_OK);
	CU_ASSERT_EQUAL(li.state, LOGINLINK_SPENT);
	CU_ASSERT_EQUAL(loginlink_peek(db, "nope", 4, &li), ERR_NOT_FOUND);
	/* An expired link is not spent. */
	CU_ASSERT_EQUAL_FATAL(loginlink_create(adb, "dbtest-org", ROLE_VIEWER,
	    "Old Link", "old@example.com", 3600, NULL, tok2, expires), ERR_OK);
	auth_token_hash(tok2, strlen(tok2), hash);
	snprintf(q, sizeof(q), "UPDATE annexa.login_link SET created_at = "
	    "now() - interval '2 hours', expires_at = now() - interval "
	    "'1 second' WHERE link_sha256 = '%s'", hash);
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, q, NULL, 0), "");
	CU_ASSERT_EQUAL(loginlink_spend(db, tok2, strlen(tok2), &by, &id),
	    ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(loginlink_peek(db, tok2, strlen(tok2), &li), ERR_OK);
	CU_ASSERT_EQUAL(li.state, LOGINLINK_EXPIRED);

	/* A session from the link: found by its id, a new id every time. */
	CU_ASSERT_EQUAL_FATAL(session_create(db, &who, link_id, 3600, sid, &id),
	    ERR_OK);
	CU_ASSERT_EQUAL_FATAL(session_create(db, &who, link_id, 3600, sid2, &id2),
	    ERR_OK);
	CU_ASSERT_NOT_EQUAL(strcmp(sid, sid2), 0);
	CU_ASSERT_NOT_EQUAL(id, id2);
	memset(&by, 0, sizeof(by));
	CU_ASSERT_EQUAL_FATAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_OK);
	CU_ASSERT_EQUAL(by.session_id, id);
	CU_ASSERT_EQUAL(by.token_id, 0);
	CU_ASSERT_STRING_EQUAL(by.org, "dbtest-org");
	CU_ASSERT_EQUAL(by.role, ROLE_EDITOR);
	CU_ASSERT_STRING_EQUAL(by.person_name, "Jane Doe");
	auth_token_hash(sid, strlen(sid), hash);
	snprintf(q, sizeof(q), "SELECT count(*) FROM annexa.session WHERE "
	    "session_sha256 = '%s'", hash);
	raw_sql(admin_db, q, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1");
	/* The sign-in was audited under the person. */
	snprintf(q, sizeof(q), "SELECT person_name || '|' || person_email || "
	    "'|' || org_id FROM annexa.audit_log WHERE action = 'session.create'"
	    " AND session_id = %lld", id);
	raw_sql(admin_db, q, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "Jane Doe|jane@example.com|dbtest-org");
	/* Use keeps it alive: a lookup moves a last-seen time a minute old. */
	snprintf(q, sizeof(q), "UPDATE annexa.session SET last_seen_at = now() - "
	    "interval '29 minutes' WHERE id = %lld", id);
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, q, NULL, 0), "");
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by), ERR_OK);
	snprintf(q, sizeof(q), "SELECT last_seen_at > now() - interval '1 minute'"
	    " FROM annexa.session WHERE id = %lld", id);
	raw_sql(admin_db, q, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "t");
	/* Idle: unused for longer than the idle time. */
	snprintf(q, sizeof(q), "UPDATE annexa.session SET last_seen_at = now() - "
	    "interval '31 minutes' WHERE id = %lld", id);
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, q, NULL, 0), "");
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_UNAUTHORIZED);
	/* ... and a lookup of an idle session does not revive it */
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_UNAUTHORIZED);
	/* Absolute: past its end, however recently used. */
	CU_ASSERT_EQUAL(session_lookup(db, sid2, strlen(sid2), 1800, &by),
	    ERR_OK);
	snprintf(q, sizeof(q), "UPDATE annexa.session SET expires_at = now() - "
	    "interval '1 second' WHERE id = %lld", id2);
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, q, NULL, 0), "");
	CU_ASSERT_EQUAL(session_lookup(db, sid2, strlen(sid2), 1800, &by),
	    ERR_UNAUTHORIZED);
	/* Revoked. */
	CU_ASSERT_EQUAL_FATAL(session_create(db, &who, link_id, 3600, sid, &id),
	    ERR_OK);
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by), ERR_OK);
	snprintf(idstr, sizeof(idstr), "%lld", id);
	CU_ASSERT_EQUAL(session_end(adb, idstr, NULL), ERR_OK);
	CU_ASSERT_EQUAL(session_end(adb, idstr, NULL), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_UNAUTHORIZED);
	/* Spending a link and opening its session is one step. */
	CU_ASSERT_EQUAL_FATAL(loginlink_create(adb, "dbtest-org", ROLE_VIEWER,
	    "Link Once", "once@example.com", 3600, NULL, tok2, expires), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(session_from_link(db, tok2, strlen(tok2), 3600,
	    &by, sid2, &id2), ERR_OK);
	CU_ASSERT_STRING_EQUAL(by.person_name, "Link Once");
	CU_ASSERT_EQUAL(by.session_id, 0);	/* who the link names */
	CU_ASSERT_EQUAL(session_lookup(db, sid2, strlen(sid2), 1800, &tw),
	    ERR_OK);
	CU_ASSERT_EQUAL(tw.session_id, id2);
	CU_ASSERT_EQUAL(session_from_link(db, tok2, strlen(tok2), 3600, &by,
	    sid2, &id), ERR_NOT_FOUND);
	/* Malformed ids are refused before the database. */
	CU_ASSERT_EQUAL(session_lookup(db, "x", 1, 1800, &by), ERR_UNAUTHORIZED);

	/* A session opened with a token ends with the token. */
	CU_ASSERT_EQUAL_FATAL(token_create(adb, "dbtest-org", ROLE_VIEWER,
	    "db session", NULL, api, sizeof(api), &tid), ERR_OK);
	auth_token_hash(api, strlen(api), hash);
	CU_ASSERT_EQUAL_FATAL(model_principal(db, hash, &tw), ERR_OK);
	CU_ASSERT_STRING_EQUAL(tw.person_name, "db session");
	CU_ASSERT_EQUAL_FATAL(session_create(db, &tw, 0, 3600, sid, &id), ERR_OK);
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by), ERR_OK);
	CU_ASSERT_EQUAL(by.token_id, tid);
	CU_ASSERT_EQUAL(by.role, ROLE_VIEWER);
	snprintf(idstr, sizeof(idstr), "%lld", tid);
	CU_ASSERT_EQUAL(token_revoke(adb, idstr), ERR_OK);
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_UNAUTHORIZED);
	db_close(db);
	db_close(adb);
}

static void
runtime_role_is_least_privilege(void)
{
	raw_sql(admin_db, "INSERT INTO annexa.org (id, name, cloud_role) VALUES "
	    "('dbtest-org', 'DB test', 'csp') ON CONFLICT DO NOTHING", NULL, 0);
	/* appending review history is allowed */
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "INSERT INTO annexa.control_review "
	    "(org_id, framework_id, control, reviewed_at, reviewer, result) VALUES "
	    "('dbtest-org', 'iso27017-2015', '5.1.1', '2026-01-15', 'tester', "
	    "'effective')", NULL, 0), "");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "SELECT count(*) FROM annexa.control",
	    NULL, 0), "");
	/* changing or deleting it is not (42501: insufficient_privilege) */
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "UPDATE annexa.control_review "
	    "SET result = 'ineffective'", NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "DELETE FROM annexa.control_review",
	    NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "DELETE FROM annexa.evidence",
	    NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "UPDATE annexa.change_event "
	    "SET description = 'x'", NULL, 0), "42501");
	/* nor the catalog, tokens or the schema */
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "UPDATE annexa.control SET title = 'x'",
	    NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "UPDATE annexa.api_token "
	    "SET role = 'admin'", NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "CREATE TABLE annexa.x (i int)",
	    NULL, 0), "42501");
	/* nor the people of single sign-on, which it only reads */
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "INSERT INTO annexa.person "
	    "(org_id, email, role) VALUES ('dbtest-org', 'x@db.example', "
	    "'admin')", NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "UPDATE annexa.person "
	    "SET role = 'admin'", NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "DELETE FROM annexa.person",
	    NULL, 0), "42501");
	CU_ASSERT_STRING_EQUAL(raw_sql(app_db, "SELECT count(*) FROM "
	    "annexa.person", NULL, 0), "");
}

static void
unreachable_database_is_unavailable(void)
{
	struct db	*db;
	enum err	 e;

	db = db_open("host=127.0.0.1 port=1 dbname=annexa connect_timeout=2",
	    DB_PREPARED, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(e, ERR_DB_UNAVAILABLE);
	CU_ASSERT_EQUAL(model_ping(db), ERR_DB_UNAVAILABLE);
	CU_ASSERT_NOT_EQUAL(db_errmsg(db)[0], '\0');
	db_close(db);
}

static void
prepared_read_model(void)
{
	struct db		*db;
	struct pool		*p = pool_new();
	struct fw_row		*fw;
	struct control_row	*ctl;
	size_t			 n, i;
	enum err		 e;
	int			 found = 0;

	db = db_open(app_db, DB_PREPARED, &e);
	CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
	CU_ASSERT_EQUAL_FATAL(model_frameworks(db, p, &fw, &n), ERR_OK);
	for (i = 0; i < n; i++) {
		if (strcmp(fw[i].id, "iso27017-2015") == 0) {
			CU_ASSERT_EQUAL(fw[i].controls, 121);
			found++;
		}
		if (strcmp(fw[i].id, "soc2-2017") == 0) {
			CU_ASSERT_EQUAL(fw[i].controls, 61);
			found++;
		}
	}
	CU_ASSERT_EQUAL(found, 2);
	CU_ASSERT_EQUAL(model_controls(db, p, "iso27001-2022", "A.8", &ctl, &n),
	    ERR_OK);
	CU_ASSERT_EQUAL(n, 34);
	CU_ASSERT_STRING_EQUAL(ctl[0].id, "A.8.1");
	CU_ASSERT_EQUAL(model_controls(db, p, "nope", NULL, &ctl, &n),
	    ERR_NOT_FOUND);
	/* hostile text is only ever a parameter */
	CU_ASSERT_EQUAL(model_controls(db, p, "x'; DROP TABLE annexa.control; --",
	    NULL, &ctl, &n), ERR_NOT_FOUND);
	CU_ASSERT_EQUAL(model_controls(db, p, "iso27001-2022", NULL, &ctl, &n),
	    ERR_OK);
	CU_ASSERT_EQUAL(n, 93);
	pool_free(p);
	db_close(db);
}

/*
 * A batch of statements in one round trip (db_query_batch()) answers
 * as the statements one by one, on both kinds of connection, the first
 * time (statements not yet prepared) and after; a statement that fails
 * fails the batch with no result left, and the connection goes on.
 */
static void
batch_answers_as_one_by_one(void)
{
	static const char *const known[1] = { "iso27017-2015" };
	static const char *const unknown[1] = { "no-such-framework" };
	static const char *const bad_date[2] = { "acme-cloud", "not a date" };
	static const enum db_mode modes[2] = { DB_DIRECT, DB_PREPARED };
	struct db_call	 ok[3], bad[3];
	struct db	*db;
	struct pool	*p;
	PGresult	*one;
	enum err	 e;
	int		 m, round, i;

	for (m = 0; m < 2; m++) {
		db = db_open(app_db, modes[m], &e);
		CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p = pool_new());
		for (round = 0; round < 2; round++) {
			ok[0] = (struct db_call){ STMT_FRAMEWORK_EXISTS, known,
			    NULL };
			ok[1] = (struct db_call){ STMT_FRAMEWORK_EXISTS, unknown,
			    NULL };
			ok[2] = (struct db_call){ STMT_FRAMEWORK_EXISTS, known,
			    NULL };
			CU_ASSERT_EQUAL_FATAL(db_query_batch(db, p, ok, 3),
			    ERR_OK);
			for (i = 0; i < 3; i++) {
				CU_ASSERT_EQUAL_FATAL(db_query(db, p, ok[i].s,
				    ok[i].params, &one), ERR_OK);
				CU_ASSERT_PTR_NOT_NULL_FATAL(ok[i].res);
				CU_ASSERT_EQUAL(PQntuples(ok[i].res),
				    PQntuples(one));
			}
			CU_ASSERT_EQUAL(PQntuples(ok[0].res), 1);
			CU_ASSERT_EQUAL(PQntuples(ok[1].res), 0);

			bad[0] = ok[0];
			bad[1] = (struct db_call){ STMT_RPT_EVIDENCE_FRESHNESS,
			    bad_date, NULL };
			bad[2] = ok[2];
			CU_ASSERT_EQUAL(db_query_batch(db, p, bad, 3), ERR_DB);
			for (i = 0; i < 3; i++)
				CU_ASSERT_PTR_NULL(bad[i].res);
			CU_ASSERT_PTR_NOT_NULL(strstr(db_errmsg(db), "date"));
			CU_ASSERT_STRING_EQUAL(db_sqlstate(db), "22007");
		}
		/* Inside a transaction too, and the transaction goes on. */
		CU_ASSERT_EQUAL(db_begin_snapshot(db), ERR_OK);
		CU_ASSERT_EQUAL(db_query_batch(db, p, ok, 3), ERR_OK);
		CU_ASSERT_EQUAL(db_query(db, p, STMT_FRAMEWORK_EXISTS, known,
		    &one), ERR_OK);
		db_rollback(db);
		pool_free(p);
		db_close(db);
	}
}

/*
 * The report statements that 0015 reformulated (the latest evidence picked
 * from the index and then read; the month series grouped once) against
 * the plain formulations they replaced, kept here as the reference: the
 * same rows in the same order, cell by cell, for the demo organisation at
 * several dates and periods (an empty period and one starting mid-month
 * among them), and for an organisation of the test's own with records on
 * the first and last days of months and two kinds of evidence of one
 * control expiring the same day; under UTC and under a time zone east of
 * it (the months are cut by the session's time zone).  The reference of
 * the readiness list breaks a tie on the same day and control by kind, as
 * the statement does.
 */
struct plain_ref {
	enum stmt	 s;
	const char	*sql;
	bool		 period;	/* $2 $3 a period, else $2 framework, $3 as_of */
};

static const struct plain_ref plain_refs[] = {
	{ STMT_READY_EVIDENCE, "SELECT id, control, kind, title,"
	    " collected_at::text, valid_until::text, CASE WHEN valid_until <"
	    " $3::date THEN 'stale' ELSE 'expiring' END FROM (SELECT DISTINCT"
	    " ON (control, kind) * FROM annexa.evidence WHERE org_id = $1 AND"
	    " framework_id = $2 AND collected_at <= $3::date ORDER BY control,"
	    " kind, collected_at DESC, id DESC) latest WHERE valid_until <"
	    " $3::date + 30 ORDER BY valid_until, control COLLATE \"C\", kind",
	    false },
	{ STMT_RPT_SOA_EVIDENCE, "SELECT control, kind, title, location,"
	    " collected_at::text, valid_until::text FROM (SELECT DISTINCT ON"
	    " (control, kind) * FROM annexa.evidence WHERE org_id = $1 AND"
	    " framework_id = $2 AND collected_at <= $3::date ORDER BY control,"
	    " kind, collected_at DESC, id DESC) latest"
	    " ORDER BY control COLLATE \"C\", kind", false },
	{ STMT_RPT_REVIEW_MONTHS, "SELECT to_char(m, 'YYYY-MM'),"
	    " count(r.id) FILTER (WHERE r.result = 'effective'),"
	    " count(r.id) FILTER (WHERE r.result = 'partially-effective'),"
	    " count(r.id) FILTER (WHERE r.result = 'ineffective')"
	    " FROM generate_series(date_trunc('month', $2::date),"
	    " date_trunc('month', $3::date), interval '1 month') m"
	    " LEFT JOIN annexa.control_review r ON r.org_id = $1"
	    " AND r.reviewed_at >= m AND r.reviewed_at < m + interval '1 month'"
	    " AND r.reviewed_at <= $3::date GROUP BY m ORDER BY m", true },
	{ STMT_RPT_OPEN_FINDINGS_MONTHS, "SELECT to_char(m, 'YYYY-MM'),"
	    " (SELECT count(*) FROM annexa.finding f WHERE f.org_id = $1"
	    " AND f.raised_at <= least((m + interval '1 month'"
	    " - interval '1 day')::date, $3::date) AND (f.closed_at IS NULL"
	    " OR f.closed_at > least((m + interval '1 month'"
	    " - interval '1 day')::date, $3::date)))"
	    " FROM generate_series(date_trunc('month', $2::date),"
	    " date_trunc('month', $3::date), interval '1 month') m ORDER BY m",
	    true },
};

static void	drop_org(const char *);

#define EDGES_ORG "dbtest-edges"
#define EDGES_ROWS \
	"INSERT INTO annexa.org (id, name, cloud_role) VALUES" \
	" ('" EDGES_ORG "', 'Edges', 'csp');" \
	"INSERT INTO annexa.control_review (org_id, framework_id, control," \
	" reviewed_at, reviewer, result) SELECT '" EDGES_ORG "'," \
	" 'iso27017-2015', '5.1.1', d::date, 'QA', r FROM (VALUES" \
	" ('2025-12-01', 'effective'), ('2025-12-31', 'ineffective')," \
	" ('2026-01-01', 'partially-effective'), ('2026-02-10', 'effective')," \
	" ('2026-07-01', 'effective'), ('2026-09-30', 'ineffective')," \
	" ('2026-10-01', 'effective'), ('2026-11-28', 'effective')) v (d, r);" \
	"INSERT INTO annexa.evidence (org_id, framework_id, control, kind," \
	" title, collected_at, valid_until) VALUES" \
	" ('" EDGES_ORG "', 'iso27017-2015', '5.1.1', 'other', 'a'," \
	"  '2025-11-01', '2026-12-01')," \
	" ('" EDGES_ORG "', 'iso27017-2015', '5.1.1', 'log-record', 'b'," \
	"  '2025-11-01', '2026-12-01')," \
	" ('" EDGES_ORG "', 'iso27017-2015', '5.1.1', 'change-record', 'c'," \
	"  '2026-01-01', '2026-12-01')," \
	" ('" EDGES_ORG "', 'iso27017-2015', '5.1.1', 'other', 'newer'," \
	"  '2026-02-01', '2026-03-31');" \
	"INSERT INTO annexa.finding (org_id, id, source, severity," \
	" description, raised_at, closed_at) VALUES" \
	" ('" EDGES_ORG "', 'F1', 'review', 'minor', 'x', '2025-12-31'," \
	"  '2026-01-31'), ('" EDGES_ORG "', 'F2', 'review', 'major', 'y'," \
	"  '2026-02-01', '2026-02-28'), ('" EDGES_ORG "', 'F3', 'incident'," \
	"  'minor', 'z', '2026-09-30', NULL)"

/* Whether a and b hold the same cells; says where they differ first. */
static bool
same_cells(const PGresult *a, const PGresult *b, const char *what)
{
	int	i, j;

	if (PQntuples(a) != PQntuples(b) || PQnfields(a) != PQnfields(b)) {
		fprintf(stderr, "\n%s: %d x %d rows and columns, reference"
		    " %d x %d\n", what, PQntuples(a), PQnfields(a),
		    PQntuples(b), PQnfields(b));
		return false;
	}
	for (i = 0; i < PQntuples(a); i++)
		for (j = 0; j < PQnfields(a); j++)
			if (PQgetisnull(a, i, j) != PQgetisnull(b, i, j) ||
			    strcmp(PQgetvalue(a, i, j), PQgetvalue(b, i, j))) {
				fprintf(stderr, "\n%s: row %d column %d is '%s',"
				    " reference '%s'\n", what, i, j,
				    PQgetvalue(a, i, j), PQgetvalue(b, i, j));
				return false;
			}
	return true;
}

/*
 * Runs statement ref->s (prepared, on db) and its reference (on c) with
 * params; asserts the same cells.  Returns the rows compared.
 */
static int
compare_with_plain(struct db *db, PGconn *c, const struct plain_ref *ref,
    const char *const *params, const char *zone)
{
	PGresult	*got = NULL, *want;
	char		 what[128];
	int		 rows = 0;

	snprintf(what, sizeof(what), "statement %d, %s, %s %s, %s",
	    (int)ref->s, params[0], params[1], params[2], zone);
	CU_ASSERT_EQUAL(db_exec(db, ref->s, params, &got), ERR_OK);
	want = PQexecParams(c, ref->sql, 3, NULL, params, NULL, NULL, 0);
	CU_ASSERT_EQUAL(PQresultStatus(want), PGRES_TUPLES_OK);
	if (got != NULL) {
		CU_ASSERT_TRUE(same_cells(got, want, what));
		rows = PQntuples(got);
	}
	PQclear(got);
	PQclear(want);
	return rows;
}

/* Every statement at every date or period for org under zone. */
static int
compare_org_with_plain(struct db *db, PGconn *c, const char *org,
    const char *zone)
{
	static const char *const as_of[] = { "2026-11-28", "2026-03-26",
	    "2025-06-30", "2024-01-01" };
	static const char *const periods[][2] = {
	    { "2025-12-01", "2026-11-28" }, { "2026-07-01", "2026-09-30" },
	    { "2023-01-15", "2026-02-10" }, { "2026-05-01", "2026-01-01" } };
	const struct plain_ref	*ref;
	const char		*params[3];
	char			 set[64];
	size_t			 r, k;
	int			 rows = 0;

	snprintf(set, sizeof(set), "SET TimeZone = '%s'", zone);
	CU_ASSERT_EQUAL(db_exec_script(db, set), ERR_OK);
	PQclear(PQexec(c, set));
	params[0] = org;
	for (r = 0; r < sizeof(plain_refs) / sizeof(plain_refs[0]); r++) {
		ref = &plain_refs[r];
		for (k = 0; k < 4; k++) {
			params[1] = ref->period ? periods[k][0] :
			    "iso27017-2015";
			params[2] = ref->period ? periods[k][1] : as_of[k];
			rows += compare_with_plain(db, c, ref, params, zone);
		}
	}
	return rows;
}

static void
report_statements_match_plain_forms(void)
{
	static const char *const zones[] = { "UTC", "Pacific/Auckland" };
	struct db	*db;
	PGconn		*c = PQconnectdb(app_db);
	size_t		 z;
	enum err	 e;
	int		 rows = 0;

	db = db_open(app_db, DB_PREPARED, &e);
	CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
	CU_ASSERT_EQUAL_FATAL(PQstatus(c), CONNECTION_OK);
	drop_org(EDGES_ORG);
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, EDGES_ROWS, NULL, 0), "");
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		rows += compare_org_with_plain(db, c, "acme-cloud", zones[z]);
		compare_org_with_plain(db, c, EDGES_ORG, zones[z]);
	}
	/* The demo organisation has rows for these to compare. */
	CU_ASSERT_TRUE(rows > 500);
	drop_org(EDGES_ORG);
	PQfinish(c);
	db_close(db);
}

/*
 * Bundles, on the shipped iso27017-2015 catalog: an organisation of the
 * database tests' own, removed with everything it holds.
 */
static void
drop_org(const char *org)
{
	static const char *const tables[] = { "management_review_item",
	    "management_review", "corrective_action", "finding", "exception",
	    "feedback", "objective", "risk_control", "risk", "change_event",
	    "control_review", "evidence", "soa_entry", "scope", "org" };
	char	sql[256];
	size_t	i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql), "DELETE FROM annexa.%s WHERE %s = '%s'",
		    tables[i], strcmp(tables[i], "org") == 0 ? "id" : "org_id", org);
		CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, sql, NULL, 0), "");
	}
}

static enum err
import_bundle(struct db *db, const char *text, char *msg, size_t msgsz)
{
	struct orgimport_result	res;

	msg[0] = '\0';
	return orgimport_text(db, "b.json", text, strlen(text), &res, msg, msgsz);
}

/* Every history row of org: annexa's id, row version, source id. */
static void
history_rows(const char *org, char *out, size_t outsz)
{
	char	sql[1024];

	snprintf(sql, sizeof(sql), "SELECT coalesce(string_agg(r, ',' ORDER BY r),"
	    " '') FROM (SELECT 'e' || id || '/' || xmin || '/' ||"
	    " coalesce(source_id, '-') r FROM annexa.evidence WHERE org_id = '%s'"
	    " UNION ALL SELECT 'r' || id || '/' || xmin || '/' ||"
	    " coalesce(source_id, '-') FROM annexa.control_review WHERE org_id = '%s'"
	    " UNION ALL SELECT 'c' || id || '/' || xmin || '/' ||"
	    " coalesce(source_id, '-') FROM annexa.change_event WHERE org_id = '%s'"
	    " UNION ALL SELECT 'f' || id || '/' || xmin || '/' ||"
	    " coalesce(source_id, '-') FROM annexa.feedback WHERE org_id = '%s') x",
	    org, org, org, org);
	raw_sql(admin_db, sql, out, outsz);
}

#define IDS_ORG	"{\"org\":{\"id\":\"dbtest-ids\",\"name\":\"Ids\",\"cloud_role\":\"csp\"},"
#define IDS_EV0	"{\"id\":\"EV-1\",\"control\":\"5.1.1\",\"kind\":\"other\"," \
		"\"title\":\"policy\",\"collected_at\":\"2026-01-10\"," \
		"\"valid_until\":\"\",\"location\":\"\",\"sha256\":\"\"}"
#define IDS_EV1(title)	"{\"id\":\"EV-12\",\"control\":\"5.1.1\",\"kind\":" \
		"\"other\",\"title\":\"" title "\",\"collected_at\":\"2026-02-10\"}"
#define IDS_REST ",\"reviews\":[{\"id\":\"RV-1\",\"control\":\"5.1.1\"," \
		"\"reviewed_at\":\"2026-02-01\",\"reviewer\":\"QA\",\"result\":" \
		"\"effective\",\"notes\":\"\"}]," \
		"\"changes\":[{\"id\":\"CH-1\",\"occurred_at\":\"2026-01-05\"," \
		"\"kind\":\"scope\",\"description\":\"wider\",\"control\":\"\"}," \
		"{\"id\":\"CH-2\",\"occurred_at\":\"2026-01-06\",\"kind\":" \
		"\"service\",\"description\":\"new\",\"control\":\"5.1.1\"}]," \
		"\"feedback\":[{\"id\":\"FB-1\",\"received_at\":\"2026-01-07\"," \
		"\"party\":\"staff\",\"summary\":\"ok\",\"response\":\"\"}," \
		"{\"received_at\":\"2026-01-08\",\"party\":\"staff\",\"summary\":" \
		"\"no id\"}]}"

static void
bundle_history_ids(void)
{
	struct db	*db = admin();
	const char	*v1 = IDS_ORG "\"evidence\":[" IDS_EV0 "," IDS_EV1("review")
	    "]" IDS_REST;
	const char	*v2 = IDS_ORG "\"evidence\":[" IDS_EV0 "," IDS_EV1("other title")
	    ",{\"id\":\"EV-13\",\"control\":\"5.1.1\",\"kind\":\"other\","
	    "\"title\":\"new\",\"collected_at\":\"2026-03-10\"}]" IDS_REST;
	const char	*twice = IDS_ORG "\"evidence\":[" IDS_EV0 "," IDS_EV0 "]}";
	char		 msg[512], before[4096], after[4096], out[64];
	const char	*c;
	int		 rows;

	drop_org("dbtest-ids");
	CU_ASSERT_EQUAL(import_bundle(db, v1, msg, sizeof(msg)), ERR_OK);
	if (msg[0] != '\0')
		fprintf(stderr, "%s\n", msg);
	history_rows("dbtest-ids", before, sizeof(before));
	/* two evidence, one review, two changes, two feedback */
	for (rows = 1, c = before; *c != '\0'; c++)
		rows += *c == ',';
	CU_ASSERT_EQUAL(rows, 7);
	raw_sql(admin_db, "SELECT count(*) FROM annexa.evidence WHERE org_id ="
	    " 'dbtest-ids' AND source_id IN ('EV-1', 'EV-12')", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "2");
	/* "" is absent: stored as NULL */
	raw_sql(admin_db, "SELECT count(*) FROM annexa.evidence WHERE org_id ="
	    " 'dbtest-ids' AND valid_until IS NULL AND location IS NULL"
	    " AND sha256 IS NULL", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "2");
	raw_sql(admin_db, "SELECT count(*) FROM annexa.change_event WHERE org_id ="
	    " 'dbtest-ids' AND source_id = 'CH-1' AND control IS NULL"
	    " AND framework_id IS NULL", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1");
	raw_sql(admin_db, "SELECT count(*) FROM annexa.feedback WHERE org_id ="
	    " 'dbtest-ids'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "2");

	/* The same bundle again: no new row, no changed row. */
	CU_ASSERT_EQUAL(import_bundle(db, v1, msg, sizeof(msg)), ERR_OK);
	history_rows("dbtest-ids", after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(after, before);

	/* EV-12 with another title: refused, naming it; nothing committed
	 * (not even EV-13, which is new). */
	CU_ASSERT_EQUAL(import_bundle(db, v2, msg, sizeof(msg)), ERR_INVALID);
	if (strstr(msg, "b.json: evidence[1].id \"EV-12\": already imported "
	    "with different content") == NULL)
		fprintf(stderr, "message: %s\n", msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "b.json: evidence[1].id \"EV-12\": "
	    "already imported with different content"));
	history_rows("dbtest-ids", after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(after, before);

	/* One id twice in a bundle is refused before anything is written. */
	CU_ASSERT_EQUAL(import_bundle(db, twice, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "evidence[1].id: EV-1 appears twice"));
	history_rows("dbtest-ids", after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(after, before);
	drop_org("dbtest-ids");
	db_close(db);
}

/*
 * The CHECK constraints and foreign keys of the tables bundle and API
 * records are written to, each with a bundle that breaks it and the
 * message the importer must give first; or, where no input can break
 * it, the reason.  A constraint the schema gains without a row here
 * fails schema_constraints_all_checked_first.
 */
struct constraint_case {
	const char	*name;
	const char	*bundle;	/* after the org, or a whole bundle */
	const char	*want;		/* in the message */
	const char	*why_unreachable;
};

#define CHK_ORG	"{\"org\":{\"id\":\"dbtest-chk\",\"name\":\"C\",\"cloud_role\":\"csp\"},"
#define CHK_RISK "\"risks\":[{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":2," \
		"\"impact\":2,\"treatment\":\"modify\",\"status\":\"open\"," \
		"\"assessed_at\":\"2026-01-01\""
#define CHK_EV	"\"evidence\":[{\"control\":\"5.1.1\",\"title\":\"t\"," \
		"\"collected_at\":\"2026-02-01\","
#define CHK_FI	"\"findings\":[{\"id\":\"F1\",\"description\":\"d\"," \
		"\"raised_at\":\"2026-01-01\","
#define CHK_MR	"\"management_reviews\":[{\"id\":\"MR1\",\"held_at\":" \
		"\"2026-03-01\",\"period_start\":\"2026-01-01\","
#define ORG_FIRST	"the importer writes the organisation before its records"

static const struct constraint_case constraint_cases[] = {
	{ "ident_check", "\"scopes\":[{\"id\":\"a b\",\"statement\":\"s\"}]}",
	    "scopes[0].id: must be 1 to 64 characters", NULL },
	{ "org_name_check", NULL, "org.name: must be 1 to 500 bytes", NULL },
	{ "org_cloud_role_check", "{\"org\":{\"id\":\"dbtest-chk\",\"name\":\"C\","
	    "\"cloud_role\":\"cloudy\"}}", "org.cloud_role: is not one of", NULL },
	{ "org_source_framework_fkey", "{\"org\":{\"id\":\"dbtest-chk\",\"name\":"
	    "\"C\",\"cloud_role\":\"csp\",\"source_framework\":\"nope\"}}",
	    "org.source_framework: nope has no catalog", NULL },
	{ "scope_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "soa_entry_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "soa_entry_framework_id_control_fkey", "\"soa\":[{\"control\":\"9.9.9\","
	    "\"applicable\":true,\"implementation\":\"partial\"}]}",
	    "soa[0].control: is not a control", NULL },
	{ "soa_entry_implementation_check", "\"soa\":[{\"control\":\"5.1.1\","
	    "\"applicable\":true,\"implementation\":\"done\"}]}",
	    "soa[0].implementation: is not one of", NULL },
	{ "soa_entry_responsibility_check", "\"soa\":[{\"control\":\"5.1.1\","
	    "\"applicable\":true,\"implementation\":\"partial\",\"responsibility\":"
	    "\"nobody\"}]}", "soa[0].responsibility: is not one of", NULL },
	{ "soa_entry_org_id_scope_id_fkey", "\"soa\":[{\"control\":\"5.1.1\","
	    "\"applicable\":true,\"implementation\":\"partial\",\"scope_id\":"
	    "\"S-NONE\"}]}", "soa[0].scope_id: S-NONE is not a scope", NULL },
	{ "evidence_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "evidence_check", CHK_EV "\"kind\":\"other\",\"valid_until\":"
	    "\"2026-01-31\"}]}", "evidence[0].valid_until: must not be before "
	    "collected_at", NULL },
	{ "evidence_framework_id_control_fkey", "\"evidence\":[{\"control\":"
	    "\"9.9.9\",\"title\":\"t\",\"collected_at\":\"2026-02-01\",\"kind\":"
	    "\"other\"}]}", "evidence[0].control: is not a control", NULL },
	{ "evidence_kind_check", CHK_EV "\"kind\":\"memo\"}]}",
	    "evidence[0].kind: is not one of", NULL },
	{ "evidence_sha256_check", CHK_EV "\"kind\":\"other\",\"sha256\":\"abc\"}]}",
	    "evidence[0].sha256: must be 64 lowercase hex digits", NULL },
	{ "control_review_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "control_review_framework_id_control_fkey", "\"reviews\":[{\"control\":"
	    "\"9.9.9\",\"reviewed_at\":\"2026-01-01\",\"reviewer\":\"r\","
	    "\"result\":\"effective\"}]}", "reviews[0].control: is not a control",
	    NULL },
	{ "control_review_result_check", "\"reviews\":[{\"control\":\"5.1.1\","
	    "\"reviewed_at\":\"2026-01-01\",\"reviewer\":\"r\",\"result\":"
	    "\"fine\"}]}", "reviews[0].result: is not one of", NULL },
	{ "change_event_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "change_event_check", NULL, NULL, "the statement names the framework "
	    "exactly when a control is given" },
	{ "change_event_framework_id_control_fkey", "\"changes\":[{\"occurred_at\":"
	    "\"2026-01-01\",\"kind\":\"scope\",\"description\":\"d\",\"control\":"
	    "\"9.9.9\"}]}", "changes[0].control: is not a control", NULL },
	{ "change_event_kind_check", "\"changes\":[{\"occurred_at\":\"2026-01-01\","
	    "\"kind\":\"weather\",\"description\":\"d\"}]}",
	    "changes[0].kind: is not one of", NULL },
	{ "risk_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "risk_impact_check", "\"risks\":[{\"id\":\"R1\",\"title\":\"t\","
	    "\"likelihood\":2,\"impact\":6,\"treatment\":\"modify\",\"status\":"
	    "\"open\",\"assessed_at\":\"2026-01-01\"}]}", "risks[0].impact:", NULL },
	{ "risk_likelihood_check", "\"risks\":[{\"id\":\"R1\",\"title\":\"t\","
	    "\"likelihood\":0,\"impact\":2,\"treatment\":\"modify\",\"status\":"
	    "\"open\",\"assessed_at\":\"2026-01-01\"}]}", "risks[0].likelihood:",
	    NULL },
	{ "risk_residual_impact_check", CHK_RISK ",\"residual_impact\":7}]}",
	    "risks[0].residual_impact:", NULL },
	{ "risk_residual_likelihood_check", CHK_RISK ",\"residual_likelihood\":-1}]}",
	    "risks[0].residual_likelihood:", NULL },
	{ "risk_status_check", "\"risks\":[{\"id\":\"R1\",\"title\":\"t\","
	    "\"likelihood\":2,\"impact\":2,\"treatment\":\"modify\",\"status\":"
	    "\"gone\",\"assessed_at\":\"2026-01-01\"}]}",
	    "risks[0].status: is not one of", NULL },
	{ "risk_treatment_check", "\"risks\":[{\"id\":\"R1\",\"title\":\"t\","
	    "\"likelihood\":2,\"impact\":2,\"treatment\":\"pray\",\"status\":"
	    "\"open\",\"assessed_at\":\"2026-01-01\"}]}",
	    "risks[0].treatment: is not one of", NULL },
	{ "risk_control_framework_id_control_fkey", CHK_RISK "}],"
	    "\"risk_controls\":[{\"risk\":\"R1\",\"control\":\"9.9.9\"}]}",
	    "risk_controls[0].control: is not a control", NULL },
	{ "risk_control_org_id_risk_fkey", CHK_RISK "}],"
	    "\"risk_controls\":[{\"risk\":\"R9\",\"control\":\"5.1.1\"}]}",
	    "risk_controls[0].risk: R9 is not a risk", NULL },
	{ "objective_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "objective_status_check", "\"objectives\":[{\"id\":\"O1\",\"title\":"
	    "\"t\",\"status\":\"late\"}]}", "objectives[0].status: is not one of",
	    NULL },
	{ "feedback_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "feedback_party_check", "\"feedback\":[{\"received_at\":\"2026-01-01\","
	    "\"party\":\"press\",\"summary\":\"s\"}]}",
	    "feedback[0].party: is not one of", NULL },
	{ "exception_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "exception_framework_id_control_fkey", "\"exceptions\":[{\"id\":\"E1\","
	    "\"control\":\"9.9.9\",\"description\":\"d\",\"status\":\"open\"}]}",
	    "exceptions[0].control: is not a control", NULL },
	{ "exception_status_check", "\"exceptions\":[{\"id\":\"E1\",\"control\":"
	    "\"5.1.1\",\"description\":\"d\",\"status\":\"pending\"}]}",
	    "exceptions[0].status: is not one of", NULL },
	{ "finding_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "finding_check", NULL, NULL, "the statement names the framework "
	    "exactly when a control is given" },
	{ "finding_framework_id_control_fkey", CHK_FI "\"control\":\"9.9.9\","
	    "\"source\":\"review\",\"severity\":\"minor\"}]}",
	    "findings[0].control: is not a control", NULL },
	{ "finding_severity_check", CHK_FI "\"source\":\"review\",\"severity\":"
	    "\"huge\"}]}", "findings[0].severity: is not one of", NULL },
	{ "finding_source_check", CHK_FI "\"source\":\"rumour\",\"severity\":"
	    "\"minor\"}]}", "findings[0].source: is not one of", NULL },
	{ "corrective_action_org_id_finding_fkey", "\"corrective_actions\":[{"
	    "\"id\":\"CA1\",\"finding\":\"F9\",\"description\":\"d\"}]}",
	    "corrective_actions[0].finding: F9 is not a finding", NULL },
	{ "management_review_org_id_fkey", NULL, NULL, ORG_FIRST },
	{ "management_review_check", CHK_MR "\"period_end\":\"2025-12-31\"}]}",
	    "management_reviews[0].period_end: must not be before period_start",
	    NULL },
	{ "management_review_item_org_id_review_fkey", NULL, NULL,
	    "items are written right after their review" },
	{ "management_review_item_kind_check", CHK_MR "\"period_end\":"
	    "\"2026-02-01\",\"items\":[{\"kind\":\"wish\",\"text\":\"t\","
	    "\"status\":\"open\"}]}]}",
	    "management_reviews[0].items[0].kind: is not one of", NULL },
	{ "management_review_item_status_check", CHK_MR "\"period_end\":"
	    "\"2026-02-01\",\"items\":[{\"kind\":\"action\",\"text\":\"t\","
	    "\"status\":\"stuck\"}]}]}",
	    "management_reviews[0].items[0].status: is not one of", NULL },
};

static void
schema_constraints_all_checked_first(void)
{
	struct db	*db = admin();
	PGconn		*c = PQconnectdb(admin_db);
	PGresult	*r;
	char		 doc[4096], msg[512], out[64], name[502];
	const char	*cc;
	size_t		 i, n = sizeof(constraint_cases) / sizeof(constraint_cases[0]);
	int		 row, listed;

	CU_ASSERT_EQUAL_FATAL(PQstatus(c), CONNECTION_OK);
	/* Every constraint of the record tables has its row above. */
	r = PQexec(c, "SELECT conname FROM pg_catalog.pg_constraint"
	    " WHERE connamespace = 'annexa'::regnamespace AND contype IN ('c', 'f')"
	    " AND (contypid <> 0 OR conrelid::regclass::text IN ('annexa.org',"
	    " 'annexa.scope', 'annexa.soa_entry', 'annexa.evidence',"
	    " 'annexa.control_review', 'annexa.change_event', 'annexa.risk',"
	    " 'annexa.risk_control', 'annexa.objective', 'annexa.feedback',"
	    " 'annexa.exception', 'annexa.finding', 'annexa.corrective_action',"
	    " 'annexa.management_review', 'annexa.management_review_item'))");
	CU_ASSERT_EQUAL_FATAL(PQresultStatus(r), PGRES_TUPLES_OK);
	for (row = 0; row < PQntuples(r); row++) {
		cc = PQgetvalue(r, row, 0);
		for (i = 0; i < n && strcmp(constraint_cases[i].name, cc) != 0; i++)
			;
		if (i == n)
			fprintf(stderr, "constraint %s has no validator case\n", cc);
		CU_ASSERT(i < n);
	}
	/* ... and every row names a constraint the schema has. */
	for (i = 0; i < n; i++) {
		for (listed = 0, row = 0; row < PQntuples(r); row++)
			listed |= strcmp(PQgetvalue(r, row, 0),
			    constraint_cases[i].name) == 0;
		if (!listed)
			fprintf(stderr, "no constraint %s\n", constraint_cases[i].name);
		CU_ASSERT(listed);
	}
	PQclear(r);
	PQfinish(c);

	/* Each breakable one is refused by the importer, naming the field. */
	drop_org("dbtest-chk");
	memset(name, 'n', 501);
	name[501] = '\0';
	for (i = 0; i < n; i++) {
		const struct constraint_case *k = &constraint_cases[i];

		if (k->why_unreachable != NULL)
			continue;
		if (k->bundle == NULL)
			snprintf(doc, sizeof(doc), "{\"org\":{\"id\":\"dbtest-chk\","
			    "\"name\":\"%s\",\"cloud_role\":\"csp\"}}", name);
		else if (k->bundle[0] == '{')
			snprintf(doc, sizeof(doc), "%s", k->bundle);
		else
			snprintf(doc, sizeof(doc), CHK_ORG "%s", k->bundle);
		if (import_bundle(db, doc, msg, sizeof(msg)) != ERR_INVALID ||
		    strstr(msg, k->want) == NULL) {
			fprintf(stderr, "%s: got '%s', wanted '%s'\n", k->name, msg,
			    k->want);
			CU_FAIL("a bundle breaking a constraint was not refused first");
		}
		raw_sql(admin_db, "SELECT count(*) FROM annexa.org WHERE id ="
		    " 'dbtest-chk'", out, sizeof(out));
		CU_ASSERT_STRING_EQUAL(out, "0");
	}
	/* Two SoA entries for one control (the table's primary key). */
	CU_ASSERT_EQUAL(import_bundle(db, CHK_ORG "\"soa\":[{\"control\":\"5.1.1\","
	    "\"applicable\":true,\"implementation\":\"partial\"},{\"control\":"
	    "\"5.1.2\",\"applicable\":true,\"implementation\":\"partial\"},"
	    "{\"control\":\"5.1.1\",\"applicable\":false,\"implementation\":"
	    "\"planned\"}]}", msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "soa[2].control: 5.1.1 appears twice "
	    "(also at soa[0])"));
	/* References to records stored before, or earlier in the bundle, hold. */
	CU_ASSERT_EQUAL(import_bundle(db, CHK_ORG "\"scopes\":[{\"id\":\"S1\","
	    "\"statement\":\"s\"}]," CHK_FI "\"source\":\"review\",\"severity\":"
	    "\"minor\"}]," CHK_RISK "}]}", msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(import_bundle(db, CHK_ORG "\"soa\":[{\"control\":\"5.1.1\","
	    "\"applicable\":true,\"implementation\":\"partial\",\"scope_id\":"
	    "\"S1\"}],\"corrective_actions\":[{\"id\":\"CA1\",\"finding\":\"F1\","
	    "\"description\":\"d\"}],\"risk_controls\":[{\"risk\":\"R1\","
	    "\"control\":\"5.1.1\"}]}", msg, sizeof(msg)), ERR_OK);
	if (msg[0] != '\0')
		fprintf(stderr, "%s\n", msg);
	drop_org("dbtest-chk");
	db_close(db);
}

/*
 * Every statement whose rows are read by column name (db_stmt.h) returns
 * exactly the columns its enum names: a column added to or dropped from a
 * SELECT without its enum fails here instead of shifting every later cell.
 */
/*
 * The CHECK constraints and foreign keys of annexa.person, each with the
 * input of `annexa user add` that breaks it and the option person_add()
 * must name first, or why no input can reach it.  A constraint the table
 * gains without a row here fails the test.
 */
struct person_case {
	const char	*name;
	const char	*org;
	const char	*email;
	const char	*pname;
	enum role	 role;
	enum err	 want;
	const char	*field;
	const char	*why_unreachable;
};

static void
person_constraints_all_checked_first(void)
{
	char		 n201[202], out[64], before[64];
	const struct person_case cases[] = {
		{ "person_email_check", "dbtest-org", "no-address", NULL,
		    ROLE_VIEWER, ERR_INVALID, "--email", NULL },
		{ "person_email_lower", NULL, NULL, NULL, ROLE_VIEWER, ERR_OK,
		    NULL, "person_add() lowers the address before it is "
		    "stored (checked below)" },
		{ "person_name_check", "dbtest-org", "n@db.example", n201,
		    ROLE_VIEWER, ERR_INVALID, "--name", NULL },
		{ "person_role_check", "dbtest-org", "r@db.example", NULL,
		    ROLE__MAX, ERR_INVALID, "--role", NULL },
		{ "person_org_id_fkey", "dbtest-nope", "o@db.example", NULL,
		    ROLE_VIEWER, ERR_NOT_FOUND, "--org", NULL },
	};
	size_t		 n = sizeof(cases) / sizeof(cases[0]), i;
	struct db	*db = admin();
	PGconn		*c = PQconnectdb(admin_db);
	PGresult	*r;
	const char	*field, *cc;
	int		 row, listed;

	memset(n201, 'n', 201);
	n201[201] = '\0';
	raw_sql(admin_db, "INSERT INTO annexa.org (id, name, cloud_role) VALUES "
	    "('dbtest-org', 'DB test', 'csp') ON CONFLICT DO NOTHING", NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.person WHERE email LIKE "
	    "'%@db.example'", NULL, 0);
	CU_ASSERT_EQUAL_FATAL(PQstatus(c), CONNECTION_OK);
	r = PQexec(c, "SELECT conname FROM pg_catalog.pg_constraint"
	    " WHERE conrelid = 'annexa.person'::regclass"
	    " AND contype IN ('c', 'f')");
	CU_ASSERT_EQUAL_FATAL(PQresultStatus(r), PGRES_TUPLES_OK);
	CU_ASSERT(PQntuples(r) > 0);
	for (row = 0; row < PQntuples(r); row++) {
		cc = PQgetvalue(r, row, 0);
		for (i = 0; i < n && strcmp(cases[i].name, cc) != 0; i++)
			;
		if (i == n)
			fprintf(stderr, "constraint %s has no validator case\n", cc);
		CU_ASSERT(i < n);
	}
	for (i = 0; i < n; i++) {
		for (listed = 0, row = 0; row < PQntuples(r); row++)
			listed |= strcmp(PQgetvalue(r, row, 0), cases[i].name) == 0;
		if (!listed)
			fprintf(stderr, "no constraint %s\n", cases[i].name);
		CU_ASSERT(listed);
	}
	PQclear(r);
	PQfinish(c);
	/* Each breakable one is refused first, naming the option. */
	for (i = 0; i < n; i++) {
		if (cases[i].why_unreachable != NULL)
			continue;
		field = NULL;
		if (person_add(db, cases[i].org, cases[i].email, cases[i].pname,
		    cases[i].role, &field) != cases[i].want ||
		    field == NULL || strcmp(field, cases[i].field) != 0) {
			fprintf(stderr, "%s: field %s, wanted %s\n", cases[i].name,
			    field != NULL ? field : "(none)", cases[i].field);
			CU_FAIL("input breaking a constraint was not refused first");
		}
	}
	raw_sql(admin_db, "SELECT count(*) FROM annexa.person WHERE email LIKE "
	    "'%@db.example'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "0");
	/* The lower-case rule: any spelling is stored lowered. */
	CU_ASSERT_EQUAL(person_add(db, "dbtest-org", "Jane.Doe@DB.example",
	    "Jane Doe", ROLE_EDITOR, &field), ERR_OK);
	raw_sql(admin_db, "SELECT email || '|' || role || '|' || name FROM "
	    "annexa.person WHERE org_id = 'dbtest-org' AND email LIKE "
	    "'%@db.example'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "jane.doe@db.example|editor|Jane Doe");
	raw_sql(admin_db, "SELECT detail->>'role' || '|' || (detail->>'name')"
	    " FROM annexa.audit_log WHERE action = 'person.add' AND "
	    "detail->>'email' = 'jane.doe@db.example' ORDER BY id DESC LIMIT 1",
	    out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "editor|Jane Doe");
	raw_sql(admin_db, "SELECT count(*) FROM annexa.audit_log WHERE action ="
	    " 'person.add'", before, sizeof(before));
	/* The unique (org, e-mail): the same person again, any spelling. */
	CU_ASSERT_EQUAL(person_add(db, "dbtest-org", "JANE.DOE@db.example",
	    NULL, ROLE_ADMIN, &field), ERR_CONFLICT);
	CU_ASSERT_STRING_EQUAL(field, "--email");
	raw_sql(admin_db, "SELECT count(*) || role FROM annexa.person WHERE "
	    "email = 'jane.doe@db.example' GROUP BY role", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1editor");
	raw_sql(admin_db, "SELECT count(*) FROM annexa.audit_log WHERE action ="
	    " 'person.add'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, before);	/* the refusal wrote nothing */
	db_close(db);
}

/*
 * A session through single sign-on: for its person, found again by its
 * id, ended when the person is removed (with the sessions of sign-in
 * links for the same address in the same organisation, and no others),
 * and no longer alive once it names neither link, token nor person.
 */
static void
person_sessions_end_with_person(void)
{
	struct db		*adb = admin(), *db = app();
	struct person		 p;
	struct person_org	*po;
	struct principal	 who, by, link_who;
	struct pool		*pool = pool_new();
	char			 sid[AUTH_RANDOM_LEN + 1], sid2[AUTH_RANDOM_LEN + 1];
	char			 sid3[AUTH_RANDOM_LEN + 1], tok[AUTH_RANDOM_LEN + 1];
	char			 expires[32], out[128], q[256];
	const char		*field;
	long long		 id, id2, id3;
	size_t			 n;
	int			 revoked;

	CU_ASSERT_PTR_NOT_NULL_FATAL(pool);
	raw_sql(admin_db, "INSERT INTO annexa.org (id, name, cloud_role) VALUES "
	    "('dbtest-org', 'DB test', 'csp'), ('dbtest-org2', 'DB test 2', "
	    "'csp') ON CONFLICT DO NOTHING", NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.person WHERE email = "
	    "'sso@db.example'", NULL, 0);
	CU_ASSERT_EQUAL_FATAL(person_add(adb, "dbtest-org", "SSO@db.example",
	    NULL, ROLE_VIEWER, &field), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(person_add(adb, "dbtest-org2", "sso@db.example",
	    "Sam", ROLE_ADMIN, &field), ERR_OK);
	/* The runtime role finds the person and their organisations. */
	CU_ASSERT_EQUAL(person_find(db, "dbtest-org", "sso@db.example", &p),
	    ERR_OK);
	CU_ASSERT_EQUAL(p.role, ROLE_VIEWER);
	CU_ASSERT_STRING_EQUAL(p.name, "");
	CU_ASSERT_EQUAL(person_find(db, "dbtest-org", "SSO@db.example", &p),
	    ERR_NOT_FOUND);	/* callers lower the address first */
	CU_ASSERT_EQUAL(person_orgs(db, pool, "sso@db.example", &po, &n),
	    ERR_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(po[0].org, "dbtest-org");
	CU_ASSERT_STRING_EQUAL(po[1].org_name, "DB test 2");
	CU_ASSERT_EQUAL(person_orgs(db, pool, "nobody@db.example", &po, &n),
	    ERR_OK);
	CU_ASSERT_EQUAL(n, 0);

	/* A session for the person, as sso.c opens it. */
	memset(&who, 0, sizeof(who));
	snprintf(who.org, sizeof(who.org), "dbtest-org");
	who.role = p.role;
	who.person_id = p.id;
	snprintf(who.person_name, sizeof(who.person_name), "sso@db.example");
	snprintf(who.person_email, sizeof(who.person_email), "sso@db.example");
	CU_ASSERT_EQUAL_FATAL(session_create(db, &who, 0, 3600, sid, &id),
	    ERR_OK);
	memset(&by, 0, sizeof(by));
	CU_ASSERT_EQUAL_FATAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_OK);
	CU_ASSERT_EQUAL(by.person_id, p.id);
	CU_ASSERT_EQUAL(by.token_id, 0);
	CU_ASSERT_EQUAL(by.role, ROLE_VIEWER);
	CU_ASSERT_STRING_EQUAL(by.org, "dbtest-org");
	snprintf(q, sizeof(q), "SELECT (detail->>'via') || '|' || person_email "
	    "FROM annexa.audit_log WHERE action = 'session.create' AND "
	    "session_id = %lld", id);
	raw_sql(admin_db, q, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "sso|sso@db.example");
	/* A sign-in link's session for the same address, here and there. */
	CU_ASSERT_EQUAL_FATAL(loginlink_create(adb, "dbtest-org", ROLE_VIEWER,
	    "Sam", "Sso@DB.example", 3600, NULL, tok, expires), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(session_from_link(db, tok, strlen(tok), 3600,
	    &link_who, sid2, &id2), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(loginlink_create(adb, "dbtest-org2", ROLE_VIEWER,
	    "Sam", "sso@db.example", 3600, NULL, tok, expires), ERR_OK);
	CU_ASSERT_EQUAL_FATAL(session_from_link(db, tok, strlen(tok), 3600,
	    &link_who, sid3, &id3), ERR_OK);
	/* Removing the person ends both sessions of this organisation. */
	CU_ASSERT_EQUAL(person_remove(adb, "dbtest-org", "sso@DB.example",
	    &revoked, &field), ERR_OK);
	CU_ASSERT_EQUAL(revoked, 2);
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_UNAUTHORIZED);
	CU_ASSERT_EQUAL(session_lookup(db, sid2, strlen(sid2), 1800, &by),
	    ERR_UNAUTHORIZED);
	CU_ASSERT_EQUAL(session_lookup(db, sid3, strlen(sid3), 1800, &by),
	    ERR_OK);
	CU_ASSERT_EQUAL(person_find(db, "dbtest-org", "sso@db.example", &p),
	    ERR_NOT_FOUND);
	snprintf(q, sizeof(q), "SELECT person_id IS NULL FROM annexa.session "
	    "WHERE id = %lld", id);
	raw_sql(admin_db, q, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "t");
	raw_sql(admin_db, "SELECT (detail->>'sessions_revoked') FROM "
	    "annexa.audit_log WHERE action = 'person.remove' AND "
	    "detail->>'email' = 'sso@db.example' ORDER BY id DESC LIMIT 1",
	    out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "2");
	CU_ASSERT_EQUAL(person_remove(adb, "dbtest-org", "sso@db.example",
	    &revoked, &field), ERR_NOT_FOUND);
	CU_ASSERT_STRING_EQUAL(field, "--email");
	CU_ASSERT_EQUAL(person_remove(adb, "dbtest-org", "not an address",
	    &revoked, &field), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(field, "--email");
	/*
	 * A session whose person went without it being revoked (the
	 * reference set to NULL by the foreign key) is no longer alive.
	 */
	CU_ASSERT_EQUAL_FATAL(person_find(db, "dbtest-org2", "sso@db.example",
	    &p), ERR_OK);
	snprintf(who.org, sizeof(who.org), "dbtest-org2");
	who.role = p.role;
	who.person_id = p.id;
	CU_ASSERT_EQUAL_FATAL(session_create(db, &who, 0, 3600, sid, &id),
	    ERR_OK);
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by), ERR_OK);
	CU_ASSERT_EQUAL(by.role, ROLE_ADMIN);
	snprintf(q, sizeof(q), "DELETE FROM annexa.person WHERE id = %lld",
	    p.id);
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, q, NULL, 0), "");
	CU_ASSERT_EQUAL(session_lookup(db, sid, strlen(sid), 1800, &by),
	    ERR_UNAUTHORIZED);
	/* A session rests on at most one of link, token and person. */
	CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, "UPDATE annexa.session SET "
	    "token_id = (SELECT min(id) FROM annexa.api_token) WHERE id = "
	    "(SELECT max(id) FROM annexa.session WHERE link_id IS NOT NULL)",
	    NULL, 0), "23514");
	pool_free(pool);
	db_close(db);
	db_close(adb);
}

static void
named_columns_match_statements(void)
{
	static const struct {
		enum stmt	s;
		int		ncols;
	} named[] = {
		{ STMT_ORG_GET, ORG_GET__MAX },
		{ STMT_GAP_SOURCES, GAP_SOURCES__MAX },
		{ STMT_READY_SOA, READY_SOA__MAX },
		{ STMT_READY_EVIDENCE, READY_EVIDENCE__MAX },
		{ STMT_READY_REVIEWS, READY_REVIEWS__MAX },
		{ STMT_READY_EXCEPTIONS, READY_EXCEPTIONS__MAX },
		{ STMT_READY_FINDINGS, READY_FINDINGS__MAX },
		{ STMT_HIST_REVIEWS, HIST_REVIEWS__MAX },
		{ STMT_HIST_EVIDENCE, HIST_EVIDENCE__MAX },
		{ STMT_HIST_EXCEPTIONS, HIST_EXCEPTIONS__MAX },
		{ STMT_HIST_FINDINGS, HIST_FINDINGS__MAX },
		{ STMT_HIST_CHANGES, HIST_CHANGES__MAX },
		{ STMT_REVIEWS_PAGE, REVIEW_ROW__MAX },
		{ STMT_REVIEW_GET, REVIEW_ROW__MAX },
		{ STMT_EVIDENCE_GET, EVIDENCE_ROW__MAX },
		{ STMT_MR_LIST, MR_LIST__MAX },
		{ STMT_MRI_LIST, MRI_LIST__MAX },
		{ STMT_RPT_REVIEW_MONTHS, RPT_REVIEW_MONTHS__MAX },
		{ STMT_RPT_OPEN_FINDINGS_MONTHS, RPT_OPEN_FINDINGS__MAX },
		{ STMT_RPT_EVIDENCE_FRESHNESS, RPT_FRESHNESS__MAX },
		{ STMT_RPT_PREV_ACTIONS, RPT_PREV_ACTIONS__MAX },
		{ STMT_RPT_CHANGES, RPT_CHANGES__MAX },
		{ STMT_RPT_FINDINGS, RPT_FINDINGS__MAX },
		{ STMT_RPT_FINDINGS_BY_SOURCE, RPT_BY_SOURCE__MAX },
		{ STMT_RPT_ACTIONS, RPT_ACTIONS__MAX },
		{ STMT_RPT_OBJECTIVES, RPT_OBJECTIVES__MAX },
		{ STMT_RPT_FEEDBACK, RPT_FEEDBACK__MAX },
		{ STMT_RPT_RISKS, RPT_RISKS__MAX },
		{ STMT_RPT_EXCEPTIONS, RPT_EXCEPTIONS__MAX },
		{ STMT_RPT_DECISIONS, RPT_DECISIONS__MAX },
		{ STMT_RPT_PREV_REVIEW, RPT_PREV_REVIEW__MAX },
		{ STMT_RPT_SOA, RPT_SOA__MAX },
		{ STMT_RPT_SOA_EVIDENCE, RPT_SOA_EVIDENCE__MAX },
		{ STMT_RPT_TRACE, RPT_TRACE__MAX },
		{ STMT_RUN_LIST, RUN_LIST__MAX },
		{ STMT_RUN_PDF, RUN_STORED_ID },	/* the first five */
		{ STMT_RUN_BY_KEY, RUN_STORED__MAX },
		{ STMT_RUN_BY_SHA, RUN_BY_SHA__MAX },
		{ STMT_TOKEN_LOOKUP, TOKEN_LOOKUP__MAX },
		{ STMT_ORG_LIST, ORG_LIST__MAX },
		{ STMT_FRAMEWORK_LIST, FRAMEWORK_LIST__MAX },
		{ STMT_CONTROL_LIST, CONTROL_LIST__MAX },
		{ STMT_EVIDENCE_SOURCE_GET, SOURCE_GET__MAX },
		{ STMT_REVIEW_SOURCE_GET, SOURCE_GET__MAX },
		{ STMT_CHANGE_SOURCE_GET, SOURCE_GET__MAX },
		{ STMT_FEEDBACK_SOURCE_GET, SOURCE_GET__MAX },
		{ STMT_REVIEW_INSERT, INSERTED__MAX },
		{ STMT_EVIDENCE_INSERT, INSERTED__MAX },
		{ STMT_EVIDENCE_SOURCE_INSERT, INSERTED__MAX },
		{ STMT_REVIEW_SOURCE_INSERT, INSERTED__MAX },
		{ STMT_CHANGE_SOURCE_INSERT, INSERTED__MAX },
		{ STMT_FEEDBACK_SOURCE_INSERT, INSERTED__MAX },
		{ STMT_TOKEN_LIST, TOKEN_LIST__MAX },
		{ STMT_TOKEN_INSERT, SINGLE__MAX },
		{ STMT_MIGRATION_APPLIED, MIGRATION_APPLIED__MAX },
		{ STMT_MAPSET_LIST, MAPSET_LIST__MAX },
		{ STMT_MAPSET_ROWS, MAPSET_ROWS__MAX },
		{ STMT_MAPSET_INSERT, SINGLE__MAX },
		{ STMT_CONTROL_IDS, SINGLE__MAX },
		{ STMT_CONTROL_UPSERT, SINGLE__MAX },
		{ STMT_ORG_RECORD_IDS, ORG_RECORD_IDS__MAX },
		{ STMT_DATA_EPOCH, SINGLE__MAX },
		{ STMT_SCHED_ADD, SCHED_ADD__MAX },
		{ STMT_SCHED_LIST, SCHED_LIST__MAX },
		{ STMT_SCHED_DUE_COUNT, SINGLE__MAX },
		{ STMT_SCHED_CLAIM, SCHED_CLAIM__MAX },
		{ STMT_RUN_CLAIM, RUN_CLAIM__MAX },
		{ STMT_RUN_FAIL, SINGLE__MAX },
		{ STMT_RUN_RECORD, SINGLE__MAX },
		{ STMT_LINK_INSERT, LINK_INSERT__MAX },
		{ STMT_LINK_PEEK, LINK_PEEK__MAX },
		{ STMT_LINK_SPEND, LINK_SPEND__MAX },
		{ STMT_SESSION_INSERT, SINGLE__MAX },
		{ STMT_SESSION_TOUCH, SESSION_TOUCH__MAX },
		{ STMT_SESSION_END, SINGLE__MAX },
		{ STMT_SESSION_LIST, SESSION_LIST__MAX },
		{ STMT_PERSON_INSERT, SINGLE__MAX },
		{ STMT_PERSON_FIND, PERSON_FIND__MAX },
		{ STMT_PERSON_ORGS, PERSON_ORGS__MAX },
		{ STMT_PERSON_LIST, PERSON_LIST__MAX },
		{ STMT_PERSON_SESSIONS_END, SINGLE__MAX },
		{ STMT_PERSON_DELETE, SINGLE__MAX },
		{ STMT_SHARE_INSERT, SHARE_INSERT__MAX },
		{ STMT_SHARE_LIST, SHARE_LIST__MAX },
		{ STMT_SHARE_REVOKE, SINGLE__MAX },
		{ STMT_SHARE_PEEK, SHARE_PEEK__MAX },
		{ STMT_SHARE_LOCK, SHARE_LOCK__MAX },
		{ STMT_SHARE_ACCESS, SHARE_ACCESS__MAX },
		{ STMT_SHARE_RUN_TIE, SINGLE__MAX },
		{ STMT_SHARE_ACCESSES, SHARE_ACCESSES__MAX },
		{ STMT_SHARE_NDA_ADD, SINGLE__MAX },
		{ STMT_SHARE_NDA_CURRENT, SHARE_NDA__MAX },
		{ STMT_SHARE_ORIGIN, SHARE_ORIGIN__MAX },
		{ STMT_SCHED_OWNER, SINGLE__MAX },
		{ STMT_NOTIFY_ADD, SINGLE__MAX },
		{ STMT_NOTIFY_LIST, NOTIFY_LIST__MAX },
		{ STMT_NOTIFY_REMOVE, SINGLE__MAX },
		{ STMT_DELIVERY_CLAIM, DELIVERY_CLAIM__MAX },
		{ STMT_DELIVERY_RUN, DELIVERY_RUN__MAX },
		{ STMT_DELIVERY_INSIDE, SINGLE__MAX },
		{ STMT_DELIVERY_SENT, SINGLE__MAX },
		{ STMT_DELIVERY_RETRY, DELIVERY_RETRY__MAX },
		{ STMT_DELIVERY_LIST, DELIVERY_LIST__MAX },
		{ STMT_DELIVERY_COUNTS, DELIVERY_COUNTS__MAX },
	};
	PGconn		*c = PQconnectdb(app_db);
	PGresult	*r;
	char		 name[32];
	size_t		 i;

	CU_ASSERT_EQUAL_FATAL(PQstatus(c), CONNECTION_OK);
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		snprintf(name, sizeof(name), "named%zu", i);
		r = PQprepare(c, name, db_stmt_sql(named[i].s),
		    db_stmt_nparams(named[i].s), NULL);
		CU_ASSERT_EQUAL(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		r = PQdescribePrepared(c, name);
		CU_ASSERT_EQUAL(PQresultStatus(r), PGRES_COMMAND_OK);
		if (PQnfields(r) != named[i].ncols)
			fprintf(stderr, "statement %d: %d columns, its enum "
			    "names %d\n", (int)named[i].s, PQnfields(r),
			    named[i].ncols);
		CU_ASSERT_EQUAL(PQnfields(r), named[i].ncols);
		PQclear(r);
	}
	PQfinish(c);
}

/*
 * Scheduling: the period a schedule owes and the lease of a claimed run.
 * The schedule belongs to an organisation of the tests' own; generation
 * is a stand-in that counts its calls, so only schedule.c and its
 * statements are under test.
 */
struct t_gen {
	int	calls;
	char	period[16];	/* the last job's period key */
};

static enum err
t_generate(void *arg, const struct schedule_job *job,
    struct schedule_output *out, char *msg, size_t msgsz)
{
	struct t_gen	*g = arg;

	(void)msg;
	(void)msgsz;
	g->calls++;
	snprintf(g->period, sizeof(g->period), "%s", job->period_key);
	buf_puts(&out->pdf, "%PDF-1.7 stand-in\n");
	memset(out->sha256, 'a', 64);
	memset(out->data_fingerprint, 'b', 64);
	snprintf(out->report_id, sizeof(out->report_id), "0123456789abcdef");
	snprintf(out->as_of, sizeof(out->as_of), "2000-12-31");
	snprintf(out->signer, sizeof(out->signer), "stand-in");
	out->pages = 1;
	return ERR_OK;
}

/*
 * The period a schedule due at a moment owes: the one that ended the day
 * before, named as reports name periods (period.c).  Years turn over,
 * and weeks are ISO weeks (a week may belong to the year before or after).
 */
static void
schedule_period_keys(void)
{
	static const struct {
		const char		*frequency, *due, *key;
		enum period_kind	 kind;
	} cases[] = {
		{ "weekly", "2026-11-30", "2026-W48", PERIOD_WEEK },
		{ "weekly", "2027-01-04", "2026-W53", PERIOD_WEEK },
		{ "weekly", "2026-01-05", "2026-W01", PERIOD_WEEK },
		{ "weekly", "2025-01-06", "2025-W01", PERIOD_WEEK },
		{ "weekly", "2021-01-04", "2020-W53", PERIOD_WEEK },
		{ "monthly", "2026-12-01", "2026-11", PERIOD_MONTH },
		{ "monthly", "2027-01-01", "2026-12", PERIOD_MONTH },
		{ "monthly", "2024-03-01", "2024-02", PERIOD_MONTH },
		{ "quarterly", "2026-10-01", "2026-Q3", PERIOD_QUARTER },
		{ "quarterly", "2027-01-01", "2026-Q4", PERIOD_QUARTER },
		{ "quarterly", "2026-04-01", "2026-Q1", PERIOD_QUARTER },
		{ "yearly", "2027-01-01", "2026", PERIOD_YEAR },
		{ "yearly", "2026-06-15", "2026", PERIOD_YEAR },
	};
	char		 sql[256], key[32], prev[11];
	struct period	 p;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT annexa.period_key('%s', "
		    "'%sT00:00:00Z'::timestamptz), ('%s'::date - 1)::text",
		    cases[i].frequency, cases[i].due, cases[i].due);
		CU_ASSERT_STRING_EQUAL(raw_sql(admin_db, sql, key, sizeof(key)), "");
		if (strcmp(key, cases[i].key) != 0) {
			CU_FAIL("wrong period key");
			fprintf(stderr, "%s due %s: %s, wanted %s\n",
			    cases[i].frequency, cases[i].due, key, cases[i].key);
		}
		/* The same period as reports compute for the day before. */
		snprintf(sql, sizeof(sql), "SELECT ('%s'::date - 1)::text",
		    cases[i].due);
		raw_sql(admin_db, sql, prev, sizeof(prev));
		CU_ASSERT_TRUE_FATAL(period_containing(cases[i].kind, prev, &p));
		CU_ASSERT_STRING_EQUAL(p.key, cases[i].key);
	}
}

/* Runs the schedules due at now with the stand-in generator. */
static void
t_schedule_run(const char *now, struct t_gen *g, struct schedule_stats *st)
{
	struct schedule_opts	 o;
	struct db		*db;
	char			 msg[512];
	enum err		 e;

	memset(&o, 0, sizeof(o));
	o.now = now;
	o.lease_s = SCHEDULE_LEASE_S;
	o.err = stderr;
	db = db_open(app_db, DB_PREPARED, &e);
	CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
	CU_ASSERT_EQUAL(schedule_run(db, &o, t_generate, g, st, msg,
	    sizeof(msg)), ERR_OK);
	db_close(db);
}

/*
 * A run whose lease still holds is left alone, even when it looks
 * abandoned; once the lease has ended, the next run takes it over (one
 * more attempt) and finishes it, and the schedule moves on one period.
 */
static void
schedule_lease_takeover(void)
{
	struct schedule_stats	 st;
	struct t_gen		 g = { 0 };
	char			 out[128], sid[24], sql[512];

	raw_sql(admin_db, "DELETE FROM annexa.report_run WHERE org_id = "
	    "'dbtest-sched'", NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.report_schedule WHERE org_id = "
	    "'dbtest-sched'", NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.org WHERE id = 'dbtest-sched'",
	    NULL, 0);
	CU_ASSERT_STRING_EQUAL_FATAL(raw_sql(admin_db, "INSERT INTO annexa.org "
	    "(id, name, cloud_role) VALUES ('dbtest-sched', 'Schedules', 'csp')",
	    NULL, 0), "");
	CU_ASSERT_STRING_EQUAL_FATAL(raw_sql(admin_db, "INSERT INTO "
	    "annexa.report_schedule (org_id, kind, frequency, next_due_at) "
	    "VALUES ('dbtest-sched', 'soa', 'quarterly', "
	    "'2001-01-01T00:00:00Z') RETURNING id", sid, sizeof(sid)), "");
	/* A process claimed 2000-Q4 and is still within its lease. */
	snprintf(sql, sizeof(sql), "INSERT INTO annexa.report_run (org_id, "
	    "kind, schedule_id, period_key, status, trigger, attempts, "
	    "lease_until) VALUES ('dbtest-sched', 'soa', %s, '2000-Q4', "
	    "'running', 'schedule', 1, now() + interval '10 minutes')", sid);
	CU_ASSERT_STRING_EQUAL_FATAL(raw_sql(admin_db, sql, NULL, 0), "");
	/*
	 * Far in the past: only this schedule is due then, not those of the
	 * end-to-end tests (the generator is a stand-in).
	 */
	t_schedule_run("2001-01-02T00:00:00Z", &g, &st);
	CU_ASSERT_EQUAL(g.calls, 0);
	CU_ASSERT_EQUAL(st.due, 0);
	raw_sql(admin_db, "SELECT status || ' ' || attempts FROM "
	    "annexa.report_run WHERE org_id = 'dbtest-sched'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "running 1");

	/* Its process died: the lease ends, and a later run takes over. */
	raw_sql(admin_db, "UPDATE annexa.report_run SET lease_until = now() - "
	    "interval '1 second' WHERE org_id = 'dbtest-sched'", NULL, 0);
	t_schedule_run("2001-01-02T00:00:00Z", &g, &st);
	CU_ASSERT_EQUAL(g.calls, 1);
	CU_ASSERT_EQUAL(st.due, 1);
	CU_ASSERT_EQUAL(st.generated, 1);
	CU_ASSERT_STRING_EQUAL(g.period, "2000-Q4");
	raw_sql(admin_db, "SELECT status || ' ' || attempts || ' ' || "
	    "(lease_until IS NULL) || ' ' || count(*) OVER () FROM "
	    "annexa.report_run WHERE org_id = 'dbtest-sched'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "succeeded 2 true 1");
	raw_sql(admin_db, "SELECT to_char(next_due_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD') FROM annexa.report_schedule WHERE org_id = "
	    "'dbtest-sched'", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "2001-04-01");
	/* Done: nothing is owed until the next quarter ends. */
	t_schedule_run("2001-01-03T00:00:00Z", &g, &st);
	CU_ASSERT_EQUAL(g.calls, 1);

	raw_sql(admin_db, "DELETE FROM annexa.report_run WHERE org_id = "
	    "'dbtest-sched'", NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.report_schedule WHERE org_id = "
	    "'dbtest-sched'", NULL, 0);
	raw_sql(admin_db, "DELETE FROM annexa.org WHERE id = 'dbtest-sched'",
	    NULL, 0);
}

static void
reports_under_allocation_failure(void)
{
	t_reports_alloc_failure(app_db);
}

int
main(void)
{
	CU_pSuite	s;
	unsigned	failed, run;

	admin_db = getenv("ANNEXA_TEST_ADMIN_DB");
	app_db = getenv("ANNEXA_TEST_APP_DB");
	srcdir = getenv("ANNEXA_SRCDIR");
	if (admin_db == NULL || app_db == NULL || srcdir == NULL) {
		printf("SKIP: no database (run scripts/test)\n");
		return 77;
	}
	snprintf(sql_dir, sizeof(sql_dir), "%s/sql", srcdir);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("database", NULL, NULL);
	if (s == NULL ||
	    !CU_add_test(s, "migrate twice changes nothing", migrate_twice_changes_nothing) ||
	    !CU_add_test(s, "migration file names", migration_names) ||
	    !CU_add_test(s, "per-organisation reads are indexed",
	    per_org_reads_are_indexed) ||
	    !CU_add_test(s, "report reads follow index order",
	    report_reads_follow_index_order) ||
	    !CU_add_test(s, "catalog import and re-import", catalog_import_and_reimport) ||
	    !CU_add_test(s, "catalog rejects bad input, changes nothing", catalog_rejects_bad_input) ||
	    !CU_add_test(s, "tokens: create, look up, revoke, expire", tokens_create_lookup_revoke) ||
	    !CU_add_test(s, "runtime role is least privilege", runtime_role_is_least_privilege) ||
	    !CU_add_test(s, "people: constraints checked first, lower case, "
	    "unique", person_constraints_all_checked_first) ||
	    !CU_add_test(s, "people: SSO sessions end with the person",
	    person_sessions_end_with_person) ||
	    !CU_add_test(s, "sessions: links spent once, idle and absolute "
	    "expiry, revoke, token sessions", sessions_links_expiry_revoke) ||
	    !CU_add_test(s, "unreachable database is unavailable", unreachable_database_is_unavailable) ||
	    !CU_add_test(s, "prepared read model", prepared_read_model) ||
	    !CU_add_test(s, "a batch answers as the statements one by one",
	    batch_answers_as_one_by_one) ||
	    !CU_add_test(s, "report statements match their plain forms",
	    report_statements_match_plain_forms) ||
	    !CU_add_test(s, "named columns match their statements",
	    named_columns_match_statements) ||
	    !CU_add_test(s, "bundle history ids", bundle_history_ids) ||
	    !CU_add_test(s, "schema constraints are all checked first", schema_constraints_all_checked_first) ||
	    !CU_add_test(s, "schedule period keys: the period that ended the day "
	    "before it was due", schedule_period_keys) ||
	    !CU_add_test(s, "schedule leases: held runs are left alone, "
	    "expired ones taken over", schedule_lease_takeover) ||
	    !CU_add_test(s, "reports under allocation failure: complete or "
	    "failed, never a placeholder", reports_under_allocation_failure))
		return 2;
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	printf("\ndb: %u passed, %u failed\n", run - failed, failed);
	failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed != 0;
}
