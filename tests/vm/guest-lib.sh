# Sourced by guest scripts (busybox sh in the VM): TAP helpers and memory
# snapshots for the robustness tests.
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1${2:+ # $2}"; }
# expect NAME AWK-CONDITION DETAIL: ok when the condition holds.
expect() {
	if awk "BEGIN { exit !($2) }" 2>/dev/null; then ok "$1"; else nok "$1" "$3"; fi
}
# relay PREFIX: TAP lines on stdin (the module's self-tests, say) as our
# own results, renumbered, each name after PREFIX.
relay() { # PREFIX: TAP lines on stdin, renumbered
	while read -r line; do
		case $line in
		"ok "*) ok "$1${line#* - }" ;;
		"not ok "*) nok "$1${line#* - }" ;;
		esac
	done
}
# field NAME: the values of one JSON field of compact JSON lines on stdin,
# one per line.
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"; }
# done_tap: the plan, and kselftest's exit code: 1 on any failure, 4
# (KSFT_SKIP) when every result was a skip, else 0.
skipped=0
skip() { n=$((n + 1)); skipped=$((skipped + 1)); echo "ok $n - $1 # SKIP $2"; }
done_tap() {
	echo "1..$n"
	[ "$failed" -eq 0 ] || return 1
	[ "$n" -eq 0 ] || [ "$skipped" -lt "$n" ] || return 4
	return 0
}

# The host's PMB_TIME_SCALE (tests/vm/lib.sh) stretches every wait.
time_scale=${PMB_TIME_SCALE:-1}
# wait_for SECONDS COMMAND...: until COMMAND succeeds, polling four times
# a second; gives up (status 1) once SECONDS x PMB_TIME_SCALE have passed
# on the guest's clock (not after a number of polls: on a busy host each
# poll takes longer than its sleep).  For events (a line written, a job
# started), never as a delay.
wait_for() {
	_w_end=$(( $(uptime_cs) + $1 * time_scale * 100 ))
	shift
	while :; do
		"$@" && return 0
		[ "$(uptime_cs)" -lt $_w_end ] || return 1
		sleep 0.25
	done
}
# a_job_runs: one of our objects is alive, so a job has started and holds
# the device (a vmalloc or pmalloc job; kmalloc objects do not show).
a_job_runs() { grep -q '\[pmbench\]' /proc/vmallocinfo; }
# uptime_cs: the guest's uptime in hundredths of a second.
uptime_cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# Our areas alive in vmalloc space (pmalloc chunks included).
live_vmalloc() { grep -c '\[pmbench\]' /proc/vmallocinfo; }

# mem_snapshot: prints "MEMFREE SLAB VMALLOC" in KiB after giving back what
# the kernel keeps around on purpose (page cache, empty slabs, per-CPU
# page lists), so what is left is what somebody still holds.
mem_snapshot() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do echo 1 > "$f"; done 2>/dev/null
	echo 1 > /proc/sys/vm/compact_memory 2>/dev/null
	awk '/^MemFree:/ { f = $2 } /^Slab:/ { s = $2 } /^VmallocUsed:/ { v = $2 }
		END { print f, s, v }' /proc/meminfo
}

# mem_settled: like mem_snapshot, but the kernel gives some memory back
# seconds after a burst of vmalloc jobs (25 MB seen under TCG), so it takes
# five snapshots a second apart and prints the one with the most MemFree.
mem_settled() {
	for _s in 1 2 3 4 5; do
		mem_snapshot
		[ $_s -lt 5 ] && sleep 1
	done | sort -n -k1 | tail -1
}

# Kernel messages that mean the kernel is hurt, from anyone.
kernel_trouble() {
	dmesg | grep -E 'Oops|BUG:|WARNING:|general protection|Call Trace|kernel BUG|RIP:|list_del corruption|refcount_t:|bad page|Bad page|UBSAN|KASAN|slab error|Poison overwritten'
}
