// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the report's loader and every writer.  An input is
 * env.json, a line "===", then results.jsonl; both go into a scratch run
 * directory, which is loaded, then written as every table and as plot
 * scripts (.gp, .dat; gnuplot is not run).  Besides the sanitizers'
 * findings it checks what the report promises for hostile input: each
 * line of a gnuplot script closes the strings it opens and holds no
 * control character, and a .dat file holds only numbers and comments.
 * tests/fuzz/test-fuzz-userspace.sh builds and runs it.
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/compare.h"
#include "report/format.h"
#include "report/plots.h"
#include "report/run.h"
#include "report/stats.h"
#include "report/tables.h"

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_report: " __VA_ARGS__);	\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

static const char sep[] = "\n===\n";
static char top[64], run_dir[PATH_MAX], out_dir[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(const char *name, const void *data, size_t n)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", run_dir, name);
	f = fopen(path, "w");
	CHECK(f, "%s: cannot write", path);
	if (n)
		CHECK(fwrite(data, 1, n, f) == n, "%s: short write", path);
	CHECK(!fclose(f), "%s: close", path);
}

static void check_gp(const char *path)
{
	char line[8192];
	size_t i, quotes, nr = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		nr++;
		for (i = quotes = 0; line[i]; i++) {
			quotes += line[i] == '\'';
			CHECK(!iscntrl((unsigned char)line[i]) || line[i] == '\n' ||
			      line[i] == '\t', "%s:%zu: control character", path, nr);
		}
		CHECK(!(quotes % 2), "%s:%zu: a string left open: %s", path, nr, line);
	}
	fclose(f);
}

static void check_dat(const char *path)
{
	char line[8192], *p, *end;
	size_t nr = 0;
	int k;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		nr++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (p = line, k = 0; k < 4; k++, p = end) {
			strtod(p, &end);
			CHECK(end != p, "%s:%zu: not four numbers: %s", path, nr, line);
		}
		CHECK(*p == '\n', "%s:%zu: more than four numbers: %s", path, nr, line);
	}
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rpt_stats_init();
	snprintf(top, sizeof(top), "%s/pmb-fuzz-report.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(top)) {
		perror(top);
		exit(1);
	}
	snprintf(run_dir, sizeof(run_dir), "%s/run", top);
	snprintf(out_dir, sizeof(out_dir), "%s/out", top);
	if (mkdir(run_dir, 0755) || mkdir(out_dir, 0755)) {
		perror(top);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	struct rpt_headline h = { 0 }, hq = { 0 };
	struct rpt_question q;
	const uint8_t *cut = memmem(data, size, sep, sizeof(sep) - 1);
	size_t env_len = cut ? (size_t)(cut - data) : size, len = 0;
	char err[1024], path[PATH_MAX], *buf = NULL;
	size_t k, nr_notes = 0;
	struct rpt_run run;
	FILE *f;
	int ret;

	put("env.json", data, env_len);
	put("results.jsonl", cut ? cut + sizeof(sep) - 1 : data + size,
	    cut ? size - env_len - (sizeof(sep) - 1) : 0);
	err[0] = '\0';
	if (rpt_run_load(run_dir, &run, err, sizeof(err))) {
		CHECK(err[0], "a failed load without a message");
		CHECK(!strchr(err, '\n'), "a message of more than one line: %s", err);
		CHECK(!run.jobs && !run.nr_jobs, "a failed load keeps jobs");
		return 0;
	}
	f = open_memstream(&buf, &len);
	CHECK(f, "open_memstream");
	CHECK(!rpt_headline_build(&run, NULL, &h), "rpt_headline_build");
	rpt_write_summary_csv(f, &run);
	rpt_write_headline_md(f, &run, &h);
	rpt_write_headline_csv(f, &run, &h);
	/* Every backend of the run against every other, names from the input. */
	if (run.nr_jobs && !rpt_question_parse(&run, run.jobs[0].key.backend,
					       NULL, &q, err, sizeof(err))) {
		CHECK(!rpt_headline_build(&run, &q, &hq), "rpt_headline_build");
		rpt_write_headline_md(f, &run, &hq);
		rpt_write_headline_csv(f, &run, &hq);
		rpt_headline_free(&hq);
		rpt_question_free(&q);
	}
	rpt_write_compare_md(f, &run, &run);
	rpt_write_compare_csv(f, &run, &run);
	ret = rpt_plots_write(&run, out_dir, RPT_PLOTS_SCRIPTS, notes,
			      &nr_notes, err, sizeof(err));
	CHECK(ret == 0, "rpt_plots_write: %d: %s", ret, err);
	rpt_write_report_md(f, &run, &h, notes, nr_notes);
	fclose(f);
	free(buf);
	for (k = 0; k < nr_notes; k++) {
		snprintf(path, sizeof(path), "%s/plots/%s.gp", out_dir, notes[k].name);
		check_gp(path);
		unlink(path);
		snprintf(path, sizeof(path), "%s/plots/%s.dat", out_dir, notes[k].name);
		check_dat(path);
		unlink(path);
	}
	rpt_headline_free(&h);
	rpt_run_free(&run);
	return 0;
}
