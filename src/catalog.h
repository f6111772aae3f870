/*
 * catalog.h — `annexa import catalog`: loads a framework catalog file
 * (docs/formats.md) in one transaction.  Re-importing updates titles and
 * groups and adds controls; it never drops a control.
 */
#ifndef ANNEXA_CATALOG_H
#define ANNEXA_CATALOG_H

#include <stddef.h>

#include "errcode.h"

#define CATALOG_FILE_MAX	(16 * 1024 * 1024)
#define CATALOG_CONTROLS_MAX	10000

struct db;

struct catalog_result {
	char	framework[65];
	size_t	added;
	size_t	updated;
};

/*
 * Validates the whole JSON text first, then writes it; on ERR_INVALID
 * msg names the file and the JSON location ("controls[12].title") or the
 * line of a syntax error, and nothing is written.
 */
enum err	catalog_import_text(struct db *, const char *name,
		    const char *text, size_t len, struct catalog_result *,
		    char *msg, size_t msgsz);
enum err	catalog_import_file(struct db *, const char *path,
		    struct catalog_result *, char *msg, size_t msgsz);

#endif
