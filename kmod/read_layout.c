// SPDX-License-Identifier: GPL-2.0
/* The read workload's object contents (read_layout.h). */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "memguard.h"
#include "read_layout.h"

const char *pmb_layout_name(unsigned int layout)
{
	switch (layout) {
	case PMB_LAYOUT_CHASE:
		return "chase";
	case PMB_LAYOUT_SWEEP:
		return "sweep";
	default:
		return "none";
	}
}

/* xorshift64*: reproducible, so icount runs walk the same cycle. */
static u64 pmb_lay_rand(u64 *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/*
 * Laying a million objects runs for seconds under an emulator: every this
 * many objects, give the CPU up if another task waits for it (a kernel
 * without full preemption would not take it otherwise) and look for a
 * signal.  Untimed: the layout is laid before the clock starts.
 */
#define PMB_LAY_CHECK_EVERY	4096

static bool pmb_lay_interrupted(unsigned long i)
{
	if (i % PMB_LAY_CHECK_EVERY)
		return false;
	cond_resched();
	return signal_pending(current);
}

int pmb_lay_chase(void *const *obj, unsigned long nr, void **head)
{
	u64 seed = 0x9e3779b97f4a7c15ULL ^ nr;
	unsigned long i;
	void **order;
	int ret = -EINTR;

	if (!nr)
		return -EINVAL;
	order = pmb_kvmalloc_mayfail(nr, sizeof(*order), false);
	if (!order)
		return -ENOMEM;
	memcpy(order, obj, nr * sizeof(*order));
	for (i = nr - 1; i > 0; i--) {
		/* Drawn once: swap() evaluates its arguments twice. */
		unsigned long j = pmb_lay_rand(&seed) % (i + 1);

		if (pmb_lay_interrupted(i))
			goto out;
		swap(order[i], order[j]);
	}
	for (i = 0; i < nr; i++) {
		if (pmb_lay_interrupted(i))
			goto out;
		*(void **)order[i] = order[(i + 1) % nr];
	}
	*head = order[0];
	ret = 0;
out:
	kvfree(order);
	return ret;
}

int pmb_lay_sweep(void *const *obj, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		if (pmb_lay_interrupted(i))
			return -EINTR;
		*(unsigned long *)obj[i] = i;
	}
	return 0;
}
