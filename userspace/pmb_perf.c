// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pmb_perf.h"

static const struct {
	const char *name;
	__u32 type;
	__u64 config;
} events[PMB_PERF_NR] = {
#define PMB_X_PERF_DESC(e, n, t, c) { n, t, c },
	PMB_PERF_EVENTS(PMB_X_PERF_DESC)
#undef PMB_X_PERF_DESC
};

const char *pmb_perf_event_name(unsigned int e)
{
	return e < PMB_PERF_NR ? events[e].name : NULL;
}

static const char *errno_name(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "unknown errno";
}

static void warn_unopened(const struct pmb_perf *p, unsigned int e, int err)
{
	const bool user = p->mode == PMB_PERF_USER;
	const char *mode = user ? "user-mode " : "";
	char paranoid[16] = "?";
	FILE *f;

	if (!p->warn)
		return;
	switch (err) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		fprintf(p->warn, "perf: %s%s not supported here (%s); recorded as null\n",
			mode, events[e].name, errno_name(err));
		break;
	case EACCES:
	case EPERM:
		f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
		if (f) {
			if (!fgets(paranoid, sizeof(paranoid), f))
				strcpy(paranoid, "?");
			paranoid[strcspn(paranoid, "\n")] = '\0';
			fclose(f);
		}
		fprintf(p->warn, "perf: %s%s not permitted (%s; kernel.perf_event_paranoid=%s: %s); recorded as null\n",
			mode, events[e].name, errno_name(err), paranoid,
			user ? "user-mode counting needs root or a value <= 2" :
			       "kernel-mode counting needs root or a value <= 1");
		break;
	default:
		fprintf(p->warn, "perf: %s%s cannot be opened (%s: %s); recorded as null\n",
			mode, events[e].name, errno_name(err), strerror(err));
	}
}

int pmb_perf_open(struct pmb_perf *p, FILE *warn)
{
	return pmb_perf_open_mode(p, warn, PMB_PERF_KERNEL);
}

int pmb_perf_open_mode(struct pmb_perf *p, FILE *warn, enum pmb_perf_mode mode)
{
	unsigned int e;
	int opened = 0;

	memset(p, 0, sizeof(*p));
	p->warn = warn;
	p->mode = mode;
	for (e = 0; e < PMB_PERF_NR; e++) {
		struct perf_event_attr attr = {
			.size = sizeof(attr),
			.type = events[e].type,
			.config = events[e].config,
			.disabled = 1,
			.exclude_user = mode == PMB_PERF_KERNEL,
			.exclude_kernel = mode == PMB_PERF_USER,
			.exclude_hv = 1,
			.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
				       PERF_FORMAT_TOTAL_TIME_RUNNING,
		};
		long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1,
				  PERF_FLAG_FD_CLOEXEC);

		p->c[e].fd = fd < 0 ? -1 : (int)fd;
		p->c[e].open_errno = fd < 0 ? errno : 0;
		if (fd < 0)
			warn_unopened(p, e, p->c[e].open_errno);
		else
			opened++;
	}
	return opened;
}

void pmb_perf_start(struct pmb_perf *p)
{
	unsigned int e;

	for (e = 0; e < PMB_PERF_NR; e++) {
		p->c[e].valid = false;
		if (p->c[e].fd < 0)
			continue;
		ioctl(p->c[e].fd, PERF_EVENT_IOC_RESET, 0);
		ioctl(p->c[e].fd, PERF_EVENT_IOC_ENABLE, 0);
	}
}

void pmb_perf_stop(struct pmb_perf *p)
{
	unsigned int e;

	for (e = 0; e < PMB_PERF_NR; e++)
		if (p->c[e].fd >= 0)
			ioctl(p->c[e].fd, PERF_EVENT_IOC_DISABLE, 0);
	for (e = 0; e < PMB_PERF_NR; e++) {
		struct pmb_perf_counter *c = &p->c[e];
		__u64 v[3];	/* value, time enabled, time running */

		if (c->fd < 0)
			continue;
		if (read(c->fd, v, sizeof(v)) != (ssize_t)sizeof(v))
			continue;
		if (v[2] == 0) {
			/* Multiplexed out for the whole job: nothing was counted. */
			if (p->warn && !c->warned_unscheduled && v[1])
				fprintf(p->warn, "perf: %s was never scheduled during a job (too many events for the PMU); recorded as null\n",
					events[e].name);
			c->warned_unscheduled |= v[1] != 0;
			continue;
		}
		c->value = v[2] < v[1] ?
			(unsigned long long)((double)v[0] * v[1] / v[2] + 0.5) : v[0];
		c->valid = true;
	}
}

json_t *pmb_perf_json(const struct pmb_perf *p)
{
	json_t *o = json_pack("{s:s}", "scope", "job");
	unsigned int e;

	for (e = 0; o && e < PMB_PERF_NR; e++)
		json_object_set_new(o, events[e].name,
				    p->c[e].valid ? json_integer((json_int_t)p->c[e].value) :
						    json_null());
	return o;
}

void pmb_perf_close(struct pmb_perf *p)
{
	unsigned int e;

	for (e = 0; e < PMB_PERF_NR; e++) {
		if (p->c[e].fd >= 0)
			close(p->c[e].fd);
		p->c[e].fd = -1;
		p->c[e].valid = false;
	}
}
