#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "html.h"
#include "http.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/*
 * The escaping shared by text and attribute values.  raw_ws: TAB, LF
 * and CR are written as they are (text) or as references (attributes,
 * where a parser would otherwise normalise them).
 */
static void
escape(struct buf *b, const char *s, size_t n, bool raw_ws)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, start = 0, k;

	while (i < n) {
		k = 1;
		if (u[i] >= 0x20 && u[i] < 0x7f && strchr("&<>\"'", u[i]) ==
		    NULL) {
			i++;
			continue;
		}
		/* Well-formed UTF-8 that is not a C1 control (U+0080-9F). */
		if (u[i] >= 0x80 && (k = esc_utf8_seq(s + i, n - i)) != 0 &&
		    !(u[i] == 0xc2 && u[i + 1] < 0xa0)) {
			i += k;
			continue;
		}
		buf_append(b, s + start, i - start);
		switch (u[i]) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		case '\t':
		case '\n':
		case '\r':
			if (raw_ws)
				buf_putc(b, (char)u[i]);
			else
				buf_printf(b, "&#%d;", u[i]);
			break;
		default:
			/* NUL, another control, DEL, C1 or malformed. */
			buf_puts(b, REPLACEMENT);
			if (k == 0)
				k = 1;
			break;
		}
		i += k;
		start = i;
	}
	buf_append(b, s + start, n - start);
}

void
html_textn(struct buf *b, const char *s, size_t n)
{
	escape(b, s, n, true);
}

void
html_text(struct buf *b, const char *s)
{
	if (s != NULL)
		escape(b, s, strlen(s), true);
}

void
html_attr(struct buf *b, const char *s)
{
	if (s != NULL)
		escape(b, s, strlen(s), false);
}

void
html_data(struct buf *b, const char *s)
{
	buf_puts(b, "<bdi>");
	html_text(b, s);
	buf_puts(b, "</bdi>");
}

/* Appends n bytes to the URL, or marks it failed when they do not fit. */
static void
url_put(struct html_url *u, const char *s, size_t n)
{
	if (u->failed || n >= sizeof(u->s) - u->len) {
		u->failed = true;
		return;
	}
	memcpy(u->s + u->len, s, n);
	u->len += n;
	u->s[u->len] = '\0';
}

/* Percent-encodes every byte but RFC 3986's unreserved characters. */
static void
url_encode(struct html_url *u, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			 e[3];

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			url_put(u, (const char *)p, 1);
			continue;
		}
		e[0] = '%';
		e[1] = hex[*p >> 4];
		e[2] = hex[*p & 0xf];
		url_put(u, e, 3);
	}
}

void
html_url_begin(struct html_url *u, const char *path)
{
	memset(u, 0, sizeof(*u));
	/* Only an absolute path of this host: "/x", never "//host". */
	if (path == NULL || path[0] != '/' || path[1] == '/' ||
	    strpbrk(path, "?#:\\\"'<> ") != NULL) {
		u->failed = true;
		return;
	}
	url_put(u, path, strlen(path));
}

void
html_url_seg(struct html_url *u, const char *seg)
{
	/* Browsers resolve "." and ".." (and their %2E forms) away. */
	if (u->query || u->fragment || seg == NULL || seg[0] == '\0' ||
	    strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0) {
		u->failed = true;
		return;
	}
	if (u->len == 0 || u->s[u->len - 1] != '/')
		url_put(u, "/", 1);
	url_encode(u, seg);
}

void
html_url_param(struct html_url *u, const char *key, const char *value)
{
	if (u->fragment || key == NULL || key[0] == '\0' || value == NULL) {
		u->failed = true;
		return;
	}
	url_put(u, u->query ? "&" : "?", 1);
	u->query = true;
	url_encode(u, key);
	url_put(u, "=", 1);
	url_encode(u, value);
}

void
html_url_fragment(struct html_url *u, const char *id)
{
	if (u->fragment || id == NULL || id[0] == '\0') {
		u->failed = true;
		return;
	}
	url_put(u, "#", 1);
	u->fragment = true;
	url_encode(u, id);
}

const char *
html_url_str(const struct html_url *u)
{
	return u->failed || u->len == 0 ? "#" : u->s;
}

void
html_url_attr(struct buf *b, const char *name, const struct html_url *u)
{
	buf_printf(b, " %s=\"", name);
	html_attr(b, html_url_str(u));
	buf_putc(b, '"');
}

void
html_link(struct buf *b, const struct html_url *u, const char *id,
    const char *text)
{
	buf_puts(b, "<a");
	if (id != NULL) {
		buf_puts(b, " id=\"");
		html_attr(b, id);
		buf_putc(b, '"');
	}
	html_url_attr(b, "href", u);
	buf_putc(b, '>');
	html_text(b, text);
	buf_puts(b, "</a>");
}

void
html_page_begin(struct buf *b, const struct html_frame *f)
{
	struct html_url	u;

	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_text(b, f->title);
	buf_puts(b, " \xe2\x80\x94 annexa</title>\n"
	    "<link rel=\"stylesheet\" href=\"" HTML_STYLESHEET "\">\n"
	    "</head>\n<body>\n<header class=\"site\">\n"
	    "<a class=\"product\" href=\"/\">annexa</a>\n");
	if (f->org != NULL) {
		buf_puts(b, "<nav aria-label=\"Organisation\">");
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, f->org);
		if (f->as_of != NULL)
			html_url_param(&u, "as_of", f->as_of);
		html_link(b, &u, NULL, "Overview");
		buf_puts(b, " ");
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, f->org);
		html_url_seg(&u, "reports");
		if (f->as_of != NULL)
			html_url_param(&u, "as_of", f->as_of);
		html_link(b, &u, "nav-reports", "Reports");
		buf_puts(b, " ");
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, f->org);
		html_url_seg(&u, "management-reviews");
		if (f->as_of != NULL)
			html_url_param(&u, "as_of", f->as_of);
		html_link(b, &u, "nav-management-reviews", "Management reviews");
		buf_puts(b, " ");
		html_url_begin(&u, "/orgs");
		html_url_seg(&u, f->org);
		html_url_seg(&u, "readiness");
		if (f->as_of != NULL)
			html_url_param(&u, "as_of", f->as_of);
		html_link(b, &u, "nav-readiness", "Readiness");
		buf_puts(b, " ");
		if (f->shares) {
			html_url_begin(&u, "/orgs");
			html_url_seg(&u, f->org);
			html_url_seg(&u, "shares");
			html_link(b, &u, "nav-shares", "Shares");
			buf_puts(b, " ");
		}
		html_url_begin(&u, "/verify");
		html_link(b, &u, "nav-verify", "Verify");
		buf_puts(b, "</nav>\n");
	}
	/*
	 * The sign-out form: only for a request that came with a session
	 * (the caller passes its CSRF token); a bearer token has nothing to
	 * sign out of.
	 */
	if (f->csrf != NULL) {
		buf_puts(b, "<form id=\"signout\" method=\"post\" "
		    "action=\"/signout\"><input type=\"hidden\" name=\"csrf\" "
		    "value=\"");
		html_attr(b, f->csrf);
		buf_puts(b, "\"><button type=\"submit\">Sign out</button>"
		    "</form>\n");
	}
	buf_puts(b, "</header>\n<main>\n");
}

void
html_page_end(struct buf *b)
{
	buf_puts(b, "</main>\n<footer class=\"site\">annexa " PACKAGE_VERSION
	    " \xe2\x80\x94 cloud security controls (ISO/IEC 27017) and their "
	    "evidence</footer>\n</body>\n</html>\n");
}

void
html_headers(struct resp *r)
{
	r->content_type = "text/html; charset=utf-8";
	http_header(r, "Content-Security-Policy", HTML_CSP);
	/*
	 * Not no-referrer: under it a browser sends "Origin: null" with a
	 * form's POST (Fetch, "append a request Origin header"), and the
	 * Origin check of sign-in and sign-out would refuse annexa's own
	 * forms.  strict-origin sends the origin as Origin and never more
	 * than the origin as Referer, so no path (a sign-in link's token)
	 * leaves a page.
	 */
	http_header(r, "Referrer-Policy", "strict-origin");
}

void
html_error_page(struct resp *r, int status, const char *message)
{
	struct html_frame	f;
	char			title[64];

	r->status = status;
	buf_reset(&r->body);
	snprintf(title, sizeof(title), "%d %s", status,
	    http_status_text(status));
	memset(&f, 0, sizeof(f));
	f.title = title;
	html_page_begin(&r->body, &f);
	buf_puts(&r->body, "<h1>");
	html_text(&r->body, title);
	buf_puts(&r->body, "</h1>\n<p class=\"error\">");
	html_text(&r->body, message);
	buf_puts(&r->body, "</p>\n<p><a href=\"/\">Start page</a></p>\n");
	html_page_end(&r->body);
}
