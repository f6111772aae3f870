/*
 * csa.h — CSA's Cloud Controls Matrix JSON bundle, for `annexa import
 * mappings --format csa-ccm FILE...` (docs/formats.md).
 *
 * The bundle is the primary dataset (ccm-primary-dataset.json: version,
 * domains, controls) and one or more mappings files (ccm-mappings-*.json:
 * per CCM control, a list of references into another standard, CSA's gap
 * level and an addendum).  csa_read() turns it into mapping sets from
 * ccm-v4 to the frameworks annexa has catalogs for, and counts what it
 * could not use and why.
 */
#ifndef ANNEXA_CSA_H
#define ANNEXA_CSA_H

#include <stdbool.h>
#include <stddef.h>

#include "csaref.h"
#include "errcode.h"

struct mapset;
struct pool;

/* Bounds on what csa_read() accepts; the caller caps file sizes. */
#define CSA_FILES_MAX		16	/* files in one read */
#define CSA_FAMILIES_MAX	16	/* mapping families in one file */
#define CSA_CONTROLS_MAX	1000	/* controls in the dataset, a family */
#define CSA_DOMAINS_MAX		64	/* domains in the dataset */
#define CSA_REFS_MAX		256	/* references of one control */
#define CSA_REF_MAX		CSAREF_LEN_MAX	/* bytes in one reference */
#define CSA_RANGE_MAX		CSAREF_RANGE_MAX /* controls a range names */
#define CSA_ITEMS_MAX		1024	/* controls one CCM control may name */
#define CSA_TEXT_MAX		200	/* bytes in a family name or version */
#define CSA_PREFIX_MAX		50	/* 64 less "-iso27017-2015" */

/*
 * What happened to every reference, for the command line to report.
 * Each reference lands in exactly one bucket, except a range, which
 * counts once per control it names; so
 *   taken + clause_level + category_level + unknown + other_framework +
 *   no_mapping + malformed == references + expanded.
 */
struct csa_counts {
	size_t	controls;	/* CCM controls read from mappings files */
	size_t	references;	/* reference strings read */
	size_t	expanded;	/* extra items from ranges (n-1 per range) */
	size_t	taken;		/* references that became mapping rows */
	size_t	rows;		/* rows made: taken less merged pairs */
	size_t	clause_level;	/* "27001: 6.1.3": ISMS clauses, not controls */
	size_t	category_level;	/* "27001: A.5", "27002: 5": a whole category */
	size_t	unknown;	/* well formed, not in annexa's catalog */
	size_t	other_framework; /* a standard annexa has no catalog for */
	size_t	no_mapping;	/* "No Mapping" */
	size_t	malformed;	/* could not be parsed at all */
};

/*
 * Answers whether `control` exists in framework `fw` of annexa's catalog
 * (fw is one of iso27001-2022, iso27017-2015, iso27018-2019, soc2-2017).
 */
typedef bool	(*csa_known_fn)(void *arg, const char *fw, const char *control);

/*
 * Reads the files: names[i] is the file name used in messages and (a
 * copy in the pool) as the sets' origin, texts[i] its lens[i] bytes (no
 * NUL needed); the texts are not kept after the call.  Exactly one
 * must be the primary dataset; the others are mappings files, in any
 * order; they are told apart by their shape.  The dataset gives the
 * version and the list of CCM controls a mappings file may name.
 *
 * Produces one mapping set per (mapping family, target framework) that
 * has at least one row, from source framework "ccm-v4", named
 * PREFIX-FRAMEWORK (prefix NULL: "csa-ccm-v" + the dataset's version, as
 * in csa-ccm-v4.0.12-iso27017-2015).  Whether a reference becomes a row
 * is up to known(known_arg, fw, id); a NULL known accepts every id.
 *
 * All or nothing: any structural error fails the whole read with
 * ERR_INVALID (ERR_TOO_LARGE past a bound above), and msg names the file
 * and the JSON location, as in
 *   "ccm-mappings-ISO27001_2022.json: [0].mappings[12].gap_level: ...".
 * On ERR_OK *sets (nsets entries, possibly none) and the sets live in
 * pool until it is reset; *counts is filled.  On failure *sets is NULL
 * and *counts is meaningless.
 */
enum err	csa_read(struct pool *, size_t nfiles, const char *const *names,
		    const char *const *texts, const size_t *lens,
		    const char *prefix, csa_known_fn known, void *known_arg,
		    struct mapset ***sets, size_t *nsets, struct csa_counts *,
		    char *msg, size_t msgsz);

#endif
