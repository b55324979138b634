/* SPDX-License-Identifier: GPL-2.0 */
/* The job engine: runs one validated job, writes samples to userspace. */
#ifndef PMBENCH_ENGINE_H
#define PMBENCH_ENGINE_H

#include "uapi/pmbench.h"

/* protect_method_used when no protection ran (kmalloc, alloc, ...). */
#define PMB_PROT_NONE		0xffffffffu

/*
 * Validate and run @job (already copied from userspace, header checked).
 * Fills the out fields of @job; the caller copies it back.  Samples go to
 * job->samples_ptr.  Returns 0 or -errno; -EOPNOTSUPP for a combination the
 * backend cannot do (kmalloc protect).
 */
int pmb_run_job(struct pmb_job *job);

#endif /* PMBENCH_ENGINE_H */
