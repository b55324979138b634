// SPDX-License-Identifier: GPL-2.0
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/kprobes.h>
#include <linux/types.h>
#include <linux/uaccess.h>

#include "compat/kallsyms.h"
#include "pmb_probe.h"

#ifdef CONFIG_X86_KERNEL_IBT
#include <asm/ibt.h>
#endif

typedef unsigned long (*pmb_kallsyms_lookup_name_t)(const char *name);

static pmb_kallsyms_lookup_name_t pmb_kln;

#ifdef PMB_HAVE_KPROBES	/* configure built a module with a kprobe */
/*
 * With IBT, a kprobe on a function entry lands after the ENDBR; an
 * indirect call must hit the ENDBR itself or the CPU raises #CP.
 */
static unsigned long pmb_kprobe_to_entry(unsigned long addr)
{
#ifdef CONFIG_X86_KERNEL_IBT
	u32 insn;

	if (!copy_from_kernel_nofault(&insn, (void *)(addr - ENDBR_INSN_SIZE),
				      sizeof(insn)) && is_endbr(insn))
		return addr - ENDBR_INSN_SIZE;
#endif
	return addr;
}

int pmb_kallsyms_init(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;
	int ret;

	if (pmb_kln)
		return 0;
	ret = register_kprobe(&kp);
	if (ret < 0)
		return ret;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	if (!addr)
		return -ENOENT;
	pmb_kln = (pmb_kallsyms_lookup_name_t)pmb_kprobe_to_entry(addr);
	return 0;
}
#else
int pmb_kallsyms_init(void)
{
	return -EOPNOTSUPP;	/* no kprobes in this kernel */
}
#endif

unsigned long pmb_kallsyms_lookup_name(const char *name)
{
	return pmb_kln ? pmb_kln(name) : 0;
}
