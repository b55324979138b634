// SPDX-License-Identifier: GPL-2.0
/*
 * pmbench: the control device.  /dev/pmbench (0600) takes versioned ioctls
 * defined in uapi/pmbench.h; one job runs at a time, others get EBUSY.
 * The module's start-up and tear-down order is here and nowhere else:
 * pmb_steps[] below.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <asm/tsc.h>

#include "uapi/pmbench.h"
#include "backend_ro_after_init.h"
#include "engine.h"
#include "pmalloc.h"
#include "protect.h"
#include "registry.h"
#include "selftest.h"

static DEFINE_MUTEX(pmb_job_lock);

#define PMB_X_BIT(e, ops, s, caps, role, d) | (1u << PMB_BACKEND_##e)
static const u32 pmb_backends_built = 0 PMB_BACKENDS(PMB_X_BIT);
#undef PMB_X_BIT
#define PMB_X_BIT(e, ops, s, n, p, jf, fig, m, pl, d) | (1u << PMB_WL_##e)
static const u32 pmb_workloads_built = 0 PMB_WORKLOADS(PMB_X_BIT);
#undef PMB_X_BIT

/*
 * Copy a versioned argument in.  @min is the struct size this module knows;
 * a larger argsz is accepted only with a zero tail (copy_struct_from_user).
 */
static int pmb_copy_arg_in(void *dst, size_t min, void __user *uarg)
{
	struct pmb_hdr hdr;
	int ret;

	if (copy_from_user(&hdr, uarg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.abi_version != PMB_ABI_VERSION)
		return -EPROTO;
	if (hdr.argsz < min)
		return -EINVAL;
	if (hdr.argsz > PMB_ARGSZ_MAX)
		return -E2BIG;
	ret = copy_struct_from_user(dst, min, uarg, hdr.argsz);
	if (ret)
		return ret;
	((struct pmb_hdr *)dst)->argsz = min;
	return 0;
}

static long pmb_ioctl_caps(void __user *uarg)
{
	struct pmb_caps caps;
	unsigned int m;
	int ret;

	ret = pmb_copy_arg_in(&caps, sizeof(caps), uarg);
	if (ret)
		return ret;
	caps.backends = pmb_backends_built;
	caps.workloads = pmb_workloads_built;
	caps.protect_methods = 0;
	for (m = 0; m < PMB_NR_PROTECT_METHODS; m++)
		if (pmb_protect_method_available(m))
			caps.protect_methods |= 1u << m;
	caps.protect_default = pmb_protect_default_method();
	caps.nr_cpus = num_online_cpus();
	caps.nr_selftests = pmb_nr_selftests;
	caps.tsc_khz = boot_cpu_has(X86_FEATURE_TSC) ? tsc_khz : 0;
	memset(caps.release, 0, sizeof(caps.release));
	strscpy(caps.release, utsname()->release, sizeof(caps.release));
	memset(caps.pad, 0, sizeof(caps.pad));
	return copy_to_user(uarg, &caps, sizeof(caps)) ? -EFAULT : 0;
}

static long pmb_ioctl_run_job(void __user *uarg)
{
	struct pmb_job *job;
	long ret;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	ret = pmb_copy_arg_in(job, sizeof(*job), uarg);
	if (ret)
		goto out;
	if (!mutex_trylock(&pmb_job_lock)) {
		ret = -EBUSY;
		goto out;
	}
	ret = pmb_run_job(job);
	mutex_unlock(&pmb_job_lock);
	/* Out fields are meaningful on failure too (nr_samples written). */
	if (copy_to_user(uarg, job, sizeof(*job)))
		ret = ret ?: -EFAULT;
out:
	kfree(job);
	return ret;
}

static long pmb_ioctl_selftest(void __user *uarg)
{
	struct pmb_selftest *st;
	const struct pmb_selftest_case *tc;
	unsigned int method;
	long ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = pmb_copy_arg_in(st, sizeof(*st), uarg);
	if (ret)
		goto out;
	if (st->index >= pmb_nr_selftests) {
		ret = -ENOENT;
		goto out;
	}
	if (st->flags & ~PMB_SELFTEST_RUN) {
		ret = -EINVAL;
		goto out;
	}
	method = st->protect_method;
	if (method == PMB_PROT_DEFAULT)
		method = pmb_protect_default_method();
	if (method >= PMB_NR_PROTECT_METHODS) {
		ret = -EINVAL;
		goto out;
	}
	/* The index picks the function called below: no speculation past it. */
	tc = &pmb_selftests[array_index_nospec(st->index, pmb_nr_selftests)];
	strscpy(st->name, tc->name, sizeof(st->name));
	memset(st->message, 0, sizeof(st->message));
	st->result = 0;
	st->protect_method = method;
	if (st->flags & PMB_SELFTEST_RUN) {
		if (!pmb_protect_method_available(method)) {
			ret = -EOPNOTSUPP;
			goto out;
		}
		if (!mutex_trylock(&pmb_job_lock)) {
			ret = -EBUSY;
			goto out;
		}
		st->result = tc->fn(method, st->message, sizeof(st->message));
		mutex_unlock(&pmb_job_lock);
	}
	ret = copy_to_user(uarg, st, sizeof(*st)) ? -EFAULT : 0;
out:
	kfree(st);
	return ret;
}

/* Test hook: a module whose describe answer disagrees with its registry. */
static bool describe_skew;
module_param(describe_skew, bool, 0600);
MODULE_PARM_DESC(describe_skew,
		 "test hook: PMB_IOC_DESCRIBE reports backend row 0 with PMB_CAN_UNPROTECT flipped in its caps, as a module built from another registry would (default N)");

/*
 * One row of one registry table.  Past the end, -ENOENT with nr_rows
 * filled in and copied out all the same, so one call tells the size.
 */
static long pmb_ioctl_describe(void __user *uarg)
{
	struct pmb_describe d;
	long ret;

	ret = pmb_copy_arg_in(&d, sizeof(d), uarg);
	if (ret)
		return ret;
	ret = pmb_registry_describe(&d);
	if (ret && ret != -ENOENT)
		return ret;
	if (!ret && d.table == PMB_TABLE_BACKENDS && d.index == 0 &&
	    READ_ONCE(describe_skew))
		d.caps ^= PMB_CAN_UNPROTECT;
	if (copy_to_user(uarg, &d, sizeof(d)))
		return -EFAULT;
	return ret;
}

static long pmb_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case PMB_IOC_CAPS:
		return pmb_ioctl_caps(uarg);
	case PMB_IOC_RUN_JOB:
		return pmb_ioctl_run_job(uarg);
	case PMB_IOC_SELFTEST:
		return pmb_ioctl_selftest(uarg);
	case PMB_IOC_DESCRIBE:
		return pmb_ioctl_describe(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations pmb_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = pmb_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice pmb_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = PMB_DEVICE_NAME,
	.fops = &pmb_fops,
	.mode = 0600,
};

static int pmb_dev_register(void)
{
	return misc_register(&pmb_miscdev);
}

static void pmb_dev_deregister(void)
{
	misc_deregister(&pmb_miscdev);
}

/*
 * Start-up, in order; tear-down is the reverse, also after a step fails.
 * A step's exit undoes its init (NULL: nothing to undo), and may rely on
 * every step above it still standing: pools are destroyed while page
 * protection still works, and after the device that makes them is gone.
 */
static const struct pmb_step {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
} pmb_steps[] = {
	{ "registry check", pmb_registry_check, NULL },
	{ "page protection", pmb_protect_init, pmb_protect_exit },
	{ "pmalloc pools", NULL, pmalloc_exit },
	/* Its data is writable until the module's init returns: now. */
	{ "ro-after-init floor", pmb_ro_floor_init, NULL },
	{ "control device", pmb_dev_register, pmb_dev_deregister },
};

static void pmb_steps_exit(unsigned int n)
{
	while (n--)
		if (pmb_steps[n].exit)
			pmb_steps[n].exit();
}

static int __init pmb_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(pmb_steps); i++) {
		ret = pmb_steps[i].init ? pmb_steps[i].init() : 0;
		if (ret) {
			pr_err("load failed at the %s: %d\n", pmb_steps[i].name, ret);
			pmb_steps_exit(i);
			return ret;
		}
	}
	pr_info("loaded, ABI %u, default protection %s\n", PMB_ABI_VERSION,
		pmb_protect_method_name(pmb_protect_default_method()));
	return 0;
}

static void __exit pmb_exit(void)
{
	pmb_steps_exit(ARRAY_SIZE(pmb_steps));
	pr_info("unloaded\n");
}

module_init(pmb_init);
module_exit(pmb_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pmbench: benchmark kmalloc, vmalloc and pmalloc (protectable memory)");
MODULE_VERSION("0.1");
