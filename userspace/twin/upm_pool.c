// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "upm_pool.h"

#ifndef __NR_mseal
#define __NR_mseal	462	/* x86-64, Linux 6.10 */
#endif

#define UPM_DEFAULT_ALIGN	16
#define BITS_PER_WORD		(CHAR_BIT * sizeof(unsigned long))

struct upm_chunk {
	struct upm_chunk *next;		/* older chunk (bump) / next in list */
	char *start;
	size_t len;			/* bytes mapped */
	size_t offset;			/* bump: the free part is [start, start + offset) */
	size_t units, avail;		/* genalloc: allocation units, free units */
	unsigned long *used;		/* genalloc: one bit per unit in use */
	unsigned long *begin;		/* genalloc: one bit per allocation's first unit */
	bool ro, sealed;
};

struct upm_pool {
	enum upm_kind kind;
	size_t refill, align;
	unsigned int flags;
	struct upm_chunk *head;		/* bump: newest first; genalloc: oldest first */
	struct upm_chunk *tail;
	bool protected;
	size_t nr_chunks, chunk_bytes, used_bytes, metadata_bytes;
	size_t protected_chunks, sealed_chunks;
};

static size_t sealed_leaked;

static size_t page_size(void)
{
	static size_t ps;

	if (!ps)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

static size_t round_up(size_t x, size_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static size_t round_down(size_t x, size_t a)
{
	return x & ~(a - 1);
}

static int sys_mseal(void *addr, size_t len, unsigned long flags)
{
	return (int)syscall(__NR_mseal, addr, len, flags);
}

int upm_mseal(void *addr, size_t len)
{
	return sys_mseal(addr, len, 0) ? -errno : 0;
}

bool upm_seal_supported(const char **why)
{
	static int state;	/* 0 unknown, 1 yes, -1 no */
	static const char *reason;

	if (!state) {
		/*
		 * Invalid flags: EINVAL where mseal exists, and nothing is
		 * sealed.  Any other answer is no: ENOSYS (not in this
		 * kernel), EPERM (a seccomp filter), or a success that should
		 * not be.
		 */
		errno = 0;
		if (sys_mseal(NULL, page_size(), ~0ul) != 0 && errno == EINVAL) {
			state = 1;
		} else {
			state = -1;
			reason = errno == ENOSYS ?
				 "mseal() not in this kernel (ENOSYS; Linux 6.10+ has it)" :
				 errno == EPERM || errno == EACCES ?
				 "mseal() refused here (EPERM: a seccomp filter?)" :
				 "mseal() did not answer a probe with invalid flags as it should (EINVAL)";
		}
	}
	if (state < 0 && why)
		*why = reason;
	return state > 0;
}

size_t upm_sealed_leaked_bytes(void)
{
	return sealed_leaked;
}

static bool is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

struct upm_pool *upm_create_pool(enum upm_kind kind, size_t refill,
				 size_t align, unsigned int flags)
{
	struct upm_pool *pool;

	if (!align)
		align = UPM_DEFAULT_ALIGN;
	if ((kind != UPM_GENALLOC && kind != UPM_BUMP) || !is_pow2(align) ||
	    align > page_size() || (flags & ~UPM_SEAL) || refill > (SIZE_MAX >> 2)) {
		errno = EINVAL;
		return NULL;
	}
	if ((flags & UPM_SEAL) && !upm_seal_supported(NULL)) {
		errno = ENOSYS;
		return NULL;
	}
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	pool->kind = kind;
	pool->refill = round_up(refill ? refill : page_size(), page_size());
	pool->align = align;
	pool->flags = flags;
	pool->metadata_bytes = malloc_usable_size(pool);
	return pool;
}

static void chunk_free_meta(struct upm_pool *pool, struct upm_chunk *c)
{
	pool->metadata_bytes -= malloc_usable_size(c->used) +
				malloc_usable_size(c->begin) + malloc_usable_size(c);
	free(c->used);
	free(c->begin);
	free(c);
}

/* A new writable chunk of at least @size bytes, linked into the pool. */
static struct upm_chunk *add_chunk(struct upm_pool *pool, size_t size)
{
	size_t len = size > pool->refill ? round_up(size, page_size()) : pool->refill;
	struct upm_chunk *c = calloc(1, sizeof(*c));
	void *p;

	if (!c)
		return NULL;
	if (pool->kind == UPM_GENALLOC) {
		size_t words;

		c->units = len / pool->align;
		words = (c->units + BITS_PER_WORD - 1) / BITS_PER_WORD;
		c->used = calloc(words, sizeof(unsigned long));
		c->begin = calloc(words, sizeof(unsigned long));
		c->avail = c->units;
		if (!c->used || !c->begin)
			goto fail;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		goto fail;
	c->start = p;
	c->len = len;
	c->offset = len;
	pool->metadata_bytes += malloc_usable_size(c->used) +
				malloc_usable_size(c->begin) + malloc_usable_size(c);
	if (pool->kind == UPM_BUMP || !pool->head) {
		/* bump: the newest chunk first, it is the one carved */
		c->next = pool->head;
		pool->head = c;
		if (!pool->tail)
			pool->tail = c;
	} else {
		/* genalloc: appended, searched oldest first */
		pool->tail->next = c;
		pool->tail = c;
	}
	pool->nr_chunks++;
	pool->chunk_bytes += len;
	return c;
fail:
	free(c->used);
	free(c->begin);
	free(c);
	errno = ENOMEM;
	return NULL;
}

int upm_prealloc(struct upm_pool *pool, size_t size)
{
	if (!size)
		return -EINVAL;
	if (pool->kind == UPM_GENALLOC && pool->protected)
		return -EPERM;
	return add_chunk(pool, size) ? 0 : -ENOMEM;
}

static bool test_bit(const unsigned long *map, size_t i)
{
	return map[i / BITS_PER_WORD] & (1ul << (i % BITS_PER_WORD));
}

static void set_bit(unsigned long *map, size_t i)
{
	map[i / BITS_PER_WORD] |= 1ul << (i % BITS_PER_WORD);
}

static void clear_bit(unsigned long *map, size_t i)
{
	map[i / BITS_PER_WORD] &= ~(1ul << (i % BITS_PER_WORD));
}

/* First fit: the first run of @n free units, or (size_t)-1. */
static size_t find_run(const struct upm_chunk *c, size_t n)
{
	size_t i = 0, j;

	while (i + n <= c->units) {
		if (!(i % BITS_PER_WORD) && c->used[i / BITS_PER_WORD] == ~0ul) {
			i += BITS_PER_WORD;	/* a full word: skip it whole */
			continue;
		}
		if (test_bit(c->used, i)) {
			i++;
			continue;
		}
		for (j = 1; j < n && !test_bit(c->used, i + j); j++)
			;
		if (j == n)
			return i;
		i += j + 1;
	}
	return (size_t)-1;
}

static void *genalloc_carve(struct upm_pool *pool, struct upm_chunk *c, size_t n)
{
	size_t i = find_run(c, n), k;

	if (i == (size_t)-1)
		return NULL;
	for (k = 0; k < n; k++)
		set_bit(c->used, i + k);
	set_bit(c->begin, i);
	c->avail -= n;
	pool->used_bytes += n * pool->align;
	return c->start + i * pool->align;
}

static void *genalloc_alloc(struct upm_pool *pool, size_t size)
{
	size_t n = round_up(size, pool->align) / pool->align;
	struct upm_chunk *c;
	void *p;

	if (pool->protected) {
		errno = EPERM;
		return NULL;
	}
	for (c = pool->head; c; c = c->next)
		if (c->avail >= n && (p = genalloc_carve(pool, c, n)))
			return p;
	c = add_chunk(pool, n * pool->align);
	return c ? genalloc_carve(pool, c, n) : NULL;
}

static void *bump_alloc(struct upm_pool *pool, size_t size)
{
	struct upm_chunk *c = pool->head;
	size_t offset;

	/* A protected chunk is never written again: growth opens a new one. */
	if (!c || c->ro || c->offset < size ||
	    round_down(c->offset - size, pool->align) > c->offset) {
		c = add_chunk(pool, round_up(size, pool->align));
		if (!c)
			return NULL;
	}
	offset = round_down(c->offset - size, pool->align);
	pool->used_bytes += c->offset - offset;
	c->offset = offset;
	return c->start + offset;
}

void *upm_alloc(struct upm_pool *pool, size_t size)
{
	if (!size || size > (SIZE_MAX >> 2)) {
		errno = EINVAL;
		return NULL;
	}
	return pool->kind == UPM_GENALLOC ? genalloc_alloc(pool, size) :
					    bump_alloc(pool, size);
}

static struct upm_chunk *chunk_of(const struct upm_pool *pool, const void *p)
{
	const char *a = p;
	struct upm_chunk *c;

	for (c = pool->head; c; c = c->next)
		if (a >= c->start && a < c->start + c->len)
			return c;
	return NULL;
}

int upm_free(struct upm_pool *pool, void *obj)
{
	struct upm_chunk *c;
	size_t off, i, k;

	if (pool->kind != UPM_GENALLOC)
		return -EOPNOTSUPP;
	if (pool->protected)
		return -EPERM;
	c = chunk_of(pool, obj);
	if (!c)
		return -EINVAL;
	off = (size_t)((char *)obj - c->start);
	i = off / pool->align;
	if (off % pool->align || !test_bit(c->begin, i))
		return -EINVAL;
	clear_bit(c->begin, i);
	k = i;
	do {
		clear_bit(c->used, k);
		k++;
	} while (k < c->units && test_bit(c->used, k) && !test_bit(c->begin, k));
	c->avail += k - i;
	pool->used_bytes -= (k - i) * pool->align;
	return 0;
}

int upm_protect_pool(struct upm_pool *pool, size_t *flips)
{
	struct upm_chunk *c;
	size_t n = 0;
	int ret = 0;

	for (c = pool->head; c && !ret; c = c->next) {
		if (c->ro)
			continue;
		n++;
		if (mprotect(c->start, c->len, PROT_READ)) {
			ret = -errno;
			break;
		}
		c->ro = true;
		pool->protected_chunks++;
		if (pool->flags & UPM_SEAL) {
			if (sys_mseal(c->start, c->len, 0)) {
				ret = -errno;
				break;
			}
			c->sealed = true;
			pool->sealed_chunks++;
		}
	}
	if (!ret)
		pool->protected = true;
	if (flips)
		*flips = n;
	return ret;
}

int upm_unprotect_pool(struct upm_pool *pool, size_t *flips)
{
	struct upm_chunk *c;
	size_t n = 0;

	if (pool->sealed_chunks) {
		if (flips)
			*flips = 0;
		return -EPERM;
	}
	for (c = pool->head; c; c = c->next) {
		if (!c->ro)
			continue;
		n++;
		if (mprotect(c->start, c->len, PROT_READ | PROT_WRITE)) {
			if (flips)
				*flips = n;
			return -errno;
		}
		c->ro = false;
		pool->protected_chunks--;
	}
	pool->protected = false;
	if (flips)
		*flips = n;
	return 0;
}

int upm_destroy_pool(struct upm_pool *pool)
{
	struct upm_chunk *c, *next;
	int ret = 0;

	if (!pool)
		return 0;
	for (c = pool->head; c; c = next) {
		next = c->next;
		if (munmap(c->start, c->len)) {
			/* sealed: the mapping outlives the pool, until exit */
			ret = -errno;
			sealed_leaked += c->len;
		}
		chunk_free_meta(pool, c);
	}
	free(pool);
	return ret;
}

bool upm_pool_contains(const struct upm_pool *pool, const void *p)
{
	return chunk_of(pool, p) != NULL;
}

bool upm_pool_protected(const struct upm_pool *pool)
{
	/* every chunk: a bump pool that grew after protect is not, until protected again */
	return pool->protected && pool->protected_chunks == pool->nr_chunks;
}

void upm_pool_stats(const struct upm_pool *pool, struct upm_stats *st)
{
	st->chunks = pool->nr_chunks;
	st->chunk_bytes = pool->chunk_bytes;
	st->used_bytes = pool->used_bytes;
	st->metadata_bytes = pool->metadata_bytes;
	st->protected_chunks = pool->protected_chunks;
	st->sealed_chunks = pool->sealed_chunks;
}

void upm_for_each_chunk(const struct upm_pool *pool,
			void (*fn)(void *start, size_t len, void *arg), void *arg)
{
	const struct upm_chunk *c;

	for (c = pool->head; c; c = c->next)
		fn(c->start, c->len, arg);
}

void upm_child_expects_fault(void)
{
	const struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGSEGV, SIG_DFL);
}
