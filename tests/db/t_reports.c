/*
 * Reports under allocation failure: every report kind of the demo
 * organisation is generated once to learn how many pool allocations it
 * makes and what its bytes are (pinned signing time: reports are
 * deterministic), then again with each of those allocations made to fail
 * in turn (pool_fail_after()).  Every run must either give exactly the
 * reference bytes or fail with an error and no document: a placeholder
 * such as "?" in place of a number would give other bytes.  Leaks are
 * for the sanitizer layer (LeakSanitizer) and valgrind to find.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "buf.h"
#include "chart.h"
#include "conf.h"
#include "db.h"
#include "pdf.h"
#include "pool.h"
#include "report.h"
#include "sign.h"
#include "t_reports.h"

/* Runs walked per kind at most: every allocation up to this, else a stride
 * (a report makes a few hundred to a few thousand). */
#define WALK_MAX	5000

struct walk_env {
	struct report_env	 env;
	struct signer		*signer;
	bool			 ready;
};

static bool
walk_setup(const char *app_db, struct walk_env *w)
{
	struct conf	 c;
	struct pdf_opts	 po;
	const char	*path = getenv("ANNEXA_CONFIG");
	const char	*fonts = getenv("ANNEXA_FONT_DIR");
	char		 msg[512];
	enum err	 e;
	bool		 ok = false;

	memset(w, 0, sizeof(*w));
	memset(&c, 0, sizeof(c));
	if (path == NULL || fonts == NULL || conf_defaults(&c) != ERR_OK ||
	    conf_load(&c, path, msg, sizeof(msg)) != ERR_OK ||
	    c.signing_key == NULL || c.signing_cert == NULL)
		goto out;
	if (sign_load(c.signing_key, c.signing_cert, c.signing_chain,
	    &w->signer, msg, sizeof(msg)) != ERR_OK)
		goto out;
	w->env.db = db_open(app_db, DB_PREPARED, &e);
	if (w->env.db == NULL || e != ERR_OK)
		goto out;
	memset(&po, 0, sizeof(po));
	po.font_dir = fonts;
	w->env.font_dir = fonts;
	w->env.signer = w->signer;
	if ((w->env.pdf = pdf_new(&po)) == NULL)
		goto out;
	ok = true;
out:
	conf_free(&c);
	return w->ready = ok;
}

static void
walk_teardown(struct walk_env *w)
{
	pdf_free(w->env.pdf);
	db_close(w->env.db);
	sign_free(w->signer);
	chart_shutdown();	/* the font caches Cairo keeps for the process */
}

/* One generation with the n-th pool allocation failing (0: none). */
static enum err
walk_once(struct walk_env *w, const struct report_request *rq,
    unsigned long n, struct buf *out, unsigned long *left)
{
	struct report_result	 res;
	const char		*field;
	char			 msg[512];
	enum err		 e;

	memset(&res, 0, sizeof(res));
	buf_init(&res.pdf, 0);
	pool_fail_after(n);
	e = report_generate(&w->env, rq, &res, &field, msg, sizeof(msg));
	*left = pool_fail_after(0);
	buf_reset(out);
	if (res.pdf.len > 0)
		buf_append(out, res.pdf.data, res.pdf.len);
	if (e != ERR_OK) {
		CU_ASSERT_NOT_EQUAL(msg[0], '\0');	/* it says why */
	}
	buf_free(&res.pdf);
	return e;
}

static void
walk_kind(struct walk_env *w, enum report_kind kind, enum report_format f)
{
	struct report_request	 rq;
	struct buf		 ref, got;
	unsigned long		 count, left, n, step;
	size_t			 ok = 0, failed = 0;
	enum err		 e;

	memset(&rq, 0, sizeof(rq));
	rq.kind = kind;
	rq.org = "acme-cloud";
	rq.as_of = "2026-11-28";
	rq.target = kind == REPORT_GAP ? "ccm-v4" : NULL;
	rq.period = kind == REPORT_MANAGEMENT_REVIEW || kind == REPORT_REVIEWS ?
	    "2026-Q3" : NULL;
	rq.format = f;
	rq.generated = 1795003200;	/* 2026-11-18T12:00:00Z, pinned */
	rq.time_pinned = true;
	rq.trigger = "cli";
	rq.store = REPORT_FRESH;
	buf_init(&ref, 0);
	buf_init(&got, 0);
	/* The reference: no failure; ULONG_MAX counts the allocations. */
	e = walk_once(w, &rq, ULONG_MAX, &ref, &left);
	CU_ASSERT_EQUAL_FATAL(e, ERR_OK);
	CU_ASSERT_FATAL(ref.len > 1000);
	count = ULONG_MAX - left;
	CU_ASSERT_FATAL(count > 0);
	step = count <= WALK_MAX ? 1 : count / WALK_MAX + 1;
	for (n = 1; n <= count; n += step) {
		e = walk_once(w, &rq, n, &got, &left);
		/* The failure was injected: the n-th allocation happened. */
		CU_ASSERT_EQUAL(left, 0);
		if (e == ERR_OK) {
			ok++;
			CU_ASSERT(got.len == ref.len &&
			    memcmp(got.data, ref.data, ref.len) == 0);
		} else {
			failed++;
			CU_ASSERT_EQUAL(got.len, 0);	/* nothing signed */
			CU_ASSERT(e != ERR_INVALID && e != ERR_NOT_FOUND);
		}
	}
	/* Nothing is left over: the same request works again, the same. */
	e = walk_once(w, &rq, 0, &got, &left);
	CU_ASSERT_EQUAL(e, ERR_OK);
	CU_ASSERT(got.len == ref.len && memcmp(got.data, ref.data, ref.len) == 0);
	printf("\n    %s.%s: %lu pool allocations, %zu runs failed cleanly, %zu "
	    "gave the reference bytes (step %lu) ", report_kind_name(kind),
	    report_format_name(f), count, failed, ok, step);
	CU_ASSERT(failed > 0);
	buf_free(&ref);
	buf_free(&got);
}

void
t_reports_alloc_failure(const char *app_db)
{
	struct walk_env	w;
	int		k;

	if (!walk_setup(app_db, &w)) {
		walk_teardown(&w);
		CU_FAIL_FATAL("no signer, fonts or database for reports "
		    "(ANNEXA_CONFIG, ANNEXA_FONT_DIR)");
	}
	/* Every PDF and every workbook. */
	for (k = 0; k < REPORT__MAX; k++) {
		if (report_defs[k].layout != NULL)
			walk_kind(&w, (enum report_kind)k, REPORT_PDF);
		if (report_defs[k].workbook != NULL)
			walk_kind(&w, (enum report_kind)k, REPORT_XLSX);
	}
	walk_teardown(&w);
}
