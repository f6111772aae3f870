/*
 * orgimport.h — `annexa import org FILE.json` (docs/formats.md): an
 * organisation bundle, validated whole before anything is written, then
 * written in one transaction.
 *
 * Re-importing a bundle for an existing organisation replaces its SoA,
 * updates records that carry an id (scopes, risks, exceptions, findings,
 * corrective actions, objectives, management reviews and their items) and
 * appends history (evidence, control reviews, change events, feedback),
 * skipping records identical to ones already stored, so importing the
 * same bundle twice changes nothing.  A history record may carry its
 * source system's "id": one stored with that id is skipped when its
 * content is the same and refuses the whole import when it differs.
 * References between records (an SoA entry's scope, a corrective
 * action's finding, a risk-control link's risk) must name a record of the
 * bundle or one stored for the organisation.
 */
#ifndef ANNEXA_ORGIMPORT_H
#define ANNEXA_ORGIMPORT_H

#include <stddef.h>

#include "errcode.h"

#define ORGIMPORT_FILE_MAX	(64 * 1024 * 1024)
#define ORGIMPORT_ITEMS_MAX	200000

struct db;

struct orgimport_result {
	char	org[65];
	size_t	counts[16];	/* per section, in orgimport_section_name order */
	size_t	nsections;
};

/* The name of section i of a result ("soa", "evidence", ...). */
const char	*orgimport_section_name(size_t i);
/* On ERR_INVALID msg names the file and the JSON location. */
enum err	 orgimport_text(struct db *, const char *origin,
		    const char *text, size_t len, struct orgimport_result *,
		    char *msg, size_t msgsz);

#endif
