/* tests.h — the unit test suites; each t_*.c adds its own. */
#ifndef ANNEXA_TESTS_H
#define ANNEXA_TESTS_H

#include <CUnit/CUnit.h>

int	suite_valid(void);
int	suite_query(void);
int	suite_route(void);
int	suite_output(void);
int	suite_conf(void);
int	suite_pool(void);
int	suite_auth(void);
int	suite_session(void);
int	suite_gap(void);
int	suite_cache(void);
int	suite_period(void);
int	suite_csa(void);
int	suite_csaref(void);
int	suite_oscal(void);
int	suite_oscalcat(void);
int	suite_chart(void);
int	suite_pdf(void);
int	suite_sign(void);
int	suite_record(void);
int	suite_schedule(void);
int	suite_csv(void);
int	suite_mapcsv(void);
int	suite_mapdiff(void);
int	suite_maplint(void);
int	suite_html(void);
int	suite_multipart(void);
int	suite_sso(void);
int	suite_xlsx(void);
int	suite_share(void);
int	suite_delivery(void);

/* Adds a suite with the given tests; returns 0 or -1. */
struct unit_test {
	const char	*name;
	void		(*fn)(void);
};
int	add_suite(const char *, const struct unit_test *);

/*
 * Asserts that text holds every string of the NULL-ended parts: one
 * failed assertion per missing part, named on stderr after label.
 */
void	t_assert_holds_all(const char *label, const char *text,
	    const char *const *parts);

/*
 * Marks the running test as skipped: it could not run here, and why says
 * what is missing (printed on stderr).  Return from the test after it; a
 * skipped test is counted apart from the passed ones.
 */
void	t_skip(const char *why);

#endif
