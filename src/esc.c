#include "config.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "esc.h"

/*
 * Returns the length of the UTF-8 sequence at s (at most n bytes), or 0
 * when it is malformed: overlong, a surrogate, above U+10FFFF or cut off.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

size_t
esc_utf8_seq(const char *s, size_t n)
{
	return n > 0 ? utf8_seq((const unsigned char *)s, n) : 0;
}

bool
esc_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k;

	while (i < n) {
		if (u[i] == '\0' || (k = utf8_seq(u + i, n - i)) == 0)
			return false;
		i += k;
	}
	return true;
}

void
esc_json(struct buf *b, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, start = 0, k;
	char			 e[7];

	while (i < n) {
		if (u[i] >= 0x20 && u[i] != '"' && u[i] != '\\' && u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0x80 && (k = utf8_seq(u + i, n - i)) != 0) {
			i += k;
			continue;
		}
		buf_append(b, s + start, i - start);
		switch (u[i]) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			if (u[i] < 0x20) {
				memcpy(e, "\\u00", 4);
				e[4] = hex[u[i] >> 4];
				e[5] = hex[u[i] & 0xf];
				buf_append(b, e, 6);
			} else	/* malformed UTF-8 */
				buf_puts(b, "\xef\xbf\xbd");
			break;
		}
		start = ++i;
	}
	buf_append(b, s + start, n - start);
}

/* s[0..n) as one quoted CSV field, its quotes doubled, after prefix. */
static void
csv_quoted(struct buf *b, const char *prefix, const char *s, size_t n)
{
	size_t	i;

	buf_putc(b, '"');
	buf_puts(b, prefix);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

void
esc_csv(struct buf *b, const char *s, size_t n)
{
	if (n > 0 && strcspn(s, ",\"\r\n") >= n && s[0] != ' ' &&
	    s[n - 1] != ' ' && memchr(s, '\0', n) == NULL) {
		buf_append(b, s, n);
		return;
	}
	csv_quoted(b, "", s, n);
}

void
esc_header_qs(struct buf *b, const char *s, size_t n)
{
	size_t		i;
	unsigned char	c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c < 0x20 || c >= 0x7f)
			buf_putc(b, '_');
		else
			buf_putc(b, (char)c);
	}
}

void
esc_csv_cell(struct buf *b, const char *s, size_t n)
{
	if (n == 0 || s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL) {
		esc_csv(b, s, n);
		return;
	}
	csv_quoted(b, "'", s, n);
}

size_t
esc_log(char *dst, size_t dstsz, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u = (const unsigned char *)s;
	char			 e[16];
	size_t			 i = 0, len = 0, elen, k, j;

	while (i < n) {
		k = 1;
		if (u[i] >= 0x20 && u[i] < 0x7f && u[i] != '\\') {
			e[0] = (char)u[i];
			elen = 1;
		} else if (u[i] == '\\' || u[i] == '\n' || u[i] == '\r' ||
		    u[i] == '\t') {
			e[0] = '\\';
			e[1] = u[i] == '\\' ? '\\' : u[i] == '\n' ? 'n' :
			    u[i] == '\r' ? 'r' : 't';
			elen = 2;
		} else if (u[i] >= 0x80 && (k = utf8_seq(u + i, n - i)) != 0 &&
		    !(u[i] == 0xc2 && u[i + 1] < 0xa0)) {
			memcpy(e, s + i, k);	/* printable UTF-8 */
			elen = k;
		} else {
			/* A control, or malformed UTF-8: each byte as \xHH. */
			if (k == 0)
				k = 1;
			for (elen = 0, j = 0; j < k; j++) {
				e[elen++] = '\\';
				e[elen++] = 'x';
				e[elen++] = hex[u[i + j] >> 4];
				e[elen++] = hex[u[i + j] & 0xf];
			}
		}
		if (len + elen >= dstsz)
			break;
		memcpy(dst + len, e, elen);
		len += elen;
		i += k;
	}
	if (dstsz > 0)
		dst[len] = '\0';
	return len;
}

void
esc_hex(const unsigned char *in, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}
