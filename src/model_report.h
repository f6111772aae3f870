/*
 * model_report.h — what the report modules under reports/ and the charts show,
 * gathered in one snapshot: the management review inputs of ISO/IEC
 * 27001:2022 clause 9.3.2 (docs/reports.md), the SoA with its evidence, the
 * traceability chain, and the series the charts draw.
 *
 * Tables are text cells as in model_records.h; columns are listed at
 * each member.  Nothing dated after as_of is counted.
 */
#ifndef ANNEXA_MODEL_REPORT_H
#define ANNEXA_MODEL_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"
#include "model_gap.h"
#include "model_records.h"
#include "period.h"

struct db;
struct mapcache;
struct pool;

#define REPORT_TARGETS_MAX	8

/* Coverage of one target framework now and at the previous review. */
struct report_coverage {
	const char		*target;
	struct gap_answer	 now;
	struct gap_answer	 before;
	int			 has_before;
};

struct mr_data {
	struct mtable	prev_actions;	/* review, text, owner, due_at, status, closed_at */
	struct mtable	issues;		/* occurred_at, kind, description, control */
	struct mtable	parties;	/* same, kind interested-party */
	struct mtable	findings;	/* id, control, source, severity, description, raised_at, owner, due_at, closed_at */
	struct mtable	by_source;	/* source, major, minor, observation, total */
	struct mtable	actions;	/* id, finding, description, owner, due_at, completed_at, checked_at, overdue t/f */
	struct mtable	objectives;	/* id, title, measure, target, value, measured_at, status */
	struct mtable	feedback;	/* received_at, party, summary, response */
	struct mtable	risks;		/* id, title, owner, l, i, rating, treatment, status, rl, ri, residual, assessed_at */
	struct mtable	exceptions;	/* id, control, description, accepted_by, expires_at, state */
	struct mtable	decisions;	/* review, held_at, chair, summary, kind, text, owner, due_at, status */
	struct mtable	prev_review;	/* id, held_at (0 or 1 row) */
	struct mtable	review_months;	/* month, effective, partially, ineffective */
	struct mtable	open_findings;	/* month, open */
	long long	freshness[4];	/* current, expiring, stale, no expiry */
	struct readiness readiness;
	struct report_coverage	coverage[REPORT_TARGETS_MAX];
	size_t		ncoverage;
};

/* Where a management review item (a decision or an action) stands. */
enum mr_state {
	MR_DONE,
	MR_OPEN,
	MR_OVERDUE,
	MR_DROPPED,
	MR_STATE__MAX
};

/*
 * The state of a management review item on date d (YYYY-MM-DD), from its
 * stored status, due date and closing date (either may be NULL): done or
 * dropped when it was closed by d with that status; else overdue when
 * its due date lies before d, open otherwise.  An item closed after d
 * was still open on d, whatever its stored status says now.
 */
enum mr_state	model_mr_item_state(const char *status, const char *due,
		    const char *closed, const char *d);

/*
 * The inputs the next management review will look at, as of as_of: the
 * last review held on or before as_of, what happened after it (from the
 * day after it; from MR_INPUTS_EVER when none was held) up to as_of, and
 * the state at as_of.  The tables are the report's own statements, so
 * these are the records the management review report counts.
 */
#define MR_INPUTS_EVER	"1900-01-01"
struct mr_inputs {
	const char	*last_id;	/* the last review, NULL when none */
	const char	*last_held_at;
	const char	*since;		/* the first day counted */
	struct mtable	prev_actions;	/* actions of every review held by as_of: review, text, owner, due_at, status, closed_at */
	struct mtable	changes;	/* since: occurred_at, kind, description, control */
	struct mtable	findings;	/* raised since: id, control, source, severity, description, raised_at, owner, due_at, closed_at (by as_of) */
	struct mtable	actions;	/* corrective actions open at some time since: id, finding, description, owner, due_at, completed_at, checked_at, overdue t/f */
	long long	open_findings;	/* open at as_of, whenever raised */
	struct readiness readiness;	/* at as_of */
};

/*
 * Fills *in for organisation org (source framework fw) at as_of; every
 * string lives in p.
 */
enum err	model_mr_inputs(struct db *, struct pool *, const char *org,
		    const char *fw, const char *as_of, struct mr_inputs *in);

/* Months of history the management review charts show, ending at as_of. */
#define REPORT_CHART_MONTHS	12

/* The start of the month `months - 1` months before date (YYYY-MM-01). */
void		report_months_back(const char *date, int months, char out[11]);

/*
 * The management review of period p as of as_of (normally p's end or
 * today, the earlier); g is the loaded gap context at as_of.
 */
enum err	model_report_mr(struct db *, struct pool *, struct mapcache *,
		    const struct gap_context *g, const struct period *p,
		    struct mr_data *);
/* Every target framework a mapping reaches from the source, gap answers at as_of. */
enum err	model_report_targets(struct db *, struct pool *,
		    const struct gap_context *g, const char **targets,
		    size_t *n);
/* SoA rows (13 columns, see STMT_RPT_SOA) and latest evidence per kind. */
enum err	model_report_soa(struct db *, struct pool *, const char *org,
		    const char *fw, const char *as_of, struct mtable *soa,
		    struct mtable *evidence);
/* The traceability chain, one row per applicable control. */
enum err	model_report_trace(struct db *, struct pool *, const char *org,
		    const char *fw, const char *as_of, struct mtable *);

/* A stored report run's bytes. */
struct report_stored {
	const char	*pdf;
	size_t		 len;
	const char	*sha256;
	const char	*kind;
	const char	*period;	/* period key, else as_of */
	const char	*report_id;
	long long	 run_id;	/* these four: model_report_run_by_key() */
	int		 pages;
	double		 generate_ms;
	double		 sign_ms;
};

/* Which report run produced a file, by its SHA-256. */
struct report_origin {
	const char	*run_id;
	const char	*org;
	const char	*kind;
	const char	*report_id;
	const char	*as_of;
	const char	*signer;
	const char	*started_at;
};

/* The organisation's latest report runs (columns: see STMT_RUN_LIST). */
enum err	model_report_runs(struct db *, struct pool *, const char *org,
		    const char *limit, struct mtable *);
/*
 * The same, older than run before (a run id of the organisation, in the
 * list's order: started_at, then id), for a list read page by page; an
 * id that is not the organisation's run gives no rows.  NULL: the latest.
 */
enum err	model_report_runs_before(struct db *, struct pool *,
		    const char *org, const char *before, const char *limit,
		    struct mtable *);
/* The organisation's next scheduled reports (columns: STMT_SCHED_ORG). */
enum err	model_report_schedules(struct db *, struct pool *, const char *org,
		    const char *limit, struct mtable *);
/*
 * ERR_NOT_FOUND unless run id is the organisation's, succeeded and made
 * a file of format ("pdf" or "xlsx").
 */
enum err	model_report_run_pdf(struct db *, struct pool *, const char *org,
		    const char *id, const char *format, struct report_stored *);
/*
 * The succeeded run recorded under a report request key (see
 * reports/registry.c); *found false when there is none.  Everything in
 * *s lives in p.
 */
enum err	model_report_run_by_key(struct db *, struct pool *,
		    const char *key, struct report_stored *, bool *found);
/* Runs deleted per statement by model_report_prune(). */
#define MODEL_PRUNE_BATCH	500
/*
 * Deletes every finished report run that no schedule owns and that started
 * more than days days ago, in batches; *deleted says how many.  Needs a
 * role that may delete report runs (the schema owner's).
 */
enum err	model_report_prune(struct db *, int days, long long *deleted);
enum err	model_report_origin(struct db *, struct pool *, const char *sha256,
		    struct report_origin *, bool *found);

/* Chart series. */
enum err	model_chart_reviews(struct db *, struct pool *, const char *org,
		    const char *from, const char *to, struct mtable *);
enum err	model_chart_findings(struct db *, struct pool *, const char *org,
		    const char *from, const char *to, struct mtable *);
enum err	model_chart_freshness(struct db *, struct pool *, const char *org,
		    const char *as_of, long long out[4]);

#endif
