// SPDX-License-Identifier: GPL-2.0
/*
 * Reading results/<run-id>/: the committed fixture, and broken runs
 * written on the fly to check that every error names file, line and cause.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream(), mkdtemp() */
#endif
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/format.h"
#include "report/run.h"
#include "report/tables.h"

/* tests/fixtures under $PMB_TOP_SRCDIR, as tests/run-tests sets it. */
static void fixture(char *buf, size_t len, const char *name)
{
	const char *top = getenv("PMB_TOP_SRCDIR");

	snprintf(buf, len, "%s/tests/fixtures/%s", top ? top : ".", name);
}

static const char env_ok[] =
	"{\"schema\":1,\"target\":\"vm-tcg\",\"kernel\":\"6.1.0-56-amd64\","
	"\"cpus\":2,\"cpu_model\":\"QEMU Virtual CPU version 2.5+\","
	"\"protect_method\":\"pte\",\"suite\":\"job\"}\n";

static const char line_ok[] =
	"{\"job\":0,\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,"
	"\"count\":16,\"repeat\":%d,\"status\":\"ok\",\"ops\":16,"
	"\"ns_per_op\":%d,\"cycles_per_op\":null,\"target\":\"vm-tcg\","
	"\"counters\":{\"cycles\":null,\"page-faults\":0}}\n";

struct scratch {
	char dir[64];
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/pmb-report-test-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	*state = s;
	return 0;
}

static int scratch_teardown(void **state)
{
	struct scratch *s = *state;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/env.json", s->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/results.jsonl", s->dir);
	unlink(path);
	rmdir(s->dir);
	free(s);
	return 0;
}

/* Load @results next to a good env.json; return the error text. */
static int load_text(struct scratch *s, const char *env, const char *results,
		     char *err, size_t len)
{
	struct rpt_run run;
	int ret;

	write_file(s->dir, "env.json", env);
	write_file(s->dir, "results.jsonl", results);
	err[0] = '\0';
	ret = rpt_run_load(s->dir, &run, err, len);
	if (!ret)
		rpt_run_free(&run);
	return ret;
}

static const struct rpt_job *find(const struct rpt_run *run,
				  const char *backend, const char *workload,
				  unsigned long long size, int is_protected)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++) {
		const struct rpt_key *k = &run->jobs[i].key;

		if (!strcmp(k->backend, backend) &&
		    !strcmp(k->workload, workload) && k->size == size &&
		    k->is_protected == is_protected)
			return &run->jobs[i];
	}
	return NULL;
}

static void test_fixture(void **state)
{
	const struct rpt_job *j;
	struct rpt_run run;
	char dir[PATH_MAX], err[512];

	(void)state;
	fixture(dir, sizeof(dir), "run-small");
	if (rpt_run_load(dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(run.id, "run-small");
	assert_string_equal(run.env.target, "vm-tcg");
	assert_string_equal(run.env.kernel, "6.1.0-56-amd64");
	assert_string_equal(run.env.protect_method, "pte");
	assert_int_equal(run.env.cpus, 2);
	assert_int_equal(run.env.tlb_entries, -1);	/* absent */
	assert_int_equal(run.nr_jobs, 17);

	/* Sorted: workload order of the ABI table, then size, then backend. */
	assert_string_equal(run.jobs[0].key.workload, "alloc");
	assert_string_equal(run.jobs[0].key.backend, "kmalloc");
	assert_int_equal(run.jobs[0].key.size, 64);
	/* The fixture's lines say "pmalloc", the alias: loaded as the row's name. */
	assert_string_equal(run.jobs[2].key.backend, "pmalloc-genalloc");
	assert_int_equal(run.jobs[3].key.size, 4096);
	assert_string_equal(run.jobs[run.nr_jobs - 1].key.workload, "footprint");

	j = find(&run, "vmalloc", "alloc", 64, -1);
	assert_non_null(j);
	assert_int_equal(j->status, RPT_STATUS_OK);
	assert_int_equal(j->st[RPT_F_NS].n, 5);
	assert_true(fabs(j->st[RPT_F_NS].median - 5312.4) < 1e-9);
	assert_int_equal(j->disturbed, 1);
	/* Null counters stay null; a measured 0 stays 0. */
	assert_int_equal(j->st[RPT_F_CTR_CYCLES].n, 0);
	assert_true(isnan(j->st[RPT_F_CTR_CYCLES].median));
	assert_int_equal(j->st[RPT_F_CTR_PAGE_FAULTS].n, 5);
	assert_true(j->st[RPT_F_CTR_PAGE_FAULTS].median == 0);

	j = find(&run, "kmalloc", "protect", 4096, -1);
	assert_non_null(j);
	assert_int_equal(j->status, RPT_STATUS_UNSUPPORTED);
	assert_int_equal(j->st[RPT_F_NS].n, 0);

	j = find(&run, "pmalloc-genalloc", "read", 64, 1);
	assert_non_null(j);
	assert_string_equal(j->key.pattern, "chase");
	assert_string_equal(j->key.protect_method, "pte");
	assert_int_equal(j->verified.yes, 5);
	assert_int_equal(j->direct_map_ro.no, 5);
	/* The unprotected read of the same backend is another job. */
	assert_non_null(find(&run, "pmalloc-genalloc", "read", 64, 0));

	/* Footprint has bytes, not time. */
	j = find(&run, "pmalloc-genalloc", "footprint", 64, -1);
	assert_int_equal(j->st[RPT_F_NS].n, 0);
	assert_true(j->st[RPT_F_BYTES_CONS].median == 69632);
	rpt_run_free(&run);
}

static void test_bad_json_line(void **state)
{
	struct scratch *s = *state;
	char results[1024], want[256], err[512];

	snprintf(results, sizeof(results), line_ok, 0, 100);
	strcat(results, "{\"backend\": \"vmalloc\",\n");
	assert_int_equal(load_text(s, env_ok, results, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/results.jsonl:2: not valid JSON: ", s->dir);
	if (strncmp(err, want, strlen(want)))
		fail_msg("error '%s' does not start with '%s'", err, want);
}

/* A line that each case's loader must refuse, and a piece of the error. */
struct line_case {
	const char *line, *want;
};

static void expect_line_errors(struct scratch *s, const struct line_case *cases,
			       size_t n)
{
	char err[512];
	size_t i;

	for (i = 0; i < n; i++) {
		assert_int_equal(load_text(s, env_ok, cases[i].line, err,
					   sizeof(err)), -1);
		if (!strstr(err, cases[i].want))
			fail_msg("case %zu: error '%s' lacks '%s'", i, err,
				 cases[i].want);
	}
}

static void test_line_errors(void **state)
{
	static const struct line_case cases[] = {
		{ "[1, 2]\n", ":1: not a JSON object" },
		{ "{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: missing field 'size'" },
		{ "{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"size\":\"64\",\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: field 'size' must be an integer >= 0, not a string" },
		{ "{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"done\"}\n",
		  ":1: field 'status' must be ok, unsupported or error, not 'done'" },
		{ "{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\",\"target\":\"host\"}\n",
		  ":1: target 'host' differs from env.json's 'vm-tcg'" },
		{ "{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\",\"ns_per_op\":\"fast\"}\n",
		  ":1: field 'ns_per_op' must be a number or null, not a string" },
		{ "{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\",\"counters\":{\"cycles\":true}}\n",
		  ":1: field 'counters.cycles' must be a number or null, not a boolean" },
		{ "\n\n", "results.jsonl: no results in this file" },
	};

	expect_line_errors(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_env_errors(void **state)
{
	struct scratch *s = *state;
	char line[512], err[512], missing[PATH_MAX];
	struct rpt_run run;

	snprintf(line, sizeof(line), line_ok, 0, 100);
	assert_int_equal(load_text(s, "{\"target\":\"host\",\"cpu_model\":\"x\",\"protect_method\":\"pte\"}",
				   line, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "env.json: missing field 'kernel'"));
	assert_int_equal(load_text(s, "{\"target\":\"host\",\n\"kernel\": }", line,
				   err, sizeof(err)), -1);
	assert_non_null(strstr(err, "env.json:2: not valid JSON"));

	snprintf(missing, sizeof(missing), "%s/no-such-run", s->dir);
	assert_int_equal(rpt_run_load(missing, &run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no-such-run: No such file or directory"));
}

#define LINE_HEAD "{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\""

/* Names from the tables, one-line text, plausible numbers: else refused. */
static void test_hostile_lines(void **state)
{
	static const struct line_case cases[] = {
		{ "{\"backend\":\"vmalloc\\nsystem(\\\"id > FILE\\\")\\n#\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: field 'backend' is not one line of text (control characters are refused)" },
		{ "{\"backend\":\"vmalloc')\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: field 'backend': unknown backend 'vmalloc')' is not a name (letters, digits, _ - . only" },
		{ "{\"backend\":\"a234567890123456789012345678901x\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  "is not a name" },
		{ "{\"backend\":\"-slab\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: field 'backend': unknown backend '-slab' is not a name" },
		{ "{\"backend\":\"vmalloc\",\"workload\":\"alloc'\",\"size\":64,\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: field 'workload': unknown workload 'alloc''" },
		{ LINE_HEAD ",\"pattern\":\"random\"}\n", ":1: field 'pattern': unknown pattern 'random'" },
		{ LINE_HEAD ",\"protect_method\":\"pte\\u0085\"}\n",
		  ":1: field 'protect_method' is not one line of text" },
		{ LINE_HEAD ",\"error\":\"a\\rb\"}\n", ":1: field 'error' is not one line of text" },
		{ LINE_HEAD ",\"ns_per_op\":1e78}\n", ":1: field 'ns_per_op' is 1e+78: outside [-1e+18, 1e+18]" },
		{ LINE_HEAD ",\"ns_per_op\":-1e300}\n", ":1: field 'ns_per_op' is -1e+300: outside" },
		{ LINE_HEAD ",\"counters\":{\"cycles\":1e19}}\n", ":1: field 'counters.cycles' is 1e+19: outside" },
		{ LINE_HEAD ",\"direct_map_splits\":{\"level2\":1e300,\"level3\":1e300}}\n",
		  ":1: field 'direct_map_splits.level2' must be a number in [-1e+18, 1e+18] or null" },
		{ "{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":1152921504606846976,\"count\":1,\"repeat\":0,\"status\":\"ok\"}\n",
		  ":1: field 'size' must be in [0, 281474976710656], not 1152921504606846976" },
		{ "{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":1,\"repeat\":99999999,\"status\":\"ok\"}\n",
		  ":1: field 'repeat' must be in [0, 10000]" },
	};

	expect_line_errors(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_hostile_env_and_files(void **state)
{
	struct scratch *s = *state;
	char line[512], err[512], path[PATH_MAX], *big;
	struct rpt_run run;
	FILE *f;

	snprintf(line, sizeof(line), line_ok, 0, 100);
	assert_int_equal(load_text(s, "{\"target\":\"host\",\"kernel\":\"6.1'\\nset output '/tmp/x\",\"cpu_model\":\"x\",\"protect_method\":\"pte\"}",
				   line, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "env.json: field 'kernel' is not one line of text"));
	assert_int_equal(load_text(s, "{\"target\":\"host\",\"kernel\":\"k\",\"cpu_model\":\"x\",\"protect_method\":\"pte\",\"tlb_entries\":1000000000000}",
				   line, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "env.json: field 'tlb_entries' must be in [0, 16777216]"));
	assert_int_equal(load_text(s, "{\"target\":\"host\",\"kernel\":\"k\",\"cpu_model\":\"x\",\"protect_method\":\"fast\"}",
				   line, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "env.json: field 'protect_method': unknown protect_method 'fast'"));

	/* a NUL byte, and a line past the limit, each named by line */
	write_file(s->dir, "env.json", env_ok);
	snprintf(path, sizeof(path), "%s/results.jsonl", s->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(line, f);
	fwrite("{\"a\0\":1}\n", 1, 10, f);
	fclose(f);
	assert_int_equal(rpt_run_load(s->dir, &run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "results.jsonl:2: NUL byte in the line"));
	big = malloc(RPT_MAX_LINE + 3);
	assert_non_null(big);
	memset(big, ' ', RPT_MAX_LINE + 1);
	strcpy(big + RPT_MAX_LINE + 1, "\n");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(line, f);
	fputs(big, f);
	fclose(f);
	free(big);
	assert_int_equal(rpt_run_load(s->dir, &run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "results.jsonl:2: line longer than 1048576 bytes"));
}

/* The run id comes from the directory the path resolves to, never "..". */
static void test_run_id_is_resolved(void **state)
{
	struct scratch *s = *state;
	char line[512], err[512], sub[PATH_MAX], odd[PATH_MAX];
	struct rpt_run run;

	snprintf(line, sizeof(line), line_ok, 0, 100);
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", line);
	snprintf(sub, sizeof(sub), "%s/sub", s->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	strcat(sub, "/..");
	if (rpt_run_load(sub, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(run.id, strrchr(s->dir, '/') + 1);
	rpt_run_free(&run);
	sub[strlen(sub) - 3] = '\0';
	rmdir(sub);

	/* a name that is no run id would become reports/<name>: refused */
	snprintf(odd, sizeof(odd), "%s/x\ny", s->dir);
	assert_int_equal(mkdir(odd, 0755), 0);
	assert_int_equal(rpt_run_load(odd, &run, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the directory's name is not a run id"));
	rmdir(odd);
}

static void test_statuses(void **state)
{
	struct scratch *s = *state;
	struct rpt_run run;
	char text[2048], line[512], err[512];
	int r;

	text[0] = '\0';
	for (r = 0; r < 3; r++) {
		snprintf(line, sizeof(line), line_ok, r, 100 + r);
		strcat(text, line);
	}
	strcat(text, "{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":3,\"status\":\"error\",\"error\":\"ENOMEM\"}\n");
	strcat(text, "{\"backend\":\"kmalloc\",\"workload\":\"destroy\",\"size\":64,\"count\":16,\"repeat\":0,\"status\":\"error\",\"error\":\"EBUSY\"}\n");
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(run.nr_jobs, 2);
	/* A failed repeat does not sink the others. */
	assert_int_equal(run.jobs[0].status, RPT_STATUS_OK);
	assert_int_equal(run.jobs[0].errors, 1);
	assert_int_equal(run.jobs[0].st[RPT_F_NS].n, 3);
	assert_string_equal(run.jobs[0].error, "ENOMEM");
	assert_int_equal(run.jobs[1].status, RPT_STATUS_ERROR);
	assert_string_equal(run.jobs[1].error, "EBUSY");
	rpt_run_free(&run);
}

/* Two repeats a side: the headline gives the ratio, no interval, no test. */
static void test_headline_few_repeats(void **state)
{
	struct scratch *s = *state;
	struct rpt_headline h;
	struct rpt_run run;
	char text[2048], err[512];
	size_t o = 0;
	int r;

	for (r = 0; r < 2; r++) {
		o += snprintf(text + o, sizeof(text) - o, line_ok, r, 1100 + 2 * r);
		o += snprintf(text + o, sizeof(text) - o,
			      "{\"backend\":\"pmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":%d}\n",
			      r, 95 + r);
	}
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(rpt_headline_build(&run, NULL, &h), 0);
	assert_int_equal(h.n, 1);
	/* No kmalloc job in this run: no kmalloc column by default. */
	assert_int_equal(h.nr_against, 1);
	assert_string_equal(h.against[0], "vmalloc");
	/* 95.5 / 1101 */
	rpt_vs_cell(err, sizeof(err), &h.rows[0], &h.rows[0].vs[0]);
	assert_string_equal(err, "0.087 (n<3)");
	assert_int_equal(h.rows[0].vs[0].verdict, RPT_V_NO_INTERVAL);
	rpt_headline_free(&h);
	rpt_run_free(&run);
}

/*
 * A cpus= sweep: the same job with 1 and 2 CPUs online is two jobs, each
 * labelled with its CPUs, and the headline compares like with like.
 */
static void test_cpu_sweep(void **state)
{
	static const char fmt[] =
		"{\"backend\":\"%s\",\"workload\":\"protect\",\"size\":64,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":%d,\"online_cpus\":%d}\n";
	struct scratch *s = *state;
	struct rpt_headline h;
	struct rpt_run run;
	char text[4096], err[512], label[128];
	size_t o = 0, i;
	int r, cpus;

	for (cpus = 1; cpus <= 2; cpus++) {
		for (r = 0; r < 3; r++) {
			o += snprintf(text + o, sizeof(text) - o, fmt, "vmalloc", r, 1000 * cpus, cpus);
			o += snprintf(text + o, sizeof(text) - o, fmt, "pmalloc", r, 10 * cpus, cpus);
		}
	}
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(run.nr_jobs, 4);
	for (i = 0; i < run.nr_jobs; i++) {
		assert_int_equal(run.jobs[i].st[RPT_F_NS].n, 3);
		/* Each job holds one CPU count's samples only. */
		assert_true(run.jobs[i].st[RPT_F_NS].median ==
			    (strcmp(run.jobs[i].key.backend, "vmalloc") ? 10.0 : 1000.0) *
			    (double)run.jobs[i].key.online_cpus);
	}
	rpt_workload_label(&run.jobs[0].key, label, sizeof(label));
	assert_string_equal(label, "protect, 1 CPU");
	assert_int_equal(rpt_headline_build(&run, NULL, &h), 0);
	assert_int_equal(h.n, 2);
	for (i = 0; i < h.n; i++)
		assert_int_equal(h.rows[i].vs[0].job->key.online_cpus,
				 h.rows[i].subject->key.online_cpus);
	rpt_headline_free(&h);
	rpt_run_free(&run);
}

/*
 * A partitions= sweep: kmalloc-part with 1, 4 and 16 partitions is three
 * jobs, each labelled with its partitions, each held against the same
 * kmalloc job (partitions belong to the backend, not to the work).
 */
static void test_partitions_sweep(void **state)
{
	static const char fmt[] =
		"{\"backend\":\"kmalloc-part\",\"workload\":\"alloc\",\"size\":64,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":%d,\"partitions\":%d}\n";
	static const char base[] =
		"{\"backend\":\"kmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":50}\n";
	static const int parts[] = { 1, 4, 16 };
	struct scratch *s = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *csv;
	struct rpt_headline h;
	struct rpt_run run;
	char text[4096], err[512], label[128];
	size_t o = 0, i;
	int r;

	for (r = 0; r < 3; r++) {
		o += snprintf(text + o, sizeof(text) - o, base, r);
		for (i = 0; i < 3; i++)
			o += snprintf(text + o, sizeof(text) - o, fmt, r, 100 + parts[i], parts[i]);
	}
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(run.nr_jobs, 4);
	for (i = 0; i < run.nr_jobs; i++) {
		const struct rpt_key *k = &run.jobs[i].key;

		assert_int_equal(run.jobs[i].st[RPT_F_NS].n, 3);
		if (strcmp(k->backend, "kmalloc-part")) {
			assert_true(k->partitions <= 0);
			continue;
		}
		assert_true(run.jobs[i].st[RPT_F_NS].median == 100.0 + (double)k->partitions);
	}
	/* sorted by partitions after the backend */
	assert_int_equal(run.jobs[1].key.partitions, 1);
	assert_int_equal(run.jobs[3].key.partitions, 16);
	rpt_workload_label(&run.jobs[2].key, label, sizeof(label));
	assert_string_equal(label, "alloc, 4 partitions");
	rpt_workload_label(&run.jobs[1].key, label, sizeof(label));
	assert_string_equal(label, "alloc, 1 partition");
	rpt_workload_label(&run.jobs[0].key, label, sizeof(label));
	assert_string_equal(label, "alloc");
	assert_int_equal(rpt_headline_build(&run, NULL, &h), 0);
	assert_int_equal(h.n, 3);
	for (i = 0; i < h.n; i++) {
		assert_string_equal(h.rows[i].subject->key.backend, "kmalloc-part");
		assert_string_equal(h.rows[i].vs[0].job->key.backend, "kmalloc");
	}
	/* the CSVs: a partitions column, last, empty for kmalloc */
	csv = open_memstream(&buf, &len);
	rpt_write_summary_csv(csv, &run);
	fclose(csv);
	assert_non_null(strstr(buf, ",partitions\n"));
	assert_non_null(strstr(buf, ",16\n"));
	assert_true(buf[strlen(buf) - 2] == ',' || buf[strlen(buf) - 2] == '6');
	free(buf);
	csv = open_memstream(&buf, &len);
	rpt_write_headline_csv(csv, &run, &h);
	fclose(csv);
	assert_non_null(strstr(buf, ",partitions\n"));
	assert_non_null(strstr(buf, ",4\n"));
	free(buf);
	rpt_headline_free(&h);
	rpt_run_free(&run);
	/* a value past PMB_JOB_PARTITIONS_MAX is refused with the field named */
	write_file(s->dir, "results.jsonl",
		   "{\"backend\":\"kmalloc-part\",\"workload\":\"alloc\",\"size\":64,\"count\":16,"
		   "\"repeat\":0,\"status\":\"ok\",\"ns_per_op\":5,\"partitions\":17}\n");
	assert_int_not_equal(rpt_run_load(s->dir, &run, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "partitions"));
}

/*
 * A backend this build's registry lacks (a newer pmbench's): loaded and
 * shown under its name, in no default comparison, and protecting only
 * where a protection method ran.
 */
static void test_unknown_backend(void **state)
{
	static const char fmt[] =
		"{\"backend\":\"%s\",\"workload\":\"%s\",\"size\":64,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":%d%s}\n";
	struct scratch *s = *state;
	const struct rpt_job *j;
	struct rpt_question q;
	struct rpt_headline h;
	struct rpt_run run;
	char text[4096], err[512];
	size_t o = 0;
	int r;

	for (r = 0; r < 3; r++) {
		o += snprintf(text + o, sizeof(text) - o, fmt, "pmalloc", "alloc", r, 100, "");
		o += snprintf(text + o, sizeof(text) - o, fmt, "vmalloc", "alloc", r, 300, "");
		o += snprintf(text + o, sizeof(text) - o, fmt, "pmalloc_next", "alloc", r, 50, "");
		o += snprintf(text + o, sizeof(text) - o, fmt, "pmalloc_next", "protect", r, 50,
			      ",\"protect_method\":\"pte\"");
	}
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(run.nr_jobs, 4);
	/* Sorted after the backends this build knows. */
	j = find(&run, "pmalloc_next", "alloc", 64, -1);
	assert_non_null(j);
	assert_ptr_equal(j, &run.jobs[2]);
	assert_int_equal(j->st[RPT_F_NS].n, 3);
	assert_int_equal(rpt_backend_role("pmalloc_next"), -1);
	assert_string_equal(rpt_role_name(-1), "not in this build");
	assert_false(rpt_job_protects(&j->key));
	assert_true(rpt_job_protects(&find(&run, "pmalloc_next", "protect", 64, -1)->key));

	/* The default question leaves it out... */
	assert_int_equal(rpt_headline_build(&run, NULL, &h), 0);
	assert_int_equal(h.nr_subjects, 1);
	assert_string_equal(h.subjects[0], "pmalloc-genalloc");
	assert_int_equal(h.nr_against, 1);
	rpt_headline_free(&h);
	/* ...and --subject may name it, since the run has it. */
	assert_int_equal(rpt_question_parse(&run, "pmalloc_next", "pmalloc,vmalloc",
					    &q, err, sizeof(err)), 0);
	assert_int_equal(rpt_headline_build(&run, &q, &h), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.rows[0].subject->key.backend, "pmalloc_next");
	assert_true(fabs(h.rows[0].vs[0].ratio.r - 0.5) < 1e-12);
	rpt_headline_free(&h);
	rpt_question_free(&q);
	rpt_run_free(&run);
}

/*
 * metadata_bytes, va_bytes, flips and purge_ns: read where a line has
 * them; a line without them (older results) leaves them unmeasured, not 0.
 */
static void test_optional_figures(void **state)
{
	static const char fmt[] =
		"{\"backend\":\"pmalloc\",\"workload\":\"footprint\",\"size\":%d,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"bytes_consumed\":4096%s}\n";
	struct scratch *s = *state;
	const struct rpt_job *j;
	struct rpt_run run;
	char text[2048], err[512];
	size_t o = 0;
	int r;

	for (r = 0; r < 3; r++) {
		o += snprintf(text + o, sizeof(text) - o, fmt, 64, r,
			      ",\"metadata_bytes\":96,\"va_bytes\":8192,\"flips\":null");
		o += snprintf(text + o, sizeof(text) - o, fmt, 128, r, "");
	}
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	j = find(&run, "pmalloc-genalloc", "footprint", 64, -1);
	assert_int_equal(j->st[RPT_F_METADATA_BYTES].n, 3);
	assert_true(j->st[RPT_F_METADATA_BYTES].median == 96);
	assert_true(j->st[RPT_F_VA_BYTES].median == 8192);
	assert_int_equal(j->st[RPT_F_FLIPS].n, 0);
	assert_int_equal(rpt_field_unit(RPT_F_METADATA_BYTES), RPT_UNIT_BYTES);
	assert_int_equal(rpt_field_unit(RPT_F_VA_BYTES), RPT_UNIT_BYTES);
	assert_int_equal(rpt_field_unit(RPT_F_FLIPS), RPT_UNIT_COUNT);
	/* purge_ns: absent from these lines, so not measured; its unit is ns */
	assert_int_equal(j->st[RPT_F_PURGE_NS].n, 0);
	assert_int_equal(rpt_field_unit(RPT_F_PURGE_NS), RPT_UNIT_NS);
	j = find(&run, "pmalloc-genalloc", "footprint", 128, -1);
	assert_int_equal(j->st[RPT_F_METADATA_BYTES].n, 0);
	assert_true(isnan(j->st[RPT_F_METADATA_BYTES].median));
	rpt_run_free(&run);
}

/*
 * host_load (doc/results.md): each job keeps the largest other_busy and
 * steal of its lines; null and absent are "not recorded", never 0; a job
 * is busy above RPT_BUSY_SHARE, not at it.
 */
static void test_host_load(void **state)
{
	static const char fmt[] =
		"{\"backend\":\"%s\",\"workload\":\"alloc\",\"size\":64,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":100%s}\n";
	static const struct {
		const char *backend, *load[3];
	} lines[] = {
		/* one busy line of three */
		{ "vmalloc", { ",\"host_load\":{\"source\":\"driver (/proc)\",\"other_busy\":0.02,\"steal\":0,\"loadavg1\":1}",
			       ",\"host_load\":{\"source\":\"driver (/proc)\",\"other_busy\":0.35,\"steal\":0,\"loadavg1\":3}",
			       ",\"host_load\":null" } },
		/* exactly the threshold: not busy; a null share beside a number */
		{ "kmalloc", { ",\"host_load\":{\"other_busy\":0.1,\"steal\":null}",
			       ",\"host_load\":{\"other_busy\":null,\"steal\":0.05}", "" } },
		/* steal alone makes a job busy */
		{ "pmalloc", { ",\"host_load\":{\"other_busy\":0,\"steal\":0.2}", "", "" } },
		/* older results: no key at all, or null everywhere */
		{ "pmalloc-bump", { "", ",\"host_load\":null",
				    ",\"host_load\":{\"source\":\"x\",\"other_busy\":null,\"steal\":null,\"loadavg1\":null}" } },
	};
	struct scratch *s = *state;
	const struct rpt_job *j;
	struct rpt_run run;
	char text[4096], err[512];
	size_t o = 0, i;
	int r;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		for (r = 0; r < 3; r++)
			o += snprintf(text + o, sizeof(text) - o, fmt,
				      lines[i].backend, r, lines[i].load[r]);
	write_file(s->dir, "env.json", env_ok);
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	j = find(&run, "vmalloc", "alloc", 64, -1);
	assert_float_equal(j->other_busy_max, 0.35, 1e-12);
	assert_float_equal(j->steal_max, 0, 0);
	assert_true(rpt_job_busy(j));
	j = find(&run, "kmalloc", "alloc", 64, -1);
	assert_float_equal(j->other_busy_max, 0.1, 1e-12);
	assert_float_equal(j->steal_max, 0.05, 1e-12);
	assert_false(rpt_job_busy(j));
	j = find(&run, "pmalloc-genalloc", "alloc", 64, -1);
	assert_true(rpt_job_busy(j));
	j = find(&run, "pmalloc-bump", "alloc", 64, -1);
	assert_true(isnan(j->other_busy_max));
	assert_true(isnan(j->steal_max));
	assert_false(rpt_job_busy(j));
	assert_true(rpt_run_has_load(&run));
	assert_int_equal(rpt_run_busy_jobs(&run), 2);
	/* the pmalloc job is busy by steal alone */
	assert_float_equal(find(&run, "pmalloc-genalloc", "alloc", 64, -1)->other_busy_max,
			   0, 0);
	rpt_run_free(&run);

	/* A run with no reading at all: not recorded, no busy job. */
	o = 0;
	for (r = 0; r < 3; r++)
		o += snprintf(text + o, sizeof(text) - o, fmt, "vmalloc", r,
			      r ? ",\"host_load\":null" : "");
	write_file(s->dir, "results.jsonl", text);
	if (rpt_run_load(s->dir, &run, err, sizeof(err)))
		fail_msg("%s", err);
	assert_false(rpt_run_has_load(&run));
	assert_int_equal(rpt_run_busy_jobs(&run), 0);
	rpt_run_free(&run);
}

/* A results folder is hostile input: host_load is checked like the figures. */
static void test_host_load_hostile(void **state)
{
	static const struct line_case cases[] = {
		{ LINE_HEAD ",\"host_load\":0.5}\n",
		  ":1: field 'host_load' must be an object or null, not a real number" },
		{ LINE_HEAD ",\"host_load\":[0.5]}\n",
		  ":1: field 'host_load' must be an object or null, not an array" },
		{ LINE_HEAD ",\"host_load\":{\"other_busy\":\"0.5\"}}\n",
		  ":1: field 'host_load.other_busy' must be a number or null, not a string" },
		{ LINE_HEAD ",\"host_load\":{\"steal\":true}}\n",
		  ":1: field 'host_load.steal' must be a number or null, not a boolean" },
		{ LINE_HEAD ",\"host_load\":{\"other_busy\":1.5}}\n",
		  ":1: field 'host_load.other_busy' is 1.5: a share of the CPUs' time is in [0, 1]" },
		{ LINE_HEAD ",\"host_load\":{\"other_busy\":-0.01}}\n",
		  ":1: field 'host_load.other_busy' is -0.01: a share" },
		{ LINE_HEAD ",\"host_load\":{\"steal\":1e308}}\n",
		  ":1: field 'host_load.steal' is 1e+308: a share" },
		{ LINE_HEAD ",\"host_load\":{\"other_busy\":{\"a\":1}}}\n",
		  ":1: field 'host_load.other_busy' must be a number or null, not an object" },
	};

	expect_line_errors(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

/* What the registry says, as the report reads it: no workload named in code. */
static void test_registry(void **state)
{
	struct rpt_key k = { .backend = "kmalloc", .workload = "protect",
			     .is_protected = -1, .online_cpus = -1 };

	(void)state;
	/* kmalloc cannot protect: none of its jobs does. */
	assert_false(rpt_job_protects(&k));
	k.backend = "vmalloc";
	assert_true(rpt_job_protects(&k));
	/* destroy tears a protected set down: the driver protects first. */
	k.workload = "destroy";
	assert_true(rpt_job_protects(&k));
	k.workload = "read";
	assert_false(rpt_job_protects(&k));
	k.is_protected = 1;
	assert_true(rpt_job_protects(&k));
	k.workload = "alloc";
	k.is_protected = -1;
	assert_false(rpt_job_protects(&k));
	/* The measure of a row sets the compared figure and its unit. */
	assert_int_equal(rpt_primary_field("footprint"), RPT_F_BYTES_CONS);
	assert_int_equal(rpt_primary_field("alloc"), RPT_F_NS);
	assert_int_equal(rpt_plot_kind("protect"), PMB_PLOT_SET_PAGES);
	assert_int_equal(rpt_plot_kind("no-such"), -1);
	assert_int_equal(rpt_backend_role("pmalloc-genalloc"), PMB_ROLE_DESIGN);
	assert_int_equal(rpt_backend_role("pmalloc"), PMB_ROLE_DESIGN);	/* alias */
	assert_int_equal(rpt_backend_role("vmalloc"), PMB_ROLE_BASELINE);
	assert_true(rpt_backend_name_valid("pmalloc_v2.1-rc"));
	assert_false(rpt_backend_name_valid("a b"));
	assert_false(rpt_backend_name_valid(""));
	assert_false(rpt_backend_name_valid("_x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test_setup_teardown(test_bad_json_line,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_line_errors,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_env_errors,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_hostile_lines,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_hostile_env_and_files,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_run_id_is_resolved,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_statuses,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_headline_few_repeats,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_cpu_sweep,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_partitions_sweep,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_backend,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_optional_figures,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_host_load,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_host_load_hostile,
						scratch_setup, scratch_teardown),
		cmocka_unit_test(test_registry),
	};

	return cmocka_run_group_tests_name("report_run", tests, NULL, NULL);
}
