/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The write-once slab: Matthew Wilcox's and Kees Cook's design from the
 * kernel-hardening thread "Write-once memory" (January 2018).  A cache
 * whose slab pages are read-only from the moment they enter it; an object
 * is handed out already initialised, by kmem_cache_init_once(cache, init,
 * data): the cache opens a write window on the object's page, runs @init
 * on it, and closes the window.  Kees Cook's objection in the thread: the
 * window must not be writable for other CPUs, or an attacker races it.
 * Two ways to open the window, one per cache (enum wo_slab_window).
 *
 * SLUB keeps its free list inside free objects, which a read-only page
 * cannot hold: this allocator keeps it beside the pages, one bitmap per
 * slab in a kmalloc()ed descriptor, and never writes a page but through
 * a window.  Slabs are pages of the page allocator (direct-map memory),
 * made read-only with set_memory_ro() on page_address() (resolved at load:
 * compat/set_memory.h), which splits a 2 MiB or 1 GiB direct-map page
 * holding them into 4 KiB pages.  One object size per cache.  Empty slabs
 * stay in the cache until it is destroyed; destroy makes every page
 * writable again before it goes back to the page allocator, and keeps
 * (leaks, with a log line) a page it could not make writable: a read-only
 * direct-map page is never freed.
 *
 * Not thread-safe: one user per cache (the benchmark's job), as the pools
 * of pmalloc.h are used here.
 */
#ifndef PMBENCH_WO_SLAB_H
#define PMBENCH_WO_SLAB_H

#include <linux/list.h>
#include <linux/types.h>

struct pmb_verify_report;

/* How a cache opens the write window of an init. */
enum wo_slab_window {
	/*
	 * The thread's proposal: set_memory_rw() on the object's pages, run
	 * init, set_memory_ro(): two protection calls and their TLB flushes.
	 * During the window every object of those pages is writable, to
	 * every CPU, at its own address.
	 */
	WO_SLAB_FLIP,
	/*
	 * A writable alias: vmap() of the object's pages with PAGE_KERNEL,
	 * init through it, vunmap() and the purge of the alias's TLB entries
	 * (pmb_alias_write(), protect.h).  The pages' own mapping is never
	 * writable; the alias is, to every CPU that knows its address.
	 */
	WO_SLAB_ALIAS,
};

/* Objects up to 4 MiB (a slab of 1024 pages holding one). */
#define WO_SLAB_SIZE_MAX	(4UL << 20)

/* Writes an object's initial contents; @obj is where to write them. */
typedef void (*wo_slab_init_t)(void *obj, const void *data, size_t size);

struct wo_slab_cache;

struct wo_slab_stats {
	unsigned long slabs;		/* slabs held (each 1 << order pages) */
	unsigned long pages;		/* pages held */
	unsigned long objects;		/* objects allocated */
	unsigned long metadata_bytes;	/* descriptors (ksize) and the cache's */
	unsigned long flips;		/* set_memory_ro/rw calls issued */
	unsigned long tlb_flushes;	/* their flush rounds, plus alias purges */
	unsigned long windows;		/* write windows opened */
	unsigned long leaked_pages;	/* read-only pages kept at destroy */
};

/*
 * A cache of @size-byte objects whose windows open the @window way.  NULL:
 * bad size (0 or above WO_SLAB_SIZE_MAX), no memory, or set_memory_ro/rw
 * not available here.
 */
struct wo_slab_cache *wo_slab_create(size_t size, enum wo_slab_window window);

/*
 * kmem_cache_init_once(): a free slot (a new read-only slab when none is
 * left), the window opened, @init(obj, @data, size) run on it, the window
 * closed.  NULL: no memory, a protection call that failed (nothing
 * allocated), or a signal pending while a new slab was needed.
 */
void *wo_slab_init_once(struct wo_slab_cache *c, wo_slab_init_t init,
			const void *data);

/*
 * The object's slot back to the cache; the page is not written.  -EINVAL
 * (with a rate-limited log line) for an address that is not an allocated
 * object of @c.
 */
int wo_slab_free(struct wo_slab_cache *c, void *obj);

/*
 * Run @init on an allocated object again, through the same window as
 * wo_slab_init_once(), and return how long the window was open: from the
 * start of the call that opened it to the return of the one that closed
 * it (flip: set_memory_rw() to set_memory_ro(); alias: vmap() to the
 * purge after vunmap()), in ns, ktime_get_ns().  -EINVAL not an object
 * of @c; -ENOMEM no alias could be mapped, or a flip failed.
 */
int wo_slab_reinit_timed(struct wo_slab_cache *c, void *obj,
			 wo_slab_init_t init, const void *data, u64 *ns);

/*
 * Write @len bytes from @src at @dst, inside one allocated object, through
 * a temporary writable alias (whatever the cache's window): a rare write
 * after init.  -EINVAL outside an object (nothing written), -ENOMEM.
 */
int wo_slab_write_alias(struct wo_slab_cache *c, void *dst, const void *src,
			size_t len, void **alias);

/*
 * Every page of every slab: its direct-map PTE is read-only, at whatever
 * level maps it (rep->alias_huge counts pages still on a 2M/1G mapping).
 * pages_checked/pages_ro and alias_checked/alias_ro both count the
 * direct-map PTEs: the objects live there, there is no other mapping.
 * 0, or -EIO with rep->msg saying the first writable page.
 */
int wo_slab_verify(struct wo_slab_cache *c, struct pmb_verify_report *rep);

/* Is @p inside an allocated object of @c?  (A free slot is not.) */
bool wo_slab_owns(struct wo_slab_cache *c, const void *p, size_t len);

void wo_slab_stats(const struct wo_slab_cache *c, struct wo_slab_stats *st);

/* Upper bound of the memory one object of @size takes (job limits). */
size_t wo_slab_obj_bytes(size_t size);

/*
 * Free every slab (each made writable first) and the cache.  NULL is a
 * no-op.  Never sleeps for long: one cond_resched() every 64 slabs.
 */
void wo_slab_destroy(struct wo_slab_cache *c);

#endif /* PMBENCH_WO_SLAB_H */
