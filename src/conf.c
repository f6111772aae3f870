#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "loginlink.h"
#include "respcache.h"
#include "session.h"
#include "smtp.h"
#include "valid.h"

#ifndef ANNEXA_PKGDATADIR
#define ANNEXA_PKGDATADIR "/usr/local/share/annexa"
#endif
#ifndef ANNEXA_SYSCONFDIR
#define ANNEXA_SYSCONFDIR "/etc"
#endif

#define CONF_FILE_MAX	(1024 * 1024)

enum conf_kind {
	CONF_STRING,
	CONF_THREADS,
	CONF_LOGLEVEL,
	CONF_NETALLOW,
	CONF_BYTES,
	CONF_SECONDS,
	CONF_URL,
	CONF_PARAM,
	CONF_RELAY,
	CONF_EMAIL
};

struct conf_key {
	const char	*name;
	enum conf_kind	 kind;
	size_t		 off;
};

#define S(f)	offsetof(struct conf, f)
static const struct conf_key conf_keys[] = {
	{ "database", CONF_STRING, S(database) },
	{ "admin_database", CONF_STRING, S(admin_database) },
	{ "listen", CONF_STRING, S(listen) },
	{ "threads", CONF_THREADS, S(threads) },
	{ "signing_key", CONF_STRING, S(signing_key) },
	{ "signing_cert", CONF_STRING, S(signing_cert) },
	{ "signing_chain", CONF_STRING, S(signing_chain) },
	{ "font_dir", CONF_STRING, S(font_dir) },
	{ "sql_dir", CONF_STRING, S(sql_dir) },
	{ "user", CONF_STRING, S(user) },
	{ "log_level", CONF_LOGLEVEL, S(log_level) },
	{ "fastcgi_allow", CONF_NETALLOW, S(fastcgi_allow) },
	{ "response_cache_bytes", CONF_BYTES, S(response_cache_bytes) },
	{ "public_url", CONF_URL, S(public_url) },
	{ "session_idle", CONF_SECONDS, S(session_idle) },
	{ "session_max", CONF_SECONDS, S(session_max) },
	{ "sso_param", CONF_PARAM, S(sso_param) },
	{ "smtp_relay", CONF_RELAY, S(smtp_relay) },
	{ "smtp_from", CONF_EMAIL, S(smtp_from) },
	{ "smtp_auth_file", CONF_STRING, S(smtp_auth_file) },
	{ "smtp_attach_max", CONF_BYTES, S(smtp_attach_max) },
	{ "tls_ca_file", CONF_STRING, S(tls_ca_file) },
};
#undef S

/*
 * Keys older versions read and this one ignores.  A file that still sets
 * one keeps working (an unknown key would stop the service on upgrade);
 * the warning tells the administrator to remove the line.
 */
static const char *const conf_retired[] = { "report_dir" };

#define CONF_NKEYS	(sizeof(conf_keys) / sizeof(conf_keys[0]))
#define CONF_NRETIRED	(sizeof(conf_retired) / sizeof(conf_retired[0]))

static const char *const log_level_names[] =
    { "error", "warn", "info", "debug", NULL };

static enum err
conf_set_string(char **slot, const char *v)
{
	char	*d;

	if ((d = strdup(v)) == NULL)
		return ERR_NOMEM;
	free(*slot);
	*slot = d;
	return ERR_OK;
}

enum err
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->threads = 4;
	c->log_level = LOG_INFO;
	netallow_loopback(&c->fastcgi_allow);
	c->response_cache_bytes = RESPCACHE_BYTES_DEFAULT;
	c->session_idle = SESSION_IDLE_DEFAULT;
	c->session_max = SESSION_MAX_DEFAULT;
	c->smtp_attach_max = CONF_ATTACH_MAX_DEFAULT;
	if (conf_set_string(&c->database, "dbname=annexa") != ERR_OK ||
	    conf_set_string(&c->listen, "unix:/run/annexa/fcgi.sock") != ERR_OK ||
	    conf_set_string(&c->font_dir, ANNEXA_PKGDATADIR "/fonts") != ERR_OK ||
	    conf_set_string(&c->sql_dir, ANNEXA_PKGDATADIR "/sql") != ERR_OK)
		return ERR_NOMEM;
	return ERR_OK;
}

void
conf_free(struct conf *c)
{
	size_t	i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (conf_keys[i].kind == CONF_STRING ||
		    conf_keys[i].kind == CONF_URL ||
		    conf_keys[i].kind == CONF_PARAM ||
		    conf_keys[i].kind == CONF_RELAY ||
		    conf_keys[i].kind == CONF_EMAIL) {
			free(*(char **)((char *)c + conf_keys[i].off));
			*(char **)((char *)c + conf_keys[i].off) = NULL;
		}
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/*
 * A size: a whole number of bytes, or of KiB, MiB or GiB with the suffix
 * K, M or G, from 0 to CONF_BYTES_MAX.
 */
static bool
conf_bytes(const char *v, size_t *out)
{
	char		 digits[24];
	size_t		 len = strlen(v);
	int64_t		 n, unit = 1;

	if (len == 0 || len >= sizeof(digits))
		return false;
	memcpy(digits, v, len + 1);
	switch (digits[len - 1]) {
	case 'K':
		unit = 1024;
		break;
	case 'M':
		unit = 1024 * 1024;
		break;
	case 'G':
		unit = 1024 * 1024 * 1024;
		break;
	}
	if (unit > 1)
		digits[len - 1] = '\0';
	if (!valid_int(digits, 0, CONF_BYTES_MAX / unit, &n))
		return false;
	*out = (size_t)(n * unit);
	return true;
}

/*
 * A duration: a whole number of seconds, or of minutes, hours or days
 * with the suffix m, h or d, from CONF_SECONDS_MIN to CONF_SECONDS_MAX.
 */
static bool
conf_seconds(const char *v, long long *out)
{
	char		 digits[24];
	size_t		 len = strlen(v);
	int64_t		 n, unit = 1;

	if (len == 0 || len >= sizeof(digits))
		return false;
	memcpy(digits, v, len + 1);
	switch (digits[len - 1]) {
	case 's':
		unit = 1;
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		unit = 0;
		break;
	}
	if (unit > 0)
		digits[len - 1] = '\0';
	else
		unit = 1;
	if (!valid_int(digits, 1, CONF_SECONDS_MAX / unit, &n) ||
	    n * unit < CONF_SECONDS_MIN)
		return false;
	*out = (long long)(n * unit);
	return true;
}

/*
 * An absolute http(s) URL without query, fragment, user or spaces: the
 * start of every absolute link annexa prints.
 */
static bool
conf_url(const char *v)
{
	const char	*host;

	if (strncmp(v, "https://", 8) == 0)
		host = v + 8;
	else if (strncmp(v, "http://", 7) == 0)
		host = v + 7;
	else
		return false;
	if (*host == '\0' || *host == '/' || strlen(v) > 400)
		return false;
	for (; *v != '\0'; v++)
		if ((unsigned char)*v <= ' ' || (unsigned char)*v >= 0x7f ||
		    strchr("?#@\"'<>\\", *v) != NULL)
			return false;
	return true;
}

/*
 * The name of a FastCGI parameter no client can set: CONF_PARAM_PREFIX,
 * then capitals, digits and underscores, at most CONF_PARAM_MAX bytes.
 * nginx passes every request header X-Foo as HTTP_X_FOO and fills the
 * standard parameters (QUERY_STRING, CONTENT_TYPE...) from the request;
 * a name of annexa's own exists only where nginx's configuration sets it
 * with fastcgi_param.
 */
static bool
conf_param(const char *v)
{
	size_t	n = strlen(CONF_PARAM_PREFIX), len = strlen(v), i;

	if (len <= n || len > CONF_PARAM_MAX ||
	    strncmp(v, CONF_PARAM_PREFIX, n) != 0)
		return false;
	for (i = n; i < len; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') ||
		    (v[i] >= '0' && v[i] <= '9') || v[i] == '_'))
			return false;
	return true;
}

/*
 * Applies one "key = value" line; *why says what is wrong, and *key names
 * the key when *why does not.  A retired key gives ERR_OK with *retired
 * set to its name (given twice, it is still an error).
 */
static enum err
conf_line(struct conf *c, char *line, bool *seen, const char **why,
    const char **key, const char **retired)
{
	char		*eq, *k, *v;
	size_t		 i, r;
	struct smtp_relay relay;
	int64_t		 n;
	int		 idx;

	if ((eq = strchr(line, '=')) == NULL) {
		*why = "expected \"key = value\"";
		return ERR_INVALID;
	}
	*eq = '\0';
	k = trim(line);
	v = trim(eq + 1);
	for (i = 0; i < CONF_NKEYS; i++)
		if (strcmp(k, conf_keys[i].name) == 0)
			break;
	for (r = 0; i == CONF_NKEYS && r < CONF_NRETIRED; r++)
		if (strcmp(k, conf_retired[r]) == 0) {
			if (seen[CONF_NKEYS + r]) {
				*why = "key given twice";
				return ERR_INVALID;
			}
			seen[CONF_NKEYS + r] = true;
			*retired = conf_retired[r];
			return ERR_OK;
		}
	if (i == CONF_NKEYS) {
		*why = "unknown key";
		return ERR_INVALID;
	}
	if (seen[i]) {
		*why = "key given twice";
		return ERR_INVALID;
	}
	seen[i] = true;
	switch (conf_keys[i].kind) {
	case CONF_STRING:
		if (*v == '\0') {
			*why = "empty value";
			return ERR_INVALID;
		}
		return conf_set_string((char **)((char *)c + conf_keys[i].off), v);
	case CONF_THREADS:
		if (!valid_int(v, 1, CONF_THREADS_MAX, &n)) {
			*why = "threads must be a whole number from 1 to 256";
			return ERR_INVALID;
		}
		c->threads = (int)n;
		return ERR_OK;
	case CONF_LOGLEVEL:
		if (!valid_enum(v, log_level_names, &idx)) {
			*why = "log_level must be error, warn, info or debug";
			return ERR_INVALID;
		}
		c->log_level = (enum log_level)idx;
		return ERR_OK;
	case CONF_NETALLOW:
		*key = conf_keys[i].name;
		if (!netallow_parse((struct netallow *)((char *)c +
		    conf_keys[i].off), v, why))
			return ERR_INVALID;
		return ERR_OK;
	case CONF_SECONDS:
		if (!conf_seconds(v, (long long *)((char *)c +
		    conf_keys[i].off))) {
			*why = "expected a duration: whole seconds, or minutes, "
			    "hours or days with m, h or d, from 1m to 30d";
			return ERR_INVALID;
		}
		return ERR_OK;
	case CONF_URL:
		if (!conf_url(v)) {
			*why = "expected an absolute http:// or https:// URL "
			    "without query, fragment or user";
			return ERR_INVALID;
		}
		return conf_set_string((char **)((char *)c + conf_keys[i].off), v);
	case CONF_PARAM:
		*key = conf_keys[i].name;
		if (!conf_param(v)) {
			*why = "expected the name of a FastCGI parameter that "
			    "nginx sets with fastcgi_param: ANNEXA_ and capitals, "
			    "digits or underscores, as ANNEXA_SSO_EMAIL (never "
			    "HTTP_...: a client's header arrives as one)";
			return ERR_INVALID;
		}
		return conf_set_string((char **)((char *)c + conf_keys[i].off), v);
	case CONF_RELAY:
		if (!smtp_parse_relay(v, &relay)) {
			*key = conf_keys[i].name;
			*why = "expected " SMTP_RELAY_RULE;
			return ERR_INVALID;
		}
		return conf_set_string((char **)((char *)c + conf_keys[i].off), v);
	case CONF_EMAIL:
		if (!loginlink_valid_email(v, strlen(v))) {
			*key = conf_keys[i].name;
			*why = "expected an e-mail address, as "
			    "annexa@example.com";
			return ERR_INVALID;
		}
		return conf_set_string((char **)((char *)c + conf_keys[i].off), v);
	case CONF_BYTES:
		if (!conf_bytes(v, (size_t *)((char *)c + conf_keys[i].off))) {
			*why = "expected a whole number of bytes, or of KiB, MiB "
			    "or GiB with K, M or G, at most 1 TiB";
			return ERR_INVALID;
		}
		return ERR_OK;
	}
	return ERR_INTERNAL;
}

enum err
conf_parse(struct conf *c, const char *name, const char *text, char *msg,
    size_t msgsz)
{
	bool		 seen[CONF_NKEYS + CONF_NRETIRED] = { 0 };
	char		 line[CONF_LINE_MAX + 1];
	const char	*p = text, *nl, *why = NULL, *key = NULL, *retired;
	size_t		 len, lineno = 0;
	char		*s;
	enum err	 e;

	msg[0] = '\0';
	while (*p != '\0') {
		lineno++;
		nl = p + strcspn(p, "\n");
		len = (size_t)(nl - p);
		if (len > CONF_LINE_MAX) {
			snprintf(msg, msgsz, "%s:%zu: line longer than %d bytes",
			    name, lineno, CONF_LINE_MAX);
			return ERR_INVALID;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = *nl == '\n' ? nl + 1 : nl;
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		key = NULL;
		retired = NULL;
		if ((e = conf_line(c, s, seen, &why, &key, &retired)) != ERR_OK) {
			snprintf(msg, msgsz, "%s:%zu: %s%s%s", name, lineno,
			    key != NULL ? key : "", key != NULL ? ": " : "",
			    why != NULL ? why : err_strerror(e));
			return e;
		}
		if (retired != NULL && msg[0] == '\0')
			snprintf(msg, msgsz, "%s:%zu: %s is no longer used and "
			    "is ignored", name, lineno, retired);
	}
	return ERR_OK;
}

enum err
conf_load(struct conf *c, const char *path, char *msg, size_t msgsz)
{
	FILE		*f;
	char		*text;
	size_t		 n;
	enum err	 e;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(msg, msgsz, "%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	if ((text = malloc(CONF_FILE_MAX + 1)) == NULL) {
		fclose(f);
		return ERR_NOMEM;
	}
	n = fread(text, 1, CONF_FILE_MAX + 1, f);
	fclose(f);
	if (n > CONF_FILE_MAX || memchr(text, '\0', n) != NULL) {
		snprintf(msg, msgsz, "%s: not a text file under 1 MiB", path);
		free(text);
		return ERR_INVALID;
	}
	text[n] = '\0';
	e = conf_parse(c, path, text, msg, msgsz);
	free(text);
	if (e == ERR_OK && msg[0] != '\0')
		fprintf(stderr, "annexa: configuration: warning: %s\n", msg);
	return e;
}

const char *
conf_path(const char *arg)
{
	const char	*env;

	if (arg != NULL)
		return arg;
	if ((env = getenv("ANNEXA_CONFIG")) != NULL && *env != '\0')
		return env;
	return ANNEXA_SYSCONFDIR "/annexa/annexa.conf";
}
