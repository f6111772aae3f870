/*
 * mapcsv.h — the native mapping CSV (docs/formats.md):
 *
 *   # provenance: who made the set, from what
 *   # version: 2026.11
 *   source_framework,source_control,target_framework,target_control,
 *   relationship,strength,rationale,confidence,note
 *
 * Leading "# " lines are comments; "# provenance:" and "# version:" set
 * those fields of the set.  Columns may come in any order; every column
 * of the header above must be present and no other.
 */
#ifndef ANNEXA_MAPCSV_H
#define ANNEXA_MAPCSV_H

#include <stddef.h>

#include "errcode.h"

struct buf;
struct mapset;

/*
 * Parses text into set (its name must be set by the caller).  Every row
 * must name the same pair of frameworks.  On ERR_INVALID msg reads
 * "ORIGIN:LINE: FIELD: reason".  Does not call mapset_check().
 */
enum err	mapcsv_read(struct mapset *, const char *text, size_t len,
		    char *msg, size_t msgsz);
/* Writes set in the same format; mapcsv_read() gives it back unchanged. */
void		mapcsv_write(const struct mapset *, struct buf *);

#endif
