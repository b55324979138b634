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
 * Timed: one walk of @count loads, ops = count (ns per access).
 * Untimed: allocation, linking, protection, figures, teardown.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include "timing.h"
#include "workload.h"

/* Each object holds a pointer; only a protected set has anything to verify. */
static int wl_read_check(const struct pmb_ctx *ctx)
{
	u32 flags = ctx->job->flags;

	if (ctx->objs.size < sizeof(void *))
		return -EINVAL;
	if ((flags & PMB_JOB_VERIFY) && !(flags & PMB_JOB_READ_PROTECTED))
		return -EINVAL;
	return 0;
}

/* xorshift64*: reproducible, so icount runs walk the same cycle. */
static u64 wl_read_rand(u64 *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/*
 * Setup loops (untimed) over a million objects run for seconds under an
 * emulator: they look for a signal every this many objects.
 */
#define WL_READ_CHECK_EVERY	4096

static bool wl_read_interrupted(unsigned long i)
{
	return !(i % WL_READ_CHECK_EVERY) && signal_pending(current);
}

/* Shuffle the addresses, then link each to the next, the last to the first. */
static int wl_read_link_chase(struct pmb_ctx *ctx)
{
	struct pmb_objs *o = &ctx->objs;
	u64 seed = 0x9e3779b97f4a7c15ULL ^ o->nr;
	unsigned long i;
	void **order;
	int ret = -EINTR;

	order = pmb_kvmalloc_mayfail(o->nr, sizeof(*order), false);
	if (!order)
		return -ENOMEM;
	memcpy(order, o->obj, o->nr * sizeof(*order));
	for (i = o->nr - 1; i > 0; i--) {
		if (wl_read_interrupted(i))
			goto out;
		swap(order[i], order[wl_read_rand(&seed) % (i + 1)]);
	}
	for (i = 0; i < o->nr; i++) {
		if (wl_read_interrupted(i))
			goto out;
		*(void **)order[i] = order[(i + 1) % o->nr];
	}
	ctx->state = order[0];
	ret = 0;
out:
	kvfree(order);
	return ret;
}

static int wl_read_init_sweep(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		if (wl_read_interrupted(i))
			return -EINTR;
		*(unsigned long *)o->obj[i] = i;
	}
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
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	if (ctx->job->flags & PMB_JOB_READ_SWEEP)
		ret = wl_read_init_sweep(&ctx->objs);
	else
		ret = wl_read_link_chase(ctx);
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
