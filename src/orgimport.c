#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"
#include "mapstore.h"
#include "model_records.h"
#include "orgimport.h"
#include "pool.h"
#include "record.h"
#include "valid.h"

/*
 * The sections of a bundle in the order they are written (references
 * point backwards).  Statement parameters: $1 the organisation, then $2
 * the source framework when with_fw, then the fields in table order.
 * A history section's records may carry a source id ("id"), which the
 * section's records may not share; in the SoA no two entries may name
 * the same control (the table's primary key).
 */
struct section {
	const char		*key;
	enum record_kind	 kind;
	enum stmt		 stmt;
	bool			 with_fw;
	bool			 history;
	enum history_kind	 hkind;
	const char		*unique;	/* a field no two records share */
};

enum { SEC_SCOPES, SEC_SOA, SEC_EVIDENCE, SEC_REVIEWS, SEC_CHANGES,
    SEC_EXCEPTIONS, SEC_FINDINGS, SEC_CAS, SEC_MRS, SEC_RISKS, SEC_RISK_CONTROLS,
    SEC_OBJECTIVES, SEC_FEEDBACK, SEC__MAX };

/* Rows of the table: a section of current records, of history records. */
#define PLAIN(key, kind, stmt, fw) \
	{ key, kind, stmt, fw, false, HISTORY__MAX, NULL }
#define HISTORY(key, kind, stmt, fw, h) \
	{ key, kind, stmt, fw, true, h, "id" }

static const struct section sections[SEC__MAX] = {
	[SEC_SCOPES] = PLAIN("scopes", REC_SCOPE, STMT_SCOPE_UPSERT, false),
	[SEC_SOA] = { "soa", REC_SOA, STMT_SOA_INSERT, true, false, HISTORY__MAX,
	    "control" },
	[SEC_EVIDENCE] = HISTORY("evidence", REC_EVIDENCE, STMT_EVIDENCE_APPEND,
	    true, HISTORY_EVIDENCE),
	[SEC_REVIEWS] = HISTORY("reviews", REC_REVIEW, STMT_REVIEW_APPEND, true,
	    HISTORY_REVIEW),
	[SEC_CHANGES] = HISTORY("changes", REC_CHANGE, STMT_CHANGE_APPEND, true,
	    HISTORY_CHANGE),
	[SEC_EXCEPTIONS] = PLAIN("exceptions", REC_EXCEPTION,
	    STMT_EXCEPTION_UPSERT, true),
	[SEC_FINDINGS] = PLAIN("findings", REC_FINDING, STMT_FINDING_UPSERT, true),
	[SEC_CAS] = PLAIN("corrective_actions", REC_CA, STMT_CA_UPSERT, false),
	[SEC_MRS] = PLAIN("management_reviews", REC_MR, STMT_MR_UPSERT, false),
	[SEC_RISKS] = PLAIN("risks", REC_RISK, STMT_RISK_UPSERT, false),
	[SEC_RISK_CONTROLS] = PLAIN("risk_controls", REC_RISK_CONTROL,
	    STMT_RISK_CONTROL_INSERT, true),
	[SEC_OBJECTIVES] = PLAIN("objectives", REC_OBJECTIVE,
	    STMT_OBJECTIVE_UPSERT, false),
	[SEC_FEEDBACK] = HISTORY("feedback", REC_FEEDBACK, STMT_FEEDBACK_APPEND,
	    false, HISTORY_FEEDBACK),
};

/*
 * The references between records that the schema's foreign keys check:
 * the record named must be in the bundle or stored for the organisation
 * already.  The importer checks them itself so that a bundle is refused
 * with the field named, before anything is written.
 */
enum { REF_SCOPE, REF_FINDING, REF_RISK, REF__MAX };

static const struct reference {
	size_t		 from;		/* the section that refers */
	const char	*field;
	size_t		 to;		/* the section referred to, by "id" */
	const char	*stored;	/* its name in STMT_ORG_RECORD_IDS */
} references[REF__MAX] = {
	[REF_SCOPE] = { SEC_SOA, "scope_id", SEC_SCOPES, "scope" },
	[REF_FINDING] = { SEC_CAS, "finding", SEC_FINDINGS, "finding" },
	[REF_RISK] = { SEC_RISK_CONTROLS, "risk", SEC_RISKS, "risk" },
};

/* An id and where it was seen: its index in a section. */
struct idref {
	const char	*id;
	size_t		 at;
};

/* A sorted array of ids, searched with bsearch. */
struct idset {
	struct idref	*v;
	size_t		 n;
};

static int
idref_cmp(const void *a, const void *b)
{
	const struct idref	*x = a, *y = b;
	int			 c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int
idref_cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct idref *)a)->id,
	    ((const struct idref *)b)->id);
}

static bool
idset_has(const struct idset *set, const char *id)
{
	struct idref	key = { id, 0 };

	return set->n > 0 && bsearch(&key, set->v, set->n, sizeof(*set->v),
	    idref_cmp_id) != NULL;
}

/*
 * What the bundle's records may refer to: for each reference, the ids of
 * its section in the bundle and those stored for org.  Strings that are
 * not ids are left out: the record holding them fails its own check.
 */
static enum err
load_references(struct record_ctx *c, struct db *db, struct pool *p,
    json_t *root, const char *org, struct idset *sets)
{
	const char	*params[1] = { org };
	PGresult	*r = NULL;
	json_t		*arr, *obj, *id;
	size_t		 k, i, max;
	int		 row, nrows;
	enum err	 e;

	if ((e = db_exec(db, STMT_ORG_RECORD_IDS, params, &r)) != ERR_OK) {
		snprintf(c->msg, c->msgsz, "%s: %s", c->origin, db_errmsg(db));
		return e;
	}
	nrows = PQntuples(r);
	for (k = 0; k < REF__MAX; k++) {
		arr = json_object_get(root, sections[references[k].to].key);
		max = (json_is_array(arr) ? json_array_size(arr) : 0) +
		    (size_t)nrows;
		sets[k].n = 0;
		if ((sets[k].v = pool_calloc(p, max + 1, sizeof(*sets[k].v))) ==
		    NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		json_array_foreach(arr, i, obj) {
			id = json_object_get(obj, "id");
			if (json_is_string(id) && valid_ident(json_string_value(id)))
				sets[k].v[sets[k].n++] =
				    (struct idref){ json_string_value(id), i };
		}
		for (row = 0; row < nrows; row++) {
			if (strcmp(PQgetvalue(r, row, ORG_RECORD_IDS_KIND),
			    references[k].stored) != 0)
				continue;
			if ((sets[k].v[sets[k].n].id = pool_strdup(p,
			    PQgetvalue(r, row, ORG_RECORD_IDS_ID))) == NULL) {
				e = ERR_NOMEM;
				goto out;
			}
			sets[k].v[sets[k].n++].at = SIZE_MAX;
		}
		qsort(sets[k].v, sets[k].n, sizeof(*sets[k].v), idref_cmp);
	}
out:
	PQclear(r);
	return e;
}

/* Checks the references of a checked record of section s. */
static enum err
check_references(struct record_ctx *c, const struct idset *sets, size_t s,
    const char *const *vals, const char *where)
{
	size_t	k;
	int	f;

	for (k = 0; k < REF__MAX; k++) {
		if (references[k].from != s)
			continue;
		f = record_field_index(sections[s].kind, references[k].field);
		if (f < 0 || vals[f] == NULL || idset_has(&sets[k], vals[f]))
			continue;
		snprintf(c->msg, c->msgsz, "%s: %s.%s: %s is not a %s of the "
		    "bundle or of the organisation", c->origin, where,
		    references[k].field, vals[f], references[k].stored);
		return ERR_INVALID;
	}
	return ERR_OK;
}

/*
 * Refuses a section in which two records give the same value of its
 * unique field: names the later of the first such pair.
 */
static enum err
check_unique(struct record_ctx *c, struct idref *seen, size_t n, size_t s)
{
	size_t	i, dup = SIZE_MAX;

	qsort(seen, n, sizeof(*seen), idref_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(seen[i - 1].id, seen[i].id) == 0 &&
		    (dup == SIZE_MAX || seen[i].at < seen[dup].at))
			dup = i;
	if (dup == SIZE_MAX)
		return ERR_OK;
	snprintf(c->msg, c->msgsz, "%s: %s[%zu].%s: %s appears twice (also at "
	    "%s[%zu])", c->origin, sections[s].key, seen[dup].at,
	    sections[s].unique, seen[dup].id, sections[s].key,
	    seen[dup - 1].at);
	return ERR_INVALID;
}

const char *
orgimport_section_name(size_t i)
{
	return i < SEC__MAX ? sections[i].key : "?";
}

/* Runs a statement for one checked object; names it on failure. */
static enum err
write_row(struct record_ctx *c, struct db *db, enum stmt st, const char *org,
    const char *fw, const char *const *vals, size_t nv, const char *where)
{
	const char	*params[16];
	size_t		 k = 0, i;
	enum err	 e;

	params[k++] = org;
	if (fw != NULL)
		params[k++] = fw;
	for (i = 0; i < nv && k < 16; i++)
		params[k++] = vals[i];
	if ((e = db_run(db, st, params)) != ERR_OK)
		snprintf(c->msg, c->msgsz, "%s: %s: %s", c->origin, where,
		    db_errmsg(db));
	return e;
}

/*
 * Writes a history record that carries a source id, unless it is stored
 * already; a stored record of that id with other content is an error.
 */
static enum err
write_sourced(struct record_ctx *c, struct db *db, struct pool *p, size_t s,
    const char *org, const char *fw, const char *const *vals, size_t nv,
    const char *where)
{
	const char	*params[16], *id;
	enum sourced	 outcome;
	size_t		 k = 0, i;
	enum err	 e;

	params[k++] = org;
	if (sections[s].with_fw)
		params[k++] = fw;
	for (i = 0; i < nv && k < 16; i++)
		params[k++] = vals[i];
	e = model_history_put_sourced(db, p, sections[s].hkind, params, &outcome,
	    &id);
	if (e != ERR_OK) {
		snprintf(c->msg, c->msgsz, "%s: %s: %s", c->origin, where,
		    db_errmsg(db));
		return e;
	}
	if (outcome == SOURCED_DIFFERENT) {
		snprintf(c->msg, c->msgsz, "%s: %s.id \"%s\": already imported "
		    "with different content", c->origin, where, vals[nv - 1]);
		return ERR_INVALID;
	}
	return ERR_OK;
}

/*
 * Checks (write == false) or writes (write == true) every section; refs
 * are what records may refer to (load_references).
 */
static enum err
walk(struct record_ctx *c, struct db *db, struct pool *p, json_t *root,
    const char *org, const char *fw, const struct idset *refs, bool write,
    struct orgimport_result *res)
{
	static const char *const mr_extra[] = { "items", NULL };
	const char	*vals[16], *ivals[16];
	char		 where[96], iwhere[160];
	json_t		*arr, *obj, *items, *it;
	struct idref	*seen = NULL;
	size_t		 s, i, j, n, nseen;
	int		 uf;
	enum err	 e;

	for (s = 0; s < SEC__MAX; s++) {
		arr = json_object_get(root, sections[s].key);
		if (arr == NULL || json_is_null(arr))
			continue;
		if (!json_is_array(arr) || json_array_size(arr) > ORGIMPORT_ITEMS_MAX) {
			snprintf(c->msg, c->msgsz, "%s: %s: must be an array of at "
			    "most %d objects", c->origin, sections[s].key,
			    ORGIMPORT_ITEMS_MAX);
			return ERR_INVALID;
		}
		n = record_nfields(sections[s].kind);
		uf = sections[s].unique != NULL ?
		    record_field_index(sections[s].kind, sections[s].unique) : -1;
		nseen = 0;
		if (!write && uf >= 0 && (seen = pool_calloc(p,
		    json_array_size(arr) + 1, sizeof(*seen))) == NULL)
			return ERR_NOMEM;
		if (write && s == SEC_SOA &&
		    (e = db_run(db, STMT_SOA_DELETE, (const char *[]){ org })) != ERR_OK) {
			snprintf(c->msg, c->msgsz, "%s: soa: %s", c->origin,
			    db_errmsg(db));
			return e;
		}
		json_array_foreach(arr, i, obj) {
			snprintf(where, sizeof(where), "%s[%zu]", sections[s].key, i);
			if ((e = record_check(sections[s].kind, obj, c, p, where,
			    s == SEC_MRS ? mr_extra : NULL, vals)) != ERR_OK)
				return e;
			if (!write && (e = check_references(c, refs, s, vals,
			    where)) != ERR_OK)
				return e;
			if (!write && uf >= 0 && vals[uf] != NULL)
				seen[nseen++] = (struct idref){ vals[uf], i };
			/* The source id is last: the plain append ignores it. */
			if (write && sections[s].history && vals[n - 1] != NULL)
				e = write_sourced(c, db, p, s, org, fw, vals, n,
				    where);
			else if (write)
				e = write_row(c, db, sections[s].stmt, org,
				    sections[s].with_fw ? fw : NULL, vals,
				    sections[s].history ? n - 1 : n, where);
			if (e != ERR_OK)
				return e;
			if (s != SEC_MRS)
				continue;
			/* A management review's decisions and actions. */
			items = json_object_get(obj, "items");
			if (items != NULL && !json_is_null(items) &&
			    (!json_is_array(items) || json_array_size(items) > 1000)) {
				snprintf(c->msg, c->msgsz, "%s: %s.items: must be an "
				    "array of at most 1000 objects", c->origin, where);
				return ERR_INVALID;
			}
			if (write && (e = write_row(c, db, STMT_MRI_DELETE, org,
			    NULL, vals, 1, where)) != ERR_OK)
				return e;
			json_array_foreach(items, j, it) {
				snprintf(iwhere, sizeof(iwhere), "%s.items[%zu]",
				    where, j);
				if ((e = record_check(REC_ITEM, it, c, p, iwhere, NULL,
				    ivals)) != ERR_OK)
					return e;
				if (write) {
					/* $2 is the review's id (vals[0]). */
					if ((e = write_row(c, db, STMT_MRI_INSERT, org,
					    vals[0], ivals, record_nfields(REC_ITEM),
					    iwhere)) != ERR_OK)
						return e;
				}
			}
		}
		if (!write && uf >= 0 &&
		    (e = check_unique(c, seen, nseen, s)) != ERR_OK)
			return e;
		res->counts[s] = json_array_size(arr);
	}
	return ERR_OK;
}

enum err
orgimport_text(struct db *db, const char *origin, const char *text,
    size_t len, struct orgimport_result *res, char *msg, size_t msgsz)
{
	static const char *const top[] = { "org", "scopes", "soa", "evidence",
	    "reviews", "changes", "exceptions", "findings", "corrective_actions",
	    "management_reviews", "risks", "risk_controls", "objectives",
	    "feedback", NULL };
	struct catalog_index	 catalog = { NULL, NULL, 0 };
	struct idset		 refs[REF__MAX];
	struct record_ctx	 c = { origin, &catalog, msg, msgsz };
	const char	*org_vals[8], *k, *fw;
	json_error_t	 jerr;
	json_t		*root, *v;
	struct pool	*p;
	size_t		 i;
	enum err	 e;

	memset(res, 0, sizeof(*res));
	res->nsections = SEC__MAX;
	if ((p = pool_new()) == NULL)
		return ERR_NOMEM;
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		snprintf(msg, msgsz, "%s:%d: %s", origin, jerr.line, jerr.text);
		pool_free(p);
		return ERR_INVALID;
	}
	e = ERR_INVALID;
	if (!json_is_object(root)) {
		snprintf(msg, msgsz, "%s: the bundle must be a JSON object", origin);
		goto out;
	}
	json_object_foreach(root, k, v) {
		for (i = 0; top[i] != NULL && strcmp(top[i], k) != 0; i++)
			;
		if (top[i] == NULL) {
			snprintf(msg, msgsz, "%s: %.64s: unknown key", origin, k);
			goto out;
		}
	}
	if ((e = record_check(REC_ORG, json_object_get(root, "org"), &c, p, "org",
	    NULL, org_vals)) != ERR_OK)
		goto out;
	fw = org_vals[3] != NULL ? org_vals[3] : "iso27017-2015";
	org_vals[3] = fw;
	if ((e = catalog_index_load(db, p, fw, &catalog)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	if (catalog.n == 0) {
		snprintf(msg, msgsz, "%s: org.source_framework: %s has no catalog",
		    origin, fw);
		e = ERR_INVALID;
		goto out;
	}
	/* Everything is checked before anything is written. */
	if ((e = load_references(&c, db, p, root, org_vals[0], refs)) != ERR_OK ||
	    (e = walk(&c, db, p, root, org_vals[0], fw, refs, false,
	    res)) != ERR_OK)
		goto out;
	if ((e = db_begin(db)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	if ((e = db_run(db, STMT_ORG_UPSERT, org_vals)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: org: %s", origin, db_errmsg(db));
		db_rollback(db);
		goto out;
	}
	if ((e = walk(&c, db, p, root, org_vals[0], fw, refs, true,
	    res)) != ERR_OK) {
		db_rollback(db);
		goto out;
	}
	if ((e = db_commit(db)) != ERR_OK) {
		snprintf(msg, msgsz, "%s: %s", origin, db_errmsg(db));
		goto out;
	}
	snprintf(res->org, sizeof(res->org), "%s", org_vals[0]);
out:
	json_decref(root);
	pool_free(p);
	return e;
}
