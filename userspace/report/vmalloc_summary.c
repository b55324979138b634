// SPDX-License-Identifier: GPL-2.0
/*
 * pmbench jobs as Linux's lib/test_vmalloc reports its cases (see
 * vmalloc_summary.h).  Of test_vmalloc's cases one is what pmbench
 * measures: fix_size_alloc_test, a loop of vmalloc(PAGE_SIZE), a write to
 * the first byte, vfree().  pmbench's vmalloc alloc job of one-page
 * objects times the vmalloc() calls of a pass over `count` objects, its
 * free job the vfree() calls; together one loop of the case each object.
 * The others (a fragmented or crowded vmap space, random sizes and
 * alignments, per-CPU allocations, kvfree_rcu, vm_map_ram) are nothing
 * pmbench runs, so nothing is written for them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vmalloc_summary.h"

static bool job_is(const struct rpt_job *job, const char *backend,
		   const char *workload)
{
	return job->key.backend && job->key.workload &&
	       !strcmp(job->key.backend, backend) &&
	       !strcmp(job->key.workload, workload) &&
	       job->key.size == RPT_TVM_PAGE_SIZE;
}

/* The free job that goes with @alloc: same size, count and CPUs. */
static const struct rpt_job *free_for(const struct rpt_run *run,
				      const struct rpt_job *alloc)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++) {
		const struct rpt_job *j = &run->jobs[i];

		if (job_is(j, "vmalloc", "free") &&
		    j->key.count == alloc->key.count &&
		    j->key.online_cpus == alloc->key.online_cpus)
			return j;
	}
	return NULL;
}

/* Mean time of one pass (ns_per_op x count), in us; NAN without samples. */
static double pass_us(const struct rpt_job *job)
{
	if (!job->val[RPT_F_NS].n)
		return NAN;
	return job->st[RPT_F_NS].mean * (double)job->key.count / 1000.0;
}

size_t rpt_tvm_lines(const struct rpt_run *run, struct rpt_tvm_line *out,
		     size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < run->nr_jobs; i++) {
		const struct rpt_job *a = &run->jobs[i], *f;
		struct rpt_tvm_line l = { .test = "fix_size_alloc_test" };
		double ua, uf;

		if (!job_is(a, "vmalloc", "alloc"))
			continue;
		f = free_for(run, a);
		if (!f)
			continue;
		l.alloc = a;
		l.free = f;
		l.loops = a->key.count;
		/*
		 * A repeat of the case is one pass of `loops` objects: here
		 * the alloc pass of one job and the free pass of the other.
		 * It passed when both were measured.
		 */
		l.repeat = a->lines > f->lines ? a->lines : f->lines;
		l.passed = a->ok < f->ok ? a->ok : f->ok;
		l.failed = l.repeat - l.passed;
		ua = pass_us(a);
		uf = pass_us(f);
		l.timed = !isnan(ua) && !isnan(uf);
		l.avg_us = l.timed ? ua + uf : NAN;
		if (n < max)
			out[n] = l;
		n++;
	}
	return n;
}

size_t rpt_write_test_vmalloc(FILE *f, const struct rpt_run *run)
{
	struct rpt_tvm_line *l;
	size_t i, n, written = 0;

	n = rpt_tvm_lines(run, NULL, 0);
	fprintf(f, "# pmbench run %s (target %s, kernel %s): jobs in lib/test_vmalloc's Summary format\n",
		run->id, run->env.target ? run->env.target : "unknown",
		run->env.kernel ? run->env.kernel : "unknown");
	if (!n) {
		fprintf(f, "# no test_vmalloc case in this run: fix_size_alloc_test needs a vmalloc alloc and a vmalloc free job of %llu-byte objects with the same count\n",
			RPT_TVM_PAGE_SIZE);
		return 0;
	}
	l = calloc(n, sizeof(*l));
	if (!l) {
		fprintf(f, "# out of memory\n");
		return 0;
	}
	rpt_tvm_lines(run, l, n);
	for (i = 0; i < n; i++) {
		fprintf(f, "# fix_size_alloc_test: vmalloc %llu B, %llu objects a pass: alloc job %ld + free job %ld, mean of each job's passes%s\n",
			RPT_TVM_PAGE_SIZE, l[i].loops,
			l[i].alloc->index, l[i].free->index,
			l[i].loops > 1 ? "; all objects live before the first vfree()" : "");
		if (!l[i].timed) {
			const char *why = l[i].alloc->error ? l[i].alloc->error :
					  l[i].free->error ? l[i].free->error :
					  "no timed sample";

			fprintf(f, "# fix_size_alloc_test: no Summary line: %s\n", why);
			continue;
		}
		/* test_vmalloc prints whole microseconds, rounded down. */
		fprintf(f, "Summary: %s passed: %u failed: %u repeat: %u loops: %llu avg: %llu usec\n",
			l[i].test, l[i].passed, l[i].failed, l[i].repeat,
			l[i].loops, (unsigned long long)floor(l[i].avg_us));
		written++;
	}
	free(l);
	return written;
}
