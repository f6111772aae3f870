/*
 * verify.c — the verdict on a PDF handed to annexa (see verify.h).
 */
#include "config.h"

#include <string.h>

#include "auth.h"
#include "db.h"
#include "model_report.h"
#include "pdfverify.h"
#include "share.h"
#include "sign.h"
#include "verify.h"

enum err
verify_file(struct db *db, struct pool *p, const struct signer *signer,
    const struct principal *who, const unsigned char *pdf, size_t len,
    struct verify_outcome *out)
{
	enum err	e;

	memset(out, 0, sizeof(*out));
	if ((e = pdfverify(pdf, len, &out->v)) != ERR_OK)
		return e;
	out->ours = signer != NULL && pdfverify_signed_by(&out->v,
	    sign_fingerprint(signer));
	/* Which run made it: told only to a caller who may see that org. */
	if (out->v.file_sha256[0] != '\0' && (e = model_report_origin(db, p,
	    out->v.file_sha256, &out->run, &out->found)) != ERR_OK)
		return e;
	if (out->found && who->org[0] != '\0' && strcmp(who->org,
	    out->run.org) != 0) {
		out->found = false;
		memset(&out->run, 0, sizeof(out->run));
	}
	/* A leaked copy names its link and recipient, to the same callers. */
	if (out->found && (e = share_origin(db, p, out->run.run_id,
	    &out->share, &out->shared)) != ERR_OK)
		return e;
	return ERR_OK;
}
