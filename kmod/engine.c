// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the engine lands: every job is refused. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include "engine.h"

int pmb_run_job(struct pmb_job *job)
{
	return -EOPNOTSUPP;
}
