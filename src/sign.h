/*
 * sign.h — PAdES baseline B-B signatures on finished PDFs (docs/reports.md).
 *
 * The signer appends an incremental update (ISO 32000-1:2008, 7.5.6) to
 * the document libharu wrote: a new version of the catalog with an
 * /AcroForm, a new version of the first page whose /Annots gains an
 * invisible signature widget, the widget, and a /Sig dictionary with
 * /SubFilter /ETSI.CAdES.detached whose /Contents holds a detached CMS
 * SignedData (RFC 5652) over the /ByteRange: SHA-256, signed attributes
 * contentType, messageDigest and ESS signing-certificate-v2 (RFC 5035)
 * and nothing else — the signing time is /M (ETSI EN 319 142-1, 5.2).
 *
 * Only RSA keys of 2048 bits or more are accepted: RSA PKCS#1 v1.5 is
 * deterministic, so the same document, key and time always give the same
 * bytes (ECDSA would not).
 */
#ifndef ANNEXA_SIGN_H
#define ANNEXA_SIGN_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "errcode.h"

/* Key, certificate and chain, loaded once; read-only afterwards. */
struct signer;

/*
 * Loads a PEM private key (unencrypted), the PEM certificate that matches
 * it and, when chain_path is not NULL, up to 8 PEM certificates to include
 * after it (the issuing CAs).  Refuses a key file that group or others may
 * access (ERR_INVALID; msg names the file and its mode).  On success *out
 * is a new signer that the caller frees with sign_free(); on failure *out
 * is NULL and msg says why.
 */
enum err	 sign_load(const char *key_path, const char *cert_path,
		    const char *chain_path, struct signer **out, char *msg,
		    size_t msgsz);
/* Frees s and wipes its key; NULL is fine. */
void		 sign_free(struct signer *s);
/* SHA-256 of the signing certificate's DER, 64 lowercase hex digits;
 * valid while s lives. */
const char	*sign_fingerprint(const struct signer *s);
/* The signing certificate's subject common name (UTF-8) into out, ""
 * when it has none; cut to outsz. */
void		 sign_common_name(const struct signer *s, char *out,
		    size_t outsz);

/*
 * Appends the signature update to pdf, in place.  pdf must hold a whole
 * PDF with a classic cross-reference table (what libharu writes), no
 * encryption and no form yet.  signing_time becomes /M (UTC).  The result
 * depends only on pdf, s and signing_time.  On failure pdf is left as it
 * was and msg says why: ERR_INVALID for a document it cannot sign,
 * ERR_TOO_LARGE when pdf->max leaves no room, ERR_NOMEM, ERR_INTERNAL.
 * s may be shared by threads signing at the same time.
 */
enum err	 sign_pdf(const struct signer *s, struct buf *pdf,
		    time_t signing_time, char *msg, size_t msgsz);

#endif
