/*
 * buf.h — a growable byte buffer.
 *
 * Errors are sticky: after an allocation failure every append does
 * nothing and buf_failed() is true, so a writer checks once at the end.
 * The bytes are always NUL-terminated (the NUL is not counted in len).
 */
#ifndef ANNEXA_BUF_H
#define ANNEXA_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* 0: unbounded; else appends past it fail */
	bool	 failed;
};

void	 buf_init(struct buf *, size_t max);
/* Frees the storage; the buf may be reused after buf_init(). */
void	 buf_free(struct buf *);
/* Empties the buffer but keeps its storage and clears the failure. */
void	 buf_reset(struct buf *);
/*
 * Makes room for n more bytes (and the NUL after them) without changing
 * len; false, and the buffer failed, when it cannot.
 */
bool	 buf_reserve(struct buf *, size_t n);
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
bool	 buf_failed(const struct buf *);

#endif
