// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
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
	free(s);
	return 0;
}

enum rpt_sig rpt_welch_test(const struct rpt_stats *a,
			    const struct rpt_stats *b, struct rpt_welch *w)
{
	double scale, va, vb, se2, ra, rb;

	w->t = w->df = w->p = NAN;
	if (a->n < RPT_MIN_N || b->n < RPT_MIN_N)
		return RPT_SIG_FEW;
	/*
	 * In units of the largest magnitude involved: no square can overflow
	 * (a mean of 1e78 squared its variance past DBL_MAX, and GSL then
	 * aborted on the infinite t).
	 */
	scale = fmax(fmax(fabs(a->mean), fabs(b->mean)),
		     fmax(a->stddev, b->stddev));
	if (!isfinite(scale))
		return RPT_SIG_UNDEF;
	if (scale == 0.0) {
		w->t = 0.0;
		w->p = 1.0;
		return RPT_SIG_NO;
	}
	va = (a->stddev / scale) * (a->stddev / scale) / a->n;
	vb = (b->stddev / scale) * (b->stddev / scale) / b->n;
	se2 = va + vb;
	if (se2 == 0.0) {
		/* Two constant samples: equal or certainly different. */
		w->t = a->mean == b->mean ? 0.0 : copysign(INFINITY,
							   a->mean - b->mean);
		w->p = a->mean == b->mean ? 1.0 : 0.0;
	} else {
		w->t = (a->mean / scale - b->mean / scale) / sqrt(se2);
		/*
		 * Welch-Satterthwaite degrees of freedom, from the shares of
		 * the variance (ra + rb = 1): no square underflows to 0/0.
		 */
		ra = va / se2;
		rb = vb / se2;
		w->df = 1.0 / (ra * ra / (a->n - 1) + rb * rb / (b->n - 1));
		/* GSL's error handler is off (rpt_stats_init): check instead. */
		w->p = 2.0 * gsl_cdf_tdist_Q(fabs(w->t), w->df);
	}
	if (!isfinite(w->t) && w->p != 0.0)
		return RPT_SIG_UNDEF;
	if (!(w->p >= 0.0 && w->p <= 1.0)) {
		w->p = NAN;
		return RPT_SIG_UNDEF;
	}
	return w->p < RPT_ALPHA ? RPT_SIG_YES : RPT_SIG_NO;
}

int rpt_ratio_of_medians(const struct rpt_stats *num,
			 const struct rpt_stats *den, struct rpt_ratio *out)
{
	out->r = out->lo = out->hi = out->level = NAN;
	if (!num->n || !den->n || !(den->median > 0.0))
		return -1;
	out->r = num->median / den->median;
	if (isnan(num->ci_lo) || isnan(den->ci_lo) || !(den->ci_lo > 0.0) ||
	    num->ci_lo < 0.0)
		return 1;
	/* Covers whenever both intervals cover: level >= the product. */
	out->lo = num->ci_lo / den->ci_hi;
	out->hi = num->ci_hi / den->ci_lo;
	out->level = num->ci_level * den->ci_level;
	return 0;
}
