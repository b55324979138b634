/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmalloc: protectable memory, as proposed by Igor Stoppa in 2018 and never
 * merged (v20 of the series: LKML Message-ID
 * <20180327015524.14318-1-igor.stoppa@huawei.com>; its discussion at LSFMM
 * 2018: https://lwn.net/Articles/753154/).  Pools of vmalloc'd chunks
 * managed by genalloc; the whole pool is write-protected at once through
 * the MMU.  The lifecycle the series documents:
 *   1 create  2 [prealloc]  3 alloc  4 init  (3-4 repeat)  5 protect
 *   6 use read-only  7 [destroy]
 * Locking is left to the user of the API, as in the original: calls on one
 * pool must not race.  Creating and destroying pools, and
 * pmalloc_object_lookup(), are serialised internally and may sleep.
 *
 * Choices this implementation makes (see pmalloc.c for why):
 * - size 0 returns ZERO_SIZE_PTR, like kmalloc; sizes above INT_MAX, and
 *   n * size overflows, return NULL;
 * - a protected pool refuses allocations (NULL; prealloc -EPERM): once
 *   protected it stays read-only until it is destroyed, as the series
 *   documents it; nothing in it is ever writable again;
 * - object sizes live in two bitmaps per chunk outside the chunk, so
 *   objects are packed exactly as genalloc places them (no header).
 */
#ifndef PMBENCH_PMALLOC_H
#define PMBENCH_PMALLOC_H

#include <linux/types.h>
#include <linux/list.h>

struct gen_pool;

struct pmalloc_pool_stats {
	unsigned long chunks;		/* vmalloc areas in the pool */
	unsigned long pages;		/* pages backing those chunks */
	unsigned long objects;		/* live allocations */
	size_t bytes_allocated;		/* live allocations (rounded to align) */
	size_t bytes_free;		/* free space left in the chunks (genalloc) */
	size_t metadata_bytes;		/* all the pool takes beyond its chunks' pages; see pmalloc.c */
	unsigned long vmap_areas;	/* chunks and genalloc's chunk headers, each an area */
	unsigned long vmalloc_pages;	/* pages of those areas: data and bookkeeping */
	u64 va_bytes;			/* their address space, guard pages included */
	unsigned long tlb_flushes;	/* flush rounds issued so far */
	bool protected;
};

struct pmalloc_pool;

/*
 * Step 1: @refill 0 means one page, else rounded up to pages; @align 0
 * means sizeof(void *), else a power of two up to PAGE_SIZE.  @method is an
 * available enum pmb_protect_method: how protect/destroy flip the pages.
 * NULL on bad arguments or no memory.
 */
struct pmalloc_pool *pmalloc_create_pool(const char *name, size_t refill,
					 size_t align, unsigned int method);
/*
 * Step 2: add one chunk of @size bytes (rounded up to pages) so that an
 * allocation of up to @size needs no vmalloc.  -EPERM once protected.
 */
int pmalloc_prealloc(struct pmalloc_pool *pool, size_t size);
/*
 * Module-internal, for callers that unwind on a signal (the job engine):
 * while current has a signal pending, refills of @pool give up before
 * each of their allocations (which may wait in reclaim), so the
 * allocation that needed one returns NULL.  Off by default.
 */
void pmalloc_set_interruptible(struct pmalloc_pool *pool, bool on);
/* Step 3.  A request larger than refill gets a chunk of its own size. */
void *pmalloc(struct pmalloc_pool *pool, size_t size);
void *pzalloc(struct pmalloc_pool *pool, size_t size);
void *pmalloc_array(struct pmalloc_pool *pool, size_t n, size_t size);
void *pcalloc(struct pmalloc_pool *pool, size_t n, size_t size);
char *pstrdup(struct pmalloc_pool *pool, const char *s);
/*
 * Before protection: the space is reused by later allocations.  After: the
 * accounting only, the content stays read-only.  NULL, ZERO_SIZE_PTR are
 * no-ops; an address that is not the start of a live object of @pool is
 * ignored (pr_warn), never passed on to genalloc, which would BUG().
 */
void pfree(struct pmalloc_pool *pool, const void *addr);
/*
 * Step 5: every chunk read-only at once: one pmb_set_ranges_ro() call, so
 * one TLB flush round with pte (one per chunk with cpa).  Protecting a
 * protected pool does nothing and returns 0.
 */
int pmalloc_protect_pool(struct pmalloc_pool *pool);
/*
 * Benchmark hook, not part of Stoppa's API, which on purpose has no way
 * back to writable but destroy (a way back for the owner would be one for
 * an attacker too): lets the unprotect workload time the reverse flip and
 * protect be repeated on one pool.  Allocation works again afterwards.
 */
int pmalloc_unprotect_pool(struct pmalloc_pool *pool);
/*
 * Benchmark hook for timed flips: check every chunk's range now
 * (-EINVAL: a bad one, nothing changed), so that the next
 * pmalloc_protect_pool(), pmalloc_unprotect_pool() or
 * pmalloc_destroy_pool() of @pool flips without checking them again and
 * its time is the flip alone.  Only for that next call, and only while
 * the pool has the chunks it had: a refill in between voids it, and the
 * call checks as it does without it.
 */
int pmalloc_prepare_flip(struct pmalloc_pool *pool);
/*
 * Step 7: writable again, every page returned.  If the pages cannot be made
 * writable again they are leaked, never freed read-only (pr_err says so).
 */
void pmalloc_destroy_pool(struct pmalloc_pool *pool);

void pmalloc_pool_stats(struct pmalloc_pool *pool,
			struct pmalloc_pool_stats *st);
/*
 * metadata_bytes one chunk of @size bytes (rounded up to pages) adds to a
 * pool of alignment @align (0: sizeof(void *)): for bounds ahead of time.
 */
size_t pmalloc_chunk_overhead(size_t size, size_t align);
/*
 * Hardened-usercopy style query: if @addr lies in a live allocation of a
 * live pool (interior pointers included), return true and set *@start and
 * *@size to that object (size rounded to the pool's alignment).
 */
bool pmalloc_object_lookup(const void *addr, const void **start,
			   size_t *size);
/*
 * Verify every page of every chunk against the pool's state (read-only
 * once protected, writable before), report the direct-map aliases, and
 * when protected run the fault drill on the first byte of every chunk.
 * 0 when all is as expected, -EIO otherwise (rep->msg says why).
 */
struct pmb_verify_report;
int pmalloc_verify_pool(struct pmalloc_pool *pool,
			struct pmb_verify_report *rep);

/* Module-wide: data pages of all live chunks of all pools. */
unsigned long pmalloc_live_chunk_pages(void);
/* Destroy every pool still alive (module unload). */
void pmalloc_exit(void);

#endif /* PMBENCH_PMALLOC_H */
