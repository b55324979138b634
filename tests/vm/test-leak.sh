#!/bin/bash
# Leaks in the VM: load the module, run the quick suite, unload, many times
# (PMB_LEAK_CYCLES, default 30; `make stress`: 200).  After every cycle the
# kernel's caches are dropped and MemFree, Slab and VmallocUsed read; after
# five warm-up cycles neither Slab nor VmallocUsed may trend upwards
# (README, "Robustness", has the bounds; MemFree's trend is printed), and no
# area of ours may outlive a run.
set -u
. "$(dirname "$0")/lib.sh"
cycles=${PMB_LEAK_CYCLES:-30}
# The VM gets 10 s a cycle and 60 s for booting and the fit, scaled.  A
# cycle (insmod, the quick suite, rmmod) takes about 7 s here with both
# CPUs busy and over 15 s when they are oversubscribed 3.5 times: on a
# machine that slow the guest stops starting new cycles once the cycles'
# share of the time is used up, after at least $min_cycles (five warm-up
# cycles and ten to fit), says so, and tests what it ran.  Fewer cycles
# give a wider standard error, which the bounds below already account for.
# The VM's own timeout is twice all that (a guest past its budget stops by
# itself, so the timeout only ends a guest that hangs): under CPUs shared
# with other work, the $min_cycles cycles it must run before it may stop
# once took more than the whole budget, and the run timed out instead of
# testing them.
min_cycles=15
[ "$cycles" -ge $min_cycles ] || min_cycles=$cycles
vm_guest_tap $(( (cycles * 10 + 60) * 2 )) "cycles=$cycles min_cycles=$min_cycles budget_s=$((cycles * 10))" \
	--add "$top_src/bench/suites/quick.suite:/pmbench/quick.suite" <<'GUEST'
i=0 bad_runs=0 left=0 still=0
deadline=$(( budget_s * time_scale * 100 ))	# guest uptime, centiseconds
while [ $i -lt $cycles ]; do
	if [ $i -ge $min_cycles ] && [ "$(uptime_cs)" -ge $deadline ]; then
		echo "# leak: $i of $cycles cycles fitted in the time budget (${budget_s} s x PMB_TIME_SCALE $time_scale): this machine is slow; testing those"
		cycles=$i
		break
	fi
	i=$((i + 1))
	insmod /pmbench/pmbench.ko || { bad_runs=$((bad_runs + 1)); continue; }
	if ! ./pmbench run --suite /pmbench/quick.suite --results /tmp/res --run-id c$i \
		--quiet > /dev/null 2> /tmp/run.err; then
		bad_runs=$((bad_runs + 1))
		echo "# cycle $i: $(tail -1 /tmp/run.err)"
	fi
	rm -rf /tmp/res
	left=$((left + $(live_vmalloc)))
	rmmod pmbench || bad_runs=$((bad_runs + 1))
	[ -e /sys/module/pmbench ] && still=$((still + 1))
	set -- $(mem_snapshot)
	echo "$i $1 $2 $3" >> /tmp/mem
done
expect "leak: $cycles cycles of insmod, quick suite, rmmod all succeeded" "$bad_runs == 0" "$bad_runs failed"
expect "leak: no vmalloc area of ours outlived a run" "$left == 0" "$left areas"
expect "leak: the module was gone after every rmmod" "$still == 0" "$still times still there"
# The first cycles fill caches for good (module area page tables, slab
# pages): they are warm-up.  Over the rest a leak is a trend, so the test
# fits a line through each figure and bounds its slope; single readings
# move by a few hundred kB either way.
# Each slope comes with its standard error (from the scatter of the
# readings around the line), so a test can tell a trend from noise.
warm=5
fit() { # fit COLUMN: "SLOPE STDERR N" of that column over the cycles past warm-up
	# busybox awk has no math library here: no ^, no sqrt (Newton's instead).
	awk -v w=$warm -v k=$1 '
	function root(v,  r, i) { if (v <= 0) return 0; r = v > 1 ? v : 1
		for (i = 0; i < 60; i++) r = (r + v / r) / 2; return r }
	$1 > w { n++; x[n] = $1; y[n] = $k; sx += $1; sy += $k }
	END {
		if (n < 3) { print "0 0", n + 0; exit }
		mx = sx / n; my = sy / n
		for (i = 1; i <= n; i++) { dx = x[i] - mx; sxx += dx * dx; sxy += dx * (y[i] - my) }
		b = sxy / sxx
		for (i = 1; i <= n; i++) { e = y[i] - my - b * (x[i] - mx); rss += e * e }
		printf "%.1f %.1f %d\n", b, root(rss / (n - 2) / sxx), n }' /tmp/mem
}
set -- $(fit 2); mf=$1 mf_se=$2
set -- $(fit 3); sl=$1 sl_se=$2
set -- $(fit 4); vm=$1 vm_se=$2 used=$3
first=$(awk -v w=$warm '$1 == w + 1' /tmp/mem) last=$(tail -1 /tmp/mem)
echo "# cycle $((warm + 1)): $first (MemFree, Slab, VmallocUsed in kB)"
echo "# cycle $cycles: $last"
echo "# trend over $used cycles, kB per cycle (+- standard error): MemFree $mf +- $mf_se, Slab $sl +- $sl_se, VmallocUsed $vm +- $vm_se"
# The quick suite's kmalloc jobs hold over 2 MiB of objects at their peaks:
# a cycle leaking 1 % of that (20 kB) passes the Slab bound; one leaked
# vmalloc or pmalloc page per cycle passes the VmallocUsed bound.  A slope
# fails only when it is past the bound AND more than four standard errors
# above zero: Slab readings scatter by a few hundred kB, which over 25
# cycles gives the slope a standard error of about 5 kB/cycle, so a bound
# alone would fail now and then with nothing leaking (about 1 run in 300
# at 16 kB/cycle), while a leak of the pointer arrays (+85 kB/cycle) or of
# one page a cycle stays far past both.
expect "leak: VmallocUsed does not grow (slope $vm +- $vm_se kB/cycle: <= 2, or within 4 standard errors of 0)" \
	"$used >= 10 && ($vm <= 2 || $vm <= 4 * $vm_se)" "$vm +- $vm_se kB/cycle over $used cycles"
expect "leak: Slab does not grow (slope $sl +- $sl_se kB/cycle: <= 16, or within 4 standard errors of 0)" \
	"$used >= 10 && ($sl <= 16 || $sl <= 4 * $sl_se)" "$sl +- $sl_se kB/cycle"
# MemFree's slope is printed above, not tested: it also pays for kernel
# page tables that are never given back (vmalloc and module space,
# direct-map splits) and has drifted by up to -330 kB/cycle here with
# nothing of ours alive.  A leak of our objects shows in VmallocUsed or
# Slab (kmalloc objects over 8 KiB come from the page allocator and show in
# neither: the quick suite's largest kmalloc object is 4 KiB).
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "leak: no oops, BUG or WARNING in dmesg" || nok "leak: no oops, BUG or WARNING in dmesg" "$trouble"
done_tap
GUEST
