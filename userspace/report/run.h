/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One run as the report tool sees it: results/<run-id>/env.json and
 * results.jsonl (doc/results.md), the lines grouped into jobs.
 */
#ifndef PMB_REPORT_RUN_H
#define PMB_REPORT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "pmb_names.h"
#include "stats.h"
#include "twin/twin_registry.h"

/*
 * What the loader accepts (doc/results.md, "What the report refuses"):
 * every number finite and within +-RPT_MAX_VALUE, so that sums and
 * squares of a few thousand stay finite, and 0 or at least RPT_MIN_VALUE
 * in magnitude, so that a padded log axis stays above 0; lines and
 * env.json bounded.
 */
#define RPT_MAX_VALUE		1e18
#define RPT_MIN_VALUE		1e-9
#define RPT_MAX_LINE		(1 << 20)	/* bytes of one results.jsonl line */
#define RPT_MAX_ENV_BYTES	(16 << 20)
#define RPT_MAX_CPUS		(1 << 20)
#define RPT_MAX_TSC_KHZ		1000000000LL	/* 1 THz */
#define RPT_MAX_TLB_ENTRIES	(1 << 24)

/*
 * A busy host: host_load.other_busy or host_load.steal, shares of all
 * CPUs' time taken by others around the job, above this on any line of a
 * job (doc/results.md, the host_load row: "rows with other_busy above 0.10
 * were measured on a busy machine").  Its wall times are stretched.
 */
#define RPT_BUSY_SHARE		0.10

/*
 * Per-repeat numbers kept for statistics; every one may be null, and
 * absent from older results (metadata_bytes, va_bytes, flips, purge_ns,
 * window_ns):
 * new ones go at the end, so summary.csv only gains columns (from
 * RPT_F_AFTER_HOST_LOAD on, after the host_load ones).
 */
#define RPT_FIELDS(X)							\
	X(NS, NULL, "ns_per_op")					\
	X(CYCLES, NULL, "cycles_per_op")				\
	X(BASE_NS, NULL, "baseline_ns_per_op")				\
	X(BASE_CYCLES, NULL, "baseline_cycles_per_op")			\
	X(PAGES, NULL, "pages")						\
	X(VMAP_AREAS, NULL, "vmap_areas")				\
	X(BYTES_REQ, NULL, "bytes_requested")				\
	X(BYTES_CONS, NULL, "bytes_consumed")				\
	X(TLB_FLUSHES, NULL, "tlb_flushes")				\
	X(DM_SPLITS, NULL, "direct_map_splits")				\
	X(CTR_CYCLES, "counters", "cycles")				\
	X(CTR_INSNS, "counters", "instructions")			\
	X(CTR_DTLB_LOADS, "counters", "dTLB-loads")			\
	X(CTR_DTLB_MISSES, "counters", "dTLB-load-misses")		\
	X(CTR_ITLB_MISSES, "counters", "iTLB-load-misses")		\
	X(CTR_PAGE_FAULTS, "counters", "page-faults")			\
	X(METADATA_BYTES, NULL, "metadata_bytes")			\
	X(VA_BYTES, NULL, "va_bytes")					\
	X(FLIPS, NULL, "flips")						\
	X(PURGE_NS, NULL, "purge_ns")					\
	X(WINDOW_NS, NULL, "window_ns")

#define RPT_X_ENUM(e, parent, name) RPT_F_##e,
enum rpt_field { RPT_FIELDS(RPT_X_ENUM) RPT_NR_FIELDS };
#undef RPT_X_ENUM
/* The perf counters: from RPT_F_FIRST_COUNTER to RPT_F_END_COUNTERS, excluded. */
#define RPT_F_FIRST_COUNTER RPT_F_CTR_CYCLES
#define RPT_F_END_COUNTERS RPT_F_METADATA_BYTES
/* summary.csv: fields newer than its host_load columns come after them. */
#define RPT_F_AFTER_HOST_LOAD RPT_F_PURGE_NS

struct rpt_field_desc {
	const char *parent;	/* object holding it, NULL: the line itself */
	const char *name;	/* member name in results.jsonl */
};
extern const struct rpt_field_desc rpt_fields[RPT_NR_FIELDS];

enum rpt_status {
	RPT_STATUS_OK,		/* at least one repeat measured */
	RPT_STATUS_UNSUPPORTED,	/* the backend cannot do this workload */
	RPT_STATUS_ERROR,	/* every repeat failed */
};

/* What identifies a job; NULL / -1 where results.jsonl does not say. */
struct rpt_key {
	char *backend;
	char *workload;
	unsigned long long size;
	unsigned long long count;
	char *pattern;
	int is_protected;
	char *protect_method;
	long long online_cpus;	/* CPUs online during the job, -1: not recorded */
	long long threads;	/* userspace twin: reader threads beside the timed work (-1: not recorded) */
	/*
	 * partitions= of a PMB_CAN_PARTITION backend's job (-1: none): part of
	 * the backend's identity, so not of rpt_key_same_work(): every N is
	 * its own row, held against the same baselines.
	 */
	long long partitions;
	bool show_cpus;		/* the run swept online CPUs: labels say how many */
};

struct rpt_values {
	double *v;
	size_t n, cap;
};

struct rpt_tristate {
	unsigned int yes, no, unknown;
};

struct rpt_job {
	struct rpt_key key;
	long index;		/* `job` of its first line, -1 if absent */
	unsigned int lines, ok, unsupported, errors, disturbed;
	char *error;		/* first `error` message */
	struct rpt_values val[RPT_NR_FIELDS];	/* non-null values only */
	struct rpt_stats st[RPT_NR_FIELDS];
	struct rpt_tristate verified, direct_map_ro;
	enum rpt_status status;
	/* host_load over the job's lines: the largest shares, NAN where none said */
	double other_busy_max, steal_max;
	/* Its times are wall time, which a busy host stretches (not vm-icount's). */
	bool wall_clock;
	/* userspace twin: reads that saw an object half written, -1 where none said */
	long long torn_reads;
};

struct rpt_env {
	json_t *root;		/* the whole of env.json */
	const char *target, *kernel, *cpu_model, *protect_method;
	const char *suite, *suite_revision, *started, *finished;
	const char *hostname, *clocksource;
	long long cpus, tsc_khz, tlb_entries;	/* -1 where absent or null */
	bool partial;
};

struct rpt_run {
	char *dir;		/* as given */
	char *id;		/* basename of dir */
	struct rpt_env env;
	struct rpt_job *jobs;	/* sorted by rpt_key_cmp once loaded */
	size_t nr_jobs, cap_jobs;
};

/*
 * Read @dir into @run.  On failure returns -1 with a message such as
 * "DIR/results.jsonl:17: not valid JSON: ..." in @err; @run is then empty.
 */
int rpt_run_load(const char *dir, struct rpt_run *run, char *err, size_t len);
void rpt_run_free(struct rpt_run *run);

/* Whether @run is the userspace twin's (target "userspace"). */
bool rpt_run_is_twin(const struct rpt_run *run);
/* A job's partitions=, 0 where it has none (the key's -1). */
long long rpt_key_partitions(const struct rpt_key *k);

/* Some job of the run has partitions= (a PMB_CAN_PARTITION backend's). */
bool rpt_run_has_partitions(const struct rpt_run *run);
/*
 * Whether a line of @job saw other_busy or steal above RPT_BUSY_SHARE, on a
 * wall clock (under vm-icount guest time counts instructions: a busy host
 * cannot stretch it, and no job is called busy).
 */
bool rpt_job_busy(const struct rpt_job *job);
/* Whether any line of @run recorded host_load's other_busy or steal. */
bool rpt_run_has_load(const struct rpt_run *run);
/* The jobs of @run that rpt_job_busy() calls busy. */
size_t rpt_run_busy_jobs(const struct rpt_run *run);

/* Order of tables and plots: workload, read options, size, count, backend. */
int rpt_key_cmp(const struct rpt_key *a, const struct rpt_key *b);
/* Equal strings, NULL equal to NULL only. */
bool rpt_str_equal(const char *a, const char *b);
/* Same job: every key field equal (NULL equals NULL). */
bool rpt_key_equal(const struct rpt_key *a, const struct rpt_key *b);
/* Same job on another backend: every key field but backend and method. */
bool rpt_key_same_work(const struct rpt_key *a, const struct rpt_key *b);

/*
 * The registries as the report reads them: the module's
 * (kmod/uapi/pmbench_registry.h), then the userspace twin's
 * (userspace/twin/twin_registry.h: its backends, its protection methods and
 * its own workloads, whose results say target "userspace"), as one table
 * each: each backend's role and description, each workload's measure, plot
 * and description, and whether a job protects its objects.  Tables and
 * plots ask these; none of them names a backend or a workload.
 */
#define RPT_NR_BACKENDS		(PMB_NR_BACKENDS + TWIN_NR_BACKENDS)
#define RPT_NR_WORKLOADS	(PMB_NR_WORKLOADS + TWIN_NR_OWN_WORKLOADS)
#define RPT_NR_METHODS		(PMB_NR_PROTECT_METHODS + TWIN_NR_METHODS)

struct rpt_backend_row {
	const char *name, *desc;
	unsigned int caps;	/* PMB_CAN_* */
	int role;		/* PMB_ROLE_* */
};

struct rpt_workload_row {
	const char *name, *desc;
	unsigned int needs, jobflags, figures;
	int protects, measure, plot;	/* PMB_MEASURE_*, PMB_PLOT_* */
	unsigned int like;	/* the module's row it shares these with (itself) */
};

extern const struct rpt_backend_row rpt_backend_rows[RPT_NR_BACKENDS];
/* filled in before main() (the twin's own rows take their module row's fields) */
extern struct rpt_workload_row rpt_workload_rows[RPT_NR_WORKLOADS];

/* The row of @name; NULL when this build's registries have none. */
const struct rpt_backend_row *rpt_backend_row(const char *name);
const struct rpt_workload_row *rpt_workload_row(const char *name);
/* Index of @name in the tables above (a backend alias: its backend), or -1. */
int rpt_backend_index(const char *name);
int rpt_workload_index(const char *name);
/* Whether backend @b belongs to runs of @target: the twin's to "userspace" only. */
bool rpt_backend_of_target(int b, const char *target);
/*
 * Whether workload @w belongs to runs of @target: a module run's are the
 * module's; a twin run's the twin's own and the module's it runs too.
 */
bool rpt_workload_of_target(int w, const char *target);
/* Protection methods: the module's, then the twin's. */
/* Whether method @m belongs to runs of @target: the twin's to "userspace" only. */
bool rpt_method_of_target(unsigned int m, const char *target);
int rpt_method_index(const char *name);
const char *rpt_method_name(unsigned int m);
const char *rpt_method_desc(unsigned int m);

/* PMB_ROLE_*, or -1 for a backend this build does not know. */
int rpt_backend_role(const char *name);
/* "baseline", "design", "not in this build" */
const char *rpt_role_name(int role);

/*
 * A backend name from a newer pmbench, shown as it is: letters, digits,
 * '_', '-', '.', a letter or digit first, shorter than RPT_NAME_MAX.
 */
#define RPT_NAME_MAX	32
bool rpt_backend_name_valid(const char *name);

/* PMB_MEASURE_* of the job's workload (PMB_MEASURE_TIME if unknown). */
int rpt_measure(const char *workload);
/* PMB_PLOT_* of the job's workload, -1 if unknown. */
int rpt_plot_kind(const char *workload);

/*
 * Whether the job made its objects read-only: pmb_job_protects() of its
 * backend, workload and flags (pattern, protected); for a backend not in
 * this build, whether a protection method ran.
 */
bool rpt_job_protects(const struct rpt_key *k);

#endif /* PMB_REPORT_RUN_H */
