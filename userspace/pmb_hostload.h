/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How busy the machine under the benchmark was around a job, apart from
 * the benchmark itself: on the host from /proc over the job, in a VM from
 * the file bench/host-load keeps up to date on the host (shared into the
 * guest by bench/vm-run).  Recorded per job as results.jsonl's host_load.
 */
#ifndef PMB_HOSTLOAD_H
#define PMB_HOSTLOAD_H

#include <stdbool.h>
#include <jansson.h>

struct pmb_hostload {
	bool have_load;			/* loadavg1 read */
	bool have_busy;			/* other_busy, steal read (file mode) */
	double loadavg1, other_busy, steal;
	/* /proc mode: cumulative jiffies, all CPUs; self: this process */
	bool have_jiffies;
	unsigned long long busy, stolen, total, self;
};

/*
 * Take one reading.  @file: the host sampler's file (a VM run), or NULL to
 * read @root/proc/{stat,loadavg,self/stat} of this machine.
 */
void pmb_hostload_read(const char *root, const char *file, struct pmb_hostload *h);

/*
 * The job's host_load object from readings before and after it, or JSON
 * null when nothing could be read:
 *   {"source", "other_busy", "steal", "loadavg1"}
 * other_busy and steal are shares of all CPUs' time (0..1), null when
 * unknown (a job shorter than one clock tick in /proc mode); in file mode
 * they cover the last second before each reading, and the larger of the
 * two readings is kept, as is the larger loadavg1.
 */
json_t *pmb_hostload_json(const char *file, const struct pmb_hostload *before,
			  const struct pmb_hostload *after);

#endif /* PMB_HOSTLOAD_H */
