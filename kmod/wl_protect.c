// SPDX-License-Identifier: GPL-2.0
/*
 * protect and unprotect: all @count objects read-only, and back.
 * pmalloc: one pool holding the objects, one pmalloc_protect_pool();
 * vmalloc: one protection call per allocation, as its users do today.
 * Their rows need PMB_CAN_PROTECT (and unprotect PMB_CAN_UNPROTECT): the
 * engine answers -EOPNOTSUPP for kmalloc before a pass runs.  pmalloc's unprotect is the module's
 * benchmark hook, not part of Stoppa's API (whose only way back is destroy).
 *
 * protect: timed: ops->protect of the whole set, ops = count (objects);
 *   figures: tlb_flushes and flips (protection calls) of that one pass,
 *   so per flip = sample / flips.  Untimed: allocating the set before,
 *   then the range checks of every object's or chunk's pages
 *   (ops->prepare: a bad range is refused here, before anything changes,
 *   on every pass) and the purge of lazily freed vmap areas (purge_ns);
 *   PMB_JOB_VERIFY (PTEs, direct-map alias, a fault drill on the first
 *   and last object) and the teardown after.  Between the clock reads:
 *   the flip calls (cpa: set_memory_ro() per area) and their loop alone.
 * unprotect: timed: ops->unprotect of the protected set, ops = count.
 *   Untimed: allocating and protecting before, the range checks and the
 *   purge; verify (writable, the drill's write goes through); freeing
 *   after.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "timing.h"
#include "workload.h"

/* The untimed verify and figures after a timed flip. */
static int wl_protect_after(struct pmb_ctx *ctx, bool ro)
{
	int ret;

	ret = pmb_verify_objs(ctx, ro);
	if (!ret && ctx->last_pass)
		pmb_take_figures(ctx);
	return ret;
}

/*
 * One timed flip of the whole set: read-only (@ro) or back.  The way back
 * starts from a protected set, protected untimed first.
 */
static int wl_flip_pass(struct pmb_ctx *ctx, struct pmb_sample *s, bool ro)
{
	struct pmb_objs *o = &ctx->objs;
	int (*flip)(struct pmb_objs *o) = ro ? ctx->be->protect : ctx->be->unprotect;
	unsigned long flushes0, flips0;
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	if (!ro) {
		ret = ctx->be->protect(o);
		if (ret)
			goto out;
	}
	ret = pmb_objs_prepare(ctx);
	if (ret)
		goto out;
	pmb_purge_vmap(ctx);
	flushes0 = pmb_objs_flushes(ctx);
	flips0 = o->flips;
	pmb_clock_start(&c);
	ret = flip(o);
	pmb_clock_stop(&c, s, o->count, ctx->cpu);
	pmb_note_flips(ctx, flushes0, flips0);
	if (!ret)
		ret = wl_protect_after(ctx, ro);
out:
	pmb_objs_release(ctx);
	return ret;
}

static int wl_protect_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	return wl_flip_pass(ctx, s, true);
}

static int wl_unprotect_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	return wl_flip_pass(ctx, s, false);
}

const struct pmb_workload_ops pmb_wl_protect = {
	.pass	= wl_protect_pass,
};

const struct pmb_workload_ops pmb_wl_unprotect = {
	.pass	= wl_unprotect_pass,
};
