// SPDX-License-Identifier: GPL-2.0
/*
 * What the workloads share (workload.h): building and tearing down a set,
 * taking its figures, verifying its protection.  Below the workloads and
 * above the backends: it calls backend ops, never names a backend or a
 * workload, and knows no table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#include "protect.h"
#include "timing.h"
#include "workload.h"

int pmb_objs_create(struct pmb_ctx *ctx)
{
	return ctx->be->create ? ctx->be->create(&ctx->objs) : 0;
}

int pmb_objs_fill(struct pmb_ctx *ctx)
{
	int ret;

	ret = pmb_objs_create(ctx);
	if (!ret)
		ret = ctx->be->alloc(&ctx->objs);
	if (ret)
		pmb_objs_release(ctx);
	return ret;
}

void pmb_objs_release(struct pmb_ctx *ctx)
{
	ctx->be->destroy(&ctx->objs);
}

unsigned long pmb_objs_flushes(const struct pmb_ctx *ctx)
{
	return ctx->be->flushes ? ctx->be->flushes(&ctx->objs) : 0;
}

void pmb_note_flips(struct pmb_ctx *ctx, unsigned long flushes0,
		    unsigned long flips0)
{
	unsigned long flushes = pmb_objs_flushes(ctx);

	ctx->method_used = ctx->objs.method;
	/* A backend that cannot count (a destroyed pool) claims nothing. */
	if (flushes0 == ULONG_MAX || flushes == ULONG_MAX) {
		ctx->fig.tlb_flushes = ~0ULL;
		ctx->fig.flips = ~0ULL;
		return;
	}
	ctx->fig.tlb_flushes = flushes - flushes0;
	ctx->fig.flips = ctx->objs.flips - flips0;
}

void pmb_store_figures(struct pmb_ctx *ctx, const struct pmb_footprint *fp)
{
	ctx->fig.pages = fp->pages;
	ctx->fig.vmap_areas = fp->vmap_areas;
	ctx->fig.bytes_consumed = fp->bytes_consumed;
	ctx->fig.metadata_bytes = fp->metadata_bytes;
	ctx->fig.va_bytes = fp->va_bytes;
}

void pmb_take_figures(struct pmb_ctx *ctx)
{
	struct pmb_footprint fp = {};

	ctx->be->footprint(&ctx->objs, &fp);
	pmb_store_figures(ctx, &fp);
}

/* Fold one check into a tri-state figure: once 0, it stays 0. */
static void pmb_fold(__s32 *fig, bool ok)
{
	*fig = (*fig == 0 || !ok) ? 0 : 1;
}

int pmb_verify_objs(struct pmb_ctx *ctx, bool expect_ro)
{
	struct pmb_objs *o = &ctx->objs;
	struct pmb_verify_report rep = {};
	int want = expect_ro ? 1 : 0;
	bool ok;
	int ret;

	if (!(ctx->job->flags & PMB_JOB_VERIFY))
		return 0;
	ret = ctx->be->verify(o, expect_ro, &rep);
	if (ret == -ENOMEM)
		return ret;
	ok = !ret && rep.pages_checked &&
	     rep.pages_ro == (expect_ro ? rep.pages_checked : 0);
	/* The drill writes one byte, outside the timed region. */
	ok = ok && pmb_fault_drill(o->obj[0]) == want &&
	     pmb_fault_drill(o->obj[o->nr - 1]) == want;
	if (!ok)
		pr_warn("verify (%s, expect %s) failed: %lu/%lu pages ro: %s\n",
			ctx->be_name, expect_ro ? "ro" : "rw", rep.pages_ro,
			rep.pages_checked, rep.msg);
	pmb_fold(&ctx->fig.verified, ok);
	if (expect_ro && rep.alias_checked)
		pmb_fold(&ctx->fig.direct_map_ro,
			 rep.alias_ro == rep.alias_checked);
	return 0;
}

int pmb_objs_prepare(struct pmb_ctx *ctx)
{
	if (!ctx->protects || !ctx->be->prepare)
		return 0;
	return ctx->be->prepare(&ctx->objs);
}

void pmb_purge_vmap(struct pmb_ctx *ctx)
{
	struct pmb_sample s;
	struct pmb_clock c;

	pmb_clock_start(&c);
	pmb_purge_lazy_vmap();
	pmb_clock_stop(&c, &s, 1, ctx->cpu);
	ctx->fig.purge_ns = s.ns;
}
