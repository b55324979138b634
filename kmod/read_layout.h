/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the read workload lays in its objects before timing them, one
 * function per pattern, shared by the read workload (wl_read.c: after
 * every backend's allocation) and the ro-after-init floor
 * (backend_ro_after_init.c: once, at module load, into data that is
 * read-only afterwards).  One code path, so a chase through the same
 * (size, count) visits the objects in the same order, by allocation
 * index, whatever backend holds them.
 */
#ifndef PMBENCH_READ_LAYOUT_H
#define PMBENCH_READ_LAYOUT_H

#include <linux/types.h>

/* What a set's objects hold for the read workload (struct pmb_objs.layout). */
enum pmb_layout {
	PMB_LAYOUT_NONE,	/* nothing asked: the workload writes its own */
	PMB_LAYOUT_CHASE,	/* read, chase: pmb_lay_chase() */
	PMB_LAYOUT_SWEEP,	/* read, sweep: pmb_lay_sweep() */
	PMB_NR_LAYOUTS
};

/* "chase", "sweep", "none" */
const char *pmb_layout_name(unsigned int layout);

/*
 * The chase: the @nr addresses of @obj shuffled (xorshift64*, seed
 * 0x9e3779b97f4a7c15 ^ @nr: the same count gives the same permutation of
 * indices on every backend and every run), then each object's first word
 * set to the next object of the shuffled order, the last to the first;
 * *@head is the first.  @nr >= 1.  -ENOMEM (its scratch array), -EINTR on
 * a signal (looked for every few thousand objects).
 */
int pmb_lay_chase(void *const *obj, unsigned long nr, void **head);

/* The sweep: object i's first word holds i.  -EINTR on a signal. */
int pmb_lay_sweep(void *const *obj, unsigned long nr);

#endif /* PMBENCH_READ_LAYOUT_H */
