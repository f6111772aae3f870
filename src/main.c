/*
 * main.c — the annexa command line (annexa(1)): the global options
 * (--config, --version, --help), the configuration, and the dispatch to
 * a subcommand through cmd_find() (the table is in cmd.c, each command
 * in its own cmd_*.c).
 *
 * Exit codes: 0 success, 1 failure, 2 usage, 3 invalid input.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"

int
main(int argc, char **argv)
{
	const struct cmd_entry	*ce;
	const char		*config = NULL, *path;
	struct conf		 c;
	char			 msg[1024];
	enum err		 e;
	int			 rc, argi = 1;

	while (argi < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "--config") == 0 && argi + 1 < argc) {
			config = argv[argi + 1];
			argi += 2;
		} else if (strncmp(argv[argi], "--config=", 9) == 0) {
			config = argv[argi] + 9;
			argi++;
		} else if (strcmp(argv[argi], "--version") == 0) {
			printf("annexa %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		} else if (strcmp(argv[argi], "--help") == 0 ||
		    strcmp(argv[argi], "-h") == 0) {
			cmd_usage(stdout);
			return EXIT_OK;
		} else {
			cmd_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argi >= argc) {
		cmd_usage(stderr);
		return EXIT_USAGE;
	}
	if ((ce = cmd_find(argv[argi])) == NULL) {
		fprintf(stderr, "annexa: unknown command %s\n", argv[argi]);
		cmd_usage(stderr);
		return EXIT_USAGE;
	}
	if (conf_defaults(&c) != ERR_OK)
		return EXIT_FAIL;
	path = conf_path(config);
	e = conf_load(&c, path, msg, sizeof(msg));
	/*
	 * The default file is optional, but only when it does not exist (say
	 * so: a deployment that put it elsewhere learns it here); one that
	 * was named, or that exists and cannot be read, is not.
	 */
	if (e == ERR_IO && config == NULL && getenv("ANNEXA_CONFIG") == NULL &&
	    access(path, F_OK) != 0 && errno == ENOENT) {
		fprintf(stderr, "annexa: no %s: using the built-in defaults "
		    "(--config FILE names another)\n", path);
		e = ERR_OK;
	}
	if (e != ERR_OK) {
		fprintf(stderr, "annexa: configuration: %s\n", msg);
		conf_free(&c);
		return e == ERR_INVALID ? EXIT_INPUT : EXIT_FAIL;
	}
	optind = 1;
	rc = ce->run(&c, argc - argi, argv + argi);
	conf_free(&c);
	return rc;
}
