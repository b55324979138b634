/* SPDX-License-Identifier: GPL-2.0 */
/* Words and numbers as the report prints them; CSV and Markdown cells. */
#ifndef PMB_REPORT_FORMAT_H
#define PMB_REPORT_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"
#include "stats.h"

enum rpt_unit {
	RPT_UNIT_NS,		/* scaled to ns, µs, ms, s */
	RPT_UNIT_CYCLES,	/* plain */
	RPT_UNIT_BYTES,		/* scaled to B, KiB, MiB, GiB */
	RPT_UNIT_COUNT,		/* plain */
};

/* "VM TCG" for "vm-tcg"; unknown targets as they are. */
const char *rpt_target_label(const char *target);
/* One sentence: what numbers from this target mean. */
const char *rpt_target_meaning(const char *target);
/* "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz" -> "Intel Xeon Gold 6130 @ 2.10GHz" */
void rpt_cpu_short(const char *model, char *buf, size_t len);
/*
 * "VM TCG, 6.1.0-56-amd64, AMD EPYC 7B13, protection pte (pmbench's own
 * batched flush, ...)": every title's tail.
 */
void rpt_source(const struct rpt_env *env, char *buf, size_t len);
/*
 * "cpa (set_memory_ro() per area, Stoppa's design: ...)": a protection
 * method and its registry row's description, which says whose design it
 * is; a name not in the registry as it is.
 */
void rpt_method_label(const char *method, char *buf, size_t len);

/*
 * The number a table shows for a workload, from its registry row's
 * measure: ns per op (PMB_MEASURE_TIME) or bytes consumed (_BYTES).
 */
enum rpt_field rpt_primary_field(const char *workload);
/* "ns per op", "bytes consumed": what a PMB_MEASURE_* compares. */
const char *rpt_measure_caption(int measure);
enum rpt_unit rpt_field_unit(enum rpt_field f);
/* "ns/op", "bytes consumed", ... */
const char *rpt_field_caption(enum rpt_field f);

/*
 * Every number the report prints goes through these: a value that rounds
 * to zero prints without a sign ("0.00", never "-0.00").
 * rpt_unsign_zero() drops the '-' of a printed zero ("-0", "-0.00 ns");
 * true if it did.
 */
bool rpt_unsign_zero(char *buf);
/* @v with @dec decimals. */
void rpt_fmt_fixed(char *buf, size_t len, double v, int dec);
/* Three significant digits with a unit: "812 ns", "4.41 µs"; NaN: "n/a". */
void rpt_fmt_quantity(char *buf, size_t len, double v, enum rpt_unit u);
/* "64 B", "4 KiB", "2 MiB" (exact multiples only). */
void rpt_fmt_size(char *buf, size_t len, unsigned long long bytes);
/*
 * A ratio as its cell prints it: r rounded to its digits (two decimals from
 * 0.1 to 10, as hyperfine prints them), lo rounded down and hi up, each to
 * its own digits, so that the printed interval holds the computed one.
 */
struct rpt_ratio_shown {
	double r, lo, hi;
	int r_dec, lo_dec, hi_dec;	/* decimals printed */
};
void rpt_ratio_shown(const struct rpt_ratio *r, struct rpt_ratio_shown *s);

/* What a ratio's interval says, read off the interval as printed. */
enum rpt_verdict {
	RPT_V_DIFFERS,		/* the printed [lo, hi] excludes 1 */
	RPT_V_INCLUDES_1,	/* the printed [lo, hi] holds 1 */
	RPT_V_NO_INTERVAL,	/* no interval (rpt_ratio_of_medians() != 0) */
};
enum rpt_verdict rpt_ratio_verdict(const struct rpt_ratio *r, int rc);

/* "0.18 [0.17, 0.20]" (rc 0), "0.18" (rc 1), "n/a" (rc < 0). */
void rpt_fmt_ratio(char *buf, size_t len, const struct rpt_ratio *r, int rc);
/* A coverage as "93.7%", rounded down: never claims more than it has. */
void rpt_fmt_level(char *buf, size_t len, double level);
/* "+2.80%"; NaN: "n/a". */
void rpt_fmt_change(char *buf, size_t len, double base, double cand);
/* "alloc", "read chase", "read chase, protected" */
void rpt_workload_label(const struct rpt_key *k, char *buf, size_t len);
/* "pmalloc read chase, protected 64 B × 8192 (pte)" */
void rpt_job_label(const struct rpt_key *k, char *buf, size_t len);
/* "ok", "unsupported" or "error". */
const char *rpt_status_name(enum rpt_status s);
/* What a table cell shows for a job's field: status word or quantity. */
void rpt_fmt_job_value(char *buf, size_t len, const struct rpt_job *job,
		       enum rpt_field f, double v);

/* @buf (PATH_MAX bytes) = [@dir "/"] @name @ext; -1 with ENAMETOOLONG. */
int rpt_path(char *buf, const char *dir, const char *name, const char *ext);

/*
 * Output files: @name created afresh in directory @dfd (what was there,
 * a symbolic link included, is removed first; then O_EXCL | O_NOFOLLOW),
 * so a report never writes through a link out of its folder.  NULL with
 * errno set on failure.
 */
FILE *rpt_create(int dfd, const char *name);
/* Directory @name inside @dir, made first when @create; never a link. */
int rpt_open_dir(const char *dir, const char *name, bool create);

/* Markdown: the string with '|' escaped, control characters as blanks. */
void rpt_md_escape(const char *s, char *buf, size_t len);

/* A CSV row being written: fields quoted as RFC 4180 asks. */
struct rpt_csv {
	FILE *f;
	int col;
};
void rpt_csv_str(struct rpt_csv *c, const char *s);	/* NULL: empty */
void rpt_csv_num(struct rpt_csv *c, double v);		/* NaN: "n/a" */
void rpt_csv_ull(struct rpt_csv *c, unsigned long long v);
void rpt_csv_cpus(struct rpt_csv *c, long long cpus);	/* < 0: empty */
void rpt_csv_end(struct rpt_csv *c);

#endif /* PMB_REPORT_FORMAT_H */
