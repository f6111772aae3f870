/*
 * mapdiff.c — two mapping sets side by side (mapdiff.h).  Both sets are
 * turned into lists of pairs read from A's side, sorted, and walked
 * together once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "jw.h"
#include "mapdiff.h"
#include "mapset.h"
#include "pool.h"

static const char *const status_names[MAPDIFF__MAX] = {
	[MAPDIFF_AGREE] = "both-agree",
	[MAPDIFF_DIFFER] = "both-differ",
	[MAPDIFF_ONLY_A] = "only-a",
	[MAPDIFF_ONLY_B] = "only-b",
};

/* The keys of the "counts" object of the JSON form. */
static const char *const count_keys[MAPDIFF__MAX] = {
	[MAPDIFF_AGREE] = "both_agree",
	[MAPDIFF_DIFFER] = "both_differ",
	[MAPDIFF_ONLY_A] = "only_a",
	[MAPDIFF_ONLY_B] = "only_b",
};

const char *
mapdiff_status_name(enum mapdiff_status s)
{
	return (unsigned)s < MAPDIFF__MAX ? status_names[s] : "?";
}

/* One row of a set, as a pair read from A's side. */
struct side_row {
	const char		*source;
	const char		*target;
	struct mapdiff_side	 side;
};

static int
side_row_cmp(const void *x, const void *y)
{
	const struct side_row	*a = x, *b = y;
	int			 c;

	if ((c = strcmp(a->source, b->source)) != 0)
		return c;
	return strcmp(a->target, b->target);
}

/*
 * The rows of set as pairs of A's side, sorted; swapped (and subset and
 * superset exchanged) when backwards.  NULL when p runs out.
 */
static struct side_row *
side_rows(struct pool *p, const struct mapset *set, bool backwards)
{
	const struct mapping_row	*r;
	struct side_row			*v;
	size_t				 i;

	if ((v = pool_calloc(p, set->n + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < set->n; i++) {
		r = &set->rows[i];
		v[i].source = backwards ? r->target_control : r->source_control;
		v[i].target = backwards ? r->source_control : r->target_control;
		v[i].side.row = r;
		v[i].side.rel = backwards ? mapset_rel_reverse(r->rel) : r->rel;
		v[i].side.strength = r->strength;
	}
	qsort(v, set->n, sizeof(*v), side_row_cmp);
	return v;
}

/* Finds a pair twice in one sorted list; writes the message. */
static bool
has_duplicate(const struct side_row *v, size_t n, const struct mapset *set,
    char *msg, size_t msgsz)
{
	size_t	i;

	for (i = 1; i < n; i++)
		if (side_row_cmp(&v[i - 1], &v[i]) == 0) {
			snprintf(msg, msgsz, "set %s holds the pair %s, %s twice",
			    set->name, v[i].source, v[i].target);
			return true;
		}
	return false;
}

enum err
mapdiff_compare(struct pool *p, const struct mapset *a, const struct mapset *b,
    struct mapdiff *d, char *msg, size_t msgsz)
{
	struct side_row		*va, *vb;
	struct mapdiff_pair	*x;
	size_t			 i = 0, k = 0;
	int			 c;

	memset(d, 0, sizeof(*d));
	d->a = a;
	d->b = b;
	d->source_fw = a->source_fw;
	d->target_fw = a->target_fw;
	if (strcmp(a->source_fw, b->source_fw) == 0 &&
	    strcmp(a->target_fw, b->target_fw) == 0)
		d->b_backwards = false;
	else if (strcmp(a->source_fw, b->target_fw) == 0 &&
	    strcmp(a->target_fw, b->source_fw) == 0)
		d->b_backwards = true;
	else {
		snprintf(msg, msgsz, "set %s maps %s to %s and set %s maps %s "
		    "to %s: they are not about the same pair of frameworks",
		    a->name, a->source_fw, a->target_fw, b->name, b->source_fw,
		    b->target_fw);
		return ERR_INVALID;
	}
	/*
	 * Both sets are already in memory, so their row counts are far from
	 * SIZE_MAX and the sum cannot wrap; pool_calloc checks the product.
	 */
	if ((va = side_rows(p, a, false)) == NULL ||
	    (vb = side_rows(p, b, d->b_backwards)) == NULL ||
	    (d->pairs = pool_calloc(p, a->n + b->n + 1, sizeof(*d->pairs))) ==
	    NULL)
		return ERR_NOMEM;
	if (has_duplicate(va, a->n, a, msg, msgsz) ||
	    has_duplicate(vb, b->n, b, msg, msgsz))
		return ERR_INVALID;
	while (i < a->n || k < b->n) {
		x = &d->pairs[d->n++];
		if (i == a->n)
			c = 1;
		else if (k == b->n)
			c = -1;
		else
			c = side_row_cmp(&va[i], &vb[k]);
		if (c <= 0) {
			x->source_control = va[i].source;
			x->target_control = va[i].target;
			x->a = va[i++].side;
		} else {
			x->source_control = vb[k].source;
			x->target_control = vb[k].target;
		}
		if (c >= 0)
			x->b = vb[k++].side;
		if (c < 0)
			x->status = MAPDIFF_ONLY_A;
		else if (c > 0)
			x->status = MAPDIFF_ONLY_B;
		else
			x->status = x->a.rel == x->b.rel ? MAPDIFF_AGREE :
			    MAPDIFF_DIFFER;
		d->count[x->status]++;
	}
	return ERR_OK;
}

bool
mapdiff_same(const struct mapdiff *d)
{
	return d->count[MAPDIFF_DIFFER] == 0 && d->count[MAPDIFF_ONLY_A] == 0 &&
	    d->count[MAPDIFF_ONLY_B] == 0;
}

static void
json_set(struct jw *j, const char *key, const struct mapset *s,
    bool backwards)
{
	jw_key(j, key);
	jw_object_open(j);
	jw_kv_string(j, "name", s->name);
	jw_kv_string(j, "source", s->source_fw);
	jw_kv_string(j, "target", s->target_fw);
	jw_kv_string(j, "version", s->version);
	jw_kv_int(j, "rows", (int64_t)s->n);
	jw_key(j, "read_backwards");
	jw_bool(j, backwards);
	jw_object_close(j);
}

static void
json_side(struct jw *j, const char *key, const struct mapdiff_side *s)
{
	jw_key(j, key);
	if (s->row == NULL) {
		jw_null(j);
		return;
	}
	jw_object_open(j);
	jw_kv_string(j, "relationship", mapset_rel_name(s->rel));
	jw_key(j, "strength");
	if (s->strength >= 0)
		jw_int(j, s->strength);
	else
		jw_null(j);
	jw_kv_string(j, "confidence", s->row->confidence);
	jw_kv_string(j, "note", s->row->note);
	jw_object_close(j);
}

void
mapdiff_write_json(const struct mapdiff *d, struct buf *b)
{
	const struct mapdiff_pair	*x;
	struct jw			 j;
	size_t				 i;
	int				 s;

	jw_init(&j, b);
	jw_object_open(&j);
	jw_kv_string(&j, "source", d->source_fw);
	jw_kv_string(&j, "target", d->target_fw);
	json_set(&j, "a", d->a, false);
	json_set(&j, "b", d->b, d->b_backwards);
	jw_key(&j, "same");
	jw_bool(&j, mapdiff_same(d));
	jw_key(&j, "counts");
	jw_object_open(&j);
	jw_kv_int(&j, "pairs", (int64_t)d->n);
	for (s = 0; s < MAPDIFF__MAX; s++)
		jw_kv_int(&j, count_keys[s], (int64_t)d->count[s]);
	jw_object_close(&j);
	jw_key(&j, "pairs");
	jw_array_open(&j);
	for (i = 0; i < d->n; i++) {
		x = &d->pairs[i];
		jw_object_open(&j);
		jw_kv_string(&j, "source_control", x->source_control);
		jw_kv_string(&j, "target_control", x->target_control);
		jw_kv_string(&j, "status", mapdiff_status_name(x->status));
		json_side(&j, "a", &x->a);
		json_side(&j, "b", &x->b);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(b, '\n');
}

/* One spreadsheet cell (NULL: empty) and its separator. */
static void
csv_cell(struct buf *b, const char *s, bool last)
{
	if (s != NULL)
		esc_csv_cell(b, s, strlen(s));
	buf_putc(b, last ? '\n' : ',');
}

static void
csv_side(struct buf *b, const struct mapdiff_side *s, bool last)
{
	char	strength[16];

	if (s->row == NULL) {
		buf_puts(b, last ? ",,\n" : ",,,");
		return;
	}
	csv_cell(b, mapset_rel_name(s->rel), false);
	snprintf(strength, sizeof(strength), "%d", s->strength);
	csv_cell(b, s->strength >= 0 ? strength : NULL, false);
	csv_cell(b, s->row->note, last);
}

void
mapdiff_write_csv(const struct mapdiff *d, struct buf *b)
{
	const struct mapdiff_pair	*x;
	size_t				 i;

	buf_puts(b, "source_control,target_control,status,relationship_a,"
	    "strength_a,note_a,relationship_b,strength_b,note_b\n");
	for (i = 0; i < d->n; i++) {
		x = &d->pairs[i];
		csv_cell(b, x->source_control, false);
		csv_cell(b, x->target_control, false);
		csv_cell(b, mapdiff_status_name(x->status), false);
		csv_side(b, &x->a, false);
		csv_side(b, &x->b, true);
	}
}
