/*
 * db.h — PostgreSQL access: one connection and reconnection.
 *
 * All SQL text lives in the statement table (db_stmt.c, named in
 * db_stmt.h with the columns of each result), indexed by enum stmt, run
 * with out-of-line parameters.  A connection opened with
 * DB_PREPARED prepares each statement the first time it runs on that
 * connection and reuses it after (the server, schedule runs, reports made
 * many times in one process); DB_DIRECT sends each with PQexecParams, one
 * round trip (a command that runs each statement once, and migrations,
 * which run before the tables exist).
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

#include "db_stmt.h"
#include "errcode.h"

#define DB_RETRY_MS		1000
#define DB_SLOW_CONNECT_MS	200


enum db_mode {
	DB_PREPARED,
	DB_DIRECT
};

struct db;
struct pool;

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
/*
 * db_exec() with the result tied to pool p: PQclear() runs at the pool's
 * reset, so the caller frees nothing, and *res and its cells stay valid
 * until then.  On error *res is NULL.
 */
enum err	 db_query(struct db *, struct pool *, enum stmt s,
		    const char *const *params, PGresult **res);
/* Runs statement s and discards its result. */
enum err	 db_run(struct db *, enum stmt s, const char *const *params);

/* The most statements of one db_query_batch(). */
#define DB_BATCH_MAX	32

/* One statement of db_query_batch(): s with params; res is the result. */
struct db_call {
	enum stmt		 s;
	const char *const	*params;
	PGresult		*res;
};

/*
 * db_query() for n statements in one round trip (libpq's pipeline mode):
 * all are sent, then all results read, so the server runs them one after
 * the other without waiting for this side.  Each call's res is tied to
 * pool p as db_query() ties it.  On error every res is NULL and
 * db_errmsg() says why (the first statement that failed; the server
 * skips the ones after it).  For statements and parameters of a few
 * kilobytes: a connection blocks while it sends, and the server's
 * answers wait in the socket until everything is sent.
 */
enum err	 db_query_batch(struct db *, struct pool *, struct db_call *,
		    size_t n);
/*
 * db_exec() with parameter blob (0-based), a bytea, sent as its len bytes
 * as they are (params[blob] is not read): a stored file goes to the
 * server once, not doubled in hexadecimal for the server to decode.
 */
enum err	 db_exec_blob(struct db *, enum stmt s, const char *const *params,
		    int blob, const void *data, size_t len, PGresult **res);
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
/* True between a begin and its commit or rollback. */
bool		 db_in_transaction(const struct db *);
enum err	 db_commit(struct db *);
/* Rolls back an open transaction; safe to call when none is open. */
void		 db_rollback(struct db *);
/* The last error message (static storage in the handle). */
const char	*db_errmsg(const struct db *);
/* The SQLSTATE of the last failed statement, or "" when none. */
const char	*db_sqlstate(const struct db *);
/*
 * Connections re-established after a loss, by every handle of this
 * process together (a handle's first connection does not count).  Any
 * thread may call it.
 */
unsigned long long db_reconnects(void);

#endif
