// SPDX-License-Identifier: GPL-2.0
/*
 * The twin's suites are pmb_suite.c's, with the twin's registry: its
 * backends, its workloads (the module's it runs and its own), and
 * threads= instead of the module's method=, verify=, cpu= and cpus=.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmb_names.h"
#include "pmb_suite.h"
#include "twin_names.h"
#include "twin_suite.h"

static const char *workload_nth(unsigned int i)
{
	int w = twin_workload_at(i);

	return w < 0 ? NULL : twin_workload_name((unsigned int)w);
}

/* read_during_writes measures readers: without one nothing is read or checked. */
static const char *refuse(const struct pmb_suite_job *sj)
{
	if (sj->job.workload == TWIN_WORKLOAD_OWN(TWIN_WL_READ_DURING_WRITES) &&
	    sj->threads < 1)
		return "threads=0: read_during_writes measures readers, it needs at least one";
	return NULL;
}

static const struct pmb_suite_registry twin_registry = {
	.backend_name = twin_backend_name,
	.backend_from_name = twin_backend_from_name,
	.workload_nth_name = workload_nth,
	.workload_from_name = twin_workload_from_name,
	.workload_like = twin_workload_like,
	.workload_threads = twin_workload_threads,
	.refuse = refuse,
};

/* The parsed suite as the twin's jobs; -1 out of memory. */
static int take(struct twin_suite *s, struct pmb_suite *ps)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->jobs = calloc(ps->nr_jobs ? ps->nr_jobs : 1, sizeof(*s->jobs));
	if (!s->jobs)
		return -1;
	for (i = 0; i < ps->nr_jobs; i++) {
		const struct pmb_suite_job *sj = &ps->jobs[i];
		struct twin_job *j = &s->jobs[i];

		j->backend = sj->job.backend;
		j->workload = sj->job.workload;
		j->size = sj->job.size;
		j->count = sj->job.count;
		j->repeats = sj->job.repeats;
		j->warmup = sj->job.warmup;
		j->flags = sj->job.flags;
		j->threads = sj->threads;
		j->line = sj->line;
	}
	s->nr_jobs = s->cap_jobs = ps->nr_jobs;
	s->name = ps->name;
	ps->name = NULL;
	return 0;
}

static int finish(struct twin_suite *s, struct pmb_suite *ps, int ret,
		  struct pmb_suite_errors *errs, const char *name, char *err, size_t len)
{
	if (!ret && take(s, ps)) {
		snprintf(err, len, "%s: out of memory", name);
		ret = -1;
	} else if (ret) {
		snprintf(err, len, "%s", errs->n ? errs->msg[0] : "no job");
	}
	pmb_suite_free(ps);
	free(errs);
	return ret;
}

int twin_suite_parse(struct twin_suite *s, const char *text, const char *name,
		     char *err, size_t len)
{
	struct pmb_suite ps = { 0 };
	struct pmb_suite_errors *errs = calloc(1, sizeof(*errs));
	size_t n = strlen(text);
	FILE *f;
	int ret;

	memset(s, 0, sizeof(*s));
	/* fmemopen() takes no empty buffer: an empty text is an empty suite */
	f = n ? fmemopen((void *)text, n, "r") : fopen("/dev/null", "r");
	if (!errs || !f) {
		snprintf(err, len, "%s: %s", name, strerror(errno ? errno : ENOMEM));
		free(errs);
		if (f)
			fclose(f);
		return -1;
	}
	ret = pmb_suite_parse_reg(&ps, f, name, errs, &twin_registry);
	fclose(f);
	return finish(s, &ps, ret, errs, name, err, len);
}

int twin_suite_load(struct twin_suite *s, const char *path, char *err, size_t len)
{
	struct pmb_suite ps = { 0 };
	struct pmb_suite_errors *errs = calloc(1, sizeof(*errs));

	memset(s, 0, sizeof(*s));
	if (!errs) {
		snprintf(err, len, "%s: out of memory", path);
		return -1;
	}
	return finish(s, &ps, pmb_suite_load_reg(&ps, path, errs, &twin_registry),
		      errs, path, err, len);
}

void twin_suite_free(struct twin_suite *s)
{
	free(s->jobs);
	free(s->name);
	memset(s, 0, sizeof(*s));
}
