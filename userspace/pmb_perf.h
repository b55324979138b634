/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Perf counters of the driver's own thread around one job
 * (perf_event_open): kernel mode (exclude_user), what the module's work
 * costs, or user mode (exclude_kernel), what the userspace twin's own code
 * costs.  An event the machine cannot count or the user may not count is
 * null in the results, never 0, and is named in one warning per run.
 */
#ifndef PMB_PERF_H
#define PMB_PERF_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>
#include <linux/perf_event.h>

#define PMB_PERF_HWC(cache, op, result)					\
	(PERF_COUNT_HW_CACHE_##cache | (PERF_COUNT_HW_CACHE_OP_##op << 8) |	\
	 (PERF_COUNT_HW_CACHE_RESULT_##result << 16))

/* X(ENUM_SUFFIX, "name in results.jsonl", perf type, perf config) */
#define PMB_PERF_EVENTS(X)						\
	X(CYCLES, "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES)	\
	X(INSTRUCTIONS, "instructions", PERF_TYPE_HARDWARE,		\
	  PERF_COUNT_HW_INSTRUCTIONS)					\
	X(DTLB_LOADS, "dTLB-loads", PERF_TYPE_HW_CACHE,			\
	  PMB_PERF_HWC(DTLB, READ, ACCESS))				\
	X(DTLB_LOAD_MISSES, "dTLB-load-misses", PERF_TYPE_HW_CACHE,	\
	  PMB_PERF_HWC(DTLB, READ, MISS))				\
	X(ITLB_LOAD_MISSES, "iTLB-load-misses", PERF_TYPE_HW_CACHE,	\
	  PMB_PERF_HWC(ITLB, READ, MISS))				\
	X(PAGE_FAULTS, "page-faults", PERF_TYPE_SOFTWARE,		\
	  PERF_COUNT_SW_PAGE_FAULTS)

#define PMB_X_PERF_ENUM(e, name, type, config) PMB_PERF_##e,
enum pmb_perf_event { PMB_PERF_EVENTS(PMB_X_PERF_ENUM) PMB_PERF_NR };
#undef PMB_X_PERF_ENUM

struct pmb_perf_counter {
	int fd;			/* -1 when it could not be opened */
	int open_errno;		/* why not */
	bool valid;		/* the last job's value was counted */
	bool warned_unscheduled;
	unsigned long long value;	/* the last job's count, scaled */
};

/* Which privilege level the counters count. */
enum pmb_perf_mode {
	PMB_PERF_KERNEL,	/* exclude_user: the kernel's work for the thread */
	PMB_PERF_USER,		/* exclude_kernel: the thread's own code */
};

struct pmb_perf {
	struct pmb_perf_counter c[PMB_PERF_NR];
	FILE *warn;		/* where warnings go; NULL: nowhere */
	enum pmb_perf_mode mode;
};

const char *pmb_perf_event_name(unsigned int e);

/*
 * Open every event on the calling thread, disabled.  For each one that
 * cannot be opened, one line on @warn: "perf: dTLB-load-misses not
 * supported here (ENOENT); recorded as null".  Returns how many opened.
 */
int pmb_perf_open(struct pmb_perf *p, FILE *warn);
/*
 * The same in @mode: pmb_perf_open() is PMB_PERF_KERNEL.  A user-mode
 * warning says so: "perf: user-mode dTLB-loads not supported here ...".
 */
int pmb_perf_open_mode(struct pmb_perf *p, FILE *warn, enum pmb_perf_mode mode);
/* Reset and enable / disable and read every open counter. */
void pmb_perf_start(struct pmb_perf *p);
void pmb_perf_stop(struct pmb_perf *p);
/* The last job's counts: { "scope": "job", "cycles": N or null, ... }. */
json_t *pmb_perf_json(const struct pmb_perf *p);
void pmb_perf_close(struct pmb_perf *p);

#endif /* PMB_PERF_H */
