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

static const struct unit_test tests[] = {
	{ "parses keys, comments, spaces", parses_keys },
	{ "rejects bad lines naming file and line", rejects_with_line },
	{ "a missing file is an I/O error", missing_file },
	{ NULL, NULL }
};

int
suite_conf(void)
{
	return add_suite("conf", tests);
}
