// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "pmb_names.h"
#include "pmb_result.h"

json_t *pmb_per_op(__u64 total, __u64 ops)
{
	return ops ? json_real((double)total / (double)ops) : json_null();
}

/* A u64 figure the module may not have measured (~0). */
static json_t *figure(__u64 v)
{
	return v == ~0ULL ? json_null() : json_integer((json_int_t)v);
}

static json_t *tristate(__s32 v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *disturbed(__u32 flags)
{
	json_t *a = json_array();

	if (flags & PMB_SAMPLE_MIGRATED)
		json_array_append_new(a, json_string("migrated"));
	if (flags & PMB_SAMPLE_PREEMPTED)
		json_array_append_new(a, json_string("preempted"));
	return a;
}

static const char *status_name(int status)
{
	if (!status)
		return "ok";
	return status == -EOPNOTSUPP ? "unsupported" : "error";
}

bool pmb_workload_protects(unsigned int workload, bool protected_read)
{
	switch (workload) {
	case PMB_WL_PROTECT:
	case PMB_WL_UNPROTECT:
	case PMB_WL_DESTROY:
		return true;
	case PMB_WL_READ:
		return protected_read;
	default:
		return false;
	}
}

static bool uses_protection(const struct pmb_job *job)
{
	return job->backend != PMB_BACKEND_KMALLOC &&
	       pmb_workload_protects(job->workload, job->flags & PMB_JOB_READ_PROTECTED);
}

json_t *pmb_result_line(const struct pmb_job *job, const struct pmb_sample *s,
			unsigned int repeat, int status)
{
	bool ok = status == 0 && s;
	const char *method = pmb_method_name(job->protect_method_used);
	json_t *o;

	o = json_pack("{s:s?, s:s?, s:I, s:I, s:i, s:s}",
		      "backend", pmb_backend_name(job->backend),
		      "workload", pmb_workload_name(job->workload),
		      "size", (json_int_t)job->size,
		      "count", (json_int_t)job->count,
		      "repeat", (int)repeat,
		      "status", status_name(status));
	if (!o)
		return NULL;
	if (status && status != -EOPNOTSUPP)
		json_object_set_new(o, "error", json_string(strerror(-status)));
	json_object_set_new(o, "ops", ok ? json_integer((json_int_t)s->ops) : json_null());
	json_object_set_new(o, "ns_per_op", ok ? pmb_per_op(s->ns, s->ops) : json_null());
	json_object_set_new(o, "cycles_per_op",
			    ok && job->tsc_khz ? pmb_per_op(s->cycles, s->ops) : json_null());
	json_object_set_new(o, "baseline_ns_per_op",
			    ok ? pmb_per_op(job->baseline.ns, job->baseline.ops) : json_null());
	json_object_set_new(o, "baseline_cycles_per_op",
			    ok && job->tsc_khz ? pmb_per_op(job->baseline.cycles, job->baseline.ops) : json_null());
	json_object_set_new(o, "cpu", ok ? json_integer(s->cpu) : json_null());
	json_object_set_new(o, "disturbed", disturbed(ok ? s->flags : 0));
	json_object_set_new(o, "protect_method",
			    ok && uses_protection(job) && method ? json_string(method) : json_null());
	json_object_set_new(o, "pages", ok ? figure(job->fig.pages) : json_null());
	json_object_set_new(o, "vmap_areas", ok ? figure(job->fig.vmap_areas) : json_null());
	json_object_set_new(o, "bytes_requested", ok ? figure(job->fig.bytes_requested) : json_null());
	json_object_set_new(o, "bytes_consumed", ok ? figure(job->fig.bytes_consumed) : json_null());
	json_object_set_new(o, "tlb_flushes", ok ? figure(job->fig.tlb_flushes) : json_null());
	json_object_set_new(o, "verified", ok ? tristate(job->fig.verified) : json_null());
	json_object_set_new(o, "direct_map_ro", ok ? tristate(job->fig.direct_map_ro) : json_null());
	if (job->workload == PMB_WL_READ) {
		json_object_set_new(o, "pattern",
				    json_string(pmb_pattern_name(!!(job->flags & PMB_JOB_READ_SWEEP))));
		json_object_set_new(o, "protected",
				    json_boolean(job->flags & PMB_JOB_READ_PROTECTED));
	}
	return o;
}
