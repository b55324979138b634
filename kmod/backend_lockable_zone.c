// SPDX-License-Identifier: GPL-2.0
/*
 * lockable-zone backend: Stoppa's RFC "post-init-read-only protection for
 * data allocated dynamically" (linux-mm, 3 May 2017), one zone per set
 * (lockable_zone.h): kmalloc's power-of-two classes carved from 2 MiB
 * direct-map blocks, locked read-only as a whole with one set_memory_ro()
 * per block.
 *
 * - free: while the zone is writable, into the class's free list (kept in
 *   the objects, as SLUB keeps it); the free workload frees a writable
 *   set, so the row has PMB_CAN_FREE.
 * - unprotect: set_memory_rw() per block, the benchmark's hook (the RFC
 *   locks once); needed to time the flip back and for rare_write, which
 *   unlocks and relocks the whole zone per write: the zone is the only
 *   unit the design protects.
 * - no grow: the RFC locks the zone once, after init; an allocation from
 *   a locked zone fails (lockable_zone_alloc() NULL, the job -ENOMEM), so
 *   the row has no PMB_CAN_GROW and grow is unsupported.  No write_rare.
 * - methods: cpa only.  The blocks have no mapping but the direct map,
 *   where a block is one 2 MiB PMD (or 512 PTEs once split); the pte
 *   method flips 4 KiB vmalloc PTEs (protect.c) and refuses them, so a
 *   protecting job under pte is "unsupported" (ops->methods_refused).
 * - footprint: pages are whole blocks (a 2 MiB block per size class in
 *   use is the design's cost); metadata_bytes the zone's own bookkeeping
 *   (ksize()); va_bytes 0: the direct map, no address space of its own,
 *   as for kmalloc; vmap_areas 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include "backend.h"
#include "lockable_zone.h"
#include "protect.h"

/*
 * Per object, for the job limits: its class.  Not covered: the unused
 * part of the class's last block (less than 2 MiB); a block that is not
 * there fails the job with -ENOMEM, never the OOM killer.
 */
static size_t pmb_lz_obj_bytes(size_t size)
{
	return lockable_zone_class_size(size) ?: LOCKABLE_ZONE_SIZE_MAX;
}

static int pmb_lz_create(struct pmb_objs *o)
{
	o->priv = lockable_zone_create(o->method);
	return o->priv ? 0 : -ENOMEM;
}

static inline void *pmb_lz_one(struct pmb_objs *o)
{
	return lockable_zone_alloc(o->priv, o->size);
}

static int pmb_lz_alloc(struct pmb_objs *o)
{
	return pmb_alloc_each(o, pmb_lz_one);
}

static void pmb_lz_free(struct pmb_objs *o)
{
	unsigned long i;

	for (i = 0; i < o->nr; i++) {
		if (unlikely(lockable_zone_free(o->priv, o->obj[i]))) {
			/* A locked zone: its memory goes back with destroy. */
			pr_err_ratelimited("lockable-zone: free of a locked zone refused\n");
			break;
		}
		/* As kmalloc's free loop, so the two time the same loop. */
		if (!(i % PMB_BATCH_CHECK_EVERY))
			cond_resched();
	}
	o->nr = 0;
}

/* One protection call per block flipped. */
static int pmb_lz_flip(struct pmb_objs *o, bool ro)
{
	int ret = ro ? lockable_zone_lock(o->priv) : lockable_zone_unlock(o->priv);

	if (ret < 0)
		return ret;
	o->flips += ret;
	return 0;
}

static int pmb_lz_protect(struct pmb_objs *o)
{
	return pmb_lz_flip(o, true);
}

static int pmb_lz_unprotect(struct pmb_objs *o)
{
	return pmb_lz_flip(o, false);
}

static int pmb_lz_prepare(struct pmb_objs *o)
{
	return lockable_zone_prepare_flip(o->priv);
}

/*
 * Timed by destroy: the unlock of a locked zone and the frees alone.  The
 * zone's flush rounds live on in o->flushes once it is gone.
 */
static void pmb_lz_destroy(struct pmb_objs *o)
{
	unsigned long unlocked;

	o->flushes += lockable_zone_destroy(o->priv, &unlocked);
	o->flips += unlocked;
	o->priv = NULL;
	o->nr = 0;
	o->nr_ro = 0;
}

static unsigned long pmb_lz_flushes(const struct pmb_objs *o)
{
	struct lockable_zone_stats st = {};

	if (o->priv)
		lockable_zone_stats(o->priv, &st);
	return o->flushes + st.tlb_flushes;
}

static void pmb_lz_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	struct lockable_zone_stats st = {};

	if (o->priv)
		lockable_zone_stats(o->priv, &st);
	fp->pages = st.pages;
	fp->vmap_areas = 0;
	fp->metadata_bytes = st.metadata_bytes;
	fp->bytes_consumed = (u64)st.pages * PAGE_SIZE + st.metadata_bytes;
	fp->va_bytes = 0;	/* the direct map: no address space of its own */
}

static int pmb_lz_verify(struct pmb_objs *o, bool expect_ro,
			 struct pmb_verify_report *rep)
{
	return lockable_zone_verify(o->priv, expect_ro, rep);
}

const struct pmb_backend_ops pmb_backend_lockable_zone = {
	.size_max	= LOCKABLE_ZONE_SIZE_MAX,
	.methods_refused = 1u << PMB_PROT_PTE,
	.obj_bytes	= pmb_lz_obj_bytes,
	.create		= pmb_lz_create,
	.alloc		= pmb_lz_alloc,
	.free		= pmb_lz_free,
	.protect	= pmb_lz_protect,
	.unprotect	= pmb_lz_unprotect,
	.prepare	= pmb_lz_prepare,
	.destroy	= pmb_lz_destroy,
	.footprint	= pmb_lz_footprint,
	.flushes	= pmb_lz_flushes,
	.verify		= pmb_lz_verify,
};
