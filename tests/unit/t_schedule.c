/*
 * Tests of schedule_write_file(): where a scheduled report may land (only
 * inside the output directory), the modes it gets whatever the umask, and
 * that a rewrite replaces the file whole.  The period a schedule owes and
 * the lease of its run are computed in SQL: tests/db covers them.
 */
#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "schedule.h"
#include "tests.h"

/* A fresh directory under /tmp holding "out"; *top is its path. */
static void
t_dirs(char *top, size_t topsz, char *out, size_t outsz)
{
	char	tmpl[] = "/tmp/annexa-t_schedule-XXXXXX";

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
	snprintf(top, topsz, "%s", tmpl);
	snprintf(out, outsz, "%s/out", tmpl);
}

static void
t_rm_rf(const char *path)
{
	char	cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static mode_t
t_mode(const char *path)
{
	struct stat	st;

	if (lstat(path, &st) != 0)
		return (mode_t)-1;
	return st.st_mode & 07777;
}

/* True when something (of any kind, a dangling link too) is at path. */
static bool
t_exists(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0;
}

static void
modes_ignore_the_umask(void)
{
	static const mode_t	 masks[] = { 022, 0, 077 };
	char			 top[64], out[80], p[256], msg[256];
	struct buf		 b;
	size_t			 i;
	mode_t			 old;

	buf_init(&b, 0);
	buf_puts(&b, "%PDF-1.7 test\n");
	CU_ASSERT_FATAL(!buf_failed(&b));
	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		t_dirs(top, sizeof(top), out, sizeof(out));
		old = umask(masks[i]);
		CU_ASSERT_EQUAL(schedule_write_file(out, "acme", "soa", "2026-10",
		    &b, msg, sizeof(msg)), ERR_OK);
		umask(old);
		snprintf(p, sizeof(p), "%s/acme", out);
		CU_ASSERT_EQUAL(t_mode(p), 0750);
		snprintf(p, sizeof(p), "%s/acme/soa", out);
		CU_ASSERT_EQUAL(t_mode(p), 0750);
		snprintf(p, sizeof(p), "%s/acme/soa/2026-10.pdf", out);
		CU_ASSERT_EQUAL(t_mode(p), 0640);
		/* --out-dir made by the run: the same mode */
		CU_ASSERT_EQUAL(t_mode(out), 0750);
		t_rm_rf(top);
	}
	buf_free(&b);
}

/* A directory left 0755 by an older version is brought to 0750. */
static void
existing_dirs_are_tightened(void)
{
	char		 top[64], out[80], p[256], msg[256];
	struct buf	 b;

	buf_init(&b, 0);
	buf_puts(&b, "x");
	t_dirs(top, sizeof(top), out, sizeof(out));
	CU_ASSERT_EQUAL(mkdir(out, 0755), 0);
	snprintf(p, sizeof(p), "%s/acme", out);
	CU_ASSERT_EQUAL(mkdir(p, 0755), 0);
	CU_ASSERT_EQUAL(chmod(p, 0755), 0);
	CU_ASSERT_EQUAL(schedule_write_file(out, "acme", "soa", "2026-10", &b,
	    msg, sizeof(msg)), ERR_OK);
	CU_ASSERT_EQUAL(t_mode(p), 0750);
	t_rm_rf(top);
	buf_free(&b);
}

static void
paths_stay_inside_out_dir(void)
{
	static const char *const bad[][3] = {
		{ "..", "soa", "2026-10" },
		{ ".", "soa", "2026-10" },
		{ ".hidden", "soa", "2026-10" },
		{ "a/../..", "soa", "2026-10" },
		{ "", "soa", "2026-10" },
		{ "acme", "..", "2026-10" },
		{ "acme", "x/y", "2026-10" },
		{ "acme", "soa", "../../escaped" },
		{ "acme", "soa", ".." },
	};
	char		 top[64], out[80], p[256], esc[128], msg[256];
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 0);
	buf_puts(&b, "x");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t_dirs(top, sizeof(top), out, sizeof(out));
		msg[0] = '\0';
		CU_ASSERT_EQUAL(schedule_write_file(out, bad[i][0], bad[i][1],
		    bad[i][2], &b, msg, sizeof(msg)), ERR_INVALID);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "outside --out-dir"));
		/* Nothing was written next to or above --out-dir. */
		snprintf(p, sizeof(p), "%s/soa", top);
		CU_ASSERT_FALSE(t_exists(p));
		snprintf(p, sizeof(p), "%s/escaped.pdf", top);
		CU_ASSERT_FALSE(t_exists(p));
		snprintf(p, sizeof(p), "%s/2026-10.pdf", top);
		CU_ASSERT_FALSE(t_exists(p));
		t_rm_rf(top);
	}

	/* A symbolic link inside --out-dir is not followed out of it. */
	t_dirs(top, sizeof(top), out, sizeof(out));
	snprintf(esc, sizeof(esc), "%s/elsewhere", top);
	CU_ASSERT_EQUAL(mkdir(esc, 0700), 0);
	CU_ASSERT_EQUAL(mkdir(out, 0750), 0);
	snprintf(p, sizeof(p), "%s/acme", out);
	CU_ASSERT_EQUAL(symlink(esc, p), 0);
	CU_ASSERT_EQUAL(schedule_write_file(out, "acme", "soa", "2026-10", &b,
	    msg, sizeof(msg)), ERR_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "outside --out-dir"));
	snprintf(p, sizeof(p), "%s/soa", esc);
	CU_ASSERT_FALSE(t_exists(p));
	t_rm_rf(top);
	buf_free(&b);
}

/* The entries of directory path, sorted, joined by spaces. */
static void
t_list(const char *path, char *out, size_t outsz)
{
	char	cmd[PATH_MAX + 32];
	FILE	*f;
	size_t	n;

	out[0] = '\0';
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | tr '\\n' ' '", path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = popen(cmd, "r"));
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	pclose(f);
}

/*
 * A second report for the same period replaces the first whole, and
 * leaves no temporary file beside it; a directory that cannot be made
 * is an I/O error naming it.
 */
static void
rewrites_replace_whole_files(void)
{
	char		 top[64], out[80], p[256], msg[256], got[64];
	struct buf	 b;
	FILE		*f;
	size_t		 n;

	buf_init(&b, 0);
	t_dirs(top, sizeof(top), out, sizeof(out));
	buf_puts(&b, "first version, the longer of the two\n");
	CU_ASSERT_EQUAL(schedule_write_file(out, "acme", "gap-ccm-v4-customer",
	    "2026-W48", &b, msg, sizeof(msg)), ERR_OK);
	buf_reset(&b);
	buf_puts(&b, "second\n");
	CU_ASSERT_EQUAL(schedule_write_file(out, "acme", "gap-ccm-v4-customer",
	    "2026-W48", &b, msg, sizeof(msg)), ERR_OK);
	snprintf(p, sizeof(p), "%s/acme/gap-ccm-v4-customer/2026-W48.pdf", out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(p, "r"));
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	CU_ASSERT_STRING_EQUAL(got, "second\n");
	snprintf(p, sizeof(p), "%s/acme/gap-ccm-v4-customer", out);
	t_list(p, got, sizeof(got));
	CU_ASSERT_STRING_EQUAL(got, "2026-W48.pdf ");

	/* --out-dir under a file: nothing can be made there. */
	snprintf(p, sizeof(p), "%s/plain", top);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(p, "w"));
	fclose(f);
	snprintf(p, sizeof(p), "%s/plain/out", top);
	msg[0] = '\0';
	CU_ASSERT_EQUAL(schedule_write_file(p, "acme", "soa", "2026-10", &b,
	    msg, sizeof(msg)), ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, p));
	t_rm_rf(top);
	buf_free(&b);
}

static const struct unit_test tests[] = {
	{ "files 0640 in directories 0750 under any umask",
	    modes_ignore_the_umask },
	{ "existing report directories are set to 0750",
	    existing_dirs_are_tightened },
	{ "output paths stay inside --out-dir", paths_stay_inside_out_dir },
	{ "a rewrite replaces the whole file, leaves no temporary",
	    rewrites_replace_whole_files },
	{ NULL, NULL }
};

int
suite_schedule(void)
{
	return add_suite("schedule", tests);
}
