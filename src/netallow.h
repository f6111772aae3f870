/*
 * netallow.h — which peers may connect to a TCP FastCGI listener.
 *
 * A list of IPv4 and IPv6 addresses, each with an optional prefix length
 * ("10.0.0.5", "10.0.0.0/24", "::1", "fd00::/8").  An IPv4-mapped IPv6
 * peer (::ffff:a.b.c.d) is compared as the IPv4 address it carries.
 */
#ifndef ANNEXA_NETALLOW_H
#define ANNEXA_NETALLOW_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>

#define NETALLOW_MAX	32	/* entries in one list */
#define NETALLOW_TEXT	48	/* room for any address as text */

struct netallow_net {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];	/* network order; 4 bytes for IPv4 */
	unsigned	bits;		/* prefix length */
};

struct netallow {
	size_t			n;
	struct netallow_net	net[NETALLOW_MAX];
};

/* Sets the list to loopback only: 127.0.0.0/8 and ::1. */
void	netallow_loopback(struct netallow *);
/*
 * Parses "NET, NET, ..." (at least one, at most NETALLOW_MAX, commas with
 * optional spaces between).  On failure the list is unchanged and *why
 * (a static string) says what is wrong.
 */
bool	netallow_parse(struct netallow *, const char *text, const char **why);
/*
 * True when the address belongs to a listed network.  Only AF_INET and
 * AF_INET6 addresses can match.
 */
bool	netallow_match(const struct netallow *, const struct sockaddr *,
	    socklen_t);
/* The address as text ("?" when it is not IPv4 or IPv6), for a log. */
void	netallow_addr_text(const struct sockaddr *, socklen_t, char *,
	    size_t);

#endif
