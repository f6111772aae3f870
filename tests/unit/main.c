/*
 * Unit tests: one CUnit registry over every module suite.  Exits non-zero
 * when any assertion failed (CU_basic_run_tests() alone does not), and
 * prints the plain "N passed, N failed" line scripts/test adds up.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "tests.h"

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

int
main(void)
{
	unsigned	failed, run;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (suite_valid() || suite_query() || suite_route() ||
	    suite_output() || suite_conf() || suite_pool() || suite_auth() ||
	    suite_gap() || suite_cache() || suite_period() ||
	    suite_csa() || suite_oscal() || suite_chart() ||
	    suite_pdf() || suite_sign() || suite_csv()) {
		fprintf(stderr, "cannot register tests: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	printf("\nunit: %u passed, %u failed\n", run - failed, failed);
	failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed != 0;
}
