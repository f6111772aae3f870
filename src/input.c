#include "config.h"

#include <string.h>

#include "input.h"
#include "query.h"
#include "valid.h"

static bool
valid_date_key(const char *s)
{
	return valid_date(s, NULL);
}

const struct key_def key_defs[KEY__MAX] = {
	[KEY_GROUP] = { "group", valid_ident,
	    "a group id of 1 to 64 characters from A-Z a-z 0-9 . _ & -" },
	[KEY_AS_OF] = { "as_of", valid_date_key, "a date YYYY-MM-DD" },
};

enum err
input_parse(const struct query *q, uint32_t accepted, struct input *in,
    const char **field, const char **code, const char **expect)
{
	size_t	i;
	int	k;

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
		if (in->val[k] != NULL) {
			*code = "duplicate_parameter";
			return ERR_INVALID;
		}
		if (!key_defs[k].valid(q->pairs[i].val)) {
			*code = "invalid_parameter";
			*expect = key_defs[k].expect;
			return ERR_INVALID;
		}
		in->val[k] = q->pairs[i].val;
	}
	*field = NULL;
	return ERR_OK;
}
