/* SPDX-License-Identifier: GPL-2.0 */
/*
 * set_memory_ro()/set_memory_rw() are not exported to modules on x86-64
 * (Linux 5.x on); configure checks (PMB_HAVE_SET_MEMORY_RO_EXPORTED), and
 * where they are not, they are resolved at load through kallsyms.  On x86 they also change
 * the direct-map alias of vmalloc pages, as an in-tree pmalloc would.
 */
#ifndef PMBENCH_COMPAT_SET_MEMORY_H
#define PMBENCH_COMPAT_SET_MEMORY_H

#include <linux/types.h>

/* 0 when both resolved, else -errno; *@why says what failed. */
int pmb_set_memory_init(const char **why);
/* Forget them (module unload). */
void pmb_set_memory_exit(void);
bool pmb_set_memory_available(void);

typedef int (*pmb_set_memory_t)(unsigned long addr, int numpages);
/* [true] set_memory_ro, [false] set_memory_rw; written by init and exit only. */
extern pmb_set_memory_t pmb_set_memory_fns[2];
/*
 * set_memory_ro (@ro) or set_memory_rw itself, NULL when not resolved:
 * a timed loop calls it with no wrapper, and no call to find it, between.
 */
static inline pmb_set_memory_t pmb_set_memory_fn(bool ro)
{
	return pmb_set_memory_fns[ro];
}

#endif /* PMBENCH_COMPAT_SET_MEMORY_H */
