/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run against run, mmtests style: the baseline's figures in one column,
 * the candidate's beside them as "value (+x.xx%)", '*' where Welch's test
 * finds the difference significant.
 */
#ifndef PMB_REPORT_COMPARE_H
#define PMB_REPORT_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"

/* Whether two runs may share a table without --allow-mixed-targets. */
bool rpt_same_target(const struct rpt_run *base, const struct rpt_run *cand);

void rpt_write_compare_md(FILE *f, const struct rpt_run *base,
			  const struct rpt_run *cand);
void rpt_write_compare_csv(FILE *f, const struct rpt_run *base,
			   const struct rpt_run *cand);

#endif /* PMB_REPORT_COMPARE_H */
