/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocator backends, fio-style: each backend is one file exporting one
 * struct pmb_backend_ops; the engine and the workloads only call its ops and
 * never name a backend.  Adding a backend is its file, its row in
 * PMB_BACKENDS (uapi/pmbench_registry.h: name, capabilities, role) and its
 * line in Kbuild; the module's table (registry.c) and the declarations
 * below expand the rows, and at load every ops is checked against its
 * row's capabilities (pmb_backend_ops_check()).
 *
 * A backend works on a struct pmb_objs: @count objects of @size bytes
 * whose addresses live in @obj[].  The batch ops loop over the objects
 * themselves, so a timed region holds one indirect call, not one per op.
 */
#ifndef PMBENCH_BACKEND_H
#define PMBENCH_BACKEND_H

#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/types.h>
#include "uapi/pmbench.h"
#include "memguard.h"
#include "read_layout.h"

struct pmb_verify_report;

struct pmb_objs {
	void **obj;		/* @count slots, reused by every pass */
	unsigned long count;	/* objects wanted */
	unsigned long nr;	/* allocated: obj[0..nr) */
	unsigned long nr_ro;	/* per-object protection: obj[0..nr_ro) read-only */
	size_t size;		/* bytes per object */
	unsigned int partitions;	/* PMB_CAN_PARTITION: 1..PMB_JOB_PARTITIONS_MAX, else 0 */
	unsigned int method;	/* enum pmb_protect_method */
	unsigned long flushes;	/* TLB flush rounds, where the backend counts */
	unsigned long flips;	/* protection calls issued */
	unsigned long checked;	/* ->prepare checked obj[0..checked) for the next flip op */
	unsigned long fail_at;	/* test hook: this allocation fails; ULONG_MAX: none */
	unsigned long free_floor;	/* pages: alloc loops stop below (memguard.h) */
	unsigned long check_mask;	/* alloc loops check when !(i & mask) */
	void *priv;		/* backend state (pmalloc: the pool) */
	/*
	 * PMB_CAN_WRITE_RARE: where ops->write_rare's last alias of the
	 * destination (the byte it wrote @dst through) was, for a drill that
	 * it is gone; NULL before the first.  Never dereferenced as is.
	 */
	void *wr_alias;
	/*
	 * What the workload will read in the objects (enum pmb_layout,
	 * read_layout.h), set before alloc: a backend whose objects were laid
	 * at load (ops->laid) hands out the set laid for it, and for a chase
	 * puts the cycle's first object in @chase_head.
	 */
	unsigned int layout;
	void *chase_head;
};

/*
 * Footprint of one set of objects: the PMB_FIGS_FOOTPRINT figures of
 * struct pmb_figures.  Every vmalloc area the backend (or the kernel on its
 * behalf) creates for the set counts, bookkeeping areas included.
 */
struct pmb_footprint {
	u64 pages;		/* pages holding the objects */
	u64 vmap_areas;		/* vmalloc areas used */
	u64 bytes_consumed;	/* pages * PAGE_SIZE (kmalloc: ksize()s) + metadata_bytes */
	u64 metadata_bytes;	/* allocator bookkeeping for them */
	u64 va_bytes;		/* kernel virtual space, guard pages included */
};

/*
 * Name, index and capabilities live in the backend's registry row, not
 * here.  Which of the optional ops are present must agree with the row:
 * free iff PMB_CAN_FREE, protect and verify (and flushes) iff
 * PMB_CAN_PROTECT, unprotect iff PMB_CAN_UNPROTECT, write_rare iff
 * PMB_CAN_WRITE_RARE, laid iff not PMB_CAN_ALLOC; the module refuses to
 * load otherwise.
 */
struct pmb_backend_ops {
	size_t size_max;		/* largest object the backend takes */
	/*
	 * PMB_CAN_PROTECT: the methods (1u << PMB_PROT_*) the backend cannot
	 * flip with; a job that protects with one is "unsupported"
	 * (EOPNOTSUPP), as when the method is unavailable here.  0: none
	 * (the lockable zone's direct-map blocks refuse pte).
	 */
	unsigned int methods_refused;
	/* Upper bound of memory one object of @size takes: job limits. */
	size_t (*obj_bytes)(size_t size);
	/* Prepare an empty set (pmalloc: create the pool); NULL: nothing. */
	int (*create)(struct pmb_objs *o);
	/* Allocate obj[nr..count); on failure obj[0..nr) stay allocated. */
	int (*alloc)(struct pmb_objs *o);
	/*
	 * PMB_CAN_FREE: free obj[0..nr) of a writable set; the set stays
	 * usable for alloc.
	 */
	void (*free)(struct pmb_objs *o);
	/* PMB_CAN_PROTECT: make every object read-only. */
	int (*protect)(struct pmb_objs *o);
	/* PMB_CAN_UNPROTECT: make them writable again. */
	int (*unprotect)(struct pmb_objs *o);
	/*
	 * Optional, PMB_CAN_PROTECT: untimed, just before a timed protect,
	 * unprotect or destroy: check every range the next of those ops will
	 * flip (pmb_check_ranges()) and the method, so that op skips the
	 * checks and its time is the flips alone.  -EINVAL refuses a bad
	 * range before anything changes; -EINTR on a signal.  The next flip
	 * op consumes it; the ops called without it check for themselves.
	 */
	int (*prepare)(struct pmb_objs *o);
	/* Tear down from any state, protected or not; nr becomes 0. */
	void (*destroy)(struct pmb_objs *o);
	void (*footprint)(struct pmb_objs *o, struct pmb_footprint *fp);
	/*
	 * PMB_CAN_PROTECT: TLB flush rounds issued for the set so far;
	 * ULONG_MAX: unknown.
	 */
	unsigned long (*flushes)(const struct pmb_objs *o);
	/* PMB_CAN_PROTECT: check every page of every object. */
	int (*verify)(struct pmb_objs *o, bool expect_ro,
		      struct pmb_verify_report *rep);
	/*
	 * PMB_CAN_WRITE_RARE: copy @len bytes from @src to @dst, inside one
	 * object of the protected set, without making the set's mapping
	 * writable: through a temporary writable alias of its pages, unmapped
	 * and flushed from every TLB before it returns; o->wr_alias says where
	 * the alias was.  -EINVAL for a destination outside the set's
	 * allocated memory (nothing written), -ENOMEM when no alias could be
	 * mapped.  May sleep.
	 */
	int (*write_rare)(struct pmb_objs *o, void *dst, const void *src,
			  size_t len);
	/*
	 * Without PMB_CAN_ALLOC (and only then): the objects were laid at
	 * load, for a fixed set of shapes, and are read-only since.  0 when
	 * a set of @count objects of @size bytes holding @layout (enum
	 * pmb_layout) was laid, so that alloc hands it out; -EOPNOTSUPP
	 * otherwise (the job is "unsupported"; the kernel log says why).
	 * Called by a workload's check(), before anything is allocated.
	 */
	int (*laid)(size_t size, unsigned long count, unsigned int layout);
	/*
	 * Optional, a backend that writes each object through a write
	 * window as it allocates it (the write-once slab): open and close
	 * that window again on every allocated object, untimed, and put the
	 * mean time a window stayed open, in ns, in *@mean_ns (the
	 * window_ns figure).  -EINTR on a signal.
	 */
	int (*window)(struct pmb_objs *o, u64 *mean_ns);
};

/*
 * Allocation loops over @count objects look, every few objects, for a
 * pending signal (-EINTR: a job of a million objects ends within a
 * fraction of a second of SIGINT or SIGKILL, not at the end of its pass)
 * and for memory running out (-ENOMEM before GFP_KERNEL allocations we do
 * not control wake the OOM killer).  How often: at least once per page
 * the loop allocates, since each new page may sit in reclaim under memory
 * pressure (every object for vmalloc and for objects of a page or more,
 * every 16 for 64-byte pmalloc objects), and at most every
 * PMB_BATCH_CHECK_EVERY objects: pmb_check_mask().  In a timed loop this
 * is one test and a not-taken branch per object, and two loads per check.
 */
#define PMB_BATCH_CHECK_EVERY	64
static inline int pmb_batch_check(const struct pmb_objs *o, unsigned long i,
				  unsigned long mask)
{
	if (likely(i & mask) || !i)
		return 0;
	if (signal_pending(current))
		return -EINTR;
	return pmb_memory_low(o->free_floor) ? -ENOMEM : 0;
}

/* The mask for objects of @obj_bytes (the backend's bound per object). */
static inline unsigned long pmb_check_mask(size_t obj_bytes)
{
	size_t per_page = PAGE_SIZE / max_t(size_t, obj_bytes, 1);

	per_page = clamp_t(size_t, per_page, 1, PMB_BATCH_CHECK_EVERY);
	return rounddown_pow_of_two(per_page) - 1;
}

/*
 * The allocation loop every backend shares: obj[nr..count) from @one, with
 * the fail_alloc_at hook and pmb_batch_check(); on failure obj[0..nr) stay
 * allocated.  Always inlined with a constant @one, so each backend gets its
 * own loop with a direct call: the timed region makes no indirect call per
 * object.
 */
static __always_inline int pmb_alloc_each(struct pmb_objs *o,
					  void *(*one)(struct pmb_objs *o))
{
	unsigned long i, fail_at = o->fail_at, mask = o->check_mask;
	int ret;

	for (i = o->nr; i < o->count; i++) {
		void *p = unlikely(i == fail_at) ? NULL : one(o);

		if (!p) {
			o->nr = i;
			/* A refill that gave up for a signal (pmalloc), or not. */
			return signal_pending(current) ? -EINTR : -ENOMEM;
		}
		o->obj[i] = p;
		ret = pmb_batch_check(o, i, mask);
		if (unlikely(ret)) {
			o->nr = i + 1;
			return ret;
		}
	}
	o->nr = o->count;
	return 0;
}

/* Pages spanned by the byte ranges [obj[i], obj[i] + len(obj[i])). */
long pmb_pages_spanned(const struct pmb_objs *o,
		       size_t (*len)(const struct pmb_objs *o, const void *p));

/* pmb_backend_<ops> of every PMB_BACKENDS row. */
#define PMB_X_BACKEND_DECL(e, ops, s, caps, role, d)		\
	extern const struct pmb_backend_ops pmb_backend_##ops;
PMB_BACKENDS(PMB_X_BACKEND_DECL)
#undef PMB_X_BACKEND_DECL

#endif /* PMBENCH_BACKEND_H */
