#include "config.h"

#include <stdio.h>
#include <string.h>

#include "input.h"
#include "period.h"
#include "pool.h"
#include "query.h"
#include "valid.h"

static bool
valid_date_key(const char *s)
{
	return valid_date(s, NULL);
}

static bool
valid_ident_list(const char *s)
{
	char	item[VALID_IDENT_MAX + 1];
	size_t	n, count = 0;

	for (;;) {
		n = strcspn(s, ",");
		if (n == 0 || n > VALID_IDENT_MAX || ++count > INPUT_LIST_MAX)
			return false;
		memcpy(item, s, n);
		item[n] = '\0';
		if (!valid_ident(item))
			return false;
		if (s[n] == '\0')
			return true;
		s += n + 1;
	}
}

static bool
valid_format(const char *s)
{
	return strcmp(s, "json") == 0 || strcmp(s, "csv") == 0;
}

static bool
valid_result(const char *s)
{
	static const char *const r[] =
	    { "effective", "partially-effective", "ineffective", NULL };

	return valid_enum(s, r, NULL);
}

static bool
valid_gap_status(const char *s)
{
	static const char *const st[] =
	    { "covered", "partial", "gap", "not-applicable", "unmapped", NULL };

	return valid_enum(s, st, NULL);
}

/*
 * The delivery states the deliveries listing filters on: failed only,
 * the one the listing's statement selects by (the outbox's other states
 * are shown, not filtered on).
 */
static bool
valid_delivery_state(const char *s)
{
	return strcmp(s, "failed") == 0;
}

static bool
valid_limit(const char *s)
{
	return valid_int(s, 1, 500, NULL);
}

static bool
valid_run_id(const char *s)
{
	return valid_int(s, 1, INT64_MAX / 2, NULL);
}

bool
input_valid_cursor(const char *s)
{
	char	date[11];

	if (strlen(s) < 12 || s[10] != '_')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	return valid_date(date, NULL) && valid_int(s + 11, 1, INT64_MAX / 2, NULL);
}

static bool
valid_period_key(const char *s)
{
	struct period	p;

	return period_parse(s, &p);
}

static bool
valid_audience(const char *s)
{
	return strcmp(s, "internal") == 0 || strcmp(s, "customer") == 0;
}

static bool
valid_width(const char *s)
{
	return valid_int(s, INPUT_CHART_MIN_W, INPUT_CHART_MAX_W, NULL);
}

static bool
valid_height(const char *s)
{
	return valid_int(s, INPUT_CHART_MIN_H, INPUT_CHART_MAX_H, NULL);
}

static bool
valid_months(const char *s)
{
	return valid_int(s, 1, INPUT_MONTHS_MAX, NULL);
}

#define IDENT_EXPECT VALID_IDENT_RULE

const struct key_def key_defs[KEY__MAX] = {
	[KEY_GROUP] = { "group", valid_ident, "a group id of " IDENT_EXPECT, false },
	[KEY_AS_OF] = { "as_of", valid_date_key, "a date YYYY-MM-DD", false },
	[KEY_TARGET] = { "target", valid_ident, "a framework id of " IDENT_EXPECT,
	    false },
	[KEY_SOURCE] = { "source", valid_ident, "a framework id of " IDENT_EXPECT,
	    false },
	[KEY_TARGETS] = { "targets", valid_ident_list,
	    "framework ids separated by commas (at most 16)", true },
	[KEY_MAPPING_SET] = { "mapping_set", valid_ident_list,
	    "mapping set names, comma-separated or repeated (at most 16)", true },
	[KEY_FORMAT] = { "format", valid_format, "json or csv", false },
	[KEY_CONTROL] = { "control", valid_ident, "a control id of " IDENT_EXPECT,
	    false },
	[KEY_SINCE] = { "since", valid_date_key, "a date YYYY-MM-DD", false },
	[KEY_UNTIL] = { "until", valid_date_key, "a date YYYY-MM-DD", false },
	[KEY_RESULT] = { "result", valid_result,
	    "effective, partially-effective or ineffective", false },
	[KEY_LIMIT] = { "limit", valid_limit, "a whole number from 1 to 500",
	    false },
	[KEY_CURSOR] = { "cursor", input_valid_cursor,
	    "the next_cursor of a previous page", false },
	[KEY_PERIOD] = { "period", valid_period_key,
	    "a period such as 2026, 2026-H2, 2026-Q3, 2026-11 or 2026-W48", false },
	[KEY_AUDIENCE] = { "audience", valid_audience, "internal or customer",
	    false },
	[KEY_WIDTH] = { "width", valid_width, "a whole number from 200 to 2000",
	    false },
	[KEY_HEIGHT] = { "height", valid_height, "a whole number from 150 to 1500",
	    false },
	[KEY_MONTHS] = { "months", valid_months, "a whole number from 1 to 36",
	    false },
	[KEY_SET_A] = { "a", valid_ident, "a mapping set name of " IDENT_EXPECT,
	    false },
	[KEY_SET_B] = { "b", valid_ident, "a mapping set name of " IDENT_EXPECT,
	    false },
	[KEY_STATUS] = { "status", valid_gap_status,
	    "covered, partial, gap, not-applicable or unmapped", false },
	[KEY_BEFORE] = { "before", valid_run_id, "a report run id", false },
	[KEY_STATE] = { "state", valid_delivery_state, "failed", false },
};

size_t
input_list(struct pool *p, const char *s, const char **out)
{
	size_t	n = 0, len;

	while (n < INPUT_LIST_MAX) {
		len = strcspn(s, ",");
		if ((out[n] = pool_strndup(p, s, len)) == NULL)
			return 0;
		n++;
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
	return n;
}

enum err
input_parse(struct pool *p, const struct query *q, uint32_t accepted,
    struct input *in, const char **field, const char **code,
    const char **expect)
{
	size_t	 i, len;
	int	 k;
	char	*joined;

	memset(in, 0, sizeof(*in));
	*expect = NULL;
	for (i = 0; i < q->n; i++) {
		*field = q->pairs[i].key;
		for (k = 0; k < KEY__MAX; k++)
			if ((accepted & KEYBIT(k)) &&
			    strcmp(key_defs[k].name, q->pairs[i].key) == 0)
				break;
		if (k == KEY__MAX) {
			*code = "unknown_parameter";
			return ERR_INVALID;
		}
		if (in->val[k] != NULL && !key_defs[k].repeat) {
			*code = "duplicate_parameter";
			return ERR_INVALID;
		}
		if (!key_defs[k].valid(q->pairs[i].val)) {
			*code = "invalid_parameter";
			*expect = key_defs[k].expect;
			return ERR_INVALID;
		}
		if (in->val[k] == NULL) {
			in->val[k] = q->pairs[i].val;
			continue;
		}
		/* A repeated list key: join, then check the whole list. */
		len = strlen(in->val[k]) + strlen(q->pairs[i].val) + 2;
		if ((joined = pool_alloc(p, len)) == NULL)
			return ERR_NOMEM;
		snprintf(joined, len, "%s,%s", in->val[k], q->pairs[i].val);
		if (!key_defs[k].valid(joined)) {
			*code = "invalid_parameter";
			*expect = key_defs[k].expect;
			return ERR_INVALID;
		}
		in->val[k] = joined;
	}
	*field = NULL;
	return ERR_OK;
}
