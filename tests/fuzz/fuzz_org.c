/*
 * libFuzzer target for the validation of an organisation bundle (`annexa
 * import org FILE.json`, docs/formats.md), without a database: the input is
 * parsed as orgimport_text() parses it (json_loadb() with
 * JSON_REJECT_DUPLICATES), the top-level keys are checked against the
 * same list, the "org" object goes through record_check(REC_ORG), and
 * every element of every section array (and every item of a management
 * review) goes through record_check() with the kind orgimport.c gives
 * that section, as its check-only walk does before anything is written
 * (here the walk goes on past a refused element, to check them all).
 * A small hand-made catalog index stands in for the one orgimport loads.
 *
 * The section table below copies orgimport.c's; the first run checks
 * that orgimport_section_name() still lists the same keys in the same
 * order, so the copy cannot drift silently.
 *
 * Invariants asserted (abort() when one fails):
 *   - record_check() returns ERR_OK, ERR_INVALID or ERR_NOMEM;
 *   - on ERR_OK at most record_nfields() values are set and every one is
 *     1 to 4000 bytes of UTF-8 text without control characters
 *     (valid_text), as the statement parameters must be; the statement
 *     of a section has room for them (at most 16 parameters with the
 *     organisation and the framework);
 *   - on ERR_OK for "org", its id is set and is an identifier;
 *   - on ERR_INVALID the message starts with the origin and fits its
 *     buffer.
 * Each input gets its own pool, freed at the end.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_org
 *   cp -R tests/fuzz/corpus/org /tmp/corpus
 *   tests/fuzz/fuzz_org -max_total_time=60 /tmp/corpus
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "errcode.h"
#include "mapstore.h"
#include "orgimport.h"
#include "pool.h"
#include "record.h"
#include "valid.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)
#define ORIGIN		"bundle.json"
#define PARAMS_MAX	16	/* orgimport.c's write_row() */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The sections of orgimport.c, in its order; with_fw as it says. */
static const struct {
	const char		*key;
	enum record_kind	 kind;
	bool			 with_fw;
} sections[] = {
	{ "scopes", REC_SCOPE, false },
	{ "soa", REC_SOA, true },
	{ "evidence", REC_EVIDENCE, true },
	{ "reviews", REC_REVIEW, true },
	{ "changes", REC_CHANGE, true },
	{ "exceptions", REC_EXCEPTION, true },
	{ "findings", REC_FINDING, true },
	{ "corrective_actions", REC_CA, false },
	{ "management_reviews", REC_MR, false },
	{ "risks", REC_RISK, false },
	{ "risk_controls", REC_RISK_CONTROL, true },
	{ "objectives", REC_OBJECTIVE, false },
	{ "feedback", REC_FEEDBACK, false },
};
#define NSECTIONS	(sizeof(sections) / sizeof(sections[0]))
#define SEC_MRS		8

/* A few control ids in strcmp order, as catalog_index_load() gives them. */
static char	id0[] = "A.10.1.1";
static char	id1[] = "A.5.1";
static char	id2[] = "CLD.6.3.1";
static char	id3[] = "CLD.9.5.1";
static char	id4[] = "control-1";
static char	*ids[] = { id0, id1, id2, id3, id4 };
static const struct catalog_index catalog = {
	"fuzz-fw", ids, sizeof(ids) / sizeof(ids[0])
};

/* The table above against orgimport.c's, once. */
static void
check_table(void)
{
	static bool	done;
	size_t		i;

	if (done)
		return;
	for (i = 0; i < NSECTIONS; i++)
		if (strcmp(orgimport_section_name(i), sections[i].key) != 0 ||
		    1 + (sections[i].with_fw ? 1 : 0) +
		    record_nfields(sections[i].kind) > PARAMS_MAX)
			abort();
	if (strcmp(orgimport_section_name(NSECTIONS), "?") != 0 ||
	    strcmp(sections[SEC_MRS].key, "management_reviews") != 0 ||
	    record_nfields(REC_ITEM) + 2 > PARAMS_MAX)
		abort();
	done = true;
}

/* Runs record_check() and checks what it answers; returns its code. */
static enum err
check(enum record_kind kind, json_t *obj, struct pool *p, const char *where,
    const char *const *extra, const char **vals)
{
	char			 msg[512];
	struct record_ctx	 rc = { ORIGIN, &catalog, msg, sizeof(msg) };
	size_t			 i, n = record_nfields(kind);
	enum err		 e;

	if (n > RECORD_FIELDS_MAX)
		abort();
	memset(msg, 0, sizeof(msg));
	e = record_check(kind, obj, &rc, p, where, extra, vals);
	switch (e) {
	case ERR_OK:
		for (i = 0; i < n; i++)
			if (vals[i] != NULL && !valid_text(vals[i], 4000))
				abort();
		break;
	case ERR_INVALID:
		if (strnlen(msg, sizeof(msg)) == sizeof(msg) ||
		    strncmp(msg, ORIGIN ": ", sizeof(ORIGIN ": ") - 1) != 0)
			abort();
		break;
	case ERR_NOMEM:
		break;
	default:
		abort();
	}
	return e;
}

/*
 * orgimport.c's walk() with write == false, except that it goes on past
 * a refused element, so that every element is checked.
 */
static void
walk(json_t *root, struct pool *p)
{
	static const char *const mr_extra[] = { "items", NULL };
	const char	*vals[RECORD_FIELDS_MAX], *ivals[RECORD_FIELDS_MAX];
	char		 where[96], iwhere[160];
	json_t		*arr, *obj, *items, *it;
	size_t		 s, i, j;

	for (s = 0; s < NSECTIONS; s++) {
		arr = json_object_get(root, sections[s].key);
		if (arr == NULL || json_is_null(arr))
			continue;
		if (!json_is_array(arr) ||
		    json_array_size(arr) > ORGIMPORT_ITEMS_MAX)
			continue;
		json_array_foreach(arr, i, obj) {
			snprintf(where, sizeof(where), "%s[%zu]",
			    sections[s].key, i);
			if (check(sections[s].kind, obj, p, where,
			    s == SEC_MRS ? mr_extra : NULL, vals) != ERR_OK ||
			    s != SEC_MRS)
				continue;
			/* A management review's id keys its items. */
			if (vals[0] == NULL || !valid_ident(vals[0]))
				abort();
			items = json_object_get(obj, "items");
			if (items != NULL && !json_is_null(items) &&
			    (!json_is_array(items) ||
			    json_array_size(items) > 1000))
				continue;
			json_array_foreach(items, j, it) {
				snprintf(iwhere, sizeof(iwhere),
				    "%s.items[%zu]", where, j);
				(void)check(REC_ITEM, it, p, iwhere, NULL,
				    ivals);
			}
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const top[] = { "org", "scopes", "soa", "evidence",
	    "reviews", "changes", "exceptions", "findings",
	    "corrective_actions", "management_reviews", "risks",
	    "risk_controls", "objectives", "feedback", NULL };
	const char	*org_vals[RECORD_FIELDS_MAX], *k;
	json_error_t	 err;
	json_t		*root, *v;
	struct pool	*p;
	size_t		 i;

	check_table();
	if (size > FUZZ_INPUT_MAX)
		return 0;
	root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &err);
	if (root == NULL)
		return 0;
	if ((p = pool_new()) == NULL)
		abort();
	if (!json_is_object(root))
		goto out;
	json_object_foreach(root, k, v) {
		for (i = 0; top[i] != NULL && strcmp(top[i], k) != 0; i++)
			;
		if (top[i] == NULL)
			goto out;
	}
	/* orgimport stops at a bad org; the sections are checked anyway. */
	if (check(REC_ORG, json_object_get(root, "org"), p, "org", NULL,
	    org_vals) == ERR_OK &&
	    (org_vals[0] == NULL || !valid_ident(org_vals[0])))
		abort();
	walk(root, p);
out:
	pool_free(p);
	json_decref(root);
	return 0;
}
