/* fuzz_mapset.c — see fuzz_mapset.h. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mapset.h"
#include "fuzz_mapset.h"

bool
fuzz_same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
fuzz_same_sets(const struct mapset *a, const struct mapset *b)
{
	const struct mapping_row	*x, *y;
	size_t				 i;

	if (!fuzz_same_str(a->name, b->name) ||
	    !fuzz_same_str(a->source_fw, b->source_fw) ||
	    !fuzz_same_str(a->target_fw, b->target_fw) ||
	    !fuzz_same_str(a->provenance, b->provenance) ||
	    !fuzz_same_str(a->version, b->version) || a->n != b->n)
		abort();
	for (i = 0; i < a->n; i++) {
		x = &a->rows[i];
		y = &b->rows[i];
		if (!fuzz_same_str(x->source_control, y->source_control) ||
		    !fuzz_same_str(x->target_control, y->target_control) ||
		    x->rel != y->rel || x->strength != y->strength ||
		    !fuzz_same_str(x->rationale, y->rationale) ||
		    !fuzz_same_str(x->confidence, y->confidence) ||
		    !fuzz_same_str(x->note, y->note) ||
		    !fuzz_same_str(x->gap_level, y->gap_level) ||
		    !fuzz_same_str(x->addendum, y->addendum))
			abort();
	}
}
