// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc-part: typed kmalloc partitions.  The kmalloc size class of the
 * job's objects exists in N copies (the job's partitions=, 1 to
 * PMB_JOB_PARTITIONS_MAX), and each object goes to the copy its token
 * picks, so objects of different types rarely share a slab: a
 * use-after-free or overflow of one type lands in its own partition.
 *
 *   - Marco Elver's KMALLOC_PARTITION_CACHES patch series, LKML, May
 *     2026: the token is a hash of the allocated type, known at compile
 *     time.
 *   - CONFIG_RANDOM_KMALLOC_CACHES (Linux 6.6+, the kmalloc-rnd-* caches):
 *     the token is a hash of the call site mixed with a per-boot seed
 *     (random_kmalloc_seed), 16 copies.
 *
 * A set mixes PMB_KPART_TYPES object types, each object's type a fixed
 * function of its index with a skewed popularity (a few types take most
 * objects, as in a running kernel's slabs); a type's partition is
 * reciprocal_scale(hash_32(type ^ seed), N), seed 0 (typed mode) unless
 * the parameter kmalloc_part_seed says otherwise (random mode, the seed
 * standing for the per-boot one).  The partition of every object is worked
 * out in ops->create, untimed: the kernel's typed token is a constant at
 * the call site, so the timed alloc only indexes the set's caches.
 *
 * ops->create makes the set's own kmem_caches, one per partition, named
 * pmbench-kpart<set>-p<partition>; they must never be merged with other
 * caches (nor each other), or the partitions would not exist: a non-zero
 * usersize (kmem_cache_create_usercopy(), the whole object, as kmalloc's
 * caches allow) makes a cache unmergeable on 6.1 and later, and
 * SLAB_NO_MERGE says so outright where it exists (6.5+).  ops->destroy
 * frees every object, then destroys the caches.  Objects are freed with
 * kfree(), as partitioned kmalloc objects are.
 *
 * Objects past KMALLOC_MAX_CACHE_SIZE come from the page allocator, as
 * kmalloc()'s do: no size class, no partitions (neither design partitions
 * them); the set then has no cache of its own.
 *
 * Footprint: the distinct slabs (folios) the objects sit on, times their
 * size, so partly filled slabs count: N partitions leave up to N partly
 * filled slabs.  The kmem_cache structures themselves are not counted.
 * The last footprint's objects-per-partition histogram is the read-only
 * parameter kmalloc_part_last.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "backend.h"

/* Object types in a set's mix. */
#define PMB_KPART_TYPES		64
/* Sorted at a time in the footprint walk: a signal is looked for between runs. */
#define PMB_KPART_RUN		(1UL << 16)
#define PMB_KPART_RUNS		DIV_ROUND_UP(PMB_JOB_COUNT_MAX, PMB_KPART_RUN)

static unsigned int kmalloc_part_seed;
module_param(kmalloc_part_seed, uint, 0644);
MODULE_PARM_DESC(kmalloc_part_seed,
		 "kmalloc-part: 0 typed mode (a type's partition is a hash of its id, KMALLOC_PARTITION_CACHES); else random mode, the seed mixed into every token (RANDOM_KMALLOC_CACHES' per-boot seed); read by each new set");

/* Names of the caches of concurrent sets never collide (sysfs). */
static atomic_t pmb_kpart_sets = ATOMIC_INIT(0);

struct pmb_kpart_set {
	unsigned int n;			/* partitions */
	unsigned int seed;
	unsigned int id;		/* in the caches' names */
	size_t class;			/* the kmalloc size class, object size */
	bool large;			/* past KMALLOC_MAX_CACHE_SIZE: kmalloc(), no caches */
	struct kmem_cache *cache[PMB_JOB_PARTITIONS_MAX];
	u8 *part;			/* partition of obj[i], @count of them */
};

/* The last footprint's histogram, for kmalloc_part_last. */
struct pmb_kpart_hist {
	unsigned int n, seed;
	bool large;
	size_t size, class;
	unsigned long objs;
	unsigned long types[PMB_JOB_PARTITIONS_MAX];
	unsigned long count[PMB_JOB_PARTITIONS_MAX];
	unsigned long slabs[PMB_JOB_PARTITIONS_MAX];
	unsigned long bytes[PMB_JOB_PARTITIONS_MAX];
};
static DEFINE_MUTEX(pmb_kpart_hist_lock);
static struct pmb_kpart_hist pmb_kpart_last;

/*
 * The type of object @i: the product of two uniform draws in [0, K),
 * scaled back to [0, K), so type t's share falls off like -ln(t / K):
 * type 0 takes about 8% of the objects, type 63 a few in ten thousand.
 */
static unsigned int pmb_kpart_type(unsigned long i)
{
	u32 h = hash_32((u32)i ^ (u32)(i >> 32), 32);

	return ((h & 0xffff) % PMB_KPART_TYPES) *
	       ((h >> 16) % PMB_KPART_TYPES) / PMB_KPART_TYPES;
}

static unsigned int pmb_kpart_of_type(unsigned int type, unsigned int seed,
				      unsigned int n)
{
	return reciprocal_scale(hash_32(type ^ seed, 32), n);
}

static size_t pmb_kpart_obj_bytes(size_t size)
{
	/* The object in its class, and its partition byte. */
	return kmalloc_size_roundup(size) + 1;
}

static struct kmem_cache *pmb_kpart_cache(struct pmb_kpart_set *set,
					  unsigned int p)
{
	slab_flags_t flags = 0;
	unsigned int align;
	char name[48];

#ifdef SLAB_NO_MERGE
	flags |= SLAB_NO_MERGE;
#endif
	/* kmalloc's caches align power-of-two classes naturally. */
	align = is_power_of_2(set->class) ? set->class : 0;
	snprintf(name, sizeof(name), "pmbench-kpart%u-p%u", set->id, p);
	/* usersize != 0: never an alias of another cache (kmem_cache_create names a copy). */
	return kmem_cache_create_usercopy(name, set->class, align, flags, 0,
					  set->class, NULL);
}

static void pmb_kpart_destroy_caches(struct pmb_kpart_set *set)
{
	unsigned int p;

	for (p = 0; p < set->n; p++)
		kmem_cache_destroy(set->cache[p]);	/* NULL: nothing */
}

static int pmb_kpart_create(struct pmb_objs *o)
{
	struct pmb_kpart_set *set;
	unsigned long i;
	unsigned int p;

	if (o->priv)
		return 0;
	/* The engine checked it; a bad value here is a bug, not an oops. */
	if (!o->partitions || o->partitions > PMB_JOB_PARTITIONS_MAX)
		return -EINVAL;
	/*
	 * kmem_cache_create() is GFP_KERNEL inside, and a failure there
	 * dumps a stack: no new caches while memory is low (memguard.h).
	 */
	if (pmb_memory_low(o->free_floor))
		return -ENOMEM;
	set = kzalloc(sizeof(*set), GFP_KERNEL);
	if (!set)
		return -ENOMEM;
	set->n = o->partitions;
	set->seed = READ_ONCE(kmalloc_part_seed);
	set->id = (unsigned int)atomic_inc_return(&pmb_kpart_sets);
	set->class = kmalloc_size_roundup(o->size);
	set->large = o->size > KMALLOC_MAX_CACHE_SIZE;
	set->part = pmb_kvmalloc_mayfail(o->count, sizeof(*set->part), false);
	if (!set->part)
		goto fail;
	for (i = 0; i < o->count; i++) {
		set->part[i] = set->large ? 0 :
			       pmb_kpart_of_type(pmb_kpart_type(i), set->seed, set->n);
		if (!(i % PMB_KPART_RUN) && signal_pending(current))
			goto fail_intr;
	}
	for (p = 0; p < set->n && !set->large; p++) {
		set->cache[p] = pmb_kpart_cache(set, p);
		if (!set->cache[p])
			goto fail;
	}
	o->priv = set;
	return 0;
fail_intr:
	pmb_kpart_destroy_caches(set);
	kvfree(set->part);
	kfree(set);
	return -EINTR;
fail:
	pmb_kpart_destroy_caches(set);
	kvfree(set->part);
	kfree(set);
	return -ENOMEM;
}

static inline void *pmb_kpart_one_large(struct pmb_objs *o)
{
	return kmalloc(o->size, PMB_JOB_GFP);
}

static int pmb_kpart_alloc(struct pmb_objs *o)
{
	struct pmb_kpart_set *set = o->priv;
	unsigned long i, fail_at = o->fail_at, mask = o->check_mask;
	int ret;

	if (!set)
		return -EINVAL;
	if (set->large)
		return pmb_alloc_each(o, pmb_kpart_one_large);
	for (i = o->nr; i < o->count; i++) {
		void *p = unlikely(i == fail_at) ? NULL :
			  kmem_cache_alloc(set->cache[set->part[i]], PMB_JOB_GFP);

		if (!p) {
			o->nr = i;
			return signal_pending(current) ? -EINTR : -ENOMEM;
		}
		o->obj[i] = p;
		ret = pmb_batch_check(o, i, mask);
		if (unlikely(ret)) {
			o->nr = i + 1;
			return ret;
		}
	}
	o->nr = o->count;
	return 0;
}

static void pmb_kpart_free(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		kfree(o->obj[i]);
		if (!(i % PMB_BATCH_CHECK_EVERY))
			cond_resched();
	}
	o->nr = 0;
}

static void pmb_kpart_destroy(struct pmb_objs *o)
{
	struct pmb_kpart_set *set = o->priv;

	/* Every object is freed before its cache goes. */
	pmb_kpart_free(o);
	if (!set)
		return;
	pmb_kpart_destroy_caches(set);
	kvfree(set->part);
	kfree(set);
	o->priv = NULL;
}

/*
 * A slab's folio with the partition of its objects in the low 4 bits
 * (a struct folio is at least 64-byte aligned in the memory map).
 */
#define PMB_KPART_KEY(folio, p)	((unsigned long)(folio) | (p))
static_assert(PMB_JOB_PARTITIONS_MAX <= 16 && sizeof(struct page) >= 16);

static int pmb_kpart_key_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* The run whose head is lowest, its cursor moved past it; ~0UL: none left. */
static unsigned long pmb_kpart_next(const unsigned long *k, unsigned long nr,
				    unsigned long *pos, unsigned long nruns)
{
	unsigned long r, best = 0, m = ~0UL;

	for (r = 0; r < nruns; r++) {
		if (pos[r] >= min((r + 1) * PMB_KPART_RUN, nr))
			continue;
		if (k[pos[r]] < m) {
			m = k[pos[r]];
			best = r;
		}
	}
	if (m != ~0UL)
		pos[best]++;
	return m;
}

/* Distinct slabs per partition into @h; -EINTR on a signal, -ENOMEM. */
static int pmb_kpart_count_slabs(struct pmb_objs *o, struct pmb_kpart_hist *h)
{
	struct pmb_kpart_set *set = o->priv;
	unsigned long pos[PMB_KPART_RUNS], i, r, nruns, last = ~0UL;
	unsigned long *k;
	int ret = -EINTR;

	k = pmb_kvmalloc_mayfail(o->nr, sizeof(*k), false);
	if (!k)
		return -ENOMEM;
	for (i = 0; i < o->nr; i++) {
		if (!(i % PMB_KPART_RUN) && signal_pending(current))
			goto out;
		k[i] = PMB_KPART_KEY(virt_to_folio(o->obj[i]),
				     (unsigned long)set->part[i]);
		h->count[set->part[i]]++;
	}
	nruns = DIV_ROUND_UP(o->nr, PMB_KPART_RUN);
	for (r = 0; r < nruns; r++) {
		pos[r] = r * PMB_KPART_RUN;
		if (signal_pending(current))
			goto out;
		sort(k + pos[r], min(PMB_KPART_RUN, o->nr - pos[r]), sizeof(*k),
		     pmb_kpart_key_cmp, NULL);
	}
	for (i = 0; i < o->nr; i++) {
		unsigned long key = pmb_kpart_next(k, o->nr, pos, nruns);
		struct folio *f;

		if (!(i % PMB_KPART_RUN) && signal_pending(current))
			goto out;
		if (key == last)
			continue;
		last = key;
		f = (struct folio *)(key & ~15UL);
		h->slabs[key & 15]++;
		h->bytes[key & 15] += folio_size(f);
	}
	ret = 0;
out:
	kvfree(k);
	return ret;
}

static void pmb_kpart_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	struct pmb_kpart_set *set = o->priv;
	struct pmb_kpart_hist *h;
	unsigned int p, t;

	fp->vmap_areas = 0;
	fp->metadata_bytes = 0;	/* the kmem_caches themselves are not counted */
	fp->va_bytes = 0;	/* the direct map: no address space of its own */
	fp->pages = 0;
	fp->bytes_consumed = 0;
	if (!set || !o->nr)
		return;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h || pmb_kpart_count_slabs(o, h)) {
		fp->pages = ~0ULL;	/* the walk stopped */
		kfree(h);
		return;
	}
	h->n = set->large ? 1 : set->n;
	h->large = set->large;
	h->seed = set->seed;
	h->size = o->size;
	h->class = set->class;
	h->objs = o->nr;
	for (t = 0; t < PMB_KPART_TYPES; t++)
		h->types[set->large ? 0 : pmb_kpart_of_type(t, set->seed, set->n)]++;
	for (p = 0; p < h->n; p++)
		fp->bytes_consumed += h->bytes[p];
	fp->pages = fp->bytes_consumed >> PAGE_SHIFT;
	mutex_lock(&pmb_kpart_hist_lock);
	pmb_kpart_last = *h;
	mutex_unlock(&pmb_kpart_hist_lock);
	kfree(h);
}

/*
 * kmalloc_part_last: the histogram of the last footprint taken (the last
 * pass of an alloc, free or footprint job), one line per partition.
 */
static int pmb_kpart_last_get(char *buf, const struct kernel_param *kp)
{
	const struct pmb_kpart_hist *h = &pmb_kpart_last;
	unsigned long max = 1;
	unsigned int p;
	int len;

	mutex_lock(&pmb_kpart_hist_lock);
	if (!h->n) {
		mutex_unlock(&pmb_kpart_hist_lock);
		return scnprintf(buf, PAGE_SIZE, "none\n");
	}
	for (p = 0; p < h->n; p++)
		max = max(max, h->count[p]);
	if (h->large)
		len = scnprintf(buf, PAGE_SIZE, "%lu objects of %zu B, %u types, unpartitioned (past KMALLOC_MAX_CACHE_SIZE: the page allocator)\npart  types  objects  slabs      bytes\n",
				h->objs, h->size, PMB_KPART_TYPES);
	else
		len = scnprintf(buf, PAGE_SIZE, "%lu objects of %zu B (class %zu), %u types, %u partitions, seed %u\npart  types  objects  slabs      bytes\n",
				h->objs, h->size, h->class, PMB_KPART_TYPES, h->n, h->seed);
	for (p = 0; p < h->n; p++)
		len += scnprintf(buf + len, PAGE_SIZE - len, "%4u  %5lu  %7lu  %5lu  %9lu  %.*s\n",
				     p, h->types[p], h->count[p], h->slabs[p],
				     h->bytes[p], (int)(h->count[p] * 32 / max),
				     "################################");
	mutex_unlock(&pmb_kpart_hist_lock);
	return len;
}

static const struct kernel_param_ops pmb_kpart_last_ops = {
	.get = pmb_kpart_last_get,
};
module_param_cb(kmalloc_part_last, &pmb_kpart_last_ops, NULL, 0444);
MODULE_PARM_DESC(kmalloc_part_last,
		 "kmalloc-part: objects, types, slabs and bytes per partition of the last footprint taken (read-only)");

const struct pmb_backend_ops pmb_backend_kmalloc_part = {
	.size_max	= KMALLOC_MAX_SIZE,
	.obj_bytes	= pmb_kpart_obj_bytes,
	.create		= pmb_kpart_create,
	.alloc		= pmb_kpart_alloc,
	.free		= pmb_kpart_free,
	.destroy	= pmb_kpart_destroy,
	.footprint	= pmb_kpart_footprint,
};
