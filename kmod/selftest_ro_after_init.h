/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-tests of the read layout and of the ro-after-init floor that lays
 * it at load; rows for pmb_selftests[].
 */
#ifndef PMBENCH_SELFTEST_RO_AFTER_INIT_H
#define PMBENCH_SELFTEST_RO_AFTER_INIT_H

#include "selftest.h"

/* X(name): the test pmb_st_<name>(), listed under "name". */
#define PMB_SELFTESTS_RO_AFTER_INIT(X)		\
	X(read_layout_cycle)			\
	X(ro_after_init_layout)			\
	X(ro_after_init_readonly)

PMB_SELFTESTS_RO_AFTER_INIT(PMB_X_DECL)

#endif /* PMBENCH_SELFTEST_RO_AFTER_INIT_H */
