#!/bin/bash
# The write-once slab (wo-slab: the window opened by set_memory_rw/ro on
# the page; wo-slab-alias: through a vmap() alias) through the job engine
# in the VM: its self-tests, every workload of both rows (those that write
# objects after allocating them, unprotect and grow unsupported, from the
# registry), the figures (pages, no vmalloc area, window_ns on alloc only),
# protect's verify (direct-map PTEs read-only, the drill's write faults,
# nothing flipped), the pte method unsupported, the direct-map splits
# a job records, cleanup after an allocation
# failure, a job of a million objects ended by SIGINT and by SIGKILL,
# memory running out with no OOM killer, and a clean unload.  Leaks are
# read from the module's wo_slab_live_pages (direct-map pages show in no
# /proc file by owner).  Waits are for events, never fixed sleeps.
# PMB_TIME_SCALE stretches every timeout (lib.sh, guest-lib.sh).
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 900 "" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
job() { ./pmbench job "$@" 2>&1; }
params=/sys/module/pmbench/parameters
live() { cat $params/wo_slab_live_pages; }
no_live() { [ "$(live)" = 0 ]; }
oom_kills() { dmesg | grep -c 'invoked oom-killer'; }
gone() { ! kill -0 "$1" 2>/dev/null; }
kills0=$(oom_kills)

case $(./pmbench caps) in
*'"wo-slab"'*'"wo-slab-alias"'*) ok "caps lists wo-slab and wo-slab-alias" ;;
*) nok "caps lists wo-slab and wo-slab-alias" "$(./pmbench caps)" ;;
esac

# ---- the direct map, first thing after boot ----
# What the driver records over a job (pmbench run): set_memory_ro() on a
# slab page inside a 2 MiB direct-map page splits it, once; later jobs
# reuse pages already split.  Printed, not asserted beyond being there.
for B in wo-slab wo-slab-alias; do
	rm -rf /tmp/res/dm-$B
	./pmbench run --job "backend=$B workload=alloc size=64 count=4096 repeats=1 warmup=0" \
		--results /tmp/res --run-id dm-$B --quiet > /dev/null 2>&1
	l=$(head -1 /tmp/res/dm-$B/results.jsonl 2>/dev/null)
	sp=$(echo "$l" | sed -n 's/.*"direct_map_splits":\({[^}]*}\|null\).*/\1/p')
	dk=$(echo "$l" | sed -n 's/.*"directmap_kb":\({[^}]*}[^}]*}\|null\).*/\1/p')
	echo "# $B alloc 4096 x 64 B (64 slabs): direct_map_splits=$sp directmap_kb=$dk"
	case $sp in
	'{'*) ok "$B: the job's direct-map splits recorded" ;;
	*) nok "$B: the job's direct-map splits recorded" "$(echo "$l" | head -c 300)" ;;
	esac
done

# ---- the allocator's self-tests ----
names=$(./pmbench selftest --list | grep -E '^wo_slab_')
expect "two wo_slab self-tests listed" "$(echo $names | wc -w) == 2" "$names"
./pmbench selftest $names > /tmp/selftest.out 2>&1
st=$?
grep -v '^1\.\.' /tmp/selftest.out | sed 's/^/# /'
expect "wo_slab self-tests pass" "$st == 0 && $(grep -c '^ok' /tmp/selftest.out) == 2" \
	"status $st: $(grep -v '^ok' /tmp/selftest.out | head -3)"
expect "self-tests: no page left" "$(live) == 0" "$(live) pages"

# ---- every workload, 256 objects of 64 B: 4 one-page slabs ----
./pmbench list pairs > /tmp/pairs
N=256 S=64
for B in wo-slab wo-slab-alias; do
	for w in $(awk -v b=$B '$1 == b { print $2 }' /tmp/pairs); do
		support=$(awk -v b=$B -v w=$w '$1 == b && $2 == w { print $3 }' /tmp/pairs)
		name="$B/$w"
		v=
		[ $w = protect ] && v=--verify
		out=$(job --backend $B --workload $w --size $S --count $N --repeats 2 --warmup 1 $v)
		if [ "$support" = unsupported ]; then
			case $w in
			unprotect|read|usercopy|copyout|copyout_unchecked|grow|rare_write) ;;
			*) nok "$name: only the expected workloads are unsupported" "$w" ;;
			esac
			case $out in
			*'"status":"unsupported"'*) ok "$name: unsupported" ;;
			*) nok "$name: unsupported" "$(echo "$out" | head -1)" ;;
			esac
			continue
		fi
		lines=$(echo "$out" | grep -c '"status":"ok"')
		pages=$(echo "$out" | field pages | head -1)
		areas=$(echo "$out" | field vmap_areas | head -1)
		cons=$(echo "$out" | field bytes_consumed | head -1)
		meta=$(echo "$out" | field metadata_bytes | head -1)
		win=$(echo "$out" | field window_ns | sort -u | tr '\n' ' ')
		echo "# $name: pages=$pages areas=$areas consumed=$cons meta=$meta window_ns=$win ns/op=$(echo "$out" | field ns_per_op | tr '\n' ' ')"
		expect "$name: 2 samples, 4 pages, no vmalloc area, descriptors counted" \
			"$lines == 2 && $pages == 4 && $areas == 0 && $meta > 0 && $cons == 4 * 4096 + $meta" \
			"$(echo "$out" | head -1 | head -c 300)"
		if [ $w = alloc ]; then
			case $win in
			''|*null*|'0 '|*' '?*' '*) nok "$name: window_ns measured, nonzero" "window_ns='$win'" ;;
			*) ok "$name: window_ns measured, nonzero (${win% } ns)" ;;
			esac
		else
			expect "$name: window_ns null" "\"$win\" == \"null \"" "window_ns='$win'"
		fi
		if [ $w = protect ]; then
			vf=$(echo "$out" | field verified | sort -u)
			dm=$(echo "$out" | field direct_map_ro | sort -u)
			f=$(echo "$out" | field tlb_flushes | sort -u)
			fp=$(echo "$out" | field flips | sort -u)
			expect "$name: verified (PTEs read-only, drill faults), direct map read-only, nothing flipped" \
				"\"$vf\" == \"true\" && \"$dm\" == \"true\" && \"$f\" == \"0\" && \"$fp\" == \"0\"" \
				"verified=$vf direct_map_ro=$dm flushes=$f flips=$fp"
		fi
	done
	expect "$B: no page left after its workloads" "$(live) == 0" "$(live) pages"
	# Objects over a page: one slab of 2 pages each.
	out=$(job --backend $B --workload footprint --size 5000 --count 16 --repeats 1)
	p=$(echo "$out" | field pages)
	expect "$B: 16 objects of 5000 B in 16 slabs of 2 pages" "\"$p\" == \"32\"" "$out"
	out=$(job --backend $B --workload protect --size 5000 --count 16 --repeats 1 --verify)
	vf=$(echo "$out" | field verified)
	expect "$B: 5000 B objects verified read-only" "\"$vf\" == \"true\"" "$(echo "$out" | head -c 300)"
	# The design is set_memory_ro/rw on the direct map: the pte method
	# (the module's own flip of a vmalloc PTE) is refused, EOPNOTSUPP.
	out=$(job --backend $B --workload protect --size 64 --count 64 --method pte)
	case $out in
	*'"status":"unsupported"'*) ok "$B: protect --method pte unsupported" ;;
	*) nok "$B: protect --method pte unsupported" "$(echo "$out" | head -c 300)" ;;
	esac
done

# ---- an allocation failing midway (test hook) ----
echo 40 > $params/fail_alloc_at
for B in wo-slab wo-slab-alias; do
	for w in alloc free protect footprint destroy; do
		out=$(job --backend $B --workload $w --size 64 --count 256)
		rc=$?
		case "$rc:$out" in
		1:*"out of memory"*) ok "$B/$w: ENOMEM at object 40" ;;
		*) nok "$B/$w: ENOMEM at object 40" "rc=$rc $out" ;;
		esac
	done
done
echo -1 > $params/fail_alloc_at
expect "after the failures: no page of ours left" "$(live) == 0" "$(live) pages"

# ---- a million objects, ended by a signal ----
# run_and_signal NAME SIG WANT-STATUS COMMAND...: start it, wait until its
# cache holds 64 pages, signal it, wait for it to end.
run_and_signal() {
	name=$1 sig=$2 want=$3
	shift 3
	"$@" > /tmp/sig.out 2>&1 &
	p=$!
	grew() { [ "$(live)" -ge 64 ] || gone $p; }
	wait_for 120 grew || echo "# $name: the cache did not reach 64 pages"
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
	wait_for 10 no_live
	expect "$name: no page of ours left" "$(live) == 0" "$(live) pages"
}
for B in wo-slab wo-slab-alias; do
	run_and_signal "$B: 1M x 64 B alloc (SIGINT to pmbench run)" INT 130 \
		./pmbench run --job "backend=$B workload=alloc size=64 count=1M repeats=9999 warmup=0" \
		--results /tmp/res --run-id sig-$B --quiet
	lines=$(grep -c . /tmp/res/sig-$B/results.jsonl 2>/dev/null)
	expect "$B: 1M x 64 B alloc: no result line for the interrupted job" "${lines:-0} == 0" "$lines lines"
	run_and_signal "$B: 1M x 64 B protect (SIGKILL to pmbench job)" KILL 137 \
		./pmbench job --backend $B --workload protect --size 64 --count 1048576 \
		--repeats 9999 --warmup 0
done

# ---- memory running out ----
mkdir -p /hog && mount -t tmpfs -o size=2g tmpfs /hog
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
dd if=/dev/zero of=/hog/fill bs=1M count=$(( (avail - 80 * 1024) / 1024 )) 2>/dev/null
out=$(job --backend wo-slab --workload alloc --size 4096 --count 40960 --repeats 1 --warmup 0)
rc=$?
case "$rc:$out" in
1:*"too big"*) ok "160 MiB job, ~80 MiB available: refused up front (E2BIG)" ;;
*) nok "160 MiB job, ~80 MiB available: refused up front (E2BIG)" "rc=$rc $(echo "$out" | head -c 300)" ;;
esac
echo N > $params/check_available
for B in wo-slab wo-slab-alias; do
	out=$(job --backend $B --workload alloc --size 4096 --count 40960 --repeats 1 --warmup 0)
	rc=$?
	case "$rc:$out" in
	1:*"out of memory midway"*) ok "$B, 4 KiB objects, check off: out of memory midway, status 1" ;;
	*) nok "$B, 4 KiB objects, check off: out of memory midway, status 1" "rc=$rc $(echo "$out" | head -c 300)" ;;
	esac
done
echo Y > $params/check_available
kills=$(( $(oom_kills) - kills0 ))
expect "no OOM killer was called" "$kills == 0" "$kills OOM kills"
expect "nothing of the failed jobs left" "$(live) == 0" "$(live) pages"
rm -f /hog/fill
umount /hog

rmmod pmbench && ok "rmmod pmbench" || nok "rmmod pmbench"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "no oops, BUG or WARNING in dmesg" || nok "no oops, BUG or WARNING in dmesg" "$trouble"
bad=$(dmesg -r | grep -E '^<[0-4]>' | grep -i pmbench | grep -vE 'taints kernel|tainting kernel')
[ -z "$bad" ] && ok "no pmbench kernel message above notice level" || nok "no pmbench kernel message above notice level" "$bad"
done_tap
GUEST
