// SPDX-License-Identifier: GPL-2.0
/*
 * pmalloc: pools of vmalloc'd chunks managed by genalloc, protected as a
 * whole through protect.c.  See pmalloc.h for the API and the lifecycle.
 *
 * Object sizes.  gen_pool_free() needs the size (and BUG()s on a wrong
 * one), and a usercopy check needs the object around an interior pointer.
 * Stoppa changed genalloc to mark allocation boundaries in its own bitmap;
 * a module cannot, so each chunk has two bitmaps of its own, one bit per
 * allocation unit (the pool's alignment): the first unit of every live
 * object, and its last.  That is 2 bits per unit (1/32 of the chunk at
 * 8-byte alignment) in kvmalloc'd memory beside the chunk, so objects pack
 * exactly as genalloc places them; a size header in front of each object
 * would cost a whole unit per object (12.5% of a 64-byte object) and could
 * not describe interior pointers.  The bitmaps stay writable after protect:
 * they only drive pfree() accounting and lookups, never the data.
 *
 * Metadata, as pmalloc_pool_stats() counts it (metadata_bytes): the pool
 * struct, its name and struct gen_pool, the range array, and per chunk
 * (pmalloc_chunk_cost()):
 *  - genalloc's chunk header: gen_pool_add_owner() allocates struct
 *    gen_pool_chunk and its bitmap with vzalloc_node() (lib/genalloc.c in
 *    6.1 and 6.12; kzalloc_node() when pmalloc was posted in 2018).  That
 *    is a whole page at least, in a vmalloc area of its own: a chunk of
 *    one page (the default refill) takes a second page, a second vmap
 *    area and two more pages of address space (header and guard);
 *  - vmalloc()'s bookkeeping of both areas, the chunk's and the header's
 *    (vm_cost.h), as the vmalloc backend counts it for its areas;
 *  - our struct pmalloc_chunk and its bitmaps, as kmalloc rounds them.
 * The pool's vmap_areas, vmalloc_pages and va_bytes count the header
 * areas (and any vmalloc'd page array) along with the chunks.
 *
 * Protected pools refuse allocations: no page of a protected pool becomes
 * writable before destroy (once protected, a pool stays read-only until it
 * is destroyed, as the series documents it; the benchmark-only unprotect
 * aside).  Later versions of the series instead opened a fresh writable
 * chunk; that hands genalloc a mix of protected and writable chunks (its
 * free space in the protected ones must then be hidden) and needs a
 * protect per growth.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/genalloc.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/rbtree.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "memguard.h"
#include "pmalloc.h"
#include "protect.h"
#include "vm_cost.h"

struct pmalloc_chunk {
	struct rb_node node;		/* in pool->chunks, by addr */
	unsigned long addr;		/* vmalloc'd, page-aligned */
	unsigned long nbits;		/* allocation units in the chunk */
	unsigned long *first;		/* first unit of each live object */
	unsigned long *last;		/* last unit of each live object */
	unsigned long bits[];
};

struct pmalloc_pool {
	struct list_head node;		/* in pmalloc_pools */
	char *name;
	struct gen_pool *gp;
	struct rb_root chunks;
	struct pmb_range *ranges;	/* one per chunk: protect is one call */
	unsigned int nr_chunks;
	unsigned int ranges_cap;
	size_t refill;			/* bytes, page multiple */
	unsigned int order;		/* log2 of the alignment */
	unsigned int method;		/* enum pmb_protect_method */
	unsigned long free_floor;	/* pages: refills stop below (OOM guard) */
	unsigned long pages;
	unsigned long objects;
	size_t bytes_allocated;
	size_t metadata_bytes;
	unsigned long vmap_areas;	/* chunks, their headers, vmalloc'd arrays */
	unsigned long vmalloc_pages;	/* pages of all those areas */
	u64 va_bytes;			/* their address space, guards included */
	unsigned long tlb_flushes;
	/* pmalloc_prepare_flip() checked ranges[0..checked_chunks) */
	unsigned int checked_chunks;
	bool checked;			/* ... for the next flip only */
	unsigned long hint_addr;	/* chunk last allocated from, and */
	unsigned long hint;		/* ... its lowest unit that may be free */
	bool protected;
	bool interruptible;		/* refills give up on a pending signal */
};

/* Live pools, for pmalloc_object_lookup() and unload; guards their trees. */
static LIST_HEAD(pmalloc_pools);
static DEFINE_MUTEX(pmalloc_lock);
static atomic_long_t pmalloc_pages = ATOMIC_LONG_INIT(0);

#define PMALLOC_MAX_SIZE	((size_t)INT_MAX)	/* as kvmalloc */


static size_t pmalloc_chunk_bytes(const struct pmalloc_pool *pool,
				  const struct pmalloc_chunk *c)
{
	return c->nbits << pool->order;
}

/*
 * What a chunk of @pages pages and @nbits allocation units takes beyond its
 * pages, into @c (see the top of this file).  Our struct and bitmaps come
 * from pmb_kvmalloc_mayfail(): kmalloc, or vmalloc when a large one finds
 * no contiguous memory; counted as kmalloc rounds them.
 */
static void pmalloc_chunk_cost(unsigned long pages, unsigned long nbits,
			       struct pmb_vm_cost *c)
{
	size_t ours = struct_size((struct pmalloc_chunk *)NULL, bits,
				  2 * BITS_TO_LONGS(nbits));
	size_t header = PAGE_ALIGN(sizeof(struct gen_pool_chunk) +
				   BITS_TO_LONGS(nbits) * sizeof(long));

	pmb_vm_cost_add(c, pages);
	pmb_vm_cost_add(c, header >> PAGE_SHIFT);
	c->meta_bytes += header + kmalloc_size_roundup(ours);
	c->meta_pages += header >> PAGE_SHIFT;
}

size_t pmalloc_chunk_overhead(size_t size, size_t align)
{
	struct pmb_vm_cost c = {};

	if (!align)
		align = sizeof(void *);
	size = PAGE_ALIGN(min_t(size_t, size, PMALLOC_MAX_SIZE));
	pmalloc_chunk_cost(size >> PAGE_SHIFT, size >> ilog2(align), &c);
	return c.meta_bytes;
}

static struct pmalloc_chunk *pmalloc_find_chunk(struct pmalloc_pool *pool,
						unsigned long addr)
{
	struct rb_node *n = pool->chunks.rb_node;

	while (n) {
		struct pmalloc_chunk *c = rb_entry(n, struct pmalloc_chunk, node);

		if (addr < c->addr)
			n = n->rb_left;
		else if (addr - c->addr >= pmalloc_chunk_bytes(pool, c))
			n = n->rb_right;
		else
			return c;
	}
	return NULL;
}

static void pmalloc_insert_chunk(struct pmalloc_pool *pool,
				 struct pmalloc_chunk *c)
{
	struct rb_node **link = &pool->chunks.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (c->addr < rb_entry(parent, struct pmalloc_chunk, node)->addr)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&c->node, parent, link);
	rb_insert_color(&c->node, &pool->chunks);
}

static int pmalloc_reserve_range(struct pmalloc_pool *pool)
{
	unsigned int cap = pool->ranges_cap ? 2 * pool->ranges_cap : 4;
	struct pmb_range *r;

	if (pool->nr_chunks < pool->ranges_cap)
		return 0;
	r = krealloc_array(pool->ranges, cap, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	pool->metadata_bytes += kmalloc_size_roundup(cap * sizeof(*r)) -
				kmalloc_size_roundup(pool->ranges_cap * sizeof(*r));
	pool->ranges = r;
	pool->ranges_cap = cap;
	return 0;
}

/* An interruptible pool's refill stops before its next allocation. */
static bool pmalloc_refill_interrupted(const struct pmalloc_pool *pool)
{
	return pool->interruptible && signal_pending(current);
}

/*
 * gen_pool_add() allocates the chunk's header itself, with GFP_KERNEL: with
 * memory exhausted by our own chunk that would wake the OOM killer.  So a
 * refill gives up while memory is below the floor (memguard.h).  Each of
 * its three allocations (chunk, our bitmaps, genalloc's header) may wait
 * in reclaim: an interruptible pool looks for a signal before each.
 */
/* @size: at most PMALLOC_MAX_SIZE, so rounding it up cannot wrap. */
static struct pmalloc_chunk *pmalloc_add_chunk(struct pmalloc_pool *pool,
					       size_t size)
{
	struct pmb_vm_cost cost = {};
	unsigned long nbits, pages;
	struct pmalloc_chunk *c;
	void *area;

	if (pmalloc_refill_interrupted(pool))
		return NULL;
	size = PAGE_ALIGN(size);
	pages = size >> PAGE_SHIFT;
	nbits = size >> pool->order;
	area = __vmalloc(size, PMB_JOB_GFP);
	if (!area)
		return NULL;
	if (pmb_memory_low(pool->free_floor) || pmalloc_refill_interrupted(pool))
		goto free_area;
	c = pmb_kvmalloc_mayfail(1, struct_size(c, bits, 2 * BITS_TO_LONGS(nbits)),
				 true);
	if (!c)
		goto free_area;
	c->addr = (unsigned long)area;
	c->nbits = nbits;
	c->first = c->bits;
	c->last = c->bits + BITS_TO_LONGS(nbits);
	if (pmalloc_reserve_range(pool) || pmalloc_refill_interrupted(pool))
		goto free_chunk;
	/* genalloc cannot give a chunk back: this is the last step that fails. */
	if (gen_pool_add_owner(pool->gp, c->addr, -1, size, NUMA_NO_NODE, c))
		goto free_chunk;

	mutex_lock(&pmalloc_lock);
	pmalloc_insert_chunk(pool, c);
	mutex_unlock(&pmalloc_lock);
	pool->ranges[pool->nr_chunks].addr = c->addr;
	pool->ranges[pool->nr_chunks].pages = pages;
	pool->nr_chunks++;
	pool->pages += pages;
	pmalloc_chunk_cost(pages, nbits, &cost);
	pool->metadata_bytes += cost.meta_bytes;
	pool->vmap_areas += cost.areas;
	pool->vmalloc_pages += pages + cost.meta_pages;
	pool->va_bytes += cost.va_bytes;
	atomic_long_add(pages, &pmalloc_pages);
	return c;

free_chunk:
	kvfree(c);
free_area:
	vfree(area);
	return NULL;
}

/*
 * genalloc algorithm: gen_pool_first_fit's placement, but the search in the
 * chunk last allocated from starts at its lowest possibly-free unit, not at
 * unit 0, so filling a chunk is O(1) per allocation instead of a scan of
 * everything already allocated (quadratic for a preallocated pool).  Every
 * unit below the hint is allocated; pfree() lowers it.  Pools are not
 * shared between racing callers, so no retry can invalidate it.
 */
static unsigned long pmalloc_algo(unsigned long *map, unsigned long size,
				  unsigned long start, unsigned int nr,
				  void *data, struct gen_pool *gp,
				  unsigned long start_addr)
{
	struct pmalloc_pool *pool = data;
	bool hinted = start_addr == pool->hint_addr;
	unsigned long zero, idx;

	if (hinted)
		start = max(start, pool->hint);
	idx = bitmap_find_next_zero_area(map, size, start, nr, 0);
	if (!hinted && start)
		return idx;
	/* Filling up, idx == start: only a hole search needs a second look. */
	zero = idx == start ? idx : find_next_zero_bit(map, min(idx, size), start);
	pool->hint_addr = start_addr;
	pool->hint = zero == idx && idx < size ? idx + nr : zero;
	return idx;
}

struct pmalloc_pool *pmalloc_create_pool(const char *name, size_t refill,
					 size_t align, unsigned int method)
{
	struct pmalloc_pool *pool;

	if (!align)
		align = sizeof(void *);
	if (!name || !is_power_of_2(align) || align > PAGE_SIZE ||
	    refill > PMALLOC_MAX_SIZE || !pmb_protect_method_available(method))
		return NULL;
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->name = kstrdup(name, GFP_KERNEL);
	if (!pool->name)
		goto free_pool;
	pool->order = ilog2(align);
	pool->gp = gen_pool_create(pool->order, NUMA_NO_NODE);
	if (!pool->gp)
		goto free_name;
	gen_pool_set_algo(pool->gp, pmalloc_algo, pool);
	pool->chunks = RB_ROOT;
	pool->refill = refill ? PAGE_ALIGN(refill) : PAGE_SIZE;
	pool->method = method;
	pool->free_floor = pmb_free_floor();
	pool->metadata_bytes = kmalloc_size_roundup(sizeof(*pool)) +
			       kmalloc_size_roundup(strlen(name) + 1) +
			       kmalloc_size_roundup(sizeof(struct gen_pool));
	mutex_lock(&pmalloc_lock);
	list_add(&pool->node, &pmalloc_pools);
	mutex_unlock(&pmalloc_lock);
	return pool;

free_name:
	kfree(pool->name);
free_pool:
	kfree(pool);
	return NULL;
}

void pmalloc_set_interruptible(struct pmalloc_pool *pool, bool on)
{
	if (pool)
		pool->interruptible = on;
}

int pmalloc_prealloc(struct pmalloc_pool *pool, size_t size)
{
	if (!pool || size > PMALLOC_MAX_SIZE)
		return -EINVAL;
	if (pool->protected)
		return -EPERM;
	if (!size)
		return 0;
	return pmalloc_add_chunk(pool, size) ? 0 : -ENOMEM;
}

static void *pmalloc_take(struct pmalloc_pool *pool, size_t size)
{
	unsigned long addr, first, n;
	struct pmalloc_chunk *c;

	addr = gen_pool_alloc_owner(pool->gp, size, (void **)&c);
	if (!addr)
		return NULL;
	n = (size + (1UL << pool->order) - 1) >> pool->order;
	first = (addr - c->addr) >> pool->order;
	__set_bit(first, c->first);
	__set_bit(first + n - 1, c->last);
	pool->objects++;
	pool->bytes_allocated += n << pool->order;
	return (void *)addr;
}

void *pmalloc(struct pmalloc_pool *pool, size_t size)
{
	void *p;

	if (!pool || pool->protected || size > PMALLOC_MAX_SIZE)
		return NULL;
	if (!size)
		return ZERO_SIZE_PTR;
	p = pmalloc_take(pool, size);
	if (p)
		return p;
	/* genalloc tries the newest chunk first: this one. */
	if (!pmalloc_add_chunk(pool, max(size, pool->refill)))
		return NULL;
	return pmalloc_take(pool, size);
}

void *pzalloc(struct pmalloc_pool *pool, size_t size)
{
	void *p = pmalloc(pool, size);

	if (!ZERO_OR_NULL_PTR(p))
		memset(p, 0, size);
	return p;
}

void *pmalloc_array(struct pmalloc_pool *pool, size_t n, size_t size)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return pmalloc(pool, bytes);
}

void *pcalloc(struct pmalloc_pool *pool, size_t n, size_t size)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return pzalloc(pool, bytes);
}

char *pstrdup(struct pmalloc_pool *pool, const char *s)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = pmalloc(pool, len);
	if (p)
		memcpy(p, s, len);
	return p;
}

/* The live object whose first unit is @first, as its last unit; or nbits. */
static unsigned long pmalloc_object_last(struct pmalloc_chunk *c,
					 unsigned long first)
{
	if (!test_bit(first, c->first))
		return c->nbits;
	return find_next_bit(c->last, c->nbits, first);
}

void pfree(struct pmalloc_pool *pool, const void *addr)
{
	unsigned long off, first, last, n;
	struct pmalloc_chunk *c;

	if (!pool || ZERO_OR_NULL_PTR(addr))
		return;
	c = pmalloc_find_chunk(pool, (unsigned long)addr);
	if (!c)
		goto bad;
	off = (unsigned long)addr - c->addr;
	first = off >> pool->order;
	if (off & ((1UL << pool->order) - 1))
		goto bad;
	last = pmalloc_object_last(c, first);
	if (last >= c->nbits)
		goto bad;
	n = last - first + 1;
	__clear_bit(first, c->first);
	__clear_bit(last, c->last);
	if (c->addr == pool->hint_addr)
		pool->hint = min(pool->hint, first);
	/* Clears genalloc's bitmap only: never touches the (maybe RO) data. */
	gen_pool_free(pool->gp, (unsigned long)addr, n << pool->order);
	pool->objects--;
	pool->bytes_allocated -= n << pool->order;
	return;
bad:
	pr_warn_ratelimited("%s(%s, %p): not a live object of this pool, ignored\n",
			    __func__, pool->name, addr);
}

/*
 * gen_pool_destroy() BUG()s on a chunk with allocations left.  Freeing
 * them with gen_pool_free() walks genalloc's chunk list for each: quadratic
 * in the chunks, seconds for a pool of thousands under an emulator, and
 * all of it between a signal and the end of the job.  The pool is going
 * away, so each chunk's bitmap is cleared whole (gen_pool_for_each_chunk()
 * runs under rcu_read_lock(): nothing here sleeps).
 */
static void pmalloc_chunk_drop_all(struct gen_pool *gp,
				   struct gen_pool_chunk *chunk, void *data)
{
	const struct pmalloc_chunk *c = chunk->owner;

	bitmap_clear(chunk->bits, 0, c->nbits);
}

int pmalloc_prepare_flip(struct pmalloc_pool *pool)
{
	int ret;

	if (!pool)
		return -EINVAL;
	ret = pmb_check_ranges(pool->method, pool->ranges, pool->nr_chunks);
	pool->checked = !ret;
	pool->checked_chunks = pool->nr_chunks;
	return ret;
}

/*
 * Every chunk read-only (@ro) or writable again.  The ranges are checked
 * here unless pmalloc_prepare_flip() checked these very chunks since the
 * last flip: chunks are only ever added (a refill changes nr_chunks, and
 * may move the array) and never unmapped before destroy.
 */
static int pmalloc_flip(struct pmalloc_pool *pool, bool ro)
{
	bool checked = pool->checked &&
		       pool->checked_chunks == pool->nr_chunks;

	pool->checked = false;
	if (checked)
		return pmb_flip_ranges(pool->method, pool->ranges,
				       pool->nr_chunks, ro, &pool->tlb_flushes);
	return pmb_set_ranges_ro(pool->method, pool->ranges, pool->nr_chunks,
				 ro, &pool->tlb_flushes);
}

int pmalloc_protect_pool(struct pmalloc_pool *pool)
{
	int ret;

	if (!pool)
		return -EINVAL;
	if (pool->protected) {
		pool->checked = false;
		return 0;
	}
	ret = pmalloc_flip(pool, true);
	if (!ret)
		pool->protected = true;
	return ret;
}

int pmalloc_unprotect_pool(struct pmalloc_pool *pool)
{
	int ret;

	if (!pool)
		return -EINVAL;
	if (!pool->protected) {
		pool->checked = false;
		return 0;
	}
	ret = pmalloc_flip(pool, false);
	if (!ret)
		pool->protected = false;
	return ret;
}

void pmalloc_destroy_pool(struct pmalloc_pool *pool)
{
	struct pmalloc_chunk *c, *next;
	bool leak = false;

	if (!pool)
		return;
	mutex_lock(&pmalloc_lock);
	list_del(&pool->node);
	mutex_unlock(&pmalloc_lock);
	if (pmalloc_unprotect_pool(pool)) {
		/* Freeing read-only pages (and, under cpa, a read-only direct
		 * map alias) would crash their next owner: keep them.
		 */
		pr_err("destroy %s: cannot make %lu pages writable again; leaking them\n",
		       pool->name, pool->pages);
		leak = true;
	}
	gen_pool_for_each_chunk(pool->gp, pmalloc_chunk_drop_all, NULL);
	/* Every chunk is freed, signal or not; thousands take a while. */
	rbtree_postorder_for_each_entry_safe(c, next, &pool->chunks, node) {
		if (!leak)
			vfree((void *)c->addr);
		kvfree(c);
		cond_resched();
	}
	gen_pool_destroy(pool->gp);
	if (!leak)
		atomic_long_sub(pool->pages, &pmalloc_pages);
	kfree(pool->ranges);
	kfree(pool->name);
	kfree(pool);
}

void pmalloc_pool_stats(struct pmalloc_pool *pool,
			struct pmalloc_pool_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!pool)
		return;
	st->chunks = pool->nr_chunks;
	st->pages = pool->pages;
	st->objects = pool->objects;
	st->bytes_allocated = pool->bytes_allocated;
	st->bytes_free = gen_pool_avail(pool->gp);
	st->metadata_bytes = pool->metadata_bytes;
	st->vmap_areas = pool->vmap_areas;
	st->vmalloc_pages = pool->vmalloc_pages;
	st->va_bytes = pool->va_bytes;
	st->tlb_flushes = pool->tlb_flushes;
	st->protected = pool->protected;
}

static bool pmalloc_chunk_object(struct pmalloc_pool *pool,
				 struct pmalloc_chunk *c, unsigned long addr,
				 const void **start, size_t *size)
{
	unsigned long unit = (addr - c->addr) >> pool->order;
	unsigned long first, last;

	first = find_last_bit(c->first, unit + 1);
	if (first > unit)
		return false;
	last = find_next_bit(c->last, c->nbits, first);
	if (last < unit || last >= c->nbits)
		return false;
	*start = (const void *)(c->addr + (first << pool->order));
	*size = (last - first + 1) << pool->order;
	return true;
}

bool pmalloc_object_lookup(const void *addr, const void **start,
			   size_t *size)
{
	struct pmalloc_pool *pool;
	struct pmalloc_chunk *c;
	bool found = false;

	if (ZERO_OR_NULL_PTR(addr) || !is_vmalloc_addr(addr))
		return false;
	mutex_lock(&pmalloc_lock);
	list_for_each_entry(pool, &pmalloc_pools, node) {
		c = pmalloc_find_chunk(pool, (unsigned long)addr);
		if (c) {
			found = pmalloc_chunk_object(pool, c,
						     (unsigned long)addr,
						     start, size);
			break;
		}
	}
	mutex_unlock(&pmalloc_lock);
	return found;
}

int pmalloc_verify_pool(struct pmalloc_pool *pool,
			struct pmb_verify_report *rep)
{
	unsigned int i;
	int ret, d;

	if (!pool)
		return -EINVAL;
	ret = pmb_verify_ranges(pool->ranges, pool->nr_chunks, pool->protected,
				rep);
	if (!pool->protected || !pool->nr_chunks)
		return ret;
	rep->fault_drill = 1;
	for (i = 0; i < pool->nr_chunks; i++) {
		d = pmb_fault_drill((void *)pool->ranges[i].addr);
		if (d == 1)
			continue;
		rep->fault_drill = 0;
		if (!rep->msg[0])
			snprintf(rep->msg, sizeof(rep->msg),
				 "fault drill on chunk %u: %s", i,
				 d ? "error" : "the write went through");
		ret = ret ?: -EIO;
	}
	return ret;
}

unsigned long pmalloc_live_chunk_pages(void)
{
	return atomic_long_read(&pmalloc_pages);
}

void pmalloc_exit(void)
{
	struct pmalloc_pool *pool;

	for (;;) {
		mutex_lock(&pmalloc_lock);
		pool = list_first_entry_or_null(&pmalloc_pools,
						struct pmalloc_pool, node);
		mutex_unlock(&pmalloc_lock);
		if (!pool)
			break;
		pr_warn("unload: destroying leftover pool %s\n", pool->name);
		pmalloc_destroy_pool(pool);
	}
}
