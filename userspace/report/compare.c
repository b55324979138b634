// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "compare.h"
#include "format.h"
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
		rpt_csv_str(&c, job->key.backend);
		rpt_csv_str(&c, job->key.workload);
		rpt_csv_ull(&c, job->key.size);
		rpt_csv_ull(&c, job->key.count);
		rpt_csv_str(&c, job->key.pattern);
		rpt_csv_str(&c, job->key.is_protected < 0 ? NULL :
				job->key.is_protected ? "true" : "false");
		rpt_csv_str(&c, job->key.protect_method);
		rpt_csv_cpus(&c, job->key.online_cpus);
		rpt_csv_str(&c, fld == RPT_F_NS ? "ns/op" : "bytes");
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
