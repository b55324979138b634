#!/bin/bash
# Concurrency in the VM: several driver processes at once, a job killed by
# SIGKILL, and rmmod while a job runs.  What must hold (README, "Robustness"):
#   - one pmbench process runs jobs at a time: the others are refused with
#     a clear line (the driver's flock on /dev/pmbench); a program that
#     bypasses the driver gets EBUSY from the module;
#   - a killed job frees everything it held;
#   - rmmod while a job runs is refused (the open device holds the module)
#     and the job goes on.  (pmb-ioctl-probe, in test-module.sh, checks
#     the module's own EBUSY between raw callers.)
# PMB_CONC_ROUNDS (default 3; `make stress`: 30) sets how long the race runs.
set -u
. "$(dirname "$0")/lib.sh"
rounds=${PMB_CONC_ROUNDS:-3}
vm_guest_tap $((rounds * 60 + 120)) "rounds=$rounds" \
	--add "$top_src/bench/suites/quick.suite:/pmbench/quick.suite" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }

# ---- four drivers racing: every job either runs or is refused clearly ----
racer() { # ID: jobs back to back, one outcome per line
	i=0
	while [ $i -lt $((rounds * 8)) ]; do
		out=$(./pmbench job --backend vmalloc --workload protect --size 64 --count 256 --repeats 2 2>&1)
		case $out in
		*'"status":"ok"'*) echo ok ;;
		*"another pmbench process"*) echo refused ;;
		*) echo "other: $(echo "$out" | head -1)" ;;
		esac
		i=$((i + 1))
	done > /tmp/racer.$1
}
for r in 1 2 3 4; do racer $r & done
wait
cat /tmp/racer.* > /tmp/racers
total=$(wc -l < /tmp/racers)
okc=$(grep -c '^ok$' /tmp/racers)
ref=$(grep -c '^refused$' /tmp/racers)
other=$(grep '^other' /tmp/racers | sort | uniq -c | head -3)
echo "# concurrency: 4 drivers, $total jobs: $okc ran, $ref refused"
expect "concurrency: 4 racing drivers: every job ran or was refused clearly" \
	"$total == 4 * $rounds * 8 && $okc + $ref == $total" "$other"
expect "concurrency: jobs ran ($okc) and some were refused ($ref)" "$okc > 0 && $ref > 0" "ok=$okc refused=$ref"
live=$(live_vmalloc)
expect "concurrency: after the race no vmalloc area of ours is left" "$live == 0" "$live areas"

# A job that only a signal ends soon: 9999 passes of vmalloc flips.
# 256 objects: 3 passes end soon even with cpa on a busy host (4096 cpa
# flips a pass took over a minute there), 9999 do not.
endless='backend=vmalloc workload=protect size=64 count=256'

# ---- two runs at once: the second is refused, the first intact ----
# The first run's first job is short and lands in results.jsonl; its
# second runs until SIGINT.
./pmbench run --job "$endless repeats=3,9999" --results /tmp/res --run-id first \
	--quiet > /dev/null 2> /tmp/first.err &
p=$!
wait_for 60 grep -q '"repeat":2' /tmp/res/first/results.jsonl || echo "# the first run wrote no line in $((60 * time_scale)) s"
out=$(./pmbench run --suite /pmbench/quick.suite --results /tmp/res --run-id second --quiet 2>&1)
rc=$?
case "$rc:$out" in
1:*"another pmbench process"*) ok "concurrency: a second run is refused with a clear line, status 1" ;;
*) nok "concurrency: a second run is refused with a clear line, status 1" "rc=$rc $out" ;;
esac
[ ! -e /tmp/res/second ] && ok "concurrency: the refused run left no folder" || nok "concurrency: the refused run left no folder"
kill -INT $p
wait $p
rc1=$?
oks=$(grep -c '"status":"ok"' /tmp/res/first/results.jsonl)
errs=$(grep -c '"status":"error"' /tmp/res/first/results.jsonl)
expect "concurrency: the first run, interrupted later, kept its finished job (3 lines, no error) and status 130" \
	"$rc1 == 130 && $oks == 3 && $errs == 0" "rc=$rc1 ok=$oks errors=$errs $(tail -1 /tmp/first.err)"

# ---- SIGKILL in the middle of a job ----
i=0 worst=0 left=0 killed=0
while [ $i -lt $rounds ]; do
	# 32768 pages: within the quarter of RAM a job may take.
	./pmbench job --backend vmalloc --workload protect --size 64 --count 32768 --repeats 100 > /tmp/kill.out 2>&1 &
	p=$!
	# Killed once it holds objects: the job has started and must free them.
	wait_for 60 a_job_runs || echo "# round $i: the job allocated nothing in $((60 * time_scale)) s"
	t0=$(uptime_cs)
	kill -KILL $p
	wait $p 2>/dev/null
	st=$?
	dt=$(( $(uptime_cs) - t0 ))
	# 137: it died of the SIGKILL, not of anything before it.
	[ $st -eq 137 ] && [ ! -s /tmp/kill.out ] && killed=$((killed + 1))
	[ $dt -gt $worst ] && worst=$dt
	l=$(live_vmalloc); left=$((left + l))
	i=$((i + 1))
done
# How long it took is a figure, not a test: the job stops within 64
# objects; making up to 32768 protected objects writable again and freeing
# them takes most of the time (~2 s under TCG on an idle machine).
echo "# SIGKILL: $killed of $rounds jobs killed while running, slowest gone in ${worst}0 ms"
expect "concurrency: SIGKILL ends a 32768-object job while it runs, status 137 ($rounds times)" \
	"$killed == $rounds" "$killed killed while running, ${worst}0 ms; $(head -c 200 /tmp/kill.out)"
expect "concurrency: after each SIGKILL nothing of the job is left" "$left == 0" "$left areas"

# ---- rmmod while a job runs: refused, the job unharmed ----
./pmbench job --backend vmalloc --workload protect --size 64 --count 4096 --repeats 9999 > /tmp/long.out 2>&1 &
p=$!
wait_for 60 a_job_runs || echo "# the job allocated nothing in $((60 * time_scale)) s"
out=$(rmmod pmbench 2>&1); rc=$?
echo "# rmmod said: $out"
expect "concurrency: rmmod while a job runs is refused" "$rc != 0" "rmmod succeeded: $out"
[ -c /dev/pmbench ] && kill -0 $p 2>/dev/null && ok "concurrency: the device and the job are still there" ||
	nok "concurrency: the device and the job are still there" "$(cat /tmp/long.out)"
kill -TERM $p
wait $p
live=$(live_vmalloc)
expect "concurrency: the job, then ended by SIGTERM, left nothing" "$live == 0" "$live areas"
rmmod pmbench && ok "concurrency: rmmod once the job is over" || nok "concurrency: rmmod once the job is over"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "concurrency: no oops, BUG or WARNING in dmesg" || nok "concurrency: no oops, BUG or WARNING in dmesg" "$trouble"
done_tap
GUEST
