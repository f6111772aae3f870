#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "mime.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends the base64 of in[0..len) without line breaks. */
static void
b64_run(struct buf *out, const unsigned char *in, size_t len)
{
	size_t		i;
	unsigned long	v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 |
		    in[i + 2];
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, b64[v & 63]);
	}
	if (len - i == 1) {
		v = (unsigned long)in[i] << 16;
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_puts(out, "==");
	} else if (len - i == 2) {
		v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
		buf_putc(out, b64[v >> 18 & 63]);
		buf_putc(out, b64[v >> 12 & 63]);
		buf_putc(out, b64[v >> 6 & 63]);
		buf_putc(out, '=');
	}
}

void
mime_base64(struct buf *out, const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 off, n;

	/* 57 bytes make one line of 76 characters. */
	for (off = 0; off < len; off += n) {
		n = len - off < 57 ? len - off : 57;
		b64_run(out, p + off, n);
		buf_puts(out, "\r\n");
	}
}

void
mime_date(time_t t, char out[40])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	tm;

	/* Written by hand: strftime's names follow the locale. */
	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* The length of the UTF-8 sequence starting with byte c (1 if not one). */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

void
mime_subject(struct buf *out, const char *s)
{
	size_t	len = strlen(s), off = 0, take, n;
	bool	first = true;

	if (printable_ascii(s) && len <= 60) {
		buf_puts(out, s);
		return;
	}
	/*
	 * 39 bytes of text make 52 characters of base64, an encoded word
	 * of 64: after "Subject: " or the folding space, lines stay within
	 * 78.  Words are cut only between characters.
	 */
	while (off < len) {
		take = 0;
		while (off + take < len) {
			n = utf8_len((unsigned char)s[off + take]);
			if (off + take + n > len)
				n = len - off - take;
			if (take + n > 39)
				break;
			take += n;
		}
		if (take == 0)
			take = 1;
		if (!first)
			buf_puts(out, "\r\n ");
		first = false;
		buf_puts(out, "=?UTF-8?B?");
		b64_run(out, (const unsigned char *)s + off, take);
		buf_puts(out, "?=");
		off += take;
	}
}

void
mime_qp(struct buf *out, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 col = 0;
	char			 enc[4];
	bool			 encode;

	for (; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		/* A space or tab ending a line would be lost: encode it. */
		encode = *p == '=' || *p > 0x7e || (*p < 0x20 && *p != '\t') ||
		    ((*p == ' ' || *p == '\t') && (p[1] == '\n' ||
		    p[1] == '\r' || p[1] == '\0')) ||
		    /* A dot starting a line: some relays mangle it. */
		    (col == 0 && *p == '.');
		snprintf(enc, sizeof(enc), "=%02X", *p);
		/* Lines of at most 76 characters, the soft break included. */
		if (col + (encode ? 3 : 1) > 75) {
			buf_puts(out, "=\r\n");
			col = 0;
		}
		if (encode) {
			buf_puts(out, enc);
			col += 3;
		} else {
			buf_putc(out, (char)*p);
			col++;
		}
	}
	if (col > 0)
		buf_puts(out, "\r\n");
}

static bool
clean_header(const char *s)
{
	return s != NULL && printable_ascii(s);
}

/* A part of text (QP) with its headers, after its boundary line. */
static void
text_part(struct buf *out, const char *boundary, const char *type,
    const char *text)
{
	buf_printf(out, "--%s\r\nContent-Type: %s; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary,
	    type);
	mime_qp(out, text);
}

bool
mime_write(struct buf *out, const struct mime_message *m)
{
	char			 date[40], alt[128], mix[128];
	const char *const	*x;
	const char		*s;

	for (s = m->subject; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	if (!clean_header(m->from) || !clean_header(m->to) ||
	    !clean_header(m->id_left) || !clean_header(m->id_right) ||
	    (m->file != NULL && (!clean_header(m->file_name) ||
	    strchr(m->file_name, '"') != NULL || !clean_header(m->file_type))))
		return false;
	for (x = m->extra; x != NULL && *x != NULL; x++)
		if (!clean_header(*x))
			return false;
	mime_date(m->date, date);
	snprintf(alt, sizeof(alt), "alt-%s", m->id_left);
	snprintf(mix, sizeof(mix), "mix-%s", m->id_left);
	buf_printf(out, "From: %s\r\nTo: %s\r\nSubject: ", m->from, m->to);
	mime_subject(out, m->subject);
	buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n"
	    "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n", date,
	    m->id_left, m->id_right);
	for (x = m->extra; x != NULL && *x != NULL; x++)
		buf_printf(out, "%s\r\n", *x);
	if (m->file != NULL)
		buf_printf(out, "Content-Type: multipart/mixed;\r\n "
		    "boundary=\"%s\"\r\n\r\n--%s\r\n", mix, mix);
	buf_printf(out, "Content-Type: multipart/alternative;\r\n "
	    "boundary=\"%s\"\r\n\r\n", alt);
	text_part(out, alt, "text/plain", m->text);
	text_part(out, alt, "text/html", m->html);
	buf_printf(out, "--%s--\r\n", alt);
	if (m->file != NULL) {
		buf_printf(out, "--%s\r\nContent-Type: %s;\r\n name=\"%s\"\r\n"
		    "Content-Disposition: attachment;\r\n filename=\"%s\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", mix,
		    m->file_type, m->file_name, m->file_name);
		mime_base64(out, m->file, m->file_len);
		buf_printf(out, "--%s--\r\n", mix);
	}
	return !buf_failed(out);
}
