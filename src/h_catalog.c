/*
 * h_catalog.c — health, organisations and the framework catalog.
 */
#include "config.h"

#include "db.h"
#include "handler.h"
#include "http.h"
#include "json.h"
#include "model.h"
#include "pool.h"

enum err
h_healthz(struct ctx *c)
{
	enum err	e;

	if ((e = model_ping(c->db)) != ERR_OK) {
		c->resp->status = 503;
		http_header(c->resp, "Retry-After", HTTP_RETRY_AFTER);
		buf_puts(&c->resp->body, "{\"status\":\"unavailable\"}\n");
		return ERR_OK;
	}
	buf_puts(&c->resp->body, "{\"status\":\"ok\"}\n");
	return ERR_OK;
}

enum err
h_orgs(struct ctx *c)
{
	struct org_row	*rows;
	struct json	 j;
	size_t		 n, i;
	enum err	 e;

	if ((e = model_orgs(c->db, c->req->pool, &c->who, &rows, &n)) != ERR_OK)
		return e;
	json_init(&j, &c->resp->body);
	json_object_open(&j);
	json_key(&j, "orgs");
	json_array_open(&j);
	for (i = 0; i < n; i++) {
		json_object_open(&j);
		json_kv_string(&j, "id", rows[i].id);
		json_kv_string(&j, "name", rows[i].name);
		json_kv_string(&j, "cloud_role", rows[i].cloud_role);
		json_kv_string(&j, "source_framework", rows[i].source_framework);
		json_object_close(&j);
	}
	json_array_close(&j);
	json_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_frameworks(struct ctx *c)
{
	struct fw_row	*rows;
	struct json	 j;
	size_t		 n, i;
	enum err	 e;

	if ((e = model_frameworks(c->db, c->req->pool, &rows, &n)) != ERR_OK)
		return e;
	json_init(&j, &c->resp->body);
	json_object_open(&j);
	json_key(&j, "frameworks");
	json_array_open(&j);
	for (i = 0; i < n; i++) {
		json_object_open(&j);
		json_kv_string(&j, "id", rows[i].id);
		json_kv_string(&j, "name", rows[i].name);
		json_kv_string(&j, "version", rows[i].version);
		json_kv_string(&j, "publisher", rows[i].publisher);
		json_kv_int(&j, "control_count", rows[i].controls);
		json_object_close(&j);
	}
	json_array_close(&j);
	json_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_framework_controls(struct ctx *c)
{
	const char		*fw = route_param(&c->match, "fw");
	const char		*group = c->in.val[KEY_GROUP];
	struct control_row	*rows;
	struct json		 j;
	size_t			 n, i;
	enum err		 e;

	e = model_controls(c->db, c->req->pool, fw, group, &rows, &n);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such framework", "fw");
	if (e != ERR_OK)
		return e;
	json_init(&j, &c->resp->body);
	json_object_open(&j);
	json_kv_string(&j, "framework", fw);
	json_kv_string(&j, "group", group);
	json_key(&j, "controls");
	json_array_open(&j);
	for (i = 0; i < n; i++) {
		json_object_open(&j);
		json_kv_string(&j, "id", rows[i].id);
		json_kv_string(&j, "title", rows[i].title);
		json_kv_string(&j, "group_id", rows[i].group_id);
		json_kv_string(&j, "group_title", rows[i].group_title);
		json_object_close(&j);
	}
	json_array_close(&j);
	json_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

