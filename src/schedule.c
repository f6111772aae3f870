#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "delivery.h"
#include "schedule.h"

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * True when name is one plain entry of a directory: not empty, no '/',
 * and not starting with '.' (so neither "." nor ".." nor a hidden file).
 * Every part of an output path must be one, so that joined under
 * --out-dir it cannot name anything outside it.
 */
static bool
plain_name(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL &&
	    strlen(name) < 256;
}

/*
 * Opens (creating it first when missing) the directory name inside the
 * open directory at, never through a symbolic link, and sets its mode to
 * exactly SCHEDULE_DIR_MODE whatever the umask.  what names it in msg.
 * On ERR_OK *fd is the directory's descriptor (the caller closes it);
 * ERR_INVALID when name is not a plain name or is a symbolic link.
 */
static enum err
open_subdir(int at, const char *name, const char *what, int *fd, char *msg,
    size_t msgsz)
{
	struct stat	st;

	*fd = -1;
	if (!plain_name(name)) {
		snprintf(msg, msgsz, "%s \"%s\" is not a plain file name: "
		    "refusing to write outside --out-dir", what, name);
		return ERR_INVALID;
	}
	if (mkdirat(at, name, SCHEDULE_DIR_MODE) != 0 && errno != EEXIST) {
		snprintf(msg, msgsz, "%s: %s", name, strerror(errno));
		return ERR_IO;
	}
	*fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR) {
			snprintf(msg, msgsz, "%s \"%s\" is not a directory (a "
			    "symbolic link?): refusing to write outside "
			    "--out-dir", what, name);
			return ERR_INVALID;
		}
		snprintf(msg, msgsz, "%s: %s", name, strerror(errno));
		return ERR_IO;
	}
	if (fstat(*fd, &st) != 0 || ((st.st_mode & 07777) != SCHEDULE_DIR_MODE &&
	    fchmod(*fd, SCHEDULE_DIR_MODE) != 0)) {
		snprintf(msg, msgsz, "%s: %s", name, strerror(errno));
		close(*fd);
		*fd = -1;
		return ERR_IO;
	}
	return ERR_OK;
}

/* Writes all of data to fd; false on an error (errno says which). */
static bool
write_all(int fd, const struct buf *data)
{
	size_t	off = 0;
	ssize_t	w;

	while (off < data->len) {
		if ((w = write(fd, data->data + off, data->len - off)) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		off += (size_t)w;
	}
	return true;
}

enum err
schedule_write_file(const char *dir, const char *org, const char *kind,
    const char *period, const struct buf *data, char *msg, size_t msgsz)
{
	char		tmp[300], final[300], proc[64];
	int		top = -1, orgfd = -1, kindfd = -1, fd = -1;
	bool		anonymous;
	enum err	e = ERR_IO;

	if (!plain_name(period)) {
		snprintf(msg, msgsz, "period \"%s\" is not a plain file name: "
		    "refusing to write outside --out-dir", period);
		return ERR_INVALID;
	}
	snprintf(final, sizeof(final), "%s.pdf", period);
	snprintf(tmp, sizeof(tmp), ".%s.pdf.%ld.tmp", period, (long)getpid());
	/* --out-dir itself is the administrator's: made when missing only. */
	if ((mkdir(dir, SCHEDULE_DIR_MODE) == 0 &&
	    chmod(dir, SCHEDULE_DIR_MODE) != 0) ||
	    (top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(msg, msgsz, "%s: %s", dir, strerror(errno));
		return ERR_IO;
	}
	/*
	 * ORG and NAME are opened one at a time below it, each a plain name
	 * and no symbolic link, so the file lands inside --out-dir.
	 */
	if ((e = open_subdir(top, org, "organisation", &orgfd, msg,
	    msgsz)) != ERR_OK ||
	    (e = open_subdir(orgfd, kind, "report", &kindfd, msg, msgsz)) != ERR_OK)
		goto out;
	e = ERR_IO;
	/*
	 * An unnamed file (O_TMPFILE) gets a name only once it is complete,
	 * so a process killed while writing leaves nothing behind.  Where
	 * the file system lacks it, a named temporary file is the fallback.
	 * Its mode is set explicitly: the umask of cron is no guide.
	 */
	fd = openat(kindfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC,
	    SCHEDULE_FILE_MODE);
	anonymous = fd >= 0;
	if (!anonymous && (fd = openat(kindfd, tmp, O_WRONLY | O_CREAT |
	    O_TRUNC | O_NOFOLLOW | O_CLOEXEC, SCHEDULE_FILE_MODE)) < 0) {
		snprintf(msg, msgsz, "%s/%s/%s/%s: %s", dir, org, kind, tmp,
		    strerror(errno));
		goto out;
	}
	if (fchmod(fd, SCHEDULE_FILE_MODE) != 0 || !write_all(fd, data) ||
	    fsync(fd) != 0)
		goto fail;
	if (anonymous) {
		/* Name the complete file, then move it into place. */
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		unlinkat(kindfd, tmp, 0);
		if (linkat(AT_FDCWD, proc, kindfd, tmp, AT_SYMLINK_FOLLOW) != 0)
			goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (renameat(kindfd, tmp, kindfd, final) != 0)
		goto fail;
	if (fsync(kindfd) != 0) {
		snprintf(msg, msgsz, "%s/%s/%s: %s", dir, org, kind,
		    strerror(errno));
		goto out;
	}
	e = ERR_OK;
	goto out;
fail:
	snprintf(msg, msgsz, "%s/%s/%s/%s: %s", dir, org, kind, tmp,
	    strerror(errno));
	unlinkat(kindfd, tmp, 0);
out:
	if (fd >= 0)
		close(fd);
	if (kindfd >= 0)
		close(kindfd);
	if (orgfd >= 0)
		close(orgfd);
	close(top);
	return e;
}

static void
progress(const struct schedule_opts *o, size_t done, size_t total, double t0)
{
	char	bar[31];
	double	el = now_s() - t0, rate = el > 0 ? (double)done / el : 0;
	size_t	i, fill = total > 0 ? done * 30 / total : 30;

	if (!o->progress)
		return;
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fprintf(o->err, "\r[%s] %zu/%zu  %.1f/s  ETA %.0fs ", bar, done, total,
	    rate, rate > 0 && total > done ? (double)(total - done) / rate : 0.0);
	fflush(o->err);
}

/*
 * Claims one due schedule and its run; *got false when none is due.
 * skip is a SQL array of the schedules that failed in this process: a
 * failure is retried by a later run, not at once by this one.
 */
static enum err
claim(struct db *db, const struct schedule_opts *o, struct schedule_job *job,
    const char *skip, char *due, size_t duesz, bool *got, PGresult **keep)
{
	char		 attempts[8], lease[16], sid[24];
	const char	*params[7];	/* the claim needs 3, the run 7 */
	PGresult	*s = NULL, *r = NULL;
	enum err	 e;
	int		 tries;

	*got = false;
	*keep = NULL;
	snprintf(attempts, sizeof(attempts), "%d", SCHEDULE_ATTEMPTS);
	snprintf(lease, sizeof(lease), "%d", o->lease_s);
	params[0] = attempts;
	for (tries = 0;; tries++) {
		if (tries == 100)
			return ERR_OK;	/* contention without end: stop here */
		if ((e = db_begin(db)) != ERR_OK)
			return e;
		params[1] = skip;
		params[2] = o->now;
		if ((e = db_exec(db, STMT_SCHED_CLAIM, params, &s)) != ERR_OK)
			goto fail;
		if (PQntuples(s) == 0) {
			PQclear(s);
			return db_commit(db);
		}
		snprintf(sid, sizeof(sid), "%s", PQgetvalue(s, 0,
		    SCHED_CLAIM_ID));
		params[1] = PQgetvalue(s, 0, SCHED_CLAIM_ORG);
		params[2] = PQgetvalue(s, 0, SCHED_CLAIM_KIND);
		params[3] = sid;
		params[4] = PQgetvalue(s, 0, SCHED_CLAIM_PERIOD_KEY);
		params[5] = lease;
		params[6] = "{}";
		if ((e = db_exec(db, STMT_RUN_CLAIM, params, &r)) != ERR_OK)
			goto fail;
		if (PQntuples(r) == 1)
			break;
		/*
		 * Another host claimed this period between our look and our
		 * insert: its run now excludes the schedule; look again.
		 */
		PQclear(r);
		PQclear(s);
		r = s = NULL;
		if ((e = db_commit(db)) != ERR_OK)
			return e;
	}
	job->schedule_id = strtoll(sid, NULL, 10);
	job->run_id = strtoll(PQgetvalue(r, 0, RUN_CLAIM_ID), NULL, 10);
	job->attempt = atoi(PQgetvalue(r, 0, RUN_CLAIM_ATTEMPTS));
	job->org = PQgetvalue(s, 0, SCHED_CLAIM_ORG);
	job->kind = PQgetvalue(s, 0, SCHED_CLAIM_KIND);
	job->frequency = PQgetvalue(s, 0, SCHED_CLAIM_FREQUENCY);
	job->target = PQgetisnull(s, 0, SCHED_CLAIM_TARGET) ? NULL :
	    PQgetvalue(s, 0, SCHED_CLAIM_TARGET);
	job->audience = PQgetvalue(s, 0, SCHED_CLAIM_AUDIENCE);
	job->period_key = PQgetvalue(s, 0, SCHED_CLAIM_PERIOD_KEY);
	snprintf(due, duesz, "%s", PQgetvalue(s, 0, SCHED_CLAIM_NEXT_DUE));
	PQclear(r);
	if ((e = db_commit(db)) != ERR_OK) {
		PQclear(s);
		return e;
	}
	*keep = s;	/* the job's strings live in it */
	*got = true;
	return ERR_OK;
fail:
	PQclear(r);
	PQclear(s);
	db_rollback(db);
	return e;
}

/* Records the outcome and moves the schedule on when the period is done. */
static enum err
finish(struct db *db, const struct schedule_job *job, const char *due,
    const struct schedule_output *out, const char *error)
{
	char		 run[24], sid[24], gen[32], sign[32], pages[16], bytes[24];
	const char	*params[12];
	PGresult	*r = NULL;
	bool		 advance;
	enum err	 e;

	snprintf(run, sizeof(run), "%lld", job->run_id);
	snprintf(sid, sizeof(sid), "%lld", job->schedule_id);
	if ((e = db_begin(db)) != ERR_OK)
		return e;
	params[0] = run;
	if (error == NULL) {
		snprintf(gen, sizeof(gen), "%.3f", out->generate_ms);
		snprintf(sign, sizeof(sign), "%.3f", out->sign_ms);
		snprintf(pages, sizeof(pages), "%d", out->pages);
		snprintf(bytes, sizeof(bytes), "%zu", out->pdf.len);
		params[1] = gen;
		params[2] = sign;
		params[3] = pages;
		params[4] = bytes;
		params[5] = out->sha256;
		params[6] = NULL;	/* the file: sent as it is, below */
		params[7] = out->signer;
		params[8] = out->report_id;
		params[9] = out->as_of;
		params[10] = job->audience;
		params[11] = out->data_fingerprint;
		/*
		 * The run's deliveries are written with its success: a
		 * succeeded run always has them, a failed one never.
		 */
		if ((e = db_exec_blob(db, STMT_RUN_SUCCEED, params, 6,
		    out->pdf.data, out->pdf.len, &r)) != ERR_OK)
			goto fail;
		PQclear(r);
		r = NULL;
		if ((e = delivery_enqueue(db, job->run_id,
		    job->schedule_id)) != ERR_OK)
			goto fail;
		advance = true;
	} else {
		params[1] = error;
		if ((e = db_exec(db, STMT_RUN_FAIL, params, &r)) != ERR_OK)
			goto fail;
		/* Out of attempts: give the period up, keep the schedule going. */
		advance = PQntuples(r) == 1 &&
		    atoi(PQgetvalue(r, 0, SINGLE_VALUE)) >= SCHEDULE_ATTEMPTS;
		PQclear(r);
	}
	if (advance) {
		params[0] = sid;
		params[1] = due;
		if ((e = db_run(db, STMT_SCHED_ADVANCE, params)) != ERR_OK)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum err
schedule_run(struct db *db, const struct schedule_opts *o, schedule_gen_fn gen,
    void *arg, struct schedule_stats *st, char *msg, size_t msgsz)
{
	struct schedule_job	 job;
	struct schedule_output	 out;
	char			 attempts[8], due[64], why[512];
	const char		*params[2] = { attempts, o->now };
	PGresult		*r, *keep;
	double			 t0 = now_s();
	struct buf		 skip;
	bool			 got;
	enum err		 e, ge;

	memset(st, 0, sizeof(*st));
	buf_init(&skip, 0);
	buf_puts(&skip, "{}");
	snprintf(attempts, sizeof(attempts), "%d", SCHEDULE_ATTEMPTS);
	if ((e = db_exec(db, STMT_SCHED_DUE_COUNT, params, &r)) != ERR_OK)
		goto dberr;
	st->due = strtoull(PQgetvalue(r, 0, SINGLE_VALUE), NULL, 10);
	PQclear(r);
	progress(o, 0, st->due, t0);
	while (o->limit == 0 || st->generated + st->failed < o->limit) {
		memset(&job, 0, sizeof(job));
		if (buf_failed(&skip)) {
			e = ERR_NOMEM;
			goto dberr;
		}
		if ((e = claim(db, o, &job, skip.data, due, sizeof(due), &got,
		    &keep)) != ERR_OK)
			goto dberr;
		if (!got)
			break;
		memset(&out, 0, sizeof(out));
		buf_init(&out.pdf, 0);
		why[0] = '\0';
		ge = gen(arg, &job, &out, why, sizeof(why));
		if (ge == ERR_OK && o->out_dir != NULL) {
			char	name[160];

			snprintf(name, sizeof(name), "%s%s%s%s", job.kind,
			    job.target != NULL ? "-" : "",
			    job.target != NULL ? job.target : "",
			    strcmp(job.audience, "customer") == 0 ? "-customer" : "");
			ge = schedule_write_file(o->out_dir, job.org, name,
			    job.period_key, &out.pdf, why, sizeof(why));
		}
		if (ge != ERR_OK && why[0] == '\0')
			snprintf(why, sizeof(why), "%s", err_strerror(ge));
		e = finish(db, &job, due, &out, ge == ERR_OK ? NULL : why);
		if (ge == ERR_OK)
			st->generated++;
		else {
			/* "{}" -> "{7}", "{7}" -> "{7,9}" */
			skip.len--;
			buf_printf(&skip, "%s%lld}", skip.len > 1 ? "," : "",
			    job.schedule_id);
			st->failed++;
			if (o->progress)
				fputc('\n', o->err);
			fprintf(o->err, "annexa schedule: %s %s %s (attempt %d): %s\n",
			    job.org, job.kind, job.period_key, job.attempt, why);
		}
		buf_free(&out.pdf);
		PQclear(keep);
		if (e != ERR_OK)
			goto dberr;
		progress(o, st->generated + st->failed,
		    st->due > st->generated + st->failed ? st->due :
		    st->generated + st->failed, t0);
	}
	if (o->progress)
		fputc('\n', o->err);
	st->seconds = now_s() - t0;
	buf_free(&skip);
	return ERR_OK;
dberr:
	snprintf(msg, msgsz, "%s", e == ERR_NOMEM ? "out of memory" :
	    db_errmsg(db));
	st->seconds = now_s() - t0;
	buf_free(&skip);
	return e;
}
