/*
 * db.h — PostgreSQL access: one connection, the statement table, and
 * reconnection.
 *
 * All SQL text lives in the statement table of db.c, indexed by enum
 * stmt, run with out-of-line parameters.  A connection opened with
 * DB_PREPARED prepares every statement once when it connects (what the
 * server does); DB_DIRECT sends each with PQexecParams (the command line,
 * and migrations, which run before the tables exist).
 *
 * A connection that breaks is re-established by the next db_exec(); while
 * the database is down db_exec() returns ERR_DB_UNAVAILABLE, trying to
 * reconnect on each call (at most once per DB_RETRY_MS when connecting
 * takes longer than DB_SLOW_CONNECT_MS).  This module knows nothing of
 * HTTP.  A struct db is used by one thread at a time.
 */
#ifndef ANNEXA_DB_H
#define ANNEXA_DB_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "err.h"

#define DB_RETRY_MS		1000
#define DB_SLOW_CONNECT_MS	200

enum stmt {
	STMT_PING,
	STMT_SCHEMA_CREATE,
	STMT_MIGRATION_TABLE,
	STMT_MIGRATION_LOCK,
	STMT_MIGRATION_APPLIED,
	STMT_MIGRATION_RECORD,
	STMT_TOKEN_LOOKUP,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_LIST,
	STMT_TOKEN_REVOKE,
	STMT_ORG_EXISTS,
	STMT_ORG_LIST,
	STMT_FRAMEWORK_LIST,
	STMT_FRAMEWORK_EXISTS,
	STMT_FRAMEWORK_UPSERT,
	STMT_FRAMEWORK_RECOUNT,
	STMT_CONTROL_LIST,
	STMT_CONTROL_UPSERT,
	STMT_CONTROL_IDS,
	STMT_MAPSET_DELETE,
	STMT_MAPSET_INSERT,
	STMT_MAPPING_INSERT,
	STMT_MAPSET_LIST,
	STMT_MAPSET_ROWS,
	STMT_ORG_UPSERT,
	STMT_SCOPE_UPSERT,
	STMT_SOA_DELETE,
	STMT_SOA_INSERT,
	STMT_EVIDENCE_APPEND,
	STMT_REVIEW_APPEND,
	STMT_CHANGE_APPEND,
	STMT_EXCEPTION_UPSERT,
	STMT_FINDING_UPSERT,
	STMT_CA_UPSERT,
	STMT_MR_UPSERT,
	STMT_MRI_DELETE,
	STMT_MRI_INSERT,
	STMT_RISK_UPSERT,
	STMT_RISK_CONTROL_INSERT,
	STMT_OBJECTIVE_UPSERT,
	STMT_FEEDBACK_APPEND,
	STMT_ORG_GET,
	STMT_GAP_SOURCES,
	STMT_READY_SOA,
	STMT_READY_EVIDENCE,
	STMT_READY_REVIEWS,
	STMT_READY_EXCEPTIONS,
	STMT_READY_FINDINGS,
	STMT_CONTROL_EXISTS,
	STMT_HIST_REVIEWS,
	STMT_HIST_EVIDENCE,
	STMT_HIST_EXCEPTIONS,
	STMT_HIST_FINDINGS,
	STMT_HIST_CHANGES,
	STMT_REVIEWS_PAGE,
	STMT_REVIEW_GET,
	STMT_EVIDENCE_GET,
	STMT_MR_LIST,
	STMT_MRI_LIST,
	STMT_REVIEW_INSERT,
	STMT_EVIDENCE_INSERT,
	STMT_AUDIT_INSERT,
	STMT_DATA_EPOCH,
	STMT_RPT_REVIEW_MONTHS,
	STMT_RPT_OPEN_FINDINGS_MONTHS,
	STMT_RPT_EVIDENCE_FRESHNESS,
	STMT_RPT_PREV_ACTIONS,
	STMT_RPT_CHANGES,
	STMT_RPT_FINDINGS,
	STMT_RPT_FINDINGS_BY_SOURCE,
	STMT_RPT_ACTIONS,
	STMT_RPT_OBJECTIVES,
	STMT_RPT_FEEDBACK,
	STMT_RPT_RISKS,
	STMT_RPT_EXCEPTIONS,
	STMT_RPT_DECISIONS,
	STMT_RPT_PREV_REVIEW,
	STMT_RPT_SOA,
	STMT_RPT_SOA_EVIDENCE,
	STMT_RPT_TRACE,
	STMT_SCHED_ADD,
	STMT_SCHED_LIST,
	STMT_SCHED_DUE_COUNT,
	STMT_SCHED_CLAIM,
	STMT_RUN_CLAIM,
	STMT_RUN_SUCCEED,
	STMT_RUN_FAIL,
	STMT_SCHED_ADVANCE,
	STMT_RUN_RECORD,
	STMT_RUN_LIST,
	STMT_RUN_PDF,
	STMT_RUN_BY_SHA,
	STMT_EVIDENCE_SOURCE_GET,
	STMT_EVIDENCE_SOURCE_INSERT,
	STMT_REVIEW_SOURCE_GET,
	STMT_REVIEW_SOURCE_INSERT,
	STMT_CHANGE_SOURCE_GET,
	STMT_CHANGE_SOURCE_INSERT,
	STMT_FEEDBACK_SOURCE_GET,
	STMT_FEEDBACK_SOURCE_INSERT,
	STMT_ORG_RECORD_IDS,
	STMT_RUN_BY_KEY,
	STMT_RUN_PRUNE,
	STMT__MAX
};

enum db_mode {
	DB_PREPARED,
	DB_DIRECT
};

struct db;

/*
 * Connects with the libpq conninfo (or "service=NAME").  Returns the
 * handle (the caller frees it with db_close()) even when the database is
 * down, so a server can start first and serve 503 until it is up; *e
 * then says ERR_DB_UNAVAILABLE (or ERR_DB when a statement failed to
 * prepare: a schema that needs `annexa migrate`).  NULL only on ERR_NOMEM.
 */
struct db	*db_open(const char *conninfo, enum db_mode, enum err *e);
void		 db_close(struct db *);
/*
 * Runs statement s with nparams text parameters (NULL means SQL NULL).
 * On ERR_OK *res holds the result, which the caller PQclear()s.  On error
 * *res is NULL and db_errmsg() says why.
 */
enum err	 db_exec(struct db *, enum stmt s, const char *const *params,
		    PGresult **res);
/* Runs statement s and discards its result. */
enum err	 db_run(struct db *, enum stmt s, const char *const *params);
/*
 * Runs a whole SQL script (several statements, no parameters): only for
 * the migration files annexa ships, never for request data.
 */
enum err	 db_exec_script(struct db *, const char *sql);
enum err	 db_begin(struct db *);
/*
 * Begins a read-only repeatable-read transaction: every statement until
 * db_commit() sees one snapshot, so a JSON answer, a CSV and a PDF made
 * for the same as_of agree (docs/architecture.md).
 */
enum err	 db_begin_snapshot(struct db *);
enum err	 db_commit(struct db *);
/* Rolls back an open transaction; safe to call when none is open. */
void		 db_rollback(struct db *);
/* The last error message (static storage in the handle). */
const char	*db_errmsg(const struct db *);
/*
 * Bytes as the text form of a bytea parameter ("\x" and hex digits), a
 * malloc'd string the caller frees; NULL when memory runs out.
 */
char		*db_bytea_hex(const void *, size_t);
/* The SQLSTATE of the last failed statement, or "" when none. */
const char	*db_sqlstate(const struct db *);
/*
 * Connections re-established after a loss, by every handle of this
 * process together (a handle's first connection does not count).  Any
 * thread may call it.
 */
unsigned long long db_reconnects(void);
int		 db_nparams(enum stmt);

#endif
