/*
 * oscalcat.c — OSCAL 1.x catalogs (see oscalcat.h).
 *
 * The part of the model read here (NIST OSCAL 1.x, Catalog model, JSON):
 *
 *   {"catalog": {"uuid", "metadata": {"title", "version", "oscal-version",
 *                  "props", "parties": [{"uuid", "name"}],
 *                  "responsible-parties": [{"role-id", "party-uuids"}]},
 *                "controls": [...], "groups": [...], "back-matter"}}
 *   group:   {"id" (optional), "title", "groups": [...], "controls": [...]}
 *   control: {"id", "title", "props": [{"name", "value", "ns"}],
 *             "controls": [...]}   (nested controls are enhancements)
 *
 * Everything else (params, parts, links, back-matter...) is prose or
 * structure annexa does not keep, and is passed over unread.
 *
 * How annexa fills its catalog:
 *   - framework id: --framework, else the annexa prop "framework" (ns
 *     OSCAL_NS, as annexa's OSCAL mapping export writes on resources) in
 *     metadata.props, else the file name without extension.  The last
 *     is what the mapping-collection reader takes from a resource's
 *     href, so a collection that points at this file by name links to it
 *     without edits.
 *   - name: --name, else metadata.title; version: metadata.version;
 *     publisher: --publisher, else the name of the party that
 *     metadata.responsible-parties gives the role "publisher", else the
 *     role "creator" (NIST's catalogs name only a creator).
 *   - control id: the OSCAL id ("ac-2.1"), which is what mapping
 *     collections reference.  The "label" prop ("AC-2(1)") is not kept:
 *     annexa has one id per control, and parentheses are not identifier
 *     characters.
 *   - group: the outermost group the control is in (NIST's families; the
 *     functions of CSF 2.0, whose categories are nested groups).  A
 *     control directly under the catalog is its own group, together with
 *     its enhancements.
 *   - sort order: the model's order, depth first: the catalog's own
 *     controls, then its groups; in a group its subgroups, then its
 *     controls; each control followed by its enhancements.
 *   - withdrawn: a control with the prop name "status", value
 *     "withdrawn" (in OSCAL's own namespace: no "ns", or NIST's) is not
 *     imported, nor is anything nested in it; each is counted.
 *
 * Refused, naming the JSON location: a document that is not a catalog,
 * a catalog without uuid or metadata, an oscal-version other than 1.x,
 * a control without an id of annexa's identifier characters or without
 * a title of 1 to 500 bytes, an outermost group without an id of
 * annexa's identifier characters or without title (a nested group needs
 * a title only), an id used twice (groups and controls share one space: a control outside
 * groups becomes a group), nesting deeper than OSCALCAT_DEPTH_MAX, more
 * than CATALOG_CONTROLS_MAX controls to import, or none.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog.h"
#include "oscal.h"
#include "oscalcat.h"
#include "pool.h"
#include "valid.h"

#define OSCAL_NIST_NS	"http://csrc.nist.gov/ns/oscal"
#define WHERE_MAX	1024	/* a JSON location */

struct rd {
	struct pool		*pool;
	const char		*origin;
	char			*msg;
	size_t			 msgsz;
	json_t			*seen;	/* id -> location of its first use */
	json_t			*groups;	/* group ids of imported controls */
	struct catalog_control	*ctl;	/* malloc'd; copied to the pool */
	size_t			 n, cap;
	struct oscalcat_counts	*counts;
	/* The outermost group of the place being read; NULL outside one. */
	const char		*group_id, *group_title;
};

/* "ORIGIN: WHERE[.FIELD]: WHY"; returns ERR_INVALID. */
static enum err
bad(struct rd *r, const char *where, const char *field, const char *why)
{
	snprintf(r->msg, r->msgsz, "%s: %s%s%s: %s", r->origin, where,
	    field[0] != '\0' ? "." : "", field, why);
	return ERR_INVALID;
}

/*
 * A string member: 0 when absent, 1 with *out set, -1 when it is not a
 * string without NUL.
 */
static int
member_str(json_t *obj, const char *key, const char **out)
{
	json_t	*v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v) ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return -1;
	*out = json_string_value(v);
	return 1;
}

/* A required text member of 1 to CATALOG_TEXT_MAX bytes into *out. */
static enum err
text_member(struct rd *r, json_t *obj, const char *where, const char *key,
    const char **out)
{
	int	got = member_str(obj, key, out);

	if (got == 0)
		return bad(r, where, key, "is missing");
	if (got < 0 || !valid_text(*out, CATALOG_TEXT_MAX))
		return bad(r, where, key, "must be 1 to 500 bytes of UTF-8 "
		    "text without control characters");
	return ERR_OK;
}

/* An optional array member: NULL when absent; *ok false when no array. */
static json_t *
array_member(json_t *obj, const char *key, bool *ok)
{
	json_t	*v = json_object_get(obj, key);

	*ok = v == NULL || json_is_array(v);
	return json_is_array(v) ? v : NULL;
}

/* True for the 8-4-4-4-12 hexadecimal form RFC 4122 writes. */
static bool
is_uuid(const char *s)
{
	size_t	i;

	if (strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	}
	return true;
}

/*
 * Records id as used at where; refuses an id seen before, naming the
 * first place.
 */
static enum err
claim_id(struct rd *r, const char *id, const char *where)
{
	json_t	*first = json_object_get(r->seen, id);
	char	 why[WHERE_MAX + 128];

	if (first != NULL) {
		snprintf(why, sizeof(why), "%s is used twice (first at %s)", id,
		    json_string_value(first));
		return bad(r, where, "id", why);
	}
	if (json_object_set_new(r->seen, id, json_string(where)) != 0)
		return ERR_NOMEM;
	return ERR_OK;
}

/*
 * Reads the props of a control; *withdrawn is set when one says
 * status = withdrawn in OSCAL's namespace.
 */
static enum err
read_status(struct rd *r, json_t *c, const char *where, bool *withdrawn)
{
	json_t		*props, *p;
	const char	*name, *value, *ns;
	char		 at[WHERE_MAX];
	size_t		 i;
	bool		 ok;

	*withdrawn = false;
	if ((props = array_member(c, "props", &ok)) == NULL)
		return ok ? ERR_OK : bad(r, where, "props", "must be an array");
	json_array_foreach(props, i, p) {
		snprintf(at, sizeof(at), "%.960s.props[%zu]", where, i);
		if (!json_is_object(p))
			return bad(r, at, "", "must be an object");
		if (member_str(p, "name", &name) != 1)
			return bad(r, at, "name", "must be a string");
		if (member_str(p, "value", &value) != 1)
			return bad(r, at, "value", "must be a string");
		if (member_str(p, "ns", &ns) < 0)
			return bad(r, at, "ns", "must be a string");
		if (strcmp(name, "status") == 0 &&
		    strcmp(value, "withdrawn") == 0 &&
		    (ns == NULL || strcmp(ns, OSCAL_NIST_NS) == 0))
			*withdrawn = true;
	}
	return ERR_OK;
}

/* Appends one control to import. */
static enum err
keep(struct rd *r, const char *id, const char *title, bool enhancement)
{
	struct catalog_control	*nc;
	size_t			 cap;

	if (r->n == CATALOG_CONTROLS_MAX)
		return ERR_TOO_LARGE;
	if (r->n == r->cap) {
		cap = r->cap == 0 ? 64 : r->cap * 2;
		if ((nc = reallocarray(r->ctl, cap, sizeof(*nc))) == NULL)
			return ERR_NOMEM;
		r->ctl = nc;
		r->cap = cap;
	}
	nc = &r->ctl[r->n];
	if ((nc->id = pool_strdup(r->pool, id)) == NULL ||
	    (nc->title = pool_strdup(r->pool, title)) == NULL ||
	    (nc->group_id = pool_strdup(r->pool, r->group_id)) == NULL ||
	    (nc->group_title = pool_strdup(r->pool, r->group_title)) == NULL)
		return ERR_NOMEM;
	if (json_object_get(r->groups, r->group_id) == NULL) {
		if (json_object_set_new(r->groups, r->group_id,
		    json_true()) != 0)
			return ERR_NOMEM;
		r->counts->groups++;
	}
	r->n++;
	r->counts->controls++;
	if (enhancement)
		r->counts->enhancements++;
	return ERR_OK;
}

static enum err	read_controls(struct rd *, json_t *, const char *, int,
		    bool, bool);

/*
 * One control at where, depth levels down; enhancement when it is nested
 * in a control, skip when that control is withdrawn.
 */
static enum err
read_control(struct rd *r, json_t *c, const char *where, int depth,
    bool enhancement, bool skip)
{
	const char	*id, *title, *outer_id = r->group_id;
	const char	*outer_title = r->group_title;
	bool		 withdrawn;
	int		 got;
	enum err	 e;

	if (!json_is_object(c))
		return bad(r, where, "", "must be an object");
	if ((got = member_str(c, "id", &id)) == 0)
		return bad(r, where, "id", "is missing");
	if (got < 0 || !valid_ident(id))
		return bad(r, where, "id", "must be " VALID_IDENT_RULE);
	if ((e = text_member(r, c, where, "title", &title)) != ERR_OK ||
	    (e = claim_id(r, id, where)) != ERR_OK ||
	    (e = read_status(r, c, where, &withdrawn)) != ERR_OK)
		return e;
	skip = skip || withdrawn;
	if (r->group_id == NULL) {
		/* Outside any group: the control and its enhancements. */
		r->group_id = id;
		r->group_title = title;
	}
	if (skip)
		r->counts->withdrawn++;
	else if ((e = keep(r, id, title, enhancement)) != ERR_OK) {
		if (e == ERR_TOO_LARGE)
			e = bad(r, where, "", "more controls than annexa keeps "
			    "in one catalog (10000)");
		return e;
	}
	e = read_controls(r, c, where, depth + 1, true, skip);
	r->group_id = outer_id;
	r->group_title = outer_title;
	return e;
}

/* The "controls" array of parent, if any. */
static enum err
read_controls(struct rd *r, json_t *parent, const char *where, int depth,
    bool enhancement, bool skip)
{
	json_t	*arr, *c;
	char	 at[WHERE_MAX];
	size_t	 i;
	bool	 ok;
	enum err e;

	if ((arr = array_member(parent, "controls", &ok)) == NULL)
		return ok ? ERR_OK : bad(r, where, "controls", "must be an "
		    "array");
	if (depth > OSCALCAT_DEPTH_MAX)
		return bad(r, where, "controls", "nested more than 32 levels "
		    "deep");
	json_array_foreach(arr, i, c) {
		if ((size_t)snprintf(at, sizeof(at), "%s.controls[%zu]", where,
		    i) >= sizeof(at))
			return bad(r, where, "controls", "nested too deep");
		if ((e = read_control(r, c, at, depth, enhancement, skip)) !=
		    ERR_OK)
			return e;
	}
	return ERR_OK;
}

/*
 * The "groups" array of parent, if any; outermost when parent is the
 * catalog.
 */
static enum err
read_groups(struct rd *r, json_t *parent, const char *where, int depth)
{
	json_t		*arr, *g;
	const char	*id, *title;
	char		 at[WHERE_MAX];
	size_t		 i;
	int		 got;
	bool		 ok, outermost = r->group_id == NULL;
	enum err	 e;

	if ((arr = array_member(parent, "groups", &ok)) == NULL)
		return ok ? ERR_OK : bad(r, where, "groups", "must be an array");
	if (depth > OSCALCAT_DEPTH_MAX)
		return bad(r, where, "groups", "nested more than 32 levels deep");
	json_array_foreach(arr, i, g) {
		if ((size_t)snprintf(at, sizeof(at), "%s.groups[%zu]", where,
		    i) >= sizeof(at))
			return bad(r, where, "groups", "nested too deep");
		if (!json_is_object(g))
			return bad(r, at, "", "must be an object");
		if ((e = text_member(r, g, at, "title", &title)) != ERR_OK)
			return e;
		got = member_str(g, "id", &id);
		if (got == 0 && outermost)
			return bad(r, at, "id", "is missing: the outermost "
			    "group of a control is its group in annexa, and "
			    "needs an id");
		/* Only the outermost group's id is stored; a nested group's
		 * may use any characters OSCAL allows, but not another's id. */
		if (got < 0)
			return bad(r, at, "id", "must be a string");
		if (got == 1 && outermost && !valid_ident(id))
			return bad(r, at, "id", "must be " VALID_IDENT_RULE);
		if (got == 1 && (e = claim_id(r, id, at)) != ERR_OK)
			return e;
		if (outermost) {
			r->group_id = id;
			r->group_title = title;
		}
		if ((e = read_groups(r, g, at, depth + 1)) != ERR_OK ||
		    (e = read_controls(r, g, at, depth + 1, false, false)) !=
		    ERR_OK)
			return e;
		if (outermost)
			r->group_id = r->group_title = NULL;
	}
	return ERR_OK;
}

/*
 * The name of the first named party metadata gives role, or NULL.
 * Malformed parties and roles are passed over: the publisher is a
 * convenience, and --publisher can always give it.
 */
static const char *
party_in_role(json_t *meta, const char *role)
{
	json_t		*rps, *rp, *uuids, *u, *parties, *p;
	const char	*rid, *puuid, *name;
	size_t		 i, k, j;

	rps = json_object_get(meta, "responsible-parties");
	parties = json_object_get(meta, "parties");
	if (!json_is_array(rps) || !json_is_array(parties))
		return NULL;
	json_array_foreach(rps, i, rp) {
		if (member_str(rp, "role-id", &rid) != 1 ||
		    strcmp(rid, role) != 0 ||
		    !json_is_array(uuids = json_object_get(rp, "party-uuids")))
			continue;
		json_array_foreach(uuids, k, u) {
			if (!json_is_string(u))
				continue;
			json_array_foreach(parties, j, p)
				if (member_str(p, "uuid", &puuid) == 1 &&
				    strcmp(puuid, json_string_value(u)) == 0 &&
				    member_str(p, "name", &name) == 1 &&
				    valid_text(name, CATALOG_TEXT_MAX))
					return name;
		}
	}
	return NULL;
}

/* annexa's "framework" prop in metadata.props, or NULL. */
static const char *
framework_prop(json_t *meta)
{
	json_t		*props = json_object_get(meta, "props"), *p;
	const char	*name, *ns, *value;
	size_t		 i;

	if (!json_is_array(props))
		return NULL;
	json_array_foreach(props, i, p)
		if (member_str(p, "name", &name) == 1 &&
		    strcmp(name, "framework") == 0 &&
		    member_str(p, "ns", &ns) == 1 && strcmp(ns, OSCAL_NS) == 0 &&
		    member_str(p, "value", &value) == 1)
			return value;
	return NULL;
}

/* The framework row from the metadata and the options. */
static enum err
read_metadata(struct rd *r, json_t *cat, const struct oscalcat_opts *o,
    struct catalog_doc *doc)
{
	static const char	 where[] = "catalog.metadata";
	json_t			*meta = json_object_get(cat, "metadata");
	const char		*ov, *id;
	char			 why[512];
	enum err		 e;

	if (meta == NULL)
		return bad(r, where, "", "is missing");
	if (!json_is_object(meta))
		return bad(r, where, "", "must be an object");
	if (member_str(meta, "oscal-version", &ov) != 1)
		return bad(r, where, "oscal-version", "is missing");
	if (strncmp(ov, "1.", 2) != 0) {
		snprintf(why, sizeof(why), "annexa reads OSCAL 1.x catalogs, "
		    "not %.64s", ov);
		return bad(r, where, "oscal-version", why);
	}
	if ((id = o->framework) != NULL) {
		if (!valid_ident(id))
			return bad(r, "--framework", "", "must be "
			    VALID_IDENT_RULE);
	} else if ((id = framework_prop(meta)) != NULL) {
		if (!valid_ident(id))
			return bad(r, where, "props", "framework: must be "
			    VALID_IDENT_RULE);
	} else if ((id = o->file_stem) == NULL || !valid_ident(id)) {
		snprintf(why, sizeof(why), "no framework id: the file name "
		    "\"%.80s\" is not one (" VALID_IDENT_RULE "); give "
		    "--framework ID", o->file_stem != NULL ? o->file_stem : "");
		return bad(r, where, "", why);
	}
	if (o->name != NULL) {
		if (!valid_text(o->name, CATALOG_TEXT_MAX))
			return bad(r, "--name", "", "must be 1 to 500 bytes of "
			    "text");
		doc->name = o->name;
	} else if ((e = text_member(r, meta, where, "title", &doc->name)) !=
	    ERR_OK)
		return e;
	if ((e = text_member(r, meta, where, "version", &doc->version)) !=
	    ERR_OK)
		return e;
	if ((doc->publisher = o->publisher) != NULL) {
		if (!valid_text(o->publisher, CATALOG_TEXT_MAX))
			return bad(r, "--publisher", "", "must be 1 to 500 "
			    "bytes of text");
	} else if ((doc->publisher = party_in_role(meta, "publisher")) ==
	    NULL && (doc->publisher = party_in_role(meta, "creator")) == NULL)
		return bad(r, where, "responsible-parties", "no named party "
		    "has the role publisher or creator: give --publisher");
	/* The JSON tree dies with oscalcat_read(). */
	if ((doc->id = pool_strdup(r->pool, id)) == NULL ||
	    (doc->name = pool_strdup(r->pool, doc->name)) == NULL ||
	    (doc->version = pool_strdup(r->pool, doc->version)) == NULL ||
	    (doc->publisher = pool_strdup(r->pool, doc->publisher)) == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

enum err
oscalcat_read(struct pool *p, const char *origin, const char *text,
    size_t len, const struct oscalcat_opts *o, struct catalog_doc *doc,
    struct oscalcat_counts *counts, char *msg, size_t msgsz)
{
	struct catalog_control	*kept;
	struct rd		 r;
	json_t			*root, *cat, *v;
	json_error_t		 jerr;
	const char		*k, *uuid;
	enum err		 e = ERR_INVALID;

	memset(doc, 0, sizeof(*doc));
	memset(counts, 0, sizeof(*counts));
	memset(&r, 0, sizeof(r));
	r.pool = p;
	r.origin = origin;
	r.msg = msg;
	r.msgsz = msgsz;
	r.counts = counts;
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		snprintf(msg, msgsz, "%s:%d: %s", origin, jerr.line, jerr.text);
		return ERR_INVALID;
	}
	if (!json_is_object(root) ||
	    !json_is_object(cat = json_object_get(root, "catalog"))) {
		bad(&r, "catalog", "", json_is_object(root) &&
		    json_object_get(root, "profile") != NULL ?
		    "this is an OSCAL profile: resolve it into a catalog "
		    "first" : "the document must be an object holding an OSCAL "
		    "catalog");
		goto out;
	}
	json_object_foreach(root, k, v)
		if (strcmp(k, "catalog") != 0 && strcmp(k, "$schema") != 0) {
			bad(&r, k, "", "a catalog document has nothing beside "
			    "catalog and $schema");
			goto out;
		}
	if (member_str(cat, "uuid", &uuid) != 1 || !is_uuid(uuid)) {
		bad(&r, "catalog", "uuid", uuid == NULL && json_object_get(cat,
		    "uuid") == NULL ? "is missing" : "must be a UUID");
		goto out;
	}
	if ((e = read_metadata(&r, cat, o, doc)) != ERR_OK)
		goto out;
	e = ERR_NOMEM;
	if ((r.seen = json_object()) == NULL ||
	    (r.groups = json_object()) == NULL)
		goto out;
	if ((e = read_controls(&r, cat, "catalog", 1, false, false)) !=
	    ERR_OK || (e = read_groups(&r, cat, "catalog", 1)) != ERR_OK)
		goto out;
	if (r.n == 0) {
		e = bad(&r, "catalog", "", "holds no control to import (a "
		    "catalog needs controls that are not withdrawn)");
		goto out;
	}
	if ((kept = pool_calloc(p, r.n, sizeof(*kept))) == NULL) {
		e = ERR_NOMEM;
		goto out;
	}
	memcpy(kept, r.ctl, r.n * sizeof(*kept));
	doc->controls = kept;
	doc->n = r.n;
	e = ERR_OK;
out:
	if (e == ERR_NOMEM)
		snprintf(msg, msgsz, "%s: out of memory", origin);
	if (e != ERR_OK) {
		memset(doc, 0, sizeof(*doc));
		memset(counts, 0, sizeof(*counts));
	}
	free(r.ctl);
	json_decref(r.seen);
	json_decref(r.groups);
	json_decref(root);
	return e;
}
