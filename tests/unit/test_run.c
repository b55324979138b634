// SPDX-License-Identifier: GPL-2.0
/*
 * `pmbench run` against a fake module: the run folder, one contract line
 * per kept repeat, unsupported and error jobs, no overwriting, interrupted
 * runs marked partial, cpus= through a fake sysfs, and the perf counters
 * (null, never 0, where an event cannot be counted).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../userspace/pmb_perf.h"
#include "../../userspace/pmb_run.h"
#include "fake_root.h"

/* ---------------------------------------------------------------- fixtures */


static char *slurp(const char *root, const char *path)
{
	char full[4096], *buf = calloc(1, 1 << 20);
	size_t n;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	f = fopen(full, "r");
	if (!f) {
		free(buf);
		return NULL;
	}
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

struct fixture {
	char root[64];		/* fake /proc and /sys; results under it */
	char results[128];
	struct pmb_caps caps;
	struct pmb_suite suite;
	FILE *log;
	char *logbuf;
	size_t loglen;
	/* fake module */
	unsigned int calls;
	int stop_at_call;	/* request a stop during this call (0-based), -1 never */
	int stop_errno;		/* and return this */
	bool stop_then_block;	/* or block (nanosleep) as the module would */
	bool block_interrupted;	/* and the block ended in EINTR */
	int fail_all;		/* every call returns this, 0: off */
	char cpu1_during[8];	/* cpu1/online as seen by the last job */
	const char *host_load_file;	/* cfg.host_load_file */
	const char *stat_during;	/* written to /proc/stat during each job */
	const char *self_during;	/* and to /proc/self/stat */
	unsigned int rounds;	/* cfg.rounds: 1 unless a test says (0: auto) */
	const char *target;	/* cfg.target: vm-tcg unless a test says */
	int fail_call;		/* this call (0-based) returns fail_errno; -1 never */
	int fail_errno;
	/* what each call asked for */
	struct { __u32 backend, repeats, warmup; } call[64];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	strcpy(fx->root, "/tmp/pmb-test-run.XXXXXX");
	assert_non_null(mkdtemp(fx->root));
	snprintf(fx->results, sizeof(fx->results), "%s/results", fx->root);
	put(fx->root, "/proc/cpuinfo", "model name\t: Fake CPU\n\n");
	put(fx->root, "/proc/vmstat", "nr_free_pages 100\ndirect_map_level2_splits 3\ndirect_map_level3_splits 0\n");
	put(fx->root, "/proc/meminfo", "MemTotal: 1000 kB\nDirectMap4k:  30580 kB\nDirectMap2M:  1017856 kB\n");
	put(fx->root, "/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");
	put(fx->root, "/sys/devices/system/cpu/online", "0-1\n");
	put(fx->root, "/sys/devices/system/cpu/cpu1/online", "1\n");
	fx->caps.backends = 7;
	fx->caps.workloads = 0x7f;
	fx->caps.protect_methods = 3;
	fx->caps.protect_default = PMB_PROT_PTE;
	fx->caps.nr_cpus = 2;
	fx->caps.tsc_khz = 1000000;
	strcpy(fx->caps.release, "6.1.0-fake");
	fx->stop_at_call = -1;
	fx->fail_call = -1;
	fx->rounds = 1;
	fx->target = "vm-tcg";
	fx->log = open_memstream(&fx->logbuf, &fx->loglen);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->root);
	assert_int_equal(system(cmd), 0);
	fclose(fx->log);
	free(fx->logbuf);
	pmb_suite_free(&fx->suite);
	free(fx);
	return 0;
}

/*
 * The fake module: kmalloc cannot protect, size 13 runs out of memory,
 * everything else gives warmup + repeats samples of 1000 ops.
 */
static int fake_run_job(void *ctx, struct pmb_job *job)
{
	struct fixture *fx = ctx;
	struct pmb_sample *s = (struct pmb_sample *)(uintptr_t)job->samples_ptr;
	unsigned int call = fx->calls++, i;
	char *cpu1;

	cpu1 = slurp(fx->root, "/sys/devices/system/cpu/cpu1/online");
	snprintf(fx->cpu1_during, sizeof(fx->cpu1_during), "%s", cpu1 ? cpu1 : "");
	free(cpu1);
	if (fx->stat_during)
		put(fx->root, "/proc/stat", fx->stat_during);
	if (fx->self_during)
		put(fx->root, "/proc/self/stat", fx->self_during);
	if (call < 64) {
		fx->call[call].backend = job->backend;
		fx->call[call].repeats = job->repeats;
		fx->call[call].warmup = job->warmup;
	}
	if (fx->fail_all)
		return fx->fail_all;
	if ((int)call == fx->fail_call)
		return fx->fail_errno;
	if ((int)call == fx->stop_at_call) {
		pmb_run_request_stop();
		if (fx->stop_errno)
			return fx->stop_errno;
		if (fx->stop_then_block) {
			/*
			 * The signal was handled just before the module
			 * call: the module blocks in the kernel as a job
			 * does, and must be interrupted all the same.
			 */
			struct timespec t = { 60, 0 };

			fx->block_interrupted = nanosleep(&t, NULL) && errno == EINTR;
			return fx->block_interrupted ? -EINTR : 0;
		}
	}
	if (job->backend == PMB_BACKEND_KMALLOC && job->workload == PMB_WL_PROTECT)
		return -EOPNOTSUPP;
	if (job->size == 13)
		return -ENOMEM;
	if (job->size == 17)
		return 0;	/* success without a sample: a module bug */
	assert_true(job->samples_cap >= job->warmup + job->repeats);
	for (i = 0; i < job->warmup + job->repeats; i++) {
		s[i] = (struct pmb_sample){ .cycles = 4000 + i, .ns = 2000, .ops = 1000,
					    .cpu = 1, .flags = i < job->warmup ? PMB_SAMPLE_WARMUP : 0 };
	}
	job->nr_samples = job->warmup + job->repeats;
	job->protect_method_used = job->protect_method;
	job->tsc_khz = 1000000;
	job->baseline = (struct pmb_sample){ .cycles = 10, .ns = 5, .ops = 1000 };
	memset(&job->fig, 0xff, sizeof(job->fig));
	job->fig.pages = 16;
	job->fig.verified = -1;
	job->fig.direct_map_ro = -1;
	return 0;
}

static void parse(struct fixture *fx, const char *text)
{
	char err[512];
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	pmb_suite_free(&fx->suite);
	if (pmb_suite_parse(&fx->suite, f, "mini.suite", err, sizeof(err)))
		fail_msg("%s", err);
	fclose(f);
}

static int run(struct fixture *fx, const char *run_id, struct pmb_run_summary *sum)
{
	struct pmb_run_cfg cfg = {
		.suite = &fx->suite, .caps = &fx->caps, .results_dir = fx->results,
		.run_id = run_id, .target = fx->target, .suite_revision = "v0-test",
		.method = PMB_PROT_PTE, .root = fx->root, .log = fx->log,
		.host_load_file = fx->host_load_file, .rounds = fx->rounds,
	};
	struct pmb_run_ops ops = { .run_job = fake_run_job, .ctx = fx };

	int ret = pmb_run_suite(&cfg, &ops, sum);

	fflush(fx->log);	/* fx->logbuf is only up to date after a flush */
	return ret;
}

/* results.jsonl of @sum's run, one JSON object per line. */
static json_t *lines_of(const struct pmb_run_summary *sum)
{
	char path[4200], *text, *line, *save = NULL;
	json_t *a = json_array(), *o;

	snprintf(path, sizeof(path), "%s/results.jsonl", sum->dir);
	text = slurp("", path);
	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		o = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(o))
			fail_msg("not a JSON object: %s", line);
		json_array_append_new(a, o);
	}
	free(text);
	return a;
}

static json_t *env_of(const struct pmb_run_summary *sum)
{
	char path[4200];
	json_t *env;

	snprintf(path, sizeof(path), "%s/env.json", sum->dir);
	env = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(env);
	return env;
}

static const char *sfield(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long ifield(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_integer(v))
		fail_msg("field %s is not an integer", k);
	return json_integer_value(v);
}

static const char mini[] =
	"set repeats=3 warmup=1\n"
	"backend=vmalloc,pmalloc workload=alloc size=64 count=1000\n"
	"backend=kmalloc,pmalloc workload=protect size=64 count=1000\n"
	"backend=vmalloc workload=alloc size=13 count=1000\n"
	"backend=vmalloc workload=footprint size=64 count=1000 repeats=1\n";

/* ---------------------------------------------------------------- tests */

static void test_complete_run(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines, *env, *l, *c, *jobs;
	size_t i;

	parse(fx, mini);
	assert_int_equal(run(fx, "r1", &sum), 0);
	assert_string_equal(sum.dir + strlen(fx->root), "/results/r1");
	assert_int_equal(sum.ok, 4);
	assert_int_equal(sum.unsupported, 1);
	assert_int_equal(sum.error, 1);
	assert_int_equal(sum.not_run, 0);
	assert_false(sum.interrupted);

	lines = lines_of(&sum);
	/* 2 alloc x 3 + pmalloc protect 3 + kmalloc protect 1 + error 1 + footprint 1 */
	assert_int_equal(json_array_size(lines), 6 + 3 + 1 + 1 + 1);
	json_array_foreach(lines, i, l) {
		assert_string_equal(sfield(l, "target"), "vm-tcg");
		assert_in_range(ifield(l, "job"), 0, 5);
		assert_int_equal(ifield(l, "online_cpus"), 2);
		c = json_object_get(l, "counters");
		assert_true(json_is_object(c));
		assert_string_equal(sfield(c, "scope"), "job");
		assert_int_equal(json_object_size(c), 1 + PMB_PERF_NR);
	}
	/* job 0: vmalloc alloc, 3 kept repeats numbered 0..2, warm-up dropped */
	l = json_array_get(lines, 2);
	assert_int_equal(ifield(l, "job"), 0);
	assert_int_equal(ifield(l, "repeat"), 2);
	assert_string_equal(sfield(l, "status"), "ok");
	assert_float_equal(json_real_value(json_object_get(l, "ns_per_op")), 2.0, 1e-9);
	assert_int_equal(ifield(json_object_get(l, "direct_map_splits"), "direct_map_level2_splits"), 0);
	assert_int_equal(ifield(json_object_get(l, "direct_map_splits"), "direct_map_level3_splits"), 0);
	assert_int_equal(ifield(json_object_get(json_object_get(l, "directmap_kb"), "before"),
				"DirectMap2M"), 1017856);
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(l, "directmap_kb"),
								 "after"), "DirectMap1G")));
	/* job 1: the suite's "pmalloc", an alias, ran genalloc, written by its name */
	l = json_array_get(lines, 3);
	assert_int_equal(ifield(l, "job"), 1);
	assert_string_equal(sfield(l, "backend"), "pmalloc-genalloc");
	/* job 2: kmalloc protect is one unsupported line with null numbers */
	l = json_array_get(lines, 6);
	assert_int_equal(ifield(l, "job"), 2);
	assert_string_equal(sfield(l, "backend"), "kmalloc");
	assert_string_equal(sfield(l, "status"), "unsupported");
	assert_true(json_is_null(json_object_get(l, "ns_per_op")));
	assert_true(json_is_null(json_object_get(json_object_get(l, "counters"), "page-faults")));
	/* job 4: an error line that says why, and the run went on to job 5 */
	l = json_array_get(lines, 10);
	assert_int_equal(ifield(l, "job"), 4);
	assert_string_equal(sfield(l, "status"), "error");
	assert_non_null(strstr(sfield(l, "error"), "out of memory"));
	assert_int_equal(ifield(json_array_get(lines, 11), "job"), 5);
	assert_string_equal(sfield(json_array_get(lines, 11), "workload"), "footprint");

	env = env_of(&sum);
	assert_string_equal(sfield(env, "target"), "vm-tcg");
	assert_string_equal(sfield(env, "suite"), "mini");
	assert_string_equal(sfield(env, "suite_revision"), "v0-test");
	assert_string_equal(sfield(env, "protect_method"), "pte");
	assert_string_equal(sfield(env, "kernel"), "6.1.0-fake");
	assert_string_equal(sfield(env, "cpu_model"), "Fake CPU");
	assert_true(json_is_false(json_object_get(env, "partial")));
	assert_non_null(sfield(env, "finished"));
	jobs = json_object_get(env, "jobs");
	assert_int_equal(ifield(jobs, "total"), 6);
	assert_int_equal(ifield(jobs, "ok"), 4);
	assert_int_equal(ifield(jobs, "error"), 1);
	assert_non_null(strstr(fx->logbuf, "job 4 (line 4, vmalloc alloc size=13 count=1000): out of memory"));
	json_decref(lines);
	json_decref(env);
}

/*
 * host_load from /proc: the machine's busy jiffies over the job, less the
 * driver's own; from the host sampler's file in a VM run.
 */
static void test_host_load(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	char path[256];
	json_t *lines, *h, *env;

	put(fx->root, "/proc/stat", "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\n");
	put(fx->root, "/proc/self/stat", "42 (pmb ench) R 1 1 1 0 -1 0 0 0 0 0 50 50 0 0\n");
	put(fx->root, "/proc/loadavg", "1.50 1.00 0.50 2/100 42\n");
	/* During the job: 400 busy jiffies of 1000, 200 of them the driver's, 50 stolen. */
	fx->stat_during = "cpu  300 0 300 1350 0 0 0 50 0 0\n";
	fx->self_during = "42 (pmb ench) R 1 1 1 0 -1 0 0 0 0 0 150 150 0 0\n";
	parse(fx, "backend=vmalloc workload=alloc size=64 count=10 repeats=2\n");
	assert_int_equal(run(fx, "proc", &sum), 0);
	lines = lines_of(&sum);
	h = json_object_get(json_array_get(lines, 1), "host_load");
	assert_string_equal(sfield(h, "source"), "driver (/proc)");
	assert_float_equal(json_real_value(json_object_get(h, "other_busy")), 0.2, 1e-9);
	assert_float_equal(json_real_value(json_object_get(h, "steal")), 0.05, 1e-9);
	assert_float_equal(json_real_value(json_object_get(h, "loadavg1")), 1.5, 1e-9);
	env = env_of(&sum);
	assert_string_equal(sfield(env, "host_load"), "driver (/proc)");
	json_decref(lines);
	json_decref(env);

	/* A VM run reads the sampler's file and keeps the larger reading. */
	snprintf(path, sizeof(path), "%s/host-load.json", fx->root);
	put("", path, "{\"seq\":3,\"cpus\":2,\"other_busy\":0.75,\"steal\":0.0,\"loadavg1\":3.25}\n");
	fx->host_load_file = path;
	assert_int_equal(run(fx, "file", &sum), 0);
	lines = lines_of(&sum);
	h = json_object_get(json_array_get(lines, 0), "host_load");
	assert_non_null(strstr(sfield(h, "source"), "bench/host-load"));
	assert_float_equal(json_real_value(json_object_get(h, "other_busy")), 0.75, 1e-9);
	assert_float_equal(json_real_value(json_object_get(h, "loadavg1")), 3.25, 1e-9);
	json_decref(lines);

	/* No file (yet): null, never a made-up 0. */
	snprintf(path, sizeof(path), "%s/no-such-file.json", fx->root);
	assert_int_equal(run(fx, "none", &sum), 0);
	lines = lines_of(&sum);
	assert_true(json_is_null(json_object_get(json_array_get(lines, 0), "host_load")));
	json_decref(lines);
}

static void test_never_overwrites(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	char *before, *after, path[4200];

	parse(fx, mini);
	assert_int_equal(run(fx, "same", &sum), 0);
	snprintf(path, sizeof(path), "%s/results.jsonl", sum.dir);
	before = slurp("", path);
	fx->calls = 0;
	assert_int_equal(run(fx, "same", &sum), -1);
	assert_int_equal(fx->calls, 0);			/* no job ran */
	assert_non_null(strstr(fx->logbuf, "exists already"));
	after = slurp("", path);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_generated_run_id(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	const char *id;

	parse(fx, "backend=vmalloc workload=alloc size=64 count=8\n");
	assert_int_equal(run(fx, NULL, &sum), 0);
	id = strrchr(sum.dir, '/') + 1;
	/* YYYYmmdd-HHMMSS-<target>-<suite> */
	assert_int_equal(strlen(id), strlen("20240501-120000-vm-tcg-mini"));
	assert_true(id[8] == '-' && id[15] == '-');
	assert_string_equal(id + 15, "-vm-tcg-mini");
}

static int run_cfg(struct fixture *fx, struct pmb_run_cfg *cfg,
		   struct pmb_run_summary *sum)
{
	struct pmb_run_ops ops = { .run_job = fake_run_job, .ctx = fx };
	int ret;

	cfg->suite = &fx->suite;
	cfg->caps = &fx->caps;
	cfg->results_dir = cfg->results_dir ? cfg->results_dir : fx->results;
	cfg->target = "vm-tcg";
	cfg->suite_revision = cfg->suite_revision ? cfg->suite_revision : "v0-test";
	cfg->method = PMB_PROT_PTE;
	cfg->root = fx->root;
	cfg->log = fx->log;
	ret = pmb_run_suite(cfg, &ops, sum);
	fflush(fx->log);
	return ret;
}

static bool dir_is_empty_or_absent(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

/* Text env.json cannot hold: a clear error before any run directory exists. */
static void test_non_utf8_env_is_refused_before_the_run_dir(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;

	parse(fx, "backend=vmalloc workload=alloc size=64 count=8\n");
	assert_int_equal(run_cfg(fx, &(struct pmb_run_cfg){ .suite_revision = "v1-\xff" }, &sum), -1);
	assert_non_null(strstr(fx->logbuf, "env.json: suite_revision is not one line of UTF-8 text; nothing was run"));
	assert_null(strstr(fx->logbuf, "out of memory"));
	assert_int_equal(fx->calls, 0);
	assert_true(dir_is_empty_or_absent(fx->results));

	/* as the hostname would: from the system, here the CPU model */
	put(fx->root, "/proc/cpuinfo", "model name\t: Fake\xc0 CPU\n\n");
	assert_int_equal(run(fx, "r1", &sum), -1);
	assert_non_null(strstr(fx->logbuf, "env.json: cpu_model is not one line of UTF-8 text"));
	assert_true(dir_is_empty_or_absent(fx->results));
}

/* The run lands in the results directory, nowhere else. */
static void test_unsafe_run_ids_and_linked_results(void **state)
{
	static const char *const bad_ids[] = {
		"a\nb", "..", ".hidden", "-x", "a/b", "tab\there", "caf\xc3\xa9", "",
	};
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	char real[200], link[200];
	size_t i;

	parse(fx, "backend=vmalloc workload=alloc size=64 count=8\n");
	for (i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		if (run(fx, bad_ids[i], &sum) != -1)
			fail_msg("run id '%s' accepted", bad_ids[i]);
		assert_true(dir_is_empty_or_absent(fx->results));
	}
	assert_non_null(strstr(fx->logbuf, "letters, digits and . _ + - only"));
	assert_int_equal(fx->calls, 0);

	/* --results naming a symbolic link (to / in the report) is refused */
	snprintf(real, sizeof(real), "%s/elsewhere", fx->root);
	snprintf(link, sizeof(link), "%s/linked", fx->root);
	assert_int_equal(mkdir(real, 0755), 0);
	assert_int_equal(symlink(real, link), 0);
	assert_int_equal(run_cfg(fx, &(struct pmb_run_cfg){ .results_dir = link,
							     .run_id = "r2" }, &sum), -1);
	assert_non_null(strstr(fx->logbuf, "not a directory but a symbolic link"));
	assert_true(dir_is_empty_or_absent(real));
	assert_int_equal(fx->calls, 0);

	/* a good id still runs, and the summary names the real path */
	assert_int_equal(run(fx, "2024.05-run_1+x", &sum), 0);
	assert_non_null(strstr(sum.dir, "/results/2024.05-run_1+x"));
	assert_int_equal(sum.dir[0], '/');
}

static void test_interrupt_keeps_finished_jobs(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines, *env;

	parse(fx, mini);
	fx->stop_at_call = 1;	/* the signal comes during job 1, which finishes */
	assert_int_equal(run(fx, "int", &sum), -1);
	assert_true(sum.interrupted);
	assert_int_equal(sum.ok, 2);
	assert_int_equal(sum.not_run, 4);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 6);
	assert_int_equal(ifield(json_array_get(lines, 5), "job"), 1);
	env = env_of(&sum);
	assert_true(json_is_true(json_object_get(env, "partial")));
	assert_true(json_is_null(json_object_get(env, "finished")));
	assert_int_equal(ifield(json_object_get(env, "jobs"), "not_run"), 4);
	json_decref(lines);
	json_decref(env);
}

static void test_interrupted_job_leaves_no_line(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines;

	parse(fx, mini);
	fx->stop_at_call = 1;
	fx->stop_errno = -EINTR;	/* the module gave job 1 up */
	assert_int_equal(run(fx, "eintr", &sum), -1);
	assert_true(sum.interrupted);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 3);	/* job 0 only */
	json_decref(lines);
}

/*
 * A signal handled after job_round()'s look at the stop and before the
 * module call reaches the kernel: the call is interrupted anyway (the stop
 * ticker), never left to run a whole job.
 */
static void test_stop_just_before_the_call_interrupts_it(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	struct sigaction after;
	json_t *lines;

	parse(fx, mini);
	fx->stop_at_call = 1;
	fx->stop_then_block = true;
	assert_int_equal(run(fx, "tick", &sum), -1);
	assert_true(fx->block_interrupted);
	assert_true(sum.interrupted);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 3);	/* job 0 only */
	json_decref(lines);
	/* The run leaves SIGALRM as it found it. */
	assert_int_equal(sigaction(SIGALRM, NULL, &after), 0);
	assert_true(after.sa_handler == SIG_DFL);
}

static void test_abi_mismatch_stops_run(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *env;

	parse(fx, mini);
	fx->fail_all = -EPROTO;
	assert_int_equal(run(fx, "proto", &sum), -1);
	assert_true(sum.aborted);
	assert_int_equal(fx->calls, 1);
	assert_int_equal(sum.error, 1);
	env = env_of(&sum);
	assert_true(json_is_true(json_object_get(env, "partial")));
	assert_non_null(strstr(fx->logbuf, "ABI version"));
	json_decref(env);
}

static void test_missing_backend_is_unsupported_without_a_call(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;

	parse(fx, "backend=pmalloc workload=alloc size=64 count=8\n");
	fx->caps.backends = 3;	/* this module build has no pmalloc */
	assert_int_equal(run(fx, "nopm", &sum), 0);
	assert_int_equal(fx->calls, 0);
	assert_int_equal(sum.unsupported, 1);
}

static void test_job_without_samples_is_an_error(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines;

	parse(fx, "backend=vmalloc workload=alloc size=17 count=8\n");
	assert_int_equal(run(fx, "nosamples", &sum), 0);
	assert_int_equal(sum.error, 1);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 1);
	assert_string_equal(sfield(json_array_get(lines, 0), "status"), "error");
	assert_string_equal(sfield(json_array_get(lines, 0), "error"), "the module returned no sample");
	json_decref(lines);
}

/*
 * cpu= past the module's CPUs: every such job is named, none runs, no run
 * folder is made (pmbench run exits 2).
 */
static void test_cpu_past_the_module_is_refused_before_any_job(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	char *log;

	parse(fx, "backend=vmalloc workload=alloc size=64 count=8 repeats=1 cpu=1\n"
		  "backend=vmalloc,pmalloc workload=alloc size=64 count=8 repeats=1 cpu=7\n"
		  "backend=kmalloc workload=alloc size=64 count=8 repeats=1 cpu=2\n");
	assert_int_equal(run(fx, "r1", &sum), -1);
	assert_true(sum.refused);
	assert_int_equal(fx->calls, 0);
	assert_true(dir_is_empty_or_absent(fx->results));
	log = fx->logbuf;
	assert_non_null(strstr(log, "pmbench: job 1 (line 2, vmalloc alloc size=64 count=8 cpu=7): cpu=7, but the module sees 2 CPUs (0-1)\n"));
	assert_non_null(strstr(log, "pmbench: job 2 (line 2, pmalloc-genalloc alloc size=64 count=8 cpu=7): cpu=7"));
	assert_non_null(strstr(log, "pmbench: job 3 (line 3, kmalloc alloc size=64 count=8 cpu=2): cpu=2"));
	assert_null(strstr(log, "pmbench: job 0 "));
	assert_non_null(strstr(log, "pmbench: 3 jobs cannot run on this machine; nothing was run\n"));

	/* the same suite on a machine with enough CPUs runs */
	fx->caps.nr_cpus = 8;
	assert_int_equal(run(fx, "r2", &sum), 0);
	assert_false(sum.refused);
	assert_int_equal(fx->calls, 4);
}

/* Many bad jobs: the first 20 by name, then how many more. */
static void test_bad_jobs_listing_is_capped(void **state)
{
	struct fixture *fx = *state;
	struct pmb_suite_job *sj;
	size_t i;

	parse(fx, "backend=vmalloc workload=alloc size=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25 count=8 cpu=3\n");
	assert_int_equal(pmb_run_check_jobs(&fx->suite, &fx->caps, fx->log), 25);
	fflush(fx->log);
	for (i = 0, sj = fx->suite.jobs; i < 25; i++, sj++) {
		char want[64];

		snprintf(want, sizeof(want), "pmbench: job %zu (", i);
		if ((strstr(fx->logbuf, want) != NULL) != (i < 20))
			fail_msg("job %zu %s", i, i < 20 ? "not named" : "named past the cap");
	}
	assert_non_null(strstr(fx->logbuf, "pmbench: and 5 more such jobs\n"));
	assert_non_null(strstr(fx->logbuf, "pmbench: 25 jobs cannot run"));
}

static void test_cpus_takes_cpus_offline_and_back(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines;
	char *cpu1;

	parse(fx, "backend=vmalloc workload=protect size=64 count=8 repeats=1 cpus=1\n"
		  "backend=vmalloc workload=protect size=64 count=8 repeats=1 cpus=4\n");
	assert_int_equal(run(fx, "cpus", &sum), 0);
	assert_int_equal(fx->calls, 1);
	assert_string_equal(fx->cpu1_during, "0\n");	/* offline while job 0 ran */
	cpu1 = slurp(fx->root, "/sys/devices/system/cpu/cpu1/online");
	assert_string_equal(cpu1, "1\n");		/* back online after the run */
	free(cpu1);
	lines = lines_of(&sum);
	assert_int_equal(ifield(json_array_get(lines, 0), "online_cpus"), 1);
	assert_string_equal(sfield(json_array_get(lines, 1), "status"), "error");
	assert_string_equal(sfield(json_array_get(lines, 1), "error"),
			    "cpus=4: only 2 CPUs were online when the run started");
	json_decref(lines);
}

/* ---------------------------------------------------------------- rounds */

static const char three[] =
	"set repeats=4 warmup=1\n"
	"backend=vmalloc,pmalloc-genalloc,kmalloc workload=alloc size=64 count=100\n"
	"backend=vmalloc workload=alloc size=128 count=100\n";

/*
 * Jobs that differ only in backend take turns, A B C A B C, each call
 * carrying its share of the repeats and the whole warm-up; the lines say
 * which round took each sample and number the repeats across rounds.
 */
static void test_rounds_interleave_backends(void **state)
{
	struct fixture *fx = *state;
	static const __u32 order[] = {
		PMB_BACKEND_VMALLOC, PMB_BACKEND_PMALLOC, PMB_BACKEND_KMALLOC,
		PMB_BACKEND_VMALLOC, PMB_BACKEND_PMALLOC, PMB_BACKEND_KMALLOC,
		PMB_BACKEND_VMALLOC, PMB_BACKEND_VMALLOC,
	};
	struct pmb_run_summary sum;
	json_t *lines, *l, *env;
	unsigned int i;

	parse(fx, three);
	fx->rounds = 2;
	assert_int_equal(run(fx, "rounds", &sum), 0);
	assert_int_equal(sum.ok, 4);
	assert_int_equal(fx->calls, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(fx->call[i].backend, order[i]);
		assert_int_equal(fx->call[i].repeats, 2);
		assert_int_equal(fx->call[i].warmup, 1);
	}
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 16);
	/* in suite order, each job's lines together */
	for (i = 0; i < 16; i++) {
		l = json_array_get(lines, i);
		assert_int_equal(ifield(l, "job"), i / 4);
		assert_int_equal(ifield(l, "repeat"), i % 4);
		assert_int_equal(ifield(l, "round"), i % 4 / 2);
		assert_string_equal(sfield(json_object_get(l, "counters"), "scope"), "round");
	}
	env = env_of(&sum);
	assert_int_equal(ifield(env, "rounds"), 2);
	json_decref(env);
	json_decref(lines);
}

/* Repeats that do not divide: the first rounds take one more; never more rounds than repeats. */
static void test_rounds_split_repeats(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines;

	parse(fx, "backend=vmalloc,kmalloc workload=alloc size=64 count=100 repeats=5 warmup=2\n"
		  "backend=vmalloc workload=alloc size=64 count=100 repeats=2 warmup=0\n");
	fx->rounds = 3;
	assert_int_equal(run(fx, "split", &sum), 0);
	assert_int_equal(fx->calls, 3 * 2 + 2);
	assert_int_equal(fx->call[0].repeats, 2);
	assert_int_equal(fx->call[1].repeats, 2);
	assert_int_equal(fx->call[2].repeats, 2);
	assert_int_equal(fx->call[4].repeats, 1);
	assert_int_equal(fx->call[5].repeats, 1);
	assert_int_equal(fx->call[4].warmup, 2);
	assert_int_equal(fx->call[6].repeats, 1);	/* 2 repeats: 2 rounds */
	assert_int_equal(fx->call[7].repeats, 1);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 5 + 5 + 2);
	assert_int_equal(ifield(json_array_get(lines, 4), "round"), 2);
	assert_int_equal(ifield(json_array_get(lines, 4), "repeat"), 4);
	json_decref(lines);
}

/* auto: wall-time targets interleave, vm-icount runs each job whole. */
static void test_rounds_auto_by_target(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *env, *lines;

	parse(fx, "backend=vmalloc,kmalloc workload=alloc size=64 count=100 repeats=10 warmup=1\n");
	fx->rounds = 0;
	fx->target = "vm-icount";
	assert_int_equal(run(fx, "icount", &sum), 0);
	assert_int_equal(fx->calls, 2);
	assert_int_equal(fx->call[0].repeats, 10);
	env = env_of(&sum);
	assert_int_equal(ifield(env, "rounds"), 1);
	json_decref(env);
	lines = lines_of(&sum);
	assert_string_equal(sfield(json_object_get(json_array_get(lines, 0), "counters"), "scope"), "job");
	assert_int_equal(ifield(json_array_get(lines, 9), "round"), 0);
	json_decref(lines);

	fx->calls = 0;
	fx->target = "vm-tcg";
	assert_int_equal(run(fx, "tcg", &sum), 0);
	assert_int_equal(fx->calls, 2 * PMB_RUN_WALL_ROUNDS);
	assert_int_equal(pmb_run_auto_rounds("host"), PMB_RUN_WALL_ROUNDS);
	assert_int_equal(pmb_run_auto_rounds("vm-kvm"), PMB_RUN_WALL_ROUNDS);
	assert_int_equal(pmb_run_auto_rounds("vm-icount"), 1);
	env = env_of(&sum);
	assert_int_equal(ifield(env, "rounds"), PMB_RUN_WALL_ROUNDS);
	json_decref(env);
}

/* A job failing in a later round gets one error line; its group's others run on. */
static void test_rounds_error_in_later_round(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines, *l;
	unsigned int i, genalloc = 0, errors = 0;

	parse(fx, three);
	fx->rounds = 2;
	fx->fail_call = 4;	/* pmalloc-genalloc, round 2 */
	fx->fail_errno = -ENOMEM;
	assert_int_equal(run(fx, "err", &sum), 0);
	assert_int_equal(sum.ok, 3);
	assert_int_equal(sum.error, 1);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 4 + 1 + 4 + 4);
	json_array_foreach(lines, i, l) {
		if (ifield(l, "job") != 1)
			continue;
		genalloc++;
		errors += !strcmp(sfield(l, "status"), "error");
		assert_non_null(strstr(sfield(l, "error"), "out of memory"));
		assert_int_equal(ifield(l, "round"), 1);	/* the call that failed */
		assert_true(json_is_null(json_object_get(json_object_get(l, "counters"), "cycles")));
	}
	assert_int_equal(genalloc, 1);
	assert_int_equal(errors, 1);
	json_decref(lines);
}

/* Stopped mid-group: none of the group's jobs finished, none gets a line. */
static void test_rounds_interrupt_drops_the_group(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines;

	parse(fx, "backend=kmalloc workload=alloc size=32 count=100 repeats=2 warmup=0\n"
		  "backend=vmalloc,kmalloc workload=alloc size=64 count=100 repeats=2 warmup=0\n");
	fx->rounds = 2;
	fx->stop_at_call = 3;	/* the group's second call: round 1 of 2 */
	assert_int_equal(run(fx, "int", &sum), -1);
	assert_true(sum.interrupted);
	assert_int_equal(sum.ok, 1);
	assert_int_equal(sum.not_run, 2);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 2);
	assert_int_equal(ifield(json_array_get(lines, 1), "job"), 0);
	json_decref(lines);
}

/*
 * An error that ends the run in the last round: the jobs that finished
 * their rounds before it keep their lines, the failed one says why, the
 * rest did not run.
 */
static void test_rounds_fatal_error_mid_group(void **state)
{
	struct fixture *fx = *state;
	struct pmb_run_summary sum;
	json_t *lines;

	parse(fx, three);
	fx->rounds = 2;
	fx->fail_call = 4;	/* pmalloc-genalloc, round 2 */
	fx->fail_errno = -EPROTO;
	assert_int_equal(run(fx, "proto", &sum), -1);
	assert_true(sum.aborted);
	assert_int_equal(fx->calls, 5);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 4 + 1);
	assert_int_equal(ifield(json_array_get(lines, 3), "job"), 0);
	assert_int_equal(ifield(json_array_get(lines, 4), "job"), 1);
	assert_string_equal(sfield(json_array_get(lines, 4), "status"), "error");
	assert_int_equal(sum.ok, 1);
	assert_int_equal(sum.not_run, 2);
	json_decref(lines);

	/* in the first round: nobody had finished, only the failed job's line */
	fx->calls = 0;
	fx->fail_call = 1;
	assert_int_equal(run(fx, "proto1", &sum), -1);
	lines = lines_of(&sum);
	assert_int_equal(json_array_size(lines), 1);
	assert_int_equal(ifield(json_array_get(lines, 0), "job"), 1);
	json_decref(lines);
}

/* ---------------------------------------------------------------- perf */

static void test_perf_null_never_zero(void **state)
{
	struct pmb_perf p;
	char *warn = NULL;
	size_t len = 0, n;
	FILE *w = open_memstream(&warn, &len);
	json_t *o, *v;
	unsigned int e;
	int opened;

	opened = pmb_perf_open(&p, w);
	pmb_perf_start(&p);
	/* something for the kernel to do: a syscall and page faults */
	free(calloc(1, 1 << 22));
	pmb_perf_stop(&p);
	fflush(w);
	o = pmb_perf_json(&p);
	assert_string_equal(sfield(o, "scope"), "job");
	for (e = 0, n = 0; e < PMB_PERF_NR; e++) {
		v = json_object_get(o, pmb_perf_event_name(e));
		assert_non_null(v);
		if (p.c[e].fd < 0) {
			char needle[64];

			/* could not be opened: null, and named in exactly one warning */
			assert_true(json_is_null(v));
			snprintf(needle, sizeof(needle), "perf: %s ", pmb_perf_event_name(e));
			assert_non_null(strstr(warn, needle));
			assert_null(strstr(strstr(warn, needle) + 1, needle));
			n++;
		} else {
			assert_true(json_is_integer(v) || json_is_null(v));
		}
	}
	assert_int_equal(n + (unsigned int)opened, PMB_PERF_NR);
	/* one line per event that could not be opened, and nothing else */
	for (e = 0, len = 0; warn[e]; e++)
		len += warn[e] == '\n';
	assert_int_equal(len, n);
	print_message("# perf here: %d of %d events open\n", opened, PMB_PERF_NR);
	json_decref(o);
	pmb_perf_close(&p);
	fclose(w);
	free(warn);
}

/* A counter that did not count is null, even after a job that counted. */
static void test_perf_invalid_is_null(void **state)
{
	struct pmb_perf p;
	json_t *o;

	memset(&p, 0, sizeof(p));
	p.c[PMB_PERF_CYCLES].valid = true;
	p.c[PMB_PERF_CYCLES].value = 0;		/* a real zero stays 0 */
	p.c[PMB_PERF_PAGE_FAULTS].valid = false;
	p.c[PMB_PERF_PAGE_FAULTS].value = 17;	/* stale: must not show */
	o = pmb_perf_json(&p);
	assert_true(json_is_integer(json_object_get(o, "cycles")));
	assert_int_equal(ifield(o, "cycles"), 0);
	assert_true(json_is_null(json_object_get(o, "page-faults")));
	assert_true(json_is_null(json_object_get(o, "dTLB-load-misses")));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_complete_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_overwrites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generated_run_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_utf8_env_is_refused_before_the_run_dir,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsafe_run_ids_and_linked_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_keeps_finished_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_job_leaves_no_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_just_before_the_call_interrupts_it,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_abi_mismatch_stops_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_backend_is_unsupported_without_a_call,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_without_samples_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_past_the_module_is_refused_before_any_job, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_jobs_listing_is_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpus_takes_cpus_offline_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds_interleave_backends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds_split_repeats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds_auto_by_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds_error_in_later_round, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds_interrupt_drops_the_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounds_fatal_error_mid_group, setup, teardown),
		cmocka_unit_test(test_perf_null_never_zero),
		cmocka_unit_test(test_perf_invalid_is_null),
	};

	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
