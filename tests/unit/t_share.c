/*
 * Share links without a database: the recipient, validity and secret
 * rules (share.c), the watermark line, the user agent kept, the link's
 * URL, the routes of the recipient's pages, and that logs never show a
 * link's secret (http_log_path()).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "http.h"
#include "route.h"
#include "share.h"
#include "tests.h"

static void
recipient_rule(void)
{
	struct share_recipient	to;
	char			big[200];

	CU_ASSERT_TRUE(share_parse_to("Globex Corp, Ana Ruiz "
	    "<ana@globex.example>", &to));
	CU_ASSERT_STRING_EQUAL(to.company, "Globex Corp");
	CU_ASSERT_STRING_EQUAL(to.name, "Ana Ruiz");
	CU_ASSERT_STRING_EQUAL(to.email, "ana@globex.example");
	/* The company ends at the last comma before the address. */
	CU_ASSERT_TRUE(share_parse_to("Globex, Inc.,Ana <a@b.co>", &to));
	CU_ASSERT_STRING_EQUAL(to.company, "Globex, Inc.");
	CU_ASSERT_STRING_EQUAL(to.name, "Ana");
	/* Text that only looks like markup stays what it is. */
	CU_ASSERT_TRUE(share_parse_to("\"&' javascript:alert(1), X <x@y.z>",
	    &to));
	CU_ASSERT_STRING_EQUAL(to.company, "\"&' javascript:alert(1)");
	/* Not a recipient. */
	CU_ASSERT_FALSE(share_parse_to(NULL, &to));
	CU_ASSERT_FALSE(share_parse_to("", &to));
	CU_ASSERT_FALSE(share_parse_to("Ana Ruiz <ana@globex.example>", &to));
	CU_ASSERT_FALSE(share_parse_to(", Ana <a@b.co>", &to));
	CU_ASSERT_FALSE(share_parse_to("Globex, <a@b.co>", &to));
	CU_ASSERT_FALSE(share_parse_to("Globex, Ana <not-an-address>", &to));
	CU_ASSERT_FALSE(share_parse_to("<script>, Ana <a@b.co>", &to));
	CU_ASSERT_FALSE(share_parse_to("Glo\x01""bex, Ana <a@b.co>", &to));
	CU_ASSERT_FALSE(share_parse_to("Glo\nbex, Ana <a@b.co>", &to));
	CU_ASSERT_FALSE(share_parse_to("Glo\xffx, Ana <a@b.co>", &to));
	memset(big, 'x', 101);
	snprintf(big + 101, sizeof(big) - 101, ", Ana <a@b.co>");
	CU_ASSERT_FALSE(share_parse_to(big, &to));
	/* 100 bytes of company still pass. */
	memset(big, 'x', 100);
	snprintf(big + 100, sizeof(big) - 100, ", Ana <a@b.co>");
	CU_ASSERT_TRUE(share_parse_to(big, &to));
	CU_ASSERT_EQUAL(strlen(to.company), 100);
}

static void
expires_rule(void)
{
	long long	s = 0;

	CU_ASSERT_TRUE(share_parse_expires("30d", &s));
	CU_ASSERT_EQUAL(s, 30 * 86400LL);
	CU_ASSERT_TRUE(share_parse_expires("1h", &s));
	CU_ASSERT_EQUAL(s, 3600);
	CU_ASSERT_TRUE(share_parse_expires("365d", &s));
	CU_ASSERT_EQUAL(s, 365 * 86400LL);
	CU_ASSERT_TRUE(share_parse_expires("8760h", &s));
	/* A link never lives more than a year, nor less than an hour. */
	CU_ASSERT_FALSE(share_parse_expires("366d", &s));
	CU_ASSERT_FALSE(share_parse_expires("8761h", &s));
	CU_ASSERT_FALSE(share_parse_expires("0d", &s));
	CU_ASSERT_FALSE(share_parse_expires("0h", &s));
	CU_ASSERT_FALSE(share_parse_expires("-1d", &s));
	CU_ASSERT_FALSE(share_parse_expires("30", &s));
	CU_ASSERT_FALSE(share_parse_expires("30m", &s));
	CU_ASSERT_FALSE(share_parse_expires("d", &s));
	CU_ASSERT_FALSE(share_parse_expires("", &s));
	CU_ASSERT_FALSE(share_parse_expires(NULL, &s));
	CU_ASSERT_FALSE(share_parse_expires("99999999d", &s));
}

static void
secret_and_reports(void)
{
	char	url[SHARE_URL_MAX];

	CU_ASSERT_TRUE(share_valid_secret("0123456789abcdef0123456789abcdef",
	    32));
	CU_ASSERT_FALSE(share_valid_secret("0123456789ABCDEF0123456789abcdef",
	    32));
	CU_ASSERT_FALSE(share_valid_secret("0123456789abcdef0123456789abcde",
	    31));
	CU_ASSERT_FALSE(share_valid_secret("0123456789abcdef0123456789abcdeg",
	    32));
	CU_ASSERT_FALSE(share_valid_secret(NULL, 0));
	CU_ASSERT_TRUE(share_report_valid("comparison"));
	CU_ASSERT_TRUE(share_report_valid("gap"));
	CU_ASSERT_TRUE(share_report_valid("soa"));
	CU_ASSERT_TRUE(share_report_valid("management-review"));
	CU_ASSERT_FALSE(share_report_valid("traceability"));
	CU_ASSERT_FALSE(share_report_valid("gap.pdf"));
	CU_ASSERT_FALSE(share_report_valid(NULL));
	CU_ASSERT_TRUE(share_url("https://annexa.example/", "abc", url,
	    sizeof(url)));
	CU_ASSERT_STRING_EQUAL(url, "https://annexa.example/s/abc");
	CU_ASSERT_FALSE(share_url(NULL, "abc", url, sizeof(url)));
	CU_ASSERT_FALSE(share_url("https://annexa.example", "abc", url, 10));
}

static void
watermark_and_agent(void)
{
	struct share_info	li;
	char			out[SHARE_WATERMARK_MAX];
	char			ua[SHARE_AGENT_MAX + 1];
	char			big[2000];

	memset(&li, 0, sizeof(li));
	snprintf(li.to.company, sizeof(li.to.company), "Globex Corp");
	snprintf(li.to.email, sizeof(li.to.email), "ana@globex.example");
	snprintf(li.ref, sizeof(li.ref), "3f2a9c");
	share_watermark(&li, "2026-12-05", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "Prepared for Globex Corp "
	    "(ana@globex.example) \xc2\xb7 2026-12-05 \xc2\xb7 link 3f2a9c");
	share_clean_agent("Mozilla/5.0 (X11)", ua, sizeof(ua));
	CU_ASSERT_STRING_EQUAL(ua, "Mozilla/5.0 (X11)");
	share_clean_agent("a\r\nb\x01\xc3\xa9", ua, sizeof(ua));
	CU_ASSERT_STRING_EQUAL(ua, "a??b???");
	share_clean_agent(NULL, ua, sizeof(ua));
	CU_ASSERT_STRING_EQUAL(ua, "");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	share_clean_agent(big, ua, sizeof(ua));
	CU_ASSERT_EQUAL(strlen(ua), SHARE_AGENT_MAX);
}

static void
routes_and_logs(void)
{
	char			*segs[4], p1[] = "s", p2[40];
	char			 p3[] = "download";
	char			 out[256];
	struct route_match	 m;

	snprintf(p2, sizeof(p2), "0123456789abcdef0123456789abcdef");
	segs[0] = p1;
	segs[1] = p2;
	CU_ASSERT_EQUAL(route_find(segs, 2, true, METHOD_GET, &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_SHARE_PAGE);
	CU_ASSERT_FALSE(route_defs[m.route].auth);
	CU_ASSERT_STRING_EQUAL(route_param(&m, "secret"), p2);
	segs[2] = p3;
	CU_ASSERT_EQUAL(route_find(segs, 3, true, METHOD_POST, &m), ERR_OK);
	CU_ASSERT_EQUAL(m.route, ROUTE_SHARE_DOWNLOAD);
	/* A download is a POST: a link scanner's GET spends nothing. */
	CU_ASSERT_EQUAL(route_find(segs, 3, true, METHOD_GET, &m), ERR_METHOD);
	CU_ASSERT_EQUAL(route_defs[ROUTE_ORG_SHARE_ADD].min_role, ROLE_EDITOR);
	CU_ASSERT_EQUAL(route_defs[ROUTE_ORG_SHARES].min_role, ROLE_EDITOR);
	CU_ASSERT_EQUAL(route_defs[ROUTE_ORG_SHARE_REVOKE].method,
	    METHOD_DELETE);
	CU_ASSERT_EQUAL(route_defs[ROUTE_ORG_SHARE_ACCESSES].min_role,
	    ROLE_ADMIN);
	CU_ASSERT_TRUE(route_page_path("/s/abc"));
	CU_ASSERT_EQUAL(route_defs[ROUTE_PAGE_SHARES].min_role, ROLE_EDITOR);
	CU_ASSERT_EQUAL(route_defs[ROUTE_PAGE_SHARE_ADD].min_role, ROLE_EDITOR);
	CU_ASSERT_EQUAL(route_defs[ROUTE_PAGE_SHARE_REVOKE].min_role,
	    ROLE_EDITOR);
	/* Logs show "/s/…", never the secret. */
	CU_ASSERT_STRING_EQUAL(http_log_path("/s/0123456789abcdef0123456789"
	    "abcdef/download", out, sizeof(out)), "/s/\xe2\x80\xa6");
	CU_ASSERT_STRING_EQUAL(http_log_path("/orgs/acme/shares", out,
	    sizeof(out)), "/orgs/acme/shares");
}

static void
navigation(void)
{
	struct html_frame	f;
	struct buf		b;

	memset(&f, 0, sizeof(f));
	f.title = "t";
	f.org = "acme";
	buf_init(&b, 0);
	html_page_begin(&b, &f);
	CU_ASSERT_PTR_NULL(strstr(b.data, "nav-shares"));
	buf_reset(&b);
	f.shares = true;
	html_page_begin(&b, &f);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<a id=\"nav-shares\" "
	    "href=\"/orgs/acme/shares\">Shares</a>"));
	buf_free(&b);
}

static const struct unit_test tests[] = {
	{ "the navigation links Shares for editors only", navigation },
	{ "share --to: the recipient rule", recipient_rule },
	{ "share --expires: an hour to a year", expires_rule },
	{ "share secrets, reports, URLs", secret_and_reports },
	{ "the watermark line, the user agent kept", watermark_and_agent },
	{ "share routes; logs hide the secret", routes_and_logs },
	{ NULL, NULL }
};

int
suite_share(void)
{
	return add_suite("share", tests);
}
