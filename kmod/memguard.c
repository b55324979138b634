// SPDX-License-Identifier: GPL-2.0
/* Allocation helpers that fail instead of OOM-killing (memguard.h). */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>

#include "memguard.h"

void *pmb_kvmalloc_mayfail(size_t n, size_t size, bool zero)
{
	gfp_t gfp = PMB_JOB_GFP | (zero ? __GFP_ZERO : 0);
	size_t bytes;
	void *p;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	if (bytes <= PAGE_SIZE)
		return kmalloc(bytes, gfp);
	/* Contiguous only if it comes cheap, as kvmalloc() does by default. */
	p = kmalloc(bytes, (gfp & ~__GFP_RETRY_MAYFAIL) | __GFP_NORETRY);
	if (p)
		return p;
	return __vmalloc(bytes, gfp);
}

unsigned long pmb_free_floor(void)
{
	unsigned long pages = 16;
	int nid, z;

	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];

			pages += zone->_watermark[WMARK_HIGH];
		}
	}
	return pages;
}

bool pmb_memory_low(unsigned long floor)
{
	if (global_zone_page_state(NR_FREE_PAGES) >= floor)
		return false;
	return si_mem_available() < (long)floor;
}
