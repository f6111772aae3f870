/*
 * server.h — `annexa serve`: the multi-threaded FastCGI server.
 *
 * Each of `threads` workers owns one database connection (statements
 * prepared once) and one memory pool; they share one response cache of
 * at most response_cache_bytes.  SIGTERM or SIGINT stops accepting,
 * lets every in-flight request finish, and returns.
 */
#ifndef ANNEXA_SERVER_H
#define ANNEXA_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

struct netallow;
struct session_conf;
struct signer;

struct server_opts {
	const char	*listen;	/* "unix:PATH", "HOST:PORT", or NULL for fd 0 */
	int		 threads;
	const char	*database;	/* libpq conninfo */
	const char	*font_dir;	/* the fonts reports embed */
	const struct signer *signer;	/* NULL: reports are not available */
	const char	*user;		/* run as this user once listening */
	bool		 log_requests;	/* a line per request, else 5xx only */
	/*
	 * Peers a TCP listener (our own or one on fd 0) accepts; others are
	 * closed before a byte is read, and logged.  NULL: loopback only.
	 * Unix sockets are not checked: their mode decides who connects.
	 */
	const struct netallow *fastcgi_allow;
	size_t		 response_cache_bytes; /* bound on the answer cache */
	const struct session_conf *sessions; /* public_url and expiry */
};

/* True when fd 0 is a listening socket (spawn-fcgi, systemd). */
int		server_stdin_is_listener(void);
/* Runs until a stop signal; returns ERR_OK or why it could not start. */
enum err	server_run(const struct server_opts *);

#endif
