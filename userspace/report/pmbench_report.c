// SPDX-License-Identifier: GPL-2.0
/*
 * pmbench-report: statistics, tables and plots from results/<run-id>/,
 * written to reports/<run-id>/; or two runs compared.  Reads files only:
 * it never talks to the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "pmb_names.h"
#include "format.h"
#include "plots.h"
#include "run.h"
#include "tables.h"
#include "vmalloc_summary.h"

#define PROG "pmbench-report"

/* Exit codes, also in --help. */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* results missing or malformed */
	EXIT_REFUSED = 2,	/* --compare of different targets */
	EXIT_OUTPUT = 3,	/* report cannot be written, gnuplot failed */
	EXIT_USAGE = 4,		/* bad command line */
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [--out DIR] [--no-plots] [--subject B,...] [--against B,...]\n"
"                      RESULTS_DIR\n"
"       " PROG " --compare [--allow-mixed-targets] [--out DIR] [--no-plots]\n"
"                      BASE_DIR CAND_DIR [CAND_DIR...]\n"
"       " PROG " --test-vmalloc RESULTS_DIR\n"
"\n"
"Reads a run's results (RESULTS_DIR/env.json and results.jsonl) and writes\n"
"its report: report.md, summary.csv (one row per job), headline.md and\n"
"headline.csv (each backend under study relative to each baseline: by\n"
"default, from the registry's roles, each pmalloc design relative to\n"
"vmalloc and kmalloc), and plots/*.png, *.svg with the gnuplot .gp and\n"
".dat files that drew them.  A backend's old name (an alias of the\n"
"registry: pmbench list aliases), in results or --subject and --against,\n"
"is read as the backend; only its name is written.\n"
"With --compare, writes compare.md and compare.csv: the candidate's\n"
"figures beside the baseline's, mmtests style, and per job whether the two\n"
"runs agree (their medians' intervals overlap); runs that differ in kernel,\n"
"CPU, protection method, suite or its revision are compared with a warning.\n"
"It also writes matrix.md and matrix.csv, compare-kernels style: per job\n"
"the baseline's median and each candidate's as value (+x.xx%%), '*' where\n"
"the change is significant; and plots/matrix-WORKLOAD.*, one line per run.\n"
"With several candidates (the kernel matrix: make bench KERNELS=...), each\n"
"one's detailed comparison is compare-CAND_ID.md and .csv.  Columns are\n"
"named by kernel when every run has its own.\n"
"With --test-vmalloc, writes nothing: prints the run's jobs that match a\n"
"case of Linux's lib/test_vmalloc as that module's Summary lines\n"
"(\"Summary: fix_size_alloc_test passed: N failed: N repeat: R loops: L\n"
"avg: X usec\"), each after '#' lines saying what it is made of.\n"
"\n"
"  -o, --out DIR            where to write; default reports/<run-id> for a\n"
"                           report, reports/<base-id>-vs-<cand-id> for a\n"
"                           comparison (relative to the current directory)\n"
"  -c, --compare            compare runs: the first is the baseline\n"
"      --test-vmalloc       print test_vmalloc Summary lines (README says\n"
"                           which jobs map to which case)\n"
"      --allow-mixed-targets  compare runs from different targets (host,\n"
"                           vm-tcg, ...); refused otherwise\n"
"      --no-plots           write no plots (gnuplot is not needed)\n"
"      --subject B,...      the backends the headline is about, a table each\n"
"                           (default: the run's design backends)\n"
"      --against B,...      the backends they are held against (default: the\n"
"                           run's baseline backends not among the subjects)\n"
"  -h, --help               this text\n"
"\n"
"Environment: PMB_GNUPLOT, the gnuplot to run (default: gnuplot in PATH).\n"
"Where gnuplot cannot be run, the report is written without images: it\n"
"says so, keeps each plot's .gp and .dat, and the exit status stays 0.\n"
"\n"
"Exit status:\n"
"  0  report written\n"
"  1  a results directory is missing or malformed\n"
"  2  --compare refused: the runs come from different targets\n"
"  3  the report could not be written, or gnuplot ran and failed\n"
"  4  bad command line (an unknown --subject or --against name too)\n");
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];
	size_t i, len = strlen(path);

	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		buf[i] = path[i];
	}
	return 0;
}

/* One output file: open, let @write fill it, close and check. */
struct out_file {
	const char *dir;
	int dfd;		/* the output folder, opened once */
	char path[PATH_MAX];
	FILE *f;
};

static FILE *out_open(struct out_file *o, const char *name)
{
	o->f = NULL;
	if (rpt_path(o->path, o->dir, name, "")) {
		fprintf(stderr, PROG ": %s/%s: %s\n", o->dir, name,
			strerror(errno));
		return NULL;
	}
	o->f = rpt_create(o->dfd, name);
	if (!o->f)
		fprintf(stderr, PROG ": %s: %s\n", o->path, strerror(errno));
	return o->f;
}

static int out_close(struct out_file *o)
{
	int bad = ferror(o->f);

	if (fclose(o->f) || bad) {
		fprintf(stderr, PROG ": %s: write error\n", o->path);
		return -1;
	}
	return 0;
}

static int load(const char *dir, struct rpt_run *run)
{
	char err[1024];

	if (!rpt_run_load(dir, run, err, sizeof(err)))
		return 0;
	fprintf(stderr, PROG ": %s\n", err);
	return -1;
}

/*
 * The output folder, made and resolved: --out as given (its real path),
 * else reports/ID, where ID is made of run ids (pmb_run_id_valid(): no
 * '/', no "..") and reports/ID itself is not a link.  Every file goes inside it,
 * opened relative to @o->dfd.
 */
static int prepare_out(char *buf, struct out_file *o, const char *given,
		       const char *id)
{
	char real[PATH_MAX];
	int n;

	o->dfd = -1;
	/* Loaded ids are run ids already; "A-vs-B" may only be longer. */
	if (!given && (!*id || strchr(id, '/') || !strcmp(id, ".") ||
		       !strcmp(id, ".."))) {
		fprintf(stderr, PROG ": '%s' is not a run id: give --out\n", id);
		return -1;
	}
	if (mkdir_p(given ? given : "reports") ||
	    !realpath(given ? given : "reports", real)) {
		fprintf(stderr, PROG ": %s: %s\n", given ? given : "reports",
			strerror(errno));
		return -1;
	}
	if (given) {
		n = snprintf(buf, PATH_MAX, "%s", real);
		o->dfd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		n = snprintf(buf, PATH_MAX, "%s/%s", real, id);
		o->dfd = n < PATH_MAX ? rpt_open_dir(real, id, true) : -1;
	}
	if (n < 0 || n >= PATH_MAX) {
		fprintf(stderr, PROG ": output path too long\n");
		return -1;
	}
	if (o->dfd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", buf, strerror(errno));
		return -1;
	}
	o->dir = buf;
	return 0;
}

struct report_opts {
	const char *out;	/* --out, NULL: reports/<run-id> */
	bool plots;
	const char *subject, *against;	/* comma lists, NULL: the default */
};

static int do_report(const char *dir, const struct report_opts *opts)
{
	struct rpt_plot_note notes[RPT_MAX_PLOTS];
	struct rpt_question q = { 0 };
	struct rpt_headline h = { 0 };
	struct rpt_run run;
	struct out_file o = { .dfd = -1 };
	char out[PATH_MAX], err[1024];
	int ret = EXIT_OUTPUT, drawn = 0;
	size_t k, nr_notes = 0;

	if (load(dir, &run))
		return EXIT_INPUT;
	if (rpt_question_parse(&run, opts->subject, opts->against, &q, err,
			       sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		ret = EXIT_USAGE;
		goto out_run;
	}
	if (prepare_out(out, &o, opts->out, run.id))
		goto out_run;
	if (rpt_headline_build(&run, &q, &h)) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out_run;
	}
	if (!out_open(&o, "summary.csv"))
		goto out;
	rpt_write_summary_csv(o.f, &run);
	if (out_close(&o) || !out_open(&o, "headline.md"))
		goto out;
	rpt_write_headline_md(o.f, &run, &h);
	if (out_close(&o) || !out_open(&o, "headline.csv"))
		goto out;
	rpt_write_headline_csv(o.f, &run, &h);
	if (out_close(&o))
		goto out;
	switch (rpt_plots_write(&run, out, opts->plots ? RPT_PLOTS_DRAW :
				RPT_PLOTS_NONE, notes, &nr_notes, err,
				sizeof(err))) {
	case 0:
		break;
	case 1:		/* no gnuplot: the report says so, without images */
		fprintf(stderr, PROG ": warning: %s; the report has no images\n",
			err);
		break;
	default:
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	if (!out_open(&o, "report.md"))
		goto out;
	rpt_write_report_md(o.f, &run, &h, notes, nr_notes);
	if (out_close(&o))
		goto out;
	for (k = 0; k < nr_notes; k++)
		drawn += notes[k].drawn;
	printf("%s: report.md, summary.csv, headline.md, headline.csv, %d plot%s\n",
	       out, drawn, drawn == 1 ? "" : "s");
	ret = EXIT_OK;
out:
	rpt_headline_free(&h);
out_run:
	if (o.dfd >= 0)
		close(o.dfd);
	rpt_question_free(&q);
	rpt_run_free(&run);
	return ret;
}

/* The pair's detailed comparison: NAME.md and NAME.csv. */
static int write_pair(struct out_file *o, const char *name,
		      const struct rpt_run *base, const struct rpt_run *cand)
{
	char file[NAME_MAX + 8];

	snprintf(file, sizeof(file), "%s.md", name);
	if (!out_open(o, file))
		return -1;
	rpt_write_compare_md(o->f, base, cand);
	snprintf(file, sizeof(file), "%s.csv", name);
	if (out_close(o) || !out_open(o, file))
		return -1;
	rpt_write_compare_csv(o->f, base, cand);
	return out_close(o);
}

/*
 * BASE against one or more candidates: per candidate the detailed pair
 * (compare.md and .csv with one candidate, compare-CAND_ID.* with more),
 * and for all of them the matrix (matrix.md, matrix.csv, plots/matrix-*):
 * the kernel matrix's compare-kernels table.
 */
static int do_compare(char **dirs, size_t nr, const char *out_given,
		      bool mixed, bool plots)
{
	struct rpt_run runs[RPT_MAX_RUNS];
	const struct rpt_run *rp[RPT_MAX_RUNS];
	struct out_file o = { .dfd = -1 };
	char out[PATH_MAX], id[2 * NAME_MAX + 8], diff[192], name[NAME_MAX];
	char err[1024];
	size_t loaded = 0, i;
	int ret = EXIT_INPUT, drawn = 0;

	for (i = 0; i < nr; i++, loaded++) {
		if (load(dirs[i], &runs[i]))
			goto out;
		rp[i] = &runs[i];
	}
	for (i = 1; i < nr; i++) {
		if (!rpt_same_target(&runs[0], &runs[i]) && !mixed) {
			fprintf(stderr, PROG ": refusing to compare runs from different targets: baseline %s is %s, candidate %s is %s (pass --allow-mixed-targets to compare them anyway)\n",
				runs[0].id, runs[0].env.target, runs[i].id,
				runs[i].env.target);
			ret = EXIT_REFUSED;
			goto out;
		}
		/* Kernels differ on purpose in a kernel matrix: no warning. */
		if (!rpt_setup_diff(&runs[0], &runs[i], diff, sizeof(diff)))
			;
		else if (nr == 2)
			fprintf(stderr, PROG ": warning: the runs differ in %s: compare.md says so, and its agreement is not run-to-run variation\n",
				diff);
		else if (strcmp(diff, "kernel"))
			fprintf(stderr, PROG ": warning: %s and %s differ in %s: compare-%s.md says so, and its agreement is not run-to-run variation\n",
				runs[0].id, runs[i].id, diff, runs[i].id);
		if (rpt_load_diff(&runs[0], &runs[i], diff, sizeof(diff)))
			fprintf(stderr, PROG ": warning: %s: %s marks the differences measured on a busy host\n",
				diff, nr == 2 ? "compare.md" : "the comparison");
	}
	ret = EXIT_OUTPUT;
	if (nr == 2)
		snprintf(id, sizeof(id), "%.*s-vs-%.*s", NAME_MAX, runs[0].id,
			 NAME_MAX, runs[1].id);
	else
		snprintf(id, sizeof(id), "%.*s-matrix", NAME_MAX, runs[0].id);
	if (prepare_out(out, &o, out_given, id))
		goto out;
	for (i = 1; i < nr; i++) {
		if (nr == 2)
			snprintf(name, sizeof(name), "compare");
		else
			snprintf(name, sizeof(name), "compare-%.*s", NAME_MAX - 16,
				 runs[i].id);
		if (write_pair(&o, name, &runs[0], &runs[i]))
			goto out;
	}
	if (!out_open(&o, "matrix.md"))
		goto out;
	rpt_write_matrix_md(o.f, rp, nr);
	if (out_close(&o) || !out_open(&o, "matrix.csv"))
		goto out;
	rpt_write_matrix_csv(o.f, rp, nr);
	if (out_close(&o))
		goto out;
	if (plots) {
		drawn = rpt_write_matrix_plots(rp, nr, out, true, err, sizeof(err));
		if (drawn < 0) {
			fprintf(stderr, PROG ": %s\n", err);
			goto out;
		}
		if (err[0])
			fprintf(stderr, PROG ": warning: %s; the matrix has no images\n",
				err);
	}
	printf("%s: %s, matrix.md, matrix.csv, %d plot%s\n", out,
	       nr == 2 ? "compare.md, compare.csv" : "compare-*.md, compare-*.csv",
	       drawn, drawn == 1 ? "" : "s");
	ret = EXIT_OK;
out:
	if (o.dfd >= 0)
		close(o.dfd);
	for (i = 0; i < loaded; i++)
		rpt_run_free(&runs[i]);
	return ret;
}

/* --test-vmalloc: the Summary lines on stdout; nothing written. */
static int do_test_vmalloc(const char *dir)
{
	struct rpt_run run;
	int bad;

	if (load(dir, &run))
		return EXIT_INPUT;
	rpt_write_test_vmalloc(stdout, &run);
	bad = fflush(stdout) || ferror(stdout);
	rpt_run_free(&run);
	if (bad) {
		fprintf(stderr, PROG ": standard output: write error\n");
		return EXIT_OUTPUT;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	enum { OPT_MIXED = 256, OPT_NO_PLOTS, OPT_SUBJECT, OPT_AGAINST,
	       OPT_TEST_VMALLOC };
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "compare", no_argument, NULL, 'c' },
		{ "allow-mixed-targets", no_argument, NULL, OPT_MIXED },
		{ "no-plots", no_argument, NULL, OPT_NO_PLOTS },
		{ "subject", required_argument, NULL, OPT_SUBJECT },
		{ "against", required_argument, NULL, OPT_AGAINST },
		{ "test-vmalloc", no_argument, NULL, OPT_TEST_VMALLOC },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts ro = { .plots = true };
	bool compare = false, mixed = false, tvm = false;
	int c;

	rpt_stats_init();
	while ((c = getopt_long(argc, argv, "o:ch", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			ro.out = optarg;
			break;
		case 'c':
			compare = true;
			break;
		case OPT_MIXED:
			mixed = true;
			break;
		case OPT_NO_PLOTS:
			ro.plots = false;
			break;
		case OPT_SUBJECT:
			ro.subject = optarg;
			break;
		case OPT_AGAINST:
			ro.against = optarg;
			break;
		case OPT_TEST_VMALLOC:
			tvm = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (compare ? argc - optind < 2 || argc - optind > RPT_MAX_RUNS :
		      argc - optind != 1) {
		if (compare)
			fprintf(stderr, PROG ": expected BASE_DIR and 1 to %d CAND_DIRs\n",
				RPT_MAX_RUNS - 1);
		else
			fprintf(stderr, PROG ": expected one results directory\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (mixed && !compare) {
		fprintf(stderr, PROG ": --allow-mixed-targets goes with --compare\n");
		return EXIT_USAGE;
	}
	if (compare && (ro.subject || ro.against)) {
		fprintf(stderr, PROG ": --subject and --against go with a report, not --compare\n");
		return EXIT_USAGE;
	}
	if (tvm && (compare || ro.out || !ro.plots || ro.subject || ro.against)) {
		fprintf(stderr, PROG ": --test-vmalloc takes a results directory and no other option\n");
		return EXIT_USAGE;
	}
	if (tvm)
		return do_test_vmalloc(argv[optind]);
	if (compare)
		return do_compare(argv + optind, (size_t)(argc - optind), ro.out,
				  mixed, ro.plots);
	return do_report(argv[optind], &ro);
}
