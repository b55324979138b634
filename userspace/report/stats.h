/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample statistics of the report tool, on top of GSL: location and spread,
 * an order-statistic confidence interval of the median, the interval of a
 * ratio of two medians, and the Mann-Whitney U test.
 */
#ifndef PMB_REPORT_STATS_H
#define PMB_REPORT_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define RPT_CI_LEVEL	0.95	/* coverage asked of every interval */
#define RPT_MIN_N	3	/* fewer samples: no interval */
/*
 * Coverage asked of each median's interval inside a ratio: sqrt(0.95), so
 * that the ratio's interval, which holds whenever both do, covers 95%.
 */
#define RPT_SIDE_LEVEL	0.97467943448089633
/* Mann-Whitney U: exact distribution up to this many samples a side. */
#define RPT_MWU_EXACT_MAX	30

/* Figures of one sample set; NaN where a figure is undefined for n. */
struct rpt_stats {
	size_t n;
	double median, min, max, mean;
	double stddev;		/* n - 1 denominator; NaN for n < 2 */
	double cov;		/* stddev / mean; NaN when undefined */
	double ci_lo, ci_hi;	/* interval of the median; NaN for n < RPT_MIN_N */
	double ci_level;	/* coverage [ci_lo, ci_hi] really has */
	/* The same at RPT_SIDE_LEVEL: the side of a ratio or a comparison. */
	double side_lo, side_hi, side_level;
};

/*
 * Turn GSL's default error handler (abort()) off for the whole program:
 * its functions then return an error or NaN, which callers check.  Every
 * program using these functions calls it first.
 */
void rpt_stats_init(void);

/* Fill @st from @n values (any order; @x is not modified). -1 when n == 0. */
int rpt_stats_compute(const double *x, size_t n, struct rpt_stats *st);

/*
 * 0-based ranks [*lo, *hi] of the sorted sample that bound the median with
 * coverage >= @level (binomial order statistics), the narrowest such pair.
 * Returns 0 when @level is reached, 1 when even [min, max] falls short
 * (small n: *achieved tells how far), -1 for n < RPT_MIN_N.
 */
int rpt_median_ci_ranks(size_t n, double level, size_t *lo, size_t *hi,
			double *achieved);

struct rpt_ratio {
	double r;		/* median(num) / median(den) */
	double lo, hi;		/* NaN when there is no interval */
	double level;		/* lower bound of the interval's coverage */
};

/*
 * Ratio of medians with the interval [lo(num)/hi(den), hi(num)/lo(den)]
 * from the medians' side_lo, side_hi: it holds the true ratio whenever
 * both hold their medians, so its coverage is at least the product of
 * their levels (95% from 7 samples a side).  Returns 0 with an interval,
 * 1 with the ratio only (a side lacks an interval, or den's interval
 * reaches 0), -1 when the ratio is undefined.
 */
int rpt_ratio_of_medians(const struct rpt_stats *num,
			 const struct rpt_stats *den, struct rpt_ratio *out);

struct rpt_mwu {
	double u;		/* pairs (a, b) with a > b, ties counted 1/2 */
	double p;		/* two-sided */
	bool exact;		/* p from the exact distribution of U */
};

/*
 * Mann-Whitney U test of @a against @b: exact p when neither sample has
 * more than RPT_MWU_EXACT_MAX values and there are no ties, else the
 * normal approximation with tie and continuity corrections.  -1 (p NaN)
 * when a sample is empty, -ENOMEM.
 */
int rpt_mann_whitney(const double *a, size_t na, const double *b, size_t nb,
		     struct rpt_mwu *out);

#endif /* PMB_REPORT_STATS_H */
