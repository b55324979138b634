/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kallsyms_lookup_name() is not exported to modules since Linux 5.7.  The
 * usual way back (lttng-modules does the same): a kprobe on it reports its
 * address.  Everything resolved through here is optional; callers say what
 * they lose when it is missing.
 */
#ifndef PMBENCH_COMPAT_KALLSYMS_H
#define PMBENCH_COMPAT_KALLSYMS_H

/* 0 when kallsyms_lookup_name was found, else -errno.  Call once, at load. */
int pmb_kallsyms_init(void);
/* The address of @name, or 0 (unknown symbol, or pmb_kallsyms_init failed). */
unsigned long pmb_kallsyms_lookup_name(const char *name);

#endif /* PMBENCH_COMPAT_KALLSYMS_H */
