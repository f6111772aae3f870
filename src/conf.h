/*
 * conf.h — the configuration file (annexa.conf(5)): lines of "key = value",
 * '#' comments and blank lines.  Unknown keys, a missing '=', a repeated
 * key and bad values are errors that name the file and line; a key that
 * older versions read and this one ignores is a warning.
 */
#ifndef ANNEXA_CONF_H
#define ANNEXA_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "errcode.h"
#include "netallow.h"

#define CONF_LINE_MAX	4096
#define CONF_THREADS_MAX 256
#define CONF_SECONDS_MIN 60
#define CONF_SECONDS_MAX (30 * 86400)
#define CONF_BYTES_MAX	((int64_t)1 << 40)	/* 1 TiB */
#define CONF_PARAM_PREFIX "ANNEXA_"	/* of sso_param */
#define CONF_PARAM_MAX	64		/* bytes of sso_param */

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG
};

struct conf {
	char		*database;	/* runtime conninfo */
	char		*admin_database; /* migrations, imports, tokens */
	char		*listen;
	int		 threads;
	char		*signing_key;
	char		*signing_cert;
	char		*signing_chain;
	char		*font_dir;
	char		*sql_dir;
	char		*user;		/* serve, schedule run: drop root to it */
	enum log_level	 log_level;
	/* Peers a TCP FastCGI listener accepts (default: loopback). */
	struct netallow	 fastcgi_allow;
	size_t		 response_cache_bytes; /* the process's answer cache */
	/* The URL people reach annexa at; absolute links start with it. */
	char		*public_url;
	long long	 session_idle;	/* seconds a session may lie unused */
	long long	 session_max;	/* seconds a session lasts at most */
	/*
	 * Single sign-on: the FastCGI parameter (ANNEXA_...) in which nginx
	 * passes the e-mail address its identity proxy vouched for; NULL:
	 * single sign-on is off and no such parameter is read.
	 */
	char		*sso_param;
	/*
	 * Delivery of scheduled reports (docs/reports.md): the SMTP relay
	 * as HOST:PORT and the sender's address (NULL: no e-mail), a file
	 * with the relay's USER:PASSWORD (NULL: none), the largest PDF
	 * attached to a message (bytes; larger ones are linked instead),
	 * and CA certificates trusted besides the system's for the relay
	 * and webhook receivers (NULL: none).
	 */
	char		*smtp_relay;
	char		*smtp_from;
	char		*smtp_auth_file;
	size_t		 smtp_attach_max;
	char		*tls_ca_file;
};

#define CONF_ATTACH_MAX_DEFAULT	(10 * 1024 * 1024)

/* Sets the built-in defaults; strings are owned by the conf. */
enum err	conf_defaults(struct conf *);
/*
 * Parses text (named `name` in messages) over the current values.  On
 * ERR_INVALID, msg holds "NAME:LINE: reason".  On ERR_OK msg is empty,
 * or holds a warning: "NAME:LINE: KEY is no longer used and is ignored"
 * for the first key of an older version (report_dir) the text sets.
 */
enum err	conf_parse(struct conf *, const char *name, const char *text,
		    char *msg, size_t msgsz);
/*
 * Reads and parses a file; ERR_IO when it cannot be read.  A warning of
 * conf_parse() is also written to stderr ("annexa: configuration:
 * warning: ...").
 */
enum err	conf_load(struct conf *, const char *path, char *msg,
		    size_t msgsz);
void		conf_free(struct conf *);
/* The path to use: `arg`, else $ANNEXA_CONFIG, else the system default. */
const char	*conf_path(const char *arg);

#endif
