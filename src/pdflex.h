/*
 * pdflex.h — a small bounded lexer for untrusted PDF bytes (ISO
 * 32000-1:2008, 7.2 lexical conventions and 7.3 objects), shared by the
 * verifier (pdfverify.c) and the signer (sign.c), which appends an
 * incremental update to a file it did not necessarily write.
 *
 * The contract, for every function below:
 * - The input is a buffer d of len bytes, not NUL-terminated; positions
 *   and spans are offsets into it.  Nothing at or past len is read, and
 *   nothing is allocated or kept: results point into d by offset only.
 * - Arrays and dictionaries are followed to a bounded depth, so hostile
 *   input costs linear time and bounded stack; a dictionary holds at most
 *   PDFLEX_DICT_MAX keys.
 * - Names are compared as written (no #xx decoding); streams, objects
 *   ("obj ... endobj") and cross-reference sections are the callers' job.
 * - Every function is pure and thread-safe.
 */
#ifndef ANNEXA_PDFLEX_H
#define ANNEXA_PDFLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A run of bytes of the buffer: d[off .. off + len). */
struct pdflex_span {
	size_t	off;
	size_t	len;
};

struct pdflex_entry {
	struct pdflex_span	key;	/* the name, with its '/' */
	struct pdflex_span	val;	/* one complete object, "4 0 R" too */
};

#define PDFLEX_DICT_MAX	64

struct pdflex_dict {
	size_t			start;	/* offset of "<<" */
	size_t			end;	/* offset just past ">>" */
	size_t			n;
	struct pdflex_entry	e[PDFLEX_DICT_MAX];
};

/* 7.2.2: true for the six white-space characters. */
bool	pdflex_is_ws(unsigned char);
/* 7.2.2: true for a regular character (neither white space nor delimiter). */
bool	pdflex_is_regular(unsigned char);
/*
 * Offset of the first byte at or after pos that is not white space or
 * part of a comment; len when there is none.
 */
size_t	pdflex_skip_ws(const unsigned char *, size_t len, size_t pos);
/* End of the run of regular characters that starts at pos (pos if none). */
size_t	pdflex_token_end(const unsigned char *, size_t len, size_t pos);
/*
 * Parses the dictionary that starts at pos (after white space) into
 * *dict.  False when it is malformed, nested too deep or has over
 * PDFLEX_DICT_MAX keys; *dict is then meaningless.
 */
bool	pdflex_dict(const unsigned char *, size_t len, size_t pos,
	    struct pdflex_dict *dict);
/* The entry whose key is name (say "/Root"), or NULL. */
const struct pdflex_entry *
	pdflex_dict_get(const unsigned char *, const struct pdflex_dict *,
	    const char *name);
/* Spans the one object at pos (after white space); false if malformed. */
bool	pdflex_value(const unsigned char *, size_t len, size_t pos,
	    struct pdflex_span *);
/* True when span is exactly "num gen R" (unsigned, num < 2^31). */
bool	pdflex_ref(const unsigned char *, struct pdflex_span,
	    uint32_t *num, uint32_t *gen);
/* True when span is exactly an unsigned decimal integer <= max. */
bool	pdflex_uint(const unsigned char *, struct pdflex_span,
	    uint64_t max, uint64_t *);
/* True when span equals the NUL-terminated string s. */
bool	pdflex_span_is(const unsigned char *, struct pdflex_span,
	    const char *s);

#endif
