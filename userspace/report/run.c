// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pmb_names.h"
#include "pmb_suite.h"
#include "run.h"

#define RPT_X_DESC(e, parent, name) [RPT_F_##e] = { parent, name },
const struct rpt_field_desc rpt_fields[RPT_NR_FIELDS] = { RPT_FIELDS(RPT_X_DESC) };
#undef RPT_X_DESC

/* ------------------------------------------------------------ registry */

/* The twin's target: its rows are the twin's registry's, and only its runs use them. */
#define RPT_TWIN_TARGET	"userspace"

#define RPT_X_BACKEND(e, ops, s, caps, role, d) \
	[PMB_BACKEND_##e] = { s, d, caps, role },
#define RPT_X_TWIN_BACKEND(e, s, caps, role, d) \
	[PMB_NR_BACKENDS + TWIN_BACKEND_##e] = { s, d, caps, role },
#define RPT_X_WORKLOAD(e, ops, s, n, p, jf, fig, m, pl, d) \
	[PMB_WL_##e] = { s, d, n, jf, fig, p, m, pl, PMB_WL_##e },
/* A twin workload of its own: the row it is like, its own name and text. */
#define RPT_X_LIKE(e, ops, s, n, p, jf, fig, m, pl, d) \
	[PMB_WL_##e] = { NULL, NULL, n, jf, fig, p, m, pl, PMB_WL_##e },
static const struct rpt_workload_row like_rows[PMB_NR_WORKLOADS] = {
	PMB_WORKLOADS(RPT_X_LIKE)
};
#define RPT_X_TWIN_WORKLOAD(e, s, like, thr, d)			\
	[PMB_NR_WORKLOADS + TWIN_WL_##e] = { s, d, 0, 0, 0, 0, 0, 0, PMB_WL_##like },
const struct rpt_backend_row rpt_backend_rows[RPT_NR_BACKENDS] = {
	PMB_BACKENDS(RPT_X_BACKEND)
	TWIN_BACKENDS(RPT_X_TWIN_BACKEND)
};
struct rpt_workload_row rpt_workload_rows[RPT_NR_WORKLOADS] = {
	PMB_WORKLOADS(RPT_X_WORKLOAD)
	TWIN_OWN_WORKLOADS(RPT_X_TWIN_WORKLOAD)
};
#undef RPT_X_BACKEND
#undef RPT_X_TWIN_BACKEND
#undef RPT_X_WORKLOAD
#undef RPT_X_LIKE
#undef RPT_X_TWIN_WORKLOAD

/* The twin's own workloads take what they share from their module row, at start. */
__attribute__((constructor)) static void fill_like_rows(void)
{
	unsigned int w;

	for (w = PMB_NR_WORKLOADS; w < RPT_NR_WORKLOADS; w++) {
		struct rpt_workload_row *r = &rpt_workload_rows[w];
		const struct rpt_workload_row *l = &like_rows[r->like];

		r->needs = l->needs;
		r->jobflags = l->jobflags;
		r->figures = l->figures;
		r->protects = l->protects;
		r->measure = l->measure;
		r->plot = l->plot;
	}
}

#define RPT_X_TWIN_METHOD(e, s, d)	{ s, d },
static const struct {
	const char *name, *desc;
} twin_methods[TWIN_NR_METHODS] = { TWIN_PROTECT_METHODS(RPT_X_TWIN_METHOD) };
#undef RPT_X_TWIN_METHOD

int rpt_backend_index(const char *name)
{
	int b = pmb_backend_from_name(name);
	unsigned int i;

	for (i = PMB_NR_BACKENDS; b < 0 && name && i < RPT_NR_BACKENDS; i++)
		if (!strcmp(rpt_backend_rows[i].name, name))
			b = (int)i;
	return b;
}

int rpt_workload_index(const char *name)
{
	int w = pmb_workload_from_name(name);
	unsigned int i;

	for (i = PMB_NR_WORKLOADS; w < 0 && name && i < RPT_NR_WORKLOADS; i++)
		if (!strcmp(rpt_workload_rows[i].name, name))
			w = (int)i;
	return w;
}

static bool twin_target(const char *target)
{
	return target && !strcmp(target, RPT_TWIN_TARGET);
}

bool rpt_run_has_partitions(const struct rpt_run *run)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++)
		if (run->jobs[i].key.partitions > 0)
			return true;
	return false;
}

bool rpt_run_is_twin(const struct rpt_run *run)
{
	return twin_target(run->env.target);
}

bool rpt_backend_of_target(int b, const char *target)
{
	return b >= 0 && (b >= PMB_NR_BACKENDS) == twin_target(target);
}

/* The module's workloads the twin runs too (its registry's shared rows). */
#define RPT_X_TWIN_SHARED(e, thr)	[PMB_WL_##e] = true,
static const bool twin_shared_workloads[PMB_NR_WORKLOADS] = {
	TWIN_SHARED_WORKLOADS(RPT_X_TWIN_SHARED)
};
#undef RPT_X_TWIN_SHARED

bool rpt_workload_of_target(int w, const char *target)
{
	if (w < 0 || w >= RPT_NR_WORKLOADS)
		return false;
	if (!twin_target(target))
		return w < PMB_NR_WORKLOADS;
	return w >= PMB_NR_WORKLOADS || twin_shared_workloads[w];
}

bool rpt_method_of_target(unsigned int m, const char *target)
{
	return m < RPT_NR_METHODS && (m >= PMB_NR_PROTECT_METHODS) == twin_target(target);
}

const char *rpt_method_name(unsigned int m)
{
	if (m < PMB_NR_PROTECT_METHODS)
		return pmb_method_name(m);
	m -= PMB_NR_PROTECT_METHODS;
	return m < TWIN_NR_METHODS ? twin_methods[m].name : NULL;
}

const char *rpt_method_desc(unsigned int m)
{
	if (m < PMB_NR_PROTECT_METHODS)
		return pmb_method_row(m)->desc;
	m -= PMB_NR_PROTECT_METHODS;
	return m < TWIN_NR_METHODS ? twin_methods[m].desc : NULL;
}

int rpt_method_index(const char *name)
{
	unsigned int m;

	for (m = 0; name && rpt_method_name(m); m++)
		if (!strcmp(rpt_method_name(m), name))
			return (int)m;
	return -1;
}

const struct rpt_backend_row *rpt_backend_row(const char *name)
{
	int b = rpt_backend_index(name);

	return b < 0 ? NULL : &rpt_backend_rows[b];
}

const struct rpt_workload_row *rpt_workload_row(const char *name)
{
	int w = rpt_workload_index(name);

	return w < 0 ? NULL : &rpt_workload_rows[w];
}

int rpt_backend_role(const char *name)
{
	const struct rpt_backend_row *row = rpt_backend_row(name);

	return row ? row->role : -1;
}

const char *rpt_role_name(int role)
{
	switch (role) {
	case PMB_ROLE_BASELINE:
		return "baseline";
	case PMB_ROLE_DESIGN:
		return "design";
	default:
		return "not in this build";
	}
}

bool rpt_backend_name_valid(const char *name)
{
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				"0123456789_-.");

	return n && !name[n] && n < RPT_NAME_MAX &&
	       isalnum((unsigned char)name[0]);
}

int rpt_measure(const char *workload)
{
	const struct rpt_workload_row *row = rpt_workload_row(workload);

	return row ? row->measure : PMB_MEASURE_TIME;
}

int rpt_plot_kind(const char *workload)
{
	const struct rpt_workload_row *row = rpt_workload_row(workload);

	return row ? row->plot : -1;
}

/* The job flags a results line implies (doc/results.md: pattern, protected). */
static unsigned int key_flags(const struct rpt_key *k)
{
	unsigned int flags = 0;

	if (k->is_protected == 1)
		flags |= PMB_JOB_READ_PROTECTED;
	/* pmb_names.c: pattern index 1 is the one PMB_JOB_READ_SWEEP selects. */
	if (k->pattern && pmb_pattern_from_name(k->pattern) == 1)
		flags |= PMB_JOB_READ_SWEEP;
	return flags;
}

bool rpt_job_protects(const struct rpt_key *k)
{
	int b = rpt_backend_index(k->backend);
	int w = rpt_workload_index(k->workload);
	unsigned int flags = key_flags(k);

	if (b < 0 || w < 0)
		return k->protect_method != NULL;
	/* pmb_job_protects() for the module's rows, the same rule for the twin's */
	if (b < PMB_NR_BACKENDS && w < PMB_NR_WORKLOADS)
		return pmb_job_protects(b, w, flags);
	return (rpt_backend_rows[b].caps & PMB_CAN_PROTECT) &&
	       !(pmb_job_needs(rpt_workload_rows[w].like, flags) & ~rpt_backend_rows[b].caps) &&
	       pmb_job_would_protect(rpt_workload_rows[w].like, flags);
}

/* ------------------------------------------------------------- loading */

/* Where a message about the input points: "path" or "path:line". */
struct where {
	const char *path;
	size_t line;		/* 0: the whole file */
	char *err;
	size_t len;
};

static int fail(const struct where *w, const char *fmt, ...)
{
	char msg[512], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w->line)
		snprintf(w->err, w->len, "%s:%zu: %s", w->path, w->line, msg);
	else
		snprintf(w->err, w->len, "%s: %s", w->path, msg);
	/* One line on a terminal, whatever the input quoted in it held. */
	for (p = w->err; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	return -1;
}

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* A string member; @optional allows it to be absent or null (-> NULL). */
static int get_string(const struct where *w, json_t *obj, const char *name,
		      bool optional, const char **out)
{
	json_t *v = json_object_get(obj, name);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (optional)
			return 0;
		return fail(w, "missing field '%s'", name);
	}
	if (!json_is_string(v))
		return fail(w, "field '%s' must be a string, not %s", name,
			    json_kind(v));
	*out = json_string_value(v);
	/* A newline here would end a gnuplot string or a Markdown row. */
	if (!pmb_text_valid(*out))
		return fail(w, "field '%s' is not one line of text (control characters are refused)",
			    name);
	return 0;
}

/* A name from one of the project's tables (pmb_names.c), or NULL if absent. */
static int check_name(const struct where *w, const char *field, const char *s,
		      int (*from_name)(const char *))
{
	if (!s || from_name(s) >= 0)
		return 0;
	return fail(w, "field '%s': unknown %s '%s'", field, field, s);
}

/*
 * A backend this build's registry lacks comes from a newer pmbench: it is
 * shown under its own name, which must look like one.
 */
static int check_backend(const struct where *w, const char *s)
{
	if (rpt_backend_index(s) >= 0 || rpt_backend_name_valid(s))
		return 0;
	return fail(w, "field 'backend': unknown backend '%s' is not a name (letters, digits, _ - . only, a letter or digit first, shorter than %d characters)",
		    s, RPT_NAME_MAX);
}

/* An integer member in [0, @max]; @optional allows absent or null (-> -1). */
static int get_count(const struct where *w, json_t *obj, const char *name,
		     bool optional, long long max, long long *out)
{
	json_t *v = json_object_get(obj, name);

	*out = -1;
	if (!v || json_is_null(v)) {
		if (optional)
			return 0;
		return fail(w, "missing field '%s'", name);
	}
	if (!json_is_integer(v))
		return fail(w, "field '%s' must be an integer >= 0, not %s", name,
			    json_kind(v));
	if (json_integer_value(v) < 0 || json_integer_value(v) > max)
		return fail(w, "field '%s' must be in [0, %lld], not %" JSON_INTEGER_FORMAT,
			    name, max, json_integer_value(v));
	*out = json_integer_value(v);
	return 0;
}

/* A boolean member, absent or null -> -1. */
static int get_tristate(const struct where *w, json_t *obj, const char *name,
			int *out)
{
	json_t *v = json_object_get(obj, name);

	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return fail(w, "field '%s' must be true, false or null, not %s",
			    name, json_kind(v));
	*out = json_is_true(v);
	return 0;
}

#define ENV_STR(name, optional) { #name, offsetof(struct rpt_env, name), optional, 0 }
#define ENV_NUM(name, max) { #name, offsetof(struct rpt_env, name), true, max }
static const struct {
	const char *name;
	size_t off;
	bool optional;
	long long max;
} env_strings[] = {
	ENV_STR(target, false), ENV_STR(kernel, false),
	ENV_STR(cpu_model, false), ENV_STR(protect_method, false),
	ENV_STR(suite, true), ENV_STR(suite_revision, true),
	ENV_STR(started, true), ENV_STR(finished, true),
	ENV_STR(hostname, true), ENV_STR(clocksource, true),
}, env_counts[] = {
	ENV_NUM(cpus, RPT_MAX_CPUS), ENV_NUM(tsc_khz, RPT_MAX_TSC_KHZ),
	/* Not in the contract yet: the TLB reach line uses it when present. */
	ENV_NUM(tlb_entries, RPT_MAX_TLB_ENTRIES),
};
#undef ENV_STR
#undef ENV_NUM

static int load_env(const char *dir, struct rpt_env *env, char *err,
		    size_t len)
{
	char path[PATH_MAX];
	struct where w = { path, 0, err, len };
	json_error_t jerr;
	struct stat sb;
	json_t *root;
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/env.json", dir);
	f = fopen(path, "r");
	if (!f)
		return fail(&w, "%s (not a results directory?)", strerror(errno));
	if (fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode) ||
	    sb.st_size > RPT_MAX_ENV_BYTES) {
		fclose(f);
		return fail(&w, "not a regular file of at most %d bytes",
			    RPT_MAX_ENV_BYTES);
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!root) {
		w.line = jerr.line > 0 ? jerr.line : 0;
		return fail(&w, "not valid JSON: %s (column %d)", jerr.text,
			    jerr.column);
	}
	env->root = root;
	if (!json_is_object(root))
		return fail(&w, "not a JSON object but %s", json_kind(root));
	for (i = 0; i < sizeof(env_strings) / sizeof(env_strings[0]); i++)
		if (get_string(&w, root, env_strings[i].name,
			       env_strings[i].optional,
			       (const char **)((char *)env + env_strings[i].off)))
			return -1;
	for (i = 0; i < sizeof(env_counts) / sizeof(env_counts[0]); i++)
		if (get_count(&w, root, env_counts[i].name,
			      env_counts[i].optional, env_counts[i].max,
			      (long long *)((char *)env + env_counts[i].off)))
			return -1;
	/* "?": the driver knew no name for the method (pmb_run.c). */
	if (strcmp(env->protect_method, "?") &&
	    check_name(&w, "protect_method", env->protect_method, rpt_method_index))
		return -1;
	env->partial = json_is_true(json_object_get(root, "partial"));
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int values_push(struct rpt_values *vals, double v)
{
	double *nv;

	if (vals->n == vals->cap) {
		vals->cap = vals->cap ? 2 * vals->cap : 8;
		nv = realloc(vals->v, vals->cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		vals->v = nv;
	}
	vals->v[vals->n++] = v;
	return 0;
}

static int name_rank(int known, int nr_known)
{
	return known >= 0 ? known : nr_known;
}

/* NULL sorts first; names within a table by the table, others by name. */
static int cmp_name(const char *a, const char *b, int (*rank)(const char *),
		    int nr_known)
{
	int ra, rb;

	if (!a || !b)
		return (a != NULL) - (b != NULL);
	if (rank) {
		ra = name_rank(rank(a), nr_known);
		rb = name_rank(rank(b), nr_known);
		if (ra != rb)
			return ra < rb ? -1 : 1;
	}
	return strcmp(a, b);
}

static int cmp_ull(unsigned long long a, unsigned long long b)
{
	return (a > b) - (a < b);
}

/* partitions=, or 0 for none (-1 read, 0 in a key built by hand). */
long long rpt_key_partitions(const struct rpt_key *k)
{
	return k->partitions > 0 ? k->partitions : 0;
}

int rpt_key_cmp(const struct rpt_key *a, const struct rpt_key *b)
{
	int c;

	c = cmp_name(a->workload, b->workload, rpt_workload_index,
		     RPT_NR_WORKLOADS);
	if (!c)
		c = cmp_name(a->pattern, b->pattern, NULL, 0);
	if (!c)
		c = (a->is_protected > b->is_protected) -
		    (a->is_protected < b->is_protected);
	if (!c)
		c = cmp_ull(a->size, b->size);
	if (!c)
		c = cmp_ull(a->count, b->count);
	if (!c)
		c = (a->online_cpus > b->online_cpus) - (a->online_cpus < b->online_cpus);
	if (!c)
		c = (a->threads > b->threads) - (a->threads < b->threads);
	if (!c)
		c = cmp_name(a->backend, b->backend, rpt_backend_index,
			     RPT_NR_BACKENDS);
	if (!c)
		c = (rpt_key_partitions(a) > rpt_key_partitions(b)) -
		    (rpt_key_partitions(a) < rpt_key_partitions(b));
	if (!c)
		c = cmp_name(a->protect_method, b->protect_method,
			     rpt_method_index, RPT_NR_METHODS);
	return c;
}

bool rpt_str_equal(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool rpt_key_same_work(const struct rpt_key *a, const struct rpt_key *b)
{
	return rpt_str_equal(a->workload, b->workload) && a->size == b->size &&
	       a->count == b->count && rpt_str_equal(a->pattern, b->pattern) &&
	       a->is_protected == b->is_protected && a->online_cpus == b->online_cpus &&
	       a->threads == b->threads;
}

bool rpt_key_equal(const struct rpt_key *a, const struct rpt_key *b)
{
	return rpt_key_same_work(a, b) && rpt_str_equal(a->backend, b->backend) &&
	       rpt_key_partitions(a) == rpt_key_partitions(b) && rpt_str_equal(a->protect_method, b->protect_method);
}

static struct rpt_job *job_for_key(struct rpt_run *run,
				   const struct rpt_key *key)
{
	struct rpt_job *job, *nj;
	size_t i;

	for (i = 0; i < run->nr_jobs; i++)
		if (rpt_key_equal(&run->jobs[i].key, key))
			return &run->jobs[i];
	if (run->nr_jobs == run->cap_jobs) {
		run->cap_jobs = run->cap_jobs ? 2 * run->cap_jobs : 16;
		nj = realloc(run->jobs, run->cap_jobs * sizeof(*nj));
		if (!nj)
			return NULL;
		run->jobs = nj;
	}
	job = &run->jobs[run->nr_jobs];
	memset(job, 0, sizeof(*job));
	job->index = -1;
	job->torn_reads = -1;
	job->other_busy_max = job->steal_max = NAN;
	job->wall_clock = !run->env.target || strcmp(run->env.target, "vm-icount");
	job->key.backend = strdup(key->backend);
	job->key.workload = strdup(key->workload);
	job->key.pattern = dup_or_null(key->pattern);
	job->key.protect_method = dup_or_null(key->protect_method);
	job->key.size = key->size;
	job->key.count = key->count;
	job->key.is_protected = key->is_protected;
	job->key.online_cpus = key->online_cpus;
	job->key.threads = key->threads;
	job->key.partitions = key->partitions;
	run->nr_jobs++;
	if (!job->key.backend || !job->key.workload ||
	    (key->pattern && !job->key.pattern) ||
	    (key->protect_method && !job->key.protect_method))
		return NULL;
	return job;
}

static void tristate_add(struct rpt_tristate *t, int v)
{
	if (v < 0)
		t->unknown++;
	else if (v)
		t->yes++;
	else
		t->no++;
}

/*
 * Finite and within what any measurement could give: sums and squares stay
 * finite, and a log axis over the values stays inside the doubles.
 */
static bool plausible(double x)
{
	return x == 0 || (fabs(x) >= RPT_MIN_VALUE && fabs(x) <= RPT_MAX_VALUE);
}

/* direct_map_splits: an object of counts; their sum, or null. */
static int splits_value(const struct where *w, json_t *v, bool *present,
			double *sum)
{
	const char *k;
	json_t *m;

	*present = false;
	*sum = 0;
	if (!json_is_object(v))
		return fail(w, "field 'direct_map_splits' must be an object or null, not %s",
			    json_kind(v));
	json_object_foreach(v, k, m) {
		if (json_is_null(m))
			continue;
		if (!json_is_number(m) || !plausible(json_number_value(m)))
			return fail(w, "field 'direct_map_splits.%s' must be a number in [-%g, %g] or null",
				    k, RPT_MAX_VALUE, RPT_MAX_VALUE);
		/* (the sum of a few plausible counts stays finite) */
		*sum += json_number_value(m);
		*present = true;
	}
	return 0;
}

static int read_fields(const struct where *w, json_t *line,
		       struct rpt_job *job)
{
	const struct rpt_field_desc *d;
	json_t *obj, *v;
	bool present;
	double x;
	int f;

	for (f = 0; f < RPT_NR_FIELDS; f++) {
		d = &rpt_fields[f];
		obj = line;
		if (d->parent) {
			obj = json_object_get(line, d->parent);
			if (!obj || json_is_null(obj))
				continue;
			if (!json_is_object(obj))
				return fail(w, "field '%s' must be an object, not %s",
					    d->parent, json_kind(obj));
		}
		v = json_object_get(obj, d->name);
		if (!v || json_is_null(v))
			continue;
		present = true;
		if (f == RPT_F_DM_SPLITS) {
			if (splits_value(w, v, &present, &x))
				return -1;
		} else if (json_is_number(v)) {
			x = json_number_value(v);
		} else {
			return fail(w, "field '%s%s%s' must be a number or null, not %s",
				    d->parent ? d->parent : "",
				    d->parent ? "." : "", d->name, json_kind(v));
		}
		if (present && !plausible(x))
			return fail(w, "field '%s%s%s' is %g: outside [-%g, %g], or not 0 but closer to it than %g",
				    d->parent ? d->parent : "", d->parent ? "." : "",
				    d->name, x, RPT_MAX_VALUE, RPT_MAX_VALUE, RPT_MIN_VALUE);
		if (present && values_push(&job->val[f], x))
			return fail(w, "out of memory");
	}
	return 0;
}

/* fmax() that keeps NAN for "not recorded" until a number comes. */
static double max_known(double a, double b)
{
	return isnan(a) || b > a ? b : a;
}

/*
 * host_load (doc/results.md): an object or null, absent in older results;
 * its other_busy and steal shares, each a number in [0, 1] or null.  The
 * job keeps the largest of each over its lines.
 */
static int read_host_load(const struct where *w, json_t *line,
			  struct rpt_job *job)
{
	static const char *const names[] = { "other_busy", "steal" };
	double *max[] = { &job->other_busy_max, &job->steal_max };
	json_t *load = json_object_get(line, "host_load"), *v;
	double x;
	size_t i;

	if (!load || json_is_null(load))
		return 0;
	if (!json_is_object(load))
		return fail(w, "field 'host_load' must be an object or null, not %s",
			    json_kind(load));
	for (i = 0; i < 2; i++) {
		v = json_object_get(load, names[i]);
		if (!v || json_is_null(v))
			continue;
		if (!json_is_number(v))
			return fail(w, "field 'host_load.%s' must be a number or null, not %s",
				    names[i], json_kind(v));
		x = json_number_value(v);
		/* !(x >= 0): NaN too, whatever a JSON library lets through */
		if (!(x >= 0 && x <= 1))
			return fail(w, "field 'host_load.%s' is %g: a share of the CPUs' time is in [0, 1]",
				    names[i], x);
		*max[i] = max_known(*max[i], x);
	}
	return 0;
}

bool rpt_job_busy(const struct rpt_job *job)
{
	/* NAN compares false: a job with no reading is not called busy. */
	return job->wall_clock && (job->other_busy_max > RPT_BUSY_SHARE ||
				   job->steal_max > RPT_BUSY_SHARE);
}

bool rpt_run_has_load(const struct rpt_run *run)
{
	size_t i;

	for (i = 0; i < run->nr_jobs; i++)
		if (!isnan(run->jobs[i].other_busy_max) ||
		    !isnan(run->jobs[i].steal_max))
			return true;
	return false;
}

size_t rpt_run_busy_jobs(const struct rpt_run *run)
{
	size_t i, n = 0;

	for (i = 0; i < run->nr_jobs; i++)
		n += rpt_job_busy(&run->jobs[i]);
	return n;
}

/*
 * A name of the twin's registry (@index at or past @first_twin) only in a
 * run of the twin's target; a name of the module's in any other run, and
 * in a twin run too unless @strict (the twin runs the module's workloads).
 */
static int check_registry_side(const struct where *w, const struct rpt_run *run,
			       const char *field, const char *name, int index,
			       int first_twin, bool strict)
{
	bool twin_run = !strcmp(run->env.target, RPT_TWIN_TARGET);
	bool twin_name = index >= first_twin;

	if (index < 0 || twin_name == twin_run || (!twin_name && !strict))
		return 0;
	return fail(w, "field '%s': '%s' is %s name, but the run's target is '%s'",
		    field, name, twin_run ? "a module" : "a userspace twin",
		    run->env.target);
}

static int read_line(const struct where *w, json_t *line,
		     struct rpt_run *run)
{
	const char *backend, *workload, *pattern, *method;
	const char *status, *target, *error;
	long long size, count, repeat, index, torn;
	struct rpt_key key;
	int verified, dm_ro;
	struct rpt_job *job;
	json_t *dist;

	if (!json_is_object(line))
		return fail(w, "not a JSON object but %s", json_kind(line));
	if (get_string(w, line, "backend", false, &backend) ||
	    get_string(w, line, "workload", false, &workload) ||
	    get_count(w, line, "size", false, PMB_SUITE_MAX_AMOUNT, &size) ||
	    get_count(w, line, "count", false, PMB_SUITE_MAX_AMOUNT, &count) ||
	    get_count(w, line, "repeat", false, PMB_SUITE_MAX_SAMPLES, &repeat) ||
	    get_string(w, line, "status", false, &status) ||
	    get_count(w, line, "job", true, PMB_SUITE_MAX_JOBS, &index) ||
	    get_count(w, line, "online_cpus", true, RPT_MAX_CPUS, &key.online_cpus) ||
	    get_count(w, line, "threads", true, RPT_MAX_CPUS, &key.threads) ||
	    get_count(w, line, "partitions", true, PMB_JOB_PARTITIONS_MAX, &key.partitions) ||
	    get_string(w, line, "pattern", true, &pattern) ||
	    get_tristate(w, line, "protected", &key.is_protected) ||
	    get_string(w, line, "protect_method", true, &method) ||
	    get_string(w, line, "target", true, &target) ||
	    get_string(w, line, "error", true, &error) ||
	    get_tristate(w, line, "verified", &verified) ||
	    get_tristate(w, line, "direct_map_ro", &dm_ro) ||
	    check_backend(w, backend) ||
	    check_name(w, "workload", workload, rpt_workload_index) ||
	    check_name(w, "pattern", pattern, pmb_pattern_from_name) ||
	    check_name(w, "protect_method", method, rpt_method_index))
		return -1;
	if (strcmp(status, "ok") && strcmp(status, "unsupported") &&
	    strcmp(status, "error"))
		return fail(w, "field 'status' must be ok, unsupported or error, not '%s'",
			    status);
	if (target && strcmp(target, run->env.target))
		return fail(w, "target '%s' differs from env.json's '%s'",
			    target, run->env.target);
	if (check_registry_side(w, run, "backend", backend,
				rpt_backend_index(backend), PMB_NR_BACKENDS, true) ||
	    check_registry_side(w, run, "workload", workload,
				rpt_workload_index(workload), PMB_NR_WORKLOADS, false) ||
	    check_registry_side(w, run, "protect_method", method,
				rpt_method_index(method), PMB_NR_PROTECT_METHODS, true))
		return -1;
	/*
	 * job_for_key() copies the strings it keeps.  An alias ("pmalloc" in
	 * results from before pmalloc-genalloc was named) becomes its
	 * backend's name: every table, plot and CSV shows that one.
	 */
	key.backend = (char *)pmb_backend_canonical(backend);
	key.workload = (char *)workload;
	key.pattern = (char *)pattern;
	key.protect_method = (char *)method;
	key.size = size;
	key.count = count;

	job = job_for_key(run, &key);
	if (!job)
		return fail(w, "out of memory");
	job->lines++;
	if (job->index < 0)
		job->index = index;
	if (read_host_load(w, line, job))
		return -1;
	dist = json_object_get(line, "disturbed");
	if (json_is_array(dist) && json_array_size(dist))
		job->disturbed++;
	if (!strcmp(status, "unsupported")) {
		job->unsupported++;
		return 0;
	}
	if (!strcmp(status, "error")) {
		job->errors++;
		if (!job->error)
			job->error = strdup(error ? error : "no message");
		return 0;
	}
	job->ok++;
	/* the twin's job-wide count, on each of its lines: the largest kept */
	if (get_count(w, line, "torn_reads", true, LLONG_MAX, &torn))
		return -1;
	if (torn > job->torn_reads)
		job->torn_reads = torn;
	tristate_add(&job->verified, verified);
	tristate_add(&job->direct_map_ro, dm_ro);
	return read_fields(w, line, job);
}

static int load_results(const char *dir, struct rpt_run *run, char *err,
			size_t len)
{
	char path[PATH_MAX];
	struct where w = { path, 0, err, len };
	json_error_t jerr;
	char *buf;
	size_t n;
	json_t *line;
	FILE *f;
	int ret = 0, r;

	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	f = fopen(path, "r");
	if (!f)
		return fail(&w, "%s", strerror(errno));
	buf = malloc(RPT_MAX_LINE + 2);
	if (!buf) {
		fclose(f);
		return fail(&w, "out of memory");
	}
	while ((r = pmb_read_line(f, buf, RPT_MAX_LINE + 2, &n)) != 0) {
		w.line++;
		if (r == -2)
			break;
		if (r == -1) {
			ret = fail(&w, "line longer than %d bytes", RPT_MAX_LINE);
			break;
		}
		if (memchr(buf, '\0', n)) {
			ret = fail(&w, "NUL byte in the line");
			break;
		}
		if (strspn(buf, " \t\r\n") == n)
			continue;
		line = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &jerr);
		if (!line) {
			ret = fail(&w, "not valid JSON: %s (column %d)",
				   jerr.text, jerr.column);
			break;
		}
		ret = read_line(&w, line, run);
		json_decref(line);
		if (ret)
			break;
	}
	if (!ret && ferror(f))
		ret = fail(&w, "read error");
	free(buf);
	fclose(f);
	if (!ret && !run->nr_jobs) {
		w.line = 0;
		ret = fail(&w, "no results in this file");
	}
	return ret;
}

/* A run whose jobs saw different numbers of online CPUs (cpus=) labels each. */
static void mark_cpu_sweep(struct rpt_run *run)
{
	bool sweep = false;
	size_t i;

	for (i = 1; i < run->nr_jobs; i++)
		if (run->jobs[i].key.online_cpus != run->jobs[0].key.online_cpus)
			sweep = true;
	for (i = 0; i < run->nr_jobs; i++)
		run->jobs[i].key.show_cpus = sweep && run->jobs[i].key.online_cpus >= 0;
}

static int job_cmp(const void *a, const void *b)
{
	return rpt_key_cmp(&((const struct rpt_job *)a)->key,
			   &((const struct rpt_job *)b)->key);
}

static void job_finish(struct rpt_job *job)
{
	int f;

	if (job->ok)
		job->status = RPT_STATUS_OK;
	else if (job->unsupported && !job->errors)
		job->status = RPT_STATUS_UNSUPPORTED;
	else
		job->status = RPT_STATUS_ERROR;
	for (f = 0; f < RPT_NR_FIELDS; f++)
		rpt_stats_compute(job->val[f].v, job->val[f].n, &job->st[f]);
}

static const char *dir_basename(const char *dir, size_t *len)
{
	size_t end = strlen(dir), start;

	while (end > 1 && dir[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	*len = end - start;
	return dir + start;
}

int rpt_run_load(const char *dir, struct rpt_run *run, char *err, size_t len)
{
	struct where w = { dir, 0, err, len };
	char real[PATH_MAX];
	const char *base;
	struct stat sb;
	size_t blen, i;

	memset(run, 0, sizeof(*run));
	if (stat(dir, &sb))
		return fail(&w, "%s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return fail(&w, "not a directory");
	/* The id names the output: "run/.." is the directory it resolves to. */
	if (!realpath(dir, real))
		return fail(&w, "%s", strerror(errno));
	base = dir_basename(real, &blen);
	run->id = strndup(base, blen);
	run->dir = strdup(dir);
	if (!run->dir || !run->id) {
		rpt_run_free(run);
		return fail(&w, "out of memory");
	}
	if (!pmb_run_id_valid(run->id)) {
		rpt_run_free(run);
		return fail(&w, "the directory's name is not a run id (letters, digits and . _ + - only, a letter or digit first, shorter than %d characters)",
			    PMB_RUN_ID_MAX);
	}
	if (load_env(dir, &run->env, err, len) ||
	    load_results(dir, run, err, len)) {
		rpt_run_free(run);
		return -1;
	}
	for (i = 0; i < run->nr_jobs; i++)
		job_finish(&run->jobs[i]);
	mark_cpu_sweep(run);
	qsort(run->jobs, run->nr_jobs, sizeof(*run->jobs), job_cmp);
	return 0;
}

void rpt_run_free(struct rpt_run *run)
{
	struct rpt_job *job;
	size_t i;
	int f;

	for (i = 0; i < run->nr_jobs; i++) {
		job = &run->jobs[i];
		free(job->key.backend);
		free(job->key.workload);
		free(job->key.pattern);
		free(job->key.protect_method);
		free(job->error);
		for (f = 0; f < RPT_NR_FIELDS; f++)
			free(job->val[f].v);
	}
	free(run->jobs);
	json_decref(run->env.root);
	free(run->dir);
	free(run->id);
	memset(run, 0, sizeof(*run));
}
