/*
 * fuzz_mapset.h — comparisons the mapping-set fuzz targets (native CSV,
 * CSA, OSCAL) share.  They abort() on a difference, which libFuzzer
 * reports as a crash with the input that caused it.
 */
#ifndef ANNEXA_FUZZ_MAPSET_H
#define ANNEXA_FUZZ_MAPSET_H

#include <stdbool.h>

struct mapset;

/* Equal strings, or both NULL. */
bool	fuzz_same_str(const char *, const char *);

/*
 * Aborts unless the two sets have the same name, frameworks, provenance,
 * version and rows, every row field compared but the line and the set's
 * origin (they depend on where the set was read from).
 */
void	fuzz_same_sets(const struct mapset *, const struct mapset *);

#endif
