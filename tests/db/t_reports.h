/* t_reports.h — database tests of report generation (tests/db). */
#ifndef ANNEXA_T_REPORTS_H
#define ANNEXA_T_REPORTS_H

/* Every report kind with each pool allocation failing in turn. */
void	t_reports_alloc_failure(const char *app_db);

#endif
