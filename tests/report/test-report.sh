#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# pmbench-report end to end on the committed fixtures; TAP on stdout.
#   PMB_REPORT    the tool (default $PMB_TOP_BUILDDIR/userspace/report/pmbench-report,
#                 PMB_TOP_BUILDDIR as tests/run-tests sets it, else the current directory)
#   PMB_FIXTURES  the fixtures (default: tests/fixtures next to this script)
#   PMB_GNUPLOT   the gnuplot the tool runs; plot checks are skipped, and
#                 say so, when it cannot be found
# The golden file is the headline of tests/fixtures/run-small.  To bless a
# deliberate change: pmbench-report --no-plots --out /tmp/h tests/fixtures/run-small
# && cp /tmp/h/headline.md tests/fixtures/run-small.headline.md, and read the diff.
set -u

here=$(cd "$(dirname "$0")" && pwd)
fixtures=${PMB_FIXTURES:-$here/../fixtures}
tool=${PMB_REPORT:-${PMB_TOP_BUILDDIR:-.}/userspace/report/pmbench-report}
gnuplot=${PMB_GNUPLOT:-gnuplot}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pmb-report-sh.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

. "$here/../tap.sh"
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	desc=$1; shift
	if "$@" >"$tmp/check.out" 2>&1; then ok "$desc"
	else not_ok "$desc" "$(head -c 2000 "$tmp/check.out")"; fi
}
# run_tool NAME ARGS...: exit status in $rc, output in $tmp/NAME.{stdout,stderr}.
run_tool() {
	name=$1; shift
	"$tool" "$@" >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
	rc=$?
}
# csv_field FILE ROW-PATTERN COLUMN: the column (by header name) of the first row matching.
csv_field() {
	awk -F, -v pat="$2" -v col="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		$0 ~ pat { print $c; exit }' "$1"
}
png_magic() { [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ]; }

if [ ! -x "$tool" ]; then
	echo "1..0 # SKIP"
	echo "Bail out! no executable pmbench-report at '$tool' (set PMB_REPORT)"
	exit 99
fi
have_gnuplot=no
command -v "$gnuplot" >/dev/null 2>&1 && have_gnuplot=yes

small=$fixtures/run-small
out=$tmp/small

# 1. The report of the small fixture.
if [ $have_gnuplot = yes ]; then
	run_tool small --out "$out" "$small"
else
	run_tool small --no-plots --out "$out" "$small"
fi
if [ $rc -eq 0 ]; then ok "report of run-small exits 0"
else not_ok "report of run-small exits 0" "exit $rc" "$(cat "$tmp/small.stderr")"; fi

# 2. The headline against the golden file.
if diff -u "$fixtures/run-small.headline.md" "$out/headline.md" >"$tmp/golden.diff" 2>&1; then
	ok "headline.md matches the golden run-small.headline.md"
else
	not_ok "headline.md matches the golden run-small.headline.md" "$(cat "$tmp/golden.diff")"
fi

for f in report.md summary.csv headline.csv; do
	check "$f is written and not empty" test -s "$out/$f"
done
check "summary.csv has a header and one row per job (17)" \
	test "$(wc -l <"$out/summary.csv")" -eq 18
check "kmalloc protect is 'unsupported' in summary.csv, not a number" \
	test "$(csv_field "$out/summary.csv" 'kmalloc,protect,' ns_per_op_median)" = unsupported
check "kmalloc protect is 'unsupported' in the headline" \
	grep -q '^| protect | 4 KiB | 256 | .* | unsupported | .* | unsupported |$' "$out/headline.md"
check "null counters are 'n/a' in summary.csv, not 0" \
	test "$(csv_field "$out/summary.csv" 'vmalloc,alloc,64,' counters.cycles_median)" = n/a
check "a measured 0 counter stays 0" \
	test "$(csv_field "$out/summary.csv" 'vmalloc,alloc,64,' counters.page-faults_median)" = 0
check "report.md names its source in the titles" \
	grep -q "^## Per-job statistics — VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection pte (pmbench's own batched flush, not Stoppa's design: one TLB flush for the whole set)\$" "$out/report.md"
check "report.md says whose each protection method is, from the registry" \
	grep -q "^- Protection methods (.*\`cpa\`: set_memory_ro() per area, Stoppa's design: .*; \`pte\`: pmbench's own batched flush, not Stoppa's design: " "$out/report.md"
check "run-small says \"pmalloc\" (the alias): shown as pmalloc-genalloc, never as pmalloc" \
	sh -c "grep -q '^## pmalloc-genalloc relative to vmalloc and kmalloc — ' '$out/headline.md' && grep -q '^| pmalloc-genalloc alloc 64 B' '$out/report.md' && ! cat '$out/report.md' '$out/headline.md' '$out/summary.csv' '$out/headline.csv' | grep -v 'Stoppa.s pmalloc' | grep -Eq 'pmalloc([^-_]|_[^g]|\$)'"
check "report.md explains its statistics" grep -q '^## Method' "$out/report.md"
# Every backend side by side: one column per backend, a job's median, its
# status where it has none, a dash where the run has no such job.
sed -n '/^## Every backend side by side/,/^## Per-job/p' "$out/report.md" >"$tmp/side.md"
check "side by side: one column per backend of the run" \
	grep -qx '| work | kmalloc | vmalloc | pmalloc-genalloc |' "$tmp/side.md"
check "side by side: a median, or 'unsupported' from the registry" \
	grep -qx '| protect 4 KiB × 256 (pte) | unsupported | 2.91 ms | 413 µs |' "$tmp/side.md"
check "side by side: '—' where the run has no such job" \
	grep -qx '| unprotect 4 KiB × 256 (pte) | — | — | 399 µs |' "$tmp/side.md"
check "side by side: footprint in bytes, one row per piece of work" \
	test "$(grep -cx '| footprint 64 B × 1024 | 64.0 KiB | 4.00 MiB | 68.0 KiB |' "$tmp/side.md")" = 1
# partitions= in the published reference run: one partition in the row of
# the work, each larger N a row of its own with the other backends '—'.
pubref=$here/../../results/20261202-184205-vm-icount-default
run_tool pubref --no-plots --out "$tmp/pubref" "$pubref"
sed -n '/^## Every backend side by side/,/^## Per-job/p' "$tmp/pubref/report.md" >"$tmp/side-pub.md"
check "side by side, reference run: kmalloc-part's one partition in the work's row" \
	grep -qx '| alloc 64 B × 4096 | 273 ns | 3.28 µs | 454 ns | 134 ns | 134 ns | unsupported | 233 ns | 118 ns | 2.36 µs | 3.24 µs |' "$tmp/side-pub.md"
check "side by side, reference run: 16 partitions, a row of its own" \
	grep -qx '| alloc, 16 partitions 64 B × 4096 | — | — | — | — | — | — | 240 ns | — | — | — |' "$tmp/side-pub.md"
# The userspace twin's names belong to its runs only: a module run's report
# lists none of its protection methods or own workloads (not even as a plot
# not drawn).
check "a module run's CSVs have no twin column (threads, torn_reads)" \
	sh -c "! head -qn1 '$out/summary.csv' '$out/headline.csv' | grep -Eq ',(threads|torn_reads)(,|\$)'"
check "a module run's report lists no twin method or workload" \
	sh -c "! grep -Eq '^- Protection methods .*\`(mprotect|mseal)\`|read_during_writes' '$out/report.md'"

# 3. Plots: PNG magic bytes, non-empty SVG, the script and data beside them.
if [ $have_gnuplot = yes ]; then
	for p in alloc-cost protect-cost read-cost footprint; do
		check "plot $p.png is a PNG" png_magic "$out/plots/$p.png"
		check "plot $p.svg is a non-empty SVG" grep -q '<svg' "$out/plots/$p.svg"
		check "plot $p keeps its .gp and .dat" test -s "$out/plots/$p.gp" -a -s "$out/plots/$p.dat"
	done
	check "plot titles: the registry's description, then target, kernel, CPU, then the method and whose it is" \
		grep -q "set multiplot title 'alloc: allocating count objects, per object' . \"\\\\n\" . 'VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+' . \"\\\\n\" . 'protection pte (pmbench’s own batched flush, not Stoppa’s design: one TLB flush for the whole set)'" \
		"$out/plots/alloc-cost.gp"
	check "the read plot's note gives the TLB reach and says it is assumed" \
		grep -q "as the TLB has entries, 1536 (6.00 MiB), assumed" "$out/report.md"

	# A run with alloc jobs only (like a quick suite): no empty plots.
	mkdir -p "$tmp/alloc-only"
	cp "$small/env.json" "$tmp/alloc-only/"
	grep '"workload":"alloc"' "$small/results.jsonl" >"$tmp/alloc-only/results.jsonl"
	run_tool alloc-only --out "$tmp/alloc-only.out" "$tmp/alloc-only"
	check "alloc-only run: exits 0" test $rc -eq 0
	check "alloc-only run: the alloc plot is drawn" png_magic "$tmp/alloc-only.out/plots/alloc-cost.png"
	check "alloc-only run: no protect plot is drawn" \
		test -d "$tmp/alloc-only.out/plots" -a ! -e "$tmp/alloc-only.out/plots/protect-cost.png"
	check "alloc-only run: report.md says why" \
		grep -q '^- protect, unprotect: ns for the whole set against the pages it spans, per object size: not drawn: this run has no protect or unprotect jobs with data.$' \
		"$tmp/alloc-only.out/report.md"
else
	skip "plots are PNG and SVG" "no gnuplot ('$gnuplot' not found)"
fi

# Without gnuplot: the report still comes, without images, and says so.
# A first report (with images where gnuplot exists) leaves files behind
# that the second one must not pass off as its own.
run_tool earlier --out "$tmp/nognuplot" "$small"
PMB_GNUPLOT=$tmp/no-such-gnuplot "$tool" --out "$tmp/nognuplot" "$small" \
	>"$tmp/nognuplot.stdout" 2>"$tmp/nognuplot.stderr"
rc=$?
check "without gnuplot: exits 0" test $rc -eq 0
check "without gnuplot: warns on stderr" grep -q 'warning: cannot run .*no-such-gnuplot' "$tmp/nognuplot.stderr"
check "without gnuplot: report.md says how to draw later" \
	grep -q 'not drawn: gnuplot could not be run; `cd plots && gnuplot read-cost.gp` draws it' "$tmp/nognuplot/report.md"
check "without gnuplot: no stale image, the script stays" \
	test ! -e "$tmp/nognuplot/plots/read-cost.png" -a -s "$tmp/nognuplot/plots/read-cost.gp"

# 4. --no-plots.
run_tool noplots --no-plots --out "$tmp/noplots" "$small"
check "--no-plots exits 0" test $rc -eq 0
check "--no-plots draws nothing" test ! -e "$tmp/noplots/plots"
check "--no-plots says so in report.md" grep -q 'plots were turned off (--no-plots)' "$tmp/noplots/report.md"

# 5. Comparisons.
run_tool mixed --compare --out "$tmp/mixed" "$small" "$fixtures/run-host"
if [ $rc -eq 2 ]; then ok "comparing vm-tcg with host is refused with exit 2"
else not_ok "comparing vm-tcg with host is refused with exit 2" "exit $rc"; fi
check "the refusal says why" grep -q 'refusing to compare runs from different targets: baseline run-small is vm-tcg, candidate run-host is host' "$tmp/mixed.stderr"
check "a refused comparison writes nothing" test ! -e "$tmp/mixed/compare.md"
run_tool allowed --compare --allow-mixed-targets --out "$tmp/allowed" "$small" "$fixtures/run-host"
check "--allow-mixed-targets compares anyway" test $rc -eq 0
check "and the comparison says the targets are mixed" grep -q '^\*\*Mixed targets\*\*' "$tmp/allowed/compare.md"
run_tool self --compare --out "$tmp/self" "$small" "$small"
check "a run against itself: exits 0" test $rc -eq 0
check "a run against itself: compare.csv has one row per job" test "$(wc -l <"$tmp/self/compare.csv")" -eq 18
check "a run against itself: every job agrees" \
	grep -q '^\*\*16 of 16 jobs agree\*\* (100.0%)' "$tmp/self/compare.md"
check "a run against itself: no job differs" sh -c "! grep -q '\*\*differ\*\* |' '$tmp/self/compare.md'"
check "a run against itself: no warning" test ! -s "$tmp/self.stderr"
check "a run against itself: says it measures nothing" \
	grep -q '^Both sides are the same run' "$tmp/self/compare.md"
# A second run of the same setup in which kmalloc alloc (two jobs) took 1.5 times as
# long: those jobs differ, the others agree, and the run-to-run line says so.
mkdir -p "$tmp/rerun"
sed 's|"started": "[^"]*"|"started": "2025-11-24T10:00:00Z"|' "$small/env.json" >"$tmp/rerun/env.json"
awk '/"backend":"kmalloc","workload":"alloc"/ {
	match($0, /"ns_per_op":[0-9.]+/); v = substr($0, RSTART + 12, RLENGTH - 12)
	$0 = substr($0, 1, RSTART + 11) (v * 1.5) substr($0, RSTART + RLENGTH) } { print }' \
	"$small/results.jsonl" >"$tmp/rerun/results.jsonl"
run_tool rerun --compare --out "$tmp/rerun.out" "$small" "$tmp/rerun"
check "a rerun: exits 0 without a warning" test $rc -eq 0 -a ! -s "$tmp/rerun.stderr"
check "a rerun: 14 of 16 jobs agree" grep -q '^\*\*14 of 16 jobs agree\*\* (87.5%)' "$tmp/rerun.out/compare.md"
check "a rerun: it is run-to-run variation" grep -q '^Both runs have the same target' "$tmp/rerun.out/compare.md"
check "a rerun: the job that moved is listed" \
	grep -q '^- kmalloc alloc 64 B × 1024, ns/op: 1.50 \[' "$tmp/rerun.out/compare.md"
check "a rerun: compare.csv says agree = no for it" \
	test "$(csv_field "$tmp/rerun.out/compare.csv" '^vm-tcg,vm-tcg,kmalloc,alloc,64,' agree)" = no
# Another kernel and suite revision: said on stderr, in compare.md and
# in every compare.csv row, the jobs still paired.
mkdir -p "$tmp/other-setup"
cp "$small/results.jsonl" "$tmp/other-setup/"
sed -e 's|"kernel": "6.1.0-56-amd64"|"kernel": "6.12.0"|' \
	-e 's|"suite_revision": "[^"]*"|"suite_revision": "v0.2"|' "$small/env.json" >"$tmp/other-setup/env.json"
run_tool setup --compare --out "$tmp/setup" "$small" "$tmp/other-setup"
check "another kernel and revision: exits 0" test $rc -eq 0
check "another kernel and revision: warns on stderr" \
	grep -q 'warning: the runs differ in kernel, suite revision' "$tmp/setup.stderr"
check "another kernel and revision: compare.md says so" \
	grep -q '^\*\*Not two runs of one setup\*\*: the runs differ in kernel, suite revision' "$tmp/setup/compare.md"
check "another kernel and revision: every compare.csv row says so" \
	test "$(grep -c ',"kernel, suite revision",n/a,n/a$' "$tmp/setup/compare.csv")" -eq 17
# The kernel matrix: the baseline and two kernels, one of which made kmalloc
# alloc 1.5 times dearer (the rerun above, on another kernel).
mkdir -p "$tmp/k612" "$tmp/k612rt"
sed 's|"kernel": "6.1.0-56-amd64"|"kernel": "6.12.0-amd64"|' "$small/env.json" >"$tmp/k612/env.json"
cp "$small/results.jsonl" "$tmp/k612/"
sed 's|"kernel": "6.1.0-56-amd64"|"kernel": "6.12.0-rt-amd64"|' "$tmp/rerun/env.json" >"$tmp/k612rt/env.json"
cp "$tmp/rerun/results.jsonl" "$tmp/k612rt/"
run_tool matrix --compare --out "$tmp/matrix" "$small" "$tmp/k612" "$tmp/k612rt"
check "kernel matrix: exits 0, no warning for runs that differ in kernel only" \
	test $rc -eq 0 -a ! -s "$tmp/matrix.stderr"
check "kernel matrix: a detailed comparison per candidate, and the matrix" \
	test -s "$tmp/matrix/compare-k612.md" -a -s "$tmp/matrix/compare-k612rt.csv" -a -s "$tmp/matrix/matrix.md"
check "kernel matrix: columns named by kernel, the first the baseline" \
	grep -q '^| | 6.1.0-56-amd64 (baseline) | 6.12.0-amd64 | 6.12.0-rt-amd64 |$' "$tmp/matrix/matrix.md"
check "kernel matrix: the moved job is 'value (+50.00%) *' on its kernel only" \
	grep -q '^| kmalloc alloc 64 B × 1024 | 150.40 | 150.40 (+0.00%) | 225.60 (+50.00%) \* |$' "$tmp/matrix/matrix.md"
check "kernel matrix: the summary counts it" \
	grep -q '^- \*\*6.12.0-rt-amd64\*\*: of 16 jobs with an interval on both sides, 2 significantly dearer' "$tmp/matrix/matrix.md"
check "kernel matrix: matrix.csv has one row per job" test "$(wc -l <"$tmp/matrix/matrix.csv")" -eq 18
check "kernel matrix: matrix.csv marks it significant, and the cell as printed" \
	grep -q '^vm-tcg,kmalloc,alloc,64,1024,.*,225.60 (+50.00%) \*,225.6,50,1.5,.*,yes,' "$tmp/matrix/matrix.csv"
# '*' in a cell exactly where matrix.csv says significant = yes.
check "kernel matrix: every '*' is a significant = yes" \
	test "$(grep -c ' \* |' "$tmp/matrix/matrix.md")" -eq "$(grep -o ',yes,' "$tmp/matrix/matrix.csv" | wc -l)"
if [ $have_gnuplot = yes ]; then
	check "kernel matrix: a plot per workload, one line per kernel" \
		sh -c "png_magic() { [ \"\$(od -An -tx1 -N8 \"\$1\" | tr -d ' \n')\" = 89504e470d0a1a0a ]; }; png_magic '$tmp/matrix/plots/matrix-alloc.png' && test \$(grep -c 'with linespoints' '$tmp/matrix/plots/matrix-alloc.gp') -eq 3"
else
	skip "kernel matrix: plots" "no gnuplot"
fi
run_tool matrix-many --compare --out "$tmp/matrix-many" $(for i in $(seq 17); do echo "$small"; done)
check "kernel matrix: 17 runs are refused (exit 4)" test $rc -eq 4
# One verdict per cell: '*' exactly where the printed [lo, hi] excludes 1.
marks_agree() {
	awk -F'|' '/^\| / && !/^\| (---|workload)/ {
		for (i = 8; i <= 9; i++) {
			c = $i
			if (c !~ /\[/) { if (c ~ /\*/) { print "mark without interval: " $0; bad = 1 }; continue }
			lo = c; sub(/.*\[/, "", lo); sub(/,.*/, "", lo)
			hi = c; sub(/.*, /, "", hi); sub(/\].*/, "", hi)
			star = c ~ /\] \*/
			if (star != (lo + 0 > 1 || hi + 0 < 1)) { print "mark and interval disagree: " c; bad = 1 }
		}
	} END { exit bad }' "$@"
}
check "headline: every '*' agrees with its printed interval" marks_agree "$out/headline.md"

# 6. What the registry decides: which backends are compared, the plots'
# jobs and styles, the columns newer results add.
# dat_points DIR: data lines (one per job) of the .dat files in DIR.
dat_points() { cat "$1"/*.dat | grep -vc '^#\|^$'; }
# ok_jobs CSV: jobs of a summary.csv with status ok.
ok_jobs() { awk -F, 'NR > 1' "$1" | grep -c ',ok,'; }
# panels_small GP...: every panel's plot command draws at most six lines.
panels_small() {
	awk '/^\tplot \047/ { n = gsub(/ index /, "&"); if (n > 6) { print FILENAME ": " n " lines"; bad = 1 } }
		END { exit bad }' "$@"
}
# no_negative_zero FILE...: no printed "-0", "-0.00" (a name or a date aside).
no_negative_zero() { ! grep -E '(^|[^0-9A-Za-z._-])-0(\.0+)?([^0-9.]|$)' "$@"; }

if [ -d "$out/plots" ]; then
	check "run-small: a data line per job in the plots (16 ok jobs)" \
		test "$(dat_points "$out/plots")" -eq "$(ok_jobs "$out/summary.csv")" -a \
		"$(ok_jobs "$out/summary.csv")" -eq 16
else
	skip "run-small: a data line per job in the plots" "no gnuplot ('$gnuplot' not found)"
fi
check "run-small: no negative zero in any table" no_negative_zero "$out"/*.md "$out"/*.csv
ref=$fixtures/run-ref-20261123	# the reference run of 2026-11-23, kept as old-format results
if [ -d "$ref" ]; then
	if [ $have_gnuplot = yes ]; then
		run_tool ref --out "$tmp/ref" "$ref"
	else
		PMB_GNUPLOT=$tmp/no-such-gnuplot run_tool ref --out "$tmp/ref" "$ref"
	fi
	check "the reference run (old results) loads and renders" test $rc -eq 0 -a -s "$tmp/ref/report.md"
	check "reference run: a data line per ok job in the plots (208)" \
		test "$(dat_points "$tmp/ref/plots")" -eq 208 -a "$(ok_jobs "$tmp/ref/summary.csv")" -eq 208
	check "reference run: at most six lines a panel" panels_small "$tmp/ref/plots"/*.gp
	check "reference run: the key is a plot of its own, below the panels" \
		grep -q "set key at screen 0.5" "$tmp/ref/plots/footprint.gp"
	check "reference run: protect-cost has a panel per object size" \
		test "$(grep -c "^	set title '[0-9]* [KM]*i*B objects' noenhanced" "$tmp/ref/plots/protect-cost.gp")" -eq 2
	check "reference run: the read panels mark the TLB reach from env.json" \
		grep -q "set label 'TLB reach: vmalloc' at 1024," "$tmp/ref/plots/read-cost.gp"
	check "reference run: headline.csv keeps its columns, pmalloc as pmalloc_genalloc" \
		test "$(head -n 1 "$tmp/ref/headline.csv")" = "target,kernel,cpu_model,workload,size,count,pattern,protected,protect_method,online_cpus,unit,pmalloc_genalloc_median,pmalloc_genalloc_n,vmalloc_median,vmalloc_n,kmalloc_median,kmalloc_n,pmalloc_genalloc_vs_vmalloc,pmalloc_genalloc_vs_vmalloc_lo,pmalloc_genalloc_vs_vmalloc_hi,pmalloc_genalloc_vs_vmalloc_level,pmalloc_genalloc_vs_vmalloc_differs,pmalloc_genalloc_vs_vmalloc_mwu_p,pmalloc_genalloc_vs_kmalloc,pmalloc_genalloc_vs_kmalloc_lo,pmalloc_genalloc_vs_kmalloc_hi,pmalloc_genalloc_vs_kmalloc_level,pmalloc_genalloc_vs_kmalloc_differs,pmalloc_genalloc_vs_kmalloc_mwu_p,pmalloc_genalloc_vs_vmalloc_busy,pmalloc_genalloc_vs_kmalloc_busy"
	# Written before host_load existed: no line has it.
	check "reference run: host load not recorded, said once, nothing marked" \
		sh -c "grep -q '^Host load: not recorded' '$tmp/ref/report.md' && ! grep -q '^~: ' '$tmp/ref/report.md' '$tmp/ref/headline.md' && ! grep -q ' ~ |' '$tmp/ref/report.md'"
	check "reference run: summary.csv's host_load columns say n/a" \
		test "$(awk -F, 'NR > 1 { print $(NF - 4) "," $(NF - 3) "," $(NF - 2) }' "$tmp/ref/summary.csv" | sort -u)" = "n/a,n/a,n/a"
	check "reference run: destroy is a protection job, kmalloc's protect is not" \
		sh -c "grep -q '^| pmalloc-genalloc destroy 4 KiB × 16 (cpa) | 16 |' '$tmp/ref/report.md' && ! sed -n '/^## Protection/,/^## Footprint/p' '$tmp/ref/report.md' | grep -q '^| kmalloc'"
	check "reference run: no negative zero" no_negative_zero "$tmp/ref"/*.md "$tmp/ref"/*.csv
else
	skip "the reference run renders" "no $ref"
fi

# Newer results: metadata_bytes, va_bytes, flips, and a backend this build
# does not know (tests/fixtures/run-figures).
figures=$fixtures/run-figures
PMB_GNUPLOT=$tmp/no-such-gnuplot run_tool figures --out "$tmp/figures" "$figures"
check "newer results: the report is written" test $rc -eq 0
check "newer results: metadata and address space columns, blank where not measured" \
	sh -c "grep -q '^| job | requested | consumed | overhead | metadata | address space | pages | vmalloc areas |$' '$tmp/figures/report.md' && grep -q '^| kmalloc footprint 64 B × 1024 | 64.0 KiB | 64.0 KiB | +0.00% |  |  | 16 | n/a |$' '$tmp/figures/report.md'"
check "newer results: protection calls where measured" \
	grep -q '^| pmalloc-genalloc protect 64 B × 32 (pte) | 1 | 1 | 1 | yes | no | n/a |$' "$tmp/figures/report.md"
check "newer results: summary.csv has the new figures, n/a where absent" \
	test "$(csv_field "$tmp/figures/summary.csv" 'pmalloc-genalloc,footprint,' metadata_bytes_median)" = 640 -a \
	"$(csv_field "$tmp/figures/summary.csv" 'kmalloc,footprint,' metadata_bytes_median)" = n/a
check "a backend this build does not know is shown" \
	grep -q '^| pmalloc_next | not in this build |' "$tmp/figures/report.md"
check "and drawn, grey" grep -q "index [0-9]* using 1:2:3:4 with yerrorlines lc rgb '#999999'" "$tmp/figures/plots/alloc-cost.gp"
check "and in no default comparison" sh -c "! grep -q pmalloc_next '$tmp/figures/headline.md'"
check "two jobs at the same x both stay in the data" \
	test "$(grep -c '^1 64000 ' "$tmp/figures/plots/protect-cost.dat")" -eq 2
check "newer results: a data line per ok job in the plots" \
	test "$(dat_points "$tmp/figures/plots")" -eq "$(ok_jobs "$tmp/figures/summary.csv")"

# The question: --subject, --against.
run_tool question --no-plots --subject vmalloc --against kmalloc --out "$tmp/question" "$small"
check "--subject vmalloc --against kmalloc: exits 0" test $rc -eq 0
check "and the headline holds vmalloc against kmalloc" \
	grep -q '^## vmalloc relative to kmalloc — ' "$tmp/question/headline.md"
check "and headline.csv names its ratio columns after them" \
	grep -q ',vmalloc_vs_kmalloc,vmalloc_vs_kmalloc_lo,' "$tmp/question/headline.csv"
run_tool two --no-plots --subject pmalloc_next,pmalloc --out "$tmp/two" "$figures"
check "two subjects: a table each" \
	test "$(grep -c '^## pmalloc.* relative to vmalloc and kmalloc — ' "$tmp/two/headline.md")" -eq 2
run_tool badname --no-plots --subject slab "$small"
check "an unknown --subject name: exit 4" test $rc -eq 4
check "and one line that says why" \
	sh -c "test \$(wc -l <'$tmp/badname.stderr') -eq 1 && grep -q \"^pmbench-report: --subject: 'slab' is not a backend of this build (kmalloc, vmalloc, pmalloc-genalloc[,)].* nor of the run\$\" '$tmp/badname.stderr'"
run_tool alias --no-plots --subject pmalloc --against vmalloc --out "$tmp/alias" "$small"
check "--subject pmalloc (the alias) asks for pmalloc-genalloc" \
	sh -c "test $rc -eq 0 && grep -q '^## pmalloc-genalloc relative to vmalloc — ' '$tmp/alias/headline.md' && grep -q ',pmalloc_genalloc_vs_vmalloc,' '$tmp/alias/headline.csv'"
run_tool both --no-plots --subject pmalloc --against pmalloc "$small"
check "a name on both sides: exit 4" test $rc -eq 4
run_tool cmpq --compare --subject pmalloc "$small" "$small"
check "--subject with --compare: exit 4" test $rc -eq 4

# 7. Errors and exit codes.
run_tool missing "$tmp/no-such-run"
check "a missing results directory exits 1" test $rc -eq 1
check "and names it" grep -q "no-such-run: No such file or directory" "$tmp/missing.stderr"
mkdir -p "$tmp/broken"
cp "$small/env.json" "$tmp/broken/"
{ head -n 1 "$small/results.jsonl"; echo '{"backend": "kmalloc",'; } >"$tmp/broken/results.jsonl"
run_tool broken --no-plots --out "$tmp/broken.out" "$tmp/broken"
check "a malformed results.jsonl exits 1" test $rc -eq 1
check "and points at the line" grep -q 'results.jsonl:2: not valid JSON: ' "$tmp/broken.stderr"
run_tool usage --compare "$small"
check "a bad command line exits 4" test $rc -eq 4

# 8. The default output directory: reports/<run-id> under the current one.
mkdir -p "$tmp/cwd"
case $tool in /*) abs_tool=$tool ;; *) abs_tool=$(pwd)/$tool ;; esac
(cd "$tmp/cwd" && "$abs_tool" --no-plots "$small" >/dev/null 2>&1)
check "without --out it writes reports/run-small/" test -s "$tmp/cwd/reports/run-small/report.md"

# 9. Hostile results folders: nothing from a results folder runs
# as a gnuplot command, lands outside the output folder, or aborts the tool.
# mkrun DIR LINE...: env.json of run-small, one results.jsonl line per LINE.
mkrun() {
	d=$1; shift
	mkdir -p "$d"
	cp "$small/env.json" "$d/"
	: >"$d/results.jsonl"
	for l in "$@"; do printf '%s\n' "$l" >>"$d/results.jsonl"; done
}
# alloc B SIZE NS...: one ok line per value of ns_per_op.
alloc() {
	b=$1 sz=$2; shift 2
	r=0
	for v in "$@"; do
		echo "{\"backend\":\"$b\",\"workload\":\"alloc\",\"size\":$sz,\"count\":4,\"repeat\":$r,\"status\":\"ok\",\"ns_per_op\":$v,\"bytes_consumed\":$v}"
		r=$((r + 1))
	done
}
# Every line of a gnuplot script closes each string it opens: an even
# number of quotes ('' inside a string counts twice), no control characters.
gp_strings_closed() {
	LC_ALL=C awk '{ n = gsub(/'\''/, "&"); if (n % 2) { print FILENAME ":" FNR ": " $0; bad = 1 } }
		/[\001-\010\013-\037\177]/ { print FILENAME ":" FNR ": control character"; bad = 1 }
		END { exit bad }' "$@"
}
# Data lines of a .dat are four numbers; anything else is a comment or blank.
dat_only_numbers() {
	awk '/^#/ || /^$/ { next }
		NF != 4 { print FILENAME ":" FNR ": " $0; bad = 1; next }
		{ for (i = 1; i <= 4; i++) if ($i !~ /^-?[0-9.]+(e[-+][0-9]+)?$/) { print FILENAME ":" FNR ": " $0; bad = 1 } }
		END { exit bad }' "$@"
}

mkdir -p "$tmp/pwn"
hostile="vmalloc\\nsystem(\\\"touch $tmp/pwn/BACKEND\\\")\\n#"
mkrun "$tmp/pwn-backend" $(alloc pmalloc 64 10 11 12) \
	"{\"backend\":\"$hostile\",\"workload\":\"alloc\",\"size\":64,\"count\":4,\"repeat\":0,\"status\":\"ok\",\"ns_per_op\":20}"
run_tool pwn-backend --out "$tmp/pwn-backend.out" "$tmp/pwn-backend"
check "a backend name with a newline is refused with exit 1" test $rc -eq 1
check "and the error names file, line and field" \
	grep -q "pwn-backend/results.jsonl:4: field 'backend' is not one line of text" "$tmp/pwn-backend.stderr"
mkrun "$tmp/pwn-name" $(alloc pmalloc 64 10 11 12) $(alloc "vmalloc')" 64 10 11 12)
run_tool pwn-name --out "$tmp/pwn-name.out" "$tmp/pwn-name"
check "a backend name that is not a name is refused" \
	grep -q "results.jsonl:4: field 'backend': unknown backend 'vmalloc')' is not a name" "$tmp/pwn-name.stderr"
mkrun "$tmp/pwn-kernel" $(alloc pmalloc 64 10 11 12)
sed -i "s|\"kernel\": \"6.1.0-56-amd64\"|\"kernel\": \"6.1'\\\\nsystem('touch $tmp/pwn/KERNEL')\\\\n#\"|" "$tmp/pwn-kernel/env.json"
run_tool pwn-kernel --out "$tmp/pwn-kernel.out" "$tmp/pwn-kernel"
check "a kernel string with a newline is refused with exit 1" test $rc -eq 1
check "and the error names env.json and the field" \
	grep -q "pwn-kernel/env.json: field 'kernel' is not one line of text" "$tmp/pwn-kernel.stderr"
# Quotes, pipes and gnuplot syntax that stay on one line are only text.
mkrun "$tmp/pwn-quotes" $(alloc pmalloc 64 10 11 12) $(alloc vmalloc 64 20 21 22)
sed -i -e "s|\"kernel\": \"6.1.0-56-amd64\"|\"kernel\": \"6.1'; system('touch $tmp/pwn/QUOTE'); x='\"|" \
	-e "s|\"cpu_model\": \"[^\"]*\"|\"cpu_model\": \"CPU \\| x \`id\` \$(id) '' ' \\\\\\\\\"|" "$tmp/pwn-quotes/env.json"
PMB_GNUPLOT=$tmp/no-such-gnuplot run_tool pwn-quotes --out "$tmp/pwn-quotes.out" "$tmp/pwn-quotes"
check "quotes in env.json strings: the report is written" test $rc -eq 0
check "every string in the .gp scripts is closed on its line" gp_strings_closed "$tmp/pwn-quotes.out"/plots/*.gp
check "the env.json strings reached the .gp, quotes as ’" \
	grep -q "6.1’; system(’touch .*’); x=’, CPU | x \`id\` \$(id) ’’ ’ " "$tmp/pwn-quotes.out/plots/alloc-cost.gp"
check "the .dat files hold numbers and comments only" dat_only_numbers "$tmp/pwn-quotes.out"/plots/*.dat
if [ $have_gnuplot = yes ]; then
	(cd "$tmp/pwn-quotes.out/plots" && "$gnuplot" alloc-cost.gp >/dev/null 2>&1)
	check "gnuplot runs the script" png_magic "$tmp/pwn-quotes.out/plots/alloc-cost.png"
else
	skip "gnuplot runs the script" "no gnuplot ('$gnuplot' not found)"
fi
check "no file was made by system() in any script" sh -c "! ls -A '$tmp/pwn' | grep -q ."

# Numbers: 1e78 used to abort in GSL (SIGABRT); now refused at load.
mkrun "$tmp/huge" $(alloc pmalloc 64 1e78 2e78 3e78) $(alloc vmalloc 64 4e78 5e78 6e78)
run_tool huge --out "$tmp/huge.out" "$tmp/huge"
check "ns_per_op 1e78: exit 1, not SIGABRT" test $rc -eq 1
check "and the error says which number" grep -q "results.jsonl:1: field 'ns_per_op' is 1e+78: outside" "$tmp/huge.stderr"
run_tool huge-cmp --compare --out "$tmp/huge-cmp.out" "$small" "$tmp/huge"
check "--compare with 1e78: exit 1, not SIGABRT" test $rc -eq 1
# The largest plausible numbers: the test runs, the cell is a number.
mkrun "$tmp/large" $(alloc pmalloc 64 1e17 2e17 3.5e17) $(alloc vmalloc 64 9e17 9.5e17 1e18)
run_tool large --no-plots --out "$tmp/large.out" "$tmp/large"
check "ns_per_op near 1e18: the report is written" test $rc -eq 0
check "and the headline ratio is a number with '*'" \
	grep -q '| alloc | 64 B | 4 | .* | 0\.2[0-9] \[0\.[0-9]*, 0\.[0-9]*\] \*' "$tmp/large.out/headline.md"
run_tool large-cmp --compare --out "$tmp/large-cmp.out" "$tmp/large" "$tmp/large"
check "--compare near 1e18: exit 0" test $rc -eq 0
check "and mwu_p is a number" \
	test "$(csv_field "$tmp/large-cmp.out/compare.csv" '^vm-tcg,vm-tcg,pmalloc' mwu_p)" = 1
# A denormal used to be halved to a log range [0:...] that gnuplot refused.
mkrun "$tmp/denormal" $(alloc pmalloc 64 5e-324 5e-324 5e-324)
run_tool denormal --out "$tmp/denormal.out" "$tmp/denormal"
check "ns_per_op 5e-324 is refused with exit 1" test $rc -eq 1
check "and the error says why" grep -q "field 'ns_per_op' is 4.94066e-324: outside .* closer to it than 1e-09" "$tmp/denormal.stderr"
# The extremes the loader accepts: a log axis gnuplot takes, tics past 2^64.
mkrun "$tmp/extreme" $(alloc pmalloc 281474976710656 1e-9 1e-9 1e-9) \
	$(alloc vmalloc 1 1e-9 1e-9 1e-9) \
	"{\"backend\":\"pmalloc\",\"workload\":\"footprint\",\"size\":281474976710656,\"count\":1,\"repeat\":0,\"status\":\"ok\",\"bytes_consumed\":1e18}"
PMB_GNUPLOT=$tmp/no-such-gnuplot run_tool extreme --out "$tmp/extreme.out" "$tmp/extreme"
check "extreme values: the report is written" test $rc -eq 0
check "extreme values: no log range starting at 0" \
	sh -c "! grep -q 'range \[0:' '$tmp/extreme.out'/plots/*.gp"
check "extreme values: tics near 2^60 bytes are labelled, not '0 B'" \
	sh -c "grep -q \"'536870912 GiB' 5.764607523e+17\" '$tmp/extreme.out/plots/footprint.gp' && ! grep -q \"'0 B'\" '$tmp/extreme.out/plots/footprint.gp'"
if [ $have_gnuplot = yes ]; then
	(cd "$tmp/extreme.out/plots" && "$gnuplot" alloc-cost.gp >/dev/null 2>&1)
	check "extreme values: gnuplot draws the script" png_magic "$tmp/extreme.out/plots/alloc-cost.png"
else
	skip "extreme values: gnuplot draws the script" "no gnuplot ('$gnuplot' not found)"
fi

# Busy host (doc/report.md, "Busy rows"): run-busy is run-host with
# host_load; vmalloc's lines saw other_busy 0.30 to 0.35 and its times
# stretched by 65%, pmalloc's saw exactly 0.10 (not busy), kmalloc's 0.02
# and one null, one pmalloc line no host_load at all.
busy=$fixtures/run-busy
run_tool busy --no-plots --out "$tmp/busy" "$busy"
check "run-busy: exits 0" test $rc -eq 0
check "run-busy: the heading counts the busy jobs" \
	grep -q '^Host load: 1 of 3 jobs measured on a busy host (other_busy or steal > 0.10), marked ~ in the tables.$' "$tmp/busy/report.md"
check "run-busy: headline: vmalloc's median and the ratio against it marked, after the '*'" \
	grep -q '^| alloc | 64 B | 1024 | 95.3 ns | 1.82 µs ~ | 25.0 ns | 0.052 \[0.051, 0.054\] \* ~ | 3.81 \[3.72, 3.88\] \* |$' "$tmp/busy/headline.md"
check "run-busy: the note under the headline gives the largest other_busy" \
	grep -q "^~: measured while other work used more than 10% of the host's CPUs (host_load.other_busy up to 0.35); absolute times there are stretched.\$" "$tmp/busy/headline.md"
check "run-busy: every per-job table marks vmalloc and only it" \
	test "$(grep -c '^| vmalloc alloc 64 B × 1024 ~ |' "$tmp/busy/report.md")" -eq 3 -a \
	"$(grep -c '^| [a-z-]* alloc 64 B × 1024 ~ |' "$tmp/busy/report.md")" -eq 3
check "run-busy: a note under each marked table (headline, side by side, statistics, cycles, counters)" \
	test "$(grep -c '^~: measured while' "$tmp/busy/report.md")" -eq 5
check "run-busy: side by side marks the busy cell" \
	grep -qx '| alloc 64 B × 1024 | 25.0 ns | 1.82 µs ~ | 95.3 ns |' "$tmp/busy/report.md"
check "run-busy: summary.csv: other_busy_max, steal_max, busy per job" \
	test "$(csv_field "$tmp/busy/summary.csv" ',vmalloc,alloc,' other_busy_max),$(csv_field "$tmp/busy/summary.csv" ',vmalloc,alloc,' busy),$(csv_field "$tmp/busy/summary.csv" ',pmalloc-genalloc,alloc,' other_busy_max),$(csv_field "$tmp/busy/summary.csv" ',pmalloc-genalloc,alloc,' busy),$(csv_field "$tmp/busy/summary.csv" ',kmalloc,alloc,' busy)" = "0.35,yes,0.1,no,no"
check "run-busy: headline.csv: a _busy flag per ratio, after every other column" \
	test "$(head -n 1 "$tmp/busy/headline.csv" | tr , '\n' | tail -n 3 | tr '\n' ' ')$(csv_field "$tmp/busy/headline.csv" alloc pmalloc_genalloc_vs_vmalloc_busy),$(csv_field "$tmp/busy/headline.csv" alloc pmalloc_genalloc_vs_kmalloc_busy)" = "pmalloc_genalloc_vs_kmalloc_mwu_p pmalloc_genalloc_vs_vmalloc_busy pmalloc_genalloc_vs_kmalloc_busy yes,no"
check "run-busy: the '*' verdicts still agree with their intervals" marks_agree "$tmp/busy/headline.md"
run_tool busycmp --compare --out "$tmp/busycmp" "$fixtures/run-host" "$busy"
check "quiet against busy: exits 0" test $rc -eq 0
check "quiet against busy: warns on stderr" \
	grep -q 'warning: the baseline had none (host load not recorded), the candidate 1 of 3 jobs on a busy host' "$tmp/busycmp.stderr"
check "quiet against busy: compare.md says so at the top" \
	grep -q '^\*\*Host load differs\*\*: the baseline had none (host load not recorded), the candidate 1 of 3 jobs on a busy host' "$tmp/busycmp/compare.md"
check "quiet against busy: the stretched job differs, marked ~" \
	sh -c "grep -q '^- vmalloc alloc 64 B × 1024, ns/op: 1.65 \[1.63, 1.67\] ~\$' '$tmp/busycmp/compare.md' && grep -q '^| | Ratio | | 1.65 \[1.63, 1.67\] \*\*differ\*\* ~ |\$' '$tmp/busycmp/compare.md'"
check "quiet against busy: compare.csv: base_busy, cand_busy" \
	test "$(csv_field "$tmp/busycmp/compare.csv" ',vmalloc,alloc,' base_busy),$(csv_field "$tmp/busycmp/compare.csv" ',vmalloc,alloc,' cand_busy)" = "n/a,yes"
run_tool busyself --compare --out "$tmp/busyself" "$busy" "$busy"
check "busy against itself: no host-load warning" \
	sh -c "! grep -q 'busy host' '$tmp/busyself.stderr' && ! grep -q 'Host load differs' '$tmp/busyself/compare.md'"

# Paths: run/.. is the run it resolves to; links are replaced, not followed.
mkrun "$tmp/cwd2/run-dot" $(alloc pmalloc 64 10 11 12)
mkdir -p "$tmp/cwd2/run-dot/sub"
(cd "$tmp/cwd2" && "$abs_tool" --no-plots run-dot/sub/.. >/dev/null 2>&1)
check "run-dot/sub/.. reports into reports/run-dot/" test -s "$tmp/cwd2/reports/run-dot/report.md"
check "and nothing into reports/.." test ! -e "$tmp/cwd2/report.md"
mkdir -p "$tmp/linked.out" "$tmp/elsewhere"
echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/linked.out/summary.csv"
run_tool linked --no-plots --out "$tmp/linked.out" "$small"
check "a link in the output folder: the report is written" test $rc -eq 0
check "the file it pointed to is untouched" test "$(cat "$tmp/victim")" = precious
check "summary.csv is a file of its own now" test -f "$tmp/linked.out/summary.csv" -a ! -L "$tmp/linked.out/summary.csv"
ln -s "$tmp/elsewhere" "$tmp/linked.out/plots"
PMB_GNUPLOT=$tmp/no-such-gnuplot run_tool linked-plots --out "$tmp/linked.out" "$small"
check "plots/ as a link out of the folder: refused with exit 3" test $rc -eq 3
check "and nothing was written where it points" sh -c "! ls -A '$tmp/elsewhere' | grep -q ."

# --test-vmalloc: test_vmalloc's Summary lines on stdout, nothing written.
ref=$here/../../results/20261202-150810-vm-icount-default
(cd "$tmp" && mkdir tvm && cd tvm && "$tool" --test-vmalloc "$ref" >"$tmp/tvm.stdout" 2>"$tmp/tvm.stderr")
rc=$?
check "--test-vmalloc of the icount reference: exit 0" test $rc -eq 0
check "--test-vmalloc: three fix_size_alloc_test lines, the kernel module's shape" test "$(grep -cE '^Summary: fix_size_alloc_test passed: [0-9]+ failed: [0-9]+ repeat: [0-9]+ loops: (16|256|1024) avg: [0-9]+ usec$' "$tmp/tvm.stdout")" = 3
check "--test-vmalloc: every other line is a '#' line" test "$(grep -cvE '^(Summary: |# )' "$tmp/tvm.stdout")" = 0
check "--test-vmalloc: says the target the numbers come from" grep -q 'target vm-icount' "$tmp/tvm.stdout"
check "--test-vmalloc: writes no file" test -z "$(ls -A "$tmp/tvm")"
run_tool tvm-small --test-vmalloc "$small"
check "--test-vmalloc of a run without the case: exit 0, no Summary line, says why" \
	sh -c "test $rc -eq 0 && ! grep -q '^Summary' '$tmp/tvm-small.stdout' && grep -q 'no test_vmalloc case' '$tmp/tvm-small.stdout'"
run_tool tvm-opts --test-vmalloc --out "$tmp/x" "$small"
check "--test-vmalloc with --out: bad command line (4)" test $rc -eq 4

echo "1..$n"
[ $failed -eq 0 ]
