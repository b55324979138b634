// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <string.h>

#include "pmb_names.h"
#include "twin_names.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define TWIN_X_BE_ROW(e, s, caps, role, d)	{ s, caps, role, d },
static const struct twin_backend_row backend_rows[] = { TWIN_BACKENDS(TWIN_X_BE_ROW) };
#undef TWIN_X_BE_ROW

#define TWIN_X_METHOD_ROW(e, s, d)	{ s, d },
static const struct {
	const char *name, *desc;
} method_rows[] = { TWIN_PROTECT_METHODS(TWIN_X_METHOD_ROW) };
#undef TWIN_X_METHOD_ROW

#define TWIN_X_OWN_ROW(e, s, like, thr, d)	{ s, PMB_WL_##like, thr, d },
static const struct {
	const char *name;
	unsigned int like;
	int threads;
	const char *desc;
} own_rows[] = { TWIN_OWN_WORKLOADS(TWIN_X_OWN_ROW) };
#undef TWIN_X_OWN_ROW

#define TWIN_X_SHARED(e, thr)	{ PMB_WL_##e, thr },
static const struct {
	unsigned int w;
	int threads;
} shared_rows[] = { TWIN_SHARED_WORKLOADS(TWIN_X_SHARED) };
#undef TWIN_X_SHARED


const struct twin_backend_row *twin_backend_row(unsigned int b)
{
	return b < NELEM(backend_rows) ? &backend_rows[b] : NULL;
}

const char *twin_backend_name(unsigned int b)
{
	return b < NELEM(backend_rows) ? backend_rows[b].name : NULL;
}

int twin_backend_from_name(const char *name)
{
	return pmb_name_index(twin_backend_name, name);
}

const char *twin_method_name(unsigned int m)
{
	return m < NELEM(method_rows) ? method_rows[m].name : NULL;
}

const char *twin_method_desc(unsigned int m)
{
	return m < NELEM(method_rows) ? method_rows[m].desc : NULL;
}

int twin_method_from_name(const char *name)
{
	return pmb_name_index(twin_method_name, name);
}

const char *twin_own_workload_name(unsigned int i)
{
	return i < NELEM(own_rows) ? own_rows[i].name : NULL;
}

const char *twin_own_workload_desc(unsigned int i)
{
	return i < NELEM(own_rows) ? own_rows[i].desc : NULL;
}

static int shared(unsigned int w)
{
	unsigned int i;

	for (i = 0; i < NELEM(shared_rows); i++)
		if (shared_rows[i].w == w)
			return (int)i;
	return -1;
}

const char *twin_workload_name(unsigned int w)
{
	if (w < PMB_NR_WORKLOADS)
		return shared(w) >= 0 ? pmb_workload_name(w) : NULL;
	return twin_own_workload_name(w - PMB_NR_WORKLOADS);
}

int twin_workload_at(unsigned int i)
{
	if (i < NELEM(shared_rows))
		return (int)shared_rows[i].w;
	i -= NELEM(shared_rows);
	return i < NELEM(own_rows) ? (int)TWIN_WORKLOAD_OWN(i) : -1;
}

int twin_workload_from_name(const char *name)
{
	int w;
	unsigned int i;

	for (i = 0; name && (w = twin_workload_at(i)) >= 0; i++)
		if (!strcmp(twin_workload_name((unsigned int)w), name))
			return w;
	return -1;
}

int twin_workload_threads(unsigned int w)
{
	int i;

	if (w < PMB_NR_WORKLOADS)
		return (i = shared(w)) >= 0 ? shared_rows[i].threads : -1;
	w -= PMB_NR_WORKLOADS;
	return w < NELEM(own_rows) ? own_rows[w].threads : -1;
}

unsigned int twin_workload_like(unsigned int w)
{
	if (w < PMB_NR_WORKLOADS)
		return w;
	w -= PMB_NR_WORKLOADS;
	return w < NELEM(own_rows) ? own_rows[w].like : PMB_NR_WORKLOADS;
}

bool twin_job_supported(unsigned int backend, unsigned int workload,
			unsigned int flags)
{
	const struct twin_backend_row *b = twin_backend_row(backend);
	unsigned int like = twin_workload_like(workload);

	return b && like < PMB_NR_WORKLOADS &&
	       !(pmb_job_needs(like, flags) & ~b->caps);
}

bool twin_job_protects(unsigned int backend, unsigned int workload,
		       unsigned int flags)
{
	const struct twin_backend_row *b = twin_backend_row(backend);

	return b && (b->caps & PMB_CAN_PROTECT) &&
	       twin_job_supported(backend, workload, flags) &&
	       pmb_job_would_protect(twin_workload_like(workload), flags);
}
