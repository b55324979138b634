/* SPDX-License-Identifier: GPL-2.0 */
/* Self-tests of the write-once slab (wo_slab.c); rows for pmb_selftests[]. */
#ifndef PMBENCH_SELFTEST_WO_SLAB_H
#define PMBENCH_SELFTEST_WO_SLAB_H

#include "selftest.h"

/* X(name): the test pmb_st_<name>(), listed under "name". */
#define PMB_SELFTESTS_WO_SLAB(X)		\
	X(wo_slab_lifecycle)			\
	X(wo_slab_write_alias)

PMB_SELFTESTS_WO_SLAB(PMB_X_DECL)

#endif /* PMBENCH_SELFTEST_WO_SLAB_H */
