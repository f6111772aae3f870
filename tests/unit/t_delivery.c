/*
 * Delivery without a network or database: the recipient rule, the relay
 * and loopback rules, the webhook signature (checked against a value
 * computed independently with openssl dgst), the authentication file's
 * permissions, and the MIME writer's encodings.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "delivery.h"
#include "mime.h"
#include "smtp.h"
#include "tests.h"
#include "webhook.h"

static void
recipients(void)
{
	struct delivery_recipient	r;

	CU_ASSERT_TRUE(delivery_parse_recipient("mailto:ISMS@Example.COM", &r));
	CU_ASSERT_EQUAL(r.kind, DELIVERY_EMAIL);
	CU_ASSERT_STRING_EQUAL(r.address, "isms@example.com");
	CU_ASSERT_TRUE(delivery_parse_recipient("https://hooks.example.com/a?x=1",
	    &r));
	CU_ASSERT_EQUAL(r.kind, DELIVERY_WEBHOOK);
	CU_ASSERT_TRUE(delivery_parse_recipient("http://127.0.0.1:8080/h", &r));
	CU_ASSERT_TRUE(delivery_parse_recipient("http://[::1]:8080/h", &r));
	CU_ASSERT_TRUE(delivery_parse_recipient("https://[2001:db8::1]/h", &r));
	/* Plain http leaves the machine: refused. */
	CU_ASSERT_FALSE(delivery_parse_recipient("http://hooks.example.com/", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("http://127.0.0.1.evil.example/",
	    &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("https://u:p@example.com/", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("https://example.com/#x", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("https://exa mple.com/", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("https://", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("https:///x", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("ftp://example.com/", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("mailto:", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("mailto:a@b", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("mailto:a b@c.example", &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("mailto:a@c.example\r\nBcc: x",
	    &r));
	CU_ASSERT_FALSE(delivery_parse_recipient("isms@example.com", &r));
}

static void
relays(void)
{
	struct smtp_relay	r;

	CU_ASSERT_TRUE(smtp_parse_relay("mail.example.com:587", &r));
	CU_ASSERT_STRING_EQUAL(r.host, "mail.example.com");
	CU_ASSERT_EQUAL(r.port, 587);
	CU_ASSERT_TRUE(smtp_parse_relay("[::1]:25", &r));
	CU_ASSERT_STRING_EQUAL(r.host, "::1");
	CU_ASSERT_TRUE(r.ipv6);
	CU_ASSERT_FALSE(smtp_parse_relay("mail.example.com", &r));
	CU_ASSERT_FALSE(smtp_parse_relay("mail.example.com:0", &r));
	CU_ASSERT_FALSE(smtp_parse_relay("mail.example.com:65536", &r));
	CU_ASSERT_FALSE(smtp_parse_relay(":25", &r));
	CU_ASSERT_FALSE(smtp_parse_relay("-x:25", &r));
	CU_ASSERT_FALSE(smtp_parse_relay("a b:25", &r));
	CU_ASSERT_FALSE(smtp_parse_relay("::1:25", &r));
	/* Loopback by what is written, never by what it resolves to. */
	CU_ASSERT_TRUE(smtp_loopback_host("localhost"));
	CU_ASSERT_TRUE(smtp_loopback_host("127.0.0.1"));
	CU_ASSERT_TRUE(smtp_loopback_host("127.1.2.3"));
	CU_ASSERT_TRUE(smtp_loopback_host("::1"));
	CU_ASSERT_FALSE(smtp_loopback_host("127.0.0.1.example.com"));
	CU_ASSERT_FALSE(smtp_loopback_host("128.0.0.1"));
	CU_ASSERT_FALSE(smtp_loopback_host("127.0.0.256"));
	CU_ASSERT_FALSE(smtp_loopback_host("localhost.example.com"));
	CU_ASSERT_FALSE(smtp_loopback_host("192.0.2.2"));
}

static void
signature(void)
{
	char	sig[160];

	/*
	 * printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac
	 *     0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
	 */
	webhook_signature("0123456789abcdef0123456789abcdef0123456789abcdef"
	    "0123456789abcdef", 1700000000, "{\"a\":1}", 7, sig, sizeof(sig));
	CU_ASSERT_STRING_EQUAL(sig, "t=1700000000,v1=2c362ea0cde6ec3b3f3c417d"
	    "269bfba1f15017c58e6f39c37535a01e2d694de6");
}

static void
auth_file(void)
{
	char			 path[] = "/tmp/annexa-t-auth-XXXXXX", msg[512];
	struct smtp_auth	 a;
	int			 fd;

	if ((fd = mkstemp(path)) < 0) {
		CU_FAIL("mkstemp");
		return;
	}
	CU_ASSERT_EQUAL(write(fd, "user:pa:ss\n", 11), 11);
	close(fd);
	chmod(path, 0644);
	CU_ASSERT_EQUAL(smtp_load_auth(path, &a, msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "readable by nobody else"));
	chmod(path, 0640);
	CU_ASSERT_EQUAL(smtp_load_auth(path, &a, msg, sizeof(msg)), ERR_INVALID);
	chmod(path, 0600);
	if (geteuid() == 0) {
		CU_ASSERT_EQUAL(smtp_load_auth(path, &a, msg, sizeof(msg)),
		    ERR_OK);
		CU_ASSERT_STRING_EQUAL(a.user, "user");
		CU_ASSERT_STRING_EQUAL(a.password, "pa:ss");
	} else	/* not owned by root: refused as well */
		CU_ASSERT_EQUAL(smtp_load_auth(path, &a, msg, sizeof(msg)),
		    ERR_INVALID);
	unlink(path);
	CU_ASSERT_EQUAL(smtp_load_auth(path, &a, msg, sizeof(msg)), ERR_IO);
}

static void
encodings(void)
{
	struct buf	b;
	char		long_line[200];

	buf_init(&b, 0);
	mime_subject(&b, "Plain subject");
	CU_ASSERT_STRING_EQUAL(b.data, "Plain subject");
	buf_reset(&b);
	/* "é" is C3 A9: base64 "w6k=". */
	mime_subject(&b, "\xc3\xa9");
	CU_ASSERT_STRING_EQUAL(b.data, "=?UTF-8?B?w6k=?=");
	buf_reset(&b);
	mime_qp(&b, "a=b \xe2\x80\x94 end \n.dot\n");
	CU_ASSERT_STRING_EQUAL(b.data, "a=3Db =E2=80=94 end=20\r\n=2Edot\r\n");
	buf_reset(&b);
	memset(long_line, 'x', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	mime_qp(&b, long_line);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "=\r\n"));
	CU_ASSERT_EQUAL(strcspn(b.data, "\r"), 76);
	buf_reset(&b);
	mime_base64(&b, "any carnal pleas", 16);
	CU_ASSERT_STRING_EQUAL(b.data, "YW55IGNhcm5hbCBwbGVhcw==\r\n");
	buf_free(&b);
}

static void
message(void)
{
	struct mime_message	m;
	struct buf		b;
	const char		*bad_extra[] = { "X-A: b\r\nBcc: x", NULL };

	memset(&m, 0, sizeof(m));
	m.from = "a@example.com";
	m.to = "b@example.com";
	m.subject = "S";
	m.date = 0;
	m.id_left = "id1";
	m.id_right = "example.com";
	m.text = "t";
	m.html = "<p>h</p>";
	buf_init(&b, 0);
	CU_ASSERT_TRUE(mime_write(&b, &m));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 "
	    "+0000\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "Message-ID: <id1@example.com>"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "multipart/mixed"));
	buf_reset(&b);
	m.file = "%PDF";
	m.file_len = 4;
	m.file_name = "r.pdf";
	m.file_type = "application/pdf";
	CU_ASSERT_TRUE(mime_write(&b, &m));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "multipart/mixed"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "JVBERg==\r\n"));
	/* No header injection through any field. */
	buf_reset(&b);
	m.to = "b@example.com\r\nBcc: c@example.com";
	CU_ASSERT_FALSE(mime_write(&b, &m));
	m.to = "b@example.com";
	m.subject = "S\nBcc: c@example.com";
	CU_ASSERT_FALSE(mime_write(&b, &m));
	m.subject = "S";
	m.extra = bad_extra;
	CU_ASSERT_FALSE(mime_write(&b, &m));
	buf_free(&b);
}

static const struct unit_test tests[] = {
	{ "--notify: mailto: addresses and webhook URLs", recipients },
	{ "smtp_relay and the loopback rule", relays },
	{ "the webhook signature", signature },
	{ "smtp_auth_file must be root's alone", auth_file },
	{ "MIME: encoded words, quoted-printable, base64", encodings },
	{ "MIME: the message and no header injection", message },
	{ NULL, NULL }
};

int
suite_delivery(void)
{
	return add_suite("delivery", tests);
}
