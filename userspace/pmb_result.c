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

/*
 * One key per PMB_FIGURES row, named after its field: the number (a
 * tri-state as a boolean), or null where the job has no numbers, the
 * workload's row does not list the figure, or the module did not measure
 * it (~0, PMB_UNKNOWN).
 */
static void add_figures(json_t *o, const struct pmb_job *job, bool ok)
{
	const struct pmb_workload_row *w = pmb_workload_row(job->workload);
	const struct pmb_figure_row *f;
	unsigned int i;
	long long v;

	for (i = 0; (f = pmb_figure_row(i)); i++) {
		json_t *val = json_null();

		if (ok && w && (w->figures & (1u << i)) &&
		    pmb_figure_value(&job->fig, i, &v))
			val = f->type == PMB_FIG_TRI ? json_boolean(v) :
			      json_integer((json_int_t)v);
		json_object_set_new(o, f->name, val);
	}
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
			    ok && pmb_job_protects(job->backend, job->workload, job->flags) &&
			    method ? json_string(method) : json_null());
	add_figures(o, job, ok);
	/* The read pattern and protection, where the workload takes those flags. */
	if (pmb_workload_accepts(job->workload, PMB_JOB_READ_SWEEP))
		json_object_set_new(o, "pattern",
				    json_string(pmb_pattern_name(!!(job->flags & PMB_JOB_READ_SWEEP))));
	if (pmb_workload_accepts(job->workload, PMB_JOB_READ_PROTECTED))
		json_object_set_new(o, "protected",
				    json_boolean(job->flags & PMB_JOB_READ_PROTECTED));
	/* Only where the backend takes partitions= (PMB_CAN_PARTITION). */
	if (job->partitions)
		json_object_set_new(o, "partitions", json_integer(job->partitions));
	return o;
}
