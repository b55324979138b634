#!/bin/bash
# Exhaustion in the VM: memory and disk.
#   - Memory: a file in tmpfs eats all but ~80 MiB of the guest, then a job
#     of 160 MiB (within the quarter of RAM a job may ask for) runs on each
#     backend: the module refuses it up front (E2BIG, MemAvailable); with
#     that check off (module parameter check_available=N) a job as large as
#     the module takes runs out of memory midway (ENOMEM).  Either way no
#     OOM killer is called
#     (kmod/memguard.h), nothing is left, and the job runs once the memory
#     is back.
#   - Kernel fault injection (failslab, fail_page_alloc) where the kernel
#     has it; skipped, saying why, where it does not (Debian's 6.1).
#   - The results disk: full (a tiny tmpfs) and read-only: a clear line,
#     status 1, the lines written before kept and whole.
#   - Driver input: a missing or unreadable suite, bad options.
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 240 "" \
	--add "$top_src/bench/suites/quick.suite:/pmbench/quick.suite" \
	--add-bin "$top_build/tests/vm/pmb-runas:/pmbench/pmb-runas" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
job() { ./pmbench job "$@" 2>&1; }
oom_kills() { dmesg | grep -c 'invoked oom-killer'; }

# ---- memory ----
mkdir -p /hog && mount -t tmpfs -o size=2g tmpfs /hog
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
dd if=/dev/zero of=/hog/fill bs=1M count=$(( (avail - 80 * 1024) / 1024 )) 2>/dev/null
echo "# memory left to jobs: $(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo) kB available"
kills0=$(oom_kills)
params=/sys/module/pmbench/parameters
# Every backend of the registry the driver was built with that allocates
# at run time (the ro-after-init floor allocates nothing: its alloc jobs
# are unsupported).
backends=$(./pmbench list pairs | awk '$2 == "alloc" && $3 == "supported" { print $1 }')
# About 160 MiB each: pmalloc's 4 KiB objects take two pages (object and
# genalloc's chunk header), and all stay under the quarter of RAM.
count_for() { [ $1 = pmalloc-genalloc ] && echo 20480 || echo 40960; }
# 1. The module refuses a job that cannot fit before allocating anything.
# (E2BIG comes only from the checks before allocation; ENOMEM only midway.)
for b in $backends; do
	out=$(job --backend $b --workload alloc --size 4096 --count $(count_for $b) --repeats 1 --warmup 0)
	rc=$?
	case "$rc:$out" in
	1:*"too big"*"MemAvailable"*) ok "exhaustion: $b 160 MiB job, ~80 MiB available: refused up front (E2BIG), status 1" ;;
	*) nok "exhaustion: $b 160 MiB job, ~80 MiB available: refused up front (E2BIG), status 1" "rc=$rc $(echo "$out" | head -c 300)" ;;
	esac
done
# 2. With that check off (test hook) the job runs into the wall midway;
# several object sizes, so the wall falls at different points of a refill.
# The count is the largest, in steps of 3/4 from a quarter of RAM in
# objects, that the module still takes: its own upper bound on what an
# object of that backend costs decides, so every backend is tested with
# no line of its own here, and the job asks for about 3 times what is
# left.  (A guess per backend, taken from vmalloc's costs, once asked a
# packing allocator for less than was left.)
echo N > $params/check_available
ram=$(awk '/^MemTotal:/ { print $2 * 1024 }' /proc/meminfo)
for b in $backends; do
	for size in 2048 4096 8192; do
		# Past the backend's largest object (the lockable zone's is 4 KiB)
		# the job is unsupported, refused before it allocates: nothing to
		# run out of.
		case $(job --backend $b --workload footprint --size $size --count 1 --repeats 1 --warmup 0) in
		*'"status":"unsupported"'*) continue ;;
		esac
		count=$(( ram / 4 / size ))
		while :; do
			out=$(job --backend $b --workload alloc --size $size --count $count --repeats 1 --warmup 0)
			rc=$?
			case "$rc:$out" in
			1:*"too big"*) [ $count -gt 1024 ] || break; count=$(( count * 3 / 4 )) ;;
			*) break ;;
			esac
		done
		case "$rc:$out" in
		1:*"out of memory midway"*) ok "exhaustion: $b $size B x $count runs out of memory midway: out-of-memory line, status 1" ;;
		*) nok "exhaustion: $b $size B x $count runs out of memory midway: out-of-memory line, status 1" "rc=$rc $(echo "$out" | head -c 300)" ;;
		esac
	done
done
echo Y > $params/check_available
kills=$(( $(oom_kills) - kills0 ))
expect "exhaustion: no OOM killer was called" "$kills == 0" "$kills OOM kills: $(dmesg | grep 'Killed process' | head -2)"
[ -f /hog/fill ] && ok "exhaustion: the file that ate the memory, and this shell, are still there" ||
	nok "exhaustion: the file that ate the memory, and this shell, are still there"
live=$(live_vmalloc)
expect "exhaustion: nothing of the failed jobs left" "$live == 0" "$live areas"
rm -f /hog/fill
out=$(job --backend vmalloc --workload alloc --size 4096 --count 40960 --repeats 1 --warmup 0)
case $out in
*'"status":"ok"'*) ok "exhaustion: with the memory back, the same job runs" ;;
*) nok "exhaustion: with the memory back, the same job runs" "$(echo "$out" | head -c 300)" ;;
esac

# ---- kernel fault injection ----
mount -t debugfs none /sys/kernel/debug 2>/dev/null
if [ -d /sys/kernel/debug/failslab ] && [ -d /sys/kernel/debug/fail_page_alloc ]; then
	for f in failslab fail_page_alloc; do
		d=/sys/kernel/debug/$f
		echo 1 > $d/task-filter; echo 10 > $d/probability; echo -1 > $d/times
		echo 0 > $d/verbose
	done
	# Only this shell's children fail their allocations (task-filter).
	echo 1 > /proc/self/make-it-fail
	bad=0
	for b in $backends; do
		for w in alloc protect read destroy; do
			out=$(job --backend $b --workload $w --size 64 --count 256 --repeats 3)
			case $out in
			*'"status":"ok"'*|*"out of memory"*|*unsupported*) ;;
			*) bad=$((bad + 1)); echo "# $b/$w under fault injection: $(echo "$out" | head -c 200)" ;;
			esac
		done
	done
	echo 0 > /proc/self/make-it-fail
	expect "exhaustion: under failslab + fail_page_alloc (10 %) every job succeeds or says out of memory" "$bad == 0" "$bad jobs"
	live=$(live_vmalloc)
	expect "exhaustion: nothing left after fault injection" "$live == 0" "$live areas"
else
	skip "exhaustion: failslab and fail_page_alloc" "this kernel has no CONFIG_FAILSLAB/CONFIG_FAIL_PAGE_ALLOC (fail_alloc_at covers the failure paths in test-engine)"
fi

# ---- the results disk ----
suite=/pmbench/quick.suite
mkdir -p /full && mount -t tmpfs -o size=12k tmpfs /full
out=$(./pmbench run --suite $suite --results /full --run-id r --quiet 2>&1)
rc=$?
echo "# full disk: $(echo "$out" | grep -v '^perf:' | tail -3 | tr '\n' '|')"
case "$rc:$out" in
1:*"No space left on device"*) ok "disk full: a clear line, status 1" ;;
*) nok "disk full: a clear line, status 1" "rc=$rc $out" ;;
esac
kept=$(grep -c . /full/r/results.jsonl 2>/dev/null)
whole=$(grep -c '^{"job":.*}$' /full/r/results.jsonl 2>/dev/null)
expect "disk full: the lines written before are kept, each one whole ($kept)" "$kept > 0 && $kept == $whole" "kept=$kept whole=$whole"
case $out in
*"stopping the run"*) ok "disk full: the run stops instead of running jobs it cannot record" ;;
*) nok "disk full: the run stops instead of running jobs it cannot record" "$out" ;;
esac

mkdir -p /ro && mount -t tmpfs -o ro tmpfs /ro
out=$(./pmbench run --suite $suite --results /ro --run-id r --quiet 2>&1)
rc=$?
case "$rc:$out" in
1:*"/ro"*"Read-only file system"*) ok "read-only results disk: a clear line naming the folder, status 1" ;;
*) nok "read-only results disk: a clear line naming the folder, status 1" "rc=$rc $out" ;;
esac

# ---- driver input ----
bad_input() { # NAME STATUS TEXT ARGS...
	name=$1 want=$2 text=$3; shift 3
	out=$(./pmbench "$@" 2>&1); rc=$?
	case "$rc:$out" in
	"$want:"*"$text"*) ok "driver: $name" ;;
	*) nok "driver: $name" "rc=$rc $out" ;;
	esac
}
bad_input "missing suite file: status 2, names it" 2 "/nonexistent.suite" run --suite /nonexistent.suite
bad_input "suite that is a folder: status 2" 2 "/tmp" run --suite /tmp
cp $suite /tmp/secret.suite && chmod 000 /tmp/secret.suite
./pmb-runas 65534 ./pmbench run --suite /tmp/secret.suite > /tmp/o 2>&1; rc=$?
case "$rc:$(cat /tmp/o)" in
2:*"/tmp/secret.suite"*"ermission denied"*) ok "driver: unreadable suite (non-root): status 2, permission denied" ;;
*) nok "driver: unreadable suite (non-root): status 2, permission denied" "rc=$rc $(cat /tmp/o)" ;;
esac
bad_input "unknown option: status 2" 2 "" run --colour red --suite $suite
bad_input "job with a non-number size: status 2" 2 "size" job --backend vmalloc --workload alloc --size lots --count 8
bad_input "job with a negative count: status 2" 2 "count" job --backend vmalloc --workload alloc --size 64 --count -5
bad_input "job with an unknown backend: status 2" 2 "backend" job --backend slob --workload alloc --size 64 --count 8
bad_input "unknown command: status 2" 2 "" frobnicate

rmmod pmbench && ok "rmmod" || nok "rmmod"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "exhaustion: no oops, BUG or WARNING in dmesg" || nok "exhaustion: no oops, BUG or WARNING in dmesg" "$trouble"
done_tap
GUEST
