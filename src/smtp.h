/*
 * smtp.h — hands one message to the SMTP relay of the configuration
 * (smtp_relay, smtp_from), through libcurl's SMTP client.
 *
 * The connection is encrypted with STARTTLS, the relay's certificate
 * verified against the system's trust store (plus tls_ca_file when
 * set); a relay that does not offer STARTTLS is not used.  The one
 * exception is a relay on loopback (smtp_loopback_host()): the message
 * never leaves the machine, so STARTTLS is used when offered and plain
 * SMTP otherwise.  With an authentication file, the relay is logged into
 * with its user name and password (only ever over TLS, or on loopback).
 */
#ifndef ANNEXA_SMTP_H
#define ANNEXA_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

#define SMTP_HOST_MAX		253
#define SMTP_SECRET_MAX		512	/* bytes of the authentication file */
#define SMTP_TIMEOUT_S		60
#define SMTP_RELAY_RULE	"HOST:PORT, as mail.example.com:587 or " \
	"127.0.0.1:25 ([::1]:25 for an IPv6 address)"

struct buf;

struct smtp_relay {
	char	host[SMTP_HOST_MAX + 1];	/* without brackets */
	int	port;
	bool	ipv6;
};

/*
 * Parses HOST:PORT (SMTP_RELAY_RULE): a host name of letters, digits,
 * dots and hyphens, an IPv4 address, or an IPv6 address in brackets;
 * a port from 1 to 65535.  False when s is not of that shape.
 */
bool	smtp_parse_relay(const char *s, struct smtp_relay *);
/*
 * Whether host, as written in the configuration, names this machine's
 * loopback: "localhost", an IPv4 address in 127.0.0.0/8 or "::1".  The
 * name is judged, never what it resolves to: a name that resolves to
 * loopback today may not tomorrow, so it counts as remote.
 */
bool	smtp_loopback_host(const char *host);

/* User name and password for the relay, from smtp_auth_file. */
struct smtp_auth {
	char	user[SMTP_SECRET_MAX + 1];
	char	password[SMTP_SECRET_MAX + 1];
};
/*
 * Reads path: one line "USER:PASSWORD" (the password may hold ':').  The
 * file must be a regular file owned by root and readable by nobody else
 * (mode 0600 or 0400): anything looser is ERR_INVALID with msg saying
 * so, and nothing is read.  Read before the process gives up root.
 */
enum err smtp_load_auth(const char *path, struct smtp_auth *, char *msg,
	    size_t msgsz);

struct smtp_send {
	const struct smtp_relay	*relay;
	const struct smtp_auth	*auth;		/* or NULL */
	const char		*ca_file;	/* or NULL */
	const char		*from;
	const char		*to;
	const struct buf	*message;	/* mime_write()'s */
};
/*
 * Sends the message; ERR_OK once the relay accepted it.  Otherwise
 * ERR_IO with msg saying what the relay or the connection said (a relay
 * that refuses STARTTLS names that).  Initialises libcurl on the
 * process's first send (curlinit.h).
 */
enum err smtp_send(const struct smtp_send *, char *msg, size_t msgsz);

#endif
