// SPDX-License-Identifier: GPL-2.0
/*
 * pmalloc-wr backend: Stoppa's write-rare design, v23 of pmalloc
 * ("[PATCH 0/9] mm: pmalloc: protectable memory", 23 Apr 2018,
 * <20180423125458.5338-1-igor.stoppa@huawei.com>) and prmem (Oct 2018,
 * <20181023213504.28905-5-igor.stoppa@huawei.com>): the v20-v22 pool
 * (pmalloc_bump.h, through its public functions only) plus a way to
 * change a protected object without making the pool writable: map the
 * object's pages a second time, writable, at a temporary address, write
 * there, unmap.  The protected mapping never becomes writable, and the
 * alias lives only for the one write.
 *
 * The pool, its refill (one page: the bump backend's default; this
 * backend does not read bump_refill_pages) and its alignment are those of
 * pmalloc-bump, and so are its ops, taken from backend_pmalloc_bump.h:
 * alloc, protect, the benchmark hook unprotect, prepare, destroy, the
 * footprint, flushes and verify.  What is new is ops->write_rare:
 *
 * - the destination must lie in the allocated part of one area of a live
 *   pool (pmalloc_bump_check_object(), as v23 checked that a rare write
 *   goes into pmalloc memory): -EINVAL otherwise, nothing written;
 * - its pages (vmalloc_to_page()) are mapped with vmap(VM_MAP,
 *   PAGE_KERNEL), at most WR_MAP_PAGES at a time (a longer write is done
 *   in pieces, each with its own alias), the bytes copied through it;
 * - vunmap() clears the alias's PTEs but, on 6.1 as since 4.x, frees its
 *   address range lazily (free_vmap_area_noflush()): the TLB entries of
 *   the alias are flushed only at the next purge, so until then any CPU
 *   that had it cached could still write through it.  The alias must not
 *   outlive the write, so vm_unmap_aliases() follows each vunmap(): it
 *   purges the lazily freed areas with their TLB flush (flush_tlb_kernel_range()
 *   is not exported to modules): pmb_alias_map() and pmb_alias_unmap()
 *   (protect.c), shared with the write-once slab's alias window.  The
 *   workload purges before its clock, so inside it the purge is of this
 *   backend's aliases alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "backend.h"
#include "backend_pmalloc_bump.h"
#include "pmalloc_bump.h"
#include "protect.h"

/* Pages one alias maps at most: the page array stays on the stack. */
#define WR_MAP_PAGES	16

/* pmalloc-bump's pool with a one-page refill, whatever bump_refill_pages says. */
static size_t pmb_wr_obj_bytes(size_t size)
{
	return pmb_bump_obj_bytes_refill(size, PAGE_SIZE);
}

static int pmb_wr_create(struct pmb_objs *o)
{
	o->wr_alias = NULL;
	return pmb_bump_create_refill(o, PAGE_SIZE);
}

/*
 * One piece of a rare write: @len bytes at @addr, which with its offset in
 * the page spans at most WR_MAP_PAGES pages.
 */
static int pmb_wr_write_piece(struct pmb_objs *o, unsigned long addr,
			      const void *src, size_t len)
{
	struct page *pages[WR_MAP_PAGES];
	unsigned long off = offset_in_page(addr), base = addr - off;
	unsigned int i, n = DIV_ROUND_UP(off + len, PAGE_SIZE);
	void *map;

	for (i = 0; i < n; i++) {
		pages[i] = vmalloc_to_page((void *)(base + i * PAGE_SIZE));
		if (!pages[i])
			return -EINVAL;
	}
	map = pmb_alias_map(pages, n);
	if (!map)
		return -ENOMEM;
	memcpy(map + off, src, len);
	pmb_alias_unmap(map);
	o->wr_alias = map + off;
	return 0;
}

static int pmb_wr_write_rare(struct pmb_objs *o, void *dst, const void *src,
			     size_t len)
{
	unsigned long addr = (unsigned long)dst;
	int ret;

	if (!len)
		return 0;
	if (pmalloc_bump_check_object(dst, len, NULL) != PMALLOC_BUMP_SPAN_OK)
		return -EINVAL;
	while (len) {
		size_t room = WR_MAP_PAGES * PAGE_SIZE - offset_in_page(addr);
		size_t piece = min(len, room);

		ret = pmb_wr_write_piece(o, addr, src, piece);
		if (ret)
			return ret;
		addr += piece;
		src += piece;
		len -= piece;
	}
	return 0;
}

const struct pmb_backend_ops pmb_backend_pmalloc_wr = {
	.size_max	= PMALLOC_BUMP_SIZE_MAX,
	.obj_bytes	= pmb_wr_obj_bytes,
	.create		= pmb_wr_create,
	.alloc		= pmb_bump_alloc,
	.free		= NULL,		/* no free in v20-v23 */
	.protect	= pmb_bump_protect,
	.unprotect	= pmb_bump_unprotect,
	.prepare	= pmb_bump_prepare,
	.destroy	= pmb_bump_destroy,
	.footprint	= pmb_bump_footprint,
	.flushes	= pmb_bump_flushes,
	.verify		= pmb_bump_verify,
	.write_rare	= pmb_wr_write_rare,
};
