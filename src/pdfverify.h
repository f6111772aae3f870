/*
 * pdfverify.h — checks the last signature of an untrusted PDF, and the
 * small bounded PDF object scanner that the signer shares.
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

#include "err.h"

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

/*
 * The scanner (ISO 32000-1:2008, 7.2 lexical conventions and 7.3 objects).
 * Positions are offsets into a buffer of len bytes; no function reads at or
 * past len, and nesting is limited, so hostile input costs linear time and
 * bounded stack.  Names are compared as written (no #xx decoding).
 */
struct pdfverify_span {
	size_t	off;
	size_t	len;
};

struct pdfverify_entry {
	struct pdfverify_span	key;	/* the name, with its '/' */
	struct pdfverify_span	val;	/* one complete object, "4 0 R" too */
};

#define PDFVERIFY_DICT_MAX	64

struct pdfverify_dict {
	size_t			start;	/* offset of "<<" */
	size_t			end;	/* offset just past ">>" */
	size_t			n;
	struct pdfverify_entry	e[PDFVERIFY_DICT_MAX];
};

/* Offset of the first byte at or after pos that is not white space or
 * part of a comment; len when there is none. */
size_t	pdfverify_skip_ws(const unsigned char *, size_t len, size_t pos);
/* Parses the dictionary that starts at pos (after white space).  False
 * when it is malformed, nested too deep or has over PDFVERIFY_DICT_MAX
 * keys. */
bool	pdfverify_dict(const unsigned char *, size_t len, size_t pos,
	    struct pdfverify_dict *);
/* The entry whose key is name (say "/Root"), or NULL. */
const struct pdfverify_entry *
	pdfverify_dict_get(const unsigned char *, const struct pdfverify_dict *,
	    const char *name);
/* Spans the one object at pos (after white space); false if malformed. */
bool	pdfverify_value(const unsigned char *, size_t len, size_t pos,
	    struct pdfverify_span *);
/* True when span is exactly "num gen R" (unsigned, num < 2^31). */
bool	pdfverify_ref(const unsigned char *, struct pdfverify_span,
	    uint32_t *num, uint32_t *gen);
/* True when span is exactly an unsigned decimal integer <= max. */
bool	pdfverify_uint(const unsigned char *, struct pdfverify_span,
	    uint64_t max, uint64_t *);
/* True when span equals the NUL-terminated string s. */
bool	pdfverify_span_is(const unsigned char *, struct pdfverify_span,
	    const char *s);

#endif
