/*
 * libFuzzer target for CSA's CCM bundle reader, csa_read() (csa.h).  The
 * input is read as one file; when it holds a 0xff byte (never part of
 * UTF-8 JSON) it is also split there and read as two files, in both
 * orders: a primary dataset and a mappings file may come in any order.
 * The `known` callback stands for annexa's catalogs: it accepts ids of a
 * simple shape ("A.5.1", "13.1.3", "CLD.9.5.1", "CC6.1") whose last
 * number is at most 20.
 *
 * Invariants asserted (abort() when one fails):
 *   - csa_read() returns ERR_OK, ERR_INVALID, ERR_TOO_LARGE or ERR_NOMEM;
 *     on failure *sets is NULL and the message fits its buffer;
 *   - known() is only ever asked about one of the four frameworks and
 *     about an identifier ([A-Za-z0-9._&-]{1,64});
 *   - on ERR_OK, the counts add up as csa.h says: taken + clause_level +
 *     category_level + unknown + other_framework + no_mapping +
 *     malformed == references + expanded; rows <= taken and rows is the
 *     number of rows in all sets;
 *   - on ERR_OK every set is from "ccm-v4" to one of the four
 *     frameworks, has a distinct valid name, passes mapset_check(), and
 *     every row's target is an id known() accepts for that framework;
 *   - the two orders of two files give the same code and, on ERR_OK,
 *     the same sets and counts.
 * Each read gets its own pool, freed at the end.
 *
 *   ./configure --enable-fuzzing --enable-asan CC=clang &&
 *       make tests/fuzz/fuzz_csa
 *   cp -R tests/fuzz/corpus/csa /tmp/corpus
 *   tests/fuzz/fuzz_csa -max_total_time=60 /tmp/corpus
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csa.h"
#include "errcode.h"
#include "mapset.h"
#include "pool.h"
#include "fuzz_mapset.h"
#include "valid.h"

#define FUZZ_INPUT_MAX	(1024 * 1024)
#define KNOWN_LAST_MAX	20

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fws[] = { "iso27001-2022", "iso27017-2015",
    "iso27018-2019", "soc2-2017", NULL };

struct result {
	struct pool		*pool;
	enum err		 e;
	struct mapset		**sets;
	size_t			 nsets;
	struct csa_counts	 counts;
};

static bool
is_fw(const char *fw)
{
	size_t	i;

	for (i = 0; fws[i] != NULL; i++)
		if (strcmp(fws[i], fw) == 0)
			return true;
	return false;
}

/* NUM ("." NUM)* with a last number of at most KNOWN_LAST_MAX. */
static bool
simple_nums(const char *s)
{
	unsigned long	last = 0;
	size_t		digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 4)
				return false;
			last = last * 10 + (unsigned long)(*s - '0');
		} else if (*s == '.' && digits > 0) {
			digits = 0;
			last = 0;
		} else
			return false;
	}
	return digits > 0 && last <= KNOWN_LAST_MAX;
}

static bool
known(void *arg, const char *fw, const char *control)
{
	static const char *const heads[] = { "A.", "CLD.", "CC", "PI", "A",
	    "C", "P", "", NULL };
	size_t	i, n;

	(void)arg;
	if (fw == NULL || control == NULL || !is_fw(fw) ||
	    !valid_ident(control))
		abort();
	for (i = 0; heads[i] != NULL; i++) {
		n = strlen(heads[i]);
		if (strncmp(control, heads[i], n) == 0 &&
		    simple_nums(control + n))
			return true;
	}
	return false;
}

static void
read_files(struct result *r, size_t nfiles, const char *const *names,
    const char *const *texts, const size_t *lens)
{
	const struct csa_counts	*c = &r->counts;
	char			 msg[512];
	size_t			 i, k, rows = 0;

	if ((r->pool = pool_new()) == NULL)
		abort();
	msg[0] = '\0';
	r->e = csa_read(r->pool, nfiles, names, texts, lens, NULL, known,
	    NULL, &r->sets, &r->nsets, &r->counts, msg, sizeof(msg));
	switch (r->e) {
	case ERR_OK:
		break;
	case ERR_INVALID:
	case ERR_TOO_LARGE:
	case ERR_NOMEM:
		if (r->sets != NULL || strnlen(msg, sizeof(msg)) == sizeof(msg))
			abort();
		return;
	default:
		abort();
	}
	if (c->taken + c->clause_level + c->category_level + c->unknown +
	    c->other_framework + c->no_mapping + c->malformed !=
	    c->references + c->expanded || c->rows > c->taken)
		abort();
	if (r->nsets > 0 && r->sets == NULL)
		abort();
	for (i = 0; i < r->nsets; i++) {
		const struct mapset	*s = r->sets[i];

		if (s == NULL || s->name == NULL || !valid_ident(s->name) ||
		    strcmp(s->source_fw, "ccm-v4") != 0 ||
		    !is_fw(s->target_fw) || s->n == 0 ||
		    mapset_check(s, msg, sizeof(msg)) != ERR_OK)
			abort();
		for (k = 0; k < i; k++)
			if (strcmp(r->sets[k]->name, s->name) == 0)
				abort();
		for (k = 0; k < s->n; k++)
			if (!known(NULL, s->target_fw,
			    s->rows[k].target_control))
				abort();
		rows += s->n;
	}
	if (rows != c->rows)
		abort();
}

/* The same outcome whatever the order of the files. */
static void
same_results(const struct result *a, const struct result *b)
{
	size_t	 i, k;

	if (a->e != b->e)
		abort();
	if (a->e != ERR_OK)
		return;
	if (memcmp(&a->counts, &b->counts, sizeof(a->counts)) != 0 ||
	    a->nsets != b->nsets)
		abort();
	for (i = 0; i < a->nsets; i++) {
		fuzz_same_sets(a->sets[i], b->sets[i]);
		/* Both runs read the same file for a set: lines agree too. */
		for (k = 0; k < a->sets[i]->n; k++)
			if (a->sets[i]->rows[k].line != b->sets[i]->rows[k].line)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result	 one, ab, ba;
	const char	*names[2], *texts[2], *rnames[2], *rtexts[2];
	const char	*text = (const char *)data;
	const uint8_t	*cut;
	size_t		 lens[2], rlens[2];

	if (size > FUZZ_INPUT_MAX)
		return 0;
	memset(&one, 0, sizeof(one));
	memset(&ab, 0, sizeof(ab));
	memset(&ba, 0, sizeof(ba));

	names[0] = "ccm.json";
	texts[0] = text;
	lens[0] = size;
	read_files(&one, 1, names, texts, lens);
	pool_free(one.pool);

	if ((cut = memchr(data, 0xff, size)) == NULL)
		return 0;
	names[0] = "ccm-primary-dataset.json";
	texts[0] = text;
	lens[0] = (size_t)(cut - data);
	names[1] = "ccm-mappings-fuzz.json";
	texts[1] = (const char *)cut + 1;
	lens[1] = size - lens[0] - 1;
	read_files(&ab, 2, names, texts, lens);
	/* The same files the other way round. */
	rnames[0] = names[1];
	rnames[1] = names[0];
	rtexts[0] = texts[1];
	rtexts[1] = texts[0];
	rlens[0] = lens[1];
	rlens[1] = lens[0];
	read_files(&ba, 2, rnames, rtexts, rlens);
	same_results(&ab, &ba);
	pool_free(ab.pool);
	pool_free(ba.pool);
	return 0;
}
