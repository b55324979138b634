/* SPDX-License-Identifier: GPL-2.0 */
/* Self-tests of the registry's tables and checks; rows for pmb_selftests[]. */
#ifndef PMBENCH_SELFTEST_REGISTRY_H
#define PMBENCH_SELFTEST_REGISTRY_H

#include "selftest.h"

/* X(name): the test pmb_st_<name>(), listed under "name". */
#define PMB_SELFTESTS_REGISTRY(X)		\
	X(registry_rows)			\
	X(registry_backend_check)		\
	X(registry_workload_check)		\
	X(registry_describe)

PMB_SELFTESTS_REGISTRY(PMB_X_DECL)

#endif /* PMBENCH_SELFTEST_REGISTRY_H */
