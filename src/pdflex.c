/*
 * pdflex.c — the bounded PDF lexer shared by the verifier (pdfverify.c)
 * and the signer (sign.c); see pdflex.h for the contract.  It follows
 * ISO 32000-1:2008, 7.2 (lexical conventions) and 7.3 (objects), as far as
 * finding dictionaries, references and integers needs.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pdflex.h"

/* Nesting of arrays and dictionaries the scanner follows. */
#define PDF_DEPTH_MAX	32

/* 7.2.2: the six white-space characters. */
bool
pdflex_is_ws(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
	    c == ' ';
}

/* 7.2.2: the delimiters. */
static bool
is_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

bool
pdflex_is_regular(unsigned char c)
{
	return !pdflex_is_ws(c) && !is_delim(c);
}
size_t
pdflex_skip_ws(const unsigned char *d, size_t len, size_t pos)
{
	while (pos < len) {
		if (pdflex_is_ws(d[pos]))
			pos++;
		else if (d[pos] == '%') {
			/* 7.2.3: a comment runs to the end of the line. */
			while (pos < len && d[pos] != '\r' && d[pos] != '\n')
				pos++;
		} else
			break;
	}
	return pos;
}

size_t
pdflex_token_end(const unsigned char *d, size_t len, size_t pos)
{
	while (pos < len && pdflex_is_regular(d[pos]))
		pos++;
	return pos;
}

static bool
all_digits(const unsigned char *d, size_t off, size_t end)
{
	if (off == end)
		return false;
	for (; off < end; off++)
		if (d[off] < '0' || d[off] > '9')
			return false;
	return true;
}

/* 7.3.4.2: a literal string, balanced parentheses, backslash escapes. */
static bool
string_end(const unsigned char *d, size_t len, size_t pos, size_t *end)
{
	size_t	nest = 0;

	for (; pos < len; pos++) {
		if (d[pos] == '\\')
			pos++;
		else if (d[pos] == '(')
			nest++;
		else if (d[pos] == ')' && --nest == 0) {
			*end = pos + 1;
			return true;
		}
	}
	return false;
}

static bool	obj_end(const unsigned char *, size_t, size_t, int, size_t *);

/*
 * 7.3.7: the dictionary at pos ("<<" already checked).  Fills dict when
 * not NULL.
 */
static bool
dict_end(const unsigned char *d, size_t len, size_t pos, int depth,
    struct pdflex_dict *dict, size_t *end)
{
	struct pdflex_entry	e;
	size_t			vend;

	if (dict != NULL) {
		dict->start = pos;
		dict->n = 0;
	}
	pos += 2;
	for (;;) {
		pos = pdflex_skip_ws(d, len, pos);
		if (pos + 1 < len && d[pos] == '>' && d[pos + 1] == '>')
			break;
		if (pos >= len || d[pos] != '/')
			return false;
		e.key.off = pos;
		e.key.len = pdflex_token_end(d, len, pos + 1) - pos;
		pos = pdflex_skip_ws(d, len, e.key.off + e.key.len);
		if (!obj_end(d, len, pos, depth + 1, &vend))
			return false;
		e.val.off = pos;
		e.val.len = vend - pos;
		if (dict != NULL) {
			if (dict->n == PDFLEX_DICT_MAX)
				return false;
			dict->e[dict->n++] = e;
		}
		pos = vend;
	}
	*end = pos + 2;
	if (dict != NULL)
		dict->end = *end;
	return true;
}

/*
 * The end of the object that starts exactly at pos.  "num gen R" is one
 * object (7.3.10), so dictionary values and array elements come out whole.
 */
static bool
obj_end(const unsigned char *d, size_t len, size_t pos, int depth,
    size_t *end)
{
	size_t	e1, p2, e2, p3;

	if (pos >= len || depth > PDF_DEPTH_MAX)
		return false;
	switch (d[pos]) {
	case '(':
		return string_end(d, len, pos, end);
	case '<':
		if (pos + 1 < len && d[pos + 1] == '<')
			return dict_end(d, len, pos, depth, NULL, end);
		/* 7.3.4.3: a hexadecimal string; its digits are checked by
		 * whoever decodes it. */
		for (pos++; pos < len && d[pos] != '>'; pos++)
			if (d[pos] == '<')
				return false;
		if (pos >= len)
			return false;
		*end = pos + 1;
		return true;
	case '[':
		for (pos++;;) {
			pos = pdflex_skip_ws(d, len, pos);
			if (pos >= len)
				return false;
			if (d[pos] == ']') {
				*end = pos + 1;
				return true;
			}
			if (!obj_end(d, len, pos, depth + 1, &pos))
				return false;
		}
	case '/':
		*end = pdflex_token_end(d, len, pos + 1);
		return true;
	default:
		break;
	}
	if ((e1 = pdflex_token_end(d, len, pos)) == pos)
		return false;	/* a stray ')', '>', ']', '{' or '}' */
	*end = e1;
	if (!all_digits(d, pos, e1))
		return true;
	p2 = pdflex_skip_ws(d, len, e1);
	e2 = pdflex_token_end(d, len, p2);
	if (!all_digits(d, p2, e2))
		return true;
	p3 = pdflex_skip_ws(d, len, e2);
	if (pdflex_token_end(d, len, p3) == p3 + 1 && d[p3] == 'R')
		*end = p3 + 1;
	return true;
}

bool
pdflex_dict(const unsigned char *d, size_t len, size_t pos,
    struct pdflex_dict *dict)
{
	size_t	end;

	pos = pdflex_skip_ws(d, len, pos);
	if (pos + 1 >= len || d[pos] != '<' || d[pos + 1] != '<')
		return false;
	return dict_end(d, len, pos, 0, dict, &end);
}

bool
pdflex_value(const unsigned char *d, size_t len, size_t pos,
    struct pdflex_span *s)
{
	size_t	end;

	pos = pdflex_skip_ws(d, len, pos);
	if (!obj_end(d, len, pos, 0, &end))
		return false;
	s->off = pos;
	s->len = end - pos;
	return true;
}

bool
pdflex_span_is(const unsigned char *d, struct pdflex_span s,
    const char *str)
{
	return strlen(str) == s.len && memcmp(d + s.off, str, s.len) == 0;
}

const struct pdflex_entry *
pdflex_dict_get(const unsigned char *d, const struct pdflex_dict *dict,
    const char *name)
{
	size_t	i;

	for (i = 0; i < dict->n; i++)
		if (pdflex_span_is(d, dict->e[i].key, name))
			return &dict->e[i];
	return NULL;
}

bool
pdflex_uint(const unsigned char *d, struct pdflex_span s, uint64_t max,
    uint64_t *v)
{
	uint64_t	n = 0;
	size_t		i;

	if (s.len == 0 || s.len > 19)
		return false;
	for (i = 0; i < s.len; i++) {
		if (d[s.off + i] < '0' || d[s.off + i] > '9')
			return false;
		n = n * 10 + (uint64_t)(d[s.off + i] - '0');
	}
	if (n > max)
		return false;
	*v = n;
	return true;
}

bool
pdflex_ref(const unsigned char *d, struct pdflex_span s, uint32_t *num,
    uint32_t *gen)
{
	struct pdflex_span	t;
	size_t			end = s.off + s.len, p;
	uint64_t		n, g;

	t.off = s.off;
	t.len = pdflex_token_end(d, end, s.off) - s.off;
	if (!pdflex_uint(d, t, INT32_MAX, &n))
		return false;
	p = pdflex_skip_ws(d, end, t.off + t.len);
	if (p == t.off + t.len)
		return false;
	t.off = p;
	t.len = pdflex_token_end(d, end, p) - p;
	if (!pdflex_uint(d, t, 65535, &g))
		return false;
	p = pdflex_skip_ws(d, end, t.off + t.len);
	if (p == t.off + t.len || p + 1 != end || d[p] != 'R')
		return false;
	*num = (uint32_t)n;
	*gen = (uint32_t)g;
	return true;
}
