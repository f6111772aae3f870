#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "json.h"

void
json_init(struct json *j, struct buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

/* Writes the separator a new value needs at the current position. */
static void
json_sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->in_object[j->depth]) {
		/* A value in an object must follow a key. */
		j->out->failed = true;
		return;
	}
	if (!j->first[j->depth])
		buf_putc(j->out, ',');
	j->first[j->depth] = false;
}

static void
json_open(struct json *j, char c, bool object)
{
	json_sep(j);
	if (j->depth + 1 >= JSON_DEPTH_MAX) {
		j->out->failed = true;
		return;
	}
	buf_putc(j->out, c);
	j->depth++;
	j->first[j->depth] = true;
	j->in_object[j->depth] = object;
}

static void
json_close(struct json *j, char c)
{
	if (j->depth == 0 || j->after_key) {
		j->out->failed = true;
		return;
	}
	buf_putc(j->out, c);
	j->depth--;
}

void
json_object_open(struct json *j)
{
	json_open(j, '{', true);
}

void
json_object_close(struct json *j)
{
	json_close(j, '}');
}

void
json_array_open(struct json *j)
{
	json_open(j, '[', false);
}

void
json_array_close(struct json *j)
{
	json_close(j, ']');
}

void
json_key(struct json *j, const char *k)
{
	if (!j->in_object[j->depth] || j->after_key) {
		j->out->failed = true;
		return;
	}
	if (!j->first[j->depth])
		buf_putc(j->out, ',');
	j->first[j->depth] = false;
	buf_putc(j->out, '"');
	esc_json(j->out, k, strlen(k));
	buf_puts(j->out, "\":");
	j->after_key = true;
}

void
json_stringn(struct json *j, const char *s, size_t n)
{
	json_sep(j);
	buf_putc(j->out, '"');
	esc_json(j->out, s, n);
	buf_putc(j->out, '"');
}

void
json_string(struct json *j, const char *s)
{
	json_stringn(j, s, strlen(s));
}

void
json_string_or_null(struct json *j, const char *s)
{
	if (s == NULL)
		json_null(j);
	else
		json_string(j, s);
}

void
json_int(struct json *j, int64_t v)
{
	json_sep(j);
	buf_printf(j->out, "%" PRId64, v);
}

void
json_fixed(struct json *j, double v, int decimals)
{
	char	tmp[64];
	size_t	n;

	json_sep(j);
	if (!isfinite(v)) {	/* JSON has no NaN or infinity */
		buf_puts(j->out, "null");
		return;
	}
	if (decimals < 0 || decimals > 12)
		decimals = 6;
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	/* Drop trailing zeros after the point: 0.5000 -> 0.5, 1.0 -> 1. */
	n = strlen(tmp);
	if (strchr(tmp, '.') != NULL) {
		while (n > 0 && tmp[n - 1] == '0')
			n--;
		if (n > 0 && tmp[n - 1] == '.')
			n--;
	}
	if (n == 2 && strncmp(tmp, "-0", 2) == 0) {
		tmp[0] = '0';
		n = 1;
	}
	buf_append(j->out, tmp, n);
}

void
json_bool(struct json *j, bool v)
{
	json_sep(j);
	buf_puts(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	json_sep(j);
	buf_puts(j->out, "null");
}

void
json_kv_string(struct json *j, const char *k, const char *v)
{
	json_key(j, k);
	json_string_or_null(j, v);
}

void
json_kv_int(struct json *j, const char *k, int64_t v)
{
	json_key(j, k);
	json_int(j, v);
}
