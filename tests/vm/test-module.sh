#!/bin/bash
# Module basics in the VM: load, capabilities, malformed ioctls, the
# registry tables the module describes (PMB_IOC_DESCRIBE), the registry
# self-tests, unload.
set -u
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-module.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# pmb-describe: every row of every table the module describes, checked
# against the registry this test was compiled with; prints TAP (numbers
# renumbered by the guest).  With --skew it expects exactly the answer of
# the describe_skew hook: backend row 0 with PMB_CAN_UNPROTECT flipped.
cat > "$tmp/pmb-describe.c" <<'C'
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "uapi/pmbench.h"

static int n, failed;

static void result(int ok, const char *what, const char *why)
{
	n++;
	if (!ok)
		failed++;
	printf("%sok %d - describe: %s%s%s\n", ok ? "" : "not ", n, what,
	       ok ? "" : " # ", ok ? "" : why);
}

static int describe(int fd, struct pmb_describe *d, __u32 table, __u32 index)
{
	memset(d, 0, sizeof(*d));
	d->hdr.abi_version = PMB_ABI_VERSION;
	d->hdr.argsz = sizeof(*d);
	d->table = table;
	d->index = index;
	return ioctl(fd, PMB_IOC_DESCRIBE, d) ? -errno : 0;
}

struct row {
	const char *name;
	__u32 caps, role, protects, job_flags, figures, measure, plot;
};

#define X_BE(e, ops, s, c, r, d) { s, c, r, 0, 0, 0, 0, 0 },
#define X_WL(e, ops, s, nd, p, jf, fig, m, pl, d) { s, nd, 0, p, jf, fig, m, pl },
#define X_ME(e, s, d) { s, 0, 0, 0, 0, 0, 0, 0 },
#define X_FI(e, f, t, u, d) { #f, 0, 0, 0, 0, t, 0, 0 },
#define X_JF(e, bit, nd, p) { #e, nd, 0, p, 1u << (bit), 0, 0, 0 },
static const struct row be[] = { PMB_BACKENDS(X_BE) };
static const struct row wl[] = { PMB_WORKLOADS(X_WL) };
static const struct row me[] = { PMB_PROTECT_METHODS(X_ME) };
static const struct row fi[] = { PMB_FIGURES(X_FI) };
static const struct row jf[] = { PMB_JOB_FLAGS(X_JF) };
static const struct { const char *name; const struct row *rows; unsigned int nr; } tables[] = {
	[PMB_TABLE_BACKENDS] = { "backends", be, sizeof(be) / sizeof(be[0]) },
	[PMB_TABLE_WORKLOADS] = { "workloads", wl, sizeof(wl) / sizeof(wl[0]) },
	[PMB_TABLE_METHODS] = { "methods", me, sizeof(me) / sizeof(me[0]) },
	[PMB_TABLE_FIGURES] = { "figures", fi, sizeof(fi) / sizeof(fi[0]) },
	[PMB_TABLE_JOB_FLAGS] = { "job flags", jf, sizeof(jf) / sizeof(jf[0]) },
};

int main(int argc, char **argv)
{
	int skew = argc > 1 && !strcmp(argv[1], "--skew");
	struct pmb_describe d;
	char what[128], why[256];
	unsigned int t, i;
	int fd, ret;

	fd = open(PMB_DEVICE_PATH, O_RDWR);
	if (fd < 0) {
		perror(PMB_DEVICE_PATH);
		return 1;
	}
	for (t = 0; t < PMB_NR_TABLES; t++) {
		for (i = 0; i < tables[t].nr; i++) {
			const struct row *r = &tables[t].rows[i];
			__u32 caps = r->caps;

			if (skew && t == PMB_TABLE_BACKENDS && i == 0)
				caps ^= PMB_CAN_UNPROTECT;
			ret = describe(fd, &d, t, i);
			snprintf(what, sizeof(what), "%s row %u is %s", tables[t].name, i, r->name);
			snprintf(why, sizeof(why), "ret %d name '%s' rows %u caps %#x role %u protects %u flags %#x figures %#x measure %u plot %u size_max %llu",
				 ret, d.name, d.nr_rows, d.caps, d.role, d.protects, d.job_flags,
				 d.figures, d.measure, d.plot, (unsigned long long)d.size_max);
			result(!ret && !strcmp(d.name, r->name) && d.nr_rows == tables[t].nr &&
			       d.caps == caps && d.role == r->role && d.protects == r->protects &&
			       d.job_flags == r->job_flags && d.figures == r->figures &&
			       d.measure == r->measure && d.plot == r->plot &&
			       (t == PMB_TABLE_BACKENDS ? d.size_max > 0 && d.size_max <= PMB_JOB_SIZE_MAX
							: d.size_max == 0) &&
			       d.hdr.argsz == sizeof(d), what, why);
		}
		ret = describe(fd, &d, t, tables[t].nr);
		snprintf(what, sizeof(what), "%s: ENOENT past the end, nr_rows %u", tables[t].name, tables[t].nr);
		snprintf(why, sizeof(why), "ret %d nr_rows %u", ret, d.nr_rows);
		result(ret == -ENOENT && d.nr_rows == tables[t].nr, what, why);
	}
	ret = describe(fd, &d, PMB_NR_TABLES, 0);
	snprintf(why, sizeof(why), "ret %d", ret);
	result(ret == -EINVAL, "unknown table: EINVAL", why);
	ret = describe(fd, &d, PMB_TABLE_BACKENDS, 0xffffffffu);
	snprintf(why, sizeof(why), "ret %d", ret);
	result(ret == -ENOENT, "row 2^32-1: ENOENT", why);
	memset(&d, 0, sizeof(d));
	d.hdr.abi_version = PMB_ABI_VERSION + 1;
	d.hdr.argsz = sizeof(d);
	ret = ioctl(fd, PMB_IOC_DESCRIBE, &d) ? -errno : 0;
	snprintf(why, sizeof(why), "ret %d", ret);
	result(ret == -EPROTO, "wrong ABI version: EPROTO", why);
	d.hdr.abi_version = PMB_ABI_VERSION;
	d.hdr.argsz = sizeof(d) - 8;
	ret = ioctl(fd, PMB_IOC_DESCRIBE, &d) ? -errno : 0;
	snprintf(why, sizeof(why), "ret %d", ret);
	result(ret == -EINVAL, "short argsz: EINVAL", why);
	close(fd);
	return failed ? 1 : 0;
}
C
cc_out=$(${CC:-cc} -O2 -Wall -Werror -I"$top_src/kmod" -o "$tmp/pmb-describe" "$tmp/pmb-describe.c" 2>&1) || {
	echo "not ok 1 - build pmb-describe # $cc_out"
	echo "1..1"
	exit 1
}

vm_tap "$top_src/tests/vm/guest-module.sh" \
	--add-bin "$top_build/tests/vm/pmb-ioctl-probe:/pmbench/pmb-ioctl-probe" \
	--add-bin "$top_build/tests/vm/pmb-runas:/pmbench/pmb-runas" \
	--add-bin "$tmp/pmb-describe:/pmbench/pmb-describe"
