// SPDX-License-Identifier: GPL-2.0
/*
 * footprint: what @count objects of @size really take: pages holding them,
 * vmalloc areas, bytes consumed against bytes requested (kmalloc size
 * classes by ksize(), vmalloc page rounding, pmalloc chunk tails),
 * allocator bookkeeping and virtual space with guard pages.  The driver
 * adds DirectMap and /proc/vmstat counters around the job.
 *
 * Timed: ops->footprint, the measuring walk itself, ops = count; the
 * figures are the result, the sample is only its cost.  Untimed:
 * allocating the set before and freeing it after.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/sched/signal.h>
#include "timing.h"
#include "workload.h"

static int wl_footprint_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	struct pmb_footprint fp = {};
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	pmb_clock_start(&c);
	ctx->be->footprint(o, &fp);
	pmb_clock_stop(&c, s, o->count, ctx->cpu);
	pmb_store_figures(ctx, &fp);
	pmb_objs_release(ctx);
	if (fp.pages != ~0ULL)
		return 0;
	/* The walk stopped: for a signal, or for memory. */
	return signal_pending(current) ? -EINTR : -ENOMEM;
}

const struct pmb_workload_ops pmb_wl_footprint = {
	.pass	= wl_footprint_pass,
};
