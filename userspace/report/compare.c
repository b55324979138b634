// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "compare.h"
#include "format.h"
#include "plots.h"
#include "tables.h"

bool rpt_same_target(const struct rpt_run *base, const struct rpt_run *cand)
{
	return rpt_str_equal(base->env.target, cand->env.target);
}

int rpt_setup_diff(const struct rpt_run *base, const struct rpt_run *cand,
		   char *buf, size_t len)
{
	const struct rpt_env *b = &base->env, *c = &cand->env;
	const struct {
		const char *name, *b, *c;
	} f[] = {
		{ "kernel", b->kernel, c->kernel },
		{ "CPU", b->cpu_model, c->cpu_model },
		{ "protection method", b->protect_method, c->protect_method },
		{ "suite", b->suite, c->suite },
		{ "suite revision", b->suite_revision, c->suite_revision },
	};
	size_t i, o = 0;
	int nr = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (rpt_str_equal(f[i].b, f[i].c))
			continue;
		if (o < len)
			o += snprintf(buf + o, len - o, "%s%s", nr ? ", " : "",
				      f[i].name);
		nr++;
	}
	return nr;
}

static void load_words(char *buf, size_t len, const struct rpt_run *run)
{
	if (!rpt_run_has_load(run))
		snprintf(buf, len, "none (host load not recorded)");
	else if (!rpt_run_busy_jobs(run))
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%zu of %zu jobs on a busy host",
			 rpt_run_busy_jobs(run), run->nr_jobs);
}

bool rpt_load_diff(const struct rpt_run *base, const struct rpt_run *cand,
		   char *buf, size_t len)
{
	char b[96], c[96];

	buf[0] = '\0';
	if (!rpt_run_busy_jobs(base) == !rpt_run_busy_jobs(cand))
		return false;
	load_words(b, sizeof(b), base);
	load_words(c, sizeof(c), cand);
	snprintf(buf, len, "the baseline had %s, the candidate %s", b, c);
	return true;
}

/* One job of either run, with its twin in the other (NULL if none). */
struct pair {
	const struct rpt_job *base, *cand;
};

/* Walk the union of both runs' jobs in key order. */
static bool next_pair(const struct rpt_run *b, const struct rpt_run *c,
		      size_t *ib, size_t *ic, struct pair *p)
{
	int cmp;

	if (*ib >= b->nr_jobs && *ic >= c->nr_jobs)
		return false;
	if (*ib >= b->nr_jobs)
		cmp = 1;
	else if (*ic >= c->nr_jobs)
		cmp = -1;
	else
		cmp = rpt_key_cmp(&b->jobs[*ib].key, &c->jobs[*ic].key);
	p->base = cmp <= 0 ? &b->jobs[(*ib)++] : NULL;
	p->cand = cmp >= 0 ? &c->jobs[(*ic)++] : NULL;
	return true;
}

static const struct rpt_job *either(const struct pair *p)
{
	return p->base ? p->base : p->cand;
}

/* Either side's numbers were measured on a busy host (doc/report.md). */
static bool pair_busy(const struct pair *p)
{
	return (p->base && rpt_job_busy(p->base)) ||
	       (p->cand && rpt_job_busy(p->cand));
}

static void env_cmp_row(FILE *f, const char *name, const char *b,
			const char *c)
{
	char eb[512], ec[512];

	rpt_md_escape(b ? b : "n/a", eb, sizeof(eb));
	rpt_md_escape(c ? c : "n/a", ec, sizeof(ec));
	fprintf(f, "| %s | %s | %s |\n", name, eb, ec);
}

enum stat_row { ROW_MIN, ROW_MEDIAN, ROW_MEAN, ROW_STDDEV, ROW_COV, ROW_MAX,
		NR_ROWS };
static const char *const row_names[NR_ROWS] = {
	"Min", "Median", "Amean", "Stddev", "CoeffVar", "Max",
};
static const char *const row_columns[NR_ROWS] = {
	"min", "median", "mean", "stddev", "cov", "max",
};

/* CoeffVar in percent, as mmtests prints it. */
static double row_value(const struct rpt_stats *st, enum stat_row r)
{
	switch (r) {
	case ROW_MIN: return st->min;
	case ROW_MEDIAN: return st->median;
	case ROW_MEAN: return st->mean;
	case ROW_STDDEV: return st->stddev;
	case ROW_COV: return st->cov * 100;
	default: return st->max;
	}
}

static void fmt_plain(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "n/a");
	else
		rpt_fmt_fixed(buf, len, v, 2);
}

/* A whole job on one row: missing, or not measured on a side. */
static void write_short_row(FILE *f, const char *label, const struct pair *p,
			    enum rpt_field fld)
{
	char b[64], c[64];

	if (!p->base)
		snprintf(b, sizeof(b), "not in baseline");
	else if (p->base->status != RPT_STATUS_OK)
		snprintf(b, sizeof(b), "%s", rpt_status_name(p->base->status));
	else
		fmt_plain(b, sizeof(b), p->base->st[fld].median);
	if (!p->cand)
		snprintf(c, sizeof(c), "not in candidate");
	else if (p->cand->status != RPT_STATUS_OK)
		snprintf(c, sizeof(c), "%s", rpt_status_name(p->cand->status));
	else
		fmt_plain(c, sizeof(c), p->cand->st[fld].median);
	fprintf(f, "| %s | Median | %s | %s |\n", label, b, c);
}

/* Both sides measured: the job can be held run against run. */
static bool both_ok(const struct pair *p)
{
	return p->base && p->cand && p->base->status == RPT_STATUS_OK &&
	       p->cand->status == RPT_STATUS_OK;
}

/* The candidate's median over the baseline's, as the headline's ratios. */
struct agreement {
	struct rpt_ratio ratio;
	int rc;			/* rpt_ratio_of_medians() */
	enum rpt_verdict v;	/* RPT_V_INCLUDES_1: the runs agree */
};

static void agreement(const struct pair *p, enum rpt_field fld,
		      struct agreement *a)
{
	a->rc = rpt_ratio_of_medians(&p->cand->st[fld], &p->base->st[fld],
				     &a->ratio);
	a->v = rpt_ratio_verdict(&a->ratio, a->rc);
}

static const char *agreement_word(const struct pair *p, enum rpt_field fld,
				  const struct agreement *a)
{
	if (a->v != RPT_V_NO_INTERVAL)
		return a->v == RPT_V_INCLUDES_1 ? "yes" : "no";
	return p->base->st[fld].n < RPT_MIN_N ||
	       p->cand->st[fld].n < RPT_MIN_N ? "n<3" : "n/a";
}

static void pair_label(const struct pair *p, char *buf, size_t len)
{
	const struct rpt_job *job = either(p);
	char jl[256];

	rpt_job_label(&job->key, jl, sizeof(jl));
	snprintf(buf, len, "%s, %s", jl,
		 rpt_primary_field(job->key.workload) == RPT_F_NS ?
		 "ns/op" : "bytes");
}

static void write_pair_md(FILE *f, const struct pair *p)
{
	enum rpt_field fld = rpt_primary_field(either(p)->key.workload);
	const struct rpt_stats *sb, *sc;
	char label[320], b[64], c[64], ch[32], cell[RPT_CELL];
	struct agreement a;
	int r;

	pair_label(p, label, sizeof(label));
	if (!both_ok(p)) {
		write_short_row(f, label, p, fld);
		return;
	}
	sb = &p->base->st[fld];
	sc = &p->cand->st[fld];
	for (r = 0; r < NR_ROWS; r++) {
		fmt_plain(b, sizeof(b), row_value(sb, r));
		fmt_plain(c, sizeof(c), row_value(sc, r));
		rpt_fmt_change(ch, sizeof(ch), row_value(sb, r), row_value(sc, r));
		fprintf(f, "| %s | %s | %s | %s (%s) |\n", r ? "" : label,
			row_names[r], b, c, ch);
	}
	agreement(p, fld, &a);
	rpt_fmt_ratio(cell, sizeof(cell), &a.ratio, a.rc);
	fprintf(f, "| | Ratio | | %s %s |\n", cell,
		a.v == RPT_V_DIFFERS && pair_busy(p) ? "**differ** " RPT_BUSY_MARK :
		a.v == RPT_V_DIFFERS ? "**differ**" :
		a.v == RPT_V_INCLUDES_1 ? "agree" :
		sb->n < RPT_MIN_N || sc->n < RPT_MIN_N ? "n<3" : "no interval");
}

#define LISTED_DIFFERENCES	12

/* The jobs both runs measured with an interval, and what they say. */
struct agreement_sum {
	size_t nr, agree, none;
	double level;		/* worst coverage bound */
	double *change;		/* |change| of the medians, percent */
	double largest;
	char worst[320];	/* the job of the largest change */
};

/* A job's key columns and the unit of its figure, in both CSVs' order. */
static void csv_job_key(struct rpt_csv *c, const struct rpt_job *job, int fld)
{
	rpt_csv_str(c, job->key.backend);
	rpt_csv_str(c, job->key.workload);
	rpt_csv_ull(c, job->key.size);
	rpt_csv_ull(c, job->key.count);
	rpt_csv_str(c, job->key.pattern);
	rpt_csv_str(c, job->key.is_protected < 0 ? NULL :
		    job->key.is_protected ? "true" : "false");
	rpt_csv_str(c, job->key.protect_method);
	rpt_csv_cpus(c, job->key.online_cpus);
	rpt_csv_str(c, fld == RPT_F_NS ? "ns/op" : "bytes");
}

static int agreement_sum(const struct rpt_run *base, const struct rpt_run *cand,
			 struct agreement_sum *sum)
{
	size_t ib = 0, ic = 0;
	enum rpt_field fld;
	struct agreement a;
	struct pair p;
	double v;

	memset(sum, 0, sizeof(*sum));
	sum->level = 1.0;
	sum->largest = -1.0;
	sum->change = calloc(base->nr_jobs + 1, sizeof(*sum->change));
	if (!sum->change)
		return -1;
	while (next_pair(base, cand, &ib, &ic, &p)) {
		if (!both_ok(&p))
			continue;
		fld = rpt_primary_field(p.base->key.workload);
		agreement(&p, fld, &a);
		if (a.v == RPT_V_NO_INTERVAL) {
			sum->none++;
			continue;
		}
		sum->agree += a.v == RPT_V_INCLUDES_1;
		sum->level = fmin(sum->level, a.ratio.level);
		/* rc 0: the baseline's median is above 0. */
		v = fabs(p.cand->st[fld].median / p.base->st[fld].median - 1.0) * 100;
		sum->change[sum->nr++] = v;
		if (v > sum->largest) {
			sum->largest = v;
			pair_label(&p, sum->worst, sizeof(sum->worst));
		}
	}
	gsl_sort(sum->change, 1, sum->nr);
	return 0;
}

/* The measured figure: how many jobs the two runs agree on, and which not. */
static void write_agreement_md(FILE *f, const struct rpt_run *base,
			       const struct rpt_run *cand, bool same_setup)
{
	char label[320], esc[640], cell[RPT_CELL], lvl[16];
	size_t ib = 0, ic = 0, differ, listed = 0, busy = 0;
	struct agreement_sum sum;
	enum rpt_field fld;
	struct agreement a;
	struct pair p;

	fprintf(f, "## Run-to-run agreement\n\n");
	if (agreement_sum(base, cand, &sum)) {
		fprintf(f, "(out of memory)\n\n");
		return;
	}
	if (!sum.nr) {
		fprintf(f, "No job has an interval in both runs (each needs %d repeats or more): nothing to hold run against run.\n\n",
			RPT_MIN_N);
		free(sum.change);
		return;
	}
	differ = sum.nr - sum.agree;
	rpt_fmt_level(lvl, sizeof(lvl), sum.level);
	fprintf(f, "**%zu of %zu jobs agree** (%.1f%%): their candidate / baseline interval includes 1, the two medians' intervals overlap; %zu differ. Coverage of those intervals: at least %s.",
		sum.agree, sum.nr, 100.0 * sum.agree / sum.nr, differ, lvl);
	if (sum.none)
		fprintf(f, " %zu more jobs measured in both runs have no interval (fewer than %d repeats, or a median's interval reaching 0).",
			sum.none, RPT_MIN_N);
	rpt_md_escape(sum.worst, esc, sizeof(esc));
	fprintf(f, " Change of the medians, in absolute value: median %.2f%%, largest %.2f%% (%s).\n\n",
		gsl_stats_median_from_sorted_data(sum.change, 1, sum.nr),
		sum.largest, esc);
	free(sum.change);
	if (same_setup && rpt_str_equal(base->env.started, cand->env.started))
		fprintf(f, "Both sides are the same run (same start time): agreement is certain and measures nothing.\n\n");
	else if (same_setup)
		fprintf(f, "Both runs have the same target, kernel, CPU, protection method, suite and suite revision: this is the run-to-run variation of that setup. Where nothing changed, a job differs by chance with probability at most 1 minus the coverage.\n\n");
	if (!differ)
		return;
	fprintf(f, "Jobs on which the runs differ (candidate / baseline, the interval excludes 1):\n\n");
	while (next_pair(base, cand, &ib, &ic, &p) && listed < LISTED_DIFFERENCES) {
		if (!both_ok(&p))
			continue;
		fld = rpt_primary_field(p.base->key.workload);
		agreement(&p, fld, &a);
		if (a.v != RPT_V_DIFFERS)
			continue;
		pair_label(&p, label, sizeof(label));
		rpt_md_escape(label, esc, sizeof(esc));
		rpt_fmt_ratio(cell, sizeof(cell), &a.ratio, a.rc);
		fprintf(f, "- %s: %s%s%s\n", esc, cell, pair_busy(&p) ? " " : "",
			pair_busy(&p) ? RPT_BUSY_MARK : "");
		busy += pair_busy(&p);
		listed++;
	}
	if (differ > listed)
		fprintf(f, "- and %zu more: compare.csv has them all (agree = no).\n",
			differ - listed);
	fputc('\n', f);
	if (busy)
		fprintf(f, "%s: measured on a busy host in one run or both (host_load other_busy or steal above %.2f): absolute times there are stretched, and the difference may be the host's (compare.csv: base_busy, cand_busy).\n\n",
			RPT_BUSY_MARK, RPT_BUSY_SHARE);
}

void rpt_write_compare_md(FILE *f, const struct rpt_run *base,
			  const struct rpt_run *cand)
{
	char sb[512], sc[512], eb[1024], ec[1024], diff[192], ed[256];
	const struct rpt_env *b = &base->env, *c = &cand->env;
	struct pair p;
	size_t ib = 0, ic = 0;
	int nr_diff;

	rpt_source(b, sb, sizeof(sb));
	rpt_source(c, sc, sizeof(sc));
	rpt_md_escape(sb, eb, sizeof(eb));
	rpt_md_escape(sc, ec, sizeof(ec));
	fprintf(f, "# pmbench comparison: %s vs %s\n\n", base->id, cand->id);
	fprintf(f, "| | baseline | candidate |\n| --- | --- | --- |\n");
	env_cmp_row(f, "run", base->id, cand->id);
	env_cmp_row(f, "target", b->target, c->target);
	env_cmp_row(f, "kernel", b->kernel, c->kernel);
	env_cmp_row(f, "CPU", b->cpu_model, c->cpu_model);
	env_cmp_row(f, "protection method asked", b->protect_method,
		    c->protect_method);
	env_cmp_row(f, "suite", b->suite, c->suite);
	env_cmp_row(f, "suite revision", b->suite_revision, c->suite_revision);
	env_cmp_row(f, "started", b->started, c->started);
	env_cmp_row(f, "complete", b->partial ? "no: partial" : "yes",
		    c->partial ? "no: partial" : "yes");
	fputc('\n', f);
	if (!rpt_same_target(base, cand))
		fprintf(f, "**Mixed targets** (%s against %s), compared on request (--allow-mixed-targets): the targets measure different things, so every difference below includes the change of target.\n\n",
			rpt_target_label(b->target), rpt_target_label(c->target));
	nr_diff = rpt_setup_diff(base, cand, diff, sizeof(diff));
	if (nr_diff) {
		rpt_md_escape(diff, ed, sizeof(ed));
		fprintf(f, "**Not two runs of one setup**: the runs differ in %s (table above). Jobs are still paired by their keys, so every difference below includes that change, and the agreement is not run-to-run variation.\n\n",
			ed);
	}
	if (rpt_load_diff(base, cand, diff, sizeof(diff)))
		fprintf(f, "**Host load differs**: %s (other_busy or steal above %.2f, doc/report.md). Absolute times measured on a busy host are stretched: a job that differs where either side was busy (marked %s) may differ because of the host, not the change.\n\n",
			diff, RPT_BUSY_SHARE, RPT_BUSY_MARK);
	write_agreement_md(f, base, cand, !nr_diff && rpt_same_target(base, cand));

	fprintf(f, "## Baseline %s vs candidate %s\n\n", eb, ec);
	fprintf(f, "Per job: ns per op (bytes consumed for footprint) over the repeats; the candidate as value (change against the baseline: + means a larger number, so slower or bigger). CoeffVar in percent. Ratio: candidate / baseline median with its interval, built as the headline's; `agree` where it includes 1 (the medians' intervals overlap), **differ** where it does not; `n<3`: too few repeats for an interval.\n\n");
	fprintf(f, "| job | | %s | %s |\n| --- | --- | ---: | ---: |\n",
		base->id, cand->id);
	while (next_pair(base, cand, &ib, &ic, &p))
		write_pair_md(f, &p);
	fputc('\n', f);
	rpt_write_method_md(f);
}

static void csv_side(struct rpt_csv *c, const struct rpt_job *job,
		     enum rpt_field fld)
{
	int r;

	if (!job) {
		rpt_csv_str(c, "missing");
		rpt_csv_str(c, NULL);
		for (r = 0; r < NR_ROWS; r++)
			rpt_csv_str(c, NULL);
		return;
	}
	rpt_csv_str(c, rpt_status_name(job->status));
	rpt_csv_ull(c, job->st[fld].n);
	for (r = 0; r < NR_ROWS; r++) {
		if (job->status != RPT_STATUS_OK)
			rpt_csv_str(c, rpt_status_name(job->status));
		else if (r == ROW_COV)
			rpt_csv_num(c, job->st[fld].cov);
		else
			rpt_csv_num(c, row_value(&job->st[fld], r));
	}
}

/* yes, no, n/a (no host_load reading), or empty (no such job). */
static void csv_busy(struct rpt_csv *c, const struct rpt_job *job)
{
	if (!job)
		rpt_csv_str(c, NULL);
	else if (rpt_job_busy(job))
		rpt_csv_str(c, "yes");
	else
		rpt_csv_str(c, isnan(job->other_busy_max) &&
			       isnan(job->steal_max) ? "n/a" : "no");
}

static double change_pct(double b, double c)
{
	return isnan(b) || isnan(c) || b == 0.0 ? NAN : (c - b) / fabs(b) * 100;
}

void rpt_write_compare_csv(FILE *f, const struct rpt_run *base,
			   const struct rpt_run *cand)
{
	struct rpt_csv c = { f, 0 };
	const struct rpt_job *job;
	const struct rpt_stats *sb, *sc;
	struct agreement a;
	struct rpt_mwu mwu;
	enum rpt_field fld;
	size_t ib = 0, ic = 0;
	struct pair p;
	char diff[128];
	int side, r;

	rpt_setup_diff(base, cand, diff, sizeof(diff));
	fprintf(f, "base_target,cand_target,backend,workload,size,count,pattern,protected,protect_method,online_cpus,unit");
	for (side = 0; side < 2; side++) {
		fprintf(f, ",%s_status,%s_n", side ? "cand" : "base",
			side ? "cand" : "base");
		for (r = 0; r < NR_ROWS; r++)
			fprintf(f, ",%s_%s", side ? "cand" : "base",
				row_columns[r]);
	}
	fprintf(f, ",median_change_pct,mean_change_pct,ratio,ratio_lo,ratio_hi,ratio_level,agree,mwu_p,setup_differs,base_busy,cand_busy\n");
	while (next_pair(base, cand, &ib, &ic, &p)) {
		job = either(&p);
		fld = rpt_primary_field(job->key.workload);
		rpt_csv_str(&c, base->env.target);
		rpt_csv_str(&c, cand->env.target);
		csv_job_key(&c, job, fld);
		csv_side(&c, p.base, fld);
		csv_side(&c, p.cand, fld);
		if (!both_ok(&p)) {
			for (r = 0; r < 8; r++)
				rpt_csv_str(&c, NULL);
			rpt_csv_str(&c, diff[0] ? diff : NULL);
			csv_busy(&c, p.base);
			csv_busy(&c, p.cand);
			rpt_csv_end(&c);
			continue;
		}
		sb = &p.base->st[fld];
		sc = &p.cand->st[fld];
		agreement(&p, fld, &a);
		rpt_mann_whitney(p.cand->val[fld].v, p.cand->val[fld].n,
				 p.base->val[fld].v, p.base->val[fld].n, &mwu);
		rpt_csv_num(&c, change_pct(sb->median, sc->median));
		rpt_csv_num(&c, change_pct(sb->mean, sc->mean));
		rpt_csv_num(&c, a.ratio.r);
		rpt_csv_num(&c, a.ratio.lo);
		rpt_csv_num(&c, a.ratio.hi);
		rpt_csv_num(&c, a.ratio.level);
		rpt_csv_str(&c, agreement_word(&p, fld, &a));
		rpt_csv_num(&c, mwu.p);
		rpt_csv_str(&c, diff[0] ? diff : NULL);
		csv_busy(&c, p.base);
		csv_busy(&c, p.cand);
		rpt_csv_end(&c);
	}
}

/* ---------------------------------------------------------------- matrix */

/*
 * The row's jobs across @nr runs: walk the union of every run's jobs in
 * key order; row[i] is run i's job of that key, NULL where it has none.
 */
static bool next_row(const struct rpt_run *const *runs, size_t nr,
		     size_t *idx, const struct rpt_job **row)
{
	const struct rpt_key *min = NULL;
	size_t i;

	for (i = 0; i < nr; i++)
		if (idx[i] < runs[i]->nr_jobs &&
		    (!min || rpt_key_cmp(&runs[i]->jobs[idx[i]].key, min) < 0))
			min = &runs[i]->jobs[idx[i]].key;
	if (!min)
		return false;
	for (i = 0; i < nr; i++)
		row[i] = idx[i] < runs[i]->nr_jobs &&
			 !rpt_key_cmp(&runs[i]->jobs[idx[i]].key, min) ?
			 &runs[i]->jobs[idx[i]] : NULL;
	/* min points into a run's jobs: advance only after every test. */
	for (i = 0; i < nr; i++)
		idx[i] += row[i] != NULL;
	return true;
}

static const struct rpt_job *row_job(const struct rpt_job *const *row,
				     size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (row[i])
			return row[i];
	return NULL;
}

bool rpt_runs_differ_in_kernel(const struct rpt_run *const *runs, size_t nr)
{
	size_t i, j;

	for (i = 0; i < nr; i++) {
		if (!runs[i]->env.kernel)
			return false;
		for (j = 0; j < i; j++)
			if (rpt_str_equal(runs[i]->env.kernel, runs[j]->env.kernel))
				return false;
	}
	return true;
}

/* A column's name: the kernel where every run has its own, else the run id. */
static const char *run_label(const struct rpt_run *const *runs, size_t nr,
			     size_t i)
{
	return rpt_runs_differ_in_kernel(runs, nr) ? runs[i]->env.kernel :
	       runs[i]->id;
}

/* One candidate against the baseline on one job. */
struct matrix_cell {
	bool both;		/* both measured: the numbers below mean something */
	double base, cand;	/* medians */
	struct agreement a;
	bool busy;
};

static void matrix_cell(const struct rpt_job *b, const struct rpt_job *c,
			enum rpt_field fld, struct matrix_cell *m)
{
	struct pair p = { b, c };

	memset(m, 0, sizeof(*m));
	m->base = m->cand = NAN;
	m->busy = pair_busy(&p);
	if (!both_ok(&p))
		return;
	m->both = true;
	m->base = b->st[fld].median;
	m->cand = c->st[fld].median;
	agreement(&p, fld, &m->a);
}

/* "1234.56 (+3.21%) *": the candidate's median, its change, significance. */
static void matrix_text(char *buf, size_t len, const struct rpt_job *c,
			const struct matrix_cell *m)
{
	char v[64], ch[32];

	if (!c) {
		snprintf(buf, len, "missing");
		return;
	}
	if (c->status != RPT_STATUS_OK) {
		snprintf(buf, len, "%s", rpt_status_name(c->status));
		return;
	}
	fmt_plain(v, sizeof(v), c->st[rpt_primary_field(c->key.workload)].median);
	if (!m->both) {
		snprintf(buf, len, "%s", v);
		return;
	}
	rpt_fmt_change(ch, sizeof(ch), m->base, m->cand);
	snprintf(buf, len, "%s (%s)%s%s", v, ch,
		 m->a.v == RPT_V_DIFFERS ? " *" : "",
		 m->a.v == RPT_V_DIFFERS && m->busy ? RPT_BUSY_MARK : "");
}

static const char *kconfig_of(const struct rpt_run *r, const char *item)
{
	const char *v = json_string_value(json_object_get(
		json_object_get(r->env.root, "kconfig"), item));

	return v ? v : "n/a";
}

static void kernel_memory_words(const struct rpt_run *r, const char *what,
				char *buf, size_t len)
{
	json_t *m = json_object_get(r->env.root, "kernel_memory");
	json_t *v;

	snprintf(buf, len, "n/a");
	if (!strcmp(what, "rnd")) {
		v = json_object_get(m, "kmalloc_rnd_caches");
		if (json_is_integer(v))
			snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	} else if (!strcmp(what, "ioa")) {
		v = json_object_get(m, "init_on_alloc");
		if (json_is_boolean(v))
			snprintf(buf, len, "%s", json_is_true(v) ? "on" : "off");
	} else {
		json_t *d = json_object_get(m, "direct_map_kib");
		json_t *k4 = json_object_get(d, "4k"), *m2 = json_object_get(d, "2M"),
		       *g1 = json_object_get(d, "1G");

		json_t *v3[3] = { k4, m2, g1 };
		static const char *const names[3] = { "4k", "2M", "1G" };
		size_t i, o = 0;

		if (!json_is_object(d))
			return;
		/* A size the kernel does not list is n/a, never a number. */
		for (i = 0; i < 3 && o < len; i++) {
			if (json_is_integer(v3[i]))
				o += snprintf(buf + o, len - o, "%s%s %lld KiB",
					      i ? ", " : "", names[i],
					      (long long)json_integer_value(v3[i]));
			else
				o += snprintf(buf + o, len - o, "%s%s n/a",
					      i ? ", " : "", names[i]);
		}
	}
}

static void matrix_env_row(FILE *f, const struct rpt_run *const *runs,
			   size_t nr, const char *name,
			   const char *(*get)(const struct rpt_run *, const void *),
			   const void *arg)
{
	char e[512];
	size_t i;

	fprintf(f, "| %s |", name);
	for (i = 0; i < nr; i++) {
		const char *v = get(runs[i], arg);

		rpt_md_escape(v ? v : "n/a", e, sizeof(e));
		fprintf(f, " %s |", e);
	}
	fputc('\n', f);
}

static const char *get_kconfig(const struct rpt_run *r, const void *item)
{
	return kconfig_of(r, item);
}

static const char *get_env(const struct rpt_run *r, const void *field)
{
	const char *name = field;

	if (!strcmp(name, "run"))
		return r->id;
	if (!strcmp(name, "kernel"))
		return r->env.kernel;
	if (!strcmp(name, "target"))
		return r->env.target;
	if (!strcmp(name, "method"))
		return r->env.protect_method;
	if (!strcmp(name, "suite"))
		return r->env.suite;
	if (!strcmp(name, "revision"))
		return r->env.suite_revision;
	if (!strcmp(name, "started"))
		return r->env.started;
	return r->env.partial ? "no: partial" : "yes";
}

static const char *get_memory(const struct rpt_run *r, const void *what)
{
	static char buf[128];	/* used before the next call */

	kernel_memory_words(r, what, buf, sizeof(buf));
	return buf;
}

/* Per candidate: how many jobs changed significantly, and the largest moves. */
static void matrix_summary(FILE *f, const struct rpt_run *const *runs,
			   size_t nr, size_t c)
{
	const struct rpt_job *row[RPT_MAX_RUNS];
	size_t idx[RPT_MAX_RUNS] = { 0 }, both = 0, up = 0, down = 0;
	double worst_up = 0, worst_down = 0, pct;
	char up_label[320] = "", down_label[320] = "", e1[640], e2[640], lbl[256];
	const struct rpt_job *j;
	struct matrix_cell m;
	enum rpt_field fld;

	while (next_row(runs, nr, idx, row)) {
		j = row_job(row, nr);
		fld = rpt_primary_field(j->key.workload);
		matrix_cell(row[0], row[c], fld, &m);
		if (!m.both || m.a.v == RPT_V_NO_INTERVAL)
			continue;
		both++;
		if (m.a.v != RPT_V_DIFFERS)
			continue;
		pct = change_pct(m.base, m.cand);
		if (pct > 0) {
			up++;
			if (pct > worst_up) {
				worst_up = pct;
				rpt_job_label(&j->key, up_label, sizeof(up_label));
			}
		} else {
			down++;
			if (pct < worst_down) {
				worst_down = pct;
				rpt_job_label(&j->key, down_label, sizeof(down_label));
			}
		}
	}
	rpt_md_escape(run_label(runs, nr, c), lbl, sizeof(lbl));
	fprintf(f, "- **%s**: of %zu jobs with an interval on both sides, %zu significantly dearer or bigger, %zu cheaper or smaller",
		lbl, both, up, down);
	rpt_md_escape(up_label, e1, sizeof(e1));
	rpt_md_escape(down_label, e2, sizeof(e2));
	if (up)
		fprintf(f, "; largest increase %+.2f%% (%s)", worst_up, e1);
	if (down)
		fprintf(f, "; largest decrease %+.2f%% (%s)", worst_down, e2);
	fprintf(f, ".\n");
}

int rpt_write_matrix_md(FILE *f, const struct rpt_run *const *runs, size_t nr)
{
	static const char *const kconfig_rows[] = {
		"CONFIG_PREEMPT_RT", "CONFIG_PREEMPT_DYNAMIC",
		"CONFIG_RANDOM_KMALLOC_CACHES", "CONFIG_SLAB_FREELIST_HARDENED",
		"CONFIG_SLAB_FREELIST_RANDOM", "CONFIG_SLAB_BUCKETS",
		"CONFIG_INIT_ON_ALLOC_DEFAULT_ON", "CONFIG_HARDENED_USERCOPY",
		"CONFIG_KFENCE",
	};
	static const char *const env_rows[][2] = {
		{ "run", "run" }, { "kernel", "kernel" }, { "target", "target" },
		{ "protection method asked", "method" }, { "suite", "suite" },
		{ "suite revision", "revision" }, { "started", "started" },
		{ "complete", "complete" },
	};
	const struct rpt_job *row[RPT_MAX_RUNS];
	size_t idx[RPT_MAX_RUNS] = { 0 }, i, k;
	const char *last_wl = NULL;
	char lbl[320], e[640], cell[RPT_CELL], src[512];
	const struct rpt_job *j;
	struct matrix_cell m;
	enum rpt_field fld;
	bool kernels = rpt_runs_differ_in_kernel(runs, nr);

	if (nr < 2 || nr > RPT_MAX_RUNS)
		return -1;
	rpt_source(&runs[0]->env, src, sizeof(src));
	rpt_md_escape(src, e, sizeof(e));
	fprintf(f, "# pmbench %s: %s as the baseline\n\n",
		kernels ? "kernel comparison" : "comparison of runs", e);
	fprintf(f, "| |");
	for (i = 0; i < nr; i++) {
		rpt_md_escape(run_label(runs, nr, i), lbl, sizeof(lbl));
		fprintf(f, " %s%s |", lbl, i ? "" : " (baseline)");
	}
	fprintf(f, "\n| --- |");
	for (i = 0; i < nr; i++)
		fprintf(f, " --- |");
	fputc('\n', f);
	for (k = 0; k < sizeof(env_rows) / sizeof(env_rows[0]); k++)
		matrix_env_row(f, runs, nr, env_rows[k][0], get_env, env_rows[k][1]);
	for (k = 0; k < sizeof(kconfig_rows) / sizeof(kconfig_rows[0]); k++)
		matrix_env_row(f, runs, nr, kconfig_rows[k], get_kconfig, kconfig_rows[k]);
	matrix_env_row(f, runs, nr, "kmalloc-rnd-* caches", get_memory, "rnd");
	matrix_env_row(f, runs, nr, "init_on_alloc in effect", get_memory, "ioa");
	matrix_env_row(f, runs, nr, "direct map at the start", get_memory, "dm");
	fputc('\n', f);
	for (i = 1; i < nr; i++)
		if (!rpt_same_target(runs[0], runs[i]))
			fprintf(f, "**Mixed targets**: %s is %s, the baseline %s: every difference below includes the change of target.\n\n",
				runs[i]->id, rpt_target_label(runs[i]->env.target),
				rpt_target_label(runs[0]->env.target));
	fprintf(f, "Each cell: the median over the repeats, ns per op (bytes consumed for footprint). Beside the baseline's, each other %s's as `value (±x.xx%%)`: its median and the change against the baseline (+ is slower or bigger), then `*` where the change is significant: the interval of its median over the baseline's, built as the headline's ratios, excludes 1 (what compare.md calls **differ**)%s. `missing`: the job is not in that run.\n\n",
		kernels ? "kernel" : "run",
		"; `" RPT_BUSY_MARK "` after the `*`: measured on a busy host on one side or both");
	fprintf(f, "## Summary\n\n");
	for (i = 1; i < nr; i++)
		matrix_summary(f, runs, nr, i);
	fputc('\n', f);
	while (next_row(runs, nr, idx, row)) {
		j = row_job(row, nr);
		fld = rpt_primary_field(j->key.workload);
		if (!last_wl || strcmp(last_wl, j->key.workload)) {
			last_wl = j->key.workload;
			fprintf(f, "\n## %s (%s)\n\n| job |", last_wl,
				fld == RPT_F_NS ? "ns/op" : "bytes");
			for (i = 0; i < nr; i++) {
				rpt_md_escape(run_label(runs, nr, i), lbl, sizeof(lbl));
				fprintf(f, " %s |", lbl);
			}
			fprintf(f, "\n| --- |");
			for (i = 0; i < nr; i++)
				fprintf(f, " ---: |");
			fputc('\n', f);
		}
		rpt_job_label(&j->key, lbl, sizeof(lbl));
		rpt_md_escape(lbl, e, sizeof(e));
		fprintf(f, "| %s |", e);
		for (i = 0; i < nr; i++) {
			if (!i && row[0] && row[0]->status == RPT_STATUS_OK)
				fmt_plain(cell, sizeof(cell), row[0]->st[fld].median);
			else if (!i)
				snprintf(cell, sizeof(cell), "%s", row[0] ?
					 rpt_status_name(row[0]->status) : "missing");
			else {
				matrix_cell(row[0], row[i], fld, &m);
				matrix_text(cell, sizeof(cell), row[i], &m);
			}
			fprintf(f, " %s |", cell);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	rpt_write_method_md(f);
	return 0;
}

int rpt_write_matrix_csv(FILE *f, const struct rpt_run *const *runs, size_t nr)
{
	static const char *const per_cand[] = {
		"", " median", " change_pct", " ratio", " ratio_lo", " ratio_hi",
		" ratio_level", " significant", " mwu_p", " busy",
	};
	struct rpt_csv c = { f, 0 };
	const struct rpt_job *row[RPT_MAX_RUNS];
	size_t idx[RPT_MAX_RUNS] = { 0 }, i, k;
	char name[320], cell[RPT_CELL];
	const struct rpt_job *j;
	struct matrix_cell m;
	struct rpt_mwu mwu;
	enum rpt_field fld;

	if (nr < 2 || nr > RPT_MAX_RUNS)
		return -1;
	fprintf(f, "target,backend,workload,size,count,pattern,protected,protect_method,online_cpus,unit");
	c.col = 1;
	snprintf(name, sizeof(name), "%s median", run_label(runs, nr, 0));
	rpt_csv_str(&c, name);
	for (i = 1; i < nr; i++)
		for (k = 0; k < sizeof(per_cand) / sizeof(per_cand[0]); k++) {
			snprintf(name, sizeof(name), "%s%s", run_label(runs, nr, i),
				 per_cand[k]);
			rpt_csv_str(&c, name);
		}
	rpt_csv_end(&c);
	while (next_row(runs, nr, idx, row)) {
		j = row_job(row, nr);
		fld = rpt_primary_field(j->key.workload);
		rpt_csv_str(&c, runs[0]->env.target);
		csv_job_key(&c, j, fld);
		if (row[0] && row[0]->status == RPT_STATUS_OK)
			rpt_csv_num(&c, row[0]->st[fld].median);
		else
			rpt_csv_str(&c, row[0] ? rpt_status_name(row[0]->status) : "missing");
		for (i = 1; i < nr; i++) {
			matrix_cell(row[0], row[i], fld, &m);
			matrix_text(cell, sizeof(cell), row[i], &m);
			rpt_csv_str(&c, cell);
			if (row[i] && row[i]->status == RPT_STATUS_OK)
				rpt_csv_num(&c, row[i]->st[fld].median);
			else
				rpt_csv_str(&c, NULL);
			if (!m.both) {
				for (k = 0; k < 7; k++)
					rpt_csv_str(&c, NULL);
				csv_busy(&c, row[i]);
				continue;
			}
			rpt_mann_whitney(row[i]->val[fld].v, row[i]->val[fld].n,
					 row[0]->val[fld].v, row[0]->val[fld].n, &mwu);
			rpt_csv_num(&c, change_pct(m.base, m.cand));
			rpt_csv_num(&c, m.a.ratio.r);
			rpt_csv_num(&c, m.a.ratio.lo);
			rpt_csv_num(&c, m.a.ratio.hi);
			rpt_csv_num(&c, m.a.ratio.level);
			rpt_csv_str(&c, m.a.v == RPT_V_DIFFERS ? "yes" :
				    m.a.v == RPT_V_INCLUDES_1 ? "no" : "n/a");
			rpt_csv_num(&c, mwu.p);
			csv_busy(&c, row[i]);
		}
		rpt_csv_end(&c);
	}
	return 0;
}

/* A gnuplot single-quoted string: '' for a quote, nothing unprintable. */
static void gp_str(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; s && *s; s++) {
		if (*s == '\'')
			fputs("''", f);
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			fputc(*s, f);
	}
	fputc('\'', f);
}

static int matrix_plot(const struct rpt_run *const *runs, size_t nr,
		       int dfd, const char *dir, const char *workload,
		       bool draw, char *err, size_t len)
{
	static const char *const colours[] = {
		"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
	};
	const struct rpt_job *row[RPT_MAX_RUNS];
	size_t idx[RPT_MAX_RUNS] = { 0 }, i, rows = 0, w;
	char name[NAME_MAX], file[NAME_MAX + 8], lbl[320], src[512];
	const struct rpt_job *j;
	enum rpt_field fld = rpt_primary_field(workload);
	FILE *dat, *gp;
	char *q;

	snprintf(name, sizeof(name), "matrix-%s", workload);
	snprintf(file, sizeof(file), "%s.dat", name);
	dat = rpt_create(dfd, file);
	if (!dat) {
		snprintf(err, len, "%s/%s: %s", dir, file, strerror(errno));
		return -1;
	}
	fprintf(dat, "# pmbench kernel matrix: %s, median %s per job; one column per run\n# index label",
		workload, fld == RPT_F_NS ? "ns/op" : "bytes");
	for (i = 0; i < nr; i++)
		fprintf(dat, " %s", run_label(runs, nr, i));
	fputc('\n', dat);
	while (next_row(runs, nr, idx, row)) {
		j = row_job(row, nr);
		if (strcmp(j->key.workload, workload))
			continue;
		rpt_job_label(&j->key, lbl, sizeof(lbl));
		for (q = lbl; *q; q++)
			if (*q == '"' || (unsigned char)*q < 0x20)
				*q = ' ';
		fprintf(dat, "%zu \"%s\"", rows, lbl);
		for (i = 0; i < nr; i++)
			if (row[i] && row[i]->status == RPT_STATUS_OK &&
			    row[i]->st[fld].median > 0)
				fprintf(dat, " %.6g", row[i]->st[fld].median);
			else
				fprintf(dat, " ?");
		fputc('\n', dat);
		rows++;
	}
	if (fclose(dat)) {
		snprintf(err, len, "%s/%s: %s", dir, file, strerror(errno));
		return -1;
	}
	snprintf(file, sizeof(file), "%s.gp", name);
	gp = rpt_create(dfd, file);
	if (!gp) {
		snprintf(err, len, "%s/%s: %s", dir, file, strerror(errno));
		return -1;
	}
	w = rows * 14 + 240;
	w = w < 1200 ? 1200 : w > 4000 ? 4000 : w;
	rpt_source(&runs[0]->env, src, sizeof(src));
	fprintf(gp, "# pmbench kernel matrix plot; re-draw with: cd plots && gnuplot %s.gp\n"
		    "set encoding utf8\nset datafile missing '?'\n"
		    "set logscale y\nset grid ytics\nset key outside top center horizontal noenhanced\n"
		    "set xtics rotate by 90 right font ',7' noenhanced\nset bmargin 17\n"
		    "set ylabel '%s (log scale)'\nset xrange [-1:%zu]\n",
		name, fld == RPT_F_NS ? "median ns per op" : "median bytes consumed",
		rows);
	fprintf(gp, "set title ");
	snprintf(lbl, sizeof(lbl), "%s: one line per %s, the first the baseline",
		 workload, rpt_runs_differ_in_kernel(runs, nr) ? "kernel" : "run");
	gp_str(gp, lbl);
	fprintf(gp, " . \"\\n\" . ");
	gp_str(gp, src);
	fprintf(gp, " noenhanced\n"
		    "do for [out in 'png svg'] {\n"
		    "\tif (out eq 'png') {\n"
		    "\t\tif (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		    "\t\t\tset terminal pngcairo size %zu,720 noenhanced font 'sans,10'\n"
		    "\t\t} else {\n\t\t\tset terminal png size %zu,720 noenhanced\n\t\t}\n"
		    "\t\tset output '%s.png'\n"
		    "\t} else {\n"
		    "\t\tset terminal svg size %zu,720 dynamic noenhanced font 'sans,10'\n"
		    "\t\tset output '%s.svg'\n\t}\n\tplot ",
		w, w, name, w, name);
	for (i = 0; i < nr; i++) {
		fprintf(gp, "%s'%s.dat' using 1:%zu%s with linespoints lw 2 pt %zu lc rgb '%s' title ",
			i ? ", \\\n\t\t" : "", name, i + 3, i ? "" : ":xtic(2)",
			i + 5, colours[i % 6]);
		gp_str(gp, run_label(runs, nr, i));
	}
	fprintf(gp, "\n}\nset output\n");
	if (fclose(gp)) {
		snprintf(err, len, "%s/%s: %s", dir, file, strerror(errno));
		return -1;
	}
	return draw ? rpt_gnuplot_draw(dfd, dir, name, err, len) : 0;
}

int rpt_write_matrix_plots(const struct rpt_run *const *runs, size_t nr,
			   const char *outdir, bool draw, char *err, size_t len)
{
	const struct rpt_job *row[RPT_MAX_RUNS];
	size_t idx[RPT_MAX_RUNS] = { 0 };
	const char *last = NULL;
	char dir[PATH_MAX];
	int dfd, rc, drawn = 0;

	err[0] = '\0';
	if (nr < 2 || nr > RPT_MAX_RUNS) {
		snprintf(err, len, "a matrix needs 2 to %d runs", RPT_MAX_RUNS);
		return -1;
	}
	if (rpt_path(dir, outdir, "plots", "")) {
		snprintf(err, len, "%s: path too long", outdir);
		return -1;
	}
	dfd = rpt_open_dir(outdir, "plots", true);
	if (dfd < 0) {
		snprintf(err, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	unlinkat(dfd, "gnuplot.log", 0);
	/* Jobs come in key order, workload first: each workload once. */
	while (next_row(runs, nr, idx, row)) {
		const struct rpt_job *j = row_job(row, nr);

		if (last && !strcmp(last, j->key.workload))
			continue;
		last = j->key.workload;
		rc = matrix_plot(runs, nr, dfd, dir, last, draw, err, len);
		if (rc < 0) {
			drawn = -1;
			break;
		}
		if (rc == 1) {	/* no gnuplot: scripts only, err says so */
			draw = false;
			continue;
		}
		drawn += draw;
	}
	close(dfd);
	return drawn;
}
