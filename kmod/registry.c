// SPDX-License-Identifier: GPL-2.0
/*
 * The module's tables of backends and workloads, expanded from the
 * registry rows: a row's ops identifier names pmb_backend_<ops> or
 * pmb_wl_<ops>, so a row without its ops does not link.  Nothing here lists
 * a backend or a workload by hand.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/nospec.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "backend.h"
#include "protect.h"
#include "registry.h"
#include "workload.h"

#define PMB_X_BACKEND_ROW(e, ops_, s, caps_, role_, d)			\
	[PMB_BACKEND_##e] = {						\
		.name = s, .caps = caps_, .role = role_,		\
		.ops = &pmb_backend_##ops_,				\
	},
static const struct pmb_backend_row pmb_backend_rows[PMB_NR_BACKENDS] = {
	PMB_BACKENDS(PMB_X_BACKEND_ROW)
};
#undef PMB_X_BACKEND_ROW

#define PMB_X_WORKLOAD_ROW(e, ops_, s, n, p, jf, fig, m, pl, d)		\
	[PMB_WL_##e] = {						\
		.name = s, .needs = n, .protects = p, .job_flags = jf,	\
		.figures = fig, .measure = m, .plot = pl,		\
		.ops = &pmb_wl_##ops_,					\
	},
static const struct pmb_workload_row pmb_workload_rows[PMB_NR_WORKLOADS] = {
	PMB_WORKLOADS(PMB_X_WORKLOAD_ROW)
};
#undef PMB_X_WORKLOAD_ROW

struct pmb_jobflag_row {
	const char *name;	/* the ENUM of PMB_JOB_<ENUM> */
	u32 mask;		/* PMB_JOB_<ENUM> */
	u32 needs;
	u32 protects;
};

#define PMB_X_JOBFLAG_ROW(e, bit, n, p)					\
	{ .name = #e, .mask = PMB_JOB_##e, .needs = n, .protects = p },
static const struct pmb_jobflag_row pmb_jobflag_rows[] = {
	PMB_JOB_FLAGS(PMB_X_JOBFLAG_ROW)
};
#undef PMB_X_JOBFLAG_ROW

struct pmb_figure_row {
	const char *name;	/* the struct pmb_figures field */
	u32 type;		/* PMB_FIG_U64, PMB_FIG_TRI */
};

#define PMB_X_FIGURE_ROW(e, f, t, u, d)					\
	[PMB_FIG_##e] = { .name = #f, .type = t },
static const struct pmb_figure_row pmb_figure_rows[PMB_NR_FIGURES] = {
	PMB_FIGURES(PMB_X_FIGURE_ROW)
};
#undef PMB_X_FIGURE_ROW

const struct pmb_backend_row *pmb_backend_row(u32 id)
{
	if (id >= PMB_NR_BACKENDS)
		return NULL;
	return &pmb_backend_rows[array_index_nospec(id, PMB_NR_BACKENDS)];
}

const struct pmb_workload_row *pmb_workload_row(u32 id)
{
	if (id >= PMB_NR_WORKLOADS)
		return NULL;
	return &pmb_workload_rows[array_index_nospec(id, PMB_NR_WORKLOADS)];
}

/* ---- the ops against their rows ---- */

/* An optional op must be there exactly when @cap is among @caps. */
static int pmb_op_iff(bool present, u32 caps, u32 cap, const char *missing,
		      const char *extra, const char **why)
{
	if (!!(caps & cap) == present)
		return 0;
	*why = present ? extra : missing;
	return -EINVAL;
}

int pmb_backend_ops_check(const struct pmb_backend_ops *ops, u32 caps,
			  const char **why)
{
	if (!ops) {
		*why = "no ops";
		return -EINVAL;
	}
	if (caps & ~PMB_CAN_ALL) {
		*why = "the row has capability bits this module does not know";
		return -EINVAL;
	}
	if ((caps & PMB_CAN_UNPROTECT) && !(caps & PMB_CAN_PROTECT)) {
		*why = "the row has PMB_CAN_UNPROTECT without PMB_CAN_PROTECT";
		return -EINVAL;
	}
	/* Growth after protect is protect again: it has no op of its own. */
	if ((caps & PMB_CAN_GROW) && !(caps & PMB_CAN_PROTECT)) {
		*why = "the row has PMB_CAN_GROW without PMB_CAN_PROTECT";
		return -EINVAL;
	}
	/* A rare write goes into protected memory: there must be some. */
	if ((caps & PMB_CAN_WRITE_RARE) && !(caps & PMB_CAN_PROTECT)) {
		*why = "the row has PMB_CAN_WRITE_RARE without PMB_CAN_PROTECT";
		return -EINVAL;
	}
	/*
	 * Objects laid at load are read-only from then on: nothing frees,
	 * unprotects, grows or writes them.
	 */
	if (!(caps & PMB_CAN_ALLOC) &&
	    (caps & (PMB_CAN_FREE | PMB_CAN_UNPROTECT | PMB_CAN_GROW |
		     PMB_CAN_WRITE_RARE | PMB_CAN_PARTITION))) {
		*why = "the row has PMB_CAN_FREE, _UNPROTECT, _GROW, _WRITE_RARE or _PARTITION without PMB_CAN_ALLOC";
		return -EINVAL;
	}
	/* Only a backend that protects refuses methods, and not every one. */
	if (ops->methods_refused &&
	    (!(caps & PMB_CAN_PROTECT) ||
	     ops->methods_refused & ~((1u << PMB_NR_PROTECT_METHODS) - 1) ||
	     ops->methods_refused == (1u << PMB_NR_PROTECT_METHODS) - 1)) {
		*why = "ops->methods_refused names an unknown method, every method, or a row that cannot protect";
		return -EINVAL;
	}
	if (!ops->obj_bytes || !ops->alloc || !ops->destroy || !ops->footprint) {
		*why = "ops lacks one of obj_bytes, alloc, destroy, footprint";
		return -EINVAL;
	}
	if (!ops->size_max) {
		*why = "ops->size_max is 0";
		return -EINVAL;
	}
	*why = NULL;
	return pmb_op_iff(ops->free, caps, PMB_CAN_FREE,
			  "the row has PMB_CAN_FREE but ops->free is missing",
			  "ops->free is set but the row lacks PMB_CAN_FREE", why) ?:
	       pmb_op_iff(ops->protect, caps, PMB_CAN_PROTECT,
			  "the row has PMB_CAN_PROTECT but ops->protect is missing",
			  "ops->protect is set but the row lacks PMB_CAN_PROTECT", why) ?:
	       pmb_op_iff(ops->verify, caps, PMB_CAN_PROTECT,
			  "the row has PMB_CAN_PROTECT but ops->verify is missing",
			  "ops->verify is set but the row lacks PMB_CAN_PROTECT", why) ?:
	       pmb_op_iff(ops->flushes, caps, PMB_CAN_PROTECT,
			  "the row has PMB_CAN_PROTECT but ops->flushes is missing",
			  "ops->flushes is set but the row lacks PMB_CAN_PROTECT", why) ?:
	       pmb_op_iff(ops->unprotect, caps, PMB_CAN_UNPROTECT,
			  "the row has PMB_CAN_UNPROTECT but ops->unprotect is missing",
			  "ops->unprotect is set but the row lacks PMB_CAN_UNPROTECT", why) ?:
	       pmb_op_iff(ops->write_rare, caps, PMB_CAN_WRITE_RARE,
			  "the row has PMB_CAN_WRITE_RARE but ops->write_rare is missing",
			  "ops->write_rare is set but the row lacks PMB_CAN_WRITE_RARE", why) ?:
	       /* Objects come from alloc at run time, or laid at load. */
	       pmb_op_iff(!ops->laid, caps, PMB_CAN_ALLOC,
			  "ops->laid is set but the row has PMB_CAN_ALLOC",
			  "the row lacks PMB_CAN_ALLOC but ops->laid is missing", why);
}

int pmb_workload_ops_check(const struct pmb_workload_ops *ops, u32 needs,
			   u32 job_flags, const char **why)
{
	if (!ops || !ops->pass) {
		*why = "ops->pass is missing";
		return -EINVAL;
	}
	if (needs & ~PMB_CAN_ALL) {
		*why = "the row needs capability bits this module does not know";
		return -EINVAL;
	}
	if (job_flags & ~PMB_JOB_FLAGS_ALL) {
		*why = "the row accepts job flags this module does not know";
		return -EINVAL;
	}
	*why = NULL;
	return 0;
}

int pmb_registry_check(void)
{
	const char *why;
	int i, ret = 0;

	for (i = 0; i < PMB_NR_BACKENDS; i++) {
		const struct pmb_backend_row *r = &pmb_backend_rows[i];

		if (pmb_backend_ops_check(r->ops, r->caps, &why)) {
			pr_err("backend %s: %s\n", r->name, why);
			ret = -EINVAL;
		}
	}
	for (i = 0; i < PMB_NR_WORKLOADS; i++) {
		const struct pmb_workload_row *r = &pmb_workload_rows[i];

		if (pmb_workload_ops_check(r->ops, r->needs, r->job_flags, &why)) {
			pr_err("workload %s: %s\n", r->name, why);
			ret = -EINVAL;
		}
	}
	if (ret)
		pr_err("the ops above disagree with their rows in pmbench_registry.h: not loading\n");
	return ret;
}

/* ---- PMB_IOC_DESCRIBE ---- */

/* @index below @nr, under speculation too; -ENOENT past the end. */
static int pmb_describe_index(struct pmb_describe *d, u32 nr, u32 *index)
{
	d->nr_rows = nr;
	if (d->index >= nr)
		return -ENOENT;
	*index = array_index_nospec(d->index, nr);
	return 0;
}

int pmb_registry_describe(struct pmb_describe *d)
{
	u32 i;
	int ret;

	/* Every out field, then what this table's row fills in. */
	d->nr_rows = 0;
	d->caps = 0;
	d->role = 0;
	d->protects = 0;
	d->job_flags = 0;
	d->figures = 0;
	d->measure = 0;
	d->plot = 0;
	d->size_max = 0;
	memset(d->name, 0, sizeof(d->name));
	memset(d->reserved, 0, sizeof(d->reserved));

	switch (d->table) {
	case PMB_TABLE_BACKENDS: {
		const struct pmb_backend_row *r;

		ret = pmb_describe_index(d, PMB_NR_BACKENDS, &i);
		if (ret)
			return ret;
		r = &pmb_backend_rows[i];
		strscpy(d->name, r->name, sizeof(d->name));
		d->caps = r->caps;
		d->role = r->role;
		/* What a job may ask of it: the engine checks both limits. */
		d->size_max = min_t(u64, r->ops->size_max, PMB_JOB_SIZE_MAX);
		return 0;
	}
	case PMB_TABLE_WORKLOADS: {
		const struct pmb_workload_row *r;

		ret = pmb_describe_index(d, PMB_NR_WORKLOADS, &i);
		if (ret)
			return ret;
		r = &pmb_workload_rows[i];
		strscpy(d->name, r->name, sizeof(d->name));
		d->caps = r->needs;
		d->protects = r->protects;
		d->job_flags = r->job_flags;
		d->figures = r->figures;
		d->measure = r->measure;
		d->plot = r->plot;
		return 0;
	}
	case PMB_TABLE_METHODS:
		ret = pmb_describe_index(d, PMB_NR_PROTECT_METHODS, &i);
		if (ret)
			return ret;
		strscpy(d->name, pmb_protect_method_name(i), sizeof(d->name));
		return 0;
	case PMB_TABLE_FIGURES:
		ret = pmb_describe_index(d, PMB_NR_FIGURES, &i);
		if (ret)
			return ret;
		strscpy(d->name, pmb_figure_rows[i].name, sizeof(d->name));
		d->figures = pmb_figure_rows[i].type;
		return 0;
	case PMB_TABLE_JOB_FLAGS: {
		const struct pmb_jobflag_row *r;

		ret = pmb_describe_index(d, ARRAY_SIZE(pmb_jobflag_rows), &i);
		if (ret)
			return ret;
		r = &pmb_jobflag_rows[i];
		strscpy(d->name, r->name, sizeof(d->name));
		d->caps = r->needs;
		d->protects = r->protects;
		d->job_flags = r->mask;
		return 0;
	}
	default:
		return -EINVAL;
	}
}
