// SPDX-License-Identifier: GPL-2.0
/*
 * read: TLB-sensitive loads through all @count objects, which are
 * allocated once (setup, untimed) and read by every pass.
 *
 * chase (default): the objects form one random cycle, each object holding
 *   the address of the next in its first word; dependent loads, so every
 *   access pays the full latency (TLB miss included).  The order is a
 *   shuffle with a fixed seed: the same job walks the same cycle.
 * sweep (PMB_JOB_READ_SWEEP): independent loads of each object's first
 *   word in allocation order, addresses taken from the object array.
 * PMB_JOB_READ_PROTECTED: the objects are made read-only after the cycle
 *   is written and before the first pass (the flag needs PMB_CAN_PROTECT:
 *   kmalloc answers -EOPNOTSUPP);
 *   PMB_JOB_VERIFY then checks the protection once.
 *
 * The contents are read_layout.c's.  A backend whose objects were laid at
 * load (ops->laid: the ro-after-init floor) hands them out with their
 * contents already there, for the shapes and pattern it laid (any other
 * job is "unsupported", from check()); nothing is written to them.
 *
 * Timed: one walk of @count loads, ops = count (ns per access).
 * Untimed: allocation, linking, protection, figures, teardown.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include "read_layout.h"
#include "timing.h"
#include "workload.h"

/* The contents the job's pattern reads. */
static unsigned int wl_read_layout(const struct pmb_job *job)
{
	return job->flags & PMB_JOB_READ_SWEEP ? PMB_LAYOUT_SWEEP :
	       PMB_LAYOUT_CHASE;
}

/* Each object holds a pointer; only a protected set has anything to verify. */
static int wl_read_check(const struct pmb_ctx *ctx)
{
	u32 flags = ctx->job->flags;

	if (ctx->objs.size < sizeof(void *))
		return -EINVAL;
	if ((flags & PMB_JOB_VERIFY) && !(flags & PMB_JOB_READ_PROTECTED))
		return -EINVAL;
	/* Laid at load: this shape and pattern, or "unsupported". */
	if (ctx->be->laid)
		return ctx->be->laid(ctx->objs.size, ctx->objs.count,
				     wl_read_layout(ctx->job));
	return 0;
}

static int wl_read_protect(struct pmb_ctx *ctx)
{
	unsigned long flushes0 = pmb_objs_flushes(ctx);
	unsigned long flips0 = ctx->objs.flips;
	int ret;

	ret = ctx->be->protect(&ctx->objs);
	pmb_note_flips(ctx, flushes0, flips0);
	return ret ?: pmb_verify_objs(ctx, true);
}

static int wl_read_setup(struct pmb_ctx *ctx)
{
	struct pmb_objs *o = &ctx->objs;
	int ret;

	o->layout = wl_read_layout(ctx->job);
	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	if (ctx->be->laid)	/* laid at load by the same code, read-only since */
		ctx->state = o->chase_head;
	else if (o->layout == PMB_LAYOUT_SWEEP)
		ret = pmb_lay_sweep(o->obj, o->nr);
	else
		ret = pmb_lay_chase(o->obj, o->nr, &ctx->state);
	/* READ_PROTECTED: the row makes the job protect, on a backend that can. */
	if (!ret && ctx->protects)
		ret = wl_read_protect(ctx);
	if (!ret)
		pmb_take_figures(ctx);
	return ret;
}

static noinline void *wl_read_chase(void *p, unsigned long n)
{
	while (n--)
		p = READ_ONCE(*(void **)p);
	return p;
}

static noinline unsigned long wl_read_sweep(void *const *obj, unsigned long n)
{
	unsigned long i, sum = 0;

	for (i = 0; i < n; i++)
		sum += READ_ONCE(*(unsigned long *)obj[i]);
	return sum;
}

static int wl_read_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	struct pmb_clock c;

	if (ctx->job->flags & PMB_JOB_READ_SWEEP) {
		pmb_clock_start(&c);
		ctx->sink += wl_read_sweep(o->obj, o->nr);
		pmb_clock_stop(&c, s, o->nr, ctx->cpu);
	} else {
		pmb_clock_start(&c);
		ctx->state = wl_read_chase(ctx->state, o->nr);
		pmb_clock_stop(&c, s, o->nr, ctx->cpu);
	}
	return 0;
}

const struct pmb_workload_ops pmb_wl_read = {
	.check	= wl_read_check,
	.setup	= wl_read_setup,
	.pass	= wl_read_pass,
};
