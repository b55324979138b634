// SPDX-License-Identifier: GPL-2.0
/* The result writer: a module job becomes a contract line, nulls stay null. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

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
	assert_string_equal(json_string_value(json_object_get(o, "backend")), "pmalloc");
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
	json_decref(o);
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
		cmocka_unit_test(test_per_op_zero_ops_is_null),
	};

	return cmocka_run_group_tests_name("result", tests, NULL, NULL);
}
