/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample timing, in the manner of Brouer's time_bench: a record with a
 * start and a stop, serialized TSC inside ktime_get_ns(), so the cycle
 * interval is nested in the wall-clock one.  The code under test runs
 * between pmb_clock_start() and pmb_clock_stop(); nothing else does.
 *
 * Disturbance marks: the CPU at start and stop (against the pinned CPU),
 * and current's voluntary + involuntary context-switch counts.
 */
#ifndef PMBENCH_TIMING_H
#define PMBENCH_TIMING_H

#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include "uapi/pmbench.h"

struct pmb_clock {
	u64 tsc;
	u64 ns;
	unsigned long csw;
	unsigned int cpu;
};

static __always_inline unsigned long pmb_clock_csw(void)
{
	return current->nvcsw + current->nivcsw;
}

/* rdtsc_ordered() keeps earlier work out; the lfence keeps later work in. */
static __always_inline u64 pmb_tsc_start(void)
{
	u64 t = rdtsc_ordered();

	asm volatile("lfence" ::: "memory");
	return t;
}

static __always_inline void pmb_clock_start(struct pmb_clock *c)
{
	c->cpu = raw_smp_processor_id();
	c->csw = pmb_clock_csw();
	c->ns = ktime_get_ns();
	c->tsc = pmb_tsc_start();
}

/*
 * Close the sample: @ops operations were timed.  @want_cpu is the CPU the
 * job is pinned to, or -1: then only a change between start and stop counts
 * as a migration.
 */
static __always_inline void pmb_clock_stop(const struct pmb_clock *c,
					   struct pmb_sample *s, u64 ops,
					   int want_cpu)
{
	u64 tsc = rdtsc_ordered();
	u64 ns = ktime_get_ns();
	unsigned int cpu = raw_smp_processor_id();

	s->cycles = tsc - c->tsc;
	s->ns = ns - c->ns;
	s->ops = ops;
	s->cpu = cpu;
	s->flags = 0;
	if (cpu != c->cpu || (want_cpu >= 0 && cpu != want_cpu))
		s->flags |= PMB_SAMPLE_MIGRATED;
	if (pmb_clock_csw() != c->csw)
		s->flags |= PMB_SAMPLE_PREEMPTED;
}

/*
 * Adds @more, a second timed piece of the same operation, to @s: for an
 * operation with untimed work in its middle (grow's range checks between
 * its allocation and its protect).  The ops are @s's.
 */
static inline void pmb_sample_add(struct pmb_sample *s,
				  const struct pmb_sample *more)
{
	s->cycles += more->cycles;
	s->ns += more->ns;
	s->cpu = more->cpu;
	s->flags |= more->flags;
}

#endif /* PMBENCH_TIMING_H */
