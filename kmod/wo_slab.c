// SPDX-License-Identifier: GPL-2.0
/*
 * The write-once slab (wo_slab.h): read-only slabs of page-allocator pages,
 * their free lists out of line, objects written only through a window.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/xarray.h>
#include <asm/pgtable.h>

#include "compat/set_memory.h"
#include "memguard.h"
#include "protect.h"
#include "wo_slab.h"

/* Slots per slab at most: 4 KiB of 8-byte objects. */
#define WO_SLAB_PER_MAX		(PAGE_SIZE / ARCH_KMALLOC_MINALIGN)
/* Pages one window maps or flips at most: a slab of WO_SLAB_SIZE_MAX. */
#define WO_SLAB_PAGES_MAX	(WO_SLAB_SIZE_MAX >> PAGE_SHIFT)

/*
 * Pages every cache holds now, read-only pages kept at a failed destroy
 * included: 0 once every job is over, which the VM tests read (direct-map
 * pages show in no /proc file by owner).
 */
static atomic_long_t wo_slab_live_pages = ATOMIC_LONG_INIT(0);

static int wo_slab_live_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&wo_slab_live_pages));
}

static const struct kernel_param_ops wo_slab_live_ops = {
	.get	= wo_slab_live_get,
};
module_param_cb(wo_slab_live_pages, &wo_slab_live_ops, NULL, 0444);
MODULE_PARM_DESC(wo_slab_live_pages,
		 "wo-slab: pages the write-once slab caches hold now (read-only; 0 when no job runs)");

struct wo_slab_cache {
	size_t size;			/* bytes per object */
	size_t unit;			/* bytes per slot */
	unsigned int order;		/* slab = 1 << order pages */
	unsigned int per;		/* slots per slab */
	enum wo_slab_window window;
	struct list_head partial;	/* slabs with a free slot */
	struct list_head full;
	/* Every slab by its first pfn >> order (buddy blocks are aligned). */
	struct xarray by_pfn;
	unsigned long slabs;
	unsigned long objects;
	unsigned long meta_bytes;	/* ksize() of the descriptors */
	unsigned long flips;
	unsigned long tlb_flushes;
	unsigned long windows;
	unsigned long leaked_pages;
};

/* A slab's descriptor: beside its pages, never in them. */
struct wo_slab {
	struct list_head list;
	struct wo_slab_cache *cache;
	struct page *page;
	void *addr;			/* page_address(page) */
	unsigned int used;
	unsigned int hint;		/* first slot that may be free */
	unsigned long map[];		/* bit set: slot allocated */
};

size_t wo_slab_obj_bytes(size_t size)
{
	size_t unit = ALIGN(max_t(size_t, size, 1), ARCH_KMALLOC_MINALIGN);
	size_t desc = sizeof(struct wo_slab) +
		      BITS_TO_LONGS(WO_SLAB_PER_MAX) * sizeof(long);

	if (unit > PAGE_SIZE)
		return (PAGE_SIZE << get_order(unit)) + desc;
	/* A page of PAGE_SIZE / unit slots and its descriptor (kmalloc-128 at most). */
	return DIV_ROUND_UP(PAGE_SIZE + roundup_pow_of_two(desc),
			    PAGE_SIZE / unit);
}

struct wo_slab_cache *wo_slab_create(size_t size, enum wo_slab_window window)
{
	struct wo_slab_cache *c;

	if (!size || size > WO_SLAB_SIZE_MAX || !pmb_set_memory_available())
		return NULL;
	c = kzalloc(sizeof(*c), PMB_JOB_GFP);
	if (!c)
		return NULL;
	c->size = size;
	c->unit = ALIGN(size, ARCH_KMALLOC_MINALIGN);
	if (c->unit > PAGE_SIZE) {
		c->order = get_order(c->unit);
		c->per = 1;
	} else {
		c->per = PAGE_SIZE / c->unit;
	}
	c->window = window;
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	xa_init(&c->by_pfn);
	c->meta_bytes = ksize(c);
	return c;
}

static int wo_slab_set(struct wo_slab_cache *c, void *addr, unsigned int pages,
		       bool ro)
{
	pmb_set_memory_t fn = pmb_set_memory_fn(ro);
	int ret;

	if (unlikely(!fn))
		return -EOPNOTSUPP;
	ret = fn((unsigned long)addr, pages);
	if (!ret) {
		c->flips++;
		c->tlb_flushes++;
	}
	return ret;
}

static unsigned long wo_slab_key(const struct wo_slab_cache *c,
				 const struct page *page)
{
	return page_to_pfn(page) >> c->order;
}

/* The descriptor and its pages back; the pages must be writable. */
static void wo_slab_release(struct wo_slab *s)
{
	xa_erase(&s->cache->by_pfn, wo_slab_key(s->cache, s->page));
	__free_pages(s->page, s->cache->order);
	atomic_long_sub(1L << s->cache->order, &wo_slab_live_pages);
	s->cache->meta_bytes -= ksize(s);
	kfree(s);
}

/* Writable again, then freed; a page that stays read-only is kept. */
static void wo_slab_drop(struct wo_slab *s)
{
	struct wo_slab_cache *c = s->cache;
	int ret;

	list_del(&s->list);
	c->slabs--;
	ret = wo_slab_set(c, s->addr, 1U << c->order, false);
	if (ret) {
		pr_err("wo-slab: set_memory_rw failed (%d): %u read-only page(s) kept, never freed\n",
		       ret, 1U << c->order);
		c->leaked_pages += 1UL << c->order;
		xa_erase(&c->by_pfn, wo_slab_key(c, s->page));
		c->meta_bytes -= ksize(s);
		kfree(s);
		return;
	}
	wo_slab_release(s);
}

/* A new slab, zeroed, read-only; NULL on no memory or a failed flip. */
static struct wo_slab *wo_slab_new(struct wo_slab_cache *c)
{
	struct wo_slab *s;
	int ret;

	s = kzalloc(struct_size(s, map, BITS_TO_LONGS(c->per)), PMB_JOB_GFP);
	if (!s)
		return NULL;
	s->page = alloc_pages(PMB_JOB_GFP | __GFP_ZERO, c->order);
	if (!s->page) {
		kfree(s);
		return NULL;
	}
	atomic_long_add(1L << c->order, &wo_slab_live_pages);
	s->cache = c;
	s->addr = page_address(s->page);
	c->meta_bytes += ksize(s);
	if (xa_err(xa_store(&c->by_pfn, wo_slab_key(c, s->page), s,
			    PMB_JOB_GFP))) {
		wo_slab_release(s);
		return NULL;
	}
	ret = wo_slab_set(c, s->addr, 1U << c->order, true);
	if (ret) {
		pr_err_ratelimited("wo-slab: set_memory_ro of a new slab failed: %d\n",
				   ret);
		/* Part of it may be read-only: writable again before it goes. */
		c->slabs++;
		list_add(&s->list, &c->partial);
		wo_slab_drop(s);
		return NULL;
	}
	c->slabs++;
	list_add(&s->list, &c->partial);
	return s;
}

/*
 * The slab of @c holding @p, if any, and the slot @p falls in: the page's
 * pfn looked up among the cache's own slabs, so an address that is none
 * of ours is never read through.
 */
static struct wo_slab *wo_slab_holding(struct wo_slab_cache *c, const void *p,
				       unsigned int *slot)
{
	struct wo_slab *s;
	unsigned long off;

	if (!c || !p || !virt_addr_valid(p))
		return NULL;
	s = xa_load(&c->by_pfn, wo_slab_key(c, virt_to_page(p)));
	if (!s)
		return NULL;
	off = (unsigned long)p - (unsigned long)s->addr;
	if (off >= (size_t)c->per * c->unit)
		return NULL;
	*slot = off / c->unit;
	return s;
}

/* The slab of an allocated object starting at @p. */
static struct wo_slab *wo_slab_find(struct wo_slab_cache *c, const void *p,
				    unsigned int *slot)
{
	struct wo_slab *s = wo_slab_holding(c, p, slot);

	if (!s || (unsigned long)p != (unsigned long)s->addr + *slot * c->unit)
		return NULL;
	return test_bit(*slot, s->map) ? s : NULL;
}

/* The pages of an object, for an alias of them. */
static unsigned int wo_slab_pages(struct wo_slab_cache *c, void *obj,
				  struct page **pages)
{
	unsigned long first = (unsigned long)obj & PAGE_MASK;
	unsigned int i, n = DIV_ROUND_UP((unsigned long)obj + c->size - first,
					 PAGE_SIZE);

	for (i = 0; i < n; i++)
		pages[i] = virt_to_page((void *)(first + i * PAGE_SIZE));
	return n;
}

/*
 * Run @init(@len bytes at @at) in the object @obj through a writable
 * alias of the object's pages; their own mapping stays read-only.  The
 * page array is on the stack for a page-sized object, allocated for a
 * larger one.
 */
static int wo_slab_through_alias(struct wo_slab_cache *c, void *obj,
				 size_t at, wo_slab_init_t init,
				 const void *data, size_t len, void **alias)
{
	struct page *one[2], **pages = one;
	unsigned int n;
	void *map;
	int ret = 0;

	if (c->size > PAGE_SIZE) {
		pages = kmalloc_array(WO_SLAB_PAGES_MAX, sizeof(*pages),
				      PMB_JOB_GFP);
		if (!pages)
			return -ENOMEM;
	}
	n = wo_slab_pages(c, obj, pages);
	map = pmb_alias_map(pages, n);
	if (!map) {
		ret = -ENOMEM;
		goto out;
	}
	init(map + offset_in_page(obj) + at, data, len);
	pmb_alias_unmap(map);
	c->tlb_flushes++;
	if (alias)
		*alias = map + offset_in_page(obj) + at;
out:
	if (pages != one)
		kfree(pages);
	return ret;
}

/* The window around @init on @obj, the cache's way. */
static int wo_slab_window(struct wo_slab_cache *c, void *obj,
			  wo_slab_init_t init, const void *data)
{
	void *first = (void *)((unsigned long)obj & PAGE_MASK);
	unsigned int n = DIV_ROUND_UP((unsigned long)obj + c->size -
				      (unsigned long)first, PAGE_SIZE);
	int ret;

	c->windows++;
	if (c->window == WO_SLAB_ALIAS)
		return wo_slab_through_alias(c, obj, 0, init, data, c->size,
					     NULL);
	ret = wo_slab_set(c, first, n, false);
	if (ret)
		return ret;
	init(obj, data, c->size);
	ret = wo_slab_set(c, first, n, true);
	if (unlikely(ret)) {
		/*
		 * The page stays writable; destroy frees it as such.  Say
		 * so: verify will find it.
		 */
		pr_err_ratelimited("wo-slab: set_memory_ro after init failed: %d; the page stays writable\n",
				   ret);
	}
	return ret;
}

void *wo_slab_init_once(struct wo_slab_cache *c, wo_slab_init_t init,
			const void *data)
{
	struct wo_slab *s;
	unsigned int slot;
	void *obj;

	s = list_first_entry_or_null(&c->partial, struct wo_slab, list);
	if (!s) {
		/* A new slab may sit in reclaim: not with a signal pending. */
		if (signal_pending(current))
			return NULL;
		s = wo_slab_new(c);
		if (!s)
			return NULL;
	}
	slot = find_next_zero_bit(s->map, c->per, s->hint);
	if (unlikely(slot >= c->per))	/* a partial slab always has one */
		return NULL;
	obj = s->addr + (size_t)slot * c->unit;
	if (wo_slab_window(c, obj, init, data))
		return NULL;	/* the slot stays free */
	__set_bit(slot, s->map);
	s->hint = slot + 1;
	if (++s->used == c->per)
		list_move(&s->list, &c->full);
	c->objects++;
	return obj;
}

int wo_slab_free(struct wo_slab_cache *c, void *obj)
{
	struct wo_slab *s;
	unsigned int slot;

	s = wo_slab_find(c, obj, &slot);
	if (!s) {
		pr_notice_ratelimited("wo-slab: free of %px refused: not an allocated object of this cache\n",
				      obj);
		return -EINVAL;
	}
	__clear_bit(slot, s->map);
	if (s->used-- == c->per)
		list_move(&s->list, &c->partial);
	s->hint = min(s->hint, slot);
	c->objects--;
	return 0;
}

int wo_slab_reinit_timed(struct wo_slab_cache *c, void *obj,
			 wo_slab_init_t init, const void *data, u64 *ns)
{
	unsigned int slot;
	u64 t0;
	int ret;

	if (!wo_slab_find(c, obj, &slot))
		return -EINVAL;
	t0 = ktime_get_ns();
	ret = wo_slab_window(c, obj, init, data);
	*ns = ktime_get_ns() - t0;
	return ret;
}

static void wo_slab_copy(void *obj, const void *src, size_t len)
{
	memcpy(obj, src, len);
}

bool wo_slab_owns(struct wo_slab_cache *c, const void *p, size_t len)
{
	struct wo_slab *s;
	unsigned int slot;
	size_t at;

	s = wo_slab_holding(c, p, &slot);
	if (!s || !test_bit(slot, s->map))
		return false;
	at = (unsigned long)p - (unsigned long)s->addr - (size_t)slot * c->unit;
	return len && at < c->size && len <= c->size - at;
}

int wo_slab_write_alias(struct wo_slab_cache *c, void *dst, const void *src,
			size_t len, void **alias)
{
	struct wo_slab *s;
	unsigned int slot;
	void *obj;

	if (!len)
		return 0;
	if (!wo_slab_owns(c, dst, len))
		return -EINVAL;
	s = wo_slab_holding(c, dst, &slot);
	obj = s->addr + (size_t)slot * c->unit;
	return wo_slab_through_alias(c, obj, dst - obj, wo_slab_copy, src, len,
				     alias);
}

static void wo_slab_verify_one(struct wo_slab *s, struct pmb_verify_report *rep)
{
	unsigned int i, n = 1U << s->cache->order, level;
	unsigned long a;
	pte_t *ptep;

	for (i = 0; i < n; i++) {
		a = (unsigned long)s->addr + i * PAGE_SIZE;
		ptep = lookup_address(a, &level);
		rep->pages_checked++;
		if (!ptep || !pte_present(*ptep)) {
			if (!rep->msg[0])
				snprintf(rep->msg, sizeof(rep->msg),
					 "no direct-map PTE at page %lu",
					 rep->pages_checked - 1);
			continue;
		}
		rep->alias_checked++;
		if (level != PG_LEVEL_4K)
			rep->alias_huge++;
		if (pte_flags(*ptep) & _PAGE_RW) {
			if (!rep->msg[0])
				snprintf(rep->msg, sizeof(rep->msg),
					 "writable direct-map PTE at page %lu",
					 rep->pages_checked - 1);
			continue;
		}
		rep->pages_ro++;
		rep->alias_ro++;
	}
}

int wo_slab_verify(struct wo_slab_cache *c, struct pmb_verify_report *rep)
{
	struct wo_slab *s;

	memset(rep, 0, sizeof(*rep));
	rep->fault_drill = -1;
	list_for_each_entry(s, &c->partial, list)
		wo_slab_verify_one(s, rep);
	list_for_each_entry(s, &c->full, list)
		wo_slab_verify_one(s, rep);
	return rep->pages_ro == rep->pages_checked ? 0 : -EIO;
}

void wo_slab_stats(const struct wo_slab_cache *c, struct wo_slab_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!c)
		return;
	st->slabs = c->slabs;
	st->pages = c->slabs << c->order;
	st->objects = c->objects;
	st->metadata_bytes = c->meta_bytes;
	st->flips = c->flips;
	st->tlb_flushes = c->tlb_flushes;
	st->windows = c->windows;
	st->leaked_pages = c->leaked_pages;
}

void wo_slab_destroy(struct wo_slab_cache *c)
{
	struct wo_slab *s, *t;
	unsigned long n = 0;

	if (!c)
		return;
	list_splice_init(&c->full, &c->partial);
	list_for_each_entry_safe(s, t, &c->partial, list) {
		wo_slab_drop(s);
		if (!(++n % 64))
			cond_resched();
	}
	xa_destroy(&c->by_pfn);
	kfree(c);
}
