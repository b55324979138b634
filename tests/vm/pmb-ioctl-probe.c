// SPDX-License-Identifier: GPL-2.0
/*
 * Feeds /dev/pmbench malformed ioctls and checks each errno (TAP output).
 * Runs in the VM as root with the module loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "uapi/pmbench.h"

static unsigned int n, failed;


static void expect(const char *name, int ret, int want_errno)
{
	int got = ret ? errno : 0;

	n++;
	if (got == want_errno) {
		printf("ok %u - %s\n", n, name);
		return;
	}
	failed++;
	printf("not ok %u - %s # got %s (%d), expected %s (%d)\n", n, name,
	       got ? strerror(got) : "success", got,
	       want_errno ? strerror(want_errno) : "success", want_errno);
}

static struct pmb_job small_job(struct pmb_sample *s, unsigned int n)
{
	return (struct pmb_job){
		.hdr = { PMB_ABI_VERSION, sizeof(struct pmb_job) },
		.backend = PMB_BACKEND_VMALLOC, .workload = PMB_WL_PROTECT,
		.size = 64, .count = 4096, .repeats = n, .cpu = -1,
		.protect_method = PMB_PROT_DEFAULT, .samples_cap = n,
		.samples_ptr = (uintptr_t)s,
	};
}

/*
 * True once one of the module's vmalloc areas is alive: a vmalloc job has
 * started allocating, so it holds the device.  Polls every 10 ms and gives
 * up after @secs: the event decides, not the speed of the machine.
 */
static bool job_holds_objects(unsigned int secs)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char line[512];
	unsigned int i;
	bool found;
	FILE *f;

	for (i = 0; i < secs * 100; i++) {
		found = false;
		f = fopen("/proc/vmallocinfo", "r");
		while (f && !found && fgets(line, sizeof(line), f))
			found = strstr(line, "[pmbench]") != NULL;
		if (f)
			fclose(f);
		if (found)
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

/*
 * The module's own one-at-a-time rule, without the driver's flock: a job
 * issued while another process's job runs is EBUSY; once that process is
 * killed, jobs run again.
 */
static void busy_check(int fd)
{
	static struct pmb_sample many[PMB_JOB_SAMPLES_MAX], few[2];
	struct pmb_job j;
	int ready[2], st;
	char c;
	pid_t pid;

	if (pipe(ready)) {
		expect("pipe for the EBUSY check", -1, 0);
		return;
	}
	pid = fork();
	if (pid == 0) {
		/* 10000 passes of 4096 flips: only SIGKILL ends it soon. */
		j = small_job(many, PMB_JOB_SAMPLES_MAX);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		ioctl(fd, PMB_IOC_RUN_JOB, &j);
		_exit(0);
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		expect("fork for the EBUSY check", -1, 0);
		return;
	}
	if (!job_holds_objects(300))
		printf("# the other process's job allocated nothing in 300 s\n");
	j = small_job(few, 2);
	expect("a job while another process's job runs is EBUSY",
	       ioctl(fd, PMB_IOC_RUN_JOB, &j), EBUSY);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	j = small_job(few, 2);
	expect("after that process is killed, a job runs", ioctl(fd, PMB_IOC_RUN_JOB, &j), 0);
	close(ready[0]);
}

/*
 * The job limits of the uapi header, sent to the module directly (the
 * driver refuses these jobs before they reach it): each is EINVAL, before
 * anything is allocated.  And PMB_IOC_DESCRIBE past a table's end.
 */
static void limits_check(int fd)
{
	static struct pmb_sample s[PMB_JOB_SAMPLES_MAX + 1];
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	struct pmb_describe d;
	struct pmb_job j;
	unsigned int t;

	j = small_job(s, 2);
	j.count = 8;
	j.size = 0;
	expect("job of size 0 is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j = small_job(s, 2);
	j.count = 8;
	j.size = PMB_JOB_SIZE_MAX + 1;
	expect("size past PMB_JOB_SIZE_MAX is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j = small_job(s, 2);
	j.count = PMB_JOB_COUNT_MAX + 1;
	expect("count past PMB_JOB_COUNT_MAX is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j = small_job(s, PMB_JOB_SAMPLES_MAX);
	j.count = 8;
	j.warmup = 1;
	j.samples_cap = PMB_JOB_SAMPLES_MAX + 1;
	expect("warmup + repeats past PMB_JOB_SAMPLES_MAX is EINVAL",
	       ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j = small_job(s, 2);
	j.count = 8;
	j.cpu = cpus > 0 ? (int)cpus : 4096;
	expect("cpu past the machine's CPUs is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	/* partitions: 1 to PMB_JOB_PARTITIONS_MAX where the row takes them, else 0 */
	j = small_job(s, 2);
	j.count = 8;
	j.partitions = 2;
	expect("partitions on a backend without PMB_CAN_PARTITION is EINVAL",
	       ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j = small_job(s, 2);
	j.backend = PMB_BACKEND_KMALLOC_PART;
	j.workload = PMB_WL_ALLOC;
	j.count = 8;
	j.partitions = 0;
	expect("kmalloc-part with 0 partitions is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j.partitions = PMB_JOB_PARTITIONS_MAX + 1;
	expect("partitions past PMB_JOB_PARTITIONS_MAX is EINVAL",
	       ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j.partitions = 0xffffffffu;
	expect("partitions 2^32 - 1 is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j.partitions = 4;
	j.pad = 1;
	expect("a non-zero pad beside partitions is EINVAL", ioctl(fd, PMB_IOC_RUN_JOB, &j), EINVAL);
	j.pad = 0;
	expect("kmalloc-part with 4 partitions runs", ioctl(fd, PMB_IOC_RUN_JOB, &j), 0);
	j.workload = PMB_WL_PROTECT;
	j.partitions = 99;
	expect("kmalloc-part protect is EOPNOTSUPP before its numbers are looked at",
	       ioctl(fd, PMB_IOC_RUN_JOB, &j), EOPNOTSUPP);

	for (t = 0; t < PMB_NR_TABLES; t++) {
		memset(&d, 0, sizeof(d));
		d.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(d) };
		d.table = t;
		d.index = 1000;
		expect("describe past a table's end is ENOENT", ioctl(fd, PMB_IOC_DESCRIBE, &d), ENOENT);
	}
}

int main(void)
{
	struct {
		struct pmb_caps caps;
		unsigned char tail[64];
	} big;
	struct pmb_caps caps;
	struct pmb_selftest st;
	int fd = open(PMB_DEVICE_PATH, O_RDWR);

	if (fd < 0) {
		printf("not ok 1 - open %s # %s\n1..1\n", PMB_DEVICE_PATH, strerror(errno));
		return 1;
	}

	memset(&caps, 0, sizeof(caps));
	caps.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(caps) };
	expect("caps with a correct header", ioctl(fd, PMB_IOC_CAPS, &caps), 0);

	caps.hdr = (struct pmb_hdr){ PMB_ABI_VERSION + 1, sizeof(caps) };
	expect("wrong ABI version is EPROTO", ioctl(fd, PMB_IOC_CAPS, &caps), EPROTO);

	caps.hdr = (struct pmb_hdr){ 0, sizeof(caps) };
	expect("ABI version 0 is EPROTO", ioctl(fd, PMB_IOC_CAPS, &caps), EPROTO);

	caps.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(struct pmb_hdr) };
	expect("short argsz is EINVAL", ioctl(fd, PMB_IOC_CAPS, &caps), EINVAL);

	caps.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, PMB_ARGSZ_MAX + 1 };
	expect("argsz above the maximum is E2BIG", ioctl(fd, PMB_IOC_CAPS, &caps), E2BIG);

	memset(&big, 0, sizeof(big));
	big.caps.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(big) };
	expect("larger argsz with a zero tail is accepted", ioctl(fd, PMB_IOC_CAPS, &big), 0);

	big.caps.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(big) };
	big.tail[10] = 1;
	expect("larger argsz with a non-zero tail is E2BIG", ioctl(fd, PMB_IOC_CAPS, &big), E2BIG);

	expect("unknown command is ENOTTY",
	       ioctl(fd, _IOWR(PMB_IOC_MAGIC, 0x7f, struct pmb_hdr), &caps), ENOTTY);
	expect("foreign ioctl (TCGETS) is ENOTTY", ioctl(fd, 0x5401, &caps), ENOTTY);
	expect("NULL argument is EFAULT", ioctl(fd, PMB_IOC_CAPS, NULL), EFAULT);
	expect("unmapped argument is EFAULT", ioctl(fd, PMB_IOC_CAPS, (void *)16), EFAULT);

	memset(&st, 0, sizeof(st));
	st.hdr = (struct pmb_hdr){ PMB_ABI_VERSION, sizeof(st) };
	st.index = 100000;
	expect("self-test index out of range is ENOENT", ioctl(fd, PMB_IOC_SELFTEST, &st), ENOENT);

	st.index = 0;
	st.flags = 0x80;
	expect("self-test unknown flag is EINVAL", ioctl(fd, PMB_IOC_SELFTEST, &st), EINVAL);

	st.flags = 0;
	st.protect_method = 77;
	expect("self-test unknown method is EINVAL", ioctl(fd, PMB_IOC_SELFTEST, &st), EINVAL);

	limits_check(fd);
	busy_check(fd);

	close(fd);
	printf("1..%u\n", n);
	return failed ? 1 : 0;
}
