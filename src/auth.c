#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "auth.h"
#include "esc.h"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_VIEWER] = "viewer",
	[ROLE_EDITOR] = "editor",
	[ROLE_ADMIN] = "admin",
};

const char *
auth_role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "?";
}

void
auth_principal_label(const struct principal *who, char out[AUTH_LABEL_MAX + 1])
{
	if (who->person_name[0] != '\0' && who->person_email[0] != '\0')
		snprintf(out, AUTH_LABEL_MAX + 1, "%s <%s>", who->person_name,
		    who->person_email);
	else
		snprintf(out, AUTH_LABEL_MAX + 1, "%s", who->person_name[0] !=
		    '\0' ? who->person_name : who->token_label);
}

bool
auth_role_parse(const char *s, enum role *r)
{
	int	i;

	for (i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*r = (enum role)i;
			return true;
		}
	return false;
}

static bool
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

enum err
auth_random_b64url(char out[AUTH_RANDOM_LEN + 1])
{
	static const char	 alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char		 raw[33];
	size_t			 i, o;
	unsigned		 v;

	if (RAND_bytes(raw, 32) != 1)
		return ERR_IO;
	raw[32] = 0;
	/* 32 bytes give 43 base64url digits (the last holds 4 bits). */
	for (i = 0, o = 0; o < AUTH_RANDOM_LEN; i += 3) {
		v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 |
		    (i + 2 < 33 ? raw[i + 2] : 0);
		out[o++] = alpha[(v >> 18) & 63];
		if (o < AUTH_RANDOM_LEN)
			out[o++] = alpha[(v >> 12) & 63];
		if (o < AUTH_RANDOM_LEN)
			out[o++] = alpha[(v >> 6) & 63];
		if (o < AUTH_RANDOM_LEN)
			out[o++] = alpha[v & 63];
	}
	out[AUTH_RANDOM_LEN] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return ERR_OK;
}

bool
auth_is_random_b64url(const char *s, size_t len)
{
	size_t	i;

	if (len != AUTH_RANDOM_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!is_b64url(s[i]))
			return false;
	return true;
}

enum err
auth_token_new(char *out, size_t outsz)
{
	if (outsz < AUTH_TOKEN_LEN + 1)
		return ERR_INTERNAL;
	memcpy(out, AUTH_TOKEN_PREFIX, 3);
	return auth_random_b64url(out + 3);
}

void
auth_token_hash(const char *token, size_t len, char hex[AUTH_HASH_HEX])
{
	unsigned char		 md[32];
	unsigned int		 mdlen = 0;

	EVP_Digest(token, len, md, &mdlen, EVP_sha256(), NULL);
	esc_hex(md, sizeof(md), hex);
}

bool
auth_bearer(const char *h, const char **tok, size_t *len)
{
	size_t	i;

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return false;
	h += 7;
	while (*h == ' ')
		h++;
	if (strncmp(h, AUTH_TOKEN_PREFIX, 3) != 0)
		return false;
	for (i = 3; is_b64url(h[i]); i++)
		if (i > AUTH_TOKEN_LEN)
			return false;
	if (i != AUTH_TOKEN_LEN)
		return false;
	while (h[i] == ' ')
		i++;
	if (h[i] != '\0')
		return false;
	*tok = h;
	*len = AUTH_TOKEN_LEN;
	return true;
}
