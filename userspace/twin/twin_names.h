/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The twin's registry (twin_registry.h) as rows and name lookups, expanded
 * from the X-macro rows and from nowhere else.  Workloads are numbered as
 * one table with the module's: a shared workload keeps its PMB_WL_ index,
 * the twin's own follow (TWIN_WORKLOAD_OWN()).
 */
#ifndef TWIN_NAMES_H
#define TWIN_NAMES_H

#include <stdbool.h>

#include "twin_registry.h"

struct twin_backend_row {
	const char *name;
	unsigned int caps;	/* PMB_CAN_* */
	int role;		/* PMB_ROLE_* */
	const char *desc;
};

/* NULL past the end. */
const struct twin_backend_row *twin_backend_row(unsigned int b);
const char *twin_backend_name(unsigned int b);
int twin_backend_from_name(const char *name);		/* -1: not the twin's */

const char *twin_method_name(unsigned int m);
const char *twin_method_desc(unsigned int m);
int twin_method_from_name(const char *name);

/*
 * Workloads the twin runs, in the one numbering: the name (the module's row
 * for a shared one), NULL for a module workload the twin does not run and
 * past the end.  twin_workload_at(i) walks them: the i-th the twin runs,
 * -1 past the end.
 */
const char *twin_workload_name(unsigned int w);
int twin_workload_at(unsigned int i);
int twin_workload_from_name(const char *name);
/* Own workloads by their own index (0 .. TWIN_NR_OWN_WORKLOADS - 1). */
const char *twin_own_workload_name(unsigned int i);
const char *twin_own_workload_desc(unsigned int i);
/* Default reader threads of @w, -1 where it takes no threads= key. */
int twin_workload_threads(unsigned int w);
/* The module workload whose row's semantics @w has (itself if shared). */
unsigned int twin_workload_like(unsigned int w);

/* What a job of the twin needs and does, from the rows. */
bool twin_job_supported(unsigned int backend, unsigned int workload,
			unsigned int flags);
bool twin_job_protects(unsigned int backend, unsigned int workload,
		       unsigned int flags);

#endif /* TWIN_NAMES_H */
