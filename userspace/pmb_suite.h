/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Suites: plain-text job matrices (bench/suites/NAME.suite).  One job line per
 * line, KEY=VALUE words, comma lists expanded to their cartesian product,
 * `set KEY=VALUE` for the lines that follow, `#` comments.  The format is
 * described at the top of every suite file and in README.md.
 */
#ifndef PMB_SUITE_H
#define PMB_SUITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "uapi/pmbench.h"

/*
 * Most jobs a suite may expand to, and most warm-up + kept repeats of one
 * job (the module's limit: a job with more is refused with EINVAL).
 */
#define PMB_SUITE_MAX_JOBS	100000
#define PMB_SUITE_MAX_SAMPLES	10000
/* Largest size= and count=, and longest line (its newline not counted). */
#define PMB_SUITE_MAX_AMOUNT	(1ULL << 48)
#define PMB_SUITE_MAX_LINE	4096

/* One expanded job. */
struct pmb_suite_job {
	/*
	 * The ioctl's input fields (backend .. flags).  protect_method is
	 * PMB_PROT_DEFAULT where the line named none: the run's method.
	 */
	struct pmb_job job;
	/* cpus=: CPUs to have online while it runs; 0: those online at the start. */
	unsigned int online_cpus;
	unsigned int line;	/* line of the suite file it came from */
};

struct pmb_suite {
	char *name;		/* file name less directory and ".suite" */
	struct pmb_suite_job *jobs;
	size_t nr_jobs, cap_jobs;
};

/*
 * Parse a suite file into @suite (which must be zeroed).  Returns 0, or -1
 * with "FILE:LINE: message" in @err; then @suite holds no job: a bad line
 * means nothing runs.
 */
int pmb_suite_load(struct pmb_suite *suite, const char *path, char *err,
		   size_t len);
/* The same from an open stream; @filename is used in messages and the name. */
int pmb_suite_parse(struct pmb_suite *suite, FILE *f, const char *filename,
		    char *err, size_t len);
void pmb_suite_free(struct pmb_suite *suite);

/*
 * The one number parser of the driver, for suite keys and `pmbench job`
 * options alike: base 10, or base 16 after an explicit 0x; the first
 * character a digit (no blank, no sign); with @suffix, one of k, M, G
 * (2^10, 2^20, 2^30) may follow.  Returns 0, or -1 for anything else and
 * for values past 2^64 - 1.
 */
int pmb_parse_u64(const char *s, bool suffix, unsigned long long *out);

/* "pmalloc protect size=4k count=1024 method=pte" for progress lines. */
void pmb_suite_job_describe(const struct pmb_suite_job *sj, char *buf,
			    size_t len);

#endif /* PMB_SUITE_H */
