/*
 * http.h — the request and response of one FastCGI exchange, and the
 * JSON error format of docs/api.md.  Nothing here knows FastCGI itself.
 */
#ifndef ANNEXA_HTTP_H
#define ANNEXA_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "errcode.h"

#define HTTP_QUERY_MAX		4096
#define HTTP_PATH_MAX		1024
#define HTTP_FORM_MAX		8192
#define HTTP_JSON_BODY_MAX	(1024 * 1024)
#define HTTP_UPLOAD_MAX		(20 * 1024 * 1024)
#define HTTP_RETRY_AFTER	"5"

struct pool;

/* Reads up to max bytes of the body; ERR_TOO_LARGE beyond. */
typedef enum err (*http_body_reader)(void *arg, size_t max, struct buf *out);

struct req {
	struct pool	*pool;		/* reset after the request */
	const char	*method;	/* as sent */
	const char	*uri;		/* REQUEST_URI: path and query */
	const char	*path;		/* uri without the query (pool) */
	const char	*query;		/* QUERY_STRING, "" when none */
	const char	*authorization;	/* HTTP_AUTHORIZATION or NULL */
	const char	*cookie;	/* HTTP_COOKIE or NULL */
	const char	*origin;	/* HTTP_ORIGIN or NULL */
	const char	*referer;	/* HTTP_REFERER or NULL */
	const char	*csrf_header;	/* HTTP_X_CSRF_TOKEN or NULL */
	/* REMOTE_ADDR (nginx's client address, real-IP as configured) and
	   HTTP_USER_AGENT, for a share link's access log; NULL when absent. */
	const char	*remote_addr;
	const char	*user_agent;
	/*
	 * The e-mail address nginx's identity proxy vouched for: the
	 * FastCGI parameter sso_param names, read only when it is set; NULL
	 * when single sign-on is off or nginx set no such parameter.
	 */
	const char	*sso_email;
	const char	*content_type;
	long long	 content_length; /* -1 when not given */
	http_body_reader read_body;
	void		*read_body_arg;
};

struct resp {
	int		 status;
	const char	*content_type;	/* static or pool storage */
	struct buf	 headers;	/* extra "Name: value\r\n" lines */
	struct buf	 body;
	const char	*route;		/* route name for logs and metrics */
	int		 route_id;	/* enum route, or -1 before routing */
};

void		 http_resp_init(struct resp *);
void		 http_resp_reset(struct resp *);
void		 http_resp_free(struct resp *);
/* Adds a header; the name must be a constant, the value is sanitised. */
void		 http_header(struct resp *, const char *name, const char *value);
/*
 * Content-Disposition: attachment; filename="..." -- the name any text,
 * quoted and escaped (a quote or backslash cannot end it early).  A NULL
 * name (a failed allocation) adds nothing.
 */
void		 http_attachment(struct resp *, const char *filename);
/*
 * Replaces the response with a docs/api.md JSON error.  field may be NULL;
 * message and field are escaped.
 */
void		 http_error(struct resp *, int status, const char *code,
		    const char *message, const char *field);
const char	*http_status_text(int status);
/*
 * The path as logs may show it: a sign-in link's token ("/login/TOKEN")
 * becomes "/login/…" and a share link's secret ("/s/SECRET/...") "/s/…",
 * so a link never reaches a log.  Returns path itself
 * when nothing is hidden, else out (of outsz bytes).
 */
const char	*http_log_path(const char *path, char *out, size_t outsz);
/* The status a dispatcher answers for an error enum. */
int		 http_status_for(enum err);

#endif
