/*
 * schedule.h — scheduled report generation (docs/reports.md): each due
 * schedule produces its period's report exactly once, across any number
 * of hosts.
 *
 * One run of schedule_run() repeats: claim one due schedule (SELECT ...
 * FOR UPDATE SKIP LOCKED) and record its run under UNIQUE(schedule_id,
 * period_key) with a lease, commit; generate outside any lock; write the
 * file atomically when asked; then mark the run succeeded and move the
 * schedule on by one period.  A failure is recorded and retried by a
 * later run, up to SCHEDULE_ATTEMPTS times, after which that period is
 * given up and the schedule moves on.  A run whose process died stays
 * "running" until its lease ends; then any later run takes it over.
 */
#ifndef ANNEXA_SCHEDULE_H
#define ANNEXA_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "errcode.h"

#define SCHEDULE_ATTEMPTS	3
#define SCHEDULE_LEASE_S	900	/* seconds a claimed run may take */
/*
 * Modes of what schedule_write_file() creates, set explicitly (never left
 * to the umask): reports are for the service's user and group alone.
 */
#define SCHEDULE_DIR_MODE	0750
#define SCHEDULE_FILE_MODE	0640

struct db;

/* What one claimed run is to produce. */
struct schedule_job {
	long long	 schedule_id;
	long long	 run_id;
	int		 attempt;
	const char	*org;
	const char	*kind;
	const char	*frequency;
	const char	*target;	/* or NULL */
	const char	*audience;
	const char	*period_key;
};

/* What the generator hands back for the run record. */
struct schedule_output {
	struct buf	 pdf;
	double		 generate_ms;
	double		 sign_ms;
	int		 pages;
	char		 sha256[65];
	char		 signer[65];
	char		 report_id[17];
	char		 as_of[11];
	char		 data_fingerprint[65];
};

/* Generates and signs job's report into out; msg says why it failed. */
typedef enum err (*schedule_gen_fn)(void *arg, const struct schedule_job *,
    struct schedule_output *out, char *msg, size_t msgsz);

struct schedule_opts {
	const char	*out_dir;	/* or NULL */
	/*
	 * The moment taken as now when deciding what is due, as
	 * "YYYY-MM-DDTHH:MM:SSZ"; NULL for the database's clock.  For tests
	 * and backfills; leases still follow the real clock.
	 */
	const char	*now;
	size_t		 limit;		/* 0: no limit */
	int		 lease_s;
	bool		 progress;	/* draw a progress bar on err */
	FILE		*err;
};

struct schedule_stats {
	size_t	due;		/* due when the run started */
	size_t	generated;
	size_t	failed;
	double	seconds;
};

/* Runs until nothing is due (or limit); ERR_OK unless the database failed. */
enum err	schedule_run(struct db *, const struct schedule_opts *,
		    schedule_gen_fn, void *arg, struct schedule_stats *,
		    char *msg, size_t msgsz);
/*
 * Writes data to DIR/ORG/NAME/PERIOD.pdf atomically, NAME being the
 * report kind, then "-TARGET" for a gap report and "-customer" for the
 * customer audience (so every schedule has its own file); a temporary
 * file in the same directory, fsync, rename, fsync of the directory.  A
 * reader sees the old file or the whole new one, never part of one.
 *
 * The file always lands inside DIR: ORG, NAME and PERIOD must each be a
 * plain file name (no '/', not starting with '.'), and ORG and NAME must
 * not be symbolic links; otherwise ERR_INVALID and nothing is written.
 * ORG and NAME are made (or set to) SCHEDULE_DIR_MODE, the file
 * SCHEDULE_FILE_MODE, whatever the umask; DIR is made when missing.
 */
enum err	schedule_write_file(const char *dir, const char *org,
		    const char *kind, const char *period, const struct buf *data,
		    char *msg, size_t msgsz);

#endif
