// SPDX-License-Identifier: GPL-2.0
/* The name tables: every enum has its contract name and back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../userspace/pmb_names.h"

static void test_backend_names(void **state)
{
	assert_string_equal(pmb_backend_name(PMB_BACKEND_KMALLOC), "kmalloc");
	assert_string_equal(pmb_backend_name(PMB_BACKEND_VMALLOC), "vmalloc");
	assert_string_equal(pmb_backend_name(PMB_BACKEND_PMALLOC), "pmalloc");
	assert_null(pmb_backend_name(PMB_NR_BACKENDS));
}

static void test_workload_names(void **state)
{
	static const char *const contract[] = {
		"alloc", "free", "protect", "unprotect", "read", "footprint", "destroy",
	};
	unsigned int i;

	assert_int_equal(PMB_NR_WORKLOADS, sizeof(contract) / sizeof(contract[0]));
	for (i = 0; i < PMB_NR_WORKLOADS; i++) {
		assert_string_equal(pmb_workload_name(i), contract[i]);
		assert_int_equal(pmb_workload_from_name(contract[i]), (int)i);
	}
}

static void test_unknown_names(void **state)
{
	assert_int_equal(pmb_backend_from_name("slab"), -1);
	assert_int_equal(pmb_backend_from_name(""), -1);
	assert_int_equal(pmb_backend_from_name(NULL), -1);
	assert_int_equal(pmb_workload_from_name("Alloc"), -1);
	assert_int_equal(pmb_method_from_name("cpa"), PMB_PROT_CPA);
	assert_int_equal(pmb_method_from_name("pte"), PMB_PROT_PTE);
	assert_int_equal(pmb_method_from_name("mprotect"), -1);
	assert_null(pmb_method_name(PMB_PROT_DEFAULT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backend_names),
		cmocka_unit_test(test_workload_names),
		cmocka_unit_test(test_unknown_names),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
