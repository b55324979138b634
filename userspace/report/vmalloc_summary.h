/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmbench jobs in the format of Linux's own vmalloc test module
 * (lib/test_vmalloc.c), whose report lines LKP-style tooling already
 * scrapes:
 *
 *   Summary: <test> passed: N failed: N repeat: R loops: L avg: X usec
 *
 * Only jobs that do what a test_vmalloc case does are written (README,
 * "test_vmalloc-compatible output", says which and why).
 */
#ifndef PMB_REPORT_VMALLOC_SUMMARY_H
#define PMB_REPORT_VMALLOC_SUMMARY_H

#include <stdio.h>

#include "run.h"

/*
 * The object size of fix_size_alloc_test with its default nr_pages: one
 * x86-64 page.  Results carry no page size; pmbench runs on x86-64 only.
 */
#define RPT_TVM_PAGE_SIZE	4096ULL

/* One Summary line, from the pair of jobs it is made of. */
struct rpt_tvm_line {
	const char *test;		/* test_vmalloc's case name */
	const struct rpt_job *alloc;	/* vmalloc alloc, one page, count L */
	const struct rpt_job *free;	/* vmalloc free, same size and count */
	unsigned long long loops;	/* L: objects per pass (count) */
	unsigned int repeat;		/* R: repeats of the pair */
	unsigned int passed, failed;	/* repeats measured / not */
	double avg_us;			/* mean pass time, alloc + free, us */
	int timed;			/* both jobs have a timed sample */
};

/*
 * The Summary lines @run has, at most @max in @out, in the run's job
 * order; returns how many there are (may be more than @max).
 */
size_t rpt_tvm_lines(const struct rpt_run *run, struct rpt_tvm_line *out,
		     size_t max);

/*
 * Write them to @f: '#' lines saying where they come from (run, target,
 * kernel) and what each is made of, then the Summary lines themselves,
 * one per matching pair of jobs with a timed sample.  Returns the number
 * of Summary lines written.
 */
size_t rpt_write_test_vmalloc(FILE *f, const struct rpt_run *run);

#endif /* PMB_REPORT_VMALLOC_SUMMARY_H */
