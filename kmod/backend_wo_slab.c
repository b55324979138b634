// SPDX-License-Identifier: GPL-2.0
/*
 * wo-slab and wo-slab-alias: the write-once slab of Matthew Wilcox and
 * Kees Cook (kernel-hardening, "Write-once memory", January 2018), one
 * cache per set (wo_slab.h), its objects handed out by
 * kmem_cache_init_once() on read-only slab pages.  The two rows differ in
 * how the init's write window opens:
 *
 * - wo-slab: as the thread proposed, set_memory_rw() on the object's page,
 *   init, set_memory_ro(): two protection calls and two TLB flush rounds
 *   per object; during the window the page is writable to every CPU.
 * - wo-slab-alias: through a writable vmap() alias of the page, unmapped
 *   and purged before the init returns (pmb_alias_map(), shared with
 *   pmalloc-wr); the page's own mapping never becomes writable.  The same
 *   alias serves ops->write_rare.
 *
 * Mapped onto the workloads: alloc is init_once per object (the init
 * writes the whole object, WO_INIT_BYTE); free gives the slot back without
 * writing the page; protect has nothing left to do (the pages are
 * read-only since they entered the cache: 0 flips, 0 flushes) but verify
 * walks the direct-map PTEs and drills a write; destroy makes each page
 * writable again and frees it.  No unprotect (the design has no way back
 * but free), no growth in the registry's sense (new objects are read-only
 * before any protect), and no workload that writes its objects after
 * allocating them (PMB_CAN_FILL): read, usercopy, copyout, rare_write.
 *
 * Protection is the kernel's set_memory_ro/rw() on the direct map, the
 * design's own: a job asking for the pte method (the module's own flip of
 * a vmalloc PTE) is refused with -EOPNOTSUPP, as is every job where
 * set_memory_ro/rw could not be resolved: the engine refuses the
 * protecting jobs from ops->methods_refused, as for the lockable zone,
 * and create the others (alloc itself flips pages here).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include "backend.h"
#include "compat/set_memory.h"
#include "protect.h"
#include "wo_slab.h"

/* What every object's init writes, all of it. */
#define WO_INIT_BYTE	0xa5

static void pmb_wo_init(void *obj, const void *data, size_t size)
{
	memset(obj, *(const u8 *)data, size);
}

static const u8 pmb_wo_init_byte = WO_INIT_BYTE;

static int pmb_wo_create(struct pmb_objs *o, enum wo_slab_window window)
{
	if (!pmb_set_memory_available() || o->method != PMB_PROT_CPA)
		return -EOPNOTSUPP;
	o->wr_alias = NULL;
	o->priv = wo_slab_create(o->size, window);
	return o->priv ? 0 : -ENOMEM;
}

static int pmb_wo_create_flip(struct pmb_objs *o)
{
	return pmb_wo_create(o, WO_SLAB_FLIP);
}

static int pmb_wo_create_alias(struct pmb_objs *o)
{
	return pmb_wo_create(o, WO_SLAB_ALIAS);
}

static inline void *pmb_wo_one(struct pmb_objs *o)
{
	return wo_slab_init_once(o->priv, pmb_wo_init, &pmb_wo_init_byte);
}

static int pmb_wo_alloc(struct pmb_objs *o)
{
	return pmb_alloc_each(o, pmb_wo_one);
}

static void pmb_wo_free(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++)
		wo_slab_free(o->priv, o->obj[i]);
	o->nr = 0;
	o->nr_ro = 0;
}

/* Read-only since they entered the cache: nothing left to flip. */
static int pmb_wo_protect(struct pmb_objs *o)
{
	o->nr_ro = o->nr;
	return 0;
}

static void pmb_wo_destroy(struct pmb_objs *o)
{
	wo_slab_destroy(o->priv);
	o->priv = NULL;
	o->nr = 0;
	o->nr_ro = 0;
}

/* Slab pages and descriptors; no vmalloc area, no address space of its own. */
static void pmb_wo_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	struct wo_slab_stats st;

	wo_slab_stats(o->priv, &st);
	fp->pages = st.pages;
	fp->vmap_areas = 0;
	fp->metadata_bytes = st.metadata_bytes;
	fp->bytes_consumed = (u64)st.pages * PAGE_SIZE + st.metadata_bytes;
	fp->va_bytes = 0;
}

static unsigned long pmb_wo_flushes(const struct pmb_objs *o)
{
	struct wo_slab_stats st;

	if (!o->priv)
		return ULONG_MAX;
	wo_slab_stats(o->priv, &st);
	return st.tlb_flushes;
}

static int pmb_wo_verify(struct pmb_objs *o, bool expect_ro,
			 struct pmb_verify_report *rep)
{
	return wo_slab_verify(o->priv, rep);
}

/* The init's window again on every object, each timed: the mean. */
static int pmb_wo_window(struct pmb_objs *o, u64 *mean_ns)
{
	unsigned long i;
	u64 ns, sum = 0;
	int ret;

	for (i = 0; i < o->nr; i++) {
		if (!(i % PMB_BATCH_CHECK_EVERY) && signal_pending(current))
			return -EINTR;
		ret = wo_slab_reinit_timed(o->priv, o->obj[i], pmb_wo_init,
					   &pmb_wo_init_byte, &ns);
		if (ret)
			return ret;
		sum += ns;
	}
	*mean_ns = o->nr ? div64_u64(sum, o->nr) : ~0ULL;
	return 0;
}

static int pmb_wo_write_rare(struct pmb_objs *o, void *dst, const void *src,
			     size_t len)
{
	return wo_slab_write_alias(o->priv, dst, src, len, &o->wr_alias);
}

const struct pmb_backend_ops pmb_backend_wo_slab = {
	.methods_refused = 1u << PMB_PROT_PTE,	/* direct-map pages: cpa only */
	.size_max	= WO_SLAB_SIZE_MAX,
	.obj_bytes	= wo_slab_obj_bytes,
	.create		= pmb_wo_create_flip,
	.alloc		= pmb_wo_alloc,
	.free		= pmb_wo_free,
	.protect	= pmb_wo_protect,
	.destroy	= pmb_wo_destroy,
	.footprint	= pmb_wo_footprint,
	.flushes	= pmb_wo_flushes,
	.verify		= pmb_wo_verify,
	.window		= pmb_wo_window,
};

const struct pmb_backend_ops pmb_backend_wo_slab_alias = {
	.methods_refused = 1u << PMB_PROT_PTE,	/* direct-map pages: cpa only */
	.size_max	= WO_SLAB_SIZE_MAX,
	.obj_bytes	= wo_slab_obj_bytes,
	.create		= pmb_wo_create_alias,
	.alloc		= pmb_wo_alloc,
	.free		= pmb_wo_free,
	.protect	= pmb_wo_protect,
	.destroy	= pmb_wo_destroy,
	.footprint	= pmb_wo_footprint,
	.flushes	= pmb_wo_flushes,
	.verify		= pmb_wo_verify,
	.window		= pmb_wo_window,
	.write_rare	= pmb_wo_write_rare,
};
