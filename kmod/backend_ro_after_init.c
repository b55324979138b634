// SPDX-License-Identifier: GPL-2.0
/*
 * ro-after-init backend: the zero-cost floor.  Objects in a static array
 * of this module marked __ro_after_init, so the compiler puts it in the
 * module's .data..ro_after_init section, which the kernel's module loader
 * makes read-only (set_memory_ro() on its pages, with
 * CONFIG_STRICT_MODULE_RWX) as soon as the module's init returns.  That is
 * how kernel code protects data it knows at boot today, and it costs
 * nothing at run time: no allocator, no flip, no flush; a read of it is a
 * read.  It is the reference for reads of protected memory: what any
 * design's protected reads would cost if protection cost nothing.
 *
 * Since nothing can write the data after init, what the read workload
 * reads in it is laid at init, by the read workload's own code
 * (read_layout.c, the same the workload runs on every other backend's
 * objects), for a fixed set of shapes: the module parameter
 * ro_after_init_shapes, SIZExCOUNT[,SIZExCOUNT...] (k and M multiply),
 * each laid twice, once as a chase and once as a sweep.  Its default
 * covers the read shapes of the default and quick suites that fit:
 * 64-byte objects by 64, 256, 1k and 4k, 4 KiB objects by 256 (4 KiB by
 * 4k would take 32 MiB).  The array's size, the floor's capacity, is a
 * build constant, PMB_RO_FLOOR_KIB (3 MiB; the .ko grows by it: the
 * section holds initialised data); shapes that do not fit fail the load.
 *
 * The row has no PMB_CAN_ALLOC: every workload but read is "unsupported"
 * (the engine says so from the registry), and so is a read of any shape
 * or pattern not laid (ops->laid, from the read workload's check).  It
 * has PMB_CAN_PROTECT, as the data is always read-only: ops->protect has
 * nothing to do (no flip, no flush: flips and tlb_flushes are 0), and
 * ops->verify walks the pages' PTEs and the fault drill drills them, as
 * for every protectable backend.
 *
 * Objects are @stride apart (@size rounded up to a pointer), each set
 * from a page boundary: 64-byte objects pack 64 to a page, as in a
 * pmalloc pool; 4 KiB objects are one page each, as with vmalloc.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cache.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/pgtable.h>

#include "backend.h"
#include "backend_ro_after_init.h"
#include "protect.h"
#include "read_layout.h"

/* The floor's capacity: make KCFLAGS=-DPMB_RO_FLOOR_KIB=N changes it. */
#ifndef PMB_RO_FLOOR_KIB
#define PMB_RO_FLOOR_KIB	3072
#endif
#define PMB_RO_FLOOR_BYTES	((size_t)PMB_RO_FLOOR_KIB * 1024)
/* Sets laid at most: two patterns per shape. */
#define PMB_RO_FLOOR_SETS	32

static char ro_after_init_shapes[256] = "64x64,64x256,64x1k,64x4k,4kx256";
module_param_string(ro_after_init_shapes, ro_after_init_shapes,
		    sizeof(ro_after_init_shapes), 0444);
MODULE_PARM_DESC(ro_after_init_shapes,
		 "shapes the ro-after-init floor lays at load, SIZExCOUNT[,SIZExCOUNT...] (k, M multiply), each as a chase and a sweep, within " __stringify(PMB_RO_FLOOR_KIB) " KiB; reads of any other shape are unsupported");

/* The floor: read-only from the moment the module's init returns. */
static u8 pmb_ro_floor[PMB_RO_FLOOR_BYTES] __ro_after_init __aligned(PAGE_SIZE);
static struct pmb_ro_floor_set pmb_ro_floor_sets[PMB_RO_FLOOR_SETS] __ro_after_init;
static unsigned int pmb_ro_floor_nr __ro_after_init;

const struct pmb_ro_floor_set *pmb_ro_floor_set(unsigned int i)
{
	return i < pmb_ro_floor_nr ? &pmb_ro_floor_sets[i] : NULL;
}

void pmb_ro_floor_area(const void **base, size_t *bytes)
{
	*base = pmb_ro_floor;
	*bytes = sizeof(pmb_ro_floor);
}

static size_t pmb_ro_floor_stride(size_t size)
{
	return ALIGN(size, sizeof(void *));
}

/* Bytes of a set from its page boundary: whole pages. */
static size_t pmb_ro_floor_set_bytes(const struct pmb_ro_floor_set *s)
{
	return PAGE_ALIGN(s->stride * s->count);
}

static const struct pmb_ro_floor_set *pmb_ro_floor_find(size_t size,
							unsigned long count,
							unsigned int layout)
{
	unsigned int i;

	for (i = 0; i < pmb_ro_floor_nr; i++) {
		const struct pmb_ro_floor_set *s = &pmb_ro_floor_sets[i];

		if (s->size == size && s->count == count && s->layout == layout)
			return s;
	}
	return NULL;
}

/* ---- laying the sets, at module init ---- */

/* Lay @s (base, size, stride, count, layout set) with the read workload's code. */
static int pmb_ro_floor_lay(struct pmb_ro_floor_set *s)
{
	unsigned long i;
	void **obj;
	int ret;

	obj = pmb_kvmalloc_mayfail(s->count, sizeof(*obj), false);
	if (!obj)
		return -ENOMEM;
	for (i = 0; i < s->count; i++)
		obj[i] = s->base + i * s->stride;
	if (s->layout == PMB_LAYOUT_CHASE)
		ret = pmb_lay_chase(obj, s->count, &s->head);
	else
		ret = pmb_lay_sweep(obj, s->count);
	kvfree(obj);
	return ret;
}

/* One SIZExCOUNT of the parameter, both patterns, from *@used on. */
static int pmb_ro_floor_add(const char *shape, size_t *used)
{
	unsigned long long size, count;
	const char *tok = shape;
	unsigned int layout;
	char *end;

	size = memparse(tok, &end);
	if (end == tok || (*end != 'x' && *end != 'X'))
		goto bad;
	tok = end + 1;
	count = memparse(tok, &end);
	if (end == tok || *end)
		goto bad;
	if (size < sizeof(void *) || size > PMB_JOB_SIZE_MAX || !count ||
	    count > PMB_JOB_COUNT_MAX) {
		pr_err("ro_after_init_shapes: %llux%llu: objects of %zu to %llu bytes, 1 to %llu of them\n",
		       size, count, sizeof(void *), PMB_JOB_SIZE_MAX,
		       PMB_JOB_COUNT_MAX);
		return -EINVAL;
	}
	if (pmb_ro_floor_find(size, count, PMB_LAYOUT_CHASE)) {
		pr_err("ro_after_init_shapes: %llux%llu named twice\n", size, count);
		return -EINVAL;
	}
	for (layout = PMB_LAYOUT_CHASE; layout <= PMB_LAYOUT_SWEEP; layout++) {
		struct pmb_ro_floor_set *s = &pmb_ro_floor_sets[pmb_ro_floor_nr];
		size_t bytes;
		int ret;

		if (pmb_ro_floor_nr == PMB_RO_FLOOR_SETS) {
			pr_err("ro_after_init_shapes: more than %d shapes\n",
			       PMB_RO_FLOOR_SETS / 2);
			return -E2BIG;
		}
		*s = (struct pmb_ro_floor_set){
			.base = (char *)pmb_ro_floor + *used, .size = size,
			.stride = pmb_ro_floor_stride(size), .count = count,
			.layout = layout,
		};
		bytes = pmb_ro_floor_set_bytes(s);
		if (bytes > sizeof(pmb_ro_floor) - *used) {
			pr_err("ro_after_init_shapes: %llux%llu (%s) needs %zu KiB, %zu KiB of the floor's %d KiB are left (PMB_RO_FLOOR_KIB)\n",
			       size, count, pmb_layout_name(layout), bytes >> 10,
			       (sizeof(pmb_ro_floor) - *used) >> 10,
			       PMB_RO_FLOOR_KIB);
			return -E2BIG;
		}
		ret = pmb_ro_floor_lay(s);
		if (ret)
			return ret;
		*used += bytes;
		pmb_ro_floor_nr++;
	}
	return 0;
bad:
	pr_err("ro_after_init_shapes: '%s': expected SIZExCOUNT, as in 64x4k\n", shape);
	return -EINVAL;
}

int pmb_ro_floor_init(void)
{
	char buf[sizeof(ro_after_init_shapes)], *p = buf, *tok;
	size_t used = 0;
	int ret;

	strscpy(buf, ro_after_init_shapes, sizeof(buf));
	pmb_ro_floor_nr = 0;
	while ((tok = strsep(&p, ","))) {
		if (!*tok)
			continue;
		ret = pmb_ro_floor_add(tok, &used);
		if (ret)
			return ret;
	}
	pr_info("ro-after-init floor: %u sets laid, %zu of %zu KiB (.data..ro_after_init), read-only once the module's init returns\n",
		pmb_ro_floor_nr, used >> 10, sizeof(pmb_ro_floor) >> 10);
	return 0;
}

/* ---- the backend ---- */

/* The floor's first page is read-only: the module loader has protected it. */
static bool pmb_ro_floor_is_ro(void)
{
	unsigned int level;
	pte_t *ptep = lookup_address((unsigned long)pmb_ro_floor, &level);

	return ptep && pte_present(*ptep) && !(pte_flags(*ptep) & _PAGE_RW);
}

static int pmb_ro_floor_laid(size_t size, unsigned long count,
			     unsigned int layout)
{
	if (!pmb_ro_floor_find(size, count, layout)) {
		pr_info_ratelimited("ro-after-init: no %s of %lu objects of %zu bytes was laid at load (ro_after_init_shapes=%s): unsupported\n",
				    pmb_layout_name(layout), count, size,
				    ro_after_init_shapes);
		return -EOPNOTSUPP;
	}
	if (!pmb_ro_floor_is_ro()) {
		pr_info_ratelimited("ro-after-init: the floor is not read-only (the module still loading, or a kernel without CONFIG_STRICT_MODULE_RWX): unsupported\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Nothing is allocated at run time. */
static size_t pmb_ro_floor_obj_bytes(size_t size)
{
	return 0;
}

/* Hand out the set laid for this shape and pattern; nothing is written. */
static int pmb_ro_floor_alloc(struct pmb_objs *o)
{
	const struct pmb_ro_floor_set *s;
	unsigned long i;

	s = pmb_ro_floor_find(o->size, o->count, o->layout);
	if (!s)
		return -EOPNOTSUPP;
	for (i = o->nr; i < o->count; i++) {
		if (unlikely(i == o->fail_at)) {	/* the test hook */
			o->nr = i;
			return -ENOMEM;
		}
		o->obj[i] = s->base + i * s->stride;
	}
	o->nr = o->count;
	o->chase_head = s->layout == PMB_LAYOUT_CHASE ? s->head : NULL;
	o->priv = (void *)s;
	return 0;
}

/* Read-only since init: nothing to flip, nothing to flush. */
static int pmb_ro_floor_protect(struct pmb_objs *o)
{
	o->nr_ro = o->nr;
	return 0;
}

static void pmb_ro_floor_destroy(struct pmb_objs *o)
{
	o->nr = 0;
	o->nr_ro = 0;
	o->chase_head = NULL;
	o->priv = NULL;
}

/* The pages obj[0..nr) span from the set's page boundary. */
static struct pmb_range pmb_ro_floor_range(const struct pmb_objs *o)
{
	const struct pmb_ro_floor_set *s = o->priv;

	return (struct pmb_range){
		.addr = (unsigned long)s->base,
		.pages = DIV_ROUND_UP(o->nr * s->stride, PAGE_SIZE),
	};
}

/*
 * The objects' pages, part of the module's image: no vmalloc area of
 * their own (the module's one area holds its code and data too), no
 * bookkeeping.
 */
static void pmb_ro_floor_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	memset(fp, 0, sizeof(*fp));
	if (!o->nr || !o->priv)
		return;
	fp->pages = pmb_ro_floor_range(o).pages;
	fp->bytes_consumed = fp->pages * PAGE_SIZE;
	fp->va_bytes = fp->pages * PAGE_SIZE;
}

static unsigned long pmb_ro_floor_flushes(const struct pmb_objs *o)
{
	return o->flushes;
}

static int pmb_ro_floor_verify(struct pmb_objs *o, bool expect_ro,
			       struct pmb_verify_report *rep)
{
	struct pmb_range r;

	if (!o->nr || !o->priv)
		return -EINVAL;
	r = pmb_ro_floor_range(o);
	return pmb_verify_ranges(&r, 1, expect_ro, rep);
}

const struct pmb_backend_ops pmb_backend_ro_after_init = {
	.size_max	= SIZE_MAX,	/* the shapes laid decide */
	.obj_bytes	= pmb_ro_floor_obj_bytes,
	.alloc		= pmb_ro_floor_alloc,
	.protect	= pmb_ro_floor_protect,
	.destroy	= pmb_ro_floor_destroy,
	.footprint	= pmb_ro_floor_footprint,
	.flushes	= pmb_ro_floor_flushes,
	.verify		= pmb_ro_floor_verify,
	.laid		= pmb_ro_floor_laid,
};
