/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ro-after-init floor (backend_ro_after_init.c): its start-up step and
 * what its self-tests look at.
 */
#ifndef PMBENCH_BACKEND_RO_AFTER_INIT_H
#define PMBENCH_BACKEND_RO_AFTER_INIT_H

#include <linux/types.h>

/* One set laid at load: @count objects of @size bytes, @stride apart. */
struct pmb_ro_floor_set {
	char *base;		/* page-aligned, inside the floor's array */
	size_t size;
	size_t stride;		/* @size rounded up to a pointer */
	unsigned long count;
	unsigned int layout;	/* enum pmb_layout */
	void *head;		/* PMB_LAYOUT_CHASE: the cycle's first object */
};

/*
 * Module start-up, while the module's init runs (the data is still
 * writable): lay every set ro_after_init_shapes names, both patterns.
 * -EINVAL (a shape that cannot be read: smaller than a pointer, or past
 * the job limits, or malformed), -E2BIG (more than the floor's capacity),
 * -ENOMEM, -EINTR; the log says which shape.
 */
int pmb_ro_floor_init(void);

/* The sets laid at load, for the self-tests; NULL past the last. */
const struct pmb_ro_floor_set *pmb_ro_floor_set(unsigned int i);
/* Where the floor's array is and how long (its capacity). */
void pmb_ro_floor_area(const void **base, size_t *bytes);

#endif /* PMBENCH_BACKEND_RO_AFTER_INIT_H */
