// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pmb_dev.h"
#include "pmb_names.h"

int pmb_dev_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		fprintf(stderr, "pmbench: %s: no such device: the pmbench module is not loaded (run `insmod kmod/pmbench.ko` as root, or `make bench`, which loads it)\n",
			path);
		break;
	case EACCES:
	case EPERM:
		fprintf(stderr, "pmbench: %s: permission denied: the device is root-only (mode 0600); run as root\n",
			path);
		break;
	default:
		fprintf(stderr, "pmbench: %s: %s\n", path, strerror(errno));
	}
	return -1;
}

int pmb_dev_lock(int fd, const char *path)
{
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return 0;
	if (errno == EWOULDBLOCK)
		fprintf(stderr, "pmbench: %s: another pmbench process is running jobs; one at a time (their numbers would disturb each other)\n",
			path);
	else
		fprintf(stderr, "pmbench: %s: cannot lock: %s\n", path, strerror(errno));
	return -1;
}

static int pmb_ioctl(int fd, unsigned long cmd, void *arg, size_t size)
{
	struct pmb_hdr *hdr = arg;

	hdr->abi_version = PMB_ABI_VERSION;
	hdr->argsz = (__u32)size;
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int pmb_dev_caps(int fd, struct pmb_caps *caps)
{
	return pmb_ioctl(fd, PMB_IOC_CAPS, caps, sizeof(*caps));
}

int pmb_dev_run_job(int fd, struct pmb_job *job)
{
	return pmb_ioctl(fd, PMB_IOC_RUN_JOB, job, sizeof(*job));
}

int pmb_dev_selftest(int fd, struct pmb_selftest *st)
{
	return pmb_ioctl(fd, PMB_IOC_SELFTEST, st, sizeof(*st));
}

int pmb_dev_describe(int fd, struct pmb_describe *d)
{
	return pmb_ioctl(fd, PMB_IOC_DESCRIBE, d, sizeof(*d));
}

#define REBUILD	"rebuild and reload both"

/* The module's name for a row, as text whatever it sent. */
static void there_name(const struct pmb_describe *d, char *buf, size_t len)
{
	size_t i, n = strnlen(d->name, sizeof(d->name));

	for (i = 0; i < n && i + 1 < len; i++)
		buf[i] = isprint((unsigned char)d->name[i]) ? d->name[i] : '?';
	buf[i] = '\0';
}

/* The fields a row of @table carries, with how a message shows them. */
struct row_field {
	const char *label;
	size_t offset;		/* a __u32 of struct pmb_describe */
	bool hex;
};
#define FIELD(label, f, hex)	{ label, offsetof(struct pmb_describe, f), hex }

static const struct row_field backend_fields[] = {
	FIELD("caps", caps, true), FIELD("role", role, false), { NULL, 0, false },
};
static const struct row_field workload_fields[] = {
	FIELD("needs", caps, true), FIELD("protects", protects, false),
	FIELD("job flags", job_flags, true), FIELD("figures", figures, true),
	FIELD("measure", measure, false), FIELD("plot", plot, false), { NULL, 0, false },
};
static const struct row_field figure_fields[] = {
	FIELD("type", figures, false), { NULL, 0, false },
};
static const struct row_field flag_fields[] = {
	FIELD("mask", job_flags, true), FIELD("needs", caps, true),
	FIELD("protects", protects, false), { NULL, 0, false },
};
static const struct row_field no_fields[] = { { NULL, 0, false } };

static const struct row_field *fields_of(unsigned int table)
{
	switch (table) {
	case PMB_TABLE_BACKENDS: return backend_fields;
	case PMB_TABLE_WORKLOADS: return workload_fields;
	case PMB_TABLE_FIGURES: return figure_fields;
	case PMB_TABLE_JOB_FLAGS: return flag_fields;
	default: return no_fields;
	}
}

static __u32 field_at(const struct pmb_describe *d, const struct row_field *f)
{
	__u32 v;

	memcpy(&v, (const char *)d + f->offset, sizeof(v));
	return v;
}

/* One row: 0 when it matches, else -EPROTO and the message. */
static int compare_row(const struct pmb_describe *there,
		       const struct pmb_describe *here, char *msg, size_t len)
{
	const char *noun = pmb_table_noun(here->table);
	const struct row_field *f;
	char name[sizeof(there->name) + 1];
	__u32 a, b;

	there_name(there, name, sizeof(name));
	if (strnlen(there->name, sizeof(there->name)) == sizeof(there->name) ||
	    strcmp(name, here->name)) {
		snprintf(msg, len, "the loaded module and this driver disagree on %s %u \"%s\" (name \"%s\" there): " REBUILD,
			 noun, here->index, here->name, name);
		return -EPROTO;
	}
	for (f = fields_of(here->table); f->label; f++) {
		a = field_at(there, f);
		b = field_at(here, f);
		if (a == b)
			continue;
		snprintf(msg, len, f->hex ?
			 "the loaded module and this driver disagree on %s %u \"%s\" (%s %#x there, %#x here): " REBUILD :
			 "the loaded module and this driver disagree on %s %u \"%s\" (%s %u there, %u here): " REBUILD,
			 noun, here->index, here->name, f->label, a, b);
		return -EPROTO;
	}
	return 0;
}

static int count_mismatch(char *msg, size_t len, unsigned int table,
			  const char *more, unsigned int there, unsigned int here)
{
	snprintf(msg, len, "the loaded module and this driver disagree on the number of %ss (%s%u there, %u here): " REBUILD,
		 pmb_table_noun(table), more, there, here);
	return -EPROTO;
}

int pmb_registry_check(pmb_describe_fn describe, void *ctx, char *msg,
		       size_t len)
{
	struct pmb_describe there, here;
	unsigned int t, i, n;
	int ret;

	msg[0] = '\0';
	for (t = 0; t < PMB_NR_TABLES; t++) {
		pmb_registry_row(t, 0, &here);
		n = here.nr_rows;
		/* every row, and one past the end, which must be ENOENT */
		for (i = 0; i <= n; i++) {
			memset(&there, 0, sizeof(there));
			there.table = t;
			there.index = i;
			ret = describe(ctx, &there);
			if (ret == -ENOTTY) {
				snprintf(msg, len, "the loaded module does not describe its registry (no PMB_IOC_DESCRIBE: built from an older tree than this driver): " REBUILD);
				return -ENOTTY;
			}
			if (ret == -ENOENT && i == n)
				break;
			if (ret == -ENOENT)	/* fewer rows than it says, or none */
				return count_mismatch(msg, len, t, "", i, n);
			if (!ret && there.nr_rows != n)
				return count_mismatch(msg, len, t, "", there.nr_rows, n);
			if (!ret && i == n)	/* a row past the end it says it has */
				return count_mismatch(msg, len, t, "more than ", n, n);
			if (ret) {
				snprintf(msg, len, "describe %s %u: %s", pmb_table_noun(t), i,
					 pmb_dev_strerror(ret));
				return ret;
			}
			pmb_registry_row(t, i, &here);
			ret = compare_row(&there, &here, msg, len);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int ioctl_describe(void *ctx, struct pmb_describe *d)
{
	return pmb_dev_describe(*(int *)ctx, d);
}

int pmb_dev_check_registry(int fd)
{
	char msg[512];
	int ret = pmb_registry_check(ioctl_describe, &fd, msg, sizeof(msg));

	if (!ret)
		return 0;
	fprintf(stderr, "pmbench: %s\n", msg);
	return ret == -EPROTO || ret == -ENOTTY ? 2 : 1;
}

const char *pmb_dev_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case EPROTO:
		return "module and driver disagree on the ABI version; rebuild both from one tree";
	case ENOTTY:
		return "the module does not know this command (module older than the driver?)";
	case EBUSY:
		return "another job is running in the module; pmbench runs one job at a time";
	case EOPNOTSUPP:
		return "not supported by this backend or protection method";
	case EINTR:
		return "interrupted by a signal; the module freed everything it had allocated";
	case ENOMEM:
		return "out of memory midway through the job; the module freed everything the job had allocated";
	case EINVAL:
		return "invalid job parameters";
	case E2BIG:
		return "too big: the job's objects would take more than a quarter of RAM or more than is available now (MemAvailable), or the argument is larger than this module understands";
	default:
		return strerror(err < 0 ? -err : err);
	}
}
