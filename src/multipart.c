/*
 * multipart.c — the strict multipart/form-data parser of multipart.h.
 *
 * Every length is checked before a byte is read; the body is searched,
 * never copied (a part's data points into it), and the search for a
 * part's end stops at that part's limit, so a 20 MiB body costs one pass.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "multipart.h"
#include "pool.h"

#define CRLF	"\r\n"

/* RFC 2046, 5.1.1: bchars (bcharsnospace and the space). */
static bool
is_bchar(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 'a' && ch <= 'z') || (ch != '\0' && strchr("'()+_,-./:=? ",
	    ch) != NULL);
}

static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

bool
multipart_boundary(const char *ct, char out[MULTIPART_BOUNDARY_MAX + 1],
    const char **why)
{
	static const char	 type[] = "multipart/form-data";
	const char		*s, *v;
	size_t			 n, i;
	bool			 quoted;

	out[0] = '\0';
	if (ct == NULL || strncasecmp(ct, type, sizeof(type) - 1) != 0) {
		*why = "the form is not sent as multipart/form-data";
		return false;
	}
	s = skip_ows(ct + sizeof(type) - 1);
	if (*s != ';') {
		*why = "the Content-Type has no boundary";
		return false;
	}
	s = skip_ows(s + 1);
	if (strncasecmp(s, "boundary=", 9) != 0) {
		*why = "the Content-Type's only parameter must be its boundary";
		return false;
	}
	s += 9;
	if ((quoted = *s == '"'))
		s++;
	v = s;
	n = quoted ? strcspn(s, "\"") : strcspn(s, " \t;");
	if (quoted && s[n] != '"') {
		*why = "the boundary's quotes are not closed";
		return false;
	}
	s = skip_ows(s + n + (quoted ? 1 : 0));
	if (*s != '\0') {
		*why = "the Content-Type's only parameter must be its boundary";
		return false;
	}
	if (n == 0 || n > MULTIPART_BOUNDARY_MAX || v[n - 1] == ' ') {
		*why = "the boundary must be 1 to 70 characters, not ending in "
		    "a space";
		return false;
	}
	for (i = 0; i < n; i++)
		if (!is_bchar((unsigned char)v[i])) {
			*why = "the boundary holds a character RFC 2046 does "
			    "not allow";
			return false;
		}
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

/*
 * The first CRLF in [p, end), or NULL.
 */
static const char *
find_crlf(const char *p, const char *end)
{
	const char	*q;

	while (p < end && (q = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if (q + 1 < end && q[1] == '\n')
			return q;
		p = q + 1;
	}
	return NULL;
}

/*
 * The first CRLF "--" boundary in [p, end), or NULL.
 */
static const char *
find_delimiter(const char *p, const char *end, const char *b, size_t blen)
{
	const char	*q;

	while (p < end && (q = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - q) >= 4 + blen && memcmp(q, "\r\n--", 4) ==
		    0 && memcmp(q + 4, b, blen) == 0)
			return q;
		p = q + 1;
	}
	return NULL;
}

/*
 * A quoted-string value at *s (RFC 7578, 4.2, as browsers write it): no
 * '"', control character or backslash escape inside.  Copies it into
 * the pool and moves *s past the closing quote.
 */
static enum err
quoted_value(struct pool *p, const char **s, const char *end, const char **out,
    const char **why)
{
	const char	*v = *s, *q;

	if (v >= end || *v != '"') {
		*why = "a Content-Disposition parameter's value is not quoted";
		return ERR_INVALID;
	}
	for (q = v + 1; q < end && *q != '"'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f) {
			*why = "a Content-Disposition value holds a control "
			    "character";
			return ERR_INVALID;
		}
	if (q >= end) {
		*why = "a Content-Disposition value's quotes are not closed";
		return ERR_INVALID;
	}
	if ((*out = pool_strndup(p, v + 1, (size_t)(q - v - 1))) == NULL)
		return ERR_NOMEM;
	*s = q + 1;
	return ERR_OK;
}

/* Content-Disposition: form-data; name="..."[; filename="..."] */
static enum err
disposition(struct pool *p, const char *s, const char *end,
    struct multipart_part *pt, const char **why)
{
	const char	*k, **slot;
	size_t		 klen;
	enum err	 e;

	if ((size_t)(end - s) < 9 || strncasecmp(s, "form-data", 9) != 0) {
		*why = "a part's Content-Disposition is not form-data";
		return ERR_INVALID;
	}
	s += 9;
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			break;
		if (*s != ';') {
			*why = "a part's Content-Disposition is malformed";
			return ERR_INVALID;
		}
		s++;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		k = s;
		while (s < end && *s != '=')
			s++;
		klen = (size_t)(s - k);
		if (klen == 4 && strncasecmp(k, "name", 4) == 0)
			slot = &pt->name;
		else if (klen == 8 && strncasecmp(k, "filename", 8) == 0)
			slot = &pt->filename;
		else {
			*why = "a part's Content-Disposition has a parameter "
			    "other than name and filename";
			return ERR_INVALID;
		}
		if (*slot != NULL) {
			*why = "a part's Content-Disposition repeats a parameter";
			return ERR_INVALID;
		}
		s++;	/* the '=' */
		if ((e = quoted_value(p, &s, end, slot, why)) != ERR_OK)
			return e;
	}
	if (pt->name == NULL || pt->name[0] == '\0') {
		*why = "a part has no name";
		return ERR_INVALID;
	}
	return ERR_OK;
}

/*
 * One header line [s, end) of a part: Content-Disposition or
 * Content-Type, each at most once.
 */
static enum err
header_line(struct pool *p, const char *s, const char *end,
    struct multipart_part *pt, bool *seen_cd, const char **why)
{
	const char	*colon, *v, *ve, *q;
	size_t		 n;

	for (q = s; q < end; q++)
		if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f) {
			*why = "a part's header holds a control character";
			return ERR_INVALID;
		}
	if ((colon = memchr(s, ':', (size_t)(end - s))) == NULL) {
		*why = "a part's header line has no colon";
		return ERR_INVALID;
	}
	n = (size_t)(colon - s);
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	for (ve = end; ve > v && (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
		;
	if (n == 19 && strncasecmp(s, "Content-Disposition", n) == 0) {
		if (*seen_cd) {
			*why = "a part repeats its Content-Disposition";
			return ERR_INVALID;
		}
		*seen_cd = true;
		return disposition(p, v, ve, pt, why);
	}
	if (n == 12 && strncasecmp(s, "Content-Type", n) == 0) {
		if (pt->type != NULL) {
			*why = "a part repeats its Content-Type";
			return ERR_INVALID;
		}
		if (v == ve) {
			*why = "a part's Content-Type is empty";
			return ERR_INVALID;
		}
		if ((pt->type = pool_strndup(p, v, (size_t)(ve - v))) == NULL)
			return ERR_NOMEM;
		return ERR_OK;
	}
	*why = "a part has a header other than Content-Disposition and "
	    "Content-Type";
	return ERR_INVALID;
}

/* The header lines of one part, from *s to the empty line (consumed). */
static enum err
part_headers(struct pool *p, const char **s, const char *end,
    struct multipart_part *pt, const char **why)
{
	const char	*start = *s, *line = *s, *crlf, *stop;
	bool		 seen_cd = false;
	enum err	 e;

	/* The headers and their empty line must fit the limit. */
	stop = (size_t)(end - start) > MULTIPART_HEADER_MAX + 2 ?
	    start + MULTIPART_HEADER_MAX + 2 : end;
	for (;;) {
		if ((crlf = find_crlf(line, stop)) == NULL) {
			*why = stop < end ? "a part's headers are over 1024 "
			    "bytes" : "a part's headers do not end";
			return ERR_INVALID;
		}
		if (crlf == line)
			break;
		if ((e = header_line(p, line, crlf, pt, &seen_cd, why)) !=
		    ERR_OK)
			return e;
		line = crlf + 2;
	}
	if (!seen_cd) {
		*why = "a part has no Content-Disposition";
		return ERR_INVALID;
	}
	*s = crlf + 2;
	return ERR_OK;
}

enum err
multipart_parse(struct pool *p, const char *boundary, const char *body,
    size_t len, size_t file_max, struct multipart *mp, const char **why)
{
	const char		*s = body, *end = body + len, *d, *stop;
	struct multipart_part	*pt;
	size_t			 blen = strlen(boundary), limit, k;
	enum err		 e;

	memset(mp, 0, sizeof(*mp));
	*why = NULL;
	if (blen == 0 || blen > MULTIPART_BOUNDARY_MAX) {
		*why = "the boundary is empty or too long";
		return ERR_INVALID;
	}
	if (len < 2 + blen + 2 || memcmp(s, "--", 2) != 0 ||
	    memcmp(s + 2, boundary, blen) != 0) {
		*why = "the body does not begin with the boundary";
		return ERR_INVALID;
	}
	s += 2 + blen;
	if (memcmp(s, "--", 2) == 0) {
		*why = "the form holds no part";
		return ERR_INVALID;
	}
	if (memcmp(s, CRLF, 2) != 0) {
		*why = "a boundary line does not end in CRLF";
		return ERR_INVALID;
	}
	s += 2;
	for (;;) {
		if (mp->n == MULTIPART_PARTS_MAX) {
			*why = "the form holds more than 8 parts";
			return ERR_INVALID;
		}
		pt = &mp->part[mp->n];
		if ((e = part_headers(p, &s, end, pt, why)) != ERR_OK)
			return e;
		for (k = 0; k < mp->n; k++)
			if (strcmp(mp->part[k].name, pt->name) == 0) {
				*why = "the form repeats a field";
				return ERR_INVALID;
			}
		/* Look for the delimiter no further than the limit allows. */
		limit = pt->filename != NULL ? file_max : MULTIPART_FIELD_MAX;
		stop = (size_t)(end - s) > limit + 4 + blen ?
		    s + limit + 4 + blen : end;
		if ((d = find_delimiter(s, stop, boundary, blen)) == NULL) {
			if (stop < end) {
				*why = pt->filename != NULL ? "the file is over "
				    "the limit" : "a form field is over 1024 bytes";
				return ERR_TOO_LARGE;
			}
			*why = "the body does not end with the closing boundary";
			return ERR_INVALID;
		}
		pt->data = s;
		pt->len = (size_t)(d - s);
		mp->n++;
		s = d + 4 + blen;
		if (end - s >= 2 && memcmp(s, "--", 2) == 0) {
			s += 2;
			if (s == end || (end - s == 2 && memcmp(s, CRLF, 2) ==
			    0))
				return ERR_OK;
			*why = "there is data after the closing boundary";
			return ERR_INVALID;
		}
		if (s == end) {
			*why = "the body does not end with the closing boundary";
			return ERR_INVALID;
		}
		if (end - s < 2 || memcmp(s, CRLF, 2) != 0) {
			*why = "a boundary line does not end in CRLF";
			return ERR_INVALID;
		}
		s += 2;
	}
}

const struct multipart_part *
multipart_find(const struct multipart *mp, const char *name)
{
	size_t	i;

	for (i = 0; i < mp->n; i++)
		if (strcmp(mp->part[i].name, name) == 0)
			return &mp->part[i];
	return NULL;
}
