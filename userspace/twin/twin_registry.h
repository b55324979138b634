/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace twin's registry: its backends, its protection methods and
 * the workloads it runs, each exactly once.  The twin (pmbench-twin: usage,
 * choices, result lines) and the report (which loads results of target
 * "userspace" with these rows) expand them; nothing else lists them.
 *
 * The workloads the twin shares with the module are the module's rows
 * (kmod/uapi/pmbench_registry.h), named here by their ENUM only: a name is
 * written once.  A workload of the twin's own borrows the semantics of a
 * module row (what it needs, whether it protects, its figures, how the
 * report draws it) and adds its own name and description.
 */
#ifndef TWIN_REGISTRY_H
#define TWIN_REGISTRY_H

#include "uapi/pmbench.h"

/*
 * X(ENUM, "name", caps, role, "what it is")
 *   caps  PMB_CAN_* as the module's rows use them
 *   role  PMB_ROLE_BASELINE (what userspace code uses today) or
 *         PMB_ROLE_DESIGN (a protected-memory design under study)
 */
#define TWIN_BACKENDS(X)						\
	X(MALLOC, "malloc", PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_FILL, PMB_ROLE_BASELINE, \
	  "glibc malloc() and free(), the kmalloc of userspace; cannot be protected") \
	X(MMAP, "mmap",							\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | \
	  PMB_CAN_FILL, PMB_ROLE_BASELINE,						\
	  "one anonymous mmap() per object, mprotect() mapping by mapping: the vmalloc of userspace") \
	X(POOL_GENALLOC, "pool-genalloc",				\
	  PMB_CAN_ALLOC | PMB_CAN_FREE | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_FILL, \
	  PMB_ROLE_DESIGN,						\
	  "pmalloc's genalloc design (v11-v19) in userspace: mmap() chunks carved by a bitmap, free before protect") \
	X(POOL_BUMP, "pool-bump",					\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | PMB_CAN_FILL, \
	  PMB_ROLE_DESIGN,						\
	  "pmalloc v20-v22 in userspace: mmap() chunks carved downwards, no free, grows after protect") \
	X(POOL_BUMP_64K, "pool-bump-64k",				\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | PMB_CAN_FILL, \
	  PMB_ROLE_DESIGN,						\
	  "pool-bump with 64 KiB chunks instead of one page: one mprotect() per 16 pages") \
	X(POOL_RCU, "pool-rcu",						\
	  PMB_CAN_ALLOC | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT | PMB_CAN_GROW | PMB_CAN_WRITE_RARE | \
	  PMB_CAN_FILL,							\
	  PMB_ROLE_DESIGN,						\
	  "the bump pool written rarely by copy: a fresh writable chunk, protected, published with rcu_assign_pointer(), the old copy retired after synchronize_rcu() (liburcu)")

/* X(ENUM, "name", "what it is") */
#define TWIN_PROTECT_METHODS(X)						\
	X(MPROTECT, "mprotect", "mprotect(PROT_READ) per mapping: the kernel flushes the TLB of every CPU running the process") \
	X(MSEAL, "mseal", "mprotect() then mseal() per mapping (Linux 6.10+): never writable, never unmapped again")

/*
 * The module's workloads the twin runs: X(ENUM, threads) of PMB_WORKLOADS.
 *   threads  default of the twin's threads= key (reader threads running
 *            beside the timed work, so that every flip must shoot down
 *            their TLBs), or -1: the workload takes no threads=
 */
#define TWIN_SHARED_WORKLOADS(X)					\
	X(ALLOC, -1) X(FREE, -1) X(PROTECT, 0) X(UNPROTECT, 0)		\
	X(READ, -1) X(FOOTPRINT, -1) X(DESTROY, -1) X(RARE_WRITE, 0)

/*
 * The twin's own workloads: X(ENUM, "name", LIKE, threads, "what is
 * timed"), LIKE a PMB_WL_ ENUM whose row's needs, protects, job flags,
 * figures, measure and plot it shares; threads as above.
 */
#define TWIN_OWN_WORKLOADS(X)						\
	X(READ_DURING_WRITES, "read_during_writes", RARE_WRITE, 1,	\
	  "one read of a whole object by each reader thread while a writer writes rarely, per read")

#define TWIN_X_ENUM_BE(e, s, caps, role, d)	TWIN_BACKEND_##e,
enum twin_backend { TWIN_BACKENDS(TWIN_X_ENUM_BE) TWIN_NR_BACKENDS };
#undef TWIN_X_ENUM_BE
#define TWIN_X_ENUM_METHOD(e, s, d)	TWIN_PROT_##e,
enum twin_protect_method { TWIN_PROTECT_METHODS(TWIN_X_ENUM_METHOD) TWIN_NR_METHODS };
#undef TWIN_X_ENUM_METHOD
#define TWIN_X_ENUM_WL(e, s, like, thr, d)	TWIN_WL_##e,
enum twin_own_workload { TWIN_OWN_WORKLOADS(TWIN_X_ENUM_WL) TWIN_NR_OWN_WORKLOADS };
#undef TWIN_X_ENUM_WL

/*
 * Workloads are numbered as one table: the module's (0 ..
 * PMB_NR_WORKLOADS - 1), then the twin's own.
 */
#define TWIN_WORKLOAD_OWN(w)	(PMB_NR_WORKLOADS + (w))

#endif /* TWIN_REGISTRY_H */
