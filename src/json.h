/*
 * json.h — a streaming JSON writer over struct buf.
 *
 * The writer inserts commas and colons itself: callers open and close
 * containers and emit keys and values in order.  Strings are escaped with
 * esc_json().  Nesting is bounded (JSON_DEPTH_MAX); going deeper, or a
 * value without a key inside an object, marks the buffer failed.
 */
#ifndef ANNEXA_JSON_H
#define ANNEXA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_DEPTH_MAX	32

struct buf;

struct json {
	struct buf	*out;
	int		 depth;
	bool		 first[JSON_DEPTH_MAX];	/* no member written yet */
	bool		 in_object[JSON_DEPTH_MAX];
	bool		 after_key;
};

void	json_init(struct json *, struct buf *);
void	json_object_open(struct json *);
void	json_object_close(struct json *);
void	json_array_open(struct json *);
void	json_array_close(struct json *);
void	json_key(struct json *, const char *);
void	json_string(struct json *, const char *);
void	json_stringn(struct json *, const char *, size_t);
/* A string value, or null when s is NULL. */
void	json_string_or_null(struct json *, const char *);
void	json_int(struct json *, int64_t);
/* A number with at most `decimals` digits after the point, rounded. */
void	json_fixed(struct json *, double, int decimals);
void	json_bool(struct json *, bool);
void	json_null(struct json *);

/* Shorthands for "key": value inside an object. */
void	json_kv_string(struct json *, const char *, const char *);
void	json_kv_int(struct json *, const char *, int64_t);

#endif
