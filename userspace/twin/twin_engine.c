// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <urcu.h>

#include "twin_backend.h"
#include "twin_engine.h"
#include "twin_names.h"

/* ---------------------------------------------------------------- clock */

static inline uint64_t tsc_begin(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
#else
	return 0;
#endif
}

static inline uint64_t tsc_end(void)
{
#if defined(__x86_64__)
	uint32_t lo, hi, aux;

	__asm__ volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux) :: "memory");
	return (uint64_t)hi << 32 | lo;
#else
	return 0;
#endif
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Whether /proc/cpuinfo says the TSC ticks at one rate in every P- and
 * C-state (constant_tsc and nonstop_tsc): else cycles would not be cycles.
 */
bool twin_tsc_invariant(void)
{
	bool constant = false, nonstop = false;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && getline(&line, &cap, f) > 0) {
		if (strncmp(line, "flags", 5))
			continue;
		constant = strstr(line, " constant_tsc") != NULL;
		nonstop = strstr(line, " nonstop_tsc") != NULL;
		break;
	}
	free(line);
	if (f)
		fclose(f);
	return constant && nonstop;
}

unsigned long long twin_tsc_khz(void)
{
	static unsigned long long khz = ~0ull;
	uint64_t n0, t0, n1, t1;

	if (khz != ~0ull)
		return khz;
	khz = 0;
#if defined(__x86_64__)
	if (!twin_tsc_invariant())
		return khz;	/* no cycles: null, never a wrong number */
	n0 = now_ns();
	t0 = tsc_begin();
	while (now_ns() - n0 < 50000000ull)	/* 50 ms */
		;
	t1 = tsc_end();
	n1 = now_ns();
	if (t1 > t0 && n1 > n0)
		khz = (unsigned long long)((double)(t1 - t0) * 1e6 / (double)(n1 - n0));
#endif
	return khz;
}

static long involuntary_switches(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) ? -1 : ru.ru_nivcsw;
}

struct clock {
	uint64_t ns, tsc;
	long nivcsw;
	int cpu;
};

static inline void clock_start(struct clock *c)
{
	c->cpu = sched_getcpu();
	c->nivcsw = involuntary_switches();
	c->ns = now_ns();
	c->tsc = tsc_begin();
}

static inline void clock_stop(const struct clock *c, struct pmb_sample *s,
			      uint64_t ops)
{
	uint64_t tsc = tsc_end(), ns = now_ns();

	s->cycles = tsc - c->tsc;
	s->ns = ns - c->ns;
	s->ops = ops;
	s->cpu = (unsigned int)sched_getcpu();
	s->flags = 0;
	if ((int)s->cpu != c->cpu)
		s->flags |= PMB_SAMPLE_MIGRATED;
	if (involuntary_switches() != c->nivcsw)
		s->flags |= PMB_SAMPLE_PREEMPTED;
}

/* The empty loop of @ops iterations: what the clock reads and loop cost. */
static void baseline(struct pmb_sample *s, uint64_t ops)
{
	struct clock c;
	uint64_t i;

	clock_start(&c);
	for (i = 0; i < ops; i++)
		__asm__ volatile("" ::: "memory");
	clock_stop(&c, s, ops);
}

/*
 * Pin the calling thread to the @k-th CPU the process may run on (from
 * sched_getaffinity() at the first call, before any pinning narrowed it):
 * the timed thread to the first, reader i to the (1 + i)-th.  Past the
 * last CPU the count wraps, the timed thread's CPU included: threads=all
 * (pmb_suite_threads_all()) is the most readers that each get a CPU of their own.
 */
static atomic_int pin_failures;	/* pthread_setaffinity_np() refusals, this job */

static void pin_to(int k)
{
	static cpu_set_t allowed;
	static int nr_allowed = -1;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	cpu_set_t set;
	int cpu, seen = -1, target;

	pthread_mutex_lock(&lock);
	if (nr_allowed < 0)
		nr_allowed = sched_getaffinity(0, sizeof(allowed), &allowed) ? 0 :
			     CPU_COUNT(&allowed);
	pthread_mutex_unlock(&lock);
	if (nr_allowed < 1)
		return;
	target = k % nr_allowed;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &allowed) && ++seen == target)
			break;
	if (cpu == CPU_SETSIZE)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		atomic_fetch_add(&pin_failures, 1);
}

/* ---------------------------------------------------------------- readers */

#define MAX_READERS	TWIN_THREADS_MAX

struct readers {
	struct twin_set *s;
	pthread_t tid[MAX_READERS];
	int n, started;
	bool rcu;			/* rcu_read_lock() + rcu_dereference() */
	bool whole;			/* read and check every word of the object */
	atomic_int ready, running;	/* threads started; threads past their first read */
	atomic_bool go, stop;
	/*
	 * The writer's window (read_during_writes): set just before its first
	 * write and just after its last.  Each reader counts its reads and
	 * reads its clocks when it sees each flag, so only the reads made
	 * while the writer writes are counted, not those before or after.
	 */
	atomic_bool writing, done;
	atomic_llong reads, torn;
	atomic_ullong ns, cycles;
	atomic_llong window_reads;
	atomic_ullong window_ns, window_cycles;
	atomic_int window_preempted;	/* readers switched out inside the window */
};

struct reader_arg {
	struct readers *r;
	int index;
};

static struct reader_arg reader_args[MAX_READERS];

/* Every word of an object holds the same version: a mix is a torn read. */
static inline bool read_object(const void *p, size_t size, bool whole)
{
	const volatile uint64_t *w = p;
	uint64_t first = w[0];
	size_t k;

	if (!whole)
		return true;
	for (k = 1; k < size / sizeof(uint64_t); k++)
		if (w[k] != first)
			return false;
	return true;
}

static void *reader(void *arg)
{
	struct reader_arg *a = arg;
	struct readers *r = a->r;
	struct twin_set *s = r->s;
	long long reads = 0, torn = 0, w_reads = 0;
	uint64_t n0, t0, w_ns = 0, w_tsc = 0;
	long w_nivcsw = 0;
	int phase = 0;		/* 0: before the writer's window, 1: in it, 2: after */
	size_t i = 0;

	/* the timed thread has the first CPU: readers on the others first */
	pin_to(1 + a->index);
	if (r->rcu)
		rcu_register_thread();
	atomic_fetch_add(&r->ready, 1);
	while (!atomic_load(&r->go))
		;
	n0 = now_ns();
	t0 = tsc_begin();
	/* in the window, read on until done: it is set before stop */
	while (!atomic_load_explicit(&r->stop, memory_order_relaxed) || phase == 1) {
		const void *p;
		bool ok;

		if (r->rcu) {
			rcu_read_lock();
			p = rcu_dereference(s->obj[i]);
			ok = read_object(p, s->size, r->whole);
			rcu_read_unlock();
		} else {
			p = __atomic_load_n(&s->obj[i], __ATOMIC_RELAXED);
			ok = read_object(p, s->size, r->whole);
		}
		torn += !ok;
		if (!reads++)
			atomic_fetch_add(&r->running, 1);
		if (++i == s->nr)
			i = 0;
		if (phase == 0 && atomic_load_explicit(&r->writing, memory_order_acquire)) {
			/* the writer already done: this reader read nothing in its window */
			phase = atomic_load_explicit(&r->done, memory_order_acquire) ? 2 : 1;
			if (phase == 2)
				continue;
			w_nivcsw = involuntary_switches();
			w_reads = reads;
			w_ns = now_ns();
			w_tsc = tsc_begin();
		} else if (phase == 1 && atomic_load_explicit(&r->done, memory_order_acquire)) {
			uint64_t tsc = tsc_end(), ns = now_ns();

			phase = 2;
			atomic_fetch_add(&r->window_cycles, tsc - w_tsc);
			atomic_fetch_add(&r->window_ns, ns - w_ns);
			atomic_fetch_add(&r->window_reads, reads - w_reads);
			if (involuntary_switches() != w_nivcsw)
				atomic_fetch_add(&r->window_preempted, 1);
		}
	}
	atomic_fetch_add(&r->cycles, tsc_end() - t0);
	atomic_fetch_add(&r->ns, now_ns() - n0);
	atomic_fetch_add(&r->reads, reads);
	atomic_fetch_add(&r->torn, torn);
	if (r->rcu)
		rcu_unregister_thread();
	return NULL;
}

static int readers_start(struct readers *r, struct twin_set *s, int n, bool rcu,
			 bool whole)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->rcu = rcu;
	r->whole = whole && s->size >= 2 * sizeof(uint64_t);
	for (i = 0; i < n && i < MAX_READERS; i++) {
		reader_args[i] = (struct reader_arg){ r, i };
		if (pthread_create(&r->tid[i], NULL, reader, &reader_args[i]))
			break;
		r->started++;
	}
	while (atomic_load(&r->ready) < r->started)
		sched_yield();
	atomic_store(&r->go, true);
	/* every reader reading (its TLB holding the set) before the timed work */
	while (atomic_load(&r->running) < r->started)
		sched_yield();
	return r->started == n ? 0 : -EAGAIN;
}

static void readers_stop(struct readers *r)
{
	int i;

	atomic_store(&r->stop, true);
	for (i = 0; i < r->started; i++)
		pthread_join(r->tid[i], NULL);
}

/* ---------------------------------------------------------------- helpers */

static void figures_unknown(struct pmb_figures *f)
{
	memset(f, 0xff, sizeof(*f));
	f->verified = PMB_UNKNOWN;
	f->direct_map_ro = PMB_UNKNOWN;
}

static uint64_t known(size_t v)
{
	return v == SIZE_MAX ? ~0ull : (uint64_t)v;
}

static void take_figures(const struct twin_set *s, struct pmb_figures *f)
{
	struct twin_footprint fp;

	twin_backend_ops(s->backend)->footprint(s, &fp);
	f->pages = known(fp.pages);
	f->vmap_areas = known(fp.mappings);
	f->bytes_requested = (uint64_t)s->size * s->nr;
	f->bytes_consumed = known(fp.bytes_consumed);
	f->metadata_bytes = known(fp.metadata_bytes);
	f->va_bytes = known(fp.va_bytes);
}

/* The fault drill: a write to a protected object kills a child with SIGSEGV. */
static int fault_drill(void *obj)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return PMB_UNKNOWN;
	if (!pid) {
		upm_child_expects_fault();
		*(volatile char *)obj = 0x5a;
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return PMB_UNKNOWN;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

/*
 * A random cycle through the objects (fixed seed: the same job, the same
 * cycle).  0, or -ENOMEM: then no object points anywhere yet.
 */
static int link_chase(struct twin_set *s, bool sweep)
{
	size_t *perm = malloc(s->nr * sizeof(*perm)), i, j, t;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	if (!perm)
		return -ENOMEM;
	for (i = 0; i < s->nr; i++)
		perm[i] = i;
	for (i = s->nr - 1; !sweep && i > 0; i--) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		j = x % (i + 1);
		t = perm[i], perm[i] = perm[j], perm[j] = t;
	}
	for (i = 0; i < s->nr; i++)
		*(void **)s->obj[perm[i]] = s->obj[perm[(i + 1) % s->nr]];
	free(perm);
	return 0;
}

static __attribute__((noinline)) void *walk_chase(void *p, size_t n)
{
	while (n--)
		p = *(void *volatile *)p;
	return p;
}

static __attribute__((noinline)) uintptr_t walk_sweep(void *const *obj, size_t n)
{
	uintptr_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += *(const volatile uintptr_t *)obj[i];
	return sum;
}

static volatile uintptr_t sink;

/* ---------------------------------------------------------------- workloads */

struct ctx {
	const struct twin_job *job;
	const struct twin_backend_ops *ops;
	bool seal;
	struct twin_outcome *out;
	struct twin_set s;		/* read: the set kept across passes */
};

static int fail(struct ctx *c, int err, const char *what)
{
	c->out->error = what;
	return err;
}

static int new_set(struct ctx *c, struct twin_set *s)
{
	int ret = twin_set_init(s, c->job->backend, c->job->size, c->job->count, c->seal);

	if (ret)
		return fail(c, ret, "creating the set failed");
	ret = twin_set_alloc_all(s);
	if (ret) {
		twin_set_destroy(s);
		return fail(c, ret, "allocating the objects failed");
	}
	return 0;
}

/* Tear down; a sealed set cannot be unmapped (its memory stays until exit). */
static void end_set(struct twin_set *s)
{
	twin_set_destroy(s);
}

static int pass_alloc(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct twin_set s;
	struct clock clk;
	size_t i;
	int ret = twin_set_init(&s, c->job->backend, c->job->size, c->job->count, c->seal);

	if (ret)
		return fail(c, ret, "creating the set failed");
	clock_start(&clk);
	for (i = 0; i < s.count; i++) {
		s.obj[i] = c->ops->alloc(&s);
		if (!s.obj[i])
			break;
	}
	clock_stop(&clk, smp, i);
	s.nr = i;
	if (i < s.count) {
		end_set(&s);
		return fail(c, -ENOMEM, "allocation failed");
	}
	for (i = 0; i < s.nr; i++)
		memset(s.obj[i], 0, s.size);
	if (last)
		take_figures(&s, &c->out->fig);
	end_set(&s);
	return 0;
}

static int pass_free(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct twin_set s;
	struct clock clk;
	size_t i, n;
	int ret = new_set(c, &s);

	if (ret)
		return ret;
	if (last)
		take_figures(&s, &c->out->fig);
	n = s.nr;
	clock_start(&clk);
	for (i = 0; i < n; i++)
		if (c->ops->free(&s, s.obj[i]))
			break;
	clock_stop(&clk, smp, i);
	s.nr = 0;	/* freed: only the pool itself is left to destroy */
	if (i < n) {
		end_set(&s);
		return fail(c, -EIO, "free failed");
	}
	end_set(&s);
	return 0;
}

static int flip_pass(struct ctx *c, struct pmb_sample *smp, bool last, bool unprotect)
{
	struct readers r;
	struct twin_set s;
	struct clock clk;
	size_t flips = 0;
	int ret = new_set(c, &s);

	if (ret)
		return ret;
	if (unprotect && (ret = c->ops->protect(&s, &flips))) {
		end_set(&s);
		return fail(c, ret, "protect failed");
	}
	ret = readers_start(&r, &s, c->job->threads > 0 ? c->job->threads : 0, false, false);
	if (ret) {
		readers_stop(&r);
		end_set(&s);
		return fail(c, ret, "starting the reader threads failed");
	}
	clock_start(&clk);
	ret = unprotect ? c->ops->unprotect(&s, &flips) : c->ops->protect(&s, &flips);
	clock_stop(&clk, smp, s.nr);
	readers_stop(&r);
	if (ret) {
		end_set(&s);
		return fail(c, ret, unprotect ? "unprotect failed (a sealed set cannot be made writable)" :
						"protect failed");
	}
	if (last) {
		take_figures(&s, &c->out->fig);
		c->out->fig.flips = flips;
		if (!unprotect)
			c->out->fig.verified = fault_drill(s.obj[0]);
	}
	end_set(&s);
	return 0;
}

static int pass_protect(struct ctx *c, struct pmb_sample *smp, bool last)
{
	return flip_pass(c, smp, last, false);
}

static int pass_unprotect(struct ctx *c, struct pmb_sample *smp, bool last)
{
	return flip_pass(c, smp, last, true);
}

static int pass_read(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct twin_set *s = &c->s;
	struct clock clk;
	size_t flips;
	int ret;

	if (c->job->size < sizeof(void *))
		return fail(c, -EINVAL, "read needs objects of at least a pointer");
	if (!s->obj) {
		ret = new_set(c, s);
		if (ret)
			return ret;
		/* the walk follows the links: none, no walk */
		if (link_chase(s, c->job->flags & PMB_JOB_READ_SWEEP))
			return fail(c, -ENOMEM, "linking the objects for the walk failed");
		if ((c->job->flags & PMB_JOB_READ_PROTECTED) &&
		    (ret = c->ops->protect(s, &flips)))
			return fail(c, ret, "protect failed");
	}
	if (c->job->flags & PMB_JOB_READ_SWEEP) {
		clock_start(&clk);
		sink += walk_sweep(s->obj, s->nr);
		clock_stop(&clk, smp, s->nr);
	} else {
		clock_start(&clk);
		sink += (uintptr_t)walk_chase(s->obj[0], s->nr);
		clock_stop(&clk, smp, s->nr);
	}
	if (last)
		take_figures(s, &c->out->fig);
	return 0;
}

static int pass_footprint(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct twin_footprint fp;
	struct twin_set s;
	struct clock clk;
	int ret = new_set(c, &s);

	if (ret)
		return ret;
	clock_start(&clk);
	c->ops->footprint(&s, &fp);
	clock_stop(&clk, smp, s.nr);
	if (last)
		take_figures(&s, &c->out->fig);
	end_set(&s);
	return 0;
}

static int pass_destroy(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct twin_set s;
	struct clock clk;
	size_t flips = 0, n;
	int ret = new_set(c, &s);

	if (ret)
		return ret;
	if (c->ops->protect && (ret = c->ops->protect(&s, &flips))) {
		end_set(&s);
		return fail(c, ret, "protect failed");
	}
	if (last) {
		take_figures(&s, &c->out->fig);
		c->out->fig.flips = 0;
	}
	n = s.nr;
	clock_start(&clk);
	ret = c->ops->destroy(&s);
	clock_stop(&clk, smp, n);
	s.nr = 0;
	twin_set_destroy(&s);
	if (ret)
		return fail(c, ret, "destroy failed (a sealed set cannot be unmapped: it stays until the process exits)");
	return 0;
}

/* Writer side: every object written once, a new version in every word. */
static int write_all(struct ctx *c, struct twin_set *s, uint64_t version, size_t *flips)
{
	size_t i, f;
	int ret;

	*flips = 0;
	for (i = 0; i < s->nr; i++) {
		ret = c->ops->write_rare(s, i, version, &f);
		if (ret)
			return ret;
		*flips += f;
	}
	return 0;
}

/*
 * rare_write and read_during_writes: a protected set, @threads readers
 * checking whole objects, and one writer writing every object once, timed
 * into @writer; the writer's window flagged for the readers (@r, the
 * caller's, holds their counts afterwards).  The last pass takes the
 * figures, and with @drill the fault drill.
 */
static int written_pass(struct ctx *c, int threads, struct readers *r,
			struct pmb_sample *writer, bool last, bool drill)
{
	static uint64_t version;
	struct twin_set s;
	struct clock clk;
	size_t flips = 0;
	int ret = new_set(c, &s);

	if (ret)
		return ret;
	if ((ret = c->ops->protect(&s, &flips))) {
		end_set(&s);
		return fail(c, ret, "protect failed");
	}
	ret = readers_start(r, &s, threads, c->ops->readers_use_rcu, true);
	if (ret) {
		readers_stop(r);
		end_set(&s);
		return fail(c, ret, "starting the reader threads failed");
	}
	atomic_store_explicit(&r->writing, true, memory_order_release);
	clock_start(&clk);
	ret = write_all(c, &s, ++version, &flips);
	clock_stop(&clk, writer, s.nr);
	atomic_store_explicit(&r->done, true, memory_order_release);
	/* every reader has closed its window (it reads until it sees done) */
	readers_stop(r);
	/* torn reads: every read checked, in the window or not; none without readers */
	if (r->started)
		c->out->torn_reads = (c->out->torn_reads < 0 ? 0 : c->out->torn_reads) +
				     atomic_load(&r->torn);
	if (ret) {
		end_set(&s);
		return fail(c, ret, "a rare write failed (a sealed set cannot be made writable)");
	}
	if (last) {
		take_figures(&s, &c->out->fig);
		c->out->fig.flips = flips;
		if (drill)
			c->out->fig.verified = fault_drill(s.obj[0]);
	}
	end_set(&s);
	return 0;
}

/* The writer's ns per rare write, readers (threads=) or not. */
static int pass_rare_write(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct readers r;

	return written_pass(c, c->job->threads > 0 ? c->job->threads : 0, &r, smp, last, true);
}

/* Readers' ns per read while one writer writes every object once. */
static int pass_read_during_writes(struct ctx *c, struct pmb_sample *smp, bool last)
{
	struct pmb_sample writer;
	struct readers r;
	int ret;

	/* without a reader nothing is read or checked: no figure to give */
	if (c->job->threads < 1)
		return fail(c, -EINVAL, "read_during_writes needs at least one reader thread (threads=1 or more)");
	ret = written_pass(c, c->job->threads, &r, &writer, last, false);
	if (ret)
		return ret;
	/*
	 * The readers' own clocks over the writer's window only: ns and
	 * cycles summed over the threads, and their reads in it, so ns/op is
	 * a reader's time per read while the writer writes.
	 */
	smp->ns = atomic_load(&r.window_ns);
	smp->cycles = atomic_load(&r.window_cycles);
	smp->ops = (uint64_t)atomic_load(&r.window_reads);
	smp->cpu = writer.cpu;
	smp->flags = writer.flags;
	if (atomic_load(&r.window_preempted))
		smp->flags |= PMB_SAMPLE_PREEMPTED;
	return 0;
}

/* MemAvailable of /proc/meminfo in bytes (what can be had without swapping), or 0. */
static unsigned long long mem_available(void)
{
	unsigned long long kb = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb << 10;
}

/*
 * Refused before anything is allocated, as the module refuses a job past
 * its share of RAM: at least a page per object for one mapping each
 * (the twin_registry's mmap), the objects' bytes for the others, a page
 * more per object for pool-rcu's copies when it writes, and with mseal
 * every pass's set, since none can be unmapped; against half of
 * MemAvailable (the free pages where the kernel does not say).
 */
static bool too_big(const struct twin_job *job, bool seal)
{
	unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
	unsigned long long avail = mem_available();
	unsigned long long copy = (job->size + page - 1) / page * page;
	unsigned long long per = job->backend == TWIN_BACKEND_MMAP ? copy : job->size;
	unsigned long long need;

	if (!avail)
		avail = (unsigned long long)sysconf(_SC_AVPHYS_PAGES) * page;
	if (job->backend == TWIN_BACKEND_POOL_RCU &&
	    (job->workload == PMB_WL_RARE_WRITE ||
	     job->workload == TWIN_WORKLOAD_OWN(TWIN_WL_READ_DURING_WRITES)))
		per += copy;
	need = job->count * per;
	if (seal)
		need *= job->warmup + job->repeats;
	return need > avail / 2;
}

typedef int (*pass_fn)(struct ctx *c, struct pmb_sample *smp, bool last);

static pass_fn pass_of(unsigned int w)
{
	if (w >= PMB_NR_WORKLOADS)
		return w == TWIN_WORKLOAD_OWN(TWIN_WL_READ_DURING_WRITES) ?
		       pass_read_during_writes : NULL;
	switch (w) {
	case PMB_WL_ALLOC:	return pass_alloc;
	case PMB_WL_FREE:	return pass_free;
	case PMB_WL_PROTECT:	return pass_protect;
	case PMB_WL_UNPROTECT:	return pass_unprotect;
	case PMB_WL_READ:	return pass_read;
	case PMB_WL_FOOTPRINT:	return pass_footprint;
	case PMB_WL_DESTROY:	return pass_destroy;
	case PMB_WL_RARE_WRITE:	return pass_rare_write;
	default:		return NULL;
	}
}

int twin_run_job(const struct twin_job *job, bool seal, struct twin_outcome *out)
{
	struct ctx c = { .job = job, .seal = seal, .out = out };
	unsigned int i, n = job->warmup + job->repeats;
	pass_fn pass = pass_of(job->workload);
	int ret = 0;

	out->nr_samples = 0;
	out->status = 0;
	out->error = NULL;
	out->torn_reads = -1;
	out->threads = job->threads > 0 ? job->threads : 0;
	figures_unknown(&out->fig);
	memset(&out->baseline, 0, sizeof(out->baseline));
	c.ops = twin_backend_ops(job->backend);
	if (!c.ops || !pass)
		return out->status = -EINVAL;
	if (!twin_job_supported(job->backend, job->workload, job->flags))
		return out->status = -EOPNOTSUPP;
	if (too_big(job, seal)) {
		out->error = "the set would take more than half of the available memory";
		return out->status = -E2BIG;
	}
	atomic_store(&pin_failures, 0);
	pin_to(0);
	for (i = 0; i < n && !ret; i++) {
		ret = pass(&c, &out->samples[i], i + 1 == n);
		if (!ret) {
			if (i < job->warmup)
				out->samples[i].flags |= PMB_SAMPLE_WARMUP;
			out->nr_samples++;
		}
	}
	if (c.s.obj)
		twin_set_destroy(&c.s);
	if (!ret && n)
		baseline(&out->baseline, out->samples[n - 1].ops);
	out->pin_failures = (unsigned int)atomic_load(&pin_failures);
	return out->status = ret;
}
