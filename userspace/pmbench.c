// SPDX-License-Identifier: GPL-2.0
/*
 * pmbench: the userspace driver.  Talks to /dev/pmbench one job at a time.
 *   pmbench caps                      what the loaded module offers (JSON)
 *   pmbench list TABLE                the registry this driver was built with
 *   pmbench selftest [opts] [NAME..]  in-module self-tests, TAP output
 *   pmbench job [opts]                one job, one results.jsonl line per repeat
 *   pmbench run [opts]                a suite into results/<run-id>/ (pmb_run.c)
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <jansson.h>

#include "pmb_dev.h"
#include "pmb_perf.h"
#include "pmb_names.h"
#include "pmb_result.h"
#include "pmb_run.h"
#include "pmb_suite.h"

static const char *dev_path = PMB_DEVICE_PATH;

/* The tables `pmbench list` prints, one name per line. */
static const char *pair_line(unsigned int i);
static const char *alias_line(unsigned int i);
static const struct list_table {
	const char *table;
	const char *(*name)(unsigned int);
	const char *what;
} list_tables[] = {
	{ "backends", pmb_backend_name, "backend names" },
	{ "aliases", alias_line, "ALIAS BACKEND: old names still read, never written" },
	{ "workloads", pmb_workload_name, "workload names" },
	{ "methods", pmb_method_name, "protection methods" },
	{ "figures", pmb_figure_name, "the figures' keys in results.jsonl" },
	{ "pairs", pair_line, "BACKEND WORKLOAD supported|unsupported, for a job without flags" },
};
#define NR_LIST_TABLES	(sizeof(list_tables) / sizeof(list_tables[0]))

static void usage(FILE *f)
{
	char list[256];
	size_t i;

	fprintf(f,
"usage: pmbench [--device PATH] COMMAND [OPTIONS]\n"
"\n"
"commands:\n"
"  caps                     print the loaded module's capabilities as JSON\n"
"  list TABLE               (or --list TABLE) the registry this driver was\n"
"                           built with, one entry per line; TABLE:\n");
	for (i = 0; i < NR_LIST_TABLES; i++)
		fprintf(f, "                             %-10s %s\n", list_tables[i].table,
			list_tables[i].what);
	fprintf(f,
"  selftest [--method M] [--list] [NAME...]\n"
"                           run the module's self-tests (all, or NAMEs); TAP output\n"
"  job --backend B --workload W --size BYTES --count N\n"
"      [--repeats R] [--warmup W] [--cpu C] [--method M]\n"
"      [--sweep] [--protected] [--verify] [--partitions N]\n"
"                           run one job; one JSON line per kept repeat\n"
"  perf-hold                open the counters `run` opens and keep them open\n"
"                           until a signal or the parent's exit (VM tests: the\n"
"                           kernel patches its perf static keys once, at the\n"
"                           start, not at every run)\n");
	pmb_run_usage(f);
	pmb_name_list(list, sizeof(list), pmb_backend_name, " ");
	fprintf(f, "\nbackends: %s\n", list);
	pmb_name_list(list, sizeof(list), pmb_workload_name, " ");
	fprintf(f, "workloads: %s\n", list);
	pmb_name_list(list, sizeof(list), pmb_method_name, " ");
	fprintf(f, "methods: %s (default: the module's default)\n", list);
	fprintf(f, "limits of one job: size %llu, count %llu, repeats + warmup %d\n",
		(unsigned long long)PMB_JOB_SIZE_MAX, (unsigned long long)PMB_JOB_COUNT_MAX,
		PMB_JOB_SAMPLES_MAX);
	fprintf(f, "The device is root-only; load the module first (make bench does it).\n"
		   "run and job first check that the loaded module was built from the same\n"
		   "registry as this driver; if not, they say where it differs and exit with 2.\n");
}

/* Line @i of `pmbench list pairs`: backends innermost, as in suites. */
static const char *pair_line(unsigned int i)
{
	static char buf[2 * 32 + 16];
	unsigned int b = i % PMB_NR_BACKENDS, w = i / PMB_NR_BACKENDS;

	if (w >= PMB_NR_WORKLOADS)
		return NULL;
	snprintf(buf, sizeof(buf), "%s %s %s", pmb_backend_name(b), pmb_workload_name(w),
		 pmb_job_supported(b, w, 0) ? "supported" : "unsupported");
	return buf;
}

/* Line @i of `pmbench list aliases`: "pmalloc pmalloc-genalloc". */
static const char *alias_line(unsigned int i)
{
	static char buf[2 * 32 + 2];
	int b = pmb_backend_alias_target(i);

	if (b < 0)
		return NULL;
	snprintf(buf, sizeof(buf), "%s %s", pmb_backend_alias(i),
		 pmb_backend_name((unsigned int)b));
	return buf;
}

/* `pmbench list TABLE`: needs no module, so scripts can loop over the rows. */
static int cmd_list(int argc, char **argv)
{
	const char *(*name)(unsigned int) = NULL;
	unsigned int i;
	size_t t;

	for (t = 0; argc == 2 && t < NR_LIST_TABLES; t++)
		if (!strcmp(argv[1], list_tables[t].table))
			name = list_tables[t].name;
	if (!name) {
		fprintf(stderr, "pmbench: list: give one of");
		for (t = 0; t < NR_LIST_TABLES; t++)
			fprintf(stderr, " %s", list_tables[t].table);
		fprintf(stderr, "\n");
		return 2;
	}
	for (i = 0; name(i); i++)
		puts(name(i));
	return 0;
}

/* Numbers as suites write them (pmb_parse_u64): 4k for --size and --count. */
static int parse_u64(const char *opt, const char *s, __u64 *out, bool suffix)
{
	unsigned long long v;

	if (pmb_parse_u64(s, suffix, &v)) {
		fprintf(stderr, "pmbench: %s: not a non-negative integer: '%s' (decimal digits, or 0x and hex digits%s)\n",
			opt, s, suffix ? "; k, M or G may follow" : "");
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_u32(const char *opt, const char *s, __u32 *out)
{
	__u64 v;

	if (parse_u64(opt, s, &v, false))
		return -1;
	if (v > UINT32_MAX) {
		fprintf(stderr, "pmbench: %s: too large: '%s'\n", opt, s);
		return -1;
	}
	*out = (__u32)v;
	return 0;
}

static int parse_method(const char *s, __u32 *out)
{
	int m = pmb_method_from_name(s);
	char list[160];

	if (m < 0) {
		pmb_name_list(list, sizeof(list), pmb_method_name, ", ");
		fprintf(stderr, "pmbench: --method: unknown protection method '%s' (%s)\n", s, list);
		return -1;
	}
	*out = (__u32)m;
	return 0;
}

static void print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	if (s) {
		puts(s);
		free(s);
	}
}

static json_t *mask_names(__u32 mask, const char *(*name)(unsigned int))
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < 32; i++)
		if ((mask & (1u << i)) && name(i))
			json_array_append_new(a, json_string(name(i)));
	return a;
}

/*
 * perf-hold: the counters of `pmbench run`, opened and enabled, held until
 * a signal or the parent's exit.  Opening the first perf event of a kind
 * switches static keys on (perf_swevent_enabled[] for page-faults,
 * perf_sched_events for a task's counters), and closing the last switches
 * them off: each time the kernel rewrites code other CPUs may be running
 * (text_poke_bp()).  Under QEMU TCG with two vCPUs that rewrite has left a
 * vCPU spinning at the patched site (a soft lockup in do_user_addr_fault())
 * and oopsed on int3 (6.12-rt).  A VM test starts this first, so the keys
 * flip once, before anything else runs, and never again.
 */
static int cmd_perf_hold(int argc, char **argv)
{
	struct pmb_perf p;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "pmbench: perf-hold takes no argument\n");
		return 2;
	}
	/* A background job of a script starts with SIGINT ignored. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		return 0;	/* the parent is already gone */
	pmb_perf_open(&p, NULL);
	pmb_perf_start(&p);
	printf("perf-hold: ready\n");	/* the keys are on: the caller may go on */
	fflush(stdout);
	for (;;)
		pause();
}

static int cmd_caps(int argc, char **argv)
{
	struct pmb_caps caps = { 0 };
	json_t *o;
	int fd, ret;

	if (argc > 1) {
		fprintf(stderr, "pmbench: caps: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	fd = pmb_dev_open(dev_path);
	if (fd < 0)
		return 1;
	ret = pmb_dev_caps(fd, &caps);
	close(fd);
	if (ret) {
		fprintf(stderr, "pmbench: caps: %s\n", pmb_dev_strerror(ret));
		return 1;
	}
	o = json_pack("{s:i, s:s, s:o, s:o, s:o, s:s?, s:i, s:i, s:I}",
		      "abi_version", PMB_ABI_VERSION,
		      "kernel", caps.release,
		      "backends", mask_names(caps.backends, pmb_backend_name),
		      "workloads", mask_names(caps.workloads, pmb_workload_name),
		      "protect_methods", mask_names(caps.protect_methods, pmb_method_name),
		      "protect_default", pmb_method_name(caps.protect_default),
		      "cpus", (int)caps.nr_cpus,
		      "selftests", (int)caps.nr_selftests,
		      "tsc_khz", (json_int_t)caps.tsc_khz);
	print_json(o);
	json_decref(o);
	return 0;
}

static bool name_selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc == 0)
		return true;
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static int cmd_selftest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	__u32 method = PMB_PROT_DEFAULT;
	struct pmb_caps caps = { 0 };
	unsigned int i, n = 0, failed = 0;
	bool list = false;
	int fd, c, ret;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_method(optarg, &method))
				return 2;
			break;
		case 'l':
			list = true;
			break;
		default:
			return 2;
		}
	}
	fd = pmb_dev_open(dev_path);
	if (fd < 0)
		return 1;
	if (!list && pmb_dev_lock(fd, dev_path)) {
		close(fd);
		return 1;
	}
	ret = pmb_dev_caps(fd, &caps);
	if (ret) {
		fprintf(stderr, "pmbench: selftest: %s\n", pmb_dev_strerror(ret));
		close(fd);
		return 1;
	}
	for (i = 0; i < caps.nr_selftests; i++) {
		struct pmb_selftest st = { .index = i, .protect_method = method };

		ret = pmb_dev_selftest(fd, &st);
		if (ret) {
			fprintf(stderr, "pmbench: selftest %u: %s\n", i, pmb_dev_strerror(ret));
			close(fd);
			return 1;
		}
		if (!name_selected(st.name, argc - optind, argv + optind))
			continue;
		if (list) {
			puts(st.name);
			continue;
		}
		st.flags = PMB_SELFTEST_RUN;
		ret = pmb_dev_selftest(fd, &st);
		n++;
		if (ret || st.result) {
			failed++;
			printf("not ok %u - %s [%s] # %s\n", n, st.name,
			       pmb_method_name(st.protect_method) ?: "?",
			       ret ? pmb_dev_strerror(ret) : st.message);
		} else {
			printf("ok %u - %s [%s]%s%s\n", n, st.name,
			       pmb_method_name(st.protect_method) ?: "?",
			       st.message[0] ? " # " : "", st.message);
		}
	}
	close(fd);
	if (!list)
		printf("1..%u\n", n);
	if (!list && n == 0 && argc - optind > 0) {
		fprintf(stderr, "pmbench: selftest: no self-test matches the given names\n");
		return 1;
	}
	return failed ? 1 : 0;
}

static int parse_job(int argc, char **argv, struct pmb_job *job)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "workload", required_argument, NULL, 'w' },
		{ "size", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "repeats", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "method", required_argument, NULL, 'm' },
		{ "sweep", no_argument, NULL, 'S' },
		{ "protected", no_argument, NULL, 'P' },
		{ "verify", no_argument, NULL, 'V' },
		{ "partitions", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_b = false, have_w = false, have_s = false, have_n = false;
	bool have_p = false;
	char list[256], why[128];
	__u32 cpu;
	int c, v;

	job->repeats = 5;
	job->warmup = 1;
	job->cpu = -1;
	job->protect_method = PMB_PROT_DEFAULT;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			v = pmb_backend_from_name(optarg);
			if (v < 0) {
				pmb_name_list(list, sizeof(list), pmb_backend_name, ", ");
				fprintf(stderr, "pmbench: --backend: unknown backend '%s' (%s)\n",
					optarg, list);
				return -1;
			}
			job->backend = (__u32)v;
			have_b = true;
			break;
		case 'w':
			v = pmb_workload_from_name(optarg);
			if (v < 0) {
				pmb_name_list(list, sizeof(list), pmb_workload_name, ", ");
				fprintf(stderr, "pmbench: --workload: unknown workload '%s' (%s)\n",
					optarg, list);
				return -1;
			}
			job->workload = (__u32)v;
			have_w = true;
			break;
		case 's':
			if (parse_u64("--size", optarg, &job->size, true))
				return -1;
			have_s = true;
			break;
		case 'n':
			if (parse_u64("--count", optarg, &job->count, true))
				return -1;
			have_n = true;
			break;
		case 'r':
			if (parse_u32("--repeats", optarg, &job->repeats))
				return -1;
			break;
		case 'W':
			if (parse_u32("--warmup", optarg, &job->warmup))
				return -1;
			break;
		case 'c':
			if (!strcmp(optarg, "-1")) {
				job->cpu = -1;
				break;
			}
			if (parse_u32("--cpu", optarg, &cpu) || cpu > INT32_MAX)
				return -1;
			job->cpu = (__s32)cpu;
			break;
		case 'm':
			if (parse_method(optarg, &job->protect_method))
				return -1;
			break;
		case 'S':
			job->flags |= PMB_JOB_READ_SWEEP;
			break;
		case 'P':
			job->flags |= PMB_JOB_READ_PROTECTED;
			break;
		case 'V':
			job->flags |= PMB_JOB_VERIFY;
			break;
		case 'p':
			if (pmb_parse_partitions(optarg, &job->partitions, why, sizeof(why))) {
				fprintf(stderr, "pmbench: --partitions %s: %s\n", optarg, why);
				return -1;
			}
			have_p = true;
			break;
		default:
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pmbench: job: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!have_b || !have_w || !have_s || !have_n) {
		fprintf(stderr, "pmbench: job: --backend, --workload, --size and --count are required\n");
		return -1;
	}
	if (job->repeats == 0) {
		fprintf(stderr, "pmbench: --repeats: must be at least 1\n");
		return -1;
	}
	/* A backend that takes partitions has one unless told otherwise. */
	if (!have_p && (pmb_backend_caps(job->backend) & PMB_CAN_PARTITION))
		job->partitions = 1;
	return pmb_job_check_limits(job, "pmbench: job: ", stderr);
}

static int cmd_job(int argc, char **argv)
{
	struct pmb_caps caps = { 0 };
	struct pmb_job job = { 0 };
	struct pmb_sample *samples;
	unsigned int i, kept = 0;
	__u64 cap;
	int fd, ret;

	if (parse_job(argc, argv, &job))
		return 2;
	cap = (__u64)job.repeats + job.warmup;	/* at most PMB_JOB_SAMPLES_MAX */
	samples = calloc(cap, sizeof(*samples));
	if (!samples) {
		perror("pmbench: job");
		return 1;
	}
	job.samples_cap = (__u32)cap;
	job.samples_ptr = (__u64)(uintptr_t)samples;
	fd = pmb_dev_open(dev_path);
	if (fd < 0 || pmb_dev_lock(fd, dev_path)) {
		if (fd >= 0)
			close(fd);
		free(samples);
		return 1;
	}
	/* A module built from other rows would run another job than asked. */
	ret = pmb_dev_check_registry(fd);
	if (ret) {
		close(fd);
		free(samples);
		return ret;
	}
	ret = pmb_dev_caps(fd, &caps);
	if (ret) {
		fprintf(stderr, "pmbench: job: %s\n", pmb_dev_strerror(ret));
		close(fd);
		free(samples);
		return 1;
	}
	if (job.cpu >= 0 && (__u32)job.cpu >= caps.nr_cpus) {
		fprintf(stderr, "pmbench: job: --cpu %d: the module sees %u CPUs (0-%u)\n",
			job.cpu, caps.nr_cpus, caps.nr_cpus ? caps.nr_cpus - 1 : 0);
		close(fd);
		free(samples);
		return 2;
	}
	ret = pmb_dev_run_job(fd, &job);
	close(fd);
	if (ret == -EOPNOTSUPP) {
		json_t *o = pmb_result_line(&job, NULL, 0, ret);

		print_json(o);
		json_decref(o);
		free(samples);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "pmbench: job %s/%s size %llu count %llu: %s\n",
			pmb_backend_name(job.backend), pmb_workload_name(job.workload),
			(unsigned long long)job.size, (unsigned long long)job.count,
			pmb_dev_strerror(ret));
		free(samples);
		return 1;
	}
	for (i = 0; i < job.nr_samples && i < cap; i++) {
		json_t *o;

		if (samples[i].flags & PMB_SAMPLE_WARMUP)
			continue;
		o = pmb_result_line(&job, &samples[i], kept++, 0);
		print_json(o);
		json_decref(o);
	}
	free(samples);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "list", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	char *list_argv[3] = { "list", NULL, NULL };
	int c;

	/* Options before the command only; the command parses its own. */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'L':
			list_argv[1] = optarg;
			return cmd_list(2, list_argv);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	argc -= optind;
	argv += optind;
	optind = 1;
	if (!strcmp(argv[0], "caps"))
		return cmd_caps(argc, argv);
	if (!strcmp(argv[0], "list"))
		return cmd_list(argc, argv);
	if (!strcmp(argv[0], "selftest"))
		return cmd_selftest(argc, argv);
	if (!strcmp(argv[0], "job"))
		return cmd_job(argc, argv);
	if (!strcmp(argv[0], "run"))
		return pmb_cmd_run(argc, argv, dev_path);
	if (!strcmp(argv[0], "perf-hold"))
		return cmd_perf_hold(argc, argv);
	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "pmbench: unknown command '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
