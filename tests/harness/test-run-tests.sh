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
echo "1..$n"
[ "$failed" -eq 0 ]
