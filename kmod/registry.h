/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's tables, expanded from the registry rows
 * (uapi/pmbench_registry.h): one row per backend and per workload, each
 * with its ops, plus the checks that the ops agree with the rows and the
 * answers of PMB_IOC_DESCRIBE.  Above the backends and the workloads
 * (it names their ops), below the engine and the control device.
 */
#ifndef PMBENCH_KMOD_REGISTRY_H
#define PMBENCH_KMOD_REGISTRY_H

#include <linux/types.h>
#include "uapi/pmbench.h"

struct pmb_backend_ops;
struct pmb_workload_ops;

struct pmb_backend_row {
	const char *name;
	u32 caps;			/* PMB_CAN_* */
	u32 role;			/* PMB_ROLE_* */
	const struct pmb_backend_ops *ops;
};

struct pmb_workload_row {
	const char *name;
	u32 needs;			/* PMB_CAN_* */
	u32 protects;
	u32 job_flags;			/* PMB_JOB_* it accepts */
	u32 figures;			/* PMB_FIGBIT()s */
	u32 measure;			/* PMB_MEASURE_* */
	u32 plot;			/* PMB_PLOT_* */
	const struct pmb_workload_ops *ops;
};

/*
 * The row of enum pmb_backend / enum pmb_workload @id, or NULL out of
 * range.  @id may come from userspace: the index is clamped under
 * speculation (it selects the ops called through).
 */
const struct pmb_backend_row *pmb_backend_row(u32 id);
const struct pmb_workload_row *pmb_workload_row(u32 id);

/*
 * Does @ops implement what @caps promises, and nothing it does not?  Pure:
 * reads only its arguments.  0, or -EINVAL with *@why saying what is wrong.
 */
int pmb_backend_ops_check(const struct pmb_backend_ops *ops, u32 caps,
			  const char **why);
/* The same for a workload and the row fields the module relies on. */
int pmb_workload_ops_check(const struct pmb_workload_ops *ops, u32 needs,
			   u32 job_flags, const char **why);
/*
 * Every row through the checks above; at module load.  -EINVAL after a
 * pr_err() naming each backend or workload that fails and why.
 */
int pmb_registry_check(void);

/*
 * Fill the out fields of @d for row d->index of table d->table:
 * -EINVAL for an unknown table, -ENOENT past its end (nr_rows is set
 * then too), else 0.  The caller checked the header.
 */
int pmb_registry_describe(struct pmb_describe *d);

#endif /* PMBENCH_KMOD_REGISTRY_H */
