/* SPDX-License-Identifier: GPL-2.0 */
/*
 * env.json (doc/results.md): where a run's numbers came from.  The kernel
 * config items and boot parameters that move allocator numbers, CPU
 * mitigations, clocksource, and warnings about configurations known to
 * skew results.
 */
#ifndef PMB_ENV_H
#define PMB_ENV_H

#include <stdio.h>
#include <time.h>

#include <jansson.h>

#define PMB_ENV_SCHEMA	1

/* What the driver knows that the machine does not say by itself. */
struct pmb_env_in {
	/* Prefix of /proc, /sys and /boot: "" on a real system, a fixture in tests. */
	const char *root;
	const char *target;		/* host, vm-tcg, vm-icount, vm-kvm */
	const char *kernel;		/* release of the kernel the module runs in */
	unsigned int cpus;		/* online CPUs the module reported */
	unsigned long long tsc_khz;	/* 0: no usable TSC */
	unsigned int abi_version;
	const char *protect_method;
	const char *suite, *suite_revision;
	const char *started;		/* ISO 8601 UTC */
	json_t *vm;			/* borrowed; NULL: derived for vm-* targets */
	char *err;			/* NULL, or where pmb_env_collect() says */
	size_t err_len;			/* why it returned NULL */
};

/*
 * The whole env.json object, with partial true and finished null (a run
 * that has started and not finished).  NULL when a string for it (the
 * suite name or revision, the hostname, the CPU model, ...) is not one
 * line of UTF-8 text: then @in->err names it; or when out of memory.
 */
json_t *pmb_env_collect(const struct pmb_env_in *in);

/*
 * The config items that move results, from a kernel .config: "y", "m",
 * a value, or "n" (not set, or absent from this kernel version).
 */
json_t *pmb_kconfig_parse(FILE *f);

/* Warnings for an env object (kconfig, cmdline, clocksource, target, ...). */
json_t *pmb_env_warnings(const json_t *env);

/* "2024-05-01T12:34:56Z" */
void pmb_iso8601_utc(time_t t, char *buf, size_t len);

/*
 * Write @env as DIR/env.json atomically (a temporary file, fsync, rename),
 * so a reader sees the old or the new file, never half of one.  Returns 0,
 * or -1 with errno set.
 */
int pmb_env_write(const char *dir, const json_t *env);

/*
 * ROOT/PATH into @buf (at most @len - 1 bytes), trailing newlines and
 * blanks removed; NULL when unreadable.  ROOT is "" but in tests.
 */
char *pmb_read_text(const char *root, const char *path, char *buf, size_t len);

#endif /* PMB_ENV_H */
