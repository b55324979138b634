// SPDX-License-Identifier: GPL-2.0
/*
 * Known answers for the report tool's statistics.  The references do not
 * come from GSL: they are exact fractions worked out by hand, Mann-Whitney
 * p values counted by enumerating every ranking, and the normal tail from
 * the C library's erfc().
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>

#include "report/stats.h"

#define EPS 1e-12

static void assert_close(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

static void test_median_odd(void **state)
{
	const double x[] = { 7, 3, 9, 1, 5, 2, 8, 4, 6 };	/* 1..9 shuffled */
	struct rpt_stats st;

	(void)state;
	assert_int_equal(rpt_stats_compute(x, 9, &st), 0);
	assert_int_equal(st.n, 9);
	assert_close(st.median, 5, EPS);
	assert_close(st.min, 1, EPS);
	assert_close(st.max, 9, EPS);
	assert_close(st.mean, 5, EPS);
	/* Sum of squares about 5 is 60; 60 / 8 = 7.5. */
	assert_close(st.stddev, sqrt(7.5), EPS);
	assert_close(st.cov, sqrt(7.5) / 5, EPS);
	/* The input is not sorted in place. */
	assert_close(x[0], 7, 0);
}

static void test_median_even(void **state)
{
	const double x[] = { 4, 1, 3, 2 };
	struct rpt_stats st;

	(void)state;
	rpt_stats_compute(x, 4, &st);
	assert_close(st.median, 2.5, EPS);
}

static void test_stddev_known_set(void **state)
{
	/* Population sd 2 (the textbook set); sample sd sqrt(32 / 7). */
	const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct rpt_stats st;

	(void)state;
	rpt_stats_compute(x, 8, &st);
	assert_close(st.mean, 5, EPS);
	assert_close(st.stddev, sqrt(32.0 / 7.0), EPS);
	assert_close(st.cov, sqrt(32.0 / 7.0) / 5, EPS);
}

static void test_small_samples(void **state)
{
	const double one[] = { 42 }, two[] = { 1, 3 };
	struct rpt_stats st;

	(void)state;
	assert_int_equal(rpt_stats_compute(one, 0, &st), -1);
	assert_true(isnan(st.median));
	rpt_stats_compute(one, 1, &st);
	assert_close(st.median, 42, 0);
	assert_true(isnan(st.stddev));
	assert_true(isnan(st.cov));
	assert_true(isnan(st.ci_lo));
	rpt_stats_compute(two, 2, &st);
	assert_close(st.stddev, sqrt(2), EPS);
	/* n < 3: no interval. */
	assert_true(isnan(st.ci_lo) && isnan(st.ci_hi));
}

/*
 * Ranks of the order-statistic interval.  Coverage 1 - 2 P(B <= k-1),
 * B ~ Binomial(n, 1/2), as exact fractions:
 *   n=10: P(B<=1) = 11/1024 -> [x(2), x(9)], 1 - 22/1024; P(B<=2) = 56/1024 too big
 *   n=20: P(B<=5) = 21700/2^20 -> [x(6), x(15)]; P(B<=6) = 60460/2^20 too big
 *   n=9:  P(B<=1) = 10/512 -> [x(2), x(8)]
 *   n=6:  P(B<=0) = 1/64 -> [x(1), x(6)], 62/64
 *   n=5:  P(B<=0) = 1/32: even [min, max] covers only 30/32
 */
static void test_ci_ranks(void **state)
{
	size_t lo, hi;
	double lvl;

	(void)state;
	assert_int_equal(rpt_median_ci_ranks(10, 0.95, &lo, &hi, &lvl), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 8);
	assert_close(lvl, 1.0 - 22.0 / 1024, EPS);

	assert_int_equal(rpt_median_ci_ranks(20, 0.95, &lo, &hi, &lvl), 0);
	assert_int_equal(lo, 5);
	assert_int_equal(hi, 14);
	assert_close(lvl, 1.0 - 2 * 21700.0 / 1048576, EPS);

	assert_int_equal(rpt_median_ci_ranks(9, 0.95, &lo, &hi, &lvl), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 7);
	assert_close(lvl, 1.0 - 20.0 / 512, EPS);

	assert_int_equal(rpt_median_ci_ranks(6, 0.95, &lo, &hi, &lvl), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 5);
	assert_close(lvl, 62.0 / 64, EPS);

	assert_int_equal(rpt_median_ci_ranks(5, 0.95, &lo, &hi, &lvl), 1);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 4);
	assert_close(lvl, 30.0 / 32, EPS);

	assert_int_equal(rpt_median_ci_ranks(3, 0.95, &lo, &hi, &lvl), 1);
	assert_close(lvl, 0.75, EPS);
	assert_int_equal(rpt_median_ci_ranks(2, 0.95, &lo, &hi, &lvl), -1);
}

static void test_ci_values(void **state)
{
	const double x[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	const double five[] = { 150.4, 148.2, 153.0, 149.1, 151.9 };
	struct rpt_stats st;

	(void)state;
	rpt_stats_compute(x, 10, &st);
	assert_close(st.ci_lo, 2, 0);	/* x(2) */
	assert_close(st.ci_hi, 9, 0);	/* x(9) */
	assert_close(st.median, 5.5, EPS);
	rpt_stats_compute(five, 5, &st);
	assert_close(st.ci_lo, 148.2, 0);
	assert_close(st.ci_hi, 153.0, 0);
	assert_close(st.ci_level, 0.9375, EPS);
}

static void test_ratio(void **state)
{
	struct rpt_stats num = { .n = 5, .median = 20, .side_lo = 18,
				 .side_hi = 22, .side_level = 0.9375 };
	struct rpt_stats den = { .n = 5, .median = 100, .side_lo = 90,
				 .side_hi = 110, .side_level = 0.9375 };
	struct rpt_stats few = { .n = 2, .median = 50, .side_lo = NAN,
				 .side_hi = NAN, .side_level = NAN };
	struct rpt_stats zero = den;
	struct rpt_ratio r;

	(void)state;
	assert_int_equal(rpt_ratio_of_medians(&num, &den, &r), 0);
	assert_close(r.r, 0.2, EPS);
	assert_close(r.lo, 18.0 / 110.0, EPS);
	assert_close(r.hi, 22.0 / 90.0, EPS);
	assert_close(r.level, 0.9375 * 0.9375, EPS);
	assert_int_equal(rpt_ratio_of_medians(&few, &den, &r), 1);
	assert_close(r.r, 0.5, EPS);
	assert_true(isnan(r.lo));
	zero.median = 0;
	assert_int_equal(rpt_ratio_of_medians(&num, &zero, &r), -1);
	zero = den;
	zero.side_lo = 0;	/* the interval reaches 0: no upper bound */
	assert_int_equal(rpt_ratio_of_medians(&num, &zero, &r), 1);
}

/*
 * The intervals a ratio is built from, at sqrt(0.95) = 0.97468 each:
 *   n=10: [x(2), x(9)], 1 - 22/1024 = 0.9785; x(3) would give 1 - 112/1024
 *   n=20: P(B<=4) = 6196/2^20 -> [x(5), x(16)]; P(B<=5) = 21700/2^20 too big
 *   n=7:  [min, max], 1 - 2/128 = 0.984375: the fewest that reach it
 *   n=6:  [min, max], 62/64 = 0.96875 < 0.97468: short
 */
static void test_side_ranks(void **state)
{
	const double x[] = { 7, 1, 6, 2, 5, 3, 4 };
	size_t lo, hi;
	double lvl;
	struct rpt_stats st;

	(void)state;
	assert_int_equal(rpt_median_ci_ranks(10, RPT_SIDE_LEVEL, &lo, &hi, &lvl), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 8);
	assert_close(lvl, 1.0 - 22.0 / 1024, EPS);
	assert_int_equal(rpt_median_ci_ranks(20, RPT_SIDE_LEVEL, &lo, &hi, &lvl), 0);
	assert_int_equal(lo, 4);
	assert_int_equal(hi, 15);
	assert_close(lvl, 1.0 - 2 * 6196.0 / 1048576, EPS);
	assert_int_equal(rpt_median_ci_ranks(7, RPT_SIDE_LEVEL, &lo, &hi, &lvl), 0);
	assert_close(lvl, 1.0 - 2.0 / 128, EPS);
	assert_int_equal(rpt_median_ci_ranks(6, RPT_SIDE_LEVEL, &lo, &hi, &lvl), 1);
	assert_close(lvl, 62.0 / 64, EPS);
	/* Two sides of 7 reach 95% for the ratio. */
	assert_true((1.0 - 2.0 / 128) * (1.0 - 2.0 / 128) >= RPT_CI_LEVEL);
	assert_true(RPT_SIDE_LEVEL * RPT_SIDE_LEVEL >= RPT_CI_LEVEL - 1e-15);

	rpt_stats_compute(x, 7, &st);
	assert_close(st.side_lo, 1, 0);
	assert_close(st.side_hi, 7, 0);
	assert_close(st.side_level, 1.0 - 2.0 / 128, EPS);
	/* At 95% alone n = 7 is [x(1), x(7)] too: 1 - 16/128 is too little. */
	assert_close(st.ci_lo, 1, 0);
}

/* U of @a against @b by its definition: pairs a > b, ties 1/2. */
static double u_by_pairs(const double *a, size_t na, const double *b,
			 size_t nb)
{
	double u = 0;
	size_t i, j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			u += a[i] > b[j] ? 1.0 : a[i] == b[j] ? 0.5 : 0.0;
	return u;
}

/*
 * Every way to give m of the ranks 0 .. m+n-1 to the first sample: the
 * exact null distribution of U, counted.  For each ranking, p must be
 * 2 min(#(U' <= U), #(U' >= U)) / C(m+n, m), capped at 1.
 */
static void check_enumerated(size_t m, size_t n)
{
	double a[16], b[16], u[1 << 12], below, above, want;
	unsigned int mask, nr = 0, k, all = 1u << (m + n);
	size_t i, na, nb;
	struct rpt_mwu r;

	for (mask = 0; mask < all; mask++) {
		if ((size_t)__builtin_popcount(mask) != m)
			continue;
		for (i = na = nb = 0; i < m + n; i++) {
			if (mask & (1u << i))
				a[na++] = i;
			else
				b[nb++] = i;
		}
		u[nr++] = u_by_pairs(a, na, b, nb);
	}
	for (mask = 0, k = 0; mask < all; mask++) {
		if ((size_t)__builtin_popcount(mask) != m)
			continue;
		for (i = na = nb = 0; i < m + n; i++) {
			if (mask & (1u << i))
				a[na++] = 10.0 * i + 0.5;
			else
				b[nb++] = 10.0 * i + 0.5;
		}
		below = above = 0;
		for (i = 0; i < nr; i++) {
			below += u[i] <= u[k];
			above += u[i] >= u[k];
		}
		want = fmin(1.0, 2.0 * fmin(below, above) / nr);
		assert_int_equal(rpt_mann_whitney(a, na, b, nb, &r), 0);
		assert_true(r.exact);
		assert_close(r.u, u[k], 0);
		assert_close(r.p, want, EPS);
		k++;
	}
}

static void test_mwu_enumerated(void **state)
{
	(void)state;
	check_enumerated(4, 5);		/* 126 rankings */
	check_enumerated(3, 3);		/* 20 */
	check_enumerated(1, 6);		/* 7 */
	check_enumerated(6, 6);		/* 924 */
}

/*
 * Separated samples: U = 0, only one ranking of C(m+n, m) is as extreme
 * on each side, p = 2 / C(m+n, m): 2/20 for 3 and 3, 2/184756 for 10 and
 * 10, and for 30 and 30 (the exact limit) 2 / C(60, 30).
 */
static void test_mwu_textbook(void **state)
{
	double a[30], b[30], c = 1.0;
	struct rpt_mwu r;
	int i;

	(void)state;
	for (i = 0; i < 30; i++) {
		a[i] = 100 + i;
		b[i] = 200 + i;
	}
	assert_int_equal(rpt_mann_whitney(a, 3, b, 3, &r), 0);
	assert_close(r.u, 0, 0);
	assert_close(r.p, 0.1, EPS);
	assert_int_equal(rpt_mann_whitney(b, 3, a, 3, &r), 0);
	assert_close(r.u, 9, 0);
	assert_close(r.p, 0.1, EPS);
	assert_int_equal(rpt_mann_whitney(a, 10, b, 10, &r), 0);
	assert_close(r.p, 2.0 / 184756, 1e-18);
	for (i = 1; i <= 30; i++)
		c = c * (30 + i) / i;	/* C(60, 30) */
	assert_int_equal(rpt_mann_whitney(a, 30, b, 30, &r), 0);
	assert_true(r.exact);
	assert_true(fabs(r.p - 2.0 / c) < 1e-9 * (2.0 / c));
	/*
	 * Interleaved, a = {1, 3, 5}, b = {2, 4, 6}: U = 3; of the 20
	 * rankings 1, 1, 2 and 3 have U = 0, 1, 2, 3: p = 2 * 7 / 20.
	 */
	a[0] = 1, a[1] = 3, a[2] = 5, b[0] = 2, b[1] = 4, b[2] = 6;
	assert_int_equal(rpt_mann_whitney(a, 3, b, 3, &r), 0);
	assert_close(r.u, 3, 0);
	assert_close(r.p, 0.7, EPS);
}

/*
 * Ties, by hand: a = {1, 2, 2, 4}, b = {2, 3, 5, 5, 6}.  Sorted, the ranks
 * are 1 (a), 3 3 3 (a a b: the mean of 2, 3, 4), 5 (b), 6 (a), 7.5 7.5
 * (b b), 9 (b); R1 = 1 + 3 + 3 + 6 = 13, U = 13 - 4*5/2 = 3.  Normal
 * approximation: mu = 10; ties t = 3 and 2 give sum(t^3 - t) = 30;
 * var = 20/12 (10 - 30/72) = 575/36; z = (|3 - 10| - 1/2) / sqrt(575/36)
 * = 39 / sqrt(575); p = erfc(z / sqrt(2)).
 */
static void test_mwu_ties(void **state)
{
	const double a[] = { 1, 2, 2, 4 }, b[] = { 2, 3, 5, 5, 6 };
	double z = 39.0 / sqrt(575.0);
	struct rpt_mwu r;

	(void)state;
	assert_int_equal(rpt_mann_whitney(a, 4, b, 5, &r), 0);
	assert_false(r.exact);
	assert_close(r.u, 3, 0);
	assert_close(r.u, u_by_pairs(a, 4, b, 5), 0);
	assert_close(r.p, erfc(z / sqrt(2.0)), 1e-12);
	assert_close(r.p, 0.1039, 1e-4);
}

/* Past the exact limit, no ties: 31 and 31 apart, U = 0. */
static void test_mwu_large(void **state)
{
	double a[31], b[31], var, z;
	struct rpt_mwu r;
	int i;

	(void)state;
	for (i = 0; i < 31; i++) {
		a[i] = i;
		b[i] = 31 + i;
	}
	assert_int_equal(rpt_mann_whitney(a, 31, b, 31, &r), 0);
	assert_false(r.exact);
	var = 31.0 * 31 / 12 * 63;
	z = (31.0 * 31 / 2 - 0.5) / sqrt(var);
	assert_close(r.p, erfc(z / sqrt(2.0)), 1e-15);
}

static void test_mwu_degenerate(void **state)
{
	const double a[] = { 4, 4, 4 }, b[] = { 4, 4, 4, 4 }, c[] = { 5 };
	struct rpt_mwu r;

	(void)state;
	/* All equal: nothing tells them apart. */
	assert_int_equal(rpt_mann_whitney(a, 3, b, 4, &r), 0);
	assert_close(r.u, 6, 0);
	assert_close(r.p, 1, 0);
	/* One value a side, no ties: the exact p of 1 and 1 is 1. */
	assert_int_equal(rpt_mann_whitney(a, 1, c, 1, &r), 0);
	assert_close(r.p, 1, 0);
	assert_int_equal(rpt_mann_whitney(a, 0, b, 4, &r), -1);
	assert_true(isnan(r.p));
}

/* GSL reports errors instead of aborting (rpt_stats_init). */
static void test_gsl_no_abort(void **state)
{
	(void)state;
	assert_true(isnan(gsl_cdf_tdist_Q(1.0, NAN)));
	assert_true(isnan(gsl_cdf_binomial_P(1, NAN, 3)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsl_no_abort),
		cmocka_unit_test(test_median_odd),
		cmocka_unit_test(test_median_even),
		cmocka_unit_test(test_stddev_known_set),
		cmocka_unit_test(test_small_samples),
		cmocka_unit_test(test_ci_ranks),
		cmocka_unit_test(test_ci_values),
		cmocka_unit_test(test_side_ranks),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_mwu_enumerated),
		cmocka_unit_test(test_mwu_textbook),
		cmocka_unit_test(test_mwu_ties),
		cmocka_unit_test(test_mwu_large),
		cmocka_unit_test(test_mwu_degenerate),
	};

	rpt_stats_init();
	return cmocka_run_group_tests_name("report_stats", tests, NULL, NULL);
}
