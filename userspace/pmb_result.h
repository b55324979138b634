/* SPDX-License-Identifier: GPL-2.0 */
/* Turns the module's raw job output into result-contract lines (doc/results.md). */
#ifndef PMB_RESULT_H
#define PMB_RESULT_H

#include <stdbool.h>
#include <jansson.h>
#include "uapi/pmbench.h"

/*
 * One results.jsonl object for kept sample @s (repeat index @repeat) of
 * @job.  @status is 0, or the -errno the job returned (EOPNOTSUPP becomes
 * "unsupported" with null numbers).  Every figure of the registry is a key
 * (doc/results.md), null where the workload's row does not list it or the
 * module did not measure it.  Returns a new reference or NULL.
 */
json_t *pmb_result_line(const struct pmb_job *job, const struct pmb_sample *s,
			unsigned int repeat, int status);

/* ns or cycles per op as a JSON number, or null when ops is 0. */
json_t *pmb_per_op(__u64 total, __u64 ops);

#endif /* PMB_RESULT_H */
