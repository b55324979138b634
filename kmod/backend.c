// SPDX-License-Identifier: GPL-2.0
/* The backend table, and what every backend's footprint needs. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include "backend.h"

static const struct pmb_backend_ops *const pmb_backends[PMB_NR_BACKENDS] = {
	[PMB_BACKEND_KMALLOC] = &pmb_backend_kmalloc,
	[PMB_BACKEND_VMALLOC] = &pmb_backend_vmalloc,
	[PMB_BACKEND_PMALLOC] = &pmb_backend_pmalloc,
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

/* Sort the page intervals and count their union. */
long pmb_pages_spanned(const struct pmb_objs *o,
		       size_t (*len)(const struct pmb_objs *o, const void *p))
{
	struct pmb_page_span *s;
	unsigned long i, end = 0, pages = 0;

	if (!o->nr)
		return 0;
	s = pmb_kvmalloc_mayfail(o->nr, sizeof(*s), false);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < o->nr; i++) {
		unsigned long a = (unsigned long)o->obj[i];

		s[i].first = a >> PAGE_SHIFT;
		s[i].last = (a + len(o, o->obj[i]) - 1) >> PAGE_SHIFT;
	}
	sort(s, o->nr, sizeof(*s), pmb_span_cmp, NULL);
	for (i = 0; i < o->nr; i++) {
		unsigned long first = max(s[i].first, end);

		if (s[i].last + 1 > first)
			pages += s[i].last + 1 - first;
		end = max(end, s[i].last + 1);
	}
	kvfree(s);
	return pages;
}
