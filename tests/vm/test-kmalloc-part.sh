#!/bin/bash
# The kmalloc-part backend (typed kmalloc partitions: Elver's
# KMALLOC_PARTITION_CACHES, CONFIG_RANDOM_KMALLOC_CACHES) through the job
# engine in the VM: alloc, free and footprint for 1, 2, 4, 8 and 16
# partitions with the partitions key on every line and the
# objects-per-partition histogram (the parameter kmalloc_part_last,
# printed as comments); the workloads that protect answer unsupported;
# bad partitions values refused with one line (the driver; the module's
# own checks are pmb-ioctl-probe's, in test-module.sh); the set's caches
# are real caches while a job runs (directories in /sys/kernel/slab, not
# aliases of another, none merged into them) and gone after it, also
# after an allocation failure and after SIGINT of a job of a million
# objects; a clean unload.  Waits are for events (a cache appearing, a
# process gone), never fixed sleeps.  PMB_TIME_SCALE stretches every
# timeout (lib.sh, guest-lib.sh).
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 900 "" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
job() { ./pmbench job "$@" 2>&1; }
params=/sys/module/pmbench/parameters
gone() { ! kill -0 "$1" 2>/dev/null; }
# Our caches, by name, in /sys/kernel/slab and /proc/slabinfo.
our_caches() { ls /sys/kernel/slab 2>/dev/null | grep -c '^pmbench-kpart'; }
our_slabinfo() { grep -c '^pmbench-kpart' /proc/slabinfo; }
caches_gone() { [ "$(our_caches)" -eq 0 ] && [ "$(our_slabinfo)" -eq 0 ]; }
B=kmalloc-part

case $(./pmbench caps) in
*'"backends":['*'"kmalloc-part"'*) ok "caps lists kmalloc-part" ;;
*) nok "caps lists kmalloc-part" "$(./pmbench caps)" ;;
esac
h=$(cat $params/kmalloc_part_last)
expect "kmalloc_part_last: none before any job" "\"$h\" == \"none\"" "$h"
echo "# the running kernel's own kmalloc-rnd-* caches (CONFIG_RANDOM_KMALLOC_CACHES): $(ls /sys/kernel/slab 2>/dev/null | grep -c '^kmalloc-rnd-')"

# ---- alloc, free, footprint: 1024 objects of 64 B, N = 1 .. 16 ----
C=1024 S=64
for p in 1 2 4 8 16; do
	for w in alloc free footprint; do
		out=$(job --backend $B --workload $w --size $S --count $C --repeats 3 --warmup 1 --partitions $p)
		name="$B/$w, $p partition(s)"
		lines=$(echo "$out" | grep -c '"status":"ok"')
		parts=$(echo "$out" | field partitions | sort -u)
		pages=$(echo "$out" | field pages | head -1)
		req=$(echo "$out" | field bytes_requested | head -1)
		cons=$(echo "$out" | field bytes_consumed | head -1)
		ns=$(echo "$out" | field ns_per_op | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		detail="lines=$lines partitions=$parts pages=$pages requested=$req consumed=$cons: $(echo "$out" | head -1 | head -c 300)"
		# Slabs of one page or more, at least one per partition used,
		# never less than asked for.
		expect "$name: 3 samples, partitions $p, whole slabs >= requested" \
			"$lines == 3 && \"$parts\" == \"$p\" && $req == $S * $C && $cons >= $req && $cons == $pages * 4096" \
			"$detail"
		echo "# $name: median $ns ns per object; $cons bytes consumed for $req requested ($pages pages)"
		[ $w = footprint ] || continue
		hist=$(cat $params/kmalloc_part_last)
		echo "$hist" | sed 's/^/#   /'
		# One row per partition, the objects summing to the count, the
		# slabs' bytes to bytes_consumed.
		# (the rows: after the two header lines)
		rows=$(echo "$hist" | awk 'NR > 2' | wc -l)
		objs=$(echo "$hist" | awk 'NR > 2 { s += $3 } END { print s + 0 }')
		bytes=$(echo "$hist" | awk 'NR > 2 { s += $5 } END { print s + 0 }')
		types=$(echo "$hist" | awk 'NR > 2 { s += $2 } END { print s + 0 }')
		expect "$name: histogram of $p rows, $C objects, 64 types, $cons bytes" \
			"$rows == $p && $objs == $C && $types == 64 && $bytes == $cons" \
			"rows=$rows objects=$objs types=$types bytes=$bytes"
	done
done
# Objects of a size between kmalloc's classes go in the class's slabs.
out=$(job --backend $B --workload footprint --size 100 --count 256 --repeats 1 --partitions 4)
expect "$B/footprint 100 B: class 128" "$(cat $params/kmalloc_part_last | grep -c 'class 128')" "$out"
# Past KMALLOC_MAX_CACHE_SIZE kmalloc() goes to the page allocator: no
# class, no partitions, in the kernel as here.
out=$(job --backend $B --workload footprint --size 20000 --count 8 --repeats 1 --partitions 4)
cons=$(echo "$out" | field bytes_consumed)
expect "$B/footprint 20000 B: unpartitioned, 8 x 32 KiB" \
	"$(cat $params/kmalloc_part_last | grep -c unpartitioned) == 1 && $cons == 8 * 32768" "$out"
# Random mode: a seed in every token, as RANDOM_KMALLOC_CACHES' per-boot seed.
echo 12345 > $params/kmalloc_part_seed
out=$(job --backend $B --workload footprint --size $S --count $C --repeats 1 --partitions 16)
hist=$(cat $params/kmalloc_part_last)
echo "$hist" | sed 's/^/#   /'
expect "random mode (seed 12345): the histogram says so" \
	"$(echo "$hist" | grep -c 'seed 12345') == 1 && $(echo "$out" | grep -c '"status":"ok"') == 1" "$out"
echo 0 > $params/kmalloc_part_seed

# ---- the rest of the workloads: what runs, what is unsupported ----
for w in read destroy usercopy copyout copyout_unchecked; do
	out=$(job --backend $B --workload $w --size $S --count 256 --repeats 2 --partitions 4)
	lines=$(echo "$out" | grep -c '"status":"ok"')
	expect "$B/$w, 4 partitions: runs (2 samples)" "$lines == 2" "$(echo "$out" | head -c 300)"
done
for w in protect unprotect grow rare_write "read --protected"; do
	out=$(job --backend $B --workload $w --size $S --count 256 --partitions 4)
	case $out in
	*'"status":"unsupported"'*) ok "$B/$w: unsupported (cannot be protected)" ;;
	*) nok "$B/$w: unsupported (cannot be protected)" "$(echo "$out" | head -c 300)" ;;
	esac
done

# ---- bad partitions values: one line, status 2, nothing run ----
for bad in "--backend $B --partitions 0" "--backend $B --partitions 17" \
	   "--backend $B --partitions x" "--backend kmalloc --partitions 2"; do
	out=$(job $bad --workload alloc --size 64 --count 8)
	rc=$?
	nl=$(echo "$out" | wc -l)
	expect "job $bad: refused with one line, status 2" "$rc == 2 && $nl == 1" "rc=$rc: $out"
done
for bad in "backend=$B partitions=0" "backend=$B partitions=99" "backend=vmalloc partitions=4"; do
	out=$(./pmbench run --job "$bad workload=alloc size=64 count=8" --results /tmp/res --run-id bad --quiet 2>&1)
	rc=$?
	case "$rc:$out" in
	2:*partitions*) ok "run --job '$bad': refused, naming partitions" ;;
	*) nok "run --job '$bad': refused, naming partitions" "rc=$rc: $out" ;;
	esac
done

# ---- the set's caches: real, unmerged, gone after the job ----
expect "no cache of ours before a job" "$(our_caches) == 0 && $(our_slabinfo) == 0" \
	"$(ls /sys/kernel/slab | grep pmbench-kpart)"
# Every pass makes its set and destroys it: look at one set whole.
# set_seen: one set's 8 caches read while they all lived (else try again):
# real (directories), alias (symlinks: the name of another cache), merged
# (caches whose aliases count is not 0), in slabinfo.
set_seen() {
	gone $p && return 0
	id=$(ls /sys/kernel/slab | sed -n 's/^pmbench-kpart\([0-9]*\)-p0$/\1/p' | head -1)
	[ -n "$id" ] || return 1
	real=0 alias=0 merged=0
	for q in 0 1 2 3 4 5 6 7; do
		c=/sys/kernel/slab/pmbench-kpart$id-p$q
		if [ -L "$c" ]; then alias=$((alias + 1)); elif [ -d "$c" ]; then real=$((real + 1)); fi
	done
	# one read of every aliases count: a set lives for one pass
	als=$(cat /sys/kernel/slab/pmbench-kpart$id-p[0-7]/aliases 2>/dev/null | tr '\n' ' ')
	[ "$(echo $als | wc -w)" -eq 8 ] || return 1
	merged=$(echo $als | tr ' ' '\n' | grep -vc '^0$')
	inslab=$(grep -c "^pmbench-kpart$id-p" /proc/slabinfo)
	# the same set still there: the reads above are of one set
	[ -e /sys/kernel/slab/pmbench-kpart$id-p7 ] && [ "$inslab" -eq 8 ]
}
# Background jobs of a script ignore SIGINT: this one ends on SIGTERM.
# A million objects a pass: the set lives long enough to be read whole.
./pmbench job --backend $B --workload alloc --size 64 --count 1M --repeats 9999 --warmup 0 --partitions 8 > /tmp/cache.out 2>&1 &
p=$!
if wait_for 120 set_seen && ! gone $p; then
	echo "# while the job runs: set $id, aliases:$als; $(grep "^pmbench-kpart$id-" /proc/slabinfo | awk '{ print $1, $2 " objs" }' | tr '\n' ' ')"
	expect "8 partitions: 8 caches of their own, no alias, nothing merged into them, in /proc/slabinfo" \
		"$real == 8 && $alias == 0 && $merged == 0 && $inslab == 8" \
		"real=$real alias=$alias merged=$merged slabinfo=$inslab aliases:$als"
else
	nok "8 partitions: the caches appear while the job runs" "$(head -c 300 /tmp/cache.out)"
fi
kill -TERM $p 2>/dev/null
wait_for 120 gone $p
wait $p
st=$?
expect "the job ends on SIGTERM (status 143)" "$st == 143" "status $st: $(head -c 300 /tmp/cache.out)"
wait_for 30 caches_gone
expect "after the job: no cache of ours left" "$(our_caches) == 0 && $(our_slabinfo) == 0" \
	"$(ls /sys/kernel/slab | grep pmbench-kpart | head -3)"

# ---- an allocation failing midway (test hook) ----
echo 40 > $params/fail_alloc_at
for w in alloc free footprint read destroy; do
	out=$(job --backend $B --workload $w --size 64 --count 256 --partitions 16)
	rc=$?
	case "$rc:$out" in
	1:*"out of memory"*) ok "$B/$w: ENOMEM at object 40" ;;
	*) nok "$B/$w: ENOMEM at object 40" "rc=$rc $out" ;;
	esac
done
echo -1 > $params/fail_alloc_at
expect "after the failures: no cache of ours left" "$(our_caches) == 0" "$(our_caches) caches"

# ---- a million objects, ended by SIGINT ----
./pmbench run --job "backend=$B workload=alloc size=64 count=1M partitions=16 repeats=9999 warmup=0" \
	--results /tmp/res --run-id sig --quiet > /tmp/sig.out 2>&1 &
p=$!
# The set exists (16 caches) once the job allocates.
seen16() { [ "$(our_caches)" -ge 16 ] || gone $p; }
wait_for 120 seen16 || echo "# 1M: the caches did not appear"
gone $p && nok "1M x 64 B alloc: still running when signalled" "$(head -c 300 /tmp/sig.out)"
t0=$(uptime_cs)
kill -INT $p
if wait_for 120 gone $p; then
	wait $p
	st=$?
	echo "# 1M x 64 B alloc, 16 partitions: ended $(( ($(uptime_cs) - t0) * 10 )) ms after SIGINT"
	expect "1M x 64 B alloc, 16 partitions: ends on SIGINT (status 130)" "$st == 130" \
		"status $st: $(head -c 300 /tmp/sig.out)"
else
	nok "1M x 64 B alloc: ends on SIGINT" "still running after $((120 * time_scale)) s"
	kill -9 $p
	wait $p
fi
lines=$(grep -c . /tmp/res/sig/results.jsonl 2>/dev/null)
expect "1M x 64 B alloc: no result line for the interrupted job" "${lines:-0} == 0" "$lines lines"
wait_for 30 caches_gone
expect "after SIGINT: no cache of ours left" "$(our_caches) == 0 && $(our_slabinfo) == 0" \
	"$(our_caches) caches"

rmmod pmbench && ok "rmmod pmbench" || nok "rmmod pmbench"
expect "after rmmod: no cache of ours left" "$(our_caches) == 0" "$(our_caches) caches"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "no oops, BUG or WARNING in dmesg" || nok "no oops, BUG or WARNING in dmesg" "$trouble"
bad=$(dmesg -r | grep -E '^<[0-4]>' | grep -i -E 'pmbench|kmem_cache|slab' | grep -vE 'taints kernel|tainting kernel')
[ -z "$bad" ] && ok "no pmbench or slab kernel message above notice level" || nok "no pmbench or slab kernel message above notice level" "$bad"
done_tap
GUEST
