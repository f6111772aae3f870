/*
 * record.h — checking an organisation's records (docs/formats.md).
 *
 * Each record kind has a table of fields (name, type, required) in the
 * order of the parameters of the statement that writes it.  The checker
 * turns one JSON object into those parameters as text, or says which
 * field is wrong and why.
 */
#ifndef ANNEXA_RECORD_H
#define ANNEXA_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "errcode.h"

struct catalog_index;
struct pool;

enum record_kind {
	REC_ORG,
	REC_SCOPE,
	REC_SOA,
	REC_EVIDENCE,
	REC_REVIEW,
	REC_CHANGE,
	REC_EXCEPTION,
	REC_FINDING,
	REC_CA,
	REC_MR,
	REC_ITEM,
	REC_RISK,
	REC_RISK_CONTROL,
	REC_OBJECTIVE,
	REC_FEEDBACK,
	REC__MAX
};

#define RECORD_FIELDS_MAX	16

/* Where a check happens, for messages; controls are checked against catalog. */
struct record_ctx {
	const char			*origin;
	const struct catalog_index	*catalog;
	char				*msg;
	size_t				 msgsz;
};

size_t		record_nfields(enum record_kind);
/* The index of field name in kind's table (its place in vals), or -1. */
int		record_field_index(enum record_kind, const char *name);
/*
 * Checks obj against the fields of kind and writes each field's value as
 * statement text into vals[0..record_nfields) (NULL when absent; pool
 * strings or the JSON's own, valid while obj lives).  Keys outside the
 * table and extra_keys are refused; an optional field given as null or ""
 * is absent.  Besides each field's own rule it checks what the schema's
 * CHECK constraints ask of the record as a whole (dates that must not be
 * out of order), so that a checked record only fails to store for reasons
 * outside it (references to other records, ids already stored).  On
 * ERR_INVALID c->msg reads "ORIGIN: WHERE.FIELD: reason".
 *
 * History records (evidence, reviews, changes, feedback) take an
 * optional "id": the source system's reference, last in vals.
 */
enum err	record_check(enum record_kind, json_t *obj, const struct record_ctx *,
		    struct pool *, const char *where, const char *const *extra_keys,
		    const char **vals);

#endif
