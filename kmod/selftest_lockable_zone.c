// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the lockable zone (lockable_zone.c).
 *
 * lockable_zone_classes: sizes map to kmalloc's powers of two (1 and 8 to
 *   8 B, 9 to 16 B, 4096 to 4 KiB; 0 and 4097 refused); a class's objects
 *   are consecutive in one 2 MiB-aligned direct-map block, aligned to the
 *   class; 512 objects of 4 KiB fill one block exactly and the 513th
 *   opens a second; another class opens a block of its own; the figures
 *   count whole blocks.
 * lockable_zone_free_list: a freed object is the next one handed out
 *   (LIFO), a pointer that is no object of the zone is refused (-EINVAL),
 *   and nothing is freed into a locked zone (-EPERM).
 * lockable_zone_lock: under cpa, one set_memory_ro() per block: every
 *   page of every block is read-only in the direct map, a write into an
 *   object faults and changes nothing, nothing more is allocated, and
 *   unlock makes it all writable again; the pages on 2 MiB (or 1 GiB)
 *   mappings before the lock are as many after it (CPA changed each
 *   block's PMD in place, nothing split), and the message says how many.  Under pte the lock is refused (-EINVAL) and
 *   the zone stays writable.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "lockable_zone.h"
#include "protect.h"
#include "selftest_lockable_zone.h"

#define ST_FAIL(fmt, ...)						\
	do {								\
		snprintf(msg, len, fmt, ##__VA_ARGS__);			\
		ret = -EIO;						\
		goto out;						\
	} while (0)
#define ST_CHECK(cond, fmt, ...)					\
	do {								\
		if (!(cond))						\
			ST_FAIL(fmt, ##__VA_ARGS__);			\
	} while (0)

static unsigned long st_block_of(const void *p)
{
	return ALIGN_DOWN((unsigned long)p, LOCKABLE_ZONE_BLOCK_SIZE);
}

int pmb_st_lockable_zone_classes(unsigned int method, char *msg, size_t len)
{
	unsigned long unlocked;
	static const struct { size_t size, class; } map[] = {
		{ 1, 8 }, { 8, 8 }, { 9, 16 }, { 64, 64 }, { 65, 128 },
		{ 2049, 4096 }, { 4096, 4096 }, { 0, 0 }, { 4097, 0 },
	};
	struct lockable_zone_stats st;
	struct lockable_zone *z;
	void *first, *p, *q = NULL;
	unsigned long i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (lockable_zone_class_size(map[i].size) != map[i].class) {
			snprintf(msg, len, "size %zu: class %zu, want %zu", map[i].size,
				 lockable_zone_class_size(map[i].size), map[i].class);
			return -EIO;
		}
	}
	z = lockable_zone_create(method);
	if (!z)
		return -ENOMEM;
	ST_CHECK(!lockable_zone_alloc(z, 0) && !lockable_zone_alloc(z, 4097),
		 "size 0 or 4097 allocated");
	first = lockable_zone_alloc(z, 4096);
	if (!first) {
		ret = -ENOMEM;
		goto out;
	}
	ST_CHECK(virt_addr_valid(first) && st_block_of(first) == (unsigned long)first,
		 "the first 4 KiB object %p is not the start of a direct-map block", first);
	for (i = 1, p = first; i < LOCKABLE_ZONE_BLOCK_PAGES; i++) {
		q = lockable_zone_alloc(z, 4096);
		if (!q) {
			ret = -ENOMEM;
			goto out;
		}
		ST_CHECK(q == p + 4096, "4 KiB object %lu at %p, the one before at %p",
			 i, q, p);
		p = q;
	}
	lockable_zone_stats(z, &st);
	ST_CHECK(st.blocks == 1 && st.pages == LOCKABLE_ZONE_BLOCK_PAGES,
		 "512 x 4 KiB: %lu blocks, %lu pages", st.blocks, st.pages);
	q = lockable_zone_alloc(z, 3000);
	if (!q) {
		ret = -ENOMEM;
		goto out;
	}
	ST_CHECK(st_block_of(q) != st_block_of(first) && st_block_of(q) == (unsigned long)q,
		 "the 513th 4 KiB object %p did not open a block of its own", q);
	p = lockable_zone_alloc(z, 24);
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	ST_CHECK(IS_ALIGNED((unsigned long)p, 32) && st_block_of(p) == (unsigned long)p &&
		 st_block_of(p) != st_block_of(q) && st_block_of(p) != st_block_of(first),
		 "a 24 B object %p: not the start of a block of class 32", p);
	q = lockable_zone_alloc(z, 17);
	ST_CHECK(q == p + 32, "the next 32 B object at %p, want %p", q, p + 32);
	lockable_zone_stats(z, &st);
	ST_CHECK(st.blocks == 3 && st.pages == 3 * LOCKABLE_ZONE_BLOCK_PAGES &&
		 st.metadata_bytes > 0 && !st.locked,
		 "3 blocks expected: %lu blocks, %lu pages, %zu B metadata",
		 st.blocks, st.pages, st.metadata_bytes);
	snprintf(msg, len, "classes 8 B..4 KiB; 513 x 4 KiB + 2 x 32 B in 3 blocks of 2 MiB");
out:
	lockable_zone_destroy(z, &unlocked);
	return ret;
}

int pmb_st_lockable_zone_free_list(unsigned int method, char *msg, size_t len)
{
	unsigned long unlocked;
	struct lockable_zone *z;
	void *a, *b, *c;
	int ret = 0, e;

	z = lockable_zone_create(method);
	if (!z)
		return -ENOMEM;
	a = lockable_zone_alloc(z, 64);
	b = lockable_zone_alloc(z, 64);
	if (!a || !b) {
		ret = -ENOMEM;
		goto out;
	}
	ST_CHECK(!lockable_zone_free(z, a) && !lockable_zone_free(z, b),
		 "free of two objects refused");
	c = lockable_zone_alloc(z, 64);
	ST_CHECK(c == b, "after freeing %p then %p, got %p", a, b, c);
	c = lockable_zone_alloc(z, 64);
	ST_CHECK(c == a, "second from the free list: %p, want %p", c, a);
	c = lockable_zone_alloc(z, 64);
	ST_CHECK(c == b + 64, "the free list empty: %p, want the bump pointer %p",
		 c, b + 64);
	e = lockable_zone_free(z, a + 8);
	ST_CHECK(e == -EINVAL, "free of a misaligned pointer: %d", e);
	e = lockable_zone_free(z, msg);
	ST_CHECK(e == -EINVAL, "free of a stack pointer: %d", e);
	if (method == PMB_PROT_CPA && pmb_protect_method_available(method)) {
		ST_CHECK(lockable_zone_lock(z) == 1, "lock of one block");
		e = lockable_zone_free(z, a);
		ST_CHECK(e == -EPERM, "free into a locked zone: %d", e);
		ST_CHECK(lockable_zone_unlock(z) == 1, "unlock of one block");
	}
	snprintf(msg, len, "LIFO free list; bad pointers refused%s",
		 method == PMB_PROT_CPA ? ", and frees into a locked zone" : "");
out:
	lockable_zone_destroy(z, &unlocked);
	return ret;
}

int pmb_st_lockable_zone_lock(unsigned int method, char *msg, size_t len)
{
	unsigned long unlocked;
	struct pmb_verify_report rep;
	struct lockable_zone_stats st;
	struct lockable_zone *z;
	unsigned long huge;
	void *small, *big;
	int ret = 0, got = 0;

	z = lockable_zone_create(method);
	if (!z)
		return -ENOMEM;
	small = lockable_zone_alloc(z, 64);
	big = lockable_zone_alloc(z, 4096);
	if (!small || !big) {
		ret = -ENOMEM;
		goto out;
	}
	memset(small, 0x5a, 64);
	memset(big, 0xa5, 4096);
	/* How the blocks are mapped before the lock: the lock must keep it. */
	ST_CHECK(!lockable_zone_verify(z, false, &rep) &&
		 rep.pages_checked == 2 * LOCKABLE_ZONE_BLOCK_PAGES,
		 "before the lock: %lu pages checked: %s", rep.pages_checked, rep.msg);
	huge = rep.alias_huge;
	got = lockable_zone_lock(z);
	if (method != PMB_PROT_CPA || !pmb_protect_method_available(method)) {
		ST_CHECK(got == -EINVAL, "lock under %s: %d, want -EINVAL",
			 pmb_protect_method_name(method), got);
		ST_CHECK(pmb_fault_drill(small) == 0 && pmb_fault_drill(big) == 0,
			 "after a refused lock a write faulted");
		snprintf(msg, len, "%s refused, the zone stays writable",
			 pmb_protect_method_name(method));
		goto out;
	}
	ST_CHECK(got == 2, "lock: %d, want 2 blocks flipped", got);
	ST_CHECK(!lockable_zone_verify(z, true, &rep) &&
		 rep.pages_checked == 2 * LOCKABLE_ZONE_BLOCK_PAGES &&
		 rep.pages_ro == rep.pages_checked && rep.alias_ro == rep.pages_checked,
		 "locked: %lu/%lu pages read-only: %s", rep.pages_ro,
		 rep.pages_checked, rep.msg);
	/* A whole aligned 2 MiB block is changed in place: nothing split. */
	ST_CHECK(rep.alias_huge == huge,
		 "the lock split the direct map: %lu pages on 2M/1G mappings before, %lu after",
		 huge, rep.alias_huge);
	ST_CHECK(pmb_fault_drill(small) == 1 && pmb_fault_drill(big) == 1 &&
		 pmb_fault_drill(big + 4095) == 1,
		 "a write into a locked object did not fault");
	ST_CHECK(*(u8 *)small == 0x5a && *(u8 *)(big + 4095) == 0xa5,
		 "the objects changed under the lock");
	ST_CHECK(!lockable_zone_alloc(z, 64), "allocated from a locked zone");
	lockable_zone_stats(z, &st);
	ST_CHECK(st.locked && st.tlb_flushes == 2, "locked %d, %lu flush rounds, want 2",
		 st.locked, st.tlb_flushes);
	ST_CHECK(lockable_zone_lock(z) == 0, "a second lock flipped something");
	ST_CHECK(lockable_zone_unlock(z) == 2, "unlock of 2 blocks");
	ST_CHECK(!lockable_zone_verify(z, false, &rep) && rep.pages_ro == 0,
		 "unlocked: %lu pages still read-only: %s", rep.pages_ro, rep.msg);
	ST_CHECK(pmb_fault_drill(small) == 0 && pmb_fault_drill(big) == 0,
		 "a write into an unlocked object faulted");
	ST_CHECK(lockable_zone_lock(z) == 2, "lock again");
	/* destroy unlocks before it frees: never a read-only page freed */
	snprintf(msg, len, "2 blocks locked and unlocked, %lu of %lu pages on 2M/1G mappings before and after",
		 rep.alias_huge, rep.pages_checked);
out:
	lockable_zone_destroy(z, &unlocked);
	/* The zone was left locked: destroy made both blocks writable first. */
	if (!ret && got == 2 && unlocked != 2) {
		snprintf(msg, len, "destroy of the locked zone unlocked %lu blocks, want 2",
			 unlocked);
		ret = -EIO;
	}
	return ret;
}
