/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The twin's suites: the format of bench/suites/ (KEY=VALUE words, comma
 * lists expanded to their cartesian product with the backend innermost,
 * `set KEY=VALUE` defaults, `#` comments), with the twin's names
 * (twin_registry.h) and one key of its own, threads= (a number, or all).
 */
#ifndef TWIN_SUITE_H
#define TWIN_SUITE_H

#include <stddef.h>

/* Limits of one job: the module's, so that a twin job could run there too. */
#define TWIN_SIZE_MAX		(4ULL << 20)
#define TWIN_COUNT_MAX		(1ULL << 20)
#define TWIN_SAMPLES_MAX	10000
#define TWIN_THREADS_MAX	1024
#define TWIN_JOBS_MAX		100000

struct twin_job {
	unsigned int backend;		/* enum twin_backend */
	unsigned int workload;		/* the one numbering (twin_names.h) */
	unsigned long long size, count;
	unsigned int repeats, warmup;
	unsigned int flags;		/* PMB_JOB_READ_SWEEP, PMB_JOB_READ_PROTECTED */
	int threads;			/* reader threads beside the timed work; -1: not a key */
	unsigned int line;
};

struct twin_suite {
	char *name;
	struct twin_job *jobs;
	size_t nr_jobs, cap_jobs;
};

/*
 * Parse the suite at @path.  0, or -1 with "FILE:LINE: message" in @err
 * (the first error; nothing is kept).
 */
int twin_suite_load(struct twin_suite *s, const char *path, char *err, size_t len);
/* The same from a string (tests, and `pmbench-twin job`). */
int twin_suite_parse(struct twin_suite *s, const char *text, const char *name,
		     char *err, size_t len);
void twin_suite_free(struct twin_suite *s);

/*
 * What threads=all stands for here: a reader on every CPU the process may
 * run on but the timed thread's (CPUs of sched_getaffinity() - 1; 0 on
 * one CPU).  A list naming the same number twice (threads=1,all on two
 * CPUs) makes one job.
 */
unsigned int twin_threads_all(void);

#endif /* TWIN_SUITE_H */
