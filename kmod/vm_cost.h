/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one vmalloc() of @pages pages costs beyond its pages, by the rules
 * of mm/vmalloc.c in Linux 6.1 (unchanged in 6.12), for the footprint
 * figures of the backends that use vmalloc space:
 *  - __get_vm_area_node() kzalloc()s a struct vm_struct, and
 *    alloc_vmap_area() takes a struct vmap_area from its own slab cache;
 *  - the area's address space ends in one guard page (no VM_NO_GUARD);
 *  - __vmalloc_area_node() keeps the page pointers in an array that it
 *    kmalloc()s up to a page and __vmalloc_node()s beyond: a second area,
 *    with its own pages, bookkeeping and guard page.
 * Not counted: page-table pages, which map 2 MiB of vmalloc space each and
 * are shared with every other area in that range.
 */
#ifndef PMBENCH_VM_COST_H
#define PMBENCH_VM_COST_H

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/vmalloc.h>

struct pmb_vm_cost {
	u64 meta_bytes;		/* vm_structs, vmap_areas, page arrays */
	u64 meta_pages;		/* ... of which vmalloc'd page arrays, in pages */
	u64 areas;		/* vmap areas: the data's, and a vmalloc'd array's */
	u64 va_bytes;		/* their address space, guard pages included */
};

/* Add the cost of one vmalloc() of @pages (>= 1) pages to @c. */
static inline void pmb_vm_cost_add(struct pmb_vm_cost *c, unsigned long pages)
{
	for (;;) {
		size_t array = pages * sizeof(struct page *);

		c->meta_bytes += kmalloc_size_roundup(sizeof(struct vm_struct)) +
				 sizeof(struct vmap_area);
		c->areas++;
		c->va_bytes += (u64)(pages + 1) << PAGE_SHIFT;
		if (array <= PAGE_SIZE) {
			c->meta_bytes += kmalloc_size_roundup(array);
			return;
		}
		/* The array's own area: bounded, its array fits in a page. */
		pages = PAGE_ALIGN(array) >> PAGE_SHIFT;
		c->meta_bytes += (u64)pages << PAGE_SHIFT;
		c->meta_pages += pages;
	}
}

#endif /* PMBENCH_VM_COST_H */
