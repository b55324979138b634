// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the write-once slab (wo_slab.h), both windows, at 64 B
 * (64 objects a page) and 5000 B (one object a two-page slab); @method is
 * not used (the design is set_memory_ro/rw; without it a test passes
 * with "skipped" in its message).
 *
 * wo_slab_lifecycle: 150 init_once()s fill three 64 B slabs (two full,
 *   one partial) and every object holds its init bytes; every page's
 *   direct-map PTE is read-only and a write into the first and the last
 *   object faults and changes nothing; a free of an address that is no
 *   object (the middle of one, a freed one, a kmalloc()ed one) is
 *   refused; freed slots are reused before a new slab is taken; the
 *   window count and flush rounds are those of the window (flip: two
 *   set_memory calls per init plus one per slab; alias: one purge per
 *   init plus one set_memory_ro per slab); destroy leaks nothing.
 * wo_slab_write_alias: a rare write through an alias lands inside an
 *   object, the object's mapping stays read-only, a write that crosses
 *   the object's end or starts in a free slot is refused with nothing
 *   written.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat/set_memory.h"
#include "protect.h"
#include "selftest_wo_slab.h"
#include "wo_slab.h"

#define ST_FAIL(fmt, ...)						\
	do {								\
		snprintf(msg, len, fmt, ##__VA_ARGS__);			\
		ret = -EIO;						\
		goto out;						\
	} while (0)

#define ST_OBJS		150

static void st_init(void *obj, const void *data, size_t size)
{
	memset(obj, *(const u8 *)data, size);
}

static const char *st_window_name(enum wo_slab_window w)
{
	return w == WO_SLAB_FLIP ? "flip" : "alias";
}

static int st_lifecycle_one(enum wo_slab_window w, size_t size, char *msg,
			    size_t len)
{
	struct pmb_verify_report rep;
	struct wo_slab_cache *c;
	struct wo_slab_stats st;
	unsigned long slabs, i, n = size > PAGE_SIZE ? 3 : ST_OBJS;
	void **obj, *other = NULL;
	u8 pat = 0x3c;
	int ret = 0;

	obj = kcalloc(ST_OBJS, sizeof(*obj), GFP_KERNEL);
	c = wo_slab_create(size, w);
	if (!obj || !c) {
		snprintf(msg, len, "%s %zu: no memory", st_window_name(w), size);
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		obj[i] = wo_slab_init_once(c, st_init, &pat);
		if (!obj[i])
			ST_FAIL("%s %zu: init_once %lu failed", st_window_name(w), size, i);
		if (memchr_inv(obj[i], pat, size))
			ST_FAIL("%s %zu: object %lu lacks its init bytes", st_window_name(w), size, i);
	}
	wo_slab_stats(c, &st);
	slabs = size > PAGE_SIZE ? n : DIV_ROUND_UP(n, PAGE_SIZE / size);
	if (st.slabs != slabs || st.objects != n || st.windows != n)
		ST_FAIL("%s %zu: %lu slabs %lu objects %lu windows, expected %lu %lu %lu",
			st_window_name(w), size, st.slabs, st.objects, st.windows, slabs, n, n);
	if (st.tlb_flushes != (w == WO_SLAB_FLIP ? 2 * n : n) + slabs)
		ST_FAIL("%s %zu: %lu flush rounds", st_window_name(w), size, st.tlb_flushes);
	if (wo_slab_verify(c, &rep) || rep.pages_checked != st.pages)
		ST_FAIL("%s %zu: verify: %lu/%lu pages read-only: %s", st_window_name(w),
			size, rep.pages_ro, rep.pages_checked, rep.msg);
	if (pmb_fault_drill(obj[0]) != 1 || pmb_fault_drill(obj[n - 1]) != 1)
		ST_FAIL("%s %zu: a write into an object went through", st_window_name(w), size);
	/* Bad frees: refused, nothing changes. */
	other = kmalloc(64, GFP_KERNEL);
	if (!wo_slab_free(c, (u8 *)obj[0] + 8) || !wo_slab_free(c, NULL) ||
	    (other && !wo_slab_free(c, other)))
		ST_FAIL("%s %zu: a free of a non-object was taken", st_window_name(w), size);
	if (wo_slab_free(c, obj[1]) || !wo_slab_free(c, obj[1]))
		ST_FAIL("%s %zu: free, or the double free's refusal, failed", st_window_name(w), size);
	obj[1] = wo_slab_init_once(c, st_init, &pat);
	wo_slab_stats(c, &st);
	if (!obj[1] || st.slabs != slabs)
		ST_FAIL("%s %zu: a freed slot was not reused (%lu slabs)", st_window_name(w), size, st.slabs);
	for (i = 0; i < n; i++)
		if (wo_slab_free(c, obj[i]))
			ST_FAIL("%s %zu: free %lu refused", st_window_name(w), size, i);
	wo_slab_stats(c, &st);
	if (st.objects)
		ST_FAIL("%s %zu: %lu objects left", st_window_name(w), size, st.objects);
out:
	kfree(other);
	if (c) {
		wo_slab_stats(c, &st);
		if (!ret && st.leaked_pages)
			ret = -EIO;
	}
	wo_slab_destroy(c);
	kfree(obj);
	return ret;
}

int pmb_st_wo_slab_lifecycle(unsigned int method, char *msg, size_t len)
{
	if (!pmb_set_memory_available()) {
		snprintf(msg, len, "skipped: set_memory_ro/rw not resolved");
		return 0;
	}
	return st_lifecycle_one(WO_SLAB_FLIP, 64, msg, len) ?:
	       st_lifecycle_one(WO_SLAB_ALIAS, 64, msg, len) ?:
	       st_lifecycle_one(WO_SLAB_FLIP, 5000, msg, len) ?:
	       st_lifecycle_one(WO_SLAB_ALIAS, 5000, msg, len);
}

int pmb_st_wo_slab_write_alias(unsigned int method, char *msg, size_t len)
{
	struct wo_slab_cache *c;
	u8 pat = 0, src[16];
	void *a, *b, *alias = NULL;
	int ret = 0;

	if (!pmb_set_memory_available()) {
		snprintf(msg, len, "skipped: set_memory_ro/rw not resolved");
		return 0;
	}
	memset(src, 0x77, sizeof(src));
	c = wo_slab_create(64, WO_SLAB_FLIP);
	a = c ? wo_slab_init_once(c, st_init, &pat) : NULL;
	b = c ? wo_slab_init_once(c, st_init, &pat) : NULL;
	if (!a || !b) {
		snprintf(msg, len, "no memory");
		ret = -ENOMEM;
		goto out;
	}
	if (wo_slab_write_alias(c, (u8 *)a + 8, src, 16, &alias) || !alias)
		ST_FAIL("a write inside an object failed");
	if (memchr_inv((u8 *)a + 8, 0x77, 16) || memchr_inv(a, 0, 8) ||
	    memchr_inv((u8 *)a + 24, 0, 40) || memchr_inv(b, 0, 64))
		ST_FAIL("the write did not land where asked, or spilled");
	if (pmb_fault_drill(a) != 1)
		ST_FAIL("the object's mapping took a write");
	if (wo_slab_write_alias(c, (u8 *)a + 56, src, 16, &alias) != -EINVAL ||
	    wo_slab_write_alias(c, (u8 *)b + 64, src, 1, &alias) != -EINVAL)
		ST_FAIL("a write past the object or into a free slot was taken");
	if (memchr_inv(b, 0, 64) || memchr_inv((u8 *)a + 56, 0, 8))
		ST_FAIL("a refused write wrote");
out:
	wo_slab_destroy(c);
	return ret;
}
