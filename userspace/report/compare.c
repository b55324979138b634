// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>

#include "compare.h"
#include "format.h"
#include "tables.h"

bool rpt_same_target(const struct rpt_run *base, const struct rpt_run *cand)
{
	return rpt_str_equal(base->env.target, cand->env.target);
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
		snprintf(buf, len, "%.2f", v);
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

static void write_pair_md(FILE *f, const struct pair *p)
{
	const struct rpt_job *job = either(p);
	enum rpt_field fld = rpt_primary_field(job->key.workload);
	const struct rpt_stats *sb, *sc;
	char label[320], jl[256], b[64], c[64], ch[32];
	struct rpt_welch w;
	enum rpt_sig sig;
	int r;

	rpt_job_label(&job->key, jl, sizeof(jl));
	snprintf(label, sizeof(label), "%s, %s", jl,
		 fld == RPT_F_NS ? "ns/op" : "bytes");
	if (!p->base || !p->cand || p->base->status != RPT_STATUS_OK ||
	    p->cand->status != RPT_STATUS_OK) {
		write_short_row(f, label, p, fld);
		return;
	}
	sb = &p->base->st[fld];
	sc = &p->cand->st[fld];
	sig = rpt_welch_test(sb, sc, &w);
	for (r = 0; r < NR_ROWS; r++) {
		fmt_plain(b, sizeof(b), row_value(sb, r));
		fmt_plain(c, sizeof(c), row_value(sc, r));
		rpt_fmt_change(ch, sizeof(ch), row_value(sb, r), row_value(sc, r));
		fprintf(f, "| %s | %s | %s | %s (%s)%s |\n", r ? "" : label,
			row_names[r], b, c, ch,
			r != ROW_MEDIAN && r != ROW_MEAN ? "" :
			sig == RPT_SIG_YES ? " *" :
			sig == RPT_SIG_FEW ? " n<3" : "");
	}
}

void rpt_write_compare_md(FILE *f, const struct rpt_run *base,
			  const struct rpt_run *cand)
{
	char sb[512], sc[512], eb[1024], ec[1024];
	const struct rpt_env *b = &base->env, *c = &cand->env;
	struct pair p;
	size_t ib = 0, ic = 0;

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

	fprintf(f, "## Baseline %s vs candidate %s\n\n", eb, ec);
	fprintf(f, "Per job: ns per op (bytes consumed for footprint) over the repeats; the candidate as value (change against the baseline: + means a larger number, so slower or bigger). `*` on Median and Amean: Welch's t-test on the raw repeats, two-sided p < %.2f; `n<3`: too few repeats to test. CoeffVar in percent.\n\n",
		RPT_ALPHA);
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
	struct rpt_welch w;
	enum rpt_sig sig;
	enum rpt_field fld;
	size_t ib = 0, ic = 0;
	struct pair p;
	int side, r;

	fprintf(f, "base_target,cand_target,backend,workload,size,count,pattern,protected,protect_method,online_cpus,unit");
	for (side = 0; side < 2; side++) {
		fprintf(f, ",%s_status,%s_n", side ? "cand" : "base",
			side ? "cand" : "base");
		for (r = 0; r < NR_ROWS; r++)
			fprintf(f, ",%s_%s", side ? "cand" : "base",
				row_columns[r]);
	}
	fprintf(f, ",median_change_pct,mean_change_pct,welch_t,welch_df,welch_p,significant\n");
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
		if (!p.base || !p.cand || p.base->status != RPT_STATUS_OK ||
		    p.cand->status != RPT_STATUS_OK) {
			for (r = 0; r < 6; r++)
				rpt_csv_str(&c, NULL);
			rpt_csv_end(&c);
			continue;
		}
		sb = &p.base->st[fld];
		sc = &p.cand->st[fld];
		sig = rpt_welch_test(sb, sc, &w);
		rpt_csv_num(&c, change_pct(sb->median, sc->median));
		rpt_csv_num(&c, change_pct(sb->mean, sc->mean));
		rpt_csv_num(&c, w.t);
		rpt_csv_num(&c, w.df);
		rpt_csv_num(&c, w.p);
		rpt_csv_str(&c, sig == RPT_SIG_YES ? "yes" :
				sig == RPT_SIG_NO ? "no" :
				sig == RPT_SIG_FEW ? "n<3" : "n/a");
		rpt_csv_end(&c);
	}
}
