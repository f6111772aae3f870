/*
 * h_catalog.c — health, organisations and the framework catalog.
 */
#include "config.h"

#include "db.h"
#include "handler.h"
#include "http.h"
#include "jw.h"
#include "delivery.h"
#include "metrics.h"
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
	struct jw	 j;
	size_t		 n, i;
	enum err	 e;

	if ((e = model_orgs(c->db, c->req->pool, &c->who, &rows, &n)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_key(&j, "orgs");
	jw_array_open(&j);
	for (i = 0; i < n; i++) {
		jw_object_open(&j);
		jw_kv_string(&j, "id", rows[i].id);
		jw_kv_string(&j, "name", rows[i].name);
		jw_kv_string(&j, "cloud_role", rows[i].cloud_role);
		jw_kv_string(&j, "source_framework", rows[i].source_framework);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_metrics(struct ctx *c)
{
	struct delivery_counts	d;
	struct buf		*b = &c->resp->body;

	c->resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_write(b);
	/*
	 * Deliveries are made by `schedule run` processes, not by this
	 * one: their counts come from the outbox, shared by every host.
	 * Without the database the rest of the answer still stands.
	 */
	if (delivery_counts(c->db, &d) != ERR_OK)
		return ERR_OK;
	buf_printf(b, "# HELP annexa_deliveries_sent_total Report deliveries "
	    "(e-mail, webhook) sent.\n# TYPE annexa_deliveries_sent_total "
	    "counter\nannexa_deliveries_sent_total %lld\n", d.sent);
	buf_printf(b, "# HELP annexa_deliveries_failed_total Report "
	    "deliveries given up after their last attempt.\n# TYPE "
	    "annexa_deliveries_failed_total counter\n"
	    "annexa_deliveries_failed_total %lld\n", d.failed);
	buf_printf(b, "# HELP annexa_delivery_retries_total Delivery attempts "
	    "after a failed one.\n# TYPE annexa_delivery_retries_total "
	    "counter\nannexa_delivery_retries_total %lld\n", d.retries);
	buf_printf(b, "# HELP annexa_deliveries_pending Report deliveries "
	    "waiting to be sent or being sent.\n# TYPE "
	    "annexa_deliveries_pending gauge\nannexa_deliveries_pending %lld\n",
	    d.pending);
	return ERR_OK;
}

enum err
h_frameworks(struct ctx *c)
{
	struct fw_row	*rows;
	struct jw	 j;
	size_t		 n, i;
	enum err	 e;

	if ((e = model_frameworks(c->db, c->req->pool, &rows, &n)) != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_key(&j, "frameworks");
	jw_array_open(&j);
	for (i = 0; i < n; i++) {
		jw_object_open(&j);
		jw_kv_string(&j, "id", rows[i].id);
		jw_kv_string(&j, "name", rows[i].name);
		jw_kv_string(&j, "version", rows[i].version);
		jw_kv_string(&j, "publisher", rows[i].publisher);
		jw_kv_int(&j, "control_count", rows[i].controls);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

enum err
h_framework_controls(struct ctx *c)
{
	const char		*fw = route_param(&c->match, "fw");
	const char		*group = c->in.val[KEY_GROUP];
	struct control_row	*rows;
	struct jw		 j;
	size_t			 n, i;
	enum err		 e;

	e = model_controls(c->db, c->req->pool, fw, group, &rows, &n);
	if (e == ERR_NOT_FOUND)
		return fail(c, e, "not_found", "no such framework", "fw");
	if (e != ERR_OK)
		return e;
	jw_init(&j, &c->resp->body);
	jw_object_open(&j);
	jw_kv_string(&j, "framework", fw);
	jw_kv_string(&j, "group", group);
	jw_key(&j, "controls");
	jw_array_open(&j);
	for (i = 0; i < n; i++) {
		jw_object_open(&j);
		jw_kv_string(&j, "id", rows[i].id);
		jw_kv_string(&j, "title", rows[i].title);
		jw_kv_string(&j, "group_id", rows[i].group_id);
		jw_kv_string(&j, "group_title", rows[i].group_title);
		jw_object_close(&j);
	}
	jw_array_close(&j);
	jw_object_close(&j);
	buf_putc(&c->resp->body, '\n');
	return ERR_OK;
}

