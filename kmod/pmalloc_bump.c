// SPDX-License-Identifier: GPL-2.0
/*
 * pmalloc_bump: pools of vmalloc areas carved downwards, protected area by
 * area or all at once through protect.c.  See pmalloc_bump.h for the API.
 *
 * A pool's state.  ranges[0..nr_areas) are its areas in creation order,
 * in the form pmb_set_ranges_ro() takes; ranges[0..nr_ro) are read-only.
 * Protect covers every area there is and areas are only ever appended, so
 * the read-only ones are always a prefix and one call over
 * ranges[nr_ro..nr_areas) protects all the rest.  Only the newest area
 * is allocated from, and only while it is writable; its bytes
 * [0, offset) are free, and the next object ends at offset.
 *
 * Bookkeeping.  Nothing per object.  Per area, one struct
 * pmalloc_bump_area (in the pool's tree by address: lookups are
 * O(log areas)) and one slot of the range array.  The array is replaced
 * by one twice its size when full, through pmb_kvmalloc_mayfail(), since
 * a pool of a million one-object areas needs 16 MiB of it, more than
 * kmalloc gives.
 *
 * Memory pressure and signals, as for the genalloc pools: every allocation is
 * PMB_JOB_GFP (fails rather than wake the OOM killer); vmalloc's own page
 * tables are GFP_KERNEL, so a refill gives up once free memory is below
 * the pool's floor (memguard.h); an interruptible pool's refill gives up
 * before each of its allocations when a signal is pending.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "memguard.h"
#include "pmalloc_bump.h"
#include "protect.h"

struct pmalloc_bump_area {
	struct rb_node node;		/* in pool->tree, by addr */
	unsigned long addr;		/* vmalloc'd, page-aligned */
	unsigned long end;		/* addr + the area's bytes */
	unsigned long low;		/* its lowest object, once not the newest */
	unsigned int index;		/* its slot in pool->ranges */
};

struct pmalloc_bump_pool {
	struct mutex lock;		/* every call on the pool */
	struct kref refs;
	struct list_head node;		/* in pmalloc_bump_pools while alive */
	struct rb_root tree;		/* areas by address */
	struct pmb_range *ranges;	/* areas in creation order */
	struct pmalloc_bump_area *cur;	/* the newest area; NULL: none */
	unsigned long cur_addr;		/* cur->addr, for the fast path */
	size_t offset;			/* free: bytes [0, offset) of cur */
	unsigned int nr_areas;
	unsigned int nr_ro;		/* ranges[0..nr_ro) are read-only */
	unsigned int ranges_cap;
	size_t refill;			/* bytes, a page multiple */
	size_t align;			/* a power of two */
	unsigned int method;		/* enum pmb_protect_method */
	unsigned long free_floor;	/* pages: refills stop below */
	unsigned long pages;
	unsigned long objects;
	size_t stranded;		/* free bytes left in the areas before cur */
	size_t metadata_bytes;
	size_t vmalloc_meta_bytes;
	unsigned long tlb_flushes;
	/* pmalloc_bump_prepare_flip() checked ranges[0..checked_areas) */
	unsigned int checked_areas;
	bool checked;			/* ... for the next flip only */
	bool interruptible;		/* refills give up on a pending signal */
	bool dead;			/* destroyed: every call fails */
};

/* Live pools, for pmalloc_bump_check_object(). */
static LIST_HEAD(pmalloc_bump_pools);
static DEFINE_MUTEX(pmalloc_bump_lock);
static atomic_long_t pmalloc_bump_pages = ATOMIC_LONG_INIT(0);

/*
 * vmalloc's bookkeeping of one area of @pages, by 6.1's rules (estimated,
 * not measured, the same estimate as for one vmalloc object): its
 * vm_struct, its vmap_area and its page array (kmalloc up to a page,
 * vmalloc beyond).
 */
static size_t pmalloc_bump_vmalloc_meta(unsigned long pages)
{
	size_t arr = pages * sizeof(struct page *);

	return kmalloc_size_roundup(sizeof(struct vm_struct)) +
	       sizeof(struct vmap_area) +
	       (arr > PAGE_SIZE ? PAGE_ALIGN(arr) : kmalloc_size_roundup(arr));
}

size_t pmalloc_bump_area_overhead(size_t bytes)
{
	return kmalloc_size_roundup(sizeof(struct pmalloc_bump_area)) +
	       2 * sizeof(struct pmb_range) +
	       pmalloc_bump_vmalloc_meta(PAGE_ALIGN(bytes) >> PAGE_SHIFT);
}

static struct pmalloc_bump_area *
pmalloc_bump_find(const struct pmalloc_bump_pool *pool, unsigned long addr)
{
	struct rb_node *n = pool->tree.rb_node;

	while (n) {
		struct pmalloc_bump_area *a =
			rb_entry(n, struct pmalloc_bump_area, node);

		if (addr < a->addr)
			n = n->rb_left;
		else if (addr >= a->end)
			n = n->rb_right;
		else
			return a;
	}
	return NULL;
}

static void pmalloc_bump_insert(struct pmalloc_bump_pool *pool,
				struct pmalloc_bump_area *a)
{
	struct rb_node **link = &pool->tree.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (a->addr < rb_entry(parent, struct pmalloc_bump_area, node)->addr)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&a->node, parent, link);
	rb_insert_color(&a->node, &pool->tree);
}

/* A free slot in pool->ranges for one more area. */
static int pmalloc_bump_reserve(struct pmalloc_bump_pool *pool)
{
	unsigned int cap;
	struct pmb_range *r;

	if (pool->nr_areas < pool->ranges_cap)
		return 0;
	if (pool->ranges_cap > UINT_MAX / 2)
		return -ENOMEM;
	cap = pool->ranges_cap ? 2 * pool->ranges_cap : 4;
	r = pmb_kvmalloc_mayfail(cap, sizeof(*r), false);
	if (!r)
		return -ENOMEM;
	if (pool->nr_areas)
		memcpy(r, pool->ranges, pool->nr_areas * sizeof(*r));
	kvfree(pool->ranges);
	pool->metadata_bytes += (size_t)(cap - pool->ranges_cap) * sizeof(*r);
	pool->ranges = r;
	pool->ranges_cap = cap;
	return 0;
}

static bool pmalloc_bump_interrupted(const struct pmalloc_bump_pool *pool)
{
	return pool->interruptible && signal_pending(current);
}

/*
 * A fresh writable area of max(@size, refill) bytes, rounded to pages,
 * becomes the newest: the space left in the one before it is given up.
 * @size is at most PMALLOC_BUMP_SIZE_MAX, so rounding cannot wrap.
 */
static int pmalloc_bump_grow(struct pmalloc_bump_pool *pool, size_t size)
{
	size_t bytes = PAGE_ALIGN(max(size, pool->refill));
	unsigned long pages = bytes >> PAGE_SHIFT;
	struct pmalloc_bump_area *a;
	void *area;

	if (pmalloc_bump_interrupted(pool))
		return -EINTR;
	area = __vmalloc(bytes, PMB_JOB_GFP);
	if (!area)
		return -ENOMEM;
	if (pmb_memory_low(pool->free_floor) || pmalloc_bump_interrupted(pool))
		goto free_area;
	a = kmalloc(sizeof(*a), PMB_JOB_GFP);
	if (!a)
		goto free_area;
	if (pmalloc_bump_reserve(pool) || pmalloc_bump_interrupted(pool))
		goto free_rec;

	a->addr = (unsigned long)area;
	a->end = a->addr + bytes;
	a->low = 0;
	a->index = pool->nr_areas;
	pmalloc_bump_insert(pool, a);
	if (pool->cur) {
		pool->cur->low = pool->offset;
		pool->stranded += pool->offset;
	}
	pool->ranges[a->index].addr = a->addr;
	pool->ranges[a->index].pages = pages;
	pool->nr_areas++;
	pool->cur = a;
	pool->cur_addr = a->addr;
	pool->offset = bytes;
	pool->pages += pages;
	pool->metadata_bytes += kmalloc_size_roundup(sizeof(*a));
	pool->vmalloc_meta_bytes += pmalloc_bump_vmalloc_meta(pages);
	atomic_long_add(pages, &pmalloc_bump_pages);
	return 0;

free_rec:
	kfree(a);
free_area:
	vfree(area);
	return -ENOMEM;
}

struct pmalloc_bump_pool *pmalloc_bump_create(size_t refill, size_t align,
					      unsigned int method)
{
	struct pmalloc_bump_pool *pool;

	if (!align)
		align = ARCH_KMALLOC_MINALIGN;
	if (!is_power_of_2(align) || align > PAGE_SIZE ||
	    refill > PMALLOC_BUMP_SIZE_MAX ||
	    !pmb_protect_method_available(method))
		return NULL;
	/* Dropped when the pool is freed: no unload with a pool alive. */
	if (!try_module_get(THIS_MODULE))
		return NULL;
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool) {
		module_put(THIS_MODULE);
		return NULL;
	}
	mutex_init(&pool->lock);
	kref_init(&pool->refs);
	pool->tree = RB_ROOT;
	pool->refill = refill ? PAGE_ALIGN(refill) : PAGE_SIZE;
	pool->align = align;
	pool->method = method;
	pool->free_floor = pmb_free_floor();
	pool->metadata_bytes = kmalloc_size_roundup(sizeof(*pool));
	mutex_lock(&pmalloc_bump_lock);
	list_add(&pool->node, &pmalloc_bump_pools);
	mutex_unlock(&pmalloc_bump_lock);
	return pool;
}

void pmalloc_bump_set_interruptible(struct pmalloc_bump_pool *pool, bool on)
{
	if (!pool)
		return;
	mutex_lock(&pool->lock);
	pool->interruptible = on;
	mutex_unlock(&pool->lock);
}

/* The newest area is writable and has @size bytes left. */
static bool pmalloc_bump_fits(const struct pmalloc_bump_pool *pool,
			      size_t size)
{
	return pool->nr_ro < pool->nr_areas && pool->offset >= size;
}

void *pmalloc_bump_alloc(struct pmalloc_bump_pool *pool, size_t size)
{
	void *p = NULL;

	if (!pool || size > PMALLOC_BUMP_SIZE_MAX)
		return NULL;
	mutex_lock(&pool->lock);
	if (unlikely(pool->dead))
		goto out;
	if (unlikely(!size)) {
		p = ZERO_SIZE_PTR;
		goto out;
	}
	if (unlikely(!pmalloc_bump_fits(pool, size)) &&
	    pmalloc_bump_grow(pool, size))
		goto out;
	pool->offset = round_down(pool->offset - size, pool->align);
	pool->objects++;
	p = (void *)(pool->cur_addr + pool->offset);
out:
	mutex_unlock(&pool->lock);
	return p;
}

/*
 * Areas a cpa flip takes between two looks for a signal.  cpa flips and
 * flushes area by area anyway, so batches cost no extra flush; for a
 * million objects (16384 one-page areas) a flip takes seconds under an
 * emulator.  The read-only areas stay a prefix at every step, so a flip
 * that stops for a signal leaves a valid pool.  pte is one call: its
 * single flush round is what it is measured for, and it is quick.
 */
#define PMALLOC_BUMP_FLIP_BATCH	64

/*
 * Whether the next flip may skip the range checks: pmalloc_bump_prepare_flip()
 * checked every area the pool has now (areas are only ever appended, and
 * unmapped only by destroy).  Consumes the check.  Under pool->lock.
 */
static bool pmalloc_bump_take_checked(struct pmalloc_bump_pool *pool)
{
	bool checked = pool->checked &&
		       pool->checked_areas == pool->nr_areas;

	pool->checked = false;
	return checked;
}

/* ranges[0..nr) flipped, checked first unless @checked. */
static int pmalloc_bump_set(struct pmalloc_bump_pool *pool,
			    const struct pmb_range *r, unsigned int nr,
			    bool ro, bool checked)
{
	if (checked)
		return pmb_flip_ranges(pool->method, r, nr, ro,
				       &pool->tlb_flushes);
	return pmb_set_ranges_ro(pool->method, r, nr, ro, &pool->tlb_flushes);
}

/* Make ranges[nr_ro..nr_areas) read-only (@ro) or ranges[0..nr_ro) writable. */
static int pmalloc_bump_flip(struct pmalloc_bump_pool *pool, bool ro)
{
	bool checked = pmalloc_bump_take_checked(pool);
	unsigned int n, batch = UINT_MAX;
	int ret;

	if (pool->method == PMB_PROT_CPA && pool->interruptible)
		batch = PMALLOC_BUMP_FLIP_BATCH;
	while (ro ? pool->nr_ro < pool->nr_areas : pool->nr_ro) {
		n = min(batch, ro ? pool->nr_areas - pool->nr_ro : pool->nr_ro);
		if (batch != UINT_MAX && signal_pending(current))
			return -EINTR;
		ret = pmalloc_bump_set(pool, pool->ranges +
				       (ro ? pool->nr_ro : pool->nr_ro - n),
				       n, ro, checked);
		if (ret)
			return ret;
		if (ro)
			pool->nr_ro += n;
		else
			pool->nr_ro -= n;
	}
	return 0;
}

int pmalloc_bump_prepare_flip(struct pmalloc_bump_pool *pool)
{
	int ret = -EINVAL;

	if (!pool)
		return -EINVAL;
	mutex_lock(&pool->lock);
	if (!pool->dead)
		ret = pmb_check_ranges(pool->method, pool->ranges,
				       pool->nr_areas);
	pool->checked = !ret;
	pool->checked_areas = pool->nr_areas;
	mutex_unlock(&pool->lock);
	return ret;
}

int pmalloc_bump_protect(struct pmalloc_bump_pool *pool)
{
	int ret;

	if (!pool)
		return -EINVAL;
	mutex_lock(&pool->lock);
	ret = pool->dead ? -EINVAL : pmalloc_bump_flip(pool, true);
	mutex_unlock(&pool->lock);
	return ret;
}

int pmalloc_bump_unprotect(struct pmalloc_bump_pool *pool)
{
	int ret;

	if (!pool)
		return -EINVAL;
	mutex_lock(&pool->lock);
	ret = pool->dead ? -EINVAL : pmalloc_bump_flip(pool, false);
	mutex_unlock(&pool->lock);
	return ret;
}

/*
 * Every area writable again (one call over the read-only ones: pte makes
 * it one flush round), then freed; thousands of areas take a while, so
 * others get the CPU between them.  If the read-only ones cannot be made
 * writable (cpa undoes a partial flip: they all stay read-only), they
 * are leaked: freed read-only pages, and under cpa their read-only
 * direct-map alias, would crash their next owner.
 */
static void pmalloc_bump_release_areas(struct pmalloc_bump_pool *pool)
{
	bool checked = pmalloc_bump_take_checked(pool);
	struct pmalloc_bump_area *a, *next;
	unsigned long leaked = 0;
	unsigned int ro = 0;

	if (pool->nr_ro && pmalloc_bump_set(pool, pool->ranges, pool->nr_ro,
					    false, checked))
		ro = pool->nr_ro;
	rbtree_postorder_for_each_entry_safe(a, next, &pool->tree, node) {
		unsigned long pages = (a->end - a->addr) >> PAGE_SHIFT;

		if (a->index < ro) {
			leaked += pages;
		} else {
			vfree((void *)a->addr);
			atomic_long_sub(pages, &pmalloc_bump_pages);
		}
		kfree(a);
		cond_resched();
	}
	if (leaked)
		pr_err("pmalloc_bump: %u areas could not be made writable again; leaking their %lu pages\n",
		       ro, leaked);
	kvfree(pool->ranges);
	pool->ranges = NULL;
	pool->tree = RB_ROOT;
	pool->cur = NULL;
	pool->cur_addr = 0;
	pool->offset = 0;
	pool->nr_areas = 0;
	pool->nr_ro = 0;
	pool->ranges_cap = 0;
	pool->pages = 0;
	pool->objects = 0;
	pool->stranded = 0;
	pool->metadata_bytes = kmalloc_size_roundup(sizeof(*pool));
	pool->vmalloc_meta_bytes = 0;
	pool->dead = true;
}

/* Off the list of live pools (idempotent), then its areas returned. */
static bool pmalloc_bump_kill(struct pmalloc_bump_pool *pool)
{
	bool was_alive;

	mutex_lock(&pmalloc_bump_lock);
	list_del_init(&pool->node);
	mutex_unlock(&pmalloc_bump_lock);
	mutex_lock(&pool->lock);
	was_alive = !pool->dead;
	if (was_alive)
		pmalloc_bump_release_areas(pool);
	mutex_unlock(&pool->lock);
	return was_alive;
}

static void pmalloc_bump_free(struct kref *refs)
{
	struct pmalloc_bump_pool *pool =
		container_of(refs, struct pmalloc_bump_pool, refs);

	/* The last reference went without a destroy: do it now. */
	if (WARN_ON_ONCE(!pool->dead))
		pmalloc_bump_kill(pool);
	mutex_destroy(&pool->lock);
	kfree(pool);
	module_put(THIS_MODULE);
}

void pmalloc_bump_get(struct pmalloc_bump_pool *pool)
{
	if (pool)
		kref_get(&pool->refs);
}

void pmalloc_bump_put(struct pmalloc_bump_pool *pool)
{
	if (pool)
		kref_put(&pool->refs, pmalloc_bump_free);
}

void pmalloc_bump_destroy(struct pmalloc_bump_pool *pool)
{
	/* Only the call that killed the pool drops the creator's reference. */
	if (pool && pmalloc_bump_kill(pool))
		pmalloc_bump_put(pool);
}

void pmalloc_bump_stats(struct pmalloc_bump_pool *pool,
			struct pmalloc_bump_stats *st)
{
	bool writable;

	memset(st, 0, sizeof(*st));
	if (!pool)
		return;
	mutex_lock(&pool->lock);
	writable = pool->nr_ro < pool->nr_areas;
	st->areas = pool->nr_areas;
	st->areas_ro = pool->nr_ro;
	st->pages = pool->pages;
	st->objects = pool->objects;
	st->bytes_free = writable ? pool->offset : 0;
	st->bytes_stranded = pool->stranded +
			     (pool->nr_areas && !writable ? pool->offset : 0);
	st->bytes_allocated = (size_t)pool->pages * PAGE_SIZE -
			      st->bytes_free - st->bytes_stranded;
	st->metadata_bytes = pool->metadata_bytes;
	st->vmalloc_meta_bytes = pool->vmalloc_meta_bytes;
	st->tlb_flushes = pool->tlb_flushes;
	st->dead = pool->dead;
	mutex_unlock(&pool->lock);
}

static void pmalloc_bump_verify_add(struct pmb_verify_report *rep,
				    const struct pmb_verify_report *part)
{
	rep->pages_checked += part->pages_checked;
	rep->pages_ro += part->pages_ro;
	rep->alias_checked += part->alias_checked;
	rep->alias_ro += part->alias_ro;
	rep->alias_huge += part->alias_huge;
	if (!rep->msg[0] && part->msg[0])
		snprintf(rep->msg, sizeof(rep->msg), "writable areas: %s",
			 part->msg);
}

/* The fault drill on the first byte of every read-only area. */
static int pmalloc_bump_drill(struct pmalloc_bump_pool *pool,
			      struct pmb_verify_report *rep)
{
	unsigned int i;
	int d, ret = 0;

	rep->fault_drill = 1;
	for (i = 0; i < pool->nr_ro; i++) {
		d = pmb_fault_drill((void *)pool->ranges[i].addr);
		if (d == 1)
			continue;
		rep->fault_drill = 0;
		if (!rep->msg[0])
			snprintf(rep->msg, sizeof(rep->msg),
				 "fault drill on area %u: %s", i,
				 d ? "error" : "the write went through");
		ret = -EIO;
	}
	return ret;
}

int pmalloc_bump_verify(struct pmalloc_bump_pool *pool,
			struct pmb_verify_report *rep)
{
	struct pmb_verify_report rw;
	unsigned int nr_rw;
	int ret = 0, r;

	memset(rep, 0, sizeof(*rep));
	rep->fault_drill = -1;
	if (!pool)
		return -EINVAL;
	mutex_lock(&pool->lock);
	if (pool->dead) {
		ret = -EINVAL;
		goto out;
	}
	nr_rw = pool->nr_areas - pool->nr_ro;
	if (pool->nr_ro)
		ret = pmb_verify_ranges(pool->ranges, pool->nr_ro, true, rep);
	if (nr_rw) {
		r = pmb_verify_ranges(pool->ranges + pool->nr_ro, nr_rw, false,
				      &rw);
		pmalloc_bump_verify_add(rep, &rw);
		ret = ret ?: r;
	}
	if (pool->nr_ro) {
		r = pmalloc_bump_drill(pool, rep);
		ret = ret ?: r;
	}
out:
	mutex_unlock(&pool->lock);
	return ret;
}

enum pmalloc_bump_span pmalloc_bump_check_object(const void *ptr, size_t n,
						 bool *ro)
{
	enum pmalloc_bump_span ret = PMALLOC_BUMP_NOT_POOL;
	unsigned long addr = (unsigned long)ptr, low;
	struct pmalloc_bump_pool *pool;
	struct pmalloc_bump_area *a;

	if (ZERO_OR_NULL_PTR(ptr) || !is_vmalloc_addr(ptr))
		return ret;
	mutex_lock(&pmalloc_bump_lock);
	list_for_each_entry(pool, &pmalloc_bump_pools, node) {
		mutex_lock(&pool->lock);
		a = pmalloc_bump_find(pool, addr);
		if (a) {
			low = a == pool->cur ? pool->offset : a->low;
			ret = addr - a->addr >= low && n <= a->end - addr ?
			      PMALLOC_BUMP_SPAN_OK : PMALLOC_BUMP_SPAN_BAD;
			if (ro)
				*ro = a->index < pool->nr_ro;
		}
		mutex_unlock(&pool->lock);
		if (a)
			break;
	}
	mutex_unlock(&pmalloc_bump_lock);
	return ret;
}

unsigned long pmalloc_bump_live_pages(void)
{
	return atomic_long_read(&pmalloc_bump_pages);
}
