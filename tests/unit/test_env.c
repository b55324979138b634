// SPDX-License-Identifier: GPL-2.0
/*
 * env.json: kernel config items, boot parameters, mitigations, clocksource
 * and the warnings they raise, read from a fake /proc, /sys and /boot.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../userspace/pmb_env.h"
#include "fake_root.h"

#define RELEASE "6.1.0-test-amd64"


static const char clean_config[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n#\n"
	"CONFIG_PREEMPT_VOLUNTARY=y\n"
	"# CONFIG_PREEMPT is not set\n"
	"CONFIG_PREEMPT_DYNAMIC=y\n"
	"CONFIG_PAGE_TABLE_ISOLATION=y\n"
	"CONFIG_SLUB_DEBUG=y\n"
	"# CONFIG_SLUB_DEBUG_ON is not set\n"
	"CONFIG_HARDENED_USERCOPY=y\n"
	"CONFIG_TRANSPARENT_HUGEPAGE=y\n"
	"CONFIG_HZ=250\n"
	"CONFIG_LOCALVERSION=\"-test\"\n"
	"# CONFIG_KASAN is not set\n";

/* A fake machine: a tsc host, or what QEMU TCG shows a guest. */
static char *make_root(bool vm)
{
	char tmpl[] = "/tmp/pmb-test-env.XXXXXX";
	char *root = strdup(mkdtemp(tmpl));

	put(root, "/proc/cpuinfo",
	    vm ? "processor\t: 0\nmodel name\t: QEMU Virtual CPU version 2.5+\nflags\t\t: fpu hypervisor\n\nprocessor\t: 1\nmodel name\t: other\n"
	       : "processor\t: 0\nmodel name\t: AMD EPYC 7763 64-Core Processor\nflags\t\t: fpu tsc\nTLB size\t: 2560 4K pages\n\n");
	put(root, "/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n");
	put(root, "/proc/meminfo", "MemTotal:        1004000 kB\nMemFree:  100 kB\n");
	put(root, "/boot/config-" RELEASE, clean_config);
	put(root, "/sys/devices/system/cpu/vulnerabilities/meltdown", "Mitigation: PTI\n");
	put(root, "/sys/devices/system/cpu/vulnerabilities/spectre_v2", "Mitigation: Retpolines\n");
	put(root, "/sys/devices/system/clocksource/clocksource0/current_clocksource",
	    vm ? "hpet\n" : "tsc\n");
	if (!vm)
		put(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
	return root;
}

static void remove_root(char *root)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(root);
}

static json_t *collect(const char *root, const char *target, unsigned long long tsc)
{
	struct pmb_env_in in = {
		.root = root, .target = target, .kernel = RELEASE, .cpus = 2,
		.tsc_khz = tsc, .abi_version = 1, .protect_method = "pte",
		.suite = "quick", .suite_revision = "abc1234-dirty",
		.started = "2024-05-01T12:00:00Z",
	};
	json_t *env = pmb_env_collect(&in);

	assert_non_null(env);
	return env;
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	if (!s)
		fail_msg("field %s is not a string", k);
	return s;
}

/* Does any warning contain @needle? */
static bool warned(const json_t *env, const char *needle)
{
	json_t *w = json_object_get(env, "warnings"), *v;
	size_t i;

	json_array_foreach(w, i, v)
		if (strstr(json_string_value(v), needle))
			return true;
	return false;
}

static void test_kconfig_parse(void **state)
{
	FILE *f = fmemopen((void *)clean_config, strlen(clean_config), "r");
	json_t *k = pmb_kconfig_parse(f);

	fclose(f);
	assert_non_null(k);
	assert_string_equal(str(k, "CONFIG_PREEMPT_VOLUNTARY"), "y");
	assert_string_equal(str(k, "CONFIG_PREEMPT"), "n");		/* is not set */
	assert_string_equal(str(k, "CONFIG_PREEMPT_RT"), "n");		/* absent */
	assert_string_equal(str(k, "CONFIG_PAGE_TABLE_ISOLATION"), "y");
	assert_string_equal(str(k, "CONFIG_SLUB_DEBUG"), "y");
	assert_string_equal(str(k, "CONFIG_HARDENED_USERCOPY"), "y");
	assert_string_equal(str(k, "CONFIG_RANDOM_KMALLOC_CACHES"), "n");
	assert_string_equal(str(k, "CONFIG_TRANSPARENT_HUGEPAGE"), "y");
	assert_string_equal(str(k, "CONFIG_HZ"), "250");
	assert_null(json_object_get(k, "CONFIG_LOCALVERSION"));	/* does not move results */
	json_decref(k);
}

static void test_host_env(void **state)
{
	char *root = make_root(false);
	json_t *env = collect(root, "host", 2450000);

	assert_int_equal(json_integer_value(json_object_get(env, "schema")), 1);
	assert_string_equal(str(env, "target"), "host");
	assert_string_equal(str(env, "kernel"), RELEASE);
	assert_int_equal(json_integer_value(json_object_get(env, "cpus")), 2);
	assert_string_equal(str(env, "cpu_model"), "AMD EPYC 7763 64-Core Processor");
	assert_string_equal(str(env, "protect_method"), "pte");
	assert_string_equal(str(env, "suite"), "quick");
	assert_string_equal(str(env, "suite_revision"), "abc1234-dirty");
	assert_string_equal(str(env, "started"), "2024-05-01T12:00:00Z");
	assert_true(json_is_null(json_object_get(env, "finished")));
	assert_true(json_is_true(json_object_get(env, "partial")));
	assert_int_equal(json_integer_value(json_object_get(env, "tsc_khz")), 2450000);
	assert_int_equal(json_integer_value(json_object_get(env, "tlb_entries")), 2560);
	assert_true(json_is_false(json_object_get(env, "hypervisor")));
	assert_string_equal(str(env, "clocksource"), "tsc");
	assert_string_equal(str(env, "cmdline"), "BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet");
	assert_string_equal(str(env, "kconfig_source"), "/boot/config-" RELEASE);
	assert_string_equal(str(json_object_get(env, "kconfig"), "CONFIG_PREEMPT_DYNAMIC"), "y");
	assert_string_equal(str(json_object_get(env, "mitigations"), "meltdown"), "Mitigation: PTI");
	assert_int_equal(json_object_size(json_object_get(env, "mitigations")), 2);
	assert_true(json_is_null(json_object_get(env, "vm")));
	/* a clean production config on bare metal: nothing to warn about */
	if (json_array_size(json_object_get(env, "warnings")))
		fail_msg("unexpected warnings: %s",
			 json_dumps(json_object_get(env, "warnings"), 0));
	json_decref(env);
	remove_root(root);
}

static void test_vm_env_warns(void **state)
{
	char *root = make_root(true);
	json_t *env = collect(root, "vm-tcg", 0), *vm;

	assert_string_equal(str(env, "cpu_model"), "QEMU Virtual CPU version 2.5+");
	assert_true(json_is_true(json_object_get(env, "hypervisor")));
	assert_true(json_is_null(json_object_get(env, "tsc_khz")));
	assert_true(json_is_null(json_object_get(env, "tlb_entries")));
	assert_true(json_is_null(json_object_get(env, "cpufreq_governor")));
	vm = json_object_get(env, "vm");
	assert_string_equal(str(vm, "mode"), "tcg");
	assert_int_equal(json_integer_value(json_object_get(vm, "cpus")), 2);
	assert_int_equal(json_integer_value(json_object_get(vm, "mem_mib")), 980);
	assert_true(warned(env, "clocksource is hpet, not tsc"));
	assert_true(warned(env, "numbers from an emulated CPU"));
	assert_true(warned(env, "no usable TSC"));
	assert_int_equal(json_array_size(json_object_get(env, "warnings")), 3);
	json_decref(env);
	remove_root(root);
}

static void test_unreadable_config_is_null(void **state)
{
	char *root = make_root(false), path[4200];
	json_t *env;

	snprintf(path, sizeof(path), "%s/boot/config-" RELEASE, root);
	assert_int_equal(unlink(path), 0);
	env = collect(root, "host", 1);
	assert_true(json_is_null(json_object_get(env, "kconfig")));
	assert_true(json_is_null(json_object_get(env, "kconfig_source")));
	assert_true(warned(env, "kernel config unreadable"));
	json_decref(env);
	remove_root(root);
}

/*
 * Text env.json cannot hold, or the report could not
 * print, is named in an error (from the caller) or recorded as null (from
 * the system's own files), never "out of memory".
 */
static void test_text_env_json_cannot_hold(void **state)
{
	char *root = make_root(false), why[160] = "";
	struct pmb_env_in in = {
		.root = root, .target = "host", .kernel = RELEASE, .cpus = 2,
		.abi_version = 1, .protect_method = "pte", .suite = "quick",
		.suite_revision = "r\xff", .started = "2024-05-01T12:00:00Z",
		.err = why, .err_len = sizeof(why),
	};
	json_t *env;

	assert_null(pmb_env_collect(&in));
	assert_string_equal(why, "suite_revision is not one line of UTF-8 text");
	in.suite_revision = "r1";
	in.suite = "a\nb";
	assert_null(pmb_env_collect(&in));
	assert_string_equal(why, "suite is not one line of UTF-8 text");
	in.suite = "quick";
	put(root, "/sys/devices/system/clocksource/clocksource0/current_clocksource",
	    "ts\x1b[31mc\n");
	env = pmb_env_collect(&in);
	assert_non_null(env);
	assert_true(json_is_null(json_object_get(env, "clocksource")));
	json_decref(env);
	remove_root(root);
}

/* Warnings from a kconfig and a command line alone. */
static json_t *warnings_for(const char *config_lines, const char *cmdline)
{
	json_t *env = json_pack("{s:s, s:s, s:s, s:i}", "target", "host", "kernel", "x",
				"clocksource", "tsc", "tsc_khz", 1);
	FILE *f = fmemopen((void *)config_lines, strlen(config_lines), "r");
	json_t *w;

	json_object_set_new(env, "kconfig", pmb_kconfig_parse(f));
	fclose(f);
	json_object_set_new(env, "cmdline", json_string(cmdline));
	w = pmb_env_warnings(env);
	json_object_set_new(env, "warnings", w);
	return env;
}

static void test_debug_config_warnings(void **state)
{
	static const struct {
		const char *config, *cmdline, *needle;	/* needle NULL: no warning */
	} cases[] = {
		{ "CONFIG_KASAN=y\n", "", "CONFIG_KASAN=y" },
		{ "CONFIG_LOCKDEP=y\nCONFIG_PROVE_LOCKING=y\n", "", "PROVE_LOCKING" },
		{ "CONFIG_DEBUG_VM=y\n", "", "CONFIG_DEBUG_VM=y" },
		{ "CONFIG_PREEMPT_RT=y\n", "", "PREEMPT_RT" },
		{ "CONFIG_SLUB_DEBUG=y\n", "", NULL },
		{ "CONFIG_SLUB_DEBUG=y\n", "quiet slub_debug", "slub_debug on the command line" },
		{ "CONFIG_SLUB_DEBUG=y\n", "slub_debug=FZ,kmalloc-64", "slub_debug=FZ,kmalloc-64" },
		{ "CONFIG_SLUB_DEBUG_ON=y\n", "", "CONFIG_SLUB_DEBUG_ON=y" },
		{ "CONFIG_SLUB_DEBUG_ON=y\n", "slub_debug=-", NULL },
		{ "CONFIG_DEBUG_PAGEALLOC=y\n", "", NULL },
		{ "CONFIG_DEBUG_PAGEALLOC=y\n", "debug_pagealloc=on", "debug_pagealloc is active" },
		{ "CONFIG_DEBUG_PAGEALLOC=y\nCONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y\n", "", "debug_pagealloc is active" },
		{ "CONFIG_DEBUG_PAGEALLOC=y\nCONFIG_DEBUG_PAGEALLOC_ENABLE_DEFAULT=y\n", "debug_pagealloc=off", NULL },
		{ "CONFIG_DEBUG_KMEMLEAK=y\n", "", "kmemleak is active" },
		{ "CONFIG_DEBUG_KMEMLEAK=y\nCONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y\n", "", NULL },
		{ "CONFIG_DEBUG_KMEMLEAK=y\nCONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y\n", "kmemleak=on", "kmemleak is active" },
		{ "CONFIG_DEBUG_KMEMLEAK=y\n", "kmemleak=off", NULL },
	};
	size_t i, n;
	json_t *env;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env = warnings_for(cases[i].config, cases[i].cmdline);
		n = json_array_size(json_object_get(env, "warnings"));
		if (cases[i].needle ? n != 1 || !warned(env, cases[i].needle) : n != 0)
			fail_msg("case %zu (%s| %s): %zu warnings: %s", i, cases[i].config,
				 cases[i].cmdline, n, json_dumps(json_object_get(env, "warnings"), 0));
		json_decref(env);
	}
}

static void test_target_warnings(void **state)
{
	static const char *const targets[] = { "vm-icount", "vm-kvm" };
	static const char *const needles[] = { "instruction count", "KVM guest" };
	json_t *env, *w;
	size_t i;

	for (i = 0; i < 2; i++) {
		env = warnings_for("", "");
		json_object_set_new(env, "target", json_string(targets[i]));
		w = pmb_env_warnings(env);
		json_object_set_new(env, "warnings", w);
		assert_int_equal(json_array_size(w), 1);
		assert_true(warned(env, needles[i]));
		json_decref(env);
	}
}

static void test_write_is_atomic_and_replaces(void **state)
{
	char tmpl[] = "/tmp/pmb-test-envw.XXXXXX", path[4200];
	char *dir = mkdtemp(tmpl);
	json_t *a = json_pack("{s:i}", "v", 1), *b = json_pack("{s:i}", "v", 2), *r;

	assert_int_equal(pmb_env_write(dir, a), 0);
	assert_int_equal(pmb_env_write(dir, b), 0);
	snprintf(path, sizeof(path), "%s/env.json", dir);
	r = json_load_file(path, 0, NULL);
	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(r, "v")), 2);
	snprintf(path, sizeof(path), "%s/.env.json.tmp", dir);
	assert_int_not_equal(access(path, F_OK), 0);	/* no temporary left */
	assert_int_equal(pmb_env_write("/nonexistent-dir", a), -1);
	json_decref(a);
	json_decref(b);
	json_decref(r);
	remove_root(strdup(dir));
}

static void test_iso8601(void **state)
{
	char buf[32];

	pmb_iso8601_utc(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	pmb_iso8601_utc(1714565096, buf, sizeof(buf));
	assert_string_equal(buf, "2024-05-01T12:04:56Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kconfig_parse),
		cmocka_unit_test(test_host_env),
		cmocka_unit_test(test_vm_env_warns),
		cmocka_unit_test(test_unreadable_config_is_null),
		cmocka_unit_test(test_text_env_json_cannot_hold),
		cmocka_unit_test(test_debug_config_warnings),
		cmocka_unit_test(test_target_warnings),
		cmocka_unit_test(test_write_is_atomic_and_replaces),
		cmocka_unit_test(test_iso8601),
	};

	return cmocka_run_group_tests_name("env", tests, NULL, NULL);
}
