#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# In-process fuzzing of the userspace parsers with libFuzzer; TAP on stdout.
#   fuzz_suite   the suite parser (pmb_suite_parse)
#   fuzz_report  the report's loader and its table and plot writers
# Each target is built here with clang -fsanitize=fuzzer,address,undefined
# from the sources, then run from its seed corpus (tests/fuzz/corpus/NAME)
# with a fixed seed, bounded by time and runs.  Without clang's libFuzzer
# every test is skipped, and says why.
#   PMB_FUZZ_USERSPACE_SECONDS  most seconds per target (default 5; make
#                               stress: 300)
#   PMB_FUZZ_USERSPACE_RUNS     most runs per target (default 20000 for
#                               fuzz_suite, 2000 for fuzz_report, a few
#                               seconds each; make stress: no limit but time)
#   PMB_FUZZ_USERSPACE_SEED     libFuzzer's -seed (default 1)
#   PMB_FUZZ_CC                 the compiler (default clang)
set -u

src=$(cd "${PMB_TOP_SRCDIR:-$(dirname "$0")/../..}" && pwd)
build=${PMB_TOP_BUILDDIR:-$src}/tests/fuzz
seconds=${PMB_FUZZ_USERSPACE_SECONDS:-5}
runs_fuzz_suite=${PMB_FUZZ_USERSPACE_RUNS:-20000}
runs_fuzz_report=${PMB_FUZZ_USERSPACE_RUNS:-2000}
seed=${PMB_FUZZ_USERSPACE_SEED:-1}
cc=${PMB_FUZZ_CC:-clang}
targets="fuzz_suite fuzz_report"

. "$(dirname "$0")/../tap.sh"
skip_all() {
	for t in $targets; do
		n=$((n + 1)); echo "ok $n - $t builds # SKIP $1"
		n=$((n + 1)); echo "ok $n - $t runs clean # SKIP $1"
	done
	echo "1..$n"
	exit 0
}

mkdir -p "$build" || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pmb-fuzz-us.XXXXXX") || exit 99
# fuzz_report writes a run directory per input: in memory where possible.
scratch=$(mktemp -d /dev/shm/pmb-fuzz-us.XXXXXX 2>/dev/null) || scratch=$tmp
trap 'rm -rf "$tmp" "$scratch"' EXIT

# clang with libFuzzer and the sanitizers' runtimes (libclang-rt-*-dev).
command -v "$cc" >/dev/null 2>&1 || skip_all "no '$cc' (scripts/install-deps.sh installs clang)"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$tmp/probe.c"
"$cc" -fsanitize=fuzzer,address,undefined -o "$tmp/probe" "$tmp/probe.c" >"$tmp/probe.log" 2>&1 ||
	skip_all "'$cc' cannot link -fsanitize=fuzzer (libclang-rt-*-dev missing?)"
pkg-config --exists jansson gsl || skip_all "pkg-config finds no jansson or gsl"

CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-D_GNU_SOURCE -Wall -Wno-unused-parameter
	-I$src/kmod -I$src/userspace $(pkg-config --cflags jansson gsl)"
sources_fuzz_suite="$src/userspace/pmb_suite.c $src/userspace/pmb_names.c
	$src/userspace/pmb_result.c $src/userspace/twin/twin_suite.c
	$src/userspace/twin/twin_names.c"
sources_fuzz_report="$src/userspace/report/compare.c $src/userspace/report/format.c
	$src/userspace/report/plots.c $src/userspace/report/run.c
	$src/userspace/report/stats.c $src/userspace/report/tables.c
	$src/userspace/pmb_names.c"
libs_fuzz_suite=$(pkg-config --libs jansson)
libs_fuzz_report="$(pkg-config --libs jansson gsl) -lm"

for t in $targets; do
	eval "sources=\$sources_$t libs=\$libs_$t runs=\$runs_$t"
	# shellcheck disable=SC2086
	if "$cc" $CFLAGS -o "$build/$t" "$src/tests/fuzz/$t.c" $sources $libs \
		>"$tmp/$t.build.log" 2>&1; then
		ok "$t builds"
	else
		not_ok "$t builds" "$(tail -n 40 "$tmp/$t.build.log")"
		not_ok "$t runs clean # not built"
		continue
	fi
	# New inputs go to a scratch corpus, never into the tree.
	mkdir -p "$tmp/$t.corpus"
	TMPDIR=$scratch "$build/$t" -seed="$seed" -runs="$runs" -max_total_time="$seconds" \
		-max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$build/$t-" \
		"$tmp/$t.corpus" "$src/tests/fuzz/corpus/${t#fuzz_}" >"$tmp/$t.log" 2>&1
	rc=$?
	stats=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log")
	if [ $rc -eq 0 ]; then
		ok "$t runs clean (${stats:-?} runs in at most ${seconds} s, seed $seed)"
	else
		not_ok "$t runs clean (exit $rc; the input is in $build/$t-*)" "$(tail -n 40 "$tmp/$t.log")"
	fi
done

echo "1..$n"
[ $failed -eq 0 ]
