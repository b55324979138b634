/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A userspace protectable-memory pool with the shape and lifecycle of the
 * kernel's pmalloc: create a pool, optionally preallocate, allocate, free
 * (one generation only) before protecting, protect the whole pool, read,
 * destroy.  A chunk is an anonymous mmap() with its pages populated at once
 * (MAP_POPULATE: the kernel pool vmalloc()ed its pages up front); protecting
 * is mprotect(PROT_READ) of every chunk, and optionally mseal() on top
 * (Linux 6.10+).
 *
 * Two generations, as the kernel series had them:
 *
 * - UPM_GENALLOC (v11-v19): chunks carved by a first-fit bitmap per chunk
 *   (one bit per min_alloc unit, and a second bitmap marking where each
 *   allocation starts, so upm_free() needs only the address); objects can
 *   be freed until the pool is protected; a protected pool refuses to
 *   allocate.
 * - UPM_BUMP (v20-v22): no per-object bookkeeping and no free; each chunk is
 *   carved downwards from its top, offset = round_down(offset - size,
 *   align); a protected pool still grows: the next allocation opens a fresh
 *   writable chunk, which the next upm_protect_pool() protects.
 *
 * The pool's bookkeeping lives in malloc()ed memory, never in the chunks,
 * so that protecting a pool never makes its own metadata read-only.
 *
 * Sealing: a chunk sealed with mseal() can be neither mprotect()ed nor
 * munmap()ed again.  upm_unprotect_pool() of a sealed pool fails with EPERM
 * and changes nothing; upm_destroy_pool() frees the bookkeeping but cannot
 * give the chunks back: they stay mapped, read-only, until the process
 * exits (it returns -EPERM and counts them in upm_sealed_leaked_bytes()).
 *
 * Not thread-safe: one pool is used by one thread at a time, or under the
 * caller's lock (the kernel pool took a mutex; the benchmark times a
 * single-threaded allocator).
 */
#ifndef UPM_POOL_H
#define UPM_POOL_H

#include <stdbool.h>
#include <stddef.h>

enum upm_kind {
	UPM_GENALLOC,		/* v11-v19: bitmap per chunk, free before protect */
	UPM_BUMP,		/* v20-v22: carved downwards, no free, grows after protect */
};

/* upm_create_pool() flags */
#define UPM_SEAL	(1u << 0)	/* protect also mseal()s every chunk */

struct upm_pool;

/* What the pool holds now; every number is counted, none estimated. */
struct upm_stats {
	size_t chunks;		/* mappings */
	size_t chunk_bytes;	/* bytes mapped for objects (whole pages) */
	size_t used_bytes;	/* bytes handed out (genalloc: in min_alloc units) */
	size_t metadata_bytes;	/* malloc_usable_size() of the bookkeeping */
	size_t protected_chunks;
	size_t sealed_chunks;
};

/*
 * A new empty pool.  @refill: bytes of a new chunk (0: one page; rounded up
 * to pages; a larger request gets a chunk of its own size).  @align: object
 * alignment, a power of two (0: 16, glibc's malloc alignment on x86-64);
 * for UPM_GENALLOC also the bitmap's allocation unit.  NULL with errno
 * EINVAL for a bad kind, alignment or flags (ENOSYS: UPM_SEAL where the
 * kernel has no mseal), ENOMEM.
 */
struct upm_pool *upm_create_pool(enum upm_kind kind, size_t refill,
				 size_t align, unsigned int flags);
/* Map a writable chunk of at least @size bytes now.  0 or -errno. */
int upm_prealloc(struct upm_pool *pool, size_t size);
/*
 * @size bytes, aligned to the pool's alignment, writable.  NULL with errno:
 * EINVAL for size 0, EPERM for a protected UPM_GENALLOC pool, ENOMEM.
 */
void *upm_alloc(struct upm_pool *pool, size_t size);
/*
 * Give @obj back (UPM_GENALLOC only, before protect).  0, -EOPNOTSUPP for a
 * UPM_BUMP pool, -EPERM once protected, -EINVAL for an address the pool did
 * not hand out (or already freed).
 */
int upm_free(struct upm_pool *pool, void *obj);
/*
 * Make every chunk read-only (and sealed, for a UPM_SEAL pool); chunks
 * already protected are left alone.  0 or -errno of the first failing
 * call.  @flips, if not NULL, gets the mprotect() calls made.
 */
int upm_protect_pool(struct upm_pool *pool, size_t *flips);
/* Writable again (the benchmark's unprotect); -EPERM when sealed. */
int upm_unprotect_pool(struct upm_pool *pool, size_t *flips);
/*
 * Unmap every chunk and free the pool.  0, or -EPERM when sealed chunks
 * could not be unmapped: they stay mapped until the process exits.  The
 * pool is freed either way.
 */
int upm_destroy_pool(struct upm_pool *pool);

bool upm_pool_contains(const struct upm_pool *pool, const void *p);
bool upm_pool_protected(const struct upm_pool *pool);
void upm_pool_stats(const struct upm_pool *pool, struct upm_stats *st);
/* Calls @fn for every chunk: its start and length in bytes. */
void upm_for_each_chunk(const struct upm_pool *pool,
			void (*fn)(void *start, size_t len, void *arg), void *arg);

/*
 * Whether this kernel has mseal() (Linux 6.10+, syscall 462 on x86-64)
 * and lets this process call it: probed once with invalid flags, which
 * seals nothing (EINVAL: yes; ENOSYS, EPERM or anything else: no).  When
 * false, *@why (if not NULL) says why, for a skip message.
 */
bool upm_seal_supported(const char **why);
/* mseal() of [@addr, @addr + @len): 0 or -errno. */
int upm_mseal(void *addr, size_t len);
/* Bytes of sealed chunks that destroyed pools left mapped, this process. */
size_t upm_sealed_leaked_bytes(void);

/*
 * In a child forked to write to a protected page: its expected SIGSEGV
 * leaves no core file (RLIMIT_CORE 0, not dumpable) and kills it (the
 * default action, whatever the parent installed).
 */
void upm_child_expects_fault(void);

#endif /* UPM_POOL_H */
