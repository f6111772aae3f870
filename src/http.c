#include "config.h"

#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "http.h"
#include "jw.h"

void
http_resp_init(struct resp *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->headers, 16 * 1024);
	buf_init(&r->body, 0);
	http_resp_reset(r);
}

void
http_resp_reset(struct resp *r)
{
	r->status = 200;
	r->content_type = "application/json";
	r->route = "-";
	r->route_id = -1;
	buf_reset(&r->headers);
	buf_reset(&r->body);
}

void
http_resp_free(struct resp *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
}

void
http_header(struct resp *r, const char *name, const char *value)
{
	const char	*p;

	buf_puts(&r->headers, name);
	buf_puts(&r->headers, ": ");
	/* Header splitting is impossible: control bytes are dropped. */
	for (p = value; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			buf_putc(&r->headers, *p);
	buf_puts(&r->headers, "\r\n");
}

void
http_attachment(struct resp *r, const char *filename)
{
	struct buf	v;

	if (filename == NULL)
		return;
	buf_init(&v, 64 + strlen(filename));
	buf_puts(&v, "attachment; filename=\"");
	esc_header_qs(&v, filename, strlen(filename));
	buf_putc(&v, '"');
	if (!buf_failed(&v))
		http_header(r, "Content-Disposition", v.data);
	buf_free(&v);
}

void
http_error(struct resp *r, int status, const char *code, const char *message,
    const char *field)
{
	struct jw	j;

	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->body);
	jw_init(&j, &r->body);
	jw_object_open(&j);
	jw_key(&j, "error");
	jw_object_open(&j);
	jw_kv_int(&j, "status", status);
	jw_kv_string(&j, "code", code);
	jw_kv_string(&j, "message", message);
	if (field != NULL)
		jw_kv_string(&j, "field", field);
	jw_object_close(&j);
	jw_object_close(&j);
	buf_putc(&r->body, '\n');
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

int
http_status_for(enum err e)
{
	switch (e) {
	case ERR_OK: return 200;
	case ERR_INVALID: return 400;
	case ERR_UNAUTHORIZED: return 401;
	case ERR_FORBIDDEN: return 403;
	case ERR_NOT_FOUND: return 404;
	case ERR_METHOD: return 405;
	case ERR_CONFLICT: return 409;
	case ERR_TOO_LARGE: return 413;
	case ERR_DB_UNAVAILABLE:
	case ERR_NOMEM: return 503;
	default: return 500;
	}
}

const char *
http_log_path(const char *path, char *out, size_t outsz)
{
	static const char	 prefix[] = "/login/";

	/* A share link's secret follows /s/ (the recipient's pages). */
	if (strncmp(path, "/s/", 3) == 0) {
		snprintf(out, outsz, "/s/\u2026");
		return out;
	}
	if (strncmp(path, prefix, sizeof(prefix) - 1) != 0 &&
	    strstr(path, prefix) == NULL)
		return path;
	/* Whatever follows /login/ anywhere in the path is the secret. */
	snprintf(out, outsz, "%.*s/login/\u2026",
	    (int)(strstr(path, prefix) - path), path);
	return out;
}
