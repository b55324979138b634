#!/bin/bash
# The README's real-hardware path, run for real: boots the Debian 12
# test-box image (scripts/testbox-image.sh) in QEMU, copies a clean tree of
# the project in (git archive HEAD: committed files only), runs
# scripts/testbox-guest.sh there (install script, ./configure, make,
# make bench TARGET=host, perf stat, the tests that need no VM, make
# dkms-install) and brings its results, report and logs back.
#
#   scripts/testbox-run.sh [--out DIR] [--suite NAME] [--timeout SEC] [--cpus N] [--mem MIB]
#
# The guest's numbers are a host run inside an emulated CPU (QEMU TCG):
# the path is real, the numbers are emulated (README, "The test box").
# Default --out: tests/out/testbox/<UTC time>; --suite quick; --timeout
# 5400 s; 2 CPUs; 4096 MiB.  The console log is DIR/console.txt.  Exit
# status: the guest's steps all 0: 0; a step failed: 1; QEMU or the image
# failed: 2; timeout: 124.
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "testbox-run: $*" >&2; exit 2; }
out=$top/tests/out/testbox/$(date -u +%Y%m%d-%H%M%S) suite=quick timeout=5400 cpus=2 mem=4096
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=${2:?--out DIR}; shift 2 ;;
	--suite) suite=${2:?--suite NAME}; shift 2 ;;
	--timeout) timeout=${2:?--timeout SEC}; shift 2 ;;
	--cpus) cpus=${2:?--cpus N}; shift 2 ;;
	--mem) mem=${2:?--mem MIB}; shift 2 ;;
	*) die "unknown option '$1' (see the comment at the top of $0)" ;;
	esac
done
[[ $suite =~ ^[a-z0-9_-]+$ ]] || die "--suite '$suite': a suite name (bench/suites/NAME.suite)"
[[ $timeout =~ ^[1-9][0-9]*$ && $cpus =~ ^[1-9][0-9]?$ && $mem =~ ^[1-9][0-9]+$ ]] ||
	die "--timeout, --cpus and --mem take whole numbers"
command -v qemu-system-x86_64 > /dev/null || die "qemu-system-x86_64 not found: run scripts/install-deps.sh"
command -v debugfs > /dev/null || die "debugfs not found: apt-get install e2fsprogs"
git -C "$top" rev-parse --verify -q HEAD > /dev/null || die "$top is not a git clone with a commit (the guest gets git archive HEAD)"
img=$(bash "$top/scripts/testbox-image.sh") || die "no image (scripts/testbox-image.sh failed)"
mkdir -p "$out" || die "cannot create $out"
work=$(mktemp -d "${TMPDIR:-/tmp}/testbox.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The guest's PID 1, written into the cached image (it boots with
# snapshot=on, so nothing else there changes).
debugfs -w -R "rm /pmb-testbox-init" "$img/root.img" > /dev/null 2>&1
debugfs -w -R "write $top/scripts/testbox-init.sh /pmb-testbox-init" "$img/root.img" > /dev/null 2>&1 &&
	debugfs -w -R "sif /pmb-testbox-init mode 0100755" "$img/root.img" > /dev/null 2>&1 ||
	die "cannot write the guest's init into $img/root.img"

# Disk 2: the project, a clean tree, with the run's settings.
mkdir -p "$work/src/pmbench"
git -C "$top" archive --format=tar HEAD | tar xf - -C "$work/src/pmbench" || die "git archive failed"
# The guest's steps stop 3 minutes before the timeout, to write results.
printf 'SUITE=%s\nBUDGET_S=%s\n' "$suite" "$(( timeout > 600 ? timeout - 180 : timeout * 2 / 3 ))" > "$work/src/pmbench/testbox.env"
tar cf "$work/src.tar" -C "$work/src" pmbench
# Disk 3: where the guest writes its results, as a tar.
truncate -s 512M "$work/out.tar"

echo "testbox-run: $img (kernel $(cat "$img/kernel")), $(git -C "$top" describe --always --dirty), suite $suite, $cpus CPUs, ${mem} MiB, TCG; console: $out/console.txt" >&2
t0=$(date +%s)
timeout --foreground "$timeout" qemu-system-x86_64 -nographic -no-reboot \
	-machine q35 -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$mem" \
	-kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
	-append "root=/dev/vda rw console=ttyS0 nokaslr init=/pmb-testbox-init panic=-1" \
	-drive "file=$img/root.img,if=virtio,format=raw,snapshot=on" \
	-drive "file=$work/src.tar,if=virtio,format=raw,readonly=on" \
	-drive "file=$work/out.tar,if=virtio,format=raw" \
	-device virtio-rng-pci -monitor none -serial stdio < /dev/null > "$out/console.txt" 2>&1
rc=$?
echo "testbox-run: QEMU exited $rc after $(( $(date +%s) - t0 )) s" >&2
[ $rc -eq 124 ] && { echo "testbox-run: timed out after $timeout s; console: $out/console.txt" >&2; exit 124; }
tar xf "$work/out.tar" -C "$out" 2> /dev/null && [ -f "$out/steps.tsv" ] ||
	{ echo "testbox-run: the guest wrote no results (console: $out/console.txt)" >&2; exit 2; }
cat "$out/steps.tsv" >&2 2> /dev/null
awk -F'\t' 'NR > 1 && $2 != 0 { bad = 1 } END { exit bad }' "$out/steps.tsv" 2> /dev/null || exit 1
echo "testbox-run: every step passed; results in $out" >&2
