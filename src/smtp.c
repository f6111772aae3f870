#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "curlinit.h"
#include "smtp.h"
#include "valid.h"

bool
smtp_parse_relay(const char *s, struct smtp_relay *r)
{
	const char	*colon, *h;
	size_t		 hl, i;
	int64_t		 port;

	memset(r, 0, sizeof(*r));
	if (s[0] == '[') {
		if ((colon = strstr(s, "]:")) == NULL)
			return false;
		h = s + 1;
		hl = (size_t)(colon - h);
		colon++;
		r->ipv6 = true;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			return false;
		h = s;
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl > SMTP_HOST_MAX)
		return false;
	for (i = 0; i < hl; i++) {
		char	c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    (r->ipv6 && c == ':')))
			return false;
	}
	if (h[0] == '-' || h[0] == '.' || !valid_int(colon + 1, 1, 65535, &port))
		return false;
	memcpy(r->host, h, hl);
	r->host[hl] = '\0';
	r->port = (int)port;
	return true;
}

bool
smtp_loopback_host(const char *host)
{
	int		a, b, c, d, n = 0;
	size_t		len = strlen(host);

	if (strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0)
		return true;
	if (sscanf(host, "%3d.%3d.%3d.%3d%n", &a, &b, &c, &d, &n) != 4 ||
	    (size_t)n != len)
		return false;
	return a == 127 && b >= 0 && b <= 255 && c >= 0 && c <= 255 &&
	    d >= 0 && d <= 255;
}

enum err
smtp_load_auth(const char *path, struct smtp_auth *a, char *msg, size_t msgsz)
{
	char		 text[2 * SMTP_SECRET_MAX + 3], *colon;
	struct stat	 st;
	ssize_t		 n;
	int		 fd;
	enum err	 e = ERR_INVALID;

	memset(a, 0, sizeof(*a));
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		snprintf(msg, msgsz, "smtp_auth_file %s: %s", path,
		    strerror(errno));
		return ERR_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(msg, msgsz, "smtp_auth_file %s: not a regular file",
		    path);
		goto out;
	}
	if (st.st_uid != 0 || (st.st_mode & 077) != 0) {
		snprintf(msg, msgsz, "smtp_auth_file %s: must be owned by root "
		    "and readable by nobody else (mode 0600 or 0400; it is "
		    "%04o, owner uid %ld): refusing to use a password others "
		    "may have read", path, (unsigned)(st.st_mode & 07777),
		    (long)st.st_uid);
		goto out;
	}
	n = read(fd, text, sizeof(text) - 1);
	if (n < 0) {
		snprintf(msg, msgsz, "smtp_auth_file %s: %s", path,
		    strerror(errno));
		e = ERR_IO;
		goto out;
	}
	text[n] = '\0';
	if ((size_t)n == sizeof(text) - 1 || memchr(text, '\0', (size_t)n) !=
	    NULL) {
		snprintf(msg, msgsz, "smtp_auth_file %s: expected one line "
		    "USER:PASSWORD", path);
		goto out;
	}
	text[strcspn(text, "\r\n")] = '\0';
	if ((colon = strchr(text, ':')) == NULL || colon == text ||
	    colon[1] == '\0' || (size_t)(colon - text) > SMTP_SECRET_MAX ||
	    strlen(colon + 1) > SMTP_SECRET_MAX) {
		snprintf(msg, msgsz, "smtp_auth_file %s: expected one line "
		    "USER:PASSWORD", path);
		goto out;
	}
	memcpy(a->user, text, (size_t)(colon - text));
	snprintf(a->password, sizeof(a->password), "%s", colon + 1);
	e = ERR_OK;
out:
	explicit_bzero(text, sizeof(text));
	close(fd);
	return e;
}

/* The message, read by libcurl from the start. */
struct reader {
	const struct buf	*b;
	size_t			 off;
};

static size_t
read_message(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct reader	*r = arg;
	size_t		 n = size * nmemb;

	if (n > r->b->len - r->off)
		n = r->b->len - r->off;
	memcpy(dst, r->b->data + r->off, n);
	r->off += n;
	return n;
}

enum err
smtp_send(const struct smtp_send *s, char *msg, size_t msgsz)
{
	char			 url[SMTP_HOST_MAX + 32], from[300], to[300];
	char			 errbuf[CURL_ERROR_SIZE];
	struct curl_slist	*rcpt = NULL;
	struct reader		 rd = { s->message, 0 };
	bool			 loopback = smtp_loopback_host(s->relay->host);
	CURL			*h;
	CURLcode		 rc;
	enum err		 e = ERR_IO;

	if (curlinit_start() != ERR_OK) {
		snprintf(msg, msgsz, "libcurl cannot start");
		return ERR_IO;
	}
	if ((h = curl_easy_init()) == NULL)
		return ERR_NOMEM;
	snprintf(url, sizeof(url), s->relay->ipv6 ? "smtp://[%s]:%d" :
	    "smtp://%s:%d", s->relay->host, s->relay->port);
	snprintf(from, sizeof(from), "<%s>", s->from);
	snprintf(to, sizeof(to), "<%s>", s->to);
	if ((rcpt = curl_slist_append(NULL, to)) == NULL) {
		curl_easy_cleanup(h);
		return ERR_NOMEM;
	}
	errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp");
	/*
	 * Off loopback, STARTTLS or nothing: CURLUSESSL_ALL fails the
	 * transfer before MAIL FROM when the relay does not offer it.
	 */
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)(loopback ?
	    CURLUSESSL_TRY : CURLUSESSL_ALL));
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, s->ca_file);
	if (s->auth != NULL) {
		curl_easy_setopt(h, CURLOPT_USERNAME, s->auth->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->auth->password);
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)s->message->len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)SMTP_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		e = ERR_OK;
	else if (rc == CURLE_USE_SSL_FAILED)
		snprintf(msg, msgsz, "relay %s:%d does not offer STARTTLS; "
		    "annexa sends to a relay off loopback only encrypted",
		    s->relay->host, s->relay->port);
	else
		snprintf(msg, msgsz, "relay %s:%d: %s", s->relay->host,
		    s->relay->port, errbuf[0] != '\0' ? errbuf :
		    curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return e;
}
