// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc backend: one vmalloc area per object, protected object by object,
 * as a vmalloc + set_memory_ro user does today: the baseline a protected
 * memory allocator has to beat to be worth having.  Read-only objects are
 * always the prefix obj[0..nr_ro): protect walks forward, unprotect
 * backward.
 *
 * Never vfree() a read-only area: its pages would go back to the buddy
 * allocator still read-only (and with cpa, their direct-map alias too).
 * An object that cannot be made writable again is leaked, loudly.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "backend.h"
#include "protect.h"
#include "vm_cost.h"

static unsigned long pmb_vmalloc_pages(size_t size)
{
	return PAGE_ALIGN(size) >> PAGE_SHIFT;
}

/* One object's area and vmalloc()'s bookkeeping of it (vm_cost.h). */
static void pmb_vmalloc_cost(size_t size, struct pmb_vm_cost *c)
{
	pmb_vm_cost_add(c, pmb_vmalloc_pages(size));
}

static size_t pmb_vmalloc_obj_bytes(size_t size)
{
	struct pmb_vm_cost c = {};

	pmb_vmalloc_cost(size, &c);
	return PAGE_ALIGN(size) + c.meta_bytes;
}

static inline void *pmb_vmalloc_one(struct pmb_objs *o)
{
	return __vmalloc(o->size, PMB_JOB_GFP);
}

static int pmb_vmalloc_alloc(struct pmb_objs *o)
{
	o->checked = 0;		/* new objects: ->prepare has not seen them */
	return pmb_alloc_each(o, pmb_vmalloc_one);
}

static void pmb_vmalloc_free(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		vfree(o->obj[i]);
		cond_resched();
	}
	o->nr = 0;
	o->checked = 0;
}

/*
 * Check every object's range for the next flip op, untimed.  A million
 * objects take a while under an emulator: others get the CPU, and a
 * signal ends it, every PMB_BATCH_CHECK_EVERY objects.
 */
static int pmb_vmalloc_prepare(struct pmb_objs *o)
{
	struct pmb_range r = { .pages = pmb_vmalloc_pages(o->size) };
	unsigned long i;
	int ret;

	o->checked = 0;
	for (i = 0; i < o->nr; i++) {
		if (!(i % PMB_BATCH_CHECK_EVERY)) {
			if (signal_pending(current))
				return -EINTR;
			cond_resched();
		}
		r.addr = (unsigned long)o->obj[i];
		ret = pmb_check_ranges(o->method, &r, 1);
		if (ret)
			return ret;
	}
	o->checked = o->nr;
	return 0;
}

/* The next flip op: how many objects ->prepare checked for it. */
static unsigned long pmb_vmalloc_take_checked(struct pmb_objs *o)
{
	unsigned long checked = min(o->checked, o->nr);

	o->checked = 0;
	return checked;
}

/*
 * One object's protection call: set_memory_ro/rw() of its pages under
 * cpa, checked first unless ->prepare did (@checked).
 */
static __always_inline int pmb_vmalloc_flip(struct pmb_objs *o,
					    unsigned long i, bool ro,
					    bool checked)
{
	struct pmb_range r = {
		.addr = (unsigned long)o->obj[i],
		.pages = pmb_vmalloc_pages(o->size),
	};

	o->flips++;
	if (likely(checked))
		return pmb_flip_ranges(o->method, &r, 1, ro, &o->flushes);
	return pmb_set_ranges_ro(o->method, &r, 1, ro, &o->flushes);
}

/*
 * A signal ends a flip loop between two objects, looked for every
 * PMB_BATCH_CHECK_EVERY of them: one test per object in the timed loop,
 * and a 32768-object set still stops within a moment of SIGKILL.
 */
static inline bool pmb_vmalloc_interrupted(unsigned long i)
{
	return !(i % PMB_BATCH_CHECK_EVERY) && signal_pending(current);
}

static int pmb_vmalloc_protect(struct pmb_objs *o)
{
	unsigned long checked = pmb_vmalloc_take_checked(o);
	int ret;

	for (; o->nr_ro < o->nr; o->nr_ro++) {
		if (unlikely(pmb_vmalloc_interrupted(o->nr_ro)))
			return -EINTR;
		ret = pmb_vmalloc_flip(o, o->nr_ro, true, o->nr_ro < checked);
		if (unlikely(ret))
			return ret;
	}
	return 0;
}

static int pmb_vmalloc_unprotect(struct pmb_objs *o)
{
	unsigned long checked = pmb_vmalloc_take_checked(o);
	int ret;

	for (; o->nr_ro > 0; o->nr_ro--) {
		if (unlikely(pmb_vmalloc_interrupted(o->nr_ro)))
			return -EINTR;
		ret = pmb_vmalloc_flip(o, o->nr_ro - 1, false,
				       o->nr_ro - 1 < checked);
		if (unlikely(ret))
			return ret;
	}
	return 0;
}

/*
 * Make obj[from..nr_ro) writable in one pmb_set_ranges_ro() call (pte: one
 * flush round instead of one per object); true when done.
 */
static bool pmb_vmalloc_unprotect_rest(struct pmb_objs *o, unsigned long from)
{
	unsigned long i, n = o->nr_ro - from;
	struct pmb_range *r;
	bool done;

	if (n > UINT_MAX)
		return false;
	r = pmb_kvmalloc_mayfail(n, sizeof(*r), false);
	if (!r)
		return false;
	for (i = 0; i < n; i++) {
		r[i].addr = (unsigned long)o->obj[from + i];
		r[i].pages = pmb_vmalloc_pages(o->size);
	}
	o->flips++;
	done = !pmb_set_ranges_ro(o->method, r, n, false, &o->flushes);
	kvfree(r);
	return done;
}

/*
 * Unprotect and vfree each object in turn.  All of it is freed, signal or
 * not; on a signal (the job is over, its sample dropped) the read-only
 * objects left are made writable in one batch instead, where that works,
 * then freed.
 */
static void pmb_vmalloc_destroy(struct pmb_objs *o)
{
	unsigned long i, leaked = 0, checked = pmb_vmalloc_take_checked(o);
	bool batched = false;

	for (i = 0; i < o->nr; i++) {
		if (!batched && i < o->nr_ro && !(i % PMB_BATCH_CHECK_EVERY) &&
		    signal_pending(current)) {
			batched = true;
			if (pmb_vmalloc_unprotect_rest(o, i))
				o->nr_ro = i;
		}
		if (i < o->nr_ro && pmb_vmalloc_flip(o, i, false, i < checked)) {
			leaked++;
			continue;
		}
		vfree(o->obj[i]);
		cond_resched();
	}
	if (leaked)
		pr_err("leaked %lu read-only vmalloc objects that could not be made writable\n",
		       leaked);
	o->nr = 0;
	o->checked = 0;
	o->nr_ro = 0;
}

static void pmb_vmalloc_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	unsigned long i, p, areas = 0, npages = pmb_vmalloc_pages(o->size);
	struct pmb_vm_cost one = {};

	memset(fp, 0, sizeof(*fp));
	for (i = 0; i < o->nr; i++) {
		const char *addr = o->obj[i];

		if (!is_vmalloc_addr(addr))
			continue;
		areas++;
		for (p = 0; p < npages; p++)
			if (vmalloc_to_page(addr + p * PAGE_SIZE))
				fp->pages++;
	}
	/*
	 * Each object's area, and for objects above 2 MiB the vmalloc'd
	 * page array's area too, with their bookkeeping and guard pages.
	 */
	pmb_vmalloc_cost(o->size, &one);
	fp->vmap_areas = areas * one.areas;
	fp->metadata_bytes = areas * one.meta_bytes;
	fp->bytes_consumed = fp->pages * PAGE_SIZE + fp->metadata_bytes;
	fp->va_bytes = areas * one.va_bytes;
}

static unsigned long pmb_vmalloc_flushes(const struct pmb_objs *o)
{
	return o->flushes;
}

static int pmb_vmalloc_verify(struct pmb_objs *o, bool expect_ro,
			      struct pmb_verify_report *rep)
{
	struct pmb_range *r;
	unsigned long i;
	int ret;

	r = pmb_kvmalloc_mayfail(o->nr, sizeof(*r), false);
	if (!r)
		return -ENOMEM;
	for (i = 0; i < o->nr; i++) {
		r[i].addr = (unsigned long)o->obj[i];
		r[i].pages = pmb_vmalloc_pages(o->size);
	}
	ret = pmb_verify_ranges(r, o->nr, expect_ro, rep);
	kvfree(r);
	return ret;
}

const struct pmb_backend_ops pmb_backend_vmalloc = {
	.size_max	= SIZE_MAX,
	.obj_bytes	= pmb_vmalloc_obj_bytes,
	.alloc		= pmb_vmalloc_alloc,
	.free		= pmb_vmalloc_free,
	.protect	= pmb_vmalloc_protect,
	.unprotect	= pmb_vmalloc_unprotect,
	.prepare	= pmb_vmalloc_prepare,
	.destroy	= pmb_vmalloc_destroy,
	.footprint	= pmb_vmalloc_footprint,
	.flushes	= pmb_vmalloc_flushes,
	.verify		= pmb_vmalloc_verify,
};
