/*
 * catalog.h — `annexa import catalog`: loads a framework catalog in one
 * transaction.  Two readers feed one writer: annexa's own catalog JSON
 * (docs/formats.md, read here) and OSCAL catalogs (oscalcat.c); both
 * produce a struct catalog_doc that catalog_write() stores.
 * Re-importing updates titles and groups and adds controls; it never
 * drops a control.
 */
#ifndef ANNEXA_CATALOG_H
#define ANNEXA_CATALOG_H

#include <stddef.h>

#include "errcode.h"

#define CATALOG_FILE_MAX	(16 * 1024 * 1024)
#define CATALOG_CONTROLS_MAX	10000
#define CATALOG_TEXT_MAX	500	/* names, titles, group titles */

struct db;

/* One control as stored: every field checked by the reader that made it. */
struct catalog_control {
	const char	*id;
	const char	*title;
	const char	*group_id;
	const char	*group_title;
};

/*
 * A whole catalog, checked: framework id an identifier, the texts 1 to
 * CATALOG_TEXT_MAX bytes, 1 to CATALOG_CONTROLS_MAX controls with
 * distinct ids, in the catalog's order (their sort order).  The strings
 * belong to whoever built the document.
 */
struct catalog_doc {
	const char			*id;
	const char			*name;
	const char			*version;
	const char			*publisher;
	const struct catalog_control	*controls;
	size_t				 n;
};

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

/*
 * Writes a checked document in one transaction (the framework row, every
 * control, the framework's control count) and counts added and updated
 * controls in *res.  On a database error everything is rolled back and
 * msg says "NAME: what the database said".
 */
enum err	catalog_write(struct db *, const char *name,
		    const struct catalog_doc *, struct catalog_result *,
		    char *msg, size_t msgsz);

#endif
