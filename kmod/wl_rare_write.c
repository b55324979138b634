// SPDX-License-Identifier: GPL-2.0
/*
 * rare_write: changing data that is protected.  One write of a whole
 * object (@size bytes) into a protected set, the way each backend lets
 * its users do it:
 *
 * - PMB_CAN_WRITE_RARE (pmalloc-wr, Stoppa's v23/prmem): ops->write_rare,
 *   through a temporary writable alias of the object's pages, unmapped and
 *   flushed before it returns; the protected mapping stays read-only.
 * - any other backend that can protect and unprotect: what its users can
 *   do today, unprotect, write, protect again.  The workload runs
 *   ops->unprotect and ops->protect on a view of the set holding only the
 *   object written (a struct pmb_objs with obj = &obj[i], one object,
 *   read-only): a backend flips the smallest unit it protects that holds
 *   the object, so vmalloc flips that object's own area (two
 *   set_memory_*() under cpa), the pool designs (pmalloc-genalloc,
 *   pmalloc-bump) the whole pool, per write.  Those flips check their
 *   ranges as they would for a user (no ->prepare: it would cover one
 *   flip only).
 *
 * The row needs PMB_CAN_PROTECT and PMB_CAN_UNPROTECT (every backend that
 * can protect has both); kmalloc cannot protect: unsupported.
 *
 * Timed: the writes of all @count objects, one after the other, from one
 * source buffer holding the pass's pattern: ops = count, so a sample is ns
 * per write; flips and tlb_flushes are those of the pass (0 flips for the
 * alias).  Untimed before: allocating the set, zeroing every object,
 * protecting the set, filling the source, the purge of lazily freed vmap
 * areas (purge_ns).  Untimed after: every object holds the pattern (the
 * writes landed); a write to the first and the last object faults (the
 * protected mapping is still read-only); for the alias, the address of the
 * last alias is no longer mapped (a read there faults, so a write would:
 * the drill never writes there, since the address may belong to someone
 * else by then); PMB_JOB_VERIFY; figures on the last pass; the teardown.
 * A check that fails ends the job with -EIO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "protect.h"
#include "timing.h"
#include "workload.h"

/* The source of every write: @size bytes of the pass's pattern. */
static int wl_rw_setup(struct pmb_ctx *ctx)
{
	ctx->state = kvmalloc(ctx->objs.size, PMB_JOB_GFP);
	return ctx->state ? 0 : -ENOMEM;
}

static void wl_rw_teardown(struct pmb_ctx *ctx)
{
	kvfree(ctx->state);
	ctx->state = NULL;
	pmb_objs_release(ctx);
}

/* A pattern byte per pass, never 0 (the objects start zeroed). */
static u8 wl_rw_pattern(const struct pmb_ctx *ctx)
{
	return 1 + ctx->pass % 255;
}

static int wl_rw_alias(struct pmb_objs *o, const void *src,
		       int (*write_rare)(struct pmb_objs *, void *,
					 const void *, size_t))
{
	unsigned long i;
	int ret;

	for (i = 0; i < o->nr; i++) {
		if (unlikely(!(i % PMB_BATCH_CHECK_EVERY)) &&
		    signal_pending(current))
			return -EINTR;
		ret = write_rare(o, o->obj[i], src, o->size);
		if (unlikely(ret))
			return ret;
	}
	return 0;
}

/* Unprotect the unit holding each object, write, protect it again. */
static int wl_rw_flip(struct pmb_ctx *ctx, const void *src)
{
	const struct pmb_backend_ops *be = ctx->be;
	struct pmb_objs *o = &ctx->objs;
	struct pmb_objs one = *o;
	unsigned long i;
	int ret = 0;

	one.count = 1;
	one.nr = 1;
	for (i = 0; i < o->nr; i++) {
		if (unlikely(!(i % PMB_BATCH_CHECK_EVERY)) &&
		    signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		one.obj = &o->obj[i];
		one.nr_ro = 1;
		one.checked = 0;
		ret = be->unprotect(&one);
		if (unlikely(ret))
			break;
		memcpy(o->obj[i], src, o->size);
		ret = be->protect(&one);
		if (unlikely(ret))
			break;
	}
	o->flips = one.flips;
	o->flushes = one.flushes;
	return ret;
}

/* Every object holds the pattern: the writes landed. */
static int wl_rw_landed(struct pmb_ctx *ctx, u8 pat)
{
	struct pmb_objs *o = &ctx->objs;
	unsigned long i;
	u8 *bad;

	for (i = 0; i < o->nr; i++) {
		bad = memchr_inv(o->obj[i], pat, o->size);
		if (bad) {
			pr_warn("rare_write (%s): object %lu of %lu: byte %td is %#x, not %#x\n",
				ctx->be_name, i, o->nr, bad - (u8 *)o->obj[i],
				*bad, pat);
			return -EIO;
		}
		if (!(i % PMB_BATCH_CHECK_EVERY))
			cond_resched();
	}
	return 0;
}

/* A write to the first and the last object faults. */
static int wl_rw_still_ro(struct pmb_ctx *ctx)
{
	struct pmb_objs *o = &ctx->objs;
	int first = pmb_fault_drill(o->obj[0]);
	int last = pmb_fault_drill(o->obj[o->nr - 1]);

	if (first == 1 && last == 1)
		return 0;
	pr_warn("rare_write (%s): the protected mapping took a write (drill %d, %d)\n",
		ctx->be_name, first, last);
	return -EIO;
}

/* Is @page one of the pages of @obj (@size bytes)? */
static bool wl_rw_page_of(const void *obj, size_t size, struct page *page)
{
	unsigned long p = (unsigned long)obj & PAGE_MASK;
	unsigned long end = (unsigned long)obj + size;

	for (; p < end; p += PAGE_SIZE)
		if (vmalloc_to_page((void *)p) == page)
			return true;
	return false;
}

/*
 * The last alias is gone: its address can no longer be read (so a write
 * there faults too).  Readable, it is a bug if no PTE maps it (a stale TLB
 * entry: the flush did not happen) or if it still maps a page of the last
 * object; mapped to another page, the address was reused by someone else
 * since, and nothing can be said (pr_info).
 */
static int wl_rw_alias_gone(struct pmb_ctx *ctx)
{
	struct pmb_objs *o = &ctx->objs;
	void *a = o->wr_alias;
	struct page *page;
	u8 b;

	if (!a) {
		pr_warn("rare_write (%s): no alias recorded\n", ctx->be_name);
		return -EIO;
	}
	if (copy_from_kernel_nofault(&b, a, 1))
		return 0;
	page = is_vmalloc_addr(a) ? vmalloc_to_page(a) : NULL;
	if (!page || wl_rw_page_of(o->obj[o->nr - 1], o->size, page)) {
		pr_warn("rare_write (%s): the alias at %px outlived its write (%s)\n",
			ctx->be_name, a, page ? "still mapped" : "stale TLB entry");
		return -EIO;
	}
	pr_info("rare_write (%s): the last alias's address was reused; not judged\n",
		ctx->be_name);
	return 0;
}

static int wl_rw_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	u8 pat = wl_rw_pattern(ctx);
	unsigned long i, flushes0, flips0;
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	for (i = 0; i < o->nr; i++)
		memset(o->obj[i], 0, o->size);
	ret = ctx->be->protect(o);
	if (ret)
		goto out;
	memset(ctx->state, pat, o->size);
	o->wr_alias = NULL;
	pmb_purge_vmap(ctx);
	flushes0 = pmb_objs_flushes(ctx);
	flips0 = o->flips;
	pmb_clock_start(&c);
	if (ctx->be->write_rare)
		ret = wl_rw_alias(o, ctx->state, ctx->be->write_rare);
	else
		ret = wl_rw_flip(ctx, ctx->state);
	pmb_clock_stop(&c, s, o->count, ctx->cpu);
	if (ret)
		goto out;
	pmb_note_flips(ctx, flushes0, flips0);
	ret = wl_rw_landed(ctx, pat) ?: wl_rw_still_ro(ctx);
	if (!ret && ctx->be->write_rare)
		ret = wl_rw_alias_gone(ctx);
	if (!ret)
		ret = pmb_verify_objs(ctx, true);
	if (!ret && ctx->last_pass)
		pmb_take_figures(ctx);
out:
	pmb_objs_release(ctx);
	return ret;
}

const struct pmb_workload_ops pmb_wl_rare_write = {
	.setup		= wl_rw_setup,
	.pass		= wl_rw_pass,
	.teardown	= wl_rw_teardown,
};
