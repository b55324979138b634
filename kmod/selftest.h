/* SPDX-License-Identifier: GPL-2.0 */
/* In-module self-tests, run one at a time from userspace (PMB_IOC_SELFTEST). */
#ifndef PMBENCH_SELFTEST_H
#define PMBENCH_SELFTEST_H

#include <linux/types.h>

/* Returns 0 on pass, -errno on failure with a reason written into @msg. */
typedef int (*pmb_selftest_fn)(unsigned int method, char *msg, size_t len);

struct pmb_selftest_case {
	const char *name;
	pmb_selftest_fn fn;
};

/* For the X(name) lists of each selftest_*.h: pmb_st_<name>() is "name". */
#define PMB_X_DECL(name) \
	int pmb_st_##name(unsigned int method, char *msg, size_t len);
#define PMB_X_ROW(name) { #name, pmb_st_##name },

extern const struct pmb_selftest_case pmb_selftests[];
extern const unsigned int pmb_nr_selftests;

#endif /* PMBENCH_SELFTEST_H */
