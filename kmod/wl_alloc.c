// SPDX-License-Identifier: GPL-2.0
/*
 * alloc and free.  No ping-pong of one object (that only exercises per-CPU
 * caches): a pass allocates all @count objects, then frees them all.
 *
 * alloc: timed: ops->alloc of @count objects into an empty set, ops =
 *   count.  Untimed: creating the empty set (pmalloc: the pool; the chunk
 *   refills pmalloc makes on demand are timed, they are part of its cost),
 *   the footprint on the last pass, and freeing everything afterwards.
 * free: timed: ops->free of the @count objects, ops = count (pmalloc:
 *   pfree of each object into the live, unprotected pool; the pool's
 *   destroy afterwards is untimed).  Untimed: allocating them first.
 * Both purge the vmap areas earlier passes freed lazily just before the
 * clock starts, timed on their own (purge_ns).  alloc on a backend that
 * writes each object through a write window as it allocates it
 * (ops->window: the write-once slab) opens every object's window once
 * more after the last pass's timed allocation, untimed, each timed on its
 * own: the mean is window_ns, so the clock reads stay out of the sample.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "timing.h"
#include "workload.h"

static int wl_alloc_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_create(ctx);
	if (ret)
		goto out;
	pmb_purge_vmap(ctx);
	pmb_clock_start(&c);
	ret = ctx->be->alloc(o);
	pmb_clock_stop(&c, s, o->count, ctx->cpu);
	if (!ret && ctx->last_pass)
		pmb_take_figures(ctx);
	/* The write windows the timed allocations opened, again and timed. */
	if (!ret && ctx->last_pass && ctx->be->window)
		ret = ctx->be->window(o, &ctx->fig.window_ns);
out:
	pmb_objs_release(ctx);
	return ret;
}

static int wl_free_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	struct pmb_objs *o = &ctx->objs;
	struct pmb_clock c;
	int ret;

	ret = pmb_objs_fill(ctx);
	if (ret)
		return ret;
	if (ctx->last_pass)
		pmb_take_figures(ctx);
	pmb_purge_vmap(ctx);
	pmb_clock_start(&c);
	ctx->be->free(o);
	pmb_clock_stop(&c, s, o->count, ctx->cpu);
	pmb_objs_release(ctx);
	return 0;
}

const struct pmb_workload_ops pmb_wl_alloc = {
	.pass	= wl_alloc_pass,
};

const struct pmb_workload_ops pmb_wl_free = {
	.pass	= wl_free_pass,
};
