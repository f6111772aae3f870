#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "curlinit.h"
#include "esc.h"
#include "smtp.h"
#include "webhook.h"

bool
webhook_valid_url(const char *url)
{
	const char	*host, *end;
	char		 name[SMTP_HOST_MAX + 1];
	size_t		 len = strlen(url), hl;
	bool		 plain;

	if (len > WEBHOOK_URL_MAX)
		return false;
	if (strncmp(url, "https://", 8) == 0) {
		host = url + 8;
		plain = false;
	} else if (strncmp(url, "http://", 7) == 0) {
		host = url + 7;
		plain = true;
	} else
		return false;
	for (end = url; *end != '\0'; end++)
		if ((unsigned char)*end <= ' ' || (unsigned char)*end >= 0x7f ||
		    strchr("#@\"'<>\\^`{|}", *end) != NULL)
			return false;
	/* The host: up to the port, the path or the query. */
	if (*host == '[') {
		if ((end = strchr(host, ']')) == NULL)
			return false;
		end++;
	} else
		end = host + strcspn(host, ":/?");
	hl = (size_t)(end - host);
	if (hl == 0 || hl > SMTP_HOST_MAX)
		return false;
	if (*end != '\0' && strchr(":/?", *end) == NULL)
		return false;
	if (*host == '[') {
		memcpy(name, host + 1, hl - 2);
		name[hl - 2] = '\0';
	} else {
		memcpy(name, host, hl);
		name[hl] = '\0';
	}
	if (name[0] == '\0')
		return false;
	return !plain || smtp_loopback_host(name);
}

bool
webhook_new_secret(char out[WEBHOOK_SECRET_HEX + 1])
{
	unsigned char	raw[WEBHOOK_SECRET_HEX / 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return false;
	esc_hex(raw, sizeof(raw), out);
	return true;
}

void
webhook_signature(const char *secret, time_t t, const char *body, size_t len,
    char *out, size_t outsz)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	char		 ts[24], machex[2 * EVP_MAX_MD_SIZE + 1];
	unsigned char	*signed_text;
	size_t		 tl;

	tl = (size_t)snprintf(ts, sizeof(ts), "%lld", (long long)t);
	machex[0] = '\0';
	/* HMAC(secret, TIMESTAMP "." BODY); an empty v1 if out of memory. */
	if ((signed_text = malloc(tl + 1 + len + 1)) != NULL) {
		memcpy(signed_text, ts, tl);
		signed_text[tl] = '.';
		memcpy(signed_text + tl + 1, body, len);
		if (HMAC(EVP_sha256(), secret, (int)strlen(secret), signed_text,
		    tl + 1 + len, mac, &maclen) != NULL)
			esc_hex(mac, maclen, machex);
		free(signed_text);
	}
	snprintf(out, outsz, "t=%s,v1=%s", ts, machex);
}

/* The answer's body is not kept. */
static size_t
drop(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

enum err
webhook_send(const struct webhook_post *w, char *msg, size_t msgsz)
{
	char			 sig[160], h1[200], h2[100];
	char			 errbuf[CURL_ERROR_SIZE];
	struct curl_slist	*hdr = NULL, *t;
	long			 status = 0;
	CURL			*h;
	CURLcode		 rc;
	enum err		 e = ERR_IO;

	if (!webhook_valid_url(w->url)) {
		snprintf(msg, msgsz, "%s: not a webhook URL", w->url);
		return ERR_INVALID;
	}
	webhook_signature(w->secret, w->now, w->body, w->len, sig, sizeof(sig));
	snprintf(h1, sizeof(h1), "Annexa-Signature: %s", sig);
	snprintf(h2, sizeof(h2), "Annexa-Delivery: %s", w->delivery);
	if (curlinit_start() != ERR_OK) {
		snprintf(msg, msgsz, "libcurl cannot start");
		return ERR_IO;
	}
	if ((h = curl_easy_init()) == NULL)
		return ERR_NOMEM;
	if ((t = curl_slist_append(hdr, "Content-Type: application/json")) ==
	    NULL || (hdr = t, t = curl_slist_append(hdr, h1)) == NULL ||
	    (hdr = t, t = curl_slist_append(hdr, h2)) == NULL ||
	    (hdr = t, t = curl_slist_append(hdr, "Expect:")) == NULL) {
		curl_slist_free_all(hdr);
		curl_easy_cleanup(h);
		return ERR_NOMEM;
	}
	hdr = t;
	errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, w->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (w->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, w->ca_file);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, w->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)w->len);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "annexa/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, drop);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)WEBHOOK_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OK && status >= 200 && status < 300)
		e = ERR_OK;
	else if (rc == CURLE_OK)
		snprintf(msg, msgsz, "%s answered %ld", w->url, status);
	else
		snprintf(msg, msgsz, "%s: %s", w->url, errbuf[0] != '\0' ?
		    errbuf : curl_easy_strerror(rc));
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return e;
}
