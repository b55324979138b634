# Runs inside the VM (busybox sh): load, capability call, bad input, the
# registry tables (describe, self-tests), unload.
. /pmbench/guest-lib.sh
check() { # NAME COMMAND...: ok when the command succeeds
	name=$1; shift
	if out=$("$@" 2>&1); then ok "$name"; else nok "$name" "$(echo "$out" | tail -1)"; fi
}

check "insmod pmbench.ko" insmod /pmbench/pmbench.ko
check "/dev/pmbench exists" test -c /dev/pmbench
mode=$(stat -c %a /dev/pmbench 2>/dev/null)
[ "$mode" = 600 ] && ok "/dev/pmbench is mode 0600" || nok "/dev/pmbench is mode 0600" "mode $mode"

caps=$(./pmbench caps 2>&1)
echo "# caps: $caps"
case $caps in
*"\"kernel\":\"$(uname -r)\""*) ok "caps reports the running kernel" ;;
*) nok "caps reports the running kernel" "$caps" ;;
esac
# The module's backends, in registry order, are the driver's (pmbench list).
want=
for b in $(./pmbench list backends); do want="$want${want:+,}\"$b\""; done
case $caps in
*"\"backends\":[$want]"*) ok "caps lists the registry's backends ($want)" ;;
*) nok "caps lists the registry's backends ($want)" "$caps" ;;
esac
case $caps in
*"\"abi_version\":1,"*) ok "caps ABI version 1" ;;
*) nok "caps ABI version 1" "$caps" ;;
esac

# Malformed ioctls, one errno each; its own TAP lines are renumbered here.
./pmb-ioctl-probe > /tmp/probe.out 2>&1
while read -r line; do
	case $line in
	"ok "*) ok "ioctl: ${line#* - }" ;;
	"not ok "*) nok "ioctl: ${line#* - }" ;;
	esac
done < /tmp/probe.out

# Every registry table as the module describes it; then with the
# describe_skew hook, exactly backend row 0's caps differ.
./pmb-describe > /tmp/describe.out 2>&1
relay "" < /tmp/describe.out
[ -s /tmp/describe.out ] || nok "pmb-describe ran" "no output"
echo Y > /sys/module/pmbench/parameters/describe_skew
./pmb-describe --skew > /tmp/describe.out 2>&1
relay "describe_skew=Y: " < /tmp/describe.out
echo N > /sys/module/pmbench/parameters/describe_skew

# The registry self-tests: the load-time check fed fake ops, describe.
names=$(./pmbench selftest --list | grep -E '^registry_')
[ -n "$names" ] && ok "registry self-tests listed" || nok "registry self-tests listed" "none"
# shellcheck disable=SC2086  # one argument per name
./pmbench selftest $names > /tmp/selftest.out 2>&1
relay "selftest: " < /tmp/selftest.out

# A non-root user gets a clear permission message, not a crash.
out=$(./pmb-runas 65534 ./pmbench caps 2>&1)
rc=$?
case "$rc:$out" in
1:*"permission denied"*"root"*) ok "non-root caps: clear EACCES message" ;;
*) nok "non-root caps: clear EACCES message" "rc=$rc $out" ;;
esac

check "rmmod pmbench" rmmod pmbench
check "/dev/pmbench gone after unload" test ! -e /dev/pmbench
out=$(./pmbench caps 2>&1)
case $out in
*"module is not loaded"*) ok "caps without the module: clear message" ;;
*) nok "caps without the module: clear message" "$out" ;;
esac

# Nothing above info level from the module (dmesg -r keeps <level>).  The
# module loader's own taint notices (unsigned, out-of-tree) are not ours.
bad=$(dmesg -r | grep -E '^<[0-5]>' | grep -i pmbench | grep -vE 'taints kernel|tainting kernel')
[ -z "$bad" ] && ok "no pmbench kernel message above info level" || nok "no pmbench kernel message above info level" "$bad"

echo "1..$n"
[ "$failed" -eq 0 ]
