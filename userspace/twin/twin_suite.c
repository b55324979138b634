// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmb_names.h"
#include "pmb_suite.h"
#include "twin_names.h"
#include "twin_suite.h"

#define MAX_LIST	64
#define MAX_LINE	4096

/* The keys of a job line, in the order they nest (backend innermost). */
enum key { K_WORKLOAD, K_SIZE, K_COUNT, K_PATTERN, K_PROTECTED, K_THREADS,
	   K_BACKEND, K_REPEATS, K_WARMUP, NR_KEYS };
static const char *const key_names[NR_KEYS] = {
	"workload", "size", "count", "pattern", "protected", "threads",
	"backend", "repeats", "warmup",
};

struct parse {
	const char *file;
	unsigned int line;
	char *err;
	size_t len;
	char *set[NR_KEYS];	/* `set` defaults, owned */
};

static int fail(struct parse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->len, "%s:%u: %s", p->file, p->line, msg);
	return -1;
}

/*
 * "64", "4k", "1M", "0x40": bytes or objects, through the driver's one
 * number parser (pmb_parse_u64); -1 when not a number, 0 or past @max.
 */
static int parse_amount(const char *s, unsigned long long max,
			unsigned long long *out)
{
	unsigned long long v;

	if (pmb_parse_u64(s, true, &v) || !v || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * threads=all: a reader on every CPU this process may run on but the timed
 * thread's (sched_getaffinity), so that every CPU holds the set in its TLB.
 */
unsigned int twin_threads_all(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	n = CPU_COUNT(&set) - 1;
	return n < 0 ? 0 : n > TWIN_THREADS_MAX ? TWIN_THREADS_MAX : (unsigned int)n;
}

struct values {
	unsigned long long v[MAX_LIST];
	unsigned int n;
};

/* One key's comma list into numbers (names become their index). */
static int parse_list(struct parse *p, enum key k, const char *text,
		      struct values *out)
{
	char buf[MAX_LINE], *tok, *save = NULL;
	unsigned long long v;
	int i;

	snprintf(buf, sizeof(buf), "%s", text);
	out->n = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (out->n == MAX_LIST)
			return fail(p, "%s=: more than %d values", key_names[k], MAX_LIST);
		if ((k == K_BACKEND || k == K_WORKLOAD) && !strcmp(tok, "all")) {
			for (i = 0; ; i++) {
				int w = k == K_BACKEND ? (twin_backend_name(i) ? i : -1) :
							 twin_workload_at(i);
				if (w < 0)
					break;
				if (out->n == MAX_LIST)
					return fail(p, "%s=all: too many", key_names[k]);
				out->v[out->n++] = (unsigned int)w;
			}
			continue;
		}
		switch (k) {
		case K_BACKEND:
			i = twin_backend_from_name(tok);
			if (i < 0)
				return fail(p, "unknown backend '%s' (pmbench-twin list backends)", tok);
			v = (unsigned int)i;
			break;
		case K_WORKLOAD:
			i = twin_workload_from_name(tok);
			if (i < 0)
				return fail(p, "unknown workload '%s' (pmbench-twin list workloads)", tok);
			v = (unsigned int)i;
			break;
		case K_PATTERN:
			i = pmb_pattern_from_name(tok);
			if (i < 0)
				return fail(p, "pattern=%s: chase or sweep", tok);
			v = (unsigned int)i;
			break;
		case K_PROTECTED:
			if (strcmp(tok, "no") && strcmp(tok, "yes"))
				return fail(p, "protected=%s: no or yes", tok);
			v = !strcmp(tok, "yes");
			break;
		case K_SIZE:
			if (parse_amount(tok, TWIN_SIZE_MAX, &v))
				return fail(p, "size=%s: a number of bytes from 1 to 4M", tok);
			break;
		case K_COUNT:
			if (parse_amount(tok, TWIN_COUNT_MAX, &v))
				return fail(p, "count=%s: a number of objects from 1 to 1M", tok);
			break;
		case K_THREADS:
			if (!strcmp(tok, "all"))
				v = twin_threads_all();
			else if (!strcmp(tok, "0"))
				v = 0;
			else if (parse_amount(tok, TWIN_THREADS_MAX, &v))
				return fail(p, "threads=%s: a number from 0 to %d, or all", tok,
					    TWIN_THREADS_MAX);
			/* all may equal a number of the list: one job, not two */
			for (i = 0; i < (int)out->n && out->v[i] != v; i++)
				;
			if (i < (int)out->n)
				continue;
			break;
		default:	/* repeats, warmup */
			if (!strcmp(tok, "0") && k == K_WARMUP)
				v = 0;
			else if (parse_amount(tok, TWIN_SAMPLES_MAX, &v))
				return fail(p, "%s=%s: a number up to %d", key_names[k], tok,
					    TWIN_SAMPLES_MAX);
			break;
		}
		out->v[out->n++] = v;
	}
	if (!out->n)
		return fail(p, "%s= has no value", key_names[k]);
	if ((k == K_REPEATS || k == K_WARMUP) && out->n > 1)
		return fail(p, "%s= takes one value", key_names[k]);
	return 0;
}

static int add_job(struct twin_suite *s, const struct twin_job *j)
{
	if (s->nr_jobs == TWIN_JOBS_MAX)
		return -1;
	if (s->nr_jobs == s->cap_jobs) {
		size_t cap = s->cap_jobs ? 2 * s->cap_jobs : 64;
		struct twin_job *n = realloc(s->jobs, cap * sizeof(*n));

		if (!n)
			return -1;
		s->jobs = n;
		s->cap_jobs = cap;
	}
	s->jobs[s->nr_jobs++] = *j;
	return 0;
}

/* Split @line into KEY=VALUE words: the values into @val (NULL: absent). */
static int split(struct parse *p, char *line, char *val[NR_KEYS])
{
	char *tok, *save = NULL, *eq;
	int k;

	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		eq = strchr(tok, '=');
		if (!eq)
			return fail(p, "'%s' is not KEY=VALUE", tok);
		*eq = '\0';
		for (k = 0; k < NR_KEYS && strcmp(key_names[k], tok); k++)
			;
		if (k == NR_KEYS)
			return fail(p, "unknown key '%s'", tok);
		if (val[k])
			return fail(p, "%s= given twice", tok);
		val[k] = eq + 1;
	}
	return 0;
}

static int job_line(struct parse *p, struct twin_suite *s, char *line)
{
	char *val[NR_KEYS] = { NULL };
	struct values v[NR_KEYS];
	unsigned int i[NR_KEYS] = { 0 }, w, used_pattern = 0, used_threads = 0;
	bool own[NR_KEYS];	/* written on this line, not a `set` default */
	struct twin_job j;
	int k;

	if (split(p, line, val))
		return -1;
	for (k = 0; k < NR_KEYS; k++) {
		own[k] = val[k] != NULL;
		if (!val[k])
			val[k] = p->set[k];
		v[k].n = 0;
		if (val[k] && parse_list(p, k, val[k], &v[k]))
			return -1;
	}
	if (!v[K_BACKEND].n || !v[K_WORKLOAD].n || !v[K_SIZE].n || !v[K_COUNT].n)
		return fail(p, "a job line needs backend=, workload=, size= and count=");
	for (i[K_WORKLOAD] = 0; i[K_WORKLOAD] < v[K_WORKLOAD].n; i[K_WORKLOAD]++) {
		w = (unsigned int)v[K_WORKLOAD].v[i[K_WORKLOAD]];
		used_pattern |= pmb_workload_accepts(twin_workload_like(w), PMB_JOB_READ_SWEEP);
		used_threads |= twin_workload_threads(w) >= 0;
	}
	/*
	 * Only the keys written on this line are checked: a `set` default
	 * applies where it means something and is dropped silently elsewhere,
	 * as the module's suites do.
	 */
	if (((own[K_PATTERN] && v[K_PATTERN].n) || (own[K_PROTECTED] && v[K_PROTECTED].n)) &&
	    !used_pattern)
		return fail(p, "pattern= and protected= mean something for read only");
	if (own[K_THREADS] && v[K_THREADS].n && !used_threads)
		return fail(p, "threads= means nothing for these workloads");

	for (i[K_WORKLOAD] = 0; i[K_WORKLOAD] < v[K_WORKLOAD].n; i[K_WORKLOAD]++)
	for (i[K_SIZE] = 0; i[K_SIZE] < v[K_SIZE].n; i[K_SIZE]++)
	for (i[K_COUNT] = 0; i[K_COUNT] < v[K_COUNT].n; i[K_COUNT]++)
	for (i[K_PATTERN] = 0; i[K_PATTERN] < (v[K_PATTERN].n ?: 1); i[K_PATTERN]++)
	for (i[K_PROTECTED] = 0; i[K_PROTECTED] < (v[K_PROTECTED].n ?: 1); i[K_PROTECTED]++)
	for (i[K_THREADS] = 0; i[K_THREADS] < (v[K_THREADS].n ?: 1); i[K_THREADS]++)
	for (i[K_BACKEND] = 0; i[K_BACKEND] < v[K_BACKEND].n; i[K_BACKEND]++) {
		w = (unsigned int)v[K_WORKLOAD].v[i[K_WORKLOAD]];
		bool reads = pmb_workload_accepts(twin_workload_like(w), PMB_JOB_READ_SWEEP);
		int thr = twin_workload_threads(w);

		/* keys that mean nothing for this workload: one job, not several */
		if (!reads && (i[K_PATTERN] || i[K_PROTECTED]))
			continue;
		if (thr < 0 && i[K_THREADS])
			continue;
		memset(&j, 0, sizeof(j));
		j.backend = (unsigned int)v[K_BACKEND].v[i[K_BACKEND]];
		j.workload = w;
		j.size = v[K_SIZE].v[i[K_SIZE]];
		j.count = v[K_COUNT].v[i[K_COUNT]];
		j.repeats = v[K_REPEATS].n ? (unsigned int)v[K_REPEATS].v[0] : 5;
		j.warmup = v[K_WARMUP].n ? (unsigned int)v[K_WARMUP].v[0] : 1;
		if (j.repeats + j.warmup > TWIN_SAMPLES_MAX)
			return fail(p, "warmup + repeats past %d", TWIN_SAMPLES_MAX);
		if (reads && v[K_PATTERN].n && v[K_PATTERN].v[i[K_PATTERN]])
			j.flags |= PMB_JOB_READ_SWEEP;
		if (reads && v[K_PROTECTED].n && v[K_PROTECTED].v[i[K_PROTECTED]])
			j.flags |= PMB_JOB_READ_PROTECTED;
		j.threads = thr < 0 ? -1 :
			    v[K_THREADS].n ? (int)v[K_THREADS].v[i[K_THREADS]] : thr;
		if (w == TWIN_WORKLOAD_OWN(TWIN_WL_READ_DURING_WRITES) && j.threads < 1)
			return fail(p, "threads=0: read_during_writes measures readers, it needs at least one");
		j.line = p->line;
		if (add_job(s, &j))
			return fail(p, "more than %d jobs, or out of memory", TWIN_JOBS_MAX);
	}
	return 0;
}

static int set_line(struct parse *p, char *rest)
{
	char *val[NR_KEYS] = { NULL };
	struct values v;
	int k;

	if (split(p, rest, val))
		return -1;
	for (k = 0; k < NR_KEYS; k++) {
		if (!val[k])
			continue;
		if (parse_list(p, k, val[k], &v))
			return -1;
		free(p->set[k]);
		p->set[k] = strdup(val[k]);
	}
	return 0;
}

int twin_suite_parse(struct twin_suite *s, const char *text, const char *name,
		     char *err, size_t len)
{
	struct parse p = { .file = name, .err = err, .len = len };
	const char *cur = text, *nl;
	char line[MAX_LINE + 1], *c;
	int ret = 0, k;

	memset(s, 0, sizeof(*s));
	while (*cur && !ret) {
		size_t n;

		p.line++;
		nl = strchr(cur, '\n');
		n = nl ? (size_t)(nl - cur) : strlen(cur);
		if (n > MAX_LINE) {
			ret = fail(&p, "line longer than %d bytes", MAX_LINE);
			break;
		}
		memcpy(line, cur, n);
		line[n] = '\0';
		cur += n + (nl ? 1 : 0);
		c = strchr(line, '#');
		if (c)
			*c = '\0';
		for (c = line; *c == ' ' || *c == '\t'; c++)
			;
		if (!*c || strspn(c, " \t\r") == strlen(c))
			continue;
		if (!strncmp(c, "set ", 4) || !strncmp(c, "set\t", 4))
			ret = set_line(&p, c + 4);
		else
			ret = job_line(&p, s, c);
	}
	for (k = 0; k < NR_KEYS; k++)
		free(p.set[k]);
	if (!ret && !s->nr_jobs) {
		p.line = 0;
		snprintf(err, len, "%s: no job line", name);
		ret = -1;
	}
	if (ret) {
		twin_suite_free(s);
		return -1;
	}
	s->name = strdup(name);
	return 0;
}

int twin_suite_load(struct twin_suite *s, const char *path, char *err, size_t len)
{
	char *text = NULL, name[256];
	const char *base = strrchr(path, '/');
	size_t n = 0, cap = 0, r;
	FILE *f = fopen(path, "r");
	int ret;

	memset(s, 0, sizeof(*s));
	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - n < 4096) {
			char *t = realloc(text, cap + 65536);

			if (!t || cap > (16u << 20)) {
				free(t ? t : text);
				fclose(f);
				snprintf(err, len, "%s: too large or out of memory", path);
				return -1;
			}
			text = t;
			cap += 65536;
		}
		r = fread(text + n, 1, cap - n - 1, f);
		n += r;
	} while (r);
	fclose(f);
	text[n] = '\0';
	if (strlen(text) != n) {
		free(text);
		snprintf(err, len, "%s: holds a NUL byte", path);
		return -1;
	}
	snprintf(name, sizeof(name), "%s", base ? base + 1 : path);
	if (strlen(name) > 6 && !strcmp(name + strlen(name) - 6, ".suite"))
		name[strlen(name) - 6] = '\0';
	ret = twin_suite_parse(s, text, path, err, len);
	free(text);
	if (!ret) {
		free(s->name);
		s->name = strdup(name);
	}
	return ret;
}

void twin_suite_free(struct twin_suite *s)
{
	free(s->jobs);
	free(s->name);
	memset(s, 0, sizeof(*s));
}
