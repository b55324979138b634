// SPDX-License-Identifier: GPL-2.0
/*
 * pmalloc-bump backend: Stoppa's pmalloc as of v20-v22 (pmalloc_bump.h),
 * one pool per set holding all @count objects, protected by one
 * pmalloc_bump_protect() of the whole pool.
 *
 * There is no free in that design (objects go back only with the pool),
 * so .free is NULL and the free workload is reported unsupported.  There
 * is no way back to writable either, but destroy: .unprotect is the
 * module's own benchmark hook, pmalloc_bump_unprotect(), as for the
 * genalloc backend, so the reverse flip can be timed.
 *
 * The refill (the least an area gets) is the module parameter
 * bump_refill_pages, read when a job creates its pool: a suite compares
 * refills by running twice with the parameter set in between.  Suites
 * and job requests have no field for a backend setting, and adding one
 * would change the ABI, the driver and the result lines for one knob of
 * one backend.  The alignment is the default, ARCH_KMALLOC_MINALIGN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include "backend.h"
#include "backend_pmalloc_bump.h"
#include "pmalloc_bump.h"

/* 2 MiB: a 16-page refill and more, well within a job's limits. */
#define PMB_BUMP_REFILL_PAGES_MAX	512

static unsigned int bump_refill_pages = 1;

static int pmb_bump_refill_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n < 1 || n > PMB_BUMP_REFILL_PAGES_MAX)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, n);
	return 0;
}

static const struct kernel_param_ops pmb_bump_refill_ops = {
	.set	= pmb_bump_refill_set,
	.get	= param_get_uint,
};
module_param_cb(bump_refill_pages, &pmb_bump_refill_ops, &bump_refill_pages,
		0644);
MODULE_PARM_DESC(bump_refill_pages,
		 "pmalloc-bump: pages a pool's area gets at least (1-512, default 1); read when a job creates its pool");

static size_t pmb_bump_refill(void)
{
	return (size_t)READ_ONCE(bump_refill_pages) << PAGE_SHIFT;
}

/*
 * Upper bound per object, for the job limits.  Up to the refill, an area
 * of refill bytes holds refill / ALIGN(size) objects exactly (each takes
 * its size rounded up to the alignment, from a page-aligned top) and
 * costs its bookkeeping besides; above it, every object has an area of
 * its own, its size rounded to pages.  Not covered: the unused part of
 * the last area of a job (less than one refill, 2 MiB at most), and a
 * write of the parameter between the job's check and its pool.
 */
size_t pmb_bump_obj_bytes_refill(size_t size, size_t refill)
{
	size_t unit = ALIGN(size, ARCH_KMALLOC_MINALIGN);

	if (size > refill)
		return PAGE_ALIGN(size) + pmalloc_bump_area_overhead(size);
	return DIV_ROUND_UP(refill + pmalloc_bump_area_overhead(refill),
			    refill / unit);
}

static size_t pmb_bump_obj_bytes(size_t size)
{
	return pmb_bump_obj_bytes_refill(size, pmb_bump_refill());
}

int pmb_bump_create_refill(struct pmb_objs *o, size_t refill)
{
	struct pmalloc_bump_pool *pool;

	pool = pmalloc_bump_create(refill, 0, o->method);
	if (!pool)
		return -ENOMEM;
	/* A refill gives up on a signal: the job ends with -EINTR. */
	pmalloc_bump_set_interruptible(pool, true);
	o->priv = pool;
	return 0;
}

static int pmb_bump_create(struct pmb_objs *o)
{
	return pmb_bump_create_refill(o, pmb_bump_refill());
}

static inline void *pmb_bump_one(struct pmb_objs *o)
{
	return pmalloc_bump_alloc(o->priv, o->size);
}

int pmb_bump_alloc(struct pmb_objs *o)
{
	return pmb_alloc_each(o, pmb_bump_one);
}

int pmb_bump_protect(struct pmb_objs *o)
{
	o->flips++;
	return pmalloc_bump_protect(o->priv);
}

int pmb_bump_unprotect(struct pmb_objs *o)
{
	o->flips++;
	return pmalloc_bump_unprotect(o->priv);
}

int pmb_bump_prepare(struct pmb_objs *o)
{
	return pmalloc_bump_prepare_flip(o->priv);
}

void pmb_bump_destroy(struct pmb_objs *o)
{
	pmalloc_bump_destroy(o->priv);
	o->priv = NULL;
	o->nr = 0;
	o->nr_ro = 0;
}

/*
 * bytes_consumed: the areas' pages and all the bookkeeping for them, ours
 * and vmalloc's (metadata_bytes, estimated by the same rules as for the
 * vmalloc backend).  Every area is one vmalloc area with its guard page.
 */
void pmb_bump_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	struct pmalloc_bump_stats st;

	pmalloc_bump_stats(o->priv, &st);
	fp->pages = st.pages;
	fp->vmap_areas = st.areas;
	fp->metadata_bytes = (u64)st.metadata_bytes + st.vmalloc_meta_bytes;
	fp->bytes_consumed = (u64)st.pages * PAGE_SIZE + fp->metadata_bytes;
	fp->va_bytes = ((u64)st.pages + st.areas) * PAGE_SIZE;
}

/* The pool counts its own flushes; a destroyed pool has none to tell. */
unsigned long pmb_bump_flushes(const struct pmb_objs *o)
{
	struct pmalloc_bump_stats st;

	if (!o->priv)
		return ULONG_MAX;
	pmalloc_bump_stats(o->priv, &st);
	return st.tlb_flushes;
}

/*
 * Every page of every area, against the pool's own state; the engine
 * compares the read-only count with what it expects.
 */
int pmb_bump_verify(struct pmb_objs *o, bool expect_ro,
		    struct pmb_verify_report *rep)
{
	return pmalloc_bump_verify(o->priv, rep);
}

const struct pmb_backend_ops pmb_backend_pmalloc_bump = {
	.size_max	= PMALLOC_BUMP_SIZE_MAX,
	.obj_bytes	= pmb_bump_obj_bytes,
	.create		= pmb_bump_create,
	.alloc		= pmb_bump_alloc,
	.free		= NULL,		/* no free in v20-v22 */
	.protect	= pmb_bump_protect,
	.unprotect	= pmb_bump_unprotect,
	.prepare	= pmb_bump_prepare,
	.destroy	= pmb_bump_destroy,
	.footprint	= pmb_bump_footprint,
	.flushes	= pmb_bump_flushes,
	.verify		= pmb_bump_verify,
};
