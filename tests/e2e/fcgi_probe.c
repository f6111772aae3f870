/*
 * fcgi_probe — a minimal FastCGI client for tests that need to hold a
 * request half-sent (FastCGI 1.0 specification, sections 3 and 5).
 *
 *   fcgi_probe SOCKET URI [--pause] [--method METHOD]
 *
 * Connects to SOCKET -- a unix socket's path, or IPV4:PORT -- sends a
 * GET (or METHOD, which may hold any bytes under 128) for URI and prints
 * the response's stdout stream.  With --pause it sends the request up to
 * the end of the parameters, prints "paused", and waits for a line on
 * standard input before finishing it.  Exit: 0 a complete response,
 * 1 cannot connect, 2 protocol or I/O error (also: the server closed the
 * connection without answering).
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BEGIN_REQUEST = 1, END_REQUEST = 3, PARAMS = 4, STDIN = 5, STDOUT = 6 };

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, p, n)) <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
record(int fd, int type, const unsigned char *body, size_t len)
{
	unsigned char	h[8] = { 1, (unsigned char)type, 0, 1,
	    (unsigned char)(len >> 8), (unsigned char)len, 0, 0 };

	if (write_all(fd, h, sizeof(h)) != 0)
		return -1;
	return len > 0 ? write_all(fd, body, len) : 0;
}

/* Appends one name-value pair with 1-byte lengths (both under 128). */
static size_t
pair(unsigned char *out, const char *name, const char *value)
{
	size_t	nl = strlen(name), vl = strlen(value);

	out[0] = (unsigned char)nl;
	out[1] = (unsigned char)vl;
	memcpy(out + 2, name, nl);
	memcpy(out + 2 + nl, value, vl);
	return 2 + nl + vl;
}

static int
read_all(int fd, unsigned char *p, size_t n)
{
	ssize_t	r;

	while (n > 0) {
		if ((r = read(fd, p, n)) <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Connects to a unix socket path or to IPV4:PORT; -1 on failure. */
static int
connect_to(const char *target)
{
	struct sockaddr_un	 sun;
	struct sockaddr_in	 sin;
	char			 host[64];
	const char		*colon;
	int			 fd;

	if (target[0] != '/' && (colon = strrchr(target, ':')) != NULL &&
	    (size_t)(colon - target) < sizeof(host)) {
		memset(&sin, 0, sizeof(sin));
		memcpy(host, target, (size_t)(colon - target));
		host[colon - target] = '\0';
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)atoi(colon + 1));
		if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 ||
		    (fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", target);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
main(int argc, char **argv)
{
	static const unsigned char	 begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	const char			*method = "GET";
	unsigned char			 params[1024], h[8], body[65536 + 256];
	char				 line[16];
	size_t				 n = 0, len;
	int				 fd, i, pause = 0;

	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--pause") == 0)
			pause = 1;
		else if (strcmp(argv[i], "--method") == 0 && i + 1 < argc &&
		    strlen(argv[i + 1]) < 100)
			method = argv[++i];
		else
			argc = 0;	/* usage */
	}
	if (argc < 3 || strlen(argv[2]) > 100) {
		fprintf(stderr, "usage: fcgi_probe SOCKET URI [--pause] "
		    "[--method METHOD]\n");
		return 2;
	}
	/* A server that closes the connection is an answer, not a crash. */
	signal(SIGPIPE, SIG_IGN);
	if ((fd = connect_to(argv[1])) < 0) {
		printf("connect failed\n");
		return 1;
	}
	n += pair(params + n, "REQUEST_METHOD", method);
	n += pair(params + n, "REQUEST_URI", argv[2]);
	n += pair(params + n, "QUERY_STRING", "");
	if (record(fd, BEGIN_REQUEST, begin, sizeof(begin)) != 0 ||
	    record(fd, PARAMS, params, n) != 0)
		return 2;
	if (pause) {
		printf("paused\n");
		fflush(stdout);
		if (fgets(line, sizeof(line), stdin) == NULL)
			return 2;
	}
	if (record(fd, PARAMS, NULL, 0) != 0 || record(fd, STDIN, NULL, 0) != 0)
		return 2;
	for (;;) {
		if (read_all(fd, h, sizeof(h)) != 0)
			return 2;
		len = (size_t)h[4] << 8 | h[5];
		if (read_all(fd, body, len + h[6]) != 0)
			return 2;
		if (h[1] == STDOUT)
			fwrite(body, 1, len, stdout);
		else if (h[1] == END_REQUEST)
			break;
	}
	close(fd);
	return 0;
}
