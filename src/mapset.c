#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapset.h"
#include "pool.h"
#include "valid.h"

static const char *const rel_names[REL__MAX] = {
	[REL_EQUAL] = "equal",
	[REL_EQUIVALENT] = "equivalent",
	[REL_SUBSET] = "subset",
	[REL_SUPERSET] = "superset",
	[REL_INTERSECTS] = "intersects",
	[REL_NONE] = "no-relationship",
};

static const char *const rel_oscal[REL__MAX] = {
	[REL_EQUAL] = "equal-to",
	[REL_EQUIVALENT] = "equivalent-to",
	[REL_SUBSET] = "subset-of",
	[REL_SUPERSET] = "superset-of",
	[REL_INTERSECTS] = "intersects-with",
	[REL_NONE] = "no-relationship",
};

const char *
mapset_rel_name(enum rel r)
{
	return (unsigned)r < REL__MAX ? rel_names[r] : "?";
}

const char *
mapset_rel_oscal(enum rel r)
{
	return (unsigned)r < REL__MAX ? rel_oscal[r] : "?";
}

bool
mapset_rel_parse(const char *s, enum rel *r)
{
	int	i;

	for (i = 0; i < REL__MAX; i++)
		if (strcmp(s, rel_names[i]) == 0 || strcmp(s, rel_oscal[i]) == 0) {
			*r = (enum rel)i;
			return true;
		}
	return false;
}

enum rel
mapset_rel_reverse(enum rel r)
{
	if (r == REL_SUBSET)
		return REL_SUPERSET;
	if (r == REL_SUPERSET)
		return REL_SUBSET;
	return r;
}

struct mapset *
mapset_new(struct pool *p)
{
	struct mapset	*s;

	if ((s = pool_calloc(p, 1, sizeof(*s))) == NULL)
		return NULL;
	s->pool = p;
	return s;
}

/* Copies s into the pool; NULL stays NULL.  *ok turns false on failure. */
static const char *
dup_or_null(struct pool *p, const char *s, bool *ok)
{
	char	*d;

	if (s == NULL)
		return NULL;
	if ((d = pool_strdup(p, s)) == NULL)
		*ok = false;
	return d;
}

struct mapset *
mapset_named(struct mapset *const *sets, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(sets[i]->name, name) == 0)
			return sets[i];
	return NULL;
}

const struct mapping_row *
mapset_find(const struct mapset *s, const char *source_control,
    const char *target_control)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->rows[i].source_control, source_control) == 0 &&
		    strcmp(s->rows[i].target_control, target_control) == 0)
			return &s->rows[i];
	return NULL;
}

enum err
mapset_add(struct mapset *s, const struct mapping_row *row)
{
	struct mapping_row	*nrows, *r;
	size_t			 ncap;
	bool			 ok = true;

	if (s->n == MAPSET_ROWS_MAX)
		return ERR_TOO_LARGE;
	if (s->n == s->cap) {
		ncap = s->cap == 0 ? 256 : s->cap * 2;
		if ((nrows = pool_calloc(s->pool, ncap, sizeof(*nrows))) == NULL)
			return ERR_NOMEM;
		if (s->n > 0)
			memcpy(nrows, s->rows, s->n * sizeof(*nrows));
		s->rows = nrows;
		s->cap = ncap;
	}
	r = &s->rows[s->n];
	*r = *row;
	r->source_control = dup_or_null(s->pool, row->source_control, &ok);
	r->target_control = dup_or_null(s->pool, row->target_control, &ok);
	r->rationale = dup_or_null(s->pool, row->rationale, &ok);
	r->confidence = dup_or_null(s->pool, row->confidence, &ok);
	r->note = dup_or_null(s->pool, row->note, &ok);
	r->gap_level = dup_or_null(s->pool, row->gap_level, &ok);
	r->addendum = dup_or_null(s->pool, row->addendum, &ok);
	if (!ok)
		return ERR_NOMEM;
	s->n++;
	return ERR_OK;
}

struct pair_key {
	const char	*source;
	const char	*target;
	size_t		 line;
};

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair_key	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	if ((c = strcmp(x->target, y->target)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static bool
opt_enum(const char *v, const char *const *names)
{
	return v == NULL || valid_enum(v, names, NULL);
}

enum err
mapset_check(const struct mapset *s, char *msg, size_t msgsz)
{
	static const char *const rationales[] =
	    { "syntactic", "semantic", "functional", NULL };
	static const char *const confidences[] = { "high", "medium", "low", NULL };
	static const char *const gaps[] =
	    { "no-gap", "partial-gap", "full-gap", NULL };
	const char		*origin = s->origin != NULL ? s->origin : "mappings";
	const struct mapping_row *r;
	struct pair_key		*keys;
	size_t			 i;

	if (s->name == NULL || !valid_ident(s->name)) {
		snprintf(msg, msgsz, "%s: the set name must be " VALID_IDENT_RULE
		    " (use --name)", origin);
		return ERR_INVALID;
	}
	if (s->source_fw == NULL || s->target_fw == NULL ||
	    !valid_ident(s->source_fw) || !valid_ident(s->target_fw)) {
		snprintf(msg, msgsz, "%s: source and target framework ids are "
		    "required", origin);
		return ERR_INVALID;
	}
	if (strcmp(s->source_fw, s->target_fw) == 0) {
		snprintf(msg, msgsz, "%s: source and target framework are both %s",
		    origin, s->source_fw);
		return ERR_INVALID;
	}
	if (s->provenance == NULL || !valid_text(s->provenance, MAPSET_NOTE_MAX)) {
		snprintf(msg, msgsz, "%s: provenance: a statement of where the "
		    "mappings come from is required", origin);
		return ERR_INVALID;
	}
	if (s->version != NULL && !valid_text(s->version, 64)) {
		snprintf(msg, msgsz, "%s: version: 1 to 64 bytes of text", origin);
		return ERR_INVALID;
	}
	if (s->n == 0) {
		snprintf(msg, msgsz, "%s: the set has no mappings", origin);
		return ERR_INVALID;
	}
	for (i = 0; i < s->n; i++) {
		r = &s->rows[i];
#define BAD(field, why) do { snprintf(msg, msgsz, "%s:%zu: %s: %s", origin, \
	r->line, field, why); return ERR_INVALID; } while (0)
		if (r->source_control == NULL || !valid_ident(r->source_control))
			BAD("source_control", "not a control id");
		if (r->target_control == NULL || !valid_ident(r->target_control))
			BAD("target_control", "not a control id");
		if ((unsigned)r->rel >= REL__MAX)
			BAD("relationship", "unknown relationship");
		if (r->strength < -1 || r->strength > 10)
			BAD("strength", "must be a whole number from 0 to 10, or empty");
		if (!opt_enum(r->rationale, rationales))
			BAD("rationale", "must be syntactic, semantic or functional");
		if (!opt_enum(r->confidence, confidences))
			BAD("confidence", "must be high, medium or low");
		if (!opt_enum(r->gap_level, gaps))
			BAD("gap_level", "must be no-gap, partial-gap or full-gap");
		if (r->note != NULL && !valid_text(r->note, MAPSET_NOTE_MAX))
			BAD("note", "at most 4000 bytes of UTF-8 text without "
			    "control characters");
		if (r->addendum != NULL && !valid_text(r->addendum, MAPSET_NOTE_MAX))
			BAD("addendum", "at most 4000 bytes of UTF-8 text");
#undef BAD
	}
	if ((keys = reallocarray(NULL, s->n, sizeof(*keys))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < s->n; i++) {
		keys[i].source = s->rows[i].source_control;
		keys[i].target = s->rows[i].target_control;
		keys[i].line = s->rows[i].line;
	}
	qsort(keys, s->n, sizeof(*keys), pair_cmp);
	for (i = 1; i < s->n; i++)
		if (strcmp(keys[i].source, keys[i - 1].source) == 0 &&
		    strcmp(keys[i].target, keys[i - 1].target) == 0) {
			snprintf(msg, msgsz, "%s:%zu: %s -> %s is mapped twice "
			    "(first at line %zu)", origin, keys[i].line,
			    keys[i].source, keys[i].target, keys[i - 1].line);
			free(keys);
			return ERR_INVALID;
		}
	free(keys);
	return ERR_OK;
}
