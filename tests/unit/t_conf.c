#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "netallow.h"
#include "tests.h"

static void
parses_keys(void)
{
	struct conf	c;
	char		msg[256];

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "# comment\n"
	    "\n"
	    "database = host=/tmp dbname=annexa user=app\n"
	    "  threads=8  \n"
	    "listen = unix:/run/annexa/fcgi.sock\r\n"
	    "log_level = debug\n", msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(c.database, "host=/tmp dbname=annexa user=app");
	CU_ASSERT_EQUAL(c.threads, 8);
	CU_ASSERT_STRING_EQUAL(c.listen, "unix:/run/annexa/fcgi.sock");
	CU_ASSERT_EQUAL(c.log_level, LOG_DEBUG);
	CU_ASSERT_PTR_NULL(c.admin_database);
	conf_free(&c);
}

static void
rejects_with_line(void)
{
	struct conf	c;
	char		msg[256];

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "threads = 4\ncolour = blue\n",
	    msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(msg, "t.conf:2: unknown key");
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "threads = 0\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "t.conf:1:"));
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "threads = 4x\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "just words\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "listen =\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "log_level = loud\n", msg,
	    sizeof(msg)), ERR_INVALID);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "threads = 2\nthreads = 3\n", msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(msg, "t.conf:2: key given twice");
	conf_free(&c);
}

static void
missing_file(void)
{
	struct conf	c;
	char		msg[256];

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_load(&c, "/nonexistent/annexa.conf", msg,
	    sizeof(msg)), ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "/nonexistent/annexa.conf"));
	conf_free(&c);
	CU_ASSERT_STRING_EQUAL(conf_path("/x.conf"), "/x.conf");
}

/* Whether a peer with the given address text passes the list. */
static bool
peer_allowed(const struct netallow *a, const char *text)
{
	struct sockaddr_in	in;
	struct sockaddr_in6	in6;

	memset(&in, 0, sizeof(in));
	memset(&in6, 0, sizeof(in6));
	if (inet_pton(AF_INET, text, &in.sin_addr) == 1) {
		in.sin_family = AF_INET;
		return netallow_match(a, (struct sockaddr *)&in, sizeof(in));
	}
	CU_ASSERT_EQUAL_FATAL(inet_pton(AF_INET6, text, &in6.sin6_addr), 1);
	in6.sin6_family = AF_INET6;
	return netallow_match(a, (struct sockaddr *)&in6, sizeof(in6));
}

static void
fastcgi_allow_key(void)
{
	struct conf		c;
	struct sockaddr_un	sun;
	char			msg[256], text[NETALLOW_TEXT];

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	/* The default: loopback only. */
	CU_ASSERT_EQUAL(c.fastcgi_allow.n, 2);
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "127.0.0.1"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "127.1.2.3"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "::1"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "::ffff:127.0.0.1"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "10.0.0.5"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "::2"));
	/* A unix peer never matches an address list. */
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	CU_ASSERT_FALSE(netallow_match(&c.fastcgi_allow,
	    (struct sockaddr *)&sun, sizeof(sun)));

	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "fastcgi_allow = 127.0.0.1,  ::1 ,10.0.0.5, 192.168.4.0/22,"
	    "fd00::/8, 0.0.0.0/32\n", msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(c.fastcgi_allow.n, 6);
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "10.0.0.5"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "10.0.0.6"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "127.0.0.2"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "192.168.7.255"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "192.168.8.0"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "fdab::1"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "fe80::1"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "::ffff:10.0.0.5"));
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "1.2.3.4"));

	/* A list that leaves loopback out replaces the default. */
	conf_free(&c);
	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "fastcgi_allow = 10.9.9.9\n",
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_FALSE(peer_allowed(&c.fastcgi_allow, "127.0.0.1"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "10.9.9.9"));
	/* Everything: an operator's explicit choice. */
	conf_free(&c);
	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "fastcgi_allow = 0.0.0.0/0, ::/0\n", msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "203.0.113.9"));
	CU_ASSERT_TRUE(peer_allowed(&c.fastcgi_allow, "2001:db8::9"));

	netallow_addr_text((struct sockaddr *)&sun, sizeof(sun), text,
	    sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "?");
	conf_free(&c);
}

static void
fastcgi_allow_rejects(void)
{
	static const char *const bad[] = {
		"fastcgi_allow =\n",
		"fastcgi_allow = localhost\n",
		"fastcgi_allow = 10.0.0.1,\n",
		"fastcgi_allow = ,10.0.0.1\n",
		"fastcgi_allow = 10.0.0.1,,::1\n",
		"fastcgi_allow = 10.0.0.1 ::1\n",
		"fastcgi_allow = 10.0.0.256\n",
		"fastcgi_allow = 10.0.0.0/33\n",
		"fastcgi_allow = ::/129\n",
		"fastcgi_allow = 10.0.0.0/\n",
		"fastcgi_allow = 10.0.0.0/-1\n",
		"fastcgi_allow = 10.0.0.0/8x\n",
		"fastcgi_allow = 1:2:3:4:5:6:7:8:9\n",
		NULL
	};
	struct conf	c;
	char		msg[256], many[1024];
	size_t		i, n = 0;

	for (i = 0; bad[i] != NULL; i++) {
		CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
		CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", bad[i], msg,
		    sizeof(msg)), ERR_INVALID);
		if (strncmp(msg, "t.conf:1: fastcgi_allow: ", 25) != 0)
			fprintf(stderr, "\n%s -> %s\n", bad[i], msg);
		CU_ASSERT_EQUAL(strncmp(msg, "t.conf:1: fastcgi_allow: ", 25),
		    0);
		/* A refused value leaves the default in place. */
		CU_ASSERT_EQUAL(c.fastcgi_allow.n, 2);
		conf_free(&c);
	}
	/* At most NETALLOW_MAX entries. */
	n = (size_t)snprintf(many, sizeof(many), "fastcgi_allow = 10.0.0.0");
	for (i = 1; i <= NETALLOW_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, ",10.0.0.%zu",
		    i);
	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", many, msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "more than 32"));
	/* Given twice. */
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "fastcgi_allow = ::1\nfastcgi_allow = ::1\n", msg, sizeof(msg)),
	    ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(msg, "t.conf:2: key given twice");
	conf_free(&c);
}

/* response_cache_bytes: bytes or K, M, G; 0 turns the cache off. */
static void
response_cache_bytes(void)
{
	struct conf	 c;
	char		 msg[256];
	static const struct {
		const char	*text;
		size_t		 bytes;
	} good[] = {
		{ "response_cache_bytes = 1000\n", 1000 },
		{ "response_cache_bytes = 0\n", 0 },
		{ "response_cache_bytes = 16K\n", 16 * 1024 },
		{ "response_cache_bytes = 256M\n", (size_t)256 * 1024 * 1024 },
		{ "response_cache_bytes = 2G\n", (size_t)2 * 1024 * 1024 * 1024 },
	};
	static const char *const bad[] = { "response_cache_bytes = -1\n",
	    "response_cache_bytes = 64 M\n", "response_cache_bytes = M\n",
	    "response_cache_bytes = 12T\n", "response_cache_bytes = 1025G\n",
	    "response_cache_bytes = 0x10\n" };
	size_t		 i;

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(c.response_cache_bytes, (size_t)64 * 1024 * 1024);
	conf_free(&c);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
		CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", good[i].text, msg,
		    sizeof(msg)), ERR_OK);
		CU_ASSERT_EQUAL(c.response_cache_bytes, good[i].bytes);
		conf_free(&c);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
		CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", bad[i], msg,
		    sizeof(msg)), ERR_INVALID);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "t.conf:1: expected a whole "
		    "number of bytes"));
		conf_free(&c);
	}
}

/*
 * report_dir, which older versions accepted and never used: a file that
 * still sets it is read as before, with a warning naming the line (on
 * stderr when the file is loaded), and the key is no longer a field.
 */
static void
retired_report_dir(void)
{
	struct conf	 c;
	char		 msg[256], path[] = "/tmp/annexa-t_conf-XXXXXX", err[512];
	FILE		*cap;
	int		 fd, saved;
	size_t		 n;

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "threads = 2\n"
	    "report_dir = /var/lib/annexa/reports\nlisten = unix:/x.sock\n",
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(msg, "t.conf:2: report_dir is no longer used "
	    "and is ignored");
	CU_ASSERT_EQUAL(c.threads, 2);
	CU_ASSERT_STRING_EQUAL(c.listen, "unix:/x.sock");
	/* No warning: msg is empty. */
	CU_ASSERT_EQUAL(conf_parse(&c, "u.conf", "threads = 3\n", msg,
	    sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(msg, "");
	/* Given twice, it is an error like any key. */
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", "report_dir = /a\n"
	    "report_dir = /b\n", msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_STRING_EQUAL(msg, "t.conf:2: key given twice");
	conf_free(&c);

	/* Loaded from a file, the warning reaches stderr. */
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "report_dir = /srv\n", 18), 18);
	close(fd);
	cap = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(cap);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(cap), STDERR_FILENO);
	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_EQUAL(conf_load(&c, path, msg, sizeof(msg)), ERR_OK);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	conf_free(&c);
	unlink(path);
	rewind(cap);
	n = fread(err, 1, sizeof(err) - 1, cap);
	err[n] = '\0';
	fclose(cap);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "annexa: configuration: warning: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ":1: report_dir is no longer used "
	    "and is ignored\n"));
}

/* The delivery keys: relay HOST:PORT, sender address, attachment cap. */
static void
delivery_keys(void)
{
	static const char *const bad[] = {
		"smtp_relay = mail.example.com\n",
		"smtp_relay = mail.example.com:0\n",
		"smtp_relay = mail example.com:25\n",
		"smtp_from = annexa\n",
		"smtp_from = a@b\n",
		"smtp_from = <a@b.example>\n",
		"smtp_attach_max = lots\n",
	};
	struct conf	c;
	char		msg[512];
	size_t		i;

	CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
	CU_ASSERT_PTR_NULL(c.smtp_relay);
	CU_ASSERT_EQUAL(c.smtp_attach_max, CONF_ATTACH_MAX_DEFAULT);
	CU_ASSERT_EQUAL(conf_parse(&c, "t.conf",
	    "smtp_relay = [::1]:2525\n"
	    "smtp_from = annexa@example.com\n"
	    "smtp_auth_file = /etc/annexa/smtp-auth\n"
	    "smtp_attach_max = 2M\n"
	    "tls_ca_file = /etc/ssl/extra.pem\n", msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_STRING_EQUAL(c.smtp_relay, "[::1]:2525");
	CU_ASSERT_STRING_EQUAL(c.smtp_from, "annexa@example.com");
	CU_ASSERT_EQUAL(c.smtp_attach_max, 2 * 1024 * 1024);
	CU_ASSERT_STRING_EQUAL(c.tls_ca_file, "/etc/ssl/extra.pem");
	conf_free(&c);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL_FATAL(conf_defaults(&c), ERR_OK);
		CU_ASSERT_EQUAL(conf_parse(&c, "t.conf", bad[i], msg,
		    sizeof(msg)), ERR_INVALID);
		/* Named by the key, or by the rule of its value. */
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "t.conf:1: "));
		CU_ASSERT_TRUE(strstr(msg, "smtp_") != NULL ||
		    strstr(msg, "bytes") != NULL);
		conf_free(&c);
	}
}

static const struct unit_test tests[] = {
	{ "parses keys, comments, spaces", parses_keys },
	{ "rejects bad lines naming file and line", rejects_with_line },
	{ "a missing file is an I/O error", missing_file },
	{ "fastcgi_allow: addresses and prefixes, loopback by default",
	    fastcgi_allow_key },
	{ "fastcgi_allow: bad lists are refused naming the key",
	    fastcgi_allow_rejects },
	{ "response_cache_bytes takes bytes, K, M or G",
	    response_cache_bytes },
	{ "report_dir is accepted with a warning and ignored",
	    retired_report_dir },
	{ "smtp_relay, smtp_from, smtp_attach_max and their errors",
	    delivery_keys },
	{ NULL, NULL }
};

int
suite_conf(void)
{
	return add_suite("conf", tests);
}
