/*
 * pool.h — per-request memory arena with cleanup hooks.
 *
 * Everything allocated from a pool lives until pool_reset() or
 * pool_free().  Foreign objects (PGresult, cairo surfaces, HPDF docs) are
 * tied to the pool with pool_cleanup_add(); their cleanup functions run,
 * newest first, at reset.  Allocation failure returns NULL.
 */
#ifndef ANNEXA_POOL_H
#define ANNEXA_POOL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct pool;

typedef void	(*pool_cleanup_fn)(void *);

/* Returns a new pool owned by the caller (pool_free), or NULL. */
struct pool	*pool_new(void);
void		 pool_free(struct pool *);
/* Runs the cleanups and releases all but the first block. */
void		 pool_reset(struct pool *);

void		*pool_alloc(struct pool *, size_t);
void		*pool_calloc(struct pool *, size_t, size_t);
char		*pool_strndup(struct pool *, const char *, size_t);
char		*pool_strdup(struct pool *, const char *);
/* A pool string formatted as printf does; NULL when memory runs out. */
char		*pool_printf(struct pool *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* The same with a va_list, as vprintf. */
char		*pool_vprintf(struct pool *, const char *, va_list);
/* Registers fn(data) to run at reset; returns 0 or -1 (then fn(data) has run). */
int		 pool_cleanup_add(struct pool *, pool_cleanup_fn, void *);
/* Bytes handed out since the last reset (for tests and metrics). */
size_t		 pool_used(const struct pool *);
/*
 * True when an allocation from the pool failed since it was made or last
 * reset: a sticky error, so that code which builds many strings can check
 * once at the end.
 */
bool		 pool_failed(const struct pool *);
/*
 * Test hook (fault injection): the n-th pool_alloc() from now on in the
 * calling thread returns NULL, whatever the pool; n = 0 disarms.  Returns
 * how many allocations the previous setting still had to go, so that a
 * test arming ULONG_MAX learns how many a piece of code makes.
 */
unsigned long	 pool_fail_after(unsigned long n);

#endif
