// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "pmb_env.h"
#include "pmb_hostload.h"

static void read_proc(const char *root, struct pmb_hostload *h)
{
	unsigned long long v[8], ut, st;
	char buf[1024], *p;

	/* cpu  user nice system idle iowait irq softirq steal ... */
	if (pmb_read_text(root, "/proc/stat", buf, sizeof(buf)) &&
	    sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		h->busy = v[0] + v[1] + v[2] + v[5] + v[6];
		h->stolen = v[7];
		h->total = h->busy + v[3] + v[4] + v[7];
		h->have_jiffies = true;
	}
	/* utime and stime: fields 14 and 15, the 12th and 13th after ") " */
	p = pmb_read_text(root, "/proc/self/stat", buf, sizeof(buf)) ?
	    strrchr(buf, ')') : NULL;
	if (p && sscanf(p + 1, " %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu",
			&ut, &st) == 2)
		h->self = ut + st;
	else
		h->have_jiffies = false;
}

static void read_file(const char *file, struct pmb_hostload *h)
{
	json_t *o = json_load_file(file, 0, NULL);
	json_t *busy = json_object_get(o, "other_busy");
	json_t *steal = json_object_get(o, "steal");
	json_t *load = json_object_get(o, "loadavg1");

	if (json_is_number(busy) && json_is_number(steal)) {
		h->other_busy = json_number_value(busy);
		h->steal = json_number_value(steal);
		h->have_busy = true;
	}
	if (json_is_number(load)) {
		h->loadavg1 = json_number_value(load);
		h->have_load = true;
	}
	json_decref(o);
}

void pmb_hostload_read(const char *root, const char *file, struct pmb_hostload *h)
{
	char buf[128];

	memset(h, 0, sizeof(*h));
	if (file) {
		read_file(file, h);
		return;
	}
	read_proc(root, h);
	h->have_load = pmb_read_text(root, "/proc/loadavg", buf, sizeof(buf)) &&
		       sscanf(buf, "%lf", &h->loadavg1) == 1;
}

static double larger(double a, double b)
{
	return a > b ? a : b;
}

json_t *pmb_hostload_json(const char *file, const struct pmb_hostload *b,
			  const struct pmb_hostload *a)
{
	json_t *busy = json_null(), *steal = json_null(), *load = json_null();
	unsigned long long dt, other;

	if (file) {
		if (b->have_busy && a->have_busy) {
			busy = json_real(larger(b->other_busy, a->other_busy));
			steal = json_real(larger(b->steal, a->steal));
		}
	} else if (b->have_jiffies && a->have_jiffies && a->total > b->total) {
		dt = a->total - b->total;
		other = a->busy - b->busy;
		other = other > a->self - b->self ? other - (a->self - b->self) : 0;
		busy = json_real((double)other / (double)dt);
		/* Some hypervisors let the steal counter go backwards. */
		steal = json_real(a->stolen > b->stolen ?
				  (double)(a->stolen - b->stolen) / (double)dt : 0.0);
	}
	if (b->have_load && a->have_load)
		load = json_real(larger(b->loadavg1, a->loadavg1));
	if (json_is_null(busy) && json_is_null(load))
		return json_null();
	return json_pack("{s:s, s:o, s:o, s:o}", "source",
			 file ? "host sampler (bench/host-load, outside the VM)" : "driver (/proc)",
			 "other_busy", busy, "steal", steal, "loadavg1", load);
}
