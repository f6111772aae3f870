/*
 * report.h — the report registry and what every report module shares.
 *
 * A report is generated in four steps, all over one read-only snapshot:
 *   1. report_generate() resolves the request (as_of, period, target),
 *      loads the organisation and the gap context;
 *   2. the module's gather() loads its data and feeds every value it will
 *      show into the data fingerprint (report_fp_*);
 *   3. the common title page (organisation, period, as_of, report id,
 *      data fingerprint), then the module's layout(), then the closing
 *      "How to verify this report" note;
 *   4. libharu writes the document, the signer signs it (PAdES B-B).
 * Same data + same as_of + same generation time = identical bytes.
 *
 * Adding a report is adding a row to the registry (registry.c) and a file.
 */
#ifndef ANNEXA_REPORT_H
#define ANNEXA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>

#include "buf.h"
#include "errcode.h"
#include "model_gap.h"
#include "model_records.h"
#include "period.h"

struct db;
struct mapcache;
struct pdf;
struct pool;
struct signer;
struct xlsx;

enum report_kind {
	REPORT_MANAGEMENT_REVIEW,
	REPORT_GAP,
	REPORT_COMPARISON,
	REPORT_SOA,
	REPORT_TRACEABILITY,
	REPORT_READINESS,	/* a workbook only */
	REPORT_REVIEWS,		/* a workbook only */
	REPORT__MAX
};

/*
 * What a report is written as.  A workbook (.xlsx) is gathered from the
 * same snapshot with the same module data as the PDF, so its numbers are
 * the PDF's; it is not signed, and it is recorded as a report run of its
 * own (format xlsx, migration 0012) with its SHA-256.
 */
enum report_format {
	REPORT_PDF,
	REPORT_XLSX,
	REPORT_FORMAT__MAX
};

/*
 * Whether a request may be answered from a stored run.  A run made on
 * request carries a request key (report_generate() computes it once the
 * data fingerprint is known): the SHA-256 of annexa's version, the kind,
 * organisation, target, period, as_of, audience, data fingerprint, the
 * signer's certificate and the signing time when the caller pinned it.
 * Reports are deterministic, so the run with the same key holds the bytes
 * a new generation would give, but for the signing time: without a pinned
 * time, the answer is the report as signed when it was first generated.
 */
enum report_store {
	REPORT_FRESH,		/* always generate; look nothing up */
	REPORT_REUSE,		/* the stored run when one matches, else generate */
	REPORT_STORED_ONLY	/* the stored run when one matches, else no
				   document (HEAD): never generates */
};

struct report_request {
	enum report_kind	 kind;
	const char		*org;
	const char		*target;	/* gap: required */
	const char		*period;	/* management-review: default the
						   quarter containing as_of */
	const char		*as_of;		/* NULL: today, or the period's end
						   when it has ended */
	bool			 customer;	/* audience=customer */
	time_t			 generated;	/* creation date and signing time */
	bool			 time_pinned;	/* generated was given, not "now" */
	const char		*trigger;	/* api, cli, schedule or share */
	const char		*requested_by;	/* who asked (auth_principal_label);
						   NULL: nobody, a schedule */
	enum report_store	 store;
	enum report_format	 format;	/* REPORT_PDF unless asked */
	/*
	 * A share link's download: the line every page carries and the
	 * document's /Keywords (see pdf_opts).  Such a report is made for
	 * one recipient: it is never answered from a stored run and is
	 * recorded without a request key.  NULL: none.
	 */
	const char		*watermark;
};

/* What a process (or worker thread) keeps for generating reports. */
struct report_env {
	struct db		*db;
	struct mapcache		*mapcache;	/* may be NULL */
	const struct signer	*signer;
	const char		*font_dir;
	struct pdf		*pdf;		/* reused: fonts stay loaded */
};

struct report_result {
	struct buf	 pdf;		/* the signed file, or the workbook
					   (caller buf_free()s) */
	int		 pages;		/* a workbook: its sheets */
	double		 generate_ms;
	double		 sign_ms;
	char		 sha256[65];	/* of the signed file */
	char		 report_id[17];
	char		 data_fingerprint[65];
	char		 as_of[11];
	char		 period[16];	/* "" when the report has none */
	char		 filename[128];	/* e.g. gap-acme-cloud-ccm-v4-2026-11-28.pdf
					   (.xlsx for a workbook) */
	char		 request_key[65];
	long long	 run_id;	/* the stored run answered from, else 0 */
};

/* What a module sees: the resolved request, its data, the document. */
struct report_ctx {
	struct db			*db;
	struct pool			*pool;
	const struct report_request	*req;
	struct gap_context		 gap;	/* org, sets, sources at as_of */
	const char			*as_of;
	struct period			 period;
	bool				 has_period;
	struct pdf			*pdf;	/* NULL for a workbook */
	struct xlsx			*xlsx;	/* NULL for a PDF */
	EVP_MD_CTX			*fp;	/* the data fingerprint */
	void				*data;	/* the module's own, from gather() */
	size_t				 nsheets;	/* a workbook's, About aside */
	struct mapcache			*mapcache;
	const char			*font_dir;
	enum err			 error;	/* the first failure while
						   building; see report_fail() */
};

struct report_def {
	const char	*name;		/* "management-review" */
	const char	*title;		/* "Management review" */
	bool		 needs_target;
	bool		 needs_period;
	/* Loads the data into ctx->data (pool) and feeds the fingerprint. */
	enum err	(*gather)(struct report_ctx *);
	/* Lays the report out after the title page; NULL: no PDF. */
	enum err	(*layout)(struct report_ctx *);
	/* Writes the sheets after the About sheet; NULL: no workbook. */
	enum err	(*workbook)(struct report_ctx *);
};

extern const struct report_def	report_defs[REPORT__MAX];

const char	*report_kind_name(enum report_kind);
/* A kind that has a PDF (every kind schedules and the report routes know). */
bool		 report_kind_parse(const char *, enum report_kind *);
/* A kind written in format f. */
bool		 report_kind_parse_format(const char *, enum report_format,
		    enum report_kind *);
/* "pdf" or "xlsx". */
const char	*report_format_name(enum report_format);

/*
 * Generates and signs one report, or, as rq->store allows, answers it from
 * the stored run with the same request key (then res->run_id is that run,
 * res->pdf its bytes and res->sha256, report_id, pages and timings its
 * own).  With REPORT_STORED_ONLY and no such run, res->pdf stays empty and
 * res->run_id 0.  On ERR_INVALID or ERR_NOT_FOUND, *field names the
 * request field at fault ("org", "target", "period", "as_of") and msg says
 * why; on any other error nothing was signed.  res->pdf must be
 * initialised by the caller.
 */
enum err	 report_generate(const struct report_env *,
		    const struct report_request *, struct report_result *,
		    const char **field, char *msg, size_t msgsz);

/*
 * report_generate() in its two phases, for a caller that has something
 * to do in between (annexa report loads the signing key and the fonts
 * while another thread gathers).  report_gather() needs only env's
 * database and mapping-set cache: it reads everything the report shows
 * (and the report id, file name, as_of and period into res) and on
 * ERR_OK leaves *job, which report_render() (which needs all of env,
 * with the same database connection) turns into the file; the caller
 * then frees *job with report_job_free().  Errors as report_generate().
 */
struct report_job;
enum err	 report_gather(const struct report_env *,
		    const struct report_request *, struct report_job **job,
		    struct report_result *, const char **field, char *msg,
		    size_t msgsz);
enum err	 report_render(const struct report_env *, struct report_job *,
		    struct report_result *, const char **field, char *msg,
		    size_t msgsz);
void		 report_job_free(struct report_job *);
/*
 * Records a generated report as a report run (trigger api or cli) with
 * its bytes and request key; *run_id is the new run's id.  When a run with
 * the same key was recorded meanwhile (an identical request at the same
 * time), nothing is added: res takes that run's bytes and metadata, and
 * *run_id is its id, so that every answer to the request is one file.
 */
enum err	 report_record(struct db *, const struct report_request *,
		    struct report_result *, const char *signer_fp,
		    long long *run_id);

/* Feeding the data fingerprint: every value a report shows. */
void		 report_fp(struct report_ctx *, const char *);
void		 report_fp_table(struct report_ctx *, const struct mtable *);
void		 report_fp_gap(struct report_ctx *, const struct gap_answer *);

/*
 * Coverage per group of one target (design and assured, the gap formula
 * applied to each group's controls) as coverage chart rows in pool.
 */
struct chart_data;
enum err	 report_group_coverage(struct pool *, const struct gap_answer *,
		    struct chart_data *);

/*
 * One rule for every report: any failure while building it fails the
 * request, and nothing is signed or stored.  The text helpers below never
 * hand the layout a placeholder that could end up signed: on failure they
 * record the first error in the context (sticky, as Cairo does) and return
 * "" so that layout code stays simple; report_generate() checks the
 * context once after gather() and once after layout(), together with the
 * pool's own sticky failure (pool_failed()) and the PDF writer's.
 */
/* Records e (ERR_INTERNAL for ERR_OK) unless an error is recorded; "". */
const char	*report_fail(struct report_ctx *, enum err);
/* report_fail(c, ERR_NOMEM). */
const char	*report_nomem(struct report_ctx *);
/* printf into the pool. */
const char	*report_fmt(struct report_ctx *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Feeds s into the data fingerprint and returns it: a value shown. */
const char	*report_show(struct report_ctx *, const char *);
/* A pool copy of b's text (b unchanged). */
const char	*report_text(struct report_ctx *, const struct buf *);
/* Moves b's text into the pool (b is reset); NULL on failure (recorded). */
const char	*report_take(struct report_ctx *, struct buf *);
const char	*report_int(struct report_ctx *, long long);
/* An evidence kind's name for people (docs/formats.md); k when unknown. */
const char	*report_evidence_kind(const char *k);

/* The module entry points, one file each under reports/. */
enum err	mr_gather(struct report_ctx *);
enum err	mr_layout(struct report_ctx *);
enum err	rgap_gather(struct report_ctx *);
enum err	rgap_layout(struct report_ctx *);
enum err	comparison_gather(struct report_ctx *);
enum err	comparison_layout(struct report_ctx *);
enum err	soa_gather(struct report_ctx *);
enum err	soa_layout(struct report_ctx *);
enum err	trace_gather(struct report_ctx *);
enum err	trace_layout(struct report_ctx *);
/* Workbooks: the sheets after About, from the data gather() left. */
enum err	rgap_workbook(struct report_ctx *);
enum err	soa_workbook(struct report_ctx *);
enum err	comparison_workbook(struct report_ctx *);
enum err	readiness_gather(struct report_ctx *);
enum err	readiness_workbook(struct report_ctx *);
enum err	reviews_gather(struct report_ctx *);
enum err	reviews_workbook(struct report_ctx *);

#endif
