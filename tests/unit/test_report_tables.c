// SPDX-License-Identifier: GPL-2.0
/* The headline rows, their cells, and the comparison's target rule. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream(), mkdtemp() */
#endif
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/compare.h"
#include "report/format.h"
#include "report/plots.h"
#include "report/tables.h"

struct runs {
	struct rpt_run small, host;
};

/* $PMB_TOP_SRCDIR/@where/@name, as tests/run-tests sets it. */
static int load_run(const char *where, const char *name, struct rpt_run *run)
{
	const char *top = getenv("PMB_TOP_SRCDIR");
	char dir[PATH_MAX], err[512];

	snprintf(dir, sizeof(dir), "%s/%s/%s", top ? top : ".", where, name);
	if (rpt_run_load(dir, run, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int load_fixture(const char *name, struct rpt_run *run)
{
	return load_run("tests/fixtures", name, run);
}

static int runs_setup(void **state)
{
	struct runs *r = calloc(1, sizeof(*r));

	if (!r || load_fixture("run-small", &r->small) ||
	    load_fixture("run-host", &r->host))
		return -1;
	*state = r;
	return 0;
}

static int runs_teardown(void **state)
{
	struct runs *r = *state;

	rpt_run_free(&r->small);
	rpt_run_free(&r->host);
	free(r);
	return 0;
}

static const struct rpt_headline_row *row_for(const struct rpt_headline *h,
					      const char *workload,
					      int is_protected)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!strcmp(h->rows[i].subject->key.workload, workload) &&
		    h->rows[i].subject->key.is_protected == is_protected)
			return &h->rows[i];
	return NULL;
}

static void test_headline_rows(void **state)
{
	struct runs *r = *state;
	const struct rpt_headline_row *row;
	struct rpt_headline h;
	char cell[RPT_CELL];

	assert_int_equal(rpt_headline_build(&r->small, &h), 0);
	/* One row per pmalloc job: alloc x2, protect, unprotect, read x2, footprint. */
	assert_int_equal(h.n, 7);

	row = &h.rows[0];
	assert_string_equal(row->subject->key.workload, "alloc");
	assert_int_equal(row->subject->key.size, 64);
	assert_string_equal(row->vs[0].job->key.backend, "vmalloc");
	assert_string_equal(row->vs[1].job->key.backend, "kmalloc");
	assert_int_equal(row->vs[0].ratio_rc, 0);
	/* 402.1 / 5312.4, both medians of the fixture. */
	assert_true(fabs(row->vs[0].ratio.r - 402.1 / 5312.4) < 1e-12);
	assert_true(row->vs[0].ratio.lo <= row->vs[0].ratio.r &&
		    row->vs[0].ratio.r <= row->vs[0].ratio.hi);
	assert_int_equal(row->vs[0].verdict, RPT_V_DIFFERS);

	/* kmalloc cannot protect: a word, never a number. */
	row = row_for(&h, "protect", -1);
	assert_non_null(row);
	rpt_vs_cell(cell, sizeof(cell), row, &row->vs[1]);
	assert_string_equal(cell, "unsupported");
	rpt_vs_cell(cell, sizeof(cell), row, &row->vs[0]);
	assert_memory_equal(cell, "0.14 [", strlen("0.14 ["));
	assert_non_null(strstr(cell, " *"));

	/* No vmalloc unprotect in the run. */
	row = row_for(&h, "unprotect", -1);
	assert_null(row->vs[0].job);
	rpt_vs_cell(cell, sizeof(cell), row, &row->vs[0]);
	assert_string_equal(cell, "—");

	/* The protected read is held only against protected reads. */
	row = row_for(&h, "read", 1);
	assert_null(row->vs[0].job);
	row = row_for(&h, "read", 0);
	assert_non_null(row->vs[0].job);
	assert_int_equal(row->vs[0].job->key.is_protected, 0);

	/* Footprint compares bytes consumed. */
	row = row_for(&h, "footprint", -1);
	assert_int_equal(row->field, RPT_F_BYTES_CONS);
	assert_true(fabs(row->vs[1].ratio.r - 69632.0 / 65536.0) < 1e-12);
	rpt_headline_free(&h);
}

/*
 * One verdict per cell, by construction: in the Markdown of @run, every
 * ratio cell with an interval carries '*' exactly when its printed
 * [lo, hi] excludes 1; the printed bounds hold the computed ones; and no
 * column title claims more coverage than any of its cells has.
 */
static void check_marks(struct rpt_run *run, size_t min_cells)
{
	const struct rpt_headline_row *row;
	const struct rpt_vs *vs;
	struct rpt_headline h;
	char *buf = NULL, *line, *save, *p, *cell, *end;
	double r, lo, hi, title[RPT_NR_OTHERS] = { 0 };
	size_t len = 0, i = 0, cells = 0;
	bool star;
	int o, col;
	FILE *f;

	assert_int_equal(rpt_headline_build(run, &h), 0);
	f = open_memstream(&buf, &len);
	rpt_write_headline_md(f, run, &h);
	fclose(f);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "| workload |", 12)) {
			for (o = 0, p = line; o < RPT_NR_OTHERS; o++) {
				p = strstr(p, "≥ ");
				assert_non_null(p);
				p += strlen("≥ ");
				title[o] = strtod(p, NULL) / 100;
			}
			continue;
		}
		if (strncmp(line, "| ", 2) || !strncmp(line, "| ---", 5))
			continue;
		assert_true(i < h.n);
		row = &h.rows[i++];
		/* Columns: workload size count pmalloc vmalloc kmalloc ratios. */
		for (col = 0, cell = line + 1; col < 6; col++)
			cell = strchr(cell, '|') + 1;
		for (o = 0; o < RPT_NR_OTHERS; o++, cell = end + 1) {
			end = strchr(cell, '|');
			assert_non_null(end);
			*end = '\0';
			vs = &row->vs[o];
			if (!strchr(cell, '[')) {
				assert_true(vs->ratio_rc != 0);
				assert_null(strstr(cell, "*"));
				continue;
			}
			assert_int_equal(sscanf(cell, " %lf [%lf, %lf]", &r, &lo,
						&hi), 3);
			star = strstr(cell, "] *") != NULL;
			if (star != (lo > 1.0 || hi < 1.0))
				fail_msg("row %zu: '%s': the mark contradicts the interval",
					 i, cell);
			assert_int_equal(star, vs->verdict == RPT_V_DIFFERS);
			/* Printed with fewer digits, never narrower. */
			assert_true(lo <= vs->ratio.lo * (1 + 1e-9) &&
				    hi >= vs->ratio.hi * (1 - 1e-9));
			assert_true(lo <= r && r <= hi);
			assert_true(title[o] <= vs->ratio.level);
			cells++;
		}
	}
	assert_int_equal(i, h.n);
	if (cells < min_cells)
		fail_msg("only %zu cells with an interval", cells);
	free(buf);
	rpt_headline_free(&h);
}

static void test_marks_agree_with_intervals(void **state)
{
	struct runs *r = *state;
	struct rpt_run ref;

	check_marks(&r->small, 9);
	check_marks(&r->host, 1);
	/* The reference run of the default suite: 132 cells. */
	assert_int_equal(load_run("results", "20261123-114758-vm-tcg-default",
				  &ref), 0);
	check_marks(&ref, 132);
	rpt_run_free(&ref);
}

static void test_headline_md_title(void **state)
{
	struct runs *r = *state;
	struct rpt_headline h;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	rpt_headline_build(&r->small, &h);
	f = open_memstream(&buf, &len);
	rpt_write_headline_md(f, &r->small, &h);
	fclose(f);
	assert_non_null(strstr(buf, "— VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection pte\n"));
	assert_non_null(strstr(buf, "| protect | 4 KiB | 256 | 413 µs | 2.91 ms | unsupported |"));
	free(buf);
	rpt_headline_free(&h);
}

/* compare.md (@csv false) or compare.csv of @base against @cand, malloc'd. */
static char *compare_text(const struct rpt_run *base,
			  const struct rpt_run *cand, bool csv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (csv)
		rpt_write_compare_csv(f, base, cand);
	else
		rpt_write_compare_md(f, base, cand);
	fclose(f);
	return buf;
}

/*
 * Runs of another kernel, method or suite revision: said at the top of
 * compare.md and in each compare.csv row, never paired silently.
 */
static void test_compare_setup_differs(void **state)
{
	struct runs *r = *state;
	const char *kernel = r->small.env.kernel;
	const char *rev = r->small.env.suite_revision;
	struct rpt_run other = r->small;
	char diff[128], *buf;

	(void)state;
	assert_int_equal(rpt_setup_diff(&r->small, &r->small, diff,
					sizeof(diff)), 0);
	assert_string_equal(diff, "");
	other.env.kernel = "6.12.0";
	other.env.suite_revision = "v0.2";
	assert_int_equal(rpt_setup_diff(&r->small, &other, diff, sizeof(diff)), 2);
	assert_string_equal(diff, "kernel, suite revision");
	buf = compare_text(&r->small, &other, false);
	assert_non_null(strstr(buf, "**Not two runs of one setup**: the runs differ in kernel, suite revision"));
	assert_null(strstr(buf, "this is the run-to-run variation"));
	free(buf);
	buf = compare_text(&r->small, &other, true);
	assert_non_null(strstr(buf, ",setup_differs\n"));
	assert_non_null(strstr(buf, ",\"kernel, suite revision\"\n"));
	free(buf);
	assert_ptr_equal(r->small.env.kernel, kernel);
	assert_ptr_equal(r->small.env.suite_revision, rev);
}

static void test_compare_targets(void **state)
{
	struct runs *r = *state;

	assert_false(rpt_same_target(&r->small, &r->host));
	assert_true(rpt_same_target(&r->small, &r->small));
}

/* A run against itself: every change 0, every job agrees. */
static void test_compare_self(void **state)
{
	struct runs *r = *state;
	char *buf;

	buf = compare_text(&r->small, &r->small, false);
	assert_non_null(strstr(buf, "| Median | 5312.40 | 5312.40 (+0.00%) |"));
	assert_non_null(strstr(buf, "| | Ratio | | 1.00 [0.97, 1.03] agree |"));
	assert_non_null(strstr(buf, "**16 of 16 jobs agree** (100.0%)"));
	assert_null(strstr(buf, "**differ** |"));
	assert_null(strstr(buf, "Mixed targets"));
	assert_null(strstr(buf, "Not two runs of one setup"));
	assert_non_null(strstr(buf, "Both sides are the same run"));
	free(buf);

	buf = compare_text(&r->host, &r->small, false);
	assert_non_null(strstr(buf, "**Mixed targets**"));
	assert_non_null(strstr(buf, "not in baseline"));
	free(buf);
}

/* Each line of @path has an even number of quotes and no control character. */
static void assert_gp_strings_closed(const char *path)
{
	char line[4096];
	size_t q, i, nr = 0;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		nr++;
		for (i = q = 0; line[i]; i++) {
			q += line[i] == '\'';
			if (iscntrl((unsigned char)line[i]) && line[i] != '\n' &&
			    line[i] != '\t')
				fail_msg("%s:%zu: control character", path, nr);
		}
		if (q % 2)
			fail_msg("%s:%zu: string left open: %s", path, nr, line);
		if (!strncmp(line, "system", 6))
			fail_msg("%s:%zu: a command of the input's: %s", path, nr, line);
	}
	fclose(f);
}

/*
 * Issue 19, item 1: strings that get past the loader (here set directly)
 * still cannot end a gnuplot string, a .dat comment or a Markdown row.
 */
static void test_writers_escape_control_characters(void **state)
{
	struct runs *r = *state;
	struct rpt_plot_note notes[RPT_NR_PLOTS];
	char dir[] = "/tmp/pmb-report-tables-XXXXXX", path[PATH_MAX], err[512];
	char *old_backend, *buf = NULL, md[256], *nl;
	const char *old_kernel = r->small.env.kernel;
	struct rpt_job *j = &r->small.jobs[0];
	size_t len = 0;
	int k;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	old_backend = j->key.backend;
	j->key.backend = strdup("vmalloc\nsystem('touch /tmp/pmb-pwned')\n#");
	r->small.env.kernel = "6.1'\nsystem('touch /tmp/pmb-pwned')\n#";
	assert_int_equal(rpt_plots_write(&r->small, dir, RPT_PLOTS_SCRIPTS, notes,
					 err, sizeof(err)), 0);
	for (k = 0; k < RPT_NR_PLOTS; k++) {
		snprintf(path, sizeof(path), "%s/plots/%s.gp", dir, notes[k].name);
		if (access(path, F_OK))
			continue;
		assert_gp_strings_closed(path);
		unlink(path);
		snprintf(path, sizeof(path), "%s/plots/%s.dat", dir, notes[k].name);
		f = fopen(path, "r");
		assert_non_null(f);
		while (getline(&buf, &len, f) > 0)
			if (buf[0] != '#' && buf[0] != '\n' && !isdigit((unsigned char)buf[0]))
				fail_msg("%s: not data nor comment: %s", path, buf);
		fclose(f);
		unlink(path);
	}
	free(buf);
	rpt_md_escape("a|b\nc\rd", md, sizeof(md));
	assert_string_equal(md, "a\\|b c d");
	nl = strchr(notes[0].title, '\n');
	assert_non_null(nl);	/* the title is raw; the writers escape it */
	free(j->key.backend);
	j->key.backend = old_backend;
	r->small.env.kernel = old_kernel;
	snprintf(path, sizeof(path), "%s/plots", dir);
	rmdir(path);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headline_rows),
		cmocka_unit_test(test_headline_md_title),
		cmocka_unit_test(test_marks_agree_with_intervals),
		cmocka_unit_test(test_compare_targets),
		cmocka_unit_test(test_compare_self),
		cmocka_unit_test(test_compare_setup_differs),
		cmocka_unit_test(test_writers_escape_control_characters),
	};

	return cmocka_run_group_tests_name("report_tables", tests, runs_setup,
					   runs_teardown);
}
