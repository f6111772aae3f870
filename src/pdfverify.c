/*
 * pdfverify.c — the last signature of an untrusted PDF, checked.
 *
 * The signature dictionary is found from its /ByteRange key (ISO
 * 32000-1:2008, 12.8.1): the last "/ByteRange" name in the file, inside a
 * dictionary that also holds /Contents.  Nothing else of the document is
 * parsed, so a hostile file can only make the lexer (pdflex.c) walk a
 * bounded window of bytes.  The CMS (RFC 5652) is then checked the way a PAdES
 * validator does (ETSI EN 319 102-1, 5.2.7): the digest of the byte ranges
 * must equal the messageDigest signed attribute, the signature over the
 * signed attributes must verify with the signer certificate the CMS
 * carries, and an ESS signing-certificate(-v2) attribute, when present,
 * must name that certificate.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "esc.h"
#include "pdflex.h"
#include "pdfverify.h"

/*
 * How far from the /ByteRange key the signature dictionary may start or
 * end: room for the largest /Contents plus the other keys.
 */
#define SIG_WINDOW	(PDFVERIFY_HEX_MAX + 64u * 1024)
/* How many "<<" before /ByteRange are tried as the dictionary's start. */
#define SIG_TRIES	64
/* Byte range values are at most ten digits (files are at most 20 MiB). */
#define RANGE_DIGITS	10


static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The signature dictionary, as far as verification needs it. */
struct sigdict {
	bool			found;		/* a /ByteRange name exists */
	uint64_t		br[4];		/* /ByteRange */
	struct pdflex_span	contents;	/* /Contents, with <> */
	struct pdflex_span	m;		/* /M, with (), or len 0 */
};

/* Offset of the last "/ByteRange" name (not a longer name), or len. */
static size_t
find_byterange(const unsigned char *d, size_t len)
{
	static const char	key[] = "/ByteRange";
	size_t			klen = sizeof(key) - 1, i;

	if (len < klen)
		return len;
	for (i = len - klen + 1; i-- > 0;)
		if (d[i] == '/' && memcmp(d + i, key, klen) == 0 &&
		    (i + klen == len || !pdflex_is_regular(d[i + klen])))
			return i;
	return len;
}

/* /ByteRange [a b c d]: exactly four unsigned integers. */
static bool
parse_byterange(const unsigned char *d, struct pdflex_span s,
    uint64_t br[4])
{
	struct pdflex_span	t;
	size_t			end = s.off + s.len, pos;
	int			i;

	if (s.len < 2 || d[s.off] != '[' || d[end - 1] != ']')
		return false;
	end--;
	pos = s.off + 1;
	for (i = 0; i < 4; i++) {
		pos = pdflex_skip_ws(d, end, pos);
		t.off = pos;
		t.len = pdflex_token_end(d, end, pos) - pos;
		if (t.len > RANGE_DIGITS ||
		    !pdflex_uint(d, t, UINT64_MAX, &br[i]))
			return false;
		pos = t.off + t.len;
	}
	return pdflex_skip_ws(d, end, pos) == end;
}

/*
 * Finds the dictionary holding the last /ByteRange: the nearest "<<"
 * before it that opens a well-formed dictionary with that very key.
 * Returns NULL or the reason it failed.
 */
static const char *
find_sig(const unsigned char *d, size_t len, struct sigdict *sig)
{
	struct pdflex_dict		 dict;
	const struct pdflex_entry	*br = NULL, *c, *m;
	size_t				 bpos, lo, limit, i;
	int				 tries = 0;

	if ((bpos = find_byterange(d, len)) == len)
		return "no signature";
	sig->found = true;
	lo = bpos > SIG_WINDOW ? bpos - SIG_WINDOW : 0;
	limit = len - bpos > SIG_WINDOW ? bpos + SIG_WINDOW : len;
	for (i = bpos; i-- > lo && tries < SIG_TRIES;) {
		if (d[i] != '<' || d[i + 1] != '<')
			continue;
		tries++;
		if (!pdflex_dict(d, limit, i, &dict))
			continue;
		br = pdflex_dict_get(d, &dict, "/ByteRange");
		if (br != NULL && br->key.off == bpos)
			break;
		br = NULL;
	}
	if (br == NULL)
		return "malformed signature dictionary";
	if (!parse_byterange(d, br->val, sig->br))
		return "invalid byte range";
	c = pdflex_dict_get(d, &dict, "/Contents");
	if (c == NULL || c->val.len < 2 || d[c->val.off] != '<')
		return "signature has no /Contents string";
	sig->contents = c->val;
	m = pdflex_dict_get(d, &dict, "/M");
	if (m != NULL && m->val.len >= 2 && d[m->val.off] == '(')
		sig->m = m->val;
	else
		sig->m.off = sig->m.len = 0;
	return NULL;
}

/*
 * Decodes the /Contents hex string (7.3.4.3: white space ignored, an odd
 * last digit taken as followed by 0).  *der is the caller's to free.
 */
static const char *
decode_contents(const unsigned char *d, struct pdflex_span s,
    unsigned char **der, size_t *derlen)
{
	unsigned char	*out;
	size_t		 i, n = 0;
	int		 v, hi = -1;

	*der = NULL;
	if (s.len - 2 > PDFVERIFY_HEX_MAX)
		return "signature contents too long";
	if ((out = malloc(s.len / 2 + 1)) == NULL)
		return NULL;
	for (i = s.off + 1; i < s.off + s.len - 1; i++) {
		if (pdflex_is_ws(d[i]))
			continue;
		if ((v = hexval(d[i])) < 0) {
			free(out);
			return "signature contents are not hex";
		}
		if (hi < 0)
			hi = v;
		else {
			out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		out[n++] = (unsigned char)(hi << 4);
	*der = out;
	*derlen = n;
	return NULL;
}

/* Copies an X509_NAME entry as UTF-8, control characters replaced. */
static void
name_entry(const X509_NAME *name, int nid, char *out, size_t outsz)
{
	const X509_NAME_ENTRY	*ne;
	unsigned char		*u = NULL;
	int			 i, n;

	out[0] = '\0';
	if ((i = X509_NAME_get_index_by_NID(name, nid, -1)) < 0 ||
	    (ne = X509_NAME_get_entry(name, i)) == NULL ||
	    (n = ASN1_STRING_to_UTF8(&u,
	    X509_NAME_ENTRY_get_data(ne))) < 0)
		return;
	/* Truncation may split a UTF-8 sequence: drop the partial tail. */
	if ((size_t)n >= outsz) {
		n = (int)outsz - 1;
		while (n > 0 && (u[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		out[i] = u[i] < 0x20 || u[i] == 0x7f ? '?' : (char)u[i];
	out[n] = '\0';
	OPENSSL_free(u);
}

/* /M as written, printable ASCII only, parentheses dropped. */
static void
copy_time(const unsigned char *d, struct pdflex_span m, char *out,
    size_t outsz)
{
	size_t	i, n = 0;

	for (i = 1; m.len >= 2 && i < m.len - 1 && n + 1 < outsz; i++)
		out[n++] = d[m.off + i] >= 0x20 && d[m.off + i] < 0x7f ?
		    (char)d[m.off + i] : '?';
	out[n] = '\0';
}

/*
 * The ESS signing-certificate attributes, when present, must name the
 * signer certificate first (RFC 5035, 5.4).  Returns NULL or the reason;
 * sets *oom when memory ran out.
 */
static const char *
check_ess(CMS_ContentInfo *cms, CMS_SignerInfo *si, X509 *signer, bool *oom)
{
	ESS_SIGNING_CERT	*ss = NULL;
	ESS_SIGNING_CERT_V2	*ssv2 = NULL;
	STACK_OF(X509)		*chain = NULL, *certs = NULL;
	ASN1_STRING		*a;
	const unsigned char	*p;
	const char		*why = "bad signing certificate attribute";
	int			 i;

	if (CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificate, -1) >= 0) {
		a = CMS_signed_get0_data_by_OBJ(si,
		    OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3,
		    V_ASN1_SEQUENCE);
		if (a == NULL)
			goto out;
		p = ASN1_STRING_get0_data(a);
		ss = d2i_ESS_SIGNING_CERT(NULL, &p, ASN1_STRING_length(a));
		if (ss == NULL)
			goto out;
	}
	if (CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificateV2, -1) >= 0) {
		a = CMS_signed_get0_data_by_OBJ(si,
		    OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3,
		    V_ASN1_SEQUENCE);
		if (a == NULL)
			goto out;
		p = ASN1_STRING_get0_data(a);
		ssv2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(a));
		if (ssv2 == NULL)
			goto out;
	}
	why = NULL;
	if (ss == NULL && ssv2 == NULL)
		goto out;
	/* The chain: the signer first, then the other certificates. */
	if ((chain = sk_X509_new_null()) == NULL ||
	    !sk_X509_push(chain, signer))
		goto nomem;
	certs = CMS_get1_certs(cms);
	for (i = 0; i < sk_X509_num(certs); i++)
		if (X509_cmp(sk_X509_value(certs, i), signer) != 0 &&
		    !sk_X509_push(chain, sk_X509_value(certs, i)))
			goto nomem;
	if (OSSL_ESS_check_signing_certs(ss, ssv2, chain, 0) <= 0)
		why = "signing certificate attribute does not match the signer";
	goto out;
nomem:
	why = "out of memory";
	*oom = true;
out:
	sk_X509_free(chain);
	sk_X509_pop_free(certs, X509_free);
	ESS_SIGNING_CERT_free(ss);
	ESS_SIGNING_CERT_V2_free(ssv2);
	return why;
}

/* The digest of the two byte ranges with the signer's algorithm. */
static bool
range_digest(const unsigned char *d, const uint64_t br[4], const EVP_MD *md,
    unsigned char *out, unsigned int *outlen)
{
	EVP_MD_CTX	*ctx;
	bool		 ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return false;
	ok = EVP_DigestInit_ex(ctx, md, NULL) > 0 &&
	    EVP_DigestUpdate(ctx, d + br[0], (size_t)br[1]) > 0 &&
	    EVP_DigestUpdate(ctx, d + br[2], (size_t)br[3]) > 0 &&
	    EVP_DigestFinal_ex(ctx, out, outlen) > 0;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/*
 * Checks the CMS in der against the byte ranges of d.  Returns NULL when
 * valid, else the reason; *oom is set when memory ran out.
 */
static const char *
check_cms(const unsigned char *d, const struct sigdict *sig,
    const unsigned char *der, size_t derlen, struct pdfverify_result *r,
    bool *oom)
{
	CMS_ContentInfo			*cms = NULL;
	STACK_OF(CMS_SignerInfo)	*sis;
	CMS_SignerInfo			*si;
	X509				*signer = NULL;
	X509_ALGOR			*dalg = NULL;
	const ASN1_OBJECT		*dobj;
	const EVP_MD			*md;
	ASN1_OCTET_STRING		*mdattr;
	const unsigned char		*p = der;
	const char			*why;
	unsigned char			 dig[EVP_MAX_MD_SIZE];
	unsigned int			 diglen = 0;
	int				 nid;

	if (derlen > LONG_MAX ||
	    (cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen)) == NULL) {
		why = "signature is not a CMS structure";
		goto out;
	}
	why = "signature is not a detached CMS SignedData";
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    CMS_is_detached(cms) != 1)
		goto out;
	why = "signature must have exactly one signer";
	if ((sis = CMS_get0_SignerInfos(cms)) == NULL ||
	    sk_CMS_SignerInfo_num(sis) != 1)
		goto out;
	si = sk_CMS_SignerInfo_value(sis, 0);
	CMS_set1_signers_certs(cms, NULL, 0);
	CMS_SignerInfo_get0_algs(si, NULL, &signer, &dalg, NULL);
	why = "signer certificate not included";
	if (signer == NULL)
		goto out;
	if (X509_digest(signer, EVP_sha256(), dig, &diglen) != 1 ||
	    diglen != 32) {
		why = "cannot hash the signer certificate";
		goto out;
	}
	esc_hex(dig, diglen, r->cert_sha256);
	name_entry(X509_get_subject_name(signer), NID_commonName,
	    r->signer_cn, sizeof(r->signer_cn));
	name_entry(X509_get_subject_name(signer), NID_organizationName,
	    r->signer_org, sizeof(r->signer_org));

	X509_ALGOR_get0(&dobj, NULL, NULL, dalg);
	nid = OBJ_obj2nid(dobj);
	why = "unsupported digest algorithm";
	if (nid != NID_sha256 && nid != NID_sha384 && nid != NID_sha512)
		goto out;
	md = EVP_get_digestbynid(nid);
	if (md == NULL || !range_digest(d, sig->br, md, dig, &diglen)) {
		why = "cannot compute the digest";
		goto out;
	}
	why = "no messageDigest signed attribute";
	mdattr = CMS_signed_get0_data_by_OBJ(si,
	    OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (mdattr == NULL)
		goto out;
	why = "digest mismatch";
	if ((unsigned int)ASN1_STRING_length(mdattr) != diglen ||
	    memcmp(ASN1_STRING_get0_data(mdattr), dig, diglen) != 0)
		goto out;
	why = "signature does not verify";
	if (CMS_SignerInfo_verify(si) != 1)
		goto out;
	why = check_ess(cms, si, signer, oom);
out:
	CMS_ContentInfo_free(cms);
	return why;
}

static void
set_reason(struct pdfverify_result *r, const char *why)
{
	if (r->reason[0] == '\0')
		snprintf(r->reason, sizeof(r->reason), "%s", why);
}

enum err
pdfverify(const unsigned char *d, size_t len, struct pdfverify_result *r)
{
	struct sigdict	 sig;
	unsigned char	*der = NULL, h[32];
	const char	*why;
	size_t		 derlen = 0;
	bool		 oom = false;
	enum err	 e = ERR_OK;

	memset(r, 0, sizeof(*r));
	if (len > PDFVERIFY_MAX) {
		set_reason(r, "file larger than 20 MiB");
		return ERR_TOO_LARGE;
	}
	if (EVP_Digest(d, len, h, NULL, EVP_sha256(), NULL) != 1) {
		set_reason(r, "cannot hash the file");
		e = ERR_INTERNAL;
		goto out;
	}
	esc_hex(h, sizeof(h), r->file_sha256);

	memset(&sig, 0, sizeof(sig));
	why = find_sig(d, len, &sig);
	r->has_signature = sig.found;
	if (why != NULL) {
		set_reason(r, why);
		goto out;
	}
	copy_time(d, sig.m, r->signing_time, sizeof(r->signing_time));

	/* Both ranges inside the file, in order, not overlapping. */
	if (sig.br[0] + sig.br[1] > len || sig.br[2] + sig.br[3] > len) {
		set_reason(r, "byte range outside the file");
		goto out;
	}
	if (sig.br[0] + sig.br[1] > sig.br[2]) {
		set_reason(r, "byte ranges overlap");
		goto out;
	}
	/*
	 * The whole file is covered when the ranges start at 0, end at EOF,
	 * and leave out exactly the /Contents string, angle brackets
	 * included (12.8.1).
	 */
	r->covers_whole_file = sig.br[0] == 0 &&
	    sig.br[2] + sig.br[3] == len &&
	    sig.br[1] == sig.contents.off &&
	    sig.br[2] == sig.contents.off + sig.contents.len;

	if ((why = decode_contents(d, sig.contents, &der, &derlen)) != NULL) {
		set_reason(r, why);
		goto out;
	}
	if (der == NULL) {
		e = ERR_NOMEM;
		set_reason(r, "out of memory");
		goto out;
	}
	if ((why = check_cms(d, &sig, der, derlen, r, &oom)) != NULL) {
		if (oom)
			e = ERR_NOMEM;
		set_reason(r, why);
		goto out;
	}
	r->signature_valid = true;
	if (!r->covers_whole_file)
		set_reason(r, "byte range does not cover the file");
out:
	free(der);
	/* Leave no OpenSSL errors behind for the next user of this thread. */
	ERR_clear_error();
	return e;
}

bool
pdfverify_signed_by(const struct pdfverify_result *r, const char *cert_sha256)
{
	return r->has_signature && r->signature_valid &&
	    r->covers_whole_file && cert_sha256 != NULL &&
	    strcmp(r->cert_sha256, cert_sha256) == 0;
}
