// SPDX-License-Identifier: GPL-2.0
/*
 * usercopy, copyout and copyout_unchecked: the hardened-usercopy check
 * alone, and a real copy of each object to user space with it and without.
 *
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
 * Untimed: allocating the set, filling every object with a pattern
 * (copyout hands them to user space), and, where the job protects
 * (pmb_job_protects(): every backend but kmalloc), making it read-only
 * once before the passes, as its users would copy it out; the bounds
 * check below; PMB_JOB_VERIFY; the figures; the teardown after the
 * passes.
 *
 * copyout: copy_to_user() of each object, whole, to one buffer in the
 *   calling process (the driver), as a read() or ioctl handing the object
 *   out would: the check above, then _copy_to_user() (might_fault(),
 *   access_ok(), the copy between STAC and CLAC).  Timed: the @count
 *   copies, ops = count.
 * copyout_unchecked: the same copies through _copy_to_user(), what
 *   copy_to_user() calls once the check passed: the copy without the
 *   check.  copyout minus copyout_unchecked is the check's share of a
 *   copy.  It needs no CONFIG_HARDENED_USERCOPY.
 *   Both: the buffer (the object's size rounded up to pages, at most
 *   PMB_JOB_SIZE_MAX) is mapped with vm_mmap() and faulted in before the
 *   passes and unmapped after them, untimed; every copy overwrites it, so
 *   the destination stays in cache and the numbers are a copy's best case.
 *   A samples array of the job that the mapping overlaps (one that ran
 *   past the process's memory, into the hole the mapping took) is EFAULT
 *   before any pass, as it would have been without the mapping.
 *   The driver's page-faults counter sees the buffer's faults.  A copy
 *   that does not complete (the process unmapped the buffer under us) ends
 *   the job with -EFAULT.  Untimed, as for usercopy: the set, its
 *   protection, the bounds check, verify, figures, teardown.
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

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/thread_info.h>
#include <linux/uaccess.h>
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

/*
 * copyout hands the objects' bytes to user space: never what the allocator
 * left in them (init_on_alloc may be off), always this pattern.
 */
#define WL_USERCOPY_FILL	0x5a

static int wl_usercopy_init(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		if (!(i % WL_USERCOPY_CHECK_EVERY) && signal_pending(current))
			return -EINTR;
		memset(o->obj[i], WL_USERCOPY_FILL, o->size);
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
	ret = wl_usercopy_bounds(o) ?: wl_usercopy_init(o);
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

/* The user buffer of a copyout job, in the calling process. */
struct wl_copyout {
	unsigned long addr;
	size_t len;
};

static bool wl_copyout_overlaps_samples(const struct pmb_job *job,
					unsigned long addr, size_t len)
{
	u64 from = job->samples_ptr;
	u64 bytes = (u64)(job->warmup + job->repeats) * sizeof(struct pmb_sample);

	/* The engine checked access_ok() on the array: no wrap. */
	return from < (u64)addr + len && (u64)addr < from + bytes;
}

static int wl_copyout_setup(struct pmb_ctx *ctx)
{
	struct wl_copyout *co;
	unsigned long addr;
	int ret;

	ret = wl_usercopy_setup(ctx);
	if (ret)
		return ret;
	co = kzalloc(sizeof(*co), GFP_KERNEL);
	if (!co)
		return -ENOMEM;
	co->len = PAGE_ALIGN(ctx->objs.size);
	addr = vm_mmap(NULL, 0, co->len, PROT_READ | PROT_WRITE,
		       MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr)) {
		kfree(co);
		return (int)addr;
	}
	co->addr = addr;
	ctx->state = co;
	/*
	 * The mapping went where the process had nothing: where a samples
	 * array the job was given runs past its memory, it may have gone
	 * right there, and the samples would land in it instead of faulting.
	 * That array was bad before we mapped anything: EFAULT, as it would
	 * have been.  An array clear of the mapping is as valid as before.
	 */
	if (wl_copyout_overlaps_samples(ctx->job, addr, co->len))
		return -EFAULT;
	/* Its page faults belong to no copy: take them now. */
	if (!clear_user((void __user *)addr, co->len))
		return 0;
	/*
	 * A fresh private mapping fails to fault in for a fatal signal (the
	 * job was interrupted) or for want of a page.
	 */
	return signal_pending(current) ? -EINTR : -ENOMEM;
}

static void wl_copyout_teardown(struct pmb_ctx *ctx)
{
	struct wl_copyout *co = ctx->state;

	if (co) {
		vm_munmap(co->addr, co->len);
		kfree(co);
		ctx->state = NULL;
	}
	pmb_objs_release(ctx);
}

/* @size is not a compile-time constant: copy_to_user() checks the object. */
static noinline unsigned long wl_copyout_checked(void __user *to,
						 void *const *obj,
						 unsigned long n, size_t size)
{
	unsigned long i, left = 0;

	for (i = 0; i < n; i++)
		left |= copy_to_user(to, obj[i], size);
	return left;
}

/* What copy_to_user() calls once check_copy_size() has passed. */
static noinline unsigned long wl_copyout_raw(void __user *to,
					     void *const *obj,
					     unsigned long n, size_t size)
{
	unsigned long i, left = 0;

	for (i = 0; i < n; i++)
		left |= _copy_to_user(to, obj[i], size);
	return left;
}

static int wl_copyout_run(struct pmb_ctx *ctx, struct pmb_sample *s,
			  bool checked)
{
	struct wl_copyout *co = ctx->state;
	void __user *to = (void __user *)co->addr;
	struct pmb_objs *o = &ctx->objs;
	struct pmb_clock c;
	unsigned long left;

	if (checked) {
		pmb_clock_start(&c);
		left = wl_copyout_checked(to, o->obj, o->nr, o->size);
		pmb_clock_stop(&c, s, o->nr, ctx->cpu);
	} else {
		pmb_clock_start(&c);
		left = wl_copyout_raw(to, o->obj, o->nr, o->size);
		pmb_clock_stop(&c, s, o->nr, ctx->cpu);
	}
	if (!left)
		return 0;
	return signal_pending(current) ? -EINTR : -EFAULT;
}

static int wl_copyout_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	return wl_copyout_run(ctx, s, true);
}

static int wl_copyout_unchecked_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	return wl_copyout_run(ctx, s, false);
}

const struct pmb_workload_ops pmb_wl_copyout = {
	.check		= wl_usercopy_check,
	.setup		= wl_copyout_setup,
	.pass		= wl_copyout_pass,
	.teardown	= wl_copyout_teardown,
};

/* The copy alone: runs on a kernel without the check too. */
const struct pmb_workload_ops pmb_wl_copyout_unchecked = {
	.setup		= wl_copyout_setup,
	.pass		= wl_copyout_unchecked_pass,
	.teardown	= wl_copyout_teardown,
};
