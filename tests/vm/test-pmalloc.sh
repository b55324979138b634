#!/bin/bash
# pmalloc and page-protection self-tests in the VM, once per
# protection method: one guest boot each, every self-test whose name starts
# with pmalloc_ or protect_ (behaviour only: none reports a time), the
# module parameter, unload, and a guest dmesg free of WARNING/BUG.  Prints one TAP stream (tests numbered across both
# boots, plan at the end) and exits non-zero on any failure.
#
# Environment: PMB_KO (default kmod/pmbench.ko), PMB_TOOL (default
# userspace/pmbench), both under PMB_TOP_BUILDDIR when set (make check sets
# it), VM_RUN (default bench/vm-run), PMB_METHODS (default
# "cpa pte"), PMB_VM_TIMEOUT (seconds per boot, default 300), plus what
# bench/vm-run reads (PMB_VM_KERNEL).
set -u

# top_src, top_build, PMB_KO, PMB_TOOL, VM_RUN and scaled() (PMB_TIME_SCALE)
. "$(dirname "$0")/lib.sh"
PMB_METHODS=${PMB_METHODS:-cpa pte}

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1${2:+ # $2}"; }

for f in "$PMB_KO" "$PMB_TOOL" "$VM_RUN"; do
	if [ ! -e "$f" ]; then
		nok "test-pmalloc: $f missing (build it first)"
		echo "1..$n"
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-pmalloc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The guest half (busybox sh).  $1: the method.  Prints TAP lines whose
# numbers the host replaces; "#" lines are diagnostics.
cat > "$tmp/guest.sh" <<'GUEST'
m=$1
say() { echo "$1 0 - $2 [$m]${3:+ # $3}"; }
if [ "$m" = pte ]; then
	# An unknown value must fail the load, not fall back.
	if insmod /pmbench/pmbench.ko protect=bogus 2>/dev/null; then
		rmmod pmbench
		say "not ok" "insmod protect=bogus refused" "it loaded"
	else
		say ok "insmod protect=bogus refused"
	fi
fi
if ! insmod /pmbench/pmbench.ko "protect=$m"; then
	say "not ok" "insmod protect=$m" "$(dmesg | grep pmbench | tail -1)"
	exit 1
fi
caps=$(./pmbench caps 2>&1)
case $caps in
*"\"protect_default\":\"$m\""*) say ok "protect=$m is the default" ;;
*) say "not ok" "protect=$m is the default" "$caps" ;;
esac
names=$(./pmbench selftest --list | grep -E '^(pmalloc|protect)_')
[ -n "$names" ] || say "not ok" "self-tests listed" "none"
# shellcheck disable=SC2086  # one argument per name
./pmbench selftest --method "$m" $names > /tmp/selftest.out 2>&1
grep -v '^1\.\.' /tmp/selftest.out
# They assert behaviour, never speed (that is the benchmark's): no result
# may carry a time.
timed=$(grep -E '[0-9] ?[nu]s([^a-z]|$)|ns/op' /tmp/selftest.out)
[ -z "$timed" ] && say ok "no self-test reports a timing" ||
	say "not ok" "no self-test reports a timing" "$(echo "$timed" | head -1)"
if rmmod pmbench; then say ok "rmmod"; else say "not ok" "rmmod"; fi
# Tests leave no pool behind: unload would say it destroyed one.
left=$(dmesg | grep 'destroying leftover pool')
[ -z "$left" ] && say ok "no pool left at unload" || say "not ok" "no pool left at unload" "$left"
bad=$(dmesg | grep -E 'WARNING:|BUG:|kernel BUG|Oops|Call Trace|general protection|cut here')
[ -z "$bad" ] && say ok "guest dmesg has no WARNING/BUG" ||
	say "not ok" "guest dmesg has no WARNING/BUG" "$(echo "$bad" | head -1)"
GUEST

for m in $PMB_METHODS; do
	rc=0
	"$VM_RUN" -q --timeout "$(scaled "${PMB_VM_TIMEOUT:-300}")" \
		--add "$PMB_KO:/pmbench/pmbench.ko" \
		--add-bin "$PMB_TOOL:/pmbench/pmbench" \
		--add "$tmp/guest.sh:/pmbench/guest-pmalloc.sh" \
		-- "sh /pmbench/guest-pmalloc.sh $m" > "$tmp/out.$m" 2> "$tmp/err.$m" || rc=$?
	seen=0
	while IFS= read -r line; do
		case $line in
		"ok "*) seen=$((seen + 1)); ok "${line#* - }" ;;
		"not ok "*) seen=$((seen + 1)); nok "${line#* - }" ;;
		"#"*) echo "$line" ;;
		*) echo "# [$m] $line" ;;
		esac
	done < "$tmp/out.$m"
	if [ "$rc" -ge 124 ]; then
		nok "VM boot for $m" "vm-run status $rc (124 timeout, 125 kernel oops/panic/warning): $(tail -1 "$tmp/err.$m")"
	elif [ "$seen" -lt 10 ]; then
		nok "VM boot for $m ran the self-tests" "only $seen results, status $rc: $(tail -1 "$tmp/err.$m")"
	fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
