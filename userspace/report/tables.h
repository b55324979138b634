/* SPDX-License-Identifier: GPL-2.0 */
/* The tables of one run: headline.{md,csv}, summary.csv and report.md. */
#ifndef PMB_REPORT_TABLES_H
#define PMB_REPORT_TABLES_H

#include <stdio.h>

#include "format.h"
#include "plots.h"
#include "run.h"
#include "stats.h"

/*
 * The question the headline answers: each subject backend held against
 * each other one, a table per subject.  Names point into the registry,
 * the run, or @buf (the command line's lists, split).
 */
struct rpt_question {
	const char **subjects, **against;
	size_t nr_subjects, nr_against;
	char *buf;
};

/*
 * The default question: every backend of the run whose registry role is
 * PMB_ROLE_DESIGN against every PMB_ROLE_BASELINE one, the baselines that
 * share most of the designs' capabilities first (vmalloc, then kmalloc,
 * for pmalloc).  A backend this build does not know is in neither.
 */
int rpt_question_default(const struct rpt_run *run, struct rpt_question *q);
/*
 * --subject @subjects --against @against, comma-separated lists; NULL
 * leaves that side to the default (less the other side's names).  A name
 * must be in the registry or in the run, once, on one side.  -1 with a
 * one-line message in @err.
 */
int rpt_question_parse(const struct rpt_run *run, const char *subjects,
		       const char *against, struct rpt_question *q, char *err,
		       size_t len);
void rpt_question_free(struct rpt_question *q);

/* A subject against one other backend on the same work. */
struct rpt_vs {
	const struct rpt_job *job;	/* NULL: the run has no such job */
	int ratio_rc;			/* rpt_ratio_of_medians(); -1 if not computed */
	struct rpt_ratio ratio;
	enum rpt_verdict verdict;	/* the cell's only mark */
	struct rpt_mwu mwu;		/* for headline.csv; p NaN if not computed */
};

struct rpt_headline_row {
	const struct rpt_job *subject;	/* a job of a subject backend */
	enum rpt_field field;		/* what is compared */
	struct rpt_vs *vs;		/* one per rpt_headline.against */
};

struct rpt_headline {
	const char **subjects, **against;	/* the question asked */
	size_t nr_subjects, nr_against;
	struct rpt_headline_row *rows;	/* grouped by subject, in that order */
	size_t n;
	struct rpt_vs *vs;		/* the rows' cells */
};

/* The headline of @q; NULL: the default question. */
int rpt_headline_build(const struct rpt_run *run, const struct rpt_question *q,
		       struct rpt_headline *h);
void rpt_headline_free(struct rpt_headline *h);
/* The text of one ratio cell: "0.18 [0.17, 0.20] *", "unsupported", "—" ... */
void rpt_vs_cell(char *buf, size_t len, const struct rpt_headline_row *row,
		 const struct rpt_vs *vs);

/*
 * The mark of a number measured on a busy host (rpt_job_busy()): after a
 * headline cell, after a job's label in the per-job tables.  Not a verdict:
 * `*` stays the only one.
 */
#define RPT_BUSY_MARK	"~"
/* Whether @vs's ratio cell shows a number from a busy job on either side. */
bool rpt_vs_busy(const struct rpt_headline_row *row, const struct rpt_vs *vs);

/* "0.18 [0.17, 0.20] *", "1.03 [0.95, 1.10]", "0.087 (n<3)": one ratio. */
void rpt_ratio_cell(char *buf, size_t len, const struct rpt_ratio *r, int rc,
		    size_t n_num, size_t n_den);
/* Room for any ratio cell: a bound can print 28 digits (1e27). */
#define RPT_CELL	128

void rpt_write_headline_md(FILE *f, const struct rpt_run *run,
			   const struct rpt_headline *h);
/*
 * A backend's name as headline.csv's column names use it: every character
 * but ASCII letters and digits becomes '_' ("pmalloc-genalloc" ->
 * "pmalloc_genalloc"), so that the columns are identifiers in R, pandas
 * and SQL, and "_vs_" splits them.  The backend column of summary.csv
 * keeps the name as it is.
 */
void rpt_csv_column(const char *name, char *buf, size_t len);
void rpt_write_headline_csv(FILE *f, const struct rpt_run *run,
			    const struct rpt_headline *h);
void rpt_write_summary_csv(FILE *f, const struct rpt_run *run);
void rpt_write_report_md(FILE *f, const struct rpt_run *run,
			 const struct rpt_headline *h,
			 const struct rpt_plot_note *plots, size_t nr_plots);
/*
 * The method section, shared with the comparison: its protection methods
 * those of @target's side (the module's, or the twin's for "userspace");
 * rpt_write_method_md() lists the module's.
 */
void rpt_write_method_md(FILE *f);
void rpt_write_method_md_of(FILE *f, const char *target);

#endif /* PMB_REPORT_TABLES_H */
