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

#endif /* PMB_REPORT_COMPARE_H */
