#!/bin/bash
# The pmalloc-bump backend (Stoppa's v20-v22 pmalloc) through the job
# engine in the VM: every workload under both protection methods (free is
# unsupported: the design has no free), its figures, the refill parameter
# bump_refill_pages, cleanup after an allocation failure, a job of a
# million objects ended by SIGINT and by SIGKILL, memory running out with
# no OOM killer, and a clean unload.  Its self-tests (pmalloc_bump_*) run
# with the other pmalloc ones in test-pmalloc.sh.  Waits are for events
# (VmallocUsed growing, a process gone), never fixed sleeps; the time from
# a signal to the end of the job is printed, not asserted.
# PMB_TIME_SCALE stretches every timeout (lib.sh, guest-lib.sh).
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 600 "" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
job() { ./pmbench job "$@" 2>&1; }
params=/sys/module/pmbench/parameters
vm_used() { awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo; }
oom_kills() { dmesg | grep -c 'invoked oom-killer'; }
gone() { ! kill -0 "$1" 2>/dev/null; }
kills0=$(oom_kills)
B=pmalloc-bump

case $(./pmbench caps) in
*'"backends":['*'"pmalloc-bump"'*) ok "caps lists pmalloc-bump" ;;
*) nok "caps lists pmalloc-bump" "$(./pmbench caps)" ;;
esac
r=$(cat $params/bump_refill_pages)
expect "bump_refill_pages defaults to 1" "\"$r\" == \"1\"" "$r"

# ---- every workload, 256 objects of 64 B: 4 one-page areas ----
N=256 S=64
for m in cpa pte; do
	# One flush round per area under cpa, one for the pool under pte.
	fl=4; [ $m = pte ] && fl=1
	for w in alloc free protect unprotect read footprint destroy; do
		v=
		case $w in protect|unprotect) v=--verify ;; esac
		out=$(job --backend $B --workload $w --size $S --count $N --repeats 2 --warmup 1 --method $m $v)
		name="$B/$w ($m)"
		if [ $w = free ]; then
			case $out in
			*'"status":"unsupported"'*) ok "$name: unsupported (no free in the design)" ;;
			*) nok "$name: unsupported (no free in the design)" "$(echo "$out" | head -1)" ;;
			esac
			continue
		fi
		lines=$(echo "$out" | grep -c '"status":"ok"')
		pages=$(echo "$out" | field pages | head -1)
		areas=$(echo "$out" | field vmap_areas | head -1)
		cons=$(echo "$out" | field bytes_consumed | head -1)
		detail="lines=$lines pages=$pages areas=$areas consumed=$cons: $(echo "$out" | head -1 | head -c 300)"
		expect "$name: 2 samples, 4 areas of 1 page, bookkeeping counted" \
			"$lines == 2 && $pages == 4 && $areas == 4 && $cons > 4 * 4096" "$detail"
		if [ -n "$v" ]; then
			vf=$(echo "$out" | field verified | sort -u)
			f=$(echo "$out" | field tlb_flushes | sort -u)
			pm=$(echo "$out" | field protect_method | sort -u | tr -d '"')
			expect "$name: verified, $fl flush round(s), method $m" \
				"\"$vf\" == \"true\" && \"$f\" == \"$fl\" && \"$pm\" == \"$m\"" \
				"verified=$vf flushes=$f method=$pm"
		fi
	done
	out=$(job --backend $B --workload read --size 64 --count 1024 --repeats 2 --protected --verify --method $m)
	vf=$(echo "$out" | field verified | sort -u)
	expect "$B/read --protected --verify ($m): verified" "\"$vf\" == \"true\"" "$(echo "$out" | head -1)"
done
# cpa flips 256 areas in batches (a look for a signal between two): one
# flush round per area still, every page checked.
for w in protect unprotect; do
	out=$(job --backend $B --workload $w --size 64 --count 16384 --repeats 1 --method cpa --verify)
	f=$(echo "$out" | field tlb_flushes) vf=$(echo "$out" | field verified)
	expect "$B/$w (cpa), 256 areas: 256 flush rounds, verified" \
		"\"$f\" == \"256\" && \"$vf\" == \"true\"" "$(echo "$out" | head -c 300)"
done
out=$(job --backend $B --workload read --size 64 --count 1024 --repeats 2 --sweep)
case $(echo "$out" | field pattern | sort -u) in
'"sweep"') ok "$B/read --sweep" ;;
*) nok "$B/read --sweep" "$(echo "$out" | head -1)" ;;
esac

# ---- the refill ----
# Objects larger than the refill get an area of their own.
out=$(job --backend $B --workload footprint --size 8192 --count 16 --repeats 1)
a=$(echo "$out" | field vmap_areas) p=$(echo "$out" | field pages)
expect "8 KiB objects, refill 1 page: 16 areas of 2 pages" "$a == 16 && $p == 32" "$out"
for bad in 0 513 x; do
	if echo $bad > $params/bump_refill_pages 2>/dev/null; then
		nok "bump_refill_pages=$bad refused" "accepted"
	else
		ok "bump_refill_pages=$bad refused"
	fi
done
echo 16 > $params/bump_refill_pages
out=$(job --backend $B --workload footprint --size 64 --count 1024 --repeats 1)
a=$(echo "$out" | field vmap_areas) p=$(echo "$out" | field pages)
expect "refill 16 pages: 1024 x 64 B in 1 area of 16 pages" "$a == 1 && $p == 16" "$out"
out=$(job --backend $B --workload protect --size 64 --count 4096 --repeats 1 --method cpa --verify)
f=$(echo "$out" | field tlb_flushes) vf=$(echo "$out" | field verified)
expect "refill 16 pages, cpa: 4096 x 64 B protected in 4 flush rounds" \
	"$f == 4 && \"$vf\" == \"true\"" "$out"
echo 1 > $params/bump_refill_pages
out=$(job --backend $B --workload footprint --size 64 --count 1024 --repeats 1)
a=$(echo "$out" | field vmap_areas)
expect "refill back to 1 page: 16 areas" "$a == 16" "$out"

# ---- an allocation failing midway (test hook) ----
echo 40 > $params/fail_alloc_at
for w in alloc protect unprotect read footprint destroy; do
	out=$(job --backend $B --workload $w --size 64 --count 256)
	rc=$?
	case "$rc:$out" in
	1:*"out of memory"*) ok "$B/$w: ENOMEM at object 40" ;;
	*) nok "$B/$w: ENOMEM at object 40" "rc=$rc $out" ;;
	esac
done
echo -1 > $params/fail_alloc_at
live=$(live_vmalloc)
expect "after the failures: no area of ours left" "$live == 0" "$live areas"

# ---- a million objects, ended by a signal ----
vm0=$(vm_used)
# run_and_signal NAME KB SIG WANT-STATUS COMMAND...: start it, wait until
# VmallocUsed has grown by KB (its object array, 8 MiB for 1M objects, and
# its areas), signal it, wait for it to end.
run_and_signal() {
	name=$1 kb=$2 sig=$3 want=$4
	shift 4
	"$@" > /tmp/sig.out 2>&1 &
	p=$!
	grew() { [ "$(vm_used)" -ge $((vm0 + kb)) ] || gone $p; }
	wait_for 120 grew || echo "# $name: VmallocUsed did not grow by $kb kB"
	gone $p && nok "$name: still running when signalled" "$(head -c 300 /tmp/sig.out)"
	t0=$(uptime_cs)
	kill -$sig $p
	if wait_for 120 gone $p; then
		wait $p
		st=$?
		echo "# $name: ended $(( ($(uptime_cs) - t0) * 10 )) ms after SIG$sig"
		expect "$name: ends on SIG$sig (status $want)" "$st == $want" \
			"status $st: $(head -c 300 /tmp/sig.out)"
	else
		nok "$name: ends on SIG$sig" "still running after $((120 * time_scale)) s"
		kill -9 $p
		wait $p
	fi
	live=$(live_vmalloc)
	expect "$name: no area of ours left" "$live == 0" "$live areas"
}
# pmbench run catches SIGINT: the module answers EINTR, the run exits 130.
run_and_signal "1M x 64 B alloc (SIGINT to pmbench run)" 16384 INT 130 \
	./pmbench run --job "backend=$B workload=alloc size=64 count=1M repeats=9999 warmup=0" \
	--results /tmp/res --run-id sig --quiet
lines=$(grep -c . /tmp/res/sig/results.jsonl 2>/dev/null)
expect "1M x 64 B alloc: no result line for the interrupted job" "${lines:-0} == 0" "$lines lines"
# The job itself dies of SIGKILL: the module unwinds and frees it all.
# While allocating (16 MiB), and once all 16384 areas exist (72 MiB): the
# signal then lands in the protect (cpa: a set_memory_ro() per area) or in
# the teardown after it (writable again, vfree of each area).
for m in cpa pte; do
	for kb in 16384 73728; do
		run_and_signal "1M x 64 B protect, $m, at +$((kb / 1024)) MiB (SIGKILL to pmbench job)" \
			$kb KILL 137 \
			./pmbench job --backend $B --workload protect --size 64 --count 1048576 \
			--repeats 9999 --warmup 0 --method $m
	done
done
vm_back() { [ "$(vm_used)" -le $((vm0 + 64)) ]; }
wait_for 10 vm_back
expect "after the signals: VmallocUsed back (within 64 kB)" "$(vm_used) <= $vm0 + 64" \
	"$(vm_used) kB, was $vm0 kB"

# ---- memory running out ----
mkdir -p /hog && mount -t tmpfs -o size=2g tmpfs /hog
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
dd if=/dev/zero of=/hog/fill bs=1M count=$(( (avail - 80 * 1024) / 1024 )) 2>/dev/null
# 160 MiB of 4 KiB objects, each in a one-page area of its own.
count=40960
out=$(job --backend $B --workload alloc --size 4096 --count $count --repeats 1 --warmup 0)
rc=$?
case "$rc:$out" in
1:*"too big"*) ok "160 MiB job, ~80 MiB available: refused up front (E2BIG)" ;;
*) nok "160 MiB job, ~80 MiB available: refused up front (E2BIG)" "rc=$rc $(echo "$out" | head -c 300)" ;;
esac
echo N > $params/check_available
for size in 2048 4096 8192; do
	out=$(job --backend $B --workload alloc --size $size --count $(( 160 * 1048576 / size )) --repeats 1 --warmup 0)
	rc=$?
	case "$rc:$out" in
	1:*"out of memory midway"*) ok "$size B objects, check off: out of memory midway, status 1" ;;
	*) nok "$size B objects, check off: out of memory midway, status 1" "rc=$rc $(echo "$out" | head -c 300)" ;;
	esac
done
echo Y > $params/check_available
kills=$(( $(oom_kills) - kills0 ))
expect "no OOM killer was called" "$kills == 0" "$kills OOM kills"
live=$(live_vmalloc)
expect "nothing of the failed jobs left" "$live == 0" "$live areas"
rm -f /hog/fill
umount /hog

rmmod pmbench && ok "rmmod pmbench" || nok "rmmod pmbench"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "no oops, BUG or WARNING in dmesg" || nok "no oops, BUG or WARNING in dmesg" "$trouble"
bad=$(dmesg -r | grep -E '^<[0-4]>' | grep -i pmbench | grep -vE 'taints kernel|tainting kernel')
[ -z "$bad" ] && ok "no pmbench kernel message above notice level" || nok "no pmbench kernel message above notice level" "$bad"
done_tap
GUEST
