/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The pmbench registry: every backend, workload, protection method, job
 * flag and result figure, with what it can do, exactly once.  The module
 * (its tables and its load-time check of every ops struct), the driver
 * (usage, choices, suite validation, result lines) and the report (labels,
 * which backends it compares, how each workload is shown) all expand these
 * rows; nothing else in the project lists them.  doc/design.md says how to
 * add a row.
 *
 * Included by pmbench.h; not meant to be included on its own.
 */
#ifndef PMBENCH_REGISTRY_H
#define PMBENCH_REGISTRY_H

/* ---------------------------------------------------------------- backends */

/* What a backend can do: its row's caps, checked against its ops at load. */
#define PMB_CAN_FREE		(1u << 0)	/* objects freed one by one (ops->free) */
#define PMB_CAN_PROTECT		(1u << 1)	/* whole set read-only (ops->protect, ops->verify) */
#define PMB_CAN_UNPROTECT	(1u << 2)	/* and writable again (ops->unprotect) */
/*
 * Allocation goes on after protect, into new memory that the next
 * ops->protect makes read-only on its own, the old staying read-only
 * (Stoppa's v20+); needs PMB_CAN_PROTECT.  No op of its own: what alloc
 * and protect do after a protect.
 */
#define PMB_CAN_GROW		(1u << 3)
/*
 * One write into a protected object without making its pages writable:
 * through a temporary writable alias of them that is gone (unmapped and
 * flushed) when the write returns (Stoppa's v23 and prmem), ops->write_rare;
 * needs PMB_CAN_PROTECT.
 */
#define PMB_CAN_WRITE_RARE	(1u << 4)
/*
 * Objects allocated at run time, of any size up to the backend's size_max
 * and any count: every workload but read needs it.  A backend without it
 * has its objects laid out once, at module load, for a fixed set of
 * shapes (ops->laid; the ro-after-init floor): read-only data that the
 * kernel protects when the module's init returns and nothing can
 * allocate, free, flip or write afterwards; it may have PMB_CAN_PROTECT
 * (its ops->protect has nothing to do) and nothing else.
 */
#define PMB_CAN_ALLOC		(1u << 5)
/*
 * The objects are spread over N copies of each size class (N from the
 * job's partitions=, 1 to PMB_JOB_PARTITIONS_MAX), the copy picked by a
 * token: Elver's KMALLOC_PARTITION_CACHES, CONFIG_RANDOM_KMALLOC_CACHES.
 * Only a row with it takes partitions=; needs PMB_CAN_ALLOC.  No op of its
 * own: ops->create reads pmb_objs.partitions.
 */
#define PMB_CAN_PARTITION	(1u << 6)
/*
 * A workload may put its own contents in the objects before it protects
 * them: they are writable after allocation, or (without PMB_CAN_ALLOC)
 * laid at load by the read workload's own code.  Every backend but the
 * write-once slab, whose objects are read-only from allocation on and
 * written by their init alone: read (its chase), usercopy, copyout and
 * rare_write (their fills) and grow (new objects writable until
 * protected) need it.
 */
#define PMB_CAN_FILL		(1u << 7)
#define PMB_CAN_ALL		0xffu

/* A backend's part in a comparison (the report's default question). */
#define PMB_ROLE_BASELINE	0	/* what kernel code can use today */
#define PMB_ROLE_DESIGN		1	/* a design under study: protected memory, or kmalloc partitions */

/*
 * X(ENUM, ops, "name", caps, role, "what it is")
 *   ENUM  PMB_BACKEND_<ENUM>, the ABI index (append only: results and old
 *         modules name backends by string, but the ioctl by index)
 *   ops   the module's struct pmb_backend_ops is pmb_backend_<ops>
 *   name  the name in suites, results and reports
 */
#define PMB_BACKENDS(X)							\
	X(KMALLOC, kmalloc, "kmalloc",					\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_FILL,			\
	  PMB_ROLE_BASELINE,						\
	  "slab objects, kmalloc() and kfree(); cannot be protected")	\
	X(VMALLOC, vmalloc, "vmalloc",					\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | \
	  PMB_CAN_FILL, PMB_ROLE_BASELINE,						\
	  "one vmalloc() area per object, protected area by area")	\
	X(PMALLOC, pmalloc, "pmalloc-genalloc",				\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | \
	  PMB_CAN_FILL, PMB_ROLE_DESIGN,						\
	  "Stoppa's pmalloc, genalloc design (v11-v19): pools of vmalloc chunks carved by genalloc") \
	X(PMALLOC_BUMP, pmalloc_bump, "pmalloc-bump",			\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | \
	  PMB_CAN_FILL, PMB_ROLE_DESIGN,						\
	  "Stoppa's pmalloc v20-v22: pools of vmalloc areas carved downwards, no free") \
	X(PMALLOC_WR, pmalloc_wr, "pmalloc-wr",				\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | \
	  PMB_CAN_WRITE_RARE | PMB_CAN_FILL, PMB_ROLE_DESIGN,				\
	  "Stoppa's pmalloc v23/prmem: the v20-v22 pool, written rarely through a temporary writable alias (vmap) of the protected pages") \
	X(RO_AFTER_INIT, ro_after_init, "ro-after-init",		\
	  PMB_CAN_PROTECT | PMB_CAN_FILL, PMB_ROLE_BASELINE,		\
	  "the zero-cost floor: objects in the module's own __ro_after_init data, laid at load for fixed shapes and read-only since; reads only") \
	X(KMALLOC_PART, kmalloc_part, "kmalloc-part",			\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PARTITION | PMB_CAN_FILL, \
	  PMB_ROLE_DESIGN,						\
	  "typed kmalloc partitions (Elver's KMALLOC_PARTITION_CACHES, RANDOM_KMALLOC_CACHES): partitions= copies of the size class, one picked per object by a hash of its type; cannot be protected") \
	X(LOCKABLE_ZONE, lockable_zone, "lockable-zone",		\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | \
	  PMB_CAN_FILL, PMB_ROLE_DESIGN,				\
	  "Stoppa's lockable zone RFC (2017): kmalloc's power-of-two classes in 2 MiB direct-map blocks, locked as a whole by set_memory_ro() per block; cpa only") \
	X(WO_SLAB, wo_slab, "wo-slab",					\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT, PMB_ROLE_DESIGN, \
	  "Wilcox and Cook's write-once slab (2018): kmem_cache_init_once() on read-only direct-map slab pages, the init's window opened by set_memory_rw() and closed by set_memory_ro()") \
	X(WO_SLAB_ALIAS, wo_slab_alias, "wo-slab-alias",		\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT | PMB_CAN_WRITE_RARE, \
	  PMB_ROLE_DESIGN,						\
	  "the write-once slab with the init's window through a temporary writable vmap() alias of the page, whose own mapping stays read-only")

/*
 * Other names of a backend, accepted wherever a name is read (suites, the
 * command line, results.jsonl) and mapped to the row's name; nothing
 * pmbench writes uses them.  X("alias", ENUM)
 *
 * "pmalloc": old results and suites say it for the genalloc design, from
 * before pmalloc-bump and later designs made the plain name ambiguous.
 */
#define PMB_BACKEND_ALIASES(X)						\
	X("pmalloc", PMALLOC)

/* --------------------------------------------------------- protection */

/*
 * X(ENUM, "name", "what it is")
 *   what it is  the report shows it beside the name wherever the method is
 *               named (headings, plot titles): say whose design it is
 */
#define PMB_PROTECT_METHODS(X)						\
	X(CPA, "cpa", "set_memory_ro() per area, Stoppa's design: a TLB flush per area") \
	X(PTE, "pte", "pmbench's own batched flush, not Stoppa's design: one TLB flush for the whole set")

/* ----------------------------------------------------------- job flags */

/*
 * X(ENUM, bit, needs, protects)
 *   needs     PMB_CAN_* the backend must have for a job with the flag
 *   protects  1: a job with the flag makes its objects read-only
 */
#define PMB_JOB_FLAGS(X)						\
	X(READ_SWEEP, 0, 0, 0)		/* read: sequential sweep, not chase */ \
	X(READ_PROTECTED, 1, PMB_CAN_PROTECT, 1) /* read: after protecting */ \
	X(VERIFY, 2, PMB_CAN_PROTECT, 0) /* check PTEs + fault drill */

/* -------------------------------------------------------------- figures */

#define PMB_FIG_U64		0	/* ~0: not measured */
#define PMB_FIG_TRI		1	/* __s32: 1 yes, 0 no, PMB_UNKNOWN */

/*
 * Workload-specific figures, named fields of struct pmb_figures.
 * X(ENUM, field, type, "unit", "what it is")
 * The result line's key is the field's name (doc/results.md).
 */
#define PMB_FIGURES(X)							\
	X(PAGES, pages, PMB_FIG_U64, "pages", "pages holding the objects") \
	X(VMAP_AREAS, vmap_areas, PMB_FIG_U64, "areas", "vmalloc areas used") \
	X(BYTES_REQUESTED, bytes_requested, PMB_FIG_U64, "bytes", "size x count") \
	X(BYTES_CONSUMED, bytes_consumed, PMB_FIG_U64, "bytes", "memory the objects took, the backend's bookkeeping included") \
	X(TLB_FLUSHES, tlb_flushes, PMB_FIG_U64, "flushes", "TLB flush rounds of one timed (un)protection") \
	X(VERIFIED, verified, PMB_FIG_TRI, "", "protection checked: PTEs, direct-map alias, fault drill") \
	X(DIRECT_MAP_RO, direct_map_ro, PMB_FIG_TRI, "", "the direct-map alias of the pages is read-only too") \
	X(METADATA_BYTES, metadata_bytes, PMB_FIG_U64, "bytes", "the allocator's bookkeeping for the objects (part of bytes_consumed)") \
	X(VA_BYTES, va_bytes, PMB_FIG_U64, "bytes", "kernel virtual address space, guard pages included") \
	X(FLIPS, flips, PMB_FIG_U64, "calls", "protection calls of one timed (un)protection") \
	X(PURGE_NS, purge_ns, PMB_FIG_U64, "ns", "vm_unmap_aliases() just before the clock started: the purge of the vmap areas freed lazily before the pass, timed on its own (the last pass's)") \
	X(WINDOW_NS, window_ns, PMB_FIG_U64, "ns", "how long an object's page stayed writable while its init ran (write-once slab): the mean window over the last pass's objects, opened again untimed after the timed pass")

#define PMB_X_ENUM_FIGURE(e, f, t, u, d)	PMB_FIG_##e,
enum pmb_figure { PMB_FIGURES(PMB_X_ENUM_FIGURE) PMB_NR_FIGURES };
#undef PMB_X_ENUM_FIGURE
#define PMB_FIGBIT(e)		(1u << PMB_FIG_##e)
/* What every set of objects reports once it exists (pmb_take_figures). */
#define PMB_FIGS_FOOTPRINT	(PMB_FIGBIT(PAGES) | PMB_FIGBIT(VMAP_AREAS) | \
				 PMB_FIGBIT(BYTES_REQUESTED) | PMB_FIGBIT(BYTES_CONSUMED) | \
				 PMB_FIGBIT(METADATA_BYTES) | PMB_FIGBIT(VA_BYTES))
#define PMB_FIGS_FLIP		(PMB_FIGBIT(TLB_FLUSHES) | PMB_FIGBIT(FLIPS))
#define PMB_FIGS_VERIFY		(PMB_FIGBIT(VERIFIED) | PMB_FIGBIT(DIRECT_MAP_RO))
/* Passes whose timed region allocates, frees or flips vmalloc memory. */
#define PMB_FIGS_PURGE		PMB_FIGBIT(PURGE_NS)
/* Allocations that write each object through a window (ops->window). */
#define PMB_FIGS_WINDOW		PMB_FIGBIT(WINDOW_NS)

/* ------------------------------------------------------------- workloads */

/* What a workload's samples measure, and how the report draws it. */
#define PMB_MEASURE_TIME	0	/* ns (and cycles) per op */
#define PMB_MEASURE_BYTES	1	/* bytes_consumed per object; no clock */

#define PMB_PLOT_PER_OBJECT	0	/* time per object against count, per size */
#define PMB_PLOT_SET_PAGES	1	/* time of the whole set against pages spanned */
#define PMB_PLOT_BYTES		2	/* bytes per object against count, per size */

/*
 * X(ENUM, ops, "name", needs, protects, jobflags, figures, measure, plot,
 *   "what is timed")
 *   ops       the module's struct pmb_workload_ops is pmb_wl_<ops>
 *   needs     PMB_CAN_* the backend must have, else the job is
 *             "unsupported" (EOPNOTSUPP); job flags add theirs.  Only a
 *             workload that can find its objects laid at load (read,
 *             through ops->laid) may leave PMB_CAN_ALLOC out
 *   protects  0: never; 1: protects the set wherever the backend can
 *   jobflags  PMB_JOB_* the workload accepts
 *   figures   PMB_FIGBIT()s the workload fills in
 */
#define PMB_WORKLOADS(X)						\
	X(ALLOC, alloc, "alloc", PMB_CAN_ALLOC, 0, 0,			\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_PURGE | PMB_FIGS_WINDOW,	\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "allocating count objects, per object")			\
	X(FREE, free, "free", PMB_CAN_ALLOC | PMB_CAN_FREE, 0, 0,	\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_PURGE,				\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "freeing them one by one, per object")			\
	X(PROTECT, protect, "protect", PMB_CAN_ALLOC | PMB_CAN_PROTECT, 1, \
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY |	\
	  PMB_FIGS_PURGE,						\
	  PMB_MEASURE_TIME, PMB_PLOT_SET_PAGES,				\
	  "making the whole set read-only")				\
	X(UNPROTECT, unprotect, "unprotect",				\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT, 1,	\
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY |	\
	  PMB_FIGS_PURGE,						\
	  PMB_MEASURE_TIME, PMB_PLOT_SET_PAGES,				\
	  "making the protected set writable again")			\
	X(READ, read, "read", PMB_CAN_FILL, 0,					\
	  PMB_JOB_READ_SWEEP | PMB_JOB_READ_PROTECTED | PMB_JOB_VERIFY,	\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY,		\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "one load per object: pointer chase or sweep")		\
	X(FOOTPRINT, footprint, "footprint", PMB_CAN_ALLOC, 0, 0,	\
	  PMB_FIGS_FOOTPRINT,						\
	  PMB_MEASURE_BYTES, PMB_PLOT_BYTES,				\
	  "memory the set takes, per object")				\
	X(DESTROY, destroy, "destroy", PMB_CAN_ALLOC, 1, 0,		\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_PURGE,		\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "tearing the (protected) set down, per object")		\
	X(USERCOPY, usercopy, "usercopy", PMB_CAN_ALLOC | PMB_CAN_FILL, 1, \
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY,		\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "the hardened-usercopy check of each (protected) object, per object") \
	X(COPYOUT, copyout, "copyout", PMB_CAN_ALLOC | PMB_CAN_FILL, 1, \
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY,		\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "copy_to_user() of each (protected) object, the check included, per object") \
	X(COPYOUT_UNCHECKED, copyout_unchecked, "copyout_unchecked",	\
	  PMB_CAN_ALLOC | PMB_CAN_FILL, 1,				\
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY,		\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "the same copy without the hardened-usercopy check (_copy_to_user()), per object") \
	X(GROW, grow, "grow", PMB_CAN_ALLOC | PMB_CAN_GROW | PMB_CAN_FILL, 1, \
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY |	\
	  PMB_FIGS_PURGE,						\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "a round of growth after protect: allocating the last quarter and protecting it, per object") \
	X(RARE_WRITE, rare_write, "rare_write",				\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT |	\
	  PMB_CAN_FILL, 1,						\
	  PMB_JOB_VERIFY,						\
	  PMB_FIGS_FOOTPRINT | PMB_FIGS_FLIP | PMB_FIGS_VERIFY |	\
	  PMB_FIGS_PURGE,						\
	  PMB_MEASURE_TIME, PMB_PLOT_PER_OBJECT,				\
	  "one write of the whole object into the protected set, per object: a temporary alias where the backend has one, else unprotect, write, protect")

/* ------------------------------------------------------ what a cost is */

/*
 * What a workload's time depends on, and so which clock can see it:
 *   PMB_COST_PATH    the instructions of the code path.  QEMU's icount
 *                    counts them, repeatably, and a busy host cannot move
 *                    them (vm-icount answers it).
 *   PMB_COST_MEMORY  the memory system: TLB reach, page walks, caches.
 *                    icount charges every load the same, so only a wall
 *                    clock sees it (host, or the TCG's soft TLB).
 * Every workload is PMB_COST_PATH unless it has a row here.
 * X(ENUM, cost)
 */
#define PMB_COST_PATH		0
#define PMB_COST_MEMORY		1
#define PMB_WORKLOAD_COSTS(X)						\
	X(READ, PMB_COST_MEMORY)

#endif /* PMBENCH_REGISTRY_H */
