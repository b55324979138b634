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
 * pmalloc-bump; so are protect, the benchmark hook unprotect, prepare,
 * destroy, the footprint and verify.  What is new is ops->write_rare:
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
 *   is not exported to modules).  The workload purges before its clock,
 *   so inside it the purge is of this backend's aliases alone.
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
#include "pmalloc_bump.h"

/* Pages one alias maps at most: the page array stays on the stack. */
#define WR_MAP_PAGES	16

/* As pmalloc-bump's bound with a one-page refill (backend_pmalloc_bump.c). */
static size_t pmb_wr_obj_bytes(size_t size)
{
	size_t unit = ALIGN(size, ARCH_KMALLOC_MINALIGN);

	if (size > PAGE_SIZE)
		return PAGE_ALIGN(size) + pmalloc_bump_area_overhead(size);
	return DIV_ROUND_UP(PAGE_SIZE + pmalloc_bump_area_overhead(PAGE_SIZE),
			    PAGE_SIZE / unit);
}

static int pmb_wr_create(struct pmb_objs *o)
{
	struct pmalloc_bump_pool *pool;

	pool = pmalloc_bump_create(PAGE_SIZE, 0, o->method);
	if (!pool)
		return -ENOMEM;
	pmalloc_bump_set_interruptible(pool, true);
	o->priv = pool;
	o->wr_alias = NULL;
	return 0;
}

static inline void *pmb_wr_one(struct pmb_objs *o)
{
	return pmalloc_bump_alloc(o->priv, o->size);
}

static int pmb_wr_alloc(struct pmb_objs *o)
{
	return pmb_alloc_each(o, pmb_wr_one);
}

static int pmb_wr_protect(struct pmb_objs *o)
{
	o->flips++;
	return pmalloc_bump_protect(o->priv);
}

static int pmb_wr_unprotect(struct pmb_objs *o)
{
	o->flips++;
	return pmalloc_bump_unprotect(o->priv);
}

static int pmb_wr_prepare(struct pmb_objs *o)
{
	return pmalloc_bump_prepare_flip(o->priv);
}

static void pmb_wr_destroy(struct pmb_objs *o)
{
	pmalloc_bump_destroy(o->priv);
	o->priv = NULL;
	o->nr = 0;
	o->nr_ro = 0;
}

static void pmb_wr_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	struct pmalloc_bump_stats st;

	pmalloc_bump_stats(o->priv, &st);
	fp->pages = st.pages;
	fp->vmap_areas = st.areas;
	fp->metadata_bytes = (u64)st.metadata_bytes + st.vmalloc_meta_bytes;
	fp->bytes_consumed = (u64)st.pages * PAGE_SIZE + fp->metadata_bytes;
	fp->va_bytes = ((u64)st.pages + st.areas) * PAGE_SIZE;
}

static unsigned long pmb_wr_flushes(const struct pmb_objs *o)
{
	struct pmalloc_bump_stats st;

	if (!o->priv)
		return ULONG_MAX;
	pmalloc_bump_stats(o->priv, &st);
	return st.tlb_flushes;
}

static int pmb_wr_verify(struct pmb_objs *o, bool expect_ro,
			 struct pmb_verify_report *rep)
{
	return pmalloc_bump_verify(o->priv, rep);
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
	map = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	if (!map)
		return -ENOMEM;
	memcpy(map + off, src, len);
	vunmap(map);
	/* vunmap() leaves the alias's TLB entries to a lazy purge: now. */
	vm_unmap_aliases();
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
	.alloc		= pmb_wr_alloc,
	.free		= NULL,		/* no free in v20-v23 */
	.protect	= pmb_wr_protect,
	.unprotect	= pmb_wr_unprotect,
	.prepare	= pmb_wr_prepare,
	.destroy	= pmb_wr_destroy,
	.footprint	= pmb_wr_footprint,
	.flushes	= pmb_wr_flushes,
	.verify		= pmb_wr_verify,
	.write_rare	= pmb_wr_write_rare,
};
