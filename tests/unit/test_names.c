// SPDX-License-Identifier: GPL-2.0
/*
 * The registry as the driver sees it: every row of every table has a name
 * that round-trips, the rows' masks stay inside what the ABI defines, and
 * the driver's helpers agree with the uapi header's own.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../userspace/pmb_names.h"

/* A name fits struct pmb_describe's name[] and a suite word: [a-z0-9_] (flags: A-Z). */
static void assert_plain_name(const char *name, int (*cls)(int))
{
	const char *c;

	assert_non_null(name);
	assert_true(name[0] != '\0');
	assert_true(strlen(name) < sizeof(((struct pmb_describe *)0)->name));
	for (c = name; *c; c++)
		if (!cls((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '_')
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

	assert_int_equal(check_table(pmb_backend_name, pmb_backend_from_name, islower),
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
		cmocka_unit_test(test_name_list),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
