#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "esc.h"
#include "mapcsv.h"
#include "mapset.h"
#include "pool.h"
#include "valid.h"

enum col {
	COL_SOURCE_FW,
	COL_SOURCE,
	COL_TARGET_FW,
	COL_TARGET,
	COL_REL,
	COL_STRENGTH,
	COL_RATIONALE,
	COL_CONFIDENCE,
	COL_NOTE,
	COL__MAX
};

static const char *const col_names[COL__MAX] = {
	[COL_SOURCE_FW] = "source_framework",
	[COL_SOURCE] = "source_control",
	[COL_TARGET_FW] = "target_framework",
	[COL_TARGET] = "target_control",
	[COL_REL] = "relationship",
	[COL_STRENGTH] = "strength",
	[COL_RATIONALE] = "rationale",
	[COL_CONFIDENCE] = "confidence",
	[COL_NOTE] = "note",
};

/* Reads "# key: value" comments before the header. */
static void
read_comments(struct mapset *set, struct csv *c)
{
	char	*line, *v;

	while (csv_peek(c, '#')) {
		if ((line = csv_skip_line(c, set->pool)) == NULL)
			return;
		v = line + 1;
		while (*v == ' ')
			v++;
		if (strncmp(v, "provenance:", 11) == 0) {
			for (v += 11; *v == ' '; v++)
				;
			set->provenance = v;
		} else if (strncmp(v, "version:", 8) == 0) {
			for (v += 8; *v == ' '; v++)
				;
			set->version = v;
		}
	}
}

static const char *
empty_null(const char *s)
{
	return s[0] == '\0' ? NULL : s;
}

enum err
mapcsv_read(struct mapset *set, const char *text, size_t len, char *msg,
    size_t msgsz)
{
	const char		*origin = set->origin != NULL ? set->origin : "mappings";
	char			*f[CSV_FIELDS_MAX];
	int			 pos[COL__MAX];
	struct csv		 c;
	struct mapping_row	 row;
	const char		*why;
	size_t			 n, line, i;
	int			 k;
	int64_t			 v;
	enum err		 e;

	csv_init(&c, text, len);
	read_comments(set, &c);
	if (csv_eof(&c)) {
		snprintf(msg, msgsz, "%s: no header row", origin);
		return ERR_INVALID;
	}
	if ((e = csv_next(&c, set->pool, f, &n, &line, &why)) != ERR_OK) {
		snprintf(msg, msgsz, "%s:%zu: %s", origin, line, why);
		return e == ERR_NOMEM ? e : ERR_INVALID;
	}
	for (k = 0; k < COL__MAX; k++)
		pos[k] = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < COL__MAX; k++)
			if (strcmp(f[i], col_names[k]) == 0)
				break;
		if (k == COL__MAX) {
			snprintf(msg, msgsz, "%s:%zu: header: unknown column \"%.64s\"",
			    origin, line, f[i]);
			return ERR_INVALID;
		}
		if (pos[k] != -1) {
			snprintf(msg, msgsz, "%s:%zu: header: column %s given twice",
			    origin, line, col_names[k]);
			return ERR_INVALID;
		}
		pos[k] = (int)i;
	}
	for (k = 0; k < COL__MAX; k++)
		if (pos[k] == -1) {
			snprintf(msg, msgsz, "%s:%zu: header: column %s is missing",
			    origin, line, col_names[k]);
			return ERR_INVALID;
		}
	while (!csv_eof(&c)) {
		if ((e = csv_next(&c, set->pool, f, &n, &line, &why)) != ERR_OK) {
			snprintf(msg, msgsz, "%s:%zu: %s", origin, line, why);
			return e == ERR_NOMEM ? e : ERR_INVALID;
		}
		if (n == 1 && f[0][0] == '\0')
			continue;	/* a blank line */
		if (n != (size_t)COL__MAX) {
			snprintf(msg, msgsz, "%s:%zu: %zu fields, the header has %d",
			    origin, line, n, COL__MAX);
			return ERR_INVALID;
		}
#define FIELD(k) f[pos[k]]
#define BAD(k, why) do { snprintf(msg, msgsz, "%s:%zu: %s: %s", origin, line, \
	col_names[k], why); return ERR_INVALID; } while (0)
		if (set->source_fw == NULL) {
			set->source_fw = FIELD(COL_SOURCE_FW);
			set->target_fw = FIELD(COL_TARGET_FW);
		}
		if (strcmp(FIELD(COL_SOURCE_FW), set->source_fw) != 0)
			BAD(COL_SOURCE_FW, "every row of a set must name the same "
			    "source framework");
		if (strcmp(FIELD(COL_TARGET_FW), set->target_fw) != 0)
			BAD(COL_TARGET_FW, "every row of a set must name the same "
			    "target framework");
		memset(&row, 0, sizeof(row));
		row.line = line;
		row.source_control = FIELD(COL_SOURCE);
		row.target_control = FIELD(COL_TARGET);
		if (!mapset_rel_parse(FIELD(COL_REL), &row.rel))
			BAD(COL_REL, "must be equal, equivalent, subset, superset, "
			    "intersects or no-relationship");
		row.strength = -1;
		if (FIELD(COL_STRENGTH)[0] != '\0') {
			if (!valid_int(FIELD(COL_STRENGTH), 0, 10, &v))
				BAD(COL_STRENGTH, "must be a whole number from 0 to "
				    "10, or empty");
			row.strength = (int)v;
		}
		row.rationale = empty_null(FIELD(COL_RATIONALE));
		row.confidence = empty_null(FIELD(COL_CONFIDENCE));
		row.note = empty_null(FIELD(COL_NOTE));
#undef FIELD
#undef BAD
		if ((e = mapset_add(set, &row)) != ERR_OK) {
			snprintf(msg, msgsz, "%s:%zu: %s", origin, line,
			    e == ERR_TOO_LARGE ? "too many rows" : err_strerror(e));
			return e;
		}
	}
	if (set->provenance == NULL) {
		char	*p;
		size_t	 plen = strlen(origin) + 64;

		if ((p = pool_alloc(set->pool, plen)) == NULL)
			return ERR_NOMEM;
		snprintf(p, plen, "imported from %s", origin);
		set->provenance = p;
	}
	return ERR_OK;
}

static void
field(struct buf *b, const char *s, bool last)
{
	if (s != NULL)
		esc_csv(b, s, strlen(s));
	buf_putc(b, last ? '\n' : ',');
}

void
mapcsv_write(const struct mapset *set, struct buf *b)
{
	const struct mapping_row	*r;
	char				 num[16];
	size_t				 i;
	int				 k;

	/* A comment holds one line: line breaks in the text become spaces. */
	buf_puts(b, "# provenance: ");
	for (i = 0; set->provenance[i] != '\0'; i++)
		buf_putc(b, set->provenance[i] == '\n' ? ' ' : set->provenance[i]);
	buf_putc(b, '\n');
	if (set->version != NULL)
		buf_printf(b, "# version: %s\n", set->version);
	for (k = 0; k < COL__MAX; k++)
		field(b, col_names[k], k == COL__MAX - 1);
	for (i = 0; i < set->n; i++) {
		r = &set->rows[i];
		field(b, set->source_fw, false);
		field(b, r->source_control, false);
		field(b, set->target_fw, false);
		field(b, r->target_control, false);
		field(b, mapset_rel_name(r->rel), false);
		if (r->strength >= 0) {
			snprintf(num, sizeof(num), "%d", r->strength);
			field(b, num, false);
		} else
			field(b, NULL, false);
		field(b, r->rationale, false);
		field(b, r->confidence, false);
		field(b, r->note, true);
	}
}
