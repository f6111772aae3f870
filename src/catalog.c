#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog.h"
#include "db.h"
#include "fileio.h"
#include "valid.h"

/* A string member: required, validated; *why describes a failure. */
static const char *
member(json_t *obj, const char *key, bool ident, const char **why)
{
	json_t		*v = json_object_get(obj, key);
	const char	*s;

	if (v == NULL) {
		*why = "is missing";
		return NULL;
	}
	if (!json_is_string(v)) {
		*why = "must be a string";
		return NULL;
	}
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		*why = "must not contain NUL";
		return NULL;
	}
	if (ident ? !valid_ident(s) : !valid_text(s, CATALOG_TEXT_MAX)) {
		*why = ident ? "must be " VALID_IDENT_RULE :
		    "must be 1 to 500 bytes of UTF-8 text without control characters";
		return NULL;
	}
	return s;
}

/* Rejects members not in the NULL-terminated list; *bad is the first. */
static bool
only_keys(json_t *obj, const char *const *allowed, const char **bad)
{
	const char	*k;
	json_t		*v;
	size_t		 i;

	json_object_foreach(obj, k, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(k, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			*bad = k;
			return false;
		}
	}
	return true;
}

/* Checks the whole document; msg names what is wrong. */
static enum err
catalog_check(json_t *root, const char *name, char *msg, size_t msgsz)
{
	static const char *const top_keys[] = { "framework", "controls", NULL };
	static const char *const fw_keys[] =
	    { "id", "name", "version", "publisher", NULL };
	static const char *const ctl_keys[] =
	    { "id", "title", "group_id", "group_title", NULL };
	json_t		*fw, *controls, *c, *seen = NULL;
	const char	*why = NULL, *bad, *id;
	size_t		 i, k;
	enum err	 e = ERR_INVALID;

	if (!json_is_object(root)) {
		snprintf(msg, msgsz, "%s: the document must be a JSON object", name);
		return ERR_INVALID;
	}
	if (!only_keys(root, top_keys, &bad)) {
		snprintf(msg, msgsz, "%s: %s: unknown key", name, bad);
		return ERR_INVALID;
	}
	if (!json_is_object(fw = json_object_get(root, "framework"))) {
		snprintf(msg, msgsz, "%s: framework: must be an object", name);
		return ERR_INVALID;
	}
	if (!only_keys(fw, fw_keys, &bad)) {
		snprintf(msg, msgsz, "%s: framework.%s: unknown key", name, bad);
		return ERR_INVALID;
	}
	for (k = 0; fw_keys[k] != NULL; k++)
		if (member(fw, fw_keys[k], k == 0, &why) == NULL) {
			snprintf(msg, msgsz, "%s: framework.%s: %s", name,
			    fw_keys[k], why);
			return ERR_INVALID;
		}
	controls = json_object_get(root, "controls");
	if (!json_is_array(controls) || json_array_size(controls) == 0 ||
	    json_array_size(controls) > CATALOG_CONTROLS_MAX) {
		snprintf(msg, msgsz, "%s: controls: must be an array of 1 to %d "
		    "controls", name, CATALOG_CONTROLS_MAX);
		return ERR_INVALID;
	}
	if ((seen = json_object()) == NULL)
		return ERR_NOMEM;
	json_array_foreach(controls, i, c) {
		if (!json_is_object(c)) {
			snprintf(msg, msgsz, "%s: controls[%zu]: must be an object",
			    name, i);
			goto out;
		}
		if (!only_keys(c, ctl_keys, &bad)) {
			snprintf(msg, msgsz, "%s: controls[%zu].%s: unknown key",
			    name, i, bad);
			goto out;
		}
		for (k = 0; ctl_keys[k] != NULL; k++)
			if (member(c, ctl_keys[k], k == 0 || k == 2, &why) == NULL) {
				snprintf(msg, msgsz, "%s: controls[%zu].%s: %s",
				    name, i, ctl_keys[k], why);
				goto out;
			}
		id = json_string_value(json_object_get(c, "id"));
		if (json_object_get(seen, id) != NULL) {
			snprintf(msg, msgsz, "%s: controls[%zu].id: %s appears "
			    "twice", name, i, id);
			goto out;
		}
		json_object_set_new(seen, id, json_true());
	}
	e = ERR_OK;
out:
	json_decref(seen);
	return e;
}

static const char *
str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

enum err
catalog_write(struct db *db, const char *name, const struct catalog_doc *doc,
    struct catalog_result *res, char *msg, size_t msgsz)
{
	const struct catalog_control	*c;
	const char			*params[6];
	char				 sort[24];
	PGresult			*r;
	size_t				 i;
	enum err			 e;

	memset(res, 0, sizeof(*res));
	snprintf(res->framework, sizeof(res->framework), "%s", doc->id);
	if ((e = db_begin(db)) != ERR_OK)
		goto dberr;
	params[0] = doc->id;
	params[1] = doc->name;
	params[2] = doc->version;
	params[3] = doc->publisher;
	if ((e = db_run(db, STMT_FRAMEWORK_UPSERT, params)) != ERR_OK)
		goto dberr;
	for (i = 0; i < doc->n; i++) {
		c = &doc->controls[i];
		snprintf(sort, sizeof(sort), "%zu", i + 1);
		params[0] = doc->id;
		params[1] = c->id;
		params[2] = c->title;
		params[3] = c->group_id;
		params[4] = c->group_title;
		params[5] = sort;
		if ((e = db_exec(db, STMT_CONTROL_UPSERT, params, &r)) != ERR_OK)
			goto dberr;
		if (strcmp(PQgetvalue(r, 0, SINGLE_VALUE), "t") == 0)
			res->added++;
		else
			res->updated++;
		PQclear(r);
	}
	params[0] = doc->id;
	if ((e = db_run(db, STMT_FRAMEWORK_RECOUNT, params)) != ERR_OK ||
	    (e = db_commit(db)) != ERR_OK)
		goto dberr;
	return ERR_OK;
dberr:
	snprintf(msg, msgsz, "%s: %s", name, db_errmsg(db));
	db_rollback(db);
	return e;
}

enum err
catalog_import_text(struct db *db, const char *name, const char *text,
    size_t len, struct catalog_result *res, char *msg, size_t msgsz)
{
	struct catalog_control	*ctl = NULL;
	struct catalog_doc	 doc;
	json_t			*root, *fw, *controls, *c;
	json_error_t		 jerr;
	size_t			 i;
	enum err		 e;

	memset(res, 0, sizeof(*res));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(msg, msgsz, "%s:%d: %s", name, jerr.line, jerr.text);
		return ERR_INVALID;
	}
	if ((e = catalog_check(root, name, msg, msgsz)) != ERR_OK)
		goto out;
	fw = json_object_get(root, "framework");
	controls = json_object_get(root, "controls");
	doc.id = str(fw, "id");
	doc.name = str(fw, "name");
	doc.version = str(fw, "version");
	doc.publisher = str(fw, "publisher");
	doc.n = json_array_size(controls);
	if ((ctl = reallocarray(NULL, doc.n, sizeof(*ctl))) == NULL) {
		e = ERR_NOMEM;
		snprintf(msg, msgsz, "%s: out of memory", name);
		goto out;
	}
	json_array_foreach(controls, i, c) {
		ctl[i].id = str(c, "id");
		ctl[i].title = str(c, "title");
		ctl[i].group_id = str(c, "group_id");
		ctl[i].group_title = str(c, "group_title");
	}
	doc.controls = ctl;
	e = catalog_write(db, name, &doc, res, msg, msgsz);
out:
	free(ctl);
	json_decref(root);
	return e;
}

enum err
catalog_import_file(struct db *db, const char *path,
    struct catalog_result *res, char *msg, size_t msgsz)
{
	char		*text;
	size_t		 len;
	enum err	 e;

	if ((e = fileio_read(path, CATALOG_FILE_MAX, &text, &len, msg,
	    msgsz)) != ERR_OK)
		return e;
	e = catalog_import_text(db, path, text, len, res, msg, msgsz);
	free(text);
	return e;
}
