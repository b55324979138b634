/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run against run, mmtests style: the baseline's figures in one column,
 * the candidate's beside them as "value (+x.xx%)", and per job whether
 * the two runs agree: the interval of candidate / baseline, built as the
 * headline's ratios are, includes 1 (the medians' intervals overlap).
 */
#ifndef PMB_REPORT_COMPARE_H
#define PMB_REPORT_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"

/* Whether two runs may share a table without --allow-mixed-targets. */
bool rpt_same_target(const struct rpt_run *base, const struct rpt_run *cand);

/*
 * What differs between the runs' setups besides the target: kernel, CPU,
 * protection method, suite, suite revision.  Their names, ", "-separated,
 * into @buf ("" when none); returns how many.
 */
int rpt_setup_diff(const struct rpt_run *base, const struct rpt_run *cand,
		   char *buf, size_t len);

/*
 * When one run has jobs measured on a busy host (rpt_job_busy()) and the
 * other none: "the baseline had 2 of 17 jobs on a busy host, the candidate
 * none" into @buf, and true.  Else @buf is "" and false.
 */
bool rpt_load_diff(const struct rpt_run *base, const struct rpt_run *cand,
		   char *buf, size_t len);

void rpt_write_compare_md(FILE *f, const struct rpt_run *base,
			  const struct rpt_run *cand);
void rpt_write_compare_csv(FILE *f, const struct rpt_run *base,
			   const struct rpt_run *cand);

/*
 * Several runs against the first, compare-kernels style (the kernel
 * matrix: 6.1 as the baseline, then 6.12, 6.12-rt): one row per job, the
 * baseline's median, and each other run's as "value (+x.xx%)" with " *"
 * where its interval over the baseline excludes 1 (compare.md's
 * **differ**).  Columns are named by kernel when every run has its own,
 * else by run id.  At most RPT_MAX_RUNS runs; -1 outside 2 to that.
 */
#define RPT_MAX_RUNS	16
bool rpt_runs_differ_in_kernel(const struct rpt_run *const *runs, size_t nr);
int rpt_write_matrix_md(FILE *f, const struct rpt_run *const *runs, size_t nr);
int rpt_write_matrix_csv(FILE *f, const struct rpt_run *const *runs, size_t nr);
/*
 * plots/matrix-WORKLOAD.{dat,gp,png,svg} under @outdir: per workload, the
 * median of every job (x: the jobs in table order) with one line per run,
 * log y.  @draw false: .dat and .gp only.  Returns how many plots were
 * drawn, or -1 with @err set; 0 with @err set when gnuplot could not be
 * started.
 */
int rpt_write_matrix_plots(const struct rpt_run *const *runs, size_t nr,
			   const char *outdir, bool draw, char *err, size_t len);

#endif /* PMB_REPORT_COMPARE_H */
