// SPDX-License-Identifier: GPL-2.0
/* Placeholder until protection lands: no method available. */
#include "protect.h"

int pmb_protect_init(void) { return 0; }
void pmb_protect_exit(void) { }
bool pmb_protect_method_available(unsigned int method) { return false; }
unsigned int pmb_protect_default_method(void) { return PMB_PROT_PTE; }
const char *pmb_protect_method_name(unsigned int method)
{
	return method == PMB_PROT_CPA ? "cpa" : method == PMB_PROT_PTE ? "pte" : "?";
}
