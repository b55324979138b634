// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "tables.h"

/* ------------------------------------------------------------ question */

static bool run_has_backend(const struct rpt_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++)
		if (!strcmp(run->jobs[i].key.backend, name))
			return true;
	return false;
}

/* A job of backend @name in @run with at least one measured repeat. */
static bool run_measured_backend(const struct rpt_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++)
		if (run->jobs[i].ok && !strcmp(run->jobs[i].key.backend, name))
			return true;
	return false;
}

static bool listed(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* Capabilities two backends share: the closer baseline comes first. */
static unsigned int shared_caps(unsigned int caps, int b)
{
	return (unsigned int)__builtin_popcount(caps & rpt_backend_rows[b].caps);
}

/*
 * The registry's backends of @role measured in @run (a job with a number:
 * the floor, which can only be read, has none in a run of code-path jobs)
 * and not in @skip: all designs in registry order; baselines closest in capabilities to the
 * subjects first (the one that can do all a design can leads), then in
 * registry order.
 */
static size_t default_side(const struct rpt_run *run, int role,
			   const char **out, const char *const *skip,
			   size_t nr_skip, unsigned int subject_caps)
{
	size_t n = 0, i, k;
	const char *t;
	int b;

	for (b = 0; b < RPT_NR_BACKENDS; b++) {
		if (rpt_backend_rows[b].role != role ||
		    listed(skip, nr_skip, rpt_backend_rows[b].name) ||
		    !run_measured_backend(run, rpt_backend_rows[b].name))
			continue;
		out[n++] = rpt_backend_rows[b].name;
	}
	if (role != PMB_ROLE_BASELINE)
		return n;
	/* Insertion sort: stable, so equals keep registry order. */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 &&
		     shared_caps(subject_caps, rpt_backend_index(out[k])) >
		     shared_caps(subject_caps, rpt_backend_index(out[k - 1])); k--) {
			t = out[k];
			out[k] = out[k - 1];
			out[k - 1] = t;
		}
	return n;
}

static unsigned int caps_of(const char *const *names, size_t n)
{
	const struct rpt_backend_row *row;
	unsigned int caps = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		row = rpt_backend_row(names[i]);
		caps |= row ? row->caps : 0;
	}
	return caps;
}

static int question_alloc(const struct rpt_run *run, struct rpt_question *q)
{
	/* Each side holds at most every backend: the registry's and the run's. */
	size_t cap = RPT_NR_BACKENDS + run->nr_jobs + 1;

	memset(q, 0, sizeof(*q));
	q->subjects = calloc(cap, sizeof(*q->subjects));
	q->against = calloc(cap, sizeof(*q->against));
	if (!q->subjects || !q->against) {
		rpt_question_free(q);
		return -1;
	}
	return 0;
}

int rpt_question_default(const struct rpt_run *run, struct rpt_question *q)
{
	if (question_alloc(run, q))
		return -1;
	q->nr_subjects = default_side(run, PMB_ROLE_DESIGN, q->subjects, NULL,
				      0, 0);
	q->nr_against = default_side(run, PMB_ROLE_BASELINE, q->against, NULL,
				     0, caps_of(q->subjects, q->nr_subjects));
	return 0;
}

static void known_names(char *buf, size_t len)
{
	size_t o = 0;
	int b;

	buf[0] = '\0';
	for (b = 0; b < RPT_NR_BACKENDS && o < len; b++)
		o += snprintf(buf + o, len - o, "%s%s", b ? ", " : "",
			      rpt_backend_rows[b].name);
}

/* Split @list (a copy, split in place) into @out; -1 with @err set. */
static int parse_side(const struct rpt_run *run, const char *opt, char *list,
		      const char **out, size_t *n, char *err, size_t len)
{
	char known[256], *name, *next;

	known_names(known, sizeof(known));
	*n = 0;
	for (name = list; name; name = next) {
		next = strchr(name, ',');
		if (next)
			*next++ = '\0';
		if (!*name) {
			snprintf(err, len, "%s: an empty name in the list (names separated by ',')",
				 opt);
			return -1;
		}
		if (!rpt_backend_row(name) && !run_has_backend(run, name)) {
			snprintf(err, len, "%s: '%.*s' is not a backend of this build (%s) nor of the run",
				 opt, RPT_NAME_MAX, name, known);
			return -1;
		}
		/* An alias ("pmalloc") asks for its backend, by its one name. */
		name = (char *)pmb_backend_canonical(name);
		if (listed(out, *n, name)) {
			snprintf(err, len, "%s: '%s' is named twice", opt, name);
			return -1;
		}
		out[(*n)++] = name;
	}
	return 0;
}

int rpt_question_parse(const struct rpt_run *run, const char *subjects,
		       const char *against, struct rpt_question *q, char *err,
		       size_t len)
{
	size_t ls = subjects ? strlen(subjects) + 1 : 0, i;

	if (question_alloc(run, q))
		goto nomem;
	q->buf = malloc(ls + (against ? strlen(against) + 1 : 0) + 1);
	if (!q->buf)
		goto nomem;
	if (subjects) {
		memcpy(q->buf, subjects, ls);
		if (parse_side(run, "--subject", q->buf, q->subjects,
			       &q->nr_subjects, err, len))
			goto fail;
	}
	if (against) {
		memcpy(q->buf + ls, against, strlen(against) + 1);
		if (parse_side(run, "--against", q->buf + ls, q->against,
			       &q->nr_against, err, len))
			goto fail;
	}
	if (!subjects)
		q->nr_subjects = default_side(run, PMB_ROLE_DESIGN, q->subjects,
					      q->against, q->nr_against, 0);
	if (!against)
		q->nr_against = default_side(run, PMB_ROLE_BASELINE, q->against,
					     q->subjects, q->nr_subjects,
					     caps_of(q->subjects, q->nr_subjects));
	for (i = 0; i < q->nr_subjects; i++)
		if (listed(q->against, q->nr_against, q->subjects[i])) {
			snprintf(err, len, "'%s' is both a --subject and an --against",
				 q->subjects[i]);
			goto fail;
		}
	return 0;
nomem:
	snprintf(err, len, "out of memory");
fail:
	rpt_question_free(q);
	return -1;
}

void rpt_question_free(struct rpt_question *q)
{
	free(q->subjects);
	free(q->against);
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

/* "vmalloc", "vmalloc and kmalloc", "a, b and c" */
static void name_list(char *buf, size_t len, const char *const *names,
		      size_t n)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o < len; i++)
		o += snprintf(buf + o, len - o, "%s%s",
			      !i ? "" : i + 1 == n ? " and " : ", ", names[i]);
}

/* ----------------------------------------------------------- host load */

/* A job whose numbers are shown and were measured on a busy host. */
static bool busy_shown(const struct rpt_job *job)
{
	return job && job->status == RPT_STATUS_OK && rpt_job_busy(job);
}

/* The job's label, RPT_BUSY_MARK after it where busy_shown(). */
static void job_label_md(const struct rpt_job *job, char *buf, size_t len)
{
	size_t l;

	rpt_job_label(&job->key, buf, len);
	l = strlen(buf);
	if (busy_shown(job) && l < len)
		snprintf(buf + l, len - l, " %s", RPT_BUSY_MARK);
}

/* What the note under a table says of the busy jobs it marks. */
struct busy_note {
	bool any;
	double other_busy, steal;	/* largest over the marked jobs */
};

static void busy_add(struct busy_note *b, const struct rpt_job *job)
{
	if (!busy_shown(job))
		return;
	if (!b->any)
		b->other_busy = b->steal = NAN;
	b->any = true;
	if (!isnan(job->other_busy_max) &&
	    (isnan(b->other_busy) || job->other_busy_max > b->other_busy))
		b->other_busy = job->other_busy_max;
	if (!isnan(job->steal_max) &&
	    (isnan(b->steal) || job->steal_max > b->steal))
		b->steal = job->steal_max;
}

static void busy_note_md(FILE *f, const struct busy_note *b)
{
	char ob[32], sv[32], st[48];

	if (!b->any)
		return;
	if (isnan(b->other_busy))
		snprintf(ob, sizeof(ob), "n/a");
	else
		rpt_fmt_fixed(ob, sizeof(ob), b->other_busy, 2);
	st[0] = '\0';
	if (b->steal > RPT_BUSY_SHARE) {
		rpt_fmt_fixed(sv, sizeof(sv), b->steal, 2);
		snprintf(st, sizeof(st), ", steal up to %s", sv);
	}
	fprintf(f, "%s: measured while other work used more than %.0f%% of the host's CPUs (host_load.other_busy up to %s%s); absolute times there are stretched.\n\n",
		RPT_BUSY_MARK, RPT_BUSY_SHARE * 100, ob, st);
}

bool rpt_vs_busy(const struct rpt_headline_row *row, const struct rpt_vs *vs)
{
	return vs->ratio_rc >= 0 &&
	       (rpt_job_busy(row->subject) || rpt_job_busy(vs->job));
}

/* headline.csv's _busy: "yes", "no" where both sides had readings, else "n/a". */
static const char *vs_busy_word(const struct rpt_headline_row *row,
				const struct rpt_vs *vs)
{
	const struct rpt_job *side[] = { row->subject, vs->job };
	size_t i;

	if (rpt_vs_busy(row, vs))
		return "yes";
	if (vs->ratio_rc < 0)
		return NULL;
	for (i = 0; i < 2; i++)
		if (isnan(side[i]->other_busy_max) && isnan(side[i]->steal_max))
			return "n/a";
	return "no";
}

/* ------------------------------------------------------------ headline */

/* The other backend's job on the same work, the same method first. */
static const struct rpt_job *find_other(const struct rpt_run *run,
					const struct rpt_job *subject,
					const char *backend)
{
	const struct rpt_job *j, *first = NULL;
	size_t i;

	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (strcmp(j->key.backend, backend) ||
		    !rpt_key_same_work(&j->key, &subject->key))
			continue;
		if (rpt_str_equal(j->key.protect_method,
				  subject->key.protect_method))
			return j;
		if (!first)
			first = j;
	}
	return first;
}

static int vs_build(const struct rpt_run *run, struct rpt_headline_row *row,
		    struct rpt_vs *vs, const char *other)
{
	const struct rpt_job *s = row->subject;

	vs->job = find_other(run, s, other);
	vs->ratio_rc = -1;
	vs->verdict = RPT_V_NO_INTERVAL;
	vs->mwu.u = vs->mwu.p = NAN;
	if (!vs->job || s->status != RPT_STATUS_OK ||
	    vs->job->status != RPT_STATUS_OK)
		return 0;
	vs->ratio_rc = rpt_ratio_of_medians(&s->st[row->field],
					    &vs->job->st[row->field], &vs->ratio);
	vs->verdict = rpt_ratio_verdict(&vs->ratio, vs->ratio_rc);
	return rpt_mann_whitney(s->val[row->field].v, s->val[row->field].n,
				vs->job->val[row->field].v,
				vs->job->val[row->field].n, &vs->mwu) == -ENOMEM ?
	       -1 : 0;
}

int rpt_headline_build(const struct rpt_run *run, const struct rpt_question *q,
		       struct rpt_headline *h)
{
	struct rpt_question def = { 0 };
	struct rpt_headline_row *row;
	const struct rpt_job *s;
	size_t i, k, o;

	memset(h, 0, sizeof(*h));
	if (!q) {
		if (rpt_question_default(run, &def))
			return -1;
		q = &def;
	}
	h->subjects = calloc(q->nr_subjects + 1, sizeof(*h->subjects));
	h->against = calloc(q->nr_against + 1, sizeof(*h->against));
	h->rows = calloc(run->nr_jobs + 1, sizeof(*h->rows));
	h->vs = calloc(run->nr_jobs * q->nr_against + 1, sizeof(*h->vs));
	if (!h->subjects || !h->against || !h->rows || !h->vs)
		goto fail;
	memcpy(h->subjects, q->subjects, q->nr_subjects * sizeof(*h->subjects));
	memcpy(h->against, q->against, q->nr_against * sizeof(*h->against));
	h->nr_subjects = q->nr_subjects;
	h->nr_against = q->nr_against;
	/* Rows grouped by subject, in the question's order: one table each. */
	for (k = 0; k < h->nr_subjects; k++)
		for (i = 0; i < run->nr_jobs; i++) {
			s = &run->jobs[i];
			if (strcmp(s->key.backend, h->subjects[k]))
				continue;
			row = &h->rows[h->n];
			row->subject = s;
			row->field = rpt_primary_field(s->key.workload);
			row->vs = &h->vs[h->n * h->nr_against];
			h->n++;
			for (o = 0; o < h->nr_against; o++)
				if (vs_build(run, row, &row->vs[o], h->against[o]))
					goto fail;
		}
	rpt_question_free(&def);
	return 0;
fail:
	rpt_question_free(&def);
	rpt_headline_free(h);
	return -1;
}

void rpt_headline_free(struct rpt_headline *h)
{
	free(h->rows);
	free(h->vs);
	free(h->subjects);
	free(h->against);
	memset(h, 0, sizeof(*h));
}

void rpt_ratio_cell(char *buf, size_t len, const struct rpt_ratio *r, int rc,
		    size_t n_num, size_t n_den)
{
	size_t l;

	rpt_fmt_ratio(buf, len, r, rc);
	if (rc < 0)
		return;
	l = strlen(buf);
	if (rpt_ratio_verdict(r, rc) == RPT_V_DIFFERS)
		snprintf(buf + l, len - l, " *");
	else if (rc > 0 && (n_num < RPT_MIN_N || n_den < RPT_MIN_N))
		snprintf(buf + l, len - l, " (n<%d)", RPT_MIN_N);
	else if (rc > 0)
		snprintf(buf + l, len - l, " (no interval)");
}

void rpt_vs_cell(char *buf, size_t len, const struct rpt_headline_row *row,
		 const struct rpt_vs *vs)
{
	if (row->subject->status != RPT_STATUS_OK) {
		snprintf(buf, len, "%s", rpt_status_name(row->subject->status));
		return;
	}
	if (!vs->job) {
		snprintf(buf, len, "—");
		return;
	}
	if (vs->job->status != RPT_STATUS_OK) {
		snprintf(buf, len, "%s", rpt_status_name(vs->job->status));
		return;
	}
	rpt_ratio_cell(buf, len, &vs->ratio, vs->ratio_rc,
		       row->subject->st[row->field].n,
		       vs->job->st[row->field].n);
}

static void heading(FILE *f, const char *level, const char *what,
		    const struct rpt_env *env)
{
	char src[512], esc[1024], w[1024];

	rpt_source(env, src, sizeof(src));
	rpt_md_escape(src, esc, sizeof(esc));
	rpt_md_escape(what, w, sizeof(w));
	fprintf(f, "%s %s — %s\n\n", level, w, esc);
}

static void median_cell(char *buf, size_t len, const struct rpt_job *job,
			enum rpt_field f)
{
	size_t l;

	if (!job) {
		snprintf(buf, len, "—");
		return;
	}
	rpt_fmt_job_value(buf, len, job, f, job->st[f].median);
	l = strlen(buf);
	if (busy_shown(job) && l < len)
		snprintf(buf + l, len - l, " %s", RPT_BUSY_MARK);
}

/* Ratio cells of the headline that share one coverage. */
struct level_group {
	double level;		/* lower bound of the intervals' coverage */
	size_t cells, n_min, n_max;	/* repeats a side */
};

/* What the legend under the headline must admit about its intervals. */
struct headline_facts {
	size_t n_min, n_max;	/* repeats behind the medians */
	struct level_group *groups;	/* best coverage first */
	size_t nr_groups;
};

static void facts_add_n(struct headline_facts *hf, const struct rpt_job *j,
			enum rpt_field f)
{
	if (!j || j->status != RPT_STATUS_OK)
		return;
	if (j->st[f].n < hf->n_min)
		hf->n_min = j->st[f].n;
	if (j->st[f].n > hf->n_max)
		hf->n_max = j->st[f].n;
}

static void facts_add_cell(struct headline_facts *hf, double level,
			   size_t n1, size_t n2)
{
	struct level_group *g = NULL;
	size_t i;

	for (i = 0; i < hf->nr_groups && !g; i++)
		if (hf->groups[i].level == level)
			g = &hf->groups[i];
	if (!g) {
		g = &hf->groups[hf->nr_groups++];
		*g = (struct level_group){ level, 0, n1, n1 };
	}
	g->cells++;
	g->n_min = n1 < g->n_min ? n1 : g->n_min;
	g->n_max = n1 > g->n_max ? n1 : g->n_max;
	g->n_min = n2 < g->n_min ? n2 : g->n_min;
	g->n_max = n2 > g->n_max ? n2 : g->n_max;
}

static int level_group_cmp(const void *x, const void *y)
{
	const struct level_group *a = x, *b = y;

	return (a->level < b->level) - (a->level > b->level);
}

static int headline_facts(const struct rpt_headline *h,
			  struct headline_facts *hf)
{
	const struct rpt_headline_row *row;
	const struct rpt_vs *vs;
	size_t i, o;

	hf->n_min = (size_t)-1;
	hf->n_max = 0;
	hf->nr_groups = 0;
	hf->groups = calloc(h->n * h->nr_against + 1, sizeof(*hf->groups));
	if (!hf->groups)
		return -1;
	for (i = 0; i < h->n; i++) {
		row = &h->rows[i];
		facts_add_n(hf, row->subject, row->field);
		for (o = 0; o < h->nr_against; o++) {
			vs = &row->vs[o];
			facts_add_n(hf, vs->job, row->field);
			if (vs->ratio_rc)
				continue;
			facts_add_cell(hf, vs->ratio.level,
				       row->subject->st[row->field].n,
				       vs->job->st[row->field].n);
		}
	}
	qsort(hf->groups, hf->nr_groups, sizeof(*hf->groups), level_group_cmp);
	return 0;
}

/* The worst coverage of the ratio cells of column @o in rows [@first, @end). */
static double column_level(const struct rpt_headline *h, size_t first,
			   size_t end, size_t o)
{
	double level = NAN;
	size_t i;

	for (i = first; i < end; i++)
		if (!h->rows[i].vs[o].ratio_rc &&
		    !(h->rows[i].vs[o].ratio.level >= level))
			level = h->rows[i].vs[o].ratio.level;
	return level;
}

/* The fewest repeats a side that give a ratio interval RPT_CI_LEVEL. */
static size_t repeats_for_level(void)
{
	size_t n, lo, hi;
	double lvl;

	for (n = RPT_MIN_N; n < 1000; n++)
		if (!rpt_median_ci_ranks(n, RPT_SIDE_LEVEL, &lo, &hi, &lvl))
			break;
	return n;
}

#define LEGEND_GROUPS	6	/* coverages listed; the worst always */

static void legend_coverage(FILE *f, const struct headline_facts *hf)
{
	const struct level_group *g;
	char lvl[16];
	size_t i;

	if (!hf->nr_groups)
		return;
	fprintf(f, "- Coverage: each ratio column's title gives the worst of its intervals; by cells,");
	for (i = 0; i < hf->nr_groups; i++) {
		if (i == LEGEND_GROUPS - 1 && hf->nr_groups > LEGEND_GROUPS) {
			fprintf(f, " …");
			i = hf->nr_groups - 1;
		}
		g = &hf->groups[i];
		rpt_fmt_level(lvl, sizeof(lvl), g->level);
		fprintf(f, "%s at least %s in %zu (", i ? ";" : "", lvl,
			g->cells);
		if (g->n_min != g->n_max)
			fprintf(f, "%zu to ", g->n_min);
		fprintf(f, "%zu repeats a side)", g->n_max);
	}
	fprintf(f, ".");
	if (hf->groups[hf->nr_groups - 1].level < RPT_CI_LEVEL)
		fprintf(f, " A %.0f%% ratio interval needs %zu repeats a side.",
			RPT_CI_LEVEL * 100, repeats_for_level());
	fputc('\n', f);
}

/* "ns per op, bytes consumed for footprint": the measures, from the rows. */
static void measures_caption(char *buf, size_t len)
{
	size_t o, w, nr = 0;

	o = snprintf(buf, len, "%s", rpt_measure_caption(PMB_MEASURE_TIME));
	for (w = 0; w < RPT_NR_WORKLOADS; w++)
		if (rpt_workload_rows[w].measure != PMB_MEASURE_TIME && o < len)
			o += snprintf(buf + o, len - o, "%s%s for %s",
				      nr++ ? "; " : ", ",
				      rpt_measure_caption(rpt_workload_rows[w].measure),
				      rpt_workload_rows[w].name);
}

static void headline_legend(FILE *f, const struct rpt_run *run,
			    const struct rpt_headline *h,
			    const struct headline_facts *hf)
{
	const char *s = h->nr_subjects == 1 ? h->subjects[0] : "the table's backend";
	const char *sb = h->nr_subjects == 1 ? h->subjects[0] : "subject";
	char reps[64], measures[256];

	if (hf->n_max == 0)
		snprintf(reps, sizeof(reps), "its repeats");
	else if (hf->n_min == hf->n_max)
		snprintf(reps, sizeof(reps), "%zu repeats", hf->n_min);
	else
		snprintf(reps, sizeof(reps), "%zu to %zu repeats", hf->n_min,
			 hf->n_max);
	measures_caption(measures, sizeof(measures));
	fprintf(f, "Run `%s`, suite %s. Each cell is the median over %s of a job: %s. Ratio = median(%s) / median(other)%s: below 1, %s costs less.\n\n",
		run->id, run->env.suite ? run->env.suite : "unknown", reps,
		measures, sb, h->nr_subjects == 1 ? "" :
		", the subject being the backend the table is about", s);
	fprintf(f, "- `r [lo, hi]`: the ratio of the medians and its interval [lo(%s) / hi(other), hi(%s) / lo(other)], from order-statistic intervals of the two medians (each at sqrt(%.0f%%) ≈ %.2f%% or more where the repeats allow): it holds the true ratio whenever both hold their medians. Bounds are rounded outward; headline.csv has them exact.\n",
		sb, sb, RPT_CI_LEVEL * 100, RPT_SIDE_LEVEL * 100);
	legend_coverage(f, hf);
	fprintf(f, "- `*`: the interval as printed excludes 1: within this run, %s and the other backend differ. It is the only mark. headline.csv adds the two-sided p of a Mann-Whitney U test on the repeats; it sets no mark.\n",
		s);
	fprintf(f, "- Within this run only: the intervals and marks cover the scatter of this run's repeats, not run-to-run variation (another boot, another run of the suite can move a median past its interval). `pmbench-report --compare` of two runs of the same suite and build measures that.\n");
	fprintf(f, "- `n<%d`: too few repeats for an interval. `no interval`: the other backend's interval reaches 0. `unsupported`: the backend cannot do this workload. `—`: no such job in this run.\n\n",
		RPT_MIN_N);
}

/* The rows of one subject: [*first, return value). */
static size_t subject_rows(const struct rpt_headline *h, const char *subject,
			   size_t *first)
{
	size_t i = 0, end;

	while (i < h->n && strcmp(h->rows[i].subject->key.backend, subject))
		i++;
	for (end = i; end < h->n &&
	     !strcmp(h->rows[end].subject->key.backend, subject); end++)
		;
	*first = i;
	return end;
}

static void headline_row_md(FILE *f, const struct rpt_run *run,
			    const struct rpt_headline *h,
			    const struct rpt_headline_row *row)
{
	char wl[96], size[32], cell[64], ratio[RPT_CELL];
	size_t o;

	rpt_workload_label(&row->subject->key, wl, sizeof(wl));
	if (row->subject->key.protect_method &&
	    strcmp(row->subject->key.protect_method, run->env.protect_method)) {
		/* The method that ran is not the one the title names. */
		strncat(wl, " (", sizeof(wl) - strlen(wl) - 1);
		strncat(wl, row->subject->key.protect_method,
			sizeof(wl) - strlen(wl) - 1);
		strncat(wl, ")", sizeof(wl) - strlen(wl) - 1);
	}
	rpt_fmt_size(size, sizeof(size), row->subject->key.size);
	fprintf(f, "| %s | %s | %llu |", wl, size, row->subject->key.count);
	median_cell(cell, sizeof(cell), row->subject, row->field);
	fprintf(f, " %s |", cell);
	for (o = 0; o < h->nr_against; o++) {
		median_cell(cell, sizeof(cell), row->vs[o].job, row->field);
		fprintf(f, " %s |", cell);
	}
	for (o = 0; o < h->nr_against; o++) {
		rpt_vs_cell(ratio, sizeof(ratio), row, &row->vs[o]);
		fprintf(f, " %s%s%s |", ratio,
			rpt_vs_busy(row, &row->vs[o]) ? " " : "",
			rpt_vs_busy(row, &row->vs[o]) ? RPT_BUSY_MARK : "");
	}
	fputc('\n', f);
}

static void headline_table_md(FILE *f, const struct rpt_run *run,
			      const struct rpt_headline *h, const char *subject)
{
	char what[512], others[384], lvl[16];
	struct busy_note busy = { 0 };
	size_t first, end, o, i;
	double level;

	name_list(others, sizeof(others), h->against, h->nr_against);
	snprintf(what, sizeof(what), "%s relative to %s", subject, others);
	heading(f, "##", what, &run->env);
	end = subject_rows(h, subject, &first);
	if (first == end) {
		fprintf(f, "This run has no %s jobs: nothing to hold against %s.\n\n",
			subject, others);
		return;
	}
	fprintf(f, "| workload | size | count | %s |", subject);
	for (o = 0; o < h->nr_against; o++)
		fprintf(f, " %s |", h->against[o]);
	for (o = 0; o < h->nr_against; o++) {
		fprintf(f, " %s / %s", subject, h->against[o]);
		level = column_level(h, first, end, o);
		if (!isnan(level)) {
			rpt_fmt_level(lvl, sizeof(lvl), level);
			fprintf(f, ", ≥ %s", lvl);
		}
		fprintf(f, " |");
	}
	fprintf(f, "\n| --- | ---: | ---: |");
	for (o = 0; o < 1 + 2 * h->nr_against; o++)
		fprintf(f, " ---: |");
	fputc('\n', f);
	for (i = first; i < end; i++) {
		headline_row_md(f, run, h, &h->rows[i]);
		busy_add(&busy, h->rows[i].subject);
		for (o = 0; o < h->nr_against; o++)
			busy_add(&busy, h->rows[i].vs[o].job);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

/* "pmalloc" or "kmalloc, vmalloc": the registry's backends of @role. */
static void role_names(char *buf, size_t len, int role, const char *target)
{
	const char *names[RPT_NR_BACKENDS];
	size_t n = 0;
	int b;

	for (b = 0; b < RPT_NR_BACKENDS; b++)
		if (rpt_backend_rows[b].role == role && rpt_backend_of_target(b, target))
			names[n++] = rpt_backend_rows[b].name;
	name_list(buf, len, names, n);
}

void rpt_write_headline_md(FILE *f, const struct rpt_run *run,
			   const struct rpt_headline *h)
{
	struct headline_facts hf;
	char names[384];
	size_t k;

	if (!h->nr_subjects) {
		heading(f, "##", "Backends compared", &run->env);
		role_names(names, sizeof(names), PMB_ROLE_DESIGN, run->env.target);
		fprintf(f, "This run has no jobs of a backend under study (%s in this build): nothing to compare. `--subject` and `--against` ask another question.\n\n",
			names);
		return;
	}
	if (!h->nr_against) {
		heading(f, "##", "Backends compared", &run->env);
		role_names(names, sizeof(names), PMB_ROLE_BASELINE, run->env.target);
		fprintf(f, "This run has no jobs of a baseline backend (%s in this build): nothing to hold %s against. `--against` names one.\n\n",
			names, h->subjects[0]);
		return;
	}
	for (k = 0; k < h->nr_subjects; k++)
		headline_table_md(f, run, h, h->subjects[k]);
	if (!h->n)
		return;
	if (headline_facts(h, &hf)) {
		fprintf(f, "(out of memory)\n\n");
		return;
	}
	headline_legend(f, run, h, &hf);
	free(hf.groups);
}

static void csv_source(struct rpt_csv *c, const struct rpt_env *env)
{
	rpt_csv_str(c, env->target);
	rpt_csv_str(c, env->kernel);
	rpt_csv_str(c, env->cpu_model);
}

static void csv_key(struct rpt_csv *c, const struct rpt_key *k,
		    bool with_backend)
{
	if (with_backend)
		rpt_csv_str(c, k->backend);
	rpt_csv_str(c, k->workload);
	rpt_csv_ull(c, k->size);
	rpt_csv_ull(c, k->count);
	rpt_csv_str(c, k->pattern);
	rpt_csv_str(c, k->is_protected < 0 ? NULL :
		       k->is_protected ? "true" : "false");
	rpt_csv_str(c, k->protect_method);
	rpt_csv_cpus(c, k->online_cpus);
}

/* A job's number, or its status word when it has no numbers. */
static void csv_job_num(struct rpt_csv *c, const struct rpt_job *job,
			double v)
{
	if (!job)
		rpt_csv_str(c, NULL);
	else if (job->status != RPT_STATUS_OK)
		rpt_csv_str(c, rpt_status_name(job->status));
	else
		rpt_csv_num(c, v);
}

/* The mark as a word: whether the cell's printed interval excludes 1. */
static const char *verdict_word(const struct rpt_headline_row *row,
				const struct rpt_vs *vs)
{
	if (vs->verdict != RPT_V_NO_INTERVAL)
		return vs->verdict == RPT_V_DIFFERS ? "yes" : "no";
	return row->subject->st[row->field].n < RPT_MIN_N ||
	       vs->job->st[row->field].n < RPT_MIN_N ? "n<3" : "n/a";
}

void rpt_csv_column(const char *name, char *buf, size_t len)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"0123456789", name[i]) ? name[i] : '_';
	buf[i] = '\0';
}

/* The columns of one ratio in headline.csv, after "pmalloc_genalloc_vs_vmalloc". */
static const char *const ratio_cols[] = {
	"", "_lo", "_hi", "_level", "_differs", "_mwu_p",
};
#define NR_RATIO_COLS (sizeof(ratio_cols) / sizeof(ratio_cols[0]))

static void csv_ratio(struct rpt_csv *c, const struct rpt_headline_row *row,
		      const struct rpt_vs *vs)
{
	char col[RPT_CELL];
	size_t k;

	if (vs->ratio_rc < 0) {
		rpt_vs_cell(col, sizeof(col), row, vs);
		for (k = 0; k < NR_RATIO_COLS; k++)
			rpt_csv_str(c, strcmp(col, "—") ? col : NULL);
		return;
	}
	rpt_csv_num(c, vs->ratio.r);
	rpt_csv_num(c, vs->ratio.lo);
	rpt_csv_num(c, vs->ratio.hi);
	rpt_csv_num(c, vs->ratio.level);
	rpt_csv_str(c, verdict_word(row, vs));
	rpt_csv_num(c, vs->mwu.p);
}

/*
 * One row per subject job.  Columns: each subject's median and n, each
 * other backend's, then <subject>_vs_<other> for every pair; a row fills
 * its own subject's columns, and leaves the other subjects' empty.
 */
void rpt_write_headline_csv(FILE *f, const struct rpt_run *run,
			    const struct rpt_headline *h)
{
	struct rpt_csv c = { f, 0 };
	const struct rpt_headline_row *row;
	const struct rpt_vs *vs;
	size_t i, k, o, s, mine;
	char a[RPT_NAME_MAX], b[RPT_NAME_MAX];

	fprintf(f, "target,kernel,cpu_model,workload,size,count,pattern,protected,protect_method,online_cpus,unit");
	for (s = 0; s < h->nr_subjects; s++) {
		rpt_csv_column(h->subjects[s], a, sizeof(a));
		fprintf(f, ",%s_median,%s_n", a, a);
	}
	for (o = 0; o < h->nr_against; o++) {
		rpt_csv_column(h->against[o], b, sizeof(b));
		fprintf(f, ",%s_median,%s_n", b, b);
	}
	for (s = 0; s < h->nr_subjects; s++)
		for (o = 0; o < h->nr_against; o++) {
			rpt_csv_column(h->subjects[s], a, sizeof(a));
			rpt_csv_column(h->against[o], b, sizeof(b));
			for (k = 0; k < NR_RATIO_COLS; k++)
				fprintf(f, ",%s_vs_%s%s", a, b, ratio_cols[k]);
		}
	/* Newer than the ratios' columns: after all of them. */
	for (s = 0; s < h->nr_subjects; s++)
		for (o = 0; o < h->nr_against; o++) {
			rpt_csv_column(h->subjects[s], a, sizeof(a));
			rpt_csv_column(h->against[o], b, sizeof(b));
			fprintf(f, ",%s_vs_%s_busy", a, b);
		}
	/* The twin's runs only: a module run's CSV keeps its columns. */
	if (rpt_run_is_twin(run))
		fprintf(f, ",threads");
	/* Runs with partitions= jobs only, last: the rows of each N apart. */
	if (rpt_run_has_partitions(run))
		fprintf(f, ",partitions");
	fputc('\n', f);
	for (i = 0; i < h->n; i++) {
		row = &h->rows[i];
		for (mine = 0; mine < h->nr_subjects &&
		     strcmp(h->subjects[mine], row->subject->key.backend); mine++)
			;
		csv_source(&c, &run->env);
		csv_key(&c, &row->subject->key, false);
		rpt_csv_str(&c, rpt_field_unit(row->field) == RPT_UNIT_BYTES ?
				"bytes" : "ns/op");
		for (s = 0; s < h->nr_subjects; s++) {
			if (s != mine) {
				rpt_csv_str(&c, NULL);
				rpt_csv_str(&c, NULL);
				continue;
			}
			csv_job_num(&c, row->subject,
				    row->subject->st[row->field].median);
			rpt_csv_ull(&c, row->subject->st[row->field].n);
		}
		for (o = 0; o < h->nr_against; o++) {
			vs = &row->vs[o];
			csv_job_num(&c, vs->job, vs->job ?
				    vs->job->st[row->field].median : NAN);
			if (vs->job)
				rpt_csv_ull(&c, vs->job->st[row->field].n);
			else
				rpt_csv_str(&c, NULL);
		}
		for (s = 0; s < h->nr_subjects; s++)
			for (o = 0; o < h->nr_against; o++) {
				if (s == mine) {
					csv_ratio(&c, row, &row->vs[o]);
					continue;
				}
				for (k = 0; k < NR_RATIO_COLS; k++)
					rpt_csv_str(&c, NULL);
			}
		for (s = 0; s < h->nr_subjects; s++)
			for (o = 0; o < h->nr_against; o++)
				rpt_csv_str(&c, s == mine ?
					    vs_busy_word(row, &row->vs[o]) : NULL);
		if (rpt_run_is_twin(run))	/* empty: a workload without readers */
			rpt_csv_cpus(&c, row->subject->key.threads);
		if (rpt_run_has_partitions(run))	/* empty: a backend without */
			rpt_csv_cpus(&c, row->subject->key.partitions);
		rpt_csv_end(&c);
	}
}

static const char *const stat_cols[] = {
	"median", "min", "max", "mean", "stddev", "cov", "ci_lo", "ci_hi",
	"ci_level",
};

static void csv_stats(struct rpt_csv *c, const struct rpt_job *job,
		      enum rpt_field f)
{
	const struct rpt_stats *st = &job->st[f];
	const double v[] = { st->median, st->min, st->max, st->mean,
			     st->stddev, st->cov, st->ci_lo, st->ci_hi,
			     st->ci_level };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		csv_job_num(c, job, v[i]);
}

/* "true" only when every repeat said so; "false" when any did not. */
static const char *tristate_word(const struct rpt_tristate *t)
{
	if (t->no)
		return "false";
	if (t->yes && t->unknown)
		return "partial";
	return t->yes ? "true" : "n/a";
}

void rpt_write_summary_csv(FILE *f, const struct rpt_run *run)
{
	static const enum rpt_field full[] = { RPT_F_NS, RPT_F_CYCLES };
	struct rpt_csv c = { f, 0 };
	const struct rpt_job *job;
	size_t i, s;
	int k, fld;

	fprintf(f, "target,kernel,cpu_model,job,backend,workload,size,count,pattern,protected,protect_method,online_cpus,status,n,n_disturbed");
	for (k = 0; k < 2; k++)
		for (s = 0; s < sizeof(stat_cols) / sizeof(stat_cols[0]); s++)
			fprintf(f, ",%s_%s", rpt_fields[full[k]].name, stat_cols[s]);
	/* Every other field: its median over the repeats. */
	for (fld = RPT_F_BASE_NS; fld < RPT_NR_FIELDS; fld++) {
		/* Figures newer than these two columns come after them. */
		if (fld == RPT_F_END_COUNTERS)
			fprintf(f, ",verified,direct_map_ro");
		/* host_load (doc/results.md), newer than every column above. */
		if (fld == RPT_F_AFTER_HOST_LOAD)
			fprintf(f, ",other_busy_max,steal_max,busy");
		fprintf(f, ",%s%s%s_median",
			rpt_fields[fld].parent ? rpt_fields[fld].parent : "",
			rpt_fields[fld].parent ? "." : "", rpt_fields[fld].name);
	}
	/* The twin's runs only, after every column: a module run's CSV keeps its own. */
	if (rpt_run_is_twin(run))
		fprintf(f, ",threads,torn_reads");
	if (rpt_run_has_partitions(run))
		fprintf(f, ",partitions");
	fputc('\n', f);
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		csv_source(&c, &run->env);
		if (job->index >= 0)
			rpt_csv_ull(&c, job->index);
		else
			rpt_csv_str(&c, NULL);
		csv_key(&c, &job->key, true);
		rpt_csv_str(&c, rpt_status_name(job->status));
		rpt_csv_ull(&c, job->st[RPT_F_NS].n);
		rpt_csv_ull(&c, job->disturbed);
		for (k = 0; k < 2; k++)
			csv_stats(&c, job, full[k]);
		for (fld = RPT_F_BASE_NS; fld < RPT_F_END_COUNTERS; fld++)
			csv_job_num(&c, job, job->st[fld].median);
		rpt_csv_str(&c, job->status == RPT_STATUS_OK ?
				tristate_word(&job->verified) :
				rpt_status_name(job->status));
		rpt_csv_str(&c, job->status == RPT_STATUS_OK ?
				tristate_word(&job->direct_map_ro) :
				rpt_status_name(job->status));
		for (fld = RPT_F_END_COUNTERS; fld < RPT_F_AFTER_HOST_LOAD; fld++)
			csv_job_num(&c, job, job->st[fld].median);
		rpt_csv_num(&c, job->other_busy_max);
		rpt_csv_num(&c, job->steal_max);
		rpt_csv_str(&c, rpt_job_busy(job) ? "yes" :
			    isnan(job->other_busy_max) && isnan(job->steal_max) ?
			    "n/a" : "no");
		for (fld = RPT_F_AFTER_HOST_LOAD; fld < RPT_NR_FIELDS; fld++)
			csv_job_num(&c, job, job->st[fld].median);
		if (rpt_run_is_twin(run)) {
			/* threads empty: a workload without readers; torn_reads n/a: none checked */
			rpt_csv_cpus(&c, job->key.threads);
			if (job->status != RPT_STATUS_OK)
				rpt_csv_str(&c, rpt_status_name(job->status));
			else if (job->torn_reads < 0)
				rpt_csv_str(&c, "n/a");
			else
				rpt_csv_ull(&c, (unsigned long long)job->torn_reads);
		}
		if (rpt_run_has_partitions(run))
			rpt_csv_cpus(&c, job->key.partitions);
		rpt_csv_end(&c);
	}
}

/* A JSON scalar as report text; null as "n/a". */
static void json_scalar(char *buf, size_t len, json_t *v)
{
	char *dump;

	if (!v || json_is_null(v)) {
		snprintf(buf, len, "n/a");
	} else if (json_is_string(v)) {
		rpt_md_escape(json_string_value(v), buf, len);
	} else {
		dump = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		rpt_md_escape(dump ? dump : "?", buf, len);
		free(dump);
	}
}

static void env_row(FILE *f, const char *name, const char *value)
{
	char esc[1024];

	rpt_md_escape(value ? value : "n/a", esc, sizeof(esc));
	fprintf(f, "| %s | %s |\n", name, esc);
}

static void env_row_object(FILE *f, const char *name, json_t *obj)
{
	char val[256];
	const char *k;
	json_t *v;
	bool first = true;

	fprintf(f, "| %s | ", name);
	if (!json_is_object(obj) || !json_object_size(obj))
		fprintf(f, "n/a");
	json_object_foreach(obj, k, v) {
		json_scalar(val, sizeof(val), v);
		fprintf(f, "%s%s=%s", first ? "" : ", ", k, val);
		first = false;
	}
	fprintf(f, " |\n");
}

/* env.json's rounds (doc/results.md): how the jobs took turns. */
static void write_rounds_row(FILE *f, const json_t *rounds)
{
	char buf[256];

	if (!json_is_integer(rounds) || json_integer_value(rounds) < 1)
		snprintf(buf, sizeof(buf), "not recorded (runs before interleaving): each job's repeats back to back");
	else if (json_integer_value(rounds) == 1)
		snprintf(buf, sizeof(buf), "each job's repeats back to back (1 round)");
	else
		snprintf(buf, sizeof(buf), "interleaved: jobs that differ only in backend took turns in up to %lld rounds (A B C A B C ...), each round a whole module call with its warm-up",
			 (long long)json_integer_value(rounds));
	env_row(f, "job order", buf);
}

/* env.json's cost (doc/results.md): which of the suite's jobs the run kept. */
static void write_cost_row(FILE *f, const json_t *cost)
{
	const char *name = json_string_value(cost);
	int c = name ? pmb_cost_from_name(name) : -1;
	char buf[512];
	size_t o;
	unsigned int w, n = 0;

	if (!name) {
		env_row(f, "jobs", "every job of the suite");
		return;
	}
	if (c < 0) {	/* a newer pmbench's cost: say it as it is */
		snprintf(buf, sizeof(buf), "only the jobs whose cost is '%s'", name);
		env_row(f, "jobs", buf);
		return;
	}
	o = (size_t)snprintf(buf, sizeof(buf), "only the suite's jobs whose cost is %s (",
			     c == PMB_COST_PATH ? "the code path" : "the memory system");
	for (w = 0; pmb_workload_name(w) && o < sizeof(buf); w++)
		if (pmb_workload_cost(w) == c)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", n++ ? ", " : "",
					      pmb_workload_name(w));
	if (o < sizeof(buf))
		snprintf(buf + o, sizeof(buf) - o, "): %s; the suite's other jobs are not in this run (make bench TARGET=vm runs them in a run of their own)",
			 c == PMB_COST_PATH ? "what instruction counts answer" :
			 "what only a wall clock sees");
	env_row(f, "jobs", buf);
}

static void write_env_md(FILE *f, const struct rpt_run *run)
{
	const struct rpt_env *env = &run->env;
	char buf[512], num[64];
	json_t *vm, *warnings, *w;
	size_t i;

	fprintf(f, "## Where the numbers come from\n\n| | |\n| --- | --- |\n");
	env_row(f, "target", env->target);
	env_row(f, "what it means", rpt_target_meaning(env->target));
	env_row(f, "kernel", env->kernel);
	if (env->cpus >= 0)
		snprintf(buf, sizeof(buf), "%s (%lld CPUs)", env->cpu_model,
			 env->cpus);
	else
		snprintf(buf, sizeof(buf), "%s", env->cpu_model);
	env_row(f, "CPU", buf);
	rpt_method_label(env->protect_method, buf, sizeof(buf));
	env_row(f, "protection method asked", buf);
	snprintf(buf, sizeof(buf), "%s, revision %s",
		 env->suite ? env->suite : "n/a",
		 env->suite_revision ? env->suite_revision : "n/a");
	env_row(f, "suite", buf);
	env_row(f, "started", env->started);
	env_row(f, "finished", env->finished ? env->finished :
		"not recorded (still running or interrupted)");
	env_row(f, "complete", env->partial ? "**no: partial run**" : "yes");
	env_row(f, "driver host", env->hostname);
	if (env->tsc_khz >= 0)
		snprintf(num, sizeof(num), "%lld kHz", env->tsc_khz);
	env_row(f, "TSC", env->tsc_khz >= 0 ? num : NULL);
	env_row(f, "clocksource", env->clocksource);
	write_cost_row(f, json_object_get(env->root, "cost"));
	write_rounds_row(f, json_object_get(env->root, "rounds"));
	vm = json_object_get(env->root, "vm");
	if (json_is_object(vm))
		env_row_object(f, "VM", vm);
	env_row_object(f, "kernel config", json_object_get(env->root, "kconfig"));
	env_row_object(f, "mitigations",
		       json_object_get(env->root, "mitigations"));
	fputc('\n', f);
	warnings = json_object_get(env->root, "warnings");
	if (json_is_array(warnings) && json_array_size(warnings)) {
		fprintf(f, "Warnings recorded with the run:\n\n");
		json_array_foreach(warnings, i, w) {
			json_scalar(buf, sizeof(buf), w);
			fprintf(f, "- %s\n", buf);
		}
		fputc('\n', f);
	}
}

/* The run's backends and workloads, in the registry's words. */
static void write_measured_md(FILE *f, const struct rpt_run *run)
{
	const struct rpt_backend_row *brow;
	const struct rpt_workload_row *wrow;
	const char *seen[64];
	char esc[256];
	size_t i, k, nseen = 0;
	int w;

	fprintf(f, "## What was measured\n\n| backend | role | what it is |\n| --- | --- | --- |\n");
	for (i = 0; i < run->nr_jobs && nseen < 64; i++) {
		for (k = 0; k < nseen && strcmp(seen[k], run->jobs[i].key.backend); k++)
			;
		if (k < nseen)
			continue;
		seen[nseen++] = run->jobs[i].key.backend;
		brow = rpt_backend_row(run->jobs[i].key.backend);
		rpt_md_escape(run->jobs[i].key.backend, esc, sizeof(esc));
		fprintf(f, "| %s | %s | %s |\n", esc,
			rpt_role_name(brow ? brow->role : -1), brow ? brow->desc :
			"a backend of a newer pmbench: shown under its name, compared only when --subject or --against names it");
	}
	fprintf(f, "\n| workload | compared by | what it measures |\n| --- | --- | --- |\n");
	for (w = 0; w < RPT_NR_WORKLOADS; w++) {
		wrow = &rpt_workload_rows[w];
		for (i = 0; i < run->nr_jobs &&
		     strcmp(run->jobs[i].key.workload, wrow->name); i++)
			;
		if (i < run->nr_jobs)
			fprintf(f, "| %s | %s | %s |\n", wrow->name,
				rpt_measure_caption(wrow->measure), wrow->desc);
	}
	fputc('\n', f);
}

/* ------------------------------------------------------ side by side */

/* The backends of @run in the order they first appear; how many. */
static size_t run_backends(const struct rpt_run *run, const char **names,
			   size_t cap)
{
	size_t i, k, n = 0;

	for (i = 0; i < run->nr_jobs && n < cap; i++) {
		for (k = 0; k < n && strcmp(names[k], run->jobs[i].key.backend); k++)
			;
		if (k == n)
			names[n++] = run->jobs[i].key.backend;
	}
	return n;
}

/*
 * partitions= as far as the table's rows go: one partition (the key's
 * default, what a backend=all line gives kmalloc-part) sits in the row of
 * the work with every other backend; each larger N is a row of its own,
 * the other backends '—' there.
 */
static long long row_partitions(const struct rpt_key *k)
{
	long long n = rpt_key_partitions(k);

	return n > 1 ? n : 0;
}

/* Same work, protection method and row_partitions(): one row. */
static bool same_row(const struct rpt_job *a, const struct rpt_job *b)
{
	return rpt_key_same_work(&a->key, &b->key) &&
	       rpt_str_equal(a->key.protect_method, b->key.protect_method) &&
	       row_partitions(&a->key) == row_partitions(&b->key);
}

/*
 * Does job @i start a row?  The first of its work and method; a job with
 * no method (unsupported before one was chosen) only where no job of the
 * same work has one: otherwise it is a cell of each method's row.
 */
static bool row_leader(const struct rpt_run *run, size_t i)
{
	const struct rpt_job *job = &run->jobs[i];
	size_t j;

	for (j = 0; j < i; j++)
		if (same_row(&run->jobs[j], job))
			return false;
	if (job->key.protect_method)
		return true;
	for (j = 0; j < run->nr_jobs; j++)
		if (run->jobs[j].key.protect_method &&
		    rpt_key_same_work(&run->jobs[j].key, &job->key) &&
		    row_partitions(&run->jobs[j].key) == row_partitions(&job->key))
			return false;
	return true;
}

/* @backend's job in the row of @lead: its method's, else one without. */
static const struct rpt_job *row_cell(const struct rpt_run *run,
				      const struct rpt_job *lead,
				      const char *backend)
{
	const struct rpt_job *j, *loose = NULL;
	size_t i;

	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (strcmp(j->key.backend, backend) ||
		    !rpt_key_same_work(&j->key, &lead->key) ||
		    row_partitions(&j->key) != row_partitions(&lead->key))
			continue;
		if (rpt_str_equal(j->key.protect_method, lead->key.protect_method))
			return j;
		if (!j->key.protect_method && !loose)
			loose = j;
	}
	return loose;
}

/*
 * Every backend of the run side by side, one row per piece of work: the
 * median of the workload's primary figure (what the headline compares),
 * "unsupported" or "error" as the job ended, "—" where the run has no such
 * job.  The headline sections compare one design with the baselines; this
 * table is the whole run at a glance, designs beside designs.
 */
static void write_side_by_side_md(FILE *f, const struct rpt_run *run)
{
	const char *names[64];
	const struct rpt_job *job, *cell;
	struct busy_note busy = { 0 };
	char label[256], c[48], esc[128];
	size_t nb, i, b;

	nb = run_backends(run, names, 64);
	if (nb < 2)
		return;
	heading(f, "##", "Every backend side by side", &run->env);
	fprintf(f, "One row per piece of work, one column per backend: the median of what the workload is compared by (ns per op, or bytes for footprint). `unsupported`: the backend cannot do it (the registry says so); `—`: not in this run. No ratio and no verdict here: the sections above give those, with their intervals.\n\n| work |");
	for (b = 0; b < nb; b++) {
		rpt_md_escape(names[b], esc, sizeof(esc));
		fprintf(f, " %s |", esc);
	}
	fprintf(f, "\n| --- |");
	for (b = 0; b < nb; b++)
		fprintf(f, " ---: |");
	fputc('\n', f);
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		if (!row_leader(run, i))
			continue;
		rpt_job_label(&job->key, label, sizeof(label));
		/* The label without its leading backend name. */
		fprintf(f, "| %s |", label + strlen(job->key.backend) + 1);
		for (b = 0; b < nb; b++) {
			cell = row_cell(run, job, names[b]);
			median_cell(c, sizeof(c), cell,
				    rpt_primary_field(job->key.workload));
			fprintf(f, " %s |", c);
			if (cell)
				busy_add(&busy, cell);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

static void ci_cell(char *buf, size_t len, const struct rpt_stats *st,
		    enum rpt_unit u)
{
	char lo[48], hi[48];

	rpt_fmt_quantity(lo, sizeof(lo), st->ci_lo, u);
	rpt_fmt_quantity(hi, sizeof(hi), st->ci_hi, u);
	snprintf(buf, len, "[%s, %s]", lo, hi);
}

static void stats_row(FILE *f, const struct rpt_job *job, enum rpt_field fld)
{
	const struct rpt_stats *st = &job->st[fld];
	enum rpt_unit u = rpt_field_unit(fld);
	char label[256], c[6][112];
	const double v[] = { st->median, st->min, st->max, st->mean, st->stddev };
	int i;

	job_label_md(job, label, sizeof(label));
	if (job->status != RPT_STATUS_OK || !st->n) {
		fprintf(f, "| %s | %zu | %s | — | — | — | — | — | — | — |\n",
			label, st->n, job->status != RPT_STATUS_OK ?
			rpt_status_name(job->status) : "n/a");
		return;
	}
	for (i = 0; i < 5; i++)
		rpt_fmt_quantity(c[i], sizeof(c[i]), v[i], u);
	fprintf(f, "| %s | %zu | %s | %s | %s | %s | %s |", label, st->n,
		c[0], c[1], c[2], c[3], c[4]);
	if (isnan(st->cov))
		snprintf(c[5], sizeof(c[5]), "n/a");
	else
		rpt_fmt_fixed(c[5], sizeof(c[5]), st->cov * 100, 2);
	fprintf(f, " %s%s |", c[5], isnan(st->cov) ? "" : "%");
	if (isnan(st->ci_lo)) {
		fprintf(f, " n<3 | — |\n");
		return;
	}
	ci_cell(c[0], sizeof(c[0]), st, u);
	rpt_fmt_level(c[1], sizeof(c[1]), st->ci_level);
	fprintf(f, " %s | %s |\n", c[0], c[1]);
}

static void write_stats_md(FILE *f, const struct rpt_run *run)
{
	struct busy_note busy = { 0 };
	const struct rpt_job *job;
	size_t i;

	heading(f, "##", "Per-job statistics", &run->env);
	fprintf(f, "Per op: ns (ktime) for timed workloads, bytes consumed for footprint. CI: confidence interval of the median; level: the coverage it really has.\n\n");
	fprintf(f, "| job | n | median | min | max | mean | stddev | CoV | CI of median | level |\n");
	fprintf(f, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		stats_row(f, job, rpt_primary_field(job->key.workload));
		busy_add(&busy, job);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

static void write_cycles_md(FILE *f, const struct rpt_run *run)
{
	struct busy_note busy = { 0 };
	const struct rpt_job *job;
	char label[256], c[5][112];
	const struct rpt_stats *st;
	size_t i;

	heading(f, "##", "Cycles and the empty-loop baseline", &run->env);
	fprintf(f, "TSC cycles per op (fenced rdtsc) beside the empty timing loop of the same op count; medians over the repeats.\n\n");
	fprintf(f, "| job | cycles/op | CI of median | empty loop ns/op | empty loop cycles/op | disturbed repeats |\n");
	fprintf(f, "| --- | ---: | ---: | ---: | ---: | ---: |\n");
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		st = &job->st[RPT_F_CYCLES];
		job_label_md(job, label, sizeof(label));
		rpt_fmt_job_value(c[0], sizeof(c[0]), job, RPT_F_CYCLES, st->median);
		if (job->status != RPT_STATUS_OK)
			snprintf(c[1], sizeof(c[1]), "—");
		else if (isnan(st->ci_lo))
			snprintf(c[1], sizeof(c[1]), st->n ? "n<3" : "n/a");
		else
			ci_cell(c[1], sizeof(c[1]), st, RPT_UNIT_CYCLES);
		rpt_fmt_job_value(c[2], sizeof(c[2]), job, RPT_F_BASE_NS,
				  job->st[RPT_F_BASE_NS].median);
		rpt_fmt_job_value(c[3], sizeof(c[3]), job, RPT_F_BASE_CYCLES,
				  job->st[RPT_F_BASE_CYCLES].median);
		fprintf(f, "| %s | %s | %s | %s | %s | %u of %u |\n", label,
			c[0], c[1], c[2], c[3], job->disturbed, job->lines);
		busy_add(&busy, job);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

static const char *tristate_md(const struct rpt_tristate *t)
{
	if (t->no)
		return "**no**";
	if (t->yes && t->unknown)
		return "partial";
	return t->yes ? "yes" : "n/a";
}

/* Like tristate_md() without the alarm: either answer is a fact. */
static const char *tristate_word_md(const struct rpt_tristate *t)
{
	if (t->no)
		return t->yes ? "mixed" : "no";
	if (t->yes && t->unknown)
		return "partial";
	return t->yes ? "yes" : "n/a";
}

static bool protects(const struct rpt_job *job)
{
	return rpt_job_protects(&job->key);
}

static bool measures_bytes(const struct rpt_job *job)
{
	return rpt_measure(job->key.workload) == PMB_MEASURE_BYTES;
}

/* Whether a job @pick selects has measured @fld: the column is shown. */
static bool any_measured(const struct rpt_run *run,
			 bool (*pick)(const struct rpt_job *), enum rpt_field fld)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++)
		if (pick(&run->jobs[i]) && run->jobs[i].st[fld].n)
			return true;
	return false;
}

/*
 * A cell of a column older results lack: blank where the job has no such
 * figure, never a number that was not measured.
 */
static void optional_cell(char *buf, size_t len, const struct rpt_job *job,
			  enum rpt_field fld)
{
	if (job->status == RPT_STATUS_OK && !job->st[fld].n)
		buf[0] = '\0';
	else
		rpt_fmt_job_value(buf, len, job, fld, job->st[fld].median);
}

static void write_protection_md(FILE *f, const struct rpt_run *run)
{
	const struct rpt_job *job;
	char label[256], c[4][48];
	bool flips = any_measured(run, protects, RPT_F_FLIPS);
	struct busy_note busy = { 0 };
	size_t i;
	bool any = false;

	for (i = 0; i < run->nr_jobs && !any; i++)
		any = protects(&run->jobs[i]);
	if (!any)
		return;
	heading(f, "##", "Protection", &run->env);
	fprintf(f, "The jobs that make their objects read-only (the registry's pmb_job_protects()). Verified: the PTEs read back read-only and a write through the protected address faulted (fault drill). Direct-map alias: whether the linear-map alias of the pages became read-only too (`cpa` does that, `pte` leaves it writable). Splits: `/proc/vmstat` direct_map level2 + level3 splits over the job.%s\n\n",
		flips ? " Protection calls: the calls of one timed (un)protection." : "");
	fprintf(f, "| job | pages | TLB flushes |%s verified | direct-map alias read-only | direct-map splits |\n",
		flips ? " protection calls |" : "");
	fprintf(f, "| --- | ---: | ---: |%s --- | --- | ---: |\n", flips ? " ---: |" : "");
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		if (!protects(job))
			continue;
		job_label_md(job, label, sizeof(label));
		rpt_fmt_job_value(c[0], sizeof(c[0]), job, RPT_F_PAGES,
				  job->st[RPT_F_PAGES].median);
		rpt_fmt_job_value(c[1], sizeof(c[1]), job, RPT_F_TLB_FLUSHES,
				  job->st[RPT_F_TLB_FLUSHES].median);
		rpt_fmt_job_value(c[2], sizeof(c[2]), job, RPT_F_DM_SPLITS,
				  job->st[RPT_F_DM_SPLITS].median);
		optional_cell(c[3], sizeof(c[3]), job, RPT_F_FLIPS);
		fprintf(f, "| %s | %s | %s |", label, c[0], c[1]);
		if (flips)
			fprintf(f, " %s |", c[3]);
		if (job->status != RPT_STATUS_OK)
			fprintf(f, " %s | %s | %s |\n", c[0], c[0], c[2]);
		else
			fprintf(f, " %s | %s | %s |\n", tristate_md(&job->verified),
				tristate_word_md(&job->direct_map_ro), c[2]);
		busy_add(&busy, job);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

static void write_footprint_md(FILE *f, const struct rpt_run *run)
{
	bool meta = any_measured(run, measures_bytes, RPT_F_METADATA_BYTES);
	bool va = any_measured(run, measures_bytes, RPT_F_VA_BYTES);
	struct busy_note busy = { 0 };
	const struct rpt_job *job;
	char label[256], c[7][48];
	double req, cons;
	size_t i;
	bool any = false;

	for (i = 0; i < run->nr_jobs && !any; i++)
		any = measures_bytes(&run->jobs[i]);
	if (!any)
		return;
	heading(f, "##", "Footprint", &run->env);
	fprintf(f, "Requested: size × count. Consumed: what the backend really took, its bookkeeping included.%s%s Medians over the repeats; a blank cell: not measured (results older than the figure).\n\n",
		meta ? " Metadata: the allocator's bookkeeping for the objects (part of consumed)." : "",
		va ? " Address space: kernel virtual address space the set takes, guard pages included." : "");
	fprintf(f, "| job | requested | consumed | overhead |%s%s pages | vmalloc areas |\n",
		meta ? " metadata |" : "", va ? " address space |" : "");
	fprintf(f, "| --- | ---: | ---: | ---: |%s%s ---: | ---: |\n",
		meta ? " ---: |" : "", va ? " ---: |" : "");
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		if (!measures_bytes(job))
			continue;
		job_label_md(job, label, sizeof(label));
		req = job->st[RPT_F_BYTES_REQ].median;
		cons = job->st[RPT_F_BYTES_CONS].median;
		rpt_fmt_job_value(c[0], sizeof(c[0]), job, RPT_F_BYTES_REQ, req);
		rpt_fmt_job_value(c[1], sizeof(c[1]), job, RPT_F_BYTES_CONS, cons);
		if (job->status != RPT_STATUS_OK)
			snprintf(c[2], sizeof(c[2]), "%s", c[0]);
		else
			rpt_fmt_change(c[2], sizeof(c[2]), req, cons);
		rpt_fmt_job_value(c[3], sizeof(c[3]), job, RPT_F_PAGES,
				  job->st[RPT_F_PAGES].median);
		rpt_fmt_job_value(c[4], sizeof(c[4]), job, RPT_F_VMAP_AREAS,
				  job->st[RPT_F_VMAP_AREAS].median);
		optional_cell(c[5], sizeof(c[5]), job, RPT_F_METADATA_BYTES);
		optional_cell(c[6], sizeof(c[6]), job, RPT_F_VA_BYTES);
		fprintf(f, "| %s | %s | %s | %s |", label, c[0], c[1], c[2]);
		if (meta)
			fprintf(f, " %s |", c[5]);
		if (va)
			fprintf(f, " %s |", c[6]);
		fprintf(f, " %s | %s |\n", c[3], c[4]);
		busy_add(&busy, job);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

static void write_counters_md(FILE *f, const struct rpt_run *run)
{
	struct busy_note busy = { 0 };
	const struct rpt_job *job;
	char label[256], cell[48];
	size_t i;
	int fld;

	heading(f, "##", "Kernel-mode perf counters", &run->env);
	fprintf(f, "Counts of the driver thread in kernel mode around the module call that took the samples, warm-up included: the whole job, or one round of it where the run interleaved (`scope` `round`); the median over the job's lines. As perf reported them. `n/a`: the event is not supported or not permitted on this target, which is not 0.\n\n| job |");
	for (fld = RPT_F_FIRST_COUNTER; fld < RPT_F_END_COUNTERS; fld++)
		fprintf(f, " %s |", rpt_fields[fld].name);
	fprintf(f, "\n| --- |");
	for (fld = RPT_F_FIRST_COUNTER; fld < RPT_F_END_COUNTERS; fld++)
		fprintf(f, " ---: |");
	fputc('\n', f);
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		job_label_md(job, label, sizeof(label));
		fprintf(f, "| %s |", label);
		for (fld = RPT_F_FIRST_COUNTER; fld < RPT_F_END_COUNTERS; fld++) {
			rpt_fmt_job_value(cell, sizeof(cell), job, fld,
					  job->st[fld].median);
			fprintf(f, " %s |", cell);
		}
		fputc('\n', f);
		busy_add(&busy, job);
	}
	fputc('\n', f);
	busy_note_md(f, &busy);
}

static void write_plots_md(FILE *f, const struct rpt_plot_note *plots,
			   size_t nr)
{
	const struct rpt_plot_note *p;
	char esc[1024];
	size_t i;

	fprintf(f, "## Plots\n\n");
	for (i = 0; i < nr; i++) {
		p = &plots[i];
		if (!p->drawn) {
			fprintf(f, "- %s: not drawn: %s.\n", p->what, p->note);
			continue;
		}
		rpt_md_escape(p->title, esc, sizeof(esc));
		fprintf(f, "- %s: [PNG](plots/%s.png), [SVG](plots/%s.svg); data `plots/%s.dat`, script `plots/%s.gp`.%s%s%s\n",
			p->what, p->name, p->name, p->name, p->name,
			p->note[0] ? " " : "", p->note, p->note[0] ? "." : "");
	}
	fputc('\n', f);
	for (i = 0; i < nr; i++) {
		p = &plots[i];
		if (!p->drawn)
			continue;
		rpt_md_escape(p->title, esc, sizeof(esc));
		fprintf(f, "![%s](plots/%s.png)\n\n", esc, p->name);
	}
}

static void write_notes_md(FILE *f, const struct rpt_run *run)
{
	const struct rpt_job *job;
	char label[256], esc[512];
	unsigned int disturbed = 0, lines = 0;
	size_t i;
	bool any = false;

	fprintf(f, "## Notes\n\n");
	if (run->env.partial) {
		fprintf(f, "- The run is partial: it did not finish every job of its suite.\n");
		any = true;
	}
	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		disturbed += job->disturbed;
		lines += job->lines;
		if (!job->errors)
			continue;
		rpt_job_label(&job->key, label, sizeof(label));
		rpt_md_escape(job->error, esc, sizeof(esc));
		fprintf(f, "- %s: %u of %u repeats failed (%s)%s.\n", label,
			job->errors, job->lines, esc,
			job->ok ? "; the statistics use the others" : "");
		any = true;
	}
	if (disturbed) {
		fprintf(f, "- %u of %u samples are marked disturbed (migrated or preempted); they are kept.\n",
			disturbed, lines);
		any = true;
	}
	if (!any)
		fprintf(f, "None.\n");
	fputc('\n', f);
}

void rpt_write_method_md(FILE *f)
{
	rpt_write_method_md_of(f, NULL);
}

void rpt_write_method_md_of(FILE *f, const char *target)
{
	unsigned int i, n = 0;

	fprintf(f, "## Method\n\n");
	fprintf(f, "- Protection methods (`protect_method`, the job's or the run's):");
	for (i = 0; rpt_method_name(i); i++)
		if (rpt_method_of_target(i, target))
			fprintf(f, "%s `%s`: %s", n++ ? ";" : "", rpt_method_name(i),
				rpt_method_desc(i));
	fprintf(f, ".\n");
	fprintf(f, "- Samples: every line of results.jsonl is one kept repeat of a job (warm-up repeats never reach the file). Jobs are the lines sharing backend, workload, size, count, pattern, protected and protect_method. Statistics use the repeats with status `ok`; `unsupported` and `error` show as those words, never as numbers; null values show as `n/a`, never 0. Nothing is dropped as an outlier; disturbed samples are kept.\n");
	fprintf(f, "- Location and spread (GSL): median, min, max, mean, sample standard deviation (n - 1), CoV = stddev / mean.\n");
	fprintf(f, "- Confidence interval of the median, from order statistics, no distribution assumed: with B ~ Binomial(n, 1/2), [x(k), x(n-k+1)] of the sorted sample holds the median with probability 1 - 2 P(B <= k-1) (`gsl_cdf_binomial_P`); the report takes the largest k that keeps this at or above %.0f%%. For n = 10 that is [x(2), x(9)], 97.85%%; for n = 20, [x(6), x(15)], 95.86%%. Below n = 6 even [min, max] covers less than %.0f%% (n = 5: 93.75%%, n = 3: 75%%): the report then uses [min, max] and prints the coverage it really has, rounded down. Under %d samples: no interval.\n",
		RPT_CI_LEVEL * 100, RPT_CI_LEVEL * 100, RPT_MIN_N);
	fprintf(f, "- Ratio of medians: r = median(subject) / median(other), interval [lo(subject) / hi(other), hi(subject) / lo(other)] from an order-statistic interval of each median taken at sqrt(%.0f%%) ≈ %.2f%% (n = 10: [x(2), x(9)], 97.85%%; below %zu samples even [min, max] falls short, and the report uses it with the coverage it really has). It holds the true ratio whenever both intervals hold their medians, so, the samples being independent, its coverage is at least the product of their levels: conservative, not exact. Markdown prints r [lo, hi], lo rounded down and hi up; the CSV has the bounds themselves.\n",
		RPT_CI_LEVEL * 100, RPT_SIDE_LEVEL * 100, repeats_for_level());
	fprintf(f, "- The mark: `*` where the interval as printed excludes 1, decided on the printed digits, so that it can never contradict them. It is the only verdict of a cell. Where the true medians are equal, a mark appears with probability at most 1 minus the coverage.\n");
	fprintf(f, "- Mann-Whitney U (CSV only, sets no mark): U counts the pairs (a, b) with a > b, ties as 1/2; two-sided p from the exact distribution of U over the C(m+n, m) rankings when there are no ties and at most %d samples a side, else from the normal approximation with tie and continuity corrections (`gsl_cdf_ugaussian_Q`). It asks whether one side's repeats tend to be larger, not what the ratio of medians is.\n",
		RPT_MWU_EXACT_MAX);
	fprintf(f, "- Run to run: the intervals cover the scatter of the repeats within one run. `--compare` of two runs holds each job's medians the same way, candidate / baseline: the runs agree on a job when that interval includes 1, that is when the two medians' intervals overlap.\n");
	fprintf(f, "- Units: ns per op is ktime wall clock (guest time on VM targets: under icount it counts instructions, not time); cycles per op is the fenced TSC.\n\n");
}

/* The heading's count of jobs measured on a busy host (doc/report.md). */
static void write_load_md(FILE *f, const struct rpt_run *run)
{
	if (!rpt_run_has_load(run)) {
		fprintf(f, "Host load: not recorded (no line has host_load.other_busy or steal): whether other work shared the host is unknown.\n\n");
		return;
	}
	if (run->env.target && !strcmp(run->env.target, "vm-icount")) {
		fprintf(f, "Host load: recorded (summary.csv), but under icount guest time follows the instruction count: a busy host does not stretch it, and no row is marked.\n\n");
		return;
	}
	fprintf(f, "Host load: %zu of %zu jobs measured on a busy host (other_busy or steal > %.2f)%s.\n\n",
		rpt_run_busy_jobs(run), run->nr_jobs, RPT_BUSY_SHARE,
		rpt_run_busy_jobs(run) ? ", marked " RPT_BUSY_MARK " in the tables" : "");
}

void rpt_write_report_md(FILE *f, const struct rpt_run *run,
			 const struct rpt_headline *h,
			 const struct rpt_plot_note *plots, size_t nr_plots)
{
	char src[512], esc[1024];

	rpt_source(&run->env, src, sizeof(src));
	rpt_md_escape(src, esc, sizeof(esc));
	fprintf(f, "# pmbench report: %s\n\nNumbers from **%s**: %s.\n\n",
		run->id, esc, rpt_target_meaning(run->env.target));
	write_load_md(f, run);
	write_env_md(f, run);
	write_measured_md(f, run);
	rpt_write_headline_md(f, run, h);
	write_side_by_side_md(f, run);
	write_stats_md(f, run);
	write_cycles_md(f, run);
	write_protection_md(f, run);
	write_footprint_md(f, run);
	write_counters_md(f, run);
	write_plots_md(f, plots, nr_plots);
	write_notes_md(f, run);
	rpt_write_method_md_of(f, run->env.target);
}
