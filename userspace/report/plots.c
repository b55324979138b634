// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* pipe2() */
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "format.h"
#include "plots.h"

/*
 * Okabe and Ito's palette: told apart with any colour vision, on white.
 * A backend keeps its registry index's colour in every plot; a backend
 * this build does not know is grey.
 */
static const char *const palette[] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
	"#000000",
};
#define NR_PALETTE	(sizeof(palette) / sizeof(palette[0]))
#define UNKNOWN_COLOUR	"#999999"
#define MARK_COLOUR	"gray30"

/* A variant's line: dash type and point type, the n-th of a plot's variants. */
static const int dash_types[] = { 1, 2, 3, 4, 5, 6 };
static const int point_types[] = { 7, 5, 9, 13, 11, 15 };
#define NR_STYLES	(sizeof(dash_types) / sizeof(dash_types[0]))

const char *rpt_backend_colour(const char *backend)
{
	int b = rpt_backend_index(backend);

	return b < 0 ? UNKNOWN_COLOUR : palette[b % NR_PALETTE];
}

enum axis_kind {
	AXIS_PLAIN,		/* log 2, tics as plain numbers */
	AXIS_BYTES,		/* log 2, tics "64 B", "4 KiB" */
	AXIS_NS,		/* log 10, tics "100 ns", "1 µs" */
};

/*
 * What tells the jobs of one plot apart besides backend, object size and
 * x: each either splits panels or makes a variant (a line style).
 */
enum attr { A_WORKLOAD, A_PATTERN, A_PROTECTED, A_METHOD, A_CPUS, NR_ATTRS };
/* Which one splits a panel first when it would hold too many lines. */
static const enum attr split_order[] = {
	A_PATTERN, A_METHOD, A_CPUS, A_PROTECTED, A_WORKLOAD,
};

struct point {
	double x, y, lo, hi;
	double pages;		/* the pages figure, NaN: not measured */
	unsigned long long count;
};

/* The jobs of one panel with one backend and one variant. */
struct line {
	size_t panel, style;
	const struct rpt_job *first;	/* names backend and variant */
	struct point *pts;
	size_t n, cap;
};

#define MAX_MARKS	4
struct panel {
	const struct rpt_job *first;	/* names size and split values */
	char title[256];
	bool reads;		/* its jobs read memory: TLB reach marks */
	double mark_x[MAX_MARKS];
	char mark[MAX_MARKS][96];
	size_t nr_marks;
};

struct plot {
	struct rpt_plot_note *note;
	char head[512];			/* the title's first line */
	int kind;			/* PMB_PLOT_* */
	bool wl[RPT_NR_WORKLOADS];	/* the workloads it draws */
	const char *xlabel, *ylabel;
	enum axis_kind xkind, ykind;
	const struct rpt_job **jobs;	/* drawn, in the run's order */
	size_t nr_jobs;
	bool varies[NR_ATTRS], splits[NR_ATTRS];
	struct panel *panels;
	size_t np;
	const struct rpt_job **styles;	/* one job of each variant */
	size_t nr_styles;
	struct line *lines;		/* by panel, then as met */
	size_t nl;
	const char **backends;		/* of the lines, in draw_rank() order */
	size_t nb;
	unsigned int no_pages;		/* jobs without the pages figure */
	int err;			/* -ENOMEM seen while building */
};

static bool attr_differs(const struct rpt_key *a, const struct rpt_key *b,
			 enum attr t)
{
	switch (t) {
	case A_WORKLOAD:
		return !rpt_str_equal(a->workload, b->workload);
	case A_PATTERN:
		return !rpt_str_equal(a->pattern, b->pattern);
	case A_PROTECTED:
		return a->is_protected != b->is_protected;
	case A_METHOD:
		return !rpt_str_equal(a->protect_method, b->protect_method);
	default:	/* CPUs, and the twin's reader threads */
		return a->online_cpus != b->online_cpus || a->threads != b->threads;
	}
}

/* ", chase", " (cpa)", ", protected": the attribute as a label says it. */
static void attr_words(const struct rpt_key *k, enum attr t, bool panel,
		       char *buf, size_t len)
{
	buf[0] = '\0';
	switch (t) {
	case A_WORKLOAD:
		snprintf(buf, len, "%s%s", panel ? ", " : " ", k->workload);
		break;
	case A_PATTERN:
		if (k->pattern)
			snprintf(buf, len, "%s%s", panel ? ", " : " ", k->pattern);
		break;
	case A_PROTECTED:
		if (k->is_protected >= 0 && (panel || k->is_protected))
			snprintf(buf, len, ", %s",
				 k->is_protected ? "protected" : "unprotected");
		break;
	case A_METHOD:
		/* A panel's title says whose method it is; a legend entry is short. */
		if (k->protect_method && panel) {
			char m[160];

			rpt_method_label(k->protect_method, m, sizeof(m));
			snprintf(buf, len, ", %s", m);
		} else if (k->protect_method) {
			snprintf(buf, len, " (%s)", k->protect_method);
		}
		break;
	default:
		if (k->online_cpus >= 0)
			snprintf(buf, len, ", %lld CPU%s", k->online_cpus,
				 k->online_cpus == 1 ? "" : "s");
		if (k->threads > 0)
			snprintf(buf + strlen(buf), len - strlen(buf), ", %lld reader%s",
				 k->threads, k->threads == 1 ? "" : "s");
	}
}

static void append(char *buf, size_t len, const char *s)
{
	size_t o = strlen(buf);

	if (o + 1 < len)
		snprintf(buf + o, len - o, "%s", s);
}

/* Same panel: size and every splitting attribute. */
static bool same_panel(const struct plot *p, const struct rpt_key *a,
		       const struct rpt_key *b)
{
	int t;

	if (a->size != b->size)
		return false;
	for (t = 0; t < NR_ATTRS; t++)
		if (p->splits[t] && attr_differs(a, b, t))
			return false;
	return true;
}

/* Same variant: every attribute that varies and splits no panel. */
static bool same_style(const struct plot *p, const struct rpt_key *a,
		       const struct rpt_key *b)
{
	int t;

	for (t = 0; t < NR_ATTRS; t++)
		if (p->varies[t] && !p->splits[t] && attr_differs(a, b, t))
			return false;
	return true;
}

static bool same_line(const struct plot *p, const struct rpt_key *a,
		      const struct rpt_key *b)
{
	return !strcmp(a->backend, b->backend) && same_panel(p, a, b) &&
	       same_style(p, a, b);
}

/*
 * The most lines any panel would hold with the splits chosen so far;
 * @first is scratch space, a flag per job.
 */
static size_t most_lines(const struct plot *p, bool *first)
{
	size_t i, k, lines, most = 0;

	/* A line is counted at its first job. */
	for (i = 0; i < p->nr_jobs; i++)
		for (k = 0, first[i] = true; k < i && first[i]; k++)
			first[i] = !same_line(p, &p->jobs[k]->key, &p->jobs[i]->key);
	for (i = 0; i < p->nr_jobs; i++) {
		if (!first[i])
			continue;
		for (k = 0, lines = 0; k < p->nr_jobs; k++)
			lines += first[k] && same_panel(p, &p->jobs[i]->key,
							&p->jobs[k]->key);
		most = lines > most ? lines : most;
	}
	return most;
}

/*
 * Which attributes vary, and which of them split panels: as few as keep
 * each panel at RPT_PANEL_SERIES lines or fewer.  Methods vary only when
 * two jobs name different ones: a job without one (an unprotected read)
 * differs by 'protected' already.
 */
static void choose_splits(struct plot *p)
{
	const struct rpt_key *a, *b;
	size_t i, k, s;
	bool *first;

	for (i = 0; i < p->nr_jobs; i++)
		for (k = i + 1; k < p->nr_jobs; k++) {
			a = &p->jobs[i]->key;
			b = &p->jobs[k]->key;
			p->varies[A_WORKLOAD] |= attr_differs(a, b, A_WORKLOAD);
			p->varies[A_PATTERN] |= attr_differs(a, b, A_PATTERN);
			p->varies[A_PROTECTED] |= attr_differs(a, b, A_PROTECTED);
			p->varies[A_METHOD] |= a->protect_method && b->protect_method &&
					       attr_differs(a, b, A_METHOD);
			p->varies[A_CPUS] |= (a->show_cpus || a->threads != b->threads) &&
					     attr_differs(a, b, A_CPUS);
		}
	first = calloc(p->nr_jobs + 1, sizeof(*first));
	if (!first) {
		p->err = -ENOMEM;
		return;
	}
	for (s = 0; s < sizeof(split_order) / sizeof(split_order[0]); s++) {
		if (most_lines(p, first) <= RPT_PANEL_SERIES)
			break;
		if (p->varies[split_order[s]])
			p->splits[split_order[s]] = true;
	}
	free(first);
}

static void *grow(void *v, size_t n, size_t *cap, size_t size, int *err)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 8;
	nv = realloc(v, *cap * size);
	if (!nv)
		*err = -ENOMEM;
	return nv;
}

static size_t panel_of(struct plot *p, const struct rpt_job *j, size_t *cap)
{
	struct panel *np, *pn;
	char size[32], w[192];
	size_t i;
	int t;

	for (i = 0; i < p->np; i++)
		if (same_panel(p, &p->panels[i].first->key, &j->key))
			return i;
	np = grow(p->panels, p->np, cap, sizeof(*np), &p->err);
	if (!np)
		return (size_t)-1;
	p->panels = np;
	pn = &p->panels[p->np];
	memset(pn, 0, sizeof(*pn));
	pn->first = j;
	rpt_fmt_size(size, sizeof(size), j->key.size);
	snprintf(pn->title, sizeof(pn->title), "%s objects", size);
	for (t = 0; t < NR_ATTRS; t++)
		if (p->splits[t]) {
			attr_words(&j->key, t, true, w, sizeof(w));
			append(pn->title, sizeof(pn->title), w);
		}
	return p->np++;
}

static size_t style_of(struct plot *p, const struct rpt_job *j, size_t *cap)
{
	const struct rpt_job **ns;
	size_t i;

	for (i = 0; i < p->nr_styles; i++)
		if (same_style(p, &p->styles[i]->key, &j->key))
			return i;
	ns = grow(p->styles, p->nr_styles, cap, sizeof(*ns), &p->err);
	if (!ns)
		return (size_t)-1;
	p->styles = ns;
	p->styles[p->nr_styles] = j;
	return p->nr_styles++;
}

/* "pmalloc protect (cpa)", "vmalloc, protected": a line's legend entry. */
static void line_title(const struct plot *p, const struct rpt_job *j,
		       char *buf, size_t len)
{
	char w[64];
	int t;

	snprintf(buf, len, "%s", j->key.backend);
	for (t = 0; t < NR_ATTRS; t++)
		if (p->varies[t] && !p->splits[t]) {
			attr_words(&j->key, t, false, w, sizeof(w));
			append(buf, len, w);
		}
}

/* The point of a job: what its plot kind draws. */
static struct point job_point(const struct plot *p, const struct rpt_job *j)
{
	const struct rpt_stats *st;
	struct point pt;
	double scale = 1;

	pt.count = j->key.count;
	pt.pages = j->st[RPT_F_PAGES].n ? j->st[RPT_F_PAGES].median : NAN;
	pt.x = (double)j->key.count;
	switch (p->kind) {
	case PMB_PLOT_SET_PAGES:
		/* The whole set: ns per op times the objects, against its pages. */
		st = &j->st[RPT_F_NS];
		scale = (double)j->key.count;
		pt.x = pt.pages;
		break;
	case PMB_PLOT_BYTES:
		st = &j->st[RPT_F_BYTES_CONS];
		scale = 1.0 / (double)j->key.count;
		break;
	default:
		st = &j->st[RPT_F_NS];
	}
	pt.y = st->median * scale;
	pt.lo = isnan(st->ci_lo) ? pt.y : st->ci_lo * scale;
	pt.hi = isnan(st->ci_hi) ? pt.y : st->ci_hi * scale;
	return pt;
}

static void add_job(struct plot *p, const struct rpt_job *j, size_t *pcap,
		    size_t *scap, size_t *lcap)
{
	size_t panel = panel_of(p, j, pcap), style, i;
	struct line *nl, *l = NULL;
	struct point *np;

	style = style_of(p, j, scap);
	if (p->err)
		return;
	for (i = 0; i < p->nl && !l; i++)
		if (same_line(p, &p->lines[i].first->key, &j->key))
			l = &p->lines[i];
	if (!l) {
		nl = grow(p->lines, p->nl, lcap, sizeof(*nl), &p->err);
		if (!nl)
			return;
		p->lines = nl;
		l = &p->lines[p->nl++];
		memset(l, 0, sizeof(*l));
		l->panel = panel;
		l->style = style;
		l->first = j;
	}
	np = grow(l->pts, l->n, &l->cap, sizeof(*np), &p->err);
	if (!np)
		return;
	l->pts = np;
	l->pts[l->n++] = job_point(p, j);
	if (j->key.pattern)
		p->panels[panel].reads = true;
}

/* Along a line by x; jobs at the same x (pages) by count, both kept. */
static int point_cmp(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->x != y->x)
		return (x->x > y->x) - (x->x < y->x);
	return (x->count > y->count) - (x->count < y->count);
}

static int line_cmp(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	return (x->panel > y->panel) - (x->panel < y->panel);
}

/* A job the plot draws: ok, of its workloads, with the figures it needs. */
static bool drawable(struct plot *p, const struct rpt_job *j)
{
	int w = rpt_workload_index(j->key.workload);

	if (w < 0 || !p->wl[w] || j->status != RPT_STATUS_OK ||
	    !j->st[rpt_primary_field(j->key.workload)].n)
		return false;
	if (p->kind == PMB_PLOT_SET_PAGES && !j->st[RPT_F_PAGES].n) {
		p->no_pages++;
		return false;
	}
	return true;
}

/* "protect or unprotect": the plot's workloads, for its notes. */
static void workload_names(const struct plot *p, const char *sep, char *buf,
			   size_t len)
{
	size_t w;

	buf[0] = '\0';
	for (w = 0; w < RPT_NR_WORKLOADS; w++)
		if (p->wl[w]) {
			if (buf[0])
				append(buf, len, sep);
			append(buf, len, rpt_workload_rows[w].name);
		}
}

/* Backends whose jobs of the plot are unsupported: "kmalloc: ... not drawn". */
static void unsupported_note(const struct rpt_run *run, struct plot *p)
{
	char *buf = p->note->note, names[64] = "";
	size_t len = sizeof(p->note->note), i, k, nseen = 0;
	bool wl[RPT_NR_WORKLOADS] = { false };
	const char *seen[16];
	const struct rpt_job *j;
	int w;

	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		w = rpt_workload_index(j->key.workload);
		if (w < 0 || !p->wl[w] || j->status != RPT_STATUS_UNSUPPORTED)
			continue;
		if (!wl[w]) {
			if (names[0])
				append(names, sizeof(names), ", ");
			append(names, sizeof(names), j->key.workload);
		}
		wl[w] = true;
		for (k = 0; k < nseen && strcmp(seen[k], j->key.backend); k++)
			;
		if (k < nseen || nseen == 16)
			continue;
		seen[nseen++] = j->key.backend;
		if (buf[0])
			append(buf, len, ", ");
		append(buf, len, j->key.backend);
	}
	if (nseen) {
		append(buf, len, ": ");
		append(buf, len, names);
		append(buf, len, " unsupported, not drawn");
	}
}

/*
 * TLB reach marks of a panel of reads: the count at which a backend's
 * objects span as many pages as the TLB has entries, from the pages per
 * object its largest job measured; backends within 20% share a mark.
 * Only marks inside the counts drawn.
 */
static void tlb_marks(struct plot *p, struct panel *pn, size_t k,
		      long long entries)
{
	double x, lo = INFINITY, hi = -INFINITY;
	const struct point *last;
	struct line *l;
	size_t i, m, o;

	for (i = 0; i < p->nl; i++)
		if (p->lines[i].panel == k && p->lines[i].n) {
			lo = fmin(lo, p->lines[i].pts[0].x);
			hi = fmax(hi, p->lines[i].pts[p->lines[i].n - 1].x);
		}
	for (i = 0; i < p->nl; i++) {
		l = &p->lines[i];
		if (l->panel != k || !l->n)
			continue;
		last = &l->pts[l->n - 1];
		if (!(last->pages > 0))
			continue;
		x = entries / (last->pages / (double)last->count);
		if (x < lo || x > hi)
			continue;
		for (m = 0; m < pn->nr_marks &&
		     fmax(x, pn->mark_x[m]) / fmin(x, pn->mark_x[m]) > 1.2; m++)
			;
		if (m == pn->nr_marks) {
			if (m == MAX_MARKS)
				continue;
			pn->mark_x[m] = x;
			snprintf(pn->mark[m], sizeof(pn->mark[m]), "TLB reach: %s",
				 l->first->key.backend);
			pn->nr_marks++;
			continue;
		}
		o = strlen(pn->mark[m]);
		if (!strstr(pn->mark[m], l->first->key.backend) &&
		    o + 1 < sizeof(pn->mark[m]))
			snprintf(pn->mark[m] + o, sizeof(pn->mark[m]) - o, ", %s",
				 l->first->key.backend);
	}
}

static void tlb_note(const struct rpt_env *env, struct plot *p)
{
	long long entries = env->tlb_entries > 0 ? env->tlb_entries : RPT_TLB_ASSUMED;
	char *note = p->note->note, reach[32];
	size_t len = sizeof(p->note->note), o = strlen(note), i;

	for (i = 0; i < p->np; i++)
		if (p->panels[i].reads)
			tlb_marks(p, &p->panels[i], i, entries);
	for (i = 0; i < p->np && !p->panels[i].reads; i++)
		;
	if (i == p->np)
		return;
	rpt_fmt_quantity(reach, sizeof(reach), (double)entries * RPT_PAGE_SIZE,
			 RPT_UNIT_BYTES);
	o += snprintf(note + o, len - o,
		      "%sTLB reach marks: where a backend's objects span as many 4 KiB pages as the TLB has entries, %lld (%s), %s",
		      o ? "; " : "", entries, reach, env->tlb_entries > 0 ?
		      "from tlb_entries in env.json" :
		      "assumed (a common x86 L2 STLB size; env.json has no tlb_entries)");
	if (o < len && env->target && (!strcmp(env->target, "vm-tcg") ||
				       !strcmp(env->target, "vm-icount")))
		snprintf(note + o, len - o,
			 "; under QEMU TCG the guest runs on QEMU's software TLB, whose reach differs%s",
			 strcmp(env->target, "vm-icount") ? "" :
			 ", and icount shows no memory effects at all");
}

/*
 * The order backends are drawn and listed in: the designs under study
 * first (drawn widest, under the others), then the baselines, each in
 * registry order; backends this build does not know last, by name.
 */
static int draw_rank(const char *backend)
{
	int b = rpt_backend_index(backend);

	if (b < 0)
		return 2 * RPT_NR_BACKENDS;
	return rpt_backend_rows[b].role == PMB_ROLE_DESIGN ? b : RPT_NR_BACKENDS + b;
}

static int backend_rank_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int ra = draw_rank(a), rb = draw_rank(b);

	return ra != rb ? (ra > rb) - (ra < rb) : strcmp(a, b);
}

static void list_backends(struct plot *p)
{
	size_t i, b;

	p->backends = calloc(p->nl + 1, sizeof(*p->backends));
	if (!p->backends) {
		p->err = -ENOMEM;
		return;
	}
	for (i = 0; i < p->nl; i++) {
		for (b = 0; b < p->nb &&
		     strcmp(p->backends[b], p->lines[i].first->key.backend); b++)
			;
		if (b == p->nb)
			p->backends[p->nb++] = p->lines[i].first->key.backend;
	}
	qsort(p->backends, p->nb, sizeof(*p->backends), backend_rank_cmp);
}

/* The place of a line's backend among the plot's: it sets draw order. */
static size_t backend_rank(const struct plot *p, const struct line *l)
{
	size_t b;

	for (b = 0; b < p->nb && strcmp(p->backends[b], l->first->key.backend); b++)
		;
	return b;
}

static void build(const struct rpt_run *run, struct plot *p)
{
	size_t i, pcap = 0, scap = 0, lcap = 0, o;
	const struct rpt_job *j;

	p->jobs = calloc(run->nr_jobs + 1, sizeof(*p->jobs));
	if (!p->jobs) {
		p->err = -ENOMEM;
		return;
	}
	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (drawable(p, j))
			p->jobs[p->nr_jobs++] = j;
	}
	choose_splits(p);
	for (i = 0; i < p->nr_jobs && !p->err; i++)
		add_job(p, p->jobs[i], &pcap, &scap, &lcap);
	if (p->err)
		return;
	for (i = 0; i < p->nl; i++)
		qsort(p->lines[i].pts, p->lines[i].n, sizeof(*p->lines[i].pts),
		      point_cmp);
	if (p->nl)
		qsort(p->lines, p->nl, sizeof(*p->lines), line_cmp);
	list_backends(p);
	unsupported_note(run, p);
	if (p->no_pages) {
		o = strlen(p->note->note);
		snprintf(p->note->note + o, sizeof(p->note->note) - o,
			 "%s%u job(s) without a page count left out",
			 o ? "; " : "", p->no_pages);
	}
	tlb_note(&run->env, p);
}

static void plot_free(struct plot *p)
{
	size_t i;

	for (i = 0; i < p->nl; i++)
		free(p->lines[i].pts);
	free(p->lines);
	free(p->panels);
	free(p->styles);
	free(p->backends);
	free(p->jobs);
}

/* What each plot kind draws: its axes and how its notes name it. */
static const struct {
	const char *suffix;	/* file stem: workload name + this */
	const char *caption;	/* "%s: " + this, the report's list */
	const char *xlabel, *ylabel;
	enum axis_kind xkind, ykind;
} kinds[] = {
	[PMB_PLOT_PER_OBJECT] = {
		"-cost", "ns per object against count, per object size",
		"objects (count)", "ns per object (median, CI of the median)",
		AXIS_PLAIN, AXIS_NS },
	[PMB_PLOT_SET_PAGES] = {
		"-cost", "ns for the whole set against the pages it spans, per object size",
		"pages the set spans", "ns for the whole set (median ns per op × count, CI)",
		AXIS_PLAIN, AXIS_NS },
	[PMB_PLOT_BYTES] = {
		"", "bytes per object against count, per object size",
		"objects (count)", "bytes per object (median)",
		AXIS_PLAIN, AXIS_BYTES },
};
#define NR_KINDS	(sizeof(kinds) / sizeof(kinds[0]))

/*
 * The plots the registry makes: one per workload of the run's side (the
 * module's or the twin's, by @target), in the registry's order; the
 * workloads of PMB_PLOT_SET_PAGES together, named after the first.
 * Returns how many; @wl[k] says which workloads plot k draws.
 */
static size_t plot_groups(bool wl[][RPT_NR_WORKLOADS], int *kind, const char *target)
{
	size_t n = 0, g, w;

	for (w = 0; w < RPT_NR_WORKLOADS; w++) {
		if (!rpt_workload_of_target((int)w, target) ||
		    rpt_workload_rows[w].plot < 0 ||
		    (size_t)rpt_workload_rows[w].plot >= NR_KINDS)
			continue;
		for (g = 0; g < n; g++)
			if (kind[g] == PMB_PLOT_SET_PAGES &&
			    rpt_workload_rows[w].plot == PMB_PLOT_SET_PAGES)
				break;
		if (g == n) {
			memset(wl[n], 0, sizeof(wl[n]));
			kind[n++] = rpt_workload_rows[w].plot;
		}
		wl[g][w] = true;
	}
	return n;
}

/* "alloc: allocating count objects, per object": the rows of @wl, described. */
static void describe(const bool *wl, char *descs, size_t dlen)
{
	size_t w;

	descs[0] = '\0';
	for (w = 0; w < RPT_NR_WORKLOADS; w++) {
		if (!wl[w])
			continue;
		if (descs[0])
			append(descs, dlen, "; ");
		append(descs, dlen, rpt_workload_rows[w].name);
		append(descs, dlen, ": ");
		append(descs, dlen, rpt_workload_rows[w].desc);
	}
}

/*
 * A plot's names from its workloads' rows: file stem and caption from all
 * of them, title (its first line into @head) from those @present.
 */
static void name_plot(struct rpt_plot_note *note, const bool *wl,
		      const bool *present, int kind, const char *source,
		      char *head, size_t hlen)
{
	char names[128] = "";
	size_t w, first = RPT_NR_WORKLOADS;

	for (w = 0; w < RPT_NR_WORKLOADS; w++) {
		if (!wl[w])
			continue;
		if (first == RPT_NR_WORKLOADS)
			first = w;
		if (names[0])
			append(names, sizeof(names), ", ");
		append(names, sizeof(names), rpt_workload_rows[w].name);
	}
	snprintf(note->name, sizeof(note->name), "%s%s",
		 rpt_workload_rows[first].name, kinds[kind].suffix);
	snprintf(note->what, sizeof(note->what), "%s: %s", names,
		 kinds[kind].caption);
	describe(present, head, hlen);
	snprintf(note->title, sizeof(note->title), "%s — %s", head, source);
}

/*
 * A gnuplot single-quoted string: ' becomes ’ (gnuplot 5.4 misreads two
 * doubled quotes in a row, '''', and the script stops there), and a control
 * character (a newline ends the string and the command: the next line would
 * run as gnuplot's own, system() included) becomes a blank.  The loader
 * refuses such strings already; this holds whatever reaches a script.
 */
static void gp_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("’", f);
		else
			fputc(iscntrl((unsigned char)*s) ? ' ' : *s, f);
	}
	fputc('\'', f);
}

/* The rest of a '#' comment line of a .dat file: one line, whatever @s holds. */
static void dat_comment(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(iscntrl((unsigned char)*s) ? ' ' : *s, f);
	fputc('\n', f);
}

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int close_file(FILE *f, const char *path, char *err, size_t len)
{
	int bad = ferror(f);

	if (fclose(f) || bad)
		return fail(err, len, "%s: write error", path);
	return 0;
}


static int write_dat(int dfd, const char *dir, const struct plot *p,
		     const char *source, char *err, size_t len)
{
	char path[PATH_MAX], title[160];
	const struct line *l;
	size_t i, k;
	FILE *f;

	if (rpt_path(path, dir, p->note->name, ".dat"))
		return fail(err, len, "%s: %s", path, strerror(errno));
	f = rpt_create(dfd, strrchr(path, '/') + 1);
	if (!f)
		return fail(err, len, "%s: %s", path, strerror(errno));
	fprintf(f, "# pmbench plot data: ");
	dat_comment(f, p->note->what);
	fprintf(f, "# ");
	dat_comment(f, source);
	fprintf(f, "# columns: x, y, y_lo, y_hi (x: %s; y: %s)\n# one block per line of a panel, separated by two blank lines (gnuplot 'index'); one data line per job\n",
		kinds[p->kind].xlabel, kinds[p->kind].ylabel);
	for (i = 0; i < p->nl; i++) {
		l = &p->lines[i];
		line_title(p, l->first, title, sizeof(title));
		fprintf(f, "%s# index %zu: ", i ? "\n\n" : "", i);
		dat_comment(f, p->panels[l->panel].title);
		fprintf(f, "#   ");
		dat_comment(f, title);
		for (k = 0; k < l->n; k++)
			fprintf(f, "%.10g %.10g %.10g %.10g\n", l->pts[k].x,
				l->pts[k].y, l->pts[k].lo, l->pts[k].hi);
	}
	return close_file(f, path, err, len);
}

/* Extent of panel @k on one axis: points, error bars, marks, reference. */
static void axis_extent(const struct plot *p, size_t k, bool y, double *lo,
			double *hi)
{
	const struct panel *pn = &p->panels[k];
	const struct point *pt;
	size_t i, m;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (i = 0; i < p->nl; i++) {
		if (p->lines[i].panel != k)
			continue;
		for (m = 0; m < p->lines[i].n; m++) {
			pt = &p->lines[i].pts[m];
			*lo = fmin(*lo, y ? pt->lo : pt->x);
			*hi = fmax(*hi, y ? pt->hi : pt->x);
		}
	}
	for (m = 0; !y && m < pn->nr_marks; m++) {
		*lo = fmin(*lo, pn->mark_x[m]);
		*hi = fmax(*hi, pn->mark_x[m]);
	}
	if (y && p->kind == PMB_PLOT_BYTES) {
		*lo = fmin(*lo, (double)pn->first->key.size);
		*hi = fmax(*hi, (double)pn->first->key.size);
	}
}

static void tic_label(char *buf, size_t len, double v, enum axis_kind kind)
{
	static const char *const units[] = { "ns", "µs", "ms", "s" };
	int u = 0;

	if (kind == AXIS_BYTES) {
		/* Whole bytes below 2^63 convert exactly; others stay a double. */
		if (v >= 1 && v < 0x1p63 && v == floor(v))
			rpt_fmt_size(buf, len, (unsigned long long)v);
		else
			rpt_fmt_quantity(buf, len, v, RPT_UNIT_BYTES);
		return;
	}
	if (kind == AXIS_PLAIN) {
		snprintf(buf, len, "%.10g", v);
		return;
	}
	while (u < 3 && v >= 999.5)
		v /= 1000, u++;
	snprintf(buf, len, "%g %s", v, units[u]);
}

/*
 * Tics at the x values of panel @k when there are few (the counts a suite
 * ran: 16, 256, 4096), so that every point sits on a labelled tic.
 */
static bool data_tics(FILE *f, const struct plot *p, size_t k)
{
	double xs[8], x;
	size_t n = 0, i, m, d;
	char label[32];

	for (i = 0; i < p->nl; i++)
		for (m = 0; p->lines[i].panel == k && m < p->lines[i].n; m++) {
			x = p->lines[i].pts[m].x;
			for (d = 0; d < n && xs[d] != x; d++)
				;
			if (d < n)
				continue;
			if (n == 7)
				return false;
			xs[n++] = x;
		}
	fprintf(f, "\tset xtics (");
	for (d = 0; d < n; d++) {
		tic_label(label, sizeof(label), xs[d], p->xkind);
		fprintf(f, "%s'%s' %.10g", d ? ", " : "", label, xs[d]);
	}
	fprintf(f, ")\n");
	return true;
}

/* Log scale, a padded range, and tics that speak the axis' unit. */
static void write_axis(FILE *f, const struct plot *p, size_t k, bool y)
{
	static const double decade_steps[] = { 1, 2, 5 };
	enum axis_kind kind = y ? p->ykind : p->xkind;
	char axis = y ? 'y' : 'x', label[32];
	int base = kind == AXIS_NS ? 10 : 2, e, e0, e1, step, m, nm;
	double lo, hi, v;
	bool first = true;

	axis_extent(p, k, y, &lo, &hi);
	if (hi / lo < 4)
		lo /= 2, hi *= 2;
	else
		lo /= 1.5, hi *= 1.5;
	/*
	 * A range gnuplot's log axis takes: positive and finite after the
	 * padding (a tiny lo became 0, a huge hi inf).  Otherwise the axis
	 * stays linear, autoscaled.
	 */
	if (!(lo > 0 && hi > lo && isfinite(hi)))
		return;
	fprintf(f, "\tset logscale %c %d\n\tset %crange [%.10g:%.10g]\n", axis,
		base, axis, lo, hi);
	if (!y && kind == AXIS_PLAIN && data_tics(f, p, k))
		return;
	/* Finite positive doubles: |log2| < 1100, well inside an int. */
	e0 = (int)floor(log(lo) / log(base));
	e1 = (int)ceil(log(hi) / log(base));
	/* A panel is narrow: at most about seven tics across, eleven up. */
	step = (e1 - e0) / (y ? 11 : 7) + 1;
	/* Few decades: 1-2-5 steps, or a narrow range would get no tic. */
	nm = kind == AXIS_NS && e1 - e0 <= 4 ? 3 : 1;
	fprintf(f, "\tset %ctics (", axis);
	for (e = e0; e <= e1; e += step)
		for (m = 0; m < nm; m++) {
			v = decade_steps[m] * pow(base, e);
			if (v < lo || v > hi)
				continue;
			tic_label(label, sizeof(label), v, kind);
			fprintf(f, "%s'%s' %.10g", first ? "" : ", ", label, v);
			first = false;
		}
	fprintf(f, ")\n");
}

static bool panel_positive(const struct plot *p, size_t k)
{
	size_t i, m;

	for (i = 0; i < p->nl; i++)
		for (m = 0; p->lines[i].panel == k && m < p->lines[i].n; m++)
			if (!(p->lines[i].pts[m].x > 0) ||
			    !(p->lines[i].pts[m].lo > 0))
				return false;
	return true;
}

/* Pixels of the canvas: panels in a grid, the title above, the key below. */
#define PANEL_W		440
#define PANEL_H		320
#define CANVAS_MIN_W	760
#define TITLE_H		72	/* three lines */
#define KEY_ROW_H	20
#define KEY_CHAR_W	7	/* at 'sans,10' */
#define TITLE_CHAR_W	7	/* the title's font, the same (UTF-8 bytes overcount) */
#define KEY_SAMPLE_W	90	/* the line sample and the gaps around it */

struct key_entry {
	const struct line *line;	/* NULL: a blank keeping the grid */
	bool reference;			/* footprint's "requested" line */
};

struct layout {
	size_t cols, rows, key_rows;
	int w, h, pw, ph, key_h;
	struct key_entry *keys;
	size_t nr_keys;
};

/*
 * The key: a column per backend, a row per variant, a blank where a
 * backend lacks a variant (kmalloc never protects), so that colour and
 * line style read as a table.  Too wide for the canvas: rows wrap.
 */
static int plan_key(const struct plot *p, struct layout *L)
{
	size_t nb = p->nb, i, b, s, widest = 0, fit;
	const struct line *l;
	char title[160];

	L->keys = calloc(nb * p->nr_styles + 2, sizeof(*L->keys));
	if (!L->keys)
		return -1;
	for (i = 0; i < p->nl; i++) {
		line_title(p, p->lines[i].first, title, sizeof(title));
		widest = strlen(title) > widest ? strlen(title) : widest;
	}
	fit = (size_t)L->w / (widest * KEY_CHAR_W + KEY_SAMPLE_W);
	fit = fit ? fit : 1;
	for (b = 0; b < nb; b++)
		for (s = 0; s < p->nr_styles; s++) {
			for (i = 0, l = NULL; i < p->nl && !l; i++)
				if (p->lines[i].style == s &&
				    !strcmp(p->lines[i].first->key.backend, p->backends[b]))
					l = &p->lines[i];
			if (l || nb <= fit)
				L->keys[L->nr_keys++].line = l;
		}
	if (p->kind == PMB_PLOT_BYTES)
		L->keys[L->nr_keys++].reference = true;
	/* A grid of nb columns fits: a row per variant; else wrap. */
	L->key_rows = nb <= fit ? p->nr_styles : (L->nr_keys + fit - 1) / fit;
	if (!L->key_rows)
		L->key_rows = 1;
	return 0;
}

static int plan_layout(const struct plot *p, struct layout *L)
{
	memset(L, 0, sizeof(*L));
	L->cols = p->np <= 3 ? p->np : p->np == 4 ? 2 : 3;
	L->rows = (p->np + L->cols - 1) / L->cols;
	L->pw = PANEL_W;
	L->w = (int)L->cols * PANEL_W;
	if (L->w < CANVAS_MIN_W) {
		L->w = CANVAS_MIN_W;
		L->pw = CANVAS_MIN_W / (int)L->cols;
	}
	/* Wide enough for the title's first line, a workload's whole row text. */
	if ((int)(strlen(p->head) + 4) * TITLE_CHAR_W > L->w) {
		L->w = (int)(strlen(p->head) + 4) * TITLE_CHAR_W;
		L->pw = L->w / (int)L->cols;
	}
	L->ph = PANEL_H;
	if (plan_key(p, L))
		return -1;
	L->key_h = (int)L->key_rows * KEY_ROW_H + 24;
	L->h = TITLE_H + (int)L->rows * L->ph + L->key_h;
	return 0;
}

/*
 * Colour from the backend, dash and point from the variant; the backends
 * drawn first are drawn wider, so that lines and points that coincide
 * (kmalloc's and pmalloc's footprint of page-sized objects) all show, as
 * rings.
 */
static void line_style(FILE *f, const struct plot *p, const struct line *l)
{
	double under = (double)(p->nb - 1 - backend_rank(p, l));

	fprintf(f, "lc rgb '%s' dt %d pt %d lw %.1f ps %.2f",
		rpt_backend_colour(l->first->key.backend),
		dash_types[l->style % NR_STYLES], point_types[l->style % NR_STYLES],
		1.5 + 1.0 * under, 0.8 + 0.5 * under);
}

#define REF_STYLE	"lc rgb 'gray50' dt 3 lw 1.5"

/*
 * Jobs of one line at the same x (two counts of small objects on one
 * page): each is a data line and a point, and a label names their counts,
 * so that a point hiding another says so.
 */
static void same_x_labels(FILE *f, const struct line *l)
{
	char text[96];
	size_t i, k, o;

	for (i = 0; i < l->n; i = k) {
		for (k = i + 1; k < l->n && l->pts[k].x == l->pts[i].x; k++)
			;
		if (k - i < 2)
			continue;
		text[0] = '\0';
		for (o = i; o < k; o++) {
			append(text, sizeof(text), o > i ? ", ×" : "×");
			snprintf(text + strlen(text), sizeof(text) - strlen(text),
				 "%llu", l->pts[o].count);
			/* Points that coincide share one label, at the last. */
			if (o + 1 < k && l->pts[o + 1].y == l->pts[o].y)
				continue;
			fprintf(f, "\tset label ");
			gp_quote(f, text);
			fprintf(f, " at %.10g, %.10g left offset 1,0 font ',8' textcolor rgb '%s' noenhanced\n",
				l->pts[o].x, l->pts[o].y,
				rpt_backend_colour(l->first->key.backend));
			text[0] = '\0';
		}
	}
}

/* The lines of backend @b in panel @k, for its plot command. */
static bool plot_lines(FILE *f, const struct plot *p, size_t k, size_t b,
		       bool first)
{
	size_t i;

	for (i = 0; i < p->nl; i++) {
		if (p->lines[i].panel != k || backend_rank(p, &p->lines[i]) != b)
			continue;
		fprintf(f, "%s'%s.dat' index %zu using 1:2:3:4 with yerrorlines ",
			first ? "" : ", ", p->note->name, i);
		line_style(f, p, &p->lines[i]);
		fprintf(f, " notitle");
		first = false;
	}
	return first;
}

static void write_panel(FILE *f, const struct plot *p, size_t k,
			const struct layout *L)
{
	const struct panel *pn = &p->panels[k];
	size_t r = k / L->cols, c = k % L->cols, m, b;
	bool first = true;

	fprintf(f, "\tset origin %.4f, %.4f\n\tset size %.4f, %.4f\n",
		(double)c * L->pw / L->w,
		(double)(L->key_h + (L->rows - 1 - r) * L->ph) / L->h,
		(double)L->pw / L->w, (double)L->ph / L->h);
	fprintf(f, "\tunset arrow; unset label; unset logscale; unset key\n"
		   "\tset border; set grid; set tics; set xtics autofreq; set ytics autofreq\n"
		   "\tset autoscale xy\n"
		   "\tset lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5\n"
		   "\tset title ");
	gp_quote(f, pn->title);
	fprintf(f, " noenhanced\n");
	/* Axis labels on the outer panels only: the left column, the bottom row. */
	if (k + L->cols >= p->np) {
		fprintf(f, "\tset xlabel ");
		gp_quote(f, p->xlabel);
		fprintf(f, " noenhanced\n");
	} else {
		fprintf(f, "\tunset xlabel\n");
	}
	if (!c) {
		fprintf(f, "\tset ylabel ");
		gp_quote(f, p->ylabel);
		fprintf(f, " noenhanced\n");
	} else {
		fprintf(f, "\tunset ylabel\n");
	}
	/* Zero or negative values cannot go on a log axis: gnuplot's linear. */
	if (panel_positive(p, k)) {
		write_axis(f, p, k, false);
		write_axis(f, p, k, true);
	}
	for (m = 0; m < pn->nr_marks; m++) {
		fprintf(f, "\tset arrow from %.10g, graph 0 to %.10g, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb '%s'\n",
			pn->mark_x[m], pn->mark_x[m], MARK_COLOUR);
		fprintf(f, "\tset label ");
		gp_quote(f, pn->mark[m]);
		fprintf(f, " at %.10g, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb '%s' noenhanced\n",
			pn->mark_x[m], MARK_COLOUR);
	}
	for (m = 0; m < p->nl; m++)
		if (p->lines[m].panel == k)
			same_x_labels(f, &p->lines[m]);
	fprintf(f, "\tplot ");
	/* Widest first: by backend, then as the lines were met. */
	for (b = 0; b < p->nb; b++)
		first = plot_lines(f, p, k, b, first);
	if (p->kind == PMB_PLOT_BYTES)
		fprintf(f, ", %llu with lines " REF_STYLE " notitle",
			pn->first->key.size);
	fputc('\n', f);
}

/* The key as a plot of its own under the panels: entries, no data. */
static void write_key(FILE *f, const struct plot *p, const struct layout *L)
{
	const struct key_entry *e;
	char title[160];
	size_t i;

	fprintf(f, "\tset origin 0, 0\n\tset size 1, %.4f\n",
		(double)L->key_h / L->h);
	fprintf(f, "\tunset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid\n"
		   "\tunset arrow; unset label; unset logscale\n"
		   "\tset xrange [1:2]; set yrange [1:2]\n"
		   "\tset lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0\n");
	fprintf(f, "\tset key at screen 0.5, screen %.4f center center vertical maxrows %zu Left reverse noenhanced samplen 4 spacing 1.1 width 2\n",
		(double)L->key_h / 2 / L->h, L->key_rows);
	/* (gnuplot 5.4 needs one plotted item besides the key entries.) */
	fprintf(f, "\tplot NaN notitle");
	for (i = 0; i < L->nr_keys; i++) {
		e = &L->keys[i];
		fprintf(f, ", keyentry with ");
		if (e->reference) {
			fprintf(f, "lines " REF_STYLE " title 'requested (object size)'");
		} else if (!e->line) {
			fprintf(f, "lines lc rgb 'white' title ' '");
		} else {
			fprintf(f, "linespoints ");
			line_style(f, p, e->line);
			line_title(p, e->line->first, title, sizeof(title));
			fprintf(f, " title ");
			gp_quote(f, title);
		}
	}
	fputc('\n', f);
}

static int write_gp(int dfd, const char *dir, const struct plot *p,
		    const char *source, char *err, size_t len)
{
	const char *name = p->note->name, *method = NULL, *at;
	char path[PATH_MAX];
	struct layout L;
	size_t k;
	FILE *f;

	if (rpt_path(path, dir, name, ".gp"))
		return fail(err, len, "%s: %s", path, strerror(errno));
	if (plan_layout(p, &L))
		return fail(err, len, "out of memory");
	f = rpt_create(dfd, strrchr(path, '/') + 1);
	if (!f) {
		free(L.keys);
		return fail(err, len, "%s: %s", path, strerror(errno));
	}
	fprintf(f, "# pmbench plot: ");
	dat_comment(f, p->note->what);
	fprintf(f, "# Re-draw with: cd plots && gnuplot %s.gp (PNG, then SVG)\n",
		name);
	fprintf(f, "set encoding utf8\n"
		   "do for [out in 'png svg'] {\n"
		   "\tif (out eq 'png') {\n"
		   "\t\tif (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		   "\t\t\tset terminal pngcairo size %d,%d noenhanced font 'sans,10'\n"
		   "\t\t} else {\n"
		   "\t\t\tset terminal png size %d,%d noenhanced\n"
		   "\t\t}\n"
		   "\t\tset output '%s.png'\n"
		   "\t} else {\n"
		   "\t\tset terminal svg size %d,%d dynamic noenhanced font 'sans,10'\n"
		   "\t\tset output '%s.svg'\n"
		   "\t}\n", L.w, L.h, L.w, L.h, name, L.w, L.h, name);
	/*
	 * Three lines: what is drawn, where the numbers come from, and the
	 * protection method with whose design it is (rpt_source's tail, too
	 * long to share a line).
	 */
	fprintf(f, "\tset multiplot title ");
	gp_quote(f, p->head);
	fprintf(f, " . \"\\n\" . ");
	for (at = strstr(source, ", protection "); at; at = strstr(at + 1, ", protection "))
		method = at;
	if (method) {
		char where[512];

		snprintf(where, sizeof(where), "%.*s", (int)(method - source), source);
		gp_quote(f, where);
		fprintf(f, " . \"\\n\" . ");
		gp_quote(f, method + 2);
	} else {
		gp_quote(f, source);
	}
	fprintf(f, " noenhanced\n");
	for (k = 0; k < p->np; k++)
		write_panel(f, p, k, &L);
	write_key(f, p, &L);
	fprintf(f, "\tunset multiplot\n}\nset output\n");
	free(L.keys);
	return close_file(f, path, err, len);
}

/*
 * A plot not drawn this time leaves no image from an earlier report behind;
 * @images_only: the images only (gnuplot is about to write them afresh,
 * not through whatever link sits in their place).
 */
static void remove_stale(int dfd, const char *name, bool images_only)
{
	static const char *const exts[] = { ".png", ".svg", ".gp", ".dat" };
	char file[NAME_MAX + 1];
	size_t i;

	for (i = 0; dfd >= 0 && i < (images_only ? 2 : 4); i++) {
		snprintf(file, sizeof(file), "%s%s", name, exts[i]);
		unlinkat(dfd, file, 0);
	}
}

/*
 * Run gnuplot on NAME.gp inside @dir.  Returns 0, -1 when it failed (err
 * set), or 1 when it could not be started at all (err says why).
 */
static int run_gnuplot(int dfd, const char *dir, const char *name, char *err,
		       size_t len)
{
	const char *gp = getenv("PMB_GNUPLOT");
	char script[PATH_MAX];
	int status, fd, pipefd[2], exec_errno = 0;
	pid_t pid;

	if (!gp || !*gp)
		gp = "gnuplot";
	if (rpt_path(script, NULL, name, ".gp"))
		return fail(err, len, "%s: name too long", name);
	/* The child reports a failed exec through a pipe closed on success. */
	/* gnuplot writes the images afresh, not through what sits there. */
	remove_stale(dfd, name, true);
	if (pipe2(pipefd, O_CLOEXEC))
		return fail(err, len, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return fail(err, len, "fork: %s", strerror(errno));
	}
	if (!pid) {
		close(pipefd[0]);
		if (fchdir(dfd))
			goto child_fail;
		fd = open("gnuplot.log", O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execlp(gp, gp, script, (char *)NULL);
child_fail:
		exec_errno = errno;
		if (write(pipefd[1], &exec_errno, sizeof(exec_errno)) < 0)
			_exit(126);
		_exit(127);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &exec_errno, sizeof(exec_errno)) != sizeof(exec_errno))
		exec_errno = 0;
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return fail(err, len, "waitpid: %s", strerror(errno));
	if (exec_errno) {
		fail(err, len, "cannot run '%s': %s (install gnuplot, or set PMB_GNUPLOT)",
		     gp, strerror(exec_errno));
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return fail(err, len, "%s failed on %s/%s (see %s/gnuplot.log)",
			    gp, dir, script, dir);
	return 0;
}

/* The images gnuplot was asked for exist, and the PNG is a PNG. */
static int check_images(int dfd, const char *dir, const char *name,
			char *err, size_t len)
{
	static const unsigned char magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char head[8];
	char path[PATH_MAX];
	struct stat sb;
	ssize_t n = -1;
	int fd;

	if (rpt_path(path, dir, name, ".png"))
		return fail(err, len, "%s: %s", path, strerror(errno));
	fd = openat(dfd, strrchr(path, '/') + 1, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, head, sizeof(head));
		close(fd);
	}
	if (n != sizeof(head) || memcmp(head, magic, sizeof(magic)))
		return fail(err, len, "%s: gnuplot wrote no PNG", path);
	if (rpt_path(path, dir, name, ".svg") ||
	    fstatat(dfd, strrchr(path, '/') + 1, &sb, AT_SYMLINK_NOFOLLOW) ||
	    !S_ISREG(sb.st_mode) || !sb.st_size)
		return fail(err, len, "%s: gnuplot wrote no SVG", path);
	return 0;
}

int rpt_gnuplot_draw(int dfd, const char *dir, const char *name, char *err,
		     size_t len)
{
	int rc = run_gnuplot(dfd, dir, name, err, len);

	return rc ? rc : check_images(dfd, dir, name, err, len);
}

int rpt_plots_write(const struct rpt_run *run, const char *outdir,
		    enum rpt_plot_mode mode, struct rpt_plot_note *notes,
		    size_t *nr_notes, char *err, size_t len)
{
	bool wl[RPT_MAX_PLOTS][RPT_NR_WORKLOADS], present[RPT_NR_WORKLOADS];
	char dir[PATH_MAX], source[512], names[128];
	bool draw = mode != RPT_PLOTS_NONE;
	bool no_gnuplot = mode == RPT_PLOTS_SCRIPTS;
	int kind[RPT_MAX_PLOTS];
	size_t k, nr, points, i;
	struct plot p;
	struct stat sb;
	int ret = 0, dfd = -1;

	rpt_source(&run->env, source, sizeof(source));
	nr = plot_groups(wl, kind, run->env.target);
	*nr_notes = nr;
	for (k = 0; k < nr; k++) {
		memset(&notes[k], 0, sizeof(notes[k]));
		name_plot(&notes[k], wl[k], wl[k], kind[k], source, names,
			  sizeof(names));
	}
	if (rpt_path(dir, outdir, "plots", ""))
		return fail(err, len, "%s: path too long", outdir);
	/* plots/ itself, never a link out of @outdir. */
	dfd = rpt_open_dir(outdir, "plots", draw);
	if (dfd < 0 && (draw || errno != ENOENT))
		return fail(err, len, "%s: %s", dir, strerror(errno));
	if (draw)
		unlinkat(dfd, "gnuplot.log", 0);
	for (k = 0; k < nr && ret >= 0; k++) {
		memset(&p, 0, sizeof(p));
		p.note = &notes[k];
		p.kind = kind[k];
		memcpy(p.wl, wl[k], sizeof(p.wl));
		p.xlabel = kinds[p.kind].xlabel;
		p.ylabel = kinds[p.kind].ylabel;
		p.xkind = kinds[p.kind].xkind;
		p.ykind = kinds[p.kind].ykind;
		build(run, &p);
		/* The title names the workloads drawn. */
		memset(present, 0, sizeof(present));
		for (i = 0; i < p.nr_jobs; i++)
			present[rpt_workload_index(p.jobs[i]->key.workload)] = true;
		name_plot(&notes[k], wl[k], p.nr_jobs ? present : wl[k], kind[k],
			  source, p.head, sizeof(p.head));
		for (i = 0, points = 0; i < p.nl; i++)
			points += p.lines[i].n;
		if (p.err) {
			ret = fail(err, len, "out of memory");
		} else if (!points) {
			/* Never an empty plot: say why there is none. */
			workload_names(&p, " or ", names, sizeof(names));
			snprintf(notes[k].note, sizeof(notes[k].note),
				 "this run has no %s jobs with data", names);
			remove_stale(dfd, notes[k].name, false);
		} else if (!draw) {
			snprintf(notes[k].note, sizeof(notes[k].note),
				 "plots were turned off (--no-plots)");
			remove_stale(dfd, notes[k].name, false);
		} else if (write_dat(dfd, dir, &p, source, err, len) ||
			   write_gp(dfd, dir, &p, source, err, len)) {
			ret = -1;
		} else if (!no_gnuplot &&
			   (ret = run_gnuplot(dfd, dir, notes[k].name, err, len)) > 0) {
			no_gnuplot = true;
		} else if (!ret && !no_gnuplot) {
			ret = check_images(dfd, dir, notes[k].name, err, len);
			notes[k].drawn = !ret;
		}
		if (no_gnuplot && points) {
			/* The script and data stay: anyone with gnuplot can draw. */
			snprintf(notes[k].note, sizeof(notes[k].note),
				 "gnuplot could not be run; `cd plots && gnuplot %s.gp` draws it",
				 notes[k].name);
			remove_stale(dfd, notes[k].name, true);
		}
		plot_free(&p);
	}
	/* Keep gnuplot's log only when it has something to say. */
	if (draw && !fstatat(dfd, "gnuplot.log", &sb, AT_SYMLINK_NOFOLLOW) &&
	    !sb.st_size)
		unlinkat(dfd, "gnuplot.log", 0);
	if (dfd >= 0)
		close(dfd);
	if (ret < 0)
		return -1;
	return no_gnuplot && mode == RPT_PLOTS_DRAW ? 1 : 0;
}
