#!/bin/bash
# Installs every Debian package pmbench needs to build, test and benchmark.
# Idempotent.  As root it installs; otherwise it prints the apt-get line.
set -euo pipefail

packages=(
	# toolchain and Autotools
	build-essential autoconf automake libtool pkg-config git
	# the module: headers to build against, a kernel image for the VM
	linux-headers-amd64 linux-image-amd64 kmod
	# rebuilding the module for every installed kernel (dkms.conf)
	dkms
	# the Debian 12 test-box image (scripts/testbox-image.sh)
	mmdebstrap e2fsprogs
	# the VM runner
	qemu-system-x86 busybox-static cpio gzip
	# measuring
	linux-perf hyperfine
	# libraries: statistics, JSON, unit tests, RCU
	libgsl-dev libjansson-dev libcmocka-dev liburcu-dev
	# reports and scripts
	gnuplot-nox jq
	# libFuzzer for tests/fuzz/test-fuzz-userspace.sh
	clang libclang-rt-14-dev
)
# The other kernels of the matrix (6.12, 6.12-rt): exact images and headers,
# pinned in scripts/kernel-matrix.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
while read -r release image headers; do
	case $release in ''|'#'*) continue ;; esac
	if [ -z "$headers" ]; then
		echo "install-deps: $here/kernel-matrix: line for '$release' needs RELEASE IMAGE-PACKAGE HEADERS-PACKAGE" >&2
		exit 1
	fi
	packages+=("$image" "$headers")
done < "$here/kernel-matrix"

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#packages[@]} packages already installed"
	exit 0
fi
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: not root; run as root:" >&2
	echo "  apt-get update && $line" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"
