// SPDX-License-Identifier: GPL-2.0
/*
 * grow: the lifecycle of Stoppa's pmalloc from v20 on, where a pool still
 * takes allocations after it was protected: allocate, protect, allocate
 * more, protect again.  The new objects go into new areas, protected on
 * their own; the areas protected before stay read-only.  Its row needs
 * PMB_CAN_GROW: pmalloc-bump (v20-v22) and vmalloc (each object its own
 * area) have it; kmalloc cannot protect and pmalloc-genalloc (v11-v19)
 * refuses every allocation once its pool is protected: both unsupported.
 *
 * A pass grows one set of @count objects in WL_GROW_ROUNDS rounds (fewer
 * when @count is smaller; @count must be at least 2, so there is growth),
 * round k allocating obj[count * k / rounds .. count * (k + 1) / rounds)
 * and then protecting what is new: ops->alloc of the batch, ops->protect.
 *
 * Timed: the last round, allocating its batch and protecting it, with the
 * earlier rounds' objects (three quarters of the set, protected) already
 * in place: ops = the batch's objects, so a sample is ns per object of a
 * round of growth; tlb_flushes and flips are that round's.  It is timed
 * in two pieces, the allocation and the protect, summed: between them,
 * untimed, ops->prepare checks the new batch's ranges, and before the
 * first the lazily freed vmap areas are purged (purge_ns), as in protect.
 * Untimed: creating the set (pmalloc: the pool) and the earlier rounds;
 * after each earlier round's allocation, a fault drill that the oldest and
 * the newest protected objects still refuse a write and the first new one
 * takes it; after the timed round, a drill that the first object of every
 * round and the last object refuse a write (the old areas stayed
 * read-only, the new ones became so); PMB_JOB_VERIFY (every page of
 * every object read-only, direct-map alias); the figures on the last
 * pass; destroying the set.  A drill that finds a write going where it
 * should not, or faulting where it should go, ends the job with -EIO.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/minmax.h>
#include "protect.h"
#include "timing.h"
#include "workload.h"

#define WL_GROW_ROUNDS	4

static int wl_grow_check(const struct pmb_ctx *ctx)
{
	return ctx->objs.count < 2 ? -EINVAL : 0;
}

static unsigned int wl_grow_rounds(unsigned long count)
{
	return min_t(unsigned long, WL_GROW_ROUNDS, count);
}

/* One past the last object of round @k (count <= PMB_JOB_COUNT_MAX). */
static unsigned long wl_grow_end(unsigned long count, unsigned int rounds,
				 unsigned int k)
{
	return count * (k + 1) / rounds;
}

/* Does a write to obj[@i] fault (@ro) or go through (!@ro), as expected? */
static int wl_grow_drill(struct pmb_ctx *ctx, unsigned long i, bool ro)
{
	int got = pmb_fault_drill(ctx->objs.obj[i]);

	if (got == (ro ? 1 : 0))
		return 0;
	pr_warn("grow (%s): object %lu of %lu: a write %s (drill %d)\n",
		ctx->be_name, i, ctx->objs.nr,
		ro ? "went through where the object should be read-only" :
		     "faulted where the new object should be writable", got);
	return -EIO;
}

/* After a round's allocation: obj[0..@from) protected, obj[@from..nr) not. */
static int wl_grow_drill_grown(struct pmb_ctx *ctx, unsigned long from)
{
	return wl_grow_drill(ctx, 0, true) ?:
	       wl_grow_drill(ctx, from - 1, true) ?:
	       wl_grow_drill(ctx, from, false);
}

/* After the last protect: every round's first object and the last one. */
static int wl_grow_drill_all(struct pmb_ctx *ctx, unsigned int rounds)
{
	unsigned long count = ctx->objs.count;
	unsigned int k;
	int ret;

	for (k = 0; k < rounds; k++) {
		ret = wl_grow_drill(ctx, k ? wl_grow_end(count, rounds, k - 1) : 0,
				    true);
		if (ret)
			return ret;
	}
	return wl_grow_drill(ctx, count - 1, true);
}

static int wl_grow_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	unsigned long count = o->count, from, flushes0, flips0;
	unsigned int k, rounds = wl_grow_rounds(count);
	struct pmb_sample more;
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_create(ctx);
	if (ret)
		goto out;
	for (k = 0; k + 1 < rounds; k++) {
		from = o->nr;
		o->count = wl_grow_end(count, rounds, k);
		ret = ctx->be->alloc(o);
		if (!ret && k)
			ret = wl_grow_drill_grown(ctx, from);
		if (!ret)
			ret = ctx->be->protect(o);
		if (ret)
			goto out;
	}
	from = o->nr;
	o->count = count;
	pmb_purge_vmap(ctx);
	flushes0 = pmb_objs_flushes(ctx);
	flips0 = o->flips;
	pmb_clock_start(&c);
	ret = ctx->be->alloc(o);
	pmb_clock_stop(&c, s, count - from, ctx->cpu);
	if (ret)
		goto out;
	/* The new batch's range checks, untimed, between the two pieces. */
	ret = pmb_objs_prepare(ctx);
	if (ret)
		goto out;
	pmb_clock_start(&c);
	ret = ctx->be->protect(o);
	pmb_clock_stop(&c, &more, count - from, ctx->cpu);
	pmb_sample_add(s, &more);
	if (ret)
		goto out;
	pmb_note_flips(ctx, flushes0, flips0);
	ret = wl_grow_drill_all(ctx, rounds) ?: pmb_verify_objs(ctx, true);
	if (!ret && ctx->last_pass)
		pmb_take_figures(ctx);
out:
	o->count = count;
	pmb_objs_release(ctx);
	return ret;
}

const struct pmb_workload_ops pmb_wl_grow = {
	.check	= wl_grow_check,
	.pass	= wl_grow_pass,
};
