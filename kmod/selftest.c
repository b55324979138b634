// SPDX-License-Identifier: GPL-2.0
/* The self-test table; entries are added by the subsystems they test. */
#include <linux/kernel.h>
#include "selftest.h"
#include "selftest_lockable_zone.h"
#include "selftest_pmalloc.h"
#include "selftest_pmalloc_bump.h"
#include "selftest_registry.h"
#include "selftest_ro_after_init.h"
#include "selftest_wo_slab.h"

static int pmb_selftest_noop(unsigned int method, char *msg, size_t len)
{
	return 0;
}

const struct pmb_selftest_case pmb_selftests[] = {
	{ "noop", pmb_selftest_noop },
	PMB_SELFTESTS_PMALLOC(PMB_X_ROW)
	PMB_SELFTESTS_REGISTRY(PMB_X_ROW)
	PMB_SELFTESTS_PMALLOC_BUMP(PMB_X_BUMP_ROW)
	PMB_SELFTESTS_RO_AFTER_INIT(PMB_X_ROW)
	PMB_SELFTESTS_LOCKABLE_ZONE(PMB_X_ROW)
	PMB_SELFTESTS_WO_SLAB(PMB_X_ROW)
};
const unsigned int pmb_nr_selftests = ARRAY_SIZE(pmb_selftests);
