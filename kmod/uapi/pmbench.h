/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pmbench control ABI: the one header shared by the module and userspace.
 *
 * Every argument starts with struct pmb_hdr.  The ioctl number encodes only
 * the header's size; the real size travels in hdr.argsz, so a struct can grow
 * at its end without new ioctl numbers (VFIO's argsz scheme).  The module
 * rejects a wrong abi_version with EPROTO, an argsz smaller than the struct
 * it knows with EINVAL, and a larger one whose tail is not zero with E2BIG.
 */
#ifndef PMBENCH_UAPI_H
#define PMBENCH_UAPI_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#else
#include <linux/types.h>
#include <sys/ioctl.h>
#endif

#define PMB_ABI_VERSION		1
#define PMB_DEVICE_NAME		"pmbench"
#define PMB_DEVICE_PATH		"/dev/pmbench"
#define PMB_RELEASE_LEN		65	/* __NEW_UTS_LEN + 1 */
#define PMB_ARGSZ_MAX		4096	/* anything larger is E2BIG */

#include "pmbench_registry.h"

#define PMB_X_ENUM_BACKEND(e, ops, s, caps, role, d)	PMB_BACKEND_##e,
#define PMB_X_ENUM_WORKLOAD(e, ops, s, n, p, jf, fig, m, pl, d)	PMB_WL_##e,
#define PMB_X_ENUM_METHOD(e, s, d)		PMB_PROT_##e,
#define PMB_X_ENUM_JOBFLAG(e, bit, n, p)	PMB_JOB_##e = 1u << (bit),
enum pmb_backend { PMB_BACKENDS(PMB_X_ENUM_BACKEND) PMB_NR_BACKENDS };
enum pmb_workload { PMB_WORKLOADS(PMB_X_ENUM_WORKLOAD) PMB_NR_WORKLOADS };
enum pmb_protect_method {
	PMB_PROTECT_METHODS(PMB_X_ENUM_METHOD) PMB_NR_PROTECT_METHODS
};
enum pmb_job_flag { PMB_JOB_FLAGS(PMB_X_ENUM_JOBFLAG) };
#undef PMB_X_ENUM_BACKEND
#undef PMB_X_ENUM_WORKLOAD
#undef PMB_X_ENUM_METHOD
#undef PMB_X_ENUM_JOBFLAG
#define PMB_X_JOBFLAG_ALL(e, bit, n, p)	| PMB_JOB_##e
#define PMB_JOB_FLAGS_ALL	(0u PMB_JOB_FLAGS(PMB_X_JOBFLAG_ALL))

/* Job field meaning "the module's default protection method". */
#define PMB_PROT_DEFAULT	0xffffffffu

struct pmb_hdr {
	__u32 abi_version;	/* PMB_ABI_VERSION */
	__u32 argsz;		/* sizeof the whole argument struct */
};

/* PMB_IOC_CAPS: what this module build offers. */
struct pmb_caps {
	struct pmb_hdr hdr;
	__u32 backends;		/* out: bit n set: backend n available */
	__u32 workloads;	/* out: bit n set: workload n available */
	__u32 protect_methods;	/* out: bit n set: method n resolved */
	__u32 protect_default;	/* out: enum pmb_protect_method */
	__u32 nr_cpus;		/* out: online CPUs */
	__u32 nr_selftests;	/* out: entries of the selftest table */
	__u64 tsc_khz;		/* out: 0 when the TSC is not usable */
	char release[PMB_RELEASE_LEN];	/* out: utsname()->release */
	__u8 pad[7];
};

/* One timed sample: many ops between two fenced TSC reads. */
struct pmb_sample {
	__u64 cycles;		/* TSC cycles for the whole sample */
	__u64 ns;		/* ktime_get_ns() delta for the whole sample */
	__u64 ops;		/* operations in the sample */
	__u32 cpu;		/* CPU the sample ended on */
	__u32 flags;		/* PMB_SAMPLE_* */
};
#define PMB_SAMPLE_WARMUP	(1u << 0)	/* warm-up: not for statistics */
#define PMB_SAMPLE_MIGRATED	(1u << 1)	/* ran on another CPU than asked */
#define PMB_SAMPLE_PREEMPTED	(1u << 2)	/* context switch inside the sample */

/* Job flags: PMB_JOB_<ENUM> from PMB_JOB_FLAGS (pmbench_registry.h). */

/*
 * Job limits.  A job outside them is refused before anything is allocated:
 * EINVAL for a value out of range, E2BIG when the objects (with the
 * allocator's own bookkeeping) could take more than RAM >> PMB_JOB_RAM_SHIFT
 * or more than is available now (MemAvailable).  ENOMEM from a job means
 * an allocation failed midway; the job freed everything it held.
 */
#define PMB_JOB_SIZE_MAX	(4ULL << 20)	/* bytes per object */
#define PMB_JOB_COUNT_MAX	(1ULL << 20)	/* objects per job */
#define PMB_JOB_SAMPLES_MAX	10000		/* warmup + repeats */
#define PMB_JOB_RAM_SHIFT	2		/* objects <= RAM / 4 */
/* partitions= of a PMB_CAN_PARTITION backend's job: 1 to this. */
#define PMB_JOB_PARTITIONS_MAX	16

/* Tri-state for figures that may not have been checked. */
#define PMB_UNKNOWN		(-1)

/*
 * Workload-specific figures, one field per PMB_FIGURES row (what each
 * means is there); ~0 (u64) or PMB_UNKNOWN (tri-state) where not measured.
 * New figures take reserved[] slots from the front; the struct's size
 * never changes.
 */
struct pmb_figures {
	__u64 pages;
	__u64 vmap_areas;
	__u64 bytes_requested;
	__u64 bytes_consumed;
	__u64 tlb_flushes;
	__s32 verified;
	__s32 direct_map_ro;
	__u64 metadata_bytes;
	__u64 va_bytes;
	__u64 flips;
	__u64 purge_ns;
	__u64 window_ns;
	__u64 reserved[1];
};

/* PMB_IOC_RUN_JOB: run one job, synchronously, one at a time. */
struct pmb_job {
	struct pmb_hdr hdr;
	/* in */
	__u32 backend;		/* enum pmb_backend */
	__u32 workload;		/* enum pmb_workload */
	__u64 size;		/* object size in bytes */
	__u64 count;		/* objects */
	__u32 repeats;		/* kept samples */
	__u32 warmup;		/* discarded samples before them */
	__s32 cpu;		/* CPU to pin to, -1: current */
	__u32 protect_method;	/* enum pmb_protect_method or PMB_PROT_DEFAULT */
	__u32 flags;		/* PMB_JOB_* */
	__u32 samples_cap;	/* entries at samples_ptr (>= warmup+repeats) */
	__u64 samples_ptr;	/* user pointer to struct pmb_sample[] */
	/* out */
	__u32 nr_samples;	/* samples written, warm-up included */
	__u32 protect_method_used;	/* the method that really ran */
	struct pmb_sample baseline;	/* empty timing loop, same op count */
	struct pmb_figures fig;
	__u64 tsc_khz;
	/*
	 * in: PMB_CAN_PARTITION backends: copies of each size class, 1 to
	 * PMB_JOB_PARTITIONS_MAX; every other backend: 0.  Taken from
	 * reserved[] (the struct's size never changes); pad must be 0.
	 */
	__u32 partitions;
	__u32 pad;
	__u64 reserved[3];
};

/* PMB_IOC_SELFTEST: run or describe one in-module self-test. */
struct pmb_selftest {
	struct pmb_hdr hdr;
	__u32 index;		/* in: table index */
	__u32 flags;		/* in: PMB_SELFTEST_RUN to run, else describe */
	__u32 protect_method;	/* in: method, or PMB_PROT_DEFAULT */
	__s32 result;		/* out: 0 pass, -errno fail */
	char name[32];		/* out */
	char message[192];	/* out: what failed, or what was checked */
};
#define PMB_SELFTEST_RUN	(1u << 0)

/*
 * PMB_IOC_DESCRIBE: one row of one of the module's registry tables, so the
 * driver can check that the loaded module was built from the registry it
 * was (and refuse to run otherwise).  -ENOENT past the table's end.
 */
#define PMB_TABLE_BACKENDS	0
#define PMB_TABLE_WORKLOADS	1
#define PMB_TABLE_METHODS	2
#define PMB_TABLE_FIGURES	3
#define PMB_TABLE_JOB_FLAGS	4
#define PMB_NR_TABLES		5
struct pmb_describe {
	struct pmb_hdr hdr;
	__u32 table;		/* in: PMB_TABLE_* */
	__u32 index;		/* in: row */
	__u32 nr_rows;		/* out: rows in that table */
	__u32 caps;		/* out: backend caps; workload, job flag needs */
	__u32 role;		/* out: backend role */
	__u32 protects;		/* out: workload, job flag */
	__u32 job_flags;	/* out: workload: PMB_JOB_* it accepts; flag: its bit */
	__u32 figures;		/* out: workload: PMB_FIGBIT()s; figure: its type */
	__u32 measure;		/* out: workload */
	__u32 plot;		/* out: workload */
	__u64 size_max;		/* out: backend: largest object it takes */
	char name[32];		/* out: the row's name */
	__u64 reserved[4];
};

#define PMB_IOC_MAGIC		0xB7
#define PMB_IOC_CAPS		_IOWR(PMB_IOC_MAGIC, 0x01, struct pmb_hdr)
#define PMB_IOC_RUN_JOB		_IOWR(PMB_IOC_MAGIC, 0x02, struct pmb_hdr)
#define PMB_IOC_SELFTEST	_IOWR(PMB_IOC_MAGIC, 0x03, struct pmb_hdr)
#define PMB_IOC_DESCRIBE	_IOWR(PMB_IOC_MAGIC, 0x04, struct pmb_hdr)

/*
 * What a job needs and does, from the rows: the module refuses a job whose
 * backend lacks a needed capability (EOPNOTSUPP, "unsupported"), and the
 * driver and the report use the same answer.
 */
#define PMB_X_WL_NEEDS(e, ops, s, n, p, jf, fig, m, pl, d)	[PMB_WL_##e] = (n),
#define PMB_X_WL_PROTECTS(e, ops, s, n, p, jf, fig, m, pl, d)	[PMB_WL_##e] = (p),
#define PMB_X_BE_CAPS(e, ops, s, caps, role, d)		[PMB_BACKEND_##e] = (caps),
#define PMB_X_FLAG_NEEDS(e, bit, n, p)	| ((flags & PMB_JOB_##e) ? (n) : 0u)
#define PMB_X_FLAG_PROTECTS(e, bit, n, p)	|| ((flags & PMB_JOB_##e) && (p))

static inline __u32 pmb_job_needs(__u32 workload, __u32 flags)
{
	static const __u32 needs[PMB_NR_WORKLOADS] = { PMB_WORKLOADS(PMB_X_WL_NEEDS) };

	return workload < PMB_NR_WORKLOADS ?
	       needs[workload] PMB_JOB_FLAGS(PMB_X_FLAG_NEEDS) : 0;
}

static inline __u32 pmb_backend_caps(__u32 backend)
{
	static const __u32 caps[PMB_NR_BACKENDS] = { PMB_BACKENDS(PMB_X_BE_CAPS) };

	return backend < PMB_NR_BACKENDS ? caps[backend] : 0;
}

/* 1: the job can run on @backend; 0: it is "unsupported" there. */
static inline int pmb_job_supported(__u32 backend, __u32 workload, __u32 flags)
{
	return !(pmb_job_needs(workload, flags) & ~pmb_backend_caps(backend));
}

/* 1: a supported job makes its objects read-only (uses a protection method). */
static inline int pmb_job_protects(__u32 backend, __u32 workload, __u32 flags)
{
	static const __u8 wl[PMB_NR_WORKLOADS] = { PMB_WORKLOADS(PMB_X_WL_PROTECTS) };

	if (workload >= PMB_NR_WORKLOADS ||
	    !(pmb_backend_caps(backend) & PMB_CAN_PROTECT))
		return 0;
	return wl[workload] PMB_JOB_FLAGS(PMB_X_FLAG_PROTECTS);
}
#undef PMB_X_WL_NEEDS
#undef PMB_X_WL_PROTECTS
#undef PMB_X_BE_CAPS
#undef PMB_X_FLAG_NEEDS
#undef PMB_X_FLAG_PROTECTS

#endif /* PMBENCH_UAPI_H */
