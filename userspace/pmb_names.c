// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "pmb_names.h"

#define PMB_X_NAME(e, s) s,
static const char *const backend_names[] = { PMB_BACKENDS(PMB_X_NAME) };
static const char *const workload_names[] = { PMB_WORKLOADS(PMB_X_NAME) };
static const char *const method_names[] = { PMB_PROTECT_METHODS(PMB_X_NAME) };
#undef PMB_X_NAME

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_at(const char *const *tab, unsigned int n,
			   unsigned int i)
{
	return i < n ? tab[i] : NULL;
}

static int index_of(const char *const *tab, unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(tab[i], name))
			return (int)i;
	return -1;
}

const char *pmb_backend_name(unsigned int b)
{
	return name_at(backend_names, NELEM(backend_names), b);
}

const char *pmb_workload_name(unsigned int w)
{
	return name_at(workload_names, NELEM(workload_names), w);
}

const char *pmb_method_name(unsigned int m)
{
	return name_at(method_names, NELEM(method_names), m);
}

int pmb_backend_from_name(const char *name)
{
	return index_of(backend_names, NELEM(backend_names), name);
}

int pmb_workload_from_name(const char *name)
{
	return index_of(workload_names, NELEM(workload_names), name);
}

int pmb_method_from_name(const char *name)
{
	return index_of(method_names, NELEM(method_names), name);
}
