#!/bin/bash
# The kernel matrix: which installed kernels pmbench can build for and boot,
# where each one's module is, and one-line errors for a kernel that cannot
# take part.  A kernel takes part when its build tree
# (/usr/src/linux-headers-RELEASE, or /lib/modules/RELEASE/build) and its
# image (/boot/vmlinuz-RELEASE) are both installed.
#
#   scripts/kernels.sh list                  every kernel that can take part,
#                                            oldest first, one release a line
#   scripts/kernels.sh check RELEASE...      each one can take part, or one
#                                            line saying why not (status 1)
#   scripts/kernels.sh build-dir RELEASE     its kernel build tree
#   scripts/kernels.sh image RELEASE         its kernel image
#   scripts/kernels.sh ko RELEASE            its pmbench.ko: kmod/pmbench.ko
#                                            for the kernel ./configure chose
#                                            (PMB_KERNEL_RELEASE), else
#                                            kmod-build/RELEASE/pmbench.ko
#   scripts/kernels.sh resolve [LIST]        LIST (the KERNELS variable: blank
#                                            separated releases, or "all"; empty
#                                            is the configured kernel only),
#                                            checked, one release a line
#
# Environment: PMB_TOP_BUILDDIR (for ko), PMB_KERNEL_RELEASE (the kernel
# ./configure chose), PMB_BOOT_DIR and PMB_SRC_DIR (default /boot and
# /usr/src; the tests point them at fake trees).
set -euo pipefail
boot=${PMB_BOOT_DIR:-/boot}
src=${PMB_SRC_DIR:-/usr/src}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=kernels

die() { echo "$prog: $*" >&2; exit 1; }

# A release string is a file-name part: no slashes, spaces or shell specials.
valid_release() { [[ $1 =~ ^[0-9]+\.[0-9]+[A-Za-z0-9.+_~-]*$ ]]; }

build_dir() {
	local r=$1
	if [ -f "$src/linux-headers-$r/Makefile" ]; then
		echo "$src/linux-headers-$r"
	elif [ -z "${PMB_SRC_DIR:-}" ] && [ -f "/lib/modules/$r/build/Makefile" ]; then
		(cd "/lib/modules/$r/build" && pwd -P)
	else
		return 1
	fi
}

# The packages scripts/kernel-matrix pins for RELEASE, for the hints.
pinned() { # RELEASE FIELD(2 image, 3 headers)
	awk -v r="$1" -v f="$2" '$1 == r { print $f }' "$here/kernel-matrix" 2>/dev/null
}

# why_not RELEASE: empty when the kernel can take part, else the reason.
why_not() {
	local r=$1 hdr img
	if ! valid_release "$r"; then
		echo "'$r' is not a kernel release (like 6.1.0-57-amd64)"
		return
	fi
	hdr=$(build_dir "$r" || true)
	img=$boot/vmlinuz-$r
	if [ -z "$hdr" ] && [ ! -e "$img" ]; then
		if [ -n "$(pinned "$r" 2)" ]; then
			echo "kernel $r is not installed: no headers ($src/linux-headers-$r) and no image ($img); scripts/install-deps.sh installs it"
		else
			echo "kernel $r is not installed: no headers ($src/linux-headers-$r) and no image ($img); installed: $("$0" list | tr '\n' ' ')"
		fi
	elif [ -z "$hdr" ]; then
		echo "kernel $r has an image ($img) but no headers to build the module against: install $(pinned "$r" 3 | grep . || echo "linux-headers-$r")"
	elif [ ! -e "$img" ]; then
		echo "kernel $r has headers ($hdr) but no matching image $img to boot: install $(pinned "$r" 2 | grep . || echo "linux-image-$r")"
	elif [ ! -r "$img" ]; then
		echo "kernel $r: image $img is not readable (run as root)"
	fi
}

version_sort() { sort -V; }

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
list)
	for d in "$src"/linux-headers-*; do
		[ -f "$d/Makefile" ] || continue
		r=${d##*/linux-headers-}
		[ -z "$(why_not "$r")" ] && echo "$r"
	done | version_sort
	;;
check)
	[ $# -gt 0 ] || die "check: no kernel release given"
	status=0
	for r; do
		why=$(why_not "$r")
		if [ -n "$why" ]; then
			echo "$prog: $why" >&2
			status=1
		fi
	done
	exit "$status"
	;;
build-dir|image|ko)
	[ $# -eq 1 ] || die "$cmd: one kernel release, please"
	why=$(why_not "$1")
	[ -z "$why" ] || die "$why"
	case $cmd in
	build-dir) build_dir "$1" ;;
	image) echo "$boot/vmlinuz-$1" ;;
	ko)
		top=${PMB_TOP_BUILDDIR:?ko: PMB_TOP_BUILDDIR not set}
		if [ "$1" = "${PMB_KERNEL_RELEASE:-}" ]; then
			echo "$top/kmod/pmbench.ko"
		else
			echo "$top/kmod-build/$1/pmbench.ko"
		fi
		;;
	esac
	;;
resolve)
	list=${1:-}
	if [ -z "${list// /}" ]; then
		[ -n "${PMB_KERNEL_RELEASE:-}" ] || die "resolve: no KERNELS and no configured kernel (PMB_KERNEL_RELEASE)"
		list=$PMB_KERNEL_RELEASE
	elif [ "$list" = all ]; then
		list=$("$0" list | tr '\n' ' ')
		[ -n "${list// /}" ] || die "KERNELS=all: no installed kernel has both headers and an image"
	fi
	seen=" "
	status=0
	for r in $list; do
		case $seen in *" $r "*) continue ;; esac
		seen+="$r "
		why=$(why_not "$r")
		if [ -n "$why" ]; then
			echo "$prog: KERNELS: $why" >&2
			status=1
		fi
	done
	[ "$status" -eq 0 ] || exit 1
	for r in $seen; do echo "$r"; done
	;;
*)
	die "usage: scripts/kernels.sh list | check RELEASE... | build-dir RELEASE | image RELEASE | ko RELEASE | resolve [LIST]"
	;;
esac
