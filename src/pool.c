#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

#define POOL_BLOCK	16384
#define POOL_ALIGN	16

struct pool_block {
	struct pool_block	*next;
	size_t			 size;	/* usable bytes after the header */
	size_t			 used;
};

struct pool_cleanup {
	struct pool_cleanup	*next;
	pool_cleanup_fn		 fn;
	void			*data;
};

struct pool {
	struct pool_block	*blocks;	/* newest first; last is kept */
	struct pool_cleanup	*cleanups;	/* newest first */
	size_t			 handed;
	bool			 failed;	/* an allocation failed since reset */
};

/*
 * The test hook of pool_fail_after(): allocations left before the one
 * that fails, per thread (0: none fails).  Only tests set it.
 */
static _Thread_local unsigned long	pool_fail_countdown;

static size_t
pool_align(size_t n)
{
	return (n + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
}

static struct pool_block *
pool_block_new(size_t size)
{
	struct pool_block	*b;
	size_t			 hdr = pool_align(sizeof(*b));

	if (size > SIZE_MAX - hdr)
		return NULL;
	if ((b = malloc(hdr + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct pool *
pool_new(void)
{
	struct pool	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->blocks = pool_block_new(POOL_BLOCK)) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
pool_reset(struct pool *p)
{
	struct pool_cleanup	*c;
	struct pool_block	*b;

	if (p == NULL)
		return;
	/* Cleanups are allocated from the pool: run them all first. */
	for (c = p->cleanups; c != NULL; c = c->next)
		c->fn(c->data);
	p->cleanups = NULL;
	while (p->blocks->next != NULL) {
		b = p->blocks;
		p->blocks = b->next;
		free(b);
	}
	p->blocks->used = 0;
	p->handed = 0;
	p->failed = false;
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	pool_reset(p);
	free(p->blocks);
	free(p);
}

void *
pool_alloc(struct pool *p, size_t n)
{
	struct pool_block	*b = p->blocks;
	size_t			 hdr = pool_align(sizeof(*b)), need;

	if (pool_fail_countdown != 0 && --pool_fail_countdown == 0)
		goto fail;
	if (n > SIZE_MAX / 2)
		goto fail;
	need = pool_align(n == 0 ? 1 : n);
	if (b->size - b->used < need) {
		if ((b = pool_block_new(need > POOL_BLOCK ? need : POOL_BLOCK)) == NULL)
			goto fail;
		b->next = p->blocks;
		p->blocks = b;
	}
	b->used += need;
	p->handed += need;
	return (char *)b + hdr + b->used - need;
fail:
	p->failed = true;
	return NULL;
}

void *
pool_calloc(struct pool *p, size_t nmemb, size_t size)
{
	void	*v;

	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	if ((v = pool_alloc(p, nmemb * size)) != NULL)
		memset(v, 0, nmemb * size);
	return v;
}

char *
pool_strndup(struct pool *p, const char *s, size_t n)
{
	char	*d;

	if (n == SIZE_MAX || (d = pool_alloc(p, n + 1)) == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
pool_strdup(struct pool *p, const char *s)
{
	return pool_strndup(p, s, strlen(s));
}

char *
pool_vprintf(struct pool *p, const char *fmt, va_list ap)
{
	va_list	 copy;
	char	*s;
	int	 n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || (s = pool_alloc(p, (size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
pool_printf(struct pool *p, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = pool_vprintf(p, fmt, ap);
	va_end(ap);
	return s;
}

int
pool_cleanup_add(struct pool *p, pool_cleanup_fn fn, void *data)
{
	struct pool_cleanup	*c;

	if ((c = pool_alloc(p, sizeof(*c))) == NULL) {
		fn(data);
		return -1;
	}
	c->fn = fn;
	c->data = data;
	c->next = p->cleanups;
	p->cleanups = c;
	return 0;
}

size_t
pool_used(const struct pool *p)
{
	return p->handed;
}

bool
pool_failed(const struct pool *p)
{
	return p->failed;
}

unsigned long
pool_fail_after(unsigned long n)
{
	unsigned long	left = pool_fail_countdown;

	pool_fail_countdown = n;
	return left;
}
