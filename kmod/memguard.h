/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocating without hurting the box.  A job (and pmalloc's refills) that
 * runs out of memory must fail with -ENOMEM, not wake the OOM killer on the
 * user's processes:
 *   - PMB_JOB_GFP: __GFP_RETRY_MAYFAIL makes the page allocator give up
 *     instead of OOM-killing, __GFP_NOWARN keeps the failure quiet;
 *   - pmb_kvmalloc_mayfail(): kvmalloc's shape (try contiguous cheaply,
 *     fall back to vmalloc) without kvmalloc's rule that __GFP_RETRY_MAYFAIL
 *     also makes the contiguous attempt reclaim and compact hard;
 *   - pmb_memory_low(): allocations we do not control (vmalloc's page
 *     tables, genalloc's chunk headers, everybody else's) are GFP_KERNEL,
 *     so batch loops stop while free memory is below the floor and nothing
 *     reclaimable would lift it.
 */
#ifndef PMBENCH_MEMGUARD_H
#define PMBENCH_MEMGUARD_H

#include <linux/gfp.h>
#include <linux/types.h>

#define PMB_JOB_GFP	(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/* n * size bytes (zeroed with @zero), or NULL; free with kvfree(). */
void *pmb_kvmalloc_mayfail(size_t n, size_t size, bool zero);

/*
 * The floor, in pages: the zones' high watermarks (without transient
 * boosts) plus a little.  Read once per job or pool.
 */
unsigned long pmb_free_floor(void);

/*
 * Free pages below @floor, and MemAvailable (which already discounts the
 * kernel's reserves) below it too.  The first test is one load of a global
 * counter: on a box with memory to spare that is all it costs.
 */
bool pmb_memory_low(unsigned long floor);

#endif /* PMBENCH_MEMGUARD_H */
