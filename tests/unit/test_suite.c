// SPDX-License-Identifier: GPL-2.0
/* The suite parser: expansion, defaults, limits, and a FILE:LINE: message for every bad line. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../userspace/pmb_names.h"
#include "../../userspace/pmb_suite.h"

static int parse_text(struct pmb_suite *s, const char *name, const char *text,
		      char *err, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	memset(s, 0, sizeof(*s));
	err[0] = '\0';
	ret = pmb_suite_parse(s, f, name, err, len);
	fclose(f);
	return ret;
}

static const char good[] =
	"# a comment line\n"
	"\n"
	"set repeats=7 warmup=0   # trailing comment\n"
	"backend=vmalloc,pmalloc workload=alloc size=64,4k count=1k\n"
	"   \t  \n"
	"backend=kmalloc workload=read size=1M count=0x10 pattern=chase,sweep protected=no,yes repeats=2 cpu=1\n"
	"set method=cpa\n"
	"backend=pmalloc workload=protect,alloc size=64 count=3 verify=yes cpus=2\n";

static void test_good_file_expands(void **state)
{
	const struct pmb_suite_job *j;
	struct pmb_suite s;
	char err[512];

	assert_int_equal(parse_text(&s, "dir/good.suite", good, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_string_equal(s.name, "good");
	/* 2 sizes x 2 backends + 2 patterns x 2 protected + 2 workloads */
	assert_int_equal(s.nr_jobs, 4 + 4 + 2);

	/* backend is the innermost loop: the pair to compare runs back to back */
	j = &s.jobs[0];
	assert_int_equal(j->job.backend, PMB_BACKEND_VMALLOC);
	assert_int_equal(j->job.workload, PMB_WL_ALLOC);
	assert_int_equal(j->job.size, 64);
	assert_int_equal(j->job.count, 1024);
	assert_int_equal(j->job.repeats, 7);
	assert_int_equal(j->job.warmup, 0);
	assert_int_equal(j->job.cpu, -1);
	assert_int_equal(j->job.protect_method, PMB_PROT_DEFAULT);
	assert_int_equal(j->job.flags, 0);
	assert_int_equal(j->online_cpus, 0);
	assert_int_equal(j->line, 4);
	assert_int_equal(s.jobs[1].job.backend, PMB_BACKEND_PMALLOC);
	assert_int_equal(s.jobs[1].job.size, 64);
	assert_int_equal(s.jobs[2].job.backend, PMB_BACKEND_VMALLOC);
	assert_int_equal(s.jobs[2].job.size, 4096);

	/* read line: its own repeats override the set; hex count; pinned CPU */
	j = &s.jobs[4];
	assert_int_equal(j->line, 6);
	assert_int_equal(j->job.workload, PMB_WL_READ);
	assert_int_equal(j->job.size, 1 << 20);
	assert_int_equal(j->job.count, 16);
	assert_int_equal(j->job.repeats, 2);
	assert_int_equal(j->job.warmup, 0);
	assert_int_equal(j->job.cpu, 1);
	assert_int_equal(j->job.flags, 0);				/* chase, no */
	assert_int_equal(s.jobs[5].job.flags, PMB_JOB_READ_PROTECTED);	/* chase, yes */
	assert_int_equal(s.jobs[6].job.flags, PMB_JOB_READ_SWEEP);	/* sweep, no */
	assert_int_equal(s.jobs[7].job.flags, PMB_JOB_READ_SWEEP | PMB_JOB_READ_PROTECTED);

	/* protect keeps method and verify from the set and the line... */
	j = &s.jobs[8];
	assert_int_equal(j->line, 8);
	assert_int_equal(j->job.workload, PMB_WL_PROTECT);
	assert_int_equal(j->job.protect_method, PMB_PROT_CPA);
	assert_int_equal(j->job.flags, PMB_JOB_VERIFY);
	assert_int_equal(j->online_cpus, 2);
	/* ...alloc, for which they mean nothing, does not */
	j = &s.jobs[9];
	assert_int_equal(j->job.workload, PMB_WL_ALLOC);
	assert_int_equal(j->job.protect_method, PMB_PROT_DEFAULT);
	assert_int_equal(j->job.flags, 0);
	assert_int_equal(j->online_cpus, 2);
	pmb_suite_free(&s);
}

/*
 * Lists of keys that mean nothing for some jobs of a line make no duplicate
 * jobs: alloc runs once, not once per pattern and method; an unprotected
 * read once per pattern, not once per method.
 */
static void test_inapplicable_list_makes_no_duplicates(void **state)
{
	struct pmb_suite s;
	char err[512];
	size_t i;

	assert_int_equal(parse_text(&s, "t.suite",
				    "backend=vmalloc workload=alloc,read size=64 count=8 pattern=chase,sweep protected=no,yes method=cpa,pte\n",
				    err, sizeof(err)), 0);
	assert_int_equal(s.nr_jobs, 1 + 2 * (1 + 2));
	assert_int_equal(s.jobs[0].job.workload, PMB_WL_ALLOC);
	assert_int_equal(s.jobs[0].job.flags, 0);
	assert_int_equal(s.jobs[0].job.protect_method, PMB_PROT_DEFAULT);
	for (i = 1; i < s.nr_jobs; i++)
		assert_int_equal(s.jobs[i].job.workload, PMB_WL_READ);
	/* chase: unprotected once, protected with each method */
	assert_int_equal(s.jobs[1].job.flags, 0);
	assert_int_equal(s.jobs[1].job.protect_method, PMB_PROT_DEFAULT);
	assert_int_equal(s.jobs[2].job.flags, PMB_JOB_READ_PROTECTED);
	assert_int_equal(s.jobs[2].job.protect_method, PMB_PROT_CPA);
	assert_int_equal(s.jobs[3].job.protect_method, PMB_PROT_PTE);
	assert_int_equal(s.jobs[4].job.flags, PMB_JOB_READ_SWEEP);
	pmb_suite_free(&s);
}

static const struct {
	const char *text;
	const char *message;
} bad[] = {
	{ "backend=vmalloc workload=alloc size=64 count=8 colour=red\n",
	  "bad.suite:1: unknown key 'colour' (keys: backend, workload, size, count, repeats, warmup, cpu, cpus, method, pattern, protected, verify, partitions)" },
	{ "# fine\nbackend=slab workload=alloc size=64 count=8\n",
	  "bad.suite:2: backend=slab: unknown backend 'slab' ({backends})" },
	{ "backend=vmalloc workload=allocate size=64 count=8\n",
	  "bad.suite:1: workload=allocate: unknown workload 'allocate' ({workloads})" },
	{ "backend=vmalloc workload=alloc size=64q count=8\n",
	  "bad.suite:1: size=64q: '64q' is not a number (digits, optionally with k, M or G: 4k = 4096)" },
	{ "backend=vmalloc workload=alloc size=0 count=8\n",
	  "bad.suite:1: size=0: must be at least 1" },
	{ "backend=vmalloc workload=alloc size=-4 count=8\n",
	  "bad.suite:1: size=-4: '-4' is not a number (digits, optionally with k, M or G: 4k = 4096)" },
	{ "backend=vmalloc workload=alloc size=64,,128 count=8\n",
	  "bad.suite:1: size=64,,128: empty element in the list" },
	{ "backend=vmalloc workload=alloc size= count=8\n",
	  "bad.suite:1: size=: empty value" },
	{ "backend=vmalloc workload=alloc size=64 size=128 count=8\n",
	  "bad.suite:1: size= given twice on one line (a list is one word: size=a,b)" },
	{ "backend=vmalloc workload=alloc size 64 count=8\n",
	  "bad.suite:1: 'size' is not KEY=VALUE" },
	{ "backend=vmalloc workload=alloc count=8\n",
	  "bad.suite:1: missing size= (on the line, or in a set line above it)" },
	{ "set size=64\n\nbackend=vmalloc\n",
	  "bad.suite:3: missing workload=, count= (on the line, or in a set line above it)" },
	{ "set\n", "bad.suite:1: set needs at least one KEY=VALUE" },
	{ "set repeats=0\n", "bad.suite:1: repeats=0: must be at least 1" },
	{ "set repeats=ten\n", "bad.suite:1: repeats=ten: 'ten' is not a whole number" },
	{ "backend=vmalloc workload=alloc size=64 count=8 repeats=9000 warmup=2000\n",
	  "bad.suite:1: repeats=9000 + warmup=2000: more than PMB_JOB_SAMPLES_MAX, 10000 samples per job" },
	/* the module's limits for one job, named */
	{ "set repeats=20000\n",
	  "bad.suite:1: repeats=20000: more than PMB_JOB_SAMPLES_MAX, 10000 samples per job" },
	{ "set warmup=10001\n",
	  "bad.suite:1: warmup=10001: more than PMB_JOB_SAMPLES_MAX, 10000 samples per job" },
	{ "backend=vmalloc workload=alloc size=8M count=8\n",
	  "bad.suite:1: size=8M: more than PMB_JOB_SIZE_MAX, 4M bytes per object" },
	{ "backend=vmalloc workload=alloc size=64,4097k count=8\n",
	  "bad.suite:1: size=4097k: more than PMB_JOB_SIZE_MAX, 4M bytes per object" },
	{ "backend=vmalloc workload=alloc size=64 count=2000000\n",
	  "bad.suite:1: count=2000000: more than PMB_JOB_COUNT_MAX, 1M objects per job" },
	{ "backend=vmalloc workload=alloc size=64 count=1025k\n",
	  "bad.suite:1: count=1025k: more than PMB_JOB_COUNT_MAX, 1M objects per job" },
	{ "backend=vmalloc workload=alloc size=64 count=8 pattern=sweep\n",
	  "bad.suite:1: pattern= applies only to workload=read" },
	{ "backend=vmalloc workload=alloc,free size=64 count=8 method=pte\n",
	  "bad.suite:1: method= applies only to workload=protect, unprotect, destroy, usercopy, copyout, copyout_unchecked, grow, rare_write or read with protected=yes" },
	{ "backend=vmalloc workload=read size=64 count=8 verify=yes\n",
	  "bad.suite:1: verify= applies only to workload=protect, unprotect, usercopy, copyout, copyout_unchecked, grow, rare_write or read with protected=yes" },
	{ "backend=vmalloc workload=read size=64 count=8 pattern=sweep verify=yes\n",
	  "bad.suite:1: verify= applies only to workload=protect, unprotect, usercopy, copyout, copyout_unchecked, grow, rare_write or read with protected=yes" },
	{ "backend=vmalloc workload=free size=64 count=8 protected=yes\n",
	  "bad.suite:1: protected= applies only to workload=read" },
	{ "backend=all,slab workload=alloc size=64 count=8\n",
	  "bad.suite:1: backend=slab: unknown backend 'slab' ({backends})" },
	{ "backend=vmalloc workload=alloc size=64 count=8 method=all\n",
	  "bad.suite:1: method=all: unknown protection method 'all' ({methods}, default)" },
	{ "backend=vmalloc workload=read size=64 count=8 protected=maybe\n",
	  "bad.suite:1: protected=maybe: 'maybe' is neither no nor yes" },
	{ "backend=vmalloc workload=read size=64 count=8 pattern=random\n",
	  "bad.suite:1: pattern=random: unknown pattern 'random' (chase, sweep)" },
	{ "backend=vmalloc workload=protect size=64 count=8 method=set_memory\n",
	  "bad.suite:1: method=set_memory: unknown protection method 'set_memory' ({methods}, default)" },
	{ "backend=vmalloc workload=alloc size=64 count=8 cpu=first\n",
	  "bad.suite:1: cpu=first: 'first' is neither a CPU number (0-4095) nor any" },
	{ "backend=vmalloc workload=alloc size=64 count=8 cpus=0\n",
	  "bad.suite:1: cpus=0: '0' is neither a CPU count (1-4096) nor all" },
	{ "backend=vmalloc workload=alloc size=64 count=8 cpu=2 cpus=2\n",
	  "bad.suite:1: cpu=2 with cpus=2: only CPUs 0-1 stay online" },
	{ "backend=vmalloc workload=alloc size=99999999999999999999 count=8\n",
	  "bad.suite:1: size=99999999999999999999: '99999999999999999999' is not a number (digits, optionally with k, M or G: 4k = 4096)" },
	/* partitions=: 1 to PMB_JOB_PARTITIONS_MAX, only where the backend's row takes it */
	{ "backend=kmalloc-part workload=alloc size=64 count=8 partitions=0\n",
	  "bad.suite:1: partitions=0: must be at least 1" },
	{ "backend=kmalloc-part workload=alloc size=64 count=8 partitions=1,17\n",
	  "bad.suite:1: partitions=17: more than PMB_JOB_PARTITIONS_MAX, 16 partitions" },
	{ "backend=kmalloc-part workload=alloc size=64 count=8 partitions=4k\n",
	  "bad.suite:1: partitions=4k: '4k' is not a whole number" },
	{ "backend=kmalloc-part workload=alloc size=64 count=8 partitions=-1\n",
	  "bad.suite:1: partitions=-1: '-1' is not a whole number" },
	{ "backend=kmalloc,vmalloc workload=alloc size=64 count=8 partitions=4\n",
	  "bad.suite:1: partitions= applies only to backend=kmalloc-part" },
	{ "# nothing but comments\n\n", "bad.suite: no job in the suite" },
};

/* @msg with {backends}, {workloads}, {methods} as the registry lists them. */
static void expected(char *buf, size_t len, const char *msg)
{
	static const struct {
		const char *tag;
		const char *(*name)(unsigned int);
	} tags[] = {
		{ "{backends}", pmb_backend_name },
		{ "{workloads}", pmb_workload_name },
		{ "{methods}", pmb_method_name },
	};
	char list[256];
	size_t used = 0, i;

	while (*msg && used + 1 < len) {
		for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (!strncmp(msg, tags[i].tag, strlen(tags[i].tag)))
				break;
		if (i == sizeof(tags) / sizeof(tags[0])) {
			buf[used++] = *msg++;
			continue;
		}
		pmb_name_list(list, sizeof(list), tags[i].name, ", ");
		used += (size_t)snprintf(buf + used, len - used, "%s", list);
		msg += strlen(tags[i].tag);
	}
	buf[used < len ? used : len - 1] = '\0';
}

static void test_bad_inputs_say_file_line_message(void **state)
{
	struct pmb_suite s;
	char err[512], want[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = parse_text(&s, "bad.suite", bad[i].text, err, sizeof(err));

		expected(want, sizeof(want), bad[i].message);
		if (ret != -1 || strcmp(err, want))
			fail_msg("input %zu: %s\n  got ret %d: '%s'\n  want: '%s'", i,
				 bad[i].text, ret, err, want);
		/* a bad line means nothing runs */
		assert_int_equal(s.nr_jobs, 0);
		assert_null(s.jobs);
	}
}

/*
 * One parser, two registries: the module's suites know neither the
 * userspace twin's key threads= nor its names, and every job of a module
 * suite says threads -1 (not a key of the job).
 */
static void test_registry_keys(void **state)
{
	struct pmb_suite s;
	char err[512];
	size_t i;

	assert_int_equal(parse_text(&s, "m.suite",
		"backend=vmalloc workload=protect size=64 count=4 threads=1\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "m.suite:1: unknown key 'threads' (keys: "));
	assert_int_equal(parse_text(&s, "m.suite",
		"backend=pool-bump workload=alloc size=64 count=4\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "m.suite:1: backend=pool-bump: unknown backend 'pool-bump'"));
	assert_int_equal(parse_text(&s, "m.suite", good, err, sizeof(err)), 0);
	for (i = 0; i < s.nr_jobs; i++)
		assert_int_equal(s.jobs[i].threads, -1);
	pmb_suite_free(&s);
}

/* A bad line after good ones still rejects the whole suite. */
static void test_error_after_good_lines_keeps_nothing(void **state)
{
	struct pmb_suite s;
	char err[512];

	assert_int_equal(parse_text(&s, "late.suite",
				    "backend=vmalloc workload=alloc size=64 count=8\n"
				    "backend=vmalloc workload=alloc size=64 count=8\n"
				    "backend=vmalloc workload=alloc size=64 count=eight\n",
				    err, sizeof(err)), -1);
	assert_string_equal(err, "late.suite:3: count=eight: 'eight' is not a number (digits, optionally with k, M or G: 4k = 4096)");
	assert_int_equal(s.nr_jobs, 0);
}

/* The limits themselves are allowed: the module takes them. */
static void test_limits_are_inclusive(void **state)
{
	struct pmb_suite s;
	char err[512];

	assert_int_equal(parse_text(&s, "max.suite",
				    "backend=pmalloc workload=alloc size=4M count=1 repeats=10000 warmup=0\n"
				    "backend=kmalloc workload=alloc size=8 count=1M repeats=1 warmup=9999\n",
				    err, sizeof(err)), 0);
	assert_int_equal(s.nr_jobs, 2);
	assert_int_equal(s.jobs[0].job.size, PMB_JOB_SIZE_MAX);
	assert_int_equal(s.jobs[0].job.repeats, PMB_JOB_SAMPLES_MAX);
	assert_int_equal(s.jobs[1].job.count, PMB_JOB_COUNT_MAX);
	assert_int_equal(s.jobs[1].job.repeats + s.jobs[1].job.warmup, PMB_JOB_SAMPLES_MAX);
	pmb_suite_free(&s);
}

/* backend=all and workload=all: every row of the registry, in its order. */
static void test_all_is_every_row(void **state)
{
	struct pmb_suite s;
	char err[512];
	unsigned int b, w;

	assert_int_equal(parse_text(&s, "all.suite",
				    "backend=all workload=all size=64 count=8\n",
				    err, sizeof(err)), 0);
	assert_int_equal(s.nr_jobs, PMB_NR_BACKENDS * PMB_NR_WORKLOADS);
	for (w = 0; w < PMB_NR_WORKLOADS; w++) {
		for (b = 0; b < PMB_NR_BACKENDS; b++) {
			const struct pmb_job *j = &s.jobs[w * PMB_NR_BACKENDS + b].job;

			assert_int_equal(j->workload, w);
			assert_int_equal(j->backend, b);	/* innermost */
		}
	}
	pmb_suite_free(&s);
	/*
	 * A key that applies to some workload of all is fine: verify= lands
	 * on every workload whose row takes it and protects by itself
	 * (protect, unprotect, usercopy...), not on read without protected=.
	 */
	assert_int_equal(parse_text(&s, "all.suite",
				    "backend=vmalloc workload=all size=64 count=8 verify=yes\n",
				    err, sizeof(err)), 0);
	for (b = 0; b < s.nr_jobs; b++) {
		w = s.jobs[b].job.workload;
		assert_int_equal(!!(s.jobs[b].job.flags & PMB_JOB_VERIFY),
				 pmb_workload_accepts(w, PMB_JOB_VERIFY) &&
				 pmb_job_would_protect(w, 0));
	}
	assert_true(s.jobs[PMB_WL_PROTECT].job.flags & PMB_JOB_VERIFY);
	assert_false(s.jobs[PMB_WL_READ].job.flags & PMB_JOB_VERIFY);
	pmb_suite_free(&s);
}

/* pmbench job's options: the same limits, one line per limit passed. */
static void test_command_line_limits(void **state)
{
	static const struct {
		__u64 size, count;
		__u32 repeats, warmup;
		const char *out;
		__u32 backend, partitions;
	} cases[] = {
		{ 64, 8, 5, 1, "", PMB_BACKEND_KMALLOC, 0 },
		{ PMB_JOB_SIZE_MAX, PMB_JOB_COUNT_MAX, PMB_JOB_SAMPLES_MAX, 0, "", PMB_BACKEND_KMALLOC, 0 },
		{ 8 << 20, 8, 5, 1,
		  "pmbench: job: --size 8388608: more than PMB_JOB_SIZE_MAX, 4M bytes per object\n", PMB_BACKEND_KMALLOC, 0 },
		{ 0, 2000000, 5, 1,
		  "pmbench: job: --size 0: must be at least 1\n"
		  "pmbench: job: --count 2000000: more than PMB_JOB_COUNT_MAX, 1M objects per job\n", PMB_BACKEND_KMALLOC, 0 },
		{ 64, 8, 10000, 1,
		  "pmbench: job: --repeats 10000 + --warmup 1: more than PMB_JOB_SAMPLES_MAX, 10000 samples per job\n", PMB_BACKEND_KMALLOC, 0 },
		/* the sum cannot wrap around to something small */
		{ 64, 8, 0xffffffffu, 2,
		  "pmbench: job: --repeats 4294967295 + --warmup 2: more than PMB_JOB_SAMPLES_MAX, 10000 samples per job\n", PMB_BACKEND_KMALLOC, 0 },
		/* partitions: 1 to 16 on kmalloc-part, none elsewhere */
		{ 64, 8, 5, 1, "", PMB_BACKEND_KMALLOC_PART, 16 },
		{ 64, 8, 5, 1,
		  "pmbench: job: --partitions 0: not 1 to PMB_JOB_PARTITIONS_MAX, 16\n",
		  PMB_BACKEND_KMALLOC_PART, 0 },
		{ 64, 8, 5, 1,
		  "pmbench: job: --partitions 17: not 1 to PMB_JOB_PARTITIONS_MAX, 16\n",
		  PMB_BACKEND_KMALLOC_PART, 17 },
		{ 64, 8, 5, 1,
		  "pmbench: job: --partitions: backend vmalloc takes none (only backends with PMB_CAN_PARTITION do)\n",
		  PMB_BACKEND_VMALLOC, 2 },
	};
	size_t i, len;
	char *out;
	FILE *f;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pmb_job job = { .size = cases[i].size, .count = cases[i].count,
				       .repeats = cases[i].repeats, .warmup = cases[i].warmup,
				       .backend = cases[i].backend,
				       .partitions = cases[i].partitions };
		int ret;

		out = NULL;
		f = open_memstream(&out, &len);
		ret = pmb_job_check_limits(&job, "pmbench: job: ", f);
		fclose(f);
		if (ret != (cases[i].out[0] ? -1 : 0) || strcmp(out, cases[i].out))
			fail_msg("case %zu: ret %d, printed '%s'", i, ret, out);
		free(out);
	}
}

/*
 * partitions= is the backend's key: a list of N expands only for the
 * backends whose row has PMB_CAN_PARTITION (backend=all makes one job on
 * each other backend, with no partitions); 1 there when not given; a set
 * line's partitions= applies where it can.
 */
static void test_partitions_key(void **state)
{
	static const unsigned int n[] = { 1, 2, 4, 8, 16 };
	struct pmb_suite s;
	char err[512], what[160];
	unsigned int b, parts = 0, others = 0;
	size_t i;

	assert_int_equal(parse_text(&s, "p.suite",
				    "backend=all workload=alloc size=64 count=1k partitions=1,2,4,8,16\n",
				    err, sizeof(err)), 0);
	assert_int_equal(s.nr_jobs, PMB_NR_BACKENDS - 1 + 5);
	for (i = 0; i < s.nr_jobs; i++) {
		const struct pmb_job *j = &s.jobs[i].job;

		b = j->backend;
		if (pmb_backend_caps(b) & PMB_CAN_PARTITION) {
			assert_int_equal(b, PMB_BACKEND_KMALLOC_PART);
			assert_int_equal(j->partitions, n[parts++]);
		} else {
			assert_int_equal(j->partitions, 0);
			others++;
		}
		assert_int_equal(j->pad, 0);
	}
	assert_int_equal(parts, 5);
	assert_int_equal(others, PMB_NR_BACKENDS - 1);
	pmb_suite_free(&s);

	/* not given: 1; from a set line: there, and nowhere else */
	assert_int_equal(parse_text(&s, "p.suite",
				    "backend=kmalloc-part workload=free size=64 count=8\n"
				    "set partitions=8\n"
				    "backend=kmalloc,kmalloc-part workload=footprint size=64 count=8\n",
				    err, sizeof(err)), 0);
	assert_int_equal(s.nr_jobs, 3);
	assert_int_equal(s.jobs[0].job.partitions, 1);
	assert_int_equal(s.jobs[1].job.backend, PMB_BACKEND_KMALLOC);
	assert_int_equal(s.jobs[1].job.partitions, 0);
	assert_int_equal(s.jobs[2].job.partitions, 8);
	pmb_suite_job_describe(&s.jobs[2], what, sizeof(what));
	assert_string_equal(what, "kmalloc-part footprint size=64 count=8 partitions=8");
	pmb_suite_job_describe(&s.jobs[1], what, sizeof(what));
	assert_string_equal(what, "kmalloc footprint size=64 count=8");
	pmb_suite_free(&s);

	/* the registry: it takes partitions and nothing that protects */
	assert_true(pmb_backend_caps(PMB_BACKEND_KMALLOC_PART) & PMB_CAN_PARTITION);
	assert_false(pmb_job_supported(PMB_BACKEND_KMALLOC_PART, PMB_WL_PROTECT, 0));
	assert_false(pmb_job_supported(PMB_BACKEND_KMALLOC_PART, PMB_WL_READ,
				       PMB_JOB_READ_PROTECTED));
	assert_true(pmb_job_supported(PMB_BACKEND_KMALLOC_PART, PMB_WL_FREE, 0));
	for (b = 0; b < PMB_NR_BACKENDS; b++)
		if (b != PMB_BACKEND_KMALLOC_PART)
			assert_false(pmb_backend_caps(b) & PMB_CAN_PARTITION);
}

/* The shared number parser of partitions= and --partitions. */
static void test_partitions_parser(void **state)
{
	unsigned int v;
	char why[128];

	assert_int_equal(pmb_parse_partitions("1", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 1);
	assert_int_equal(pmb_parse_partitions("16", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 16);
	assert_int_equal(pmb_parse_partitions("0x10", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 16);
	assert_int_equal(pmb_parse_partitions("17", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "more than PMB_JOB_PARTITIONS_MAX, 16 partitions");
	assert_int_equal(pmb_parse_partitions("0", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "must be at least 1");
	assert_int_equal(pmb_parse_partitions("", &v, why, sizeof(why)), -1);
	assert_int_equal(pmb_parse_partitions(" 4", &v, why, sizeof(why)), -1);
	assert_int_equal(pmb_parse_partitions("99999999999999999999", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "'99999999999999999999' is not a whole number");
}

static int parse_all(struct pmb_suite *s, const char *text, struct pmb_suite_errors *e)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(f);
	memset(s, 0, sizeof(*s));
	ret = pmb_suite_parse_all(s, f, "many.suite", e);
	fclose(f);
	return ret;
}

/* Every bad line is named in one pass, in file order; good lines between are fine. */
static void test_every_error_is_reported(void **state)
{
	static const char text[] =
		"backend=vmalloc workload=alloc size=64 count=8\n"
		"backend=slab workload=alloc size=64 count=8\n"
		"backend=vmalloc workload=alloc size=8M count=2000000\n"
		"backend=vmalloc workload=alloc size=64 count=8\n"
		"backend=vmalloc workload=alloc size=64 count=8 pattern=sweep\n"
		"set repeats=ten\n"
		"backend=vmalloc workload=alloc size=64 count=8\n"
		"set repeats=3\n"
		"backend=vmalloc workload=alloc size=64 count=8 colour=red\n";
	struct pmb_suite_errors *e = calloc(1, sizeof(*e));
	struct pmb_suite s;
	char *out = NULL, *c, want[512];
	size_t outlen = 0;
	unsigned int lines;
	FILE *mem;

	assert_int_equal(parse_all(&s, text, e), -1);
	assert_int_equal(e->more, 0);
	if (e->n != 6)
		fail_msg("%u messages, first: %s", e->n, e->msg[0]);
	expected(want, sizeof(want), "many.suite:2: backend=slab: unknown backend 'slab' ({backends})");
	assert_string_equal(e->msg[0], want);
	/* both bad words of one line */
	assert_string_equal(e->msg[1], "many.suite:3: size=8M: more than PMB_JOB_SIZE_MAX, 4M bytes per object");
	assert_string_equal(e->msg[2], "many.suite:3: count=2000000: more than PMB_JOB_COUNT_MAX, 1M objects per job");
	assert_string_equal(e->msg[3], "many.suite:5: pattern= applies only to workload=read");
	/* the bad set line, and not again for the line that would use it */
	assert_string_equal(e->msg[4], "many.suite:6: repeats=ten: 'ten' is not a whole number");
	assert_string_equal(e->msg[5], "many.suite:9: unknown key 'colour' (keys: backend, workload, size, count, repeats, warmup, cpu, cpus, method, pattern, protected, verify, partitions)");
	assert_int_equal(s.nr_jobs, 0);
	assert_null(s.jobs);

	mem = open_memstream(&out, &outlen);
	pmb_suite_errors_print(e, mem, "pmbench: ", "many.suite");
	fclose(mem);
	assert_int_equal(strncmp(out, "pmbench: many.suite:2: backend=slab", 35), 0);
	/* one line each, nothing after the last */
	for (lines = 0, c = out; (c = strchr(c, '\n')); c++)
		lines++;
	assert_int_equal(lines, 6);
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
	free(e);
}

/* Past PMB_SUITE_MAX_ERRORS the rest are counted: "and N more errors". */
static void test_errors_are_capped(void **state)
{
	struct pmb_suite_errors *e = calloc(1, sizeof(*e));
	struct pmb_suite s;
	char *text = calloc(1, 64 * 64), *out = NULL;
	size_t i, outlen = 0;
	FILE *mem;

	for (i = 0; i < 25; i++)
		strcat(text, "backend=vmalloc workload=alloc size=0 count=8\n");
	strcat(text, "backend=vmalloc workload=alloc size=64 count=8\n");
	assert_int_equal(parse_all(&s, text, e), -1);
	assert_int_equal(e->n, PMB_SUITE_MAX_ERRORS);
	assert_int_equal(e->more, 25 - PMB_SUITE_MAX_ERRORS);
	assert_string_equal(e->msg[19], "many.suite:20: size=0: must be at least 1");
	mem = open_memstream(&out, &outlen);
	pmb_suite_errors_print(e, mem, "pmbench: ", "many.suite");
	fclose(mem);
	assert_non_null(strstr(out, "pmbench: many.suite:20: size=0: must be at least 1\n"
			       "pmbench: many.suite: and 5 more errors\n"));
	free(out);
	free(text);
	free(e);
}

static void test_too_many_jobs(void **state)
{
	struct pmb_suite s;
	char err[512];

	/* 3 x 7 x 64 x 64 x ... : far beyond the limit, refused, not allocated */
	assert_int_equal(parse_text(&s, "big.suite",
				    "backend=kmalloc,vmalloc,pmalloc workload=alloc,free,protect,unprotect,read,footprint,destroy "
				    "size=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30 "
				    "count=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30 "
				    "repeats=1,2,3,4,5,6,7,8,9,10\n", err, sizeof(err)), -1);
	assert_string_equal(err, "big.suite:1: the suite expands to more than 100000 jobs");
}

static void test_missing_file(void **state)
{
	struct pmb_suite s = { 0 };
	char err[512];

	assert_int_equal(pmb_suite_load(&s, "/nonexistent/x.suite", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/x.suite: No such file or directory");
}

/* One number parser for suites and options: base 10 unless 0x, a digit first. */
static void test_number_parser(void **state)
{
	static const struct {
		const char *s;
		bool suffix;
		int ret;
		unsigned long long v;
	} cases[] = {
		{ "010", false, 0, 10 },	/* not octal 8 */
		{ "0x10", false, 0, 16 },
		{ "0X1f", false, 0, 31 },
		{ "4k", true, 0, 4096 },
		{ "4k", false, -1, 0 },
		{ "18446744073709551615", false, 0, ~0ULL },
		{ "18446744073709551616", false, -1, 0 },
		{ "16777216G", true, 0, 1ULL << 54 },
		{ "17179869184G", true, -1, 0 },	/* 2^34 * 2^30 overflows */
		{ " -18446744073709551615", false, -1, 0 },
		{ " -1", false, -1, 0 },
		{ " 5", false, -1, 0 },
		{ "-1", false, -1, 0 },
		{ "+1", false, -1, 0 },
		{ "0x", false, -1, 0 },
		{ "0x-1", false, -1, 0 },
		{ "0x 1", false, -1, 0 },
		{ "1 ", false, -1, 0 },
		{ "", false, -1, 0 },
		{ "1kk", true, -1, 0 },
	};
	unsigned long long v;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 12345;
		if (pmb_parse_u64(cases[i].s, cases[i].suffix, &v) != cases[i].ret ||
		    (!cases[i].ret && v != cases[i].v))
			fail_msg("'%s': got %llu", cases[i].s, v);
	}
}

/* The same bytes, NUL included, as a stream. */
static int parse_bytes(struct pmb_suite *s, const char *bytes, size_t n,
		       char *err, size_t len)
{
	FILE *f = fmemopen((void *)bytes, n, "r");
	int ret;

	assert_non_null(f);
	memset(s, 0, sizeof(*s));
	ret = pmb_suite_parse(s, f, "x.suite", err, len);
	fclose(f);
	return ret;
}

static void test_nul_and_non_utf8_are_refused(void **state)
{
	static const char nul[] = "backend=vmalloc workload=alloc size=64 count=8\n"
				  "backend=vmalloc workload=alloc size=64\0 count=8\n";
	struct pmb_suite s;
	char err[512];

	/* A NUL byte used to end the line silently: count= was lost. */
	assert_int_equal(parse_bytes(&s, nul, sizeof(nul) - 1, err, sizeof(err)), -1);
	assert_string_equal(err, "x.suite:2: NUL byte in the line (a suite is text)");
	assert_int_equal(s.nr_jobs, 0);
	assert_int_equal(parse_text(&s, "x.suite", "# caf\xe9\n", err, sizeof(err)), -1);
	assert_string_equal(err, "x.suite:1: not UTF-8 text");
	assert_int_equal(parse_text(&s, "x.suite", "# \xc0\xaf overlong\n", err, sizeof(err)), -1);
	assert_int_equal(parse_text(&s, "x.suite", "# caf\xc3\xa9 is fine\n"
				    "backend=vmalloc workload=alloc size=64 count=8\n",
				    err, sizeof(err)), 0);
	pmb_suite_free(&s);
	/* The file name names the suite in env.json: it must be text too. */
	assert_int_equal(parse_text(&s, "dir/b\xff" "d.suite",
				    "backend=vmalloc workload=alloc size=64 count=8\n",
				    err, sizeof(err)), -1);
	assert_string_equal(err, "dir/b\xff" "d.suite: the file name is not UTF-8 text (it names the suite in env.json)");
}

/* An endless line of 'a': reads stop at the limit (it used to grow to GBs). */
static ssize_t endless_read(void *cookie, char *buf, size_t size)
{
	size_t *total = cookie;

	memset(buf, 'a', size);
	*total += size;
	return (ssize_t)size;
}

static void test_long_lines_are_bounded(void **state)
{
	cookie_io_functions_t io = { .read = endless_read };
	struct pmb_suite s = { 0 };
	char err[512], *text;
	size_t total = 0;
	FILE *f;

	f = fopencookie(&total, "r", io);
	assert_non_null(f);
	assert_int_equal(pmb_suite_parse(&s, f, "endless.suite", err, sizeof(err)), -1);
	fclose(f);
	assert_string_equal(err, "endless.suite:1: line longer than 4096 characters");
	/* what was read: the line up to the limit, and one stdio buffer */
	assert_true(total < 1 << 20);

	/* /dev/zero: refused at the limit, not read into a 1.9 GB line */
	assert_int_equal(pmb_suite_load(&s, "/dev/zero", err, sizeof(err)), -1);
	assert_string_equal(err, "/dev/zero:1: line longer than 4096 characters");

	/* 4096 characters and the newline are still a line */
	text = malloc(4096 + 3);
	assert_non_null(text);
	memset(text, ' ', 4096);
	memcpy(text, "backend=vmalloc workload=alloc size=64 count=8", 46);
	strcpy(text + 4096, "\n");
	assert_int_equal(parse_text(&s, "x.suite", text, err, sizeof(err)), 0);
	pmb_suite_free(&s);
	/* one more is not */
	strcpy(text + 4096, " \n");
	assert_int_equal(parse_text(&s, "x.suite", text, err, sizeof(err)), -1);
	assert_string_equal(err, "x.suite:1: line longer than 4096 characters");
	free(text);
}

static void test_describe(void **state)
{
	struct pmb_suite s;
	char err[512], what[160];

	assert_int_equal(parse_text(&s, "d.suite",
				    "backend=pmalloc workload=read size=4k count=1024 pattern=sweep protected=yes method=pte cpu=0 cpus=2\n",
				    err, sizeof(err)), 0);
	pmb_suite_job_describe(&s.jobs[0], what, sizeof(what));
	/* "pmalloc", the alias, is the genalloc design, and says so. */
	assert_int_equal(s.jobs[0].job.backend, PMB_BACKEND_PMALLOC);
	assert_string_equal(what, "pmalloc-genalloc read size=4k count=1024 pattern=sweep protected=yes method=pte cpu=0 cpus=2");
	pmb_suite_free(&s);
	/* flags a workload does not take are not shown; verify where set */
	assert_int_equal(parse_text(&s, "d.suite",
				    "backend=vmalloc workload=protect,alloc size=64 count=8 verify=yes\n",
				    err, sizeof(err)), 0);
	pmb_suite_job_describe(&s.jobs[0], what, sizeof(what));
	assert_string_equal(what, "vmalloc protect size=64 count=8 verify=yes");
	pmb_suite_job_describe(&s.jobs[1], what, sizeof(what));
	assert_string_equal(what, "vmalloc alloc size=64 count=8");
	pmb_suite_free(&s);
}

/* The shipped suites parse, and cover what their headers promise. */
static void load_shipped(struct pmb_suite *s, const char *name)
{
	const char *top = getenv("PMB_TOP_SRCDIR");
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/bench/suites/%s.suite", top ? top : ".", name);
	memset(s, 0, sizeof(*s));
	if (pmb_suite_load(s, path, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(s->name, name);
}

static unsigned int covered(const struct pmb_suite *s, unsigned int backend,
			    unsigned int workload)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < s->nr_jobs; i++)
		n += s->jobs[i].job.backend == backend && s->jobs[i].job.workload == workload;
	return n;
}

static void test_shipped_suites(void **state)
{
	static const char *const names[] = { "quick", "default", "full" };
	struct pmb_suite s;
	unsigned int b, w, n;

	for (n = 0; n < 3; n++) {
		load_shipped(&s, names[n]);
		/* every backend meets every workload in every suite */
		for (b = 0; b < PMB_NR_BACKENDS; b++)
			for (w = 0; w < PMB_NR_WORKLOADS; w++)
				if (!covered(&s, b, w))
					fail_msg("%s: no job for backend %u workload %u", names[n], b, w);
		if (n == 0)
			/* quick stays quick: a few jobs per pair at most */
			assert_in_range(s.nr_jobs, 21,
					PMB_NR_BACKENDS * (PMB_NR_WORKLOADS + 4));
		pmb_suite_free(&s);
	}
}

/* --cost: the jobs of one cost, in suite order; the other cost's are gone. */
static void test_keep_cost(void **state)
{
	static const char text[] =
		"backend=vmalloc,kmalloc workload=alloc,read,footprint size=64 count=8\n"
		"backend=vmalloc workload=read size=64 count=16 pattern=chase,sweep\n";
	struct pmb_suite s = { 0 };
	char err[256];
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	size_t i;

	(void)state;
	assert_int_equal(pmb_suite_parse(&s, f, "cost.suite", err, sizeof(err)), 0);
	fclose(f);
	assert_int_equal(s.nr_jobs, 8);
	assert_int_equal(pmb_suite_keep_cost(&s, PMB_COST_MEMORY), 4);
	assert_int_equal(s.nr_jobs, 4);
	for (i = 0; i < s.nr_jobs; i++)
		assert_int_equal(s.jobs[i].job.workload, PMB_WL_READ);
	assert_int_equal(s.jobs[0].job.backend, PMB_BACKEND_VMALLOC);
	assert_int_equal(s.jobs[1].job.backend, PMB_BACKEND_KMALLOC);
	assert_int_equal(s.jobs[3].job.count, 16);
	assert_int_equal(s.jobs[3].job.flags & PMB_JOB_READ_SWEEP, PMB_JOB_READ_SWEEP);
	assert_int_equal(pmb_suite_keep_cost(&s, PMB_COST_PATH), 0);
	pmb_suite_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file_expands),
		cmocka_unit_test(test_keep_cost),
		cmocka_unit_test(test_inapplicable_list_makes_no_duplicates),
		cmocka_unit_test(test_bad_inputs_say_file_line_message),
		cmocka_unit_test(test_registry_keys),
		cmocka_unit_test(test_error_after_good_lines_keeps_nothing),
		cmocka_unit_test(test_limits_are_inclusive),
		cmocka_unit_test(test_all_is_every_row),
		cmocka_unit_test(test_command_line_limits),
		cmocka_unit_test(test_partitions_key),
		cmocka_unit_test(test_partitions_parser),
		cmocka_unit_test(test_every_error_is_reported),
		cmocka_unit_test(test_errors_are_capped),
		cmocka_unit_test(test_too_many_jobs),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_number_parser),
		cmocka_unit_test(test_nul_and_non_utf8_are_refused),
		cmocka_unit_test(test_long_lines_are_bounded),
		cmocka_unit_test(test_shipped_suites),
	};

	return cmocka_run_group_tests_name("suite", tests, NULL, NULL);
}
