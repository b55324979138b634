// SPDX-License-Identifier: GPL-2.0
/*
 * pmbench-report --test-vmalloc: which jobs become lib/test_vmalloc
 * Summary lines, the numbers on them (known answers), and the line's
 * exact shape (the kernel module's format string, field by field).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream(), mkdtemp() */
#endif
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/vmalloc_summary.h"

struct scratch {
	char dir[64];
	struct rpt_run run;
};

/* A run made of @results (results.jsonl text) beside a minimal env.json. */
static void scratch_run(struct scratch *s, const char *results)
{
	char path[PATH_MAX], err[512];
	FILE *f;

	strcpy(s->dir, "/tmp/20261202-000000-vm-tcg-tvm.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(path, sizeof(path), "%s/env.json", s->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"target\":\"vm-icount\",\"kernel\":\"6.1.0-57-amd64\",\"cpu_model\":\"QEMU\",\"protect_method\":\"cpa\",\"suite\":\"job\"}\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/results.jsonl", s->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(results, f);
	fclose(f);
	if (rpt_run_load(s->dir, &s->run, err, sizeof(err)))
		fail_msg("%s", err);
}

static void scratch_free(struct scratch *s)
{
	char path[PATH_MAX];

	rpt_run_free(&s->run);
	snprintf(path, sizeof(path), "%s/env.json", s->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/results.jsonl", s->dir);
	unlink(path);
	rmdir(s->dir);
}

/* What rpt_write_test_vmalloc() writes for @run; *lines: its return. */
static char *text_of(const struct rpt_run *run, size_t *lines)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*lines = rpt_write_test_vmalloc(f, run);
	fclose(f);
	return buf;
}

/* The lines of @text that start with "Summary: ", in order. */
static size_t summaries(const char *text, char out[][160], size_t max)
{
	const char *p = text;
	size_t n = 0;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (!strncmp(p, "Summary: ", 9) && n < max && len < 160) {
			memcpy(out[n], p, len);
			out[n][len] = '\0';
			n++;
		}
		p = nl ? nl + 1 : NULL;
	}
	return n;
}

#define LINE(job, be, wl, size, count, rep, ns) \
	"{\"job\":" #job ",\"backend\":\"" be "\",\"workload\":\"" wl \
	"\",\"size\":" #size ",\"count\":" #count ",\"repeat\":" #rep \
	",\"status\":\"ok\",\"ns_per_op\":" #ns "}\n"
#define ERR(job, be, wl, size, count, rep) \
	"{\"job\":" #job ",\"backend\":\"" be "\",\"workload\":\"" wl \
	"\",\"size\":" #size ",\"count\":" #count ",\"repeat\":" #rep \
	",\"status\":\"error\",\"error\":\"ENOMEM\",\"ns_per_op\":null}\n"

/*
 * One-page vmalloc alloc (1000, 1200 and 1400 ns an object, mean 1200)
 * and free (500 ns) over 16 objects: a pass of the case is 16 x 1700 ns
 * = 27.2 us, printed as test_vmalloc prints it, whole us rounded down.
 */
static void test_known_answer(void **state)
{
	struct scratch s;
	char got[4][160], *text;
	size_t n;

	(void)state;
	scratch_run(&s,
		LINE(0, "vmalloc", "alloc", 4096, 16, 0, 1000)
		LINE(0, "vmalloc", "alloc", 4096, 16, 1, 1200)
		LINE(0, "vmalloc", "alloc", 4096, 16, 2, 1400)
		LINE(1, "vmalloc", "free", 4096, 16, 0, 500)
		LINE(1, "vmalloc", "free", 4096, 16, 1, 500)
		LINE(1, "vmalloc", "free", 4096, 16, 2, 500));
	text = text_of(&s.run, &n);
	assert_int_equal(n, 1);
	assert_int_equal(summaries(text, got, 4), 1);
	assert_string_equal(got[0],
		"Summary: fix_size_alloc_test passed: 3 failed: 0 repeat: 3 loops: 16 avg: 27 usec");
	/* Where it comes from, on '#' lines before it. */
	assert_non_null(strstr(text, "# pmbench run "));
	assert_non_null(strstr(text, "target vm-icount, kernel 6.1.0-57-amd64"));
	assert_non_null(strstr(text, "alloc job 0 + free job 1"));
	free(text);
	scratch_free(&s);
}

/*
 * The line parses with the kernel module's own format, field by field
 * ("Summary: %s passed: %d failed: %d repeat: %d loops: %d avg: %llu
 * usec"), and nothing is left over.
 */
static void test_kernel_format(void **state)
{
	struct scratch s;
	char got[4][160], name[64], tail[8], *text;
	int passed, failed, repeat, loops, used = -1;
	unsigned long long avg;
	size_t n;

	(void)state;
	scratch_run(&s,
		LINE(3, "vmalloc", "alloc", 4096, 1, 0, 4225)
		LINE(4, "vmalloc", "free", 4096, 1, 0, 1775.5));
	text = text_of(&s.run, &n);
	assert_int_equal(summaries(text, got, 4), 1);
	assert_int_equal(sscanf(got[0], "Summary: %63s passed: %d failed: %d repeat: %d loops: %d avg: %llu %7s%n",
				name, &passed, &failed, &repeat, &loops, &avg,
				tail, &used), 7);
	assert_string_equal(name, "fix_size_alloc_test");
	assert_int_equal(passed, 1);
	assert_int_equal(failed, 0);
	assert_int_equal(repeat, 1);
	assert_int_equal(loops, 1);
	assert_int_equal(avg, 6);	/* 4225 + 1775.5 ns = 6.0005 us */
	assert_string_equal(tail, "usec");
	assert_int_equal(used, (int)strlen(got[0]));
	free(text);
	scratch_free(&s);
}

/*
 * Only what matches: not other sizes, backends or an alloc without its
 * free; one line per count, each pairing the jobs of its own count.
 */
static void test_only_matching_jobs(void **state)
{
	struct scratch s;
	char got[4][160], *text;
	size_t n;

	(void)state;
	scratch_run(&s,
		LINE(0, "vmalloc", "alloc", 64, 16, 0, 900)
		LINE(1, "vmalloc", "free", 64, 16, 0, 400)
		LINE(2, "kmalloc", "alloc", 4096, 16, 0, 100)
		LINE(3, "kmalloc", "free", 4096, 16, 0, 100)
		LINE(4, "pmalloc-genalloc", "alloc", 4096, 16, 0, 300)
		LINE(5, "vmalloc", "alloc", 4096, 256, 0, 3000)
		LINE(6, "vmalloc", "free", 4096, 256, 0, 1000)
		LINE(7, "vmalloc", "alloc", 4096, 1024, 0, 2000)
		LINE(8, "vmalloc", "protect", 4096, 16, 0, 2000));
	text = text_of(&s.run, &n);
	assert_int_equal(n, 1);
	assert_int_equal(summaries(text, got, 4), 1);
	assert_string_equal(got[0],
		"Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: 256 avg: 1024 usec");
	free(text);
	scratch_free(&s);

	scratch_run(&s,
		LINE(0, "vmalloc", "alloc", 64, 16, 0, 900)
		LINE(1, "vmalloc", "free", 64, 16, 0, 400));
	text = text_of(&s.run, &n);
	assert_int_equal(n, 0);
	assert_int_equal(summaries(text, got, 4), 0);
	assert_non_null(strstr(text, "# no test_vmalloc case in this run"));
	free(text);
	scratch_free(&s);
}

/*
 * A repeat that failed counts as failed; a pair with no timed sample at
 * all gets no Summary line (no made-up avg), only a '#' line saying why.
 */
static void test_failures(void **state)
{
	struct scratch s;
	char got[4][160], *text;
	size_t n;

	(void)state;
	scratch_run(&s,
		LINE(0, "vmalloc", "alloc", 4096, 16, 0, 1000)
		LINE(0, "vmalloc", "alloc", 4096, 16, 1, 1000)
		LINE(1, "vmalloc", "free", 4096, 16, 0, 500)
		ERR(1, "vmalloc", "free", 4096, 16, 1));
	text = text_of(&s.run, &n);
	assert_int_equal(summaries(text, got, 4), 1);
	assert_string_equal(got[0],
		"Summary: fix_size_alloc_test passed: 1 failed: 1 repeat: 2 loops: 16 avg: 24 usec");
	free(text);
	scratch_free(&s);

	scratch_run(&s,
		ERR(0, "vmalloc", "alloc", 4096, 16, 0)
		LINE(1, "vmalloc", "free", 4096, 16, 0, 500));
	text = text_of(&s.run, &n);
	assert_int_equal(n, 0);
	assert_int_equal(summaries(text, got, 4), 0);
	assert_non_null(strstr(text, "# fix_size_alloc_test: no Summary line: ENOMEM"));
	free(text);
	scratch_free(&s);
}

/* The published icount reference run has the case, at every count. */
static void test_reference_run(void **state)
{
	const char *top = getenv("PMB_TOP_SRCDIR");
	char dir[PATH_MAX], err[512], got[8][160], *text;
	struct rpt_run run;
	size_t n, i;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/results/20261202-150810-vm-icount-default",
		 top ? top : ".");
	if (rpt_run_load(dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	text = text_of(&run, &n);
	assert_int_equal(n, 3);		/* count=16,256,1k at 4k */
	assert_int_equal(summaries(text, got, 8), 3);
	for (i = 0; i < 3; i++)
		assert_non_null(strstr(got[i], "Summary: fix_size_alloc_test passed: "));
	free(text);
	rpt_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_kernel_format),
		cmocka_unit_test(test_only_matching_jobs),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_reference_run),
	};

	rpt_stats_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
