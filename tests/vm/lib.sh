# Helpers for VM tests (sourced).  A VM test boots the module in QEMU with
# bench/vm-run, runs a guest script that prints TAP, and relays it.
#
# What kernel tooling expects of a test (README, "Kernel test harnesses"):
# KTAP output, starting with its version line (printed here, once, as the
# test starts), results numbered from 1 in steps of 1, and kselftest's
# exit codes: 0 pass, 1 fail, 4 skip (every result a SKIP).
echo "KTAP version 1"
top_src=${PMB_TOP_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
top_build=${PMB_TOP_BUILDDIR:-$top_src}
# The module for the kernel the VM boots: PMB_VM_KERNEL=/boot/vmlinuz-REL
# other than the configured kernel takes kmod-build/REL/pmbench.ko
# (scripts/build-kmod.sh REL, or make kmod-kernels KERNELS=REL).
if [ -z "${PMB_KO:-}" ]; then
	PMB_KO=$top_build/kmod/pmbench.ko
	pmb_vm_release=${PMB_VM_KERNEL:-}; pmb_vm_release=${pmb_vm_release##*/vmlinuz-}
	if [ -n "${PMB_VM_KERNEL:-}" ] && [ "$pmb_vm_release" != "$PMB_VM_KERNEL" ] &&
	   [ -f "$top_build/kmod-build/$pmb_vm_release/pmbench.ko" ]; then
		PMB_KO=$top_build/kmod-build/$pmb_vm_release/pmbench.ko
	fi
fi
PMB_TOOL=${PMB_TOOL:-$top_build/userspace/pmbench}
VM_RUN=${VM_RUN:-$top_src/bench/vm-run}
# PMB_TIME_SCALE (a whole number, default 1) multiplies every timeout of the
# VM tests, for a slow or busy machine (README, "Tests").  No test waits a
# fixed time for something to happen: it waits for the event (a line
# written, a job started), and a timeout only says when to give up.
time_scale=${PMB_TIME_SCALE:-1}
if ! [[ $time_scale =~ ^[1-9][0-9]{0,2}$ ]]; then
	echo "not ok 1 - PMB_TIME_SCALE='$time_scale': must be a whole number from 1 to 999"
	exit 1
fi
scaled() { echo $(($1 * time_scale)); }

# A VM's timeout only ends a guest that hangs, so it is generous: at least
# four times what the test takes on an idle machine (a timeout that a busy
# machine reaches with nothing wrong fails CI by chance).
PMB_VM_TIMEOUT_DEFAULT=480

# Before the guest script: `pmbench perf-hold` opens the perf counters
# `pmbench run` opens and keeps them open while the script runs, and the
# script starts once they are on.  Each first open and last close of a kind
# of counter rewrites kernel code other CPUs may be running (the perf
# static keys); under TCG with two vCPUs that has left a vCPU spinning
# (a soft lockup in do_user_addr_fault()) and oopsed 6.12-rt on int3.
# Held open, the keys flip once per boot, before the test does anything.
PMB_GUEST_PERF_HOLD='/pmbench/pmbench perf-hold > /tmp/perf-hold.out 2>&1 & i=0; while ! grep -q ready /tmp/perf-hold.out 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done; grep -q ready /tmp/perf-hold.out 2>/dev/null || echo "# pmbench perf-hold did not start: $(head -c 200 /tmp/perf-hold.out 2>/dev/null)";'

# vm_tap GUEST_SCRIPT [vm-run options...]: run a guest script, relay its TAP.
# A VM that fails (oops, panic, timeout) becomes a "not ok" line.  Returns
# the guest's kselftest status (0, 1 or 4), or 1 when the VM failed.
vm_tap() {
	local script=$1; shift
	local rc=0 tap
	for f in "$PMB_KO" "$PMB_TOOL" "$VM_RUN"; do
		if [ ! -e "$f" ]; then
			echo "not ok 1 - $(basename "$script"): $f missing (run make first)"
			return 1
		fi
	done
	tap=$(mktemp "${TMPDIR:-/tmp}/vm-tap.XXXXXX") || return 1
	# A guest kernel that fails at boot, before the command started (so
	# before the module was loaded: 6.12-rt under TCG has oopsed on int3
	# while patching its sched_clock static key), is booted once more; the
	# first failure is printed, and a second one fails the test.
	local boot hold=$PMB_GUEST_PERF_HOLD
	# PMB_PERF_HOLD=0: a test that never starts `pmbench run` opens no
	# counter at all (test-kernels.sh's runs).
	[ "${PMB_PERF_HOLD:-1}" = 0 ] && hold=
	for boot in 1 2; do
		"$VM_RUN" -q --timeout "$(scaled "${PMB_VM_TIMEOUT:-$PMB_VM_TIMEOUT_DEFAULT}")" \
			--add "$PMB_KO:/pmbench/pmbench.ko" \
			--add-bin "$PMB_TOOL:/pmbench/pmbench" \
			--add "$script:/pmbench/guest.sh" \
			--add "$top_src/tests/vm/guest-lib.sh:/pmbench/guest-lib.sh" \
			"$@" -- "$hold PMB_TIME_SCALE=$time_scale sh /pmbench/guest.sh" \
			2> "$tap.err" | tee "$tap"
		rc=${PIPESTATUS[0]}
		cat "$tap.err" >&2
		[ "$boot" = 1 ] && [ "$rc" = 125 ] && ! [ -s "$tap" ] &&
			grep -q 'before the command started' "$tap.err" || break
		echo "# the guest kernel failed at boot, before the test started; booting it once more: $(grep 'guest kernel problem' "$tap.err" | head -1)"
	done
	rm -f "$tap.err"
	# The guest's own status is kselftest's (guest-lib.sh's done_tap);
	# anything else is the VM's or vm-run's, a failure named on a result
	# line numbered after the guest's last (KTAP numbers have no gaps),
	# with KTAP's TIMEOUT or ERROR directive.
	local name last why
	name=$(basename "$script")
	last=$(grep -cE '^(not )?ok [0-9]+' "$tap")
	case $rc in
	0 | 1 | 4) ;;
	124) why="TIMEOUT the VM timed out after $(scaled "${PMB_VM_TIMEOUT:-$PMB_VM_TIMEOUT_DEFAULT}") s (raise PMB_TIME_SCALE on a slow machine)" ;;
	125) why="ERROR the VM failed: kernel oops, panic or WARNING, or QEMU could not boot it (vm-run names the console log)" ;;
	*) why="ERROR the guest script or vm-run exited with status $rc" ;;
	esac
	if [ -n "${why:-}" ]; then
		echo "not ok $((last + 1)) - $name: the VM run # $why"
		grep -qE '^1\.\.[0-9]+' "$tap" || echo "1..$((last + 1))"
		rc=1
	fi
	rm -f "$tap"
	return "$rc"
}

# vm_guest_tap TIMEOUT-S SETTINGS [vm-run options...] < GUEST-BODY: run a
# guest script read from stdin, after the line SETTINGS (shell assignments
# the host passes in) and guest-lib.sh's helpers; relay its TAP.
vm_guest_tap() {
	local timeout=$1 settings=$2 tmp rc=0
	shift 2
	tmp=$(mktemp -d)
	{ echo "$settings"; echo ". /pmbench/guest-lib.sh"; cat; } > "$tmp/guest.sh"
	PMB_VM_TIMEOUT=$timeout vm_tap "$tmp/guest.sh" "$@" || rc=$?
	rm -rf "$tmp"
	return "$rc"
}
