// SPDX-License-Identifier: GPL-2.0
/*
 * Self-tests of the registry's tables: the load-time check of ops against
 * rows, fed fake ops that break each rule once, and the PMB_IOC_DESCRIBE
 * answers.  Nothing is allocated; @method is not used.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "backend.h"
#include "registry.h"
#include "selftest_registry.h"
#include "workload.h"

#define ST_FAIL(fmt, ...)						\
	do {								\
		snprintf(msg, len, fmt, ##__VA_ARGS__);			\
		return -EIO;						\
	} while (0)

int pmb_st_registry_rows(unsigned int method, char *msg, size_t len)
{
	const char *why;
	u32 i;

	for (i = 0; i < PMB_NR_BACKENDS; i++) {
		const struct pmb_backend_row *r = pmb_backend_row(i);

		if (!r || !r->name || !r->ops)
			ST_FAIL("backend %u: no row", i);
		if (pmb_backend_ops_check(r->ops, r->caps, &why))
			ST_FAIL("backend %s: %s", r->name, why);
	}
	for (i = 0; i < PMB_NR_WORKLOADS; i++) {
		const struct pmb_workload_row *r = pmb_workload_row(i);

		if (!r || !r->name || !r->ops)
			ST_FAIL("workload %u: no row", i);
		if (pmb_workload_ops_check(r->ops, r->needs, r->job_flags, &why))
			ST_FAIL("workload %s: %s", r->name, why);
	}
	if (pmb_backend_row(PMB_NR_BACKENDS) || pmb_workload_row(PMB_NR_WORKLOADS) ||
	    pmb_backend_row(U32_MAX))
		ST_FAIL("a row past the end of a table");
	snprintf(msg, len, "%d backends and %d workloads agree with their rows",
		 PMB_NR_BACKENDS, PMB_NR_WORKLOADS);
	return 0;
}

/* Ops that are never called: only whether each is there matters. */
static size_t st_obj_bytes(size_t size)
{
	return size;
}

static int st_objs(struct pmb_objs *o)
{
	return 0;
}

static void st_objs_void(struct pmb_objs *o)
{
}

static void st_footprint(struct pmb_objs *o, struct pmb_footprint *fp)
{
}

static unsigned long st_flushes(const struct pmb_objs *o)
{
	return 0;
}

static int st_verify(struct pmb_objs *o, bool expect_ro,
		     struct pmb_verify_report *rep)
{
	return 0;
}

static int st_write_rare(struct pmb_objs *o, void *dst, const void *src,
			 size_t len)
{
	return 0;
}

static int st_laid(size_t size, unsigned long count, unsigned int layout)
{
	return 0;
}

static int st_pass(struct pmb_ctx *ctx, struct pmb_sample *s)
{
	return 0;
}

/* A backend that can do everything; each case takes one op away or not. */
static const struct pmb_backend_ops st_full = {
	.size_max	= 64,
	.obj_bytes	= st_obj_bytes,
	.alloc		= st_objs,
	.free		= st_objs_void,
	.protect	= st_objs,
	.unprotect	= st_objs,
	.destroy	= st_objs_void,
	.footprint	= st_footprint,
	.flushes	= st_flushes,
	.verify		= st_verify,
	.write_rare	= st_write_rare,
};

enum st_drop {
	ST_KEEP, ST_NO_FREE, ST_NO_PROTECT, ST_NO_VERIFY, ST_NO_UNPROTECT,
	ST_NO_FLUSHES, ST_NO_ALLOC, ST_NO_SIZE_MAX, ST_NO_PROTECTION,
	ST_NO_WRITE_RARE, ST_WRITE_RARE, ST_LAID, ST_LAID_RO, ST_RO_NOT_LAID, ST_NO_PROTECTION_LAID,
	ST_REFUSE_PTE, ST_NO_PROTECTION_REFUSE_PTE, ST_REFUSE_EVERY_METHOD,
	ST_REFUSE_UNKNOWN_METHOD,
};

static void st_drop(struct pmb_backend_ops *ops, enum st_drop d)
{
	switch (d) {
	case ST_KEEP:
		break;
	case ST_NO_FREE:
		ops->free = NULL;
		break;
	case ST_NO_PROTECT:
		ops->protect = NULL;
		break;
	case ST_NO_VERIFY:
		ops->verify = NULL;
		break;
	case ST_NO_UNPROTECT:
		ops->unprotect = NULL;
		break;
	case ST_NO_FLUSHES:
		ops->flushes = NULL;
		break;
	case ST_NO_ALLOC:
		ops->alloc = NULL;
		break;
	case ST_NO_SIZE_MAX:
		ops->size_max = 0;
		break;
	case ST_NO_PROTECTION:	/* what kmalloc has */
		ops->protect = NULL;
		ops->unprotect = NULL;
		ops->verify = NULL;
		ops->flushes = NULL;
		break;
	case ST_NO_WRITE_RARE:
		ops->write_rare = NULL;
		break;
	case ST_WRITE_RARE:	/* whatever the caps say */
		ops->write_rare = st_write_rare;
		break;
	case ST_LAID:		/* whatever the caps say */
		ops->laid = st_laid;
		break;
	case ST_LAID_RO:	/* what the ro-after-init floor has */
		ops->free = NULL;
		ops->unprotect = NULL;
		ops->laid = st_laid;
		break;
	case ST_RO_NOT_LAID:
		ops->free = NULL;
		ops->unprotect = NULL;
		break;
	case ST_REFUSE_PTE:	/* what the lockable zone has */
		ops->methods_refused = 1u << PMB_PROT_PTE;
		break;
	case ST_NO_PROTECTION_REFUSE_PTE:
		ops->protect = NULL;
		ops->unprotect = NULL;
		ops->verify = NULL;
		ops->flushes = NULL;
		ops->methods_refused = 1u << PMB_PROT_PTE;
		break;
	case ST_REFUSE_EVERY_METHOD:
		ops->methods_refused = (1u << PMB_NR_PROTECT_METHODS) - 1;
		break;
	case ST_REFUSE_UNKNOWN_METHOD:
		ops->methods_refused = 1u << PMB_NR_PROTECT_METHODS;
		break;
	case ST_NO_PROTECTION_LAID:
		ops->free = NULL;
		ops->protect = NULL;
		ops->unprotect = NULL;
		ops->verify = NULL;
		ops->flushes = NULL;
		ops->laid = st_laid;
		break;
	}
}

int pmb_st_registry_backend_check(unsigned int method, char *msg, size_t len)
{
	static const struct {
		const char *what;
		u32 caps;
		enum st_drop drop;
		bool ok;
	} cases[] = {
#define A PMB_CAN_ALLOC
		{ "every op, every capability", PMB_CAN_ALL, ST_KEEP, true },
		{ "no protection ops, PMB_CAN_FREE", A | PMB_CAN_FREE, ST_NO_PROTECTION, true },
		{ "protect without unprotect", A | PMB_CAN_FREE | PMB_CAN_PROTECT,
		  ST_NO_UNPROTECT, true },
		{ "protect without write_rare", PMB_CAN_ALL & ~PMB_CAN_WRITE_RARE,
		  ST_KEEP, true },
		{ "PMB_CAN_WRITE_RARE without write_rare", PMB_CAN_ALL,
		  ST_NO_WRITE_RARE, false },
		{ "write_rare without PMB_CAN_WRITE_RARE",
		  PMB_CAN_ALL & ~PMB_CAN_WRITE_RARE, ST_WRITE_RARE, false },
		{ "PMB_CAN_WRITE_RARE without PMB_CAN_PROTECT",
		  A | PMB_CAN_FREE | PMB_CAN_WRITE_RARE, ST_NO_PROTECTION, false },
		{ "PMB_CAN_PROTECT without verify", PMB_CAN_ALL, ST_NO_VERIFY, false },
		{ "PMB_CAN_PROTECT without protect", PMB_CAN_ALL, ST_NO_PROTECT, false },
		{ "PMB_CAN_PROTECT without flushes", PMB_CAN_ALL, ST_NO_FLUSHES, false },
		{ "PMB_CAN_UNPROTECT without unprotect", PMB_CAN_ALL,
		  ST_NO_UNPROTECT, false },
		{ "unprotect without PMB_CAN_UNPROTECT",
		  A | PMB_CAN_FREE | PMB_CAN_PROTECT, ST_KEEP, false },
		{ "protect, verify without PMB_CAN_PROTECT", A | PMB_CAN_FREE,
		  ST_NO_UNPROTECT, false },
		{ "PMB_CAN_FREE without free", PMB_CAN_ALL, ST_NO_FREE, false },
		{ "free without PMB_CAN_FREE", A | PMB_CAN_PROTECT | PMB_CAN_UNPROTECT,
		  ST_KEEP, false },
		{ "PMB_CAN_UNPROTECT without PMB_CAN_PROTECT",
		  A | PMB_CAN_FREE | PMB_CAN_UNPROTECT, ST_NO_PROTECTION, false },
		{ "PMB_CAN_GROW without PMB_CAN_PROTECT",
		  A | PMB_CAN_FREE | PMB_CAN_GROW, ST_NO_PROTECTION, false },
		{ "an unknown capability bit", PMB_CAN_ALL | (1u << 31), ST_KEEP, false },
		{ "no alloc", PMB_CAN_ALL, ST_NO_ALLOC, false },
		{ "size_max 0", PMB_CAN_ALL, ST_NO_SIZE_MAX, false },
		/* Objects laid at load (no PMB_CAN_ALLOC): ops->laid, read-only. */
		{ "laid, read-only, without PMB_CAN_ALLOC", PMB_CAN_PROTECT,
		  ST_LAID_RO, true },
		{ "laid, nothing else, without PMB_CAN_ALLOC", 0,
		  ST_NO_PROTECTION_LAID, true },
		{ "laid with PMB_CAN_ALLOC", PMB_CAN_ALL, ST_LAID, false },
		{ "no PMB_CAN_ALLOC without laid", PMB_CAN_PROTECT,
		  ST_RO_NOT_LAID, false },
		{ "PMB_CAN_FREE without PMB_CAN_ALLOC", PMB_CAN_FREE | PMB_CAN_PROTECT,
		  ST_LAID, false },
		{ "PMB_CAN_UNPROTECT without PMB_CAN_ALLOC",
		  PMB_CAN_PROTECT | PMB_CAN_UNPROTECT, ST_LAID, false },
		/* Partitions: copies of a size class, so objects allocated at run time. */
		{ "PMB_CAN_PARTITION, no protection ops",
		  A | PMB_CAN_FREE | PMB_CAN_PARTITION, ST_NO_PROTECTION, true },
		{ "PMB_CAN_PARTITION without PMB_CAN_ALLOC", PMB_CAN_PARTITION,
		  ST_NO_PROTECTION_LAID, false },
		/* Methods a backend cannot flip with (ops->methods_refused). */
		{ "pte refused", PMB_CAN_ALL, ST_REFUSE_PTE, true },
		{ "a method refused without PMB_CAN_PROTECT", A | PMB_CAN_FREE,
		  ST_NO_PROTECTION_REFUSE_PTE, false },
		{ "every method refused", PMB_CAN_ALL, ST_REFUSE_EVERY_METHOD, false },
		{ "an unknown method refused", PMB_CAN_ALL, ST_REFUSE_UNKNOWN_METHOD,
		  false },
#undef A
	};
	struct pmb_backend_ops ops;
	const char *why;
	unsigned int i;
	int ret;

	if (!pmb_backend_ops_check(NULL, 0, &why))
		ST_FAIL("no ops at all: accepted");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ops = st_full;
		/* write_rare goes with its bit, unless the case adds it. */
		if (!(cases[i].caps & PMB_CAN_WRITE_RARE))
			ops.write_rare = NULL;
		st_drop(&ops, cases[i].drop);
		why = "(not set)";
		ret = pmb_backend_ops_check(&ops, cases[i].caps, &why);
		if (cases[i].ok && ret)
			ST_FAIL("%s: rejected (%s)", cases[i].what, why);
		if (!cases[i].ok && ret != -EINVAL)
			ST_FAIL("%s: accepted (%d)", cases[i].what, ret);
		if (!cases[i].ok && (!why || !*why))
			ST_FAIL("%s: rejected without a reason", cases[i].what);
	}
	snprintf(msg, len, "%zu fake backend ops: the good accepted, each broken rule rejected with a reason",
		 ARRAY_SIZE(cases));
	return 0;
}

int pmb_st_registry_workload_check(unsigned int method, char *msg, size_t len)
{
	static const struct pmb_workload_ops good = { .pass = st_pass };
	static const struct pmb_workload_ops no_pass = { };
	const char *why;

	if (pmb_workload_ops_check(&good, PMB_CAN_PROTECT, PMB_JOB_FLAGS_ALL, &why))
		ST_FAIL("a workload with a pass: rejected (%s)", why);
	if (!pmb_workload_ops_check(&no_pass, 0, 0, &why))
		ST_FAIL("a workload without a pass: accepted");
	if (!pmb_workload_ops_check(NULL, 0, 0, &why))
		ST_FAIL("no ops at all: accepted");
	/* The lowest bit that is no job flag. */
	if (!pmb_workload_ops_check(&good, 0, (PMB_JOB_FLAGS_ALL + 1) & ~PMB_JOB_FLAGS_ALL,
				    &why))
		ST_FAIL("an unknown job flag: accepted");
	if (!pmb_workload_ops_check(&good, 1u << 31, 0, &why))
		ST_FAIL("an unknown capability bit: accepted");
	snprintf(msg, len, "fake workload ops: with a pass accepted; without one, or with unknown bits in the row, rejected");
	return 0;
}

/* One describe call, as the ioctl makes it. */
static int st_describe(struct pmb_describe *d, u32 table, u32 index)
{
	memset(d, 0, sizeof(*d));
	d->table = table;
	d->index = index;
	return pmb_registry_describe(d);
}

int pmb_st_registry_describe(unsigned int method, char *msg, size_t len)
{
	struct pmb_describe d;
	int ret;
	u32 i;

	ret = st_describe(&d, PMB_NR_TABLES, 0);
	if (ret != -EINVAL)
		ST_FAIL("unknown table: %d, expected -EINVAL", ret);
	ret = st_describe(&d, PMB_TABLE_BACKENDS, PMB_NR_BACKENDS);
	if (ret != -ENOENT || d.nr_rows != PMB_NR_BACKENDS)
		ST_FAIL("past the backends: %d, %u rows", ret, d.nr_rows);
	for (i = 0; i < PMB_NR_BACKENDS; i++) {
		if (st_describe(&d, PMB_TABLE_BACKENDS, i) ||
		    d.caps != pmb_backend_caps(i) || !d.size_max ||
		    strcmp(d.name, pmb_backend_row(i)->name))
			ST_FAIL("backend %u: %s caps %#x", i, d.name, d.caps);
	}
	ret = st_describe(&d, PMB_TABLE_WORKLOADS, PMB_WL_READ);
	if (ret || strcmp(d.name, "read") ||
	    d.job_flags != (PMB_JOB_READ_SWEEP | PMB_JOB_READ_PROTECTED | PMB_JOB_VERIFY) ||
	    d.caps != pmb_job_needs(PMB_WL_READ, 0))
		ST_FAIL("workload read: %d %s flags %#x", ret, d.name, d.job_flags);
	ret = st_describe(&d, PMB_TABLE_JOB_FLAGS, 0);
	if (ret || strcmp(d.name, "READ_SWEEP") || d.job_flags != PMB_JOB_READ_SWEEP)
		ST_FAIL("job flag 0: %d %s %#x", ret, d.name, d.job_flags);
	ret = st_describe(&d, PMB_TABLE_FIGURES, PMB_FIG_METADATA_BYTES);
	if (ret || strcmp(d.name, "metadata_bytes") || d.figures != PMB_FIG_U64 ||
	    d.nr_rows != PMB_NR_FIGURES)
		ST_FAIL("figure metadata_bytes: %d %s", ret, d.name);
	ret = st_describe(&d, PMB_TABLE_FIGURES, PMB_FIG_VERIFIED);
	if (ret || d.figures != PMB_FIG_TRI)
		ST_FAIL("figure verified: %d type %u", ret, d.figures);
	ret = st_describe(&d, PMB_TABLE_METHODS, PMB_PROT_PTE);
	if (ret || strcmp(d.name, "pte") || d.nr_rows != PMB_NR_PROTECT_METHODS)
		ST_FAIL("method pte: %d %s", ret, d.name);
	ret = st_describe(&d, PMB_TABLE_JOB_FLAGS, U32_MAX);
	if (ret != -ENOENT)
		ST_FAIL("job flag %u: %d, expected -ENOENT", U32_MAX, ret);
	snprintf(msg, len, "every table: rows as the registry has them, -ENOENT past the end, -EINVAL for table %d",
		 PMB_NR_TABLES);
	return 0;
}
