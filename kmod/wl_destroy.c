// SPDX-License-Identifier: GPL-2.0
/*
 * destroy: tearing a finished set down.  pmalloc: destroy of the protected
 * pool; vmalloc: unprotect + vfree of each object; kmalloc (which cannot
 * be protected): kfree of each.
 *
 * Timed: ops->destroy of the whole set, ops = count.  Untimed: allocating
 * and, where the job protects (pmb_job_protects(): the backend can),
 * protecting it before, the footprint on the last pass, then the range
 * checks of the flips back (ops->prepare) and the purge of lazily freed
 * vmap areas (purge_ns).  tlb_flushes is unknown for pmalloc: the pool
 * that counted them is gone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/signal.h>
#include "timing.h"
#include "workload.h"

static int wl_destroy_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	unsigned long flushes0, flips0;
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	if (ctx->protects) {
		ret = ctx->be->protect(o);
		if (ret)
			goto fail;
	}
	if (ctx->last_pass)
		pmb_take_figures(ctx);
	ret = pmb_objs_prepare(ctx);
	if (ret)
		goto fail;
	pmb_purge_vmap(ctx);
	flushes0 = pmb_objs_flushes(ctx);
	flips0 = o->flips;
	pmb_clock_start(&c);
	ctx->be->destroy(o);
	pmb_clock_stop(&c, s, o->count, ctx->cpu);
	if (ctx->protects)
		pmb_note_flips(ctx, flushes0, flips0);
	/* A signal may have made the teardown take its fast way: no sample. */
	return signal_pending(current) ? -EINTR : 0;
fail:
	pmb_objs_release(ctx);
	return ret;
}

const struct pmb_workload_ops pmb_wl_destroy = {
	.pass	= wl_destroy_pass,
};
