/* SPDX-License-Identifier: GPL-2.0 */
/* Talking to /dev/pmbench: open with clear errors, the versioned ioctls. */
#ifndef PMB_DEV_H
#define PMB_DEV_H

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

/* A sentence for an ioctl errno, in this ABI's terms. */
const char *pmb_dev_strerror(int err);

#endif /* PMB_DEV_H */
