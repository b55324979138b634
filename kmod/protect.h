/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page protection for vmalloc memory, two methods:
 *  cpa: the kernel's set_memory_ro/rw (resolved at load), direct-map alias
 *       included, one flush round per call, i.e. per range;
 *  pte: our own flip of 4 KiB PTEs, one __flush_tlb_all round on every CPU
 *       for the whole batch; the direct-map alias stays writable.
 */
#ifndef PMBENCH_PROTECT_H
#define PMBENCH_PROTECT_H

#include <linux/types.h>

struct page;
#include "uapi/pmbench.h"
/* pmb_direct_map_splits(), pmb_vmalloc_nr_pages(): for the figures. */
#include "compat/mm_counters.h"

/* A page-aligned vmalloc range. */
struct pmb_range {
	unsigned long addr;
	unsigned long pages;
};

struct pmb_verify_report {
	unsigned long pages_checked;
	unsigned long pages_ro;		/* vmalloc mapping read-only */
	unsigned long alias_checked;	/* direct-map aliases looked up */
	unsigned long alias_ro;		/* ... of which read-only */
	unsigned long alias_huge;	/* ... of which on a 2M/1G mapping */
	int fault_drill;		/* 1 faulted + unchanged, 0 failed, -1 not run */
	char msg[128];			/* first problem found */
};

/*
 * Resolve cpa and pick the default method from the `protect` module
 * parameter (auto|cpa|pte).  auto never fails; an explicit protect=cpa that
 * cannot be honoured fails the load (-ENOENT) rather than fall back.
 */
int pmb_protect_init(void);
/* Forgets cpa; nothing may be protected or unprotected after it. */
void pmb_protect_exit(void);
bool pmb_protect_method_available(unsigned int method);
unsigned int pmb_protect_default_method(void);
const char *pmb_protect_method_name(unsigned int method);

/*
 * Make @nr ranges read-only (@ro) or writable again.  On return *@flushes
 * has grown by the TLB flush rounds issued: pte 1 per call, cpa 1 per range
 * (direct-map splits flush once more each; see pmb_direct_map_splits()).
 * Both methods refuse (-EINVAL), before changing anything, a range that is
 * not page-aligned vmalloc space mapped by present 4 KiB PTEs, and a
 * method not available here.  cpa undoes the ranges already done when a
 * later one fails.  It is pmb_check_ranges(), then pmb_flip_ranges().
 */
int pmb_set_ranges_ro(unsigned int method, const struct pmb_range *r,
		      unsigned int nr, bool ro, unsigned long *flushes);

/*
 * The two halves of pmb_set_ranges_ro(), for a timed flip: the check runs
 * before the clock starts, the flip alone between the clock reads.
 * pmb_check_ranges(): 0 when @method is available and every range may be
 * flipped, -EINVAL otherwise (nothing changed).  pmb_flip_ranges(): only
 * on ranges pmb_check_ranges() accepted for @method with nothing unmapped
 * since (a PTE found gone is refused with a warning, never dereferenced);
 * per range for cpa one set_memory_ro/rw() through the resolved pointer.
 */
int pmb_check_ranges(unsigned int method, const struct pmb_range *r,
		     unsigned int nr);
int pmb_flip_ranges(unsigned int method, const struct pmb_range *r,
		    unsigned int nr, bool ro, unsigned long *flushes);

/*
 * Direct-map ranges (the lockable zone's 2 MiB blocks: page_address() of
 * pages the caller owns, with no mapping of their own).  Only cpa can flip
 * them: set_memory_ro/rw() on a direct-map address changes that mapping,
 * a 2 MiB mapping in place when the range is the whole, aligned PMD.  The
 * pte method walks 4 KiB vmalloc PTEs and cannot (its callers refuse it).
 * pmb_check_direct_ranges(): 0 when @method is cpa and available, and
 * every range is page-aligned, in the direct map and present; -EINVAL
 * otherwise (nothing changed).  One page-table walk per mapping, not per
 * page.  pmb_flip_direct_ranges(): the flips alone, on checked ranges
 * (pmb_flip_ranges() with cpa: one set_memory_*() per range, undone on
 * failure).
 */
int pmb_check_direct_ranges(unsigned int method, const struct pmb_range *r,
			    unsigned int nr);
int pmb_flip_direct_ranges(unsigned int method, const struct pmb_range *r,
			   unsigned int nr, bool ro, unsigned long *flushes);
/*
 * Every page of the direct-map ranges: its PTE or PMD present and
 * read-only iff @expect_ro.  The objects are in the direct map, so the
 * "alias" fields count the same pages: alias_ro the read-only ones,
 * alias_huge those on a 2 MiB or 1 GiB mapping.  0, or -EIO (rep->msg says
 * the first problem), -EINVAL a range outside the direct map.  No drill.
 */
int pmb_verify_direct_ranges(const struct pmb_range *r, unsigned int nr,
			     bool expect_ro, struct pmb_verify_report *rep);

/*
 * vm_unmap_aliases(): purge the vmap areas that vfree() left for a lazy
 * purge (and the per-CPU vmap blocks' stale aliases), with its TLB flush.
 * x86's change_page_attr_set_clr() calls it on every set_memory_*(), so
 * the first flip after a teardown pays for every area that teardown freed;
 * a timed pass calls it before its clock starts and times it on its own
 * (the purge_ns figure, workload.c).
 */
void pmb_purge_lazy_vmap(void);

/*
 * A temporary writable alias of @n pages (vmap(), PAGE_KERNEL), for a
 * write into pages whose own mapping stays read-only (pmalloc-wr's rare
 * write, the write-once slab's alias window).  NULL: no memory.
 * pmb_alias_unmap() takes it down and flushes it from every TLB before it
 * returns: vunmap() frees the alias's range lazily and leaves its TLB
 * entries to the next purge, so vm_unmap_aliases() follows it
 * (flush_tlb_kernel_range() is not exported to modules).
 */
void *pmb_alias_map(struct page **pages, unsigned int n);
void pmb_alias_unmap(void *map);

/*
 * Check the PTEs of the ranges (vmalloc space, or this module's own
 * memory: the ro-after-init floor) and of their direct-map aliases.  0 when
 * every page is mapped by a 4 KiB PTE whose write bit matches @expect_ro;
 * -EIO otherwise (rep->msg says the first problem); -EINVAL bad range.
 * The alias is reported, not judged: read-only under cpa, writable under pte.
 * Does not run the fault drill (rep->fault_drill = -1).
 */
int pmb_verify_ranges(const struct pmb_range *r, unsigned int nr,
		      bool expect_ro, struct pmb_verify_report *rep);
/*
 * Write through @addr with page faults disabled: 1 when the write faulted
 * and the byte is unchanged, 0 when it went through (byte restored), <0
 * error (-EFAULT: @addr not even readable).
 */
int pmb_fault_drill(void *addr);

#endif /* PMBENCH_PROTECT_H */
