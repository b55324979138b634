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

struct point {
	double x, y, lo, hi;
};

struct series {
	char title[96];
	bool dashed;
	struct point *pts;
	size_t n, cap;
};

enum axis_kind {
	AXIS_PLAIN,		/* log 2, gnuplot's own tics */
	AXIS_BYTES,		/* log 2, tics "64 B", "4 KiB" */
	AXIS_NS,		/* log 10, tics "100 ns", "1 µs" */
};

struct plot {
	struct rpt_plot_note *note;
	const char *xlabel, *ylabel;
	enum axis_kind xkind, ykind;
	struct series *s;
	size_t ns, cap;
	double vline;		/* x of a vertical marker, NAN: none */
	char vlabel[160];
	int err;		/* -ENOMEM seen while building */
};

static struct series *series_get(struct plot *p, const char *title,
				 bool dashed)
{
	struct series *ns;
	size_t i;

	for (i = 0; i < p->ns; i++)
		if (!strcmp(p->s[i].title, title))
			return &p->s[i];
	if (p->ns == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		ns = realloc(p->s, p->cap * sizeof(*ns));
		if (!ns)
			return NULL;
		p->s = ns;
	}
	ns = &p->s[p->ns++];
	memset(ns, 0, sizeof(*ns));
	snprintf(ns->title, sizeof(ns->title), "%s", title);
	ns->dashed = dashed;
	return ns;
}

/* Add a point; the interval falls back to the point itself when absent. */
static void plot_add(struct plot *p, const char *title, bool dashed,
		     double x, double y, double lo, double hi)
{
	struct series *s = series_get(p, title, dashed);
	struct point *np;
	size_t i;

	if (!s) {
		p->err = -ENOMEM;
		return;
	}
	for (i = 0; i < s->n; i++)
		if (s->pts[i].x == x)	/* "requested" lines repeat points */
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		np = realloc(s->pts, s->cap * sizeof(*np));
		if (!np) {
			p->err = -ENOMEM;
			return;
		}
		s->pts = np;
	}
	s->pts[s->n++] = (struct point){ x, y, isnan(lo) ? y : lo,
					 isnan(hi) ? y : hi };
}

static void plot_free(struct plot *p)
{
	size_t i;

	for (i = 0; i < p->ns; i++)
		free(p->s[i].pts);
	free(p->s);
}

static bool ok_with(const struct rpt_job *job, const char *workload,
		    enum rpt_field f)
{
	return !strcmp(job->key.workload, workload) &&
	       job->status == RPT_STATUS_OK && job->st[f].n > 0;
}

/*
 * Whether one line per backend would join different work: two jobs of
 * @workload on the same backend at the same x (size, or count when
 * @x_is_count) that differ in the other dimension.  Then each value of
 * that dimension gets its own line.
 */
static bool needs_split(const struct rpt_run *run, const char *workload,
			bool x_is_count)
{
	const struct rpt_job *a, *b;
	size_t i, k;

	for (i = 0; i < run->nr_jobs; i++) {
		a = &run->jobs[i];
		if (strcmp(a->key.workload, workload))
			continue;
		for (k = i + 1; k < run->nr_jobs; k++) {
			b = &run->jobs[k];
			if (strcmp(b->key.workload, workload) ||
			    strcmp(a->key.backend, b->key.backend))
				continue;
			if (x_is_count ? a->key.count == b->key.count &&
					 a->key.size != b->key.size :
					 a->key.size == b->key.size &&
					 a->key.count != b->key.count)
				return true;
		}
	}
	return false;
}

/* "1024 objects at 64 B, 256 at 4 KiB": what the lines of a plot hold. */
static void counts_note(const struct rpt_run *run, const char *workload,
			char *buf, size_t len)
{
	unsigned long long last_size = 0, last_count = 0;
	const struct rpt_job *j;
	bool first = true;
	char size[32];
	size_t i, o;

	buf[0] = '\0';
	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (strcmp(j->key.workload, workload) ||
		    (!first && j->key.size == last_size &&
		     j->key.count == last_count))
			continue;
		rpt_fmt_size(size, sizeof(size), j->key.size);
		o = strlen(buf);
		snprintf(buf + o, len - o, "%s%llu%s at %s", first ? "" : ", ",
			 j->key.count, first ? " objects" : "", size);
		first = false;
		last_size = j->key.size;
		last_count = j->key.count;
	}
}

/* Backends whose @workload jobs are unsupported: "kmalloc" for the note. */
static void unsupported_note(const struct rpt_run *run, const char *workload,
			     char *buf, size_t len)
{
	const char *seen[16];
	size_t i, k, nseen = 0, o;

	buf[0] = '\0';
	for (i = 0; i < run->nr_jobs; i++) {
		const struct rpt_job *j = &run->jobs[i];

		if (strcmp(j->key.workload, workload) ||
		    j->status != RPT_STATUS_UNSUPPORTED)
			continue;
		for (k = 0; k < nseen && strcmp(seen[k], j->key.backend); k++)
			;
		if (k < nseen || nseen == 16)
			continue;
		seen[nseen++] = j->key.backend;
		o = strlen(buf);
		snprintf(buf + o, len - o, "%s%s", nseen > 1 ? ", " : "",
			 j->key.backend);
	}
	if (nseen) {
		o = strlen(buf);
		snprintf(buf + o, len - o, ": %s unsupported, not drawn",
			 workload);
	}
}

static void build_alloc(const struct rpt_run *run, struct plot *p)
{
	const struct rpt_stats *st;
	const struct rpt_job *j;
	bool by_count = needs_split(run, "alloc", false);
	char title[96];
	size_t i;

	p->xlabel = "object size";
	p->ylabel = "ns per allocation (median, CI of the median)";
	p->xkind = AXIS_BYTES;
	p->ykind = AXIS_NS;
	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (!ok_with(j, "alloc", RPT_F_NS))
			continue;
		st = &j->st[RPT_F_NS];
		if (by_count)
			snprintf(title, sizeof(title), "%s, %llu objects",
				 j->key.backend, j->key.count);
		else
			snprintf(title, sizeof(title), "%s", j->key.backend);
		plot_add(p, title, false, j->key.size, st->median, st->ci_lo,
			 st->ci_hi);
	}
	if (!by_count)
		counts_note(run, "alloc", p->note->note, sizeof(p->note->note));
}

static void build_protect(const struct rpt_run *run, struct plot *p)
{
	static const char *const wls[] = { "protect", "unprotect" };
	const struct rpt_stats *st;
	const struct rpt_job *j;
	char title[96];
	unsigned int no_pages = 0;
	size_t i, w, o;
	double pages;

	p->xlabel = "pages protected";
	p->ylabel = "ns per op (median, CI of the median)";
	p->ykind = AXIS_NS;
	for (w = 0; w < 2; w++) {
		for (i = 0; i < run->nr_jobs; i++) {
			j = &run->jobs[i];
			if (!ok_with(j, wls[w], RPT_F_NS))
				continue;
			pages = j->st[RPT_F_PAGES].median;
			if (isnan(pages)) {
				no_pages++;
				continue;
			}
			st = &j->st[RPT_F_NS];
			snprintf(title, sizeof(title), "%s %s%s%s%s",
				 j->key.backend, wls[w],
				 j->key.protect_method ? " (" : "",
				 j->key.protect_method ? j->key.protect_method : "",
				 j->key.protect_method ? ")" : "");
			plot_add(p, title, w == 1, pages, st->median, st->ci_lo,
				 st->ci_hi);
		}
	}
	unsupported_note(run, "protect", p->note->note, sizeof(p->note->note));
	if (no_pages) {
		o = strlen(p->note->note);
		snprintf(p->note->note + o, sizeof(p->note->note) - o,
			 "%s%u job(s) without a page count left out",
			 o ? "; " : "", no_pages);
	}
}

static void build_read(const struct rpt_run *run, struct plot *p)
{
	const struct rpt_env *env = &run->env;
	const struct rpt_stats *st;
	const struct rpt_job *j;
	unsigned int by_bytes = 0;
	long long entries;
	char title[96], reach[32];
	double pages, x;
	size_t i, o;

	p->ylabel = "ns per access (median, CI of the median)";
	p->xkind = AXIS_BYTES;
	p->ykind = AXIS_NS;
	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (!ok_with(j, "read", RPT_F_NS))
			continue;
		st = &j->st[RPT_F_NS];
		pages = j->st[RPT_F_PAGES].median;
		if (isnan(pages)) {
			x = (double)j->key.size * j->key.count;
			by_bytes++;
		} else {
			x = pages * RPT_PAGE_SIZE;
		}
		snprintf(title, sizeof(title), "%s %s%s", j->key.backend,
			 j->key.pattern ? j->key.pattern : "read",
			 j->key.is_protected == 1 ? ", protected" : "");
		plot_add(p, title, j->key.is_protected == 1, x, st->median,
			 st->ci_lo, st->ci_hi);
	}
	p->xlabel = by_bytes ?
		"working set (pages × 4 KiB; size × count where pages are unknown)" :
		"working set (pages spanned × 4 KiB)";

	entries = env->tlb_entries > 0 ? env->tlb_entries : RPT_TLB_ASSUMED;
	p->vline = (double)entries * RPT_PAGE_SIZE;
	rpt_fmt_quantity(reach, sizeof(reach), p->vline, RPT_UNIT_BYTES);
	snprintf(p->vlabel, sizeof(p->vlabel), "TLB reach %s (%lld × 4 KiB, %s)",
		 reach, entries, env->tlb_entries > 0 ? "env.json" : "assumed");
	o = snprintf(p->note->note, sizeof(p->note->note),
		     "TLB reach line: %lld 4 KiB entries = %s, %s", entries,
		     reach, env->tlb_entries > 0 ?
		     "from tlb_entries in env.json" :
		     "assumed (a common x86 L2 STLB size; env.json has no tlb_entries)");
	if (env->target && (!strcmp(env->target, "vm-tcg") ||
			    !strcmp(env->target, "vm-icount")))
		snprintf(p->note->note + o, sizeof(p->note->note) - o,
			 "; under QEMU TCG the guest runs on QEMU's software TLB, whose reach differs%s",
			 strcmp(env->target, "vm-icount") ? "" :
			 ", and icount shows no memory effects at all");
}

static void build_footprint(const struct rpt_run *run, struct plot *p)
{
	const struct rpt_stats *st;
	const struct rpt_job *j;
	bool by_size = needs_split(run, "footprint", true);
	char title[96], size[32];
	size_t i;

	p->xlabel = "objects";
	p->ylabel = "bytes consumed (median)";
	p->ykind = AXIS_BYTES;
	for (i = 0; i < run->nr_jobs; i++) {
		j = &run->jobs[i];
		if (!ok_with(j, "footprint", RPT_F_BYTES_CONS))
			continue;
		st = &j->st[RPT_F_BYTES_CONS];
		rpt_fmt_size(size, sizeof(size), j->key.size);
		if (by_size)
			snprintf(title, sizeof(title), "%s, %s objects",
				 j->key.backend, size);
		else
			snprintf(title, sizeof(title), "%s", j->key.backend);
		plot_add(p, title, false, j->key.count, st->median, st->ci_lo,
			 st->ci_hi);
		snprintf(title, sizeof(title), "requested (size × count, %s)",
			 size);
		plot_add(p, title, true, j->key.count,
			 (double)j->key.size * j->key.count, NAN, NAN);
	}
}

static const struct {
	const char *name, *what, *workload;
	void (*build)(const struct rpt_run *run, struct plot *p);
} plot_kinds[RPT_NR_PLOTS] = {
	[RPT_PLOT_ALLOC] = { "alloc-cost", "alloc cost vs object size",
			     "alloc", build_alloc },
	[RPT_PLOT_PROTECT] = { "protect-cost", "protect cost vs pages",
			       "protect or unprotect", build_protect },
	[RPT_PLOT_READ] = { "read-cost", "read cost vs working set",
			    "read", build_read },
	[RPT_PLOT_FOOTPRINT] = { "footprint", "footprint vs count",
				 "footprint", build_footprint },
};

static int point_cmp(const void *a, const void *b)
{
	double x = ((const struct point *)a)->x, y = ((const struct point *)b)->x;

	return (x > y) - (x < y);
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
	char path[PATH_MAX];
	const struct series *s;
	size_t i, k;
	FILE *f;

	if (rpt_path(path, dir, p->note->name, ".dat"))
		return fail(err, len, "%s: %s", path, strerror(errno));
	f = rpt_create(dfd, strrchr(path, '/') + 1);
	if (!f)
		return fail(err, len, "%s: %s", path, strerror(errno));
	fprintf(f, "# pmbench plot data: %s\n# ", p->note->what);
	dat_comment(f, source);
	fprintf(f, "# columns: x, y, y_lo, y_hi (x: %s; y: %s)\n# one block per series, separated by two blank lines (gnuplot 'index')\n",
		p->xlabel, p->ylabel);
	for (i = 0; i < p->ns; i++) {
		s = &p->s[i];
		fprintf(f, "%s# index %zu: ", i ? "\n\n" : "", i);
		dat_comment(f, s->title);
		for (k = 0; k < s->n; k++)
			fprintf(f, "%.10g %.10g %.10g %.10g\n", s->pts[k].x,
				s->pts[k].y, s->pts[k].lo, s->pts[k].hi);
	}
	return close_file(f, path, err, len);
}

/* Extent of the points on one axis, error bars and marker included. */
static void axis_extent(const struct plot *p, bool y, double *lo, double *hi)
{
	const struct point *pt;
	size_t i, k;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (i = 0; i < p->ns; i++)
		for (k = 0; k < p->s[i].n; k++) {
			pt = &p->s[i].pts[k];
			*lo = fmin(*lo, y ? pt->lo : pt->x);
			*hi = fmax(*hi, y ? pt->hi : pt->x);
		}
	if (!y && !isnan(p->vline)) {
		*lo = fmin(*lo, p->vline);
		*hi = fmax(*hi, p->vline);
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
	while (u < 3 && v >= 999.5)
		v /= 1000, u++;
	snprintf(buf, len, "%g %s", v, units[u]);
}

/* Log scale, a padded range, and tics that speak the axis' unit. */
static void write_axis(FILE *f, const struct plot *p, bool y)
{
	static const double decade_steps[] = { 1, 2, 5 };
	enum axis_kind kind = y ? p->ykind : p->xkind;
	char axis = y ? 'y' : 'x', label[32];
	int base = kind == AXIS_NS ? 10 : 2, e, e0, e1, step, m, nm;
	double lo, hi, v;
	bool first = true;

	axis_extent(p, y, &lo, &hi);
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
	fprintf(f, "set logscale %c %d\nset %crange [%.10g:%.10g]\n", axis,
		base, axis, lo, hi);
	if (kind == AXIS_PLAIN)
		return;
	/* Finite positive doubles: |log2| < 1100, well inside an int. */
	e0 = (int)floor(log(lo) / log(base));
	e1 = (int)ceil(log(hi) / log(base));
	step = (e1 - e0) / 10 + 1;
	/* Few decades: 1-2-5 steps, or a narrow range would get no tic. */
	nm = kind == AXIS_NS && e1 - e0 <= 4 ? 3 : 1;
	fprintf(f, "set %ctics (", axis);
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

static bool all_positive(const struct plot *p)
{
	size_t i, k;

	for (i = 0; i < p->ns; i++)
		for (k = 0; k < p->s[i].n; k++)
			if (!(p->s[i].pts[k].x > 0) || !(p->s[i].pts[k].lo > 0))
				return false;
	return true;
}

static int write_gp(int dfd, const char *dir, const struct plot *p,
		    char *err, size_t len)
{
	const char *name = p->note->name;
	char path[PATH_MAX];
	size_t i;
	FILE *f;

	if (rpt_path(path, dir, name, ".gp"))
		return fail(err, len, "%s: %s", path, strerror(errno));
	f = rpt_create(dfd, strrchr(path, '/') + 1);
	if (!f)
		return fail(err, len, "%s: %s", path, strerror(errno));
	fprintf(f, "# pmbench plot: %s. Re-draw with: cd plots && gnuplot %s.gp\n",
		p->note->what, name);
	fprintf(f, "set encoding utf8\n");
	fprintf(f, "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		   "\tset terminal pngcairo size 1000,640 noenhanced font 'sans,10'\n"
		   "} else {\n"
		   "\tset terminal png size 1000,640 noenhanced\n"
		   "}\n");
	fprintf(f, "set output '%s.png'\nset title ", name);
	gp_quote(f, p->note->title);
	fprintf(f, " noenhanced\nset xlabel ");
	gp_quote(f, p->xlabel);
	fprintf(f, " noenhanced\nset ylabel ");
	gp_quote(f, p->ylabel);
	fprintf(f, " noenhanced\nset grid\nset key top left box opaque noenhanced\n");
	/* Zero or negative values cannot go on a log axis: gnuplot's linear. */
	if (all_positive(p)) {
		write_axis(f, p, false);
		write_axis(f, p, true);
	}
	if (!isnan(p->vline)) {
		fprintf(f, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dashtype 2 linewidth 2 linecolor rgb 'gray30'\n",
			p->vline, p->vline);
		fprintf(f, "set label ");
		gp_quote(f, p->vlabel);
		fprintf(f, " at %.10g, graph 0.04 right offset -0.5,0 noenhanced\n",
			p->vline);
	}
	fprintf(f, "plot \\\n");
	for (i = 0; i < p->ns; i++) {
		fprintf(f, "  '%s.dat' index %zu using 1:2:3:4 with yerrorlines linewidth 2 dashtype %d title ",
			name, i, p->s[i].dashed ? 2 : 1);
		gp_quote(f, p->s[i].title);
		fprintf(f, "%s\n", i + 1 < p->ns ? ", \\" : "");
	}
	fprintf(f, "set terminal svg size 1000,640 dynamic noenhanced font 'sans,10'\n"
		   "set output '%s.svg'\nreplot\nset output\n", name);
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

int rpt_plots_write(const struct rpt_run *run, const char *outdir,
		    enum rpt_plot_mode mode,
		    struct rpt_plot_note notes[RPT_NR_PLOTS], char *err,
		    size_t len)
{
	char dir[PATH_MAX], source[512], log[PATH_MAX];
	bool draw = mode != RPT_PLOTS_NONE;
	bool no_gnuplot = mode == RPT_PLOTS_SCRIPTS;
	struct plot p;
	struct stat sb;
	size_t i, points;
	int k, ret = 0, dfd = -1;

	rpt_source(&run->env, source, sizeof(source));
	if (rpt_path(dir, outdir, "plots", "") ||
	    rpt_path(log, dir, "gnuplot.log", ""))
		return fail(err, len, "%s: path too long", outdir);
	for (k = 0; k < RPT_NR_PLOTS; k++) {
		memset(&notes[k], 0, sizeof(notes[k]));
		notes[k].name = plot_kinds[k].name;
		notes[k].what = plot_kinds[k].what;
		snprintf(notes[k].title, sizeof(notes[k].title), "%s — %s",
			 plot_kinds[k].what, source);
	}
	/* plots/ itself, never a link out of @outdir. */
	dfd = rpt_open_dir(outdir, "plots", draw);
	if (dfd < 0 && (draw || errno != ENOENT))
		return fail(err, len, "%s: %s", dir, strerror(errno));
	if (draw)
		unlinkat(dfd, "gnuplot.log", 0);
	for (k = 0; k < RPT_NR_PLOTS && ret >= 0; k++) {
		memset(&p, 0, sizeof(p));
		p.note = &notes[k];
		p.vline = NAN;
		plot_kinds[k].build(run, &p);
		for (i = 0, points = 0; i < p.ns; i++) {
			qsort(p.s[i].pts, p.s[i].n, sizeof(*p.s[i].pts), point_cmp);
			points += p.s[i].n;
		}
		if (p.err) {
			ret = fail(err, len, "out of memory");
		} else if (!points) {
			/* Never an empty plot: say why there is none. */
			snprintf(notes[k].note, sizeof(notes[k].note),
				 "this run has no %s jobs with data", plot_kinds[k].workload);
			remove_stale(dfd, notes[k].name, false);
		} else if (!draw) {
			snprintf(notes[k].note, sizeof(notes[k].note),
				 "plots were turned off (--no-plots)");
			remove_stale(dfd, notes[k].name, false);
		} else if (write_dat(dfd, dir, &p, source, err, len) ||
			   write_gp(dfd, dir, &p, err, len)) {
			ret = -1;
		} else if (!no_gnuplot &&
			   (ret = run_gnuplot(dfd, dir, notes[k].name, err, len)) > 0) {
			no_gnuplot = true;
		} else if (!ret && !no_gnuplot) {
			ret = check_images(dfd, dir, notes[k].name, err, len);
			notes[k].drawn = !ret;
		}
		if (no_gnuplot) {
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
