/* SPDX-License-Identifier: GPL-2.0 */
/* Self-tests of the lockable zone (lockable_zone.c); rows for pmb_selftests[]. */
#ifndef PMBENCH_SELFTEST_LOCKABLE_ZONE_H
#define PMBENCH_SELFTEST_LOCKABLE_ZONE_H

#include "selftest.h"

/* X(name): the test pmb_st_<name>(), listed under "name". */
#define PMB_SELFTESTS_LOCKABLE_ZONE(X)		\
	X(lockable_zone_classes)		\
	X(lockable_zone_free_list)		\
	X(lockable_zone_lock)

PMB_SELFTESTS_LOCKABLE_ZONE(PMB_X_DECL)

#endif /* PMBENCH_SELFTEST_LOCKABLE_ZONE_H */
