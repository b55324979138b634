// SPDX-License-Identifier: GPL-2.0
#include <linux/cache.h>
#include <linux/errno.h>
#include <linux/types.h>

#include "compat/kallsyms.h"
#include "compat/set_memory.h"
#include "pmb_probe.h"

pmb_set_memory_t pmb_set_memory_fns[2] __read_mostly;
#define pmb_ro_fn	pmb_set_memory_fns[true]
#define pmb_rw_fn	pmb_set_memory_fns[false]

#ifdef PMB_HAVE_SET_MEMORY_RO_EXPORTED	/* configure linked a module to them */
#include <linux/set_memory.h>

int pmb_set_memory_init(const char **why)
{
	pmb_ro_fn = set_memory_ro;
	pmb_rw_fn = set_memory_rw;
	*why = "set_memory_ro/rw exported to modules";
	return 0;
}
#else
int pmb_set_memory_init(const char **why)
{
	unsigned long ro, rw;
	int ret;

	ret = pmb_kallsyms_init();
	if (ret) {
		*why = "kallsyms_lookup_name not found through a kprobe";
		return ret;
	}
	ro = pmb_kallsyms_lookup_name("set_memory_ro");
	rw = pmb_kallsyms_lookup_name("set_memory_rw");
	if (!ro || !rw) {
		*why = "set_memory_ro/set_memory_rw not in kallsyms";
		return -ENOENT;
	}
	pmb_ro_fn = (pmb_set_memory_t)ro;
	pmb_rw_fn = (pmb_set_memory_t)rw;
	*why = "set_memory_ro/rw resolved through kallsyms";
	return 0;
}
#endif

void pmb_set_memory_exit(void)
{
	pmb_ro_fn = NULL;
	pmb_rw_fn = NULL;
}

bool pmb_set_memory_available(void)
{
	return pmb_ro_fn && pmb_rw_fn;
}
