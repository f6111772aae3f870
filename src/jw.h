/*
 * jw.h — a streaming JSON writer over struct buf (prefix jw_, clear of
 * jansson's json_ names, which the parsers use).
 *
 * The writer inserts commas and colons itself: callers open and close
 * containers and emit keys and values in order.  Strings are escaped with
 * esc_json().  Nesting is bounded (JW_DEPTH_MAX); going deeper, or a
 * value without a key inside an object, marks the buffer failed.
 */
#ifndef ANNEXA_JW_H
#define ANNEXA_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JW_DEPTH_MAX	32

struct buf;

struct jw {
	struct buf	*out;
	int		 depth;
	bool		 first[JW_DEPTH_MAX];	/* no member written yet */
	bool		 in_object[JW_DEPTH_MAX];
	bool		 after_key;
};

void	jw_init(struct jw *, struct buf *);
void	jw_object_open(struct jw *);
void	jw_object_close(struct jw *);
void	jw_array_open(struct jw *);
void	jw_array_close(struct jw *);
void	jw_key(struct jw *, const char *);
void	jw_string(struct jw *, const char *);
void	jw_stringn(struct jw *, const char *, size_t);
void	jw_int(struct jw *, int64_t);
/* A number with at most `decimals` digits after the point, rounded. */
void	jw_fixed(struct jw *, double, int decimals);
/*
 * The text jw_fixed() writes for v ("null" when v is not finite), for
 * a page that must show a number exactly as the JSON answer prints it.
 * %.12f of DBL_MAX: 309 digits, the point, 12 decimals, the sign.
 */
#define JW_FIXED_LEN	400
void	jw_fixed_text(double, int decimals, char out[JW_FIXED_LEN]);
void	jw_bool(struct jw *, bool);
void	jw_null(struct jw *);

/* Shorthands for "key": value inside an object. */
void	jw_kv_string(struct jw *, const char *, const char *);
void	jw_kv_int(struct jw *, const char *, int64_t);

#endif
