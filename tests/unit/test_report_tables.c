// SPDX-License-Identifier: GPL-2.0
/*
 * The headline rows, their cells and the question they answer; the
 * tables' optional columns; the plots' data against the run's jobs; the
 * comparison's target rule.
 */
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
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/compare.h"
#include "report/format.h"
#include "report/plots.h"
#include "report/tables.h"

struct runs {
	struct rpt_run small, host, figures, ref, busy;
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
	    load_fixture("run-host", &r->host) ||
	    load_fixture("run-figures", &r->figures) ||
	    load_fixture("run-busy", &r->busy) ||
	    load_fixture("run-ref-20261123", &r->ref))
		return -1;
	*state = r;
	return 0;
}

static int runs_teardown(void **state)
{
	struct runs *r = *state;

	rpt_run_free(&r->small);
	rpt_run_free(&r->host);
	rpt_run_free(&r->figures);
	rpt_run_free(&r->ref);
	rpt_run_free(&r->busy);
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

	assert_int_equal(rpt_headline_build(&r->small, NULL, &h), 0);
	/* One row per pmalloc job: alloc x2, protect, unprotect, read x2, footprint. */
	assert_int_equal(h.n, 7);
	assert_int_equal(h.nr_against, 2);

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
	double r, lo, hi, title[8] = { 0 };
	size_t len = 0, i = 0, cells = 0, o;
	bool star;
	int col;
	FILE *f;

	assert_int_equal(rpt_headline_build(run, NULL, &h), 0);
	assert_true(h.nr_against <= 8);
	f = open_memstream(&buf, &len);
	rpt_write_headline_md(f, run, &h);
	fclose(f);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "| workload |", 12)) {
			for (o = 0, p = line; o < h.nr_against; o++) {
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
		/* Columns: workload size count, subject, others, ratios. */
		for (col = 0, cell = line + 1; col < 4 + (int)h.nr_against; col++)
			cell = strchr(cell, '|') + 1;
		for (o = 0; o < h.nr_against; o++, cell = end + 1) {
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

	check_marks(&r->small, 9);
	check_marks(&r->host, 1);
	/* The reference run of the default suite: 132 cells. */
	check_marks(&r->ref, 132);
}

static void test_headline_md_title(void **state)
{
	struct runs *r = *state;
	struct rpt_headline h;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	rpt_headline_build(&r->small, NULL, &h);
	f = open_memstream(&buf, &len);
	rpt_write_headline_md(f, &r->small, &h);
	fclose(f);
	assert_non_null(strstr(buf, "— VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection pte (pmbench's own batched flush, not Stoppa's design: one TLB flush for the whole set)\n"));
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
	/* host_load's columns come after every older one; no line has it: n/a */
	assert_non_null(strstr(buf, ",setup_differs,base_busy,cand_busy\n"));
	assert_non_null(strstr(buf, ",\"kernel, suite revision\",n/a,n/a\n"));
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

/* @dir/plots/NAME@ext of a plot's note. */
static void plot_path(char *path, size_t len, const char *dir,
		      const struct rpt_plot_note *note, const char *ext)
{
	snprintf(path, len, "%s/plots/%.*s%s", dir, (int)sizeof(note->name),
		 note->name, ext);
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
 * Strings that get past the loader (here set directly) still cannot end
 * a gnuplot string, a .dat comment or a Markdown row.
 */
static void test_writers_escape_control_characters(void **state)
{
	struct runs *r = *state;
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	char dir[] = "/tmp/pmb-report-tables-XXXXXX", path[PATH_MAX], err[512];
	char *old_backend, *buf = NULL, md[256], *nl;
	const char *old_kernel = r->small.env.kernel;
	struct rpt_job *j = &r->small.jobs[0];
	size_t len = 0, k, nr;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	old_backend = j->key.backend;
	j->key.backend = strdup("vmalloc\nsystem('touch /tmp/pmb-pwned')\n#");
	r->small.env.kernel = "6.1'\nsystem('touch /tmp/pmb-pwned')\n#";
	assert_int_equal(rpt_plots_write(&r->small, dir, RPT_PLOTS_SCRIPTS, notes,
					 &nr, err, sizeof(err)), 0);
	for (k = 0; k < nr; k++) {
		plot_path(path, sizeof(path), dir, &notes[k], ".gp");
		if (access(path, F_OK))
			continue;
		assert_gp_strings_closed(path);
		unlink(path);
		plot_path(path, sizeof(path), dir, &notes[k], ".dat");
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

/* Every text a report and a comparison of @run write, in one buffer. */
static char *all_text(const struct rpt_run *run)
{
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	struct rpt_headline h;
	char *buf = NULL, err[512];
	size_t len = 0, nr;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(rpt_headline_build(run, NULL, &h), 0);
	/* No plots/ there: the notes only. */
	assert_int_equal(rpt_plots_write(run, "/nonexistent", RPT_PLOTS_NONE,
					 notes, &nr, err, sizeof(err)), 0);
	rpt_write_summary_csv(f, run);
	rpt_write_headline_md(f, run, &h);
	rpt_write_headline_csv(f, run, &h);
	rpt_write_report_md(f, run, &h, notes, nr);
	rpt_write_compare_md(f, run, run);
	rpt_write_compare_csv(f, run, run);
	fclose(f);
	rpt_headline_free(&h);
	return buf;
}

/* A printed zero with a sign ("-0", "-0.00 ns", "± -0.00"); NULL if none. */
static const char *negative_zero(const char *s)
{
	const char *p, *q;

	for (p = s; (p = strstr(p, "-0")); p++) {
		/* Not inside a name or a date: 6.1.0-56, 2026-01-10. */
		if (p > s && (isalnum((unsigned char)p[-1]) || strchr("._-", p[-1])))
			continue;
		q = p + 2;
		if (*q == '.')
			for (q++; *q == '0'; q++)
				;
		if (!isdigit((unsigned char)*q) && *q != '.')
			return p;
	}
	return NULL;
}

/* A scratch run: @results beside a minimal env.json, plus @env_more, in @dir (made). */
static void scratch_run_env(char *dir, const char *env_more, const char *results,
			    struct rpt_run *run)
{
	char path[PATH_MAX], err[512];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/env.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"target\":\"vm-tcg\",\"kernel\":\"6.1.0-56-amd64\",\"cpu_model\":\"QEMU\",\"protect_method\":\"pte\",\"suite\":\"job\"%s}\n",
		env_more);
	fclose(f);
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(results, f);
	fclose(f);
	if (rpt_run_load(dir, run, err, sizeof(err)))
		fail_msg("%s", err);
}

static void scratch_run(char *dir, const char *results, struct rpt_run *run)
{
	scratch_run_env(dir, "", results, run);
}

static void scratch_remove(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/env.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	unlink(path);
	rmdir(dir);
}

/*
 * No "-0.00" anywhere: not in the committed runs, and not for a run of
 * values that round to zero from below (-0.001 ns, an empty loop of -0),
 * which used to print "-0.00 ns" in the tables and compare.md.
 */
static void test_no_negative_zero(void **state)
{
	struct runs *r = *state;
	const struct rpt_run *runs[] = { &r->small, &r->host, &r->figures, &r->ref };
	char dir[] = "/tmp/pmb-report-zero-XXXXXX", text[1024], *buf;
	const char *z;
	struct rpt_run neg;
	size_t i, o = 0;
	int rep;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		buf = all_text(runs[i]);
		z = negative_zero(buf);
		if (z)
			fail_msg("%s: a negative zero: '%.40s'", runs[i]->id, z);
		free(buf);
	}
	for (rep = 0; rep < 3; rep++)
		o += snprintf(text + o, sizeof(text) - o,
			      "{\"backend\":\"pmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":-0.001,\"baseline_ns_per_op\":-0.0}\n",
			      rep);
	scratch_run(dir, text, &neg);
	assert_true(signbit(neg.jobs[0].st[RPT_F_BASE_NS].median));
	buf = all_text(&neg);
	z = negative_zero(buf);
	if (z)
		fail_msg("a negative zero: '%.40s'", z);
	assert_null(strstr(buf, "± -"));
	free(buf);
	rpt_run_free(&neg);
	scratch_remove(dir);
	assert_non_null(negative_zero("| 1.00 ± -0.00 |"));
	assert_non_null(negative_zero("CoV -0.00%"));
	assert_null(negative_zero("6.1.0-56-amd64 2026-01-10 [-0.0001, 2]"));
}

/* The default question, from the registry's roles and the run's backends. */
static void test_question(void **state)
{
	struct runs *r = *state;
	struct rpt_question q;
	char err[512];

	assert_int_equal(rpt_question_default(&r->ref, &q), 0);
	assert_int_equal(q.nr_subjects, 1);
	assert_string_equal(q.subjects[0], "pmalloc-genalloc");
	/* The baseline sharing pmalloc's capabilities first. */
	assert_int_equal(q.nr_against, 2);
	assert_string_equal(q.against[0], "vmalloc");
	assert_string_equal(q.against[1], "kmalloc");
	rpt_question_free(&q);

	/* One side given: the other is the default, less the names given. */
	assert_int_equal(rpt_question_parse(&r->small, "vmalloc", NULL, &q, err,
					    sizeof(err)), 0);
	assert_int_equal(q.nr_subjects, 1);
	assert_int_equal(q.nr_against, 1);
	assert_string_equal(q.against[0], "kmalloc");
	rpt_question_free(&q);
	assert_int_equal(rpt_question_parse(&r->small, NULL, "kmalloc", &q, err,
					    sizeof(err)), 0);
	assert_string_equal(q.subjects[0], "pmalloc-genalloc");
	assert_int_equal(q.nr_against, 1);
	rpt_question_free(&q);

	/* Refused, each with one line that says why. */
	assert_int_equal(rpt_question_parse(&r->small, "slab", NULL, &q, err,
					    sizeof(err)), -1);
	assert_non_null(strstr(err, "--subject: 'slab' is not a backend of this build (kmalloc, vmalloc, pmalloc-genalloc, pmalloc-bump"));
	assert_non_null(strstr(err, ") nor of the run"));
	assert_int_equal(rpt_question_parse(&r->small, NULL, "kmalloc,,vmalloc",
					    &q, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--against: an empty name"));
	assert_int_equal(rpt_question_parse(&r->small, "pmalloc,pmalloc-genalloc", NULL,
					    &q, err, sizeof(err)), -1);
	assert_string_equal(err, "--subject: 'pmalloc-genalloc' is named twice");
	assert_int_equal(rpt_question_parse(&r->small, "pmalloc", "pmalloc", &q,
					    err, sizeof(err)), -1);
	assert_string_equal(err, "'pmalloc-genalloc' is both a --subject and an --against");
	assert_null(strchr(err, '\n'));
}

/* The columns headline.csv had before the question was data: kept. */
static void test_headline_csv_default_columns(void **state)
{
	struct runs *r = *state;
	struct rpt_headline h;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(rpt_headline_build(&r->small, NULL, &h), 0);
	rpt_write_headline_csv(f, &r->small, &h);
	fclose(f);
	assert_memory_equal(buf, "target,kernel,cpu_model,workload,size,count,pattern,protected,protect_method,online_cpus,unit,pmalloc_genalloc_median,pmalloc_genalloc_n,vmalloc_median,vmalloc_n,kmalloc_median,kmalloc_n,pmalloc_genalloc_vs_vmalloc,pmalloc_genalloc_vs_vmalloc_lo,pmalloc_genalloc_vs_vmalloc_hi,pmalloc_genalloc_vs_vmalloc_level,pmalloc_genalloc_vs_vmalloc_differs,pmalloc_genalloc_vs_vmalloc_mwu_p,pmalloc_genalloc_vs_kmalloc,pmalloc_genalloc_vs_kmalloc_lo,pmalloc_genalloc_vs_kmalloc_hi,pmalloc_genalloc_vs_kmalloc_level,pmalloc_genalloc_vs_kmalloc_differs,pmalloc_genalloc_vs_kmalloc_mwu_p"
			    /* host_load (doc/report.md): after all of them */
			    ",pmalloc_genalloc_vs_vmalloc_busy,pmalloc_genalloc_vs_kmalloc_busy\n",
			    strchr(buf, '\n') - buf + 1);
	/* Backend columns are identifiers: all but letters and digits -> '_'. */
	assert_null(memchr(buf, '-', strchr(buf, '\n') - buf));
	free(buf);
	rpt_headline_free(&h);
}

/* doc/report.md: the column form of a backend's name. */
static void test_csv_column_names(void **state)
{
	char b[RPT_NAME_MAX];

	(void)state;
	rpt_csv_column("pmalloc-genalloc", b, sizeof(b));
	assert_string_equal(b, "pmalloc_genalloc");
	rpt_csv_column("pmalloc-bump", b, sizeof(b));
	assert_string_equal(b, "pmalloc_bump");
	rpt_csv_column("vmalloc", b, sizeof(b));
	assert_string_equal(b, "vmalloc");
	rpt_csv_column("Next_v2.1-rc", b, sizeof(b));
	assert_string_equal(b, "Next_v2_1_rc");
	rpt_csv_column("abcdef", b, 4);
	assert_string_equal(b, "abc");
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t k = 0;

	while (n--)
		k += *s++ == c;
	return k;
}

/* summary.csv: the columns it had, in their places; new figures after them. */
static void test_summary_csv_columns(void **state)
{
	struct runs *r = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	rpt_write_summary_csv(f, &r->small);
	fclose(f);
	assert_memory_equal(buf, "target,kernel,cpu_model,job,backend,workload,size,count,pattern,protected,protect_method,online_cpus,status,n,n_disturbed,ns_per_op_median,ns_per_op_min,ns_per_op_max,ns_per_op_mean,ns_per_op_stddev,ns_per_op_cov,ns_per_op_ci_lo,ns_per_op_ci_hi,ns_per_op_ci_level,cycles_per_op_median,cycles_per_op_min,cycles_per_op_max,cycles_per_op_mean,cycles_per_op_stddev,cycles_per_op_cov,cycles_per_op_ci_lo,cycles_per_op_ci_hi,cycles_per_op_ci_level,baseline_ns_per_op_median,baseline_cycles_per_op_median,pages_median,vmap_areas_median,bytes_requested_median,bytes_consumed_median,tlb_flushes_median,direct_map_splits_median,counters.cycles_median,counters.instructions_median,counters.dTLB-loads_median,counters.dTLB-load-misses_median,counters.iTLB-load-misses_median,counters.page-faults_median,verified,direct_map_ro,metadata_bytes_median,va_bytes_median,flips_median"
			    /* host_load (doc/report.md): after every figure before it */
			    ",other_busy_max,steal_max,busy"
			    /* figures newer than host_load: after it */
			    ",purge_ns_median,window_ns_median\n",
			    strchr(buf, '\n') - buf + 1);
	free(buf);
}

/* Two subjects: a table each; one CSV, each row filling its own columns. */
static void test_headline_two_subjects(void **state)
{
	struct runs *r = *state;
	struct rpt_question q;
	struct rpt_headline h;
	char *buf = NULL, err[256], *line, *end;
	size_t len = 0, commas, rows = 0;
	FILE *f;

	assert_int_equal(rpt_question_parse(&r->small, "pmalloc,vmalloc",
					    "kmalloc", &q, err, sizeof(err)), 0);
	assert_int_equal(rpt_headline_build(&r->small, &q, &h), 0);
	/* 7 pmalloc jobs, then 5 vmalloc ones. */
	assert_int_equal(h.n, 12);
	assert_string_equal(h.rows[7].subject->key.backend, "vmalloc");
	f = open_memstream(&buf, &len);
	rpt_write_headline_md(f, &r->small, &h);
	fclose(f);
	assert_non_null(strstr(buf, "## pmalloc-genalloc relative to kmalloc — "));
	assert_non_null(strstr(buf, "## vmalloc relative to kmalloc — "));
	assert_non_null(strstr(buf, "| workload | size | count | vmalloc | kmalloc | vmalloc / kmalloc, ≥ 87.8% |"));
	assert_non_null(strstr(buf, "Ratio = median(subject) / median(other), the subject being the backend the table is about"));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	rpt_write_headline_csv(f, &r->small, &h);
	fclose(f);
	assert_non_null(strstr(buf, ",unit,pmalloc_genalloc_median,pmalloc_genalloc_n,vmalloc_median,vmalloc_n,kmalloc_median,kmalloc_n,pmalloc_genalloc_vs_kmalloc,"));
	assert_non_null(strstr(buf, ",pmalloc_genalloc_vs_kmalloc_mwu_p,vmalloc_vs_kmalloc,"));
	end = strchr(buf, '\n');
	commas = count_char(buf, end - buf, ',');
	for (line = end + 1; *line; line = end + 1, rows++) {
		end = strchr(line, '\n');
		assert_non_null(end);
		assert_int_equal(count_char(line, end - line, ','), commas);
	}
	assert_int_equal(rows, 12);
	/* vmalloc alloc 64 B: pmalloc's columns empty, its own filled. */
	assert_non_null(strstr(buf, ",alloc,64,1024,,,,,ns/op,,,5312.4,5,"));
	free(buf);
	rpt_headline_free(&h);
	rpt_question_free(&q);
}

/* report.md of @run, with plots turned off. */
static char *report_md(const struct rpt_run *run)
{
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	struct rpt_headline h;
	char *buf = NULL, err[256];
	size_t len = 0, nr;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(rpt_headline_build(run, NULL, &h), 0);
	assert_int_equal(rpt_plots_write(run, "/nonexistent", RPT_PLOTS_NONE,
					 notes, &nr, err, sizeof(err)), 0);
	rpt_write_report_md(f, run, &h, notes, nr);
	fclose(f);
	rpt_headline_free(&h);
	return buf;
}

/* The number of lines of @text that start with @prefix. */
static size_t lines_starting(const char *text, const char *prefix)
{
	size_t n = 0;
	const char *p;

	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += !strncmp(p, prefix, strlen(prefix));
	return n;
}

static const char busy_note[] =
	"~: measured while other work used more than 10% of the host's CPUs "
	"(host_load.other_busy up to 0.35); absolute times there are stretched.\n";

/*
 * run-busy (doc/report.md, "Busy rows"): vmalloc's lines saw other_busy
 * up to 0.35, pmalloc's exactly 0.10, kmalloc's 0.02.  Its median, and
 * the ratio cell with it on one side, carry '~' after the value and
 * after any '*'; a note follows each table that marks something.
 */
static void test_busy_marks(void **state)
{
	struct runs *r = *state;
	const struct rpt_headline_row *row;
	struct rpt_headline h;
	char *buf = NULL, *p;
	size_t len = 0;
	FILE *f;

	assert_int_equal(rpt_run_busy_jobs(&r->busy), 1);
	assert_int_equal(rpt_headline_build(&r->busy, NULL, &h), 0);
	row = row_for(&h, "alloc", -1);
	assert_non_null(row);
	assert_string_equal(h.against[0], "vmalloc");
	assert_true(rpt_vs_busy(row, &row->vs[0]));
	assert_false(rpt_vs_busy(row, &row->vs[1]));
	f = open_memstream(&buf, &len);
	rpt_write_headline_md(f, &r->busy, &h);
	fclose(f);
	assert_non_null(strstr(buf, "| 95.3 ns | 1.82 µs ~ | 25.0 ns | 0.052 [0.051, 0.054] * ~ | 3.81 [3.72, 3.88] * |\n"));
	p = strstr(buf, busy_note);
	assert_non_null(p);
	/* right under the table */
	assert_true(p > buf + 2 && !strncmp(p - 3, "|\n\n", 3));
	free(buf);
	rpt_headline_free(&h);
	/* The verdict is untouched: '*' still agrees with every interval. */
	check_marks(&r->busy, 2);

	buf = report_md(&r->busy);
	assert_non_null(strstr(buf, "\nHost load: 1 of 3 jobs measured on a busy host (other_busy or steal > 0.10), marked ~ in the tables.\n"));
	/* headline, side by side, statistics, cycles, counters; alloc jobs: no protection or footprint table */
	assert_int_equal(lines_starting(buf, busy_note), 5);
	assert_non_null(strstr(buf, "\n| alloc 64 B × 1024 | 25.0 ns | 1.82 µs ~ | 95.3 ns |\n"));
	assert_int_equal(lines_starting(buf, "| vmalloc alloc 64 B × 1024 ~ |"), 3);
	assert_int_equal(lines_starting(buf, "| kmalloc alloc 64 B × 1024 ~"), 0);
	assert_int_equal(lines_starting(buf, "| pmalloc-genalloc alloc 64 B × 1024 ~"), 0);
	free(buf);

	/* summary.csv: other_busy_max, steal_max, busy, then purge_ns and window_ns (n/a here) */
	buf = NULL;
	f = open_memstream(&buf, &len);
	rpt_write_summary_csv(f, &r->busy);
	fclose(f);
	assert_non_null(strstr(buf, ",0.02,0,no,n/a,n/a\n"));
	assert_non_null(strstr(buf, ",0.35,0,yes,n/a,n/a\n"));
	assert_non_null(strstr(buf, ",0.1,0.01,no,n/a,n/a\n"));
	free(buf);
}

/* Results from before host_load: said once, nothing marked, n/a in the CSV. */
static void test_busy_not_recorded(void **state)
{
	struct runs *r = *state;
	const struct rpt_run *runs[] = { &r->small, &r->ref };
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		assert_false(rpt_run_has_load(runs[i]));
		buf = report_md(runs[i]);
		assert_int_equal(lines_starting(buf, "Host load: not recorded"), 1);
		assert_int_equal(lines_starting(buf, "~: "), 0);
		assert_null(strstr(buf, " ~ |"));
		free(buf);
	}
	buf = NULL;
	f = open_memstream(&buf, &len);
	rpt_write_summary_csv(f, &r->ref);
	fclose(f);
	assert_int_equal(lines_starting(strchr(buf, '\n') + 1, "vm-tcg,"),
			 r->ref.nr_jobs);
	assert_null(strstr(buf, ",yes,n/a,n/a\n"));
	assert_null(strstr(buf, ",no,n/a,n/a\n"));
	free(buf);
}

/*
 * env.json's cost and rounds: the report says which jobs the run kept and
 * how they took turns, or that it is not recorded.
 */
static void test_job_order_row(void **state)
{
	static const struct { const char *env, *row; } cases[] = {
		{ ",\"cost\":\"memory\"", "| jobs | only the suite's jobs whose cost is the memory system (read): what only a wall clock sees; the suite's other jobs are not in this run (make bench TARGET=vm runs them in a run of their own) |\n" },
		{ ",\"cost\":\"path\"", "| jobs | only the suite's jobs whose cost is the code path (alloc, free, protect, " },
		{ ",\"cost\":\"quantum\"", "| jobs | only the jobs whose cost is 'quantum' |\n" },
		{ ",\"cost\":null", "| jobs | every job of the suite |\n" },
		{ "", "| jobs | every job of the suite |\n" },
		{ ",\"rounds\":5", "| job order | interleaved: jobs that differ only in backend took turns in up to 5 rounds (A B C A B C ...), each round a whole module call with its warm-up |\n" },
		{ ",\"rounds\":1", "| job order | each job's repeats back to back (1 round) |\n" },
		{ "", "| job order | not recorded (runs before interleaving): each job's repeats back to back |\n" },
	};
	static const char line[] =
		"{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":0,\"round\":0,\"status\":\"ok\",\"ns_per_op\":10,\"baseline_ns_per_op\":1}\n";
	struct rpt_run run;
	char *buf;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[] = "/tmp/pmb-report-order-XXXXXX";

		scratch_run_env(dir, cases[i].env, line, &run);
		buf = report_md(&run);
		if (!strstr(buf, cases[i].row))
			fail_msg("case %zu: no row '%s'", i, cases[i].row);
		assert_int_equal(lines_starting(buf, "| job order |"), 1);
		assert_int_equal(lines_starting(buf, "| jobs |"), 1);
		free(buf);
		rpt_run_free(&run);
		scratch_remove(dir);
	}
}

/* A baseline with no measured job in the run (the floor in a code-path run) gets no column. */
static void test_unmeasured_baseline_left_out(void **state)
{
	static const char lines[] =
		"{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":0,\"status\":\"ok\",\"ns_per_op\":10,\"baseline_ns_per_op\":1}\n"
		"{\"backend\":\"pmalloc-genalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":0,\"status\":\"ok\",\"ns_per_op\":2,\"baseline_ns_per_op\":1}\n"
		"{\"backend\":\"ro-after-init\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":0,\"status\":\"unsupported\"}\n";
	char dir[] = "/tmp/pmb-report-floor-XXXXXX";
	struct rpt_question q;
	struct rpt_run run;

	(void)state;
	scratch_run(dir, lines, &run);
	assert_int_equal(rpt_question_default(&run, &q), 0);
	assert_int_equal(q.nr_subjects, 1);
	assert_int_equal(q.nr_against, 1);
	assert_string_equal(q.against[0], "vmalloc");
	rpt_question_free(&q);
	rpt_run_free(&run);
	scratch_remove(dir);
}

/* Under icount a busy host stretches nothing: the load is kept, no row is marked. */
static void test_icount_never_busy(void **state)
{
	static const char line[] =
		"{\"backend\":\"vmalloc\",\"workload\":\"alloc\",\"size\":64,\"count\":16,\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":10,\"baseline_ns_per_op\":1,\"target\":\"%s\",\"host_load\":{\"source\":\"host\",\"other_busy\":0.8,\"steal\":0,\"loadavg1\":3}}\n";
	static const char *const targets[] = { "vm-icount", "vm-tcg" };
	char dir[] = "/tmp/pmb-report-icount-XXXXXX", path[PATH_MAX], err[512], *buf;
	struct rpt_run run;
	size_t t;
	FILE *f;
	int rep;

	(void)state;
	for (t = 0; t < 2; t++) {
		strcpy(dir + strlen(dir) - 6, "XXXXXX");
		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof(path), "%s/env.json", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "{\"target\":\"%s\",\"kernel\":\"6.1\",\"cpu_model\":\"QEMU\",\"protect_method\":\"pte\",\"suite\":\"job\"}\n",
			targets[t]);
		fclose(f);
		snprintf(path, sizeof(path), "%s/results.jsonl", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		for (rep = 0; rep < 3; rep++)
			fprintf(f, line, rep, targets[t]);
		fclose(f);
		if (rpt_run_load(dir, &run, err, sizeof(err)))
			fail_msg("%s", err);
		assert_true(rpt_run_has_load(&run));
		assert_int_equal(rpt_run_busy_jobs(&run), t == 0 ? 0 : 1);
		buf = report_md(&run);
		assert_int_equal(lines_starting(buf, "Host load: recorded (summary.csv), but under icount"), t == 0);
		assert_int_equal(lines_starting(buf, "Host load: 1 of 1 jobs measured on a busy host"), t == 1);
		free(buf);
		rpt_run_free(&run);
		scratch_remove(dir);
	}
}

/* Busy by steal alone: the note says how much was stolen. */
static void test_busy_by_steal(void **state)
{
	static const char fmt[] =
		"{\"backend\":\"%s\",\"workload\":\"alloc\",\"size\":64,\"count\":16,"
		"\"repeat\":%d,\"status\":\"ok\",\"ns_per_op\":%d,"
		"\"host_load\":{\"other_busy\":0.05,\"steal\":%s}}\n";
	char dir[] = "/tmp/pmb-report-steal-XXXXXX", text[2048], *buf;
	struct rpt_run run;
	size_t o = 0;
	int rep;

	(void)state;
	for (rep = 0; rep < 3; rep++) {
		o += snprintf(text + o, sizeof(text) - o, fmt, "pmalloc", rep,
			      90 + rep, rep == 1 ? "0.25" : "0.01");
		o += snprintf(text + o, sizeof(text) - o, fmt, "vmalloc", rep,
			      900 + rep, "0");
	}
	scratch_run(dir, text, &run);
	buf = report_md(&run);
	assert_non_null(strstr(buf, "~: measured while other work used more than 10% of the host's CPUs (host_load.other_busy up to 0.05, steal up to 0.25); absolute times there are stretched.\n"));
	assert_int_equal(lines_starting(buf, "| pmalloc-genalloc alloc 64 B × 16 ~ |"), 3);
	assert_int_equal(lines_starting(buf, "| vmalloc alloc 64 B × 16 ~"), 0);
	free(buf);
	rpt_run_free(&run);
	scratch_remove(dir);
}

/*
 * The footprint table shows metadata and address space where the run has
 * them, blank (never 0) for a job without; protection calls likewise.  A
 * backend of a newer pmbench is shown, and in no default comparison.
 */
static void test_optional_columns(void **state)
{
	struct runs *r = *state;
	char *buf, *headline;

	buf = report_md(&r->figures);
	assert_non_null(strstr(buf, "| job | requested | consumed | overhead | metadata | address space | pages | vmalloc areas |\n"));
	assert_non_null(strstr(buf, "| kmalloc footprint 64 B × 1024 | 64.0 KiB | 64.0 KiB | +0.00% |  |  | 16 | n/a |\n"));
	assert_non_null(strstr(buf, "| pmalloc-genalloc footprint 64 B × 1024 | 64.0 KiB | 68.0 KiB | +6.25% | 640 B | 136 KiB | 17 | n/a |\n"));
	assert_non_null(strstr(buf, "| job | pages | TLB flushes | protection calls | verified |"));
	assert_non_null(strstr(buf, "| pmalloc_next | not in this build | a backend of a newer pmbench"));
	assert_non_null(strstr(buf, "| pmalloc_next alloc 64 B × 16 | 5 | 300 ns |"));
	headline = strstr(buf, "## pmalloc-genalloc relative to vmalloc and kmalloc");
	assert_non_null(headline);
	/* In no headline section; a column of the side-by-side table. */
	assert_null(strstr(headline, "pmalloc_next") < strstr(headline, "## Every backend side by side") ?
		    strstr(headline, "pmalloc_next") : NULL);
	assert_non_null(strstr(buf, "| work | kmalloc | vmalloc | pmalloc-genalloc | pmalloc_next |\n"));
	free(buf);

	/* Older results: no such columns at all. */
	buf = report_md(&r->small);
	assert_non_null(strstr(buf, "| job | requested | consumed | overhead | pages | vmalloc areas |\n"));
	assert_null(strstr(buf, "protection calls"));
	free(buf);

	/* Protection rows are the jobs pmb_job_protects() says protect. */
	buf = report_md(&r->ref);
	headline = strstr(buf, "## Protection");
	assert_non_null(headline);
	assert_non_null(strstr(headline, "| vmalloc destroy 64 B × 16 (cpa) |"));
	assert_non_null(strstr(headline, "| pmalloc-genalloc read chase, protected 64 B × 256 (cpa) |"));
	assert_null(strstr(headline, "| kmalloc protect") < strstr(headline, "## Footprint") ?
		    strstr(headline, "| kmalloc protect") : NULL);
	free(buf);
}

/* .dat blocks: the backend each index draws, from its "#   title" line. */
struct dat_info {
	size_t points;
	char backend[64][40];
	size_t nr_blocks;
};

static void read_dat(const char *path, struct dat_info *d)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "# index ", 8)) {
			assert_true(d->nr_blocks < 64);
			d->nr_blocks++;
		} else if (!strncmp(line, "#   ", 4) && d->nr_blocks) {
			sscanf(line + 4, "%39[^ ,(\n]", d->backend[d->nr_blocks - 1]);
		} else if (line[0] != '#' && line[0] != '\n') {
			d->points++;
		}
	}
	fclose(f);
}

/*
 * A .gp: each panel's plot command draws at most RPT_PANEL_SERIES lines,
 * each in its backend's colour, no key in a panel; the key is a plot of
 * its own.
 */
static void check_gp(const char *path, const struct dat_info *d)
{
	char line[16384], colour[16], *p;
	size_t lines, idx, panels = 0, unset_key = 0;
	bool key = false;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unset_key += strstr(line, "unset key") != NULL;
		key |= strstr(line, "set key at screen") != NULL;
		if (strncmp(line, "\tplot '", 7))
			continue;
		panels++;
		for (lines = 0, p = line; (p = strstr(p, " index ")); lines++) {
			assert_int_equal(sscanf(p, " index %zu using 1:2:3:4 with yerrorlines lc rgb '%15[^']'",
						&idx, colour), 2);
			assert_true(idx < d->nr_blocks);
			if (strcmp(colour, rpt_backend_colour(d->backend[idx])))
				fail_msg("%s: index %zu (%s) drawn in %s", path, idx,
					 d->backend[idx], colour);
			p++;
		}
		if (lines > RPT_PANEL_SERIES)
			fail_msg("%s: %zu lines in a panel", path, lines);
	}
	fclose(f);
	assert_true(key);
	assert_int_equal(unset_key, panels);
}

/* Jobs of @run a plot draws: ok, with the figures its kind needs. */
static size_t drawable_jobs(const struct rpt_run *run)
{
	const struct rpt_job *j;
	size_t i, n = 0;
	int kind;

	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		kind = rpt_plot_kind(j->key.workload);
		if (kind < 0 || j->status != RPT_STATUS_OK ||
		    !j->st[rpt_primary_field(j->key.workload)].n ||
		    (kind == PMB_PLOT_SET_PAGES && !j->st[RPT_F_PAGES].n))
			continue;
		n++;
	}
	return n;
}

/* Plot scripts and data of @run; the jobs in the .dat files, counted. */
static size_t plot_run(const struct rpt_run *run, char *dir)
{
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	char path[PATH_MAX], err[512];
	struct dat_info d;
	size_t k, nr, points = 0;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(rpt_plots_write(run, dir, RPT_PLOTS_SCRIPTS, notes, &nr,
					 err, sizeof(err)), 0);
	/* a module run: the module's workloads only; protect, unprotect: one */
	assert_int_equal(nr, PMB_NR_WORKLOADS - 1);
	for (k = 0; k < nr; k++) {
		plot_path(path, sizeof(path), dir, &notes[k], ".dat");
		if (access(path, F_OK))
			continue;
		memset(&d, 0, sizeof(d));
		read_dat(path, &d);
		points += d.points;
		unlink(path);
		plot_path(path, sizeof(path), dir, &notes[k], ".gp");
		check_gp(path, &d);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/plots", dir);
	rmdir(path);
	rmdir(dir);
	return points;
}

/*
 * No job vanishes from the plots: the .dat files hold one data line per
 * job a plot can draw, in the reference run (228 jobs, 208 ok) and where
 * two jobs of one line land on the same x (pmalloc's 16 and 32 objects of
 * 64 B, one page each: both kept, and labelled).
 */
static void test_plots_keep_every_job(void **state)
{
	struct runs *r = *state;
	char dir[] = "/tmp/pmb-report-plots-XXXXXX";
	char dir2[] = "/tmp/pmb-report-plots-XXXXXX";
	char dir3[] = "/tmp/pmb-report-plots-XXXXXX";

	assert_int_equal(drawable_jobs(&r->ref), 208);
	assert_int_equal(plot_run(&r->ref, dir), 208);
	assert_int_equal(plot_run(&r->small, dir2), drawable_jobs(&r->small));
	assert_int_equal(drawable_jobs(&r->figures), 12);
	assert_int_equal(plot_run(&r->figures, dir3), 12);
}

static void test_plot_colours_and_labels(void **state)
{
	struct runs *r = *state;
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	char dir[] = "/tmp/pmb-report-plots-XXXXXX", path[PATH_MAX], err[512];
	char *buf = NULL;
	size_t len = 0, k, nr;
	FILE *f;

	/* One colour per backend, from the registry; others grey. */
	assert_string_not_equal(rpt_backend_colour("kmalloc"), rpt_backend_colour("vmalloc"));
	assert_string_not_equal(rpt_backend_colour("vmalloc"), rpt_backend_colour("pmalloc"));
	assert_string_not_equal(rpt_backend_colour("kmalloc"), rpt_backend_colour("pmalloc"));
	assert_string_equal(rpt_backend_colour("pmalloc_next"), "#999999");

	assert_non_null(mkdtemp(dir));
	assert_int_equal(rpt_plots_write(&r->figures, dir, RPT_PLOTS_SCRIPTS, notes,
					 &nr, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/plots/protect-cost.gp", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (getdelim(&buf, &len, '\0', f) > 0)
		break;
	fclose(f);
	/* Two pmalloc jobs at one page: a label names both counts. */
	assert_non_null(strstr(buf, "set label '×16, ×32' at 1, 64000 "));
	assert_non_null(strstr(buf, "set multiplot title 'protect: making the whole set read-only' . \"\\n\" . 'VM TCG, "));
	assert_non_null(strstr(buf, "title 'pmalloc_next'"));
	assert_non_null(strstr(buf, "set title '64 B objects' noenhanced"));
	free(buf);
	for (k = 0; k < nr; k++) {
		plot_path(path, sizeof(path), dir, &notes[k], ".gp");
		unlink(path);
		plot_path(path, sizeof(path), dir, &notes[k], ".dat");
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/plots", dir);
	rmdir(path);
	rmdir(dir);
	/* A plot of a workload the run lacks says so, naming the workloads. */
	assert_string_equal(notes[1].name, "free-cost");
	assert_string_equal(notes[1].note, "this run has no free jobs with data");
	assert_string_equal(notes[2].name, "protect-cost");
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
		cmocka_unit_test(test_no_negative_zero),
		cmocka_unit_test(test_question),
		cmocka_unit_test(test_headline_csv_default_columns),
		cmocka_unit_test(test_csv_column_names),
		cmocka_unit_test(test_summary_csv_columns),
		cmocka_unit_test(test_headline_two_subjects),
		cmocka_unit_test(test_optional_columns),
		cmocka_unit_test(test_plots_keep_every_job),
		cmocka_unit_test(test_plot_colours_and_labels),
		cmocka_unit_test(test_busy_marks),
		cmocka_unit_test(test_busy_not_recorded),
		cmocka_unit_test(test_job_order_row),
		cmocka_unit_test(test_unmeasured_baseline_left_out),
		cmocka_unit_test(test_icount_never_busy),
		cmocka_unit_test(test_busy_by_steal),
	};

	return cmocka_run_group_tests_name("report_tables", tests, runs_setup,
					   runs_teardown);
}
