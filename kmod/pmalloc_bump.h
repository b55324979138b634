/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmalloc_bump: protectable memory as Igor Stoppa proposed it in v20-v22
 * of the pmalloc series (LKML, 27 Mar 2018,
 * <20180327015524.14318-1-igor.stoppa@huawei.com>, to 13 Apr 2018,
 * <20180413134131.4651-1-igor.stoppa@huawei.com>), which dropped genalloc:
 *
 * - a pool is a chain of vmalloc areas; objects are carved from the top of
 *   the newest area downwards (offset = round_down(offset - size, align)),
 *   with no metadata per object;
 * - there is no free: memory goes back only when the pool is destroyed;
 * - protect makes every area not yet read-only read-only; the pool can
 *   still grow: the next allocation opens a fresh writable area, so a pool
 *   holds protected and unprotected areas side by side;
 * - each pool has a refill size (the least an area gets) and an alignment.
 *
 * The upstream series tagged its areas with a VM_PMALLOC flag in their
 * vm_struct and found them again with find_vmap_area(); neither is open
 * to a module, so every pool keeps its own list of areas (an array in
 * creation order for protect, a tree by address for lookups) and the
 * module keeps a list of live pools.
 *
 * Locking: each pool has a mutex, taken by every call on it, as upstream
 * did for allocation; all calls may sleep.
 *
 * Handles: a pool is reference counted.  destroy returns every area and
 * leaves the pool dead (every later call on it fails: NULL, -EINVAL) and
 * drops the creator's reference; a holder of another reference
 * (pmalloc_bump_get()) can still call the API on the dead pool without a
 * use-after-free, and frees it with pmalloc_bump_put().  Every live pool
 * holds a reference on the module, so the module cannot be unloaded with
 * a pool alive.
 */
#ifndef PMBENCH_PMALLOC_BUMP_H
#define PMBENCH_PMALLOC_BUMP_H

#include <linux/limits.h>
#include <linux/types.h>

struct pmb_verify_report;
struct pmalloc_bump_pool;

/* Largest object, and largest refill: as kvmalloc. */
#define PMALLOC_BUMP_SIZE_MAX	((size_t)INT_MAX)

struct pmalloc_bump_stats {
	unsigned long areas;		/* vmalloc areas in the pool */
	unsigned long areas_ro;		/* ... of which read-only */
	unsigned long pages;		/* pages backing the areas */
	unsigned long objects;		/* allocations handed out */
	/*
	 * The bytes of the areas, split three ways (the three add up to
	 * pages * PAGE_SIZE): taken by objects (their alignment padding
	 * included), still free in the newest area while it is writable,
	 * and left behind at the bottom of areas no longer allocated from
	 * (full, or protected).
	 */
	size_t bytes_allocated;
	size_t bytes_free;
	size_t bytes_stranded;
	size_t metadata_bytes;		/* ours: pool, area records, range array */
	size_t vmalloc_meta_bytes;	/* vmalloc's per area (estimated) */
	unsigned long tlb_flushes;	/* flush rounds issued so far */
	bool dead;			/* destroyed */
};

/*
 * @refill: the least an area gets, 0 for one page, else rounded up to
 * pages (at most PMALLOC_BUMP_SIZE_MAX).  @align: 0 for
 * ARCH_KMALLOC_MINALIGN, else a power of two up to PAGE_SIZE.  @method:
 * an available enum pmb_protect_method.  NULL on a bad argument or no
 * memory.
 */
struct pmalloc_bump_pool *pmalloc_bump_create(size_t refill, size_t align,
					      unsigned int method);
/*
 * Module-internal, for callers that unwind on a signal (the job engine):
 * while current has a signal pending, refills give up before each of
 * their allocations, so the allocation that needed one returns NULL, and
 * a cpa protect or unprotect stops between batches of areas with -EINTR
 * (the areas read-only stay the oldest ones: the pool stays valid).
 */
void pmalloc_bump_set_interruptible(struct pmalloc_bump_pool *pool, bool on);
/*
 * @size bytes aligned to the pool's alignment, writable until the next
 * protect.  A request larger than the refill gets an area of its own
 * size (rounded to pages), which then serves the requests after it.
 * Size 0 gives ZERO_SIZE_PTR and takes nothing.  NULL for a NULL or dead
 * pool, a size above PMALLOC_BUMP_SIZE_MAX, or no memory.
 */
void *pmalloc_bump_alloc(struct pmalloc_bump_pool *pool, size_t size);
/*
 * Every area not yet read-only made read-only: one protection call over
 * all of them (pte: one TLB flush round; cpa: one per area).  The space
 * left in the newest area is given up.  0 when nothing was left to do;
 * -EINVAL for a NULL or dead pool.
 */
int pmalloc_bump_protect(struct pmalloc_bump_pool *pool);
/*
 * Benchmark hook, no part of Stoppa's API (whose only way back to
 * writable is destroy): every area writable again, so the reverse flip
 * can be timed and protect repeated on one pool; allocation resumes in
 * the newest area.
 */
int pmalloc_bump_unprotect(struct pmalloc_bump_pool *pool);
/*
 * Benchmark hook for timed flips: check every area's range now (-EINVAL:
 * a bad one or a NULL or dead pool, nothing changed), so that the next
 * pmalloc_bump_protect(), pmalloc_bump_unprotect() or
 * pmalloc_bump_destroy() of @pool flips without checking them again and
 * its time is the flip alone.  Only for that next call, and only while
 * the pool has the areas it had: an area added in between voids it, and
 * the call checks as it does without it.
 */
int pmalloc_bump_prepare_flip(struct pmalloc_bump_pool *pool);
/*
 * Every area made writable again where it is read-only (one call over
 * them), then vfree()d; the pool is left dead and the caller's
 * reference dropped: call once per pool.  Areas that cannot be made
 * writable again are leaked, never freed read-only (pr_err says so).
 */
void pmalloc_bump_destroy(struct pmalloc_bump_pool *pool);
/* Another reference to @pool, and its release. */
void pmalloc_bump_get(struct pmalloc_bump_pool *pool);
void pmalloc_bump_put(struct pmalloc_bump_pool *pool);

/* All zero (dead false) for NULL; dead and empty for a destroyed pool. */
void pmalloc_bump_stats(struct pmalloc_bump_pool *pool,
			struct pmalloc_bump_stats *st);

/*
 * Check every page of every area against the pool's state (the areas
 * protected so far read-only, the others writable), report the
 * direct-map aliases, and run the fault drill on the first byte of every
 * read-only area.  0 when all is as expected, -EIO otherwise (rep->msg
 * says why), -EINVAL for a NULL or dead pool.
 */
int pmalloc_bump_verify(struct pmalloc_bump_pool *pool,
			struct pmb_verify_report *rep);

/*
 * Hardened-usercopy style query, with no metadata per object: where does
 * [@ptr, @ptr + @n) lie?  The allocated part of an area is everything
 * from its lowest object to its top.
 */
enum pmalloc_bump_span {
	PMALLOC_BUMP_NOT_POOL = 0,	/* @ptr is in no area of a live pool */
	PMALLOC_BUMP_SPAN_OK,		/* all of it in one area's allocated part */
	PMALLOC_BUMP_SPAN_BAD,		/* starts in an area, but not all in use */
};
/* @ro, when not NULL, tells whether the area is read-only (not NOT_POOL). */
enum pmalloc_bump_span pmalloc_bump_check_object(const void *ptr, size_t n,
						 bool *ro);

/*
 * Upper bound of the bookkeeping one area of @bytes costs: our record of
 * it, its slot in the range array (twice: the array grows by doubling)
 * and vmalloc's own (vm_struct, vmap_area, page array; estimated).
 */
size_t pmalloc_bump_area_overhead(size_t bytes);

/* Module-wide: pages of all live areas of all pools. */
unsigned long pmalloc_bump_live_pages(void);

#endif /* PMBENCH_PMALLOC_BUMP_H */
