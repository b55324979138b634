// SPDX-License-Identifier: GPL-2.0
/*
 * pmb-fuzz: hostile input for /dev/pmbench, bounded in time.
 *
 * Several processes at once issue random calls: headers with random ABI
 * versions and sizes (truncated against an unmapped page, oversized, with
 * and without a zero tail), jobs with boundary and random values in every
 * field, sample buffers that are missing, read-only, in kernel space or too
 * short, unknown and foreign ioctl numbers, self-tests, read/write/mmap on
 * the device, reopened descriptors, and an interval timer that interrupts
 * running jobs.  Every result is checked against what uapi/pmbench.h
 * promises for that input (an oracle, not just "did not crash"), and no
 * byte outside the first nr_samples entries of a sample buffer may change.
 *
 *   pmb-fuzz [--seconds S] [--procs P] [--seed N] [--job-ms M] [--device PATH]
 *
 * Prints TAP.  The kernel side (oops, warnings, memory back) is checked by
 * the guest script that runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "uapi/pmbench.h"

#define MAX_PROCS	16
#define MAX_ERRNO	134
enum { K_CAPS, K_JOB, K_SELFTEST, K_UNKNOWN, K_BADPTR, K_FILEOP, K_REOPEN, NR_KINDS };
#define BUF_SAMPLES	64	/* valid sample buffers hold this many entries */
#define BIG_SAMPLES	(PMB_JOB_SAMPLES_MAX + 2)
#define CANARY		0xa5

static const char *const kind_names[NR_KINDS] = {	/* by K_* */
	"caps", "job", "selftest", "unknown-cmd", "bad-pointer", "file-op", "reopen",
};

/* Per-process tallies, in memory shared with the parent. */
struct tally {
	unsigned long calls[NR_KINDS];
	unsigned long errnos[MAX_ERRNO + 1];
	unsigned long jobs_ok, jobs_interrupted, selftests_run, selftests_failed;
	unsigned long oracle_failures, stray_writes, short_results;
	double longest_call_s;
	char longest_what[160];
	bool done;
};

static struct tally *tally;	/* this process's slot */
static const char *dev_path = PMB_DEVICE_PATH;
static int job_ms = 500;
static int lock_fd = -1;	/* turns between fuzzing processes for most jobs */
static unsigned int nr_cpus_conf;
static uint64_t rng_state;
static char lock_path[] = "/tmp/pmb-fuzz-lock.XXXXXX";

/* xorshift64*: reproducible from --seed. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned int below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- memory */

/*
 * Three pages: read-write, read-write, then unmapped.  An argument placed
 * to end at the second page's end and claim more runs into the hole.
 */
static unsigned char *arena;
static size_t page;
static unsigned char *ro_page;	/* mapped read-only */
static struct pmb_sample *samples;	/* BIG_SAMPLES entries + canary */
static unsigned int short_room;	/* samples that fit at the last PTR_SHORT */

static void map_memory(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	arena = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro_page = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	samples = mmap(NULL, (BIG_SAMPLES + 8) * sizeof(*samples), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || ro_page == MAP_FAILED || samples == MAP_FAILED ||
	    munmap(arena + 2 * page, page)) {
		perror("pmb-fuzz: mmap");
		exit(2);
	}
	/* A header every command accepts (zero tail); the rest is zero. */
	*(struct pmb_hdr *)ro_page = (struct pmb_hdr){ PMB_ABI_VERSION, 256 };
	if (mprotect(ro_page, page, PROT_READ)) {
		perror("pmb-fuzz: mmap");
		exit(2);
	}
}

/* Where a sample buffer pointer comes from, and whether writes may land. */
enum ptr_kind { PTR_VALID, PTR_MISALIGNED, PTR_SHORT, PTR_NULL, PTR_LOW,
		PTR_READONLY, PTR_KERNEL, PTR_NONCANON, NR_PTR_KINDS };

static const char *const ptr_names[NR_PTR_KINDS] = {
	"valid", "misaligned", "short", "null", "low", "read-only", "kernel", "non-canonical",
};

static uint64_t sample_ptr(enum ptr_kind k)
{
	switch (k) {
	case PTR_VALID:
		return (uintptr_t)samples;
	case PTR_MISALIGNED:
		return (uintptr_t)samples + 1 + below(7);
	case PTR_SHORT:		/* room for 0..3 samples before the hole */
		short_room = below(4);
		return (uintptr_t)(arena + 2 * page) - short_room * sizeof(struct pmb_sample);
	case PTR_NULL:
		return 0;
	case PTR_LOW:
		return 16 + below(4096);
	case PTR_READONLY:
		return (uintptr_t)ro_page;
	case PTR_KERNEL:
		return 0xffff888000000000ULL + (rnd() & 0xfffff000);
	default:
		return 0x0000800000000000ULL + (rnd() & 0xfff0);
	}
}

/* ---------------------------------------------------------------- checking */

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tally->oracle_failures++;
	/* One write per line: lines of several processes do not interleave. */
	dprintf(STDOUT_FILENO, "# FAIL [%d]: %s\n", (int)getpid(), buf);
}

/* One ioctl, timed and counted; returns 0 or errno. */
static int call(int fd, unsigned long cmd, void *arg, int kind, const char *what)
{
	double t0 = now_s(), dt;
	int ret = ioctl(fd, cmd, arg) ? errno : 0;

	dt = now_s() - t0;
	tally->calls[kind]++;
	tally->errnos[ret > MAX_ERRNO ? MAX_ERRNO : ret]++;
	if (dt > tally->longest_call_s) {
		tally->longest_call_s = dt;
		snprintf(tally->longest_what, sizeof(tally->longest_what), "%s", what);
	}
	return ret;
}

static bool in(int e, const int *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == e)
			return true;
	return false;
}

#define EXPECT_ONE_OF(got, what, ...) do {					\
	static const int set_[] = { __VA_ARGS__ };				\
	if (!in((got), set_, sizeof(set_) / sizeof(set_[0])))			\
		fail("%s: got %s (%d), expected one of " #__VA_ARGS__,		\
		     (what), (got) ? strerror(got) : "success", (got));		\
} while (0)

/* ---------------------------------------------------------------- headers */

/*
 * A header that is often right and sometimes wrong; returns the errno the
 * module must answer for it (0: the header is acceptable).  @size is the
 * struct the command knows, @buf holds @size + 64 bytes.
 */
static int random_header(void *buf, size_t size)
{
	struct pmb_hdr *h = buf;
	static const uint32_t versions[] = { 0, 2, 0xffffffffu, 0x80000001u };
	unsigned char *tail = (unsigned char *)buf + size;
	uint32_t argsz;

	h->abi_version = chance(90) ? PMB_ABI_VERSION : PICK(versions);
	switch (below(10)) {
	case 0: argsz = below((unsigned int)size); break;
	case 1: argsz = (uint32_t)size + 1 + below(63); break;
	case 2: argsz = PMB_ARGSZ_MAX + below(2); break;
	case 3: argsz = (uint32_t)rnd(); break;
	default: argsz = (uint32_t)size; break;
	}
	h->argsz = argsz;
	memset(tail, 0, 64);
	if (argsz > size && argsz <= size + 64 && chance(30))
		tail[below(argsz - (uint32_t)size)] = 1 + below(255);

	if (h->abi_version != PMB_ABI_VERSION)
		return EPROTO;
	if (argsz < size)
		return EINVAL;
	if (argsz > PMB_ARGSZ_MAX)
		return E2BIG;
	if (argsz > size + 64)
		return -1;	/* the tail is whatever follows: E2BIG or 0 */
	for (size_t i = size; i < argsz; i++)
		if (tail[i - size])
			return E2BIG;
	return 0;
}

/* ---------------------------------------------------------------- commands */

static void fuzz_caps(int fd)
{
	struct { struct pmb_caps c; unsigned char tail[64]; } a;
	int want, got;

	memset(&a, 0, sizeof(a));
	want = random_header(&a, sizeof(a.c));
	got = call(fd, PMB_IOC_CAPS, &a, K_CAPS, "caps");
	if (want >= 0 && got != want)
		fail("caps, hdr {%u, %u}: got %d, expected %d",
		     a.c.hdr.abi_version, a.c.hdr.argsz, got, want);
	if (want < 0)
		EXPECT_ONE_OF(got, "caps with a long argsz", 0, E2BIG, EFAULT);
	if (!got && (a.c.nr_cpus == 0 || a.c.release[PMB_RELEASE_LEN - 1] ||
		     a.c.protect_default >= PMB_NR_PROTECT_METHODS))
		fail("caps answered nonsense: nr_cpus %u, method %u", a.c.nr_cpus,
		     a.c.protect_default);
}

static void fuzz_selftest(int fd, unsigned int nr_selftests)
{
	struct { struct pmb_selftest s; unsigned char tail[64]; } a;
	static const uint32_t methods[] = { 0, 1, 2, 77, PMB_PROT_DEFAULT };
	int want, got;

	memset(&a, 0, sizeof(a));
	want = chance(80) ? 0 : random_header(&a, sizeof(a.s));
	if (!want)
		a.s.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(a.s) };
	a.s.index = chance(80) ? below(nr_selftests) :
		    chance(50) ? nr_selftests : (uint32_t)rnd();
	/* Running one is slow-ish (they time things): rarely. */
	a.s.flags = chance(3) ? PMB_SELFTEST_RUN : chance(90) ? 0 : (uint32_t)rnd();
	a.s.protect_method = PICK(methods);
	got = call(fd, PMB_IOC_SELFTEST, &a, K_SELFTEST,
		   a.s.flags == PMB_SELFTEST_RUN ? "selftest run" : "selftest describe");
	if (want > 0) {
		if (got != want)
			fail("selftest, hdr {%u, %u}: got %d, expected %d",
			     a.s.hdr.abi_version, a.s.hdr.argsz, got, want);
		return;
	}
	if (want < 0) {
		EXPECT_ONE_OF(got, "selftest with a long argsz", 0, E2BIG, EFAULT, ENOENT,
			      EINVAL, EOPNOTSUPP, EBUSY);
		return;
	}
	if (a.s.index >= nr_selftests) {
		EXPECT_ONE_OF(got, "selftest index out of range", ENOENT);
	} else if (a.s.flags & ~PMB_SELFTEST_RUN) {
		EXPECT_ONE_OF(got, "selftest unknown flag", EINVAL);
	} else if (a.s.protect_method != PMB_PROT_DEFAULT &&
		   a.s.protect_method >= PMB_NR_PROTECT_METHODS) {
		EXPECT_ONE_OF(got, "selftest unknown method", EINVAL);
	} else if (a.s.flags & PMB_SELFTEST_RUN) {
		EXPECT_ONE_OF(got, "selftest run", 0, EBUSY, EOPNOTSUPP);
		if (!got) {
			tally->selftests_run++;
			if (a.s.result) {
				tally->selftests_failed++;
				dprintf(STDOUT_FILENO, "# self-test %.32s failed under fuzzing: %.192s\n",
					a.s.name, a.s.message);
			}
		}
	} else {
		EXPECT_ONE_OF(got, "selftest describe", 0);
		if (!got && (!a.s.name[0] || a.s.name[sizeof(a.s.name) - 1]))
			fail("selftest describe %u: no name", a.s.index);
	}
}

/* A job field: mostly sane, often a boundary, sometimes anything. */
static void random_job(struct pmb_job *j, enum ptr_kind *pk)
{
	static const uint64_t sizes[] = { 0, 1, 7, 8, 9, 63, 64, 65, 4095, 4096, 4097,
		8192, 65536, PMB_JOB_SIZE_MAX - 1, PMB_JOB_SIZE_MAX, PMB_JOB_SIZE_MAX + 1,
		1ULL << 32, ~0ULL };
	static const uint64_t counts[] = { 0, 1, 2, 3, 63, 64, 65, 256, 1024, 4096,
		65536, PMB_JOB_COUNT_MAX, PMB_JOB_COUNT_MAX + 1, 1ULL << 32, ~0ULL };
	static const uint32_t repeats[] = { 0, 1, 2, 3, PMB_JOB_SAMPLES_MAX,
		PMB_JOB_SAMPLES_MAX + 1, 0xffffffffu };
	static const uint32_t warmups[] = { 0, 1, 2, PMB_JOB_SAMPLES_MAX - 1,
		PMB_JOB_SAMPLES_MAX, 0xffffffffu };
	static const uint32_t methods[] = { 0, 1, 2, 3, PMB_PROT_DEFAULT, 0x80000000u };
	int cpus[] = { -2, -1, 0, 1, (int)nr_cpus_conf - 1, (int)nr_cpus_conf, 63, 64,
		       4096, INT_MAX, INT_MIN };
	uint32_t need;

	j->backend = chance(90) ? below(PMB_NR_BACKENDS) : chance(50) ? PMB_NR_BACKENDS : (uint32_t)rnd();
	j->workload = chance(90) ? below(PMB_NR_WORKLOADS) : chance(50) ? PMB_NR_WORKLOADS : (uint32_t)rnd();
	j->size = chance(60) ? 8 + below(5000) : chance(85) ? PICK(sizes) : rnd();
	j->count = chance(70) ? 1 + below(512) : chance(85) ? PICK(counts) : rnd();
	j->repeats = chance(80) ? 1 + below(4) : PICK(repeats);
	j->warmup = chance(80) ? below(2) : PICK(warmups);
	j->cpu = chance(70) ? -1 : PICK(cpus);
	j->protect_method = chance(70) ? PMB_PROT_DEFAULT : PICK(methods);
	j->flags = chance(60) ? 0 : chance(90) ? below(8) : (uint32_t)rnd();
	/* partitions: 1..16 where the row takes them, 0 elsewhere; or not */
	if (chance(85))
		j->partitions = pmb_backend_caps(j->backend) & PMB_CAN_PARTITION ?
				1 + below(PMB_JOB_PARTITIONS_MAX) : 0;
	else
		j->partitions = chance(70) ? below(PMB_JOB_PARTITIONS_MAX + 2) : (uint32_t)rnd();
	j->pad = chance(95) ? 0 : (uint32_t)rnd();
	need = j->repeats + j->warmup;	/* may wrap: the module must not care */
	switch (below(6)) {
	case 0: j->samples_cap = 0; break;
	case 1: j->samples_cap = need - 1; break;
	case 2: j->samples_cap = (uint32_t)rnd(); break;
	default: j->samples_cap = need; break;
	}
	*pk = chance(75) ? PTR_VALID : (enum ptr_kind)below(NR_PTR_KINDS);
	j->samples_ptr = sample_ptr(*pk);
	/* The out fields: garbage in must not matter. */
	j->nr_samples = (uint32_t)rnd();
	j->protect_method_used = (uint32_t)rnd();
}

/*
 * The errno a job must get from the registry's rows and the range checks
 * alone, 0 if it passes them.  The module looks at the rows first (an
 * unknown backend or workload, or a flag unknown to every workload:
 * EINVAL, as is a flag this workload's row does not take; a capability
 * the backend lacks: EOPNOTSUPP, whatever the numbers), then at the
 * numbers.
 */
#define X_WL_FLAGS(e, ops, s, n, p, jf, fig, m, pl, d)	[PMB_WL_##e] = (jf),
static const __u32 wl_job_flags[PMB_NR_WORKLOADS] = { PMB_WORKLOADS(X_WL_FLAGS) };
#undef X_WL_FLAGS

static int job_range_errno(const struct pmb_job *j)
{
	if (j->backend >= PMB_NR_BACKENDS || j->workload >= PMB_NR_WORKLOADS)
		return EINVAL;
	if (j->flags & ~wl_job_flags[j->workload])
		return EINVAL;
	if (!pmb_job_supported(j->backend, j->workload, j->flags))
		return EOPNOTSUPP;
	if (!j->size || j->size > PMB_JOB_SIZE_MAX)
		return EINVAL;
	if (!j->count || j->count > PMB_JOB_COUNT_MAX)
		return EINVAL;
	if (!j->repeats || j->repeats > PMB_JOB_SAMPLES_MAX ||
	    j->warmup > PMB_JOB_SAMPLES_MAX - j->repeats)
		return EINVAL;
	if (j->repeats + j->warmup > j->samples_cap || !j->samples_ptr)
		return EINVAL;
	if (j->cpu != -1 && (j->cpu < 0 || (unsigned int)j->cpu >= nr_cpus_conf))
		return EINVAL;
	if (j->protect_method != PMB_PROT_DEFAULT &&
	    j->protect_method >= PMB_NR_PROTECT_METHODS)
		return EINVAL;
	if (pmb_backend_caps(j->backend) & PMB_CAN_PARTITION ?
	    !j->partitions || j->partitions > PMB_JOB_PARTITIONS_MAX : j->partitions)
		return EINVAL;
	if (j->pad)
		return EINVAL;
	return 0;
}

static void arm_timer(int ms)
{
	struct itimerval it = { .it_value = { ms / 1000, (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

static void fuzz_job(int fd)
{
	struct { struct pmb_job j; unsigned char tail[64]; } a;
	const size_t buf_bytes = (BIG_SAMPLES + 8) * sizeof(struct pmb_sample);
	enum ptr_kind pk;
	char what[160];
	int want, rng, got;
	bool serial;
	uint32_t need;

	memset(&a, 0, sizeof(a));
	want = chance(85) ? 0 : random_header(&a, sizeof(a.j));
	random_job(&a.j, &pk);
	if (!want)
		a.j.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(a.j) };
	need = a.j.repeats + a.j.warmup;
	rng = job_range_errno(&a.j);
	memset(samples, CANARY, buf_bytes);
	snprintf(what, sizeof(what),
		 "job b%u w%u size %llu count %llu r%u w%u cpu %d m%#x f%#x p%u/%u cap %u ptr %s",
		 a.j.backend, a.j.workload, (unsigned long long)a.j.size,
		 (unsigned long long)a.j.count, a.j.repeats, a.j.warmup, a.j.cpu,
		 a.j.protect_method, a.j.flags, a.j.partitions, a.j.pad,
		 a.j.samples_cap, ptr_names[pk]);

	/*
	 * Most jobs take turns (a lock shared by the fuzzing processes), so
	 * they reach the engine; the rest race and meet the module's EBUSY.
	 */
	serial = lock_fd >= 0 && chance(85) && !flock(lock_fd, LOCK_EX);
	/* Interrupt some jobs soon, and bound every job in time. */
	arm_timer(chance(20) ? (int)(1 + below(50)) : job_ms);
	got = call(fd, PMB_IOC_RUN_JOB, &a, K_JOB, what);
	arm_timer(0);
	if (serial)
		flock(lock_fd, LOCK_UN);

	if (want > 0) {
		if (got != want)
			fail("%s, hdr {%u, %u}: got %d, expected %d", what,
			     a.j.hdr.abi_version, a.j.hdr.argsz, got, want);
	} else if (want < 0 || rng) {
		if (want < 0)
			EXPECT_ONE_OF(got, what, 0, E2BIG, EINVAL, EFAULT, EBUSY, ENOMEM,
				      EINTR, EOPNOTSUPP);
		else if (got != rng && got != EBUSY)
			fail("%s: got %s (%d), expected %s (or EBUSY)", what,
			     got ? strerror(got) : "success", got, strerror(rng));
	} else if (pk == PTR_VALID || pk == PTR_MISALIGNED) {
		/* Room for need <= BUF_SAMPLES? the sample buffer always has it. */
		if (need > BIG_SAMPLES)
			fail("%s: oracle bug, need %u", what, need);
		EXPECT_ONE_OF(got, what, 0, EINVAL, E2BIG, ENOMEM, EINTR, EOPNOTSUPP, EBUSY);
	} else if (pk == PTR_SHORT && need <= short_room) {
		EXPECT_ONE_OF(got, what, 0, EINVAL, E2BIG, ENOMEM, EINTR, EOPNOTSUPP, EBUSY);
	} else {
		/* No usable buffer: the job may not finish with success. */
		EXPECT_ONE_OF(got, what, EFAULT, EINVAL, E2BIG, ENOMEM, EINTR,
			      EOPNOTSUPP, EBUSY);
	}
	if (got == EINTR)
		tally->jobs_interrupted++;
	if (!got) {
		tally->jobs_ok++;
		if (a.j.nr_samples != need)
			fail("%s: success with %u samples, %u asked", what, a.j.nr_samples, need);
		for (uint32_t i = 0; i < a.j.nr_samples && i < need && pk == PTR_VALID; i++) {
			const struct pmb_sample *s = &samples[i];

			/* ns may be 0 under a coarse clocksource; ops may not. */
			if (!s->ops || s->cpu >= nr_cpus_conf ||
			    (a.j.cpu >= 0 && s->cpu != (unsigned int)a.j.cpu &&
			     !(s->flags & PMB_SAMPLE_MIGRATED))) {
				tally->short_results++;
				fail("%s: sample %u: ops %llu ns %llu cpu %u", what, i,
				     (unsigned long long)s->ops, (unsigned long long)s->ns, s->cpu);
				break;
			}
		}
	}
	/*
	 * Nothing but the first nr_samples entries at samples_ptr may change:
	 * not the bytes before a misaligned pointer, not past samples_cap.
	 */
	if ((pk == PTR_VALID || pk == PTR_MISALIGNED) && want >= 0) {
		unsigned char *b = (unsigned char *)samples;
		size_t off = (size_t)(a.j.samples_ptr - (uintptr_t)samples);
		/* Refused before the job ran: nothing written, nothing copied out. */
		bool refused = rng || want > 0 || got == EBUSY;
		uint32_t n = refused ? 0 : a.j.nr_samples;
		size_t from;

		if (n > a.j.samples_cap || n > need) {
			fail("%s (%s): nr_samples %u, cap %u, asked %u", what,
			     got ? strerror(got) : "ok", n, a.j.samples_cap, need);
			n = BIG_SAMPLES;
		}
		from = refused ? 0 : off + (size_t)n * sizeof(struct pmb_sample);
		for (size_t i = 0; i < buf_bytes; i++) {
			if (i == off && !refused)
				i = from;	/* the samples written */
			if (i < buf_bytes && b[i] != CANARY) {
				tally->stray_writes++;
				fail("%s (%s): byte %zu of the sample buffer changed, %zu written",
				     what, got ? strerror(got) : "ok", i, from);
				break;
			}
		}
	}
}

/* A random command number: foreign, or ours with another nr/size/dir. */
static void fuzz_unknown(int fd)
{
	unsigned long cmd;
	int got;

	switch (below(3)) {
	case 0: cmd = (uint32_t)rnd(); break;
	case 1: cmd = _IOC(below(4), PMB_IOC_MAGIC, below(256), below(1 << 14)); break;
	default: cmd = _IOC(below(4), PMB_IOC_MAGIC, 1 + below(3), below(1 << 14)); break;
	}
	if (cmd == PMB_IOC_CAPS || cmd == PMB_IOC_RUN_JOB || cmd == PMB_IOC_SELFTEST)
		return;
	got = call(fd, cmd, arena, K_UNKNOWN, "unknown command");
	/* Foreign numbers: the VFS answers some itself (FIOCLEX...); any answer. */
	if (_IOC_TYPE(cmd) == PMB_IOC_MAGIC)
		EXPECT_ONE_OF(got, "unknown pmbench command", ENOTTY);
}

/* Our commands with arguments that cannot be read or end in a hole. */
static void fuzz_bad_pointer(int fd)
{
	static const unsigned long cmds[] = { PMB_IOC_CAPS, PMB_IOC_RUN_JOB, PMB_IOC_SELFTEST };
	static const size_t sizes[] = { sizeof(struct pmb_caps), sizeof(struct pmb_job),
					sizeof(struct pmb_selftest) };
	unsigned int c = below(3);
	struct pmb_hdr *h;
	void *arg;
	int got;

	switch (below(4)) {
	case 0:		/* the header itself is cut by the hole */
		arg = arena + 2 * page - below(sizeof(*h));
		got = call(fd, cmds[c], arg, K_BADPTR, "header across a hole");
		EXPECT_ONE_OF(got, "header across a hole", EFAULT);
		return;
	case 1:		/* a good header, the struct runs into the hole */
		h = (struct pmb_hdr *)(arena + 2 * page - sizes[c] + 8 * (1 + below(8)));
		*h = (struct pmb_hdr){ PMB_ABI_VERSION, (uint32_t)sizes[c] };
		got = call(fd, cmds[c], h, K_BADPTR, "struct across a hole");
		EXPECT_ONE_OF(got, "struct across a hole", EFAULT);
		return;
	case 2:		/* read-only argument: in is fine, out must fault */
		got = call(fd, cmds[c], ro_page, K_BADPTR, "read-only argument");
		if (cmds[c] == PMB_IOC_RUN_JOB)	/* an all-zero job: refused first */
			EXPECT_ONE_OF(got, "read-only job argument", EINVAL, EBUSY);
		else
			EXPECT_ONE_OF(got, "read-only argument", EFAULT, EBUSY);
		return;
	default:
		arg = (void *)(uintptr_t)sample_ptr((enum ptr_kind)(PTR_NULL + below(4)));
		if (arg == ro_page)
			return;
		got = call(fd, cmds[c], arg, K_BADPTR, "wild pointer");
		EXPECT_ONE_OF(got, "wild pointer", EFAULT);
	}
}

/* The device has no read, write or mmap; each must say so. */
static void fuzz_file_ops(int fd)
{
	char b[16];
	void *m;
	int got;

	tally->calls[K_FILEOP]++;
	switch (below(3)) {
	case 0:
		got = read(fd, b, sizeof(b)) < 0 ? errno : 0;
		EXPECT_ONE_OF(got, "read()", EINVAL);
		break;
	case 1:
		got = write(fd, b, sizeof(b)) < 0 ? errno : 0;
		EXPECT_ONE_OF(got, "write()", EINVAL);
		break;
	default:
		m = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
		got = m == MAP_FAILED ? errno : 0;
		if (!got)
			munmap(m, page);
		EXPECT_ONE_OF(got, "mmap()", ENODEV);
	}
}

static void on_alarm(int sig)
{
	(void)sig;	/* only there to interrupt the ioctl */
}

static int open_dev(void)
{
	int fd = open(dev_path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		dprintf(STDOUT_FILENO, "# FAIL [%d]: open %s: %s\n", (int)getpid(), dev_path,
			strerror(errno));
		tally->oracle_failures++;
	}
	return fd;
}

static void child(double deadline, unsigned int nr_selftests)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	int fd, spare = -1;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	map_memory();
	lock_fd = open(lock_path, O_RDWR | O_CLOEXEC);	/* own description */
	fd = open_dev();
	while (fd >= 0 && now_s() < deadline) {
		unsigned int r = below(100);

		if (r < 45)
			fuzz_job(fd);
		else if (r < 60)
			fuzz_caps(fd);
		else if (r < 72)
			fuzz_selftest(fd, nr_selftests);
		else if (r < 84)
			fuzz_unknown(fd);
		else if (r < 94)
			fuzz_bad_pointer(fd);
		else if (r < 97)
			fuzz_file_ops(fd);
		else {	/* close, reopen, or keep a second descriptor open */
			tally->calls[K_REOPEN]++;
			if (spare >= 0) {
				close(fd);
				fd = spare;
				spare = -1;
			} else if (chance(50)) {
				spare = open_dev();
			} else {
				close(fd);
				fd = open_dev();
			}
		}
	}
	if (spare >= 0)
		close(spare);
	if (fd >= 0)
		close(fd);
	tally->done = true;
}

static int caps_now(struct pmb_caps *caps)
{
	int fd = open(dev_path, O_RDWR | O_CLOEXEC), ret;

	if (fd < 0)
		return errno;
	memset(caps, 0, sizeof(*caps));
	caps->hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(*caps) };
	ret = ioctl(fd, PMB_IOC_CAPS, caps) ? errno : 0;
	close(fd);
	return ret;
}

/* A plain job after the storm: the module must still work. */
static int sane_job(void)
{
	struct pmb_sample s[3];
	struct pmb_job j = {
		.hdr = { PMB_ABI_VERSION, sizeof(j) }, .backend = PMB_BACKEND_PMALLOC,
		.workload = PMB_WL_PROTECT, .size = 64, .count = 64, .repeats = 2,
		.warmup = 1, .cpu = -1, .protect_method = PMB_PROT_DEFAULT,
		.flags = PMB_JOB_VERIFY, .samples_cap = 3, .samples_ptr = (uintptr_t)s,
	};
	int fd = open(dev_path, O_RDWR | O_CLOEXEC), ret;

	if (fd < 0)
		return errno;
	ret = ioctl(fd, PMB_IOC_RUN_JOB, &j) ? errno : 0;
	close(fd);
	if (!ret && (j.nr_samples != 3 || j.fig.verified != 1))
		ret = EIO;
	return ret;
}

static unsigned int n_tap, n_failed;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", ok ? "" : "not ", ++n_tap);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	n_failed += !ok;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "procs", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 'r' },
		{ "job-ms", required_argument, NULL, 'j' },
		{ "device", required_argument, NULL, 'd' },
		{ 0 }
	};
	unsigned long long seed = (unsigned long long)time(NULL);
	double seconds = 10, t0, deadline, spent;
	unsigned int procs = 3, i;
	struct tally *all, sum = { 0 };
	struct pmb_caps caps;
	pid_t pid[MAX_PROCS];
	bool children_ok = true;
	int c, st;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': seconds = atof(optarg); break;
		case 'p': procs = (unsigned int)atoi(optarg); break;
		case 'r': seed = strtoull(optarg, NULL, 0); break;
		case 'j': job_ms = atoi(optarg); break;
		case 'd': dev_path = optarg; break;
		default:
			fprintf(stderr, "usage: %s [--seconds S] [--procs P] [--seed N] [--job-ms M] [--device PATH]\n",
				argv[0]);
			return 2;
		}
	}
	if (seconds <= 0 || procs < 1 || procs > MAX_PROCS || job_ms < 1) {
		fprintf(stderr, "pmb-fuzz: --seconds > 0, --procs 1..%d, --job-ms >= 1\n", MAX_PROCS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	c = caps_now(&caps);
	if (c) {
		printf("not ok 1 - fuzz: %s: %s\n1..1\n", dev_path, strerror(c));
		return 1;
	}
	nr_cpus_conf = (unsigned int)sysconf(_SC_NPROCESSORS_CONF);
	all = mmap(NULL, MAX_PROCS * sizeof(*all), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (all == MAP_FAILED) {
		perror("pmb-fuzz: mmap");
		return 2;
	}
	memset(all, 0, MAX_PROCS * sizeof(*all));
	c = mkstemp(lock_path);
	if (c < 0) {
		perror("pmb-fuzz: mkstemp");
		return 2;
	}
	close(c);
	printf("# fuzz: %u processes for %.0f s, seed %llu, jobs bounded to %d ms by SIGALRM\n",
	       procs, seconds, seed, job_ms);
	t0 = now_s();
	deadline = t0 + seconds;
	for (i = 0; i < procs; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			tally = &all[i];
			rng_state = (seed + 1) * 0x9E3779B97F4A7C15ULL + i;
			child(deadline, caps.nr_selftests);
			_exit(0);
		}
		if (pid[i] < 0) {
			perror("pmb-fuzz: fork");
			return 2;
		}
	}
	for (i = 0; i < procs; i++) {
		if (waitpid(pid[i], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) || !all[i].done) {
			printf("# process %u (pid %d) did not finish cleanly: status %#x\n", i,
			       (int)pid[i], st);
			children_ok = false;
		}
	}
	spent = now_s() - t0;
	unlink(lock_path);
	for (i = 0; i < procs; i++) {
		for (c = 0; c < NR_KINDS; c++)
			sum.calls[c] += all[i].calls[c];
		for (c = 0; c <= MAX_ERRNO; c++)
			sum.errnos[c] += all[i].errnos[c];
		sum.jobs_ok += all[i].jobs_ok;
		sum.jobs_interrupted += all[i].jobs_interrupted;
		sum.selftests_run += all[i].selftests_run;
		sum.selftests_failed += all[i].selftests_failed;
		sum.oracle_failures += all[i].oracle_failures;
		sum.stray_writes += all[i].stray_writes;
		sum.short_results += all[i].short_results;
		if (all[i].longest_call_s > sum.longest_call_s) {
			sum.longest_call_s = all[i].longest_call_s;
			memcpy(sum.longest_what, all[i].longest_what, sizeof(sum.longest_what));
		}
	}
	unsigned long total = 0;

	printf("# calls:");
	for (c = 0; c < NR_KINDS; c++) {
		total += sum.calls[c];
		printf(" %s %lu", kind_names[c], sum.calls[c]);
	}
	printf("; %lu in all, %.1f s, %.0f calls/s\n", total, spent, total / spent);
	printf("# results:");
	for (c = 0; c <= MAX_ERRNO; c++)
		if (sum.errnos[c])
			printf(" %s %lu", c ? strerrorname_np(c) ? strerrorname_np(c) : "?" : "ok",
			       sum.errnos[c]);
	printf("\n# jobs: %lu ran to the end, %lu interrupted by the timer; self-tests run %lu, failed %lu\n",
	       sum.jobs_ok, sum.jobs_interrupted, sum.selftests_run, sum.selftests_failed);
	printf("# longest call: %.2f s (%s)\n", sum.longest_call_s, sum.longest_what);

	tap(children_ok, "fuzz: %u processes ran %.0f s and exited normally", procs, seconds);
	tap(total > 0 && sum.calls[1] > 0, "fuzz: %lu calls made, %lu of them jobs", total, sum.calls[1]);
	tap(sum.oracle_failures == 0, "fuzz: every call answered what uapi/pmbench.h promises (%lu wrong)",
	    sum.oracle_failures);
	tap(sum.stray_writes == 0, "fuzz: no byte of a sample buffer written beyond nr_samples (%lu jobs did)",
	    sum.stray_writes);
	tap(sum.jobs_ok > 0 && sum.short_results == 0,
	    "fuzz: %lu jobs succeeded, each with all its samples", sum.jobs_ok);
	tap(sum.selftests_failed == 0, "fuzz: the %lu self-tests run during the fuzzing passed",
	    sum.selftests_run);
	/* The longest call is printed above: a figure, not a test (a busy
	 * host stretches it).  A call that never returned would stop the run
	 * and fail the VM's timeout. */
	c = sane_job();
	tap(c == 0, "fuzz: afterwards a pmalloc protect --verify job runs and verifies (%s)",
	    c ? strerror(c) : "ok");
	printf("1..%u\n", n_tap);
	return n_failed ? 1 : 0;
}
