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

/*
 * The name tables.  One fact in one place: the module, the driver and the
 * report tool all expand these, so a name exists exactly once.
 * X(ENUM_SUFFIX, "name")
 */
#define PMB_BACKENDS(X)				\
	X(KMALLOC, "kmalloc")			\
	X(VMALLOC, "vmalloc")			\
	X(PMALLOC, "pmalloc")

#define PMB_WORKLOADS(X)			\
	X(ALLOC, "alloc")			\
	X(FREE, "free")				\
	X(PROTECT, "protect")			\
	X(UNPROTECT, "unprotect")		\
	X(READ, "read")				\
	X(FOOTPRINT, "footprint")		\
	X(DESTROY, "destroy")

#define PMB_PROTECT_METHODS(X)			\
	X(CPA, "cpa")				\
	X(PTE, "pte")

#define PMB_X_ENUM_BACKEND(e, s)	PMB_BACKEND_##e,
#define PMB_X_ENUM_WORKLOAD(e, s)	PMB_WL_##e,
#define PMB_X_ENUM_METHOD(e, s)		PMB_PROT_##e,
enum pmb_backend { PMB_BACKENDS(PMB_X_ENUM_BACKEND) PMB_NR_BACKENDS };
enum pmb_workload { PMB_WORKLOADS(PMB_X_ENUM_WORKLOAD) PMB_NR_WORKLOADS };
enum pmb_protect_method {
	PMB_PROTECT_METHODS(PMB_X_ENUM_METHOD) PMB_NR_PROTECT_METHODS
};
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

/* Job flags. */
#define PMB_JOB_READ_SWEEP	(1u << 0)	/* read: sequential sweep, not chase */
#define PMB_JOB_READ_PROTECTED	(1u << 1)	/* read: after protecting the objects */
#define PMB_JOB_VERIFY		(1u << 2)	/* protect: verify PTEs + fault drill */
#define PMB_JOB_FLAGS_ALL	0x7u

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

/* Tri-state for figures that may not have been checked. */
#define PMB_UNKNOWN		(-1)

/* Workload-specific figures; PMB_UNKNOWN (or ~0) where not measured. */
struct pmb_figures {
	__u64 pages;		/* pages holding the objects */
	__u64 vmap_areas;	/* vmalloc areas used */
	__u64 bytes_requested;	/* size * count */
	__u64 bytes_consumed;	/* what the backend really took */
	__u64 tlb_flushes;	/* flush rounds issued by protect/unprotect */
	__s32 verified;		/* protect: 1 checked ok, 0 failed, -1 not run */
	__s32 direct_map_ro;	/* 1 alias read-only, 0 writable, -1 n/a */
	__u64 reserved[6];
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
	__u64 reserved[4];
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

#define PMB_IOC_MAGIC		0xB7
#define PMB_IOC_CAPS		_IOWR(PMB_IOC_MAGIC, 0x01, struct pmb_hdr)
#define PMB_IOC_RUN_JOB		_IOWR(PMB_IOC_MAGIC, 0x02, struct pmb_hdr)
#define PMB_IOC_SELFTEST	_IOWR(PMB_IOC_MAGIC, 0x03, struct pmb_hdr)

#endif /* PMBENCH_UAPI_H */
