# Runs inside the VM (busybox sh): `pmbench run` of the quick suite into
# $OUT, what the driver says without the module and as non-root, bad
# suites, jobs the machine cannot run, a refused run-id, an interrupted
# run, and a module whose registry disagrees with the driver's.  TAP; the
# host (test-bench.sh) validates the files that come back against
# doc/results.md.
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

# Several mistakes: every one named, each on its own line, past the
# module's limits too; still before the device is opened.
printf 'backend=slab workload=alloc size=64 count=8\nbackend=all workload=alloc size=8M count=8\n# fine\nbackend=all workload=alloc size=64 count=2000000 repeats=9999 warmup=2\n' > /tmp/bad2.suite
out=$(./pmbench run --suite /tmp/bad2.suite --results "$OUT" 2>&1)
rc=$?
lines=$(echo "$out" | grep -c '^pmbench: /tmp/bad2.suite:[0-9]*: ')
case "$rc:$out" in
2:*"bad2.suite:1: backend=slab"*"bad2.suite:2: size=8M: more than PMB_JOB_SIZE_MAX"*"bad2.suite:4: count=2000000: more than PMB_JOB_COUNT_MAX"*)
	[ "$lines" = 3 ] && ok "suite with three bad lines: all three named, status 2" ||
		nok "suite with three bad lines: all three named, status 2" "$lines lines: $out" ;;
*) nok "suite with three bad lines: all three named, status 2" "rc=$rc $out" ;;
esac

# The registry's names, without the module.
[ "$(./pmbench list backends | tr '\n' ' ')" = "$(./pmbench list pairs | awk '$2 == "alloc" { printf "%s ", $1 }')" ] &&
	ok "pmbench list backends: one name per line, the backends of list pairs" ||
	nok "pmbench list backends: one name per line, the backends of list pairs" "$(./pmbench list backends 2>&1 | tr '\n' ' ')"

if insmod /pmbench/pmbench.ko; then ok "insmod pmbench.ko"; else nok "insmod pmbench.ko"; fi

# As non-root: the permission message, not a crash.
out=$(./pmb-runas 65534 ./pmbench run --suite "$suite" --results /tmp/r 2>&1)
rc=$?
case "$rc:$out" in
1:*"permission denied"*"root"*) ok "run as non-root: clear message, status 1" ;;
*) nok "run as non-root: clear message, status 1" "rc=$rc $out" ;;
esac

# A job pinned to a CPU the machine does not have: refused before the
# first job runs, every such job named, no run folder.
ncpu=$(./pmbench caps | sed -n 's/.*"cpus":\([0-9]*\).*/\1/p')
nb=$(./pmbench list backends | wc -l)
out=$(./pmbench run --job "backend=all workload=alloc size=64 count=8 repeats=1 cpu=0,$ncpu" \
	--results "$OUT" --run-id cpu-past --suite-revision test 2>&1)
rc=$?
named=$(echo "$out" | grep -c "cpu=$ncpu, but the module sees $ncpu CPUs")
if [ "$rc" = 2 ] && [ "$named" = "$nb" ] && [ ! -e "$OUT/cpu-past" ] &&
   echo "$out" | grep -q "$nb jobs cannot run on this machine; nothing was run"; then
	ok "cpu=$ncpu on $ncpu CPUs: every such job named, status 2, nothing run"
else
	nok "cpu=$ncpu on $ncpu CPUs: every such job named, status 2, nothing run" "rc=$rc named=$named of $nb: $(echo "$out" | head -3)"
fi

# The one job every engine must run.
out=$(./pmbench job --backend vmalloc --workload alloc --size 64 --count 100 2>&1)
case $out in
*'"status":"ok"'*) ok "pmbench job vmalloc alloc 64 x 100: status ok" ;;
*) nok "pmbench job vmalloc alloc 64 x 100: status ok" "$(echo "$out" | head -1)" ;;
esac

# Old suites say "pmalloc": the alias runs the genalloc design, and every
# line says pmalloc-genalloc (doc/results.md: only row names are written).
./pmbench run --job 'backend=pmalloc workload=alloc size=64 count=8 repeats=1' \
	--results "$OUT" --run-id alias --suite-revision test --quiet > /dev/null 2> /tmp/alias.err
rc=$?
if [ "$rc" = 0 ] && grep -q '"backend":"pmalloc-genalloc"' "$OUT/alias/results.jsonl" &&
   ! grep -q '"backend":"pmalloc"' "$OUT/alias/results.jsonl"; then
	ok "suite backend=pmalloc (the alias) runs pmalloc-genalloc, written by that name"
else
	nok "suite backend=pmalloc (the alias) runs pmalloc-genalloc, written by that name" "rc=$rc $(head -c 300 "$OUT/alias/results.jsonl" 2>&1) $(head -2 /tmp/alias.err)"
fi
out=$(./pmbench job --backend pmalloc --workload alloc --size 64 --count 8 --repeats 1 2>&1)
if echo "$out" | grep -q '"backend":"pmalloc-genalloc"' && echo "$out" | grep -q '"status":"ok"'; then
	ok "pmbench job --backend pmalloc: pmalloc-genalloc, status ok"
else
	nok "pmbench job --backend pmalloc: pmalloc-genalloc, status ok" "$(echo "$out" | head -1)"
fi

# Interleaved rounds through the real module: --rounds out of range is one
# line and status 2, nothing run; two backends in 2 rounds give every job
# its repeats, each line saying its round, and env.json the setting.
out=$(./pmbench run --job 'backend=vmalloc workload=alloc size=64 count=8' --rounds 0 \
	--results "$OUT" --run-id rounds0 2>&1)
rc=$?
if [ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && [ ! -e "$OUT/rounds0" ] &&
   echo "$out" | grep -q '^pmbench: run: --rounds 0: auto, or a number from 1 to '; then
	ok "--rounds 0: one line, status 2, nothing run"
else
	nok "--rounds 0: one line, status 2, nothing run" "rc=$rc $out"
fi
./pmbench run --job 'backend=vmalloc,pmalloc-genalloc workload=alloc size=64 count=8 repeats=3 warmup=1' \
	--rounds 2 --results "$OUT" --run-id rounds --suite-revision test --quiet > /dev/null 2> /tmp/rounds.err
rc=$?
r0=$(grep -c '"job":0,.*"round":0,' "$OUT/rounds/results.jsonl")
r1=$(grep -c '"job":1,.*"round":1,' "$OUT/rounds/results.jsonl")
all=$(grep -c '"status":"ok"' "$OUT/rounds/results.jsonl")
if [ "$rc" = 0 ] && [ "$all" = 6 ] && [ "$r0" = 2 ] && [ "$r1" = 1 ] &&
   grep -q '"rounds": 2' "$OUT/rounds/env.json"; then
	ok "--rounds 2: 3 repeats as 2 + 1 per backend, lines say their round, env.json rounds 2"
else
	nok "--rounds 2: 3 repeats as 2 + 1 per backend, lines say their round, env.json rounds 2" \
		"rc=$rc ok=$all job0/round0=$r0 job1/round1=$r1 $(head -2 /tmp/rounds.err)"
fi

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

# A module built from other registry rows than the driver: the test hook
# describe_skew makes backend 0 answer PMB_IOC_DESCRIBE with other caps.
# pmbench run and pmbench job refuse before any job, one line, status 2,
# and no result line is written.  Then the module is loaded as it should
# be, and jobs run again.
b0=$(./pmbench list backends | head -1)
skew_line="pmbench: the loaded module and this driver disagree on backend 0 \"$b0\" (caps 0x"
if insmod /pmbench/pmbench.ko describe_skew=1; then
	if [ -e /sys/module/pmbench/parameters/describe_skew ]; then
		ok "insmod describe_skew=1"
	else
		nok "insmod describe_skew=1" "the module has no describe_skew parameter (the registry check of the module side is missing)"
	fi
	out=$(run --run-id skew --quiet 2>&1)
	rc=$?
	case "$rc:$out" in
	"2:$skew_line"*" there, 0x"*" here): rebuild and reload both")
		ok "registry skew: pmbench run refuses, one line, status 2" ;;
	*) nok "registry skew: pmbench run refuses, one line, status 2" "rc=$rc $(echo "$out" | head -3)" ;;
	esac
	[ ! -e "$OUT/skew" ] && ok "registry skew: no run folder, no result line" ||
		nok "registry skew: no run folder, no result line" "$(ls "$OUT/skew" 2>&1; head -c 300 "$OUT/skew/results.jsonl" 2>&1)"
	./pmbench job --backend "$b0" --workload alloc --size 64 --count 8 > /tmp/skew.out 2> /tmp/skew.err
	rc=$?
	if [ "$rc" = 2 ] && [ ! -s /tmp/skew.out ] && grep -q "^$skew_line" /tmp/skew.err; then
		ok "registry skew: pmbench job refuses too, no JSON line"
	else
		nok "registry skew: pmbench job refuses too, no JSON line" "rc=$rc $(head -c 300 /tmp/skew.out /tmp/skew.err)"
	fi
	rmmod pmbench || nok "rmmod after describe_skew"
else
	nok "insmod describe_skew=1"
fi
if insmod /pmbench/pmbench.ko; then
	out=$(./pmbench job --backend "$b0" --workload alloc --size 64 --count 8 --repeats 1 2>&1)
	case $out in
	*'"status":"ok"'*) ok "reloaded without the hook: jobs run again" ;;
	*) nok "reloaded without the hook: jobs run again" "$(echo "$out" | head -2)" ;;
	esac
	rmmod pmbench || nok "rmmod at the end"
else
	nok "insmod without the hook"
fi
[ "$failed" -eq 0 ]
