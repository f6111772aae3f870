/*
 * csaref.h — the grammar of the references in CSA's CCM mappings files
 * (docs/formats.md): what a string such as "27017: 13.1.3",
 * "27001: A.18.1.1-to-5", "27001: 9.3.2.d", "27001: A.5" or "CC6.1"
 * names, in the family of standards a mappings family lists.
 *
 * The strings are written by hand, so the grammar is loose; csaref.c lists
 * every form seen in CSA's v4.0.12 files.  This module only reads: whether
 * a control exists in annexa's catalog, and what becomes of it, is the
 * bundle reader's business (csa.c).  Every function is pure and
 * thread-safe; nothing is allocated.
 */
#ifndef ANNEXA_CSAREF_H
#define ANNEXA_CSAREF_H

#include <stdbool.h>
#include <stddef.h>

#define CSAREF_LEN_MAX		256	/* bytes of a reference read */
#define CSAREF_RANGE_MAX	64	/* controls one range may name */
#define CSAREF_DEPTH_MAX	5	/* numbers in an id: A.12.4.1 has 3 */
#define CSAREF_ID_MAX		48	/* "category:CLD.9999.9999..." fits */
#define CSAREF_EDITIONS_MAX	8	/* editions one family name lists */

/*
 * The frameworks a reference can land in, in the order the bundle reader
 * makes its sets; CSAREF_FW_NONE for one annexa has no catalog for.
 */
enum csaref_fw {
	CSAREF_FW_NONE = -1,
	CSAREF_FW_ISO27001_2022,
	CSAREF_FW_ISO27017_2015,
	CSAREF_FW_ISO27018_2019,
	CSAREF_FW_SOC2_2017,
	CSAREF_FW__MAX
};

/* annexa's framework id ("iso27017-2015") of fw, which is not NONE. */
const char	*csaref_fw_id(enum csaref_fw fw);

/* What a family's "name" says its references point into. */
enum csaref_family_kind {
	CSAREF_FAM_ISO,		/* "ISO/IEC 27001:2013,27002:2013,..." */
	CSAREF_FAM_SOC2,	/* "AICPA TSC 2017" */
	CSAREF_FAM_OTHER	/* anything else: no catalog in annexa */
};

/* A mappings family's name, read: the ISO editions it lists. */
struct csaref_family {
	enum csaref_family_kind	 kind;
	char			 std[CSAREF_EDITIONS_MAX][6];
	char			 year[CSAREF_EDITIONS_MAX][5];
	size_t			 n;
};

/* Reads a family's name (never fails: unknown names are FAM_OTHER). */
void		 csaref_family_parse(const char *name, struct csaref_family *);

/* The prefix of an ISO id: none ("13.1.3"), "A." or "CLD.". */
enum csaref_prefix {
	CSAREF_PFX_NONE,
	CSAREF_PFX_ANNEX,
	CSAREF_PFX_CLD
};

struct csaref_rule;	/* how one edition numbers its controls (private) */

/*
 * A parsed reference: an id, or a range of ids that differ in their last
 * number only (from num[depth - 1] to last, at most CSAREF_RANGE_MAX).
 */
struct csaref {
	char			 std[6];	/* "27017", or SOC 2's "CC" */
	enum csaref_prefix	 pfx;
	unsigned		 num[CSAREF_DEPTH_MAX];
	size_t			 depth;
	unsigned		 last;		/* num[depth - 1] if no range */
	bool			 soc2;
	const struct csaref_rule *rule;	/* NULL: edition not in family */
};

/* What csaref_parse() made of a string. */
enum csaref_parse {
	CSAREF_OK,		/* *ref names one id or a range */
	CSAREF_NO_MAPPING,	/* "No Mapping", in any case */
	CSAREF_OTHER_FAMILY,	/* the family has no catalog in annexa */
	CSAREF_MALFORMED	/* not a reference in this family's grammar */
};

/*
 * Parses the reference s of family f (blanks around it ignored; only its
 * first CSAREF_LEN_MAX bytes are read).  *ref is filled on CSAREF_OK.
 */
enum csaref_parse csaref_parse(const struct csaref_family *f, const char *s,
		    struct csaref *ref);

/* How many ids ref names: 1, or the length of its range. */
size_t		 csaref_count(const struct csaref *);

/* What one id of a reference is. */
enum csaref_kind {
	CSAREF_CONTROL,		/* a control id of fw (id as in the catalog) */
	CSAREF_CLAUSE,		/* an ISMS clause: id "clause:9.3.2" */
	CSAREF_CATEGORY,	/* a category of controls: "category:A.5" */
	CSAREF_NOT_CONTROL,	/* the edition has no controls numbered so */
	CSAREF_NO_CATALOG	/* a standard or edition annexa lacks */
};

struct csaref_item {
	enum csaref_fw		 fw;	/* CSAREF_FW_NONE when nowhere */
	enum csaref_kind	 kind;
	char			 id[CSAREF_ID_MAX];
};

/*
 * The k-th id (k < csaref_count(ref)) of a reference csaref_parse()
 * accepted, classified by how the edition numbers its controls.
 */
void		 csaref_item(const struct csaref *ref, size_t k,
		    struct csaref_item *);

#endif
