/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page protection for vmalloc memory, two methods (DESIGN.md "Protection"):
 *  cpa: the kernel's set_memory_ro/rw (resolved at load), direct-map alias
 *       included, one flush per call;
 *  pte: our own flip of 4 KiB PTEs, one __flush_tlb_all round on every CPU
 *       for the whole batch; the direct-map alias stays writable.
 */
#ifndef PMBENCH_PROTECT_H
#define PMBENCH_PROTECT_H

#include <linux/types.h>
#include "uapi/pmbench.h"

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
	int fault_drill;		/* 1 faulted + unchanged, 0 failed, -1 not run */
	char msg[128];			/* first problem found */
};

int pmb_protect_init(void);		/* resolve cpa; never fails the load */
void pmb_protect_exit(void);
bool pmb_protect_method_available(unsigned int method);
unsigned int pmb_protect_default_method(void);
const char *pmb_protect_method_name(unsigned int method);

/*
 * Make @nr ranges read-only (@ro) or writable again.  On return *@flushes
 * has grown by the TLB flush rounds issued.  pte refuses (-EINVAL) anything
 * that is not mapped by 4 KiB PTEs, before changing anything.
 */
int pmb_set_ranges_ro(unsigned int method, const struct pmb_range *r,
		      unsigned int nr, bool ro, unsigned long *flushes);

/* Check PTEs of the range and of their direct-map aliases. */
int pmb_verify_ranges(const struct pmb_range *r, unsigned int nr,
		      bool expect_ro, struct pmb_verify_report *rep);
/*
 * Write through @addr with page faults disabled: 1 when the write faulted
 * and the byte is unchanged, 0 when it went through (restored), <0 error.
 */
int pmb_fault_drill(void *addr);

#endif /* PMBENCH_PROTECT_H */
