/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmalloc: protectable memory, as proposed by Igor Stoppa (2018) and never
 * merged.  Pools of vmalloc'd chunks managed by genalloc; the whole pool is
 * write-protected at once through the MMU.  Lifecycle (seed 002):
 *   1 create  2 [prealloc]  3 alloc  4 init  (3-4 repeat)  5 protect
 *   6 use read-only  7 [destroy]
 * Locking is left to the user of the API, as in the original.
 */
#ifndef PMBENCH_PMALLOC_H
#define PMBENCH_PMALLOC_H

#include <linux/types.h>
#include <linux/list.h>

struct gen_pool;

struct pmalloc_pool_stats {
	unsigned long chunks;		/* vmalloc areas in the pool */
	unsigned long pages;		/* pages backing those chunks */
	size_t bytes_allocated;		/* live allocations (rounded to align) */
	size_t bytes_free;		/* free space left in the chunks */
	size_t metadata_bytes;		/* pool + genalloc chunk + bitmap overhead */
	unsigned long tlb_flushes;	/* flush rounds issued so far */
	bool protected;
};

struct pmalloc_pool;

/*
 * Step 1: @refill 0 means one page; @align 0 means sizeof(void *).
 * @method is an enum pmb_protect_method: how protect/destroy flip the pages.
 */
struct pmalloc_pool *pmalloc_create_pool(const char *name, size_t refill,
					 size_t align, unsigned int method);
/* Step 2: make at least @size bytes available without further vmalloc. */
int pmalloc_prealloc(struct pmalloc_pool *pool, size_t size);
/* Step 3. */
void *pmalloc(struct pmalloc_pool *pool, size_t size);
void *pzalloc(struct pmalloc_pool *pool, size_t size);
void *pmalloc_array(struct pmalloc_pool *pool, size_t n, size_t size);
void *pcalloc(struct pmalloc_pool *pool, size_t n, size_t size);
char *pstrdup(struct pmalloc_pool *pool, const char *s);
/* Before protection: space is reused.  After: accounting only. */
void pfree(struct pmalloc_pool *pool, const void *addr);
/* Step 5: every chunk read-only with one TLB flush round (pte method). */
int pmalloc_protect_pool(struct pmalloc_pool *pool);
/* Step 7: writable again, every page returned. */
void pmalloc_destroy_pool(struct pmalloc_pool *pool);

void pmalloc_pool_stats(struct pmalloc_pool *pool,
			struct pmalloc_pool_stats *st);
/*
 * Hardened-usercopy style query: if @addr lies in an allocation of a live
 * pool, return true and set *@start and *@size to that object.
 */
bool pmalloc_object_lookup(const void *addr, const void **start,
			   size_t *size);
/* Verify every page of every chunk; see protect.h for the report. */
struct pmb_verify_report;
int pmalloc_verify_pool(struct pmalloc_pool *pool,
			struct pmb_verify_report *rep);

#endif /* PMBENCH_PMALLOC_H */
