#!/bin/bash
# Inside the test-box guest (scripts/testbox-run.sh): the README's
# real-hardware steps, verbatim, on a Debian 12 system whose running
# kernel has module support, from a clean tree of the project.  Each step
# is logged with its time and exit status to OUT/steps.tsv; the results,
# the report, config.log and the logs go to OUT, which comes back to the
# host.  A build step that fails stops the run; the later steps go on
# after a failure of their own.
#
#   scripts/testbox-guest.sh OUT
set -u
out=${1:?usage: scripts/testbox-guest.sh OUT}
mkdir -p "$out"
# Settings from the host (testbox-run.sh): SUITE for make bench.
[ -f testbox.env ] && . ./testbox.env
suite=${SUITE:-quick}
# BUDGET_S: seconds of guest uptime the steps may use, so that the
# results are written before the host's timeout; a step still running
# then is stopped (status 124) and the later ones are not started (-).
budget=${BUDGET_S:-0}
uptime_s() { cut -d. -f1 /proc/uptime; }
printf 'step\tstatus\tseconds\n' > "$out/steps.tsv"
# Run folders newer than this are the guest's own (the tree's reference
# runs, unpacked from git archive, carry the commit's time).
touch "$out/.start"
# step NAME COMMAND...: run it as the README says, log it, keep its status.
step() {
	local name=$1 t0 rc left=0
	shift
	if [ "$budget" -gt 0 ]; then
		left=$(( budget - $(uptime_s) ))
		if [ "$left" -le 0 ]; then
			printf '%s\t-\t0\n' "$name" >> "$out/steps.tsv"
			echo "== testbox step: $name: not started, the time budget ($budget s) is used up"
			return 124
		fi
	fi
	echo "== testbox step: $name: $*"
	t0=$(date +%s)
	if [ "$left" -gt 0 ]; then
		timeout "$left" "$@" > "$out/$name.log" 2>&1
	else
		"$@" > "$out/$name.log" 2>&1
	fi
	rc=$?
	printf '%s\t%s\t%s\n' "$name" "$rc" "$(( $(date +%s) - t0 ))" >> "$out/steps.tsv"
	tail -n 15 "$out/$name.log"
	echo "== testbox step: $name: exit $rc after $(( $(date +%s) - t0 )) s"
	return $rc
}
must() { step "$@" || { echo "testbox: stopping: step $1 failed"; finish; exit 1; }; }
finish() {
	cp config.log "$out/" 2> /dev/null
	[ -d results ] && find results -mindepth 1 -maxdepth 1 -type d -newer "$out/.start" -exec cp -r {} "$out/" \;
	[ -d reports ] && mkdir -p "$out/reports" &&
		find reports -mindepth 1 -maxdepth 1 -type d -newer "$out/.start" -exec cp -r {} "$out/reports/" \;
	uname -a > "$out/uname.txt"
}

echo "testbox: $(uname -r), module support: $([ -e /proc/modules ] && echo yes || echo no), build tree: $(readlink -f "/lib/modules/$(uname -r)/build")"
# Quick start and "Running on real test hardware" (README).
must install-deps scripts/install-deps.sh
must autogen ./autogen.sh
must configure ./configure
must make make
step bench make bench TARGET=host SUITE="$suite"
# The README's perf stat command (section "Suites and the driver").
step perf-stat bash -c 'insmod kmod/pmbench.ko &&
	perf stat -e cycles:k,instructions:k,dTLB-load-misses:k,iTLB-load-misses:k,page-faults \
	userspace/pmbench run --suite bench/suites/quick.suite --target host; rc=$?; rmmod pmbench; exit $rc'
# make check's parts that need no VM: the harness, unit and report tests.
host_tests=$(make -s -f Makefile -f - p <<< 'p: ; @echo $(HARNESS_TESTS) $(UNIT_TESTS) $(REPORT_TESTS)')
step check-programs bash -c "make -j\$(nproc) \$(make -s -f Makefile -f - p <<< 'p: ; @echo \$(check_PROGRAMS)')"
# shellcheck disable=SC2086  # one argument per test
step check-host env PMB_TOP_SRCDIR="$PWD" PMB_TOP_BUILDDIR="$PWD" PMB_TEST_OUT="$out/tests" \
	bash tests/run-tests $host_tests
# DKMS: the module for every kernel with headers here.
step dkms-install make dkms-install
step dkms-status dkms status
finish
echo "testbox: steps done"
cat "$out/steps.tsv"
