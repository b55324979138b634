#!/bin/bash
# `make bench TARGET=vm`, the default where the host cannot load the
# module: two VM runs of one suite, each keeping the jobs its clock
# answers (the registry's PMB_WORKLOAD_COSTS): the code-path workloads
# under vm-icount, each job whole; the reads under vm-tcg, the backends a
# table compares interleaved in rounds.  Two results folders, two
# reports, and between them every job of the suite.  Bad TARGET/COST
# combinations: one line, nothing run.  Runs the quick suite into a
# scratch folder (RESULTS=, REPORTS=), never into the tree's results/.
set -u
. "$(dirname "$0")/lib.sh"
. "$top_src/tests/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The configured kernel only: with others installed, make bench runs each (KERNELS).
# make check passes it; by hand, ask the Makefile (never a "make[N]:" line).
release=${PMB_KERNEL_RELEASE:-$(make -s --no-print-directory -C "$top_build" -f Makefile -f - pmb-release \
	<<<'pmb-release: ; @echo $(PMB_KERNEL_RELEASE)' | grep -v '^make' | tail -n 1)}
mb() { make -s --no-print-directory -C "$top_build" bench SUITE=quick KERNELS="$release" RESULTS="$tmp/results" REPORTS="$tmp/reports" "$@"; }

# Bad input first: one line each, nothing booted, nothing written.
for bad in "TARGET=vm COST=path:TARGET=vm chooses the cost of each of its two runs itself" \
	   "TARGET=vm-tcg COST=bogus:COST=bogus: must be path or memory" \
	   "TARGET=vm-qemu:TARGET=vm-qemu: must be one of host, vm, vm-tcg, vm-icount, vm-kvm, userspace"; do
	args=${bad%%:*} want=${bad#*:}
	# shellcheck disable=SC2086 # the words are make variables
	out=$(mb $args 2>&1)
	rc=$?
	errs=$(grep -c '^bench: error: ' <<<"$out")
	if [ "$rc" -ne 0 ] && [ "$errs" = 1 ] && grep -qF "$want" <<<"$out" && [ ! -e "$tmp/results" ]; then
		ok "make bench $args: one error line, nothing run"
	else
		not_ok "make bench $args: one error line, nothing run" "rc=$rc" "$out"
	fi
done

t0=$(date +%s)
out=$(PMB_TIME_SCALE=$time_scale mb TARGET=vm 2>&1)
rc=$?
echo "# make bench TARGET=vm SUITE=quick: $(($(date +%s) - t0)) s (a figure, not a test)"
if [ "$rc" = 0 ]; then ok "make bench TARGET=vm: status 0"; else not_ok "make bench TARGET=vm: status 0" "rc=$rc" "$(tail -20 <<<"$out")"; fi

ic=$(ls -d "$tmp"/results/*-vm-icount-quick 2>/dev/null)
tc=$(ls -d "$tmp"/results/*-vm-tcg-quick 2>/dev/null)
if [ -n "$ic" ] && [ -n "$tc" ] && [ "$(ls "$tmp/results" | wc -l)" = 2 ]; then
	ok "two results folders: one vm-icount, one vm-tcg"
else
	not_ok "two results folders: one vm-icount, one vm-tcg" "$(ls "$tmp/results" 2>&1)"
	echo "1..$n"
	exit 1
fi

# env.json says which jobs each run kept and how they ran.
if [ "$(jq -c '[.target, .cost, .rounds, .partial]' "$ic/env.json")" = '["vm-icount","path",1,false]' ] &&
   [ "$(jq -c '[.target, .cost, .rounds, .partial]' "$tc/env.json")" = '["vm-tcg","memory",5,false]' ]; then
	ok "env.json: vm-icount cost path rounds 1; vm-tcg cost memory rounds 5"
else
	not_ok "env.json: vm-icount cost path rounds 1; vm-tcg cost memory rounds 5" \
		"$(jq -c '[.target, .cost, .rounds, .partial]' "$ic/env.json" "$tc/env.json" 2>&1)"
fi

# Reads only under TCG, none under icount; every job of the suite in one of them.
reads_ic=$(jq -s '[.[] | select(.workload == "read")] | length' "$ic/results.jsonl")
other_tc=$(jq -s '[.[] | select(.workload != "read")] | length' "$tc/results.jsonl")
jobs_all=$("$PMB_TOOL" run --suite "$top_src/bench/suites/quick.suite" --list 2>/dev/null | wc -l)
jobs_ic=$(jq -s '[.[].job] | unique | length' "$ic/results.jsonl")
jobs_tc=$(jq -s '[.[].job] | unique | length' "$tc/results.jsonl")
if [ "$reads_ic" = 0 ] && [ "$other_tc" = 0 ] && [ "$jobs_tc" -gt 0 ] &&
   [ $((jobs_ic + jobs_tc)) = "$jobs_all" ]; then
	ok "reads only under vm-tcg, the rest under vm-icount: $jobs_ic + $jobs_tc = $jobs_all jobs"
else
	not_ok "reads only under vm-tcg, the rest under vm-icount: $jobs_ic + $jobs_tc = $jobs_all jobs" \
		"reads under icount: $reads_ic, other workloads under tcg: $other_tc"
fi

# Interleaved under TCG: every ok job has its repeats, spread over its rounds.
bad=$(jq -s -r 'group_by(.job)[] | select(.[0].status == "ok") |
	select((map(.round) | unique | length) != ([length, 5] | min) or
	       (map(.repeat) | sort) != [range(length)]) | .[0].job' "$tc/results.jsonl")
if [ -z "$bad" ] && jq -e -s 'all(.[] | select(.status == "ok"); .counters.scope == "round")' "$tc/results.jsonl" >/dev/null; then
	ok "vm-tcg: each job's repeats spread over min(repeats, 5) rounds, numbered 0..n-1, counters per round"
else
	not_ok "vm-tcg: each job's repeats spread over min(repeats, 5) rounds, numbered 0..n-1, counters per round" "jobs: $bad"
fi

for d in "$ic" "$tc"; do
	id=$(basename "$d")
	r=$tmp/reports/$id/report.md
	if [ -s "$r" ] && grep -q '^| jobs | only the suite.s jobs whose cost is ' "$r" && grep -q '^| job order | ' "$r"; then
		ok "report of $id: written, says which jobs it holds and their order"
	else
		not_ok "report of $id: written, says which jobs it holds and their order" "$(ls "$tmp/reports/$id" 2>&1)"
	fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
