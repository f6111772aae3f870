#include "config.h"

#include <string.h>

#include "buf.h"
#include "html.h"
#include "http.h"
#include "tests.h"

/* The hostile strings of issue 13, as organisations may name things. */
#define SCRIPT		"<script>alert(1)</script>"
#define BREAKOUT	"\"><img src=x onerror=alert(1)>"
#define JSURL		"javascript:alert(1)"
#define RLO		"abc\xe2\x80\xaetxt.exe"	/* U+202E inside */

/* html_text(s) into a static buffer, for one-line assertions. */
static const char *
text(const char *s)
{
	static struct buf	b;

	buf_free(&b);
	buf_init(&b, 0);
	html_text(&b, s);
	return b.data;
}

static const char *
attr(const char *s)
{
	static struct buf	b;

	buf_free(&b);
	buf_init(&b, 0);
	html_attr(&b, s);
	return b.data;
}

static void
escapes_markup(void)
{
	CU_ASSERT_STRING_EQUAL(text(SCRIPT),
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	CU_ASSERT_STRING_EQUAL(text(BREAKOUT),
	    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	CU_ASSERT_STRING_EQUAL(text("a & b 'c'"), "a &amp; b &#39;c&#39;");
	CU_ASSERT_STRING_EQUAL(text("&amp;"), "&amp;amp;");
	CU_ASSERT_STRING_EQUAL(text(""), "");
	CU_ASSERT_STRING_EQUAL(text("plain 5.1.1 caf\xc3\xa9"),
	    "plain 5.1.1 caf\xc3\xa9");
	/* Nothing that could open a tag or end a quoted value survives. */
	CU_ASSERT_PTR_NULL(strpbrk(attr(SCRIPT BREAKOUT "'"), "<>\"'"));
	CU_ASSERT_STRING_EQUAL(attr("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
	CU_ASSERT_STRING_EQUAL(text("a\tb\nc"), "a\tb\nc");
}

static void
replaces_controls_and_bad_utf8(void)
{
	char	nul[] = "a\0b";
	struct buf	b;

	CU_ASSERT_STRING_EQUAL(text("bell\a"), "bell\xef\xbf\xbd");
	CU_ASSERT_STRING_EQUAL(text("esc\x1b[31m"), "esc\xef\xbf\xbd[31m");
	CU_ASSERT_STRING_EQUAL(text("del\x7f"), "del\xef\xbf\xbd");
	CU_ASSERT_STRING_EQUAL(text("c1\xc2\x85"), "c1\xef\xbf\xbd");
	CU_ASSERT_STRING_EQUAL(text("nbsp\xc2\xa0"), "nbsp\xc2\xa0");
	CU_ASSERT_STRING_EQUAL(text("cut\xc3"), "cut\xef\xbf\xbd");
	CU_ASSERT_STRING_EQUAL(text("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");
	CU_ASSERT_STRING_EQUAL(text("\xed\xa0\x80x"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx");
	/* A malformed lead byte cannot swallow the '<' after it. */
	CU_ASSERT_STRING_EQUAL(text("\xe2<b"), "\xef\xbf\xbd&lt;b");
	buf_init(&b, 0);
	html_textn(&b, nul, 3);
	CU_ASSERT_STRING_EQUAL(b.data, "a\xef\xbf\xbd" "b");
	buf_free(&b);
}

static void
data_isolates_bidi(void)
{
	struct buf	b;

	buf_init(&b, 0);
	html_data(&b, RLO);
	CU_ASSERT_STRING_EQUAL(b.data, "<bdi>" RLO "</bdi>");
	buf_reset(&b);
	html_data(&b, SCRIPT);
	CU_ASSERT_STRING_EQUAL(b.data,
	    "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>");
	buf_free(&b);
}

static void
long_word_kept_whole(void)
{
	char		word[301];
	struct buf	b;

	memset(word, 'W', 300);
	word[300] = '\0';
	buf_init(&b, 0);
	html_data(&b, word);
	/* Wrapping is the stylesheet's job; the text is not cut. */
	CU_ASSERT_EQUAL(b.len, 300 + strlen("<bdi></bdi>"));
	buf_free(&b);
}

static void
url_encodes_parts(void)
{
	struct html_url	u;

	html_url_begin(&u, "/orgs");
	html_url_seg(&u, "acme");
	html_url_seg(&u, "gap");
	html_url_seg(&u, "A&A-01 x/y");
	html_url_param(&u, "as_of", "2026-06-30");
	html_url_param(&u, "q", "a&b=c#d");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u),
	    "/orgs/acme/gap/A%26A-01%20x%2Fy?as_of=2026-06-30&q=a%26b%3Dc%23d");

	html_url_begin(&u, "/api/v1/orgs/");
	html_url_seg(&u, "acme");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "/api/v1/orgs/acme");

	html_url_begin(&u, "/");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "/");
}

static void
url_refuses_foreign(void)
{
	struct html_url	u;
	struct buf	b;
	char		big[HTML_URL_MAX];

	html_url_begin(&u, JSURL);
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "//evil.example/x");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "https://evil.example/");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "relative");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, NULL);
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");

	/* Data in a segment is only ever a segment. */
	html_url_begin(&u, "/orgs");
	html_url_seg(&u, JSURL);
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "/orgs/javascript%3Aalert%281%29");
	html_url_begin(&u, "/orgs");
	html_url_seg(&u, "..");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "/orgs");
	html_url_seg(&u, "");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	/* No segment after the query. */
	html_url_begin(&u, "/orgs");
	html_url_param(&u, "a", "b");
	html_url_seg(&u, "x");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	html_url_begin(&u, "/orgs");
	html_url_seg(&u, big);
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");

	buf_init(&b, 0);
	html_url_begin(&u, "/orgs");
	html_url_seg(&u, BREAKOUT);
	html_link(&b, &u, "x\"y", SCRIPT);
	CU_ASSERT_STRING_EQUAL(b.data, "<a id=\"x&quot;y\" href=\"/orgs/"
	    "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E\">"
	    "&lt;script&gt;alert(1)&lt;/script&gt;</a>");
	buf_free(&b);
}

static void
url_fragment_ends(void)
{
	struct html_url	u;

	html_url_begin(&u, "/orgs");
	html_url_seg(&u, "acme");
	html_url_seg(&u, "readiness");
	html_url_param(&u, "as_of", "2026-11-28");
	html_url_fragment(&u, "evidence");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u),
	    "/orgs/acme/readiness?as_of=2026-11-28#evidence");
	/* The id is encoded like any part. */
	html_url_begin(&u, "/orgs");
	html_url_fragment(&u, "a b\"<");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "/orgs#a%20b%22%3C");
	/* Nothing after the fragment; no empty fragment. */
	html_url_begin(&u, "/orgs");
	html_url_fragment(&u, "x");
	html_url_seg(&u, "y");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "/orgs");
	html_url_fragment(&u, "x");
	html_url_param(&u, "a", "b");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "/orgs");
	html_url_fragment(&u, "x");
	html_url_fragment(&u, "y");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
	html_url_begin(&u, "/orgs");
	html_url_fragment(&u, "");
	CU_ASSERT_STRING_EQUAL(html_url_str(&u), "#");
}

static void
frame_is_complete(void)
{
	struct buf		b;
	struct html_frame	f;
	static const char *const parts[] = {
		"<!DOCTYPE html>", "<html lang=\"en\">", "<meta charset=\"utf-8\">",
		"<title>&lt;script&gt;", "href=\"/static/annexa.css\"",
		"<header", "href=\"/orgs/acme\"",
		"<a id=\"nav-management-reviews\" "
		"href=\"/orgs/acme/management-reviews\">Management reviews</a>",
		"<a id=\"nav-readiness\" href=\"/orgs/acme/readiness\">"
		"Readiness</a>",
		"<main>", "</main>",
		"<footer", "</html>", NULL
	};

	memset(&f, 0, sizeof(f));
	f.title = SCRIPT;
	f.org = "acme";
	buf_init(&b, 0);
	html_page_begin(&b, &f);
	buf_puts(&b, "<p>x</p>");
	html_page_end(&b);
	t_assert_holds_all("page", b.data, parts);
	CU_ASSERT_PTR_NULL(strstr(b.data, "<script"));
	/* No session, no sign-out form. */
	CU_ASSERT_PTR_NULL(strstr(b.data, "signout"));

	buf_reset(&b);
	f.csrf = "tok\"en";
	html_page_begin(&b, &f);
	html_page_end(&b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<form id=\"signout\" "
	    "method=\"post\" action=\"/signout\"><input type=\"hidden\" "
	    "name=\"csrf\" value=\"tok&quot;en\">"));
	buf_free(&b);
}

static void
headers_and_error_page(void)
{
	struct resp	r;
	static const char *const hdrs[] = {
		"Content-Security-Policy: default-src 'self'; "
		"frame-ancestors 'none'; form-action 'self'; base-uri 'none'\r\n",
		"Referrer-Policy: strict-origin\r\n", NULL
	};
	static const char *const body[] = {
		"<h1>404 Not Found</h1>", "no such &lt;org&gt;", NULL
	};

	http_resp_init(&r);
	buf_puts(&r.body, "{\"old\": 1}");
	html_error_page(&r, 404, "no such <org>");
	html_headers(&r);
	CU_ASSERT_EQUAL(r.status, 404);
	CU_ASSERT_STRING_EQUAL(r.content_type, "text/html; charset=utf-8");
	t_assert_holds_all("headers", r.headers.data, hdrs);
	t_assert_holds_all("error page", r.body.data, body);
	CU_ASSERT_PTR_NULL(strstr(r.body.data, "old"));
	http_resp_free(&r);
}

static const struct unit_test tests[] = {
	{ "text and attributes escape markup", escapes_markup },
	{ "controls and bad UTF-8 become U+FFFD",
	    replaces_controls_and_bad_utf8 },
	{ "data is isolated with bdi", data_isolates_bidi },
	{ "a very long word is kept whole", long_word_kept_whole },
	{ "URLs percent-encode their parts", url_encodes_parts },
	{ "URLs never lead elsewhere", url_refuses_foreign },
	{ "a fragment ends a URL", url_fragment_ends },
	{ "the page frame is complete and escaped", frame_is_complete },
	{ "security headers and the error page", headers_and_error_page },
	{ NULL, NULL }
};

int
suite_html(void)
{
	return add_suite("html", tests);
}
