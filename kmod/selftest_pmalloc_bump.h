/* SPDX-License-Identifier: GPL-2.0 */
/* Self-tests of the pmalloc v20-v22 design (pmalloc_bump); rows for pmb_selftests[]. */
#ifndef PMBENCH_SELFTEST_PMALLOC_BUMP_H
#define PMBENCH_SELFTEST_PMALLOC_BUMP_H

#include "selftest.h"

#define PMB_X_BUMP_DECL(name) \
	int pmb_st_##name(unsigned int method, char *msg, size_t len);
#define PMB_X_BUMP_ROW(name) { #name, pmb_st_##name },

/*
 * X(name): the test pmb_st_<name>(), listed under "name".  The pmalloc_
 * prefix puts them with the other pmalloc self-tests, which the VM test
 * of pmalloc runs under both protection methods.
 */
#define PMB_SELFTESTS_PMALLOC_BUMP(X)		\
	X(pmalloc_bump_lifecycle)		\
	X(pmalloc_bump_grow_after_protect)	\
	X(pmalloc_bump_big_alloc)		\
	X(pmalloc_bump_align)			\
	X(pmalloc_bump_fill_64)			\
	X(pmalloc_bump_fault_drill)		\
	X(pmalloc_bump_check_object)		\
	X(pmalloc_bump_unprotect)		\
	X(pmalloc_bump_after_destroy)		\
	X(pmalloc_bump_bad_args)

PMB_SELFTESTS_PMALLOC_BUMP(PMB_X_BUMP_DECL)

#endif /* PMBENCH_SELFTEST_PMALLOC_BUMP_H */
