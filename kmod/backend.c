// SPDX-License-Identifier: GPL-2.0
/* The backend table, and what every backend's footprint needs. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "backend.h"

static const struct pmb_backend_ops *const pmb_backends[PMB_NR_BACKENDS] = {
	[PMB_BACKEND_KMALLOC] = &pmb_backend_kmalloc,
	[PMB_BACKEND_VMALLOC] = &pmb_backend_vmalloc,
	[PMB_BACKEND_PMALLOC] = &pmb_backend_pmalloc,
	[PMB_BACKEND_PMALLOC_BUMP] = &pmb_backend_pmalloc_bump,
};

const struct pmb_backend_ops *pmb_backend_get(unsigned int id)
{
	if (id >= PMB_NR_BACKENDS)
		return NULL;
	/* @id comes from userspace and selects the ops called through. */
	return pmb_backends[array_index_nospec(id, PMB_NR_BACKENDS)];
}

struct pmb_page_span {
	unsigned long first;
	unsigned long last;
};

static int pmb_span_cmp(const void *a, const void *b)
{
	const struct pmb_page_span *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return 0;
}

/*
 * Entries sorted at a time.  sort() cannot be interrupted, and sorting a
 * million entries takes seconds under an emulator: the intervals are
 * sorted in runs of this many, with a look for a signal between runs and
 * every this many entries of the other loops, then merged.
 */
#define PMB_SPAN_RUN		(1UL << 16)
#define PMB_SPAN_RUNS		DIV_ROUND_UP(PMB_JOB_COUNT_MAX, PMB_SPAN_RUN)

static bool pmb_span_interrupted(unsigned long i)
{
	return !(i % PMB_SPAN_RUN) && signal_pending(current);
}

/* The run whose next interval starts lowest; its cursor moves past it. */
static const struct pmb_page_span *
pmb_span_next(const struct pmb_page_span *s, unsigned long nr,
	      unsigned long *pos, unsigned long nruns)
{
	const struct pmb_page_span *m = NULL;
	unsigned long r, k = 0;

	for (r = 0; r < nruns; r++) {
		if (pos[r] >= min((r + 1) * PMB_SPAN_RUN, nr))
			continue;
		if (!m || s[pos[r]].first < m->first) {
			m = &s[pos[r]];
			k = r;
		}
	}
	pos[k]++;
	return m;
}

/*
 * Sort the page intervals and count their union; -EINTR on a signal.
 * Runs are few (PMB_SPAN_RUNS at most), so the merge scans their heads.
 */
long pmb_pages_spanned(const struct pmb_objs *o,
		       size_t (*len)(const struct pmb_objs *o, const void *p))
{
	unsigned long pos[PMB_SPAN_RUNS], i, r, nruns, end = 0, pages = 0;
	struct pmb_page_span *s;
	long ret;

	if (!o->nr)
		return 0;
	if (WARN_ON_ONCE(o->nr > PMB_JOB_COUNT_MAX))
		return -EINVAL;
	s = pmb_kvmalloc_mayfail(o->nr, sizeof(*s), false);
	if (!s)
		return -ENOMEM;
	ret = -EINTR;
	for (i = 0; i < o->nr; i++) {
		unsigned long a = (unsigned long)o->obj[i];

		if (pmb_span_interrupted(i))
			goto out;
		s[i].first = a >> PAGE_SHIFT;
		s[i].last = (a + len(o, o->obj[i]) - 1) >> PAGE_SHIFT;
	}
	nruns = DIV_ROUND_UP(o->nr, PMB_SPAN_RUN);
	for (r = 0; r < nruns; r++) {
		pos[r] = r * PMB_SPAN_RUN;
		if (pmb_span_interrupted(pos[r]))
			goto out;
		sort(s + pos[r], min(PMB_SPAN_RUN, o->nr - pos[r]), sizeof(*s),
		     pmb_span_cmp, NULL);
	}
	for (i = 0; i < o->nr; i++) {
		const struct pmb_page_span *m = pmb_span_next(s, o->nr, pos, nruns);
		unsigned long first = max(m->first, end);

		if (pmb_span_interrupted(i))
			goto out;
		if (m->last + 1 > first)
			pages += m->last + 1 - first;
		end = max(end, m->last + 1);
	}
	ret = pages;
out:
	kvfree(s);
	return ret;
}
