// SPDX-License-Identifier: GPL-2.0
/*
 * The registry as the driver sees it: every row of every table has a name
 * that round-trips, the rows' masks stay inside what the ABI defines, the
 * driver's helpers agree with the uapi header's own, and the check of the
 * loaded module's rows (PMB_IOC_DESCRIBE, against a fake module) refuses
 * every kind of difference.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../userspace/pmb_dev.h"
#include "../../userspace/pmb_names.h"

static int is_backend_char(int c)
{
	return islower(c) || c == '-';
}

/*
 * A name fits struct pmb_describe's name[] and a suite word: [a-z0-9_]
 * (flags: A-Z); a backend's may also hold '-' ("pmalloc-bump"), one of the
 * characters the report accepts in a backend name.
 */
static void assert_plain_name(const char *name, int (*cls)(int))
{
	const char *c;

	assert_non_null(name);
	assert_true(name[0] != '\0');
	assert_true(strlen(name) < sizeof(((struct pmb_describe *)0)->name));
	for (c = name; *c; c++)
		if (!cls((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '_' &&
		    !(cls == is_backend_char && *c == '-'))
			fail_msg("'%s': character '%c' is not a plain name's", name, *c);
}

/* Every name of a table: plain, unique, found again by its lookup. */
static unsigned int check_table(const char *(*name)(unsigned int),
				int (*from_name)(const char *), int (*cls)(int))
{
	unsigned int i, j;

	for (i = 0; name(i); i++) {
		assert_plain_name(name(i), cls);
		for (j = 0; j < i; j++)
			if (!strcmp(name(i), name(j)))
				fail_msg("'%s' is rows %u and %u", name(i), j, i);
		if (from_name)
			assert_int_equal(from_name(name(i)), (int)i);
	}
	return i;
}

static void test_backends(void **state)
{
	unsigned int b;

	assert_int_equal(check_table(pmb_backend_name, pmb_backend_from_name, is_backend_char),
			 PMB_NR_BACKENDS);
	for (b = 0; b < PMB_NR_BACKENDS; b++) {
		const struct pmb_backend_row *r = pmb_backend_row(b);

		assert_non_null(r);
		assert_ptr_equal(r->name, pmb_backend_name(b));
		assert_int_equal(r->caps & ~PMB_CAN_ALL, 0);
		assert_int_equal(r->caps, pmb_backend_caps(b));
		assert_true(r->role == PMB_ROLE_BASELINE || r->role == PMB_ROLE_DESIGN);
		/* unprotecting needs protecting first */
		if (r->caps & PMB_CAN_UNPROTECT)
			assert_true(r->caps & PMB_CAN_PROTECT);
		/*
		 * objects laid at load (no PMB_CAN_ALLOC) can be read-only at
		 * most, and hold what read lays (PMB_CAN_FILL)
		 */
		if (!(r->caps & PMB_CAN_ALLOC))
			assert_int_equal(r->caps & ~(PMB_CAN_PROTECT | PMB_CAN_FILL), 0);
		assert_true(r->desc && r->desc[0]);
	}
	assert_null(pmb_backend_row(PMB_NR_BACKENDS));
	assert_null(pmb_backend_name(PMB_NR_BACKENDS));
}

static void test_workloads(void **state)
{
	unsigned int w;

	assert_int_equal(check_table(pmb_workload_name, pmb_workload_from_name, islower),
			 PMB_NR_WORKLOADS);
	for (w = 0; w < PMB_NR_WORKLOADS; w++) {
		const struct pmb_workload_row *r = pmb_workload_row(w);

		assert_non_null(r);
		assert_int_equal(r->needs & ~PMB_CAN_ALL, 0);
		assert_int_equal(r->needs, pmb_job_needs(w, 0));
		assert_true(r->protects <= 1);
		assert_int_equal(r->job_flags & ~PMB_JOB_FLAGS_ALL, 0);
		assert_int_equal(r->figures >> PMB_NR_FIGURES, 0);
		/* every set of objects reports its footprint */
		assert_int_equal(r->figures & PMB_FIGS_FOOTPRINT, PMB_FIGS_FOOTPRINT);
		assert_true(r->measure <= PMB_MEASURE_BYTES);
		assert_true(r->plot <= PMB_PLOT_BYTES);
		assert_true(pmb_workload_accepts(w, r->job_flags));
		assert_true(pmb_workload_accepts(w, 0));
	}
	assert_null(pmb_workload_row(PMB_NR_WORKLOADS));
	assert_false(pmb_workload_accepts(PMB_NR_WORKLOADS, 0));
}

/* What a workload's time depends on: reads are the memory system's, the rest the code path's. */
static void test_workload_costs(void **state)
{
	unsigned int w, memory = 0;

	(void)state;
	for (w = 0; w < PMB_NR_WORKLOADS; w++) {
		int c = pmb_workload_cost(w);

		assert_true(c == PMB_COST_PATH || c == PMB_COST_MEMORY);
		memory += c == PMB_COST_MEMORY;
	}
	assert_int_equal(pmb_workload_cost(PMB_WL_READ), PMB_COST_MEMORY);
	assert_int_equal(pmb_workload_cost(PMB_WL_ALLOC), PMB_COST_PATH);
	assert_int_equal(pmb_workload_cost(PMB_WL_FOOTPRINT), PMB_COST_PATH);
	assert_int_equal(pmb_workload_cost(PMB_NR_WORKLOADS), PMB_COST_PATH);
	assert_true(memory >= 1 && memory < PMB_NR_WORKLOADS);
	assert_string_equal(pmb_cost_name(PMB_COST_PATH), "path");
	assert_string_equal(pmb_cost_name(PMB_COST_MEMORY), "memory");
	assert_null(pmb_cost_name(2));
	assert_int_equal(pmb_cost_from_name("memory"), PMB_COST_MEMORY);
	assert_int_equal(pmb_cost_from_name("path"), PMB_COST_PATH);
	assert_int_equal(pmb_cost_from_name("Path"), -1);
	assert_int_equal(pmb_cost_from_name(NULL), -1);
}

static void test_methods(void **state)
{
	assert_int_equal(check_table(pmb_method_name, pmb_method_from_name, islower),
			 PMB_NR_PROTECT_METHODS);
	assert_null(pmb_method_row(PMB_NR_PROTECT_METHODS));
	assert_null(pmb_method_name(PMB_PROT_DEFAULT));
	assert_true(pmb_method_row(0)->desc[0] != '\0');
}

/* Flag names are the rows' ENUMs; masks are distinct bits, all of them. */
static const char *flag_name(unsigned int i)
{
	return pmb_flag_row(i) ? pmb_flag_row(i)->name : NULL;
}

static void test_job_flags(void **state)
{
	__u32 all = 0;
	unsigned int i;

	for (i = 0; flag_name(i); i++) {
		const struct pmb_flag_row *r = pmb_flag_row(i);

		assert_plain_name(r->name, isupper);
		assert_int_equal(__builtin_popcount(r->mask), 1);
		assert_int_equal(all & r->mask, 0);
		all |= r->mask;
		assert_int_equal(r->needs & ~PMB_CAN_ALL, 0);
		assert_true(r->protects <= 1);
	}
	assert_int_equal(i, PMB_NR_JOB_FLAGS);
	assert_int_equal(all, PMB_JOB_FLAGS_ALL);
	check_table(flag_name, NULL, isupper);
}

static void test_figures(void **state)
{
	size_t end = 0;
	unsigned int f;

	assert_int_equal(check_table(pmb_figure_name, NULL, islower), PMB_NR_FIGURES);
	for (f = 0; f < PMB_NR_FIGURES; f++) {
		const struct pmb_figure_row *r = pmb_figure_row(f);

		assert_true(r->type == PMB_FIG_U64 || r->type == PMB_FIG_TRI);
		/* in struct order, before the reserved slots */
		assert_true(r->offset >= end);
		end = r->offset + (r->type == PMB_FIG_U64 ? 8 : 4);
		assert_true(end <= offsetof(struct pmb_figures, reserved));
		assert_true(r->desc[0] != '\0');
	}
	assert_null(pmb_figure_row(PMB_NR_FIGURES));
	assert_string_equal(pmb_figure_name(PMB_FIG_METADATA_BYTES), "metadata_bytes");
}

static void test_figure_value(void **state)
{
	struct pmb_figures fig;
	long long v = 42;

	memset(&fig, 0xff, sizeof(fig));	/* ~0 and PMB_UNKNOWN: nothing measured */
	for (unsigned int f = 0; f < PMB_NR_FIGURES; f++)
		assert_false(pmb_figure_value(&fig, f, &v));
	assert_int_equal(v, 42);
	fig.va_bytes = 8192;
	fig.pages = 0;
	fig.direct_map_ro = 0;
	fig.verified = 7;
	assert_true(pmb_figure_value(&fig, PMB_FIG_VA_BYTES, &v));
	assert_int_equal(v, 8192);
	assert_true(pmb_figure_value(&fig, PMB_FIG_PAGES, &v));
	assert_int_equal(v, 0);
	assert_true(pmb_figure_value(&fig, PMB_FIG_DIRECT_MAP_RO, &v));
	assert_int_equal(v, 0);
	assert_true(pmb_figure_value(&fig, PMB_FIG_VERIFIED, &v));
	assert_int_equal(v, 1);
	assert_false(pmb_figure_value(&fig, PMB_NR_FIGURES, &v));
}

/*
 * Before the backend is known, the driver asks whether a job would protect;
 * on every backend that can protect, the uapi header's answer is the same.
 */
static void test_would_protect_agrees_with_uapi(void **state)
{
	unsigned int b, w;
	__u32 flags;

	for (b = 0; b < PMB_NR_BACKENDS; b++)
		for (w = 0; w < PMB_NR_WORKLOADS; w++)
			for (flags = 0; flags <= PMB_JOB_FLAGS_ALL; flags++) {
				bool can = pmb_backend_caps(b) & PMB_CAN_PROTECT;

				assert_int_equal(pmb_job_protects(b, w, flags),
						 can && pmb_job_would_protect(w, flags));
			}
	assert_false(pmb_job_would_protect(PMB_NR_WORKLOADS, PMB_JOB_FLAGS_ALL));
}

static void test_unknown_names(void **state)
{
	assert_int_equal(pmb_backend_from_name("slab"), -1);
	assert_int_equal(pmb_backend_from_name(""), -1);
	assert_int_equal(pmb_backend_from_name(NULL), -1);
	assert_int_equal(pmb_workload_from_name("Alloc"), -1);
	assert_int_equal(pmb_method_from_name("mprotect"), -1);
	assert_int_equal(pmb_pattern_from_name("sweep"), 1);
	assert_int_equal(pmb_pattern_from_name("random"), -1);
}

/*
 * Aliases: old names still read, mapped to their backend; none shadows a
 * row's name, none is written.  "pmalloc" must stay the genalloc design:
 * old results and suites say it.
 */
static void test_backend_aliases(void **state)
{
	unsigned int i, b;
	const char *a;

	(void)state;
	assert_int_equal(pmb_backend_from_name("pmalloc"), PMB_BACKEND_PMALLOC);
	assert_string_equal(pmb_backend_name(PMB_BACKEND_PMALLOC), "pmalloc-genalloc");
	assert_int_equal(pmb_backend_from_name("pmalloc-genalloc"), PMB_BACKEND_PMALLOC);
	assert_string_equal(pmb_backend_canonical("pmalloc"), "pmalloc-genalloc");
	assert_string_equal(pmb_backend_canonical("pmalloc-bump"), "pmalloc-bump");
	assert_string_equal(pmb_backend_canonical("slab"), "slab");
	for (i = 0; (a = pmb_backend_alias(i)); i++) {
		assert_in_range(pmb_backend_alias_target(i), 0, PMB_NR_BACKENDS - 1);
		for (b = 0; b < PMB_NR_BACKENDS; b++)
			assert_string_not_equal(a, pmb_backend_name(b));
		assert_int_equal(pmb_backend_from_name(a), pmb_backend_alias_target(i));
	}
	assert_true(i >= 1);
	assert_int_equal(pmb_backend_alias_target(i), -1);
	assert_null(pmb_backend_alias(i + 100));
}

static void test_name_list(void **state)
{
	char buf[256], small[8];
	unsigned int b;
	size_t used = 0;

	pmb_name_list(buf, sizeof(buf), pmb_backend_name, ", ");
	for (b = 0; b < PMB_NR_BACKENDS; b++) {
		assert_memory_equal(buf + used, pmb_backend_name(b), strlen(pmb_backend_name(b)));
		used += strlen(pmb_backend_name(b));
		if (b + 1 < PMB_NR_BACKENDS) {
			assert_memory_equal(buf + used, ", ", 2);
			used += 2;
		}
	}
	assert_int_equal(strlen(buf), used);
	/* too small: cut, terminated, nothing written past it */
	memset(small, 'x', sizeof(small));
	pmb_name_list(small, 5, pmb_workload_name, " ");
	assert_int_equal(strlen(small), 4);
	assert_int_equal(small[5], 'x');
}

/* ---------------------------------------------------------------- describe */

/*
 * A fake module answering PMB_IOC_DESCRIBE from the driver's own rows,
 * with one thing changed on request.
 */
struct fake_module {
	int err;			/* every call returns this, 0: off */
	unsigned int table;		/* the row changed */
	unsigned int index;
	size_t offset;			/* a __u32 of struct pmb_describe, 0: none */
	__u32 xor;			/* ...XORed with this */
	const char *name;		/* or the row's name replaced */
	bool long_name;			/* or its name fills name[], no NUL */
	int extra_rows;			/* rows added to nr_rows of table */
	bool past_end;			/* table answers one row past its end */
	unsigned int enoent_at;		/* table gives ENOENT from this row, 0: off */
	unsigned int calls;
};

static int fake_describe(void *ctx, struct pmb_describe *d)
{
	struct fake_module *m = ctx;
	unsigned int table = d->table, index = d->index;
	int ret;

	m->calls++;
	assert_int_equal(d->hdr.argsz, 0);	/* the header is the ioctl's business */
	if (m->err)
		return m->err;
	if (table == m->table && m->enoent_at && index >= m->enoent_at)
		return -ENOENT;
	ret = pmb_registry_row(table, index, d);
	if (table == m->table && m->past_end && ret == -ENOENT) {
		ret = pmb_registry_row(table, 0, d);	/* any row will do */
		d->index = index;
	}
	if (ret)
		return ret;
	d->size_max = 12345;		/* no field the driver compares */
	if (table == m->table)
		d->nr_rows += m->extra_rows;
	if (table != m->table || index != m->index)
		return 0;
	if (m->offset) {
		__u32 v;

		memcpy(&v, (char *)d + m->offset, sizeof(v));
		v ^= m->xor;
		memcpy((char *)d + m->offset, &v, sizeof(v));
	}
	if (m->name)
		snprintf(d->name, sizeof(d->name), "%s", m->name);
	if (m->long_name)
		memset(d->name, 'a', sizeof(d->name));
	return 0;
}

static int check(struct fake_module *m, char *msg, size_t len)
{
	m->calls = 0;
	return pmb_registry_check(fake_describe, m, msg, len);
}

static void test_describe_match(void **state)
{
	struct fake_module m = { .table = PMB_NR_TABLES };
	unsigned int t, rows = 0;
	struct pmb_describe d;
	char msg[512];

	assert_int_equal(check(&m, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	/* every row of every table was asked for, and one past each end */
	for (t = 0; t < PMB_NR_TABLES; t++) {
		assert_int_equal(pmb_registry_row(t, 0, &d), 0);
		rows += d.nr_rows + 1;
		assert_int_equal(pmb_registry_row(t, d.nr_rows, &d), -ENOENT);
	}
	assert_int_equal(m.calls, rows);
	assert_int_equal(pmb_registry_row(PMB_NR_TABLES, 0, &d), -EINVAL);
}

/* The module's test hook describe_skew: backend 0's caps XOR PMB_CAN_UNPROTECT. */
static void test_describe_skew(void **state)
{
	struct fake_module m = {
		.table = PMB_TABLE_BACKENDS, .index = 0,
		.offset = offsetof(struct pmb_describe, caps), .xor = PMB_CAN_UNPROTECT,
	};
	char msg[512], want[512];

	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	snprintf(want, sizeof(want),
		 "the loaded module and this driver disagree on backend 0 \"%s\" (caps %#x there, %#x here): rebuild and reload both",
		 pmb_backend_name(0), pmb_backend_caps(0) ^ PMB_CAN_UNPROTECT, pmb_backend_caps(0));
	assert_string_equal(msg, want);
}

static void test_describe_without_the_ioctl(void **state)
{
	struct fake_module m = { .table = PMB_NR_TABLES, .err = -ENOTTY };
	char msg[512];

	assert_int_equal(check(&m, msg, sizeof(msg)), -ENOTTY);
	assert_string_equal(msg, "the loaded module does not describe its registry (no PMB_IOC_DESCRIBE: built from an older tree than this driver): rebuild and reload both");
	assert_int_equal(m.calls, 1);
	m.err = -EFAULT;
	assert_int_equal(check(&m, msg, sizeof(msg)), -EFAULT);
	assert_true(!strncmp(msg, "describe backend 0: ", 20));
}

/*
 * Each field each table carries, changed in each row: refused, naming the
 * table, the row and the field.  A field the table does not carry is not
 * compared.
 */
static void test_describe_each_field(void **state)
{
	static const struct {
		unsigned int table;
		size_t offset;
		const char *label;
	} fields[] = {
		{ PMB_TABLE_BACKENDS, offsetof(struct pmb_describe, caps), "caps" },
		{ PMB_TABLE_BACKENDS, offsetof(struct pmb_describe, role), "role" },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, caps), "needs" },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, protects), "protects" },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, job_flags), "job flags" },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, figures), "figures" },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, measure), "measure" },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, plot), "plot" },
		{ PMB_TABLE_FIGURES, offsetof(struct pmb_describe, figures), "type" },
		{ PMB_TABLE_JOB_FLAGS, offsetof(struct pmb_describe, job_flags), "mask" },
		{ PMB_TABLE_JOB_FLAGS, offsetof(struct pmb_describe, caps), "needs" },
		{ PMB_TABLE_JOB_FLAGS, offsetof(struct pmb_describe, protects), "protects" },
	};
	static const struct {
		unsigned int table;
		size_t offset;
	} ignored[] = {
		{ PMB_TABLE_BACKENDS, offsetof(struct pmb_describe, figures) },
		{ PMB_TABLE_WORKLOADS, offsetof(struct pmb_describe, role) },
		{ PMB_TABLE_METHODS, offsetof(struct pmb_describe, caps) },
		{ PMB_TABLE_FIGURES, offsetof(struct pmb_describe, caps) },
		{ PMB_TABLE_JOB_FLAGS, offsetof(struct pmb_describe, plot) },
	};
	struct pmb_describe d;
	char msg[512], want[128];
	unsigned int i;
	size_t f;

	for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		pmb_registry_row(fields[f].table, 0, &d);
		for (i = 0; i < d.nr_rows; i++) {
			struct fake_module m = {
				.table = fields[f].table, .index = i,
				.offset = fields[f].offset, .xor = 0x100,
			};
			struct pmb_describe here;

			pmb_registry_row(fields[f].table, i, &here);
			if (check(&m, msg, sizeof(msg)) != -EPROTO)
				fail_msg("%s %u: %s changed, not refused", pmb_table_noun(m.table), i,
					 fields[f].label);
			snprintf(want, sizeof(want), " on %s %u \"%s\" (%s ", pmb_table_noun(m.table),
				 i, here.name, fields[f].label);
			if (!strstr(msg, want))
				fail_msg("'%s' does not say '%s'", msg, want);
		}
	}
	for (f = 0; f < sizeof(ignored) / sizeof(ignored[0]); f++) {
		struct fake_module m = {
			.table = ignored[f].table, .index = 0,
			.offset = ignored[f].offset, .xor = 0x100,
		};

		if (check(&m, msg, sizeof(msg)))
			fail_msg("a field table %u does not carry was compared: %s", m.table, msg);
	}
}

static void test_describe_names(void **state)
{
	struct fake_module m = { .table = PMB_TABLE_WORKLOADS, .index = 2, .name = "protekt" };
	char msg[512], want[512];
	unsigned int t;

	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	snprintf(want, sizeof(want),
		 "the loaded module and this driver disagree on workload 2 \"%s\" (name \"protekt\" there): rebuild and reload both",
		 pmb_workload_name(2));
	assert_string_equal(msg, want);
	/* every table's names are compared */
	for (t = 0; t < PMB_NR_TABLES; t++) {
		m = (struct fake_module){ .table = t, .index = 0, .name = "x" };
		assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
		/* a name without its NUL, and no byte of it unprintable in the message */
		m = (struct fake_module){ .table = t, .index = 0, .long_name = true };
		assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
		assert_non_null(strstr(msg, "(name \"aaaaaaaa"));
	}
	m = (struct fake_module){ .table = PMB_TABLE_METHODS, .index = 1, .name = "a\033[2Jb" };
	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	assert_non_null(strstr(msg, "(name \"a?[2Jb\" there)"));
}

static void test_describe_row_counts(void **state)
{
	struct fake_module m = { .table = PMB_TABLE_BACKENDS, .extra_rows = 1 };
	char msg[512], want[256];

	/* a module with one more backend */
	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	snprintf(want, sizeof(want), "disagree on the number of backends (%u there, %u here)",
		 PMB_NR_BACKENDS + 1, PMB_NR_BACKENDS);
	assert_non_null(strstr(msg, want));
	/* one fewer figure */
	m = (struct fake_module){ .table = PMB_TABLE_FIGURES, .extra_rows = -1 };
	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	snprintf(want, sizeof(want), "disagree on the number of figures (%u there, %u here)",
		 PMB_NR_FIGURES - 1, PMB_NR_FIGURES);
	assert_non_null(strstr(msg, want));
	/* rows that end before the count it gives */
	m = (struct fake_module){ .table = PMB_TABLE_JOB_FLAGS, .enoent_at = 1 };
	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	snprintf(want, sizeof(want), "disagree on the number of job flags (1 there, %u here)",
		 PMB_NR_JOB_FLAGS);
	assert_non_null(strstr(msg, want));
	/* a row past the end it gives */
	m = (struct fake_module){ .table = PMB_TABLE_METHODS, .past_end = true };
	assert_int_equal(check(&m, msg, sizeof(msg)), -EPROTO);
	snprintf(want, sizeof(want), "disagree on the number of protection methods (more than %u there, %u here)",
		 PMB_NR_PROTECT_METHODS, PMB_NR_PROTECT_METHODS);
	assert_non_null(strstr(msg, want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backends),
		cmocka_unit_test(test_workloads),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_job_flags),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_figure_value),
		cmocka_unit_test(test_would_protect_agrees_with_uapi),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_backend_aliases),
		cmocka_unit_test(test_name_list),
		cmocka_unit_test(test_workload_costs),
		cmocka_unit_test(test_describe_match),
		cmocka_unit_test(test_describe_skew),
		cmocka_unit_test(test_describe_without_the_ioctl),
		cmocka_unit_test(test_describe_each_field),
		cmocka_unit_test(test_describe_names),
		cmocka_unit_test(test_describe_row_counts),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
