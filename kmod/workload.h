/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads: one file per workload (or small group), each exporting a
 * struct pmb_workload_ops that only calls backend ops.  A pass produces one
 * sample; what it times is said at the top of each wl_*.c.  The engine
 * (engine.c) validates the job, pins the CPU, runs warm-up + repeats
 * passes and copies the samples out.
 */
#ifndef PMBENCH_WORKLOAD_H
#define PMBENCH_WORKLOAD_H

#include <linux/types.h>
#include "uapi/pmbench.h"
#include "backend.h"

/* One job in progress. */
struct pmb_ctx {
	const struct pmb_job *job;	/* validated; read-only */
	const struct pmb_backend_ops *be;
	struct pmb_objs objs;		/* the set of the current pass */
	int cpu;			/* pinned CPU, -1: not pinned */
	unsigned int pass;		/* 0-based, warm-up included */
	bool last_pass;
	unsigned int method_used;	/* PMB_PROT_NONE until a flip ran */
	struct pmb_figures fig;
	unsigned long sink;		/* read results, so loads stay loads */
	void *state;			/* workload state kept across passes */
};

struct pmb_workload_ops {
	const char *name;
	u32 flags;			/* PMB_JOB_* the workload accepts */
	/* Can this backend and method run it?  Before anything is allocated. */
	int (*check)(const struct pmb_ctx *ctx);
	/* Once before the passes, untimed; NULL: nothing. */
	int (*setup)(struct pmb_ctx *ctx);
	/* One sample; leaves no objects behind unless setup made them. */
	int (*pass)(struct pmb_ctx *ctx, struct pmb_sample *s);
	/* Once after the passes, also after a failure; NULL: destroy the set. */
	void (*teardown)(struct pmb_ctx *ctx);
};

extern const struct pmb_workload_ops pmb_wl_alloc;
extern const struct pmb_workload_ops pmb_wl_free;
extern const struct pmb_workload_ops pmb_wl_protect;
extern const struct pmb_workload_ops pmb_wl_unprotect;
extern const struct pmb_workload_ops pmb_wl_read;
extern const struct pmb_workload_ops pmb_wl_footprint;
extern const struct pmb_workload_ops pmb_wl_destroy;

/* Helpers shared by the workloads (engine.c); none of them is timed. */

/* -EOPNOTSUPP unless the backend can protect (and @back: unprotect). */
int pmb_check_protectable(const struct pmb_ctx *ctx, bool back);
/* An empty set, ready for alloc (pmalloc: the pool). */
int pmb_objs_create(struct pmb_ctx *ctx);
/* create + alloc all @count objects; on failure everything is freed. */
int pmb_objs_fill(struct pmb_ctx *ctx);
/* Back to an empty set from any state. */
void pmb_objs_release(struct pmb_ctx *ctx);
/* The backend's flush count, for before/after deltas. */
unsigned long pmb_objs_flushes(const struct pmb_ctx *ctx);
/* Record flushes and flips of one timed (un)protection, ULONG_MAX: unknown. */
void pmb_note_flips(struct pmb_ctx *ctx, unsigned long flushes0,
		    unsigned long flips0);
/* The set's footprint into ctx->fig (workloads call it on the last pass). */
void pmb_take_figures(struct pmb_ctx *ctx);
void pmb_store_figures(struct pmb_ctx *ctx, const struct pmb_footprint *fp);
/* PMB_JOB_VERIFY: PTEs, direct-map alias and fault drill, into ctx->fig. */
int pmb_verify_objs(struct pmb_ctx *ctx, bool expect_ro);

#endif /* PMBENCH_WORKLOAD_H */
