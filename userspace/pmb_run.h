/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `pmbench run`: a suite (or one job line), one job at a time through the
 * module, into results/<run-id>/ (doc/results.md).  Nothing is overwritten;
 * an interrupted run keeps every finished job and says it is partial.
 */
#ifndef PMB_RUN_H
#define PMB_RUN_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "pmb_suite.h"
#include "uapi/pmbench.h"

/* How a job reaches the module: the ioctl, or a fake in the unit tests. */
struct pmb_run_ops {
	int (*run_job)(void *ctx, struct pmb_job *job);	/* 0 or -errno */
	void *ctx;
};

struct pmb_run_cfg {
	const struct pmb_suite *suite;
	const struct pmb_caps *caps;
	const char *results_dir;	/* the run goes into results_dir/run_id */
	const char *run_id;		/* NULL: YYYYmmdd-HHMMSS-TARGET-SUITE */
	const char *target;
	const char *suite_revision;
	__u32 method;			/* for jobs whose suite line names none */
	json_t *vm;			/* env.json's vm, NULL: derived */
	const char *root;		/* "" (tests: a fake /proc, /sys) */
	const char *host_load_file;	/* bench/host-load's file; NULL: /proc */
	unsigned int rounds;		/* interleaved rounds; 0: pmb_run_auto_rounds */
	const char *cost;		/* the suite was cut to this cost (--cost); NULL: whole */
	bool progress;			/* job i/N and ETA on stderr */
	bool progress_lines;		/* ...as one line per job (not a terminal) */
	FILE *log;			/* warnings and errors; NULL: stderr */
};

struct pmb_run_summary {
	char dir[PATH_MAX];		/* results_dir/run_id */
	unsigned int ok, unsupported, error, not_run;
	bool interrupted;		/* stopped by a signal */
	bool aborted;			/* stopped because no job could run */
	bool refused;			/* a job the module cannot run: none ran */
};

/*
 * Rounds a run interleaves when none is asked for: where the clock is wall
 * time (host, vm-tcg, vm-kvm), the backends a table compares take turns
 * in PMB_RUN_WALL_ROUNDS rounds, so host drift hits all of them alike;
 * under vm-icount guest time counts instructions, nothing drifts, and
 * each job runs whole (1).
 */
#define PMB_RUN_WALL_ROUNDS	5
unsigned int pmb_run_auto_rounds(const char *target);

/*
 * Every job of @suite against what the loaded module says (@caps) before
 * the first one runs: a job pinned to a CPU the module does not have
 * (cpu=7 on a 2-CPU machine) would only fail later, after others ran.
 * Names each bad job on @log (the first 20, then how many more) and
 * returns how many there are.
 */
unsigned int pmb_run_check_jobs(const struct pmb_suite *suite,
				const struct pmb_caps *caps, FILE *log);

/*
 * Run every job of the suite.  Returns 0 when every job ran (some may be
 * unsupported or errors: see @sum), -1 when the run could not start (the
 * reason is on the log; sum->refused when pmb_run_check_jobs found bad
 * jobs, and then no run folder exists) or stopped early (@sum says why).
 */
int pmb_run_suite(const struct pmb_run_cfg *cfg, const struct pmb_run_ops *ops,
		  struct pmb_run_summary *sum);

/*
 * Ask a running pmb_run_suite to stop after its current job
 * (async-signal-safe).  A module call already past its look at the stop,
 * or entering the kernel just after it, is interrupted: a SIGALRM every
 * 50 ms until the run returns makes the module answer EINTR.
 */
void pmb_run_request_stop(void);

/* `pmbench run ...`; returns the exit status. */
int pmb_cmd_run(int argc, char **argv, const char *dev_path);
void pmb_run_usage(FILE *f);

#endif /* PMB_RUN_H */
