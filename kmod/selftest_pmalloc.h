/* SPDX-License-Identifier: GPL-2.0 */
/* Self-tests of pmalloc and page protection; rows for pmb_selftests[]. */
#ifndef PMBENCH_SELFTEST_PMALLOC_H
#define PMBENCH_SELFTEST_PMALLOC_H

#include "selftest.h"

/* X(name): the test pmb_st_<name>(), listed under "name". */
#define PMB_SELFTESTS_PMALLOC(X)		\
	X(pmalloc_lifecycle)			\
	X(pmalloc_free_reuse)			\
	X(pmalloc_overflow)			\
	X(pmalloc_big_alloc)			\
	X(pmalloc_size_zero)			\
	X(pmalloc_many_pools)			\
	X(pmalloc_destroy_returns_pages)	\
	X(pmalloc_fault_drill)			\
	X(protect_flush_all_cpus)		\
	X(pmalloc_stats)			\
	X(pmalloc_object_lookup)		\
	X(pmalloc_protected_pool)		\
	X(pmalloc_bad_args)			\
	X(pmalloc_protect_flushes)		\
	X(protect_verify)			\
	X(pmalloc_fill_64)			\
	X(protect_rounds)

PMB_SELFTESTS_PMALLOC(PMB_X_DECL)

#endif /* PMBENCH_SELFTEST_PMALLOC_H */
