#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "netallow.h"
#include "valid.h"

void
netallow_loopback(struct netallow *a)
{
	memset(a, 0, sizeof(*a));
	a->net[0].family = AF_INET;
	a->net[0].addr[0] = 127;
	a->net[0].bits = 8;
	a->net[1].family = AF_INET6;
	a->net[1].addr[15] = 1;
	a->net[1].bits = 128;
	a->n = 2;
}

/* Parses one "ADDR[/BITS]" of len bytes at s. */
static bool
parse_net(const char *s, size_t len, struct netallow_net *out,
    const char **why)
{
	char		 text[INET6_ADDRSTRLEN + 8], *slash;
	int64_t		 bits;
	unsigned	 max;

	if (len == 0) {
		*why = "an empty entry (two commas, or one at an end)";
		return false;
	}
	if (len >= sizeof(text)) {
		*why = "an entry is not an IPv4 or IPv6 address";
		return false;
	}
	memcpy(text, s, len);
	text[len] = '\0';
	if ((slash = strchr(text, '/')) != NULL)
		*slash = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, text, out->addr) == 1) {
		out->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, text, out->addr) == 1) {
		out->family = AF_INET6;
		max = 128;
	} else {
		*why = "an entry is not an IPv4 or IPv6 address "
		    "(host names are not accepted)";
		return false;
	}
	out->bits = max;
	if (slash != NULL) {
		if (!valid_int(slash + 1, 0, max, &bits)) {
			*why = "a prefix length must be 0 to 32 (IPv4) or "
			    "0 to 128 (IPv6)";
			return false;
		}
		out->bits = (unsigned)bits;
	}
	return true;
}

bool
netallow_parse(struct netallow *a, const char *text, const char **why)
{
	struct netallow	 tmp;
	const char	*p = text, *end;
	size_t		 len;

	memset(&tmp, 0, sizeof(tmp));
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (tmp.n == NETALLOW_MAX) {
			*why = "more than 32 entries";
			return false;
		}
		if (!parse_net(p, len, &tmp.net[tmp.n], why))
			return false;
		tmp.n++;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*a = tmp;
	return true;
}

/* True when the first bits of a and b are equal. */
static bool
prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned	whole = bits / 8, rest = bits % 8;
	unsigned char	mask;

	if (memcmp(a, b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

/*
 * The peer's family and address bytes; an IPv4-mapped IPv6 address comes
 * out as IPv4.  False for anything else.
 */
static bool
peer_addr(const struct sockaddr *sa, socklen_t len, int *family,
    unsigned char addr[16])
{
	static const unsigned char	 mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const struct sockaddr_in	*in;
	const struct sockaddr_in6	*in6;

	if (sa->sa_family == AF_INET && len >= sizeof(*in)) {
		in = (const struct sockaddr_in *)sa;
		*family = AF_INET;
		memcpy(addr, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(*in6)) {
		in6 = (const struct sockaddr_in6 *)sa;
		if (memcmp(in6->sin6_addr.s6_addr, mapped, 12) == 0) {
			*family = AF_INET;
			memcpy(addr, in6->sin6_addr.s6_addr + 12, 4);
		} else {
			*family = AF_INET6;
			memcpy(addr, in6->sin6_addr.s6_addr, 16);
		}
		return true;
	}
	return false;
}

bool
netallow_match(const struct netallow *a, const struct sockaddr *sa,
    socklen_t len)
{
	unsigned char	addr[16];
	int		family;
	size_t		i;

	if (!peer_addr(sa, len, &family, addr))
		return false;
	for (i = 0; i < a->n; i++)
		if (a->net[i].family == family &&
		    prefix_equal(a->net[i].addr, addr, a->net[i].bits))
			return true;
	return false;
}

void
netallow_addr_text(const struct sockaddr *sa, socklen_t len, char *out,
    size_t outsz)
{
	unsigned char	addr[16];
	int		family;

	if (outsz == 0)
		return;
	if (!peer_addr(sa, len, &family, addr) ||
	    inet_ntop(family, addr, out, (socklen_t)outsz) == NULL)
		snprintf(out, outsz, "?");
}
