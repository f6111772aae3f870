/*
 * sign.c — PAdES baseline B-B signatures on finished PDFs.
 *
 * The document is read with the bounded PDF lexer of pdflex.h: the
 * trailer, the classic cross-reference table (ISO 32000-1:2008, 7.5.4,
 * 7.5.5), the catalog and the first page.  Every offset read from the file
 * is checked against its size before it is followed.  The update
 * (7.5.6) is built in a buffer of its own, appended, and only then are
 * the /ByteRange and the /Contents filled in: /ByteRange [0 a b c] where a
 * is the offset of the '<' that opens /Contents, b the offset just past
 * its '>', and b + c the end of the file (12.8.1), so the signature covers
 * every byte but the hex string with its brackets.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "esc.h"
#include "fileio.h"
#include "pdflex.h"
#include "sign.h"

#define SIGN_PEM_MAX	(256u * 1024)	/* a key, certificate or chain file */
#define SIGN_CHAIN_MAX	8		/* certificates in the chain file */
#define SIGN_RSA_MIN	2048		/* bits */
#define SIGN_XREF_HOPS	64		/* xref sections followed via /Prev */
#define SIGN_PAGE_DEPTH	32		/* page tree levels to the first page */
#define SIGN_TAIL	1024		/* startxref must lie this near EOF */
#define SIGN_OBJ_MAX	8388600u	/* object numbers (Annex C: 8388607) */
#define SIGN_OFF_MAX	9999999999ull	/* ten-digit xref offsets */
/* "/ByteRange [" ... "]": "0" and three numbers of up to ten digits. */
#define SIGN_BR_WIDTH	(1 + 3 * 11)
/* Slack over the CMS size measured at load time (it does not vary). */
#define SIGN_CMS_SLACK	64

struct signer {
	EVP_PKEY	*key;
	X509		*cert;
	STACK_OF(X509)	*chain;		/* without the signing certificate */
	size_t		 cms_max;	/* bytes reserved for the CMS */
	char		 fp[65];
};

/* What the update needs to know about the document. */
struct doc {
	const unsigned char	*d;
	size_t			 len;
	uint64_t		 startxref;	/* newest xref section */
	uint32_t		 size;		/* trailer /Size */
	uint32_t		 cat_num, cat_gen, page_num, page_gen;
	struct pdflex_dict	 trailer, cat, page;
	bool			 has_annots;
	struct pdflex_span	 annots;	/* inside the old /Annots [] */
};

static const char hexdigits[] = "0123456789abcdef";

static enum err
sign_fail(char *msg, size_t msgsz, enum err e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Formats msg and returns e, for one-line error paths. */
static enum err
sign_fail(char *msg, size_t msgsz, enum err e, const char *fmt, ...)
{
	va_list	ap;

	if (msgsz > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msgsz, fmt, ap);
		va_end(ap);
	}
	return e;
}

/* PEM passphrase callback: encrypted keys are refused, never prompted. */
static int
sign_nopass(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/*
 * Reads the key file after checking, on the open descriptor, that it is a
 * regular file that neither group nor others may access.  *data is the
 * caller's to wipe and free.
 */
static enum err
sign_read_key(const char *path, char **data, size_t *len, char *msg,
    size_t msgsz)
{
	struct stat	 st;
	char		*d = NULL;
	size_t		 n = 0;
	ssize_t		 r;
	int		 fd;
	enum err	 e = ERR_IO;

	*data = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return sign_fail(msg, msgsz, ERR_IO, "%s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) == -1) {
		sign_fail(msg, msgsz, ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		e = sign_fail(msg, msgsz, ERR_INVALID,
		    "%s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		e = sign_fail(msg, msgsz, ERR_INVALID,
		    "%s: mode %04o lets group or others read the private key; "
		    "run chmod 600 on it", path,
		    (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > SIGN_PEM_MAX) {
		e = sign_fail(msg, msgsz, ERR_TOO_LARGE,
		    "%s: larger than %u bytes", path, SIGN_PEM_MAX);
		goto out;
	}
	if ((d = malloc(SIGN_PEM_MAX + 1)) == NULL) {
		e = sign_fail(msg, msgsz, ERR_NOMEM, "%s: out of memory", path);
		goto out;
	}
	while (n <= SIGN_PEM_MAX &&
	    (r = read(fd, d + n, SIGN_PEM_MAX + 1 - n)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			sign_fail(msg, msgsz, ERR_IO, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		n += (size_t)r;
	}
	if (n > SIGN_PEM_MAX) {
		e = sign_fail(msg, msgsz, ERR_TOO_LARGE,
		    "%s: larger than %u bytes", path, SIGN_PEM_MAX);
		goto out;
	}
	*data = d;
	*len = n;
	d = NULL;
	e = ERR_OK;
out:
	if (d != NULL) {
		OPENSSL_cleanse(d, SIGN_PEM_MAX + 1);
		free(d);
	}
	close(fd);
	return e;
}

/*
 * Appends the certificates of a PEM file to out: at least one, and no more
 * than max in out altogether.
 */
static enum err
sign_read_certs(const char *path, STACK_OF(X509) *out, int max, char *msg,
    size_t msgsz)
{
	BIO		*bio = NULL;
	X509		*x;
	char		*data = NULL;
	size_t		 len;
	unsigned long	 last;
	int		 n = 0;
	enum err	 e;

	if ((e = fileio_read(path, SIGN_PEM_MAX, &data, &len, msg,
	    msgsz)) != ERR_OK)
		return e;
	e = ERR_NOMEM;
	if ((bio = BIO_new_mem_buf(data, (int)len)) == NULL)
		goto out;
	ERR_clear_error();
	while ((x = PEM_read_bio_X509(bio, NULL, sign_nopass, NULL)) != NULL) {
		if (sk_X509_num(out) >= max) {
			X509_free(x);
			e = sign_fail(msg, msgsz, ERR_INVALID,
			    "%s: too many certificates (at most %d in all)",
			    path, max);
			goto out;
		}
		if (!sk_X509_push(out, x)) {
			X509_free(x);
			goto out;
		}
		n++;
	}
	/* The loop ends at the end of the file, or at a bad certificate. */
	last = ERR_peek_last_error();
	if (ERR_GET_LIB(last) != ERR_LIB_PEM ||
	    ERR_GET_REASON(last) != PEM_R_NO_START_LINE) {
		e = sign_fail(msg, msgsz, ERR_INVALID,
		    "%s: unreadable PEM certificate", path);
		goto out;
	}
	if (n == 0) {
		e = sign_fail(msg, msgsz, ERR_INVALID,
		    "%s: no PEM certificate", path);
		goto out;
	}
	e = ERR_OK;
out:
	if (e == ERR_NOMEM)
		sign_fail(msg, msgsz, e, "%s: out of memory", path);
	BIO_free(bio);
	free(data);
	ERR_clear_error();
	return e;
}

/*
 * The detached CMS SignedData (RFC 5652, 5) for the SHA-256 digest of the
 * byte ranges.  CMS_final() cannot make it: the CMS_SignerInfo_sign() it
 * calls always adds a signingTime attribute, which PAdES B-B forbids
 * (ETSI EN 319 142-1, 5.2.1).  So the SignerInfo comes from
 * CMS_add1_signer() with CMS_PARTIAL (no signature yet) and CMS_CADES (ESS
 * signing-certificate-v2, SHA-256 since that is its digest), the
 * contentType and messageDigest attributes are added here, and the
 * signature over the attributes is made with EVP_DigestSign().  *der is
 * the caller's to OPENSSL_free().
 */
static enum err
sign_cms(const struct signer *s, const unsigned char md[32],
    unsigned char **der, size_t *derlen)
{
	CMS_ContentInfo			*cms = NULL;
	CMS_SignerInfo			*si;
	STACK_OF(X509_ATTRIBUTE)	*attrs = NULL;
	EVP_MD_CTX			*ctx = NULL;
	unsigned char			*abuf = NULL, *sig = NULL, *out = NULL;
	size_t				 siglen = 0;
	int				 alen, n, i;
	enum err			 e = ERR_INTERNAL;

	*der = NULL;
	*derlen = 0;
	cms = CMS_sign(NULL, NULL, s->chain, NULL,
	    CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP);
	if (cms == NULL)
		goto out;
	si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
	    CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
	if (si == NULL)
		goto out;
	if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType,
	    V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
	    CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest,
	    V_ASN1_OCTET_STRING, md, 32) != 1)
		goto out;
	/* Exactly the three attributes of B-B, whatever OpenSSL does. */
	if (CMS_signed_get_attr_count(si) != 3 ||
	    CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificateV2, -1) < 0)
		goto out;

	/*
	 * RFC 5652, 5.4: the signature covers the DER of the attributes
	 * with a SET OF tag, not the [0] IMPLICIT of the SignerInfo.
	 * PKCS7_ATTR_SIGN is that encoding, sorted as DER requires, which
	 * is also the order in which the SignerInfo encodes them.
	 */
	if ((attrs = sk_X509_ATTRIBUTE_new_null()) == NULL)
		goto nomem;
	for (i = 0; i < 3; i++)
		if (!sk_X509_ATTRIBUTE_push(attrs, CMS_signed_get_attr(si, i)))
			goto nomem;
	alen = ASN1_item_i2d((const ASN1_VALUE *)attrs, &abuf,
	    ASN1_ITEM_rptr(PKCS7_ATTR_SIGN));
	if (alen <= 0)
		goto out;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto nomem;
	if (EVP_DigestSignInit_ex(ctx, NULL, "SHA256", NULL, NULL, s->key,
	    NULL) <= 0 ||
	    EVP_DigestSign(ctx, NULL, &siglen, abuf, (size_t)alen) <= 0 ||
	    siglen > INT_MAX)
		goto out;
	if ((sig = OPENSSL_malloc(siglen)) == NULL)
		goto nomem;
	if (EVP_DigestSign(ctx, sig, &siglen, abuf, (size_t)alen) <= 0)
		goto out;
	ASN1_STRING_set0(CMS_SignerInfo_get0_signature(si), sig, (int)siglen);
	sig = NULL;

	if ((n = i2d_CMS_ContentInfo(cms, &out)) <= 0)
		goto out;
	*der = out;
	*derlen = (size_t)n;
	e = ERR_OK;
	goto out;
nomem:
	e = ERR_NOMEM;
out:
	OPENSSL_free(sig);
	OPENSSL_free(abuf);
	EVP_MD_CTX_free(ctx);
	sk_X509_ATTRIBUTE_free(attrs);	/* the attributes belong to si */
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return e;
}

void
sign_free(struct signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	free(s);
}

const char *
sign_fingerprint(const struct signer *s)
{
	return s->fp;
}

void
sign_common_name(const struct signer *s, char *out, size_t outsz)
{
	if (outsz == 0)
		return;
	out[0] = '\0';
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(s->cert),
	    NID_commonName, out, (int)outsz) < 0)
		out[0] = '\0';
}

enum err
sign_load(const char *key_path, const char *cert_path,
    const char *chain_path, struct signer **out, char *msg, size_t msgsz)
{
	struct signer	*s = NULL;
	STACK_OF(X509)	*certs = NULL;
	BIO		*bio = NULL;
	X509		*x;
	char		*kdata = NULL;
	unsigned char	 md[32], *der = NULL;
	size_t		 klen = 0, derlen;
	unsigned int	 mdlen = 0;
	int		 j;
	enum err	 e;

	*out = NULL;
	if ((e = sign_read_key(key_path, &kdata, &klen, msg, msgsz)) !=
	    ERR_OK)
		return e;
	e = ERR_NOMEM;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->chain = sk_X509_new_null()) == NULL ||
	    (certs = sk_X509_new_null()) == NULL ||
	    (bio = BIO_new_mem_buf(kdata, (int)klen)) == NULL) {
		sign_fail(msg, msgsz, e, "out of memory");
		goto out;
	}
	s->key = PEM_read_bio_PrivateKey(bio, NULL, sign_nopass, NULL);
	if (s->key == NULL) {
		e = sign_fail(msg, msgsz, ERR_INVALID, "%s: no unencrypted "
		    "PEM private key", key_path);
		goto out;
	}
	if (!EVP_PKEY_is_a(s->key, "RSA") ||
	    EVP_PKEY_get_bits(s->key) < SIGN_RSA_MIN) {
		e = sign_fail(msg, msgsz, ERR_INVALID, "%s: not an RSA key of "
		    "%d bits or more (deterministic signatures need RSA)",
		    key_path, SIGN_RSA_MIN);
		goto out;
	}

	/* The certificate file may carry the chain after the certificate. */
	if ((e = sign_read_certs(cert_path, certs, 1 + SIGN_CHAIN_MAX, msg,
	    msgsz)) != ERR_OK)
		goto out;
	s->cert = sk_X509_shift(certs);
	if (X509_check_private_key(s->cert, s->key) != 1) {
		e = sign_fail(msg, msgsz, ERR_INVALID, "%s: certificate does "
		    "not match the key in %s", cert_path, key_path);
		goto out;
	}
	if (chain_path != NULL && (e = sign_read_certs(chain_path, certs,
	    SIGN_CHAIN_MAX, msg, msgsz)) != ERR_OK)
		goto out;
	/* A chain may repeat the signing certificate or itself. */
	while ((x = sk_X509_shift(certs)) != NULL) {
		for (j = 0; j < sk_X509_num(s->chain); j++)
			if (X509_cmp(x, sk_X509_value(s->chain, j)) == 0)
				break;
		if (X509_cmp(x, s->cert) == 0 || j < sk_X509_num(s->chain))
			X509_free(x);
		else if (!sk_X509_push(s->chain, x)) {
			X509_free(x);
			e = sign_fail(msg, msgsz, ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	if (X509_digest(s->cert, EVP_sha256(), md, &mdlen) != 1 ||
	    mdlen != sizeof(md)) {
		e = sign_fail(msg, msgsz, ERR_INTERNAL, "%s: cannot hash the "
		    "certificate", cert_path);
		goto out;
	}
	esc_hex(md, mdlen, s->fp);

	/*
	 * A trial signature proves now, not at the first report, that the
	 * key can sign, and measures the CMS: its size does not depend on
	 * the digest (an RSA signature is as long as the modulus).
	 */
	memset(md, 0, sizeof(md));
	if ((e = sign_cms(s, md, &der, &derlen)) != ERR_OK) {
		sign_fail(msg, msgsz, e, "%s: cannot sign with this key and "
		    "certificate", key_path);
		goto out;
	}
	s->cms_max = derlen + SIGN_CMS_SLACK;
	*out = s;
	s = NULL;
	e = ERR_OK;
out:
	OPENSSL_free(der);
	BIO_free(bio);
	if (kdata != NULL) {
		OPENSSL_cleanse(kdata, klen);
		free(kdata);
	}
	sk_X509_pop_free(certs, X509_free);
	sign_free(s);
	ERR_clear_error();
	return e;
}

/* Moves *pos past the keyword or number token word; false if not there. */
static bool
sign_tok(const struct doc *doc, size_t *pos, const char *word)
{
	struct pdflex_span	t;

	if (!pdflex_value(doc->d, doc->len, *pos, &t) ||
	    !pdflex_span_is(doc->d, t, word))
		return false;
	*pos = t.off + t.len;
	return true;
}

/* Reads an unsigned integer token at *pos and moves past it. */
static bool
sign_tok_uint(const struct doc *doc, size_t *pos, uint64_t max, uint64_t *v)
{
	struct pdflex_span	t;

	if (!pdflex_value(doc->d, doc->len, *pos, &t) ||
	    !pdflex_uint(doc->d, t, max, v))
		return false;
	*pos = t.off + t.len;
	return true;
}

/*
 * 7.5.5: "startxref", the offset of the newest cross-reference section and
 * "%%EOF", at the end of the file, with nothing after them but white space.
 */
static enum err
sign_find_startxref(struct doc *doc, char *msg, size_t msgsz)
{
	static const char	kw[] = "startxref";
	size_t			klen = sizeof(kw) - 1, i, tail, pos;

	if (doc->len < 16 || memcmp(doc->d, "%PDF-", 5) != 0)
		return sign_fail(msg, msgsz, ERR_INVALID, "not a PDF file");
	tail = doc->len > SIGN_TAIL ? doc->len - SIGN_TAIL : 0;
	for (i = doc->len - klen + 1; i-- > tail;)
		if (memcmp(doc->d + i, kw, klen) == 0)
			break;
	if (i == SIZE_MAX || i < tail)
		return sign_fail(msg, msgsz, ERR_INVALID, "no startxref");
	pos = i + klen;
	if (!sign_tok_uint(doc, &pos, doc->len - 1, &doc->startxref))
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "bad startxref offset");
	while (pos < doc->len && strchr(" \t\r\n", doc->d[pos]) != NULL)
		pos++;
	if (doc->len - pos < 5 || memcmp(doc->d + pos, "%%EOF", 5) != 0)
		return sign_fail(msg, msgsz, ERR_INVALID, "no %%%%EOF");
	for (pos += 5; pos < doc->len; pos++)
		if (strchr(" \t\r\n", doc->d[pos]) == NULL)
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "data after %%%%EOF");
	return ERR_OK;
}

/*
 * Parses the cross-reference section at off up to its trailer dictionary
 * (7.5.4, 7.5.5).  When num is found, *at is the offset the entry gives
 * for it and *found is set.  An entry is 20 bytes: "oooooooooo ggggg n"
 * and a two-byte end of line.
 */
static enum err
sign_xref_section(const struct doc *doc, uint64_t off, uint32_t num,
    uint32_t gen, bool *found, uint64_t *at, struct pdflex_dict *trailer,
    char *msg, size_t msgsz)
{
	const unsigned char	*ent;
	size_t			 pos = (size_t)off;
	uint64_t		 first, count, o, g;
	size_t			 i;

	if (!sign_tok(doc, &pos, "xref"))
		return sign_fail(msg, msgsz, ERR_INVALID, "no classic "
		    "cross-reference table at offset %llu (cross-reference "
		    "streams are not supported)", (unsigned long long)off);
	for (;;) {
		if (sign_tok(doc, &pos, "trailer"))
			break;
		if (!sign_tok_uint(doc, &pos, SIGN_OBJ_MAX, &first) ||
		    !sign_tok_uint(doc, &pos, SIGN_OBJ_MAX - first, &count))
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "bad cross-reference subsection header");
		pos = pdflex_skip_ws(doc->d, doc->len, pos);
		if (count > (doc->len - pos) / 20)
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "cross-reference table runs past the end");
		if (!*found && num >= first && num - first < count) {
			ent = doc->d + pos + (size_t)(num - first) * 20;
			o = g = 0;
			for (i = 0; i < 10 && ent[i] >= '0' && ent[i] <= '9';
			    i++)
				o = o * 10 + (uint64_t)(ent[i] - '0');
			for (i = 11; i < 16 && ent[i] >= '0' && ent[i] <= '9';
			    i++)
				g = g * 10 + (uint64_t)(ent[i] - '0');
			if (i != 16 || ent[10] != ' ' || ent[16] != ' ' ||
			    (ent[17] != 'n' && ent[17] != 'f'))
				return sign_fail(msg, msgsz, ERR_INVALID,
				    "bad cross-reference entry for object "
				    "%u", num);
			if (ent[17] != 'n' || g != gen)
				return sign_fail(msg, msgsz, ERR_INVALID,
				    "object %u %u is not in use", num, gen);
			if (o >= doc->len)
				return sign_fail(msg, msgsz, ERR_INVALID,
				    "object %u %u: offset past the end of the "
				    "file", num, gen);
			*found = true;
			*at = o;
		}
		pos += (size_t)count * 20;
	}
	if (!pdflex_dict(doc->d, doc->len, pos, trailer))
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "bad trailer dictionary");
	return ERR_OK;
}

/*
 * Finds object num gen through the newest section and its /Prev chain;
 * *pos is where its value starts, after "num gen obj" (7.3.10).
 */
static enum err
sign_object(const struct doc *doc, uint32_t num, uint32_t gen, size_t *pos,
    char *msg, size_t msgsz)
{
	struct pdflex_dict		 trailer;
	const struct pdflex_entry	*prev;
	uint64_t			 sec = doc->startxref, at = 0, v;
	bool				 found = false;
	int				 hops;
	enum err			 e;

	for (hops = 0; !found && hops < SIGN_XREF_HOPS; hops++) {
		if ((e = sign_xref_section(doc, sec, num, gen, &found, &at,
		    &trailer, msg, msgsz)) != ERR_OK)
			return e;
		if (found)
			break;
		if ((prev = pdflex_dict_get(doc->d, &trailer,
		    "/Prev")) == NULL)
			break;
		if (!pdflex_uint(doc->d, prev->val, doc->len - 1, &sec))
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "bad /Prev in trailer");
	}
	if (!found)
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "object %u %u not found", num, gen);
	*pos = (size_t)at;
	if (!sign_tok_uint(doc, pos, UINT32_MAX, &v) || v != num ||
	    !sign_tok_uint(doc, pos, UINT32_MAX, &v) || v != gen ||
	    !sign_tok(doc, pos, "obj"))
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "object %u %u is not at offset %llu", num, gen,
		    (unsigned long long)at);
	return ERR_OK;
}

/* The dictionary of object num gen. */
static enum err
sign_object_dict(const struct doc *doc, uint32_t num, uint32_t gen,
    struct pdflex_dict *dict, char *msg, size_t msgsz)
{
	size_t		pos;
	enum err	e;

	if ((e = sign_object(doc, num, gen, &pos, msg, msgsz)) != ERR_OK)
		return e;
	if (!pdflex_dict(doc->d, doc->len, pos, dict))
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "object %u %u is not a dictionary we can read", num, gen);
	return ERR_OK;
}

/* The value of key in dict as a reference; false if absent or not one. */
static bool
sign_get_ref(const struct doc *doc, const struct pdflex_dict *dict,
    const char *key, uint32_t *num, uint32_t *gen)
{
	const struct pdflex_entry	*e;

	return (e = pdflex_dict_get(doc->d, dict, key)) != NULL &&
	    pdflex_ref(doc->d, e->val, num, gen);
}

/*
 * Reads the trailer, the catalog and the first page (7.7.2, 7.7.3: the
 * first leaf of the page tree, following the first /Kids each time).
 */
static enum err
sign_parse(struct doc *doc, char *msg, size_t msgsz)
{
	struct pdflex_dict		 node;
	const struct pdflex_entry	*ent;
	struct pdflex_span		 first;
	uint64_t			 size, at;
	uint32_t			 num, gen;
	size_t				 pos;
	bool				 found = false;
	int				 depth;
	enum err			 e;

	if ((e = sign_find_startxref(doc, msg, msgsz)) != ERR_OK)
		return e;
	/* Object 0 is never in use: this only reads the newest trailer. */
	if ((e = sign_xref_section(doc, doc->startxref, UINT32_MAX, 0,
	    &found, &at, &doc->trailer, msg, msgsz)) != ERR_OK)
		return e;
	if (pdflex_dict_get(doc->d, &doc->trailer, "/Encrypt") != NULL)
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "encrypted documents are not supported");
	if ((ent = pdflex_dict_get(doc->d, &doc->trailer,
	    "/Size")) == NULL ||
	    !pdflex_uint(doc->d, ent->val, SIGN_OBJ_MAX, &size) ||
	    size == 0)
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "trailer has no valid /Size");
	doc->size = (uint32_t)size;
	if (!sign_get_ref(doc, &doc->trailer, "/Root", &doc->cat_num,
	    &doc->cat_gen))
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "trailer has no /Root reference");
	if ((e = sign_object_dict(doc, doc->cat_num, doc->cat_gen, &doc->cat,
	    msg, msgsz)) != ERR_OK)
		return e;
	if (pdflex_dict_get(doc->d, &doc->cat, "/AcroForm") != NULL)
		return sign_fail(msg, msgsz, ERR_INVALID, "the document "
		    "already has a form (/AcroForm); it cannot be signed again");
	if (!sign_get_ref(doc, &doc->cat, "/Pages", &num, &gen))
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "catalog has no /Pages reference");

	for (depth = 0; depth < SIGN_PAGE_DEPTH; depth++) {
		if ((e = sign_object_dict(doc, num, gen, &node, msg,
		    msgsz)) != ERR_OK)
			return e;
		ent = pdflex_dict_get(doc->d, &node, "/Type");
		if (ent != NULL && pdflex_span_is(doc->d, ent->val,
		    "/Page"))
			break;
		if ((ent = pdflex_dict_get(doc->d, &node, "/Kids")) ==
		    NULL || doc->d[ent->val.off] != '[')
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "page tree node %u %u has no /Kids array", num,
			    gen);
		pos = pdflex_skip_ws(doc->d, doc->len, ent->val.off + 1);
		if (doc->d[pos] == ']')
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "the document has no pages");
		if (!pdflex_value(doc->d, doc->len, pos, &first) ||
		    !pdflex_ref(doc->d, first, &num, &gen))
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "bad /Kids in page tree node");
	}
	if (depth == SIGN_PAGE_DEPTH)
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "page tree deeper than %d levels", SIGN_PAGE_DEPTH);
	if (num == doc->cat_num)
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "the first page is the catalog");
	if (doc->cat_num >= doc->size || num >= doc->size)
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "object numbers beyond the trailer's /Size");
	doc->page_num = num;
	doc->page_gen = gen;
	doc->page = node;

	/* The old /Annots: a direct array, or a reference to one. */
	if ((ent = pdflex_dict_get(doc->d, &doc->page,
	    "/Annots")) == NULL)
		return ERR_OK;
	doc->has_annots = true;
	doc->annots = ent->val;
	if (pdflex_ref(doc->d, ent->val, &num, &gen)) {
		if ((e = sign_object(doc, num, gen, &pos, msg, msgsz)) !=
		    ERR_OK)
			return e;
		if (!pdflex_value(doc->d, doc->len, pos, &doc->annots))
			return sign_fail(msg, msgsz, ERR_INVALID,
			    "bad /Annots array %u %u", num, gen);
	}
	if (doc->d[doc->annots.off] != '[')
		return sign_fail(msg, msgsz, ERR_INVALID,
		    "/Annots of the first page is not an array");
	doc->annots.off++;
	doc->annots.len -= 2;
	return ERR_OK;
}

/* Copies the entries of dict but those named in skip (NULL-terminated). */
static void
sign_put_entries(struct buf *b, const struct doc *doc,
    const struct pdflex_dict *dict, const char *const *skip)
{
	const struct pdflex_entry	*e;
	const char *const		*k;
	size_t				 i;

	for (i = 0; i < dict->n; i++) {
		e = &dict->e[i];
		for (k = skip; *k != NULL; k++)
			if (pdflex_span_is(doc->d, e->key, *k))
				break;
		if (*k != NULL)
			continue;
		buf_append(b, doc->d + e->key.off, e->key.len);
		buf_putc(b, ' ');
		buf_append(b, doc->d + e->val.off, e->val.len);
		buf_putc(b, '\n');
	}
}

/* Offsets of the parts of the update that are filled in last. */
struct layout {
	size_t	obj_off[4];	/* catalog, page, widget, signature */
	size_t	br;		/* first byte after "/ByteRange [" */
	size_t	contents;	/* the '<' of /Contents */
	size_t	xref;
};

/*
 * Writes the update for doc after base bytes of file: the four objects,
 * the xref section (one subsection per object, in ascending order) and
 * the trailer, with blank /ByteRange and /Contents.
 */
static void
sign_layout(struct buf *b, const struct doc *doc, size_t base, size_t hexlen,
    const char *when, struct layout *lay)
{
	static const char *const	 none[] = { NULL };
	static const char *const	 page_skip[] = { "/Annots", NULL };
	/* 7.5.6: an update's trailer repeats the old one but /Prev; a
	 * hybrid file's /XRefStm does not describe this section. */
	static const char *const	 trailer_skip[] = { "/Size", "/Prev",
	    "/XRefStm", NULL };
	uint32_t	wid = doc->size, sig = doc->size + 1;
	uint32_t	nums[4], gens[4], tn, tg;
	size_t		to, i, j;

	lay->obj_off[0] = base + b->len;
	buf_printf(b, "%u %u obj\n<<\n", doc->cat_num, doc->cat_gen);
	sign_put_entries(b, doc, &doc->cat, none);
	buf_printf(b, "/AcroForm << /Fields [%u 0 R] /SigFlags 3 >>\n"
	    ">>\nendobj\n", wid);

	lay->obj_off[1] = base + b->len;
	buf_printf(b, "%u %u obj\n<<\n", doc->page_num, doc->page_gen);
	sign_put_entries(b, doc, &doc->page, page_skip);
	buf_puts(b, "/Annots [");
	if (doc->has_annots) {
		buf_append(b, doc->d + doc->annots.off, doc->annots.len);
		buf_putc(b, ' ');
	}
	buf_printf(b, "%u 0 R]\n>>\nendobj\n", wid);

	/* 12.7.4.5: an invisible (/Rect [0 0 0 0], /F Print|Locked)
	 * signature field merged with its widget annotation. */
	lay->obj_off[2] = base + b->len;
	buf_printf(b, "%u 0 obj\n<<\n/Type /Annot\n/Subtype /Widget\n"
	    "/FT /Sig\n/T (Signature1)\n/V %u 0 R\n/P %u %u R\n"
	    "/Rect [0 0 0 0]\n/F 132\n>>\nendobj\n", wid, sig,
	    doc->page_num, doc->page_gen);

	lay->obj_off[3] = base + b->len;
	buf_printf(b, "%u 0 obj\n<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n"
	    "/SubFilter /ETSI.CAdES.detached\n/M (%s)\n/ByteRange [", sig,
	    when);
	lay->br = b->len;
	buf_printf(b, "%*s]\n/Contents ", SIGN_BR_WIDTH, "");
	lay->contents = b->len;
	buf_putc(b, '<');
	for (i = 0; i < hexlen; i++)
		buf_putc(b, '0');
	buf_puts(b, ">\n>>\nendobj\n");

	nums[0] = doc->cat_num, gens[0] = doc->cat_gen;
	nums[1] = doc->page_num, gens[1] = doc->page_gen;
	nums[2] = wid, gens[2] = 0;
	nums[3] = sig, gens[3] = 0;
	/* Catalog and page may come in either order; the new ones last. */
	if (nums[1] < nums[0]) {
		tn = nums[0], tg = gens[0], to = lay->obj_off[0];
		nums[0] = nums[1], gens[0] = gens[1];
		lay->obj_off[0] = lay->obj_off[1];
		nums[1] = tn, gens[1] = tg, lay->obj_off[1] = to;
	}
	lay->xref = base + b->len;
	buf_puts(b, "xref\n");
	for (j = 0; j < 4; j++)
		buf_printf(b, "%u 1\n%010zu %05u n\r\n", nums[j],
		    lay->obj_off[j], gens[j]);
	buf_printf(b, "trailer\n<<\n/Size %u\n", doc->size + 2);
	sign_put_entries(b, doc, &doc->trailer, trailer_skip);
	buf_printf(b, "/Prev %llu\n>>\nstartxref\n%zu\n%%%%EOF\n",
	    (unsigned long long)doc->startxref, lay->xref);
}

enum err
sign_pdf(const struct signer *s, struct buf *pdf, time_t signing_time,
    char *msg, size_t msgsz)
{
	struct doc	 doc;
	struct layout	 lay;
	struct buf	 upd;
	struct tm	 tm;
	EVP_MD_CTX	*ctx = NULL;
	unsigned char	 md[32], *der = NULL;
	char		 when[32], br[SIGN_BR_WIDTH + 1];
	size_t		 orig, base, a, b, total, derlen = 0, i;
	unsigned int	 mdlen = 0;
	int		 n;
	enum err	 e;

	if (pdf->failed || pdf->data == NULL)
		return sign_fail(msg, msgsz, ERR_INVALID, "no document");
	if (gmtime_r(&signing_time, &tm) == NULL || tm.tm_year < 0 ||
	    tm.tm_year > 9999 - 1900)
		return sign_fail(msg, msgsz, ERR_INVALID, "bad signing time");
	snprintf(when, sizeof(when), "D:%04d%02d%02d%02d%02d%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);

	memset(&doc, 0, sizeof(doc));
	doc.d = (const unsigned char *)pdf->data;
	doc.len = orig = pdf->len;
	if ((e = sign_parse(&doc, msg, msgsz)) != ERR_OK)
		return e;

	buf_init(&upd, 0);
	/* The update starts on a line of its own. */
	if (doc.d[orig - 1] != '\n' && doc.d[orig - 1] != '\r')
		buf_putc(&upd, '\n');
	base = orig;
	sign_layout(&upd, &doc, base, 2 * s->cms_max, when, &lay);
	if (buf_failed(&upd)) {
		e = sign_fail(msg, msgsz, ERR_NOMEM, "out of memory");
		goto out;
	}
	total = orig + upd.len;
	a = base + lay.contents;
	b = a + 2 * s->cms_max + 2;
	if (total > SIGN_OFF_MAX) {
		e = sign_fail(msg, msgsz, ERR_TOO_LARGE,
		    "document too large to sign");
		goto out;
	}
	n = snprintf(br, sizeof(br), "0 %zu %zu %zu", a, b, total - b);
	if (n < 0 || (size_t)n > SIGN_BR_WIDTH) {
		e = sign_fail(msg, msgsz, ERR_INTERNAL, "byte range too wide");
		goto out;
	}
	memcpy(upd.data + lay.br, br, (size_t)n);

	buf_append(pdf, upd.data, upd.len);
	if (buf_failed(pdf)) {
		pdf->failed = false;
		e = pdf->max != 0 && total > pdf->max ?
		    sign_fail(msg, msgsz, ERR_TOO_LARGE, "signed document "
		    "would exceed %zu bytes", pdf->max) :
		    sign_fail(msg, msgsz, ERR_NOMEM, "out of memory");
		goto out;
	}

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) <= 0 ||
	    EVP_DigestUpdate(ctx, pdf->data, a) <= 0 ||
	    EVP_DigestUpdate(ctx, pdf->data + b, total - b) <= 0 ||
	    EVP_DigestFinal_ex(ctx, md, &mdlen) <= 0 || mdlen != sizeof(md)) {
		e = sign_fail(msg, msgsz, ERR_INTERNAL,
		    "cannot hash the document");
		goto undo;
	}
	if ((e = sign_cms(s, md, &der, &derlen)) != ERR_OK) {
		sign_fail(msg, msgsz, e, "cannot make the CMS signature");
		goto undo;
	}
	if (derlen > s->cms_max) {
		e = sign_fail(msg, msgsz, ERR_INTERNAL, "CMS signature of %zu "
		    "bytes exceeds the %zu reserved", derlen, s->cms_max);
		goto undo;
	}
	/* 7.3.4.3 hex digits; the rest of the reserved space stays '0'. */
	for (i = 0; i < derlen; i++) {
		pdf->data[a + 1 + 2 * i] = hexdigits[der[i] >> 4];
		pdf->data[a + 2 + 2 * i] = hexdigits[der[i] & 0xf];
	}
	e = ERR_OK;
	goto out;
undo:
	pdf->len = orig;
	pdf->data[orig] = '\0';
out:
	OPENSSL_free(der);
	EVP_MD_CTX_free(ctx);
	buf_free(&upd);
	return e;
}
