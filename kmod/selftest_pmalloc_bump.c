// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of pmalloc_bump, Stoppa's v20-v22 pmalloc design.  Each
 * checks exact values (where every object lands, how many areas and
 * pages, what is read-only, flush rounds), returns 0 or -errno, and
 * leaves one line in @msg: the first failure, or on success what was
 * checked.  None of them measures time.  Every test returns the module
 * to where it found it: no pool, no page left behind.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "pmalloc_bump.h"
#include "protect.h"
#include "selftest_pmalloc_bump.h"

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

/*
 * The pool against the model, its reason after @fmt's text: written to a
 * buffer of its own first (snprintf from msg into msg would overlap).
 */
#define ST_CHECK_MODEL(pool, m, fmt, ...)				\
	do {								\
		char why_[160];						\
									\
		ST_CHECK(st_model_matches(pool, m, why_, sizeof(why_)),	\
			 fmt "%s", ##__VA_ARGS__, why_);		\
	} while (0)

#define ST_BUMP_CHECK(pool, field, want)				\
	do {								\
		struct pmalloc_bump_stats st_;				\
		u64 want_ = (want);					\
									\
		pmalloc_bump_stats(pool, &st_);				\
		ST_CHECK((u64)st_.field == want_,			\
			 #field " %llu, expected %llu",			\
			 (u64)st_.field, want_);			\
	} while (0)

#define ST_MINALIGN	ARCH_KMALLOC_MINALIGN

static void st_fill(void *p, size_t n, u8 pat)
{
	u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = pat + i * 7;
}

static bool st_intact(const void *p, size_t n, u8 pat)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (u8)(pat + i * 7))
			return false;
	return true;
}

/* Under cpa an alias follows its vmalloc page; under pte it stays writable. */
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

/*
 * The pool as pmalloc_bump_verify() sees it: @ro_pages of its pages
 * read-only (all of them: ~0UL), the others writable, the aliases as the
 * method leaves them, the drill faulting on every read-only area.
 */
static int st_verify(struct pmalloc_bump_pool *pool, unsigned int method,
		     unsigned long ro_pages, struct pmb_verify_report *rep)
{
	struct pmalloc_bump_stats st;
	int ret;

	pmalloc_bump_stats(pool, &st);
	if (ro_pages == ~0UL)
		ro_pages = st.pages;
	ret = pmalloc_bump_verify(pool, rep);
	if (ret)
		return ret;
	if (rep->pages_checked != st.pages || rep->pages_ro != ro_pages ||
	    rep->fault_drill != (st.areas_ro ? 1 : -1) ||
	    !st_alias_as_expected(method, rep)) {
		snprintf(rep->msg, sizeof(rep->msg),
			 "pages %lu/%lu, ro %lu (expected %lu), alias ro %lu/%lu, drill %d",
			 rep->pages_checked, st.pages, rep->pages_ro, ro_pages,
			 rep->alias_ro, rep->alias_checked, rep->fault_drill);
		return -EIO;
	}
	return 0;
}

/*
 * What the design says a pool does, step by step, for checking where each
 * object lands: a fresh area (refill, or the request rounded to pages if
 * larger) when there is none, the newest is read-only, or it has less
 * than the request left; then offset = round_down(offset - size, align).
 */
struct st_model {
	size_t refill;
	size_t align;
	size_t off;		/* the newest area's offset */
	unsigned long base;	/* the newest area's start, as observed */
	unsigned long areas;
	unsigned long pages;
	size_t allocated;	/* the bytes objects took */
	size_t stranded;	/* left behind in areas before the newest */
	bool ro;		/* the newest area is read-only */
};

static void st_model_init(struct st_model *m, size_t refill, size_t align)
{
	memset(m, 0, sizeof(*m));
	m->refill = refill ? PAGE_ALIGN(refill) : PAGE_SIZE;
	m->align = align ? align : ST_MINALIGN;
}

/* Step the model for @size and check @p against it. */
static bool st_model_alloc(struct st_model *m, const void *p, size_t size)
{
	unsigned long base = (unsigned long)p;
	bool fresh = !m->areas || m->ro || m->off < size;

	if (fresh) {
		size_t bytes = PAGE_ALIGN(max(size, m->refill));

		if (m->areas)
			m->stranded += m->off;
		m->areas++;
		m->pages += bytes >> PAGE_SHIFT;
		m->off = bytes;
		m->ro = false;
	}
	m->allocated += m->off;
	m->off = round_down(m->off - size, m->align);
	m->allocated -= m->off;
	base -= m->off;
	if (fresh) {
		if (!PAGE_ALIGNED(base))
			return false;
		m->base = base;
	}
	return base == m->base;
}

static void st_model_protect(struct st_model *m)
{
	m->ro = m->areas != 0;
}

/* The pool's figures are the model's. */
static bool st_model_matches(struct pmalloc_bump_pool *pool,
			     const struct st_model *m, char *msg, size_t len)
{
	struct pmalloc_bump_stats st;
	size_t stranded = m->stranded + (m->ro ? m->off : 0);

	pmalloc_bump_stats(pool, &st);
	if (st.areas == m->areas && st.pages == m->pages &&
	    st.bytes_allocated == m->allocated &&
	    st.bytes_stranded == stranded &&
	    st.bytes_free == (m->areas && !m->ro ? m->off : 0))
		return true;
	snprintf(msg, len,
		 "pool: %lu areas %lu pages %zu/%zu/%zu B allocated/free/stranded; expected %lu %lu %zu/%zu/%zu",
		 st.areas, st.pages, st.bytes_allocated, st.bytes_free,
		 st.bytes_stranded, m->areas, m->pages, m->allocated,
		 m->areas && !m->ro ? m->off : 0, stranded);
	return false;
}

struct st_obj {
	u8 *p;
	size_t n;
	u8 pat;
};

#define ST_LIFECYCLE_ROUNDS	3

static const size_t st_lifecycle_sizes[] = { 64, 200, 1000, 24, 3000, 8, 4000, 1 };

int pmb_st_pmalloc_bump_lifecycle(unsigned int method, char *msg, size_t len)
{
	const unsigned int per = ARRAY_SIZE(st_lifecycle_sizes);
	const unsigned int nr = ST_LIFECYCLE_ROUNDS * per;
	unsigned long base = pmalloc_bump_live_pages();
	struct pmalloc_bump_pool *pool;
	struct pmb_verify_report rep;
	struct st_model m;
	struct st_obj *o;
	unsigned int i;
	int ret = 0;

	o = kcalloc(nr, sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	st_model_init(&m, 0, 0);
	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	ST_BUMP_CHECK(pool, areas, 0);
	for (i = 0; i < nr; i++) {
		o[i].n = st_lifecycle_sizes[i % per];
		o[i].pat = i * 13;
		o[i].p = pmalloc_bump_alloc(pool, o[i].n);
		ST_CHECK(o[i].p, "alloc %u (%zu B) failed", i, o[i].n);
		ST_CHECK(st_model_alloc(&m, o[i].p, o[i].n),
			 "object %u (%zu B) at %px: not where the design puts it",
			 i, o[i].n, o[i].p);
		st_fill(o[i].p, o[i].n, o[i].pat);
	}
	ST_CHECK_MODEL(pool, &m, "");
	ST_BUMP_CHECK(pool, objects, nr);
	ST_CHECK(!st_verify(pool, method, 0, &rep), "before protect: %s", rep.msg);
	for (i = 0; i < nr; i++)
		ST_CHECK(st_intact(o[i].p, o[i].n, o[i].pat),
			 "object %u overwritten by a later one", i);
	ST_CHECK(!pmalloc_bump_protect(pool), "protect failed");
	st_model_protect(&m);
	ST_CHECK_MODEL(pool, &m, "after protect: ");
	ST_CHECK(!st_verify(pool, method, ~0UL, &rep), "verify: %s", rep.msg);
	for (i = 0; i < nr; i++) {
		ST_CHECK(st_intact(o[i].p, o[i].n, o[i].pat),
			 "object %u changed by protect", i);
		ST_CHECK(pmb_fault_drill(o[i].p + o[i].n - 1) == 1,
			 "a write to the last byte of object %u did not fault", i);
	}
	pmalloc_bump_destroy(pool);
	pool = NULL;
	ST_CHECK(pmalloc_bump_live_pages() == base,
		 "live pages %lu after destroy, expected %lu",
		 pmalloc_bump_live_pages(), base);
	snprintf(msg, len,
		 "%u objects of 1-4000 B placed as designed in %lu areas; all read-only, every write faulted, content kept; alias %s; pages returned",
		 nr, m.areas, st_alias_word(method));
out:
	pmalloc_bump_destroy(pool);
	kfree(o);
	return ret;
}

#define ST_GROW_FIRST	16	/* 64-B objects before the first protect */
#define ST_GROW_SECOND	100	/* ... and after it */
#define ST_GROW_SIZE	64

/* The objects a[0..n) hold their content, and a write to each faults or not. */
static int st_objs_check(u8 **a, unsigned int n, u8 pat, int drill,
			 char *msg, size_t len)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		ST_CHECK(st_intact(a[i], ST_GROW_SIZE, pat + i),
			 "object %u (pat %u) changed", i, pat);
		ST_CHECK(pmb_fault_drill(a[i] + i % ST_GROW_SIZE) == drill,
			 "object %u (pat %u): a write %s", i, pat,
			 drill ? "went through" : "faulted");
	}
out:
	return ret;
}

/*
 * Growth after protect: the pool keeps protected and writable areas side
 * by side.  One area of 16 objects, protected; 100 more objects take two
 * fresh areas (64 + 36) that are writable while the first stays
 * read-only; protect again covers only the two new areas (cpa: two flush
 * rounds; pte: one) and then all three are read-only; one more object
 * opens a fourth area.
 */
int pmb_st_pmalloc_bump_grow_after_protect(unsigned int method, char *msg,
					   size_t len)
{
	const unsigned long per = PAGE_SIZE / ST_GROW_SIZE;
	u8 *a[ST_GROW_FIRST], *b[ST_GROW_SECOND], *c = NULL;
	struct pmalloc_bump_pool *pool;
	struct pmb_verify_report rep;
	struct pmalloc_bump_stats st;
	unsigned long want;
	unsigned int i;
	int ret = 0;

	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	for (i = 0; i < ST_GROW_FIRST; i++) {
		a[i] = pmalloc_bump_alloc(pool, ST_GROW_SIZE);
		ST_CHECK(a[i], "first alloc %u failed", i);
		st_fill(a[i], ST_GROW_SIZE, 1 + i);
	}
	/* The first protect prepared (checked untimed, as a job does). */
	ST_CHECK(!pmalloc_bump_prepare_flip(pool), "prepare failed");
	ST_CHECK(!pmalloc_bump_protect(pool), "first protect failed");
	ST_BUMP_CHECK(pool, tlb_flushes, 1);
	ST_BUMP_CHECK(pool, areas_ro, 1);
	/* Growth after a prepare voids it: the second protect checks. */
	ST_CHECK(!pmalloc_bump_prepare_flip(pool), "second prepare failed");
	for (i = 0; i < ST_GROW_SECOND; i++) {
		b[i] = pmalloc_bump_alloc(pool, ST_GROW_SIZE);
		ST_CHECK(b[i], "alloc %u after protect failed", i);
		ST_CHECK(PAGE_ALIGN((unsigned long)a[0]) !=
			 PAGE_ALIGN((unsigned long)b[i]),
			 "object %u placed in the protected area", i);
		st_fill(b[i], ST_GROW_SIZE, 101 + i);
	}
	pmalloc_bump_stats(pool, &st);
	ST_CHECK(st.areas == 3 && st.areas_ro == 1 && st.pages == 3,
		 "after growth: %lu areas, %lu read-only, %lu pages; expected 3, 1, 3",
		 st.areas, st.areas_ro, st.pages);
	ST_CHECK(st.bytes_stranded == PAGE_SIZE - ST_GROW_FIRST * ST_GROW_SIZE,
		 "stranded %zu B: the protected area's rest", st.bytes_stranded);
	ST_CHECK(!st_verify(pool, method, 1, &rep),
		 "mixed pool: old area read-only, new ones writable: %s", rep.msg);
	ret = st_objs_check(a, ST_GROW_FIRST, 1, 1, msg, len);
	if (ret)
		goto out;
	ret = st_objs_check(b, ST_GROW_SECOND, 101, 0, msg, len);
	if (ret)
		goto out;
	ST_CHECK(!pmalloc_bump_protect(pool), "second protect failed");
	want = method == PMB_PROT_PTE ? 2 : 3;
	ST_BUMP_CHECK(pool, tlb_flushes, want);
	ST_CHECK(!st_verify(pool, method, ~0UL, &rep), "after the second protect: %s",
		 rep.msg);
	ret = st_objs_check(b, ST_GROW_SECOND, 101, 1, msg, len);
	if (ret)
		goto out;
	ret = st_objs_check(a, ST_GROW_FIRST, 1, 1, msg, len);
	if (ret)
		goto out;
	ST_CHECK(!pmalloc_bump_protect(pool), "third protect failed");
	ST_BUMP_CHECK(pool, tlb_flushes, want);	/* nothing left to protect */
	c = pmalloc_bump_alloc(pool, ST_GROW_SIZE);
	ST_CHECK(c && pmb_fault_drill(c) == 0, "the object after it is not writable");
	ST_BUMP_CHECK(pool, areas, 4);
	ST_BUMP_CHECK(pool, bytes_stranded,
		      2 * PAGE_SIZE - (ST_GROW_FIRST + ST_GROW_SECOND - per) *
		      ST_GROW_SIZE);
	snprintf(msg, len,
		 "%s: %u objects, protect, %u more in 2 fresh writable areas beside the read-only one; protect again: 3 read-only, %lu flush rounds in all",
		 pmb_protect_method_name(method), ST_GROW_FIRST, ST_GROW_SECOND,
		 want);
out:
	pmalloc_bump_destroy(pool);
	return ret;
}

/*
 * A request larger than the refill gets an area of its own size, rounded
 * to pages, which then serves what comes after it; one of exactly the
 * refill gets an ordinary area.
 */
int pmb_st_pmalloc_bump_big_alloc(unsigned int method, char *msg, size_t len)
{
	const size_t big_len = 5 * PAGE_SIZE + 1;
	struct pmalloc_bump_pool *pool, *pool3 = NULL;
	struct pmb_verify_report rep;
	u8 *small, *big, *tail;
	struct st_model m;
	int ret = 0;

	st_model_init(&m, 0, 0);
	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	small = pmalloc_bump_alloc(pool, 64);
	ST_CHECK(small && st_model_alloc(&m, small, 64), "small object");
	big = pmalloc_bump_alloc(pool, big_len);
	ST_CHECK(big && st_model_alloc(&m, big, big_len),
		 "big object not at the top of an area of its own");
	ST_BUMP_CHECK(pool, areas, 2);
	ST_BUMP_CHECK(pool, pages, 7);
	ST_BUMP_CHECK(pool, bytes_stranded, PAGE_SIZE - 64);
	st_fill(big, big_len, 3);
	ST_CHECK(pmalloc_bump_check_object(big, big_len, NULL) ==
		 PMALLOC_BUMP_SPAN_OK, "the big object is not one span");
	tail = pmalloc_bump_alloc(pool, 64);
	ST_CHECK(tail == big - 64 && st_model_alloc(&m, tail, 64),
		 "64 bytes not placed right below the big object");
	ST_CHECK_MODEL(pool, &m, "");
	ST_CHECK(!pmalloc_bump_protect(pool), "protect failed");
	st_model_protect(&m);
	ST_CHECK(!st_verify(pool, method, ~0UL, &rep), "verify: %s", rep.msg);
	ST_CHECK(st_intact(big, big_len, 3), "big object changed");
	ST_CHECK(pmb_fault_drill(big + big_len - 1) == 1 &&
		 pmb_fault_drill(big + 3 * PAGE_SIZE) == 1,
		 "a write into the big object went through");

	/* Refill of 3 pages: a request of exactly 3 pages is not "larger". */
	st_model_init(&m, 3 * PAGE_SIZE, 0);
	pool3 = pmalloc_bump_create(3 * PAGE_SIZE, 0, method);
	ST_CHECK(pool3, "create with refill 3 pages failed");
	small = pmalloc_bump_alloc(pool3, 64);
	ST_CHECK(small && st_model_alloc(&m, small, 64), "refill 3: small");
	ST_BUMP_CHECK(pool3, pages, 3);
	big = pmalloc_bump_alloc(pool3, 3 * PAGE_SIZE);
	ST_CHECK(big && st_model_alloc(&m, big, 3 * PAGE_SIZE), "refill 3: 3 pages");
	ST_BUMP_CHECK(pool3, pages, 6);
	big = pmalloc_bump_alloc(pool3, 3 * PAGE_SIZE + 1);
	ST_CHECK(big && st_model_alloc(&m, big, 3 * PAGE_SIZE + 1),
		 "refill 3: 3 pages + 1");
	ST_CHECK_MODEL(pool3, &m, "refill 3: ");
	ST_BUMP_CHECK(pool3, pages, 10);
	snprintf(msg, len,
		 "%zu B in a 6-page area of its own, its rest reused, 7 pages read-only; refill 3 pages: 3 + 3 + 4 pages",
		 big_len);
out:
	pmalloc_bump_destroy(pool3);
	pmalloc_bump_destroy(pool);
	return ret;
}

static const size_t st_align_sizes[] = { 1, 3, 13, 100, 65, 7, 4000, 64, 2 };

/* Every alignment from 1 byte to a page: each object aligned, packed as designed. */
int pmb_st_pmalloc_bump_align(unsigned int method, char *msg, size_t len)
{
	static const size_t aligns[] = { 0, 1, 2, 16, 64, 256, PAGE_SIZE };
	struct pmalloc_bump_pool *pool = NULL;
	struct st_model m;
	unsigned int a, i, r;
	size_t align;
	u8 *p;
	int ret = 0;

	for (a = 0; a < ARRAY_SIZE(aligns); a++) {
		align = aligns[a] ? aligns[a] : ST_MINALIGN;
		st_model_init(&m, 0, aligns[a]);
		pool = pmalloc_bump_create(0, aligns[a], method);
		ST_CHECK(pool, "create with align %zu failed", aligns[a]);
		for (r = 0; r < 3; r++) {
			for (i = 0; i < ARRAY_SIZE(st_align_sizes); i++) {
				p = pmalloc_bump_alloc(pool, st_align_sizes[i]);
				ST_CHECK(p, "align %zu: alloc %zu failed", align,
					 st_align_sizes[i]);
				ST_CHECK(IS_ALIGNED((unsigned long)p, align),
					 "align %zu: %zu B at %px", align,
					 st_align_sizes[i], p);
				ST_CHECK(st_model_alloc(&m, p, st_align_sizes[i]),
					 "align %zu: %zu B at %px, not where the design puts it",
					 align, st_align_sizes[i], p);
				memset(p, 0xa5, st_align_sizes[i]);
			}
		}
		ST_CHECK_MODEL(pool, &m, "align %zu: ", align);
		pmalloc_bump_destroy(pool);
		pool = NULL;
	}
	snprintf(msg, len,
		 "alignments 1 B to a page (default %u): every object aligned and placed as designed",
		 (unsigned int)ST_MINALIGN);
out:
	pmalloc_bump_destroy(pool);
	return ret;
}

#define ST_FILL_N	1024
#define ST_FILL_SIZE	64

/*
 * ST_FILL_N objects of ST_FILL_SIZE bytes, each right below the one
 * before it; a fresh area exactly when the newest is full, never before.
 */
static int st_fill_64(unsigned int method, unsigned int refill_pages,
		      char *msg, size_t len)
{
	const unsigned long per_area = refill_pages * PAGE_SIZE / ST_FILL_SIZE;
	struct pmalloc_bump_pool *pool;
	u8 *p, *prev = NULL;
	unsigned int n;
	int ret = 0;

	pool = pmalloc_bump_create(refill_pages * PAGE_SIZE, 0, method);
	ST_CHECK(pool, "create failed");
	for (n = 0; n < ST_FILL_N; n++) {
		p = pmalloc_bump_alloc(pool, ST_FILL_SIZE);
		ST_CHECK(p, "alloc %u failed", n);
		ST_BUMP_CHECK(pool, areas, n / per_area + 1);
		if (n % per_area)
			ST_CHECK(p == prev - ST_FILL_SIZE,
				 "refill %u: object %u not right below object %u",
				 refill_pages, n, n - 1);
		else
			ST_CHECK(PAGE_ALIGNED(p + ST_FILL_SIZE),
				 "refill %u: object %u not at the top of a fresh area",
				 refill_pages, n);
		prev = p;
	}
	ST_BUMP_CHECK(pool, pages, ST_FILL_N * ST_FILL_SIZE / PAGE_SIZE);
	ST_BUMP_CHECK(pool, bytes_allocated, ST_FILL_N * ST_FILL_SIZE);
	ST_BUMP_CHECK(pool, bytes_free, 0);
	ST_BUMP_CHECK(pool, bytes_stranded, 0);
out:
	pmalloc_bump_destroy(pool);
	return ret;
}

/*
 * What the 64-byte allocation speed depends on, as behaviour (its speed
 * is the benchmark's to measure): objects packed back to back, one area
 * per refill, opened only when the newest is full.
 */
int pmb_st_pmalloc_bump_fill_64(unsigned int method, char *msg, size_t len)
{
	int ret;

	ret = st_fill_64(method, 1, msg, len);
	if (!ret)
		ret = st_fill_64(method, 16, msg, len);
	if (!ret)
		snprintf(msg, len,
			 "%u x %u B back to back, downwards: refill 1 page: %u areas, 16 pages: 1; each opened when the last was full",
			 ST_FILL_N, ST_FILL_SIZE,
			 (unsigned int)(ST_FILL_N * ST_FILL_SIZE / PAGE_SIZE));
	return ret;
}

#define ST_DRILL_N	40
#define ST_DRILL_SIZE	300

/* A write to any byte of a protected object faults and changes nothing. */
int pmb_st_pmalloc_bump_fault_drill(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_bump_pool *pool;
	u8 *o[ST_DRILL_N], *n = NULL;
	unsigned int i;
	bool ro = false;
	int ret = 0;

	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	for (i = 0; i < ST_DRILL_N; i++) {
		o[i] = pmalloc_bump_alloc(pool, ST_DRILL_SIZE);
		ST_CHECK(o[i], "alloc %u failed", i);
		st_fill(o[i], ST_DRILL_SIZE, i);
		ST_CHECK(pmb_fault_drill(o[i] + i) == 0,
			 "object %u not writable before protect", i);
	}
	ST_BUMP_CHECK(pool, areas, 4);	/* 13 objects of 304 B per page */
	ST_CHECK(!pmalloc_bump_protect(pool), "protect failed");
	for (i = 0; i < ST_DRILL_N; i++) {
		ST_CHECK(pmb_fault_drill(o[i]) == 1 &&
			 pmb_fault_drill(o[i] + ST_DRILL_SIZE / 2) == 1 &&
			 pmb_fault_drill(o[i] + ST_DRILL_SIZE - 1) == 1,
			 "a write into object %u did not fault", i);
		ST_CHECK(st_intact(o[i], ST_DRILL_SIZE, i),
			 "object %u changed by the drill", i);
		ST_CHECK(pmalloc_bump_check_object(o[i], ST_DRILL_SIZE, &ro) ==
			 PMALLOC_BUMP_SPAN_OK && ro,
			 "object %u: not a read-only span", i);
	}
	n = pmalloc_bump_alloc(pool, ST_DRILL_SIZE);
	ST_CHECK(n && pmb_fault_drill(n) == 0 &&
		 pmb_fault_drill(n + ST_DRILL_SIZE - 1) == 0,
		 "the object allocated after protect is not writable");
	ST_CHECK(pmalloc_bump_check_object(n, ST_DRILL_SIZE, &ro) ==
		 PMALLOC_BUMP_SPAN_OK && !ro,
		 "the object allocated after protect: not a writable span");
	snprintf(msg, len,
		 "%u objects of %u B in 4 areas: writes to the first, middle and last byte of each faulted, nothing changed; a new object writable",
		 ST_DRILL_N, ST_DRILL_SIZE);
out:
	pmalloc_bump_destroy(pool);
	return ret;
}

/*
 * The lookup for usercopy checks: with no metadata per object, what it
 * can tell is whether a span lies in the allocated part of one area (from
 * its lowest object to its top), in its free part, or in no pool at all.
 */
int pmb_st_pmalloc_bump_check_object(unsigned int method, char *msg,
				     size_t len)
{
	struct pmalloc_bump_pool *pa, *pb = NULL;
	u8 *a1, *a2, *a3, *b1, *k = NULL, *v = NULL;
	bool ro = true;
	int ret = 0;

#define ST_SPAN(p, n, want)						\
	ST_CHECK(pmalloc_bump_check_object(p, n, NULL) == (want),	\
		 "check_object(" #p ", " #n ") is not " #want)

	pa = pmalloc_bump_create(0, 8, method);
	pb = pmalloc_bump_create(0, 64, method);
	k = kmalloc(64, GFP_KERNEL);
	v = vmalloc(PAGE_SIZE);
	ST_CHECK(pa && pb && k && v, "setup failed");
	a1 = pmalloc_bump_alloc(pa, 40);
	a2 = pmalloc_bump_alloc(pa, 100);
	b1 = pmalloc_bump_alloc(pb, 10);
	ST_CHECK(a1 && a2 == a1 - 104 && b1, "alloc failed or misplaced");
	ST_CHECK(pmalloc_bump_check_object(a1, 40, &ro) ==
		 PMALLOC_BUMP_SPAN_OK && !ro, "a1: a writable span");
	ST_SPAN(a1 + 39, 1, PMALLOC_BUMP_SPAN_OK);
	ST_SPAN(a1, 41, PMALLOC_BUMP_SPAN_BAD);		/* past the area */
	ST_SPAN(a1 + 40, 1, PMALLOC_BUMP_NOT_POOL);	/* the guard page */
	ST_SPAN(a2, 144, PMALLOC_BUMP_SPAN_OK);		/* a2 and a1 */
	ST_SPAN(a2, 0, PMALLOC_BUMP_SPAN_OK);
	ST_SPAN(a2 - 1, 1, PMALLOC_BUMP_SPAN_BAD);	/* free part */
	ST_SPAN(a2 - 8, 16, PMALLOC_BUMP_SPAN_BAD);
	ST_SPAN(b1, 64, PMALLOC_BUMP_SPAN_OK);
	ST_SPAN(b1, 65, PMALLOC_BUMP_SPAN_BAD);
	ST_SPAN(b1 - 1, 1, PMALLOC_BUMP_SPAN_BAD);
	ST_SPAN(k, 8, PMALLOC_BUMP_NOT_POOL);		/* kmalloc */
	ST_SPAN(v, 8, PMALLOC_BUMP_NOT_POOL);		/* plain vmalloc */
	ST_SPAN((u8 *)&ro, 1, PMALLOC_BUMP_NOT_POOL);	/* stack */
	ST_SPAN(NULL, 1, PMALLOC_BUMP_NOT_POOL);
	ST_SPAN((u8 *)ZERO_SIZE_PTR, 1, PMALLOC_BUMP_NOT_POOL);
	ST_CHECK(!pmalloc_bump_protect(pa), "protect failed");
	ST_CHECK(pmalloc_bump_check_object(a2, 144, &ro) ==
		 PMALLOC_BUMP_SPAN_OK && ro, "a2 after protect: a read-only span");
	a3 = pmalloc_bump_alloc(pa, 16);
	ST_CHECK(a3 && pmalloc_bump_check_object(a3, 16, &ro) ==
		 PMALLOC_BUMP_SPAN_OK && !ro, "a3, in a fresh area: writable span");
	/* The first area is no longer the newest: its extent is kept. */
	ST_SPAN(a2, 144, PMALLOC_BUMP_SPAN_OK);
	ST_SPAN(a2 - 1, 1, PMALLOC_BUMP_SPAN_BAD);
	ST_SPAN(a3 - 1, 1, PMALLOC_BUMP_SPAN_BAD);
	pmalloc_bump_destroy(pb);
	pb = NULL;
	ST_SPAN(b1, 1, PMALLOC_BUMP_NOT_POOL);		/* pool gone */
	snprintf(msg, len,
		 "spans in use, past the top, in the free part, kmalloc/vmalloc/stack, read-only or not, destroyed pool: all right");
#undef ST_SPAN
out:
	vfree(v);
	kfree(k);
	pmalloc_bump_destroy(pb);
	pmalloc_bump_destroy(pa);
	return ret;
}

#define ST_CYCLES	3

/*
 * The benchmark hook: every area writable again, and allocation resumes
 * in the newest area.  Each flip is one flush round with pte, one per
 * area with cpa.
 */
int pmb_st_pmalloc_bump_unprotect(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_bump_pool *pool;
	struct pmb_verify_report rep;
	unsigned long want;
	u8 *a, *b, *c, *d;
	unsigned int i;
	int ret = 0;

	want = method == PMB_PROT_PTE ? 1 : 3;
	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	a = pmalloc_bump_alloc(pool, PAGE_SIZE);
	b = pmalloc_bump_alloc(pool, PAGE_SIZE);
	c = pmalloc_bump_alloc(pool, 64);
	ST_CHECK(a && b && c, "alloc failed");
	ST_BUMP_CHECK(pool, areas, 3);
	st_fill(c, 64, 9);
	for (i = 0; i < ST_CYCLES; i++) {
		ST_CHECK(!pmalloc_bump_protect(pool), "protect %u failed", i);
		ST_BUMP_CHECK(pool, tlb_flushes, (2 * i + 1) * want);
		ST_CHECK(!st_verify(pool, method, ~0UL, &rep), "verify %u: %s",
			 i, rep.msg);
		ST_CHECK(pmb_fault_drill(c) == 1, "cycle %u: c writable", i);
		ST_CHECK(!pmalloc_bump_unprotect(pool), "unprotect %u failed", i);
		ST_BUMP_CHECK(pool, tlb_flushes, (2 * i + 2) * want);
		ST_BUMP_CHECK(pool, areas_ro, 0);
		ST_CHECK(!st_verify(pool, method, 0, &rep), "unprotect verify %u: %s",
			 i, rep.msg);
		ST_CHECK(pmb_fault_drill(a) == 0 && pmb_fault_drill(c) == 0,
			 "cycle %u: still read-only after unprotect", i);
	}
	ST_CHECK(!pmalloc_bump_unprotect(pool), "unprotect of a writable pool");
	ST_BUMP_CHECK(pool, tlb_flushes, 2 * ST_CYCLES * want);
	d = pmalloc_bump_alloc(pool, 64);
	ST_CHECK(d == c - 64, "allocation did not resume in the newest area");
	ST_BUMP_CHECK(pool, areas, 3);
	st_fill(d, 64, 10);
	ST_CHECK(!pmalloc_bump_protect(pool), "last protect failed");
	ST_CHECK(!st_verify(pool, method, ~0UL, &rep), "last verify: %s", rep.msg);
	ST_CHECK(st_intact(c, 64, 9) && st_intact(d, 64, 10), "content changed");
	snprintf(msg, len,
		 "%s, %u cycles over 3 areas: %lu flush round(s) per flip, all writable after each unprotect; allocation resumed in the newest area",
		 pmb_protect_method_name(method), ST_CYCLES, want);
out:
	pmalloc_bump_destroy(pool);
	return ret;
}

/*
 * A destroyed pool: its pages are returned and every call on it fails.
 * The test holds a second reference, so the dead pool stays readable
 * until it lets go: no use after free.
 */
int pmb_st_pmalloc_bump_after_destroy(unsigned int method, char *msg,
				      size_t len)
{
	unsigned long base = pmalloc_bump_live_pages();
	struct pmalloc_bump_pool *pool;
	struct pmb_verify_report rep;
	bool destroyed = false, held = false;
	u8 *p;
	int ret = 0;

	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	pmalloc_bump_get(pool);
	held = true;
	p = pmalloc_bump_alloc(pool, 64);
	ST_CHECK(p && pmalloc_bump_alloc(pool, 2 * PAGE_SIZE), "alloc failed");
	ST_CHECK(!pmalloc_bump_protect(pool), "protect failed");
	ST_CHECK(pmalloc_bump_live_pages() == base + 3, "live pages %lu, expected %lu",
		 pmalloc_bump_live_pages(), base + 3);
	/* A prepared destroy: its flip back skips the checks done here. */
	ST_CHECK(!pmalloc_bump_prepare_flip(pool), "prepare failed");
	pmalloc_bump_destroy(pool);
	destroyed = true;
	ST_BUMP_CHECK(pool, dead, 1);
	ST_BUMP_CHECK(pool, areas, 0);
	ST_BUMP_CHECK(pool, pages, 0);
	ST_BUMP_CHECK(pool, objects, 0);
	ST_CHECK(pmalloc_bump_live_pages() == base,
		 "live pages %lu after destroy, expected %lu",
		 pmalloc_bump_live_pages(), base);
	ST_CHECK(!pmalloc_bump_alloc(pool, 64), "a destroyed pool allocated");
	ST_CHECK(!pmalloc_bump_alloc(pool, 0), "a destroyed pool gave ZERO_SIZE_PTR");
	ST_CHECK(pmalloc_bump_protect(pool) == -EINVAL, "protect of a destroyed pool");
	ST_CHECK(pmalloc_bump_unprotect(pool) == -EINVAL,
		 "unprotect of a destroyed pool");
	ST_CHECK(pmalloc_bump_prepare_flip(pool) == -EINVAL,
		 "prepare of a destroyed pool");
	ST_CHECK(pmalloc_bump_verify(pool, &rep) == -EINVAL,
		 "verify of a destroyed pool");
	ST_CHECK(pmalloc_bump_check_object(p, 1, NULL) == PMALLOC_BUMP_NOT_POOL,
		 "an object of a destroyed pool found");
	/* A second destroy does nothing, and does not take our reference. */
	pmalloc_bump_destroy(pool);
	ST_BUMP_CHECK(pool, dead, 1);
	snprintf(msg, len,
		 "prepared destroy returned 3 pages; alloc NULL, protect/unprotect/prepare/verify -EINVAL, lookup none on the dead pool; second destroy harmless");
out:
	if (!destroyed)
		pmalloc_bump_destroy(pool);
	if (held)
		pmalloc_bump_put(pool);
	return ret;
}

int pmb_st_pmalloc_bump_bad_args(unsigned int method, char *msg, size_t len)
{
	struct pmalloc_bump_pool *pool = NULL;
	struct pmb_verify_report rep;
	struct pmalloc_bump_stats st;
	int ret = 0;

	ST_CHECK(!pmalloc_bump_create(0, 3, method), "align 3 accepted");
	ST_CHECK(!pmalloc_bump_create(0, 24, method), "align 24 accepted");
	ST_CHECK(!pmalloc_bump_create(0, 2 * PAGE_SIZE, method),
		 "align 2 pages accepted");
	ST_CHECK(!pmalloc_bump_create(0, 0, PMB_NR_PROTECT_METHODS),
		 "unknown method accepted");
	ST_CHECK(!pmalloc_bump_create(PMALLOC_BUMP_SIZE_MAX + 1, 0, method),
		 "refill above the maximum accepted");
	ST_CHECK(!pmalloc_bump_alloc(NULL, 8), "NULL pool allocated");
	ST_CHECK(pmalloc_bump_protect(NULL) == -EINVAL, "protect(NULL)");
	ST_CHECK(pmalloc_bump_unprotect(NULL) == -EINVAL, "unprotect(NULL)");
	ST_CHECK(pmalloc_bump_prepare_flip(NULL) == -EINVAL, "prepare(NULL)");
	ST_CHECK(pmalloc_bump_verify(NULL, &rep) == -EINVAL, "verify(NULL)");
	pmalloc_bump_destroy(NULL);
	pmalloc_bump_get(NULL);
	pmalloc_bump_put(NULL);
	pmalloc_bump_stats(NULL, &st);
	ST_CHECK(!st.areas && !st.objects && !st.dead, "stats(NULL) not zero");

	pool = pmalloc_bump_create(0, 0, method);
	ST_CHECK(pool, "create failed");
	ST_CHECK(!pmalloc_bump_alloc(pool, PMALLOC_BUMP_SIZE_MAX + 1),
		 "size above the maximum");
	ST_CHECK(!pmalloc_bump_alloc(pool, SIZE_MAX), "size SIZE_MAX");
	ST_CHECK(pmalloc_bump_alloc(pool, 0) == ZERO_SIZE_PTR, "size 0");
	ST_BUMP_CHECK(pool, areas, 0);
	ST_BUMP_CHECK(pool, objects, 0);
	/* Nothing to protect: no flush round. */
	ST_CHECK(!pmalloc_bump_protect(pool) && !pmalloc_bump_unprotect(pool),
		 "flip of an empty pool");
	ST_BUMP_CHECK(pool, tlb_flushes, 0);
	ST_CHECK(!pmalloc_bump_verify(pool, &rep) && !rep.pages_checked,
		 "verify of an empty pool: %s", rep.msg);
	snprintf(msg, len,
		 "bad alignments, method and refill refused; NULL pool calls fail quietly; oversized and empty requests take nothing");
out:
	pmalloc_bump_destroy(pool);
	return ret;
}
