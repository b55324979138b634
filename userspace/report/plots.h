/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plots through gnuplot: for each plot a data file (.dat) and a script
 * (.gp) next to the images, so that anyone can re-style and re-run them
 * with `gnuplot NAME.gp` inside plots/.
 */
#ifndef PMB_REPORT_PLOTS_H
#define PMB_REPORT_PLOTS_H

#include <stdbool.h>

#include "run.h"

#define RPT_PAGE_SIZE		4096	/* x86-64 base page */
#define RPT_TLB_ASSUMED		1536	/* 4 KiB entries of a common x86 L2 STLB */

struct rpt_plot_note {
	const char *name;	/* file stem under plots/ */
	const char *what;	/* "alloc cost vs object size" */
	bool drawn;
	char title[768];	/* the plot's full title */
	char note[512];		/* why it was skipped, or what to know */
};

enum { RPT_PLOT_ALLOC, RPT_PLOT_PROTECT, RPT_PLOT_READ, RPT_PLOT_FOOTPRINT,
       RPT_NR_PLOTS };

enum rpt_plot_mode {
	RPT_PLOTS_NONE,		/* decide and note only (--no-plots) */
	RPT_PLOTS_DRAW,		/* .dat, .gp, and gnuplot draws them */
	RPT_PLOTS_SCRIPTS,	/* .dat and .gp only, as if gnuplot were absent */
};

/*
 * Write plots/ under @outdir (a directory the caller resolved) and draw
 * every plot that has data.  gnuplot is $PMB_GNUPLOT or "gnuplot".  Files
 * are created afresh inside plots/, never through a link (rpt_create()).
 * Returns 0; 1 when gnuplot could not be started (the notes say so, the
 * .gp and .dat files are there, @err has the warning); -1 with @err set
 * when a file cannot be written or gnuplot failed.
 */
int rpt_plots_write(const struct rpt_run *run, const char *outdir,
		    enum rpt_plot_mode mode,
		    struct rpt_plot_note notes[RPT_NR_PLOTS], char *err,
		    size_t len);

#endif /* PMB_REPORT_PLOTS_H */
