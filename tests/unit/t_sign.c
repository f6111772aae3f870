/*
 * Signing and verification: sign.c and pdfverify.c.
 *
 * The suite makes its own throwaway CA and signing certificate (RSA 2048,
 * to keep the run short) in a temporary directory, signs documents that
 * libharu writes and documents written here byte by byte, and checks the
 * result with pdfverify() and, independently, with OpenSSL's CMS_verify()
 * against the CA.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <openssl/cms.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "pdflex.h"
#include "pdfverify.h"
#include "sign.h"
#include "tests.h"

/* 2026-01-02 03:04:05 UTC */
#define T_WHEN		((time_t)1767323045)
#define T_CN		"annexa report signing (test)"
#define T_ORG		"Example Cloud GmbH"

/* The keys, certificates and files every test shares; made once. */
struct fix {
	bool		 ok;
	char		 dir[64];
	char		 key[128], cert[128], chain[128], cakey[128], eckey[128];
	X509		*ca, *leaf;
	struct signer	*s;
};

static struct fix	fix;

static void
fix_cleanup(void)
{
	const char	*files[] = { fix.key, fix.cert, fix.chain, fix.cakey,
			    fix.eckey };
	size_t		 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i][0] != '\0')
			unlink(files[i]);
	if (fix.dir[0] != '\0')
		rmdir(fix.dir);
	sign_free(fix.s);
	X509_free(fix.ca);
	X509_free(fix.leaf);
}

static bool
fix_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX	 ctx;
	X509_EXTENSION	*ext;
	bool		 ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL)
		return false;
	ok = X509_add_ext(x, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

/* A certificate for key, issued by issuer (self-signed when NULL). */
static X509 *
fix_cert(EVP_PKEY *key, EVP_PKEY *ikey, X509 *issuer, const char *cn,
    const char *org, bool ca, long serial)
{
	X509		*x;
	X509_NAME	*name;
	bool		 ok;

	if ((x = X509_new()) == NULL)
		return NULL;
	name = X509_get_subject_name(x);
	ok = X509_set_version(x, X509_VERSION_3) == 1 &&
	    ASN1_INTEGER_set(X509_get_serialNumber(x), serial) == 1 &&
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) != NULL &&
	    X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365) != NULL &&
	    X509_set_pubkey(x, key) == 1 &&
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) == 1 &&
	    (org == NULL || X509_NAME_add_entry_by_txt(name, "O",
	    MBSTRING_UTF8, (const unsigned char *)org, -1, -1, 0) == 1) &&
	    X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer) : name) == 1 &&
	    fix_ext(x, issuer != NULL ? issuer : x, NID_basic_constraints,
	    ca ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
	    fix_ext(x, issuer != NULL ? issuer : x, NID_key_usage,
	    ca ? "critical,keyCertSign,cRLSign" :
	    "critical,digitalSignature,nonRepudiation") &&
	    fix_ext(x, issuer != NULL ? issuer : x,
	    NID_subject_key_identifier, "hash") &&
	    X509_sign(x, ikey, EVP_sha256()) > 0;
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static bool
fix_write_key(const char *path, EVP_PKEY *key, mode_t mode)
{
	FILE	*f;
	bool	 ok;

	if ((f = fopen(path, "w")) == NULL)
		return false;
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
	ok = fclose(f) == 0 && ok;
	return ok && chmod(path, mode) == 0;
}

static bool
fix_write_cert(const char *path, X509 *x)
{
	FILE	*f;
	bool	 ok;

	if ((f = fopen(path, "w")) == NULL)
		return false;
	ok = PEM_write_X509(f, x) == 1;
	return fclose(f) == 0 && ok;
}

/* The shared fixture, made at the first call; NULL if that failed. */
static struct fix *
fix_get(void)
{
	static bool	 tried;
	EVP_PKEY	*cakey = NULL, *key = NULL, *ec = NULL;
	char		 msg[256];

	if (tried)
		return fix.ok ? &fix : NULL;
	tried = true;
	atexit(fix_cleanup);
	snprintf(fix.dir, sizeof(fix.dir), "/tmp/annexa-t_sign.XXXXXX");
	if (mkdtemp(fix.dir) == NULL) {
		fix.dir[0] = '\0';
		return NULL;
	}
	snprintf(fix.key, sizeof(fix.key), "%s/signer.key", fix.dir);
	snprintf(fix.cert, sizeof(fix.cert), "%s/signer.pem", fix.dir);
	snprintf(fix.chain, sizeof(fix.chain), "%s/chain.pem", fix.dir);
	snprintf(fix.cakey, sizeof(fix.cakey), "%s/ca.key", fix.dir);
	snprintf(fix.eckey, sizeof(fix.eckey), "%s/ec.key", fix.dir);
	if ((cakey = EVP_RSA_gen(2048)) == NULL ||
	    (key = EVP_RSA_gen(2048)) == NULL ||
	    (ec = EVP_EC_gen("P-256")) == NULL ||
	    (fix.ca = fix_cert(cakey, cakey, NULL, "annexa test CA", T_ORG,
	    true, 1)) == NULL ||
	    (fix.leaf = fix_cert(key, cakey, fix.ca, T_CN, T_ORG, false,
	    2)) == NULL ||
	    !fix_write_key(fix.key, key, 0600) ||
	    !fix_write_key(fix.cakey, cakey, 0600) ||
	    !fix_write_key(fix.eckey, ec, 0600) ||
	    !fix_write_cert(fix.cert, fix.leaf) ||
	    !fix_write_cert(fix.chain, fix.ca))
		goto out;
	if (sign_load(fix.key, fix.cert, fix.chain, &fix.s, msg,
	    sizeof(msg)) != ERR_OK) {
		fprintf(stderr, "t_sign: %s\n", msg);
		goto out;
	}
	fix.ok = true;
out:
	EVP_PKEY_free(cakey);
	EVP_PKEY_free(key);
	EVP_PKEY_free(ec);
	return fix.ok ? &fix : NULL;
}

/*
 * Writes a PDF with a classic xref table: objs[i] is the body of object
 * i + 1, object 1 the catalog.  extra goes into the trailer.
 */
static void
t_pdf(struct buf *b, const char *const *objs, size_t n, const char *extra)
{
	size_t	off[16], xref, i;

	buf_puts(b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < n && i < 16; i++) {
		off[i] = b->len;
		buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	xref = b->len;
	buf_printf(b, "xref\n0 %zu\n0000000000 65535 f\r\n", n + 1);
	for (i = 0; i < n && i < 16; i++)
		buf_printf(b, "%010zu 00000 n\r\n", off[i]);
	buf_printf(b, "trailer\n<< /Size %zu /Root 1 0 R%s >>\nstartxref\n"
	    "%zu\n%%%%EOF\n", n + 1, extra, xref);
}

static const char *const t_objs[] = {
	"<< /Type /Catalog /Pages 2 0 R /PageMode /UseNone >>",
	"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
	    "/Contents 4 0 R /Resources << >> >>"),
	"<< /Length 0 >>\nstream\n\nendstream",
};

static void
t_small(struct buf *b)
{
	buf_init(b, 0);
	t_pdf(b, t_objs, 4, "");
}

static void
t_haru_error(HPDF_STATUS e, HPDF_STATUS detail, void *arg)
{
	(void)e;
	(void)detail;
	*(bool *)arg = true;
}

/* A two-page document from libharu, with a link on page 1 if links. */
static bool
t_haru(struct buf *b, bool links)
{
	HPDF_Doc	 doc;
	HPDF_Page	 page;
	HPDF_Font	 font;
	HPDF_Rect	 r = { 50, 600, 200, 620 };
	HPDF_UINT32	 size, n;
	bool		 failed = false;
	int		 i;

	buf_init(b, 0);
	if ((doc = HPDF_New(t_haru_error, &failed)) == NULL)
		return false;
	font = HPDF_GetFont(doc, "Helvetica", NULL);
	for (i = 0; i < 2; i++) {
		page = HPDF_AddPage(doc);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 14);
		HPDF_Page_TextOut(page, 50, 700, "annexa signing test");
		HPDF_Page_EndText(page);
		if (links && i == 0)
			HPDF_Page_CreateURILinkAnnot(page, r,
			    "https://example.org/");
	}
	HPDF_SaveToStream(doc);
	size = HPDF_GetStreamSize(doc);
	while (!failed && b->len < size) {
		char	chunk[4096];

		n = sizeof(chunk);
		if (HPDF_ReadFromStream(doc, (HPDF_BYTE *)chunk, &n) !=
		    HPDF_OK && n == 0)
			break;
		buf_append(b, chunk, n);
	}
	HPDF_Free(doc);
	return !failed && b->len == size && !buf_failed(b);
}

static enum err
t_verify(const struct buf *b, struct pdfverify_result *r)
{
	return pdfverify((const unsigned char *)b->data, b->len, r);
}

/* The DER inside the last /Contents <...>, decoded; NULL if none. */
static unsigned char *
t_contents(const struct buf *b, size_t *len, size_t *lt, size_t *gt)
{
	const char	*p = NULL, *q;
	unsigned char	*der;
	size_t		 i, n;
	unsigned int	 v;

	for (q = b->data; (q = strstr(q, "/Contents <")) != NULL; q++)
		p = q;
	if (p == NULL)
		return NULL;
	p += strlen("/Contents ");
	*lt = (size_t)(p - b->data);
	n = strcspn(p + 1, ">");
	*gt = *lt + 1 + n;
	if ((der = calloc(1, n / 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		if (sscanf(p + 1 + i, "%2x", &v) != 1)
			break;
		der[i / 2] = (unsigned char)v;
	}
	*len = n / 2;
	return der;
}

static void
load_refuses_open_key(void)
{
	struct fix	*f;
	struct signer	*s = (struct signer *)1;
	char		 msg[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	CU_ASSERT_EQUAL_FATAL(chmod(f->key, 0644), 0);
	CU_ASSERT_EQUAL(sign_load(f->key, f->cert, f->chain, &s, msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, f->key));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "0644"));
	CU_ASSERT_EQUAL(chmod(f->key, 0640), 0);
	CU_ASSERT_EQUAL(sign_load(f->key, f->cert, NULL, &s, msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "0640"));
	CU_ASSERT_EQUAL(chmod(f->key, 0600), 0);
	CU_ASSERT_EQUAL(sign_load(f->key, f->cert, NULL, &s, msg,
	    sizeof(msg)), ERR_OK);
	sign_free(s);
}

static void
load_rejects_bad_files(void)
{
	struct fix	*f;
	struct signer	*s = NULL;
	char		 msg[256], path[160];
	FILE		*fp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	/* The CA's key does not match the signing certificate. */
	CU_ASSERT_EQUAL(sign_load(f->cakey, f->cert, NULL, &s, msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "does not match"));
	/* ECDSA is not deterministic: refused. */
	CU_ASSERT_EQUAL(sign_load(f->eckey, f->cert, NULL, &s, msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "RSA"));
	CU_ASSERT_EQUAL(sign_load("/nonexistent/annexa.key", f->cert, NULL,
	    &s, msg, sizeof(msg)), ERR_IO);
	/* A certificate file that is not one. */
	CU_ASSERT_EQUAL(sign_load(f->key, f->key, NULL, &s, msg,
	    sizeof(msg)), ERR_INVALID);
	/* A chain with a damaged second certificate is not cut short. */
	snprintf(path, sizeof(path), "%s/bad-chain.pem", f->dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
	PEM_write_X509(fp, f->ca);
	fputs("-----BEGIN CERTIFICATE-----\nMIIBroken\n"
	    "-----END CERTIFICATE-----\n", fp);
	fclose(fp);
	CU_ASSERT_EQUAL(sign_load(f->key, f->cert, path, &s, msg,
	    sizeof(msg)), ERR_INVALID);
	unlink(path);
	CU_ASSERT_PTR_NULL(s);
}

static void
fingerprint_is_sha256_of_cert(void)
{
	struct fix	*f;
	unsigned char	 md[32];
	unsigned int	 n = 0, i;
	char		 hex[65];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	CU_ASSERT_EQUAL_FATAL(X509_digest(f->leaf, EVP_sha256(), md, &n), 1);
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	CU_ASSERT_STRING_EQUAL(sign_fingerprint(f->s), hex);
}

static void
signed_haru_pdf_verifies(void)
{
	struct fix		*f;
	struct pdfverify_result	 r;
	struct buf		 b;
	unsigned char		 md[32];
	char			 msg[256], hex[65];
	size_t			 orig;
	unsigned int		 i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	CU_ASSERT_TRUE_FATAL(t_haru(&b, false));
	orig = b.len;
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_TRUE(b.len > orig);
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_TRUE(r.has_signature);
	CU_ASSERT_TRUE(r.signature_valid);
	CU_ASSERT_TRUE(r.covers_whole_file);
	CU_ASSERT_STRING_EQUAL(r.reason, "");
	CU_ASSERT_STRING_EQUAL(r.signer_cn, T_CN);
	CU_ASSERT_STRING_EQUAL(r.signer_org, T_ORG);
	CU_ASSERT_STRING_EQUAL(r.cert_sha256, sign_fingerprint(f->s));
	CU_ASSERT_STRING_EQUAL(r.signing_time, "D:20260102030405Z");
	CU_ASSERT_EQUAL(EVP_Digest(b.data, b.len, md, NULL, EVP_sha256(),
	    NULL), 1);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	CU_ASSERT_STRING_EQUAL(r.file_sha256, hex);
	/* The update keeps the catalog's keys and adds the form. */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/Pages 2 0 R"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig,
	    "/AcroForm << /Fields ["));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/SigFlags 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig,
	    "/SubFilter /ETSI.CAdES.detached"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/MediaBox"));
	buf_free(&b);
}

/* The byte range is [0 a b c]: a at '<', b past '>', b + c at EOF. */
static void
byte_range_is_exact(void)
{
	struct fix	*f;
	struct buf	 b;
	unsigned char	*der;
	unsigned long	 r[4];
	const char	*p;
	char		 msg[256];
	size_t		 len, lt, gt;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	t_small(&b);
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = strstr(b.data, "/ByteRange ["));
	CU_ASSERT_EQUAL_FATAL(sscanf(p, "/ByteRange [%lu %lu %lu %lu]",
	    &r[0], &r[1], &r[2], &r[3]), 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(der = t_contents(&b, &len, &lt, &gt));
	CU_ASSERT_EQUAL(r[0], 0);
	CU_ASSERT_EQUAL(r[1], lt);
	CU_ASSERT_EQUAL(b.data[r[1]], '<');
	CU_ASSERT_EQUAL(r[2], gt + 1);
	CU_ASSERT_EQUAL(b.data[r[2] - 1], '>');
	CU_ASSERT_EQUAL(r[2] + r[3], b.len);
	/* Zero-padded, not space-padded (pdfsig needs it). */
	CU_ASSERT_EQUAL(b.data[r[2] - 2], '0');
	free(der);
	buf_free(&b);
}

/* The CMS holds exactly what PAdES B-B asks and verifies to the CA. */
static void
cms_is_pades_b_b(void)
{
	struct fix		*f;
	struct buf		 b, content;
	CMS_ContentInfo		*cms = NULL;
	CMS_SignerInfo		*si;
	STACK_OF(X509)		*certs = NULL, *chain = NULL;
	X509_STORE		*store = NULL;
	X509_ALGOR		*dalg;
	const ASN1_OBJECT	*dobj;
	ASN1_STRING		*a;
	ESS_SIGNING_CERT_V2	*sc = NULL;
	BIO			*in = NULL;
	unsigned char		*der;
	const unsigned char	*p;
	char			 msg[256];
	size_t			 len, lt, gt;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	t_small(&b);
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(der = t_contents(&b, &len, &lt, &gt));
	p = der;
	CU_ASSERT_PTR_NOT_NULL_FATAL(cms = d2i_CMS_ContentInfo(NULL, &p,
	    (long)len));
	CU_ASSERT_EQUAL(CMS_is_detached(cms), 1);
	CU_ASSERT_EQUAL_FATAL(sk_CMS_SignerInfo_num(
	    CMS_get0_SignerInfos(cms)), 1);
	si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	CU_ASSERT_EQUAL(CMS_signed_get_attr_count(si), 3);
	CU_ASSERT_TRUE(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType,
	    -1) >= 0);
	CU_ASSERT_TRUE(CMS_signed_get_attr_by_NID(si,
	    NID_pkcs9_messageDigest, -1) >= 0);
	CU_ASSERT_TRUE(CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificateV2, -1) >= 0);
	CU_ASSERT_TRUE(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime,
	    -1) < 0);
	CU_ASSERT_TRUE(CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificate, -1) < 0);
	CU_ASSERT_EQUAL(CMS_unsigned_get_attr_count(si), -1);
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dalg, NULL);
	X509_ALGOR_get0(&dobj, NULL, NULL, dalg);
	CU_ASSERT_EQUAL(OBJ_obj2nid(dobj), NID_sha256);
	/* Signer and CA are both included. */
	certs = CMS_get1_certs(cms);
	CU_ASSERT_EQUAL(sk_X509_num(certs), 2);

	/* signing-certificate-v2 names the signer, not the CA. */
	a = CMS_signed_get0_data_by_OBJ(si,
	    OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3,
	    V_ASN1_SEQUENCE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	p = ASN1_STRING_get0_data(a);
	sc = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(a));
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	chain = sk_X509_new_null();
	sk_X509_push(chain, f->leaf);
	CU_ASSERT_EQUAL(OSSL_ESS_check_signing_certs(NULL, sc, chain, 1), 1);
	(void)sk_X509_pop(chain);
	sk_X509_push(chain, f->ca);
	CU_ASSERT_TRUE(OSSL_ESS_check_signing_certs(NULL, sc, chain, 1) <= 0);

	/* Full verification, chain included, over the byte ranges. */
	buf_init(&content, 0);
	buf_append(&content, b.data, lt);
	buf_append(&content, b.data + gt + 1, b.len - gt - 1);
	in = BIO_new_mem_buf(content.data, (int)content.len);
	store = X509_STORE_new();
	X509_STORE_add_cert(store, f->ca);
	CU_ASSERT_EQUAL(CMS_verify(cms, NULL, store, in, NULL, CMS_BINARY),
	    1);
	ERR_clear_error();

	BIO_free(in);
	X509_STORE_free(store);
	buf_free(&content);
	sk_X509_free(chain);
	ESS_SIGNING_CERT_V2_free(sc);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	free(der);
	buf_free(&b);
}

static void
signing_is_deterministic(void)
{
	struct fix	*f;
	struct buf	 b1, b2, b3;
	char		 msg[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	CU_ASSERT_TRUE_FATAL(t_haru(&b1, true));
	CU_ASSERT_TRUE_FATAL(t_haru(&b2, true));
	CU_ASSERT_TRUE_FATAL(t_haru(&b3, true));
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b1, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b2, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b3, T_WHEN + 1, msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(b1.len, b2.len);
	CU_ASSERT_TRUE(b1.len == b2.len &&
	    memcmp(b1.data, b2.data, b1.len) == 0);
	CU_ASSERT_TRUE(b1.len != b3.len ||
	    memcmp(b1.data, b3.data, b1.len) != 0);
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
}

/* The first page's existing annotations stay, the widget joins them. */
static void
annotations_are_kept(void)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [7 0 R] /Count 1 >>",
		("<< /Type /Page /Parent 7 0 R /MediaBox [0 0 200 200] "
		    "/Annots 5 0 R /Rotate 90 >>"),
		"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] >>",
		"[4 0 R 6 0 R]",
		"<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] >>",
		"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1 >>",
	};
	struct fix		*f;
	struct pdfverify_result	 r;
	struct buf		 b;
	char			 msg[256];
	size_t			 orig;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	/* Indirect /Annots, two levels of page tree. */
	buf_init(&b, 0);
	t_pdf(&b, objs, 7, "");
	orig = b.len;
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig,
	    "3 0 obj\n<<\n/Type /Page\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig,
	    "/Annots [4 0 R 6 0 R 8 0 R]"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/Rotate 90"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/P 3 0 R"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/Size 10"));
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_TRUE(r.signature_valid && r.covers_whole_file);
	buf_free(&b);

	/* libharu's direct /Annots array. */
	CU_ASSERT_TRUE_FATAL(t_haru(&b, true));
	orig = b.len;
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/Annots [ 8 0 R  "));
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_TRUE(r.signature_valid && r.covers_whole_file);
	buf_free(&b);
}

/* A document that already has an update: the newest objects count. */
static void
incremental_input(void)
{
	struct fix		*f;
	struct pdfverify_result	 r;
	struct buf		 b;
	const char		*sx;
	char			 msg[256];
	size_t			 orig, prev, obj, xref;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	t_small(&b);
	sx = strstr(b.data, "startxref\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sx);
	prev = strtoul(sx + 10, NULL, 10);
	obj = b.len;
	buf_puts(&b, "3 0 obj\n<< /Type /Page /Parent 2 0 R "
	    "/MediaBox [0 0 300 300] /UserUnit 2 >>\nendobj\n");
	xref = b.len;
	buf_printf(&b, "xref\n3 1\n%010zu 00000 n\r\ntrailer\n<< /Size 5 "
	    "/Root 1 0 R /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", obj, prev,
	    xref);
	orig = b.len;
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/UserUnit 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data + orig, "/PageMode /UseNone"));
	CU_ASSERT_PTR_NULL(strstr(b.data + orig, "/Contents 4 0 R"));
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_TRUE(r.signature_valid && r.covers_whole_file);
	buf_free(&b);
}

/* Documents it cannot sign are refused, and left as they were. */
static void
sign_refuses_bad_documents(void)
{
	static const char *const acro[] = {
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] >> >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R >>",
	};
	static const char *const nopages[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
	};
	static const char *const loop[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
	};
	struct fix	*f;
	struct buf	 b;
	char		 msg[256], *copy;
	size_t		 len;
	char		*p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());

	buf_init(&b, 0);
	t_pdf(&b, acro, 3, "");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "AcroForm"));
	buf_free(&b);

	buf_init(&b, 0);
	t_pdf(&b, nopages, 2, "");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	buf_free(&b);

	buf_init(&b, 0);
	t_pdf(&b, loop, 2, "");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	buf_free(&b);

	buf_init(&b, 0);
	t_pdf(&b, t_objs, 4, " /Encrypt 9 0 R");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	buf_free(&b);

	/* An xref entry that points past the end of the file. */
	t_small(&b);
	p = strstr(b.data, "00000 n\r\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p - 11, "9999999999", 10);
	len = b.len;
	copy = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, b.data, len);
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_EQUAL(b.len, len);
	CU_ASSERT_EQUAL(memcmp(b.data, copy, len), 0);
	free(copy);
	buf_free(&b);

	/* A cross-reference stream, a startxref past the end, garbage. */
	buf_init(&b, 0);
	buf_puts(&b, "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] "
	    "/Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n"
	    "%%EOF\n");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "streams"));
	buf_reset(&b);
	buf_puts(&b, "%PDF-1.4\nstartxref\n123456789\n%%EOF\n");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	buf_reset(&b);
	buf_puts(&b, "hello, world");
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	buf_free(&b);

	/* No room under the buffer's limit: refused, unchanged. */
	t_small(&b);
	b.max = b.len + 100;
	len = b.len;
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_TOO_LARGE);
	CU_ASSERT_EQUAL(b.len, len);
	CU_ASSERT_FALSE(buf_failed(&b));
	buf_free(&b);

	/* An already signed document has a form: refused. */
	t_small(&b);
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_INVALID);
	buf_free(&b);
}

/* One flipped byte anywhere in the signed ranges: "digest mismatch". */
static void
flipped_byte_is_digest_mismatch(void)
{
	struct fix		*f;
	struct pdfverify_result	 r;
	struct buf		 b;
	char			 msg[256];
	size_t			 at[3], i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	CU_ASSERT_TRUE_FATAL(t_haru(&b, false));
	at[0] = 20;			/* the original document */
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	at[1] = (size_t)(strstr(b.data, "/SigFlags 3") - b.data) + 10;
	at[2] = b.len - 8;		/* the startxref offset */
	for (i = 0; i < 3; i++) {
		b.data[at[i]] ^= 0x01;
		CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
		CU_ASSERT_TRUE(r.has_signature);
		CU_ASSERT_FALSE(r.signature_valid);
		CU_ASSERT_STRING_EQUAL(r.reason, "digest mismatch");
		b.data[at[i]] ^= 0x01;
	}
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_TRUE(r.signature_valid);
	buf_free(&b);
}

/* Damage inside /Contents: the signature fails, or is not hex. */
static void
damaged_contents_is_invalid(void)
{
	struct fix		*f;
	struct pdfverify_result	 r;
	struct buf		 b;
	unsigned char		*der;
	char			 msg[256], c;
	size_t			 len, lt, gt, at;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	t_small(&b);
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(der = t_contents(&b, &len, &lt, &gt));
	free(der);
	/* A hex digit of the RSA signature, near the end of the DER. */
	for (at = gt - 1; b.data[at] == '0'; at--)
		;
	at -= 8;
	c = b.data[at];
	b.data[at] = c == 'f' ? 'e' : 'f';
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_FALSE(r.signature_valid);
	CU_ASSERT_STRING_EQUAL(r.reason, "signature does not verify");
	/* The first digits: no longer a CMS structure. */
	b.data[at] = c;
	b.data[lt + 1] = b.data[lt + 1] == '3' ? '4' : '3';
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_FALSE(r.signature_valid);
	b.data[lt + 1] = '3';
	/* Not hex at all. */
	b.data[lt + 5] = 'x';
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_FALSE(r.signature_valid);
	CU_ASSERT_STRING_EQUAL(r.reason, "signature contents are not hex");
	buf_free(&b);
}

static void
truncated_or_extended_file(void)
{
	struct fix		*f;
	struct pdfverify_result	 r;
	struct buf		 b;
	char			 msg[256];
	size_t			 len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fix_get());
	t_small(&b);
	CU_ASSERT_EQUAL_FATAL(sign_pdf(f->s, &b, T_WHEN, msg, sizeof(msg)),
	    ERR_OK);
	len = b.len;
	CU_ASSERT_EQUAL(pdfverify((const unsigned char *)b.data, len - 1,
	    &r), ERR_OK);
	CU_ASSERT_FALSE(r.signature_valid);
	CU_ASSERT_FALSE(r.covers_whole_file);
	CU_ASSERT_STRING_EQUAL(r.reason, "byte range outside the file");
	/* Something appended after signing: intact, but not whole. */
	buf_puts(&b, "% appended\n");
	CU_ASSERT_EQUAL(t_verify(&b, &r), ERR_OK);
	CU_ASSERT_TRUE(r.signature_valid);
	CU_ASSERT_FALSE(r.covers_whole_file);
	CU_ASSERT_STRING_EQUAL(r.reason, "byte range does not cover the file");
	buf_free(&b);
}

/* Hostile inputs give a verdict, never a crash or an overread. */
static void
hostile_inputs_rejected(void)
{
	static const struct {
		const char	*pdf;
		const char	*reason;
	} cases[] = {
		{ "", "no signature" },
		{ "%PDF-1.4\n1 0 obj << >> endobj\n", "no signature" },
		{ "/ByteRange", "malformed signature dictionary" },
		{ "<< /ByteRange [0 99999999 99999999 99999999] "
		    "/Contents <00> >>", "byte range outside the file" },
		{ "<< /ByteRange [0 5 3 2] /Contents <00> >>",
		    "byte ranges overlap" },
		{ "<< /ByteRange [0 -5 10 2] /Contents <00> >>",
		    "invalid byte range" },
		{ "<< /ByteRange [0 1 2] /Contents <00> >>",
		    "invalid byte range" },
		{ "<< /ByteRange [0 99999999999 1 1] /Contents <00> >>",
		    "invalid byte range" },
		{ "<< /ByteRange [0 1 2 3 R] /Contents <00> >>",
		    "invalid byte range" },
		{ "<< /ByteRange [0 3 20 4] /Contents <zz> >>   ",
		    "signature contents are not hex" },
		{ "<< /ByteRange [0 3 20 4] /Contents (abc) >>   ",
		    "signature has no /Contents string" },
		{ "<< /ByteRange [0 3 20 4] >>   ",
		    "signature has no /Contents string" },
		{ "<< /ByteRange [0 3 22 4] /Contents <3000> >>   ",
		    "signature is not a CMS structure" },
		{ "<< /ByteRange [0 1 2 3] /Contents <00 (unterminated",
		    "malformed signature dictionary" },
		{ "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"
		    "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"
		    "/ByteRange [0 1 2 3] /Contents <00> >>",
		    "signature is not a CMS structure" },
	};
	struct pdfverify_result	 r;
	unsigned char		*big;
	char			*hex;
	size_t			 i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(pdfverify((const unsigned char *)cases[i].pdf,
		    strlen(cases[i].pdf), &r), ERR_OK);
		CU_ASSERT_FALSE(r.signature_valid);
		CU_ASSERT_FALSE(r.covers_whole_file);
		if (strcmp(r.reason, cases[i].reason) != 0)
			fprintf(stderr, "case %zu: \"%s\"\n", i, r.reason);
		CU_ASSERT_STRING_EQUAL(r.reason, cases[i].reason);
		CU_ASSERT_EQUAL(strlen(r.file_sha256), 64);
	}

	/* A /Contents longer than PDFVERIFY_HEX_MAX digits. */
	n = PDFVERIFY_HEX_MAX + 2;
	CU_ASSERT_PTR_NOT_NULL_FATAL(hex = malloc(n + 128));
	i = (size_t)snprintf(hex, 128, "<< /ByteRange [0 5 10 3] "
	    "/Contents <");
	memset(hex + i, '0', n);
	memcpy(hex + i + n, "> >>", 4);
	CU_ASSERT_EQUAL(pdfverify((const unsigned char *)hex, i + n + 4, &r),
	    ERR_OK);
	CU_ASSERT_STRING_EQUAL(r.reason, "signature contents too long");
	free(hex);

	/* Over 20 MiB: refused before anything is read. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(big = calloc(1, PDFVERIFY_MAX + 1));
	CU_ASSERT_EQUAL(pdfverify(big, PDFVERIFY_MAX + 1, &r), ERR_TOO_LARGE);
	CU_ASSERT_FALSE(r.signature_valid);
	free(big);
}

/* The scanner: references, nesting, strings with parentheses. */
static void
scanner_objects(void)
{
	static const char	 d[] = "<< /A 12 0 R /B [1 2 R (x\\)y(z)) "
				    "<41> << /C /D >>] /E 7 % c\n>>";
	struct pdflex_dict	 dict;
	const struct pdflex_entry *e;
	const unsigned char	*u = (const unsigned char *)d;
	uint32_t		 num, gen;
	uint64_t		 v;
	char			 deep[200];

	CU_ASSERT_TRUE_FATAL(pdflex_dict(u, strlen(d), 0, &dict));
	CU_ASSERT_EQUAL(dict.n, 3);
	CU_ASSERT_EQUAL(dict.end, strlen(d));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e = pdflex_dict_get(u, &dict, "/A"));
	CU_ASSERT_TRUE(pdflex_ref(u, e->val, &num, &gen));
	CU_ASSERT_EQUAL(num, 12);
	CU_ASSERT_EQUAL(gen, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e = pdflex_dict_get(u, &dict, "/B"));
	CU_ASSERT_EQUAL(d[e->val.off + e->val.len - 1], ']');
	CU_ASSERT_FALSE(pdflex_ref(u, e->val, &num, &gen));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e = pdflex_dict_get(u, &dict, "/E"));
	CU_ASSERT_TRUE(pdflex_uint(u, e->val, 10, &v));
	CU_ASSERT_EQUAL(v, 7);
	CU_ASSERT_FALSE(pdflex_uint(u, e->val, 6, &v));
	CU_ASSERT_PTR_NULL(pdflex_dict_get(u, &dict, "/C"));
	/* Truncated anywhere: never a dictionary. */
	CU_ASSERT_FALSE(pdflex_dict(u, strlen(d) - 1, 0, &dict));
	CU_ASSERT_FALSE(pdflex_dict(u, 10, 0, &dict));
	/* Nesting deeper than the limit. */
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	memcpy(deep, "<< /A ", 6);
	CU_ASSERT_FALSE(pdflex_dict((const unsigned char *)deep,
	    sizeof(deep) - 1, 0, &dict));
}

static const struct unit_test tests[] = {
	{ "a key readable by others is refused", load_refuses_open_key },
	{ "bad key and certificate files are refused",
	    load_rejects_bad_files },
	{ "fingerprint is the certificate's SHA-256",
	    fingerprint_is_sha256_of_cert },
	{ "a signed libharu PDF verifies", signed_haru_pdf_verifies },
	{ "the byte range leaves out exactly /Contents", byte_range_is_exact },
	{ "the CMS is PAdES B-B and verifies to the CA", cms_is_pades_b_b },
	{ "signing is deterministic", signing_is_deterministic },
	{ "existing annotations are kept", annotations_are_kept },
	{ "an incrementally updated input", incremental_input },
	{ "documents it cannot sign are refused",
	    sign_refuses_bad_documents },
	{ "a flipped byte is a digest mismatch",
	    flipped_byte_is_digest_mismatch },
	{ "damaged /Contents is invalid", damaged_contents_is_invalid },
	{ "truncated or extended files", truncated_or_extended_file },
	{ "hostile inputs are rejected", hostile_inputs_rejected },
	{ "the scanner reads objects", scanner_objects },
	{ NULL, NULL }
};

int
suite_sign(void)
{
	return add_suite("sign", tests);
}
