/*
 * h_page_verify.c — the verify page: upload a PDF, read whether its
 * signature is valid, covers the whole file, who signed it and when, and
 * which report run made it.
 *
 * The form is multipart/form-data (a file upload needs it), parsed by
 * multipart.c through ctx_multipart(); the verdict is verify_file()'s,
 * the very function POST /api/v1/verify answers with.  A browser session's
 * POST is CSRF-checked by the dispatcher (api.c) from the form's part
 * "csrf", which this page writes into the form before the file.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api.h"
#include "buf.h"
#include "handler.h"
#include "html.h"
#include "http.h"
#include "multipart.h"
#include "page.h"
#include "pdfverify.h"
#include "report.h"
#include "session.h"
#include "verify.h"

/* The organisation whose navigation the page shows: the caller's own. */
static const char *
frame_org(const struct ctx *c)
{
	return c->who.org[0] != '\0' ? c->who.org : NULL;
}

/* The upload form, with the session's CSRF token as its first part. */
static void
verify_form(struct ctx *c, const char *button)
{
	struct buf	*b = &c->resp->body;
	char		 csrf[SESSION_CSRF_LEN];

	buf_puts(b, "<form id=\"verify\" class=\"upload\" method=\"post\" "
	    "action=\"/verify\" enctype=\"multipart/form-data\">\n");
	if (session_csrf(c, csrf)) {
		buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
		html_attr(b, csrf);
		buf_puts(b, "\">\n");
	}
	buf_puts(b, "<label>PDF file (at most 20 MiB) <input type=\"file\" "
	    "name=\"file\" accept=\"application/pdf,.pdf\" required></label>\n"
	    "<button type=\"submit\">");
	html_text(b, button);
	buf_puts(b, "</button>\n</form>\n");
}

enum err
h_page_verify_form(struct ctx *c)
{
	struct buf	*b = &c->resp->body;

	page_begin(c, "Verify a report", frame_org(c));
	buf_puts(b, "<h1>Verify a report</h1>\n<p class=\"lead\">Upload a "
	    "PDF report to check its signature: whether it is intact, whether "
	    "it covers the whole file (nothing was changed or added after "
	    "signing), who signed it and when, and which report run made it. "
	    "The file is checked and forgotten; nothing is stored.</p>\n");
	verify_form(c, "Verify");
	html_page_end(b);
	return ERR_OK;
}

/* "D:20261128120000Z" as "2026-11-28 12:00:00 UTC"; else as written. */
static void
signing_time(struct buf *b, const char *m)
{
	size_t	i;

	if (strlen(m) == 17 && strncmp(m, "D:", 2) == 0 && m[16] == 'Z') {
		for (i = 2; i < 16 && m[i] >= '0' && m[i] <= '9'; i++)
			;
		if (i == 16) {
			buf_printf(b, "%.4s-%.2s-%.2s %.2s:%.2s:%.2s UTC", m + 2,
			    m + 6, m + 8, m + 10, m + 12, m + 14);
			return;
		}
	}
	html_text(b, m);
}

/* One "<dt>term</dt><dd id=ID>" opening; the caller writes and closes. */
static void
fact(struct buf *b, const char *term, const char *id)
{
	buf_puts(b, "<dt>");
	html_text(b, term);
	buf_puts(b, "</dt><dd");
	if (id != NULL)
		buf_printf(b, " id=\"%s\"", id);
	buf_putc(b, '>');
}

/* The report run that made the file, with its stored copy. */
static void
run_fact(struct ctx *c, const struct verify_outcome *o)
{
	struct buf	*b = &c->resp->body;
	struct html_url	 u;
	char		 file[40];

	fact(b, "Report run", "run");
	if (!o->found) {
		buf_puts(b, "none that you may see: annexa holds no run of "
		    "your organisation with this file's SHA-256</dd>\n");
		return;
	}
	buf_puts(b, "<strong>Run ");
	html_text(b, o->run.run_id);
	buf_puts(b, "</strong>: ");
	html_text(b, o->run.kind);
	buf_puts(b, " of ");
	html_text(b, o->run.org);
	if (o->run.as_of != NULL) {
		buf_puts(b, ", as of ");
		html_text(b, o->run.as_of);
	}
	if (o->run.report_id != NULL) {
		buf_puts(b, ", report id <span class=\"hash\">");
		html_text(b, o->run.report_id);
		buf_puts(b, "</span>");
	}
	buf_puts(b, ", made ");
	html_text(b, o->run.started_at);
	buf_puts(b, " (UTC). ");
	snprintf(file, sizeof(file), "%s.pdf", o->run.run_id);
	html_url_begin(&u, "/api/v1/orgs");
	html_url_seg(&u, o->run.org);
	html_url_seg(&u, "report-runs");
	html_url_seg(&u, file);
	html_link(b, &u, "run-download", "The stored file");
	buf_puts(b, " \xc2\xb7 ");
	html_url_begin(&u, "/orgs");
	html_url_seg(&u, o->run.org);
	html_url_seg(&u, "reports");
	html_link(b, &u, "run-reports", "All report runs");
	buf_puts(b, "</dd>\n");
}

/* For a file downloaded through a share link: whom it was made for. */
static void
share_fact(struct ctx *c, const struct verify_outcome *o)
{
	struct buf	*b = &c->resp->body;

	if (!o->shared)
		return;
	fact(b, "Share link", "share");
	buf_puts(b, "<strong>Link ");
	html_text(b, o->share.share_id);
	buf_puts(b, "</strong> (ref <span class=\"hash\">");
	html_text(b, o->share.ref);
	buf_puts(b, "</span>), made for ");
	html_data(b, o->share.company);
	buf_puts(b, ", ");
	html_data(b, o->share.name);
	buf_puts(b, " (");
	html_data(b, o->share.email);
	buf_puts(b, "); downloaded ");
	html_text(b, o->share.downloaded_at != NULL ?
	    o->share.downloaded_at : "-");
	buf_puts(b, " (UTC) from ");
	html_text(b, o->share.client_addr != NULL ?
	    o->share.client_addr : "-");
	buf_puts(b, "</dd>\n");
}

/* The result page of one file. */
static void
verify_result(struct ctx *c, const struct multipart_part *f,
    const struct verify_outcome *o)
{
	struct buf			*b = &c->resp->body;
	const struct pdfverify_result	*v = &o->v;
	bool				 valid;

	valid = v->signature_valid && v->covers_whole_file;
	page_begin(c, "Verification result", frame_org(c));
	buf_printf(b, "<h1>Verification result</h1>\n<section id=\"result\" "
	    "data-valid=\"%s\" data-signature-valid=\"%s\" data-whole=\"%s\" "
	    "data-ours=\"%s\" data-run=\"", valid ? "true" : "false",
	    v->signature_valid ? "true" : "false",
	    v->covers_whole_file ? "true" : "false", o->ours ? "true" : "false");
	if (o->found)
		html_attr(b, o->run.run_id);
	buf_printf(b, "\">\n<p id=\"verdict\" class=\"verdict %s\">",
	    valid ? "valid" : "invalid");
	if (valid)
		buf_puts(b, "<strong>Valid</strong>: the signature is intact and "
		    "covers the whole document.");
	else {
		buf_puts(b, "<strong>Not valid</strong>: ");
		html_text(b, v->reason[0] != '\0' ? v->reason :
		    "the signature does not hold");
		buf_putc(b, '.');
	}
	buf_puts(b, "</p>\n<dl class=\"facts\">\n");
	fact(b, "File", "file");
	html_data(b, f->filename);
	buf_printf(b, ", %zu bytes</dd>\n", f->len);
	fact(b, "Signature", "signature");
	html_text(b, !v->has_signature ? "none found" : v->signature_valid ?
	    "valid" : "not valid");
	buf_puts(b, "</dd>\n");
	fact(b, "Covers the whole file", "whole");
	html_text(b, v->covers_whole_file ? "yes, the whole document" :
	    "no: bytes outside the signature were changed or added");
	buf_puts(b, "</dd>\n");
	if (v->has_signature) {
		fact(b, "Signed by", "signer");
		html_data(b, v->signer_cn);
		if (v->signer_org[0] != '\0') {
			buf_puts(b, " (");
			html_data(b, v->signer_org);
			buf_puts(b, ")");
		}
		buf_puts(b, "</dd>\n");
		fact(b, "Signed at", "signing-time");
		signing_time(b, v->signing_time);
		buf_puts(b, "</dd>\n");
		fact(b, "Certificate SHA-256", "certificate");
		buf_puts(b, "<span class=\"hash\">");
		html_text(b, v->cert_sha256);
		buf_puts(b, "</span></dd>\n");
	}
	fact(b, "Signed by this service", "ours");
	html_text(b, o->ours ? "yes, with this server's certificate" :
	    "no (another certificate, or the file is not intact)");
	buf_puts(b, "</dd>\n");
	fact(b, "File SHA-256", "file-sha256");
	buf_puts(b, "<span class=\"hash\">");
	html_text(b, v->file_sha256);
	buf_puts(b, "</span></dd>\n");
	run_fact(c, o);
	share_fact(c, o);
	buf_puts(b, "</dl>\n</section>\n<section id=\"again\">\n"
	    "<h2>Verify another file</h2>\n");
	verify_form(c, "Verify");
	buf_puts(b, "</section>\n");
	html_page_end(b);
}

enum err
h_page_verify(struct ctx *c)
{
	const struct multipart		*mp;
	const struct multipart_part	*f;
	struct report_env		*env = c->local->reports;
	struct verify_outcome		 o;
	size_t				 i;
	enum err			 e;

	if ((e = ctx_multipart(c, &mp)) != ERR_OK)
		return e;
	for (i = 0; i < mp->n; i++)
		if (strcmp(mp->part[i].name, "file") != 0 &&
		    strcmp(mp->part[i].name, "csrf") != 0)
			return fail(c, ERR_INVALID, "invalid_form", "the form "
			    "takes a file and the CSRF token, nothing else",
			    mp->part[i].name);
	if ((f = multipart_find(mp, "file")) == NULL || f->filename == NULL)
		return fail(c, ERR_INVALID, "invalid_form", "choose a PDF file "
		    "to upload", "file");
	if (f->len == 0)
		return fail(c, ERR_INVALID, "invalid_form", "the file is empty "
		    "(was a file chosen?)", "file");
	/* What annexa signs begins with the PDF header (ISO 32000-1, 7.5.2). */
	if (f->len < 5 || memcmp(f->data, "%PDF-", 5) != 0)
		return fail(c, ERR_INVALID, "invalid_form", "the file is not a "
		    "PDF: it does not begin with %PDF-", "file");
	if ((e = verify_file(c->db, c->req->pool, env != NULL ? env->signer :
	    NULL, &c->who, (const unsigned char *)f->data, f->len, &o)) !=
	    ERR_OK)
		return e;
	verify_result(c, f, &o);
	return ERR_OK;
}
