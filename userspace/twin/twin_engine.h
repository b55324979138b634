/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs one twin job the way the module runs one of its jobs: warm-up and
 * kept samples, each one pass of the workload over a set of objects, only
 * the operation under test between the clock reads (CLOCK_MONOTONIC and a
 * fenced TSC), the empty loop of the same op count as baseline, and the
 * figures of the set (struct pmb_figures, the registry's result keys).
 */
#ifndef TWIN_ENGINE_H
#define TWIN_ENGINE_H

#include <stdbool.h>

#include "uapi/pmbench.h"
#include "twin_suite.h"

struct twin_outcome {
	struct pmb_sample *samples;	/* warmup + repeats, the caller's */
	unsigned int nr_samples;
	struct pmb_sample baseline;
	struct pmb_figures fig;
	int status;			/* 0, -EOPNOTSUPP, or -errno */
	const char *error;		/* what failed, when status is an error */
	/* reads by reader threads that saw an object half written (-1: none checked) */
	long long torn_reads;
	/* reader threads that ran (threads= of the job, 0 without) */
	int threads;
	/* threads (timed or reader) that could not be pinned to their CPU */
	unsigned int pin_failures;
};

/*
 * The TSC frequency, calibrated against CLOCK_MONOTONIC; 0 when unusable:
 * not x86-64, or not invariant (twin_tsc_invariant()), so cycles are null.
 */
unsigned long long twin_tsc_khz(void);
/* constant_tsc and nonstop_tsc in /proc/cpuinfo's flags. */
bool twin_tsc_invariant(void);

/*
 * Run @job (protecting with mseal on top when @seal) into @out, whose
 * samples array holds warmup + repeats entries.  Returns out->status.
 */
int twin_run_job(const struct twin_job *job, bool seal, struct twin_outcome *out);

#endif /* TWIN_ENGINE_H */
