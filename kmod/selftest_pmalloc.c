// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of pmalloc and page protection.  Each checks exact
 * values, returns 0 or -errno, and leaves one line in @msg: the first
 * failure, or on success what was checked.  They assert behaviour, never
 * speed: what things cost is the benchmark's to measure.  Every test
 * returns the module to where it found it (no pool, no page left behind).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/pgtable.h>

#include "pmalloc.h"
#include "protect.h"
#include "selftest_pmalloc.h"

/*
 * On a false @cond: the reason into msg, ret = -EIO, goto out.  Every test
 * has `int ret`, `msg`, `len` and an `out:` label that cleans up.
 */
#define ST_CHECK(cond, fmt, ...)					\
	do {								\
		if (!(cond)) {						\
			snprintf(msg, len, "line %d: " fmt, __LINE__,	\
				 ##__VA_ARGS__);			\
			ret = -EIO;					\
			goto out;					\
		}							\
	} while (0)

#define ST_POOL_CHECK(pool, field, want)				\
	do {								\
		struct pmalloc_pool_stats st_;				\
		u64 want_ = (want);					\
									\
		pmalloc_pool_stats(pool, &st_);				\
		ST_CHECK((u64)st_.field == want_,			\
			 #field " %llu, expected %llu",			\
			 (u64)st_.field, want_);			\
	} while (0)

static void st_fill(void *p, size_t n, u8 seed)
{
	u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = seed + i * 7;
}

static bool st_intact(const void *p, size_t n, u8 seed)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (u8)(seed + i * 7))
			return false;
	return true;
}

static bool st_zero(const void *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

/* Under cpa the alias must follow the vmalloc mapping; under pte it stays RW. */
static bool st_alias_as_expected(unsigned int method,
				 const struct pmb_verify_report *rep)
{
	if (rep->alias_checked != rep->pages_checked)
		return false;
	if (method == PMB_PROT_CPA)
		return rep->alias_ro == rep->pages_ro;
	return rep->alias_ro == 0;
}

static const char *st_alias_word(unsigned int method)
{
	return method == PMB_PROT_CPA ? "read-only" : "still writable";
}

/* A protected pool: PTEs all RO, aliases as the method leaves them, drill ok. */
static int st_verify_protected(struct pmalloc_pool *pool, unsigned int method,
			       struct pmb_verify_report *rep)
{
	struct pmalloc_pool_stats st;
	int ret;

	pmalloc_pool_stats(pool, &st);
	ret = pmalloc_verify_pool(pool, rep);
	if (ret)
		return ret;
	if (rep->pages_checked != st.pages || rep->pages_ro != st.pages ||
	    rep->fault_drill != 1 || !st_alias_as_expected(method, rep)) {
		snprintf(rep->msg, sizeof(rep->msg),
			 "pages %lu/%lu ro %lu alias ro %lu/%lu drill %d",
			 rep->pages_checked, st.pages, rep->pages_ro,
			 rep->alias_ro, rep->alias_checked, rep->fault_drill);
		return -EIO;
	}
	return 0;
}

struct st_obj {
	void *p;
	size_t n;
	u8 seed;
};

#define ST_LIFECYCLE_ROUNDS	4
#define ST_LIFECYCLE_PER_ROUND	7

/* Steps 3 and 4 once: every allocation call, initialised and checked. */
static int st_lifecycle_round(struct pmalloc_pool *pool, struct st_obj *o,
			      unsigned int round, char *msg, size_t len)
{
	static const char str[] = "pmbench lifecycle";
	static const size_t sizes[] = { 64, 200, 1000, 24, 3000 };
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		o[i].n = sizes[i];
		o[i].p = pmalloc(pool, sizes[i]);
		ST_CHECK(o[i].p, "round %u: pmalloc(%zu) failed", round, sizes[i]);
	}
	o[i].n = 300;
	o[i].p = pzalloc(pool, 300);
	ST_CHECK(o[i].p && st_zero(o[i].p, 300), "round %u: pzalloc", round);
	i++;
	o[i].n = 16 * 8;
	o[i].p = pcalloc(pool, 16, 8);
	ST_CHECK(o[i].p && st_zero(o[i].p, 128), "round %u: pcalloc", round);
	for (i = 0; i < ST_LIFECYCLE_PER_ROUND; i++) {
		o[i].seed = round * 31 + i;
		st_fill(o[i].p, o[i].n, o[i].seed);
	}
	/* pmalloc_array and pstrdup ride along; checked in place. */
	ST_CHECK(pmalloc_array(pool, 10, sizeof(u32)), "round %u: pmalloc_array",
		 round);
	ST_CHECK(!strcmp(pstrdup(pool, str) ?: "", str), "round %u: pstrdup",
		 round);
out:
	return ret;
}

int pmb_st_pmalloc_lifecycle(unsigned int method, char *msg, size_t len)
{
	const unsigned int nr = ST_LIFECYCLE_ROUNDS * ST_LIFECYCLE_PER_ROUND;
	unsigned long base = pmalloc_live_chunk_pages();
	struct pmalloc_pool *pool = NULL;
	struct pmb_verify_report rep;
	struct pmalloc_pool_stats st;
	struct st_obj *o;
	unsigned int i, r;
	int ret = 0;

	o = kcalloc(nr, sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	pool = pmalloc_create_pool("st-lifecycle", 0, 0, method);	/* 1 */
	ST_CHECK(pool, "create failed");
	ST_CHECK(!pmalloc_prealloc(pool, 2 * PAGE_SIZE), "prealloc failed"); /* 2 */
	ST_POOL_CHECK(pool, chunks, 1);
	ST_POOL_CHECK(pool, pages, 2);
	ST_POOL_CHECK(pool, bytes_free, 2 * PAGE_SIZE);
	for (r = 0; r < ST_LIFECYCLE_ROUNDS; r++) {			/* 3, 4 */
		ret = st_lifecycle_round(pool, o + r * ST_LIFECYCLE_PER_ROUND,
					 r, msg, len);
		if (ret)
			goto out;
	}
	pmalloc_pool_stats(pool, &st);
	ST_CHECK(st.chunks > 1, "the pool never grew past the prealloc");
	ST_CHECK(st.objects == ST_LIFECYCLE_ROUNDS * 9, "objects %lu",
		 st.objects);
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");	/* 5 */
	ST_CHECK(!st_verify_protected(pool, method, &rep), "verify: %s",
		 rep.msg);
	for (i = 0; i < nr; i++)					/* 6 */
		ST_CHECK(st_intact(o[i].p, o[i].n, o[i].seed),
			 "object %u changed after protect", i);
	pmalloc_destroy_pool(pool);					/* 7 */
	pool = NULL;
	ST_CHECK(pmalloc_live_chunk_pages() == base, "live pages %lu, expected %lu",
		 pmalloc_live_chunk_pages(), base);
	snprintf(msg, len,
		 "%lu objects, %lu chunks, %lu pages; all read-only, drill faulted, content kept; alias %s",
		 st.objects, st.chunks, st.pages, st_alias_word(method));
out:
	pmalloc_destroy_pool(pool);
	kfree(o);
	return ret;
}

int pmb_st_pmalloc_free_reuse(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool, *other;
	u8 *a, *b, *c, *d, *e, *f, *g, *x;
	int ret = 0;

	pool = pmalloc_create_pool("st-reuse", 0, 8, method);
	other = pmalloc_create_pool("st-reuse-other", 0, 8, method);
	ST_CHECK(pool && other, "create failed");
	a = pmalloc(pool, 64);
	b = pmalloc(pool, 64);
	c = pmalloc(pool, 128);
	ST_CHECK(a && b == a + 64 && c == b + 64, "first fit did not pack");
	pfree(pool, b);
	ST_POOL_CHECK(pool, objects, 2);
	ST_POOL_CHECK(pool, bytes_allocated, 192);
	d = pmalloc(pool, 48);
	e = pmalloc(pool, 16);
	ST_CHECK(d == b && e == b + 48, "the freed 64 bytes were not reused");
	f = pmalloc(pool, 8);
	ST_CHECK(f == c + 128, "8 bytes not placed after the last object");
	pfree(pool, a);
	g = pmalloc(pool, 128);
	ST_CHECK(g == f + 8, "128 bytes placed in a 64-byte hole or elsewhere");
	/* Bad frees are ignored, never passed to genalloc. */
	x = pmalloc(other, 32);
	ST_CHECK(x, "pmalloc from the other pool failed");
	pfree(pool, a);		/* double free */
	pfree(pool, c + 8);	/* interior pointer */
	pfree(pool, x);		/* another pool's object */
	ST_POOL_CHECK(pool, objects, 5);
	ST_POOL_CHECK(pool, bytes_allocated, 48 + 16 + 128 + 8 + 128);
	ST_POOL_CHECK(other, objects, 1);
	/* Free everything: a whole page then fits in the same chunk. */
	pfree(pool, c);
	pfree(pool, d);
	pfree(pool, e);
	pfree(pool, f);
	pfree(pool, g);
	ST_POOL_CHECK(pool, bytes_allocated, 0);
	ST_POOL_CHECK(pool, bytes_free, PAGE_SIZE);
	a = pmalloc(pool, PAGE_SIZE);
	ST_CHECK(a, "a full page did not fit the emptied chunk");
	ST_POOL_CHECK(pool, chunks, 1);
	snprintf(msg, len, "freed space reused first-fit; double, interior and foreign frees ignored");
out:
	pmalloc_destroy_pool(other);
	pmalloc_destroy_pool(pool);
	return ret;
}

int pmb_st_pmalloc_overflow(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool;
	int ret = 0;

	pool = pmalloc_create_pool("st-overflow", 0, 0, method);
	ST_CHECK(pool, "create failed");
	ST_CHECK(!pmalloc_array(pool, SIZE_MAX / 2 + 1, 2), "array n*2 overflow");
	ST_CHECK(!pmalloc_array(pool, SIZE_MAX, SIZE_MAX), "array max*max");
	ST_CHECK(!pcalloc(pool, 2, SIZE_MAX / 2 + 1), "pcalloc overflow");
	ST_CHECK(!pcalloc(pool, SIZE_MAX / 64, 128), "pcalloc overflow");
	ST_CHECK(!pmalloc(pool, SIZE_MAX), "pmalloc(SIZE_MAX)");
	ST_CHECK(!pmalloc(pool, SIZE_MAX - PAGE_SIZE + 2), "page rounding wrap");
	ST_CHECK(!pmalloc(pool, (size_t)INT_MAX + 1), "pmalloc(INT_MAX + 1)");
	ST_CHECK(!pzalloc(pool, SIZE_MAX), "pzalloc(SIZE_MAX)");
	ST_CHECK(pmalloc_prealloc(pool, SIZE_MAX) == -EINVAL, "prealloc(SIZE_MAX)");
	ST_POOL_CHECK(pool, chunks, 0);
	ST_POOL_CHECK(pool, objects, 0);
	ST_CHECK(pmalloc_array(pool, 3, 5), "array 3 x 5 failed");
	ST_POOL_CHECK(pool, bytes_allocated, 16);
	snprintf(msg, len, "8 overflowing or oversized requests refused, nothing allocated");
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

int pmb_st_pmalloc_big_alloc(unsigned int method, char *msg, size_t len)
{
	const size_t big_len = 5 * PAGE_SIZE + 1;
	struct pmalloc_pool *pool, *pool3 = NULL;
	struct pmb_verify_report rep;
	const void *start;
	u8 *small, *big, *tail;
	size_t size;
	int ret = 0;

	pool = pmalloc_create_pool("st-big", 0, 0, method);
	ST_CHECK(pool, "create failed");
	small = pmalloc(pool, 64);
	big = pmalloc(pool, big_len);
	ST_CHECK(small && big, "allocation failed");
	ST_CHECK(PAGE_ALIGNED(big), "big object does not start its own chunk");
	ST_POOL_CHECK(pool, chunks, 2);
	ST_POOL_CHECK(pool, pages, 7);
	st_fill(big, big_len, 3);
	ST_CHECK(pmalloc_object_lookup(big + big_len - 1, &start, &size) &&
		 start == big && size == ALIGN(big_len, sizeof(void *)),
		 "lookup of the last byte of the big object");
	tail = pmalloc(pool, 64);
	ST_CHECK(tail == big + ALIGN(big_len, sizeof(void *)),
		 "64 bytes not placed in the big chunk's tail");
	ST_POOL_CHECK(pool, chunks, 2);
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");
	ST_CHECK(!st_verify_protected(pool, method, &rep), "verify: %s", rep.msg);
	ST_CHECK(st_intact(big, big_len, 3), "big object changed");
	pool3 = pmalloc_create_pool("st-big-refill", 3 * PAGE_SIZE, 0, method);
	ST_CHECK(pool3 && pmalloc(pool3, 64), "refill pool");
	ST_POOL_CHECK(pool3, pages, 3);
	snprintf(msg, len, "%zu bytes in a 6-page chunk, tail reused, 7 pages read-only; refill 3 pages honoured",
		 big_len);
out:
	pmalloc_destroy_pool(pool3);
	pmalloc_destroy_pool(pool);
	return ret;
}

int pmb_st_pmalloc_size_zero(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool;
	const void *start;
	size_t size;
	char *s;
	int ret = 0;

	pool = pmalloc_create_pool("st-zero", 0, 0, method);
	ST_CHECK(pool, "create failed");
	ST_CHECK(pmalloc(pool, 0) == ZERO_SIZE_PTR, "pmalloc(0)");
	ST_CHECK(pzalloc(pool, 0) == ZERO_SIZE_PTR, "pzalloc(0)");
	ST_CHECK(pmalloc_array(pool, 0, 8) == ZERO_SIZE_PTR, "pmalloc_array(0, 8)");
	ST_CHECK(pcalloc(pool, 8, 0) == ZERO_SIZE_PTR, "pcalloc(8, 0)");
	ST_CHECK(!pmalloc_prealloc(pool, 0), "prealloc(0)");
	ST_POOL_CHECK(pool, chunks, 0);
	ST_POOL_CHECK(pool, objects, 0);
	pfree(pool, ZERO_SIZE_PTR);
	ST_CHECK(!pmalloc_object_lookup(ZERO_SIZE_PTR, &start, &size),
		 "ZERO_SIZE_PTR is not an object");
	s = pstrdup(pool, "");
	ST_CHECK(s && !s[0], "pstrdup(\"\")");
	ST_POOL_CHECK(pool, bytes_allocated, sizeof(void *));
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");
	ST_CHECK(!pmalloc(pool, 0), "a protected pool gave out ZERO_SIZE_PTR");
	snprintf(msg, len, "size 0 gives ZERO_SIZE_PTR and consumes nothing; \"\" takes one unit");
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

#define ST_POOLS	32
#define ST_POOL_OBJS	8

static size_t st_many_size(unsigned int i, unsigned int k)
{
	return 24 + i * 8 + k * 40;
}

static int st_many_check(struct pmalloc_pool **pool, u8 *(*obj)[ST_POOL_OBJS],
			 unsigned int method, char *msg, size_t len)
{
	struct pmb_verify_report rep;
	unsigned int i, k;
	const void *start;
	size_t size, n;
	int ret = 0;

	for (i = 0; i < ST_POOLS; i++) {
		for (k = 0; k < ST_POOL_OBJS; k++) {
			n = st_many_size(i, k);
			ST_CHECK(st_intact(obj[i][k], n, i * 8 + k),
				 "pool %u object %u changed", i, k);
			ST_CHECK(pmalloc_object_lookup(obj[i][k] + n / 2, &start, &size) &&
				 start == obj[i][k] && size == ALIGN(n, 1UL << (i % 7)),
				 "pool %u object %u: lookup", i, k);
		}
		if (i % 2)
			ret = pmalloc_verify_pool(pool[i], &rep);
		else
			ret = st_verify_protected(pool[i], method, &rep);
		ST_CHECK(!ret, "pool %u verify: %s", i, rep.msg);
	}
out:
	return ret;
}

int pmb_st_pmalloc_many_pools(unsigned int method, char *msg, size_t len)
{
	unsigned long base = pmalloc_live_chunk_pages(), pages = 0;
	struct pmalloc_pool **pool;
	struct pmalloc_pool_stats st;
	u8 *(*obj)[ST_POOL_OBJS];
	unsigned int i, k;
	int ret = 0;

	pool = kcalloc(ST_POOLS, sizeof(*pool), GFP_KERNEL);
	obj = kcalloc(ST_POOLS, sizeof(*obj), GFP_KERNEL);
	ST_CHECK(pool && obj, "no memory");
	for (i = 0; i < ST_POOLS; i++) {
		/* refill 1..3 pages, alignment 1..64 */
		pool[i] = pmalloc_create_pool("st-many", (i % 3 + 1) * PAGE_SIZE,
					      1UL << (i % 7), method);
		ST_CHECK(pool[i], "create %u failed", i);
		for (k = 0; k < ST_POOL_OBJS; k++) {
			obj[i][k] = pmalloc(pool[i], st_many_size(i, k));
			ST_CHECK(obj[i][k], "pool %u object %u", i, k);
			st_fill(obj[i][k], st_many_size(i, k), i * 8 + k);
		}
		pmalloc_pool_stats(pool[i], &st);
		pages += st.pages;
		if (i % 2 == 0)
			ST_CHECK(!pmalloc_protect_pool(pool[i]), "protect %u", i);
	}
	ST_CHECK(pmalloc_live_chunk_pages() - base == pages,
		 "live pages +%lu, pools hold %lu",
		 pmalloc_live_chunk_pages() - base, pages);
	ret = st_many_check(pool, obj, method, msg, len);
	if (ret)
		goto out;
	/* Destroy in an order unlike creation: odd ones up, even ones down. */
	for (i = 1; i < ST_POOLS; i += 2) {
		pmalloc_destroy_pool(pool[i]);
		pool[i] = NULL;
	}
	for (i = ST_POOLS; i-- > 0;) {
		pmalloc_destroy_pool(pool[i]);
		pool[i] = NULL;
	}
	ST_CHECK(pmalloc_live_chunk_pages() == base, "live pages %lu, expected %lu",
		 pmalloc_live_chunk_pages(), base);
	snprintf(msg, len, "%u pools, %lu pages, half protected: contents, lookups and PTEs all right",
		 ST_POOLS, pages);
out:
	if (pool)
		for (i = 0; i < ST_POOLS; i++)
			pmalloc_destroy_pool(pool[i]);
	kfree(obj);
	kfree(pool);
	return ret;
}

/* Direct-map PTE of a page, writable? */
static bool st_alias_writable(unsigned long kaddr)
{
	unsigned int level;
	pte_t *ptep = lookup_address(kaddr, &level);

	return ptep && pte_present(*ptep) && (pte_flags(*ptep) & _PAGE_RW);
}

/* Other kernel users move vmalloc_nr_pages too: wait for a quiet moment. */
static long st_vmalloc_settle(long want)
{
	long now = pmb_vmalloc_nr_pages();
	int i;

	for (i = 0; i < 10 && now != want; i++) {
		msleep(20);
		now = pmb_vmalloc_nr_pages();
	}
	return now;
}

#define ST_ALIASES	16

int pmb_st_pmalloc_destroy_returns_pages(unsigned int method, char *msg,
					 size_t len)
{
	unsigned long base = pmalloc_live_chunk_pages(), alias[ST_ALIASES];
	long vm_base = pmb_vmalloc_nr_pages(), vm_live = -1, vm_after = -1;
	struct pmalloc_pool *pool;
	struct pmb_verify_report rep;
	struct pmalloc_pool_stats st;
	unsigned int i, nalias = 0;
	u8 *p = NULL;
	int ret = 0;

	pool = pmalloc_create_pool("st-destroy", 0, 0, method);
	ST_CHECK(pool, "create failed");
	for (i = 0; i < 200; i++) {
		p = pmalloc(pool, 100);
		ST_CHECK(p, "pmalloc %u failed", i);
		if (nalias < ST_ALIASES && PAGE_ALIGNED(p))
			alias[nalias++] = (unsigned long)
				page_address(vmalloc_to_page(p));
	}
	ST_CHECK(pmalloc(pool, 3 * PAGE_SIZE), "3-page allocation failed");
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");
	ST_CHECK(!st_verify_protected(pool, method, &rep), "verify: %s", rep.msg);
	pmalloc_pool_stats(pool, &st);
	ST_CHECK(pmalloc_live_chunk_pages() - base == st.pages,
		 "live pages +%lu, pool has %lu",
		 pmalloc_live_chunk_pages() - base, st.pages);
	/* data pages, plus genalloc's vzalloc'd chunk header: 1 each */
	ST_CHECK(st.vmalloc_pages == st.pages + st.chunks &&
		 st.vmap_areas == 2 * st.chunks,
		 "the pool counts %lu vmalloc pages in %lu areas, for %lu pages in %lu chunks",
		 st.vmalloc_pages, st.vmap_areas, st.pages, st.chunks);
	if (vm_base >= 0) {
		/* What the kernel counts is what the pool says it holds. */
		vm_live = st_vmalloc_settle(vm_base + st.vmalloc_pages) - vm_base;
		ST_CHECK(vm_live == (long)st.vmalloc_pages,
			 "vmalloc pages +%ld, the pool counts %lu", vm_live,
			 st.vmalloc_pages);
	}
	pmalloc_destroy_pool(pool);
	pool = NULL;
	ST_CHECK(pmalloc_live_chunk_pages() == base, "live pages %lu, expected %lu",
		 pmalloc_live_chunk_pages(), base);
	for (i = 0; i < nalias; i++)
		ST_CHECK(st_alias_writable(alias[i]),
			 "direct-map alias %u still read-only after destroy", i);
	if (vm_base >= 0) {
		vm_after = st_vmalloc_settle(vm_base) - vm_base;
		ST_CHECK(vm_after == 0, "vmalloc pages %+ld after destroy", vm_after);
		snprintf(msg, len,
			 "%lu chunks, %lu pages; vmalloc_nr_pages +%ld alive, +0 after destroy; module pages back to %lu; %u aliases writable",
			 st.chunks, st.pages, vm_live, base, nalias);
	} else {
		snprintf(msg, len,
			 "%lu chunks, %lu pages; module pages back to %lu (vmalloc_nr_pages unresolved); %u aliases writable",
			 st.chunks, st.pages, base, nalias);
	}
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

static long st_touch_fn(void *p)
{
	u8 *b = p;

	/* A real store, so this CPU caches a writable translation. */
	WRITE_ONCE(*b, READ_ONCE(*b));
	return 0;
}

static long st_drill_fn(void *p)
{
	return pmb_fault_drill(p);
}

/* Run @fn on every online CPU; the first result other than @want, or @want. */
static long st_on_each_cpu(long (*fn)(void *), void *arg, long want,
			   unsigned int *cpus)
{
	unsigned int cpu;
	long r;

	*cpus = 0;
	for_each_online_cpu(cpu) {
		r = work_on_cpu_safe(cpu, fn, arg);
		if (r == -ENODEV)	/* went offline meanwhile */
			continue;
		if (r != want)
			return r;
		(*cpus)++;
	}
	return want;
}

int pmb_st_pmalloc_fault_drill(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool;
	unsigned int cpus;
	u8 *obj = NULL;
	long r;
	int ret = 0;

	pool = pmalloc_create_pool("st-drill", 0, 0, method);
	ST_CHECK(pool, "create failed");
	obj = pmalloc(pool, 256);
	ST_CHECK(obj, "pmalloc failed");
	st_fill(obj, 256, 9);
	/* Control: on a writable page the drill's write goes through. */
	ST_CHECK(pmb_fault_drill(obj + 17) == 0, "drill faulted on a writable page");
	ST_CHECK(st_intact(obj, 256, 9), "the control drill did not restore");
	r = st_on_each_cpu(st_touch_fn, obj + 17, 0, &cpus);
	ST_CHECK(r == 0, "touch: %ld", r);
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");
	r = st_on_each_cpu(st_drill_fn, obj + 17, 1, &cpus);
	ST_CHECK(r == 1, "drill on a CPU returned %ld (0: the write went through)", r);
	ST_CHECK(st_intact(obj, 256, 9), "data changed by the drill");
	snprintf(msg, len, "write faulted on all %u CPUs (each had a writable TLB entry), data unchanged; control write went through",
		 cpus);
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

/*
 * A CPU that keeps running one task holds its TLB entries: no CR3 write, no
 * flush (QEMU drops its whole soft TLB on any CR3 write, hardware with PCID
 * and global pages keeps them).  Each other CPU runs one of these: cache a
 * writable translation, spin with preemption off (IRQs on, so flush IPIs
 * land) until the pool is protected, then drill.  Without a flush on that
 * CPU the write goes through.
 */
struct st_spinner {
	struct work_struct work;
	u8 *addr;
	atomic_t state;			/* ST_SPIN_* */
	int drill;
};

enum { ST_SPIN_QUEUED, ST_SPIN_TOUCHED, ST_SPIN_PROTECTED };

static void st_spinner_fn(struct work_struct *work)
{
	struct st_spinner *sp = container_of(work, struct st_spinner, work);
	u64 deadline = ktime_get_ns() + NSEC_PER_SEC;
	bool go;

	preempt_disable();
	WRITE_ONCE(*sp->addr, READ_ONCE(*sp->addr));
	atomic_set_release(&sp->state, ST_SPIN_TOUCHED);
	while (!(go = atomic_read_acquire(&sp->state) == ST_SPIN_PROTECTED) &&
	       ktime_get_ns() < deadline)
		cpu_relax();
	sp->drill = go ? pmb_fault_drill(sp->addr) : -ETIMEDOUT;
	preempt_enable();
}

/* Wait until every queued spinner has touched the page (1 s at most). */
static bool st_spinners_touched(struct st_spinner *sp, unsigned int n)
{
	u64 deadline = ktime_get_ns() + NSEC_PER_SEC;
	unsigned int i;

	for (i = 0; i < n; i++)
		while (atomic_read_acquire(&sp[i].state) != ST_SPIN_TOUCHED) {
			if (ktime_get_ns() > deadline)
				return false;
			cond_resched();
		}
	return true;
}

static int st_flush_all_cpus(struct pmalloc_pool *pool, u8 *obj,
			     struct st_spinner *sp, unsigned int *nr,
			     char *msg, size_t len)
{
	unsigned int cpu, self, i, n = 0;
	bool touched;
	int ret = 0;

	migrate_disable();
	self = smp_processor_id();
	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		sp[n].addr = obj;
		atomic_set(&sp[n].state, ST_SPIN_QUEUED);
		INIT_WORK(&sp[n].work, st_spinner_fn);
		queue_work_on(cpu, system_highpri_wq, &sp[n].work);
		n++;
	}
	touched = st_spinners_touched(sp, n);
	if (touched)
		ret = pmalloc_protect_pool(pool);
	for (i = 0; i < n; i++)
		atomic_set_release(&sp[i].state, ST_SPIN_PROTECTED);
	for (i = 0; i < n; i++)
		flush_work(&sp[i].work);
	migrate_enable();
	*nr = n;
	ST_CHECK(touched, "the other CPUs did not start within 1 s");
	ST_CHECK(!ret, "protect failed: %d", ret);
	for (i = 0; i < n; i++)
		ST_CHECK(sp[i].drill == 1,
			 "drill on remote CPU %u: %d (0: stale writable TLB entry, the flush missed it)",
			 i, sp[i].drill);
out:
	return ret;
}

int pmb_st_protect_flush_all_cpus(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool;
	struct st_spinner *sp;
	unsigned int n = 0;
	u8 *obj;
	int ret = 0;

	sp = kcalloc(nr_cpu_ids, sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return -ENOMEM;
	pool = pmalloc_create_pool("st-flush-cpus", 0, 0, method);
	ST_CHECK(pool, "create failed");
	obj = pmalloc(pool, 64);
	ST_CHECK(obj, "pmalloc failed");
	st_fill(obj, 64, 4);
	ret = st_flush_all_cpus(pool, obj, sp, &n, msg, len);
	if (ret)
		goto out;
	ST_CHECK(st_intact(obj, 64, 4), "data changed");
	if (n)
		snprintf(msg, len, "%u other CPU(s) held a writable TLB entry through the protect; the write faulted on each",
			 n);
	else
		snprintf(msg, len, "one CPU online: no remote TLB to check (boot with 2+ CPUs)");
out:
	pmalloc_destroy_pool(pool);
	kfree(sp);
	return ret;
}

int pmb_st_pmalloc_stats(unsigned int method, char *msg, size_t len)
{
	static const size_t sizes[] = { 1, 63, 64, 65, 200, 1000 };
	void *obj[ARRAY_SIZE(sizes)];
	struct pmalloc_pool *pool;
	struct pmb_verify_report rep;
	struct pmalloc_pool_stats st;
	unsigned long chunks;
	size_t meta1;
	unsigned int i;
	int ret = 0;

	pool = pmalloc_create_pool("st-stats", 2 * PAGE_SIZE, 64, method);
	ST_CHECK(pool, "create failed");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		obj[i] = pmalloc(pool, sizes[i]);
		ST_CHECK(obj[i], "pmalloc(%zu) failed", sizes[i]);
	}
	/* rounded to 64: 64 + 64 + 64 + 128 + 256 + 1024 */
	ST_POOL_CHECK(pool, chunks, 1);
	ST_POOL_CHECK(pool, pages, 2);
	ST_POOL_CHECK(pool, objects, 6);
	ST_POOL_CHECK(pool, bytes_allocated, 1600);
	ST_POOL_CHECK(pool, bytes_free, 2 * PAGE_SIZE - 1600);
	ST_POOL_CHECK(pool, tlb_flushes, 0);
	pmalloc_pool_stats(pool, &st);
	/*
	 * genalloc vzalloc()s its chunk header: a page per chunk at least, in
	 * an area of its own: 2 areas, 2 + 1 pages, 2 + 1 + 1 + 1 of address
	 * space with the guard pages.
	 */
	ST_CHECK(st.metadata_bytes >= PAGE_SIZE, "metadata %zu", st.metadata_bytes);
	ST_POOL_CHECK(pool, vmap_areas, 2);
	ST_POOL_CHECK(pool, vmalloc_pages, 3);
	ST_POOL_CHECK(pool, va_bytes, 5 * PAGE_SIZE);
	ST_CHECK(pmalloc_chunk_overhead(2 * PAGE_SIZE, 64) <= st.metadata_bytes &&
		 pmalloc_chunk_overhead(2 * PAGE_SIZE, 64) >= PAGE_SIZE,
		 "one chunk's overhead %zu, the pool's metadata %zu",
		 pmalloc_chunk_overhead(2 * PAGE_SIZE, 64), st.metadata_bytes);
	meta1 = st.metadata_bytes;
	pfree(pool, obj[3]);
	ST_POOL_CHECK(pool, objects, 5);
	ST_POOL_CHECK(pool, bytes_allocated, 1472);
	ST_POOL_CHECK(pool, bytes_free, 2 * PAGE_SIZE - 1472);
	ST_CHECK(pmalloc(pool, 3 * PAGE_SIZE), "3 pages");
	ST_POOL_CHECK(pool, chunks, 2);
	ST_POOL_CHECK(pool, pages, 5);
	ST_POOL_CHECK(pool, bytes_free, 5 * PAGE_SIZE - 1472 - 3 * PAGE_SIZE);
	ST_POOL_CHECK(pool, vmap_areas, 4);
	ST_POOL_CHECK(pool, vmalloc_pages, 7);
	ST_POOL_CHECK(pool, va_bytes, (5 + 4 + 2) * PAGE_SIZE);
	ST_POOL_CHECK(pool, metadata_bytes,
		      meta1 + pmalloc_chunk_overhead(3 * PAGE_SIZE, 64));
	ST_POOL_CHECK(pool, protected, false);
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");
	chunks = 2;
	ST_POOL_CHECK(pool, tlb_flushes, method == PMB_PROT_PTE ? 1 : chunks);
	ST_POOL_CHECK(pool, protected, true);
	pfree(pool, obj[5]);
	ST_POOL_CHECK(pool, objects, 5);
	ST_POOL_CHECK(pool, bytes_allocated, 1472 - 1024 + 3 * PAGE_SIZE);
	ST_CHECK(!st_verify_protected(pool, method, &rep), "verify: %s", rep.msg);
	pmalloc_pool_stats(pool, &st);
	snprintf(msg, len, "exact: 2 chunks, 5 pages, bytes/objects through pfree before and after protect, %lu flush(es); metadata %zu B (1 chunk: %zu)",
		 st.tlb_flushes, st.metadata_bytes, meta1);
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

int pmb_st_pmalloc_object_lookup(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pa, *pb = NULL;
	u8 *a1, *a2, *b1, *k = NULL, *v = NULL;
	const void *start;
	size_t size;
	int ret = 0;

#define ST_LOOKUP(addr, s, n)						\
	ST_CHECK(pmalloc_object_lookup(addr, &start, &size) &&		\
		 start == (s) && size == (n), "lookup " #addr)
#define ST_NOT_FOUND(addr)						\
	ST_CHECK(!pmalloc_object_lookup(addr, &start, &size),		\
		 #addr " found as an object")

	pa = pmalloc_create_pool("st-lookup-a", 0, 8, method);
	pb = pmalloc_create_pool("st-lookup-b", 0, 32, method);
	k = kmalloc(64, GFP_KERNEL);
	v = vmalloc(PAGE_SIZE);
	ST_CHECK(pa && pb && k && v, "setup failed");
	a1 = pmalloc(pa, 40);
	a2 = pmalloc(pa, 100);
	b1 = pmalloc(pb, 10);
	ST_CHECK(a1 && a2 && b1, "pmalloc failed");
	ST_LOOKUP(a1, a1, 40);
	ST_LOOKUP(a1 + 39, a1, 40);
	ST_LOOKUP(a2 + 99, a2, 104);
	ST_LOOKUP(a2 + 103, a2, 104);
	ST_NOT_FOUND(a2 + 104);			/* free space after it */
	ST_LOOKUP(b1 + 31, b1, 32);
	ST_NOT_FOUND(b1 + 32);
	ST_NOT_FOUND(k);			/* kmalloc */
	ST_NOT_FOUND(v);			/* plain vmalloc */
	ST_NOT_FOUND(&size);			/* stack */
	ST_NOT_FOUND(NULL);
	pfree(pa, a1);
	ST_NOT_FOUND(a1);
	ST_LOOKUP(a2, a2, 104);
	ST_CHECK(!pmalloc_protect_pool(pa), "protect failed");
	ST_LOOKUP(a2 + 50, a2, 104);
	pfree(pa, a2);				/* accounting only, still RO */
	ST_NOT_FOUND(a2);
	pmalloc_destroy_pool(pb);
	pb = NULL;
	ST_NOT_FOUND(b1);			/* pool gone */
	snprintf(msg, len, "starts, interiors, last bytes, free space, kmalloc/vmalloc/stack, freed and destroyed: all right");
#undef ST_LOOKUP
#undef ST_NOT_FOUND
out:
	vfree(v);
	kfree(k);
	pmalloc_destroy_pool(pb);
	pmalloc_destroy_pool(pa);
	return ret;
}

int pmb_st_pmalloc_protected_pool(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool;
	struct pmb_verify_report rep;
	struct pmalloc_pool_stats st;
	u8 *b, *c;
	char *a;
	int ret = 0;

	pool = pmalloc_create_pool("st-protected", 0, 0, method);
	ST_CHECK(pool, "create failed");
	a = pstrdup(pool, "kept");
	b = pmalloc(pool, 256);
	ST_CHECK(a && b, "pmalloc failed");
	st_fill(b, 256, 5);
	ST_CHECK(!pmalloc_protect_pool(pool), "protect failed");
	pmalloc_pool_stats(pool, &st);
	/* Policy: a protected pool gives nothing out. */
	ST_CHECK(!pmalloc(pool, 8) && !pzalloc(pool, 8) && !pstrdup(pool, "x") &&
		 !pmalloc_array(pool, 2, 8) && !pcalloc(pool, 2, 8),
		 "a protected pool allocated");
	ST_CHECK(pmalloc_prealloc(pool, PAGE_SIZE) == -EPERM, "prealloc");
	ST_CHECK(!pmalloc_protect_pool(pool), "second protect");
	ST_POOL_CHECK(pool, tlb_flushes, st.tlb_flushes);
	ST_POOL_CHECK(pool, chunks, st.chunks);
	/* pfree after protect: accounting only. */
	pfree(pool, b);
	ST_POOL_CHECK(pool, objects, 1);
	ST_POOL_CHECK(pool, bytes_allocated, 8);
	ST_CHECK(st_intact(b, 256, 5) && !strcmp(a, "kept"), "content changed");
	ST_CHECK(!st_verify_protected(pool, method, &rep), "verify: %s", rep.msg);
	ST_CHECK(pmb_fault_drill(b + 100) == 1, "freed object became writable");
	/* The benchmark hook: writable again, freed space reused. */
	ST_CHECK(!pmalloc_unprotect_pool(pool), "unprotect failed");
	ST_CHECK(!pmalloc_verify_pool(pool, &rep) && rep.pages_ro == 0,
		 "unprotect verify: %s", rep.msg);
	c = pmalloc(pool, 256);
	ST_CHECK(c == b, "freed space not reused after unprotect");
	st_fill(c, 256, 6);
	ST_CHECK(!pmalloc_protect_pool(pool), "re-protect failed");
	ST_CHECK(!st_verify_protected(pool, method, &rep), "re-verify: %s", rep.msg);
	snprintf(msg, len, "protected pool: 5 allocators NULL, prealloc -EPERM, protect idempotent, pfree accounting-only and still RO");
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

int pmb_st_pmalloc_bad_args(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *pool = NULL, *bad;
	struct pmalloc_pool_stats st;
	u8 *a, *k = NULL;
	int ret = 0;

	bad = pmalloc_create_pool(NULL, 0, 0, method);
	ST_CHECK(!bad, "NULL name accepted");
	bad = pmalloc_create_pool("x", 0, 3, method);
	ST_CHECK(!bad, "align 3 accepted");
	bad = pmalloc_create_pool("x", 0, 2 * PAGE_SIZE, method);
	ST_CHECK(!bad, "align 2 pages accepted");
	bad = pmalloc_create_pool("x", 0, 0, PMB_NR_PROTECT_METHODS);
	ST_CHECK(!bad, "unknown method accepted");
	bad = pmalloc_create_pool("x", (size_t)INT_MAX + 1, 0, method);
	ST_CHECK(!bad, "refill > INT_MAX accepted");
	ST_CHECK(!pmalloc(NULL, 8) && !pstrdup(NULL, "x"), "NULL pool allocated");
	ST_CHECK(pmalloc_protect_pool(NULL) == -EINVAL, "protect(NULL)");
	ST_CHECK(pmalloc_prepare_flip(NULL) == -EINVAL, "prepare(NULL)");
	ST_CHECK(pmalloc_prealloc(NULL, 8) == -EINVAL, "prealloc(NULL)");
	pfree(NULL, k);
	pmalloc_destroy_pool(NULL);
	pmalloc_pool_stats(NULL, &st);
	ST_CHECK(!st.chunks && !st.objects, "stats(NULL) not zero");
	pool = pmalloc_create_pool("st-bad", 0, 0, method);
	k = kmalloc(64, GFP_KERNEL);
	ST_CHECK(pool && k, "setup failed");
	a = pmalloc(pool, 64);
	ST_CHECK(a && !pstrdup(pool, NULL), "pmalloc/pstrdup(NULL)");
	pfree(pool, k);
	pfree(pool, a + 1);
	pfree(pool, a + PAGE_SIZE);	/* past the chunk */
	ST_POOL_CHECK(pool, objects, 1);
	ST_CHECK(pmb_set_ranges_ro(PMB_NR_PROTECT_METHODS, NULL, 0, true,
				   &st.tlb_flushes) == -EINVAL, "unknown method");
	snprintf(msg, len, "bad create arguments, NULL pools and bogus frees refused without a trace");
out:
	kfree(k);
	pmalloc_destroy_pool(pool);
	return ret;
}

#define ST_MANY_CHUNKS	32

int pmb_st_pmalloc_protect_flushes(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_pool *many, *one = NULL;
	struct pmb_verify_report rep;
	struct pmalloc_pool_stats st;
	unsigned long want;
	unsigned int i;
	int ret = 0;

	many = pmalloc_create_pool("st-flush-many", 0, 0, method);
	one = pmalloc_create_pool("st-flush-one", 0, 0, method);
	ST_CHECK(many && one, "create failed");
	for (i = 0; i < ST_MANY_CHUNKS; i++)
		ST_CHECK(pmalloc(many, PAGE_SIZE), "pmalloc %u failed", i);
	ST_CHECK(!pmalloc_prealloc(one, ST_MANY_CHUNKS * PAGE_SIZE), "prealloc");
	ST_POOL_CHECK(many, chunks, ST_MANY_CHUNKS);
	ST_POOL_CHECK(one, chunks, 1);
	ST_CHECK(!pmalloc_protect_pool(many) && !pmalloc_protect_pool(one),
		 "protect failed");
	want = method == PMB_PROT_PTE ? 1 : ST_MANY_CHUNKS;
	ST_POOL_CHECK(many, tlb_flushes, want);
	ST_POOL_CHECK(one, tlb_flushes, 1);
	ST_CHECK(!st_verify_protected(many, method, &rep), "verify: %s", rep.msg);
	ST_CHECK(!st_verify_protected(one, method, &rep), "verify: %s", rep.msg);
	ST_CHECK(!pmalloc_unprotect_pool(many), "unprotect failed");
	ST_POOL_CHECK(many, tlb_flushes, 2 * want);
	/* Prepared flips (checked untimed first, as a job does): the same rounds. */
	ST_CHECK(!pmalloc_prepare_flip(many) && !pmalloc_protect_pool(many),
		 "prepared protect failed");
	ST_POOL_CHECK(many, tlb_flushes, 3 * want);
	ST_CHECK(!st_verify_protected(many, method, &rep), "prepared: %s", rep.msg);
	ST_CHECK(!pmalloc_prepare_flip(many) && !pmalloc_unprotect_pool(many),
		 "prepared unprotect failed");
	ST_POOL_CHECK(many, tlb_flushes, 4 * want);
	/* A refill after the check voids it: the protect checks all 33 chunks. */
	ST_CHECK(!pmalloc_prepare_flip(many), "prepare failed");
	ST_CHECK(pmalloc(many, PAGE_SIZE), "refill after prepare failed");
	ST_POOL_CHECK(many, chunks, ST_MANY_CHUNKS + 1);
	ST_CHECK(!pmalloc_protect_pool(many), "protect after a refill failed");
	ST_POOL_CHECK(many, tlb_flushes, 4 * want +
		      (method == PMB_PROT_PTE ? 1 : ST_MANY_CHUNKS + 1));
	ST_CHECK(!st_verify_protected(many, method, &rep), "after refill: %s",
		 rep.msg);
	pmalloc_pool_stats(many, &st);
	snprintf(msg, len, "%s: %u chunks x 1 page -> %lu flush round(s), 1 chunk x %u pages -> 1; prepared flips the same, a refill after prepare still protected",
		 pmb_protect_method_name(method), ST_MANY_CHUNKS, want,
		 ST_MANY_CHUNKS);
out:
	pmalloc_destroy_pool(one);
	pmalloc_destroy_pool(many);
	return ret;
}

/* More than one page-table page (512 PTEs): the flip walks across one. */
#define ST_AREA_PAGES	520

/* Ranges that must be refused before anything changes. */
static int st_protect_refusals(unsigned int method, u8 *area, char *msg,
			       size_t len)
{
	struct pmb_range bad[] = {
		{ (unsigned long)area, ST_AREA_PAGES + 1 },	/* guard page */
		{ (unsigned long)area + 1, 1 },			/* unaligned */
		{ (unsigned long)area, 0 },			/* empty */
	};
	struct pmb_range two[] = {
		{ (unsigned long)area, 1 },
		{ (unsigned long)area + PAGE_SIZE, ST_AREA_PAGES },
	};
	struct pmb_verify_report rep;
	unsigned long flushes = 0;
	struct pmb_range k;
	unsigned int i;
	int ret = 0;
	void *kbuf;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ST_CHECK(pmb_check_ranges(method, &bad[i], 1) == -EINVAL,
			 "bad range %u passed the check", i);
		ST_CHECK(pmb_set_ranges_ro(method, &bad[i], 1, true, &flushes) ==
			 -EINVAL, "bad range %u accepted", i);
	}
	ST_CHECK(pmb_check_ranges(method, two, 2) == -EINVAL,
		 "range over the guard page passed the check");
	ST_CHECK(!pmb_check_ranges(method, two, 1), "a good range refused");
	ST_CHECK(pmb_check_ranges(PMB_NR_PROTECT_METHODS, two, 1) == -EINVAL,
		 "unknown method passed the check");
	/* The first range is fine, the second runs into the guard page. */
	ST_CHECK(pmb_set_ranges_ro(method, two, 2, true, &flushes) == -EINVAL,
		 "range over the guard page accepted");
	kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (kbuf) {
		k.addr = (unsigned long)kbuf & PAGE_MASK;
		k.pages = 1;
		ret = pmb_set_ranges_ro(method, &k, 1, true, &flushes);
		kfree(kbuf);
		ST_CHECK(ret == -EINVAL, "a direct-map page accepted (%d)", ret);
		ret = 0;
	}
	ST_CHECK(flushes == 0, "%lu flushes for refused ranges", flushes);
	ST_CHECK(!pmb_verify_ranges(two, 1, false, &rep) && rep.pages_ro == 0,
		 "a refused call changed a page");
out:
	return ret;
}

int pmb_st_protect_verify(unsigned int method, char *msg, size_t len)
{
	struct pmb_range r;
	struct pmb_verify_report rep;
	unsigned long flushes = 0, i, alias_ro, huge;
	u8 *area;
	int ret = 0;

	area = vmalloc(ST_AREA_PAGES * PAGE_SIZE);
	if (!area)
		return -ENOMEM;
	st_fill(area, ST_AREA_PAGES * PAGE_SIZE, 1);
	r.addr = (unsigned long)area;
	r.pages = ST_AREA_PAGES;
	ST_CHECK(!pmb_verify_ranges(&r, 1, false, &rep) && rep.pages_checked ==
		 ST_AREA_PAGES && rep.alias_ro == 0, "before: %s", rep.msg);
	ret = st_protect_refusals(method, area, msg, len);
	if (ret)
		goto out;
	ST_CHECK(!pmb_set_ranges_ro(method, &r, 1, true, &flushes), "protect");
	ST_CHECK(flushes == 1, "%lu flushes for one range", flushes);
	ST_CHECK(!pmb_verify_ranges(&r, 1, true, &rep) &&
		 rep.pages_ro == ST_AREA_PAGES, "after protect: %s", rep.msg);
	ST_CHECK(st_alias_as_expected(method, &rep), "alias ro %lu of %lu",
		 rep.alias_ro, rep.alias_checked);
	alias_ro = rep.alias_ro;
	huge = rep.alias_huge;
	for (i = 0; i < ST_AREA_PAGES; i++)
		ST_CHECK(pmb_fault_drill(area + i * PAGE_SIZE + i % PAGE_SIZE) == 1,
			 "drill on page %lu", i);
	ST_CHECK(st_intact(area, ST_AREA_PAGES * PAGE_SIZE, 1), "content changed");
	ST_CHECK(!pmb_set_ranges_ro(method, &r, 1, false, &flushes), "unprotect");
	ST_CHECK(flushes == 2, "%lu flushes after unprotect", flushes);
	ST_CHECK(!pmb_verify_ranges(&r, 1, false, &rep) && rep.alias_ro == 0,
		 "after unprotect: %s alias ro %lu", rep.msg, rep.alias_ro);
	ST_CHECK(pmb_fault_drill(area + 5) == 0, "unprotected page still faults");
	snprintf(msg, len, "%d pages: PTEs ro then rw, 1 flush each way, drill faulted on each; direct-map alias %s (%lu/%d ro, %lu on 2M/1G); 5 bad ranges refused",
		 ST_AREA_PAGES, st_alias_word(method), alias_ro, ST_AREA_PAGES,
		 huge);
out:
	/* Never vfree a page this test left read-only. */
	if (ret && pmb_set_ranges_ro(method, &r, 1, false, &flushes))
		return ret;
	vfree(area);
	return ret;
}

#define ST_FILL_N	1024
#define ST_FILL_SIZE	64

/*
 * ST_FILL_N objects of ST_FILL_SIZE bytes, each right after the one before
 * it.  @prealloc: all of them in one chunk added up front, no refill; else
 * one 1-page refill each time the newest chunk is full, never before.
 */
static int st_fill_64(unsigned int method, bool prealloc, char *msg,
		      size_t len)
{
	const unsigned long per_page = PAGE_SIZE / ST_FILL_SIZE;
	const unsigned long pages = ST_FILL_N / per_page;
	struct pmalloc_pool *pool;
	u8 *p, *prev = NULL;
	unsigned long nchunks;
	unsigned int n;
	int ret = 0;

	pool = pmalloc_create_pool("st-fill", 0, 0, method);
	ST_CHECK(pool, "create failed");
	if (prealloc)
		ST_CHECK(!pmalloc_prealloc(pool, ST_FILL_N * ST_FILL_SIZE),
			 "prealloc failed");
	for (n = 0; n < ST_FILL_N; n++) {
		p = pmalloc(pool, ST_FILL_SIZE);
		ST_CHECK(p, "pmalloc %u failed", n);
		nchunks = prealloc ? 1 : n / per_page + 1;
		ST_POOL_CHECK(pool, chunks, nchunks);
		if (n && (prealloc || n % per_page))
			ST_CHECK(p == prev + ST_FILL_SIZE,
				 "object %u not right after object %u", n, n - 1);
		else
			ST_CHECK(PAGE_ALIGNED(p), "object %u does not start its chunk",
				 n);
		prev = p;
	}
	ST_POOL_CHECK(pool, pages, pages);
	ST_POOL_CHECK(pool, objects, ST_FILL_N);
	ST_POOL_CHECK(pool, bytes_free, 0);
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

/*
 * What the 64-byte allocation speed depends on, as behaviour (its speed
 * against vmalloc is the benchmark's to measure: workload=alloc size=64):
 * objects packed back to back, a refill only when a chunk is full, none
 * at all for a preallocated pool.
 */
int pmb_st_pmalloc_fill_64(unsigned int method, char *msg, size_t len)
{
	int ret;

	ret = st_fill_64(method, false, msg, len);
	if (!ret)
		ret = st_fill_64(method, true, msg, len);
	if (!ret)
		snprintf(msg, len, "%u x %u B back to back: %lu one-page refills, each when the chunk was full; preallocated: 1 chunk, no refill",
			 ST_FILL_N, ST_FILL_SIZE,
			 ST_FILL_N / (PAGE_SIZE / ST_FILL_SIZE));
	return ret;
}

#define ST_CYCLES	3

/*
 * A pool of @chunks chunks of @pages pages each, protected and unprotected
 * ST_CYCLES times: every flip is one flush round with pte, one per chunk
 * with cpa, and leaves the pool as verified.
 */
static int st_rounds_shape(unsigned int method, unsigned int chunks,
			   unsigned int pages, char *msg, size_t len)
{
	unsigned long want = method == PMB_PROT_PTE ? 1 : chunks;
	struct pmalloc_pool *pool;
	struct pmb_verify_report rep;
	struct pmalloc_pool_stats st;
	unsigned int i;
	int ret = 0;

	pool = pmalloc_create_pool("st-rounds", pages * PAGE_SIZE, 0, method);
	ST_CHECK(pool, "%ux%u: create failed", chunks, pages);
	for (i = 0; i < chunks; i++)
		ST_CHECK(pmalloc(pool, pages * PAGE_SIZE), "%ux%u: pmalloc %u failed",
			 chunks, pages, i);
	ST_POOL_CHECK(pool, chunks, chunks);
	ST_POOL_CHECK(pool, pages, chunks * pages);
	for (i = 0; i < ST_CYCLES; i++) {
		ST_CHECK(!pmalloc_protect_pool(pool), "%ux%u: protect %u failed",
			 chunks, pages, i);
		pmalloc_pool_stats(pool, &st);
		ST_CHECK(st.tlb_flushes == (2 * i + 1) * want,
			 "%ux%u: %lu flush rounds after protect %u, expected %lu",
			 chunks, pages, st.tlb_flushes, i, (2 * i + 1) * want);
		ST_CHECK(!st_verify_protected(pool, method, &rep),
			 "%ux%u: verify %u: %s", chunks, pages, i, rep.msg);
		ST_CHECK(!pmalloc_unprotect_pool(pool), "%ux%u: unprotect %u failed",
			 chunks, pages, i);
		pmalloc_pool_stats(pool, &st);
		ST_CHECK(st.tlb_flushes == (2 * i + 2) * want,
			 "%ux%u: %lu flush rounds after unprotect %u, expected %lu",
			 chunks, pages, st.tlb_flushes, i, (2 * i + 2) * want);
	}
out:
	pmalloc_destroy_pool(pool);
	return ret;
}

/* Flush rounds per flip by pool shape; the time they take is the benchmark's. */
int pmb_st_protect_rounds(unsigned int method, char *msg, size_t len)
{
	static const unsigned int shape[][2] = {	/* chunks, pages each */
		{ 1, 1 }, { 1, 64 }, { 64, 1 },
	};
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(shape) && !ret; i++)
		ret = st_rounds_shape(method, shape[i][0], shape[i][1], msg, len);
	if (!ret)
		snprintf(msg, len, "%s, %u protect/unprotect cycles each: 1x1 page and 1x64 pages 1 flush round per flip, 64x1 %u",
			 pmb_protect_method_name(method), ST_CYCLES,
			 method == PMB_PROT_PTE ? 1 : 64);
	return ret;
}
