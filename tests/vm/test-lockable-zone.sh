#!/bin/bash
# The lockable-zone backend (Stoppa's RFC "post-init-read-only protection
# for data allocated dynamically", May 2017) through the job engine in the
# VM: its self-tests under both methods, every workload under cpa (grow
# unsupported: the zone is locked once) and under pte (every protecting
# job unsupported: the blocks live in the direct map, which pte cannot
# flip), its figures (whole 2 MiB blocks, no address space of its own),
# verify (every page read-only in the direct map, a write faults), the
# direct map's split counters around a protect of whole blocks, cleanup
# after an allocation failure, a job of a million objects ended by SIGINT
# and by SIGKILL, memory running out with no OOM killer, and a clean
# unload.  Leaks are counted by the module itself (the read-only parameter
# lockable_zone_blocks: blocks held now).  Waits are for events, never
# fixed sleeps; the time from a signal to the end of the job is printed,
# not asserted.  PMB_TIME_SCALE stretches every timeout.
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 600 "" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
job() { ./pmbench job "$@" 2>&1; }
params=/sys/module/pmbench/parameters
blocks() { cat $params/lockable_zone_blocks; }
oom_kills() { dmesg | grep -c 'invoked oom-killer'; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# The vmstat split counters and DirectMap figures of a result line.
split2() { sed -n 's/.*"direct_map_level2_splits":\([^,}]*\).*/\1/p'; }
split3() { sed -n 's/.*"direct_map_level3_splits":\([^,}]*\).*/\1/p'; }
dm() { # WHEN KEY: before or after
	sed -n "s/.*\"$1\":{[^}]*\"$2\":\([0-9]*\).*/\1/p"
}
kills0=$(oom_kills)
B=lockable-zone

case $(./pmbench caps) in
*'"backends":['*'"lockable-zone"'*) ok "caps lists lockable-zone" ;;
*) nok "caps lists lockable-zone" "$(./pmbench caps)" ;;
esac
expect "no block held after load" "$(blocks) == 0" "$(blocks)"
echo "# direct map at start: $(grep '^DirectMap' /proc/meminfo | tr -s ' ' | tr '\n' ' ')"
echo "# cpu flags: pse=$(grep -c ' pse ' /proc/cpuinfo) pdpe1gb=$(grep -c pdpe1gb /proc/cpuinfo)"

# ---- self-tests, both methods ----
for m in cpa pte; do
	./pmbench selftest --method $m lockable_zone_classes lockable_zone_free_list \
		lockable_zone_lock registry_rows registry_backend_check > /tmp/st.out 2>&1
	rc=$?
	relay "selftest ($m): " < /tmp/st.out
	expect "self-tests lockable_zone_* and registry ($m): exit status 0" "$rc == 0" "rc=$rc"
done
expect "no block held after the self-tests" "$(blocks) == 0" "$(blocks)"

# ---- every workload, 256 objects of 64 B: one block of 512 pages ----
N=256 S=64
for w in $(./pmbench list workloads); do
	v= c=$N
	case $w in protect|unprotect|usercopy|copyout|copyout_unchecked|rare_write) v=--verify ;; esac
	out=$(job --backend $B --workload $w --size $S --count $c --repeats 2 --warmup 1 --method cpa $v)
	name="$B/$w (cpa)"
	if [ $w = grow ]; then
		case $out in
		*'"status":"unsupported"'*) ok "$name: unsupported (the zone is locked once)" ;;
		*) nok "$name: unsupported (the zone is locked once)" "$(echo "$out" | head -1)" ;;
		esac
		continue
	fi
	lines=$(echo "$out" | grep -c '"status":"ok"')
	pages=$(echo "$out" | field pages | head -1)
	areas=$(echo "$out" | field vmap_areas | head -1)
	va=$(echo "$out" | field va_bytes | head -1)
	meta=$(echo "$out" | field metadata_bytes | head -1)
	cons=$(echo "$out" | field bytes_consumed | head -1)
	detail="lines=$lines pages=$pages areas=$areas va=$va meta=$meta consumed=$cons: $(echo "$out" | head -1 | head -c 300)"
	expect "$name: 2 samples, one 2 MiB block, no address space of its own" \
		"$lines == 2 && $pages == 512 && $areas == 0 && $va == 0 && $meta > 0 && $cons == 512 * 4096 + $meta" \
		"$detail"
	if [ -n "$v" ]; then
		# unprotect verifies the way back: writable, the drill's write
		# goes through; the direct map is judged read-only only after a
		# protect.
		want_ro=true what="direct map read-only, a write faults"
		[ $w = unprotect ] && want_ro=null what="direct map writable again, a write goes through"
		vf=$(echo "$out" | field verified | sort -u)
		dmro=$(echo "$out" | field direct_map_ro | sort -u)
		pm=$(echo "$out" | field protect_method | sort -u | tr -d '"')
		expect "$name: verified ($what), method cpa" \
			"\"$vf\" == \"true\" && \"$dmro\" == \"$want_ro\" && \"$pm\" == \"cpa\"" \
			"verified=$vf direct_map_ro=$dmro method=$pm"
	fi
	case $w in
	protect|unprotect|destroy)
		# destroy unlocks the protected block before it frees it.
		f=$(echo "$out" | field tlb_flushes | sort -u)
		fl=$(echo "$out" | field flips | sort -u)
		expect "$name: one set_memory call and one flush round for the block" \
			"\"$f\" == \"1\" && \"$fl\" == \"1\"" "flushes=$f flips=$fl" ;;
	esac
done
out=$(job --backend $B --workload read --size 64 --count 1024 --repeats 2 --protected --verify --method cpa)
vf=$(echo "$out" | field verified | sort -u)
expect "$B/read --protected --verify (cpa): verified" "\"$vf\" == \"true\"" "$(echo "$out" | head -1)"
out=$(job --backend $B --workload read --size 64 --count 1024 --repeats 2 --sweep)
case $(echo "$out" | field pattern | sort -u) in
'"sweep"') ok "$B/read --sweep" ;;
*) nok "$B/read --sweep" "$(echo "$out" | head -1)" ;;
esac
# Objects above the largest class are unsupported, as any size above
# size_max: the design cannot do the job (a suite's backend=all lines of
# 16 KiB objects give an unsupported line for the zone, not an error).
out=$(job --backend $B --workload alloc --size 4097 --count 4)
rc=$?
case "$rc:$out" in
0:*'"status":"unsupported"'*) ok "$B: 4097-byte objects unsupported" ;;
*) nok "$B: 4097-byte objects unsupported" "rc=$rc $(echo "$out" | head -c 200)" ;;
esac

# ---- pte: the direct map is not its to flip ----
for w in $(./pmbench list workloads); do
	[ $w = grow ] && continue
	out=$(job --backend $B --workload $w --size $S --count $N --repeats 1 --method pte)
	case $w in
	alloc|free|footprint|read) want='"status":"ok"' ;;
	*) want='"status":"unsupported"' ;;
	esac
	case $out in
	*"$want"*) ok "$B/$w (pte): ${want#*:}" ;;
	*) nok "$B/$w (pte): ${want#*:}" "$(echo "$out" | head -1 | head -c 300)" ;;
	esac
done
out=$(job --backend $B --workload read --size 64 --count 256 --repeats 1 --protected --method pte)
case $out in
*'"status":"unsupported"'*) ok "$B/read --protected (pte): unsupported" ;;
*) nok "$B/read --protected (pte): unsupported" "$(echo "$out" | head -1)" ;;
esac
expect "no block held after the workloads" "$(blocks) == 0" "$(blocks)"

# ---- the direct map: whole 2 MiB blocks, no split ----
# 1024 objects of 4 KiB fill two blocks; 16384 of 64 B (1 MiB) one.  Each
# protect is set_memory_ro() of a whole, aligned 2 MiB block mapped by one
# PMD: CPA changes the PMD in place and splits nothing at level 2.  The
# driver's run records /proc/vmstat's split counters and /proc/meminfo's
# DirectMap figures around each job (pmbench job does not).
# runjob ID KEY=VALUE...: one job through pmbench run; its results.jsonl.
runjob() {
	id=$1; shift
	./pmbench run --job "$*" --results /tmp/dm --run-id "$id" --quiet > /tmp/dm-$id.out 2>&1
	cat /tmp/dm/$id/results.jsonl 2>/dev/null
}
for SN in 4096:1024 64:16384; do
	S=${SN%:*} N=${SN#*:}
	out=$(runjob lz-$S backend=$B workload=protect size=$S count=$N repeats=3 warmup=1 method=cpa verify=yes)
	s2=$(echo "$out" | split2 | sort -u | tr '\n' ' ')
	s3=$(echo "$out" | split3 | sort -u | tr '\n' ' ')
	b2=$(echo "$out" | head -1 | dm before DirectMap2M) a2=$(echo "$out" | tail -1 | dm after DirectMap2M)
	b4=$(echo "$out" | head -1 | dm before DirectMap4k) a4=$(echo "$out" | tail -1 | dm after DirectMap4k)
	b1=$(echo "$out" | head -1 | dm before DirectMap1G) a1=$(echo "$out" | tail -1 | dm after DirectMap1G)
	ns=$(echo "$out" | field ns_per_op | head -1)
	echo "# $B/protect $S B x $N: level2 splits [$s2], level3 [$s3]; DirectMap4k $b4 -> $a4 kB, 2M $b2 -> $a2 kB, 1G ${b1:-none} -> ${a1:-none} kB; $ns ns per object (TCG, not asserted)"
	vf=$(echo "$out" | field verified | sort -u)
	expect "$B/protect $S B x $N: verified, no level-2 split of the direct map" \
		"\"$vf\" == \"true\" && \"$s2\" == \"0 \"" \
		"splits level2=[$s2] level3=[$s3] verified=$vf: $(head -c 300 /tmp/dm-lz-$S.out)"
	expect "$B/protect $S B x $N: DirectMap2M not smaller after the job" \
		"${a2:-0} >= ${b2:-1}" "DirectMap2M $b2 -> $a2 kB"
done
# For comparison (printed only: whether a page splits depends on what split
# its 2 MiB region before): the same bytes in one-page vmalloc areas.
out=$(runjob vm-4096 backend=vmalloc workload=protect size=4096 count=1024 repeats=1 warmup=0 method=cpa)
echo "# vmalloc/protect 4096 B x 1024 (cpa; the direct-map alias of single pages): level2 splits $(echo "$out" | split2), level3 $(echo "$out" | split3); DirectMap2M $(echo "$out" | dm before DirectMap2M) -> $(echo "$out" | dm after DirectMap2M) kB"

# ---- an allocation failing midway (test hook) ----
echo 40 > $params/fail_alloc_at
for w in alloc free protect unprotect read footprint destroy rare_write; do
	out=$(job --backend $B --workload $w --size 64 --count 256)
	rc=$?
	case "$rc:$out" in
	1:*"out of memory"*) ok "$B/$w: ENOMEM at object 40" ;;
	*) nok "$B/$w: ENOMEM at object 40" "rc=$rc $out" ;;
	esac
done
echo -1 > $params/fail_alloc_at
expect "after the failures: no block held" "$(blocks) == 0" "$(blocks) blocks"

# ---- a million objects, ended by a signal ----
# run_and_signal NAME BLOCKS SIG WANT-STATUS COMMAND...: start it, wait
# until the jobs hold BLOCKS blocks, signal it, wait for it to end.
run_and_signal() {
	name=$1 nb=$2 sig=$3 want=$4
	shift 4
	"$@" > /tmp/sig.out 2>&1 &
	p=$!
	grew() { [ "$(blocks)" -ge "$nb" ] || gone $p; }
	wait_for 120 grew || echo "# $name: did not reach $nb blocks"
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
	expect "$name: no block held" "$(blocks) == 0" "$(blocks) blocks"
}
# 1M x 64 B is 32 blocks.  pmbench run catches SIGINT: the module answers
# EINTR, the run exits 130.
run_and_signal "1M x 64 B alloc (SIGINT to pmbench run)" 8 INT 130 \
	./pmbench run --job "backend=$B workload=alloc size=64 count=1M repeats=9999 warmup=0" \
	--results /tmp/res --run-id sig --quiet
lines=$(grep -c . /tmp/res/sig/results.jsonl 2>/dev/null)
expect "1M x 64 B alloc: no result line for the interrupted job" "${lines:-0} == 0" "$lines lines"
# SIGKILL while allocating, and once all 32 blocks exist (the signal then
# lands in the protect, the verify or the teardown that unlocks first).
for nb in 8 32; do
	run_and_signal "1M x 64 B protect --verify, at $nb blocks (SIGKILL to pmbench job)" \
		$nb KILL 137 \
		./pmbench job --backend $B --workload protect --size 64 --count 1048576 \
		--repeats 9999 --warmup 0 --method cpa --verify
done

# ---- memory running out ----
mkdir -p /hog && mount -t tmpfs -o size=2g tmpfs /hog
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
dd if=/dev/zero of=/hog/fill bs=1M count=$(( (avail - 80 * 1024) / 1024 )) 2>/dev/null
count=40960	# 160 MiB of 4 KiB objects: 80 blocks
out=$(job --backend $B --workload alloc --size 4096 --count $count --repeats 1 --warmup 0)
rc=$?
case "$rc:$out" in
1:*"too big"*) ok "160 MiB job, ~80 MiB available: refused up front (E2BIG)" ;;
*) nok "160 MiB job, ~80 MiB available: refused up front (E2BIG)" "rc=$rc $(echo "$out" | head -c 300)" ;;
esac
echo N > $params/check_available
for w in alloc protect; do
	out=$(job --backend $B --workload $w --size 4096 --count $count --repeats 1 --warmup 0 --method cpa)
	rc=$?
	case "$rc:$out" in
	1:*"out of memory midway"*) ok "$B/$w 160 MiB, check off: out of memory midway, status 1" ;;
	*) nok "$B/$w 160 MiB, check off: out of memory midway, status 1" "rc=$rc $(echo "$out" | head -c 300)" ;;
	esac
	expect "$B/$w 160 MiB: no block held after the failure" "$(blocks) == 0" "$(blocks) blocks"
done
echo Y > $params/check_available
kills=$(( $(oom_kills) - kills0 ))
expect "no OOM killer was called" "$kills == 0" "$kills OOM kills"
rm -f /hog/fill
umount /hog

leaked=$(cat $params/lockable_zone_leaked)
expect "no block leaked read-only" "$leaked == 0" "$leaked"
rmmod pmbench && ok "rmmod pmbench" || nok "rmmod pmbench"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "no oops, BUG or WARNING in dmesg" || nok "no oops, BUG or WARNING in dmesg" "$trouble"
bad=$(dmesg -r | grep -E '^<[0-4]>' | grep -i pmbench | grep -vE 'taints kernel|tainting kernel')
[ -z "$bad" ] && ok "no pmbench kernel message above notice level" || nok "no pmbench kernel message above notice level" "$bad"
done_tap
GUEST
