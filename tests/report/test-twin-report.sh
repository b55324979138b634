#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The userspace twin end to end: pmbench-twin runs a few small jobs natively
# (no module, no root) into a results folder of target "userspace", and
# pmbench-report loads it with the twin's registry and writes its report.
# TAP on stdout.  Asserts what the files say, never how fast anything was.
#   PMB_TWIN, PMB_REPORT   the tools (default: under $PMB_TOP_BUILDDIR)
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${PMB_TOP_BUILDDIR:-.}
twin=${PMB_TWIN:-$build/userspace/twin/pmbench-twin}
tool=${PMB_REPORT:-$build/userspace/report/pmbench-report}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pmb-twin-sh.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

. "$here/../tap.sh"

id=20240101-000000-userspace-test
if "$twin" job backend=all workload=alloc,protect,read,footprint,rare_write \
	size=64 count=64 repeats=2 warmup=0 --results "$tmp/results" --run-id "$id" \
	>"$tmp/twin.out" 2>"$tmp/twin.err"; then
	ok "pmbench-twin runs a job line natively"
else
	not_ok "pmbench-twin runs a job line natively" "$(tail -5 "$tmp/twin.err")"
fi
run=$tmp/results/$id
[ "$(cat "$tmp/twin.out")" = "$run" ] && ok "it prints the run's folder" ||
	not_ok "it prints the run's folder" "$(cat "$tmp/twin.out")"

if command -v jq >/dev/null; then
	t=$(jq -r .target "$run/env.json")
	[ "$t" = userspace ] && ok "env.json: target userspace" || not_ok "env.json: target userspace" "$t"
	m=$(jq -r .protect_method "$run/env.json")
	[ "$m" = mprotect ] && ok "env.json: protect_method mprotect" || not_ok "env.json: protect_method" "$m"
	bad=$(jq -c 'select(.target != "userspace" or (.backend | test("^(malloc|mmap|pool-genalloc|pool-bump|pool-bump-64k|pool-rcu)$") | not))' \
		"$run/results.jsonl")
	[ -z "$bad" ] && ok "every line: target userspace, a twin backend" ||
		not_ok "every line: target userspace, a twin backend" "$bad"
	# malloc cannot protect: one unsupported line, numbers null
	u=$(jq -c 'select(.backend == "malloc" and .workload == "protect") | [.status, .ns_per_op]' \
		"$run/results.jsonl")
	[ "$u" = '["unsupported",null]' ] && ok "malloc protect: unsupported, null" ||
		not_ok "malloc protect: unsupported, null" "$u"
	# counters: an event is a number or null, never a string; scope job
	c=$(jq -c 'select(.counters.scope != "job" or ([.counters[] | select(type != "number" and type != "null" and . != "job")] | length > 0))' \
		"$run/results.jsonl")
	[ -z "$c" ] && ok "counters: numbers or null" || not_ok "counters: numbers or null" "$c"
	p=$(jq -r 'select(.backend == "mmap" and .workload == "footprint" and .repeat == 0) | .pages' \
		"$run/results.jsonl")
	[ "$p" = 64 ] && ok "mmap footprint: one page per object" || not_ok "mmap footprint: one page per object" "$p"
	p=$(jq -r 'select(.backend == "pool-bump" and .workload == "footprint" and .repeat == 0) | .pages' \
		"$run/results.jsonl")
	[ "$p" = 1 ] && ok "pool-bump footprint: 64 objects of 64 B in one page" ||
		not_ok "pool-bump footprint: one page" "$p"
else
	skip "results checks" "jq not found"
fi

if "$tool" --no-plots --out "$tmp/report" "$run" >"$tmp/rep.out" 2>"$tmp/rep.err"; then
	ok "pmbench-report loads a twin run"
else
	not_ok "pmbench-report loads a twin run" "$(cat "$tmp/rep.err")"
fi
grep -q 'userspace twin' "$tmp/report/report.md" 2>/dev/null &&
	ok "the report says what the target means" ||
	not_ok "the report says what the target means"
grep -q '| pool-bump | design |' "$tmp/report/report.md" 2>/dev/null &&
	ok "the report knows the twin's backends from its registry" ||
	not_ok "the report knows the twin's backends" "$(grep pool-bump "$tmp/report/report.md" | head -3)"
grep -q 'read_during_writes\|rare_write' "$tmp/report/report.md" 2>/dev/null &&
	ok "the report shows the twin's workloads" || not_ok "the report shows the twin's workloads"

# The twin's CSVs say each job's reader threads (and summary.csv its torn
# reads): jobs differing only in threads= are told apart.
h=$(head -1 "$tmp/report/summary.csv" 2>/dev/null)
hh=$(head -1 "$tmp/report/headline.csv" 2>/dev/null)
case "$h|$hh" in
*,threads,torn_reads\|*,threads) ok "the twin's CSVs have threads (and torn_reads) columns" ;;
*) not_ok "the twin's CSVs have threads (and torn_reads) columns" "$h" "$hh" ;;
esac
r=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["backend"] == "pool-rcu" && $c["workload"] == "rare_write" { print $c["threads"] "," $c["torn_reads"] }' \
	"$tmp/report/summary.csv" 2>/dev/null)
[ "$r" = "0,n/a" ] && ok "rare_write without readers: threads 0, torn_reads n/a (none checked)" ||
	not_ok "rare_write without readers: threads 0, torn_reads n/a (none checked)" "$r"

# ... and only the twin's: no module protection method, no workload the twin
# does not run (not even as a plot not drawn).
module_names='^- Protection methods .*`(cpa|pte)`|^- (usercopy|copyout|copyout_unchecked|grow)[ :]'
if [ -f "$tmp/report/report.md" ] && ! grep -Eq "$module_names" "$tmp/report/report.md"; then
	ok "a twin run's report lists no module method or workload"
else
	not_ok "a twin run's report lists no module method or workload" \
		"$(grep -E "$module_names" "$tmp/report/report.md" | head -5)"
fi

# A twin name in a line that is not the registry's: refused with one line.
sed 's/"pool-bump"/"pool bump"/' "$run/results.jsonl" >"$tmp/bad.jsonl"
mkdir -p "$tmp/bad/$id" && cp "$run/env.json" "$tmp/bad/$id/" && cp "$tmp/bad.jsonl" "$tmp/bad/$id/results.jsonl"
if "$tool" --no-plots --out "$tmp/bad-report" "$tmp/bad/$id" >/dev/null 2>"$tmp/bad.err"; then
	not_ok "a backend that is no name is refused"
else
	grep -q "field 'backend'" "$tmp/bad.err" && ok "a backend that is no name is refused" ||
		not_ok "a backend that is no name is refused" "$(cat "$tmp/bad.err")"
fi

# A module backend in a twin run (or a twin backend in a module run): refused.
sed 's/"pool-bump"/"vmalloc"/' "$run/results.jsonl" >"$tmp/bad/$id/results.jsonl"
if "$tool" --no-plots --out "$tmp/bad-report2" "$tmp/bad/$id" >/dev/null 2>"$tmp/bad2.err"; then
	not_ok "a module backend in a twin run is refused"
else
	grep -q "'vmalloc' is a module name, but the run's target is 'userspace'" "$tmp/bad2.err" &&
		ok "a module backend in a twin run is refused" ||
		not_ok "a module backend in a twin run is refused" "$(cat "$tmp/bad2.err")"
fi
sed 's/"target": *"userspace"/"target": "host"/' "$run/env.json" >"$tmp/bad/$id/env.json"
sed 's/"target": *"userspace"/"target":"host"/' "$run/results.jsonl" >"$tmp/bad/$id/results.jsonl"
if "$tool" --no-plots --out "$tmp/bad-report3" "$tmp/bad/$id" >/dev/null 2>"$tmp/bad3.err"; then
	not_ok "a twin backend in a module run is refused"
else
	grep -q "is a userspace twin name, but the run's target is 'host'" "$tmp/bad3.err" &&
		ok "a twin backend in a module run is refused" ||
		not_ok "a twin backend in a module run is refused" "$(cat "$tmp/bad3.err")"
fi

# More readers than CPUs besides the timed thread's: env.json says they share.
if command -v jq >/dev/null && command -v nproc >/dev/null; then
	"$twin" job backend=pool-bump workload=protect size=64 count=8 threads="$(nproc)" \
		repeats=1 warmup=0 --results "$tmp/share" --run-id share >/dev/null 2>"$tmp/share.err"
	jq -r '.warnings[]' "$tmp/share/share/env.json" 2>/dev/null | grep -q 'readers share CPUs, the timed thread' &&
		ok "readers past the other CPUs: env.json warns they share" ||
		not_ok "readers past the other CPUs: env.json warns they share" "$(cat "$tmp/share.err")"
else
	skip "readers past the other CPUs: env.json warns they share" "no jq or nproc"
fi

# A job line longer than the driver's buffer: one clear line, exit status 2,
# and nothing written past the buffer (the words after the cut are not read).
long=$(printf 'x%.0s' $(seq 1 4090))
"$twin" job backend=mmap "$long" workload=alloc --results "$tmp/long" \
	>/dev/null 2>"$tmp/long.err"
rc=$?
[ "$rc" -eq 2 ] && grep -qx "pmbench-twin: job line too long" "$tmp/long.err" &&
	ok "a job line too long is refused with one line" ||
	not_ok "a job line too long is refused with one line" "exit status $rc" "$(cat "$tmp/long.err")"

echo "1..$n"
[ "$failed" -eq 0 ]
