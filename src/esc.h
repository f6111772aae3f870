/*
 * esc.h — escaping, one function per output context.
 *
 * Request data and database text are never written raw: every writer
 * goes through one of these.  Each appends to a struct buf.
 */
#ifndef ANNEXA_ESC_H
#define ANNEXA_ESC_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * JSON string body (RFC 8259 section 7), without the surrounding quotes.
 * Control characters become \uXXXX; '/' is left alone; bytes that are not
 * valid UTF-8 become U+FFFD so the output is always valid JSON.
 */
void	esc_json(struct buf *, const char *, size_t);
/*
 * n bytes as 2n lower-case hex digits and a NUL, into out (2n + 1 bytes):
 * digests, fingerprints and random secrets.  Not a struct buf writer.
 */
void	esc_hex(const unsigned char *, size_t n, char *out);
/* CSV field (RFC 4180): quoted when it holds , " CR LF or leading space. */
void	esc_csv(struct buf *, const char *, size_t);
/*
 * HTTP quoted-string (RFC 9110 section 5.6.4) for a header parameter such
 * as a Content-Disposition filename: backslash-escapes '"' and '\', and
 * replaces control characters and non-ASCII bytes with '_'.
 */
void	esc_header_qs(struct buf *, const char *, size_t);
/*
 * CSV field for a spreadsheet (the API's CSV exports, read by people): as
 * esc_csv, and a field that a spreadsheet would take for a formula --
 * one starting with '=', '+', '-', '@', TAB or CR -- gets a leading "'"
 * (the spreadsheet's "this is text" mark) and is quoted.  Not for the
 * mappings interchange format, which must stay byte-exact.
 */
void	esc_csv_cell(struct buf *, const char *, size_t);
/*
 * One log line's text, into a caller's array so that logging works when
 * memory is exhausted: copies s[0..n) to dst, writing '\\' for a
 * backslash, \n \r \t for LF, CR and TAB, and \xHH for every other
 * byte below 0x20, DEL, each byte of a C1 control (U+0080 to U+009F) and
 * every byte that is not part of well-formed UTF-8 -- so text from a
 * request can neither start a new line nor drive a terminal.  Stops
 * before an escape that would not fit in dstsz - 1 bytes; dst is always
 * NUL-terminated (dstsz > 0).  Returns the length written.
 */
size_t	esc_log(char *dst, size_t dstsz, const char *, size_t);
/*
 * The length (1 to 4) of the well-formed UTF-8 sequence that starts s
 * (n > 0 bytes available), or 0 when it is malformed.
 */
size_t	esc_utf8_seq(const char *, size_t);
/* True when s[0..n) is well-formed UTF-8 (RFC 3629) with no NUL. */
bool	esc_utf8_valid(const char *, size_t);

#endif
