// SPDX-License-Identifier: GPL-2.0
/*
 * pmalloc backend: one pool per set, holding all @count objects; protection
 * is one pmalloc_protect_pool() for the whole pool.  Stoppa's pmalloc has
 * no way back to writable but destroy; unprotect uses the module's
 * benchmark hook pmalloc_unprotect_pool() so the reverse flip can be timed.
 * The pool uses the default refill (one page) and alignment.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include "backend.h"
#include "pmalloc.h"
#include "protect.h"

/*
 * Upper bound per object.  Each chunk (one page by default, or the object's
 * pages when larger) also costs what pmalloc_chunk_overhead() says:
 * genalloc's vzalloc'd header page, vmalloc's bookkeeping of both areas,
 * our bitmaps; plus its range entry.
 */
static size_t pmb_pmalloc_obj_bytes(size_t size)
{
	size_t per_page = PAGE_SIZE / ALIGN(size, sizeof(void *));
	size_t chunk = per_page ? PAGE_SIZE : PAGE_ALIGN(size);
	size_t bytes = chunk + pmalloc_chunk_overhead(chunk, 0) +
		       sizeof(struct pmb_range);

	return per_page ? DIV_ROUND_UP(bytes, per_page) : bytes;
}

static int pmb_pmalloc_create(struct pmb_objs *o)
{
	struct pmalloc_pool *pool;

	pool = pmalloc_create_pool(KBUILD_MODNAME, 0, 0, o->method);
	if (IS_ERR_OR_NULL(pool))
		return pool ? PTR_ERR(pool) : -ENOMEM;
	/* A refill gives up on a signal: the job ends with -EINTR. */
	pmalloc_set_interruptible(pool, true);
	o->priv = pool;
	return 0;
}

static inline void *pmb_pmalloc_one(struct pmb_objs *o)
{
	return pmalloc(o->priv, o->size);
}

static int pmb_pmalloc_alloc(struct pmb_objs *o)
{
	return pmb_alloc_each(o, pmb_pmalloc_one);
}

/* Before protection pfree() returns the space to the pool, not the pages. */
static void pmb_pmalloc_free(struct pmb_objs *o)
{
	struct pmalloc_pool *pool = o->priv;
	unsigned long i;

	for (i = 0; i < o->nr; i++)
		pfree(pool, o->obj[i]);
	o->nr = 0;
}

static int pmb_pmalloc_protect(struct pmb_objs *o)
{
	o->flips++;
	return pmalloc_protect_pool(o->priv);
}

static int pmb_pmalloc_unprotect(struct pmb_objs *o)
{
	o->flips++;
	return pmalloc_unprotect_pool(o->priv);
}

static int pmb_pmalloc_prepare(struct pmb_objs *o)
{
	return pmalloc_prepare_flip(o->priv);
}

static void pmb_pmalloc_destroy(struct pmb_objs *o)
{
	if (o->priv)
		pmalloc_destroy_pool(o->priv);
	o->priv = NULL;
	o->nr = 0;
	o->nr_ro = 0;
}

static void pmb_pmalloc_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
	struct pmalloc_pool_stats st = {};

	pmalloc_pool_stats(o->priv, &st);
	fp->pages = st.pages;
	/*
	 * Each chunk is two vmalloc areas: its own and the one
	 * gen_pool_add_owner() vzalloc_node()s for its header (pmalloc.c);
	 * the pool counts both, their bookkeeping and their guard pages.
	 */
	fp->vmap_areas = st.vmap_areas;
	fp->metadata_bytes = st.metadata_bytes;
	fp->bytes_consumed = (u64)st.pages * PAGE_SIZE + st.metadata_bytes;
	fp->va_bytes = st.va_bytes;
}

/* The pool counts its own flushes; a destroyed pool has none to tell. */
static unsigned long pmb_pmalloc_flushes(const struct pmb_objs *o)
{
	struct pmalloc_pool_stats st = {};

	if (!o->priv)
		return ULONG_MAX;
	pmalloc_pool_stats(o->priv, &st);
	return st.tlb_flushes;
}

static int pmb_pmalloc_verify(struct pmb_objs *o, bool expect_ro,
			      struct pmb_verify_report *rep)
{
	return pmalloc_verify_pool(o->priv, rep);
}

const struct pmb_backend_ops pmb_backend_pmalloc = {
	.size_max	= SIZE_MAX,
	.obj_bytes	= pmb_pmalloc_obj_bytes,
	.create		= pmb_pmalloc_create,
	.alloc		= pmb_pmalloc_alloc,
	.free		= pmb_pmalloc_free,
	.protect	= pmb_pmalloc_protect,
	.unprotect	= pmb_pmalloc_unprotect,
	.prepare	= pmb_pmalloc_prepare,
	.destroy	= pmb_pmalloc_destroy,
	.footprint	= pmb_pmalloc_footprint,
	.flushes	= pmb_pmalloc_flushes,
	.verify		= pmb_pmalloc_verify,
};
