/*
 * pdfverify.h — checks the last signature of an untrusted PDF (with the
 * lexer of pdflex.h).
 *
 * pdfverify() decides whether the signature is intact: the digest of the
 * signed byte ranges equals the CMS messageDigest attribute and the signature
 * over the signed attributes verifies with the certificate the CMS carries.
 * It does NOT decide whether that certificate is trusted: the caller
 * compares cert_sha256 with the fingerprint of its own signer
 * (sign_fingerprint()).
 */
#ifndef ANNEXA_PDFVERIFY_H
#define ANNEXA_PDFVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errcode.h"

/* Largest file pdfverify() examines (docs/api.md). */
#define PDFVERIFY_MAX		(20u * 1024 * 1024)
/* Longest /Contents hex string accepted, in hex digits (64 KiB of DER). */
#define PDFVERIFY_HEX_MAX	(128u * 1024)

struct pdfverify_result {
	bool	has_signature;		/* a /ByteRange signature was found */
	bool	signature_valid;	/* digest and signature both verify */
	bool	covers_whole_file;	/* [0 a b c]: b + c == EOF, hole == /Contents */
	char	signer_cn[128];		/* UTF-8, control characters as '?' */
	char	signer_org[128];	/* likewise; "" when absent */
	char	cert_sha256[65];	/* signer certificate, lowercase hex */
	char	signing_time[40];	/* /M as written, e.g. D:20260101120000Z */
	char	file_sha256[65];	/* the whole input, lowercase hex */
	char	reason[128];		/* why not valid or not whole; else "" */
};

/*
 * Examines len bytes of pdf and fills *r (always, also on failure).  Returns
 * ERR_OK when a verdict was reached, whatever it is ("no signature", "digest
 * mismatch", ...: see r->reason); ERR_TOO_LARGE when len exceeds
 * PDFVERIFY_MAX; ERR_NOMEM when memory ran out.  Reads nothing outside
 * [pdf, pdf + len) and keeps no pointer into it.  Thread-safe.
 */
enum err	pdfverify(const unsigned char *pdf, size_t len,
		    struct pdfverify_result *r);

/*
 * True only when r is a valid signature that covers the whole file and
 * was made with the certificate whose SHA-256 is cert_sha256 (say
 * sign_fingerprint() of this service's signer): a certificate that
 * matches on a tampered or extended file is not "signed by" anyone.
 * r->reason says why not, unless the certificate is another one.
 */
bool		pdfverify_signed_by(const struct pdfverify_result *r,
		    const char *cert_sha256);

#endif
