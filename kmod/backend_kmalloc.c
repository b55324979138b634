// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc backend: one kmalloc() per object.  Its memory shares slab pages
 * (or the direct map) with unrelated objects, so it cannot be protected
 * without exposing its neighbours: protect and unprotect are absent, and
 * jobs that need them answer -EOPNOTSUPP.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "backend.h"

static size_t pmb_kmalloc_obj_bytes(size_t size)
{
	return kmalloc_size_roundup(size);
}

static inline void *pmb_kmalloc_one(struct pmb_objs *o)
{
	return kmalloc(o->size, PMB_JOB_GFP);
}

static int pmb_kmalloc_alloc(struct pmb_objs *o)
{
	return pmb_alloc_each(o, pmb_kmalloc_one);
}

static void pmb_kmalloc_free(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		kfree(o->obj[i]);
		/* A million of them: let others run, as vfree() does. */
		if (!(i % PMB_BATCH_CHECK_EVERY))
			cond_resched();
	}
	o->nr = 0;
}

static size_t pmb_kmalloc_len(const struct pmb_objs *o, const void *p)
{
	return ksize(p);
}

static void pmb_kmalloc_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	unsigned long i;
	long pages = pmb_pages_spanned(o, pmb_kmalloc_len);

	fp->pages = pages < 0 ? ~0ULL : pages;
	fp->vmap_areas = 0;
	fp->bytes_consumed = 0;
	for (i = 0; i < o->nr; i++)
		fp->bytes_consumed += ksize(o->obj[i]);
	fp->metadata_bytes = 0;	/* slab metadata is per slab, not per object */
	fp->va_bytes = 0;	/* the direct map: no address space of its own */
}

const struct pmb_backend_ops pmb_backend_kmalloc = {
	.size_max	= KMALLOC_MAX_SIZE,
	.obj_bytes	= pmb_kmalloc_obj_bytes,
	.alloc		= pmb_kmalloc_alloc,
	.free		= pmb_kmalloc_free,
	.destroy	= pmb_kmalloc_free,
	.footprint	= pmb_kmalloc_footprint,
};
