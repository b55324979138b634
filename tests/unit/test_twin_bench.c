// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace twin's benchmark side: its registry agrees with the
 * module's (no name twice), its suites expand as the module's do, the
 * shape holds (one mmap per 64-byte object takes far more pages and memory
 * than a pool: counts, never times), and write-rare readers under RCU
 * never see a half-written object (a checker thread).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <urcu.h>

#include "../../userspace/pmb_names.h"
#include "../../userspace/pmb_perf.h"
#include "../../userspace/pmb_suite.h"
#include "../../userspace/twin/twin_backend.h"
#include "../../userspace/twin/twin_engine.h"
#include "../../userspace/twin/twin_names.h"
#include "../../userspace/twin/twin_suite.h"

#define PAGE	((size_t)sysconf(_SC_PAGESIZE))

static void test_registry_names(void **state)
{
	unsigned int i, k;
	int w;

	for (i = 0; twin_backend_name(i); i++) {
		/* the report reads both tables: a twin name is never the module's */
		assert_int_equal(pmb_backend_from_name(twin_backend_name(i)), -1);
		assert_int_equal(twin_backend_from_name(twin_backend_name(i)), (int)i);
		for (k = 0; k < i; k++)
			assert_string_not_equal(twin_backend_name(i), twin_backend_name(k));
	}
	assert_int_equal(i, TWIN_NR_BACKENDS);
	for (i = 0; twin_method_name(i); i++)
		assert_int_equal(pmb_method_from_name(twin_method_name(i)), -1);
	for (i = 0; (w = twin_workload_at(i)) >= 0; i++) {
		const char *name = twin_workload_name((unsigned int)w);

		assert_non_null(name);
		assert_int_equal(twin_workload_from_name(name), w);
		/* a shared workload is the module's row; an own one is not in it */
		if (w < PMB_NR_WORKLOADS)
			assert_int_equal(pmb_workload_from_name(name), w);
		else
			assert_int_equal(pmb_workload_from_name(name), -1);
		assert_true(twin_workload_like((unsigned int)w) < PMB_NR_WORKLOADS);
	}
	assert_int_equal(twin_workload_from_name("usercopy"), -1);	/* not run */
	/* what the rows say a job needs */
	assert_false(twin_job_supported(TWIN_BACKEND_MALLOC, PMB_WL_PROTECT, 0));
	assert_false(twin_job_supported(TWIN_BACKEND_POOL_BUMP, PMB_WL_FREE, 0));
	assert_true(twin_job_supported(TWIN_BACKEND_POOL_GENALLOC, PMB_WL_FREE, 0));
	assert_true(twin_job_protects(TWIN_BACKEND_MMAP, PMB_WL_DESTROY, 0));
	assert_false(twin_job_protects(TWIN_BACKEND_MMAP, PMB_WL_READ, 0));
	assert_true(twin_job_protects(TWIN_BACKEND_MMAP, PMB_WL_READ, PMB_JOB_READ_PROTECTED));
}

static void test_suite_expands(void **state)
{
	const size_t b = TWIN_NR_BACKENDS;
	struct twin_suite s;
	char err[640];

	assert_int_equal(twin_suite_parse(&s,
		"# comment\n"
		"set repeats=3 warmup=0\n"
		"backend=all workload=alloc,free size=64,4k count=16\n"
		"backend=mmap,pool-bump workload=read size=0x40 count=1k pattern=chase,sweep protected=no,yes\n"
		"backend=pool-rcu workload=protect,read_during_writes size=64 count=8 threads=1,2\n",
		"t", err, sizeof(err)), 0);
	/* all x 2 x 2; 2 x 2 x 2; protect 2 threads + read_during_writes 2 */
	assert_int_equal(s.nr_jobs, 4 * b + 8 + 4);
	assert_int_equal(s.jobs[0].backend, TWIN_BACKEND_MALLOC);	/* backend innermost */
	assert_int_equal(s.jobs[1].backend, TWIN_BACKEND_MMAP);
	assert_int_equal(s.jobs[0].repeats, 3);
	assert_int_equal(s.jobs[0].warmup, 0);
	assert_int_equal(s.jobs[0].threads, -1);
	assert_int_equal(s.jobs[b].size, 4096);
	assert_int_equal(s.jobs[4 * b].count, 1024);
	assert_int_equal(s.jobs[4 * b + 2].flags, PMB_JOB_READ_PROTECTED);
	assert_int_equal(s.jobs[4 * b + 11].threads, 2);
	twin_suite_free(&s);
}

/*
 * A `set` default applies where it means something and is dropped where it
 * does not, silently: only the keys written on a line are checked.
 */
static void test_suite_set_defaults(void **state)
{
	struct twin_suite s;
	char err[640];

	if (twin_suite_parse(&s,
		"set pattern=sweep protected=yes threads=2\n"
		"backend=mmap workload=alloc size=64 count=8\n"
		"backend=mmap workload=read size=64 count=8\n"
		"backend=pool-rcu workload=read_during_writes size=64 count=8\n",
		"t", err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_jobs, 3);
	assert_int_equal(s.jobs[0].flags, 0);		/* alloc: no pattern */
	assert_int_equal(s.jobs[0].threads, -1);	/* alloc: no readers */
	assert_int_equal(s.jobs[1].flags, PMB_JOB_READ_SWEEP | PMB_JOB_READ_PROTECTED);
	assert_int_equal(s.jobs[2].threads, 2);
	twin_suite_free(&s);
	/* the module's parser: CRLF line ends and hex amounts read as there */
	if (twin_suite_parse(&s, "backend=mmap workload=alloc size=0x40 count=8\r\n", "t",
			     err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_jobs, 1);
	assert_int_equal(s.jobs[0].size, 64);
	twin_suite_free(&s);
	/* written on the line itself, the key is still refused */
	assert_int_equal(twin_suite_parse(&s,
		"set threads=2\nbackend=mmap workload=alloc size=64 count=8 pattern=sweep\n",
		"t", err, sizeof(err)), -1);
	assert_string_equal(err, "t:2: pattern= applies only to workload=read");
}

/* threads=all: a reader on every other CPU; a number twice makes one job */
static void test_suite_threads_all(void **state)
{
	unsigned int all = pmb_suite_threads_all();
	struct twin_suite s;
	char err[640];

	if (twin_suite_parse(&s, "backend=mmap workload=protect size=64 count=8 threads=0,all\n",
			     "t", err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_jobs, all ? 2 : 1);
	assert_int_equal(s.jobs[s.nr_jobs - 1].threads, (int)all);
	twin_suite_free(&s);
	if (twin_suite_parse(&s, "backend=mmap workload=protect size=64 count=8 threads=1,1,all\n",
			     "t", err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(s.nr_jobs, all == 1 ? 1 : 2);	/* {1, all}, or {1} */
	twin_suite_free(&s);
}

static void test_suite_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "backend=kmalloc workload=alloc size=64 count=1\n",
		  "t:1: backend=kmalloc: unknown backend 'kmalloc' (malloc, mmap, " },
		{ "\nbackend=mmap workload=usercopy size=64 count=1\n",
		  "t:2: workload=usercopy: unknown workload 'usercopy'" },
		{ "backend=mmap workload=alloc size=0 count=1\n", "t:1: size=0" },
		{ "backend=mmap workload=alloc size=8M count=1\n", "t:1: size=8M" },
		{ "backend=mmap workload=alloc size=64\n", "t:1: missing count=" },
		{ "backend=mmap workload=alloc size=64 count=1 pattern=sweep\n",
		  "t:1: pattern= applies only to workload=read" },
		{ "backend=mmap workload=alloc size=64 count=1 threads=2\n",
		  "t:1: threads= applies only to workload=protect, unprotect, rare_write or read_during_writes" },
		{ "backend=mmap workload=alloc size=64 count=1 colour=red\n",
		  "t:1: unknown key 'colour' (keys: backend, workload, size, count, repeats, warmup, pattern, protected, threads)" },
		/* the module's keys are not the twin's */
		{ "backend=mmap workload=protect size=64 count=1 method=pte\n", "t:1: unknown key 'method'" },
		{ "backend=mmap workload=read_during_writes size=64 count=1 threads=0\n",
		  "t:1: threads=0: read_during_writes" },
		{ "backend=mmap workload=protect size=64 count=1 threads=2000\n",
		  "t:1: threads=2000: '2000' is neither a number of threads (0-1024) nor all" },
		{ "# nothing\n", "t: no job in the suite" },
		{ "", "t: no job in the suite" },
	};
	struct twin_suite s;
	char err[640];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(twin_suite_parse(&s, cases[i].text, "t", err, sizeof(err)), -1);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)))
			fail_msg("case %zu: '%s' does not start with '%s'", i, err, cases[i].msg);
		assert_int_equal(s.nr_jobs, 0);
	}
}

static void run_footprint(unsigned int backend, size_t count, struct pmb_figures *fig)
{
	struct twin_job j = { .backend = backend, .workload = PMB_WL_FOOTPRINT,
			      .size = 64, .count = count, .repeats = 1, .threads = -1 };
	struct pmb_sample smp[1];
	struct twin_outcome out = { .samples = smp };

	assert_int_equal(twin_run_job(&j, false, &out), 0);
	*fig = out.fig;
}

/* One mmap per 64-byte object against the pools: pages and bytes, counted. */
static void test_shape_holds(void **state)
{
	const size_t count = 1024, per_page = PAGE / 64;
	struct pmb_figures mm, bump, gen, mal, big;

	run_footprint(TWIN_BACKEND_MMAP, count, &mm);
	run_footprint(TWIN_BACKEND_POOL_BUMP, count, &bump);
	run_footprint(TWIN_BACKEND_POOL_BUMP_64K, count, &big);
	run_footprint(TWIN_BACKEND_POOL_GENALLOC, count, &gen);
	run_footprint(TWIN_BACKEND_MALLOC, count, &mal);
	assert_int_equal(mm.pages, count);
	assert_int_equal(bump.pages, count / per_page);	/* packed, one-page chunks */
	assert_int_equal(gen.pages, count / per_page);
	assert_int_equal(big.pages, (64 << 10) / PAGE);	/* one 64 KiB chunk */
	assert_true(mm.pages >= 32 * bump.pages);
	assert_true(mm.bytes_consumed >= 32 * bump.bytes_consumed);
	assert_true(mm.va_bytes >= 32 * bump.va_bytes);
	assert_int_equal(mm.bytes_requested, 64 * count);
	/* the pool's own bookkeeping is counted, and small */
	assert_true(bump.metadata_bytes > 0 && bump.metadata_bytes < bump.bytes_requested);
	/* malloc's objects lie in about as few pages as the pool's, plus headers */
	assert_true(mal.pages < mm.pages / 8);
}

/* malloc's big objects get a mapping each from glibc: still counted as consumed */
static void test_malloc_counts_mmapped_chunks(void **state)
{
	struct twin_job j = { .backend = TWIN_BACKEND_MALLOC, .workload = PMB_WL_FOOTPRINT,
			      .size = 256 << 10, .count = 4, .repeats = 1, .threads = -1 };
	struct pmb_sample smp[1];
	struct twin_outcome out = { .samples = smp };

	assert_int_equal(twin_run_job(&j, false, &out), 0);
	assert_true(out.fig.bytes_consumed >= 4 * (256 << 10));
}

struct checker {
	struct twin_set *s;
	atomic_bool stop;
	atomic_llong reads;
	long long torn;
};

static void *check_reader(void *arg)
{
	struct checker *c = arg;
	size_t i = 0, k;

	rcu_register_thread();
	while (!atomic_load(&c->stop)) {
		const uint64_t *p;
		uint64_t first;
		bool torn = false;

		rcu_read_lock();
		p = rcu_dereference(c->s->obj[i]);
		first = ((const volatile uint64_t *)p)[0];
		for (k = 1; k < c->s->size / sizeof(uint64_t); k++)
			torn |= ((const volatile uint64_t *)p)[k] != first;
		rcu_read_unlock();
		c->reads++;
		c->torn += torn;
		i = (i + 1) % c->s->nr;
	}
	rcu_unregister_thread();
	return NULL;
}

/* pool-rcu: a checker thread reads every word while a writer writes rarely. */
static void test_write_rare_never_torn(void **state)
{
	const struct twin_backend_ops *ops = twin_backend_ops(TWIN_BACKEND_POOL_RCU);
	struct checker c = { 0 };
	struct twin_set s;
	pthread_t t;
	size_t i, flips;
	uint64_t v;

	assert_true(ops->readers_use_rcu);
	assert_int_equal(twin_set_init(&s, TWIN_BACKEND_POOL_RCU, 512, 4, false), 0);
	assert_int_equal(twin_set_alloc_all(&s), 0);
	assert_int_equal(ops->protect(&s, &flips), 0);
	c.s = &s;
	assert_int_equal(pthread_create(&t, NULL, check_reader, &c), 0);
	while (!atomic_load(&c.reads))	/* the checker reads before the writes */
		sched_yield();
	for (v = 1; v <= 200; v++)
		assert_int_equal(ops->write_rare(&s, v % s.nr, v, &flips), 0);
	atomic_store(&c.stop, true);
	pthread_join(t, NULL);
	assert_int_equal(c.torn, 0);
	assert_true(atomic_load(&c.reads) > 0);
	/* every object holds its last version, in every word, read-only */
	for (i = 0; i < s.nr; i++) {
		const uint64_t *p = s.obj[i];

		for (v = 200; v % s.nr != i; v--)
			;
		assert_int_equal(p[0], v);
		assert_int_equal(p[512 / 8 - 1], v);
	}
	assert_int_equal(twin_set_destroy(&s), 0);
}

/*
 * pool-rcu knows which objects live in a copy of their own (a flag per
 * object, not a walk of the pool): a second write of one object replaces
 * its copy, a first write of another adds one, and destroy unmaps them.
 */
static void test_rcu_copies_counted(void **state)
{
	const struct twin_backend_ops *ops = twin_backend_ops(TWIN_BACKEND_POOL_RCU);
	struct twin_footprint before, after;
	struct twin_set s;
	size_t flips;

	assert_int_equal(twin_set_init(&s, TWIN_BACKEND_POOL_RCU, 64, 8, false), 0);
	assert_int_equal(twin_set_alloc_all(&s), 0);
	assert_int_equal(ops->protect(&s, &flips), 0);
	ops->footprint(&s, &before);
	assert_int_equal(ops->write_rare(&s, 3, 1, &flips), 0);
	assert_int_equal(ops->write_rare(&s, 3, 2, &flips), 0);
	assert_int_equal(s.copies, 1);
	assert_int_equal(ops->write_rare(&s, 5, 3, &flips), 0);
	assert_int_equal(s.copies, 2);
	ops->footprint(&s, &after);
	assert_int_equal(after.pages, before.pages + 2);
	assert_int_equal(((const uint64_t *)s.obj[3])[0], 2);
	assert_int_equal(twin_set_destroy(&s), 0);
}

/* The engine's read_during_writes on pool-rcu: its readers count no torn read. */
static void test_read_during_writes_rcu(void **state)
{
	struct twin_job j = { .backend = TWIN_BACKEND_POOL_RCU,
			      .workload = TWIN_WORKLOAD_OWN(TWIN_WL_READ_DURING_WRITES),
			      .size = 256, .count = 16, .repeats = 3, .warmup = 0,
			      .threads = 2 };
	struct pmb_sample smp[3];
	struct twin_outcome out = { .samples = smp };

	assert_int_equal(twin_run_job(&j, false, &out), 0);
	assert_int_equal(out.nr_samples, 3);
	assert_int_equal(out.torn_reads, 0);
	assert_int_equal(out.threads, 2);
	assert_int_equal(out.fig.flips, 16);	/* one mprotect per copy */
	/* no reader: nothing read, nothing checked, so no figure, not a 0 */
	j.threads = 0;
	assert_int_equal(twin_run_job(&j, false, &out), -EINVAL);
	assert_non_null(out.error);
	assert_int_equal(out.nr_samples, 0);
	assert_int_equal(out.torn_reads, -1);
}

static void test_unsupported_and_sealed(void **state)
{
	struct twin_job j = { .backend = TWIN_BACKEND_MALLOC, .workload = PMB_WL_PROTECT,
			      .size = 64, .count = 4, .repeats = 1, .threads = 0 };
	struct pmb_sample smp[1];
	struct twin_outcome out = { .samples = smp };

	assert_int_equal(twin_run_job(&j, false, &out), -EOPNOTSUPP);
	if (!upm_seal_supported(NULL))
		return;	/* the pool test prints the skip */
	/* a sealed set cannot be made writable again: the job says so */
	j.backend = TWIN_BACKEND_POOL_BUMP;
	j.workload = PMB_WL_UNPROTECT;
	assert_int_equal(twin_run_job(&j, true, &out), -EPERM);
	assert_non_null(out.error);
}

/*
 * The twin's user-mode counters are pmb_perf's in user mode: the same
 * events, null (and named in one warning saying user-mode) where an event
 * cannot be opened, never 0; close-on-exec, closed by pmb_perf_close().
 */
static void test_perf_user_mode(void **state)
{
	struct pmb_perf p;
	char *warn = NULL, needle[80];
	size_t len = 0, lines = 0, k;
	FILE *w = open_memstream(&warn, &len);
	volatile unsigned long sum = 0;
	unsigned int e, unopened = 0;
	json_t *o, *v;
	int opened;

	assert_non_null(w);
	opened = pmb_perf_open_mode(&p, w, PMB_PERF_USER);
	assert_int_equal(p.mode, PMB_PERF_USER);
	pmb_perf_start(&p);
	for (k = 0; k < 100000; k++)
		sum += k;
	pmb_perf_stop(&p);
	fflush(w);
	o = pmb_perf_json(&p);
	assert_string_equal(json_string_value(json_object_get(o, "scope")), "job");
	for (e = 0; e < PMB_PERF_NR; e++) {
		v = json_object_get(o, pmb_perf_event_name(e));
		assert_non_null(v);
		if (p.c[e].fd >= 0) {
			assert_true(fcntl(p.c[e].fd, F_GETFD) & FD_CLOEXEC);
			assert_true(json_is_integer(v) || json_is_null(v));
			continue;
		}
		unopened++;
		assert_true(json_is_null(v));
		snprintf(needle, sizeof(needle), "perf: user-mode %s ", pmb_perf_event_name(e));
		assert_non_null(strstr(warn, needle));
	}
	assert_int_equal(unopened + (unsigned int)opened, PMB_PERF_NR);
	for (k = 0; warn[k]; k++)
		lines += warn[k] == '\n';
	assert_int_equal(lines, unopened);
	json_decref(o);
	pmb_perf_close(&p);
	for (e = 0; e < PMB_PERF_NR; e++)
		assert_int_equal(p.c[e].fd, -1);
	fclose(w);
	free(warn);
}

/* Cycles only from an invariant TSC: without one the rate is 0 (cycles null). */
static void test_tsc_only_when_invariant(void **state)
{
	if (!twin_tsc_invariant())
		assert_int_equal(twin_tsc_khz(), 0);
	else
		print_message("# this TSC is invariant: twin_tsc_khz() = %llu\n", twin_tsc_khz());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_names),
		cmocka_unit_test(test_suite_expands),
		cmocka_unit_test(test_suite_set_defaults),
		cmocka_unit_test(test_suite_threads_all),
		cmocka_unit_test(test_suite_errors),
		cmocka_unit_test(test_shape_holds),
		cmocka_unit_test(test_malloc_counts_mmapped_chunks),
		cmocka_unit_test(test_write_rare_never_torn),
		cmocka_unit_test(test_rcu_copies_counted),
		cmocka_unit_test(test_read_during_writes_rcu),
		cmocka_unit_test(test_unsupported_and_sealed),
		cmocka_unit_test(test_perf_user_mode),
		cmocka_unit_test(test_tsc_only_when_invariant),
	};

	return cmocka_run_group_tests_name("twin_bench", tests, NULL, NULL);
}
