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
#include "pool.h"
#include "token.h"
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
	    !CU_add_test(s, "catalog import and re-import", catalog_import_and_reimport) ||
	    !CU_add_test(s, "catalog rejects bad input, changes nothing", catalog_rejects_bad_input) ||
	    !CU_add_test(s, "tokens: create, look up, revoke, expire", tokens_create_lookup_revoke) ||
	    !CU_add_test(s, "runtime role is least privilege", runtime_role_is_least_privilege) ||
	    !CU_add_test(s, "unreachable database is unavailable", unreachable_database_is_unavailable) ||
	    !CU_add_test(s, "prepared read model", prepared_read_model) ||
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
