/*
 * maplint.c — the mechanical rules of docs/mapping-rules.md ("Mechanical
 * rules", M1–M9), checked on one mapping set in memory.
 *
 * Every rule looks only at the set's rows (and, for the catalog rule,
 * at the caller's answer to "is this id in that catalog"); nothing here
 * reads a file or the database.  Control ids are compared and sorted
 * with strcmp(), the order the database returns them in (COLLATE "C").
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "maplint.h"
#include "mapset.h"
#include "pool.h"

/* How many other targets an M1 message names before "and N more". */
#define MAPLINT_TARGETS_NAMED	5

static const struct {
	const char	*name;	/* what the command prints and users grep */
	const char	*doc;	/* the rule's number in docs/mapping-rules.md */
} rules[MAPLINT__MAX] = {
	[MAPLINT_SUBSET_OF_SEVERAL] = { "subset-of-several", "M1" },
	[MAPLINT_SUPERSET_NOT_FULL] = { "superset-not-full", "M2" },
	[MAPLINT_EQUAL_NOT_SYNTACTIC] = { "equal-not-syntactic", "M3" },
	[MAPLINT_NO_RELATIONSHIP_STRENGTH] = { "no-relationship-strength", "M4" },
	[MAPLINT_REPEATED_NOTE] = { "repeated-note", "M5" },
	[MAPLINT_UNKNOWN_CONTROL] = { "unknown-control", "M6" },
	[MAPLINT_EQUIVALENT_SYNTACTIC] = { "equivalent-syntactic", "M7" },
	[MAPLINT_WHOLE_NOT_FULL] = { "whole-not-full", "M8" },
	[MAPLINT_PART_STRENGTH] = { "part-strength", "M9" },
};

/* The findings being collected; a failed allocation is sticky. */
struct lint {
	struct pool		*pool;
	struct maplint_finding	*f;
	size_t			 n;
	size_t			 cap;
	bool			 nomem;
};

/* A row with its note normalised, for the repeated-note rule. */
struct noted {
	const char		 *norm;
	const struct mapping_row *row;
};

const char *
maplint_rule_name(enum maplint_rule r)
{
	return (unsigned)r < MAPLINT__MAX ? rules[r].name : "?";
}

/*
 * Appends a finding on row r; the message is fmt's text followed by the
 * rule's number in docs/mapping-rules.md, as in "... (M2)".
 */
static void
add(struct lint *l, enum maplint_rule rule, const struct mapping_row *r,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
add(struct lint *l, enum maplint_rule rule, const struct mapping_row *r,
    const char *fmt, ...)
{
	struct maplint_finding	*nf;
	va_list			 ap;
	char			*text;
	size_t			 ncap;

	if (l->nomem)
		return;
	if (l->n == l->cap) {
		ncap = l->cap == 0 ? 16 : l->cap * 2;
		if ((nf = pool_calloc(l->pool, ncap, sizeof(*nf))) == NULL) {
			l->nomem = true;
			return;
		}
		if (l->n > 0)
			memcpy(nf, l->f, l->n * sizeof(*nf));
		l->f = nf;
		l->cap = ncap;
	}
	va_start(ap, fmt);
	text = pool_vprintf(l->pool, fmt, ap);
	va_end(ap);
	if (text == NULL || (text = pool_printf(l->pool, "%s (%s)", text,
	    rules[rule].doc)) == NULL) {
		l->nomem = true;
		return;
	}
	l->f[l->n].rule = rule;
	l->f[l->n].source = r->source_control;
	l->f[l->n].target = r->target_control;
	l->f[l->n].message = text;
	l->n++;
}

/*
 * The note with ASCII letters lowered, leading and trailing white space
 * dropped and every run of white space made one space, in the pool; ""
 * for no note.  NULL when memory runs out.
 */
static const char *
note_normalised(struct pool *p, const char *note)
{
	const char	*s;
	char		*out, *o;
	bool		 space = false;

	if (note == NULL)
		return "";
	if ((out = pool_alloc(p, strlen(note) + 1)) == NULL)
		return NULL;
	o = out;
	for (s = note; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
	}
	*o = '\0';
	return out;
}

/* True when the row has no note, or one of white space only. */
static bool
note_empty(const char *note)
{
	if (note == NULL)
		return true;
	for (; *note != '\0'; note++)
		if (*note != ' ' && *note != '\t' && *note != '\n' &&
		    *note != '\r')
			return false;
	return true;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct mapping_row	*x = *(const struct mapping_row *const *)a;
	const struct mapping_row	*y = *(const struct mapping_row *const *)b;
	int				 c;

	if ((c = strcmp(x->source_control, y->source_control)) != 0)
		return c;
	return strcmp(x->target_control, y->target_control);
}

static int
noted_cmp(const void *a, const void *b)
{
	const struct noted	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->norm, y->norm)) != 0)
		return c;
	return row_cmp(&x->row, &y->row);
}

static int
finding_cmp(const void *a, const void *b)
{
	const struct maplint_finding	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	if ((c = strcmp(x->target, y->target)) != 0)
		return c;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return strcmp(x->message, y->message);
}

/*
 * M2, M3, M4, M6, M7, M8 and M9: the rules that need only the row itself.
 */
static void
check_row(struct lint *l, const struct mapset *set,
    const struct mapping_row *r, maplint_known_fn known, void *known_arg)
{
	if (r->rel == REL_SUPERSET && r->strength < 10) {
		if (r->strength < 0)
			add(l, MAPLINT_SUPERSET_NOT_FULL, r, "superset without a "
			    "strength: a superset supplies all of the target, "
			    "so its strength is 10");
		else
			add(l, MAPLINT_SUPERSET_NOT_FULL, r, "superset with "
			    "strength %d: a superset supplies all of the "
			    "target, so its strength is 10, or the row is "
			    "subset or intersects", r->strength);
	}
	if (r->rel == REL_EQUAL && r->rationale != NULL &&
	    (strcmp(r->rationale, "semantic") == 0 ||
	    strcmp(r->rationale, "functional") == 0))
		add(l, MAPLINT_EQUAL_NOT_SYNTACTIC, r, "equal with rationale "
		    "%s: equal means the same words (syntactic); the same "
		    "meaning in other words is equivalent", r->rationale);
	if (r->rel == REL_EQUIVALENT && r->rationale != NULL &&
	    strcmp(r->rationale, "syntactic") == 0)
		add(l, MAPLINT_EQUIVALENT_SYNTACTIC, r, "equivalent with "
		    "rationale syntactic: the same words make the pair equal; "
		    "equivalent is the same meaning in other words");
	if ((r->rel == REL_EQUAL || r->rel == REL_EQUIVALENT) &&
	    r->strength >= 0 && r->strength != 10)
		add(l, MAPLINT_WHOLE_NOT_FULL, r, "%s with strength %d: the "
		    "pair covers all of the target, so its strength is 10; a "
		    "named missing part makes the row subset",
		    r->rel == REL_EQUAL ? "equal" : "equivalent", r->strength);
	if ((r->rel == REL_SUBSET || r->rel == REL_INTERSECTS) &&
	    (r->strength == 0 || r->strength == 10))
		add(l, MAPLINT_PART_STRENGTH, r, "%s with strength %d: a part "
		    "of the target is strength 1 to 9", r->rel == REL_SUBSET ?
		    "subset" : "intersects", r->strength);
	if (r->rel == REL_NONE && r->strength > 0)
		add(l, MAPLINT_NO_RELATIONSHIP_STRENGTH, r, "no-relationship "
		    "with strength %d: a row that relates nothing has no "
		    "strength (empty or 0); any real overlap is intersects",
		    r->strength);
	if (known == NULL)
		return;
	if (!known(known_arg, set->source_fw, r->source_control))
		add(l, MAPLINT_UNKNOWN_CONTROL, r, "source control %s is not in "
		    "the catalog of %s", r->source_control, set->source_fw);
	if (!known(known_arg, set->target_fw, r->target_control))
		add(l, MAPLINT_UNKNOWN_CONTROL, r, "target control %s is not in "
		    "the catalog of %s", r->target_control, set->target_fw);
}

/*
 * M1 on the subset rows of one source, subs[0..n) sorted by target: when
 * there are two or more, every one without a note is a finding that
 * names the other targets.
 */
static void
check_subsets(struct lint *l, const struct mapping_row *const *subs,
    size_t n)
{
	const char	*others;
	size_t		 i, j, named;

	if (n < 2)
		return;
	for (i = 0; i < n; i++) {
		if (!note_empty(subs[i]->note))
			continue;
		others = "";
		for (j = 0, named = 0; j < n && named < MAPLINT_TARGETS_NAMED;
		    j++) {
			if (j == i)
				continue;
			others = pool_printf(l->pool, "%s%s%s", others,
			    named > 0 ? ", " : "", subs[j]->target_control);
			if (others == NULL) {
				l->nomem = true;
				return;
			}
			named++;
		}
		if (n - 1 > named)
			add(l, MAPLINT_SUBSET_OF_SEVERAL, subs[i], "subset of %zu "
			    "targets (also %s and %zu more) and this row has no "
			    "note saying where the targets overlap", n, others,
			    n - 1 - named);
		else
			add(l, MAPLINT_SUBSET_OF_SEVERAL, subs[i], "subset of %zu "
			    "targets (also %s) and this row has no note saying "
			    "where the targets overlap", n, others);
	}
}

/*
 * M5 on one group of rows whose notes are the same once normalised,
 * g[0..n) sorted by source and target: each row is a finding naming the
 * first other row of the group.
 */
static void
check_repeats(struct lint *l, const struct noted *g, size_t n)
{
	const struct mapping_row	*other;
	size_t				 i;

	if (n < 2)
		return;
	for (i = 0; i < n; i++) {
		other = g[i == 0 ? 1 : 0].row;
		if (n > 2)
			add(l, MAPLINT_REPEATED_NOTE, g[i].row, "the note repeats "
			    "the note of %s -> %s and %zu other rows; each row "
			    "gives its own reason", other->source_control,
			    other->target_control, n - 2);
		else
			add(l, MAPLINT_REPEATED_NOTE, g[i].row, "the note repeats "
			    "the note of %s -> %s; each row gives its own reason",
			    other->source_control, other->target_control);
	}
}

enum err
maplint_run(struct pool *p, const struct mapset *set, maplint_known_fn known,
    void *known_arg, struct maplint_finding **out, size_t *n)
{
	const struct mapping_row	**byrow = NULL, **subs = NULL;
	struct noted			 *notes = NULL;
	struct lint			  l;
	size_t				  i, j, nsubs, nnotes;

	*out = NULL;
	*n = 0;
	memset(&l, 0, sizeof(l));
	l.pool = p;
	if (set->n == 0)
		return ERR_OK;
	if ((byrow = pool_calloc(p, set->n, sizeof(*byrow))) == NULL ||
	    (subs = pool_calloc(p, set->n, sizeof(*subs))) == NULL ||
	    (notes = pool_calloc(p, set->n, sizeof(*notes))) == NULL)
		return ERR_NOMEM;
	nnotes = 0;
	for (i = 0; i < set->n; i++) {
		byrow[i] = &set->rows[i];
		check_row(&l, set, &set->rows[i], known, known_arg);
		if (note_empty(set->rows[i].note))
			continue;
		if ((notes[nnotes].norm = note_normalised(p,
		    set->rows[i].note)) == NULL)
			return ERR_NOMEM;
		notes[nnotes++].row = &set->rows[i];
	}
	/* M1: the subset rows of each source, in order of target. */
	qsort(byrow, set->n, sizeof(*byrow), row_cmp);
	for (i = 0; i < set->n; i = j) {
		nsubs = 0;
		for (j = i; j < set->n && strcmp(byrow[j]->source_control,
		    byrow[i]->source_control) == 0; j++)
			if (byrow[j]->rel == REL_SUBSET)
				subs[nsubs++] = byrow[j];
		check_subsets(&l, subs, nsubs);
	}
	/* M5: rows whose notes read the same. */
	qsort(notes, nnotes, sizeof(*notes), noted_cmp);
	for (i = 0; i < nnotes; i = j) {
		for (j = i + 1; j < nnotes &&
		    strcmp(notes[j].norm, notes[i].norm) == 0; j++)
			;
		check_repeats(&l, &notes[i], j - i);
	}
	if (l.nomem)
		return ERR_NOMEM;
	if (l.n > 0)
		qsort(l.f, l.n, sizeof(*l.f), finding_cmp);
	*out = l.f;
	*n = l.n;
	return ERR_OK;
}
