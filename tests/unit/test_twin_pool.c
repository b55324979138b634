// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace pool (userspace/twin/upm_pool.h) through the kernel
 * pmalloc's lifecycle: create, prealloc, allocate, free before protect,
 * protect, allocation refused (genalloc) or opening a fresh chunk (bump),
 * destroy.  A write to a protected pool must fault (checked in a child
 * process, which dies of SIGSEGV); a sealed pool must refuse mprotect()
 * and munmap() (skipped where the kernel has no mseal).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../userspace/twin/upm_pool.h"

#define PAGE	((size_t)sysconf(_SC_PAGESIZE))

/* Write one byte at @p in a child: the child's fate, as a wait() status. */
static int write_in_child(volatile char *p)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		/* No core file for the expected crash. */
		signal(SIGSEGV, SIG_DFL);
		*p = 0x5a;
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void assert_write_faults(void *p)
{
	int status = write_in_child(p);

	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
}

static void assert_write_works(void *p)
{
	int status = write_in_child(p);

	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_create_refuses_bad_arguments(void **state)
{
	errno = 0;
	assert_null(upm_create_pool(UPM_BUMP, 0, 3, 0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(upm_create_pool(UPM_BUMP, 0, 2 * PAGE, 0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(upm_create_pool((enum upm_kind)7, 0, 0, 0));
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_null(upm_create_pool(UPM_GENALLOC, 0, 0, 1u << 5));
	assert_int_equal(errno, EINVAL);
}

static void test_genalloc_lifecycle(void **state)
{
	struct upm_pool *pool = upm_create_pool(UPM_GENALLOC, 0, 16, 0);
	struct upm_stats st;
	char *a, *b, *c, *again;

	assert_non_null(pool);
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 0);
	assert_int_equal(upm_prealloc(pool, 3 * PAGE), 0);
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 1);
	assert_int_equal(st.chunk_bytes, 3 * PAGE);

	a = upm_alloc(pool, 64);
	b = upm_alloc(pool, 100);	/* 7 units of 16 */
	c = upm_alloc(pool, 64);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(upm_pool_contains(pool, a) && upm_pool_contains(pool, c));
	assert_false(upm_pool_contains(pool, &st));
	assert_int_equal((uintptr_t)a % 16, 0);
	assert_int_equal((uintptr_t)b % 16, 0);
	memset(a, 1, 64);
	memset(b, 2, 100);
	memset(c, 3, 64);
	upm_pool_stats(pool, &st);
	assert_int_equal(st.used_bytes, 64 + 112 + 64);
	assert_int_equal(st.chunks, 1);
	assert_true(st.metadata_bytes > 0);

	/* free before protect: the space is found again (first fit) */
	assert_int_equal(upm_free(pool, b), 0);
	assert_int_equal(upm_free(pool, b), -EINVAL);		/* twice */
	assert_int_equal(upm_free(pool, a + 16), -EINVAL);	/* not a start */
	assert_int_equal(upm_free(pool, &st), -EINVAL);		/* not the pool's */
	again = upm_alloc(pool, 96);
	assert_ptr_equal(again, b);
	assert_int_equal(a[63], 1);
	assert_int_equal(c[0], 3);

	assert_false(upm_pool_protected(pool));
	assert_int_equal(upm_protect_pool(pool, NULL), 0);
	assert_true(upm_pool_protected(pool));
	assert_int_equal(a[0], 1);		/* still readable */

	/* a protected genalloc pool neither allocates nor frees */
	errno = 0;
	assert_null(upm_alloc(pool, 16));
	assert_int_equal(errno, EPERM);
	assert_int_equal(upm_free(pool, a), -EPERM);
	assert_int_equal(upm_prealloc(pool, PAGE), -EPERM);
	assert_int_equal(upm_destroy_pool(pool), 0);
}

static void test_genalloc_grows_by_chunks(void **state)
{
	struct upm_pool *pool = upm_create_pool(UPM_GENALLOC, 0, 0, 0);
	struct upm_stats st;
	void *big;
	int i;

	assert_non_null(pool);
	for (i = 0; i < 3 * 64; i++)	/* 64 objects of 64 bytes fill a page */
		assert_non_null(upm_alloc(pool, 64));
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 3);
	big = upm_alloc(pool, 2 * PAGE + 1);	/* its own, larger chunk */
	assert_non_null(big);
	memset(big, 0, 2 * PAGE + 1);
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 4);
	assert_int_equal(st.chunk_bytes, 3 * PAGE + 3 * PAGE);
	assert_int_equal(upm_destroy_pool(pool), 0);
}

static void test_bump_lifecycle(void **state)
{
	struct upm_pool *pool = upm_create_pool(UPM_BUMP, 0, 64, 0);
	struct upm_stats st;
	size_t flips;
	char *a, *b, *c, *d;

	assert_non_null(pool);
	a = upm_alloc(pool, 64);
	b = upm_alloc(pool, 10);
	assert_non_null(a);
	assert_non_null(b);
	/* carved downwards from the top: offset = round_down(offset - size, align) */
	assert_int_equal((uintptr_t)(a + 64) % PAGE, 0);
	assert_ptr_equal(b, a - 64);
	assert_int_equal(upm_free(pool, a), -EOPNOTSUPP);
	strcpy(a, "kept");

	assert_int_equal(upm_protect_pool(pool, &flips), 0);
	assert_int_equal(flips, 1);
	assert_true(upm_pool_protected(pool));
	assert_write_faults(a);

	/* a protected bump pool grows: a fresh writable chunk */
	c = upm_alloc(pool, 64);
	assert_non_null(c);
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 2);
	assert_int_equal(st.protected_chunks, 1);
	assert_false(upm_pool_protected(pool));
	memset(c, 7, 64);
	d = upm_alloc(pool, 64);
	assert_ptr_equal(d, c - 64);
	/* protect again: only the new chunk is flipped */
	assert_int_equal(upm_protect_pool(pool, &flips), 0);
	assert_int_equal(flips, 1);
	assert_write_faults(c);
	assert_string_equal(a, "kept");

	assert_int_equal(upm_unprotect_pool(pool, &flips), 0);
	assert_int_equal(flips, 2);
	assert_write_works(a);
	a[0] = 'K';
	assert_int_equal(upm_destroy_pool(pool), 0);
}

static void test_bump_refill_and_large(void **state)
{
	struct upm_pool *pool = upm_create_pool(UPM_BUMP, 4 * PAGE, 0, 0);
	struct upm_stats st;
	char *big;
	int i;

	assert_non_null(pool);
	for (i = 0; i < 4 * 64; i++)	/* exactly one 4-page chunk */
		assert_non_null(upm_alloc(pool, 64));
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 1);
	assert_int_equal(st.used_bytes, 4 * PAGE);
	big = upm_alloc(pool, 5 * PAGE);
	assert_non_null(big);
	memset(big, 1, 5 * PAGE);
	upm_pool_stats(pool, &st);
	assert_int_equal(st.chunks, 2);
	assert_int_equal(st.chunk_bytes, 9 * PAGE);
	assert_int_equal(upm_destroy_pool(pool), 0);
}

static void test_protected_pool_faults(void **state)
{
	enum upm_kind kinds[] = { UPM_GENALLOC, UPM_BUMP };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct upm_pool *pool = upm_create_pool(kinds[i], 0, 0, 0);
		char *p = upm_alloc(pool, 64);

		assert_non_null(p);
		assert_write_works(p);
		p[0] = 'x';
		assert_int_equal(upm_protect_pool(pool, NULL), 0);
		assert_write_faults(p);
		assert_int_equal(p[0], 'x');
		assert_int_equal(upm_unprotect_pool(pool, NULL), 0);
		assert_write_works(p);
		assert_int_equal(upm_destroy_pool(pool), 0);
	}
}

static void chunk_mprotect_rw(void *start, size_t len, void *arg)
{
	int *err = arg;

	if (mprotect(start, len, PROT_READ | PROT_WRITE))
		*err = errno;
}

static void test_sealed_pool_refuses_mprotect(void **state)
{
	struct upm_pool *pool;
	size_t before;
	int err = 0;
	char *p;

	pool = upm_create_pool(UPM_BUMP, 0, 0, UPM_SEAL);
	assert_non_null(pool);
	p = upm_alloc(pool, 64);
	assert_non_null(p);
	strcpy(p, "sealed");
	assert_int_equal(upm_protect_pool(pool, NULL), 0);
	upm_for_each_chunk(pool, chunk_mprotect_rw, &err);
	assert_int_equal(err, EPERM);
	assert_int_equal(upm_unprotect_pool(pool, NULL), -EPERM);
	assert_write_faults(p);
	before = upm_sealed_leaked_bytes();
	/* munmap() of a sealed chunk fails: it stays, read-only, until exit */
	assert_int_equal(upm_destroy_pool(pool), -EPERM);
	assert_int_equal(upm_sealed_leaked_bytes() - before, PAGE);
	assert_string_equal(p, "sealed");
}

static void test_seal_probe_agrees(void **state)
{
	const char *why = NULL;
	struct upm_pool *pool;

	if (upm_seal_supported(&why)) {
		pool = upm_create_pool(UPM_GENALLOC, 0, 0, UPM_SEAL);
		assert_non_null(pool);
		assert_int_equal(upm_destroy_pool(pool), 0);	/* no chunk yet */
		return;
	}
	assert_non_null(why);
	errno = 0;
	assert_null(upm_create_pool(UPM_GENALLOC, 0, 0, UPM_SEAL));
	assert_int_equal(errno, ENOSYS);
}

int main(void)
{
	struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refuses_bad_arguments),
		cmocka_unit_test(test_genalloc_lifecycle),
		cmocka_unit_test(test_genalloc_grows_by_chunks),
		cmocka_unit_test(test_bump_lifecycle),
		cmocka_unit_test(test_bump_refill_and_large),
		cmocka_unit_test(test_protected_pool_faults),
		cmocka_unit_test(test_seal_probe_agrees),
		cmocka_unit_test(test_sealed_pool_refuses_mprotect),	/* last */
	};
	size_t n = sizeof(tests) / sizeof(tests[0]);
	const char *why = NULL;
	int ret;

	/*
	 * Without mseal the sealing test is skipped, kselftest-style, with the
	 * reason on its TAP line (cmocka's own skip() prints "not ok").
	 */
	if (upm_seal_supported(&why))
		return _cmocka_run_group_tests("twin_pool", tests, n, NULL, NULL);
	ret = _cmocka_run_group_tests("twin_pool", tests, n - 1, NULL, NULL);
	printf("ok %zu - test_sealed_pool_refuses_mprotect # SKIP %s\n", n, why);
	return ret;
}
