// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace pool (userspace/twin/upm_pool.h) through the kernel
 * pmalloc's lifecycle: create, prealloc, allocate, free before protect,
 * protect, allocation refused (genalloc) or opening a fresh chunk (bump),
 * destroy.  A write to a protected pool must fault (checked in a child
 * process, which dies of SIGSEGV); a sealed pool must refuse mprotect()
 * and munmap() (skipped where the kernel has no mseal).  Ported from the
 * module's pmalloc self-tests: objects packed back to back with refills only
 * when a chunk is full, one flip per chunk each way, and a thread writing
 * the pool on another CPU faulting once the pool is protected.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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
		upm_child_expects_fault();
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
	assert_false(WCOREDUMP(status));	/* no core file left behind */
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

/*
 * 64-byte objects packed back to back: genalloc upwards from a chunk's
 * start, bump downwards from its top; a refill only when the newest chunk
 * is full, none at all for a preallocated pool.
 */
static void test_fill_64(void **state)
{
	const size_t per = PAGE / 64, n = 3 * per;
	enum upm_kind kinds[] = { UPM_GENALLOC, UPM_BUMP };
	unsigned int k, pre;
	struct upm_stats st;
	char *prev, *p;
	size_t i;

	for (k = 0; k < 2; k++)
		for (pre = 0; pre < 2; pre++) {
			struct upm_pool *pool = upm_create_pool(kinds[k], 0, 64, 0);

			assert_non_null(pool);
			if (pre)
				assert_int_equal(upm_prealloc(pool, n * 64), 0);
			prev = NULL;
			for (i = 0; i < n; i++) {
				p = upm_alloc(pool, 64);
				assert_non_null(p);
				upm_pool_stats(pool, &st);
				/* chunks: one per page filled so far, or the one preallocated */
				assert_int_equal(st.chunks, pre ? 1 : i / per + 1);
				if (prev && (pre || i % per))
					assert_ptr_equal(p, kinds[k] == UPM_BUMP ? prev - 64 : prev + 64);
				prev = p;
			}
			assert_int_equal(st.used_bytes, n * 64);
			assert_int_equal(upm_destroy_pool(pool), 0);
		}
}

static void count_chunk(void *start, size_t len, void *arg)
{
	*(size_t *)arg += 1;
}

/* Flip after flip: one mprotect per chunk each way, the pool verified each time. */
static void test_rounds_shape(void **state)
{
	struct upm_pool *pool = upm_create_pool(UPM_BUMP, 2 * PAGE, 0, 0);
	size_t flips, chunks = 0, i;
	char *obj[5];
	int round;

	assert_non_null(pool);
	for (i = 0; i < 5; i++) {
		obj[i] = upm_alloc(pool, 2 * PAGE);	/* a chunk each */
		assert_non_null(obj[i]);
		memset(obj[i], (int)i, 2 * PAGE);
	}
	upm_for_each_chunk(pool, count_chunk, &chunks);
	assert_int_equal(chunks, 5);
	for (round = 0; round < 3; round++) {
		assert_int_equal(upm_protect_pool(pool, &flips), 0);
		assert_int_equal(flips, 5);
		assert_true(upm_pool_protected(pool));
		for (i = 0; i < 5; i++)
			assert_write_faults(obj[i] + PAGE);
		/* protecting a protected pool flips nothing */
		assert_int_equal(upm_protect_pool(pool, &flips), 0);
		assert_int_equal(flips, 0);
		assert_int_equal(upm_unprotect_pool(pool, &flips), 0);
		assert_int_equal(flips, 5);
		assert_write_works(obj[4]);
	}
	for (i = 0; i < 5; i++)
		assert_int_equal(obj[i][2 * PAGE - 1], (char)i);
	assert_int_equal(upm_destroy_pool(pool), 0);
}

struct spinner {
	volatile char *obj;
	atomic_int phase;	/* 0 touching, 1 touched, 2 protected: write now */
};

/* On another CPU: keep a writable translation hot, then write once more. */
static void *spin_writer(void *arg)
{
	struct spinner *sp = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	sp->obj[0] = 1;
	atomic_store(&sp->phase, 1);
	while (atomic_load(&sp->phase) != 2)
		sp->obj[1] = 2;		/* the TLB entry stays writable and hot */
	sp->obj[2] = 3;			/* must fault: the flip shot it down */
	return NULL;
}

/*
 * A thread on another CPU writing the pool while it is protected: its
 * next write must fault, so mprotect() flushed that CPU's TLB too.  In a
 * child, which must die of SIGSEGV (a thread's fault kills the process).
 */
static void test_flush_reaches_other_cpus(void **state)
{
	int status;
	pid_t pid;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		/* cmocka's skip() prints "not ok": say so and pass */
		print_message("# one CPU online: no other CPU to flush\n");
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct upm_pool *pool = upm_create_pool(UPM_BUMP, 0, 0, 0);
		struct spinner sp = { 0 };
		pthread_t t;

		upm_child_expects_fault();
		if (!pool || !(sp.obj = upm_alloc(pool, 64)))
			_exit(2);
		if (pthread_create(&t, NULL, spin_writer, &sp))
			_exit(3);
		while (atomic_load(&sp.phase) != 1)
			sched_yield();
		if (upm_protect_pool(pool, NULL))
			_exit(4);
		atomic_store(&sp.phase, 2);
		pthread_join(t, NULL);
		_exit(0);		/* the write went through: no flush */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		fail_msg("the other CPU's write %s (exit %d)",
			 WEXITSTATUS(status) ? "could not be set up" : "went through",
			 WEXITSTATUS(status));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
	assert_false(WCOREDUMP(status));	/* no core file left behind */
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

/*
 * What upm_seal_supported() said in a child whose seccomp filter answers
 * mseal() with EPERM, probed before anything else in this process (the
 * answer is cached): 1 yes, 0 no, -1 the filter could not be installed.
 */
static int seal_probe_under_seccomp = -1;

static void probe_seal_under_seccomp(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 462, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return;
	if (!pid) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			_exit(2);
		_exit(upm_seal_supported(NULL) ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) < 2)
		seal_probe_under_seccomp = WEXITSTATUS(status);
}

/* A seccomp filter's EPERM is no mseal: sealing would fail at every protect. */
static void test_seal_probe_under_seccomp(void **state)
{
	if (seal_probe_under_seccomp < 0) {
		print_message("# no seccomp filter could be installed: nothing to check\n");
		return;
	}
	assert_int_equal(seal_probe_under_seccomp, 0);
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
	struct rlimit core;

	probe_seal_under_seccomp();	/* before this process probes and caches */
	/*
	 * Core files allowed here, as a developer's shell may: the children
	 * that crash on purpose must still leave none (WCOREDUMP above).
	 */
	if (!getrlimit(RLIMIT_CORE, &core) && core.rlim_cur == 0 && core.rlim_max != 0) {
		core.rlim_cur = core.rlim_max == RLIM_INFINITY ? (1 << 20) : core.rlim_max;
		setrlimit(RLIMIT_CORE, &core);
	}
	struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_refuses_bad_arguments),
		cmocka_unit_test(test_genalloc_lifecycle),
		cmocka_unit_test(test_genalloc_grows_by_chunks),
		cmocka_unit_test(test_bump_lifecycle),
		cmocka_unit_test(test_bump_refill_and_large),
		cmocka_unit_test(test_protected_pool_faults),
		cmocka_unit_test(test_fill_64),
		cmocka_unit_test(test_rounds_shape),
		cmocka_unit_test(test_flush_reaches_other_cpus),
		cmocka_unit_test(test_seal_probe_under_seccomp),
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
