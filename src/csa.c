/*
 * csa.c — CSA's CCM JSON bundle into mapping sets (see csa.h).
 *
 * The files are CSA's own machine-readable CCM v4 release:
 *
 *   ccm-primary-dataset.json   {"name", "version", "url", "domains": [
 *                                {"id", "title", "controls": [{"id", ...}]}]}
 *   ccm-mappings-*.json        [{"name": "ISO/IEC 27001:2022, 27002:2022",
 *                                "mappings": [{"control_id": "A&A-01",
 *                                  "references": ["27001: A.5.1", ...],
 *                                  "gap_level": "No Gap", "addendum": "N/A"}]}]
 *
 * A mappings file holds one or more "families" (the objects of the top
 * array), each CCM v4 against a family of standards named by "name".
 * References are short strings written by hand, so their grammar is
 * loose; csaref.c reads them and lists every form seen in CSA's v4.0.12
 * files.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "csa.h"
#include "csaref.h"
#include "mapset.h"
#include "pool.h"
#include "valid.h"

enum bucket {
	B_TAKEN,
	B_CLAUSE,
	B_CATEGORY,
	B_UNKNOWN,
	B_OTHER,
	B_NO_MAPPING,
	B_MALFORMED
};

/* One control (or clause, or category) a reference names. */
struct item {
	enum csaref_fw		 fw;	/* where it points, CSAREF_FW_NONE when nowhere */
	enum bucket	 b;
	size_t		 ref;	/* index in references[] */
	char		 id[CSAREF_ID_MAX];
};

enum gap {
	GAP_NO,
	GAP_PARTIAL,
	GAP_FULL
};

static const char *const gap_names[] = {
	[GAP_NO] = "no-gap",
	[GAP_PARTIAL] = "partial-gap",
	[GAP_FULL] = "full-gap",
};

static const char *const gap_words[] = {
	[GAP_NO] = "no gap",
	[GAP_PARTIAL] = "partial gap",
	[GAP_FULL] = "full gap",
};

/* State of one csa_read(); everything in it dies with the call but sets. */
struct csa_ctx {
	struct pool		*pool;
	csa_known_fn		 known;
	void			*known_arg;
	struct csa_counts	*counts;
	char			*msg;
	size_t			 msgsz;
	const char		*version;	/* the dataset's */
	json_t			*ccm_ids;	/* object: CCM id -> true */
	char			 prefix[VALID_IDENT_MAX + 1];
	struct mapset		**sets;
	size_t			 nsets;
	size_t			 capsets;
	struct item		*items;		/* CSA_ITEMS_MAX, per control */
	size_t			 nitems;
};

/* One family being read: where it is and the sets it fills. */
struct family_ctx {
	const char		*file;
	size_t			 index;		/* in the file's top array */
	const char		*name;		/* CSA's family name */
	struct csaref_family		 fam;
	struct mapset		*set[CSAREF_FW__MAX];
	json_t			*seen;		/* control ids already read */
};

/*
 * Copies at most 64 bytes of untrusted s into out for a message, with
 * control characters replaced, so input never reaches a terminal raw.
 */
static const char *
show(const char *s, char *out, size_t outsz)
{
	size_t	i;

	for (i = 0; s[i] != '\0' && i + 1 < outsz && i < 64; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i];
	out[i] = '\0';
	return out;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A JSON string member without NUL, at most max bytes; NULL otherwise. */
static const char *
json_str(json_t *v, size_t max)
{
	const char	*s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || strlen(s) > max)
		return NULL;
	return s;
}

static bool
is_known(struct csa_ctx *x, enum csaref_fw fw, const char *id)
{
	return x->known == NULL || x->known(x->known_arg, csaref_fw_id(fw), id);
}

static void
count(struct csa_counts *c, enum bucket b)
{
	switch (b) {
	case B_TAKEN:
		c->taken++;
		break;
	case B_CLAUSE:
		c->clause_level++;
		break;
	case B_CATEGORY:
		c->category_level++;
		break;
	case B_UNKNOWN:
		c->unknown++;
		break;
	case B_OTHER:
		c->other_framework++;
		break;
	case B_NO_MAPPING:
		c->no_mapping++;
		break;
	case B_MALFORMED:
		c->malformed++;
		break;
	}
}

/* Appends one item that names nothing in annexa. */
static enum err
add_single(struct csa_ctx *x, size_t ri, enum bucket b)
{
	struct item	*it;

	if (x->nitems == CSA_ITEMS_MAX)
		return ERR_TOO_LARGE;
	it = &x->items[x->nitems++];
	memset(it, 0, sizeof(*it));
	it->fw = CSAREF_FW_NONE;
	it->b = b;
	it->ref = ri;
	count(x->counts, b);
	return ERR_OK;
}

/*
 * Appends the items reference ri names to x->items and counts them: one,
 * or one per control of a range.  ERR_TOO_LARGE past CSA_ITEMS_MAX.
 */
static enum err
parse_ref(struct csa_ctx *x, const struct csaref_family *f, const char *text,
    size_t ri)
{
	struct csaref		 r;
	struct csaref_item	 ci;
	struct item		*it;
	size_t			 k, n;

	x->counts->references++;
	switch (csaref_parse(f, text, &r)) {
	case CSAREF_NO_MAPPING:
		return add_single(x, ri, B_NO_MAPPING);
	case CSAREF_OTHER_FAMILY:
		return add_single(x, ri, B_OTHER);
	case CSAREF_MALFORMED:
		return add_single(x, ri, B_MALFORMED);
	case CSAREF_OK:
		break;
	}
	n = csaref_count(&r);
	if (x->nitems + n > CSA_ITEMS_MAX)
		return ERR_TOO_LARGE;
	x->counts->expanded += n - 1;
	for (k = 0; k < n; k++) {
		csaref_item(&r, k, &ci);
		it = &x->items[x->nitems++];
		memset(it, 0, sizeof(*it));
		it->ref = ri;
		it->fw = ci.fw;
		memcpy(it->id, ci.id, sizeof(it->id));
		switch (ci.kind) {
		case CSAREF_CONTROL:
			it->b = is_known(x, ci.fw, ci.id) ? B_TAKEN : B_UNKNOWN;
			break;
		case CSAREF_CLAUSE:
			it->b = B_CLAUSE;
			break;
		case CSAREF_CATEGORY:
			it->b = B_CATEGORY;
			break;
		case CSAREF_NOT_CONTROL:
			it->b = B_UNKNOWN;
			break;
		case CSAREF_NO_CATALOG:
			it->b = B_OTHER;
			break;
		}
		count(x->counts, it->b);
	}
	return ERR_OK;
}

/*
 * Normalises CSA's addendum: trimmed; NULL for "N/A" or nothing; CR LF
 * and lone CR become LF and other control characters a space, so the
 * text passes valid_text().  extra_key/extra_val carry the one stray
 * member seen in the real files ("Missing specification(s) in ISOs",
 * written beside an empty addendum): it is folded in as "KEY: VALUE".
 * Returns a pool string, NULL for none; *toolong when over the bound.
 */
static const char *
addendum_text(struct pool *p, const char *s, const char *extra_key,
    const char *extra_val, bool *toolong)
{
	struct buf	 b;
	const char	*out = NULL;
	size_t		 i, n;

	*toolong = false;
	buf_init(&b, MAPSET_NOTE_MAX);
	if (s != NULL) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		n = strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		    s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		if (!(n == 3 && strncasecmp(s, "N/A", 3) == 0))
			for (i = 0; i < n; i++) {
				if (s[i] == '\r') {
					if (i + 1 < n && s[i + 1] == '\n')
						continue;
					buf_putc(&b, '\n');
				} else if (((unsigned char)s[i] < 0x20 &&
				    s[i] != '\t' && s[i] != '\n') ||
				    s[i] == 0x7f)
					buf_putc(&b, ' ');
				else
					buf_putc(&b, s[i]);
			}
	}
	if (extra_key != NULL && extra_val != NULL) {
		if (b.len > 0)
			buf_putc(&b, '\n');
		buf_puts(&b, extra_key);
		buf_puts(&b, ": ");
		for (i = 0; extra_val[i] != '\0'; i++)
			buf_putc(&b, ((unsigned char)extra_val[i] < 0x20 &&
			    extra_val[i] != '\n') || extra_val[i] == 0x7f ?
			    ' ' : extra_val[i]);
	}
	if (buf_failed(&b))
		*toolong = true;
	else if (b.len > 0)
		out = pool_strndup(p, b.data, b.len);
	buf_free(&b);
	return out;
}

/* The stray addendum key: "Missing specification(s) in ...". */
static bool
is_stray_addendum(const char *k)
{
	return strncmp(k, "Missing specification(s) in ", 28) == 0 &&
	    strlen(k) <= 64;
}

static enum err
set_for(struct csa_ctx *x, struct family_ctx *fc, enum csaref_fw fw,
    struct mapset **out)
{
	struct mapset	**nsets, *s;
	char		  name[VALID_IDENT_MAX + 2], show1[80];
	size_t		  i, ncap;
	struct buf	  b;

	if ((*out = fc->set[fw]) != NULL)
		return ERR_OK;
	snprintf(name, sizeof(name), "%s-%s", x->prefix, csaref_fw_id(fw));
	if (!valid_ident(name)) {
		snprintf(x->msg, x->msgsz, "%s: the set name %s-%s is longer "
		    "than 64 characters: choose a shorter prefix", fc->file,
		    show(x->prefix, show1, sizeof(show1)), csaref_fw_id(fw));
		return ERR_INVALID;
	}
	for (i = 0; i < x->nsets; i++)
		if (strcmp(x->sets[i]->name, name) == 0) {
			snprintf(x->msg, x->msgsz, "%s: [%zu]: set %s would "
			    "also come from %s; give each standard once",
			    fc->file, fc->index, name, x->sets[i]->origin);
			return ERR_INVALID;
		}
	if (x->nsets == x->capsets) {
		ncap = x->capsets == 0 ? 8 : x->capsets * 2;
		nsets = pool_calloc(x->pool, ncap, sizeof(*nsets));
		if (nsets == NULL)
			return ERR_NOMEM;
		if (x->nsets > 0)
			memcpy(nsets, x->sets, x->nsets * sizeof(*nsets));
		x->sets = nsets;
		x->capsets = ncap;
	}
	if ((s = mapset_new(x->pool)) == NULL)
		return ERR_NOMEM;
	buf_init(&b, 0);
	buf_printf(&b, "Cloud Security Alliance CCM v%s mappings (%s), "
	    "imported by annexa; relationships derived from CSA's per-control "
	    "gap level", x->version, fc->name);
	s->name = pool_strdup(x->pool, name);
	s->source_fw = "ccm-v4";
	s->target_fw = csaref_fw_id(fw);
	s->provenance = buf_failed(&b) ? NULL :
	    pool_strndup(x->pool, b.data, b.len);
	s->version = x->version;
	s->origin = fc->file;
	buf_free(&b);
	if (s->name == NULL || s->provenance == NULL)
		return ERR_NOMEM;
	x->sets[x->nsets++] = s;
	fc->set[fw] = *out = s;
	return ERR_OK;
}

/* Orders items by framework, then id, then position. */
static int
item_cmp(const void *a, const void *b)
{
	const struct item	*x = *(const struct item *const *)a;
	const struct item	*y = *(const struct item *const *)b;
	int			 c;

	if (x->fw != y->fw)
		return x->fw < y->fw ? -1 : 1;
	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* A run of items naming the same thing: by[start..end). */
struct group {
	const struct item	*first;
	size_t			 start;
	size_t			 end;
};

/* Orders groups by where their first item appeared. */
static int
group_cmp(const void *a, const void *b)
{
	const struct group	*x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/*
 * Writes the note of a row: what CSA said, and the references (as CSA
 * wrote them, control characters blanked) that led to this target, each
 * once, in order.  grp[0..n) are the items of the pair, in order.
 */
static void
build_note(struct csa_ctx *x, struct buf *b, json_t *refs, enum gap gap,
    struct item *const *grp, size_t n)
{
	const char	*s;
	size_t		 i, j;

	buf_printf(b, "CSA CCM v%s mapping, gap level: %s (stated per CCM "
	    "control against the whole standard); CSA reference: ",
	    x->version, gap_words[gap]);
	for (i = 0; i < n; i++) {
		if (i > 0 && grp[i]->ref == grp[i - 1]->ref)
			continue;
		s = json_string_value(json_array_get(refs, grp[i]->ref));
		if (b->len + strlen(s) + 8 > MAPSET_NOTE_MAX) {
			buf_puts(b, "; ...");
			return;
		}
		if (i > 0)
			buf_puts(b, "; ");
		for (j = 0; s[j] != '\0'; j++)
			buf_putc(b, (unsigned char)s[j] < 0x20 || s[j] == 0x7f ?
			    ' ' : s[j]);
	}
}

/*
 * Turns the items of one CCM control into rows.
 *
 * The relationship of each pair (the gap engine composes these; keep
 * the rule): CSA states its gap level per CCM control against the whole
 * standard, not per pair.  So for a target framework F:
 *  - no gap, and the control's references into F name exactly one thing
 *    (counting everything they name in F: controls, ISMS clauses,
 *    categories, ids annexa does not know): the CCM control is contained
 *    in that one control, `subset`, strength 8;
 *  - no gap, several things in F: each covers a part, `intersects`,
 *    strength 6;
 *  - partial gap: `intersects`, strength 5;
 *  - full gap (CSA still lists what is related): `intersects`, strength 2.
 * A pair named twice (a range and a single reference, or 27001 A.5.23
 * and 27002 5.23) is one row whose note lists both references.  Rows
 * come in the order their first reference appeared.
 *
 * Sorting keeps this n log n in the number of items, whatever the input.
 */
static enum err
emit_rows(struct csa_ctx *x, struct family_ctx *fc, const char *ccm,
    json_t *refs, enum gap gap, const char *addendum, size_t line)
{
	struct mapping_row	 row;
	struct mapset		*set;
	struct item		**by = NULL;
	struct group		*grp = NULL, *gr;
	struct buf		 note;
	size_t			 i, k, g, ngrp = 0, nfw[CSAREF_FW__MAX];
	enum err		 e = ERR_OK;

	buf_init(&note, 0);
	if (x->nitems == 0)
		return ERR_OK;
	if ((by = reallocarray(NULL, x->nitems, sizeof(*by))) == NULL ||
	    (grp = reallocarray(NULL, x->nitems, sizeof(*grp))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < x->nitems; i++)
		by[i] = &x->items[i];
	qsort(by, x->nitems, sizeof(*by), item_cmp);
	memset(nfw, 0, sizeof(nfw));
	for (i = 0; i < x->nitems; i = k) {
		for (k = i + 1; k < x->nitems && by[k]->fw == by[i]->fw &&
		    strcmp(by[k]->id, by[i]->id) == 0; k++)
			;
		if (by[i]->fw == CSAREF_FW_NONE)
			continue;
		nfw[by[i]->fw]++;
		if (by[i]->b == B_TAKEN) {
			grp[ngrp].first = by[i];
			grp[ngrp].start = i;
			grp[ngrp].end = k;
			ngrp++;
		}
	}
	qsort(grp, ngrp, sizeof(*grp), group_cmp);
	for (g = 0; g < ngrp; g++) {
		gr = &grp[g];
		if ((e = set_for(x, fc, gr->first->fw, &set)) != ERR_OK)
			goto out;
		memset(&row, 0, sizeof(row));
		row.source_control = ccm;
		row.target_control = gr->first->id;
		if (gap == GAP_FULL) {
			row.rel = REL_INTERSECTS;
			row.strength = 2;
		} else if (gap == GAP_NO && nfw[gr->first->fw] == 1) {
			row.rel = REL_SUBSET;
			row.strength = 8;
		} else {
			row.rel = REL_INTERSECTS;
			row.strength = gap == GAP_NO ? 6 : 5;
		}
		row.rationale = "semantic";
		row.confidence = "medium";
		row.gap_level = gap_names[gap];
		row.addendum = addendum;
		row.line = line;
		buf_reset(&note);
		build_note(x, &note, refs, gap, by + gr->start,
		    gr->end - gr->start);
		if (buf_failed(&note)) {
			e = ERR_NOMEM;
			goto out;
		}
		row.note = note.data;
		if ((e = mapset_add(set, &row)) != ERR_OK) {
			if (e == ERR_TOO_LARGE)
				snprintf(x->msg, x->msgsz, "%s: [%zu]: more "
				    "than %d rows for %s", fc->file, fc->index,
				    MAPSET_ROWS_MAX, csaref_fw_id(gr->first->fw));
			goto out;
		}
		x->counts->rows++;
	}
out:
	free(by);
	free(grp);
	buf_free(&note);
	return e;
}

/* Writes "WHERE" then the formatted reason into msg; returns ERR_INVALID. */
static enum err
fail(struct csa_ctx *x, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum err
fail(struct csa_ctx *x, const char *where, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(x->msg, x->msgsz, "%s", where);
	if (n >= 0 && (size_t)n < x->msgsz) {
		va_start(ap, fmt);
		vsnprintf(x->msg + n, x->msgsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return ERR_INVALID;
}

/* CSA's gap level, in any case, blanks around; false for anything else. */
static bool
gap_parse(const char *s, enum gap *g)
{
	static const char *const csa[] =
	    { "No Gap", "Partial Gap", "Full Gap", NULL };
	size_t	n, i;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	for (i = 0; csa[i] != NULL; i++)
		if (n == strlen(csa[i]) && strncasecmp(s, csa[i], n) == 0) {
			*g = (enum gap)i;
			return true;
		}
	return false;
}

/* One object of a family's "mappings": a CCM control and its references. */
static enum err
read_control(struct csa_ctx *x, struct family_ctx *fc, json_t *m, size_t j)
{
	const char	*k, *ccm = NULL, *gl, *add = NULL, *stray_k = NULL;
	const char	*stray_v = NULL, *addendum;
	char		 where[96], sh[80];
	json_t		*v, *refs = NULL, *r;
	size_t		 i;
	enum gap	 gap = GAP_NO;
	bool		 toolong, have_gap = false;
	enum err	 e;

	snprintf(where, sizeof(where), "%s: [%zu].mappings[%zu]", fc->file,
	    fc->index, j);
	if (!json_is_object(m))
		return fail(x, where, ": must be an object");
	json_object_foreach(m, k, v) {
		if (strcmp(k, "control_id") == 0) {
			if ((ccm = json_str(v, VALID_IDENT_MAX)) == NULL ||
			    !valid_ident(ccm))
				return fail(x, where, ".control_id: must be a "
				    "CCM control id such as A&A-01");
		} else if (strcmp(k, "references") == 0) {
			if (!json_is_array(v))
				return fail(x, where, ".references: must be an "
				    "array");
			if (json_array_size(v) > CSA_REFS_MAX)
				return fail(x, where, ".references: more than "
				    "%d references", CSA_REFS_MAX);
			refs = v;
		} else if (strcmp(k, "gap_level") == 0) {
			gl = json_str(v, 32);
			if (gl == NULL || !gap_parse(gl, &gap))
				return fail(x, where, ".gap_level: must be "
				    "\"No Gap\", \"Partial Gap\" or \"Full "
				    "Gap\"");
			have_gap = true;
		} else if (strcmp(k, "addendum") == 0) {
			if ((add = json_str(v, 4 * MAPSET_NOTE_MAX)) == NULL)
				return fail(x, where, ".addendum: must be a "
				    "string without NUL");
		} else if (is_stray_addendum(k) && stray_k == NULL) {
			if ((stray_v = json_str(v, MAPSET_NOTE_MAX)) == NULL)
				return fail(x, where, ".%s: must be a string",
				    show(k, sh, sizeof(sh)));
			stray_k = k;
		} else
			return fail(x, where, ".%s: unknown key",
			    show(k, sh, sizeof(sh)));
	}
	if (ccm == NULL)
		return fail(x, where, ".control_id: is missing");
	if (refs == NULL)
		return fail(x, where, ".references: is missing");
	if (!have_gap)
		return fail(x, where, ".gap_level: is missing");
	if (json_object_get(x->ccm_ids, ccm) == NULL)
		return fail(x, where, ".control_id: %s is not a control of the "
		    "CCM primary dataset (version %s)", ccm, x->version);
	if ((v = json_object_get(fc->seen, ccm)) != NULL)
		return fail(x, where, ".control_id: %s appears twice (first at "
		    "[%zu].mappings[%lld])", ccm, fc->index,
		    (long long)json_integer_value(v));
	if (json_object_set_new(fc->seen, ccm,
	    json_integer((json_int_t)j)) != 0)
		return ERR_NOMEM;
	addendum = addendum_text(x->pool, add, stray_k, stray_v, &toolong);
	if (toolong)
		return fail(x, where, ".addendum: longer than %d bytes",
		    MAPSET_NOTE_MAX);
	if (addendum != NULL && !valid_text(addendum, MAPSET_NOTE_MAX))
		return fail(x, where, ".addendum: not valid UTF-8 text");
	x->counts->controls++;
	x->nitems = 0;
	json_array_foreach(refs, i, r) {
		if (json_str(r, CSA_REF_MAX) == NULL)
			return fail(x, where, ".references[%zu]: must be a "
			    "string of at most %d bytes without NUL", i,
			    CSA_REF_MAX);
		if ((e = parse_ref(x, &fc->fam, json_string_value(r), i)) !=
		    ERR_OK) {
			fail(x, where, ".references[%zu]: the references name "
			    "more than %d controls", i, CSA_ITEMS_MAX);
			return e;
		}
	}
	return emit_rows(x, fc, ccm, refs, gap, addendum, j + 1);
}

/* Orders sets by their target framework, in fw_ids order. */
static int
set_cmp(const void *a, const void *b)
{
	const struct mapset	*x = *(const struct mapset *const *)a;
	const struct mapset	*y = *(const struct mapset *const *)b;
	int			 i, ix = CSAREF_FW__MAX, iy = CSAREF_FW__MAX;

	for (i = 0; i < CSAREF_FW__MAX; i++) {
		if (strcmp(x->target_fw, csaref_fw_id(i)) == 0)
			ix = i;
		if (strcmp(y->target_fw, csaref_fw_id(i)) == 0)
			iy = i;
	}
	return ix < iy ? -1 : ix > iy;
}

/* A mappings file: an array of families. */
static enum err
read_mappings(struct csa_ctx *x, const char *file, json_t *root)
{
	struct family_ctx	 fc;
	json_t			*fam, *v, *ms, *m;
	const char		*k, *name;
	char			 sh[80];
	size_t			 i, j, before;
	enum err		 e = ERR_OK;

	if (json_array_size(root) == 0 ||
	    json_array_size(root) > CSA_FAMILIES_MAX) {
		snprintf(x->msg, x->msgsz, "%s: must hold 1 to %d mapping "
		    "families", file, CSA_FAMILIES_MAX);
		return ERR_INVALID;
	}
	json_array_foreach(root, i, fam) {
		memset(&fc, 0, sizeof(fc));
		fc.file = file;
		fc.index = i;
		if (!json_is_object(fam)) {
			snprintf(x->msg, x->msgsz, "%s: [%zu]: must be an "
			    "object with name and mappings", file, i);
			return ERR_INVALID;
		}
		name = NULL;
		ms = NULL;
		json_object_foreach(fam, k, v) {
			if (strcmp(k, "name") == 0)
				name = json_str(v, CSA_TEXT_MAX);
			else if (strcmp(k, "mappings") == 0)
				ms = v;
			else {
				snprintf(x->msg, x->msgsz, "%s: [%zu].%s: "
				    "unknown key", file, i, show(k, sh,
				    sizeof(sh)));
				return ERR_INVALID;
			}
		}
		if (name == NULL || !valid_text(name, CSA_TEXT_MAX) ||
		    strchr(name, '\n') != NULL) {
			snprintf(x->msg, x->msgsz, "%s: [%zu].name: must be "
			    "one line of 1 to %d bytes naming the standards",
			    file, i, CSA_TEXT_MAX);
			return ERR_INVALID;
		}
		if (!json_is_array(ms) ||
		    json_array_size(ms) > CSA_CONTROLS_MAX) {
			snprintf(x->msg, x->msgsz, "%s: [%zu].mappings: must "
			    "be an array of at most %d controls", file, i,
			    CSA_CONTROLS_MAX);
			return ERR_INVALID;
		}
		fc.name = name;
		csaref_family_parse(name, &fc.fam);
		if ((fc.seen = json_object()) == NULL)
			return ERR_NOMEM;
		before = x->nsets;
		json_array_foreach(ms, j, m)
			if ((e = read_control(x, &fc, m, j)) != ERR_OK)
				break;
		json_decref(fc.seen);
		if (e != ERR_OK)
			return e;
		/* A family's sets in a fixed order, whatever row came first. */
		if (x->nsets - before > 1)
			qsort(x->sets + before, x->nsets - before,
			    sizeof(*x->sets), set_cmp);
	}
	return ERR_OK;
}

/* A version CSA might write: "4.0.12"; 1 to 4 numbers. */
static bool
valid_version(const char *s)
{
	size_t	parts = 0, digits = 0;

	for (; *s != '\0'; s++) {
		if (is_digit(*s)) {
			if (++digits > 4)
				return false;
			continue;
		}
		if (*s != '.' || digits == 0)
			return false;
		parts++;
		digits = 0;
	}
	return digits > 0 && parts < 4;
}

/* The primary dataset: the version and the list of CCM control ids. */
static enum err
read_dataset(struct csa_ctx *x, const char *file, json_t *root)
{
	json_t		*domains, *d, *cs, *c;
	const char	*id, *ver;
	char		 sh[80];
	size_t		 i, j, total = 0;

	ver = json_str(json_object_get(root, "version"), 16);
	if (ver == NULL || !valid_version(ver)) {
		snprintf(x->msg, x->msgsz, "%s: version: must be CSA's release "
		    "number, as in \"4.0.12\"", file);
		return ERR_INVALID;
	}
	if (strncmp(ver, "4.", 2) != 0 && strcmp(ver, "4") != 0) {
		snprintf(x->msg, x->msgsz, "%s: version: annexa's ccm-v4 "
		    "catalog is CCM v4; this dataset is version %s", file, ver);
		return ERR_INVALID;
	}
	if ((x->version = pool_strdup(x->pool, ver)) == NULL)
		return ERR_NOMEM;
	domains = json_object_get(root, "domains");
	if (!json_is_array(domains) || json_array_size(domains) == 0 ||
	    json_array_size(domains) > CSA_DOMAINS_MAX) {
		snprintf(x->msg, x->msgsz, "%s: domains: must be an array of 1 "
		    "to %d domains", file, CSA_DOMAINS_MAX);
		return ERR_INVALID;
	}
	json_array_foreach(domains, i, d) {
		cs = json_object_get(d, "controls");
		if (!json_is_object(d) || !json_is_array(cs)) {
			snprintf(x->msg, x->msgsz, "%s: domains[%zu]: must be "
			    "an object with a controls array", file, i);
			return ERR_INVALID;
		}
		json_array_foreach(cs, j, c) {
			if (++total > CSA_CONTROLS_MAX) {
				snprintf(x->msg, x->msgsz, "%s: "
				    "domains[%zu].controls[%zu]: more than %d "
				    "controls", file, i, j, CSA_CONTROLS_MAX);
				return ERR_TOO_LARGE;
			}
			id = json_str(json_object_get(c, "id"),
			    VALID_IDENT_MAX);
			if (id == NULL || !valid_ident(id)) {
				snprintf(x->msg, x->msgsz, "%s: "
				    "domains[%zu].controls[%zu].id: must be a "
				    "control id such as A&A-01", file, i, j);
				return ERR_INVALID;
			}
			if (json_object_get(x->ccm_ids, id) != NULL) {
				snprintf(x->msg, x->msgsz, "%s: "
				    "domains[%zu].controls[%zu].id: %s appears "
				    "twice", file, i, j, show(id, sh,
				    sizeof(sh)));
				return ERR_INVALID;
			}
			if (json_object_set_new(x->ccm_ids, id,
			    json_true()) != 0)
				return ERR_NOMEM;
		}
	}
	if (total == 0) {
		snprintf(x->msg, x->msgsz, "%s: domains: no controls", file);
		return ERR_INVALID;
	}
	return ERR_OK;
}

enum err
csa_read(struct pool *p, size_t nfiles, const char *const *names,
    const char *const *texts, const size_t *lens, const char *prefix,
    csa_known_fn known, void *known_arg, struct mapset ***sets,
    size_t *nsets, struct csa_counts *counts, char *msg, size_t msgsz)
{
	struct csa_ctx	 x;
	json_t		*roots[CSA_FILES_MAX];
	json_error_t	 jerr;
	const char	*file;
	char		 sh[80];
	size_t		 i, ds = SIZE_MAX;
	enum err	 e = ERR_INVALID;

	*sets = NULL;
	*nsets = 0;
	memset(counts, 0, sizeof(*counts));
	memset(roots, 0, sizeof(roots));
	memset(&x, 0, sizeof(x));
	x.pool = p;
	x.known = known;
	x.known_arg = known_arg;
	x.counts = counts;
	x.msg = msg;
	x.msgsz = msgsz;
	if (nfiles == 0 || nfiles > CSA_FILES_MAX) {
		snprintf(msg, msgsz, "csa-ccm: give the primary dataset and 1 "
		    "to %d mappings files", CSA_FILES_MAX - 1);
		return nfiles == 0 ? ERR_INVALID : ERR_TOO_LARGE;
	}
	if ((x.items = reallocarray(NULL, CSA_ITEMS_MAX,
	    sizeof(*x.items))) == NULL ||
	    (x.ccm_ids = json_object()) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < nfiles; i++) {
		roots[i] = json_loadb(texts[i], lens[i], JSON_REJECT_DUPLICATES,
		    &jerr);
		if (roots[i] == NULL) {
			snprintf(msg, msgsz, "%s:%d: %s", names[i], jerr.line,
			    jerr.text);
			goto out;
		}
		if (json_is_array(roots[i]))
			continue;
		if (!json_is_object(roots[i]) ||
		    json_object_get(roots[i], "domains") == NULL) {
			snprintf(msg, msgsz, "%s: neither a CCM primary "
			    "dataset (an object with domains) nor a CCM "
			    "mappings file (an array of mapping families)",
			    names[i]);
			goto out;
		}
		if (ds != SIZE_MAX) {
			snprintf(msg, msgsz, "%s: a second primary dataset "
			    "(the first is %s)", names[i], names[ds]);
			goto out;
		}
		ds = i;
	}
	if (ds == SIZE_MAX) {
		snprintf(msg, msgsz, "csa-ccm: the CCM primary dataset "
		    "(ccm-primary-dataset.json) is needed: it gives the "
		    "version and the list of CCM controls");
		goto out;
	}
	if ((e = read_dataset(&x, names[ds], roots[ds])) != ERR_OK)
		goto out;
	if (prefix == NULL)
		snprintf(x.prefix, sizeof(x.prefix), "csa-ccm-v%s", x.version);
	else if (strlen(prefix) > CSA_PREFIX_MAX || !valid_ident(prefix)) {
		snprintf(msg, msgsz, "csa-ccm: the set name prefix \"%s\" must "
		    "be 1 to %d characters from A-Z a-z 0-9 . _ & -, not "
		    "starting with '.'", show(prefix, sh, sizeof(sh)),
		    CSA_PREFIX_MAX);
		e = ERR_INVALID;
		goto out;
	} else
		snprintf(x.prefix, sizeof(x.prefix), "%s", prefix);
	for (i = 0; i < nfiles; i++) {
		if (i == ds)
			continue;
		/* The name becomes the sets' origin: keep a copy with them. */
		if ((file = pool_strdup(p, names[i])) == NULL) {
			e = ERR_NOMEM;
			goto out;
		}
		if ((e = read_mappings(&x, file, roots[i])) != ERR_OK)
			goto out;
	}
	/* The rows were built to pass; a failure here is a bug. */
	for (i = 0; i < x.nsets; i++)
		if ((e = mapset_check(x.sets[i], msg, msgsz)) != ERR_OK)
			goto out;
	*sets = x.sets;
	*nsets = x.nsets;
	e = ERR_OK;
out:
	for (i = 0; i < nfiles && i < CSA_FILES_MAX; i++)
		json_decref(roots[i]);
	json_decref(x.ccm_ids);
	free(x.items);
	return e;
}
