/*
 * log.h — the one place where annexa serve writes its log.
 *
 * Every line goes through log_line(), which escapes the whole formatted
 * text (esc_log: LF, CR, TAB, other controls, backslash, malformed UTF-8)
 * and then ends it with the only newline it writes, so that no caller can
 * let request or database text forge or split a line.
 */
#ifndef ANNEXA_LOG_H
#define ANNEXA_LOG_H

/* Formatted text longer than this is cut and ends in "...". */
#define LOG_LINE_MAX	2048

/*
 * Formats one event and writes it to stderr as exactly one line, with a
 * single write(2) so that lines of different threads never interleave.
 * The format has no trailing newline.  Allocates nothing.
 */
void	log_line(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

#endif
