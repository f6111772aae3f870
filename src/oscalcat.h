/*
 * oscalcat.h — OSCAL 1.x catalogs (root "catalog"), for `annexa import
 * catalog --format oscal`: NIST SP 800-53, CSF 2.0 or a user's own
 * framework, read into the struct catalog_doc that catalog_write()
 * stores.  oscalcat.c says how each OSCAL field becomes an annexa one.
 */
#ifndef ANNEXA_OSCALCAT_H
#define ANNEXA_OSCALCAT_H

#include <stddef.h>

#include "errcode.h"

struct catalog_doc;
struct pool;

/*
 * An OSCAL catalog carries the prose of every control (statements,
 * guidance, parameters), so it is larger than annexa's own catalog file
 * for the same controls: NIST's SP 800-53 rev5 LOW baseline is 1.2 MB
 * for 149 controls.  32 MiB leaves room for a catalog twenty times
 * that, twice the limit of annexa's own catalog files.
 */
#define OSCALCAT_FILE_MAX	(32 * 1024 * 1024)
/* Groups and controls nested deeper than this are refused. */
#define OSCALCAT_DEPTH_MAX	32

/* What the command line says in place of the metadata; each may be NULL. */
struct oscalcat_opts {
	const char	*framework;	/* --framework */
	const char	*name;		/* --name */
	const char	*publisher;	/* --publisher */
	/* The file name without directories and extension: the id last tried. */
	const char	*file_stem;
};

struct oscalcat_counts {
	size_t	groups;		/* distinct groups of the imported controls */
	size_t	controls;	/* imported, enhancements included */
	size_t	enhancements;	/* imported controls nested in a control */
	size_t	withdrawn;	/* skipped: withdrawn, or inside one */
};

/*
 * Parses an OSCAL catalog: text[0..len), no NUL needed; origin names the
 * file in messages.  On ERR_OK *doc holds the framework and its controls,
 * every string allocated from pool, ready for catalog_write(), and
 * *counts says what was read.  On failure (ERR_INVALID, ERR_NOMEM) msg
 * names the file and the JSON location, as in "f.json:
 * catalog.groups[2].controls[0].title: is missing", and *doc is zeroed.
 */
enum err	oscalcat_read(struct pool *, const char *origin,
		    const char *text, size_t len, const struct oscalcat_opts *,
		    struct catalog_doc *doc, struct oscalcat_counts *counts,
		    char *msg, size_t msgsz);

#endif
