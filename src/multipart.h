/*
 * multipart.h — a strict parser of multipart/form-data bodies (RFC 7578
 * over the syntax of RFC 2046, section 5.1.1), for the one upload form of
 * the pages (the verify page).
 *
 * What is accepted is what browsers send, and nothing looser:
 *   - the Content-Type is "multipart/form-data" (any case) with exactly
 *     one parameter, boundary, of 1 to 70 characters of RFC 2046's
 *     bchars (quoted or not; a space never last);
 *   - the body begins with "--boundary" CRLF (no preamble), each part is
 *     header lines, an empty line and its content, parts are separated by
 *     CRLF "--boundary" CRLF, and the body ends with CRLF "--boundary--"
 *     and at most one CRLF (no epilogue, no transport padding);
 *   - a part's header lines are Content-Disposition (required, once) and
 *     Content-Type (optional, once), names in any case, each line ending
 *     in CRLF, at most MULTIPART_HEADER_MAX bytes of headers per part;
 *   - Content-Disposition is "form-data" with a quoted name (required,
 *     non-empty) and a quoted filename (optional), each at most once, no
 *     other parameter; quoted values hold no '"', CR, LF or NUL (browsers
 *     send those as %22, %0D, %0A) and are taken as they are;
 *   - at most MULTIPART_PARTS_MAX parts with distinct names; a part with
 *     a filename holds at most file_max bytes, one without (a plain
 *     field) at most MULTIPART_FIELD_MAX.
 * Anything else is malformed: the parser says what, in words fit for the
 * person who sent it.
 */
#ifndef ANNEXA_MULTIPART_H
#define ANNEXA_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "errcode.h"

struct pool;

#define MULTIPART_BOUNDARY_MAX	70	/* RFC 2046, 5.1.1 */
#define MULTIPART_PARTS_MAX	8
#define MULTIPART_HEADER_MAX	1024	/* header bytes of one part */
#define MULTIPART_FIELD_MAX	1024	/* content of a part without filename */
/*
 * What a body may hold beyond its files' contents: the delimiters, the
 * part headers and the plain fields of MULTIPART_PARTS_MAX parts.
 */
#define MULTIPART_OVERHEAD_MAX	(MULTIPART_PARTS_MAX * (MULTIPART_HEADER_MAX + \
	MULTIPART_FIELD_MAX + MULTIPART_BOUNDARY_MAX + 8) + 8)

struct multipart_part {
	const char	*name;		/* the form field's name */
	const char	*filename;	/* NULL when the part has none */
	const char	*type;		/* its Content-Type, NULL when none */
	const char	*data;		/* its content, inside the body */
	size_t		 len;
};

struct multipart {
	struct multipart_part	part[MULTIPART_PARTS_MAX];
	size_t			n;
};

/*
 * The boundary of a Content-Type header value, copied into out.  false
 * when the type is not multipart/form-data or the boundary is missing,
 * malformed or not alone; *why then says which.
 */
bool	multipart_boundary(const char *content_type,
	    char out[MULTIPART_BOUNDARY_MAX + 1], const char **why);

/*
 * Parses len bytes of body delimited by boundary into *mp.  Names,
 * filenames and types are NUL-terminated copies in pool; data points
 * into body, which must outlive *mp.  Returns ERR_OK; ERR_INVALID when
 * the body is malformed; ERR_TOO_LARGE when a part holds more than its
 * limit (file_max for a part with a filename); ERR_NOMEM.  On an error
 * *why says what is wrong (a constant string) and *mp holds nothing of
 * use.
 */
enum err	multipart_parse(struct pool *, const char *boundary,
		    const char *body, size_t len, size_t file_max,
		    struct multipart *mp, const char **why);

/* The part named name, or NULL. */
const struct multipart_part *multipart_find(const struct multipart *,
		    const char *name);

#endif
