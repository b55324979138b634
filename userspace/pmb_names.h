/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry (kmod/uapi/pmbench_registry.h) as the driver sees it: each
 * row's name and what it can do, expanded from the X-macro rows and from
 * nowhere else; name <-> enum lookups; and the checks every string read
 * from a file or the command line passes.
 */
#ifndef PMB_NAMES_H
#define PMB_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "uapi/pmbench.h"

/* One row of each table, as its X-macro row says; NULL past the end. */
struct pmb_backend_row {
	const char *name;
	__u32 caps;		/* PMB_CAN_* */
	__u32 role;		/* PMB_ROLE_* */
	const char *desc;
};
struct pmb_workload_row {
	const char *name;
	__u32 needs;		/* PMB_CAN_* a backend must have */
	__u32 protects;		/* 1: makes its objects read-only */
	__u32 job_flags;	/* PMB_JOB_* it accepts */
	__u32 figures;		/* PMB_FIGBIT()s it fills in */
	__u32 measure;		/* PMB_MEASURE_* */
	__u32 plot;		/* PMB_PLOT_* */
	const char *desc;
};
struct pmb_method_row {
	const char *name;
	const char *desc;
};
struct pmb_flag_row {
	const char *name;	/* the row's ENUM: "READ_SWEEP" */
	__u32 mask;		/* PMB_JOB_<ENUM> */
	__u32 needs;		/* PMB_CAN_* */
	__u32 protects;		/* 1: a job with the flag protects its objects */
};
struct pmb_figure_row {
	const char *name;	/* the struct pmb_figures field, the result key */
	size_t offset;		/* of that field in struct pmb_figures */
	__u32 type;		/* PMB_FIG_U64 or PMB_FIG_TRI */
	const char *unit;
	const char *desc;
};
/*
 * PMB_COST_* of workload @w (PMB_WORKLOAD_COSTS), and the cost's name,
 * "path" or "memory" (NULL past the end); -1 for a name that is neither.
 */
int pmb_workload_cost(unsigned int w);
const char *pmb_cost_name(unsigned int c);
int pmb_cost_from_name(const char *name);
const struct pmb_backend_row *pmb_backend_row(unsigned int b);
const struct pmb_workload_row *pmb_workload_row(unsigned int w);
const struct pmb_method_row *pmb_method_row(unsigned int m);
/* Job flags by row (0 .. PMB_NR_JOB_FLAGS - 1), not by bit. */
#define PMB_X_COUNT_ROW(...)	+ 1
#define PMB_NR_JOB_FLAGS	(0 PMB_JOB_FLAGS(PMB_X_COUNT_ROW))
const struct pmb_flag_row *pmb_flag_row(unsigned int i);
const struct pmb_figure_row *pmb_figure_row(unsigned int f);

/*
 * What this driver was built with for row @index of registry table @table
 * (PMB_TABLE_*), in the form PMB_IOC_DESCRIBE answers: name and nr_rows
 * always; caps and role (backends); caps as needs, protects, job_flags,
 * figures, measure, plot (workloads); figures as the type (figures);
 * job_flags as the mask, caps as needs, protects (job flags).  Returns 0,
 * -ENOENT past the table's end, -EINVAL for an unknown table.
 */
int pmb_registry_row(unsigned int table, unsigned int index,
		     struct pmb_describe *d);
/* "backend", "workload", ...: what a row of @table is, for messages. */
const char *pmb_table_noun(unsigned int table);

/*
 * Figure @f of @fig as a number: a u64 figure as it is, a tri-state one as
 * 1, 0 or PMB_UNKNOWN; false (and *@v untouched) when it was not measured
 * (~0, PMB_UNKNOWN) or @f is past the table.
 */
bool pmb_figure_value(const struct pmb_figures *fig, unsigned int f,
		      long long *v);

/*
 * Does a job of @workload with @flags make its objects read-only, on a
 * backend that can protect (the suite parser asks before the backend is
 * known)?  From the workload's and the flags' rows.
 */
bool pmb_job_would_protect(unsigned int workload, __u32 flags);
/* Does @workload accept the job flags @mask (every one of them)? */
bool pmb_workload_accepts(unsigned int workload, __u32 mask);

/*
 * The index of @s in a table of names (pmb_backend_name, ..., or another
 * registry's, such as the userspace twin's), read until @name returns NULL;
 * -1 when absent or @s is NULL.
 */
int pmb_name_index(const char *(*name)(unsigned int), const char *s);

/*
 * "kmalloc, vmalloc, pmalloc-genalloc": the names of a table (pmb_backend_name,
 * ...) joined by @sep into @buf; cut short, never overrun, when @len is
 * too small.
 */
void pmb_name_list(char *buf, size_t len, const char *(*name)(unsigned int),
		   const char *sep);

const char *pmb_backend_name(unsigned int b);
const char *pmb_workload_name(unsigned int w);
const char *pmb_method_name(unsigned int m);
const char *pmb_figure_name(unsigned int f);
/*
 * Return the enum value, or -1 when @name is not in the table.  A backend
 * is found by its name or by an alias (PMB_BACKEND_ALIASES: "pmalloc" for
 * pmalloc-genalloc); pmb_backend_name() then gives its one name, the only
 * one written anywhere.
 */
int pmb_backend_from_name(const char *name);
/* @name's row name when it names a backend (alias or not), else @name. */
const char *pmb_backend_canonical(const char *name);
/* Alias @i of PMB_BACKEND_ALIASES, NULL past the end; its backend, or -1. */
const char *pmb_backend_alias(unsigned int i);
int pmb_backend_alias_target(unsigned int i);
int pmb_workload_from_name(const char *name);
int pmb_method_from_name(const char *name);
/* Read patterns: 0 "chase", 1 "sweep" (PMB_JOB_READ_SWEEP). */
const char *pmb_pattern_name(unsigned int p);
int pmb_pattern_from_name(const char *name);

/*
 * Whether @s[0..n) is well-formed UTF-8: no NUL byte, no overlong form,
 * no UTF-16 surrogate, nothing past U+10FFFF (what jansson accepts).
 */
bool pmb_utf8_valid(const char *s, size_t n);
/* UTF-8 without control characters (C0, DEL, C1): one line of text. */
bool pmb_text_valid(const char *s);

/* Run ids: [A-Za-z0-9._+-], a letter or digit first, shorter than this. */
#define PMB_RUN_ID_MAX	100
bool pmb_run_id_valid(const char *id);

/*
 * Read one line of at most @cap - 1 bytes, its newline included, into @buf
 * (NUL-terminated; *@len bytes, which may hold NUL bytes of the input).
 * Never reads more than that: returns 1 for a line, 0 at the end of the
 * file, -1 when the line is longer (the rest is left unread), -2 on a read
 * error.
 */
int pmb_read_line(FILE *f, char *buf, size_t cap, size_t *len);

#endif /* PMB_NAMES_H */
