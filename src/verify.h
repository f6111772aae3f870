/*
 * verify.h — what annexa says about a PDF someone hands it: the verdict
 * of pdfverify(), whether this service signed it, and which stored report
 * run made it.  One function, shared by POST /api/v1/verify (JSON) and
 * the verify page (HTML), so that both always say the same.
 */
#ifndef ANNEXA_VERIFY_H
#define ANNEXA_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"
#include "model_report.h"
#include "pdfverify.h"
#include "share.h"

struct db;
struct pool;
struct principal;
struct signer;

struct verify_outcome {
	struct pdfverify_result	v;
	/* Valid, whole, and made with this service's certificate. */
	bool			ours;
	/* The report run whose file this is, when the caller may see it. */
	bool			found;
	struct report_origin	run;
	/* When found: the share link and download the run was made for. */
	bool			shared;
	struct share_origin	share;
};

/*
 * Verifies len bytes of pdf (at most PDFVERIFY_MAX) and looks the file's
 * SHA-256 up among the stored report runs.  signer is this service's
 * (NULL when signing is not configured: nothing is "ours"); who is the
 * caller: a run of an organisation other than who's (who->org not empty)
 * is not told, exactly as if there were none.  *out's strings live in
 * pool.  Returns ERR_OK with the verdict, whatever it is, or the error of
 * pdfverify() or the database.
 */
enum err	verify_file(struct db *, struct pool *, const struct signer *,
		    const struct principal *who, const unsigned char *pdf,
		    size_t len, struct verify_outcome *out);

#endif
