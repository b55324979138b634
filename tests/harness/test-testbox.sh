#!/bin/bash
# The test-box scripts without a VM: scripts/testbox-guest.sh on a stand-in
# tree (every command a stub that logs its argv) runs the README's steps
# in order and records each in steps.tsv; a used-up time budget starts no
# step and still writes the results; a failed build step stops the run.
# scripts/testbox-run.sh refuses bad options with one line.  The real run
# is `make testbox` (README, "The test box, emulated").  Prints TAP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/../tap.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/test-testbox.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# A stand-in tree: stubs for the tree's scripts and for the tools on PATH.
tree() { # tree DIR [FAILING-COMMAND]
	mkdir -p "$1/scripts" "$1/bin" "$1/tests"
	cp "$top/scripts/testbox-guest.sh" "$1/scripts/"
	for c in scripts/install-deps.sh autogen.sh configure tests/run-tests bin/make bin/insmod bin/rmmod \
		bin/perf bin/dkms; do
		printf '#!/bin/bash\necho "%s $*" >> "%s/calls"\n[ "%s" != "%s" ]\n' \
			"${c##*/}" "$1" "${c##*/}" "${2:-}" > "$1/$c"
		chmod +x "$1/$c"
	done
	echo 'SUITE=quick' > "$1/testbox.env"
}
guest() { # guest DIR: run the guest script there; status in $rc
	(cd "$1" && PATH=$1/bin:$PATH bash scripts/testbox-guest.sh "$1/out" > "$1/console" 2>&1)
	rc=$?
}

tree "$T/a"
guest "$T/a"
steps=$(cut -f 1,2 "$T/a/out/steps.tsv" | tr '\t\n' ': ')
[ "$steps" = "step:status install-deps:0 autogen:0 configure:0 make:0 bench:0 perf-stat:0 check-programs:0 check-host:0 dkms-install:0 dkms-status:0 " ] &&
	ok "guest: every step, in the README's order, status 0 in steps.tsv" ||
	not_ok "guest: every step, in the README's order, status 0 in steps.tsv" "$steps" "$(tail -5 "$T/a/console")"
grep -qx 'make bench TARGET=host SUITE=quick' "$T/a/calls" &&
	ok "guest: make bench TARGET=host with the host's suite" || not_ok "guest: make bench TARGET=host with the host's suite" "$(cat "$T/a/calls")"
grep -q '^perf stat -e cycles:k,instructions:k,dTLB-load-misses:k,iTLB-load-misses:k,page-faults userspace/pmbench run --suite bench/suites/quick.suite --target host' "$T/a/calls" &&
	grep -qx 'insmod kmod/pmbench.ko' "$T/a/calls" && grep -qx 'rmmod pmbench' "$T/a/calls" &&
	ok "guest: the README's perf stat command between insmod and rmmod" ||
	not_ok "guest: the README's perf stat command between insmod and rmmod" "$(cat "$T/a/calls")"

tree "$T/b" configure
guest "$T/b"
steps=$(cut -f 1,2 "$T/b/out/steps.tsv" | tr '\t\n' ': ')
[ "$rc" = 1 ] && [ "$steps" = "step:status install-deps:0 autogen:0 configure:1 " ] &&
	grep -q 'stopping: step configure failed' "$T/b/console" && [ -f "$T/b/out/uname.txt" ] &&
	ok "guest: a failed build step stops the run, says which, results still written" ||
	not_ok "guest: a failed build step stops the run, says which, results still written" "rc=$rc $steps"

tree "$T/c"
echo 'BUDGET_S=1' >> "$T/c/testbox.env"
guest "$T/c"
[ ! -e "$T/c/calls" ] && [ "$(awk -F'\t' 'NR > 1 && $2 == "-"' "$T/c/out/steps.tsv" | wc -l)" = 1 ] &&
	[ -f "$T/c/out/uname.txt" ] && grep -q 'time budget (1 s) is used up' "$T/c/console" &&
	ok "guest: with the time budget used up no step starts, and the results are written" ||
	not_ok "guest: with the time budget used up no step starts, and the results are written" "$(cat "$T/c/out/steps.tsv")"

run=$top/scripts/testbox-run.sh
out=$(bash "$run" --frob 2>&1); rc=$?
[ $rc = 2 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "unknown option '--frob'" <<<"$out" &&
	ok "testbox-run.sh: an unknown option is one line, status 2" || not_ok "testbox-run.sh: an unknown option is one line, status 2" "$out"
out=$(bash "$run" --suite '../x' 2>&1); rc=$?
[ $rc = 2 ] && grep -q "suite name" <<<"$out" && ok "testbox-run.sh: a suite that is not a name is refused" ||
	not_ok "testbox-run.sh: a suite that is not a name is refused" "$out"
out=$(bash "$run" --timeout 5m 2>&1); rc=$?
[ $rc = 2 ] && grep -q "whole numbers" <<<"$out" && ok "testbox-run.sh: a timeout that is not a number is refused" ||
	not_ok "testbox-run.sh: a timeout that is not a number is refused" "$out"
echo "1..$n"
[ "$failed" -eq 0 ]
