// SPDX-License-Identifier: GPL-2.0
/* The result writer: a module job becomes a contract line, nulls stay null. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../userspace/pmb_names.h"
#include "../../userspace/pmb_result.h"

static struct pmb_job sample_job(void)
{
	struct pmb_job job = {
		.backend = PMB_BACKEND_PMALLOC,
		.workload = PMB_WL_PROTECT,
		.size = 64,
		.count = 1000,
		.protect_method_used = PMB_PROT_PTE,
		.tsc_khz = 2000000,
		.baseline = { .cycles = 3000, .ns = 1500, .ops = 1000 },
		.fig = {
			.pages = 16, .vmap_areas = ~0ULL, .bytes_requested = 64000,
			.bytes_consumed = 65536, .tlb_flushes = 1,
			.verified = 1, .direct_map_ro = 0,
			.metadata_bytes = 1536, .va_bytes = 73728, .flips = 4,
			.purge_ns = 12345,
		},
	};
	return job;
}

static void test_ok_line(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 500000, .ns = 250000, .ops = 1000,
				.cpu = 1, .flags = PMB_SAMPLE_PREEMPTED };
	json_t *o = pmb_result_line(&job, &s, 3, 0);

	assert_non_null(o);
	/* The row's name, never an alias. */
	assert_string_equal(json_string_value(json_object_get(o, "backend")), "pmalloc-genalloc");
	assert_string_equal(json_string_value(json_object_get(o, "workload")), "protect");
	assert_int_equal(json_integer_value(json_object_get(o, "size")), 64);
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 1000);
	assert_int_equal(json_integer_value(json_object_get(o, "repeat")), 3);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "ok");
	assert_int_equal(json_integer_value(json_object_get(o, "ops")), 1000);
	assert_float_equal(json_real_value(json_object_get(o, "ns_per_op")), 250.0, 1e-9);
	assert_float_equal(json_real_value(json_object_get(o, "cycles_per_op")), 500.0, 1e-9);
	assert_float_equal(json_real_value(json_object_get(o, "baseline_ns_per_op")), 1.5, 1e-9);
	assert_string_equal(json_string_value(json_object_get(o, "protect_method")), "pte");
	assert_int_equal(json_integer_value(json_object_get(o, "pages")), 16);
	assert_true(json_is_null(json_object_get(o, "vmap_areas")));
	assert_true(json_is_true(json_object_get(o, "verified")));
	assert_true(json_is_false(json_object_get(o, "direct_map_ro")));
	assert_int_equal(json_array_size(json_object_get(o, "disturbed")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "disturbed"), 0)),
			    "preempted");
	assert_null(json_object_get(o, "pattern"));
	assert_null(json_object_get(o, "protected"));
	json_decref(o);
}

static json_int_t ikey(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("%s: not an integer", key);
	return json_integer_value(v);
}

/* The figures added to the registry reach the line under their field names. */
static void test_named_figures(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 10, .ns = 10, .ops = 10 };
	json_t *o = pmb_result_line(&job, &s, 0, 0);

	assert_int_equal(ikey(o, "metadata_bytes"), 1536);
	assert_int_equal(ikey(o, "va_bytes"), 73728);
	assert_int_equal(ikey(o, "flips"), 4);
	assert_int_equal(ikey(o, "purge_ns"), 12345);
	assert_int_equal(ikey(o, "tlb_flushes"), 1);
	assert_int_equal(ikey(o, "bytes_consumed"), 65536);
	/* the struct's spare slots are no figure */
	assert_null(json_object_get(o, "reserved"));
	json_decref(o);

	/* not measured: ~0 and PMB_UNKNOWN are null, not 2^64-1 or -1 */
	job.fig.va_bytes = ~0ULL;
	job.fig.flips = ~0ULL;
	job.fig.purge_ns = ~0ULL;
	job.fig.verified = PMB_UNKNOWN;
	o = pmb_result_line(&job, &s, 0, 0);
	assert_true(json_is_null(json_object_get(o, "va_bytes")));
	assert_true(json_is_null(json_object_get(o, "flips")));
	assert_true(json_is_null(json_object_get(o, "purge_ns")));
	assert_true(json_is_null(json_object_get(o, "verified")));
	assert_int_equal(ikey(o, "metadata_bytes"), 1536);
	json_decref(o);
}

/* A figure the workload's row does not list is null, whatever the module wrote. */
static void test_figures_outside_the_workload_are_null(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 10, .ns = 10, .ops = 10 };
	json_t *o;

	job.workload = PMB_WL_ALLOC;	/* footprint figures only */
	o = pmb_result_line(&job, &s, 0, 0);
	assert_true(json_is_null(json_object_get(o, "tlb_flushes")));
	assert_true(json_is_null(json_object_get(o, "flips")));
	assert_true(json_is_null(json_object_get(o, "verified")));
	assert_true(json_is_null(json_object_get(o, "direct_map_ro")));
	assert_int_equal(ikey(o, "pages"), 16);
	assert_int_equal(ikey(o, "va_bytes"), 73728);
	assert_int_equal(ikey(o, "metadata_bytes"), 1536);
	/* alloc vmallocs in its timed region: the purge before it is measured */
	assert_int_equal(ikey(o, "purge_ns"), 12345);
	/* alloc protects nothing: no method either */
	assert_true(json_is_null(json_object_get(o, "protect_method")));
	json_decref(o);

	/* read and footprint time no vmalloc, vfree or flip: no purge */
	job.workload = PMB_WL_READ;
	o = pmb_result_line(&job, &s, 0, 0);
	assert_true(json_is_null(json_object_get(o, "purge_ns")));
	json_decref(o);
	job.workload = PMB_WL_FOOTPRINT;
	o = pmb_result_line(&job, &s, 0, 0);
	assert_true(json_is_null(json_object_get(o, "purge_ns")));
	json_decref(o);
}

/* Every registry figure is a key of every line, ok or not. */
static void test_every_figure_is_a_key(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 10, .ns = 10, .ops = 10 };
	json_t *ok = pmb_result_line(&job, &s, 0, 0);
	json_t *unsup = pmb_result_line(&job, NULL, 0, -EOPNOTSUPP);
	json_t *err = pmb_result_line(&job, NULL, 0, -ENOMEM);
	unsigned int f;

	for (f = 0; pmb_figure_name(f); f++) {
		const char *k = pmb_figure_name(f);

		if (!json_object_get(ok, k))
			fail_msg("ok line: no key %s", k);
		if (!json_is_null(json_object_get(ok, k)))
			assert_true(json_is_integer(json_object_get(ok, k)) ||
				    json_is_boolean(json_object_get(ok, k)));
		if (!json_is_null(json_object_get(unsup, k)))
			fail_msg("unsupported line: %s is not null", k);
		if (!json_is_null(json_object_get(err, k)))
			fail_msg("error line: %s is not null", k);
	}
	assert_int_equal(f, PMB_NR_FIGURES);
	assert_string_equal(json_string_value(json_object_get(err, "error")), strerror(ENOMEM));
	json_decref(ok);
	json_decref(unsup);
	json_decref(err);
}

/* protect_method where the rows say the job protected its objects. */
static void test_method_follows_the_rows(void **state)
{
	static const struct {
		unsigned int backend, workload;
		__u32 flags;
		bool method;
	} cases[] = {
		{ PMB_BACKEND_VMALLOC, PMB_WL_DESTROY, 0, true },
		{ PMB_BACKEND_PMALLOC, PMB_WL_UNPROTECT, PMB_JOB_VERIFY, true },
		{ PMB_BACKEND_VMALLOC, PMB_WL_READ, PMB_JOB_READ_PROTECTED, true },
		{ PMB_BACKEND_VMALLOC, PMB_WL_READ, PMB_JOB_READ_SWEEP, false },
		{ PMB_BACKEND_PMALLOC, PMB_WL_FOOTPRINT, 0, false },
		{ PMB_BACKEND_KMALLOC, PMB_WL_DESTROY, 0, false },
	};
	struct pmb_sample s = { .cycles = 10, .ns = 10, .ops = 10 };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pmb_job job = sample_job();
		json_t *o;

		job.backend = cases[i].backend;
		job.workload = cases[i].workload;
		job.flags = cases[i].flags;
		o = pmb_result_line(&job, &s, 0, 0);
		if (json_is_null(json_object_get(o, "protect_method")) == cases[i].method)
			fail_msg("case %zu: protect_method %s", i,
				 cases[i].method ? "missing" : "present");
		json_decref(o);
	}
}

static void test_unsupported_line_has_null_numbers(void **state)
{
	struct pmb_job job = sample_job();
	json_t *o;

	job.backend = PMB_BACKEND_KMALLOC;
	o = pmb_result_line(&job, NULL, 0, -EOPNOTSUPP);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "unsupported");
	assert_true(json_is_null(json_object_get(o, "ns_per_op")));
	assert_true(json_is_null(json_object_get(o, "cycles_per_op")));
	assert_true(json_is_null(json_object_get(o, "verified")));
	assert_true(json_is_null(json_object_get(o, "protect_method")));
	assert_null(json_object_get(o, "error"));
	json_decref(o);
}

static void test_no_tsc_means_null_cycles(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 0, .ns = 1000, .ops = 10 };
	json_t *o;

	job.tsc_khz = 0;
	o = pmb_result_line(&job, &s, 0, 0);
	assert_true(json_is_null(json_object_get(o, "cycles_per_op")));
	assert_float_equal(json_real_value(json_object_get(o, "ns_per_op")), 100.0, 1e-9);
	json_decref(o);
}

static void test_read_fields(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 10, .ns = 10, .ops = 10 };
	json_t *o;

	job.workload = PMB_WL_READ;
	job.flags = PMB_JOB_READ_SWEEP;
	o = pmb_result_line(&job, &s, 0, 0);
	assert_string_equal(json_string_value(json_object_get(o, "pattern")), "sweep");
	assert_true(json_is_false(json_object_get(o, "protected")));
	/* an unprotected read ran no protection method */
	assert_true(json_is_null(json_object_get(o, "protect_method")));
	json_decref(o);
}

/*
 * partitions: a key of the line where the job has it (a PMB_CAN_PARTITION
 * backend's), ok or unsupported; no key at all on any other job's line.
 */
static void test_partitions_only_where_the_backend_takes_them(void **state)
{
	struct pmb_job job = sample_job();
	struct pmb_sample s = { .cycles = 10, .ns = 10, .ops = 10 };
	json_t *o = pmb_result_line(&job, &s, 0, 0);

	assert_null(json_object_get(o, "partitions"));
	json_decref(o);
	job.backend = PMB_BACKEND_KMALLOC_PART;
	job.workload = PMB_WL_ALLOC;
	job.partitions = 8;
	o = pmb_result_line(&job, &s, 0, 0);
	assert_int_equal(ikey(o, "partitions"), 8);
	json_decref(o);
	job.workload = PMB_WL_PROTECT;
	o = pmb_result_line(&job, NULL, 0, -EOPNOTSUPP);
	assert_string_equal(json_string_value(json_object_get(o, "status")), "unsupported");
	assert_int_equal(ikey(o, "partitions"), 8);
	json_decref(o);
}

static void test_per_op_zero_ops_is_null(void **state)
{
	json_t *v = pmb_per_op(100, 0);

	assert_true(json_is_null(v));
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_line),
		cmocka_unit_test(test_unsupported_line_has_null_numbers),
		cmocka_unit_test(test_no_tsc_means_null_cycles),
		cmocka_unit_test(test_read_fields),
		cmocka_unit_test(test_named_figures),
		cmocka_unit_test(test_figures_outside_the_workload_are_null),
		cmocka_unit_test(test_every_figure_is_a_key),
		cmocka_unit_test(test_method_follows_the_rows),
		cmocka_unit_test(test_per_op_zero_ops_is_null),
		cmocka_unit_test(test_partitions_only_where_the_backend_takes_them),
	};

	return cmocka_run_group_tests_name("result", tests, NULL, NULL);
}
