#!/bin/bash
# shellcheck disable=SC2016  # $VARS in single quotes expand in the guest, on purpose
# Tests for bench/vm-run: boots the real kernel under QEMU TCG a few times
# (about 1.5 minutes on 2 cores).  Prints TAP; exits 0 only if all pass.
#
#   tests/vm/test-vm-runner.sh            (VM_RUN=path overrides the runner)

set -uo pipefail   # no -e: a failing check must not stop the other checks

here=$(cd "$(dirname "$0")" && pwd)
vm_run=${VM_RUN:-$here/../../bench/vm-run}
T=$(mktemp -d "${TMPDIR:-/tmp}/test-vm-runner.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0 failures=0
ok() { # ok NAME: pass
	n=$((n + 1)); echo "ok $n - $1"
}
not_ok() { # not_ok NAME WHY...: fail, with the reason as TAP diagnostics
	local name=$1; shift
	n=$((n + 1)); failures=$((failures + 1))
	echo "not ok $n - $name"
	local line
	for line in "$@"; do printf '#   %s\n' "$line"; done
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# check NAME EXPECTED ACTUAL
check() {
	if [[ $2 == "$3" ]]; then ok "$1"; else not_ok "$1" "expected: $(printf %q "$2")" "actual:   $(printf %q "$3")"; fi
}
# check_match NAME REGEX ACTUAL
check_match() {
	if [[ $3 =~ $2 ]]; then ok "$1"; else not_ok "$1" "expected to match: $2" "actual: $(printf %q "$3")"; fi
}

# start_vm NAME ARGS...: runs vm-run in the background, output in $T/NAME.*
start_vm() {
	local name=$1; shift
	(
		t0=$SECONDS
		"$vm_run" "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null &
		echo $! > "$T/$name.pid"
		wait $!
		echo "$? $((SECONDS - t0))" > "$T/$name.rc"
	) &
}
# finish_vm NAME: waits for it; sets rc, out, err, secs (whole seconds).
finish_vm() {
	local name=$1
	while [[ ! -s $T/$name.rc ]]; do sleep 0.2; done
	read -r rc secs < "$T/$name.rc"
	out=$(cat "$T/$name.out"; echo x); out=${out%x}   # keep trailing newlines
	err=$(cat "$T/$name.err"; echo x); err=${err%x}
	echo "# $name: exit $rc after $secs s"
}
# run_vm NAME ARGS...: the same in the foreground.
run_vm() { start_vm "$@"; finish_vm "$1"; }
# log_path_of STDERR: the console log path vm-run named in its failure line.
log_path_of() { sed -n 's/.*; console log: //p' <<<"$1" | tail -n 1; }
# md5_of FILE: its md5 and a newline, or "missing" (to compare with the
# guest's "md5sum | cut" output)
md5_of() { if [[ -f $1 ]]; then md5sum < "$1" | cut -d ' ' -f 1; else echo missing; fi; }

# The number of checks, for the TAP plan.
planned=47
echo "1..$planned"

# The hang test idles for its 20 s timeout; let it run beside the others.
start_vm hang --timeout 20 -- sleep 1000

# --- 1: output, separation from the console, exit status, --log ------------
run_vm basic -q --log "$T/basic.log" -- 'echo hello; echo to-stderr >&2; exit 3'
check "stdout is exactly 'hello\\n' (no console noise)" $'hello\n' "$out"
check "stderr is exactly 'to-stderr\\n' with -q" $'to-stderr\n' "$err"
check "exit status 3 is propagated" 3 "$rc"
if grep -q 'reboot: Power down' "$T/basic.log" && grep -q '^\[ *0\.0*\] Linux version' "$T/basic.log"; then
	ok "--log holds the console and the appended guest dmesg"
else
	not_ok "--log holds the console and the appended guest dmesg" "$(tail -n 3 "$T/basic.log" 2>&1)"
fi

# --- 1b: a host-load sampler that does not end with QEMU -------------------
# vm-run stops it with SIGKILL (it ignores SIGTERM); the run must neither
# wait for it nor add to the command's stderr.  (Bash can announce a killed
# job on stderr, "line N: PID Killed ...", depending on timing: vm-run
# disowns the sampler.  This check makes the kill certain, not the notice.)
mkdir -p "$T/stub"
cp "$vm_run" "$T/stub/vm-run"
printf '#!/bin/sh\nexec sleep 600\n' > "$T/stub/host-load"
chmod +x "$T/stub/vm-run" "$T/stub/host-load"
saved_vm_run=$vm_run vm_run=$T/stub/vm-run
run_vm killed -q -- 'echo to-stderr >&2'
vm_run=$saved_vm_run
check "a sampler killed at the end: stderr is still exactly 'to-stderr\\n'" $'to-stderr\n' "$err"
check "a sampler killed at the end: the command's status (0)" 0 "$rc"

# --- 2: argv quoting, --add, --add-bin of a dynamically linked program -------
if command -v cc >/dev/null; then
	cat > "$T/root2.c" <<'EOF'
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	/* sqrt of an argument: not folded at compile time, so libm is needed */
	printf("root2 %.1f\n", sqrt(atof(argc > 1 ? argv[1] : "0")));
	return 0;
}
EOF
	if cc -O2 -o "$T/root2" "$T/root2.c" -lm 2>"$T/cc.err" && ldd "$T/root2" | grep -q libm; then
		printf 'data file\n' > "$T/data.txt"
		run_vm addbin -q --add-bin "$T/root2:/pmbench/" --add "$T/data.txt:/etc/pmb/data.txt" \
			-- sh -c 'root2 "$1"; cat /etc/pmb/data.txt; printf "[%s]" "$0" "$2"' "a b" 6.25 "c'd"
		check "--add-bin program with libm runs; --add file; argv kept" $'root2 2.5\ndata file\n[a b][c\'d]' "$out"
		check "--add-bin run exits 0" 0 "$rc"
	else
		not_ok "compile a dynamically linked test program" "$(cat "$T/cc.err")"
		not_ok "--add-bin run exits 0" "no program"
	fi
else
	skip "--add-bin program with libm runs; --add file; argv kept" "no cc"
	skip "--add-bin run exits 0" "no cc"
fi

# --- 3: /out over the virtio disk: binary file in a subdirectory -------------
run_vm out -q --out-via disk --out "$T/out" -- \
	'mkdir -p $OUT/sub && head -c 1048576 /dev/urandom > $OUT/sub/x.bin && printf "a\nb\r\n\0" > $OUT/sub/x.txt && md5sum $OUT/sub/x.bin | cut -d " " -f 1'
check "--out run exits 0" 0 "$rc"
check_match "the guest printed an md5" '^[0-9a-f]{32}'$'\n''$' "$out"
check "1 MiB binary file came back with the guest's md5" "$out" "$(md5_of "$T/out/sub/x.bin")"$'\n'
check "it is exactly 1048576 bytes" 1048576 "$(stat -c %s "$T/out/sub/x.bin" 2>&1)"
check "CR, LF and NUL bytes arrive unchanged" "$(printf 'a\nb\r\n\0' | od -An -c)" "$(od -An -c "$T/out/sub/x.txt" 2>&1)"

# --- 4: /out over the control serial port (the fallback) --------------------
run_vm serial -q --out-via serial --out "$T/out-serial" -- \
	'head -c 65536 /dev/urandom > $OUT/r.bin && md5sum $OUT/r.bin | cut -d " " -f 1'
check "--out-via serial run exits 0" 0 "$rc"
check "binary file came back over the serial port intact" "$out" "$(md5_of "$T/out-serial/r.bin")"$'\n'

# --- 4b: /out shared (9p, the default): files and output arrive live -------
# The guest writes a file and a stderr line, then waits until the host has
# seen both and answered with a file of its own in the shared folder.
start_vm share -q --out "$T/share" -- \
	'echo one > $OUT/early.txt; echo first-line >&2
	 i=0; while [ ! -e $OUT/ack ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	 cat $OUT/ack; head -c 300000 /dev/urandom > $OUT/big.bin; md5sum $OUT/big.bin | cut -d " " -f 1 >&2'
i=0 live=no
while ((i < 600)) && [[ ! -s $T/share.rc ]]; do
	if [[ -f $T/share/early.txt ]] && grep -q first-line "$T/share.err" 2>/dev/null; then
		live=yes
		echo host-ack > "$T/share/ack"
		break
	fi
	sleep 0.1; i=$((i + 1))
done
finish_vm share
check "share: the file and the stderr line reached the host while the guest ran" yes "$live"
check "share: the guest saw the host's file" $'host-ack\n' "$out"
check "share: exits 0" 0 "$rc"
check "share: a 300 kB binary file arrived intact" "$(sed -n 2p <<<"$err")" "$(md5_of "$T/share/big.bin")"

# --- 4c: a guest crash keeps what was written to the share ------------------
run_vm crash -q --out "$T/crash" -- 'echo kept > $OUT/before.txt; echo c > /proc/sysrq-trigger'
check "crash: exit status 125" 125 "$rc"
check "crash: the file written before the panic is on the host" kept "$(cat "$T/crash/before.txt" 2>&1)"
rm -rf "$(dirname "$(log_path_of "$err")")"

# --- 4d: the first SIGINT/SIGTERM goes to the command, which may finish -----
# (A script's background job ignores SIGINT, so this sends SIGTERM, which
# vm-run treats the same way; the command receives SIGINT.)
start_vm ctrlc --out "$T/ctrlc" -- \
	'trap "echo got-int >&2; echo cleaned > \$OUT/cleanup.txt; exit 7" INT; echo "wait""ing" >&2; while :; do sleep 1; done'
i=0
while ((i < 600)) && ! grep -q waiting "$T/ctrlc.err" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -TERM "$(cat "$T/ctrlc.pid")"
finish_vm ctrlc
check "ctrl-c: the command's own status (7) after its INT trap ran" 7 "$rc"
check "ctrl-c: the command cleaned up into /out" cleaned "$(cat "$T/ctrlc/cleanup.txt" 2>&1)"
check_match "ctrl-c: vm-run said it passed the interrupt on" 'interrupt passed to the command in the guest' "$err"

# --- 4e: Ctrl-C at a terminal: SIGINT to vm-run's whole process group ------
# As a shell with job control starts it: its own process group, SIGINT not
# ignored (perl, Essential in Debian, does the setpgrp and the exec).  Every
# helper vm-run started gets the signal too, and must survive it, or the
# guest's exit record is lost and the status is 125 instead of the command's.
(
	t0=$SECONDS
	perl -e '$SIG{INT} = "DEFAULT"; setpgrp(0, 0); exec @ARGV or die' \
		"$vm_run" --out "$T/ctrlc2" -- \
		'trap "echo cleaned > \$OUT/cleanup.txt; exit 9" INT; echo "wait""ing" >&2; while :; do sleep 1; done' \
		>"$T/ctrlc2.out" 2>"$T/ctrlc2.err" </dev/null &
	echo $! > "$T/ctrlc2.pid"
	wait $!
	echo "$? $((SECONDS - t0))" > "$T/ctrlc2.rc"
) &
i=0
while ((i < 600)) && ! grep -q waiting "$T/ctrlc2.err" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -INT -- "-$(cat "$T/ctrlc2.pid")"
finish_vm ctrlc2
check "ctrl-c to the process group: the command's own status (9)" 9 "$rc"
check "ctrl-c to the process group: the command cleaned up into /out" cleaned "$(cat "$T/ctrlc2/cleanup.txt" 2>&1)"

# --- 5: --mode icount -------------------------------------------------------
run_vm icount -q --mode icount -- 'echo $PMB_TARGET $(nproc)'
check "--mode icount boots and runs (target, 1 CPU)" $'vm-icount 1\n' "$out"
check "--mode icount exits 0" 0 "$rc"

# --- 6: a hung guest is killed at --timeout (started at the top) ------------
finish_vm hang
check "hang: exit status 124" 124 "$rc"
if ((secs <= 35)); then ok "hang: over within 35 s ($secs s)"; else not_ok "hang: over within 35 s" "took $secs s"; fi
# (On a loaded host the boot itself may not finish in 20 s; both are fine.)
check_match "hang: one line says it timed out" \
	'vm-run: timed out after 20 s(: the command was still running| before the guest started the command); console log: ' "$err"
rm -rf "$(dirname "$(log_path_of "$err")")"

# --- 7: a guest kernel panic -------------------------------------------------
run_vm panic -q -- 'echo before; echo c > /proc/sysrq-trigger; echo after'
check "panic: exit status 125" 125 "$rc"
check "panic: output up to the crash comes back" $'before\n' "$out"
check_match "panic: stderr says what happened" 'guest kernel problem: Kernel panic - not syncing: sysrq triggered crash' "$err"
log=$(log_path_of "$err")
if [[ -n $log ]] && grep -q 'Kernel panic' "$log"; then
	ok "panic: the console log named on stderr exists and shows the panic"
else
	not_ok "panic: the console log named on stderr exists and shows the panic" "log: '$log'" "stderr: $err"
fi
[[ -n $log && $log == */vm-run.*/console.log ]] && rm -rf "$(dirname "$log")"

# --- 8: a WARNING that only reaches dmesg (not the console) still fails ------
run_vm warn -q --log "$T/warn.log" -- 'echo "<6>WARNING: CPU: 0 PID: 1 injected by the test" > /dev/kmsg'
check "dmesg-only WARNING: exit status 125" 125 "$rc"
check_match "dmesg-only WARNING: named on stderr" 'guest kernel problem: WARNING: CPU: 0 PID: 1 injected by the test; console log: ' "$err"

# --- 8b: a report whose headline is not BUG/WARNING (a hung task) ----------
# is named by its headline, not by the "Call Trace:" under it, and its
# lines come on stderr (CI keeps only those).
run_vm hung -q -- 'echo "<3>INFO: task pmbench:77 blocked for more than 120 seconds." > /dev/kmsg; echo "<4>Call Trace:" > /dev/kmsg; echo "<4> injected_frame+0x1/0x2" > /dev/kmsg'
check "hung task report: exit status 125" 125 "$rc"
check_match "hung task report: named by its headline" 'guest kernel problem: INFO: task pmbench:77 blocked for more than 120 seconds\.' "$err"
check_match "hung task report: its lines on stderr" 'vm-run: \| .*injected_frame\+0x1/0x2' "$err"
log=$(log_path_of "$err")
[[ -n $log && $log == */vm-run.*/console.log ]] && rm -rf "$(dirname "$log")"

# --- 9: usage and setup errors (no boot) -----------------------------------
run_vm badopt --bogus -- true
check "bad option: exit 2" 2 "$rc"
check_match "bad option: clear message" "^vm-run: unknown option '--bogus'" "$err"
run_vm nokernel --kernel "$T/no-such-vmlinuz" -- true
check "missing kernel: exit 125" 125 "$rc"
check "missing kernel: clear message" "vm-run: kernel '$T/no-such-vmlinuz' not found"$'\n' "$err"
run_vm nocmd -q
check_match "no command: exit 2 and a clear message" "^2 vm-run: no command given" "$rc $err"
run_vm help --help
check_match "--help: exit 0 and usage text" '^0 Usage: bench/vm-run \[options\] -- COMMAND' "$rc $out"
if [[ ! -e /dev/kvm ]]; then
	run_vm kvm --mode kvm -- true
	check_match "--mode kvm without /dev/kvm: exit 125, clear message" '^125 vm-run: --mode kvm needs /dev/kvm' "$rc $err"
else
	skip "--mode kvm without /dev/kvm: exit 125, clear message" "/dev/kvm exists"
fi

((n == planned)) || { echo "# planned $planned checks, ran $n"; failures=$((failures + 1)); }
((failures == 0))
