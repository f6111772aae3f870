#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "jw.h"

void
jw_init(struct jw *j, struct buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

/* Writes the separator a new value needs at the current position. */
static void
jw_sep(struct jw *j)
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
jw_open(struct jw *j, char c, bool object)
{
	jw_sep(j);
	if (j->depth + 1 >= JW_DEPTH_MAX) {
		j->out->failed = true;
		return;
	}
	buf_putc(j->out, c);
	j->depth++;
	j->first[j->depth] = true;
	j->in_object[j->depth] = object;
}

static void
jw_close(struct jw *j, char c)
{
	if (j->depth == 0 || j->after_key) {
		j->out->failed = true;
		return;
	}
	buf_putc(j->out, c);
	j->depth--;
}

void
jw_object_open(struct jw *j)
{
	jw_open(j, '{', true);
}

void
jw_object_close(struct jw *j)
{
	jw_close(j, '}');
}

void
jw_array_open(struct jw *j)
{
	jw_open(j, '[', false);
}

void
jw_array_close(struct jw *j)
{
	jw_close(j, ']');
}

void
jw_key(struct jw *j, const char *k)
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
jw_stringn(struct jw *j, const char *s, size_t n)
{
	jw_sep(j);
	buf_putc(j->out, '"');
	esc_json(j->out, s, n);
	buf_putc(j->out, '"');
}

void
jw_string(struct jw *j, const char *s)
{
	jw_stringn(j, s, strlen(s));
}

/* A string value, or null when s is NULL. */
static void
jw_string_or_null(struct jw *j, const char *s)
{
	if (s == NULL)
		jw_null(j);
	else
		jw_string(j, s);
}

void
jw_int(struct jw *j, int64_t v)
{
	jw_sep(j);
	buf_printf(j->out, "%" PRId64, v);
}

void
jw_fixed_text(double v, int decimals, char out[JW_FIXED_LEN])
{
	size_t	n;

	if (!isfinite(v)) {	/* JSON has no NaN or infinity */
		strcpy(out, "null");
		return;
	}
	if (decimals < 0 || decimals > 12)
		decimals = 6;
	snprintf(out, JW_FIXED_LEN, "%.*f", decimals, v);
	/* Drop trailing zeros after the point: 0.5000 -> 0.5, 1.0 -> 1. */
	n = strlen(out);
	if (strchr(out, '.') != NULL) {
		while (n > 0 && out[n - 1] == '0')
			n--;
		if (n > 0 && out[n - 1] == '.')
			n--;
	}
	if (n == 2 && strncmp(out, "-0", 2) == 0) {
		out[0] = '0';
		n = 1;
	}
	out[n] = '\0';
}

void
jw_fixed(struct jw *j, double v, int decimals)
{
	char	tmp[JW_FIXED_LEN];

	jw_sep(j);
	jw_fixed_text(v, decimals, tmp);
	buf_puts(j->out, tmp);
}

void
jw_bool(struct jw *j, bool v)
{
	jw_sep(j);
	buf_puts(j->out, v ? "true" : "false");
}

void
jw_null(struct jw *j)
{
	jw_sep(j);
	buf_puts(j->out, "null");
}

void
jw_kv_string(struct jw *j, const char *k, const char *v)
{
	jw_key(j, k);
	jw_string_or_null(j, v);
}

void
jw_kv_int(struct jw *j, const char *k, int64_t v)
{
	jw_key(j, k);
	jw_int(j, v);
}
