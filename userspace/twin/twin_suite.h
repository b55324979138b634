/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The twin's suites: the format of bench/suites/, parsed by pmb_suite.c
 * with the twin's registry (twin_registry.h): its names, and threads= (a
 * number, or all: pmb_suite_threads_all()) instead of the module's
 * method=, verify=, cpu= and cpus=.
 */
#ifndef TWIN_SUITE_H
#define TWIN_SUITE_H

#include <stddef.h>

/* Limits of one job: the module's, so that a twin job could run there too. */
#define TWIN_SIZE_MAX		(4ULL << 20)
#define TWIN_COUNT_MAX		(1ULL << 20)
#define TWIN_SAMPLES_MAX	10000
#define TWIN_THREADS_MAX	1024	/* PMB_SUITE_MAX_THREADS */
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
 * (the first error; nothing is kept).  The suite's name is the file's,
 * less directory and ".suite".
 */
int twin_suite_load(struct twin_suite *s, const char *path, char *err, size_t len);
/* The same from a string (tests, and `pmbench-twin job`). */
int twin_suite_parse(struct twin_suite *s, const char *text, const char *name,
		     char *err, size_t len);
void twin_suite_free(struct twin_suite *s);



#endif /* TWIN_SUITE_H */
