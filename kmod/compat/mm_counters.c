// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "compat/kallsyms.h"
#include "compat/mm_counters.h"

typedef unsigned long (*pmb_vmalloc_nr_pages_t)(void);

static pmb_vmalloc_nr_pages_t pmb_vmalloc_nr_pages_fn;

void pmb_mm_counters_init(void)
{
	if (pmb_kallsyms_init())
		return;		/* the counter stays unknown (-1) */
	pmb_vmalloc_nr_pages_fn = (pmb_vmalloc_nr_pages_t)
		pmb_kallsyms_lookup_name("vmalloc_nr_pages");
}

long pmb_vmalloc_nr_pages(void)
{
	return pmb_vmalloc_nr_pages_fn ? (long)pmb_vmalloc_nr_pages_fn() : -1;
}

#if defined(CONFIG_VM_EVENT_COUNTERS) && defined(CONFIG_X86)
long pmb_direct_map_splits(void)
{
	unsigned long *ev;
	long n;

	/* all_vm_events() fills NR_VM_EVENT_ITEMS longs: too big for the stack. */
	ev = kcalloc(NR_VM_EVENT_ITEMS, sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return -1;
	all_vm_events(ev);
	n = ev[DIRECT_MAP_LEVEL2_SPLIT] + ev[DIRECT_MAP_LEVEL3_SPLIT];
	kfree(ev);
	return n;
}
#else
long pmb_direct_map_splits(void)
{
	return -1;
}
#endif
