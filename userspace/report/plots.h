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
#define RPT_PANEL_SERIES	6	/* more lines than this: more panels */

/*
 * One plot per workload, drawn as its registry row's plot says
 * (PMB_PLOT_*): time per object against count, time of the whole set
 * against the pages it spans, or bytes per object against count; a panel
 * per object size.  The workloads of PMB_PLOT_SET_PAGES share one plot
 * (protect and unprotect: the flip and its way back).
 */
#define RPT_MAX_PLOTS		RPT_NR_WORKLOADS

struct rpt_plot_note {
	char name[48];		/* file stem under plots/: "alloc-cost" */
	char what[160];		/* "alloc: ns per object against count, ..." */
	bool drawn;
	char title[768];	/* the plot's full title */
	char note[512];		/* why it was skipped, or what to know */
};

enum rpt_plot_mode {
	RPT_PLOTS_NONE,		/* decide and note only (--no-plots) */
	RPT_PLOTS_DRAW,		/* .dat, .gp, and gnuplot draws them */
	RPT_PLOTS_SCRIPTS,	/* .dat and .gp only, as if gnuplot were absent */
};

/*
 * Write plots/ under @outdir (a directory the caller resolved) and draw
 * every plot that has data; @notes (RPT_MAX_PLOTS of them) gets one note
 * per plot the registry's workloads make, *@nr_notes of them.  gnuplot is
 * $PMB_GNUPLOT or "gnuplot".  Files are created afresh inside plots/,
 * never through a link (rpt_create()).  Every ok job with the plot's
 * figures is one data line of a .dat: none is merged or dropped.
 * Returns 0; 1 when gnuplot could not be started (the notes say so, the
 * .gp and .dat files are there, @err has the warning); -1 with @err set
 * when a file cannot be written or gnuplot failed.
 */
int rpt_plots_write(const struct rpt_run *run, const char *outdir,
		    enum rpt_plot_mode mode, struct rpt_plot_note *notes,
		    size_t *nr_notes, char *err, size_t len);

/*
 * gnuplot on NAME.gp in directory @dfd (@dir for messages), then check that
 * NAME.png and NAME.svg came out: 0; 1 when gnuplot could not be started;
 * -1 when it failed.  @err says why.  For plots made elsewhere (the
 * kernel matrix's, compare.c).
 */
int rpt_gnuplot_draw(int dfd, const char *dir, const char *name, char *err,
		     size_t len);

/* The colour of a backend in every plot: its registry index's, or grey. */
const char *rpt_backend_colour(const char *backend);

#endif /* PMB_REPORT_PLOTS_H */
