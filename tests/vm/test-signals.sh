#!/bin/bash
# Signals in the VM: a job is interrupted in each of its long phases and
# must end (SIGTERM to `pmbench run`: the module answers EINTR, the run
# records no line and exits 130; SIGKILL to `pmbench job`: the process
# dies, 137) with everything it held freed: no vmalloc area of the module
# left, VmallocUsed back where it was.  The phases:
#   - allocation with memory nearly full (a tmpfs file holds the rest):
#     pmalloc 4 KiB objects, each a refill of three allocations;
#   - teardown of 20000 protected vmalloc objects, cpa and pte (read
#     job, SIGKILL once the protect's IPIs are done);
#   - linking of a 1M-object chase (kmalloc, 8 B);
#   - footprint's sort of 1M page intervals (kmalloc, 8 B).
# Each waits for an event (VmallocUsed, IPI counts) to know the phase is
# under way, never a fixed sleep.  The time from signal to the driver's
# exit is printed as a "# " line, never asserted: tests do not judge
# speed.  PMB_TIME_SCALE (default 1) stretches every timeout: lib.sh
# scales the VM's, guest-lib.sh passes it into the guest as $time_scale.
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 600 "" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
vm_used() { awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo; }
mem_free() { awk '/^MemFree:/ { print $2 }' /proc/meminfo; }
oom_kills() { dmesg | grep -c 'invoked oom-killer'; }
# Function-call and TLB-shootdown IPIs so far, all CPUs: every protection
# flip of a vmalloc object sends at least one.
ipis() {
	awk '$1 == "CAL:" || $1 == "TLB:" {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i }
		END { print s + 0 }' /proc/interrupts
}
gone() { ! kill -0 "$1" 2>/dev/null; }
# wait_until SECONDS COMMAND...: poll until COMMAND succeeds, for at most
# SECONDS x PMB_TIME_SCALE of guest time; with $wp set, give up as soon as
# that process is gone.
wp=
wait_until() {
	_end=$(( $(uptime_cs) + $1 * time_scale * 100 ))
	shift
	while [ "$(uptime_cs)" -lt $_end ]; do
		"$@" && return 0
		[ -n "$wp" ] && gone $wp && return 1
		sleep 0.05
	done
	return 1
}
# Events, from /proc/meminfo and /proc/interrupts (cheap; counting 20000
# lines of /proc/vmallocinfo at every poll is not, under TCG).
vm_grew() { [ "$(vm_used)" -ge $((vm0 + $1)) ]; }
vm_grew_between() {
	_v=$(vm_used)
	[ $_v -ge $((vm0 + $1)) ] && [ $_v -lt $((vm0 + $2)) ]
}
ipis_at_least() { [ "$(ipis)" -ge "$1" ]; }
vm_back() { [ "$(vm_used)" -le $((vm0 + 64)) ]; }

summary=""
# after_job NAME WANT-STATUS: reap $p, check it ended as it should and
# left nothing.
after_job() {
	wait $p
	st=$?
	dt=$(( $(uptime_cs) - t0 ))
	echo "# signal latency: $1: ${dt}0 ms (signal to the driver's exit)"
	summary="$summary; $1 ${dt}0 ms"
	if [ "$2" = 130 ]; then
		lines=$(grep -c . /tmp/res/sig/results.jsonl 2>/dev/null)
		expect "signals: $1: SIGTERM ends the job with EINTR (run status 130, no line for it)" \
			"$st == 130 && ${lines:-0} == 0" "status $st, $lines lines: $(tail -2 /tmp/job.err | tr '\n' '|')"
	else
		expect "signals: $1: SIGKILL kills the driver (status 137)" "$st == 137" \
			"status $st: $(head -c 200 /tmp/job.err)"
	fi
	live=$(live_vmalloc)
	expect "signals: $1: no vmalloc area of the module left" "$live == 0" "$live areas"
	wait_until 10 vm_back
	expect "signals: $1: VmallocUsed back (within 64 kB)" "$(vm_used) <= $vm0 + 64" \
		"$(vm_used) kB, was $vm0 kB"
}
# start_run SPEC: `pmbench run` of one job in the background, as $p.
start_run() {
	rm -rf /tmp/res
	./pmbench run --job "$1" --results /tmp/res --run-id sig --quiet \
		> /dev/null 2> /tmp/job.err &
	p=$! wp=$!
}
# start_job ARGS...: `pmbench job` in the background, as $p.
start_job() {
	./pmbench job "$@" > /dev/null 2> /tmp/job.err &
	p=$! wp=$!
}
# send_sig NAME SIG EVENT-SEEN: note whether the event came, signal $p.
send_sig() {
	[ "$3" = 1 ] || echo "# $1: the event did not come; signalled anyway"
	gone $p && nok "signals: $1: the job was still running when signalled" \
		"$(tail -2 /tmp/job.err | tr '\n' '|')"
	t0=$(uptime_cs) wp=
	echo "# $1: signalled at ${t0}0 ms of uptime"
	kill -$2 $p
}
vm0=$(vm_used)
echo "# VmallocUsed before the jobs: $vm0 kB"

# ---- allocation with memory nearly full ----
mkdir -p /hog && mount -t tmpfs -o size=2g tmpfs /hog
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
dd if=/dev/zero of=/hog/fill bs=1M count=$(( (avail - 160 * 1024) / 1024 )) 2>/dev/null
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
# About 8.5 KiB per 4 KiB pmalloc object (chunk, genalloc's header,
# bitmaps): a pass takes all but ~40 MiB of what is left.
count=$(( (avail - 40 * 1024) * 1024 / 8704 ))
[ $count -ge 1000 ] || count=1000
echo "# pressure: $avail kB available, pmalloc 4 KiB x $count per pass"
kills0=$(oom_kills)
for sig in TERM KILL; do
	name="alloc under memory pressure (pmalloc 4k, SIG$sig)"
	if [ $sig = TERM ]; then
		start_run "backend=pmalloc-genalloc workload=alloc size=4k count=$count repeats=9999 warmup=0"
	else
		start_job --backend pmalloc-genalloc --workload alloc --size 4096 --count $count --repeats 9999 --warmup 0
	fi
	# Two vmalloc pages per object (chunk, genalloc's header): past half
	# a pass.
	seen=0; wait_until 120 vm_grew $((count * 4)) && seen=1
	echo "# $name: MemFree $(mem_free) kB when signalled"
	send_sig "$name" $sig $seen
	after_job "$name" $([ $sig = TERM ] && echo 130 || echo 137)
done
kills=$(( $(oom_kills) - kills0 ))
expect "signals: no OOM killer under memory pressure" "$kills == 0" "$kills OOM kills"
rm -f /hog/fill
umount /hog

# ---- teardown of 20000 protected vmalloc objects ----
# The read job allocates them (a page each), protects them one by one (an
# IPI or more each), then reads until signalled: the signal lands in the
# reads or in the teardown after the last one, and the teardown (make each
# writable, vfree it) is what is left.  SIGKILL, so either way the driver
# dies.  Both methods: on a signal, pte makes the rest writable with one
# flush round, cpa still needs a set_memory_rw() per object.
for m in cpa pte; do
	name="teardown of 20000 protected vmalloc objects ($m, SIGKILL)"
	start_job --backend vmalloc --workload read --size 64 --count 20000 --protected \
		--method $m --repeats 9999 --warmup 0
	seen=0
	if wait_until 120 vm_grew 80000; then
		wait_until 120 ipis_at_least $(( $(ipis) + 20000 )) && seen=1
	fi
	send_sig "$name" KILL $seen
	after_job "$name" 137
done

# ---- linking a 1M-object chase ----
# Two areas of ours: the object array and the shuffled order (8 MiB
# each); the figures after the linking take 8 + 16 MiB.
name="chase linking of 1M objects (kmalloc 8 B)"
start_run "backend=kmalloc workload=read size=8 count=1M repeats=9999 warmup=0"
seen=0; wait_until 120 vm_grew_between 16000 20000 && seen=1
send_sig "$name" TERM $seen
after_job "$name" 130

# ---- footprint's sort of 1M entries ----
# Two areas: the object array (8 MiB) and the page intervals (16 MiB).
name="footprint sort of 1M entries (kmalloc 8 B)"
start_run "backend=kmalloc workload=footprint size=8 count=1M repeats=9999 warmup=0"
seen=0; wait_until 120 vm_grew 24000 && seen=1
send_sig "$name" TERM $seen
after_job "$name" 130

echo "# signal latencies$summary"
rmmod pmbench && ok "rmmod" || nok "rmmod"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "signals: no oops, BUG or WARNING in dmesg" || nok "signals: no oops, BUG or WARNING in dmesg" "$trouble"
done_tap
GUEST
