/* SPDX-License-Identifier: GPL-2.0 */
/* The job engine: runs one validated job, writes samples to userspace. */
#ifndef PMBENCH_ENGINE_H
#define PMBENCH_ENGINE_H

#include "uapi/pmbench.h"

/* protect_method_used when no protection ran (kmalloc, alloc, ...). */
#define PMB_PROT_NONE		0xffffffffu

/*
 * Figures not yet named by the uapi, carried in pmb_figures.reserved[]:
 * allocator bookkeeping, kernel virtual space (guard pages included) and
 * protection calls of one pass.  ~0 where not measured.
 */
#define PMB_FIG_METADATA_BYTES	0
#define PMB_FIG_VA_BYTES	1
#define PMB_FIG_FLIPS		2

/*
 * Validate and run @job (already copied from userspace, header checked).
 * Fills the out fields of @job; the caller copies it back.  Samples go to
 * job->samples_ptr.  Returns 0 or -errno; -EOPNOTSUPP for a combination the
 * backend cannot do (kmalloc protect).
 */
int pmb_run_job(struct pmb_job *job);

#endif /* PMBENCH_ENGINE_H */
