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
 * Most jobs a suite may expand to, and longest line (its newline not
 * counted).  What one job may ask for is the module's limit, from the uapi
 * header (PMB_JOB_SIZE_MAX, PMB_JOB_COUNT_MAX, PMB_JOB_SAMPLES_MAX): a
 * suite asking for more is refused here, naming the limit.
 */
#define PMB_SUITE_MAX_JOBS	100000
#define PMB_SUITE_MAX_LINE	4096
/* warmup + repeats of one job: the module's limit. */
#define PMB_SUITE_MAX_SAMPLES	PMB_JOB_SAMPLES_MAX
/* Largest size= and count= a results reader takes (above the job limits). */
#define PMB_SUITE_MAX_AMOUNT	(1ULL << 48)
/* Messages one parse keeps; the rest are counted. */
#define PMB_SUITE_MAX_ERRORS	20
#define PMB_SUITE_ERROR_LEN	640

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
	/* threads= (the userspace twin's suites): reader threads; -1: not a key of the job */
	int threads;
};

struct pmb_suite {
	char *name;		/* file name less directory and ".suite" */
	struct pmb_suite_job *jobs;
	size_t nr_jobs, cap_jobs;
};

/*
 * What a parse found wrong: the first PMB_SUITE_MAX_ERRORS messages, each
 * one line "FILE:LINE: message" (or "FILE: message" for the whole file),
 * in file order, and how many more there were.
 */
struct pmb_suite_errors {
	char msg[PMB_SUITE_MAX_ERRORS][PMB_SUITE_ERROR_LEN];
	unsigned int n;		/* messages in msg[] */
	unsigned int more;	/* errors past them */
};

/* threads= past this is refused. */
#define PMB_SUITE_MAX_THREADS	1024

/*
 * Whose names a suite uses: the module's registry (pmb_suite_module_registry,
 * what every pmb_suite_* function without _reg uses) or another's, such as
 * the userspace twin's (userspace/twin/twin_suite.c).  One format, one
 * parser; the registry says which names and keys there are.
 */
struct pmb_suite_registry {
	/* the b-th backend's name, NULL past the last (backend= and all) */
	const char *(*backend_name)(unsigned int b);
	int (*backend_from_name)(const char *name);
	/* the i-th workload's name, NULL past the last (workload= and all) */
	const char *(*workload_nth_name)(unsigned int i);
	/* a workload's number in the jobs, or -1 */
	int (*workload_from_name)(const char *name);
	/* the module workload whose flags and protection workload @w shares; NULL: itself */
	unsigned int (*workload_like)(unsigned int w);
	/* NULL: no threads= key; else its default for @w, -1 where @w takes none */
	int (*workload_threads)(unsigned int w);
	/* a job the registry refuses: its message; NULL (or no function): fine */
	const char *(*refuse)(const struct pmb_suite_job *sj);
	/* the module's keys: method=, verify=, cpu=, cpus= */
	bool module_keys;
};

extern const struct pmb_suite_registry pmb_suite_module_registry;

/*
 * threads=all: a reader on every CPU the process may run on but the timed
 * thread's (CPUs of sched_getaffinity() - 1; 0 on one CPU), as at the
 * first call: call it before pinning any thread.  A list naming one number
 * twice (threads=1,all on two CPUs) makes one job.
 */
unsigned int pmb_suite_threads_all(void);

/*
 * Parse a suite from an open stream into @suite (which must be zeroed);
 * @filename is used in messages and the suite's name.  Every line is
 * checked, so one pass names every bad line (up to the limit), except
 * after a line too long to read or a read error.  Returns 0, or -1 with
 * the errors in @errs; then @suite holds no job: a bad line means nothing
 * runs.
 */
int pmb_suite_parse_all(struct pmb_suite *suite, FILE *f, const char *filename,
			struct pmb_suite_errors *errs);
int pmb_suite_load_all(struct pmb_suite *suite, const char *path,
		       struct pmb_suite_errors *errs);
/* The same with @reg's names and keys. */
int pmb_suite_parse_reg(struct pmb_suite *suite, FILE *f, const char *filename,
			struct pmb_suite_errors *errs, const struct pmb_suite_registry *reg);
int pmb_suite_load_reg(struct pmb_suite *suite, const char *path,
		       struct pmb_suite_errors *errs, const struct pmb_suite_registry *reg);
/* Each message of @errs on its own line of @out after @prefix, then "and N more". */
void pmb_suite_errors_print(const struct pmb_suite_errors *errs, FILE *out,
			    const char *prefix, const char *filename);

/* The same, keeping only the first message ("FILE:LINE: message") in @err. */
int pmb_suite_load(struct pmb_suite *suite, const char *path, char *err,
		   size_t len);
int pmb_suite_parse(struct pmb_suite *suite, FILE *f, const char *filename,
		    char *err, size_t len);
void pmb_suite_free(struct pmb_suite *suite);

/*
 * Keep only the jobs whose workload's cost is @cost (PMB_COST_*, the
 * registry's PMB_WORKLOAD_COSTS), in order; returns how many are left.
 */
size_t pmb_suite_keep_cost(struct pmb_suite *suite, int cost);

/*
 * The one number parser of the driver, for suite keys and `pmbench job`
 * options alike: base 10, or base 16 after an explicit 0x; the first
 * character a digit (no blank, no sign); with @suffix, one of k, M, G
 * (2^10, 2^20, 2^30) may follow.  Returns 0, or -1 for anything else and
 * for values past 2^64 - 1.
 */
int pmb_parse_u64(const char *s, bool suffix, unsigned long long *out);

/*
 * The module's limits for one job from the command line (pmbench job):
 * size and count from 1 to PMB_JOB_SIZE_MAX and PMB_JOB_COUNT_MAX,
 * warmup + repeats at most PMB_JOB_SAMPLES_MAX, partitions 1 to
 * PMB_JOB_PARTITIONS_MAX for a PMB_CAN_PARTITION backend and 0 for every
 * other.  Returns 0, or -1 after
 * printing one line per limit passed to @out, each after @prefix and
 * naming the option and the limit.
 */
int pmb_job_check_limits(const struct pmb_job *job, const char *prefix,
			 FILE *out);

/*
 * partitions= and --partitions: a whole number from 1 to
 * PMB_JOB_PARTITIONS_MAX.  Returns 0, or -1 with why (one line, no
 * prefix) in @why.
 */
int pmb_parse_partitions(const char *s, unsigned int *out, char *why, size_t len);

/* @v as a suite writes it: 4M, 64k, 100. */
void pmb_size_text(char *buf, size_t len, unsigned long long v);

/* "pmalloc protect size=4k count=1024 method=pte" for progress lines. */
void pmb_suite_job_describe(const struct pmb_suite_job *sj, char *buf,
			    size_t len);

#endif /* PMB_SUITE_H */
