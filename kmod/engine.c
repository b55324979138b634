// SPDX-License-Identifier: GPL-2.0
/*
 * The job engine.  A job is one backend x workload x size x count; the
 * engine finds both in the registry's tables (registry.c), refuses what
 * their rows rule out, validates the rest before allocating anything,
 * pins current to the requested CPU, times the empty loop (the baseline),
 * then runs warmup + repeats passes of the workload, one sample each,
 * copying every sample out as soon as it is taken.  Between passes it yields the CPU and stops
 * with -EINTR on a pending signal; every path frees what the job holds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/tsc.h>

#include "engine.h"
#include "protect.h"
#include "registry.h"
#include "timing.h"
#include "workload.h"

/* Test hook: make allocation number N of every pass fail (cleanup tests). */
static long fail_alloc_at = -1;
module_param(fail_alloc_at, long, 0600);
MODULE_PARM_DESC(fail_alloc_at,
		 "test hook: the allocation with this index fails with ENOMEM in every pass (-1: never)");

/* Test hook: let a job that does not fit run into the wall (exhaustion tests). */
static bool check_available = true;
module_param(check_available, bool, 0600);
MODULE_PARM_DESC(check_available,
		 "refuse (E2BIG) a job whose objects exceed MemAvailable before allocating (default Y; N: tests of allocation failure midway)");

/* ---- validation: nothing is allocated before all of it passed ---- */

/* The method a job protects with: its own, or the module's default. */
static unsigned int pmb_job_method(const struct pmb_job *job)
{
	return job->protect_method == PMB_PROT_DEFAULT ?
	       pmb_protect_default_method() : job->protect_method;
}

/*
 * What the rows say of the job, before its numbers are looked at: flags its
 * workload does not take are EINVAL; a backend without a capability that
 * the workload or one of the flags needs makes it "unsupported"
 * (EOPNOTSUPP), from pmb_job_supported() alone.
 */
static int pmb_job_check_rows(const struct pmb_job *job,
			      const struct pmb_backend_row **be,
			      const struct pmb_workload_row **wl)
{
	*be = pmb_backend_row(job->backend);
	*wl = pmb_workload_row(job->workload);
	if (!*be || !*wl)
		return -EINVAL;
	if (job->flags & ~(*wl)->job_flags)
		return -EINVAL;
	if (!pmb_job_supported(job->backend, job->workload, job->flags))
		return -EOPNOTSUPP;
	return 0;
}

static int pmb_job_check_ranges(const struct pmb_job *job,
				const struct pmb_backend_ops *be)
{
	if (!job->size || job->size > PMB_JOB_SIZE_MAX)
		return -EINVAL;
	if (!job->count || job->count > PMB_JOB_COUNT_MAX)
		return -EINVAL;
	if (!job->repeats || job->repeats > PMB_JOB_SAMPLES_MAX ||
	    job->warmup > PMB_JOB_SAMPLES_MAX - job->repeats)
		return -EINVAL;
	if (job->repeats + job->warmup > job->samples_cap || !job->samples_ptr)
		return -EINVAL;
	if (job->cpu != -1 && (job->cpu < 0 ||
	    (unsigned int)job->cpu >= nr_cpu_ids || !cpu_online(job->cpu)))
		return -EINVAL;
	if (job->protect_method != PMB_PROT_DEFAULT &&
	    job->protect_method >= PMB_NR_PROTECT_METHODS)
		return -EINVAL;
	/* partitions= only where the row takes it, and then 1 to the limit. */
	if (pmb_backend_caps(job->backend) & PMB_CAN_PARTITION) {
		if (!job->partitions || job->partitions > PMB_JOB_PARTITIONS_MAX)
			return -EINVAL;
	} else if (job->partitions) {
		return -EINVAL;
	}
	if (job->pad)
		return -EINVAL;
	/*
	 * A valid job past the backend's largest object (the lockable zone's
	 * 4 KiB classes) is one the design cannot do: unsupported, as for a
	 * capability it lacks, not a bad request.
	 */
	if (job->size > be->size_max)
		return -EOPNOTSUPP;
	/* A job that protects needs its method to work here, on this backend. */
	if (pmb_job_protects(job->backend, job->workload, job->flags) &&
	    (!pmb_protect_method_available(pmb_job_method(job)) ||
	     (be->methods_refused & (1u << pmb_job_method(job)))))
		return -EOPNOTSUPP;
	return 0;
}

/*
 * The objects and their pointer array may take at most RAM >> PMB_JOB_RAM_SHIFT,
 * and must fit in what is available now (MemAvailable): a job that would
 * only fit by swapping or OOM-killing is refused (-E2BIG) before it
 * allocates anything.  -ENOMEM then always means "failed midway".
 */
static int pmb_job_check_memory(const struct pmb_job *job,
				const struct pmb_backend_ops *be)
{
	struct sysinfo si;
	u64 bytes, ram;
	long avail;

	si_meminfo(&si);
	ram = (u64)si.totalram * si.mem_unit;
	if (check_mul_overflow((u64)be->obj_bytes(job->size) + sizeof(void *),
			       job->count, &bytes))
		return -E2BIG;
	if (bytes > ram >> PMB_JOB_RAM_SHIFT)
		return -E2BIG;
	avail = si_mem_available();
	if (READ_ONCE(check_available) && bytes > (u64)max(avail, 0L) << PAGE_SHIFT)
		return -E2BIG;
	return 0;
}

static int pmb_job_validate(const struct pmb_job *job,
			    const struct pmb_backend_row **be,
			    const struct pmb_workload_row **wl)
{
	size_t bytes;
	int ret;

	ret = pmb_job_check_rows(job, be, wl);
	if (ret)
		return ret;
	ret = pmb_job_check_ranges(job, (*be)->ops);
	if (ret)
		return ret;
	bytes = (size_t)(job->repeats + job->warmup) * sizeof(struct pmb_sample);
	if (!access_ok(u64_to_user_ptr(job->samples_ptr), bytes))
		return -EFAULT;
	return pmb_job_check_memory(job, (*be)->ops);
}

/* ---- pinning ---- */

static int pmb_pin(int cpu, cpumask_var_t saved)
{
	if (cpu < 0)
		return 0;
	cpumask_copy(saved, current->cpus_ptr);
	return set_cpus_allowed_ptr(current, cpumask_of(cpu));
}

static void pmb_unpin(int cpu, cpumask_var_t saved)
{
	if (cpu >= 0 && set_cpus_allowed_ptr(current, saved))
		pr_warn("could not restore the CPU affinity of %s[%d]\n",
			current->comm, task_pid_nr(current));
}

/* ---- running ---- */

static noinline void pmb_empty_loop(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		barrier();
}

/* The empty loop of @count iterations, same clock; the fastest of a few. */
static void pmb_time_baseline(struct pmb_ctx *ctx, struct pmb_sample *best)
{
	struct pmb_sample s;
	struct pmb_clock c;
	int i;

	for (i = 0; i < 5; i++) {
		pmb_clock_start(&c);
		pmb_empty_loop(ctx->objs.count);
		pmb_clock_stop(&c, &s, ctx->objs.count, ctx->cpu);
		if (!i || s.cycles < best->cycles)
			*best = s;
	}
}

static int pmb_run_passes(struct pmb_ctx *ctx, const struct pmb_workload_ops *wl,
			  struct pmb_job *job)
{
	struct pmb_sample __user *out = u64_to_user_ptr(job->samples_ptr);
	unsigned int n = job->warmup + job->repeats;
	struct pmb_sample s;
	int ret;

	for (ctx->pass = 0; ctx->pass < n; ctx->pass++) {
		ctx->last_pass = ctx->pass == n - 1;
		memset(&s, 0, sizeof(s));
		ret = wl->pass(ctx, &s);
		if (ret)
			return ret;
		if (ctx->pass < job->warmup)
			s.flags |= PMB_SAMPLE_WARMUP;
		if (copy_to_user(&out[ctx->pass], &s, sizeof(s)))
			return -EFAULT;
		job->nr_samples = ctx->pass + 1;
		if (signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

static void pmb_ctx_init(struct pmb_ctx *ctx, const struct pmb_job *job,
			 const struct pmb_backend_row *row)
{
	const struct pmb_backend_ops *be = row->ops;
	struct pmb_objs *o = &ctx->objs;

	ctx->job = job;
	ctx->be = be;
	ctx->be_name = row->name;
	ctx->protects = pmb_job_protects(job->backend, job->workload, job->flags);
	/* Validated; cpumask_of() indexes a table with it. */
	ctx->cpu = job->cpu < 0 ? -1 : array_index_nospec(job->cpu, nr_cpu_ids);
	ctx->method_used = PMB_PROT_NONE;
	o->count = job->count;
	o->size = job->size;
	o->partitions = job->partitions;
	o->method = pmb_job_method(job);
	o->fail_at = READ_ONCE(fail_alloc_at) < 0 ? ULONG_MAX : fail_alloc_at;
	o->free_floor = pmb_free_floor();
	o->check_mask = pmb_check_mask(be->obj_bytes(job->size));
	memset(&ctx->fig, 0xff, sizeof(ctx->fig));	/* ~0: not measured */
	memset(ctx->fig.reserved, 0, sizeof(ctx->fig.reserved));
	ctx->fig.bytes_requested = job->size * job->count;
	ctx->fig.verified = PMB_UNKNOWN;
	ctx->fig.direct_map_ro = PMB_UNKNOWN;
}

static void pmb_job_clear_out(struct pmb_job *job)
{
	job->nr_samples = 0;
	job->protect_method_used = PMB_PROT_NONE;
	memset(&job->baseline, 0, sizeof(job->baseline));
	memset(&job->fig, 0xff, sizeof(job->fig));
	memset(job->fig.reserved, 0, sizeof(job->fig.reserved));
	job->fig.verified = PMB_UNKNOWN;
	job->fig.direct_map_ro = PMB_UNKNOWN;
	job->tsc_khz = boot_cpu_has(X86_FEATURE_TSC) ? tsc_khz : 0;
}

/* Pinned part of a job: baseline, setup, passes, teardown. */
static int pmb_run_pinned(struct pmb_ctx *ctx, const struct pmb_workload_ops *wl,
			  struct pmb_job *job)
{
	int ret = 0;

	pmb_time_baseline(ctx, &job->baseline);
	if (wl->setup)
		ret = wl->setup(ctx);
	if (!ret)
		ret = pmb_run_passes(ctx, wl, job);
	if (wl->teardown)
		wl->teardown(ctx);
	else
		pmb_objs_release(ctx);
	job->fig = ctx->fig;
	job->protect_method_used = ctx->method_used;
	return ret;
}

int pmb_run_job(struct pmb_job *job)
{
	const struct pmb_backend_row *be_row;
	const struct pmb_workload_row *wl_row;
	const struct pmb_workload_ops *wl;
	struct pmb_ctx *ctx;
	cpumask_var_t saved;
	int ret;

	/* Fields come from reserved[]: the ABI's size never changes. */
	BUILD_BUG_ON(sizeof(struct pmb_job) != 240);
	pmb_job_clear_out(job);
	ret = pmb_job_validate(job, &be_row, &wl_row);
	if (ret)
		return ret;
	wl = wl_row->ops;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	pmb_ctx_init(ctx, job, be_row);
	ret = wl->check ? wl->check(ctx) : 0;
	if (ret)
		goto out_ctx;
	ctx->objs.obj = pmb_kvmalloc_mayfail(job->count, sizeof(void *), true);
	if (!ctx->objs.obj) {
		ret = -ENOMEM;
		goto out_ctx;
	}
	if (!alloc_cpumask_var(&saved, GFP_KERNEL)) {
		ret = -ENOMEM;
		goto out_obj;
	}
	ret = pmb_pin(ctx->cpu, saved);
	if (ret)
		goto out_mask;
	ret = pmb_run_pinned(ctx, wl, job);
	pmb_unpin(ctx->cpu, saved);
out_mask:
	free_cpumask_var(saved);
out_obj:
	kvfree(ctx->objs.obj);
out_ctx:
	kfree(ctx);
	return ret;
}
