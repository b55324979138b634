#!/bin/bash
# The kernel matrix: the module built from the same sources for every other
# installed kernel (scripts/kernels.sh list, less the configured one), and
# on each of them the module basics (test-module.sh) and the engine
# (test-engine.sh) booted in the VM, their TAP lines prefixed with the
# kernel's release.  Before that, without booting: each bad KERNELS entry
# (no headers, no image, headers without a matching image, not a release)
# is one line, and vm-run refuses a module built for another kernel.
#   PMB_TEST_KERNELS="REL ..."   test these kernels instead (empty: none)
set -u
. "$(dirname "$0")/lib.sh"
. "$top_src/tests/tap.sh"

kernels=$top_src/scripts/kernels.sh
configured=${PMB_KERNEL_RELEASE:-$(modinfo -F vermagic "$top_build/kmod/pmbench.ko" 2>/dev/null | cut -d ' ' -f 1)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-kernels.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- bad KERNELS entries, against a fake /boot and /usr/src ----
fake_boot=$tmp/boot fake_src=$tmp/src
mkdir -p "$fake_boot" "$fake_src/linux-headers-6.12.1-amd64" "$fake_src/linux-headers-6.12.2-amd64"
: > "$fake_src/linux-headers-6.12.1-amd64/Makefile"	# headers, no image
: > "$fake_src/linux-headers-6.12.2-amd64/Makefile"	# both
: > "$fake_boot/vmlinuz-6.12.2-amd64"
: > "$fake_boot/vmlinuz-6.12.3-amd64"			# image, no headers
# resolve_err LIST PATTERN NAME: `resolve LIST` fails with one line
# matching PATTERN.
resolve_err() {
	local out rc=0
	out=$(PMB_BOOT_DIR=$fake_boot PMB_SRC_DIR=$fake_src "$kernels" resolve "$1" 2>&1 >/dev/null) || rc=$?
	if [ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && [[ $out =~ $2 ]]; then
		ok "KERNELS=\"$1\": $3"
	else
		not_ok "KERNELS=\"$1\": $3" "status $rc" "$out"
	fi
}
resolve_err "6.12.1-amd64" "has headers .* but no matching image" "headers without an image: one line"
resolve_err "6.12.3-amd64" "has an image .* but no headers" "an image without headers: one line"
resolve_err "6.12.4-amd64" "is not installed: no headers .* and no image" "neither: one line"
resolve_err "6.12.2-amd64 ../x" "'../x' is not a kernel release" "not a release: one line"
out=$(PMB_BOOT_DIR=$fake_boot PMB_SRC_DIR=$fake_src "$kernels" resolve "all" 2>&1)
if [ "$out" = 6.12.2-amd64 ]; then
	ok "KERNELS=all: only the kernel with headers and an image"
else
	not_ok "KERNELS=all: only the kernel with headers and an image" "$out"
fi

# ---- the kernels to boot ----
if [ -n "${PMB_TEST_KERNELS+set}" ]; then
	others=$PMB_TEST_KERNELS
else
	others=$("$kernels" list | grep -vxF "$configured" | tr '\n' ' ')
fi
first=${others%% *}
first=${first// /}

# ---- a module built for one kernel, booted on another ----
if [ -z "$first" ]; then
	skip "vm-run refuses a module built for another kernel" "no second kernel installed"
else
	out=$("$VM_RUN" -q --kernel "/boot/vmlinuz-$first" --add "$top_build/kmod/pmbench.ko:/pmbench/" -- true 2>&1)
	rc=$?
	if [ "$rc" -eq 125 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	   [[ $out == *"built for kernel $configured, but the VM boots $first"* ]]; then
		ok "vm-run refuses a module built for $configured on $first, in one line"
	else
		not_ok "vm-run refuses a module built for $configured on $first, in one line" "status $rc" "$out"
	fi
fi

# ---- each other kernel: build, then the module and engine tests ----
# run_prefixed RELEASE TEST [SCALE]: TEST's TAP lines as ours, named after
# RELEASE; its timeouts stretched SCALE times more than PMB_TIME_SCALE's.
run_prefixed() {
	local rel=$1 test=$2 scale=${3:-1} line name rc=0
	# No perf-hold (lib.sh): neither test starts `pmbench run`, so no perf
	# counter is opened and no perf static key is patched at all, which
	# 6.12-rt under TCG has oopsed on.
	PMB_VM_KERNEL=/boot/vmlinuz-$rel PMB_KO=$top_build/kmod-build/$rel/pmbench.ko \
		PMB_TIME_SCALE=$((time_scale * scale)) PMB_PERF_HOLD=0 \
		bash "$top_src/tests/vm/$test" > "$tmp/$test.$rel.log" 2>&1 || rc=$?
	while IFS= read -r line; do
		case $line in
		'ok '[0-9]*|'not ok '[0-9]*)
			name=${line#* - }
			case $line in
			ok*'# SKIP'*) skip "$rel: $test: ${name%% # SKIP*}" "${name#*# SKIP }" ;;
			ok*) ok "$rel: $test: $name" ;;
			*) not_ok "$rel: $test: $name" ;;
			esac ;;
		'#'*) echo "$line" ;;
		esac
	done < "$tmp/$test.$rel.log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$tmp/$test.$rel.log"; then
		not_ok "$rel: $test exited with status $rc" "$(tail -5 "$tmp/$test.$rel.log")"
	fi
}
for rel in $others; do
	if out=$(PMB_TOP_SRCDIR=$top_src PMB_TOP_BUILDDIR=$top_build "$top_src/scripts/build-kmod.sh" "$rel" 2>&1); then
		ok "$rel: the module builds from the same sources (kmod-build/$rel)"
	else
		not_ok "$rel: the module builds from the same sources" "$out"
		continue
	fi
	echo "# $rel: $(grep -h 'define PMB_HAVE\|undef PMB_HAVE' "$top_build/kmod-build/$rel/pmb_probe.h" | tr '\n' ' ')"
	run_prefixed "$rel" test-module.sh
	# Each set_memory_ro/rw() costs 6.12 about 3.4 times what it costs 6.1
	# (README, "What changed"), and test-engine.sh's flips are most of its
	# time: on a busy host its 240 s ran out on 6.12 midway.  A timeout only
	# says when to give up; nothing here waits for it.
	run_prefixed "$rel" test-engine.sh 3
done
[ -n "$others" ] || echo "# no other kernel installed (scripts/kernel-matrix; scripts/install-deps.sh installs them)"
echo "1..$n"
[ "$failed" -eq 0 ]
