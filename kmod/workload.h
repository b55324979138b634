/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads: one file per workload (or small group), each exporting a
 * struct pmb_workload_ops that only calls backend ops and the helpers
 * below (workload.c).  A pass produces one sample; what it times is said
 * at the top of each wl_*.c.  The engine (engine.c) validates the job,
 * pins the CPU, runs warm-up + repeats passes and copies the samples out.
 *
 * Adding a workload is its file, its row in PMB_WORKLOADS
 * (uapi/pmbench_registry.h: name, what it needs of a backend, whether it
 * protects, the job flags it takes, its figures) and its line in Kbuild.
 * What the row says is the engine's to enforce: a workload's check() holds
 * only its own constraints.
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
	const char *be_name;		/* the backend's registry name, for messages */
	/*
	 * pmb_job_protects(): the job makes its objects read-only, with
	 * objs.method, which the engine found available.
	 */
	bool protects;
	struct pmb_objs objs;		/* the set of the current pass */
	int cpu;			/* pinned CPU, -1: not pinned */
	unsigned int pass;		/* 0-based, warm-up included */
	bool last_pass;
	unsigned int method_used;	/* PMB_PROT_NONE until a flip ran */
	struct pmb_figures fig;
	unsigned long sink;		/* read results, so loads stay loads */
	void *state;			/* workload state kept across passes */
};

/*
 * Name, accepted job flags and what the backend must be able to do live in
 * the workload's registry row; the engine has refused a job whose flags the
 * row does not accept (EINVAL) or whose backend lacks a capability the
 * workload and flags need (EOPNOTSUPP) before any of these is called.
 */
struct pmb_workload_ops {
	/*
	 * The workload's own constraints on the job (read: objects that hold
	 * a pointer); before anything is allocated.  NULL: none.
	 */
	int (*check)(const struct pmb_ctx *ctx);
	/* Once before the passes, untimed; NULL: nothing. */
	int (*setup)(struct pmb_ctx *ctx);
	/* One sample; leaves no objects behind unless setup made them. */
	int (*pass)(struct pmb_ctx *ctx, struct pmb_sample *s);
	/* Once after the passes, also after a failure; NULL: destroy the set. */
	void (*teardown)(struct pmb_ctx *ctx);
};

/* pmb_wl_<ops> of every PMB_WORKLOADS row. */
#define PMB_X_WORKLOAD_DECL(e, ops, s, n, p, jf, fig, m, pl, d)	\
	extern const struct pmb_workload_ops pmb_wl_##ops;
PMB_WORKLOADS(PMB_X_WORKLOAD_DECL)
#undef PMB_X_WORKLOAD_DECL

/* Helpers shared by the workloads (workload.c); none of them is timed. */

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
/*
 * The last steps before a timed region, in this order, nothing after them
 * but pmb_clock_start():
 * pmb_objs_prepare(): before a timed protect, unprotect or destroy of a
 *   protecting job, the backend's ->prepare: the range checks the flip
 *   then skips; an error (-EINVAL: a bad range, nothing changed) ends the
 *   pass before the clock starts.
 * pmb_purge_vmap(): vm_unmap_aliases(), which purges the vmap areas that
 *   earlier vfree()s left for later and which the first set_memory_*()
 *   (or a vmalloc() that runs out of space) would otherwise purge inside
 *   the timed region; timed on its own into ctx->fig.purge_ns.
 */
int pmb_objs_prepare(struct pmb_ctx *ctx);
void pmb_purge_vmap(struct pmb_ctx *ctx);

#endif /* PMBENCH_WORKLOAD_H */
