#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"
#include "log.h"

void
log_line(const char *fmt, ...)
{
	/* Escaping at most quadruples a byte; room for "..." and '\n'. */
	char		 raw[LOG_LINE_MAX + 1], line[LOG_LINE_MAX * 4 + 8];
	va_list		 ap;
	size_t		 len, off = 0;
	ssize_t		 w;
	int		 n;

	va_start(ap, fmt);
	n = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len = esc_log(line, sizeof(line) - 4, raw,
	    (size_t)n > LOG_LINE_MAX ? LOG_LINE_MAX : (size_t)n);
	if ((size_t)n > LOG_LINE_MAX) {
		memcpy(line + len, "...", 3);
		len += 3;
	}
	line[len++] = '\n';
	while (off < len) {
		if ((w = write(STDERR_FILENO, line + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		off += (size_t)w;
	}
}
