/*
 * oscal.c — OSCAL 1.2 mapping collections (see oscal.h).
 *
 * The model (NIST OSCAL 1.2, Control Mapping model, JSON format):
 *
 *   {"mapping-collection": {
 *     "uuid", "metadata": {"title", "last-modified", "version",
 *                          "oscal-version"},
 *     "provenance": {"method", "matching-rationale", "status",
 *                    "mapping-description"},
 *     "mappings": [{"uuid", "source-resource": {"type", "href"},
 *                   "target-resource": {...}, "maps": [{
 *                     "uuid", "relationship", "matching-rationale",
 *                     "sources": [{"type": "control", "id-ref"}],
 *                     "targets": [...], "props", "remarks"}]}]}}
 *
 * How annexa fills it.  One set is one entry of "mappings":
 *   - source-resource / target-resource: type "catalog", href the file
 *     annexa ships the catalog in ("iso27017-2015.json"), and a prop
 *     `framework` with the framework id;
 *   - props `set-name` and `set-version` (when the set has a version);
 *   - remarks: the set's provenance (several lines are allowed there).
 * One row is one map with one source and one target of type "control":
 *   - relationship in OSCAL's spelling (subset-of, intersects-with...);
 *   - matching-rationale when the row has a rationale;
 *   - props `strength` (0-10), `confidence` (high|medium|low),
 *     `gap-level` (no-gap|partial-gap|full-gap) and `addendum`, each
 *     when present;
 *   - remarks: the row's note.
 * Every annexa prop has "ns": OSCAL_NS.  OSCAL prop values are one-line
 * strings, and CSA's addendum may span lines, so the addendum travels
 * in the remarks of its prop, whose value is just "in-remarks".  The
 * confidence is a prop rather than OSCAL's confidence-score, whose
 * allowed categories could not be confirmed from the sources at hand;
 * a foreign collection's confidence-score.category is still read when it
 * says high, medium or low.
 *
 * Fixed parts, so that output depends on the sets alone: last-modified
 * is the epoch (a set records no modification time; the database's
 * imported_at is not part of it), metadata.version is the set's version
 * for one set, "unversioned" without one, "several" for several sets (each
 * mapping has its own set-version), and the collection's provenance says
 * method "hybrid", rationale "semantic", status "complete".
 *
 * UUIDs are SHA-256 of "annexa-oscal", a kind and the ids (NUL between
 * parts), cut to 128 bits and stamped version 5 and variant 10 as
 * RFC 4122 does for name-based UUIDs (which use SHA-1): the collection
 * from every set name, a mapping from its set name, a map from its set
 * name, source and target control.
 *
 * Reading a collection another tool wrote (no `set-name` prop on the
 * mapping), the defaults are: set name from the file name (plus "-N"
 * for the Nth mapping when there are several); framework from the
 * `framework` prop, else the file name of the resource's href without
 * extension; provenance from the mapping's remarks, else its
 * mapping-description, the collection's provenance mapping-description,
 * the metadata title, else "OSCAL mapping collection <file>"; version
 * from metadata.version; rationale from the map, else the mapping, else
 * the collection's provenance; strength, gap level and addendum empty.
 * Statement-level items (type "statement") are refused: annexa maps
 * whole controls.
 *
 * A map with several sources or targets states a relationship between
 * the union of its sources and the union of its targets.  It becomes one
 * row per pair only where set theory gives each pair a relationship:
 *   - one target, subset-of / equal-to / equivalent-to: each source is a
 *     subset of the target;
 *   - one source, superset-of / equal-to / equivalent-to: the source is
 *     a superset of each target;
 *   - no-relationship: no pair is related.
 * Any other map (several to several, or intersects-with with several on
 * a side) says nothing about a single pair and is refused with a message
 * rather than guessed at.  Derived rows carry no strength: the strength
 * was stated for the whole map.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "buf.h"
#include "jw.h"
#include "mapset.h"
#include "oscal.h"
#include "pool.h"
#include "valid.h"

#define OSCAL_NIST_NS	"http://csrc.nist.gov/ns/oscal"
#define EPOCH		"1970-01-01T00:00:00Z"
#define WHERE_MAX	256	/* a JSON location; nested ones cut at 200 */

/*
 * Writes a UUID derived from parts[0..n) into out (37 bytes).  Returns
 * false when hashing failed.
 */
static bool
uuid_of(char *out, const char *kind, const char *const *parts, size_t n)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	struct buf	 b;
	size_t		 i;
	bool		 ok;

	buf_init(&b, 0);
	buf_append(&b, "annexa-oscal", sizeof("annexa-oscal"));
	buf_append(&b, kind, strlen(kind) + 1);
	for (i = 0; i < n; i++)
		buf_append(&b, parts[i], strlen(parts[i]) + 1);
	ok = !buf_failed(&b) &&
	    EVP_Digest(b.data, b.len, md, &mdlen, EVP_sha256(), NULL) == 1 &&
	    mdlen >= 16;
	buf_free(&b);
	if (!ok)
		return false;
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2], md[3], md[4],
	    md[5], md[6], md[7], md[8], md[9], md[10], md[11], md[12], md[13],
	    md[14], md[15]);
	return true;
}

/* An annexa prop; remarks may be NULL. */
static void
write_prop(struct jw *j, const char *name, const char *value,
    const char *remarks)
{
	jw_object_open(j);
	jw_kv_string(j, "name", name);
	jw_kv_string(j, "ns", OSCAL_NS);
	jw_kv_string(j, "value", value);
	if (remarks != NULL)
		jw_kv_string(j, "remarks", remarks);
	jw_object_close(j);
}

static void
write_resource(struct jw *j, const char *key, const char *fw)
{
	char	href[VALID_IDENT_MAX + 8];

	snprintf(href, sizeof(href), "%s.json", fw);
	jw_key(j, key);
	jw_object_open(j);
	jw_kv_string(j, "type", "catalog");
	jw_kv_string(j, "href", href);
	jw_key(j, "props");
	jw_array_open(j);
	write_prop(j, "framework", fw, NULL);
	jw_array_close(j);
	jw_object_close(j);
}

/* One control as a map's source or target. */
static void
write_item(struct jw *j, const char *key, const char *id)
{
	jw_key(j, key);
	jw_array_open(j);
	jw_object_open(j);
	jw_kv_string(j, "type", "control");
	jw_kv_string(j, "id-ref", id);
	jw_object_close(j);
	jw_array_close(j);
}

static bool
write_map(struct jw *j, const struct mapset *s, const struct mapping_row *r)
{
	const char	*parts[3] = { s->name, r->source_control,
			    r->target_control };
	char		 uuid[37], num[16];

	if (!uuid_of(uuid, "map", parts, 3))
		return false;
	jw_object_open(j);
	jw_kv_string(j, "uuid", uuid);
	jw_kv_string(j, "relationship", mapset_rel_oscal(r->rel));
	if (r->rationale != NULL)
		jw_kv_string(j, "matching-rationale", r->rationale);
	write_item(j, "sources", r->source_control);
	write_item(j, "targets", r->target_control);
	if (r->strength >= 0 || r->confidence != NULL ||
	    r->gap_level != NULL || r->addendum != NULL) {
		jw_key(j, "props");
		jw_array_open(j);
		if (r->strength >= 0) {
			snprintf(num, sizeof(num), "%d", r->strength);
			write_prop(j, "strength", num, NULL);
		}
		if (r->confidence != NULL)
			write_prop(j, "confidence", r->confidence, NULL);
		if (r->gap_level != NULL)
			write_prop(j, "gap-level", r->gap_level, NULL);
		if (r->addendum != NULL)
			write_prop(j, "addendum", "in-remarks", r->addendum);
		jw_array_close(j);
	}
	if (r->note != NULL)
		jw_kv_string(j, "remarks", r->note);
	jw_object_close(j);
	return true;
}

static bool
write_mapping(struct jw *j, const struct mapset *s)
{
	char	uuid[37];
	size_t	i;

	if (!uuid_of(uuid, "mapping", &s->name, 1))
		return false;
	jw_object_open(j);
	jw_kv_string(j, "uuid", uuid);
	jw_key(j, "props");
	jw_array_open(j);
	write_prop(j, "set-name", s->name, NULL);
	if (s->version != NULL)
		write_prop(j, "set-version", s->version, NULL);
	jw_array_close(j);
	jw_kv_string(j, "remarks", s->provenance);
	write_resource(j, "source-resource", s->source_fw);
	write_resource(j, "target-resource", s->target_fw);
	jw_key(j, "maps");
	jw_array_open(j);
	for (i = 0; i < s->n; i++)
		if (!write_map(j, s, &s->rows[i]))
			return false;
	jw_array_close(j);
	jw_object_close(j);
	return true;
}

enum err
oscal_write(const struct mapset *const *sets, size_t n, struct buf *out,
    char *msg, size_t msgsz)
{
	const char	**names = NULL;
	struct jw	  j;
	struct buf	  title;
	char		  uuid[37];
	size_t		  i, k;
	enum err	  e;

	if (n == 0 || n > OSCAL_SETS_MAX) {
		snprintf(msg, msgsz, "oscal: a collection holds 1 to %d sets",
		    OSCAL_SETS_MAX);
		return n == 0 ? ERR_INVALID : ERR_TOO_LARGE;
	}
	for (i = 0; i < n; i++) {
		if ((e = mapset_check(sets[i], msg, msgsz)) != ERR_OK)
			return e;
		for (k = 0; k < i; k++)
			if (strcmp(sets[k]->name, sets[i]->name) == 0) {
				snprintf(msg, msgsz, "oscal: set %s given "
				    "twice", sets[i]->name);
				return ERR_INVALID;
			}
	}
	if ((names = reallocarray(NULL, n, sizeof(*names))) == NULL)
		return ERR_NOMEM;
	buf_init(&title, 0);
	buf_puts(&title, n == 1 ? "annexa mapping set " :
	    "annexa mapping sets ");
	/*
	 * The title names the sets while it stays short; the reader takes
	 * titles of at most MAPSET_NOTE_MAX bytes, so a long list is cut
	 * and counted instead (the sets themselves are all in the mappings).
	 */
	for (i = 0; i < n; i++) {
		names[i] = sets[i]->name;
		if (title.len + strlen(sets[i]->name) + 32 < 1000)
			buf_printf(&title, "%s%s", i > 0 ? ", " : "",
			    sets[i]->name);
		else if (i > 0 && title.data[title.len - 1] != ')') {
			buf_printf(&title, " and %zu more (%zu sets)", n - i, n);
		}
	}
	e = ERR_NOMEM;
	if (buf_failed(&title) || !uuid_of(uuid, "collection", names, n)) {
		snprintf(msg, msgsz, "oscal: out of memory");
		goto out;
	}
	jw_init(&j, out);
	jw_object_open(&j);
	jw_key(&j, "mapping-collection");
	jw_object_open(&j);
	jw_kv_string(&j, "uuid", uuid);
	jw_key(&j, "metadata");
	jw_object_open(&j);
	jw_kv_string(&j, "title", title.data);
	jw_kv_string(&j, "last-modified", EPOCH);
	jw_kv_string(&j, "version", n > 1 ? "several" :
	    sets[0]->version != NULL ? sets[0]->version : "unversioned");
	jw_kv_string(&j, "oscal-version", OSCAL_VERSION);
	jw_object_close(&j);
	jw_key(&j, "provenance");
	jw_object_open(&j);
	jw_kv_string(&j, "method", "hybrid");
	jw_kv_string(&j, "matching-rationale", "semantic");
	jw_kv_string(&j, "status", "complete");
	jw_kv_string(&j, "mapping-description", "Mapping sets exported by "
	    "annexa. Each mapping is one annexa set: its name and version are "
	    "props in namespace " OSCAL_NS ", its provenance is its remarks, "
	    "and each map carries the row's strength, confidence, gap level "
	    "and addendum as props and its note as remarks.");
	jw_object_close(&j);
	jw_key(&j, "mappings");
	jw_array_open(&j);
	for (i = 0; i < n; i++)
		if (!write_mapping(&j, sets[i])) {
			snprintf(msg, msgsz, "oscal: cannot hash a UUID");
			goto out;
		}
	jw_array_close(&j);
	jw_object_close(&j);
	jw_object_close(&j);
	buf_putc(out, '\n');
	if (buf_failed(out)) {
		e = out->max != 0 ? ERR_TOO_LARGE : ERR_NOMEM;
		snprintf(msg, msgsz, "oscal: the collection does not fit in "
		    "memory or in the %zu bytes allowed", out->max);
		goto out;
	}
	e = ERR_OK;
out:
	buf_free(&title);
	free(names);
	return e;
}

/* Reading. */

struct rd {
	struct pool	*pool;
	const char	*origin;
	char		*msg;
	size_t		 msgsz;
	/* Collection-wide defaults for foreign mappings; may be NULL. */
	const char	*rationale;
	const char	*description;
	const char	*title;
	const char	*version;
};

/* annexa's props on one object, each NULL when absent. */
struct aprops {
	const char	*framework;
	const char	*set_name;
	const char	*set_version;
	const char	*strength;
	const char	*confidence;
	const char	*gap_level;
	const char	*addendum;	/* the prop's remarks */
};

/* Which props an object may carry. */
enum scope {
	SCOPE_RESOURCE,
	SCOPE_MAPPING,
	SCOPE_MAP
};

/* "ORIGIN: WHERE.FIELD: WHY", parts left out when empty; ERR_INVALID. */
static enum err
bad(struct rd *r, const char *where, const char *field, const char *why)
{
	snprintf(r->msg, r->msgsz, "%s: %s%s%s%s%s", r->origin, where,
	    where[0] != '\0' && field[0] != '\0' ? "." : "", field,
	    where[0] != '\0' || field[0] != '\0' ? ": " : "", why);
	return ERR_INVALID;
}

/*
 * A string member: 0 when absent, 1 with *out set, -1 when it is not a
 * string of at most max bytes without NUL.
 */
static int
member_str(json_t *obj, const char *key, size_t max, const char **out)
{
	json_t		*v = json_object_get(obj, key);
	const char	*s;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || strlen(s) > max)
		return -1;
	*out = s;
	return 1;
}

/* Reads the props array of obj, keeping annexa's that scope allows. */
static enum err
read_props(struct rd *r, json_t *obj, const char *where, enum scope scope,
    struct aprops *ap)
{
	static const struct {
		const char	*name;
		enum scope	 scope;
		size_t		 off;
	} known[] = {
#define AP(f)	offsetof(struct aprops, f)
		{ "framework", SCOPE_RESOURCE, AP(framework) },
		{ "set-name", SCOPE_MAPPING, AP(set_name) },
		{ "set-version", SCOPE_MAPPING, AP(set_version) },
		{ "strength", SCOPE_MAP, AP(strength) },
		{ "confidence", SCOPE_MAP, AP(confidence) },
		{ "gap-level", SCOPE_MAP, AP(gap_level) },
		{ "addendum", SCOPE_MAP, AP(addendum) },
#undef AP
	};
	json_t		*props, *p;
	const char	*name, *ns, *value, *remarks, **slot;
	char		 at[WHERE_MAX];
	size_t		 i, k;

	memset(ap, 0, sizeof(*ap));
	if ((props = json_object_get(obj, "props")) == NULL)
		return ERR_OK;
	if (!json_is_array(props) || json_array_size(props) > 64)
		return bad(r, where, "props", "must be an array of at most 64 "
		    "props");
	json_array_foreach(props, i, p) {
		snprintf(at, sizeof(at), "%.200s.props[%zu]", where, i);
		if (!json_is_object(p))
			return bad(r, at, "", "must be an object");
		if (member_str(p, "name", 64, &name) != 1)
			return bad(r, at, "name", "must be a string");
		if (member_str(p, "value", MAPSET_NOTE_MAX, &value) != 1)
			return bad(r, at, "value", "must be a string");
		if (member_str(p, "ns", 256, &ns) < 0)
			return bad(r, at, "ns", "must be a string");
		if (ns == NULL || strcmp(ns, OSCAL_NS) != 0)
			continue;	/* someone else's prop */
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (strcmp(known[k].name, name) == 0 &&
			    known[k].scope == scope)
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return bad(r, at, "name", "not an annexa prop here");
		slot = (const char **)(void *)((char *)ap + known[k].off);
		if (*slot != NULL)
			return bad(r, at, "name", "given twice");
		if (slot == &ap->addendum) {
			if (member_str(p, "remarks", MAPSET_NOTE_MAX,
			    &remarks) != 1 || !valid_text(remarks,
			    MAPSET_NOTE_MAX))
				return bad(r, at, "remarks", "the addendum: 1 "
				    "to 4000 bytes of text");
			*slot = remarks;
		} else
			*slot = value;
	}
	return ERR_OK;
}

/*
 * The framework a resource names: annexa's prop, else the file name of
 * its href without the extension.
 */
static enum err
read_resource(struct rd *r, json_t *mapping, const char *where,
    const char *key, const char **fw)
{
	struct aprops	 ap;
	json_t		*res = json_object_get(mapping, key);
	const char	*href, *b, *e;
	char		 at[WHERE_MAX], id[VALID_IDENT_MAX + 1];
	size_t		 n;
	enum err	 err;

	snprintf(at, sizeof(at), "%.200s.%s", where, key);
	if (!json_is_object(res))
		return bad(r, at, "", "must be an object");
	if ((err = read_props(r, res, at, SCOPE_RESOURCE, &ap)) != ERR_OK)
		return err;
	if (ap.framework != NULL) {
		if (!valid_ident(ap.framework))
			return bad(r, at, "props", "framework: not a framework "
			    "id");
		*fw = ap.framework;
		return ERR_OK;
	}
	if (member_str(res, "href", 2048, &href) != 1)
		return bad(r, at, "href", "must be a string");
	n = strcspn(href, "#?");
	for (b = href + n; b > href && b[-1] != '/'; b--)
		;
	for (e = href + n; e > b && *e != '.'; e--)
		;
	if (e == b)
		e = href + n;
	n = (size_t)(e - b);
	if (n == 0 || n > VALID_IDENT_MAX)
		goto nofw;
	memcpy(id, b, n);
	id[n] = '\0';
	if (!valid_ident(id))
		goto nofw;
	if ((*fw = pool_strdup(r->pool, id)) == NULL)
		return ERR_NOMEM;
	return ERR_OK;
nofw:
	return bad(r, at, "", "cannot tell which annexa framework this is: "
	    "add a prop {\"name\": \"framework\", \"ns\": \"" OSCAL_NS "\", "
	    "\"value\": \"iso27017-2015\"} or an href ending in "
	    "iso27017-2015.json");
}

/* The ids of a map's sources or targets; each must be a control. */
static enum err
read_items(struct rd *r, json_t *map, const char *where, const char *key,
    const char **ids, size_t *n)
{
	json_t		*arr = json_object_get(map, key), *it;
	const char	*type, *id;
	char		 at[WHERE_MAX];
	size_t		 i;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > OSCAL_ITEMS_MAX) {
		snprintf(at, sizeof(at), "must be an array of 1 to %d items",
		    OSCAL_ITEMS_MAX);
		return bad(r, where, key, at);
	}
	json_array_foreach(arr, i, it) {
		snprintf(at, sizeof(at), "%.200s.%s[%zu]", where, key, i);
		if (!json_is_object(it))
			return bad(r, at, "", "must be an object");
		if (member_str(it, "type", 32, &type) != 1)
			return bad(r, at, "type", "must be a string");
		if (strcmp(type, "statement") == 0)
			return bad(r, at, "type", "statement-level mappings "
			    "are not supported: annexa maps whole controls");
		if (strcmp(type, "control") != 0)
			return bad(r, at, "type", "must be \"control\"");
		if (member_str(it, "id-ref", VALID_IDENT_MAX, &id) != 1 ||
		    !valid_ident(id))
			return bad(r, at, "id-ref", "must be a control id of "
			    VALID_IDENT_RULE);
		ids[i] = id;
	}
	*n = json_array_size(arr);
	return ERR_OK;
}

/* The optional enum member key of obj, one of names; *out NULL if absent. */
static enum err
read_enum(struct rd *r, json_t *obj, const char *where, const char *key,
    const char *const *names, const char *why, const char **out)
{
	int	got = member_str(obj, key, 64, out);

	if (got < 0 || (got == 1 && !valid_enum(*out, names, NULL)))
		return bad(r, where, key, why);
	return ERR_OK;
}

static const char *const rationales[] =
    { "syntactic", "semantic", "functional", NULL };
static const char *const confidences[] = { "high", "medium", "low", NULL };
static const char *const gaps[] =
    { "no-gap", "partial-gap", "full-gap", NULL };

/*
 * One map into rows of set: see the top of the file for how several
 * sources or targets expand.  seen maps "source\ttarget" to the map
 * index that gave the pair first.
 */
static enum err
read_map(struct rd *r, struct mapset *set, json_t *map, const char *where,
    size_t index, bool annexa, const char *mapping_rationale, json_t *seen)
{
	const char		*src[OSCAL_ITEMS_MAX], *tgt[OSCAL_ITEMS_MAX];
	const char		*rel, *ns, *conf;
	char			 key[2 * VALID_IDENT_MAX + 2], why[256];
	struct aprops		 ap;
	struct mapping_row	 row;
	json_t			*cs, *v;
	size_t			 ns_, nt, i, k;
	int64_t			 strength;
	enum rel		 each;
	enum err		 e;

	if (!json_is_object(map))
		return bad(r, where, "", "must be an object");
	memset(&row, 0, sizeof(row));
	row.line = index + 1;
	if (member_str(map, "relationship", 64, &rel) != 1)
		return bad(r, where, "relationship", "must be a string");
	if (!mapset_rel_parse(rel, &row.rel))
		return bad(r, where, "relationship", "must be equal-to, "
		    "equivalent-to, subset-of, superset-of, intersects-with or "
		    "no-relationship");
	if (member_str(map, "ns", 256, &ns) < 0 ||
	    (ns != NULL && strcmp(ns, OSCAL_NIST_NS) != 0))
		return bad(r, where, "ns", "only OSCAL's own relationships ("
		    OSCAL_NIST_NS ") are understood");
	if ((e = read_items(r, map, where, "sources", src, &ns_)) != ERR_OK ||
	    (e = read_items(r, map, where, "targets", tgt, &nt)) != ERR_OK)
		return e;
	if ((e = read_props(r, map, where, SCOPE_MAP, &ap)) != ERR_OK)
		return e;
	if ((e = read_enum(r, map, where, "matching-rationale", rationales,
	    "must be syntactic, semantic or functional", &row.rationale)) !=
	    ERR_OK)
		return e;
	if (row.rationale == NULL && !annexa)
		row.rationale = mapping_rationale != NULL ? mapping_rationale :
		    r->rationale;
	row.strength = -1;
	if (ap.strength != NULL) {
		if (!valid_int(ap.strength, 0, 10, &strength))
			return bad(r, where, "props", "strength: a whole "
			    "number from 0 to 10");
		row.strength = (int)strength;
	}
	if (ap.confidence != NULL &&
	    !valid_enum(ap.confidence, confidences, NULL))
		return bad(r, where, "props", "confidence: high, medium or "
		    "low");
	row.confidence = ap.confidence;
	if (row.confidence == NULL && !annexa &&
	    json_is_object(cs = json_object_get(map, "confidence-score")) &&
	    member_str(cs, "category", 16, &conf) == 1 &&
	    valid_enum(conf, confidences, NULL))
		row.confidence = conf;
	if (ap.gap_level != NULL && !valid_enum(ap.gap_level, gaps, NULL))
		return bad(r, where, "props", "gap-level: no-gap, partial-gap "
		    "or full-gap");
	row.gap_level = ap.gap_level;
	row.addendum = ap.addendum;
	if (member_str(map, "remarks", MAPSET_NOTE_MAX, &row.note) < 0 ||
	    (row.note != NULL && !valid_text(row.note, MAPSET_NOTE_MAX)))
		return bad(r, where, "remarks", "the note: 1 to 4000 bytes of "
		    "text without control characters but tab and newline");
	/* Pairs: see the top of the file. */
	each = row.rel;
	if (ns_ > 1 || nt > 1) {
		if (row.rel == REL_NONE)
			each = REL_NONE;
		else if (nt == 1 && (row.rel == REL_SUBSET ||
		    row.rel == REL_EQUAL || row.rel == REL_EQUIVALENT))
			each = REL_SUBSET;
		else if (ns_ == 1 && (row.rel == REL_SUPERSET ||
		    row.rel == REL_EQUAL || row.rel == REL_EQUIVALENT))
			each = REL_SUPERSET;
		else
			return bad(r, where, "", "several sources or targets "
			    "with this relationship say nothing about any "
			    "single pair of controls; split the map");
		row.strength = -1;
	}
	row.rel = each;
	for (i = 0; i < ns_; i++)
		for (k = 0; k < nt; k++) {
			snprintf(key, sizeof(key), "%s\t%s", src[i], tgt[k]);
			if ((v = json_object_get(seen, key)) != NULL) {
				snprintf(why, sizeof(why), "%s -> %s is mapped "
				    "twice (first in maps[%lld])", src[i],
				    tgt[k], (long long)json_integer_value(v));
				return bad(r, where, "", why);
			}
			if (json_object_set_new(seen, key,
			    json_integer((json_int_t)index)) != 0)
				return ERR_NOMEM;
			row.source_control = src[i];
			row.target_control = tgt[k];
			if ((e = mapset_add(set, &row)) != ERR_OK) {
				if (e == ERR_TOO_LARGE)
					bad(r, where, "", "the set has more "
					    "rows than annexa keeps (100000)");
				return e;
			}
		}
	return ERR_OK;
}

static bool
is_ident_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '&' ||
	    c == '-';
}

/* Derives a set name from the file name: its stem, "-N" when several. */
static const char *
default_name(struct rd *r, size_t index, size_t n)
{
	char		 stem[VALID_IDENT_MAX + 1], name[VALID_IDENT_MAX + 1];
	const char	*b, *dot;
	size_t		 i, len;

	b = strrchr(r->origin, '/');
	b = b != NULL ? b + 1 : r->origin;
	dot = strrchr(b, '.');
	len = dot != NULL && dot > b ? (size_t)(dot - b) : strlen(b);
	if (len > 56)
		len = 56;
	for (i = 0; i < len; i++)
		stem[i] = is_ident_char(b[i]) ? b[i] : '-';
	stem[len] = '\0';
	if (len == 0)
		snprintf(stem, sizeof(stem), "oscal");
	if (n > 1)
		snprintf(name, sizeof(name), "%s-%zu", stem, index + 1);
	else
		snprintf(name, sizeof(name), "%s", stem);
	return pool_strdup(r->pool, name);
}

static enum err
read_mapping(struct rd *r, json_t *m, size_t index, size_t n,
    struct mapset **out)
{
	struct mapset	*set;
	struct aprops	 ap;
	json_t		*maps, *map, *seen = NULL;
	const char	*prov, *rationale;
	char		 where[WHERE_MAX], at[WHERE_MAX];
	size_t		 i;
	bool		 annexa;
	enum err	 e;

	snprintf(where, sizeof(where), "mapping-collection.mappings[%zu]",
	    index);
	if (!json_is_object(m))
		return bad(r, where, "", "must be an object");
	if ((set = mapset_new(r->pool)) == NULL)
		return ERR_NOMEM;
	set->origin = r->origin;
	if ((e = read_props(r, m, where, SCOPE_MAPPING, &ap)) != ERR_OK)
		return e;
	annexa = ap.set_name != NULL;
	set->name = annexa ? ap.set_name : default_name(r, index, n);
	if (set->name == NULL)
		return ERR_NOMEM;
	if (!valid_ident(set->name))
		return bad(r, where, "props", "set-name: " VALID_IDENT_RULE);
	if ((e = read_resource(r, m, where, "source-resource",
	    &set->source_fw)) != ERR_OK ||
	    (e = read_resource(r, m, where, "target-resource",
	    &set->target_fw)) != ERR_OK)
		return e;
	if (strcmp(set->source_fw, set->target_fw) == 0)
		return bad(r, where, "target-resource", "names the same "
		    "framework as source-resource");
	if (member_str(m, "remarks", MAPSET_NOTE_MAX, &prov) < 0)
		return bad(r, where, "remarks", "must be a string");
	if (prov == NULL &&
	    member_str(m, "mapping-description", MAPSET_NOTE_MAX, &prov) < 0)
		return bad(r, where, "mapping-description", "must be a string");
	if (prov == NULL)
		prov = r->description != NULL ? r->description : r->title;
	if (prov == NULL) {
		snprintf(at, sizeof(at), "OSCAL mapping collection %s",
		    r->origin);
		if ((prov = pool_strdup(r->pool, at)) == NULL)
			return ERR_NOMEM;
	}
	if (!valid_text(prov, MAPSET_NOTE_MAX))
		return bad(r, where, "remarks", "the provenance: 1 to 4000 "
		    "bytes of text");
	set->provenance = prov;
	set->version = annexa ? ap.set_version : r->version;
	if (set->version != NULL && !valid_text(set->version, 64))
		return bad(r, where, "props", "set-version: 1 to 64 bytes of "
		    "text");
	if ((e = read_enum(r, m, where, "matching-rationale", rationales,
	    "must be syntactic, semantic or functional", &rationale)) != ERR_OK)
		return e;
	maps = json_object_get(m, "maps");
	if (!json_is_array(maps) || json_array_size(maps) == 0)
		return bad(r, where, "maps", "must be an array of maps");
	if (json_array_size(maps) > MAPSET_ROWS_MAX) {
		bad(r, where, "maps", "more maps than annexa keeps in a set "
		    "(100000)");
		return ERR_TOO_LARGE;
	}
	if ((seen = json_object()) == NULL)
		return ERR_NOMEM;
	json_array_foreach(maps, i, map) {
		snprintf(at, sizeof(at), "%.200s.maps[%zu]", where, i);
		if ((e = read_map(r, set, map, at, i, annexa, rationale,
		    seen)) != ERR_OK)
			break;
	}
	json_decref(seen);
	if (e != ERR_OK)
		return e;
	/* These point into the JSON tree, which dies with oscal_read(). */
	if ((set->name = pool_strdup(r->pool, set->name)) == NULL ||
	    (set->source_fw = pool_strdup(r->pool, set->source_fw)) == NULL ||
	    (set->target_fw = pool_strdup(r->pool, set->target_fw)) == NULL ||
	    (set->provenance = pool_strdup(r->pool, set->provenance)) == NULL ||
	    (set->version != NULL &&
	    (set->version = pool_strdup(r->pool, set->version)) == NULL))
		return ERR_NOMEM;
	*out = set;
	return ERR_OK;
}

enum err
oscal_read(struct pool *p, const char *origin, const char *text, size_t len,
    struct mapset ***sets, size_t *nsets, char *msg, size_t msgsz)
{
	struct rd	  r;
	struct mapset	**out = NULL;
	json_t		 *root, *mc, *meta, *prov, *mappings, *m;
	json_error_t	  jerr;
	const char	 *k;
	size_t		  i, n, j;
	enum err	  e = ERR_INVALID;

	*sets = NULL;
	*nsets = 0;
	memset(&r, 0, sizeof(r));
	r.pool = p;
	r.origin = origin;
	r.msg = msg;
	r.msgsz = msgsz;
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		snprintf(msg, msgsz, "%s:%d: %s", origin, jerr.line, jerr.text);
		return ERR_INVALID;
	}
	if (!json_is_object(root) ||
	    !json_is_object(mc = json_object_get(root, "mapping-collection"))) {
		bad(&r, "mapping-collection", "", "the document must be an "
		    "object holding an OSCAL mapping-collection");
		goto out;
	}
	json_object_foreach(root, k, m)
		if (strcmp(k, "mapping-collection") != 0 &&
		    strcmp(k, "$schema") != 0) {
			bad(&r, "", "", "a mapping collection has nothing "
			    "beside mapping-collection and $schema");
			goto out;
		}
	meta = json_object_get(mc, "metadata");
	if (meta != NULL && !json_is_object(meta)) {
		bad(&r, "mapping-collection.metadata", "", "must be an object");
		goto out;
	}
	if (meta != NULL && (member_str(meta, "title", MAPSET_NOTE_MAX,
	    &r.title) < 0 || member_str(meta, "version", 64, &r.version) < 0)) {
		bad(&r, "mapping-collection.metadata", "", "title and version "
		    "must be strings");
		goto out;
	}
	if (r.title != NULL && !valid_text(r.title, MAPSET_NOTE_MAX))
		r.title = NULL;
	if (r.version != NULL && !valid_text(r.version, 64))
		r.version = NULL;
	prov = json_object_get(mc, "provenance");
	if (prov != NULL && (!json_is_object(prov) ||
	    member_str(prov, "mapping-description", MAPSET_NOTE_MAX,
	    &r.description) < 0)) {
		bad(&r, "mapping-collection.provenance", "", "must be an "
		    "object with a string mapping-description");
		goto out;
	}
	if (r.description != NULL && !valid_text(r.description,
	    MAPSET_NOTE_MAX))
		r.description = NULL;
	if (prov != NULL && (e = read_enum(&r, prov,
	    "mapping-collection.provenance", "matching-rationale", rationales,
	    "must be syntactic, semantic or functional", &r.rationale)) !=
	    ERR_OK)
		goto out;
	e = ERR_INVALID;
	mappings = json_object_get(mc, "mappings");
	if (!json_is_array(mappings) || json_array_size(mappings) == 0) {
		bad(&r, "mapping-collection.mappings", "", "must be an array "
		    "of mappings");
		goto out;
	}
	if ((n = json_array_size(mappings)) > OSCAL_SETS_MAX) {
		bad(&r, "mapping-collection.mappings", "", "more than 256 "
		    "mappings");
		e = ERR_TOO_LARGE;
		goto out;
	}
	if ((out = pool_calloc(p, n, sizeof(*out))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	json_array_foreach(mappings, i, m) {
		if ((e = read_mapping(&r, m, i, n, &out[i])) != ERR_OK)
			goto out;
		for (j = 0; j < i; j++)
			if (strcmp(out[j]->name, out[i]->name) == 0) {
				snprintf(msg, msgsz, "%s: "
				    "mapping-collection.mappings[%zu]: set %s "
				    "is also mappings[%zu]", origin, i,
				    out[i]->name, j);
				e = ERR_INVALID;
				goto out;
			}
		if ((e = mapset_check(out[i], msg, msgsz)) != ERR_OK)
			goto out;
	}
	*sets = out;
	*nsets = n;
	e = ERR_OK;
out:
	json_decref(root);
	return e;
}
