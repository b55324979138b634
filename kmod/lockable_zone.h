/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A lockable zone: Igor Stoppa's RFC "post-init-read-only protection for
 * data allocated dynamically" (linux-mm, 3 May 2017).  Callers keep calling
 * kmalloc() with another GFP flag, the memory comes from a dedicated zone,
 * and the zone is made read-only as a whole once its users are
 * initialised.  This models the zone the way the 2017 and 2018 threads
 * discussed it on x86: physically contiguous 2 MiB blocks, aligned, so
 * that each is one PMD of the direct map, protected there in one step
 * (set_memory_ro() of 512 pages per block), with no mapping of its own.
 *
 * - Blocks: order-9 alloc_pages() (GFP_KERNEL | __GFP_NOWARN |
 *   __GFP_NORETRY: a block that is not there is NULL at once, never the
 *   OOM killer), naturally 2 MiB aligned physically and so in the direct
 *   map.  A block serves one size class.
 * - Size classes: kmalloc's powers of two, 8 B to 4 KiB
 *   (LOCKABLE_ZONE_SIZE_MAX).  A class carves its current block with a
 *   bump pointer and takes a new block when it is full.  An object never
 *   crosses a page (each class is aligned to its size), so hardened
 *   usercopy's check of a direct-map page passes as for kmalloc.
 * - Free: into the class's free list, linked through the freed objects'
 *   first word (as SLUB does), so it costs no memory of its own; an
 *   allocation takes from the free list first.  The zone must be writable:
 *   lockable_zone_free() of a locked zone writes nothing and says -EPERM.
 * - Lock and unlock: one set_memory_ro()/set_memory_rw() per block (cpa
 *   only, pmb_flip_direct_ranges()).  Unlock is the benchmark's hook (the
 *   RFC locks once); destroy unlocks before it frees, so a read-only page
 *   never goes back to the page allocator: a block whose unlock fails is
 *   leaked, with a message, never freed.
 * - After the lock nothing is allocated (NULL): the zone is locked once,
 *   post-init, and a block opened after it would be writable memory the
 *   caller believes locked.
 * - Bookkeeping (this struct, the block array) is kmalloc'd, outside the
 *   blocks, and stays writable.
 *
 * Not locked inside: one job, one thread owns a zone.
 */
#ifndef PMBENCH_LOCKABLE_ZONE_H
#define PMBENCH_LOCKABLE_ZONE_H

#include <linux/types.h>
#include <asm/pgtable_types.h>

struct lockable_zone;
struct pmb_verify_report;

#define LOCKABLE_ZONE_BLOCK_ORDER	(PMD_SHIFT - PAGE_SHIFT)
#define LOCKABLE_ZONE_BLOCK_PAGES	(1UL << LOCKABLE_ZONE_BLOCK_ORDER)
#define LOCKABLE_ZONE_BLOCK_SIZE	(LOCKABLE_ZONE_BLOCK_PAGES << PAGE_SHIFT)
#define LOCKABLE_ZONE_MIN_SHIFT		3	/* 8 B, kmalloc's smallest */
#define LOCKABLE_ZONE_MAX_SHIFT		PAGE_SHIFT
#define LOCKABLE_ZONE_NR_CLASSES	\
	(LOCKABLE_ZONE_MAX_SHIFT - LOCKABLE_ZONE_MIN_SHIFT + 1)
#define LOCKABLE_ZONE_SIZE_MAX		(1UL << LOCKABLE_ZONE_MAX_SHIFT)

struct lockable_zone_stats {
	unsigned long blocks;		/* 2 MiB blocks held */
	unsigned long pages;		/* blocks x 512 */
	size_t metadata_bytes;		/* ksize() of the zone and its block array */
	unsigned long tlb_flushes;	/* flush rounds of every lock and unlock */
	bool locked;
};

/* An empty writable zone protected with @method (only cpa flips); NULL: no memory. */
struct lockable_zone *lockable_zone_create(unsigned int method);
/* The class size an object of @size takes; 0 when too big or 0. */
size_t lockable_zone_class_size(size_t size);
/*
 * An object of @size bytes (uninitialised), or NULL: size 0 or above
 * LOCKABLE_ZONE_SIZE_MAX, the zone locked, or no block to be had.
 */
void *lockable_zone_alloc(struct lockable_zone *z, size_t size);
/*
 * Back into its class's free list; -EPERM on a locked zone (nothing
 * written), -EINVAL for a pointer that is not an object of this zone's.
 */
int lockable_zone_free(struct lockable_zone *z, void *p);
/*
 * Every block read-only, or writable again: one set_memory_ro/rw() per
 * block.  Returns the blocks flipped (0 when already so), or -errno: on
 * failure the blocks are as before (pmb_flip_ranges() undoes; where the
 * undo fails too, the zone takes no more allocations or frees and its
 * destroy unlocks every block).
 */
int lockable_zone_lock(struct lockable_zone *z);
int lockable_zone_unlock(struct lockable_zone *z);
/*
 * The range checks of the next lock, unlock or destroy, done now (for a
 * timed flip); -EINVAL refuses a bad block before anything changes.
 */
int lockable_zone_prepare_flip(struct lockable_zone *z);
/*
 * Writable again where locked, then every block back to the page
 * allocator; NULL is fine.  Returns the flush rounds the zone issued in
 * its life, this unlock included; *@unlocked: the blocks this unlock made
 * writable (set_memory_rw() calls that succeeded).
 */
unsigned long lockable_zone_destroy(struct lockable_zone *z,
				    unsigned long *unlocked);
void lockable_zone_stats(const struct lockable_zone *z,
			 struct lockable_zone_stats *st);
/*
 * Every page of every block in the direct map: present, read-only iff
 * @expect_ro (pmb_verify_direct_ranges()); 0 or -EIO (rep->msg).
 */
int lockable_zone_verify(struct lockable_zone *z, bool expect_ro,
			 struct pmb_verify_report *rep);
/* Blocks leaked since load because their unlock failed (never freed read-only). */
unsigned long lockable_zone_leaked_blocks(void);

#endif /* PMBENCH_LOCKABLE_ZONE_H */
