// SPDX-License-Identifier: GPL-2.0
/*
 * usercopy: what the hardened-usercopy check (CONFIG_HARDENED_USERCOPY,
 * mm/usercopy.c, the check Kees Cook asked protectable memory to pass)
 * costs per object.  copy_to_user() and copy_from_user() call
 * check_object_size() on the kernel side of every copy whose length is not
 * a compile-time constant; __check_object_size() rejects a wrapping or NULL
 * range, looks for the range on current's stack, then checks it against
 * the heap object it lies in: a slab object against its cache's usercopy
 * region (kmalloc), a vmalloc address against the vmap_area that
 * find_vmap_area() looks up in the global tree under vmap_area_lock
 * (vmalloc, and each pmalloc design, whose objects live in vmalloc
 * areas), a large page allocation against its folio; last, kernel text.
 *
 * Timed: check_object_size(obj, size, true) for each of the @count
 * objects, in allocation order, the direction copy_to_user() checks (the
 * only direction that makes sense for read-only memory); ops = count.
 * Nothing is copied: what is timed is the check a copy pays, not the copy.
 * Untimed: allocating the set and, where the job protects
 * (pmb_job_protects(): every backend but kmalloc), making it read-only
 * once before the passes, as its users would copy it out; the bounds
 * check below; PMB_JOB_VERIFY; the figures; the teardown after the
 * passes.
 *
 * A range the kernel does not accept is not an error it returns: it is
 * usercopy_abort(), a BUG().  Every object is therefore checked first,
 * untimed, to lie whole in memory the kernel check accepts (mapped
 * vmalloc pages with no guard page inside, or within its slab object or
 * page allocation); a set that does not pass ends the job with -EFAULT
 * before the first timed check.  @size never exceeds what the backend
 * allocated, so this is a guard against a backend's bug, not a limit.
 *
 * Not timed: the lookups each pmalloc design added for hardened usercopy
 * and upstream never merged (pmalloc_object_lookup() for the genalloc
 * design, pmalloc_bump_check_object() for v20-v22): a workload names no
 * backend, so timing them would take a backend op of their own.
 *
 * A kernel built without CONFIG_HARDENED_USERCOPY has no check to time:
 * the job answers -EOPNOTSUPP (unsupported).  One booted with
 * hardened_usercopy=off skips the check behind a static key the module
 * cannot see: its samples time that branch (the kernel command line is in
 * env.json).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/thread_info.h>
#include <linux/vmalloc.h>
#include "timing.h"
#include "workload.h"

/* Setup over a million objects: look for a signal every this many. */
#define WL_USERCOPY_CHECK_EVERY	4096

static int wl_usercopy_check(const struct pmb_ctx *ctx)
{
	return IS_ENABLED(CONFIG_HARDENED_USERCOPY) ? 0 : -EOPNOTSUPP;
}

/* Every page of [p, p + n) mapped in vmalloc space: no guard page inside. */
static bool wl_usercopy_vmalloc_fits(const char *p, size_t n)
{
	unsigned long a = (unsigned long)p & PAGE_MASK;
	unsigned long last = (unsigned long)p + n - 1;

	if (last < (unsigned long)p || !is_vmalloc_addr((void *)last))
		return false;
	for (; a <= last; a += PAGE_SIZE)
		if (!vmalloc_to_page((void *)a))
			return false;
	return true;
}

/*
 * [p, p + n) is what check_heap_object() accepts without aborting: the
 * mirror of its branches, conservative where it cannot be exact.
 */
static bool wl_usercopy_fits(const void *p, size_t n)
{
	struct folio *folio;

	if (ZERO_OR_NULL_PTR(p) || !n)
		return false;
	if (is_vmalloc_addr(p))
		return wl_usercopy_vmalloc_fits(p, n);
	if (!virt_addr_valid(p))
		return false;
	folio = virt_to_folio(p);
	if (folio_test_slab(folio))
		return ksize(p) >= n;
	if (folio_test_large(folio))
		return n <= folio_size(folio) -
			   ((const char *)p - (const char *)folio_address(folio));
	return offset_in_page(p) + n <= PAGE_SIZE;
}

static int wl_usercopy_bounds(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		if (!(i % WL_USERCOPY_CHECK_EVERY) && signal_pending(current))
			return -EINTR;
		if (!wl_usercopy_fits(o->obj[i], o->size)) {
			pr_warn("usercopy: object %lu (%zu bytes) is not one the kernel's check accepts; not checking it\n",
				i, o->size);
			return -EFAULT;
		}
	}
	return 0;
}

static int wl_usercopy_setup(struct pmb_ctx *ctx)
{
	struct pmb_objs *o = &ctx->objs;
	unsigned long flushes0, flips0;
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	ret = wl_usercopy_bounds(o);
	if (ret)
		return ret;
	if (ctx->protects) {
		flushes0 = pmb_objs_flushes(ctx);
		flips0 = o->flips;
		ret = ctx->be->protect(o);
		pmb_note_flips(ctx, flushes0, flips0);
		if (!ret)
			ret = pmb_verify_objs(ctx, true);
		if (ret)
			return ret;
	}
	pmb_take_figures(ctx);
	return 0;
}

/*
 * @size is not a compile-time constant here, so check_object_size() calls
 * __check_object_size() as copy_to_user() of a variable length does.
 */
static noinline void wl_usercopy_check_all(void *const *obj, unsigned long n,
					   size_t size)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		check_object_size(obj[i], size, true);
}

static int wl_usercopy_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	struct pmb_clock c;

	pmb_clock_start(&c);
	wl_usercopy_check_all(o->obj, o->nr, o->size);
	pmb_clock_stop(&c, s, o->nr, ctx->cpu);
	return 0;
}

const struct pmb_workload_ops pmb_wl_usercopy = {
	.check	= wl_usercopy_check,
	.setup	= wl_usercopy_setup,
	.pass	= wl_usercopy_pass,
};
