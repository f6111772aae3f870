/*
 * Unit tests: one CUnit registry over every module suite.  Exits non-zero
 * when any assertion failed (CU_basic_run_tests() alone does not), and
 * prints the plain "N passed, N failed, N skipped" line scripts/test adds
 * up.  CUnit has no notion of a skipped test: a test that cannot run
 * here calls t_skip(), and is then counted as skipped, not passed
 * (unless it also failed an assertion, which makes it failed).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "tests.h"

/* The tests that called t_skip(), each once; far more than there are. */
#define T_SKIP_MAX	256
static CU_pTest	skipped_tests[T_SKIP_MAX];
static unsigned	skipped_n;

int
add_suite(const char *name, const struct unit_test *t)
{
	CU_pSuite	s;

	if ((s = CU_add_suite(name, NULL, NULL)) == NULL)
		return -1;
	for (; t->name != NULL; t++)
		if (CU_add_test(s, t->name, t->fn) == NULL)
			return -1;
	return 0;
}

void
t_assert_holds_all(const char *label, const char *text,
    const char *const *parts)
{
	size_t	i;

	for (i = 0; parts[i] != NULL; i++)
		if (text == NULL || strstr(text, parts[i]) == NULL) {
			CU_FAIL("text lacks an expected part");
			fprintf(stderr, "%s \"%s\" lacks \"%s\"\n", label,
			    text != NULL ? text : "(none)", parts[i]);
		}
}

void
t_skip(const char *why)
{
	CU_pTest	t = CU_get_current_test();
	unsigned	i;

	fprintf(stderr, "\n  (skipped: %s)\n", why);
	for (i = 0; i < skipped_n; i++)
		if (skipped_tests[i] == t)
			return;
	if (skipped_n < T_SKIP_MAX)
		skipped_tests[skipped_n++] = t;
	else
		CU_FAIL("too many skipped tests to count");
}

/* True when test t has a failed assertion in this run. */
static bool
t_failed(CU_pTest t)
{
	CU_pFailureRecord	f;

	for (f = CU_get_failure_list(); f != NULL; f = f->pNext)
		if (f->pTest == t)
			return true;
	return false;
}

int
main(void)
{
	unsigned	failed, run, skipped = 0, i;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (suite_valid() || suite_query() || suite_route() ||
	    suite_output() || suite_conf() || suite_pool() || suite_auth() || suite_session() ||
	    suite_gap() || suite_cache() || suite_period() ||
	    suite_csa() || suite_csaref() || suite_oscal() || suite_oscalcat() ||
	    suite_chart() ||
	    suite_pdf() || suite_sign() || suite_record() ||
	    suite_schedule() || suite_csv() || suite_mapcsv() ||
	    suite_mapdiff() || suite_maplint() || suite_html() ||
	    suite_multipart() || suite_sso() || suite_xlsx() ||
	    suite_share() || suite_delivery()) {
		fprintf(stderr, "cannot register tests: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	for (i = 0; i < skipped_n; i++)
		if (!t_failed(skipped_tests[i]))
			skipped++;
	printf("\nunit: %u passed, %u failed, %u skipped\n",
	    run - failed - skipped, failed, skipped);
	failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed != 0;
}
