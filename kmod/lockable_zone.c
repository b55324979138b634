// SPDX-License-Identifier: GPL-2.0
/*
 * The lockable zone (lockable_zone.h): 2 MiB direct-map blocks carved into
 * kmalloc's power-of-two classes, locked read-only as a whole with one
 * set_memory_ro() per block.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "compat/set_memory.h"
#include "lockable_zone.h"
#include "protect.h"

/* Blocks come whole or not at all: no retry, no OOM killer, no warning. */
#define LZ_BLOCK_GFP	(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY)

struct lz_class {
	char *next;		/* bump pointer in the current block */
	char *end;		/* its end: next == end, a new block */
	void *free;		/* freed objects, linked through their first word */
};

struct lockable_zone {
	struct lz_class cls[LOCKABLE_ZONE_NR_CLASSES];
	struct pmb_range *blk;	/* every block: its address, 512 pages */
	unsigned int nr_blk;
	unsigned int cap_blk;
	unsigned int method;
	bool locked;
	/* A flip failed and its undo may have too: destroy unlocks every block. */
	bool uncertain;
	/* lockable_zone_prepare_flip() checked blk[0..checked) for the next flip. */
	unsigned int checked;
	unsigned long flushes;
};

/* Blocks held by every zone now, and leaked (left read-only) since load. */
static atomic_long_t lz_live = ATOMIC_LONG_INIT(0);
static atomic_long_t lz_leaked = ATOMIC_LONG_INIT(0);

unsigned long lockable_zone_leaked_blocks(void)
{
	return atomic_long_read(&lz_leaked);
}

/* Read-only parameters: what the tests look at for leaks. */
static int lz_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops lz_count_ops = {
	.get	= lz_param_get,
};
module_param_cb(lockable_zone_blocks, &lz_count_ops, &lz_live, 0444);
MODULE_PARM_DESC(lockable_zone_blocks,
		 "lockable-zone: 2 MiB blocks held now, leaked ones included (read-only; 0 when no job runs and none leaked)");
module_param_cb(lockable_zone_leaked, &lz_count_ops, &lz_leaked, 0444);
MODULE_PARM_DESC(lockable_zone_leaked,
		 "lockable-zone: blocks kept for ever because set_memory_rw() failed on them (read-only; never freed read-only)");

static unsigned int lz_class_of(size_t size)
{
	return max_t(unsigned int, order_base_2(size), LOCKABLE_ZONE_MIN_SHIFT) -
	       LOCKABLE_ZONE_MIN_SHIFT;
}

size_t lockable_zone_class_size(size_t size)
{
	if (!size || size > LOCKABLE_ZONE_SIZE_MAX)
		return 0;
	return 1UL << (lz_class_of(size) + LOCKABLE_ZONE_MIN_SHIFT);
}

struct lockable_zone *lockable_zone_create(unsigned int method)
{
	struct lockable_zone *z = kzalloc(sizeof(*z), GFP_KERNEL | __GFP_NOWARN);

	if (z)
		z->method = method;
	return z;
}

/* Room for one more block record; the array doubles (kmalloc'd, writable). */
static int lz_grow_blk(struct lockable_zone *z)
{
	unsigned int cap = z->cap_blk ? z->cap_blk * 2 : 8;
	struct pmb_range *b;

	if (z->nr_blk < z->cap_blk)
		return 0;
	b = krealloc_array(z->blk, cap, sizeof(*b), GFP_KERNEL | __GFP_NOWARN);
	if (!b)
		return -ENOMEM;
	z->blk = b;
	z->cap_blk = cap;
	return 0;
}

/*
 * A new 2 MiB block for class @c.  Its first page's private field holds
 * the class + 1 and its second page's the zone, so that free finds the
 * class from the address alone and knows the block is this zone's.
 */
static int lz_new_block(struct lockable_zone *z, struct lz_class *k,
			unsigned int c)
{
	struct page *page;
	char *addr;

	if (lz_grow_blk(z))
		return -ENOMEM;
	page = alloc_pages(LZ_BLOCK_GFP, LOCKABLE_ZONE_BLOCK_ORDER);
	if (!page)
		return -ENOMEM;
	/* A new block voids the mark of an earlier prepare. */
	z->checked = 0;
	set_page_private(page, c + 1);
	set_page_private(page + 1, (unsigned long)z);
	atomic_long_inc(&lz_live);
	addr = page_address(page);
	z->blk[z->nr_blk].addr = (unsigned long)addr;
	z->blk[z->nr_blk].pages = LOCKABLE_ZONE_BLOCK_PAGES;
	z->nr_blk++;
	k->next = addr;
	k->end = addr + LOCKABLE_ZONE_BLOCK_SIZE;
	return 0;
}

void *lockable_zone_alloc(struct lockable_zone *z, size_t size)
{
	struct lz_class *k;
	unsigned int c;
	void *p;

	if (unlikely(!size || size > LOCKABLE_ZONE_SIZE_MAX || z->locked ||
		     z->uncertain))
		return NULL;
	c = lz_class_of(size);
	k = &z->cls[c];
	p = k->free;
	if (p) {
		k->free = *(void **)p;
		return p;
	}
	if (unlikely(k->next == k->end) && lz_new_block(z, k, c))
		return NULL;
	p = k->next;
	k->next += 1UL << (c + LOCKABLE_ZONE_MIN_SHIFT);
	return p;
}

/* The block holding @p, or NULL when @p is none of this zone's. */
static struct page *lz_block_of(const struct lockable_zone *z, const void *p)
{
	unsigned long base = ALIGN_DOWN((unsigned long)p, LOCKABLE_ZONE_BLOCK_SIZE);
	struct page *page;

	if (!virt_addr_valid(p))
		return NULL;
	page = virt_to_page((void *)base);
	if (page_private(page + 1) != (unsigned long)z ||
	    !page_private(page) || page_private(page) > LOCKABLE_ZONE_NR_CLASSES)
		return NULL;
	return page;
}

int lockable_zone_free(struct lockable_zone *z, void *p)
{
	struct page *page;
	struct lz_class *k;
	unsigned int c;

	/* The free list is in the objects: a read-only one would fault. */
	if (z->locked || z->uncertain)
		return -EPERM;
	page = lz_block_of(z, p);
	if (!page)
		return -EINVAL;
	c = page_private(page) - 1;
	if (!IS_ALIGNED((unsigned long)p, 1UL << (c + LOCKABLE_ZONE_MIN_SHIFT)))
		return -EINVAL;
	k = &z->cls[c];
	*(void **)p = k->free;
	k->free = p;
	return 0;
}

int lockable_zone_prepare_flip(struct lockable_zone *z)
{
	int ret = pmb_check_direct_ranges(z->method, z->blk, z->nr_blk);

	z->checked = ret ? 0 : z->nr_blk;
	return ret;
}

static int lz_flip(struct lockable_zone *z, bool ro)
{
	bool checked = z->checked && z->checked == z->nr_blk;
	int ret;

	z->checked = 0;
	if (z->locked == ro || !z->nr_blk) {
		z->locked = ro;
		return 0;
	}
	if (!checked) {
		ret = pmb_check_direct_ranges(z->method, z->blk, z->nr_blk);
		if (ret)
			return ret;
	}
	ret = pmb_flip_direct_ranges(z->method, z->blk, z->nr_blk, ro,
				     &z->flushes);
	if (ret) {
		z->uncertain = true;
		return ret;
	}
	z->locked = ro;
	return z->nr_blk;
}

int lockable_zone_lock(struct lockable_zone *z)
{
	return lz_flip(z, true);
}

int lockable_zone_unlock(struct lockable_zone *z)
{
	return lz_flip(z, false);
}

/*
 * Writable again, block by block, where it may be read-only; a block whose
 * set_memory_rw() fails stays allocated for ever rather than go back to
 * the page allocator read-only.
 */
unsigned long lockable_zone_destroy(struct lockable_zone *z,
				    unsigned long *unlocked)
{
	pmb_set_memory_t rw = pmb_set_memory_fn(false);
	unsigned long flushes;
	bool maybe_ro;
	unsigned int i;

	*unlocked = 0;
	if (!z)
		return 0;
	maybe_ro = z->locked || z->uncertain;
	if (maybe_ro && z->checked != z->nr_blk &&
	    pmb_check_direct_ranges(z->method, z->blk, z->nr_blk)) {
		pr_err("lockable zone: %u blocks failed their check; leaked, not freed\n",
		       z->nr_blk);
		atomic_long_add(z->nr_blk, &lz_leaked);
		goto out;
	}
	for (i = 0; i < z->nr_blk; i++) {
		void *addr = (void *)z->blk[i].addr;
		struct page *page = virt_to_page(addr);

		if (maybe_ro) {
			int ret = rw ? rw(z->blk[i].addr, LOCKABLE_ZONE_BLOCK_PAGES) :
				       -EOPNOTSUPP;

			if (ret) {
				pr_err("lockable zone: set_memory_rw of a block failed (%d); leaked, not freed\n",
				       ret);
				atomic_long_inc(&lz_leaked);
				continue;
			}
			z->flushes++;
			(*unlocked)++;
		}
		set_page_private(page, 0);
		set_page_private(page + 1, 0);
		__free_pages(page, LOCKABLE_ZONE_BLOCK_ORDER);
		atomic_long_dec(&lz_live);
		if (!((i + 1) % 64))
			cond_resched();
	}
out:
	flushes = z->flushes;
	kfree(z->blk);
	kfree(z);
	return flushes;
}

void lockable_zone_stats(const struct lockable_zone *z,
			 struct lockable_zone_stats *st)
{
	st->blocks = z->nr_blk;
	st->pages = (unsigned long)z->nr_blk * LOCKABLE_ZONE_BLOCK_PAGES;
	st->metadata_bytes = ksize(z) + (z->blk ? ksize(z->blk) : 0);
	st->tlb_flushes = z->flushes;
	st->locked = z->locked;
}

int lockable_zone_verify(struct lockable_zone *z, bool expect_ro,
			 struct pmb_verify_report *rep)
{
	return pmb_verify_direct_ranges(z->blk, z->nr_blk, expect_ro, rep);
}
