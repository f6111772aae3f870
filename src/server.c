#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "api.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "mapcache.h"
#include "metrics.h"
#include "netallow.h"
#include "respcache.h"
#include "pool.h"
#include "privdrop.h"
#include "server.h"
#include "session.h"
#include "valid.h"

#define SERVER_BACKLOG	256

/* State shared by the workers; written before they start. */
struct server {
	const struct server_opts	*opts;
	int				 listen_fd;	/* non-blocking */
	int				 wake[2];	/* readable: drain */
	bool				 tcp;	/* check peers on accept */
	struct netallow			 allow;	/* which peers */
	pthread_mutex_t			 accept_lock;
	struct respcache		*respcache;	/* every worker's */
	/*
	 * Set once by the signal thread when the drain starts, read by
	 * every worker: an atomic, so that each sees the store.
	 */
	atomic_bool			 stopping;
};

/* True once the drain has started (see signal_main()). */
static bool
server_stopping(struct server *srv)
{
	return atomic_load(&srv->stopping);
}

struct worker {
	struct server	*srv;
	pthread_t	 tid;
	int		 id;
};

struct body_source {
	FCGX_Request	*r;
};

int
server_stdin_is_listener(void)
{
	struct stat	st;
	int		accepting = 0;
	socklen_t	len = sizeof(accepting);

	if (fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode))
		return 0;
	if (getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0)
		return 0;
	return accepting;
}

static long long
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Reads the request body through libfcgi, refusing more than max. */
static enum err
read_body(void *arg, size_t max, struct buf *out)
{
	struct body_source	*src = arg;
	char			 chunk[16384];
	int			 n;

	while ((n = FCGX_GetStr(chunk, sizeof(chunk), src->r->in)) > 0) {
		if (out->len + (size_t)n > max)
			return ERR_TOO_LARGE;
		buf_append(out, chunk, (size_t)n);
		if (buf_failed(out))
			return ERR_NOMEM;
	}
	return ERR_OK;
}

/*
 * Whether every request is logged (log_level info or debug) or only those
 * answered 5xx (warn, error).  Set by server_run() before any thread
 * starts; read-only after.
 */
static bool	server_log_requests = true;

/*
 * One line per request: METHOD PATH STATUS BYTES Nus.  The path's spaces
 * and unprintable bytes become '?', and so do the method's spaces, so
 * that the fields stay separable; log_line() escapes the line feeds and
 * tabs a method may still hold (valid_text() lets them through).
 */
static void
log_request(const char *method, const char *path, int status, size_t bytes,
    long long us)
{
	char	cpath[256], cmethod[17], hidden[256];
	size_t	i;

	for (i = 0; path[i] != '\0' && i < sizeof(cpath) - 1; i++)
		cpath[i] = ((unsigned char)path[i] < 0x21 ||
		    (unsigned char)path[i] >= 0x7f) ? '?' : path[i];
	cpath[i] = '\0';
	if (!valid_text(method, sizeof(cmethod) - 1))
		method = "?";
	for (i = 0; method[i] != '\0'; i++)
		cmethod[i] = method[i] == ' ' ? '?' : method[i];
	cmethod[i] = '\0';
	log_line("%s %s %d %zu %lldus", cmethod,
	    http_log_path(cpath, hidden, sizeof(hidden)), status, bytes, us);
}

static void
respond(FCGX_Request *r, struct req *req, struct resp *resp, long long start)
{
	char	head[512];
	int	n;

	/* libfcgi's own printf lacks %zu: format the head here. */
	n = snprintf(head, sizeof(head), "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n",
	    resp->status, http_status_text(resp->status), resp->content_type,
	    resp->body.len);
	if (n < 0 || (size_t)n >= sizeof(head))
		n = 0;
	FCGX_PutStr(head, n, r->out);
	if (resp->headers.len > 0)
		FCGX_PutStr(resp->headers.data, (int)resp->headers.len, r->out);
	FCGX_PutStr("\r\n", 2, r->out);
	if (resp->body.len > 0)
		FCGX_PutStr(resp->body.data, (int)resp->body.len, r->out);
	if (server_log_requests || resp->status >= 500)
		log_request(req->method, req->path, resp->status,
		    resp->body.len, now_us() - start);
	metrics_request(resp->route_id, resp->status, now_us() - start);
}

static const char *
param(FCGX_Request *r, const char *name, const char *dflt)
{
	const char	*v = FCGX_GetParam(name, r->envp);

	return v != NULL ? v : dflt;
}

static void
serve_one(FCGX_Request *r, struct db *db, struct api_local *local,
    struct pool *pool, struct resp *resp)
{
	struct req		 req;
	struct body_source	 src = { r };
	const char		*cl;
	long long		 start = now_us();
	int64_t			 n;

	memset(&req, 0, sizeof(req));
	req.pool = pool;
	req.method = param(r, "REQUEST_METHOD", "GET");
	req.uri = param(r, "REQUEST_URI", param(r, "DOCUMENT_URI", "/"));
	req.path = pool_strndup(pool, req.uri, strcspn(req.uri, "?"));
	req.query = param(r, "QUERY_STRING", "");
	req.authorization = FCGX_GetParam("HTTP_AUTHORIZATION", r->envp);
	req.cookie = FCGX_GetParam("HTTP_COOKIE", r->envp);
	req.origin = FCGX_GetParam("HTTP_ORIGIN", r->envp);
	req.referer = FCGX_GetParam("HTTP_REFERER", r->envp);
	req.csrf_header = FCGX_GetParam("HTTP_X_CSRF_TOKEN", r->envp);
	req.remote_addr = FCGX_GetParam("REMOTE_ADDR", r->envp);
	req.user_agent = FCGX_GetParam("HTTP_USER_AGENT", r->envp);
	if (local->sessions != NULL && local->sessions->sso_param != NULL)
		req.sso_email = FCGX_GetParam(local->sessions->sso_param,
		    r->envp);
	req.content_type = FCGX_GetParam("CONTENT_TYPE", r->envp);
	req.content_length = -1;
	if ((cl = FCGX_GetParam("CONTENT_LENGTH", r->envp)) != NULL &&
	    *cl != '\0')
		req.content_length = valid_int(cl, 0, INT64_MAX / 2, &n) ? n :
		    INT64_MAX / 2;
	req.read_body = read_body;
	req.read_body_arg = &src;
	http_resp_reset(resp);
	if (req.path == NULL) {
		http_error(resp, 503, "unavailable", "out of memory", NULL);
		req.path = "?";
	} else
		api_handle(db, local, &req, resp);
	respond(r, &req, resp, start);
}

/*
 * Takes one connection from a TCP listener and checks its peer against
 * fastcgi_allow before anything is read from it.  Returns the connection
 * (the caller owns it), -1 when there was none to take (another process
 * sharing the socket took it), or -2 when the peer was refused: the
 * connection is closed and the refusal logged.
 */
static int
accept_checked(struct server *srv)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);
	char			 addr[NETALLOW_TEXT];
	int			 fd, one = 1;

	if ((fd = accept4(srv->listen_fd, (struct sockaddr *)&ss, &len,
	    SOCK_CLOEXEC)) < 0)
		return -1;
	if (!netallow_match(&srv->allow, (struct sockaddr *)&ss, len)) {
		netallow_addr_text((struct sockaddr *)&ss, len, addr,
		    sizeof(addr));
		log_line("annexa: refused a FastCGI connection from %s: "
		    "not in fastcgi_allow", addr);
		close(fd);
		return -2;
	}
	/* Responses go out in several writes: do not let Nagle hold them. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

/*
 * Waits, holding the accept lock, until the listening socket has a
 * connection or the drain starts (the wake pipe turns readable), then lets
 * libfcgi accept it.  -1 when draining, or when the connection went to
 * another process sharing the socket (it is non-blocking, so accept(2)
 * fails instead of waiting).  An inherited listening socket is never
 * shut down (see signal_main()): under socket activation systemd keeps it,
 * and the connections still queued on it go to the next start.
 */
static int
accept_next(struct server *srv, FCGX_Request *r)
{
	struct pollfd	 pfd[2];
	int		 fd;

	while (!server_stopping(srv)) {
		pfd[0].fd = srv->listen_fd;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = srv->wake[0];
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd[1].revents != 0 || server_stopping(srv))
			return -1;
		if ((pfd[0].revents & POLLIN) && !srv->tcp)
			return FCGX_Accept_r(r);
		if (pfd[0].revents & POLLIN) {
			if ((fd = accept_checked(srv)) == -2)
				continue;
			if (fd < 0)
				return -1;
			/*
			 * libfcgi reads a request from r->ipcFd when it is
			 * open; the FCGX_Finish_r it starts with keeps the
			 * connection only while keepConnection is set (the
			 * request's own flags set it again).  Its request
			 * has no listening socket (see worker_main()), so it
			 * never accepts an unchecked peer itself.
			 */
			r->ipcFd = fd;
			r->keepConnection = 1;
			return FCGX_Accept_r(r);
		}
		if (pfd[0].revents != 0)	/* POLLERR, POLLHUP, POLLNVAL */
			return -1;
	}
	return -1;
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct server	*srv = w->srv;
	FCGX_Request	 r;
	struct db	*db;
	struct api_local *local = NULL;
	struct pool	*pool;
	struct resp	 resp;
	enum err	 e;
	int		 rc;

	if ((pool = pool_new()) == NULL)
		return NULL;
	http_resp_init(&resp);
	db = db_open(srv->opts->database, DB_PREPARED, &e);
	if (e != ERR_OK && db != NULL)
		log_line("annexa: worker %d: database not ready (%s): %s",
		    w->id, err_strerror(e), db_errmsg(db));
	if (db == NULL || (local = api_worker_new(db, srv->respcache,
	    srv->opts->signer, srv->opts->font_dir, srv->opts->sessions)) == NULL ||
	    FCGX_InitRequest(&r, srv->tcp ? -1 : srv->listen_fd, 0) != 0) {
		log_line("annexa: worker %d: out of memory", w->id);
		goto out;
	}
	while (!server_stopping(srv)) {
		pthread_mutex_lock(&srv->accept_lock);
		rc = accept_next(srv, &r);
		pthread_mutex_unlock(&srv->accept_lock);
		if (rc < 0) {
			if (server_stopping(srv))
				break;
			/* A failed handshake; do not spin on a broken socket. */
			usleep(10000);
			continue;
		}
		serve_one(&r, db, local, pool, &resp);
		/*
		 * Close the connection even when nginx asked to keep it
		 * (fastcgi_keep_conn): libfcgi would otherwise wait for the
		 * next request on it inside FCGX_Accept_r, holding the accept
		 * lock, and every other worker would queue behind an idle
		 * connection (docs/scale-out.md).
		 */
		r.keepConnection = 0;
		FCGX_Finish_r(&r);
		pool_reset(pool);
	}
	FCGX_Free(&r, 0);
out:
	api_worker_free(local);
	db_close(db);
	http_resp_free(&resp);
	pool_free(pool);
	return NULL;
}

/*
 * Waits for SIGTERM/SIGINT (blocked in every thread) and starts the
 * drain: no more accepts, then each worker leaves after its request.  A
 * byte in the wake pipe wakes the worker waiting for a connection.  A
 * socket annexa opened itself is shut down at once, so that new
 * connections are refused and nginx tries its next upstream; one it was
 * given (systemd, spawn-fcgi) is left listening for the next start.
 */
static void *
signal_main(void *arg)
{
	struct server	*srv = arg;
	sigset_t	 set;
	int		 sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP)	/* reserved for log reopening */
			continue;
		break;
	}
	log_line("annexa: %s received, finishing in-flight requests",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	atomic_store(&srv->stopping, true);
	while (write(srv->wake[1], "", 1) < 0 && errno == EINTR)
		;
	if (srv->opts->listen != NULL)	/* annexa opened it */
		shutdown(srv->listen_fd, SHUT_RDWR);
	return NULL;
}

static int
open_listener(const char *listen)
{
	const char	*path;
	int		 fd;
	mode_t		 old;

	if (listen == NULL)
		return 0;
	if (strncmp(listen, "unix:", 5) == 0) {
		path = listen + 5;
		if (*path != '/')
			return -1;
		unlink(path);
		/* Owner and group (nginx's) may connect; others may not. */
		old = umask(0117);
		fd = FCGX_OpenSocket(path, SERVER_BACKLOG);
		umask(old);
		return fd;
	}
	if (strchr(listen, ':') == NULL)
		return -1;
	return FCGX_OpenSocket(listen, SERVER_BACKLOG);
}

/* True when fd listens on IPv4 or IPv6 (not a unix socket). */
static bool
listener_is_tcp(int fd)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return false;
	return ss.ss_family == AF_INET || ss.ss_family == AF_INET6;
}

/*
 * Started as root (to read a key only root may read, or to bind the
 * socket), the server becomes opts->user before any thread starts, after
 * handing the socket it created to that user.
 */
static enum err
drop_privileges(const struct server_opts *opts)
{
	struct passwd	*pw;

	if (opts->user == NULL)
		return ERR_OK;
	if (geteuid() == 0 && opts->listen != NULL &&
	    strncmp(opts->listen, "unix:", 5) == 0 &&
	    (pw = getpwnam(opts->user)) != NULL &&
	    chown(opts->listen + 5, pw->pw_uid, pw->pw_gid) != 0) {
		log_line("annexa: chown %s: %s", opts->listen + 5,
		    strerror(errno));
		return ERR_IO;
	}
	return privdrop_become("annexa", opts->user);
}

enum err
server_run(const struct server_opts *opts)
{
	struct server	 srv;
	struct worker	*workers;
	pthread_t	 sigthr;
	sigset_t	 set;
	int		 i, fl, started = 0;

	memset(&srv, 0, sizeof(srv));
	atomic_init(&srv.stopping, false);
	srv.opts = opts;
	server_log_requests = opts->log_requests;
	pthread_mutex_init(&srv.accept_lock, NULL);
	if (FCGX_Init() != 0)
		return ERR_IO;
	/* libfcgi installs handlers in FCGX_Init; block what we handle. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((srv.listen_fd = open_listener(opts->listen)) < 0) {
		log_line("annexa: cannot listen on %s: %s",
		    opts->listen, strerror(errno));
		return ERR_IO;
	}
	if ((fl = fcntl(srv.listen_fd, F_GETFL)) < 0 ||
	    fcntl(srv.listen_fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    pipe2(srv.wake, O_CLOEXEC) != 0) {
		log_line("annexa: listening socket: %s",
		    strerror(errno));
		return ERR_IO;
	}
	srv.tcp = listener_is_tcp(srv.listen_fd);
	if (opts->fastcgi_allow != NULL)
		srv.allow = *opts->fastcgi_allow;
	else
		netallow_loopback(&srv.allow);
	if (drop_privileges(opts) != ERR_OK)
		return ERR_IO;
	/* One answer cache for the process, bounded in bytes. */
	if ((srv.respcache = respcache_new(opts->response_cache_bytes)) == NULL)
		return ERR_NOMEM;
	if ((workers = calloc((size_t)opts->threads, sizeof(*workers))) == NULL) {
		respcache_free(srv.respcache);
		return ERR_NOMEM;
	}
	if (pthread_create(&sigthr, NULL, signal_main, &srv) != 0) {
		respcache_free(srv.respcache);
		free(workers);
		return ERR_NOMEM;
	}
	for (i = 0; i < opts->threads; i++) {
		workers[i].srv = &srv;
		workers[i].id = i;
		if (pthread_create(&workers[i].tid, NULL, worker_main,
		    &workers[i]) != 0)
			break;
		started++;
	}
	log_line("annexa: serving on %s with %d threads",
	    opts->listen != NULL ? opts->listen : "fd 0", started);
	for (i = 0; i < started; i++)
		pthread_join(workers[i].tid, NULL);
	if (!server_stopping(&srv)) {	/* every worker failed to start */
		pthread_cancel(sigthr);
	}
	pthread_join(sigthr, NULL);
	if (opts->listen != NULL && strncmp(opts->listen, "unix:", 5) == 0)
		unlink(opts->listen + 5);
	close(srv.listen_fd);
	close(srv.wake[0]);
	close(srv.wake[1]);
	free(workers);
	respcache_free(srv.respcache);
	log_line("annexa: stopped");
	return started == opts->threads ? ERR_OK : ERR_NOMEM;
}
