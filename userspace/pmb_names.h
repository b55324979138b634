/* SPDX-License-Identifier: GPL-2.0 */
/* Name <-> enum lookups, expanded from the X-macro tables of the ABI header. */
#ifndef PMB_NAMES_H
#define PMB_NAMES_H

#include "uapi/pmbench.h"

const char *pmb_backend_name(unsigned int b);
const char *pmb_workload_name(unsigned int w);
const char *pmb_method_name(unsigned int m);
/* Return the enum value, or -1 when @name is not in the table. */
int pmb_backend_from_name(const char *name);
int pmb_workload_from_name(const char *name);
int pmb_method_from_name(const char *name);

#endif /* PMB_NAMES_H */
