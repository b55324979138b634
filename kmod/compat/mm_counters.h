/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-wide memory counters the tests compare against.  Each returns -1
 * where this kernel does not let a module read it.
 */
#ifndef PMBENCH_COMPAT_MM_COUNTERS_H
#define PMBENCH_COMPAT_MM_COUNTERS_H

/* Resolve what needs kallsyms; at load. */
void pmb_mm_counters_init(void);
/* vmalloc_nr_pages(): pages held by vmalloc, kernel-wide (not exported). */
long pmb_vmalloc_nr_pages(void);
/* Direct-map 2M + 1G page splits since boot (/proc/vmstat direct_map_*). */
long pmb_direct_map_splits(void);

#endif /* PMBENCH_COMPAT_MM_COUNTERS_H */
