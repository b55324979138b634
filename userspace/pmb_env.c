// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "pmb_env.h"
#include "pmb_names.h"

/*
 * The config items recorded in env.json's kconfig: those that change what
 * an allocation, a protection flip or a read costs.  Some only exist in some
 * kernel versions (PTI was renamed MITIGATION_PAGE_TABLE_ISOLATION in 6.9,
 * RANDOM_KMALLOC_CACHES appeared in 6.6).
 */
static const char *const kconfig_items[] = {
	"CONFIG_PREEMPT_NONE", "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT",
	"CONFIG_PREEMPT_RT", "CONFIG_PREEMPT_DYNAMIC",
	"CONFIG_PAGE_TABLE_ISOLATION", "CONFIG_MITIGATION_PAGE_TABLE_ISOLATION",
	"CONFIG_SLUB_DEBUG", "CONFIG_SLUB_DEBUG_ON",
	"CONFIG_HARDENED_USERCOPY", "CONFIG_RANDOM_KMALLOC_CACHES",
	"CONFIG_SLAB_FREELIST_HARDENED", "CONFIG_SLAB_FREELIST_RANDOM",
	"CONFIG_SLAB_BUCKETS",
	"CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS",
	"CONFIG_TRANSPARENT_HUGEPAGE_MADVISE", "CONFIG_HAVE_ARCH_HUGE_VMALLOC",
	"CONFIG_INIT_ON_ALLOC_DEFAULT_ON", "CONFIG_INIT_ON_FREE_DEFAULT_ON",
	"CONFIG_KASAN", "CONFIG_KCSAN", "CONFIG_KFENCE",
	"CONFIG_DEBUG_KMEMLEAK", "CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF",
	"CONFIG_DEBUG_PAGEALLOC", "CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT",
	"CONFIG_LOCKDEP", "CONFIG_PROVE_LOCKING", "CONFIG_DEBUG_VM",
	"CONFIG_HZ",
};
#define NR_KCONFIG_ITEMS (sizeof(kconfig_items) / sizeof(kconfig_items[0]))

static bool wanted(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NR_KCONFIG_ITEMS; i++)
		if (strlen(kconfig_items[i]) == n && !strncmp(kconfig_items[i], name, n))
			return true;
	return false;
}

json_t *pmb_kconfig_parse(FILE *f)
{
	json_t *o = json_object();
	size_t i, cap = 0, n;
	char *line = NULL, *eq, *v;

	if (!o)
		return NULL;
	for (i = 0; i < NR_KCONFIG_ITEMS; i++)
		json_object_set_new(o, kconfig_items[i], json_string("n"));
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		/* "# CONFIG_X is not set" keeps the "n" set above. */
		if (strncmp(line, "CONFIG_", 7))
			continue;
		eq = strchr(line, '=');
		if (!eq || !wanted(line, (size_t)(eq - line)))
			continue;
		*eq = '\0';
		v = eq + 1;
		n = strlen(v);
		if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
			v[n - 1] = '\0';
			v++;
		}
		json_object_set_new(o, line, json_string(v));
	}
	free(line);
	return o;
}

char *pmb_read_text(const char *root, const char *path, char *buf, size_t len)
{
	char full[PATH_MAX];
	size_t n;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	f = fopen(full, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

static json_t *text_or_null(const char *root, const char *path)
{
	char buf[4096];

	/* What the report could not print (pmb_text_valid()) is not known either. */
	return pmb_read_text(root, path, buf, sizeof(buf)) && pmb_text_valid(buf) ?
	       json_string(buf) : json_null();
}

/* kconfig from /proc/config.gz, else /boot/config-RELEASE; null if neither. */
static json_t *read_kconfig(const char *root, const char *release,
			    json_t **source)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];
	json_t *o = NULL;
	FILE *f;

	*source = json_null();
	snprintf(path, sizeof(path), "%s/proc/config.gz", root);
	if (access(path, R_OK) == 0 && !strchr(path, '\'')) {
		snprintf(cmd, sizeof(cmd), "gzip -dc '%s' 2>/dev/null", path);
		f = popen(cmd, "r");
		if (f) {
			o = pmb_kconfig_parse(f);
			if (pclose(f) != 0) {
				json_decref(o);
				o = NULL;
			} else {
				json_decref(*source);
				*source = json_string("/proc/config.gz");
			}
		}
	}
	if (!o) {
		snprintf(path, sizeof(path), "%s/boot/config-%s", root, release);
		f = fopen(path, "r");
		if (f) {
			o = pmb_kconfig_parse(f);
			fclose(f);
			json_decref(*source);
			*source = json_string(path + strlen(root));
		}
	}
	return o ? o : json_null();
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static json_t *read_mitigations(const char *root)
{
	static const char dir[] = "/sys/devices/system/cpu/vulnerabilities";
	char path[PATH_MAX], buf[512];
	struct dirent **names;
	json_t *o = json_object();
	int i, n;

	snprintf(path, sizeof(path), "%s%s", root, dir);
	n = scandir(path, &names, NULL, name_cmp);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (pmb_read_text(root, path, buf, sizeof(buf)))
				json_object_set_new(o, names[i]->d_name, json_string(buf));
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return o;
}

/*
 * How the kernel lays out the memory pmbench allocates, beyond its config:
 * the direct map's page sizes (/proc/meminfo DirectMap4k/2M/1G, in KiB:
 * set_memory_ro() on a vmalloc page splits a large direct-map page around
 * its alias), how many kmalloc-rnd-* caches exist (CONFIG_RANDOM_KMALLOC_CACHES,
 * 6.6 on: kmalloc spreads over 16 copies of each size, picked per call
 * site), and whether allocations are zeroed (init_on_alloc: the kernel
 * config's default, then init_on_alloc= on the command line).
 */
static json_t *read_direct_map(const char *root)
{
	static const char *const sizes[] = { "4k", "2M", "1G" };
	char path[PATH_MAX], line[256], name[32];
	unsigned long long kib;
	json_t *o;
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/meminfo", root);
	f = fopen(path, "r");
	if (!f)
		return json_null();
	o = json_object();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		json_object_set_new(o, sizes[i], json_null());
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "DirectMap%31[^:]: %llu kB", name, &kib) != 2)
			continue;
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			if (!strcmp(name, sizes[i]))
				json_object_set_new(o, sizes[i], json_integer((json_int_t)kib));
	}
	fclose(f);
	return o;
}

static int kmalloc_rnd(const struct dirent *d)
{
	return !strncmp(d->d_name, "kmalloc-rnd-", 12);
}

/* kmalloc-rnd-* caches under /sys/kernel/slab; null when it is not there. */
static json_t *count_kmalloc_rnd(const char *root)
{
	char path[PATH_MAX];
	struct dirent **names;
	int i, n;

	snprintf(path, sizeof(path), "%s/sys/kernel/slab", root);
	n = scandir(path, &names, kmalloc_rnd, NULL);
	if (n < 0)
		return json_null();
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return json_integer(n);
}

static const char *kconfig_value(const json_t *env, const char *item);
static const char *boot_param(const json_t *env, const char *name, char *buf,
			      size_t len);

/* init_on_alloc in effect: the command line's word, else the config's default. */
static json_t *init_on_alloc(const json_t *env)
{
	const char *def = kconfig_value(env, "CONFIG_INIT_ON_ALLOC_DEFAULT_ON");
	char buf[32];
	const char *v = boot_param(env, "init_on_alloc", buf, sizeof(buf));

	if (v)
		return !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "y") ?
		       json_true() : !strcmp(v, "0") || !strcmp(v, "off") ||
		       !strcmp(v, "n") ? json_false() : json_null();
	return def ? json_boolean(!strcmp(def, "y")) : json_null();
}

static json_t *read_kernel_memory(const char *root, const json_t *env)
{
	return json_pack("{s:o, s:o, s:o}",
			 "direct_map_kib", read_direct_map(root),
			 "kmalloc_rnd_caches", count_kmalloc_rnd(root),
			 "init_on_alloc", init_on_alloc(env));
}

/* What /proc/cpuinfo says about the first CPU. */
struct cpuinfo {
	char model[256];
	long long tlb_entries;	/* AMD's "TLB size: N 4K pages"; -1 if absent */
	int hypervisor;		/* the hypervisor flag: 1, 0, or -1 unreadable */
};

static void read_cpuinfo(const char *root, struct cpuinfo *ci)
{
	char path[PATH_MAX], *line = NULL, *colon;
	size_t cap = 0;
	FILE *f;

	strcpy(ci->model, "unknown");
	ci->tlb_entries = -1;
	ci->hypervisor = -1;
	snprintf(path, sizeof(path), "%s/proc/cpuinfo", root);
	f = fopen(path, "r");
	if (!f)
		return;
	ci->hypervisor = 0;
	while (getline(&line, &cap, f) >= 0) {
		if (line[0] == '\n')
			break;	/* the first CPU's block ends */
		line[strcspn(line, "\n")] = '\0';
		colon = strchr(line, ':');
		if (!colon)
			continue;
		colon += colon[1] == ' ' ? 2 : 1;
		if (!strncmp(line, "model name", 10))
			snprintf(ci->model, sizeof(ci->model), "%s", colon);
		else if (!strncmp(line, "TLB size", 8))
			ci->tlb_entries = strtoll(colon, NULL, 10);
		else if (!strncmp(line, "flags", 5))
			ci->hypervisor = strstr(colon, "hypervisor") != NULL;
	}
	free(line);
	fclose(f);
}

static json_t *derived_vm(const struct pmb_env_in *in)
{
	char buf[4096], *p;
	long long kb = -1;

	if (strncmp(in->target, "vm-", 3))
		return json_null();
	if (pmb_read_text(in->root, "/proc/meminfo", buf, sizeof(buf))) {
		p = strstr(buf, "MemTotal:");
		if (p)
			kb = strtoll(p + 9, NULL, 10);
	}
	return json_pack("{s:s, s:i, s:o, s:n}", "mode", in->target + 3,
			 "cpus", (int)in->cpus,
			 "mem_mib", kb > 0 ? json_integer(kb / 1024) : json_null(),
			 "qemu");
}

void pmb_iso8601_utc(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A string json_pack() would refuse, or the report could not print: say which. */
static bool bad_text(const struct pmb_env_in *in, const char *name,
		     const char *s)
{
	if (!s || pmb_text_valid(s))
		return false;
	if (in->err)
		snprintf(in->err, in->err_len, "%s is not one line of UTF-8 text",
			 name);
	errno = EILSEQ;
	return true;
}

json_t *pmb_env_collect(const struct pmb_env_in *in)
{
	json_t *env, *kconfig, *source;
	struct cpuinfo ci;
	struct utsname un;
	char host[256] = "unknown";

	if (uname(&un) == 0)
		snprintf(host, sizeof(host), "%s", un.nodename);
	read_cpuinfo(in->root, &ci);
	if (bad_text(in, "target", in->target) || bad_text(in, "kernel", in->kernel) ||
	    bad_text(in, "cpu_model", ci.model) ||
	    bad_text(in, "protect_method", in->protect_method) ||
	    bad_text(in, "suite", in->suite) ||
	    bad_text(in, "suite_revision", in->suite_revision) ||
	    bad_text(in, "started", in->started) || bad_text(in, "hostname", host))
		return NULL;
	if (in->err)
		snprintf(in->err, in->err_len, "out of memory");
	kconfig = read_kconfig(in->root, in->kernel, &source);
	env = json_pack("{s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:n, s:b, s:s, s:o, s:i}",
			"schema", PMB_ENV_SCHEMA,
			"target", in->target,
			"kernel", in->kernel,
			"cpus", (int)in->cpus,
			"cpu_model", ci.model,
			"protect_method", in->protect_method,
			"suite", in->suite,
			"suite_revision", in->suite_revision,
			"started", in->started,
			"finished",
			"partial", 1,
			"hostname", host,
			"tsc_khz", in->tsc_khz ? json_integer((json_int_t)in->tsc_khz) : json_null(),
			"abi_version", (int)in->abi_version);
	if (!env) {
		json_decref(kconfig);
		json_decref(source);
		return NULL;
	}
	json_object_set_new(env, "kconfig", kconfig);
	json_object_set_new(env, "kconfig_source", source);
	json_object_set_new(env, "cmdline", text_or_null(in->root, "/proc/cmdline"));
	json_object_set_new(env, "mitigations", read_mitigations(in->root));
	json_object_set_new(env, "clocksource", text_or_null(in->root,
			    "/sys/devices/system/clocksource/clocksource0/current_clocksource"));
	json_object_set_new(env, "cpufreq_governor", text_or_null(in->root,
			    "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
	json_object_set_new(env, "hypervisor",
			    ci.hypervisor < 0 ? json_null() : json_boolean(ci.hypervisor));
	json_object_set_new(env, "tlb_entries",
			    ci.tlb_entries > 0 ? json_integer(ci.tlb_entries) : json_null());
	json_object_set_new(env, "vm", in->vm ? json_incref(in->vm) : derived_vm(in));
	json_object_set_new(env, "kernel_memory", read_kernel_memory(in->root, env));
	json_object_set_new(env, "warnings", pmb_env_warnings(env));
	return env;
}

/* ---------------------------------------------------------------- warnings */

static const char *kconfig_value(const json_t *env, const char *item)
{
	return json_string_value(json_object_get(json_object_get(env, "kconfig"), item));
}

static bool kconfig_yes(const json_t *env, const char *item)
{
	const char *v = kconfig_value(env, item);

	return v && !strcmp(v, "y");
}

/*
 * The value of boot parameter @name in the env's cmdline: NULL when absent,
 * "" when given without a value.  The last occurrence wins, as in the kernel.
 */
static const char *boot_param(const json_t *env, const char *name, char *buf,
			      size_t len)
{
	const char *cmdline = json_string_value(json_object_get(env, "cmdline"));
	const char *p = cmdline, *found = NULL;
	size_t n = strlen(name), vlen;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, name, n) && (p[n] == '=' || p[n] == ' ' || !p[n]))
			found = p + n;
		p += strcspn(p, " ");
	}
	if (!found)
		return NULL;
	if (*found != '=') {
		buf[0] = '\0';
		return buf;
	}
	found++;
	vlen = strcspn(found, " ");
	snprintf(buf, len, "%.*s", (int)(vlen < len ? vlen : len - 1), found);
	return buf;
}

static bool param_is(const char *v, const char *a, const char *b)
{
	return v && (!strcmp(v, a) || (b && !strcmp(v, b)));
}

static void add(json_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(json_t *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(w, json_string(msg));
}

static void kconfig_warnings(const json_t *env, json_t *w)
{
	char buf[128];
	const char *v;

	if (json_is_null(json_object_get(env, "kconfig"))) {
		add(w, "kernel config unreadable (no /proc/config.gz, no /boot/config-%s): debug options that skew results could not be checked",
		    json_string_value(json_object_get(env, "kernel")) ?: "?");
		return;
	}
	if (kconfig_yes(env, "CONFIG_KASAN"))
		add(w, "CONFIG_KASAN=y: every memory access is instrumented and allocations are poisoned; absolute numbers are several times a production kernel's");
	if (kconfig_yes(env, "CONFIG_KCSAN"))
		add(w, "CONFIG_KCSAN=y: memory accesses are instrumented for data races; numbers are not representative");
	if (kconfig_yes(env, "CONFIG_LOCKDEP"))
		add(w, "CONFIG_LOCKDEP=y (lock debugging%s): every lock operation is tracked; allocation and flush paths are slower",
		    kconfig_yes(env, "CONFIG_PROVE_LOCKING") ? ", PROVE_LOCKING" : "");
	if (kconfig_yes(env, "CONFIG_DEBUG_VM"))
		add(w, "CONFIG_DEBUG_VM=y: the mm code runs extra consistency checks");
	if (kconfig_yes(env, "CONFIG_PREEMPT_RT"))
		add(w, "CONFIG_PREEMPT_RT=y: real-time kernel; sleeping spinlocks change allocator costs");
	v = boot_param(env, "slub_debug", buf, sizeof(buf));
	if (v && strcmp(v, "-"))
		add(w, "SLUB debugging is active (slub_debug%s%s on the command line): kmalloc numbers include red zones, poisoning or tracking",
		    *v ? "=" : "", v);
	else if (!v && kconfig_yes(env, "CONFIG_SLUB_DEBUG_ON"))
		add(w, "SLUB debugging is active (CONFIG_SLUB_DEBUG_ON=y): kmalloc numbers include red zones, poisoning and tracking");
	v = boot_param(env, "debug_pagealloc", buf, sizeof(buf));
	if (kconfig_yes(env, "CONFIG_DEBUG_PAGEALLOC") &&
	    (param_is(v, "on", "1") ||
	     (kconfig_yes(env, "CONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT") && !param_is(v, "off", "0"))))
		add(w, "debug_pagealloc is active: the direct map uses 4 KiB pages and free pages are unmapped; TLB and direct-map figures are not representative");
	v = boot_param(env, "kmemleak", buf, sizeof(buf));
	if (kconfig_yes(env, "CONFIG_DEBUG_KMEMLEAK") &&
	    (param_is(v, "on", NULL) ||
	     (!kconfig_yes(env, "CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF") && !param_is(v, "off", NULL))))
		add(w, "kmemleak is active: every allocation is recorded and scanned; allocation numbers are inflated");
}

json_t *pmb_env_warnings(const json_t *env)
{
	const char *target = json_string_value(json_object_get(env, "target"));
	const char *cs = json_string_value(json_object_get(env, "clocksource"));
	const char *gov = json_string_value(json_object_get(env, "cpufreq_governor"));
	json_t *tsc = json_object_get(env, "tsc_khz");
	json_t *w = json_array();

	if (!w)
		return NULL;
	kconfig_warnings(env, w);
	if (cs && strcmp(cs, "tsc"))
		add(w, "clocksource is %s, not tsc: ktime_get_ns() is slower and coarser, so ns_per_op of short samples is inflated; cycles_per_op is not affected", cs);
	if (!json_is_integer(tsc) || json_integer_value(tsc) <= 0)
		add(w, "the module found no usable TSC: cycles_per_op is null");
	if (gov && strcmp(gov, "performance"))
		add(w, "cpufreq governor is %s, not performance: frequency changes add noise to ns_per_op", gov);
	if (!target)
		return w;
	if (!strcmp(target, "vm-tcg"))
		add(w, "target vm-tcg: numbers from an emulated CPU (QEMU TCG); compare shapes (page counts, TLB entries, flush rounds), not absolute times");
	else if (!strcmp(target, "vm-icount"))
		add(w, "target vm-icount: guest time follows the instruction count; it measures code paths only, no memory-system effects (TLB, caches)");
	else if (!strcmp(target, "vm-kvm"))
		add(w, "target vm-kvm: a KVM guest; page walks are two-dimensional and TLB flushes may exit to the hypervisor");
	else if (!strcmp(target, "host") && json_is_true(json_object_get(env, "hypervisor")))
		add(w, "target host runs in a virtual machine (hypervisor CPU flag): TLB misses and flushes cost more than on bare metal, and hardware counters may be missing");
	return w;
}

/* ---------------------------------------------------------------- writing */

int pmb_env_write(const char *dir, const json_t *env)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, dfd, err;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s/.env.json.tmp", dir);
	snprintf(path, sizeof(path), "%s/env.json", dir);
	/* Whatever is there (a link, say) goes; the new file is ours alone. */
	if (unlink(tmp) && errno != ENOENT)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (json_dumpf(env, f, JSON_INDENT(2)) || fputc('\n', f) == EOF ||
	    fflush(f) || fsync(fd)) {
		err = errno ? errno : EIO;
		fclose(f);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (fclose(f) || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}
