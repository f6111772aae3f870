/*
 * mime.h — an Internet message (RFC 5322) in MIME (RFC 2045-2047) as
 * annexa sends reports by e-mail: a plain-text and an HTML part of the
 * same text (multipart/alternative), and, when there is one, a file
 * attached to them (multipart/mixed, base64).  Lines end in CRLF, no
 * line is longer than 78 bytes (but a header naming a very long file
 * name), and every byte of the result is ASCII: the parts are
 * quoted-printable, a subject outside printable ASCII or longer than 60
 * bytes is encoded words, header parameters are on lines of their own.  The module writes bytes only; it knows nothing of
 * SMTP or of annexa's data.
 */
#ifndef ANNEXA_MIME_H
#define ANNEXA_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct buf;

struct mime_message {
	const char	*from;		/* an address, as "a@b.example" */
	const char	*to;
	const char	*subject;	/* UTF-8, no control characters */
	time_t		 date;
	/*
	 * The id-left and id-right of Message-ID (<LEFT@RIGHT>), each dot
	 * atoms; the boundaries are made from LEFT too, so that the same
	 * delivery always gives the same message but its Date.
	 */
	const char	*id_left;
	const char	*id_right;
	const char	*text;		/* UTF-8 */
	const char	*html;		/* UTF-8, a whole document */
	/* An attachment, or NULL; its name is plain ASCII. */
	const char	*file_name;
	const char	*file_type;	/* as "application/pdf" */
	const void	*file;
	size_t		 file_len;
	/* Header lines added as given ("Name: value"), or NULL. */
	const char *const *extra;
};

/*
 * Appends the whole message to out.  False when a field has a byte the
 * message cannot carry (CR, LF or another control character in an
 * address, the subject or a header) or out ran out of memory.
 */
bool	mime_write(struct buf *out, const struct mime_message *);
/*
 * The subject as one or more RFC 2047 encoded words ("=?UTF-8?B?...?="),
 * each 64 bytes at most and holding whole UTF-8 characters, separated
 * by CRLF SP (folded); printable ASCII of at most 60 bytes as it is.
 */
void	mime_subject(struct buf *out, const char *subject);
/* Quoted-printable (RFC 2045 6.7) of text, LF or CRLF as CRLF. */
void	mime_qp(struct buf *out, const char *text);
/* Base64 of data in lines of 76 characters, each ended by CRLF. */
void	mime_base64(struct buf *out, const void *data, size_t len);
/* "Sun, 06 Dec 2026 01:58:00 +0000" (RFC 5322 3.3) into out. */
void	mime_date(time_t t, char out[40]);

#endif
