/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pmalloc-bump backend's ops (backend_pmalloc_bump.c), for the designs
 * that build on the v20-v22 pool: pmalloc-wr (v23) is that pool plus a
 * write-rare op, so it takes these as they are.  Each takes the struct
 * pmb_objs of a set whose o->priv is a struct pmalloc_bump_pool.
 */
#ifndef PMBENCH_BACKEND_PMALLOC_BUMP_H
#define PMBENCH_BACKEND_PMALLOC_BUMP_H

#include "backend.h"

/* Upper bound per object of @size in a pool refilled @refill bytes at a time. */
size_t pmb_bump_obj_bytes_refill(size_t size, size_t refill);
/* The set's pool, refilled @refill bytes at a time, interruptible. */
int pmb_bump_create_refill(struct pmb_objs *o, size_t refill);
int pmb_bump_alloc(struct pmb_objs *o);
int pmb_bump_protect(struct pmb_objs *o);
int pmb_bump_unprotect(struct pmb_objs *o);
int pmb_bump_prepare(struct pmb_objs *o);
void pmb_bump_destroy(struct pmb_objs *o);
void pmb_bump_footprint(struct pmb_objs *o, struct pmb_footprint *fp);
unsigned long pmb_bump_flushes(const struct pmb_objs *o);
int pmb_bump_verify(struct pmb_objs *o, bool expect_ro,
		    struct pmb_verify_report *rep);

#endif /* PMBENCH_BACKEND_PMALLOC_BUMP_H */
