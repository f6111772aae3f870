/*
 * model_records.h — an organisation's records as the API lists them:
 * readiness (docs/gap-semantics.md), the history of one control, control
 * reviews in pages, management reviews, and the appends editors make.
 *
 * Results are tables of text cells (NULL for SQL NULL) whose storage the
 * pool releases at reset; columns are named by the constants below.
 */
#ifndef ANNEXA_MODEL_RECORDS_H
#define ANNEXA_MODEL_RECORDS_H

#include <stddef.h>

#include "db.h"
#include "errcode.h"

struct db;
struct principal;
struct pool;

struct mtable {
	size_t		  nrows;
	size_t		  ncols;
	const char	**v;	/* v[row * ncols + col] */
};

#define MT(t, row, col)	((t)->v[(row) * (t)->ncols + (col)])

struct readiness {
	struct mtable	soa;		/* control, 5 × "is missing" t/f */
	struct mtable	evidence;	/* id, control, kind, title, collected_at, valid_until, status */
	struct mtable	reviews;	/* control, reviewed_at, next_review_due */
	struct mtable	exceptions;	/* id, control, expires_at, status */
	struct mtable	findings;	/* id, control, severity, due_at, owner */
};

struct history {
	struct mtable	reviews;	/* id, reviewed_at, reviewer, result, notes, next_review_due, source_id */
	struct mtable	evidence;	/* id, kind, title, collected_at, valid_until, location, sha256, collected_by, source_id */
	struct mtable	exceptions;	/* id, description, accepted_by, approved_at, expires_at, status */
	struct mtable	findings;	/* id, source, severity, description, raised_at, owner, due_at, closed_at */
	struct mtable	changes;	/* id, occurred_at, kind, description, source_id */
};

/*
 * Runs statement s (the db module's table) and returns its rows as text
 * cells tied to the pool; for this module and the report model.
 */
enum err	model_table(struct db *, struct pool *, enum stmt,
		    const char *const *params, struct mtable *);

/* One table of model_tables(): statement s with params into *t. */
struct model_query {
	enum stmt		 s;
	const char *const	*params;
	struct mtable		*t;
};

/*
 * model_table() for n statements in one round trip to the server
 * (db_query_batch()): the same tables, or the first error.
 */
enum err	model_tables(struct db *, struct pool *,
		    const struct model_query *, size_t n);

enum err	model_readiness(struct db *, struct pool *, const char *org,
		    const char *fw, const char *as_of, struct readiness *);
/* ERR_NOT_FOUND when control is not in framework fw. */
enum err	model_history(struct db *, struct pool *, const char *org,
		    const char *fw, const char *control, struct history *);
/*
 * Reviews newest first: since/until/result/cursor may be NULL; the
 * cursor is (date, id) of the last row of the previous page.  Columns:
 * id, control, reviewed_at, reviewer, result, notes, next_review_due,
 * source_id.
 */
enum err	model_reviews_page(struct db *, struct pool *, const char *org,
		    const char *since, const char *until, const char *result,
		    const char *cursor_date, const char *cursor_id, int limit,
		    struct mtable *);
/* One record by id; ERR_NOT_FOUND when not this organisation's. */
enum err	model_review_get(struct db *, struct pool *, const char *org,
		    const char *id, struct mtable *);
enum err	model_evidence_get(struct db *, struct pool *, const char *org,
		    const char *id, struct mtable *);
/* Reviews: id, held_at, period_start, period_end, chair, attendees, summary;
 * items: review, kind, text, owner, due_at, status, closed_at. */
enum err	model_management_reviews(struct db *, struct pool *,
		    const char *org, struct mtable *reviews, struct mtable *items);
/* The kinds of review history, whose records may carry a source id. */
enum history_kind {
	HISTORY_EVIDENCE,
	HISTORY_REVIEW,
	HISTORY_CHANGE,
	HISTORY_FEEDBACK,
	HISTORY__MAX
};

/* What storing a record with a source id found. */
enum sourced {
	SOURCED_NEW,		/* no record had that id: stored now */
	SOURCED_SAME,		/* stored before, with the same content */
	SOURCED_DIFFERENT	/* stored before, with other content */
};

/*
 * Stores one history record that carries its source system's id, unless
 * a record with that id is stored already; nothing is written then, so
 * storing the same record again changes no row and moves no data epoch.
 * params: $1 the organisation, $2 its source framework (not for
 * feedback), the fields in record.c's order, the source id last.  Runs
 * in the caller's transaction.  *id is annexa's id of the stored record
 * (pool string, valid until the pool is reset).
 */
enum err	model_history_put_sourced(struct db *, struct pool *,
		    enum history_kind, const char *const *params,
		    enum sourced *, const char **id);
/*
 * Appends a control review or an evidence record (vals in the order of
 * record.c's REC_REVIEW / REC_EVIDENCE fields, the optional source id
 * last) and an audit entry, in one transaction; *id is the record's id
 * (pool string).  With a source id already stored, nothing is written
 * and *outcome says whether the stored content is the same.
 */
enum err	model_append_review(struct db *, struct pool *, const char *org,
		    const char *fw, const char *const *vals, const struct principal *who,
		    enum sourced *outcome, const char **id);
enum err	model_append_evidence(struct db *, struct pool *, const char *org,
		    const char *fw, const char *const *vals, const struct principal *who,
		    enum sourced *outcome, const char **id);

#endif
