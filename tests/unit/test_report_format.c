// SPDX-License-Identifier: GPL-2.0
/* How the report tool prints numbers, intervals, labels and CSV cells. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* open_memstream(), mkdtemp() */
#endif
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/format.h"

static void test_quantity(void **state)
{
	char b[64];

	(void)state;
	rpt_fmt_quantity(b, sizeof(b), 812.3, RPT_UNIT_NS);
	assert_string_equal(b, "812 ns");
	rpt_fmt_quantity(b, sizeof(b), 7.1, RPT_UNIT_NS);
	assert_string_equal(b, "7.10 ns");
	rpt_fmt_quantity(b, sizeof(b), 46.64, RPT_UNIT_NS);
	assert_string_equal(b, "46.6 ns");
	rpt_fmt_quantity(b, sizeof(b), 4410, RPT_UNIT_NS);
	assert_string_equal(b, "4.41 µs");
	/* Rounds to 1000 ns: print it as 1.00 µs, not "1000 ns". */
	rpt_fmt_quantity(b, sizeof(b), 999.7, RPT_UNIT_NS);
	assert_string_equal(b, "1.00 µs");
	rpt_fmt_quantity(b, sizeof(b), 2912345, RPT_UNIT_NS);
	assert_string_equal(b, "2.91 ms");
	rpt_fmt_quantity(b, sizeof(b), 512, RPT_UNIT_BYTES);
	assert_string_equal(b, "512 B");
	rpt_fmt_quantity(b, sizeof(b), 65536, RPT_UNIT_BYTES);
	assert_string_equal(b, "64.0 KiB");
	rpt_fmt_quantity(b, sizeof(b), 4194304, RPT_UNIT_BYTES);
	assert_string_equal(b, "4.00 MiB");
	rpt_fmt_quantity(b, sizeof(b), 1234567, RPT_UNIT_COUNT);
	assert_string_equal(b, "1234567");
	rpt_fmt_quantity(b, sizeof(b), 0, RPT_UNIT_COUNT);
	assert_string_equal(b, "0");
	/* Null is n/a, never 0. */
	rpt_fmt_quantity(b, sizeof(b), NAN, RPT_UNIT_COUNT);
	assert_string_equal(b, "n/a");
}

static void test_size(void **state)
{
	char b[32];

	(void)state;
	rpt_fmt_size(b, sizeof(b), 64);
	assert_string_equal(b, "64 B");
	rpt_fmt_size(b, sizeof(b), 4096);
	assert_string_equal(b, "4 KiB");
	rpt_fmt_size(b, sizeof(b), 2 << 20);
	assert_string_equal(b, "2 MiB");
	rpt_fmt_size(b, sizeof(b), 1000);
	assert_string_equal(b, "1000 B");
}

static void test_ratio(void **state)
{
	struct rpt_ratio r = { .r = 0.1812, .lo = 0.175, .hi = 0.19 };
	struct rpt_ratio_shown sh;
	char b[128];

	(void)state;
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "0.18 [0.17, 0.19]");
	/* Outward: lo down, hi up, never the other way. */
	r.hi = 0.1901;
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "0.18 [0.17, 0.20]");
	/* An exact hundredth stays itself (0.29 is 28.999.. hundredths). */
	r = (struct rpt_ratio){ .r = 0.3, .lo = 0.29, .hi = 0.31 };
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "0.30 [0.29, 0.31]");
	/* Each bound with its own digits; asymmetric as it is. */
	r = (struct rpt_ratio){ .r = 0.18, .lo = 0.0151, .hi = 0.2 };
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "0.18 [0.015, 0.20]");
	r = (struct rpt_ratio){ .r = 36.4, .lo = 33.21, .hi = 503.2 };
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "36.4 [33.2, 504]");
	rpt_fmt_ratio(b, sizeof(b), &r, 1);
	assert_string_equal(b, "36.4");
	rpt_fmt_ratio(b, sizeof(b), &r, -1);
	assert_string_equal(b, "n/a");
	/* Every exact ratio equal: no rounding at all. */
	r = (struct rpt_ratio){ .r = 1, .lo = 1, .hi = 1 };
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "1.00 [1.00, 1.00]");
	rpt_ratio_shown(&r, &sh);
	assert_true(sh.lo == 1.0 && sh.hi == 1.0);
}

/* The verdict is read off the printed bounds, nothing else. */
static void test_verdict(void **state)
{
	struct rpt_ratio r = { .r = 0.98, .lo = 0.97, .hi = 0.998 };

	(void)state;
	/* 0.998 prints as 1.00: the printed interval holds 1, no mark. */
	assert_int_equal(rpt_ratio_verdict(&r, 0), RPT_V_INCLUDES_1);
	r.hi = 0.99;
	assert_int_equal(rpt_ratio_verdict(&r, 0), RPT_V_DIFFERS);
	r = (struct rpt_ratio){ .r = 1.05, .lo = 1.004, .hi = 1.1 };
	assert_int_equal(rpt_ratio_verdict(&r, 0), RPT_V_INCLUDES_1);	/* "1.00" */
	r.lo = 1.01;
	assert_int_equal(rpt_ratio_verdict(&r, 0), RPT_V_DIFFERS);
	r = (struct rpt_ratio){ .r = 1, .lo = 1, .hi = 1 };
	assert_int_equal(rpt_ratio_verdict(&r, 0), RPT_V_INCLUDES_1);
	assert_int_equal(rpt_ratio_verdict(&r, 1), RPT_V_NO_INTERVAL);
	assert_int_equal(rpt_ratio_verdict(&r, -1), RPT_V_NO_INTERVAL);
}

/*
 * The printed r always lies inside the printed [lo, hi]: r's digits are
 * never fewer than a larger bound's, so a rounded r cannot step past a
 * bound rounded outward.  Checked over ratios from 1e-5 to 1e5.
 */
static void test_ratio_shown_nested(void **state)
{
	struct rpt_ratio_shown sh;
	struct rpt_ratio r;
	double x, w;

	(void)state;
	for (x = 1e-5; x < 1e5; x *= 1.0137) {
		for (w = 0; w < 0.05; w += 0.0031) {
			r = (struct rpt_ratio){ .r = x, .lo = x * (1 - w),
						.hi = x * (1 + w / 3) };
			rpt_ratio_shown(&r, &sh);
			if (!(sh.lo <= sh.r && sh.r <= sh.hi) ||
			    sh.lo > r.lo || sh.hi < r.hi)
				fail_msg("%.17g [%.17g, %.17g] shown %g [%g, %g]",
					 r.r, r.lo, r.hi, sh.r, sh.lo, sh.hi);
		}
	}
}

static void test_level_and_change(void **state)
{
	char b[32];

	(void)state;
	rpt_fmt_level(b, sizeof(b), 0.9375);
	assert_string_equal(b, "93.7%");	/* down, never up */
	rpt_fmt_level(b, sizeof(b), 0.978515625);
	assert_string_equal(b, "97.8%");
	rpt_fmt_level(b, sizeof(b), 0.95);
	assert_string_equal(b, "95.0%");
	rpt_fmt_change(b, sizeof(b), 100, 102.8);
	assert_string_equal(b, "+2.80%");
	rpt_fmt_change(b, sizeof(b), 150.2, 148.0);
	assert_string_equal(b, "-1.46%");
	rpt_fmt_change(b, sizeof(b), 5, 5);
	assert_string_equal(b, "+0.00%");
	rpt_fmt_change(b, sizeof(b), 0, 5);
	assert_string_equal(b, "n/a");
	rpt_fmt_change(b, sizeof(b), NAN, 5);
	assert_string_equal(b, "n/a");
}

static void test_labels(void **state)
{
	struct rpt_key k = { .backend = "pmalloc-genalloc", .workload = "read",
			     .size = 64, .count = 8192, .pattern = "chase",
			     .is_protected = 1, .protect_method = "pte" };
	struct rpt_env env = { .target = "vm-tcg", .kernel = "6.1.0-56-amd64",
			       .cpu_model = "AMD EPYC 7B13 64-Core Processor",
			       .protect_method = "pte" };
	char b[256];

	(void)state;
	rpt_workload_label(&k, b, sizeof(b));
	assert_string_equal(b, "read chase, protected");
	rpt_job_label(&k, b, sizeof(b));
	assert_string_equal(b, "pmalloc-genalloc read chase, protected 64 B × 8192 (pte)");
	k = (struct rpt_key){ .backend = "kmalloc", .workload = "alloc",
			      .size = 4096, .count = 256, .is_protected = -1 };
	rpt_job_label(&k, b, sizeof(b));
	assert_string_equal(b, "kmalloc alloc 4 KiB × 256");

	rpt_source(&env, b, sizeof(b));
	assert_string_equal(b, "VM TCG, 6.1.0-56-amd64, AMD EPYC 7B13 64-Core, protection pte (pmbench's own batched flush, not Stoppa's design: one TLB flush for the whole set)");
	/* Whose method it is comes from the registry row, for each method. */
	rpt_method_label("cpa", b, sizeof(b));
	assert_string_equal(b, "cpa (set_memory_ro() per area, Stoppa's design: a TLB flush per area)");
	rpt_method_label("pte", b, sizeof(b));
	assert_non_null(strstr(b, "not Stoppa's design"));
	rpt_method_label("future", b, sizeof(b));
	assert_string_equal(b, "future");
	rpt_method_label(NULL, b, sizeof(b));
	assert_string_equal(b, "n/a");
	assert_string_equal(rpt_target_label("vm-icount"), "VM icount");
	assert_string_equal(rpt_target_label("host"), "host");
	assert_string_equal(rpt_target_label("vm-future"), "vm-future");

	rpt_cpu_short("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", b, sizeof(b));
	assert_string_equal(b, "Intel Xeon Gold 6130 @ 2.10GHz");
	rpt_cpu_short("  QEMU Virtual CPU version 2.5+ ", b, sizeof(b));
	assert_string_equal(b, "QEMU Virtual CPU version 2.5+");
}

static void test_csv_and_md(void **state)
{
	struct rpt_csv c;
	char *buf = NULL, md[64];
	size_t len = 0;

	(void)state;
	c.f = open_memstream(&buf, &len);
	c.col = 0;
	assert_non_null(c.f);
	rpt_csv_str(&c, "plain");
	rpt_csv_str(&c, "a,b");
	rpt_csv_str(&c, "say \"hi\"");
	rpt_csv_str(&c, NULL);
	rpt_csv_num(&c, 0.25);
	rpt_csv_num(&c, NAN);
	rpt_csv_ull(&c, 4096);
	rpt_csv_end(&c);
	rpt_csv_num(&c, 1);
	rpt_csv_end(&c);
	fclose(c.f);
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",,0.25,n/a,4096\n1\n");
	free(buf);

	rpt_md_escape("a|b", md, sizeof(md));
	assert_string_equal(md, "a\\|b");
}

/*
 * A value that rounds to zero prints as zero, never "-0.00": the old
 * headline printed a ratio as "1.00 ± -0.00", a negative half-width
 * rounded to nothing.  Every printer goes through rpt_fmt_fixed() or
 * rpt_unsign_zero(); each is checked here with a negative zero and with
 * a small negative value that rounds to zero.
 */
static void test_negative_zero(void **state)
{
	static const double zeros[] = { -0.0, -1e-9, -0.004 };
	struct rpt_ratio r = { -0.0, -0.0, -0.0, 0.95 };
	char b[64], *buf = NULL;
	struct rpt_csv c;
	size_t i, len = 0;

	(void)state;
	for (i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++) {
		rpt_fmt_fixed(b, sizeof(b), zeros[i], 2);
		assert_string_equal(b, "0.00");
		rpt_fmt_quantity(b, sizeof(b), zeros[i], RPT_UNIT_NS);
		assert_string_equal(b, "0.00 ns");
		rpt_fmt_quantity(b, sizeof(b), zeros[i], RPT_UNIT_COUNT);
		assert_null(strchr(b, '-'));
		rpt_fmt_change(b, sizeof(b), 1000, 1000 + zeros[i]);
		assert_string_equal(b, "+0.00%");
	}
	rpt_fmt_quantity(b, sizeof(b), -0.3, RPT_UNIT_BYTES);
	assert_string_equal(b, "0 B");
	rpt_fmt_ratio(b, sizeof(b), &r, 0);
	assert_string_equal(b, "0.0000 [0.0000, 0.0000]");
	rpt_fmt_ratio(b, sizeof(b), &r, 1);
	assert_string_equal(b, "0.0000");
	/* Real negatives keep their sign. */
	rpt_fmt_fixed(b, sizeof(b), -0.006, 2);
	assert_string_equal(b, "-0.01");
	rpt_fmt_quantity(b, sizeof(b), -5, RPT_UNIT_COUNT);
	assert_string_equal(b, "-5");
	rpt_fmt_change(b, sizeof(b), 1000, 999.9);
	assert_string_equal(b, "-0.01%");

	strcpy(b, "-0");
	assert_true(rpt_unsign_zero(b));
	assert_string_equal(b, "0");
	strcpy(b, "-0.00 µs");
	assert_true(rpt_unsign_zero(b));
	assert_string_equal(b, "0.00 µs");
	strcpy(b, "-0.05");
	assert_false(rpt_unsign_zero(b));
	strcpy(b, "-10");
	assert_false(rpt_unsign_zero(b));
	strcpy(b, "-.");
	assert_false(rpt_unsign_zero(b));

	c.f = open_memstream(&buf, &len);
	c.col = 0;
	assert_non_null(c.f);
	rpt_csv_num(&c, -0.0);
	rpt_csv_num(&c, -1e-300 * 1e-300);
	rpt_csv_num(&c, -2.5);
	rpt_csv_end(&c);
	fclose(c.f);
	assert_string_equal(buf, "0,0,-2.5\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantity),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_ratio_shown_nested),
		cmocka_unit_test(test_level_and_change),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_csv_and_md),
		cmocka_unit_test(test_negative_zero),
	};

	return cmocka_run_group_tests_name("report_format", tests, NULL, NULL);
}
