# Runs inside the VM (busybox sh): `pmbench run` of the quick suite into
# $OUT, what the driver says without the module and as non-root, a refused
# run-id and an interrupted run.  TAP; the host (test-bench.sh) validates
# the files that come back against doc/results.md.
. /pmbench/guest-lib.sh
suite=/pmbench/quick.suite
run() { ./pmbench run --suite "$suite" --results "$OUT" --suite-revision test "$@"; }

# Without the module: one clear line, exit status 1, no run folder.
out=$(run --run-id no-module 2>&1)
rc=$?
case "$rc:$out" in
1:*"module is not loaded"*) ok "run without the module: clear message, status 1" ;;
*) nok "run without the module: clear message, status 1" "rc=$rc $out" ;;
esac
[ ! -e "$OUT/no-module" ] && ok "run without the module leaves no folder" ||
	nok "run without the module leaves no folder"

# A bad suite: FILE:LINE: message, status 2, before the device is opened.
printf 'backend=vmalloc workload=alloc size=64 count=8\nbackend=vmalloc workload=alloc size=64 count=8 colour=red\n' > /tmp/bad.suite
out=$(./pmbench run --suite /tmp/bad.suite --results "$OUT" 2>&1)
rc=$?
case "$rc:$out" in
"2:pmbench: /tmp/bad.suite:2: unknown key 'colour'"*) ok "bad suite: FILE:LINE: message, status 2" ;;
*) nok "bad suite: FILE:LINE: message, status 2" "rc=$rc $out" ;;
esac

if insmod /pmbench/pmbench.ko; then ok "insmod pmbench.ko"; else nok "insmod pmbench.ko"; fi

# As non-root: the permission message, not a crash.
out=$(./pmb-runas 65534 ./pmbench run --suite "$suite" --results /tmp/r 2>&1)
rc=$?
case "$rc:$out" in
1:*"permission denied"*"root"*) ok "run as non-root: clear message, status 1" ;;
*) nok "run as non-root: clear message, status 1" "rc=$rc $out" ;;
esac

# The one job every engine must run.
out=$(./pmbench job --backend vmalloc --workload alloc --size 64 --count 100 2>&1)
case $out in
*'"status":"ok"'*) ok "pmbench job vmalloc alloc 64 x 100: status ok" ;;
*) nok "pmbench job vmalloc alloc 64 x 100: status ok" "$(echo "$out" | head -1)" ;;
esac

# The quick suite.  Its time is a figure for README, not a test.
t0=$(date +%s)
run --run-id quick --quiet > /tmp/run.out 2> /tmp/run.err
rc=$?
t1=$(date +%s)
echo "# quick suite: $((t1 - t0)) s in the guest; $(tail -1 /tmp/run.err)"
sed 's/^/# stderr: /' /tmp/run.err | head -20
[ "$rc" -eq 0 ] && ok "quick suite: status 0" || nok "quick suite: status 0" "rc=$rc"
[ "$(cat /tmp/run.out)" = "$OUT/quick" ] && ok "run prints its folder on stdout" ||
	nok "run prints its folder on stdout" "$(cat /tmp/run.out)"
grep -q '^perf: .*recorded as null$' /tmp/run.err && echo "# perf warnings seen (expected under TCG)"

# The same run-id again: refused, nothing touched.
sum0=$(md5sum "$OUT/quick/results.jsonl" | cut -d ' ' -f 1)
out=$(run --run-id quick --quiet 2>&1)
rc=$?
sum1=$(md5sum "$OUT/quick/results.jsonl" | cut -d ' ' -f 1)
case "$rc:$out" in
1:*"exists already"*) [ "$sum0" = "$sum1" ] && ok "existing run-id refused, results untouched" ||
	nok "existing run-id refused, results untouched" "results.jsonl changed" ;;
*) nok "existing run-id refused, results untouched" "rc=$rc $out" ;;
esac

# SIGINT during a run: the job running then ends early and gets no line,
# the finished one keeps its lines, the run is marked partial.  The first
# job is short (3 repeats of 256 flips); the second would run 9999 passes,
# so the signal is sure to find it running, however fast or slow this
# machine is, and tearing down its 256 objects is quick even with cpa.
# --progress: the job i/N lines a VM run shows on the host, one per job.
./pmbench run --job 'backend=vmalloc workload=protect size=64 count=256 repeats=3,9999' \
	--results "$OUT" --run-id interrupted --suite-revision test --progress > /dev/null 2> /tmp/int.err &
pid=$!
# Announced and holding its objects: inside the module, where SIGINT ends
# it (a signal between the two would only stop the run before the job).
second_running() { grep -q '^pmbench: \[2/2, ETA [0-9]*m[0-9]*s\] ' /tmp/int.err && a_job_runs; }
wait_for 120 second_running || echo "# the second job did not start in $((120 * time_scale)) s"
kill -INT "$pid"
wait "$pid"
rc=$?
if [ "$rc" -eq 130 ] && grep -q '"partial": true' "$OUT/interrupted/env.json" &&
   grep -q '"finished": null' "$OUT/interrupted/env.json"; then
	ok "SIGINT: status 130, env.json partial true, finished null"
else
	nok "SIGINT: status 130, env.json partial true, finished null" "rc=$rc $(tail -1 /tmp/int.err)"
fi
lines=$(grep -c '"job":0,' "$OUT/interrupted/results.jsonl")
other=$(grep -vc '"job":0,' "$OUT/interrupted/results.jsonl")
expect "SIGINT: the finished job kept its 3 lines, the interrupted one has none" \
	"$lines == 3 && $other == 0" "job 0: $lines lines, others: $other"
case $(cat /tmp/int.err) in
*"$(printf '\033')"*|*"$(printf '\r')"*) nok "--progress off a terminal: plain lines, no escapes" "$(head -c 200 /tmp/int.err)" ;;
*"pmbench: [1/2] vmalloc"*) ok "--progress off a terminal: plain lines, no escapes" ;;
*) nok "--progress off a terminal: plain lines, no escapes" "$(head -c 200 /tmp/int.err)" ;;
esac

if rmmod pmbench; then ok "rmmod pmbench"; else nok "rmmod pmbench"; fi
[ "$failed" -eq 0 ]
