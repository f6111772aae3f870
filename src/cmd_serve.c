/*
 * cmd_serve.c — `annexa serve`: the FastCGI server, on the configured
 * socket or on the listener it was started with (fd 0).
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "chart.h"
#include "cmd.h"
#include "conf.h"
#include "session.h"
#include "server.h"
#include "sign.h"
#include "valid.h"

int
cmd_serve(struct conf *c, int argc, char **argv)
{
	static const struct option	 opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct server_opts		 so;
	struct session_conf		 sc;
	const char			*listen = NULL;
	int64_t				 n;
	int				 ch, rc;

	so.threads = c->threads;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			listen = optarg;
			break;
		case 't':
			if (!valid_int(optarg, 1, CONF_THREADS_MAX, &n))
				return cmd_usage_error("serve",
				    "--threads must be a whole number from 1 to 256");
			so.threads = (int)n;
			break;
		default:
			return cmd_usage_error("serve", "unknown option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("serve", "unexpected argument");
	/* Started by spawn-fcgi or a socket unit: serve on fd 0. */
	if (listen == NULL && server_stdin_is_listener())
		so.listen = NULL;
	else
		so.listen = listen != NULL ? listen : c->listen;
	so.database = c->database;
	so.font_dir = c->font_dir;
	so.user = c->user;
	so.log_requests = c->log_level >= LOG_INFO;
	so.fastcgi_allow = &c->fastcgi_allow;
	so.response_cache_bytes = c->response_cache_bytes;
	sc.public_url = c->public_url;
	sc.idle = c->session_idle;
	sc.max = c->session_max;
	sc.sso_param = c->sso_param;
	so.sessions = &sc;
	/*
	 * The key is loaded once, before any thread starts; a key file
	 * others may read stops the server (docs/reports.md).  Without signing
	 * configured the server runs and report routes answer 503.
	 */
	so.signer = NULL;
	if (c->signing_key != NULL || c->signing_cert != NULL) {
		if ((so.signer = cmd_load_signer(c, true)) == NULL)
			return EXIT_FAIL;
	} else
		fprintf(stderr, "annexa: no signing_key configured: reports are "
		    "unavailable\n");
	rc = server_run(&so) == ERR_OK ? EXIT_OK : EXIT_FAIL;
	sign_free((struct signer *)so.signer);
	chart_shutdown();
	return rc;
}
