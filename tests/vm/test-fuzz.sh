#!/bin/bash
# Fuzz /dev/pmbench in the VM: pmb-fuzz (several processes, random and
# boundary input, an oracle for every answer) for PMB_FUZZ_SECONDS (20;
# `make stress` runs 600), then: no oops, BUG or WARNING in dmesg, none of
# our vmalloc areas left, VmallocUsed and Slab back within tolerance,
# module unloads.
set -u
. "$(dirname "$0")/lib.sh"
secs=${PMB_FUZZ_SECONDS:-20}
procs=${PMB_FUZZ_PROCS:-3}
seed=${PMB_FUZZ_SEED:-$(date +%s)}
vm_guest_tap $((secs + 200)) "secs=$secs procs=$procs seed=$seed" \
	--add-bin "$top_build/tests/vm/pmb-fuzz:/pmbench/pmb-fuzz" <<'GUEST'
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }
# Warm every backend once, so first-use caches are in the baseline.
for b in $(./pmbench list backends); do
	./pmbench job --backend $b --workload read --size 64 --count 4096 --repeats 1 > /dev/null 2>&1
done
set -- $(mem_settled); f0=$1 s0=$2 v0=$3
echo "# before: MemFree $f0 kB, Slab $s0 kB, VmallocUsed $v0 kB"

/pmbench/pmb-fuzz --seconds "$secs" --procs "$procs" --seed "$seed" > /tmp/fuzz.out 2>&1
rc=$?
# Its TAP lines, renumbered into ours; its comments as they are.
while read -r line; do
	case $line in
	"ok "*) ok "${line#* - }" ;;
	"not ok "*) nok "${line#* - }" ;;
	"#"*) echo "$line" ;;
	esac
done < /tmp/fuzz.out
# A fuzzer that crashed or stopped early must not leave only passes behind
# (status 1 is its own failures, already counted above).
if [ $rc -le 1 ] && grep -q '^1\.\.[0-9]' /tmp/fuzz.out; then
	ok "fuzz: pmb-fuzz ran to its end (seed $seed)"
else
	nok "fuzz: pmb-fuzz ran to its end (seed $seed)" "exit status $rc; repeat with PMB_FUZZ_SEED=$seed"
fi

trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "fuzz: no oops, BUG or WARNING in dmesg" || nok "fuzz: no oops, BUG or WARNING in dmesg" "$trouble"
live=$(live_vmalloc)
expect "fuzz: no vmalloc area of ours left" "$live == 0" "$live areas"
set -- $(mem_settled); f1=$1 s1=$2 v1=$3
echo "# after: MemFree $f1 kB ($((f1 - f0))), Slab $s1 kB ($((s1 - s0))), VmallocUsed $v1 kB ($((v1 - v0)))"
# Tolerances: what the kernel's own caches move by between two snapshots
# of an idle guest (README, "Robustness"); a leaked job would be far more.
expect "fuzz: VmallocUsed back within 64 kB" "$v1 - $v0 <= 64" "delta $((v1 - v0)) kB"
expect "fuzz: Slab back within 512 kB" "$s1 - $s0 <= 512" "delta $((s1 - s0)) kB"
# MemFree is a figure, not a test: besides any leak it pays for the page
# tables the kernel keeps for every part of vmalloc space it ever mapped
# (never freed; 2 MiB per GiB of address space; a job of 2^20 vmalloc
# objects maps up to 8 GiB of it), and up to ~30 MB came back only seconds
# later or not at all with nothing of ours alive.  VmallocUsed, Slab and
# our own areas above are the figures that hold still; a leaked job shows
# in them.
rmmod pmbench && ok "fuzz: rmmod afterwards" || nok "fuzz: rmmod afterwards"
done_tap
GUEST
