// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the read workload's layout (read_layout.c) and of the
 * ro-after-init floor (backend_ro_after_init.c), on the sets it laid at
 * load; @method is not used.
 *
 * read_layout_cycle: the read workload's chase (read_layout.c, every
 *   backend's) is one cycle through every object, at a few counts.
 * ro_after_init_layout: every set holds what the read workload would lay
 *   in the same shape on any other backend: its chase is one cycle
 *   through every object of the set, and the same (size, count) is
 *   laid afresh into a writable scratch copy (vmalloc) by the same code
 *   (read_layout.c); a chase from each head visits the objects in the
 *   same order of allocation index, the floor's within its set and back
 *   at its head after count loads, and a sweep's words are 0..count-1 in
 *   both.  Every backend's read hands read_layout.c its objects in
 *   allocation order, so the chase order by index is every backend's.
 * ro_after_init_readonly: every set's pages have read-only 4 KiB PTEs
 *   (pmb_verify_ranges(), as a job's verify=yes) and a write into the
 *   first and the last object of each set faults and changes nothing
 *   (the fault drill, with page faults disabled: never an oops).
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "backend_ro_after_init.h"
#include "protect.h"
#include "read_layout.h"
#include "selftest_ro_after_init.h"

#define ST_FAIL(fmt, ...)						\
	do {								\
		snprintf(msg, len, fmt, ##__VA_ARGS__);			\
		ret = -EIO;						\
		goto out;						\
	} while (0)

/* Object index of @p in a set at @base, or ULONG_MAX when it is none. */
static unsigned long st_index(const void *p, const char *base, size_t stride,
			      unsigned long count)
{
	unsigned long off = (unsigned long)p - (unsigned long)base;

	if ((unsigned long)p < (unsigned long)base || off % stride ||
	    off / stride >= count)
		return ULONG_MAX;
	return off / stride;
}

/*
 * The chase from @head is one cycle through all @count objects at @base:
 * @count loads visit each object once and end back at @head.
 */
static int st_cycle(void *head, const char *base, size_t stride,
		    unsigned long count, char *msg, size_t len)
{
	unsigned long i, idx, *seen;
	void *p = head;
	int ret = 0;

	seen = bitmap_zalloc(count, GFP_KERNEL);
	if (!seen)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		idx = st_index(p, base, stride, count);
		if (idx == ULONG_MAX || test_and_set_bit(idx, seen)) {
			snprintf(msg, len, "chase of %lu: load %lu reached %s object (index %ld)",
				 count, i, idx == ULONG_MAX ? "no" : "an already visited",
				 (long)idx);
			ret = -EIO;
			goto out;
		}
		p = *(void **)p;
	}
	if (p != head) {
		snprintf(msg, len, "chase of %lu: not back at its head after %lu loads",
			 count, count);
		ret = -EIO;
	}
out:
	bitmap_free(seen);
	return ret;
}

/* Lay @s's shape and pattern afresh in @scratch and compare. */
static int st_compare_set(const struct pmb_ro_floor_set *s, char *scratch,
			  void **obj, char *msg, size_t len)
{
	unsigned long i, fi, si;
	void *head = NULL, *fp, *sp;
	int ret;

	for (i = 0; i < s->count; i++)
		obj[i] = scratch + i * s->stride;
	if (s->layout == PMB_LAYOUT_SWEEP) {
		ret = pmb_lay_sweep(obj, s->count);
		if (ret)
			return ret;
		for (i = 0; i < s->count; i++)
			if (*(unsigned long *)(s->base + i * s->stride) !=
			    *(unsigned long *)obj[i]) {
				snprintf(msg, len, "%zux%lu sweep: word %lu differs",
					 s->size, s->count, i);
				return -EIO;
			}
		return 0;
	}
	ret = pmb_lay_chase(obj, s->count, &head);
	if (ret)
		return ret;
	ret = st_cycle(s->head, s->base, s->stride, s->count, msg, len);
	if (ret)
		return ret;
	fp = s->head;
	sp = head;
	for (i = 0; i < s->count; i++) {
		fi = st_index(fp, s->base, s->stride, s->count);
		si = st_index(sp, scratch, s->stride, s->count);
		if (fi == ULONG_MAX || fi != si) {
			snprintf(msg, len, "%zux%lu chase: load %lu reached index %ld, a fresh lay %ld",
				 s->size, s->count, i, (long)fi, (long)si);
			return -EIO;
		}
		fp = *(void **)fp;
		sp = *(void **)sp;
	}
	return 0;
}

int pmb_st_read_layout_cycle(unsigned int method, char *msg, size_t len)
{
	static const unsigned long counts[] = { 1, 2, 3, 64, 1000, 4096 };
	const size_t stride = 16;
	unsigned long i, k;
	char *scratch = NULL;
	void **obj = NULL, *head = NULL;
	int ret = 0;

	scratch = vzalloc(4096 * stride);
	obj = kvmalloc_array(4096, sizeof(*obj), GFP_KERNEL);
	if (!scratch || !obj) {
		ret = -ENOMEM;
		snprintf(msg, len, "no scratch memory");
		goto out;
	}
	for (k = 0; k < ARRAY_SIZE(counts); k++) {
		for (i = 0; i < counts[k]; i++)
			obj[i] = scratch + i * stride;
		ret = pmb_lay_chase(obj, counts[k], &head) ?:
		      st_cycle(head, scratch, stride, counts[k], msg, len);
		if (ret)
			goto out;
	}
	snprintf(msg, len, "pmb_lay_chase() of 1 to 4096 objects: one cycle through every object");
out:
	vfree(scratch);
	kvfree(obj);
	return ret;
}

int pmb_st_ro_after_init_layout(unsigned int method, char *msg, size_t len)
{
	const struct pmb_ro_floor_set *s;
	unsigned int i, chases = 0;
	char *scratch = NULL;
	void **obj = NULL;
	int ret = 0;

	for (i = 0; (s = pmb_ro_floor_set(i)); i++) {
		scratch = vzalloc(s->count * s->stride);
		obj = kvmalloc_array(s->count, sizeof(*obj), GFP_KERNEL);
		if (!scratch || !obj) {
			ret = -ENOMEM;
			snprintf(msg, len, "%zux%lu: no scratch memory", s->size, s->count);
			goto out;
		}
		ret = st_compare_set(s, scratch, obj, msg, len);
		if (ret)
			goto out;
		chases += s->layout == PMB_LAYOUT_CHASE;
		vfree(scratch);
		kvfree(obj);
		scratch = NULL;
		obj = NULL;
	}
	if (!i)
		ST_FAIL("no set was laid at load (ro_after_init_shapes is empty)");
	snprintf(msg, len, "%u sets laid at load (%u chases, %u sweeps) hold what the read workload lays in the same shapes: chase order by index, sweep words",
		 i, chases, i - chases);
out:
	vfree(scratch);
	kvfree(obj);
	return ret;
}

int pmb_st_ro_after_init_readonly(unsigned int method, char *msg, size_t len)
{
	const struct pmb_ro_floor_set *s;
	struct pmb_verify_report rep;
	unsigned long pages = 0;
	unsigned int i;
	int ret = 0, d0, d1;

	for (i = 0; (s = pmb_ro_floor_set(i)); i++) {
		struct pmb_range r = {
			.addr = (unsigned long)s->base,
			.pages = DIV_ROUND_UP(s->count * s->stride, PAGE_SIZE),
		};

		ret = pmb_verify_ranges(&r, 1, true, &rep);
		if (ret || rep.pages_ro != r.pages)
			ST_FAIL("%zux%lu %s: %lu of %lu pages read-only (%d): %s",
				s->size, s->count, pmb_layout_name(s->layout),
				rep.pages_ro, r.pages, ret, rep.msg);
		d0 = pmb_fault_drill(s->base);
		d1 = pmb_fault_drill(s->base + (s->count - 1) * s->stride);
		if (d0 != 1 || d1 != 1)
			ST_FAIL("%zux%lu %s: a write into the first/last object: drill %d/%d (1: faulted, nothing changed)",
				s->size, s->count, pmb_layout_name(s->layout), d0, d1);
		pages += r.pages;
	}
	if (!i)
		ST_FAIL("no set was laid at load (ro_after_init_shapes is empty)");
	snprintf(msg, len, "%u sets, %lu pages: read-only PTEs, writes into the first and last objects fault and change nothing",
		 i, pages);
out:
	return ret;
}
