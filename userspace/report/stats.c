// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

void rpt_stats_init(void)
{
	/* An error is a return value here, never GSL's default abort(). */
	gsl_set_error_handler_off();
}

/* Coverage of [x(k), x(n-k+1)] (1-based) as an interval of the median. */
static double order_stat_cover(size_t k, size_t n)
{
	/*
	 * It misses only when fewer than k or more than n-k samples fall below
	 * the median: 1 - 2 P(B <= k-1) with B ~ Binomial(n, 1/2).
	 */
	return 1.0 - 2.0 * gsl_cdf_binomial_P(k - 1, 0.5, n);
}

int rpt_median_ci_ranks(size_t n, double level, size_t *lo, size_t *hi,
			double *achieved)
{
	size_t k = 1;

	if (n < RPT_MIN_N)
		return -1;
	/* Coverage falls as k grows: the largest k still covering is narrowest. */
	while (2 * (k + 1) <= n + 1 && order_stat_cover(k + 1, n) >= level)
		k++;
	*lo = k - 1;
	*hi = n - k;
	*achieved = order_stat_cover(k, n);
	return *achieved >= level ? 0 : 1;
}

static void stats_undefined(struct rpt_stats *st, size_t n)
{
	st->n = n;
	st->median = st->min = st->max = st->mean = NAN;
	st->stddev = st->cov = NAN;
	st->ci_lo = st->ci_hi = st->ci_level = NAN;
	st->side_lo = st->side_hi = st->side_level = NAN;
}

int rpt_stats_compute(const double *x, size_t n, struct rpt_stats *st)
{
	size_t lo, hi;
	double *s;

	stats_undefined(st, n);
	if (!n)
		return -1;
	s = malloc(n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, x, n * sizeof(*s));
	gsl_sort(s, 1, n);

	st->median = gsl_stats_median_from_sorted_data(s, 1, n);
	st->min = s[0];
	st->max = s[n - 1];
	st->mean = gsl_stats_mean(s, 1, n);
	if (n >= 2) {
		st->stddev = gsl_stats_sd_m(s, 1, n, st->mean);
		if (st->mean != 0.0)
			st->cov = st->stddev / fabs(st->mean);
	}
	if (rpt_median_ci_ranks(n, RPT_CI_LEVEL, &lo, &hi, &st->ci_level) >= 0) {
		st->ci_lo = s[lo];
		st->ci_hi = s[hi];
	}
	if (rpt_median_ci_ranks(n, RPT_SIDE_LEVEL, &lo, &hi,
				&st->side_level) >= 0) {
		st->side_lo = s[lo];
		st->side_hi = s[hi];
	}
	free(s);
	return 0;
}

int rpt_ratio_of_medians(const struct rpt_stats *num,
			 const struct rpt_stats *den, struct rpt_ratio *out)
{
	out->r = out->lo = out->hi = out->level = NAN;
	if (!num->n || !den->n || !(den->median > 0.0))
		return -1;
	out->r = num->median / den->median;
	if (isnan(num->side_lo) || isnan(den->side_lo) ||
	    !(den->side_lo > 0.0) || num->side_lo < 0.0)
		return 1;
	/* Covers whenever both intervals cover: level >= the product. */
	out->lo = num->side_lo / den->side_hi;
	out->hi = num->side_hi / den->side_lo;
	out->level = num->side_level * den->side_level;
	return 0;
}

/*
 * How many of the C(m + n, m) equally likely rankings give U = 0 .. m n,
 * into @c: the coefficients of the Gaussian binomial [m + n, m]_q, built
 * as the product over i = 1 .. m of (1 - q^(n + i)) / (1 - q^i).  After
 * each i the counts are those of [n + i, i]_q, at most C(m + n, m), which
 * fits 64 bits for m + n <= 2 RPT_MWU_EXACT_MAX.
 */
static void mwu_counts(size_t m, size_t n, uint64_t *c)
{
	size_t i, u, top = m * n;

	memset(c, 0, (top + 1) * sizeof(*c));
	c[0] = 1;
	for (i = 1; i <= m; i++) {
		for (u = i; u <= top; u++)		/* / (1 - q^i) */
			c[u] += c[u - i];
		for (u = top; u >= n + i && u <= top; u--)	/* * (1 - q^(n+i)) */
			c[u] -= c[u - n - i];
	}
}

/* Two-sided exact p of U = @u (an integer) for samples of @m and @n. */
static int mwu_exact_p(size_t m, size_t n, size_t u, double *p)
{
	uint64_t *c, below = 0, above = 0, total = 0;
	size_t k;

	c = malloc((m * n + 1) * sizeof(*c));
	if (!c)
		return -ENOMEM;
	mwu_counts(m, n, c);
	for (k = 0; k <= m * n; k++) {
		total += c[k];
		if (k <= u)
			below += c[k];
		if (k >= u)
			above += c[k];
	}
	free(c);
	*p = fmin(1.0, 2.0 * (double)(below < above ? below : above) / total);
	return 0;
}

struct mwu_value {
	double v;
	bool first;		/* from the first sample */
};

static int mwu_value_cmp(const void *x, const void *y)
{
	const struct mwu_value *a = x, *b = y;

	return (a->v > b->v) - (a->v < b->v);
}

int rpt_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		     struct rpt_mwu *out)
{
	struct mwu_value *all;
	size_t n = na + nb, i, j;
	double r1 = 0.0, ties = 0.0, t, rank, mu, var, z;
	int ret = 0;

	out->u = out->p = NAN;
	out->exact = false;
	if (!na || !nb)
		return -1;
	all = malloc(n * sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		all[i].v = i < na ? a[i] : b[i - na];
		all[i].first = i < na;
	}
	qsort(all, n, sizeof(*all), mwu_value_cmp);
	/* Ranks 1 .. n, the mean rank to each run of ties. */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		t = j - i;
		ties += t * t * t - t;
		rank = (double)(i + 1 + j) / 2.0;
		for (; i < j; i++)
			if (all[i].first)
				r1 += rank;
	}
	free(all);
	out->u = r1 - (double)na * (na + 1) / 2.0;
	if (ties == 0.0 && na <= RPT_MWU_EXACT_MAX && nb <= RPT_MWU_EXACT_MAX) {
		out->exact = true;
		ret = mwu_exact_p(na, nb, (size_t)out->u, &out->p);
		if (ret)
			out->p = NAN;
		return ret;
	}
	mu = (double)na * nb / 2.0;
	var = (double)na * nb / 12.0 * ((n + 1) - ties / ((double)n * (n - 1)));
	if (!(var > 0.0)) {
		/* Every value the same: nothing tells the samples apart. */
		out->p = 1.0;
		return 0;
	}
	z = fmax(0.0, fabs(out->u - mu) - 0.5) / sqrt(var);
	/* GSL's error handler is off (rpt_stats_init): check instead. */
	out->p = fmin(1.0, 2.0 * gsl_cdf_ugaussian_Q(z));
	return 0;
}
