// SPDX-License-Identifier: GPL-2.0
/*
 * pmbench-twin: the userspace twin.  Runs a suite of jobs natively (no
 * module, no root) against the twin's backends (twin_registry.h) and
 * writes results/<run-id>/ in the result contract (doc/results.md), target
 * "userspace", with the writer and the environment snapshot the driver uses
 * (pmb_result.c, pmb_env.c) and its perf counters (pmb_perf.c).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "pmb_env.h"
#include "pmb_hostload.h"
#include "pmb_names.h"
#include "pmb_perf.h"
#include "pmb_result.h"
#include "pmb_suite.h"
#include "twin_engine.h"
#include "twin_names.h"
#include "twin_suite.h"
#include "upm_pool.h"

#define TARGET "userspace"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pmbench-twin run --suite FILE [--results DIR] [--run-id ID]\n"
		"                        [--method mprotect|mseal] [--suite-revision REV] [--list]\n"
		"       pmbench-twin job KEY=VALUE...   (one suite line, into --results)\n"
		"       pmbench-twin list backends|workloads|methods\n"
		"The userspace twin: pmalloc's designs rebuilt from mmap + mprotect (+ mseal)\n"
		"and measured natively; results in the result contract, target \"userspace\".\n");
}

/* ------------------------------------------------------------- result lines */

/*
 * One result line: pmb_result_line() with the module row the workload
 * shares (its figures, pattern and protected keys), then the twin's names.
 */
static json_t *twin_line(const struct twin_job *j, size_t index,
			 const struct twin_outcome *o, const struct pmb_sample *s,
			 unsigned int repeat, const char *method,
			 unsigned long long tsc_khz, json_t *counters, json_t *counters_user,
			 json_t *host_load)
{
	struct pmb_job pj;
	bool ok = o->status == 0 && s;
	json_t *line;

	memset(&pj, 0, sizeof(pj));
	pj.backend = PMB_NR_BACKENDS;		/* not the module's: named below */
	pj.workload = twin_workload_like(j->workload);
	pj.size = j->size;
	pj.count = j->count;
	pj.flags = j->flags;
	pj.protect_method_used = ~0u;		/* not the module's: named below */
	pj.baseline = o->baseline;
	pj.fig = o->fig;
	pj.tsc_khz = tsc_khz;
	line = pmb_result_line(&pj, s, repeat, o->status);
	if (!line)
		return NULL;
	json_object_set_new(line, "job", json_integer((json_int_t)index));
	json_object_set_new(line, "backend", json_string(twin_backend_name(j->backend)));
	json_object_set_new(line, "workload", json_string(twin_workload_name(j->workload)));
	if (o->status && o->status != -EOPNOTSUPP && o->error)
		json_object_set_new(line, "error", json_string(o->error));
	json_object_set_new(line, "protect_method",
			    ok && twin_job_protects(j->backend, j->workload, j->flags) ?
			    json_string(method) : json_null());
	json_object_set_new(line, "target", json_string(TARGET));
	json_object_set_new(line, "round", json_integer(0));	/* jobs run whole */
	json_object_set_new(line, "counters", counters ? json_incref(counters) : json_null());
	json_object_set_new(line, "counters_user",
			    counters_user ? json_incref(counters_user) : json_null());
	json_object_set_new(line, "host_load", host_load ? json_incref(host_load) : json_null());
	if (j->threads >= 0)
		json_object_set_new(line, "threads", json_integer(j->threads));
	if (o->torn_reads >= 0 && ok)
		json_object_set_new(line, "torn_reads", json_integer(o->torn_reads));
	return line;
}

/* ------------------------------------------------------------- run */

struct opts {
	const char *suite, *results, *run_id, *method, *revision;
	bool list;
};

static int write_line(FILE *f, json_t *line)
{
	char *text = json_dumps(line, JSON_COMPACT);
	int ret = -1;

	if (text && fprintf(f, "%s\n", text) > 0 && !fflush(f))
		ret = 0;
	free(text);
	return ret;
}

static json_t *make_env(const struct opts *o, const struct twin_suite *suite,
			unsigned long long tsc_khz, char *err, size_t len)
{
	struct utsname u;
	char started[32];
	struct pmb_env_in in = { .err = err, .err_len = len };
	const char *why = NULL;
	json_t *env, *w;
	size_t i;

	uname(&u);
	pmb_iso8601_utc(time(NULL), started, sizeof(started));
	in.root = "";
	in.target = TARGET;
	in.kernel = u.release;
	in.cpus = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
	in.tsc_khz = tsc_khz;
	in.abi_version = 0;	/* no module */
	in.protect_method = o->method;
	in.suite = suite->name;
	in.suite_revision = o->revision;
	in.started = started;
	env = pmb_env_collect(&in);
	if (!env)
		return NULL;
	w = json_object_get(env, "warnings");
	for (i = 0; json_is_array(w) && i < suite->nr_jobs; i++)
		if (suite->jobs[i].threads > (int)pmb_suite_threads_all()) {
			char note[160];

			snprintf(note, sizeof(note),
				 "jobs with more readers than the %u CPUs besides the timed thread's: past them readers share CPUs, the timed thread's included",
				 pmb_suite_threads_all());
			json_array_append_new(w, json_string(note));
			break;
		}
	if (json_is_array(w))
		json_array_append_new(w, json_string(
			"target userspace: the userspace twin (mmap, mprotect, mseal) on the real CPU, not the module: what protection costs a process here, not what pmalloc costs the kernel"));
	json_object_set_new(env, "tsc_source", json_string(
		tsc_khz ? "calibrated against CLOCK_MONOTONIC over 50 ms" :
		!twin_tsc_invariant() ?
		"none: the TSC is not invariant here (constant_tsc or nonstop_tsc missing from /proc/cpuinfo): cycles are null" :
		"none"));
	json_object_set_new(env, "mseal", json_boolean(upm_seal_supported(&why)));
	json_object_set_new(env, "host_load", json_string("driver (/proc)"));
	/* Each job whole, its repeats back to back (doc/results.md, rounds). */
	json_object_set_new(env, "rounds", json_integer(1));
	return env;
}

static int run(const struct opts *o, struct twin_suite *suite)
{
	unsigned int others = pmb_suite_threads_all();	/* before any job pins a thread */
	unsigned long long tsc_khz = twin_tsc_khz();
	char err[512], id[PMB_RUN_ID_MAX], dir[4096], path[4096 + 32], when[32];
	unsigned int ok = 0, unsupported = 0, error = 0, not_run = 0;
	struct pmb_sample *samples = NULL;
	struct pmb_perf perf, up;	/* kernel mode: the system calls; user mode: the twin's code */
	bool seal = !strcmp(o->method, "mseal");
	json_t *env;
	size_t i;
	FILE *out;

	if (seal && !upm_seal_supported(NULL)) {
		fprintf(stderr, "pmbench-twin: --method mseal: this kernel has no mseal() (Linux 6.10+)\n");
		return 1;
	}
	if (o->run_id) {
		snprintf(id, sizeof(id), "%s", o->run_id);
	} else {
		char stamp[32];
		time_t t = time(NULL);

		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", gmtime(&t));
		snprintf(id, sizeof(id), "%s-" TARGET "-%s", stamp, suite->name);
	}
	if (!pmb_run_id_valid(id)) {
		fprintf(stderr, "pmbench-twin: run id '%s': letters, digits and . _ + - only, a letter or digit first, at most %d characters\n",
			id, PMB_RUN_ID_MAX - 1);
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/%s", o->results, id);
	mkdir(o->results, 0755);
	if (mkdir(dir, 0755)) {
		fprintf(stderr, "pmbench-twin: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	env = make_env(o, suite, tsc_khz, err, sizeof(err));
	if (!env) {
		fprintf(stderr, "pmbench-twin: env.json: %s\n", err[0] ? err : "out of memory");
		return 1;
	}
	if (pmb_env_write(dir, env)) {
		fprintf(stderr, "pmbench-twin: %s/env.json: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/results.jsonl", dir);
	out = fopen(path, "w");
	if (!out) {
		fprintf(stderr, "pmbench-twin: %s: %s\n", path, strerror(errno));
		return 1;
	}
	samples = calloc(TWIN_SAMPLES_MAX, sizeof(*samples));
	if (!samples)
		return 1;
	pmb_perf_open(&perf, stderr);
	pmb_perf_open_mode(&up, stderr, PMB_PERF_USER);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	for (i = 0; i < suite->nr_jobs; i++) {
		const struct twin_job *j = &suite->jobs[i];
		struct twin_outcome res = { .samples = samples };
		struct pmb_hostload before, after;
		json_t *ctr, *uctr, *load;
		unsigned int k, rep = 0;

		if (interrupted) {
			not_run = (unsigned int)(suite->nr_jobs - i);
			break;
		}
		fprintf(stderr, "pmbench-twin: [%zu/%zu] %s %s size=%llu count=%llu%s%s",
			i + 1, suite->nr_jobs, twin_backend_name(j->backend),
			twin_workload_name(j->workload), j->size, j->count,
			j->flags & PMB_JOB_READ_SWEEP ? " sweep" : "",
			j->flags & PMB_JOB_READ_PROTECTED ? " protected" : "");
		if (j->threads >= 0)
			fprintf(stderr, " threads=%d", j->threads);
		fputc('\n', stderr);
		if (j->threads > (int)others)
			fprintf(stderr, "pmbench-twin:   note: %d readers, %u other CPUs: past them readers share CPUs, the timed thread's included\n",
				j->threads, others);
		pmb_hostload_read("", NULL, &before);
		pmb_perf_start(&perf);
		pmb_perf_start(&up);
		twin_run_job(j, seal, &res);
		pmb_perf_stop(&up);
		pmb_perf_stop(&perf);
		pmb_hostload_read("", NULL, &after);
		if (res.pin_failures)
			fprintf(stderr, "pmbench-twin:   note: %u thread%s could not be pinned to its CPU (affinity refused)\n",
				res.pin_failures, res.pin_failures == 1 ? "" : "s");
		ctr = pmb_perf_json(&perf);
		uctr = pmb_perf_json(&up);
		load = pmb_hostload_json(NULL, &before, &after);
		if (res.status) {
			json_t *line = twin_line(j, i, &res, NULL, 0, o->method, tsc_khz, ctr, uctr, load);

			if (res.status == -EOPNOTSUPP) {
				unsupported++;
			} else {
				error++;
				fprintf(stderr, "pmbench-twin:   error: %s (%s)\n",
					res.error ? res.error : "failed", strerror(-res.status));
			}
			if (!line || write_line(out, line))
				return 1;
			json_decref(line);
		} else {
			ok++;
			for (k = 0; k < res.nr_samples; k++) {
				json_t *line;

				if (samples[k].flags & PMB_SAMPLE_WARMUP)
					continue;
				line = twin_line(j, i, &res, &samples[k], rep++, o->method,
						 tsc_khz, ctr, uctr, load);
				if (!line || write_line(out, line))
					return 1;
				json_decref(line);
			}
		}
		json_decref(ctr);
		json_decref(uctr);
		json_decref(load);
	}
	fclose(out);
	pmb_iso8601_utc(time(NULL), when, sizeof(when));
	json_object_set_new(env, "finished", not_run ? json_null() : json_string(when));
	json_object_set_new(env, "partial", json_boolean(not_run != 0));
	json_object_set_new(env, "jobs", json_pack("{s:i, s:i, s:i, s:i, s:i}",
		"total", (int)suite->nr_jobs, "ok", (int)ok, "unsupported", (int)unsupported,
		"error", (int)error, "not_run", (int)not_run));
	if (pmb_env_write(dir, env)) {
		fprintf(stderr, "pmbench-twin: %s/env.json: %s\n", dir, strerror(errno));
		return 1;
	}
	json_decref(env);
	pmb_perf_close(&perf);
	pmb_perf_close(&up);
	free(samples);
	fprintf(stderr, "pmbench-twin: %zu jobs: %u ok, %u unsupported, %u error, %u not run\n",
		suite->nr_jobs, ok, unsupported, error, not_run);
	printf("%s\n", dir);
	return interrupted ? 130 : 0;
}

static int list(const char *what)
{
	unsigned int i;
	int w;

	if (!strcmp(what, "backends")) {
		for (i = 0; twin_backend_name(i); i++)
			printf("%-14s %s\n", twin_backend_name(i), twin_backend_row(i)->desc);
	} else if (!strcmp(what, "workloads")) {
		for (i = 0; (w = twin_workload_at(i)) >= 0; i++) {
			unsigned int wl = (unsigned int)w;

			printf("%-19s %s\n", twin_workload_name(wl),
			       wl < PMB_NR_WORKLOADS ? pmb_workload_row(wl)->desc :
			       twin_own_workload_desc(wl - PMB_NR_WORKLOADS));
		}
	} else if (!strcmp(what, "methods")) {
		for (i = 0; twin_method_name(i); i++)
			printf("%-9s %s\n", twin_method_name(i), twin_method_desc(i));
	} else {
		fprintf(stderr, "pmbench-twin: list %s: backends, workloads or methods\n", what);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "results", required_argument, NULL, 'r' },
		{ "run-id", required_argument, NULL, 'i' },
		{ "method", required_argument, NULL, 'm' },
		{ "suite-revision", required_argument, NULL, 'v' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .results = "results", .method = "mprotect", .revision = "unknown" };
	struct twin_suite suite;
	char err[640];
	const char *cmd;
	int c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "list")) {
		if (argc != 3) {
			usage(stderr);
			return 2;
		}
		return list(argv[2]);
	}
	if (strcmp(cmd, "run") && strcmp(cmd, "job")) {
		fprintf(stderr, "pmbench-twin: unknown command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o.suite = optarg; break;
		case 'r': o.results = optarg; break;
		case 'i': o.run_id = optarg; break;
		case 'm': o.method = optarg; break;
		case 'v': o.revision = optarg; break;
		case 'l': o.list = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (twin_method_from_name(o.method) < 0) {
		fprintf(stderr, "pmbench-twin: --method %s: mprotect or mseal\n", o.method);
		return 2;
	}
	if (!strcmp(cmd, "job")) {
		char line[4096] = "";
		size_t used = 0;
		int k;

		/* stop at the first word that does not fit: used never passes the buffer */
		for (k = optind; k < argc && used < sizeof(line); k++)
			used += (size_t)snprintf(line + used, sizeof(line) - used, "%s ",
						 argv[k]);
		if (used >= sizeof(line) || twin_suite_parse(&suite, line, "job", err, sizeof(err))) {
			fprintf(stderr, "pmbench-twin: %s\n", used >= sizeof(line) ? "job line too long" : err);
			return 2;
		}
	} else {
		if (!o.suite || optind != argc) {
			usage(stderr);
			return 2;
		}
		if (twin_suite_load(&suite, o.suite, err, sizeof(err))) {
			fprintf(stderr, "pmbench-twin: %s\n", err);
			return 2;
		}
	}
	if (o.list) {
		fprintf(stderr, "pmbench-twin: %s: %zu jobs\n", suite.name, suite.nr_jobs);
		twin_suite_free(&suite);
		return 0;
	}
	c = run(&o, &suite);
	twin_suite_free(&suite);
	return c;
}
