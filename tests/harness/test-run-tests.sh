#!/bin/bash
# Tests for tests/run-tests, the runner behind `make check` and CI's
# summary: counts, a crash is never a pass, and each failure is named with
# the reason its test gave.  Prints TAP; exits 0 only if all pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
runner=$here/../run-tests
T=$(mktemp -d "${TMPDIR:-/tmp}/test-run-tests.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

prog() { # prog NAME BODY: a test program (a bash script) named NAME
	printf '%s\n' "$2" > "$T/$1.sh"
}
prog pass 'echo "ok 1 - one"; echo "ok 2 - two # SKIP no disk"; echo "ok 3 - three"'
prog diag 'echo "ok 1 - fine"; echo "not ok 2 - stderr is exact"; echo "#   expected: a"; echo "#   actual:   b"; echo "ok 3 - after"'
prog inline 'echo "not ok 1 - job failed # rc=1 out of memory"'
prog crash 'echo "starting"; exit 3'
prog quiet_exit 'echo "ok 1 - all fine"; exit 1'

out=$(cd "$T" && PMB_TEST_OUT="$T/out" bash "$runner" pass.sh diag.sh inline.sh crash.sh quiet_exit.sh 2>&1)
rc=$?
last=$(tail -n 1 <<<"$out")
[ "$last" = "5 passed, 4 failed" ] && ok "the last line counts passes and failures" ||
	not_ok "the last line counts passes and failures" "$last"
[ "$rc" -ne 0 ] && ok "a failure makes the runner exit non-zero" || not_ok "a failure makes the runner exit non-zero"
grep -qx '1 skipped (each says why above)' <<<"$out" && ok "skips have a line of their own" ||
	not_ok "skips have a line of their own" "$out"
f=$T/out/failures.txt
# has_failure NAME LINE: failures.txt has LINE, exactly, as one of its lines
has_failure() {
	grep -qxF "$2" "$f" 2>/dev/null && ok "$1" || not_ok "$1" "$(cat "$f" 2>&1)"
}
has_failure "a failure is named with the diagnostics that follow it" \
	'diag.sh: 2 - stderr is exact | expected: a | actual:   b'
has_failure "a failure with its reason on the same line keeps it" \
	'inline.sh: 1 - job failed # rc=1 out of memory'
has_failure "a program that printed no result is a failure" \
	'crash.sh: reported no test result at all (exit status 3)'
has_failure "a non-zero exit without a failure line is a failure" \
	'quiet_exit.sh: exited with status 1 without reporting a failure'
[ "$(grep -c . "$f" 2>/dev/null)" = 4 ] && ok "failures.txt holds exactly the four failures" ||
	not_ok "failures.txt holds exactly the four failures" "$(cat "$f" 2>&1)"
grep -qF 'diag.sh: 2 - stderr is exact | expected: a' <<<"$out" &&
	ok "the summary printed at the end names them too" || not_ok "the summary printed at the end names them too"

out=$(cd "$T" && PMB_TEST_OUT="$T/out" bash "$runner" pass.sh 2>&1)
rc=$?
[ "$rc" = 0 ] && [ "$(tail -n 1 <<<"$out")" = "2 passed, 0 failed" ] &&
	ok "all passing: exit 0, '2 passed, 0 failed'" ||
	not_ok "all passing: exit 0, '2 passed, 0 failed'" "rc=$rc $(tail -n 1 <<<"$out")"
[ ! -e "$T/out/failures.txt" ] && ok "all passing: no failures.txt left from before" ||
	not_ok "all passing: no failures.txt left from before"

# kselftest's exit codes: 4 is a skip, never a failure; a program that
# skips as a whole says why on its plan line ("1..0 # SKIP why").
prog skip_all 'echo "KTAP version 1"; echo "1..0 # SKIP no /dev/kvm"; exit 4'
prog skip_some 'echo "KTAP version 1"; echo "ok 1 - a # SKIP no disk"; echo "1..1"; exit 4'
prog skip_fail 'echo "not ok 1 - broke"; exit 4'
prog exit4_quiet 'echo "starting"; exit 4'
out=$(cd "$T" && PMB_TEST_OUT="$T/out" bash "$runner" skip_all.sh skip_some.sh 2>&1)
rc=$?
[ "$rc" = 0 ] && [ "$(tail -n 1 <<<"$out")" = "0 passed, 0 failed" ] &&
	grep -qx '2 skipped (each says why above)' <<<"$out" &&
	ok "exit status 4 (kselftest skip) counts as a skip, not a failure" ||
	not_ok "exit status 4 (kselftest skip) counts as a skip, not a failure" "rc=$rc" "$out"
grep -qF 'ok - skip_all.sh # SKIP no /dev/kvm' <<<"$out" &&
	ok "a program skipped as a whole is named with its reason" ||
	not_ok "a program skipped as a whole is named with its reason" "$out"
out=$(cd "$T" && PMB_TEST_OUT="$T/out" bash "$runner" skip_fail.sh 2>&1)
rc=$?
[ "$rc" -ne 0 ] && [ "$(tail -n 1 <<<"$out")" = "0 passed, 1 failed" ] &&
	ok "exit status 4 with a failure line is still a failure" ||
	not_ok "exit status 4 with a failure line is still a failure" "rc=$rc" "$out"
out=$(cd "$T" && PMB_TEST_OUT="$T/out" bash "$runner" exit4_quiet.sh 2>&1)
rc=$?
[ "$rc" = 0 ] && grep -qF 'ok - exit4_quiet.sh # SKIP exit status 4 (kselftest skip)' <<<"$out" &&
	ok "exit status 4 without any result line is one skip" ||
	not_ok "exit status 4 without any result line is one skip" "rc=$rc" "$out"

# The VM tests' helpers speak KTAP: a version line first, and a guest
# whose results are all skips ends with kselftest's 4.
lib_out=$(PMB_TIME_SCALE=1 bash -c ". '$here/../vm/lib.sh'" 2>&1)
[ "$lib_out" = "KTAP version 1" ] && ok "tests/vm/lib.sh starts the output with the KTAP version line" ||
	not_ok "tests/vm/lib.sh starts the output with the KTAP version line" "$lib_out"
guest() { sh -c ". '$here/../vm/guest-lib.sh'; $1" >/dev/null 2>&1; echo $?; }
codes="$(guest 'ok a; done_tap') $(guest 'ok a; nok b; done_tap') $(guest 'skip a why; skip b why; done_tap') $(guest 'skip a why; ok b; done_tap') $(guest 'skip a why; nok b; done_tap')"
[ "$codes" = "0 1 4 0 1" ] && ok "guest-lib.sh's done_tap exits 0 pass, 1 fail, 4 all skipped" ||
	not_ok "guest-lib.sh's done_tap exits 0 pass, 1 fail, 4 all skipped" "pass, fail, all skipped, skip+pass, skip+fail: $codes (want 0 1 4 0 1)"

# vm_tap: a VM failure is a "not ok" numbered after the guest's last
# result (no gap, as KTAP wants), with the TIMEOUT or ERROR directive,
# status 1; the guest's own 0, 1 or 4 passes through.
printf '%s\n' '#!/bin/bash' 'echo "ok 1 - one"; echo "ok 2 - two"; exit "${FAKE_RC:-0}"' > "$T/fake-vm-run"
chmod +x "$T/fake-vm-run"
: > "$T/fake.ko"
: > "$T/fake-tool"
vm() { # vm RC: vm_tap's output and status with a vm-run that exits RC
	FAKE_RC=$1 PMB_KO=$T/fake.ko PMB_TOOL=$T/fake-tool VM_RUN=$T/fake-vm-run \
		bash -c ". '$here/../vm/lib.sh' >/dev/null; vm_tap /x/guest.sh; echo \"status \$?\""
}
out=$(vm 124)
want=$'ok 1 - one\nok 2 - two\nnot ok 3 - guest.sh: the VM run # TIMEOUT the VM timed out after 480 s (raise PMB_TIME_SCALE on a slow machine)\n1..3\nstatus 1'
[ "$out" = "$want" ] && ok "vm_tap: a VM timeout is the next result, # TIMEOUT, status 1" ||
	not_ok "vm_tap: a VM timeout is the next result, # TIMEOUT, status 1" "$out"
out=$(vm 4)
[ "$out" = $'ok 1 - one\nok 2 - two\nstatus 4' ] && ok "vm_tap: the guest's kselftest status 4 passes through" ||
	not_ok "vm_tap: the guest's kselftest status 4 passes through" "$out"
out=$(vm 7)
grep -qx 'not ok 3 - guest.sh: the VM run # ERROR the guest script or vm-run exited with status 7' <<<"$out" &&
	[ "$(tail -n 1 <<<"$out")" = "status 1" ] && ok "vm_tap: any other status is an ERROR result, status 1" ||
	not_ok "vm_tap: any other status is an ERROR result, status 1" "$out"
# A guest kernel that fails at boot, before the command started, is
# booted once more (the failure printed as a note); failing twice, or after
# the command started, is the test's ERROR.
printf '%s\n' '#!/bin/bash' 'n=$(cat "$FAKE_COUNT" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE_COUNT"' \
	'if [ "$n" -lt "$FAKE_BOOT_FAILS" ]; then echo "vm-run: guest kernel problem: Oops: int3 (at boot, before the command started); console log: /x" >&2; exit 125; fi' \
	'echo "ok 1 - one"; exit 0' > "$T/fake-vm-boot"
chmod +x "$T/fake-vm-boot"
boot() { # boot FAILS: vm_tap's output and status with a guest failing FAILS boots
	rm -f "$T/boots"
	FAKE_BOOT_FAILS=$1 FAKE_COUNT=$T/boots PMB_KO=$T/fake.ko PMB_TOOL=$T/fake-tool VM_RUN=$T/fake-vm-boot \
		bash -c ". '$here/../vm/lib.sh' >/dev/null; vm_tap /x/guest.sh; echo \"status \$?\"" 2>/dev/null
}
out=$(boot 1)
grep -q '^# the guest kernel failed at boot, before the test started; booting it once more: ' <<<"$out" &&
	grep -qx 'ok 1 - one' <<<"$out" && [ "$(tail -n 1 <<<"$out")" = "status 0" ] &&
	[ "$(cat "$T/boots")" = 2 ] && ok "vm_tap: a kernel failing at boot, before the command, is booted once more" ||
	not_ok "vm_tap: a kernel failing at boot, before the command, is booted once more" "$out"
out=$(boot 2)
grep -qx 'not ok 1 - guest.sh: the VM run # ERROR the VM failed: kernel oops, panic or WARNING, or QEMU could not boot it (vm-run names the console log)' <<<"$out" &&
	[ "$(cat "$T/boots")" = 2 ] && ok "vm_tap: failing at boot twice is an ERROR, no third boot" ||
	not_ok "vm_tap: failing at boot twice is an ERROR, no third boot" "$out boots=$(cat "$T/boots")"
echo "1..$n"
[ "$failed" -eq 0 ]
