#include "config.h"

#include <string.h>

#include "conf.h"
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

static const struct unit_test tests[] = {
	{ "parses keys, comments, spaces", parses_keys },
	{ "rejects bad lines naming file and line", rejects_with_line },
	{ "a missing file is an I/O error", missing_file },
	{ "response_cache_bytes takes bytes, K, M or G",
	    response_cache_bytes },
	{ NULL, NULL }
};

int
suite_conf(void)
{
	return add_suite("conf", tests);
}
