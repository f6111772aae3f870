#include "config.h"

#include <limits.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "pool.h"


/*
 * Connections re-established after a loss, by every handle of the
 * process.  A process-wide count (what /metrics reports) kept as a
 * relaxed atomic because each worker thread reconnects its own handle.
 */
static atomic_ullong	reconnects;

struct db {
	PGconn		*conn;
	char		*conninfo;
	enum db_mode	 mode;
	bool		 broken;	/* reconnect before the next statement */
	bool		 in_tx;
	bool		 ever_connected;
	long long	 last_try_ms;
	bool		 last_try_slow;	/* the last failed connect took long */
	char		 errmsg[512];
	char		 sqlstate[6];
	/* DB_PREPARED: the statements prepared on this connection. */
	bool		 prepared[STMT__MAX];
};

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
db_set_error(struct db *db, const char *msg)
{
	size_t	n;

	snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg);
	/* libpq messages end in a newline; logs want one line. */
	n = strlen(db->errmsg);
	while (n > 0 && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
}

static void
notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/*
 * (Re)connects; sets db->broken.  Statements are prepared when first run
 * on the connection (db_send), so a process pays only for those it uses.
 */
static enum err
db_connect(struct db *db)
{
	/* Later keywords win: the conninfo may override the timeout. */
	const char *const	 kw[] = { "connect_timeout", "dbname",
	    "application_name", "client_encoding", NULL };
	const char		*val[] = { "5", db->conninfo, "annexa", "UTF8",
	    NULL };
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->in_tx = false;
	db->broken = true;
	db->last_try_ms = now_ms();
	db->conn = PQconnectdbParams(kw, val, 1);
	db->last_try_slow = now_ms() - db->last_try_ms > DB_SLOW_CONNECT_MS;
	if (db->conn == NULL) {
		db_set_error(db, "out of memory");
		return ERR_NOMEM;
	}
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_set_error(db, PQerrorMessage(db->conn));
		return ERR_DB_UNAVAILABLE;
	}
	PQsetNoticeProcessor(db->conn, notice_quiet, NULL);
	if (db->ever_connected)
		atomic_fetch_add_explicit(&reconnects, 1, memory_order_relaxed);
	db->ever_connected = true;
	memset(db->prepared, 0, sizeof(db->prepared));
	db->broken = false;
	return ERR_OK;
}

struct db *
db_open(const char *conninfo, enum db_mode mode, enum err *e)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL ||
	    (db->conninfo = strdup(conninfo)) == NULL) {
		free(db);
		*e = ERR_NOMEM;
		return NULL;
	}
	db->mode = mode;
	*e = db_connect(db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

/*
 * Runs s; a DB_PREPARED connection prepares it first if this connection
 * has not yet.  Returns libpq's result: a failed preparation's when that
 * failed (the caller classifies either the same way).
 */
static PGresult *
db_send(struct db *db, enum stmt s, const char *const *params,
    const int *lengths, const int *formats)
{
	PGresult	*r;
	char		 name[16];

	if (db->mode == DB_DIRECT)
		return PQexecParams(db->conn, db_stmt_sql(s),
		    db_stmt_nparams(s), NULL, params, lengths, formats, 0);
	snprintf(name, sizeof(name), "s%d", (int)s);
	if (!db->prepared[s]) {
		r = PQprepare(db->conn, name, db_stmt_sql(s),
		    db_stmt_nparams(s), NULL);
		if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;
		PQclear(r);
		db->prepared[s] = true;
	}
	return PQexecPrepared(db->conn, name, db_stmt_nparams(s), params,
	    lengths, formats, 0);
}

/* Classifies a failed result; marks the connection broken when it is. */
static enum err
db_fail(struct db *db, PGresult *r)
{
	const char	*st;

	db_set_error(db, r != NULL && PQresultErrorMessage(r)[0] != '\0' ?
	    PQresultErrorMessage(r) : PQerrorMessage(db->conn));
	st = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", st != NULL ? st : "");
	PQclear(r);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db->broken = true;
		return ERR_DB_UNAVAILABLE;
	}
	return ERR_DB;
}

/* Makes sure the connection is usable, reconnecting when allowed. */
static enum err
db_ready(struct db *db)
{
	if (!db->broken)
		return ERR_OK;
	if (db->in_tx)
		return ERR_DB_UNAVAILABLE;
	/*
	 * A refused connection fails in microseconds: try again at once.
	 * One that took long (an unreachable host) is not retried for
	 * DB_RETRY_MS, so requests answer 503 fast instead of waiting.
	 */
	if (db->last_try_slow && now_ms() - db->last_try_ms < DB_RETRY_MS)
		return ERR_DB_UNAVAILABLE;
	return db_connect(db);
}

/* db_exec() with libpq's lengths and formats of the parameters. */
static enum err
db_exec_formats(struct db *db, enum stmt s, const char *const *params,
    const int *lengths, const int *formats, PGresult **res)
{
	PGresult	*r;
	enum err	 e;
	int		 attempt;

	*res = NULL;
	db->sqlstate[0] = '\0';
	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = db_ready(db)) != ERR_OK)
			return e;
		r = db_send(db, s, params, lengths, formats);
		if (r != NULL && (PQresultStatus(r) == PGRES_TUPLES_OK ||
		    PQresultStatus(r) == PGRES_COMMAND_OK)) {
			*res = r;
			return ERR_OK;
		}
		e = db_fail(db, r);
		/*
		 * A connection found dead (the server restarted since the
		 * last request) is retried once at once, outside a
		 * transaction, so the first request after a restart works.
		 */
		if (e != ERR_DB_UNAVAILABLE || db->in_tx)
			return e;
		db->last_try_slow = false;
	}
	return e;
}

enum err
db_exec(struct db *db, enum stmt s, const char *const *params, PGresult **res)
{
	return db_exec_formats(db, s, params, NULL, NULL, res);
}

/* The most parameters a statement given a blob has. */
#define DB_BLOB_PARAMS	32

enum err
db_exec_blob(struct db *db, enum stmt s, const char *const *params, int blob,
    const void *data, size_t len, PGresult **res)
{
	const char	*v[DB_BLOB_PARAMS];
	int		 lengths[DB_BLOB_PARAMS], formats[DB_BLOB_PARAMS];
	int		 n = db_stmt_nparams(s), i;

	*res = NULL;
	if (n > DB_BLOB_PARAMS || blob < 0 || blob >= n || len > INT_MAX)
		return ERR_INVALID;
	for (i = 0; i < n; i++) {
		v[i] = params[i];
		lengths[i] = 0;
		formats[i] = 0;
	}
	/* libpq sends a zero-length binary value only from a pointer. */
	v[blob] = len > 0 ? data : "";
	lengths[blob] = (int)len;
	formats[blob] = 1;
	return db_exec_formats(db, s, v, lengths, formats, res);
}

/* PQclear() as a pool cleanup hook. */
static void
db_result_clear(void *r)
{
	PQclear(r);
}

enum err
db_query(struct db *db, struct pool *p, enum stmt s,
    const char *const *params, PGresult **res)
{
	enum err	e;

	if ((e = db_exec(db, s, params, res)) != ERR_OK)
		return e;
	/* On failure the pool has already run the hook: nothing leaks. */
	if (pool_cleanup_add(p, db_result_clear, *res) != 0) {
		*res = NULL;
		return ERR_NOMEM;
	}
	return ERR_OK;
}

/* Sends call c into the pipeline (preparing s first when it must be). */
static bool
db_batch_send(struct db *db, const struct db_call *c, bool *preparing)
{
	char	 name[16];
	int	 n = db_stmt_nparams(c->s);

	*preparing = false;
	if (db->mode == DB_DIRECT)
		return PQsendQueryParams(db->conn, db_stmt_sql(c->s), n, NULL,
		    c->params, NULL, NULL, 0) == 1;
	snprintf(name, sizeof(name), "s%d", (int)c->s);
	if (!db->prepared[c->s]) {
		if (PQsendPrepare(db->conn, name, db_stmt_sql(c->s), n,
		    NULL) != 1)
			return false;
		/* Once in the batch; undone if the preparation fails. */
		*preparing = true;
		db->prepared[c->s] = true;
	}
	if (PQsendQueryPrepared(db->conn, name, n, c->params, NULL, NULL,
	    0) == 1)
		return true;
	if (*preparing)
		db->prepared[c->s] = false;
	return false;
}

/*
 * Reads one command's result in the pipeline and the NULL after it;
 * NULL when the connection failed.
 */
static PGresult *
db_batch_result(struct db *db)
{
	PGresult	*r, *extra;

	if ((r = PQgetResult(db->conn)) == NULL)
		return NULL;
	while ((extra = PQgetResult(db->conn)) != NULL)
		PQclear(extra);
	return r;
}

enum err
db_query_batch(struct db *db, struct pool *p, struct db_call *c, size_t n)
{
	PGresult	*r, *failed = NULL;
	bool		 preparing[DB_BATCH_MAX], sent_ok = true;
	size_t		 i, sent = 0;
	enum err	 e;

	for (i = 0; i < n; i++)
		c[i].res = NULL;
	if (n > DB_BATCH_MAX)
		return ERR_INVALID;
	db->sqlstate[0] = '\0';
	if ((e = db_ready(db)) != ERR_OK)
		return e;
	if (PQenterPipelineMode(db->conn) != 1)
		goto one_by_one;
	for (i = 0; i < n && sent_ok; i++)
		if ((sent_ok = db_batch_send(db, &c[i], &preparing[i])))
			sent++;
	if (PQpipelineSync(db->conn) != 1)
		sent_ok = false;
	for (i = 0; i < sent; i++) {
		if (preparing[i]) {
			r = db_batch_result(db);
			if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK) {
				db->prepared[c[i].s] = false;
				if (failed == NULL && r != NULL &&
				    PQresultStatus(r) != PGRES_PIPELINE_ABORTED) {
					failed = r;
					r = NULL;
				}
			}
			PQclear(r);
		}
		r = db_batch_result(db);
		if (r != NULL && (PQresultStatus(r) == PGRES_TUPLES_OK ||
		    PQresultStatus(r) == PGRES_COMMAND_OK) && failed == NULL) {
			c[i].res = r;
			continue;
		}
		if (failed == NULL && r != NULL &&
		    PQresultStatus(r) != PGRES_PIPELINE_ABORTED) {
			failed = r;
			r = NULL;
		} else if (failed == NULL && r == NULL)
			sent_ok = false;
		PQclear(r);
	}
	/* The sync's own result ends the batch. */
	while ((r = PQgetResult(db->conn)) != NULL) {
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		PQclear(r);
	}
	if (PQexitPipelineMode(db->conn) != 1) {
		/* Results left unread: the connection is not usable as is. */
		sent_ok = false;
		db->broken = true;
	}
	if (failed != NULL || !sent_ok) {
		for (i = 0; i < n; i++) {
			PQclear(c[i].res);
			c[i].res = NULL;
		}
		e = db_fail(db, failed);
		/* Outside a transaction a dead connection gets another try. */
		if (e != ERR_DB_UNAVAILABLE || db->in_tx)
			return e;
		goto one_by_one;
	}
	for (i = 0; i < n; i++)
		if (pool_cleanup_add(p, db_result_clear, c[i].res) != 0) {
			/* The hook ran for this one; the pool has those before. */
			while (++i < n)
				PQclear(c[i].res);
			for (i = 0; i < n; i++)
				c[i].res = NULL;
			return ERR_NOMEM;
		}
	return ERR_OK;
one_by_one:
	for (i = 0; i < n; i++)
		if ((e = db_query(db, p, c[i].s, c[i].params, &c[i].res)) !=
		    ERR_OK) {
			for (i = 0; i < n; i++)
				c[i].res = NULL;
			return e;
		}
	return ERR_OK;
}

enum err
db_run(struct db *db, enum stmt s, const char *const *params)
{
	PGresult	*r;
	enum err	 e;

	if ((e = db_exec(db, s, params, &r)) == ERR_OK)
		PQclear(r);
	return e;
}

/* Runs fixed SQL text that takes no input (scripts, BEGIN/COMMIT). */
static enum err
db_exec_text(struct db *db, const char *sql)
{
	PGresult	*r;
	enum err	 e;

	if ((e = db_ready(db)) != ERR_OK)
		return e;
	r = PQexec(db->conn, sql);
	if (r != NULL && (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK)) {
		PQclear(r);
		return ERR_OK;
	}
	return db_fail(db, r);
}

enum err
db_exec_script(struct db *db, const char *sql)
{
	return db_exec_text(db, sql);
}

enum err
db_begin(struct db *db)
{
	enum err	e;

	if ((e = db_exec_text(db, "BEGIN")) == ERR_OK)
		db->in_tx = true;
	return e;
}

enum err
db_begin_snapshot(struct db *db)
{
	enum err	e;

	if ((e = db_exec_text(db,
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) == ERR_OK)
		db->in_tx = true;
	return e;
}

bool
db_in_transaction(const struct db *db)
{
	return db->in_tx;
}

enum err
db_commit(struct db *db)
{
	enum err	e;

	e = db_exec_text(db, "COMMIT");
	db->in_tx = false;
	return e;
}

void
db_rollback(struct db *db)
{
	PGresult	*r;

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		r = PQexec(db->conn, "ROLLBACK");
		PQclear(r);
	}
	db->in_tx = false;
}

const char *
db_errmsg(const struct db *db)
{
	return db->errmsg;
}

const char *
db_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

unsigned long long
db_reconnects(void)
{
	return atomic_load_explicit(&reconnects, memory_order_relaxed);
}
