// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pmb_dev.h"

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
