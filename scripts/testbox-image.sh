#!/bin/bash
# A Debian 12 test box as a disk image, for bench/testbox-style runs in
# QEMU (scripts/testbox-run.sh): a root filesystem built by mmdebstrap from
# the machine's own package archive (/etc/apt/sources.list.d/debian.sources),
# holding every package scripts/install-deps.sh names, Debian's kernel and
# its headers, so the guest is a test box whose running kernel has module
# support.  Built once and cached, keyed by a hash of its package list and
# of this script: a new package in install-deps.sh builds a new image.
#
#   scripts/testbox-image.sh          prints the image's folder (building it
#                                     first when the cache has none)
#
# PMB_TESTBOX_CACHE: where images live (default /var/cache/pmbench-testbox).
# Needs root (mmdebstrap's root mode, mke2fs -d) and mmdebstrap.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${PMB_TESTBOX_CACHE:-/var/cache/pmbench-testbox}
die() { echo "testbox-image: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (mmdebstrap builds the root filesystem as root)"
command -v mmdebstrap > /dev/null || die "mmdebstrap not found: run scripts/install-deps.sh"
command -v mke2fs > /dev/null || die "mke2fs not found: apt-get install e2fsprogs"

# The package list, read from install-deps.sh (one list, one place), and
# what a booted system needs beyond it.
mapfile -t pkgs < <(sed -n '/^packages=(/,/^)/p' "$here/install-deps.sh" |
	sed -e '1d' -e '$d' -e 's/#.*//' | tr -s ' \t' '\n' | grep . | sort -u)
[ ${#pkgs[@]} -gt 5 ] || die "cannot read the package list from $here/install-deps.sh"
pkgs+=(initramfs-tools udev e2fsprogs procps less)
key=$( { printf '%s\n' "${pkgs[@]}" | sort -u; cat "$0"; } | sha256sum | cut -c 1-16)
img=$cache/$key
if [ -f "$img/root.img" ] && [ -f "$img/vmlinuz" ] && [ -f "$img/initrd.img" ]; then
	echo "$img"
	exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
sources=/etc/apt/sources.list.d/debian.sources
[ -r "$sources" ] || sources=/etc/apt/sources.list
echo "testbox-image: building $img (${#pkgs[@]} packages; a few minutes)" >&2
start=$(date +%s)
# The guest's init (pmb-testbox-init) comes from testbox-run.sh's disk, so
# the image does not change when the steps do.
# shellcheck disable=SC2016  # expanded by mmdebstrap's hook shell
mmdebstrap --mode=root --variant=minbase --include="$(IFS=,; echo "${pkgs[*]}")" \
	--customize-hook='echo testbox > "$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 rw,errors=remount-ro 0 1\n" > "$1/etc/fstab"' \
	--customize-hook='chroot "$1" passwd -d root' \
	bookworm "$work/root" - < "$sources" > "$work/mmdebstrap.log" 2>&1 ||
	{ tail -20 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed (log above)"; }
kver=$(cd "$work/root/lib/modules" && ls | sort -V | tail -1)
[ -n "$kver" ] && [ -f "$work/root/boot/vmlinuz-$kver" ] && [ -f "$work/root/boot/initrd.img-$kver" ] ||
	die "the image has no kernel and initramfs in /boot"
mkdir -p "$work/out"
cp "$work/root/boot/vmlinuz-$kver" "$work/out/vmlinuz"
cp "$work/root/boot/initrd.img-$kver" "$work/out/initrd.img"
# Room to build and run pmbench inside: the files plus 3 GiB.
size_mb=$(( $(du -sm "$work/root" | cut -f1) + 3072 ))
mke2fs -q -t ext4 -L testbox -d "$work/root" "$work/out/root.img" "${size_mb}M" ||
	die "mke2fs -d failed"
printf '%s\n' "${pkgs[@]}" > "$work/out/packages"
echo "$kver" > "$work/out/kernel"
rm -rf "$img"
mv "$work/out" "$img"
echo "testbox-image: built in $(( $(date +%s) - start )) s: kernel $kver, ${size_mb} MiB" >&2
echo "$img"
