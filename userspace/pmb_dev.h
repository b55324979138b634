/* SPDX-License-Identifier: GPL-2.0 */
/* Talking to /dev/pmbench: open with clear errors, the versioned ioctls. */
#ifndef PMB_DEV_H
#define PMB_DEV_H

#include <stddef.h>

#include "uapi/pmbench.h"

/*
 * Open the control device.  On failure returns -1 and prints one line that
 * says why and what to do (module not loaded, not root, ...).
 */
int pmb_dev_open(const char *path);

/*
 * Take the driver's lock on the open device (flock, exclusive, no wait):
 * one pmbench process runs jobs at a time, so two runs cannot disturb each
 * other's numbers, nor turn each other's jobs into EBUSY errors.  Returns 0,
 * or -1 after printing that another pmbench process holds it.  The lock
 * goes with the descriptor.
 */
int pmb_dev_lock(int fd, const char *path);

/* Each returns 0 or -errno; the argument's header is filled in here. */
int pmb_dev_caps(int fd, struct pmb_caps *caps);
int pmb_dev_run_job(int fd, struct pmb_job *job);
int pmb_dev_selftest(int fd, struct pmb_selftest *st);

int pmb_dev_describe(int fd, struct pmb_describe *d);

/* One PMB_IOC_DESCRIBE call: the ioctl, or a fake in the unit tests; 0 or -errno. */
typedef int (*pmb_describe_fn)(void *ctx, struct pmb_describe *d);

/*
 * Ask for every row of every registry table (PMB_TABLE_BACKENDS ..
 * PMB_TABLE_JOB_FLAGS) and compare each with what this driver was built
 * with (pmb_registry_row): names, row counts, and the fields each table
 * fills in.  Returns 0 when they agree; otherwise one line in @msg, about
 * the first difference, and -EPROTO (they disagree), -ENOTTY (a module
 * without PMB_IOC_DESCRIBE), or the -errno of a describe call that failed.
 */
int pmb_registry_check(pmb_describe_fn describe, void *ctx, char *msg,
		       size_t len);

/*
 * pmb_registry_check on the open device, before any job: returns 0, or
 * the exit status after printing the line (2: module and driver do not
 * match, nothing should run; 1: the call failed).
 */
int pmb_dev_check_registry(int fd);

/* A sentence for an ioctl errno, in this ABI's terms. */
const char *pmb_dev_strerror(int err);

#endif /* PMB_DEV_H */
